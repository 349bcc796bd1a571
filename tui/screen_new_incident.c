/* tui/screen_new_incident.c - the form that opens an incident: a field a
 * line, the runner's line editor (tui/form_view.h) for text, pickers for
 * choices, $EDITOR for the summary. */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "core/clock.h"
#include "core/incident.h"
#include "core/validate.h"
#include "tui/form_view.h"
#include "tui/keymap.h"
#include "tui/pickers.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define KEY_ESCAPE  27
#define LABEL_W     15
#define FORM_TOP    2            /* body rows above the first field */

enum nf_id {
	NF_TITLE, NF_TRIGGER, NF_SEVERITY, NF_AWARE, NF_DISCOVERED, NF_EMBARGO,
	NF_DRILL, NF_SUMMARY, NF_CREATE, NF_COUNT
};

enum nf_kind { NF_LINE, NF_CHOICE, NF_BOOL, NF_LONG, NF_BUTTON };

static const struct {
	const char   *label;
	const char   *key;          /* as core's messages name it */
	enum nf_kind  kind;
	const char   *help;
} fields[NF_COUNT] = {
	{ "Title", "title", NF_LINE, "What happened, in one line (required)" },
	{ "Trigger", "trigger", NF_CHOICE,
	  "Left/Right to change, Space for the list" },
	{ "Severity", "severity", NF_CHOICE,
	  "Left/Right to change, Space for the list" },
	{ "Aware at", "aware-at", NF_LINE,
	  "When you became aware: local time, YYYY-MM-DD HH:MM (or with a zone)" },
	{ "Discovered at", "discovered-at", NF_LINE,
	  "When it was discovered (optional; not after aware at)" },
	{ "Embargo until", "embargo-until", NF_LINE,
	  "Keep it private until then (optional)" },
	{ "Drill", "drill", NF_BOOL,
	  "Space, y or n: a drill of the procedure, not a real incident" },
	{ "Summary", "summary", NF_LONG,
	  "Enter or e edits it in $VISUAL or $EDITOR (optional)" },
	{ "", NULL, NF_BUTTON, "Enter (or F2 anywhere) opens the incident" },
};

struct new_incident {
	struct line_edit  line[NF_COUNT];   /* NF_LINE fields only */
	size_t            choice[NF_COUNT]; /* NF_CHOICE fields only */
	bool              is_drill;
	char             *summary;
	int               focus;
	int               bad;              /* the field an error named, or -1 */
	long long        *out_id;           /* the pusher's, or NULL */
	bool              has_cursor;
	int               cur_y, cur_x;
};

/* The line LE as UTF-8, trimmed; caller frees. */
static char *
line_get(const struct line_edit *le)
{
	char *s = line_edit_text(le), *t = text_trim(s);

	memmove(s, t, strlen(t) + 1);
	return s;
}

/* --- the form ----------------------------------------------------------- */

static const char *const *
vocab(int f)
{
	return f == NF_TRIGGER ? incident_trigger_kinds() : incident_severities();
}

static size_t
vocab_len(int f)
{
	const char *const *v = vocab(f);
	size_t n = 0;

	while (v[n] != NULL)
		n++;
	return n;
}

static size_t
vocab_index(int f, const char *word)
{
	const char *const *v = vocab(f);
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		if (strcmp(v[i], word) == 0)
			return i;
	return 0;
}

/* ARG: NULL, or a long long * that gets the new incident's id (0 when
 * none was made), for the screen below to open it. */
static enum status
open_form(struct screen *sc, const void *arg, struct err *err)
{
	struct new_incident *f = sc->priv;
	char now[64];
	time_t t = clock_now();
	struct tm tm;

	(void)err;
	f->out_id = (long long *)(void *)(uintptr_t)arg;
	if (f->out_id != NULL)
		*f->out_id = 0;
	f->bad = -1;
	f->choice[NF_TRIGGER] = vocab_index(NF_TRIGGER, "vulnerability");
	f->choice[NF_SEVERITY] = vocab_index(NF_SEVERITY, "medium");
	if (localtime_r(&t, &tm) != NULL &&
	    strftime(now, sizeof now, "%Y-%m-%d %H:%M", &tm) > 0)
		line_edit_set(&f->line[NF_AWARE], now);
	return ST_OK;
}

