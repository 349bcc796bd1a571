/* core/content.c - the canonical form of what a communication publishes,
 * and its hash: the thing an approval approves.
 *
 * Form version 1 (CONTENT_CANON_VERSION), one JSON object serialised as
 * RFC 8785 canonical JSON (core/canon.h), hashed with SHA-256:
 *
 *   form           "herald-content"
 *   version        1
 *   communication  { id, kind, audience, variant, ref, revision, title }
 *                  id and revision integers; variant the playbook's
 *                  variant id ("" for a playbook's only one); ref the
 *                  incident's reference (or "EOL-<product>-<cycle>");
 *                  title as readers get it (the "title" answer when the
 *                  form has one, on one line)
 *   playbook       { name, version, hash } as stored when the
 *                  communication was started (hash: SHA-256 of its text)
 *   answers        { field: value }: every answered field that reaches
 *                  an output for this audience (a field marked internal
 *                  only for the internal and regulator audiences; a field
 *                  its "when" hides left out), the stored value as
 *                  the document model holds it (invalid UTF-8 as U+FFFD,
 *                  control characters other than tab and newline dropped)
 *   affected       [ { product, cycle, range, status, justification,
 *                  ecosystem, package } ]: the products and versions the
 *                  outputs name (the "products" answer, else the
 *                  incident's affected rows in the order they were
 *                  added); each key a string, or null when unknown
 *   outputs        [ { id, format, title, template, text } ]: each output
 *                  of the playbook for this variant, in the playbook's
 *                  order; a variant without outputs has one, { "page",
 *                  "markdown", "Page" }, as its preview shows it.
 *                  template { name, version, hash } of the template the
 *                  words came from (for html the Markdown template, not
 *                  the layout), null for a structured format (csaf, cve,
 *                  atom, rss, github, webhook); text the rendered bytes
 *                  exactly as render_output() makes them. An output that
 *                  cannot be rendered (a template not imported, a setting
 *                  it needs unset) has text "", template null and
 *                  "error": why; the hash moves once it renders.
 *
 * What is held still, so the hash moves only when the words do:
 *   - the time it goes out: a draft (anything not published yet, an
 *     update in progress too) is rendered as if "now" were
 *     CONTENT_SEND_TIME (2000-01-01T00:00:00Z), so its updated_at and
 *     updated date, a CSAF document's release dates, a feed's updated
 *     time and id year read that instant, whatever the clock says;
 *   - the workflow state: a draft, one in review and an approved one
 *     render alike (state "draft"), so approving does not change what
 *     was approved;
 *   - the model's "stamp" (a cache key over every template) is dropped.
 * What still moves it, because the words that go out move: an answer,
 * the affected products, a template or partial re-imported with other
 * words (a template's new version moves it even when its words are an
 * earlier version's again), the site settings the outputs print, a
 * sibling communication published (the related links), and a herald
 * whose renderers write differently (a CSAF document names herald's
 * version).
 *
 * Left out: who edited it and when, comments, step marks, approvals,
 * the answers that reach no output, the channels' addresses and the
 * publication time.
 */
#include "config.h"

#include "core/content.h"

#include <stdlib.h>
#include <string.h>

#include "core/canon.h"
#include "core/docmodel.h"
#include "core/hash.h"
#include "core/render.h"
#include "core/settings.h"

/* The instant a draft is rendered at. */
#define CONTENT_SEND_TIME   "2000-01-01T00:00:00Z"

#define CONTENT_FORM "herald-content"

/* A variant without outputs is still read by someone: as a page (as
 * comm_preview() shows it). */
static const struct pb_output page_output = {
	.id = (char *)"page", .format = (char *)"markdown",
	.title = (char *)"Page",
};

void
content_clear(struct content *c)
{
	if (c == NULL)
		return;
	free(c->canon);
	memset(c, 0, sizeof *c);
}

/* S as a JSON string, or null. */
static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* KEY of O (a string), or null. */
static json_t *
key_or_null(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_incref((json_t *)v) : json_null();
}

