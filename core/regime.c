/* core/regime.c - reads regulatory regimes and the vendor's severity table
 * from their YAML files, refusing anything it does not know. */
#include "config.h"

#include "core/regime.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "core/incident.h"
#include "core/paths.h"
#include "util/xalloc.h"

static const char *const froms[] = {
	"awareness", "discovery", "fix-available", "started", NULL,
};
static const char *const audiences[] = {
	"public", "customers", "regulator", "internal", NULL,
};

struct rctx {
	const char      *source;
	yaml_document_t *doc;
	struct err      *err;
};

static enum status
fail_at(const struct rctx *c, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ST_INVALID with "SOURCE:LINE:COL: message" for node N. */
static enum status
fail_at(const struct rctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(c->err, ST_INVALID, "%s:%d:%d: %s", c->source,
	    (int)n->start_mark.line + 1, (int)n->start_mark.column + 1, msg);
}

static yaml_node_t *
node(const struct rctx *c, int i)
{
	return yaml_document_get_node(c->doc, i);
}

/* The text of scalar N into *OUT (allocated), refusing other kinds. */
static enum status
get_text(const struct rctx *c, const char *key, const yaml_node_t *n,
    char **out)
{
	if (n->type != YAML_SCALAR_NODE)
		return fail_at(c, n, "%s: expected text", key);
	if (n->data.scalar.length == 0)
		return fail_at(c, n, "%s: must not be empty", key);
	if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
		return fail_at(c, n, "%s: contains a NUL byte", key);
	free(*out);
	*out = xstrdup((const char *)n->data.scalar.value);
	return ST_OK;
}

static bool
is_name(const char *s)
{
	if (!islower((unsigned char)*s))
		return false;
	for (s++; *s != '\0'; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '-')
			return false;
	return true;
}

static enum status
get_choice(const struct rctx *c, const char *key, const yaml_node_t *n,
    const char *const *list, char **out)
{
	char all[256];
	enum status st;

	if ((st = get_text(c, key, n, out)) != ST_OK)
		return st;
	if (!vocab_has(list, *out))
		return fail_at(c, n, "%s: %s is not one of %s", key, *out,
		    vocab_join(list, all, sizeof all));
	return ST_OK;
}

static enum status
get_span(const struct rctx *c, const char *key, const yaml_node_t *n,
    struct pb_span *out)
{
	struct err why = { 0 };
	char *text = NULL;
	enum status st;

	if ((st = get_text(c, key, n, &text)) != ST_OK)
		return st;
	if (pb_span_parse(text, out, &why) != ST_OK)
		st = fail_at(c, n, "%s: %s", key, why.msg);
	free(text);
	return st;
}

static enum status
get_phase(const struct rctx *c, const yaml_node_t *n, int *out)
{
	const char *v;
	char *end;
	long p;

	if (n->type != YAML_SCALAR_NODE)
		return fail_at(c, n, "phase: expected a number");
	v = (const char *)n->data.scalar.value;
	errno = 0;
	p = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || p < 1 || p > 99)
		return fail_at(c, n, "phase: expected a revision number from 1 "
		    "to 99, not \"%s\"", v);
	*out = (int)p;
	return ST_OK;
}

static enum status
get_severities(const struct rctx *c, const yaml_node_t *n,
    struct regime_clock *rc)
{
	yaml_node_item_t *it;
	enum status st;
	size_t k;

	if (n->type != YAML_SEQUENCE_NODE)
		return fail_at(c, n, "severities: expected a list, like "
		    "[high, critical]");
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		rc->severities = xreallocarray(rc->severities,
		    rc->n_severities + 1, sizeof *rc->severities);
		rc->severities[rc->n_severities] = NULL;
		if ((st = get_choice(c, "severities", node(c, *it),
		    incident_severities(), &rc->severities[rc->n_severities++]))
		    != ST_OK)
			return st;
		for (k = 0; k + 1 < rc->n_severities; k++)
			if (strcmp(rc->severities[k],
			    rc->severities[rc->n_severities - 1]) == 0)
				return fail_at(c, node(c, *it), "severities: "
				    "%s is listed twice", rc->severities[k]);
	}
	if (rc->n_severities == 0)
		return fail_at(c, n, "severities: an empty list; leave the key "
		    "out for every severity");
	return ST_OK;
}

/* Whether KEY was already seen in mapping N before PAIR. */
static bool
is_repeated(const struct rctx *c, const yaml_node_t *n,
    const yaml_node_pair_t *pair)
{
	const yaml_node_pair_t *p;
	const yaml_node_t *a, *b = node(c, pair->key);

	for (p = n->data.mapping.pairs.start; p < pair; p++) {
		a = node(c, p->key);
		if (a->type == YAML_SCALAR_NODE && b->type == YAML_SCALAR_NODE &&
		    strcmp((char *)a->data.scalar.value,
		    (char *)b->data.scalar.value) == 0)
			return true;
	}
	return false;
}

