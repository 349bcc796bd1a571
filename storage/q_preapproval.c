/* storage/q_preapproval.c - SQL for pre-approvals. */
#include "config.h"

#include "storage/q_preapproval.h"

#include "storage/db_priv.h"

#define PREAPPROVAL_COLS "p.id, p.kind, p.name, p.version, p.hash, p.role," \
	" p.approver_id, p.comment, p.decided_at, p.revoked_at, p.revoked_by," \
	" p.signer, p.signature, u.login"

static void
fill(sqlite3_stmt *s, void *row)
{
	struct preapproval *p = row;

	p->id = sqlite3_column_int64(s, 0);
	p->kind = db_col_text(s, 1);
	p->name = db_col_text(s, 2);
	p->version = db_col_text(s, 3);
	p->hash = db_col_text(s, 4);
	p->role = db_col_text(s, 5);
	p->approver_id = sqlite3_column_int64(s, 6);
	p->comment = db_col_text(s, 7);
	p->decided_at = db_col_text(s, 8);
	p->revoked_at = db_col_text(s, 9);
	p->revoked_by = sqlite3_column_int64(s, 10);
	p->signer = db_col_text(s, 11);
	p->signature = db_col_text(s, 12);
	p->approver_login = db_col_text(s, 13);
}

enum status
q_preapproval_insert(struct db *db, struct preapproval *p, struct err *err)
{
	static const char sql[] = "INSERT INTO preapprovals (kind, name,"
	    " version, hash, role, approver_id, comment, decided_at, signer,"
	    " signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, p->kind);
	db_bind_text(s, 2, p->name);
	db_bind_text(s, 3, p->version);
	db_bind_text(s, 4, p->hash);
	db_bind_text(s, 5, p->role);
	sqlite3_bind_int64(s, 6, p->approver_id);
	db_bind_text(s, 7, p->comment != NULL ? p->comment : "");
	db_bind_text(s, 8, p->decided_at);
	db_bind_text(s, 9, p->signer);
	db_bind_text(s, 10, p->signature);
	st = db_step_write(db, s, &p->id, "record pre-approval", err);
	if (db_failed_fk(db))
		st = err_set(err, ST_NOTFOUND, "no user with id %lld",
		    p->approver_id);
	return st;
}

enum status
q_preapproval_get(struct db *db, long long id, struct preapproval *p,
    struct err *err)
{
	static const char sql[] = "SELECT " PREAPPROVAL_COLS
	    " FROM preapprovals p LEFT JOIN users u ON u.id = p.approver_id"
	    " WHERE p.id = ?";

	return db_load_by_id(db, sql, id, fill, p, "load pre-approval", err,
	    "no pre-approval %lld", id);
}

enum status
q_preapproval_revoke(struct db *db, long long id, long long by,
    const char *at, bool *changed, struct err *err)
{
	static const char sql[] = "UPDATE preapprovals SET revoked_at = ?,"
	    " revoked_by = ? WHERE id = ? AND revoked_at IS NULL";
	sqlite3_stmt *s;
	long long n = 0;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, at);
	sqlite3_bind_int64(s, 2, by);
	sqlite3_bind_int64(s, 3, id);
	st = db_step_changes(db, s, &n, "revoke pre-approval", err);
	*changed = st == ST_OK && n > 0;
	return st;
}

/*
 * The lists, for the query-plan test too. Every pre-approval newest
 * first walks the rowid backwards; those in force for one text and role
 * seek preapprovals_hash (kind, hash) and check each row's approver by
 * the users and user_roles primary keys.
 */
enum { PA_ALL, PA_IN_FORCE, PA_N };

static const struct db_query queries[PA_N] = {
	[PA_ALL] = { "every pre-approval",
	    "SELECT " PREAPPROVAL_COLS
	    " FROM preapprovals p LEFT JOIN users u ON u.id = p.approver_id"
	    " ORDER BY p.id DESC" },
	[PA_IN_FORCE] = { "pre-approvals in force of one text",
	    "SELECT " PREAPPROVAL_COLS
	    " FROM preapprovals p JOIN users u ON u.id = p.approver_id"
	    " WHERE p.kind = ?1 AND p.hash = ?2 AND p.role = ?3"
	    " AND p.revoked_at IS NULL AND u.erased_at IS NULL"
	    " AND EXISTS (SELECT 1 FROM user_roles r"
	    "  WHERE r.user_id = p.approver_id AND r.role = p.role)"
	    " ORDER BY p.id" },
};

const struct db_query *
q_preapproval_queries(size_t *n)
{
	*n = PA_N;
	return queries;
}

enum status
q_preapproval_list(struct db *db, struct rowlist *out, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct preapproval));
	if ((st = db_stmt(db, queries[PA_ALL].sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill, out, "list pre-approvals", err);
}

enum status
q_preapproval_in_force(struct db *db, const char *kind, const char *hash,
    const char *role, struct rowlist *out, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct preapproval));
	if ((st = db_stmt(db, queries[PA_IN_FORCE].sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, kind);
	db_bind_text(s, 2, hash);
	db_bind_text(s, 3, role);
	return db_step_list(db, s, fill, out, "read pre-approvals", err);
}
