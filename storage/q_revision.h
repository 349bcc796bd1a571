/* storage/q_revision.h - a communication's revisions (rounds of
 * publication) and the steps marked done in the current one. */
#ifndef HERALD_STORAGE_Q_REVISION_H
#define HERALD_STORAGE_Q_REVISION_H

#include "storage/db.h"
#include "storage/records.h"

/* Writes expect the caller's open write transaction, which must also
 * append an audit row. */

/* Insert R (communication_id, revision, reason, started_by, started_at). */
enum status q_revision_insert(struct db *db, const struct revision *r,
    struct err *err);
/* The revisions of COMMUNICATION_ID, oldest first. */
enum status q_revision_list(struct db *db, long long communication_id,
    struct rowlist *out, struct err *err);
/* Record that REVISION of COMMUNICATION_ID was published at NOW with
 * SNAPSHOT. */
/* The newest published revision of every communication that has one, by
 * communication id; free with rowlist_free(out,
 * (row_clear_fn)revision_clear). */
enum status q_revision_published_latest(struct db *db, struct rowlist *out,
    struct err *err);
/* The same for the communications of INCIDENT_ID only. */
enum status q_revision_published_latest_for_incident(struct db *db,
    long long incident_id, struct rowlist *out, struct err *err);
/* Record that REVISION of COMMUNICATION_ID was withdrawn at NOW for
 * REASON (a domain write). */
enum status q_revision_withdraw(struct db *db, long long communication_id,
    long long revision, const char *now, const char *reason,
    struct err *err);
enum status q_revision_publish(struct db *db, long long communication_id,
    long long revision, const char *now, const char *snapshot,
    struct err *err);
/*
 * Start the next revision of communication ID if it is still at
 * EXPECTED_VERSION: revision + 1, state draft, version + 1, updated_at
 * NOW. The new revision goes to *REVISION. ST_CONFLICT when someone else
 * changed it first.
 */
enum status q_revision_start_next(struct db *db, long long id,
    long long expected_version, const char *now, long long *revision,
    struct err *err);
/* Record M (communication_id, step, revision, done_by, done_at) unless
 * the step is marked already. */
enum status q_step_mark_insert(struct db *db, const struct step_mark *m,
    struct err *err);
/* The marks of COMMUNICATION_ID, by step. */
enum status q_step_mark_list(struct db *db, long long communication_id,
    struct rowlist *out, struct err *err);
/* Take the mark off STEP (NULL: every step) of COMMUNICATION_ID; *N (may
 * be NULL) gets how many were taken. */
enum status q_step_mark_delete(struct db *db, long long communication_id,
    const char *step, long long *n, struct err *err);

#endif
