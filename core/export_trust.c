/* core/export_trust.c - `herald export trust`: the trust page as
 * Markdown (docs/trust.md), as HTML through cmark and the layout
 * (site/trust/index.html, the page core/publication.h records) and as
 * JSON (site/trust/trust.json), from the entries core/trust.h keeps.
 * A certification past its valid_until is not shown as held: the page
 * lists it under "No longer held" with the date it expired, and the JSON
 * gives it the status "expired". With no contact entry, the security
 * contact is security.contact. The three files share one stamp (the
 * content, the settings, the templates, herald's version): while it is
 * the same nothing is rendered again. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "core/hash.h"
#include "core/render.h"
#include "core/template.h"
#include "core/text.h"
#include "core/trust.h"
#include "util/xalloc.h"

#define TRUST_PAGE  "trust/index.html"
#define TRUST_HTML  EXPORT_SITE "/" TRUST_PAGE
#define TRUST_JSON  EXPORT_SITE "/trust/trust.json"
#define TRUST_MD    EXPORT_DOCS "/trust.md"
#define TRUST_TITLE "Security and trust"
/* Bumped when what the files are made from changes shape here. */
#define TRUST_STAMP_VERSION "trust-1"

/* The templates the page is rendered through, for the stamp. */
static const char *const templates[] = { "trust.md", "partials/blocks.md",
    "layout.html", NULL };

/* An entry's text as every output may hold it (core/text.h's cleaner):
 * the stored text passed herald's checks, but a file may have been
 * changed behind its back. Allocated. */
static char *
clean(const char *s, bool is_line)
{
	return is_line ? text_line(s) : text_clean(s);
}

/* TEXT as blocks for partials/blocks.md: paragraphs at blank lines, each
 * a list when every line starts "- " or "* ", else its lines, each with
 * is_last. */
static json_t *
blocks_of(const char *text)
{
	json_t *blocks = json_array(), *b, *list;
	char *copy = xstrdup(text), *para, *next, *line, *nl, *e;
	bool is_list;

	for (para = copy; para != NULL; para = next) {
		if ((next = strstr(para, "\n\n")) != NULL) {
			*next = '\0';
			next += 2;
		}
		while (*para == '\n')
			para++;
		for (e = para + strlen(para); e > para && (e[-1] == '\n' ||
		    e[-1] == ' '); e--)
			e[-1] = '\0';
		if (*para == '\0')
			continue;
		is_list = true;
		for (line = para; line != NULL; line = nl != NULL ? nl + 1 :
		    NULL) {
			nl = strchr(line, '\n');
			if (strncmp(line, "- ", 2) != 0 &&
			    strncmp(line, "* ", 2) != 0)
				is_list = false;
		}
		b = json_object();
		list = json_array();
		for (line = para; line != NULL; line = nl) {
			if ((nl = strchr(line, '\n')) != NULL)
				*nl++ = '\0';
			if (is_list)
				jpush(list, json_string(line + 2));
			else
				jpush(list, json_pack("{s:s, s:b}", "text", line,
				    "is_last", nl == NULL));
		}
		jput(b, "is_list", json_boolean(is_list));
		jput(b, is_list ? "items" : "lines", list);
		jpush(blocks, b);
	}
	free(copy);
	return blocks;
}

/* Whether C may stand raw in a Markdown link destination made from a
 * setting (as the disclosure policy's): parentheses are percent-encoded. */
static bool
link_char_ok(int c)
{
	return c != '(' && c != ')';
}

/* The page's entry for E: every key there (booleans for what is absent),
 * so a template never picks up an outer one. */
static json_t *
page_entry(const struct trust_entry *e)
{
	char *title = clean(e->title, true), *details = clean(e->extra, true);
	char *body = clean(e->body, false);
	bool has_date = e->valid_until != NULL && *e->valid_until != '\0';
	json_t *o;

	o = json_pack("{s:s, s:b, s:s, s:b, s:s, s:b, s:b, s:o}", "title",
	    title, "has_details", *details != '\0', "details", details,
	    "has_valid_until", has_date, "valid_until", has_date ?
	    e->valid_until : "", "has_url", 0, "has_body",
	    text_nonblank(body) != NULL, "blocks", blocks_of(body));
	if (o == NULL)
		die("export trust: cannot build an entry");
	free(title);
	free(details);
	free(body);
	return o;
}

