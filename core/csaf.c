/* core/csaf.c - CSAF 2.0 documents made from a document-model item:
 * csaf_security_advisory, csaf_vex and csaf_security_incident_response.
 * Every document is meant to pass the CSAF 2.0 schema and the standard's
 * mandatory tests (section 6.1) whatever text the item holds: strings go
 * through jansson, URLs are made RFC 3986 URIs or left out, and what the
 * profiles require (notes, references, product statuses, impact and
 * action statements) is either built or refused naming the field. */
#include "config.h"

#include "core/csaf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/cvss.h"
#include "core/version.h"
#include "util/xalloc.h"

#define CSAF_DIR      ".well-known/csaf/"
#define CSAF_TLP_DIR  "white/"
#define TLP_URL       "https://www.first.org/tlp/"

/* The product statuses, in the order CSAF lists them. */
enum pstat { PS_AFFECTED, PS_FIXED, PS_NOT_AFFECTED, PS_INVESTIGATING,
	PS_COUNT };
static const char *const pstat_names[PS_COUNT] = {
	"known_affected", "fixed", "known_not_affected", "under_investigation",
};

/* What one document is being built from, and what it has so far. */
struct build {
	enum csaf_category cat;
	const json_t      *site, *item;
	json_t            *ids[PS_COUNT];  /* product ids by status */
	json_t            *flags;          /* { label: [ product ids ] } */
	const char        *summary;        /* the vulnerability's description */
	bool               ca_used;        /* customer-actions remediated */
	bool               wa_used;        /* workaround remediated */
};

/* --- small helpers ----------------------------------------------------- */

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

/* KEY of O as a string with something other than white space, or NULL. */
static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key)), *p;

	for (p = s; p != NULL && *p != '\0'; p++)
		if (!isspace((unsigned char)*p))
			return s;
	return NULL;
}

/* The reader's text of answer ID of the item, or NULL. */
static const char *
answer(const json_t *item, const char *id)
{
	return str(json_object_get(item, "answers"), id);
}

static json_t *
note(const char *category, const char *title, const char *text)
{
	json_t *n = json_object();

	put(n, "category", json_string(category));
	if (title != NULL)
		put(n, "title", json_string(title));
	put(n, "text", json_string(text));
	return n;
}

/* Whether byte C may stand as it is in a URI's path, query or fragment
 * (RFC 3986: unreserved, sub-delims, ':', '@', '/', '?'). */
static bool
uri_char_ok(int c)
{
	return isalnum(c) || strchr("-._~!$&'()*+,;=:@/?", c) != NULL;
}

/*
 * URL (http or https, an ASCII host name or address with an optional
 * port) as a URI the "uri" format of JSON Schema accepts: every other
 * byte of the rest percent-encoded. NULL when it is not such a URL.
 * Allocated.
 */
static char *
uri_clean(const char *url)
{
	const char *p, *host, *end;
	size_t n, skip, hlen, i;
	bool had_hash = false;
	char *out, *o;

	while (isspace((unsigned char)*url))
		url++;
	n = strlen(url);
	while (n > 0 && isspace((unsigned char)url[n - 1]))
		n--;
	if (n >= 8 && strncasecmp(url, "https://", 8) == 0)
		skip = 8;
	else if (n >= 7 && strncasecmp(url, "http://", 7) == 0)
		skip = 7;
	else
		return NULL;
	host = url + skip;
	end = url + n;
	for (hlen = 0; host + hlen < end && strchr("/?#", host[hlen]) == NULL;
	    hlen++)
		if (!isalnum((unsigned char)host[hlen]) &&
		    strchr(".-:", host[hlen]) == NULL)
			return NULL;
	if (hlen == 0 || host[0] == ':' || host[0] == '.' || n > 4000)
		return NULL;
	out = o = xmalloc(n * 3 + 1);
	for (i = 0; i < skip; i++)
		*o++ = (char)tolower((unsigned char)url[i]);
	for (i = 0; i < hlen; i++)
		*o++ = (char)tolower((unsigned char)host[i]);
	for (p = host + hlen; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '#' && !had_hash) {
			had_hash = true;
			*o++ = '#';
		} else if (c == '%' && p + 2 < end &&
		    isxdigit((unsigned char)p[1]) &&
		    isxdigit((unsigned char)p[2]))
			*o++ = '%';
		else if (c < 0x80 && uri_char_ok(c))
			*o++ = (char)c;
		else
			o += sprintf(o, "%%%02X", c);
	}
	*o = '\0';
	return out;
}

static json_t *
reference(const char *category, const char *summary, const char *url)
{
	json_t *r;
	char *u;

	if (url == NULL || summary == NULL || (u = uri_clean(url)) == NULL)
		return NULL;
	r = json_object();
	put(r, "category", json_string(category));
	put(r, "summary", json_string(summary));
	put(r, "url", json_string(u));
	free(u);
	return r;
}

/* Append reference R (may be NULL) to A unless its URL is there. */
static void
push_ref(json_t *a, json_t *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < json_array_size(a); i++)
		if (json_equal(json_object_get(json_array_get(a, i), "url"),
		    json_object_get(r, "url"))) {
			json_decref(r);
			return;
		}
	push(a, r);
}

