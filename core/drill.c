/* core/drill.c - drills of the breach-notification procedure (a drill
 * incident, its communications, its clocks' results) and researchers'
 * reports: checks, clocks, audit. */
#include "config.h"

#include "core/drill.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/channel.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/deadline.h"
#include "core/incident.h"
#include "core/playbook.h"
#include "core/settings.h"
#include "core/subscriber.h"
#include "core/text.h"
#include "core/workflow.h"
#include "storage/q_access.h"
#include "storage/q_incident.h"
#include "util/xalloc.h"

/* The playbook, test list and test channel a drill runs with, each as
 * given or else from its setting, checked; TEST_CHANNEL_ID 0 when none. */
struct drill_args {
	char     *playbook;
	char     *test_list;
	long long test_channel_id;
};

static void
drill_args_clear(struct drill_args *a)
{
	free(a->playbook);
	free(a->test_list);
	memset(a, 0, sizeof *a);
}

static enum status
drill_args_get(struct session *s, const char *playbook, const char *test_list,
    const char *test_channel, struct drill_args *a, struct err *err)
{
	struct channel ch = { 0 };
	char *chname = NULL;
	enum status st;

	memset(a, 0, sizeof *a);
	if (playbook != NULL)
		a->playbook = xstrdup(playbook);
	else if ((st = setting_get(s, "breach.playbook", &a->playbook,
	    err)) != ST_OK)
		return st;
	if ((st = check_text("playbook", a->playbook, DRILL_PLAYBOOK_MAX, true,
	    err)) != ST_OK)
		return st;
	if (test_list != NULL)
		a->test_list = xstrdup(test_list);
	else if ((st = setting_get(s, "drill.list", &a->test_list, err)) !=
	    ST_OK)
		return st;
	if ((st = subscriber_check_list(a->test_list, err)) != ST_OK)
		return st;
	if (strncmp(a->test_list, "drill:", 6) != 0)
		return err_set(err, ST_INVALID, "list %s: a drill's e-mails go "
		    "to a test list of kind drill (like drill:*), never to a "
		    "real one", a->test_list);
	if (test_channel != NULL)
		chname = xstrdup(test_channel);
	else if ((st = setting_get(s, "drill.channel", &chname, err)) != ST_OK)
		return st;
	if (chname == NULL || *chname == '\0')
		goto end;
	if ((st = channel_get_by_name(s, chname, &ch, err)) != ST_OK) {
		if (st == ST_NOTFOUND)
			st = err_set(err, ST_NOTFOUND, "channel %s: no such channel "
			    "(see herald channel list)%s", chname, test_channel ==
			    NULL ? "; the setting drill.channel names it" : "");
		goto end;
	}
	if (strcmp(ch.kind, "webhook") != 0 && strcmp(ch.kind, "email") != 0) {
		st = err_set(err, ST_INVALID, "channel %s is a %s channel; a "
		    "drill's test channel is a webhook or e-mail channel",
		    chname, ch.kind);
		goto end;
	}
	a->test_channel_id = ch.id;
end:
	channel_clear(&ch);
	free(chname);
	return st;
}

/* Start every communication of playbook PB about incident REF, as
 * `herald comm new` does; *N gets how many. Inside the caller's
 * transaction. */
static enum status
start_comms(struct session *s, const struct playbook *pb, const char *ref,
    size_t *n, struct err *err)
{
	struct comm_start in = { .incident = ref, .playbook = pb->name };
	long long ids[32];

	return comm_start_with(s, &in, pb, ids, sizeof ids / sizeof ids[0], n,
	    err);
}

/* Record drill D (playbook, incident, list, channel set) and its audit
 * row, inside the caller's transaction. */
static enum status
record_drill(struct session *s, struct drill *d, size_t n_started,
    struct err *err)
{
	enum status st;

	if ((st = q_drill_insert(s->db, d, err)) != ST_OK)
		return st;
	return audit_record(s->db, s->actor, "drill.start", "drill", d->id, err,
	    "{s:s, s:I, s:s, s:I, s:I}", "playbook", d->playbook, "incident",
	    (json_int_t)d->incident_id, "list", d->test_list, "channel",
	    (json_int_t)d->test_channel_id, "communications",
	    (json_int_t)n_started);
}

static enum status
load_playbook(const char *name, struct playbook **pb, struct err *err)
{
	char *path = NULL;
	enum status st;

	*pb = NULL;
	if ((st = playbook_find(name, &path, err)) == ST_OK)
		st = playbook_load_file(path, pb, NULL, err);
	free(path);
	return st;
}

