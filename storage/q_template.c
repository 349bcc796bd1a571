/* storage/q_template.c - SQL for versioned templates. */
#include "config.h"

#include "storage/q_template.h"

#include "storage/db_priv.h"

#define TEMPLATE_COLS "id, name, version, hash, body, source, imported_at"

static void
fill(sqlite3_stmt *s, void *row)
{
	struct template_row *t = row;

	t->id = sqlite3_column_int64(s, 0);
	t->name = db_col_text(s, 1);
	t->version = sqlite3_column_int64(s, 2);
	t->hash = db_col_text(s, 3);
	t->body = db_col_text(s, 4);
	t->source = db_col_text(s, 5);
	t->imported_at = db_col_text(s, 6);
}

enum status
q_template_insert(struct db *db, struct template_row *t, struct err *err)
{
	static const char sql[] = "INSERT INTO templates (name, version, hash,"
	    " body, source, imported_at) VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, t->name);
	sqlite3_bind_int64(s, 2, t->version);
	db_bind_text(s, 3, t->hash);
	db_bind_text(s, 4, t->body);
	db_bind_text(s, 5, t->source != NULL ? t->source : "");
	db_bind_text(s, 6, t->imported_at);
	st = db_step_write(db, s, &t->id, "store template", err);
	if (st == ST_EXISTS)
		err_set(err, st, "template %s version %lld already exists",
		    t->name, t->version);
	return st;
}

/* Run SQL with ?1 = NAME and ?2 = VERSION and load the one row. */
static enum status
load_one(struct db *db, const char *sql, const char *name, long long version,
    struct template_row *t, struct err *err)
{
	const char *shown = name != NULL ? name : "(none)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, name);
	sqlite3_bind_int64(s, 2, version);
	if (version > 0)
		return db_step_one(db, s, fill, t, "load template", err,
		    "no template %s version %lld", shown, version);
	return db_step_one(db, s, fill, t, "load template", err,
	    "no template %s", shown);
}

enum status
q_template_latest(struct db *db, const char *name, struct template_row *t,
    struct err *err)
{
	/* ?2 is the "newest" 0 that load_one() binds. */
	static const char sql[] = "SELECT " TEMPLATE_COLS " FROM templates"
	    " WHERE name = ?1 AND ?2 = 0 ORDER BY version DESC LIMIT 1";

	return load_one(db, sql, name, 0, t, err);
}

enum status
q_template_get(struct db *db, const char *name, long long version,
    struct template_row *t, struct err *err)
{
	static const char sql[] = "SELECT " TEMPLATE_COLS " FROM templates"
	    " WHERE name = ?1 AND version = ?2";

	return load_one(db, sql, name, version, t, err);
}

enum status
q_template_list_latest(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " TEMPLATE_COLS " FROM templates t"
	    " WHERE version = (SELECT max(version) FROM templates"
	    " WHERE name = t.name) ORDER BY name, id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct template_row));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill, out, "list templates", err);
}
