/* core/workflow.c - a communication driven by its playbook: start, answer,
 * steps, review, publication and updates. */
#include "config.h"

#include "core/workflow.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/cvss.h"
#include "core/dispatch.h"
#include "core/docmodel.h"
#include "core/hash.h"
#include "core/incident.h"
#include "core/product.h"
#include "core/render.h"
#include "core/review.h"
#include "core/settings.h"
#include "storage/q_approval.h"
#include "storage/q_incident.h"
#include "storage/q_playbook.h"
#include "storage/q_revision.h"
#include "util/xalloc.h"

#define REASON_MAX 500

void
comm_doc_clear(struct comm_doc *d)
{
	if (d == NULL)
		return;
	communication_clear(&d->comm);
	playbook_free(&d->pb);
	rowlist_free(&d->answers, (row_clear_fn)answer_clear);
	free(d->incident_ref);
	memset(d, 0, sizeof *d);
}

void
step_status_clear(struct step_status *ss)
{
	if (ss == NULL)
		return;
	free(ss->done_at);
	memset(ss, 0, sizeof *ss);
}

const char *
step_state_name(enum step_state st)
{
	switch (st) {
	case STEP_NOT_REACHED:
		return "not reached";
	case STEP_CURRENT:
		return "current";
	case STEP_DONE:
		return "done";
	case STEP_WAITING:
		return "waiting for approval";
	}
	return "?";
}

/* The answer rows of a list, looked up by field; "" counts as none. */
static const struct answer *
find_answer(const struct rowlist *l, const char *field)
{
	const struct answer *a;
	size_t i;

	for (i = 0; field != NULL && i < l->count; i++) {
		a = rowlist_at(l, i);
		if (strcmp(a->field, field) == 0)
			return a;
	}
	return NULL;
}

const struct answer *
comm_answer_row(const struct comm_doc *d, const char *field)
{
	return find_answer(&d->answers, field);
}

const char *
comm_value(const struct comm_doc *d, const char *field)
{
	const struct answer *a = comm_answer_row(d, field);

	return a != NULL && *a->value != '\0' ? a->value : NULL;
}

const char *
comm_lookup(void *ctx, const char *field)
{
	return comm_value(ctx, field);
}

/* Answers read fresh inside a transaction, with one field overridden (the
 * value about to be saved), for validate_step(). */
struct fresh {
	struct rowlist answers;
	const char    *field;
	const char    *value;
};

static const char *
fresh_lookup(void *ctx, const char *field)
{
	struct fresh *f = ctx;
	const struct answer *a;

	if (f->field != NULL && strcmp(f->field, field) == 0)
		return *f->value != '\0' ? f->value : NULL;
	a = find_answer(&f->answers, field);
	return a != NULL && *a->value != '\0' ? a->value : NULL;
}

static bool
is_kind(const struct communication *c, const char *state)
{
	return c->state != NULL && strcmp(c->state, state) == 0;
}

static bool
is_marked_kind(const struct pb_step *st)
{
	return st->kind == PB_STEP_FORM || st->kind == PB_STEP_CHECKLIST;
}

/* Load D's communication, answers and incident reference (not the
 * playbook). */
static enum status
load_comm(struct session *s, long long id, struct comm_doc *d,
    struct err *err)
{
	struct incident inc = { 0 };
	enum status st;

	communication_clear(&d->comm);
	rowlist_free(&d->answers, (row_clear_fn)answer_clear);
	free(d->incident_ref);
	d->incident_ref = NULL;
	rowlist_init(&d->answers, sizeof(struct answer));
	if ((st = communication_get(s, id, &d->comm, err)) != ST_OK)
		return st;
	if ((st = answer_list(s, id, &d->answers, err)) != ST_OK)
		return st;
	if (d->comm.incident_id != 0) {
		if ((st = q_incident_by_id(s->db, d->comm.incident_id, &inc,
		    err)) != ST_OK)
			return st;
		d->incident_ref = inc.ref;
		inc.ref = NULL;
		incident_clear(&inc);
	}
	return ST_OK;
}

enum status
comm_load(struct session *s, long long id, struct comm_doc *out,
    struct err *err)
{
	struct playbook_row row = { 0 };
	char source[160];
	enum status st;

	memset(out, 0, sizeof *out);
	rowlist_init(&out->answers, sizeof(struct answer));
	if ((st = db_read_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = load_comm(s, id, out, err)) != ST_OK)
		goto end;
	/* The playbook as it was stored when the communication started:
	 * the file may have changed since. */
	st = q_playbook_by_hash(s->db, out->comm.playbook_hash, &row, err);
	if (st == ST_NOTFOUND)
		st = err_set(err, ST_NOTFOUND, "communication %lld: its playbook "
		    "%s %s is not stored (hash %.12s)", id, out->comm.playbook,
		    out->comm.playbook_version, out->comm.playbook_hash);
	if (st != ST_OK)
		goto end;
	snprintf(source, sizeof source, "%s (stored %.12s)", row.name, row.hash);
	if ((st = playbook_parse(row.body, strlen(row.body), source, &out->pb,
	    NULL, err)) != ST_OK)
		goto end;
	out->variant = playbook_variant(out->pb, out->comm.variant);
	if (out->variant == NULL)
		st = err_set(err, ST_INVALID, "communication %lld: playbook %s "
		    "has no variant \"%s\"", id, out->pb->name, out->comm.variant);
end:
	db_read_end(s->db);
	playbook_row_clear(&row);
	if (st != ST_OK)
		comm_doc_clear(out);
	return st;
}

enum status
comm_open(struct session *s, long long id, struct comm_doc *out,
    struct err *err)
{
	enum status st;

	memset(out, 0, sizeof *out);
	rowlist_init(&out->answers, sizeof(struct answer));
	/* Need to know: recorded (or refused) before anything is read. */
	if ((st = access_check_comm(s, id, "comm", err)) != ST_OK)
		return st;
	return comm_load(s, id, out, err);
}

enum status
comm_reload(struct session *s, struct comm_doc *d, struct err *err)
{
	enum status st;

	if ((st = db_read_begin(s->db, err)) != ST_OK)
		return st;
	st = load_comm(s, d->comm.id, d, err);
	db_read_end(s->db);
	return st;
}

/* ---- starting ---- */

/* Split "slug cycle" at its last space and find the cycle. */
static enum status
find_cycle(struct session *s, const char *spec, struct cycle *out,
    struct err *err)
{
	const char *sp = spec != NULL ? strrchr(spec, ' ') : NULL;
	char *slug;
	enum status st;

