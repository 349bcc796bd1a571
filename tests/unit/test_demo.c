/* tests/unit/test_demo.c - the demo database and the scale generator. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/testutil.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/compliance.h"
#include "core/deadline.h"
#include "core/demo.h"
#include "core/drill.h"
#include "core/evaluation.h"
#include "core/workflow.h"
#include "core/product.h"
#include "core/review.h"
#include "util/xalloc.h"

struct fx {
	struct tu_files *files;
	struct session  *s;
};

/* A fresh demo-purpose database made at START with "tester" its admin;
 * the clock is left at NOW. */
static struct fx *
fresh_at(time_t start, time_t now)
{
	struct fx *fx = xcalloc(1, sizeof *fx);
	struct init_opts o = { .purpose = PURPOSE_DEMO, .as_login = "tester" };
	struct err err = { 0 };

	fx->files = tu_files_new();
	clock_set_fixed(start);
	o.path = fx->files->path;
	if (session_init(&o, &fx->s, &err) != ST_OK)
		fail_msg("init: %s", err.msg);
	clock_set_fixed(now);
	return fx;
}

/* The same, made as the demo's history begins. */
static struct fx *
fresh(time_t now)
{
	return fresh_at(demo_start_time(now), now);
}

static void
done(struct fx *fx)
{
	session_close(&fx->s);
	tu_files_free(&fx->files);
	free(fx);
}

/* Every communication sent for review or further has the steps before
 * its first gate done, so it reads well and its runner shows them done. */
static void
check_steps_done(struct session *s)
{
	struct rowlist ids, steps;
	struct comm_doc d;
	const struct step_status *ss;
	struct err err = { 0 };
	size_t i, j, n = 0;

	assert_int_equal(communication_list_by_state(s, NULL, 0, 0, &ids, &err),
	    ST_OK);
	for (i = 0; i < ids.count; i++) {
		const struct communication *c = rowlist_at(&ids, i);

		if (strcmp(c->state, "in-review") != 0 &&
		    strcmp(c->state, "approved") != 0 &&
		    strcmp(c->state, "published") != 0)
			continue;
		memset(&d, 0, sizeof d);
		if (comm_open(s, c->id, &d, &err) != ST_OK ||
		    comm_steps(s, &d, &steps, &err) != ST_OK)
			fail_msg("communication %lld: %s", c->id, err.msg);
		for (j = 0; j < steps.count; j++) {
			ss = rowlist_at(&steps, j);
			if (ss->step->kind == PB_STEP_GATE ||
			    ss->step->kind == PB_STEP_PUBLISH)
				break;
			if (ss->state != STEP_DONE)
				fail_msg("communication %lld (%s): step %s is %s: "
				    "%s", c->id, c->state, ss->step->id,
				    step_state_name(ss->state), ss->problem);
			n++;
		}
		rowlist_free(&steps, (row_clear_fn)step_status_clear);
		comm_doc_clear(&d);
	}
	rowlist_free(&ids, (row_clear_fn)communication_clear);
	assert_true(n > 20);
}

/* The approvals as the policy made them: never by an editor of the
 * revision, by several people, and every approved communication
 * satisfied at its words now. */
static void
check_approvals(struct fx *fx)
{
	const char *db = fx->files->path;
	struct rowlist ids;
	struct comm_doc d;
	struct review r;
	struct err err = { 0 };
	size_t i, n = 0;

	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM approvals a"
	    " JOIN approval_editors e ON e.communication_id = a.communication_id"
	    " AND e.revision = a.revision AND e.user_id = a.approver_id"), 0);
	assert_true(tu_sql_int(db, "SELECT count(DISTINCT approver_id) FROM"
	    " approvals") >= 4);
	assert_int_equal(communication_list_by_state(fx->s, "approved", 0, 0,
	    &ids, &err), ST_OK);
	for (i = 0; i < ids.count; i++) {
		const struct communication *c = rowlist_at(&ids, i);

		memset(&d, 0, sizeof d);
		if (comm_open(fx->s, c->id, &d, &err) != ST_OK ||
		    review_load(fx->s, &d, &r, &err) != ST_OK)
			fail_msg("communication %lld: %s", c->id, err.msg);
		if (!r.is_satisfied)
			fail_msg("communication %lld is approved, its gates are "
			    "not satisfied", c->id);
		n++;
		review_clear(&r);
		comm_doc_clear(&d);
	}
	rowlist_free(&ids, (row_clear_fn)communication_clear);
	assert_true(n >= 1);
}

