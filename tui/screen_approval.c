/* tui/screen_approval.c - one communication waiting for the acting
 * user's decision, read in full before deciding: its clocks, its gates,
 * the decisions on it, what changed since it was last approved, and
 * every output as it will go out. a approves, r rejects. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/deadline.h"
#include "core/review.h"
#include "core/worddiff.h"
#include "tui/doc_view.h"
#include "tui/html_text.h"
#include "tui/incident_view.h"
#include "tui/logins.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define COMMENT_MAX 1024

/* What changed in one output since the approval diffed against. */
struct item_change {
	char           *title;
	struct worddiff d;
	const char     *what;    /* "new since then", ...; NULL: nothing to add */
};

struct item {
	long long           id;
	char               *gate;        /* the gate the list offered */
	struct comm_doc     doc;
	struct review       rev;         /* at the content shown */
	char                shown[65];   /* the content hash shown: decided on */
	char                now[65];     /* the hash now, when it changed since */
	struct rowlist      clocks;      /* struct deadline */
	struct logins       logins;
	struct doc_output  *outs;        /* every one rendered */
	size_t              n_outs;
	struct item_change *changes;
	size_t              n_changes;
	char                change_problem[512];
	const struct pb_step *turn_step; /* the gate the person decides */
	const char         *turn_role;
	char                turn_why[512]; /* why they cannot decide now */
	struct doc_view     view;        /* all of it as lines */
	long long           stamp;
};

static void
changes_free(struct item *v)
{
	size_t i;

	for (i = 0; i < v->n_changes; i++) {
		free(v->changes[i].title);
		worddiff_clear(&v->changes[i].d);
	}
	free(v->changes);
	v->changes = NULL;
	v->n_changes = 0;
}

/* Every output of the variant rendered, exactly as the preview and the
 * publisher make it. */
static void
outs_load(struct item *v, struct session *s)
{
	size_t i;

	v->outs = doc_outputs_new(&v->doc, &v->n_outs);
	for (i = 0; i < v->n_outs; i++)
		doc_output_render(s, &v->doc, &v->outs[i]);
}

/* The text a person reads of output OUT of content_outputs(): an HTML
 * page as text. Allocated. */
static char *
readable(const json_t *out)
{
	const char *text = json_string_value(json_object_get(out, "text"));
	const char *format = json_string_value(json_object_get(out, "format"));
	char *s;

	if (text == NULL)
		return xstrdup("");
	if (format != NULL && strcmp(format, "html") == 0 &&
	    (s = html_text(text, strlen(text))) != NULL)
		return s;
	return xstrdup(text);
}

static const json_t *
output_by_id(const json_t *outs, const char *id)
{
	const json_t *o;
	size_t i;

	json_array_foreach(outs, i, o)
		if (id != NULL && json_string_value(json_object_get(o, "id")) != NULL &&
		    strcmp(json_string_value(json_object_get(o, "id")), id) == 0)
			return o;
	return NULL;
}

static void
change_push(struct item *v, const json_t *o, const char *old,
    const char *new_text, const char *what)
{
	const char *title = json_string_value(json_object_get(o, "title"));
	const char *format = json_string_value(json_object_get(o, "format"));
	struct item_change *c;

	v->changes = xreallocarray(v->changes, v->n_changes + 1,
	    sizeof *v->changes);
	c = &v->changes[v->n_changes++];
	c->title = xasprintf("%s (%s)", title != NULL ? title :
	    json_string_value(json_object_get(o, "id")) != NULL ?
	    json_string_value(json_object_get(o, "id")) : "output",
	    format != NULL ? format : "markdown");
	worddiff(old, new_text, &c->d);
	c->what = what;
}

/* What changed in each output since the last approval, from its
 * snapshot to the content now, word by word. */
