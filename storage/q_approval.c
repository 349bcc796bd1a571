/* storage/q_approval.c - SQL for approval decisions. */
#include "config.h"

#include "storage/q_approval.h"

#include "storage/db_priv.h"

#define APPROVAL_COLS "id, communication_id, revision, gate, approver_id," \
	" role, decision, comment, content_hash, snapshot, decided_at," \
	" canon_version, signer, signature"

static void
fill(sqlite3_stmt *s, void *row)
{
	struct approval *a = row;

	a->id = sqlite3_column_int64(s, 0);
	a->communication_id = sqlite3_column_int64(s, 1);
	a->revision = sqlite3_column_int64(s, 2);
	a->gate = db_col_text(s, 3);
	a->approver_id = sqlite3_column_int64(s, 4);
	a->role = db_col_text(s, 5);
	a->decision = db_col_text(s, 6);
	a->comment = db_col_text(s, 7);
	a->content_hash = db_col_text(s, 8);
	a->snapshot = db_col_text(s, 9);
	a->decided_at = db_col_text(s, 10);
	a->canon_version = sqlite3_column_int64(s, 11);
	a->signer = db_col_text(s, 12);
	a->signature = db_col_text(s, 13);
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