static void
close_form(struct screen *sc)
{
	struct new_incident *f = sc->priv;
	int k;

	for (k = 0; k < NF_COUNT; k++)
		line_edit_free(&f->line[k]);
	free(f->summary);
}

/* The value of field K as shown; BUF may be used. */
static const char *
shown(const struct new_incident *f, int k, char *buf, size_t n)
{
	const char *eol;

	switch (fields[k].kind) {
	case NF_CHOICE:
		return vocab(k)[f->choice[k]];
	case NF_BOOL:
		return f->is_drill ? "[x] yes, a drill" : "[ ] no";
	case NF_LONG:
		if (f->summary == NULL || *f->summary == '\0')
			return "(none)";
		eol = strchr(f->summary, '\n');
		snprintf(buf, n, "%.*s%s", eol != NULL ? (int)(eol - f->summary) :
		    (int)strlen(f->summary), f->summary, eol != NULL ? " ..." : "");
		return buf;
	default:
		return "";
	}
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct new_incident *f = sc->priv;
	int k, y, x = 2 + LABEL_W + 1, w = cols - x - 2;
	bool is_focus;
	char buf[512];

	attron(theme_attr(ROLE_HEADER));
	text_put(top, 1, "Open a new incident", cols - 2, false);
	attroff(theme_attr(ROLE_HEADER));
	f->has_cursor = false;
	for (k = 0; k < NF_COUNT && FORM_TOP + k < rows - 2; k++) {
		y = top + FORM_TOP + k + (k == NF_CREATE);
		is_focus = k == f->focus;
		if (fields[k].kind == NF_BUTTON) {
			attron(theme_attr(is_focus ? ROLE_SELECTED : ROLE_HEADER));
			text_put(y, x, "[ Open the incident ]", w, false);
			attroff(theme_attr(is_focus ? ROLE_SELECTED : ROLE_HEADER));
			continue;
		}
		attron(theme_attr(k == f->bad ? ROLE_ERROR : is_focus ?
		    ROLE_TITLE : ROLE_DIM));
		text_put(y, 2, fields[k].label, LABEL_W, false);
		attroff(theme_attr(k == f->bad ? ROLE_ERROR : is_focus ?
		    ROLE_TITLE : ROLE_DIM));
		if (fields[k].kind == NF_LINE && is_focus) {
			attron(theme_attr(ROLE_SELECTED));
			mvhline(y, x, ' ', w);
			f->cur_x = line_edit_draw(&f->line[k], y, x, w);
			attroff(theme_attr(ROLE_SELECTED));
			f->has_cursor = true;
			f->cur_y = y;
			continue;
		}
		if (fields[k].kind == NF_LINE) {
			/* From its start, cut with an ellipsis when long. */
			char *text = line_edit_text(&f->line[k]);

			text_put(y, x, text, w, false);
			free(text);
			continue;
		}
		if (is_focus)
			attron(theme_attr(ROLE_SELECTED));
		text_put(y, x, fields[k].kind == NF_CHOICE && is_focus ?
		    (snprintf(buf, sizeof buf, "< %s >", shown(f, k, buf,
		    sizeof buf)), buf) : shown(f, k, buf, sizeof buf), w,
		    is_focus);
		if (is_focus)
			attroff(theme_attr(ROLE_SELECTED));
	}
	attron(theme_attr(ROLE_DIM));
	y = top + FORM_TOP + NF_COUNT + 2;
	if (y < top + rows - 1)
		text_put(y, 2, fields[f->focus].help, cols - 4, false);
	if (y + 1 < top + rows)
		text_put(y + 1, 2, "Tab/Shift-Tab: next/previous field  F2: open "
		    "the incident  Esc: cancel", cols - 4, false);
	attroff(theme_attr(ROLE_DIM));
}

static bool
cursor(struct screen *sc, int *y, int *x)
{
	struct new_incident *f = sc->priv;

	*y = f->cur_y;
	*x = f->cur_x;
	return f->has_cursor;
}

/* The field core's message names (its first word, "aware-at: ..." or
 * "discovered-at 2026-... is after ..."), or -1. */
