/* storage/q_access.c - SQL for incident_access: who is named on an
 * incident under embargo. */
#include "config.h"

#include "storage/q_access.h"

#include "storage/db_priv.h"

/*
 * Run SQL, whose ?1 and ?2 are an incident and a user, for INCIDENT_ID
 * and USER_ID: a count(*), or with IS_WRITE a write; the rows counted or
 * changed into *N.
 */
static enum status
pair_run(struct db *db, const char *sql, bool is_write, long long incident_id,
    long long user_id, long long *n, const char *what, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	*n = 0;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	sqlite3_bind_int64(s, 2, user_id);
	return is_write ? db_step_changes(db, s, n, what, err) :
	    db_step_count(db, s, n, what, err);
}

enum status
q_access_is_named(struct db *db, long long incident_id, long long user_id,
    bool *is_named, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM incident_access"
	    " WHERE incident_id = ?1 AND user_id = ?2";
	long long n;
	enum status st;

	st = pair_run(db, sql, false, incident_id, user_id, &n,
	    "read who is named", err);
	*is_named = st == ST_OK && n > 0;
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
	    " (incident_id, user_id) VALUES (?1, ?2)";
	long long n;
	enum status st;

	st = pair_run(db, sql, true, incident_id, user_id, &n,
	    "name a user on an incident", err);
	if (st == ST_OK && added != NULL)
		*added = n > 0;
	return st;
}

enum status
q_access_remove(struct db *db, long long incident_id, long long user_id,
    struct err *err)
{
	static const char sql[] = "DELETE FROM incident_access"
	    " WHERE incident_id = ?1 AND user_id = ?2";
	long long n;
	enum status st;

	st = pair_run(db, sql, true, incident_id, user_id, &n,
	    "take a user off an incident", err);
	return st == ST_OK && n == 0 ? ST_NOTFOUND : st;
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

	return db_list_by_id(db, sql, incident_id, fill_user,
	    sizeof(struct user), out, "list who is named", err);
}
