/* storage/q_revision.c - SQL for revisions and step marks. */
#include "config.h"

#include "storage/q_revision.h"

#include "storage/db_priv.h"

#define REVISION_COLS "communication_id, revision, reason, started_by," \
	" started_at, published_at, snapshot, withdrawn_at, withdrawn_reason"
#define MARK_COLS "communication_id, step, revision, done_by, done_at"

static void
fill_revision(sqlite3_stmt *s, void *row)
{
	struct revision *r = row;

	r->communication_id = sqlite3_column_int64(s, 0);
	r->revision = sqlite3_column_int64(s, 1);
	r->reason = db_col_text(s, 2);
	r->started_by = sqlite3_column_int64(s, 3);
	r->started_at = db_col_text(s, 4);
	r->published_at = db_col_text(s, 5);
	r->snapshot = db_col_text(s, 6);
	r->withdrawn_at = db_col_text(s, 7);
	r->withdrawn_reason = db_col_text(s, 8);
}

static void
fill_mark(sqlite3_stmt *s, void *row)
{
	struct step_mark *m = row;

	m->communication_id = sqlite3_column_int64(s, 0);
	m->step = db_col_text(s, 1);
	m->revision = sqlite3_column_int64(s, 2);
	m->done_by = sqlite3_column_int64(s, 3);
	m->done_at = db_col_text(s, 4);
}

enum status
q_revision_insert(struct db *db, const struct revision *r, struct err *err)
{
	static const char sql[] = "INSERT INTO revisions (communication_id,"
	    " revision, reason, started_by, started_at) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, r->communication_id);
	sqlite3_bind_int64(s, 2, r->revision);
	db_bind_text(s, 3, r->reason != NULL ? r->reason : "");
	db_bind_id0(s, 4, r->started_by);
	db_bind_text(s, 5, r->started_at);
	st = db_step_write(db, s, NULL, "store revision", err);
	if (st == ST_EXISTS)
		st = err_set(err, ST_CONFLICT, "communication %lld already has "
		    "revision %lld", r->communication_id, r->revision);
	return st;
}

enum status
q_revision_list(struct db *db, long long communication_id,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " REVISION_COLS " FROM revisions"
	    " WHERE communication_id = ? ORDER BY revision";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct revision));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	return db_step_list(db, s, fill_revision, out, "list revisions", err);
}

enum status
q_revision_publish(struct db *db, long long communication_id,
    long long revision, const char *now, const char *snapshot,
    struct err *err)
{
	static const char sql[] = "UPDATE revisions SET published_at = ?,"
	    " snapshot = ? WHERE communication_id = ? AND revision = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, now);
	db_bind_text(s, 2, snapshot);
	sqlite3_bind_int64(s, 3, communication_id);
	sqlite3_bind_int64(s, 4, revision);
	return db_step_change(db, s, "publish revision", err,
	    "communication %lld has no revision %lld", communication_id,
	    revision);
}

enum status
q_revision_start_next(struct db *db, long long id, long long expected_version,
    const char *now, long long *revision, struct err *err)
{
	static const char sql[] = "UPDATE communications SET revision ="
	    " revision + 1, state = 'draft', version = version + 1,"
	    " updated_at = ? WHERE id = ? AND version = ? RETURNING revision";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_int64(s, 3, expected_version);
	st = db_step_returning(db, s, db_fill_int64, revision, "new revision",
	    err, NULL);
	if (st == ST_NOTFOUND)
		st = err_set(err, ST_CONFLICT, "communication %lld was changed by "
		    "someone else (or does not exist); reload it and try again",
		    id);
	return st;
}

enum status
q_step_mark_insert(struct db *db, const struct step_mark *m, struct err *err)
{
	static const char sql[] = "INSERT OR IGNORE INTO step_marks ("
	    MARK_COLS ") VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, m->communication_id);
	db_bind_text(s, 2, m->step);
	sqlite3_bind_int64(s, 3, m->revision);
	db_bind_id0(s, 4, m->done_by);
	db_bind_text(s, 5, m->done_at);
	return db_step_changes(db, s, NULL, "mark step done", err);
}

enum status
q_step_mark_list(struct db *db, long long communication_id,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " MARK_COLS " FROM step_marks"
	    " WHERE communication_id = ? ORDER BY step";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct step_mark));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	return db_step_list(db, s, fill_mark, out, "list step marks", err);
}

enum status
q_step_mark_delete(struct db *db, long long communication_id,
    const char *step, long long *n, struct err *err)
{
	static const char sql[] = "DELETE FROM step_marks"
	    " WHERE communication_id = ?1 AND (?2 IS NULL OR step = ?2)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	db_bind_text(s, 2, step);
	return db_step_changes(db, s, n, "take a step's mark off", err);
}

enum status
q_revision_published_latest(struct db *db, struct rowlist *out,
    struct err *err)
{
	static const char sql[] = "SELECT " REVISION_COLS " FROM revisions r"
	    " WHERE published_at IS NOT NULL AND revision = (SELECT"
	    " max(revision) FROM revisions r2 WHERE r2.communication_id ="
	    " r.communication_id AND r2.published_at IS NOT NULL)"
	    " ORDER BY communication_id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct revision));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill_revision, out,
	    "list published revisions", err);
}

enum status
q_revision_withdraw(struct db *db, long long communication_id,
    long long revision, const char *now, const char *reason,
    struct err *err)
{
	static const char sql[] = "UPDATE revisions SET withdrawn_at = ?,"
	    " withdrawn_reason = ? WHERE communication_id = ? AND revision = ?"
	    " AND withdrawn_at IS NULL";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, now);
	db_bind_text(s, 2, reason);
	sqlite3_bind_int64(s, 3, communication_id);
	sqlite3_bind_int64(s, 4, revision);
	return db_step_write(db, s, NULL, "withdraw revision", err);
}

enum status
q_revision_published_latest_for_incident(struct db *db, long long incident_id,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " REVISION_COLS " FROM revisions r"
	    " WHERE communication_id IN (SELECT id FROM communications WHERE"
	    " incident_id = ?) AND published_at IS NOT NULL AND revision ="
	    " (SELECT max(revision) FROM revisions r2 WHERE r2.communication_id"
	    " = r.communication_id AND r2.published_at IS NOT NULL)"
	    " ORDER BY communication_id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct revision));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	return db_step_list(db, s, fill_revision, out,
	    "list published revisions", err);
}
