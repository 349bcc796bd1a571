/* storage/q_breach.h - SQL for the register of personal-data breaches
 * (GDPR art. 33(5)): one row per breach, linked to an incident or not. */
#ifndef HERALD_STORAGE_Q_BREACH_H
#define HERALD_STORAGE_Q_BREACH_H

#include "storage/db.h"
#include "storage/records.h"

struct breach {
	long long id;
	long long incident_id;          /* 0 = none */
	char     *incident_ref;         /* the incident's reference, read
	                                 * along; NULL when none */
	char     *title;
	char     *occurred_at;          /* UTC RFC 3339 or NULL */
	char     *discovered_at;        /* UTC RFC 3339 or NULL */
	char     *aware_at;             /* UTC RFC 3339 */
	char     *facts;
	char     *effects;
	char     *remedial_action;
	char     *data_categories;      /* "" when not known */
	char     *people_count;         /* text: "about 1,200" */
	char     *records_count;
	char     *risk;                 /* unassessed, unlikely, risk,
	                                 * high-risk */
	char     *regulator_notified;   /* yes, no, not-required; NULL =
	                                 * not decided yet */
	char     *reason_not_notified;  /* "" when none */
	long long recorded_by;          /* user id, 0 when unknown */
	char     *created_at;
	char     *updated_at;
	long long version;
};
void        breach_clear(struct breach *b);

/* Insert B (every field but id, incident_ref and version); sets B->id and
 * B->version = 1. */
enum status q_breach_insert(struct db *db, struct breach *b, struct err *err);
/* Save B's fields if its version is still B->version, bumping it (B->version
 * is updated); ST_CONFLICT when someone saved first, ST_NOTFOUND when the
 * row is gone. */
enum status q_breach_update(struct db *db, struct breach *b, struct err *err);
/* Load breach ID into B (with the incident's reference); ST_NOTFOUND when
 * absent or linked to an incident the viewer may not see (SQL_SEES). */
enum status q_breach_by_id(struct db *db, long long id, struct breach *b,
    struct err *err);
/* Breaches newest aware_at first (then id, descending), only those not
 * linked to an incident the viewer may not see; after the row AFTER_AT /
 * AFTER_ID when AFTER_AT is not NULL; at most LIMIT rows (0 = all). Free
 * with rowlist_free(out, (row_clear_fn)breach_clear), even on failure. */
enum status q_breach_list(struct db *db, const char *after_at,
    long long after_id, long long limit, struct rowlist *out,
    struct err *err);
/* The newest breach linked to INCIDENT_ID into B; ST_NOTFOUND when none. */
enum status q_breach_for_incident(struct db *db, long long incident_id,
    struct breach *b, struct err *err);

#endif
