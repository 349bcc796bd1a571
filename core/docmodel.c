/* core/docmodel.c - the one model every output is made from: each
 * published communication as a JSON item (see core/docmodel.h), the
 * site's settings and the products' lifecycles. Text is cleaned here once,
 * so no exporter meets bytes its format cannot carry. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/cvss.h"
#include "core/docmodel.h"
#include "core/hash.h"
#include "core/product.h"
#include "core/reader.h"
#include "core/settings.h"
#include "core/text.h"
#include "core/validate.h"
#include "storage/q_affected.h"
#include "storage/q_communication.h"
#include "storage/q_incident.h"
#include "storage/q_playbook.h"
#include "storage/q_product.h"
#include "storage/q_revision.h"
#include "storage/q_template.h"
#include "util/xalloc.h"

/* ---- text ---- */

char *
docmodel_clean_text(const char *text)
{
	return text_clean(text);
}

/* Set KEY to cleaned TEXT, on one line when IS_LINE; nothing when TEXT is
 * NULL. */
static void
put_text(json_t *o, const char *key, const char *text, bool is_line)
{
	char *clean;

	if (text == NULL)
		return;
	clean = text_clean(text);
	if (is_line)
		text_flatten(clean);
	jput(o, key, json_string(clean));
	free(clean);
}

static void
put_str(json_t *o, const char *key, const char *text)
{
	put_text(o, key, text, false);
}

/* A title, a label: line breaks and tabs as spaces, so no value can add a
 * line to a Subject or a heading. */
static void
put_line(json_t *o, const char *key, const char *text)
{
	put_text(o, key, text, true);
}

/* Append cleaned TEXT to array A. */
static void
put_clean(json_t *a, const char *text)
{
	char *clean = text_clean(text);

	jpush(a, json_string(clean));
	free(clean);
}

/* TEXT split into blocks: paragraphs at blank lines; a paragraph whose
 * every line starts with "- ", "* " or "• " is a list. */
static json_t *
text_blocks(const char *text)
{
	json_t *blocks = json_array(), *b, *items;
	char *copy = xstrdup(text), *para, *next, *line, *nl, *e;
	bool is_list;

	for (para = copy; para != NULL; para = next) {
		next = strstr(para, "\n\n");
		if (next != NULL) {
			*next = '\0';
			next += 2;
		}
		while (*para == '\n')
			para++;
		for (e = para + strlen(para); e > para && (e[-1] == '\n' ||
		    e[-1] == ' ' || e[-1] == '\t'); e--)
			e[-1] = '\0';
		if (*para == '\0')
			continue;
		is_list = true;
		for (line = para; line != NULL; line = nl != NULL ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			if (strncmp(line, "- ", 2) != 0 &&
			    strncmp(line, "* ", 2) != 0 &&
			    strncmp(line, "\xe2\x80\xa2 ", 4) != 0)
				is_list = false;
		}
		b = json_object();
		if (b == NULL)
			die("out of memory");
		if (is_list) {
			items = json_array();
			if (items == NULL)
				die("out of memory");
			for (line = para; line != NULL; line = nl) {
				nl = strchr(line, '\n');
				if (nl != NULL)
					*nl++ = '\0';
				line += line[0] == '-' || line[0] == '*' ? 2 : 4;
				jpush(items, json_string(line));
			}
			jput(b, "is_list", json_true());
			jput(b, "items", items);
		} else
			jput(b, "text", json_string(para));
		jpush(blocks, b);
	}
	free(copy);
	return blocks;
}

/* "sec-2026-004" from "SEC-2026-004": lowercase, [a-z0-9-] kept, the
 * rest '-'. */
static char *
slugify(const char *s)
{
	char *out = xstrdup(s), *p;

	for (p = out; *p != '\0'; p++) {
		if (text_is_alnum((unsigned char)*p))
			*p = (char)text_to_lower((unsigned char)*p);
		else if (*p != '.')
			*p = '-';
	}
	return out;
}

/* ---- vocabularies ---- */

static const char *const kind_labels[][3] = {
	/* kind, label, folder of its page */
	{ "advisory", "Security advisory", "advisories" },
	{ "advisory-update", "Advisory update", "advisories" },
	{ "customer-notice", "Customer notice", "notices" },
	{ "regulator-notification", "Regulator notification", NULL },
	{ "support-briefing", "Support briefing", NULL },
	{ "pir-internal", "Internal post-incident report", NULL },
	{ "pir-external", "Post-incident report", "reports" },
	{ "eol-notice", "End-of-life notice", "eol" },
	{ "vulnerability-report", "Vulnerability report", NULL },
};

static const char *
kind_field(const char *kind, int which)
{
	size_t i;

	for (i = 0; i < sizeof kind_labels / sizeof kind_labels[0]; i++)
		if (strcmp(kind_labels[i][0], kind) == 0)
			return kind_labels[i][which];
	return which == 1 ? kind : NULL;
}

static const char *
status_label(const char *status)
{
	if (status == NULL)
		return NULL;
	if (strcmp(status, "known_affected") == 0)
		return "Known affected";
	if (strcmp(status, "fixed") == 0)
		return "Fixed";
	if (strcmp(status, "known_not_affected") == 0)
		return "Known not affected";
	if (strcmp(status, "under_investigation") == 0)
		return "Under investigation";
	return status;
}