static void
changes_load(struct item *v)
{
	const struct approval *a = v->rev.last_approval;
	json_t *then = NULL, *now = NULL;
	const json_t *o, *t;
	struct err err = { 0 };
	char *x, *y;
	size_t i;

	v->change_problem[0] = '\0';
	if (a == NULL || !review_is_stale(&v->rev, a))
		return;
	if (a->snapshot == NULL || content_outputs(a->snapshot, &then, &err) !=
	    ST_OK || content_outputs(v->rev.content.canon, &now, &err) != ST_OK) {
		snprintf(v->change_problem, sizeof v->change_problem, "What "
		    "changed cannot be shown: %s", a->snapshot == NULL ?
		    "the approval kept no snapshot" : err.msg);
		goto end;
	}
	json_array_foreach(now, i, o) {
		t = output_by_id(then, json_string_value(json_object_get(o, "id")));
		x = t != NULL ? readable(t) : xstrdup("");
		y = readable(o);
		change_push(v, o, x, y, t == NULL ? "new since then" :
		    strcmp(x, y) == 0 && !json_equal(json_object_get(o, "text"),
		    json_object_get(t, "text")) ? "its HTML changed, not its text" :
		    NULL);
		free(x);
		free(y);
	}
	json_array_foreach(then, i, t) {
		if (output_by_id(now, json_string_value(json_object_get(t, "id"))) !=
		    NULL)
			continue;
		x = readable(t);
		change_push(v, t, x, "", "gone since then");
		free(x);
	}
end:
	json_decref(then);
	json_decref(now);
}

/* Whether the person may decide now, and on which gate. */
static void
turn_load(struct item *v, struct session *s)
{
	struct err err = { 0 };

	v->turn_why[0] = '\0';
	v->turn_step = NULL;
	v->turn_role = NULL;
	if (review_my_turn(s, &v->rev, v->gate, &v->turn_step, &v->turn_role,
	    &err) == ST_OK)
		return;
	snprintf(v->turn_why, sizeof v->turn_why, "%s", err.msg);
	memset(&err, 0, sizeof err);
	/* The gate offered may have passed meanwhile: another one? */
	if (v->gate != NULL && review_my_turn(s, &v->rev, NULL, &v->turn_step,
	    &v->turn_role, &err) == ST_OK)
		v->turn_why[0] = '\0';
}

static void
item_unload(struct item *v)
{
	doc_outputs_free(v->outs, v->n_outs);
	v->outs = NULL;
	v->n_outs = 0;
	changes_free(v);
	review_clear(&v->rev);
	comm_doc_clear(&v->doc);
	rowlist_free(&v->clocks, (row_clear_fn)deadline_clear);
	logins_free(&v->logins);
	doc_view_empty(&v->view);
}

/* The clocks, the gates, the decisions and the changes of the words
 * shown, read again with REV (taken); the outputs stay. */
static void
item_take(struct item *v, struct session *s, struct review *rev)
{
	review_clear(&v->rev);
	v->rev = *rev;
	memset(rev, 0, sizeof *rev);
	rowlist_free(&v->clocks, (row_clear_fn)deadline_clear);
	if (deadline_for_communication(s, v->id, &v->clocks, NULL) != ST_OK)
		rowlist_init(&v->clocks, sizeof(struct deadline));
	logins_free(&v->logins);
	logins_load(&v->logins, s, NULL);
	changes_free(v);
	changes_load(v);
	turn_load(v, s);
	v->view.cols = 0;
}

/* Read the item as it is now and show it: on opening it, on F5, after a
 * conflict and after a decision. Opening a communication is an access
 * (audited when its incident is under embargo), so the timer does not
 * do this. */
static enum status
item_read(struct screen *sc, struct err *err)
{
	struct item *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct comm_doc doc = { 0 };
	struct review rev = { 0 };
	enum status st;

	if ((st = comm_open(s, v->id, &doc, err)) != ST_OK ||
	    (st = review_load(s, &doc, &rev, err)) != ST_OK) {
		review_clear(&rev);
		comm_doc_clear(&doc);
		return st;
	}
	item_unload(v);
	v->doc = doc;
	snprintf(v->shown, sizeof v->shown, "%s", rev.content.hash);
	v->now[0] = '\0';
	outs_load(v, s);
	item_take(v, s, &rev);
	/* After this read, so its own audit row does not count as a change. */
	v->stamp = session_change_stamp(s);
	return ST_OK;
}

