/* core/procedure.c - (to be written). */
#include "config.h"

#include "core/procedure.h"

typedef int procedure_unused;