/* "vulnerable_code_not_present" as "Vulnerable code not present". */
static json_t *
words_label(const char *code)
{
	char *w = xstrdup(code), *p;
	json_t *j;

	for (p = w; *p != '\0'; p++)
		if (*p == '_')
			*p = ' ';
	w[0] = (char)text_to_upper((unsigned char)w[0]);
	j = json_string(w);
	free(w);
	return j;
}

/* ---- what the items share while a model is read ---- */

struct pb_slot {
	char             hash[65];
	struct playbook *pb;
};

struct ctx {
	struct session *s;
	const json_t   *site;
	struct pb_slot *pbs;
	size_t          n_pbs;
	struct rowlist  products;        /* struct product */
	char            now[CLOCK_BUFSZ];
	char            templates[65];   /* hash of every template's hash */
};

static void
ctx_clear(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->n_pbs; i++)
		playbook_free(&c->pbs[i].pb);
	free(c->pbs);
	rowlist_free(&c->products, (row_clear_fn)product_clear);
}

static enum status
ctx_init(struct session *s, const json_t *site, struct ctx *c,
    struct err *err)
{
	struct rowlist tpl;
	const struct template_row *t;
	struct textbuf all = { 0 };
	size_t i;
	enum status st;

	memset(c, 0, sizeof *c);
	c->s = s;
	c->site = site;
	clock_now_str(c->now);
	rowlist_init(&c->products, sizeof(struct product));
	rowlist_init(&tpl, sizeof(struct template_row));
	if ((st = q_product_list(s->db, &c->products, err)) != ST_OK ||
	    (st = q_template_list_latest(s->db, &tpl, err)) != ST_OK) {
		ctx_clear(c);
		goto end;
	}
	/* Outputs change when a template does: the stamps cover them. */
	textbuf_str(&all, "");
	for (i = 0; i < tpl.count; i++) {
		t = rowlist_at(&tpl, i);
		textbuf_printf(&all, "%s=%s\n", t->name, t->hash);
	}
	hash_sha256_hex(all.p, all.len, c->templates);
end:
	textbuf_clear(&all);
	rowlist_free(&tpl, (row_clear_fn)template_row_clear);
	return st;
}

/* The playbook stored under HASH, parsed once per model. */
static enum status
ctx_playbook(struct ctx *c, const char *hash, const struct playbook **out,
    struct err *err)
{
	struct playbook_row row = { 0 };
	struct playbook *pb = NULL;
	char source[160];
	size_t i;
	enum status st;

	for (i = 0; i < c->n_pbs; i++)
		if (strcmp(c->pbs[i].hash, hash) == 0) {
			*out = c->pbs[i].pb;
			return ST_OK;
		}
	if ((st = q_playbook_by_hash(c->s->db, hash, &row, err)) != ST_OK)
		return st;
	snprintf(source, sizeof source, "%s (stored %.12s)", row.name, row.hash);
	st = playbook_parse(row.body, strlen(row.body), source, &pb, NULL, err);
	playbook_row_clear(&row);
	if (st != ST_OK)
		return st;
	c->pbs = xreallocarray(c->pbs, c->n_pbs + 1, sizeof *c->pbs);
	snprintf(c->pbs[c->n_pbs].hash, sizeof c->pbs[0].hash, "%s", hash);
	c->pbs[c->n_pbs++].pb = pb;
	*out = pb;
	return ST_OK;
}

static const struct product *
ctx_product(const struct ctx *c, long long id, const char *slug)
{
	const struct product *p;
	size_t i;

	for (i = 0; i < c->products.count; i++) {
		p = rowlist_at(&c->products, i);
		if ((slug != NULL && strcmp(p->slug, slug) == 0) ||
		    (slug == NULL && p->id == id))
			return p;
	}
	return NULL;
}

/* ---- one item ---- */

/* The answers being rendered: field -> stored value. */
static const char *
lookup(void *ctx, const char *field)
{
	return json_string_value(json_object_get(ctx, field));
}

static bool
is_multiline_kind(enum field_kind k)
{
	return k == FIELD_LONG_TEXT || k == FIELD_PLAIN_TEXT;
}

/* The answered fields that show and reach AUDIENCE, in step order. */
static void
add_fields(struct ctx *c, json_t *item, const struct playbook *pb,
    const char *variant, json_t *answers, bool is_internal)
{
	json_t *fields = json_array(), *texts = json_object(),
	    *values = json_object(), *f;
	const struct pb_step *st;
	const struct pb_field *pf;
	const char *stored;
	char *text, *clean;
	size_t i, j;

	if (fields == NULL || texts == NULL || values == NULL)
		die("out of memory");
	for (i = 0; i < pb->n_steps; i++) {
		st = &pb->steps[i];
		if (st->kind != PB_STEP_FORM ||
		    !playbook_step_in_variant(st, variant))
			continue;
		for (j = 0; j < st->n_fields; j++) {
			pf = &st->fields[j];
			stored = lookup(answers, pf->id);
			if (stored == NULL || *stored == '\0' ||
			    (pf->is_internal && !is_internal) ||
			    !validate_is_shown(pb, pf, lookup, answers))
				continue;
			text = reader_text(c->s, pf, stored);
			clean = text_clean(text);
			f = json_object();
			if (f == NULL)
				die("out of memory");
			put_str(f, "id", pf->id);
			put_line(f, "label", pf->label);
			put_str(f, "type", field_kind_name(pf->kind));
			put_str(f, "value", stored);
			jput(f, "text", json_string(clean));
			jput(f, "is_multiline", json_boolean(
			    is_multiline_kind(pf->kind) ||
			    strchr(clean, '\n') != NULL));
			jput(f, "blocks", text_blocks(clean));
			jpush(fields, f);
			jput(texts, pf->id, json_string(clean));
			put_str(values, pf->id, stored);
			free(text);
			free(clean);
		}
	}
	jput(item, "fields", fields);
	jput(item, "answers", texts);
	jput(item, "values", values);
}