/* The JSON's entry for E (SECTION's). */
static json_t *
json_entry(const struct trust_entry *e, bool is_cert, bool is_expired)
{
	char *title = clean(e->title, true), *details = clean(e->extra, true);
	char *body = clean(e->body, false);
	json_t *o = json_object();

	jput(o, "id", json_integer(e->id));
	jput(o, "title", json_string(title));
	jput(o, "details", json_string(details));
	jput(o, "body", json_string(body));
	if (is_cert) {
		jput(o, "valid_until", e->valid_until != NULL &&
		    *e->valid_until != '\0' ? json_string(e->valid_until) :
		    json_null());
		jput(o, "status", json_string(is_expired ? "expired" :
		    "held"));
	}
	free(title);
	free(details);
	free(body);
	return o;
}

/* The security contacts of the settings (security.contact), for a page
 * without a contact entry: each as { title, url, url_label } on the page
 * (PAGE) and { id: null, title, details, body, url } in the JSON. */
static void
fallback_contacts(const json_t *site, json_t *page, json_t *doc)
{
	const json_t *v;
	const char *href, *label, *kind;
	struct textbuf b = { 0 };
	json_t *o;
	size_t i;

	json_array_foreach(json_object_get(site, "contacts"), i, v) {
		if ((href = json_string_value(v)) == NULL)
			continue;
		if (strncmp(href, "mailto:", 7) == 0) {
			kind = "E-mail";
			label = href + 7;
		} else if (strncmp(href, "tel:", 4) == 0) {
			kind = "Telephone";
			label = href + 4;
		} else {
			kind = "On the web";
			label = href;
		}
		textbuf_pct(&b, href, strlen(href), link_char_ok);
		o = json_pack("{s:s, s:b, s:s, s:b, s:b, s:s, s:s, s:b, s:[]}",
		    "title", kind, "has_details", 0, "details", "",
		    "has_valid_until", 0, "has_url", 1, "url", b.p, "url_label",
		    label, "has_body", 0, "blocks");
		if (o == NULL)
			die("export trust: cannot build a contact");
		jpush(page, o);
		o = json_object();
		jput(o, "id", json_null());
		jput(o, "title", json_string(kind));
		jput(o, "details", json_string(label));
		jput(o, "body", json_string(""));
		jput(o, "url", json_string(href));
		jpush(doc, o);
		textbuf_clear(&b);
	}
}

/* The page's data (*PAGE) and the JSON document (*DOC) of ENTRIES at
 * NOW, content last changed at UPDATED (may be NULL). */
static void
build(const json_t *site, const struct rowlist *entries, const char *now,
    const char *updated, json_t **page, json_t **doc)
{
	json_t *secs = json_array(), *dsecs = json_array(), *list, *dlist;
	json_t *expired, *sec;
	const struct trust_entry *e;
	const char *name, *url = jstr(site, "site_url");
	bool is_cert, is_contact, gone, any = false;
	size_t i;
	int k;

	for (k = 0; k < TRUST_SECTION_COUNT; k++) {
		name = trust_section_name((enum trust_section)k);
		is_cert = strcmp(name, TRUST_SECTION_CERTIFICATION) == 0;
		is_contact = strcmp(name, TRUST_SECTION_CONTACT) == 0;
		list = json_array();
		dlist = json_array();
		expired = json_array();
		for (i = 0; i < entries->count; i++) {
			e = rowlist_at(entries, i);
			if (strcmp(e->section, name) != 0)
				continue;
			gone = trust_is_expired(e, now);
			jpush(gone ? expired : list, page_entry(e));
			jpush(dlist, json_entry(e, is_cert, gone));
		}
		if (is_contact && json_array_size(dlist) == 0)
			fallback_contacts(site, list, dlist);
		sec = json_object();
		jput(sec, "id", json_string(name));
		jput(sec, "heading", json_string(trust_section_heading(
		    (enum trust_section)k)));
		jput(sec, "entries", dlist);
		jpush(dsecs, sec);
		if (json_array_size(list) == 0 && json_array_size(expired) == 0) {
			json_decref(list);
			json_decref(expired);
			continue;
		}
		any = true;
		sec = json_pack("{s:s, s:s, s:b, s:b, s:b, s:o, s:b, s:o}", "id",
		    name, "heading", trust_section_heading((enum trust_section)k),
		    "is_certification", is_cert, "is_subprocessor",
		    k == TRUST_SUBPROCESSOR, "is_contact", is_contact,
		    "entries", list, "has_expired", json_array_size(expired) > 0,
		    "expired", expired);
		if (sec == NULL)
			die("export trust: cannot build a section");
		jpush(secs, sec);
	}
	*page = json_pack("{s:O, s:s?, s:b, s:o}", "site", site,
	    "publisher_name", jstr(site, "publisher_name"), "has_entries", any,
	    "sections", secs);
	if (*page == NULL)
		die("export trust: cannot build the page's data");
	if (updated != NULL)
		jput(*page, "updated_date", json_stringn(updated, 10));
	*doc = json_object();
	jput(*doc, "version", json_integer(1));
	jput(*doc, "publisher", jtext(jstr(site, "publisher_name")));
	jput(*doc, "page", url != NULL ? json_sprintf("%s%s", url,
	    TRUST_PAGE) : json_null());
	jput(*doc, "updated_at", jtext(updated));
	jput(*doc, "sections", dsecs);
}

