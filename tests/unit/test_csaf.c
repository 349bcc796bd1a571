/* tests/unit/test_csaf.c - CSAF 2.0 documents from hand-made
 * document-model items: names first, then refusals, then each category's
 * parts, hostile text, and the step rule that a v4.0 vector needs a v3.1
 * one beside it in a playbook with a CSAF output. With CSAF_OUT set to a
 * directory, every document built here is also written there, so
 * tests/cli/export_csaf.sh can check them with the CSAF validator. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <locale.h>

#include "core/csaf.h"
#include "core/incident.h"
#include "core/text.h"
#include "core/validate.h"
#include "core/workflow.h"
#include "testutil.h"
#include "util/xalloc.h"

static const char site_json[] =
    "{\"site_url\": \"https://security.brightwater.example/\","
    " \"site_title\": \"Brightwater Systems security\","
    " \"publisher_name\": \"Brightwater Systems\","
    " \"publisher_namespace\": \"https://brightwater.example\","
    " \"publisher_contact\": \"mailto:security@brightwater.example\"}";

#define V3 "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"
#define V4 "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N"

static const char advisory_json[] =
    "{\"id\": 7, \"kind\": \"advisory\", \"kind_label\": \"Security advisory\","
    " \"audience\": \"public\", \"is_public\": true,"
    " \"title\": \"Ledger Sync 5.4: denial of service\","
    " \"ref\": \"SEC-2026-004\", \"slug\": \"sec-2026-004-advisory\","
    " \"url\": \"https://security.brightwater.example/advisories/"
    "sec-2026-004-advisory.html\","
    " \"state\": \"published\", \"is_draft\": false, \"revision\": 2,"
    " \"published_at\": \"2026-02-20T10:00:00Z\","
    " \"first_published_at\": \"2025-12-30T09:30:00Z\","
    " \"updated_at\": \"2026-02-20T10:00:00Z\","
    " \"incident\": {\"ref\": \"SEC-2026-004\", \"severity\": \"high\"},"
    " \"fields\": ["
    "  {\"id\": \"title\", \"label\": \"Title\", \"type\": \"text\","
    "   \"text\": \"Ledger Sync 5.4: denial of service\","
    "   \"is_multiline\": false},"
    "  {\"id\": \"summary\", \"label\": \"Summary\", \"type\": \"long-text\","
    "   \"text\": \"Ledger Sync 5.4 recurses without limit.\","
    "   \"is_multiline\": true},"
    "  {\"id\": \"plain-summary\", \"label\": \"Plain-language summary\","
    "   \"type\": \"plain-text\", \"text\": \"A bad file can stop sync.\","
    "   \"is_multiline\": true},"
    "  {\"id\": \"customer-actions\", \"label\": \"Steps customers should"
    " take\", \"type\": \"long-text\", \"text\": \"Upgrade to 5.4.11.\","
    "   \"is_multiline\": true},"
    "  {\"id\": \"workaround\", \"label\": \"Workaround\","
    "   \"type\": \"long-text\", \"text\": \"Refuse manifests from peers.\","
    "   \"is_multiline\": true},"
    "  {\"id\": \"references\", \"label\": \"References\","
    "   \"type\": \"long-text\", \"text\": \"https://example.org/x\","
    "   \"is_multiline\": true}],"
    " \"answers\": {\"summary\": \"Ledger Sync 5.4 recurses without limit.\","
    "  \"plain-summary\": \"A bad file can stop sync.\","
    "  \"customer-actions\": \"Upgrade to 5.4.11.\","
    "  \"workaround\": \"Refuse manifests from peers.\","
    "  \"credits\": \"Jane Doe, Acme Research\"},"
    " \"values\": {},"
    " \"products\": ["
    "  {\"product\": \"ledger-sync\", \"name\": \"Ledger Sync\","
    "   \"cycle\": \"5.4\", \"range\": \"<5.4.11\","
    "   \"status\": \"known_affected\", \"product_id\": \"CSAFPID-0001\","
    "   \"ecosystem\": \"npm\", \"package\": \"@brightwater/ledger\"},"
    "  {\"product\": \"ledger-sync\", \"name\": \"Ledger Sync\","
    "   \"cycle\": \"5.4\", \"range\": \"5.4.11\", \"status\": \"fixed\","
    "   \"product_id\": \"CSAFPID-0002\", \"ecosystem\": \"maven\","
    "   \"package\": \"com.brightwater:ledger-sync\"},"
    "  {\"product\": \"ledger-sync\", \"name\": \"Ledger Sync\","
    "   \"cycle\": \"6.0\", \"range\": \"all\","
    "   \"status\": \"known_not_affected\","
    "   \"justification\": \"vulnerable_code_not_in_execute_path\","
    "   \"product_id\": \"CSAFPID-0003\"},"
    "  {\"product\": \"atlas-console\", \"name\": \"Atlas Admin Console\","
    "   \"status\": \"known_not_affected\","
    "   \"justification\": \"component_not_present\","
    "   \"product_id\": \"CSAFPID-0004\"}],"
    " \"cves\": [\"CVE-2026-1234\", \"CVE-2026-98765\"],"
    " \"cve\": \"CVE-2026-1234\","
    " \"cvss\": {\"vector\": \"" V4 "\", \"version\": \"4.0\", \"score\": 9.3,"
    "  \"severity\": \"Critical\"},"
    " \"cvss_v3\": {\"vector\": \"" V3 "\", \"version\": \"3.1\","
    "  \"score\": 9.1, \"severity\": \"Critical\"},"
    " \"references\": [\"https://github.com/brightwater/ledger/issues/1\","
    "  \"javascript:alert(1)\", \"not a url\","
    "  \"https://example.org/a b/\\u00e9?q=<x>#frag#2\","
    "  \"https://github.com/brightwater/ledger/issues/1\"],"
    " \"revisions\": ["
    "  {\"revision\": 1, \"published_at\": \"2025-12-30T09:30:00Z\","
    "   \"date\": \"2025-12-30\", \"is_first\": true},"
    "  {\"revision\": 2, \"published_at\": \"2026-02-20T10:00:00Z\","
    "   \"date\": \"2026-02-20\", \"reason\": \"fix-available\","
    "   \"reason_label\": \"Fix available\", \"is_first\": false}],"
    " \"pir\": {\"title\": \"What happened with Ledger Sync\","
    "  \"url\": \"https://security.brightwater.example/reports/r.html\"},"
    " \"stamp\": \"x\"}";

static const char vex_json[] =
    "{\"id\": 9, \"kind\": \"advisory\", \"kind_label\": \"Security advisory\","
    " \"audience\": \"public\", \"is_public\": true,"
    " \"title\": \"libexpat CVE-2026-0001: Harbor Gateway not affected\","
    " \"ref\": \"SEC-2026-009\", \"slug\": \"sec-2026-009-advisory\","
    " \"url\": \"https://security.brightwater.example/advisories/"
    "sec-2026-009-advisory.html\","
    " \"state\": \"published\", \"revision\": 1,"
    " \"first_published_at\": \"2026-01-05T08:00:00Z\","
    " \"updated_at\": \"2026-01-05T08:00:00Z\","
    " \"answers\": {\"statement\": \"Harbor Gateway parses only its own"
    " signed configuration with libexpat.\","
    "  \"plain-summary\": \"A library flaw does not affect the gateway.\","
    "  \"component\": \"libexpat\"},"
    " \"fields\": [{\"id\": \"statement\", \"label\": \"Statement\","
    "  \"type\": \"long-text\", \"text\": \"Harbor Gateway parses only its own"
    " signed configuration with libexpat.\", \"is_multiline\": true}],"
    " \"products\": ["
    "  {\"product\": \"harbor-gateway\", \"name\": \"Harbor Gateway\","
    "   \"cycle\": \"3.2\", \"range\": \"all\","
    "   \"status\": \"known_not_affected\","
    "   \"justification\": \"vulnerable_code_not_in_execute_path\","
    "   \"product_id\": \"CSAFPID-0001\"},"
    "  {\"product\": \"harbor-gateway\", \"name\": \"Harbor Gateway\","
    "   \"cycle\": \"4.0\", \"status\": \"under_investigation\","
    "   \"product_id\": \"CSAFPID-0002\"}],"
    " \"cves\": [\"CVE-2026-0001\"],"
    " \"revisions\": [{\"revision\": 1, \"published_at\":"
    "  \"2026-01-05T08:00:00Z\", \"is_first\": true}]}";

static const char incident_json[] =
    "{\"id\": 11, \"kind\": \"customer-notice\","
    " \"kind_label\": \"Customer notice\", \"audience\": \"customers\","
    " \"is_public\": true, \"title\": \"Contact details exposed\","
    " \"ref\": \"SEC-2026-011\", \"slug\": \"sec-2026-011-customer-notice\","
    " \"state\": \"published\", \"revision\": 1,"
    " \"first_published_at\": \"2026-02-01T08:00:00Z\","
    " \"updated_at\": \"2026-02-01T08:00:00Z\","
    " \"incident\": {\"severity\": \"high\"},"
    " \"fields\": ["
    "  {\"id\": \"what-happened\", \"label\": \"What happened\","
    "   \"type\": \"long-text\", \"text\": \"A laptop was lost.\","
    "   \"is_multiline\": true},"
    "  {\"id\": \"customer-notice\", \"label\": \"The notice\","
    "   \"type\": \"plain-text\", \"text\": \"Your contact details may"
    " have been exposed.\", \"is_multiline\": true},"
    "  {\"id\": \"people-count\", \"label\": \"People\", \"type\": \"text\","
    "   \"text\": \"About 300\", \"is_multiline\": false}],"
    " \"answers\": {\"what-happened\": \"A laptop was lost.\"},"
    " \"revisions\": [{\"revision\": 1, \"published_at\":"
    "  \"2026-02-01T08:00:00Z\", \"is_first\": true}]}";

static json_t *site;

static int
setup(void **state)
{
	(void)state;
	site = tu_json_load(site_json);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(site);
	return 0;
}

/* The document of category CAT for IT, rendered, read back and kept as
 * NAME; the build and the rendering must agree. */
