/* tests/unit/test_query_plans.c - the console's queries read only the rows
 * they show: no scan of a growing table, no sort of one. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"
#include "core/incident.h"
#include "storage/q_affected.h"
#include "storage/q_approval.h"
#include "storage/q_audit.h"
#include "storage/q_communication.h"
#include "storage/q_incident.h"
#include "storage/q_outbox.h"
#include "storage/q_product.h"

/* Tables that grow as herald is used: never scanned, never sorted. */
static const char *const growing[] = {
	"incidents", "audit", "communications", "answers", "outbox",
	"subscribers", "subscriptions", "affected", "approvals",
	"manual_deliveries", "incident_access", "deployments", "reports",
	NULL,
};
/* Tables that stay small (people, products, settings): anything goes. */
static const char *const small[] = {
	"users", "user_roles", "products", "cycles", "settings", "channels",
	"templates", "customers", "id_counters", "drills", "CONSTANT", NULL,
};
/* Partial indexes of drills alone: walking one whole reads the drills
 * only, and drills stay few (a handful a year). */
static const char *const drill_indexes[] = {
	"incidents_drill_updated", "incidents_drill_rank", "incidents_drill_id",
	NULL,
};
/* The full-text index: scanned only through a MATCH. */
#define FTS_TABLE "incidents_fts"

static bool
in_list(const char *const *list, const char *name)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

/*
 * Judge the plan LINES (from db_explain()) of SQL. Returns NULL when the
 * query reads only what it returns, else why not (a static string).
 *
 *   SEARCH t ...                  a seek into an index range: fine, unless
 *                                 the index is AUTOMATIC (built by reading
 *                                 the whole table first);
 *   SCAN t USING [COVERING] INDEX the index read in order: fine only as the
 *                                 outer loop of an ORDER BY ... LIMIT whose
 *                                 order the index gives (no temp B-tree),
 *                                 so the walk stops after LIMIT rows;
 *                                 A partial index of drills may be walked
 *                                 whole: it holds the few drills only;
 *   SCAN t                        a full table scan: never, for a growing t;
 *   SCAN incidents_fts VIRTUAL TABLE INDEX n:...M...
 *                                 the full-text index answering a MATCH;
 *   USE TEMP B-TREE               every row read first to be sorted: never.
 *
 * A name that is no known table (an alias, say) fails too, so that no
 * growing table hides behind one.
 */
static const char *
judge(const char *sql, char **lines, size_t n)
{
	bool has_temp = false, has_small_only = true, is_limited, is_first = true;
	const char *idx, *colon;
	char name[64], *line;
	size_t i;

	is_limited = strstr(sql, " ORDER BY ") != NULL &&
	    strstr(sql, " LIMIT ") != NULL;
	for (i = 0; i < n; i++) {
		line = lines[i] + strspn(lines[i], " ");
		if (strstr(line, "USE TEMP B-TREE") != NULL)
			has_temp = true;
		if ((sscanf(line, "SCAN %63s", name) == 1 ||
		    sscanf(line, "SEARCH %63s", name) == 1) &&
		    !in_list(small, name))
			has_small_only = false;
	}
	if (has_temp && !has_small_only)
		return "sorts in a temporary B-tree: every row is read first";
	for (i = 0; i < n; i++) {
		line = lines[i] + strspn(lines[i], " ");
		if (strstr(line, "AUTOMATIC") != NULL)
			return "builds an automatic index: reads the whole table";
		if (sscanf(line, "SCAN %63s", name) != 1 &&
		    sscanf(line, "SEARCH %63s", name) != 1)
			continue;
		if (in_list(small, name)) {
			is_first = false;
			continue;
		}
		if (strcmp(name, FTS_TABLE) == 0) {
			/* FTS5 names its constraints after the colon of the
			 * index it chose; M is a MATCH. */
			idx = strstr(line, "VIRTUAL TABLE INDEX ");
			colon = idx != NULL ? strchr(idx, ':') : NULL;
			if (colon == NULL || strchr(colon, 'M') == NULL)
				return "reads the full-text index without a MATCH";
			is_first = false;
			continue;
		}
		if (!in_list(growing, name))
			return "names an unknown table (an alias?): use table names";
		if (strncmp(line, "SEARCH ", 7) == 0) {
			is_first = false;
			continue;
		}
		if (strstr(line, " USING INDEX ") == NULL &&
		    strstr(line, " USING COVERING INDEX ") == NULL)
			return "scans a growing table";
		if (sscanf(strstr(line, "INDEX ") + 6, "%63s", name) == 1 &&
		    in_list(drill_indexes, name)) {
			is_first = false;
			continue;
		}
		if (!is_first || !is_limited)
			return "walks a whole index of a growing table (not as the "
			    "outer loop of an ORDER BY ... LIMIT)";
		is_first = false;
	}
	return NULL;
}

