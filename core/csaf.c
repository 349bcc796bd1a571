/* core/csaf.c - CSAF 2.0 documents made from a document-model item:
 * csaf_security_advisory, csaf_vex and csaf_security_incident_response.
 * This file makes the document part (publisher, notes, references,
 * tracking) and puts the whole together; csaf_tree.c makes the product
 * tree and the vulnerabilities.
 * Every document is meant to pass the CSAF 2.0 schema and the standard's
 * mandatory tests (section 6.1) whatever text the item holds: strings go
 * through jansson, URLs are made RFC 3986 URIs or left out, and what the
 * profiles require (notes, references, product statuses, impact and
 * action statements) is either built or refused naming the field. */
#include "config.h"

#include "core/csaf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csaf_priv.h"
#include "core/text.h"
#include "core/version.h"
#include "util/xalloc.h"

#define CSAF_DIR      ".well-known/csaf/"
#define CSAF_TLP_DIR  "white/"
#define TLP_URL       "https://www.first.org/tlp/"
/* The longest URL a reference keeps (the schema sets none). */
#define CSAF_URL_MAX  4000

/* --- small helpers ----------------------------------------------------- */

const char *
csaf_answer(const json_t *item, const char *id)
{
	return jstr_text(json_object_get(item, "answers"), id);
}

json_t *
csaf_note(const char *category, const char *title, const char *text)
{
	json_t *n = json_object();

	jput(n, "category", json_string(category));
	if (title != NULL)
		jput(n, "title", json_string(title));
	jput(n, "text", json_string(text));
	return n;
}

