/* core/mustache.c - Mustache templates rendered against JSON data: a parser
 * builds a tree of nodes, applying the specification's standalone-line
 * rules as it goes, and a walker renders the tree with a stack of
 * contexts. Partials are parsed once per render and kept in a cache. */
#include "config.h"

#include "core/mustache.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "util/xalloc.h"

#define DELIM_MAX         16  /* the longest delimiter {{=A B=}} may set */
#define NEST_MAX          64  /* sections nested in one template */
#define PARTIAL_DEPTH_MAX 32  /* partials nested while rendering */
#define NAME_SHOW         60  /* bytes of a tag name quoted in a message */

enum node_kind {
	N_TEXT,         /* bytes of the template, as they are */
	N_VAR,          /* {{name}}: escaped */
	N_RAW,          /* {{{name}}} and {{&name}} */
	N_SECTION,      /* {{#name}}...{{/name}} */
	N_INVERTED,     /* {{^name}}...{{/name}} */
	N_PARTIAL,      /* {{>name}} */
};

struct node {
	enum node_kind  kind;
	size_t          off;     /* TEXT: its first byte; others: the tag's */
	size_t          len;     /* TEXT only */
	char           *name;
	char           *indent;  /* PARTIAL on a line of its own: the line's
	                          * leading whitespace, for every line of it */
	struct node    *kids;    /* SECTION, INVERTED */
	struct node    *next;
};

/* A parsed template. COL_SHIFT is the indentation added in front of each
 * line of a partial, taken off columns again in messages. */
struct tmpl {
	const char  *src;
	size_t       len;
	const char  *source;
	size_t       col_shift;
	struct node *root;
};

struct parser {
	struct tmpl *t;
	size_t       pos;            /* where the next tag is looked for */
	size_t       text_start;     /* text not yet made a node starts here */
	char         open[DELIM_MAX + 1], close[DELIM_MAX + 1];
	size_t       olen, clen;
	struct node *sec[NEST_MAX];  /* the open sections, outermost first */
	struct node **tail[NEST_MAX + 1];
	int          depth;
	struct err  *err;
};

/* A partial as looked up for one indentation; IS_MISSING when the look-up
 * found nothing (it renders as nothing). */
struct pcache {
	char          *name;
	char          *indent;
	char          *text;
	char          *source;
	bool           is_missing;
	struct tmpl    t;
	struct pcache *next;
};

struct render {
	const struct mustache_opts *o;
	struct textbuf              out;
	const json_t              **stack;
	size_t                      n, cap;
	int                         depth;
	struct pcache              *cache;
	struct err                 *err;
};

static enum status render_nodes(struct render *r, const struct tmpl *t,
    const struct node *n);

/* --- small helpers ----------------------------------------------------- */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_space(char c)
{
	return is_blank(c) || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* The line and column (1-based, in characters) of byte OFF of T. */
static void
where(const struct tmpl *t, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < t->len; i++)
		if (t->src[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)t->src[i] & 0xc0) != 0x80)
			(*col)++;
	if ((size_t)*col > t->col_shift)
		*col -= (int)t->col_shift;
}

