/* tests/unit/test_compliance_notify.c - the compliance questions on
 * lifecycle visibility, customer and regulator notification, contracts
 * and incident IDs: for each, a database where it is met and one where
 * it is not (and at risk, and with nothing to judge), with the figure and
 * the evidence rows. Deliveries go through the real paths: publication,
 * the outbox leased and marked delivered, deliveries recorded by hand. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/breach.h"
#include "core/channel.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/compliance.h"
#include "core/customer.h"
#include "core/export.h"
#include "core/incident.h"
#include "core/outbox.h"
#include "core/product.h"
#include "core/settings.h"
#include "core/subscriber.h"
#include "core/workflow.h"
#include "util/xalloc.h"

#define MAIL "{\"url\":\"smtp://127.0.0.1:1\",\"from\":\"Sec <sec@vendor.example>\"}"

/* A playbook with a variant for each audience; every communication of
 * it must be told within 24 h of awareness, the regulator's by GDPR. */
static const char notify_pb[] =
    "playbook: t-notify\n"
    "version: \"1\"\n"
    "title: Test notice\n"
    "kind: advisory\n"
    "audience: public\n"
    "variants:\n"
    "  - id: public\n"
    "    title: Public advisory\n"
    "    kind: advisory\n"
    "    audience: public\n"
    "  - id: customers\n"
    "    title: Customer notice\n"
    "    kind: customer-notice\n"
    "    audience: customers\n"
    "  - id: regulator\n"
    "    title: Regulator notification\n"
    "    kind: regulator-notification\n"
    "    audience: regulator\n"
    TU_PB_FACTS
    "      - id: summary\n"
    "        type: text\n"
    "        label: Summary\n"
    "        required: true\n"
    "      - id: products\n"
    "        type: products\n"
    "        label: Products\n"
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
    "  - id: tell\n"
    "    title: Tell them\n"
    "    from: awareness\n"
    "    within: 24h\n"
    "  - id: regulator\n"
    "    title: Notify the regulator\n"
    "    regime: gdpr\n"
    "    clock: regulator\n"
    "    variant: regulator\n"
    "outputs:\n"
    "  - id: mail\n"
    "    format: email\n"
    "    title: E-mail\n";

/* An end-of-life notice, by e-mail to the addresses answered. */
static const char eol_pb[] =
    "playbook: t-eol\n"
    "version: \"1\"\n"
    "title: Test end-of-life notice\n"
    "kind: eol-notice\n"
    "audience: customers\n"
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
    "outputs:\n"
    "  - id: mail\n"
    "    format: email\n"
    "    title: E-mail\n";

struct fx {
	struct session *s;          /* ada: admin and author */
	struct session *lee;        /* approver:legal */
	char           *dir;
	char           *pbdir;
	long long       widget;     /* product */
	long long       cycle2, cycle3;
};

/* The RFC 3339 time T. */
static time_t
t_of(const char *t)
{
	time_t v;

	assert_int_equal(clock_parse(t, &v, NULL), ST_OK);
	return v;
}