static json_t *
cvss_json(const char *vector)
{
	struct cvss_result r;
	json_t *o;

	memset(&r, 0, sizeof r);
	if (vector == NULL || cvss_score(vector, &r, NULL) != ST_OK)
		return NULL;
	o = json_object();
	if (o == NULL)
		die("out of memory");
	put_str(o, "vector", r.vector);
	put_str(o, "version", r.version == CVSS_V4_0 ? "4.0" : "3.1");
	jput(o, "score", json_real(r.score.score));
	put_str(o, "severity", r.score.severity);
	return o;
}

/* CVSS from the "cvss" answer, else the incident's; cvss_v3 the 3.x one
 * from "cvss" or "cvss-v3". */
static void
add_cvss(json_t *item, const json_t *values, const struct incident *inc)
{
	const char *main = json_string_value(json_object_get(values, "cvss")),
	    *v3 = json_string_value(json_object_get(values, "cvss-v3"));
	json_t *m, *three = NULL;

	if (main == NULL && inc != NULL)
		main = inc->cvss_vector;
	if ((m = cvss_json(main)) == NULL)
		return;
	if (strcmp(json_string_value(json_object_get(m, "version")), "3.1") == 0)
		three = json_deep_copy(m);
	else
		three = cvss_json(v3);
	jput(item, "cvss", m);
	if (three != NULL)
		jput(item, "cvss_v3", three);
}

static json_t *
product_row(const struct ctx *c, const char *slug, long long product_id,
    const char *cycle, const char *range, const char *status,
    const char *why, const char *eco, const char *package, size_t n)
{
	const struct product *p = ctx_product(c, product_id, slug);
	json_t *o = json_object();
	char pid[32];

	if (o == NULL)
		die("out of memory");
	put_str(o, "product", p != NULL ? p->slug : slug);
	put_line(o, "name", p != NULL ? p->name : slug);
	if (cycle != NULL && *cycle != '\0')
		put_str(o, "cycle", cycle);
	if (range != NULL && *range != '\0')
		put_str(o, "range", range);
	put_str(o, "status", status);
	put_str(o, "status_label", status_label(status));
	if (why != NULL && *why != '\0') {
		put_str(o, "justification", why);
		jput(o, "justification_label", words_label(why));
	}
	if (eco != NULL && *eco != '\0')
		put_str(o, "ecosystem", eco);
	if (package != NULL && *package != '\0')
		put_str(o, "package", package);
	snprintf(pid, sizeof pid, "CSAFPID-%04zu", n + 1);
	put_str(o, "product_id", pid);
	return o;
}

static enum status
add_products(struct ctx *c, json_t *item, const json_t *values,
    long long incident_id, struct err *err)
{
	json_t *rows, *out = json_array(), *row;
	struct rowlist aff;
	const struct affected *a;
	struct cycle cy;
	const char *stored = json_string_value(json_object_get(values,
	    "products"));
	size_t i;
	enum status st = ST_OK;

	if (out == NULL)
		die("out of memory");
	rows = stored != NULL ? json_loads(stored, 0, NULL) : NULL;
	if (json_is_array(rows)) {
		json_array_foreach(rows, i, row)
			jpush(out, product_row(c,
			    json_string_value(json_object_get(row, "product")), 0,
			    json_string_value(json_object_get(row, "cycle")),
			    json_string_value(json_object_get(row, "range")),
			    json_string_value(json_object_get(row, "status")),
			    json_string_value(json_object_get(row,
			    "justification")),
			    json_string_value(json_object_get(row, "ecosystem")),
			    json_string_value(json_object_get(row, "package")),
			    i));
	} else if (incident_id != 0) {
		if ((st = q_affected_list_for_incident(c->s->db, incident_id,
		    &aff, err)) != ST_OK)
			goto end;
		for (i = 0; i < aff.count; i++) {
			a = rowlist_at(&aff, i);
			memset(&cy, 0, sizeof cy);
			if (a->cycle_id != 0 && q_cycle_by_id(c->s->db, a->cycle_id,
			    &cy, NULL) != ST_OK)
				memset(&cy, 0, sizeof cy);
			jpush(out, product_row(c, NULL, a->product_id, cy.cycle,
			    a->version_range, a->status, a->justification,
			    a->ecosystem, a->package, i));
			cycle_clear(&cy);
		}
		rowlist_free(&aff, (row_clear_fn)affected_clear);
	}
end:
	json_decref(rows);
	jput(item, "has_products", json_boolean(json_array_size(out) > 0));
	jput(item, "products", out);
	return st;
}

