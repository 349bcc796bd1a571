/* storage/q_trust.c - SQL for the trust page's entries. */
#include "config.h"

#include "storage/q_trust.h"

#include <stdlib.h>

#include "storage/db_priv.h"

#define TRUST_COLS "id, section, title, body, extra, valid_until, position," \
	" updated_by, updated_at"
/* The sections in the page's order (core/trust.h's list). */
#define SECTION_ORDER "CASE section WHEN 'certification' THEN 1" \
	" WHEN 'control' THEN 2 WHEN 'data-handling' THEN 3" \
	" WHEN 'subprocessor' THEN 4 WHEN 'report-request' THEN 5" \
	" WHEN 'contact' THEN 6 ELSE 7 END"

void
trust_entry_clear(struct trust_entry *e)
{
	if (e == NULL)
		return;
	free(e->section);
	free(e->title);
	free(e->body);
	free(e->extra);
	free(e->valid_until);
	free(e->updated_at);
	*e = (struct trust_entry){ 0 };
}

static void
fill_entry(sqlite3_stmt *s, void *row)
{
	struct trust_entry *e = row;

	e->id = sqlite3_column_int64(s, 0);
	e->section = db_col_text(s, 1);
	e->title = db_col_text(s, 2);
	e->body = db_col_text(s, 3);
	e->extra = db_col_text(s, 4);
	e->valid_until = db_col_text(s, 5);
	e->position = sqlite3_column_int64(s, 6);
	e->updated_by = sqlite3_column_int64(s, 7);   /* NULL reads 0 */
	e->updated_at = db_col_text(s, 8);
}

/* "" as SQL NULL: a date that is not there. */
static void
bind_date(sqlite3_stmt *s, int i, const char *v)
{
	db_bind_text(s, i, v != NULL && *v != '\0' ? v : NULL);
}

/* What an insert and an update both write of E, from parameter AT on:
 * title, body, extra, valid_until, position, updated_by, updated_at. */
static void
bind_entry(sqlite3_stmt *s, int at, const struct trust_entry *e)
{
	db_bind_text(s, at, e->title);
	db_bind_text(s, at + 1, e->body != NULL ? e->body : "");
	db_bind_text(s, at + 2, e->extra != NULL ? e->extra : "");
	bind_date(s, at + 3, e->valid_until);
	sqlite3_bind_int64(s, at + 4, e->position);
	db_bind_id0(s, at + 5, e->updated_by);
	db_bind_text(s, at + 6, e->updated_at);
}

enum status
q_trust_insert(struct db *db, struct trust_entry *e, struct err *err)
{
	static const char sql[] = "INSERT INTO trust_entries (section, title,"
	    " body, extra, valid_until, position, updated_by, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, e->section);
	bind_entry(s, 2, e);
	return db_step_write(db, s, &e->id, "add trust entry", err);
}

enum status
q_trust_update(struct db *db, const struct trust_entry *e, struct err *err)
{
	static const char sql[] = "UPDATE trust_entries SET title = ?,"
	    " body = ?, extra = ?, valid_until = ?, position = ?,"
	    " updated_by = ?, updated_at = ? WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	bind_entry(s, 1, e);
	sqlite3_bind_int64(s, 8, e->id);
	return db_step_change(db, s, "change trust entry", err,
	    "no trust entry with id %lld", e->id);
}

enum status
q_trust_delete(struct db *db, long long id, struct err *err)
{
	static const char sql[] = "DELETE FROM trust_entries WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, id);
	return db_step_change(db, s, "remove trust entry", err,
	    "no trust entry with id %lld", id);
}

enum status
q_trust_by_id(struct db *db, long long id, struct trust_entry *e,
    struct err *err)
{
	static const char sql[] = "SELECT " TRUST_COLS " FROM trust_entries"
	    " WHERE id = ?";

	return db_load_by_id(db, sql, id, fill_entry, e, "load trust entry",
	    err, "no trust entry with id %lld", id);
}

enum status
q_trust_list(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " TRUST_COLS " FROM trust_entries"
	    " ORDER BY " SECTION_ORDER ", position, id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct trust_entry));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill_entry, out, "list trust entries", err);
}

enum status
q_trust_max_position(struct db *db, const char *section, long long *pos,
    struct err *err)
{
	static const char sql[] = "SELECT coalesce(max(position), 0)"
	    " FROM trust_entries WHERE section = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, section);
	return db_step_count(db, s, pos, "read trust entry positions", err);
}

enum status
q_trust_neighbour(struct db *db, const char *section, long long position,
    long long id, int up, struct trust_entry *e, struct err *err)
{
	static const char before[] = "SELECT " TRUST_COLS " FROM trust_entries"
	    " WHERE section = ?1 AND (position < ?2 OR (position = ?2 AND"
	    " id < ?3)) ORDER BY position DESC, id DESC LIMIT 1";
	static const char after[] = "SELECT " TRUST_COLS " FROM trust_entries"
	    " WHERE section = ?1 AND (position > ?2 OR (position = ?2 AND"
	    " id > ?3)) ORDER BY position, id LIMIT 1";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, up ? before : after, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, section);
	sqlite3_bind_int64(s, 2, position);
	sqlite3_bind_int64(s, 3, id);
	return db_step_one(db, s, fill_entry, e, "read trust entries", err,
	    NULL);
}

enum status
q_trust_set_position(struct db *db, long long id, long long position,
    struct err *err)
{
	static const char sql[] = "UPDATE trust_entries SET position = ?"
	    " WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, position);
	sqlite3_bind_int64(s, 2, id);
	return db_step_change(db, s, "move trust entry", err,
	    "no trust entry with id %lld", id);
}

static void
fill_text(sqlite3_stmt *s, void *row)
{
	*(char **)row = db_col_text(s, 0);
}

enum status
q_trust_last_change(struct db *db, char **at, struct err *err)
{
	/* The range on subject reads audit_subject's index only. */
	static const char sql[] = "SELECT max(t) FROM ("
	    " SELECT max(updated_at) AS t FROM trust_entries"
	    " UNION ALL SELECT max(at) FROM audit"
	    "  WHERE subject >= 'trust:' AND subject < 'trust;')";
	sqlite3_stmt *s;
	enum status st;

	*at = NULL;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_one(db, s, fill_text, at, "read trust changes", err,
	    NULL);
}
