/* cli/cmd_report.c - herald report: vulnerability reports received from
 * researchers, each step recorded, against the times the disclosure
 * policy promises. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/compliance.h"
#include "core/drill.h"
#include "core/incident.h"

static const char usage[] =
"usage: herald report receive --summary TEXT [--reporter WHO]\n"
"                             [--received-at TIME]\n"
"       herald report acknowledge ID [--at TIME]\n"
"       herald report triage ID [--at TIME]\n"
"       herald report fix ID [--at TIME]\n"
"       herald report link ID INCIDENT|-\n"
"       herald report list [--json]\n"
"       herald report show ID [--json]\n"
"\n"
"A vulnerability report is what a researcher sends in. Record when it\n"
"arrived, then when it was acknowledged, triaged and fixed, in that\n"
"order, each once and never before the step before it. The disclosure\n"
"policy promises times for acknowledging and triaging (the clocks\n"
"acknowledge and triage of the vulnerability-report playbook, from the\n"
"report's receipt); list and show give each report's clocks: met or late\n"
"once the step is recorded, running or overdue while it is not. link\n"
"ties a report to an incident (by reference or id; - unties it). An\n"
"incident under embargo you may not see is not shown as a report's, and\n"
"only those who may see it change that link.\n"
"TIME is RFC 3339 (2026-03-01T12:00:00Z, ...+01:00) or a date, never\n"
"in the future; the default is now. Recording needs the author or admin\n"
"role and is audited (the reporter is kept out of the audit chain).\n"
"\n"
"  --summary TEXT       (receive) what the report says\n"
"  --reporter WHO       (receive) who sent it: a name or an address\n"
"  --received-at TIME   (receive) when it arrived\n"
"  --at TIME            when the step was done\n"
"  --json               (list, show) JSON instead of text\n"
"  -h, --help           show this help\n"
"\n"
"Exit status: 0 done; 2 bad arguments; 3 a bad TIME (unreadable, in the\n"
"future, or before the step before it), an empty summary, or a step\n"
"whose step before has not been recorded; 4 no such report or incident;\n"
"5 the step was recorded already; 6 not an author or an admin, or (link)\n"
"the report is tied to, or INCIDENT is, an incident under embargo you may\n"
"not see.\n";

/* Parse report ID S into *ID, with a message naming it. */
static enum status
report_id(const char *s, long long *id, struct err *err)
{
	long v;
	enum status st;

	if ((st = cli_parse_long("report", s, 1, LONG_MAX, &v, err)) != ST_OK)
		return st;
	*id = v;
	return ST_OK;
}

static int
report_receive_cmd(struct cli *c, int argc, char **argv)
{
	const char *summary = NULL, *reporter = NULL, *received = NULL;
	const struct cli_opt opts[] = {
		{ "summary", .str = &summary },
		{ "reporter", .str = &reporter },
		{ "received-at", .str = &received },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct err err = { 0 };
	long long id;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "report receive takes no operands: give --summary TEXT"))
		return rc;
	if (summary == NULL)
		return cli_usage_error(usage, "report receive needs --summary");
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    report_receive(s, reporter, summary, received, &id, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("Received report %lld\n", id);
	session_close(&s);
	return rc;
}

/* acknowledge / triage / fix ID [--at TIME]. */
static int
report_step_cmd(struct cli *c, int argc, char **argv)
{
	const char *at = NULL;
	const struct cli_opt opts[] = {
		{ "at", .str = &at },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct err err = { 0 };
	long long id = 0;
	enum status st;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "report %s takes one report ID", argv[0]))
		return rc;
	if ((st = report_id(argv[optind], &id, &err)) == ST_OK &&
	    (st = cli_open(c, DB_WRITE, &s, &err)) == ST_OK)
		st = strcmp(argv[0], "acknowledge") == 0 ?
		    report_acknowledge(s, id, at, &err) :
		    strcmp(argv[0], "triage") == 0 ?
		    report_triage(s, id, at, &err) : report_fix(s, id, at, &err);
	if (st != ST_OK)
		rc = cli_fail(&err);
	else
		printf("Report %lld %s\n", id, strcmp(argv[0], "acknowledge") ==
		    0 ? "acknowledged" : strcmp(argv[0], "triage") == 0 ?
		    "triaged" : "fixed");
	session_close(&s);
	return rc;
}

