/* tui/screen_trust.c - the trust page's content, grouped by section under
 * its heading: a adds an entry (section, title, then the body in the
 * person's editor), Enter or e edits one, d removes one, + and - move it
 * within its section, x exports the page into a directory. */
#include "config.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/export.h"
#include "core/trust.h"
#include "tui/listview.h"
#include "tui/pickers.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define EXTRA_W   30         /* columns of the details column, at most */
#define DATE_W    19         /* "until 2026-09-30", "expired 2026-01-31" */
#define DIR_MAX   1024       /* a directory typed for x */

struct trust_screen {
	struct wholelist list;   /* the entries, in the page's order */
	int              top;    /* the first line shown (headings count) */
	char             now[CLOCK_BUFSZ];
};

static const struct trust_entry *
selected(const struct trust_screen *v)
{
	return wholelist_selected(&v->list);
}

/* Read the entries again, the cursor on KEEP (an id) when it is there. */
static void
load(struct screen *sc, bool is_forced, long long keep)
{
	struct trust_screen *v = sc->priv;

	wholelist_load(&v->list, tui_session(sc->tui), is_forced, keep);
	clock_now_str(v->now);
}

static enum status
open_screen(struct screen *sc, const void *arg, struct err *err)
{
	struct trust_screen *v = sc->priv;

	(void)arg;
	(void)err;
	clock_now_str(v->now);
	wholelist_open(&v->list, tui_session(sc->tui),
	    sizeof(struct trust_entry), offsetof(struct trust_entry, id),
	    (row_clear_fn)trust_entry_clear, trust_list);
	return ST_OK;
}

static void
close_screen(struct screen *sc)
{
	struct trust_screen *v = sc->priv;

	wholelist_close(&v->list);
}

static void
reload(struct screen *sc)
{
	load(sc, false, 0);
}

/* Where things are drawn, in lines from the first (headings count). */
struct layout {
	int *line_of;                        /* entry i's line */
	int  heading_at[TRUST_SECTION_COUNT];
	int  empty_at[TRUST_SECTION_COUNT];  /* "nothing yet", or -1 */
	int  n;                              /* lines in all */
};

/* The lines of the screen: each section's heading, then its entries (the
 * list is in the page's order) or a line saying it has none. Free
 * LO->line_of. */
static void
layout(const struct wholelist *l, struct layout *lo)
{
	const struct trust_entry *e;
	size_t i = 0;
	int k, in;

	lo->line_of = xcalloc(l->list.count + 1, sizeof *lo->line_of);
	lo->n = 0;
	for (k = 0; k < TRUST_SECTION_COUNT; k++) {
		lo->heading_at[k] = lo->n++;
		for (in = 0; i < l->list.count; i++, in++) {
			e = rowlist_at(&l->list, i);
			if (trust_section_of(e->section) != k)
				break;
			lo->line_of[i] = lo->n++;
		}
		lo->empty_at[k] = in == 0 ? lo->n++ : -1;
	}
	/* A section the list does not know (never written so): at the end. */
	for (; i < l->list.count; i++)
		lo->line_of[i] = lo->n++;
}

/* "until 2026-09-30" or "expired 2026-01-31" for E, with its ROLE. */
static const char *
date_of(const struct trust_entry *e, const char *now, char *buf, size_t n,
    enum role *role)
{
	*role = ROLE_NORMAL;
	if (e->valid_until == NULL || *e->valid_until == '\0')
		return "";
	if (trust_is_expired(e, now)) {
		*role = ROLE_BAD;
		snprintf(buf, n, "expired %s", e->valid_until);
	} else
		snprintf(buf, n, "until %s", e->valid_until);
	return buf;
}

/* Entry E on row Y: its title, its details (dim) and its date (red when
 * past); the title takes the room of what the entry lacks. */
