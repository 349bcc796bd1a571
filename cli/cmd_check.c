/* cli/cmd_check.c - herald check, for cron: what falls due and what was
 * done about it (core/due.c); and how a clock is printed wherever the
 * command line shows one. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/deadline.h"
#include "core/due.h"

/* The exit code when a clock is overdue: apart from every error's. */
#define CHECK_EXIT_OVERDUE 12

static const char usage[] =
"usage: herald check [--dry-run] [--near HOURS] [--json]\n"
"\n"
"Find what falls due and act on it, once however often it runs (for\n"
"cron):\n"
"  - release cycles whose end of life is within lifecycle.notice-months\n"
"    (12) and whose notice has not gone out: start the eol-notice draft\n"
"    (unless one is under way), queue a ticket per customer running the\n"
"    cycle to every jira and servicenow channel, and alert the product's\n"
"    owners through the channel check.alert-channel names;\n"
"  - the clocks that are running, soonest first, and which of them are\n"
"    near (within HOURS) or past their deadline;\n"
"  - security.txt as published (check.security-txt, and directory\n"
"    channels) expiring within 30 days, expired, or missing;\n"
"  - messages that failed for good: each reported, and a ticket about\n"
"    each queued to every jira and servicenow channel.\n"
"Prints \"No clocks running.\" when no clock runs.\n"
"\n"
"  --dry-run     report what would be done; change nothing\n"
"  --near HOURS  a clock due within HOURS is near (default 24)\n"
"  --json        JSON instead of text\n"
"  -h, --help    show this help\n"
"\n"
"Exit status: 0 when nothing is overdue; 12 when a clock is overdue, a\n"
"cycle is past its end of life without notice sent, security.txt has\n"
"expired (or has no Expires), or a message failed for good; the codes\n"
"of herald(1) on errors, including an action that failed. Times are\n"
"shown in local time (TZ).\n";

json_t *
cli_deadline_json(const void *row)
{
	const struct deadline *d = row;
	time_t now = clock_now();
	json_t *o = json_object();
	char left[64];

	json_object_set_new(o, "incident", cli_json_str(d->incident_ref));
	json_object_set_new(o, "communication",
	    json_integer(d->communication_id));
	json_object_set_new(o, "communication_title",
	    cli_json_str(d->communication_title));
	json_object_set_new(o, "clock", cli_json_str(d->clock_id));
	json_object_set_new(o, "title", cli_json_str(d->title));
	json_object_set_new(o, "regime", cli_json_str(d->regime));
	json_object_set_new(o, "basis", cli_json_str(d->basis));
	json_object_set_new(o, "due_at", d->due_at[0] != '\0' ?
	    json_string(d->due_at) : json_null());
	json_object_set_new(o, "stopped_at", d->stopped_at[0] != '\0' ?
	    json_string(d->stopped_at) : json_null());
	json_object_set_new(o, "state", json_string(d->due_at[0] == '\0' ?
	    "waiting" : d->stopped_at[0] != '\0' ? "stopped" : "running"));
	json_object_set_new(o, "overdue",
	    json_boolean(deadline_is_overdue(d, now)));
	json_object_set_new(o, "recurring", json_boolean(d->is_recurring));
	json_object_set_new(o, "contract", json_boolean(d->is_contract));
	json_object_set_new(o, "left", json_string(deadline_left(d, now, left,
	    sizeof left)));
	return o;
}

