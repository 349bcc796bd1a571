/* core/publisher.c - the sender: lease due outbox rows in batches, send
 * each through its channel's driver with libcurl's multi interface
 * (several at once), record each outcome as soon as it is known.
 *
 * Delivery is at least once: a row is marked delivered only after the far
 * end said yes, so a sender that dies between the two leaves the row
 * leased; once the lease runs out another run sends it again with the
 * same idempotency key (the Message-ID of a mail), so the repeat is
 * recognisable. A delivered row is never leased again.
 */
#include "config.h"

#include "core/publisher_run.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "core/channel.h"
#include "core/clock.h"
#include "core/driver.h"
#include "core/outbox.h"
#include "core/text.h"
#include "util/xalloc.h"

#define PARALLEL_MAX    64
#define TIMEOUT_MAX     3600
/* Requests one attempt may take (GitHub: look up, create, publish). */
#define STEPS_MAX       16
/* A disabled channel's rows look again after this many seconds. */
#define DISABLED_WAIT   3600

void
publish_opts_default(struct publish_opts *o)
{
	memset(o, 0, sizeof *o);
	o->parallel = 8;
	o->batch = 100;
	o->lease_seconds = 300;
	o->timeout_s = 60;
}

/* ---- one run ---- */

static double
mono_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* "host:pid", printable without spaces, as lease owners are. */
static void
make_owner(char *buf, size_t n)
{
	char host[64] = "localhost";
	char *p;

	if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	for (p = host; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == ':')
			*p = '_';
	snprintf(buf, n, "%s:%ld", host, (long)getpid());
}

static struct run_channel *
run_channel(struct run *run, long long id)
{
	struct run_channel *c;
	struct err e = { 0 };
	json_error_t je;
	size_t i;

	for (i = 0; i < run->n_chans; i++)
		if (run->chans[i].ch.id == id)
			return &run->chans[i];
	run->chans = xreallocarray(run->chans, run->n_chans + 1,
	    sizeof *run->chans);
	c = &run->chans[run->n_chans++];
	memset(c, 0, sizeof *c);
	if (channel_get(run->s, id, &c->ch, &e) != ST_OK) {
		channel_clear(&c->ch);
		memset(&c->ch, 0, sizeof c->ch);
		c->ch.id = id;
		c->is_missing = true;
		return c;
	}
	c->settings = json_loads(c->ch.settings != NULL && *c->ch.settings !=
	    '\0' ? c->ch.settings : "{}", 0, &je);
	if (c->settings == NULL || !json_is_object(c->settings)) {
		json_decref(c->settings);
		c->settings = json_object();
	}
	return c;
}

/* Free what the last request of SLOT's job held. */
static void
release_request(struct run *run, struct slot *sl)
{
	struct send_job *j = &sl->job;

	if (j->easy != NULL) {
		curl_multi_remove_handle(run->multi, j->easy);
		curl_easy_cleanup(j->easy);
		j->easy = NULL;
	}
	curl_slist_free_all(j->headers);
	j->headers = NULL;
	curl_mime_free(j->mime);
	j->mime = NULL;
	free(j->request_body);
	j->request_body = NULL;
	textbuf_clear(&j->response);
	textbuf_clear(&j->resp_headers);
}

/* The attempt of SLOT is over: record it and free the slot. */
static void
slot_finish(struct run *run, struct slot *sl)
{
	if (sl->res.outcome == SEND_AGAIN) {
		sl->res.outcome = SEND_PERMANENT;
		snprintf(sl->res.error, sizeof sl->res.error, "channel %s: more "
		    "than %d requests in one attempt", sl->job.channel->name,
		    STEPS_MAX);
	}
	/* The far end has the message; we have not written that down. */
	fault_reach(&run->fault, FAULT_AFTER_SEND);
	run_record(run, sl->row, &sl->res);
	release_request(run, sl);
	if (sl->drv->cleanup != NULL)
		sl->drv->cleanup(&sl->job);
	json_decref(sl->job.payload);
	send_result_clear(&sl->res);
	memset(sl, 0, sizeof *sl);
}

static size_t
on_write(char *data, size_t size, size_t n, void *ctx)
{
	textbuf_add(ctx, data, size * n);
	return size * n;
}

/* Start request J->step of SLOT's attempt (and the ones after it a driver
 * decides without a request); the attempt may end here. */