static json_t *
reference(const char *category, const char *summary, const char *url)
{
	json_t *r;
	char *u;

	if (url == NULL || summary == NULL ||
	    (u = text_uri_clean(url, CSAF_URL_MAX, true)) == NULL)
		return NULL;
	r = json_object();
	jput(r, "category", json_string(category));
	jput(r, "summary", json_string(summary));
	jput(r, "url", json_string(u));
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
	jpush(a, r);
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
	const char *ref = jstr_text(item, "ref"),
	    *slug = jstr_text(item, "slug"),
	    *kind = jstr_text(item, "kind");
	const char *suffix = NULL;
	size_t n, i;

	if (ref == NULL || strpbrk(ref, " \t\n\r") != NULL)
		return NULL;
	n = strlen(ref);
	if (slug != NULL && strlen(slug) > n && slug[n] == '-') {
		for (i = 0; i < n; i++)
			if (text_to_lower((unsigned char)slug[i]) !=
			    text_to_lower((unsigned char)ref[i]))
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
		int c = text_to_lower(*p);

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
	const char *name = jstr_text(site, "publisher_name"),
	    *ns = jstr_text(site, "publisher_namespace"),
	    *contact = jstr_text(site, "publisher_contact");
	json_t *p;
	char *u;

	*out = NULL;
	if (name == NULL)
		return err_set(err, ST_INVALID, "publisher.name: CSAF documents "
		    "name their publisher (herald settings set publisher.name "
		    "NAME)");
	if (ns == NULL || (u = text_uri_clean(ns, CSAF_URL_MAX, true)) == NULL)
		return err_set(err, ST_INVALID, "publisher.namespace: CSAF "
		    "documents need the publisher's namespace, an https URL "
		    "(herald settings set publisher.namespace URL, or set "
		    "site.url)");
	p = json_object();
	jput(p, "category", json_string("vendor"));
	jput(p, "name", json_string(name));
	jput(p, "namespace", json_string(u));
	if (contact != NULL)
		jput(p, "contact_details", json_string(contact));
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
	c[0] = (char)text_to_upper((unsigned char)c[0]);
	return c;
}

static void
aggregate_severity(struct build *b, json_t *doc)
{
	const char *sev = jstr_text(json_object_get(b->item, "cvss"),
	    "severity");
	char *text = NULL;
	json_t *a;

	if (sev == NULL)
		sev = jstr_text(json_object_get(b->item, "incident"),
		    "severity");
	if (sev == NULL || b->cat == CSAF_VEX)
		return;
	text = capitalised(sev);
	a = json_object();
	jput(a, "text", json_string(text));
	jput(doc, "aggregate_severity", a);
	free(text);
}

static void
distribution(json_t *doc)
{
	json_t *d = json_object(), *tlp = json_object();

	jput(tlp, "label", json_string("WHITE"));
	jput(tlp, "url", json_string(TLP_URL));
	jput(d, "tlp", tlp);
	jput(doc, "distribution", d);
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
		id = jstr_text(f, "id");
		text = jstr_text(f, "text");
		label = jstr_text(f, "label");
		if (id == NULL || text == NULL ||
		    !json_is_true(json_object_get(f, "is_multiline")) ||
		    note_skips(b, id))
			continue;
		if (is_summary_field(id) && !has_summary) {
			jpush(notes, csaf_note("summary", label != NULL ?
			    label : "Summary", text));
			has_summary = true;
		} else if (strcmp(id, "plain-summary") == 0)
			jpush(notes, csaf_note("general", label != NULL ?
			    label : "Plain-language summary", text));
		else
			jpush(notes, csaf_note("details", label, text));
	}
	if (!has_summary && b->summary != NULL && json_array_size(fields) == 0)
		if (json_array_insert_new(notes, 0, csaf_note("summary",
		    "Summary", b->summary)) != 0)
			die("out of memory");
	if (json_is_true(json_object_get(b->item, "is_withdrawn"))) {
		why = jstr_text(b->item, "withdrawn_reason");
		w = why != NULL ? xasprintf("This document was withdrawn: %s",
		    why) : xstrdup("This document was withdrawn.");
		jpush(notes, csaf_note("general", "Withdrawn", w));
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
	const char *site_url = jstr_text(b->site, "site_url"), *kl, *t;
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
	kl = jstr_text(b->item, "kind_label");
	s = xasprintf("%s (web page)", kl != NULL ? kl : "This document");
	push_ref(out, reference("self", s, jstr_text(b->item, "url")));
	free(s);
	pir = json_object_get(b->item, "pir");
	if ((t = jstr_text(pir, "title")) != NULL) {
		s = xasprintf("Post-incident report: %s", t);
		if ((ref = reference("external", s, jstr_text(pir, "url"))) !=
		    NULL)
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
		t = jstr_text(b->site, "site_title");
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
		date = jstr_text(r, "published_at");
		if (date == NULL)
			date = current;
		why = jstr_text(r, "reason_label");
		if (why == NULL)
			why = jstr_text(r, "reason");
		if (why == NULL)
			why = n == 1 ? "Initial release" : "Update";
		snprintf(nbuf, sizeof nbuf, "%lld", num);
		e = json_object();
		jput(e, "date", json_string(date));
		jput(e, "number", json_string(nbuf));
		jput(e, "summary", json_string(why));
		jpush(h, e);
	}
	if (n == 0 && revision == 1) {
		e = json_object();
		jput(e, "date", json_string(initial));
		jput(e, "number", json_string("1"));
		jput(e, "summary", json_string("Initial release"));
		jpush(h, e);
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
		why = jstr_text(b->item, "withdrawn_reason");
		s = xasprintf("%s; withdrawn%s%s", json_string_value(
		    json_object_get(e, "summary")), why != NULL ? ": " : "",
		    why != NULL ? why : "");
		jput(e, "summary", json_string(s));
		free(s);
	}
	*out = h;
	return ST_OK;
}

static enum status
tracking(const struct build *b, json_t **out, struct err *err)
{
	const char *initial = jstr_text(b->item, "first_published_at"),
	    *current = jstr_text(b->item, "updated_at"), *status;
	long long revision = json_integer_value(json_object_get(b->item,
	    "revision"));
	json_t *t, *hist = NULL, *gen, *eng;
	char *id, vbuf[32];
	enum status st = ST_OK;

	*out = NULL;
	if ((id = csaf_tracking_id(b->item)) == NULL)
		return err_set(err, ST_INVALID, "ref: a CSAF document needs the "
		    "incident's reference for its tracking id");
	if (current == NULL)
		current = jstr_text(b->item, "published_at");
	if (initial == NULL)
		initial = current;
	if (current == NULL) {
		st = err_set(err, ST_INVALID, "updated_at: a CSAF document "
		    "needs its release date");
		goto end;
	}
	if (revision < 1) {
		st = err_set(err, ST_INVALID, "revision: a CSAF document needs "
		    "its revision, a number from 1");
		goto end;
	}
	if ((st = revision_history(b, revision, initial, current, &hist,
	    err)) != ST_OK)
		goto end;
	if (json_is_true(json_object_get(b->item, "is_draft")))
		status = "draft";
	else if (json_array_size(b->ids[PS_INVESTIGATING]) > 0 &&
	    !json_is_true(json_object_get(b->item, "is_withdrawn")))
		status = "interim";     /* still being assessed: expect more */
	else
		status = "final";
	snprintf(vbuf, sizeof vbuf, "%lld", revision);
	t = json_object();
	jput(t, "id", json_string(id));
	jput(t, "status", json_string(status));
	jput(t, "version", json_string(vbuf));
	jput(t, "revision_history", hist);
	jput(t, "initial_release_date", json_string(initial));
	jput(t, "current_release_date", json_string(current));
	eng = json_object();
	jput(eng, "name", json_string("herald"));
	jput(eng, "version", json_string(version_get()->version));
	gen = json_object();
	jput(gen, "engine", eng);
	jput(t, "generator", gen);
	*out = t;
end:
	free(id);
	return st;
}

char *
csaf_layout_path(const json_t *item)
{
	const char *initial = jstr_text(item, "first_published_at");
	char *name, *path;

	if (initial == NULL)
		initial = jstr_text(item, "updated_at");
	if (initial == NULL || strspn(initial, "0123456789") < 4 ||
	    (name = csaf_file_name(item)) == NULL)
		return NULL;
	path = xasprintf("%.4s/%s", initial, name);
	free(name);
	return path;
}

static enum status
document(struct build *b, json_t **out, struct err *err)
{
	const char *title = jstr_text(b->item, "title"),
	    *credits = csaf_answer(b->item, "credits");
	json_t *doc = NULL, *pub = NULL, *track = NULL, *notes, *refs, *ack;
	char *path;
	enum status st;

	*out = NULL;
	if ((st = publisher(b->site, &pub, err)) != ST_OK ||
	    (st = tracking(b, &track, err)) != ST_OK)
		goto end;
	doc = json_object();
	jput(doc, "category", json_string(category_name(b->cat)));
	jput(doc, "csaf_version", json_string("2.0"));
	jput(doc, "publisher", pub);
	pub = NULL;
	jput(doc, "title", json_string(title));
	jput(doc, "lang", json_string("en"));
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
		jput(doc, "notes", notes);
	else
		json_decref(notes);
	path = csaf_layout_path(b->item);
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
		jput(doc, "references", refs);
	else
		json_decref(refs);
	if (credits != NULL) {
		ack = json_object();
		jput(ack, "summary", json_string(credits));
		jput(doc, "acknowledgments", json_pack("[o]", ack));
	}
	jput(doc, "tracking", track);
	track = NULL;
	*out = doc;
	doc = NULL;
end:
	json_decref(pub);
	json_decref(track);
	json_decref(doc);
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
	if (jstr_text(item, "title") == NULL)
		return err_set(err, ST_INVALID, "title: a CSAF document needs a "
		    "title");
	memset(&b, 0, sizeof b);
	b.cat = cat;
	b.site = site != NULL ? site : json_object_get(item, "site");
	b.item = item;
	for (i = 0; i < PS_COUNT; i++)
		b.ids[i] = json_array();
	b.flags = json_object();
	b.summary = csaf_answer(item, cat == CSAF_VEX ? "statement" :
	    "summary");
	if (b.summary == NULL)
		b.summary = csaf_answer(item, cat == CSAF_VEX ? "summary" :
		    "statement");
	/* The products and what to do come first: the notes and the
	 * tracking status depend on them. */
	if (cat != CSAF_INCIDENT &&
	    ((st = csaf_product_tree(&b, &tree, err)) != ST_OK ||
	    (st = csaf_vulnerabilities(&b, &vulns, err)) != ST_OK))
		goto end;
	if ((st = document(&b, &d, err)) != ST_OK)
		goto end;
	out = json_object();
	jput(out, "document", d);
	d = NULL;
	if (tree != NULL)
		jput(out, "product_tree", tree);
	if (vulns != NULL)
		jput(out, "vulnerabilities", vulns);
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
	enum status st;

	*out = NULL;
	*len = 0;
	if ((st = csaf_build(cat, site, item, &doc, err)) != ST_OK)
		return st;
	*out = jdump_doc(doc, JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(15), len);
	json_decref(doc);
	return ST_OK;
}
