/* tui/screen_preview.c - each output of a communication exactly as its
 * reader will get it, one tab an output; an HTML page read as text by
 * default, its raw bytes one key away. */
#include "config.h"

#include <ctype.h>
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "core/render.h"
#include "core/workflow.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define TEXT_TOP 3           /* body rows above the text: tabs, title,
                              * what made it */
#define TAB_STOP 8
#define KEY_RAW  'r'         /* an HTML output: as text or raw */
#define RULE_MIN 3           /* "===" and longer: an underline or a rule */

/* One output, rendered when first shown, and its text (or why it could
 * not be rendered) cut into screen lines. */
struct output {
	const struct pb_output *o;    /* in the comm_doc's playbook; NULL:
	                               * the page of a variant without
	                               * outputs */
	bool                    is_rendered;
	struct rendered         r;    /* what the reader gets (r.text NULL
	                               * when it failed) and from what */
	char                   *readable; /* an HTML output as text, or NULL */
	char                    source[256]; /* "template X v3 (...)" */
	char                   *problem;  /* why it could not be rendered */
	char                  **lines;
	size_t                  n, cap;
	size_t                  err_from, err_to; /* the lines of the
	                                   * core's message in a problem */
	int                     cols; /* width the lines were cut for */
	bool                    is_cut_raw; /* cut from r.text, not readable */
};

/*
 * The text area shows the output's text alone: no numbers, no markers,
 * nothing a reader would not get. An HTML page shows as a browser would
 * read it out (headings, paragraphs, lists, links with their address)
 * unless the person asks for its raw bytes. Lines longer than the
 * screen wrap, at a space where there is one, since cutting them would
 * hide text.
 */
struct preview {
	long long       id;
	struct comm_doc doc;
	struct output  *outs;
	size_t          n_outs;
	size_t          tab;
	int             top;         /* first line shown */
	int             page;        /* text rows at the last draw */
	int             match;       /* line found by search, or -1 */
	bool            is_raw;      /* HTML as its bytes, not as text */
};

/* A growing string. */
struct sbuf {
	char   *s;
	size_t  len, cap;
};

static void
sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_putc(struct sbuf *b, char c)
{
	sb_put(b, &c, 1);
}