	if (sp == NULL || sp == spec || sp[1] == '\0')
		return err_set(err, ST_INVALID, "cycle: give the product and the "
		    "cycle as \"SLUG CYCLE\" (got \"%s\")",
		    spec != NULL ? spec : "");
	slug = xstrndup(spec, (size_t)(sp - spec));
	st = cycle_find(s, slug, sp + 1, out, err);
	free(slug);
	return st;
}

/* What a communication is about, found or opened. */
struct subject {
	struct incident inc;
	struct cycle    cy;
	char           *label;   /* "SEC-2026-004 Title" or "slug 4.2" */
};

static bool
pb_is_eol(const struct playbook *pb, const struct pb_variant *v)
{
	const char *kind = v->kind != NULL && *v->kind != '\0' ? v->kind :
	    pb->kind;

	return kind != NULL && strcmp(kind, "eol-notice") == 0;
}

static enum status
find_subject(struct session *s, const struct comm_start *in,
    const struct playbook *pb, bool is_eol, struct subject *sub,
    struct err *err)
{
	const char *title;
	enum status st;

	if (is_eol) {
		if (in->incident != NULL)
			return err_set(err, ST_INVALID, "incident: an end-of-life "
			    "notice is about a release cycle; give --cycle, not "
			    "an incident");
		if ((st = find_cycle(s, in->cycle, &sub->cy, err)) != ST_OK)
			return st;
		sub->label = xstrdup(in->cycle);
		return ST_OK;
	}
	if (in->cycle != NULL)
		return err_set(err, ST_INVALID, "cycle: playbook %s is about an "
		    "incident, not a release cycle", pb->name);
	if (in->incident != NULL) {
		if ((st = incident_get(s, in->incident, &sub->inc, err)) != ST_OK)
			return st;
	} else if (pb->opens_incident) {
		/* A report received opens its incident; severity stays medium
		 * until triage says otherwise. */
		title = in->title != NULL ? in->title : pb->title;
		if ((st = incident_create(s, &(struct incident_new){
		    .title = title, .trigger_kind = "vulnerability",
		    .severity = "medium" }, &sub->inc, err)) != ST_OK)
			return st;
	} else
		return err_set(err, ST_INVALID, "incident: playbook %s is about "
		    "an incident; give its reference", pb->name);
	sub->label = xasprintf("%s %s", sub->inc.ref, sub->inc.title);
	return ST_OK;
}

static void
subject_clear(struct subject *sub)
{
	incident_clear(&sub->inc);
	cycle_clear(&sub->cy);
	free(sub->label);
	memset(sub, 0, sizeof *sub);
}

/* Store PB's text by hash, with an audit row when it is new. */
static enum status
store_playbook(struct session *s, const struct playbook *pb, struct err *err)
{
	char now[CLOCK_BUFSZ];
	bool is_new = false;
	enum status st;

	clock_now_str(now);
	if ((st = q_playbook_store(s->db, &(struct playbook_row){
	    .name = pb->name, .version = pb->version, .hash = (char *)pb->hash,
	    .body = pb->text, .source = pb->source, .imported_at = now },
	    &is_new, err)) != ST_OK || !is_new)
		return st;
	return audit_record(s->db, s->actor, "playbook.store", "playbook", 0,
	    err, "{s:s, s:s, s:s, s:s?}", "name", pb->name, "version",
	    pb->version, "hash", pb->hash, "source", pb->source);
}

/* The incident's affected-product rows as the products JSON a person
 * would enter; allocated, or NULL when there are none. */
