/* core/publisher.c - (to be written) */
#include "config.h"

#include "core/publisher.h"
