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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "core/clock.h"
#include "core/feed.h"
#include "core/settings.h"
#include "util/xalloc.h"

#define ATOM_NS      "http://www.w3.org/2005/Atom"
#define SUMMARY_MAX  500     /* characters of an entry's summary */

/* --- text ---------------------------------------------------------------- */

struct sbuf {
	char   *s;
	size_t  len, cap;
};

static void
sb_add(struct sbuf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* Append code point C as UTF-8. */
static void
sb_cp(struct sbuf *b, uint32_t c)
{
	char u[4];
	size_t n;

	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3f));
		u[2] = (char)(0x80 | (c >> 6 & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	sb_add(b, u, n);
}

static char *
sb_take(struct sbuf *b)
{
	if (b->s == NULL)
		return xstrdup("");
	return b->s;
}

/*
 * The code point at *PP, moving *PP past it; an invalid sequence
 * (overlong, surrogate, beyond U+10FFFF, cut short) gives U+FFFD and
 * moves one byte. The NUL that ends the string is never passed over.
 */
static uint32_t
utf8_next(const unsigned char **pp)
{
	const unsigned char *p = *pp;
	uint32_t c;
	int n, i;

	if (p[0] < 0x80) {
		*pp = p + 1;
		return p[0];
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 1;
		c = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 2;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 3;
		c = p[0] & 0x07;
	} else
		goto bad;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((n == 2 && c < 0x800) || (n == 3 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*pp = p + n + 1;
	return c;
bad:
	*pp = p + 1;
	return 0xfffd;
}

/* Whether XML 1.0 can carry C and a reader should see it: not a control
 * character (C0 other than tab and newline, DEL, C1), not U+FFFE/U+FFFF. */
static bool
xml_char_ok(uint32_t c)
{
	if (c == '\t' || c == '\n')
		return true;
	if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
		return false;
	return c != 0xfffe && c != 0xffff;
}

/*
 * S as text a feed can carry, on one line: invalid UTF-8 as U+FFFD,
 * what XML cannot carry dropped, runs of spaces, tabs and newlines as
 * one space, none at either end. NULL gives "". Allocated.
 */
static char *
text_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	struct sbuf b = { 0 };
	bool space = false;
	uint32_t c;

	while (*p != '\0') {
		c = utf8_next(&p);
		if (!xml_char_ok(c))
			continue;
		if (c == ' ' || c == '\t' || c == '\n') {
			space = b.len > 0;
			continue;
		}
		if (space)
			sb_add(&b, " ", 1);
		space = false;
		sb_cp(&b, c);
	}
	return sb_take(&b);
}

/*
 * Cut the clean text S (from text_clean()) to at most MAX characters,
 * at a space when one is near the end, with an ellipsis after the cut.
 */
static void
text_trim(char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, cut, space = 0;

	while (*p != '\0' && n < max) {
		if (*p == ' ')
			space = (size_t)((const char *)p - s);
		utf8_next(&p);
		n++;
	}
	if (*p == '\0')
		return;
	cut = (size_t)((const char *)p - s);
	if (space > cut / 2 && s[cut] != ' ')
		cut = space;
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	/* Room for the three bytes of "…": S had more than MAX characters
	 * after CUT, at least one of them, and cut backs off further. */
	if (strlen(s + cut) >= 3)
		memcpy(s + cut, "\xe2\x80\xa6", 4);
	else
		s[cut] = '\0';
}

/* S for an element whose text is HTML (RSS's description): & < > " '
 * as entities. Allocated. */
static char *
html_escape(const char *s)
{
	struct sbuf b = { 0 };

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':  sb_str(&b, "&amp;");  break;
		case '<':  sb_str(&b, "&lt;");   break;
		case '>':  sb_str(&b, "&gt;");   break;
		case '"':  sb_str(&b, "&quot;"); break;
		case '\'': sb_str(&b, "&#39;");  break;
		default:   sb_add(&b, s, 1);     break;
		}
	}
	return sb_take(&b);
}

/* S for the specific part of a tag: URI: unreserved characters as they
 * are, '/' too when KEEP_SLASH, every other byte %XX. Allocated. */