/* ST_INVALID with "SOURCE:LINE:COL: message" for byte OFF of T. */
static enum status
tmpl_error(const struct tmpl *t, size_t off, struct err *err,
    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum status
tmpl_error(const struct tmpl *t, size_t off, struct err *err,
    const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	where(t, off, &line, &col);
	return err_set(err, ST_INVALID, "%s:%d:%d: %s", t->source, line, col,
	    msg);
}

static void
nodes_free(struct node *n)
{
	struct node *next;

	for (; n != NULL; n = next) {
		next = n->next;
		nodes_free(n->kids);
		free(n->name);
		free(n->indent);
		free(n);
	}
}

/* --- parsing ----------------------------------------------------------- */

static struct node *
node_add(struct parser *p, enum node_kind kind, size_t off)
{
	struct node *n = xcalloc(1, sizeof *n);

	n->kind = kind;
	n->off = off;
	*p->tail[p->depth] = n;
	p->tail[p->depth] = &n->next;
	return n;
}

static void
text_add(struct parser *p, size_t from, size_t to)
{
	struct node *n;

	if (to <= from)
		return;
	n = node_add(p, N_TEXT, from);
	n->len = to - from;
}

/*
 * Check the tag name S (N bytes, trimmed) of the tag at OFF: not empty,
 * no spaces, and for a variable or section either "." or names joined by
 * single dots (IS_DOTTED); a partial's name is only checked for spaces.
 */
static enum status
name_check(struct parser *p, size_t off, const char *s, size_t n,
    bool is_dotted)
{
	int shown = (int)(n < NAME_SHOW ? n : NAME_SHOW);
	size_t i;

	if (n == 0)
		return tmpl_error(p->t, off, p->err, "tag has no name");
	for (i = 0; i < n; i++)
		if (is_space(s[i]))
			return tmpl_error(p->t, off, p->err, "tag name \"%.*s\" "
			    "has a space in it", shown, s);
	if (!is_dotted || (n == 1 && s[0] == '.'))
		return ST_OK;
	if (s[0] == '.' || s[n - 1] == '.' || memmem(s, n, "..", 2) != NULL)
		return tmpl_error(p->t, off, p->err, "tag name \"%.*s\": use "
		    "\".\" alone or names joined by single dots", shown, s);
	return ST_OK;
}

/* {{=OPEN CLOSE=}}: S (N bytes, trimmed) holds the two new delimiters. */
static enum status
set_delimiters(struct parser *p, size_t off, const char *s, size_t n)
{
	size_t a = 0, b, c;

	while (a < n && !is_space(s[a]))
		a++;
	b = a;
	while (b < n && is_space(s[b]))
		b++;
	c = b;
	while (c < n && !is_space(s[c]))
		c++;
	if (a == 0 || a > DELIM_MAX || b == a || c == b || c - b > DELIM_MAX ||
	    c != n || memchr(s, '=', n) != NULL)
		return tmpl_error(p->t, off, p->err, "bad delimiters \"%.*s\": "
		    "give two, separated by a space, without spaces or '=' in "
		    "either and at most %d bytes each (such as {{=<%% %%>=}})",
		    (int)(n < NAME_SHOW ? n : NAME_SHOW), s, DELIM_MAX);
	memcpy(p->open, s, a);
	p->open[a] = '\0';
	p->olen = a;
	memcpy(p->close, s + b, c - b);
	p->close[c - b] = '\0';
	p->clen = c - b;
	return ST_OK;
}

/*
 * Whether the tag from START to AFTER stands alone on its line (only blanks
 * around it): then *LS is where the line starts and *NEXT where the next
 * line does, and the line leaves no trace in the output.
 */
static bool
standalone(const struct tmpl *t, size_t start, size_t after, size_t *ls,
    size_t *next)
{
	size_t b = start, e = after;

	while (b > 0 && is_blank(t->src[b - 1]))
		b--;
	if (b > 0 && t->src[b - 1] != '\n')
		return false;
	while (e < t->len && is_blank(t->src[e]))
		e++;
	if (e == t->len)
		*next = e;
	else if (t->src[e] == '\n')
		*next = e + 1;
	else if (t->src[e] == '\r' && e + 1 < t->len && t->src[e + 1] == '\n')
		*next = e + 2;
	else
		return false;
	*ls = b;
	return true;
}

static enum status
section_open(struct parser *p, enum node_kind kind, size_t off,
    const char *s, size_t n)
{
	struct node *node;
	enum status st;

	if ((st = name_check(p, off, s, n, true)) != ST_OK)
		return st;
	if (p->depth >= NEST_MAX)
		return tmpl_error(p->t, off, p->err, "sections nested more "
		    "than %d deep", NEST_MAX);
	node = node_add(p, kind, off);
	node->name = xstrndup(s, n);
	p->sec[p->depth++] = node;
	p->tail[p->depth] = &node->kids;
	return ST_OK;
}

static enum status
section_close(struct parser *p, size_t off, const char *s, size_t n)
{
	struct node *open;
	enum status st;
	int line, col;

	if ((st = name_check(p, off, s, n, true)) != ST_OK)
		return st;
	if (p->depth == 0)
		return tmpl_error(p->t, off, p->err, "closing tag \"%.*s\" "
		    "has no section open", (int)(n < NAME_SHOW ? n :
		    NAME_SHOW), s);
	open = p->sec[p->depth - 1];
	if (strlen(open->name) != n || memcmp(open->name, s, n) != 0) {
		where(p->t, open->off, &line, &col);
		return tmpl_error(p->t, off, p->err, "closing tag \"%.*s\" "
		    "does not match section \"%.*s\" opened at %d:%d",
		    (int)(n < NAME_SHOW ? n : NAME_SHOW), s, NAME_SHOW,
		    open->name, line, col);
	}
	p->depth--;
	return ST_OK;
}

/* The tag whose opening delimiter is at START. */
static enum status
tag(struct parser *p, size_t start)
{
	const char *src = p->t->src, *hit, *s;
	char closing[DELIM_MAX + 2], type = '\0';
	size_t q = start + p->olen, cl, end, after, ls = 0, next, n;
	bool is_alone = false;
	struct node *node;
	enum status st;

	if (q < p->t->len && strchr("#^/!>{&=", src[q]) != NULL)
		type = src[q++];
	snprintf(closing, sizeof closing, "%s%s", type == '{' ? "}" :
	    type == '=' ? "=" : "", p->close);
	cl = strlen(closing);
	hit = memmem(src + q, p->t->len - q, closing, cl);
	if (hit == NULL)
		return tmpl_error(p->t, start, p->err, "tag is never closed "
		    "(no \"%s\" follows)", closing);
	end = (size_t)(hit - src);
	after = end + cl;
	s = src + q;
	n = end - q;
	if (type != '!' && type != '=' &&
	    memmem(s, n, p->open, p->olen) != NULL)
		return tmpl_error(p->t, start, p->err, "tag is never closed "
		    "(\"%s\" comes before \"%s\")", p->open, closing);
	while (n > 0 && is_space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_space(s[n - 1]))
		n--;

	next = after;
	if (type != '\0' && strchr("#^/!>=", type) != NULL)
		is_alone = standalone(p->t, start, after, &ls, &next);
	text_add(p, p->text_start, is_alone ? ls : start);
	p->pos = p->text_start = next;

	switch (type) {
	case '!':
		return ST_OK;
	case '=':
		return set_delimiters(p, start, s, n);
	case '#':
		return section_open(p, N_SECTION, start, s, n);
	case '^':
		return section_open(p, N_INVERTED, start, s, n);
	case '/':
		return section_close(p, start, s, n);
	case '>':
		if ((st = name_check(p, start, s, n, false)) != ST_OK)
			return st;
		node = node_add(p, N_PARTIAL, start);
		node->name = xstrndup(s, n);
		if (is_alone && start > ls)
			node->indent = xstrndup(src + ls, start - ls);
		return ST_OK;
	default:
		if ((st = name_check(p, start, s, n, true)) != ST_OK)
			return st;
		node = node_add(p, type == '\0' ? N_VAR : N_RAW, start);
		node->name = xstrndup(s, n);
		return ST_OK;
	}
}

/* Parse T->src into T->root; on failure T->root is NULL. */
static enum status
parse(struct tmpl *t, struct err *err)
{
	struct parser p;
	const char *hit;
	enum status st = ST_OK;
	int line, col;

	memset(&p, 0, sizeof p);
	p.t = t;
	p.err = err;
	strcpy(p.open, "{{");
	strcpy(p.close, "}}");
	p.olen = p.clen = 2;
	t->root = NULL;
	p.tail[0] = &t->root;
	for (;;) {
		hit = memmem(t->src + p.pos, t->len - p.pos, p.open, p.olen);
		if (hit == NULL) {
			text_add(&p, p.text_start, t->len);
			break;
		}
		if ((st = tag(&p, (size_t)(hit - t->src))) != ST_OK)
			goto fail;
	}
	if (p.depth > 0) {
		where(t, p.sec[p.depth - 1]->off, &line, &col);
		st = tmpl_error(t, t->len, err, "section \"%.*s\" opened at "
		    "%d:%d is never closed", NAME_SHOW,
		    p.sec[p.depth - 1]->name, line, col);
		goto fail;
	}
	return ST_OK;
fail:
	nodes_free(t->root);
	t->root = NULL;
	return st;
}

/* --- escaping ---------------------------------------------------------- */

static bool
is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || ((unsigned char)c & 0x80) != 0;
}

