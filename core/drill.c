/* core/drill.c - drills and researchers' reports: checks, clocks, audit. */
#include "config.h"

#include "core/drill.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "storage/q_incident.h"

enum status
drill_start(struct session *s, const char *playbook, long long incident_id,
    long long *id, struct err *err)
{
	struct incident inc = { 0 };
	struct drill d = { 0 };
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = check_text("playbook", playbook, DRILL_PLAYBOOK_MAX, true,
	    err)) != ST_OK)
		return st;
	if (incident_id < 0)
		return err_set(err, ST_INVALID, "incident: an id is positive, or "
		    "0 for none");
	clock_now_str(now);
	d.playbook = (char *)playbook;
	d.incident_id = incident_id;
	d.started_at = now;
	d.run_by = s->user.id;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if (incident_id != 0) {
		if ((st = q_incident_by_id(s->db, incident_id, &inc, err)) != ST_OK)
			goto end;
		if (!inc.is_drill) {
			st = err_set(err, ST_INVALID, "incident: %s is a real "
			    "incident; a drill runs on a drill incident", inc.ref);
			goto end;
		}
	}
	if ((st = q_drill_insert(s->db, &d, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "drill.start", "drill", d.id, err,
	    "{s:s, s:I}", "playbook", playbook, "incident",
	    (json_int_t)incident_id);
end:
	st = db_end(s->db, st, err);
	incident_clear(&inc);
	if (st == ST_OK && id != NULL)
		*id = d.id;
	return st;
}

enum status
drill_finish(struct session *s, long long id, const char *findings,
    struct err *err)
{
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = check_text("findings", findings, DRILL_FINDINGS_MAX, true,
	    err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_drill_finish(s->db, id, now, findings, err)) != ST_OK)
		goto end;
	/* The findings stay out: they may name the people involved. */
	st = audit_record(s->db, s->actor, "drill.finish", "drill", id, err,
	    "{s:s}", "finished_at", now);
end:
	st = db_end(s->db, st, err);
	return st;
}

enum status
drill_get(struct session *s, long long id, struct drill *out, struct err *err)
{
	return q_drill_by_id(s->db, id, out, err);
}

enum status
drill_list(struct session *s, long long limit, long long offset,
    struct rowlist *out, struct err *err)
{
	rowlist_init(out, sizeof(struct drill));
	if (limit < 0 || offset < 0)
		return err_set(err, ST_INVALID, "limit and offset are not negative");
	return q_drill_list(s->db, limit, offset, out, err);
}

enum status
drill_last_finished(struct session *s, struct drill *out, struct err *err)
{
	return q_drill_last_finished(s->db, out, err);
}

enum status
report_receive(struct session *s, const char *reporter, const char *summary,
    const char *received_at, long long *id, struct err *err)
{
	struct report r = { 0 };
	char at[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = check_text("summary", summary, REPORT_SUMMARY_MAX, true,
	    err)) != ST_OK ||
	    (st = check_text("reporter", reporter, REPORT_REPORTER_MAX, false,
	    err)) != ST_OK ||
	    (st = check_past_time("received_at", received_at, at, err)) != ST_OK)
		return st;
	r.received_at = at;
	r.reporter = reporter != NULL && *reporter != '\0' ? (char *)reporter :
	    NULL;
	r.summary = (char *)summary;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_report_insert(s->db, &r, err)) != ST_OK)
		goto end;
	/* The reporter is a person (or their address): never in the chain. */
	st = audit_record(s->db, s->actor, "report.receive", "report", r.id, err,
	    "{s:s}", "received_at", at);
end:
	st = db_end(s->db, st, err);
	if (st == ST_OK && id != NULL)
		*id = r.id;
	return st;
}

/* The time STEP of R was recorded, or NULL. */
static const char *
step_time(const struct report *r, enum report_step step)
{
	switch (step) {
	case REPORT_ACKNOWLEDGED:
		return r->acknowledged_at;
	case REPORT_TRIAGED:
		return r->triaged_at;
	case REPORT_FIXED:
		return r->fixed_at;
	}
	return NULL;
}

/* Record STEP of report ID at AT after checking it follows the step
 * before it, in one audited transaction. */
static enum status
report_step(struct session *s, long long id, enum report_step step,
    const char *at_in, struct err *err)
{
	static const char *const names[] = { "acknowledged", "triaged", "fixed" };
	static const char *const actions[] = {
		"report.acknowledge", "report.triage", "report.fix",
	};
	struct report r = { 0 };
	char at[CLOCK_BUFSZ];
	const char *prev_at;
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = check_past_time(names[step], at_in, at, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_report_by_id(s->db, id, &r, err)) != ST_OK)
		goto end;
	prev_at = step == REPORT_ACKNOWLEDGED ? r.received_at :
	    step_time(&r, (enum report_step)(step - 1));
	if (prev_at == NULL) {
		st = err_set(err, ST_INVALID, "report %lld is not %s yet; record "
		    "that first", id, names[step - 1]);
		goto end;
	}
	if (step_time(&r, step) == NULL && strcmp(at, prev_at) < 0) {
		st = err_set(err, ST_INVALID, "%s: %s is before the report was %s "
		    "(%s)", names[step], at, step == REPORT_ACKNOWLEDGED ?
		    "received" : names[step - 1], prev_at);
		goto end;
	}
	if ((st = q_report_set_step(s->db, id, step, at, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, actions[step], "report", id, err,
	    "{s:s}", "at", at);
end:
	st = db_end(s->db, st, err);
	report_clear(&r);
	return st;
}

enum status
report_acknowledge(struct session *s, long long id, const char *at,
    struct err *err)
{
	return report_step(s, id, REPORT_ACKNOWLEDGED, at, err);
}

enum status
report_triage(struct session *s, long long id, const char *at,
    struct err *err)
{
	return report_step(s, id, REPORT_TRIAGED, at, err);
}

enum status
report_fix(struct session *s, long long id, const char *at, struct err *err)
{
	return report_step(s, id, REPORT_FIXED, at, err);
}

enum status
report_link_incident(struct session *s, long long id, long long incident_id,
    struct err *err)
{
	struct incident inc = { 0 };
	struct report r = { 0 };
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if (incident_id < 0)
		return err_set(err, ST_INVALID, "incident: an id is positive, or "
		    "0 to unlink");
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_report_by_id(s->db, id, &r, err)) != ST_OK)
		goto end;
	if (incident_id != 0 &&
	    (st = q_incident_by_id(s->db, incident_id, &inc, err)) != ST_OK)
		goto end;
	if ((st = q_report_link_incident(s->db, id, incident_id, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "report.link", "report", id, err,
	    "{s:I, s:I}", "incident", (json_int_t)incident_id, "previous",
	    (json_int_t)r.incident_id);
end:
	st = db_end(s->db, st, err);
	incident_clear(&inc);
	report_clear(&r);
	return st;
}

enum status
report_get(struct session *s, long long id, struct report *out,
    struct err *err)
{
	return q_report_by_id(s->db, id, out, err);
}

enum status
report_list(struct session *s, long long limit, long long offset,
    struct rowlist *out, struct err *err)
{
	rowlist_init(out, sizeof(struct report));
	if (limit < 0 || offset < 0)
		return err_set(err, ST_INVALID, "limit and offset are not negative");
	return q_report_list(s->db, limit, offset, out, err);
}
