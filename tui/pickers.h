/* tui/pickers.h - modal choosers a form field opens: each runs its own
 * keys until Enter (chosen) or Esc (cancelled), then the caller redraws. */
#ifndef HERALD_TUI_PICKERS_H
#define HERALD_TUI_PICKERS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "core/session.h"
#include "tui/theme.h"

struct tui;

/* Pick a CVSS vector metric by metric, starting from CURRENT (NULL or ""
 * = a new v3.1 vector; v toggles v3.1/v4.0), with the live score.
 * ST_OK with *OUT the vector (allocated), or *OUT NULL when cancelled. */
enum status tui_pick_cvss(struct tui *t, const char *current, char **out,
    struct err *err);

/* Edit the affected-products list CURRENT (a products field's stored JSON,
 * NULL or "" = empty) from the database's products and cycles: add, change
 * and remove rows with their CSAF status, justification, ecosystem and
 * package. ST_OK with *OUT the new JSON (allocated), or *OUT NULL when
 * cancelled. */
enum status tui_pick_products(struct tui *t, const char *current, char **out,
    struct err *err);

/* A products field's stored JSON as one readable line: "harbor-gateway
 * 3.2 >=3.2.0 <3.2.15: known affected; ..." (allocated); JSON it cannot
 * read comes back as it is. */
char       *products_summary(const char *json);
/* A CSAF value as words: "known_not_affected" as "known not affected",
 * or with IS_CAPITAL "Known not affected"; in BUF, returned. */
const char *csaf_words(const char *value, bool is_capital, char *buf,
    size_t n);

/* Choose one of the N LABELS under TITLE, starting at *CHOSEN; returns
 * false when cancelled (*CHOSEN unchanged). */
bool        tui_pick_one(struct tui *t, const char *title,
    const char *const *labels, size_t n, size_t *chosen);

/* For every modal (tui/pick_one.c), so they look and move alike: draw an
 * empty box of H rows and W columns at Y, X with TITLE in its top edge. */
void        pick_box(int y, int x, int h, int w, const char *title);
/* One line of a list inside the box at X, W wide, in ROLE or selected. */
void        pick_row(int y, int x, int w, const char *text, bool is_sel,
    enum role role);
/* Scroll *TOP so that row CUR is among the ROWS shown. */
void        pick_scroll(size_t cur, size_t *top, size_t rows);
/* Move *CUR among N rows, ROWS of them shown, for a movement key: j/k,
 * Ctrl-N/P, the arrows, g/G, Home/End, PgDn/PgUp; false for other keys. */
bool        pick_move(size_t *cur, size_t n, size_t rows, int rc, wint_t ch);
/* Enter ends a picker with its choice; Esc or q cancels it. */
bool        pick_is_enter(int rc, wint_t ch);
bool        pick_is_cancel(int rc, wint_t ch);

#endif
