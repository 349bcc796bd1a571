/* core/cverecord.c - CVE JSON 5 records (schema 5.1) made from a
 * document-model item: the CNA container of one CVE of an advisory.
 * Every text is cut to the schema's limits on a character boundary and
 * every URL is made a valid RFC 3986 URI or left out, so hostile text
 * still gives a record the CVE schema accepts. */
#include "config.h"

#include "core/cverecord.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/cvss.h"
#include "core/hash.h"
#include "core/text.h"
#include "util/xalloc.h"

/* The schema's limits, in characters (JSON Schema counts code points). */
#define CVE_TEXT_MAX      4096    /* descriptions, solutions, credits */
#define CVE_TITLE_MAX     256
#define CVE_VENDOR_MAX    512
#define CVE_PRODUCT_MAX   2048
#define CVE_VERSION_MAX   1024
#define CVE_URL_MAX       2048
#define CVE_REFS_MAX      512
#define CVE_SHORTNAME_MAX 32

static void
put_text(json_t *o, const char *key, const char *s, size_t max)
{
	char *t = text_cut_chars(s, max);

	jput(o, key, json_string(t));
	free(t);
}

/* { "lang": "en", "value": S } */
static json_t *
english(const char *s)
{
	json_t *d = json_object();

	jput(d, "lang", json_string("en"));
	put_text(d, "value", s, CVE_TEXT_MAX);
	return d;
}

/* Append V to array A unless an equal value is there already (the
 * schema's lists are uniqueItems). */
static void
push_unique(json_t *a, json_t *v)
{
	size_t i;

	for (i = 0; i < json_array_size(a); i++)
		if (json_equal(json_array_get(a, i), v)) {
			json_decref(v);
			return;
		}
	jpush(a, v);
}

/* --- identifiers ------------------------------------------------------- */

static bool
cve_id_ok(const char *id)
{
	size_t n;

	if (id == NULL || strncmp(id, "CVE-", 4) != 0)
		return false;
	for (n = 0; n < 4; n++)
		if (!text_is_digit((unsigned char)id[4 + n]))
			return false;
	if (id[8] != '-')
		return false;
	for (n = 0; text_is_digit((unsigned char)id[9 + n]); n++)
		;
	return id[9 + n] == '\0' && n >= 4 && n <= 19;
}

/* A version 4 UUID, as the schema's uuidType asks. */
static bool
uuid_ok(const char *u)
{
	size_t i;

	if (u == NULL || strlen(u) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (u[i] != '-')
				return false;
		} else if (!text_is_xdigit((unsigned char)u[i]))
			return false;
	}
	return u[14] == '4' && strchr("89abAB", u[19]) != NULL;
}

/*
 * The organisation's UUID: a real CNA has one from the CVE Program (the
 * site key "cve_org_id" when a setting provides it); otherwise one made
 * from the publisher's namespace, so every export says the same. It is
 * SHA-256 in the shape of a version 4 UUID, because the schema accepts
 * no other version.
 */
static void
org_uuid(const char *ns, char out[37])
{
	static const int dash[] = { 8, 12, 16, 20 };
	char hex[HASH_HEX_SIZE], *o = out;
	size_t i, d = 0;

	hash_sha256_hexf(hex, "herald:cve-org:%s", ns);
	hex[12] = '4';
	hex[16] = "89ab"[(hex[16] <= '9' ? hex[16] - '0' :
	    hex[16] - 'a' + 10) & 3];
	for (i = 0; i < 32; i++) {
		if (d < 4 && (int)i == dash[d]) {
			*o++ = '-';
			d++;
		}
		*o++ = hex[i];
	}
	*o = '\0';
}

/* A short name of 2 to 32 letters, digits, '_' and '-' from the
 * publisher's NAME ("Brightwater Systems": "Brightwater_Systems"). */
static char *
short_name(const char *name, const char *ns)
{
	char out[CVE_SHORTNAME_MAX + 1], hex[HASH_HEX_SIZE];
	size_t n = 0;
	const char *p;

	for (p = name; *p != '\0' && n < CVE_SHORTNAME_MAX; p++) {
		if (text_is_alnum((unsigned char)*p) || *p == '-')
			out[n++] = *p;
		else if (n > 0 && out[n - 1] != '_')
			out[n++] = '_';
	}
	while (n > 0 && out[n - 1] == '_')
		n--;
	out[n] = '\0';
	if (n >= 2)
		return xstrdup(out);
	/* Nothing ASCII in the name: a stable stand-in. */
	hash_sha256_hex(ns, strlen(ns), hex);
	return xasprintf("org_%.8s", hex);
}

