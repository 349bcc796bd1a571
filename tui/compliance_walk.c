/* tui/compliance_walk.c - the dashboard's e and x: the SRO's evaluation
 * walked question by question, each comment saved at once, then signed
 * off with a summary; and the compliance report written to a file. */
#include "config.h"

#include "tui/compliance_priv.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/compliance_report.h"
#include "core/evaluation.h"
#include "tui/pickers.h"
#include "tui/text.h"
#include "util/xalloc.h"

#define PROMPT_MAX   (EVALUATION_COMMENT_MAX + 1)

/* ---- e: the evaluation walk ---- */

/* The comments of evaluation EV by question, in compliance_questions()
 * order: COMMENTS[i] is allocated ("" when none). */
static char **
walk_comments(const struct dash *v, const struct evaluation *ev)
{
	char **c = xcalloc(v->results.count + 1, sizeof *c);
	const struct evaluation_item *it;
	const char *id;
	size_t i, j;

	for (i = 0; i < v->results.count; i++) {
		c[i] = xstrdup("");
		id = cview_result_at(v, (int)i)->q->id;
		for (j = 0; j < ev->items.count; j++) {
			it = rowlist_at(&ev->items, j);
			if (it->question != NULL && it->comment != NULL &&
			    strcmp(it->question, id) == 0) {
				free(c[i]);
				c[i] = xstrdup(it->comment);
			}
		}
	}
	return c;
}

/* The evaluation to walk into EV: the open one, else a new one. Who may
 * is the core's to say: someone without the SRO role is not asked first,
 * so that e shows at once why not. False when there is none. */
