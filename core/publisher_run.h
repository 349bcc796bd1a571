/* core/publisher_run.h - the state of one run of the sender
 * (core/publisher.c), shared with what records its outcomes
 * (core/publisher_record.c) and its fault injection
 * (core/publisher_fault.c). Not for use outside the publisher. */
#ifndef HERALD_CORE_PUBLISHER_RUN_H
#define HERALD_CORE_PUBLISHER_RUN_H

#include <curl/curl.h>
#include <stdbool.h>
#include <time.h>

#include "core/channel.h"
#include "core/driver.h"
#include "core/publisher.h"

enum fault_point { FAULT_NONE, FAULT_AFTER_LEASE, FAULT_AFTER_SEND };

struct fault {
	enum fault_point point;
	long             nth;        /* die the Nth time POINT is reached */
	long             seen;
};

/* A channel as the run needs it: loaded once, its settings parsed. */
struct run_channel {
	struct channel ch;
	json_t        *settings;
	bool           is_missing;
};

/* One send in flight: a row, its driver and the attempt's state. */
struct slot {
	bool                          is_busy;
	struct outbox_row            *row;
	const struct channel_driver  *drv;
	struct send_job               job;
	struct send_result            res;
};

struct run {
	struct session            *s;
	const struct publish_opts *o;
	struct publish_report     *r;
	const char                *actor;    /* NULL: "system" */
	char                       owner[128];
	CURLM                     *multi;
	struct slot               *slots;
	int                        active;   /* slots with a request out */
	struct run_channel        *chans;
	size_t                     n_chans;
	struct fault               fault;
	long long                 *retried;  /* ids retrying, this run */
	size_t                     n_retried;
	long                       done, total;
	struct timespec            batch_start;
	enum status                st;       /* the first failure to record */
	struct err                *err;
};

/* HERALD_FAULT: "after-lease" or "after-send", optionally ":N". */
void fault_init(struct fault *f);
/* Die (SIGKILL) when F's point is reached the Nth time. */
void fault_reach(struct fault *f, enum fault_point point);

/* Record a failure to record: the run stops starting rows. */
void run_fail(struct run *run, enum status st, const struct err *e);
/* Record the outcome R of ROW. */
void run_record(struct run *run, const struct outbox_row *row,
    struct send_result *r);
/* Put ROW back, due at UNTIL, without counting the attempt. */
void run_put_back(struct run *run, const struct outbox_row *row,
    const char *until, const char *why);

#endif
