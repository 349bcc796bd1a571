/* cli/cmd_drill.c - herald drill: run the breach-notification procedure as
 * a drill, from its start to the findings, with its clocks' results. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/channel.h"
#include "core/communication.h"
#include "core/drill.h"
#include "core/incident.h"
#include "core/user.h"
#include "util/xalloc.h"

static const char usage[] =
"usage: herald drill start [--playbook NAME] [--list LIST] [--channel NAME]\n"
"                  [--json]\n"
"       herald drill finish ID (--findings TEXT | --findings-file FILE)\n"
"       herald drill list [--json]\n"
"       herald drill show ID [--json]\n"
"\n"
"A drill runs the breach-notification procedure as if for real: start\n"
"opens a drill incident (a data breach of high severity, aware now) and\n"
"starts every communication of the playbook, to be walked, approved and\n"
"published as for a real breach. Everything it renders is marked DRILL\n"
"(a first line \"DRILL: an exercise of the breach-notification procedure,\n"
"not a real incident.\", e-mail subjects starting \"[DRILL] \"), and its\n"
"messages go only to the confirmed subscribers of the test list, by\n"
"e-mail, and to the test channel: never to a channel's own lists, the\n"
"recipients a communication names, customers, GitHub, tickets or the\n"
"site. Drills are left out of every export. finish records what was\n"
"learnt, times every clock of the drill's communications against its\n"
"due time (met, missed or not reached) and closes the drill incident.\n"
"Authors and admins start and finish drills; anyone may list them.\n"
"\n"
"  start      start a drill; prints its id, the incident, the\n"
"             communications started and what to do next\n"
"  finish     finish drill ID with the findings (required)\n"
"  list       the drills, most recently started first\n"
"  show       drill ID: when, where its messages went, each clock's\n"
"             result and the findings\n"
"\n"
"  --playbook NAME      the playbook to drill (default: the setting\n"
"                       breach.playbook, breach-notification)\n"
"  --list LIST          the test list, of kind drill (default: the setting\n"
"                       drill.list, drill:*)\n"
"  --channel NAME       a webhook or e-mail channel for the drill's\n"
"                       messages (default: the setting drill.channel)\n"
"  --findings TEXT      what worked and what did not\n"
"  --findings-file FILE the findings from FILE (- for standard input)\n"
"  --json               JSON instead of text\n"
"  -h, --help           show this help\n"
"\n"
"Exit status: 0 done; 2 bad arguments; 3 a bad value (a list not of kind\n"
"drill, a channel of another kind, findings missing or too long); 4 no\n"
"such drill, playbook, channel or database; 5 the drill was finished\n"
"already; 6 not an author or an admin; 10 FILE cannot be read. Times are\n"
"shown in local time (TZ).\n";

/* Parse drill ID S into *ID. */
static enum status
drill_id(const char *s, long long *id, struct err *err)
{
	long n;

	if (cli_parse_long("ID", s, 1, 2147483647L, &n, err) != ST_OK)
		return err_set(err, ST_INVALID, "drill %s: an id is a whole "
		    "number from 1 (see herald drill list)", s);
	*id = n;
	return ST_OK;
}

/* The reference of incident ID as a list shows it, into BUF; "-". */
static const char *
incident_ref(struct session *s, long long id, char *buf, size_t n)
{
	struct incident inc = { 0 };

	snprintf(buf, n, "-");
	if (id != 0 && incident_get_listed(s, id, &inc, NULL) == ST_OK)
		snprintf(buf, n, "%s", inc.ref);
	incident_clear(&inc);
	return buf;
}

/* The name of channel ID into BUF; "-" for none. */
static const char *
channel_name(struct session *s, long long id, char *buf, size_t n)
{
	struct channel ch = { 0 };

	snprintf(buf, n, id != 0 ? "#%lld" : "-", id);
	if (id != 0 && channel_get(s, id, &ch, NULL) == ST_OK)
		snprintf(buf, n, "%s", ch.name);
	channel_clear(&ch);
	return buf;
}

/* ---- start ---- */

static json_t *
comm_json(const struct communication *cm)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)cm->id,
	    "kind", cli_json_str(cm->kind), "variant", cli_json_str(cm->variant),
	    "audience", cli_json_str(cm->audience), "title",
	    cli_json_str(cm->title));
}