/* The key of PAIR as text, after the checks every mapping shares. */
static enum status
pair_key(const struct rctx *c, const yaml_node_t *map,
    const yaml_node_pair_t *pair, const char **key)
{
	const yaml_node_t *k = node(c, pair->key);

	if (k->type != YAML_SCALAR_NODE)
		return fail_at(c, k, "expected a key");
	*key = (const char *)k->data.scalar.value;
	if (is_repeated(c, map, pair))
		return fail_at(c, k, "%s: given twice", *key);
	return ST_OK;
}

static enum status
parse_clock(const struct rctx *c, const yaml_node_t *n, struct regime_clock *rc)
{
	const yaml_node_pair_t *pair;
	const yaml_node_t *v;
	const char *key;
	bool has_within = false;
	enum status st = ST_OK;

	if (n->type != YAML_MAPPING_NODE)
		return fail_at(c, n, "a clock: expected a mapping with id, title, "
		    "from and within");
	rc->phase = 1;
	for (pair = n->data.mapping.pairs.start;
	    st == ST_OK && pair < n->data.mapping.pairs.top; pair++) {
		if ((st = pair_key(c, n, pair, &key)) != ST_OK)
			break;
		v = node(c, pair->value);
		if (strcmp(key, "id") == 0) {
			if ((st = get_text(c, key, v, &rc->id)) == ST_OK &&
			    !is_name(rc->id))
				st = fail_at(c, v, "id: %s: use lower-case "
				    "letters, digits and '-', starting with a "
				    "letter", rc->id);
		} else if (strcmp(key, "title") == 0)
			st = get_text(c, key, v, &rc->title);
		else if (strcmp(key, "from") == 0)
			st = get_choice(c, key, v, froms, &rc->from);
		else if (strcmp(key, "within") == 0) {
			st = get_span(c, key, v, &rc->within);
			has_within = true;
		} else if (strcmp(key, "severities") == 0)
			st = get_severities(c, v, rc);
		else if (strcmp(key, "audience") == 0)
			st = get_choice(c, key, v, audiences, &rc->audience);
		else if (strcmp(key, "basis") == 0)
			st = get_text(c, key, v, &rc->basis);
		else if (strcmp(key, "phase") == 0)
			st = get_phase(c, v, &rc->phase);
		else
			st = fail_at(c, node(c, pair->key), "unknown key %s in "
			    "a clock (expected id, title, from, within, "
			    "severities, audience, basis, phase)", key);
	}
	if (st != ST_OK)
		return st;
	if (rc->id == NULL)
		return fail_at(c, n, "a clock needs an id");
	if (rc->title == NULL)
		return fail_at(c, n, "clock %s needs a title", rc->id);
	if (rc->from == NULL)
		return fail_at(c, n, "clock %s needs from (awareness, discovery, "
		    "fix-available or started)", rc->id);
	if (!has_within)
		return fail_at(c, n, "clock %s needs within (like 72h)", rc->id);
	return ST_OK;
}

static enum status
parse_clocks(const struct rctx *c, const yaml_node_t *n, struct regime *r)
{
	yaml_node_item_t *it;
	struct regime_clock *rc;
	enum status st;
	size_t k;

	if (n->type != YAML_SEQUENCE_NODE)
		return fail_at(c, n, "clocks: expected a list of clocks");
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		r->clocks = xreallocarray(r->clocks, r->n_clocks + 1,
		    sizeof *r->clocks);
		rc = &r->clocks[r->n_clocks++];
		memset(rc, 0, sizeof *rc);
		if ((st = parse_clock(c, node(c, *it), rc)) != ST_OK)
			return st;
		for (k = 0; k + 1 < r->n_clocks; k++)
			if (strcmp(r->clocks[k].id, rc->id) == 0)
				return fail_at(c, node(c, *it), "clock %s is "
				    "defined twice", rc->id);
	}
	if (r->n_clocks == 0)
		return fail_at(c, n, "clocks: a regime needs at least one clock");
	return ST_OK;
}

static enum status
parse_root(const struct rctx *c, const yaml_node_t *n, struct regime *r)
{
	const yaml_node_pair_t *pair;
	const yaml_node_t *v;
	const char *key;
	bool has_clocks = false;
	enum status st = ST_OK;

	if (n->type != YAML_MAPPING_NODE)
		return fail_at(c, n, "expected a mapping with regime, title and "
		    "clocks");
	for (pair = n->data.mapping.pairs.start;
	    st == ST_OK && pair < n->data.mapping.pairs.top; pair++) {
		if ((st = pair_key(c, n, pair, &key)) != ST_OK)
			break;
		v = node(c, pair->value);
		if (strcmp(key, "regime") == 0) {
			if ((st = get_text(c, key, v, &r->name)) == ST_OK &&
			    !is_name(r->name))
				st = fail_at(c, v, "regime: %s: use lower-case "
				    "letters, digits and '-', starting with a "
				    "letter", r->name);
		} else if (strcmp(key, "title") == 0)
			st = get_text(c, key, v, &r->title);
		else if (strcmp(key, "source") == 0)
			st = get_text(c, key, v, &r->source);
		else if (strcmp(key, "clocks") == 0) {
			st = parse_clocks(c, v, r);
			has_clocks = true;
		} else
			st = fail_at(c, node(c, pair->key), "unknown key %s "
			    "(expected regime, title, source, clocks)", key);
	}
	if (st != ST_OK)
		return st;
	if (r->name == NULL)
		return fail_at(c, n, "a regime needs its name (regime: gdpr)");
	if (r->title == NULL)
		return fail_at(c, n, "regime %s needs a title", r->name);
	if (!has_clocks)
		return fail_at(c, n, "regime %s needs clocks", r->name);
	return ST_OK;
}