/* --- names ------------------------------------------------------------- */

int
csaf_category_from_format(const char *format)
{
	if (format == NULL)
		return -1;
	if (strcmp(format, "csaf") == 0)
		return CSAF_ADVISORY;
	if (strcmp(format, "csaf-vex") == 0)
		return CSAF_VEX;
	if (strcmp(format, "csaf-incident") == 0)
		return CSAF_INCIDENT;
	return -1;
}

static const char *
category_name(enum csaf_category cat)
{
	switch (cat) {
	case CSAF_VEX:
		return "csaf_vex";
	case CSAF_INCIDENT:
		return "csaf_security_incident_response";
	case CSAF_ADVISORY:
	default:
		return "csaf_security_advisory";
	}
}

/*
 * The incident's reference for the advisory itself ("SEC-2026-004"), the
 * reference and the rest of the item's slug for anything else
 * ("SEC-2026-004-customer-notice"): the slug is unique among items and
 * stable, so the id is too.
 */
char *
csaf_tracking_id(const json_t *item)
{
	const char *ref = str(item, "ref"), *slug = str(item, "slug"),
	    *kind = str(item, "kind");
	const char *suffix = NULL;
	size_t n, i;

	if (ref == NULL || strpbrk(ref, " \t\n\r") != NULL)
		return NULL;
	n = strlen(ref);
	if (slug != NULL && strlen(slug) > n && slug[n] == '-') {
		for (i = 0; i < n; i++)
			if (tolower((unsigned char)slug[i]) !=
			    tolower((unsigned char)ref[i]))
				break;
		if (i == n)
			suffix = slug + n;
	}
	if (suffix == NULL && kind != NULL)
		return strcmp(kind, "advisory") == 0 ? xstrdup(ref) :
		    xasprintf("%s-%s", ref, kind);
	if (suffix == NULL || strcmp(suffix, "-advisory") == 0)
		return xstrdup(ref);
	return xasprintf("%s%s", ref, suffix);
}

/* CSAF 2.0 section 5.1: the tracking id in lower case, each run of
 * characters other than [a-z0-9+-] as one '_', then ".json". */
char *
csaf_file_name(const json_t *item)
{
	char *id = csaf_tracking_id(item), *out, *o;
	const unsigned char *p;
	bool in_run = false;

	if (id == NULL)
		return NULL;
	out = o = xmalloc(strlen(id) + sizeof ".json");
	for (p = (const unsigned char *)id; *p != '\0'; p++) {
		int c = *p < 0x80 ? tolower(*p) : 0;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '+' || c == '-') {
			*o++ = (char)c;
			in_run = false;
		} else if (!in_run) {
			*o++ = '_';
			in_run = true;
		}
	}
	strcpy(o, ".json");
	free(id);
	return out;
}

/* --- document ---------------------------------------------------------- */

static enum status
publisher(const json_t *site, json_t **out, struct err *err)
{
	const char *name = str(site, "publisher_name"),
	    *ns = str(site, "publisher_namespace"),
	    *contact = str(site, "publisher_contact");
	json_t *p;
	char *u;

	*out = NULL;
	if (name == NULL)
		return err_set(err, ST_INVALID, "publisher.name: CSAF documents "
		    "name their publisher (herald settings set publisher.name "
		    "NAME)");
	if (ns == NULL || (u = uri_clean(ns)) == NULL)
		return err_set(err, ST_INVALID, "publisher.namespace: CSAF "
		    "documents need the publisher's namespace, an https URL "
		    "(herald settings set publisher.namespace URL, or set "
		    "site.url)");
	p = json_object();
	put(p, "category", json_string("vendor"));
	put(p, "name", json_string(name));
	put(p, "namespace", json_string(u));
	if (contact != NULL)
		put(p, "contact_details", json_string(contact));
	free(u);
	*out = p;
	return ST_OK;
}

/* "Critical" from "critical"; NULL for nothing. Allocated. */
static char *
capitalised(const char *s)
{
	char *c;

	if (s == NULL)
		return NULL;
	c = xstrdup(s);
	c[0] = (char)toupper((unsigned char)c[0]);
	return c;
}

static void
aggregate_severity(struct build *b, json_t *doc)
{
	const char *sev = str(json_object_get(b->item, "cvss"), "severity");
	char *text = NULL;
	json_t *a;

	if (sev == NULL)
		sev = str(json_object_get(b->item, "incident"), "severity");
	if (sev == NULL || b->cat == CSAF_VEX)
		return;
	text = capitalised(sev);
	a = json_object();
	put(a, "text", json_string(text));
	put(doc, "aggregate_severity", a);
	free(text);
}

static void
distribution(json_t *doc)
{
	json_t *d = json_object(), *tlp = json_object();

	put(tlp, "label", json_string("WHITE"));
	put(tlp, "url", json_string(TLP_URL));
	put(d, "tlp", tlp);
	put(doc, "distribution", d);
}

/* The fields whose answers go elsewhere than a document note. */
static bool
note_skips(const struct build *b, const char *id)
{
	if (strcmp(id, "references") == 0 || strcmp(id, "credits") == 0)
		return true;
	if (strcmp(id, "customer-actions") == 0)
		return b->ca_used;
	if (strcmp(id, "workaround") == 0)
		return b->wa_used;
	return false;
}

