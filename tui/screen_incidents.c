/* tui/screen_incidents.c - the incident list: sorted, filtered, searched,
 * read a page at a time. */
#include "config.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/incident.h"
#include "tui/incident_view.h"
#include "tui/listview.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"

#define LIST_TOP 2          /* rows above the list: the summary, the header */

enum col { COL_ID, COL_KIND, COL_SEV, COL_STATE, COL_WHEN, COL_TITLE, NCOLS };

/* Where each column starts and how wide it is; 0 wide = not shown. */
struct columns {
	int x[NCOLS];
	int w[NCOLS];
	bool is_brief_kind;      /* "vuln" for "vulnerability" */
};

/*
 * The list holds only the rows on screen (struct listview); the filter,
 * the search and the sort are the query each page is read with, so
 * changing any of them reads the first page again. The filter's strings
 * point into core's vocabularies, which live as long as the program.
 */
struct incidents {
	struct session        *s;
	struct listview        lv;
	enum incident_sort     sort;
	struct incident_filter filter;
	char                   search[256];    /* "" = none */
	long long              count;          /* matching rows; -1 = not counted */
	int                    id_w;           /* widest ID yet: only grows, so
	                                        * the columns hold still */
	char                   count_problem[256];
	long long              created;        /* the new-incident form's:
	                                        * opened on coming back */
};

static const char *const sort_names[] = { "last updated", "ID", "severity" };

/* Keyset fetch for the listview: the page after (or before) ANCHOR. */
static enum status
fetch(void *ctx, const void *anchor, bool is_backward, int limit,
    struct rowlist *out, struct err *err)
{
	struct incidents *l = ctx;
	struct incident_page_query q = {
		.filter = &l->filter,
		.search = l->search[0] != '\0' ? l->search : NULL,
		.sort = l->sort,
		.after = anchor,
		.is_backward = is_backward,
		.limit = limit < INCIDENT_PAGE_MAX ? limit : INCIDENT_PAGE_MAX,
	};

	return incident_page(l->s, &q, out, err);
}

/* Count the matching rows when one index holds them (no filter, or one):
 * a search or a combination of filters would read every row it counts,
 * and this runs again on every reload. */
static void
recount(struct incidents *l)
{
	const struct incident_filter *f = &l->filter;
	struct err err = { 0 };
	int nset;

	l->count = -1;
	l->count_problem[0] = '\0';
	nset = (f->state != NULL) + (f->trigger_kind != NULL) +
	    (f->severity != NULL) + (f->drills >= 0);
	if (l->search[0] == '\0' && nset <= 1 &&
	    incident_count(l->s, f, &l->count, &err) != ST_OK) {
		l->count = -1;
		snprintf(l->count_problem, sizeof l->count_problem, "%s", err.msg);
	}
}

/* Read the list from its first row: the query changed. */
static void
restart(struct incidents *l)
{
	listview_first(&l->lv, false);
	recount(l);
}

static enum status
open_list(struct screen *sc, const void *arg, struct err *err)
{
	struct incidents *l = sc->priv;

	(void)arg;
	(void)err;
	l->s = tui_session(sc->tui);
	l->filter.drills = -1;
	l->sort = INCIDENT_SORT_UPDATED;
	listview_init(&l->lv, sizeof(struct incident),
	    (row_clear_fn)incident_clear, fetch, l);
	/* The first page fills the screen; draw corrects it on a resize. */
	listview_set_height(&l->lv, LINES - 2 - LIST_TOP);
	restart(l);
	return ST_OK;
}

static void
close_list(struct screen *sc)
{
	struct incidents *l = sc->priv;

	listview_free(&l->lv);
}

/* Open the incident the new-incident form just made, over this list. */
static void
open_created(struct screen *sc)
{
	struct incidents *l = sc->priv;
	struct incident in = { .id = l->created };

	l->created = 0;
	tui_push(sc->tui, &screen_incident_ops, &in);
}

static void
reload(struct screen *sc)
{
	struct incidents *l = sc->priv;

	listview_reload(&l->lv);
	recount(l);
	if (l->created > 0)
		open_created(sc);
}

/* The short name of a trigger kind, for a narrow KIND column. */
static const char *
brief_kind(const char *kind)
{
	static const char *const briefs[][2] = {
		{ "vulnerability", "vuln" }, { "data-breach", "breach" },
		{ "credential-leak", "cred-leak" },
		{ "misconfiguration", "misconfig" },
	};
	size_t i;

	for (i = 0; kind != NULL && i < sizeof briefs / sizeof briefs[0]; i++)
		if (strcmp(kind, briefs[i][0]) == 0)
			return briefs[i][1];
	return kind;
}

/* Fit the columns into COLS: KIND goes first, then narrows; UPDATED goes
 * only on the narrowest terminals; TITLE takes what is left. */
