/* cli/cmd_publish.c - herald publish: send every outbox message that is
 * due (for cron, or by hand), several at once, and say what happened. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/channel.h"
#include "core/publisher.h"

/* Some message failed for good in this run. */
#define EXIT_FAILED 13

static const char usage[] =
"usage: herald publish [--channel NAME] [--comm ID] [--limit N]\n"
"                      [--parallel N] [--timeout S] [--json]\n"
"\n"
"Send every outbox message that is due: queued by a publication, a\n"
"correction or a withdrawal, or due again after a failure. Each message is\n"
"leased before it is sent, so two senders (cron and the console) never\n"
"send the same one at once, and its outcome is recorded as soon as it is\n"
"known. A failure that may pass (a connection error, a timeout, SMTP 4xx,\n"
"HTTP 429 or 5xx) is tried again later, waiting 2^attempts seconds (at\n"
"most an hour, give or take a quarter) or as long as the server's\n"
"Retry-After asks; after 30 attempts (about 19 hours), or when the far end\n"
"refuses for good\n"
"(SMTP 5xx, HTTP 4xx), the message fails with the server's words. A\n"
"message to someone who unsubscribed since it was queued is cancelled; one\n"
"whose incident is under embargo again waits until the embargo ends.\n"
"\n"
"  --channel NAME  only the messages of this channel\n"
"  --comm ID       only the messages of this communication\n"
"  --limit N       at most N messages in all\n"
"  --parallel N    requests at once, 1 to 64 (default 8)\n"
"  --timeout S     seconds one request may take, 1 to 3600 (default 60)\n"
"  --json          the summary as JSON\n"
"  -h, --help      show this help\n"
"\n"
"Progress goes to stderr when it is a terminal, and nowhere otherwise.\n"
"The summary reads \"delivered 12, retrying 1, failed 0, cancelled 0,\n"
"waiting 3\": waiting counts the messages put back until a later time in\n"
"this run (embargo, a scheduled time, a channel turned off).\n"
"Exit status: 0 every due message was delivered or will be tried again;\n"
"13 some message failed for good in this run (`herald outbox list\n"
"--state failed` shows why); 2 bad arguments; 3 bad values; 4 no such\n"
"channel, or no database; 6 not an author or an admin.\n";

/* "publish: 7/15 messages (46%)" on stderr, drawn over itself, only when
 * stderr is a terminal; wiped at the end so the summary stays. */
struct publish_progress {
	int             last_pct;
	long            last_done;
	struct cli_line line;
};

static void
progress_draw(void *ctx, long done, long total)
{
	struct publish_progress *p = ctx;
	int pct = total > 0 ? (int)(done * 100 / total) : 100;

	if (done != 0 && pct == p->last_pct && done - p->last_done < 50)
		return;
	p->last_pct = pct;
	p->last_done = done;
	cli_line_draw(&p->line, "publish: %ld/%ld messages (%d%%)", done, total,
	    pct);
}

static int
print_report(const struct publish_report *r, bool is_json)
{
	if (is_json)
		return cli_json_print(json_pack("{s:I, s:I, s:I, s:I, s:I}",
		    "delivered", (json_int_t)r->delivered,
		    "retrying", (json_int_t)r->retrying,
		    "failed", (json_int_t)r->failed,
		    "cancelled", (json_int_t)r->cancelled,
		    "waiting", (json_int_t)r->waiting));
	printf("delivered %lld, retrying %lld, failed %lld, cancelled %lld, "
	    "waiting %lld\n", r->delivered, r->retrying, r->failed, r->cancelled,
	    r->waiting);
	return 0;
}

int
cmd_publish(struct cli *c, int argc, char **argv)
{
	const char *channel = NULL, *comm = NULL;
	long limit = 0, parallel = 8, timeout = 60;
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "channel", .str = &channel },
		{ "comm", .str = &comm },
		{ "limit", .num = &limit, .min = 1, .max = 1000000000L },
		{ "parallel", .num = &parallel, .min = 1, .max = 64 },
		{ "timeout", .num = &timeout, .min = 1, .max = 3600 },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct publish_progress pp = { 0 };
	struct publish_report rep;
	struct publish_opts o;
	struct channel ch = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	long long comm_id = 0;
	enum status st;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "publish takes no operands"))
		goto end;
	if (comm != NULL && cli_comm_id(comm, &comm_id, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	publish_opts_default(&o);
	if (channel != NULL) {
		if (channel_get_by_name(s, channel, &ch, &err) != ST_OK) {
			rc = cli_fail(&err);
			goto end;
		}
		o.channel_id = ch.id;
	}
	o.communication_id = comm_id;
	o.limit = limit;
	o.parallel = (int)parallel;
	o.timeout_s = (int)timeout;
	/* A request must end well within its lease. */
	if (o.lease_seconds < o.timeout_s * 2 + 10)
		o.lease_seconds = o.timeout_s * 2 + 10;
	if (isatty(STDERR_FILENO)) {
		pp.last_pct = -1;
		o.progress.fn = progress_draw;
		o.progress.ctx = &pp;
	}
	st = publisher_run(s, &o, &rep, &err);
	cli_line_wipe(&pp.line);
	/* What was sent before a failure stays sent: say so either way. */
	rc = print_report(&rep, is_json);
	if (st != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if (rc == 0 && rep.failed > 0)
		rc = EXIT_FAILED;
end:
	channel_clear(&ch);
	session_close(&s);
	return rc;
}
