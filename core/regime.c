#include "config.h"

#include "core/regime.h"
