/* storage/q_communication.h - communications and their per-field answers. */
#ifndef HERALD_STORAGE_Q_COMMUNICATION_H
#define HERALD_STORAGE_Q_COMMUNICATION_H

#include <stdbool.h>
#include <stddef.h>

#include "storage/db.h"
#include "storage/records.h"

/*
 * Rows come back filled into caller-owned structs: clear one with
 * communication_clear() / answer_clear(), a list with
 * rowlist_free(out, (row_clear_fn)communication_clear) and so on. Writes
 * expect the caller's open write transaction, which must also append an
 * audit row.
 */

/* Insert C (incident_id or cycle_id, kind, audience, title, playbook,
 * playbook_version, playbook_hash, variant (NULL = ""), created_by,
 * created_at); sets C->id,
 * and state "draft", revision 1 and version 1 in the database. */
enum status q_communication_insert(struct db *db, struct communication *c,
    struct err *err);
/* Load communication ID into C; ST_NOTFOUND when absent. */
enum status q_communication_by_id(struct db *db, long long id,
    struct communication *c, struct err *err);
/* The communications about INCIDENT_ID, oldest first (by id). */
enum status q_communication_list_for_incident(struct db *db,
    long long incident_id, struct rowlist *out, struct err *err);
/* The communications about release cycle CYCLE_ID (its end-of-life
 * notices), oldest first (by id). */
enum status q_communication_list_for_cycle(struct db *db, long long cycle_id,
    struct rowlist *out, struct err *err);
/* Communications in STATE (NULL = any), by id; LIMIT 0 = all. */
enum status q_communication_list_by_state(struct db *db, const char *state,
    long long limit, long long offset, struct rowlist *out, struct err *err);
/*
 * One page of communications in STATE (NULL = any), most recently updated
 * first (then by id), each with its incident's ref or its cycle's label:
 * the LIMIT rows after AFTER (its updated_at and id; NULL = from the
 * start), or with IS_BACKWARD those before it (NULL: the last page), still
 * in display order. Fills struct communication_row.
 */
enum status q_communication_page(struct db *db, const char *state,
    const struct communication *after, bool is_backward, int limit,
    struct rowlist *out, struct err *err);
/* How many communications are in STATE (not NULL), along its index. */
enum status q_communication_count(struct db *db, const char *state,
    long long *n, struct err *err);
/* Every SQL text of q_communication_page(), _count(),
 * _list_for_incident() and _list_for_cycle(), for the query-plan test. */
const struct db_query *q_communication_queries(size_t *n);
/* Move ID to STATE if its version is still EXPECTED_VERSION; bumps the
 * version and updated_at (NOW), and sets published_at to NOW when STATE is
 * "published" the first time. ST_CONFLICT when someone else changed it first. */
enum status q_communication_set_state(struct db *db, long long id,
    long long expected_version, const char *state, const char *now,
    struct err *err);
/* Its content changed: bumps the version of ID and sets updated_at to
 * NOW. */
enum status q_communication_touch(struct db *db, long long id,
    const char *now, struct err *err);

/* Load the answer to FIELD of COMMUNICATION_ID; ST_NOTFOUND when unset. */
/* Set the title of communication ID (a domain write; the caller's
 * transaction appends the audit row). */
enum status q_communication_set_title(struct db *db, long long id,
    const char *title, struct err *err);
enum status q_answer_get(struct db *db, long long communication_id,
    const char *field, struct answer *a, struct err *err);
/* Every answer of COMMUNICATION_ID, ordered by field. */
enum status q_answer_list(struct db *db, long long communication_id,
    struct rowlist *out, struct err *err);
/* Insert A (communication_id, field, value, edited_by, edited_at) at
 * version 1; sets A->id and A->version. ST_CONFLICT when the field was
 * answered already (someone else got there first). */
enum status q_answer_insert(struct db *db, struct answer *a, struct err *err);
/* Save A->value, edited_by and edited_at if the stored version of A's
 * field is still EXPECTED_VERSION; bumps it into A->version. ST_CONFLICT,
 * naming the field, when someone else saved it first. */
enum status q_answer_update(struct db *db, struct answer *a,
    long long expected_version, struct err *err);

#endif
