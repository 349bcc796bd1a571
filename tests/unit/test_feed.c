/* tests/unit/test_feed.c - Atom and RSS feeds from hand-made items: valid
 * against RFC 4287's RELAX NG schema (libxml2's validator), stable ids,
 * "updated" that moves with its own item only, order and limit, hostile
 * text that still validates and reads back as written. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "tests/unit/testutil.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/docmodel.h"
#include "core/feed.h"
#include "util/xalloc.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define SITE    "https://security.brightwater.example/"

/* A public advisory as core/docmodel.h describes one. */
static const char item_json[] =
    "{ \"id\": 1, \"kind\": \"advisory\", \"kind_label\": \"Security "
    "advisory\", \"is_advisory\": true, \"audience\": \"public\", "
    "\"is_public\": true, \"is_internal\": false, \"title\": \"Tokens leak "
    "in logs\", \"ref\": \"SEC-2026-004\", \"slug\": \"sec-2026-004-"
    "advisory\", \"page\": \"advisories/sec-2026-004-advisory.html\", "
    "\"url\": \"" SITE "advisories/sec-2026-004-advisory.html\", \"state\": "
    "\"published\", \"is_withdrawn\": false, \"is_draft\": false, "
    "\"revision\": 1, \"published_at\": \"2026-02-10T09:00:00Z\", "
    "\"first_published_at\": \"2026-02-10T09:00:00Z\", \"updated_at\": "
    "\"2026-02-10T09:00:00Z\", \"incident\": { \"ref\": \"SEC-2026-004\", "
    "\"title\": \"Token leak\", \"summary\": \"Incident summary.\", "
    "\"severity\": \"high\" }, \"fields\": [ { \"id\": \"overview\", "
    "\"label\": \"Overview\", \"type\": \"long-text\", \"value\": \"The "
    "overview.\", \"text\": \"The overview.\" } ], \"answers\": { "
    "\"plain-summary\": \"Access tokens were written to logs.\", "
    "\"overview\": \"The overview.\" }, \"products\": [ { \"product\": "
    "\"gateway\", \"name\": \"Gateway\" } ], \"stamp\": \"s1\" }";

static xmlRelaxNGPtr schema;

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
quiet_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static int
group_setup(void **state)
{
	char *path = tu_fixture("schemas/atom.rng");
	xmlRelaxNGParserCtxtPtr pc;

	(void)state;
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	clock_set_fixed(TU_NOW);
	pc = xmlRelaxNGNewParserCtxt(path);
	schema = pc != NULL ? xmlRelaxNGParse(pc) : NULL;
	xmlRelaxNGFreeParserCtxt(pc);
	free(path);
	return schema != NULL ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	xmlRelaxNGFree(schema);
	xmlCleanupParser();
	clock_set_fixed(0);
	return 0;
}

/* --- helpers -------------------------------------------------------------- */

static json_t *
site_new(void)
{
	return tu_json_load("{ \"site_url\": \"" SITE "\", \"site_title\": "
	    "\"Brightwater security\", \"publisher_name\": \"Brightwater "
	    "Systems\", \"security_languages\": \"en, de\", \"feed_entries\": "
	    "\"0\" }");
}

/* The advisory above as item ID of REF, updated at UPDATED. */
static json_t *
item_new(long long id, const char *ref, const char *updated)
{
	json_t *it = tu_json_load(item_json);
	char *url;

	json_object_set_new(it, "id", json_integer(id));
	json_object_set_new(it, "ref", json_string(ref));
	url = xasprintf(SITE "advisories/%lld.html", id);
	json_object_set_new(it, "url", json_string(url));
	free(url);
	json_object_set_new(it, "updated_at", json_string(updated));
	json_object_set_new(it, "published_at", json_string(updated));
	return it;
}

static void
set_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, json_string(v));
}

static char *
render(enum feed_format f, const json_t *site, const json_t *items,
    size_t limit, size_t *lenp)
{
	struct err err = { 0 };
	char *out = NULL;
	size_t len = 0;

	if (feed_render(f, site, items, limit, &out, &len, &err) != ST_OK)
		fail_msg("feed_render: %s", err.msg);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	if (lenp != NULL)
		*lenp = len;
	return out;
}

static xmlDocPtr
parse(const char *xml)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "feed.xml",
	    NULL, XML_PARSE_NONET);

	if (doc == NULL)
		fail_msg("not well-formed XML:\n%.2000s", xml);
	return doc;
}

static bool
rng_valid(xmlDocPtr doc)
{
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
	int rc;

	xmlRelaxNGSetValidStructuredErrors(vc, quiet_structured, NULL);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	return rc == 0;
}

