/* cli/cmd_check.c - herald check: the clocks that are running, for cron;
 * and how a clock is printed wherever the command line shows one. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/deadline.h"

/* The exit code when a clock is overdue: apart from every error's. */
#define CHECK_EXIT_OVERDUE 12

static const char usage[] =
"usage: herald check [--json]\n"
"\n"
"List the clocks that are running, soonest first: the deadlines of every\n"
"communication about an open incident, from its playbook, the regulatory\n"
"regimes the playbook names and customers' contracts. Prints \"No clocks\n"
"running.\" when there are none.\n"
"\n"
"  --json      JSON instead of text\n"
"  -h, --help  show this help\n"
"\n"
"Exit status: 0 when nothing is overdue, 12 when a clock is overdue, and\n"
"the codes of herald(1) on errors. Times are shown in local time (TZ).\n";

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

int
cmd_check(struct cli *c, int argc, char **argv)
{
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct rowlist l = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	time_t now = clock_now();
	size_t k;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (optind < argc)
		return cli_usage_error(usage, "check takes no arguments (got %s)",
		    argv[optind]);
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    deadline_running(s, 0, &l, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (is_json)
		rc = cli_json_print_rows(&l, cli_deadline_json);
	else if (l.count == 0)
		printf("No clocks running.\n");
	else
		cli_print_deadlines(&l, true);
	for (k = 0; rc == 0 && k < l.count; k++)
		if (deadline_is_overdue(rowlist_at(&l, k), now))
			rc = CHECK_EXIT_OVERDUE;
done:
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	session_close(&s);
	return rc;
}