static char *
affected_json(struct session *s, const struct incident *inc)
{
	struct rowlist rows;
	struct product p = { 0 };
	struct cycle cy = { 0 };
	const struct affected *a;
	json_t *list = json_array(), *o;
	char *out = NULL;
	size_t i;

	if (list == NULL)
		die("out of memory");
	if (affected_list_for_incident(s, inc->id, &rows, NULL) != ST_OK)
		goto end;
	for (i = 0; i < rows.count; i++) {
		a = rowlist_at(&rows, i);
		product_clear(&p);
		cycle_clear(&cy);
		if (product_get(s, a->product_id, &p, NULL) != ST_OK ||
		    (a->cycle_id != 0 &&
		    cycle_get(s, a->cycle_id, &cy, NULL) != ST_OK))
			continue;
		o = json_pack("{s:s, s:s?, s:s?, s:s, s:s?, s:s?, s:s?}",
		    "product", p.slug, "cycle", cy.cycle, "range",
		    a->version_range, "status", a->status, "justification",
		    a->justification, "ecosystem", a->ecosystem, "package",
		    a->package);
		if (o == NULL || json_array_append_new(list, o) != 0)
			die("out of memory");
	}
	if (json_array_size(list) > 0 && (out = json_dumps(list,
	    JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		die("out of memory");
end:
	rowlist_free(&rows, (row_clear_fn)affected_clear);
	product_clear(&p);
	cycle_clear(&cy);
	json_decref(list);
	return out;
}

/* What incident INC says for SRC, as a person would type it; allocated,
 * or NULL when it does not say. */
static char *
incident_fact(struct session *s, const struct incident *inc,
    enum pb_source src)
{
	const char *v = NULL;

	switch (src) {
	case PB_FROM_TITLE:
		v = inc->title;
		break;
	case PB_FROM_SUMMARY:
		v = inc->summary;
		break;
	case PB_FROM_CVSS:
		v = inc->cvss_vector;
		break;
	case PB_FROM_SEVERITY:
		v = inc->severity;
		break;
	case PB_FROM_AWARE_AT:
		v = inc->aware_at;
		break;
	case PB_FROM_DISCOVERED_AT:
		v = inc->discovered_at;
		break;
	case PB_FROM_FIX_AVAILABLE_AT:
		v = inc->fix_available_at;
		break;
	case PB_FROM_REF:
		v = inc->ref;
		break;
	case PB_FROM_AFFECTED:
		return inc->id != 0 ? affected_json(s, inc) : NULL;
	default:
		break;
	}
	return v != NULL && *v != '\0' ? xstrdup(v) : NULL;
}

/* A cycle's date (YYYY-MM-DD, UTC) as the moment it begins. */
static char *
cycle_day(const char *date)
{
	return date != NULL && *date != '\0' ?
	    xasprintf("%sT00:00:00Z", date) : NULL;
}

/* The products row an end-of-life notice is about: the whole cycle, no
 * range; known_affected, as every version of it loses support. */
static char *
cycle_product_json(const struct product *p, const struct cycle *cy)
{
	json_t *list = json_pack("[{s:s, s:s, s:s}]", "product", p->slug,
	    "cycle", cy->cycle, "status", "known_affected");
	char *out;

	if (list == NULL || (out = json_dumps(list,
	    JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		die("out of memory");
	json_decref(list);
	return out;
}

/* What release cycle CY says for SRC, as a person would type it;
 * allocated, or NULL when it does not say. */
static char *
cycle_fact(struct session *s, const struct cycle *cy, enum pb_source src)
{
	struct product p = { 0 };
	const char *v = NULL;
	char *out = NULL;

	switch (src) {
	case PB_FROM_CYCLE_TITLE:
	case PB_FROM_CYCLE_PRODUCT:
		if (product_get(s, cy->product_id, &p, NULL) != ST_OK)
			break;
		out = src == PB_FROM_CYCLE_TITLE ? xasprintf("End of life: "
		    "%s %s", p.name, cy->cycle) : cycle_product_json(&p, cy);
		break;
	case PB_FROM_CYCLE_EOL:
		return cycle_day(cy->eol);
	case PB_FROM_CYCLE_EXTENDED_END:
		return cycle_day(cy->extended_support_end);
	case PB_FROM_CYCLE_LATEST:
		v = cy->latest_version;
		break;
	case PB_FROM_CYCLE_POST_EOL:
		v = cy->post_eol_options;
		break;
	default:
		break;
	}
	product_clear(&p);
	if (out == NULL && v != NULL && *v != '\0')
		out = xstrdup(v);
	return out;
}

/* F's answer from SUB's incident or cycle in its stored form, or NULL
 * when it does not say or what it says does not fit the field (then the
 * person enters it). */
static char *
subject_answer(struct session *s, const struct subject *sub,
    const struct pb_field *f)
{
	char *fact = NULL, *stored = NULL;

	if (f->from == PB_FROM_NONE)
		return NULL;
	if (pb_source_is_cycle(f->from)) {
		if (sub->cy.id != 0)
			fact = cycle_fact(s, &sub->cy, f->from);
	} else if (sub->inc.id != 0)
		fact = incident_fact(s, &sub->inc, f->from);
	if (fact == NULL)
		return NULL;
	if (validate_answer(s, f, fact, NULL, &stored, NULL, NULL) != ST_OK ||
	    *stored == '\0') {
		free(stored);
		stored = NULL;
	}
	free(fact);
	return stored;
}

/*
 * Start each field of V's steps with, in this order: another
 * communication's answer to it (same incident, same playbook: it may have
 * been corrected since), the incident's or cycle's fact the field names
 * in "from", its default. The title field starts with TITLE when one was
 * given.
 */
static enum status
fill_defaults(struct session *s, const struct playbook *pb,
    const struct pb_variant *v, long long comm_id, const struct subject *sub,
    const char *title, struct err *err)
{
	struct answer sib = { 0 };
	const struct pb_step *step;
	const struct pb_field *f;
	const char *value;
	char *fact;
	size_t i, j;
	enum status st = ST_OK;

	for (i = 0; i < pb->n_steps && st == ST_OK; i++) {
		step = &pb->steps[i];
		if (!playbook_step_in_variant(step, v->id))
			continue;
		for (j = 0; j < step->n_fields && st == ST_OK; j++) {
			f = &step->fields[j];
			value = f->default_value;
			fact = NULL;
			answer_clear(&sib);
			st = sub->inc.id != 0 ? q_playbook_sibling_answer(s->db,
			    sub->inc.id, pb->name, f->id, comm_id, &sib, err) :
			    ST_NOTFOUND;
			if (title != NULL && strcmp(f->id, PB_TITLE_FIELD) == 0 &&
			    f->kind == FIELD_TEXT) {
				/* A title given when starting is the title. */
				err_clear(err);
				st = ST_OK;
				value = title;
			} else if (st == ST_OK)
				value = sib.value;
			else if (st == ST_NOTFOUND) {
				err_clear(err);
				st = ST_OK;
				if ((fact = subject_answer(s, sub, f)) != NULL)
					value = fact;
			} else
				break;
			if (value != NULL && *value != '\0')
				st = answer_set(s, comm_id, f->id, value, 0, NULL,
				    err);
			free(fact);
		}
	}
	answer_clear(&sib);
	return st;
}

/* The title a communication gets when none is given. */
static char *
default_title(const struct playbook *pb, const struct pb_variant *v,
    const struct subject *sub)
{
	const char *what = v->title != NULL && *v->title != '\0' ? v->title :
	    pb->title;
	char *t = xasprintf("%s: %s", what, sub->label);
	size_t n = strlen(t);

	if (n > COMMUNICATION_TITLE_MAX) {
		/* Cut at a character boundary. */
		n = COMMUNICATION_TITLE_MAX;
		while (n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80)
			n--;
		t[n] = '\0';
	}
	return t;
}

static enum status
start_one(struct session *s, const struct comm_start *in,
    const struct playbook *pb, const struct pb_variant *v,
    const struct subject *sub, long long *id, struct err *err)
{
	char *title = in->title != NULL ? xstrdup(in->title) :
	    default_title(pb, v, sub);
	enum status st;

	st = communication_create(s, &(struct communication_new){
	    .incident_id = sub->inc.id, .cycle_id = sub->cy.id,
	    .kind = v->kind != NULL && *v->kind != '\0' ? v->kind : pb->kind,
	    .audience = v->audience != NULL && *v->audience != '\0' ?
	    v->audience : pb->audience,
	    .title = title, .playbook = pb->name,
	    .playbook_version = pb->version, .playbook_hash = pb->hash,
	    .variant = v->id }, id, err);
	if (st == ST_OK)
		st = fill_defaults(s, pb, v, *id, sub, in->title, err);
	free(title);
	return st;
}

enum status
comm_start_with(struct session *s, const struct comm_start *in,
    const struct playbook *pb, long long *ids, size_t n_ids,
    size_t *n_started, struct err *err)
{
	struct subject sub = { 0 };
	const struct pb_variant *only = NULL;
	char names[256];
	size_t i, n = 0, want;
	enum status st;

	if (n_started != NULL)
		*n_started = 0;
	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if (in->variant != NULL &&
	    (only = playbook_variant(pb, in->variant)) == NULL) {
		return err_set(err, ST_INVALID, "variant %s: playbook %s has "
		    "variants %s", in->variant, pb->name,
		    playbook_variants_join(pb, false, names, sizeof names));
	}
	want = only != NULL ? 1 : pb->n_variants;
	if (want > n_ids)
		return err_set(err, ST_INVALID, "playbook %s starts %zu "
		    "communications; room for %zu", pb->name, want, n_ids);
	if (in->title != NULL && (st = check_line("title", in->title,
	    COMMUNICATION_TITLE_MAX, true, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = find_subject(s, in, pb, pb_is_eol(pb, only != NULL ? only :
	    &pb->variants[0]), &sub, err)) != ST_OK)
		goto end;
	if ((st = store_playbook(s, pb, err)) != ST_OK)
		goto end;
	for (i = 0; i < pb->n_variants && st == ST_OK; i++) {
		if (only != NULL && only != &pb->variants[i])
			continue;
		st = start_one(s, in, pb, &pb->variants[i], &sub, &ids[n], err);
		if (st == ST_OK)
			n++;
	}
end:
	st = db_end(s->db, st, err);
	subject_clear(&sub);
	if (st == ST_OK && n_started != NULL)
		*n_started = n;
	return st;
}

enum status
comm_start(struct session *s, const struct comm_start *in, long long *ids,
    size_t n_ids, size_t *n_started, struct err *err)
{
	struct playbook *pb = NULL;
	char *path = NULL;
	enum status st;

	if (n_started != NULL)
		*n_started = 0;
	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if (in == NULL || in->playbook == NULL || *in->playbook == '\0')
		return err_set(err, ST_INVALID, "playbook: which playbook?");
	if ((st = playbook_find(in->playbook, &path, err)) != ST_OK)
		return st;
	if ((st = playbook_load_file(path, &pb, NULL, err)) == ST_OK)
		st = comm_start_with(s, in, pb, ids, n_ids, n_started, err);
	playbook_free(&pb);
	free(path);
	return st;
}

/* ---- answers and steps ---- */

/* The field FIELD of D's playbook in D's variant, or an error naming it. */
static enum status
find_field(const struct comm_doc *d, const char *field,
    const struct pb_field **f, const struct pb_step **step, struct err *err)
{
	if (field == NULL || *field == '\0')
		return err_set(err, ST_INVALID, "field: which field?");
	if ((*f = playbook_field(d->pb, field, step)) == NULL)
		return err_set(err, ST_INVALID, "field %s: playbook %s has no "
		    "such field", field, d->pb->name);
	if (!playbook_step_in_variant(*step, d->variant->id))
		return err_set(err, ST_INVALID, "field %s: not asked in the %s "
		    "variant of playbook %s", field, d->variant->id, d->pb->name);
	return ST_OK;
}

static enum status
find_step(const struct comm_doc *d, const char *id,
    const struct pb_step **step, struct err *err)
{
	if (id == NULL || *id == '\0')
		return err_set(err, ST_INVALID, "step: which step?");
	if ((*step = playbook_step(d->pb, id)) == NULL)
		return err_set(err, ST_INVALID, "step %s: playbook %s has no "
		    "such step", id, d->pb->name);
	if (!playbook_step_in_variant(*step, d->variant->id))
		return err_set(err, ST_INVALID, "step %s: not in the %s variant "
		    "of playbook %s", id, d->variant->id, d->pb->name);
	return ST_OK;
}

/* The staff names of D's incident (field "staff" of D or of another
 * communication of its playbook), allocated, or NULL. */
static char *
staff_names(struct session *s, const struct comm_doc *d)
{
	struct answer a = { 0 };
	const char *v = comm_value(d, VALIDATE_STAFF_FIELD);
	char *out = NULL;

	if (v != NULL)
		return xstrdup(v);
	if (d->comm.incident_id != 0 && q_playbook_sibling_answer(s->db,
	    d->comm.incident_id, d->comm.playbook, VALIDATE_STAFF_FIELD,
	    d->comm.id, &a, NULL) == ST_OK) {
		out = a.value;
		a.value = NULL;
	}
	answer_clear(&a);
	return out;
}

/* The marks of communication ID in REVISION, looked up by step. */
static const struct step_mark *
find_mark(const struct rowlist *marks, const char *step, long long revision)
{
	const struct step_mark *m;
	size_t i;

	for (i = 0; i < marks->count; i++) {
		m = rowlist_at(marks, i);
		if (strcmp(m->step, step) == 0 && m->revision == revision)
			return m;
	}
	return NULL;
}

/* Take the marks off STEP and every step of D's variant after it, with an
 * audit row naming WHY; *N_TAKEN (may be NULL) counts them. */
static enum status
unmark_from(struct session *s, const struct comm_doc *d,
    const struct pb_step *from, const char *why, long long *n_taken,
    struct err *err)
{
	const struct pb_step *step;
	long long n, total = 0;
	size_t i;
	enum status st = ST_OK;

	for (i = (size_t)(from - d->pb->steps); i < d->pb->n_steps; i++) {
		step = &d->pb->steps[i];
		if (!playbook_step_in_variant(step, d->variant->id))
			continue;
		n = 0;
		if ((st = q_step_mark_delete(s->db, d->comm.id, step->id, &n,
		    err)) != ST_OK)
			return st;
		total += n;
	}
	if (n_taken != NULL)
		*n_taken = total;
	if (total == 0)
		return ST_OK;
	return audit_record(s->db, s->actor, "step.reopen", "communication",
	    d->comm.id, err, "{s:s, s:I, s:s}", "step", from->id, "marks",
	    (json_int_t)total, "reason", why);
}

/* After FIELD of STEP changed to VALUE: take STEP's mark (and the later
 * ones) off when the step no longer passes; *N_TAKEN counts them. */
static enum status
recheck_mark(struct session *s, const struct comm_doc *d,
    const struct pb_step *step, const char *field, const char *value,
    long long *n_taken, struct err *err)
{
	struct rowlist marks;
	struct fresh fr = { .field = field, .value = value };
	struct communication c = { 0 };
	enum status st;

	rowlist_init(&marks, sizeof(struct step_mark));
	rowlist_init(&fr.answers, sizeof(struct answer));
	if ((st = communication_get(s, d->comm.id, &c, err)) != ST_OK ||
	    (st = q_step_mark_list(s->db, d->comm.id, &marks, err)) != ST_OK)
		goto end;
	if (find_mark(&marks, step->id, c.revision) == NULL)
		goto end;
	if ((st = answer_list(s, d->comm.id, &fr.answers, err)) != ST_OK)
		goto end;
	if (validate_step(s, d->pb, step, fresh_lookup, &fr, NULL, NULL) ==
	    ST_OK)
		goto end;
	st = unmark_from(s, d, step, "edited", n_taken, err);
end:
	rowlist_free(&marks, (row_clear_fn)step_mark_clear);
	rowlist_free(&fr.answers, (row_clear_fn)answer_clear);
	communication_clear(&c);
	return st;
}

/* Whether STEP comes before the first gate of D's variant: it must be
 * done before the communication goes for review. */
static bool
is_before_first_gate(const struct comm_doc *d, const struct pb_step *step)
{
	const struct pb_step *st;
	size_t i;

	for (i = 0; i < d->pb->n_steps; i++) {
		st = &d->pb->steps[i];
		if (st == step)
			return true;
		if (st->kind == PB_STEP_GATE &&
		    playbook_step_in_variant(st, d->variant->id))
			return false;
	}
	return false;
}

/* Communication ID, in review or approved, back to draft (audited). */
static enum status
back_to_draft(struct session *s, long long id, struct err *err)
{
	struct communication c = { 0 };
	enum status st;

	if ((st = communication_get(s, id, &c, err)) == ST_OK &&
	    (is_kind(&c, "in-review") || is_kind(&c, "approved")))
		st = communication_set_state(s, c.id, c.version, "draft", err);
	communication_clear(&c);
	return st;
}

/* The audit chain keeps no free text (it may be under embargo, or name
 * someone): only its SHA-256, into HEX. Returns HEX. */
static const char *
text_hash(const char *text, char *hex)
{
	hash_sha256_hex(text, strlen(text), hex);
	return hex;
}

enum status
comm_set_answer(struct session *s, const struct comm_doc *d,
    const char *field, const char *input, long long expected_version,
    long long *version, char *warning, struct err *err)
{
	const struct pb_field *f = NULL;
	const struct pb_step *step = NULL;
	char *staff = NULL, *stored = NULL, hash[HASH_HEX_SIZE];
	long long v = 0, n_taken = 0;
	enum status st;

	if (warning != NULL)
		*warning = '\0';
	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = find_field(d, field, &f, &step, err)) != ST_OK)
		return st;
	staff = staff_names(s, d);
	if ((st = validate_answer(s, f, input != NULL ? input : "", staff,
	    &stored, warning, err)) != ST_OK)
		goto out;
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto out;
	/* The form's title is the communication's: lists, pages, feeds and
	 * subjects all read the same words. */
	if (strcmp(field, PB_TITLE_FIELD) == 0 && f->kind == FIELD_TEXT &&
	    *stored != '\0' && (d->comm.title == NULL ||
	    strcmp(d->comm.title, stored) != 0) &&
	    ((st = q_communication_set_title(s->db, d->comm.id, stored,
	    err)) != ST_OK || (st = audit_record(s->db, s->actor,
	    "communication.title", "communication", d->comm.id, err,
	    "{s:s}", "title_sha256", text_hash(stored, hash))) != ST_OK))
		goto end;
	if ((st = answer_set(s, d->comm.id, field, stored, expected_version, &v,
	    err)) != ST_OK)
		goto end;
	if ((st = recheck_mark(s, d, step, field, stored, &n_taken,
	    err)) != ST_OK)
		goto end;
	/* A step before the first gate no longer passes: what was sent for
	 * review cannot be, so it is a draft again. */
	if (n_taken > 0 && is_before_first_gate(d, step))
		st = back_to_draft(s, d->comm.id, err);
end:
	st = db_end(s->db, st, err);
	if (st == ST_OK && version != NULL)
		*version = v;
out:
	free(staff);
	free(stored);
	return st;
}

/* The states of D's steps given its communication C and MARKS. */
static void
fill_states(struct session *s, const struct comm_doc *d,
    const struct communication *c, const struct rowlist *marks,
    const struct rowlist *answers, struct rowlist *out)
{
	struct fresh fr = { .answers = *answers };
	const struct step_mark *m;
	const struct pb_step *step;
	struct step_status *ss;
	struct err e;
	bool is_reached = true;     /* every earlier step done */
	bool is_approved = is_kind(c, "approved") || is_kind(c, "published") ||
	    is_kind(c, "withdrawn");
	bool is_published = is_kind(c, "published") || is_kind(c, "withdrawn");
	size_t i;

	for (i = 0; i < d->pb->n_steps; i++) {
		step = &d->pb->steps[i];
		if (!playbook_step_in_variant(step, d->variant->id))
			continue;
		ss = rowlist_push(out);
		ss->step = step;
		ss->state = STEP_NOT_REACHED;
		switch (step->kind) {
		case PB_STEP_GATE:
			/* In review every gate is open at once (see
			 * core/review.h for which have passed). */
			if (is_approved)
				ss->state = STEP_DONE;
			else if (is_kind(c, "in-review"))
				ss->state = STEP_WAITING;
			break;
		case PB_STEP_PUBLISH:
			if (is_published)
				ss->state = STEP_DONE;
			break;
		default:
			if ((m = find_mark(marks, step->id, c->revision)) != NULL) {
				ss->state = STEP_DONE;
				ss->done_at = xstrdup(m->done_at);
				ss->done_by = m->done_by;
			} else if (validate_step(s, d->pb, step, fresh_lookup, &fr,
			    NULL, &e) != ST_OK)
				snprintf(ss->problem, sizeof ss->problem, "%s",
				    e.msg);
			break;
		}
		if (ss->state == STEP_DONE)
			continue;
		if (is_reached && ss->state == STEP_NOT_REACHED)
			ss->state = STEP_CURRENT;
		is_reached = false;
	}
}

/* A communication, its answers and the states of its steps, all as the
 * database has them now (a comm_doc's answers may be older). */
struct steps {
	struct communication c;
	struct rowlist       states;     /* struct step_status */
	struct rowlist       answers;    /* struct answer */
};

static void
steps_clear(struct steps *n)
{
	rowlist_free(&n->states, (row_clear_fn)step_status_clear);
	rowlist_free(&n->answers, (row_clear_fn)answer_clear);
	communication_clear(&n->c);
}

/* Fill N for D; N is steps_clear()ed afterwards whatever this returns. */
static enum status
steps_now(struct session *s, const struct comm_doc *d, struct steps *n,
    struct err *err)
{
	struct rowlist marks;
	enum status st;

	memset(&n->c, 0, sizeof n->c);
	rowlist_init(&n->states, sizeof(struct step_status));
	rowlist_init(&n->answers, sizeof(struct answer));
	rowlist_init(&marks, sizeof(struct step_mark));
	if ((st = communication_get(s, d->comm.id, &n->c, err)) != ST_OK ||
	    (st = q_step_mark_list(s->db, d->comm.id, &marks, err)) != ST_OK ||
	    (st = answer_list(s, d->comm.id, &n->answers, err)) != ST_OK)
		goto end;
	fill_states(s, d, &n->c, &marks, &n->answers, &n->states);
end:
	rowlist_free(&marks, (row_clear_fn)step_mark_clear);
	return st;
}

enum status
comm_steps(struct session *s, const struct comm_doc *d, struct rowlist *out,
    struct err *err)
{
	struct steps n;
	enum status st;

	rowlist_init(out, sizeof(struct step_status));
	if ((st = db_read_begin(s->db, err)) != ST_OK)
		return st;
	st = steps_now(s, d, &n, err);
	db_read_end(s->db);
	if (st == ST_OK) {
		*out = n.states;        /* the caller's now */
		rowlist_init(&n.states, sizeof(struct step_status));
	}
	steps_clear(&n);
	return st;
}

static const struct step_status *
find_status(const struct rowlist *l, const struct pb_step *step)
{
	const struct step_status *ss;
	size_t i;

	for (i = 0; i < l->count; i++) {
		ss = rowlist_at(l, i);
		if (ss->step == step)
			return ss;
	}
	return NULL;
}

/* The first step of L not done before STEP, or NULL. */
static const struct step_status *
first_open_before(const struct rowlist *l, const struct pb_step *step)
{
	const struct step_status *ss;
	size_t i;

	for (i = 0; i < l->count; i++) {
		ss = rowlist_at(l, i);
		if (ss->step == step)
			break;
		if (ss->state != STEP_DONE)
			return ss;
	}
	return NULL;
}

/* C must be in STATE for what is asked; ONLY says which state does. */
static enum status
check_state(const struct communication *c, const char *state,
    const char *only, struct err *err)
{
	if (!is_kind(c, state))
		return err_set(err, ST_INVALID, "state: communication %lld is %s; "
		    "only %s", c->id, c->state, only);
	return ST_OK;
}

/* Communication ID afresh into C, which must be in STATE (check_state()). */
static enum status
get_in_state(struct session *s, long long id, struct communication *c,
    const char *state, const char *only, struct err *err)
{
	enum status st;

	if ((st = communication_get(s, id, c, err)) != ST_OK)
		return st;
	return check_state(c, state, only, err);
}

static enum status
check_open_for_edit(const struct communication *c, const char *what,
    struct err *err)
{
	if (is_kind(c, "published") || is_kind(c, "withdrawn"))
		return err_set(err, ST_INVALID, "%s: communication %lld is %s; "
		    "start an update to change it", what, c->id, c->state);
	return ST_OK;
}

enum status
comm_step_done(struct session *s, const struct comm_doc *d, const char *id,
    char *warning, struct err *err)
{
	struct steps n;
	struct fresh fr;
	const struct step_status *ss, *before;
	const struct pb_step *step = NULL;
	char now[CLOCK_BUFSZ];
	enum status st;

	if (warning != NULL)
		*warning = '\0';
	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = find_step(d, id, &step, err)) != ST_OK)
		return st;
	if (!is_marked_kind(step))
		return err_set(err, ST_INVALID, "step %s: a %s step is done when "
		    "the communication is %s, not by hand", id,
		    pb_step_kind_name(step->kind), step->kind == PB_STEP_GATE ?
		    "approved" : "published");
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = steps_now(s, d, &n, err)) != ST_OK)
		goto end;
	ss = find_status(&n.states, step);
	if (ss == NULL || ss->state == STEP_DONE)
		goto end;       /* done already: nothing changes */
	if ((st = check_open_for_edit(&n.c, id, err)) != ST_OK)
		goto end;
	if ((before = first_open_before(&n.states, step)) != NULL) {
		st = err_set(err, ST_INVALID, "step %s: step %s (%s) comes first "
		    "and is %s", id, before->step->id, before->step->title,
		    step_state_name(before->state));
		goto end;
	}
	if (!is_kind(&n.c, "draft") && !is_kind(&n.c, "approved")) {
		st = err_set(err, ST_INVALID, "step %s: communication %lld is %s",
		    id, n.c.id, n.c.state);
		goto end;
	}
	fr = (struct fresh){ .answers = n.answers };
	if ((st = validate_step(s, d->pb, step, fresh_lookup, &fr, warning,
	    err)) != ST_OK)
		goto end;
	clock_now_str(now);
	if ((st = q_step_mark_insert(s->db, &(struct step_mark){
	    .communication_id = n.c.id, .step = (char *)id,
	    .revision = n.c.revision, .done_by = s->user.id, .done_at = now },
	    err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "step.done", "communication", n.c.id,
	    err, "{s:s, s:I}", "step", id, "revision", (json_int_t)n.c.revision);
end:
	st = db_end(s->db, st, err);
	steps_clear(&n);
	return st;
}

enum status
comm_step_reopen(struct session *s, const struct comm_doc *d, const char *id,
    struct err *err)
{
	struct communication c = { 0 };
	const struct pb_step *step;
	long long n = 0;
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = find_step(d, id, &step, err)) != ST_OK)
		return st;
	if (!is_marked_kind(step))
		return err_set(err, ST_INVALID, "step %s: a %s step is not "
		    "marked by hand", id, pb_step_kind_name(step->kind));
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = communication_get(s, d->comm.id, &c, err)) != ST_OK ||
	    (st = check_open_for_edit(&c, id, err)) != ST_OK)
		goto end;
	/* Changing a step of what was sent or approved: back to draft. */
	if ((is_kind(&c, "in-review") || is_kind(&c, "approved")) &&
	    (st = communication_set_state(s, c.id, c.version, "draft",
	    err)) != ST_OK)
		goto end;
	if ((st = unmark_from(s, d, step, "reopened", &n, err)) != ST_OK)
		goto end;
	if (n == 0)
		st = err_set(err, ST_INVALID, "step %s: not done", id);
