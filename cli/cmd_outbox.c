/* cli/cmd_outbox.c - herald outbox: the queue of messages to channels,
 * one row per message and target; retry or cancel a row. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/channel.h"
#include "core/outbox.h"

static const char outbox_usage[] =
"usage: herald outbox list [--state STATE] [--comm ID] [--json]\n"
"       herald outbox show ID [--json]\n"
"       herald outbox retry ID\n"
"       herald outbox cancel ID --reason TEXT\n"
"\n"
"The outbox holds one message per target: written when a communication is\n"
"published, sent by herald publish (or comm publish), retried with backoff.\n"
"\n"
"  list     messages by id: state, attempts, next try, last error\n"
"  show     one message whole, its payload included\n"
"  retry    send a failed or cancelled message again, due now (admins)\n"
"  cancel   cancel a pending or failed message, saying why (admins); a\n"
"           delivered message is final\n"
"\n"
"  --state STATE   pending, leased, delivered, failed or cancelled\n"
"  --comm ID       the messages of one communication\n"
"  --json          machine-readable output\n";

static json_t *
row_json(const void *row)
{
	const struct outbox_row *o = row;

	return json_pack("{s:I, s:I, s:I, s:o, s:o, s:o, s:i, s:o, s:o, s:o,"
	    " s:o, s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "id", (json_int_t)o->id, "communication",
	    (json_int_t)o->communication_id, "channel",
	    (json_int_t)o->channel_id, "target", cli_json_str(o->target),
	    "key", cli_json_str(o->idempotency_key), "state",
	    cli_json_str(o->state), "revision", o->revision, "purpose",
	    cli_json_str(o->purpose), "output", cli_json_str(o->output),
	    "not_before", cli_json_str(o->not_before), "lease_owner",
	    cli_json_str(o->lease_owner), "lease_until",
	    cli_json_str(o->lease_until), "attempts", o->attempts,
	    "next_attempt_at", cli_json_str(o->next_attempt_at), "last_error",
	    cli_json_str(o->last_error), "delivered_at",
	    cli_json_str(o->delivered_at), "external_ref",
	    cli_json_str(o->external_ref), "created_at",
	    cli_json_str(o->created_at), "updated_at",
	    cli_json_str(o->updated_at));
}

/* "next try" for a pending row, the delivery for a delivered one. */
static const char *
when_text(const struct outbox_row *o, char *buf, size_t n)
{
	const char *t = strcmp(o->state, "delivered") == 0 ? o->delivered_at :
	    strcmp(o->state, "leased") == 0 ? o->lease_until :
	    o->next_attempt_at != NULL ? o->next_attempt_at : o->not_before;

	if (t == NULL)
		return "-";
	return cli_local_time(t, false, buf, n);
}

