/* tests/unit/test_render.c - one output of one communication: templates
 * from the database with their fallbacks, Markdown and HTML pages (links,
 * the layout, escaping of hostile text), the GitHub advisory body and the
 * webhook message, and the refusals. Items are made by hand here, as
 * core/docmodel.h describes them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"

#include "core/mustache.h"
#include "core/render.h"
#include "core/template.h"
#include "util/xalloc.h"

/* An advisory as the model makes one: two revisions, a report and a
 * related notice, a paragraph of two lines and a list. */
static const char item_json[] =
"{"
"  \"id\": 4, \"kind\": \"advisory\", \"kind_label\": \"Security advisory\","
"  \"is_advisory\": true, \"audience\": \"public\", \"is_public\": true,"
"  \"is_internal\": false,"
"  \"title\": \"Harbor Gateway: plugin loader flaw\","
"  \"ref\": \"SEC-2026-004\", \"slug\": \"sec-2026-004-advisory\","
"  \"page\": \"advisories/sec-2026-004-advisory.html\","
"  \"page_md\": \"advisories/sec-2026-004-advisory.md\","
"  \"url\": \"https://security.example/advisories/sec-2026-004-advisory.html\","
"  \"state\": \"published\", \"is_withdrawn\": false, \"is_draft\": false,"
"  \"revision\": 2, \"published_at\": \"2026-02-20T10:00:00Z\","
"  \"published_date\": \"2026-02-20\","
"  \"first_published_at\": \"2026-02-10T09:00:00Z\","
"  \"first_published_date\": \"2026-02-10\","
"  \"updated_at\": \"2026-02-20T10:00:00Z\", \"updated_date\": \"2026-02-20\","
"  \"incident\": { \"ref\": \"SEC-2026-004\", \"severity\": \"high\" },"
"  \"fields\": ["
"    { \"id\": \"title\", \"label\": \"Title\", \"text\": \"Harbor\","
"      \"blocks\": [ { \"text\": \"Harbor\" } ] },"
"    { \"id\": \"summary\", \"label\": \"Summary\","
"      \"text\": \"First line\\nsecond line\\n\\n- one\\n- two\","
"      \"is_multiline\": true,"
"      \"blocks\": [ { \"text\": \"First line\\nsecond line\" },"
"        { \"is_list\": true, \"items\": [ \"one\", \"two\" ] } ] },"
"    { \"id\": \"plain-summary\", \"label\": \"Plain summary\","
"      \"text\": \"Update now.\", \"blocks\": [ { \"text\": \"Update now.\" } ] },"
"    { \"id\": \"customer-actions\", \"label\": \"Steps\","
"      \"text\": \"Upgrade to 3.1.26.\","
"      \"blocks\": [ { \"text\": \"Upgrade to 3.1.26.\" } ] },"
"    { \"id\": \"credits\", \"label\": \"Credits\","
"      \"text\": \"Found by @mei-lin, mail mei@example.org\","
"      \"blocks\": [ { \"text\": \"Found by @mei-lin, mail mei@example.org\" } ] }"
"  ],"
"  \"answers\": { \"title\": \"Harbor\", \"summary\": \"First line\","
"    \"plain-summary\": \"Update now.\","
"    \"credits\": \"Found by @mei-lin, mail mei@example.org\" },"
"  \"products\": ["
"    { \"product\": \"harbor-gateway\", \"name\": \"Harbor Gateway\","
"      \"cycle\": \"3.1\", \"range\": \"< 3.1.26\","
"      \"status\": \"known_affected\", \"status_label\": \"Known affected\","
"      \"ecosystem\": \"npm\", \"package\": \"harbor-gateway\" },"
"    { \"product\": \"harbor-gateway\", \"name\": \"Harbor Gateway\","
"      \"cycle\": \"3.1\", \"range\": \"3.1.26\", \"status\": \"fixed\","
"      \"status_label\": \"Fixed\", \"ecosystem\": \"npm\","
"      \"package\": \"harbor-gateway\" },"
"    { \"product\": \"ledger\", \"name\": \"Ledger\", \"range\": \"5.4\","
"      \"status\": \"known_affected\", \"status_label\": \"Known affected\" }"
"  ],"
"  \"has_products\": true,"
"  \"cves\": [ \"CVE-2026-1234\" ], \"cve\": \"CVE-2026-1234\","
"  \"has_cves\": true,"
"  \"cvss\": { \"vector\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\","
"    \"version\": \"3.1\", \"score\": 9.8, \"severity\": \"Critical\" },"
"  \"cvss_v3\": { \"vector\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\","
"    \"version\": \"3.1\", \"score\": 9.8, \"severity\": \"Critical\" },"
"  \"references\": [ \"https://docs.example/notes#3.1.26\","
"    \"javascript:alert(1)\" ],"
"  \"has_references\": true,"
"  \"revisions\": ["
"    { \"revision\": 1, \"published_at\": \"2026-02-10T09:00:00Z\","
"      \"date\": \"2026-02-10\", \"reason\": \"\","
"      \"reason_label\": \"First version\", \"is_first\": true },"
"    { \"revision\": 2, \"published_at\": \"2026-02-20T10:00:00Z\","
"      \"date\": \"2026-02-20\", \"reason\": \"fix-available\","
"      \"reason_label\": \"Fix available\", \"is_first\": false } ],"
"  \"has_revisions\": true,"
"  \"related\": [ { \"kind\": \"customer-notice\","
"    \"kind_label\": \"Customer notice\", \"title\": \"Action needed\","
"    \"page\": \"notices/sec-2026-004-customer-notice.html\","
"    \"url\": \"https://security.example/notices/sec-2026-004-customer-notice.html\" } ],"
"  \"has_related\": true,"
"  \"pir\": { \"title\": \"What happened\","
"    \"page\": \"reports/sec-2026-004-pir-external.html\","
"    \"url\": \"https://security.example/reports/sec-2026-004-pir-external.html\" },"
"  \"site\": { \"site_url\": \"https://security.example/\","
"    \"site_title\": \"Example security\", \"publisher_name\": \"Example\","
"    \"publisher_namespace\": \"https://security.example/\","
"    \"publisher_contact\": \"mailto:security@example.org\","
"    \"security_languages\": \"en-GB, fr\" },"
"  \"stamp\": \"0000\""
"}";

