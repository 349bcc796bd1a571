/* core/playbook.c - playbooks: read the YAML into a tree of nodes that
 * remember where they were, then check and copy it into struct playbook,
 * collecting every problem with its place. */
#include "config.h"

#include "core/playbook.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/communication.h"
#include "core/hash.h"
#include "core/incident.h"
#include "core/paths.h"
#include "core/regime.h"
#include "core/session.h"
#include "util/xalloc.h"

/* The most problems one parse keeps: enough for any real file. */
#define PROBLEMS_MAX 200
/* The longest text a field may ask for (= ANSWER_VALUE_MAX). */
#define MAX_LENGTH_MAX 262144
/* Largest count, phase and span number, to keep arithmetic small. */
#define COUNT_MAX 99
#define SPAN_NUMBER_MAX 100000L

static const char *const output_formats[] = {
	"markdown", "html", "atom", "rss", "csaf", "csaf-vex", "csaf-incident",
	"cve", "email", "github", "webhook", "ticket", "text", NULL,
};
static const char *const clock_froms[] = {
	"awareness", "discovery", "fix-available", "started", NULL,
};

/* ---- the YAML tree ---- */

enum node_type { NODE_SCALAR, NODE_SEQ, NODE_MAP };

struct node {
	enum node_type  type;
	char           *s;          /* scalar text */
	bool            is_plain;   /* unquoted scalar */
	struct node   **kids;       /* map: key, value, key, value, ... */
	size_t          n;
	struct pb_pos   pos;
};

static void
node_free(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->s);
	free(n);
}

static void
node_add(struct node *parent, struct node *kid)
{
	parent->kids = xreallocarray(parent->kids, parent->n + 1,
	    sizeof *parent->kids);
	parent->kids[parent->n++] = kid;
}

static struct pb_pos
mark_pos(yaml_mark_t m)
{
	struct pb_pos p = { (int)m.line + 1, (int)m.column + 1 };

	return p;
}

/* ---- problems ---- */

struct pctx {
	const char         *source;
	struct pb_problems *pr;
	struct playbook    *pb;
};

void
pb_problems_clear(struct pb_problems *p)
{
	if (p == NULL)
		return;
	free(p->items);
	p->items = NULL;
	p->n = 0;
}

static int
pos_cmp(struct pb_pos a, struct pb_pos b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	return a.col < b.col ? -1 : a.col > b.col;
}

/* Record a problem at POS, kept in file order (later checks may find
 * problems earlier in the file; equal places keep the order found). */
static void __attribute__((format(printf, 3, 4)))
problem(struct pctx *c, struct pb_pos pos, const char *fmt, ...)
{
	struct pb_problems *pr = c->pr;
	size_t i;
	va_list ap;

	if (pr->n >= PROBLEMS_MAX)
		return;
	pr->items = xreallocarray(pr->items, pr->n + 1, sizeof *pr->items);
	for (i = pr->n; i > 0 && pos_cmp(pr->items[i - 1].pos, pos) > 0; i--)
		;
	memmove(pr->items + i + 1, pr->items + i,
	    (pr->n - i) * sizeof *pr->items);
	pr->items[i].pos = pos;
	va_start(ap, fmt);
	vsnprintf(pr->items[i].message, sizeof pr->items[i].message, fmt, ap);
	va_end(ap);
	pr->n++;
}

/* ---- reading the YAML ---- */

/* The position of the first byte of TEXT that is not UTF-8, if any. */
static bool
find_bad_utf8(const char *text, size_t len, struct pb_pos *pos)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, k, need;
	unsigned long cp;

	pos->line = 1;
	pos->col = 1;
	while (i < len) {
		if (s[i] < 0x80) {
			need = 0;
			cp = s[i];
		} else if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			need = 1;
			cp = s[i] & 0x1f;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			need = 2;
			cp = s[i] & 0x0f;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			need = 3;
			cp = s[i] & 0x07;
		} else
			return true;
		if (need > len - i - 1)
			return true;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return true;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 &&
		    cp <= 0xdfff))) || (need == 3 && (cp < 0x10000 ||
		    cp > 0x10ffff)))
			return true;
		i += need + 1;
		if (cp == '\n') {
			pos->line++;
			pos->col = 1;
		} else
			pos->col++;
	}
	return false;
}

static bool
is_blank_text(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)text[i]))
			return false;
	return true;
}

/* Add N to the open collection on top of STACK, or make it the root. */
static void
tree_put(struct node **stack, size_t depth, struct node **root,
    struct node *n)
{
	if (depth > 0)
		node_add(stack[depth - 1], n);
	else if (*root == NULL)
		*root = n;
	else
		node_free(n);
}

/* The first control character of scalar S (LEN bytes, UTF-8) other than
 * a tab or a line break, or -1: quoted escapes ("\e", "\u0007") could
 * otherwise carry terminal commands into every title and label shown. */
static long
scalar_control(const unsigned char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') ||
		    s[i] == 0x7f)
			return s[i];
		if (s[i] == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 &&
		    s[i + 1] <= 0x9f)
			return s[i + 1];
	}
	return -1;
}

/*
 * Build the tree of TEXT from libyaml's events. Anchors and aliases are
 * refused: a playbook is read by people, and each node should be where
 * it is written. Returns the root, or NULL with a problem recorded.
 */
static struct node *
tree_read(struct pctx *c, const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct node *root = NULL, *n, **stack = NULL;
	size_t depth = 0, room = 0;
	int docs = 0;
	long cc;
	bool is_done = false, is_bad = false;

	if (!yaml_parser_initialize(&p))
		die("out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!is_done && !is_bad) {
		if (!yaml_parser_parse(&p, &ev)) {
			problem(c, mark_pos(p.problem_mark), "malformed YAML: %s",
			    p.problem != NULL ? p.problem : "unreadable");
			is_bad = true;
			break;
		}
		n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			is_done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				problem(c, mark_pos(ev.start_mark), "only one "
				    "YAML document is allowed in a playbook");
				is_bad = true;
			}
			break;
		case YAML_ALIAS_EVENT:
			problem(c, mark_pos(ev.start_mark), "aliases (*%s) are "
			    "not allowed in a playbook; write the value out",
			    (const char *)ev.data.alias.anchor);
			is_bad = true;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			n = xcalloc(1, sizeof *n);
			n->pos = mark_pos(ev.start_mark);
			if (ev.type == YAML_SCALAR_EVENT) {
				n->type = NODE_SCALAR;
				n->s = xstrndup((const char *)ev.data.scalar.value,
				    ev.data.scalar.length);
				n->is_plain = ev.data.scalar.style ==
				    YAML_PLAIN_SCALAR_STYLE;
				if ((cc = scalar_control(ev.data.scalar.value,
				    ev.data.scalar.length)) >= 0)
					problem(c, n->pos, "control character "
					    "U+%04lX in a value; a playbook's "
					    "text holds only tabs and line "
					    "breaks", (unsigned long)cc);
			} else
				n->type = ev.type == YAML_SEQUENCE_START_EVENT ?
				    NODE_SEQ : NODE_MAP;
			if ((ev.type == YAML_SCALAR_EVENT &&
			    ev.data.scalar.anchor != NULL) ||
			    (ev.type == YAML_SEQUENCE_START_EVENT &&
			    ev.data.sequence_start.anchor != NULL) ||
			    (ev.type == YAML_MAPPING_START_EVENT &&
			    ev.data.mapping_start.anchor != NULL))
				problem(c, n->pos, "anchors (&) are not allowed "
				    "in a playbook; write the value out");
			tree_put(stack, depth, &root, n);
			if (n->type != NODE_SCALAR) {
				if (depth == room) {
					room = room * 2 + 8;
					stack = xreallocarray(stack, room,
					    sizeof *stack);
				}
				stack[depth++] = n;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0)
				depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	free(stack);
	if (is_bad) {
		node_free(root);
		return NULL;
	}
	return root;
}

/* ---- node helpers ---- */

static bool
is_null(const struct node *n)
{
	return n == NULL || (n->type == NODE_SCALAR && n->is_plain &&
	    (n->s[0] == '\0' || strcmp(n->s, "~") == 0 ||
	    strcmp(n->s, "null") == 0 || strcmp(n->s, "Null") == 0 ||
	    strcmp(n->s, "NULL") == 0));
}

static struct node *
map_get(const struct node *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != NODE_MAP)
		return NULL;
	for (i = 0; i + 1 < map->n; i += 2)
		if (map->kids[i]->type == NODE_SCALAR &&
		    strcmp(map->kids[i]->s, key) == 0)
			return map->kids[i + 1];
	return NULL;
}

/*
 * Report keys of MAP not in ALLOWED, keys that are not text, and keys
 * given twice. WHERE names the mapping for messages (" in step \"x\"";
 * "" at the top).
 */