/* Each line of the answer to FIELD that passes KEEP, as an array. */
static json_t *
lines_of(const json_t *values, const char *field, bool urls_only)
{
	const char *v = json_string_value(json_object_get(values, field));
	json_t *a = json_array();
	char *copy, *line, *save = NULL, *e;

	if (a == NULL)
		die("out of memory");
	if (v == NULL)
		return a;
	copy = xstrdup(v);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '\t' || *line == '-' ||
		    *line == '*')
			line++;
		for (e = line + strlen(line); e > line && (e[-1] == ' ' ||
		    e[-1] == '\t' || e[-1] == '\r'); e--)
			e[-1] = '\0';
		if (*line == '\0' || (urls_only && strncmp(line, "https://", 8)
		    != 0 && strncmp(line, "http://", 7) != 0) ||
		    (urls_only && strpbrk(line, " \t<>\"") != NULL))
			continue;
		put_clean(a, line);
	}
	free(copy);
	return a;
}

static void
date_of(json_t *o, const char *key, const char *rfc3339)
{
	char k[64];

	if (rfc3339 == NULL)
		return;
	put_str(o, key, rfc3339);
	snprintf(k, sizeof k, "%.*s_date", (int)(strlen(key) - 3), key);
	if (strlen(key) > 3 && strcmp(key + strlen(key) - 3, "_at") == 0) {
		char d[11];
		snprintf(d, sizeof d, "%.10s", rfc3339);
		put_str(o, k, d);
	}
}

/* The revisions published (and, for a draft, its own last). */
static void
add_revisions(json_t *item, const struct rowlist *revs, long long upto,
    bool is_draft)
{
	json_t *a = json_array(), *r;
	const struct revision *rv;
	const char *first = NULL, *last = NULL;
	char *label, d[11];
	size_t i;

	if (a == NULL)
		die("out of memory");
	for (i = 0; i < revs->count; i++) {
		rv = rowlist_at(revs, i);
		if (rv->revision > upto)
			break;
		if (rv->published_at == NULL && !(is_draft &&
		    rv->revision == upto))
			continue;
		r = json_object();
		if (r == NULL)
			die("out of memory");
		jput(r, "revision", json_integer(rv->revision));
		if (rv->published_at != NULL) {
			put_str(r, "published_at", rv->published_at);
			snprintf(d, sizeof d, "%.10s", rv->published_at);
			put_str(r, "date", d);
			if (first == NULL)
				first = rv->published_at;
			last = rv->published_at;
		} else
			put_str(r, "date", "draft");
		put_str(r, "reason", rv->reason != NULL ? rv->reason : "");
		label = rv->reason != NULL && *rv->reason != '\0' ?
		    comm_reason_label(rv->reason) :
		    xstrdup(json_array_size(a) == 0 ? "First version" : "Update");
		put_str(r, "reason_label", label);
		free(label);
		jput(r, "is_first", json_boolean(json_array_size(a) == 0));
		jpush(a, r);
	}
	date_of(item, "first_published_at", first);
	if (last != NULL && !is_draft)
		date_of(item, "updated_at", last);
	jput(item, "has_revisions", json_boolean(json_array_size(a) > 0));
	jput(item, "revisions", a);
}

/* The file stem of communication C: "<ref>-<kind>", and "-<id>" unless C
 * is the first of its kind about the same incident or cycle, so names
 * never change once given. */
static enum status
item_slug(struct ctx *c, const struct communication *comm, const char *ref,
    char **out, struct err *err)
{
	struct rowlist l;
	const struct communication *r;
	long long first = comm->id;
	char *base = slugify(ref);
	size_t i;
	enum status st;

	st = comm->incident_id != 0 ?
	    q_communication_list_for_incident(c->s->db, comm->incident_id, &l,
	    err) : q_communication_list_for_cycle(c->s->db, comm->cycle_id, &l,
	    err);
	if (st != ST_OK) {
		free(base);
		return st;
	}
	for (i = 0; i < l.count; i++) {
		r = rowlist_at(&l, i);
		if (strcmp(r->kind, comm->kind) == 0 && r->id < first)
			first = r->id;
	}
	rowlist_free(&l, (row_clear_fn)communication_clear);
	*out = first == comm->id ? xasprintf("%s-%s", base, comm->kind) :
	    xasprintf("%s-%s-%lld", base, comm->kind, comm->id);
	free(base);
	return ST_OK;
}

static json_t *
incident_json(const struct incident *inc)
{
	json_t *o = json_object();

	if (o == NULL)
		die("out of memory");
	put_line(o, "ref", inc->ref);
	put_line(o, "title", inc->title);
	put_str(o, "summary", inc->summary);
	put_str(o, "trigger", inc->trigger_kind);
	put_str(o, "severity", inc->severity);
	put_str(o, "cvss_vector", inc->cvss_vector);
	if (inc->cvss_score >= 0)
		jput(o, "cvss_score", json_real(inc->cvss_score));
	put_str(o, "state", inc->state);
	put_str(o, "aware_at", inc->aware_at);
	put_str(o, "discovered_at", inc->discovered_at);
	put_str(o, "fix_available_at", inc->fix_available_at);
	jput(o, "is_drill", json_boolean(inc->is_drill));
	return o;
}