/* Whether byte I of S (N bytes) ends a line: a line break or the end. */
static bool
ends_line(const char *s, size_t n, size_t i)
{
	return i >= n || s[i] == '\n' || s[i] == '\r';
}

/* What S[I], first on its line, becomes so that it starts no list item,
 * underline, break or definition; NULL when it starts none (not before a
 * letter or digit). */
static const char *
line_start_rep(const char *s, size_t n, size_t i)
{
	if (i + 1 < n && is_alnum(s[i + 1]))
		return NULL;
	switch (s[i]) {
	case '-': return "\\-";
	case '+': return "\\+";
	case '=': return "&#61;";
	case ':': return "&#58;";
	default: return NULL;
	}
}

/*
 * Markdown, so that CommonMark (and Python-Markdown, which MkDocs uses)
 * read the text literally. Inline markup characters are escaped wherever
 * they are; characters that are markup only at the start of a line (list
 * markers, setext underlines, definitions) only there, because the value
 * may start a line. Blanks that would indent a line (a code block) or end
 * one (a hard break) become character references. < > & and ~ become
 * references too: Python-Markdown has no backslash escape for them.
 */
static void
escape_markdown(struct textbuf *b, const char *s, size_t n)
{
	const char *rep;
	size_t i, j;
	bool is_start = true;
	char c;

	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '\n' || c == '\r') {
			textbuf_add(b, &c, 1);
			is_start = true;
			continue;
		}
		if (is_blank(c)) {
			for (j = i; j < n && is_blank(s[j]); j++)
				;
			if (is_start || ends_line(s, n, j)) {
				for (; i < j; i++)
					textbuf_str(b, s[i] == ' ' ? "&#32;" :
					    "&#9;");
			} else
				textbuf_add(b, s + i, j - i);
			i = j - 1;
			continue;
		}
		if (is_start && c >= '0' && c <= '9') {
			/* "1." or "1)" starts an ordered list. */
			for (j = i; j < n && s[j] >= '0' && s[j] <= '9'; j++)
				;
			textbuf_add(b, s + i, j - i);
			if (j < n && (s[j] == '.' || s[j] == ')') &&
			    (ends_line(s, n, j + 1) || is_blank(s[j + 1]))) {
				textbuf_add(b, "\\", 1);
				textbuf_add(b, s + j, 1);
				j++;
			}
			i = j - 1;
			is_start = false;
			continue;
		}
		if (is_start && (rep = line_start_rep(s, n, i)) != NULL) {
			textbuf_str(b, rep);
			is_start = false;
			continue;
		}
		is_start = false;
		switch (c) {
		case '<': textbuf_str(b, "&lt;"); continue;
		case '>': textbuf_str(b, "&gt;"); continue;
		case '&': textbuf_str(b, "&amp;"); continue;
		case '~': textbuf_str(b, "&#126;"); continue;
		case '\\': case '`': case '*': case '_': case '{': case '}':
		case '[': case ']': case '(': case ')': case '#': case '!':
		case '|':
			textbuf_add(b, "\\", 1);
			break;
		default:
			break;
		}
		textbuf_add(b, &c, 1);
	}
}