/* T (RFC 3339) as the schema's timestamp ("...Z", years 1900-2999),
 * or false when it is not one. */
static bool
timestamp(const char *t, char out[CLOCK_BUFSZ])
{
	time_t v;
	int y;

	if (t == NULL || clock_parse(t, &v, NULL) != ST_OK)
		return false;
	y = clock_year(v);
	if (y < 1900 || y > 2999)
		return false;
	clock_format(v, out);
	return true;
}

static void
put_time(json_t *o, const char *key, const char *t)
{
	char buf[CLOCK_BUFSZ];

	if (timestamp(t, buf))
		jput(o, key, json_string(buf));
}

/* --- references -------------------------------------------------------- */

/* The item's page first, then its references: each once, at most the
 * schema's 512. */
static json_t *
references(const json_t *item)
{
	json_t *refs = json_array(), *r;
	const char *u;
	char *clean;
	size_t i;

	for (i = 0; i <= json_array_size(json_object_get(item,
	    "references")) && json_array_size(refs) < CVE_REFS_MAX; i++) {
		u = i == 0 ? jstr(item, "url") : json_string_value(
		    json_array_get(json_object_get(item, "references"), i - 1));
		if (u == NULL ||
		    (clean = text_uri_clean(u, CVE_URL_MAX, false)) == NULL)
			continue;
		r = json_object();
		jput(r, "url", json_string(clean));
		free(clean);
		push_unique(refs, r);
	}
	return refs;
}

/* --- affected ---------------------------------------------------------- */

/* CSAF product status as the CVE status of versions. */
static const char *
cve_status(const char *csaf)
{
	if (csaf == NULL)
		return "unknown";
	if (strcmp(csaf, "known_affected") == 0)
		return "affected";
	if (strcmp(csaf, "fixed") == 0 ||
	    strcmp(csaf, "known_not_affected") == 0)
		return "unaffected";
	return "unknown";
}

/* Where a package ecosystem's packages live (the schema's examples),
 * and the version type its versions compare by. */
static const struct {
	const char *ecosystem, *collection, *version_type;
} ecosystems[] = {
	{ "maven",    "https://repo.maven.apache.org/maven2", "maven" },
	{ "npm",      "https://registry.npmjs.org",           "semver" },
	{ "pip",      "https://pypi.python.org",              "python" },
	{ "rubygems", "https://rubygems.org",                 NULL },
	{ "nuget",    "https://nuget.org/packages",           NULL },
	{ "composer", "https://packagist.org",                NULL },
	{ "rust",     "https://crates.io",                    "semver" },
	{ "go",       "https://golang.org/pkg",               "semver" },
	{ "pub",      "https://pub.dev",                      NULL },
	{ "erlang",   "https://repo.hex.pm",                  NULL },
};

static int
ecosystem_index(const char *e)
{
	size_t i;

	for (i = 0; e != NULL && i < sizeof ecosystems / sizeof ecosystems[0];
	    i++)
		if (strcmp(ecosystems[i].ecosystem, e) == 0)
			return (int)i;
	return -1;
}

/* Whether V reads as semantic versioning: N.N.N with an optional
 * -pre-release or +build. */
static bool
is_semver(const char *v)
{
	int parts = 0;

	for (;;) {
		if (!text_is_digit((unsigned char)*v))
			return false;
		while (text_is_digit((unsigned char)*v))
			v++;
		parts++;
		if (*v != '.')
			break;
		v++;
	}
	return parts == 3 && (*v == '\0' || *v == '-' || *v == '+');
}

/* A version range as the text of a products row gives it. */
struct bounds {
	char *exact;        /* "2.4.1" or "= 2.4.1" */
	char *lo;           /* ">= 2.0" */
	char *lt;           /* "< 2.4.1" */
	char *le;           /* "<= 2.4.1", or the end of "2.0 - 2.4" */
	bool  is_all;       /* "all", "*", "any" or nothing */
};

static void
bounds_clear(struct bounds *b)
{
	free(b->exact);
	free(b->lo);
	free(b->lt);
	free(b->le);
	memset(b, 0, sizeof *b);
}

static bool
set_once(char **slot, const char *v)
{
	if (*slot != NULL || *v == '\0' || strpbrk(v, "<>=") != NULL)
		return false;
	*slot = xstrdup(v);
	return true;
}

