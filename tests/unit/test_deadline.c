/* tests/unit/test_deadline.c - regime files and the clocks computed from
 * them: each regime, contracts, publication, recurring clocks, texts. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/customer.h"
#include "core/deadline.h"
#include "core/incident.h"
#include "core/playbook.h"
#include "core/product.h"
#include "core/regime.h"
#include "util/xalloc.h"

/* Every incident here became known two hours before TU_NOW. */
#define AWARE "2026-03-01T10:00:00Z"

/* --- regime files ------------------------------------------------------ */

static struct regime *
load(const char *name)
{
	struct regime *r = NULL;
	struct err err = { 0 };

	if (regime_load(name, &r, &err) != ST_OK)
		fail_msg("regime %s: %s", name, err.msg);
	return r;
}

static void
shipped_regimes(void **state)
{
	const struct regime_clock *c;
	struct regime *r;

	(void)state;
	r = load("gdpr");
	assert_string_equal(r->name, "gdpr");
	assert_non_null(c = regime_clock(r, "regulator"));
	assert_int_equal(c->within.minutes, 72 * 60);
	assert_string_equal(c->from, "awareness");
	assert_string_equal(c->audience, "regulator");
	assert_string_equal(c->basis, "GDPR art. 33(1)");
	assert_non_null(c = regime_clock(r, "data-subjects"));
	assert_string_equal(c->audience, "customers");
	assert_null(regime_clock(r, "nothing"));
	regime_free(&r);
	assert_null(r);

	r = load("uk-gdpr");
	assert_int_equal(regime_clock(r, "regulator")->within.minutes, 4320);
	assert_non_null(strstr(regime_clock(r, "regulator")->basis, "UK GDPR"));
	regime_free(&r);

	r = load("nis2");
	assert_int_equal(r->n_clocks, 3);
	assert_int_equal(regime_clock(r, "early-warning")->within.minutes, 1440);
	assert_int_equal(regime_clock(r, "notification")->phase, 2);
	c = regime_clock(r, "final-report");
	assert_int_equal(c->within.months, 1);
	assert_int_equal(c->within.minutes, 4320);
	assert_int_equal(c->phase, 3);
	regime_free(&r);

	r = load("cra");
	c = regime_clock(r, "final-report");
	assert_string_equal(c->from, "fix-available");
	assert_int_equal(c->within.minutes, 14 * 1440);
	regime_free(&r);

	r = load("vendor");
	c = regime_clock(r, "high-impact");
	assert_int_equal(c->n_severities, 2);
	assert_string_equal(c->severities[0], "high");
	assert_string_equal(c->severities[1], "critical");
	assert_null(c->audience);
	assert_int_equal(c->phase, 1);
	assert_int_equal(regime_clock(r, "customers")->within.minutes, 2880);
	assert_int_equal(regime_clock(r, "low")->within.minutes, 7 * 1440);
	regime_free(&r);
	regime_free(&r);              /* NULL is fine */
}

