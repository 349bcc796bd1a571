/* storage/q_approval.h - approval decisions, each bound to one revision,
 * who edited each revision, and the lists the approvals policy reads. */
#ifndef HERALD_STORAGE_Q_APPROVAL_H
#define HERALD_STORAGE_Q_APPROVAL_H

#include <stddef.h>

#include "storage/db.h"
#include "storage/records.h"

/* Insert A (communication_id, revision, gate, approver_id, role, decision,
 * comment, content_hash, snapshot, decided_at, canon_version, signer,
 * signature); sets A->id. Needs the caller's write transaction. */
enum status q_approval_insert(struct db *db, struct approval *a,
    struct err *err);
/* Every decision on COMMUNICATION_ID, oldest first (by id); free with
 * rowlist_free(out, (row_clear_fn)approval_clear). */
enum status q_approval_list_for_communication(struct db *db,
    long long communication_id, struct rowlist *out, struct err *err);
/* The decisions on REVISION of COMMUNICATION_ID, by id. */
enum status q_approval_list_for_revision(struct db *db,
    long long communication_id, long long revision, struct rowlist *out,
    struct err *err);
/* The newest "approved" decision on COMMUNICATION_ID of any revision into
 * A; ST_NOTFOUND (ERR untouched) when there is none. */
enum status q_approval_last_approved(struct db *db,
    long long communication_id, struct approval *a, struct err *err);
/* The ids (long long) of every communication in review or approved,
 * whoever may see them: for re-judging their gates after something that
 * moves them without an edit. */
enum status q_approval_awaiting_ids(struct db *db, struct rowlist *out,
    struct err *err);
/* The SQL texts of the two lists above, for the query-plan test. */
const struct db_query *q_approval_queries(size_t *n);

/* Remember that USER_ID edited REVISION of COMMUNICATION_ID (once; again
 * changes nothing). Needs the caller's write transaction, whose audit row
 * names the edit. */
enum status q_approval_editor_add(struct db *db, long long communication_id,
    long long revision, long long user_id, struct err *err);
/* The users who edited REVISION of COMMUNICATION_ID, by id: a rowlist of
 * long long (rowlist_free(out, NULL)). */
enum status q_approval_editors(struct db *db, long long communication_id,
    long long revision, struct rowlist *out, struct err *err);

/* Communications in review the viewer may see (SQL_SEES on their
 * incident; a release cycle's notices always), the most recently updated
 * first: struct communication_row (rowlist_free(out,
 * (row_clear_fn)communication_row_clear)). */
enum status q_approval_in_review(struct db *db, struct rowlist *out,
    struct err *err);
/* When communication ID last went into review (the time of its newest
 * audited move to in-review) into *AT (allocated); ST_NOTFOUND (ERR
 * untouched) when never. */
enum status q_approval_submitted_at(struct db *db, long long id, char **at,
    struct err *err);

/* A draft sent back to its editors by a rejection. */
struct approval_returned {
	long long       comm_id;
	char           *about;          /* the incident's ref, or "slug cycle" */
	char           *title;
	char           *kind;
	char           *approver_name;  /* NULL once erased */
	char           *approver_login;
	struct approval rejection;      /* the newest decision of its revision */
};
void approval_returned_clear(struct approval_returned *r);
/* The drafts USER_ID started or edited in their current revision whose
 * newest decision is a rejection, which the viewer may see, the newest
 * rejection first: struct approval_returned (rowlist_free(out,
 * (row_clear_fn)approval_returned_clear)). */
enum status q_approval_returned(struct db *db, long long user_id,
    struct rowlist *out, struct err *err);

/* Call FN for every approval row, by id, until it returns non-OK (which
 * this returns). For herald audit verify and export. */
typedef enum status (*approval_row_fn)(const struct approval *a, void *ctx);
enum status q_approval_each(struct db *db, approval_row_fn fn, void *ctx,
    struct err *err);

#endif