static void
check_keys(struct pctx *c, const struct node *map,
    const char *const *allowed, const char *where)
{
	const struct node *k;
	size_t i, j;

	for (i = 0; i + 1 < map->n; i += 2) {
		k = map->kids[i];
		if (k->type != NODE_SCALAR) {
			problem(c, k->pos, "keys must be text%s", where);
			continue;
		}
		for (j = 0; j < i; j += 2)
			if (map->kids[j]->type == NODE_SCALAR &&
			    strcmp(map->kids[j]->s, k->s) == 0)
				break;
		if (j < i) {
			problem(c, k->pos, "duplicate key \"%s\"%s (first at "
			    "line %d)", k->s, where, map->kids[j]->pos.line);
			continue;
		}
		if (!vocab_has(allowed, k->s))
			problem(c, k->pos, "unknown key \"%s\"%s", k->s, where);
	}
}

/* The scalar text of the value of KEY in MAP, copied to *OUT (NULL when
 * absent or null). Wrong types are reported. */
static bool
get_text(struct pctx *c, const struct node *map, const char *key, char **out)
{
	const struct node *v = map_get(map, key);

	*out = NULL;
	if (is_null(v))
		return true;
	if (v->type != NODE_SCALAR) {
		problem(c, v->pos, "\"%s\" must be text", key);
		return false;
	}
	*out = xstrdup(v->s);
	return true;
}

/* As get_text, reporting a missing value as "WHAT has no KEY". */
static bool
need_text(struct pctx *c, const struct node *map, const char *key,
    const char *what, char **out)
{
	if (!get_text(c, map, key, out))
		return false;
	if (*out == NULL) {
		problem(c, map->pos, "%s has no \"%s\"", what, key);
		return false;
	}
	return true;
}

static bool
get_bool(struct pctx *c, const struct node *map, const char *key, bool *out)
{
	const struct node *v = map_get(map, key);

	if (v == NULL)
		return true;
	if (v->type == NODE_SCALAR && v->is_plain) {
		if (strcmp(v->s, "true") == 0 || strcmp(v->s, "yes") == 0) {
			*out = true;
			return true;
		}
		if (strcmp(v->s, "false") == 0 || strcmp(v->s, "no") == 0) {
			*out = false;
			return true;
		}
	}
	problem(c, v->pos, "\"%s\" must be true or false", key);
	return false;
}

static bool
get_long(struct pctx *c, const struct node *map, const char *key, long min,
    long max, long *out)
{
	const struct node *v = map_get(map, key);
	char *end;
	long n;

	if (v == NULL)
		return true;
	if (v->type == NODE_SCALAR && v->is_plain && isdigit((unsigned char)
	    v->s[0])) {
		errno = 0;
		n = strtol(v->s, &end, 10);
		if (errno == 0 && *end == '\0' && n >= min && n <= max) {
			*out = n;
			return true;
		}
	}
	problem(c, v->pos, "\"%s\" must be a whole number from %ld to %ld", key,
	    min, max);
	return false;
}

static bool
get_double(struct pctx *c, const struct node *map, const char *key,
    double min, double max, double *out)
{
	const struct node *v = map_get(map, key);
	char *end;
	double d;

	if (v == NULL)
		return true;
	if (v->type == NODE_SCALAR && v->is_plain && v->s[0] != '\0') {
		errno = 0;
		d = strtod(v->s, &end);
		if (errno == 0 && *end == '\0' && d >= min && d <= max) {
			*out = d;
			return true;
		}
	}
	problem(c, v->pos, "\"%s\" must be a number from %g to %g", key, min,
	    max);
	return false;
}

/* An id: [a-z][a-z0-9_-]*, at most 64 characters (dashes only, when
 * IS_NAME: a playbook's name is also a file name). */
static bool
id_ok(const char *s, bool is_name)
{
	size_t i;

	if (s == NULL || !(s[0] >= 'a' && s[0] <= 'z') || strlen(s) > 64)
		return false;
	for (i = 1; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || isdigit((unsigned char)
		    s[i]) || s[i] == '-' || (s[i] == '_' && !is_name)))
			return false;
	return true;
}

/* A list of ids (variants, channels) under KEY, into *OUT and *N, with
 * their places in *POS. */
static bool
get_id_list(struct pctx *c, const struct node *map, const char *key,
    const char *what, char ***out, size_t *n, struct pb_pos **pos)
{
	const struct node *v = map_get(map, key), *k;
	size_t i;

	*out = NULL;
	*n = 0;
	*pos = NULL;
	if (is_null(v))
		return true;
	if (v->type == NODE_SCALAR) {
		/* One id alone is as good as a list of one. */
		*out = xcalloc(1, sizeof **out);
		*pos = xcalloc(1, sizeof **pos);
		(*out)[0] = xstrdup(v->s);
		(*pos)[0] = v->pos;
		*n = 1;
		return true;
	}
	if (v->type != NODE_SEQ) {
		problem(c, v->pos, "\"%s\" must be a list of %s", key, what);
		return false;
	}
	if (v->n == 0)
		return true;
	*out = xcalloc(v->n, sizeof **out);
	*pos = xcalloc(v->n, sizeof **pos);
	for (i = 0; i < v->n; i++) {
		k = v->kids[i];
		if (k->type != NODE_SCALAR || is_null(k)) {
			problem(c, k->pos, "\"%s\" must be a list of %s", key,
			    what);
			continue;
		}
		(*out)[*n] = xstrdup(k->s);
		(*pos)[(*n)++] = k->pos;
	}
	return true;
}

/* ---- the id tables ---- */

struct seen {
	char         *id;             /* a copy: items may be dropped */
	struct pb_pos pos;
};

struct seen_list {
	struct seen *items;
	size_t       n;
};

/* Record ID at POS in L, or report it as a duplicate WHAT. */
static bool
seen_add(struct pctx *c, struct seen_list *l, const char *what,
    const char *id, struct pb_pos pos)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->items[i].id, id) == 0) {
			problem(c, pos, "duplicate %s \"%s\" (first at line %d)",
			    what, id, l->items[i].pos.line);
			return false;
		}
	l->items = xreallocarray(l->items, l->n + 1, sizeof *l->items);
	l->items[l->n].id = xstrdup(id);
	l->items[l->n++].pos = pos;
	return true;
}

static void
seen_free(struct seen_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->items[i].id);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* References checked once the whole file is read: variants and channels
 * may be declared after the steps naming them. */
struct ref {
	char         *id;             /* a copy, as in struct seen */
	struct pb_pos pos;
	bool          is_output;
};

struct parse {
	struct pctx      c;
	struct seen_list steps, fields, clocks, outputs, variants;
	struct ref      *refs;
	size_t           n_refs;
	bool            *field_has_ease;   /* per field, in file order */
	struct pb_field **all_fields;
	size_t           n_all;
};

static void
ref_add(struct parse *p, const char *id, struct pb_pos pos, bool is_output)
{
	p->refs = xreallocarray(p->refs, p->n_refs + 1, sizeof *p->refs);
	p->refs[p->n_refs].id = xstrdup(id);
	p->refs[p->n_refs].pos = pos;
	p->refs[p->n_refs++].is_output = is_output;
}

static void
refs_add(struct parse *p, char **ids, const struct pb_pos *pos, size_t n,
    bool is_output)
{
	size_t i;

	for (i = 0; i < n; i++)
		ref_add(p, ids[i], pos[i], is_output);
}

/*
 * The id of list item INDEX (a KIND: "step", "field", ...) of OWNER (NULL
 * at the top), checked and recorded in SEEN; WHAT gets the item's name
 * for messages, and the item's keys are checked against KEYS. False when
 * the item has no usable id.
 */
static bool
item_id(struct parse *p, const struct node *map, const char *kind,
    size_t index, const char *owner, const char *const *keys,
    struct seen_list *seen, char **id, char *what, size_t wn)
{
	struct pctx *c = &p->c;
	const struct node *v = map_get(map, "id");
	char where[224], dup[32];
	bool is_ok = get_text(c, map, "id", id);

	if (*id != NULL)
		snprintf(what, wn, "%s \"%s\"", kind, *id);
	else if (owner != NULL)
		snprintf(what, wn, "%s %zu of %s", kind, index + 1, owner);
	else
		snprintf(what, wn, "%s %zu", kind, index + 1);
	snprintf(where, sizeof where, " in %s", what);
	check_keys(c, map, keys, where);
	if (!is_ok)
		return false;
	if (*id == NULL) {
		problem(c, map->pos, "%s has no \"id\"", what);
		return false;
	}
	if (!id_ok(*id, false)) {
		problem(c, v->pos, "\"id\" must be at most 64 lower-case "
		    "letters, digits, \"-\" or \"_\", starting with a letter; "
		    "not \"%s\"", *id);
		free(*id);
		*id = NULL;
		return false;
	}
	snprintf(dup, sizeof dup, "%s id", kind);
	seen_add(c, seen, dup, *id, v->pos);
	return true;
}

/* ---- options ---- */

static const char *const option_keys[] = { "value", "label", NULL };