/*
 * Read RANGE: "all", "2.4.1", ">=3.1.0 <3.1.26", "< 2.18.1",
 * ">= 2.0, <= 2.4", "2.0 - 2.4". False for anything else ("before 3",
 * "> 2.0", "2.x and 3.x"), which the record then gives as written.
 */
static bool
bounds_parse(const char *range, struct bounds *b)
{
	char *copy, *tok, *save = NULL, *p, op[3] = "";
	size_t n;
	bool ok = true, dash = false;

	memset(b, 0, sizeof *b);
	if (text_nonblank(range) == NULL) {
		b->is_all = true;
		return true;
	}
	copy = xstrdup(range);
	for (p = copy; *p != '\0'; p++)
		if (*p == ',' || text_is_space((unsigned char)*p))
			*p = ' ';
	for (tok = strtok_r(copy, " ", &save); tok != NULL && ok;
	    tok = strtok_r(NULL, " ", &save)) {
		if (strcmp(tok, "-") == 0) {
			/* "A - B": A was taken as exact */
			ok = b->exact != NULL && b->lo == NULL && !dash;
			if (ok) {
				b->lo = b->exact;
				b->exact = NULL;
				dash = true;
				snprintf(op, sizeof op, "<=");
			}
			continue;
		}
		n = strspn(tok, "<>=");
		if (n > 2) {
			ok = false;
			break;
		}
		if (n > 0) {
			if (op[0] != '\0') {
				ok = false;
				break;
			}
			memcpy(op, tok, n);
			op[n] = '\0';
			tok += n;
			if (*tok == '\0')
				continue;       /* "< 2.0": the version follows */
		}
		if (strcmp(op, ">=") == 0)
			ok = set_once(&b->lo, tok);
		else if (strcmp(op, "<") == 0)
			ok = set_once(&b->lt, tok);
		else if (strcmp(op, "<=") == 0)
			ok = set_once(&b->le, tok);
		else if (op[0] == '\0' || strcmp(op, "=") == 0 ||
		    strcmp(op, "==") == 0)
			ok = set_once(&b->exact, tok);
		else
			ok = false;     /* ">": no start to name */
		op[0] = '\0';
	}
	free(copy);
	if (ok && op[0] != '\0')
		ok = false;             /* an operator with nothing after it */
	if (ok && b->exact != NULL && (b->lo != NULL || b->lt != NULL ||
	    b->le != NULL))
		ok = false;
	if (ok && b->lt != NULL && b->le != NULL)
		ok = false;
	if (ok && b->exact != NULL && (strcasecmp(b->exact, "all") == 0 ||
	    strcmp(b->exact, "*") == 0 || strcasecmp(b->exact, "any") == 0)) {
		free(b->exact);
		b->exact = NULL;
		b->is_all = true;
	}
	/* Separators and nothing else (", ,") name no bound: all versions,
	 * as nothing does. */
	if (ok && b->exact == NULL && b->lo == NULL && b->lt == NULL &&
	    b->le == NULL)
		b->is_all = true;
	if (!ok)
		bounds_clear(b);
	return ok;
}

/* Whether version V lies in cycle C by its name: "2.4.1" in "2.4". */
static bool
in_cycle(const char *v, const char *c)
{
	size_t n = c != NULL ? strlen(c) : 0;

	return n > 0 && v != NULL && strncmp(v, c, n) == 0 &&
	    (v[n] == '\0' || v[n] == '.' || v[n] == '-');
}

static void
put_version(json_t *o, const char *key, const char *v)
{
	put_text(o, key, v, CVE_VERSION_MAX);
}

/*
 * One entry of "versions" for a products row: CYCLE, RANGE and STATUS
 * (a CVE status). A range the record cannot express goes as written,
 * as one version with its status (the product's defaultStatus says the
 * rest is unknown).
 */
