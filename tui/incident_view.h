/* tui/incident_view.h - what the incident screen shows: its data, read
 * through core (tui/incident_data.c), laid out as panes of wrapped lines
 * (tui/incident_view.c). */
#ifndef HERALD_TUI_INCIDENT_VIEW_H
#define HERALD_TUI_INCIDENT_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/outbox.h"
#include "core/review.h"
#include "core/session.h"
#include "tui/logins.h"
#include "tui/theme.h"

/* How a line sits in its pane. */
enum vline_kind {
	VLINE_FIELD,             /* beside the label column */
	VLINE_WIDE,              /* across the label column too */
	VLINE_HEADING,           /* across, in ROLE_HEADER */
};

/* One line of a pane, already wrapped to the pane's width. */
struct vline {
	enum vline_kind kind;
	char           *label;   /* VLINE_FIELD's label; NULL: a continuation */
	char           *text;
	enum role       role;    /* of the text */
};

/* A pane: lines already wrapped to the width it was built for. */
struct pane {
	const char   *name;
	long long     items;     /* things it lists, shown on its tab; -1 = none */
	struct vline *lines;
	size_t        n, cap;
	int           label_w;   /* columns of the label column, 0 = none */
	int           top;       /* first line shown; kept across rebuilds */
};

enum pane_id {
	PANE_DETAILS, PANE_AFFECTED, PANE_COMMS, PANE_DELIVERIES, PANE_HISTORY,
	PANE_COUNT
};

/* What one communication of the incident has: decisions and deliveries. */
struct comm_extra {
	struct rowlist       approvals;    /* struct approval, by id */
	struct rowlist       outbox;       /* struct outbox_row, at most a few */
	struct outbox_counts counts;       /* all its outbox rows, by state */
	struct rowlist       manual;       /* struct manual_delivery */
	/* Read only when it has decisions or is in review: its gates at
	 * the content now, so a decision at another hash shows as stale,
	 * and the rejection that sent it back to draft. review.content.hash
	 * is "" when not read. */
	struct comm_doc      doc;
	struct review        review;
};

/* Everything the incident screen shows, read at once. */
struct incident_data {
	struct incident    inc;
	struct rowlist     affected;       /* struct affected */
	struct rowlist     products;       /* struct product, the affected ones */
	struct rowlist     cycles;         /* struct cycle, the affected ones */
	struct rowlist     comms;          /* struct communication, by id */
	struct comm_extra *extra;          /* one per comms row */
	struct logins      logins;         /* user ids to logins */
	struct rowlist     channels;       /* struct channel, for names */
	struct rowlist     history;        /* struct audit_row, newest first */
	struct rowlist     clocks;         /* struct deadline, soonest first */
	struct rowlist     told;           /* struct customer_told: which
	                                    * customers were told, and when */
	char               problem[512];   /* a part that could not be read */
};

/* Read incident ID and all it shows into D (zeroed or freed before); only
 * a missing incident fails: other parts that cannot be read leave their
 * list empty and say why in D->problem. Free with incident_data_free(). */
enum status incident_data_load(struct incident_data *d, struct session *s,
    long long id, struct err *err);
void        incident_data_free(struct incident_data *d);
/* The row of L whose long long id sits at OFFSET in the row and equals
 * ID, or NULL. */
const void *incident_data_row(const struct rowlist *l, size_t offset,
    long long id);

/* Lay D out as the PANE_COUNT panes for COLS columns, keeping each pane's
 * top line; free the lines with incident_panes_free(). */
void        incident_panes_build(const struct incident_data *d,
    struct pane *panes, int cols);
void        incident_panes_free(struct pane *panes);

/* How incident_view_time() writes a time. */
enum time_style {
	TIME_ZONE,               /* "2026-05-01 14:03 BST" */
	TIME_MINUTE,             /* "2026-05-01 14:03" */
	TIME_SHORT,              /* "14:03" today, "May 01" this year, else
	                          * "2025-11-30": ten columns at most */
};

/* UTC (RFC 3339) as local time in STYLE into BUF of N bytes; "-" when UTC
 * is NULL or empty, the text itself when it does not parse. Returns BUF. */
char       *incident_view_time(const char *utc, enum time_style style,
    char *buf, size_t n);
/* How a clock due at DUE_AT (UTC) stands now, "12 h left" or "overdue by
 * 4 d", into BUF of N bytes; returns how it looks: overdue ROLE_BAD,
 * within a day ROLE_WARN, without a due time ROLE_DIM. */
enum role   incident_view_left(const char *due_at, char *buf, size_t n);
/* Gate state ST in words: "waiting", "passed", "passes on pre-approval". */
const char *incident_view_gate_state(enum gate_state st);

#endif
