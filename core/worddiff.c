/* core/worddiff.c - word-level differences: what an approver approved
 * against what now stands, in runs of words that stayed, went or came. */
#include "config.h"

#include "core/worddiff.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "util/xalloc.h"

/*
 * The exact answer is the longest common subsequence of the two texts'
 * tokens, by dynamic programming over a table of (n + 1) x (m + 1)
 * lengths. Texts share most of their words (an approver reads an edit,
 * not a rewrite), so the common head and tail are taken off first, and
 * only what lies between goes into the table. When even that is more
 * than CELL_LIMIT cells, it is compared line by line (a changed line in
 * a long text then costs its own words only), and when the lines too are
 * too many, the part is shown as deleted and inserted whole: coarser,
 * but never wrong, and never more than CELL_LIMIT cells of memory.
 * Since (n + 1) x (m + 1) <= CELL_LIMIT means min(n, m) < 2048, a
 * length fits in 16 bits.
 */
#define CELL_LIMIT ((size_t)1 << 22)

/* How a part of the texts is cut into tokens and what to do when the
 * table would be too big. */
enum level {
	LV_WORDS,        /* words; too big: lines, then words in them */
	LV_LINES,        /* lines; a changed stretch: LV_WORDS_ONLY */
	LV_WORDS_ONLY,   /* words; too big: deleted and inserted whole */
};

/* A word (a run of non-space), a run of white space, or a line. */
struct tok {
	const char *p;
	size_t      len;
	uint32_t    h;
};

struct toks {
	struct tok *v;
	size_t      n, cap;
};

/* Runs as they are made: a change between two SAME runs is held back,
 * its deletions and insertions apart, so it shows as one [-...-]{+...+}
 * however the table interleaved them. */
struct emit {
	struct wd_run  *runs;
	struct textbuf *texts;     /* each run's text, growing */
	size_t          n, cap;
	struct textbuf  del, ins;  /* the change held back */
};

static uint32_t
fnv1a(const char *p, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619u;
	}
	return h;
}

/* S (LEN bytes) as tokens: words and runs of white space, or lines
 * (each with the newline that ends it). Bytes of a UTF-8 character are
 * never white space, so a character is never cut. */
static void
tokenize(const char *s, size_t len, bool is_lines, struct toks *out)
{
	size_t i = 0, j;
	struct tok *t;

	out->n = 0;
	while (i < len) {
		j = i;
		if (is_lines) {
			while (j < len && s[j] != '\n')
				j++;
			if (j < len)
				j++;
		} else if (text_is_space((unsigned char)s[i])) {
			while (j < len && text_is_space((unsigned char)s[j]))
				j++;
		} else {
			while (j < len && !text_is_space((unsigned char)s[j]))
				j++;
		}
		if (out->n == out->cap) {
			out->cap = out->cap > 0 ? out->cap * 2 : 256;
			out->v = xreallocarray(out->v, out->cap, sizeof *out->v);
		}
		t = &out->v[out->n++];
		t->p = s + i;
		t->len = j - i;
		t->h = fnv1a(t->p, t->len);
		i = j;
	}
}

static bool
tok_eq(const struct tok *a, const struct tok *b)
{
	return a->h == b->h && a->len == b->len &&
	    memcmp(a->p, b->p, a->len) == 0;
}

/* A new run OP with the text of B (taken). */
static void
run_push(struct emit *e, enum wd_op op, struct textbuf *b)
{
	if (e->n == e->cap) {
		e->cap = e->cap > 0 ? e->cap * 2 : 16;
		e->runs = xreallocarray(e->runs, e->cap, sizeof *e->runs);
		e->texts = xreallocarray(e->texts, e->cap, sizeof *e->texts);
	}
	e->runs[e->n].op = op;
	e->runs[e->n].text = NULL;
	e->texts[e->n++] = *b;
	memset(b, 0, sizeof *b);
}

static bool
is_blank_line(const struct textbuf *b)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if (!text_is_space((unsigned char)b->p[i]) || b->p[i] == '\n')
			return false;
	return true;
}