end:
	st = db_end(s->db, st, err);
	communication_clear(&c);
	return st;
}

/* ---- review, publication, updates ---- */

enum status
comm_submit(struct session *s, const struct comm_doc *d, struct err *err)
{
	struct steps n;
	const struct step_status *ss;
	size_t i;
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = steps_now(s, d, &n, err)) != ST_OK)
		goto end;
	if ((st = check_state(&n.c, "draft", "a draft is sent for review",
	    err)) != ST_OK)
		goto end;
	for (i = 0; i < n.states.count; i++) {
		ss = rowlist_at(&n.states, i);
		if (ss->step->kind == PB_STEP_GATE ||
		    ss->step->kind == PB_STEP_PUBLISH)
			break;
		if (ss->state != STEP_DONE) {
			st = err_set(err, ST_INVALID, "step %s (%s) is not done%s%s",
			    ss->step->id, ss->step->title, *ss->problem != '\0' ?
			    ": " : "", ss->problem);
			goto end;
		}
	}
	if ((st = communication_set_state(s, n.c.id, n.c.version, "in-review",
	    err)) != ST_OK)
		goto end;
	/* Gates that pass already (pre-approved templates, approvals of
	 * these very words) leave nothing to wait for. */
	st = review_settle(s, d, err);
end:
	st = db_end(s->db, st, err);
	steps_clear(&n);
	return st;
}

