/* tui/products_picker.c - a modal editor of a products field: which
 * products and cycles, which versions, and their CSAF status. */
#include "config.h"

#include "tui/pickers.h"

#include <curses.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/communication.h"
#include "core/product.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define ALL_CYCLES "all cycles"

/* One affected-products row; NULL (or "") where unset. Keys of the
 * stored JSON, in this order. */
enum prow_key {
	PK_PRODUCT, PK_CYCLE, PK_RANGE, PK_STATUS, PK_JUSTIFICATION,
	PK_ECOSYSTEM, PK_PACKAGE, PK_COUNT
};
static const char *const prow_keys[PK_COUNT] = {
	"product", "cycle", "range", "status", "justification", "ecosystem",
	"package",
};

struct prow {
	char *v[PK_COUNT];
};

struct prows {
	struct prow *rows;
	size_t       n;
	size_t       cur;      /* rows[cur], or n: the "done" line */
	size_t       top;
};

static void
prow_clear(struct prow *r)
{
	int k;

	for (k = 0; k < PK_COUNT; k++) {
		free(r->v[k]);
		r->v[k] = NULL;
	}
}

static void
prows_free(struct prows *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		prow_clear(&l->rows[i]);
	free(l->rows);
	memset(l, 0, sizeof *l);
}

static void
set(struct prow *r, int k, const char *v)
{
	free(r->v[k]);
	r->v[k] = v != NULL && *v != '\0' ? xstrdup(v) : NULL;
}

/* Read CURRENT (the field's stored JSON) into L; ST_INVALID naming what
 * is wrong when it is not an array of objects of strings. */
static enum status
prows_parse(struct prows *l, const char *current, struct err *err)
{
	json_error_t je;
	json_t *arr, *o, *v;
	size_t i;
	int k;

	memset(l, 0, sizeof *l);
	if (current == NULL || *current == '\0')
		return ST_OK;
	if ((arr = json_loads(current, 0, &je)) == NULL)
		return err_set(err, ST_INVALID, "products: not JSON: %s (line %d, "
		    "column %d)", je.text, je.line, je.column);
	if (!json_is_array(arr)) {
		json_decref(arr);
		return err_set(err, ST_INVALID, "products: not a JSON array");
	}
	l->rows = xcalloc(json_array_size(arr) + 1, sizeof *l->rows);
	json_array_foreach(arr, i, o) {
		if (!json_is_object(o))
			continue;
		for (k = 0; k < PK_COUNT; k++)
			if ((v = json_object_get(o, prow_keys[k])) != NULL &&
			    json_is_string(v))
				set(&l->rows[l->n], k, json_string_value(v));
		l->n++;
	}
	json_decref(arr);
	return ST_OK;
}

/* L as the field's JSON; allocated. */
static char *
prows_json(const struct prows *l)
{
	json_t *arr = json_array(), *o;
	char *s, *out;
	size_t i;
	int k;

	for (i = 0; i < l->n; i++) {
		o = json_object();
		for (k = 0; k < PK_COUNT; k++)
			if (l->rows[i].v[k] != NULL)
				json_object_set_new(o, prow_keys[k],
				    json_string(l->rows[i].v[k]));
		json_array_append_new(arr, o);
	}
	s = json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(arr);
	if (s == NULL)
		die("out of memory");
	out = xstrdup(s);
	free(s);
	return out;
}

