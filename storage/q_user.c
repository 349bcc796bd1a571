/* storage/q_user.c - SQL for users and roles. */
#include "config.h"

#include "storage/q_user.h"

#include <stdlib.h>

#include "storage/db_priv.h"
#include "util/xalloc.h"

#define USER_COLS "id, login, name, email, created_at, erased_at," \
	" signing_key"

static void
fill(sqlite3_stmt *s, void *row)
{
	struct user *u = row;

	u->id = sqlite3_column_int64(s, 0);
	u->login = db_col_text(s, 1);
	u->name = db_col_text(s, 2);
	u->email = db_col_text(s, 3);
	u->created_at = db_col_text(s, 4);
	u->erased_at = db_col_text(s, 5);
	u->signing_key = db_col_text(s, 6);
}

static enum status
load_roles(struct db *db, struct user *u, struct err *err)
{
	static const char sql[] = "SELECT role FROM user_roles WHERE user_id = ?"
	    " ORDER BY role";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, u->id);
	return db_step_texts(db, s, &u->roles, &u->nroles, "user roles", err);
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
	if ((st = db_step_write(db, s, &u->id, "add user", err)) == ST_EXISTS)
		err_set(err, st, "user %s already exists", u->login);
	return st;
}

/* Finish loading user U found with ST: add its roles, or clear it. */
static enum status
with_roles(struct db *db, enum status st, struct user *u, struct err *err)
{
	if (st == ST_OK && (st = load_roles(db, u, err)) != ST_OK)
		user_clear(u);
	return st;
}

enum status
q_user_by_login(struct db *db, const char *login, struct user *u,
    struct err *err)
{
	static const char sql[] = "SELECT " USER_COLS " FROM users WHERE login = ?";
	enum status st;

	st = db_load_by_text(db, sql, login, fill, u, "load user", err,
	    "no user %s", login);
	return with_roles(db, st, u, err);
}

enum status
q_user_by_id(struct db *db, long long id, struct user *u, struct err *err)
{
	static const char sql[] = "SELECT " USER_COLS " FROM users WHERE id = ?";
	enum status st;

	st = db_load_by_id(db, sql, id, fill, u, "load user", err,
	    "no user with id %lld", id);
	return with_roles(db, st, u, err);
}

/* One row of user_roles, as q_user_list() reads them all at once. */
struct user_role {
	long long  user_id;
	char      *role;
};

static void
fill_role(sqlite3_stmt *s, void *row)
{
	struct user_role *r = row;

	r->user_id = sqlite3_column_int64(s, 0);
	r->role = db_col_text(s, 1);
}

static void
user_role_clear(struct user_role *r)
{
	free(r->role);
}

/* The roles of every user in USERS, in one query rather than one a user. */
static enum status
load_all_roles(struct db *db, struct rowlist *users, struct err *err)
{
	static const char sql[] = "SELECT user_id, role FROM user_roles"
	    " ORDER BY user_id, role";
	struct rowlist rl;
	struct user_role *r;
	struct user *u = NULL;
	sqlite3_stmt *s;
	enum status st;
	size_t i, k;

	for (i = 0; i < users->count; i++) {
		u = rowlist_at(users, i);
		u->roles = xcalloc(1, sizeof *u->roles);
		u->nroles = 0;
	}
	u = NULL;
	rowlist_init(&rl, sizeof(struct user_role));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	if ((st = db_step_list(db, s, fill_role, &rl, "user roles", err)) !=
	    ST_OK)
		goto end;
	for (i = 0; i < rl.count; i++) {
		r = rowlist_at(&rl, i);
		/* The rows come by user: look the user up when it changes. */
		for (k = 0; (u == NULL || u->id != r->user_id) &&
		    k < users->count; k++)
			u = rowlist_at(users, k);
		if (u == NULL || u->id != r->user_id)
			continue;
		u->roles = xreallocarray(u->roles, u->nroles + 2,
		    sizeof *u->roles);
		u->roles[u->nroles++] = r->role;
		u->roles[u->nroles] = NULL;
		r->role = NULL;
	}
end:
	rowlist_free(&rl, (row_clear_fn)user_role_clear);
	return st;
}

enum status
q_user_list(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " USER_COLS " FROM users ORDER BY login, id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct user));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	if ((st = db_step_list(db, s, fill, out, "list users", err)) != ST_OK)
		return st;
	return load_all_roles(db, out, err);
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
	st = db_step_write(db, s, NULL, "grant role", err);
	if (st == ST_EXISTS)
		err_set(err, st, "the user already has role %s", role);
	else if (st == ST_INVALID)
		err_set(err, st, "%s is not a role", role);
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
	return db_step_change(db, s, "revoke role", err,
	    "the user does not have role %s", role);
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
	return db_step_count(db, s, n, "count role", err);
}

enum status
q_user_set_key(struct db *db, long long user_id, const char *fingerprint,
    struct err *err)
{
	static const char sql[] = "UPDATE users SET signing_key = ? WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, fingerprint);
	sqlite3_bind_int64(s, 2, user_id);
	return db_step_change(db, s, "set signing key", err,
	    "no user with id %lld", user_id);
}