static json_t *
version_entry(const char *cycle, const char *range, const char *status,
    const char *eco_type)
{
	struct bounds b;
	json_t *v = json_object();
	const char *start, *type;
	char *star = NULL;

	if (cycle != NULL && text_nonblank(cycle) == NULL)
		cycle = NULL;
	if (!bounds_parse(range, &b) || b.exact != NULL) {
		put_version(v, "version", b.exact != NULL ? b.exact : range);
		jput(v, "status", json_string(status));
		bounds_clear(&b);
		return v;
	}
	if (b.is_all) {
		start = cycle != NULL ? cycle : "0";
		star = cycle != NULL ? xasprintf("%s.*", cycle) : xstrdup("*");
	} else if (b.lo != NULL) {
		start = b.lo;
		if (b.lt == NULL && b.le == NULL)
			star = in_cycle(b.lo, cycle) ? xasprintf("%s.*", cycle) :
			    xstrdup("*");
	} else
		start = in_cycle(b.lt != NULL ? b.lt : b.le, cycle) ? cycle :
		    "0";
	type = eco_type;
	if (type == NULL)
		type = is_semver(start) && (b.lt == NULL || is_semver(b.lt)) &&
		    (b.le == NULL || is_semver(b.le)) ? "semver" : "custom";
	put_version(v, "version", start);
	jput(v, "status", json_string(status));
	if (b.le != NULL)
		put_version(v, "lessThanOrEqual", b.le);
	else
		put_version(v, "lessThan", b.lt != NULL ? b.lt : star);
	jput(v, "versionType", json_string(type));
	free(star);
	bounds_clear(&b);
	return v;
}

/* One "affected" entry per product (and package), its rows' versions
 * in order. Empty when the item names no products. */
static json_t *
affected(const json_t *item, const char *vendor)
{
	json_t *out = json_array(), *index = json_object(), *row, *a, *pos;
	const char *name, *eco, *pkg;
	char *key;
	size_t i;
	int e;

	json_array_foreach(json_object_get(item, "products"), i, row) {
		name = jstr(row, "name");
		if (text_nonblank(name) == NULL)
			name = jstr(row, "product");
		if (text_nonblank(name) == NULL)
			continue;
		eco = jstr(row, "ecosystem");
		pkg = jstr(row, "package");
		e = ecosystem_index(eco);
		key = xasprintf("%s\x1f%s\x1f%s", name, eco != NULL ? eco : "",
		    pkg != NULL ? pkg : "");
		if ((pos = json_object_get(index, key)) != NULL)
			a = json_array_get(out, (size_t)json_integer_value(pos));
		else {
			jput(index, key, json_integer((json_int_t)
			    json_array_size(out)));
			a = json_object();
			put_text(a, "vendor", vendor, CVE_VENDOR_MAX);
			put_text(a, "product", name, CVE_PRODUCT_MAX);
			if (e >= 0 && text_nonblank(pkg) != NULL) {
				jput(a, "collectionURL",
				    json_string(ecosystems[e].collection));
				put_text(a, "packageName", pkg, CVE_PRODUCT_MAX);
			}
			jput(a, "versions", json_array());
			/* Versions no row names: not known either way. */
			jput(a, "defaultStatus", json_string("unknown"));
			jpush(out, a);
		}
		free(key);
		push_unique(json_object_get(a, "versions"), version_entry(
		    jstr(row, "cycle"), jstr(row, "range"),
		    cve_status(jstr(row, "status")),
		    e >= 0 ? ecosystems[e].version_type : NULL));
	}
	json_decref(index);
	return out;
}

/* --- metrics ----------------------------------------------------------- */

/* "Adjacent Network" as the schema's "ADJACENT_NETWORK". Allocated. */
static char *
enum_name(const char *name)
{
	char *e = xstrdup(name), *p;

	for (p = e; *p != '\0'; p++)
		*p = *p == ' ' || *p == '-' ? '_' :
		    (char)text_to_upper((unsigned char)*p);
	return e;
}

/* Each metric the normalised VECTOR gives, by its JSON name. */
static void
put_metrics(json_t *o, enum cvss_version version, const char *vector)
{
	const struct cvss_metric *m;
	char *copy = xstrdup(vector), *part, *save = NULL, *colon, *e;
	size_t n, i, j;

	m = cvss_metrics(version, &n);
	/* the first part is "CVSS:3.1" */
	part = strtok_r(copy, "/", &save);
	while ((part = strtok_r(NULL, "/", &save)) != NULL) {
		if ((colon = strchr(part, ':')) == NULL)
			continue;
		*colon++ = '\0';
		for (i = 0; i < n && strcmp(m[i].code, part) != 0; i++)
			;
		if (i == n || m[i].json == NULL)
			continue;
		for (j = 0; j < m[i].n_values &&
		    strcmp(m[i].values[j].code, colon) != 0; j++)
			;
		if (j == m[i].n_values)
			continue;
		e = enum_name(m[i].values[j].name);
		jput(o, m[i].json, json_string(e));
		free(e);
	}
	free(copy);
}

