/* storage/q_settings.c - SQL for the settings table. */
#include "config.h"

#include "storage/q_settings.h"

#include <stddef.h>

#include "storage/db_priv.h"

static void
fill_text(sqlite3_stmt *s, void *row)
{
	*(char **)row = db_col_text(s, 0);
}

enum status
q_setting_get(struct db *db, const char *key, char **value, struct err *err)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?";
	sqlite3_stmt *s;
	enum status st;

	*value = NULL;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, key);
	/* An unset key is no error: *VALUE stays NULL. */
	st = db_step_one(db, s, fill_text, value, "read setting", err, NULL);
	return st == ST_NOTFOUND ? ST_OK : st;
}

enum status
q_setting_set(struct db *db, const char *key, const char *value,
    struct err *err)
{
	static const char sql[] = "INSERT INTO settings (key, value) VALUES (?, ?)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, key);
	db_bind_text(s, 2, value);
	return db_step_write(db, s, NULL, "write setting", err);
}

enum status
q_setting_delete(struct db *db, const char *key, struct err *err)
{
	static const char sql[] = "DELETE FROM settings WHERE key = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, key);
	return db_step_write(db, s, NULL, "delete setting", err);
}
