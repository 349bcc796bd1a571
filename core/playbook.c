#include "config.h"

#include "core/playbook.h"