/* The options (or checklist items) under KEY of MAP. WHAT names them in
 * messages ("option", "item"). */
static void
parse_options(struct parse *p, const struct node *map, const char *key,
    const char *what, const char *owner, struct pb_option **out, size_t *n)
{
	struct pctx *c = &p->c;
	const struct node *v = map_get(map, key), *o;
	struct seen_list seen = { 0 };
	struct pb_option *opt;
	char where[160], dupwhat[32];
	size_t i;

	*out = NULL;
	*n = 0;
	if (is_null(v))
		return;
	if (v->type != NODE_SEQ) {
		problem(c, v->pos, "\"%s\" must be a list", key);
		return;
	}
	if (v->n == 0)
		return;
	*out = xcalloc(v->n, sizeof **out);
	snprintf(dupwhat, sizeof dupwhat, "%s", what);
	for (i = 0; i < v->n; i++) {
		o = v->kids[i];
		opt = &(*out)[*n];
		if (o->type == NODE_SCALAR && !is_null(o)) {
			opt->value = xstrdup(o->s);
		} else if (o->type == NODE_MAP) {
			snprintf(where, sizeof where, " in %s %zu of %s", what,
			    i + 1, owner);
			check_keys(c, o, option_keys, where);
			if (!get_text(c, o, "value", &opt->value) ||
			    !get_text(c, o, "label", &opt->label))
				goto bad;
			if (opt->value == NULL) {
				problem(c, o->pos, "%s %zu of %s has no "
				    "\"value\"", what, i + 1, owner);
				goto bad;
			}
		} else {
			problem(c, o->pos, "each %s must be text, or a value "
			    "and a label", what);
			continue;
		}
		if (!seen_add(c, &seen, dupwhat, opt->value, o->pos))
			goto bad;
		if (opt->label == NULL)
			opt->label = xstrdup(opt->value);
		(*n)++;
		continue;
bad:
		free(opt->value);
		free(opt->label);
		opt->value = opt->label = NULL;
	}
	seen_free(&seen);
}

/* ---- fields ---- */

static const char *const field_keys[] = {
	"id", "type", "label", "help", "required", "default", "options",
	"max-length", "reading-ease", "warn", "when", "from", "internal",
	"variable", NULL,
};
static const char *const when_keys[] = { "field", "equals", "in", NULL };

static bool
kind_is_text(enum field_kind k)
{
	return k == FIELD_TEXT || k == FIELD_LONG_TEXT || k == FIELD_PLAIN_TEXT;
}

static bool
kind_has_options(enum field_kind k)
{
	return k == FIELD_CHOICE || k == FIELD_MULTI_CHOICE;
}

static void
parse_when(struct pctx *c, const struct node *map, const char *owner,
    struct pb_condition *w)
{
	const struct node *v = map_get(map, "when"), *eq, *in;
	char where[160];
	size_t i;

	if (is_null(v))
		return;
	w->pos = v->pos;
	if (v->type != NODE_MAP) {
		problem(c, v->pos, "\"when\" must be a mapping of \"field\" and "
		    "\"equals\" or \"in\"");
		return;
	}
	snprintf(where, sizeof where, " in \"when\" of %s", owner);
	check_keys(c, v, when_keys, where);
	eq = map_get(v, "equals");
	in = map_get(v, "in");
	if (!get_text(c, v, "field", &w->field))
		return;
	if (w->field == NULL) {
		problem(c, v->pos, "\"when\" of %s has no \"field\"", owner);
		return;
	}
	if ((eq == NULL) == (in == NULL)) {
		problem(c, v->pos, "\"when\" of %s needs one of \"equals\" or "
		    "\"in\"", owner);
		goto bad;
	}
	if (eq != NULL) {
		if (eq->type != NODE_SCALAR) {
			problem(c, eq->pos, "\"equals\" must be text");
			goto bad;
		}
		w->values = xcalloc(1, sizeof *w->values);
		w->values[w->n_values++] = xstrdup(eq->s);
		return;
	}
	if (in->type != NODE_SEQ || in->n == 0) {
		problem(c, in->pos, "\"in\" must be a list of values");
		goto bad;
	}
	w->values = xcalloc(in->n, sizeof *w->values);
	for (i = 0; i < in->n; i++) {
		if (in->kids[i]->type != NODE_SCALAR) {
			problem(c, in->kids[i]->pos, "\"in\" must be a list of "
			    "values");
			goto bad;
		}
		w->values[w->n_values++] = xstrdup(in->kids[i]->s);
	}
	return;
bad:
	for (i = 0; i < w->n_values; i++)
		free(w->values[i]);
	free(w->values);
	w->values = NULL;
	w->n_values = 0;
	free(w->field);
	w->field = NULL;
}

static void
parse_warn(struct pctx *c, const struct node *map, struct pb_field *f)
{
	const struct node *v = map_get(map, "warn"), *k;
	size_t i;

	if (is_null(v))
		return;
	if (v->type != NODE_SEQ) {
		problem(c, v->pos, "\"warn\" must be a list, like [blame]");
		return;
	}
	for (i = 0; i < v->n; i++) {
		k = v->kids[i];
		if (k->type == NODE_SCALAR && strcmp(k->s, "blame") == 0) {
			if (!kind_is_text(f->kind))
				problem(c, k->pos, "\"blame\" warnings are only "
				    "for text, long-text and plain-text fields");
			f->warnings |= PB_WARN_BLAME;
		} else if (k->type == NODE_SCALAR &&
		    strcmp(k->s, "short-notice") == 0) {
			if (f->kind != FIELD_DATETIME)
				problem(c, k->pos, "\"short-notice\" warnings "
				    "are only for datetime fields");
			f->warnings |= PB_WARN_SHORT_NOTICE;
		} else
			problem(c, k->pos, "unknown warning \"%s\" (expected "
			    "blame or short-notice)", k->type == NODE_SCALAR ?
			    k->s : "?");
	}
}

static const char *const source_names[] = {
#define X(id, name) name,
	PB_SOURCE_LIST(X)
#undef X
};

int
pb_source_from_name(const char *name)
{
	int i;

	for (i = 1; name != NULL && i < PB_SOURCE_COUNT; i++)
		if (strcmp(source_names[i], name) == 0)
			return i;
	return -1;
}

const char *
pb_source_name(enum pb_source src)
{
	return (unsigned)src < PB_SOURCE_COUNT ? source_names[src] : NULL;
}

bool
pb_source_fits(enum pb_source src, enum field_kind kind)
{
	switch (src) {
	case PB_FROM_TITLE:
	case PB_FROM_REF:
	case PB_FROM_CYCLE_TITLE:
	case PB_FROM_CYCLE_LATEST:
		return kind == FIELD_TEXT;
	case PB_FROM_SUMMARY:
	case PB_FROM_CYCLE_POST_EOL:
		return kind_is_text(kind);
	case PB_FROM_CVSS:
		return kind == FIELD_CVSS;
	case PB_FROM_SEVERITY:
		return kind == FIELD_TEXT || kind == FIELD_CHOICE;
	case PB_FROM_AWARE_AT:
	case PB_FROM_DISCOVERED_AT:
	case PB_FROM_FIX_AVAILABLE_AT:
	case PB_FROM_CYCLE_EOL:
	case PB_FROM_CYCLE_EXTENDED_END:
		return kind == FIELD_DATETIME;
	case PB_FROM_AFFECTED:
	case PB_FROM_CYCLE_PRODUCT:
		return kind == FIELD_PRODUCTS;
	default:
		return false;
	}
}

bool
pb_source_is_cycle(enum pb_source src)
{
	const char *name = pb_source_name(src);

	return name != NULL && strncmp(name, "cycle.", 6) == 0;
}

/* The field kinds source SRC fits, for messages. */
static const char *
source_kinds(enum pb_source src)
{
	switch (src) {
	case PB_FROM_TITLE:
	case PB_FROM_REF:
	case PB_FROM_CYCLE_TITLE:
	case PB_FROM_CYCLE_LATEST:
		return "text";
	case PB_FROM_SUMMARY:
	case PB_FROM_CYCLE_POST_EOL:
		return "text, long-text or plain-text";
	case PB_FROM_SEVERITY:
		return "text or choice";
	case PB_FROM_CVSS:
		return "cvss";
	case PB_FROM_AFFECTED:
	case PB_FROM_CYCLE_PRODUCT:
		return "products";
	default:
		return "datetime";
	}
}

static bool
is_eol_kind(const char *kind)
{
	return kind != NULL && strcmp(kind, "eol-notice") == 0;
}

/* The sources a "from" of NAME in playbook PB may have meant, joined into
 * LIST: the cycle's facts when NAME or the playbook is about a cycle, the
 * incident's otherwise (both would not fit one message). */