/* Pin the clock to the RFC 3339 time T; returns it. */
static time_t
at(const char *t)
{
	time_t v = t_of(t);

	clock_set_fixed(v);
	return v;
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	tu_add_user(f->s, "lee", "approver:legal", NULL);
	f->lee = tu_open_as(f->dir, "lee");
	f->pbdir = tu_config_dir(f->dir, "playbooks");
	tu_write_yaml(f->pbdir, "t-notify", notify_pb);
	tu_write_yaml(f->pbdir, "t-eol", eol_pb);
	tu_import_templates(f->s);
	f->widget = tu_product_new(f->s, "widget", "Widget");
	f->cycle2 = tu_cycle_new(f->s, f->widget, "2", NULL);
	f->cycle3 = tu_cycle_new(f->s, f->widget, "3", NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	session_close(&f->lee);
	tu_session_free(&f->s, &f->dir);
	unsetenv("XDG_CONFIG_HOME");
	free(f->pbdir);
	free(f);
	clock_set_fixed(TU_NOW);
	return 0;
}

/* ---- building the data ------------------------------------------------ */

static void
add_channel(struct fx *f, const char *name, const char *kind,
    const char *settings)
{
	struct err err = { 0 };

	if (channel_create(f->s, name, kind, settings, NULL, &err) != ST_OK)
		fail_msg("channel %s: %s", name, err.msg);
}

/* A new incident TITLE of TRIGGER and SEVERITY, aware at AWARE; its
 * reference in REF (32 bytes); returns its id. */
static long long
incident(struct fx *f, const char *title, const char *trigger,
    const char *severity, const char *aware, char *ref)
{
	return tu_incident_new_ref(f->s, &(struct incident_new){
	    .title = title, .trigger_kind = trigger, .severity = severity,
	    .aware_at = aware }, ref, 32);
}

/* Start VARIANT of t-notify about REF, answered (to RECIPIENTS, about
 * PRODUCTS when not NULL); returns its id. */
static long long
started(struct fx *f, const char *ref, const char *variant,
    const char *recipients, const char *products)
{
	long long id = tu_comm_start(f->s, ref, "t-notify", variant, 1);

	tu_comm_set(f->s, id, "summary", "What happened");
	if (recipients != NULL)
		tu_comm_set(f->s, id, "recipients", recipients);
	if (products != NULL)
		tu_comm_set(f->s, id, "products", products);
	return id;
}

/* started(), approved and published now; returns its id. */
static long long
published(struct fx *f, const char *ref, const char *variant,
    const char *recipients, const char *products)
{
	long long id = started(f, ref, variant, recipients, products);

	tu_comm_approve(f->s, f->lee, id, "facts", NULL);
	tu_comm_publish(f->s, id);
	return id;
}

/* The sender's side at time T: lease every message due and mark each
 * delivered. Returns how many. */
static size_t
deliver_all(struct fx *f, const char *t)
{
	struct rowlist rows;
	struct err err = { 0 };
	const struct outbox_row *o;
	size_t i, n;

	at(t);
	if (outbox_lease(f->s->db, NULL, "test:1", 600, 1000, &rows, &err) !=
	    ST_OK)
		fail_msg("lease: %s", err.msg);
	for (i = 0; i < rows.count; i++) {
		o = rowlist_at(&rows, i);
		if (outbox_mark_delivered(f->s->db, NULL, o->id, "test:1",
		    NULL, &err) != ST_OK)
			fail_msg("deliver %lld: %s", o->id, err.msg);
	}
	n = rows.count;
	rowlist_free(&rows, (row_clear_fn)outbox_row_clear);
	return n;
}

/* A delivery of communication ID by hand (a regulator's web form) at
 * T, recorded at T. */
static void
deliver_by_hand(struct fx *f, long long id, const char *t)
{
	struct err err = { 0 };

	at(t);
	if (manual_delivery_record(f->s, &(struct manual_delivery_new){
	    .communication_id = id, .means = "web-form",
	    .target = "https://regulator.example/report", .delivered_at = t,
	    .reference = "CASE-1" }, NULL, &err) != ST_OK)
		fail_msg("deliver by hand: %s", err.msg);
}

static void
set(struct fx *f, const char *key, const char *value)
{
	struct err err = { 0 };

	if (setting_set(f->s, key, value, &err) != ST_OK)
		fail_msg("setting %s: %s", key, err.msg);
}

/* `herald export KIND` into the test's directory, at T. */
static void
export(struct fx *f, const char *kind, const char *t)
{
	struct err err = { 0 };
	char *out = tu_path(f->dir, "out");

	at(t);
	set(f, "site.url", "https://example.org/");
	set(f, "publisher.name", "Example Software");
	if (export_run(f->s, kind, out, NULL, NULL, &err) != ST_OK)
		fail_msg("export %s: %s", kind, err.msg);
	free(out);
}

/* ---- reading the answer ----------------------------------------------- */

static void
answer(struct fx *f, const char *id, time_t now, struct compliance_result *r)
{
	struct err err = { 0 };

	if (compliance_evaluate_one(f->s, id, now, r, &err) != ST_OK)
		fail_msg("%s: %s", id, err.msg);
	assert_non_null(r->figure);
}

static void
expect_answer(const struct compliance_result *r, enum compliance_status st,
    const char *figure, size_t n_evidence)
{
	if (r->status != st)
		fail_msg("%s is %s, not %s (%s)", r->q->id,
		    compliance_status_name(r->status),
		    compliance_status_name(st), r->figure);
	if (strcmp(r->figure, figure) != 0)
		fail_msg("%s:\n got  %s\n want %s", r->q->id, r->figure, figure);
	if (r->evidence.count != n_evidence)
		fail_msg("%s: %zu evidence rows, not %zu", r->q->id,
		    r->evidence.count, n_evidence);
}

/* Evidence row I is KIND, REF, ST, and its detail holds DETAIL; its id
 * is ID unless ID is -1. */
static void
expect_ev(const struct compliance_result *r, size_t i, const char *kind,
    long long id, const char *ref, enum compliance_status st,
    const char *detail)
{
	const struct compliance_evidence *e;

	if (i >= r->evidence.count)
		fail_msg("%s: no evidence row %zu", r->q->id, i);
	e = rowlist_at(&r->evidence, i);
	if (strcmp(e->kind, kind) != 0 || strcmp(e->ref, ref) != 0 ||
	    e->status != st || (id >= 0 && e->id != id) ||
	    strstr(e->detail, detail) == NULL)
		fail_msg("%s: evidence %zu is %s %lld \"%s\" %s: %s\n want %s "
		    "%lld \"%s\" %s: ...%s...", r->q->id, i, e->kind, e->id,
		    e->ref, compliance_status_name(e->status), e->detail, kind,
		    id, ref, compliance_status_name(st), detail);
}

static void
expect_at(const struct compliance_result *r, size_t i, const char *t)
{
	const struct compliance_evidence *e = rowlist_at(&r->evidence, i);

	if (t == NULL)
		assert_null(e->at);
	else {
		assert_non_null(e->at);
		assert_string_equal(e->at, t);
	}
}

/* ---- degenerate -------------------------------------------------------- */

static void
test_registry(void **state)
{
	static const char *const mine[] = { "lifecycle.published",
	    "lifecycle.notice", "notify.subscribe", "notify.sla",
	    "notify.regulator", "contracts.sla", "ids.messages", NULL };
	struct fx *f = *state;
	struct compliance_result r;
	struct err err = { 0 };
	size_t i;

	for (i = 0; mine[i] != NULL; i++)
		assert_non_null(compliance_question(mine[i]));
	assert_int_equal(compliance_evaluate_one(f->s, "notify.nothing",
	    TU_NOW, &r, &err), ST_NOTFOUND);
	compliance_result_clear(&r);
}

/* ---- lifecycle.published ---------------------------------------------- */

static void
test_lifecycle_published(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	const struct compliance_evidence *e;
	char *path;

	answer(f, "lifecycle.published", TU_NOW, &r);
	expect_answer(&r, CS_NOT_MET, "the lifecycle was never exported", 1);
	expect_ev(&r, 0, "publication", 0, "site/lifecycle/all.json",
	    CS_NOT_MET, "never exported");
	compliance_result_clear(&r);

	export(f, "lifecycle", "2026-03-02T09:00:00Z");
	answer(f, "lifecycle.published", TU_NOW, &r);
	expect_answer(&r, CS_MET, "lifecycle exported 2026-03-02T09:00:00Z; "
	    "nothing changed since", 1);
	e = rowlist_at(&r.evidence, 0);
	assert_string_equal(e->kind, "publication");
	assert_true(e->id > 0);
	assert_non_null(strstr(e->ref, "/site/lifecycle/all.json"));
	assert_int_equal(e->status, CS_MET);
	assert_string_equal(e->detail, "first published 2026-03-02T09:00:00Z, "
	    "last exported 2026-03-02T09:00:00Z");
	expect_at(&r, 0, "2026-03-02T09:00:00Z");
	path = xstrdup(e->ref);
	compliance_result_clear(&r);

	/* A cycle added after the export: no longer current. */
	at("2026-03-03T10:00:00Z");
	tu_cycle_new(f->s, f->widget, "4", "2030-01-01");
	answer(f, "lifecycle.published", TU_NOW, &r);
	expect_answer(&r, CS_AT_RISK, "lifecycle exported 2026-03-02T09:00:00Z; "
	    "widget 4 changed since", 2);
	expect_ev(&r, 0, "publication", -1, path, CS_AT_RISK,
	    "the lifecycle changed since");
	expect_ev(&r, 1, "cycle", -1, "widget 4", CS_AT_RISK,
	    "changed 2026-03-03T10:00:00Z, after the last export");
	expect_at(&r, 1, "2026-03-03T10:00:00Z");
	compliance_result_clear(&r);

	/* Exported again: current. */
	export(f, "lifecycle", "2026-03-04T09:00:00Z");
	answer(f, "lifecycle.published", TU_NOW, &r);
	expect_answer(&r, CS_MET, "lifecycle exported 2026-03-04T09:00:00Z; "
	    "nothing changed since", 1);
	compliance_result_clear(&r);
	free(path);
}

/* ---- lifecycle.notice --------------------------------------------------- */

#define EOL_NOW "2026-09-01T00:00:00Z"

/* An end-of-life notice of cycle CYCLE ("widget 2") published and
 * delivered at T. */
static void
eol_notice_sent(struct fx *f, const char *cycle, const char *t)
{
	long long ids[2] = { 0 };
	struct err err = { 0 };
	size_t n = 0;

	at(t);
	if (comm_start(f->s, &(struct comm_start){ .cycle = cycle,
	    .playbook = "t-eol" }, ids, 2, &n, &err) != ST_OK)
		fail_msg("end-of-life notice of %s: %s", cycle, err.msg);
	assert_int_equal(n, 1);
	tu_comm_set(f->s, ids[0], "summary", "The end is near");
	tu_comm_set(f->s, ids[0], "recipients", "it@customer.example");
	tu_comm_approve(f->s, f->lee, ids[0], "facts", NULL);
	tu_comm_publish(f->s, ids[0]);
	assert_int_equal(deliver_all(f, t), 1);
}

/* An end-of-life notice of CYCLE started now, and left a draft. */
static long long
eol_notice_started(struct fx *f, const char *cycle)
{
	long long ids[2] = { 0 };
	struct err err = { 0 };
	size_t n = 0;

	if (comm_start(f->s, &(struct comm_start){ .cycle = cycle,
	    .playbook = "t-eol" }, ids, 2, &n, &err) != ST_OK)
		fail_msg("end-of-life notice of %s: %s", cycle, err.msg);
	assert_int_equal(n, 1);
	return ids[0];
}

/* The same, delivered by hand (a letter) at T. */
static void
eol_notice_by_hand(struct fx *f, const char *cycle, const char *t)
{
	at(t);
	deliver_by_hand(f, eol_notice_started(f, cycle), t);
}

static void
test_lifecycle_notice_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	long long a;
	time_t now = t_of(EOL_NOW);

	/* Nothing ends within 13 months: nothing to judge. */
	at("2026-03-02T00:00:00Z");
	add_channel(f, "mail", "email", MAIL);
	tu_cycle_new(f->s, f->widget, "far", "2027-10-02");
	answer(f, "lifecycle.notice", now, &r);
	expect_answer(&r, CS_NO_DATA, "no release cycle reaches its end of "
	    "life within 13 months", 0);
	compliance_result_clear(&r);

	a = tu_cycle_new(f->s, f->widget, "a", "2027-04-30");
	eol_notice_sent(f, "widget a", "2026-03-02T10:00:00Z");
	answer(f, "lifecycle.notice", now, &r);
	expect_answer(&r, CS_MET, "1 of 1 cycle given 12 months' notice", 1);
	expect_ev(&r, 0, "cycle", a, "widget a", CS_MET,
	    "notice 13 months ahead of the end of life on 2027-04-30");
	expect_at(&r, 0, "2026-03-02T10:00:00Z");
	compliance_result_clear(&r);
}

