/* tests/unit/test_mustache.c - the Mustache renderer: every case of the
 * specification's test files, then errors with their places, escaping
 * (Markdown checked through cmark), numbers and hostile input. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <cmark.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mustache.h"
#include "util/xalloc.h"

/* Partials from a JSON object of name -> text; counts the look-ups. */
struct pctx {
	const json_t *partials;
	int           calls;
	enum status   fail;      /* not ST_OK: every look-up fails so */
};

static enum status
partial_json(void *ctx, const char *name, char **text, char **source,
    struct err *err)
{
	struct pctx *p = ctx;
	const json_t *v;

	p->calls++;
	if (p->fail != ST_OK)
		return err_set(err, p->fail, "%s: cannot read it", name);
	v = p->partials != NULL ? json_object_get(p->partials, name) : NULL;
	if (!json_is_string(v))
		return err_set(err, ST_NOTFOUND, "no partial %s", name);
	*text = xstrdup(json_string_value(v));
	*source = xasprintf("%s.md", name);
	return ST_OK;
}

/* Render TMPL against the JSON text DATA with ESC and PARTIALS (a JSON
 * object's text, or NULL); returns the status, *OUT the text. */
static enum status
render(const char *tmpl, const char *data, enum mustache_escape esc,
    const char *partials, char **out, struct err *err)
{
	struct mustache_opts o = { esc, "t.md", partial_json, NULL };
	struct pctx p = { 0 };
	json_t *d = json_loads(data, JSON_DECODE_ANY, NULL);
	json_t *pj = partials != NULL ? json_loads(partials, 0, NULL) : NULL;
	enum status st;

	assert_non_null(d);
	p.partials = pj;
	o.partial_ctx = &p;
	st = mustache_render(tmpl, &o, d, out, err);
	json_decref(d);
	json_decref(pj);
	return st;
}

/* TMPL renders against DATA as EXPECT, with Markdown escaping. */
static void
expect_md(const char *tmpl, const char *data, const char *expect)
{
	struct err err = { 0 };
	char *out = NULL;

	assert_int_equal(render(tmpl, data, MUSTACHE_ESCAPE_MARKDOWN, NULL,
	    &out, &err), ST_OK);
	assert_string_equal(out, expect);
	free(out);
}

static void
expect_html(const char *tmpl, const char *data, const char *partials,
    const char *expect)
{
	struct err err = { 0 };
	char *out = NULL;

	if (render(tmpl, data, MUSTACHE_ESCAPE_HTML, partials, &out, &err) !=
	    ST_OK)
		fail_msg("%s: %s", tmpl, err.msg);
	assert_string_equal(out, expect);
	free(out);
}

/* TMPL fails to render with exactly MSG (and mustache_check agrees when
 * the failure is the template's own). */
static void
expect_error(const char *tmpl, const char *partials, const char *msg,
    bool is_own)
{
	struct err err = { 0 };
	char *out = (char *)"unset";

	assert_int_equal(render(tmpl, "{\"a\": true, \"list\": [1, 2]}",
	    MUSTACHE_ESCAPE_HTML, partials, &out, &err), ST_INVALID);
	assert_null(out);
	assert_int_equal(err.code, ST_INVALID);
	assert_string_equal(err.msg, msg);
	err_clear(&err);
	assert_int_equal(mustache_check(tmpl, "t.md", &err),
	    is_own ? ST_INVALID : ST_OK);
	if (is_own)
		assert_string_equal(err.msg, msg);
}

/* --- the specification ------------------------------------------------- */