static void
plan(struct incidents *l, int cols, struct columns *c)
{
	const struct incident *in;
	int gap = cols >= 100 ? 2 : 1, x = 1, k, w;
	size_t i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < l->lv.rows.count; i++) {
		in = rowlist_at(&l->lv.rows, i);
		if ((w = text_width(in->ref)) > l->id_w)
			l->id_w = w < 20 ? w : 20;
	}
	c->w[COL_ID] = l->id_w > 12 ? l->id_w : 12;
	c->w[COL_KIND] = cols >= 120 ? 16 : cols >= 96 ? 10 : 0;
	c->is_brief_kind = c->w[COL_KIND] < 16;
	c->w[COL_SEV] = 8;
	c->w[COL_STATE] = 9;
	c->w[COL_WHEN] = cols >= 70 ? 10 : 0;
	for (k = 0; k < COL_TITLE; k++) {
		c->x[k] = x;
		if (c->w[k] > 0)
			x += c->w[k] + gap;
	}
	c->x[COL_TITLE] = x;
	c->w[COL_TITLE] = cols - 1 - x > 10 ? cols - 1 - x : 10;
}

/* The line above the list: the order, the filter, the search, the count. */
static void
draw_summary(const struct incidents *l, int y, int cols)
{
	const char *sep = text_is_utf8() ? "  \u00b7  " : "  |  ";
	const struct incident_filter *f = &l->filter;
	char line[1024], count[64] = "";
	size_t len = 0;
	int cw;

	if (l->search[0] != '\0')
		len += (size_t)snprintf(line + len, sizeof line - len,
		    "Search \"%s\"%sSort: %s (search order)", l->search, sep,
		    l->sort == INCIDENT_SORT_REF ? "ID" : "newest opened");
	else
		len += (size_t)snprintf(line + len, sizeof line - len, "Sort: %s",
		    sort_names[l->sort]);
	if (f->state != NULL || f->trigger_kind != NULL || f->severity != NULL ||
	    f->drills >= 0)
		len += (size_t)snprintf(line + len, sizeof line - len, "%sFilter:",
		    sep);
	if (f->state != NULL && len < sizeof line)
		len += (size_t)snprintf(line + len, sizeof line - len, " state=%s",
		    f->state);
	if (f->trigger_kind != NULL && len < sizeof line)
		len += (size_t)snprintf(line + len, sizeof line - len, " kind=%s",
		    f->trigger_kind);
	if (f->severity != NULL && len < sizeof line)
		len += (size_t)snprintf(line + len, sizeof line - len,
		    " severity=%s", f->severity);
	if (f->drills >= 0 && len < sizeof line)
		snprintf(line + len, sizeof line - len, " drill=%s",
		    f->drills == 1 ? "yes" : "no");
	if (l->count >= 0)
		snprintf(count, sizeof count, "%lld incident%s", l->count,
		    l->count == 1 ? "" : "s");
	cw = text_width(count);
	attron(theme_attr(ROLE_DIM));
	text_put(y, 1, line, cols - 2 - (cw > 0 ? cw + 2 : 0), false);
	if (cw > 0)
		text_put(y, cols - 1 - cw, count, cw, false);
	attroff(theme_attr(ROLE_DIM));
}

static void
draw_header(const struct columns *c, int y, int cols)
{
	static const char *const heads[NCOLS] = {
		"ID", "KIND", "SEVERITY", "STATE", "UPDATED", "TITLE",
	};
	int k;

	attron(theme_attr(ROLE_HEADER));
	mvhline(y, 0, ' ', cols);
	for (k = 0; k < NCOLS; k++)
		if (c->w[k] > 0)
			text_put(y, c->x[k], heads[k], c->w[k], false);
	attroff(theme_attr(ROLE_HEADER));
}

