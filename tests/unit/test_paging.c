/* tests/unit/test_paging.c - keyset pages of incidents, the audit log and
 * communications: refusals first, then walks in both directions against
 * orders computed here, search, and the full-text index kept in step. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/incident.h"
#include "storage/q_incident.h"
#include "util/xalloc.h"

#define N_INC 50
#define PAGE  7
#define HASH "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char *const titles[] = {
	"Overflow in the parser", "Leak of session tokens",
	"Bypass of the login check", "Café résumé exposed",
	"Misrouted backups",
};

/*
 * 50 incidents, made a minute apart in threes (so updated_at ties within
 * each three, broken by id), then some moved on: every fourth to
 * contained all at the same second, every sixth to resolved. Triggers and
 * severities vary independently; five are drills.
 */
static int
setup(void **state)
{
	const char *const *triggers = incident_trigger_kinds();
	const char *const *severities = incident_severities();
	struct tu_fx *fx;
	struct err err = { 0 };
	char title[128], summary[128];
	int i;

	tu_fx_setup(state);
	fx = *state;
	for (i = 0; i < N_INC; i++) {
		struct incident_new in = { 0 };

		clock_set_fixed(TU_NOW + (i / 3) * 60);
		snprintf(title, sizeof title, "%s %d", titles[i % 5], i);
		snprintf(summary, sizeof summary, "zone%d marker%s", i % 7,
		    i == 20 ? " 東京 サーバー über Straße" : "");
		in.title = title;
		in.summary = summary;
		in.trigger_kind = triggers[i % 5];
		in.severity = severities[(i / 5) % 5];
		in.is_drill = i % 11 == 4;
		if (incident_create(fx->s, &in, NULL, &err) != ST_OK)
			fail_msg("create: %s", err.msg);
	}
	for (i = 0; i < N_INC; i++) {
		const char *to = i % 4 == 1 ? "contained" : i % 6 == 2 ?
		    "resolved" : NULL;

		if (to == NULL)
			continue;
		clock_set_fixed(TU_NOW + 10000 + (i % 6 == 2 ? (i % 2) * 60 : 0));
		if (incident_set_state(fx->s, i + 1, 1, to, &err) != ST_OK)
			fail_msg("state: %s", err.msg);
	}
	clock_set_fixed(TU_NOW + 20000);
	return 0;
}

/* --- the order, computed here ------------------------------------------ */

static int
rank(const char *severity)
{
	const char *const *v = incident_severities();
	int i;

	for (i = 0; v[i] != NULL; i++)
		if (strcmp(v[i], severity) == 0)
			return i;
	fail_msg("severity %s", severity);
	return -1;
}

static enum incident_sort cmp_sort;
static bool cmp_by_id_only;

/* qsort: display order for cmp_sort (by id alone when searching). */
static int
cmp_incidents(const void *pa, const void *pb)
{
	const struct incident *a = pa, *b = pb;
	int c = 0;

	if (cmp_sort == INCIDENT_SORT_REF)
		return a->id < b->id ? -1 : a->id > b->id;
	if (!cmp_by_id_only && cmp_sort == INCIDENT_SORT_SEVERITY)
		c = rank(b->severity) - rank(a->severity);
	if (!cmp_by_id_only && c == 0)
		c = strcmp(b->updated_at, a->updated_at);
	if (c == 0)
		c = a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
	return c;
}

static bool
matches(const struct incident *i, const struct incident_filter *f,
    const char *search)
{
	char text[512];

	if (f->state != NULL && strcmp(i->state, f->state) != 0)
		return false;
	if (f->trigger_kind != NULL && strcmp(i->trigger_kind, f->trigger_kind) != 0)
		return false;
	if (f->severity != NULL && strcmp(i->severity, f->severity) != 0)
		return false;
	if (f->drills >= 0 && i->is_drill != (f->drills == 1))
		return false;
	/* The searches below are ASCII words found only at a word's start. */
	snprintf(text, sizeof text, "%s %s", i->title, i->summary);
	return search == NULL || strcasestr(text, search) != NULL;
}

