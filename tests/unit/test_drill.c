/* tests/unit/test_drill.c - drills and researchers' reports: refusals
 * first, then behaviour, roles, repeats and the audit chain. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/drill.h"
#include "core/incident.h"

struct fx {
	struct session *s;          /* ada: admin */
	char           *dir;
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

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	tu_add_user(f->s, "lee", "approver:legal", "sro", NULL);
	f->drill_incident = new_incident(f->s, true);
	f->real_incident = new_incident(f->s, false);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tu_session_free(&f->s, &f->dir);
	free(f);
	return 0;
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

static void
test_drill_degenerate(void **state)
{
	struct fx *f = *state;
	struct session *lee = tu_open_as(f->dir, "lee");
	struct drill d = { 0 };
	struct err err = { 0 };
	char playbook[DRILL_PLAYBOOK_MAX + 2];
	long long before = tu_audit_count(f->s), id = -1;

#define REFUSE(s_, pb_, inc_, st_, word_) do { \
	assert_int_equal(drill_start((s_), (pb_), (inc_), &id, &err), (st_)); \
	if (strstr(err.msg, (word_)) == NULL) \
		fail_msg("\"%s\" does not mention %s", err.msg, (word_)); \
} while (0)
	REFUSE(f->s, NULL, 0, ST_INVALID, "playbook");
	REFUSE(f->s, "", 0, ST_INVALID, "playbook");
	memset(playbook, 'p', sizeof playbook - 1);
	playbook[sizeof playbook - 1] = '\0';
	REFUSE(f->s, playbook, 0, ST_INVALID, "playbook");
	REFUSE(f->s, "breach-notification", -1, ST_INVALID, "incident");
	REFUSE(f->s, "breach-notification", 99, ST_NOTFOUND, "incident");
	REFUSE(f->s, "breach-notification", f->real_incident, ST_INVALID, "real");
	REFUSE(lee, "breach-notification", 0, ST_DENIED, "lee");
#undef REFUSE
	assert_int_equal(id, -1);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_drills(f->s), 0);
	assert_int_equal(drill_finish(f->s, 1, "fine", &err), ST_NOTFOUND);
	assert_int_equal(drill_finish(f->s, 1, NULL, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "findings"));
	assert_int_equal(drill_finish(f->s, 1, "", &err), ST_INVALID);
	assert_int_equal(drill_finish(lee, 1, "fine", &err), ST_DENIED);
	assert_int_equal(drill_get(f->s, 1, &d, &err), ST_NOTFOUND);
	assert_int_equal(drill_last_finished(f->s, &d, &err), ST_NOTFOUND);
	assert_int_equal(tu_audit_count(f->s), before);
	session_close(&lee);
}

static void
test_drills(void **state)
{
	struct fx *f = *state;
	struct session *lee = tu_open_as(f->dir, "lee");
	struct drill d = { 0 }, *p;
	struct rowlist l;
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), d1 = 0, d2 = 0, d3 = 0;
	char subject[48], *detail;

	assert_int_equal(drill_start(f->s, "breach-notification",
	    f->drill_incident, &d1, &err), ST_OK);
	snprintf(subject, sizeof subject, "drill:%lld", d1);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "drill.start", subject, NULL);
	clock_set_fixed(TU_NOW + 3600);
	assert_int_equal(drill_start(f->s, "eol-notice", 0, &d2, &err), ST_OK);
	clock_set_fixed(TU_NOW + 7200);
	assert_int_equal(drill_start(f->s, "breach-notification", 0, &d3, &err),
	    ST_OK);

	assert_int_equal(drill_get(f->s, d1, &d, &err), ST_OK);
	assert_string_equal(d.playbook, "breach-notification");
	assert_int_equal(d.incident_id, f->drill_incident);
	assert_string_equal(d.started_at, "2026-03-01T12:00:00Z");
	assert_null(d.finished_at);
	assert_string_equal(d.findings, "");
	assert_int_equal(d.run_by, f->s->user.id);
	drill_clear(&d);

	/* Most recently started first. */
	assert_int_equal(drill_list(f->s, 2, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	p = rowlist_at(&l, 0);
	assert_int_equal(p->id, d3);
	p = rowlist_at(&l, 1);
	assert_int_equal(p->id, d2);
	rowlist_free(&l, (row_clear_fn)drill_clear);

	/* Finish d2 later than d1: d2 is the last finished. */
	clock_set_fixed(TU_NOW + 86400);
	before = tu_audit_count(f->s);
	assert_int_equal(drill_finish(f->s, d1, "Regulator form took 3 hours",
	    &err), ST_OK);
	snprintf(subject, sizeof subject, "drill:%lld", d1);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "drill.finish", subject, NULL);
	detail = tu_last_audit_detail(f->s);
	assert_null(strstr(detail, "Regulator"));
	free(detail);
	assert_int_equal(drill_last_finished(f->s, &d, &err), ST_OK);
	assert_int_equal(d.id, d1);
	drill_clear(&d);
	clock_set_fixed(TU_NOW + 2 * 86400);
	assert_int_equal(drill_finish(f->s, d2, "Fine", &err), ST_OK);
	assert_int_equal(drill_last_finished(lee, &d, &err), ST_OK);
	assert_int_equal(d.id, d2);
	assert_string_equal(d.finished_at, "2026-03-03T12:00:00Z");
	assert_string_equal(d.findings, "Fine");
	drill_clear(&d);

	/* Finishing twice is refused and changes nothing. */
	before = tu_audit_count(f->s);
	assert_int_equal(drill_finish(f->s, d1, "Second thoughts", &err),
	    ST_CONFLICT);
	assert_non_null(strstr(err.msg, "already finished"));
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(drill_get(f->s, d1, &d, &err), ST_OK);
	assert_string_equal(d.findings, "Regulator form took 3 hours");
	assert_string_equal(d.finished_at, "2026-03-02T12:00:00Z");
	drill_clear(&d);
	session_close(&lee);
	tu_expect_chain_ok(f->s);
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
		cmocka_unit_test_setup_teardown(test_drill_degenerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_degenerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drills, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reports, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
