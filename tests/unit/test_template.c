/* tests/unit/test_template.c - templates stored by content hash: refusals
 * first, then versions, listing, roles and the audit chain. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/paths.h"
#include "core/template.h"
#include "util/xalloc.h"

/* SHA-256 of "abc" and of "" (FIPS 180-2 and the well-known empty digest). */
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static size_t
count_templates(struct session *s)
{
	struct rowlist l;
	struct err err = { 0 };
	size_t n;

	assert_int_equal(template_list(s, &l, &err), ST_OK);
	n = l.count;
	rowlist_free(&l, (row_clear_fn)template_row_clear);
	return n;
}

/* A test database (ada: admin) with bob, an author. */
static int
setup(void **state)
{
	struct tu_fx *f;

	tu_fx_setup(state);
	f = *state;
	tu_add_user(f->s, "bob", "author", NULL);
	return 0;
}

/* Store and expect ST with a message naming WORD, and nothing stored. */
static void
refuse(struct tu_fx *f, struct session *s, const char *name, const char *body,
    const char *source, enum status st, const char *word)
{
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), v = -2;

	assert_int_equal(template_store(s, name, body, source, &v, &err), st);
	assert_int_equal(err.code, st);
	if (word != NULL && strstr(err.msg, word) == NULL)
		fail_msg("\"%s\" does not mention %s", err.msg, word);
	assert_int_equal(v, -2);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_templates(f->s), 0);
}

static void
test_hash(void **state)
{
	char hex[65];

	(void)state;
	template_hash("abc", hex);
	assert_string_equal(hex, SHA_ABC);
	template_hash("", hex);
	assert_string_equal(hex, SHA_EMPTY);
	template_hash(NULL, hex);
	assert_string_equal(hex, SHA_EMPTY);
}

