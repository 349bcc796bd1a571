/* storage/q_incident.c - SQL for incidents and their ID counters. */
#include "config.h"

#include "storage/q_incident.h"

#include "storage/db_priv.h"

#define INCIDENT_COLS "id, ref, title, summary, trigger_kind, severity," \
	" cvss_vector, cvss_score, state, discovered_at, aware_at," \
	" embargo_until, is_drill, created_by, created_at, updated_at, version"

static void
fill(sqlite3_stmt *s, void *row)
{
	struct incident *i = row;

	i->id = sqlite3_column_int64(s, 0);
	i->ref = db_col_text(s, 1);
	i->title = db_col_text(s, 2);
	i->summary = db_col_text(s, 3);
	i->trigger_kind = db_col_text(s, 4);
	i->severity = db_col_text(s, 5);
	i->cvss_vector = db_col_text(s, 6);
	i->cvss_score = sqlite3_column_type(s, 7) == SQLITE_NULL ? -1.0 :
	    sqlite3_column_double(s, 7);
	i->state = db_col_text(s, 8);
	i->discovered_at = db_col_text(s, 9);
	i->aware_at = db_col_text(s, 10);
	i->embargo_until = db_col_text(s, 11);
	i->is_drill = sqlite3_column_int(s, 12) != 0;
	i->created_by = sqlite3_column_int64(s, 13);
	i->created_at = db_col_text(s, 14);
	i->updated_at = db_col_text(s, 15);
	i->version = sqlite3_column_int64(s, 16);
}

enum status
q_incident_next_number(struct db *db, const char *prefix, int year,
    long long *number, struct err *err)
{
	static const char sql[] = "INSERT INTO id_counters (prefix, year, last)"
	    " VALUES (?, ?, 1) ON CONFLICT (prefix, year)"
	    " DO UPDATE SET last = last + 1 RETURNING last";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, prefix);
	sqlite3_bind_int(s, 2, year);
	return db_step_returning(db, s, db_fill_int64, number,
	    "allocate incident ID", err, "allocate incident ID: no number came "
	    "back");
}

enum status
q_incident_insert(struct db *db, struct incident *i, struct err *err)
{
	static const char sql[] = "INSERT INTO incidents (ref, title, summary,"
	    " trigger_kind, severity, cvss_vector, cvss_score, state,"
	    " discovered_at, aware_at, embargo_until, is_drill, created_by,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
	    " coalesce(?, 'open'), ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, i->ref);
	db_bind_text(s, 2, i->title);
	db_bind_text(s, 3, i->summary != NULL ? i->summary : "");
	db_bind_text(s, 4, i->trigger_kind);
	db_bind_text(s, 5, i->severity);
	db_bind_text(s, 6, i->cvss_vector);
	if (i->cvss_score >= 0)
		sqlite3_bind_double(s, 7, i->cvss_score);
	db_bind_text(s, 8, i->state);
	db_bind_text(s, 9, i->discovered_at);
	db_bind_text(s, 10, i->aware_at);
	db_bind_text(s, 11, i->embargo_until);
	sqlite3_bind_int(s, 12, i->is_drill ? 1 : 0);
	db_bind_id0(s, 13, i->created_by);
	db_bind_text(s, 14, i->created_at);
	db_bind_text(s, 15, i->updated_at != NULL ? i->updated_at : i->created_at);
	if ((st = db_step_write(db, s, &i->id, "create incident", err)) == ST_OK)
		i->version = 1;
	return st;
}

enum status
q_incident_by_id(struct db *db, long long id, struct incident *i,
    struct err *err)
{
	static const char sql[] = "SELECT " INCIDENT_COLS " FROM incidents WHERE id = ?";

	return db_load_by_id(db, sql, id, fill, i, "load incident", err,
	    "no incident with id %lld", id);
}

enum status
q_incident_by_ref(struct db *db, const char *ref, struct incident *i,
    struct err *err)
{
	static const char sql[] = "SELECT " INCIDENT_COLS " FROM incidents WHERE ref = ?";

	return db_load_by_text(db, sql, ref, fill, i, "load incident", err,
	    "no incident %s", ref);
}

enum status
q_incident_list(struct db *db, const struct incident_filter *f,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " INCIDENT_COLS " FROM incidents"
	    " WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR trigger_kind = ?2)"
	    " AND (?3 IS NULL OR severity = ?3) AND (?4 < 0 OR is_drill = ?4)"
	    " ORDER BY updated_at DESC, id DESC LIMIT ?5 OFFSET ?6";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct incident));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, f != NULL ? f->state : NULL);
	db_bind_text(s, 2, f != NULL ? f->trigger_kind : NULL);
	db_bind_text(s, 3, f != NULL ? f->severity : NULL);
	sqlite3_bind_int(s, 4, f != NULL ? f->drills : -1);
	sqlite3_bind_int64(s, 5, f != NULL && f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(s, 6, f != NULL ? f->offset : 0);
	return db_step_list(db, s, fill, out, "list incidents", err);
}

enum status
q_incident_count(struct db *db, const struct incident_filter *f, long long *n,
    struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM incidents"
	    " WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR trigger_kind = ?2)"
	    " AND (?3 IS NULL OR severity = ?3) AND (?4 < 0 OR is_drill = ?4)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, f != NULL ? f->state : NULL);
	db_bind_text(s, 2, f != NULL ? f->trigger_kind : NULL);
	db_bind_text(s, 3, f != NULL ? f->severity : NULL);
	sqlite3_bind_int(s, 4, f != NULL ? f->drills : -1);
	return db_step_count(db, s, n, "count incidents", err);
}

enum status
q_incident_update(struct db *db, struct incident *i, struct err *err)
{
	static const char sql[] = "UPDATE incidents SET title = ?, summary = ?,"
	    " trigger_kind = ?, severity = ?, cvss_vector = ?, cvss_score = ?,"
	    " state = ?, discovered_at = ?, aware_at = ?, embargo_until = ?,"
	    " updated_at = ?, version = version + 1"
	    " WHERE id = ? AND version = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, i->title);
	db_bind_text(s, 2, i->summary != NULL ? i->summary : "");
	db_bind_text(s, 3, i->trigger_kind);
	db_bind_text(s, 4, i->severity);
	db_bind_text(s, 5, i->cvss_vector);
	if (i->cvss_score >= 0)
		sqlite3_bind_double(s, 6, i->cvss_score);
	else
		sqlite3_bind_null(s, 6);
	db_bind_text(s, 7, i->state);
	db_bind_text(s, 8, i->discovered_at);
	db_bind_text(s, 9, i->aware_at);
	db_bind_text(s, 10, i->embargo_until);
	db_bind_text(s, 11, i->updated_at);
	sqlite3_bind_int64(s, 12, i->id);
	sqlite3_bind_int64(s, 13, i->version);
	st = db_step_change(db, s, "update incident", err, NULL);
	if (st == ST_OK)
		i->version++;
	else if (st == ST_NOTFOUND)
		st = err_set(err, ST_CONFLICT, "incident %s was changed by someone "
		    "else; reload it and try again", i->ref != NULL ? i->ref : "");
	return st;
}

enum status
q_incident_allow(struct db *db, long long incident_id, long long user_id,
    struct err *err)
{
	static const char sql[] = "INSERT OR IGNORE INTO incident_access"
	    " (incident_id, user_id) VALUES (?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	sqlite3_bind_int64(s, 2, user_id);
	return db_step_write(db, s, NULL, "allow incident access", err);
}