/* Whether ID's answer is what the document is mainly about. */
static bool
is_summary_field(const char *id)
{
	return strcmp(id, "summary") == 0 || strcmp(id, "statement") == 0 ||
	    strcmp(id, "customer-notice") == 0;
}

/*
 * The document's notes: each answered text of several lines the reader
 * sees, titled by its label (the main one as the summary, the
 * plain-language one as general), and the withdrawal when there is one.
 */
static json_t *
doc_notes(const struct build *b)
{
	const json_t *fields = json_object_get(b->item, "fields"), *f;
	json_t *notes = json_array();
	const char *id, *text, *label, *why;
	bool has_summary = false;
	size_t i;
	char *w;

	json_array_foreach(fields, i, f) {
		id = str(f, "id");
		text = str(f, "text");
		label = str(f, "label");
		if (id == NULL || text == NULL ||
		    !json_is_true(json_object_get(f, "is_multiline")) ||
		    note_skips(b, id))
			continue;
		if (is_summary_field(id) && !has_summary) {
			push(notes, note("summary", label != NULL ? label :
			    "Summary", text));
			has_summary = true;
		} else if (strcmp(id, "plain-summary") == 0)
			push(notes, note("general", label != NULL ? label :
			    "Plain-language summary", text));
		else
			push(notes, note("details", label, text));
	}
	if (!has_summary && b->summary != NULL && json_array_size(fields) == 0)
		json_array_insert_new(notes, 0, note("summary", "Summary",
		    b->summary));
	if (json_is_true(json_object_get(b->item, "is_withdrawn"))) {
		why = str(b->item, "withdrawn_reason");
		w = why != NULL ? xasprintf("This document was withdrawn: %s",
		    why) : xstrdup("This document was withdrawn.");
		push(notes, note("general", "Withdrawn", w));
		free(w);
	}
	return notes;
}

/* This document's own addresses, the related ones, the references the
 * author gave; for an incident response, at least one external one. */
static json_t *
doc_references(const struct build *b, const char *file)
{
	const json_t *refs = json_object_get(b->item, "references"), *pir, *r;
	const char *site_url = str(b->site, "site_url"), *kl, *t;
	json_t *out = json_array(), *ref;
	bool has_external = false;
	char *u, *s;
	size_t i;

	if (site_url != NULL && file != NULL) {
		u = xasprintf("%s%s" CSAF_DIR CSAF_TLP_DIR "%s", site_url,
		    site_url[strlen(site_url) - 1] == '/' ? "" : "/", file);
		push_ref(out, reference("self", "This document (CSAF)", u));
		free(u);
	}
	kl = str(b->item, "kind_label");
	s = xasprintf("%s (web page)", kl != NULL ? kl : "This document");
	push_ref(out, reference("self", s, str(b->item, "url")));
	free(s);
	pir = json_object_get(b->item, "pir");
	if ((t = str(pir, "title")) != NULL) {
		s = xasprintf("Post-incident report: %s", t);
		if ((ref = reference("external", s, str(pir, "url"))) != NULL)
			has_external = true;
		push_ref(out, ref);
		free(s);
	}
	json_array_foreach(refs, i, r) {
		const char *url = json_string_value(r);

		ref = url != NULL ? reference("external", url, url) : NULL;
		if (ref != NULL)
			has_external = true;
		push_ref(out, ref);
	}
	if (b->cat == CSAF_INCIDENT && !has_external && site_url != NULL) {
		t = str(b->site, "site_title");
		push_ref(out, reference("external", t != NULL ? t :
		    "Security information", site_url));
	}
	return out;
}

/* The published revisions, numbered 1, 2, ... with the last the item's
 * revision, as CSAF's mandatory tests 6.1.14, 6.1.16 and 6.1.21 ask. */
static enum status
revision_history(const struct build *b, long long revision,
    const char *initial, const char *current, json_t **out,
    struct err *err)
{
	const json_t *revs = json_object_get(b->item, "revisions"), *r;
	const char *date, *why;
	json_t *h = json_array(), *e;
	long long n = 0, num;
	char nbuf[32], *s;
	size_t i;

	*out = NULL;
	json_array_foreach(revs, i, r) {
		num = json_integer_value(json_object_get(r, "revision"));
		if (num != ++n) {
			json_decref(h);
			return err_set(err, ST_INVALID, "revisions: revision %lld "
			    "where %lld was expected; CSAF needs the revision "
			    "history without gaps", num, n);
		}
		date = str(r, "published_at");
		if (date == NULL)
			date = current;
		why = str(r, "reason_label");
		if (why == NULL)
			why = str(r, "reason");
		if (why == NULL)
			why = n == 1 ? "Initial release" : "Update";
		snprintf(nbuf, sizeof nbuf, "%lld", num);
		e = json_object();
		put(e, "date", json_string(date));
		put(e, "number", json_string(nbuf));
		put(e, "summary", json_string(why));
		push(h, e);
	}
	if (n == 0 && revision == 1) {
		e = json_object();
		put(e, "date", json_string(initial));
		put(e, "number", json_string("1"));
		put(e, "summary", json_string("Initial release"));
		push(h, e);
		n = 1;
	}
	if (n != revision) {
		json_decref(h);
		return err_set(err, ST_INVALID, "revisions: the history ends at "
		    "revision %lld but the document is revision %lld", n,
		    revision);
	}
	if (json_is_true(json_object_get(b->item, "is_withdrawn"))) {
		e = json_array_get(h, json_array_size(h) - 1);
		why = str(b->item, "withdrawn_reason");
		s = xasprintf("%s; withdrawn%s%s", json_string_value(
		    json_object_get(e, "summary")), why != NULL ? ": " : "",
		    why != NULL ? why : "");
		put(e, "summary", json_string(s));
		free(s);
	}
	*out = h;
	return ST_OK;
}