struct fx {
	struct session *s;
	char           *dir;
	json_t         *item;
};

static void
store(struct session *s, const char *name, const char *body)
{
	struct err err = { 0 };

	assert_int_equal(template_store(s, name, body, NULL, NULL, &err), ST_OK);
}

/* The shipped templates of the pages (others' templates are theirs to
 * test), imported as `herald template import` names them. */
static void
import_pages(struct session *s)
{
	static const char *const names[] = {
		"advisory.md", "advisory-update.md", "generic.md",
		"customer-notice.md", "pir-external.md", "eol-notice.md",
		"index.md", "section-index.md", "changelog.md", "layout.html",
		"partials/blocks.md", "partials/fields.md",
		"partials/page-head.md", "partials/page-foot.md",
		"partials/products.md", NULL,
	};
	const char *top = getenv("top_srcdir");
	char *path, *body;
	size_t i, len;

	for (i = 0; names[i] != NULL; i++) {
		path = xasprintf("%s/share/templates/%s", top != NULL ? top : ".",
		    names[i]);
		body = tu_slurp(path, &len);
		store(s, names[i], body);
		free(body);
		free(path);
	}
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->s = tu_session_new(&f->dir);
	import_pages(f->s);
	f->item = json_loads(item_json, 0, NULL);
	assert_non_null(f->item);
	*state = f;
	return 0;
}

