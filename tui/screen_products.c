/* tui/screen_products.c - the version support matrix: products, their
 * release cycles, each cycle's phase today and end-of-life notices due. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/clock.h"
#include "core/communication.h"
#include "core/product.h"
#include "core/workflow.h"
#include "tui/logins.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define EOL_NOTICE_MONTHS 12     /* the code of practice's notice period */
#define DETAIL_ROWS       3      /* a rule and two lines about the cycle */
#define DAY               86400

/* The latest end-of-life notice of a cycle: a communication. */
struct notice {
	long long cycle_id;
	long long id;
	char      state[16];         /* draft, in-review, ... */
};

enum line_kind { LINE_PRODUCT, LINE_CYCLE, LINE_NOTE };

/* One line of the matrix: a product heading, a cycle, or a note under a
 * cycle (an EOL notice due or sent; "no cycles" when CYCLE is NULL). */
struct pline {
	enum line_kind      kind;
	size_t              product;     /* index into products */
	const struct cycle *cycle;       /* borrowed from cycles[product] */
};

struct products {
	struct rowlist   products;       /* struct product, by slug */
	struct rowlist  *cycles;         /* per product: struct cycle */
	size_t           ncycles;        /* how many rowlists cycles holds */
	struct rowlist   due;            /* struct cycle: EOL notice due */
	struct logins    logins;         /* owner ids to logins */
	struct pline    *lines;
	size_t           nlines;
	int              cursor;         /* a LINE_CYCLE index, or -1 */
	int              top;            /* first line shown */
	int              height;         /* list lines at the last draw */
	time_t           now;
	char             problem[512];   /* why the data could not load */
	struct notice   *notices;        /* one per cycle that has any */
	size_t           nnotices;
};

/* The columns, in display order; the first two always show, the others
 * by PRIO (1 first) while they fit. */
enum field {
	F_CYCLE, F_PHASE, F_RELEASED, F_ACTIVE, F_SECURITY, F_EOL, F_EXTENDED,
	F_LATEST, NFIELDS
};

static const struct {
	const char *head;
	int         prio;
} fields[NFIELDS] = {
	[F_CYCLE] = { "Cycle", 0 },
	[F_PHASE] = { "Phase today", 0 },
	[F_RELEASED] = { "Released", 4 },
	[F_ACTIVE] = { "Active to", 3 },
	[F_SECURITY] = { "Security to", 2 },
	[F_EOL] = { "EOL", 1 },
	[F_EXTENDED] = { "Extended to", 6 },
	[F_LATEST] = { "Latest", 5 },
};

static const char *
phase_words(enum cycle_phase ph)
{
	switch (ph) {
	case CYCLE_UNRELEASED:
		return "not released";
	case CYCLE_FULL_SUPPORT:
		return "full support";
	case CYCLE_SECURITY_ONLY:
		return "security fixes only";
	case CYCLE_EXTENDED:
		return "extended support";
	case CYCLE_EOL:
		return "end of life";
	}
	return "unknown";
}

static enum role
phase_role(enum cycle_phase ph)
{
	switch (ph) {
	case CYCLE_FULL_SUPPORT:
		return ROLE_GOOD;
	case CYCLE_SECURITY_ONLY:
		return ROLE_MEDIUM;
	case CYCLE_EXTENDED:
		return ROLE_WARN;
	case CYCLE_EOL:
		return ROLE_BAD;
	default:
		return ROLE_DIM;
	}
}

/* A date as YYYY-MM-DD ("" when unset). */
static const char *
date_of(const char *d, char *buf, size_t n)
{
	snprintf(buf, n, "%.10s", d != NULL ? d : "");
	return buf;
}

/* An RFC 3339 time as the local YYYY-MM-DD. */
static const char *
local_date(const char *when, char *buf, size_t n)
{
	struct tm tm;
	time_t t;

	if (clock_parse(when, &t, NULL) != ST_OK || localtime_r(&t, &tm) == NULL ||
	    strftime(buf, n, "%Y-%m-%d", &tm) == 0)
		return date_of(when, buf, n);
	return buf;
}

