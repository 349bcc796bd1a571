/* tests/unit/test_drill.c - drills of the breach-notification procedure
 * (start, clocks' results, where their messages go, the DRILL mark) and
 * researchers' reports: refusals first, then behaviour, roles, repeats
 * and the audit chain. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/channel.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/drill.h"
#include "core/incident.h"
#include "core/outbox.h"
#include "core/render.h"
#include "core/settings.h"
#include "core/subscriber.h"
#include "core/workflow.h"

#define MAIL "{\"url\":\"smtp://127.0.0.1:1\",\"from\":\"Sec <sec@vendor.example>\"}"

/* A small breach procedure: two communications, clocks of one hour and
 * two days on the first and of a day on the second, e-mail out. */
static const char procedure[] =
    "playbook: drill-test\n"
    "version: \"1\"\n"
    "title: Test breach procedure\n"
    "kind: customer-notice\n"
    "audience: customers\n"
    "variants:\n"
    "  - id: a\n"
    "    title: Notice A\n"
    "    kind: customer-notice\n"
    "    audience: customers\n"
    "  - id: b\n"
    "    title: Notice B\n"
    "    kind: regulator-notification\n"
    "    audience: regulator\n"
    TU_PB_FACTS
    "      - id: summary\n"
    "        type: text\n"
    "        label: Summary\n"
    "        required: true\n"
    "      - id: recipients\n"
    "        type: email-list\n"
    "        label: Who receives it\n"
    "        internal: true\n"
    "  - id: approve\n"
    "    kind: gate\n"
    "    title: Approval\n"
    "    roles: [approver:legal]\n"
    "  - id: send\n"
    "    kind: publish\n"
    "    title: Publish\n"
    "    channels: [mail]\n"
    "clocks:\n"
    "  - id: fast\n"
    "    title: Within an hour\n"
    "    from: awareness\n"
    "    within: 1h\n"
    "    variant: a\n"
    "  - id: slow\n"
    "    title: Within two days\n"
    "    from: awareness\n"
    "    within: 48h\n"
    "    variant: a\n"
    "  - id: other\n"
    "    title: Within a day\n"
    "    from: awareness\n"
    "    within: 24h\n"
    "    variant: b\n"
    "outputs:\n"
    "  - id: mail\n"
    "    format: email\n"
    "    title: E-mail\n";

struct fx {
	struct session *s;          /* ada: admin and author */
	struct session *lee;        /* approver:legal and sro */
	char           *dir;
	char           *pbdir;
	char           *db;         /* the database file */
	long long       drill_incident;
	long long       real_incident;
};

static long long
new_incident(struct session *s, bool is_drill)
{
	return tu_incident_new(s, &(struct incident_new){
	    .title = is_drill ? "Drill: laptop stolen" : "Laptop stolen",
	    .trigger_kind = "data-breach", .severity = "medium",
	    .is_drill = is_drill });
}

static void
add_channel(struct session *s, const char *name, const char *kind,
    const char *settings)
{
	struct err err = { 0 };

	if (channel_create(s, name, kind, settings, NULL, &err) != ST_OK)
		fail_msg("channel %s: %s", name, err.msg);
}

/* ADDRESS on LIST, confirmed when IS_CONFIRMED; returns its id. */
static long long
add_sub(struct session *s, const char *address, const char *list,
    bool is_confirmed)
{
	const char *lists[] = { list, NULL };
	struct err err = { 0 };
	long long id = 0;

	if (subscriber_add_new(s, &(struct subscriber_new){ .address = address,
	    .lists = lists, .is_confirmed = is_confirmed }, &id, &err) != ST_OK)
		fail_msg("subscriber %s: %s", address, err.msg);
	return id;
}