/* A session without any template. */
static int
setup_bare(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->s = tu_session_new(&f->dir);
	f->item = json_loads(item_json, 0, NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	json_decref(f->item);
	tu_session_free(&f->s, &f->dir);
	free(f);
	return 0;
}

static enum status
render(struct fx *f, const char *format, const char *tmpl,
    struct rendered *r, struct err *err)
{
	struct pb_output o = { 0 };

	o.id = (char *)format;
	o.format = (char *)format;
	o.template = (char *)tmpl;
	return render_output(f->s, f->item, &o, r, err);
}

static void
render_ok(struct fx *f, const char *format, struct rendered *r)
{
	struct err err = { 0 };
	enum status st = render(f, format, NULL, r, &err);

	if (st != ST_OK)
		fail_msg("%s: %s", format, err.msg);
	/* A success leaves no error behind, not even that of a template
	 * looked for before the one used (one did, falling back). */
	assert_int_equal(err.code, ST_OK);
	assert_string_equal(err.msg, "");
	assert_non_null(r->text);
	assert_int_equal(r->len, strlen(r->text));
}

static void
assert_has(const char *text, const char *part)
{
	if (strstr(text, part) == NULL)
		fail_msg("expected \"%s\" in:\n%.3000s", part, text);
}

static void
assert_lacks(const char *text, const char *part)
{
	const char *hit = strstr(text, part);

	if (hit != NULL)
		fail_msg("did not expect \"%s\", found at: %.200s", part, hit);
}

static size_t
count(const char *text, const char *part)
{
	size_t n = 0;

	for (; (text = strstr(text, part)) != NULL; text += strlen(part))
		n++;
	return n;
}

/* --- degenerate -------------------------------------------------------- */

static void
refuses_nothing_and_unknown(void **state)
{
	struct fx *f = *state;
	struct pb_output o = { 0 };
	struct rendered r = { 0 };
	struct err err = { 0 };

	o.format = (char *)"markdown";
	assert_int_equal(render_output(f->s, NULL, &o, &r, &err), ST_INVALID);
	assert_null(r.text);
	assert_int_equal(render(f, "pdf", NULL, &r, &err), ST_INVALID);
	assert_has(err.msg, "unknown format \"pdf\"");
	o.format = NULL;
	assert_int_equal(render_output(f->s, f->item, &o, &r, &err),
	    ST_INVALID);
	rendered_clear(&r);
	rendered_clear(NULL);
}

static void
not_imported_names_the_template(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };
	struct err err = { 0 };

	assert_int_equal(render(f, "markdown", NULL, &r, &err), ST_NOTFOUND);
	assert_has(err.msg, "\"advisory.md\"");
	assert_has(err.msg, "\"generic.md\"");
	assert_has(err.msg, "herald template import");
	assert_null(r.text);
	assert_int_equal(render(f, "email", NULL, &r, &err), ST_NOTFOUND);
	assert_has(err.msg, "\"advisory.email.txt\" or \"generic.email.txt\"");
	assert_int_equal(render_template(f->s, "layout.html", f->item, &r,
	    &err), ST_NOTFOUND);
	assert_has(err.msg, "template \"layout.html\" is not imported");
	/* The structured formats need no template. */
	assert_int_equal(render(f, "webhook", NULL, &r, &err), ST_OK);
	rendered_clear(&r);
}

static void
cve_needs_an_id(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };
	struct err err = { 0 };

	json_object_set_new(f->item, "cves", json_array());
	assert_int_equal(render(f, "cve", NULL, &r, &err), ST_INVALID);
	assert_has(err.msg, "no CVE ID");
	assert_has(err.msg, "SEC-2026-004");
	assert_null(r.text);
}

/* --- templates --------------------------------------------------------- */

static void
template_escapes_by_name_and_finds_partials(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };
	struct err err = { 0 };
	const char *names[] = { "zz-missing.txt", "zz.html", "zz.txt", NULL };
	json_t *d = json_pack("{s:s}", "v", "<b>&\"");

	store(f->s, "zz.html", "<p>{{v}}</p>{{> zz-part.html}}");
	store(f->s, "partials/zz-part.html", "[{{v}}]");
	store(f->s, "zz.txt", "{{v}}");
	assert_int_equal(render_template(f->s, "zz.html", d, &r, &err), ST_OK);
	assert_string_equal(r.text, "<p>&lt;b&gt;&amp;&quot;</p>"
	    "[&lt;b&gt;&amp;&quot;]");
	assert_string_equal(r.template_name, "zz.html");
	assert_int_equal(r.template_version, 1);
	assert_int_equal(strlen(r.template_hash), 64);
	rendered_clear(&r);
	assert_int_equal(render_template(f->s, "zz.txt", d, &r, &err), ST_OK);
	assert_string_equal(r.text, "<b>&\"");
	rendered_clear(&r);
	/* The first that is imported wins. */
	assert_int_equal(render_template_first(f->s, names, d, &r, &err),
	    ST_OK);
	assert_string_equal(r.template_name, "zz.html");
	rendered_clear(&r);
	/* A new version is what renders. */
	store(f->s, "zz.txt", "v2 {{v}}");
	assert_int_equal(render_template(f->s, "zz.txt", d, &r, &err), ST_OK);
	assert_string_equal(r.text, "v2 <b>&\"");
	assert_int_equal(r.template_version, 2);
	rendered_clear(&r);
	/* A partial with an error (one stored before checks, say) says
	 * where. */
	tu_sql_exec(session_path(f->s), "UPDATE templates SET body = "
	    "'line\n{{#open}}' WHERE name = 'partials/zz-part.html'");
	assert_int_equal(render_template(f->s, "zz.html", d, &r, &err),
	    ST_INVALID);
	assert_has(err.msg, "zz-part.html:2:");
	assert_null(r.text);
	json_decref(d);
}