/* The ids Q should list, in order, into EXPECT; returns how many. */
static size_t
expected(struct session *s, const struct incident_page_query *q,
    long long *expect)
{
	struct incident_filter all = { .drills = -1 };
	struct incident *rows;
	struct rowlist l;
	struct err err = { 0 };
	size_t i, n = 0;

	assert_int_equal(incident_list(s, &all, &l, &err), ST_OK);
	assert_int_equal(l.count, N_INC);
	rows = xcalloc(l.count, sizeof *rows);
	for (i = 0; i < l.count; i++) {
		struct incident *r = rowlist_at(&l, i);

		if (matches(r, q->filter != NULL ? q->filter : &all, q->search))
			rows[n++] = *r;
	}
	cmp_sort = q->sort;
	cmp_by_id_only = q->search != NULL;
	qsort(rows, n, sizeof *rows, cmp_incidents);
	for (i = 0; i < n; i++)
		expect[i] = rows[i].id;
	free(rows);
	rowlist_free(&l, (row_clear_fn)incident_clear);
	return n;
}

/* --- walking ------------------------------------------------------------ */

/* One page of Q after (or before) AFTER into *PAGE, checked for size. */
static void
page(struct session *s, struct incident_page_query q,
    const struct incident *after, bool is_backward, struct rowlist *out)
{
	struct err err = { 0 };

	q.after = after;
	q.is_backward = is_backward;
	q.limit = PAGE;
	if (incident_page(s, &q, out, &err) != ST_OK)
		fail_msg("page: %s", err.msg);
	assert_true(out->count <= PAGE);
}

static void
expect_ids(const char *what, const long long *got, const long long *expect,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (got[i] != expect[i])
			fail_msg("%s: row %zu is id %lld, expected %lld", what, i,
			    got[i], expect[i]);
}

/*
 * Walk Q from the first page to the end, then from the last page back to
 * the start, keeping only the previous page (as the console does), and
 * compare both walks with the order computed here: no repeats, no gaps.
 */
static void
walk(struct session *s, const struct incident_page_query *q, const char *what)
{
	long long expect[N_INC], got[N_INC];
	struct rowlist prev, cur;
	size_t n, ngot = 0, i, k;

	n = expected(s, q, expect);
	/* Forward. */
	page(s, *q, NULL, false, &prev);
	for (;;) {
		for (i = 0; i < prev.count; i++) {
			assert_true(ngot < N_INC);
			got[ngot++] = ((struct incident *)rowlist_at(&prev, i))->id;
		}
		if (prev.count < PAGE)
			break;
		page(s, *q, rowlist_at(&prev, prev.count - 1), false, &cur);
		rowlist_free(&prev, (row_clear_fn)incident_clear);
		prev = cur;
	}
	rowlist_free(&prev, (row_clear_fn)incident_clear);
	if (ngot != n)
		fail_msg("%s forward: %zu rows, expected %zu", what, ngot, n);
	expect_ids(what, got, expect, n);

	/* Backward, from the last page: fill GOT from its end. */
	k = N_INC;
	page(s, *q, NULL, true, &prev);
	if (n > 0)
		assert_int_equal(prev.count, n < PAGE ? n : PAGE);
	for (;;) {
		for (i = prev.count; i-- > 0;) {
			assert_true(k > 0);
			got[--k] = ((struct incident *)rowlist_at(&prev, i))->id;
		}
		if (prev.count < PAGE)
			break;
		page(s, *q, rowlist_at(&prev, 0), true, &cur);
		rowlist_free(&prev, (row_clear_fn)incident_clear);
		prev = cur;
	}
	rowlist_free(&prev, (row_clear_fn)incident_clear);
	if (N_INC - k != n)
		fail_msg("%s backward: %zu rows, expected %zu", what, N_INC - k, n);
	expect_ids(what, got + k, expect, n);
}

/* --- incidents ------------------------------------------------------------ */

