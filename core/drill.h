/* core/drill.h - drills of the breach-notification procedure, and the
 * vulnerability reports researchers send in. */
#ifndef HERALD_CORE_DRILL_H
#define HERALD_CORE_DRILL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/session.h"
#include "storage/q_drill.h"

/* Longest playbook name, findings, reporter and report summary. */
#define DRILL_PLAYBOOK_MAX  100
#define DRILL_FINDINGS_MAX  65536
#define REPORT_REPORTER_MAX 200
#define REPORT_SUMMARY_MAX  65536

/* The first line of every output of a drill's communications, and the
 * start of every e-mail subject (core/render.c, core/dispatch.c). */
#define DRILL_LINE "DRILL: an exercise of the breach-notification " \
	"procedure, not a real incident."
#define DRILL_TAG  "[DRILL] "

/*
 * Start a drill now: a drill incident (is_drill, trigger data-breach,
 * severity high, titled "Drill: <playbook title>, <date>", aware and
 * discovered now) and every variant's communication of PLAYBOOK (NULL:
 * the setting breach.playbook), started as `herald comm start` starts
 * them (comm_start_with()), and the drill, whose e-mails go only to the
 * subscribers of TEST_LIST (NULL: the setting drill.list; a list of kind
 * "drill") and whose other messages go only to TEST_CHANNEL (a webhook or
 * e-mail channel's name; NULL: the setting drill.channel, which may be
 * unset). One transaction, with audit rows. Authors and admins only.
 * Sets *ID and *INCIDENT_ID (either may be NULL).
 */
enum status drill_start(struct session *s, const char *playbook,
    const char *test_list, const char *test_channel, long long *id,
    long long *incident_id, struct err *err);
/* Record a drill of PLAYBOOK (NULL: the setting) on INCIDENT_ID, a drill
 * incident opened already (a real one is refused), with TEST_LIST and
 * TEST_CHANNEL as for drill_start(); the playbook's communications are
 * started only when the incident has none of that playbook yet. */
enum status drill_attach(struct session *s, long long incident_id,
    const char *playbook, const char *test_list, const char *test_channel,
    long long *id, struct err *err);
/*
 * Finish drill ID now with FINDINGS (required, at most DRILL_FINDINGS_MAX
 * bytes: what worked, what did not): the result of every clock of every
 * communication of its incident (core/deadline.h) goes into
 * drills.results, and the incident is closed (incident_set_state()), in
 * one transaction. The results are a JSON array of objects:
 *   communication_id, communication (its title), clock (the clock's id),
 *   title, regime (or null), due_at, stopped_at (or null), is_recurring,
 *   result        "met" (stopped by due_at), "missed" (stopped after it)
 *                 or "not reached" (still running when the drill ended)
 *   minutes_early (met) or minutes_late (missed; not reached past due,
 *                 counted to the end of the drill), else null
 * Finishing it twice gives ST_CONFLICT. Authors and admins only.
 */
enum status drill_finish(struct session *s, long long id, const char *findings,
    struct err *err);
/* Load drill ID into OUT (caller clears with drill_clear()). */
enum status drill_get(struct session *s, long long id, struct drill *out,
    struct err *err);
/* The drill most recently started on incident INCIDENT_ID into OUT;
 * ST_NOTFOUND when there is none. */
enum status drill_for_incident(struct session *s, long long incident_id,
    struct drill *out, struct err *err);
/* Drills, most recently started first; LIMIT 0 = all. Free with
 * rowlist_free(out, (row_clear_fn)drill_clear). */
enum status drill_list(struct session *s, long long limit, long long offset,
    struct rowlist *out, struct err *err);
/* The drill that finished last into OUT (caller clears with drill_clear());
 * ST_NOTFOUND when none has, which the compliance check reports. */
enum status drill_last_finished(struct session *s, struct drill *out,
    struct err *err);

/* One clock of a finished drill, as drills.results holds it. */
struct drill_clock {
	long long communication_id;
	char     *communication;
	char     *clock;
	char     *title;
	char     *regime;               /* NULL for the playbook's own */
	char     *due_at;
	char     *stopped_at;           /* NULL: not reached */
	char     *result;               /* "met", "missed", "not reached" */
	long long minutes_early;        /* -1 when not met */
	long long minutes_late;         /* -1 when not late */
	bool      is_recurring;
};
void        drill_clock_clear(struct drill_clock *c);
/* D's results as rows (struct drill_clock), in the order stored. Free
 * with rowlist_free(out, (row_clear_fn)drill_clock_clear); OUT is always
 * initialised. */
enum status drill_results(const struct drill *d, struct rowlist *out,
    struct err *err);
/* How many of D's clocks were met (*MET) of how many (*TOTAL); both 0
 * for a drill not finished. */
void        drill_tally(const struct drill *d, int *met, int *total);
/* "met 2 h 5 min early", "missed by 1 h", "not reached", into BUF of N
 * bytes. Returns BUF. */
char       *drill_clock_text(const struct drill_clock *c, char *buf,
    size_t n);

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