enum status
drill_start(struct session *s, const char *playbook, const char *test_list,
    const char *test_channel, long long *id, long long *incident_id,
    struct err *err)
{
	struct drill_args a;
	struct playbook *pb = NULL;
	struct incident inc = { 0 };
	struct incident_new in = { 0 };
	struct drill d = { 0 };
	char now[CLOCK_BUFSZ], date[CLOCK_BUFSZ], *title = NULL;
	size_t n = 0;
	enum status st;

	memset(&a, 0, sizeof a);
	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = drill_args_get(s, playbook, test_list, test_channel, &a,
	    err)) != ST_OK || (st = load_playbook(a.playbook, &pb, err)) != ST_OK)
		goto end;
	clock_now_str(now);
	clock_format_date(clock_now(), date);
	title = xasprintf("Drill: %s, %s", pb->title, date);
	in.title = title;
	in.trigger_kind = "data-breach";
	in.severity = "high";
	in.aware_at = now;
	in.discovered_at = now;
	in.is_drill = true;
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto end;
	if ((st = incident_create(s, &in, &inc, err)) == ST_OK &&
	    (st = start_comms(s, pb, inc.ref, &n, err)) == ST_OK) {
		d.playbook = a.playbook;
		d.incident_id = inc.id;
		d.started_at = now;
		d.run_by = s->user.id;
		d.test_list = a.test_list;
		d.test_channel_id = a.test_channel_id;
		st = record_drill(s, &d, n, err);
	}
	if ((st = db_end(s->db, st, err)) == ST_OK) {
		if (id != NULL)
			*id = d.id;
		if (incident_id != NULL)
			*incident_id = inc.id;
	}
end:
	incident_clear(&inc);
	playbook_free(&pb);
	drill_args_clear(&a);
	free(title);
	return st;
}

/* Whether incident INCIDENT_ID has a communication of playbook NAME. */
static enum status
has_comms_of(struct session *s, long long incident_id, const char *name,
    bool *has, struct err *err)
{
	struct rowlist l;
	const struct communication *c;
	enum status st;
	size_t i;

	*has = false;
	if ((st = communication_list_for_incident(s, incident_id, &l, err)) ==
	    ST_OK)
		for (i = 0; i < l.count; i++) {
			c = rowlist_at(&l, i);
			if (strcmp(c->playbook, name) == 0)
				*has = true;
		}
	rowlist_free(&l, (row_clear_fn)communication_clear);
	return st;
}

enum status
drill_attach(struct session *s, long long incident_id, const char *playbook,
    const char *test_list, const char *test_channel, long long *id,
    struct err *err)
{
	struct drill_args a;
	struct playbook *pb = NULL;
	struct incident inc = { 0 };
	struct drill d = { 0 };
	char now[CLOCK_BUFSZ];
	bool has = false;
	size_t n = 0;
	enum status st;

	memset(&a, 0, sizeof a);
	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if (incident_id <= 0)
		return err_set(err, ST_INVALID, "incident: which drill incident? "
		    "an id is positive");
	if ((st = drill_args_get(s, playbook, test_list, test_channel, &a,
	    err)) != ST_OK || (st = load_playbook(a.playbook, &pb, err)) != ST_OK)
		goto end;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto end;
	if ((st = q_incident_by_id(s->db, incident_id, &inc, err)) == ST_OK &&
	    !inc.is_drill)
		st = err_set(err, ST_INVALID, "incident: %s is a real incident; a "
		    "drill runs on a drill incident", inc.ref);
	if (st == ST_OK &&
	    (st = has_comms_of(s, inc.id, pb->name, &has, err)) == ST_OK &&
	    (has || (st = start_comms(s, pb, inc.ref, &n, err)) == ST_OK)) {
		d.playbook = a.playbook;
		d.incident_id = inc.id;
		d.started_at = now;
		d.run_by = s->user.id;
		d.test_list = a.test_list;
		d.test_channel_id = a.test_channel_id;
		st = record_drill(s, &d, n, err);
	}
	if ((st = db_end(s->db, st, err)) == ST_OK && id != NULL)
		*id = d.id;
end:
	incident_clear(&inc);
	playbook_free(&pb);
	drill_args_clear(&a);
	return st;
}

/* Whole minutes from A to B (RFC 3339), rounded down. */
static long long
minutes_between(const char *a, const char *b)
{
	time_t ta, tb;

	if (clock_parse(a, &ta, NULL) != ST_OK ||
	    clock_parse(b, &tb, NULL) != ST_OK)
		return 0;
	return (long long)(tb - ta) / 60;
}

