/* storage/q_drill.c - SQL for drills and researchers' reports. */
#include "config.h"

#include "storage/q_drill.h"

#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"

#define DRILL_COLS "id, playbook, incident_id, started_at, finished_at," \
	" findings, run_by, test_list, test_channel_id, results"
#define REPORT_COLS "id, received_at, reporter, summary, acknowledged_at," \
	" triaged_at, fixed_at, incident_id"

void
report_clear(struct report *r)
{
	if (r == NULL)
		return;
	free(r->received_at);
	free(r->reporter);
	free(r->summary);
	free(r->acknowledged_at);
	free(r->triaged_at);
	free(r->fixed_at);
	memset(r, 0, sizeof *r);
}

static void
fill(sqlite3_stmt *s, void *row)
{
	struct drill *d = row;

	d->id = sqlite3_column_int64(s, 0);
	d->playbook = db_col_text(s, 1);
	d->incident_id = sqlite3_column_int64(s, 2);
	d->started_at = db_col_text(s, 3);
	d->finished_at = db_col_text(s, 4);
	d->findings = db_col_text(s, 5);
	d->run_by = sqlite3_column_int64(s, 6);
	d->test_list = db_col_text(s, 7);
	d->test_channel_id = sqlite3_column_int64(s, 8);
	d->results = db_col_text(s, 9);
}

static void
fill_report(sqlite3_stmt *s, void *row)
{
	struct report *r = row;

	r->id = sqlite3_column_int64(s, 0);
	r->received_at = db_col_text(s, 1);
	r->reporter = db_col_text(s, 2);
	r->summary = db_col_text(s, 3);
	r->acknowledged_at = db_col_text(s, 4);
	r->triaged_at = db_col_text(s, 5);
	r->fixed_at = db_col_text(s, 6);
	r->incident_id = sqlite3_column_int64(s, 7);
}

enum status
q_drill_insert(struct db *db, struct drill *d, struct err *err)
{
	static const char sql[] = "INSERT INTO drills (playbook, incident_id,"
	    " started_at, run_by, test_list, test_channel_id)"
	    " VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, d->playbook);
	db_bind_id0(s, 2, d->incident_id);
	db_bind_text(s, 3, d->started_at);
	db_bind_id0(s, 4, d->run_by);
	db_bind_text(s, 5, d->test_list);
	db_bind_id0(s, 6, d->test_channel_id);
	st = db_step_write(db, s, &d->id, "start drill", err);
	if (db_failed_fk(db))
		st = err_set(err, ST_NOTFOUND, "no incident with id %lld, or no "
		    "channel with id %lld", d->incident_id, d->test_channel_id);
	return st;
}

enum status
q_drill_by_id(struct db *db, long long id, struct drill *d, struct err *err)
{
	static const char sql[] = "SELECT " DRILL_COLS " FROM drills WHERE id = ?1";

	return db_load_by_id(db, sql, id, fill, d, "load drill", err,
	    "no drill with id %lld", id);
}

enum status
q_drill_last_finished(struct db *db, struct drill *d, struct err *err)
{
	static const char sql[] = "SELECT " DRILL_COLS " FROM drills"
	    " WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC"
	    " LIMIT 1";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_one(db, s, fill, d, "load drill", err,
	    "no drill has been finished yet");
}

enum status
q_drill_by_incident(struct db *db, long long incident_id, struct drill *d,
    struct err *err)
{
	static const char sql[] = "SELECT " DRILL_COLS " FROM drills"
	    " WHERE incident_id = ?1 ORDER BY started_at DESC, id DESC LIMIT 1";

	return db_load_by_id(db, sql, incident_id, fill, d, "load drill", err,
	    "no drill on incident %lld", incident_id);
}

