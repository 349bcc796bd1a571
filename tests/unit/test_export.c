/* tests/unit/test_export.c - export_run(): refusals (unknown kind, no
 * directory, settings missing), a whole export of a published advisory,
 * one kind alone, and a second run that writes nothing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/unit/testutil.h"

#include "core/communication.h"
#include "core/docmodel.h"
#include "core/export.h"
#include "core/incident.h"
#include "core/settings.h"
#include "core/template.h"
#include "core/text.h"
#include "core/workflow.h"
#include "util/xalloc.h"

static const char flow[] =
    "playbook: test-export\n"
    "version: \"1\"\n"
    "title: Test advisory\n"
    "kind: advisory\n"
    "audience: public\n"
    TU_PB_FACTS
    "      - id: summary\n"
    "        type: long-text\n"
    "        label: Summary\n"
    "        required: true\n"
    TU_PB_APPROVE_PUBLISH
    "outputs:\n"
    "  - id: web\n"
    "    format: markdown\n"
    "    title: Page\n"
    "  - id: html\n"
    "    format: html\n"
    "    title: Web page\n";

struct fx {
	struct session *s;          /* ada: admin and author */
	struct session *lee;        /* approver:legal */
	char           *dir;
	char           *out;        /* DIR/out, not made yet */
	char            ref[32];
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	char *pbdir;

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	tu_add_user(f->s, "lee", "approver:legal", NULL);
	f->lee = tu_open_as(f->dir, "lee");
	pbdir = tu_config_dir(f->dir, "playbooks");
	tu_write_yaml(pbdir, "test-export", flow);
	free(pbdir);
	tu_incident_new_ref(f->s, &(struct incident_new){
	    .title = "Widget <leaks> \"tokens\" ]]>", .trigger_kind =
	    "vulnerability", .severity = "high" }, f->ref, sizeof f->ref);
	f->out = tu_path(f->dir, "out");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	session_close(&f->lee);
	tu_session_free(&f->s, &f->dir);
	free(f->out);
	free(f);
	return 0;
}

/* The shipped templates, as `herald template import` stores them. */
static void
import_templates(struct session *s)
{
	struct err err = { 0 };

	if (template_import_all(s, NULL, &err) != ST_OK)
		fail_msg("templates: %s", err.msg);
}

static void
set_settings(struct session *s)
{
	static const char *const kv[][2] = {
		{ "site.url", "https://security.example.test/" },
		{ "publisher.name", "Example <Widgets> & \"Co\"" },
		{ "security.contact", "mailto:security@example.test" },
	};
	struct err err = { 0 };
	size_t i;

	for (i = 0; i < sizeof kv / sizeof kv[0]; i++)
		if (setting_set(s, kv[i][0], kv[i][1], &err) != ST_OK)
			fail_msg("%s: %s", kv[i][0], err.msg);
}

/* Start a communication, answer it, and take it through review and
 * approval to published; returns its id. */
static long long
publish_one(struct fx *f, const char *summary)
{
	long long id = tu_comm_start(f->s, f->ref, "test-export", NULL, 1);

	tu_comm_set(f->s, id, "summary", summary);
	tu_comm_approve(f->s, f->lee, id, "facts", NULL);
	tu_comm_publish(f->s, id);
	return id;
}

static bool
exists(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel);
	struct stat sb;
	bool ok = stat(path, &sb) == 0;

	free(path);
	return ok;
}

static char *
slurp_rel(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel), *text;
	size_t len;

	text = tu_slurp(path, &len);
	free(path);
	return text;
}

/* The value of KEY of the item of communication ID as published. */
static char *
item_key(struct session *s, long long id, const char *key)
{
	struct docmodel m = { 0 };
	struct docmodel_opts o = { 0 };
	struct err err = { 0 };
	json_t *item;
	char *v;

	assert_int_equal(docmodel_load(s, &o, &m, &err), ST_OK);
	item = docmodel_find(&m, id);
	assert_non_null(item);
	assert_non_null(json_string_value(json_object_get(item, key)));
	v = xstrdup(json_string_value(json_object_get(item, key)));
	docmodel_clear(&m);
	return v;
}