static void
fallbacks_by_kind(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };
	struct err err = { 0 };

	store(f->s, "zz-kind.email.txt", "Subject: [{{ref}}] {{title}}\n\nmine");
	store(f->s, "zz-kind.txt", "text of {{ref}}");
	store(f->s, "zz-own.md", "# own {{ref}}");
	json_object_set_new(f->item, "kind", json_string("zz-kind"));
	render_ok(f, "email", &r);
	assert_string_equal(r.template_name, "zz-kind.email.txt");
	assert_string_equal(r.text, "Subject: [SEC-2026-004] Harbor Gateway: "
	    "plugin loader flaw\n\nmine");
	assert_has(r.media_type, "text/plain");
	rendered_clear(&r);
	render_ok(f, "text", &r);
	assert_string_equal(r.text, "text of SEC-2026-004");
	rendered_clear(&r);
	/* No template of its own: generic.md. */
	render_ok(f, "markdown", &r);
	assert_string_equal(r.template_name, "generic.md");
	assert_has(r.text, "# SEC-2026-004: Harbor Gateway: plugin loader "
	    "flaw");
	assert_has(r.text, "## Summary");
	rendered_clear(&r);
	/* The output's own template first. */
	assert_int_equal(render(f, "markdown", "zz-own.md", &r, &err), ST_OK);
	assert_string_equal(r.template_name, "zz-own.md");
	rendered_clear(&r);
	/* A ticket without a ticket template: the text ones. */
	json_object_set_new(f->item, "kind", json_string("zz-other"));
	store(f->s, "generic.ticket.txt", "ticket {{ref}}");
	render_ok(f, "ticket", &r);
	assert_string_equal(r.template_name, "generic.ticket.txt");
	rendered_clear(&r);
	/* An update of an advisory reads as one. */
	json_object_set_new(f->item, "kind", json_string("advisory-update"));
	render_ok(f, "markdown", &r);
	assert_string_equal(r.template_name, "advisory-update.md");
	assert_has(r.text, "## What you should do");
	rendered_clear(&r);
}

/* --- pages ------------------------------------------------------------- */

static void
markdown_page(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };

	render_ok(f, "markdown", &r);
	assert_string_equal(r.media_type, "text/markdown; charset=utf-8");
	assert_string_equal(r.template_name, "advisory.md");
	assert_has(r.text, "# SEC-2026-004: Harbor Gateway: plugin loader "
	    "flaw\n");
	assert_has(r.text, "Incident ID: **SEC-2026-004**");
	/* Links between pages are relative, to the .md pages. */
	assert_has(r.text, "(../reports/sec-2026-004-pir-external.md)");
	assert_has(r.text, "(../notices/sec-2026-004-customer-notice.md)");
	assert_has(r.text, "[All advisories](index.md)");
	assert_has(r.text, "(../index.md)");
	assert_lacks(r.text, ".html)");
	/* The author's lines stay lines; lists stay lists. */
	assert_has(r.text, "First line  \nsecond line\n");
	assert_has(r.text, "- one\n- two\n");
	assert_has(r.text, "Revision 2, 2026-02-20: Fix available");
	assert_has(r.text, "**Harbor Gateway** 3.1, versions &lt; 3.1.26: "
	    "Known affected");
	/* Only web addresses become links. */
	assert_has(r.text, "](https://docs.example/notes\\#3.1.26)");
	assert_lacks(r.text, "](javascript");
	assert_has(r.text, "javascript:alert\\(1\\)");
	rendered_clear(&r);
}