/* Code point CP as UTF-8 into OUT (4 bytes); returns the length. */
static size_t
utf8_put(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * The character reference at S (N bytes, S[0] == '&') into OUT (at
 * least 8 bytes, not NUL-terminated): *OUT_LEN bytes. Returns the bytes
 * it took, or 0 when S is no reference (then '&' is text). A control
 * character gives nothing, since it would only garble the terminal.
 */
static size_t
entity(const char *s, size_t n, char *out, size_t *out_len)
{
	static const struct { const char *name; unsigned long cp; } named[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", 0xa0 }, { "middot", 0xb7 },
		{ "copy", 0xa9 }, { "reg", 0xae }, { "trade", 0x2122 },
		{ "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 },
		{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201c },
		{ "rdquo", 0x201d }, { "laquo", 0xab }, { "raquo", 0xbb },
		{ "bull", 0x2022 }, { "times", 0xd7 }, { "euro", 0x20ac },
	};
	unsigned long cp = 0;
	size_t i, end;
	char *stop;

	for (end = 1; end < n && end < 40 && s[end] != ';'; end++)
		;
	if (end >= n || s[end] != ';' || end == 1)
		return 0;
	*out_len = 0;
	if (s[1] == '#') {
		char num[40];
		const char *digits = num;
		int base = 10;

		memcpy(num, s + 2, end - 2);
		num[end - 2] = '\0';
		if (num[0] == 'x' || num[0] == 'X') {
			digits = num + 1;
			base = 16;
		}
		if (!(base == 16 ? isxdigit((unsigned char)*digits) :
		    isdigit((unsigned char)*digits)))
			return 0;
		cp = strtoul(digits, &stop, base);
		if (*stop != '\0')
			return 0;
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
			cp = 0xfffd;
		if ((cp < 0x20 && cp != '\t' && cp != '\n') ||
		    (cp >= 0x7f && cp < 0xa0))
			return end + 1;
		*out_len = utf8_put(cp, out);
		return end + 1;
	}
	for (i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strlen(named[i].name) == end - 1 &&
		    strncmp(named[i].name, s + 1, end - 1) == 0) {
			*out_len = utf8_put(named[i].cp, out);
			return end + 1;
		}
	return 0;
}

/* S (N bytes) with its character references decoded, allocated. */
static char *
decode(const char *s, size_t n)
{
	struct sbuf b = { 0 };
	char ch[8];
	size_t i, k, len;

	sb_put(&b, "", 0);
	for (i = 0; i < n; i++) {
		if (s[i] == '&' && (k = entity(s + i, n - i, ch, &len)) > 0) {
			sb_put(&b, ch, len);
			i += k - 1;
		} else
			sb_putc(&b, s[i]);
	}
	return b.s;
}

/* One tag: <name attrs> or </name>, its attributes undecoded. */
struct tag {
	char        name[16];     /* lower case; "" when not a tag */
	bool        is_end;
	bool        is_empty;     /* <name ... />: no content, no end tag */
	const char *attrs;        /* after the name, up to '>' */
	size_t      attrs_len;
};

/* Attribute NAME of T, decoded and allocated, or NULL. */
static char *
tag_attr(const struct tag *t, const char *name)
{
	const char *p = t->attrs, *end = t->attrs + t->attrs_len, *k, *v;
	size_t klen, vlen;
	char q;

	while (p < end) {
		while (p < end && (strchr(" \t\r\n\f/", *p) != NULL))
			p++;
		for (k = p; p < end && strchr(" \t\r\n\f/=>", *p) == NULL; p++)
			;
		klen = (size_t)(p - k);
		while (p < end && strchr(" \t\r\n\f", *p) != NULL)
			p++;
		v = NULL;
		vlen = 0;
		if (p < end && *p == '=') {
			for (p++; p < end && strchr(" \t\r\n\f", *p) != NULL; p++)
				;
			if (p < end && (*p == '"' || *p == '\'')) {
				q = *p++;
				for (v = p; p < end && *p != q; p++)
					;
				vlen = (size_t)(p - v);
				if (p < end)
					p++;
			} else {
				for (v = p; p < end &&
				    strchr(" \t\r\n\f>", *p) == NULL; p++)
					;
				vlen = (size_t)(p - v);
			}
		}
		if (klen == 0 && p < end && v == NULL) {
			p++;            /* a stray character: step over it */
			continue;
		}
		if (klen == strlen(name) && strncasecmp(k, name, klen) == 0)
			return decode(v != NULL ? v : "", vlen);
	}
	return NULL;
}

/* The tag at S (N bytes, S[0] == '<') into *T; returns its length, or 0
 * when '<' is text. Comments and <!...>, <?...> are tags named "!". */
static size_t
tag_read(const char *s, size_t n, struct tag *t)
{
	const char *end, *p;
	size_t i = 1, k = 0;
	char q = 0;

	memset(t, 0, sizeof *t);
	if (n >= 4 && strncmp(s, "<!--", 4) == 0) {
		for (p = s + 4; p + 3 <= s + n; p++)
			if (strncmp(p, "-->", 3) == 0)
				break;
		strcpy(t->name, "!");
		return p + 3 <= s + n ? (size_t)(p + 3 - s) : n;
	}
	if (n > 1 && (s[1] == '!' || s[1] == '?')) {
		end = memchr(s, '>', n);
		strcpy(t->name, "!");
		return end != NULL ? (size_t)(end + 1 - s) : n;
	}
	if (n > 1 && s[1] == '/') {
		t->is_end = true;
		i = 2;
	}
	if (i >= n || !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
		return 0;
	for (; i < n && strchr(" \t\r\n\f/>", s[i]) == NULL; i++)
		if (k < sizeof t->name - 1)
			t->name[k++] = (char)((s[i] >= 'A' && s[i] <= 'Z') ?
			    s[i] | 0x20 : s[i]);
	t->attrs = s + i;
	for (; i < n; i++) {
		if (q != 0) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'')
			q = s[i];
		else if (s[i] == '>')
			break;
	}
	if (i >= n)
		return 0;       /* never closed: text */
	t->attrs_len = (size_t)(s + i - t->attrs);
	t->is_empty = t->attrs_len > 0 && t->attrs[t->attrs_len - 1] == '/';
	return i + 1;
}

static bool
is_one_of(const char *name, const char *const *names)
{
	for (; *names != NULL; names++)
		if (strcmp(name, *names) == 0)
			return true;
	return false;
}

/* What the text of a page is set in: a list item's indentation, a
 * quotation's "> ", preformatted text's four spaces. */
enum box_kind { BOX_UL, BOX_OL, BOX_QUOTE, BOX_PRE, BOX_DD };

#define BOX_MAX 16

struct box {
	enum box_kind kind;
	char          prefix[8];   /* at the start of each line inside */
	char          bullet[24];  /* "- ", "3. " owed to the next line */
	long          number;      /* BOX_OL: the next item's */
};

/* HTML to text, one pass. */
struct htext {
	struct sbuf  out;
	int          need;        /* line ends owed: 1 a new line, 2 a blank
	                           * line before the next text */
	bool         is_bol;      /* nothing on the current line yet */
	bool         has_space;   /* white space since the last text */
	int          pre;         /* inside <pre> */
	struct box   box[BOX_MAX];
	int          depth;       /* boxes open (may exceed BOX_MAX) */
	char         skip[16];    /* inside this element: head, script... */
	int          skip_depth;
	bool         want_main;   /* only the page's main content */
	bool         in_main, has_main;
	char         main_name[16];
	int          main_depth;
	int          heading;     /* inside <hN>: N */
	size_t       heading_at;  /* where its text starts, or SIZE_MAX */
	char        *href;        /* inside <a href> */
	struct sbuf  link;        /* the link's text so far */
	int          cells;       /* cells so far in this table row */
};

/* Line ends so that N of them end the text (at most two: a blank line);
 * none at the start. */
static void
ht_break(struct htext *h, int n)
{
	if (n > h->need)
		h->need = n;
}

/* Before text: the line ends owed, then the boxes' prefixes. */
static void
ht_flush(struct htext *h)
{
	int have = 0, i;

	if (h->out.len > 0 && h->need > 0) {
		while (have < 2 && (size_t)have < h->out.len &&
		    h->out.s[h->out.len - 1 - have] == '\n')
			have++;
		for (; have < h->need; have++)
			sb_putc(&h->out, '\n');
		h->is_bol = true;
	}
	h->need = 0;
	if (!h->is_bol)
		return;
	h->is_bol = false;
	h->has_space = false;
	for (i = 0; i < h->depth && i < BOX_MAX; i++) {
		if (h->box[i].bullet[0] != '\0') {
			sb_put(&h->out, h->box[i].bullet,
			    strlen(h->box[i].bullet));
			h->box[i].bullet[0] = '\0';
		} else
			sb_put(&h->out, h->box[i].prefix,
			    strlen(h->box[i].prefix));
	}
	if (h->heading > 0 && h->heading_at == SIZE_MAX)
		h->heading_at = h->out.len;
}

/* Text of the page, S (N bytes, references decoded). */
static void
ht_text(struct htext *h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (h->pre > 0 && s[i] == '\n') {
			ht_flush(h);
			sb_putc(&h->out, '\n');
			h->is_bol = true;
			continue;
		}
		if (h->pre == 0 && strchr(" \t\r\n\f", s[i]) != NULL) {
			h->has_space = true;
			continue;
		}
		if (h->need > 0 || h->is_bol)
			ht_flush(h);
		else if (h->has_space) {
			sb_putc(&h->out, ' ');
			if (h->href != NULL && h->link.len > 0)
				sb_putc(&h->link, ' ');
		}
		h->has_space = false;
		sb_putc(&h->out, s[i]);
		if (h->href != NULL)
			sb_putc(&h->link, s[i]);
	}
}

static void
ht_text_str(struct htext *h, const char *s)
{
	ht_text(h, s, strlen(s));
}

static void
ht_push(struct htext *h, enum box_kind kind, const char *prefix)
{
	struct box *b;

	if (h->depth++ >= BOX_MAX)
		return;
	b = &h->box[h->depth - 1];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->number = 1;
	snprintf(b->prefix, sizeof b->prefix, "%s", prefix);
}

/* Close the innermost box of KIND (and any left open inside it). */
static void
ht_pop(struct htext *h, enum box_kind kind)
{
	int i;

	if (h->depth > BOX_MAX) {
		h->depth--;
		return;
	}
	for (i = h->depth - 1; i >= 0 && h->box[i].kind != kind; i--)
		;
	if (i >= 0)
		h->depth = i;
}

/* The innermost list, or NULL. */
static struct box *
ht_list(struct htext *h)
{
	int i;

	for (i = (h->depth < BOX_MAX ? h->depth : BOX_MAX) - 1; i >= 0; i--)
		if (h->box[i].kind == BOX_UL || h->box[i].kind == BOX_OL)
			return &h->box[i];
	return NULL;
}

static void
ht_item(struct htext *h)
{
	struct box *b = ht_list(h);

	ht_break(h, 1);
	if (b == NULL)
		return;
	if (b->kind == BOX_OL)
		snprintf(b->bullet, sizeof b->bullet, "%ld. ", b->number++);
	else
		snprintf(b->bullet, sizeof b->bullet, "- ");
	snprintf(b->prefix, sizeof b->prefix, "%*s",
	    (int)strlen(b->bullet) < (int)sizeof b->prefix ?
	    (int)strlen(b->bullet) : (int)sizeof b->prefix - 1, "");
}

/* The end of a heading: underlined, "=" under the first level and "-"
 * under the second, as in plain text e-mail. */
static void
ht_heading_end(struct htext *h)
{
	int w, i;

	if (h->heading <= 2 && h->heading_at != SIZE_MAX) {
		w = text_width(h->out.s + h->heading_at);
		if (w < RULE_MIN)
			w = RULE_MIN;
		sb_putc(&h->out, '\n');
		for (i = 0; i < w; i++)
			sb_putc(&h->out, h->heading == 1 ? '=' : '-');
	}
	h->heading = 0;
	h->heading_at = SIZE_MAX;
	ht_break(h, 2);
}

/* The end of a link: its address after its text, unless the text is the
 * address, so the reader of the preview knows where it goes. */
static void
ht_link_end(struct htext *h)
{
	char *a = h->href;
	const char *text = h->link.s != NULL ? h->link.s : "";

	if (a == NULL)
		return;
	h->href = NULL;
	if (a[0] != '\0' && a[0] != '#' && strcmp(a, text) != 0 &&
	    !(strncasecmp(a, "mailto:", 7) == 0 && strcmp(a + 7, text) == 0)) {
		h->has_space = true;
		ht_text_str(h, "<");
		ht_text_str(h, a);
		ht_text_str(h, ">");
	}
	free(a);
	free(h->link.s);
	memset(&h->link, 0, sizeof h->link);
}

static long
clamp_start(long n)
{
	return n > 999999999 ? 999999999 : n < -999999999 ? -999999999 : n;
}

static void
ht_start(struct htext *h, const struct tag *t)
{
	static const char *const para[] = { "p", "ul", "ol", "blockquote",
	    "pre", "table", "dl", "figure", "details", "address", "fieldset",
	    "form", "section", "article", "aside", "header", "footer", "nav",
	    "main", NULL };
	static const char *const line[] = { "div", "tr", "dt", "summary",
	    "figcaption", "caption", NULL };
	char *v;

	if (is_one_of(t->name, para))
		ht_break(h, 2);
	else if (is_one_of(t->name, line))
		ht_break(h, 1);
	if (strcmp(t->name, "br") == 0) {
		ht_flush(h);
		sb_putc(&h->out, '\n');
		h->is_bol = true;
	} else if (t->name[0] == 'h' && t->name[1] >= '1' &&
	    t->name[1] <= '6' && t->name[2] == '\0') {
		ht_break(h, 2);
		h->heading = t->name[1] - '0';
		h->heading_at = SIZE_MAX;
	} else if (strcmp(t->name, "ul") == 0 || strcmp(t->name, "ol") == 0) {
		if (ht_list(h) != NULL)
			h->need = 1;    /* a list in a list: no blank line */
		ht_push(h, t->name[0] == 'u' ? BOX_UL : BOX_OL, "");
		if (t->name[0] == 'o' && (v = tag_attr(t, "start")) != NULL) {
			/* Within reach of a count: no overflow at ++. */
			if (h->depth <= BOX_MAX)
				h->box[h->depth - 1].number = clamp_start(
				    strtol(v, NULL, 10));
			free(v);
		}
	} else if (strcmp(t->name, "li") == 0)
		ht_item(h);
	else if (strcmp(t->name, "blockquote") == 0)
		ht_push(h, BOX_QUOTE, "> ");
	else if (strcmp(t->name, "pre") == 0) {
		ht_push(h, BOX_PRE, "    ");
		h->pre++;
	} else if (strcmp(t->name, "dd") == 0) {
		ht_break(h, 1);
		ht_push(h, BOX_DD, "    ");
	} else if (strcmp(t->name, "hr") == 0) {
		ht_break(h, 2);
		ht_text_str(h, "----------");
		ht_break(h, 2);
	} else if (strcmp(t->name, "td") == 0 || strcmp(t->name, "th") == 0) {
		if (h->cells++ > 0)
			ht_text_str(h, " | ");
	} else if (strcmp(t->name, "a") == 0 && h->href == NULL) {
		if ((h->href = tag_attr(t, "href")) != NULL)
			sb_put(&h->link, "", 0);
	} else if (strcmp(t->name, "img") == 0) {
		v = tag_attr(t, "alt");
		ht_text_str(h, "[image");
		if (v != NULL && v[0] != '\0') {
			ht_text_str(h, ": ");
			ht_text_str(h, v);
		}
		ht_text_str(h, "]");
		free(v);
	}
	if (strcmp(t->name, "tr") == 0)
		h->cells = 0;
}

static void
ht_end(struct htext *h, const struct tag *t)
{
	static const char *const para[] = { "p", "blockquote", "pre", "table",
	    "dl", "figure", "details", "address", "fieldset", "form",
	    "section", "article", "aside", "header", "footer", "nav", "main",
	    NULL };
	static const char *const line[] = { "div", "tr", "dt", "dd", "li",
	    "summary", "figcaption", "caption", NULL };

	if (t->name[0] == 'h' && t->name[1] >= '1' && t->name[1] <= '6' &&
	    t->name[2] == '\0' && h->heading > 0)
		ht_heading_end(h);
	else if (strcmp(t->name, "ul") == 0 || strcmp(t->name, "ol") == 0) {
		ht_pop(h, t->name[0] == 'u' ? BOX_UL : BOX_OL);
		ht_break(h, ht_list(h) != NULL ? 1 : 2);
	} else if (strcmp(t->name, "blockquote") == 0)
		ht_pop(h, BOX_QUOTE);
	else if (strcmp(t->name, "pre") == 0) {
		ht_pop(h, BOX_PRE);
		if (h->pre > 0)
			h->pre--;
	} else if (strcmp(t->name, "dd") == 0)
		ht_pop(h, BOX_DD);
	else if (strcmp(t->name, "a") == 0)
		ht_link_end(h);
	if (is_one_of(t->name, para))
		ht_break(h, 2);
	else if (is_one_of(t->name, line))
		ht_break(h, 1);
}

/* Whether T opens the page's main content. */
static bool
is_main(const struct tag *t)
{
	char *role, *id;
	bool yes;

	if (strcmp(t->name, "main") == 0)
		return true;
	role = tag_attr(t, "role");
	id = tag_attr(t, "id");
	yes = (role != NULL && strcasecmp(role, "main") == 0) ||
	    (id != NULL && strcmp(id, "main") == 0);
	free(role);
	free(id);
	return yes;
}

/* Elements whose content is not read: the head, scripts, styles. */
static bool
is_unread(const char *name)
{
	static const char *const names[] = { "head", "title", "script",
	    "style", "template", "noscript", "svg", "iframe", "object",
	    "select", "textarea", NULL };

	return is_one_of(name, names);
}

static bool
is_void(const char *name)
{
	static const char *const names[] = { "area", "base", "br", "col",
	    "embed", "hr", "img", "input", "link", "meta", "source", "track",
	    "wbr", NULL };

	return is_one_of(name, names);
}

/* Tag T as it comes: skipped content, the main content's bounds, or a
 * tag of the text. Returns false when the main content has ended. */
static bool
ht_tag(struct htext *h, const struct tag *t)
{
	if (t->name[0] == '!')
		return true;
	if (h->skip[0] != '\0') {
		if (strcmp(t->name, h->skip) == 0)
			h->skip_depth += t->is_end ? -1 : 1;
		if (h->skip_depth <= 0)
			h->skip[0] = '\0';
		return true;
	}
	if (!t->is_end && !t->is_empty && is_unread(t->name)) {
		snprintf(h->skip, sizeof h->skip, "%s", t->name);
		h->skip_depth = 1;
		return true;
	}
	if (h->want_main && !h->in_main) {
		if (!t->is_end && is_main(t)) {
			h->in_main = h->has_main = true;
			snprintf(h->main_name, sizeof h->main_name, "%s",
			    t->name);
			h->main_depth = 1;
		}
		return true;
	}
	if (h->want_main && strcmp(t->name, h->main_name) == 0 &&
	    !is_void(t->name) && !t->is_empty && (h->main_depth += t->is_end ? -1 : 1) == 0)
		return false;
	if (t->is_end)
		ht_end(h, t);
	else
		ht_start(h, t);
	return true;
}

/* Raw text elements end only at their end tag: "<" inside is text. */
static size_t
skip_raw(const char *s, size_t n, const char *name)
{
	size_t i, k = strlen(name);

	for (i = 0; i + k + 2 <= n; i++)
		if (s[i] == '<' && s[i + 1] == '/' &&
		    strncasecmp(s + i + 2, name, k) == 0)
			return i;
	return n;
}

static void
ht_run(struct htext *h, const char *s, size_t n)
{
	struct tag t;
	size_t i = 0, k, start;
	char *text;

	while (i < n) {
		if (s[i] == '<' && (k = tag_read(s + i, n - i, &t)) > 0) {
			if (!ht_tag(h, &t))
				break;
			i += k;
			if (!t.is_end && (strcmp(t.name, "script") == 0 ||
			    strcmp(t.name, "style") == 0))
				i += skip_raw(s + i, n - i, t.name);
			continue;
		}
		for (start = i++; i < n && s[i] != '<'; i++)
			;
		if (h->skip[0] != '\0' || (h->want_main && !h->in_main))
			continue;
		text = decode(s + start, i - start);
		ht_text(h, text, strlen(text));
		free(text);
	}
}

static void
ht_clear(struct htext *h)
{
	free(h->out.s);
	free(h->href);
	free(h->link.s);
	memset(h, 0, sizeof *h);
}

/*
 * HTML (N bytes at S) as a person reads the page: its main content (the
 * element that is <main>, role="main" or id="main"; else the body), in
 * paragraphs and lines, headings underlined, list items with "- " or
 * their number, links with their address. Allocated; NULL when it has
 * no text.
 */
static char *
html_text(const char *s, size_t n)
{
	struct htext h = { 0 };
	char *text;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		ht_clear(&h);
		h.want_main = pass == 0;
		h.is_bol = true;
		h.heading_at = SIZE_MAX;
		sb_put(&h.out, "", 0);
		ht_run(&h, s, n);
		if (h.has_main)
			break;
	}
	while (h.out.len > 0 && h.out.s[h.out.len - 1] == '\n')
		h.out.s[--h.out.len] = '\0';
	text = h.out.len > 0 ? h.out.s : NULL;
	if (text == NULL)
		free(h.out.s);
	h.out.s = NULL;
	ht_clear(&h);
	return text;
}

