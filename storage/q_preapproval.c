/* storage/q_preapproval.c - SQL for pre-approvals. */
#include "config.h"

#include "storage/q_preapproval.h"

#include "storage/db_priv.h"