static int
print_started(struct session *s, long long id, bool is_json,
    struct err *err)
{
	struct drill d = { 0 };
	struct incident inc = { 0 };
	struct rowlist comms;
	const struct communication *cm;
	char chan[80], buf[1024];
	json_t *o, *arr;
	size_t i;
	int rc = 0;

	rowlist_init(&comms, sizeof(struct communication));
	if (drill_get(s, id, &d, err) != ST_OK ||
	    incident_get_listed(s, d.incident_id, &inc, err) != ST_OK ||
	    communication_list_for_incident(s, d.incident_id, &comms, err) !=
	    ST_OK) {
		rc = cli_fail(err);
		goto end;
	}
	channel_name(s, d.test_channel_id, chan, sizeof chan);
	if (is_json) {
		arr = json_array();
		for (i = 0; i < comms.count; i++)
			json_array_append_new(arr, comm_json(rowlist_at(&comms,
			    i)));
		o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
		    (json_int_t)d.id, "incident", cli_json_str(inc.ref), "title",
		    cli_json_str(inc.title), "playbook", cli_json_str(d.playbook),
		    "list", cli_json_str(d.test_list), "channel", d.test_channel_id
		    != 0 ? cli_json_str(chan) : json_null(), "communications",
		    arr);
		rc = cli_json_print(o);
		goto end;
	}
	printf("Drill %lld started: %s %s\n", d.id, inc.ref,
	    cli_clean(inc.title, buf, sizeof buf));
	printf("Messages go only to the confirmed subscribers of %s",
	    cli_clean(d.test_list, buf, sizeof buf));
	if (d.test_channel_id != 0)
		printf(" and to the channel %s", chan);
	printf(".\nCommunications started:\n");
	for (i = 0; i < comms.count; i++) {
		cm = rowlist_at(&comms, i);
		printf("  %lld  %s%s%s  %s\n", cm->id, cm->kind,
		    *cm->variant != '\0' ? " " : "", cm->variant,
		    cli_clean(cm->title, buf, sizeof buf));
	}
	printf("Next: walk each one as for a real breach (herald comm show ID,\n"
	    "herald comm set ID FIELD VALUE, herald comm done ID STEP), send it\n"
	    "for review (herald comm submit ID), have it approved and publish\n"
	    "it (herald comm publish ID); then record what was learnt:\n"
	    "herald drill finish %lld --findings TEXT\n", d.id);
end:
	rowlist_free(&comms, (row_clear_fn)communication_clear);
	incident_clear(&inc);
	drill_clear(&d);
	return rc;
}

static int
drill_start_cmd(struct cli *c, int argc, char **argv)
{
	const char *playbook = NULL, *list = NULL, *channel = NULL;
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "playbook", .str = &playbook },
		{ "list", .str = &list },
		{ "channel", .str = &channel },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct err err = { 0 };
	long long id = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "drill start takes no operands"))
		return rc;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    drill_start(s, playbook, list, channel, &id, NULL, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		rc = print_started(s, id, is_json, &err);
	session_close(&s);
	return rc;
}

/* ---- the results, for finish and show ---- */

static json_t *
clock_json(const struct drill_clock *k)
{
	json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
	    "communication_id", (json_int_t)k->communication_id, "communication",
	    cli_json_str(k->communication), "clock", cli_json_str(k->clock),
	    "title", cli_json_str(k->title), "regime", cli_json_str(k->regime),
	    "due_at", cli_json_str(k->due_at), "stopped_at",
	    cli_json_str(k->stopped_at), "result", cli_json_str(k->result),
	    "is_recurring", k->is_recurring);

	json_object_set_new(o, "minutes_early", k->minutes_early >= 0 ?
	    json_integer(k->minutes_early) : json_null());
	json_object_set_new(o, "minutes_late", k->minutes_late >= 0 ?
	    json_integer(k->minutes_late) : json_null());
	return o;
}

/* The clocks of L as lines: the communication, the clock, due, stopped
 * and the result. */