static void
lines_free(struct output *out)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		free(out->lines[i]);
	free(out->lines);
	out->lines = NULL;
	out->n = out->cap = 0;
}

/* Piece [K, END) of BUF, WIDTH columns, after HANG, as one screen line:
 * spaces it ends with are dropped where they would pass the edge.
 * Returns its width. */
static int
lines_push(struct output *out, const char *hang, const char *buf, size_t k,
    size_t end, int width, int cols)
{
	for (; end > k && buf[end - 1] == ' ' && width > cols; width--)
		end--;
	if (out->n == out->cap) {
		out->cap = out->cap > 0 ? out->cap * 2 : 64;
		out->lines = xreallocarray(out->lines, out->cap,
		    sizeof *out->lines);
	}
	out->lines[out->n++] = xasprintf("%s%.*s", hang, (int)(end - k),
	    buf + k);
	return width;
}

/* How a line of readable text goes on when it wraps: under its text, not
 * under its bullet or number ("- ", "12. "), after any "> ". Its length. */
static size_t
hang_of(const char *s, size_t len)
{
	size_t i = 0, k;

	while (i < len && (s[i] == ' ' || (s[i] == '>' && i + 1 < len &&
	    s[i + 1] == ' ')))
		i += s[i] == '>' ? 2 : 1;
	if (i + 1 < len && s[i] == '-' && s[i + 1] == ' ')
		return i + 2;
	for (k = i; k < len && s[k] >= '0' && s[k] <= '9'; k++)
		;
	if (k > i && k + 1 < len && s[k] == '.' && s[k + 1] == ' ')
		return k + 2;
	return i;
}

