/* core/render.c - one output of one communication, from the templates
 * stored in the database (or, for structured formats, from the module
 * that builds them), so the approver's preview and the exporter's file
 * are the same bytes. */
#include "config.h"

#include "core/render.h"

#include <cmark.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csaf.h"
#include "core/cverecord.h"
#include "core/drill.h"
#include "core/export.h"
#include "core/feed.h"
#include "core/mustache.h"
#include "core/render_priv.h"
#include "core/template.h"
#include "core/text.h"
#include "util/xalloc.h"

void
rendered_clear(struct rendered *r)
{
	if (r == NULL)
		return;
	free(r->text);
	free(r->media_type);
	free(r->template_name);
	memset(r, 0, sizeof *r);
}

/* Partials come from the database like templates: NAME as written, else
 * "partials/NAME". */
static enum status
partial_lookup(void *ctx, const char *name, char **text, char **source,
    struct err *err)
{
	struct session *s = ctx;
	struct template_row row = { 0 };
	char *alt = xasprintf("partials/%s", name);
	const char *names[] = { name, alt };
	enum status st = ST_NOTFOUND;
	size_t i;

	for (i = 0; i < 2; i++) {
		st = template_get_latest(s, names[i], &row, err);
		if (st == ST_OK)
			break;
		/* A name no template can have is a partial that is not there. */
		if (st != ST_NOTFOUND && st != ST_INVALID)
			goto end;
		st = ST_NOTFOUND;
	}
	if (st == ST_NOTFOUND) {
		err_clear(err);
		goto end;
	}
	*text = xstrdup(row.body);
	*source = xstrdup(row.name);
end:
	template_row_clear(&row);
	free(alt);
	return st;
}

static enum status
not_imported(const char *const *names, struct err *err)
{
	char list[400] = "";
	size_t i, n = 0;

	for (i = 0; names[i] != NULL; i++) {
		n = strlen(list);
		snprintf(list + n, sizeof list - n, "%s\"%s\"", i > 0 ? " or " : "",
		    names[i]);
	}
	return err_set(err, ST_NOTFOUND, "template %s is not imported: run "
	    "\"herald template import\"", list);
}

enum status
render_template_first(struct session *s, const char *const *names,
    const json_t *data, struct rendered *out, struct err *err)
{
	struct template_row row = { 0 };
	struct mustache_opts mo = { 0 };
	char *text = NULL;
	enum status st = ST_NOTFOUND;
	size_t i;

	memset(out, 0, sizeof *out);
	for (i = 0; names[i] != NULL; i++) {
		st = template_get_latest(s, names[i], &row, err);
		if (st == ST_OK)
			break;
		if (st != ST_NOTFOUND)
			goto end;
		/* The next name may do: no "not found" stays behind, for a
		 * success or for a later error to be mistaken for. */
		err_clear(err);
	}
	if (st != ST_OK) {
		st = not_imported(names, err);
		goto end;
	}
	mo.escape = mustache_escape_for(row.name);
	mo.source = row.name;
	mo.partial = partial_lookup;
	mo.partial_ctx = s;
	if ((st = mustache_render(row.body, &mo, data, &text, err)) != ST_OK)
		goto end;
	out->text = text;
	out->len = strlen(text);
	out->template_name = xstrdup(row.name);
	out->template_version = row.version;
	snprintf(out->template_hash, sizeof out->template_hash, "%s",
	    row.hash != NULL ? row.hash : "");
end:
	template_row_clear(&row);
	return st;
}

enum status
render_template(struct session *s, const char *name, const json_t *data,
    struct rendered *out, struct err *err)
{
	const char *names[] = { name, NULL };

	return render_template_first(s, names, data, out, err);
}

char *
render_markdown_html(const char *md, size_t len)
{
	char *html;

	/* Safe is cmark's default since 0.29 (raw HTML and javascript:,
	 * vbscript:, file: and data: links dropped); say it for older ones. */
	html = cmark_markdown_to_html(md, len, CMARK_OPT_DEFAULT |
	    CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8);
	if (html == NULL)
		die("cmark: out of memory");
	return html;
}