static void
test_degenerate(void **state)
{
	struct tu_fx *f = *state;
	struct template_row t = { 0 };
	struct err err = { 0 };
	char name[TEMPLATE_NAME_MAX + 2], *big, *source;

	refuse(f, f->s, NULL, "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "", "abc", NULL, ST_INVALID, "name");
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	refuse(f, f->s, name, "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "advisory md", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "../etc/passwd", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "email/../x", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "/abs", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "a//b", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "dir/", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "advisory.md", NULL, NULL, ST_INVALID, "body");
	refuse(f, f->s, "advisory.md", "", NULL, ST_INVALID, "body");
	big = malloc(TEMPLATE_BODY_MAX + 2);
	memset(big, 'b', TEMPLATE_BODY_MAX + 1);
	big[TEMPLATE_BODY_MAX + 1] = '\0';
	refuse(f, f->s, "advisory.md", big, NULL, ST_INVALID, "body");
	source = malloc(TEMPLATE_SOURCE_MAX + 2);
	memset(source, 's', TEMPLATE_SOURCE_MAX + 1);
	source[TEMPLATE_SOURCE_MAX + 1] = '\0';
	refuse(f, f->s, "advisory.md", "abc", source, ST_INVALID, "source");
	assert_int_equal(template_get_latest(f->s, "advisory.md", &t, &err),
	    ST_NOTFOUND);
	assert_int_equal(template_get_latest(f->s, NULL, &t, &err), ST_INVALID);
	assert_int_equal(template_get(f->s, "advisory.md", 0, &t, &err),
	    ST_INVALID);
	assert_int_equal(template_get(f->s, "advisory.md", 1, &t, &err),
	    ST_NOTFOUND);
	/* The limits are inclusive. */
	big[TEMPLATE_BODY_MAX] = '\0';
	source[TEMPLATE_SOURCE_MAX] = '\0';
	name[TEMPLATE_NAME_MAX] = '\0';
	assert_int_equal(template_store(f->s, name, big, source, NULL, &err),
	    ST_OK);
	free(big);
	free(source);
}

static void
test_wrong_role(void **state)
{
	struct tu_fx *f = *state;
	struct session *bob = tu_open_as(f->dir, "bob");
	struct session *zed = tu_open_as(f->dir, "zed");

	refuse(f, bob, "advisory.md", "abc", NULL, ST_DENIED, "admin");
	refuse(f, zed, "advisory.md", "abc", NULL, ST_DENIED, "zed");
	session_close(&bob);
	session_close(&zed);
}

static void
test_versions(void **state)
{
	struct tu_fx *f = *state;
	struct template_row t = { 0 };
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), v = 0;
	char *detail;

	assert_int_equal(template_store(f->s, "email/advisory.txt", "abc",
	    "/usr/share/herald/templates/email/advisory.txt", &v, &err), ST_OK);
	assert_int_equal(v, 1);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit_has(f->s, NULL, "template.store", NULL, SHA_ABC);
	detail = tu_last_audit_detail(f->s);
	assert_null(strstr(detail, "/usr/share"));
	free(detail);

	/* The same body again: no new version, no audit row. */
	v = 0;
	assert_int_equal(template_store(f->s, "email/advisory.txt", "abc", NULL,
	    &v, &err), ST_OK);
	assert_int_equal(v, 1);
	assert_int_equal(tu_audit_count(f->s), before + 1);

	assert_int_equal(template_store(f->s, "email/advisory.txt", "abcd", NULL,
	    &v, &err), ST_OK);
	assert_int_equal(v, 2);
	assert_int_equal(tu_audit_count(f->s), before + 2);
	/* Going back to an older body is a change too. */
	assert_int_equal(template_store(f->s, "email/advisory.txt", "abc", NULL,
	    &v, &err), ST_OK);
	assert_int_equal(v, 3);

	assert_int_equal(template_get_latest(f->s, "email/advisory.txt", &t,
	    &err), ST_OK);
	assert_int_equal(t.version, 3);
	assert_string_equal(t.hash, SHA_ABC);
	assert_string_equal(t.body, "abc");
	assert_string_equal(t.source, "");
	assert_string_equal(t.imported_at, "2026-03-01T12:00:00Z");
	template_row_clear(&t);
	assert_int_equal(template_get(f->s, "email/advisory.txt", 2, &t, &err),
	    ST_OK);
	assert_string_equal(t.body, "abcd");
	template_row_clear(&t);
	assert_int_equal(template_get(f->s, "email/advisory.txt", 1, &t, &err),
	    ST_OK);
	assert_string_equal(t.source,
	    "/usr/share/herald/templates/email/advisory.txt");
	template_row_clear(&t);
	assert_int_equal(template_get(f->s, "email/advisory.txt", 4, &t, &err),
	    ST_NOTFOUND);
	tu_expect_chain_ok(f->s);
}

static void
test_list(void **state)
{
	struct tu_fx *f = *state;
	struct template_row *t;
	struct rowlist l;
	struct err err = { 0 };

	assert_int_equal(template_store(f->s, "rss.xml", "<rss/>", NULL, NULL,
	    &err), ST_OK);
	assert_int_equal(template_store(f->s, "atom.xml", "<feed/>", NULL, NULL,
	    &err), ST_OK);
	assert_int_equal(template_store(f->s, "rss.xml", "<rss version='2.0'/>",
	    NULL, NULL, &err), ST_OK);
	assert_int_equal(template_list(f->s, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	t = rowlist_at(&l, 0);
	assert_string_equal(t->name, "atom.xml");
	assert_int_equal(t->version, 1);
	t = rowlist_at(&l, 1);
	assert_string_equal(t->name, "rss.xml");
	assert_int_equal(t->version, 2);
	assert_string_equal(t->body, "<rss version='2.0'/>");
	rowlist_free(&l, (row_clear_fn)template_row_clear);
}

static void
test_failure_leaves_nothing(void **state)
{
	struct tu_fx *f = *state;
	struct template_row t = { 0 };
	struct err err = { 0 };
	long long before, v = 0;

	/* The audit row is the last write; make it fail after the insert. */
	tu_sql_exec(db_path(f->s->db), "CREATE TRIGGER no_tpl_audit"
	    " BEFORE INSERT ON audit WHEN NEW.action = 'template.store'"
	    " BEGIN SELECT RAISE(ABORT, 'refused'); END;");
	before = tu_audit_count(f->s);
	assert_int_not_equal(template_store(f->s, "advisory.md", "abc", NULL, &v,
	    &err), ST_OK);
	assert_int_equal(v, 0);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_templates(f->s), 0);
	assert_int_equal(template_get_latest(f->s, "advisory.md", &t, &err),
	    ST_NOTFOUND);
	tu_sql_exec(db_path(f->s->db), "DROP TRIGGER no_tpl_audit;");
	assert_int_equal(template_store(f->s, "advisory.md", "abc", NULL, &v,
	    &err), ST_OK);
	assert_int_equal(v, 1);
	tu_expect_chain_ok(f->s);
}

/* --- Mustache checks --------------------------------------------------- */

static void
test_store_checks_mustache(void **state)
{
	struct tu_fx *f = *state;

	refuse(f, f->s, "advisory.md", "x\n{{#a}}", "/t/advisory.md", ST_INVALID,
	    "/t/advisory.md:2:7: section \"a\" opened at 2:1 is never closed");
	refuse(f, f->s, "advisory.md", "{{a b}}", NULL, ST_INVALID,
	    "advisory.md:1:1: tag name \"a b\" has a space in it");
	refuse(f, f->s, "advisory.md", "{{/a}}", "", ST_INVALID,
	    "advisory.md:1:1: closing tag \"a\" has no section open");
}

/* --- imports ----------------------------------------------------------- */

/* TEXT as the file DIR/REL, making its folders. */
static void
put(const char *dir, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", dir, rel), *parent;
	struct err err = { 0 };

	parent = paths_dirname(path);
	assert_int_equal(paths_mkdir_p(parent, 0700, &err), ST_OK);
	tu_write_file(path, text);
	free(parent);
	free(path);
}

/* A shipped directory (HERALD_DATADIR) and a configuration directory of
 * templates in F's directory; *SHIP and *CONF get their templates/. */
static void
import_dirs(struct tu_fx *f, char **ship, char **conf)
{
	char *share = xasprintf("%s/share", f->dir);

	*ship = xasprintf("%s/templates", share);
	assert_int_equal(setenv("HERALD_DATADIR", share, 1), 0);
	*conf = tu_config_dir(f->dir, "templates");
	free(share);
}

/* The newest body of NAME, and its version and source. */
static void
expect_latest(struct session *s, const char *name, long long version,
    const char *body, const char *source)
{
	struct template_row t = { 0 };
	struct err err = { 0 };

	if (template_get_latest(s, name, &t, &err) != ST_OK)
		fail_msg("%s: %s", name, err.msg);
	assert_int_equal(t.version, version);
	assert_string_equal(t.body, body);
	if (source != NULL)
		assert_string_equal(t.source, source);
	template_row_clear(&t);
}

static void
test_import_all(void **state)
{
	struct tu_fx *f = *state;
	struct template_counts c = { 9, 9 };
	struct err err = { 0 };
	char *ship, *conf, *path, *detail;
	long long before;
	size_t n_new = 9;

	import_dirs(f, &ship, &conf);
	/* Nothing anywhere: nothing to do. */
	assert_int_equal(template_import_all_counted(f->s, &c, &err), ST_OK);
	assert_int_equal(c.n, 0);
	assert_int_equal(c.n_new, 0);

	put(ship, "a.md", "shipped {{a}}\n");
	put(ship, "partials/header.md", "# {{title}}\n");
	put(ship, "sub/deeper/d.txt", "{{d}}");
	put(ship, ".hidden.md", "{{#broken}}");
	put(ship, ".git/x.md", "{{#broken}}");
	put(ship, "b.md~", "{{#broken}}");
	put(ship, "#b.md#", "{{#broken}}");
	put(conf, "a.md", "mine {{a}}\n");
	put(conf, "e.html", "<p>{{e}}</p>");
	put(conf, ".a.md.swp", "{{#broken}}");
	before = tu_audit_count(f->s);
	assert_int_equal(template_import_all_counted(f->s, &c, &err), ST_OK);
	assert_int_equal(c.n, 4);
	assert_int_equal(c.n_new, 4);
	assert_int_equal(count_templates(f->s), 4);
	/* One audit row for the import, naming each new version. */
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit_has(f->s, NULL, "template.import", NULL,
	    "{\"hash\":\"");
	detail = tu_last_audit_detail(f->s);
	assert_non_null(strstr(detail, "\"name\":\"partials/header.md\""));
	assert_non_null(strstr(detail, "\"name\":\"sub/deeper/d.txt\""));
	assert_null(strstr(detail, f->dir));
	free(detail);
	path = xasprintf("%s/a.md", conf);
	expect_latest(f->s, "a.md", 1, "mine {{a}}\n", path);
	free(path);
	path = xasprintf("%s/partials/header.md", ship);
	expect_latest(f->s, "partials/header.md", 1, "# {{title}}\n", path);
	free(path);
	expect_latest(f->s, "sub/deeper/d.txt", 1, "{{d}}", NULL);
	expect_latest(f->s, "e.html", 1, "<p>{{e}}</p>", NULL);

	/* Again: nothing new, whichever directory a name comes from. */
	assert_int_equal(template_import_all(f->s, &n_new, &err), ST_OK);
	assert_int_equal(n_new, 0);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	assert_int_equal(template_import_all(f->s, NULL, &err), ST_OK);

	/* A changed file is a new version; so is going back to the shipped
	 * one when one's own goes. */
	put(conf, "a.md", "mine, changed {{a}}\n");
	assert_int_equal(template_import_all_counted(f->s, &c, &err), ST_OK);
	assert_int_equal(c.n, 4);
	assert_int_equal(c.n_new, 1);
	assert_int_equal(tu_audit_count(f->s), before + 2);
	expect_latest(f->s, "a.md", 2, "mine, changed {{a}}\n", NULL);
	path = xasprintf("%s/a.md", conf);
	assert_int_equal(unlink(path), 0);
	free(path);
	assert_int_equal(template_import_all(f->s, &n_new, &err), ST_OK);
	assert_int_equal(n_new, 1);
	path = xasprintf("%s/a.md", ship);
	expect_latest(f->s, "a.md", 3, "shipped {{a}}\n", path);
	free(path);
	tu_expect_chain_ok(f->s);
	free(ship);
	free(conf);
}

/* An import refused with ST, its message starting with START (after the
 * configuration directory's path when IS_CONF), nothing stored. */
static void
refuse_import(struct tu_fx *f, const char *conf, enum status st,
    const char *start, bool is_conf)
{
	struct template_counts c = { 7, 7 };
	struct err err = { 0 };
	long long before = tu_audit_count(f->s);
	size_t n = count_templates(f->s);
	char *want = is_conf ? xasprintf("%s/%s", conf, start) :
	    xstrdup(start);

	assert_int_equal(template_import_all_counted(f->s, &c, &err), st);
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg("\"%s\" does not start with \"%s\"", err.msg, want);
	assert_int_equal(c.n, 7);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_templates(f->s), n);
	free(want);
}

static void
test_import_refusals(void **state)
{
	struct tu_fx *f = *state;
	struct session *bob = tu_open_as(f->dir, "bob");
	struct err err = { 0 };
	char *ship, *conf, *path;

	import_dirs(f, &ship, &conf);
	put(ship, "a.md", "{{a}}");
	put(conf, "z.md", "{{z}}");
	/* One bad file refuses every other one, naming its place. */
	put(conf, "m/bad.md", "line\n  {{#open}}\n");
	refuse_import(f, conf, ST_INVALID, "m/bad.md:3:1: section \"open\" "
	    "opened at 2:3 is never closed", true);
	put(conf, "m/bad.md", "ok\n\xc3\xa9t\xc3\xa9 \xff\n");
	refuse_import(f, conf, ST_INVALID, "m/bad.md:2:5: not UTF-8 (byte "
	    "0xff)", true);
	put(conf, "m/bad.md", "");
	refuse_import(f, conf, ST_INVALID, "m/bad.md: body: template m/bad.md "
	    "is empty", true);
	put(conf, "m/bad.md", "");
	path = xasprintf("%s/m/bad.md", conf);
	tu_write_file(path, "a");
	{
		FILE *fp = fopen(path, "ab");

		assert_non_null(fp);
		assert_int_equal(fwrite("\0b", 1, 2, fp), 2);
		fclose(fp);
	}
	refuse_import(f, conf, ST_INVALID, "m/bad.md: not a text file (a NUL "
	    "byte at offset 1)", true);
	unlink(path);
	free(path);
	put(conf, "my file.md", "x");
	refuse_import(f, conf, ST_INVALID, "my file.md: name my file.md: use "
	    "letters", true);
	path = xasprintf("%s/my file.md", conf);
	unlink(path);
	free(path);

	/* Only admins import, even when there is nothing new. */
	assert_int_equal(template_import_all(f->s, NULL, &err), ST_OK);
	assert_int_equal(template_import_all(bob, NULL, &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "admin"));
	session_close(&bob);
	free(ship);
	free(conf);
}

static void
test_import_files(void **state)
{
	struct tu_fx *f = *state;
	struct template_counts c = { 0 };
	struct err err = { 0 };
	char *dir = xasprintf("%s/mine", f->dir), *paths[3];

	put(dir, "advisory.md", "{{title}}");
	put(dir, "partials/header.md", "# {{title}}");
	put(dir, "partials/.draft.md", "{{#x}}");
	put(f->dir, "other/advisory.md", "other");

	/* A folder: its files by their paths inside it. */
	paths[0] = xasprintf("%s/", dir);
	assert_int_equal(template_import_files(f->s, paths, 1, NULL, &c, &err),
	    ST_OK);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.n_new, 2);
	expect_latest(f->s, "partials/header.md", 1, "# {{title}}", NULL);
	free(paths[0]);

	/* A file: its own name, or its path inside BASE. */
	put(dir, "partials/header.md", "## {{title}}");
	paths[0] = xasprintf("%s/partials/header.md", dir);
	assert_int_equal(template_import_files(f->s, paths, 1, NULL, &c, &err),
	    ST_OK);
	expect_latest(f->s, "header.md", 1, "## {{title}}", paths[0]);
	assert_int_equal(template_import_files(f->s, paths, 1, dir, &c, &err),
	    ST_OK);
	assert_int_equal(c.n_new, 1);
	expect_latest(f->s, "partials/header.md", 2, "## {{title}}", NULL);
	paths[1] = xasprintf("%s/other/advisory.md", f->dir);
	assert_int_equal(template_import_files(f->s, paths + 1, 1, dir, &c,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "not inside"));

	/* Two files for one name, a missing path: nothing stored. */
	paths[0] = (free(paths[0]), xasprintf("%s/advisory.md", dir));
	assert_int_equal(template_import_files(f->s, paths, 2, NULL, &c, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "template advisory.md: both"));
	paths[2] = xasprintf("%s/none.md", dir);
	assert_int_equal(template_import_files(f->s, paths + 2, 1, NULL, &c,
	    &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "none.md"));
	expect_latest(f->s, "advisory.md", 1, "{{title}}", NULL);
	free(paths[0]);
	free(paths[1]);
	free(paths[2]);
	free(dir);
}

