/* tui/screen.h - what every screen implements, and what the loop offers it. */
#ifndef HERALD_TUI_SCREEN_H
#define HERALD_TUI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "core/session.h"
#include "tui/actions.h"

/* What handling an action asks of the loop: bits. */
enum ui_result {
	UI_NONE    = 0,
	UI_HANDLED = 1 << 0,     /* consumed; do not fall through to global */
	UI_REDRAW  = 1 << 1,
	UI_RELOAD  = 1 << 2,     /* read the data again, then redraw */
	UI_POP     = 1 << 3,     /* close this screen */
	UI_QUIT    = 1 << 4,
};

struct tui;
struct screen;

struct screen_ops {
	const char *name;        /* key table section and help title */
	const char *title;       /* shown in the title line */
	size_t      priv_size;   /* zeroed private state the loop allocates */
	/* Read what the screen shows; ARG is the pushing caller's. */
	enum status (*open)(struct screen *sc, const void *arg, struct err *err);
	/* Free what open and reload allocated (not priv itself). May be NULL. */
	void        (*close)(struct screen *sc);
	/* Read the data again keeping the cursor where it was: on focus and
	 * on the timer, since another process may have changed it. May be NULL. */
	void        (*reload)(struct screen *sc);
	/* Draw rows TOP..TOP+ROWS-1 only; never the title or status line. */
	void        (*draw)(struct screen *sc, int top, int rows, int cols);
	/* Act on ACT. */
	unsigned    (*handle)(struct screen *sc, enum action act);
	/* A click at ROW (0 = first body row), COL; may be NULL. */
	unsigned    (*click)(struct screen *sc, int row, int col, bool is_double);
	/* Move to the next (DIR 1) or previous (-1) row matching NEEDLE from
	 * the cursor; IS_NEW when the person just typed it (/), not when
	 * repeating it (n, N). False when there is none. May be NULL. */
	bool        (*search)(struct screen *sc, const char *needle, int dir,
	    bool is_new);
	/* A key before the key table sees it, for typing into a field: RC
	 * and CH as get_wch() gave them. Return UI_HANDLED (with any other
	 * bits) to consume it; UI_NONE lets the key table act. May be NULL. */
	unsigned    (*key)(struct screen *sc, int rc, wint_t ch);
	/* Where the terminal cursor should blink (a field being typed in):
	 * true with *Y, *X in screen coordinates; false hides it. May be
	 * NULL (hidden). */
	bool        (*cursor)(struct screen *sc, int *y, int *x);
};

struct screen {
	const struct screen_ops *ops;
	void       *priv;
	struct tui *tui;
	int         rows;        /* body rows at the last draw */
};

/* The session the console runs on. */
struct session *tui_session(struct tui *t);
/* Open OPS with ARG on top of the stack; shows the error on failure. */
enum status     tui_push(struct tui *t, const struct screen_ops *ops,
    const void *arg);
/* Show a message on the status line until the next key. */
void            tui_message(struct tui *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Forget the search text, so n and N have nothing to repeat. */
void            tui_search_clear(struct tui *t);
/* Draw the title and status lines again (no refresh): for a modal that
 * cleared the screen or asked on the bottom line. */
void            tui_frame(struct tui *t);
/* Show ERR's message on the status line as an error. */
void            tui_error(struct tui *t, const struct err *err);
/* For a modal: wait for a key as get_wch() gives it; false when Ctrl-C,
 * SIGTERM or a lost terminal should end the wait (the loop acts on it). */
bool            tui_wait_key(int *rc, wint_t *ch);
/* Ask QUESTION on the bottom line; the answer (UTF-8) goes to BUF.
 * Returns false when the person pressed Esc. */
bool            tui_prompt(struct tui *t, const char *question, char *buf,
    size_t n);
/* Let the person edit TEXT in $VISUAL, $EDITOR or vi through a private
 * temporary file; *OUT gets the result without the newlines it ends with
 * (caller frees). */
enum status     tui_edit_text(const char *text, char **out, struct err *err);

/* The screens. */
extern const struct screen_ops screen_home_ops;
extern const struct screen_ops screen_help_ops;
extern const struct screen_ops screen_incidents_ops;
extern const struct screen_ops screen_incident_ops;
extern const struct screen_ops screen_products_ops;
extern const struct screen_ops screen_audit_ops;
extern const struct screen_ops screen_users_ops;
/* The playbook runner; its ARG is a const long long * communication id. */
extern const struct screen_ops screen_runner_ops;
/* A communication's outputs as their readers will get them; ARG is a
 * const long long * communication id. */
extern const struct screen_ops screen_preview_ops;
/* "Waiting for me": what the acting user may decide now; ARG is NULL. */
extern const struct screen_ops screen_approvals_ops;
/* One communication waiting for a decision: its gates, what changed
 * since it was last approved, and every output in full; ARG is the
 * const struct waiting * of the list (core/review.h). */
extern const struct screen_ops screen_approval_ops;
/* The new-incident form; ARG is NULL. */
extern const struct screen_ops screen_new_incident_ops;
/* Subscribers, their state and lists; Enter shows what went to one. ARG
 * is NULL. */
extern const struct screen_ops screen_subscribers_ops;
/* Customers; Enter shows one's contacts, addresses and deployments. ARG
 * is NULL. */
extern const struct screen_ops screen_customers_ops;
/* The channels with their settings (secrets masked) and the outbox
 * queue. ARG is NULL. */
extern const struct screen_ops screen_channels_ops;
/* The SRO's dashboard: one row per question, Enter for its evidence;
 * evaluations and the report. ARG is NULL. */
extern const struct screen_ops screen_compliance_ops;
/* The trust page's content, by section; ARG is NULL. */
extern const struct screen_ops screen_trust_ops;
/* The register of personal-data breaches; ARG is NULL. */
extern const struct screen_ops screen_breaches_ops;
/* Drills of the breach-notification procedure; ARG is NULL. */
extern const struct screen_ops screen_drills_ops;

/* Ask QUESTION (without "(y/n)", which is added) on the bottom line;
 * true only for y or yes. */
bool            tui_confirm(struct tui *t, const char *question);
/* Send the due messages of COMMUNICATION_ID (0: every due message) with
 * publisher_run(), drawing a progress bar on the bottom line as they go
 * (tui/screen_channels.c); R gets what happened. */
struct publish_report;
enum status     tui_send_due(struct tui *t, long long communication_id,
    struct publish_report *r, struct err *err);
/* R in words: "12 delivered, 0 failed" and, when there are, how many
 * wait to be retried, wait for their time or were cancelled. */
char           *tui_send_summary(const struct publish_report *r, char *buf,
    size_t n);

#endif