static json_t *
communication_part(const struct comm_doc *d, const json_t *item)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:I, s:o}",
	    "id", (json_int_t)d->comm.id,
	    "kind", str_or_null(d->comm.kind),
	    "audience", str_or_null(d->comm.audience),
	    "variant", str_or_null(d->comm.variant),
	    "ref", key_or_null(item, "ref"),
	    "revision", (json_int_t)d->comm.revision,
	    "title", key_or_null(item, "title"));
}

static json_t *
playbook_part(const struct comm_doc *d)
{
	return json_pack("{s:o, s:o, s:o}",
	    "name", str_or_null(d->comm.playbook),
	    "version", str_or_null(d->comm.playbook_version),
	    "hash", str_or_null(d->comm.playbook_hash));
}

static json_t *
affected_part(const json_t *item)
{
	static const char *const keys[] = { "product", "cycle", "range",
	    "status", "justification", "ecosystem", "package", NULL };
	json_t *a = json_array(), *row, *p;
	size_t i, k;

	json_array_foreach(json_object_get(item, "products"), i, p) {
		row = json_object();
		for (k = 0; keys[k] != NULL; k++)
			json_object_set_new(row, keys[k], key_or_null(p, keys[k]));
		json_array_append_new(a, row);
	}
	return a;
}

/* The template R came from, or null. */
static json_t *
template_part(const struct rendered *r)
{
	if (r->template_name == NULL)
		return json_null();
	return json_pack("{s:s, s:I, s:s}", "name", r->template_name,
	    "version", (json_int_t)r->template_version, "hash",
	    r->template_hash);
}

/* Output O of ITEM rendered onto OUTPUTS; one that cannot be rendered
 * goes on with its error, the first error into PROBLEM. */
static void
output_one(struct session *s, const json_t *item, const struct pb_output *o,
    json_t *outputs, char *problem, size_t n)
{
	struct rendered r = { 0 };
	struct err err = { 0 };
	json_t *e;

	if (render_output(s, item, o, &r, &err) != ST_OK) {
		rendered_clear(&r);
		if (*problem == '\0')
			snprintf(problem, n, "output %s (%s): %s", o->id, o->format,
			    err.msg);
	}
	/* Not checked here: canon_json() names the place of bad bytes. */
	e = json_pack("{s:s, s:s, s:o, s:o, s:o}",
	    "id", o->id, "format", o->format,
	    "title", str_or_null(o->title),
	    "template", template_part(&r),
	    "text", json_stringn_nocheck(r.text != NULL ? r.text : "",
	    r.text != NULL ? r.len : 0));
	if (err.code != ST_OK)
		json_object_set_new(e, "error", json_string(err.msg));
	json_array_append_new(outputs, e);
	rendered_clear(&r);
}

static json_t *
outputs_part(struct session *s, const struct comm_doc *d,
    const json_t *item, char *problem, size_t size)
{
	const char *variant = d->variant != NULL ? d->variant->id : "";
	json_t *a = json_array();
	size_t i, n = 0;

	for (i = 0; i < d->pb->n_outputs; i++) {
		if (!playbook_output_in_variant(&d->pb->outputs[i], variant))
			continue;
		output_one(s, item, &d->pb->outputs[i], a, problem, size);
		n++;
	}
	if (n == 0)
		output_one(s, item, &page_output, a, problem, size);
	return a;
}

/* The item of D as it will go out, held still where it would move with
 * the clock or the workflow. */
static enum status
item_of(struct session *s, const struct comm_doc *d, json_t **out,
    struct err *err)
{
	json_t *site = NULL, *item = NULL;
	enum status st;

	*out = NULL;
	if ((st = settings_site(s, &site, err)) != ST_OK ||
	    (st = docmodel_item_draft_at(s, d, site, CONTENT_SEND_TIME, &item,
	    err)) != ST_OK)
		goto end;
	if (json_is_true(json_object_get(item, "is_draft")))
		json_object_set_new(item, "state", json_string("draft"));
	json_object_del(item, "stamp");
	*out = item;
end:
	json_decref(site);
	return st;
}