static void
source_list(const struct playbook *pb, const char *name, char *list,
    size_t n)
{
	bool cycle = strncmp(name, "cycle.", 6) == 0 || is_eol_kind(pb->kind);
	size_t used = 0;
	int i;

	list[0] = '\0';
	for (i = 1; i < PB_SOURCE_COUNT && used < n; i++)
		if (pb_source_is_cycle((enum pb_source)i) == cycle)
			used += (size_t)snprintf(list + used, n - used, "%s%s",
			    used > 0 ? ", " : "", source_names[i]);
}

/* A cycle's fact exists only for a communication about a release cycle:
 * every variant of the playbook must be an end-of-life notice. */
static bool
cycle_source_ok(struct pctx *c, const struct node *v, const struct pb_field *f)
{
	const struct playbook *pb = c->pb;
	size_t i;

	if (pb->kind != NULL && !is_eol_kind(pb->kind)) {
		problem(c, v->pos, "field \"%s\": %s is a fact of a release "
		    "cycle, and only an eol-notice is about one; this playbook "
		    "is of kind %s", f->id, v->s, pb->kind);
		return false;
	}
	for (i = 0; i < pb->n_variants; i++)
		if (pb->variants[i].kind != NULL &&
		    !is_eol_kind(pb->variants[i].kind)) {
			problem(c, v->pos, "field \"%s\": %s is a fact of a "
			    "release cycle, and only an eol-notice is about one; "
			    "variant \"%s\" is of kind %s", f->id, v->s,
			    pb->variants[i].id, pb->variants[i].kind);
			return false;
		}
	return true;
}

static void
parse_from(struct pctx *c, const struct node *map, struct pb_field *f)
{
	const struct node *v = map_get(map, "from");
	char list[400];
	int src;

	if (is_null(v))
		return;
	if (v->type != NODE_SCALAR) {
		problem(c, v->pos, "\"from\" must be text, like incident.cvss");
		return;
	}
	if ((src = pb_source_from_name(v->s)) < 0) {
		source_list(c->pb, v->s, list, sizeof list);
		problem(c, v->pos, "unknown source \"%s\" for \"from\" "
		    "(expected one of %s)", v->s, list);
		return;
	}
	if (!pb_source_fits((enum pb_source)src, f->kind)) {
		problem(c, v->pos, "field \"%s\": %s fits a %s field, not %s",
		    f->id, v->s, source_kinds((enum pb_source)src),
		    field_kind_name(f->kind));
		return;
	}
	if (pb_source_is_cycle((enum pb_source)src) && !cycle_source_ok(c, v,
	    f))
		return;
	f->from = (enum pb_source)src;
}

static bool
option_has(const struct pb_field *f, const char *v)
{
	size_t i;

	for (i = 0; i < f->n_options; i++)
		if (strcmp(f->options[i].value, v) == 0)
			return true;
	return false;
}

/* The default of F, checked against its kind and options. */
static void
parse_default(struct pctx *c, const struct node *map, struct pb_field *f)
{
	const struct node *v = map_get(map, "default");
	size_t i, j, len = 0;
	bool is_on;


	if (is_null(v))
		return;
	if (f->kind == FIELD_BOOLEAN) {
		is_on = false;
		if (get_bool(c, map, "default", &is_on))
			f->default_value = xstrdup(is_on ? "yes" : "no");
		return;
	}
	if (f->kind == FIELD_MULTI_CHOICE && v->type == NODE_SEQ) {
		/* Stored as the values, one per line, in option order. */
		for (i = 0; i < v->n; i++)
			if (v->kids[i]->type != NODE_SCALAR ||
			    !option_has(f, v->kids[i]->s)) {
				problem(c, v->kids[i]->pos, "default \"%s\" is "
				    "not an option of field \"%s\"",
				    v->kids[i]->type == NODE_SCALAR ?
				    v->kids[i]->s : "?", f->id);
				return;
			}
		for (j = 0; j < f->n_options; j++)
			len += strlen(f->options[j].value) + 1;
		f->default_value = xcalloc(1, len + 1);
		for (j = 0; j < f->n_options; j++)
			for (i = 0; i < v->n; i++)
				if (strcmp(v->kids[i]->s, f->options[j].value) == 0) {
					if (f->default_value[0] != '\0')
						strcat(f->default_value, "\n");
					strcat(f->default_value,
					    f->options[j].value);
					break;
				}
		return;
	}
	if (v->type != NODE_SCALAR) {
		problem(c, v->pos, "\"default\" must be text");
		return;
	}
	if (kind_has_options(f->kind)) {
		if (!option_has(f, v->s)) {
			problem(c, v->pos, "default \"%s\" is not an option of "
			    "field \"%s\"", v->s, f->id);
			return;
		}
	}
	if (f->max_length > 0 && (long)strlen(v->s) > f->max_length)
		problem(c, v->pos, "default of field \"%s\" is longer than its "
		    "max-length", f->id);
	f->default_value = xstrdup(v->s);
}

static void
field_clear(struct pb_field *f)
{
	size_t i;

	free(f->id);
	free(f->label);
	free(f->help);
	free(f->default_value);
	for (i = 0; i < f->n_options; i++) {
		free(f->options[i].value);
		free(f->options[i].label);
	}
	free(f->options);
	for (i = 0; i < f->when.n_values; i++)
		free(f->when.values[i]);
	free(f->when.values);
	free(f->when.field);
	memset(f, 0, sizeof *f);
}

/* Parse field INDEX of step OWNER from MAP into F; false when it is too
 * broken to keep. */
static bool
parse_field(struct parse *p, const struct node *map, size_t index,
    const char *owner, struct pb_field *f)
{
	struct pctx *c = &p->c;
	const struct node *type, *opts;
	char what[160], *kind = NULL;
	long maxlen = 0;
	int k;

	f->pos = map->pos;
	if (map->type != NODE_MAP) {
		problem(c, map->pos, "field %zu of %s must be a mapping", index + 1,
		    owner);
		return false;
	}
	if (!item_id(p, map, "field", index, owner, field_keys, &p->fields,
	    &f->id, what, sizeof what))
		return false;

	if (!need_text(c, map, "type", what, &kind))
		return false;
	type = map_get(map, "type");
	if ((k = field_kind_from_name(kind)) < 0 || k == FIELD_CHECKLIST) {
		problem(c, type->pos, "unknown field type \"%s\" (expected text, "
		    "long-text, choice, multi-choice, boolean, datetime, "
		    "email-list, url, cve-list, cvss, products or plain-text%s)",
		    kind, k == FIELD_CHECKLIST ? "; a checklist is a step" : "");
		free(kind);
		return false;
	}
	free(kind);
	f->kind = (enum field_kind)k;
	need_text(c, map, "label", what, &f->label);
	get_text(c, map, "help", &f->help);
	get_bool(c, map, "required", &f->is_required);
	get_bool(c, map, "internal", &f->is_internal);
	get_bool(c, map, "variable", &f->is_variable);

	opts = map_get(map, "options");
	if (opts != NULL && !kind_has_options(f->kind))
		problem(c, opts->pos, "\"options\" is only for choice and "
		    "multi-choice fields");
	else if (kind_has_options(f->kind)) {
		parse_options(p, map, "options", "option", what, &f->options,
		    &f->n_options);
		if (f->n_options == 0 && (is_null(opts) ||
		    (opts->type == NODE_SEQ && opts->n == 0)))
			problem(c, opts != NULL ? opts->pos : map->pos,
			    "%s field \"%s\" has no options",
			    field_kind_name(f->kind), f->id);
	}
	if (map_get(map, "max-length") != NULL && !kind_is_text(f->kind))
		problem(c, map_get(map, "max-length")->pos, "\"max-length\" is "
		    "only for text, long-text and plain-text fields");
	else if (get_long(c, map, "max-length", 1, MAX_LENGTH_MAX, &maxlen))
		f->max_length = maxlen;
	if (map_get(map, "reading-ease") != NULL) {
		if (f->kind != FIELD_PLAIN_TEXT)
			problem(c, map_get(map, "reading-ease")->pos,
			    "\"reading-ease\" is only for plain-text fields");
		else if (get_double(c, map, "reading-ease", 0, 100,
		    &f->min_reading_ease))
			p->field_has_ease[p->n_all] = true;
	}
	parse_warn(c, map, f);
	parse_from(c, map, f);
	parse_default(c, map, f);
	parse_when(c, map, what, &f->when);
	return true;
}

/* ---- steps ---- */

static const char *const step_keys[] = {
	"id", "kind", "title", "help", "variants", "fields", "items", "roles",
	"allow-author", "ordered", "pre-approvable", "channels", NULL,
};
static const char *const role_keys[] = { "role", "count", NULL };

/* Keys that belong to one kind of step only. */
static const struct {
	const char        *key;
	enum pb_step_kind  kind;
} step_only[] = {
	{ "fields", PB_STEP_FORM },
	{ "items", PB_STEP_CHECKLIST },
	{ "roles", PB_STEP_GATE },
	{ "allow-author", PB_STEP_GATE },
	{ "ordered", PB_STEP_GATE },
	{ "pre-approvable", PB_STEP_GATE },
	{ "channels", PB_STEP_PUBLISH },
};