static void
draw_entry(const struct trust_screen *v, const struct trust_entry *e, int y,
    int cols, bool is_sel)
{
	int ew = EXTRA_W, tw, x_date = cols - DATE_W;
	bool has_extra = e->extra != NULL && *e->extra != '\0';
	enum role role;
	char date[48];
	const char *d = date_of(e, v->now, date, sizeof date, &role);

	if (ew > cols / 3)
		ew = cols / 3;
	/* A narrow terminal shows the title alone. */
	if (cols < 50) {
		has_extra = false;
		d = "";
	}
	tw = has_extra ? x_date - 4 - ew - 2 : *d != '\0' ? x_date - 5 :
	    cols - 5;
	if (tw < 1)
		tw = 1;
	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
	}
	text_put(y, 4, e->title, tw, false);
	if (!is_sel)
		attron(theme_attr(ROLE_DIM));
	if (has_extra)
		text_put(y, 4 + tw + 1, e->extra, ew, false);
	if (!is_sel) {
		attroff(theme_attr(ROLE_DIM));
		attron(theme_attr(role));
	}
	if (*d != '\0')
		text_put(y, x_date, d, DATE_W - 1, false);
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
	else
		attroff(theme_attr(role));
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct trust_screen *v = sc->priv;
	struct wholelist *l = &v->list;
	struct layout lo;
	int footer = rows >= 8 ? 2 : 0, body, k, y, cur;
	size_t i;
	char head[128];

	if (l->problem[0] != '\0') {
		attron(theme_attr(ROLE_ERROR));
		text_put(top + 1, 2, l->problem, cols - 4, false);
		attroff(theme_attr(ROLE_ERROR));
		return;
	}
	layout(l, &lo);
	snprintf(head, sizeof head, "Trust page: %zu entr%s", l->list.count,
	    l->list.count == 1 ? "y" : "ies");
	attron(theme_attr(ROLE_HEADER));
	mvhline(top, 0, ' ', cols);
	text_put(top, 1, head, cols - 2, false);
	attroff(theme_attr(ROLE_HEADER));
	body = rows - 1 - footer;
	if (body < 1)
		body = 1;
	/* Keep the cursor's line in view, and its heading when it fits. */
	l->height = body;
	cur = l->list.count > 0 ? lo.line_of[l->cursor] : 0;
	if (cur - 1 < v->top)
		v->top = cur - 1;
	if (cur >= v->top + body)
		v->top = cur - body + 1;
	if (v->top > lo.n - body)
		v->top = lo.n - body;
	if (v->top < 0)
		v->top = 0;
	for (k = 0; k < TRUST_SECTION_COUNT; k++) {
		y = lo.heading_at[k] - v->top;
		if (y >= 0 && y < body) {
			attron(A_BOLD);
			text_put(top + 1 + y, 1, trust_section_heading(
			    (enum trust_section)k), cols - 2, false);
			attroff(A_BOLD);
		}
		y = lo.empty_at[k] - v->top;
		if (lo.empty_at[k] >= 0 && y >= 0 && y < body) {
			attron(theme_attr(ROLE_DIM));
			text_put(top + 1 + y, 4, "nothing yet", cols - 6, false);
			attroff(theme_attr(ROLE_DIM));
		}
	}
	for (i = 0; i < l->list.count; i++) {
		y = lo.line_of[i] - v->top;
		if (y >= 0 && y < body)
			draw_entry(v, rowlist_at(&l->list, i), top + 1 + y, cols,
			    (int)i == l->cursor);
	}
	if (footer > 0) {
		attron(theme_attr(ROLE_DIM));
		mvhline(top + rows - 2, 0, text_is_utf8() ? ACS_HLINE : '-', cols);
		attroff(theme_attr(ROLE_DIM));
		text_put(top + rows - 1, 1, "a adds, Enter or e edits, d removes, "
		    "+/- move, x exports the page (admins and the SRO).",
		    cols - 2, false);
	}
	free(lo.line_of);
}

/* Whether the acting user may change the page; says why not, before
 * anything is asked. */
static bool
may_write(struct screen *sc)
{
	struct err err = { 0 };

	if (trust_require_writer(tui_session(sc->tui), &err) == ST_OK)
		return true;
	tui_error(sc->tui, &err);
	return false;
}

/* Ask QUESTION; false when Esc was pressed. *ANSWER is the trimmed text
 * in BUF. */
static bool
ask(struct screen *sc, const char *question, char *buf, size_t n,
    char **answer)
{
	buf[0] = '\0';
	if (!tui_prompt(sc->tui, question, buf, n))
		return false;
	*answer = text_trim(buf);
	return true;
}

/* What the details line is called in SECTION, or NULL when it has none
 * worth asking for. */
