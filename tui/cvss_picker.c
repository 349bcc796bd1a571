/* tui/cvss_picker.c - a modal window to build a CVSS v3.1 or v4.0 vector
 * metric by metric, with its score as it changes. */
#include "config.h"

#include "tui/pickers.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "core/cvss.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define MAX_METRICS 32        /* v4.0 has 32, v3.1 22 */

/* The chosen value of each metric of one version. */
struct choice {
	const struct cvss_metric *metrics;
	size_t                    n;
	size_t                    val[MAX_METRICS];
};

struct cvss_pick {
	struct choice  v[2];       /* [0] v3.1, [1] v4.0 */
	int            ver;        /* which of V is shown */
	size_t         cur, top;
	int            y, x, h, w; /* the box, border included */
	char           vector[CVSS_VECTOR_MAX];
	struct cvss_result result;
	bool           is_valid;
	char           error[160];
};

/* Start C at the neutral vector of its version: the first value of each
 * metric (X for optional ones), but no impact at all. */
static void
choice_init(struct choice *c, enum cvss_version version)
{
	size_t i, j;

	c->metrics = cvss_metrics(version, &c->n);
	for (i = 0; i < c->n; i++) {
		c->val[i] = 0;
		if (!c->metrics[i].is_mandatory ||
		    strcmp(c->metrics[i].values[0].code, "H") != 0)
			continue;
		for (j = 0; j < c->metrics[i].n_values; j++)
			if (strcmp(c->metrics[i].values[j].code, "N") == 0)
				c->val[i] = j;
	}
}

/* Set C's values from the valid, normalised VECTOR of its version. */
static void
choice_load(struct choice *c, const char *vector)
{
	const char *p = strchr(vector, '/');
	size_t i, j, len, vlen;

	for (; p != NULL; p = strchr(p, '/')) {
		p++;
		len = strcspn(p, ":");
		vlen = strcspn(p + len + 1, "/");
		for (i = 0; i < c->n; i++) {
			if (strlen(c->metrics[i].code) != len ||
			    strncmp(c->metrics[i].code, p, len) != 0)
				continue;
			for (j = 0; j < c->metrics[i].n_values; j++)
				if (strlen(c->metrics[i].values[j].code) ==
				    vlen && strncmp(c->metrics[i].values[j].code,
				    p + len + 1, vlen) == 0)
					c->val[i] = j;
		}
	}
}

/* Build the vector of the shown version and score it. Optional metrics
 * left at X are left out, as the calculators do. */
static void
rescore(struct cvss_pick *p)
{
	const struct choice *c = &p->v[p->ver];
	struct err err = { 0 };
	size_t i, used;

	used = (size_t)snprintf(p->vector, sizeof p->vector, "CVSS:%s",
	    p->ver == 0 ? "3.1" : "4.0");
	for (i = 0; i < c->n && used < sizeof p->vector; i++)
		if (c->metrics[i].is_mandatory || c->val[i] != 0)
			used += (size_t)snprintf(p->vector + used,
			    sizeof p->vector - used, "/%s:%s",
			    c->metrics[i].code,
			    c->metrics[i].values[c->val[i]].code);
	p->is_valid = cvss_score(p->vector, &p->result, &err) == ST_OK;
	snprintf(p->error, sizeof p->error, "%s", p->is_valid ? "" : err.msg);
}

/* Size and centre the box: at most 78 by 22, so it fits 80x24. */
static void
place(struct cvss_pick *p)
{
	p->w = COLS - 2 < 78 ? COLS - 2 : 78;
	p->h = LINES - 2 < 22 ? LINES - 2 : 22;
	if (p->w < 20)
		p->w = 20;
	if (p->h < 9)
		p->h = 9;
	p->y = (LINES - p->h) / 2;
	p->x = (COLS - p->w) / 2;
}

/* The metric rows inside the box: all but the borders, a blank line, two
 * lines of vector, the score and the hints. */
static int
page(const struct cvss_pick *p)
{
	return p->h - 7 > 1 ? p->h - 7 : 1;
}

/* One metric row: its group, code and name; its value with arrows. */
static void
draw_metric(const struct cvss_pick *p, size_t i, int y)
{
	const struct choice *c = &p->v[p->ver];
	const struct cvss_metric *m = &c->metrics[i];
	const struct cvss_metric_value *v = &m->values[c->val[i]];
	enum role role = i == p->cur ? ROLE_SELECTED : ROLE_NORMAL;
	char left[96], right[64];
	int inner = p->w - 4, rw;

	snprintf(left, sizeof left, "%-13.13s %-4s %s", m->group, m->code,
	    m->name);
	snprintf(right, sizeof right, "< %s %s >", v->code, v->name);
	rw = text_width(right);
	if (rw > inner / 2)
		rw = inner / 2;
	attron(theme_attr(role));
	mvhline(y, p->x + 1, ' ', p->w - 2);
	text_put(y, p->x + 2, left, inner - rw - 1, false);
	text_put(y, p->x + 2 + inner - rw, right, rw, false);
	attroff(theme_attr(role));
}