static void
print_clocks(const struct rowlist *l)
{
	const struct drill_clock *k;
	char due[64], stop[64], res[96], buf[512];
	size_t i;

	if (l->count == 0) {
		printf("  - (no clock ran)\n");
		return;
	}
	for (i = 0; i < l->count; i++) {
		k = rowlist_at(l, i);
		printf("  #%lld %s: %s\n", k->communication_id,
		    cli_clean(k->clock, res, sizeof res),
		    cli_clean(k->title, buf, sizeof buf));
		printf("      due %s, stopped %s: %s\n",
		    cli_local_time(k->due_at, true, due, sizeof due),
		    cli_local_time(k->stopped_at, true, stop, sizeof stop),
		    drill_clock_text(k, res, sizeof res));
	}
}

static int
print_results(const struct drill *d, struct err *err)
{
	struct rowlist l;
	int met, total;

	if (drill_results(d, &l, err) != ST_OK) {
		rowlist_free(&l, (row_clear_fn)drill_clock_clear);
		return cli_fail(err);
	}
	drill_tally(d, &met, &total);
	printf("Clocks: %d of %d met\n", met, total);
	print_clocks(&l);
	rowlist_free(&l, (row_clear_fn)drill_clock_clear);
	return 0;
}

/* ---- finish ---- */

/* The whole of PATH (- for standard input) into *OUT, at most
 * DRILL_FINDINGS_MAX bytes; caller frees. */
static enum status
read_findings(const char *path, char **out, struct err *err)
{
	enum status st = cli_read_input(path, DRILL_FINDINGS_MAX, out, err);
	size_t len;

	if (st != ST_OK)
		return st;
	/* The newlines an editor leaves at the end are no part of it. */
	len = strlen(*out);
	while (len > 0 && (*out)[len - 1] == '\n')
		(*out)[--len] = '\0';
	return ST_OK;
}

static int
drill_finish_cmd(struct cli *c, int argc, char **argv)
{
	const char *findings = NULL, *file = NULL;
	const struct cli_opt opts[] = {
		{ "findings", .str = &findings },
		{ "findings-file", .str = &file },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct drill d = { 0 };
	struct err err = { 0 };
	char *text = NULL, ref[64];
	long long id = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "drill finish takes one drill ID"))
		return rc;
	if ((findings == NULL) == (file == NULL))
		return cli_usage_error(usage, "drill finish needs --findings TEXT "
		    "or --findings-file FILE, one of them");
	if (drill_id(argv[optind], &id, &err) != ST_OK ||
	    (file != NULL && read_findings(file, &text, &err) != ST_OK) ||
	    cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    drill_finish(s, id, text != NULL ? text : findings, &err) != ST_OK ||
	    drill_get(s, id, &d, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	printf("Drill %lld finished; %s is closed.\n", id,
	    incident_ref(s, d.incident_id, ref, sizeof ref));
	rc = print_results(&d, &err);
done:
	drill_clear(&d);
	free(text);
	session_close(&s);
	return rc;
}

/* ---- list and show ---- */

static json_t *
drill_json(struct session *s, const struct drill *d)
{
	struct rowlist l;
	char ref[64], chan[80];
	json_t *o, *c, *clocks = json_array();
	bool is_seen;
	int met, total;
	size_t i;

	/* A communication's title names its incident: kept from those who
	 * may not see it (need to know). */
	incident_ref(s, d->incident_id, ref, sizeof ref);
	is_seen = d->incident_id == 0 || strcmp(ref, "-") != 0;
	if (drill_results(d, &l, NULL) == ST_OK)
		for (i = 0; i < l.count; i++) {
			c = clock_json(rowlist_at(&l, i));
			if (!is_seen)
				json_object_set_new(c, "communication",
				    json_null());
			json_array_append_new(clocks, c);
		}
	rowlist_free(&l, (row_clear_fn)drill_clock_clear);
	drill_tally(d, &met, &total);
	channel_name(s, d->test_channel_id, chan, sizeof chan);
	o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:i, s:o}",
	    "id", (json_int_t)d->id, "playbook", cli_json_str(d->playbook),
	    "incident", d->incident_id != 0 ? cli_json_str(ref) : json_null(),
	    "started_at", cli_json_str(d->started_at), "finished_at",
	    cli_json_str(d->finished_at), "list", cli_json_str(d->test_list),
	    "channel", d->test_channel_id != 0 ? cli_json_str(chan) :
	    json_null(), "findings", d->finished_at != NULL ?
	    cli_json_str(d->findings) : json_null(), "clocks_met", met,
	    "clocks", total, "results", clocks);
	if (o == NULL)
		die("out of memory");
	return o;
}

