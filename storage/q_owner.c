/* storage/q_owner.c - (to be written). */
#include "config.h"

#include "storage/q_owner.h"

typedef int q_owner_unused;