/* The vector on up to two lines, then the score with its severity. */
static void
draw_result(const struct cvss_pick *p, int y)
{
	const struct cvss_result *r = &p->result;
	char line[160], sev[16];
	int inner = p->w - 4, len = (int)strlen(p->vector);
	size_t i;

	text_put(y, p->x + 2, p->vector, inner, false);
	if (len > inner)
		text_put(y + 1, p->x + 2, p->vector + inner, inner, false);
	if (!p->is_valid) {
		attron(theme_attr(ROLE_ERROR));
		text_put(y + 2, p->x + 2, p->error, inner, false);
		attroff(theme_attr(ROLE_ERROR));
		return;
	}
	if (r->version == CVSS_V4_0)
		snprintf(line, sizeof line, "%s %.1f %s", r->nomenclature,
		    r->score.score, r->score.severity);
	else {
		snprintf(line, sizeof line, "base %.1f %s", r->base.score,
		    r->base.severity);
		if (r->temporal.is_set)
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "  temporal %.1f %s",
			    r->temporal.score, r->temporal.severity);
		if (r->environmental.is_set)
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "  environmental %.1f %s",
			    r->environmental.score, r->environmental.severity);
	}
	for (i = 0; r->score.severity[i] != '\0' && i + 1 < sizeof sev; i++)
		sev[i] = (char)(r->score.severity[i] | 0x20);
	sev[i] = '\0';
	attron(theme_attr(theme_severity(sev)) | A_BOLD);
	text_put(y + 2, p->x + 2, line, inner, false);
	attroff(theme_attr(theme_severity(sev)) | A_BOLD);
}

static void
draw(struct cvss_pick *p)
{
	const struct choice *c = &p->v[p->ver];
	char title[64], pos[32];
	size_t i;
	int r, rows = page(p);

	pick_scroll(p->cur, &p->top, (size_t)rows);
	snprintf(title, sizeof title, " CVSS v%s ", p->ver == 0 ? "3.1" :
	    "4.0");
	pick_box(p->y, p->x, p->h, p->w, title);
	for (r = 0, i = p->top; r < rows && i < c->n; r++, i++)
		draw_metric(p, i, p->y + 1 + r);
	draw_result(p, p->y + 2 + rows);
	attron(theme_attr(ROLE_DIM));
	text_put(p->y + p->h - 2, p->x + 2, "j/k metric  h/l value  v v3.1/v4.0"
	    "  Enter choose  Esc cancel", p->w - 4, false);
	snprintf(pos, sizeof pos, "%zu/%zu", p->cur + 1, c->n);
	text_put(p->y + p->h - 1, p->x + p->w - 2 - text_width(pos), pos,
	    text_width(pos), false);
	attroff(theme_attr(ROLE_DIM));
	refresh();
}

/* Act on a movement or value key; false when KEY is neither. */
static bool
handle(struct cvss_pick *p, int rc, wint_t ch)
{
	struct choice *c = &p->v[p->ver];
	size_t nv = c->metrics[p->cur].n_values;
	int k = rc == KEY_CODE_YES ? (int)ch : -1;

	if (pick_move(&p->cur, c->n, (size_t)page(p), rc, ch))
		return true;
	if (rc == OK && ch == 'h')
		k = KEY_LEFT;
	else if (rc == OK && (ch == 'l' || ch == ' '))
		k = KEY_RIGHT;
	switch (k) {
	case KEY_RIGHT:
		c->val[p->cur] = (c->val[p->cur] + 1) % nv;
		rescore(p);
		return true;
	case KEY_LEFT:
		c->val[p->cur] = (c->val[p->cur] + nv - 1) % nv;
		rescore(p);
		return true;
	default:
		return false;
	}
}

static void
start(struct cvss_pick *p, const char *current)
{
	struct cvss_result r;

	choice_init(&p->v[0], CVSS_V3_1);
	choice_init(&p->v[1], CVSS_V4_0);
	p->ver = 0;
	if (current != NULL && cvss_score(current, &r, NULL) == ST_OK) {
		p->ver = r.version == CVSS_V4_0;
		choice_load(&p->v[p->ver], r.vector);
	} else if (current != NULL && strncmp(current, "CVSS:4.0/", 9) == 0)
		p->ver = 1;
	rescore(p);
}

enum status
tui_pick_cvss(struct tui *t, const char *current, char **out,
    struct err *err)
{
	struct cvss_pick p;
	wint_t ch;
	int rc;

	(void)err;
	*out = NULL;
	memset(&p, 0, sizeof p);
	start(&p, current);
	curs_set(0);
	place(&p);
	for (;;) {
		draw(&p);
		if (!tui_wait_key(&rc, &ch))
			return ST_OK;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			erase();
			tui_frame(t);
			place(&p);
			continue;
		}
		if (handle(&p, rc, ch))
			continue;
		if (rc == OK && ch == 'v') {
			p.ver = !p.ver;
			p.cur = p.top = 0;
			rescore(&p);
			continue;
		}
		if (pick_is_enter(rc, ch) && p.is_valid)
			break;
		if (pick_is_cancel(rc, ch))
			return ST_OK;
	}
	*out = xstrdup(p.result.vector);
	return ST_OK;
}
