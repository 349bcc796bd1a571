/* tests/unit/test_incident.c - incident validation, IDs, and racing creators. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/testutil.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/incident.h"
#include "core/user.h"
#include "util/xalloc.h"

#define RACERS 8
#define EACH   200

/* A test database (ada: admin) with alice, an author. */
static int
setup(void **state)
{
	const char *const roles[] = { "author", NULL };
	struct tu_fx *fx;

	tu_fx_setup(state);
	fx = *state;
	if (user_add(fx->s, "alice", "Alice Author", "alice@example.com", roles,
	    NULL, NULL) != ST_OK)
		return -1;
	return 0;
}

static struct incident_new
sample(void)
{
	struct incident_new in = {
		.title = "Path traversal in the export API",
		.trigger_kind = "vulnerability",
		.severity = "high",
	};

	return in;
}

static void
refuses_bad_input(void **state)
{
	struct tu_fx *fx = *state;
	struct session *a = tu_open_as(fx->dir, "alice");
	struct incident_new in;
	struct err err = { 0 };
	char longtitle[700];
	long long before = tu_audit_count(a);
	struct rowlist l;
	int i;

	memset(longtitle, 'x', sizeof longtitle - 1);
	longtitle[sizeof longtitle - 1] = '\0';
#define BAD(field, value, needle) do { \
		in = sample(); \
		in.field = value; \
		err_clear(&err); \
		assert_int_equal(incident_create(a, &in, NULL, &err), ST_INVALID); \
		if (strstr(err.msg, needle) == NULL) \
			fail_msg("\"%s\" lacks \"%s\"", err.msg, needle); \
	} while (0)
	BAD(title, NULL, "title");
	BAD(title, "", "title");
	BAD(title, longtitle, "at most 200");
	/* Characters are counted, not bytes: 201 two-byte ones are too
	 * many, 200 three-byte ones (below) are not. */
	for (i = 0; i < 201; i++)
		memcpy(longtitle + 2 * i, "\xc3\xa9", 2);       /* é */
	longtitle[402] = '\0';
	BAD(title, longtitle, "at most 200 characters (got 201)");
	BAD(trigger_kind, NULL, "trigger");
	BAD(trigger_kind, "earthquake", "expected one of vulnerability");
	BAD(severity, "urgent", "severity urgent");
	BAD(cvss_vector, "AV:N/AC:L", "CVSS v3.1 or v4.0");
	BAD(aware_at, "yesterday", "aware-at");
	BAD(discovered_at, "2026-02-30T00:00:00Z", "discovered-at");
	BAD(embargo_until, "2026-03-01T10:00", "embargo-until");
	in = sample();
	in.discovered_at = "2026-03-02T00:00:00Z";
	in.aware_at = "2026-03-01T00:00:00Z";
	assert_int_equal(incident_create(a, &in, NULL, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "after aware-at"));
#undef BAD
	/* Nothing half-made: no incident, no audit row, no ID used up. */
	assert_int_equal(tu_audit_count(a), before);
	assert_int_equal(incident_list(a, NULL, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)incident_clear);
	/* 200 three-byte characters (600 bytes) make a title. */
	for (i = 0; i < 200; i++)
		memcpy(longtitle + 3 * i, "\xe6\x97\xa5", 3);   /* 日 */
	longtitle[600] = '\0';
	in = sample();
	in.title = longtitle;
	assert_int_equal(incident_create(a, &in, NULL, &err), ST_OK);
	session_close(&a);
}

static void
roles_are_checked(void **state)
{
	struct tu_fx *fx = *state;
	struct incident_new in = sample();
	struct session *x;
	struct err err = { 0 };
	struct rowlist l;

	/* A login herald does not know can read but not act. */
	x = tu_open_as(fx->dir, "mallory");
	assert_false(session_is_known(x));
	assert_int_equal(incident_create(x, &in, NULL, &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "can read but not act"));
	assert_int_equal(incident_list(x, NULL, &l, &err), ST_OK);
	rowlist_free(&l, (row_clear_fn)incident_clear);
	session_close(&x);
	/* A known user without the author role is refused too. */
	tu_add_user(fx->s, "sam", "sro", NULL);
	x = tu_open_as(fx->dir, "sam");
	assert_int_equal(incident_create(x, &in, NULL, &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "author"));
	session_close(&x);
}