static const char *
cell(const struct products *p, const struct cycle *c, enum field f, char *buf,
    size_t n)
{
	switch (f) {
	case F_CYCLE:
		snprintf(buf, n, "%s%s", c->cycle, c->is_lts ? " LTS" : "");
		return buf;
	case F_PHASE:
		return phase_words(cycle_phase(c, p->now));
	case F_RELEASED:
		return date_of(c->release_date, buf, n);
	case F_ACTIVE:
		return date_of(c->active_support_end, buf, n);
	case F_SECURITY:
		return date_of(c->security_support_end, buf, n);
	case F_EOL:
		return date_of(c->eol, buf, n);
	case F_EXTENDED:
		return date_of(c->extended_support_end, buf, n);
	case F_LATEST:
		return c->latest_version != NULL ? c->latest_version : "";
	case NFIELDS:
		break;
	}
	return "";
}

/* Cycle C's end-of-life notice into P->notices, if it has one: the
 * newest one that was not withdrawn speaks for the cycle. Reads its
 * communications alone, along their index by cycle. */
static void
load_notice(struct products *p, struct session *s, const struct cycle *c)
{
	const struct communication *cm, *best = NULL;
	struct notice *n;
	struct rowlist l;
	size_t i;

	if (communication_list_for_cycle(s, c->id, &l, NULL) != ST_OK)
		goto end;
	for (i = 0; i < l.count; i++) {
		cm = rowlist_at(&l, i);
		if (strcmp(cm->kind, "eol-notice") != 0)
			continue;
		if (best != NULL && strcmp(cm->state, "withdrawn") == 0 &&
		    strcmp(best->state, "withdrawn") != 0)
			continue;
		best = cm;
	}
	if (best == NULL)
		goto end;
	p->notices = xreallocarray(p->notices, p->nnotices + 1,
	    sizeof *p->notices);
	n = &p->notices[p->nnotices++];
	n->cycle_id = c->id;
	n->id = best->id;
	snprintf(n->state, sizeof n->state, "%s", best->state);
end:
	rowlist_free(&l, (row_clear_fn)communication_clear);
}

static const struct notice *
notice_of(const struct products *p, const struct cycle *c)
{
	size_t i;

	for (i = 0; i < p->nnotices; i++)
		if (p->notices[i].cycle_id == c->id)
			return &p->notices[i];
	return NULL;
}

/* Cycle C's notice N in words, "notice #12 in review"; "" when there is
 * none, it was withdrawn, or it went out and C records it as sent. */
static const char *
notice_words(const struct notice *n, const struct cycle *c, char *buf,
    size_t size)
{
	char *q;

	if (n == NULL || strcmp(n->state, "withdrawn") == 0 ||
	    (strcmp(n->state, "published") == 0 && c->eol_notice_sent_at != NULL))
		return "";
	snprintf(buf, size, "notice #%lld %s", n->id, n->state);
	for (q = buf; *q != '\0'; q++)
		if (*q == '-')
			*q = ' ';
	return buf;
}

static bool
is_due(const struct products *p, const struct cycle *c)
{
	size_t i;

	for (i = 0; i < p->due.count; i++)
		if (((const struct cycle *)rowlist_at(&p->due, i))->id == c->id)
			return true;
	return false;
}

/* Whole days from now to the start of date D (negative once past);
 * false when D is unset or unreadable. */
static bool
days_to(const struct products *p, const char *d, long *days)
{
	time_t t;
	double diff;

	if (d == NULL || *d == '\0' || clock_parse(d, &t, NULL) != ST_OK)
		return false;
	diff = difftime(t, p->now);
	*days = diff >= 0 ? (long)((diff + DAY - 1) / DAY) : -(long)(-diff / DAY);
	return true;
}

/* The note under cycle C, in BUF, and its role; false when there is none.
 * A notice is due (core's rule: EOL within 12 months, or past, and no
 * notice sent), or was sent for an EOL still ahead. */
static bool
note(const struct products *p, const struct cycle *c, char *buf, size_t n,
    enum role *role)
{
	const struct notice *nt = notice_of(p, c);
	char sent[16], started[64];
	const char *what;
	long days;