static enum status
check_reason(const char *reason, struct err *err)
{
	if (reason == NULL || *reason == '\0')
		return err_set(err, ST_INVALID, "reason: say why");
	return check_line("reason", reason, REASON_MAX, true, err);
}

static const char *const update_reasons[] = {
#define X(id, name, label) name,
	UPDATE_REASON_LIST(X)
#undef X
	NULL,
};

static const char *const update_labels[] = {
#define X(id, name, label) label,
	UPDATE_REASON_LIST(X)
#undef X
	NULL,
};

const char *const *
comm_update_reasons(void)
{
	return update_reasons;
}

/* The kind of update KIND (N bytes) names, case, "-", "_" and " " alike;
 * -1 when none. */
static int
update_kind(const char *kind, size_t n)
{
	const char *r;
	size_t i, j;
	int a, b;

	for (i = 0; update_reasons[i] != NULL; i++) {
		r = update_reasons[i];
		for (j = 0; j < n && r[j] != '\0'; j++) {
			a = (unsigned char)kind[j];
			b = (unsigned char)r[j];
			if (a == ' ' || a == '_')
				a = '-';
			if (a >= 'A' && a <= 'Z')
				a += 'a' - 'A';
			if (a != b)
				break;
		}
		if (j == n && r[j] == '\0')
			return (int)i;
	}
	return -1;
}

