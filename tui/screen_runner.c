/* tui/screen_runner.c - the playbook runner: a communication's steps on
 * the left with their state, the selected step's form on the right, and
 * the keys that fill it in, mark steps done and send it for review.
 *
 * Focus is either on the steps (the key table acts: j, k, d, S...) or on
 * the form (the key hook acts first, so typing reaches the field). Every
 * answer is saved when its field is left, so a crash loses at most the
 * field being typed.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/deadline.h"
#include "core/outbox.h"
#include "core/publisher.h"
#include "core/review.h"
#include "core/workflow.h"
#include "forms/form.h"
#include "tui/form_view.h"
#include "tui/logins.h"
#include "tui/pickers.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define KEY_ESCAPE 27
#define STEPS_MIN  20       /* columns of the steps list */
#define STEPS_MAX  36       /* a mark and some 32 columns of title */
#define HEADER     2        /* rows above the steps and the form, and
                             * one or two more for a warning */

struct runner {
	long long        id;
	struct comm_doc  doc;
	struct rowlist   steps;      /* struct step_status, in order */
	size_t           sel;        /* the selected step */
	struct form      form;       /* the selected step's, when has_form */
	bool             has_form;
	bool             in_form;    /* the form has the keys */
	struct line_edit le;         /* the focused field's text, when typed */
	bool             is_typing;  /* le edits form.cur */
	char             clock[160]; /* the nearest running clock, or "" */
	bool             is_overdue;
	char             warning[VALIDATE_WARN_MAX]; /* comm_warnings() */
	/* Its gates at the content now (rev.content.hash "" when it could
	 * not be read): what each gate waits for, and the rejection that
	 * sent it back, which the header shows to its author. */
	struct review    rev;
	struct logins    logins;     /* who decided, by id */
	char             returned[VALIDATE_WARN_MAX];
	int              form_top;   /* first form row shown */
	int              steps_top;
	int              steps_w;    /* at the last draw, for clicks */
	int              header;     /* rows above the steps, ditto */
	int              cy, cx;     /* where the cursor blinks, or -1 */
	bool             has_warned; /* "q again" was said */
	long long        stamp;      /* the database's change stamp at the
	                              * last read of the communication */
};

static struct session *
sess(struct screen *sc)
{
	return tui_session(sc->tui);
}

static const struct step_status *
step_at(const struct runner *v, size_t i)
{
	return i < v->steps.count ? rowlist_at(&v->steps, i) : NULL;
}

/* "in-review" as "in review". */
static void
state_words(const char *state, char *buf, size_t n)
{
	char *p;

	snprintf(buf, n, "%s", state != NULL ? state : "");
	for (p = buf; *p != '\0'; p++)
		if (*p == '-')
			*p = ' ';
}

/* The nearest running clock, for the header. */
static void
load_clock(struct screen *sc)
{
	struct runner *v = sc->priv;
	const struct deadline *d;
	struct rowlist l;
	struct err err = { 0 };
	char left[64];
	size_t i;

	v->clock[0] = '\0';
	v->is_overdue = false;
	if (deadline_for_communication(sess(sc), v->id, &l, &err) != ST_OK)
		return;
	for (i = 0; i < l.count; i++) {
		d = rowlist_at(&l, i);
		if (d->stopped_at[0] != '\0')
			continue;
		/* "regulator 18 h left": the clock's id is short where its
		 * title is a sentence. */
		deadline_left(d, clock_now(), left, sizeof left);
		snprintf(v->clock, sizeof v->clock, "%s %s", d->clock_id, left);
		v->is_overdue = deadline_is_overdue(d, clock_now());
		break;
	}
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	comm_warnings(sess(sc), &v->doc, v->warning);
}

/* The gates at the content now, and whether a rejection sent it back:
 * "Returned by Lena Fischer (approver:legal): say which versions are
 * fixed". Nothing shows when the review cannot be read. */
static void
load_review(struct screen *sc)
{
	struct runner *v = sc->priv;
	const struct approval *a;
	const char *login;

	review_clear(&v->rev);
	logins_free(&v->logins);
	v->returned[0] = '\0';
	if (review_load(sess(sc), &v->doc, &v->rev, NULL) != ST_OK) {
		review_clear(&v->rev);
		return;
	}
	if (v->rev.decisions.count > 0)
		logins_load(&v->logins, sess(sc), NULL);
	a = v->rev.rejection;
	if (a == NULL || strcmp(v->doc.comm.state, "draft") != 0)
		return;
	login = logins_get(&v->logins, a->approver_id);
	snprintf(v->returned, sizeof v->returned, "Returned by %s (%s): %s",
	    login != NULL ? login : "an approver", a->role, a->comment != NULL ?
	    a->comment : "");
}

/* How many approvals of this revision were made at content HASH (the
 * hash before an edit) and no longer hold: the ones the edit made stale,
 * even those made since the review was last read. */
static int
gone_stale(const struct runner *v, const char *hash)
{
	const struct approval *a;
	size_t i;
	int n = 0;

	if (v->rev.content.hash[0] == '\0' || hash[0] == '\0')
		return 0;
	for (i = 0; i < v->rev.decisions.count; i++) {
		a = rowlist_at(&v->rev.decisions, i);
		n += strcmp(a->decision, "approved") == 0 &&
		    strcmp(a->content_hash, hash) == 0 &&
		    review_is_stale(&v->rev, a);
	}
	return n;
}

static enum status
load_steps(struct screen *sc, struct err *err)
{
	struct runner *v = sc->priv;
	struct rowlist fresh;
	enum status st;

	if ((st = comm_steps(sess(sc), &v->doc, &fresh, err)) != ST_OK)
		return st;
	rowlist_free(&v->steps, (row_clear_fn)step_status_clear);
	v->steps = fresh;
	if (v->sel >= v->steps.count)
		v->sel = v->steps.count > 0 ? v->steps.count - 1 : 0;
	return ST_OK;
}

