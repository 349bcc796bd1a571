/* core/publisher.h - sending what the outbox holds: lease due rows, send
 * them through their channels several at once, record each outcome. */
#ifndef HERALD_CORE_PUBLISHER_H
#define HERALD_CORE_PUBLISHER_H

#include <stdbool.h>

#include "core/progress.h"
#include "core/session.h"

struct publish_opts {
	int         parallel;        /* requests at once (default 8) */
	int         batch;           /* rows leased at a time (default 100) */
	int         lease_seconds;   /* default 300 */
	int         timeout_s;       /* one request (default 60) */
	long long   limit;           /* rows in all, 0 = every due row */
	long long   channel_id;      /* 0 = every channel */
	long long   communication_id;/* 0 = every communication */
	struct progress progress;    /* DONE rows of TOTAL due */
};

struct publish_report {
	long long delivered;
	long long retrying;          /* failed for now, due again later */
	long long failed;            /* given up on (permanent) */
	long long cancelled;         /* unsubscribed or erased since queued */
	long long waiting;           /* not due yet (embargo, backoff) */
};

/*
 * Send every due outbox row (state pending with its time come, or leased
 * with the lease run out) and report what happened. Rows are leased in
 * batches in one transaction each, so a second publisher (cron and a
 * console) never sends the same row while a lease holds; each outcome is
 * recorded (and audited) as soon as it is known. Transient failures wait
 * min(2^attempts, 3600) seconds with ±25 % jitter, or the server's
 * Retry-After; after 30 attempts (about 19 hours) a row fails for good. An
 * unsubscribed or erased subscriber's row is cancelled, and a row whose
 * incident is under embargo again waits until the embargo ends, checked
 * at send time. Authors and admins (or "system" for cron with no user).
 *
 * For tests, HERALD_FAULT names a point at which the process kills itself
 * with SIGKILL: "after-lease" (rows leased, nothing sent) or
 * "after-send" (a row sent, its outcome not recorded), optionally
 * followed by ":N" for the Nth time the point is reached.
 */
enum status publisher_run(struct session *s, const struct publish_opts *o,
    struct publish_report *r, struct err *err);

/* Fill O with the defaults. */
void        publish_opts_default(struct publish_opts *o);

#endif