static json_t *
build(enum csaf_category cat, const json_t *it, const char *name)
{
	struct err err = { 0 };
	json_t *doc = NULL, *back;
	char *text = NULL, *again = NULL;
	size_t len = 0, len2 = 0;

	if (csaf_render(cat, site, it, &text, &len, &err) != ST_OK)
		fail_msg("render %s: %s", name, err.msg);
	assert_int_equal(len, strlen(text));
	assert_int_equal(text[len - 1], '\n');
	assert_int_not_equal(text[len - 2], '\n');
	/* The same item renders the same bytes: hashes and signatures
	 * stay valid across exports. */
	assert_int_equal(csaf_render(cat, site, it, &again, &len2, &err),
	    ST_OK);
	assert_int_equal(len, len2);
	assert_memory_equal(text, again, len);
	tu_json_keep("CSAF_OUT", name, text);
	if (csaf_build(cat, site, it, &doc, &err) != ST_OK)
		fail_msg("build %s: %s", name, err.msg);
	back = tu_json_load(text);
	assert_true(json_equal(doc, back));
	json_decref(back);
	free(text);
	free(again);
	return doc;
}

static void
expect_str(const json_t *j, const char *path, const char *want)
{
	const char *v = tu_json_str(j, path);

	if (v == NULL || strcmp(v, want) != 0)
		fail_msg("%s: \"%s\", expected \"%s\"", path, v != NULL ? v :
		    "(none)", want);
}

/* The product ids at PATH joined by ",". */
static void
expect_ids(const json_t *j, const char *path, const char *want)
{
	const json_t *a = tu_json_node(j, path), *v;
	char buf[256] = "";
	size_t i;

	json_array_foreach(a, i, v)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s",
		    i > 0 ? "," : "", json_string_value(v));
	if (strcmp(buf, want) != 0)
		fail_msg("%s: \"%s\", expected \"%s\"", path, buf, want);
}

