/* tui/form_view.h - draws a form (forms/form.h) and edits its fields: a
 * one-line editor for typed fields, and a toggle list for multi-choice
 * and checklist fields. The model owns the values; this only shows them
 * and hands the person's changes back with form_set_text(). */
#ifndef HERALD_TUI_FORM_VIEW_H
#define HERALD_TUI_FORM_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "core/playbook.h"
#include "forms/form.h"

struct tui;

/*
 * One line being typed, as wide characters so the cursor moves by
 * character and never lands inside a UTF-8 sequence. SCROLL is the first
 * character shown, kept so the cursor stays in view. The runner's forms,
 * the new-incident form and tui_prompt() all type through it; zeroed is
 * empty.
 */
struct line_edit {
	wchar_t *buf;
	size_t   len, cap;
	size_t   cur;
	size_t   scroll;
};

/* Start editing UTF8 (NULL = empty), the cursor at its end. */
void  line_edit_set(struct line_edit *le, const char *utf8);
void  line_edit_free(struct line_edit *le);
/* The text as UTF-8; caller frees. */
char *line_edit_text(const struct line_edit *le);
/* Act on a key as get_wch() gave it: printable characters, Backspace,
 * Delete (and Ctrl-D), Left, Right, Home, End (and Ctrl-A, Ctrl-E),
 * Ctrl-U (clear before the cursor), Ctrl-K (clear after). Returns
 * whether the key was an editing key (a control character is not: it
 * never gets into the text); *IS_CHANGED whether the text changed. */
bool  line_edit_key(struct line_edit *le, int rc, wint_t ch, bool *is_changed);
/* Draw at Y, X in COLS columns, scrolled so the cursor shows; returns
 * the cursor's screen column. */
int   line_edit_draw(struct line_edit *le, int y, int x, int cols);

/* Whether F, showing TEXT, is typed in the line editor: text, date-time,
 * e-mail list, URL, CVE list, CVSS vector, and plain text of one
 * paragraph (more go to the editor). */
bool  form_view_is_typed(const struct pb_field *f, const char *text);
/* The line editor's text for F from its display text: a list's lines
 * joined with ", ". Caller frees. */
char *form_view_line(const struct pb_field *f, const char *display);
/* The display text for F from what was typed: a list split at commas,
 * semicolons and white space, one item a line. Caller frees. */
char *form_view_unline(const struct pb_field *f, const char *line);

/* What the person sees of option VALUE of F: its label, or VALUE. */
const char *form_view_label(const struct pb_field *f, const char *value);
/* The option after (DIR 1) or before (-1) CURRENT, wrapping; for a
 * boolean "yes" and "no". */
const char *form_view_cycle(const struct pb_field *f, const char *current,
    int dir);

/*
 * Draw form F in ROWS x COLS at Y, X. HAS_FOCUS: the form has the keys, so
 * the focused field shows its help, score and messages; LE: the editor of
 * the focused field when it is typed, else NULL. *TOP is the first row
 * shown, moved so the focused field is in view. *CY, *CX get where the
 * cursor blinks, or -1.
 */
void  form_view_draw(const struct form *f, struct line_edit *le,
    bool has_focus, int *top, int y, int x, int rows, int cols, int *cy,
    int *cx);

/*
 * Tick any of F's options in a modal list: Up and Down (j, k) move,
 * Space toggles, a ticks all, Enter keeps, Esc cancels. *TEXT is F's
 * display text (values one a line); on Enter it is replaced with the
 * ticked values in option order (allocated) and true is returned.
 */
bool  form_view_toggle(struct tui *t, const struct pb_field *f, char **text);

#endif