static void
draw_row(const struct columns *c, const struct incident *in, bool is_sel,
    int y, int cols)
{
	attr_t base = theme_attr(is_sel ? ROLE_SELECTED : ROLE_NORMAL);
	char when[64];
	int x, w;

	attron(base);
	if (is_sel)
		mvhline(y, 0, ' ', cols);
	text_put(y, c->x[COL_ID], in->ref, c->w[COL_ID], false);
	if (c->w[COL_KIND] > 0)
		text_put(y, c->x[COL_KIND], c->is_brief_kind ?
		    brief_kind(in->trigger_kind) : in->trigger_kind,
		    c->w[COL_KIND], false);
	if (!is_sel)
		attron(theme_attr(theme_severity(in->severity)));
	text_put(y, c->x[COL_SEV], in->severity, c->w[COL_SEV], false);
	if (!is_sel) {
		attroff(theme_attr(theme_severity(in->severity)));
		attron(base);
	}
	text_put(y, c->x[COL_STATE], in->state, c->w[COL_STATE], false);
	if (c->w[COL_WHEN] > 0)
		text_put(y, c->x[COL_WHEN], incident_view_time(in->updated_at,
		    TIME_SHORT, when, sizeof when), c->w[COL_WHEN], false);
	x = c->x[COL_TITLE];
	w = c->w[COL_TITLE];
	if (in->is_drill) {
		if (!is_sel)
			attron(theme_attr(ROLE_WARN));
		x += text_put(y, x, "[drill]", w, false) + 1;
		if (!is_sel) {
			attroff(theme_attr(ROLE_WARN));
			attron(base);
		}
		w = c->x[COL_TITLE] + c->w[COL_TITLE] - x;
	}
	if (w > 0)
		text_put(y, x, in->title, w, false);
	attroff(base);
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct incidents *l = sc->priv;
	const struct incident_filter *f = &l->filter;
	struct columns c;
	const char *problem;
	size_t i;

	listview_set_height(&l->lv, rows - LIST_TOP > 1 ? rows - LIST_TOP : 1);
	plan(l, cols, &c);
	draw_summary(l, top, cols);
	draw_header(&c, top + 1, cols);
	for (i = 0; i < l->lv.rows.count; i++)
		draw_row(&c, rowlist_at(&l->lv.rows, i), (int)i == l->lv.cursor,
		    top + LIST_TOP + (int)i, cols);
	if (l->lv.rows.count == 0 && l->lv.problem[0] == '\0') {
		attron(theme_attr(ROLE_DIM));
		text_put(top + LIST_TOP, 1, l->search[0] != '\0' ||
		    f->state != NULL || f->trigger_kind != NULL ||
		    f->severity != NULL || f->drills >= 0 ?
		    "No incidents match; c clears the filter and the search." :
		    "No incidents yet: n opens one.", cols - 2,
		    false);
		attroff(theme_attr(ROLE_DIM));
	}
	problem = l->lv.problem[0] != '\0' ? l->lv.problem : l->count_problem;
	if (problem[0] != '\0') {
		attron(theme_attr(ROLE_ERROR));
		text_put(top + rows - 1, 1, problem, cols - 2, true);
		attroff(theme_attr(ROLE_ERROR));
	}
}

/* The filter words, each naming a field of struct incident_filter. */
static const struct {
	const char *key, *alias;
	size_t      offset;                  /* of the field, a const char * */
	const char *const *(*vocab)(void);
} filter_keys[] = {
	{ "state", NULL, offsetof(struct incident_filter, state),
	  incident_states },
	{ "kind", "trigger", offsetof(struct incident_filter, trigger_kind),
	  incident_trigger_kinds },
	{ "severity", "sev", offsetof(struct incident_filter, severity),
	  incident_severities },
};
#define NKEYS (sizeof filter_keys / sizeof filter_keys[0])

static bool
is_key(const char *word, size_t len, const char *key)
{
	return key != NULL && strlen(key) == len && strncmp(word, key, len) == 0;
}

/* Set one "key=value" WORD of a filter into F; false if it is not one,
 * with *KEY the filter word it meant when the key was right. */
static bool
filter_word(struct incident_filter *f, const char *word, const char **key)
{
	static const char *const any[] = { "any", "all", NULL };
	static const char *const yes[] = { "yes", "only", NULL };
	static const char *const no[] = { "no", NULL };
	const char *eq = strchr(word, '='), *const *vocab, **slot;
	size_t len, i, k;

	*key = NULL;
	if (eq == NULL)
		return false;
	len = (size_t)(eq - word);
	if (is_key(word, len, "drill") || is_key(word, len, "drills")) {
		*key = "drill";
		f->drills = vocab_has(any, eq + 1) ? -1 : vocab_has(yes, eq + 1) ?
		    1 : vocab_has(no, eq + 1) ? 0 : -2;
		return f->drills >= -1;
	}
	for (k = 0; k < NKEYS; k++) {
		if (!is_key(word, len, filter_keys[k].key) &&
		    !is_key(word, len, filter_keys[k].alias))
			continue;
		*key = filter_keys[k].key;
		slot = (const char **)(void *)((char *)f + filter_keys[k].offset);
		if (vocab_has(any, eq + 1)) {
			*slot = NULL;
			return true;
		}
		/* Point into the vocabulary, which outlives the answer. */
		vocab = filter_keys[k].vocab();
		for (i = 0; vocab[i] != NULL; i++) {
			if (strcmp(vocab[i], eq + 1) == 0) {
				*slot = vocab[i];
				return true;
			}
		}
		return false;
	}
	return false;
}

