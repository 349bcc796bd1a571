/* core/feed.c - Atom 1.0 (RFC 4287) and RSS 2.0 feeds of the published
 * items, written with libxml2's text writer.
 *
 * Ids are tag: URIs (RFC 4151) made of the site's host and what never
 * changes about an item (its reference, kind and id, dated by its first
 * publication), so a reader never sees an entry twice; a title or a new
 * revision does not change them; the feed's own id is dated by the
 * first publication of any item. "updated" is the item's updated_at,
 * which moves only when a new revision is published.
 *
 * Besides the settings, SITE may carry keys for a feed other than the
 * site's own (export_feeds() uses them for a product's feed):
 *   feed_self   where the feed is, relative to site_url ("feed.atom")
 *   feed_name   the last part of the feed's id ("feed")
 *   feed_title  its title (site_title)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "core/clock.h"
#include "core/feed.h"
#include "core/settings.h"
#include "core/text.h"
#include "util/xalloc.h"

#define ATOM_NS      "http://www.w3.org/2005/Atom"
#define SUMMARY_MAX  500     /* characters of an entry's summary */

/* --- text ---------------------------------------------------------------- */

/* Whether C stands as it is in the specific part of a tag: URI (the rest
 * is percent-encoded). */
static bool
tag_char_ok(int c)
{
	return text_is_unreserved(c) || c == '/';
}

/* S for the specific part of a tag: URI. Allocated. */
static char *
tag_escape(const char *s)
{
	struct textbuf b = { 0 };

	textbuf_pct(&b, s, strlen(s), tag_char_ok);
	return textbuf_take(&b);
}

/* --- the feed's data ----------------------------------------------------- */

static bool
nonempty(const char *s)
{
	return s != NULL && *s != '\0';
}

struct entry {
	char   *id, *title, *summary, *url, *kind, *kind_label, *severity;
	time_t  updated, published;     /* published 0 when unknown */
};

struct feed {
	enum feed_format f;
	char   *base;           /* site_url, ending in '/' */
	char   *host;           /* its host, lowercase: the tag authority */
	char   *prefix;         /* its path without the leading '/' */
	char   *title, *subtitle, *publisher, *lang, *self, *name;
	int     year;           /* of the feed id: the first publication */
	struct entry *e;
	size_t  n;
	time_t  updated;
};

static void
feed_free(struct feed *fd)
{
	size_t i;

	for (i = 0; i < fd->n; i++) {
		free(fd->e[i].id);
		free(fd->e[i].title);
		free(fd->e[i].summary);
		free(fd->e[i].url);
		free(fd->e[i].kind);
		free(fd->e[i].kind_label);
		free(fd->e[i].severity);
	}
	free(fd->e);
	free(fd->base);
	free(fd->host);
	free(fd->prefix);
	free(fd->title);
	free(fd->subtitle);
	free(fd->publisher);
	free(fd->lang);
	free(fd->self);
	free(fd->name);
}

/* The time in KEY of O, or 0 when absent or unreadable. */
static time_t
time_of(const json_t *o, const char *key)
{
	const char *v = jstr(o, key);
	time_t t;

	if (v == NULL || clock_parse(v, &t, NULL) != ST_OK)
		return 0;
	return t;
}

/* Split site_url into FD's base, host and path prefix. */
static enum status
feed_site_url(struct feed *fd, const char *url, struct err *err)
{
	const char *h, *e, *at;
	char *path, *p;

	h = strstr(url, "://");
	if (h == NULL)
		return err_set(err, ST_INVALID, "feed: site.url \"%.200s\" is not "
		    "an address (herald settings set site.url https://...)", url);
	h += 3;
	e = h + strcspn(h, "/?#");
	if ((at = memchr(h, '@', (size_t)(e - h))) != NULL)
		h = at + 1;
	fd->host = xstrndup(h, strcspn(h, ":/?#"));
	for (p = fd->host; *p != '\0'; p++)
		*p = (char)text_to_lower(*p);
	if (*fd->host == '\0')
		return err_set(err, ST_INVALID, "feed: site.url \"%.200s\" has "
		    "no host", url);
	path = xstrndup(*e == '/' ? e + 1 : e, strcspn(*e == '/' ? e + 1 : e,
	    "?#"));
	fd->prefix = tag_escape(path);
	free(path);
	fd->base = xasprintf("%s%s", url,
	    url[strlen(url) - 1] == '/' ? "" : "/");
	return ST_OK;
}

/* The first language of security.languages, when Atom can carry it. */
static char *
feed_lang(const json_t *site)
{
	return text_lang_first(jstr(site, "security_languages"));
}

/* The summary of ITEM: its plain-summary answer, else its first field's
 * text, else its incident's summary; the reason first when withdrawn. */