/* One clock's result at NOW (the end of the drill) as an object. */
static json_t *
clock_result(const struct deadline *d, const char *now)
{
	const char *result;
	json_t *o;
	long long early = -1, late = -1;

	if (d->stopped_at[0] == '\0') {
		result = "not reached";
		if (d->due_at[0] != '\0' && strcmp(now, d->due_at) > 0)
			late = minutes_between(d->due_at, now);
	} else if (d->due_at[0] == '\0' || strcmp(d->stopped_at,
	    d->due_at) <= 0) {
		result = "met";
		early = d->due_at[0] != '\0' ? minutes_between(d->stopped_at,
		    d->due_at) : 0;
	} else {
		result = "missed";
		late = minutes_between(d->due_at, d->stopped_at);
	}
	o = json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s, s:s?, s:b, s:s}",
	    "communication_id", (json_int_t)d->communication_id,
	    "communication", d->communication_title, "clock", d->clock_id,
	    "title", d->title, "regime", d->regime, "due_at", d->due_at,
	    "stopped_at", d->stopped_at[0] != '\0' ? d->stopped_at : NULL,
	    "is_recurring", d->is_recurring, "result", result);
	if (o == NULL)
		die("out of memory");
	json_object_set_new(o, "minutes_early", early >= 0 ?
	    json_integer(early) : json_null());
	json_object_set_new(o, "minutes_late", late >= 0 ?
	    json_integer(late) : json_null());
	return o;
}

/* The results of every clock of INCIDENT_ID at NOW, as JSON text (caller
 * frees); *MET and *TOTAL count them. */
static enum status
compute_results(struct session *s, long long incident_id, const char *now,
    char **out, int *met, int *total, struct err *err)
{
	struct rowlist clocks;
	const struct deadline *d;
	json_t *arr = json_array(), *o;
	enum status st = ST_OK;
	size_t i;

	*out = NULL;
	*met = *total = 0;
	if (arr == NULL)
		die("out of memory");
	rowlist_init(&clocks, sizeof(struct deadline));
	if (incident_id != 0 &&
	    (st = deadline_for_incident(s, incident_id, &clocks, err)) != ST_OK)
		goto end;
	for (i = 0; i < clocks.count; i++) {
		d = rowlist_at(&clocks, i);
		o = clock_result(d, now);
		if (strcmp(jstr(o, "result"), "met") == 0)
			(*met)++;
		(*total)++;
		json_array_append_new(arr, o);
	}
	if ((*out = json_dumps(arr, JSON_COMPACT)) == NULL)
		die("out of memory");
end:
	rowlist_free(&clocks, (row_clear_fn)deadline_clear);
	json_decref(arr);
	return st;
}

enum status
drill_finish(struct session *s, long long id, const char *findings,
    struct err *err)
{
	struct drill d = { 0 };
	struct incident inc = { 0 };
	char now[CLOCK_BUFSZ], *results = NULL;
	int met = 0, total = 0;
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = check_text("findings", findings, DRILL_FINDINGS_MAX, true,
	    err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_drill_by_id(s->db, id, &d, err)) != ST_OK)
		goto end;
	if (d.finished_at != NULL) {
		st = err_set(err, ST_CONFLICT, "drill %lld was already finished "
		    "at %s", id, d.finished_at);
		goto end;
	}
	if ((st = compute_results(s, d.incident_id, now, &results, &met, &total,
	    err)) != ST_OK ||
	    (st = q_drill_finish(s->db, id, now, findings, results, err)) !=
	    ST_OK)
		goto end;
	/* The exercise is over: its incident closes as incidents do. */
	if (d.incident_id != 0 &&
	    ((st = q_incident_by_id(s->db, d.incident_id, &inc, err)) != ST_OK ||
	    (st = incident_set_state(s, inc.id, inc.version, "closed", err)) !=
	    ST_OK))
		goto end;
	/* The findings stay out: they may name the people involved. */
	st = audit_record(s->db, s->actor, "drill.finish", "drill", id, err,
	    "{s:s, s:i, s:i}", "finished_at", now, "clocks", total, "met", met);
end:
	st = db_end(s->db, st, err);
	drill_clear(&d);
	incident_clear(&inc);
	free(results);
	return st;
}

enum status
drill_get(struct session *s, long long id, struct drill *out, struct err *err)
{
	return q_drill_by_id(s->db, id, out, err);
}

