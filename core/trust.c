/* core/trust.c - (to be written). */
#include "config.h"

#include "core/trust.h"

typedef int trust_unused;