enum status
regime_parse(const char *text, size_t len, const char *source,
    struct regime **out, struct err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct rctx c = { source, &doc, err };
	struct regime *r;
	yaml_node_t *root;
	enum status st;

	*out = NULL;
	if (!yaml_parser_initialize(&parser))
		return err_set(err, ST_NOMEM, "%s: cannot start the YAML "
		    "parser", source);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		st = err_set(err, ST_INVALID, "%s:%d:%d: %s%s%s", source,
		    (int)parser.problem_mark.line + 1,
		    (int)parser.problem_mark.column + 1,
		    parser.problem != NULL ? parser.problem : "malformed YAML",
		    parser.context != NULL ? " " : "",
		    parser.context != NULL ? parser.context : "");
		yaml_parser_delete(&parser);
		return st;
	}
	r = xcalloc(1, sizeof *r);
	if ((root = yaml_document_get_root_node(&doc)) == NULL)
		st = err_set(err, ST_INVALID, "%s:1:1: the file is empty",
		    source);
	else
		st = parse_root(&c, root, r);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (st != ST_OK)
		regime_free(&r);
	*out = r;
	return st;
}

/* Read the whole of PATH into *TEXT (allocated) and *LEN. */
static enum status
read_all(const char *path, char **text, size_t *len, struct err *err)
{
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	FILE *f;
	enum status st = ST_OK;

	if ((f = fopen(path, "r")) == NULL)
		return err_set(err, ST_IO, "%s: %s", path, strerror(errno));
	do {
		if (n + 4096 > cap) {
			cap = cap == 0 ? 8192 : cap * 2;
			if (cap > 1 << 20) {
				st = err_set(err, ST_INVALID, "%s: larger than "
				    "1 MiB", path);
				break;
			}
			buf = xreallocarray(buf, cap, 1);
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (st == ST_OK && ferror(f))
		st = err_set(err, ST_IO, "%s: %s", path, strerror(errno));
	fclose(f);
	if (st != ST_OK) {
		free(buf);
		return st;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return ST_OK;
}

enum status
regime_load(const char *name, struct regime **out, struct err *err)
{
	char *path = NULL, *text = NULL;
	size_t len = 0;
	enum status st;

	*out = NULL;
	if (name == NULL || !is_name(name))
		return err_set(err, ST_INVALID, "\"%s\" is not a regime name "
		    "(like gdpr, nis2, vendor)", name != NULL ? name : "");
	if ((st = paths_find_data("regimes", name, "yaml", &path, err)) != ST_OK)
		return st;
	if ((st = read_all(path, &text, &len, err)) != ST_OK)
		goto end;
	if ((st = regime_parse(text, len, path, out, err)) != ST_OK)
		goto end;
	/* A copy renamed without its key would silently stand in for
	 * another regime. */
	if (strcmp((*out)->name, name) != 0) {
		st = err_set(err, ST_INVALID, "%s: says regime: %s; the file of "
		    "regime %s must say regime: %s", path, (*out)->name, name,
		    name);
		regime_free(out);
	}
end:
	free(text);
	free(path);
	return st;
}

void
regime_free(struct regime **rp)
{
	struct regime *r;
	struct regime_clock *rc;
	size_t i, k;

	if (rp == NULL || (r = *rp) == NULL)
		return;
	for (i = 0; i < r->n_clocks; i++) {
		rc = &r->clocks[i];
		free(rc->id);
		free(rc->title);
		free(rc->from);
		for (k = 0; k < rc->n_severities; k++)
			free(rc->severities[k]);
		free(rc->severities);
		free(rc->audience);
		free(rc->basis);
	}
	free(r->clocks);
	free(r->name);
	free(r->title);
	free(r->source);
	free(r);
	*rp = NULL;
}

const struct regime_clock *
regime_clock(const struct regime *r, const char *id)
{
	size_t i;

	for (i = 0; r != NULL && id != NULL && i < r->n_clocks; i++)
		if (strcmp(r->clocks[i].id, id) == 0)
			return &r->clocks[i];
	return NULL;
}