/*
 * The timer: when the database changed, read the communication again
 * (comm_reload(), not an access of its own). Gates and decisions follow
 * while the words are the same; when the words changed, what is shown
 * stays (the person may be half-way through reading it) and a line says
 * so: a decision is on the words shown, and core refuses it as a
 * conflict. F5 shows the new words.
 */
static enum status
item_follow(struct screen *sc, struct err *err)
{
	struct item *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	long long stamp = session_change_stamp(s);
	struct review rev = { 0 };
	enum status st;

	if (stamp != 0 && stamp == v->stamp)
		return ST_OK;
	v->stamp = stamp;
	if ((st = comm_reload(s, &v->doc, err)) != ST_OK ||
	    (st = review_load(s, &v->doc, &rev, err)) != ST_OK) {
		review_clear(&rev);
		return st;
	}
	if (strcmp(rev.content.hash, v->shown) != 0) {
		snprintf(v->now, sizeof v->now, "%s", rev.content.hash);
		review_clear(&rev);
		v->view.cols = 0;
	} else
		item_take(v, s, &rev);
	v->stamp = session_change_stamp(s);
	return ST_OK;
}

static enum status
item_open(struct screen *sc, const void *arg, struct err *err)
{
	struct item *v = sc->priv;
	const struct waiting *w = arg;

	doc_view_init(&v->view);
	rowlist_init(&v->clocks, sizeof(struct deadline));
	if (w == NULL || w->comm_id <= 0)
		return err_set(err, ST_INVALID, "which communication? open one "
		    "from the list of what waits for you");
	v->id = w->comm_id;
	v->gate = xstrdup_or_null(w->gate);
	return item_read(sc, err);
}

static void
item_close(struct screen *sc)
{
	struct item *v = sc->priv;

	item_unload(v);
	free(v->gate);
}

static void
item_reload(struct screen *sc)
{
	struct err err = { 0 };

	if (item_follow(sc, &err) != ST_OK)
		tui_error(sc->tui, &err);
}

/* The name of user ID ("Lena Fischer"), else the login. */
static const char *
person(const struct item *v, long long id, char *buf, size_t n)
{
	const struct user *u;
	size_t i;

	for (i = 0; i < v->logins.users.count; i++) {
		u = rowlist_at(&v->logins.users, i);
		if (u->id != id)
			continue;
		snprintf(buf, n, "%s", u->name != NULL && *u->name != '\0' ?
		    u->name : u->login);
		return buf;
	}
	snprintf(buf, n, "user %lld", id);
	return buf;
}

static void
build_head(struct item *v, int w)
{
	const struct communication *c = &v->doc.comm;
	const struct deadline *d;
	time_t now = clock_now();
	char left[64], when[64];
	size_t i;

	doc_view_textf(&v->view, c->state != NULL && strcmp(c->state,
	    "in-review") == 0 ? ROLE_NORMAL : ROLE_WARN, 0, w, "%s, revision "
	    "%lld, audience %s, playbook %s %s", c->state, c->revision,
	    c->audience, c->playbook, c->playbook_version != NULL ?
	    c->playbook_version : "");
	for (i = 0; i < v->clocks.count; i++) {
		d = rowlist_at(&v->clocks, i);
		if (d->stopped_at[0] != '\0')
			continue;
		doc_view_textf(&v->view, deadline_is_overdue(d, now) ? ROLE_BAD :
		    ROLE_NORMAL, 0, w, "Clock %s: %s, due %s", d->clock_id,
		    deadline_left(d, now, left, sizeof left), d->due_at[0] != '\0' ?
		    incident_view_time(d->due_at, TIME_ZONE, when, sizeof when) :
		    "when a fix is available");
	}
	if (v->turn_why[0] == '\0' && v->turn_step != NULL)
		doc_view_textf(&v->view, ROLE_MESSAGE, 0, w, "You decide %s (%s) "
		    "as %s: a approves these exact words, r rejects them with a "
		    "comment, p previews each output.", v->turn_step->title != NULL ?
		    v->turn_step->title : v->turn_step->id, v->turn_step->id,
		    v->turn_role);
	else
		doc_view_textf(&v->view, ROLE_WARN, 0, w, "You cannot decide now: "
		    "%s", v->turn_why);
	doc_view_textf(&v->view, ROLE_DIM, 0, w, "Content %.16s (sha256 of "
	    "canonical form %d): a decision holds for these words only",
	    v->shown, CONTENT_CANON_VERSION);
}