/*
 * The change held back becomes runs. A replacement that follows another
 * across nothing but spaces joins it ("[-the old-]{+a new+}" rather than
 * "[-the-]{+a+} [-old-]{+new+}"): the spaces go into both sides, so
 * joining the runs still gives each text back.
 */
static void
flush(struct emit *e)
{
	struct textbuf *t = e->texts;
	size_t n = e->n;

	if (e->del.len == 0 && e->ins.len == 0)
		return;
	if (e->del.len > 0 && e->ins.len > 0 && n >= 3 &&
	    e->runs[n - 1].op == WD_SAME && e->runs[n - 2].op == WD_INS &&
	    e->runs[n - 3].op == WD_DEL && is_blank_line(&t[n - 1])) {
		textbuf_add(&t[n - 3], t[n - 1].p, t[n - 1].len);
		textbuf_add(&t[n - 3], e->del.p, e->del.len);
		textbuf_add(&t[n - 2], t[n - 1].p, t[n - 1].len);
		textbuf_add(&t[n - 2], e->ins.p, e->ins.len);
		free(t[n - 1].p);
		e->n--;
		e->del.len = e->ins.len = 0;
		return;
	}
	if (e->del.len > 0)
		run_push(e, WD_DEL, &e->del);
	if (e->ins.len > 0)
		run_push(e, WD_INS, &e->ins);
	e->del.len = e->ins.len = 0;
}

static void
add(struct emit *e, enum wd_op op, const char *p, size_t len)
{
	struct textbuf b = { 0 };

	if (len == 0)
		return;
	if (op == WD_DEL) {
		textbuf_add(&e->del, p, len);
		return;
	}
	if (op == WD_INS) {
		textbuf_add(&e->ins, p, len);
		return;
	}
	flush(e);
	if (e->n > 0 && e->runs[e->n - 1].op == WD_SAME) {
		textbuf_add(&e->texts[e->n - 1], p, len);
		return;
	}
	textbuf_add(&b, p, len);
	run_push(e, WD_SAME, &b);
}

static void diff_part(struct emit *e, const char *a, size_t alen,
    const char *b, size_t blen, enum level lv);

/*
 * The LCS of A[0..N) and B[0..M) by the table, as runs. At the level of
 * lines, each changed stretch (the lines between two that stayed) is
 * compared again word by word.
 */
static void
diff_table(struct emit *e, const struct tok *a, size_t n, const struct tok *b,
    size_t m, enum level lv)
{
	uint16_t *L = xcalloc((n + 1) * (m + 1), sizeof *L);
	size_t i, j, w = m + 1;
	const char *da = NULL, *db = NULL;   /* a changed stretch of lines */
	size_t dal = 0, dbl = 0;

	/* L[i][j]: the LCS of A[i..) and B[j..). */
	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;)
			L[i * w + j] = tok_eq(&a[i], &b[j]) ?
			    (uint16_t)(L[(i + 1) * w + j + 1] + 1) :
			    L[(i + 1) * w + j] >= L[i * w + j + 1] ?
			    L[(i + 1) * w + j] : L[i * w + j + 1];
	i = j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && tok_eq(&a[i], &b[j])) {
			if (dal > 0 || dbl > 0)
				diff_part(e, da, dal, db, dbl, LV_WORDS_ONLY);
			dal = dbl = 0;
			add(e, WD_SAME, a[i].p, a[i].len);
			i++;
			j++;
		} else if (j == m || (i < n && L[(i + 1) * w + j] >=
		    L[i * w + j + 1])) {
			if (lv == LV_LINES) {
				da = dal == 0 ? a[i].p : da;
				dal += a[i].len;
			} else
				add(e, WD_DEL, a[i].p, a[i].len);
			i++;
		} else {
			if (lv == LV_LINES) {
				db = dbl == 0 ? b[j].p : db;
				dbl += b[j].len;
			} else
				add(e, WD_INS, b[j].p, b[j].len);
			j++;
		}
	}
	if (dal > 0 || dbl > 0)
		diff_part(e, da, dal, db, dbl, LV_WORDS_ONLY);
	free(L);
}