static enum status
tracking(const struct build *b, json_t **out, struct err *err)
{
	const char *initial = str(b->item, "first_published_at"),
	    *current = str(b->item, "updated_at"), *status;
	long long revision = json_integer_value(json_object_get(b->item,
	    "revision"));
	json_t *t, *hist = NULL, *gen, *eng;
	char *id, vbuf[32];
	enum status st;

	*out = NULL;
	if ((id = csaf_tracking_id(b->item)) == NULL)
		return err_set(err, ST_INVALID, "ref: a CSAF document needs the "
		    "incident's reference for its tracking id");
	if (current == NULL)
		current = str(b->item, "published_at");
	if (initial == NULL)
		initial = current;
	if (current == NULL) {
		free(id);
		return err_set(err, ST_INVALID, "updated_at: a CSAF document "
		    "needs its release date");
	}
	if (revision < 1) {
		free(id);
		return err_set(err, ST_INVALID, "revision: a CSAF document needs "
		    "its revision, a number from 1");
	}
	if ((st = revision_history(b, revision, initial, current, &hist,
	    err)) != ST_OK) {
		free(id);
		return st;
	}
	if (json_is_true(json_object_get(b->item, "is_draft")))
		status = "draft";
	else if (json_array_size(b->ids[PS_INVESTIGATING]) > 0 &&
	    !json_is_true(json_object_get(b->item, "is_withdrawn")))
		status = "interim";     /* still being assessed: expect more */
	else
		status = "final";
	snprintf(vbuf, sizeof vbuf, "%lld", revision);
	t = json_object();
	put(t, "id", json_string(id));
	put(t, "status", json_string(status));
	put(t, "version", json_string(vbuf));
	put(t, "revision_history", hist);
	put(t, "initial_release_date", json_string(initial));
	put(t, "current_release_date", json_string(current));
	eng = json_object();
	put(eng, "name", json_string("herald"));
	put(eng, "version", json_string(version_get()->version));
	gen = json_object();
	put(gen, "engine", eng);
	put(t, "generator", gen);
	free(id);
	*out = t;
	return ST_OK;
}

/* The year of the initial release and the file name: "2026/x.json". */
static char *
layout_path(const json_t *item)
{
	const char *initial = str(item, "first_published_at");
	char *name, *path;

	if (initial == NULL)
		initial = str(item, "updated_at");
	if (initial == NULL || strlen(initial) < 4 ||
	    (name = csaf_file_name(item)) == NULL)
		return NULL;
	path = xasprintf("%.4s/%s", initial, name);
	free(name);
	return path;
}

static enum status
document(struct build *b, json_t **out, struct err *err)
{
	const char *title = str(b->item, "title"),
	    *credits = answer(b->item, "credits");
	json_t *doc = NULL, *pub = NULL, *track = NULL, *notes, *refs, *ack;
	char *path;
	enum status st;

	*out = NULL;
	if ((st = publisher(b->site, &pub, err)) != ST_OK ||
	    (st = tracking(b, &track, err)) != ST_OK)
		goto end;
	doc = json_object();
	put(doc, "category", json_string(category_name(b->cat)));
	put(doc, "csaf_version", json_string("2.0"));
	put(doc, "publisher", pub);
	pub = NULL;
	put(doc, "title", json_string(title));
	put(doc, "lang", json_string("en"));
	distribution(doc);
	aggregate_severity(b, doc);
	notes = doc_notes(b);
	if (b->cat == CSAF_INCIDENT && json_array_size(notes) == 0) {
		json_decref(notes);
		st = err_set(err, ST_INVALID, "summary: a CSAF incident response "
		    "needs a summary or details for its reader");
		goto end;
	}
	if (json_array_size(notes) > 0)
		put(doc, "notes", notes);
	else
		json_decref(notes);
	path = layout_path(b->item);
	refs = doc_references(b, path);
	free(path);
	if (b->cat == CSAF_INCIDENT && json_array_size(refs) == 0) {
		json_decref(refs);
		st = err_set(err, ST_INVALID, "references: a CSAF incident "
		    "response needs an external reference (set site.url, or "
		    "answer \"references\" with https URLs)");
		goto end;
	}
	if (json_array_size(refs) > 0)
		put(doc, "references", refs);
	else
		json_decref(refs);
	if (credits != NULL) {
		ack = json_object();
		put(ack, "summary", json_string(credits));
		put(doc, "acknowledgments", json_pack("[o]", ack));
	}
	put(doc, "tracking", track);
	track = NULL;
	*out = doc;
	doc = NULL;
end:
	json_decref(pub);
	json_decref(track);
	json_decref(doc);
	return st;
}

