/* core/due.c - (to be written) */
#include "config.h"

#include "core/due.h"