/* Each gate: its state in words, and core's note for a person ("stale:
 * Lena Fischer must look again"), else how many of each role it has. */
static void
build_gates(struct item *v, int w)
{
	const struct gate_status *g;
	const struct gate_role *r;
	char roles[512];
	size_t i, k, len;

	doc_view_heading(&v->view, "Gates", w);
	if (v->rev.n_gates == 0)
		doc_view_text(&v->view, "This playbook asks for no approval.",
		    ROLE_DIM, 2, w);
	for (i = 0; i < v->rev.n_gates; i++) {
		g = &v->rev.gates[i];
		for (k = 0, len = 0, roles[0] = '\0'; k < g->n_roles &&
		    len < sizeof roles; k++) {
			r = &g->roles[k];
			len += (size_t)snprintf(roles + len, sizeof roles - len,
			    "%s%s %d of %d", k > 0 ? ", " : "", r->role, r->have,
			    r->need);
		}
		doc_view_textf(&v->view, g->state == GATE_WAITING ? ROLE_WARN :
		    ROLE_GOOD, 2, w, "%s (%s): %s%s%s", g->step != NULL &&
		    g->step->title != NULL ? g->step->title : "gate",
		    g->step != NULL ? g->step->id : "?", g->note[0] != '\0' ?
		    g->note : incident_view_gate_state(g->state), g->note[0] != '\0' ? "" : "; ",
		    g->note[0] != '\0' ? "" : roles);
	}
}

static void
build_decisions(struct item *v, int w)
{
	const struct approval *a;
	char who[256], when[64];
	bool is_stale;
	size_t i;

	if (v->rev.decisions.count == 0 && v->rev.rejection == NULL)
		return;
	doc_view_heading(&v->view, "Decisions on this revision", w);
	for (i = 0; i < v->rev.decisions.count; i++) {
		a = rowlist_at(&v->rev.decisions, i);
		is_stale = strcmp(a->decision, "approved") == 0 &&
		    review_is_stale(&v->rev, a);
		doc_view_textf(&v->view, is_stale ? ROLE_WARN : strcmp(a->decision,
		    "approved") == 0 ? ROLE_GOOD : ROLE_BAD, 2, w, "%s %s %s as "
		    "%s, %s%s", person(v, a->approver_id, who, sizeof who),
		    a->decision, a->gate, a->role, incident_view_time(a->decided_at,
		    TIME_MINUTE, when, sizeof when), is_stale ? "; stale: the "
		    "words changed since" : "");
		if (a->comment != NULL && *a->comment != '\0')
			doc_view_textf(&v->view, ROLE_DIM, 4, w, "\"%s\"", a->comment);
	}
}