static void
free_lines(char **lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* Explain SQL on DB and return judge()'s verdict; prints the plan when
 * VERBOSE or when it fails and EXPECT_OK. */
static const char *
verdict(struct db *db, const char *name, const char *sql, bool expect_ok)
{
	struct err err = { 0 };
	const char *why;
	char **lines;
	size_t n, i;

	if (db_explain(db, sql, &lines, &n, &err) != ST_OK)
		fail_msg("%s: %s\n%s", name, err.msg, sql);
	assert_true(n > 0);
	why = judge(sql, lines, n);
	if ((why != NULL && expect_ok) || getenv("PLANS_VERBOSE") != NULL) {
		printf("# %s: %s\n#   %s\n", name, why != NULL ? why : "ok", sql);
		for (i = 0; i < n; i++)
			printf("#   | %s\n", lines[i]);
	}
	free_lines(lines, n);
	return why;
}

/* Every query of LIST must pass; returns how many there were. */
static size_t
check_list(struct db *db, const struct db_query *list, size_t n)
{
	size_t i, checked = 0;
	int failed = 0;

	for (i = 0; i < n; i++) {
		if (list[i].sql == NULL)
			continue;
		assert_non_null(list[i].name);
		if (verdict(db, list[i].name, list[i].sql, true) != NULL)
			failed++;
		checked++;
	}
	if (failed > 0)
		fail_msg("%d screen quer%s would read a growing table whole "
		    "(plans above)", failed, failed == 1 ? "y" : "ies");
	return checked;
}

/* The judge itself: it must refuse what it exists to catch. */
static void
judge_refuses_scans_and_sorts(void **state)
{
	static const char *const bad[] = {
		"SELECT id FROM incidents WHERE title = ?1",
		"SELECT id FROM incidents ORDER BY title LIMIT 5",
		"SELECT count(*) FROM incidents WHERE summary = ?1",
		"SELECT id FROM incidents WHERE state = ?1 ORDER BY title LIMIT 5",
		"SELECT seq FROM audit WHERE detail = ?1 ORDER BY seq DESC",
		"SELECT id FROM communications ORDER BY updated_at",
		"SELECT i.id FROM incidents i WHERE i.id > 0 ORDER BY i.id LIMIT 3",
		"SELECT incidents.id FROM incidents JOIN communications"
		    " ON communications.title = incidents.title",
		"SELECT rowid FROM incidents_fts ORDER BY rowid LIMIT 3",
		NULL,
	};
	static const char *const good[] = {
		"SELECT id FROM incidents WHERE id = ?1",
		"SELECT id FROM incidents ORDER BY updated_at DESC, id DESC LIMIT 5",
		"SELECT seq FROM audit WHERE actor = ?1 ORDER BY seq DESC LIMIT 9",
		"SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?1"
		    " ORDER BY rowid DESC LIMIT 3",
		"SELECT id FROM users ORDER BY name",
		NULL,
	};
	struct tu_fx *fx = *state;
	size_t i;

	for (i = 0; bad[i] != NULL; i++)
		if (verdict(fx->s->db, "bad", bad[i], false) == NULL)
			fail_msg("the judge let through: %s", bad[i]);
	for (i = 0; good[i] != NULL; i++)
		assert_null(verdict(fx->s->db, "good", good[i], true));
}

static void
incident_pages_and_counts(void **state)
{
	struct tu_fx *fx = *state;
	const struct db_query *list;
	size_t n;

	list = q_incident_queries(&n);
	/* 5 leads x 3 orders x 2 directions, less severity by severity,
	 * two searches, four counts; the loads by id and by ref, the home
	 * tile's latest few, and the save of an edited summary. */
	assert_int_equal(check_list(fx->s->db, list, n), 28 + 2 + 4 + 4);
}

static void
audit_pages(void **state)
{
	struct tu_fx *fx = *state;
	const struct db_query *list;
	size_t n;

	list = q_audit_queries(&n);
	/* 3 leads x 2 directions, and the head every audited write reads. */
	assert_int_equal(check_list(fx->s->db, list, n), 6 + 1);
}

static void
communication_pages_and_counts(void **state)
{
	struct tu_fx *fx = *state;
	const struct db_query *list;
	size_t n;

	list = q_communication_queries(&n);
	/* 2 filters x 2 directions, the count by state, an incident's, a
	 * release cycle's (the products screen's notices). */
	assert_int_equal(check_list(fx->s->db, list, n), 4 + 1 + 1 + 1);
}

/* What an incident's screen reads about it: affected products, and per
 * communication its approvals, outbox, counts and manual deliveries. */
static void
incident_screen_lists(void **state)
{
	struct tu_fx *fx = *state;
	const struct db_query *list;
	size_t n;

	list = q_affected_queries(&n);
	assert_int_equal(check_list(fx->s->db, list, n), 1);
	/* All of a communication's, and one revision's. */
	list = q_approval_queries(&n);
	assert_int_equal(check_list(fx->s->db, list, n), 2);
	/* Messages, counts by state, manual deliveries; and a
	 * subscriber's history. */
	list = q_outbox_queries(&n);
	assert_int_equal(check_list(fx->s->db, list, n), 4);
}

/* The end-of-life list: cycles stay few, so the judge lets anything
 * through; still, it seeks its range in cycles_eol. */
static void
eol_list_uses_its_index(void **state)
{
	struct tu_fx *fx = *state;
	const struct db_query *list;
	struct err err = { 0 };
	bool is_indexed = false;
	char **lines;
	size_t n, nlines, i;

	list = q_product_queries(&n);
	assert_int_equal(check_list(fx->s->db, list, n), 1);
	if (db_explain(fx->s->db, list[0].sql, &lines, &nlines, &err) != ST_OK)
		fail_msg("%s: %s", list[0].name, err.msg);
	for (i = 0; i < nlines; i++)
		if (strstr(lines[i], "SEARCH cycles USING INDEX cycles_eol") !=
		    NULL)
			is_indexed = true;
	free_lines(lines, nlines);
	assert_true(is_indexed);
}

/*
 * The same plans once SQLite has statistics (someone ran ANALYZE or
 * PRAGMA optimize) over a lopsided table: every incident open, most of
 * them high, one drill. Statistics may change which index leads, but no
 * plan may fall back to a scan or a sort.
 */
static void
plans_hold_with_statistics(void **state)
{
	struct tu_fx *fx = *state;
	struct incident_new in = {
		.title = "Token leak in the build logs",
		.summary = "Rotated within the hour",
		.trigger_kind = "credential-leak",
		.severity = "high",
	};
	const struct db_query *list;
	struct err err = { 0 };
	char *path;
	size_t n;
	int i;

	for (i = 0; i < 60; i++) {
		in.is_drill = i == 0;
		in.severity = i % 10 == 0 ? "low" : "high";
		if (incident_create(fx->s, &in, NULL, &err) != ST_OK)
			fail_msg("create: %s", err.msg);
	}
	path = tu_path(fx->dir, "herald.db");
	tu_sql_exec(path, "ANALYZE");
	free(path);
	session_close(&fx->s);
	fx->s = tu_open_as(fx->dir, "ada");
	list = q_incident_queries(&n);
	check_list(fx->s->db, list, n);
	list = q_audit_queries(&n);
	check_list(fx->s->db, list, n);
	list = q_communication_queries(&n);
	check_list(fx->s->db, list, n);
	list = q_affected_queries(&n);
	check_list(fx->s->db, list, n);
	list = q_approval_queries(&n);
	check_list(fx->s->db, list, n);
	list = q_outbox_queries(&n);
	check_list(fx->s->db, list, n);
	list = q_product_queries(&n);
	check_list(fx->s->db, list, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(judge_refuses_scans_and_sorts,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(incident_pages_and_counts,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(audit_pages,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(communication_pages_and_counts,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(incident_screen_lists,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(eol_list_uses_its_index,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(plans_hold_with_statistics,
		    tu_fx_setup, tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
