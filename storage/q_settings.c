/* storage/q_settings.c - SQL for the settings table. */
#include "config.h"

#include "storage/q_settings.h"

#include <stddef.h>

#include "storage/db_priv.h"

enum status
q_setting_get(struct db *db, const char *key, char **value, struct err *err)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?";
	sqlite3_stmt *s;
	enum status st;
	int rc;

	*value = NULL;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, key);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*value = db_col_text(s, 0);
	else if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "read setting");
	db_stmt_done(s);
	return st;
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
	if (sqlite3_step(s) != SQLITE_DONE)
		st = db_sqlerr(db, err, "write setting");
	else
		db_note_write(db);
	db_stmt_done(s);
	return st;
}