/* The page's language: the first of the site's languages when it looks
 * like a language tag, else English. */
static char *
page_lang(const json_t *site)
{
	char *l = text_lang_first(jstr(site, "security_languages"));

	return l != NULL ? l : xstrdup("en");
}

/* The site's sections, in the order the navigation shows them. */
static const char *const nav_sections[][2] = {
	{ "advisories", "Advisories" },
	{ "notices", "Notices" },
	{ "reports", "Reports" },
	{ "eol", "End of life" },
	{ "lifecycle", "Supported versions" },
};

enum status
render_page(struct session *s, const json_t *site, const char *title,
    const char *page, const char *fragment, struct rendered *out,
    struct err *err)
{
	char *root = export_root_of(page != NULL ? page : ""), *lang;
	json_t *data, *nav = json_array(), *link;
	const char *p = page != NULL ? page : "";
	enum status st;
	size_t i, n;

	for (i = 0; i < sizeof nav_sections / sizeof nav_sections[0]; i++) {
		n = strlen(nav_sections[i][0]);
		link = json_pack("{s:s, s:s++, s:b}", "label",
		    nav_sections[i][1], "href", root, nav_sections[i][0],
		    "/index.html", "is_current", strncmp(p, nav_sections[i][0],
		    n) == 0 && p[n] == '/');
		jpush(nav, link);
	}
	jpush(nav, json_pack("{s:s, s:s+, s:b}", "label", "Changelog", "href",
	    root, "changelog.html", "is_current",
	    strcmp(p, "changelog.html") == 0));
	jpush(nav, json_pack("{s:s, s:s+, s:b}", "label",
	    "Report a vulnerability", "href", root, "policy/disclosure.html",
	    "is_current", strcmp(p, "policy/disclosure.html") == 0));
	lang = page_lang(site);
	data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s+, s:s+, s:s+, s:o}",
	    "title", title != NULL ? title : "", "page", p, "root", root,
	    "lang", lang, "content", fragment != NULL ? fragment : "",
	    "home_href", root, "index.html", "style_href", root, "style.css",
	    "changelog_href", root, "changelog.html", "nav", nav);
	if (data == NULL)
		die("render_page: cannot build the page's data");
	if (site != NULL)
		jput(data, "site", json_incref((json_t *)site));
	if ((st = render_template(s, "layout.html", data, out, err)) == ST_OK)
		out->media_type = xstrdup(MT_HTML);
	json_decref(data);
	free(lang);
	free(root);
	return st;
}

/* PAGE ("advisories/x.html") as the mode links it: ".md" for Markdown. */
static char *
page_as(const char *page, enum link_mode mode)
{
	size_t n = strlen(page);

	if (mode == LINK_MD && n > 5 && strcmp(page + n - 5, ".html") == 0)
		return xasprintf("%.*s.md", (int)(n - 5), page);
	return xstrdup(page);
}

/* The link from page FROM (NULL: the root) to TARGET (an object with
 * "page" and "url"): the file name within one folder, else up to the
 * root and down again; NULL when there is no way. */
static char *
href_to(const json_t *target, const char *from, enum link_mode mode)
{
	const char *page = jstr(target, "page"), *url = jstr(target, "url");
	const char *slash = from != NULL ? strrchr(from, '/') : NULL;
	size_t dir = slash != NULL ? (size_t)(slash - from) + 1 : 0;
	char *p, *h, *root;

	if (mode == LINK_ABSOLUTE || page == NULL)
		return url != NULL ? xstrdup(url) : NULL;
	p = page_as(page, mode);
	if (dir > 0 && strncmp(p, from, dir) == 0 && strchr(p + dir, '/') ==
	    NULL) {
		h = xstrdup(p + dir);
		free(p);
		return h;
	}
	root = export_root_of(from != NULL ? from : "");
	h = xasprintf("%s%s", root, p);
	free(root);
	free(p);
	return h;
}

/* A copy of object O with "href" set as the mode links it (null when
 * there is no way, so a template never picks up an outer "href"). */
