/* storage/q_preapproval.h - templates and playbooks approved in advance. */
#ifndef HERALD_STORAGE_Q_PREAPPROVAL_H
#define HERALD_STORAGE_Q_PREAPPROVAL_H

#include "storage/db.h"
#include "storage/records.h"

#endif
