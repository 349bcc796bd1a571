/* storage/q_incident.h - incidents, their IDs and who may see them. */
#ifndef HERALD_STORAGE_Q_INCIDENT_H
#define HERALD_STORAGE_Q_INCIDENT_H

#include "storage/db.h"
#include "storage/records.h"

/* Take the next number for PREFIX in YEAR inside the caller's write
 * transaction; numbers start at 1 and are never reused. */
enum status q_incident_next_number(struct db *db, const char *prefix, int year,
    long long *number, struct err *err);
/* Insert I (ref, title, ..., created_at); sets I->id. */
enum status q_incident_insert(struct db *db, struct incident *i,
    struct err *err);
enum status q_incident_by_id(struct db *db, long long id, struct incident *i,
    struct err *err);
enum status q_incident_by_ref(struct db *db, const char *ref,
    struct incident *i, struct err *err);

struct incident_filter {
	const char *state;       /* NULL = any */
	const char *trigger_kind;
	const char *severity;
	int         drills;      /* -1 = any, 0 = real only, 1 = drills only */
	long long   limit;       /* 0 = all */
	long long   offset;
};

/* Incidents matching F, most recently updated first (then by id). */
enum status q_incident_list(struct db *db, const struct incident_filter *f,
    struct rowlist *out, struct err *err);
/* How many incidents match F (NULL = all); limit and offset are ignored. */
enum status q_incident_count(struct db *db, const struct incident_filter *f,
    long long *n, struct err *err);
/* Save I's editable fields if its version is still I->version; bumps it.
 * ST_CONFLICT when someone else saved first. */
enum status q_incident_update(struct db *db, struct incident *i,
    struct err *err);
/* Let USER_ID see the incident while it is embargoed. */
enum status q_incident_allow(struct db *db, long long incident_id,
    long long user_id, struct err *err);

#endif