static char *
entry_summary(const json_t *item)
{
	const json_t *fields = json_object_get(item, "fields"), *f;
	const char *text, *why;
	char *raw, *line, *s;
	size_t i;

	text = jstr(json_object_get(item, "answers"), "plain-summary");
	json_array_foreach(fields, i, f) {
		if (nonempty(text))
			break;
		text = jstr(f, "text");
	}
	if (!nonempty(text))
		text = jstr(json_object_get(item, "incident"), "summary");
	if (!nonempty(text))
		text = jstr(item, "title");
	why = jstr(item, "withdrawn_reason");
	if (json_is_true(json_object_get(item, "is_withdrawn")))
		raw = xasprintf("[Withdrawn%s%s] %s", nonempty(why) ? ": " : "",
		    nonempty(why) ? why : "", text != NULL ? text : "");
	else
		raw = xstrdup(text != NULL ? text : "");
	line = text_line(raw);
	s = text_cut_words(line, SUMMARY_MAX);
	free(raw);
	free(line);
	return s;
}

static enum status
entry_make(struct feed *fd, const json_t *item, struct entry *e,
    struct err *err)
{
	const char *ref = jstr(item, "ref"), *kind = jstr(item, "kind");
	const char *title = jstr(item, "title"), *url = jstr(item, "url");
	const char *page = jstr(item, "page"), *sev;
	json_int_t id = json_integer_value(json_object_get(item, "id"));
	char *raw, *spec;
	time_t first;

	if ((e->updated = time_of(item, "updated_at")) == 0 &&
	    (e->updated = time_of(item, "published_at")) == 0)
		return err_set(err, ST_INVALID, "feed: item %lld (%.100s) has no "
		    "updated_at", (long long)id, ref != NULL ? ref : "no ref");
	e->published = time_of(item, "first_published_at");
	first = e->published != 0 ? e->published : e->updated;
	raw = xasprintf("%s/%s/%lld", nonempty(ref) ? ref : "item",
	    nonempty(kind) ? kind : "item", (long long)id);
	spec = tag_escape(raw);
	e->id = xasprintf("tag:%s,%d:%s%s", fd->host, clock_year(first),
	    fd->prefix, spec);
	free(raw);
	free(spec);
	if (!nonempty(title))
		title = jstr(item, "kind_label");
	raw = xasprintf("%s%s%s%s", nonempty(ref) ? ref : "",
	    nonempty(ref) ? ": " : "", title != NULL ? title : "",
	    json_is_true(json_object_get(item, "is_withdrawn")) ?
	    " [withdrawn]" : "");
	e->title = text_line(raw);
	free(raw);
	e->summary = entry_summary(item);
	if (nonempty(url))
		e->url = text_line(url);
	else {
		raw = xasprintf("%s%s", fd->base, nonempty(page) ? page : "");
		e->url = text_line(raw);
		free(raw);
	}
	e->kind = nonempty(kind) ? text_line(kind) : NULL;
	e->kind_label = text_line(jstr(item, "kind_label"));
	sev = jstr(json_object_get(item, "incident"), "severity");
	if (!nonempty(sev))
		sev = jstr(json_object_get(item, "cvss"), "severity");
	e->severity = nonempty(sev) ? text_line(sev) : NULL;
	if (e->severity != NULL && *e->severity == '\0') {
		free(e->severity);
		e->severity = NULL;
	}
	return ST_OK;
}