/* --- product tree ------------------------------------------------------ */

/* Whether V reads as one exact version ("5.4.11", "2.18.1-rc1"), which
 * CSAF names product_version; anything else is a range (test 6.1.31). */
static bool
is_exact_version(const char *v)
{
	static const char *const words[] = { "all", "after", "before",
	    "earlier", "later", "prior", "versions", NULL };
	const char *const *w;
	const char *p;
	size_t n = strlen(v);

	if (!isdigit((unsigned char)v[0]))
		return false;
	for (p = v; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr(".-+_", *p) == NULL)
			return false;
	for (w = words; *w != NULL; w++)
		if (strcasecmp(v, *w) == 0)
			return false;
	/* "5.x" is a range; so is "5.4.0-5.4.10", unlike "2.1.0-rc.1". */
	if (n >= 2 && v[n - 2] == '.' && (v[n - 1] == 'x' || v[n - 1] == 'X'))
		return false;
	for (p = strchr(v, '-'); p != NULL; p = strchr(p + 1, '-'))
		if (isdigit((unsigned char)p[1]) && strchr(p + 1, '.') != NULL)
			return false;
	return true;
}

/* The version leaf's category and name for ROW: its range, else its
 * release cycle, else all versions. NAME is allocated. */
static const char *
version_leaf(const json_t *row, char **name)
{
	const char *range = str(row, "range"), *cycle = str(row, "cycle");

	if (range != NULL && strcasecmp(range, "all") == 0)
		range = NULL;
	if (range != NULL) {
		*name = xstrdup(range);
		return is_exact_version(range) ? "product_version" :
		    "product_version_range";
	}
	*name = cycle != NULL ? xasprintf("%s (all versions)", cycle) :
	    xstrdup("all versions");
	return "product_version_range";
}

static json_t *
branch(const char *category, const char *name)
{
	json_t *b = json_object();

	put(b, "category", json_string(category));
	put(b, "name", json_string(name));
	return b;
}

/* purl's type for each GitHub ecosystem with a safe mapping, what
 * separates a package's namespace from its name, and how many segments
 * the type takes. */
static const struct {
	const char *ecosystem, *type;
	char        sep;
	int         min, max;
} purl_types[] = {
	{ "actions", "github", '/', 2, 2 }, { "composer", "composer", '/', 2, 2 },
	{ "erlang", "hex", 0, 1, 1 }, { "go", "golang", '/', 1, 32 },
	{ "maven", "maven", ':', 2, 2 }, { "npm", "npm", '/', 1, 2 },
	{ "nuget", "nuget", 0, 1, 1 }, { "pip", "pypi", 0, 1, 1 },
	{ "pub", "pub", 0, 1, 1 }, { "rubygems", "gem", 0, 1, 1 },
	{ "rust", "cargo", 0, 1, 1 },
};

/* Append S (N bytes) to O, percent-encoded but for unreserved bytes. */
static char *
pct(char *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c) || strchr("-._~", c) != NULL)
			*o++ = (char)c;
		else
			o += sprintf(o, "%%%02X", c);
	}
	return o;
}

/*
 * The package URL of ROW's ecosystem and package (with VERSION when it is
 * one exact version), or NULL when there is none or no safe one: as many
 * segments as the type takes, none empty, no stray '/' or ':'.
 * Allocated.
 */
static char *
purl(const json_t *row, const char *version)
{
	const char *eco = str(row, "ecosystem"), *pkg = str(row, "package"),
	    *p, *seg;
	char *out, *o;
	size_t i, k = SIZE_MAX;
	int segs = 1;

	for (i = 0; eco != NULL && i < sizeof purl_types /
	    sizeof purl_types[0]; i++)
		if (strcmp(purl_types[i].ecosystem, eco) == 0)
			k = i;
	if (k == SIZE_MAX || pkg == NULL || strlen(pkg) > 500 ||
	    strpbrk(pkg, purl_types[k].sep == ':' ? "/" : ":") != NULL ||
	    (purl_types[k].sep == 0 && strchr(pkg, '/') != NULL))
		return NULL;
	for (p = pkg; purl_types[k].sep != 0 && *p != '\0'; p++)
		if (*p == purl_types[k].sep)
			segs++;
	if (segs < purl_types[k].min || segs > purl_types[k].max)
		return NULL;
	out = o = xmalloc(strlen(purl_types[k].type) + 3 * strlen(pkg) +
	    3 * (version != NULL ? strlen(version) : 0) + 16);
	o += sprintf(o, "pkg:%s/", purl_types[k].type);
	for (seg = pkg; ; seg = p + 1) {
		p = purl_types[k].sep != 0 ? strchr(seg, purl_types[k].sep) :
		    NULL;
		if (p == NULL)
			p = seg + strlen(seg);
		if (p == seg) {
			free(out);
			return NULL;
		}
		o = pct(o, seg, (size_t)(p - seg));
		if (*p == '\0')
			break;
		*o++ = '/';
	}
	if (version != NULL) {
		*o++ = '@';
		o = pct(o, version, strlen(version));
	}
	*o = '\0';
	return out;
}

