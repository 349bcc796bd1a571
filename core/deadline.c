#include "config.h"

#include "core/deadline.h"