void
cli_print_deadlines(const struct rowlist *l, bool with_incident)
{
	const struct deadline *d;
	time_t now = clock_now();
	char due[64], left[64], title[512];
	size_t k, w = cli_col_width(l, offsetof(struct deadline, clock_id),
	    "CLOCK");
	size_t wi = cli_col_width(l, offsetof(struct deadline, incident_ref),
	    "INCIDENT");

	if (with_incident)
		printf("%-*s  ", (int)wi, "INCIDENT");
	printf("%-*s  %-16s  %-24s  %s\n", (int)w, "CLOCK", "DUE", "LEFT",
	    "COMMUNICATION");
	for (k = 0; k < l->count; k++) {
		d = rowlist_at(l, k);
		if (with_incident)
			printf("%-*s  ", (int)wi, d->incident_ref != NULL ?
			    d->incident_ref : "-");
		printf("%-*s  %-16s  %-24s  #%lld %s\n", (int)w, d->clock_id,
		    cli_local_time(d->due_at, false, due, sizeof due),
		    deadline_left(d, now, left, sizeof left),
		    d->communication_id, cli_clean(d->communication_title,
		    title, sizeof title));
		printf("%*s  %s\n", (int)(w + (with_incident ? wi + 2 : 0)), "",
		    cli_clean(d->basis, title, sizeof title));
	}
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* TEXT's lines, each cleaned and indented under its cycle. */
static void
print_lines(const char *text, char *buf, size_t n)
{
	const char *p, *nl;
	char line[600];

	for (p = text; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		snprintf(line, sizeof line, "%.*s", nl != NULL ? (int)(nl - p) :
		    (int)strlen(p), p);
		printf("    %s\n", cli_clean(line, buf, n));
	}
}

static void
print_eol(const struct due_report *r)
{
	const struct due_eol *e;
	char when[32], raw[256], name[256], t[64], msg[600];
	size_t k;

	if (r->eol.count == 0)
		return;
	printf("End of life (%zu %s):\n", r->eol.count,
	    plural(r->eol.count, "cycle", "cycles"));
	for (k = 0; k < r->eol.count; k++) {
		e = rowlist_at(&r->eol, k);
		snprintf(raw, sizeof raw, "%s %s", e->product_name != NULL ?
		    e->product_name : "?", e->cycle);
		cli_clean(raw, name, sizeof name);
		due_days_words(e->days_left, when, sizeof when);
		printf("  %s: EOL %s (%s)%s, %zu %s known to run it\n", name,
		    e->eol, when, e->is_overdue ? ", OVERDUE: no notice sent" :
		    "", e->n_customers, plural(e->n_customers, "customer",
		    "customers"));
		if (e->is_started && e->notice_id != 0)
			printf("    started eol-notice #%lld for %s (EOL %s, %s)\n",
			    e->notice_id, name, e->eol, when);
		else if (e->is_started)
			printf("    would start an eol-notice for %s (EOL %s, %s)\n",
			    name, e->eol, when);
		else if (e->notice_id != 0)
			printf("    notice #%lld: %s%s%s\n", e->notice_id,
			    e->notice_state, e->started_at[0] != '\0' ?
			    ", started by herald check " : "",
			    e->started_at[0] != '\0' ? cli_local_time(e->started_at,
			    false, t, sizeof t) : "");
		else if (e->started_at[0] != '\0')
			printf("    no notice under way (herald check started one "
			    "on %s)\n", cli_local_time(e->started_at, false, t,
			    sizeof t));
		if (e->n_tickets > 0)
			printf("    %s %zu %s\n", r->is_dry_run ? "would queue" :
			    "queued", e->n_tickets, plural(e->n_tickets, "ticket",
			    "tickets"));
		if (e->n_alerts > 0)
			printf("    %s the owners through %s (%zu %s)\n",
			    r->is_dry_run ? "would alert" : "alerted", e->alert_channel,
			    e->n_alerts, plural(e->n_alerts, "message", "messages"));
		else if (e->alerted_at[0] != '\0')
			printf("    owners alerted %s\n", cli_local_time(e->alerted_at,
			    false, t, sizeof t));
		if (e->note[0] != '\0')
			print_lines(e->note, msg, sizeof msg);
		if (e->error != ST_OK)
			printf("    failed, nothing done: %s\n", cli_clean(e->error_msg,
			    msg, sizeof msg));
	}
}

static void
print_clocks(const struct due_report *r)
{
	time_t now = clock_now();
	size_t k, over = 0;

	if (r->clocks.count == 0) {
		printf("No clocks running.\n");
		return;
	}
	for (k = 0; k < r->clocks.count; k++)
		over += deadline_is_overdue(rowlist_at(&r->clocks, k), now);
	printf("Clocks: %zu running, %zu overdue, %zu due within %d h:\n",
	    r->clocks.count, over, r->n_near, r->near_hours);
	cli_print_deadlines(&r->clocks, true);
}

static void
print_sectxt(const struct due_report *r)
{
	const struct due_sectxt *t;
	char when[32], path[1024], msg[300];
	size_t k;

	for (k = 0; k < r->sectxt.count; k++) {
		t = rowlist_at(&r->sectxt, k);
		if (t->path != NULL)
			cli_clean(t->path, path, sizeof path);
		due_days_words(t->days_left, when, sizeof when);
		switch (t->state) {
		case DUE_SECTXT_OK:
			printf("security.txt: %s expires %.10s (%s)\n", path,
			    t->expires, when);
			break;
		case DUE_SECTXT_EXPIRING:
			printf("security.txt: %s expires %.10s (%s): export it "
			    "again\n", path, t->expires, when);
			break;
		case DUE_SECTXT_EXPIRED:
			printf("security.txt: %s EXPIRED %.10s (%s): export it "
			    "again\n", path, t->expires, when);
			break;
		case DUE_SECTXT_INVALID:
			printf("security.txt: %s: %s\n", path, cli_clean(t->detail,
			    msg, sizeof msg));
			break;
		case DUE_SECTXT_MISSING:
			printf("security.txt: none found, although security.contact "
			    "is set: export it (herald export security-txt) and "
			    "name the published file (herald settings set "
			    "check.security-txt PATH) or add a directory channel\n");
			break;
		}
	}
}

static void
print_failures(const struct due_report *r)
{
	const struct due_failure *d;
	char err[2100], name[200], title[600] = "";
	size_t k;

	if (r->failures.count == 0)
		return;
	printf("Delivery failures (%zu):\n", r->failures.count);
	for (k = 0; k < r->failures.count; k++) {
		d = rowlist_at(&r->failures, k);
		if (d->f.communication_id != 0)
			snprintf(title, sizeof title, " of communication #%lld",
			    d->f.communication_id);
		else
			title[0] = '\0';
		printf("  message #%lld (%s%s) through %s failed after %d "
		    "%s: %s\n", d->f.id, d->f.purpose != NULL ? d->f.purpose :
		    "-", title, cli_clean(d->f.channel_name, name, sizeof name),
		    d->f.attempts, plural((size_t)d->f.attempts, "attempt",
		    "attempts"), cli_clean(d->f.last_error != NULL ?
		    d->f.last_error : "-", err, sizeof err));
		if (d->n_tickets > 0)
			printf("    %s %zu %s\n", r->is_dry_run ? "would queue" :
			    "queued", d->n_tickets, plural(d->n_tickets, "ticket",
			    "tickets"));
		else if (d->n_ticketed > 0)
			printf("    %zu %s filed before\n", d->n_ticketed,
			    plural(d->n_ticketed, "ticket", "tickets"));
		if (d->error != ST_OK)
			printf("    failed, nothing done: %s\n", cli_clean(d->error_msg,
			    err, sizeof err));
	}
}

static void
print_report(const struct due_report *r)
{
	print_eol(r);
	print_clocks(r);
	print_sectxt(r);
	print_failures(r);
	if (r->n_overdue == 0)
		printf("Nothing overdue.");
	else
		printf("Overdue: %zu.", r->n_overdue);
	if (r->n_started + r->n_tickets + r->n_alerts > 0)
		printf(" %s %zu %s, %s %zu %s and %zu alert %s.",
		    r->is_dry_run ? "Would start" : "Started", r->n_started,
		    plural(r->n_started, "notice", "notices"),
		    r->is_dry_run ? "queue" : "queued", r->n_tickets,
		    plural(r->n_tickets, "ticket", "tickets"), r->n_alerts,
		    plural(r->n_alerts, "message", "messages"));
	else if (r->is_dry_run)
		printf(" Nothing would be done.");
	printf("\n");
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? cli_json_str(s) : json_null();
}

static json_t *
eol_json(const struct due_eol *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "product", cli_json_str(e->product_slug));
	json_object_set_new(o, "product_name", cli_json_str(e->product_name));
	json_object_set_new(o, "cycle", cli_json_str(e->cycle));
	json_object_set_new(o, "cycle_id", json_integer(e->cycle_id));
	json_object_set_new(o, "eol", json_string(e->eol));
	json_object_set_new(o, "days_left", json_integer(e->days_left));
	json_object_set_new(o, "overdue", json_boolean(e->is_overdue));
	json_object_set_new(o, "customers", json_integer((json_int_t)
	    e->n_customers));
	json_object_set_new(o, "notice", e->notice_id != 0 ?
	    json_pack("{s:I, s:s}", "id", (json_int_t)e->notice_id, "state",
	    e->notice_state) : json_null());
	json_object_set_new(o, "started", json_boolean(e->is_started));
	json_object_set_new(o, "started_at", str_or_null(e->started_at));
	json_object_set_new(o, "tickets_queued", json_integer((json_int_t)
	    e->n_tickets));
	json_object_set_new(o, "alert", e->n_alerts > 0 ?
	    json_pack("{s:s, s:I}", "channel", e->alert_channel, "messages",
	    (json_int_t)e->n_alerts) : json_null());
	json_object_set_new(o, "alerted_at", str_or_null(e->alerted_at));
	json_object_set_new(o, "note", str_or_null(e->note));
	json_object_set_new(o, "error", e->error != ST_OK ?
	    cli_json_str(e->error_msg) : json_null());
	return o;
}

