/* storage/q_approval.h - approval decisions, each bound to one revision. */
#ifndef HERALD_STORAGE_Q_APPROVAL_H
#define HERALD_STORAGE_Q_APPROVAL_H

#include <stddef.h>

#include "storage/db.h"
#include "storage/records.h"

/* Insert A (communication_id, revision, gate, approver_id, role, decision,
 * comment, content_hash, snapshot, decided_at); sets A->id. Needs the
 * caller's write transaction. */
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
/* The SQL texts of the two lists above, for the query-plan test. */
const struct db_query *q_approval_queries(size_t *n);

#endif