static void
test_lifecycle_notice_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	long long b, c, d, e;
	time_t now = t_of(EOL_NOW);

	at("2026-03-02T00:00:00Z");
	add_channel(f, "mail", "email", MAIL);
	tu_cycle_new(f->s, f->widget, "a", "2027-04-30");
	b = tu_cycle_new(f->s, f->widget, "b", "2026-12-31");
	c = tu_cycle_new(f->s, f->widget, "c", "2027-03-31");
	d = tu_cycle_new(f->s, f->widget, "d", "2026-06-30");
	e = tu_cycle_new(f->s, f->widget, "e", "2027-09-15");
	tu_cycle_new(f->s, f->widget, "f", "2028-06-30");
	eol_notice_sent(f, "widget a", "2026-03-02T10:00:00Z");
	/* Started for c, never delivered. */
	eol_notice_started(f, "widget c");
	eol_notice_by_hand(f, "widget b", "2026-08-20T00:00:00Z");

	answer(f, "lifecycle.notice", now, &r);
	expect_answer(&r, CS_NOT_MET, "1 of 5 cycles given 12 months' notice; "
	    "shortest 4 months; 2 without notice; 1 due for notice within a "
	    "month", 5);
	/* Worst first, then by time. */
	expect_ev(&r, 0, "cycle", d, "widget d", CS_NOT_MET,
	    "ended without notice on 2026-06-30");
	expect_at(&r, 0, "2026-06-30T00:00:00Z");
	expect_ev(&r, 1, "cycle", b, "widget b", CS_NOT_MET,
	    "notice 4 months ahead; the end of life is on 2026-12-31");
	expect_at(&r, 1, "2026-08-20T00:00:00Z");
	expect_ev(&r, 2, "cycle", c, "widget c", CS_NOT_MET,
	    "no notice; EOL in 6 months, on 2027-03-31 (an end-of-life notice "
	    "was started but never delivered)");
	expect_ev(&r, 3, "cycle", e, "widget e", CS_AT_RISK,
	    "no notice yet; due by 2026-09-15 for the end of life on "
	    "2027-09-15");
	expect_ev(&r, 4, "cycle", -1, "widget a", CS_MET, "13 months ahead");
	compliance_result_clear(&r);
}

