/* storage/q_access.c - SQL for incident_access: who is named on an
 * incident under embargo. */
#include "config.h"

#include "storage/q_access.h"

#include "storage/db_priv.h"

enum status
q_access_is_named(struct db *db, long long incident_id, long long user_id,
    bool *is_named, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM incident_access"
	    " WHERE incident_id = ? AND user_id = ?";
	sqlite3_stmt *s;
	long long n = 0;
	enum status st;

	*is_named = false;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	sqlite3_bind_int64(s, 2, user_id);
	if ((st = db_step_count(db, s, &n, "read who is named", err)) == ST_OK)
		*is_named = n > 0;
	return st;
}

enum status
q_access_sees(struct db *db, long long incident_id, bool *sees,
    struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM incidents"
	    " WHERE id = ? AND" SQL_SEES("incidents");
	sqlite3_stmt *s;
	long long n = 0;
	enum status st;

	*sees = false;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	if ((st = db_step_count(db, s, &n, "read need to know", err)) == ST_OK)
		*sees = n > 0;
	return st;
}

enum status
q_access_add(struct db *db, long long incident_id, long long user_id,
    bool *added, struct err *err)
{
	static const char sql[] = "INSERT OR IGNORE INTO incident_access"
	    " (incident_id, user_id) VALUES (?, ?)";
	sqlite3_stmt *s;
	long long n = 0;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	sqlite3_bind_int64(s, 2, user_id);
	st = db_step_changes(db, s, &n, "name a user on an incident", err);
	if (st == ST_OK && added != NULL)
		*added = n > 0;
	return st;
}

enum status
q_access_remove(struct db *db, long long incident_id, long long user_id,
    struct err *err)
{
	static const char sql[] = "DELETE FROM incident_access"
	    " WHERE incident_id = ? AND user_id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	sqlite3_bind_int64(s, 2, user_id);
	return db_step_change(db, s, "take a user off an incident", err, NULL);
}

static void
fill_user(sqlite3_stmt *s, void *row)
{
	struct user *u = row;

	u->id = sqlite3_column_int64(s, 0);
	u->login = db_col_text(s, 1);
	u->name = db_col_text(s, 2);
}

enum status
q_access_list(struct db *db, long long incident_id, struct rowlist *out,
    struct err *err)
{
	/* Along the primary key (incident_id, user_id); users stay few. */
	static const char sql[] = "SELECT users.id, users.login, users.name"
	    " FROM incident_access JOIN users ON users.id ="
	    " incident_access.user_id WHERE incident_access.incident_id = ?"
	    " ORDER BY users.login, users.id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct user));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	return db_step_list(db, s, fill_user, out, "list who is named", err);
}
