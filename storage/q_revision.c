#include "config.h"

#include "storage/q_revision.h"