/* Run every case of FILE; returns the failures, counting cases in *N. */
static int
spec_file(const char *file, size_t *n)
{
	char *path = xasprintf("mustache/%s.json", file), *full, *out;
	struct mustache_opts o = { MUSTACHE_ESCAPE_HTML, NULL, partial_json,
	    NULL };
	struct err err;
	struct pctx p;
	json_error_t je;
	json_t *doc, *tests, *t;
	size_t i;
	int failed = 0;

	full = tu_fixture(path);
	doc = json_load_file(full, 0, &je);
	if (doc == NULL)
		fail_msg("%s:%d:%d: %s", full, je.line, je.column, je.text);
	tests = json_object_get(doc, "tests");
	assert_true(json_array_size(tests) > 0);
	json_array_foreach(tests, i, t) {
		memset(&p, 0, sizeof p);
		memset(&err, 0, sizeof err);
		p.partials = json_object_get(t, "partials");
		o.partial_ctx = &p;
		o.source = json_string_value(json_object_get(t, "name"));
		out = NULL;
		if (mustache_render(json_string_value(json_object_get(t,
		    "template")), &o, json_object_get(t, "data"), &out,
		    &err) != ST_OK) {
			print_error("%s \"%s\": %s\n", file, o.source, err.msg);
			failed++;
		} else if (strcmp(out, json_string_value(json_object_get(t,
		    "expected"))) != 0) {
			print_error("%s \"%s\": got \"%s\", expected \"%s\"\n",
			    file, o.source, out, json_string_value(
			    json_object_get(t, "expected")));
			failed++;
		}
		free(out);
		(*n)++;
	}
	json_decref(doc);
	free(full);
	free(path);
	return failed;
}

static void
test_spec(void **state)
{
	static const char *const files[] = { "comments", "delimiters",
	    "interpolation", "inverted", "partials", "sections", NULL };
	size_t n = 0;
	int i, failed = 0;

	(void)state;
	for (i = 0; files[i] != NULL; i++)
		failed += spec_file(files[i], &n);
	assert_int_equal(failed, 0);
	/* The files as copied hold 136 cases; fewer means some were lost. */
	assert_true(n >= 136);
}

/* --- degenerate input and behaviour beyond the specification ---------- */

static void
test_degenerate(void **state)
{
	struct err err = { 0 };
	char *out = (char *)"unset";

	(void)state;
	assert_int_equal(mustache_render(NULL, NULL, NULL, &out, &err),
	    ST_INVALID);
	assert_null(out);
	assert_string_equal(err.msg, "template: no template");
	assert_int_equal(mustache_check(NULL, "x.md", &err), ST_INVALID);
	assert_string_equal(err.msg, "x.md: no template");
	/* No options: HTML escaping, no partials; no data: nothing found. */
	assert_int_equal(mustache_render("<{{a}}>{{>p}}{{^a}}none{{/a}}", NULL,
	    NULL, &out, &err), ST_OK);
	assert_string_equal(out, "<>none");
	free(out);
	assert_int_equal(mustache_render("", NULL, NULL, &out, &err), ST_OK);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(mustache_check("", NULL, &err), ST_OK);
	out = mustache_escape_text(MUSTACHE_ESCAPE_HTML, NULL, 0);
	assert_string_equal(out, "");
	free(out);
	out = mustache_escape_text(MUSTACHE_ESCAPE_HTML, "a<b", 2);
	assert_string_equal(out, "a&lt;");
	free(out);
}

static void
test_escape_for(void **state)
{
	(void)state;
	assert_int_equal(mustache_escape_for("layout.html"), MUSTACHE_ESCAPE_HTML);
	assert_int_equal(mustache_escape_for("a/b.htm"), MUSTACHE_ESCAPE_HTML);
	assert_int_equal(mustache_escape_for("A.HTML"), MUSTACHE_ESCAPE_HTML);
	assert_int_equal(mustache_escape_for("advisory.md"),
	    MUSTACHE_ESCAPE_MARKDOWN);
	assert_int_equal(mustache_escape_for("partials/x.md"),
	    MUSTACHE_ESCAPE_MARKDOWN);
	assert_int_equal(mustache_escape_for("advisory.email.txt"),
	    MUSTACHE_ESCAPE_NONE);
	assert_int_equal(mustache_escape_for("security.txt"),
	    MUSTACHE_ESCAPE_NONE);
	assert_int_equal(mustache_escape_for("md"), MUSTACHE_ESCAPE_NONE);
	assert_int_equal(mustache_escape_for("x.md/readme"),
	    MUSTACHE_ESCAPE_NONE);
	assert_int_equal(mustache_escape_for("x.html.txt"),
	    MUSTACHE_ESCAPE_NONE);
	assert_int_equal(mustache_escape_for(""), MUSTACHE_ESCAPE_NONE);
	assert_int_equal(mustache_escape_for(NULL), MUSTACHE_ESCAPE_NONE);
}