	/* A notice under way ("notice #12 in review"), else "no notice sent". */
	what = notice_words(nt, c, started, sizeof started);
	if (!days_to(p, c->eol, &days)) {
		if (*what == '\0')
			return false;
		*role = ROLE_MEDIUM;
		snprintf(buf, n, "%s", what);
		return true;
	}
	if (*what == '\0')
		what = "no notice sent";
	if (is_due(p, c)) {
		*role = days > 30 ? ROLE_WARN : ROLE_BAD;
		if (days > 0)
			snprintf(buf, n, "! EOL in %ld day%s, %s", days,
			    days == 1 ? "" : "s", what);
		else if (days == 0)
			snprintf(buf, n, "! EOL today, %s", what);
		else
			snprintf(buf, n, "! EOL %ld day%s ago, %s", -days,
			    days == -1 ? "" : "s", what);
		return true;
	}
	if (nt != NULL && strcmp(what, "no notice sent") != 0) {
		*role = ROLE_MEDIUM;
		snprintf(buf, n, "EOL in %ld day%s, %s", days, days == 1 ? "" : "s",
		    what);
		return true;
	}
	if (c->eol_notice_sent_at != NULL && days >= 0) {
		*role = ROLE_DIM;
		snprintf(buf, n, "EOL in %ld day%s, notice sent %s", days,
		    days == 1 ? "" : "s", local_date(c->eol_notice_sent_at, sent,
		    sizeof sent));
		return true;
	}
	return false;
}

/* Move the cursor to the cycle line nearest FROM in direction DIR (1 or
 * -1), trying the other way when there is none; true when it moved. */
static bool
move_to(struct products *p, int from, int dir)
{
	int i;

	if (from < 0)
		from = 0;
	if (from >= (int)p->nlines)
		from = (int)p->nlines - 1;
	for (i = from; i >= 0 && i < (int)p->nlines; i += dir)
		if (p->lines[i].kind == LINE_CYCLE)
			goto found;
	for (i = from; i >= 0 && i < (int)p->nlines; i -= dir)
		if (p->lines[i].kind == LINE_CYCLE)
			goto found;
	return false;
found:
	if (i == p->cursor)
		return false;
	p->cursor = i;
	return true;
}

static void
add_line(struct products *p, enum line_kind kind, size_t product,
    const struct cycle *c)
{
	p->lines = xreallocarray(p->lines, p->nlines + 1, sizeof *p->lines);
	p->lines[p->nlines].kind = kind;
	p->lines[p->nlines].product = product;
	p->lines[p->nlines].cycle = c;
	p->nlines++;
}

static void
unload(struct products *p)
{
	size_t i;

	for (i = 0; i < p->ncycles; i++)
		rowlist_free(&p->cycles[i], (row_clear_fn)cycle_clear);
	free(p->cycles);
	p->cycles = NULL;
	p->ncycles = 0;
	rowlist_free(&p->products, (row_clear_fn)product_clear);
	rowlist_free(&p->due, (row_clear_fn)cycle_clear);
	free(p->notices);
	p->notices = NULL;
	p->nnotices = 0;
	free(p->lines);
	p->lines = NULL;
	p->nlines = 0;
}

/* Whether every product's owner is in the user list read last. */
static bool
knows_owners(const struct products *p)
{
	const struct product *pr;
	size_t i;

	for (i = 0; i < p->products.count; i++) {
		pr = rowlist_at(&p->products, i);
		if (pr->owner_id != 0 && logins_get(&p->logins, pr->owner_id) == NULL)
			return false;
	}
	return p->logins.users.size != 0;
}

/* Read everything again and put the cursor back on cycle KEEP (an id;
 * 0 = the first cycle), or on the cycle line nearest the old cursor. */