static json_t *
sectxt_json(const struct due_sectxt *t)
{
	json_t *o = json_object();
	bool known = t->expires[0] != '\0';

	json_object_set_new(o, "state", json_string(due_sectxt_state_name(
	    t->state)));
	json_object_set_new(o, "path", str_or_null(t->path));
	json_object_set_new(o, "expires", known ? json_string(t->expires) :
	    json_null());
	json_object_set_new(o, "days_left", known ? json_integer(t->days_left) :
	    json_null());
	json_object_set_new(o, "detail", str_or_null(t->detail));
	return o;
}

static json_t *
failure_json(const struct due_failure *d)
{
	json_t *o = json_object();

	json_object_set_new(o, "outbox", json_integer(d->f.id));
	json_object_set_new(o, "channel", cli_json_str(d->f.channel_name));
	json_object_set_new(o, "channel_kind", cli_json_str(d->f.channel_kind));
	json_object_set_new(o, "communication", d->f.communication_id != 0 ?
	    json_integer(d->f.communication_id) : json_null());
	json_object_set_new(o, "communication_title",
	    cli_json_str(d->f.communication_title));
	json_object_set_new(o, "purpose", cli_json_str(d->f.purpose));
	json_object_set_new(o, "attempts", json_integer(d->f.attempts));
	json_object_set_new(o, "last_error", cli_json_str(d->f.last_error));
	json_object_set_new(o, "failed_at", cli_json_str(d->f.failed_at));
	json_object_set_new(o, "tickets_queued", json_integer((json_int_t)
	    d->n_tickets));
	json_object_set_new(o, "tickets", json_integer((json_int_t)
	    d->n_ticketed));
	json_object_set_new(o, "error", d->error != ST_OK ?
	    cli_json_str(d->error_msg) : json_null());
	return o;
}