static void
refuses_bad_pages(void **state)
{
	struct tu_fx *fx = *state;
	struct incident_filter bad_state = { .state = "nope", .drills = -1 };
	struct incident_filter bad_drills = { .drills = 2 };
	struct incident no_time = { .id = 3, .severity = (char *)"high" };
	struct incident no_id = { .updated_at = (char *)"2026-03-01T12:00:00Z",
	    .severity = (char *)"high" };
	struct incident_page_query q = { .limit = PAGE };
	struct err err = { 0 };
	struct rowlist l;

#define REFUSE(qp, needle) do { \
		err_clear(&err); \
		assert_int_equal(incident_page(fx->s, (qp), &l, &err), ST_INVALID); \
		assert_int_equal(l.count, 0); \
		rowlist_free(&l, (row_clear_fn)incident_clear); \
		if (strstr(err.msg, needle) == NULL) \
			fail_msg("\"%s\" lacks \"%s\"", err.msg, needle); \
	} while (0)
	REFUSE(NULL, "no page query");
	q.limit = 0;
	REFUSE(&q, "limit");
	q.limit = INCIDENT_PAGE_MAX + 1;
	REFUSE(&q, "limit");
	q.limit = PAGE;
	q.sort = (enum incident_sort)7;
	REFUSE(&q, "sort");
	q.sort = INCIDENT_SORT_UPDATED;
	q.filter = &bad_state;
	REFUSE(&q, "expected one of open");
	q.filter = &bad_drills;
	REFUSE(&q, "drills");
	q.filter = NULL;
	q.after = &no_time;
	REFUSE(&q, "after");
	q.after = &no_id;
	REFUSE(&q, "after");
	q.sort = INCIDENT_SORT_REF;
	REFUSE(&q, "after");
	/* By ref, the id alone is enough to continue from. */
	q.after = &no_time;
	assert_int_equal(incident_page(fx->s, &q, &l, &err), ST_OK);
	assert_int_equal(((struct incident *)rowlist_at(&l, 0))->id, 4);
	rowlist_free(&l, (row_clear_fn)incident_clear);
#undef REFUSE
}

static void
match_expr_quotes_every_word(void **state)
{
	char *e;

	(void)state;
	assert_null(q_incident_match_expr(NULL));
	assert_null(q_incident_match_expr(""));
	assert_null(q_incident_match_expr(" \t\n "));
	e = q_incident_match_expr("  leak\tAND \"x\" -y* (z ");
	assert_string_equal(e, "\"leak\"* \"AND\"* \"\"\"x\"\"\"* \"-y*\"* \"(z\"*");
	free(e);
	e = q_incident_match_expr("\"");
	assert_string_equal(e, "\"\"\"\"*");
	free(e);
}

static const struct incident_filter filters[] = {
	{ .drills = -1 },
	{ .state = "contained", .drills = -1 },
	{ .state = "open", .drills = -1 },
	{ .severity = "high", .drills = -1 },
	{ .trigger_kind = "data-breach", .drills = -1 },
	{ .drills = 1 },
	{ .drills = 0 },
	{ .state = "open", .severity = "critical", .drills = -1 },
	{ .state = "resolved", .trigger_kind = "vulnerability", .drills = 0 },
	{ .severity = "low", .drills = 1 },
	{ .trigger_kind = "compromise", .severity = "medium", .drills = -1 },
	{ .state = "closed", .drills = -1 },            /* none at all */
};

static void
walks_every_sort_and_filter(void **state)
{
	static const char *const searches[] = { NULL, "leak", "zone3", "tok" };
	static const enum incident_sort sorts[] = {
		INCIDENT_SORT_UPDATED, INCIDENT_SORT_REF, INCIDENT_SORT_SEVERITY,
	};
	struct tu_fx *fx = *state;
	struct incident_page_query q = { 0 };
	char what[160];
	size_t f, k, w;

	for (k = 0; k < sizeof sorts / sizeof sorts[0]; k++)
		for (f = 0; f < sizeof filters / sizeof filters[0]; f++)
			for (w = 0; w < sizeof searches / sizeof searches[0]; w++) {
				q.sort = sorts[k];
				q.filter = &filters[f];
				q.search = searches[w];
				snprintf(what, sizeof what, "sort %d, filter %zu, "
				    "search %s", (int)sorts[k], f,
				    searches[w] != NULL ? searches[w] : "-");
				walk(fx->s, &q, what);
			}
}