static int
field_named(const char *msg)
{
	size_t n;
	int k;

	for (k = 0; k < NF_COUNT; k++) {
		if (fields[k].key == NULL)
			continue;
		n = strlen(fields[k].key);
		if (strncmp(msg, fields[k].key, n) == 0 &&
		    (msg[n] == ':' || msg[n] == ' '))
			return k;
		n = strlen(fields[k].label);
		if (strncmp(msg, fields[k].label, n) == 0 && msg[n] == ':')
			return k;
	}
	return -1;
}

/* Field K's local time as UTC RFC 3339 into *OUT (NULL when empty),
 * checked as a playbook's datetime field is. */
static enum status
time_of(struct session *s, struct new_incident *f, int k, char **out,
    struct err *err)
{
	struct pb_field pf = {
		.id = (char *)(uintptr_t)fields[k].key,
		.kind = FIELD_DATETIME,
		.label = (char *)(uintptr_t)fields[k].label,
	};
	char *text = line_get(&f->line[k]);
	enum status st = ST_OK;

	*out = NULL;
	if (text != NULL && *text != '\0')
		st = validate_answer(s, &pf, text, NULL, out, NULL, err);
	free(text);
	if (st == ST_OK && *out != NULL && **out == '\0') {
		free(*out);
		*out = NULL;
	}
	return st;
}

/* Open the incident; on failure focus the field the message names. */
static unsigned
create(struct screen *sc)
{
	struct new_incident *f = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct incident_new in = { 0 };
	struct incident out = { 0 };
	struct err err = { 0 };
	char *title = line_get(&f->line[NF_TITLE]);
	char *times[3] = { NULL, NULL, NULL };
	enum status st;
	int k;

	for (k = NF_AWARE, st = ST_OK; k <= NF_EMBARGO && st == ST_OK; k++)
		st = time_of(s, f, k, &times[k - NF_AWARE], &err);
	if (st == ST_OK) {
		in.title = title;
		in.summary = f->summary;
		in.trigger_kind = vocab(NF_TRIGGER)[f->choice[NF_TRIGGER]];
		in.severity = vocab(NF_SEVERITY)[f->choice[NF_SEVERITY]];
		in.aware_at = times[0];
		in.discovered_at = times[1];
		in.embargo_until = times[2];
		in.is_drill = f->is_drill;
		st = incident_create(s, &in, &out, &err);
	}
	free(title);
	for (k = 0; k < 3; k++)
		free(times[k]);
	if (st != ST_OK) {
		tui_error(sc->tui, &err);
		if ((f->bad = field_named(err.msg)) >= 0)
			f->focus = f->bad;
		return UI_HANDLED | UI_REDRAW;
	}
	if (f->out_id != NULL)
		*f->out_id = out.id;
	tui_message(sc->tui, "opened %s", out.ref);
	incident_clear(&out);
	return UI_HANDLED | UI_POP;
}