/* The product_name branch of product SLUG under VENDOR, made when new. */
static json_t *
product_branch(json_t *vendor_kids, const char *slug, const char *name)
{
	json_t *b;
	size_t i;

	json_array_foreach(vendor_kids, i, b)
		if (strcmp(json_string_value(json_object_get(b, "x-slug")),
		    slug) == 0)
			return b;
	b = branch("product_name", name);
	put(b, "x-slug", json_string(slug));      /* dropped before output */
	put(b, "branches", json_array());
	push(vendor_kids, b);
	return b;
}

static int
pstat_from_name(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < PS_COUNT; i++)
		if (strcmp(pstat_names[i], s) == 0)
			return i;
	return -1;
}

/* Add ROW (number N from 1) of the products to the tree and statuses. */
static enum status
product_row(struct build *b, json_t *vendor_kids, size_t n,
    const json_t *row, struct err *err)
{
	const char *slug = str(row, "product"), *name = str(row, "name"),
	    *pid = str(row, "product_id"), *just, *cat;
	json_t *pb, *leaf, *prod, *list;
	char *vname, *full, *url, pidbuf[32];
	int ps = pstat_from_name(str(row, "status"));

	if (slug == NULL)
		slug = name;
	if (slug == NULL)
		return err_set(err, ST_INVALID, "products, row %zu: which "
		    "product? (product missing)", n);
	if (ps < 0)
		return err_set(err, ST_INVALID, "products, row %zu: status must "
		    "be known_affected, fixed, known_not_affected or "
		    "under_investigation", n);
	just = str(row, "justification");
	if (ps == PS_NOT_AFFECTED && just == NULL && b->cat == CSAF_VEX &&
	    b->summary == NULL)
		return err_set(err, ST_INVALID, "products, row %zu: known not "
		    "affected needs its justification (CSAF VEX requires an "
		    "impact statement)", n);
	if (pid == NULL) {
		snprintf(pidbuf, sizeof pidbuf, "CSAFPID-%04zu", n);
		pid = pidbuf;
	}
	pb = product_branch(vendor_kids, slug, name != NULL ? name : slug);
	cat = version_leaf(row, &vname);
	full = xasprintf("%s %s", name != NULL ? name : slug, vname);
	leaf = branch(cat, vname);
	prod = json_object();
	put(prod, "name", json_string(full));
	put(prod, "product_id", json_string(pid));
	if ((url = purl(row, strcmp(cat, "product_version") == 0 ? vname :
	    NULL)) != NULL) {
		put(prod, "product_identification_helper", json_pack("{s:s}",
		    "purl", url));
		free(url);
	}
	put(leaf, "product", prod);
	push(json_object_get(pb, "branches"), leaf);
	push(b->ids[ps], json_string(pid));
	if (ps == PS_NOT_AFFECTED && just != NULL) {
		if ((list = json_object_get(b->flags, just)) == NULL) {
			list = json_array();
			put(b->flags, just, list);
		}
		push(list, json_string(pid));
	}
	free(vname);
	free(full);
	return ST_OK;
}

static enum status
product_tree(struct build *b, json_t **out, struct err *err)
{
	const json_t *rows = json_object_get(b->item, "products"), *row;
	const char *vendor = str(b->site, "publisher_name");
	json_t *tree = NULL, *v, *kids = json_array(), *pb;
	enum status st = ST_OK;
	size_t i;

	*out = NULL;
	if (json_array_size(rows) == 0) {
		json_decref(kids);
		return err_set(err, ST_INVALID, "products: a CSAF %s needs at "
		    "least one product with its status", b->cat == CSAF_VEX ?
		    "VEX statement" : "advisory");
	}
	json_array_foreach(rows, i, row)
		if ((st = product_row(b, kids, i + 1, row, err)) != ST_OK) {
			json_decref(kids);
			return st;
		}
	json_array_foreach(kids, i, pb)
		json_object_del(pb, "x-slug");
	v = branch("vendor", vendor != NULL ? vendor : "vendor");
	put(v, "branches", kids);
	tree = json_object();
	put(tree, "branches", json_pack("[o]", v));
	*out = tree;
	return ST_OK;
}

/* --- vulnerabilities --------------------------------------------------- */

static json_t *
ids_union(json_t *a, json_t *b)
{
	json_t *u = json_array();

	if (json_array_extend(u, a) != 0 || json_array_extend(u, b) != 0)
		die("out of memory");
	return u;
}

/* The CVSS v3 vector of the item: cvss_v3, else cvss when it is 3.x,
 * else the "cvss-v3" answer; NULL when none. */
static const char *
cvss3_vector(const json_t *item)
{
	const char *v = str(json_object_get(item, "cvss_v3"), "vector");

	if (v == NULL) {
		v = str(json_object_get(item, "cvss"), "vector");
		if (v != NULL && strncmp(v, "CVSS:3.", 7) != 0)
			v = NULL;
	}
	if (v == NULL)
		v = str(json_object_get(item, "values"), "cvss-v3");
	return v != NULL && strncmp(v, "CVSS:3.", 7) == 0 ? v : NULL;
}

/* The score of the item (CSAF 2.0 carries CVSS v3.x only), for the
 * products it concerns; *OUT NULL when there is none to give. */