/* Put the focused field's text in the line editor, if it is typed. */
static void
field_enter(struct runner *v)
{
	const struct form_field *ff;
	char *line;

	v->is_typing = false;
	if (!v->has_form || !v->in_form || v->form.n_fields == 0)
		return;
	ff = &v->form.fields[v->form.cur];
	if (!form_view_is_typed(ff->def, ff->text))
		return;
	line = form_view_line(ff->def, ff->text);
	line_edit_set(&v->le, line);
	free(line);
	v->is_typing = true;
}

static void
select_step(struct runner *v, size_t i)
{
	const struct step_status *ss;

	if (v->has_form)
		form_clear(&v->form);
	v->has_form = false;
	v->in_form = false;
	v->is_typing = false;
	v->form_top = 0;
	v->sel = i;
	if ((ss = step_at(v, i)) == NULL)
		return;
	if ((ss->step->kind == PB_STEP_FORM || ss->step->kind ==
	    PB_STEP_CHECKLIST) && ss->step->n_fields > 0) {
		form_init(&v->form, &v->doc, ss->step);
		v->has_form = true;
	}
}

static enum step_state shown_state(const struct runner *v,
    const struct step_status *ss);

/* The first step not done (a gate as it shows), else the last. */
static size_t
current_step(const struct runner *v)
{
	enum step_state st;
	size_t i;

	for (i = 0; i < v->steps.count; i++) {
		st = shown_state(v, step_at(v, i));
		if (st == STEP_CURRENT || st == STEP_WAITING)
			return i;
	}
	return v->steps.count > 0 ? v->steps.count - 1 : 0;
}

static enum status
open_runner(struct screen *sc, const void *arg, struct err *err)
{
	struct runner *v = sc->priv;
	const long long *id = arg;
	enum status st;

	v->cy = v->cx = -1;
	rowlist_init(&v->steps, sizeof(struct step_status));
	if (id == NULL || *id <= 0)
		return err_set(err, ST_INVALID, "which communication? open one "
		    "from its incident");
	v->id = *id;
	if ((st = comm_open(sess(sc), v->id, &v->doc, err)) != ST_OK)
		return st;
	if ((st = load_steps(sc, err)) != ST_OK)
		return st;
	load_review(sc);
	/* After the open, so its own audit row is no change to read. */
	v->stamp = session_change_stamp(sess(sc));
	select_step(v, current_step(v));
	load_clock(sc);
	if (v->warning[0] != '\0')
		tui_message(sc->tui, "%s", v->warning);
	return ST_OK;
}

/* Read the communication again and let the form follow, keeping what is
 * being typed (form_refresh() leaves dirty fields alone). */
static void
refresh_doc(struct screen *sc)
{
	struct runner *v = sc->priv;
	struct err err = { 0 };
	const struct form_field *ff;
	long long stamp = session_change_stamp(sess(sc));
	char *typed, *line;

	if (comm_reload(sess(sc), &v->doc, &err) != ST_OK ||
	    load_steps(sc, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return;
	}
	load_review(sc);
	v->stamp = stamp;
	if (!v->has_form)
		return;
	form_refresh(&v->form);
	if (!v->is_typing)
		return;
	ff = &v->form.fields[v->form.cur];
	if (ff->is_dirty)
		return;
	/* Nothing typed here yet: show what someone else saved. */
	typed = line_edit_text(&v->le);
	line = form_view_line(ff->def, ff->text);
	if (strcmp(typed, line) != 0)
		line_edit_set(&v->le, line);
	free(typed);
	free(line);
}

/* Hand what was typed to the model. */
static void
sync_typed(struct runner *v)
{
	char *line, *text;

	if (!v->is_typing)
		return;
	line = line_edit_text(&v->le);
	text = form_view_unline(v->form.fields[v->form.cur].def, line);
	form_set_text(&v->form, v->form.cur, text);
	free(line);
	free(text);
}

/*
 * Save the focused field if it changed. ST_INVALID and ST_CONFLICT keep
 * the text in the field and say why on the status line; the caller
 * decides whether focus may move on.
 */
static enum status
commit_field(struct screen *sc)
{
	struct runner *v = sc->priv;
	const struct form_field *ff;
	struct err err = { 0 };
	char before[32], hash[sizeof v->rev.content.hash];
	bool was_dirty;
	enum status st;
	int gone;

	if (!v->has_form || !v->in_form || v->form.n_fields == 0)
		return ST_OK;
	sync_typed(v);
	ff = &v->form.fields[v->form.cur];
	if (ff->has_conflict) {
		tui_message(sc->tui, "%s: someone else saved it first; m keeps "
		    "mine, t takes theirs, e edits both", ff->def->label);
		return ST_CONFLICT;
	}
	was_dirty = ff->is_dirty;
	st = form_commit(&v->form, sess(sc), v->form.cur, &err);
	if (st == ST_CONFLICT) {
		tui_message(sc->tui, "%s: someone else saved it first; m keeps "
		    "mine, t takes theirs, e edits both", ff->def->label);
		return st;
	}
	if (st != ST_OK) {
		tui_error(sc->tui, &err);
		return st;
	}
	if (ff->warning[0] != '\0')
		tui_message(sc->tui, "%s", ff->warning);
	else if (was_dirty)
		tui_message(sc->tui, "%s saved", ff->def->label);
	if (!was_dirty)
		return ST_OK;
	snprintf(before, sizeof before, "%s", v->doc.comm.state);
	snprintf(hash, sizeof hash, "%s", v->rev.content.hash);
	refresh_doc(sc);
	/* An answer changed in review that undoes a step before the gate
	 * takes it back to a draft; one that changes the words approved
	 * makes those approvals stale. Either is no small thing: say so. */
	gone = strcmp(hash, v->rev.content.hash) != 0 ? gone_stale(v, hash) : 0;
	if (strcmp(before, "draft") != 0 &&
	    strcmp(v->doc.comm.state, "draft") == 0)
		tui_message(sc->tui, "%s saved; the communication is a draft "
		    "again: S sends it for review", ff->def->label);
	else if (gone > 0)
		tui_message(sc->tui, "%s saved; %d approval%s now stale",
		    ff->def->label, gone, gone == 1 ? "" : "s");
	return ST_OK;
}

static void
close_runner(struct screen *sc)
{
	struct runner *v = sc->priv;

	/* Going back, home or anywhere else: what was typed is kept. */
	if (v->doc.pb != NULL)
		commit_field(sc);
	if (v->has_form)
		form_clear(&v->form);
	line_edit_free(&v->le);
	rowlist_free(&v->steps, (row_clear_fn)step_status_clear);
	review_clear(&v->rev);
	logins_free(&v->logins);
	comm_doc_clear(&v->doc);
}

/* The timer and coming back: the communication is read again (its
 * review hashes the content) only when the database changed; the clock
 * ticks either way. */
static void
reload(struct screen *sc)
{
	struct runner *v = sc->priv;
	long long stamp = session_change_stamp(sess(sc));

	if (v->is_typing)
		sync_typed(v);
	if (stamp == 0 || stamp != v->stamp)
		refresh_doc(sc);
	load_clock(sc);
}

/* ---- drawing ---- */

/* Draw TEXT at Y, X in ROLE; returns the column after it and a gap. */
static int
put(int y, int x, const char *text, enum role role, int cols)
{
	int used;

	if (text == NULL || *text == '\0' || x >= cols - 1)
		return x;
	attron(theme_attr(role));
	used = text_put(y, x, text, cols - 1 - x, false);
	attroff(theme_attr(role));
	return x + used + 2;
}

/* Where to break S to fit in COLS columns: at the last space that fits,
 * or its length when it fits whole (or has no space to break at). */
static size_t
wrap_at(const char *s, int cols)
{
	char buf[2 * VALIDATE_WARN_MAX + 16];
	size_t i, best = 0;

	if (text_width(s) <= cols)
		return strlen(s);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] != ' ')
			continue;
		snprintf(buf, sizeof buf, "%.*s", (int)i, s);
		if (text_width(buf) > cols)
			break;
		best = i;
	}
	return best > 0 ? best : strlen(s);
}

