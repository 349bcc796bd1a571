#include "config.h"

#include "storage/q_playbook.h"
