/* core/preapproval_gate.c - whether a pre-approvable gate of a
 * communication passes on pre-approvals: its free text untouched, and
 * every template and the playbook it is made from approved in advance by
 * the gate's roles. */
#include "config.h"

#include "core/preapproval.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/playbook.h"
#include "core/template.h"
#include "core/validate.h"
#include "util/xalloc.h"

/* The most texts one gate's pre-approvals cover (templates, partials and
 * the playbook): more is a loop of partials or a mistake. */
#define ITEMS_MAX 64
/* The longest Mustache delimiter (as core/mustache.c). */
#define DELIM_MAX 16

/* One text the gate's pre-approvals must cover. */
struct item {
	const char *kind;        /* "template" or "playbook" */
	char       *name;
	char       *version;
	char       *hash;
};

/* A check of one gate: the texts found so far and the first reason it
 * does not pass. */
struct check {
	struct session        *s;
	const struct comm_doc *d;
	const struct pb_step  *gate;
	struct item            items[ITEMS_MAX];
	size_t                 n_items;
	bool                   fails;
	char                   why[PREAPPROVAL_WHY_MAX];
};

void
preapproval_verdict_clear(struct preapproval_verdict *v)
{
	if (v == NULL)
		return;
	free(v->ids);
	memset(v, 0, sizeof *v);
}

static void
check_clear(struct check *k)
{
	size_t i;

	for (i = 0; i < k->n_items; i++) {
		free(k->items[i].name);
		free(k->items[i].version);
		free(k->items[i].hash);
	}
	k->n_items = 0;
}