static json_t *
with_href(const json_t *o, const char *from, enum link_mode mode)
{
	json_t *c = json_copy((json_t *)o);
	char *h = href_to(o, from, mode);

	jput(c, "href", h != NULL ? json_string(h) :
	    json_null());
	free(h);
	return c;
}

/* A copy of field F: each paragraph of its blocks as "lines" (so a
 * template keeps the author's line breaks), "is_list" always there (so a
 * template never picks up an outer one), and "is_title" when it only
 * repeats TITLE, the page's heading. */
static json_t *
field_copy(const json_t *f, const char *title)
{
	json_t *c = json_copy((json_t *)f), *blocks = json_array(), *b, *nb;
	json_t *lines;
	const char *text, *p, *nl, *id = jstr(f, "id");
	size_t i;

	/* The title field is the page's heading, unless they differ. */
	jput(c, "is_title", json_boolean(id != NULL &&
	    strcmp(id, "title") == 0 && (jstr(f, "text") == NULL ||
	    title == NULL || strcmp(jstr(f, "text"), title) == 0)));
	json_array_foreach(json_object_get(f, "blocks"), i, b) {
		nb = json_copy(b);
		jput(nb, "is_list", json_boolean(json_is_true(
		    json_object_get(b, "is_list"))));
		if ((text = jstr(b, "text")) != NULL) {
			lines = json_array();
			for (p = text; p != NULL; p = nl != NULL ? nl + 1 : NULL) {
				nl = strchr(p, '\n');
				jpush(lines, json_pack("{s:s%, s:b}",
				    "text", p, nl != NULL ? (size_t)(nl - p) :
				    strlen(p), "is_last", nl == NULL));
			}
			jput(nb, "lines", lines);
		}
		jpush(blocks, nb);
	}
	jput(c, "blocks", blocks);
	return c;
}

/* Whether S is a web address a page may link to: http or https, nothing
 * a Markdown link destination cannot hold. */
static bool
is_web_link(const char *s)
{
	const unsigned char *p;

	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return false;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= ' ' || *p == '<' || *p == '>' || *p == 0x7f)
			return false;
	return true;
}

/* The item's references, each { text, href } with href null unless it
 * is a web address. */
static json_t *
reference_links(const json_t *item)
{
	json_t *list = json_array(), *r;
	const char *t;
	size_t i;

	json_array_foreach(json_object_get(item, "references"), i, r) {
		if ((t = json_string_value(r)) == NULL)
			continue;
		jpush(list, json_pack("{s:s, s:o}", "text", t,
		    "href", is_web_link(t) ? json_string(t) : json_null()));
	}
	return list;
}

