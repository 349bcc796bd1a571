/* storage/q_user.c - SQL for users and roles. */
#include "config.h"

#include "storage/q_user.h"

#include <stdlib.h>

#include "storage/db_priv.h"
#include "util/xalloc.h"

#define USER_COLS "id, login, name, email, created_at, erased_at"

static void
fill(sqlite3_stmt *s, struct user *u)
{
	u->id = sqlite3_column_int64(s, 0);
	u->login = db_col_text(s, 1);
	u->name = db_col_text(s, 2);
	u->email = db_col_text(s, 3);
	u->created_at = db_col_text(s, 4);
	u->erased_at = db_col_text(s, 5);
}

static enum status
load_roles(struct db *db, struct user *u, struct err *err)
{
	static const char sql[] = "SELECT role FROM user_roles WHERE user_id = ?"
	    " ORDER BY role";
	sqlite3_stmt *s;
	enum status st;
	size_t cap = 4;
	int rc;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	u->roles = xcalloc(cap + 1, sizeof *u->roles);
	u->nroles = 0;
	sqlite3_bind_int64(s, 1, u->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (u->nroles == cap) {
			cap *= 2;
			u->roles = xreallocarray(u->roles, cap + 1, sizeof *u->roles);
		}
		u->roles[u->nroles++] = db_col_text(s, 0);
		u->roles[u->nroles] = NULL;
	}
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "user roles");
	db_stmt_done(s);
	return st;
}

enum status
q_user_insert(struct db *db, struct user *u, struct err *err)
{
	static const char sql[] = "INSERT INTO users (login, name, email, created_at)"
	    " VALUES (?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, u->login);
	db_bind_text(s, 2, u->name);
	db_bind_text(s, 3, u->email);
	db_bind_text(s, 4, u->created_at);
	if (sqlite3_step(s) != SQLITE_DONE) {
		st = db_sqlerr(db, err, "add user");
		if (st == ST_EXISTS)
			err_set(err, st, "user %s already exists", u->login);
	} else {
		u->id = sqlite3_last_insert_rowid(db->h);
		db_note_write(db);
	}
	db_stmt_done(s);
	return st;
}

static enum status
load_one(struct db *db, const char *sql, const char *login, long long id,
    struct user *u, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;
	int rc;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	if (login != NULL)
		db_bind_text(s, 1, login);
	else
		sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fill(s, u);
	else if (rc == SQLITE_DONE)
		st = login != NULL ?
		    err_set(err, ST_NOTFOUND, "no user %s", login) :
		    err_set(err, ST_NOTFOUND, "no user with id %lld", id);
	else
		st = db_sqlerr(db, err, "load user");
	db_stmt_done(s);
	if (st == ST_OK && (st = load_roles(db, u, err)) != ST_OK)
		user_clear(u);
	return st;
}

enum status
q_user_by_login(struct db *db, const char *login, struct user *u,
    struct err *err)
{
	static const char sql[] = "SELECT " USER_COLS " FROM users WHERE login = ?";

	return load_one(db, sql, login, 0, u, err);
}

enum status
q_user_by_id(struct db *db, long long id, struct user *u, struct err *err)
{
	static const char sql[] = "SELECT " USER_COLS " FROM users WHERE id = ?";

	return load_one(db, sql, NULL, id, u, err);
}

enum status
q_user_list(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " USER_COLS " FROM users ORDER BY login, id";
	sqlite3_stmt *s;
	enum status st;
	size_t i;
	int rc;

	rowlist_init(out, sizeof(struct user));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fill(s, rowlist_push(out));
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "list users");
	db_stmt_done(s);
	for (i = 0; st == ST_OK && i < out->count; i++)
		st = load_roles(db, rowlist_at(out, i), err);
	return st;
}

enum status
q_user_grant(struct db *db, long long user_id, const char *role,
    struct err *err)
{
	static const char sql[] = "INSERT INTO user_roles (user_id, role) VALUES (?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, user_id);
	db_bind_text(s, 2, role);
	if (sqlite3_step(s) != SQLITE_DONE) {
		st = db_sqlerr(db, err, "grant role");
		if (st == ST_EXISTS)
			err_set(err, st, "the user already has role %s", role);
		else if (st == ST_INVALID)
			err_set(err, st, "%s is not a role", role);
	} else
		db_note_write(db);
	db_stmt_done(s);
	return st;
}

enum status
q_user_revoke(struct db *db, long long user_id, const char *role,
    struct err *err)
{
	static const char sql[] = "DELETE FROM user_roles WHERE user_id = ? AND role = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, user_id);
	db_bind_text(s, 2, role);
	if (sqlite3_step(s) != SQLITE_DONE)
		st = db_sqlerr(db, err, "revoke role");
	else if (sqlite3_changes(db->h) == 0)
		st = err_set(err, ST_NOTFOUND, "the user does not have role %s", role);
	else
		db_note_write(db);
	db_stmt_done(s);
	return st;
}

enum status
q_user_count_role(struct db *db, const char *role, long long *n,
    struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM user_roles WHERE role = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, role);
	if (sqlite3_step(s) == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		st = db_sqlerr(db, err, "count role");
	db_stmt_done(s);
	return st;
}