static void
test_values(void **state)
{
	(void)state;
	expect_html("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
	    "{\"a\": 1.5, \"b\": 5.0, \"c\": 100.0, \"d\": 1e300, \"e\": 0.1,"
	    " \"f\": -2, \"g\": 1234567890123}", NULL,
	    "1.5 5.0 100.0 1e+300 0.1 -2 1234567890123");
	expect_html("{{a}} {{b}} {{c}}", "{\"a\": 9.8, \"b\": -0.000001, "
	    "\"c\": 0.30000000000000004}", NULL,
	    "9.8 -1e-06 0.30000000000000004");
	expect_html("{{t}} {{f}} [{{n}}] {{o}} {{l}}",
	    "{\"t\": true, \"f\": false, \"n\": null, \"o\": {\"k\": \"<\"},"
	    " \"l\": [1, \"x\"]}", NULL,
	    "true false [] {&quot;k&quot;:&quot;&lt;&quot;} [1,&quot;x&quot;]");
	/* Setting the delimiters they already are is no error. */
	expect_html("{{={{ }}=}}{{a}}", "{\"a\": 1}", NULL, "1");
	/* The empty string and 0 are truthy (the specification's rule). */
	expect_html("{{#s}}S{{/s}}{{#z}}Z{{/z}}{{^s}}no{{/s}}",
	    "{\"s\": \"\", \"z\": 0}", NULL, "SZ");
	/* HTML escaping is exactly & < > " (so attributes take "). */
	expect_html("{{s}}|{{{s}}}|{{&s}}", "{\"s\": \"&<>\\\"'\"}", NULL,
	    "&amp;&lt;&gt;&quot;'|&<>\"'|&<>\"'");
	/* Objects and lists nest; the stack resolves outward. */
	expect_html("{{#items}}{{id}}:{{#tags}}{{.}}{{site}},{{/tags}};"
	    "{{/items}}", "{\"site\": \"S\", \"items\": [{\"id\": 1, \"tags\":"
	    " [\"a\", \"b\"]}, {\"id\": 2, \"tags\": []}]}", NULL,
	    "1:aS,bS,;2:;");
}

/* Errors name the source, the line and the column (in characters) of the
 * offending tag. */