static void
note_field(struct parse *p, struct pb_field *f)
{
	p->all_fields = xreallocarray(p->all_fields, p->n_all + 1,
	    sizeof *p->all_fields);
	p->all_fields[p->n_all++] = f;
	p->field_has_ease = xreallocarray(p->field_has_ease, p->n_all + 1,
	    sizeof *p->field_has_ease);
	p->field_has_ease[p->n_all] = false;
}

static void
parse_fields(struct parse *p, const struct node *map, const char *what,
    struct pb_step *st)
{
	const struct node *v = map_get(map, "fields");
	size_t i;

	if (is_null(v) || (v->type == NODE_SEQ && v->n == 0)) {
		problem(&p->c, v != NULL ? v->pos : map->pos, "form %s has no "
		    "fields", what);
		return;
	}
	if (v->type != NODE_SEQ) {
		problem(&p->c, v->pos, "\"fields\" must be a list");
		return;
	}
	st->fields = xcalloc(v->n, sizeof *st->fields);
	for (i = 0; i < v->n; i++) {
		if (parse_field(p, v->kids[i], i, what, &st->fields[st->n_fields]))
			note_field(p, &st->fields[st->n_fields++]);
		else
			field_clear(&st->fields[st->n_fields]);
	}
}

static void
parse_checklist(struct parse *p, const struct node *map, const char *what,
    struct pb_step *st)
{
	const struct node *v = map_get(map, "items");
	struct pb_field *f;

	f = st->fields = xcalloc(1, sizeof *st->fields);
	f->id = xstrdup(st->id);
	f->kind = FIELD_CHECKLIST;
	f->label = xstrdup(st->title != NULL ? st->title : st->id);
	f->help = xstrdup_or_null(st->help);
	f->is_required = true;
	f->pos = map->pos;
	parse_options(p, map, "items", "item", what, &f->options,
	    &f->n_options);
	if (f->n_options == 0 && (v == NULL || is_null(v) ||
	    (v->type == NODE_SEQ && v->n == 0)))
		problem(&p->c, v != NULL ? v->pos : map->pos, "checklist %s has "
		    "no items", what);
	st->n_fields = 1;
	seen_add(&p->c, &p->fields, "field id", f->id, map_get(map, "id")->pos);
	note_field(p, f);
}

static void
parse_roles(struct parse *p, const struct node *map, const char *what,
    struct pb_step *st)
{
	struct pctx *c = &p->c;
	const struct node *v = map_get(map, "roles"), *r;
	const char *const *all = role_names();
	struct seen_list seen = { 0 };
	struct pb_gate_role *g;
	char where[192];
	long count;
	size_t i, j;

	if (is_null(v) || (v->type == NODE_SEQ && v->n == 0)) {
		problem(c, v != NULL ? v->pos : map->pos, "gate %s has no roles",
		    what);
		return;
	}
	if (v->type != NODE_SEQ) {
		problem(c, v->pos, "\"roles\" must be a list");
		return;
	}
	st->roles = xcalloc(v->n, sizeof *st->roles);
	for (i = 0; i < v->n; i++) {
		r = v->kids[i];
		g = &st->roles[st->n_roles];
		g->pos = r->pos;
		g->count = 1;
		count = 1;
		if (r->type == NODE_SCALAR && !is_null(r))
			g->role = xstrdup(r->s);
		else if (r->type == NODE_MAP) {
			snprintf(where, sizeof where, " in role %zu of %s", i + 1,
			    what);
			check_keys(c, r, role_keys, where);
			if (!get_text(c, r, "role", &g->role))
				continue;
			if (g->role == NULL) {
				problem(c, r->pos, "role %zu of %s has no "
				    "\"role\"", i + 1, what);
				continue;
			}
			if (get_long(c, r, "count", 1, COUNT_MAX, &count))
				g->count = (int)count;
		} else {
			problem(c, r->pos, "each role must be a role name, or a "
			    "role and a count");
			continue;
		}
		for (j = 0; all[j] != NULL; j++)
			if (strcmp(all[j], g->role) == 0 &&
			    (strncmp(g->role, "approver:", 9) == 0 ||
			    strcmp(g->role, "sro") == 0))
				break;
		if (all[j] == NULL) {
			problem(c, map_get(r, "role") != NULL ?
			    map_get(r, "role")->pos : r->pos, "unknown role "
			    "\"%s\" (expected approver:legal, approver:pr, "
			    "approver:security or sro)", g->role);
			free(g->role);
			g->role = NULL;
			continue;
		}
		if (!seen_add(c, &seen, "role", g->role, g->pos)) {
			free(g->role);
			g->role = NULL;
			continue;
		}
		st->n_roles++;
	}
	seen_free(&seen);
	get_bool(c, map, "allow-author", &st->allow_author);
	get_bool(c, map, "ordered", &st->is_ordered);
	get_bool(c, map, "pre-approvable", &st->is_preapprovable);
}

static void
parse_publish(struct parse *p, const struct node *map, const char *what,
    struct pb_step *st)
{
	struct pb_pos *pos = NULL;

	get_id_list(&p->c, map, "channels", "output ids", &st->channels,
	    &st->n_channels, &pos);
	if (st->n_channels == 0 && map_get(map, "channels") == NULL)
		problem(&p->c, map->pos, "publish %s has no channels", what);
	refs_add(p, st->channels, pos, st->n_channels, true);
	free(pos);
}

static bool
parse_step(struct parse *p, const struct node *map, size_t index,
    struct pb_step *st)
{
	struct pctx *c = &p->c;
	const struct node *kn, *v;
	struct pb_pos *pos = NULL;
	char what[160], *kind = NULL;
	size_t i;
	int k;

	st->pos = map->pos;
	if (map->type != NODE_MAP) {
		problem(c, map->pos, "step %zu must be a mapping", index + 1);
		return false;
	}
	if (!item_id(p, map, "step", index, NULL, step_keys, &p->steps,
	    &st->id, what, sizeof what))
		return false;
	if (!need_text(c, map, "kind", what, &kind))
		return false;
	kn = map_get(map, "kind");
	if ((k = pb_step_kind_from_name(kind)) < 0) {
		problem(c, kn->pos, "unknown step kind \"%s\" (expected form, "
		    "gate, checklist or publish)", kind);
		free(kind);
		return false;
	}
	free(kind);
	st->kind = (enum pb_step_kind)k;
	need_text(c, map, "title", what, &st->title);
	get_text(c, map, "help", &st->help);
	for (i = 0; i < sizeof step_only / sizeof step_only[0]; i++)
		if ((v = map_get(map, step_only[i].key)) != NULL &&
		    step_only[i].kind != st->kind)
			problem(c, v->pos, "\"%s\" is only for %s steps, and %s "
			    "is a %s step", step_only[i].key,
			    pb_step_kind_name(step_only[i].kind), what,
			    pb_step_kind_name(st->kind));
	get_id_list(c, map, "variants", "variant ids", &st->variants,
	    &st->n_variants, &pos);
	refs_add(p, st->variants, pos, st->n_variants, false);
	free(pos);
	switch (st->kind) {
	case PB_STEP_FORM:
		parse_fields(p, map, what, st);
		break;
	case PB_STEP_CHECKLIST:
		parse_checklist(p, map, what, st);
		break;
	case PB_STEP_GATE:
		parse_roles(p, map, what, st);
		break;
	case PB_STEP_PUBLISH:
		parse_publish(p, map, what, st);
		break;
	default:
		break;
	}
	return true;
}

static void
step_clear(struct pb_step *st)
{
	size_t i;

	free(st->id);
	free(st->title);
	free(st->help);
	for (i = 0; i < st->n_fields; i++)
		field_clear(&st->fields[i]);
	free(st->fields);
	for (i = 0; i < st->n_roles; i++)
		free(st->roles[i].role);
	free(st->roles);
	for (i = 0; i < st->n_channels; i++)
		free(st->channels[i]);
	free(st->channels);
	for (i = 0; i < st->n_variants; i++)
		free(st->variants[i]);
	free(st->variants);
	memset(st, 0, sizeof *st);
}

/* ---- clocks ---- */

static const char *const clock_keys[] = {
	"id", "title", "regime", "clock", "from", "within", "every", "phase",
	"variant", NULL,
};

static bool
regime_name_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || isdigit((unsigned char)
		    s[i]) || s[i] == '-' || s[i] == '_'))
			return false;
	return i > 0 && i <= 64;
}

/* Check that regime CL->regime exists and, when named, has the clock.
 * A regime file that does not load is left to its own checks: only the
 * clock name check is skipped then. */
