/* core/render.h - one output of one communication, exactly as its reader
 * gets it: the approver's preview, the exporter's file and (later) the
 * channel's payload all come from here. */
#ifndef HERALD_CORE_RENDER_H
#define HERALD_CORE_RENDER_H

#include <jansson.h>

#include "core/playbook.h"
#include "core/session.h"

/* What was rendered and from what. */
struct rendered {
	char      *text;            /* the bytes (NUL-terminated) */
	size_t     len;
	char      *media_type;      /* "text/markdown; charset=utf-8", ... */
	char      *template_name;   /* NULL for a structured format */
	long long  template_version;
	char       template_hash[65];
};
void rendered_clear(struct rendered *r);

/*
 * Render output O (of the item's playbook) of ITEM (a docmodel item) into
 * OUT. By O->format:
 *   markdown  the template O->template, else "<kind>.md", else
 *             "generic.md", with Markdown escaping
 *   html      that Markdown through cmark (raw HTML and unsafe links
 *             dropped) inside the "layout.html" template
 *   email     "<kind>.email.txt", else "generic.email.txt": a Subject:
 *             line, a blank line, the body; no escaping
 *   text, ticket  "<kind>.txt" / "<kind>.ticket.txt", else "generic.txt"
 *   atom, rss a feed holding just this item (feed_render())
 *   csaf, csaf-vex, csaf-incident  the CSAF document (csaf_render())
 *   cve       the CVE record of the item's first CVE (cverecord_render())
 *   github    the GitHub repository advisory request body (JSON)
 *   webhook   a Slack-compatible message (JSON)
 * Templates come from the database (template_get_latest()), so whoever
 * renders gets the same words; partials {{> name}} too. A template that
 * is not imported is ST_NOTFOUND naming it and "herald template import".
 */
enum status render_output(struct session *s, const json_t *item,
    const struct pb_output *o, struct rendered *out, struct err *err);

/*
 * Render template NAME from the database against DATA with the escaping
 * its name implies (mustache_escape_for()), partials from the database.
 * OUT gets the text and the template's name, version and hash.
 */
enum status render_template(struct session *s, const char *name,
    const json_t *data, struct rendered *out, struct err *err);
/* render_template() trying each of NAMES (NULL-terminated) in turn: the
 * first that is imported is used. */
enum status render_template_first(struct session *s, const char *const *names,
    const json_t *data, struct rendered *out, struct err *err);

/* Markdown to an HTML fragment through cmark, safely (no raw HTML, no
 * javascript: links). Allocated. */
char       *render_markdown_html(const char *md, size_t len);
/* An HTML page: FRAGMENT inside the "layout.html" template with TITLE,
 * the page's path PAGE (for links relative to the root: "root" is
 * "../" per folder) and the site settings SITE. */
enum status render_page(struct session *s, const json_t *site,
    const char *title, const char *page, const char *fragment,
    struct rendered *out, struct err *err);

#endif
