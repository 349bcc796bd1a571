/* storage/q_breach.c - SQL for the register of personal-data breaches. */
#include "config.h"

#include "storage/q_breach.h"

#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"

#define BREACH_COLS "b.id, b.incident_id, i.ref, b.title, b.occurred_at," \
	" b.discovered_at, b.aware_at, b.facts, b.effects, b.remedial_action," \
	" b.data_categories, b.people_count, b.records_count, b.risk," \
	" b.regulator_notified, b.reason_not_notified, b.recorded_by," \
	" b.created_at, b.updated_at, b.version"
/* A breach shows only when it is about no incident or about one the
 * viewer may see (need to know): its facts describe the incident. */
#define BREACH_FROM " FROM breaches b LEFT JOIN incidents i" \
	" ON i.id = b.incident_id WHERE (i.id IS NULL OR" SQL_SEES("i") ")"

void
breach_clear(struct breach *b)
{
	if (b == NULL)
		return;
	free(b->incident_ref);
	free(b->title);
	free(b->occurred_at);
	free(b->discovered_at);
	free(b->aware_at);
	free(b->facts);
	free(b->effects);
	free(b->remedial_action);
	free(b->data_categories);
	free(b->people_count);
	free(b->records_count);
	free(b->risk);
	free(b->regulator_notified);
	free(b->reason_not_notified);
	free(b->created_at);
	free(b->updated_at);
	memset(b, 0, sizeof *b);
}

static void
fill(sqlite3_stmt *s, void *row)
{
	struct breach *b = row;

	b->id = sqlite3_column_int64(s, 0);
	b->incident_id = sqlite3_column_int64(s, 1);
	b->incident_ref = db_col_text(s, 2);
	b->title = db_col_text(s, 3);
	b->occurred_at = db_col_text(s, 4);
	b->discovered_at = db_col_text(s, 5);
	b->aware_at = db_col_text(s, 6);
	b->facts = db_col_text(s, 7);
	b->effects = db_col_text(s, 8);
	b->remedial_action = db_col_text(s, 9);
	b->data_categories = db_col_text(s, 10);
	b->people_count = db_col_text(s, 11);
	b->records_count = db_col_text(s, 12);
	b->risk = db_col_text(s, 13);
	b->regulator_notified = db_col_text(s, 14);
	b->reason_not_notified = db_col_text(s, 15);
	b->recorded_by = sqlite3_column_int64(s, 16);
	b->created_at = db_col_text(s, 17);
	b->updated_at = db_col_text(s, 18);
	b->version = sqlite3_column_int64(s, 19);
}

/* Bind B's fields from title on to ?1..?13, as insert and update share. */
static void
bind_fields(sqlite3_stmt *s, const struct breach *b)
{
	db_bind_text(s, 1, b->title);
	db_bind_text(s, 2, b->occurred_at);
	db_bind_text(s, 3, b->discovered_at);
	db_bind_text(s, 4, b->aware_at);
	db_bind_text(s, 5, b->facts);
	db_bind_text(s, 6, b->effects);
	db_bind_text(s, 7, b->remedial_action);
	db_bind_text(s, 8, b->data_categories != NULL ? b->data_categories :
	    "");
	db_bind_text(s, 9, b->people_count != NULL ? b->people_count : "");
	db_bind_text(s, 10, b->records_count != NULL ? b->records_count : "");
	db_bind_text(s, 11, b->risk != NULL ? b->risk : "unassessed");
	db_bind_text(s, 12, b->regulator_notified);
	db_bind_text(s, 13, b->reason_not_notified != NULL ?
	    b->reason_not_notified : "");
	db_bind_id0(s, 14, b->incident_id);
	db_bind_text(s, 15, b->updated_at);
}

enum status
q_breach_insert(struct db *db, struct breach *b, struct err *err)
{
	static const char sql[] = "INSERT INTO breaches (title, occurred_at,"
	    " discovered_at, aware_at, facts, effects, remedial_action,"
	    " data_categories, people_count, records_count, risk,"
	    " regulator_notified, reason_not_notified, incident_id, updated_at,"
	    " recorded_by, created_at, version)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16, ?17, 1)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	bind_fields(s, b);
	db_bind_id0(s, 16, b->recorded_by);
	db_bind_text(s, 17, b->created_at);
	if ((st = db_step_write(db, s, &b->id, "record breach", err)) == ST_OK)
		b->version = 1;
	else if (db_failed_fk(db))
		st = err_set(err, ST_NOTFOUND, "incident: no incident with id "
		    "%lld", b->incident_id);
	return st;
}

enum status
q_breach_update(struct db *db, struct breach *b, struct err *err)
{
	static const char sql[] = "UPDATE breaches SET title = ?1,"
	    " occurred_at = ?2, discovered_at = ?3, aware_at = ?4, facts = ?5,"
	    " effects = ?6, remedial_action = ?7, data_categories = ?8,"
	    " people_count = ?9, records_count = ?10, risk = ?11,"
	    " regulator_notified = ?12, reason_not_notified = ?13,"
	    " incident_id = ?14, updated_at = ?15, version = version + 1"
	    " WHERE id = ?16 AND version = ?17";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	bind_fields(s, b);
	sqlite3_bind_int64(s, 16, b->id);
	sqlite3_bind_int64(s, 17, b->version);
	st = db_step_change(db, s, "update breach", err, NULL);
	if (st == ST_OK)
		b->version++;
	else if (st == ST_NOTFOUND)
		st = err_set(err, ST_CONFLICT, "breach %lld was changed by "
		    "someone else since you read it (version %lld); read it "
		    "again and retry", b->id, b->version);
	else if (db_failed_fk(db))
		st = err_set(err, ST_NOTFOUND, "incident: no incident with id "
		    "%lld", b->incident_id);
	return st;
}

enum status
q_breach_by_id(struct db *db, long long id, struct breach *b,
    struct err *err)
{
	static const char sql[] = "SELECT " BREACH_COLS BREACH_FROM
	    " AND b.id = ?1";

	return db_load_by_id(db, sql, id, fill, b, "load breach", err,
	    "no breach %lld", id);
}

enum status
q_breach_list(struct db *db, const char *after_at, long long after_id,
    long long limit, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " BREACH_COLS BREACH_FROM
	    " AND (?1 IS NULL OR b.aware_at < ?1 OR (b.aware_at = ?1 AND"
	    " b.id < ?2)) ORDER BY b.aware_at DESC, b.id DESC LIMIT ?3";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct breach));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, after_at);
	sqlite3_bind_int64(s, 2, after_id);
	sqlite3_bind_int64(s, 3, limit > 0 ? limit : -1);
	return db_step_list(db, s, fill, out, "list breaches", err);
}

enum status
q_breach_for_incident(struct db *db, long long incident_id, struct breach *b,
    struct err *err)
{
	static const char sql[] = "SELECT " BREACH_COLS BREACH_FROM
	    " AND b.incident_id = ?1 ORDER BY b.updated_at DESC, b.id DESC"
	    " LIMIT 1";

	return db_load_by_id(db, sql, incident_id, fill, b, "load breach", err,
	    "no breach recorded for incident %lld", incident_id);
}