static void
load(struct screen *sc, long long keep)
{
	struct products *p = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct err err = { 0 };
	const struct cycle *c;
	char buf[128];
	enum role role;
	int old = p->cursor;
	size_t i, k;

	unload(p);
	p->problem[0] = '\0';
	p->now = clock_now();
	rowlist_init(&p->products, sizeof(struct product));
	rowlist_init(&p->due, sizeof(struct cycle));
	if (product_list(s, &p->products, &err) != ST_OK ||
	    cycle_list_eol_due(s, EOL_NOTICE_MONTHS, &p->due, &err) != ST_OK)
		goto fail;
	/* Owners are optional to show: an unreadable user list is no reason
	 * to hide the matrix. The list is read again only when an owner is
	 * not in it, not on every reload. */
	if (!knows_owners(p)) {
		logins_free(&p->logins);
		logins_load(&p->logins, s, NULL);
	}
	p->ncycles = p->products.count;
	p->cycles = p->ncycles > 0 ? xcalloc(p->ncycles, sizeof *p->cycles) : NULL;
	for (i = 0; i < p->ncycles; i++) {
		rowlist_init(&p->cycles[i], sizeof(struct cycle));
		if (cycle_list_for_product(s, ((struct product *)rowlist_at(
		    &p->products, i))->id, &p->cycles[i], &err) != ST_OK)
			goto fail;
	}
	p->cursor = -1;
	for (i = 0; i < p->ncycles; i++) {
		add_line(p, LINE_PRODUCT, i, NULL);
		if (p->cycles[i].count == 0)
			add_line(p, LINE_NOTE, i, NULL);
		for (k = 0; k < p->cycles[i].count; k++) {
			c = rowlist_at(&p->cycles[i], k);
			load_notice(p, s, c);
			if (keep != 0 && c->id == keep)
				p->cursor = (int)p->nlines;
			add_line(p, LINE_CYCLE, i, c);
			if (note(p, c, buf, sizeof buf, &role))
				add_line(p, LINE_NOTE, i, c);
		}
	}
	/* The cycle went away (or none was kept): the nearest one. */
	if (p->cursor < 0)
		move_to(p, keep != 0 ? old : 0, 1);
	return;
fail:
	snprintf(p->problem, sizeof p->problem, "%s", err.msg);
	unload(p);
	p->cursor = -1;
}

static const struct cycle *
selected(const struct products *p)
{
	return p->cursor >= 0 ? p->lines[p->cursor].cycle : NULL;
}

static enum status
open_products(struct screen *sc, const void *arg, struct err *err)
{
	struct products *p = sc->priv;

	(void)arg;
	(void)err;
	p->cursor = -1;
	load(sc, 0);
	return ST_OK;
}

static void
close_products(struct screen *sc)
{
	struct products *p = sc->priv;

	unload(p);
	logins_free(&p->logins);
}

static void
reload(struct screen *sc)
{
	const struct cycle *c = selected(sc->priv);

	load(sc, c != NULL ? c->id : 0);
}

/* Which columns fit in COLS, and how wide each is. */
static void
columns(const struct products *p, int cols, int width[NFIELDS],
    bool shown[NFIELDS])
{
	const struct cycle *c;
	char buf[64];
	bool has[NFIELDS] = { false };
	int f, w, used, prio;
	size_t i, k;

	for (f = 0; f < NFIELDS; f++)
		width[f] = text_width(fields[f].head);
	for (i = 0; i < p->ncycles; i++) {
		for (k = 0; k < p->cycles[i].count; k++) {
			c = rowlist_at(&p->cycles[i], k);
			for (f = 0; f < NFIELDS; f++) {
				w = text_width(cell(p, c, (enum field)f, buf, sizeof buf));
				if (w > width[f])
					width[f] = w;
				has[f] |= w > 0;
			}
		}
	}
	if (width[F_CYCLE] > 16)
		width[F_CYCLE] = 16;
	if (width[F_LATEST] > 14)
		width[F_LATEST] = 14;
	used = 2 + width[F_CYCLE] + 1 + width[F_PHASE];
	shown[F_CYCLE] = shown[F_PHASE] = true;
	for (f = F_RELEASED; f < NFIELDS; f++)
		shown[f] = false;
	for (prio = 1; prio < NFIELDS; prio++) {
		for (f = F_RELEASED; f < NFIELDS; f++) {
			if (fields[f].prio != prio || !has[f] || used + 1 + width[f] > cols)
				continue;
			shown[f] = true;
			used += 1 + width[f];
		}
	}
}