static void
counts_and_states(void **state)
{
	struct tu_fx *fx = *state;
	struct session *a = tu_open_as(fx->dir, "alice");
	struct incident_new in = sample();
	struct incident_filter f = { .drills = -1 };
	struct incident i = { 0 };
	struct err err = { 0 };
	long long n = -1, before;
	int k;

	assert_int_equal(incident_count(a, NULL, &n, &err), ST_OK);
	assert_int_equal(n, 0);
	for (k = 0; k < 3; k++)
		assert_int_equal(incident_create(a, &in, NULL, &err), ST_OK);
	in.is_drill = true;
	in.severity = "critical";
	assert_int_equal(incident_create(a, &in, &i, &err), ST_OK);
	before = tu_audit_count(a);
	assert_int_equal(incident_set_state(a, i.id, i.version, "ended", &err),
	    ST_INVALID);
	assert_int_equal(incident_set_state(a, i.id, i.version + 1, "contained",
	    &err), ST_CONFLICT);
	assert_int_equal(incident_set_state(a, i.id, i.version, "contained",
	    &err), ST_OK);
	assert_int_equal(tu_audit_count(a), before + 1);
	/* The same state again changes nothing and audits nothing. */
	assert_int_equal(incident_set_state(a, i.id, i.version + 1, "contained",
	    &err), ST_OK);
	assert_int_equal(tu_audit_count(a), before + 1);
	assert_int_equal(incident_count(a, &f, &n, &err), ST_OK);
	assert_int_equal(n, 4);
	f.state = "open";
	assert_int_equal(incident_count(a, &f, &n, &err), ST_OK);
	assert_int_equal(n, 3);
	f.state = NULL;
	f.drills = 1;
	assert_int_equal(incident_count(a, &f, &n, &err), ST_OK);
	assert_int_equal(n, 1);
	f.drills = -1;
	f.severity = "critical";
	f.limit = 1;                    /* limits do not cut counts */
	assert_int_equal(incident_count(a, &f, &n, &err), ST_OK);
	assert_int_equal(n, 1);
	incident_clear(&i);
	session_close(&a);
}

static void
summary_is_edited_whole(void **state)
{
	struct tu_fx *fx = *state;
	struct session *a = tu_open_as(fx->dir, "alice");
	struct incident_new in = sample();
	struct incident i = { 0 }, j = { 0 };
	struct err err = { 0 };
	char big[20002];
	long long before;

	assert_int_equal(incident_create(a, &in, &i, &err), ST_OK);
	before = tu_audit_count(a);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(incident_set_summary(a, i.id, i.version, big, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "summary"));
	assert_int_equal(incident_set_summary(a, i.id, i.version + 1, "new",
	    &err), ST_CONFLICT);
	assert_int_equal(incident_set_summary(a, i.id, i.version,
	    "Embargoed details\nsecond line", &err), ST_OK);
	assert_int_equal(tu_audit_count(a), before + 1);
	tu_expect_audit_has(a, NULL, "incident.summary", NULL, "\"bytes\":29");
	tu_expect_audit_lacks(a, "Embargoed");
	assert_int_equal(incident_get(a, i.ref, &j, &err), ST_OK);
	assert_string_equal(j.summary, "Embargoed details\nsecond line");
	/* The same text again changes nothing and audits nothing. */
	assert_int_equal(incident_set_summary(a, i.id, j.version,
	    "Embargoed details\nsecond line", &err), ST_OK);
	assert_int_equal(tu_audit_count(a), before + 1);
	incident_clear(&i);
	incident_clear(&j);
	session_close(&a);
	/* Readers cannot edit. */
	a = tu_open_as(fx->dir, "nobody-known");
	assert_int_equal(incident_set_summary(a, 1, 1, "x", &err), ST_DENIED);
	session_close(&a);
}

static void
creates_with_ids_and_audit(void **state)
{
	struct tu_fx *fx = *state;
	struct session *a = tu_open_as(fx->dir, "alice");
	struct incident_new in = sample();
	struct incident i = { 0 }, j = { 0 };
	struct err err = { 0 };
	struct rowlist l;
	long long before = tu_audit_count(a);

	in.aware_at = "2026-03-01T09:30:00+01:00";
	in.summary = "Crafted paths read files outside the export folder.";
	in.is_drill = true;
	assert_int_equal(incident_create(a, &in, &i, &err), ST_OK);
	assert_string_equal(i.ref, "SEC-2026-001");
	assert_string_equal(i.aware_at, "2026-03-01T08:30:00Z");
	assert_string_equal(i.state, "open");
	assert_true(i.is_drill);
	assert_int_equal(i.created_by, a->user.id);
	assert_int_equal(tu_audit_count(a), before + 1);
	in = sample();
	assert_int_equal(incident_create(a, &in, &j, &err), ST_OK);
	assert_string_equal(j.ref, "SEC-2026-002");
	assert_string_equal(j.aware_at, "2026-03-01T12:00:00Z");
	incident_clear(&j);
	assert_int_equal(incident_get(a, "SEC-2026-001", &j, &err), ST_OK);
	assert_int_equal(j.id, i.id);
	incident_clear(&j);
	assert_int_equal(incident_get(a, "SEC-2026-999", &j, &err), ST_NOTFOUND);
	assert_int_equal(incident_get(a, "", &j, &err), ST_INVALID);
	assert_int_equal(incident_list(a, &(struct incident_filter){
	    .drills = 1 }, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)incident_clear);
	tu_expect_chain_ok(a);
	incident_clear(&i);
	session_close(&a);
}