static void
set(struct session *s, const char *key, const char *value)
{
	struct err err = { 0 };

	if (setting_set(s, key, value, &err) != ST_OK)
		fail_msg("setting %s: %s", key, err.msg);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	tu_add_user(f->s, "lee", "approver:legal", "sro", NULL);
	f->lee = tu_open_as(f->dir, "lee");
	f->pbdir = tu_config_dir(f->dir, "playbooks");
	f->db = tu_path(f->dir, "herald.db");
	tu_write_yaml(f->pbdir, "drill-test", procedure);
	tu_import_templates(f->s);
	set(f->s, "breach.playbook", "drill-test");
	add_channel(f->s, "mail", "email", MAIL);
	f->drill_incident = new_incident(f->s, true);
	f->real_incident = new_incident(f->s, false);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	session_close(&f->lee);
	tu_session_free(&f->s, &f->dir);
	free(f->pbdir);
	free(f->db);
	free(f);
	return 0;
}

static long long
count(struct fx *f, const char *sql)
{
	return tu_sql_int(f->db, sql);
}

static size_t
count_drills(struct session *s)
{
	struct rowlist l;
	struct err err = { 0 };
	size_t n;

	assert_int_equal(drill_list(s, 0, 0, &l, &err), ST_OK);
	n = l.count;
	rowlist_free(&l, (row_clear_fn)drill_clear);
	return n;
}

static size_t
count_reports(struct session *s)
{
	struct rowlist l;
	struct err err = { 0 };
	size_t n;

	assert_int_equal(report_list(s, 0, 0, &l, &err), ST_OK);
	n = l.count;
	rowlist_free(&l, (row_clear_fn)report_clear);
	return n;
}

/* The communication of VARIANT of drill incident INCIDENT. */
static long long
comm_of(struct fx *f, long long incident, const char *variant)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT id FROM communications WHERE"
	    " incident_id = %lld AND variant = '%s'", incident, variant);
	return count(f, sql);
}

/* Answer communication ID and take it to approved. */
static void
approve(struct fx *f, long long id, const char *recipients)
{
	tu_comm_set(f->s, id, "summary", "A laptop was stolen");
	if (recipients != NULL)
		tu_comm_set(f->s, id, "recipients", recipients);
	tu_comm_approve(f->s, f->lee, id, "facts", NULL);
}

static void
test_drill_degenerate(void **state)
{
	struct fx *f = *state;
	struct drill d = { 0 };
	struct err err = { 0 };
	char playbook[DRILL_PLAYBOOK_MAX + 2], *big;
	long long before = tu_audit_count(f->s), id = -1, inc = -1;
	long long incidents = tu_count_rows(f->db, "incidents");

	add_channel(f->s, "gh", "github",
	    "{\"repository\":\"acme/widget\",\"token_env\":\"GH_TOKEN\"}");
	before = tu_audit_count(f->s);
#define REFUSE(s_, pb_, list_, ch_, st_, word_) do { \
	assert_int_equal(drill_start((s_), (pb_), (list_), (ch_), &id, &inc, \
	    &err), (st_)); \
	if (strstr(err.msg, (word_)) == NULL) \
		fail_msg("\"%s\" does not mention %s", err.msg, (word_)); \
} while (0)
	REFUSE(f->s, "", NULL, NULL, ST_INVALID, "playbook");
	memset(playbook, 'p', sizeof playbook - 1);
	playbook[sizeof playbook - 1] = '\0';
	REFUSE(f->s, playbook, NULL, NULL, ST_INVALID, "playbook");
	REFUSE(f->s, "no-such-playbook", NULL, NULL, ST_NOTFOUND,
	    "no-such-playbook");
	REFUSE(f->s, NULL, "breach:*", NULL, ST_INVALID, "drill");
	REFUSE(f->s, NULL, "advisories:*", NULL, ST_INVALID, "never to a real");
	REFUSE(f->s, NULL, "drill", NULL, ST_INVALID, "list");
	REFUSE(f->s, NULL, NULL, "nope", ST_NOTFOUND, "nope");
	REFUSE(f->s, NULL, NULL, "gh", ST_INVALID, "webhook or e-mail");
	REFUSE(f->lee, NULL, NULL, NULL, ST_DENIED, "lee");