static void
escape_into(struct textbuf *b, enum mustache_escape esc, const char *s,
    size_t n)
{
	switch (esc) {
	case MUSTACHE_ESCAPE_HTML:
		textbuf_html(b, s, n, false);
		break;
	case MUSTACHE_ESCAPE_MARKDOWN:
		escape_markdown(b, s, n);
		break;
	default:
		textbuf_add(b, s, n);
		break;
	}
}

char *
mustache_escape_text(enum mustache_escape esc, const char *s, size_t n)
{
	struct textbuf b = { 0 };

	if (s != NULL)
		escape_into(&b, esc, s, n);
	return textbuf_take(&b);
}

enum mustache_escape
mustache_escape_for(const char *name)
{
	const char *slash, *dot;

	if (name == NULL)
		return MUSTACHE_ESCAPE_NONE;
	slash = strrchr(name, '/');
	dot = strrchr(slash != NULL ? slash : name, '.');
	if (dot == NULL)
		return MUSTACHE_ESCAPE_NONE;
	if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)
		return MUSTACHE_ESCAPE_HTML;
	if (strcasecmp(dot, ".md") == 0)
		return MUSTACHE_ESCAPE_MARKDOWN;
	return MUSTACHE_ESCAPE_NONE;
}

/* --- rendering --------------------------------------------------------- */

/* Append V as text: strings as they are, numbers as JSON writes them,
 * null as nothing, objects and arrays as compact JSON. */