static const char *
extra_question(int k, bool is_edit)
{
	if (k == TRUST_CERTIFICATION)
		return is_edit ? "Issuer and scope (Enter keeps it, - clears):" :
		    "Issuer and scope (Enter for none):";
	if (k == TRUST_SUBPROCESSOR)
		return is_edit ? "Location and purpose (Enter keeps it, - "
		    "clears):" : "Location and purpose (Enter for none):";
	return NULL;
}

/* Answers to the prompts of an add or an edit. */
struct answers {
	char  title[TRUST_TITLE_MAX * 4 + 2];
	char  extra[TRUST_EXTRA_MAX * 4 + 2];
	char  date[32];
	char *body;              /* from the editor; allocated */
};

/*
 * Ask for the fields of an entry of section K into A and F: the title,
 * the details and date where the section has them, then the body in the
 * editor, starting from OLD (NULL: a new entry). On an edit an empty
 * answer keeps what is there. False when the person gave up (the status
 * line says why).
 */
static bool
ask_fields(struct screen *sc, int k, const struct trust_entry *old,
    struct answers *a, struct trust_fields *f)
{
	struct err err = { 0 };
	const char *q;
	char *t, *x, *d, question[300];
	bool is_edit = old != NULL;

	memset(f, 0, sizeof *f);
	if (is_edit) {
		char cur[80];

		text_fit(old->title, 40, cur, sizeof cur);
		snprintf(question, sizeof question, "Title (Enter keeps \"%s\"):",
		    cur);
	} else
		snprintf(question, sizeof question, "Title:");
	if (!ask(sc, question, a->title, sizeof a->title, &t))
		return false;
	if (*t == '\0' && !is_edit) {
		tui_message(sc->tui, "no title given; nothing added");
		return false;
	}
	f->title = *t != '\0' ? t : NULL;
	if ((q = extra_question(k, is_edit)) != NULL) {
		if (!ask(sc, q, a->extra, sizeof a->extra, &x))
			return false;
		f->extra = strcmp(x, "-") == 0 && is_edit ? "" : *x != '\0' ? x :
		    NULL;
	}
	if (k == TRUST_CERTIFICATION) {
		if (!ask(sc, is_edit ? "Valid until, YYYY-MM-DD (Enter keeps "
		    "it, - clears):" : "Valid until, YYYY-MM-DD (Enter for "
		    "none):", a->date, sizeof a->date, &d))
			return false;
		f->valid_until = strcmp(d, "-") == 0 && is_edit ? "" :
		    *d != '\0' ? d : NULL;
	}
	if (tui_edit_text(old != NULL ? old->body : "", &a->body, &err) !=
	    ST_OK) {
		tui_error(sc->tui, &err);
		return false;
	}
	f->body = a->body;
	return true;
}

