/* core/cverecord.c - CVE JSON 5 records (schema 5.1) made from a
 * document-model item: the CNA container of one CVE of an advisory.
 * Every text is cut to the schema's limits on a character boundary and
 * every URL is made a valid RFC 3986 URI or left out, so hostile text
 * still gives a record the CVE schema accepts. */
#include "config.h"

#include "core/cverecord.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/cvss.h"
#include "core/hash.h"
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

#define ELLIPSIS "\xe2\x80\xa6"   /* U+2026, said where text was cut */

static void
put(json_t *o, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		die("out of memory");
}

static void
push(json_t *a, json_t *v)
{
	if (v == NULL || json_array_append_new(a, v) != 0)
		die("out of memory");
}

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* S when it holds something other than white space, else NULL. */
static const char *
nonblank(const char *s)
{
	const char *p;

	for (p = s; p != NULL && *p != '\0'; p++)
		if (!isspace((unsigned char)*p))
			return s;
	return NULL;
}

/* The length of the valid UTF-8 sequence at S, or 0 (RFC 3629: no
 * overlong forms, surrogates or code points past U+10FFFF). */
static size_t
utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[0] == 0xe0 && s[1] < 0xa0) ||
		    (s[0] == 0xed && s[1] > 0x9f))
			return 0;
		return (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[0] == 0xf0 && s[1] < 0x90) ||
		    (s[0] == 0xf4 && s[1] > 0x8f))
			return 0;
		return (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
		    (s[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

#define REPLACEMENT "\xef\xbf\xbd"  /* U+FFFD */

/*
 * S cut to at most MAX characters (code points, as JSON Schema counts),
 * the last one "…" when it was cut; bytes that are not UTF-8 become
 * U+FFFD (the document model already does so: this keeps a record valid
 * whatever it is given). Allocated.
 */
static char *
cut_chars(const char *s, size_t max)
{
	const unsigned char *p;
	size_t total = 0, keep, n, l;
	char *out, *o;

	for (p = (const unsigned char *)s; *p != '\0'; p += l, total++)
		l = (n = utf8_len(p)) > 0 ? n : 1;
	keep = total <= max ? total : max - 1;
	o = out = xmalloc(strlen(s) * 3 + sizeof ELLIPSIS);
	for (p = (const unsigned char *)s; keep > 0; keep--) {
		if ((l = utf8_len(p)) == 0) {
			memcpy(o, REPLACEMENT, 3);
			o += 3;
			p++;
			continue;
		}
		memcpy(o, p, l);
		o += l;
		p += l;
	}
	if (total > max) {
		memcpy(o, ELLIPSIS, 3);
		o += 3;
	}
	*o = '\0';
	return out;
}

static void
put_text(json_t *o, const char *key, const char *s, size_t max)
{
	char *t = cut_chars(s, max);

	put(o, key, json_string(t));
	free(t);
}

/* { "lang": "en", "value": S } */
static json_t *
english(const char *s)
{
	json_t *d = json_object();

	put(d, "lang", json_string("en"));
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
	push(a, v);
}

/* Letters and digits of ASCII only, whatever the locale. */
static bool
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* --- identifiers ------------------------------------------------------- */

static bool
cve_id_ok(const char *id)
{
	size_t n;

	if (id == NULL || strncmp(id, "CVE-", 4) != 0)
		return false;
	for (n = 0; n < 4; n++)
		if (!isdigit((unsigned char)id[4 + n]))
			return false;
	if (id[8] != '-')
		return false;
	for (n = 0; isdigit((unsigned char)id[9 + n]); n++)
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
		} else if (!isxdigit((unsigned char)u[i]))
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
	char hex[HASH_HEX_SIZE], *in, *o = out;
	size_t i, d = 0;

	in = xasprintf("herald:cve-org:%s", ns);
	hash_sha256_hex(in, strlen(in), hex);
	free(in);
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
		if (is_alnum((unsigned char)*p) || *p == '-')
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
		put(o, key, json_string(buf));
}

/* --- references -------------------------------------------------------- */

static bool
unreserved_or_sub(int c)
{
	return is_alnum(c) || (c != '\0' && strchr("-._~!$&'()*+,;=", c) !=
	    NULL);
}

static void
pct(char **o, unsigned char c)
{
	*o += sprintf(*o, "%%%02X", c);
}

/* Copy the N bytes at P to *O, percent-encoding each byte OK refuses
 * and each '%' that starts no escape. */
static void
encode(char **o, const char *p, size_t n, bool (*ok)(int c))
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i;

	for (i = 0; i < n; i++) {
		if (u[i] == '%' && i + 2 < n &&
		    isxdigit(u[i + 1]) && isxdigit(u[i + 2]))
			*(*o)++ = '%';
		else if (u[i] != '%' && ok(u[i]))
			*(*o)++ = (char)u[i];
		else
			pct(o, u[i]);
	}
}

static bool
userinfo_ok(int c)
{
	return unreserved_or_sub(c) || c == ':';
}

static bool
host_ok(int c)
{
	return unreserved_or_sub(c);
}

static bool
path_ok(int c)
{
	return unreserved_or_sub(c) || c == ':' || c == '@' || c == '/';
}

static bool
query_ok(int c)
{
	return path_ok(c) || c == '?';
}

/*
 * URL (http or https) as a URI the "uri" format of JSON Schema accepts
 * (RFC 3986): each byte that may not stand where it is percent-encoded,
 * white space at the ends dropped. NULL when it is not an http(s) URL
 * with a host (IPv6 literals included: not worth the risk), or too long.
 * Allocated.
 */
static char *
uri_clean(const char *url)
{
	const char *auth, *host, *colon, *p, *rest, *q, *f;
	char *copy, *out = NULL, *o;
	size_t skip, n, alen;

	while (isspace((unsigned char)*url))
		url++;
	n = strlen(url);
	while (n > 0 && isspace((unsigned char)url[n - 1]))
		n--;
	copy = xstrndup(url, n);
	if (strncasecmp(copy, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(copy, "http://", 7) == 0)
		skip = 7;
	else
		goto end;
	auth = copy + skip;
	alen = strcspn(auth, "/?#");
	host = auth;
	for (p = auth; p < auth + alen; p++)
		if (*p == '@')
			host = p + 1;
	colon = NULL;
	for (p = host; p < auth + alen; p++)
		if (*p == ':')
			colon = p;
	for (p = colon != NULL ? colon + 1 : auth + alen; p < auth + alen; p++)
		if (!isdigit((unsigned char)*p))
			goto end;
	if ((colon != NULL ? colon : auth + alen) == host ||
	    memchr(host, '[', (size_t)(auth + alen - host)) != NULL ||
	    memchr(host, ']', (size_t)(auth + alen - host)) != NULL)
		goto end;
	out = o = xmalloc(n * 3 + 1);
	for (p = copy; p < auth; p++)
		*o++ = (char)tolower((unsigned char)*p);
	if (host > auth) {
		encode(&o, auth, (size_t)(host - 1 - auth), userinfo_ok);
		*o++ = '@';
	}
	encode(&o, host, (size_t)((colon != NULL ? colon : auth + alen) -
	    host), host_ok);
	if (colon != NULL) {
		memcpy(o, colon, (size_t)(auth + alen - colon));
		o += auth + alen - colon;
	}
	rest = auth + alen;
	q = rest + strcspn(rest, "?#");
	f = rest + strcspn(rest, "#");
	encode(&o, rest, (size_t)(q - rest), path_ok);
	if (q < f) {
		*o++ = '?';
		encode(&o, q + 1, (size_t)(f - q - 1), query_ok);
	}
	if (*f == '#') {
		*o++ = '#';
		encode(&o, f + 1, strlen(f + 1), query_ok);
	}
	*o = '\0';
	if (o - out > CVE_URL_MAX) {
		free(out);
		out = NULL;
	}
end:
	free(copy);
	return out;
}

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
		u = i == 0 ? str(item, "url") : json_string_value(json_array_get(
		    json_object_get(item, "references"), i - 1));
		if (u == NULL || (clean = uri_clean(u)) == NULL)
			continue;
		r = json_object();
		put(r, "url", json_string(clean));
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
		if (!isdigit((unsigned char)*v))
			return false;
		while (isdigit((unsigned char)*v))
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
	if (range == NULL || nonblank(range) == NULL) {
		b->is_all = true;
		return true;
	}
	copy = xstrdup(range);
	for (p = copy; *p != '\0'; p++)
		if (*p == ',' || isspace((unsigned char)*p))
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

	if (cycle != NULL && nonblank(cycle) == NULL)
		cycle = NULL;
	if (!bounds_parse(range, &b) || b.exact != NULL) {
		put_version(v, "version", b.exact != NULL ? b.exact : range);
		put(v, "status", json_string(status));
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
	put(v, "status", json_string(status));
	if (b.le != NULL)
		put_version(v, "lessThanOrEqual", b.le);
	else
		put_version(v, "lessThan", b.lt != NULL ? b.lt : star);
	put(v, "versionType", json_string(type));
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
		name = str(row, "name");
		if (name == NULL || nonblank(name) == NULL)
			name = str(row, "product");
		if (name == NULL || nonblank(name) == NULL)
			continue;
		eco = str(row, "ecosystem");
		pkg = str(row, "package");
		e = ecosystem_index(eco);
		key = xasprintf("%s\x1f%s\x1f%s", name, eco != NULL ? eco : "",
		    pkg != NULL ? pkg : "");
		if ((pos = json_object_get(index, key)) != NULL)
			a = json_array_get(out, (size_t)json_integer_value(pos));
		else {
			put(index, key, json_integer((json_int_t)
			    json_array_size(out)));
			a = json_object();
			put_text(a, "vendor", vendor, CVE_VENDOR_MAX);
			put_text(a, "product", name, CVE_PRODUCT_MAX);
			if (e >= 0 && pkg != NULL && nonblank(pkg) != NULL) {
				put(a, "collectionURL",
				    json_string(ecosystems[e].collection));
				put_text(a, "packageName", pkg, CVE_PRODUCT_MAX);
			}
			put(a, "versions", json_array());
			/* Versions no row names: not known either way. */
			put(a, "defaultStatus", json_string("unknown"));
			push(out, a);
		}
		free(key);
		push_unique(json_object_get(a, "versions"), version_entry(
		    str(row, "cycle"), str(row, "range"),
		    cve_status(str(row, "status")),
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
		    (char)toupper((unsigned char)*p);
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
		put(o, m[i].json, json_string(e));
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

	if (c == NULL || str(c, "vector") == NULL ||
	    cvss_score(str(c, "vector"), &r, NULL) != ST_OK)
		return NULL;
	v = r.version == CVSS_V4_0 ? &r.score : &r.base;
	o = json_object();
	put(o, "version", json_string(r.version == CVSS_V4_0 ? "4.0" : "3.1"));
	put(o, "vectorString", json_string(r.vector));
	put_metrics(o, r.version, r.vector);
	put(o, "baseScore", json_real(v->score));
	sev = enum_name(v->severity != NULL ? v->severity :
	    cvss_severity(r.version, v->score));
	put(o, "baseSeverity", json_string(sev));
	free(sev);
	m = json_object();
	put(m, "format", json_string("CVSS"));
	sc = json_array();
	push(sc, english("GENERAL"));
	put(m, "scenarios", sc);
	put(m, r.version == CVSS_V4_0 ? "cvssV4_0" : "cvssV3_1", o);
	return m;
}

/* The item's CVSS, and its v3.1 vector beside a v4.0 one. */
static json_t *
metrics(const json_t *item)
{
	json_t *out = json_array(), *m;

	if ((m = metric(json_object_get(item, "cvss"))) != NULL)
		push(out, m);
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
		if (nonblank(line) == NULL)
			continue;
		d = english(line);
		if (type != NULL)
			put(d, "type", json_string(type));
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
		put(o, key, arr);
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
	return nonblank(str(json_object_get(item, "answers"), id));
}

static json_t *
cna_container(const json_t *item, const char *org, const char *shortname,
    const char *vendor, const char *ref, struct err *err)
{
	json_t *cna = json_object(), *pm = json_object(), *list;
	const char *t, *updated;

	updated = str(item, "updated_at") != NULL ? str(item, "updated_at") :
	    str(item, "published_at");
	put(pm, "orgId", json_string(org));
	put(pm, "shortName", json_string(shortname));
	put_time(pm, "dateUpdated", updated);
	put(cna, "providerMetadata", pm);
	put_time(cna, "datePublic", str(item, "first_published_at"));
	if ((t = nonblank(str(item, "title"))) != NULL ||
	    (t = answer(item, "title")) != NULL)
		put_text(cna, "title", t, CVE_TITLE_MAX);
	if ((t = answer(item, "summary")) == NULL &&
	    (t = nonblank(str(json_object_get(item, "incident"), "summary"))) ==
	    NULL && (t = nonblank(str(item, "title"))) == NULL) {
		err_set(err, ST_INVALID, "%s: a CVE record needs a description: "
		    "answer \"summary\"", ref);
		goto bad;
	}
	list = json_array();
	push(list, english(t));
	put(cna, "descriptions", list);
	list = affected(item, vendor);
	if (json_array_size(list) == 0) {
		json_decref(list);
		err_set(err, ST_INVALID, "%s: a CVE record needs the affected "
		    "products: answer \"products\"", ref);
		goto bad;
	}
	put(cna, "affected", list);
	list = references(item);
	if (json_array_size(list) == 0) {
		json_decref(list);
		err_set(err, ST_INVALID, "%s: a CVE record needs a reference: "
		    "set site.url, or answer \"references\" with https URLs", ref);
		goto bad;
	}
	put(cna, "references", list);
	put_list(cna, "metrics", metrics(item));
	if ((t = answer(item, "customer-actions")) != NULL) {
		list = json_array();
		push(list, english(t));
		put(cna, "solutions", list);
	}
	if ((t = answer(item, "workaround")) != NULL) {
		list = json_array();
		push(list, english(t));
		put(cna, "workarounds", list);
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
	ref = str(item, "ref") != NULL ? str(item, "ref") : "the advisory";
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
	if ((name = nonblank(str(site, "publisher_name"))) == NULL)
		return err_set(err, ST_INVALID, "the CVE record of %s needs "
		    "publisher.name set: herald settings set publisher.name "
		    "NAME", cve_id);
	ns = str(site, "publisher_namespace") != NULL ?
	    str(site, "publisher_namespace") : str(site, "site_url");
	if (uuid_ok(v = str(site, "cve_org_id")))
		snprintf(org, sizeof org, "%s", v);
	else if (ns != NULL)
		org_uuid(ns, org);
	else
		return err_set(err, ST_INVALID, "the CVE record of %s needs "
		    "publisher.namespace or site.url set: herald settings set "
		    "site.url URL", cve_id);
	if ((v = str(site, "cve_short_name")) != NULL)
		shortname = short_name(v, ns != NULL ? ns : name);
	else
		shortname = short_name(name, ns != NULL ? ns : name);

	if ((cna = cna_container(item, org, shortname, name, ref, err)) == NULL)
		goto end;
	r = json_object();
	put(r, "dataType", json_string("CVE_RECORD"));
	put(r, "dataVersion", json_string("5.1"));
	meta = json_object();
	put(meta, "cveId", json_string(cve_id));
	put(meta, "assignerOrgId", json_string(org));
	put(meta, "assignerShortName", json_string(shortname));
	put(meta, "state", json_string("PUBLISHED"));
	put_time(meta, "datePublished", str(item, "first_published_at"));
	put_time(meta, "dateUpdated", str(item, "updated_at") != NULL ?
	    str(item, "updated_at") : str(item, "published_at"));
	put(r, "cveMetadata", meta);
	containers = json_object();
	put(containers, "cna", cna);
	put(r, "containers", containers);
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
	char *text;
	enum status st;
	size_t n;

	*out = NULL;
	*len = 0;
	if ((st = cverecord_build(site, item, cve_id, &rec, err)) != ST_OK)
		return st;
	/* Three significant digits print scores as 9.8, never 9.80000001. */
	text = json_dumps(rec, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(3));
	json_decref(rec);
	if (text == NULL)
		die("out of memory");
	n = strlen(text);
	*out = xmalloc(n + 2);
	memcpy(*out, text, n);
	(*out)[n] = '\n';
	(*out)[n + 1] = '\0';
	*len = n + 1;
	free(text);
	return ST_OK;
}