/* What an end-of-life notice's "cycle" and a product's cycles both say
 * of cycle CY. */
static void
put_cycle(json_t *o, const struct cycle *cy)
{
	put_str(o, "cycle", cy->cycle);
	put_str(o, "release_date", cy->release_date);
	put_str(o, "eol", cy->eol);
	put_str(o, "extended_support_end", cy->extended_support_end);
	put_str(o, "latest", cy->latest_version);
	if (cy->post_eol_options != NULL && *cy->post_eol_options != '\0')
		put_str(o, "post_eol_options", cy->post_eol_options);
}

static json_t *
cycle_json(const struct ctx *c, const struct cycle *cy)
{
	const struct product *p = ctx_product(c, cy->product_id, NULL);
	json_t *o = json_object();

	if (o == NULL)
		die("out of memory");
	if (p != NULL) {
		put_str(o, "product", p->slug);
		put_line(o, "product_name", p->name);
	}
	put_cycle(o, cy);
	return o;
}

static json_t *
outputs_json(const struct playbook *pb, const char *variant)
{
	json_t *a = json_array(), *o;
	size_t i;

	if (a == NULL)
		die("out of memory");
	for (i = 0; i < pb->n_outputs; i++) {
		if (!playbook_output_in_variant(&pb->outputs[i], variant))
			continue;
		o = json_object();
		if (o == NULL)
			die("out of memory");
		put_str(o, "id", pb->outputs[i].id);
		put_str(o, "format", pb->outputs[i].format);
		put_str(o, "title", pb->outputs[i].title);
		put_str(o, "template", pb->outputs[i].template);
		jpush(a, o);
	}
	return a;
}

/* What an item is made from. */
struct source {
	const struct communication *comm;
	const struct playbook      *pb;
	json_t                     *answers;   /* field -> stored */
	long long                   revision;  /* the one rendered */
	bool                        is_draft;
};

/* The title readers get: the form's title as published, else the
 * communication's own. */
static const char *
published_title(const struct source *src)
{
	const struct pb_step *step;
	const struct pb_field *f = playbook_field(src->pb, PB_TITLE_FIELD,
	    &step);
	const char *v = lookup(src->answers, PB_TITLE_FIELD);

	if (f != NULL && f->kind == FIELD_TEXT && v != NULL && *v != '\0' &&
	    playbook_step_in_variant(step, src->comm->variant))
		return v;
	return src->comm->title;
}

/* The "is_KIND" key of KIND. */
static void
put_kind_flag(json_t *item, const char *kind)
{
	char *k = xasprintf("is_%s", kind), *p;

	for (p = k; *p != '\0'; p++)
		if (*p == '-')
			*p = '_';
	jput(item, k, json_true());
	free(k);
}

static enum status
build_item(struct ctx *c, const struct source *src, json_t **out,
    struct err *err)
{
	const struct communication *comm = src->comm;
	struct incident inc = { 0 };
	struct cycle cy = { 0 };
	struct rowlist revs;
	json_t *item = json_object(), *values, *list;
	const char *folder, *site_url;
	char *ref = NULL, *slug = NULL, *page, *url, state[32];
	bool is_public = strcmp(comm->audience, "public") == 0 ||
	    strcmp(comm->audience, "customers") == 0;
	bool is_internal = !is_public;
	enum status st;

	rowlist_init(&revs, sizeof(struct revision));
	if (item == NULL)
		die("out of memory");
	if (comm->incident_id != 0) {
		if ((st = q_incident_by_id(c->s->db, comm->incident_id, &inc,
		    err)) != ST_OK)
			goto end;
		ref = xstrdup(inc.ref);
	} else {
		if ((st = q_cycle_by_id(c->s->db, comm->cycle_id, &cy, err))
		    != ST_OK)
			goto end;
		{
			const struct product *p = ctx_product(c, cy.product_id,
			    NULL);
			ref = xasprintf("EOL-%s-%s", p != NULL ? p->slug : "product",
			    cy.cycle);
		}
	}
	if ((st = item_slug(c, comm, ref, &slug, err)) != ST_OK ||
	    (st = q_revision_list(c->s->db, comm->id, &revs, err)) != ST_OK)
		goto end;

