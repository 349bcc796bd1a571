/* tui/compliance_priv.h - what the compliance screens share (the
 * dashboard in screen_compliance.c, the walk and the report in
 * compliance_walk.c, the evidence in compliance_evidence.c, the
 * evaluations in compliance_history.c): the dashboard's state and the
 * drawing helpers of compliance_view.c, all named cview_. */
#ifndef HERALD_TUI_COMPLIANCE_PRIV_H
#define HERALD_TUI_COMPLIANCE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/compliance.h"
#include "tui/screen.h"
#include "tui/theme.h"

#define STATUS_W     16      /* "not enough data" and a space */
#define LABEL_W      13      /* "security-txt" and a space */
#define FOOTER_ROWS  5       /* a rule and four lines about the row */
#define RECOMPUTE_S  60      /* statuses move with time alone, too */

/* The dashboard's state: the questions answered, and the walk. */
struct dash {
	struct rowlist results;        /* struct compliance_result, in
	                                * compliance_questions() order */
	int            cursor;         /* the selected question */
	int            top;            /* first display line shown */
	int            height;         /* list lines at the last draw */
	int            first_row;      /* body row of the first list line */
	char           last[256];      /* "Last signed by olivia 2026-..." */
	char           due[128];       /* "next due 2027-02-24", ... */
	enum role      due_role;
	long long      open_id;        /* the open evaluation, or 0 */
	size_t         open_commented;
	char           problem[512];   /* why the questions could not be read */
	long long      stamp;          /* the database's change stamp at load */
	time_t         loaded_at;
	/* The walk: where it stopped, so e goes on from there. */
	long long      walk_id;
	size_t         walk_next;
	bool           is_walking;     /* draw the walk's footer */
	const char    *walk_comment;   /* the selected question's comment */
};

/* Question I of the dashboard, or NULL. */
const struct compliance_result *cview_result_at(const struct dash *v, int i);
/* Answer every question again, unless nothing changed and they were
 * answered less than a minute ago (IS_FORCED: even so); the cursor stays
 * on its question. */
void        cview_load(struct screen *sc, bool is_forced);
/* Draw the whole screen SC now: for a walk, whose prompts draw only the
 * bottom line. */
void        cview_repaint(struct screen *sc);

/* e on the dashboard SC: the evaluation walk. */
unsigned    cview_evaluate(struct screen *sc);
/* x on the dashboard SC: the report, in a format and to a path asked. */
unsigned    cview_export(struct screen *sc);

/* One question's evidence; ARG is its id (const char *). */
extern const struct screen_ops screen_compliance_evidence_ops;
/* The evaluations, newest first; ARG is NULL. */
extern const struct screen_ops screen_compliance_history_ops;

/* How status ST looks: the word is always there, the colour only helps. */
enum role   cview_status_role(enum compliance_status st);
/* A status as the database names it ("at-risk") in words ("at risk"),
 * its CS_* in *ST; "-" for NULL or an unknown name. */
const char *cview_status_words(const char *name, enum compliance_status *st);
/* The part of question ID after its area: "notice" for
 * "lifecycle.notice", shown under the area's heading. */
const char *cview_short_label(const char *id);
/* Cut from *TEXT the longest piece that fits in COLS columns, at a space
 * (or a line break) when there is one, into OUT of N bytes; *TEXT moves
 * past it. False when nothing is left. */
bool        cview_wrap_next(const char **text, int cols, char *out, size_t n);
/* TEXT in at most LINES lines of COLS columns from Y, X; the last line
 * ends with an ellipsis when it is cut. Returns the lines used. */
int         cview_put_wrapped(int y, int x, int cols, const char *text,
    int lines);
/* A bar across the screen at Y with TEXT, as the other screens head. */
void        cview_put_head(int y, int cols, const char *text);
/* A rule across the screen at Y. */
void        cview_put_rule(int y, int cols);
/* Why the screen has nothing to show, in at most three lines from Y. */
void        cview_put_problem(int y, int cols, const char *problem);
/* Keep row CUR of COUNT among the H shown from *TOP. */
void        cview_keep_shown(int cur, int *top, int h, int count);
/* Move *CUR among N rows, H of them shown, for ACT (j/k, pages, g/G);
 * UI_NONE for other actions. */
unsigned    cview_move(int *cur, int n, int h, enum action act);
/* UTC time UTC as a local date, "2026-06-01", into BUF; returns BUF. */
char       *cview_date(const char *utc, char *buf, size_t n);

#endif