/* K does not pass, for the reason FMT says (the first reason stays). */
static void refuse(struct check *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
refuse(struct check *k, const char *fmt, ...)
{
	va_list ap;

	if (k->fails)
		return;
	k->fails = true;
	va_start(ap, fmt);
	vsnprintf(k->why, sizeof k->why, fmt, ap);
	va_end(ap);
}

/* Add a text to K unless it is there already. */
static void
item_add(struct check *k, const char *kind, const char *name,
    const char *version, const char *hash)
{
	struct item *it;
	size_t i;

	for (i = 0; i < k->n_items; i++) {
		it = &k->items[i];
		if (strcmp(it->kind, kind) == 0 && strcmp(it->name, name) == 0 &&
		    strcmp(it->hash, hash) == 0)
			return;
	}
	if (k->n_items == ITEMS_MAX) {
		refuse(k, "more than %d templates and partials to check: is a "
		    "partial including itself?", ITEMS_MAX);
		return;
	}
	it = &k->items[k->n_items++];
	it->kind = kind;
	it->name = xstrdup(name);
	it->version = xstrdup(version);
	it->hash = xstrdup(hash);
}

/* ITEM as a person names it: "template a.md v2", "playbook p 1". */
static char *
item_label(const struct item *it, bool with_kind)
{
	bool is_template = strcmp(it->kind, "template") == 0;

	return xasprintf("%s%s%s %s%s", with_kind ? it->kind : "",
	    with_kind ? " " : "", it->name, is_template ? "v" : "",
	    it->version);
}

/* "legal" for approver:legal. */
static const char *
role_short(const char *role)
{
	return strncmp(role, "approver:", 9) == 0 ? role + 9 : role;
}

/*
 * PREFIX, then the first K of the N WORDS as "a, b and c" (with "and M
 * more" for the rest when K < N), then SUFFIX, into BUF (SIZE bytes);
 * false when it does not fit.
 */
static bool
try_sentence(char *buf, size_t size, const char *prefix, char *const *words,
    size_t n, size_t k, const char *suffix)
{
	size_t len, i;

	len = (size_t)snprintf(buf, size, "%s", prefix);
	for (i = 0; i < k && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i == 0 ?
		    "" : i == k - 1 && k == n ? " and " : ", ", words[i]);
	if (k < n && len < size)
		len += (size_t)snprintf(buf + len, size - len, "%s%zu more",
		    k > 0 ? " and " : "", n - k);
	if (len < size)
		len += (size_t)snprintf(buf + len, size - len, "%s", suffix);
	return len < size;
}

/* As many WORDS as fit in SIZE bytes, as try_sentence() writes them. */
static void
sentence(char *buf, size_t size, const char *prefix, char *const *words,
    size_t n, const char *suffix)
{
	size_t k = n;

	while (!try_sentence(buf, size, prefix, words, n, k, suffix) && k > 0)
		k--;
}

static void
words_free(char **words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(words[i]);
}

/* Whether F is free text: words a person writes, not a fact the playbook
 * lets vary. */
static bool
is_free_text(const struct pb_field *f)
{
	return !f->is_variable && (f->kind == FIELD_TEXT ||
	    f->kind == FIELD_LONG_TEXT || f->kind == FIELD_PLAIN_TEXT);
}

/* Whether V, F's answer, is F's default as the playbook writes it or as
 * it is stored once entered; with no default, whether V is empty. */
static bool
holds_default(struct session *s, const struct pb_field *f, const char *v)
{
	char *stored = NULL;
	bool is_same;

	if (v == NULL)
		v = "";
	if (f->default_value == NULL)
		return *v == '\0';
	if (strcmp(v, f->default_value) == 0)
		return true;
	if (validate_answer(s, f, f->default_value, NULL, &stored, NULL,
	    NULL) != ST_OK)
		return false;
	is_same = strcmp(v, stored) == 0;
	free(stored);
	return is_same;
}

/* comm_value() with CTX a pointer to the const comm_doc pointer. */
static const char *
doc_lookup(void *ctx, const char *field)
{
	const struct comm_doc *const *d = ctx;

	return comm_value(*d, field);
}

/*
 * The free-text fields of K's communication that no longer hold their
 * defaults. Only fields that reach its outputs count, as
 * core/docmodel.c chooses them: in its variant's form steps, shown, and
 * internal ones only for an audience that is not public or customers.
 */
static void
check_free_text(struct check *k)
{
	const struct comm_doc *d = k->d;
	const char *aud = d->comm.audience != NULL ? d->comm.audience : "";
	bool is_internal = strcmp(aud, "public") != 0 &&
	    strcmp(aud, "customers") != 0;
	const char *variant = d->comm.variant != NULL ? d->comm.variant : "";
	const struct pb_step *st;
	const struct pb_field *f;
	char **changed = NULL;
	size_t i, j, n = 0;

	for (i = 0; i < d->pb->n_steps; i++) {
		st = &d->pb->steps[i];
		if (st->kind != PB_STEP_FORM ||
		    !playbook_step_in_variant(st, variant))
			continue;
		for (j = 0; j < st->n_fields; j++) {
			f = &st->fields[j];
			if (!is_free_text(f) || (f->is_internal && !is_internal) ||
			    !validate_is_shown(d->pb, f, doc_lookup, &d) ||
			    holds_default(k->s, f, comm_value(d, f->id)))
				continue;
			changed = xreallocarray(changed, n + 1, sizeof *changed);
			changed[n++] = xstrdup(f->id);
		}
	}
	if (n > 0) {
		k->fails = true;
		sentence(k->why, sizeof k->why, "free text changed: ", changed, n,
		    "");
	}
	words_free(changed, n);
	free(changed);
}

/* A template's version from the canonical form: a number, or text. */
static bool
canon_version(const json_t *v, char *buf, size_t n)
{
	const char *s = json_string_value(v);

	if (json_is_integer(v))
		snprintf(buf, n, "%lld", (long long)json_integer_value(v));
	else if (s != NULL && *s != '\0')
		snprintf(buf, n, "%s", s[0] == 'v' ? s + 1 : s);
	else
		return false;
	return *buf != '\0';
}

/*
 * The templates canonical form C names, one per output that has one,
 * into K; and "layout.html", newest, when an output is an HTML page (the
 * page's frame, which the form does not name). An output whose template
 * is null is made by herald from the fields (CSAF, feeds, JSON): the
 * playbook's pre-approval covers it.
 */
static enum status
canon_templates(struct check *k, const struct content *c, struct err *err)
{
	struct template_row t = { 0 };
	json_error_t je;
	json_t *root, *outs, *o, *tm;
	const char *id, *name, *hash, *format;
	char version[32];
	bool has_html = false;
	enum status st = ST_OK;
	size_t i;

	if (c == NULL || c->canon == NULL) {
		refuse(k, "no content to check");
		return ST_OK;
	}
	if ((root = json_loads(c->canon, 0, &je)) == NULL) {
		refuse(k, "the content's canonical form does not parse (%d:%d: "
		    "%s)", je.line, je.column, je.text);
		return ST_OK;
	}
	outs = json_object_get(root, "outputs");
	if (!json_is_array(outs))
		refuse(k, "the content lists no outputs, so which templates it "
		    "uses is not known");
	json_array_foreach(outs, i, o) {
		id = json_string_value(json_object_get(o, "id"));
		if ((tm = json_object_get(o, "template")) == NULL) {
			refuse(k, "output %s does not say which template it uses",
			    id != NULL ? id : "?");
			break;
		}
		if (json_is_null(tm))
			continue;
		name = json_string_value(json_object_get(tm, "name"));
		hash = json_string_value(json_object_get(tm, "hash"));
		if (name == NULL || hash == NULL || !canon_version(
		    json_object_get(tm, "version"), version, sizeof version)) {
			refuse(k, "output %s names its template without a name, "
			    "version and hash", id != NULL ? id : "?");
			break;
		}
		item_add(k, "template", name, version, hash);
		format = json_string_value(json_object_get(o, "format"));
		has_html |= format != NULL && strcmp(format, "html") == 0;
	}
	if (has_html && !k->fails) {
		st = template_get_latest(k->s, "layout.html", &t, err);
		if (st == ST_OK) {
			snprintf(version, sizeof version, "%lld", t.version);
			item_add(k, "template", t.name, version, t.hash);
		} else if (st == ST_NOTFOUND) {
			err_clear(err);
			st = ST_OK;
		}
	}
	template_row_clear(&t);
	json_decref(root);
	return st;
}

/* Add the N bytes at S to NAMES (*N of them, room for MAX) unless they
 * are there; false when there is no room. */
static bool
name_add(char **names, size_t *n, size_t max, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return true;
	if (*n == max)
		return false;
	names[(*n)++] = xstrndup(s, len);
	return true;
}

/*
 * The names of the partials BODY includes ({{> NAME}}), each once, into
 * NAMES (room for MAX; *N of them), following set-delimiter tags as
 * core/mustache.c reads them; false when there are more than MAX. This
 * reads the text, not one rendering of it: a partial in a section that
 * is not shown counts all the same.
 */
static bool
scan_partials(const char *body, char **names, size_t *n, size_t max)
{
	char open[DELIM_MAX + 1] = "{{", close[DELIM_MAX + 1] = "}}";
	char closing[DELIM_MAX + 2];
	const char *p = body, *t, *e, *a, *b, *sp, *c2;
	char type;

	*n = 0;
	while ((t = strstr(p, open)) != NULL) {
		t += strlen(open);
		type = *t != '\0' && strchr("#^/!>{&=", *t) != NULL ? *t++ : '\0';
		snprintf(closing, sizeof closing, "%s%s", type == '{' ? "}" :
		    type == '=' ? "=" : "", close);
		if ((e = strstr(t, closing)) == NULL)
			break;
		p = e + strlen(closing);
		for (a = t, b = e; a < b && isspace((unsigned char)*a); a++)
			;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (type == '>' && b > a) {
			if (!name_add(names, n, max, a, (size_t)(b - a)))
				return false;
		} else if (type == '=') {
			for (sp = a; sp < b && !isspace((unsigned char)*sp); sp++)
				;
			for (c2 = sp; c2 < b && isspace((unsigned char)*c2); c2++)
				;
			if (sp > a && sp - a <= DELIM_MAX && b > c2 &&
			    b - c2 <= DELIM_MAX) {
				memcpy(open, a, (size_t)(sp - a));
				open[sp - a] = '\0';
				memcpy(close, c2, (size_t)(b - c2));
				close[b - c2] = '\0';
			}
		}
	}
	return true;
}

/* Partial NAME as rendering finds it (core/render.c): the template NAME,
 * else "partials/NAME", newest version; ST_NOTFOUND when neither is
 * imported, and then it renders as nothing. */
static enum status
partial_find(struct session *s, const char *name, struct template_row *t,
    struct err *err)
{
	char *alt = xasprintf("partials/%s", name);
	const char *names[] = { name, alt };
	enum status st = ST_NOTFOUND;
	size_t i;

	for (i = 0; i < 2; i++) {
		template_row_clear(t);
		st = template_get_latest(s, names[i], t, err);
		if (st != ST_NOTFOUND && st != ST_INVALID)
			break;
		err_clear(err);
		st = ST_NOTFOUND;
	}
	free(alt);
	return st;
}

/* Add the partials of each template in K, and theirs in turn (K's list
 * grows as it is walked). */
static enum status
add_partials(struct check *k, struct err *err)
{
	struct template_row t = { 0 }, pt = { 0 };
	char *names[ITEMS_MAX], version[32], *label;
	long long v;
	size_t i, j, n = 0;
	enum status st = ST_OK;

	for (i = 0; i < k->n_items && st == ST_OK && !k->fails; i++) {
		if (strcmp(k->items[i].kind, "template") != 0)
			continue;
		v = strtoll(k->items[i].version, NULL, 10);
		template_row_clear(&t);
		st = v > 0 ? template_get(k->s, k->items[i].name, v, &t, err) :
		    ST_NOTFOUND;
		if (st == ST_NOTFOUND || (st == ST_OK &&
		    strcmp(t.hash, k->items[i].hash) != 0)) {
			/* Not the text the content was made from. */
			err_clear(err);
			st = ST_OK;
			label = item_label(&k->items[i], true);
			refuse(k, "%s is not the imported text the content was "
			    "made from", label);
			free(label);
			break;
		}
		if (st != ST_OK)
			break;
		if (!scan_partials(t.body, names, &n, ITEMS_MAX)) {
			label = item_label(&k->items[i], true);
			refuse(k, "%s includes more than %d partials", label,
			    ITEMS_MAX);
			free(label);
		}
		for (j = 0; !k->fails && j < n && st == ST_OK; j++) {
			st = partial_find(k->s, names[j], &pt, err);
			if (st == ST_NOTFOUND) {
				st = ST_OK;
				continue;
			}
			if (st != ST_OK)
				break;
			snprintf(version, sizeof version, "%lld", pt.version);
			item_add(k, "template", pt.name, version, pt.hash);
		}
		words_free(names, n);
		n = 0;
	}
	template_row_clear(&t);
	template_row_clear(&pt);
	return st;
}

static void
ids_add(struct preapproval_verdict *out, long long id)
{
	size_t i;

	for (i = 0; i < out->n_ids; i++)
		if (out->ids[i] == id)
			return;
	out->ids = xreallocarray(out->ids, out->n_ids + 1, sizeof *out->ids);
	out->ids[out->n_ids++] = id;
}

static int
id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/*
 * Whether each role of K's gate has pre-approved each text in K: COUNT
 * different people in that role, pre-approvals in force. The ones it
 * rests on go to OUT; the texts short of them make K's reason.
 */
static enum status
check_cover(struct check *k, struct preapproval_verdict *out,
    struct err *err)
{
	const struct pb_gate_role *r;
	const struct preapproval *p, *q;
	struct rowlist l = { 0 };
	char **missing = NULL, *label;
	size_t i, j, m, x, n_missing = 0;
	int have;
	enum status st = ST_OK;

	for (i = 0; i < k->gate->n_roles && st == ST_OK; i++) {
		r = &k->gate->roles[i];
		for (j = 0; j < k->n_items && st == ST_OK; j++) {
			st = q_preapproval_in_force(k->s->db, k->items[j].kind,
			    k->items[j].hash, r->role, &l, err);
			have = 0;
			for (m = 0; st == ST_OK && m < l.count && have < r->count;
			    m++) {
				p = rowlist_at(&l, m);
				for (x = 0; x < m; x++) {
					q = rowlist_at(&l, x);
					if (q->approver_id == p->approver_id)
						break;
				}
				if (x < m)
					continue;      /* this person counted */
				have++;
				ids_add(out, p->id);
			}
			rowlist_free(&l, (row_clear_fn)preapproval_clear);
			if (st != ST_OK || have >= r->count)
				continue;
			label = item_label(&k->items[j], true);
			missing = xreallocarray(missing, n_missing + 1,
			    sizeof *missing);
			if (r->count > 1)
				missing[n_missing++] = xasprintf("%s (%s: %d of %d)",
				    label, role_short(r->role), have, r->count);
			else
				missing[n_missing++] = xasprintf("%s (%s)", label,
				    role_short(r->role));
			free(label);
		}
	}
	if (st == ST_OK && n_missing > 0) {
		k->fails = true;
		sentence(k->why, sizeof k->why, "needs pre-approval of ", missing,
		    n_missing, "");
	}
	words_free(missing, n_missing);
	free(missing);
	return st;
}

/* The sentence for a gate that passes: "pre-approved: template a v2 and
 * playbook p 3 (legal)". */
static void
passing_sentence(struct check *k)
{
	char *words[ITEMS_MAX], *pb = NULL, roles[160] = "", *suffix;
	size_t i, n = 0, len;

	for (i = 0; i < k->n_items; i++) {
		if (strcmp(k->items[i].kind, "template") == 0)
			words[n++] = item_label(&k->items[i], false);
		else if (pb == NULL)
			pb = item_label(&k->items[i], true);
	}
	for (i = 0; i < k->gate->n_roles; i++) {
		len = strlen(roles);
		snprintf(roles + len, sizeof roles - len, "%s%s", i > 0 ? ", " :
		    "", role_short(k->gate->roles[i].role));
	}
	if (n == 0)
		snprintf(k->why, sizeof k->why, "pre-approved: %s (%s)",
		    pb != NULL ? pb : "?", roles);
	else {
		suffix = xasprintf("%s and %s (%s)", n > 1 ? "," : "",
		    pb != NULL ? pb : "?", roles);
		sentence(k->why, sizeof k->why, n > 1 ? "pre-approved: templates "
		    : "pre-approved: template ", words, n, suffix);
		free(suffix);
	}
	words_free(words, n);
	free(pb);
}

enum status
preapproval_gate_check(struct session *s, const struct comm_doc *d,
    const struct content *c, const struct pb_step *gate,
    struct preapproval_verdict *out, struct err *err)
{
	struct check k = { .s = s, .d = d, .gate = gate };
	enum status st = ST_OK;

	memset(out, 0, sizeof *out);
	if (gate == NULL || gate->kind != PB_STEP_GATE ||
	    !gate->is_preapprovable) {
		snprintf(out->why, sizeof out->why, "gate %s is not "
		    "pre-approvable", gate != NULL ? gate->id : "?");
		return ST_OK;
	}
	if (d == NULL || d->pb == NULL || d->comm.playbook_hash == NULL) {
		snprintf(out->why, sizeof out->why, "no communication to check");
		return ST_OK;
	}
	check_free_text(&k);
	if (!k.fails)
		st = canon_templates(&k, c, err);
	if (st == ST_OK && !k.fails)
		st = add_partials(&k, err);
	if (st == ST_OK && !k.fails) {
		item_add(&k, "playbook", d->comm.playbook, d->comm.playbook_version
		    != NULL ? d->comm.playbook_version : "?",
		    d->comm.playbook_hash);
		st = check_cover(&k, out, err);
	}
	if (st == ST_OK && !k.fails) {
		passing_sentence(&k);
		out->passes = true;
		qsort(out->ids, out->n_ids, sizeof *out->ids, id_cmp);
	} else {
		free(out->ids);
		out->ids = NULL;
		out->n_ids = 0;
	}
	snprintf(out->why, sizeof out->why, "%s", k.why);
	check_clear(&k);
	return st;
}

enum status
preapproval_gate_passes(struct session *s, const struct comm_doc *d,
    const struct content *c, const struct pb_step *gate, bool *passes,
    char *why, size_t n, struct err *err)
{
	struct preapproval_verdict v;
	enum status st;

	st = preapproval_gate_check(s, d, c, gate, &v, err);
	*passes = st == ST_OK && v.passes;
	if (why != NULL && n > 0)
		snprintf(why, n, "%s", v.why);
	preapproval_verdict_clear(&v);
	return st;
}