/* The warning about the whole: the rejection that sent it back first
 * (its author's to-do), then comm_warnings()'s. Into BUF; "" when none. */
static const char *
header_warning(const struct runner *v, char *buf, size_t n)
{
	if (v->returned[0] == '\0' && v->warning[0] == '\0')
		buf[0] = '\0';
	else
		snprintf(buf, n, "! %s%s%s", v->returned, v->returned[0] != '\0' &&
		    v->warning[0] != '\0' ? "; " : "", v->warning);
	return buf;
}

/* Two lines: the incident and the title; then what it is, its state,
 * revision, the nearest running clock and any warning about the whole. */
static void
draw_header(const struct runner *v, int y, int cols)
{
	const struct communication *c = &v->doc.comm;
	char state[64], rev[32], what[2 * VALIDATE_WARN_MAX + 8];
	char warn[2 * VALIDATE_WARN_MAX + 8];
	size_t cut;
	int x = 1;

	x = put(y, x, v->doc.incident_ref, ROLE_TITLE, cols);
	put(y, x, c->title, ROLE_TITLE, cols);
	state_words(c->state, state, sizeof state);
	snprintf(rev, sizeof rev, "rev %lld", c->revision);
	if (c->variant != NULL && *c->variant != '\0' &&
	    strcmp(c->variant, c->kind) != 0)
		snprintf(what, sizeof what, "%s (%s)", c->kind, c->variant);
	else
		snprintf(what, sizeof what, "%s", c->kind);
	x = put(y + 1, 1, what, ROLE_DIM, cols);
	x = put(y + 1, x, state, strcmp(c->state, "draft") == 0 ? ROLE_MEDIUM :
	    ROLE_GOOD, cols);
	x = put(y + 1, x, rev, ROLE_DIM, cols);
	if (v->clock[0] != '\0')
		x = put(y + 1, x, v->clock, v->is_overdue ? ROLE_BAD : ROLE_WARN,
		    cols);
	if (header_warning(v, warn, sizeof warn)[0] == '\0')
		return;
	/* The warning in full, in two lines at most. */
	cut = wrap_at(warn, cols - 2);
	attron(theme_attr(ROLE_WARN));
	snprintf(what, sizeof what, "%.*s", (int)cut, warn);
	text_put(y + 2, 1, what, cols - 2, false);
	if (warn[cut] != '\0')
		text_put(y + 3, 3, warn + cut + 1, cols - 4, false);
	attroff(theme_attr(ROLE_WARN));
}

/* Rows the header takes at COLS columns. */
static int
header_rows(const struct runner *v, int cols)
{
	char warn[2 * VALIDATE_WARN_MAX + 8];

	if (header_warning(v, warn, sizeof warn)[0] == '\0')
		return HEADER;
	return HEADER + (warn[wrap_at(warn, cols - 2)] != '\0' ? 2 : 1);
}

/* The steps column: wide enough for the longest title (a mark and two
 * spaces before it), within STEPS_MIN..STEPS_MAX and two fifths of the
 * screen. */
static int
steps_width(const struct runner *v, int cols)
{
	const struct step_status *ss;
	int w = STEPS_MIN, tw, most = cols * 2 / 5;
	size_t i;

	for (i = 0; i < v->steps.count; i++) {
		ss = step_at(v, i);
		if ((tw = text_width(ss->step->title) + 4) > w)
			w = tw;
	}
	if (w > STEPS_MAX)
		w = STEPS_MAX;
	if (w > most)
		w = most;
	return w < STEPS_MIN ? STEPS_MIN : w;
}

/* The status of gate step ST at the content now, or NULL when the
 * review could not be read. */
static const struct gate_status *
gate_of(const struct runner *v, const struct pb_step *st)
{
	size_t i;

	for (i = 0; i < v->rev.n_gates; i++)
		if (v->rev.gates[i].step == st)
			return &v->rev.gates[i];
	return NULL;
}

/*
 * How step SS shows. A gate of a communication in review, by its gate at
 * the content now: every gate is open together once in review, and one
 * with its approvals (or passing on pre-approval) is done, whatever the
 * order of the steps says. Any other step as core's steps say.
 */