enum status
content_of(struct session *s, const struct comm_doc *d, struct content *out,
    struct err *err)
{
	json_t *item = NULL, *outputs = NULL, *form = NULL, *answers;
	enum status st;

	memset(out, 0, sizeof *out);
	if ((st = item_of(s, d, &item, err)) != ST_OK)
		goto end;
	outputs = outputs_part(s, d, item, out->problem, sizeof out->problem);
	answers = json_object_get(item, "values");
	form = json_pack("{s:s, s:i, s:o, s:o, s:o, s:o, s:o}",
	    "form", CONTENT_FORM,
	    "version", CONTENT_CANON_VERSION,
	    "communication", communication_part(d, item),
	    "playbook", playbook_part(d),
	    "answers", json_is_object(answers) ? json_deep_copy(answers) :
	    json_object(),
	    "affected", affected_part(item),
	    "outputs", outputs);
	outputs = NULL;         /* the form holds it now, or it is gone */
	if (form == NULL) {
		st = err_set(err, ST_NOMEM, "content: out of memory");
		goto end;
	}
	if ((st = canon_json(form, &out->canon, &out->len, err)) != ST_OK) {
		err_prefix(err, "communication %lld", d->comm.id);
		goto end;
	}
	hash_sha256_hex(out->canon, out->len, out->hash);
end:
	if (st != ST_OK)
		content_clear(out);
	json_decref(form);
	json_decref(outputs);
	json_decref(item);
	return st;
}

enum status
content_outputs(const char *canon, json_t **out, struct err *err)
{
	json_error_t jerr;
	json_t *form, *outputs, *o, *row, *a = NULL;
	size_t i;
	enum status st = ST_OK;

	*out = NULL;
	if (canon == NULL)
		return err_set(err, ST_INVALID, "content: no snapshot");
	if ((form = json_loads(canon, JSON_REJECT_DUPLICATES |
	    JSON_ALLOW_NUL, &jerr)) == NULL)
		return err_set(err, ST_INVALID, "content: the snapshot is not JSON "
		    "(line %d, column %d: %s)", jerr.line, jerr.column, jerr.text);
	if (!json_is_string(json_object_get(form, "form")) ||
	    strcmp(json_string_value(json_object_get(form, "form")),
	    CONTENT_FORM) != 0) {
		st = err_set(err, ST_INVALID, "content: the snapshot is not a "
		    "herald content form");
		goto end;
	}
	if (json_integer_value(json_object_get(form, "version")) < 1 ||
	    json_integer_value(json_object_get(form, "version")) >
	    CONTENT_CANON_VERSION) {
		st = err_set(err, ST_INVALID, "content: the snapshot is form "
		    "version %lld; this herald reads versions 1 to %d",
		    (long long)json_integer_value(json_object_get(form,
		    "version")), CONTENT_CANON_VERSION);
		goto end;
	}
	outputs = json_object_get(form, "outputs");
	if (!json_is_array(outputs)) {
		st = err_set(err, ST_INVALID, "content: the snapshot has no "
		    "outputs");
		goto end;
	}
	a = json_array();
	json_array_foreach(outputs, i, o) {
		if (!json_is_string(json_object_get(o, "id")) ||
		    !json_is_string(json_object_get(o, "text"))) {
			st = err_set(err, ST_INVALID, "content: output %zu of the "
			    "snapshot has no id or text", i + 1);
			goto end;
		}
		row = json_pack("{s:O, s:o, s:o, s:O}",
		    "id", json_object_get(o, "id"),
		    "format", key_or_null(o, "format"),
		    "title", key_or_null(o, "title"),
		    "text", json_object_get(o, "text"));
		if (json_is_string(json_object_get(o, "error")))
			json_object_set(row, "error", json_object_get(o, "error"));
		json_array_append_new(a, row);
	}
end:
	if (st != ST_OK) {
		json_decref(a);
		a = NULL;
	}
	*out = a;
	json_decref(form);
	return st;
}