static void
slot_start(struct run *run, struct slot *sl)
{
	struct send_job *j = &sl->job;
	struct err e = { 0 };
	enum status st;

	for (;;) {
		send_result_clear(&sl->res);
		if (j->step >= STEPS_MAX) {
			sl->res.outcome = SEND_AGAIN;
			break;
		}
		st = sl->drv->start(j, &sl->res, &e);
		if (st != ST_OK) {
			sl->res.outcome = SEND_RETRY;
			snprintf(sl->res.error, sizeof sl->res.error, "%s", e.msg);
			release_request(run, sl);
			break;
		}
		if (j->easy != NULL) {
			curl_easy_setopt(j->easy, CURLOPT_WRITEFUNCTION, on_write);
			curl_easy_setopt(j->easy, CURLOPT_WRITEDATA, &j->response);
			curl_easy_setopt(j->easy, CURLOPT_HEADERFUNCTION, on_write);
			curl_easy_setopt(j->easy, CURLOPT_HEADERDATA,
			    &j->resp_headers);
			/* Bounded whatever the far end does. */
			curl_easy_setopt(j->easy, CURLOPT_TIMEOUT,
			    (long)j->timeout_s);
			curl_easy_setopt(j->easy, CURLOPT_NOSIGNAL, 1L);
			curl_easy_setopt(j->easy, CURLOPT_PRIVATE, sl);
			if (curl_multi_add_handle(run->multi, j->easy) == CURLM_OK) {
				run->active++;
				return;
			}
			release_request(run, sl);
			sl->res.outcome = SEND_RETRY;
			snprintf(sl->res.error, sizeof sl->res.error,
			    "libcurl would not take the request");
			break;
		}
		if (sl->res.outcome != SEND_AGAIN)
			break;
		j->step++;
	}
	slot_finish(run, sl);
}

/* A request of SLOT ended with CC. */
static void
slot_done(struct run *run, struct slot *sl, CURLcode cc)
{
	run->active--;
	send_result_clear(&sl->res);
	if (sl->drv->finish != NULL) {
		sl->drv->finish(&sl->job, cc, &sl->res);
	} else {
		sl->res.outcome = SEND_PERMANENT;
		snprintf(sl->res.error, sizeof sl->res.error, "channel %s: its "
		    "kind cannot judge an answer", sl->job.channel->name);
	}
	release_request(run, sl);
	if (sl->res.outcome == SEND_AGAIN) {
		sl->job.step++;
		slot_start(run, sl);
		return;
	}
	slot_finish(run, sl);
}

/* The seconds one request of channel C may take: the run's, or the
 * channel's "timeout" setting when that is shorter. */
static int
request_timeout(const struct run *run, const struct run_channel *c)
{
	json_t *t = json_object_get(c->settings, "timeout");
	int n = run->o->timeout_s;

	if (json_is_integer(t) && json_integer_value(t) > 0 &&
	    json_integer_value(t) < n)
		n = (int)json_integer_value(t);
	return n;
}

/* Take ROW into the free slot SL, or settle it at once: cancelled or
 * waiting by the send-time check, failed for good when its channel or
 * payload is unusable. */
static void
row_begin(struct run *run, struct slot *sl, struct outbox_row *row)
{
	struct run_channel *c;
	enum outbox_verdict verdict = OUTBOX_GO;
	char until[CLOCK_BUFSZ] = "", why[OUTBOX_ERROR_MAX + 1] = "";
	struct send_result res = { 0 };
	json_error_t je;
	json_t *payload = NULL;
	struct err e = { 0 };
	enum status st;

	st = outbox_send_check(run->s, row, &verdict, until, why, sizeof why,
	    &e);
	if (st != ST_OK) {
		run_fail(run, st, &e);
		return;
	}
	if (verdict == OUTBOX_CANCEL) {
		res.outcome = SEND_CANCEL;
		snprintf(res.error, sizeof res.error, "%s", why);
		run_record(run, row, &res);
		return;
	}
	if (verdict == OUTBOX_WAIT) {
		if (until[0] == '\0')
			clock_now_str(until);
		run_put_back(run, row, until, why[0] != '\0' ? why :
		    "not due yet");
		return;
	}
	c = run_channel(run, row->channel_id);
	res.outcome = SEND_PERMANENT;
	if (c->is_missing) {
		snprintf(res.error, sizeof res.error, "channel %lld no longer "
		    "exists", row->channel_id);
		goto settle;
	}
	if (!c->ch.is_enabled) {
		clock_format(clock_now() + DISABLED_WAIT, until);
		snprintf(why, sizeof why, "channel %s is turned off", c->ch.name);
		run_put_back(run, row, until, why);
		return;
	}
	sl->drv = driver_for(c->ch.kind);
	if (sl->drv == NULL || sl->drv->start == NULL) {
		snprintf(res.error, sizeof res.error, "channel %s: herald cannot "
		    "send through a channel of kind %s", c->ch.name, c->ch.kind);
		goto settle;
	}
	payload = json_loads(row->payload != NULL ? row->payload : "", 0, &je);
	if (payload == NULL || !json_is_object(payload)) {
		snprintf(res.error, sizeof res.error, "outbox message %lld: its "
		    "payload is not a JSON object (line %d, column %d: %s)",
		    row->id, je.line, je.column, payload == NULL ? je.text :
		    "not an object");
		json_decref(payload);
		goto settle;
	}
	sl->is_busy = true;
	sl->row = row;
	sl->job.s = run->s;
	sl->job.row = row;
	sl->job.channel = &c->ch;
	sl->job.settings = c->settings;
	sl->job.payload = payload;
	sl->job.timeout_s = request_timeout(run, c);
	slot_start(run, sl);
	return;
settle:
	sl->drv = NULL;
	run_record(run, row, &res);
}