enum status
comm_update_reason(const char *reason, char *out, size_t n, struct err *err)
{
	const char *p, *colon, *note = NULL;
	size_t len;
	enum status st;
	int k;

	if (reason == NULL)
		reason = "";
	for (p = reason; *p == ' ' || *p == '\t'; p++)
		;
	colon = strchr(p, ':');
	len = colon != NULL ? (size_t)(colon - p) : strlen(p);
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	if (len == 0)
		return err_set(err, ST_INVALID, "reason: say why: new-facts, "
		    "fix-available, resolved or correction, and a note after a "
		    "colon if you like (\"fix-available: ARM packages "
		    "published\")");
	if ((k = update_kind(p, len)) < 0)
		return err_set(err, ST_INVALID, "reason: \"%.*s\" is not a kind "
		    "of update; say new-facts, fix-available, resolved or "
		    "correction, and a note after a colon if you like",
		    (int)(len > 60 ? 60 : len), p);
	len = 0;
	if (colon != NULL) {
		for (note = colon + 1; *note == ' ' || *note == '\t'; note++)
			;
		len = strlen(note);
		while (len > 0 && (note[len - 1] == ' ' ||
		    note[len - 1] == '\t'))
			len--;
	}
	if ((size_t)snprintf(out, n, "%s%s%.*s", update_reasons[k],
	    len > 0 ? ": " : "", (int)len, len > 0 ? note : "") >= n ||
	    len > REASON_MAX)
		return err_set(err, ST_INVALID, "reason: a note of at most %d "
		    "bytes, please", REASON_MAX);
	if ((st = check_line("reason", out, n, true, err)) != ST_OK)
		return st;
	return ST_OK;
}

