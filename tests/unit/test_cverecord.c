/* tests/unit/test_cverecord.c - CVE JSON 5 records from hand-made
 * document-model items: refusals first, then the record's parts, then
 * hostile text. With CVE_RECORD_OUT set to a directory, every record
 * built here is also written there, so tests/cli/export_cve.sh can check
 * them with the real schema validator. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/check.h"
#include "core/cverecord.h"
#include "tests/unit/testutil.h"
#include "util/xalloc.h"

static const char site_json[] =
    "{\"site_url\": \"https://security.brightwater.example/\","
    " \"publisher_name\": \"Brightwater Systems\","
    " \"publisher_namespace\": \"https://brightwater.example\"}";

static const char item_json[] =
    "{\"id\": 7, \"kind\": \"advisory\", \"is_advisory\": true,"
    " \"audience\": \"public\", \"is_public\": true,"
    " \"title\": \"Harbor Gateway: request smuggling\","
    " \"ref\": \"SEC-2026-004\", \"slug\": \"sec-2026-004-advisory\","
    " \"url\": \"https://security.brightwater.example/advisories/"
    "sec-2026-004-advisory.html\","
    " \"state\": \"published\", \"revision\": 2,"
    " \"published_at\": \"2026-02-20T10:00:00Z\","
    " \"first_published_at\": \"2026-02-10T09:30:00Z\","
    " \"updated_at\": \"2026-02-20T10:00:00Z\","
    " \"answers\": {\"summary\": \"A crafted request lets an attacker"
    " smuggle a second request past the gateway.\","
    " \"customer-actions\": \"Upgrade to 3.1.26.\","
    " \"credits\": \"Jane Doe, Acme Research\\nAnonymous\\n\\nJane Doe,"
    " Acme Research\"},"
    " \"products\": ["
    "  {\"product\": \"harbor-gateway\", \"name\": \"Harbor Gateway\","
    "   \"cycle\": \"3.1\", \"range\": \">=3.1.0 <3.1.26\","
    "   \"status\": \"known_affected\"},"
    "  {\"product\": \"harbor-gateway\", \"name\": \"Harbor Gateway\","
    "   \"cycle\": \"3.1\", \"range\": \"3.1.26\", \"status\": \"fixed\"},"
    "  {\"product\": \"harbor-gateway\", \"name\": \"Harbor Gateway\","
    "   \"cycle\": \"4.0\", \"range\": \"all\","
    "   \"status\": \"known_not_affected\","
    "   \"justification\": \"vulnerable_code_not_present\"},"
    "  {\"product\": \"beacon-sdk\", \"name\": \"Beacon SDK\","
    "   \"cycle\": \"2\", \"range\": \"<2.18.1\", \"status\":"
    "   \"known_affected\", \"ecosystem\": \"maven\","
    "   \"package\": \"com.brightwater:beacon\"},"
    "  {\"product\": \"atlas\", \"name\": \"Atlas Console\","
    "   \"cycle\": \"2026.1\", \"range\": \"before the spring release\","
    "   \"status\": \"under_investigation\"}],"
    " \"cves\": [\"CVE-2026-1234\", \"CVE-2026-98765\"],"
    " \"cve\": \"CVE-2026-1234\","
    " \"cvss\": {\"vector\": \"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/"
    "VI:H/VA:N/SC:N/SI:N/SA:N\", \"version\": \"4.0\", \"score\": 9.1,"
    " \"severity\": \"Critical\"},"
    " \"cvss_v3\": {\"vector\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/"
    "I:H/A:N\", \"version\": \"3.1\", \"score\": 9.1,"
    " \"severity\": \"Critical\"},"
    " \"references\": [\"https://github.com/brightwater/harbor/issues/1\","
    "  \"javascript:alert(1)\", \"not a url\","
    "  \"https://example.org/a b/\\u00e9?q=<x>#frag#2\","
    "  \"https://github.com/brightwater/harbor/issues/1\"]}";

static json_t *site, *item;

static int
setup(void **state)
{
	(void)state;
	site = tu_json_load(site_json);
	item = tu_json_load(item_json);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(site);
	json_decref(item);
	return 0;
}

/* The record of CVE for item IT, checked to render, kept as NAME. */
static json_t *
build(const json_t *it, const char *cve, const char *name)
{
	struct err err = { 0 };
	json_t *rec = NULL;
	char *text = NULL;
	size_t len = 0;

	if (cverecord_render(site, it, cve, &text, &len, &err) != ST_OK)
		fail_msg("render: %s", err.msg);
	assert_int_equal(len, strlen(text));
	assert_int_equal(text[len - 1], '\n');
	tu_json_keep("CVE_RECORD_OUT", name, text);
	free(text);
	if (cverecord_build(site, it, cve, &rec, &err) != ST_OK)
		fail_msg("build: %s", err.msg);
	return rec;
}