#undef REFUSE
	assert_int_equal(drill_attach(f->s, f->real_incident, NULL, NULL, NULL,
	    &id, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "real"));
	assert_int_equal(drill_attach(f->s, 99, NULL, NULL, NULL, &id, &err),
	    ST_NOTFOUND);
	assert_int_equal(drill_attach(f->s, -1, NULL, NULL, NULL, &id, &err),
	    ST_INVALID);
	assert_int_equal(id, -1);
	assert_int_equal(inc, -1);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_drills(f->s), 0);
	assert_int_equal(tu_count_rows(f->db, "incidents"), incidents);
	assert_int_equal(tu_count_rows(f->db, "communications"), 0);
	assert_int_equal(drill_finish(f->s, 1, "fine", &err), ST_NOTFOUND);
	assert_int_equal(drill_finish(f->s, 1, NULL, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "findings"));
	assert_int_equal(drill_finish(f->s, 1, "", &err), ST_INVALID);
	big = malloc(DRILL_FINDINGS_MAX + 2);
	memset(big, 'f', DRILL_FINDINGS_MAX + 1);
	big[DRILL_FINDINGS_MAX + 1] = '\0';
	assert_int_equal(drill_finish(f->s, 1, big, &err), ST_INVALID);
	free(big);
	assert_int_equal(drill_finish(f->lee, 1, "fine", &err), ST_DENIED);
	assert_int_equal(drill_get(f->s, 1, &d, &err), ST_NOTFOUND);
	assert_int_equal(drill_last_finished(f->s, &d, &err), ST_NOTFOUND);
	assert_int_equal(drill_for_incident(f->s, f->drill_incident, &d, &err),
	    ST_NOTFOUND);
	assert_int_equal(tu_audit_count(f->s), before);
}

/* A drill opens a drill incident and starts every communication of the
 * playbook, in one audited transaction. */
