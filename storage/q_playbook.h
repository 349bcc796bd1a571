/* storage/q_playbook.h - playbooks as communications started with them,
 * kept whole by hash, and the answers their communications share. */
#ifndef HERALD_STORAGE_Q_PLAYBOOK_H
#define HERALD_STORAGE_Q_PLAYBOOK_H

#include <stdbool.h>

#include "storage/db.h"
#include "storage/records.h"

/* Store P (name, version, hash, body, source, imported_at) unless a
 * playbook with its hash is stored already; *IS_NEW (may be NULL) says
 * which. Needs the caller's write transaction. */
enum status q_playbook_store(struct db *db, const struct playbook_row *p,
    bool *is_new, struct err *err);
/* Load the playbook whose text has HASH into P (caller clears with
 * playbook_row_clear()); ST_NOTFOUND when none. */
enum status q_playbook_by_hash(struct db *db, const char *hash,
    struct playbook_row *p, struct err *err);
/* The newest playbook stored named NAME, at VERSION (NULL: any), into P
 * (caller clears with playbook_row_clear()); ST_NOTFOUND, with no
 * message, when none. */
enum status q_playbook_newest(struct db *db, const char *name,
    const char *version, struct playbook_row *p, struct err *err);
/*
 * The newest answer to FIELD in a communication other than EXCEPT_ID of
 * INCIDENT_ID started from a playbook named PLAYBOOK, into A (caller clears with answer_clear());
 * empty answers do not count. ST_NOTFOUND when none.
 */
enum status q_playbook_sibling_answer(struct db *db, long long incident_id,
    const char *playbook, const char *field,
    long long except_id, struct answer *a, struct err *err);

#endif