static void
html_page(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };

	render_ok(f, "html", &r);
	assert_string_equal(r.media_type, "text/html; charset=utf-8");
	/* Named after the words, not the frame. */
	assert_string_equal(r.template_name, "advisory.md");
	assert_int_equal(strncmp(r.text, "<!DOCTYPE html>\n", 16), 0);
	assert_has(r.text, "<html lang=\"en-GB\">");
	assert_has(r.text, "<title>SEC-2026-004: Harbor Gateway: plugin loader "
	    "flaw | Example security</title>");
	assert_has(r.text, "<a class=\"skip\" href=\"#main\">");
	assert_has(r.text, "id=\"main\"");
	assert_has(r.text, "href=\"../style.css\"");
	assert_has(r.text, "href=\"../index.html\"");
	assert_has(r.text, "<a href=\"../advisories/index.html\" "
	    "aria-current=\"page\">");
	assert_has(r.text, "<h1>SEC-2026-004: Harbor Gateway: plugin loader "
	    "flaw</h1>");
	assert_has(r.text, "href=\"../reports/sec-2026-004-pir-external.html\"");
	assert_has(r.text, "href=\"../notices/sec-2026-004-customer-notice.html\"");
	assert_lacks(r.text, ".md\"");
	assert_has(r.text, "First line<br />\nsecond line");
	assert_has(r.text, "<li>one</li>");
	/* The facts at the top are one tight list, severity included. */
	assert_has(r.text, "<li>Last updated: 2026-02-20</li>\n<li>Severity: "
	    "<strong>Critical</strong>");
	assert_lacks(r.text, "<li>\n<p>");
	assert_has(r.text, "href=\"https://docs.example/notes#3.1.26\"");
	assert_lacks(r.text, "href=\"javascript");
	rendered_clear(&r);
}

static void
withdrawn_and_draft_pages(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };

	json_object_set_new(f->item, "is_withdrawn", json_true());
	json_object_set_new(f->item, "state", json_string("withdrawn"));
	json_object_set_new(f->item, "withdrawn_reason",
	    json_string("Issued for the wrong product"));
	render_ok(f, "html", &r);
	assert_has(r.text, "<title>SEC-2026-004: Harbor Gateway: plugin loader "
	    "flaw (withdrawn) |");
	assert_has(r.text, "<h2>Withdrawn</h2>");
	assert_has(r.text, "has been withdrawn");
	assert_has(r.text, "Reason: Issued for the wrong product");
	assert_has(r.text, "<li>Withdrawn: Issued for the wrong product</li>");
	rendered_clear(&r);
	json_object_set_new(f->item, "is_withdrawn", json_false());
	json_object_set_new(f->item, "is_draft", json_true());
	render_ok(f, "markdown", &r);
	assert_has(r.text, "Preview: this is a draft");
	assert_lacks(r.text, "Withdrawn");
	rendered_clear(&r);
}

static void
page_without_links(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };

	json_object_del(f->item, "pir");
	json_object_set_new(f->item, "related", json_array());
	json_object_set_new(f->item, "has_related", json_false());
	render_ok(f, "html", &r);
	assert_lacks(r.text, "Post-incident report");
	assert_lacks(r.text, "<h2>Related</h2>");
	rendered_clear(&r);
	/* An item with no page (internal): links are addresses. */
	json_object_del(f->item, "page");
	json_object_del(f->item, "page_md");
	render_ok(f, "markdown", &r);
	assert_lacks(r.text, "../");
	rendered_clear(&r);
}

/* Text no one should trust, in every field a page shows. */
static char *
hostile_text(void)
{
	static const char *const parts[] = {
		"<script>alert(1)</script>", " ]]> ", "\"quotes\" & 'single'",
		" [click](javascript:alert(2)) ", "<img src=x onerror=alert(3)>",
		" \xe2\x80\xae" "RTL\xe2\x80\xac ", "zero\xe2\x80\x8bwidth ",
		"emoji \xf0\x9f\x94\xa5 ", "*not bold* _nor_ `code` ",
		"{{mustache}} ", NULL,
	};
	size_t i;
	char *s = xstrdup(""), *t;

	for (i = 0; parts[i] != NULL; i++) {
		t = xasprintf("%s%s", s, parts[i]);
		free(s);
		s = t;
	}
	return s;
}