static void
expect_refusal(enum csaf_category cat, const json_t *st, const json_t *it,
    const char *words)
{
	struct err err = { 0 };
	json_t *doc = (json_t *)1;
	char *text = (char *)1;
	size_t len = 1;

	assert_int_equal(csaf_build(cat, st, it, &doc, &err), ST_INVALID);
	assert_null(doc);
	if (strstr(err.msg, words) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", err.msg, words);
	assert_int_equal(csaf_render(cat, st, it, &text, &len, &err),
	    ST_INVALID);
	assert_null(text);
	assert_int_equal(len, 0);
}

/* --- names ------------------------------------------------------------- */

static void
formats(void **state)
{
	(void)state;
	assert_int_equal(csaf_category_from_format(NULL), -1);
	assert_int_equal(csaf_category_from_format(""), -1);
	assert_int_equal(csaf_category_from_format("CSAF"), -1);
	assert_int_equal(csaf_category_from_format("html"), -1);
	assert_int_equal(csaf_category_from_format("csaf-vexx"), -1);
	assert_int_equal(csaf_category_from_format("csaf"), CSAF_ADVISORY);
	assert_int_equal(csaf_category_from_format("csaf-vex"), CSAF_VEX);
	assert_int_equal(csaf_category_from_format("csaf-incident"),
	    CSAF_INCIDENT);
}

/* The tracking id and file name of an item with REF, SLUG and KIND. */
static void
expect_names(const char *ref, const char *slug, const char *kind,
    const char *id, const char *file)
{
	json_t *it = json_object();
	char *got_id, *got_file;

	if (ref != NULL)
		json_object_set_new(it, "ref", json_string(ref));
	if (slug != NULL)
		json_object_set_new(it, "slug", json_string(slug));
	if (kind != NULL)
		json_object_set_new(it, "kind", json_string(kind));
	got_id = csaf_tracking_id(it);
	got_file = csaf_file_name(it);
	if (id == NULL) {
		assert_null(got_id);
		assert_null(got_file);
	} else {
		assert_non_null(got_id);
		assert_string_equal(got_id, id);
		assert_string_equal(got_file, file);
	}
	free(got_id);
	free(got_file);
	json_decref(it);
}

static void
names(void **state)
{
	(void)state;
	expect_names(NULL, "x-advisory", "advisory", NULL, NULL);
	expect_names("", NULL, "advisory", NULL, NULL);
	expect_names("SEC 2026", NULL, "advisory", NULL, NULL);
	expect_names("SEC-2026-004", "sec-2026-004-advisory", "advisory",
	    "SEC-2026-004", "sec-2026-004.json");
	expect_names("SEC-2026-004", "sec-2026-004-customer-notice",
	    "customer-notice", "SEC-2026-004-customer-notice",
	    "sec-2026-004-customer-notice.json");
	/* A second advisory of the incident keeps its slug's suffix. */
	expect_names("SEC-2026-004", "sec-2026-004-advisory-2", "advisory",
	    "SEC-2026-004-advisory-2", "sec-2026-004-advisory-2.json");
	/* No slug, or one that is not the reference's: the kind. */
	expect_names("SEC-2026-004", NULL, "advisory", "SEC-2026-004",
	    "sec-2026-004.json");
	expect_names("SEC-2026-004", "other", "advisory-update",
	    "SEC-2026-004-advisory-update", "sec-2026-004-advisory-update.json");
	/* Section 5.1: each run of other characters is one '_'. */
	expect_names("Bright.Water__SEC/2026+1", NULL, "advisory",
	    "Bright.Water__SEC/2026+1", "bright_water_sec_2026+1.json");
	expect_names("S\xc3\x89\xc3\x89" "C-1", NULL, "advisory",
	    "S\xc3\x89\xc3\x89" "C-1", "s_c-1.json");
}

/* --- refusals ---------------------------------------------------------- */

static void
refusals(void **state)
{
	json_t *adv = tu_json_load(advisory_json), *it, *st;
	struct err err = { 0 };
	json_t *doc = (json_t *)1;

	(void)state;
	assert_int_equal(csaf_build(CSAF_ADVISORY, site, NULL, &doc, &err),
	    ST_INVALID);
	assert_null(doc);
	assert_int_equal(csaf_build((enum csaf_category)7, site, adv, &doc,
	    &err), ST_INVALID);

	it = json_deep_copy(adv);
	json_object_del(it, "title");
	expect_refusal(CSAF_ADVISORY, site, it, "title");
	json_decref(it);

	it = json_deep_copy(adv);
	json_object_del(it, "ref");
	expect_refusal(CSAF_ADVISORY, site, it, "ref");
	json_decref(it);

	st = json_deep_copy(site);
	json_object_del(st, "publisher_name");
	expect_refusal(CSAF_ADVISORY, st, adv, "publisher.name");
	json_object_set_new(st, "publisher_name", json_string("B"));
	json_object_set_new(st, "publisher_namespace",
	    json_string("not a url"));
	expect_refusal(CSAF_ADVISORY, st, adv, "publisher.namespace");
	json_decref(st);

	it = json_deep_copy(adv);
	json_object_set_new(it, "products", json_array());
	expect_refusal(CSAF_ADVISORY, site, it, "products");
	json_decref(it);

	it = json_deep_copy(adv);
	json_object_set_new(json_array_get(json_object_get(it, "products"), 1),
	    "status", json_string("maybe"));
	expect_refusal(CSAF_ADVISORY, site, it, "products, row 2: status");
	json_decref(it);

	/* A gap in the revision history, or a history that stops short. */
	it = json_deep_copy(adv);
	json_array_remove(json_object_get(it, "revisions"), 0);
	expect_refusal(CSAF_ADVISORY, site, it, "revisions");
	json_object_set_new(it, "revisions", json_array());
	expect_refusal(CSAF_ADVISORY, site, it, "revisions");
	json_object_set_new(it, "revision", json_integer(0));
	expect_refusal(CSAF_ADVISORY, site, it, "revision");
	json_decref(it);

	json_decref(adv);
}

/* CSAF 2.0 carries CVSS v3.x: an advisory with only a v4.0 vector is
 * refused, naming the field and why; the v3.1 one beside it is enough,
 * from cvss_v3 or from the "cvss-v3" answer. */
static void
v4_only(void **state)
{
	json_t *adv = tu_json_load(advisory_json), *it, *doc;

	(void)state;
	it = json_deep_copy(adv);
	json_object_del(it, "cvss_v3");
	expect_refusal(CSAF_ADVISORY, site, it, "cvss-v3");
	expect_refusal(CSAF_ADVISORY, site, it,
	    "CSAF 2.0 carries CVSS v3.x only");
	json_object_set_new(json_object_get(it, "values"), "cvss-v3",
	    json_string(V3));
	doc = build(CSAF_ADVISORY, it, "v3-from-answer");
	expect_str(doc, "vulnerabilities/0/scores/0/cvss_v3/vectorString", V3);
	json_decref(doc);
	/* A VEX statement carries no score it does not need. */
	json_object_del(json_object_get(it, "values"), "cvss-v3");
	json_object_set_new(json_object_get(it, "answers"), "customer-actions",
	    json_string("Upgrade."));
	doc = build(CSAF_VEX, it, "vex-v4-only");
	assert_null(tu_json_node(doc, "vulnerabilities/0/scores"));
	json_decref(doc);
	/* A bad v3 vector is named. */
	json_object_set_new(it, "cvss_v3", json_pack("{s:s}", "vector",
	    "CVSS:3.1/AV:Q"));
	expect_refusal(CSAF_ADVISORY, site, it, "cvss-v3");
	json_decref(it);
	json_decref(adv);
}

/* --- advisories -------------------------------------------------------- */

static void
advisory(void **state)
{
	json_t *it = tu_json_load(advisory_json), *doc;
	const json_t *refs, *v;
	size_t i;

	(void)state;
	doc = build(CSAF_ADVISORY, it, "advisory");
	expect_str(doc, "document/category", "csaf_security_advisory");
	expect_str(doc, "document/csaf_version", "2.0");
	expect_str(doc, "document/lang", "en");
	expect_str(doc, "document/title", "Ledger Sync 5.4: denial of service");
	expect_str(doc, "document/publisher/category", "vendor");
	expect_str(doc, "document/publisher/name", "Brightwater Systems");
	expect_str(doc, "document/publisher/namespace",
	    "https://brightwater.example");
	expect_str(doc, "document/publisher/contact_details",
	    "mailto:security@brightwater.example");
	expect_str(doc, "document/distribution/tlp/label", "WHITE");
	expect_str(doc, "document/aggregate_severity/text", "Critical");
	expect_str(doc, "document/acknowledgments/0/summary",
	    "Jane Doe, Acme Research");
	/* Tracking: the revision, its history, the dates. */
	expect_str(doc, "document/tracking/id", "SEC-2026-004");
	expect_str(doc, "document/tracking/status", "final");
	expect_str(doc, "document/tracking/version", "2");
	expect_str(doc, "document/tracking/initial_release_date",
	    "2025-12-30T09:30:00Z");
	expect_str(doc, "document/tracking/current_release_date",
	    "2026-02-20T10:00:00Z");
	expect_str(doc, "document/tracking/revision_history/0/number", "1");
	expect_str(doc, "document/tracking/revision_history/0/summary",
	    "Initial release");
	expect_str(doc, "document/tracking/revision_history/1/number", "2");
	expect_str(doc, "document/tracking/revision_history/1/date",
	    "2026-02-20T10:00:00Z");
	expect_str(doc, "document/tracking/revision_history/1/summary",
	    "Fix available");
	expect_str(doc, "document/tracking/generator/engine/name", "herald");
	/* Notes: summary, plain summary; what to do went to remediations. */
	expect_str(doc, "document/notes/0/category", "summary");
	expect_str(doc, "document/notes/0/text",
	    "Ledger Sync 5.4 recurses without limit.");
	expect_str(doc, "document/notes/1/category", "general");
	expect_str(doc, "document/notes/1/title", "Plain-language summary");
	assert_int_equal(json_array_size(tu_json_node(doc, "document/notes")),
	    2);
	/* References: this file in the provider layout (year of the first
	 * release), the page, the report, the author's good URLs only. */
	expect_str(doc, "document/references/0/category", "self");
	expect_str(doc, "document/references/0/url",
	    "https://security.brightwater.example/.well-known/csaf/white/"
	    "2025/sec-2026-004.json");
	expect_str(doc, "document/references/1/category", "self");
	expect_str(doc, "document/references/1/url",
	    "https://security.brightwater.example/advisories/"
	    "sec-2026-004-advisory.html");
	expect_str(doc, "document/references/2/category", "external");
	expect_str(doc, "document/references/2/summary",
	    "Post-incident report: What happened with Ledger Sync");
	expect_str(doc, "document/references/3/url",
	    "https://github.com/brightwater/ledger/issues/1");
	expect_str(doc, "document/references/4/url",
	    "https://example.org/a%20b/%C3%A9?q=%3Cx%3E#frag%232");
	refs = tu_json_node(doc, "document/references");
	assert_int_equal(json_array_size(refs), 5);
	json_array_foreach(refs, i, v)
		assert_null(strstr(tu_json_str(v, "url"), "javascript"));
	/* The product tree: vendor, product, version or range. */
	expect_str(doc, "product_tree/branches/0/category", "vendor");
	expect_str(doc, "product_tree/branches/0/name", "Brightwater Systems");
	expect_str(doc, "product_tree/branches/0/branches/0/category",
	    "product_name");
	expect_str(doc, "product_tree/branches/0/branches/0/name",
	    "Ledger Sync");
	expect_str(doc, "product_tree/branches/0/branches/0/branches/0/"
	    "category", "product_version_range");
	expect_str(doc, "product_tree/branches/0/branches/0/branches/0/name",
	    "<5.4.11");
	expect_str(doc, "product_tree/branches/0/branches/0/branches/0/"
	    "product/product_id", "CSAFPID-0001");
	expect_str(doc, "product_tree/branches/0/branches/0/branches/1/"
	    "category", "product_version");
	expect_str(doc, "product_tree/branches/0/branches/0/branches/1/"
	    "product/name", "Ledger Sync 5.4.11");
	expect_str(doc, "product_tree/branches/0/branches/0/branches/2/name",
	    "6.0 (all versions)");
	/* Package URLs: the version only where it is one version. */
	expect_str(doc, "product_tree/branches/0/branches/0/branches/0/"
	    "product/product_identification_helper/purl",
	    "pkg:npm/%40brightwater/ledger");
	expect_str(doc, "product_tree/branches/0/branches/0/branches/1/"
	    "product/product_identification_helper/purl",
	    "pkg:maven/com.brightwater/ledger-sync@5.4.11");
	assert_null(tu_json_node(doc,
	    "product_tree/branches/0/branches/0/branches/2/"
	    "product/product_identification_helper"));
	expect_str(doc, "product_tree/branches/0/branches/1/name",
	    "Atlas Admin Console");
	expect_str(doc, "product_tree/branches/0/branches/1/branches/0/name",
	    "all versions");
	/* One vulnerability per CVE, each with the statuses and the rest. */
	assert_int_equal(json_array_size(tu_json_node(doc, "vulnerabilities")),
	    2);
	expect_str(doc, "vulnerabilities/0/cve", "CVE-2026-1234");
	expect_str(doc, "vulnerabilities/1/cve", "CVE-2026-98765");
	expect_str(doc, "vulnerabilities/1/notes/0/category", "description");
	expect_ids(doc, "vulnerabilities/0/product_status/known_affected",
	    "CSAFPID-0001");
	expect_ids(doc, "vulnerabilities/0/product_status/fixed",
	    "CSAFPID-0002");
	expect_ids(doc, "vulnerabilities/0/product_status/known_not_affected",
	    "CSAFPID-0003,CSAFPID-0004");
	assert_null(tu_json_node(doc,
	    "vulnerabilities/0/product_status/under_investigation"));
	expect_str(doc, "vulnerabilities/1/flags/0/label",
	    "vulnerable_code_not_in_execute_path");
	expect_ids(doc, "vulnerabilities/1/flags/0/product_ids",
	    "CSAFPID-0003");
	expect_str(doc, "vulnerabilities/1/flags/1/label",
	    "component_not_present");
	expect_str(doc, "vulnerabilities/0/scores/0/cvss_v3/version", "3.1");
	expect_str(doc, "vulnerabilities/0/scores/0/cvss_v3/vectorString", V3);
	assert_true(json_real_value(tu_json_node(doc,
	    "vulnerabilities/0/scores/0/cvss_v3/baseScore")) == 9.1);
	expect_str(doc, "vulnerabilities/0/scores/0/cvss_v3/baseSeverity",
	    "CRITICAL");
	expect_ids(doc, "vulnerabilities/0/scores/0/products", "CSAFPID-0001");
	expect_str(doc, "vulnerabilities/0/remediations/0/category",
	    "vendor_fix");
	expect_str(doc, "vulnerabilities/0/remediations/0/details",
	    "Upgrade to 5.4.11.");
	expect_ids(doc, "vulnerabilities/0/remediations/0/product_ids",
	    "CSAFPID-0001,CSAFPID-0002");
	expect_str(doc, "vulnerabilities/0/remediations/1/category",
	    "workaround");
	expect_ids(doc, "vulnerabilities/0/remediations/1/product_ids",
	    "CSAFPID-0001");
	json_decref(doc);
	json_decref(it);
}

/* No CVE: one vulnerability named by the incident; no fixed version yet:
 * no fix available; under investigation: interim; a draft; withdrawn. */
static void
advisory_states(void **state)
{
	json_t *adv = tu_json_load(advisory_json), *it, *doc, *rows;

	(void)state;
	it = json_deep_copy(adv);
	json_object_set_new(it, "cves", json_array());
	json_object_del(it, "cve");
	rows = json_object_get(it, "products");
	json_array_remove(rows, 1);
	json_object_set_new(json_array_get(rows, 1), "status",
	    json_string("under_investigation"));
	json_object_del(json_array_get(rows, 1), "justification");
	doc = build(CSAF_ADVISORY, it, "advisory-no-cve");
	assert_int_equal(json_array_size(tu_json_node(doc, "vulnerabilities")),
	    1);
	assert_null(tu_json_node(doc, "vulnerabilities/0/cve"));
	expect_str(doc, "vulnerabilities/0/ids/0/system_name",
	    "Brightwater Systems");
	expect_str(doc, "vulnerabilities/0/ids/0/text", "SEC-2026-004");
	expect_str(doc, "vulnerabilities/0/title",
	    "Ledger Sync 5.4: denial of service");
	expect_str(doc, "vulnerabilities/0/remediations/0/category",
	    "none_available");
	expect_str(doc, "document/tracking/status", "interim");
	expect_ids(doc, "vulnerabilities/0/product_status/under_investigation",
	    "CSAFPID-0003");
	json_decref(doc);

	/* A draft's preview: its own revision last, dated now. */
	json_object_set_new(it, "is_draft", json_true());
	json_object_set_new(it, "revision", json_integer(3));
	json_object_set_new(it, "updated_at",
	    json_string("2026-03-01T12:00:00Z"));
	json_array_append_new(json_object_get(it, "revisions"), json_pack(
	    "{s:i,s:s,s:s}", "revision", 3, "date", "draft", "reason_label",
	    "New facts"));
	doc = build(CSAF_ADVISORY, it, "advisory-draft");
	expect_str(doc, "document/tracking/status", "draft");
	expect_str(doc, "document/tracking/version", "3");
	expect_str(doc, "document/tracking/revision_history/2/date",
	    "2026-03-01T12:00:00Z");
	json_decref(doc);
	json_decref(it);

	/* Withdrawn: still final, said in a note and in the history. */
	it = json_deep_copy(adv);
	json_object_set_new(it, "is_withdrawn", json_true());
	json_object_set_new(it, "state", json_string("withdrawn"));
	json_object_set_new(it, "withdrawn_reason",
	    json_string("Raised in error"));
	doc = build(CSAF_ADVISORY, it, "advisory-withdrawn");
	expect_str(doc, "document/tracking/status", "final");
	expect_str(doc, "document/tracking/revision_history/1/summary",
	    "Fix available; withdrawn: Raised in error");
	expect_str(doc, "document/notes/2/title", "Withdrawn");
	expect_str(doc, "document/notes/2/text",
	    "This document was withdrawn: Raised in error");
	json_decref(doc);
	json_decref(it);

	/* Only one revision known, and no list: the first release. */
	it = json_deep_copy(adv);
	json_object_del(it, "revisions");
	json_object_set_new(it, "revision", json_integer(1));
	json_object_del(it, "fields");
	doc = build(CSAF_ADVISORY, it, "advisory-bare");
	expect_str(doc, "document/tracking/revision_history/0/date",
	    "2025-12-30T09:30:00Z");
	/* Without the fields list, the summary answer still makes a note. */
	expect_str(doc, "document/notes/0/category", "summary");
	json_decref(doc);
	json_decref(it);
	json_decref(adv);
}

/* The purl of a product row of ECOSYSTEM and PACKAGE with RANGE, or
 * NULL for none. */
static void
expect_purl(const char *ecosystem, const char *package, const char *range,
    const char *want)
{
	json_t *it = tu_json_load(advisory_json), *row, *doc;
	const char *got;
	char *name = xasprintf("purl-%s", ecosystem);

	json_object_set_new(it, "products", json_array());
	row = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "product", "p", "name",
	    "P", "range", range, "status", "known_affected", "ecosystem",
	    ecosystem, "package", package);
	json_array_append_new(json_object_get(it, "products"), row);
	doc = build(CSAF_ADVISORY, it, name);
	got = tu_json_str(doc, "product_tree/branches/0/branches/0/branches/0/"
	    "product/product_identification_helper/purl");
	if (want == NULL && got != NULL)
		fail_msg("%s %s: purl %s, expected none", ecosystem, package,
		    got);
	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		fail_msg("%s %s: purl %s, expected %s", ecosystem, package,
		    got != NULL ? got : "(none)", want);
	json_decref(doc);
	json_decref(it);
	free(name);
}

