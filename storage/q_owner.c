/* storage/q_owner.c - SQL for owners. */
#include "config.h"

#include "storage/q_owner.h"

#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"

/* An erased user owns nothing: the join leaves out their login. */
#define OWNER_COLS "0, o.kind, o.name, o.user_id, u.login, o.set_at"
#define OWNER_FROM " FROM owners o LEFT JOIN users u ON u.id = o.user_id" \
	" AND u.erased_at IS NULL"

void
owner_row_clear(struct owner_row *r)
{
	if (r == NULL)
		return;
	free(r->kind);
	free(r->name);
	free(r->login);
	free(r->set_at);
	memset(r, 0, sizeof *r);
}

static void
fill(sqlite3_stmt *s, void *row)
{
	struct owner_row *r = row;

	r->id = sqlite3_column_int64(s, 0);
	r->kind = db_col_text(s, 1);
	r->name = db_col_text(s, 2);
	r->user_id = sqlite3_column_int64(s, 3);
	r->login = db_col_text(s, 4);
	r->set_at = db_col_text(s, 5);
}

enum status
q_owner_get(struct db *db, const char *kind, const char *name,
    struct owner_row *r, struct err *err)
{
	static const char sql[] = "SELECT " OWNER_COLS OWNER_FROM
	    " WHERE o.kind = ?1 AND o.name = ?2";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, kind);
	db_bind_text(s, 2, name);
	return db_step_one(db, s, fill, r, "load owner", err,
	    "%s %s has no owner", kind, name);
}

enum status
q_owner_set(struct db *db, const char *kind, const char *name,
    long long user_id, long long set_by, const char *set_at, struct err *err)
{
	static const char sql[] = "INSERT INTO owners (kind, name, user_id,"
	    " set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT (kind, name) DO UPDATE SET user_id = excluded.user_id,"
	    " set_by = excluded.set_by, set_at = excluded.set_at";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, kind);
	db_bind_text(s, 2, name);
	sqlite3_bind_int64(s, 3, user_id);
	db_bind_id0(s, 4, set_by);
	db_bind_text(s, 5, set_at);
	return db_step_write(db, s, NULL, "set owner", err);
}

enum status
q_owner_delete(struct db *db, const char *kind, const char *name,
    struct err *err)
{
	static const char sql[] = "DELETE FROM owners WHERE kind = ?1"
	    " AND name = ?2";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, kind);
	db_bind_text(s, 2, name);
	return db_step_change(db, s, "remove owner", err,
	    "%s %s has no owner", kind, name);
}

enum status
q_owner_list(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " OWNER_COLS OWNER_FROM
	    " ORDER BY o.kind, o.name";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct owner_row));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill, out, "list owners", err);
}

enum status
q_owner_products(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT p.id, 'product', p.slug, coalesce(p.owner_id, 0),"
	    " u.login, NULL FROM products p LEFT JOIN users u"
	    " ON u.id = p.owner_id AND u.erased_at IS NULL ORDER BY p.slug, p.id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct owner_row));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill, out, "list product owners", err);
}