static void
test_drill_start(void **state)
{
	struct fx *f = *state;
	struct incident inc = { 0 };
	struct drill d = { 0 }, *p;
	struct rowlist l;
	struct err err = { 0 };
	char subject[48];
	long long before = tu_audit_count(f->s), id = 0, iid = 0, id2 = 0;
	long long hook;

	assert_int_equal(drill_start(f->s, NULL, NULL, NULL, &id, &iid, &err),
	    ST_OK);
	assert_int_equal(incident_get_listed(f->s, iid, &inc, &err), ST_OK);
	assert_true(inc.is_drill);
	assert_string_equal(inc.trigger_kind, "data-breach");
	assert_string_equal(inc.severity, "high");
	assert_string_equal(inc.title,
	    "Drill: Test breach procedure, 2026-03-01");
	assert_string_equal(inc.aware_at, "2026-03-01T12:00:00Z");
	assert_string_equal(inc.state, "open");
	incident_clear(&inc);
	/* Every variant, as comm start starts them. */
	assert_true(comm_of(f, iid, "a") > 0);
	assert_true(comm_of(f, iid, "b") > 0);
	assert_int_equal(tu_count_rows(f->db, "communications"), 2);
	assert_int_equal(drill_get(f->s, id, &d, &err), ST_OK);
	assert_string_equal(d.playbook, "drill-test");
	assert_int_equal(d.incident_id, iid);
	assert_string_equal(d.started_at, "2026-03-01T12:00:00Z");
	assert_null(d.finished_at);
	assert_string_equal(d.test_list, "drill:*");
	assert_int_equal(d.test_channel_id, 0);
	assert_string_equal(d.results, "[]");
	assert_int_equal(d.run_by, f->s->user.id);
	drill_clear(&d);
	/* The incident, two communications and the drill, each audited. */
	assert_true(tu_audit_count(f->s) >= before + 4);
	snprintf(subject, sizeof subject, "drill:%lld", id);
	tu_expect_audit_has(f->s, NULL, "drill.start", subject,
	    "\"communications\":2");
	assert_int_equal(drill_for_incident(f->s, iid, &d, &err), ST_OK);
	assert_int_equal(d.id, id);
	drill_clear(&d);

	/* Its own list and a webhook to test with. */
	add_channel(f->s, "hook", "webhook", "{\"url\":\"http://127.0.0.1:1/\"}");
	hook = count(f, "SELECT id FROM channels WHERE name = 'hook'");
	tu_product_new(f->s, "widget", "Widget");
	clock_set_fixed(TU_NOW + 60);
	assert_int_equal(drill_start(f->s, NULL, "drill:widget", "hook", &id2,
	    NULL, &err), ST_OK);
	assert_int_equal(drill_get(f->s, id2, &d, &err), ST_OK);
	assert_string_equal(d.test_list, "drill:widget");
	assert_int_equal(d.test_channel_id, hook);
	drill_clear(&d);
	/* Most recently started first. */
	assert_int_equal(drill_list(f->s, 0, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	p = rowlist_at(&l, 0);
	assert_int_equal(p->id, id2);
	rowlist_free(&l, (row_clear_fn)drill_clear);
	assert_int_equal(drill_list(f->s, 1, 1, &l, &err), ST_OK);
	assert_int_equal(((struct drill *)rowlist_at(&l, 0))->id, id);
	rowlist_free(&l, (row_clear_fn)drill_clear);

	/* Attached to a drill incident opened by hand: its communications
	 * start once, not again. */
	assert_int_equal(drill_attach(f->s, f->drill_incident, NULL, NULL, NULL,
	    &id, &err), ST_OK);
	assert_true(comm_of(f, f->drill_incident, "a") > 0);
	assert_int_equal(drill_attach(f->s, f->drill_incident, NULL, NULL, NULL,
	    &id, &err), ST_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM communications"
	    " WHERE variant = 'a'"), 3);
	tu_expect_chain_ok(f->s);
}

static const struct drill_clock *
clock_named(const struct rowlist *l, const char *id)
{
	const struct drill_clock *c;
	size_t i;

	for (i = 0; i < l->count; i++) {
		c = rowlist_at(l, i);
		if (strcmp(c->clock, id) == 0)
			return c;
	}
	fail_msg("no clock %s in the results", id);
	return NULL;
}

/* Finishing times each clock against the pinned clock: met, missed, not
 * reached; closes the incident; needs findings; only once. */
static void
test_drill_finish(void **state)
{
	struct fx *f = *state;
	struct incident inc = { 0 };
	struct drill d = { 0 };
	struct rowlist l;
	const struct drill_clock *c;
	struct err err = { 0 };
	char subject[48], *detail, buf[128];
	long long id = 0, iid = 0, a;
	int met, total;

	assert_int_equal(drill_start(f->s, NULL, NULL, NULL, &id, &iid, &err),
	    ST_OK);
	a = comm_of(f, iid, "a");
	approve(f, a, NULL);
	/* Published two hours after awareness; nobody is on the test list,
	 * so its clocks stop at the publication. */
	clock_set_fixed(TU_NOW + 2 * 3600);
	tu_comm_publish(f->s, a);
	assert_int_equal(tu_count_rows(f->db, "outbox"), 0);
	clock_set_fixed(TU_NOW + 30 * 3600);
	assert_int_equal(drill_finish(f->s, id, "The legal gate took an hour.",
	    &err), ST_OK);
	snprintf(subject, sizeof subject, "drill:%lld", id);
	tu_expect_audit_has(f->s, NULL, "drill.finish", subject, "\"met\":1");
	detail = tu_last_audit_detail(f->s);
	assert_null(strstr(detail, "legal gate"));
	assert_non_null(strstr(detail, "\"clocks\":3"));
	free(detail);

	assert_int_equal(drill_get(f->s, id, &d, &err), ST_OK);
	assert_string_equal(d.finished_at, "2026-03-02T18:00:00Z");
	assert_string_equal(d.findings, "The legal gate took an hour.");
	drill_tally(&d, &met, &total);
	assert_int_equal(met, 1);
	assert_int_equal(total, 3);
	assert_int_equal(drill_results(&d, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	c = clock_named(&l, "fast");
	assert_string_equal(c->result, "missed");
	assert_string_equal(c->due_at, "2026-03-01T13:00:00Z");
	assert_string_equal(c->stopped_at, "2026-03-01T14:00:00Z");
	assert_int_equal(c->minutes_late, 60);
	assert_int_equal(c->minutes_early, -1);
	assert_int_equal(c->communication_id, a);
	assert_string_equal(c->title, "Within an hour");
	assert_string_equal(drill_clock_text(c, buf, sizeof buf),
	    "missed by 1 h");
	c = clock_named(&l, "slow");
	assert_string_equal(c->result, "met");
	assert_int_equal(c->minutes_early, 46 * 60);
	assert_int_equal(c->minutes_late, -1);
	assert_string_equal(drill_clock_text(c, buf, sizeof buf),
	    "met, 1 d 22 h early");
	c = clock_named(&l, "other");
	assert_string_equal(c->result, "not reached");
	assert_null(c->stopped_at);
	assert_string_equal(c->due_at, "2026-03-02T12:00:00Z");
	assert_int_equal(c->minutes_late, 6 * 60);
	assert_string_equal(drill_clock_text(c, buf, sizeof buf),
	    "not reached, 6 h past due");
	rowlist_free(&l, (row_clear_fn)drill_clock_clear);
	drill_clear(&d);

	/* The drill incident is closed the way incidents close. */
	assert_int_equal(incident_get_listed(f->s, iid, &inc, &err), ST_OK);
	assert_string_equal(inc.state, "closed");
	incident_clear(&inc);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE"
	    " action = 'incident.state'"), 1);

	/* Finishing twice is refused and changes nothing. */
	assert_int_equal(drill_finish(f->s, id, "Second thoughts", &err),
	    ST_CONFLICT);
	assert_non_null(strstr(err.msg, "already finished"));
	assert_int_equal(drill_last_finished(f->lee, &d, &err), ST_OK);
	assert_int_equal(d.id, id);
	assert_string_equal(d.findings, "The legal gate took an hour.");
	drill_clear(&d);
	tu_expect_chain_ok(f->s);
}

/* How many outbox rows, each with its channel c, match WHERE. */
static long long
rows_to(struct fx *f, const char *where)
{
	char sql[512];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox o JOIN channels c"
	    " ON c.id = o.channel_id WHERE %s", where);
	return count(f, sql);
}