static void
purls(void **state)
{
	(void)state;
	expect_purl("pip", "Django_Auth", "4.2.1", "pkg:pypi/Django_Auth@4.2.1");
	expect_purl("go", "github.com/bw/gateway/v4", "<4.0.4",
	    "pkg:golang/github.com/bw/gateway/v4");
	expect_purl("actions", "bw/setup-ledger", "2.0.0",
	    "pkg:github/bw/setup-ledger@2.0.0");
	expect_purl("rust", "\xc3\xa9vil crate%", "1.0.0",
	    "pkg:cargo/%C3%A9vil%20crate%25@1.0.0");
	expect_purl("nuget", "Bw.Ledger", "2.0.0+build.7",
	    "pkg:nuget/Bw.Ledger@2.0.0%2Bbuild.7");
	/* No safe mapping: none rather than a wrong one. */
	expect_purl("other", "ledger", "1.0.0", NULL);
	expect_purl("swift", "github.com/bw/ledger", "1.0.0", NULL);
	expect_purl("maven", "ledger-sync", "1.0.0", NULL);
	expect_purl("maven", "a:b:c", "1.0.0", NULL);
	expect_purl("maven", "a/b:c", "1.0.0", NULL);
	expect_purl("composer", "ledger", "1.0.0", NULL);
	expect_purl("actions", "a/b/c", "1.0.0", NULL);
	expect_purl("npm", "a//b", "1.0.0", NULL);
	expect_purl("pip", "a/b", "1.0.0", NULL);
	expect_purl("go", "a:b", "1.0.0", NULL);
}

