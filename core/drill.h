/* core/drill.h - drills of the breach-notification procedure, and the
 * vulnerability reports researchers send in. */
#ifndef HERALD_CORE_DRILL_H
#define HERALD_CORE_DRILL_H

#include "core/session.h"
#include "storage/q_drill.h"

/* Longest playbook name, findings, reporter and report summary. */
#define DRILL_PLAYBOOK_MAX  100
#define DRILL_FINDINGS_MAX  65536
#define REPORT_REPORTER_MAX 200
#define REPORT_SUMMARY_MAX  65536

/* Start a drill of PLAYBOOK now, on drill incident INCIDENT_ID (0 = none;
 * a real incident is refused). Authors and admins only. Sets *ID when ID
 * is not NULL. */
enum status drill_start(struct session *s, const char *playbook,
    long long incident_id, long long *id, struct err *err);
/* Finish drill ID now with FINDINGS (required: what worked, what did not).
 * Finishing it twice gives ST_CONFLICT. Authors and admins only. */
enum status drill_finish(struct session *s, long long id, const char *findings,
    struct err *err);
/* Load drill ID into OUT (caller clears with drill_clear()). */
enum status drill_get(struct session *s, long long id, struct drill *out,
    struct err *err);
/* Drills, most recently started first; LIMIT 0 = all. Free with
 * rowlist_free(out, (row_clear_fn)drill_clear). */
enum status drill_list(struct session *s, long long limit, long long offset,
    struct rowlist *out, struct err *err);
/* The drill that finished last into OUT (caller clears with drill_clear());
 * ST_NOTFOUND when none has, which the compliance check reports. */
enum status drill_last_finished(struct session *s, struct drill *out,
    struct err *err);

/* Record a report with SUMMARY (required) from REPORTER (may be NULL; it
 * stays out of the audit chain) received at RECEIVED_AT (RFC 3339, not in
 * the future; NULL = now). Authors and admins only. Sets *ID when ID is
 * not NULL. */
enum status report_receive(struct session *s, const char *reporter,
    const char *summary, const char *received_at, long long *id,
    struct err *err);
/* Record that report ID was acknowledged, triaged or fixed at AT (RFC
 * 3339; NULL = now), in that order, each once (ST_CONFLICT on a repeat),
 * never before the step before it. Authors and admins only. */
enum status report_acknowledge(struct session *s, long long id,
    const char *at, struct err *err);
enum status report_triage(struct session *s, long long id, const char *at,
    struct err *err);
enum status report_fix(struct session *s, long long id, const char *at,
    struct err *err);
/* Link report ID to incident INCIDENT_ID (0 unlinks). Authors and admins
 * only. */
enum status report_link_incident(struct session *s, long long id,
    long long incident_id, struct err *err);
/* Load report ID into OUT (caller clears with report_clear()). */
enum status report_get(struct session *s, long long id, struct report *out,
    struct err *err);
/* Reports, most recently received first; LIMIT 0 = all. Free with
 * rowlist_free(out, (row_clear_fn)report_clear). */
enum status report_list(struct session *s, long long limit, long long offset,
    struct rowlist *out, struct err *err);

#endif
