/* tests/unit/test_publication.c - what an export records as published: one
 * row per page an assessor asks about, a new row (and one audit row) only
 * when the bytes change, a confirmation otherwise, security.txt's Expires
 * kept, and nothing recorded for an export that failed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"

#include "core/clock.h"
#include "core/export.h"
#include "core/publication.h"
#include "core/settings.h"
#include "core/template.h"
#include "util/xalloc.h"

struct fx {
	struct session *s;
	char           *dir;
	char           *out;
	char           *db;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	static const char *const kv[][2] = {
		{ "site.url", "https://security.example.test/" },
		{ "publisher.name", "Example Widgets" },
		{ "security.contact", "mailto:security@example.test" },
	};
	struct err err = { 0 };
	size_t i;

	f->s = tu_session_new(&f->dir);
	if (template_import_all(f->s, NULL, &err) != ST_OK)
		fail_msg("templates: %s", err.msg);
	for (i = 0; i < sizeof kv / sizeof kv[0]; i++)
		if (setting_set(f->s, kv[i][0], kv[i][1], &err) != ST_OK)
			fail_msg("%s: %s", kv[i][0], err.msg);
	f->out = tu_path(f->dir, "out");
	f->db = tu_path(f->dir, "herald.db");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tu_session_free(&f->s, &f->dir);
	free(f->out);
	free(f->db);
	free(f);
	return 0;
}

static void
export(struct fx *f, const char *kind)
{
	struct err err = { 0 };

	if (export_run(f->s, kind, f->out, NULL, NULL, &err) != ST_OK)
		fail_msg("export %s: %s", kind, err.msg);
}

static long long
audits(struct fx *f)
{
	return tu_sql_int(f->db,
	    "SELECT count(*) FROM audit WHERE action = 'site.publish'");
}

static void
test_first_export(void **state)
{
	struct fx *f = *state;
	struct publication p = { 0 };
	struct err err = { 0 };

	assert_int_equal(publication_latest(f->s, PUB_SECTXT, &p, &err),
	    ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "security-txt"));
	export(f, "security-txt");
	assert_int_equal(tu_count_rows(f->db, "publications"), 2);
	assert_int_equal(audits(f), 1);
	assert_int_equal(publication_latest(f->s, PUB_SECTXT, &p, &err), ST_OK);
	assert_string_equal(p.kind, "security-txt");
	assert_non_null(strstr(p.path, "/site/.well-known/security.txt"));
	assert_int_equal(strlen(p.sha256), 64);
	assert_string_equal(p.published_at, p.confirmed_at);
	/* security.expires-days defaults to 365 from the start of the day. */
	assert_non_null(p.expires_at);
	assert_string_equal(p.expires_at, "2027-03-01T00:00:00Z");
	assert_int_equal(p.published_by, f->s->user.id);
	publication_clear(&p);
	assert_int_equal(publication_latest(f->s, PUB_DISCLOSURE, &p, &err),
	    ST_OK);
	assert_null(p.expires_at);
	publication_clear(&p);
	/* Kinds not exported stay unpublished. */
	assert_int_equal(publication_latest(f->s, PUB_LIFECYCLE, &p, &err),
	    ST_NOTFOUND);
	assert_int_equal(publication_latest(f->s, PUB_TRUST, &p, &err),
	    ST_NOTFOUND);
}

static void
test_unchanged_confirms(void **state)
{
	struct fx *f = *state;
	struct publication p = { 0 };
	struct err err = { 0 };
	char first[CLOCK_BUFSZ];

	export(f, "security-txt");
	assert_int_equal(publication_latest(f->s, PUB_SECTXT, &p, &err), ST_OK);
	snprintf(first, sizeof first, "%s", p.published_at);
	publication_clear(&p);
	clock_set_fixed(TU_NOW + 3600);
	export(f, "security-txt");
	assert_int_equal(tu_count_rows(f->db, "publications"), 2);
	assert_int_equal(audits(f), 1);
	assert_int_equal(publication_latest(f->s, PUB_SECTXT, &p, &err), ST_OK);
	assert_string_equal(p.published_at, first);
	assert_string_equal(p.confirmed_at, "2026-03-01T13:00:00Z");
	publication_clear(&p);
	clock_set_fixed(TU_NOW);
}

static void
test_changed_publishes(void **state)
{
	struct fx *f = *state;
	struct publication p = { 0 };
	struct err err = { 0 };

	export(f, "security-txt");
	assert_int_equal(setting_set(f->s, "security.expires-days", "20", &err),
	    ST_OK);
	clock_set_fixed(TU_NOW + 86400);
	export(f, "security-txt");
	/* security.txt changed; the policy page did not. */
	assert_int_equal(tu_count_rows(f->db, "publications"), 3);
	assert_int_equal(audits(f), 2);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM publications"
	    " WHERE kind = 'security-txt'"), 2);
	assert_int_equal(publication_latest(f->s, PUB_SECTXT, &p, &err), ST_OK);
	assert_string_equal(p.expires_at, "2026-03-22T00:00:00Z");
	assert_string_equal(p.published_at, "2026-03-02T12:00:00Z");
	publication_clear(&p);
	/* The chain says which files were published. */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM audit WHERE"
	    " action = 'site.publish' AND detail LIKE '%security.txt%'"), 2);
	clock_set_fixed(TU_NOW);
}

static void
test_other_kinds_record_nothing(void **state)
{
	struct fx *f = *state;

	export(f, "html");
	assert_int_equal(tu_count_rows(f->db, "publications"), 0);
	assert_int_equal(audits(f), 0);
	export(f, "feeds");
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM publications"
	    " WHERE kind = 'feed'"), 1);
}

static void
test_failed_export_records_nothing(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };

	assert_int_equal(setting_set(f->s, "site.url", NULL, &err), ST_OK);
	assert_int_not_equal(export_run(f->s, "security-txt", f->out, NULL, NULL,
	    &err), ST_OK);
	assert_int_equal(tu_count_rows(f->db, "publications"), 0);
	assert_int_equal(audits(f), 0);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(publication_kind_name(PUB_TRUST), "trust");
	assert_string_equal(publication_kind_rel(PUB_TRUST),
	    "site/trust/index.html");
	assert_string_equal(publication_kind_rel(PUB_PROCEDURE),
	    "internal/policy/breach-procedure.html");
	assert_null(publication_kind_name(PUB_COUNT));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TU_TEST(test_first_export),
		TU_TEST(test_unchanged_confirms),
		TU_TEST(test_changed_publishes),
		TU_TEST(test_other_kinds_record_nothing),
		TU_TEST(test_failed_export_records_nothing),
		TU_TEST(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
