/* storage/q_preapproval.h - templates and playbooks approved in advance. */
#ifndef HERALD_STORAGE_Q_PREAPPROVAL_H
#define HERALD_STORAGE_Q_PREAPPROVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "storage/db.h"
#include "storage/records.h"

/* One row of preapprovals (schema step 12). Cleared by
 * preapproval_clear() (core/preapproval.h). */
struct preapproval {
	long long id;
	char     *kind;          /* template, playbook */
	char     *name;
	char     *version;
	char     *hash;          /* SHA-256 of the text approved */
	char     *role;          /* approver:legal, approver:pr */
	long long approver_id;
	char     *comment;
	char     *decided_at;
	char     *revoked_at;    /* NULL while in force */
	long long revoked_by;
	char     *signer;
	char     *signature;
	char     *approver_login; /* read with the row; not stored in it */
};

/* Insert P (kind, name, version, hash, role, approver_id, comment,
 * decided_at, signer, signature); sets P->id. Needs the caller's write
 * transaction. */
enum status q_preapproval_insert(struct db *db, struct preapproval *p,
    struct err *err);
/* Load pre-approval ID into P; ST_NOTFOUND "no pre-approval ID". */
enum status q_preapproval_get(struct db *db, long long id,
    struct preapproval *p, struct err *err);
/* Mark pre-approval ID revoked at AT by BY unless it is revoked already;
 * *CHANGED says whether it was. Needs the caller's write transaction. */
enum status q_preapproval_revoke(struct db *db, long long id, long long by,
    const char *at, bool *changed, struct err *err);
/* Every pre-approval, newest first. Free with
 * rowlist_free(out, (row_clear_fn)preapproval_clear). */
enum status q_preapproval_list(struct db *db, struct rowlist *out,
    struct err *err);
/*
 * The pre-approvals of the KIND text with HASH made in ROLE that are in
 * force: not revoked, by a user who is not erased and still holds ROLE.
 * Oldest first. Free as above.
 */
enum status q_preapproval_in_force(struct db *db, const char *kind,
    const char *hash, const char *role, struct rowlist *out,
    struct err *err);
/* The SQL texts of the queries above that read many rows, for the
 * query-plan test. */
const struct db_query *q_preapproval_queries(size_t *n);

#endif