/*
 * The metrics entry of the item's CVSS object C ({ vector, ... }),
 * scored again here so the record says what the vector means; NULL when
 * there is no valid vector. For v4.0 the score is the one the vector's
 * groups give (CVSS-B, -BT, ...), the score the advisory shows.
 */
static json_t *
metric(const json_t *c)
{
	struct cvss_result r;
	const struct cvss_value *v;
	json_t *m, *o, *sc;
	char *sev;

	if (c == NULL || jstr(c, "vector") == NULL ||
	    cvss_score(jstr(c, "vector"), &r, NULL) != ST_OK)
		return NULL;
	v = r.version == CVSS_V4_0 ? &r.score : &r.base;
	o = json_object();
	jput(o, "version", json_string(r.version == CVSS_V4_0 ? "4.0" : "3.1"));
	jput(o, "vectorString", json_string(r.vector));
	put_metrics(o, r.version, r.vector);
	jput(o, "baseScore", json_real(v->score));
	sev = enum_name(v->severity != NULL ? v->severity :
	    cvss_severity(r.version, v->score));
	jput(o, "baseSeverity", json_string(sev));
	free(sev);
	m = json_object();
	jput(m, "format", json_string("CVSS"));
	sc = json_array();
	jpush(sc, english("GENERAL"));
	jput(m, "scenarios", sc);
	jput(m, r.version == CVSS_V4_0 ? "cvssV4_0" : "cvssV3_1", o);
	return m;
}

/* The item's CVSS, and its v3.1 vector beside a v4.0 one. */
static json_t *
metrics(const json_t *item)
{
	json_t *out = json_array(), *m;

	if ((m = metric(json_object_get(item, "cvss"))) != NULL)
		jpush(out, m);
	if ((m = metric(json_object_get(item, "cvss_v3"))) != NULL)
		push_unique(out, m);
	return out;
}

/* --- the record -------------------------------------------------------- */

/* Each non-empty line of TEXT as { lang, value } (with TYPE when not
 * NULL), each once. */
static json_t *
lines(const char *text, const char *type)
{
	json_t *out = json_array(), *d;
	char *copy, *line, *save = NULL;

	if (text == NULL)
		return out;
	copy = xstrdup(text);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (text_nonblank(line) == NULL)
			continue;
		d = english(line);
		if (type != NULL)
			jput(d, "type", json_string(type));
		push_unique(out, d);
	}
	free(copy);
	return out;
}

/* ARR as KEY of O when it is not empty; ARR's reference is taken. */
static void
put_list(json_t *o, const char *key, json_t *arr)
{
	if (json_array_size(arr) > 0)
		jput(o, key, arr);
	else
		json_decref(arr);
}

static bool
item_has_cve(const json_t *item, const char *cve_id)
{
	const json_t *v;
	size_t i;

	json_array_foreach(json_object_get(item, "cves"), i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), cve_id) == 0)
			return true;
	return false;
}

/* The answer ID as a reader reads it, when given. */
static const char *
answer(const json_t *item, const char *id)
{
	return jstr_text(json_object_get(item, "answers"), id);
}

static json_t *
cna_container(const json_t *item, const char *org, const char *shortname,
    const char *vendor, const char *ref, struct err *err)
{
	json_t *cna = json_object(), *pm = json_object(), *list;
	const char *t, *updated;

	updated = jstr(item, "updated_at") != NULL ? jstr(item, "updated_at") :
	    jstr(item, "published_at");
	jput(pm, "orgId", json_string(org));
	jput(pm, "shortName", json_string(shortname));
	put_time(pm, "dateUpdated", updated);
	jput(cna, "providerMetadata", pm);
	put_time(cna, "datePublic", jstr(item, "first_published_at"));
	if ((t = jstr_text(item, "title")) != NULL ||
	    (t = answer(item, "title")) != NULL)
		put_text(cna, "title", t, CVE_TITLE_MAX);
	if ((t = answer(item, "summary")) == NULL &&
	    (t = jstr_text(json_object_get(item, "incident"), "summary")) ==
	    NULL && (t = jstr_text(item, "title")) == NULL) {
		err_set(err, ST_INVALID, "%s: a CVE record needs a description: "
		    "answer \"summary\"", ref);
		goto bad;
	}
	list = json_array();
	jpush(list, english(t));
	jput(cna, "descriptions", list);
	list = affected(item, vendor);
	if (json_array_size(list) == 0) {
		json_decref(list);
		err_set(err, ST_INVALID, "%s: a CVE record needs the affected "
		    "products: answer \"products\"", ref);
		goto bad;
	}
	jput(cna, "affected", list);
	list = references(item);
	if (json_array_size(list) == 0) {
		json_decref(list);
		err_set(err, ST_INVALID, "%s: a CVE record needs a reference: "
		    "set site.url, or answer \"references\" with https URLs", ref);
		goto bad;
	}
	jput(cna, "references", list);
	put_list(cna, "metrics", metrics(item));
	if ((t = answer(item, "customer-actions")) != NULL) {
		list = json_array();
		jpush(list, english(t));
		jput(cna, "solutions", list);
	}
	if ((t = answer(item, "workaround")) != NULL) {
		list = json_array();
		jpush(list, english(t));
		jput(cna, "workarounds", list);
	}
	put_list(cna, "credits", lines(answer(item, "credits"), "finder"));
	return cna;
bad:
	json_decref(cna);
	return NULL;
}

