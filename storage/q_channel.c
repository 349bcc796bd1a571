/* storage/q_channel.c - SQL for delivery channels. */
#include "config.h"

#include "storage/q_channel.h"

#include "storage/db_priv.h"

#define CHANNEL_COLS "id, name, kind, settings, is_enabled, created_at"

static void
fill(sqlite3_stmt *s, struct channel *c)
{
	c->id = sqlite3_column_int64(s, 0);
	c->name = db_col_text(s, 1);
	c->kind = db_col_text(s, 2);
	c->settings = db_col_text(s, 3);
	c->is_enabled = sqlite3_column_int(s, 4) != 0;
	c->created_at = db_col_text(s, 5);
}

enum status
q_channel_insert(struct db *db, struct channel *c, struct err *err)
{
	static const char sql[] = "INSERT INTO channels (name, kind, settings,"
	    " is_enabled, created_at) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, c->name);
	db_bind_text(s, 2, c->kind);
	db_bind_text(s, 3, c->settings != NULL ? c->settings : "{}");
	sqlite3_bind_int(s, 4, c->is_enabled ? 1 : 0);
	db_bind_text(s, 5, c->created_at);
	if (sqlite3_step(s) != SQLITE_DONE) {
		st = db_sqlerr(db, err, "add channel");
		if (st == ST_EXISTS)
			err_set(err, st, "channel %s already exists", c->name);
	} else {
		c->id = sqlite3_last_insert_rowid(db->h);
		db_note_write(db);
	}
	db_stmt_done(s);
	return st;
}

static enum status
load_one(struct db *db, const char *sql, const char *name, long long id,
    struct channel *c, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;
	int rc;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	if (name != NULL)
		db_bind_text(s, 1, name);
	else
		sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fill(s, c);
	else if (rc == SQLITE_DONE)
		st = name != NULL ? err_set(err, ST_NOTFOUND, "no channel %s", name) :
		    err_set(err, ST_NOTFOUND, "no channel with id %lld", id);
	else
		st = db_sqlerr(db, err, "load channel");
	db_stmt_done(s);
	return st;
}

enum status
q_channel_by_id(struct db *db, long long id, struct channel *c,
    struct err *err)
{
	static const char sql[] = "SELECT " CHANNEL_COLS " FROM channels"
	    " WHERE id = ?";

	return load_one(db, sql, NULL, id, c, err);
}

enum status
q_channel_by_name(struct db *db, const char *name, struct channel *c,
    struct err *err)
{
	static const char sql[] = "SELECT " CHANNEL_COLS " FROM channels"
	    " WHERE name = ?";

	if (name == NULL)
		return err_set(err, ST_NOTFOUND, "which channel? give its name");
	return load_one(db, sql, name, 0, c, err);
}

enum status
q_channel_list(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " CHANNEL_COLS " FROM channels"
	    " ORDER BY name, id";
	sqlite3_stmt *s;
	enum status st;
	int rc;

	rowlist_init(out, sizeof(struct channel));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fill(s, rowlist_push(out));
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "list channels");
	db_stmt_done(s);
	return st;
}

enum status
q_channel_count(struct db *db, long long *n, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM channels";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	if (sqlite3_step(s) == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		st = db_sqlerr(db, err, "count channels");
	db_stmt_done(s);
	return st;
}

enum status
q_channel_set_enabled(struct db *db, long long id, bool is_enabled,
    struct err *err)
{
	static const char sql[] = "UPDATE channels SET is_enabled = ? WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int(s, 1, is_enabled ? 1 : 0);
	sqlite3_bind_int64(s, 2, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		st = db_sqlerr(db, err, "enable channel");
	else if (sqlite3_changes(db->h) == 0)
		st = err_set(err, ST_NOTFOUND, "no channel with id %lld", id);
	else
		db_note_write(db);
	db_stmt_done(s);
	return st;
}