static void
build_changes(struct item *v, int w)
{
	const struct approval *a = v->rev.last_approval;
	const struct item_change *c;
	char who[256], when[64], head[512];
	size_t i;

	if (a == NULL || !review_is_stale(&v->rev, a))
		return;
	snprintf(head, sizeof head, "Changed since %s %s it on %s", person(v,
	    a->approver_id, who, sizeof who), a->decision,
	    incident_view_time(a->decided_at, TIME_MINUTE, when, sizeof when));
	doc_view_heading(&v->view, head, w);
	if (v->change_problem[0] != '\0')
		doc_view_text(&v->view, v->change_problem, ROLE_ERROR, 2, w);
	else if (v->n_changes == 0)
		doc_view_text(&v->view, "No output changed; what changed is not "
		    "in any output's words.", ROLE_DIM, 2, w);
	for (i = 0; i < v->n_changes; i++) {
		c = &v->changes[i];
		if (c->d.n_changed == 0) {
			doc_view_textf(&v->view, ROLE_DIM, 2, w, "%s: unchanged%s%s",
			    c->title, c->what != NULL ? "; " : "", c->what != NULL ?
			    c->what : "");
			continue;
		}
		doc_view_textf(&v->view, ROLE_TITLE, 2, w, "%s%s%s", c->title,
		    c->what != NULL ? ": " : "", c->what != NULL ? c->what : "");
		doc_view_diff(&v->view, &c->d, 4, w);
	}
}

/* Each output in full, as the preview shows it. */
static void
build_outputs(struct item *v, int w)
{
	const struct doc_output *o;
	char head[512];
	size_t i;

	for (i = 0; i < v->n_outs; i++) {
		o = &v->outs[i];
		snprintf(head, sizeof head, "Output %zu/%zu: %s (%s)", i + 1,
		    v->n_outs, doc_output_name(o), doc_output_format(o));
		doc_view_heading(&v->view, head, w);
		doc_view_textf(&v->view, o->problem == NULL ? ROLE_DIM :
		    ROLE_ERROR, 2, w, "%s%s", o->source, o->readable != NULL ?
		    "; an HTML page shown as text (p, then r: its raw HTML)" : "");
		doc_view_blank(&v->view);
		doc_view_output(&v->view, o, false, 2, w);
	}
}

static void
item_build(struct item *v, int cols)
{
	int w = cols - 2;

	doc_view_empty(&v->view);
	build_head(v, w);
	build_gates(v, w);
	build_decisions(v, w);
	build_changes(v, w);
	build_outputs(v, w);
	v->view.cols = cols;
}

/* The row above the text, which stays while it scrolls: what is read,
 * "SEC-2026-007  #19 advisory: Atlas Admin Console: stored XSS", and
 * where in it, "lines 1-22/401". */
static void
draw_title(const struct item *v, int y, int cols)
{
	const struct communication *c = &v->doc.comm;
	char line[512], pos[64];
	int pw;

	snprintf(line, sizeof line, "%s  #%lld %s: %s", v->doc.incident_ref !=
	    NULL ? v->doc.incident_ref : "", c->id, c->kind, c->title);
	pw = text_width(doc_view_position(&v->view, pos, sizeof pos));
	if (pw > cols / 3)
		pw = 0;
	attron(theme_attr(ROLE_TITLE));
	text_put(y, 1, line, cols - 2 - (pw > 0 ? pw + 2 : 0), false);
	attroff(theme_attr(ROLE_TITLE));
	if (pw > 0) {
		attron(theme_attr(ROLE_DIM));
		text_put(y, cols - 1 - pw, pos, pw, false);
		attroff(theme_attr(ROLE_DIM));
	}
}

static void
item_draw(struct screen *sc, int top, int rows, int cols)
{
	struct item *v = sc->priv;
	int y = top + 1;

	if (cols != v->view.cols)
		item_build(v, cols);
	/* Words changed while they are read: said above them, however far
	 * down the person has scrolled. */
	if (v->now[0] != '\0' && rows > 3) {
		attron(theme_attr(ROLE_WARN));
		mvhline(y, 0, ' ', cols);
		text_put(y, 1, "Someone changed it since you opened it: F5 shows "
		    "the new words; a decision on these is refused.", cols - 2,
		    false);
		attroff(theme_attr(ROLE_WARN));
		y++;
	}
	doc_view_fit(&v->view, rows - (y - top));
	draw_title(v, top, cols);
	doc_view_draw(&v->view, y, cols);
}

