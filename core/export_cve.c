/* core/export_cve.c - `herald export cve`: site/cve/CVE-YYYY-NNNN.json,
 * the CVE JSON 5 record of each CVE named by a public advisory, for the
 * CNA to submit. A record is rendered again only when an advisory it is
 * made from changed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/cverecord.h"
#include "core/export.h"
#include "core/hash.h"
#include "core/text.h"
#include "util/xalloc.h"

/* Bumped when the records' shape changes, so a newer herald rewrites
 * records an older one made from the same items. */
#define CVE_STAMP_VERSION "cve-1"

/*
 * Whether ITEM speaks for its CVEs: a public advisory, not withdrawn
 * (herald cannot tell whether a withdrawal means the CVE is rejected, so
 * it says nothing), that finds some product affected or fixed. An
 * advisory that only says "not affected" by someone else's CVE is a VEX
 * statement, not a record the vendor publishes for that CVE.
 */
static bool
item_speaks(const json_t *item)
{
	const json_t *row;
	const char *st;
	size_t i;

	if (!export_item_public(item) ||
	    !json_is_true(json_object_get(item, "is_advisory")) ||
	    json_is_true(json_object_get(item, "is_withdrawn")))
		return false;
	json_array_foreach(json_object_get(item, "products"), i, row) {
		st = jstr(row, "status");
		if (st != NULL && (strcmp(st, "known_affected") == 0 ||
		    strcmp(st, "fixed") == 0))
			return true;
	}
	return false;
}

/* Whether A was published before B (then the lower id). */
static bool
earlier(const json_t *a, const json_t *b)
{
	const char *ta = jstr(a, "first_published_at");
	const char *tb = jstr(b, "first_published_at");
	int c;

	if (ta != NULL && tb != NULL && (c = strcmp(ta, tb)) != 0)
		return c < 0;
	if ((ta == NULL) != (tb == NULL))
		return ta != NULL;
	return json_integer_value(json_object_get(a, "id")) <
	    json_integer_value(json_object_get(b, "id"));
}

/*
 * The item the record of one CVE is made from, when several advisories
 * name it (the advisory and a later call to act, say): the one that
 * first published it speaks, and the others' pages join its references.
 * *STAMP gets what the record depends on. A new reference.
 */
static json_t *
owner_of(const json_t *items, char stamp[HASH_HEX_SIZE])
{
	const json_t *own = NULL, *it;
	struct textbuf mix = { 0 };
	json_t *copy, *refs;
	size_t i;

	json_array_foreach(items, i, it)
		if (own == NULL || earlier(it, own))
			own = it;
	copy = json_copy((json_t *)own);
	refs = json_deep_copy(json_object_get(own, "references"));
	if (!json_is_array(refs)) {
		json_decref(refs);
		refs = json_array();
	}
	textbuf_printf(&mix, CVE_STAMP_VERSION ":%s", jstr(own, "stamp") !=
	    NULL ? jstr(own, "stamp") : "");
	json_array_foreach(items, i, it) {
		if (it == own)
			continue;
		if (jstr(it, "url") != NULL)
			jpush(refs, json_string(jstr(it, "url")));
		textbuf_printf(&mix, ":%s", jstr(it, "stamp") != NULL ?
		    jstr(it, "stamp") : "");
	}
	jput(copy, "references", refs);
	hash_sha256_hex(mix.p, mix.len, stamp);
	textbuf_clear(&mix);
	return copy;
}

static enum status
export_one(struct export_ctx *x, const char *cve, const json_t *items,
    struct err *err)
{
	json_t *item = NULL;
	char *rel, *text = NULL, stamp[HASH_HEX_SIZE];
	size_t len;
	enum status st = ST_OK;

	rel = xasprintf(EXPORT_SITE "/cve/%s.json", cve);
	item = owner_of(items, stamp);
	if (outdir_fresh(x->out, rel, stamp))
		goto end;
	if ((st = cverecord_render(x->model->site, item, cve, &text, &len,
	    err)) != ST_OK)
		goto end;
	st = outdir_write(x->out, rel, text, len, stamp, err);
end:
	json_decref(item);
	free(text);
	free(rel);
	return st;
}

enum status
export_cve(struct export_ctx *x, struct err *err)
{
	json_t *by_cve = json_object(), *item, *v, *list;
	const char *cve;
	size_t i, j;
	enum status st = ST_OK;
	void *iter;

	if (by_cve == NULL)
		die("out of memory");
	/* Which advisories name each CVE, in the model's order. */
	json_array_foreach(x->model->items, i, item) {
		if (!item_speaks(item))
			continue;
		json_array_foreach(json_object_get(item, "cves"), j, v) {
			if ((cve = json_string_value(v)) == NULL)
				continue;
			if ((list = json_object_get(by_cve, cve)) == NULL) {
				list = json_array();
				jput(by_cve, cve, list);
			}
			if (json_array_append(list, item) != 0)
				die("out of memory");
		}
	}
	for (iter = json_object_iter(by_cve); iter != NULL && st == ST_OK;
	    iter = json_object_iter_next(by_cve, iter))
		st = export_one(x, json_object_iter_key(iter),
		    json_object_iter_value(iter), err);
	json_decref(by_cve);
	return st;
}