/* The clocks as a real team has them: one communication overdue at
 * most, a few running with time left. */
static void
check_clocks(struct session *s, time_t now)
{
	struct rowlist l;
	const struct deadline *d;
	struct err err = { 0 };
	long long overdue = 0;
	size_t i, n_left = 0;

	assert_int_equal(deadline_running(s, 0, &l, &err), ST_OK);
	for (i = 0; i < l.count; i++) {
		d = rowlist_at(&l, i);
		if (deadline_is_overdue(d, now)) {
			if (overdue != 0 && overdue != d->communication_id)
				fail_msg("two communications overdue: %lld and "
				    "%lld", overdue, d->communication_id);
			overdue = d->communication_id;
		} else if (d->due_at[0] != '\0')
			n_left++;
	}
	assert_true(overdue != 0);
	assert_true(n_left >= 2);
	rowlist_free(&l, (row_clear_fn)deadline_clear);
}

/* What the people did besides incidents, each through core: the trust
 * page, owners, the breach register, researchers' reports, the drill,
 * the SRO's evaluation, the export and a release after it. */
static void
check_story(struct fx *fx, time_t now)
{
	const char *db = fx->files->path;
	struct drill d = { 0 };
	struct err err = { 0 };
	char due[CLOCK_BUFSZ], soon[11], q[512], *site, *page;
	bool is_overdue = false;
	int met = 0, total = 0;
	time_t t;

	/* The trust page: every section filled, one certification lapsing
	 * within the month. */
	assert_int_equal(tu_sql_int(db, "SELECT count(DISTINCT section) FROM"
	    " trust_entries"), 6);
	clock_format_date(clock_add_days(now, 30), soon);
	snprintf(q, sizeof q, "SELECT count(*) FROM trust_entries WHERE"
	    " section = 'certification' AND valid_until <= '%s'", soon);
	assert_int_equal(tu_sql_int(db, q), 1);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM trust_entries"
	    " WHERE section = 'subprocessor' AND extra = ''"), 0);
	/* Owners for most, not all. */
	assert_true(tu_sql_int(db, "SELECT count(*) FROM owners") >= 6);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM owners WHERE"
	    " kind = 'policy' AND name = 'trust-page'"), 0);
	/* The register: the real breach from its incident, and one the
	 * regulator need not hear of, with why. */
	assert_int_equal(tu_count_rows(db, "breaches"), 2);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM breaches b JOIN"
	    " incidents i ON i.id = b.incident_id WHERE i.is_drill = 0"), 2);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM breaches WHERE"
	    " regulator_notified = 'not-required' AND reason_not_notified <> ''"),
	    1);
	/* One report acknowledged after the 72 h promised. */
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM reports WHERE"
	    " acknowledged_at > strftime('%Y-%m-%dT%H:%M:%SZ', received_at,"
	    " '+72 hours')"), 1);
	/* The drill: its notification delivered to the drill list only,
	 * its clock met, about 11 months ago. */
	assert_int_equal(drill_last_finished(fx->s, &d, &err), ST_OK);
	drill_tally(&d, &met, &total);
	assert_true(total >= 1);
	assert_int_equal(met, total);
	assert_int_equal(clock_parse(d.finished_at, &t, NULL), ST_OK);
	assert_true(t < clock_add_months(now, -11));
	assert_true(t > clock_add_months(now, -12));
	assert_non_null(strstr(d.findings, "after awareness, inside 72 h"));
	drill_clear(&d);
	assert_true(tu_sql_int(db, "SELECT count(*) FROM outbox o JOIN"
	    " communications c ON c.id = o.communication_id JOIN incidents i"
	    " ON i.id = c.incident_id WHERE i.is_drill AND o.state ="
	    " 'delivered'") >= 1);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM outbox o JOIN"
	    " communications c ON c.id = o.communication_id JOIN incidents i"
	    " ON i.id = c.incident_id WHERE i.is_drill AND o.target <>"
	    " 'drill-inbox@brightwater.example'"), 0);
	/* An evaluation signed about four months ago, none open: overdue. */
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM evaluations"
	    " WHERE signed_at IS NULL"), 0);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM evaluations"),
	    1);
	assert_int_equal(evaluation_next_due(fx->s, now, due, &is_overdue,
	    &err), ST_OK);
	assert_true(is_overdue);
	/* Exported beside the database, and one cycle changed since. */
	site = demo_site_dir(db);
	assert_int_equal(strcmp(site + strlen(site) - 12, "/herald-site"), 0);
	page = xasprintf("%s/site/trust/index.html", site);
	assert_int_equal(access(page, R_OK), 0);
	free(page);
	free(site);
	assert_int_equal(tu_sql_int(db, "SELECT count(DISTINCT kind) FROM"
	    " publications"), 6);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM cycles WHERE"
	    " updated_at > (SELECT max(confirmed_at) FROM publications)"), 1);
}