/* --- refusals --------------------------------------------------------- */

static void
test_unknown_kind(void **state)
{
	struct fx *f = *state;
	struct export_stats st;
	struct err err = { 0 };

	set_settings(f->s);
	assert_int_equal(export_run(f->s, "nonsense", f->out, NULL, &st, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "nonsense"));
	assert_non_null(strstr(err.msg, "markdown"));
	assert_non_null(strstr(err.msg, "csaf"));
	err_clear(&err);
	assert_int_equal(export_run(f->s, NULL, f->out, NULL, &st, &err),
	    ST_INVALID);
	err_clear(&err);
	assert_int_equal(export_run(f->s, "", f->out, NULL, &st, &err),
	    ST_INVALID);
	/* Nothing was made. */
	assert_false(exists(f->dir, "out"));
	assert_null(export_kind_what("nonsense"));
	assert_null(export_kind_what(NULL));
	assert_non_null(export_kind_what("csaf"));
}

static void
test_no_dir(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };

	set_settings(f->s);
	assert_int_equal(export_run(f->s, "all", NULL, NULL, NULL, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "--out"));
	err_clear(&err);
	assert_int_equal(export_run(f->s, "all", "", NULL, NULL, &err),
	    ST_INVALID);
}

static void
test_settings_missing(void **state)
{
	struct fx *f = *state;
	struct export_stats st;
	struct err err = { 0 };

	assert_int_equal(export_run(f->s, "all", f->out, NULL, &st, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "site.url"));
	assert_non_null(strstr(err.msg, "publisher.name"));
	assert_false(exists(f->dir, "out"));
	/* One set: the other is still named. */
	assert_int_equal(setting_set(f->s, "site.url",
	    "https://security.example.test/", &err), ST_OK);
	err_clear(&err);
	assert_int_equal(export_run(f->s, "html", f->out, NULL, &st, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "publisher.name"));
	assert_false(exists(f->dir, "out"));
}

/* --- exports ---------------------------------------------------------- */

static void
test_export_all(void **state)
{
	struct fx *f = *state;
	struct export_stats st, st2;
	struct err err = { 0 };
	long long id;
	char *page, *page_md, *rel, *text;

	import_templates(f->s);
	set_settings(f->s);
	id = publish_one(f, "Tokens <script>alert(1)</script> leak & more.");
	/* A draft is not exported. */
	tu_comm_start(f->s, f->ref, "test-export", NULL, 1);
	if (export_run(f->s, "all", f->out, NULL, &st, &err) != ST_OK)
		fail_msg("export: %s", err.msg);
	assert_int_equal(st.n_items, 1);
	assert_true(st.n_written > 5);
	assert_int_equal(st.n_unchanged, 0);
	assert_true(st.bytes_written > 0);
	assert_true(exists(f->out, OUTDIR_MANIFEST));
	assert_true(exists(f->out, "site/index.html"));
	assert_true(exists(f->out, "site/style.css"));
	assert_true(exists(f->out, "site/feed.atom"));
	assert_true(exists(f->out, "site/feed.rss"));
	assert_true(exists(f->out, "mkdocs.yml"));

	/* The advisory's page, HTML and Markdown, with its incident's ID. */
	page = item_key(f->s, id, "page");
	page_md = item_key(f->s, id, "page_md");
	rel = xasprintf("site/%s", page);
	text = slurp_rel(f->out, rel);
	assert_non_null(strstr(text, f->ref));
	/* What a reader wrote is escaped, never markup. */
	assert_null(strstr(text, "<script>"));
	free(text);
	free(rel);
	rel = xasprintf("docs/%s", page_md);
	text = slurp_rel(f->out, rel);
	assert_non_null(strstr(text, f->ref));
	free(text);
	free(rel);
	text = slurp_rel(f->out, "site/feed.atom");
	assert_non_null(strstr(text, f->ref));
	free(text);

	/* Again: nothing written, nothing lost. */
	if (export_run(f->s, "all", f->out, NULL, &st2, &err) != ST_OK)
		fail_msg("export again: %s", err.msg);
	assert_int_equal(st2.n_items, 1);
	assert_int_equal(st2.n_written, 0);
	assert_int_equal(st2.bytes_written, 0);
	assert_int_equal(st2.n_unchanged + st2.n_kept, st.n_written);
	rel = xasprintf("site/%s", page);
	assert_true(exists(f->out, rel));
	free(rel);

	/* Another published item: written, the first item's page not. */
	publish_one(f, "A second one.");
	if (export_run(f->s, "all", f->out, NULL, &st2, &err) != ST_OK)
		fail_msg("export after a change: %s", err.msg);
	assert_int_equal(st2.n_items, 2);
	assert_true(st2.n_written > 0);
	assert_true(st2.n_written < st.n_written + 5);
	assert_true(st2.n_unchanged + st2.n_kept > 0);
	free(page);
	free(page_md);
}