/* A drill's messages reach its test list and test channel, nothing
 * else: not the real lists, not the recipients it names, not GitHub,
 * tickets or the site; each marked DRILL. */
static void
test_drill_routing(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct rowlist l;
	const struct outbox_row *r;
	struct subscriber sub = { 0 };
	struct err err = { 0 };
	json_t *p;
	long long id = 0, iid = 0, a, b, gone, n;
	size_t i;

	add_channel(f->s, "hook", "webhook", "{\"url\":\"http://127.0.0.1:1/\"}");
	add_channel(f->s, "other-hook", "webhook",
	    "{\"url\":\"http://127.0.0.1:2/\"}");
	add_channel(f->s, "gh", "github",
	    "{\"repository\":\"acme/widget\",\"token_env\":\"GH_TOKEN\"}");
	add_channel(f->s, "site", "directory", "{\"path\":\"/tmp/x\"}");
	add_sub(f->s, "real@example.org", "breach:*", true);
	add_sub(f->s, "reader@example.org", "advisories:*", true);
	add_sub(f->s, "tester@example.org", "drill:*", true);
	add_sub(f->s, "pending@example.org", "drill:*", false);
	gone = add_sub(f->s, "gone@example.org", "drill:*", true);
	assert_int_equal(subscriber_get(f->s, gone, &sub, &err), ST_OK);
	assert_int_equal(subscriber_unsubscribe(f->s, sub.token, &err), ST_OK);
	subscriber_clear(&sub);

	assert_int_equal(drill_start(f->s, NULL, NULL, "hook", &id, &iid, &err),
	    ST_OK);
	a = comm_of(f, iid, "a");
	approve(f, a, "regulator@example.org");
	tu_comm_publish(f->s, a);
	/* One e-mail to the tester, one webhook message; nothing else. */
	assert_int_equal(rows_to(f, "1"), 2);
	assert_int_equal(rows_to(f, "c.name = 'mail' AND o.target ="
	    " 'tester@example.org'"), 1);
	assert_int_equal(rows_to(f, "c.name = 'hook'"), 1);
	/* Fails the moment one message reaches anyone but the test list. */
	assert_int_equal(rows_to(f, "c.kind = 'email' AND o.target NOT IN"
	    " (SELECT s.address FROM subscribers s JOIN subscriptions u"
	    " ON u.subscriber_id = s.id WHERE u.list = 'drill:*'"
	    " AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL)"), 0);
	assert_int_equal(rows_to(f, "c.kind IN ('github', 'directory', 'jira',"
	    " 'servicenow') OR c.name = 'other-hook'"), 0);
	assert_int_equal(outbox_list_for_communication(f->s, a, 0, &l, &err),
	    ST_OK);
	for (i = 0; i < l.count; i++) {
		r = rowlist_at(&l, i);
		p = tu_json_load(r->payload);
		if (strcmp(r->target, "tester@example.org") == 0) {
			assert_int_equal(strncmp(tu_json_str(p, "subject"),
			    DRILL_TAG, strlen(DRILL_TAG)), 0);
			assert_int_equal(strncmp(tu_json_str(p, "text"),
			    DRILL_LINE, strlen(DRILL_LINE)), 0);
			assert_string_equal(tu_json_str(p, "list"), "drill:*");
		} else
			assert_int_equal(strncmp(tu_json_str(p, "body/text"),
			    DRILL_LINE, strlen(DRILL_LINE)), 0);
		json_decref(p);
	}
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);

	/* No e-mail channel enabled: the publication is refused whole. */
	b = comm_of(f, iid, "b");
	approve(f, b, NULL);
	assert_int_equal(channel_set_enabled(f->s, "mail", false, &err), ST_OK);
	n = tu_audit_count(f->s);
	tu_comm_open(f->s, b, &d);
	assert_int_equal(comm_publish(f->s, &d, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "no e-mail channel is enabled"));
	assert_non_null(strstr(err.msg, "drill:*"));
	comm_doc_clear(&d);
	tu_comm_expect_state(f->s, b, "approved");
	assert_int_equal(tu_audit_count(f->s), n);
	assert_int_equal(rows_to(f, "1"), 2);

	/* A test channel that is an e-mail channel carries the e-mails,
	 * alone; a drill incident with no drill row goes by the settings. */
	add_channel(f->s, "test-mail", "email", MAIL);
	assert_int_equal(channel_set_enabled(f->s, "mail", true, &err), ST_OK);
	set(f->s, "drill.channel", "test-mail");
	a = tu_comm_start(f->s, "SEC-2026-001", "drill-test", "a", 1);
	approve(f, a, "regulator@example.org");
	tu_comm_publish(f->s, a);
	assert_int_equal(rows_to(f, "1"), 3);
	assert_int_equal(rows_to(f, "c.name = 'test-mail' AND o.target ="
	    " 'tester@example.org'"), 1);
	tu_expect_chain_ok(f->s);
}

