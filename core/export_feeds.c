/* core/export_feeds.c - `herald export feeds`: site/feed.atom and
 * site/feed.rss of the newest public items, and site/products/SLUG/
 * feed.atom for each product with public items. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "core/feed.h"
#include "core/hash.h"
#include "core/text.h"
#include "util/xalloc.h"

/* Bump when the feeds' bytes change for the same model: old stamps must
 * not keep files made the old way. */
#define FEED_STAMP_VERSION "herald-feed/1"

/* feed.entries as a number (0: all). */
static enum status
feed_limit(const json_t *site, size_t *limit, struct err *err)
{
	const char *v = jstr(site, "feed_entries");
	unsigned long long n;
	char *end;

	*limit = 0;
	if (v == NULL || *v == '\0')
		return ST_OK;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (*v < '0' || *v > '9' || *end != '\0' || errno != 0 ||
	    n > 1000000)
		return err_set(err, ST_INVALID, "feed.entries is \"%.50s\": "
		    "expected a whole number from 0 (all) to 1000000 "
		    "(herald settings set feed.entries N)", v);
	*limit = (size_t)n;
	return ST_OK;
}

/*
 * What a feed is made from, as a stamp: the format, the limit, the site
 * and each item's own stamp (which changes exactly when its content
 * does), in order. With no items the feed's date is now's, so no stamp.
 * Allocated, or NULL.
 */
static char *
feed_stamp(enum feed_format f, const json_t *site, const json_t *items,
    size_t limit)
{
	const size_t fl = JSON_COMPACT | JSON_SORT_KEYS;
	struct textbuf b = { 0 };
	char hex[HASH_HEX_SIZE], *s;
	const json_t *item;
	const char *st;
	size_t i;

	if (json_array_size(items) == 0)
		return NULL;
	s = jdump(site, fl);
	textbuf_printf(&b, "%s %d %zu\n%s\n", FEED_STAMP_VERSION, (int)f,
	    limit, s);
	free(s);
	json_array_foreach(items, i, item) {
		if ((st = jstr(item, "stamp")) != NULL) {
			textbuf_printf(&b, "%s\n", st);
			continue;
		}
		s = jdump(item, fl);
		textbuf_printf(&b, "%s\n", s);
		free(s);
	}
	hash_sha256_hex(b.p, b.len, hex);
	textbuf_clear(&b);
	return xstrdup(hex);
}

/* Render one feed into REL, unless the manifest says it is fresh. */
static enum status
feed_write(struct export_ctx *x, enum feed_format f, const char *rel,
    const json_t *site, const json_t *items, size_t limit, struct err *err)
{
	char *stamp, *data = NULL;
	size_t len;
	enum status st;

	stamp = feed_stamp(f, site, items, limit);
	if (stamp != NULL && outdir_fresh(x->out, rel, stamp)) {
		free(stamp);
		return ST_OK;
	}
	if ((st = feed_render(f, site, items, limit, &data, &len, err)) ==
	    ST_OK)
		st = outdir_write(x->out, rel, data, len, stamp, err);
	else
		err_prefix(err, "%s: ", rel);
	free(data);
	free(stamp);
	return st;
}

/* Whether ITEM is public and about the product SLUG. */
static bool
item_of_product(const json_t *item, const char *slug)
{
	const json_t *p;
	const char *v;
	size_t i;

	if (!export_item_public(item))
		return false;
	json_array_foreach(json_object_get(item, "products"), i, p) {
		v = jstr(p, "product");
		if (v != NULL && strcmp(v, slug) == 0)
			return true;
	}
	return false;
}

/* Whether SLUG can name a folder: [a-z0-9][a-z0-9._-]*, no "..". */
static bool
slug_ok(const char *s)
{
	const char *p;

	if (s == NULL || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_'))
			return false;
	return strstr(s, "..") == NULL;
}

/* The Atom feed of product PRODUCT's public items, when it has some. */
static enum status
product_feed(struct export_ctx *x, const json_t *product, size_t limit,
    struct err *err)
{
	const json_t *site = x->model->site;
	const char *slug = jstr(product, "slug"), *name = jstr(product, "name"),
	    *title = jstr(site, "site_title");
	json_t *items = json_array(), *psite = json_deep_copy(site), *item;
	char *rel = NULL;
	enum status st = ST_OK;
	size_t i;

	if (items == NULL || psite == NULL)
		die("out of memory");
	if (!slug_ok(slug))
		goto end;
	json_array_foreach(x->model->items, i, item)
		if (item_of_product(item, slug) &&
		    json_array_append(items, item) != 0)
			die("out of memory");
	if (json_array_size(items) == 0)
		goto end;
	jput(psite, "feed_self", json_sprintf("products/%s/feed.atom", slug));
	jput(psite, "feed_name", json_sprintf("products/%s/feed", slug));
	jput(psite, "feed_title", json_sprintf("%s: %s", title != NULL ?
	    title : "", name != NULL ? name : slug));
	rel = xasprintf(EXPORT_SITE "/products/%s/feed.atom", slug);
	st = feed_write(x, FEED_ATOM, rel, psite, items, limit, err);
end:
	free(rel);
	json_decref(items);
	json_decref(psite);
	return st;
}

enum status
export_feeds(struct export_ctx *x, struct err *err)
{
	const json_t *site = x->model->site, *product;
	size_t limit, i;
	enum status st;

	if ((st = feed_limit(site, &limit, err)) != ST_OK)
		return st;
	if ((st = feed_write(x, FEED_ATOM, EXPORT_SITE "/feed.atom", site,
	    x->model->items, limit, err)) != ST_OK ||
	    (st = feed_write(x, FEED_RSS, EXPORT_SITE "/feed.rss", site,
	    x->model->items, limit, err)) != ST_OK)
		return st;
	json_array_foreach(x->model->products, i, product)
		if ((st = product_feed(x, product, limit, err)) != ST_OK)
			return st;
	return ST_OK;
}