static void
test_lifecycle_notice_at_risk(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	long long e;
	time_t now = t_of(EOL_NOW);

	at("2026-03-02T00:00:00Z");
	add_channel(f, "mail", "email", MAIL);
	tu_cycle_new(f->s, f->widget, "a", "2027-04-30");
	e = tu_cycle_new(f->s, f->widget, "e", "2027-09-15");
	eol_notice_sent(f, "widget a", "2026-03-02T10:00:00Z");
	answer(f, "lifecycle.notice", now, &r);
	expect_answer(&r, CS_AT_RISK, "1 of 2 cycles given 12 months' notice; "
	    "1 due for notice within a month", 2);
	expect_ev(&r, 0, "cycle", e, "widget e", CS_AT_RISK, "no notice yet");
	compliance_result_clear(&r);

	/* Its notice given in time: met. */
	eol_notice_sent(f, "widget e", "2026-09-10T00:00:00Z");
	answer(f, "lifecycle.notice", at("2026-09-11T00:00:00Z"), &r);
	expect_answer(&r, CS_MET, "2 of 2 cycles given 12 months' notice", 2);
	compliance_result_clear(&r);
}

/* ---- notify.subscribe --------------------------------------------------- */

static long long
subscriber(struct fx *f, const char *address, const char *list,
    bool is_confirmed, long long customer)
{
	const char *lists[] = { list, NULL };
	struct err err = { 0 };
	long long id = 0;

	if (subscriber_add_new(f->s, &(struct subscriber_new){
	    .address = address, .lists = lists, .is_confirmed = is_confirmed,
	    .customer_id = customer }, &id, &err) != ST_OK)
		fail_msg("subscriber %s: %s", address, err.msg);
	return id;
}

static void
test_subscribe(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	struct subscriber sub = { 0 };
	const struct compliance_evidence *e;
	struct err err = { 0 };
	long long gone;

	answer(f, "notify.subscribe", TU_NOW, &r);
	expect_answer(&r, CS_NOT_MET, "missing: a published feed, an enabled "
	    "e-mail channel, a confirmed subscriber", 3);
	expect_ev(&r, 0, "channel", 0, "e-mail", CS_NOT_MET,
	    "no e-mail channel is enabled");
	expect_ev(&r, 1, "publication", 0, "site/feed.atom", CS_NOT_MET,
	    "never exported");
	expect_ev(&r, 2, "subscriber", 0, "subscribers", CS_NOT_MET,
	    "nobody has confirmed");
	compliance_result_clear(&r);

	/* A feed and a channel; but only a drill's list, an unconfirmed
	 * address and one that left. */
	export(f, "feeds", "2026-03-02T09:00:00Z");
	add_channel(f, "old", "email", MAIL);
	add_channel(f, "mail", "email", MAIL);
	assert_int_equal(channel_set_enabled(f->s, "old", false, &err), ST_OK);
	subscriber(f, "drill@example.org", "drill:*", true, 0);
	subscriber(f, "maybe@example.org", "advisories:*", false, 0);
	gone = subscriber(f, "gone@example.org", "advisories:widget", true, 0);
	assert_int_equal(subscriber_get(f->s, gone, &sub, &err), ST_OK);
	assert_int_equal(subscriber_unsubscribe(f->s, sub.token, &err), ST_OK);
	subscriber_clear(&sub);
	answer(f, "notify.subscribe", TU_NOW, &r);
	expect_answer(&r, CS_NOT_MET, "missing: a confirmed subscriber", 3);
	expect_ev(&r, 0, "subscriber", 0, "subscribers", CS_NOT_MET, "nobody");
	expect_ev(&r, 1, "channel", -1, "mail", CS_MET, "enabled");
	e = rowlist_at(&r.evidence, 2);
	assert_string_equal(e->kind, "publication");
	assert_non_null(strstr(e->ref, "/site/feed.atom"));
	assert_int_equal(e->status, CS_MET);
	assert_string_equal(e->detail, "first published 2026-03-02T09:00:00Z, "
	    "last exported 2026-03-02T09:00:00Z");
	compliance_result_clear(&r);

	subscriber(f, "reader@example.org", "advisories:widget", true, 0);
	answer(f, "notify.subscribe", TU_NOW, &r);
	expect_answer(&r, CS_MET, "feed published; e-mail channel mail; 1 "
	    "confirmed subscriber", 3);
	expect_ev(&r, 0, "channel", -1, "mail", CS_MET, "");
	expect_ev(&r, 1, "subscriber", 0, "subscribers", CS_MET,
	    "1 confirmed opt-in subscriber");
	compliance_result_clear(&r);
}