/*
 * A Latin-1 locale, made with localedef into DIR (allocated), and set for
 * the whole program: there isalnum(0xc3) is true and the decimal point is
 * a comma, as for a user of such a locale. False (DIR NULL) when this
 * system cannot make one.
 */
static bool
latin1_locale(char **dir)
{
	char *cmd;
	int rc;

	*dir = tu_tmpdir();
	cmd = xasprintf("localedef -i fr_FR -f ISO-8859-1 %s/fr_FR.ISO-8859-1 "
	    ">/dev/null 2>&1", *dir);
	rc = system(cmd);
	free(cmd);
	setenv("LOCPATH", *dir, 1);
	if (rc != 0 || setlocale(LC_ALL, "fr_FR.ISO-8859-1") == NULL) {
		unsetenv("LOCPATH");
		tu_rmdir(*dir);
		free(*dir);
		*dir = NULL;
		return false;
	}
	return true;
}

static void
latin1_locale_end(char **dir)
{
	setlocale(LC_ALL, "C");
	unsetenv("LOCPATH");
	tu_rmdir(*dir);
	free(*dir);
	*dir = NULL;
}

/* Documents do not depend on the reader's locale: a package name's
 * UTF-8 bytes were kept raw where the locale called them letters, which
 * made the purl invalid UTF-8 and stopped herald "out of memory". */