	jput(item, "id", json_integer(comm->id));
	put_str(item, "kind", comm->kind);
	put_str(item, "kind_label", kind_field(comm->kind, 1));
	put_kind_flag(item, comm->kind);
	put_str(item, "audience", comm->audience);
	jput(item, "is_public", json_boolean(is_public));
	jput(item, "is_internal", json_boolean(is_internal));
	put_line(item, "title", published_title(src));
	put_line(item, "ref", ref);
	put_str(item, "slug", slug);
	folder = kind_field(comm->kind, 2);
	if (is_public && folder != NULL) {
		page = xasprintf("%s/%s.html", folder, slug);
		put_str(item, "page", page);
		site_url = json_string_value(json_object_get(c->site,
		    "site_url"));
		if (site_url != NULL) {
			url = xasprintf("%s%s", site_url, page);
			put_str(item, "url", url);
			free(url);
		}
		free(page);
		page = xasprintf("%s/%s.md", folder, slug);
		put_str(item, "page_md", page);
		free(page);
	}
	snprintf(state, sizeof state, "%s", src->is_draft ? comm->state :
	    strcmp(comm->state, "withdrawn") == 0 ? "withdrawn" : "published");
	put_str(item, "state", state);
	jput(item, "is_withdrawn", json_boolean(strcmp(state, "withdrawn") ==
	    0));
	jput(item, "is_draft", json_boolean(src->is_draft));
	jput(item, "revision", json_integer(src->revision));
	{
		const struct revision *rv;
		size_t i;
		for (i = 0; i < revs.count; i++) {
			rv = rowlist_at(&revs, i);
			if (rv->revision != src->revision)
				continue;
			date_of(item, "published_at", rv->published_at);
			date_of(item, "withdrawn_at", rv->withdrawn_at);
			put_str(item, "withdrawn_reason", rv->withdrawn_reason);
		}
	}
	add_revisions(item, &revs, src->revision, src->is_draft);
	if (src->is_draft)
		date_of(item, "updated_at", c->now);
	jput(item, "playbook", json_pack("{s:s?, s:s?, s:s?}", "name",
	    comm->playbook, "version", comm->playbook_version, "hash",
	    comm->playbook_hash));
	put_str(item, "variant", comm->variant);
	jput(item, "outputs", outputs_json(src->pb, comm->variant));
	if (comm->incident_id != 0)
		jput(item, "incident", incident_json(&inc));
	else
		jput(item, "cycle", cycle_json(c, &cy));

	add_fields(c, item, src->pb, comm->variant, src->answers, is_internal);
	values = json_object_get(item, "values");
	if ((st = add_products(c, item, values, comm->incident_id, err))
	    != ST_OK)
		goto end;
	list = lines_of(values, "cves", false);
	if (json_array_size(list) > 0)
		jput(item, "cve", json_incref(json_array_get(list, 0)));
	jput(item, "has_cves", json_boolean(json_array_size(list) > 0));
	jput(item, "cves", list);
	add_cvss(item, values, comm->incident_id != 0 ? &inc : NULL);
	list = lines_of(values, "references", true);
	jput(item, "has_references", json_boolean(json_array_size(list) > 0));
	jput(item, "references", list);
	jput(item, "site", json_deep_copy(c->site));
end:
	rowlist_free(&revs, (row_clear_fn)revision_clear);
	incident_clear(&inc);
	cycle_clear(&cy);
	free(ref);
	free(slug);
	if (st != ST_OK) {
		json_decref(item);
		item = NULL;
	}
	*out = item;
	return st;
}

/* The stamp: what the item says, what the templates are, which herald. */
static void
stamp_item(const struct ctx *c, json_t *item)
{
	char *text, hex[HASH_HEX_SIZE];

	json_object_del(item, "stamp");
	text = jdump(item, JSON_COMPACT | JSON_SORT_KEYS);
	hash_sha256_hexf(hex, "%s\n%s\n%s", PACKAGE_VERSION, c->templates,
	    text);
	put_str(item, "stamp", hex);
	free(text);
}

/* related and pir of ITEM from the public items of ITEMS with its ref. */
static void
link_related(json_t *item, const json_t *items)
{
	json_t *rel = json_array(), *other, *r;
	const char *ref = json_string_value(json_object_get(item, "ref"));
	size_t i;

	if (rel == NULL)
		die("out of memory");
	json_array_foreach(items, i, other) {
		if (other == item || json_object_get(other, "page") == NULL ||
		    json_integer_value(json_object_get(other, "id")) ==
		    json_integer_value(json_object_get(item, "id")) ||
		    strcmp(json_string_value(json_object_get(other, "ref")),
		    ref) != 0)
			continue;
		r = json_object();
		if (r == NULL)
			die("out of memory");
		jput(r, "kind", json_incref(json_object_get(other, "kind")));
		jput(r, "kind_label", json_incref(json_object_get(other,
		    "kind_label")));
		jput(r, "title", json_incref(json_object_get(other, "title")));
		jput(r, "page", json_incref(json_object_get(other, "page")));
		if (json_object_get(other, "url") != NULL)
			jput(r, "url", json_incref(json_object_get(other,
			    "url")));
		if (json_is_true(json_object_get(other, "is_pir_external")) &&
		    !json_is_true(json_object_get(other, "is_withdrawn")))
			jput(item, "pir", json_deep_copy(r));
		jpush(rel, r);
	}
	jput(item, "has_related", json_boolean(json_array_size(rel) > 0));
	jput(item, "related", rel);
}

/* The items of ITEMS by their "ref": { REF: [ item, ... ] } (items
 * shared, not copied). */
static json_t *
group_by_ref(const json_t *items)
{
	json_t *groups = json_object(), *item, *g;
	const char *ref;
	size_t i;

	if (groups == NULL)
		die("out of memory");
	json_array_foreach(items, i, item) {
		ref = json_string_value(json_object_get(item, "ref"));
		if (ref == NULL)
			continue;
		if ((g = json_object_get(groups, ref)) == NULL) {
			g = json_array();
			jput(groups, ref, g);
		}
		if (json_array_append(g, item) != 0)
			die("out of memory");
	}
	return groups;
}

