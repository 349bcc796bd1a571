/* core/access.h - need to know: who is named on an incident under
 * embargo, setting and lifting the embargo, and auditing each access. */
#ifndef HERALD_CORE_ACCESS_H
#define HERALD_CORE_ACCESS_H

#include "core/session.h"

#endif