static void
purls_in_any_locale(void **state)
{
	char *dir, num[TEXT_REAL_SIZE];

	(void)state;
	if (!latin1_locale(&dir))
		skip();
	expect_purl("rust", "\xc3\xa9vil crate%", "1.0.0",
	    "pkg:cargo/%C3%A9vil%20crate%25@1.0.0");
	expect_purl("npm", "@bw/l\xc3\xa9" "dger", "2.1.0",
	    "pkg:npm/%40bw/l%C3%A9dger@2.1.0");
	text_real(9.8, num);
	assert_string_equal(num, "9.8");
	latin1_locale_end(&dir);
}

/* --- VEX and incident response ----------------------------------------- */

static void
vex(void **state)
{
	json_t *it = tu_json_load(vex_json), *doc, *bad;

	(void)state;
	doc = build(CSAF_VEX, it, "vex");
	expect_str(doc, "document/category", "csaf_vex");
	expect_str(doc, "document/tracking/id", "SEC-2026-009");
	expect_str(doc, "document/tracking/status", "interim");
	assert_null(tu_json_node(doc, "document/aggregate_severity"));
	expect_str(doc, "document/notes/0/category", "summary");
	expect_str(doc, "document/notes/0/title", "Statement");
	expect_str(doc, "vulnerabilities/0/cve", "CVE-2026-0001");
	expect_str(doc, "vulnerabilities/0/title", "CVE-2026-0001 in libexpat");
	expect_str(doc, "vulnerabilities/0/notes/0/text",
	    "Harbor Gateway parses only its own signed configuration with "
	    "libexpat.");
	expect_str(doc, "vulnerabilities/0/notes/1/title", "Component");
	expect_ids(doc, "vulnerabilities/0/product_status/known_not_affected",
	    "CSAFPID-0001");
	expect_ids(doc, "vulnerabilities/0/product_status/under_investigation",
	    "CSAFPID-0002");
	expect_str(doc, "vulnerabilities/0/flags/0/label",
	    "vulnerable_code_not_in_execute_path");
	expect_str(doc, "vulnerabilities/0/threats/0/category", "impact");
	expect_ids(doc, "vulnerabilities/0/threats/0/product_ids",
	    "CSAFPID-0001");
	expect_str(doc, "product_tree/branches/0/branches/0/branches/1/name",
	    "4.0 (all versions)");
	json_decref(doc);

	/* A VEX statement names its CVEs. */
	bad = json_deep_copy(it);
	json_object_set_new(bad, "cves", json_array());
	expect_refusal(CSAF_VEX, site, bad, "cves");
	json_decref(bad);
	/* An affected product needs an action statement. */
	bad = json_deep_copy(it);
	json_object_set_new(json_array_get(json_object_get(bad, "products"),
	    1), "status", json_string("known_affected"));
	expect_refusal(CSAF_VEX, site, bad, "customer-actions");
	json_object_set_new(json_object_get(bad, "answers"),
	    "customer-actions", json_string("Upgrade to 4.0.2."));
	doc = build(CSAF_VEX, bad, "vex-affected");
	expect_str(doc, "vulnerabilities/0/remediations/0/category",
	    "none_available");
	json_decref(doc);
	json_decref(bad);
	/* Not affected without a reason or a statement is no VEX. */
	bad = json_deep_copy(it);
	json_object_del(json_array_get(json_object_get(bad, "products"), 0),
	    "justification");
	json_object_del(json_object_get(bad, "answers"), "statement");
	expect_refusal(CSAF_VEX, site, bad, "justification");
	json_decref(bad);
	json_decref(it);
}

