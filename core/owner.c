/* core/owner.c - (to be written). */
#include "config.h"

#include "core/owner.h"

typedef int owner_unused;