static void
test_errors(void **state)
{
	(void)state;
	expect_error("abc\n  {{name", NULL,
	    "t.md:2:3: tag is never closed (no \"}}\" follows)", true);
	expect_error("é{{{x}}", NULL,
	    "t.md:1:2: tag is never closed (no \"}}}\" follows)", true);
	expect_error("{{a {{b}}", NULL,
	    "t.md:1:1: tag is never closed (\"{{\" comes before \"}}\")", true);
	expect_error("{{#a}}\nx\n{{/b}}", NULL, "t.md:3:1: closing tag \"b\" "
	    "does not match section \"a\" opened at 1:1", true);
	expect_error("x{{/a}}", NULL,
	    "t.md:1:2: closing tag \"a\" has no section open", true);
	expect_error("{{#a}}\n{{^b}}\n{{/b}}\n", NULL,
	    "t.md:4:1: section \"a\" opened at 1:1 is never closed", true);
	expect_error("{{=<% =}}", NULL, "t.md:1:1: bad delimiters \"<%\": give "
	    "two, separated by a space, without spaces or '=' in either and "
	    "at most 16 bytes each (such as {{=<% %>=}})", true);
	expect_error("x\n {{= a b c =}}", NULL, "t.md:2:2: bad delimiters "
	    "\"a b c\": give two, separated by a space, without spaces or '=' "
	    "in either and at most 16 bytes each (such as {{=<% %>=}})", true);
	expect_error("{{==a b=}}", NULL, "t.md:1:1: bad delimiters \"=a b\": "
	    "give two, separated by a space, without spaces or '=' in either "
	    "and at most 16 bytes each (such as {{=<% %>=}})", true);
	expect_error("{{=<% %>=}}\n<%#a%>\n{{/a}}", NULL,
	    "t.md:3:7: section \"a\" opened at 2:1 is never closed", true);
	expect_error("{{}}", NULL, "t.md:1:1: tag has no name", true);
	expect_error("{{ }}", NULL, "t.md:1:1: tag has no name", true);
	expect_error("{{#}}{{/}}", NULL, "t.md:1:1: tag has no name", true);
	expect_error("{{{ }}}", NULL, "t.md:1:1: tag has no name", true);
	expect_error("{{& }}", NULL, "t.md:1:1: tag has no name", true);
	expect_error("{{> }}", NULL, "t.md:1:1: tag has no name", true);
	expect_error("{{^}}", NULL, "t.md:1:1: tag has no name", true);
	expect_error("{{a b}}", NULL,
	    "t.md:1:1: tag name \"a b\" has a space in it", true);
	expect_error("{{a..b}}", NULL, "t.md:1:1: tag name \"a..b\": use \".\" "
	    "alone or names joined by single dots", true);
	expect_error("{{#.a}}{{/.a}}", NULL, "t.md:1:1: tag name \".a\": use "
	    "\".\" alone or names joined by single dots", true);
	/* A partial's errors name the partial, at its own places, even when
	 * a standalone tag indents it; mustache_check does not follow it. */
	expect_error("x\n  {{>p}}\n", "{\"p\": \"a\\n{{b c}}\"}",
	    "p.md:2:1: tag name \"b c\" has a space in it", false);
	expect_error("{{>p}}", "{\"p\": \"{{#list}}\"}",
	    "p.md:1:10: section \"list\" opened at 1:1 is never closed", false);
	/* Partials recurse at most 32 deep. */
	expect_error("{{>self}}", "{\"self\": \"x{{>self}}\"}",
	    "self.md:1:2: partial \"self\" nested more than 32 deep (does it "
	    "include itself?)", false);
	expect_error("{{>a}}", "{\"a\": \"{{>b}}\", \"b\": \"{{#a}}{{>a}}{{/a}}\"}",
	    "b.md:1:7: partial \"a\" nested more than 32 deep (does it "
	    "include itself?)", false);
}

static void
test_partials(void **state)
{
	struct mustache_opts o = { MUSTACHE_ESCAPE_HTML, "t.md", partial_json,
	    NULL };
	struct err err = { 0 };
	struct pctx p = { 0 };
	json_t *d, *pj;
	char *out = NULL;

	(void)state;
	/* One look-up per partial and indentation, however often used. */
	pj = json_pack("{s:s}", "row", "<{{.}}>\n");
	d = json_pack("{s:[i,i,i,i]}", "list", 1, 2, 3, 4);
	p.partials = pj;
	o.partial_ctx = &p;
	assert_int_equal(mustache_render("{{#list}}{{>row}}{{/list}}\n"
	    "{{#list}}\n  {{>row}}\n{{/list}}", &o, d, &out, &err), ST_OK);
	assert_string_equal(out, "<1>\n<2>\n<3>\n<4>\n\n  <1>\n  <2>\n"
	    "  <3>\n  <4>\n");
	assert_int_equal(p.calls, 2);
	free(out);
	/* Empty lines of an indented partial stay empty. */
	json_object_set_new(pj, "row", json_string("a\n\n{{.}}\r\n\r\nb"));
	json_decref(d);
	d = json_integer(7);
	assert_int_equal(mustache_render("  {{>row}}\n", &o, d, &out, &err),
	    ST_OK);
	assert_string_equal(out, "  a\n\n  7\r\n\r\n  b");
	free(out);
	/* A failing look-up fails the render with its message. */
	p.fail = ST_IO;
	assert_int_equal(mustache_render("a{{>row}}", &o, d, &out, &err), ST_IO);
	assert_null(out);
	assert_string_equal(err.msg, "row: cannot read it");
	json_decref(pj);
	json_decref(d);
}

/* --- Markdown escaping ------------------------------------------------- */

