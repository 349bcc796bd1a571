/* storage/q_access.h - who is named on an incident (incident_access). */
#ifndef HERALD_STORAGE_Q_ACCESS_H
#define HERALD_STORAGE_Q_ACCESS_H

#include <stdbool.h>

#include "storage/db.h"
#include "storage/records.h"

/* Whether USER_ID is named on INCIDENT_ID, into *IS_NAMED. */
enum status q_access_is_named(struct db *db, long long incident_id,
    long long user_id, bool *is_named, struct err *err);
/* Whether the viewer (db_set_viewer()) sees INCIDENT_ID, as the lists
 * do (SQL_SEES), into *SEES; false when there is no such incident. */
enum status q_access_sees(struct db *db, long long incident_id, bool *sees,
    struct err *err);
/* Name USER_ID on INCIDENT_ID inside the caller's write transaction;
 * *ADDED (unless NULL) says whether the row is new (false: named before). */
enum status q_access_add(struct db *db, long long incident_id,
    long long user_id, bool *added, struct err *err);
/* Take USER_ID off INCIDENT_ID; ST_NOTFOUND (message left to the caller)
 * when USER_ID was not named. */
enum status q_access_remove(struct db *db, long long incident_id,
    long long user_id, struct err *err);
/* The users named on INCIDENT_ID, by login: id, login and name only
 * (roles are not read). Free with rowlist_free(out,
 * (row_clear_fn)user_clear). */
enum status q_access_list(struct db *db, long long incident_id,
    struct rowlist *out, struct err *err);

#endif
