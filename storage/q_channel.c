/* storage/q_channel.c - SQL for delivery channels. */
#include "config.h"

#include "storage/q_channel.h"

#include "storage/db_priv.h"

#define CHANNEL_COLS "id, name, kind, settings, is_enabled, created_at"

static void
fill(sqlite3_stmt *s, void *row)
{
	struct channel *c = row;

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
	if ((st = db_step_write(db, s, &c->id, "add channel", err)) == ST_EXISTS)
		err_set(err, st, "channel %s already exists", c->name);
	return st;
}

enum status
q_channel_by_id(struct db *db, long long id, struct channel *c,
    struct err *err)
{
	static const char sql[] = "SELECT " CHANNEL_COLS " FROM channels"
	    " WHERE id = ?";

	return db_load_by_id(db, sql, id, fill, c, "load channel", err,
	    "no channel with id %lld", id);
}

enum status
q_channel_by_name(struct db *db, const char *name, struct channel *c,
    struct err *err)
{
	static const char sql[] = "SELECT " CHANNEL_COLS " FROM channels"
	    " WHERE name = ?";

	if (name == NULL)
		return err_set(err, ST_NOTFOUND, "which channel? give its name");
	return db_load_by_text(db, sql, name, fill, c, "load channel", err,
	    "no channel %s", name);
}

enum status
q_channel_list(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " CHANNEL_COLS " FROM channels"
	    " ORDER BY name, id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct channel));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill, out, "list channels", err);
}

enum status
q_channel_count(struct db *db, long long *n, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM channels";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_count(db, s, n, "count channels", err);
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
	return db_step_change(db, s, "enable channel", err,
	    "no channel with id %lld", id);
}

enum status
q_channel_set_settings(struct db *db, long long id, const char *settings,
    struct err *err)
{
	static const char sql[] = "UPDATE channels SET settings = ? WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, settings != NULL ? settings : "{}");
	sqlite3_bind_int64(s, 2, id);
	return db_step_change(db, s, "change channel settings", err,
	    "no channel with id %lld", id);
}