/* FD from SITE and the first LIMIT public items of ITEMS. */
static enum status
feed_make(struct feed *fd, const json_t *site, const json_t *items,
    size_t limit, struct err *err)
{
	static const char *const needed[] = { "site.url", "publisher.name",
	    NULL };
	const json_t *item;
	const char *v;
	size_t i, n = 0;
	time_t t, first = 0, newest = 0;
	enum status st;
	char *raw;

	if (!json_is_object(site))
		return err_set(err, ST_INVALID, "feed: no site settings");
	if (!json_is_array(items))
		return err_set(err, ST_INVALID, "feed: the items are not a list");
	if ((st = settings_require(site, needed,
	    "an export of the feeds", err)) != ST_OK)
		return st;
	if ((st = feed_site_url(fd, jstr(site, "site_url"), err)) != ST_OK)
		return st;
	fd->publisher = text_line(jstr(site, "publisher_name"));
	v = jstr(site, "feed_title");
	if (!nonempty(v))
		v = jstr(site, "site_title");
	if (nonempty(v))
		fd->title = text_line(v);
	else {
		raw = xasprintf("%s security", fd->publisher);
		fd->title = text_line(raw);
		free(raw);
	}
	raw = xasprintf("Security advisories and notices from %s",
	    fd->publisher);
	fd->subtitle = text_line(raw);
	free(raw);
	fd->lang = feed_lang(site);
	v = jstr(site, "feed_self");
	raw = xasprintf("%s%s", fd->base, nonempty(v) ? v :
	    fd->f == FEED_ATOM ? "feed.atom" : "feed.rss");
	fd->self = text_line(raw);
	free(raw);
	v = jstr(site, "feed_name");
	fd->name = tag_escape(nonempty(v) ? v : "feed");

	/* The feed id's date: the first publication of any item, which
	 * stays the first, so the id does not move as items come. */
	json_array_foreach(items, i, item) {
		t = time_of(item, "first_published_at");
		if (t != 0 && (first == 0 || t < first))
			first = t;
		t = time_of(item, "updated_at");
		if (t > newest)
			newest = t;
		if (json_is_true(json_object_get(item, "is_public")))
			n++;
	}
	/* Nothing published yet (a preview): the items' own time, so a
	 * draft rendered at a fixed time renders the same whatever the
	 * clock says; an empty feed is as new as now. */
	fd->year = clock_year(first != 0 ? first : newest != 0 ? newest :
	    clock_now());
	if (limit != 0 && n > limit)
		n = limit;
	fd->e = n > 0 ? xcalloc(n, sizeof *fd->e) : NULL;
	json_array_foreach(items, i, item) {
		if (fd->n == n)
			break;
		if (!json_is_true(json_object_get(item, "is_public")))
			continue;
		st = entry_make(fd, item, &fd->e[fd->n], err);
		fd->n++;
		if (st != ST_OK)
			return st;
		if (fd->e[fd->n - 1].updated > fd->updated)
			fd->updated = fd->e[fd->n - 1].updated;
	}
	if (fd->updated == 0)
		fd->updated = newest != 0 ? newest : clock_now();
	return ST_OK;
}

/* --- writing ------------------------------------------------------------- */

/* The writer, and whether a call to it has failed (checked once, at the
 * end, rather than after every element). */
struct xw {
	xmlTextWriterPtr w;
	bool             bad;
};

static void
x_check(struct xw *x, int rc)
{
	if (rc < 0)
		x->bad = true;
}

static void
x_start(struct xw *x, const char *name)
{
	if (!x->bad)
		x_check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void
x_end(struct xw *x)
{
	if (!x->bad)
		x_check(x, xmlTextWriterEndElement(x->w));
}

/* Every text reaches the writer through x_attr(), x_elem() and x_text(),
 * which clean it again: nothing XML cannot carry gets out, whatever a caller
 * forgot. The writer escapes markup (<, &, >, and so "]]>"). */
static void
x_attr(struct xw *x, const char *name, const char *value)
{
	char *v;

	if (x->bad || value == NULL)
		return;
	v = text_line(value);
	x_check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	    BAD_CAST v));
	free(v);
}

static void
x_elem(struct xw *x, const char *name, const char *text)
{
	char *v;

	if (x->bad || text == NULL)
		return;
	v = text_line(text);
	x_check(x, xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST v));
	free(v);
}

static void
x_text(struct xw *x, const char *text)
{
	char *v;

	if (x->bad)
		return;
	v = text_line(text);
	x_check(x, xmlTextWriterWriteString(x->w, BAD_CAST v));
	free(v);
}

static void
x_link(struct xw *x, const char *rel, const char *type, const char *href)
{
	x_start(x, "link");
	x_attr(x, "rel", rel);
	x_attr(x, "type", type);
	x_attr(x, "href", href);
	x_end(x);
}

static void
x_category(struct xw *x, const char *term, const char *label)
{
	if (term == NULL)
		return;
	x_start(x, "category");
	x_attr(x, "term", term);
	x_attr(x, "label", nonempty(label) ? label : NULL);
	x_end(x);
}

static void
atom_entry(struct xw *x, const struct entry *e)
{
	char t[CLOCK_BUFSZ], *label;

	x_start(x, "entry");
	x_elem(x, "id", e->id);
	x_elem(x, "title", e->title);
	clock_format(e->updated, t);
	x_elem(x, "updated", t);
	if (e->published != 0) {
		clock_format(e->published, t);
		x_elem(x, "published", t);
	}
	x_link(x, "alternate", "text/html", e->url);
	x_category(x, e->kind, e->kind_label);
	if (e->severity != NULL) {
		label = xasprintf("Severity: %s", e->severity);
		x_category(x, e->severity, label);
		free(label);
	}
	x_start(x, "summary");
	x_attr(x, "type", "text");
	x_text(x, e->summary);
	x_end(x);
	x_end(x);
}