/* Without a filter the whole list is there, and the first page of the
 * severity order starts with the newest critical one. */
static void
pages_show_the_right_rows(void **state)
{
	struct tu_fx *fx = *state;
	struct incident_page_query q = { .sort = INCIDENT_SORT_SEVERITY,
	    .limit = PAGE };
	const struct incident *r;
	struct err err = { 0 };
	struct rowlist l;
	size_t i;

	assert_int_equal(incident_page(fx->s, &q, &l, &err), ST_OK);
	assert_int_equal(l.count, PAGE);
	for (i = 0; i < l.count; i++) {
		r = rowlist_at(&l, i);
		assert_string_equal(r->severity, "critical");
		assert_non_null(r->ref);
		assert_non_null(r->title);
	}
	rowlist_free(&l, (row_clear_fn)incident_clear);
	q.sort = INCIDENT_SORT_REF;
	assert_int_equal(incident_page(fx->s, &q, &l, &err), ST_OK);
	r = rowlist_at(&l, 0);
	assert_int_equal(r->id, 1);
	assert_non_null(strstr(r->ref, "-001"));
	rowlist_free(&l, (row_clear_fn)incident_clear);
}

/* Ids of the first page of a search for TEXT (by ref), with FILTER. */
static size_t
search_ids(struct session *s, const char *text,
    const struct incident_filter *filter, long long *ids)
{
	struct incident_page_query q = { .filter = filter, .search = text,
	    .sort = INCIDENT_SORT_REF, .limit = INCIDENT_PAGE_MAX };
	struct err err = { 0 };
	struct rowlist l;
	size_t i, n;

	if (incident_page(s, &q, &l, &err) != ST_OK)
		fail_msg("search [%s]: %s", text, err.msg);
	for (i = 0; i < l.count; i++)
		ids[i] = ((struct incident *)rowlist_at(&l, i))->id;
	n = l.count;
	rowlist_free(&l, (row_clear_fn)incident_clear);
	return n;
}

static void
search_finds_words_and_accents(void **state)
{
	static const char *const cafe[] = {
		"cafe", "CAFÉ", "café", "résumé", "resume", "RESU", "cafe exposed",
	};
	static const char *const tokyo[] = {
		"東京", "東", "サーバー", "über", "uber", "strasse", "Straße",
	};
	struct tu_fx *fx = *state;
	long long ids[N_INC];
	size_t i, k, n;

	for (i = 0; i < sizeof cafe / sizeof cafe[0]; i++) {
		n = search_ids(fx->s, cafe[i], NULL, ids);
		if (n != N_INC / 5)
			fail_msg("[%s]: %zu rows", cafe[i], n);
		for (k = 0; k < n; k++)
			assert_int_equal((ids[k] - 1) % 5, 3);
	}
	for (i = 0; i < sizeof tokyo / sizeof tokyo[0]; i++) {
		/* "strasse" is no prefix of "straße": unicode61 folds case and
		 * accents, not ß. */
		n = search_ids(fx->s, tokyo[i], NULL, ids);
		if (n != (strcmp(tokyo[i], "strasse") == 0 ? 0U : 1U))
			fail_msg("[%s]: %zu rows", tokyo[i], n);
		if (n == 1)
			assert_int_equal(ids[0], 21);
	}
	/* Words are all required, each a prefix, in title or summary. */
	n = search_ids(fx->s, "leak zone3", NULL, ids);
	for (k = 0; k < n; k++)
		assert_true((ids[k] - 1) % 5 == 1 && (ids[k] - 1) % 7 == 3);
	assert_int_equal(n, 1);                 /* i = 31: 31 % 5 == 1, 31 % 7 == 3 */
	assert_int_equal(search_ids(fx->s, "zone", NULL, ids), N_INC);
	assert_int_equal(search_ids(fx->s, "nowhere", NULL, ids), 0);
}