/* Whether S (LEN bytes) is an underline or a rule: "===", "-----". */
static bool
is_rule(const char *s, size_t len)
{
	size_t i;

	if (len < RULE_MIN || (s[0] != '=' && s[0] != '-'))
		return false;
	for (i = 1; i < len; i++)
		if (s[i] != s[0])
			return false;
	return true;
}

/* The character at BUF + I (LEN bytes in all) into *WC, its columns
 * into *W (an invalid byte or a control takes one); its length. */
static size_t
char_at(const char *buf, size_t i, size_t len, mbstate_t *ps, wchar_t *wc,
    int *w)
{
	size_t n = mbrtowc(wc, buf + i, len - i, ps);

	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(ps, 0, sizeof *ps);
		*wc = L'?';
		*w = 1;
		return 1;
	}
	if ((*w = wcwidth(*wc)) < 0)
		*w = 1;
	return n;
}

/* Whether a line may break after BUF[I] (of LEN): a hyphen between
 * letters or digits ("well-known"), a slash in a path ("docs/page"), not
 * in "</a>" or "https://". */
static bool
is_joint(const char *buf, size_t i, size_t len)
{
	unsigned char prev = i > 0 ? (unsigned char)buf[i - 1] : ' ';
	unsigned char next = i + 1 < len ? (unsigned char)buf[i + 1] : ' ';

	if (buf[i] != '-' && buf[i] != '/')
		return false;
	if (!isalnum(next) && next < 0x80)
		return false;
	return isalnum(prev) || prev >= 0x80 || (buf[i] == '/' && prev == '.');
}