enum status
q_drill_finish(struct db *db, long long id, const char *finished_at,
    const char *findings, const char *results, struct err *err)
{
	static const char sql[] = "UPDATE drills SET finished_at = ?,"
	    " findings = ?, results = ? WHERE id = ? AND finished_at IS NULL";
	struct drill d = { 0 };
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, finished_at);
	db_bind_text(s, 2, findings != NULL ? findings : "");
	db_bind_text(s, 3, results != NULL ? results : "[]");
	sqlite3_bind_int64(s, 4, id);
	st = db_step_change(db, s, "finish drill", err, NULL);
	if (st != ST_NOTFOUND)
		return st;
	/* Nothing changed: say why, or that there is no such drill. */
	if ((st = q_drill_by_id(db, id, &d, err)) == ST_OK)
		st = err_set(err, ST_CONFLICT, "drill %lld was already finished "
		    "at %s", id, d.finished_at);
	drill_clear(&d);
	return st;
}

enum status
q_drill_list(struct db *db, long long limit, long long offset,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " DRILL_COLS " FROM drills"
	    " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct drill));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
	sqlite3_bind_int64(s, 2, offset > 0 ? offset : 0);
	return db_step_list(db, s, fill, out, "list drills", err);
}

enum status
q_report_insert(struct db *db, struct report *r, struct err *err)
{
	static const char sql[] = "INSERT INTO reports (received_at, reporter,"
	    " summary) VALUES (?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, r->received_at);
	db_bind_text(s, 2, r->reporter);
	db_bind_text(s, 3, r->summary);
	return db_step_write(db, s, &r->id, "receive report", err);
}

enum status
q_report_by_id(struct db *db, long long id, struct report *r,
    struct err *err)
{
	static const char sql[] = "SELECT " REPORT_COLS " FROM reports WHERE id = ?";

	return db_load_by_id(db, sql, id, fill_report, r, "load report", err,
	    "no report with id %lld", id);
}

enum status
q_report_set_step(struct db *db, long long id, enum report_step step,
    const char *at, struct err *err)
{
	/* One statement per column: column names are never bound or built. */
	static const char ack_sql[] = "UPDATE reports SET acknowledged_at = ?"
	    " WHERE id = ? AND acknowledged_at IS NULL";
	static const char triage_sql[] = "UPDATE reports SET triaged_at = ?"
	    " WHERE id = ? AND triaged_at IS NULL";
	static const char fix_sql[] = "UPDATE reports SET fixed_at = ?"
	    " WHERE id = ? AND fixed_at IS NULL";
	static const char *const what[] = { "acknowledged", "triaged", "fixed" };
	const char *sql = step == REPORT_ACKNOWLEDGED ? ack_sql :
	    step == REPORT_TRIAGED ? triage_sql : fix_sql;
	struct report r = { 0 };
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, at);
	sqlite3_bind_int64(s, 2, id);
	st = db_step_change(db, s, "update report", err, NULL);
	if (st != ST_NOTFOUND)
		return st;
	/* Nothing changed: say why, or that there is no such report. */
	if ((st = q_report_by_id(db, id, &r, err)) == ST_OK)
		st = err_set(err, ST_CONFLICT, "report %lld was already %s", id,
		    what[step]);
	report_clear(&r);
	return st;
}

enum status
q_report_link_incident(struct db *db, long long id, long long incident_id,
    struct err *err)
{
	static const char sql[] = "UPDATE reports SET incident_id = ? WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_id0(s, 1, incident_id);
	sqlite3_bind_int64(s, 2, id);
	st = db_step_change(db, s, "link report", err,
	    "no report with id %lld", id);
	if (db_failed_fk(db))
		st = err_set(err, ST_NOTFOUND, "no incident with id %lld",
		    incident_id);
	return st;
}

enum status
q_report_list(struct db *db, long long limit, long long offset,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " REPORT_COLS " FROM reports"
	    " ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct report));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
	sqlite3_bind_int64(s, 2, offset > 0 ? offset : 0);
	return db_step_list(db, s, fill_report, out, "list reports", err);
}