enum status
cverecord_build(const json_t *site, const json_t *item, const char *cve_id,
    json_t **rec, struct err *err)
{
	json_t *r = NULL, *meta, *containers, *cna;
	const char *ref, *name, *ns, *v;
	char org[37], *shortname = NULL;

	*rec = NULL;
	ref = jstr(item, "ref") != NULL ? jstr(item, "ref") : "the advisory";
	if (cve_id == NULL)
		cve_id = json_string_value(json_array_get(json_object_get(item,
		    "cves"), 0));
	if (cve_id == NULL)
		return err_set(err, ST_INVALID, "%s: no CVE IDs: answer \"cves\"",
		    ref);
	if (!cve_id_ok(cve_id))
		return err_set(err, ST_INVALID, "%s: \"%s\" is not a CVE ID "
		    "(CVE-YYYY-NNNN)", ref, cve_id);
	if (!item_has_cve(item, cve_id))
		return err_set(err, ST_INVALID, "%s: %s is not one of its CVE IDs "
		    "(answer \"cves\")", ref, cve_id);
	if ((name = jstr_text(site, "publisher_name")) == NULL)
		return err_set(err, ST_INVALID, "the CVE record of %s needs "
		    "publisher.name set: herald settings set publisher.name "
		    "NAME", cve_id);
	ns = jstr(site, "publisher_namespace") != NULL ?
	    jstr(site, "publisher_namespace") : jstr(site, "site_url");
	if (uuid_ok(v = jstr(site, "cve_org_id")))
		snprintf(org, sizeof org, "%s", v);
	else if (ns != NULL)
		org_uuid(ns, org);
	else
		return err_set(err, ST_INVALID, "the CVE record of %s needs "
		    "publisher.namespace or site.url set: herald settings set "
		    "site.url URL", cve_id);
	if ((v = jstr(site, "cve_short_name")) != NULL)
		shortname = short_name(v, ns != NULL ? ns : name);
	else
		shortname = short_name(name, ns != NULL ? ns : name);

	if ((cna = cna_container(item, org, shortname, name, ref, err)) == NULL)
		goto end;
	r = json_object();
	jput(r, "dataType", json_string("CVE_RECORD"));
	jput(r, "dataVersion", json_string("5.1"));
	meta = json_object();
	jput(meta, "cveId", json_string(cve_id));
	jput(meta, "assignerOrgId", json_string(org));
	jput(meta, "assignerShortName", json_string(shortname));
	jput(meta, "state", json_string("PUBLISHED"));
	put_time(meta, "datePublished", jstr(item, "first_published_at"));
	put_time(meta, "dateUpdated", jstr(item, "updated_at") != NULL ?
	    jstr(item, "updated_at") : jstr(item, "published_at"));
	jput(r, "cveMetadata", meta);
	containers = json_object();
	jput(containers, "cna", cna);
	jput(r, "containers", containers);
	*rec = r;
end:
	free(shortname);
	return *rec != NULL ? ST_OK : ST_INVALID;
}

enum status
cverecord_render(const json_t *site, const json_t *item, const char *cve_id,
    char **out, size_t *len, struct err *err)
{
	json_t *rec;
	enum status st;

	*out = NULL;
	*len = 0;
	if ((st = cverecord_build(site, item, cve_id, &rec, err)) != ST_OK)
		return st;
	/* Three significant digits print scores as 9.8, never 9.80000001. */
	*out = jdump_doc(rec, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(3), len);
	json_decref(rec);
	return ST_OK;
}
