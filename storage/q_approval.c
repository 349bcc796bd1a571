/* storage/q_approval.c - SQL for approval decisions. */
#include "config.h"

#include "storage/q_approval.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"
#include "storage/q_communication.h"

/* The columns fill_at() reads, each prefixed with T ("" or "a."). */
#define APPROVAL_COLS_OF(t) t "id, " t "communication_id, " t "revision, " \
	t "gate, " t "approver_id, " t "role, " t "decision, " t "comment, " \
	t "content_hash, " t "snapshot, " t "decided_at, " t "canon_version, " \
	t "signer, " t "signature"
#define APPROVAL_COLS APPROVAL_COLS_OF("")

/* An approval from column AT on. */
static void
fill_at(sqlite3_stmt *s, int at, struct approval *a)
{
	a->id = sqlite3_column_int64(s, at + 0);
	a->communication_id = sqlite3_column_int64(s, at + 1);
	a->revision = sqlite3_column_int64(s, at + 2);
	a->gate = db_col_text(s, at + 3);
	a->approver_id = sqlite3_column_int64(s, at + 4);
	a->role = db_col_text(s, at + 5);
	a->decision = db_col_text(s, at + 6);
	a->comment = db_col_text(s, at + 7);
	a->content_hash = db_col_text(s, at + 8);
	a->snapshot = db_col_text(s, at + 9);
	a->decided_at = db_col_text(s, at + 10);
	a->canon_version = sqlite3_column_int64(s, at + 11);
	a->signer = db_col_text(s, at + 12);
	a->signature = db_col_text(s, at + 13);
}

static void
fill(sqlite3_stmt *s, void *row)
{
	fill_at(s, 0, row);
}

enum status
q_approval_insert(struct db *db, struct approval *a, struct err *err)
{
	static const char sql[] = "INSERT INTO approvals (communication_id,"
	    " revision, gate, approver_id, role, decision, comment, content_hash,"
	    " snapshot, decided_at, canon_version, signer, signature)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, a->communication_id);
	sqlite3_bind_int64(s, 2, a->revision);
	db_bind_text(s, 3, a->gate);
	sqlite3_bind_int64(s, 4, a->approver_id);
	db_bind_text(s, 5, a->role);
	db_bind_text(s, 6, a->decision);
	db_bind_text(s, 7, a->comment != NULL ? a->comment : "");
	db_bind_text(s, 8, a->content_hash);
	db_bind_text(s, 9, a->snapshot);
	db_bind_text(s, 10, a->decided_at);
	sqlite3_bind_int64(s, 11, a->canon_version > 0 ? a->canon_version : 1);
	db_bind_text(s, 12, a->signer);
	db_bind_text(s, 13, a->signature);
	st = db_step_write(db, s, &a->id, "record approval", err);
	if (db_failed_fk(db))
		st = err_set(err, ST_NOTFOUND, "no communication with id %lld "
		    "(or no user with id %lld)", a->communication_id,
		    a->approver_id);
	return st;
}

/* Run SQL with ?1 = COMM and ?2 = REVISION (-1 = any) and collect rows. */
static enum status
list(struct db *db, const char *sql, long long comm, long long revision,
    struct rowlist *out, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct approval));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, comm);
	sqlite3_bind_int64(s, 2, revision);
	return db_step_list(db, s, fill, out, "list approvals", err);
}

/*
 * The lists, for the query-plan test too. Each reads one communication's
 * rows along an index that holds them in id order, so nothing is sorted:
 * approvals_communication (communication_id, id) for all revisions (schema
 * step 8), approvals_comm (communication_id, revision), then the rowid,
 * for one.
 */
enum { AP_FOR_COMMUNICATION, AP_FOR_REVISION, AP_N };

static const struct db_query queries[AP_N] = {
	/* ?2 is the "any revision" -1 that list() binds. */
	[AP_FOR_COMMUNICATION] = { "approvals of a communication",
	    "SELECT " APPROVAL_COLS " FROM approvals"
	    " WHERE communication_id = ?1 AND ?2 < 0 ORDER BY id" },
	[AP_FOR_REVISION] = { "approvals of a revision",
	    "SELECT " APPROVAL_COLS " FROM approvals"
	    " WHERE communication_id = ?1 AND revision = ?2 ORDER BY id" },
};

const struct db_query *
q_approval_queries(size_t *n)
{
	*n = AP_N;
	return queries;
}

enum status
q_approval_list_for_communication(struct db *db, long long communication_id,
    struct rowlist *out, struct err *err)
{
	return list(db, queries[AP_FOR_COMMUNICATION].sql, communication_id, -1,
	    out, err);
}

enum status
q_approval_list_for_revision(struct db *db, long long communication_id,
    long long revision, struct rowlist *out, struct err *err)
{
	return list(db, queries[AP_FOR_REVISION].sql, communication_id,
	    revision, out, err);
}

enum status
q_approval_last_approved(struct db *db, long long communication_id,
    struct approval *a, struct err *err)
{
	/* Backwards along approvals_communication (communication_id, id). */
	static const char sql[] = "SELECT " APPROVAL_COLS " FROM approvals"
	    " WHERE communication_id = ? AND decision = 'approved'"
	    " ORDER BY id DESC LIMIT 1";

	return db_load_by_id(db, sql, communication_id, fill, a,
	    "read the last approval", err, NULL);
}

/* ---- who edited a revision ---- */

enum status
q_approval_editor_add(struct db *db, long long communication_id,
    long long revision, long long user_id, struct err *err)
{
	static const char sql[] = "INSERT OR IGNORE INTO approval_editors"
	    " (communication_id, revision, user_id) VALUES (?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	sqlite3_bind_int64(s, 2, revision);
	sqlite3_bind_int64(s, 3, user_id);
	st = db_step_changes(db, s, NULL, "remember an editor", err);
	if (db_failed_fk(db))
		st = err_set(err, ST_NOTFOUND, "no communication with id %lld "
		    "(or no user with id %lld)", communication_id, user_id);
	return st;
}

