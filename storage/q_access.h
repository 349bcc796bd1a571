/* storage/q_access.h - who is named on an incident (incident_access). */
#ifndef HERALD_STORAGE_Q_ACCESS_H
#define HERALD_STORAGE_Q_ACCESS_H

#include "storage/db.h"
#include "storage/records.h"

#endif