/* Each bad file gives exactly this message. */
static void
bad_regimes(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "regime: x\ntitle: [unclosed\n",
		  "bad.yaml:3:1: did not find expected ',' or ']' while "
		  "parsing a flow sequence" },
		{ "", "bad.yaml:1:1: the file is empty" },
		{ "- a\n", "bad.yaml:1:1: expected a mapping with regime, title "
		  "and clocks" },
		{ "regime: x\ntitle: X\nclock: []\n",
		  "bad.yaml:3:1: unknown key clock (expected regime, title, "
		  "source, clocks)" },
		{ "regime: X1\n", "bad.yaml:1:9: regime: X1: use lower-case "
		  "letters, digits and '-', starting with a letter" },
		{ "regime: x\ntitle: X\n", "bad.yaml:1:1: regime x needs clocks" },
		{ "title: X\nclocks: []\n", "bad.yaml:2:9: clocks: a regime needs "
		  "at least one clock" },
		{ "regime: x\nregime: y\n", "bad.yaml:2:1: regime: given twice" },
		{ "regime: x\ntitle: X\nclocks:\n  - id: a\n    title: A\n"
		  "    from: awareness\n    within: 72 parsecs\n",
		  "bad.yaml:7:13: within: \"72 parsecs\" is not a span of time; "
		  "write a number and a unit, like 30m, 72h, 14d, 2w or 1 month" },
		{ "regime: x\ntitle: X\nclocks:\n  - id: a\n    title: A\n"
		  "    from: breakfast\n    within: 72h\n",
		  "bad.yaml:6:11: from: breakfast is not one of awareness, "
		  "discovery, fix-available, started" },
		{ "regime: x\ntitle: X\nclocks:\n  - id: a\n    title: A\n"
		  "    from: awareness\n",
		  "bad.yaml:4:5: clock a needs within (like 72h)" },
		{ "regime: x\ntitle: X\nclocks:\n  - id: a\n    title: A\n"
		  "    from: awareness\n    within: 1h\n    colour: red\n",
		  "bad.yaml:8:5: unknown key colour in a clock (expected id, "
		  "title, from, within, severities, audience, basis, phase)" },
		{ "regime: x\ntitle: X\nclocks:\n  - id: a\n    title: A\n"
		  "    from: awareness\n    within: 1h\n    severities: high\n",
		  "bad.yaml:8:17: severities: expected a list, like "
		  "[high, critical]" },
		{ "regime: x\ntitle: X\nclocks:\n  - id: a\n    title: A\n"
		  "    from: awareness\n    within: 1h\n"
		  "    severities: [high, dire]\n",
		  "bad.yaml:8:24: severities: dire is not one of none, low, "
		  "medium, high, critical" },
		{ "regime: x\ntitle: X\nclocks:\n  - id: a\n    title: A\n"
		  "    from: awareness\n    within: 1h\n    audience: press\n",
		  "bad.yaml:8:15: audience: press is not one of public, customers, "
		  "regulator, internal" },
		{ "regime: x\ntitle: X\nclocks:\n  - id: a\n    title: A\n"
		  "    from: awareness\n    within: 1h\n    phase: 0\n",
		  "bad.yaml:8:12: phase: expected a revision number from 1 to 99, "
		  "not \"0\"" },
		{ "regime: x\ntitle: X\nclocks:\n  - {id: a, title: A, from: "
		  "awareness, within: 1h}\n  - {id: a, title: B, from: "
		  "awareness, within: 2h}\n",
		  "bad.yaml:5:5: clock a is defined twice" },
		{ "regime: x\ntitle: X\nclocks:\n  - {title: A, from: awareness, "
		  "within: 1h}\n", "bad.yaml:4:5: a clock needs an id" },
		{ "regime: x\ntitle: {a: b}\n", "bad.yaml:2:8: title: expected "
		  "text" },
	};
	struct regime *r;
	struct err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&err, 0, sizeof err);
		r = (struct regime *)&err;      /* must come back NULL */
		if (regime_parse(cases[i].text, strlen(cases[i].text),
		    "bad.yaml", &r, &err) != ST_INVALID)
			fail_msg("case %zu parsed", i);
		assert_null(r);
		if (strcmp(err.msg, cases[i].msg) != 0)
			fail_msg("case %zu:\n got  %s\n want %s", i, err.msg,
			    cases[i].msg);
	}
}

/* A copy in the configuration directory wins; one that says another name
 * or does not parse is refused, naming the file. */
static void
config_copy_wins(void **state)
{
	struct regime *r = NULL;
	struct err err = { 0 };
	char *dir = tu_tmpdir(), *regimes;

	(void)state;
	regimes = tu_config_dir(dir, "regimes");
	tu_write_yaml(regimes, "vendor", "regime: vendor\ntitle: Ours\n"
	    "clocks:\n  - id: customers\n    title: Tell customers\n"
	    "    from: awareness\n    within: 12h\n");
	r = load("vendor");
	assert_string_equal(r->title, "Ours");
	assert_int_equal(regime_clock(r, "customers")->within.minutes, 720);
	regime_free(&r);

	tu_write_yaml(regimes, "vendor", "regime: gdpr\ntitle: Ours\n"
	    "clocks:\n  - id: customers\n    title: Tell customers\n"
	    "    from: awareness\n    within: 12h\n");
	assert_int_equal(regime_load("vendor", &r, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "vendor.yaml: says regime: gdpr"));

	tu_write_yaml(regimes, "vendor", "regime: vendor\ntitle: Ours\n"
	    "clocks:\n  - id: customers\n    title: Tell customers\n"
	    "    from: awareness\n    within: soon\n");
	assert_int_equal(regime_load("vendor", &r, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "/herald/regimes/vendor.yaml:7:13: "
	    "within: \"soon\" is not a span"));
	assert_int_equal(regime_load("no-such-regime", &r, &err), ST_NOTFOUND);
	assert_int_equal(regime_load("../etc", &r, &err), ST_INVALID);
	unsetenv("XDG_CONFIG_HOME");
	tu_rmdir(dir);
	free(regimes);
	free(dir);
}

/* --- deadlines --------------------------------------------------------- */