/* Whether a line may not start with WC: closing punctuation, and the
 * small kana and marks Japanese keeps after the character before. */
static bool
is_no_start(wchar_t wc)
{
	static const wchar_t no_start[] = L")]}.,:;!?"
	    L"\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff1f\uff01\uff09\uff3d"
	    L"\uff5d\u300d\u300f\u3011\u3015\u3009\u300b\u30fb\u30fc\u3005"
	    L"\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e"
	    L"\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee"
	    L"\u30f5\u30f6";

	return wc != L'\0' && wcschr(no_start, wc) != NULL;
}

/* Whether the word at BUF + FROM (up to a space or a wide character)
 * is wider than LIMIT columns: then it is cut where the edge falls, not
 * moved whole to a line of its own. */
static bool
is_long_word(const char *buf, size_t from, size_t len, int limit)
{
	mbstate_t ps;
	wchar_t wc;
	size_t i, n;
	int used = 0, w;

	memset(&ps, 0, sizeof ps);
	for (i = from; i < len && buf[i] != ' '; i += n) {
		n = char_at(buf, i, len, &ps, &wc, &w);
		if (w > 1 && i > from)
			break;
		if ((used += w) > limit)
			return true;
	}
	return false;
}

/*
 * Cut one line of text (LEN bytes at S, tabs expanded) into pieces of at
 * most COLS columns: after a space, a hyphen or a slash (is_joint())
 * where there is one, between wide (CJK) characters, else where the edge
 * falls. Spaces never start a piece. IS_TEXT (a page read as text): a
 * piece goes on under the text of its list item, and an underline is
 * as wide as the widest piece of the heading above it, UNDER columns.
 * Returns the width of the widest piece.
 */
