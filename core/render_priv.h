/* core/render_priv.h - what render.c (templates, pages, the structured
 * formats) and render_json.c (the GitHub and webhook payloads) share.
 * Not for other modules. */
#ifndef HERALD_CORE_RENDER_PRIV_H
#define HERALD_CORE_RENDER_PRIV_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/render.h"

#define MT_MARKDOWN "text/markdown; charset=utf-8"
#define MT_HTML     "text/html; charset=utf-8"
#define MT_TEXT     "text/plain; charset=utf-8"
#define MT_JSON     "application/json"

/* How links between pages are written in one rendering. */
enum link_mode {
	LINK_MD,        /* relative, to the .md pages of the Markdown tree */
	LINK_HTML,      /* relative, to the .html pages of the site */
	LINK_ABSOLUTE,  /* the page's address (e-mail, GitHub, webhook) */
};

/* ITEM through the first of its templates for SUFFIX (".md",
 * ".email.txt", ...): O->template (O may be NULL), "KIND" + SUFFIX, then
 * each of FALLBACK (NULL-terminated); links as MODE writes them. */
enum status render_item_template(struct session *s, const json_t *item,
    const struct pb_output *o, const char *suffix,
    const char *const *fallback, enum link_mode mode, struct rendered *out,
    struct err *err);
/* "SEC-2026-004: Title", or the one of them that is there; a drill's
 * starts with "[DRILL] ". Allocated. */
char       *render_item_heading(const json_t *item);
/* Whether ITEM is about a drill incident: every output of it is marked
 * DRILL (core/drill.h's DRILL_LINE and DRILL_TAG). */
bool        render_item_is_drill(const json_t *item);
/* BYTES (allocated, LEN long, taken) as OUT's text with MEDIA_TYPE. */
void        render_take_bytes(struct rendered *out, char *bytes, size_t len,
    const char *media_type);

/* The GitHub repository advisory request body of ITEM (render_json.c). */
enum status render_github(struct session *s, const json_t *item,
    struct rendered *out, struct err *err);
/* A Slack-compatible webhook message about ITEM (render_json.c). */
enum status render_webhook(const json_t *item, struct rendered *out,
    struct err *err);

#endif