static void
draw_heading(const struct products *p, size_t i, int y, int cols)
{
	const struct product *pr = rowlist_at(&p->products, i);
	const char *owner = pr->owner_id != 0 ? logins_get(&p->logins,
	    pr->owner_id) : NULL;
	char line[512];

	if (owner != NULL)
		snprintf(line, sizeof line, "%s (%s), owner %s", pr->name, pr->slug,
		    owner);
	else
		snprintf(line, sizeof line, "%s (%s), %s", pr->name, pr->slug,
		    pr->owner_id != 0 ? "owner unknown" : "no owner");
	attron(theme_attr(ROLE_TITLE));
	text_put(y, 1, line, cols - 2, false);
	attroff(theme_attr(ROLE_TITLE));
}

static void
draw_cycle(const struct products *p, const struct cycle *c, int y, int cols,
    const int width[NFIELDS], const bool shown[NFIELDS], bool is_sel)
{
	enum cycle_phase ph = cycle_phase(c, p->now);
	char buf[64];
	int f, x = 2;

	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
	}
	for (f = 0; f < NFIELDS; f++) {
		if (!shown[f])
			continue;
		if (f == F_PHASE && !is_sel)
			attron(theme_attr(phase_role(ph)));
		text_put(y, x, cell(p, c, (enum field)f, buf, sizeof buf), width[f],
		    false);
		if (f == F_PHASE && !is_sel)
			attroff(theme_attr(phase_role(ph)));
		x += width[f] + 1;
	}
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
}

/* The selected cycle in full: the columns that did not fit, its EOL
 * notice and what customers can do after EOL. */
static void
draw_detail(const struct products *p, int y, int cols, const bool shown[NFIELDS])
{
	static const char *const words[NFIELDS] = {
		[F_RELEASED] = "released", [F_ACTIVE] = "active support to",
		[F_SECURITY] = "security fixes to", [F_EOL] = "EOL",
		[F_EXTENDED] = "extended support to", [F_LATEST] = "latest",
	};
	const struct cycle *c = selected(p);
	const struct product *pr;
	const char *val;
	char line[1024], buf[64], sent[16], notice[96], started[64];
	long days;
	size_t len;
	int f;

	attron(theme_attr(ROLE_DIM));
	mvhline(y, 0, text_is_utf8() ? ACS_HLINE : '-', cols);
	attroff(theme_attr(ROLE_DIM));
	if (c == NULL)
		return;
	pr = rowlist_at(&p->products, p->lines[p->cursor].product);
	len = (size_t)snprintf(line, sizeof line, "%s %s%s:", pr->name, c->cycle,
	    c->is_lts ? " (LTS)" : "");
	for (f = F_RELEASED; f < NFIELDS && len < sizeof line; f++) {
		val = cell(p, c, (enum field)f, buf, sizeof buf);
		if (shown[f] || *val == '\0')
			continue;
		len += (size_t)snprintf(line + len, sizeof line - len, " %s %s;",
		    words[f], val);
	}
	if (*notice_words(notice_of(p, c), c, started, sizeof started) != '\0')
		snprintf(notice, sizeof notice, "EOL %s (Enter opens it)",
		    started);
	else if (c->eol_notice_sent_at != NULL)
		snprintf(notice, sizeof notice, "EOL notice sent %s",
		    local_date(c->eol_notice_sent_at, sent, sizeof sent));
	else if (!days_to(p, c->eol, &days))
		snprintf(notice, sizeof notice, "no EOL date set");
	else
		snprintf(notice, sizeof notice, days >= 0 ? "EOL notice not sent "
		    "yet (c starts one)" : "no EOL notice was sent");
	if (len < sizeof line)
		len += (size_t)snprintf(line + len, sizeof line - len, " %s;",
		    notice);
	/* The last item's ";" becomes the end of the sentence. */
	if (len > 0 && len < sizeof line && line[len - 1] == ';')
		line[len - 1] = '.';
	text_put(y + 1, 1, line, cols - 2, false);
	if (c->post_eol_options != NULL && *c->post_eol_options != '\0') {
		snprintf(line, sizeof line, "After EOL: %s", c->post_eol_options);
		text_put(y + 2, 1, line, cols - 2, false);
	}
}

