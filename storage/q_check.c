/* storage/q_check.c - (to be written) */
#include "config.h"

#include "storage/q_check.h"
