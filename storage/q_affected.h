/* storage/q_affected.h - which products an incident affects, in CSAF terms. */
#ifndef HERALD_STORAGE_Q_AFFECTED_H
#define HERALD_STORAGE_Q_AFFECTED_H

#include <stddef.h>

#include "storage/db.h"
#include "storage/records.h"

/* Insert A (incident_id, product_id, cycle_id or 0, version_range, status,
 * justification, ecosystem, package); sets A->id. ST_NOTFOUND when the
 * product does not exist, ST_INVALID when the cycle is not one of the
 * product's. Needs the caller's write transaction. */
enum status q_affected_insert(struct db *db, struct affected *a,
    struct err *err);
/* Load row ID into A (caller clears with affected_clear()). */
enum status q_affected_by_id(struct db *db, long long id, struct affected *a,
    struct err *err);
/* The rows of INCIDENT_ID by id; free with
 * rowlist_free(out, (row_clear_fn)affected_clear). */
enum status q_affected_list_for_incident(struct db *db, long long incident_id,
    struct rowlist *out, struct err *err);
/* The SQL text of q_affected_list_for_incident(), for the query-plan
 * test. */
const struct db_query *q_affected_queries(size_t *n);
/* Delete row ID; ST_NOTFOUND when absent. */
enum status q_affected_delete(struct db *db, long long id, struct err *err);

#endif