static xmlXPathObjectPtr
xp_eval(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr c = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r;

	xmlXPathRegisterNs(c, BAD_CAST "a", BAD_CAST ATOM_NS);
	xmlXPathRegisterNs(c, BAD_CAST "atom", BAD_CAST ATOM_NS);
	r = xmlXPathEvalExpression(BAD_CAST expr, c);
	xmlXPathFreeContext(c);
	if (r == NULL)
		fail_msg("bad XPath %s", expr);
	return r;
}

/* The string value of EXPR; caller frees. */
static char *
xp_str(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = xp_eval(doc, expr);
	xmlChar *s = xmlXPathCastToString(r);
	char *v = xstrdup((const char *)s);

	xmlFree(s);
	xmlXPathFreeObject(r);
	return v;
}

static double
xp_num(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = xp_eval(doc, expr);
	double n = xmlXPathCastToNumber(r);

	xmlXPathFreeObject(r);
	return n;
}

static void
expect_xp(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xp_str(doc, expr);

	if (strcmp(got, want) != 0)
		fail_msg("%s: got \"%.300s\", want \"%.300s\"", expr, got, want);
	free(got);
}

/* Valid by the schema and by RFC 4287's two rules RELAX NG cannot say:
 * the feed has an author, every entry an alternate link. */
static void
expect_valid_atom(const char *xml)
{
	xmlDocPtr doc = parse(xml);

	assert_true(strncmp(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
	    38) == 0);
	if (!rng_valid(doc))
		fail_msg("not valid Atom:\n%.3000s", xml);
	assert_int_equal(xp_num(doc, "count(/a:feed/a:author/a:name)"), 1);
	assert_int_equal(xp_num(doc, "count(/a:feed/a:entry"
	    "[not(a:link[@rel='alternate'])])"), 0);
	xmlFreeDoc(doc);
}

