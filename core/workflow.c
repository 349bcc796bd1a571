#include "config.h"

#include "core/workflow.h"