/* What the filter word KEY takes, for a person who typed it wrong. */
static const char *
filter_values(const char *key, char *buf, size_t n)
{
	size_t k;

	for (k = 0; k < NKEYS; k++)
		if (strcmp(key, filter_keys[k].key) == 0)
			return vocab_join(filter_keys[k].vocab(), buf, n);
	snprintf(buf, n, "yes, no, any");
	return buf;
}

/* Ask for the whole filter as key=value words; an empty answer clears it,
 * and a wrong word changes nothing and is named. */
static unsigned
ask_filter(struct screen *sc)
{
	struct incidents *l = sc->priv;
	struct incident_filter f = { .drills = -1 };
	char answer[256], bad[256] = "", values[256];
	const char *key, *bad_key = NULL;
	char *word, *save = NULL;
	size_t len = 0;
	int nbad = 0;

	if (!tui_prompt(sc->tui, "Filter (e.g. state=open severity=high):",
	    answer, sizeof answer))
		return UI_HANDLED | UI_REDRAW;
	for (word = strtok_r(answer, " \t", &save); word != NULL;
	    word = strtok_r(NULL, " \t", &save)) {
		if (filter_word(&f, word, &key))
			continue;
		nbad++;
		bad_key = key;
		if (len < sizeof bad)
			len += (size_t)snprintf(bad + len, sizeof bad - len, "%s%s",
			    len > 0 ? ", " : "", word);
	}
	if (nbad == 1 && bad_key != NULL)
		tui_message(sc->tui, "%s: try %s", bad,
		    filter_values(bad_key, values, sizeof values));
	else if (nbad > 0)
		tui_message(sc->tui, "not a filter: %s (use state=, kind=, "
		    "severity=, drill=)", bad);
	if (nbad > 0)
		return UI_HANDLED | UI_REDRAW;
	l->filter = f;
	restart(l);
	if (f.state == NULL && f.trigger_kind == NULL && f.severity == NULL &&
	    f.drills < 0)
		tui_message(sc->tui, "no filter: all incidents");
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
open_selected(struct screen *sc)
{
	struct incidents *l = sc->priv;
	const struct incident *in = listview_selected(&l->lv);

	if (in != NULL)
		tui_push(sc->tui, &screen_incident_ops, in);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct incidents *l = sc->priv;

	switch (act) {
	case ACT_SORT:
		l->sort = (enum incident_sort)(((int)l->sort + 1) % 3);
		listview_first(&l->lv, false);
		if (l->search[0] != '\0')
			tui_message(sc->tui, "sorted by %s once the search is cleared "
			    "(c); matches come newest first", sort_names[l->sort]);
		else
			tui_message(sc->tui, "sorted by %s", sort_names[l->sort]);
		return UI_HANDLED | UI_REDRAW;
	case ACT_FILTER:
		return ask_filter(sc);
	case ACT_CLEAR:
		memset(&l->filter, 0, sizeof l->filter);
		l->filter.drills = -1;
		l->search[0] = '\0';
		tui_search_clear(sc->tui);
		restart(l);
		tui_message(sc->tui, "filter and search cleared");
		return UI_HANDLED | UI_REDRAW;
	case ACT_OPEN:
		return open_selected(sc);
	case ACT_NEW:
		tui_push(sc->tui, &screen_new_incident_ops, &l->created);
		return UI_HANDLED | UI_REDRAW;
	default:
		return listview_handle(&l->lv, act);
	}
}

/* A click selects a row; a double click opens it. */
static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	struct incidents *l = sc->priv;

	(void)col;
	if (!listview_select(&l->lv, row - LIST_TOP))
		return UI_NONE;
	return is_double ? open_selected(sc) : UI_HANDLED | UI_REDRAW;
}

/*
 * Search is the list's full-text search: a new NEEDLE becomes the query
 * and the list starts again at its first match; the same NEEDLE again
 * (n, N) moves to the next or previous row of what it found.
 */
static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct incidents *l = sc->priv;
	const struct incident *in;
	long long was;

	if (is_new || strcmp(needle, l->search) != 0) {
		snprintf(l->search, sizeof l->search, "%s", needle);
		restart(l);
		return l->lv.rows.count > 0;
	}
	if ((in = listview_selected(&l->lv)) == NULL)
		return false;
	was = in->id;
	listview_handle(&l->lv, dir > 0 ? ACT_MOVE_DOWN : ACT_MOVE_UP);
	in = listview_selected(&l->lv);
	return in != NULL && in->id != was;
}

const struct screen_ops screen_incidents_ops = {
	.name = "incidents",
	.title = "Incidents",
	.priv_size = sizeof(struct incidents),
	.open = open_list,
	.close = close_list,
	.reload = reload,
	.draw = draw,
	.handle = handle,
	.click = click,
	.search = search,
};