static void
ids_grow_past_999_and_roll_over_years(void **state)
{
	struct tu_fx *fx = *state;
	struct session *a = tu_open_as(fx->dir, "alice");
	struct incident_new in = sample();
	struct incident i = { 0 };
	char ref[64];

	incident_format_ref(ref, sizeof ref, "SEC", 2026, 7);
	assert_string_equal(ref, "SEC-2026-007");
	incident_format_ref(ref, sizeof ref, "ACME", 2026, 12345);
	assert_string_equal(ref, "ACME-2026-12345");
	assert_int_equal(incident_create(a, &in, &i, NULL), ST_OK);
	incident_clear(&i);
	/* Jump the counter as 997 more creations would. */
	tu_sql_exec(db_path(a->db), "UPDATE id_counters SET last = 998");
	assert_int_equal(incident_create(a, &in, &i, NULL), ST_OK);
	assert_string_equal(i.ref, "SEC-2026-999");
	incident_clear(&i);
	assert_int_equal(incident_create(a, &in, &i, NULL), ST_OK);
	assert_string_equal(i.ref, "SEC-2026-1000");
	incident_clear(&i);
	clock_set_fixed(1798761600);            /* 2027-01-01T00:00:00Z */
	assert_int_equal(incident_create(a, &in, &i, NULL), ST_OK);
	assert_string_equal(i.ref, "SEC-2027-001");
	incident_clear(&i);
	session_close(&a);
}

/* Child: open its own connection, wait at the barrier, create EACH. */
static int
racer(const char *path, int barrier)
{
	struct session_opts o = { .path = path, .mode = DB_WRITE,
	    .as_login = "alice" };
	struct incident_new in = sample();
	struct session *s = NULL;
	struct err err = { 0 };
	char c;
	int i;

	if (session_open(&o, &s, &err) != ST_OK) {
		fprintf(stderr, "racer open: %s\n", err.msg);
		return 1;
	}
	if (read(barrier, &c, 1) != 0)
		return 1;
	for (i = 0; i < EACH; i++) {
		if (incident_create(s, &in, NULL, &err) != ST_OK) {
			fprintf(stderr, "racer %d: %s\n", i, err.msg);
			session_close(&s);
			return 1;
		}
	}
	session_close(&s);
	return 0;
}

/*
 * Eight processes released together each create 200 incidents: 1,600
 * distinct IDs, numbered 1..1600 with no gap, and not one busy error.
 */
static void
racing_processes_get_distinct_ids(void **state)
{
	struct tu_fx *fx = *state;
	char *path = xstrdup(db_path(fx->s->db));
	struct audit_report rep;
	struct err err = { 0 };
	sqlite3_stmt *st;
	pid_t pids[RACERS];
	int fds[2], i, status, n;
	long long expect = 1;
	sqlite3 *h;

	assert_int_equal(pipe(fds), 0);
	for (i = 0; i < RACERS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			close(fds[1]);
			_exit(racer(path, fds[0]));
		}
	}
	close(fds[0]);
	close(fds[1]);                  /* the barrier opens for everyone */
	for (i = 0; i < RACERS; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT ref FROM incidents"
	    " ORDER BY CAST(substr(ref, 10) AS INTEGER)", -1, &st, NULL),
	    SQLITE_OK);
	n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char want[32];

		snprintf(want, sizeof want, "SEC-2026-%03lld", expect++);
		assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
		n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	assert_int_equal(n, RACERS * EACH);
	assert_int_equal(audit_verify(fx->s->db, NULL, &rep, &err), ST_OK);
	assert_true(rep.count >= RACERS * EACH);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(refuses_bad_input,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(roles_are_checked,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(counts_and_states,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(summary_is_edited_whole,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(creates_with_ids_and_audit,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(ids_grow_past_999_and_roll_over_years,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(racing_processes_get_distinct_ids,
		    setup, tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