static void
incident_response(void **state)
{
	json_t *it = tu_json_load(incident_json), *doc, *bad, *st;

	(void)state;
	doc = build(CSAF_INCIDENT, it, "incident");
	expect_str(doc, "document/category",
	    "csaf_security_incident_response");
	expect_str(doc, "document/tracking/id",
	    "SEC-2026-011-customer-notice");
	expect_str(doc, "document/aggregate_severity/text", "High");
	assert_null(tu_json_node(doc, "product_tree"));
	assert_null(tu_json_node(doc, "vulnerabilities"));
	expect_str(doc, "document/notes/0/category", "details");
	expect_str(doc, "document/notes/0/title", "What happened");
	expect_str(doc, "document/notes/1/category", "summary");
	assert_int_equal(json_array_size(tu_json_node(doc, "document/notes")),
	    2);
	/* Test 6.1.27.2: one external reference, the site when nothing
	 * else. */
	expect_str(doc, "document/references/0/category", "self");
	expect_str(doc, "document/references/1/category", "external");
	expect_str(doc, "document/references/1/url",
	    "https://security.brightwater.example/");
	json_decref(doc);

	bad = json_deep_copy(it);
	json_object_set_new(bad, "fields", json_array());
	json_object_set_new(bad, "answers", json_object());
	expect_refusal(CSAF_INCIDENT, site, bad, "summary");
	json_decref(bad);
	st = json_deep_copy(site);
	json_object_del(st, "site_url");
	expect_refusal(CSAF_INCIDENT, st, it, "references");
	json_decref(st);
	json_decref(it);
}

/* --- hostile text ------------------------------------------------------ */

