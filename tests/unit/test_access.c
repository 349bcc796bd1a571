/* tests/unit/test_access.c - need to know: an incident under embargo is
 * seen by the people named on it, admins and the SRO only, in every list,
 * count, search and clock; every open of it is recorded; lifting the
 * embargo, or its time passing, shows it to everyone. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/deadline.h"
#include "core/incident.h"
#include "core/playbook.h"
#include "core/workflow.h"
#include "util/xalloc.h"

#define EMBARGO "2026-03-10T00:00:00Z"   /* nine days after TU_NOW */
#define SECRET  "Zeroday in the licence server"

/* A playbook with a clock of its own, so its communications have one. */
static const char playbook[] =
    "playbook: t\nversion: \"1\"\ntitle: T\nkind: customer-notice\n"
    "audience: customers\nsteps:\n  - id: facts\n    kind: form\n"
    "    title: Facts\n    fields:\n      - id: what\n        type: text\n"
    "        label: What\nclocks:\n  - id: notice\n    from: awareness\n"
    "    within: 48h\n";

struct fx {
	char           *dir;
	char           *path;
	struct session *ada;         /* admin */
	struct session *lena;        /* author; opens the secret incident */
	struct session *bob;         /* author, not named */
	struct session *sam;         /* sro */
	struct session *vic;         /* approver:legal, not named */
	long long       open_id;     /* an incident for everyone */
	long long       secret_id;   /* lena's, under embargo */
	long long       secret_comm; /* its communication */
	char            secret_ref[32];
};

