/* storage/q_playbook.c - SQL for stored playbooks. */
#include "config.h"

#include "storage/q_playbook.h"

#include "storage/db_priv.h"
#include "storage/q_communication.h"

#define PLAYBOOK_COLS "id, name, version, hash, body, source, imported_at"

static void
fill(sqlite3_stmt *s, void *row)
{
	struct playbook_row *p = row;

	p->id = sqlite3_column_int64(s, 0);
	p->name = db_col_text(s, 1);
	p->version = db_col_text(s, 2);
	p->hash = db_col_text(s, 3);
	p->body = db_col_text(s, 4);
	p->source = db_col_text(s, 5);
	p->imported_at = db_col_text(s, 6);
}

enum status
q_playbook_store(struct db *db, const struct playbook_row *p, bool *is_new,
    struct err *err)
{
	static const char sql[] = "INSERT OR IGNORE INTO playbooks (name,"
	    " version, hash, body, source, imported_at)"
	    " VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	long long n = 0;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, p->name);
	db_bind_text(s, 2, p->version);
	db_bind_text(s, 3, p->hash);
	db_bind_text(s, 4, p->body);
	db_bind_text(s, 5, p->source != NULL ? p->source : "");
	db_bind_text(s, 6, p->imported_at);
	st = db_step_changes(db, s, &n, "store playbook", err);
	if (st == ST_OK && is_new != NULL)
		*is_new = n > 0;
	return st;
}

enum status
q_playbook_by_hash(struct db *db, const char *hash, struct playbook_row *p,
    struct err *err)
{
	static const char sql[] = "SELECT " PLAYBOOK_COLS " FROM playbooks"
	    " WHERE hash = ?";

	return db_load_by_text(db, sql, hash, fill, p, "load playbook", err,
	    "no stored playbook with hash %s", hash != NULL ? hash : "(none)");
}

enum status
q_playbook_newest(struct db *db, const char *name, const char *version,
    struct playbook_row *p, struct err *err)
{
	/* playbooks_name (name, id) gives the newest first. */
	static const char sql[] = "SELECT " PLAYBOOK_COLS " FROM playbooks"
	    " WHERE name = ?1 AND (?2 IS NULL OR version = ?2)"
	    " ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, name);
	db_bind_text(s, 2, version);
	return db_step_one(db, s, fill, p, "load playbook", err, NULL);
}

enum status
q_playbook_sibling_answer(struct db *db, long long incident_id,
    const char *playbook, const char *field,
    long long except_id, struct answer *a, struct err *err)
{
	static const char sql[] = "SELECT a.communication_id"
	    " FROM communications c JOIN answers a"
	    " ON a.communication_id = c.id AND a.field = ?2"
	    " WHERE c.incident_id = ?1"
	    " AND c.playbook = ?3 AND c.id != ?4 AND a.value != ''"
	    " ORDER BY a.edited_at DESC, a.version DESC, a.id DESC LIMIT 1";
	sqlite3_stmt *s;
	long long sibling = 0;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	db_bind_text(s, 2, field);
	db_bind_text(s, 3, playbook);
	sqlite3_bind_int64(s, 4, except_id);
	/* Which sibling; its answer is read as every answer is. */
	if ((st = db_step_one(db, s, db_fill_int64, &sibling, "find answer", err,
	    NULL)) != ST_OK)
		return st;
	return q_answer_get(db, sibling, field, a, err);
}