static int
drill_list_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s = NULL;
	struct rowlist l;
	const struct drill *d;
	struct err err = { 0 };
	char started[64], finished[64], ref[64], clocks[32];
	bool is_json = false;
	json_t *arr;
	int rc = 0, met, total;
	size_t i;

	rowlist_init(&l, sizeof(struct drill));
	if (!cli_parse_json(argc, argv, usage, &is_json, 0, &rc,
	    "drill list takes no operands"))
		return rc;
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    drill_list(s, 0, 0, &l, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (is_json) {
		arr = json_array();
		for (i = 0; i < l.count; i++)
			json_array_append_new(arr, drill_json(s, rowlist_at(&l,
			    i)));
		rc = cli_json_print(arr);
		goto done;
	}
	if (l.count == 0) {
		printf("No drills yet. Start one with: herald drill start\n");
		goto done;
	}
	printf("%-4s  %-16s  %-16s  %-13s  %-6s  %s\n", "ID", "STARTED",
	    "FINISHED", "INCIDENT", "CLOCKS", "PLAYBOOK");
	for (i = 0; i < l.count; i++) {
		d = rowlist_at(&l, i);
		drill_tally(d, &met, &total);
		if (d->finished_at != NULL)
			snprintf(clocks, sizeof clocks, "%d/%d", met, total);
		else
			snprintf(clocks, sizeof clocks, "-");
		printf("%-4lld  %-16s  %-16s  %-13s  %-6s  ", d->id,
		    cli_local_time(d->started_at, false, started,
		    sizeof started), d->finished_at != NULL ?
		    cli_local_time(d->finished_at, false, finished,
		    sizeof finished) : "running", incident_ref(s,
		    d->incident_id, ref, sizeof ref), clocks);
		cli_put(d->playbook);
		printf("\n");
	}
done:
	rowlist_free(&l, (row_clear_fn)drill_clear);
	session_close(&s);
	return rc;
}

static enum status
show_load(struct session *s, const char *arg, void *row, struct err *err)
{
	long long id = 0;
	enum status st;

	if ((st = drill_id(arg, &id, err)) != ST_OK)
		return st;
	return drill_get(s, id, row, err);
}

static json_t *
show_json(struct session *s, const void *row)
{
	return drill_json(s, row);
}

static void
show_print(struct session *s, const void *row)
{
	const struct drill *d = row;
	struct rowlist users;
	struct err err = { 0 };
	char t[64], ref[64], chan[80];
	const char *who = NULL;

	rowlist_init(&users, sizeof(struct user));
	if (user_list(s, &users, NULL) == ST_OK)
		who = user_login_in(&users, d->run_by);
	printf("Drill:     %lld\n", d->id);
	printf("Playbook:  ");
	cli_put(d->playbook);
	printf("\nIncident:  %s\n", incident_ref(s, d->incident_id, ref,
	    sizeof ref));
	printf("Run by:    %s\n", who != NULL ? who : "-");
	printf("Started:   %s\n", cli_local_time(d->started_at, true, t,
	    sizeof t));
	printf("Finished:  %s\n", d->finished_at != NULL ?
	    cli_local_time(d->finished_at, true, t, sizeof t) :
	    "not yet (herald drill finish ID --findings TEXT)");
	printf("Test list: ");
	cli_put(d->test_list);
	printf("\nChannel:   %s\n", channel_name(s, d->test_channel_id, chan,
	    sizeof chan));
	rowlist_free(&users, (row_clear_fn)user_clear);
	if (d->finished_at == NULL)
		return;
	print_results(d, &err);
	printf("Findings:\n");
	cli_put_indented(d->findings, 2);
}

static void
show_clear(void *row)
{
	drill_clear(row);
}

static int
drill_show_cmd(struct cli *c, int argc, char **argv)
{
	static const struct cli_show how = {
		show_load, show_json, show_print, show_clear,
	};
	struct drill d = { 0 };

	return cli_show_cmd(c, argc, argv, usage, &how, &d,
	    "drill show takes one drill ID");
}

int
cmd_drill(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "start", drill_start_cmd },
		{ "finish", drill_finish_cmd },
		{ "list", drill_list_cmd },
		{ "show", drill_show_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}
