/* storage/q_breach.c - (to be written). */
#include "config.h"

#include "storage/q_breach.h"

typedef int q_breach_unused;