static enum step_state
shown_state(const struct runner *v, const struct step_status *ss)
{
	const struct gate_status *g;

	if (ss->step->kind != PB_STEP_GATE || v->doc.comm.state == NULL ||
	    strcmp(v->doc.comm.state, "in-review") != 0 ||
	    (g = gate_of(v, ss->step)) == NULL)
		return ss->state;
	return g->state == GATE_WAITING ? STEP_WAITING : STEP_DONE;
}

/* The words for how step SS shows: "waiting for approval"; a gate that
 * is done "approved", or "pre-approved" when it passes so. */
static void
shown_words(const struct runner *v, const struct step_status *ss, char *buf,
    size_t n)
{
	const struct gate_status *g = gate_of(v, ss->step);
	enum step_state st = shown_state(v, ss);

	if (ss->step->kind == PB_STEP_GATE && st == STEP_DONE)
		snprintf(buf, n, "%s", g != NULL && g->state ==
		    GATE_PREAPPROVED ? "pre-approved" : "approved");
	else
		state_words(step_state_name(st), buf, n);
}

static const char *
mark(enum step_state st)
{
	bool u = text_is_utf8();

	switch (st) {
	case STEP_DONE:
		return u ? "\u2713" : "x";
	case STEP_CURRENT:
		return ">";
	case STEP_WAITING:
		return u ? "\u2026" : "w";
	default:
		return " ";
	}
}

static void
draw_steps(struct runner *v, int top, int rows, int w)
{
	const struct step_status *ss;
	enum step_state st;
	enum role role;
	char line[256];
	size_t i;
	int r;

	if ((int)v->sel < v->steps_top)
		v->steps_top = (int)v->sel;
	if ((int)v->sel >= v->steps_top + rows)
		v->steps_top = (int)v->sel - rows + 1;
	for (r = 0, i = (size_t)v->steps_top; r < rows && i < v->steps.count;
	    r++, i++) {
		ss = step_at(v, i);
		st = shown_state(v, ss);
		role = st == STEP_DONE ? ROLE_GOOD : st == STEP_WAITING ?
		    ROLE_WARN : st == STEP_CURRENT ? ROLE_NORMAL : ROLE_DIM;
		if (i == v->sel)
			role = v->in_form ? ROLE_HEADER : ROLE_SELECTED;
		snprintf(line, sizeof line, " %s %s", mark(st), ss->step->title);
		attron(theme_attr(role));
		if (i == v->sel)
			mvhline(top + r, 0, ' ', w);
		text_put(top + r, 0, line, w - 1, false);  /* a gap before the line */
		attroff(theme_attr(role));
	}
}

/* What a gate or publish step shows instead of a form: a gate in review
 * says what it waits for ("stale: Lena Fischer must look again") and
 * lists its decisions on this revision, a stale one marked so. */
static void
draw_other(const struct runner *v, const struct step_status *ss, int y,
    int x, int rows, int cols)
{
	const struct pb_step *st = ss->step;
	const struct gate_status *g = gate_of(v, st);
	const struct approval *a;
	enum step_state shown = shown_state(v, ss);
	char line[512];
	size_t i, len = 0, cut;
	int r = 0;
	bool is_stale;

	line[0] = '\0';
	if (st->kind == PB_STEP_GATE) {
		for (i = 0; i < st->n_roles && len < sizeof line; i++)
			len += (size_t)snprintf(line + len, sizeof line - len,
			    "%s%s x%d", i > 0 ? ", " : "", st->roles[i].role,
			    st->roles[i].count);
		text_put(y + r++, x, "Approvals needed:", cols, false);
	} else if (st->kind == PB_STEP_PUBLISH) {
		for (i = 0; i < st->n_channels && len < sizeof line; i++)
			len += (size_t)snprintf(line + len, sizeof line - len,
			    "%s%s", i > 0 ? ", " : "", st->channels[i]);
		text_put(y + r++, x, "Goes out to:", cols, false);
	}
	if (r < rows && line[0] != '\0')
		text_put(y + r++, x + 2, line, cols - 2, false);
	if (r < rows && g != NULL && shown != STEP_NOT_REACHED &&
	    g->note[0] != '\0') {
		/* The note in full, in two lines at most. */
		cut = wrap_at(g->note, cols);
		snprintf(line, sizeof line, "%.*s", (int)cut, g->note);
		attron(theme_attr(g->state == GATE_WAITING ? ROLE_WARN : ROLE_GOOD));
		text_put(y + r++, x, line, cols, false);
		if (g->note[cut] != '\0' && r < rows)
			text_put(y + r++, x + 2, g->note + cut + 1, cols - 2, false);
		attroff(theme_attr(g->state == GATE_WAITING ? ROLE_WARN :
		    ROLE_GOOD));
	} else if (r < rows) {
		attron(theme_attr(ROLE_DIM));
		text_put(y + r++, x, st->kind == PB_STEP_GATE ? (shown ==
		    STEP_DONE ? "approved" : shown == STEP_WAITING ?
		    "waiting for approval" : "reached once sent for review (S)") :
		    shown == STEP_DONE ? "published" :
		    "published once approved: D publishes and sends it", cols,
		    false);
		attroff(theme_attr(ROLE_DIM));
	}
	for (i = 0; st->kind == PB_STEP_GATE && i < v->rev.decisions.count &&
	    r < rows; i++) {
		a = rowlist_at(&v->rev.decisions, i);
		if (strcmp(a->gate, st->id) != 0)
			continue;
		is_stale = strcmp(a->decision, "approved") == 0 &&
		    review_is_stale(&v->rev, a);
		snprintf(line, sizeof line, "%s %s%s%s",
		    logins_get(&v->logins, a->approver_id) != NULL ?
		    logins_get(&v->logins, a->approver_id) : "?", a->decision,
		    is_stale ? ", stale" : "", a->comment != NULL &&
		    *a->comment != '\0' ? ": " : "");
		len = strlen(line);
		if (a->comment != NULL)
			snprintf(line + len, sizeof line - len, "%s", a->comment);
		attron(theme_attr(is_stale ? ROLE_WARN : strcmp(a->decision,
		    "approved") == 0 ? ROLE_GOOD : ROLE_BAD));
		text_put(y + r++, x + 2, line, cols - 2, false);
		attroff(theme_attr(is_stale ? ROLE_WARN : strcmp(a->decision,
		    "approved") == 0 ? ROLE_GOOD : ROLE_BAD));
	}
}