static void
hostile_content_is_literal(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 }, md = { 0 };
	json_t *fields, *fl, *blocks;
	char *bad = hostile_text(), *big, *para, *lines;
	size_t i;

	big = xmalloc(100001);
	for (i = 0; i < 100000; i++)
		big[i] = "abcdefghij"[i % 10];
	big[100000] = '\0';
	lines = xasprintf("# not a heading\n    not code\n1. not a list\n"
	    "> not a quote\n---\n%s", bad);
	json_object_set_new(f->item, "title", json_string(bad));
	json_object_set_new(f->item, "ref", json_string("SEC-2026-004"));
	json_object_set_new(f->item, "withdrawn_reason", json_string(bad));
	json_object_set_new(f->item, "is_withdrawn", json_true());
	fields = json_object_get(f->item, "fields");
	fl = json_array_get(fields, 1);
	blocks = json_pack("[{s:s}, {s:b, s:[s, s]}, {s:s}]", "text", lines,
	    "is_list", 1, "items", bad, "</li><li>x", "text", big);
	json_object_set_new(fl, "blocks", blocks);
	json_object_set_new(json_array_get(json_object_get(f->item, "products"),
	    0), "name", json_string(bad));

	render_ok(f, "markdown", &md);
	render_ok(f, "html", &r);
	assert_lacks(r.text, "<script");
	assert_lacks(r.text, "<img");
	assert_lacks(r.text, "javascript:alert(2)\"");
	assert_lacks(r.text, "href=\"javascript");
	assert_lacks(r.text, "</li><li>x");
	assert_lacks(r.text, "<em>not bold");
	assert_lacks(r.text, "<code>code");
	assert_lacks(r.text, "<h1>not a heading");
	assert_lacks(r.text, "<pre>");
	assert_lacks(r.text, "<ol>");
	assert_lacks(r.text, "<blockquote>");
	assert_lacks(r.text, "<hr");
	/* All there, as text. */
	assert_has(r.text, "<title>SEC-2026-004: &lt;script&gt;alert(1)&lt;/"
	    "script&gt; ]]&gt; &quot;quotes&quot; &amp; 'single'");
	assert_has(r.text, "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_has(r.text, "[click](javascript:alert(2))");
	assert_has(r.text, "\xe2\x80\xae" "RTL\xe2\x80\xac");
	assert_has(r.text, "zero\xe2\x80\x8bwidth");
	assert_has(r.text, "emoji \xf0\x9f\x94\xa5");
	assert_has(r.text, "*not bold* _nor_ `code`");
	assert_has(r.text, "{{mustache}}");
	assert_has(r.text, "# not a heading<br />");
	assert_has(r.text, "1. not a list<br />");
	assert_has(r.text, "&lt;/li&gt;&lt;li&gt;x");
	/* The long text whole, once. */
	assert_has(r.text, big);
	assert_int_equal(count(r.text, big), 1);
	/* Every occurrence of the title escaped the same way. */
	assert_true(count(r.text, "&lt;script&gt;alert(1)") >= 4);
	para = strstr(md.text, "&lt;script&gt;");
	assert_non_null(para);
	assert_lacks(md.text, "<script");
	assert_lacks(md.text, "](javascript");
	rendered_clear(&r);
	rendered_clear(&md);
	free(lines);
	free(big);
	free(bad);
}

static void
markdown_html_is_safe(void **state)
{
	static const char md[] = "<script>x()</script>\n\n"
	    "[a](javascript:alert(1)) [b](vbscript:x) ![c](data:text/html,x)\n\n"
	    "<img src=x onerror=y>\n\n**ok** [d](https://example.org/)\n";
	char *h;

	(void)state;
	h = render_markdown_html(md, strlen(md));
	assert_lacks(h, "<script");
	assert_lacks(h, "javascript:");
	assert_lacks(h, "vbscript:");
	assert_lacks(h, "<img src=\"x\"");
	assert_lacks(h, "onerror");
	assert_has(h, "<strong>ok</strong>");
	assert_has(h, "<a href=\"https://example.org/\">d</a>");
	free(h);
	h = render_markdown_html("", 0);
	assert_string_equal(h, "");
	free(h);
}