/* What approvers see is marked, and the content hash covers the mark. */
static void
test_drill_mark(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct rendered r = { 0 };
	struct content c1 = { 0 }, c2 = { 0 };
	struct err err = { 0 };
	char sql[128];
	long long iid = 0, a;

	assert_int_equal(drill_start(f->s, NULL, NULL, NULL, NULL, &iid, &err),
	    ST_OK);
	a = comm_of(f, iid, "a");
	tu_comm_set(f->s, a, "summary", "A laptop was stolen");
	tu_comm_open(f->s, a, &d);
	assert_int_equal(comm_preview(f->s, &d, "mail", NULL, &r, &err), ST_OK);
	assert_int_equal(strncmp(r.text, "Subject: " DRILL_TAG, 9 +
	    strlen(DRILL_TAG)), 0);
	assert_non_null(strstr(r.text, "\n\n" DRILL_LINE "\n\n"));
	rendered_clear(&r);
	assert_int_equal(content_of(f->s, &d, &c1, &err), ST_OK);
	assert_non_null(strstr(c1.canon, DRILL_LINE));
	comm_doc_clear(&d);
	/* The same words about a real incident hash otherwise. */
	snprintf(sql, sizeof sql, "UPDATE incidents SET is_drill = 0 WHERE"
	    " id = %lld", iid);
	tu_sql_exec(f->db, sql);
	tu_comm_open(f->s, a, &d);
	assert_int_equal(comm_preview(f->s, &d, "mail", NULL, &r, &err), ST_OK);
	assert_null(strstr(r.text, "DRILL"));
	rendered_clear(&r);
	assert_int_equal(content_of(f->s, &d, &c2, &err), ST_OK);
	assert_string_not_equal(c1.hash, c2.hash);
	comm_doc_clear(&d);
	content_clear(&c1);
	content_clear(&c2);
}