/* S with the five HTML entities the RSS description has turned back. */
static char *
html_unescape(const char *s)
{
	static const struct { const char *ent; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' },
	};
	char *out = xmalloc(strlen(s) + 1), *o = out;
	size_t i;

	while (*s != '\0') {
		for (i = 0; i < 5; i++)
			if (strncmp(s, ents[i].ent, strlen(ents[i].ent)) == 0)
				break;
		if (i < 5) {
			*o++ = ents[i].c;
			s += strlen(ents[i].ent);
		} else if (*s == '&')
			fail_msg("stray & in HTML: %.40s", s);
		else
			*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* --- degenerate input ----------------------------------------------------- */

static void
test_bad_input(void **state)
{
	json_t *site = site_new(), *items = json_array(), *bare;
	struct err err = { 0 };
	char dummy[] = "x", *out = dummy;
	size_t len = 1;

	(void)state;
	assert_int_equal(feed_render(FEED_ATOM, NULL, items, 0, &out, &len,
	    &err), ST_INVALID);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(feed_render(FEED_ATOM, site, site, 0, &out, &len,
	    &err), ST_INVALID);
	assert_int_equal(feed_render(FEED_RSS, site, NULL, 0, &out, &len,
	    NULL), ST_INVALID);

	/* The message names what to set. */
	bare = json_deep_copy(site);
	json_object_del(bare, "site_url");
	assert_int_equal(feed_render(FEED_ATOM, bare, items, 0, &out, &len,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "site.url"));
	assert_non_null(strstr(err.msg, "herald settings set"));
	json_object_del(bare, "publisher_name");
	assert_int_equal(feed_render(FEED_RSS, bare, items, 0, &out, &len,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "publisher.name"));
	json_decref(bare);

	bare = json_deep_copy(site);
	set_str(bare, "site_url", "not a url");
	assert_int_equal(feed_render(FEED_ATOM, bare, items, 0, &out, &len,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "site.url"));
	json_decref(bare);

	/* An item without a date is the model's bug: say which. */
	bare = item_new(7, "SEC-2026-007", "2026-02-01T00:00:00Z");
	json_object_del(bare, "updated_at");
	json_object_del(bare, "published_at");
	json_array_append_new(items, bare);
	assert_int_equal(feed_render(FEED_ATOM, site, items, 0, &out, &len,
	    &err), ST_INVALID);
	assert_null(out);
	assert_non_null(strstr(err.msg, "SEC-2026-007"));
	assert_non_null(strstr(err.msg, "updated_at"));

	/* A non-public item is not looked at at all. */
	json_object_set_new(bare, "is_public", json_false());
	out = render(FEED_ATOM, site, items, 0, NULL);
	free(out);
	json_decref(items);
	json_decref(site);
}

static void
test_empty(void **state)
{
	json_t *site = site_new(), *items = json_array();
	xmlDocPtr doc;
	char *out;

	(void)state;
	out = render(FEED_ATOM, site, items, 0, NULL);
	expect_valid_atom(out);
	doc = parse(out);
	assert_int_equal(xp_num(doc, "count(//a:entry)"), 0);
	/* Nothing published: as new as now (the pinned clock). */
	expect_xp(doc, "/a:feed/a:updated", "2026-03-01T12:00:00Z");
	expect_xp(doc, "/a:feed/a:id",
	    "tag:security.brightwater.example,2026:feed");
	xmlFreeDoc(doc);
	free(out);

	out = render(FEED_RSS, site, items, 0, NULL);
	doc = parse(out);
	assert_int_equal(xp_num(doc, "count(/rss/channel/item)"), 0);
	expect_xp(doc, "/rss/channel/lastBuildDate",
	    "Sun, 01 Mar 2026 12:00:00 +0000");
	xmlFreeDoc(doc);
	free(out);
	json_decref(items);
	json_decref(site);
}

/* --- Atom ----------------------------------------------------------------- */

static void
test_atom(void **state)
{
	json_t *site = site_new(), *items = json_array(), *it;
	xmlDocPtr doc;
	char *out;

	(void)state;
	json_array_append_new(items, item_new(3, "SEC-2026-004",
	    "2026-02-20T08:30:00Z"));
	it = item_new(2, "SEC-2026-004", "2026-02-15T10:00:00Z");
	set_str(it, "kind", "customer-notice");
	set_str(it, "kind_label", "Customer notice");
	set_str(it, "audience", "customers");
	json_array_append_new(items, it);
	it = item_new(1, "SEC-2026-004", "2026-02-12T10:00:00Z");
	set_str(it, "kind", "regulator-notification");
	set_str(it, "audience", "regulator");
	json_object_set_new(it, "is_public", json_false());
	json_object_set_new(it, "is_internal", json_true());
	json_array_append_new(items, it);
	/* The first publication sets the entry's tag date. */
	set_str(json_array_get(items, 0), "first_published_at",
	    "2025-12-30T23:00:00Z");

	out = render(FEED_ATOM, site, items, 0, NULL);
	expect_valid_atom(out);
	doc = parse(out);
	expect_xp(doc, "/a:feed/@xml:lang", "en");
	expect_xp(doc, "/a:feed/a:id",
	    "tag:security.brightwater.example,2025:feed");
	expect_xp(doc, "/a:feed/a:title", "Brightwater security");
	expect_xp(doc, "/a:feed/a:updated", "2026-02-20T08:30:00Z");
	expect_xp(doc, "/a:feed/a:link[@rel='self']/@href", SITE "feed.atom");
	expect_xp(doc, "/a:feed/a:link[@rel='alternate']/@href", SITE);
	expect_xp(doc, "/a:feed/a:author/a:name", "Brightwater Systems");
	/* Public and customers on the site; the regulator's is not. */
	assert_int_equal(xp_num(doc, "count(/a:feed/a:entry)"), 2);
	expect_xp(doc, "/a:feed/a:entry[1]/a:id",
	    "tag:security.brightwater.example,2025:SEC-2026-004/advisory/3");
	expect_xp(doc, "/a:feed/a:entry[2]/a:id",
	    "tag:security.brightwater.example,2026:SEC-2026-004/"
	    "customer-notice/2");
	expect_xp(doc, "/a:feed/a:entry[1]/a:title",
	    "SEC-2026-004: Tokens leak in logs");
	expect_xp(doc, "/a:feed/a:entry[1]/a:updated", "2026-02-20T08:30:00Z");
	expect_xp(doc, "/a:feed/a:entry[1]/a:published",
	    "2025-12-30T23:00:00Z");
	expect_xp(doc, "/a:feed/a:entry[1]/a:link[@rel='alternate']/@href",
	    SITE "advisories/3.html");
	expect_xp(doc, "/a:feed/a:entry[1]/a:summary",
	    "Access tokens were written to logs.");
	expect_xp(doc, "/a:feed/a:entry[1]/a:summary/@type", "text");
	expect_xp(doc, "/a:feed/a:entry[1]/a:category[1]/@term", "advisory");
	expect_xp(doc, "/a:feed/a:entry[1]/a:category[1]/@label",
	    "Security advisory");
	expect_xp(doc, "/a:feed/a:entry[1]/a:category[2]/@term", "high");
	expect_xp(doc, "/a:feed/a:entry[2]/a:category[1]/@term",
	    "customer-notice");
	assert_int_equal(xp_num(doc, "count(//a:entry[contains(a:id, "
	    "'regulator')])"), 0);
	xmlFreeDoc(doc);
	free(out);
	json_decref(items);
	json_decref(site);
}

/* Rendering is a function of its input; an entry's id and updated belong
 * to its item alone. */
static void
test_stable(void **state)
{
	json_t *site = site_new(), *items = json_array(), *b;
	char *one, *two, *id_a, *id_b, *up_a, *entry_a, *id_feed;
	xmlDocPtr doc;

	(void)state;
	json_array_append_new(items, item_new(5, "SEC-2026-005",
	    "2026-02-20T08:30:00Z"));
	b = item_new(4, "SEC-2026-002", "2026-02-01T08:00:00Z");
	json_array_append_new(items, b);
	one = render(FEED_ATOM, site, items, 0, NULL);
	two = render(FEED_ATOM, site, items, 0, NULL);
	assert_string_equal(one, two);
	free(two);
	doc = parse(one);
	id_feed = xp_str(doc, "/a:feed/a:id");
	id_a = xp_str(doc, "//a:entry[a:link/@href='" SITE
	    "advisories/5.html']/a:id");
	up_a = xp_str(doc, "//a:entry[a:link/@href='" SITE
	    "advisories/5.html']/a:updated");
	id_b = xp_str(doc, "//a:entry[a:link/@href='" SITE
	    "advisories/4.html']/a:id");
	xmlFreeDoc(doc);
	entry_a = xstrndup(strstr(one, "<entry>"),
	    (size_t)(strstr(one, "</entry>") - strstr(one, "<entry>")));

	/* B gets a new revision: new title, new summary, newer date. */
	set_str(b, "title", "Tokens leak in logs and traces");
	json_object_set_new(b, "revision", json_integer(2));
	set_str(b, "updated_at", "2026-02-25T17:45:00Z");
	set_str(json_object_get(b, "answers"), "plain-summary", "Revised.");
	set_str(b, "stamp", "s2");
	two = render(FEED_ATOM, site, items, 0, NULL);
	expect_valid_atom(two);
	doc = parse(two);
	expect_xp(doc, "/a:feed/a:id", id_feed);
	expect_xp(doc, "//a:entry[a:link/@href='" SITE
	    "advisories/5.html']/a:id", id_a);
	expect_xp(doc, "//a:entry[a:link/@href='" SITE
	    "advisories/5.html']/a:updated", up_a);
	expect_xp(doc, "//a:entry[a:link/@href='" SITE
	    "advisories/4.html']/a:id", id_b);
	expect_xp(doc, "//a:entry[a:link/@href='" SITE
	    "advisories/4.html']/a:updated", "2026-02-25T17:45:00Z");
	expect_xp(doc, "/a:feed/a:updated", "2026-02-25T17:45:00Z");
	xmlFreeDoc(doc);
	/* A's entry, byte for byte. */
	assert_non_null(strstr(two, entry_a));
	/* Ids name neither title nor revision. */
	assert_null(strstr(id_b, "Tokens"));
	free(one);
	free(two);
	free(entry_a);
	free(id_feed);
	free(id_a);
	free(id_b);
	free(up_a);
	json_decref(items);
	json_decref(site);
}

static void
test_order_limit(void **state)
{
	static const char *const dates[] = { "2026-02-28T00:00:00Z",
	    "2026-02-27T00:00:00Z", "2026-02-26T00:00:00Z",
	    "2026-02-25T00:00:00Z", "2026-02-24T00:00:00Z",
	    "2026-02-23T00:00:00Z" };
	json_t *site = site_new(), *items = json_array(), *it;
	xmlDocPtr doc;
	char *out, ref[32];
	int i;

	(void)state;
	for (i = 0; i < 6; i++) {
		snprintf(ref, sizeof ref, "SEC-2026-%03d", 10 - i);
		it = item_new(100 + i, ref, dates[i]);
		if (i == 1) {   /* an internal one among them */
			set_str(it, "audience", "internal");
			json_object_set_new(it, "is_public", json_false());
		}
		json_array_append_new(items, it);
	}
	out = render(FEED_ATOM, site, items, 0, NULL);
	expect_valid_atom(out);
	doc = parse(out);
	assert_int_equal(xp_num(doc, "count(//a:entry)"), 5);
	expect_xp(doc, "//a:entry[1]/a:title", "SEC-2026-010: Tokens leak in "
	    "logs");
	expect_xp(doc, "//a:entry[2]/a:title", "SEC-2026-008: Tokens leak in "
	    "logs");
	expect_xp(doc, "//a:entry[5]/a:title", "SEC-2026-005: Tokens leak in "
	    "logs");
	xmlFreeDoc(doc);
	free(out);

	/* The limit counts entries, not items. */
	out = render(FEED_ATOM, site, items, 2, NULL);
	expect_valid_atom(out);
	doc = parse(out);
	assert_int_equal(xp_num(doc, "count(//a:entry)"), 2);
	expect_xp(doc, "//a:entry[2]/a:title", "SEC-2026-008: Tokens leak in "
	    "logs");
	expect_xp(doc, "/a:feed/a:updated", "2026-02-28T00:00:00Z");
	xmlFreeDoc(doc);
	free(out);

	out = render(FEED_RSS, site, items, 3, NULL);
	doc = parse(out);
	assert_int_equal(xp_num(doc, "count(/rss/channel/item)"), 3);
	expect_xp(doc, "/rss/channel/item[3]/title", "SEC-2026-007: Tokens "
	    "leak in logs");
	xmlFreeDoc(doc);
	free(out);

	out = render(FEED_ATOM, site, items, 50, NULL);
	doc = parse(out);
	assert_int_equal(xp_num(doc, "count(//a:entry)"), 5);
	xmlFreeDoc(doc);
	free(out);
	json_decref(items);
	json_decref(site);
}

static void
test_withdrawn(void **state)
{
	json_t *site = site_new(), *items = json_array(), *it;
	xmlDocPtr doc;
	char *out;

	(void)state;
	it = item_new(9, "SEC-2026-009", "2026-02-21T00:00:00Z");
	set_str(it, "state", "withdrawn");
	json_object_set_new(it, "is_withdrawn", json_true());
	set_str(it, "withdrawn_reason", "Not a vulnerability after all.");
	json_array_append_new(items, it);
	out = render(FEED_ATOM, site, items, 0, NULL);
	expect_valid_atom(out);
	doc = parse(out);
	expect_xp(doc, "//a:entry/a:title",
	    "SEC-2026-009: Tokens leak in logs [withdrawn]");
	expect_xp(doc, "//a:entry/a:summary", "[Withdrawn: Not a "
	    "vulnerability after all.] Access tokens were written to logs.");
	xmlFreeDoc(doc);
	free(out);
	out = render(FEED_RSS, site, items, 0, NULL);
	doc = parse(out);
	expect_xp(doc, "//item/title",
	    "SEC-2026-009: Tokens leak in logs [withdrawn]");
	xmlFreeDoc(doc);
	free(out);
	json_decref(items);
	json_decref(site);
}

/* --- summaries ------------------------------------------------------------ */

static void
test_summary_source(void **state)
{
	json_t *site = site_new(), *items = json_array(), *it;
	xmlDocPtr doc;
	char *out;

	(void)state;
	it = item_new(1, "SEC-2026-001", "2026-02-21T00:00:00Z");
	json_object_del(json_object_get(it, "answers"), "plain-summary");
	set_str(json_array_get(json_object_get(it, "fields"), 0), "text",
	    "First line.\n\n  Second\tparagraph.  ");
	json_array_append_new(items, it);
	it = item_new(2, "SEC-2026-002", "2026-02-20T00:00:00Z");
	json_object_del(json_object_get(it, "answers"), "plain-summary");
	json_object_del(it, "fields");
	json_array_append_new(items, it);
	out = render(FEED_ATOM, site, items, 0, NULL);
	expect_valid_atom(out);
	doc = parse(out);
	/* The first field, on one line. */
	expect_xp(doc, "//a:entry[1]/a:summary",
	    "First line. Second paragraph.");
	/* No fields: the incident's summary. */
	expect_xp(doc, "//a:entry[2]/a:summary", "Incident summary.");
	xmlFreeDoc(doc);
	free(out);
	json_decref(items);
	json_decref(site);
}

/* A 100,000-character summary is cut to about 500 characters, on a
 * character boundary, for ASCII words and for four-byte emoji alike. */
static void
test_summary_long(void **state)
{
	static const char *const units[] = { "word ", "\xf0\x9f\x94\xa5",
	    "\xd8\xa3" };
	json_t *site = site_new(), *items, *it;
	char *big, *out, *sum, *rss, *html;
	xmlDocPtr doc;
	size_t u, i, ul, n;

	(void)state;
	for (u = 0; u < 3; u++) {
		ul = strlen(units[u]);
		n = 100000 / check_chars(units[u]);
		big = xmalloc(n * ul + 1);
		for (i = 0; i < n; i++)
			memcpy(big + i * ul, units[u], ul);
		big[n * ul] = '\0';
		items = json_array();
		it = item_new(1, "SEC-2026-001", "2026-02-21T00:00:00Z");
		set_str(json_object_get(it, "answers"), "plain-summary", big);
		set_str(it, "title", big);
		json_array_append_new(items, it);
		out = render(FEED_ATOM, site, items, 0, NULL);
		expect_valid_atom(out);
		doc = parse(out);
		sum = xp_str(doc, "//a:entry/a:summary");
		assert_in_range(check_chars(sum), 400, 501);
		/* The ellipsis ends it; before it, the text as it began. */
		assert_string_equal(sum + strlen(sum) - 3, "\xe2\x80\xa6");
		assert_int_equal(strncmp(sum, big, strlen(sum) - 3), 0);
		/* The title is whole. */
		free(sum);
		sum = xp_str(doc, "//a:entry/a:title");
		assert_int_equal(check_chars(sum), check_chars("SEC-2026-001: ") + n *
		    check_chars(units[u]) - (u == 0 ? 1 : 0));
		xmlFreeDoc(doc);
		free(sum);
		free(out);

		rss = render(FEED_RSS, site, items, 0, NULL);
		doc = parse(rss);
		sum = xp_str(doc, "//item/description");
		html = html_unescape(sum);
		assert_in_range(check_chars(html), 400, 501);
		xmlFreeDoc(doc);
		free(html);
		free(sum);
		free(rss);
		json_decref(items);
		free(big);
	}
	json_decref(site);
}

/* --- hostile text --------------------------------------------------------- */

struct hostile {
	const char *in;         /* as stored */
	const char *want;       /* as a reader reads it back */
};

static const struct hostile hostile[] = {
	{ "<script>alert('x')</script> & \"q\" 'a' ]]> <![CDATA[x]]>",
	  "<script>alert('x')</script> & \"q\" 'a' ]]> <![CDATA[x]]>" },
	{ "a\x01" "b\x1f" "c\x7f" "d\xc2\x85" "e\xef\xbf\xbe" "f\xef\xbf\xbf" "g",
	  "abcdefg" },
	{ "\xe2\x80\xae" "evil\xe2\x80\xac \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 "
	  "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
	  "\xe2\x80\xae" "evil\xe2\x80\xac \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 "
	  "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d" },
	{ "zero\xe2\x80\x8bwidth\xe2\x80\x8d\xef\xbb\xbf joiner",
	  "zero\xe2\x80\x8bwidth\xe2\x80\x8d\xef\xbb\xbf joiner" },
	{ "\xf0\x9f\x94\xa5 \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb "
	  "\xf0\x9f\x87\xba\xf0\x9f\x87\xa6",
	  "\xf0\x9f\x94\xa5 \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb "
	  "\xf0\x9f\x87\xba\xf0\x9f\x87\xa6" },
	{ "&amp; &#0; &#x1; %00 \\u0000 &lt;b&gt;",
	  "&amp; &#0; &#x1; %00 \\u0000 &lt;b&gt;" },
};

/* One hostile value in every text of item and site; Atom validates and
 * reads back as written, RSS too (its description once more as HTML). */
static void
expect_hostile(const char *in, const char *want)
{
	json_t *site = site_new(), *items = json_array(), *it;
	char *out, *title, *got, *html;
	xmlDocPtr doc;

	set_str(site, "site_title", in);
	set_str(site, "publisher_name", in);
	it = item_new(1, "SEC-2026-001", "2026-02-21T00:00:00Z");
	set_str(it, "title", in);
	set_str(it, "kind_label", in);
	set_str(json_object_get(it, "answers"), "plain-summary", in);
	set_str(json_object_get(it, "incident"), "severity", in);
	json_array_append_new(items, it);
	it = item_new(2, in, "2026-02-20T00:00:00Z");
	set_str(it, "kind", in);
	set_str(it, "withdrawn_reason", in);
	json_object_set_new(it, "is_withdrawn", json_true());
	json_array_append_new(items, it);

	out = render(FEED_ATOM, site, items, 0, NULL);
	expect_valid_atom(out);
	/* Markup stays text: no raw "]]>" nor "<script" in the bytes. */
	assert_null(strstr(out, "]]>"));
	assert_null(strstr(out, "<script"));
	doc = parse(out);
	title = xasprintf("SEC-2026-001: %s", want);
	expect_xp(doc, "/a:feed/a:title", want);
	expect_xp(doc, "/a:feed/a:author/a:name", want);
	expect_xp(doc, "//a:entry[1]/a:title", title);
	expect_xp(doc, "//a:entry[1]/a:summary", want);
	expect_xp(doc, "//a:entry[1]/a:category[1]/@label", want);
	expect_xp(doc, "//a:entry[1]/a:category[2]/@term", want);
	free(title);
	title = xasprintf("%s: Tokens leak in logs [withdrawn]", want);
	expect_xp(doc, "//a:entry[2]/a:title", title);
	expect_xp(doc, "//a:entry[2]/a:category[1]/@term", want);
	/* The ids stay URIs: no space, no markup. */
	got = xp_str(doc, "//a:entry[2]/a:id");
	assert_true(strncmp(got, "tag:security.brightwater.example,2026:",
	    38) == 0);
	assert_int_equal(strcspn(got, " <>\"'&"), strlen(got));
	free(got);
	xmlFreeDoc(doc);
	free(out);

	out = render(FEED_RSS, site, items, 0, NULL);
	assert_null(strstr(out, "]]>"));
	assert_null(strstr(out, "<script"));
	doc = parse(out);
	expect_xp(doc, "/rss/channel/title", want);
	expect_xp(doc, "/rss/channel/item[2]/title", title);
	got = xp_str(doc, "/rss/channel/item[1]/description");
	html = html_unescape(got);
	assert_string_equal(html, want);
	/* Markup in the description is escaped for HTML, not only XML. */
	assert_null(strchr(got, '<'));
	free(html);
	free(got);
	free(title);
	xmlFreeDoc(doc);
	free(out);
	json_decref(items);
	json_decref(site);
}

static void
test_hostile(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
		expect_hostile(hostile[i].in, hostile[i].want);
}

/* Invalid UTF-8, as stored, through the model's cleaning and without it:
 * either way the feed is UTF-8 and valid. */
static void
test_invalid_utf8(void **state)
{
	static const char *const bad[] = { "a\xff" "b", "\xc3(", "\xe2\x82",
	    "\xed\xa0\x80 surrogate", "\xc0\xaf overlong", "\xf4\x90\x80\x80",
	    "tail \xf0\x9f\x94" };
	json_t *site = site_new(), *items, *it;
	char *clean, *out;
	xmlDocPtr doc;
	size_t i;
	int pass;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		for (pass = 0; pass < 2; pass++) {
			clean = pass == 0 ? docmodel_clean_text(bad[i]) :
			    xstrdup(bad[i]);
			items = json_array();
			it = item_new(1, "SEC-2026-001",
			    "2026-02-21T00:00:00Z");
			json_object_set_new(json_object_get(it, "answers"),
			    "plain-summary", json_string_nocheck(clean));
			json_object_set_new(it, "title",
			    json_string_nocheck(clean));
			json_array_append_new(items, it);
			out = render(FEED_ATOM, site, items, 0, NULL);
			expect_valid_atom(out);
			doc = parse(out);
			/* What was valid survives. */
			if (i == 0)
				expect_xp(doc, "//a:entry/a:summary",
				    "a\xef\xbf\xbd" "b");
			xmlFreeDoc(doc);
			free(out);
			out = render(FEED_RSS, site, items, 0, NULL);
			xmlFreeDoc(parse(out));
			free(out);
			json_decref(items);
			free(clean);
		}
	}
	json_decref(site);
}

/* --- RSS ------------------------------------------------------------------ */

static void
test_rss(void **state)
{
	json_t *site = site_new(), *items = json_array(), *it;
	char *atom, *rss, *id;
	xmlDocPtr doc;

	(void)state;
	json_array_append_new(items, item_new(3, "SEC-2026-004",
	    "2026-03-01T12:00:00Z"));
	it = item_new(2, "SEC-2026-003", "2026-02-14T07:05:09Z");
	json_object_del(it, "incident");
	json_array_append_new(items, it);
	atom = render(FEED_ATOM, site, items, 0, NULL);
	doc = parse(atom);
	id = xp_str(doc, "//a:entry[1]/a:id");
	xmlFreeDoc(doc);

	rss = render(FEED_RSS, site, items, 0, NULL);
	assert_true(strncmp(rss, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
	    38) == 0);
	doc = parse(rss);
	expect_xp(doc, "/rss/@version", "2.0");
	expect_xp(doc, "/rss/channel/title", "Brightwater security");
	expect_xp(doc, "/rss/channel/link", SITE);
	expect_xp(doc, "/rss/channel/description",
	    "Security advisories and notices from Brightwater Systems");
	expect_xp(doc, "/rss/channel/language", "en");
	expect_xp(doc, "/rss/channel/lastBuildDate",
	    "Sun, 01 Mar 2026 12:00:00 +0000");
	expect_xp(doc, "/rss/channel/atom:link[@rel='self']/@href",
	    SITE "feed.rss");
	expect_xp(doc, "/rss/channel/atom:link/@type", "application/rss+xml");
	assert_int_equal(xp_num(doc, "count(/rss/channel/item)"), 2);
	assert_int_equal(xp_num(doc, "count(/rss/channel/item[not(title) or "
	    "not(link) or not(guid) or not(pubDate) or not(description)])"), 0);
	expect_xp(doc, "/rss/channel/item[1]/title",
	    "SEC-2026-004: Tokens leak in logs");
	expect_xp(doc, "/rss/channel/item[1]/link", SITE "advisories/3.html");
	expect_xp(doc, "/rss/channel/item[1]/guid", id);
	expect_xp(doc, "/rss/channel/item[1]/guid/@isPermaLink", "false");
	expect_xp(doc, "/rss/channel/item[1]/pubDate",
	    "Sun, 01 Mar 2026 12:00:00 +0000");
	expect_xp(doc, "/rss/channel/item[2]/pubDate",
	    "Sat, 14 Feb 2026 07:05:09 +0000");
	expect_xp(doc, "/rss/channel/item[1]/description",
	    "Access tokens were written to logs.");
	expect_xp(doc, "/rss/channel/item[1]/category[1]", "advisory");
	expect_xp(doc, "/rss/channel/item[1]/category[2]", "high");
	/* No severity known: one category. */
	assert_int_equal(xp_num(doc, "count(/rss/channel/item[2]/category)"),
	    1);
	xmlFreeDoc(doc);
	free(id);
	free(atom);
	free(rss);
	json_decref(items);
	json_decref(site);
}

/* --- the site's address, language and other feeds ------------------------- */

static void
test_site(void **state)
{
	json_t *site = site_new(), *items = json_array();
	xmlDocPtr doc;
	char *out;

	(void)state;
	json_array_append_new(items, item_new(3, "SEC-2026-004",
	    "2026-03-01T12:00:00Z"));
	set_str(site, "site_url", "https://user@Example.ORG:8443/security/");
	set_str(site, "security_languages", "de-AT, en");
	json_object_del(site, "site_title");
	out = render(FEED_ATOM, site, items, 0, NULL);
	expect_valid_atom(out);
	doc = parse(out);
	expect_xp(doc, "/a:feed/a:id", "tag:example.org,2026:security/feed");
	expect_xp(doc, "//a:entry/a:id",
	    "tag:example.org,2026:security/SEC-2026-004/advisory/3");
	expect_xp(doc, "/a:feed/a:link[@rel='self']/@href",
	    "https://user@Example.ORG:8443/security/feed.atom");
	expect_xp(doc, "/a:feed/@xml:lang", "de-AT");
	expect_xp(doc, "/a:feed/a:title", "Brightwater Systems security");
	xmlFreeDoc(doc);
	free(out);

	/* A language Atom cannot carry is left out, not written. */
	set_str(site, "security_languages", "<en>");
	set_str(site, "site_url", "https://security.brightwater.example");
	out = render(FEED_ATOM, site, items, 0, NULL);
	expect_valid_atom(out);
	doc = parse(out);
	assert_int_equal(xp_num(doc, "count(/a:feed/@xml:lang)"), 0);
	expect_xp(doc, "/a:feed/a:link[@rel='self']/@href", SITE "feed.atom");
	xmlFreeDoc(doc);
	free(out);

	/* A product's feed: its own place, id and title. */
	set_str(site, "feed_self", "products/gateway/feed.atom");
	set_str(site, "feed_name", "products/gateway/feed");
	set_str(site, "feed_title", "Brightwater security: Gateway");
	out = render(FEED_ATOM, site, items, 0, NULL);
	expect_valid_atom(out);
	doc = parse(out);
	expect_xp(doc, "/a:feed/a:id",
	    "tag:security.brightwater.example,2026:products/gateway/feed");
	expect_xp(doc, "/a:feed/a:link[@rel='self']/@href",
	    SITE "products/gateway/feed.atom");
	expect_xp(doc, "/a:feed/a:title", "Brightwater security: Gateway");
	xmlFreeDoc(doc);
	free(out);
	json_decref(items);
	json_decref(site);
}

/* --- the validator can say no --------------------------------------------- */

static void
drop(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = xp_eval(doc, expr);
	xmlNodePtr n;

	assert_non_null(r->nodesetval);
	assert_true(r->nodesetval->nodeNr >= 1);
	n = r->nodesetval->nodeTab[0];
	xmlXPathFreeObject(r);
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

static void
test_validator_fails(void **state)
{
	static const char *const needed[] = { "/a:feed/a:id", "/a:feed/a:title",
	    "/a:feed/a:updated", "//a:entry[1]/a:id", "//a:entry[1]/a:title",
	    "//a:entry[1]/a:updated" };
	json_t *site = site_new(), *items = json_array();
	xmlXPathObjectPtr r;
	xmlDocPtr doc;
	char *out;
	size_t i;

	(void)state;
	json_array_append_new(items, item_new(3, "SEC-2026-004",
	    "2026-03-01T12:00:00Z"));
	out = render(FEED_ATOM, site, items, 0, NULL);
	for (i = 0; i < sizeof needed / sizeof needed[0]; i++) {
		doc = parse(out);
		assert_true(rng_valid(doc));
		drop(doc, needed[i]);
		if (rng_valid(doc))
			fail_msg("still valid without %s", needed[i]);
		xmlFreeDoc(doc);
	}
	/* A date that is not one. */
	doc = parse(out);
	r = xp_eval(doc, "/a:feed/a:updated");
	xmlNodeSetContent(r->nodesetval->nodeTab[0], BAD_CAST "1 March 2026");
	xmlXPathFreeObject(r);
	assert_false(rng_valid(doc));
	xmlFreeDoc(doc);
	free(out);
	json_decref(items);
	json_decref(site);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_atom),
		cmocka_unit_test(test_stable),
		cmocka_unit_test(test_order_limit),
		cmocka_unit_test(test_withdrawn),
		cmocka_unit_test(test_summary_source),
		cmocka_unit_test(test_summary_long),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_rss),
		cmocka_unit_test(test_site),
		cmocka_unit_test(test_validator_fails),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