static void
draw_right(struct runner *v, int top, int rows, int x, int cols)
{
	const struct step_status *ss = step_at(v, v->sel);
	char title[512], state[64];
	int r = 0;

	if (ss == NULL) {
		text_put(top, x, "This playbook has no steps here.", cols, false);
		return;
	}
	shown_words(v, ss, state, sizeof state);
	snprintf(title, sizeof title, "%s (%s)", ss->step->title, state);
	attron(theme_attr(ROLE_HEADER));
	text_put(top + r++, x, title, cols, false);
	attroff(theme_attr(ROLE_HEADER));
	if (ss->step->help != NULL && r < rows) {
		attron(theme_attr(ROLE_DIM));
		text_put(top + r++, x, ss->step->help, cols, false);
		attroff(theme_attr(ROLE_DIM));
	}
	if (ss->problem[0] != '\0' && ss->state != STEP_DONE && !v->in_form &&
	    r < rows) {
		attron(theme_attr(ROLE_WARN));
		text_put(top + r++, x, ss->problem, cols, false);
		attroff(theme_attr(ROLE_WARN));
	}
	if (r < rows)
		r++;
	if (v->has_form)
		form_view_draw(&v->form, v->is_typing ? &v->le : NULL, v->in_form,
		    &v->form_top, top + r, x, rows - r, cols, &v->cy, &v->cx);
	else
		draw_other(v, ss, top + r, x, rows - r, cols);
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct runner *v = sc->priv;
	int w = steps_width(v, cols), h = header_rows(v, cols), x;

	v->steps_w = w;
	v->header = h;
	v->cy = v->cx = -1;
	draw_header(v, top, cols);
	draw_steps(v, top + h, rows - h, w);
	attron(theme_attr(ROLE_DIM));
	if (text_is_utf8())
		mvvline(top + h, w, ACS_VLINE, rows - h);
	else
		mvvline(top + h, w, '|', rows - h);
	attroff(theme_attr(ROLE_DIM));
	x = w + 2;
	draw_right(v, top + h, rows - h, x, cols - x - 1);
}

static bool
cursor(struct screen *sc, int *y, int *x)
{
	struct runner *v = sc->priv;

	if (!v->in_form || !v->is_typing || v->cy < 0)
		return false;
	*y = v->cy;
	*x = v->cx;
	return true;
}

/* ---- acting ---- */

/* Focus the form of the selected step, at its first field. */
static unsigned
enter_form(struct screen *sc, int dir)
{
	struct runner *v = sc->priv;
	const struct step_status *ss = step_at(v, v->sel);

	if (!v->has_form) {
		tui_message(sc->tui, "%s has nothing to fill in", ss != NULL ?
		    ss->step->title : "this step");
		return UI_HANDLED | UI_REDRAW;
	}
	v->in_form = true;
	v->has_warned = false;
	if (!v->form.fields[v->form.cur].is_visible)
		form_move(&v->form, dir);
	else if (dir < 0)
		form_move(&v->form, -1);
	field_enter(v);
	return UI_HANDLED | UI_REDRAW;
}

/* Save the field and move DIR fields; a conflict keeps the focus. */
static unsigned
move_field(struct screen *sc, int dir)
{
	struct runner *v = sc->priv;

	if (commit_field(sc) == ST_CONFLICT)
		return UI_HANDLED | UI_REDRAW;
	form_move(&v->form, dir);
	field_enter(v);
	return UI_HANDLED | UI_REDRAW;
}

/* Save the field and give the keys back to the steps. */
static unsigned
leave_form(struct screen *sc)
{
	struct runner *v = sc->priv;

	if (commit_field(sc) == ST_CONFLICT)
		return UI_HANDLED | UI_REDRAW;
	v->in_form = false;
	v->is_typing = false;
	return UI_HANDLED | UI_REDRAW;
}

/* Set field I to TEXT and save it at once (a picker or the editor). */
static void
set_and_save(struct screen *sc, const char *text)
{
	struct runner *v = sc->priv;

	form_set_text(&v->form, v->form.cur, text);
	field_enter(v);
	commit_field(sc);
}