/* link ID INCIDENT|-. */
static int
report_link_cmd(struct cli *c, int argc, char **argv)
{
	struct incident inc = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	bool is_unlink;
	long long id = 0;
	enum status st;
	char ref[128];
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 2, &rc,
	    "report link takes a report ID and an INCIDENT (or -)"))
		return rc;
	is_unlink = strcmp(argv[optind + 1], "-") == 0;
	if ((st = report_id(argv[optind], &id, &err)) == ST_OK &&
	    (st = cli_open(c, DB_WRITE, &s, &err)) == ST_OK && !is_unlink)
		st = incident_open(s, argv[optind + 1], "link", &inc, &err);
	if (st == ST_OK)
		st = report_link_incident(s, id, inc.id, &err);
	if (st != ST_OK)
		rc = cli_fail(&err);
	else if (is_unlink)
		printf("Report %lld is tied to no incident\n", id);
	else
		printf("Report %lld is tied to %s\n", id, cli_clean(inc.ref, ref,
		    sizeof ref));
	incident_clear(&inc);
	session_close(&s);
	return rc;
}

/* ---- list and show ----------------------------------------------------- */

/* A report as list and show print it: with its clocks and the reference
 * of its incident, when the reader may see it (one under embargo that
 * the reader may not see is not hinted at: need to know). */
struct report_view {
	struct report                  r;
	struct compliance_report_clock clocks[COMPLIANCE_REPORT_CLOCKS];
	char                          *incident;   /* ref, or NULL */
};

static void
view_clear(struct report_view *v)
{
	report_clear(&v->r);
	free(v->incident);
	memset(v, 0, sizeof *v);
}

/* Fill V from report R (moved into it): its clocks (none when the
 * playbook cannot be read: CLOCK_ERR says why) and its incident. */
static void
view_fill(struct session *s, struct report_view *v, struct report *r,
    time_t now, struct err *clock_err)
{
	struct incident inc = { 0 };
	size_t k;

	v->r = *r;
	memset(r, 0, sizeof *r);
	if (compliance_report_clocks(&v->r, 1, now, v->clocks, clock_err) !=
	    ST_OK)
		for (k = 0; k < COMPLIANCE_REPORT_CLOCKS; k++) {
			memset(&v->clocks[k], 0, sizeof v->clocks[k]);
			v->clocks[k].id = k == 0 ? "acknowledge" : "triage";
			v->clocks[k].status = CS_NO_DATA;
		}
	if (v->r.incident_id == 0)
		return;
	if (incident_get_listed(s, v->r.incident_id, &inc, NULL) == ST_OK) {
		v->incident = inc.ref;
		inc.ref = NULL;
	}
	incident_clear(&inc);
}

/* How clock C stands, in a word: met or late once stopped; running, due
 * soon or overdue while not; "-" when nothing is promised. IS_JSON gives
 * the word as JSON writes it. */
static const char *
clock_word(const struct compliance_report_clock *c, bool is_json)
{
	if (!c->is_promised)
		return is_json ? "not-promised" : "-";
	if (c->stopped != NULL)
		return c->status == CS_MET ? "met" : "late";
	return c->status == CS_NOT_MET ? "overdue" : c->status == CS_AT_RISK ?
	    (is_json ? "due-soon" : "due soon") : "running";
}

static json_t *
view_json(const struct report_view *v)
{
	const struct compliance_report_clock *c;
	json_t *o = json_object(), *a = json_array();
	size_t k;

	json_object_set_new(o, "id", json_integer(v->r.id));
	json_object_set_new(o, "received_at", cli_json_str(v->r.received_at));
	json_object_set_new(o, "reporter", cli_json_str(v->r.reporter));
	json_object_set_new(o, "summary", cli_json_str(v->r.summary));
	json_object_set_new(o, "acknowledged_at",
	    cli_json_str(v->r.acknowledged_at));
	json_object_set_new(o, "triaged_at", cli_json_str(v->r.triaged_at));
	json_object_set_new(o, "fixed_at", cli_json_str(v->r.fixed_at));
	json_object_set_new(o, "incident", cli_json_str(v->incident));
	for (k = 0; k < COMPLIANCE_REPORT_CLOCKS; k++) {
		c = &v->clocks[k];
		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o, s:s}",
		    "clock", c->id, "promised", c->is_promised ?
		    json_string(c->span) : json_null(), "due_at", c->is_promised ?
		    json_string(c->due) : json_null(), "done_at",
		    cli_json_str(c->stopped), "status", clock_word(c, true)));
	}
	json_object_set_new(o, "clocks", a);
	return o;
}

/* The incident column: its reference, or "-". */
static const char *
incident_cell(const struct report_view *v, char *buf, size_t n)
{
	if (v->incident == NULL)
		return "-";
	return cli_clean(v->incident, buf, n);
}

/* A clock as a list cell: "met", "late", "overdue" or "due TIME". */
static const char *
clock_cell(const struct compliance_report_clock *c, char *buf, size_t n)
{
	char t[40];

	if (c->is_promised && c->stopped == NULL && c->status != CS_NOT_MET) {
		snprintf(buf, n, "due %s", cli_local_time(c->due, false, t,
		    sizeof t));
		return buf;
	}
	return clock_word(c, false);
}