static int
cut_line(struct output *out, const char *s, size_t len, int cols,
    bool is_text, int under)
{
	char *buf = xmalloc(len * TAB_STOP + 1), hang[64] = "";
	size_t i, j = 0, k, n, brk = 0, hl;
	int used = 0, w, brk_used = 0, hw = 0, widest = 0, pw = 0;
	bool was_wide = false;
	mbstate_t ps;
	wchar_t wc;

	for (i = 0; i < len; i++) {
		if (s[i] == '\t')
			do
				buf[j++] = ' ';
			while (j % TAB_STOP != 0);
		else
			buf[j++] = s[i];
	}
	buf[j] = '\0';
	if (is_text && is_rule(buf, j)) {
		if (under > 0 && j > (size_t)under)
			j = (size_t)under;
		widest = lines_push(out, "", buf, 0, j > (size_t)cols ?
		    (size_t)cols : j, 0, cols);
		goto end;
	}
	if (is_text && (hl = hang_of(buf, j)) > 0 && hl < sizeof hang &&
	    (int)hl * 2 <= cols) {
		memset(hang, ' ', hl);
		hang[hl] = '\0';
		for (i = 0; i + 1 < hl; i++)
			if (buf[i] == '>' && buf[i + 1] == ' ')
				hang[i] = '>';
		hw = (int)hl;
	}
	memset(&ps, 0, sizeof ps);
	for (i = 0, k = 0; i < j; i += n) {
		n = char_at(buf, i, j, &ps, &wc, &w);
		if (buf[i] == ' ') {
			used += w;
			brk = i + n;
			brk_used = used;
			was_wide = false;
			continue;
		}
		/* Between CJK characters, unless this one may not start a
		 * line (then the break before the one before stands). */
		if (i > k && (w > 1 || was_wide) && !is_no_start(wc)) {
			brk = i;
			brk_used = used;
		}
		while (used + w > cols && i > k) {
			if (brk > k && brk <= i &&
			    !is_long_word(buf, brk, j, cols - hw)) {
				pw = lines_push(out, k > 0 ? hang : "", buf, k,
				    brk, brk_used, cols);
				used = hw + used - brk_used;
				k = brk;
			} else {
				pw = lines_push(out, k > 0 ? hang : "", buf, k,
				    i, used, cols);
				used = hw;
				k = i;
			}
			brk = 0;
			widest = pw > widest ? pw : widest;
		}
		used += w;
		was_wide = w > 1;
		if (is_joint(buf, i, j)) {
			brk = i + n;
			brk_used = used;
		}
	}
	if (k < j || k == 0)
		pw = lines_push(out, k > 0 ? hang : "", buf, k, j, used, cols);
	widest = pw > widest ? pw : widest;
end:
	free(buf);
	return widest;
}

/* The lines of OUT's text in the view asked for, COLS wide. */
static void
cut(struct output *out, bool is_raw, int cols)
{
	const char *s, *eol;
	bool is_text = out->readable != NULL && !is_raw;
	size_t part;
	int under = 0;

	lines_free(out);
	out->is_cut_raw = is_raw;
	out->err_from = out->err_to = 0;
	s = out->problem != NULL ? out->problem : is_text ? out->readable :
	    out->r.text != NULL ? out->r.text : "";
	cols = cols > 1 ? cols : 1;
	for (part = 0; *s != '\0'; s = eol + 1) {
		eol = strchr(s, '\n');
		under = cut_line(out, s, eol != NULL ? (size_t)(eol - s) :
		    strlen(s), cols, is_text || out->problem != NULL, under);
		/* The problem: a line saying so, a blank, the message. */
		if (out->problem != NULL && ++part == 2)
			out->err_from = out->n;
		else if (out->problem != NULL && part == 3)
			out->err_to = out->n;
		if (eol == NULL)
			break;
	}
}

/* Why OUT could not be made, for a person who may fix it: the message
 * (which names the field first, "cvss-v3: ...") and, when it does name a
 * field of the playbook, where that field is answered. */