static void
page_frame(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };
	struct err err = { 0 };
	json_t *site = json_pack("{s:s, s:s}", "site_title", "T & <T>",
	    "security_languages", "\"><script>");

	assert_int_equal(render_page(f->s, site, "Top <page>", "index.html",
	    "<p>frag</p>", &r, &err), ST_OK);
	assert_has(r.text, "<html lang=\"en\">");
	assert_has(r.text, "<title>Top &lt;page&gt; | T &amp; &lt;T&gt;</title>");
	assert_has(r.text, "href=\"style.css\"");
	assert_has(r.text, "href=\"changelog.html\"");
	assert_has(r.text, "href=\"eol/index.html\"");
	assert_has(r.text, "href=\"lifecycle/index.html\"");
	assert_has(r.text, "<p>frag</p>");
	assert_lacks(r.text, "<script>");
	rendered_clear(&r);
	assert_int_equal(render_page(f->s, NULL, NULL, "a/b/c.html", NULL, &r,
	    &err), ST_OK);
	assert_has(r.text, "href=\"../../style.css\"");
	rendered_clear(&r);
	json_decref(site);
}

/* --- structured formats ------------------------------------------------ */

/* Feeds, CSAF and CVE records come from their modules, as one item
 * alone; here only that each format reaches its module. */
static void
structured_formats(void **state)
{
	static const struct {
		const char *format, *media_type, *has;
	} cases[] = {
		{ "atom", "application/atom+xml", "SEC-2026-004" },
		{ "rss", "application/rss+xml", "SEC-2026-004" },
		{ "csaf", "application/json", "csaf_security_advisory" },
		{ "cve", "application/json", "CVE-2026-1234" },
	};
	struct fx *f = *state;
	struct rendered r = { 0 };
	struct err err = { 0 };
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (render(f, cases[i].format, NULL, &r, &err) != ST_OK)
			fail_msg("%s: %s", cases[i].format, err.msg);
		assert_string_equal(r.media_type, cases[i].media_type);
		assert_null(r.template_name);
		assert_has(r.text, cases[i].has);
		assert_int_equal(r.len, strlen(r.text));
		rendered_clear(&r);
	}
	assert_int_equal(render(f, "csaf-nope", NULL, &r, &err), ST_INVALID);
	assert_null(r.text);
}

/* --- GitHub and webhooks ----------------------------------------------- */

static json_t *
parse(const struct rendered *r)
{
	json_error_t je;
	json_t *v = json_loads(r->text, 0, &je);

	if (v == NULL)
		fail_msg("not JSON: %s at %d", je.text, je.position);
	return v;
}

static void
github_body(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };
	json_t *v, *vul, *cvss;

	render_ok(f, "github", &r);
	assert_string_equal(r.media_type, "application/json");
	assert_null(r.template_name);
	v = parse(&r);
	assert_string_equal(json_string_value(json_object_get(v, "summary")),
	    "SEC-2026-004: Harbor Gateway: plugin loader flaw");
	assert_has(json_string_value(json_object_get(v, "description")),
	    "https://security.example/reports/sec-2026-004-pir-external.html");
	assert_lacks(json_string_value(json_object_get(v, "description")),
	    "../");
	assert_string_equal(json_string_value(json_object_get(v,
	    "cvss_vector_string")), "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	assert_null(json_object_get(v, "severity"));
	assert_string_equal(json_string_value(json_object_get(v, "cve_id")),
	    "CVE-2026-1234");
	vul = json_object_get(v, "vulnerabilities");
	assert_int_equal(json_array_size(vul), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_array_get(vul, 0), "package"), "ecosystem")), "npm");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    vul, 0), "vulnerable_version_range")), "< 3.1.26");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    vul, 0), "patched_versions")), "3.1.26");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_array_get(vul, 1), "package"), "ecosystem")), "other");
	assert_true(json_is_null(json_object_get(json_array_get(vul, 1),
	    "patched_versions")));
	/* "@mei-lin" is a login; mei@example.org is not. */
	assert_int_equal(json_array_size(json_object_get(v, "credits")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(v, "credits"), 0), "login")), "mei-lin");
	json_decref(v);
	rendered_clear(&r);

	/* A v4.0 vector only: the severity instead. */
	json_object_del(f->item, "cvss_v3");
	cvss = json_object_get(f->item, "cvss");
	json_object_set_new(cvss, "vector", json_string("CVSS:4.0/AV:N"));
	json_object_set_new(f->item, "cves", json_array());
	render_ok(f, "github", &r);
	v = parse(&r);
	assert_null(json_object_get(v, "cvss_vector_string"));
	assert_string_equal(json_string_value(json_object_get(v, "severity")),
	    "critical");
	assert_true(json_is_null(json_object_get(v, "cve_id")));
	json_decref(v);
	rendered_clear(&r);
}

