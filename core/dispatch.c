/* core/dispatch.c - (to be written) */
#include "config.h"

#include "core/dispatch.h"