char *
comm_reason_label(const char *reason)
{
	const char *colon;
	size_t len;
	int k;

	if (reason == NULL)
		return xstrdup("");
	colon = strchr(reason, ':');
	len = colon != NULL ? (size_t)(colon - reason) : strlen(reason);
	if ((k = update_kind(reason, len)) < 0)
		return xstrdup(reason);
	return xasprintf("%s%s", update_labels[k], colon != NULL ? colon : "");
}

enum status
comm_update_note(struct session *s, const struct comm_doc *d,
    const char *kind, const char *note, struct err *err)
{
	char *reason;
	enum status st;

	if (kind == NULL || strchr(kind, ':') != NULL)
		return err_set(err, ST_INVALID, "reason: say new-facts, "
		    "fix-available, resolved or correction");
	reason = note != NULL && *note != '\0' ?
	    xasprintf("%s: %s", kind, note) : xstrdup(kind);
	st = comm_update(s, d, reason, err);
	free(reason);
	return st;
}

enum status
comm_update(struct session *s, const struct comm_doc *d, const char *input,
    struct err *err)
{
	struct communication c = { 0 };
	char now[CLOCK_BUFSZ], reason[REASON_MAX + 32], kind[64];
	char hash[HASH_HEX_SIZE];
	long long rev = 0;
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = comm_update_reason(input, reason, sizeof reason, err)) !=
	    ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = get_in_state(s, d->comm.id, &c, "published",
	    "a published one is updated", err)) != ST_OK)
		goto end;
	if ((st = q_revision_start_next(s->db, c.id, c.version, now, &rev,
	    err)) != ST_OK ||
	    (st = q_revision_insert(s->db, &(struct revision){
	    .communication_id = c.id, .revision = rev, .reason = (char *)reason,
	    .started_by = s->user.id, .started_at = now }, err)) != ST_OK ||
	    (st = q_approval_editor_add(s->db, c.id, rev, s->user.id,
	    err)) != ST_OK ||
	    (st = q_step_mark_delete(s->db, c.id, NULL, NULL, err)) != ST_OK)
		goto end;
	/* The kind of update only: its note is text, kept on the revision. */
	snprintf(kind, sizeof kind, "%.*s", (int)strcspn(reason, ":"), reason);
	st = audit_record(s->db, s->actor, "communication.update",
	    "communication", c.id, err, "{s:I, s:s, s:s, s:s, s:s}", "revision",
	    (json_int_t)rev, "kind", kind, "reason_sha256", text_hash(reason,
	    hash), "from", c.state, "to", "draft");
end:
	st = db_end(s->db, st, err);
	communication_clear(&c);
	return st;
}