static void
value_text(struct textbuf *b, const json_t *v)
{
	char num[TEXT_REAL_SIZE], *dump;

	switch (json_typeof(v)) {
	case JSON_STRING:
		textbuf_str(b, json_string_value(v));
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		textbuf_str(b, num);
		break;
	case JSON_REAL:
		text_real(json_real_value(v), num);
		textbuf_str(b, num);
		break;
	case JSON_TRUE:
		textbuf_str(b, "true");
		break;
	case JSON_FALSE:
		textbuf_str(b, "false");
		break;
	case JSON_NULL:
		break;
	default:
		dump = jdump(v, JSON_COMPACT);
		textbuf_str(b, dump);
		free(dump);
		break;
	}
}

static void
push(struct render *r, const json_t *v)
{
	if (r->n == r->cap) {
		r->cap = r->cap > 0 ? r->cap * 2 : 16;
		r->stack = xreallocarray(r->stack, r->cap, sizeof *r->stack);
	}
	r->stack[r->n++] = v;
}

/*
 * NAME through the context stack: its first part in the innermost context
 * that has it, each further part inside that value only (a broken chain
 * is missing, never looked up further out). NULL when missing.
 */
static const json_t *
lookup(const struct render *r, const char *name)
{
	const json_t *v = NULL;
	const char *dot;
	size_t i, k;

	if (strcmp(name, ".") == 0)
		return r->stack[r->n - 1];
	dot = strchr(name, '.');
	k = dot != NULL ? (size_t)(dot - name) : strlen(name);
	for (i = r->n; i-- > 0;)
		if (json_is_object(r->stack[i]) &&
		    (v = json_object_getn(r->stack[i], name, k)) != NULL)
			break;
	while (v != NULL && dot != NULL) {
		name = dot + 1;
		dot = strchr(name, '.');
		k = dot != NULL ? (size_t)(dot - name) : strlen(name);
		v = json_is_object(v) ? json_object_getn(v, name, k) : NULL;
	}
	return v;
}

static bool
is_falsey(const json_t *v)
{
	return v == NULL || json_is_null(v) || json_is_false(v) ||
	    (json_is_array(v) && json_array_size(v) == 0);
}

static void
put_value(struct render *r, const json_t *v, bool is_escaped)
{
	struct textbuf tmp = { 0 };

	if (v == NULL)
		return;
	if (!is_escaped || r->o->escape == MUSTACHE_ESCAPE_NONE) {
		value_text(&r->out, v);
		return;
	}
	if (json_is_string(v)) {
		escape_into(&r->out, r->o->escape, json_string_value(v),
		    strlen(json_string_value(v)));
		return;
	}
	value_text(&tmp, v);
	escape_into(&r->out, r->o->escape, tmp.p != NULL ? tmp.p : "", tmp.len);
	textbuf_clear(&tmp);
}

/* TEXT with INDENT in front of every line that is not empty. */
static char *
indent_text(const char *text, const char *indent)
{
	struct textbuf b = { 0 };
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (*p != '\n' && !(p[0] == '\r' && p[1] == '\n'))
			textbuf_str(&b, indent);
		if (nl == NULL) {
			textbuf_str(&b, p);
			break;
		}
		textbuf_add(&b, p, (size_t)(nl - p) + 1);
		p = nl + 1;
	}
	return textbuf_take(&b);
}

static void
pcache_free(struct pcache *c)
{
	struct pcache *next;

	for (; c != NULL; c = next) {
		next = c->next;
		nodes_free(c->t.root);
		free(c->name);
		free(c->indent);
		free(c->text);
		free(c->source);
		free(c);
	}
}

/* Partial NAME with INDENT, looked up and parsed the first time. */
static enum status
partial_load(struct render *r, const char *name, const char *indent,
    struct pcache **out)
{
	struct pcache *c;
	char *text = NULL, *source = NULL;
	enum status st;

