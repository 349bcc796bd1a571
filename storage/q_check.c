/* storage/q_check.c - SQL for what herald check did once and what it
 * reads to find the work that falls due. */
#include "config.h"

#include "storage/q_check.h"

#include <stdlib.h>

#include "storage/db_priv.h"

void
check_action_clear(struct check_action *a)
{
	if (a == NULL)
		return;
	free(a->kind);
	free(a->subject);
	free(a->done_at);
	free(a->detail);
	*a = (struct check_action){ 0 };
}

static void
fill_action(sqlite3_stmt *s, void *row)
{
	struct check_action *a = row;

	a->kind = db_col_text(s, 0);
	a->subject = db_col_text(s, 1);
	a->done_at = db_col_text(s, 2);
	a->detail = db_col_text(s, 3);
}

enum status
q_check_action_get(struct db *db, const char *kind, const char *subject,
    struct check_action *a, struct err *err)
{
	static const char sql[] = "SELECT kind, subject, done_at, detail"
	    " FROM check_actions WHERE kind = ? AND subject = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, kind);
	db_bind_text(s, 2, subject);
	return db_step_one(db, s, fill_action, a, "read check action", err,
	    NULL);
}

enum status
q_check_action_insert(struct db *db, const struct check_action *a,
    struct err *err)
{
	static const char sql[] = "INSERT INTO check_actions (kind, subject,"
	    " done_at, detail) VALUES (?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, a->kind);
	db_bind_text(s, 2, a->subject);
	db_bind_text(s, 3, a->done_at);
	db_bind_text(s, 4, a->detail != NULL ? a->detail : "{}");
	if ((st = db_step_write(db, s, NULL, "record check action", err)) ==
	    ST_EXISTS)
		err_set(err, st, "check did %s for %s already", a->kind,
		    a->subject);
	return st;
}

enum status
q_check_outbox_has_key(struct db *db, const char *key, bool *exists,
    struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM outbox"
	    " WHERE idempotency_key = ?";
	sqlite3_stmt *s;
	long long n = 0;
	enum status st;

	*exists = false;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, key);
	if ((st = db_step_count(db, s, &n, "look up outbox key", err)) == ST_OK)
		*exists = n > 0;
	return st;
}

void
check_failure_clear(struct check_failure *f)
{
	if (f == NULL)
		return;
	free(f->channel_name);
	free(f->channel_kind);
	free(f->communication_title);
	free(f->purpose);
	free(f->last_error);
	free(f->failed_at);
	*f = (struct check_failure){ 0 };
}

static void
fill_failure(sqlite3_stmt *s, void *row)
{
	struct check_failure *f = row;

	f->id = sqlite3_column_int64(s, 0);
	f->channel_id = sqlite3_column_int64(s, 1);
	f->channel_name = db_col_text(s, 2);
	f->channel_kind = db_col_text(s, 3);
	f->communication_id = sqlite3_column_int64(s, 4);
	f->communication_title = db_col_text(s, 5);
	f->purpose = db_col_text(s, 6);
	f->attempts = sqlite3_column_int(s, 7);
	f->last_error = db_col_text(s, 8);
	f->failed_at = db_col_text(s, 9);
}

/*
 * Every failure is listed, whoever reads: a message lost for good must
 * never hide. What it was about is another matter: the communication's
 * title is shown only when the viewer may see its incident.
 */
enum status
q_check_failures(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT o.id, o.channel_id, c.name, c.kind,"
	    " o.communication_id,"
	    " CASE WHEN m.id IS NULL THEN NULL"
	    "  WHEN i.id IS NULL OR" SQL_SEES("i") "THEN m.title END,"
	    " o.purpose, o.attempts, o.last_error,"
	    " coalesce(o.updated_at, o.created_at)"
	    " FROM outbox o JOIN channels c ON c.id = o.channel_id"
	    " LEFT JOIN communications m ON m.id = o.communication_id"
	    " LEFT JOIN incidents i ON i.id = m.incident_id"
	    " WHERE o.state = 'failed' ORDER BY o.id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct check_failure));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill_failure, out, "list failed messages",
	    err);
}