/* S as cmark's HTML writer escapes text. */
static char *
html_text(const char *s)
{
	return mustache_escape_text(MUSTACHE_ESCAPE_HTML, s, strlen(s));
}

/* PREFIX + escape(S) + SUFFIX through cmark must read as S literally:
 * EXPECT_OPEN + S HTML-escaped + EXPECT_CLOSE. */
static void
expect_literal(const char *s, const char *prefix, const char *suffix,
    const char *open, const char *close)
{
	char *md, *esc, *html, *want, *text;

	esc = mustache_escape_text(MUSTACHE_ESCAPE_MARKDOWN, s, strlen(s));
	md = xasprintf("%s%s%s", prefix, esc, suffix);
	html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT);
	text = html_text(s);
	want = xasprintf("%s%s%s", open, text, close);
	if (strcmp(html, want) != 0)
		fail_msg("markdown %s\nrendered %s\nexpected %s", md, html, want);
	free(esc);
	free(md);
	free(html);
	free(text);
	free(want);
}

static void
test_markdown_literal(void **state)
{
	static const char *const hostile[] = {
		"*emphasis* and **strong** and _under_ and __dunder__",
		"`code` and ``two`` and ```",
		"<script>alert(1)</script>",
		"<!-- comment --> <?php x ?> <![CDATA[ x ]]>",
		"<http://example.com/> and <a@b.example>",
		"[link](http://example.com) and ![img](x.png \"t\")",
		"[ref]: http://example.com\n[ref]",
		"&amp; &lt; &#42; &#x2A; &copy; & AT&T",
		"# heading",
		"###### six #",
		"Title #",
		"- item",
		"+ item",
		"* item",
		"1. item",
		"1) item",
		"2026. was a year",
		"123456789. long",
		"> quote",
		"---",
		"- - -",
		"***",
		"___",
		"text\n===",
		"text\n---",
		"text\n- item\n+ item\n10. item\n> quote\n# head\n```\n~~~",
		"    indented code",
		"\tindented with a tab",
		"a  \nhard break by spaces",
		"a\\\nhard break by backslash",
		"a\\*b\\\\c\\",
		"| a | b |\n| --- | --- |\n| 1 | 2 |",
		"~~strike~~ ~tilde~",
		"{curly} (round) !bang [square]",
		"snake_case_name and CVE-2026-1234 and v1.2.3",
		"]]> \"quotes\" 'single'",
		"trailing spaces   ",
		": definition",
		"=equals",
		"= equals",
		"\xe2\x80\xae" "RTL override \xe2\x80\x8b zero width \xf0\x9f\x94\x92",
		"\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9 *x*",
		"control \x01\x02\x1b[31m chars",
		NULL,
	};
	char *big;
	size_t i;

	(void)state;
	for (i = 0; hostile[i] != NULL; i++) {
		expect_literal(hostile[i], "", "", "<p>", "</p>\n");
		/* After text on the line, and as a heading. */
		if (strchr(hostile[i], '\n') == NULL) {
			expect_literal(hostile[i], "Text: ", "", "<p>Text: ",
			    "</p>\n");
			expect_literal(hostile[i], "# ", "", "<h1>", "</h1>\n");
			expect_literal(hostile[i], "", " more", "<p>",
			    " more</p>\n");
		}
	}
	/* A marker at the end of a value, before the template's text. */
	expect_md("{{a}} x", "{\"a\": \"1.\"}", "1\\. x");
	/* Readable where it can be. */
	expect_md("{{a}}", "{\"a\": \"CVE-2026-1234 in v1.2.3: fix it now.\"}",
	    "CVE-2026-1234 in v1.2.3: fix it now.");
	expect_md("{{a}}", "{\"a\": 9.8}", "9.8");
	expect_md("{{a}}|{{{a}}}", "{\"a\": \"*\"}", "\\*|*");
	big = xmalloc(100001);
	memset(big, '*', 100000);
	big[100000] = '\0';
	expect_literal(big, "", "", "<p>", "</p>\n");
	free(big);
}

/* --- hostile input ----------------------------------------------------- */