static void
search_takes_any_text(void **state)
{
	static const char *const hostile[] = {
		"\"", "\"\"", "\"leak", "leak\"", "*", "leak*", "**", "AND", "leak AND",
		"OR leak", "NOT", "NOT leak", "-", "-leak", "(", ")", "(leak", "leak)",
		"NEAR(leak zone1)", "title:leak", "summary : x", "^leak", "{title}: x",
		"'", "\\", "%", "_", "+", "leak:", "a\"b", ":", "\xe2\x80\x94",
		"\"leak\"", "zone1 OR zone2", "leak -zone1",
	};
	struct tu_fx *fx = *state;
	long long ids[N_INC], leak[N_INC];
	char big[2101];
	size_t i, nleak;

	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
		search_ids(fx->s, hostile[i], NULL, ids);
	memset(big, '"', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (i = 0; i < sizeof big - 1; i += 7)
		big[i] = ' ';
	search_ids(fx->s, big, NULL, ids);
	/* Quotes and operators are only text: these find what "leak" does. */
	nleak = search_ids(fx->s, "leak", NULL, leak);
	assert_int_equal(nleak, N_INC / 5);
	assert_int_equal(search_ids(fx->s, "\"leak\"", NULL, ids), nleak);
	assert_int_equal(search_ids(fx->s, "-leak", NULL, ids), nleak);
	assert_int_equal(search_ids(fx->s, "leak*", NULL, ids), nleak);
	assert_int_equal(search_ids(fx->s, "(leak)", NULL, ids), nleak);
	/* A word that is no word at all leaves nothing to find... */
	assert_int_equal(search_ids(fx->s, "*", NULL, ids), 0);
	assert_int_equal(search_ids(fx->s, "-", NULL, ids), 0);
	/* ...and blank text is no search. */
	assert_int_equal(search_ids(fx->s, "   ", NULL, ids), N_INC);
}

/* The search index follows every change to an incident's text. */
static void
search_stays_in_step(void **state)
{
	struct tu_fx *fx = *state;
	struct incident_filter contained = { .state = "contained", .drills = -1 };
	struct incident_filter open = { .state = "open", .drills = -1 };
	struct incident_page_query q = { .sort = INCIDENT_SORT_UPDATED,
	    .limit = 1 };
	struct err err = { 0 };
	long long ids[N_INC];
	struct rowlist l;
	const char *path = db_path(fx->s->db);

	/* Incident 1 (Overflow, zone0) moves on: the newest, and contained. */
	assert_int_equal(search_ids(fx->s, "overflow zone0", &open, ids), 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(incident_set_state(fx->s, 1, 1, "contained", &err),
	    ST_OK);
	assert_int_equal(search_ids(fx->s, "overflow zone0", &open, ids), 1);
	assert_int_equal(search_ids(fx->s, "overflow zone0", &contained, ids), 1);
	assert_int_equal(ids[0], 1);
	q.filter = &contained;
	assert_int_equal(incident_page(fx->s, &q, &l, &err), ST_OK);
	assert_int_equal(((struct incident *)rowlist_at(&l, 0))->id, 1);
	rowlist_free(&l, (row_clear_fn)incident_clear);
	tu_sql_exec(path, "INSERT INTO incidents_fts (incidents_fts, rank)"
	    " VALUES ('integrity-check', 1)");

	/* A new title replaces the old words; a deleted row leaves. */
	tu_sql_exec(path, "UPDATE incidents SET title = 'Quasar flare',"
	    " summary = 'nebula' WHERE id = 2");
	assert_int_equal(search_ids(fx->s, "quasar nebula", NULL, ids), 1);
	assert_int_equal(ids[0], 2);
	assert_int_equal(search_ids(fx->s, "leak", NULL, ids), N_INC / 5 - 1);
	tu_sql_exec(path, "DELETE FROM incidents WHERE id = 2");
	assert_int_equal(search_ids(fx->s, "quasar", NULL, ids), 0);
	tu_sql_exec(path, "INSERT INTO incidents_fts (incidents_fts, rank)"
	    " VALUES ('integrity-check', 1)");

	/* A new incident is found at once. */
	assert_int_equal(incident_create(fx->s, &(struct incident_new){
	    .title = "Pulsar timing drift", .trigger_kind = "misconfiguration",
	    .severity = "low" }, NULL, &err), ST_OK);
	assert_int_equal(search_ids(fx->s, "pulsar", NULL, ids), 1);
	assert_int_equal(ids[0], N_INC + 1);
}

/* A database made before the search index gets one, holding its rows. */
static void
upgrade_indexes_existing_rows(void **state)
{
	struct tu_files *fx = *state;
	struct db_open_opts c = { .mode = DB_CREATE, .target_version = 5 };
	struct db_open_opts w = { .mode = DB_WRITE };
	struct incident_page_query q = { .search = "heartbleed", .limit = 5 };
	struct db *db = NULL;
	struct err err = { 0 };
	struct rowlist l;

	assert_true(db_schema_latest() >= 6);
	assert_int_equal(db_open(&db, fx->path, &c, &err), ST_OK);
	db_close(&db);
	tu_sql_exec(fx->path, "INSERT INTO incidents (ref, title, summary,"
	    " trigger_kind, severity, aware_at, created_at, updated_at) VALUES"
	    " ('SEC-2025-001', 'Heartbleed in the TLS proxy', '', 'vulnerability',"
	    "  'critical', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z',"
	    "  '2025-01-01T00:00:00Z'),"
	    " ('SEC-2025-002', 'Other', 'heartbleed again', 'vulnerability',"
	    "  'low', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z',"
	    "  '2025-01-02T00:00:00Z')");
	assert_int_equal(db_open(&db, fx->path, &w, &err), ST_OK);
	assert_int_equal(q_incident_page(db, &q, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(((struct incident *)rowlist_at(&l, 0))->id, 2);
	rowlist_free(&l, (row_clear_fn)incident_clear);
	/* The generated rank orders the old rows too. */
	q.search = NULL;
	q.sort = INCIDENT_SORT_SEVERITY;
	assert_int_equal(q_incident_page(db, &q, &l, &err), ST_OK);
	assert_int_equal(((struct incident *)rowlist_at(&l, 0))->id, 1);
	rowlist_free(&l, (row_clear_fn)incident_clear);
	db_close(&db);
}

/* --- incident counts -------------------------------------------------- */

static void
counts_match_the_lists(void **state)
{
	struct tu_fx *fx = *state;
	long long expect[N_INC], n;
	struct err err = { 0 };
	size_t f;

	for (f = 0; f < sizeof filters / sizeof filters[0]; f++) {
		struct incident_page_query q = { .filter = &filters[f] };

		assert_int_equal(incident_count(fx->s, &filters[f], &n, &err),
		    ST_OK);
		assert_int_equal(n, (long long)expected(fx->s, &q, expect));
	}
	assert_int_equal(incident_count(fx->s, NULL, &n, &err), ST_OK);
	assert_int_equal(n, N_INC);
}

/* --- the audit log ------------------------------------------------------ */

/* The seqs of every row by ACTOR and SUBJECT, newest first, walked by
 * pages forward and then backward; both must equal the unpaged list. */
static void
walk_audit(struct session *s, const char *actor, const char *subject)
{
	long long *expect, *got, after;
	struct rowlist all, l;
	struct err err = { 0 };
	size_t n, ngot = 0, i, k;

	assert_int_equal(audit_list(s->db, subject, actor, 0, 0, &all, &err),
	    ST_OK);
	n = all.count;
	expect = xcalloc(n + 1, sizeof *expect);
	got = xcalloc(n + 1, sizeof *got);
	for (i = 0; i < n; i++)
		expect[i] = ((struct audit_row *)rowlist_at(&all, i))->seq;
	rowlist_free(&all, (row_clear_fn)audit_row_clear);

	for (after = 0;;) {
		assert_int_equal(audit_page(s->db, actor, subject, after, false,
		    PAGE, &l, &err), ST_OK);
		for (i = 0; i < l.count; i++) {
			const struct audit_row *r = rowlist_at(&l, i);

			assert_true(ngot < n);
			assert_true(actor == NULL || strcmp(r->actor, actor) == 0);
			assert_true(subject == NULL || strcmp(r->subject, subject) == 0);
			got[ngot++] = r->seq;
		}
		k = l.count;
		if (k > 0)
			after = ((struct audit_row *)rowlist_at(&l, k - 1))->seq;
		rowlist_free(&l, (row_clear_fn)audit_row_clear);
		if (k < PAGE)
			break;
	}
	assert_int_equal(ngot, n);
	assert_memory_equal(got, expect, n * sizeof *got);

	memset(got, 0, (n + 1) * sizeof *got);
	for (k = n, after = 0;;) {
		assert_int_equal(audit_page(s->db, actor, subject, after, true,
		    PAGE, &l, &err), ST_OK);
		for (i = l.count; i-- > 0;) {
			assert_true(k > 0);
			got[--k] = ((struct audit_row *)rowlist_at(&l, i))->seq;
		}
		ngot = l.count;
		if (ngot > 0)
			after = ((struct audit_row *)rowlist_at(&l, 0))->seq;
		rowlist_free(&l, (row_clear_fn)audit_row_clear);
		if (ngot < PAGE)
			break;
	}
	assert_int_equal(k, 0);
	assert_memory_equal(got, expect, n * sizeof *got);
	free(expect);
	free(got);
}

static void
audit_pages_walk_the_chain(void **state)
{
	struct tu_fx *fx = *state;
	struct err err = { 0 };
	struct rowlist l;
	long long total = tu_audit_count(fx->s);
	long long seq;
	size_t i;

	assert_int_equal(audit_page(fx->s->db, NULL, NULL, 0, false, 0, &l,
	    &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)audit_row_clear);
	assert_int_equal(audit_page(fx->s->db, NULL, NULL, -1, false, PAGE, &l,
	    &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)audit_row_clear);
	assert_int_equal(audit_page(fx->s->db, NULL, NULL, 0, false,
	    AUDIT_PAGE_MAX + 1, &l, &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)audit_row_clear);

	/* The first page is the head of the chain, counting down by one. */
	assert_true(total > 2 * PAGE);
	assert_int_equal(audit_page(fx->s->db, NULL, NULL, 0, false, PAGE, &l,
	    &err), ST_OK);
	for (i = 0, seq = total; i < l.count; i++, seq--)
		assert_int_equal(((struct audit_row *)rowlist_at(&l, i))->seq, seq);
	rowlist_free(&l, (row_clear_fn)audit_row_clear);

	walk_audit(fx->s, NULL, NULL);
	walk_audit(fx->s, fx->s->actor, NULL);
	walk_audit(fx->s, "system", NULL);
	walk_audit(fx->s, NULL, "incident:5");
	walk_audit(fx->s, fx->s->actor, "incident:2");
	walk_audit(fx->s, "nobody", "incident:2");
}

/* --- communications ----------------------------------------------------- */

static void
communication_pages_carry_their_subject(void **state)
{
	struct tu_fx *fx = *state;
	struct communication_new in = {
		.kind = "advisory", .audience = "public", .title = "Advisory",
		.playbook = "security-advisory", .playbook_version = "1",
		.playbook_hash = HASH,
	};
	static const long long drafts[] = { 13, 12, 11, 9, 8, 6, 5, 3, 2 };
	const struct communication_row *r;
	struct rowlist l, prev;
	struct err err = { 0 };
	long long id, n, seen[32];
	size_t i, nseen = 0;
	int k;

	assert_int_equal(communication_count(fx->s, NULL, &n, &err), ST_INVALID);
	assert_int_equal(communication_count(fx->s, "lost", &n, &err), ST_INVALID);
	assert_int_equal(communication_page(fx->s, "lost", NULL, false, 5, &l,
	    &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)communication_row_clear);
	assert_int_equal(communication_page(fx->s, NULL, NULL, false, 0, &l,
	    &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)communication_row_clear);

	tu_sql_exec(db_path(fx->s->db),
	    "INSERT INTO products (slug, name, created_at, updated_at) VALUES"
	    " ('widget', 'Widget', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
	    "INSERT INTO cycles (product_id, cycle, created_at, updated_at) VALUES"
	    " (1, '4.2', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');");
	/* Twelve advisories, two a minute; every third goes for review. */
	for (k = 0; k < 12; k++) {
		clock_set_fixed(TU_NOW + 30000 + (k / 2) * 60);
		in.incident_id = k + 1;
		assert_int_equal(communication_create(fx->s, &in, &id, &err), ST_OK);
		if (k % 3 == 0)
			assert_int_equal(communication_set_state(fx->s, id, 1,
			    "in-review", &err), ST_OK);
	}
	in.incident_id = 0;
	in.cycle_id = 1;
	in.kind = "eol-notice";
	in.audience = "customers";
	assert_int_equal(communication_create(fx->s, &in, &id, &err), ST_OK);

	assert_int_equal(communication_count(fx->s, "draft", &n, &err), ST_OK);
	assert_int_equal(n, 9);
	assert_int_equal(communication_count(fx->s, "in-review", &n, &err), ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(communication_count(fx->s, "published", &n, &err), ST_OK);
	assert_int_equal(n, 0);

	/*
	 * The drafts by pages of 4, most recently updated first: the EOL
	 * notice, then advisories 12 and 11 of the same minute (ties go by
	 * id, higher first), ... Communication k + 1 is advisory k.
	 */
	assert_int_equal(communication_page(fx->s, "draft", NULL, false, 4,
	    &prev, &err), ST_OK);
	r = rowlist_at(&prev, 0);
	assert_null(r->incident_ref);
	assert_string_equal(r->cycle_label, "widget 4.2");
	for (;;) {
		for (i = 0; i < prev.count; i++) {
			r = rowlist_at(&prev, i);
			assert_string_equal(r->comm.state, "draft");
			if (r->comm.incident_id != 0) {
				assert_non_null(strstr(r->incident_ref, "SEC-"));
				assert_null(r->cycle_label);
			}
			assert_true(nseen < sizeof seen / sizeof seen[0]);
			seen[nseen++] = r->comm.id;
		}
		if (prev.count < 4)
			break;
		assert_int_equal(communication_page(fx->s, "draft",
		    &((const struct communication_row *)rowlist_at(&prev,
		    prev.count - 1))->comm, false, 4, &l, &err), ST_OK);
		rowlist_free(&prev, (row_clear_fn)communication_row_clear);
		prev = l;
	}
	rowlist_free(&prev, (row_clear_fn)communication_row_clear);
	assert_int_equal(nseen, 9);
	assert_memory_equal(seen, drafts, sizeof drafts);

	/* Backward from the end: the last page, then the one before. */
	assert_int_equal(communication_page(fx->s, "draft", NULL, true, 4,
	    &prev, &err), ST_OK);
	assert_int_equal(prev.count, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(((const struct communication_row *)rowlist_at(&prev,
		    i))->comm.id, drafts[5 + i]);
	assert_int_equal(communication_page(fx->s, "draft",
	    &((const struct communication_row *)rowlist_at(&prev, 0))->comm,
	    true, 4, &l, &err), ST_OK);
	assert_int_equal(l.count, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(((const struct communication_row *)rowlist_at(&l,
		    i))->comm.id, drafts[1 + i]);
	rowlist_free(&l, (row_clear_fn)communication_row_clear);
	rowlist_free(&prev, (row_clear_fn)communication_row_clear);

	/* Any state: all thirteen. */
	assert_int_equal(communication_page(fx->s, NULL, NULL, false, 20, &l,
	    &err), ST_OK);
	assert_int_equal(l.count, 13);
	rowlist_free(&l, (row_clear_fn)communication_row_clear);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(match_expr_quotes_every_word),
		cmocka_unit_test_setup_teardown(refuses_bad_pages, setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(walks_every_sort_and_filter, setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(pages_show_the_right_rows, setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(search_finds_words_and_accents,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(search_takes_any_text, setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(search_stays_in_step, setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(upgrade_indexes_existing_rows,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(counts_match_the_lists, setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(audit_pages_walk_the_chain, setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(communication_pages_carry_their_subject,
		    setup, tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