/* The difference of A (ALEN bytes) and B (BLEN bytes) at level LV. */
static void
diff_part(struct emit *e, const char *a, size_t alen, const char *b,
    size_t blen, enum level lv)
{
	struct toks ta = { 0 }, tb = { 0 };
	size_t pre = 0, suf = 0, n, m, k;
	const char *ma, *mb;
	size_t mal, mbl;

	if (alen == 0 || blen == 0) {
		add(e, WD_DEL, a, alen);
		add(e, WD_INS, b, blen);
		return;
	}
	tokenize(a, alen, lv == LV_LINES, &ta);
	tokenize(b, blen, lv == LV_LINES, &tb);
	while (pre < ta.n && pre < tb.n && tok_eq(&ta.v[pre], &tb.v[pre]))
		pre++;
	while (suf < ta.n - pre && suf < tb.n - pre &&
	    tok_eq(&ta.v[ta.n - 1 - suf], &tb.v[tb.n - 1 - suf]))
		suf++;
	n = ta.n - pre - suf;
	m = tb.n - pre - suf;
	/* The middle, as bytes. */
	ma = pre < ta.n ? ta.v[pre].p : a + alen;
	mb = pre < tb.n ? tb.v[pre].p : b + blen;
	mal = (size_t)((suf > 0 ? ta.v[ta.n - suf].p : a + alen) - ma);
	mbl = (size_t)((suf > 0 ? tb.v[tb.n - suf].p : b + blen) - mb);
	add(e, WD_SAME, a, (size_t)(ma - a));
	if (n == 0 || m == 0) {
		add(e, WD_DEL, ma, mal);
		add(e, WD_INS, mb, mbl);
	} else if (n + 1 <= CELL_LIMIT / (m + 1))
		diff_table(e, ta.v + pre, n, tb.v + pre, m, lv);
	else if (lv == LV_WORDS)
		diff_part(e, ma, mal, mb, mbl, LV_LINES);
	else {
		add(e, WD_DEL, ma, mal);
		add(e, WD_INS, mb, mbl);
	}
	for (k = 0; k < suf; k++)
		add(e, WD_SAME, ta.v[ta.n - suf + k].p, ta.v[ta.n - suf + k].len);
	free(ta.v);
	free(tb.v);
}

void
worddiff_clear(struct worddiff *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		free(d->runs[i].text);
	free(d->runs);
	memset(d, 0, sizeof *d);
}

void
worddiff(const char *old, const char *new_text, struct worddiff *out)
{
	struct emit e = { 0 };
	size_t i;

	old = old != NULL ? old : "";
	new_text = new_text != NULL ? new_text : "";
	diff_part(&e, old, strlen(old), new_text, strlen(new_text), LV_WORDS);
	flush(&e);
	memset(out, 0, sizeof *out);
	out->runs = e.runs;
	out->n = e.n;
	for (i = 0; i < e.n; i++) {
		out->runs[i].text = e.texts[i].p != NULL ? e.texts[i].p :
		    xstrdup("");
		if (out->runs[i].op != WD_SAME)
			out->n_changed++;
	}
	free(e.texts);
	free(e.del.p);
	free(e.ins.p);
}

char *
worddiff_marked(const struct worddiff *d)
{
	size_t i, n = 1, len;
	char *s, *p;

	for (i = 0; i < d->n; i++)
		n += strlen(d->runs[i].text) + 4;
	p = s = xmalloc(n);
	for (i = 0; i < d->n; i++) {
		if (d->runs[i].op != WD_SAME) {
			memcpy(p, d->runs[i].op == WD_DEL ? "[-" : "{+", 2);
			p += 2;
		}
		len = strlen(d->runs[i].text);
		memcpy(p, d->runs[i].text, len);
		p += len;
		if (d->runs[i].op != WD_SAME) {
			memcpy(p, d->runs[i].op == WD_DEL ? "-]" : "+}", 2);
			p += 2;
		}
	}
	*p = '\0';
	return s;
}