static bool
walk_evaluation(struct screen *sc, struct evaluation *ev)
{
	struct session *s = tui_session(sc->tui);
	struct err err = { 0 };
	long long id = 0;
	enum status st;

	memset(ev, 0, sizeof *ev);
	if (session_has_role(s, "sro")) {
		st = evaluation_open(s, ev, &err);
		if (st == ST_OK)
			return true;
		evaluation_clear(ev);
		if (st != ST_NOTFOUND) {
			tui_error(sc->tui, &err);
			return false;
		}
		if (!tui_confirm(sc->tui, "No evaluation is open. Start one "
		    "now?")) {
			tui_message(sc->tui, "no evaluation started");
			return false;
		}
	}
	st = evaluation_start(s, &id, &err);
	if (st != ST_OK && st != ST_CONFLICT) {
		tui_error(sc->tui, &err);
		return false;
	}
	memset(ev, 0, sizeof *ev);
	if (evaluation_get(s, id, ev, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		evaluation_clear(ev);
		return false;
	}
	return true;
}

/* Where the walk of EV starts: where it stopped on this screen, else at
 * the first question without a comment (the summary when none is left). */
static size_t
walk_start(const struct dash *v, const struct evaluation *ev, char **comments)
{
	size_t i;

	if (v->walk_id == ev->id && v->walk_next <= v->results.count)
		return v->walk_next;
	for (i = 0; i < v->results.count; i++)
		if (comments[i][0] == '\0')
			return i;
	return v->results.count;
}

/* At the end of the walk: the summary, then the signature. */
static void
walk_sign(struct screen *sc, long long id)
{
	struct dash *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct evaluation ev;
	struct err err = { 0 };
	char summary[2048] = "", due[64];

	v->is_walking = false;
	cview_repaint(sc);
	if (!tui_prompt(sc->tui, "Summary of the evaluation (Enter for none):",
	    summary, sizeof summary) ||
	    !tui_confirm(sc->tui, "Sign the evaluation off?")) {
		tui_message(sc->tui, "evaluation #%lld not signed; e comes "
		    "back here", id);
		return;
	}
	if (evaluation_sign(s, id, text_trim(summary), clock_now(), &err) !=
	    ST_OK) {
		tui_error(sc->tui, &err);
		return;
	}
	v->walk_id = 0;
	memset(&ev, 0, sizeof ev);
	if (evaluation_get(s, id, &ev, &err) != ST_OK)
		tui_message(sc->tui, "evaluation #%lld signed", id);
	else
		tui_message(sc->tui, "evaluation #%lld signed; audit head "
		    "%.12s; next due %s", id, ev.audit_head != NULL ?
		    ev.audit_head : "?", cview_date(ev.next_due, due,
		    sizeof due));
	evaluation_clear(&ev);
}

/* e: question by question, the status and figure as they are now and a
 * comment, each saved at once; Esc stops, keeping what was saved. */
unsigned
cview_evaluate(struct screen *sc)
{
	struct dash *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	const struct compliance_result *r;
	struct evaluation ev;
	struct err err = { 0 };
	char **comments = NULL, question[128], *answer = NULL, *a;
	const char *comment;
	size_t i, n = 0;

	if (!walk_evaluation(sc, &ev))
		return UI_HANDLED | UI_RELOAD;
	cview_load(sc, true);
	n = v->results.count;
	if (v->problem[0] != '\0' || n == 0) {
		tui_message(sc->tui, "the questions cannot be read now: %s",
		    v->problem);
		goto end;
	}
	comments = walk_comments(v, &ev);
	answer = xmalloc(PROMPT_MAX);
	for (i = walk_start(v, &ev, comments); i < n; i++) {
		v->walk_id = ev.id;
		v->walk_next = i;
		v->is_walking = true;
		v->cursor = (int)i;
		v->walk_comment = comments[i];
		cview_repaint(sc);
		snprintf(question, sizeof question, "Comment %zu/%zu (Enter "
		    "keeps it, - removes it):", i + 1, n);
		answer[0] = '\0';
		if (!tui_prompt(sc->tui, question, answer, PROMPT_MAX)) {
			tui_message(sc->tui, "evaluation #%lld stopped at "
			    "question %zu of %zu; e goes on", ev.id, i + 1, n);
			goto end;
		}
		a = text_trim(answer);
		if (*a == '\0')
			continue;
		comment = strcmp(a, "-") == 0 ? "" : a;     /* "" removes it */
		r = cview_result_at(v, (int)i);
		if (evaluation_comment(s, ev.id, r->q->id, comment, &err) !=
		    ST_OK) {
			tui_error(sc->tui, &err);
			goto end;
		}
		free(comments[i]);
		comments[i] = xstrdup(comment);
	}
	v->walk_id = ev.id;
	v->walk_next = n;
	walk_sign(sc, ev.id);
end:
	v->is_walking = false;
	v->walk_comment = NULL;
	for (i = 0; comments != NULL && i < n; i++)
		free(comments[i]);
	free(comments);
	free(answer);
	evaluation_clear(&ev);
	cview_load(sc, true);
	return UI_HANDLED | UI_REDRAW;
}

/* ---- x: the report ---- */

unsigned
cview_export(struct screen *sc)
{
	static const char *const labels[] = { "Markdown (md)", "HTML (html)",
	    "JSON (json)" };
	static const char *const exts[] = { "md", "html", "json" };
	struct err err = { 0 };
	char utc[CLOCK_BUFSZ], date[64], def[128], question[256], path[PATH_MAX];
	char *p;
	time_t now = clock_now();
	size_t chosen = 0;
	int format;

	if (!tui_pick_one(sc->tui, "Write the compliance report as", labels,
	    sizeof labels / sizeof labels[0], &chosen))
		return UI_HANDLED | UI_REDRAW;
	cview_repaint(sc);
	format = compliance_report_format(exts[chosen]);
	clock_format(now, utc);
	cview_date(utc, date, sizeof date);
	snprintf(def, sizeof def, "./compliance-report-%s.%s", date,
	    exts[chosen]);
	snprintf(question, sizeof question, "Write it to (Enter: %s):", def);
	path[0] = '\0';
	if (!tui_prompt(sc->tui, question, path, sizeof path)) {
		tui_message(sc->tui, "no report written");
		return UI_HANDLED | UI_REDRAW;
	}
	p = text_trim(path);
	if (*p == '\0')
		p = def;
	if (format < 0 || compliance_report_write(tui_session(sc->tui),
	    (enum report_format)format, now, p, &err) != ST_OK) {
		if (format < 0)
			err_set(&err, ST_INVALID, "no report format %s",
			    exts[chosen]);
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_RELOAD;
	}
	tui_message(sc->tui, "compliance report (%s) written to %s",
	    exts[chosen], p);
	return UI_HANDLED | UI_RELOAD;
}