static char *
uri_escape(const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	struct sbuf b = { 0 };
	unsigned char c;
	char pct[3];

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~' || (keep_slash && c == '/')) {
			sb_add(&b, s, 1);
			continue;
		}
		pct[0] = '%';
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 15];
		sb_add(&b, pct, 3);
	}
	return sb_take(&b);
}

/* Whether S is a language tag Atom accepts: [A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*. */
static bool
lang_ok(const char *s, size_t n)
{
	size_t i, run = 0;
	bool first = true;

	for (i = 0; i < n; i++) {
		if (s[i] == '-') {
			if (run == 0)
				return false;
			first = false;
			run = 0;
		} else if (((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (!first && s[i] >= '0' && s[i] <= '9')) && run < 8)
			run++;
		else
			return false;
	}
	return run > 0;
}

/* RFC 822 (as RSS 2.0 wants it, four-digit year): "Sun, 01 Mar 2026
 * 12:00:00 +0000", in English whatever the locale. */
static void
rfc822(time_t t, char *buf, size_t size)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* --- the feed's data ----------------------------------------------------- */

static const char *
str_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

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
	const char *v = str_of(o, key);
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
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (*fd->host == '\0')
		return err_set(err, ST_INVALID, "feed: site.url \"%.200s\" has "
		    "no host", url);
	path = xstrndup(*e == '/' ? e + 1 : e, strcspn(*e == '/' ? e + 1 : e,
	    "?#"));
	fd->prefix = uri_escape(path, true);
	free(path);
	fd->base = xasprintf("%s%s", url,
	    url[strlen(url) - 1] == '/' ? "" : "/");
	return ST_OK;
}

/* The first language of security.languages, when Atom can carry it. */
static char *
feed_lang(const json_t *site)
{
	const char *v = str_of(site, "security_languages");
	size_t n;

	if (v == NULL)
		return NULL;
	v += strspn(v, " ");
	n = strcspn(v, ", ");
	return lang_ok(v, n) ? xstrndup(v, n) : NULL;
}

/* The summary of ITEM: its plain-summary answer, else its first field's
 * text, else its incident's summary; the reason first when withdrawn. */
static char *
entry_summary(const json_t *item)
{
	const json_t *fields = json_object_get(item, "fields"), *f;
	const char *text, *why;
	char *raw, *s;
	size_t i;

	text = str_of(json_object_get(item, "answers"), "plain-summary");
	json_array_foreach(fields, i, f) {
		if (nonempty(text))
			break;
		text = str_of(f, "text");
	}
	if (!nonempty(text))
		text = str_of(json_object_get(item, "incident"), "summary");
	if (!nonempty(text))
		text = str_of(item, "title");
	why = str_of(item, "withdrawn_reason");
	if (json_is_true(json_object_get(item, "is_withdrawn")))
		raw = xasprintf("[Withdrawn%s%s] %s", nonempty(why) ? ": " : "",
		    nonempty(why) ? why : "", text != NULL ? text : "");
	else
		raw = xstrdup(text != NULL ? text : "");
	s = text_clean(raw);
	free(raw);
	text_trim(s, SUMMARY_MAX);
	return s;
}

static enum status
entry_make(struct feed *fd, const json_t *item, struct entry *e,
    struct err *err)
{
	const char *ref = str_of(item, "ref"), *kind = str_of(item, "kind");
	const char *title = str_of(item, "title"), *url = str_of(item, "url");
	const char *page = str_of(item, "page"), *sev;
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
	spec = uri_escape(raw, true);
	e->id = xasprintf("tag:%s,%d:%s%s", fd->host, clock_year(first),
	    fd->prefix, spec);
	free(raw);
	free(spec);
	if (!nonempty(title))
		title = str_of(item, "kind_label");
	raw = xasprintf("%s%s%s%s", nonempty(ref) ? ref : "",
	    nonempty(ref) ? ": " : "", title != NULL ? title : "",
	    json_is_true(json_object_get(item, "is_withdrawn")) ?
	    " [withdrawn]" : "");
	e->title = text_clean(raw);
	free(raw);
	e->summary = entry_summary(item);
	if (nonempty(url))
		e->url = text_clean(url);
	else {
		raw = xasprintf("%s%s", fd->base, nonempty(page) ? page : "");
		e->url = text_clean(raw);
		free(raw);
	}
	e->kind = nonempty(kind) ? text_clean(kind) : NULL;
	e->kind_label = text_clean(str_of(item, "kind_label"));
	sev = str_of(json_object_get(item, "incident"), "severity");
	if (!nonempty(sev))
		sev = str_of(json_object_get(item, "cvss"), "severity");
	e->severity = nonempty(sev) ? text_clean(sev) : NULL;
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
	time_t t, first = 0;
	enum status st;
	char *raw;

