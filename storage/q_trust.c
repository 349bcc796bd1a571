/* storage/q_trust.c - (to be written). */
#include "config.h"

#include "storage/q_trust.h"

typedef int q_trust_unused;
