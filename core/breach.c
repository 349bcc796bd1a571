/* core/breach.c - (to be written). */
#include "config.h"

#include "core/breach.h"

typedef int breach_unused;