enum status
comm_withdraw(struct session *s, const struct comm_doc *d, const char *reason,
    struct err *err)
{
	struct communication c = { 0 };
	char now[CLOCK_BUFSZ], hash[HASH_HEX_SIZE];
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = check_reason(reason, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = get_in_state(s, d->comm.id, &c, "published",
	    "a published one is withdrawn", err)) != ST_OK)
		goto end;
	clock_now_str(now);
	if ((st = communication_set_state(s, c.id, c.version, "withdrawn",
	    err)) != ST_OK ||
	    (st = q_revision_withdraw(s->db, c.id, c.revision, now, reason,
	    err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "communication.withdraw",
	    "communication", c.id, err, "{s:I, s:s}", "revision",
	    (json_int_t)c.revision, "reason_sha256", text_hash(reason, hash));
	/* The withdrawal travels wherever the publication went. */
	if (st == ST_OK)
		st = dispatch_in_tx(s, d, (int)c.revision, "withdrawal", NULL,
		    err);
end:
	st = db_end(s->db, st, err);
	communication_clear(&c);
	return st;
}

/* The answers as a JSON object, keys sorted; caller frees. */
static char *
snapshot_json(const struct rowlist *answers)
{
	const struct answer *a;
	json_t *o = json_object();
	char *text, *clean;
	size_t i;

	if (o == NULL)
		die("out of memory");
	for (i = 0; i < answers->count; i++) {
		a = rowlist_at(answers, i);
		/* Answers are checked on the way in; bytes changed behind
		 * herald's back are kept as U+FFFD rather than lost. */
		clean = docmodel_clean_text(a->value);
		if (json_object_set_new(o, a->field, json_string(clean)) != 0)
			die("out of memory");
		free(clean);
	}
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (text == NULL)
		die("out of memory");
	return text;
}

enum status
comm_publish(struct session *s, const struct comm_doc *d, struct err *err)
{
	struct communication c = { 0 };
	struct rowlist answers;
	char now[CLOCK_BUFSZ];
	char *snap = NULL;
	enum status st;

	rowlist_init(&answers, sizeof(struct answer));
	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = communication_get(s, d->comm.id, &c, err)) != ST_OK)
		goto end;
	/* Every gate satisfied at the words as they are; a refusal names
	 * the gates that wait and who must look again. */
	if ((is_kind(&c, "in-review") || is_kind(&c, "approved")) &&
	    (st = review_require_satisfied(s, d, err)) != ST_OK)
		goto end;
	if ((st = check_state(&c, "approved", "an approved one is published",
	    err)) != ST_OK)
		goto end;
	if ((st = answer_list(s, c.id, &answers, err)) != ST_OK)
		goto end;
	snap = snapshot_json(&answers);
	if ((st = communication_set_state(s, c.id, c.version, "published",
	    err)) != ST_OK ||
	    (st = q_revision_publish(s->db, c.id, c.revision, now, snap,
	    err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "revision.publish", "communication",
	    c.id, err, "{s:I, s:i}", "revision", (json_int_t)c.revision,
	    "answers", (int)answers.count);
	/* The messages to every channel commit with the decision. */
	if (st == ST_OK)
		st = dispatch_in_tx(s, d, (int)c.revision, c.revision == 1 ?
		    "publish" : "correction", NULL, err);
	/* What is published shows in its siblings (their related links):
	 * their approvals may no longer hold. */
	if (st == ST_OK)
		st = review_recheck(s, err);
end:
	st = db_end(s->db, st, err);
	rowlist_free(&answers, (row_clear_fn)answer_clear);
	communication_clear(&c);
	free(snap);
	return st;
}

enum status
comm_revisions(struct session *s, long long id, struct rowlist *out,
    struct err *err)
{
	return q_revision_list(s->db, id, out, err);
}

/* ---- reading it ---- */

/* A variant without outputs is still read by someone: as a page. */
static const struct pb_output page_output = {
	.id = (char *)"page", .format = (char *)"markdown",
	.title = (char *)"Page",
};

static enum status
find_output(const struct comm_doc *d, const char *id,
    const struct pb_output **out, struct err *err)
{
	const char *variant = d->variant != NULL ? d->variant->id : "";
	const struct pb_output *o;
	char ids[256] = "";
	size_t i, len = 0;

	*out = NULL;
	for (i = 0; i < d->pb->n_outputs; i++) {
		o = &d->pb->outputs[i];
		if (!playbook_output_in_variant(o, variant))
			continue;
		if (id == NULL || strcmp(o->id, id) == 0) {
			*out = o;
			return ST_OK;
		}
	}
	if (id == NULL) {
		*out = &page_output;
		return ST_OK;
	}
	/* Say which outputs there are, so the next try is right. */
	for (i = 0; i < d->pb->n_outputs; i++) {
		o = &d->pb->outputs[i];
		if (!playbook_output_in_variant(o, variant))
			continue;
		len += snprintf(ids + len, len < sizeof ids ? sizeof ids - len : 0,
		    "%s%s", len > 0 ? ", " : "", o->id);
		if (len >= sizeof ids)
			len = sizeof ids - 1;
	}
	return err_set(err, ST_NOTFOUND, "output %s: playbook %s has no such "
	    "output for this communication; its outputs: %s", id, d->pb->name,
	    len > 0 ? ids : "none");
}

enum status
comm_preview(struct session *s, const struct comm_doc *d, const char *output,
    const struct pb_output **used, struct rendered *out, struct err *err)
{
	const struct pb_output *o;
	json_t *site = NULL, *item = NULL;
	enum status st;

	memset(out, 0, sizeof *out);
	if (used != NULL)
		*used = NULL;
	if ((st = find_output(d, output, &o, err)) != ST_OK)
		return st;
	if ((st = settings_site(s, &site, err)) != ST_OK ||
	    (st = docmodel_item_draft(s, d, site, &item, err)) != ST_OK ||
	    (st = render_output(s, item, o, out, err)) != ST_OK)
		goto end;
	if (used != NULL)
		*used = o != &page_output ? o : NULL;
end:
	json_decref(item);
	json_decref(site);
	return st;
}

char *
comm_preview_source(const struct rendered *r, char *buf, size_t n)
{
	if (r->template_name != NULL)
		snprintf(buf, n, "template %s v%lld (sha256 %.8s)",
		    r->template_name, r->template_version, r->template_hash);
	else
		snprintf(buf, n, "no template: built by herald");
	return buf;
}

void
comm_warnings(struct session *s, const struct comm_doc *d, char *warning)
{
	struct cycle cy = { 0 };
	time_t eol;

	*warning = '\0';
	if (strcmp(d->comm.kind, "eol-notice") != 0 || d->comm.cycle_id == 0 ||
	    is_kind(&d->comm, "withdrawn"))
		return;
	if (cycle_get(s, d->comm.cycle_id, &cy, NULL) != ST_OK)
		return;
	if (cy.eol != NULL && clock_parse(cy.eol, &eol, NULL) == ST_OK)
		validate_short_notice(eol, warning);
	cycle_clear(&cy);
}