static void
check_regime(struct pctx *c, const struct node *map, struct pb_clock *cl)
{
	const struct node *rn = map_get(map, "regime"), *cn;
	struct regime *r = NULL;
	char *path = NULL;
	enum status st;

	if (!regime_name_ok(cl->regime) ||
	    paths_find_data("regimes", cl->regime, "yaml", &path, NULL) !=
	    ST_OK) {
		problem(c, rn->pos, "unknown regime \"%s\" (no regimes/%s.yaml "
		    "in the configuration or shipped directory)", cl->regime,
		    cl->regime);
		return;
	}
	free(path);
	if (cl->regime_clock == NULL)
		return;
	cn = map_get(map, "clock");
	st = regime_load(cl->regime, &r, NULL);
	if (st == ST_OK && regime_clock(r, cl->regime_clock) == NULL)
		problem(c, cn->pos, "regime \"%s\" has no clock \"%s\"",
		    cl->regime, cl->regime_clock);
	regime_free(&r);
}

static void
parse_span_key(struct pctx *c, const struct node *map, const char *key,
    struct pb_span *out, bool *has)
{
	const struct node *v = map_get(map, key);
	struct err e = { 0 };

	*has = false;
	if (v == NULL)
		return;
	if (v->type != NODE_SCALAR) {
		problem(c, v->pos, "\"%s\" must be a span of time, like 72h or "
		    "14d", key);
		return;
	}
	if (pb_span_parse(v->s, out, &e) != ST_OK) {
		problem(c, v->pos, "\"%s\": %s", key, e.msg);
		return;
	}
	*has = true;
}

static bool
parse_clock(struct parse *p, const struct node *map, size_t index,
    struct pb_clock *cl)
{
	struct pctx *c = &p->c;
	char what[160];
	bool has_within = false, has_every = false;
	long phase = 1;

	cl->pos = map->pos;
	cl->phase = 1;
	if (map->type != NODE_MAP) {
		problem(c, map->pos, "clock %zu must be a mapping", index + 1);
		return false;
	}
	if (!item_id(p, map, "clock", index, NULL, clock_keys, &p->clocks,
	    &cl->id, what, sizeof what))
		return false;
	get_text(c, map, "title", &cl->title);
	get_text(c, map, "regime", &cl->regime);
	get_text(c, map, "clock", &cl->regime_clock);
	get_text(c, map, "from", &cl->from);
	get_text(c, map, "variant", &cl->variant);
	if (get_long(c, map, "phase", 1, COUNT_MAX, &phase))
		cl->phase = (int)phase;
	parse_span_key(c, map, "within", &cl->within, &has_within);
	parse_span_key(c, map, "every", &cl->every, &has_every);
	if (cl->variant != NULL)
		ref_add(p, cl->variant, map_get(map, "variant")->pos, false);
	if (cl->from != NULL && !vocab_has(clock_froms, cl->from))
		problem(c, map_get(map, "from")->pos, "\"from\" must be "
		    "awareness, discovery, fix-available or started; not "
		    "\"%s\"", cl->from);
	if (cl->regime != NULL) {
		if (cl->from != NULL || map_get(map, "within") != NULL ||
		    map_get(map, "every") != NULL)
			problem(c, map->pos, "%s takes its times from regime "
			    "\"%s\"; give no \"from\", \"within\" or \"every\"",
			    what, cl->regime);
		check_regime(c, map, cl);
	} else if (cl->regime_clock != NULL) {
		problem(c, map_get(map, "clock")->pos, "\"clock\" names a clock "
		    "of a regime; give \"regime\" too");
	} else if (cl->from == NULL && map_get(map, "within") == NULL &&
	    map_get(map, "every") == NULL) {
		problem(c, map->pos, "%s needs \"regime\", or \"from\" with "
		    "\"within\" or \"every\"", what);
	} else if (cl->from == NULL) {
		problem(c, map->pos, "%s has no \"from\"", what);
	} else if (map_get(map, "within") != NULL &&
	    map_get(map, "every") != NULL) {
		problem(c, map->pos, "%s has both \"within\" and \"every\"; "
		    "give one", what);
	} else if (map_get(map, "within") == NULL &&
	    map_get(map, "every") == NULL) {
		problem(c, map->pos, "%s needs \"within\" or \"every\"", what);
	}
	if (cl->title == NULL)
		cl->title = xstrdup(cl->id);
	(void)has_within;
	(void)has_every;
	return true;
}

static void
clock_clear(struct pb_clock *cl)
{
	free(cl->id);
	free(cl->title);
	free(cl->regime);
	free(cl->regime_clock);
	free(cl->from);
	free(cl->variant);
	memset(cl, 0, sizeof *cl);
}

/* ---- outputs and variants ---- */

static const char *const output_keys[] = {
	"id", "format", "title", "template", "variants", NULL,
};
static const char *const variant_keys[] = {
	"id", "title", "kind", "audience", NULL,
};

static bool
parse_output(struct parse *p, const struct node *map, size_t index,
    struct pb_output *o)
{
	struct pctx *c = &p->c;
	struct pb_pos *pos = NULL;
	char what[160], all[256];

	o->pos = map->pos;
	if (map->type != NODE_MAP) {
		problem(c, map->pos, "output %zu must be a mapping", index + 1);
		return false;
	}
	if (!item_id(p, map, "output", index, NULL, output_keys, &p->outputs,
	    &o->id, what, sizeof what))
		return false;
	if (need_text(c, map, "format", what, &o->format) &&
	    !vocab_has(output_formats, o->format))
		problem(c, map_get(map, "format")->pos, "unknown output format "
		    "\"%s\" (expected one of %s)", o->format,
		    vocab_join(output_formats, all, sizeof all));
	get_text(c, map, "title", &o->title);
	get_text(c, map, "template", &o->template);
	if (o->title == NULL)
		o->title = xstrdup(o->id);
	get_id_list(c, map, "variants", "variant ids", &o->variants,
	    &o->n_variants, &pos);
	refs_add(p, o->variants, pos, o->n_variants, false);
	free(pos);
	return true;
}

static void
output_clear(struct pb_output *o)
{
	size_t i;

	free(o->id);
	free(o->format);
	free(o->title);
	free(o->template);
	for (i = 0; i < o->n_variants; i++)
		free(o->variants[i]);
	free(o->variants);
	memset(o, 0, sizeof *o);
}

static void
check_kind_audience(struct pctx *c, const struct node *map,
    const char *kind, const char *audience)
{
	char all[256];

	if (kind != NULL && !vocab_has(communication_kinds(), kind))
		problem(c, map_get(map, "kind")->pos, "unknown communication "
		    "kind \"%s\" (expected one of %s)", kind,
		    vocab_join(communication_kinds(), all, sizeof all));
	if (audience != NULL && !vocab_has(communication_audiences(), audience))
		problem(c, map_get(map, "audience")->pos, "unknown audience "
		    "\"%s\" (expected one of %s)", audience,
		    vocab_join(communication_audiences(), all, sizeof all));
}

static bool
parse_variant(struct parse *p, const struct node *map, size_t index,
    struct pb_variant *va)
{
	struct pctx *c = &p->c;
	char what[160];

	va->pos = map->pos;
	if (map->type != NODE_MAP) {
		problem(c, map->pos, "variant %zu must be a mapping", index + 1);
		return false;
	}
	if (!item_id(p, map, "variant", index, NULL, variant_keys,
	    &p->variants, &va->id, what, sizeof what))
		return false;
	get_text(c, map, "title", &va->title);
	get_text(c, map, "kind", &va->kind);
	get_text(c, map, "audience", &va->audience);
	check_kind_audience(c, map, va->kind, va->audience);
	return true;
}

static void
variant_clear(struct pb_variant *va)
{
	free(va->id);
	free(va->title);
	free(va->kind);
	free(va->audience);
	memset(va, 0, sizeof *va);
}

/* Parse the list under KEY of ROOT with FN into an array of SIZE-byte
 * items; *N counts those kept. */
typedef bool (*parse_item_fn)(struct parse *p, const struct node *map,
    size_t index, void *item);
typedef void (*clear_item_fn)(void *item);

#define ITEM_FNS(name, type) \
static bool \
parse_##name##_item(struct parse *p, const struct node *map, size_t index, \
    void *item) \
{ \
	return parse_##name(p, map, index, (type *)item); \
} \
static void \
name##_clear_item(void *item) \
{ \
	name##_clear((type *)item); \
}
ITEM_FNS(variant, struct pb_variant)
ITEM_FNS(step, struct pb_step)
ITEM_FNS(clock, struct pb_clock)
ITEM_FNS(output, struct pb_output)
#undef ITEM_FNS

static void *
parse_list(struct parse *p, const struct node *root, const char *key,
    size_t size, parse_item_fn fn, clear_item_fn clear, size_t *n)
{
	const struct node *v = map_get(root, key);
	char *items;
	size_t i;

	*n = 0;
	if (is_null(v))
		return NULL;
	if (v->type != NODE_SEQ) {
		problem(&p->c, v->pos, "\"%s\" must be a list", key);
		return NULL;
	}
	if (v->n == 0)
		return NULL;
	items = xcalloc(v->n, size);
	for (i = 0; i < v->n; i++) {
		if (fn(p, v->kids[i], i, items + *n * size))
			(*n)++;
		else
			clear(items + *n * size);
	}
	return items;
}

