/* core/feed.h - Atom 1.0 (RFC 4287) and RSS 2.0 feeds, written with
 * libxml2's text writer: one entry per published item, the incident's
 * reference in its title, a stable id, "updated" that moves only when
 * the content does, a link to its page. */
#ifndef HERALD_CORE_FEED_H
#define HERALD_CORE_FEED_H

#include <jansson.h>

#include "util/err.h"

enum feed_format { FEED_ATOM, FEED_RSS };

/*
 * A feed of ITEMS (docmodel items, newest first; at most LIMIT of them,
 * 0 for all) for SITE (settings_site()), written to *OUT (allocated,
 * *LEN bytes). Text that XML cannot carry never reaches it: the model
 * has cleaned it, and the writer escapes the rest.
 */
enum status feed_render(enum feed_format f, const json_t *site,
    const json_t *items, size_t limit, char **out, size_t *len,
    struct err *err);

#endif
