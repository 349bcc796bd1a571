/* core/publisher_record.c - what the sender writes down: each row's
 * outcome as soon as it is known (delivered, cancelled, failed for
 * good, or due again after a backoff), and the run's counts.
 */
#include "config.h"

#include "core/publisher_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "core/clock.h"
#include "core/outbox.h"
#include "util/xalloc.h"

#define ATTEMPTS_MAX    30        /* about 19 hours of backoff */
#define BACKOFF_MAX     3600

/* Remember (or forget) that ID is retrying, so a row retried and then
 * delivered in one run counts once, as delivered. */
static void
note_retry(struct run *run, long long id, bool is_retrying)
{
	size_t i;

	for (i = 0; i < run->n_retried; i++)
		if (run->retried[i] == id)
			break;
	if (i < run->n_retried) {
		run->r->retrying--;
		run->retried[i] = run->retried[--run->n_retried];
	}
	if (is_retrying) {
		run->retried = xreallocarray(run->retried, run->n_retried + 1,
		    sizeof *run->retried);
		run->retried[run->n_retried++] = id;
		run->r->retrying++;
	}
}

/* Seconds to wait after a transient failure of attempt ATTEMPTS:
 * min(2^attempts, 3600), give or take a quarter at random, so senders
 * that failed together do not come back together. */
static long
backoff(int attempts)
{
	uint32_t u = 0;
	double base, d;

	base = attempts >= 12 ? BACKOFF_MAX : (double)(1L << (attempts < 0 ?
	    0 : attempts));
	if (base > BACKOFF_MAX)
		base = BACKOFF_MAX;
	if (getrandom(&u, sizeof u, 0) != (ssize_t)sizeof u)
		u = (uint32_t)rand();
	d = base * (0.75 + 0.5 * ((double)u / 4294967296.0));
	return d < 1 ? 1 : (long)(d + 0.5);
}

/* Record a failure to record: the run stops starting rows. */
void
run_fail(struct run *run, enum status st, const struct err *e)
{
	if (run->st != ST_OK || st == ST_OK)
		return;
	run->st = st;
	if (run->err != NULL && e != NULL)
		*run->err = *e;
}

/* A mark refused because the lease was lost (it ran out and another
 * sender took the row) is that sender's business now; anything else
 * stops the run. */
static void
run_marked(struct run *run, enum status st, const struct err *e)
{
	if (st != ST_OK && st != ST_CONFLICT)
		run_fail(run, st, e);
}

static void
run_progress(struct run *run)
{
	run->done++;
	if (run->done > run->total)
		run->total = run->done;
	progress_report(&run->o->progress, run->done, run->total);
}

/* Record the outcome R of ROW. */
void
run_record(struct run *run, const struct outbox_row *row,
    struct send_result *r)
{
	struct db *db = run->s->db;
	char next[CLOCK_BUFSZ], msg[SEND_ERROR_MAX + 64];
	const char *why = r->error[0] != '\0' ? r->error :
	    "the channel gave no reason";
	struct err e = { 0 };
	enum status st = ST_OK;
	long wait;

	switch (r->outcome) {
	case SEND_DELIVERED:
		st = outbox_mark_delivered(db, run->actor, row->id, run->owner,
		    r->external_ref, &e);
		if (st == ST_OK) {
			note_retry(run, row->id, false);
			run->r->delivered++;
		}
		break;
	case SEND_CANCEL:
		st = outbox_mark_cancelled(db, run->actor, row->id, run->owner,
		    why, &e);
		if (st == ST_OK) {
			note_retry(run, row->id, false);
			run->r->cancelled++;
		}
		break;
	case SEND_RETRY:
		if (row->attempts < ATTEMPTS_MAX) {
			wait = r->retry_after > 0 ? r->retry_after :
			    backoff(row->attempts);
			clock_format(clock_now() + wait, next);
			st = outbox_mark_failed(db, run->actor, row->id, run->owner,
			    why, false, next, &e);
			if (st == ST_OK)
				note_retry(run, row->id, true);
			break;
		}
		snprintf(msg, sizeof msg, "gave up after %d attempts; the last: "
		    "%s", row->attempts, why);
		why = msg;
		/* fall through */
	case SEND_PERMANENT:
	case SEND_AGAIN:
		st = outbox_mark_failed(db, run->actor, row->id, run->owner, why,
		    true, NULL, &e);
		if (st == ST_OK) {
			note_retry(run, row->id, false);
			run->r->failed++;
		}
		break;
	}
	run_marked(run, st, &e);
	run_progress(run);
}

/* Put ROW back, due at UNTIL, without counting the attempt. */
void
run_put_back(struct run *run, const struct outbox_row *row,
    const char *until, const char *why)
{
	struct err e = { 0 };
	enum status st;

	st = outbox_mark_waiting(run->s->db, run->actor, row->id, run->owner,
	    until, why, &e);
	if (st == ST_OK)
		run->r->waiting++;
	run_marked(run, st, &e);
	run_progress(run);
}