/* Scroll so the cursor shows, with its product heading above and its
 * notes below when they fit. */
static void
scroll_to(struct products *p, int height)
{
	int first, last, lo, hi;

	if (p->cursor < 0) {
		if (p->top > (int)p->nlines - height)
			p->top = (int)p->nlines - height;
		if (p->top < 0)
			p->top = 0;
		return;
	}
	first = last = p->cursor;
	while (first > 0 && p->lines[first].kind != LINE_PRODUCT)
		first--;
	if (p->cursor - first >= height)
		first = p->cursor;
	while (last + 1 < (int)p->nlines && p->lines[last + 1].kind == LINE_NOTE &&
	    last + 1 - first < height)
		last++;
	lo = last - height + 1;
	hi = first;
	if (p->top < lo)
		p->top = lo;
	if (p->top > hi)
		p->top = hi;
	if (p->top > (int)p->nlines - height)
		p->top = (int)p->nlines - height;
	if (p->top < 0)
		p->top = 0;
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct products *p = sc->priv;
	int width[NFIELDS], f, x = 2, y, height, i;
	bool shown[NFIELDS];
	const struct pline *ln;
	char buf[512];
	enum role role;

	if (p->problem[0] != '\0') {
		attron(theme_attr(ROLE_ERROR));
		text_put(top + 1, 2, p->problem, cols - 4, false);
		attroff(theme_attr(ROLE_ERROR));
		return;
	}
	if (p->nlines == 0) {
		text_put(top + 1, 2, "No products yet.", cols - 4, false);
		return;
	}
	columns(p, cols, width, shown);
	attron(theme_attr(ROLE_HEADER));
	mvhline(top, 0, ' ', cols);
	for (f = 0; f < NFIELDS; f++) {
		if (!shown[f])
			continue;
		text_put(top, x, fields[f].head, width[f], false);
		x += width[f] + 1;
	}
	attroff(theme_attr(ROLE_HEADER));
	height = rows - 1 - (rows >= 10 ? DETAIL_ROWS : 0);
	p->height = height;
	scroll_to(p, height);
	for (i = 0; i < height && p->top + i < (int)p->nlines; i++) {
		ln = &p->lines[p->top + i];
		y = top + 1 + i;
		switch (ln->kind) {
		case LINE_PRODUCT:
			draw_heading(p, ln->product, y, cols);
			break;
		case LINE_CYCLE:
			draw_cycle(p, ln->cycle, y, cols, width, shown,
			    p->top + i == p->cursor);
			break;
		case LINE_NOTE:
			if (ln->cycle == NULL) {
				attron(theme_attr(ROLE_DIM));
				text_put(y, 2, "no release cycles yet", cols - 4, false);
				attroff(theme_attr(ROLE_DIM));
			} else if (note(p, ln->cycle, buf, sizeof buf, &role)) {
				attron(theme_attr(role));
				text_put(y, 3 + width[F_CYCLE], buf,
				    cols - 4 - width[F_CYCLE], false);
				attroff(theme_attr(role));
			}
			break;
		}
	}
	if (rows >= 10)
		draw_detail(p, top + rows - DETAIL_ROWS, cols, shown);
}

/* Open the runner on cycle C's notice N. */
static unsigned
open_notice(struct screen *sc, const struct notice *n)
{
	long long id = n->id;

	tui_push(sc->tui, &screen_runner_ops, &id);
	return UI_HANDLED | UI_RELOAD;
}

/* c: start the end-of-life notice of the selected cycle and open the
 * runner on it; a notice under way opens instead. */