static json_t *
report_json(const struct due_report *r)
{
	json_t *o = json_object(), *a;
	json_t *c;
	time_t now = clock_now();
	size_t k;

	json_object_set_new(o, "now", json_string(r->now));
	json_object_set_new(o, "dry_run", json_boolean(r->is_dry_run));
	json_object_set_new(o, "actor", json_string(r->actor));
	json_object_set_new(o, "near_hours", json_integer(r->near_hours));
	json_object_set_new(o, "overdue", json_integer((json_int_t)
	    r->n_overdue));
	json_object_set_new(o, "errors", json_integer((json_int_t)
	    r->n_errors));
	json_object_set_new(o, "notices_started", json_integer((json_int_t)
	    r->n_started));
	json_object_set_new(o, "tickets_queued", json_integer((json_int_t)
	    r->n_tickets));
	json_object_set_new(o, "alerts_queued", json_integer((json_int_t)
	    r->n_alerts));
	a = json_array();
	for (k = 0; k < r->eol.count; k++)
		json_array_append_new(a, eol_json(rowlist_at(&r->eol, k)));
	json_object_set_new(o, "eol", a);
	a = json_array();
	for (k = 0; k < r->clocks.count; k++) {
		c = cli_deadline_json(rowlist_at(&r->clocks, k));
		json_object_set_new(c, "near", json_boolean(due_clock_is_near(
		    rowlist_at(&r->clocks, k), now, r->near_hours)));
		json_array_append_new(a, c);
	}
	json_object_set_new(o, "clocks", a);
	a = json_array();
	for (k = 0; k < r->sectxt.count; k++)
		json_array_append_new(a, sectxt_json(rowlist_at(&r->sectxt, k)));
	json_object_set_new(o, "security_txt", a);
	a = json_array();
	for (k = 0; k < r->failures.count; k++)
		json_array_append_new(a, failure_json(rowlist_at(&r->failures,
		    k)));
	json_object_set_new(o, "failures", a);
	return o;
}

