/* core/due.h - herald check: what falls due and what is done about it,
 * once. End-of-life notices that should be under way, SLA clocks near or
 * past their deadline, a security.txt that expires, messages that failed
 * for good. */
#ifndef HERALD_CORE_DUE_H
#define HERALD_CORE_DUE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/clock.h"
#include "core/deadline.h"
#include "core/session.h"
#include "storage/q_check.h"

/* A clock due within this many hours is near (--near), and its bounds. */
#define DUE_NEAR_HOURS_DEFAULT 24
#define DUE_NEAR_HOURS_MAX     8760
/* security.txt is reported this many days before its Expires. */
#define DUE_SECTXT_DAYS        30
/* The largest security.txt read, in bytes. */
#define DUE_SECTXT_MAX         65536

struct due_opts {
	int  near_hours;             /* 0 = DUE_NEAR_HOURS_DEFAULT */
	bool is_dry_run;             /* find and report; write nothing */
};

/*
 * A release cycle whose end of life is within lifecycle.notice-months
 * (12 unless set) and whose notice has not gone out. Once per cycle and
 * EOL date herald check starts its eol-notice draft (unless one is under
 * way) and alerts the owners; every run queues the tickets still missing
 * (one per customer running the cycle and ticket channel).
 */
struct due_eol {
	long long cycle_id;
	long long product_id;
	char     *product_slug;
	char     *product_name;
	char     *cycle;
	char      eol[11];               /* YYYY-MM-DD */
	int       days_left;             /* negative once past */
	bool      is_overdue;            /* past its EOL, no notice sent */
	long long notice_id;             /* its notice, 0 when none */
	char      notice_state[16];      /* draft, in-review, ...; "" */
	bool      is_started;            /* this run started the notice */
	char      started_at[CLOCK_BUFSZ]; /* when check started it, or "" */
	size_t    n_customers;           /* running it, as far as known */
	size_t    n_tickets;             /* queued this run */
	size_t    n_alerts;              /* alert messages queued this run */
	char      alert_channel[65];     /* the channel alerted this run */
	char      alerted_at[CLOCK_BUFSZ]; /* an earlier run's alert, or "" */
	char      note[512];             /* why something was left undone,
	                                  * a line each */
	enum status error;               /* ST_OK, or why its round failed */
	char      error_msg[512];        /* (and was rolled back) */
};

/* Where a security.txt was looked for, and what it said. */
enum due_sectxt_state {
	DUE_SECTXT_OK,
	DUE_SECTXT_EXPIRING,         /* within DUE_SECTXT_DAYS */
	DUE_SECTXT_EXPIRED,
	DUE_SECTXT_INVALID,          /* no readable Expires field */
	DUE_SECTXT_MISSING,          /* security.contact set, none found */
};
struct due_sectxt {
	enum due_sectxt_state state;
	char     *path;                  /* the file; NULL for MISSING */
	char      expires[CLOCK_BUFSZ];  /* "" unless known */
	int       days_left;             /* whole days to Expires */
	char      detail[256];           /* what was wrong, for INVALID */
};

/* A message that failed for good, and the tickets filed about it. */
struct due_failure {
	struct check_failure f;
	size_t    n_tickets;             /* queued this run */
	size_t    n_ticketed;            /* filed by any run, this one too */
	enum status error;
	char      error_msg[512];
};

struct due_report {
	char          now[CLOCK_BUFSZ];
	int           near_hours;
	bool          is_dry_run;
	const char   *actor;             /* "user:ID", or "system" */
	struct rowlist eol;              /* struct due_eol, by EOL date */
	struct rowlist clocks;           /* struct deadline, running,
	                                  * soonest first */
	struct rowlist sectxt;           /* struct due_sectxt */
	struct rowlist failures;         /* struct due_failure, by id */
	size_t        n_started;         /* notices started */
	size_t        n_tickets;         /* tickets queued */
	size_t        n_alerts;          /* alert messages queued */
	size_t        n_near;            /* clocks near their deadline */
	size_t        n_overdue;         /* things overdue, all kinds */
	size_t        n_errors;          /* rounds that failed */
	enum status   first_error;       /* the first of them, or ST_OK */
};
void due_report_clear(struct due_report *r);

/*
 * Find what falls due at clock_now() and, unless O->is_dry_run, act on it
 * (see struct due_eol; a ticket per jira and servicenow channel for each
 * message that failed for good, except a failed ticket). Each cycle's
 * round is one transaction. Acts as the session's user when herald knows
 * it (starting a draft needs the author or admin role), else as "system".
 * R is always initialised (free it with due_report_clear()); an action
 * that fails is recorded on its item and counted in R->n_errors, and the
 * run goes on. Returns an error only when the finding itself fails.
 */
enum status due_run(struct session *s, const struct due_opts *o,
    struct due_report *r, struct err *err);

/* Whether clock D is running and due within HOURS of NOW (or past). */
bool        due_clock_is_near(const struct deadline *d, time_t now,
    int hours);
/* "in 189 days", "today", "9 days ago" for DAYS into BUF of N bytes;
 * returns BUF. */
const char *due_days_words(int days, char *buf, size_t n);
/* "ok", "expiring", "expired", "invalid", "missing". */
const char *due_sectxt_state_name(enum due_sectxt_state st);
/* The Expires of security.txt TEXT (RFC 9116) into OUT (CLOCK_BUFSZ):
 * ST_OK, or ST_INVALID naming the line when absent or unreadable. */
enum status due_sectxt_expires(const char *text, char *out,
    struct err *err);

#endif