/* ---- checks over the whole playbook ---- */

static bool
has_variant(const struct playbook *pb, const char *id)
{
	size_t i;

	for (i = 0; i < pb->n_variants; i++)
		if (pb->variants[i].id[0] != '\0' &&
		    strcmp(pb->variants[i].id, id) == 0)
			return true;
	return false;
}

static bool
has_output(const struct playbook *pb, const char *id)
{
	size_t i;

	for (i = 0; i < pb->n_outputs; i++)
		if (strcmp(pb->outputs[i].id, id) == 0)
			return true;
	return false;
}

static void
check_refs(struct parse *p)
{
	const struct playbook *pb = p->c.pb;
	size_t i;

	for (i = 0; i < p->n_refs; i++) {
		if (p->refs[i].is_output && !has_output(pb, p->refs[i].id))
			problem(&p->c, p->refs[i].pos, "channel \"%s\" is not an "
			    "output of this playbook", p->refs[i].id);
		else if (!p->refs[i].is_output && !has_variant(pb,
		    p->refs[i].id))
			problem(&p->c, p->refs[i].pos, "variant \"%s\" is not a "
			    "variant of this playbook", p->refs[i].id);
	}
}

/* A field shows only after the field it depends on, which must be a
 * choice, multi-choice or boolean, compared with its own values. */
static void
check_conditions(struct parse *p)
{
	struct pb_field *f, *g;
	const struct pb_condition *w;
	size_t i, j, k;

	for (i = 0; i < p->n_all; i++) {
		f = p->all_fields[i];
		w = &f->when;
		if (w->field == NULL)
			continue;
		for (j = 0; j < p->n_all; j++)
			if (strcmp(p->all_fields[j]->id, w->field) == 0)
				break;
		if (j == p->n_all) {
			problem(&p->c, w->pos, "\"when\" names field \"%s\", "
			    "which does not exist", w->field);
			continue;
		}
		if (j >= i) {
			problem(&p->c, w->pos, "\"when\" names field \"%s\", "
			    "which %s", w->field, j == i ? "is this field" :
			    "comes later; a condition must name an earlier "
			    "field");
			continue;
		}
		g = p->all_fields[j];
		if (g->kind != FIELD_CHOICE && g->kind != FIELD_MULTI_CHOICE &&
		    g->kind != FIELD_BOOLEAN) {
			problem(&p->c, w->pos, "\"when\" names field \"%s\", a "
			    "%s field; only choice, multi-choice and boolean "
			    "fields can be conditions", w->field,
			    field_kind_name(g->kind));
			continue;
		}
		for (k = 0; k < w->n_values; k++) {
			if (g->kind == FIELD_BOOLEAN ? strcmp(w->values[k],
			    "yes") == 0 || strcmp(w->values[k], "no") == 0 :
			    option_has(g, w->values[k]))
				continue;
			problem(&p->c, w->pos, g->kind == FIELD_BOOLEAN ?
			    "\"when\" value \"%s\" of boolean field \"%s\" must "
			    "be yes or no" : "\"when\" value \"%s\" is not an "
			    "option of field \"%s\"", w->values[k], w->field);
			break;
		}
	}
}

/* ---- the playbook ---- */

static const char *const top_keys[] = {
	"playbook", "version", "title", "description", "kind", "audience",
	"reading-ease", "opens-incident", "variants", "steps", "clocks",
	"outputs", NULL,
};

static void
parse_top(struct parse *p, const struct node *root)
{
	struct pctx *c = &p->c;
	struct playbook *pb = c->pb;
	const struct node *v;
	size_t i;

	check_keys(c, root, top_keys, " at the top level");
	if (need_text(c, root, "playbook", "the playbook", &pb->name) &&
	    !id_ok(pb->name, true))
		problem(c, map_get(root, "playbook")->pos, "\"playbook\" must be "
		    "at most 64 lower-case letters, digits and \"-\", starting "
		    "with a letter; not \"%s\"", pb->name);
	need_text(c, root, "version", "the playbook", &pb->version);
	need_text(c, root, "title", "the playbook", &pb->title);
	get_text(c, root, "description", &pb->description);
	need_text(c, root, "kind", "the playbook", &pb->kind);
	need_text(c, root, "audience", "the playbook", &pb->audience);
	check_kind_audience(c, root, pb->kind, pb->audience);
	pb->reading_ease = 50;
	get_double(c, root, "reading-ease", 0, 100, &pb->reading_ease);
	get_bool(c, root, "opens-incident", &pb->opens_incident);

	v = map_get(root, "variants");
	pb->variants = parse_list(p, root, "variants", sizeof *pb->variants,
	    parse_variant_item, variant_clear_item,
	    &pb->n_variants);
	if (v != NULL && v->type == NODE_SEQ && v->n == 0)
		problem(c, v->pos, "\"variants\" must list at least one variant");
	pb->steps = parse_list(p, root, "steps", sizeof *pb->steps,
	    parse_step_item, step_clear_item,
	    &pb->n_steps);
	v = map_get(root, "steps");
	if (v == NULL || (v->type == NODE_SEQ && v->n == 0) || is_null(v))
		problem(c, v != NULL ? v->pos : root->pos, "the playbook has no "
		    "steps");
	pb->clocks = parse_list(p, root, "clocks", sizeof *pb->clocks,
	    parse_clock_item, clock_clear_item,
	    &pb->n_clocks);
	pb->outputs = parse_list(p, root, "outputs", sizeof *pb->outputs,
	    parse_output_item, output_clear_item,
	    &pb->n_outputs);

	check_refs(p);
	check_conditions(p);
	for (i = 0; i < p->n_all; i++)
		if (p->all_fields[i]->kind == FIELD_PLAIN_TEXT &&
		    !p->field_has_ease[i])
			p->all_fields[i]->min_reading_ease = pb->reading_ease;
}

/* Give variants the playbook's kind, audience and title where they say
 * none, or make the one variant a playbook without variants has. */
static void
fill_variants(struct playbook *pb, struct pb_pos pos)
{
	struct pb_variant *va;
	size_t i;

	if (pb->n_variants == 0) {
		free(pb->variants);
		pb->variants = xcalloc(1, sizeof *pb->variants);
		pb->variants[0].id = xstrdup("");
		pb->variants[0].pos = pos;
		pb->n_variants = 1;
	}
	for (i = 0; i < pb->n_variants; i++) {
		va = &pb->variants[i];
		if (va->title == NULL)
			va->title = xstrdup_or_null(pb->title);
		if (va->kind == NULL)
			va->kind = xstrdup_or_null(pb->kind);
		if (va->audience == NULL)
			va->audience = xstrdup_or_null(pb->audience);
	}
}

enum status
playbook_parse(const char *text, size_t len, const char *source,
    struct playbook **out, struct pb_problems *problems, struct err *err)
{
	struct pb_problems mine = { 0 };
	struct parse p = { 0 };
	struct playbook *pb;
	struct node *root = NULL;
	struct pb_pos pos;
	enum status st = ST_OK;
	size_t i;

	*out = NULL;
	if (problems == NULL)
		problems = &mine;
	pb_problems_clear(problems);
	if (source == NULL)
		source = "playbook";
	pb = xcalloc(1, sizeof *pb);
	p.c.source = source;
	p.c.pr = problems;
	p.c.pb = pb;
	p.field_has_ease = xcalloc(1, sizeof *p.field_has_ease);
	pb->source = xstrdup(source);
	pb->text = xstrndup(text, len);
	hash_sha256_hex(text, len, pb->hash);

	if (find_bad_utf8(text, len, &pos))
		problem(&p.c, pos, "not valid UTF-8: a playbook must be UTF-8 "
		    "text");
	else if (memchr(text, '\0', len) != NULL)
		problem(&p.c, (struct pb_pos){ 1, 1 }, "the file holds a NUL "
		    "byte: a playbook must be text");
	else if (is_blank_text(text, len))
		problem(&p.c, (struct pb_pos){ 1, 1 }, "empty file: a playbook "
		    "is a mapping of keys to values");
	else if ((root = tree_read(&p.c, text, len)) == NULL) {
		if (problems->n == 0)
			problem(&p.c, (struct pb_pos){ 1, 1 }, "empty file: a "
			    "playbook is a mapping of keys to values");
	} else if (is_null(root)) {
		problem(&p.c, (struct pb_pos){ 1, 1 }, "empty file: a playbook "
		    "is a mapping of keys to values");
	} else if (root->type != NODE_MAP) {
		problem(&p.c, root->pos, "a playbook must be a mapping of keys "
		    "to values");
	} else {
		parse_top(&p, root);
		fill_variants(pb, root->pos);
	}

