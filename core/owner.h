/* core/owner.h - (to be written). */
#ifndef HERALD_CORE_OWNER_H
#define HERALD_CORE_OWNER_H

#endif
