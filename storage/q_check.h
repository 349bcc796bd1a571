/* storage/q_check.h - what herald check did once (check_actions), and what
 * it reads to find the work that falls due. */
#ifndef HERALD_STORAGE_Q_CHECK_H
#define HERALD_STORAGE_Q_CHECK_H

#include <stdbool.h>

#include "storage/db.h"
#include "storage/records.h"

/*
 * A thing herald check did once: KIND ("eol-notice", "eol-alert") about
 * SUBJECT ("cycle:5:2027-06-01"), when, and a JSON object DETAIL naming
 * rows by id only. The pair (kind, subject) is the row's key, so doing a
 * thing twice fails at the insert: that is the "once".
 */
struct check_action {
	char *kind;
	char *subject;
	char *done_at;
	char *detail;                    /* JSON object */
};
/* Free the strings A owns and zero it; NULL is allowed. */
void        check_action_clear(struct check_action *a);

/* Load KIND/SUBJECT into A (caller clears it); ST_NOTFOUND, ERR
 * untouched, when it was never done. */
enum status q_check_action_get(struct db *db, const char *kind,
    const char *subject, struct check_action *a, struct err *err);
/* Record A (kind, subject, done_at, detail NULL for {}), a domain write
 * in the caller's transaction; ST_EXISTS when it was done already. */
enum status q_check_action_insert(struct db *db,
    const struct check_action *a, struct err *err);

/* Whether an outbox row with idempotency key KEY exists, in any state. */
enum status q_check_outbox_has_key(struct db *db, const char *key,
    bool *exists, struct err *err);
/* A message that failed for good, with its channel. */
struct check_failure {
	long long id;                    /* the outbox row */
	long long channel_id;
	char     *channel_name;
	char     *channel_kind;
	long long communication_id;      /* 0 for none */
	char     *communication_title;   /* NULL when none, or when the
	                                  * viewer may not see its incident */
	char     *purpose;
	int       attempts;
	char     *last_error;
	char     *failed_at;             /* updated_at, else created_at */
};
void        check_failure_clear(struct check_failure *f);
/* Every outbox row in state failed, by id. Free with
 * rowlist_free(out, (row_clear_fn)check_failure_clear), even on failure. */
enum status q_check_failures(struct db *db, struct rowlist *out,
    struct err *err);

#endif