static void
print_list(const struct report_view *views, size_t n)
{
	char recv[40], ack[64], tri[64], ref[64], sum[256];
	const struct report_view *v;
	size_t i;

	printf("%-5s  %-16s  %-20s  %-20s  %-14s  %s\n", "ID", "RECEIVED",
	    "ACKNOWLEDGE", "TRIAGE", "INCIDENT", "SUMMARY");
	for (i = 0; i < n; i++) {
		v = &views[i];
		snprintf(sum, sizeof sum, "%.*s", (int)strcspn(v->r.summary,
		    "\r\n"), v->r.summary);
		if (strlen(sum) > 40)
			strcpy(sum + 37, "...");
		printf("%-5lld  %-16s  %-20s  %-20s  %-14s  ", v->r.id,
		    cli_local_time(v->r.received_at, false, recv, sizeof recv),
		    clock_cell(&v->clocks[0], ack, sizeof ack),
		    clock_cell(&v->clocks[1], tri, sizeof tri),
		    incident_cell(v, ref, sizeof ref));
		cli_put(sum);
		printf("\n");
	}
}

static void
print_show(const struct report_view *v)
{
	static const char *const steps[] = { "Acknowledged:", "Triaged:" };
	const struct compliance_report_clock *c;
	char t[40], ref[64];
	size_t k;

	printf("Report:       %lld\nReceived:     %s\nReporter:     ", v->r.id,
	    cli_local_time(v->r.received_at, true, t, sizeof t));
	cli_put(v->r.reporter);
	printf("\nIncident:     %s\n", incident_cell(v, ref, sizeof ref));
	for (k = 0; k < COMPLIANCE_REPORT_CLOCKS; k++) {
		c = &v->clocks[k];
		printf("%-13s %s", steps[k], cli_local_time(c->stopped, true, t,
		    sizeof t));
		if (c->is_promised)
			printf("  (%s: %s, due %s, promised within %s)", c->id,
			    clock_word(c, false), cli_local_time(c->due, true, t,
			    sizeof t), c->span);
		printf("\n");
	}
	printf("Fixed:        %s\nSummary:\n", cli_local_time(v->r.fixed_at,
	    true, t, sizeof t));
	cli_put_indented(v->r.summary, 2);
}

static int
report_list_cmd(struct cli *c, int argc, char **argv)
{
	struct report_view *views = NULL;
	struct rowlist l = { 0 };
	struct session *s = NULL;
	struct err err = { 0 }, clock_err = { 0 };
	bool is_json = false;
	json_t *a;
	size_t i;
	int rc = 0;

	if (!cli_parse_json(argc, argv, usage, &is_json, 0, &rc,
	    "report list takes no arguments"))
		return rc;
	rowlist_init(&l, sizeof(struct report));
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    report_list(s, 0, 0, &l, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if ((views = calloc(l.count + 1, sizeof *views)) == NULL)
		abort();
	for (i = 0; i < l.count; i++)
		view_fill(s, &views[i], rowlist_at(&l, i), clock_now(),
		    &clock_err);
	if (clock_err.msg[0] != '\0')
		fprintf(stderr, "herald: no clocks shown: %s\n", clock_err.msg);
	if (is_json) {
		a = json_array();
		for (i = 0; i < l.count; i++)
			json_array_append_new(a, view_json(&views[i]));
		rc = cli_json_print(a);
	} else if (l.count == 0)
		puts("No reports. Record one with: herald report receive "
		    "--summary TEXT");
	else
		print_list(views, l.count);
end:
	for (i = 0; views != NULL && i < l.count; i++)
		view_clear(&views[i]);
	free(views);
	rowlist_free(&l, (row_clear_fn)report_clear);
	session_close(&s);
	return rc;
}

static int
report_show_cmd(struct cli *c, int argc, char **argv)
{
	struct report_view v = { 0 };
	struct report r = { 0 };
	struct session *s = NULL;
	struct err err = { 0 }, clock_err = { 0 };
	bool is_json = false;
	long long id = 0;
	int rc = 0;

	if (!cli_parse_json(argc, argv, usage, &is_json, 1, &rc,
	    "report show takes one report ID"))
		return rc;
	if (report_id(argv[optind], &id, &err) != ST_OK ||
	    cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    report_get(s, id, &r, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	view_fill(s, &v, &r, clock_now(), &clock_err);
	if (clock_err.msg[0] != '\0')
		fprintf(stderr, "herald: no clocks shown: %s\n", clock_err.msg);
	if (is_json)
		rc = cli_json_print(view_json(&v));
	else
		print_show(&v);
end:
	view_clear(&v);
	report_clear(&r);
	session_close(&s);
	return rc;
}

int
cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "receive", report_receive_cmd },
		{ "acknowledge", report_step_cmd },
		{ "triage", report_step_cmd },
		{ "fix", report_step_cmd },
		{ "link", report_link_cmd },
		{ "list", report_list_cmd },
		{ "show", report_show_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}