static unsigned
add(struct screen *sc)
{
	const char *const *names = trust_section_names();
	const char *labels[TRUST_SECTION_COUNT];
	const struct trust_entry *cur = selected(sc->priv);
	struct answers a = { .body = NULL };
	struct trust_fields f;
	struct err err = { 0 };
	size_t chosen = 0, k;
	long long id = 0;

	if (!may_write(sc))
		return UI_HANDLED | UI_REDRAW;
	for (k = 0; k < TRUST_SECTION_COUNT; k++)
		labels[k] = trust_section_heading((enum trust_section)k);
	/* Start on the section of the entry the cursor is on. */
	if (cur != NULL && trust_section_of(cur->section) >= 0)
		chosen = (size_t)trust_section_of(cur->section);
	if (!tui_pick_one(sc->tui, "Add to which section?", labels,
	    TRUST_SECTION_COUNT, &chosen))
		return UI_HANDLED | UI_REDRAW;
	if (!ask_fields(sc, (int)chosen, NULL, &a, &f))
		goto end;
	if (trust_add(tui_session(sc->tui), names[chosen], &f, &id, &err) !=
	    ST_OK) {
		tui_error(sc->tui, &err);
		goto end;
	}
	load(sc, true, id);
	tui_message(sc->tui, "trust:%lld added to %s", id,
	    labels[chosen]);
end:
	free(a.body);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
edit(struct screen *sc)
{
	const struct trust_entry *cur = selected(sc->priv);
	struct trust_entry old = { 0 };
	struct answers a = { .body = NULL };
	struct trust_fields f;
	struct err err = { 0 };
	struct session *s = tui_session(sc->tui);

	if (cur == NULL)
		return UI_HANDLED;
	if (!may_write(sc))
		return UI_HANDLED | UI_REDRAW;
	/* The entry as it is now: another process may have changed it. */
	if (trust_get(s, cur->id, &old, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		load(sc, true, 0);
		return UI_HANDLED | UI_REDRAW;
	}
	if (!ask_fields(sc, trust_section_of(old.section), &old, &a, &f))
		goto end;
	if (trust_update(s, old.id, &f, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		goto end;
	}
	load(sc, true, old.id);
	tui_message(sc->tui, "trust:%lld saved", old.id);
end:
	free(a.body);
	trust_entry_clear(&old);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
delete_entry(struct screen *sc)
{
	const struct trust_entry *cur = selected(sc->priv);
	struct err err = { 0 };
	char title[80], question[160];
	long long id;

	if (cur == NULL)
		return UI_HANDLED;
	if (!may_write(sc))
		return UI_HANDLED | UI_REDRAW;
	id = cur->id;
	text_fit(cur->title, 50, title, sizeof title);
	snprintf(question, sizeof question, "Remove \"%s\"?", title);
	if (!tui_confirm(sc->tui, question))
		return UI_HANDLED | UI_REDRAW;
	if (trust_delete(tui_session(sc->tui), id, &err) != ST_OK)
		tui_error(sc->tui, &err);
	else
		tui_message(sc->tui, "trust:%lld removed", id);
	load(sc, true, 0);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
move_entry(struct screen *sc, bool up)
{
	const struct trust_entry *cur = selected(sc->priv);
	struct err err = { 0 };
	long long id;

	if (cur == NULL)
		return UI_HANDLED;
	id = cur->id;
	if (trust_move(tui_session(sc->tui), id, up, &err) != ST_OK)
		tui_error(sc->tui, &err);
	load(sc, true, id);
	return UI_HANDLED | UI_REDRAW;
}

/* Export the trust page into a directory the person types. */
static unsigned
export_page(struct screen *sc)
{
	struct export_stats stats;
	struct err err = { 0 };
	char dir[DIR_MAX], *d;

	if (!ask(sc, "Export the trust page into directory:", dir, sizeof dir,
	    &d))
		return UI_HANDLED | UI_REDRAW;
	if (*d == '\0') {
		tui_message(sc->tui, "no directory given; nothing exported");
		return UI_HANDLED | UI_REDRAW;
	}
	if (export_run(tui_session(sc->tui), "trust", d, NULL, &stats, &err) !=
	    ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	tui_message(sc->tui, "exported into %s (site/trust/index.html; %zu "
	    "written, %zu unchanged)", d, stats.n_written, stats.n_unchanged +
	    stats.n_kept);
	return UI_HANDLED | UI_RELOAD;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct trust_screen *v = sc->priv;

	switch (act) {
	case ACT_OPEN:
	case ACT_EDIT:
		return edit(sc);
	case ACT_ADD:
		return add(sc);
	case ACT_DELETE:
		return delete_entry(sc);
	case ACT_MOVE_ROW_UP:
		return move_entry(sc, true);
	case ACT_MOVE_ROW_DOWN:
		return move_entry(sc, false);
	case ACT_EXPORT:
		return export_page(sc);
	default:
		return wholelist_move(&v->list, act);
	}
}

static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	struct trust_screen *v = sc->priv;
	struct wholelist *l = &v->list;
	struct layout lo;
	size_t i;
	bool is_hit = false;

	(void)col;
	layout(l, &lo);
	for (i = 0; i < l->list.count; i++)
		if (lo.line_of[i] == v->top + row - 1) {
			l->cursor = (int)i;
			is_hit = true;
		}
	free(lo.line_of);
	if (!is_hit)
		return UI_NONE;
	if (is_double)
		return edit(sc);
	return UI_HANDLED | UI_REDRAW;
}

static bool
matches(const void *row, const char *needle)
{
	const struct trust_entry *e = row;

	return text_contains(e->title, needle) ||
	    text_contains(e->extra, needle) ||
	    text_contains(e->body, needle);
}

static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct trust_screen *v = sc->priv;

	(void)is_new;
	return wholelist_search(&v->list, needle, dir, matches);
}

const struct screen_ops screen_trust_ops = {
	.name = "trust",
	.title = "Trust page",
	.priv_size = sizeof(struct trust_screen),
	.open = open_screen,
	.close = close_screen,
	.reload = reload,
	.draw = draw,
	.handle = handle,
	.click = click,
	.search = search,
};