static void
test_export_one_kind(void **state)
{
	struct fx *f = *state;
	struct export_stats st;
	struct err err = { 0 };

	import_templates(f->s);
	set_settings(f->s);
	publish_one(f, "Tokens leak.");
	if (export_run(f->s, "feeds", f->out, NULL, &st, &err) != ST_OK)
		fail_msg("export feeds: %s", err.msg);
	assert_int_equal(st.n_items, 1);
	assert_true(exists(f->out, "site/feed.atom"));
	assert_true(exists(f->out, "site/feed.rss"));
	assert_false(exists(f->out, "site/index.html"));
	assert_false(exists(f->out, "mkdocs.yml"));
}

static void
test_export_empty(void **state)
{
	struct fx *f = *state;
	struct export_stats st;
	struct err err = { 0 };

	import_templates(f->s);
	set_settings(f->s);
	/* Nothing published yet: still a site, with nothing in it. */
	if (export_run(f->s, "all", f->out, NULL, &st, &err) != ST_OK)
		fail_msg("export: %s", err.msg);
	assert_int_equal(st.n_items, 0);
	assert_true(exists(f->out, "site/index.html"));
}

/* Pages someone added to docs/ join mkdocs.yml's navigation; one whose
 * name is not UTF-8 was written into it raw, and a YAML file that is not
 * UTF-8 is no YAML file: MkDocs refused the whole site. */
static void
test_mkdocs_foreign_pages(void **state)
{
	struct fx *f = *state;
	struct export_stats st;
	struct err err = { 0 };
	char *dir, *path, *text;

	import_templates(f->s);
	set_settings(f->s);
	publish_one(f, "Tokens leak.");
	if (export_run(f->s, "markdown", f->out, NULL, &st, &err) != ST_OK)
		fail_msg("export: %s", err.msg);
	dir = xasprintf("%s/docs/notes", f->out);
	assert_int_equal(mkdir(dir, 0755), 0);
	path = xasprintf("%s/extra \"<b>\".md", dir);
	tu_write_file(path, "# Extra\n");
	free(path);
	path = xasprintf("%s/caf\xe9.md", dir);
	tu_write_file(path, "# Latin-1\n");
	free(path);
	free(dir);
	if (export_run(f->s, "markdown", f->out, NULL, &st, &err) != ST_OK)
		fail_msg("export again: %s", err.msg);
	text = slurp_rel(f->out, "mkdocs.yml");
	assert_true(text_utf8_valid(text));
	assert_non_null(strstr(text, "\"notes/extra \\\"<b>\\\".md\""));
	assert_null(strstr(text, "caf"));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_unknown_kind),
		T(test_no_dir),
		T(test_settings_missing),
		T(test_export_all),
		T(test_export_one_kind),
		T(test_export_empty),
		T(test_mkdocs_foreign_pages),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