/* ---- notify.sla --------------------------------------------------------- */

#define SLA_NOW "2026-03-10T00:00:00Z"

/* I1: high, told 3 h after awareness through a public advisory. */
static void
sla_told_in_time(struct fx *f, char *ref)
{
	at("2026-03-02T00:00:00Z");
	incident(f, "Told in time", "vulnerability", "high",
	    "2026-03-02T00:00:00Z", ref);
	published(f, ref, "public", "a@example.org\nb@example.org", NULL);
	assert_int_equal(deliver_all(f, "2026-03-02T03:00:00Z"), 2);
}

static void
test_sla_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	char ref[32], low[32];
	time_t now = t_of(SLA_NOW);

	add_channel(f, "mail", "email", MAIL);
	/* Neither a medium incident nor a drill counts. */
	at("2026-03-02T00:00:00Z");
	incident(f, "Medium", "vulnerability", "medium",
	    "2026-03-01T00:00:00Z", low);
	tu_incident_new(f->s, &(struct incident_new){ .title = "Drill",
	    .trigger_kind = "data-breach", .severity = "critical",
	    .aware_at = "2026-03-01T00:00:00Z", .is_drill = true });
	answer(f, "notify.sla", now, &r);
	expect_answer(&r, CS_NO_DATA, "no critical or high incidents yet", 0);
	compliance_result_clear(&r);

	sla_told_in_time(f, ref);
	answer(f, "notify.sla", now, &r);
	expect_answer(&r, CS_MET, "1 of 1 incident told within its SLA", 1);
	expect_ev(&r, 0, "incident", -1, ref, CS_MET,
	    "first told 2026-03-02T03:00:00Z: 21 h early "
	    "(due 2026-03-03T00:00:00Z, 24 h from awareness)");
	expect_at(&r, 0, "2026-03-02T03:00:00Z");
	compliance_result_clear(&r);
}

/* Told late, and never told; the figure names the first of the worst
 * (an internal note, told first, would not count). */
static void
test_sla_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	char ref1[32], ref2[32], ref3[32], want[200];
	time_t now = t_of(SLA_NOW);

	add_channel(f, "mail", "email", MAIL);
	sla_told_in_time(f, ref1);
	at("2026-03-03T00:00:00Z");
	incident(f, "Told late", "vulnerability", "critical",
	    "2026-03-03T00:00:00Z", ref2);
	published(f, ref2, "customers", "c@example.org", NULL);
	assert_int_equal(deliver_all(f, "2026-03-04T06:00:00Z"), 1);
	at("2026-03-05T00:00:00Z");
	incident(f, "Never told", "compromise", "high",
	    "2026-03-05T00:00:00Z", ref3);

	answer(f, "notify.sla", now, &r);
	snprintf(want, sizeof want, "1 of 3 incidents told within their SLA; "
	    "%s 6 h late", ref2);
	expect_answer(&r, CS_NOT_MET, want, 3);
	expect_ev(&r, 0, "incident", -1, ref2, CS_NOT_MET,
	    "first told 2026-03-04T06:00:00Z: 6 h late "
	    "(due 2026-03-04T00:00:00Z, 24 h from awareness)");
	expect_ev(&r, 1, "incident", -1, ref3, CS_NOT_MET,
	    "not told: overdue by 3 d (due 2026-03-07T00:00:00Z, 48 h from "
	    "awareness)");
	expect_at(&r, 1, "2026-03-07T00:00:00Z");
	expect_ev(&r, 2, "incident", -1, ref1, CS_MET, "21 h early");
	compliance_result_clear(&r);
}

static void
test_sla_at_risk(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	char ref1[32], ref3[32], want[200];
	time_t now = t_of(SLA_NOW);

	add_channel(f, "mail", "email", MAIL);
	sla_told_in_time(f, ref1);
	/* 40 h in, nothing said: 8 h of its 48 h left. */
	at("2026-03-08T08:00:00Z");
	incident(f, "Running", "vulnerability", "high",
	    "2026-03-08T08:00:00Z", ref3);
	answer(f, "notify.sla", now, &r);
	snprintf(want, sizeof want, "1 of 2 incidents told within their SLA; "
	    "%s not told, 8 h left; 1 still within its clock", ref3);
	expect_answer(&r, CS_AT_RISK, want, 2);
	expect_ev(&r, 0, "incident", -1, ref3, CS_AT_RISK,
	    "not told: 8 h left (due 2026-03-10T08:00:00Z, 48 h from "
	    "awareness)");
	expect_ev(&r, 1, "incident", -1, ref1, CS_MET, "first told");
	compliance_result_clear(&r);

	/* Earlier on, more than a quarter of the clock left: met. */
	answer(f, "notify.sla", at("2026-03-09T00:00:00Z"), &r);
	snprintf(want, sizeof want, "1 of 2 incidents told within their SLA; "
	    "1 still within its clock");
	expect_answer(&r, CS_MET, want, 2);
	compliance_result_clear(&r);
}

/* ---- notify.regulator --------------------------------------------------- */

/* B1: a breach whose regulator notification went by e-mail in 24 h. */
static void
breach_told(struct fx *f, char *ref)
{
	at("2026-03-02T00:00:00Z");
	incident(f, "Database exposed", "data-breach", "high",
	    "2026-03-02T00:00:00Z", ref);
	published(f, ref, "regulator", "dpo@regulator.example", NULL);
	assert_int_equal(deliver_all(f, "2026-03-03T00:00:00Z"), 1);
}

