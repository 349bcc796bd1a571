#include "config.h"

#include "storage/q_deadline.h"