/* The dashboard tells a mixture, each answer from the story: nothing
 * lacks data; these are met, at risk, not met. */
static void
check_dashboard(struct session *s, time_t now)
{
	static const struct { const char *id; enum compliance_status st; }
	want[] = {
		{ "lifecycle.published", CS_AT_RISK },
		{ "lifecycle.notice", CS_NOT_MET },
		{ "notify.subscribe", CS_MET },
		{ "notify.sla", CS_NOT_MET },
		{ "notify.regulator", CS_MET },
		{ "remediation.versions", CS_NOT_MET },
		{ "external.trust", CS_AT_RISK },
		{ "external.security-txt", CS_MET },
		{ "external.procedure", CS_MET },
		{ "external.drill", CS_AT_RISK },
		{ "ids.messages", CS_MET },
		{ "research.reports", CS_NOT_MET },
		{ "contracts.sla", CS_NOT_MET },
		{ "ownership.owners", CS_NOT_MET },
		{ NULL, CS_MET },
	};
	const struct compliance_result *r;
	struct rowlist all;
	struct err err = { 0 };
	size_t i, k;

	assert_int_equal(compliance_evaluate(s, now, &all, &err), ST_OK);
	for (i = 0; i < all.count; i++) {
		r = rowlist_at(&all, i);
		if (r->status == CS_NO_DATA)
			fail_msg("%s: not enough data: %s", r->q->id, r->figure);
		for (k = 0; want[k].id != NULL; k++)
			if (strcmp(want[k].id, r->q->id) == 0 &&
			    r->status != want[k].st)
				fail_msg("%s is %s, not %s: %s", r->q->id,
				    compliance_status_name(r->status),
				    compliance_status_name(want[k].st), r->figure);
	}
	rowlist_free(&all, (row_clear_fn)compliance_result_clear);
}