static void
problem_set(struct output *out, const struct comm_doc *d,
    const struct err *err)
{
	const struct pb_field *f = NULL;
	const struct pb_step *step = NULL;
	char field[64];
	size_t n = strcspn(err->msg, ": ");

	if (n > 0 && n < sizeof field && err->msg[n] == ':') {
		memcpy(field, err->msg, n);
		field[n] = '\0';
		f = playbook_field(d->pb, field, &step);
	}
	if (f != NULL)
		out->problem = xasprintf("This output cannot be made from the "
		    "communication as it stands:\n\n%s\n\nThe field is \"%s\", "
		    "in the step \"%s\": answer it in the playbook (Enter on "
		    "the communication in its incident), then come back.",
		    err->msg, f->label,
		    step != NULL ? step->title : "?");
	else
		out->problem = xasprintf("This output cannot be made from the "
		    "communication as it stands:\n\n%s", err->msg);
}

/* Render OUT unless it is already: each output is rendered when first
 * shown, so opening the preview costs one rendering, not one an output. */
static void
render(struct session *s, struct preview *v, struct output *out)
{
	struct err err = { 0 };

	if (out->is_rendered)
		return;
	out->is_rendered = true;
	out->cols = 0;
	rendered_clear(&out->r);
	free(out->readable);
	out->readable = NULL;
	free(out->problem);
	out->problem = NULL;
	out->source[0] = '\0';
	if (comm_preview(s, &v->doc, out->o != NULL ? out->o->id : NULL,
	    NULL, &out->r, &err) != ST_OK) {
		problem_set(out, &v->doc, &err);
		snprintf(out->source, sizeof out->source, "not made: see why "
		    "below");
		return;
	}
	comm_preview_source(&out->r, out->source, sizeof out->source);
	if (out->o != NULL && out->o->format != NULL &&
	    strcmp(out->o->format, "html") == 0 && out->r.text != NULL)
		out->readable = html_text(out->r.text, out->r.len);
}

static void
outputs_free(struct preview *v)
{
	size_t i;

	for (i = 0; i < v->n_outs; i++) {
		lines_free(&v->outs[i]);
		rendered_clear(&v->outs[i].r);
		free(v->outs[i].readable);
		free(v->outs[i].problem);
	}
	free(v->outs);
	v->outs = NULL;
	v->n_outs = 0;
}

/* The outputs of the communication's variant, none rendered yet; a
 * variant without outputs still reads as a page. */
static void
outputs_load(struct preview *v)
{
	const struct playbook *pb = v->doc.pb;
	const char *variant = v->doc.variant != NULL ? v->doc.variant->id : "";
	size_t i;

	outputs_free(v);
	v->outs = xcalloc(pb->n_outputs + 1, sizeof *v->outs);
	for (i = 0; i < pb->n_outputs; i++)
		if (playbook_output_in_variant(&pb->outputs[i], variant))
			v->outs[v->n_outs++].o = &pb->outputs[i];
	if (v->n_outs == 0)
		v->n_outs = 1;
	if (v->tab >= v->n_outs)
		v->tab = 0;
}

static enum status
open_preview(struct screen *sc, const void *arg, struct err *err)
{
	struct preview *v = sc->priv;
	const long long *id = arg;
	struct session *s = tui_session(sc->tui);
	enum status st;

	v->match = -1;
	if (id == NULL || *id <= 0)
		return err_set(err, ST_INVALID, "which communication? open one "
		    "from its incident");
	v->id = *id;
	if ((st = comm_open(s, v->id, &v->doc, err)) != ST_OK)
		return st;
	outputs_load(v);
	tui_message(sc->tui, "Tab: next output  r: HTML as text or raw  "
	    "/: search");
	return ST_OK;
}

static void
close_preview(struct screen *sc)
{
	struct preview *v = sc->priv;

	outputs_free(v);
	comm_doc_clear(&v->doc);
}