static void
test_regulator_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	struct err err = { 0 };
	char ref1[32], ref3[32], ref5[32];
	long long breach = 0;
	time_t now = t_of(SLA_NOW);

	add_channel(f, "mail", "email", MAIL);
	at("2026-03-02T00:00:00Z");
	incident(f, "A bug", "vulnerability", "critical",
	    "2026-03-01T00:00:00Z", ref5);
	answer(f, "notify.regulator", now, &r);
	expect_answer(&r, CS_NO_DATA, "no personal-data breaches yet", 0);
	compliance_result_clear(&r);

	breach_told(f, ref1);
	/* B3: the register says the regulator need not hear of it. */
	at("2026-03-04T00:00:00Z");
	incident(f, "Laptop lost", "data-breach", "medium",
	    "2026-03-04T00:00:00Z", ref3);
	at("2026-03-05T00:00:00Z");
	if (breach_record(f->s, &(struct breach_fields){ .incident = ref3,
	    .title = "Laptop lost", .aware_at = "2026-03-04T00:00:00Z",
	    .facts = "A laptop was left on a train.",
	    .effects = "None known.", .remedial_action = "Remote wipe.",
	    .regulator_notified = "not-required",
	    .reason_not_notified = "the disk was encrypted; the key was not "
	    "exposed" }, &breach, &err) != ST_OK)
		fail_msg("breach: %s", err.msg);

	answer(f, "notify.regulator", now, &r);
	expect_answer(&r, CS_MET, "1 of 1 breach reported to the regulator in "
	    "time; 1 not required (breach register)", 2);
	expect_ev(&r, 0, "incident", -1, ref1, CS_MET, "first told "
	    "2026-03-03T00:00:00Z: 2 d early (due 2026-03-05T00:00:00Z, 72 h "
	    "from awareness (GDPR art. 33(1)))");
	expect_ev(&r, 1, "breach", breach, ref3, CS_MET, "not required: the "
	    "disk was encrypted; the key was not exposed");
	compliance_result_clear(&r);
}

static void
test_regulator_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	char ref1[32], ref2[32], want[200];
	long long id;
	time_t now = t_of(SLA_NOW);

	add_channel(f, "mail", "email", MAIL);
	breach_told(f, ref1);
	/* B2: told through the regulator's web form after 96 h. */
	at("2026-03-03T00:00:00Z");
	incident(f, "Tokens leaked", "data-breach", "medium",
	    "2026-03-03T00:00:00Z", ref2);
	id = started(f, ref2, "regulator", NULL, NULL);
	deliver_by_hand(f, id, "2026-03-07T00:00:00Z");

	answer(f, "notify.regulator", now, &r);
	snprintf(want, sizeof want, "1 of 2 breaches reported to the "
	    "regulator in time; %s 1 d late", ref2);
	expect_answer(&r, CS_NOT_MET, want, 2);
	expect_ev(&r, 0, "incident", -1, ref2, CS_NOT_MET, "first told "
	    "2026-03-07T00:00:00Z: 1 d late (due 2026-03-06T00:00:00Z, 72 h "
	    "from awareness (GDPR art. 33(1)))");
	expect_at(&r, 0, "2026-03-07T00:00:00Z");
	expect_ev(&r, 1, "incident", -1, ref1, CS_MET, "2 d early");
	compliance_result_clear(&r);
}

static void
test_regulator_at_risk(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	struct err err = { 0 };
	char ref1[32], ref4[32], want[240];
	time_t now = t_of(SLA_NOW);

	add_channel(f, "mail", "email", MAIL);
	breach_told(f, ref1);
	/* B4: 60 h in, no communication; the register says the regulator
	 * was told, but only a recorded delivery counts. */
	at("2026-03-07T12:00:00Z");
	incident(f, "Mail misdirected", "data-breach", "low",
	    "2026-03-07T12:00:00Z", ref4);
	if (breach_record(f->s, &(struct breach_fields){ .incident = ref4,
	    .title = "Mail misdirected", .aware_at = "2026-03-07T12:00:00Z",
	    .facts = "One letter went to the wrong address.",
	    .effects = "Unknown.", .remedial_action = "Asked for it back.",
	    .regulator_notified = "yes" },
	    NULL, &err) != ST_OK)
		fail_msg("breach: %s", err.msg);
	answer(f, "notify.regulator", now, &r);
	snprintf(want, sizeof want, "1 of 2 breaches reported to the "
	    "regulator in time; %s not told, 12 h left; 1 still within its "
	    "clock", ref4);
	expect_answer(&r, CS_AT_RISK, want, 2);
	expect_ev(&r, 0, "incident", -1, ref4, CS_AT_RISK, "not told: 12 h "
	    "left (due 2026-03-10T12:00:00Z, 72 h from awareness); the breach "
	    "register says the regulator was told, but no delivery is "
	    "recorded");
	compliance_result_clear(&r);
}

/* ---- contracts.sla ------------------------------------------------------ */

struct customers {
	long long acme, beta, gamma;
};

/* Acme (12 h, contract ACME-7) runs widget 2; Beta (24 h) widget 3,
 * reached through its subscriber address; Gamma (no SLA) widget 2. */
static void
customers(struct fx *f, struct customers *c)
{
	struct err err = { 0 };

	at("2026-03-02T00:00:00Z");
	assert_int_equal(customer_create(f->s, "Acme", "sec@acme.example",
	    "ACME-7", 12, &c->acme, &err), ST_OK);
	assert_int_equal(deployment_add(f->s, c->acme, f->widget, f->cycle2,
	    "2.1", NULL, &err), ST_OK);
	assert_int_equal(customer_create(f->s, "Beta", NULL, NULL, 24,
	    &c->beta, &err), ST_OK);
	assert_int_equal(deployment_add(f->s, c->beta, f->widget, f->cycle3,
	    "3.0", NULL, &err), ST_OK);
	subscriber(f, "it@beta.example", "breach:widget", true, c->beta);
	assert_int_equal(customer_create(f->s, "Gamma", "it@gamma.example",
	    NULL, 0, &c->gamma, &err), ST_OK);
	assert_int_equal(deployment_add(f->s, c->gamma, f->widget, f->cycle2,
	    "2.0", NULL, &err), ST_OK);
}