static enum status
scores(struct build *b, json_t **out, struct err *err)
{
	const char *v3 = cvss3_vector(b->item),
	    *any = str(json_object_get(b->item, "cvss"), "vector");
	struct cvss_result r;
	json_t *products, *c, *s;
	char sev[16];
	size_t i;
	enum status st;

	*out = NULL;
	if (v3 == NULL) {
		if (any != NULL && b->cat == CSAF_ADVISORY)
			return err_set(err, ST_INVALID, "cvss-v3: the advisory's "
			    "CVSS vector is %.12s, and CSAF 2.0 carries CVSS "
			    "v3.x only: give a v3.1 vector beside it", any);
		return ST_OK;
	}
	if ((st = cvss_score(v3, &r, err)) != ST_OK) {
		err_prefix(err, "cvss-v3");
		return st;
	}
	products = json_array_size(b->ids[PS_AFFECTED]) > 0 ?
	    b->ids[PS_AFFECTED] : b->ids[PS_FIXED];
	if (json_array_size(products) == 0)
		return ST_OK;
	snprintf(sev, sizeof sev, "%s", r.base.severity != NULL ?
	    r.base.severity : "NONE");
	for (i = 0; sev[i] != '\0'; i++)
		sev[i] = (char)toupper((unsigned char)sev[i]);
	c = json_object();
	put(c, "version", json_string("3.1"));
	put(c, "vectorString", json_string(r.vector));
	put(c, "baseScore", json_real((double)(long)(r.base.score * 10 + 0.5) /
	    10));
	put(c, "baseSeverity", json_string(sev));
	s = json_object();
	put(s, "products", json_deep_copy(products));
	put(s, "cvss_v3", c);
	*out = json_pack("[o]", s);
	return ST_OK;
}

static json_t *
remediation(const char *category, const char *details, const json_t *ids)
{
	json_t *r = json_object();

	put(r, "category", json_string(category));
	put(r, "details", json_string(details));
	put(r, "product_ids", json_deep_copy(ids));
	return r;
}

/* What customers should do, for the products it concerns: a vendor fix
 * when a fixed version exists, else no fix available yet; a
 * workaround for the affected ones. */
static enum status
remediations(struct build *b, json_t **out, struct err *err)
{
	const char *ca = answer(b->item, "customer-actions"),
	    *wa = answer(b->item, "workaround");
	json_t *r = json_array(), *both;
	size_t n_aff = json_array_size(b->ids[PS_AFFECTED]);

	*out = NULL;
	both = ids_union(b->ids[PS_AFFECTED], b->ids[PS_FIXED]);
	if (ca != NULL && json_array_size(both) > 0) {
		push(r, remediation(json_array_size(b->ids[PS_FIXED]) > 0 ?
		    "vendor_fix" : "none_available", ca, both));
		b->ca_used = true;
	}
	if (wa != NULL && n_aff > 0) {
		push(r, remediation("workaround", wa, b->ids[PS_AFFECTED]));
		b->wa_used = true;
	}
	if (json_array_size(b->ids[PS_INVESTIGATING]) > 0)
		push(r, remediation("none_available", "Still under "
		    "investigation: this document will be updated when more is "
		    "known.", b->ids[PS_INVESTIGATING]));
	json_decref(both);
	/* CSAF VEX test 6.1.27.10: an action statement for each affected. */
	if (b->cat == CSAF_VEX && n_aff > 0 && !b->ca_used && !b->wa_used) {
		json_decref(r);
		return err_set(err, ST_INVALID, "customer-actions: a VEX "
		    "statement must say what to do about the known affected "
		    "products (CSAF requires an action statement)");
	}
	if (json_array_size(r) > 0)
		*out = r;
	else
		json_decref(r);
	return ST_OK;
}

static json_t *
product_status(const struct build *b)
{
	json_t *ps = json_object();
	int i;

	for (i = 0; i < PS_COUNT; i++)
		if (json_array_size(b->ids[i]) > 0)
			put(ps, pstat_names[i], json_deep_copy(b->ids[i]));
	return ps;
}

static json_t *
flags(const struct build *b)
{
	json_t *out = json_array(), *f, *ids;
	const char *label;

	json_object_foreach(b->flags, label, ids) {
		f = json_object();
		put(f, "label", json_string(label));
		put(f, "product_ids", json_deep_copy(ids));
		push(out, f);
	}
	return out;
}

/* The parts every vulnerability of the item shares. */
struct vparts {
	json_t *scores, *remediations, *flags, *threats;
};

