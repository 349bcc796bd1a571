/* core/export_documents.c - the outputs that are not web pages: every
 * e-mail, text and ticket of every communication, and the pages of the
 * communications that are not public (the internal post-incident report),
 * all under internal/REF/, which is never part of the web root.
 *
 * Files are named internal/REF/SLUG-OUTPUT.EXT. E-mails are written as
 * ".txt", not ".eml": what is rendered is a Subject line and a body, not
 * a whole RFC 5322 message (no From, Date, Message-ID or MIME headers;
 * the channel adds those when it sends), and a ".eml" would promise a
 * mail client a message it cannot read correctly. */
#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "core/hash.h"
#include "core/render.h"
#include "core/template.h"
#include "core/text.h"
#include "util/xalloc.h"

/* The extension of an output of FORMAT that this exporter writes for an
 * item that is (IS_PUBLIC) or is not on the site; NULL: not ours (pages
 * of public items are the page exporters', feeds, CSAF and CVE records
 * have exporters of their own). */
static const char *
doc_ext(const char *format, bool is_public)
{
	if (strcmp(format, "email") == 0 || strcmp(format, "text") == 0 ||
	    strcmp(format, "ticket") == 0)
		return "txt";
	if (is_public)
		return NULL;
	if (strcmp(format, "markdown") == 0)
		return "md";
	if (strcmp(format, "html") == 0)
		return "html";
	return NULL;
}

/* S as one safe path part: letters, digits, '.', '_' and '-' kept, the
 * rest '_'; never empty, never starting with '.'. Allocated. */
static char *
doc_part(const char *s)
{
	size_t i, n = s != NULL ? strlen(s) : 0;
	char *p = xmalloc(n + 2), *q = p;

	if (n == 0 || s[0] == '.')
		*q++ = '_';
	for (i = 0; i < n; i++) {
		char c = s[i];

		*q++ = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-' ? c : '_';
	}
	*q = '\0';
	return p;
}

/* What output O of ITEM is made from: the item's stamp and the output. */
static char *
doc_stamp(const json_t *item, const json_t *o)
{
	char *ob = jdump(o, JSON_COMPACT | JSON_SORT_KEYS), *what, *stamp;

	what = xasprintf("documents %s", ob);
	stamp = export_item_stamp(item, what);
	free(what);
	free(ob);
	return stamp;
}

/* Output O (an object of the item's "outputs") as the playbook's struct:
 * copies, freed with doc_output_clear(). */
static void
doc_output(const json_t *o, struct pb_output *out)
{
	memset(out, 0, sizeof *out);
	out->id = xstrdup_or_null(jstr(o, "id"));
	out->format = xstrdup_or_null(jstr(o, "format"));
	out->title = xstrdup_or_null(jstr(o, "title"));
	out->template = xstrdup_or_null(jstr(o, "template"));
}

static void
doc_output_clear(struct pb_output *o)
{
	free(o->id);
	free(o->format);
	free(o->title);
	free(o->template);
	memset(o, 0, sizeof *o);
}

/* Write output O of ITEM to internal/REF/SLUG-ID.EXT, unless it is fresh. */
static enum status
doc_write(struct export_ctx *x, const json_t *item, const json_t *o,
    const char *ext, struct err *err)
{
	struct pb_output po;
	struct rendered r = { 0 };
	const char *ref = jstr(item, "ref"), *slug = jstr(item, "slug");
	char *pref = doc_part(ref), *pslug = doc_part(slug), *pid, *rel, *stamp;
	enum status st = ST_OK;

	doc_output(o, &po);
	pid = doc_part(po.id);
	rel = xasprintf("%s/%s/%s-%s.%s", EXPORT_INTERNAL, pref, pslug, pid,
	    ext);
	stamp = doc_stamp(item, o);
	if (outdir_fresh(x->out, rel, stamp))
		goto end;
	if ((st = render_output(x->s, item, &po, &r, err)) != ST_OK) {
		err_prefix(err, "export documents: %s, %s (output %s): ",
		    ref != NULL ? ref : "?", slug != NULL ? slug : "?",
		    po.id != NULL ? po.id : "?");
		goto end;
	}
	st = outdir_write(x->out, rel, r.text, r.len, stamp, err);
end:
	rendered_clear(&r);
	doc_output_clear(&po);
	free(pref);
	free(pslug);
	free(pid);
	free(rel);
	free(stamp);
	return st;
}

/* Every output of ITEM that is not a public page nor has an exporter of
 * its own. */
static enum status
doc_item(struct export_ctx *x, const json_t *item, struct err *err)
{
	const json_t *outputs = json_object_get(item, "outputs"), *o;
	bool is_public = export_item_public(item);
	const char *format, *ext;
	enum status st = ST_OK;
	size_t i;

	json_array_foreach(outputs, i, o) {
		format = jstr(o, "format");
		if (format == NULL || jstr(o, "id") == NULL ||
		    (ext = doc_ext(format, is_public)) == NULL)
			continue;
		if ((st = doc_write(x, item, o, ext, err)) != ST_OK)
			break;
	}
	return st;
}

enum status
export_documents(struct export_ctx *x, struct err *err)
{
	const json_t *item;
	enum status st;
	size_t i, n = json_array_size(x->model->items);

	json_array_foreach(x->model->items, i, item) {
		if ((st = doc_item(x, item, err)) != ST_OK)
			return st;
		progress_report(x->progress, (long)i + 1, (long)n);
	}
	return ST_OK;
}