enum status
q_approval_editors(struct db *db, long long communication_id,
    long long revision, struct rowlist *out, struct err *err)
{
	/* Along the primary key (communication_id, revision, user_id). */
	static const char sql[] = "SELECT user_id FROM approval_editors"
	    " WHERE communication_id = ? AND revision = ? ORDER BY user_id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(long long));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	sqlite3_bind_int64(s, 2, revision);
	return db_step_list(db, s, db_fill_int64, out, "list editors", err);
}

/* ---- what waits ---- */

enum status
q_approval_in_review(struct db *db, struct rowlist *out, struct err *err)
{
	/* The communications' own page, all of it in one: along
	 * communications_state_updated, the few in review. */
	return q_communication_page(db, "in-review", NULL, false, INT_MAX, out,
	    err);
}

/* What a communication is about: its incident's ref, or its release
 * cycle as "slug cycle"; C, I, CY and P are the aliases. */
#define ABOUT_SQL "COALESCE(i.ref, p.slug || ' ' || cy.cycle)"
#define ABOUT_JOINS \
	" LEFT JOIN incidents i ON i.id = c.incident_id" \
	" LEFT JOIN cycles cy ON cy.id = c.cycle_id" \
	" LEFT JOIN products p ON p.id = cy.product_id"
/* Need to know: a communication about an incident shows only when its
 * incident does; a release cycle's notice has no incident to hide. */
#define SEES_SQL "(c.incident_id IS NULL OR" SQL_SEES("i") ")"

static void
fill_text(sqlite3_stmt *s, void *row)
{
	*(char **)row = db_col_text(s, 0);
}

enum status
q_approval_submitted_at(struct db *db, long long id, char **at,
    struct err *err)
{
	/* Backwards along audit_subject (subject, seq): the communication's
	 * own rows only. */
	static const char sql[] = "SELECT at FROM audit"
	    " WHERE subject = 'communication:' || ?"
	    " AND action = 'communication.state'"
	    " AND detail LIKE '%\"to\":\"in-review\"%'"
	    " ORDER BY seq DESC LIMIT 1";

	*at = NULL;
	return db_load_by_id(db, sql, id, fill_text, at,
	    "read when it went into review", err, NULL);
}

static void
fill_id(sqlite3_stmt *s, void *row)
{
	*(long long *)row = sqlite3_column_int64(s, 0);
}

enum status
q_approval_awaiting_ids(struct db *db, struct rowlist *out, struct err *err)
{
	/* Not filtered for the viewer: nothing of it is shown, and what
	 * someone changes (a template, a role, a pre-approval) moves
	 * communications they may not see too. Along communications_state. */
	static const char sql[] = "SELECT id FROM communications"
	    " WHERE state IN ('in-review', 'approved') ORDER BY state, id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(long long));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill_id, out,
	    "list the communications awaiting approval", err);
}

void
approval_returned_clear(struct approval_returned *r)
{
	if (r == NULL)
		return;
	free(r->about);
	free(r->title);
	free(r->kind);
	free(r->approver_name);
	free(r->approver_login);
	approval_clear(&r->rejection);
	memset(r, 0, sizeof *r);
}

static void
fill_returned(sqlite3_stmt *s, void *row)
{
	struct approval_returned *r = row;

	r->comm_id = sqlite3_column_int64(s, 0);
	r->about = db_col_text(s, 1);
	r->title = db_col_text(s, 2);
	r->kind = db_col_text(s, 3);
	r->approver_name = db_col_text(s, 4);
	r->approver_login = db_col_text(s, 5);
	fill_at(s, 6, &r->rejection);
}

enum status
q_approval_returned(struct db *db, long long user_id, struct rowlist *out,
    struct err *err)
{
	/*
	 * Along communications_state (state, id) over the drafts, each
	 * with its revision's newest decision by approvals_comm
	 * (communication_id, revision). Sorting what is left is sorting a
	 * person's returned drafts: a handful.
	 */
	static const char sql[] = "SELECT c.id, " ABOUT_SQL ", c.title,"
	    " c.kind, u.name, u.login, " APPROVAL_COLS_OF("a.")
	    " FROM communications c"
	    " JOIN approvals a ON a.id = (SELECT max(x.id) FROM approvals x"
	    "  WHERE x.communication_id = c.id AND x.revision = c.revision)"
	    ABOUT_JOINS
	    " LEFT JOIN users u ON u.id = a.approver_id"
	    " WHERE c.state = 'draft' AND a.decision = 'rejected'"
	    " AND (c.created_by = ?1 OR EXISTS (SELECT 1 FROM approval_editors e"
	    "  WHERE e.communication_id = c.id AND e.revision = c.revision"
	    "  AND e.user_id = ?1))"
	    " AND " SEES_SQL
	    " ORDER BY a.id DESC";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct approval_returned));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, user_id);
	return db_step_list(db, s, fill_returned, out,
	    "list returned drafts", err);
}

enum status
q_approval_each(struct db *db, approval_row_fn fn, void *ctx,
    struct err *err)
{
	static const char sql[] = "SELECT " APPROVAL_COLS " FROM approvals"
	    " ORDER BY id";
	struct approval a = { 0 };
	sqlite3_stmt *s;
	enum status st;
	int rc;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fill(s, &a);
		st = fn(&a, ctx);
		approval_clear(&a);
		if (st != ST_OK)
			break;
	}
	if (st == ST_OK && rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "approvals walk");
	db_stmt_done(s);
	return st;
}