/* Whether the lease of the batch has room for one more request: a row
 * started later could outlive the lease, and another sender take it
 * while we still send. */
static bool
lease_has_room(struct run *run)
{
	double left = run->o->lease_seconds - mono_since(&run->batch_start);

	return left > run->o->timeout_s * 2 + 5;
}

/*
 * Every completed request: finish it (which may start the next step) and
 * record the outcomes. The outcomes known at this moment share one
 * transaction (each mark is a savepoint in it): one commit, so one wait
 * for the disk, however many requests ended while the last commit
 * waited; nothing known is held back for later.
 */
static void
collect(struct run *run)
{
	struct slot *sl;
	struct err e = { 0 };
	bool is_tx = false;
	enum status st;
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(run->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		sl = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&sl);
		if (sl == NULL)
			continue;
		if (!is_tx && run->st == ST_OK) {
			st = db_begin(run->s->db, &e);
			if (st == ST_OK)
				is_tx = true;
			else
				run_fail(run, st, &e);
		}
		slot_done(run, sl, m->data.result);
	}
	if (is_tx && (st = db_end(run->s->db, ST_OK, &e)) != ST_OK)
		run_fail(run, st, &e);
}

/* Send the leased ROWS, at most o->parallel at once. */
static void
run_batch(struct run *run, struct rowlist *rows)
{
	char now[CLOCK_BUFSZ];
	size_t next = 0, i;
	int running, started = 0;

	clock_gettime(CLOCK_MONOTONIC, &run->batch_start);
	while (next < rows->count || run->active > 0) {
		for (i = 0; i < (size_t)run->o->parallel && next < rows->count;
		    i++) {
			if (run->slots[i].is_busy)
				continue;
			if (run->st != ST_OK)
				break;
			if (started > 0 && !lease_has_room(run)) {
				/* Back to pending, due now, for the next lease. */
				clock_now_str(now);
				run_put_back(run, rowlist_at(rows, next++), now,
				    "the lease ran short before its turn");
				continue;
			}
			started++;
			row_begin(run, &run->slots[i], rowlist_at(rows, next++));
		}
		if (run->st != ST_OK && run->active == 0)
			break;
		if (run->active == 0)
			continue;
		curl_multi_perform(run->multi, &running);
		collect(run);
		if (run->active > 0)
			curl_multi_poll(run->multi, NULL, 0, 200, NULL);
	}
}

static enum status
check_opts(const struct publish_opts *o, struct err *err)
{
	if (o->parallel < 1 || o->parallel > PARALLEL_MAX)
		return err_set(err, ST_INVALID, "parallel: 1 to %d requests at "
		    "once (got %d)", PARALLEL_MAX, o->parallel);
	if (o->batch < 1 || o->batch > OUTBOX_LEASE_MAX_ROWS)
		return err_set(err, ST_INVALID, "batch: 1 to %d messages (got %d)",
		    OUTBOX_LEASE_MAX_ROWS, o->batch);
	if (o->timeout_s < 1 || o->timeout_s > TIMEOUT_MAX)
		return err_set(err, ST_INVALID, "timeout: 1 to %d seconds (got %d)",
		    TIMEOUT_MAX, o->timeout_s);
	if (o->lease_seconds < 1 || o->lease_seconds > OUTBOX_LEASE_MAX_SECONDS)
		return err_set(err, ST_INVALID, "lease: 1 to %d seconds (got %d)",
		    OUTBOX_LEASE_MAX_SECONDS, o->lease_seconds);
	if (o->lease_seconds < o->timeout_s * 2 + 10)
		return err_set(err, ST_INVALID, "lease: at least twice the "
		    "timeout and ten seconds (%d), so a request ends before its "
		    "lease", o->timeout_s * 2 + 10);
	if (o->limit < 0 || o->channel_id < 0 || o->communication_id < 0)
		return err_set(err, ST_INVALID, "limit, channel and communication "
		    "are not negative");
	return ST_OK;
}