/* Store playbook TEXT as a communication's would be; returns its hash. */
static char *
store_playbook(struct session *s, const char *text)
{
	struct playbook *pb = tu_playbook_parse(text, "test");
	sqlite3_stmt *st;
	sqlite3 *h;
	char *hash;

	hash = xstrdup(pb->hash);
	assert_int_equal(sqlite3_open(session_path(s), &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	assert_int_equal(sqlite3_prepare_v2(h, "INSERT OR IGNORE INTO playbooks"
	    " (name, version, hash, body, imported_at) VALUES (?, ?, ?, ?, ?)",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, pb->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pb->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, "2026-03-01T00:00:00Z", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	playbook_free(&pb);
	return hash;
}

/* A playbook for AUDIENCE with CLOCKS (YAML list items) and, when
 * VARIANTS is not NULL, those variants. */
static char *
playbook_text(const char *kind, const char *audience, const char *variants,
    const char *clocks)
{
	return xasprintf("playbook: t\nversion: \"1\"\ntitle: T\nkind: %s\n"
	    "audience: %s\n%s%ssteps:\n  - id: facts\n    kind: form\n"
	    "    title: Facts\n    fields:\n      - id: what\n        type: text\n"
	    "        label: What\nclocks:\n%s", kind, audience,
	    variants != NULL ? "variants:\n" : "", variants != NULL ? variants :
	    "", clocks);
}

static long long
incident(struct session *s, const char *severity)
{
	struct incident_new in = { .title = "Leak", .trigger_kind =
	    "data-breach", .severity = severity, .aware_at = AWARE };

	return tu_incident_new(s, &in);
}

/* A communication of INCIDENT started from playbook TEXT. */
static long long
comm(struct session *s, long long inc, const char *kind, const char *audience,
    const char *variant, const char *text)
{
	struct communication_new cn = { .incident_id = inc, .kind = kind,
	    .audience = audience, .title = "Notice", .playbook = "t",
	    .playbook_version = "1", .variant = variant };
	struct err err = { 0 };
	char *hash = store_playbook(s, text);
	long long id = 0;

	cn.playbook_hash = hash;
	if (communication_create(s, &cn, &id, &err) != ST_OK)
		fail_msg("communication: %s", err.msg);
	free(hash);
	return id;
}

static void
clocks_of(struct session *s, long long comm_id, struct rowlist *l)
{
	struct err err = { 0 };

	if (deadline_for_communication(s, comm_id, l, &err) != ST_OK)
		fail_msg("deadlines: %s", err.msg);
}

static const struct deadline *
find(const struct rowlist *l, const char *clock)
{
	const struct deadline *d;
	size_t i;

	for (i = 0; i < l->count; i++) {
		d = rowlist_at(l, i);
		if (strcmp(d->clock_id, clock) == 0)
			return d;
	}
	fail_msg("no clock %s among %zu", clock, l->count);
	return NULL;
}

static void
publish(struct session *s, long long comm_id, int revision, const char *at)
{
	char *sql = xasprintf("INSERT INTO revisions (communication_id, revision,"
	    " started_at, published_at) VALUES (%lld, %d, '%s', '%s')"
	    " ON CONFLICT DO UPDATE SET published_at = excluded.published_at",
	    comm_id, revision, at, at);

	tu_sql_exec(session_path(s), sql);
	free(sql);
}

static void
gdpr_72h(void **state)
{
	struct tu_fx *fx = *state;
	struct rowlist l;
	const struct deadline *d;
	char *pb = playbook_text("regulator-notification", "regulator", NULL,
	    "  - id: regulator\n    regime: gdpr\n    clock: regulator\n");
	long long inc = incident(fx->s, "high");
	long long id = comm(fx->s, inc, "regulator-notification", "regulator",
	    NULL, pb);
	char left[64];

	clocks_of(fx->s, id, &l);
	assert_int_equal(l.count, 1);
	d = rowlist_at(&l, 0);
	assert_string_equal(d->clock_id, "regulator");
	assert_string_equal(d->title, "Notify the supervisory authority");
	assert_string_equal(d->regime, "gdpr");
	assert_string_equal(d->due_at, "2026-03-04T10:00:00Z");
	assert_string_equal(d->stopped_at, "");
	assert_string_equal(d->basis, "72 h from awareness (GDPR art. 33(1))");
	assert_string_equal(d->communication_title, "Notice");
	assert_int_equal(d->incident_id, inc);
	assert_non_null(strstr(d->incident_ref, "-2026-001"));
	assert_false(d->is_contract);
	assert_false(d->is_recurring);
	assert_string_equal(deadline_left(d, TU_NOW, left, sizeof left),
	    "2 d 22 h left");
	assert_false(deadline_is_overdue(d, TU_NOW));
	/* Four days on it is a day and two hours overdue. */
	assert_true(deadline_is_overdue(d, TU_NOW + 4 * 86400));
	assert_string_equal(deadline_left(d, TU_NOW + 4 * 86400, left,
	    sizeof left), "overdue by 1 d 2 h");
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	free(pb);
}

static void
nis2_phases(void **state)
{
	struct tu_fx *fx = *state;
	struct rowlist l;
	struct err err = { 0 };
	char *pb = playbook_text("regulator-notification", "regulator", NULL,
	    "  - id: nis2\n    regime: nis2\n");
	long long id = comm(fx->s, incident(fx->s, "medium"),
	    "regulator-notification", "regulator", NULL, pb);
	char left[64];

	clocks_of(fx->s, id, &l);
	assert_int_equal(l.count, 3);
	assert_string_equal(((struct deadline *)rowlist_at(&l, 0))->clock_id,
	    "early-warning");
	assert_string_equal(find(&l, "early-warning")->due_at,
	    "2026-03-02T10:00:00Z");
	assert_string_equal(find(&l, "notification")->due_at,
	    "2026-03-04T10:00:00Z");
	/* One month after the 72 h notification. */
	assert_string_equal(find(&l, "final-report")->due_at,
	    "2026-04-04T10:00:00Z");
	assert_string_equal(find(&l, "final-report")->basis, "1 month 72 h "
	    "from awareness (NIS2 art. 23(4)(d), one month after the "
	    "notification)");
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	/* The early warning goes out: revision 1 published stops only it. */
	publish(fx->s, id, 1, "2026-03-01T20:00:00Z");
	clocks_of(fx->s, id, &l);
	assert_string_equal(find(&l, "early-warning")->stopped_at,
	    "2026-03-01T20:00:00Z");
	assert_string_equal(deadline_left(find(&l, "early-warning"), TU_NOW,
	    left, sizeof left), "met 14 h early");
	assert_false(deadline_is_overdue(find(&l, "early-warning"),
	    TU_NOW + 10 * 86400));
	assert_string_equal(find(&l, "notification")->stopped_at, "");
	/* Stopped ones sort after running ones. */
	assert_string_equal(((struct deadline *)rowlist_at(&l, 2))->clock_id,
	    "early-warning");
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	/* A late notification: met, late. */
	publish(fx->s, id, 2, "2026-03-04T11:30:00Z");
	clocks_of(fx->s, id, &l);
	assert_string_equal(deadline_left(find(&l, "notification"), TU_NOW,
	    left, sizeof left), "met 1 h 30 min late");
	assert_string_equal(find(&l, "final-report")->stopped_at, "");
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	assert_int_equal(deadline_running(fx->s, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	assert_string_equal(((struct deadline *)rowlist_at(&l, 0))->clock_id,
	    "final-report");
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	free(pb);
}

/* A message of revision REV of COMM_ID in STATE (delivered at AT). */
static void
message(struct session *s, long long comm_id, int rev, const char *state,
    const char *at, const char *purpose)
{
	static int n;
	char *sql;

	if (n == 0)
		tu_sql_exec(session_path(s), "INSERT OR IGNORE INTO channels"
		    " (id, name, kind, created_at) VALUES (1, 'mail', 'email',"
		    " '2026-03-01T00:00:00Z')");
	sql = xasprintf("INSERT INTO outbox (communication_id, channel_id,"
	    " target, payload, idempotency_key, state, delivered_at, created_at,"
	    " revision, purpose) VALUES (%lld, 1, 't', '{}', 'k%d-%lld', '%s',"
	    " %s%s%s, '2026-03-01T00:00:00Z', %d, '%s')", comm_id, ++n, comm_id,
	    state, at != NULL ? "'" : "", at != NULL ? at : "NULL",
	    at != NULL ? "'" : "", rev, purpose);
	tu_sql_exec(session_path(s), sql);
	free(sql);
}

static void
manual(struct session *s, long long comm_id, const char *at)
{
	char *sql = xasprintf("INSERT INTO manual_deliveries (communication_id,"
	    " means, target, delivered_at, recorded_at) VALUES (%lld, 'web-form',"
	    " 'the regulator', '%s', '%s')", comm_id, at, at);

	tu_sql_exec(session_path(s), sql);
	free(sql);
}

/* A clock stops on delivery, not at publication, once there are
 * messages: when none waits and one arrived, or at a delivery recorded
 * by hand, whichever is first. */
static void
stops_on_delivery(void **state)
{
	struct tu_fx *fx = *state;
	struct rowlist l;
	char *pb = playbook_text("regulator-notification", "regulator", NULL,
	    "  - id: regulator\n    regime: gdpr\n    clock: regulator\n");
	long long inc = incident(fx->s, "high");
	long long id = comm(fx->s, inc, "regulator-notification", "regulator",
	    NULL, pb);
	long long id2 = comm(fx->s, inc, "regulator-notification", "regulator",
	    NULL, pb);

	publish(fx->s, id, 1, "2026-03-02T08:00:00Z");
	message(fx->s, id, 1, "delivered", "2026-03-02T08:05:00Z", "publish");
	message(fx->s, id, 1, "pending", NULL, "publish");
	/* A withdrawal's message waits on no clock. */
	message(fx->s, id, 1, "pending", NULL, "withdrawal");
	clocks_of(fx->s, id, &l);
	assert_string_equal(find(&l, "regulator")->stopped_at, "");
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	/* A delivery by hand before the publication answers nothing. */
	manual(fx->s, id, "2026-03-02T07:00:00Z");
	clocks_of(fx->s, id, &l);
	assert_string_equal(find(&l, "regulator")->stopped_at, "");
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	/* The last message failed for good: the one delivered stops it. */
	tu_sql_exec(session_path(fx->s), "UPDATE outbox SET state = 'failed'"
	    " WHERE state = 'pending' AND purpose = 'publish'");
	clocks_of(fx->s, id, &l);
	assert_string_equal(find(&l, "regulator")->stopped_at,
	    "2026-03-02T08:05:00Z");
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	/* Every message failed: a delivery by hand stops it. */
	publish(fx->s, id2, 1, "2026-03-02T09:00:00Z");
	message(fx->s, id2, 1, "failed", NULL, "publish");
	clocks_of(fx->s, id2, &l);
	assert_string_equal(find(&l, "regulator")->stopped_at, "");
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	manual(fx->s, id2, "2026-03-02T10:30:00Z");
	clocks_of(fx->s, id2, &l);
	assert_string_equal(find(&l, "regulator")->stopped_at,
	    "2026-03-02T10:30:00Z");
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	free(pb);
}

static void
cra_fix_available(void **state)
{
	struct tu_fx *fx = *state;
	struct incident_times t = { .fix_available_at = "2026-03-05T02:00:00+02:00" };
	struct incident i = { 0 };
	struct rowlist l;
	struct err err = { 0 };
	char *pb = playbook_text("regulator-notification", "regulator", NULL,
	    "  - id: cra\n    regime: cra\n");
	long long inc = incident(fx->s, "critical");
	long long id = comm(fx->s, inc, "regulator-notification", "regulator",
	    NULL, pb);
	char left[64];

	clocks_of(fx->s, id, &l);
	assert_int_equal(l.count, 3);
	assert_string_equal(find(&l, "early-warning")->due_at,
	    "2026-03-02T10:00:00Z");
	assert_string_equal(find(&l, "notification")->due_at,
	    "2026-03-04T10:00:00Z");
	/* No fix yet: the final report waits, last, and is not running. */
	assert_string_equal(find(&l, "final-report")->due_at, "");
	assert_string_equal(((struct deadline *)rowlist_at(&l, 2))->clock_id,
	    "final-report");
	assert_string_equal(deadline_left(find(&l, "final-report"), TU_NOW,
	    left, sizeof left), "waiting for a fix");
	assert_false(deadline_is_overdue(find(&l, "final-report"),
	    TU_NOW + 100 * 86400));
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	assert_int_equal(deadline_running(fx->s, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	/* The fix: fourteen days from it. */
	assert_int_equal(incident_get(fx->s, "1", &i, &err), ST_OK);
	assert_int_equal(incident_set_times(fx->s, inc, i.version, &t, &err),
	    ST_OK);
	incident_clear(&i);
	tu_expect_audit(fx->s, "user:1", "incident.times", "incident:1",
	    "{\"aware_at\":\"2026-03-01T10:00:00Z\",\"discovered_at\":null,"
	    "\"fix_available_at\":\"2026-03-05T00:00:00Z\"}");
	clocks_of(fx->s, id, &l);
	assert_string_equal(find(&l, "final-report")->due_at,
	    "2026-03-19T00:00:00Z");
	assert_string_equal(find(&l, "final-report")->basis, "14 d from "
	    "fix-available (CRA art. 14(2)(c), 14 days after a fix is "
	    "available)");
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	assert_int_equal(deadline_running(fx->s, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	free(pb);
}

/* The vendor table by severity: the whole regime on a public advisory. */
static void
vendor_by_severity(void **state)
{
	static const struct {
		const char *severity, *clock, *due;
	} cases[] = {
		{ "critical", "high-impact", "2026-03-02T10:00:00Z" },
		{ "high", "high-impact", "2026-03-02T10:00:00Z" },
		{ "medium", "medium", "2026-03-04T10:00:00Z" },
		{ "low", "low", "2026-03-08T10:00:00Z" },
		{ "none", NULL, NULL },
	};
	struct tu_fx *fx = *state;
	struct rowlist l;
	char *pb = playbook_text("advisory", "public", NULL,
	    "  - id: vendor\n    regime: vendor\n");
	const struct deadline *d;
	long long id;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		id = comm(fx->s, incident(fx->s, cases[i].severity), "advisory",
		    "public", NULL, pb);
		clocks_of(fx->s, id, &l);
		/* The customers clock is for customer notices only. */
		if (cases[i].clock == NULL)
			assert_int_equal(l.count, 0);
		else {
			assert_int_equal(l.count, 1);
			d = rowlist_at(&l, 0);
			assert_string_equal(d->clock_id, cases[i].clock);
			assert_string_equal(d->due_at, cases[i].due);
			assert_string_equal(d->regime, "vendor");
		}
		rowlist_free(&l, (row_clear_fn)deadline_clear);
	}
	/* A customer notice gets the 48 h customers clock as well. */
	id = comm(fx->s, incident(fx->s, "high"), "customer-notice",
	    "customers", NULL, pb);
	clocks_of(fx->s, id, &l);
	assert_int_equal(l.count, 2);
	assert_string_equal(find(&l, "customers")->due_at,
	    "2026-03-03T10:00:00Z");
	assert_string_equal(find(&l, "high-impact")->due_at,
	    "2026-03-02T10:00:00Z");
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	free(pb);
}

/* An incident affecting product P, run by customers with SLAs. */
static long long
contract_incident(struct session *s, int sla, int other_sla)
{
	struct affected_new an = { .status = "known_affected" };
	struct err err = { 0 };
	long long inc = incident(s, "high"), p, q, c1, c2;
	char slug[32];
	static int n;

	snprintf(slug, sizeof slug, "p%d", ++n);
	assert_int_equal(product_create(s, slug, "Portal", "", NULL, &p, &err),
	    ST_OK);
	snprintf(slug, sizeof slug, "q%d", n);
	assert_int_equal(product_create(s, slug, "Other", "", NULL, &q, &err),
	    ST_OK);
	an.incident_id = inc;
	an.product_id = p;
	assert_int_equal(affected_add(s, &an, NULL, &err), ST_OK);
	assert_int_equal(customer_create(s, "Acme", NULL, "MSA-7", sla, &c1,
	    &err), ST_OK);
	assert_int_equal(deployment_add(s, c1, p, 0, "4.2", NULL, &err), ST_OK);
	/* Stricter still, but runs a product the incident leaves alone. */
	assert_int_equal(customer_create(s, "Globex", NULL, "G-1", other_sla,
	    &c2, &err), ST_OK);
	assert_int_equal(deployment_add(s, c2, q, 0, "1.0", NULL, &err), ST_OK);
	return inc;
}

static void
contract_stricter_wins(void **state)
{
	struct tu_fx *fx = *state;
	struct rowlist l;
	const struct deadline *d;
	char *pb = playbook_text("customer-notice", "customers", NULL,
	    "  - id: customers\n    regime: vendor\n    clock: customers\n"
	    "    title: Notify customers\n");
	long long id;

	id = comm(fx->s, contract_incident(fx->s, 12, 1), "customer-notice",
	    "customers", NULL, pb);
	clocks_of(fx->s, id, &l);
	assert_int_equal(l.count, 1);
	d = find(&l, "customers");
	assert_string_equal(d->title, "Notify customers");
	assert_string_equal(d->due_at, "2026-03-01T22:00:00Z");
	assert_true(d->is_contract);
	assert_string_equal(d->basis, "12 h from awareness (contract MSA-7)");
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	/* 72 h in the contract is looser than 48 h: the playbook's stands. */
	id = comm(fx->s, contract_incident(fx->s, 72, 1), "customer-notice",
	    "customers", NULL, pb);
	clocks_of(fx->s, id, &l);
	d = find(&l, "customers");
	assert_string_equal(d->due_at, "2026-03-03T10:00:00Z");
	assert_false(d->is_contract);
	assert_string_equal(d->basis, "48 h from awareness (vendor policy)");
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	free(pb);
}

/* A playbook's own clocks: narrowed to a variant, and recurring. */
static void
variants_and_recurring(void **state)
{
	struct tu_fx *fx = *state;
	struct rowlist l;
	struct incident i = { 0 };
	struct err err = { 0 };
	char *pb = playbook_text("customer-notice", "customers",
	    "  - id: regulator\n    kind: regulator-notification\n"
	    "    audience: regulator\n  - id: customers\n",
	    "  - id: regulator\n    regime: gdpr\n    clock: regulator\n"
	    "    variant: regulator\n"
	    "  - id: notice\n    from: discovery\n    within: 36h\n"
	    "    variant: customers\n"
	    "  - id: updates\n    from: started\n    every: 24h\n");
	long long inc = incident(fx->s, "high");
	long long reg = comm(fx->s, inc, "regulator-notification", "regulator",
	    "regulator", pb);
	long long cus = comm(fx->s, inc, "customer-notice", "customers",
	    "customers", pb);
	const struct deadline *d;
	char left[64];

	clocks_of(fx->s, reg, &l);
	assert_int_equal(l.count, 2);
	assert_string_equal(find(&l, "regulator")->due_at,
	    "2026-03-04T10:00:00Z");
	d = find(&l, "updates");
	assert_true(d->is_recurring);
	assert_string_equal(d->due_at, "2026-03-02T12:00:00Z");
	assert_string_equal(d->basis, "every 24 h from started");
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	/* Discovery falls back to awareness until it is known. */
	clocks_of(fx->s, cus, &l);
	assert_int_equal(l.count, 2);
	assert_string_equal(find(&l, "notice")->due_at, "2026-03-02T22:00:00Z");
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	/* A publication restarts the recurring clock from it. */
	publish(fx->s, cus, 1, "2026-03-01T18:00:00Z");
	clocks_of(fx->s, cus, &l);
	assert_string_equal(find(&l, "notice")->stopped_at,
	    "2026-03-01T18:00:00Z");
	d = find(&l, "updates");
	assert_string_equal(d->stopped_at, "");
	assert_string_equal(d->due_at, "2026-03-02T18:00:00Z");
	assert_string_equal(deadline_left(d, TU_NOW, left, sizeof left),
	    "1 d 6 h left");
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	/* Resolved: nothing recurs any more. */
	assert_int_equal(incident_get(fx->s, "1", &i, &err), ST_OK);
	assert_int_equal(incident_set_state(fx->s, inc, i.version, "resolved",
	    &err), ST_OK);
	incident_clear(&i);
	clocks_of(fx->s, cus, &l);
	assert_string_not_equal(find(&l, "updates")->stopped_at, "");
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	assert_int_equal(deadline_for_incident(fx->s, inc, &l, &err), ST_OK);
	assert_int_equal(l.count, 4);
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	/* And no clock of a resolved incident runs. */
	assert_int_equal(deadline_running(fx->s, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	free(pb);
}

/* The running clocks of every incident, soonest first, LIMIT of them;
 * a withdrawn communication's stop. */
static void
running_soonest_first(void **state)
{
	struct tu_fx *fx = *state;
	struct rowlist l;
	struct err err = { 0 };
	char *gdpr = playbook_text("regulator-notification", "regulator", NULL,
	    "  - id: regulator\n    regime: gdpr\n    clock: regulator\n");
	char *nis2 = playbook_text("regulator-notification", "regulator", NULL,
	    "  - id: nis2\n    regime: nis2\n");
	long long a, b;
	const struct deadline *d;

	a = comm(fx->s, incident(fx->s, "high"), "regulator-notification",
	    "regulator", NULL, gdpr);
	b = comm(fx->s, incident(fx->s, "high"), "regulator-notification",
	    "regulator", NULL, nis2);
	assert_int_equal(deadline_running(fx->s, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 4);
	d = rowlist_at(&l, 0);
	assert_int_equal(d->communication_id, b);
	assert_string_equal(d->clock_id, "early-warning");
	d = rowlist_at(&l, 1);       /* same time: by communication */
	assert_int_equal(d->communication_id, a);
	d = rowlist_at(&l, 3);
	assert_string_equal(d->clock_id, "final-report");
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	assert_int_equal(deadline_running(fx->s, 2, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	rowlist_free(&l, (row_clear_fn)deadline_clear);

	tu_sql_exec(session_path(fx->s), "UPDATE communications SET state ="
	    " 'withdrawn' WHERE id = 2");
	assert_int_equal(deadline_running(fx->s, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	assert_int_equal(deadline_for_incident(fx->s, 0, &l, &err),
	    ST_INVALID);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	free(gdpr);
	free(nis2);
}

/* A communication without a stored playbook (from before playbooks) has
 * no clocks; an unknown regime in a stored one is an error, not silence. */
static void
no_playbook_no_clocks(void **state)
{
	struct tu_fx *fx = *state;
	struct communication_new cn = { .kind = "advisory", .audience =
	    "public", .title = "Old", .playbook = "old", .playbook_version = "1",
	    .playbook_hash =
	    "0000000000000000000000000000000000000000000000000000000000000000" };
	struct rowlist l;
	struct err err = { 0 };
	long long id;

	cn.incident_id = incident(fx->s, "high");
	assert_int_equal(communication_create(fx->s, &cn, &id, &err), ST_OK);
	clocks_of(fx->s, id, &l);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)deadline_clear);
}

static void
set_times(void **state)
{
	struct tu_fx *fx = *state;
	struct incident_times t = { 0 };
	struct incident i = { 0 };
	struct err err = { 0 };
	long long inc = incident(fx->s, "high"), v, before;
	struct session *r;

	assert_int_equal(incident_get(fx->s, "1", &i, &err), ST_OK);
	v = i.version;
	incident_clear(&i);
	before = tu_audit_count(fx->s);
	t.discovered_at = "2026-03-01T11:00:00Z";      /* after awareness */
	assert_int_equal(incident_set_times(fx->s, inc, v, &t, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "discovered-at 2026-03-01T11:00:00Z is "
	    "after aware-at 2026-03-01T10:00:00Z");
	t.discovered_at = "yesterday";
	assert_int_equal(incident_set_times(fx->s, inc, v, &t, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "discovered-at"));
	t.discovered_at = NULL;
	t.aware_at = "";
	assert_int_equal(incident_set_times(fx->s, inc, v, &t, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "aware-at: an incident always has this "
	    "time");
	assert_int_equal(tu_audit_count(fx->s), before);

	t.aware_at = NULL;
	t.discovered_at = "2026-02-28T09:00:00Z";
	t.fix_available_at = "2026-03-02T09:00:00Z";
	assert_int_equal(incident_set_times(fx->s, inc, v, &t, &err), ST_OK);
	assert_int_equal(tu_audit_count(fx->s), before + 1);
	/* The same again changes nothing and records nothing. */
	assert_int_equal(incident_set_times(fx->s, inc, v + 1, &t, &err),
	    ST_OK);
	assert_int_equal(tu_audit_count(fx->s), before + 1);
	/* An edit from the old version is someone else's conflict. */
	t.fix_available_at = "";
	assert_int_equal(incident_set_times(fx->s, inc, v, &t, &err),
	    ST_CONFLICT);
	assert_int_equal(incident_set_times(fx->s, inc, v + 1, &t, &err),
	    ST_OK);
	assert_int_equal(incident_get(fx->s, "1", &i, &err), ST_OK);
	assert_null(i.fix_available_at);
	assert_string_equal(i.discovered_at, "2026-02-28T09:00:00Z");
	incident_clear(&i);

	/* Readers may not. */
	tu_add_user(fx->s, "rita", NULL);
	r = tu_open_as(fx->dir, "rita");
	assert_int_equal(incident_set_times(r, inc, v + 2, &t, &err),
	    ST_DENIED);
	session_close(&r);
}

static void
left_texts(void **state)
{
	static const struct {
		long        due;         /* seconds from now */
		long        stopped;     /* seconds from due; 0: running */
		const char *text;
	} cases[] = {
		{ 3 * 3600 + 20 * 60, 0, "3 h 20 min left" },
		{ 3 * 3600 + 20 * 60 + 59, 0, "3 h 20 min left" },
		{ 2 * 86400 + 4 * 3600 + 30 * 60, 0, "2 d 4 h left" },
		{ 86400, 0, "1 d left" },
		{ 5 * 3600, 0, "5 h left" },
		{ 59 * 60 + 59, 0, "59 min left" },
		{ 30, 0, "less than 1 min left" },
		{ 0, 0, "less than 1 min left" },
		{ -1, 0, "overdue by less than 1 min" },
		{ -(3 * 3600 + 20 * 60), 0, "overdue by 3 h 20 min" },
		{ -5 * 3600, 0, "overdue by 5 h" },
		{ -(3 * 86400 + 60), 0, "overdue by 3 d" },
		{ 3600, -2 * 3600, "met 2 h early" },
		{ -7200, 3600, "met 1 h late" },
		{ 3600, 20, "met on time" },
	};
	struct deadline d;
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&d, 0, sizeof d);
		clock_format(TU_NOW + cases[i].due, d.due_at);
		if (cases[i].stopped != 0)
			clock_format(TU_NOW + cases[i].due + cases[i].stopped,
			    d.stopped_at);
		if (strcmp(deadline_left(&d, TU_NOW, buf, sizeof buf),
		    cases[i].text) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, buf,
			    cases[i].text);
		assert_int_equal(deadline_is_overdue(&d, TU_NOW),
		    cases[i].due < 0 && cases[i].stopped == 0);
	}
	memset(&d, 0, sizeof d);
	assert_string_equal(deadline_left(&d, TU_NOW, buf, sizeof buf),
	    "waiting for a fix");
	assert_false(deadline_is_overdue(&d, TU_NOW));
	/* A short buffer is cut, not overrun. */
	clock_format(TU_NOW + 3 * 3600, d.due_at);
	assert_string_equal(deadline_left(&d, TU_NOW, buf, 4), "3 h");
	deadline_clear(&d);
	deadline_clear(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_regimes),
		cmocka_unit_test(bad_regimes),
		cmocka_unit_test(config_copy_wins),
		cmocka_unit_test(left_texts),
		cmocka_unit_test_setup_teardown(gdpr_72h, tu_fx_setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(nis2_phases, tu_fx_setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(stops_on_delivery,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(cra_fix_available, tu_fx_setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(vendor_by_severity, tu_fx_setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(contract_stricter_wins,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(variants_and_recurring,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(running_soonest_first,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(no_playbook_no_clocks,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(set_times, tu_fx_setup,
		    tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