static unsigned
edit_summary(struct screen *sc)
{
	struct new_incident *f = sc->priv;
	struct err err = { 0 };
	char *text = NULL;

	if (tui_edit_text(f->summary != NULL ? f->summary : "", &text,
	    &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	free(f->summary);
	f->summary = text;
	return UI_HANDLED | UI_REDRAW;
}

/* Change choice field K by DIR, or to the next option starting with CH. */
static void
choose(struct new_incident *f, int k, int dir, wint_t ch)
{
	const char *const *v = vocab(k);
	size_t n = vocab_len(k), i, at;

	if (dir != 0) {
		f->choice[k] = (f->choice[k] + (dir > 0 ? 1 : n - 1)) % n;
		return;
	}
	for (i = 1; i <= n; i++) {
		at = (f->choice[k] + i) % n;
		if ((wint_t)v[at][0] == ch) {
			f->choice[k] = at;
			return;
		}
	}
}

static unsigned
pick(struct screen *sc, int k)
{
	struct new_incident *f = sc->priv;
	size_t chosen = f->choice[k];

	if (tui_pick_one(sc->tui, fields[k].label, vocab(k), vocab_len(k),
	    &chosen))
		f->choice[k] = chosen;
	return UI_HANDLED | UI_REDRAW;
}

/* Keys of the field in focus: what it types or toggles. */
static unsigned
field_key(struct screen *sc, int rc, wint_t ch)
{
	struct new_incident *f = sc->priv;
	int k = f->focus;
	bool is_left = rc == KEY_CODE_YES && ch == KEY_LEFT;
	bool is_right = rc == KEY_CODE_YES && ch == KEY_RIGHT;
	bool is_changed;

	switch (fields[k].kind) {
	case NF_LINE:
		if (!line_edit_key(&f->line[k], rc, ch, &is_changed))
			return UI_NONE;
		if (is_changed && f->bad == k)
			f->bad = -1;
		return UI_HANDLED | UI_REDRAW;
	case NF_CHOICE:
		if (is_left || is_right)
			choose(f, k, is_left ? -1 : 1, 0);
		else if (rc == OK && ch == ' ')
			return pick(sc, k);
		else if (rc == OK && ch > ' ' && ch < 127)
			choose(f, k, 0, ch);
		else
			return UI_NONE;
		return UI_HANDLED | UI_REDRAW;
	case NF_BOOL:
		if (is_left || is_right || (rc == OK && ch == ' '))
			f->is_drill = !f->is_drill;
		else if (rc == OK && (ch == 'y' || ch == 'n'))
			f->is_drill = ch == 'y';
		else
			return UI_NONE;
		return UI_HANDLED | UI_REDRAW;
	case NF_LONG:
		if (rc == OK && ch == 'e')
			return edit_summary(sc);
		return UI_NONE;
	default:
		return UI_NONE;
	}
}

static unsigned
move_focus(struct new_incident *f, int by)
{
	f->focus = (f->focus + by + NF_COUNT) % NF_COUNT;
	return UI_HANDLED | UI_REDRAW;
}

/* Whether the form's key table (the "new-incident" section) acts on the
 * key: Tab, F2, Esc, F1... */
static bool
is_table_key(int rc, wint_t ch)
{
	if (rc == OK && ch >= 32 && ch != 127 && ch != '?' && ch != ' ' &&
	    ch != 'e')
		return false;        /* typed, and no key of the table */
	return keymap_lookup("new-incident", (int)ch) != ACT_NONE;
}

/*
 * Every key is the form's but those of its key table (Tab, F2, Esc, F1,
 * Ctrl-L; and ?, Space or e where the field does not take them): a stray q
 * or Q must not throw away what was typed.
 */
static unsigned
key(struct screen *sc, int rc, wint_t ch)
{
	struct new_incident *f = sc->priv;
	bool is_enter = (rc == OK && (ch == '\n' || ch == '\r')) ||
	    (rc == KEY_CODE_YES && ch == KEY_ENTER);
	unsigned res;

	if (!is_enter && (rc == KEY_CODE_YES || ch < 32 || ch == KEY_ESCAPE) &&
	    is_table_key(rc, ch))
		return UI_NONE;
	if (is_enter) {
		if (fields[f->focus].kind == NF_BUTTON)
			return create(sc);
		if (fields[f->focus].kind == NF_LONG)
			return edit_summary(sc);
		return move_focus(f, 1);
	}
	if ((res = field_key(sc, rc, ch)) & UI_HANDLED)
		return res;
	return is_table_key(rc, ch) ? UI_NONE : UI_HANDLED;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct new_incident *f = sc->priv;

	switch (act) {
	case ACT_NEXT_FIELD:
		return move_focus(f, 1);
	case ACT_PREV_FIELD:
		return move_focus(f, -1);
	case ACT_CREATE:
		return create(sc);
	case ACT_CANCEL:
		tui_message(sc->tui, "cancelled: no incident opened");
		return UI_HANDLED | UI_POP;
	case ACT_CHOOSE:
		if (fields[f->focus].kind == NF_CHOICE)
			return pick(sc, f->focus);
		tui_message(sc->tui, "Space shows the choices of Trigger and "
		    "Severity");
		return UI_HANDLED | UI_REDRAW;
	case ACT_EDIT:
		if (fields[f->focus].kind == NF_LONG)
			return edit_summary(sc);
		return UI_HANDLED;
	default:
		return UI_NONE;      /* help and Ctrl-L: the loop's */
	}
}

const struct screen_ops screen_new_incident_ops = {
	.name = "new-incident",
	.title = "New incident",
	.priv_size = sizeof(struct new_incident),
	.open = open_form,
	.close = close_form,
	.draw = draw,
	.handle = handle,
	.key = key,
	.cursor = cursor,
};