/* How many rows may be due, for the progress: the pending and leased
 * ones in scope (some may not be due yet). */
static long
due_estimate(struct run *run)
{
	struct outbox_counts c = { 0 };
	struct err e = { 0 };
	long long n;

	if (run->o->communication_id > 0) {
		if (outbox_counts_for_communication(run->s,
		    run->o->communication_id, &c, &e) != ST_OK)
			return 0;
	} else if (outbox_counts(run->s, &c, &e) != ST_OK) {
		return 0;
	}
	n = c.pending + c.leased;
	if (run->o->limit > 0 && n > run->o->limit)
		n = run->o->limit;
	return (long)n;
}

/* Lease the rows of one batch into ROWS. */
static enum status
lease_batch(struct run *run, long long taken, struct rowlist *rows,
    struct err *err)
{
	const struct publish_opts *o = run->o;
	long long want = o->batch;

	/* No more rows than the lease leaves time for. */
	if (want > (long long)o->parallel * (o->lease_seconds / o->timeout_s))
		want = (long long)o->parallel * (o->lease_seconds / o->timeout_s);
	if (o->limit > 0 && want > o->limit - taken)
		want = o->limit - taken;
	if (want < 1) {
		rowlist_init(rows, sizeof(struct outbox_row));
		return ST_OK;
	}
	return outbox_lease_some(run->s->db, run->actor, run->owner,
	    o->lease_seconds, (int)want, o->channel_id, o->communication_id,
	    rows, err);
}

enum status
publisher_run(struct session *s, const struct publish_opts *o,
    struct publish_report *r, struct err *err)
{
	struct run run = { 0 };
	struct rowlist rows;
	long long taken = 0;
	enum status st;
	size_t i;

	memset(r, 0, sizeof *r);
	if ((st = check_opts(o, err)) != ST_OK)
		return st;
	/* cron runs as a login herald may not know: the sender is then
	 * "system"; a person must be an author or an admin. */
	if (session_is_known(s) &&
	    (st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return err_set(err, ST_INTERNAL, "libcurl could not start");
	run.s = s;
	run.o = o;
	run.r = r;
	run.err = err;
	run.actor = session_is_known(s) ? s->actor : NULL;
	make_owner(run.owner, sizeof run.owner);
	fault_init(&run.fault);
	run.slots = xcalloc((size_t)o->parallel, sizeof *run.slots);
	if ((run.multi = curl_multi_init()) == NULL) {
		st = err_set(err, ST_INTERNAL, "libcurl could not start");
		goto end;
	}
	curl_multi_setopt(run.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)o->parallel);
	run.total = due_estimate(&run);
	progress_report(&o->progress, 0, run.total);
	while (run.st == ST_OK) {
		if ((st = lease_batch(&run, taken, &rows, err)) != ST_OK)
			goto end;
		if (rows.count == 0) {
			rowlist_free(&rows, (row_clear_fn)outbox_row_clear);
			break;
		}
		taken += (long long)rows.count;
		/* Leased, nothing sent: the lease must run out before another
		 * run sends these. */
		fault_reach(&run.fault, FAULT_AFTER_LEASE);
		run_batch(&run, &rows);
		rowlist_free(&rows, (row_clear_fn)outbox_row_clear);
	}
	st = run.st;
	if (st == ST_OK && run.done < run.total) {
		run.total = run.done;
		progress_report(&o->progress, run.done, run.total);
	}
end:
	if (run.multi != NULL)
		curl_multi_cleanup(run.multi);
	for (i = 0; i < run.n_chans; i++) {
		channel_clear(&run.chans[i].ch);
		json_decref(run.chans[i].settings);
	}
	free(run.chans);
	free(run.slots);
	free(run.retried);
	curl_global_cleanup();
	return st;
}