/* How the pages of a folder are called in running text. */
static const char *
section_title(const char *page)
{
	static const char *const titles[][2] = {
		{ "advisories/", "advisories" },
		{ "notices/", "customer notices" },
		{ "reports/", "post-incident reports" },
		{ "eol/", "end-of-life notices" },
	};
	size_t i;

	for (i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (strncmp(page, titles[i][0], strlen(titles[i][0])) == 0)
			return titles[i][1];
	return "pages";
}

/*
 * The data a template gets for ITEM: the item as it is (shared, never
 * changed), plus "root" (the way up from the page), "href" on the
 * item, its related items and its report, "home_href", "section_href"
 * and "section_title", "field" (each field by its id, so a template can
 * place one), "fields" with each paragraph's "lines",
 * "reference_links", and "is_markdown" / "is_html". A new reference.
 */
static json_t *
item_data(const json_t *item, enum link_mode mode)
{
	json_t *d = json_copy((json_t *)item), *rel, *list, *fields, *f, *fc;
	const char *page = jstr(item, "page"), *id;
	const char *ext = mode == LINK_MD ? "md" : "html";
	char *root, *h;
	size_t i;

	root = mode == LINK_ABSOLUTE || page == NULL ? xstrdup("") :
	    export_root_of(page);
	jput(d, "root", json_string(root));
	jput(d, "is_markdown", json_boolean(mode == LINK_MD));
	jput(d, "is_html", json_boolean(mode == LINK_HTML));
	h = href_to(item, page, mode);
	jput(d, "href", h != NULL ? json_string(h) : json_null());
	free(h);
	if (mode != LINK_ABSOLUTE && page != NULL) {
		h = xasprintf("%sindex.%s", root, ext);
		jput(d, "home_href", json_string(h));
		free(h);
		if (strchr(page, '/') != NULL) {
			h = xasprintf("index.%s", ext);
			jput(d, "section_href", json_string(h));
			jput(d, "section_title", json_string(
			    section_title(page)));
			free(h);
		}
	}
	if ((rel = json_object_get(item, "pir")) != NULL && json_is_object(rel))
		jput(d, "pir", with_href(rel, page, mode));
	list = json_array();
	json_array_foreach(json_object_get(item, "related"), i, rel)
		jpush(list, with_href(rel, page, mode));
	jput(d, "related", list);
	list = json_array();
	fields = json_object();
	json_array_foreach(json_object_get(item, "fields"), i, f) {
		fc = field_copy(f, jstr(item, "title"));
		if ((id = jstr(f, "id")) != NULL)
			jput(fields, id, json_incref(fc));
		jpush(list, fc);
	}
	jput(d, "fields", list);
	jput(d, "field", fields);
	jput(d, "reference_links", reference_links(item));
	free(root);
	return d;
}

/* The template names to try for KIND, most specific first:
 * O->template, "KIND" + SUFFIX, then each fallback (NULL-ended). Names
 * are allocated into BUF (at most 6); NAMES ends with NULL. */
static void
template_names(const struct pb_output *o, const char *kind,
    const char *suffix, const char *const *fallback, char **buf,
    const char **names)
{
	size_t n = 0, i;

	if (o != NULL && o->template != NULL && *o->template != '\0')
		buf[n++] = xstrdup(o->template);
	if (kind != NULL && *kind != '\0')
		buf[n++] = xasprintf("%s%s", kind, suffix);
	for (i = 0; fallback[i] != NULL && n < 5; i++)
		buf[n++] = xstrdup(fallback[i]);
	for (i = 0; i < n; i++)
		names[i] = buf[i];
	names[n] = NULL;
	buf[n] = NULL;
}

static void
names_free(char **buf)
{
	size_t i;

	for (i = 0; buf[i] != NULL; i++)
		free(buf[i]);
}

enum status
render_item_template(struct session *s, const json_t *item,
    const struct pb_output *o, const char *suffix,
    const char *const *fallback, enum link_mode mode, struct rendered *out,
    struct err *err)
{
	char *buf[6] = { NULL };
	const char *names[6];
	json_t *data = item_data(item, mode);
	enum status st;

	template_names(o, jstr(item, "kind"), suffix, fallback, buf, names);
	st = render_template_first(s, names, data, out, err);
	names_free(buf);
	json_decref(data);
	return st;
}

bool
render_item_is_drill(const json_t *item)
{
	return json_is_true(json_object_get(json_object_get(item, "incident"),
	    "is_drill"));
}

char *
render_item_heading(const json_t *item)
{
	const char *ref = jstr(item, "ref"), *title = jstr(item, "title");
	const char *tag = render_item_is_drill(item) ? DRILL_TAG : "";

	if (ref != NULL && title != NULL)
		return xasprintf("%s%s: %s", tag, ref, title);
	return xasprintf("%s%s", tag, ref != NULL ? ref : title != NULL ? title :
	    "");
}

/*
 * The DRILL mark on OUT's text, rendered for a drill: the line DRILL_LINE
 * first, then a blank line. For an e-mail or a ticket whose text begins
 * with its HEADER line ("Subject:", "Summary:"), the header's value
 * starts with DRILL_TAG and the line opens the body after it.
 */
static void
mark_drill(struct rendered *out, const char *header)
{
	const char *p = out->text, *value, *body;
	size_t hn;
	char *t;

	while (*p == '\n')
		p++;
	if (header != NULL && strncmp(p, header, strlen(header)) == 0) {
		value = p + strlen(header);
		while (*value == ' ')
			value++;
		hn = strcspn(value, "\n");
		body = value + hn;
		while (*body == '\n')
			body++;
		t = xasprintf("%s %s%.*s\n\n%s\n\n%s", header, DRILL_TAG,
		    (int)hn, value, DRILL_LINE, body);
	} else
		t = xasprintf("%s\n\n%s", DRILL_LINE, out->text);
	free(out->text);
	out->text = t;
	out->len = strlen(t);
}

static enum status
render_markdown(struct session *s, const json_t *item,
    const struct pb_output *o, struct rendered *out, struct err *err)
{
	static const char *const fb[] = { "generic.md", NULL };
	enum status st;

	st = render_item_template(s, item, o, ".md", fb, LINK_MD, out, err);
	if (st != ST_OK)
		return st;
	out->media_type = xstrdup(MT_MARKDOWN);
	if (render_item_is_drill(item))
		mark_drill(out, NULL);
	return st;
}

static enum status
render_html(struct session *s, const json_t *item,
    const struct pb_output *o, struct rendered *out, struct err *err)
{
	static const char *const fb[] = { "generic.md", NULL };
	struct rendered md = { 0 }, page = { 0 };
	char *frag = NULL, *title = NULL;
	enum status st;

	memset(out, 0, sizeof *out);
	st = render_item_template(s, item, o, ".md", fb, LINK_HTML, &md, err);
	if (st != ST_OK)
		goto end;
	if (render_item_is_drill(item))
		mark_drill(&md, NULL);
	frag = render_markdown_html(md.text, md.len);
	title = render_item_heading(item);
	if (json_is_true(json_object_get(item, "is_withdrawn"))) {
		char *t = xasprintf("%s (withdrawn)", title);
		free(title);
		title = t;
	}
	st = render_page(s, json_object_get(item, "site"), title,
	    jstr(item, "page"), frag, &page, err);
	if (st != ST_OK)
		goto end;
	/* The page is named after the words in it, not after its frame. */
	*out = page;
	memset(&page, 0, sizeof page);
	free(out->template_name);
	out->template_name = md.template_name;
	out->template_version = md.template_version;
	memcpy(out->template_hash, md.template_hash, sizeof out->template_hash);
	md.template_name = NULL;
end:
	rendered_clear(&md);
	rendered_clear(&page);
	free(frag);
	free(title);
	return st;
}

static enum status
render_text(struct session *s, const json_t *item,
    const struct pb_output *o, const char *format, struct rendered *out,
    struct err *err)
{
	static const char *const fb_email[] = { "generic.email.txt", NULL };
	static const char *const fb_text[] = { "generic.txt", NULL };
	static const char *const fb_ticket[] = { "generic.ticket.txt",
	    "generic.txt", NULL };
	const char *suffix = ".txt", *header = NULL;
	const char *const *fb = fb_text;
	enum status st;

	if (strcmp(format, "email") == 0) {
		suffix = ".email.txt";
		fb = fb_email;
		header = "Subject:";
	} else if (strcmp(format, "ticket") == 0) {
		suffix = ".ticket.txt";
		fb = fb_ticket;
		header = "Summary:";
	}
	st = render_item_template(s, item, o, suffix, fb, LINK_ABSOLUTE, out,
	    err);
	if (st != ST_OK)
		return st;
	out->media_type = xstrdup(MT_TEXT);
	if (render_item_is_drill(item))
		mark_drill(out, header);
	return st;
}

void
render_take_bytes(struct rendered *out, char *bytes, size_t len,
    const char *media_type)
{
	memset(out, 0, sizeof *out);
	out->text = bytes;
	out->len = len;
	out->media_type = xstrdup(media_type);
}

static enum status
render_feed(const json_t *item, bool is_rss, struct rendered *out,
    struct err *err)
{
	json_t *items = json_pack("[O]", (json_t *)item);
	char *text = NULL;
	size_t len = 0;
	enum status st;

	st = feed_render(is_rss ? FEED_RSS : FEED_ATOM,
	    json_object_get(item, "site"), items, 0, &text, &len, err);
	json_decref(items);
	if (st == ST_OK)
		render_take_bytes(out, text, len, is_rss ?
		    "application/rss+xml" : "application/atom+xml");
	else
		free(text);
	return st;
}

static enum status
render_csaf(const json_t *item, const char *format, struct rendered *out,
    struct err *err)
{
	int cat = csaf_category_from_format(format);
	char *text = NULL;
	size_t len = 0;
	enum status st;

	if (cat < 0)
		return err_set(err, ST_INVALID, "format %s: not a CSAF format "
		    "(csaf, csaf-vex or csaf-incident)", format);
	st = csaf_render((enum csaf_category)cat, json_object_get(item, "site"),
	    item, &text, &len, err);
	if (st == ST_OK)
		render_take_bytes(out, text, len, MT_JSON);
	else
		free(text);
	return st;
}

static enum status
render_cve(const json_t *item, struct rendered *out, struct err *err)
{
	const char *cve = json_string_value(json_array_get(
	    json_object_get(item, "cves"), 0));
	char *text = NULL;
	size_t len = 0;
	enum status st;

	if (cve == NULL)
		return err_set(err, ST_INVALID, "cve: %s has no CVE ID: answer "
		    "\"CVE IDs\" (cves) once the CNA has assigned one",
		    jstr(item, "ref") != NULL ? jstr(item, "ref") : "the item");
	st = cverecord_render(json_object_get(item, "site"), item, cve, &text,
	    &len, err);
	if (st == ST_OK)
		render_take_bytes(out, text, len, MT_JSON);
	else
		free(text);
	return st;
}

/* A drill's item for the structured formats, which carry no line of
 * their own: its title starts with DRILL_TAG. A new reference. */
static json_t *
drill_titled(const json_t *item)
{
	json_t *c = json_copy((json_t *)item);
	char *t = xasprintf("%s%s", DRILL_TAG, jstr(item, "title") != NULL ?
	    jstr(item, "title") : "");

	jput(c, "title", json_string(t));
	free(t);
	return c;
}

static enum status render_by_format(struct session *s, const json_t *item,
    const struct pb_output *o, struct rendered *out, struct err *err);

enum status
render_output(struct session *s, const json_t *item,
    const struct pb_output *o, struct rendered *out, struct err *err)
{
	const char *f = o != NULL ? o->format : NULL;
	json_t *titled;
	enum status st;

	memset(out, 0, sizeof *out);
	if (item == NULL || !json_is_object(item))
		return err_set(err, ST_INVALID, "render: no item to render");
	if (f == NULL)
		return err_set(err, ST_INVALID, "render: the output has no format");
	if (render_item_is_drill(item) && (strcmp(f, "atom") == 0 ||
	    strcmp(f, "rss") == 0 || strncmp(f, "csaf", 4) == 0 ||
	    strcmp(f, "cve") == 0)) {
		titled = drill_titled(item);
		st = render_by_format(s, titled, o, out, err);
		json_decref(titled);
		return st;
	}
	return render_by_format(s, item, o, out, err);
}

/* render_output() of ITEM as it is. */
static enum status
render_by_format(struct session *s, const json_t *item,
    const struct pb_output *o, struct rendered *out, struct err *err)
{
	const char *f = o->format;

	if (strcmp(f, "markdown") == 0)
		return render_markdown(s, item, o, out, err);
	if (strcmp(f, "html") == 0)
		return render_html(s, item, o, out, err);
	if (strcmp(f, "email") == 0 || strcmp(f, "text") == 0 ||
	    strcmp(f, "ticket") == 0)
		return render_text(s, item, o, f, out, err);
	if (strcmp(f, "atom") == 0 || strcmp(f, "rss") == 0)
		return render_feed(item, strcmp(f, "rss") == 0, out, err);
	if (strncmp(f, "csaf", 4) == 0)
		return render_csaf(item, f, out, err);
	if (strcmp(f, "cve") == 0)
		return render_cve(item, out, err);
	if (strcmp(f, "github") == 0)
		return render_github(s, item, out, err);
	if (strcmp(f, "webhook") == 0)
		return render_webhook(item, out, err);
	return err_set(err, ST_INVALID, "output %s: unknown format \"%s\"",
	    o->id != NULL ? o->id : "?", f);
}