static void
github_body_hostile(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };
	char *big = xmalloc(200001), *title;
	json_t *v;
	size_t i;

	/* "x\u00e9" over and over: cuts must fall between characters. */
	for (i = 0; i < 199998; i++)
		big[i] = i % 3 == 0 ? 'x' : i % 3 == 1 ? '\xc3' : '\xa9';
	big[199998] = '\0';
	title = xasprintf("\"%s", big);
	assert_int_equal(json_object_set_new(f->item, "title",
	    json_string(title)), 0);
	assert_int_equal(json_object_set_new(json_array_get(json_object_get(
	    f->item, "fields"), 1), "blocks", json_pack("[{s:s}]", "text", big)),
	    0);
	render_ok(f, "github", &r);
	v = parse(&r);
	assert_true(strlen(json_string_value(json_object_get(v, "summary"))) <=
	    1024);
	assert_true(strlen(json_string_value(json_object_get(v,
	    "description"))) <= 65535);
	assert_has(json_string_value(json_object_get(v, "description")),
	    "(Shortened; the whole text: https://security.example/");
	json_decref(v);
	rendered_clear(&r);
	free(title);
	free(big);
}

static void
webhook_message(void **state)
{
	struct fx *f = *state;
	struct rendered r = { 0 };
	json_t *v, *blocks, *b;
	const char *text;
	char *bad = hostile_text();

	render_ok(f, "webhook", &r);
	v = parse(&r);
	text = json_string_value(json_object_get(v, "text"));
	assert_int_equal(strncmp(text, "SEC-2026-004: Harbor", 20), 0);
	assert_has(text, "https://security.example/advisories/");
	blocks = json_object_get(v, "blocks");
	b = json_array_get(blocks, 0);
	assert_string_equal(json_string_value(json_object_get(b, "type")),
	    "header");
	assert_string_equal(json_string_value(json_object_get(json_object_get(b,
	    "text"), "type")), "plain_text");
	b = json_array_get(blocks, json_array_size(blocks) - 1);
	assert_string_equal(json_string_value(json_object_get(b, "type")),
	    "actions");
	json_decref(v);
	rendered_clear(&r);

	/* Long and hostile: cut to Slack's limits, never read as mrkdwn. */
	json_object_set_new(f->item, "title", json_string(bad));
	json_object_set_new(f->item, "is_withdrawn", json_true());
	json_object_set_new(f->item, "withdrawn_reason", json_string("wrong"));
	render_ok(f, "webhook", &r);
	assert_lacks(r.text, "mrkdwn");
	v = parse(&r);
	assert_int_equal(strncmp(json_string_value(json_object_get(v, "text")),
	    "Withdrawn: SEC-2026-004: <script>", 33), 0);
	b = json_array_get(json_object_get(v, "blocks"), 0);
	assert_true(strlen(json_string_value(json_object_get(json_object_get(b,
	    "text"), "text"))) <= 150);
	json_decref(v);
	rendered_clear(&r);
	free(bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(refuses_nothing_and_unknown,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(not_imported_names_the_template,
		    setup_bare, teardown),
		cmocka_unit_test_setup_teardown(cve_needs_an_id, setup_bare,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    template_escapes_by_name_and_finds_partials, setup, teardown),
		cmocka_unit_test_setup_teardown(fallbacks_by_kind, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(markdown_page, setup, teardown),
		cmocka_unit_test_setup_teardown(html_page, setup, teardown),
		cmocka_unit_test_setup_teardown(withdrawn_and_draft_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(page_without_links, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(hostile_content_is_literal, setup,
		    teardown),
		cmocka_unit_test(markdown_html_is_safe),
		cmocka_unit_test_setup_teardown(page_frame, setup, teardown),
		cmocka_unit_test_setup_teardown(structured_formats, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(github_body, setup, teardown),
		cmocka_unit_test_setup_teardown(github_body_hostile, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(webhook_message, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