/* One vulnerability: CVE (NULL for one without a CVE id). */
static json_t *
vulnerability(const struct build *b, const struct vparts *p,
    const char *cve)
{
	const char *component = answer(b->item, "component"),
	    *title = str(b->item, "title"),
	    *ref = str(b->item, "ref"), *pub = str(b->site, "publisher_name");
	json_t *v = json_object(), *ids;
	char *t = NULL;

	if (cve != NULL)
		put(v, "cve", json_string(cve));
	else if (ref != NULL && pub != NULL) {
		ids = json_object();
		put(ids, "system_name", json_string(pub));
		put(ids, "text", json_string(ref));
		put(v, "ids", json_pack("[o]", ids));
	}
	if (component != NULL && cve != NULL)
		t = xasprintf("%s in %s", cve, component);
	put(v, "title", json_string(t != NULL ? t : title));
	free(t);
	put(v, "notes", json_pack("[o]", note("description", "Description",
	    b->summary != NULL ? b->summary : title)));
	if (component != NULL)
		push(json_object_get(v, "notes"), note("details",
		    "Component", component));
	put(v, "product_status", product_status(b));
	if (json_array_size(p->flags) > 0)
		put(v, "flags", json_deep_copy(p->flags));
	if (p->threats != NULL)
		put(v, "threats", json_deep_copy(p->threats));
	if (p->scores != NULL)
		put(v, "scores", json_deep_copy(p->scores));
	if (p->remediations != NULL)
		put(v, "remediations", json_deep_copy(p->remediations));
	return v;
}

static enum status
vulnerabilities(struct build *b, json_t **out, struct err *err)
{
	const json_t *cves = json_object_get(b->item, "cves"), *c;
	struct vparts p = { 0 };
	json_t *vs = NULL, *t;
	enum status st;
	size_t i;

	*out = NULL;
	if (b->cat == CSAF_VEX && json_array_size(cves) == 0)
		return err_set(err, ST_INVALID, "cves: a VEX statement names the "
		    "CVEs it is about");
	if ((st = scores(b, &p.scores, err)) != ST_OK ||
	    (st = remediations(b, &p.remediations, err)) != ST_OK)
		goto end;
	p.flags = flags(b);
	/* An impact statement for what is not affected (VEX, 6.1.27.9). */
	if (json_array_size(b->ids[PS_NOT_AFFECTED]) > 0 &&
	    b->cat == CSAF_VEX && b->summary != NULL) {
		t = json_object();
		put(t, "category", json_string("impact"));
		put(t, "details", json_string(b->summary));
		put(t, "product_ids", json_deep_copy(b->ids[PS_NOT_AFFECTED]));
		p.threats = json_pack("[o]", t);
	}
	vs = json_array();
	if (json_array_size(cves) == 0)
		push(vs, vulnerability(b, &p, NULL));
	json_array_foreach(cves, i, c)
		if (json_string_value(c) != NULL)
			push(vs, vulnerability(b, &p, json_string_value(c)));
	*out = vs;
end:
	json_decref(p.scores);
	json_decref(p.remediations);
	json_decref(p.flags);
	json_decref(p.threats);
	return st;
}

/* --- the whole document ------------------------------------------------ */

enum status
csaf_build(enum csaf_category cat, const json_t *site, const json_t *item,
    json_t **doc, struct err *err)
{
	struct build b;
	json_t *d = NULL, *tree = NULL, *vulns = NULL, *out;
	enum status st = ST_OK;
	int i;

	*doc = NULL;
	if (!json_is_object(item))
		return err_set(err, ST_INVALID, "csaf: no item to build from");
	if (cat != CSAF_ADVISORY && cat != CSAF_VEX && cat != CSAF_INCIDENT)
		return err_set(err, ST_INVALID, "csaf: unknown category %d",
		    (int)cat);
	if (str(item, "title") == NULL)
		return err_set(err, ST_INVALID, "title: a CSAF document needs a "
		    "title");
	memset(&b, 0, sizeof b);
	b.cat = cat;
	b.site = site != NULL ? site : json_object_get(item, "site");
	b.item = item;
	for (i = 0; i < PS_COUNT; i++)
		b.ids[i] = json_array();
	b.flags = json_object();
	b.summary = answer(item, cat == CSAF_VEX ? "statement" : "summary");
	if (b.summary == NULL)
		b.summary = answer(item, cat == CSAF_VEX ? "summary" :
		    "statement");
	/* The products and what to do come first: the notes and the
	 * tracking status depend on them. */
	if (cat != CSAF_INCIDENT &&
	    ((st = product_tree(&b, &tree, err)) != ST_OK ||
	    (st = vulnerabilities(&b, &vulns, err)) != ST_OK))
		goto end;
	if ((st = document(&b, &d, err)) != ST_OK)
		goto end;
	out = json_object();
	put(out, "document", d);
	d = NULL;
	if (tree != NULL)
		put(out, "product_tree", tree);
	if (vulns != NULL)
		put(out, "vulnerabilities", vulns);
	tree = vulns = NULL;
	*doc = out;
end:
	json_decref(d);
	json_decref(tree);
	json_decref(vulns);
	for (i = 0; i < PS_COUNT; i++)
		json_decref(b.ids[i]);
	json_decref(b.flags);
	return st;
}

enum status
csaf_render(enum csaf_category cat, const json_t *site, const json_t *item,
    char **out, size_t *len, struct err *err)
{
	json_t *doc = NULL;
	char *text;
	enum status st;

	*out = NULL;
	*len = 0;
	if ((st = csaf_build(cat, site, item, &doc, err)) != ST_OK)
		return st;
	text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(15));
	json_decref(doc);
	if (text == NULL)
		die("out of memory");
	*len = strlen(text);
	*out = xmalloc(*len + 2);
	memcpy(*out, text, *len);
	(*out)[(*len)++] = '\n';
	(*out)[*len] = '\0';
	free(text);
	return ST_OK;
}