/* Long text in $EDITOR; saved on return. */
static unsigned
edit_long(struct screen *sc)
{
	struct runner *v = sc->priv;
	const struct form_field *ff = &v->form.fields[v->form.cur];
	struct err err = { 0 };
	char *text = NULL;

	if (tui_edit_text(ff->text, &text, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	set_and_save(sc, text);
	free(text);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
pick_choice(struct screen *sc)
{
	struct runner *v = sc->priv;
	const struct pb_field *d = v->form.fields[v->form.cur].def;
	const char **labels;
	size_t i, chosen = 0;

	if (d->n_options == 0)
		return UI_HANDLED;
	labels = xcalloc(d->n_options, sizeof *labels);
	for (i = 0; i < d->n_options; i++) {
		labels[i] = d->options[i].label;
		if (strcmp(d->options[i].value, v->form.fields[v->form.cur].text ?
		    v->form.fields[v->form.cur].text : "") == 0)
			chosen = i;
	}
	if (tui_pick_one(sc->tui, d->label, labels, d->n_options, &chosen))
		set_and_save(sc, d->options[chosen].value);
	free(labels);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
pick_other(struct screen *sc)
{
	struct runner *v = sc->priv;
	const struct form_field *ff = &v->form.fields[v->form.cur];
	struct err err = { 0 };
	char *out = NULL, *line;
	enum status st;

	if (ff->def->kind == FIELD_CVSS) {
		line = line_edit_text(&v->le);
		st = tui_pick_cvss(sc->tui, line, &out, &err);
		free(line);
	} else
		st = tui_pick_products(sc->tui, ff->text, &out, &err);
	if (st != ST_OK)
		tui_error(sc->tui, &err);
	else if (out != NULL)
		set_and_save(sc, out);
	free(out);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
toggle_list(struct screen *sc)
{
	struct runner *v = sc->priv;
	const struct form_field *ff = &v->form.fields[v->form.cur];
	char *text = xstrdup(ff->text != NULL ? ff->text : "");

	if (form_view_toggle(sc->tui, ff->def, &text))
		set_and_save(sc, text);
	free(text);
	return UI_HANDLED | UI_REDRAW;
}

/* Settle the focused field's conflict: m, t or e. */
static unsigned
resolve(struct screen *sc, wint_t ch)
{
	struct runner *v = sc->priv;
	const struct form_field *ff = &v->form.fields[v->form.cur];
	struct err err = { 0 };
	char *both, *text = NULL;
	size_t n;

	if (ch == 'e') {
		/* Both texts in the editor; what comes back is mine. */
		both = xasprintf("%s\n\n%s\n", ff->text != NULL ? ff->text : "",
		    ff->theirs != NULL ? ff->theirs : "");
		if (tui_edit_text(both, &text, &err) != ST_OK) {
			free(both);
			tui_error(sc->tui, &err);
			return UI_HANDLED | UI_REDRAW;
		}
		free(both);
		if (ff->def->kind != FIELD_LONG_TEXT) {
			char *one = form_view_unline(ff->def, text);

			/* A one-line field: the lines become one. */
			for (n = 0; ff->def->kind != FIELD_EMAIL_LIST &&
			    ff->def->kind != FIELD_CVE_LIST && one[n] != '\0'; n++)
				if (one[n] == '\n')
					one[n] = ' ';
			free(text);
			text = one;
		}
		form_set_text(&v->form, v->form.cur, text);
		free(text);
	}
	if (form_resolve(&v->form, sess(sc), v->form.cur, ch == 't' ?
	    FORM_TAKE_THEIRS : FORM_KEEP_MINE, &err) != ST_OK)
		tui_error(sc->tui, &err);
	else
		tui_message(sc->tui, "%s: %s", ff->def->label, ch == 't' ?
		    "took theirs" : "kept mine, saved");
	field_enter(v);
	refresh_doc(sc);
	return UI_HANDLED | UI_REDRAW;
}

static bool
is_enter(int rc, wint_t ch)
{
	return (rc == OK && (ch == '\r' || ch == '\n')) ||
	    (rc == KEY_CODE_YES && ch == KEY_ENTER);
}

/* A key while the form has focus: typing, moving, the field's own keys. */
static unsigned
key(struct screen *sc, int rc, wint_t ch)
{
	struct runner *v = sc->priv;
	const struct form_field *ff;
	enum field_kind kind;
	bool is_changed;

	if (!v->in_form || !v->has_form)
		return UI_NONE;
	ff = &v->form.fields[v->form.cur];
	kind = ff->def->kind;
	if (ff->has_conflict) {
		if (rc == OK && (ch == 'm' || ch == 't' || ch == 'e'))
			return resolve(sc, ch);
		if (rc == OK && ch >= 32 && ch != 127) {
			tui_message(sc->tui, "%s: m keeps mine, t takes theirs, e "
			    "edits both", ff->def->label);
			return UI_HANDLED | UI_REDRAW;
		}
	}
	if (rc == OK && ch == KEY_ESCAPE)
		return leave_form(sc);
	if (rc == OK && ch == '\t')
		return move_field(sc, 1);
	if (rc == KEY_CODE_YES && ch == KEY_BTAB)
		return move_field(sc, -1);
	if (rc == KEY_CODE_YES && (ch == KEY_DOWN || ch == KEY_UP))
		return move_field(sc, ch == KEY_DOWN ? 1 : -1);
	if (v->is_typing) {
		if (is_enter(rc, ch) && kind == FIELD_PLAIN_TEXT) {
			sync_typed(v);
			return edit_long(sc);
		}
		if (is_enter(rc, ch))
			return kind == FIELD_CVSS ? pick_other(sc) :
			    move_field(sc, 1);
		if (line_edit_key(&v->le, rc, ch, &is_changed)) {
			if (is_changed) {
				sync_typed(v);
				v->has_warned = false;
			}
			return UI_HANDLED | UI_REDRAW;
		}
		/* Other control keys (F1, Ctrl-L) fall to the key table. */
		return rc == OK && ch >= 32 ? UI_HANDLED : UI_NONE;
	}
	switch (kind) {
	case FIELD_LONG_TEXT:
	case FIELD_PLAIN_TEXT:
		if (is_enter(rc, ch) || (rc == OK && ch == 'e'))
			return edit_long(sc);
		break;
	case FIELD_CHOICE:
	case FIELD_BOOLEAN:
		if (is_enter(rc, ch) && kind == FIELD_CHOICE)
			return pick_choice(sc);
		if (is_enter(rc, ch))
			return move_field(sc, 1);
		if ((rc == OK && (ch == ' ' || ch == 'l' || ch == 'h')) ||
		    (rc == KEY_CODE_YES && (ch == KEY_LEFT || ch == KEY_RIGHT))) {
			form_set_text(&v->form, v->form.cur, form_view_cycle(ff->def,
			    ff->text, (ch == KEY_LEFT || ch == 'h') ? -1 : 1));
			return UI_HANDLED | UI_REDRAW;
		}
		if (kind == FIELD_BOOLEAN && rc == OK && (ch == 'y' || ch == 'n')) {
			form_set_text(&v->form, v->form.cur, ch == 'y' ? "yes" : "no");
			return UI_HANDLED | UI_REDRAW;
		}
		break;
	case FIELD_MULTI_CHOICE:
	case FIELD_CHECKLIST:
		if (is_enter(rc, ch) || (rc == OK && ch == ' '))
			return toggle_list(sc);
		break;
	case FIELD_PRODUCTS:
		if (is_enter(rc, ch))
			return pick_other(sc);
		break;
	default:
		break;
	}
	return UI_NONE;
}

/* Mark the selected step done, then select the next one to do. */
/* The first shown field whose typed text is not saved (it was refused),
 * or n_fields when there is none. */
static size_t
unsaved_field(const struct runner *v)
{
	size_t i;

	if (!v->has_form)
		return v->form.n_fields;
	for (i = 0; i < v->form.n_fields; i++)
		if (v->form.fields[i].is_visible && v->form.fields[i].is_dirty)
			break;
	return i;
}

static unsigned publish(struct screen *sc);

static unsigned
mark_done(struct screen *sc)
{
	struct runner *v = sc->priv;
	const struct step_status *ss = step_at(v, v->sel);
	char warning[VALIDATE_WARN_MAX] = "", id[256];
	struct err err = { 0 };
	size_t i;

	if (ss == NULL)
		return UI_HANDLED;
	/* The publish step is done by publishing. */
	if (ss->step->kind == PB_STEP_PUBLISH)
		return publish(sc);
	if (commit_field(sc) == ST_CONFLICT)
		return UI_HANDLED | UI_REDRAW;
	if ((i = unsaved_field(v)) < v->form.n_fields) {
		/* Marking it done would drop typed text without a word. */
		tui_message(sc->tui, "%s is not saved (%s): correct it or clear "
		    "it first", v->form.fields[i].def->label,
		    v->form.fields[i].error[0] != '\0' ?
		    v->form.fields[i].error : "not valid");
		return UI_HANDLED | UI_REDRAW;
	}
	ss = step_at(v, v->sel);
	snprintf(id, sizeof id, "%s", ss->step->id);
	if (comm_step_done(sess(sc), &v->doc, id, warning, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	refresh_doc(sc);
	select_step(v, current_step(v));
	if (warning[0] != '\0')
		tui_message(sc->tui, "done; but %s", warning);
	else
		tui_message(sc->tui, "%s done", id);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
reopen(struct screen *sc)
{
	struct runner *v = sc->priv;
	const struct step_status *ss = step_at(v, v->sel);
	struct err err = { 0 };
	char id[256];
	size_t sel = v->sel;

	if (ss == NULL)
		return UI_HANDLED;
	if (commit_field(sc) == ST_CONFLICT)
		return UI_HANDLED | UI_REDRAW;
	snprintf(id, sizeof id, "%s", ss->step->id);
	if (comm_step_reopen(sess(sc), &v->doc, id, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	refresh_doc(sc);
	select_step(v, sel);
	tui_message(sc->tui, "%s reopened", id);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
submit(struct screen *sc)
{
	struct runner *v = sc->priv;
	struct err err = { 0 };
	char state[64];

	if (commit_field(sc) == ST_CONFLICT)
		return UI_HANDLED | UI_REDRAW;
	if (comm_submit(sess(sc), &v->doc, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	refresh_doc(sc);
	select_step(v, current_step(v));
	state_words(v->doc.comm.state, state, sizeof state);
	tui_message(sc->tui, "sent for review: %s", state);
	return UI_HANDLED | UI_REDRAW;
}

/* D: publish the approved communication, then send what it queued at
 * once, with a progress bar; what is not sent now (a channel down, an
 * embargo) stays in the outbox for herald publish. */
static unsigned
publish(struct screen *sc)
{
	struct runner *v = sc->priv;
	struct publish_report r;
	struct outbox_counts c;
	struct err err = { 0 };
	char question[256], sum[256], state[64];

	if (commit_field(sc) == ST_CONFLICT)
		return UI_HANDLED | UI_REDRAW;
	if (strcmp(v->doc.comm.state, "published") == 0) {
		tui_message(sc->tui, "published already; u starts an update");
		return UI_HANDLED | UI_REDRAW;
	}
	if (strcmp(v->doc.comm.state, "approved") != 0 &&
	    strcmp(v->doc.comm.state, "in-review") != 0) {
		state_words(v->doc.comm.state, state, sizeof state);
		tui_message(sc->tui, "only an approved communication is "
		    "published; this one is %s", state);
		return UI_HANDLED | UI_REDRAW;
	}
	snprintf(question, sizeof question, "Publish #%lld and send it now?",
	    v->id);
	if (!tui_confirm(sc->tui, question)) {
		tui_message(sc->tui, "not published");
		return UI_HANDLED | UI_REDRAW;
	}
	if (comm_publish(sess(sc), &v->doc, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		refresh_doc(sc);
		return UI_HANDLED | UI_REDRAW;
	}
	refresh_doc(sc);
	select_step(v, current_step(v));
	if (tui_send_due(sc->tui, v->id, &r, &err) != ST_OK) {
		tui_message(sc->tui, "published; not sent yet (%s): herald publish "
		    "sends it", err.msg);
		return UI_HANDLED | UI_REDRAW;
	}
	tui_send_summary(&r, sum, sizeof sum);
	/* Rows not due yet (an embargo, a scheduled time) were not tried:
	 * say they wait, so "0 delivered" is not read as lost. */
	if (outbox_counts_for_communication(sess(sc), v->id, &c, &err) == ST_OK &&
	    c.pending + c.leased > r.retrying + r.waiting)
		snprintf(sum + strlen(sum), sizeof sum - strlen(sum), ", %lld "
		    "queued for later", c.pending + c.leased - r.retrying -
		    r.waiting);
	tui_message(sc->tui, "published; %s", sum);
	return UI_HANDLED | UI_REDRAW;
}

/* u: why the update (one of core's kinds, picked) and an optional note. */
static unsigned
update(struct screen *sc)
{
	const char *const *kinds = comm_update_reasons();
	struct runner *v = sc->priv;
	struct err err = { 0 };
	char note[256] = "", *labels[16];
	size_t chosen = 0, n, i;
	bool is_picked;
	enum status st;

	if (commit_field(sc) == ST_CONFLICT)
		return UI_HANDLED | UI_REDRAW;
	if (strcmp(v->doc.comm.state, "published") != 0) {
		state_words(v->doc.comm.state, note, sizeof note);
		tui_message(sc->tui, "only a published communication is updated; "
		    "this one is %s", note);
		return UI_HANDLED | UI_REDRAW;
	}
	for (n = 0; kinds[n] != NULL && n < sizeof labels / sizeof labels[0]; n++)
		labels[n] = comm_reason_label(kinds[n]);
	is_picked = tui_pick_one(sc->tui, "Why the update?",
	    (const char *const *)labels, n, &chosen) &&
	    tui_prompt(sc->tui, "A note for the revision (Enter for none):",
	    note, sizeof note);
	for (i = 0; i < n; i++)
		free(labels[i]);
	if (!is_picked) {
		tui_message(sc->tui, "no update started");
		return UI_HANDLED | UI_REDRAW;
	}
	st = comm_update_note(sess(sc), &v->doc, kinds[chosen], text_trim(note),
	    &err);
	if (st != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	refresh_doc(sc);
	select_step(v, current_step(v));
	tui_message(sc->tui, "revision %lld started: go through the steps "
	    "again", v->doc.comm.revision);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
move_step(struct runner *v, int by)
{
	long long i = (long long)v->sel + by;

	if (v->steps.count == 0)
		return UI_HANDLED;
	if (i < 0)
		i = 0;
	if (i >= (long long)v->steps.count)
		i = (long long)v->steps.count - 1;
	if ((size_t)i != v->sel)
		select_step(v, (size_t)i);
	return UI_HANDLED | UI_REDRAW;
}

/* Whether leaving now loses an answer that could not be saved; says so
 * once, and a second q leaves anyway. */
static bool
is_losing(struct screen *sc)
{
	struct runner *v = sc->priv;
	size_t i;

	if (!v->has_form || !form_is_dirty(&v->form) || v->has_warned)
		return false;
	i = unsaved_field(v);
	tui_message(sc->tui, "%s is not saved (%s); q again leaves without it",
	    i < v->form.n_fields ? v->form.fields[i].def->label : "a field",
	    i < v->form.n_fields && v->form.fields[i].error[0] != '\0' ?
	    v->form.fields[i].error : "not valid");
	v->has_warned = true;
	return true;
}

/* e, Space, m or t where the focused field does not take them (the key
 * hook acts first when it does): say where they work. */
static unsigned
field_act(struct screen *sc, enum action act)
{
	struct runner *v = sc->priv;
	const struct form_field *ff;

	if (!v->in_form || !v->has_form) {
		tui_message(sc->tui, "%s works on a field: Enter goes into the "
		    "form", act == ACT_EDIT ? "e" : act == ACT_CHOOSE ? "Space" :
		    act == ACT_KEEP_MINE ? "m" : "t");
		return UI_HANDLED | UI_REDRAW;
	}
	ff = &v->form.fields[v->form.cur];
	if (act == ACT_KEEP_MINE || act == ACT_TAKE_THEIRS)
		tui_message(sc->tui, "%s: nobody else changed it", ff->def->label);
	else if (act == ACT_EDIT)
		tui_message(sc->tui, "%s: e edits long texts only",
		    ff->def->label);
	else
		tui_message(sc->tui, "%s: Space changes choices and ticks lists",
		    ff->def->label);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct runner *v = sc->priv;

	switch (act) {
	case ACT_MOVE_DOWN:
		return v->in_form ? move_field(sc, 1) : move_step(v, 1);
	case ACT_MOVE_UP:
		return v->in_form ? move_field(sc, -1) : move_step(v, -1);
	case ACT_FIRST:
		return v->in_form ? UI_HANDLED : move_step(v, -(int)v->sel);
	case ACT_LAST:
		return v->in_form ? UI_HANDLED : move_step(v, (int)v->steps.count);
	case ACT_OPEN:
	case ACT_NEXT_FIELD:
		return v->in_form ? move_field(sc, 1) : enter_form(sc, 1);
	case ACT_PREV_FIELD:
		return v->in_form ? move_field(sc, -1) : enter_form(sc, -1);
	case ACT_BACK:
		if (v->in_form)
			return leave_form(sc);
		if (is_losing(sc))
			return UI_HANDLED | UI_REDRAW;
		return UI_NONE;
	case ACT_MARK_DONE:
		return mark_done(sc);
	case ACT_REOPEN:
		return reopen(sc);
	case ACT_SUBMIT:
		return submit(sc);
	case ACT_PUBLISH:
		return publish(sc);
	case ACT_UPDATE:
		return update(sc);
	case ACT_EDIT:
	case ACT_CHOOSE:
	case ACT_KEEP_MINE:
	case ACT_TAKE_THEIRS:
		return field_act(sc, act);
	case ACT_PREVIEW:
		if (commit_field(sc) == ST_CONFLICT)
			return UI_HANDLED | UI_REDRAW;
		tui_push(sc->tui, &screen_preview_ops, &v->id);
		return UI_HANDLED | UI_REDRAW;
	default:
		return UI_NONE;
	}
}

/* A click on a step selects it; on the form, focuses it. */
static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	struct runner *v = sc->priv;
	long long i = (long long)row - v->header + v->steps_top;

	if (col < v->steps_w && row >= v->header && i < (long long)v->steps.count) {
		if (v->in_form && leave_form(sc) && v->in_form)
			return UI_HANDLED | UI_REDRAW;
		select_step(v, (size_t)i);
		return is_double ? enter_form(sc, 1) : UI_HANDLED | UI_REDRAW;
	}
	if (col > v->steps_w && !v->in_form)
		return enter_form(sc, 1);
	return UI_NONE;
}

const struct screen_ops screen_runner_ops = {
	.name = "runner",
	.title = "Playbook",
	.priv_size = sizeof(struct runner),
	.open = open_runner,
	.close = close_runner,
	.reload = reload,
	.draw = draw,
	.handle = handle,
	.click = click,
	.key = key,
	.cursor = cursor,
};