/* An incident aware at AWARE affecting widget (CYCLE, or every cycle
 * when 0), and (when TOLD is not NULL) a customer notice about it
 * published and delivered then. */
static void
contract_incident(struct fx *f, const char *aware, long long cycle,
    const char *told, char *ref)
{
	struct err err = { 0 };
	long long id;
	char products[160];

	at(aware);
	id = incident(f, "Customer data at risk", "vulnerability", "high",
	    aware, ref);
	if (affected_add(f->s, &(struct affected_new){ .incident_id = id,
	    .product_id = f->widget, .cycle_id = cycle,
	    .status = "known_affected" }, NULL, &err) != ST_OK)
		fail_msg("affected: %s", err.msg);
	if (told == NULL)
		return;
	snprintf(products, sizeof products, "[{\"product\":\"widget\",%s"
	    "\"status\":\"known_affected\"}]", cycle == f->cycle2 ?
	    "\"cycle\":\"2\"," : cycle == f->cycle3 ? "\"cycle\":\"3\"," : "");
	published(f, ref, "customers", NULL, products);
	assert_true(deliver_all(f, told) > 0);
}

static void
test_contracts_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	struct customers c;
	struct err err = { 0 };
	char ref[32];
	time_t now = t_of(SLA_NOW);

	add_channel(f, "mail", "email", MAIL);
	answer(f, "contracts.sla", now, &r);
	expect_answer(&r, CS_NO_DATA, "no customer has a contractual "
	    "notification SLA", 0);
	compliance_result_clear(&r);

	customers(f, &c);
	answer(f, "contracts.sla", now, &r);
	expect_answer(&r, CS_NO_DATA, "2 customers have a notification SLA; "
	    "no incident has affected what they run yet", 0);
	compliance_result_clear(&r);

	contract_incident(f, "2026-03-03T00:00:00Z", f->cycle2,
	    "2026-03-03T06:00:00Z", ref);
	/* A product known not to be affected binds nobody. */
	{
		char other[32];
		long long id;

		at("2026-03-04T00:00:00Z");
		id = incident(f, "Not us", "vulnerability", "high",
		    "2026-03-04T00:00:00Z", other);
		assert_int_equal(affected_add(f->s, &(struct affected_new){
		    .incident_id = id, .product_id = f->widget,
		    .cycle_id = f->cycle3, .status = "known_not_affected",
		    .justification = "vulnerable_code_not_present" }, NULL,
		    &err), ST_OK);
	}
	answer(f, "contracts.sla", now, &r);
	expect_answer(&r, CS_MET, "1 of 1 customer with a notification SLA "
	    "told within it", 1);
	expect_ev(&r, 0, "customer", c.acme, "Acme", CS_MET,
	    "told of 1 incident within 12 h (contract ACME-7)");
	expect_at(&r, 0, "2026-03-03T06:00:00Z");
	compliance_result_clear(&r);
}

static void
test_contracts_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	struct customers c;
	char ref1[32], ref2[32], want[200];
	time_t now = t_of(SLA_NOW);

	add_channel(f, "mail", "email", MAIL);
	customers(f, &c);
	contract_incident(f, "2026-03-03T00:00:00Z", f->cycle2,
	    "2026-03-03T06:00:00Z", ref1);
	/* Every cycle: Acme told 12 h late, Beta (by its subscriber
	 * address) on time. */
	contract_incident(f, "2026-03-04T00:00:00Z", 0,
	    "2026-03-05T00:00:00Z", ref2);
	answer(f, "contracts.sla", now, &r);
	snprintf(want, sizeof want, "1 of 2 customers with a notification SLA "
	    "told within it; Acme: %s 12 h late", ref2);
	expect_answer(&r, CS_NOT_MET, want, 2);
	snprintf(want, sizeof want, "told of 1 of 2 incidents within 12 h "
	    "(contract ACME-7); %s 12 h late", ref2);
	expect_ev(&r, 0, "customer", c.acme, "Acme", CS_NOT_MET, want);
	expect_at(&r, 0, "2026-03-05T00:00:00Z");
	expect_ev(&r, 1, "customer", c.beta, "Beta", CS_MET,
	    "told of 1 incident within 24 h (its contract)");
	expect_at(&r, 1, "2026-03-05T00:00:00Z");
	compliance_result_clear(&r);
}

static void
test_contracts_at_risk(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	struct customers c;
	char ref[32], want[200];
	time_t now = t_of(SLA_NOW);

	add_channel(f, "mail", "email", MAIL);
	customers(f, &c);
	/* Beta's 24 h: 20 h gone, nobody told. */
	contract_incident(f, "2026-03-09T04:00:00Z", f->cycle3, NULL, ref);
	answer(f, "contracts.sla", now, &r);
	snprintf(want, sizeof want, "0 of 1 customer with a notification SLA "
	    "told within it; Beta: %s not told, 4 h left", ref);
	expect_answer(&r, CS_AT_RISK, want, 1);
	snprintf(want, sizeof want, "told of 0 of 1 incident within 24 h (its "
	    "contract); %s not told, 4 h left", ref);
	expect_ev(&r, 0, "customer", c.beta, "Beta", CS_AT_RISK, want);
	expect_at(&r, 0, "2026-03-10T04:00:00Z");
	compliance_result_clear(&r);
}