static int
cmp_id(const void *a, const void *b)
{
	const struct outbox_row *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int
outbox_list_cmd(struct cli *c, int argc, char **argv)
{
	const char *state = NULL, *comm = NULL;
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "state", .str = &state },
		{ "comm", .str = &comm },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	const struct outbox_row *o;
	struct rowlist l, keep;
	struct session *s = NULL;
	struct err err = { 0 };
	char when[64], target[128], error[160];
	long long id = 0;
	size_t i;
	int rc = 0;

	rowlist_init(&l, sizeof(struct outbox_row));
	rowlist_init(&keep, sizeof(struct outbox_row));
	if (!cli_parse_args(argc, argv, opts, outbox_usage, 0, &rc,
	    "outbox list takes no operands"))
		return rc;
	if ((comm != NULL && cli_comm_id(comm, &id, &err) != ST_OK) ||
	    cli_open(c, DB_READ, &s, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if (id > 0) {
		/* outbox_list() says whether STATE is one. */
		if (outbox_list(s, state, 1, 0, &keep, &err) != ST_OK ||
		    outbox_list_for_communication(s, id, 0, &l, &err) != ST_OK) {
			rc = cli_fail(&err);
			goto end;
		}
		rowlist_free(&keep, (row_clear_fn)outbox_row_clear);
		rowlist_init(&keep, sizeof(struct outbox_row));
		/* By id, as the whole list; and in STATE only. */
		qsort(l.items, l.count, l.size, cmp_id);
		for (i = 0; i < l.count; i++) {
			o = rowlist_at(&l, i);
			if (state != NULL && strcmp(o->state, state) != 0)
				continue;
			*(struct outbox_row *)rowlist_push(&keep) = *o;
			memset(rowlist_at(&l, i), 0, sizeof *o);
		}
	} else if (outbox_list(s, state, 0, 0, &keep, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if (is_json) {
		rc = cli_json_print_rows(&keep, row_json);
		goto end;
	}
	for (i = 0; i < keep.count; i++) {
		o = rowlist_at(&keep, i);
		printf("%-6lld c%-5lld %-10s %2d  %-16s %-30s %s\n", o->id,
		    o->communication_id, o->state, o->attempts,
		    when_text(o, when, sizeof when), cli_clean(o->target, target,
		    sizeof target), o->last_error != NULL ?
		    cli_clean(o->last_error, error, sizeof error) : "");
	}
	if (keep.count == 0)
		printf("no messages\n");
end:
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
	rowlist_free(&keep, (row_clear_fn)outbox_row_clear);
	session_close(&s);
	return rc;
}

static enum status
parse_id(const char *arg, long long *id, struct err *err)
{
	long v;

	if (cli_parse_long("ID", arg, 1, __LONG_MAX__, &v, err) != ST_OK)
		return err->code;
	*id = v;
	return ST_OK;
}

static void
line(const char *label, const char *v)
{
	printf("%-14s ", label);
	cli_put(v);
	putchar('\n');
}

static int
outbox_show_cmd(struct cli *c, int argc, char **argv)
{
	struct outbox_row o = { 0 };
	struct channel ch = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	char buf[64];
	long long id = 0;
	bool is_json = false;
	int rc = 0;

	if (!cli_parse_json(argc, argv, outbox_usage, &is_json, 1, &rc,
	    "outbox show takes one message ID"))
		return rc;
	if (parse_id(argv[optind], &id, &err) != ST_OK ||
	    cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    outbox_get(s, id, &o, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if (is_json) {
		json_t *j = row_json(&o);

		json_object_set_new(j, "payload", json_loads(o.payload, 0, NULL));
		rc = cli_json_print(j);
		goto end;
	}
	printf("%-14s %lld\n", "id", o.id);
	if (channel_get(s, o.channel_id, &ch, NULL) == ST_OK)
		printf("%-14s %s (%s)\n", "channel", ch.name, ch.kind);
	if (o.communication_id > 0)
		printf("%-14s %lld, revision %d\n", "communication",
		    o.communication_id, o.revision);
	line("purpose", o.purpose);
	line("output", o.output);
	line("target", o.target);
	line("key", o.idempotency_key);
	line("state", o.state);
	printf("%-14s %d\n", "attempts", o.attempts);
	line("created", cli_local_time(o.created_at, true, buf, sizeof buf));
	if (o.not_before != NULL)
		line("not before", cli_local_time(o.not_before, true, buf,
		    sizeof buf));
	if (o.next_attempt_at != NULL)
		line("next try", cli_local_time(o.next_attempt_at, true, buf,
		    sizeof buf));
	if (o.lease_owner != NULL)
		line("lease", o.lease_owner);
	if (o.last_error != NULL)
		line("last error", o.last_error);
	if (o.delivered_at != NULL)
		line("delivered", cli_local_time(o.delivered_at, true, buf,
		    sizeof buf));
	if (o.external_ref != NULL)
		line("reference", o.external_ref);
	printf("payload\n");
	cli_put_text(o.payload);
	putchar('\n');
end:
	channel_clear(&ch);
	outbox_row_clear(&o);
	session_close(&s);
	return rc;
}

static int
outbox_retry_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s = NULL;
	struct err err = { 0 };
	long long id = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, outbox_usage, 1, &rc,
	    "outbox retry takes one message ID"))
		return rc;
	if (parse_id(argv[optind], &id, &err) != ST_OK ||
	    cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    outbox_retry(s, id, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("%lld: pending, due now\n", id);
	session_close(&s);
	return rc;
}

static int
outbox_cancel_cmd(struct cli *c, int argc, char **argv)
{
	const char *reason = NULL;
	const struct cli_opt opts[] = {
		{ "reason", .str = &reason },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct err err = { 0 };
	long long id = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, outbox_usage, 1, &rc,
	    "outbox cancel takes one message ID"))
		return rc;
	if (reason == NULL)
		return cli_usage_error(outbox_usage, "outbox cancel needs "
		    "--reason");
	if (parse_id(argv[optind], &id, &err) != ST_OK ||
	    cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    outbox_cancel(s, id, reason, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("%lld: cancelled\n", id);
	session_close(&s);
	return rc;
}

int
cmd_outbox(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "list", outbox_list_cmd },
		{ "show", outbox_show_cmd },
		{ "retry", outbox_retry_cmd },
		{ "cancel", outbox_cancel_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, outbox_usage);
}