/* --- rendering a file -------------------------------------------------- */

static void
test_render_file(void **state)
{
	struct tu_fx *f = *state;
	struct template_files tf = { 0 };
	enum mustache_escape none = MUSTACHE_ESCAPE_NONE;
	struct err err = { 0 };
	char *dir = xasprintf("%s/r", f->dir), *tpl, *data, *out = NULL;

	(void)f;
	put(dir, "page.md", "{{> head}}\n  {{> parts/item.md}}\n{{>nope}}"
	    "{{>nope}}{{>gone}}");
	put(dir, "head.md", "# {{title}}\n");
	put(dir, "parts/item.md", "* {{item}}\n* two\n");
	put(dir, "data.json", "{\"title\": \"A *b*\", \"item\": \"<x>\"}");
	tpl = xasprintf("%s/page.md", dir);
	data = xasprintf("%s/data.json", dir);
	assert_int_equal(template_render_file(tpl, data, NULL, &out, &tf,
	    &err), ST_OK);
	assert_string_equal(out, "# A \\*b\\*\n  * &lt;x&gt;\n  * two\n");
	assert_int_equal(tf.n_missing, 2);
	assert_string_equal(tf.missing[0], "nope");
	assert_string_equal(tf.missing[1], "gone");
	template_files_clear(&tf);
	free(out);
	assert_int_equal(template_render_file(tpl, data, &none, &out, NULL,
	    &err), ST_OK);
	assert_string_equal(out, "# A *b*\n  * <x>\n  * two\n");
	free(out);
	/* No data: an empty object. */
	assert_int_equal(template_render_file(tpl, NULL, NULL, &out, NULL,
	    &err), ST_OK);
	assert_string_equal(out, "# \n  * \n  * two\n");
	free(out);

	/* Errors name the file, the line and the column. */
	put(dir, "data.json", "{\"title\": \"x\",\n  \"item\" 1}");
	assert_int_equal(template_render_file(tpl, data, NULL, &out, NULL,
	    &err), ST_INVALID);
	assert_null(out);
	assert_true(strncmp(err.msg, data, strlen(data)) == 0);
	assert_non_null(strstr(err.msg, ":2:10: "));
	put(dir, "data.json", "{\"a\": 1, \"a\": 2}");
	assert_int_equal(template_render_file(tpl, data, NULL, &out, NULL,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "duplicate"));
	unlink(data);
	assert_int_equal(template_render_file(tpl, data, NULL, &out, NULL,
	    &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "data.json"));
	put(dir, "parts/item.md", "ok\n{{#item}}");
	assert_int_equal(template_render_file(tpl, NULL, NULL, &out, NULL,
	    &err), ST_INVALID);
	free(out);
	out = xasprintf("%s/parts/item.md:2:10: section \"item\" opened at 2:1 "
	    "is never closed", dir);
	assert_string_equal(err.msg, out);
	free(out);
	put(dir, "page.md", "x{{>../secret}}");
	assert_int_equal(template_render_file(tpl, NULL, NULL, &out, NULL,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "../secret"));
	put(dir, "page.md", "x\n{{#a}}");
	assert_int_equal(template_render_file(tpl, NULL, NULL, &out, NULL,
	    &err), ST_INVALID);
	assert_true(strncmp(err.msg, tpl, strlen(tpl)) == 0);
	assert_non_null(strstr(err.msg, ":2:7: "));
	unlink(tpl);
	assert_int_equal(template_render_file(tpl, NULL, NULL, &out, NULL,
	    &err), ST_NOTFOUND);
	free(tpl);
	free(data);
	free(dir);
}


int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash),
		cmocka_unit_test_setup_teardown(test_degenerate,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_role,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_versions,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_list,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_failure_leaves_nothing,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_store_checks_mustache,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_all,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_refusals,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_files,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_render_file,
		    setup, tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