static void
atom_write(struct xw *x, const struct feed *fd)
{
	char t[CLOCK_BUFSZ], *id;
	size_t i;

	x_check(x, xmlTextWriterStartElementNS(x->w, NULL, BAD_CAST "feed",
	    BAD_CAST ATOM_NS));
	x_attr(x, "xml:lang", fd->lang);
	id = xasprintf("tag:%s,%d:%s%s", fd->host, fd->year, fd->prefix,
	    fd->name);
	x_elem(x, "id", id);
	free(id);
	x_elem(x, "title", fd->title);
	x_elem(x, "subtitle", fd->subtitle);
	clock_format(fd->updated, t);
	x_elem(x, "updated", t);
	x_link(x, "self", "application/atom+xml", fd->self);
	x_link(x, "alternate", "text/html", fd->base);
	x_start(x, "author");
	x_elem(x, "name", fd->publisher);
	x_elem(x, "uri", fd->base);
	x_end(x);
	x_elem(x, "generator", "herald");
	for (i = 0; i < fd->n; i++)
		atom_entry(x, &fd->e[i]);
	x_end(x);
}

static void
rss_item(struct xw *x, const struct entry *e)
{
	char t[CLOCK_RFC822_BUFSZ], *html;
	struct textbuf b = { 0 };

	x_start(x, "item");
	x_elem(x, "title", e->title);
	x_elem(x, "link", e->url);
	x_start(x, "guid");
	x_attr(x, "isPermaLink", "false");
	x_text(x, e->id);
	x_end(x);
	clock_format_rfc822(e->updated, t);
	x_elem(x, "pubDate", t);
	/* RSS readers take the description as HTML: escape the plain text
	 * once for HTML, and the writer escapes it again for XML. */
	textbuf_html(&b, e->summary, strlen(e->summary), true);
	html = textbuf_take(&b);
	x_elem(x, "description", html);
	free(html);
	x_elem(x, "category", e->kind);
	x_elem(x, "category", e->severity);
	x_end(x);
}

static void
rss_write(struct xw *x, const struct feed *fd)
{
	char t[CLOCK_RFC822_BUFSZ];
	size_t i;

	x_start(x, "rss");
	x_attr(x, "version", "2.0");
	x_attr(x, "xmlns:atom", ATOM_NS);
	x_start(x, "channel");
	x_elem(x, "title", fd->title);
	x_elem(x, "link", fd->base);
	x_elem(x, "description", fd->subtitle);
	x_elem(x, "language", fd->lang);
	clock_format_rfc822(fd->updated, t);
	x_elem(x, "lastBuildDate", t);
	x_elem(x, "generator", "herald");
	x_elem(x, "docs", "https://www.rssboard.org/rss-specification");
	x_start(x, "atom:link");
	x_attr(x, "href", fd->self);
	x_attr(x, "rel", "self");
	x_attr(x, "type", "application/rss+xml");
	x_end(x);
	for (i = 0; i < fd->n; i++)
		rss_item(x, &fd->e[i]);
	x_end(x);
	x_end(x);
}

enum status
feed_render(enum feed_format f, const json_t *site, const json_t *items,
    size_t limit, char **out, size_t *len, struct err *err)
{
	struct feed fd;
	struct xw x = { NULL, false };
	xmlBufferPtr buf = NULL;
	enum status st;

	*out = NULL;
	*len = 0;
	memset(&fd, 0, sizeof fd);
	fd.f = f;
	if ((st = feed_make(&fd, site, items, limit, err)) != ST_OK)
		goto end;
	if ((buf = xmlBufferCreate()) == NULL ||
	    (x.w = xmlNewTextWriterMemory(buf, 0)) == NULL)
		die("out of memory");
	x_check(&x, xmlTextWriterSetIndent(x.w, 1));
	x_check(&x, xmlTextWriterSetIndentString(x.w, BAD_CAST "  "));
	x_check(&x, xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL));
	if (f == FEED_ATOM)
		atom_write(&x, &fd);
	else
		rss_write(&x, &fd);
	if (!x.bad)
		x_check(&x, xmlTextWriterEndDocument(x.w));
	xmlFreeTextWriter(x.w);         /* flushes into BUF */
	if (x.bad) {
		st = err_set(err, ST_INTERNAL, "feed: libxml2 could not write "
		    "the %s feed", f == FEED_ATOM ? "Atom" : "RSS");
		goto end;
	}
	*len = (size_t)xmlBufferLength(buf);
	*out = xmalloc(*len + 1);
	memcpy(*out, xmlBufferContent(buf), *len);
	(*out)[*len] = '\0';
end:
	if (buf != NULL)
		xmlBufferFree(buf);
	feed_free(&fd);
	return st;
}