enum status
drill_for_incident(struct session *s, long long incident_id,
    struct drill *out, struct err *err)
{
	return q_drill_by_incident(s->db, incident_id, out, err);
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

void
drill_clock_clear(struct drill_clock *c)
{
	if (c == NULL)
		return;
	free(c->communication);
	free(c->clock);
	free(c->title);
	free(c->regime);
	free(c->due_at);
	free(c->stopped_at);
	free(c->result);
	memset(c, 0, sizeof *c);
}

static char *
dup_or_null(const json_t *o, const char *key)
{
	const char *v = jstr(o, key);

	return v != NULL ? xstrdup(v) : NULL;
}

static long long
int_or(const json_t *o, const char *key, long long dflt)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (long long)json_integer_value(v) : dflt;
}

enum status
drill_results(const struct drill *d, struct rowlist *out, struct err *err)
{
	struct drill_clock *c;
	json_error_t je;
	json_t *arr, *o;
	size_t i;

	rowlist_init(out, sizeof(struct drill_clock));
	if (d->results == NULL || *d->results == '\0')
		return ST_OK;
	if ((arr = json_loads(d->results, 0, &je)) == NULL ||
	    !json_is_array(arr)) {
		json_decref(arr);
		return err_set(err, ST_DB, "drill %lld: its results cannot be "
		    "read (%s)", d->id, arr == NULL ? je.text : "not an array");
	}
	json_array_foreach(arr, i, o) {
		c = rowlist_push(out);
		c->communication_id = int_or(o, "communication_id", 0);
		c->communication = dup_or_null(o, "communication");
		c->clock = dup_or_null(o, "clock");
		c->title = dup_or_null(o, "title");
		c->regime = dup_or_null(o, "regime");
		c->due_at = dup_or_null(o, "due_at");
		c->stopped_at = dup_or_null(o, "stopped_at");
		c->result = dup_or_null(o, "result");
		if (c->result == NULL)
			c->result = xstrdup("not reached");
		c->minutes_early = int_or(o, "minutes_early", -1);
		c->minutes_late = int_or(o, "minutes_late", -1);
		c->is_recurring = json_is_true(json_object_get(o,
		    "is_recurring"));
	}
	json_decref(arr);
	return ST_OK;
}

void
drill_tally(const struct drill *d, int *met, int *total)
{
	json_t *arr, *o;
	size_t i;

	*met = *total = 0;
	if (d->results == NULL ||
	    (arr = json_loads(d->results, 0, NULL)) == NULL)
		return;
	json_array_foreach(arr, i, o) {
		(*total)++;
		if (jstr(o, "result") != NULL &&
		    strcmp(jstr(o, "result"), "met") == 0)
			(*met)++;
	}
	json_decref(arr);
}

/* MIN minutes as "2 d 3 h", "5 h 10 min", "45 min" into BUF. */
static void
span_text(long long min, char *buf, size_t n)
{
	long long d = min / 1440, h = (min % 1440) / 60, m = min % 60;

	if (d > 0)
		snprintf(buf, n, "%lld d %lld h", d, h);
	else if (h > 0 && m > 0)
		snprintf(buf, n, "%lld h %lld min", h, m);
	else if (h > 0)
		snprintf(buf, n, "%lld h", h);
	else
		snprintf(buf, n, "%lld min", m);
}

char *
drill_clock_text(const struct drill_clock *c, char *buf, size_t n)
{
	char span[64];

	if (strcmp(c->result, "met") == 0 && c->minutes_early >= 0) {
		span_text(c->minutes_early, span, sizeof span);
		snprintf(buf, n, "met, %s early", span);
	} else if (strcmp(c->result, "missed") == 0 && c->minutes_late >= 0) {
		span_text(c->minutes_late, span, sizeof span);
		snprintf(buf, n, "missed by %s", span);
	} else if (c->minutes_late >= 0) {
		span_text(c->minutes_late, span, sizeof span);
		snprintf(buf, n, "%s, %s past due", c->result, span);
	} else
		snprintf(buf, n, "%s", c->result);
	return buf;
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
	bool sees = true;
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
	/* Need to know: a link to an incident under embargo is changed only
	 * by those who may see it. */
	if (r.incident_id != 0 &&
	    ((st = q_access_sees(s->db, r.incident_id, &sees, err)) != ST_OK ||
	    !sees)) {
		if (st == ST_OK)
			st = err_set(err, ST_DENIED, "report %lld is tied to an "
			    "incident under embargo that %s may not see; only "
			    "those who may see it change the link", id, s->login);
		goto end;
	}
	if (incident_id != 0 &&
	    ((st = q_incident_by_id(s->db, incident_id, &inc, err)) != ST_OK ||
	    (st = q_access_sees(s->db, inc.id, &sees, err)) != ST_OK))
		goto end;
	if (!sees) {
		st = err_set(err, ST_NOTFOUND, "incident: no incident with id %lld "
		    "that you may see", incident_id);
		goto end;
	}
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