	if (indent == NULL)
		indent = "";
	for (c = r->cache; c != NULL; c = c->next)
		if (strcmp(c->name, name) == 0 &&
		    strcmp(c->indent, indent) == 0) {
			*out = c;
			return ST_OK;
		}
	st = r->o->partial(r->o->partial_ctx, name, &text, &source, r->err);
	if (st != ST_OK && st != ST_NOTFOUND) {
		if (r->err != NULL && r->err->code == ST_OK)
			err_set(r->err, st, "partial \"%s\": %s", name,
			    status_str(st));
		free(text);
		free(source);
		return st;
	}
	c = xcalloc(1, sizeof *c);
	c->name = xstrdup(name);
	c->indent = xstrdup(indent);
	if (st == ST_NOTFOUND || text == NULL) {
		err_clear(r->err);
		c->is_missing = true;
		free(text);
		free(source);
	} else {
		c->text = *indent != '\0' ? indent_text(text, indent) : text;
		if (c->text != text)
			free(text);
		c->source = source != NULL ? source : xstrdup(name);
		c->t.src = c->text;
		c->t.len = strlen(c->text);
		c->t.source = c->source;
		c->t.col_shift = strlen(indent);
	}
	c->next = r->cache;
	r->cache = c;
	if (!c->is_missing && (st = parse(&c->t, r->err)) != ST_OK)
		return st;
	*out = c;
	return ST_OK;
}

static enum status
render_partial(struct render *r, const struct tmpl *t, const struct node *n)
{
	struct pcache *c;
	enum status st;

	if (r->o->partial == NULL)
		return ST_OK;
	if (r->depth >= PARTIAL_DEPTH_MAX)
		return tmpl_error(t, n->off, r->err, "partial \"%.*s\" nested "
		    "more than %d deep (does it include itself?)", NAME_SHOW,
		    n->name, PARTIAL_DEPTH_MAX);
	if ((st = partial_load(r, n->name, n->indent, &c)) != ST_OK)
		return st;
	if (c->is_missing)
		return ST_OK;
	r->depth++;
	st = render_nodes(r, &c->t, c->t.root);
	r->depth--;
	return st;
}

static enum status
render_section(struct render *r, const struct tmpl *t, const struct node *n)
{
	const json_t *v = lookup(r, n->name);
	enum status st = ST_OK;
	size_t i;

	if (n->kind == N_INVERTED)
		return is_falsey(v) ? render_nodes(r, t, n->kids) : ST_OK;
	if (is_falsey(v))
		return ST_OK;
	if (!json_is_array(v)) {
		push(r, v);
		st = render_nodes(r, t, n->kids);
		r->n--;
		return st;
	}
	for (i = 0; i < json_array_size(v) && st == ST_OK; i++) {
		push(r, json_array_get(v, i));
		st = render_nodes(r, t, n->kids);
		r->n--;
	}
	return st;
}

static enum status
render_nodes(struct render *r, const struct tmpl *t, const struct node *n)
{
	enum status st = ST_OK;

	for (; n != NULL && st == ST_OK; n = n->next)
		switch (n->kind) {
		case N_TEXT:
			textbuf_add(&r->out, t->src + n->off, n->len);
			break;
		case N_VAR:
		case N_RAW:
			put_value(r, lookup(r, n->name), n->kind == N_VAR);
			break;
		case N_SECTION:
		case N_INVERTED:
			st = render_section(r, t, n);
			break;
		case N_PARTIAL:
			st = render_partial(r, t, n);
			break;
		}
	return st;
}

enum status
mustache_render(const char *tmpl, const struct mustache_opts *o,
    const json_t *data, char **out, struct err *err)
{
	static const struct mustache_opts defaults = { MUSTACHE_ESCAPE_HTML,
	    NULL, NULL, NULL };
	struct render r;
	struct tmpl t = { 0 };
	enum status st;

	*out = NULL;
	if (o == NULL)
		o = &defaults;
	t.source = o->source != NULL ? o->source : "template";
	if (tmpl == NULL)
		return err_set(err, ST_INVALID, "%s: no template", t.source);
	t.src = tmpl;
	t.len = strlen(tmpl);
	if ((st = parse(&t, err)) != ST_OK)
		return st;
	memset(&r, 0, sizeof r);
	r.o = o;
	r.err = err;
	push(&r, data != NULL ? data : json_null());
	st = render_nodes(&r, &t, t.root);
	if (st == ST_OK)
		*out = textbuf_take(&r.out);
	textbuf_clear(&r.out);
	free(r.stack);
	pcache_free(r.cache);
	nodes_free(t.root);
	return st;
}

enum status
mustache_check(const char *tmpl, const char *source, struct err *err)
{
	struct tmpl t = { 0 };
	enum status st;

	t.source = source != NULL ? source : "template";
	if (tmpl == NULL)
		return err_set(err, ST_INVALID, "%s: no template", t.source);
	t.src = tmpl;
	t.len = strlen(tmpl);
	if ((st = parse(&t, err)) == ST_OK)
		nodes_free(t.root);
	return st;
}
