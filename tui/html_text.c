/* tui/html_text.c - an HTML page as readable text for the preview: its
 * main content in paragraphs and lines, as a browser would read it out.
 * Pure text in, text out; no curses, so a unit test can drive it. */
#include "config.h"

#include "tui/html_text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "tui/text.h"

static void
tb_putc(struct textbuf *b, char c)
{
	textbuf_add(b, &c, 1);
}

/*
 * The character reference at S (N bytes, S[0] == '&') appended to OUT.
 * Returns the bytes it took, or 0 when S is no reference (then '&' is
 * text). A control character gives nothing, since it would only garble
 * the terminal.
 */
static size_t
entity(const char *s, size_t n, struct textbuf *out)
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
		textbuf_cp(out, (uint32_t)cp);
		return end + 1;
	}
	for (i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strlen(named[i].name) == end - 1 &&
		    strncmp(named[i].name, s + 1, end - 1) == 0) {
			textbuf_cp(out, (uint32_t)named[i].cp);
			return end + 1;
		}
	return 0;
}

/* S (N bytes) with its character references decoded, allocated. */
static char *
decode(const char *s, size_t n)
{
	struct textbuf b = { 0 };
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (s[i] == '&' && (k = entity(s + i, n - i, &b)) > 0)
			i += k - 1;
		else
			tb_putc(&b, s[i]);
	}
	return textbuf_take(&b);
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
	struct textbuf out;
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
	struct textbuf link;      /* the link's text so far */
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
		    h->out.p[h->out.len - 1 - have] == '\n')
			have++;
		for (; have < h->need; have++)
			tb_putc(&h->out, '\n');
		h->is_bol = true;
	}
	h->need = 0;
	if (!h->is_bol)
		return;
	h->is_bol = false;
	h->has_space = false;
	for (i = 0; i < h->depth && i < BOX_MAX; i++) {
		if (h->box[i].bullet[0] != '\0') {
			textbuf_str(&h->out, h->box[i].bullet);
			h->box[i].bullet[0] = '\0';
		} else
			textbuf_str(&h->out, h->box[i].prefix);
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
			tb_putc(&h->out, '\n');
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
			tb_putc(&h->out, ' ');
			if (h->href != NULL && h->link.len > 0)
				tb_putc(&h->link, ' ');
		}
		h->has_space = false;
		tb_putc(&h->out, s[i]);
		if (h->href != NULL)
			tb_putc(&h->link, s[i]);
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
		w = text_width(h->out.p + h->heading_at);
		if (w < HTML_TEXT_RULE_MIN)
			w = HTML_TEXT_RULE_MIN;
		tb_putc(&h->out, '\n');
		for (i = 0; i < w; i++)
			tb_putc(&h->out, h->heading == 1 ? '=' : '-');
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
	const char *text = h->link.p != NULL ? h->link.p : "";

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
	free(h->link.p);
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
		tb_putc(&h->out, '\n');
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
			textbuf_add(&h->link, "", 0);
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
	free(h->out.p);
	free(h->href);
	free(h->link.p);
	memset(h, 0, sizeof *h);
}

/*
 * HTML (N bytes at S) as a person reads the page: its main content (the
 * element that is <main>, role="main" or id="main"; else the body), in
 * paragraphs and lines, headings underlined, list items with "- " or
 * their number, links with their address. Allocated; NULL when it has
 * no text.
 */
char *
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
		textbuf_add(&h.out, "", 0);
		ht_run(&h, s, n);
		if (h.has_main)
			break;
	}
	while (h.out.len > 0 && h.out.p[h.out.len - 1] == '\n')
		h.out.p[--h.out.len] = '\0';
	text = h.out.len > 0 ? h.out.p : NULL;
	if (text == NULL)
		free(h.out.p);
	h.out.p = NULL;
	ht_clear(&h);
	return text;
}