static char *
long_text(size_t n)
{
	char *s = xmalloc(n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		s[i] = "abc <x>&\"]]> "[i % 13];
	s[n] = '\0';
	return s;
}

static void
hostile(void **state)
{
	static const char nasty[] = "<script>alert(\"x\")</script> ]]> "
	    "'quotes' \\back\\slash \x01\x1b[31m tab\there "
	    "\xe2\x80\xae" "RTL\xe2\x80\xac zero\xe2\x80\x8bwidth "
	    "\xf0\x9f\x94\xa5 emoji \xef\xbf\xbd\n\nline";
	json_t *it = tu_json_load(advisory_json), *doc, *rows, *row;
	char *big = long_text(100000);
	const json_t *f;
	size_t i;

	(void)state;
	json_object_set_new(it, "title", json_string(nasty));
	json_object_set_new(json_object_get(it, "answers"), "summary",
	    json_string(big));
	json_object_set_new(json_object_get(it, "answers"), "credits",
	    json_string(nasty));
	json_object_set_new(json_object_get(it, "answers"), "customer-actions",
	    json_string(nasty));
	json_array_foreach(json_object_get(it, "fields"), i, f)
		json_object_set_new((json_t *)f, "text", json_string(nasty));
	json_object_set_new(it, "withdrawn_reason", json_string(nasty));
	json_object_set_new(it, "is_withdrawn", json_true());
	rows = json_object_get(it, "products");
	json_array_foreach(rows, i, row) {
		json_object_set_new(row, "name", json_string(nasty));
		json_object_set_new(row, "cycle", json_string(nasty));
	}
	/* A version range full of words CSAF keeps out of exact versions. */
	json_object_set_new(json_array_get(rows, 0), "range",
	    json_string("all versions before 5.4.11 <= >"));
	json_object_set_new(json_array_get(rows, 1), "range",
	    json_string("5.4.0-5.4.10"));
	json_object_set_new(json_array_get(rows, 1), "ecosystem",
	    json_string("npm"));
	json_object_set_new(json_array_get(rows, 1), "package",
	    json_string("@\xe2\x80\xae<x>/\"q\" \xf0\x9f\x94\xa5"));
	json_object_set_new(json_array_get(rows, 2), "ecosystem",
	    json_string("go"));
	json_object_set_new(json_array_get(rows, 2), "package",
	    json_string(big));
	json_object_set_new(json_array_get(json_object_get(it, "revisions"),
	    1), "reason_label", json_string(nasty));
	/* A port that is not a number, or a host with colons in it, is no
	 * URI the schema takes (these got in once). */
	json_object_set_new(it, "references", json_pack("[s,s,s,s,s,s]",
	    "https://exa mple.org/", "https://example.org/\"><script>",
	    "https://example.org/%zz%41", "http://[::1]/",
	    "https://example.org:80x/", "https://a:b:c/"));
	json_object_set_new(it, "url", json_string(nasty));
	doc = build(CSAF_ADVISORY, it, "hostile");
	expect_str(doc, "document/title", nasty);
	expect_str(doc, "vulnerabilities/0/notes/0/text", big);
	expect_str(doc, "product_tree/branches/0/branches/0/branches/0/"
	    "category", "product_version_range");
	expect_str(doc, "product_tree/branches/0/branches/0/branches/1/"
	    "category", "product_version_range");
	/* The page's URL is no URL: left out, as are the bad references. */
	expect_str(doc, "document/references/1/category", "external");
	expect_str(doc, "document/references/2/url",
	    "https://example.org/%22%3E%3Cscript%3E");
	expect_str(doc, "document/references/3/url",
	    "https://example.org/%25zz%41");
	assert_int_equal(json_array_size(tu_json_node(doc,
	    "document/references")), 4);
	json_decref(doc);

	/* The same for a VEX and an incident response. */
	json_object_set_new(json_object_get(it, "answers"), "statement",
	    json_string(nasty));
	json_object_set_new(json_object_get(it, "answers"), "component",
	    json_string(nasty));
	doc = build(CSAF_VEX, it, "hostile-vex");
	json_decref(doc);
	doc = build(CSAF_INCIDENT, it, "hostile-incident");
	json_decref(doc);
	json_decref(it);
	free(big);
}

/* --- the step rule ----------------------------------------------------- */

static const char pb_csaf[] =
    "playbook: NAME\n"
    "version: \"1\"\n"
    "title: CSAF CVSS\n"
    "kind: advisory\n"
    "audience: public\n"
    "steps:\n"
    "  - id: impact\n"
    "    kind: form\n"
    "    title: Impact\n"
    "    fields:\n"
    "      - id: cvss\n"
    "        type: cvss\n"
    "        label: CVSS vector\n"
    "        required: true\n"
    "      - id: cvss-v3\n"
    "        type: cvss\n"
    "        label: CVSS v3.1 vector (for CSAF)\n"
    "  - id: publish\n"
    "    kind: publish\n"
    "    title: Publish\n"
    "    channels: [csaf]\n"
    "outputs:\n"
    "  - id: csaf\n"
    "    format: FORMAT\n"
    "    title: CSAF document\n";

struct cfx {
	struct session *s;
	char           *dir;
	char           *pbdir;
	char            ref[32];
};

/* TEXT with the first KEY replaced by VALUE; TEXT is freed. */
static char *
subst(char *text, const char *key, const char *value)
{
	char *p = strstr(text, key), *out;

	assert_non_null(p);
	*p = '\0';
	out = xasprintf("%s%s%s", text, value, p + strlen(key));
	free(text);
	return out;
}

/* Playbook NAME with an output of FORMAT; ONE_FIELD: no cvss-v3. */
static void
write_pb(const char *dir, const char *name, const char *format,
    bool one_field)
{
	char *text = subst(subst(xstrdup(pb_csaf), "NAME", name), "FORMAT",
	    format), *p;

	if (one_field) {
		p = strstr(text, "      - id: cvss-v3\n");
		memmove(p, strstr(p, "  - id: publish"),
		    strlen(strstr(p, "  - id: publish")) + 1);
	}
	tu_write_yaml(dir, name, text);
	free(text);
}

static int
cfx_setup(void **state)
{
	struct cfx *f = calloc(1, sizeof *f);
	struct incident inc = { 0 };
	struct err err = { 0 };

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	f->pbdir = tu_config_dir(f->dir, "playbooks");
	write_pb(f->pbdir, "csaf-cvss", "csaf", false);
	write_pb(f->pbdir, "csaf-only", "csaf", true);
	write_pb(f->pbdir, "html-cvss", "html", false);
	tu_incident_new(f->s, &(struct incident_new){ .title = "Gateway flaw",
	    .trigger_kind = "vulnerability", .severity = "high" });
	assert_int_equal(incident_get(f->s, "1", &inc, &err), ST_OK);
	snprintf(f->ref, sizeof f->ref, "%s", inc.ref);
	incident_clear(&inc);
	*state = f;
	return 0;
}

static int
cfx_teardown(void **state)
{
	struct cfx *f = *state;

	tu_session_free(&f->s, &f->dir);
	free(f->pbdir);
	free(f);
	return 0;
}

static void
v4_needs_v3(void **state)
{
	struct cfx *f = *state;
	struct err err = { 0 };
	long long id;

	id = tu_comm_start(f->s, f->ref, "csaf-cvss", NULL, 1);
	/* A v3.1 vector alone is enough. */
	tu_comm_set(f->s, id, "cvss", V3);
	assert_int_equal(tu_comm_step_done(f->s, id, "impact", &err),
	    ST_OK);
	{
		struct comm_doc d = { 0 };

		tu_comm_open(f->s, id, &d);
		assert_int_equal(comm_step_reopen(f->s, &d, "impact", &err),
		    ST_OK);
		comm_doc_clear(&d);
	}
	/* A v4.0 one alone is not, and the message says why and where. */
	tu_comm_set(f->s, id, "cvss", V4);
	assert_int_equal(tu_comm_step_done(f->s, id, "impact", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "CVSS vector: CSAF 2.0 carries CVSS "
	    "v3.x only"));
	assert_non_null(strstr(err.msg, "\"CVSS v3.1 vector (for CSAF)\""));
	/* Another v4.0 vector beside it does not help either. */
	tu_comm_set(f->s, id, "cvss-v3", V4);
	assert_int_equal(tu_comm_step_done(f->s, id, "impact", &err),
	    ST_INVALID);
	/* A v3.1 one does. */
	tu_comm_set(f->s, id, "cvss-v3", V3);
	err.msg[0] = '\0';
	assert_int_equal(tu_comm_step_done(f->s, id, "impact", &err),
	    ST_OK);
}

static void
v4_rule_scope(void **state)
{
	struct cfx *f = *state;
	struct err err = { 0 };
	long long id;

	/* Without a CSAF output a v4.0 vector alone is fine. */
	id = tu_comm_start(f->s, f->ref, "html-cvss", NULL, 1);
	tu_comm_set(f->s, id, "cvss", V4);
	assert_int_equal(tu_comm_step_done(f->s, id, "impact", &err),
	    ST_OK);
	/* With no second CVSS field, the message asks for v3.1 instead. */
	id = tu_comm_start(f->s, f->ref, "csaf-only", NULL, 1);
	tu_comm_set(f->s, id, "cvss", V4);
	assert_int_equal(tu_comm_step_done(f->s, id, "impact", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "give a v3.1 vector instead"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats),
		cmocka_unit_test(names),
		cmocka_unit_test(refusals),
		cmocka_unit_test(v4_only),
		cmocka_unit_test(advisory),
		cmocka_unit_test(advisory_states),
		cmocka_unit_test(purls),
		cmocka_unit_test(purls_in_any_locale),
		cmocka_unit_test(vex),
		cmocka_unit_test(incident_response),
		cmocka_unit_test(hostile),
		cmocka_unit_test_setup_teardown(v4_needs_v3, cfx_setup,
		    cfx_teardown),
		cmocka_unit_test_setup_teardown(v4_rule_scope, cfx_setup,
		    cfx_teardown),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