/* ---- ids.messages ------------------------------------------------------- */

static void
test_ids(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	char ref[32], ref2[32], want[200], title[200], sql[300],
	    *path = tu_path(f->dir, "herald.db");
	long long id, id2;
	time_t now = t_of(SLA_NOW);

	add_channel(f, "mail", "email", MAIL);
	add_channel(f, "site", "directory", "{\"path\":\"/tmp/x\"}");
	at("2026-03-02T00:00:00Z");
	incident(f, "Widget leaks", "vulnerability", "high",
	    "2026-03-02T00:00:00Z", ref);
	id = published(f, ref, "public", "a@example.org\nb@example.org", NULL);
	answer(f, "ids.messages", now, &r);
	expect_answer(&r, CS_NO_DATA, "no message about an incident delivered "
	    "yet", 0);
	compliance_result_clear(&r);

	/* Two e-mails and the site's export: the export is no message. */
	assert_int_equal(deliver_all(f, "2026-03-02T01:00:00Z"), 3);
	answer(f, "ids.messages", now, &r);
	expect_answer(&r, CS_MET, "2 messages delivered in 1 communication; "
	    "all carry their incident ID", 1);
	snprintf(want, sizeof want, "2 messages, all carry %s", ref);
	snprintf(title, sizeof title, "Public advisory: %s Widget leaks", ref);
	expect_ev(&r, 0, "communication", id, title, CS_MET, want);
	expect_at(&r, 0, "2026-03-02T01:00:00Z");
	compliance_result_clear(&r);

	/* A message that went out without it (edited behind herald's back,
	 * as an older sender might have sent it). */
	at("2026-03-03T00:00:00Z");
	incident(f, "Widget leaks again", "vulnerability", "high",
	    "2026-03-03T00:00:00Z", ref2);
	id2 = published(f, ref2, "public", "c@example.org", NULL);
	snprintf(sql, sizeof sql, "UPDATE outbox SET payload = replace(payload,"
	    " '%s', 'the incident') WHERE communication_id = %lld AND"
	    " output = 'mail'", ref2, id2);
	tu_sql_exec(path, sql);
	assert_int_equal(deliver_all(f, "2026-03-03T01:00:00Z"), 2);
	answer(f, "ids.messages", now, &r);
	expect_answer(&r, CS_NOT_MET, "1 of 3 delivered messages lack their "
	    "incident ID, in 1 communication", 2);
	snprintf(want, sizeof want, "1 of 1 message lack %s", ref2);
	snprintf(title, sizeof title, "Public advisory: %s Widget leaks again",
	    ref2);
	expect_ev(&r, 0, "communication", id2, title, CS_NOT_MET, want);
	snprintf(title, sizeof title, "Public advisory: %s Widget leaks", ref);
	expect_ev(&r, 1, "communication", id, title, CS_MET, "");
	compliance_result_clear(&r);

	/* Drills never count. */
	snprintf(sql, sizeof sql, "UPDATE incidents SET is_drill = 1 WHERE"
	    " ref = '%s'", ref2);
	tu_sql_exec(path, sql);
	answer(f, "ids.messages", now, &r);
	expect_answer(&r, CS_MET, "2 messages delivered in 1 communication; "
	    "all carry their incident ID", 1);
	compliance_result_clear(&r);
	free(path);
}

/* Need to know: an embargoed incident stays out of another author's
 * figures; the SRO sees it. */
static void
test_need_to_know(void **state)
{
	struct fx *f = *state;
	struct compliance_result r;
	struct session *bo, *sam;
	char ref[32];
	time_t now = t_of(SLA_NOW);

	at("2026-03-02T00:00:00Z");
	tu_add_user(f->s, "bo", "author", NULL);
	tu_add_user(f->s, "sam", "sro", NULL);
	tu_incident_new_ref(f->s, &(struct incident_new){ .title = "Secret",
	    .trigger_kind = "data-breach", .severity = "critical",
	    .aware_at = "2026-03-02T00:00:00Z",
	    .embargo_until = "2026-12-01T00:00:00Z" }, ref, sizeof ref);
	bo = tu_open_as(f->dir, "bo");
	sam = tu_open_as(f->dir, "sam");
	answer(&(struct fx){ .s = bo }, "notify.sla", now, &r);
	assert_int_equal(r.status, CS_NO_DATA);
	compliance_result_clear(&r);
	answer(&(struct fx){ .s = bo }, "notify.regulator", now, &r);
	assert_int_equal(r.status, CS_NO_DATA);
	compliance_result_clear(&r);
	answer(&(struct fx){ .s = sam }, "notify.sla", now, &r);
	expect_answer(&r, CS_NOT_MET, r.figure, 1);
	expect_ev(&r, 0, "incident", -1, ref, CS_NOT_MET, "not told");
	compliance_result_clear(&r);
	session_close(&bo);
	session_close(&sam);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TU_TEST(test_registry),
		TU_TEST(test_lifecycle_published),
		TU_TEST(test_lifecycle_notice_met),
		TU_TEST(test_lifecycle_notice_not_met),
		TU_TEST(test_lifecycle_notice_at_risk),
		TU_TEST(test_subscribe),
		TU_TEST(test_sla_met),
		TU_TEST(test_sla_not_met),
		TU_TEST(test_sla_at_risk),
		TU_TEST(test_regulator_met),
		TU_TEST(test_regulator_not_met),
		TU_TEST(test_regulator_at_risk),
		TU_TEST(test_contracts_met),
		TU_TEST(test_contracts_not_met),
		TU_TEST(test_contracts_at_risk),
		TU_TEST(test_ids),
		TU_TEST(test_need_to_know),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
