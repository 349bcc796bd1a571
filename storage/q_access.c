/* storage/q_access.c - SQL for incident_access. */
#include "config.h"

#include "storage/q_access.h"

#include "storage/db_priv.h"