static void
test_report_degenerate(void **state)
{
	struct fx *f = *state;
	struct session *lee = tu_open_as(f->dir, "lee");
	struct report r = { 0 };
	struct err err = { 0 };
	char *big = malloc(REPORT_SUMMARY_MAX + 2);
	char reporter[REPORT_REPORTER_MAX + 2];
	long long before = tu_audit_count(f->s), id = -1;

#define REFUSE(s_, who_, sum_, at_, st_, word_) do { \
	assert_int_equal(report_receive((s_), (who_), (sum_), (at_), &id, &err), \
	    (st_)); \
	if (strstr(err.msg, (word_)) == NULL) \
		fail_msg("\"%s\" does not mention %s", err.msg, (word_)); \
} while (0)
	REFUSE(f->s, "Eve", NULL, NULL, ST_INVALID, "summary");
	REFUSE(f->s, "Eve", "", NULL, ST_INVALID, "summary");
	/* Blanks alone are no summary (the rule of every required text). */
	REFUSE(f->s, "Eve", " \t\n ", NULL, ST_INVALID, "not only blanks");
	memset(big, 's', REPORT_SUMMARY_MAX + 1);
	big[REPORT_SUMMARY_MAX + 1] = '\0';
	REFUSE(f->s, "Eve", big, NULL, ST_INVALID, "summary");
	memset(reporter, 'r', sizeof reporter - 1);
	reporter[sizeof reporter - 1] = '\0';
	REFUSE(f->s, reporter, "XSS", NULL, ST_INVALID, "reporter");
	REFUSE(f->s, "Eve", "XSS", "yesterday", ST_INVALID, "received_at");
	REFUSE(f->s, "Eve", "XSS", "2026-03-02T00:00:00Z", ST_INVALID, "future");
	REFUSE(lee, "Eve", "XSS", NULL, ST_DENIED, "lee");
#undef REFUSE
	assert_int_equal(id, -1);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_reports(f->s), 0);
	assert_int_equal(report_acknowledge(f->s, 1, NULL, &err), ST_NOTFOUND);
	assert_int_equal(report_link_incident(f->s, 1, f->real_incident, &err),
	    ST_NOTFOUND);
	assert_int_equal(report_link_incident(f->s, 1, -2, &err), ST_INVALID);
	assert_int_equal(report_get(f->s, 1, &r, &err), ST_NOTFOUND);

	/* The steps come in order, each after the one before. */
	assert_int_equal(report_receive(f->s, NULL, "XSS in the portal",
	    "2026-03-01T08:00:00Z", &id, &err), ST_OK);
	before = tu_audit_count(f->s);
	assert_int_equal(report_triage(f->s, id, NULL, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "acknowledged"));
	assert_int_equal(report_fix(f->s, id, NULL, &err), ST_INVALID);
	assert_int_equal(report_acknowledge(f->s, id, "2026-03-01T07:59:59Z",
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "received"));
	assert_int_equal(report_acknowledge(f->s, id, "soon", &err), ST_INVALID);
	assert_int_equal(report_acknowledge(f->s, id, "2026-03-01T12:00:01Z",
	    &err), ST_INVALID);
	assert_int_equal(report_acknowledge(lee, id, NULL, &err), ST_DENIED);
	assert_int_equal(report_link_incident(f->s, id, 99, &err), ST_NOTFOUND);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(report_get(f->s, id, &r, &err), ST_OK);
	assert_null(r.acknowledged_at);
	assert_null(r.reporter);
	assert_int_equal(r.incident_id, 0);
	report_clear(&r);
	/* The limits are inclusive. */
	big[REPORT_SUMMARY_MAX] = '\0';
	reporter[REPORT_REPORTER_MAX] = '\0';
	assert_int_equal(report_receive(f->s, reporter, big, NULL, NULL, &err),
	    ST_OK);
	free(big);
	session_close(&lee);
}