static unsigned
start_notice(struct screen *sc)
{
	struct products *p = sc->priv;
	const struct cycle *c = selected(p);
	const struct notice *n;
	const struct product *pr;
	struct comm_start in = { .playbook = "eol-notice" };
	struct err err = { 0 };
	char label[256];
	long long id = 0;
	size_t count = 0;

	if (c == NULL)
		return UI_HANDLED;
	n = notice_of(p, c);
	if (n != NULL && strcmp(n->state, "published") != 0 &&
	    strcmp(n->state, "withdrawn") != 0) {
		tui_message(sc->tui, "%s %s already has notice #%lld: opened it",
		    ((const struct product *)rowlist_at(&p->products,
		    p->lines[p->cursor].product))->slug, c->cycle, n->id);
		return open_notice(sc, n);
	}
	pr = rowlist_at(&p->products, p->lines[p->cursor].product);
	snprintf(label, sizeof label, "%s %s", pr->slug, c->cycle);
	in.cycle = label;
	if (comm_start(tui_session(sc->tui), &in, &id, 1, &count, &err) !=
	    ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	if (count == 0)
		return UI_HANDLED | UI_RELOAD;
	tui_message(sc->tui, "started end-of-life notice #%lld for %s", id,
	    label);
	tui_push(sc->tui, &screen_runner_ops, &id);
	return UI_HANDLED | UI_RELOAD;
}

/* Enter: the selected cycle's notice, when it has one. */
static unsigned
open_selected(struct screen *sc)
{
	struct products *p = sc->priv;
	const struct cycle *c = selected(p);
	const struct notice *n = c != NULL ? notice_of(p, c) : NULL;

	if (c == NULL)
		return UI_HANDLED;
	if (n == NULL) {
		tui_message(sc->tui, "no end-of-life notice for %s yet: c starts "
		    "one", c->cycle);
		return UI_HANDLED | UI_REDRAW;
	}
	return open_notice(sc, n);
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct products *p = sc->priv;
	int page = p->height > 1 ? p->height - 1 : 1;

	if (p->cursor < 0)
		return UI_NONE;
	switch (act) {
	case ACT_MOVE_DOWN:
		move_to(p, p->cursor + 1, 1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_MOVE_UP:
		move_to(p, p->cursor - 1, -1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_PAGE_DOWN:
		move_to(p, p->cursor + page, 1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_PAGE_UP:
		move_to(p, p->cursor - page, -1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_FIRST:
		move_to(p, 0, 1);
		p->top = 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_LAST:
		move_to(p, (int)p->nlines - 1, -1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_START:
		return start_notice(sc);
	case ACT_OPEN:
		return open_selected(sc);
	default:
		return UI_NONE;
	}
}

static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	struct products *p = sc->priv;
	int i = p->top + row - 1;

	(void)col;
	(void)is_double;
	if (row < 1 || row > p->height || i >= (int)p->nlines ||
	    p->lines[i].kind != LINE_CYCLE)
		return UI_NONE;
	p->cursor = i;
	return UI_HANDLED | UI_REDRAW;
}

/* The next cycle whose product or cycle name or latest version holds
 * NEEDLE, wrapping around. */
static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct products *p = sc->priv;
	const struct product *pr;
	const struct pline *ln;
	int n = (int)p->nlines, i, k;

	(void)is_new;  /* each search starts from the cursor anyway */
	if (p->cursor < 0)
		return false;
	for (k = 1; k <= n; k++) {
		i = ((p->cursor + dir * k) % n + n) % n;
		ln = &p->lines[i];
		if (ln->kind != LINE_CYCLE)
			continue;
		pr = rowlist_at(&p->products, ln->product);
		if (text_contains(pr->name, needle) || text_contains(pr->slug, needle) ||
		    text_contains(ln->cycle->cycle, needle) ||
		    text_contains(ln->cycle->latest_version, needle)) {
			p->cursor = i;
			return true;
		}
	}
	return false;
}

const struct screen_ops screen_products_ops = {
	.name = "products",
	.title = "Products and lifecycle",
	.priv_size = sizeof(struct products),
	.open = open_products,
	.close = close_products,
	.reload = reload,
	.draw = draw,
	.handle = handle,
	.click = click,
	.search = search,
};
