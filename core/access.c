/* core/access.c - need to know on incidents under embargo. */
#include "config.h"

#include "core/access.h"