/* Whether an item of INC may be exported at NOW: drills never, an
 * incident under embargo not yet. */
static bool
incident_exportable(const struct incident *inc, time_t now)
{
	time_t until;

	if (inc->is_drill)
		return false;
	if (inc->embargo_until != NULL && clock_parse(inc->embargo_until,
	    &until, NULL) == ST_OK && until > now)
		return false;
	return true;
}

static int
by_update_desc(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	const char *ux = json_string_value(json_object_get(x, "updated_at")),
	    *uy = json_string_value(json_object_get(y, "updated_at"));
	int c = strcmp(uy != NULL ? uy : "", ux != NULL ? ux : "");
	json_int_t ix = json_integer_value(json_object_get(x, "id")),
	    iy = json_integer_value(json_object_get(y, "id"));

	if (c != 0)
		return c;
	return ix < iy ? 1 : ix > iy ? -1 : 0;
}

/* ---- products and their cycles ---- */

static enum status
load_products(struct ctx *c, struct docmodel *m, struct err *err)
{
	const struct product *p;
	const struct cycle *cy;
	struct rowlist cycles;
	json_t *a = json_array(), *po, *cs, *co;
	size_t i, j;
	enum status st = ST_OK;
	enum cycle_phase ph;

	if (a == NULL)
		die("out of memory");
	for (i = 0; i < c->products.count && st == ST_OK; i++) {
		p = rowlist_at(&c->products, i);
		if ((st = q_cycle_list_for_product(c->s->db, p->id, &cycles,
		    err)) != ST_OK)
			break;
		po = json_object();
		cs = json_array();
		if (po == NULL || cs == NULL)
			die("out of memory");
		put_str(po, "slug", p->slug);
		put_line(po, "name", p->name);
		put_str(po, "description", p->description);
		for (j = 0; j < cycles.count; j++) {
			cy = rowlist_at(&cycles, j);
			co = json_object();
			if (co == NULL)
				die("out of memory");
			put_cycle(co, cy);
			put_str(co, "active_support_end", cy->active_support_end);
			put_str(co, "security_support_end",
			    cy->security_support_end);
			jput(co, "is_lts", json_boolean(cy->is_lts));
			ph = cycle_phase(cy, clock_now());
			put_str(co, "phase", cycle_phase_name(ph));
			put_str(co, "phase_label", ph == CYCLE_UNRELEASED ?
			    "Not yet released" : ph == CYCLE_FULL_SUPPORT ?
			    "Full support" : ph == CYCLE_SECURITY_ONLY ?
			    "Security fixes only" : ph == CYCLE_EXTENDED ?
			    "Extended support" : "End of life");
			jput(co, "is_eol", json_boolean(ph == CYCLE_EOL));
			jpush(cs, co);
		}
		rowlist_free(&cycles, (row_clear_fn)cycle_clear);
		jput(po, "has_cycles", json_boolean(json_array_size(cs) > 0));
		jput(po, "cycles", cs);
		jpush(a, po);
	}
	m->products = a;
	return st;
}

/* The answers published in revision RV, from its snapshot (JSON text),
 * into *OUT. Bytes that got in behind herald's back (invalid UTF-8, raw
 * control characters) make jansson refuse the whole text: it is read
 * again cleaned, invalid bytes as U+FFFD. What is still not a JSON object
 * is an error naming the revision, not an item without its answers. */
static enum status
load_snapshot(const struct revision *rv, json_t **out, struct err *err)
{
	json_error_t jerr;
	char *clean;

	*out = NULL;
	if (rv->snapshot == NULL) {
		*out = json_object();
		return ST_OK;
	}
	if ((*out = json_loads(rv->snapshot, 0, &jerr)) == NULL) {
		clean = text_clean(rv->snapshot);
		*out = json_loads(clean, 0, &jerr);
		free(clean);
	}
	if (json_is_object(*out))
		return ST_OK;
	if (*out != NULL)
		snprintf(jerr.text, sizeof jerr.text, "not a JSON object");
	json_decref(*out);
	*out = NULL;
	return err_set(err, ST_DB, "communication %lld, revision %lld: the "
	    "answers stored when it was published cannot be read (%s, at "
	    "byte %d)", rv->communication_id, rv->revision, jerr.text,
	    jerr.position);
}

/* ---- the model ---- */

enum status
docmodel_load(struct session *s, const struct docmodel_opts *o,
    struct docmodel *m, struct err *err)
{
	struct ctx c;
	struct rowlist revs;
	const struct revision *rv;
	struct communication comm = { 0 };
	struct incident inc = { 0 };
	struct source src;
	json_t *item, **sorted = NULL, *by_ref;
	size_t i, n = 0;
	bool is_open = false;
	enum status st;

