/* storage/q_drill.h - drills of the breach procedure, and researchers'
 * vulnerability reports. */
#ifndef HERALD_STORAGE_Q_DRILL_H
#define HERALD_STORAGE_Q_DRILL_H

#include "storage/db.h"
#include "storage/records.h"

/* A vulnerability report received from a researcher. */
struct report {
	long long id;
	char     *received_at;
	char     *reporter;              /* who sent it, or NULL; never audited */
	char     *summary;
	char     *acknowledged_at;
	char     *triaged_at;
	char     *fixed_at;
	long long incident_id;           /* 0 until linked */
};

/* Free the strings R owns and zero it; NULL is allowed. */
void        report_clear(struct report *r);

/* The milestones of a report, each recorded once. */
enum report_step {
	REPORT_ACKNOWLEDGED,
	REPORT_TRIAGED,
	REPORT_FIXED,
};

/* Insert D (playbook, incident_id or 0, started_at, run_by, test_list or
 * NULL, test_channel_id or 0); sets D->id. Writes need the caller's write
 * transaction. */
enum status q_drill_insert(struct db *db, struct drill *d, struct err *err);
/* Load drill ID into D (caller clears with drill_clear()). */
enum status q_drill_by_id(struct db *db, long long id, struct drill *d,
    struct err *err);
/* The drill most recently started on incident INCIDENT_ID into D;
 * ST_NOTFOUND when none was. */
enum status q_drill_by_incident(struct db *db, long long incident_id,
    struct drill *d, struct err *err);
/* Finish drill ID at FINISHED_AT with FINDINGS and RESULTS (JSON text);
 * ST_CONFLICT when it was finished already, ST_NOTFOUND when absent. */
enum status q_drill_finish(struct db *db, long long id, const char *finished_at,
    const char *findings, const char *results, struct err *err);
/* Drills, most recently started first; LIMIT 0 = all. Free with
 * rowlist_free(out, (row_clear_fn)drill_clear). */
enum status q_drill_list(struct db *db, long long limit, long long offset,
    struct rowlist *out, struct err *err);
/* The drill that finished last into D; ST_NOTFOUND when none has. */
enum status q_drill_last_finished(struct db *db, struct drill *d,
    struct err *err);

/* Insert R (received_at, reporter, summary); sets R->id. */
enum status q_report_insert(struct db *db, struct report *r, struct err *err);
/* Load report ID into R (caller clears with report_clear()). */
enum status q_report_by_id(struct db *db, long long id, struct report *r,
    struct err *err);
/* Record STEP of report ID at AT; ST_CONFLICT when it was recorded already. */
enum status q_report_set_step(struct db *db, long long id,
    enum report_step step, const char *at, struct err *err);
/* Link report ID to INCIDENT_ID (0 to unlink). */
enum status q_report_link_incident(struct db *db, long long id,
    long long incident_id, struct err *err);
/* Reports, most recently received first; LIMIT 0 = all. Free with
 * rowlist_free(out, (row_clear_fn)report_clear). */
enum status q_report_list(struct db *db, long long limit, long long offset,
    struct rowlist *out, struct err *err);

#endif