static void
test_reports(void **state)
{
	struct fx *f = *state;
	struct report r = { 0 }, *p;
	struct rowlist l;
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), id = 0, id2 = 0;
	char subject[48], *detail;

	assert_int_equal(report_receive(f->s, "Eve <eve@example.org>",
	    "Stored XSS in the customer portal", "2026-03-01T09:00:00+01:00", &id,
	    &err), ST_OK);
	snprintf(subject, sizeof subject, "report:%lld", id);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "report.receive", subject, NULL);
	detail = tu_last_audit_detail(f->s);
	assert_null(strstr(detail, "eve"));
	assert_null(strstr(detail, "Eve"));
	free(detail);
	assert_int_equal(report_receive(f->s, NULL, "Open redirect", NULL, &id2,
	    &err), ST_OK);

	before = tu_audit_count(f->s);
	assert_int_equal(report_acknowledge(f->s, id, "2026-03-01T09:15:00Z",
	    &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "report.acknowledge", subject, NULL);
	before = tu_audit_count(f->s);
	assert_int_equal(report_acknowledge(f->s, id, NULL, &err), ST_CONFLICT);
	assert_non_null(strstr(err.msg, "already acknowledged"));
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(report_triage(f->s, id, "2026-03-01T09:14:00Z", &err),
	    ST_INVALID);
	assert_int_equal(report_triage(f->s, id, NULL, &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "report.triage", subject, NULL);
	before = tu_audit_count(f->s);
	assert_int_equal(report_link_incident(f->s, id, f->real_incident, &err),
	    ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "report.link", subject, NULL);
	assert_int_equal(report_fix(f->s, id, NULL, &err), ST_OK);
	assert_int_equal(report_fix(f->s, id, NULL, &err), ST_CONFLICT);

	assert_int_equal(report_get(f->s, id, &r, &err), ST_OK);
	assert_string_equal(r.reporter, "Eve <eve@example.org>");
	assert_string_equal(r.summary, "Stored XSS in the customer portal");
	assert_string_equal(r.received_at, "2026-03-01T08:00:00Z");
	assert_string_equal(r.acknowledged_at, "2026-03-01T09:15:00Z");
	assert_string_equal(r.triaged_at, "2026-03-01T12:00:00Z");
	assert_string_equal(r.fixed_at, "2026-03-01T12:00:00Z");
	assert_int_equal(r.incident_id, f->real_incident);
	report_clear(&r);
	/* Unlink. */
	assert_int_equal(report_link_incident(f->s, id, 0, &err), ST_OK);
	assert_int_equal(report_get(f->s, id, &r, &err), ST_OK);
	assert_int_equal(r.incident_id, 0);
	report_clear(&r);

	/* Most recently received first. */
	assert_int_equal(report_list(f->s, 0, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	p = rowlist_at(&l, 0);
	assert_int_equal(p->id, id2);
	p = rowlist_at(&l, 1);
	assert_int_equal(p->id, id);
	rowlist_free(&l, (row_clear_fn)report_clear);
	assert_int_equal(report_list(f->s, 1, 1, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	assert_int_equal(((struct report *)rowlist_at(&l, 0))->id, id);
	rowlist_free(&l, (row_clear_fn)report_clear);
	assert_int_equal(report_list(f->s, -1, 0, &l, &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)report_clear);
	tu_expect_chain_ok(f->s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TU_TEST(test_drill_degenerate),
		TU_TEST(test_report_degenerate),
		TU_TEST(test_drill_start),
		TU_TEST(test_drill_finish),
		TU_TEST(test_drill_routing),
		TU_TEST(test_drill_mark),
		TU_TEST(test_reports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