	memset(m, 0, sizeof *m);
	rowlist_init(&revs, sizeof(struct revision));
	if ((st = db_read_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = settings_site(s, &m->site, err)) != ST_OK ||
	    (st = ctx_init(s, m->site, &c, err)) != ST_OK)
		goto end;
	is_open = true;
	snprintf(m->now, sizeof m->now, "%s", c.now);
	if ((m->items = json_array()) == NULL)
		die("out of memory");
	if ((st = load_products(&c, m, err)) != ST_OK ||
	    (st = o != NULL && o->incident_id != 0 ?
	    q_revision_published_latest_for_incident(s->db, o->incident_id,
	    &revs, err) : q_revision_published_latest(s->db, &revs, err))
	    != ST_OK)
		goto end;
	sorted = xcalloc(revs.count + 1, sizeof *sorted);
	for (i = 0; i < revs.count; i++) {
		progress_report(o != NULL ? o->progress : NULL, (long)i,
		    (long)revs.count);
		rv = rowlist_at(&revs, i);
		communication_clear(&comm);
		incident_clear(&inc);
		if ((st = q_communication_by_id(s->db, rv->communication_id,
		    &comm, err)) != ST_OK)
			goto end;
		if (o != NULL && o->public_only &&
		    strcmp(comm.audience, "public") != 0 &&
		    strcmp(comm.audience, "customers") != 0)
			continue;
		if (comm.incident_id != 0) {
			if ((st = q_incident_by_id(s->db, comm.incident_id, &inc,
			    err)) != ST_OK)
				goto end;
			if (!incident_exportable(&inc, clock_now()))
				continue;
		}
		memset(&src, 0, sizeof src);
		src.comm = &comm;
		src.revision = rv->revision;
		if ((st = ctx_playbook(&c, comm.playbook_hash, &src.pb, err))
		    != ST_OK)
			goto end;
		if ((st = load_snapshot(rv, &src.answers, err)) != ST_OK)
			goto end;
		st = build_item(&c, &src, &item, err);
		json_decref(src.answers);
		if (st != ST_OK)
			goto end;
		sorted[n++] = item;
	}
	qsort(sorted, n, sizeof *sorted, by_update_desc);
	for (i = 0; i < n; i++) {
		jpush(m->items, sorted[i]);
		sorted[i] = NULL;
	}
	/* Each item's links come from the items of its own incident only:
	 * grouped by reference first, so a large site links in linear time. */
	by_ref = group_by_ref(m->items);
	json_array_foreach(m->items, i, item) {
		link_related(item, json_object_get(by_ref,
		    json_string_value(json_object_get(item, "ref"))));
		stamp_item(&c, item);
	}
	json_decref(by_ref);
	progress_report(o != NULL ? o->progress : NULL, (long)revs.count,
	    (long)revs.count);
end:
	for (i = 0; sorted != NULL && i < n; i++)
		json_decref(sorted[i]);
	free(sorted);
	communication_clear(&comm);
	incident_clear(&inc);
	rowlist_free(&revs, (row_clear_fn)revision_clear);
	if (is_open)
		ctx_clear(&c);
	db_read_end(s->db);
	if (st != ST_OK)
		docmodel_clear(m);
	return st;
}

void
docmodel_clear(struct docmodel *m)
{
	json_decref(m->site);
	json_decref(m->items);
	json_decref(m->products);
	memset(m, 0, sizeof *m);
}

json_t *
docmodel_find(const struct docmodel *m, long long id)
{
	json_t *item;
	size_t i;

	json_array_foreach(m->items, i, item)
		if (json_integer_value(json_object_get(item, "id")) == id)
			return item;
	return NULL;
}

enum status
docmodel_item_draft(struct session *s, const struct comm_doc *d,
    const json_t *site, json_t **out, struct err *err)
{
	return docmodel_item_draft_at(s, d, site, NULL, out, err);
}

enum status
docmodel_item_draft_at(struct session *s, const struct comm_doc *d,
    const json_t *site, const char *now, json_t **out, struct err *err)
{
	struct docmodel_opts o = { .public_only = true,
	    .incident_id = d->comm.incident_id };
	struct docmodel m;
	struct ctx c;
	struct source src;
	const struct answer *a;
	json_t *item = NULL, *answers = json_object();
	size_t i;
	enum status st;

	*out = NULL;
	if (answers == NULL)
		die("out of memory");
	for (i = 0; i < d->answers.count; i++) {
		a = rowlist_at(&d->answers, i);
		put_str(answers, a->field, a->value);
	}
	memset(&m, 0, sizeof m);
	if ((st = ctx_init(s, site, &c, err)) != ST_OK) {
		json_decref(answers);
		return st;
	}
	if (now != NULL)
		snprintf(c.now, sizeof c.now, "%s", now);
	memset(&src, 0, sizeof src);
	src.comm = &d->comm;
	src.pb = d->pb;
	src.answers = answers;
	src.revision = d->comm.revision;
	src.is_draft = strcmp(d->comm.state, "published") != 0 &&
	    strcmp(d->comm.state, "withdrawn") != 0;
	if ((st = build_item(&c, &src, &item, err)) != ST_OK)
		goto end;
	/* Links to what is published about the same incident (a cycle's
	 * notice has none). */
	if (d->comm.incident_id != 0) {
		if ((st = docmodel_load(s, &o, &m, err)) != ST_OK)
			goto end;
		link_related(item, m.items);
	} else
		link_related(item, NULL);
	stamp_item(&c, item);
end:
	docmodel_clear(&m);
	ctx_clear(&c);
	json_decref(answers);
	if (st != ST_OK) {
		json_decref(item);
		item = NULL;
	}
	*out = item;
	return st;
}