/* Store the playbook as a started communication's would be; its hash. */
static char *
store_playbook(const char *path)
{
	struct playbook *pb = tu_playbook_parse(playbook, "test");
	sqlite3_stmt *st;
	sqlite3 *h;
	char *hash = xstrdup(pb->hash);

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	assert_int_equal(sqlite3_prepare_v2(h, "INSERT OR IGNORE INTO playbooks"
	    " (name, version, hash, body, imported_at) VALUES (?, ?, ?, ?, ?)",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, pb->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pb->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, playbook, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, "2026-03-01T00:00:00Z", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	playbook_free(&pb);
	return hash;
}

static long long
comm_about(struct session *s, long long incident_id, const char *hash)
{
	struct communication_new cn = { .incident_id = incident_id,
	    .kind = "customer-notice", .audience = "customers",
	    .title = "Notice", .playbook = "t", .playbook_version = "1",
	    .playbook_hash = hash };
	struct err err = { 0 };
	long long id = 0;

	if (communication_create(s, &cn, &id, &err) != ST_OK)
		fail_msg("communication: %s", err.msg);
	return id;
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct incident inc = { 0 };
	struct err err = { 0 };
	char *hash;

	f->ada = tu_session_new(&f->dir);
	f->path = tu_path(f->dir, "herald.db");
	tu_add_user(f->ada, "lena", "author", NULL);
	tu_add_user(f->ada, "bob", "author", NULL);
	tu_add_user(f->ada, "sam", "sro", NULL);
	tu_add_user(f->ada, "vic", "approver:legal", NULL);
	tu_grant_self(&f->ada, "author");
	f->lena = tu_open_as(f->dir, "lena");
	f->bob = tu_open_as(f->dir, "bob");
	f->sam = tu_open_as(f->dir, "sam");
	f->vic = tu_open_as(f->dir, "vic");
	hash = store_playbook(f->path);
	f->open_id = tu_incident_new(f->lena, &(struct incident_new){
	    .title = "Expired certificate on the portal", .trigger_kind =
	    "misconfiguration", .severity = "low",
	    .aware_at = "2026-03-01T10:00:00Z" });
	comm_about(f->lena, f->open_id, hash);
	assert_int_equal(incident_create(f->lena, &(struct incident_new){
	    .title = SECRET, .summary = "Remote code execution, unpatched.",
	    .trigger_kind = "vulnerability", .severity = "critical",
	    .aware_at = "2026-03-01T10:00:00Z", .embargo_until = EMBARGO },
	    &inc, &err), ST_OK);
	f->secret_id = inc.id;
	snprintf(f->secret_ref, sizeof f->secret_ref, "%s", inc.ref);
	incident_clear(&inc);
	f->secret_comm = comm_about(f->lena, f->secret_id, hash);
	free(hash);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	clock_set_fixed(TU_NOW);
	session_close(&f->lena);
	session_close(&f->bob);
	session_close(&f->sam);
	session_close(&f->vic);
	tu_session_free(&f->ada, &f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* The number of audit rows with ACTION by ACTOR (NULL: anyone). */
static long long
audit_rows(const struct fx *f, const char *action, const char *actor)
{
	char *sql = xasprintf("SELECT count(*) FROM audit WHERE action = '%s'"
	    " AND (%d OR actor = '%s')", action, actor == NULL,
	    actor != NULL ? actor : "");
	long long n = tu_sql_int(f->path, sql);

	free(sql);
	return n;
}

static char *
actor_of(struct session *s)
{
	return xasprintf("user:%lld", s->user.id);
}

/* Whether S finds the secret incident by every way of listing there is:
 * returns how many of them showed it (0: none, ALL_WAYS: all). */
static int
shows_secret(const struct fx *f, struct session *s)
{
	struct incident_filter crit = { .severity = "critical", .drills = -1 };
	struct incident_page_query q = { .sort = INCIDENT_SORT_UPDATED,
	    .limit = 50 };
	struct rowlist l;
	struct err err = { 0 };
	const struct incident *in;
	const struct communication *c;
	const struct communication_row *cr;
	const struct deadline *d;
	long long n = 0;
	size_t k;
	int seen = 0, hit;

	assert_int_equal(incident_list(s, NULL, &l, &err), ST_OK);
	for (hit = 0, k = 0; k < l.count; k++)
		if ((in = rowlist_at(&l, k))->id == f->secret_id)
			hit = 1;
	seen += hit;
	rowlist_free(&l, (row_clear_fn)incident_clear);

	/* The console's list, plain and by severity, and its search. */
	assert_int_equal(incident_page(s, &q, &l, &err), ST_OK);
	for (hit = 0, k = 0; k < l.count; k++)
		if (strcmp(((struct incident *)rowlist_at(&l, k))->title,
		    SECRET) == 0)
			hit = 1;
	seen += hit;
	rowlist_free(&l, (row_clear_fn)incident_clear);
	q.sort = INCIDENT_SORT_SEVERITY;
	q.filter = &crit;
	assert_int_equal(incident_page(s, &q, &l, &err), ST_OK);
	seen += l.count == 1;
	rowlist_free(&l, (row_clear_fn)incident_clear);
	q.filter = NULL;
	q.search = "zeroday licence";
	assert_int_equal(incident_page(s, &q, &l, &err), ST_OK);
	seen += l.count == 1;
	rowlist_free(&l, (row_clear_fn)incident_clear);

	/* The home tiles' counts. */
	assert_int_equal(incident_count(s, NULL, &n, &err), ST_OK);
	seen += n == 2;
	assert_int_equal(incident_count(s, &crit, &n, &err), ST_OK);
	seen += n == 1;
	assert_int_equal(communication_count(s, "draft", &n, &err), ST_OK);
	seen += n == 2;

	/* Communications: all, a page, an incident's. */
	assert_int_equal(communication_list_by_state(s, NULL, 0, 0, &l, &err),
	    ST_OK);
	for (hit = 0, k = 0; k < l.count; k++)
		if ((c = rowlist_at(&l, k))->incident_id == f->secret_id)
			hit = 1;
	seen += hit;
	rowlist_free(&l, (row_clear_fn)communication_clear);
	assert_int_equal(communication_page(s, NULL, NULL, false, 50, &l, &err),
	    ST_OK);
	for (hit = 0, k = 0; k < l.count; k++)
		if (strcmp((cr = rowlist_at(&l, k))->incident_ref != NULL ?
		    cr->incident_ref : "", f->secret_ref) == 0)
			hit = 1;
	seen += hit;
	rowlist_free(&l, (row_clear_fn)communication_row_clear);
	assert_int_equal(communication_list_for_incident(s, f->secret_id, &l,
	    &err), ST_OK);
	seen += l.count == 1;
	rowlist_free(&l, (row_clear_fn)communication_clear);

	/* Clocks: the running ones (the status line, the tile, herald
	 * check) and the incident's. */
	assert_int_equal(deadline_running(s, 0, &l, &err), ST_OK);
	for (hit = 0, k = 0; k < l.count; k++)
		if ((d = rowlist_at(&l, k))->incident_id == f->secret_id)
			hit = 1;
	seen += hit;
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	assert_int_equal(deadline_for_incident(s, f->secret_id, &l, &err),
	    ST_OK);
	seen += l.count == 1;
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	return seen;
}

#define ALL_WAYS 12

/* Degenerate inputs: no embargo, an empty one, one that has passed. */
static void
no_embargo_no_check(void **state)
{
	struct fx *f = *state;
	struct incident i = { .id = f->open_id, .ref = (char *)"SEC-2026-001" };
	struct err err = { 0 };
	long long before = tu_audit_count(f->ada);
	bool sees = false;

	assert_false(access_is_embargoed(&i));
	i.embargo_until = (char *)"";
	assert_false(access_is_embargoed(&i));
	i.embargo_until = (char *)"2026-03-01T12:00:00Z";   /* now: over */
	assert_false(access_is_embargoed(&i));
	i.embargo_until = (char *)"2026-03-01T12:00:01Z";
	assert_true(access_is_embargoed(&i));
	i.embargo_until = NULL;
	assert_int_equal(access_check(f->bob, &i, "show", &err), ST_OK);
	assert_int_equal(access_sees(f->bob, &i, &sees, &err), ST_OK);
	assert_true(sees);
	assert_int_equal(tu_audit_count(f->ada), before);
	/* The communication of an incident everyone sees: no row either. */
	assert_int_equal(access_check_comm(f->bob, 1, "comm", &err), ST_OK);
	assert_int_equal(tu_audit_count(f->ada), before);
	assert_int_equal(access_check_comm(f->bob, 999, "comm", &err),
	    ST_NOTFOUND);
	assert_string_equal(err.msg, "no communication with id 999");
	assert_int_equal(incident_get(f->bob, "", &i, &err), ST_INVALID);
	assert_int_equal(incident_get(f->bob, "SEC-2026-999", &i, &err),
	    ST_NOTFOUND);
}

/* The one who opens it is named, on the record. */
static void
creator_is_named(void **state)
{
	struct fx *f = *state;
	struct rowlist l;
	struct err err = { 0 };
	char *want;

	assert_int_equal(incident_access_list(f->lena, f->secret_id, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 1);
	assert_string_equal(((struct user *)rowlist_at(&l, 0))->login, "lena");
	rowlist_free(&l, (row_clear_fn)user_clear);
	assert_int_equal(audit_rows(f, "incident.access-grant", NULL), 1);
	assert_int_equal(tu_sql_int(f->path, "SELECT count(*) FROM audit"
	    " WHERE action = 'incident.access-grant' AND detail ="
	    " '{\"reason\":\"opened it\",\"user\":2}'"), 1);
	/* Not under embargo: nobody is named. */
	assert_int_equal(incident_access_list(f->bob, f->open_id, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)user_clear);
	/* Someone not named may not even read who is. */
	assert_int_equal(incident_access_list(f->bob, f->secret_id, &l, &err),
	    ST_DENIED);
	want = xasprintf("%s is under embargo and you are not named on it",
	    f->secret_ref);
	assert_string_equal(err.msg, want);
	free(want);
}

/* Every list, count, search and clock leaves it out for bob and vic, and
 * shows it to lena, the admin and the SRO. */
static void
hidden_from_the_unnamed(void **state)
{
	struct fx *f = *state;
	long long before = tu_audit_count(f->ada);

	assert_int_equal(shows_secret(f, f->bob), 0);
	assert_int_equal(shows_secret(f, f->vic), 0);
	assert_int_equal(shows_secret(f, f->lena), ALL_WAYS);
	assert_int_equal(shows_secret(f, f->ada), ALL_WAYS);
	assert_int_equal(shows_secret(f, f->sam), ALL_WAYS);
	/* Lists are not opens: nothing recorded. */
	assert_int_equal(tu_audit_count(f->ada), before);
}

/* Opening it: refused and recorded for bob, recorded for the others. */
static void
every_open_recorded(void **state)
{
	struct fx *f = *state;
	struct incident i = { 0 };
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	char *want, *bob = actor_of(f->bob), id[32];

	want = xasprintf("%s is under embargo and you are not named on it",
	    f->secret_ref);
	assert_int_equal(incident_get(f->bob, f->secret_ref, &i, &err),
	    ST_DENIED);
	assert_string_equal(err.msg, want);
	assert_null(i.title);
	tu_expect_audit(f->ada, bob, "incident.access-denied", NULL,
	    "{\"what\":\"show\"}");
	snprintf(id, sizeof id, "%lld", f->secret_id);
	assert_int_equal(incident_get(f->bob, id, &i, &err), ST_DENIED);
	assert_int_equal(comm_open(f->bob, f->secret_comm, &d, &err),
	    ST_DENIED);
	assert_string_equal(err.msg, want);
	assert_null(d.comm.title);
	tu_expect_audit_has(f->ada, bob, "incident.access-denied", NULL,
	    "\"what\":\"comm\"");
	assert_int_equal(incident_get_listed(f->bob, f->secret_id, &i, &err),
	    ST_NOTFOUND);
	assert_int_equal(audit_rows(f, "incident.access-denied", bob), 3);
	assert_int_equal(audit_rows(f, "incident.access", NULL), 0);

	/* Named, admin, SRO: each open is a row of its own. */
	assert_int_equal(incident_get(f->lena, f->secret_ref, &i, &err), ST_OK);
	assert_string_equal(i.title, SECRET);
	incident_clear(&i);
	tu_expect_audit(f->ada, NULL, "incident.access", NULL,
	    "{\"what\":\"show\"}");
	assert_int_equal(incident_open(f->ada, f->secret_ref, "access", &i,
	    &err), ST_OK);
	incident_clear(&i);
	tu_expect_audit(f->ada, "user:1", "incident.access", NULL,
	    "{\"what\":\"access\"}");
	assert_int_equal(comm_open(f->sam, f->secret_comm, &d, &err), ST_OK);
	comm_doc_clear(&d);
	assert_int_equal(comm_open(f->lena, f->secret_comm, &d, &err), ST_OK);
	assert_string_equal(d.incident_ref, f->secret_ref);
	comm_doc_clear(&d);
	assert_int_equal(audit_rows(f, "incident.access", NULL), 4);
	assert_int_equal(audit_rows(f, "incident.access", bob), 0);
	/* A list's look-up of a row's incident is no open. */
	assert_int_equal(incident_get_listed(f->lena, f->secret_id, &i, &err),
	    ST_OK);
	incident_clear(&i);
	assert_int_equal(audit_rows(f, "incident.access", NULL), 4);
	tu_expect_chain_ok(f->ada);
	free(want);
	free(bob);
}

/* Who may name people, and what naming does. */
static void
naming_people(void **state)
{
	struct fx *f = *state;
	struct incident i = { 0 };
	struct err err = { 0 };

	/* bob cannot name himself: he cannot even see it. */
	assert_int_equal(incident_access_add(f->bob, f->secret_id, "bob", &err),
	    ST_DENIED);
	/* The one who opened it may. */
	assert_int_equal(incident_access_add(f->lena, f->secret_id, "bob",
	    &err), ST_OK);
	tu_expect_audit(f->ada, "user:2", "incident.access-grant", NULL,
	    "{\"user\":3}");
	assert_int_equal(shows_secret(f, f->bob), ALL_WAYS);
	assert_int_equal(incident_get(f->bob, f->secret_ref, &i, &err), ST_OK);
	incident_clear(&i);
	/* Named, bob still may not name others: he did not open it. */
	assert_int_equal(incident_access_add(f->bob, f->secret_id, "vic",
	    &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "bob cannot name people on"));
	assert_int_equal(incident_access_add(f->lena, f->secret_id, "bob",
	    &err), ST_EXISTS);
	assert_non_null(strstr(err.msg, "bob is already named on"));
	assert_int_equal(incident_access_add(f->lena, f->secret_id, "nobody",
	    &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "login nobody: no such herald user "
	    "(herald user list)");
	assert_int_equal(incident_access_add(f->lena, f->secret_id, "", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "login:"));
	/* The SRO takes bob off again. */
	assert_int_equal(incident_access_remove(f->sam, f->secret_id, "bob",
	    &err), ST_OK);
	tu_expect_audit(f->ada, "user:4", "incident.access-revoke", NULL,
	    "{\"user\":3}");
	assert_int_equal(shows_secret(f, f->bob), 0);
	assert_int_equal(incident_access_remove(f->sam, f->secret_id, "bob",
	    &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "bob is not named on"));
	/* The admin names vic, who holds no author role. */
	assert_int_equal(incident_access_add(f->ada, f->secret_id, "vic", &err),
	    ST_OK);
	assert_int_equal(shows_secret(f, f->vic), ALL_WAYS);
	assert_int_equal(shows_secret(f, f->bob), 0);
	tu_expect_chain_ok(f->ada);
}

/* Edits need the same sight as opens. */
static void
edits_refused(void **state)
{
	struct fx *f = *state;
	struct incident i = { 0 };
	struct err err = { 0 };
	long long version;

	assert_int_equal(incident_get(f->lena, f->secret_ref, &i, &err), ST_OK);
	version = i.version;
	incident_clear(&i);
	assert_int_equal(incident_set_state(f->bob, f->secret_id, version,
	    "contained", &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "is under embargo and you are not "
	    "named on it"));
	assert_int_equal(incident_set_summary(f->bob, f->secret_id, version,
	    "leaked", &err), ST_DENIED);
	assert_int_equal(incident_set_embargo(f->bob, f->secret_id, version,
	    NULL, &err), ST_DENIED);
	assert_int_equal(incident_set_state(f->lena, f->secret_id, version,
	    "contained", &err), ST_OK);
}

/* Lifting the embargo shows it to everyone, and opens go unrecorded. */
static void
lifting(void **state)
{
	struct fx *f = *state;
	struct incident i = { 0 };
	struct rowlist l;
	struct err err = { 0 };
	long long rows;

	assert_int_equal(incident_get(f->lena, f->secret_ref, &i, &err), ST_OK);
	/* Not by someone who only approves. */
	assert_int_equal(incident_set_embargo(f->vic, f->secret_id, i.version,
	    NULL, &err), ST_DENIED);
	assert_int_equal(incident_set_embargo(f->lena, f->secret_id, i.version,
	    NULL, &err), ST_OK);
	incident_clear(&i);
	tu_expect_audit(f->ada, "user:2", "incident.embargo", NULL,
	    "{\"from\":\"" EMBARGO "\",\"to\":null}");
	assert_int_equal(shows_secret(f, f->bob), ALL_WAYS);
	assert_int_equal(shows_secret(f, f->vic), ALL_WAYS);
	rows = tu_audit_count(f->ada);
	assert_int_equal(incident_get(f->bob, f->secret_ref, &i, &err), ST_OK);
	assert_string_equal(i.title, SECRET);
	assert_null(i.embargo_until);
	/* Lifting what is lifted changes nothing and records nothing. */
	assert_int_equal(incident_set_embargo(f->lena, f->secret_id, i.version,
	    NULL, &err), ST_OK);
	incident_clear(&i);
	assert_int_equal(tu_audit_count(f->ada), rows);
	/* Who was named stays on record. */
	assert_int_equal(incident_access_list(f->bob, f->secret_id, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)user_clear);
}

/* An embargo set later names whoever sets it and whoever opened it. */
static void
embargo_set_later(void **state)
{
	struct fx *f = *state;
	struct incident i = { 0 };
	struct rowlist l;
	struct err err = { 0 };

	assert_int_equal(shows_secret(f, f->bob), 0);
	assert_int_equal(incident_get(f->bob, "SEC-2026-001", &i, &err), ST_OK);
	assert_null(i.embargo_until);
	assert_int_equal(incident_set_embargo(f->bob, i.id, i.version,
	    "2026-02-01T00:00:00Z", &err), ST_INVALID);
	assert_string_equal(err.msg, "until: 2026-02-01T00:00:00Z has passed; "
	    "an embargo ends in the future (to lift one, use --lift)");
	assert_int_equal(incident_set_embargo(f->bob, i.id, i.version,
	    "next week", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "until"));
	assert_int_equal(incident_set_embargo(f->bob, i.id, i.version + 1,
	    "2026-03-20T12:00:00+01:00", &err), ST_CONFLICT);
	assert_int_equal(incident_set_embargo(f->bob, i.id, i.version,
	    "2026-03-20T12:00:00+01:00", &err), ST_OK);
	incident_clear(&i);
	tu_expect_audit_has(f->ada, "user:3", "incident.access-grant", NULL,
	    "\"reason\":\"opened it\"");
	assert_int_equal(incident_access_list(f->bob, f->open_id, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 2);
	assert_string_equal(((struct user *)rowlist_at(&l, 0))->login, "bob");
	assert_string_equal(((struct user *)rowlist_at(&l, 1))->login, "lena");
	rowlist_free(&l, (row_clear_fn)user_clear);
	assert_int_equal(tu_sql_int(f->path, "SELECT count(*) FROM audit"
	    " WHERE action = 'incident.embargo' AND detail ="
	    " '{\"from\":null,\"to\":\"2026-03-20T11:00:00Z\"}'"), 1);
	/* vic no longer sees the first incident either. */
	assert_int_equal(incident_get(f->vic, "SEC-2026-001", &i, &err),
	    ST_DENIED);
	assert_int_equal(incident_count(f->vic, NULL, &(long long){ 0 }, &err),
	    ST_OK);
}

/* Once its time has passed, an embargo hides nothing. */
static void
embargo_passes(void **state)
{
	struct fx *f = *state;
	struct incident i = { 0 };
	struct err err = { 0 };
	long long rows;

	assert_int_equal(shows_secret(f, f->bob), 0);
	clock_set_fixed(TU_NOW + 9 * 86400);     /* 2026-03-10T12:00:00Z */
	assert_int_equal(shows_secret(f, f->bob), ALL_WAYS);
	rows = tu_audit_count(f->ada);
	assert_int_equal(incident_get(f->bob, f->secret_ref, &i, &err), ST_OK);
	incident_clear(&i);
	assert_int_equal(tu_audit_count(f->ada), rows);
	clock_set_fixed(TU_NOW);
	assert_int_equal(shows_secret(f, f->bob), 0);
}

/* Read-only, no row can be written: refused, saying why. */
static void
read_only_refuses(void **state)
{
	struct fx *f = *state;
	struct session_opts o = { .path = f->path, .mode = DB_READ,
	    .as_login = "lena" };
	struct session *ro = NULL;
	struct incident i = { 0 };
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	char *want;

	assert_int_equal(session_open(&o, &ro, &err), ST_OK);
	assert_int_equal(incident_get(ro, f->secret_ref, &i, &err), ST_DENIED);
	want = xasprintf("opening %s, which is under embargo, is recorded in "
	    "the audit log, which needs write access to %s", f->secret_ref,
	    f->path);
	assert_string_equal(err.msg, want);
	free(want);
	assert_int_equal(comm_open(ro, f->secret_comm, &d, &err), ST_DENIED);
	/* Lists need no row: they still work. */
	assert_int_equal(shows_secret(f, ro), ALL_WAYS);
	session_close(&ro);
	o.as_login = "bob";
	assert_int_equal(session_open(&o, &ro, &err), ST_OK);
	assert_int_equal(incident_get(ro, f->secret_ref, &i, &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "you are not named on it"));
	assert_int_equal(shows_secret(f, ro), 0);
	session_close(&ro);
	assert_int_equal(audit_rows(f, "incident.access", NULL), 0);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(no_embargo_no_check),
		T(creator_is_named),
		T(hidden_from_the_unnamed),
		T(every_open_recorded),
		T(naming_people),
		T(edits_refused),
		T(lifting),
		T(embargo_set_later),
		T(embargo_passes),
		T(read_only_refuses),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