	if (!json_is_object(site))
		return err_set(err, ST_INVALID, "feed: no site settings");
	if (!json_is_array(items))
		return err_set(err, ST_INVALID, "feed: the items are not a list");
	if ((st = settings_require(site, needed,
	    "an export of the feeds", err)) != ST_OK)
		return st;
	if ((st = feed_site_url(fd, str_of(site, "site_url"), err)) != ST_OK)
		return st;
	fd->publisher = text_clean(str_of(site, "publisher_name"));
	v = str_of(site, "feed_title");
	if (!nonempty(v))
		v = str_of(site, "site_title");
	if (nonempty(v))
		fd->title = text_clean(v);
	else {
		raw = xasprintf("%s security", fd->publisher);
		fd->title = text_clean(raw);
		free(raw);
	}
	raw = xasprintf("Security advisories and notices from %s",
	    fd->publisher);
	fd->subtitle = text_clean(raw);
	free(raw);
	fd->lang = feed_lang(site);
	v = str_of(site, "feed_self");
	raw = xasprintf("%s%s", fd->base, nonempty(v) ? v :
	    fd->f == FEED_ATOM ? "feed.atom" : "feed.rss");
	fd->self = text_clean(raw);
	free(raw);
	v = str_of(site, "feed_name");
	fd->name = uri_escape(nonempty(v) ? v : "feed", true);

	/* The feed id's date: the first publication of any item, which
	 * stays the first, so the id does not move as items come. */
	json_array_foreach(items, i, item) {
		t = time_of(item, "first_published_at");
		if (t != 0 && (first == 0 || t < first))
			first = t;
		if (json_is_true(json_object_get(item, "is_public")))
			n++;
	}
	fd->year = clock_year(first != 0 ? first : clock_now());
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
	/* Nothing published yet: the feed is as new as now. */
	if (fd->updated == 0)
		fd->updated = clock_now();
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
	v = text_clean(value);
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
	v = text_clean(text);
	x_check(x, xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST v));
	free(v);
}

static void
x_text(struct xw *x, const char *text)
{
	char *v;

	if (x->bad)
		return;
	v = text_clean(text);
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
	char t[40], *html;

	x_start(x, "item");
	x_elem(x, "title", e->title);
	x_elem(x, "link", e->url);
	x_start(x, "guid");
	x_attr(x, "isPermaLink", "false");
	x_text(x, e->id);
	x_end(x);
	rfc822(e->updated, t, sizeof t);
	x_elem(x, "pubDate", t);
	/* RSS readers take the description as HTML: escape the plain text
	 * once for HTML, and the writer escapes it again for XML. */
	html = html_escape(e->summary);
	x_elem(x, "description", html);
	free(html);
	x_elem(x, "category", e->kind);
	x_elem(x, "category", e->severity);
	x_end(x);
}

static void
rss_write(struct xw *x, const struct feed *fd)
{
	char t[40];
	size_t i;

	x_start(x, "rss");
	x_attr(x, "version", "2.0");
	x_attr(x, "xmlns:atom", ATOM_NS);
	x_start(x, "channel");
	x_elem(x, "title", fd->title);
	x_elem(x, "link", fd->base);
	x_elem(x, "description", fd->subtitle);
	x_elem(x, "language", fd->lang);
	rfc822(fd->updated, t, sizeof t);
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
