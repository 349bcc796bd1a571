/* core/secret.c - (to be written) */
#include "config.h"

#include "core/secret.h"
