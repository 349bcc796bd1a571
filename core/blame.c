#include "config.h"

#include "core/validate.h"