const char *
csaf_words(const char *value, bool is_capital, char *buf, size_t n)
{
	char *p;

	snprintf(buf, n, "%s", value != NULL ? value : "");
	for (p = buf; *p != '\0'; p++)
		if (*p == '_')
			*p = ' ';
	if (is_capital && buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return buf;
}

/* A row in two lines: "acme-gateway 4.2  >=4.2.0 <4.2.7" and
 * "Known not affected: component not present  npm/acme". */
static void
prow_label(const struct prow *r, char *what, char *how, size_t n)
{
	char status[64], why[96];

	snprintf(what, n, "%s %s  %s", r->v[PK_PRODUCT] != NULL ?
	    r->v[PK_PRODUCT] : "?", r->v[PK_CYCLE] != NULL ? r->v[PK_CYCLE] :
	    ALL_CYCLES, r->v[PK_RANGE] != NULL ? r->v[PK_RANGE] : "all versions");
	snprintf(how, n, "%s%s%s%s%s%s%s", r->v[PK_STATUS] != NULL ?
	    csaf_words(r->v[PK_STATUS], true, status, sizeof status) : "?",
	    r->v[PK_JUSTIFICATION] != NULL ? ": " : "",
	    r->v[PK_JUSTIFICATION] != NULL ? csaf_words(r->v[PK_JUSTIFICATION],
	    false, why, sizeof why) : "",
	    r->v[PK_ECOSYSTEM] != NULL ? "  " : "",
	    r->v[PK_ECOSYSTEM] != NULL ? r->v[PK_ECOSYSTEM] : "",
	    r->v[PK_PACKAGE] != NULL ? "/" : "",
	    r->v[PK_PACKAGE] != NULL ? r->v[PK_PACKAGE] : "");
}

char *
products_summary(const char *json)
{
	struct prows l;
	char status[64], why[96], *out, *longer;
	const struct prow *r;
	size_t i;

	if (prows_parse(&l, json, NULL) != ST_OK)
		return xstrdup(json != NULL ? json : "");
	out = xstrdup("");
	for (i = 0; i < l.n; i++) {
		r = &l.rows[i];
		longer = xasprintf("%s%s%s%s%s%s%s: %s%s%s", out, i > 0 ? "; " : "",
		    r->v[PK_PRODUCT] != NULL ? r->v[PK_PRODUCT] : "?",
		    r->v[PK_CYCLE] != NULL ? " " : "",
		    r->v[PK_CYCLE] != NULL ? r->v[PK_CYCLE] : "",
		    r->v[PK_RANGE] != NULL ? " " : "",
		    r->v[PK_RANGE] != NULL ? r->v[PK_RANGE] : "",
		    r->v[PK_STATUS] != NULL ? csaf_words(r->v[PK_STATUS], false,
		    status, sizeof status) : "no status",
		    r->v[PK_JUSTIFICATION] != NULL ? ", " : "",
		    r->v[PK_JUSTIFICATION] != NULL ? csaf_words(
		    r->v[PK_JUSTIFICATION], false, why, sizeof why) : "");
		free(out);
		out = longer;
	}
	prows_free(&l);
	return out;
}

static void draw(struct prows *l);

/* Clear the screen between the title and status lines. */
static void
clear_body(void)
{
	int y;

	for (y = 1; y < LINES - 1; y++) {
		move(y, 0);
		clrtoeol();
	}
}

/* The list again, under the next question, with the console's title and
 * status lines (a question on the bottom line took the status line). */
static void
backdrop(struct tui *t, struct prows *l)
{
	clear_body();
	tui_frame(t);
	draw(l);
}

/* --- asking for one row ------------------------------------------------- */

/* Index of V in VOCAB (NULL-terminated), or 0. */
static size_t
index_of(const char *const *vocab, const char *v)
{
	size_t i;

	for (i = 0; v != NULL && vocab[i] != NULL; i++)
		if (strcmp(vocab[i], v) == 0)
			return i;
	return 0;
}

static size_t
count(const char *const *vocab)
{
	size_t n = 0;

	while (vocab[n] != NULL)
		n++;
	return n;
}

/* Pick the product of R from the database's; false when cancelled. */
static bool
ask_product(struct tui *t, struct prow *r, long long *product_id)
{
	struct rowlist l;
	struct err err = { 0 };
	const struct product *p;
	char **labels;
	size_t i, chosen = 0;
	bool is_chosen = false;

	if (product_list(tui_session(t), &l, &err) != ST_OK || l.count == 0) {
		if (l.count == 0 && err.msg[0] == '\0')
			tui_message(t, "no products yet: add them first (herald "
			    "product add)");
		else
			tui_error(t, &err);
		rowlist_free(&l, (row_clear_fn)product_clear);
		return false;
	}
	labels = xcalloc(l.count, sizeof *labels);
	for (i = 0; i < l.count; i++) {
		p = rowlist_at(&l, i);
		labels[i] = xasprintf("%s (%s)", p->name, p->slug);
		if (r->v[PK_PRODUCT] != NULL && strcmp(p->slug, r->v[PK_PRODUCT]) == 0)
			chosen = i;
	}
	if (tui_pick_one(t, "Which product?", (const char *const *)labels,
	    l.count, &chosen)) {
		p = rowlist_at(&l, chosen);
		if (r->v[PK_PRODUCT] == NULL || strcmp(r->v[PK_PRODUCT],
		    p->slug) != 0)
			set(r, PK_CYCLE, NULL);
		set(r, PK_PRODUCT, p->slug);
		*product_id = p->id;
		is_chosen = true;
	}
	for (i = 0; i < l.count; i++)
		free(labels[i]);
	free(labels);
	rowlist_free(&l, (row_clear_fn)product_clear);
	return is_chosen;
}

/* Pick the cycle of R's product, or all of them; false when cancelled. */
static bool
ask_cycle(struct tui *t, struct prow *r, long long product_id)
{
	struct rowlist l;
	struct err err = { 0 };
	const struct cycle *c;
	char **labels;
	size_t i, chosen = 0;
	bool is_chosen;

	if (cycle_list_for_product(tui_session(t), product_id, &l, &err) !=
	    ST_OK) {
		tui_error(t, &err);
		rowlist_free(&l, (row_clear_fn)cycle_clear);
		return false;
	}
	labels = xcalloc(l.count + 1, sizeof *labels);
	labels[0] = xstrdup(ALL_CYCLES);
	for (i = 0; i < l.count; i++) {
		c = rowlist_at(&l, i);
		labels[i + 1] = xasprintf("%s%s%s", c->cycle, c->latest_version !=
		    NULL ? "  latest " : "", c->latest_version != NULL ?
		    c->latest_version : "");
		if (r->v[PK_CYCLE] != NULL && strcmp(c->cycle, r->v[PK_CYCLE]) == 0)
			chosen = i + 1;
	}
	is_chosen = tui_pick_one(t, "Which release cycle?",
	    (const char *const *)labels, l.count + 1, &chosen);
	if (is_chosen)
		set(r, PK_CYCLE, chosen == 0 ? NULL :
		    ((const struct cycle *)rowlist_at(&l, chosen - 1))->cycle);
	for (i = 0; i <= l.count; i++)
		free(labels[i]);
	free(labels);
	rowlist_free(&l, (row_clear_fn)cycle_clear);
	return is_chosen;
}

/* Ask for R's text K with QUESTION: empty keeps it, "-" clears it. */
static bool
ask_text(struct tui *t, struct prow *r, int k, const char *question)
{
	char q[256], answer[256];

	if (r->v[k] != NULL)
		snprintf(q, sizeof q, "%s (Enter keeps %s, - clears):", question,
		    r->v[k]);
	else
		snprintf(q, sizeof q, "%s (Enter for none):", question);
	if (!tui_prompt(t, q, answer, sizeof answer))
		return false;
	text_trim(answer);
	if (strcmp(text_trim(answer), "-") == 0)
		set(r, k, NULL);
	else if (*text_trim(answer) != '\0')
		set(r, k, text_trim(answer));
	return true;
}

/* Pick R's value K from VOCAB, with NONE (when not NULL) first for
 * "unset"; false when cancelled. IS_WORDS shows CSAF's values as words
 * ("Known not affected"); the value stored stays CSAF's. */
static bool
ask_choice(struct tui *t, struct prow *r, int k, const char *title,
    const char *const *vocab, const char *none, bool is_words)
{
	size_t n = count(vocab), off = none != NULL, i, chosen;
	char **labels = xcalloc(n + 1, sizeof *labels);
	char buf[128];
	bool is_chosen;

	if (none != NULL)
		labels[0] = xstrdup(none);
	for (i = 0; i < n; i++)
		labels[i + off] = xstrdup(is_words ? csaf_words(vocab[i], true, buf,
		    sizeof buf) : vocab[i]);
	chosen = r->v[k] == NULL ? 0 : index_of(vocab, r->v[k]) + off;
	is_chosen = tui_pick_one(t, title, (const char *const *)labels, n + off,
	    &chosen);
	if (is_chosen)
		set(r, k, chosen < off ? NULL : vocab[chosen - off]);
	for (i = 0; i < n + off; i++)
		free(labels[i]);
	free(labels);
	return is_chosen;
}

/* Ask for every part of R in turn, starting from what it holds; false
 * (R unchanged) when the person gives up at any question. Before each
 * question the list L is drawn again, so the chooser closed last does
 * not stay behind the next one. */
static bool
ask_row(struct tui *t, struct prows *l, struct prow *r)
{
	struct prow w = { 0 };
	long long product_id = 0;
	int k;

	for (k = 0; k < PK_COUNT; k++)
		set(&w, k, r->v[k]);
	if (!ask_product(t, &w, &product_id) ||
	    (backdrop(t, l), !ask_cycle(t, &w, product_id)) ||
	    (backdrop(t, l), !ask_text(t, &w, PK_RANGE,
	    "Versions, e.g. >=4.2.0 <4.2.7")) ||
	    (backdrop(t, l), !ask_choice(t, &w, PK_STATUS, "Status",
	    affected_statuses(), NULL, true)))
		goto cancel;
	backdrop(t, l);
	if (strcmp(w.v[PK_STATUS], "known_not_affected") != 0)
		set(&w, PK_JUSTIFICATION, NULL);
	else if (!ask_choice(t, &w, PK_JUSTIFICATION, "Why not affected?",
	    affected_justifications(), NULL, true))
		goto cancel;
	backdrop(t, l);
	if (!ask_choice(t, &w, PK_ECOSYSTEM, "GitHub ecosystem (optional)",
	    affected_ecosystems(), "none", false))
		goto cancel;
	backdrop(t, l);
	if (w.v[PK_ECOSYSTEM] == NULL)
		set(&w, PK_PACKAGE, NULL);
	else if (!ask_text(t, &w, PK_PACKAGE, "Package name"))
		goto cancel;
	prow_clear(r);
	*r = w;
	return true;
cancel:
	prow_clear(&w);
	return false;
}

/* --- the list ----------------------------------------------------------- */

/* The rows of the list the box shows: two lines each. */
static int
fit(void)
{
	return (LINES - 8) / 2 > 1 ? (LINES - 8) / 2 : 1;
}

/* The list in a box over most of the screen: two lines a row, then
 * "Done". */
static void
draw(struct prows *l)
{
	char what[512], how[512];
	int h = LINES - 4, w = COLS - 6, y = 2, x = 3, rows = fit(), r;
	size_t i;

	pick_scroll(l->cur, &l->top, (size_t)rows);
	pick_box(y, x, h, w, "Affected products");
	for (r = 0, i = l->top; r < rows && i <= l->n; r++, i++) {
		if (i == l->n) {
			pick_row(y + 1 + 2 * r, x, w, l->n == 0 ?
			    "(none yet: a adds one)  Done" : "Done",
			    i == l->cur, ROLE_NORMAL);
			break;
		}
		prow_label(&l->rows[i], what, how, sizeof what);
		pick_row(y + 1 + 2 * r, x, w, what, i == l->cur, ROLE_NORMAL);
		pick_row(y + 2 + 2 * r, x, w, how, i == l->cur, ROLE_DIM);
	}
	attron(theme_attr(ROLE_DIM));
	text_put(y + h - 2, x + 2, "a: add  Enter: change (Done: keep)  "
	    "x: delete  F2: keep  Esc: cancel", w - 4, false);
	attroff(theme_attr(ROLE_DIM));
	refresh();
}

static void
remove_row(struct prows *l)
{
	if (l->cur >= l->n)
		return;
	prow_clear(&l->rows[l->cur]);
	memmove(&l->rows[l->cur], &l->rows[l->cur + 1],
	    (l->n - l->cur - 1) * sizeof *l->rows);
	l->n--;
}

static void
add_row(struct tui *t, struct prows *l)
{
	struct prow r = { 0 };

	if (!ask_row(t, l, &r))
		return;
	l->rows = xreallocarray(l->rows, l->n + 1, sizeof *l->rows);
	l->rows[l->n++] = r;
	l->cur = l->n - 1;
}

enum status
tui_pick_products(struct tui *t, const char *current, char **out,
    struct err *err)
{
	struct prows l;
	enum status st;
	wint_t ch;
	int rc;

	*out = NULL;
	if ((st = prows_parse(&l, current, err)) != ST_OK)
		return st;
	curs_set(0);
	for (;;) {
		backdrop(t, &l);
		if (!tui_wait_key(&rc, &ch))
			break;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			erase();
			continue;
		}
		/* The rows and "Done" after them. */
		if (pick_move(&l.cur, l.n + 1, (size_t)fit(), rc, ch))
			continue;
		if (rc == OK && ch == 'a')
			add_row(t, &l);
		else if ((rc == OK && ch == 'x') ||
		    (rc == KEY_CODE_YES && ch == KEY_DC))
			remove_row(&l);
		else if (pick_is_enter(rc, ch) && l.cur < l.n)
			ask_row(t, &l, &l.rows[l.cur]);
		else if (pick_is_enter(rc, ch) || (rc == KEY_CODE_YES &&
		    ch == KEY_F(2))) {
			*out = prows_json(&l);
			break;
		} else if (pick_is_cancel(rc, ch))
			break;
	}
	prows_free(&l);
	return ST_OK;
}