/* Each action that failed, on stderr, for cron's mail. */
static void
print_errors(const struct due_report *r)
{
	const struct due_eol *e;
	const struct due_failure *d;
	char msg[600];
	size_t k;

	for (k = 0; k < r->eol.count; k++)
		if ((e = rowlist_at(&r->eol, k))->error != ST_OK)
			fprintf(stderr, "herald: check: %s %s: %s\n",
			    e->product_slug != NULL ? e->product_slug : "?",
			    e->cycle, cli_clean(e->error_msg, msg, sizeof msg));
	for (k = 0; k < r->failures.count; k++)
		if ((d = rowlist_at(&r->failures, k))->error != ST_OK)
			fprintf(stderr, "herald: check: message #%lld: %s\n",
			    d->f.id, cli_clean(d->error_msg, msg, sizeof msg));
}

int
cmd_check(struct cli *c, int argc, char **argv)
{
	bool is_json = false;
	long near = DUE_NEAR_HOURS_DEFAULT;
	struct due_opts o = { 0 };
	const struct cli_opt opts[] = {
		{ "json", .flag = &is_json },
		{ "dry-run", .flag = &o.is_dry_run },
		{ "near", .num = &near, .min = 1, .max = DUE_NEAR_HOURS_MAX },
		{ .name = NULL },
	};
	struct due_report r = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (optind < argc)
		return cli_usage_error(usage, "check takes no arguments (got %s)",
		    argv[optind]);
	o.near_hours = (int)near;
	/* A dry run writes nothing, so reading is enough. */
	if (cli_open(c, o.is_dry_run ? DB_READ : DB_WRITE, &s, &err) != ST_OK ||
	    due_run(s, &o, &r, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (is_json)
		rc = cli_json_print(report_json(&r));
	else
		print_report(&r);
	print_errors(&r);
	if (rc == 0 && r.first_error != ST_OK)
		rc = status_exit_code(r.first_error);
	else if (rc == 0 && r.n_overdue > 0)
		rc = CHECK_EXIT_OVERDUE;
done:
	due_report_clear(&r);
	session_close(&s);
	return rc;
}