static void
check_demo(struct fx *fx, time_t now)
{
	static const char *const kinds[] = {
		"advisory", "customer-notice", "regulator-notification",
		"support-briefing", "pir-internal", "pir-external", "eol-notice",
		NULL,
	};
	static const char *const states[] = {
		"draft", "in-review", "approved", "published", "withdrawn", NULL,
	};
	static const char *const roles[] = {
		"author", "approver:legal", "approver:pr", "approver:security",
		"sro", "admin", NULL,
	};
	const char *db = fx->files->path;
	struct audit_report rep;
	struct rowlist due;
	struct err err = { 0 };
	char sql[256], today[11], q[256];
	size_t i;

	clock_format_date(now, today);
	assert_int_equal(tu_count_rows(db, "incidents"), 13);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM incidents"
	    " WHERE is_drill"), 1);
	assert_int_equal(tu_sql_int(db, "SELECT count(DISTINCT trigger_kind)"
	    " FROM incidents"), 5);
	assert_int_equal(tu_sql_int(db, "SELECT count(DISTINCT state)"
	    " FROM incidents"), 4);
	for (i = 0; kinds[i] != NULL; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM communications"
		    " WHERE kind = '%s'", kinds[i]);
		if (tu_sql_int(db, sql) < 1)
			fail_msg("no %s communication", kinds[i]);
	}
	for (i = 0; states[i] != NULL; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM communications"
		    " WHERE state = '%s'", states[i]);
		if (tu_sql_int(db, sql) < 1)
			fail_msg("no communication in state %s", states[i]);
	}
	for (i = 0; roles[i] != NULL; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM user_roles"
		    " WHERE role = '%s'", roles[i]);
		if (tu_sql_int(db, sql) < 1)
			fail_msg("nobody has role %s", roles[i]);
	}
	/* Updates are revisions of the advisories they update, published
	 * again with their reasons, the first publication kept. */
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM revisions"
	    " WHERE revision = 2 AND reason != '' AND published_at IS NOT NULL"),
	    2);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM revisions r"
	    " JOIN revisions p ON p.communication_id = r.communication_id"
	    " AND p.revision = 1 WHERE r.revision = 2 AND p.snapshot IS NULL"), 0);
	/* Every communication started from a stored playbook. */
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM communications c"
	    " WHERE NOT EXISTS (SELECT 1 FROM playbooks p"
	    " WHERE p.hash = c.playbook_hash)"), 0);
	/* Every approved or later communication carries its sign-offs. */
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM communications c"
	    " WHERE state IN ('approved','published','withdrawn')"
	    " AND NOT EXISTS (SELECT 1 FROM approvals a"
	    " WHERE a.communication_id = c.id)"), 0);
	assert_true(tu_sql_int(db, "SELECT count(*) FROM outbox"
	    " WHERE state = 'delivered'") > 0);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM outbox"
	    " WHERE state = 'pending'"), 1);
	assert_int_equal(tu_count_rows(db, "manual_deliveries"), 1);
	assert_true(tu_count_rows(db, "customers") >= 3);
	assert_true(tu_count_rows(db, "deployments") >= 6);
	assert_true(tu_sql_int(db, "SELECT count(*) FROM subscribers WHERE"
	    " confirmed_at IS NOT NULL AND unsubscribed_at IS NULL") >= 3);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM subscribers WHERE"
	    " confirmed_at IS NULL"), 1);
	assert_true(tu_count_rows(db, "channels") >= 5);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM drills WHERE"
	    " finished_at IS NOT NULL"), 1);
	assert_true(tu_count_rows(db, "reports") >= 2);
	assert_true(tu_count_rows(db, "affected") >= 10);
	check_steps_done(fx->s);
	check_clocks(fx->s, now);
	check_approvals(fx);
	check_story(fx, now);
	check_dashboard(fx->s, now);
	/* Lifecycle: some cycles in full support, some security-only, one
	 * past end of life. */
	snprintf(q, sizeof q, "SELECT count(*) FROM cycles WHERE eol < '%s'",
	    today);
	assert_true(tu_sql_int(db, q) >= 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM cycles WHERE"
	    " active_support_end > '%s'", today);
	assert_true(tu_sql_int(db, q) >= 3);
	snprintf(q, sizeof q, "SELECT count(*) FROM cycles WHERE"
	    " active_support_end < '%s' AND eol > '%s'", today, today);
	assert_true(tu_sql_int(db, q) >= 2);
	/* Exactly one cycle reaches end of life within 12 months with no
	 * notice sent: the case the console warns about. */
	assert_int_equal(cycle_list_eol_due(fx->s, 12, &due, &err), ST_OK);
	assert_int_equal(due.count, 1);
	rowlist_free(&due, (row_clear_fn)cycle_clear);
	/* Built as a history: the chain's times never run backwards, and the
	 * first incident began as a researcher's report. */
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM audit a"
	    " JOIN audit b ON b.seq = a.seq + 1 WHERE b.at < a.at"), 0);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM reports"
	    " WHERE incident_id IS NOT NULL AND triaged_at IS NOT NULL"), 1);
	/* Nothing in the chain names a person or subscriber by address. */
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM audit WHERE"
	    " detail LIKE '%@%' OR subject LIKE '%@%'"), 0);
	assert_int_equal(audit_verify(fx->s->db, NULL, &rep, &err), ST_OK);
	assert_true(rep.count > 200);
}