/* What the files are made from, hashed into HEX: herald's version, the
 * templates' hashes, the page's data and the JSON. */
static void
stamp_of(struct export_ctx *x, const json_t *page, const char *doc,
    char hex[HASH_HEX_SIZE])
{
	struct template_row row;
	struct textbuf b = { 0 };
	struct err e;
	char *data = jdump(page, JSON_COMPACT | JSON_SORT_KEYS);
	size_t i;

	textbuf_printf(&b, "%s\n%s\n", TRUST_STAMP_VERSION, PACKAGE_VERSION);
	for (i = 0; templates[i] != NULL; i++) {
		memset(&row, 0, sizeof row);
		/* A template not imported fails the rendering, which says so. */
		if (template_get_latest(x->s, templates[i], &row, &e) == ST_OK)
			textbuf_printf(&b, "%s %s\n", templates[i], row.hash);
		template_row_clear(&row);
	}
	textbuf_printf(&b, "%s\n%s", data, doc);
	hash_sha256_hex(b.p, b.len, hex);
	textbuf_clear(&b);
	free(data);
}

static enum status
write_pages(struct export_ctx *x, const json_t *page, const char *stamp,
    struct err *err)
{
	struct rendered md = { 0 }, html = { 0 };
	char *fragment = NULL;
	enum status st;

	if ((st = render_template(x->s, "trust.md", page, &md, err)) != ST_OK ||
	    (st = outdir_write(x->out, TRUST_MD, md.text, md.len, stamp,
	    err)) != ST_OK)
		goto end;
	if ((fragment = render_markdown_html(md.text, md.len)) == NULL) {
		st = err_set(err, ST_INTERNAL, "%s: the Markdown did not turn "
		    "into HTML", TRUST_MD);
		goto end;
	}
	if ((st = render_page(x->s, x->model->site, TRUST_TITLE, TRUST_PAGE,
	    fragment, &html, err)) != ST_OK)
		goto end;
	st = outdir_write(x->out, TRUST_HTML, html.text, html.len, stamp, err);
end:
	free(fragment);
	rendered_clear(&md);
	rendered_clear(&html);
	return st;
}

enum status
export_trust(struct export_ctx *x, struct err *err)
{
	struct rowlist entries;
	json_t *page = NULL, *doc = NULL;
	char *updated = NULL, *text = NULL, hex[HASH_HEX_SIZE], *stamp = NULL;
	size_t len = 0;
	enum status st;

	if ((st = trust_list(x->s, &entries, err)) != ST_OK ||
	    (st = trust_last_change(x->s, &updated, err)) != ST_OK)
		goto end;
	build(x->model->site, &entries, x->model->now, updated, &page, &doc);
	text = jdump_doc(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER, &len);
	stamp_of(x, page, text, hex);
	stamp = xasprintf("%s:%s", TRUST_STAMP_VERSION, hex);
	if (!outdir_fresh(x->out, TRUST_JSON, stamp) &&
	    (st = outdir_write(x->out, TRUST_JSON, text, len, stamp, err)) !=
	    ST_OK)
		goto end;
	/* Both pages come from one rendering: fresh only together. */
	if (!outdir_fresh(x->out, TRUST_MD, stamp) ||
	    !outdir_fresh(x->out, TRUST_HTML, stamp))
		if ((st = write_pages(x, page, stamp, err)) != ST_OK)
			goto end;
	/* mkdocs.yml's navigation lists every page of docs/: this one too. */
	st = pages_write_mkdocs(x, err);
end:
	if (st != ST_OK)
		err_prefix(err, "the trust page");
	rowlist_free(&entries, (row_clear_fn)trust_entry_clear);
	json_decref(page);
	json_decref(doc);
	free(updated);
	free(text);
	free(stamp);
	return st;
}