static void
expect_refusal(const json_t *st, const json_t *it, const char *cve,
    const char *words)
{
	struct err err = { 0 };
	json_t *rec = (json_t *)1;
	char *text = (char *)1;
	size_t len = 1;

	assert_int_equal(cverecord_build(st, it, cve, &rec, &err), ST_INVALID);
	assert_null(rec);
	if (strstr(err.msg, words) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", err.msg, words);
	assert_int_equal(cverecord_render(st, it, cve, &text, &len, &err),
	    ST_INVALID);
	assert_null(text);
	assert_int_equal(len, 0);
}

/* --- refusals ---------------------------------------------------------- */

static void
refuses_bad_ids(void **state)
{
	json_t *it = json_deep_copy(item);

	(void)state;
	expect_refusal(site, item, "CVE-2026-123", "is not a CVE ID");
	expect_refusal(site, item, "cve-2026-1234", "is not a CVE ID");
	expect_refusal(site, item, "CVE-2026-1234\n", "is not a CVE ID");
	expect_refusal(site, item, "CVE-2026-12345678901234567890",
	    "is not a CVE ID");
	expect_refusal(site, item, "CVE-2026-4321", "not one of its CVE IDs");
	json_object_del(it, "cves");
	expect_refusal(site, it, NULL, "no CVE IDs: answer \"cves\"");
	json_decref(it);
}

static void
refuses_missing_parts(void **state)
{
	json_t *it = json_deep_copy(item), *st = json_deep_copy(site);

	(void)state;
	json_object_del(st, "publisher_name");
	expect_refusal(st, item, "CVE-2026-1234", "publisher.name");
	json_object_set_new(st, "publisher_name", json_string("Brightwater"));
	json_object_del(st, "publisher_namespace");
	json_object_del(st, "site_url");
	expect_refusal(st, item, "CVE-2026-1234", "site.url");

	json_object_set_new(it, "products", json_array());
	expect_refusal(site, it, "CVE-2026-1234", "answer \"products\"");
	json_object_set(it, "products", json_object_get(item, "products"));

	json_object_del(it, "url");
	json_object_set_new(it, "references", json_pack("[s]", "ftp://x/"));
	expect_refusal(site, it, "CVE-2026-1234", "site.url");
	json_object_set(it, "url", json_object_get(item, "url"));

	json_object_del(it, "title");
	json_object_del(it, "answers");
	expect_refusal(site, it, "CVE-2026-1234", "answer \"summary\"");
	json_decref(it);
	json_decref(st);
}

/* --- the record -------------------------------------------------------- */

static void
metadata(void **state)
{
	struct err err = { 0 };
	json_t *rec, *again, *st;

	(void)state;
	rec = build(item, "CVE-2026-1234", "metadata");
	assert_string_equal(tu_json_str(rec, "dataType"), "CVE_RECORD");
	assert_string_equal(tu_json_str(rec, "dataVersion"), "5.1");
	assert_string_equal(tu_json_str(rec, "cveMetadata/cveId"),
	    "CVE-2026-1234");
	assert_string_equal(tu_json_str(rec, "cveMetadata/state"), "PUBLISHED");
	assert_string_equal(tu_json_str(rec, "cveMetadata/assignerShortName"),
	    "Brightwater_Systems");
	assert_string_equal(tu_json_str(rec, "cveMetadata/datePublished"),
	    "2026-02-10T09:30:00Z");
	assert_string_equal(tu_json_str(rec, "cveMetadata/dateUpdated"),
	    "2026-02-20T10:00:00Z");
	assert_string_equal(tu_json_str(rec, "containers/cna/datePublic"),
	    "2026-02-10T09:30:00Z");
	/* A version 4 UUID, the same in both places and on every run. */
	assert_int_equal(strlen(tu_json_str(rec, "cveMetadata/assignerOrgId")),
	    36);
	assert_int_equal(tu_json_str(rec, "cveMetadata/assignerOrgId")[14],
	    '4');
	assert_non_null(strchr("89ab",
	    tu_json_str(rec, "cveMetadata/assignerOrgId")[19]));
	assert_string_equal(tu_json_str(rec, "cveMetadata/assignerOrgId"),
	    tu_json_str(rec, "containers/cna/providerMetadata/orgId"));
	assert_string_equal(tu_json_str(rec, "containers/cna/providerMetadata/"
	    "shortName"), "Brightwater_Systems");
	again = build(item, "CVE-2026-98765", "metadata-2");
	assert_string_equal(tu_json_str(rec, "cveMetadata/assignerOrgId"),
	    tu_json_str(again, "cveMetadata/assignerOrgId"));
	assert_string_equal(tu_json_str(again, "cveMetadata/cveId"),
	    "CVE-2026-98765");
	json_decref(again);
	/* NULL: the item's first CVE. */
	again = build(item, NULL, "metadata-first");
	assert_string_equal(tu_json_str(again, "cveMetadata/cveId"),
	    "CVE-2026-1234");
	json_decref(again);

	/* Another namespace, another UUID; a configured one wins; a name
	 * without ASCII still gives a short name of 2-32 characters. */
	st = json_deep_copy(site);
	json_object_set_new(st, "publisher_namespace",
	    json_string("https://other.example"));
	json_object_set_new(st, "publisher_name",
	    json_string("\xe5\x85\x89\xe6\x98\x8e"));
	assert_int_equal(cverecord_build(st, item, NULL, &again, &err), ST_OK);
	assert_string_not_equal(tu_json_str(rec, "cveMetadata/assignerOrgId"),
	    tu_json_str(again, "cveMetadata/assignerOrgId"));
	assert_int_equal(strncmp(tu_json_str(again,
	    "cveMetadata/assignerShortName"),
	    "org_", 4), 0);
	assert_string_equal(tu_json_str(again,
	    "containers/cna/affected/0/vendor"),
	    "\xe5\x85\x89\xe6\x98\x8e");
	json_decref(again);
	json_object_set_new(st, "cve_org_id",
	    json_string("b3476cb9-2e3d-41a6-98d0-0f47421a65b6"));
	assert_int_equal(cverecord_build(st, item, NULL, &again, &err), ST_OK);
	assert_string_equal(tu_json_str(again, "cveMetadata/assignerOrgId"),
	    "b3476cb9-2e3d-41a6-98d0-0f47421a65b6");
	json_decref(again);
	json_decref(st);
	json_decref(rec);
}

static void
container(void **state)
{
	json_t *rec;
	const json_t *cna;

	(void)state;
	rec = build(item, "CVE-2026-1234", "container");
	cna = tu_json_node(rec, "containers/cna");
	assert_string_equal(tu_json_str(cna, "title"),
	    "Harbor Gateway: request smuggling");
	assert_string_equal(tu_json_str(cna, "descriptions/0/lang"), "en");
	assert_string_equal(tu_json_str(cna, "descriptions/0/value"),
	    "A crafted "
	    "request lets an attacker smuggle a second request past the "
	    "gateway.");
	assert_string_equal(tu_json_str(cna, "solutions/0/value"),
	    "Upgrade to 3.1.26.");
	assert_null(tu_json_node(cna, "workarounds"));
	/* Credits: one a line, each once, as finders. */
	assert_int_equal(json_array_size(tu_json_node(cna, "credits")), 2);
	assert_string_equal(tu_json_str(cna, "credits/0/value"),
	    "Jane Doe, Acme Research");
	assert_string_equal(tu_json_str(cna, "credits/0/type"), "finder");
	assert_string_equal(tu_json_str(cna, "credits/1/value"), "Anonymous");
	json_decref(rec);
}

static void
affected_versions(void **state)
{
	json_t *rec;
	const json_t *a;

	(void)state;
	rec = build(item, "CVE-2026-1234", "affected");
	a = tu_json_node(rec, "containers/cna/affected");
	assert_int_equal(json_array_size(a), 3);
	assert_string_equal(tu_json_str(a, "0/vendor"), "Brightwater Systems");
	assert_string_equal(tu_json_str(a, "0/product"), "Harbor Gateway");
	assert_string_equal(tu_json_str(a, "0/defaultStatus"), "unknown");
	assert_int_equal(json_array_size(tu_json_node(a, "0/versions")), 3);
	/* ">=3.1.0 <3.1.26": a semver range */
	assert_string_equal(tu_json_str(a, "0/versions/0/version"), "3.1.0");
	assert_string_equal(tu_json_str(a, "0/versions/0/lessThan"), "3.1.26");
	assert_string_equal(tu_json_str(a, "0/versions/0/versionType"),
	    "semver");
	assert_string_equal(tu_json_str(a, "0/versions/0/status"), "affected");
	/* "3.1.26" fixed: one version, two properties */
	assert_string_equal(tu_json_str(a, "0/versions/1/version"), "3.1.26");
	assert_string_equal(tu_json_str(a, "0/versions/1/status"),
	    "unaffected");
	assert_int_equal(json_object_size(tu_json_node(a, "0/versions/1")), 2);
	/* "all" of cycle 4.0 */
	assert_string_equal(tu_json_str(a, "0/versions/2/version"), "4.0");
	assert_string_equal(tu_json_str(a, "0/versions/2/lessThan"), "4.0.*");
	assert_string_equal(tu_json_str(a, "0/versions/2/versionType"),
	    "custom");
	assert_string_equal(tu_json_str(a, "0/versions/2/status"),
	    "unaffected");
	/* A Maven package: its collection, name and version type; the
	 * range starts at its cycle. */
	assert_string_equal(tu_json_str(a, "1/product"), "Beacon SDK");
	assert_string_equal(tu_json_str(a, "1/collectionURL"),
	    "https://repo.maven.apache.org/maven2");
	assert_string_equal(tu_json_str(a, "1/packageName"),
	    "com.brightwater:beacon");
	assert_string_equal(tu_json_str(a, "1/versions/0/version"), "2");
	assert_string_equal(tu_json_str(a, "1/versions/0/lessThan"), "2.18.1");
	assert_string_equal(tu_json_str(a, "1/versions/0/versionType"),
	    "maven");
	/* A range it cannot read: as written, its status unknown. */
	assert_string_equal(tu_json_str(a, "2/versions/0/version"),
	    "before the spring release");
	assert_string_equal(tu_json_str(a, "2/versions/0/status"), "unknown");
	assert_int_equal(json_object_size(tu_json_node(a, "2/versions/0")), 2);
	json_decref(rec);
}

/* Each RANGE of cycle CYCLE, and the version entry it gives as compact
 * JSON. */
static void
ranges(void **state)
{
	static const struct {
		const char *cycle, *range, *want;
	} cases[] = {
		{ "5.4", "<5.4.11", "{\"version\":\"5.4\",\"status\":\"affected\","
		  "\"lessThan\":\"5.4.11\",\"versionType\":\"custom\"}" },
		{ NULL, "< 2.0.0", "{\"version\":\"0\",\"status\":\"affected\","
		  "\"lessThan\":\"2.0.0\",\"versionType\":\"custom\"}" },
		{ "9", "<=1.2.3", "{\"version\":\"0\",\"status\":\"affected\","
		  "\"lessThanOrEqual\":\"1.2.3\",\"versionType\":\"custom\"}" },
		{ NULL, ">= 1.0.0, <= 1.4.0", "{\"version\":\"1.0.0\",\"status\":"
		  "\"affected\",\"lessThanOrEqual\":\"1.4.0\",\"versionType\":"
		  "\"semver\"}" },
		{ NULL, "1.0.0 - 1.2.0", "{\"version\":\"1.0.0\",\"status\":"
		  "\"affected\",\"lessThanOrEqual\":\"1.2.0\",\"versionType\":"
		  "\"semver\"}" },
		{ "3.1", ">=3.1.5", "{\"version\":\"3.1.5\",\"status\":"
		  "\"affected\",\"lessThan\":\"3.1.*\",\"versionType\":"
		  "\"semver\"}" },
		{ NULL, ">=2.0.0", "{\"version\":\"2.0.0\",\"status\":"
		  "\"affected\",\"lessThan\":\"*\",\"versionType\":\"semver\"}" },
		{ NULL, "", "{\"version\":\"0\",\"status\":\"affected\","
		  "\"lessThan\":\"*\",\"versionType\":\"custom\"}" },
		{ "2", "*", "{\"version\":\"2\",\"status\":\"affected\","
		  "\"lessThan\":\"2.*\",\"versionType\":\"custom\"}" },
		/* Separators alone name no bound (this crashed: NULL for
		 * lessThan). */
		{ NULL, ", ,", "{\"version\":\"0\",\"status\":\"affected\","
		  "\"lessThan\":\"*\",\"versionType\":\"custom\"}" },
		{ "2", ",", "{\"version\":\"2\",\"status\":\"affected\","
		  "\"lessThan\":\"2.*\",\"versionType\":\"custom\"}" },
		{ NULL, "= 1.2.3", "{\"version\":\"1.2.3\",\"status\":"
		  "\"affected\"}" },
		{ NULL, "> 1.0", "{\"version\":\"> 1.0\",\"status\":"
		  "\"affected\"}" },
		{ NULL, "<1 <2", "{\"version\":\"<1 <2\",\"status\":"
		  "\"affected\"}" },
		{ NULL, "< ", "{\"version\":\"< \",\"status\":\"affected\"}" },
		{ NULL, "1.0 2.0", "{\"version\":\"1.0 2.0\",\"status\":"
		  "\"affected\"}" },
		{ NULL, ">=1 <2 <=3", "{\"version\":\">=1 <2 <=3\",\"status\":"
		  "\"affected\"}" },
		{ NULL, "<<<1", "{\"version\":\"<<<1\",\"status\":"
		  "\"affected\"}" },
	};
	struct err err = { 0 };
	json_t *it, *rec, *row;
	char *got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		it = json_deep_copy(item);
		row = json_pack("{s:s, s:s, s:s}", "product", "p", "range",
		    cases[i].range, "status", "known_affected");
		if (cases[i].cycle != NULL)
			json_object_set_new(row, "cycle",
			    json_string(cases[i].cycle));
		json_object_set_new(it, "products", json_pack("[o]", row));
		if (cverecord_build(site, it, NULL, &rec, &err) != ST_OK)
			fail_msg("%s: %s", cases[i].range, err.msg);
		got = json_dumps(tu_json_node(rec,
		    "containers/cna/affected/0/versions/0"),
		    JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("range \"%s\" cycle %s: got %s, want %s",
			    cases[i].range, cases[i].cycle ? cases[i].cycle : "-",
			    got, cases[i].want);
		free(got);
		json_decref(rec);
		json_decref(it);
	}
}

static void
references(void **state)
{
	json_t *rec;
	const json_t *r;

	(void)state;
	rec = build(item, "CVE-2026-1234", "references");
	r = tu_json_node(rec, "containers/cna/references");
	/* The page first; javascript: and text dropped; each once; what a
	 * URI may not hold percent-encoded. */
	assert_int_equal(json_array_size(r), 3);
	assert_string_equal(tu_json_str(r, "0/url"),
	    "https://security.brightwater."
	    "example/advisories/sec-2026-004-advisory.html");
	assert_string_equal(tu_json_str(r, "1/url"),
	    "https://github.com/brightwater/harbor/issues/1");
	assert_string_equal(tu_json_str(r, "2/url"),
	    "https://example.org/a%20b/%C3%A9?q=%3Cx%3E#frag%232");
	json_decref(rec);
}

static void
urls(void **state)
{
	static const struct {
		const char *in, *want;   /* want NULL: left out */
	} cases[] = {
		{ "HTTPS://Example.org/Path", "https://Example.org/Path" },
		{ "  https://example.org/x  ", "https://example.org/x" },
		{ "https://user:pw@example.org:8443/a?b=c", "https://user:pw@"
		  "example.org:8443/a?b=c" },
		{ "https://example.org:80x/", NULL },
		{ "https://[::1]/", NULL },
		{ "https://", NULL },
		{ "https:///path", NULL },
		{ "https://:443/", NULL },
		{ "http://example.org/100%", "http://example.org/100%25" },
		{ "http://example.org/%41%zz", "http://example.org/%41%25zz" },
		{ "http://ex\"ample.org/\\{}|^`", "http://ex%22ample.org/%5C%7B"
		  "%7D%7C%5E%60" },
		{ "https://b\xc3\xbc" "cher.example/", "https://b%C3%BCcher."
		  "example/" },
		{ "https://example.org/\xff", "https://example.org/%FF" },
		{ "mailto:a@example.org", NULL },
		{ "data:text/html,<script>", NULL },
	};
	json_t *it, *rec;
	const char *got;
	char name[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		it = json_deep_copy(item);
		/* Invalid UTF-8 gets in only past jansson's check. */
		json_object_set_new(it, "url", json_string_nocheck(cases[i].in));
		json_object_set_new(it, "references", json_pack("[s]",
		    "https://ok.example/"));
		snprintf(name, sizeof name, "url-%zu", i);
		rec = build(it, NULL, name);
		got = tu_json_str(rec, "containers/cna/references/0/url");
		if (cases[i].want == NULL && strcmp(got, "https://ok.example/"))
			fail_msg("%s: kept as %s", cases[i].in, got);
		if (cases[i].want != NULL && strcmp(got, cases[i].want) != 0)
			fail_msg("%s: got %s, want %s", cases[i].in, got,
			    cases[i].want);
		json_decref(rec);
		json_decref(it);
	}
}

static void
metrics(void **state)
{
	json_t *rec, *it;
	const json_t *m;

	(void)state;
	rec = build(item, "CVE-2026-1234", "metrics");
	m = tu_json_node(rec, "containers/cna/metrics");
	assert_int_equal(json_array_size(m), 2);
	assert_string_equal(tu_json_str(m, "0/format"), "CVSS");
	assert_string_equal(tu_json_str(m, "0/scenarios/0/value"), "GENERAL");
	assert_string_equal(tu_json_str(m, "0/cvssV4_0/version"), "4.0");
	assert_string_equal(tu_json_str(m, "0/cvssV4_0/vectorString"),
	    "CVSS:4.0/AV:N/"
	    "AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N");
	assert_string_equal(tu_json_str(m, "0/cvssV4_0/attackVector"),
	    "NETWORK");
	assert_string_equal(tu_json_str(m, "0/cvssV4_0/vulnAvailabilityImpact"),
	    "NONE");
	assert_true(json_is_real(tu_json_node(m, "0/cvssV4_0/baseScore")));
	assert_string_equal(tu_json_str(m, "1/cvssV3_1/version"), "3.1");
	assert_string_equal(tu_json_str(m, "1/cvssV3_1/scope"), "UNCHANGED");
	assert_true(json_real_value(tu_json_node(m,
	    "1/cvssV3_1/baseScore")) == 9.1);
	assert_string_equal(tu_json_str(m, "1/cvssV3_1/baseSeverity"),
	    "CRITICAL");

	/* v3.1 alone; the same vector twice goes once; a broken vector is
	 * left out, and then there are no metrics at all. */
	it = json_deep_copy(item);
	json_object_set(it, "cvss", json_object_get(item, "cvss_v3"));
	json_decref(rec);
	rec = build(it, NULL, "metrics-v3");
	assert_int_equal(json_array_size(tu_json_node(rec,
	    "containers/cna/metrics")),
	    1);
	assert_string_equal(tu_json_str(rec,
	    "containers/cna/metrics/0/cvssV3_1/"
	    "attackComplexity"), "LOW");
	json_decref(rec);
	json_object_set_new(it, "cvss", json_pack("{s:s}", "vector",
	    "CVSS:3.1/AV:Q"));
	json_object_del(it, "cvss_v3");
	rec = build(it, NULL, "metrics-none");
	assert_null(tu_json_node(rec, "containers/cna/metrics"));
	json_decref(rec);
	json_decref(it);
}

static void
adjacent_and_temporal(void **state)
{
	json_t *rec, *it = json_deep_copy(item);

	(void)state;
	json_object_set_new(it, "cvss", json_pack("{s:s}", "vector",
	    "CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:C/C:L/I:L/A:L/E:P/RL:T/RC:R/"
	    "MAV:N/CR:H"));
	json_object_set_new(it, "cvss_v3", json_null());
	rec = build(it, NULL, "metrics-temporal");
	assert_string_equal(tu_json_str(rec,
	    "containers/cna/metrics/0/cvssV3_1/"
	    "attackVector"), "ADJACENT_NETWORK");
	assert_string_equal(tu_json_str(rec,
	    "containers/cna/metrics/0/cvssV3_1/"
	    "exploitCodeMaturity"), "PROOF_OF_CONCEPT");
	assert_string_equal(tu_json_str(rec,
	    "containers/cna/metrics/0/cvssV3_1/"
	    "remediationLevel"), "TEMPORARY_FIX");
	json_decref(rec);
	json_object_set_new(it, "cvss", json_pack("{s:s}", "vector",
	    "CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/"
	    "E:P/MSI:S/S:P/AU:Y/U:Amber"));
	rec = build(it, NULL, "metrics-v4-threat");
	assert_string_equal(tu_json_str(rec,
	    "containers/cna/metrics/0/cvssV4_0/"
	    "exploitMaturity"), "PROOF_OF_CONCEPT");
	assert_string_equal(tu_json_str(rec,
	    "containers/cna/metrics/0/cvssV4_0/"
	    "modifiedSubIntegrityImpact"), "SAFETY");
	assert_string_equal(tu_json_str(rec,
	    "containers/cna/metrics/0/cvssV4_0/"
	    "providerUrgency"), "AMBER");
	json_decref(rec);
	json_decref(it);
}

/* --- hostile text ------------------------------------------------------ */

static void
hostile(void **state)
{
	static const char nasty[] = "<script>alert('x')</script> ]]> \"q\" "
	    "\x07\x1b[31m \xe2\x80\xae" "RTL\xe2\x80\xac \xe2\x80\x8b "
	    "\xf0\x9f\x94\xa5 {{title}} & &amp; \\ \t tab";
	json_t *it = json_deep_copy(item), *rec, *answers, *rows;
	char *big, *ebig;
	const char *v;
	size_t i;

	(void)state;
	big = xmalloc(100001);
	for (i = 0; i < 100000; i++)
		big[i] = "abcdefghij "[i % 11];
	big[100000] = '\0';
	/* 100,000 characters of which each is 4 bytes of UTF-8. */
	ebig = xmalloc(400001);
	for (i = 0; i < 100000; i++)
		memcpy(ebig + i * 4, "\xf0\x9f\x98\x80", 4);
	ebig[400000] = '\0';
	answers = json_object_get(it, "answers");
	json_object_set_new(answers, "summary", json_string(big));
	json_object_set_new(answers, "customer-actions", json_string(ebig));
	json_object_set_new(answers, "workaround", json_string(nasty));
	json_object_set_new(answers, "credits", json_string(big));
	json_object_set_new(it, "title", json_string(ebig));
	rows = json_pack("[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s}]",
	    "product", "x", "name", big, "range", nasty, "status",
	    "known_affected", "product", "y", "name", nasty, "status", "fixed");
	json_object_set_new(it, "products", rows);
	rec = build(it, NULL, "hostile");

	v = tu_json_str(rec, "containers/cna/descriptions/0/value");
	assert_int_equal(check_chars(v), 4096);
	assert_int_equal(strncmp(v, big, 4095), 0);
	assert_string_equal(v + 4095, "\xe2\x80\xa6");
	v = tu_json_str(rec, "containers/cna/solutions/0/value");
	assert_int_equal(check_chars(v), 4096);
	assert_int_equal(strlen(v), 4095 * 4 + 3);
	v = tu_json_str(rec, "containers/cna/title");
	assert_int_equal(check_chars(v), 256);
	assert_string_equal(tu_json_str(rec,
	    "containers/cna/workarounds/0/value"),
	    nasty);
	assert_int_equal(check_chars(tu_json_str(rec,
	    "containers/cna/credits/0/value")),
	    4096);
	assert_int_equal(check_chars(tu_json_str(rec,
	    "containers/cna/affected/0/product")),
	    2048);
	assert_string_equal(tu_json_str(rec,
	    "containers/cna/affected/0/versions/0/"
	    "version"), nasty);
	assert_string_equal(tu_json_str(rec,
	    "containers/cna/affected/1/product"),
	    nasty);
	json_decref(rec);

	/* Bytes that are not UTF-8 (past jansson's own check) become
	 * U+FFFD; a cut never splits a character. */
	json_object_set_new(answers, "summary",
	    json_string_nocheck("bad \xc3\x28 \xed\xa0\x80 \xf8 \xe2\x82 end"));
	rec = build(it, NULL, "hostile-utf8");
	assert_string_equal(tu_json_str(rec,
	    "containers/cna/descriptions/0/value"),
	    "bad \xef\xbf\xbd( \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
	    "\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd end");
	json_decref(rec);
	json_decref(it);
	free(big);
	free(ebig);
}

/* The same item renders to the same bytes; the text ends in a newline
 * and scores print with one decimal. */
static void
stable(void **state)
{
	struct err err = { 0 };
	char *a, *b;
	size_t la, lb;

	(void)state;
	assert_int_equal(cverecord_render(site, item, NULL, &a, &la, &err),
	    ST_OK);
	assert_int_equal(cverecord_render(site, item, NULL, &b, &lb, &err),
	    ST_OK);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_non_null(strstr(a, "\"baseScore\": 9.1,"));
	assert_null(strstr(a, "9.0999"));
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refuses_bad_ids),
		cmocka_unit_test(refuses_missing_parts),
		cmocka_unit_test(metadata),
		cmocka_unit_test(container),
		cmocka_unit_test(affected_versions),
		cmocka_unit_test(ranges),
		cmocka_unit_test(references),
		cmocka_unit_test(urls),
		cmocka_unit_test(metrics),
		cmocka_unit_test(adjacent_and_temporal),
		cmocka_unit_test(hostile),
		cmocka_unit_test(stable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