	if (problems->n > 0) {
		st = err_set(err, ST_INVALID, "%s:%d:%d: %s", source,
		    problems->items[0].pos.line, problems->items[0].pos.col,
		    problems->items[0].message);
		playbook_free(&pb);
	}
	*out = pb;
	node_free(root);
	seen_free(&p.steps);
	seen_free(&p.fields);
	seen_free(&p.clocks);
	seen_free(&p.outputs);
	seen_free(&p.variants);
	for (i = 0; i < p.n_refs; i++)
		free(p.refs[i].id);
	free(p.refs);
	free(p.field_has_ease);
	free(p.all_fields);
	pb_problems_clear(&mine);
	return st;
}

enum status
playbook_load_file(const char *path, struct playbook **out,
    struct pb_problems *problems, struct err *err)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, room = 0, n;
	enum status st;

	*out = NULL;
	if (problems != NULL)
		pb_problems_clear(problems);
	if ((f = fopen(path, "rb")) == NULL)
		return err_set(err, errno == ENOENT ? ST_NOTFOUND : ST_IO,
		    "%s: %s", path, strerror(errno));
	for (;;) {
		if (len == room) {
			if (room >= (size_t)16 << 20) {
				fclose(f);
				free(buf);
				return err_set(err, ST_INVALID, "%s: too big for "
				    "a playbook (over 16 MiB)", path);
			}
			room = room * 2 + 8192;
			buf = xreallocarray(buf, room, 1);
		}
		n = fread(buf + len, 1, room - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		st = err_set(err, ST_IO, "%s: %s", path, strerror(errno));
		fclose(f);
		free(buf);
		return st;
	}
	fclose(f);
	st = playbook_parse(buf, len, path, out, problems, err);
	free(buf);
	return st;
}

void
playbook_free(struct playbook **pbp)
{
	struct playbook *pb;
	size_t i;

	if (pbp == NULL || (pb = *pbp) == NULL)
		return;
	for (i = 0; i < pb->n_variants; i++)
		variant_clear(&pb->variants[i]);
	free(pb->variants);
	for (i = 0; i < pb->n_steps; i++)
		step_clear(&pb->steps[i]);
	free(pb->steps);
	for (i = 0; i < pb->n_clocks; i++)
		clock_clear(&pb->clocks[i]);
	free(pb->clocks);
	for (i = 0; i < pb->n_outputs; i++)
		output_clear(&pb->outputs[i]);
	free(pb->outputs);
	free(pb->name);
	free(pb->version);
	free(pb->title);
	free(pb->description);
	free(pb->kind);
	free(pb->audience);
	free(pb->source);
	free(pb->text);
	free(pb);
	*pbp = NULL;
}

/* ---- finding playbooks ---- */

enum status
playbook_find(const char *name, char **path, struct err *err)
{
	*path = NULL;
	if (!id_ok(name, true))
		return err_set(err, ST_NOTFOUND, "no playbook named \"%s\": a "
		    "playbook's name is lower-case letters, digits and \"-\"",
		    name != NULL ? name : "");
	return paths_find_data("playbooks", name, "yaml", path, err);
}

enum status
playbook_names(char ***names, struct err *err)
{
	return paths_list_data("playbooks", "yaml", names, err);
}

void
playbook_names_free(char **names)
{
	paths_names_free(names);
}

/* ---- lookups ---- */

const struct pb_step *
playbook_step(const struct playbook *pb, const char *id)
{
	size_t i;

	for (i = 0; pb != NULL && id != NULL && i < pb->n_steps; i++)
		if (strcmp(pb->steps[i].id, id) == 0)
			return &pb->steps[i];
	return NULL;
}

const struct pb_field *
playbook_field(const struct playbook *pb, const char *id,
    const struct pb_step **step)
{
	size_t i, j;

	if (step != NULL)
		*step = NULL;
	for (i = 0; pb != NULL && id != NULL && i < pb->n_steps; i++)
		for (j = 0; j < pb->steps[i].n_fields; j++)
			if (strcmp(pb->steps[i].fields[j].id, id) == 0) {
				if (step != NULL)
					*step = &pb->steps[i];
				return &pb->steps[i].fields[j];
			}
	return NULL;
}

const struct pb_variant *
playbook_variant(const struct playbook *pb, const char *id)
{
	size_t i;

	for (i = 0; pb != NULL && id != NULL && i < pb->n_variants; i++)
		if (strcmp(pb->variants[i].id, id) == 0)
			return &pb->variants[i];
	return NULL;
}

char *
playbook_variants_join(const struct playbook *pb, bool is_kind, char *buf,
    size_t n)
{
	const struct pb_variant *v;
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < pb->n_variants && len < n; i++) {
		v = &pb->variants[i];
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
		    i > 0 ? ", " : "", is_kind ? v->kind : v->id);
	}
	return buf;
}

static bool
in_list(char *const *list, size_t n, const char *variant)
{
	size_t i;

	if (n == 0 || variant == NULL || variant[0] == '\0')
		return true;
	for (i = 0; i < n; i++)
		if (strcmp(list[i], variant) == 0)
			return true;
	return false;
}

bool
playbook_step_in_variant(const struct pb_step *step, const char *variant)
{
	return in_list(step->variants, step->n_variants, variant);
}

bool
playbook_output_in_variant(const struct pb_output *o, const char *variant)
{
	return in_list(o->variants, o->n_variants, variant);
}

static const char *const step_kind_names[] = {
#define X(id, name, help) name,
	PB_STEP_KIND_LIST(X)
#undef X
};

int
pb_step_kind_from_name(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < PB_STEP_KIND_COUNT; i++)
		if (strcmp(step_kind_names[i], name) == 0)
			return i;
	return -1;
}

const char *
pb_step_kind_name(enum pb_step_kind kind)
{
	return (unsigned)kind < PB_STEP_KIND_COUNT ? step_kind_names[kind] :
	    NULL;
}

/* ---- spans ---- */

static const struct {
	const char *unit;
	long        minutes;        /* 0: a calendar month */
} span_units[] = {
	{ "m", 1 }, { "min", 1 }, { "mins", 1 }, { "minute", 1 },
	{ "minutes", 1 },
	{ "h", 60 }, { "hour", 60 }, { "hours", 60 },
	{ "d", 1440 }, { "day", 1440 }, { "days", 1440 },
	{ "w", 10080 }, { "week", 10080 }, { "weeks", 10080 },
	{ "month", 0 }, { "months", 0 },
};

enum status
pb_span_parse(const char *s, struct pb_span *out, struct err *err)
{
	const char *p = s, *u;
	struct pb_span span = { 0, 0 };
	long n;
	size_t i, ulen;
	int terms = 0;

	if (s == NULL)
		return err_set(err, ST_INVALID, "no span given");
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (!isdigit((unsigned char)*p))
			goto bad;
		for (n = 0; isdigit((unsigned char)*p); p++) {
			n = n * 10 + (*p - '0');
			if (n > SPAN_NUMBER_MAX)
				goto bad;
		}
		while (*p == ' ')
			p++;
		for (u = p; isalpha((unsigned char)*p); p++)
			;
		ulen = (size_t)(p - u);
		for (i = 0; i < sizeof span_units / sizeof span_units[0]; i++)
			if (strlen(span_units[i].unit) == ulen &&
			    strncmp(span_units[i].unit, u, ulen) == 0)
				break;
		if (ulen == 0 || i == sizeof span_units / sizeof span_units[0])
			goto bad;
		if (span_units[i].minutes == 0)
			span.months += (int)n;
		else
			span.minutes += n * span_units[i].minutes;
		if (span.months > (int)SPAN_NUMBER_MAX ||
		    span.minutes > SPAN_NUMBER_MAX * 10080L)
			goto bad;
		terms++;
	}
	if (terms == 0 || (span.months == 0 && span.minutes == 0))
		goto bad;
	*out = span;
	return ST_OK;
bad:
	return err_set(err, ST_INVALID, "\"%s\" is not a span of time; write "
	    "a number and a unit, like 30m, 72h, 14d, 2w or 1 month", s);
}

char *
pb_span_format(const struct pb_span *span, char *buf, size_t n)
{
	size_t len = 0;
	long m = span->minutes;

	buf[0] = '\0';
	if (span->months > 0)
		len = (size_t)snprintf(buf, n, "%d month%s", span->months,
		    span->months == 1 ? "" : "s");
	if (len >= n)
		return buf;
	if (m == 0) {
		if (span->months == 0)
			snprintf(buf, n, "0 min");
		return buf;
	}
	if (len > 0)
		len += (size_t)snprintf(buf + len, n - len, " ");
	if (len >= n)
		return buf;
	/* Days only when hours would be long: 72 h stays 72 h, 14 d is 14 d. */
	if (m % 1440 == 0 && m / 60 > 72)
		snprintf(buf + len, n - len, "%ld d", m / 1440);
	else if (m % 60 == 0)
		snprintf(buf + len, n - len, "%ld h", m / 60);
	else if (m > 60)
		snprintf(buf + len, n - len, "%ld h %ld min", m / 60, m % 60);
	else
		snprintf(buf + len, n - len, "%ld min", m);
	return buf;
}