static void
test_hostile(void **state)
{
	struct mustache_opts o = { MUSTACHE_ESCAPE_HTML, "t.html", NULL, NULL };
	struct err err = { 0 };
	json_t *d;
	char *out = NULL, *big, *tmpl, *p;
	size_t i;

	(void)state;
	/* Invalid UTF-8 passes through untouched, in text and in values. */
	d = json_object();
	json_object_set_new_nocheck(d, "bad",
	    json_string_nocheck("\xff\xfe<\xc3("));
	assert_int_equal(mustache_render("\xc3\x28{{bad}}\xed\xa0\x80", &o, d,
	    &out, &err), ST_OK);
	assert_string_equal(out, "\xc3\x28\xff\xfe&lt;\xc3(\xed\xa0\x80");
	free(out);
	o.escape = MUSTACHE_ESCAPE_MARKDOWN;
	assert_int_equal(mustache_render("{{bad}}", &o, d, &out, &err), ST_OK);
	assert_string_equal(out, "\xff\xfe&lt;\xc3\\(");
	free(out);
	o.escape = MUSTACHE_ESCAPE_NONE;
	assert_int_equal(mustache_render("{{bad}}", &o, d, &out, &err), ST_OK);
	assert_string_equal(out, "\xff\xfe<\xc3(");
	free(out);
	/* A column after invalid UTF-8 still comes out. */
	assert_int_equal(mustache_check("\xff\xff{{", "t.md", &err), ST_INVALID);
	assert_string_equal(err.msg,
	    "t.md:1:3: tag is never closed (no \"}}\" follows)");
	json_decref(d);

	/* 100,000-character values and templates. */
	big = xmalloc(100001);
	memset(big, '<', 100000);
	big[100000] = '\0';
	d = json_pack("{s:s}", "v", big);
	o.escape = MUSTACHE_ESCAPE_HTML;
	assert_int_equal(mustache_render("[{{v}}][{{{v}}}]", &o, d, &out, &err),
	    ST_OK);
	assert_int_equal(strlen(out), 100000 * 4 + 100000 + 4);
	assert_memory_equal(out + 1, "&lt;&lt;", 8);
	assert_memory_equal(out + 400003, "<<", 2);
	free(out);
	assert_int_equal(mustache_render(big, &o, d, &out, &err), ST_OK);
	assert_string_equal(out, big);
	free(out);
	memset(big, '{', 100000);
	assert_int_equal(mustache_check(big, "t.md", &err), ST_INVALID);
	assert_string_equal(err.msg, "t.md:1:1: tag is never closed (no \"}}}\" "
	    "follows)");
	json_decref(d);
	free(big);

	/* Sections nest at most 64 deep; 100,000 deep fails quickly. */
	tmpl = xmalloc(100000 * 12 + 1);
	for (p = tmpl, i = 0; i < 64; i++)
		p += sprintf(p, "{{#a}}");
	for (i = 0; i < 64; i++)
		p += sprintf(p, "{{/a}}");
	d = json_pack("{s:b}", "a", 1);
	assert_int_equal(mustache_render(tmpl, &o, d, &out, &err), ST_OK);
	free(out);
	for (p = tmpl, i = 0; i < 100000; i++)
		p += sprintf(p, "{{#a}}");
	assert_int_equal(mustache_check(tmpl, "t.md", &err), ST_INVALID);
	assert_string_equal(err.msg,
	    "t.md:1:385: sections nested more than 64 deep");
	free(tmpl);
	json_decref(d);

	/* Deep data and a long dotted name. */
	d = json_string("end");
	for (i = 0; i < 500; i++)
		d = json_pack("{s:o}", "a", d);
	tmpl = xmalloc(500 * 2 + 8);
	strcpy(tmpl, "{{a");
	for (i = 1; i < 500; i++)
		strcat(tmpl, ".a");
	strcat(tmpl, "}}");
	assert_int_equal(mustache_render(tmpl, &o, d, &out, &err), ST_OK);
	assert_string_equal(out, "end");
	free(out);
	free(tmpl);
	json_decref(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_escape_for),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_markdown_literal),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