/*
 * a or r: the acting user's decision on the words shown, through core.
 * The hash of what they read goes with it, so an edit made meanwhile is
 * refused as a conflict (and the new words are shown); a rejection needs
 * a comment, which its author reads on the incident and the home screen.
 */
static unsigned
item_decide(struct screen *sc, bool is_approve)
{
	struct item *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct decision in = { 0 };
	struct err err = { 0 };
	char comment[COMMENT_MAX] = "", question[512], gate[128];
	const char *state;
	long long id = 0;
	enum status st;

	if (v->turn_step == NULL) {
		tui_message(sc->tui, "You cannot decide now: %s", v->turn_why);
		return UI_HANDLED | UI_REDRAW;
	}
	if (is_approve)
		snprintf(question, sizeof question, "Approve as %s? Comment "
		    "(optional), Enter:", v->turn_role);
	else
		snprintf(question, sizeof question, "Reject as %s: why? (the "
		    "author reads it)", v->turn_role);
	if (!tui_prompt(sc->tui, question, comment, sizeof comment)) {
		tui_message(sc->tui, "Nothing decided");
		return UI_HANDLED | UI_REDRAW;
	}
	snprintf(gate, sizeof gate, "%s", v->turn_step->id);
	in.gate = gate;
	in.decision = is_approve ? "approved" : "rejected";
	in.comment = comment[0] != '\0' ? comment : NULL;
	in.content_hash = v->shown;
	st = approval_decide(s, &v->doc, &in, &id, &err);
	if (st != ST_OK) {
		tui_error(sc->tui, &err);
		if (st == ST_CONFLICT && item_read(sc, &err) == ST_OK)
			v->view.top = 0;
		return UI_HANDLED | UI_REDRAW;
	}
	/* Where it stands now, for the message; the list shows the rest. */
	state = comm_reload(s, &v->doc, &err) == ST_OK &&
	    v->doc.comm.state != NULL ? v->doc.comm.state : "";
	if (!is_approve)
		tui_message(sc->tui, "Rejected #%lld: back to its author as a "
		    "draft", v->id);
	else if (strcmp(state, "approved") == 0)
		tui_message(sc->tui, "Approved #%lld %s: all gates passed", v->id,
		    gate);
	else
		tui_message(sc->tui, "Approved #%lld %s; other gates wait", v->id,
		    gate);
	return UI_POP;
}

static unsigned
item_handle(struct screen *sc, enum action act)
{
	struct item *v = sc->priv;
	struct err err = { 0 };

	switch (act) {
	case ACT_NEXT_PANE:
		return doc_view_next_heading(&v->view);
	case ACT_OPEN:
		return UI_HANDLED;
	case ACT_APPROVE:
		return item_decide(sc, true);
	case ACT_REJECT:
		return item_decide(sc, false);
	case ACT_PREVIEW:
		tui_push(sc->tui, &screen_preview_ops, &v->id);
		return UI_HANDLED | UI_REDRAW;
	case ACT_REFRESH:
		/* F5 shows the words as they are now, changed or not. */
		clearok(curscr, TRUE);
		if (item_read(sc, &err) != ST_OK)
			tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	default:
		return doc_view_handle(&v->view, act);
	}
}

static bool
item_search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct item *v = sc->priv;

	return doc_view_search(&v->view, needle, dir, is_new);
}

const struct screen_ops screen_approval_ops = {
	.name = "approval",
	.title = "Approval",
	.priv_size = sizeof(struct item),
	.open = item_open,
	.close = item_close,
	.reload = item_reload,
	.draw = item_draw,
	.handle = item_handle,
	.search = item_search,
};