/* Another console may have changed the answers: render again. */
static void
reload(struct screen *sc)
{
	struct preview *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct err err = { 0 };

	if (comm_reload(s, &v->doc, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return;
	}
	outputs_load(v);
}

static const char *
output_name(const struct output *out)
{
	if (out->o == NULL)
		return "Page";
	return out->o->title != NULL ? out->o->title : out->o->id;
}

static void
draw_tabs(const struct preview *v, int y, int cols)
{
	char label[256];
	size_t i;
	int x = 1;

	for (i = 0; i < v->n_outs && x < cols - 1; i++) {
		snprintf(label, sizeof label, " %s ", v->outs[i].o != NULL ?
		    v->outs[i].o->id : "page");
		attron(theme_attr(i == v->tab ? ROLE_SELECTED : ROLE_HEADER));
		x += text_put(y, x, label, cols - 1 - x, false) + 1;
		attroff(theme_attr(i == v->tab ? ROLE_SELECTED : ROLE_HEADER));
	}
}

/* "Output 2/4: CSAF document (csaf)  #12 SEC-2026-010  lines 1-20/31",
 * and below it what made the text: "template advisory.md v3 (sha256
 * 1a2b3c4d)", so an approver knows which words they approve, and for
 * an HTML page how it is shown. */
static void
draw_title(const struct preview *v, const struct output *out, int y,
    int cols)
{
	char line[512], pos[64] = "";
	const char *view = "";
	int pw, vw;

	snprintf(line, sizeof line, "Output %zu/%zu: %s (%s)  #%lld %s",
	    v->tab + 1, v->n_outs, output_name(out), out->o != NULL &&
	    out->o->format != NULL ? out->o->format : "markdown", v->id,
	    v->doc.incident_ref != NULL ? v->doc.incident_ref : "");
	if ((int)out->n > v->page)
		snprintf(pos, sizeof pos, "lines %d-%d/%zu", v->top + 1,
		    v->top + v->page < (int)out->n ? v->top + v->page :
		    (int)out->n, out->n);
	if (out->readable != NULL)
		view = v->is_raw ? "raw HTML; r: as text" :
		    "as text; r: raw HTML";
	pw = text_width(pos);
	vw = text_width(view);
	attron(theme_attr(ROLE_TITLE));
	text_put(y, 1, line, cols - 2 - (pw > 0 ? pw + 2 : 0), false);
	attroff(theme_attr(ROLE_TITLE));
	attron(theme_attr(ROLE_DIM));
	if (pw > 0)
		text_put(y, cols - 1 - pw, pos, pw, false);
	text_put(y + 1, 1, out->source, cols - 2 - (vw > 0 ? vw + 2 : 0),
	    false);
	attroff(theme_attr(ROLE_DIM));
	if (vw > 0 && vw < cols - 2) {
		attron(theme_attr(ROLE_HEADER));
		text_put(y + 1, cols - 1 - vw, view, vw, false);
		attroff(theme_attr(ROLE_HEADER));
	}
}

static int
last_top(const struct preview *v)
{
	int last = (int)v->outs[v->tab].n - v->page;

	return last > 0 ? last : 0;
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct preview *v = sc->priv;
	struct output *out = &v->outs[v->tab];
	enum role role;
	int r, i;

	render(tui_session(sc->tui), v, out);
	if (cols - 2 != out->cols || v->is_raw != out->is_cut_raw) {
		out->cols = cols - 2;
		cut(out, v->is_raw, out->cols);
	}
	v->page = rows - TEXT_TOP > 1 ? rows - TEXT_TOP : 1;
	if (v->top > last_top(v))
		v->top = last_top(v);
	draw_tabs(v, top, cols);
	draw_title(v, out, top + 1, cols);
	for (r = 0; r < v->page && v->top + r < (int)out->n; r++) {
		i = v->top + r;
		/* Why it could not be made: the message itself stands out. */
		role = i == v->match ? ROLE_SELECTED : (size_t)i >=
		    out->err_from && (size_t)i < out->err_to ? ROLE_ERROR :
		    ROLE_NORMAL;
		attron(theme_attr(role));
		if (i == v->match)
			mvhline(top + TEXT_TOP + r, 1, ' ', cols - 2);
		text_put(top + TEXT_TOP + r, 1, out->lines[i], cols - 2, false);
		attroff(theme_attr(role));
	}
}

static unsigned
scroll_to(struct preview *v, int line)
{
	v->top = line > last_top(v) ? last_top(v) : line < 0 ? 0 : line;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
tab_by(struct preview *v, int by)
{
	v->tab = (v->tab + v->n_outs + (size_t)(by > 0 ? 1 : v->n_outs - 1)) %
	    v->n_outs;
	v->top = 0;
	v->match = -1;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct preview *v = sc->priv;
	int page = v->page > 1 ? v->page - 1 : 1;

	switch (act) {
	case ACT_MOVE_RIGHT:
	case ACT_NEXT_PANE:
		return tab_by(v, 1);
	case ACT_MOVE_LEFT:
		return tab_by(v, -1);
	case ACT_MOVE_DOWN:
		return scroll_to(v, v->top + 1);
	case ACT_MOVE_UP:
		return scroll_to(v, v->top - 1);
	case ACT_PAGE_DOWN:
		return scroll_to(v, v->top + page);
	case ACT_PAGE_UP:
		return scroll_to(v, v->top - page);
	case ACT_FIRST:
		return scroll_to(v, 0);
	case ACT_LAST:
		return scroll_to(v, last_top(v));
	case ACT_OPEN:
		return UI_HANDLED;      /* nothing to open: not a list */
	default:
		return UI_NONE;
	}
}

/* r: an HTML page as text or as its raw bytes (for every HTML tab, so
 * going from output to output keeps the choice). The key is the
 * screen's own, taken before the key table; the help lists it. */
static unsigned
key(struct screen *sc, int rc, wint_t ch)
{
	struct preview *v = sc->priv;
	const struct output *out = &v->outs[v->tab];

	if (rc != OK || ch != KEY_RAW)
		return UI_NONE;
	if (out->problem != NULL) {
		tui_message(sc->tui, "Nothing to show raw: %s could not be "
		    "made", output_name(out));
		return UI_HANDLED | UI_REDRAW;
	}
	if (out->readable == NULL) {
		tui_message(sc->tui, "%s is shown exactly as it is; r shows an "
		    "HTML page as text or raw", output_name(out));
		return UI_HANDLED | UI_REDRAW;
	}
	v->is_raw = !v->is_raw;
	v->top = 0;
	v->match = -1;
	return UI_HANDLED | UI_REDRAW;
}

/* Find NEEDLE in the output shown, from the last match (or the top line)
 * in DIR; the match is highlighted and scrolled to. */
static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct preview *v = sc->priv;
	const struct output *out = &v->outs[v->tab];
	int i;

	if (is_new || v->match < 0)
		i = dir > 0 ? v->top : v->top + v->page - 1;
	else
		i = v->match + dir;
	if (i >= (int)out->n)
		i = (int)out->n - 1;
	for (; i >= 0 && i < (int)out->n; i += dir) {
		if (text_contains(out->lines[i], needle)) {
			v->match = i;
			if (i < v->top || i >= v->top + v->page)
				scroll_to(v, i - v->page / 2);
			return true;
		}
	}
	return false;
}

const struct screen_ops screen_preview_ops = {
	.name = "preview",
	.title = "Preview",
	.priv_size = sizeof(struct preview),
	.open = open_preview,
	.close = close_preview,
	.reload = reload,
	.draw = draw,
	.handle = handle,
	.search = search,
	.key = key,
};