static void
demo_is_complete(void **state)
{
	struct fx *fx = fresh(TU_NOW);
	struct err err = { 0 };

	(void)state;
	if (demo_build(fx->s, &err) != ST_OK)
		fail_msg("demo: %s", err.msg);
	check_demo(fx, clock_now());
	/* Built through core: the builder's clock is restored afterwards. */
	assert_int_equal(clock_now(), TU_NOW);
	done(fx);
}

/* Dates follow the clock: built years later, the demo tells the same story. */
static void
demo_is_relative_to_now(void **state)
{
	struct fx *fx = fresh(1924991999);          /* 2030-12-31T23:59:59Z */
	struct err err = { 0 };

	(void)state;
	if (demo_build(fx->s, &err) != ST_OK)
		fail_msg("demo: %s", err.msg);
	check_demo(fx, clock_now());
	assert_true(tu_sql_int(fx->files->path, "SELECT count(*) FROM incidents"
	    " WHERE ref LIKE 'SEC-2030-%'") > 0);
	done(fx);
}

static void
demo_needs_an_admin(void **state)
{
	struct fx *fx = fresh(TU_NOW);
	struct session *s = tu_open_as(fx->files->dir, "nobody");
	struct err err = { 0 };

	(void)state;
	assert_int_equal(demo_build(s, &err), ST_DENIED);
	assert_int_equal(tu_count_rows(fx->files->path, "incidents"), 0);
	session_close(&s);
	done(fx);
}

/* Concatenated incident titles of a scale database; caller frees. */
static char *
titles(struct fx *fx)
{
	sqlite3_stmt *st;
	size_t len = 0, cap = 1024;
	char *all = xmalloc(cap);
	sqlite3 *h;

	all[0] = '\0';
	assert_int_equal(sqlite3_open(fx->files->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT ref || title FROM"
	    " incidents ORDER BY id", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t n = strlen(t);

		while (len + n + 2 > cap)
			all = xreallocarray(all, cap *= 2, 1);
		memcpy(all + len, t, n);
		len += n;
		all[len++] = '\n';
		all[len] = '\0';
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return all;
}

static void
scale_is_deterministic_and_proportionate(void **state)
{
	time_t t0 = scale_start_time(TU_NOW, 600);
	struct fx *a = fresh_at(t0, TU_NOW), *b = fresh_at(t0, TU_NOW),
	    *c = fresh_at(t0, TU_NOW);
	struct audit_report rep;
	struct err err = { 0 };
	char *ta, *tb, *tc;

	(void)state;
	assert_int_equal(scale_build(a->s, 0, 1, NULL, &err), ST_INVALID);
	if (scale_build(a->s, 600, 7, NULL, &err) != ST_OK ||
	    scale_build(b->s, 600, 7, NULL, &err) != ST_OK ||
	    scale_build(c->s, 600, 8, NULL, &err) != ST_OK)
		fail_msg("scale: %s", err.msg);
	assert_int_equal(tu_count_rows(a->files->path, "incidents"), 600);
	assert_true(tu_count_rows(a->files->path, "audit") >= 600 * 10);
	assert_true(tu_count_rows(a->files->path, "subscribers") >= 600 * 2);
	assert_true(tu_count_rows(a->files->path, "products") >= 3);
	assert_true(tu_count_rows(a->files->path, "cycles") >= 12);
	assert_true(tu_count_rows(a->files->path, "customers") >= 5);
	ta = titles(a);
	tb = titles(b);
	tc = titles(c);
	assert_string_equal(ta, tb);
	assert_string_not_equal(ta, tc);
	assert_int_equal(audit_verify(a->s->db, NULL, &rep, &err), ST_OK);
	assert_int_equal(tu_sql_int(a->files->path, "SELECT count(*) FROM audit x"
	    " JOIN audit y ON y.seq = x.seq + 1 WHERE y.at < x.at"), 0);
	assert_int_equal(rep.count, tu_count_rows(a->files->path, "audit"));
	free(ta);
	free(tb);
	free(tc);
	done(a);
	done(b);
	done(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_is_complete),
		cmocka_unit_test(demo_is_relative_to_now),
		cmocka_unit_test(demo_needs_an_admin),
		cmocka_unit_test(scale_is_deterministic_and_proportionate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
