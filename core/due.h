/* core/due.h - what herald check finds due and does about it. (to be written) */
#ifndef HERALD_CORE_DUE_H
#define HERALD_CORE_DUE_H

#include "core/session.h"

#endif
