/* cli/cmd_subscriber.c - herald subscriber: opt-in lists, consent, erasure. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/outbox.h"
#include "core/subscriber.h"
#include "util/xalloc.h"

static const char usage[] =
"usage: herald subscriber add ADDRESS --list LIST [--list LIST]...\n"
"                             [--confirmed] [--customer ID]\n"
"       herald subscriber import FILE.csv\n"
"       herald subscriber list [--list LIST] [--search TEXT] [--json]\n"
"       herald subscriber show ADDRESS|ID [--json]\n"
"       herald subscriber confirm TOKEN\n"
"       herald subscriber unsubscribe TOKEN|ADDRESS\n"
"       herald subscriber remove ADDRESS|ID\n"
"       herald subscriber lists [--json]\n"
"\n"
"Subscribers receive news by e-mail once they have confirmed it. A list\n"
"is KIND:PRODUCT: KIND is advisories, breach or lifecycle, PRODUCT a\n"
"product's slug or * for all products. herald never mails an address\n"
"that is unconfirmed, unsubscribed or removed.\n"
"\n"
"add queues a message asking the address to confirm (through the first\n"
"enabled e-mail channel, with a link to site.url/confirm?token=...);\n"
"--confirmed records instead that an admin vouches for the consent.\n"
"import reads a CSV file with the header address,lists,confirmed and\n"
"optionally customer; lists are separated by ';', confirmed is yes or\n"
"no, customer an id or a name. Every row is checked first: when any is\n"
"wrong, each problem is listed as FILE:LINE: field: what is wrong, and\n"
"nothing is imported. remove erases the address for good (the audit\n"
"chain keeps only the subscriber's number). Changes need the admin role,\n"
"except confirm and unsubscribe by TOKEN, which are the subscriber's.\n"
"\n"
"  --list LIST      a list to subscribe to (repeat for more)\n"
"  --confirmed      the admin vouches that the address asked for it\n"
"  --customer ID    the address belongs to customer ID\n"
"  --search TEXT    only addresses holding TEXT\n"
"  --json           JSON instead of text\n"
"  -h, --help       show this help\n";

static int
subscriber_add_cmd(struct cli *c, int argc, char **argv)
{
	const char **lists = xcalloc((size_t)argc + 1, sizeof *lists);
	size_t nlists = 0;
	long customer = 0;
	bool is_confirmed = false;
	const struct cli_opt opts[] = {
		{ "list", .list = lists, .count = &nlists },
		{ "confirmed", .flag = &is_confirmed },
		{ "customer", .num = &customer, .min = 1, .max = 1L << 53 },
		{ .name = NULL },
	};
	struct subscriber_new in = { 0 };
	struct subscriber sub = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	long long id;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "subscriber add takes one ADDRESS"))
		goto done;
	in.address = argv[optind];
	in.lists = lists;
	in.is_confirmed = is_confirmed;
	in.customer_id = customer;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    subscriber_add_new(s, &in, &id, &err) != ST_OK ||
	    subscriber_get(s, id, &sub, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	printf("Added %s (subscriber:%lld), %s\n", sub.address, id,
	    subscriber_state(&sub));
done:
	subscriber_clear(&sub);
	session_close(&s);
	free(lists);
	return rc;
}

static int
subscriber_import_cmd(struct cli *c, int argc, char **argv)
{
	struct import_result res = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 1, &rc,
	    "subscriber import takes one FILE.csv"))
		return rc;
	if (cli_open(c, DB_WRITE, &s, &err) == ST_OK &&
	    subscriber_import(s, argv[optind], &res, &err) == ST_OK)
		printf("Imported %lld subscriber%s from %s\n", res.added,
		    res.added == 1 ? "" : "s", argv[optind]);
	else {
		cli_print_problems(&res);
		rc = cli_fail(&err);
	}
	import_result_clear(&res);
	session_close(&s);
	return rc;
}

static json_t *
subscriber_json(const void *row)
{
	const struct subscriber *sub = row;
	json_t *o = json_object(), *lists = json_array();
	size_t i;

	for (i = 0; i < sub->nlists; i++)
		json_array_append_new(lists, cli_json_str(sub->lists[i]));
	json_object_set_new(o, "id", json_integer(sub->id));
	json_object_set_new(o, "address", cli_json_str(sub->address));
	json_object_set_new(o, "state", json_string(subscriber_state(sub)));
	json_object_set_new(o, "lists", lists);
	json_object_set_new(o, "customer_id", sub->customer_id != 0 ?
	    json_integer(sub->customer_id) : json_null());
	json_object_set_new(o, "created_at", cli_json_str(sub->created_at));
	json_object_set_new(o, "confirmed_at", cli_json_str(sub->confirmed_at));
	json_object_set_new(o, "unsubscribed_at",
	    cli_json_str(sub->unsubscribed_at));
	json_object_set_new(o, "erased_at", cli_json_str(sub->erased_at));
	return o;
}

/* The lists of SUB, comma-separated, into BUF. */
static const char *
lists_text(const struct subscriber *sub, char *buf, size_t n)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sub->nlists && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i > 0 ? "," :
		    "", sub->lists[i]);
	return sub->nlists > 0 ? buf : "-";
}

static void
print_subscribers(const struct rowlist *l)
{
	size_t i, w = cli_col_width(l, offsetof(struct subscriber, address),
	    "ADDRESS");

	printf("%-6s  %-*s  %-12s  %s\n", "ID", (int)w, "ADDRESS", "STATE",
	    "LISTS");
	for (i = 0; i < l->count; i++) {
		const struct subscriber *sub = rowlist_at(l, i);
		char addr[300], lists[1024];

		printf("%-6lld  %-*s  %-12s  %s\n", sub->id, (int)w,
		    sub->address != NULL ? cli_clean(sub->address, addr,
		    sizeof addr) : "-", subscriber_state(sub),
		    lists_text(sub, lists, sizeof lists));
	}
}

static int
subscriber_list_cmd(struct cli *c, int argc, char **argv)
{
	const char *list = NULL, *text = NULL;
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "list", .str = &list },
		{ "search", .str = &text },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct err err = { 0 };
	struct rowlist l;
	int rc = 0;

	rowlist_init(&l, sizeof(struct subscriber));
	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "subscriber list takes no arguments"))
		return rc;
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    subscriber_search(s, list, text, 0, 0, &l, &err) != ST_OK)
		rc = cli_fail(&err);
	else if (is_json)
		rc = cli_json_print_rows(&l, subscriber_json);
	else if (l.count == 0)
		printf("No subscribers%s. Add one with: herald subscriber add "
		    "ADDRESS --list advisories:*\n", list != NULL || text != NULL ?
		    " match" : "");
	else
		print_subscribers(&l);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	session_close(&s);
	return rc;
}

/* Load subscriber ARG, an address or "ID" / "subscriber:ID", into SUB. */
static enum status
load_subscriber(struct session *s, const char *arg, struct subscriber *sub,
    struct err *err)
{
	const char *num = strncmp(arg, "subscriber:", 11) == 0 ? arg + 11 : arg;
	char *end;
	long long id;

	if (strchr(arg, '@') != NULL)
		return subscriber_get_by_address(s, arg, sub, err);
	errno = 0;
	id = strtoll(num, &end, 10);
	if (*num == '\0' || *end != '\0' || errno != 0 || id < 1)
		return err_set(err, ST_INVALID, "%s: give an e-mail address or a "
		    "subscriber's number", arg);
	return subscriber_get(s, id, sub, err);
}

static json_t *
history_json(const void *row)
{
	const struct outbox_row *o = row;
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(o->id));
	json_object_set_new(j, "communication_id", o->communication_id != 0 ?
	    json_integer(o->communication_id) : json_null());
	json_object_set_new(j, "purpose", cli_json_str(o->purpose));
	json_object_set_new(j, "state", cli_json_str(o->state));
	json_object_set_new(j, "attempts", json_integer(o->attempts));
	json_object_set_new(j, "created_at", cli_json_str(o->created_at));
	json_object_set_new(j, "delivered_at", cli_json_str(o->delivered_at));
	json_object_set_new(j, "last_error", cli_json_str(o->last_error));
	return j;
}

static int
subscriber_show_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s = NULL;
	struct err err = { 0 };
	struct subscriber sub = { 0 };
	struct rowlist hist;
	bool is_json = false;
	char lists[2048];
	size_t i;
	int rc = 0;

	rowlist_init(&hist, sizeof(struct outbox_row));
	if (!cli_parse_json(argc, argv, usage, &is_json, 1, &rc,
	    "subscriber show takes an ADDRESS or an ID"))
		return rc;
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    load_subscriber(s, argv[optind], &sub, &err) != ST_OK ||
	    outbox_list_for_subscriber(s, sub.id, 0, &hist, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (is_json) {
		json_t *o = subscriber_json(&sub), *h = json_array();

		for (i = 0; i < hist.count; i++)
			json_array_append_new(h, history_json(rowlist_at(&hist, i)));
		json_object_set_new(o, "history", h);
		rc = cli_json_print(o);
		goto done;
	}
	printf("Address:      ");
	cli_put(sub.address);
	printf("\nSubscriber:   subscriber:%lld\nState:        %s\n", sub.id,
	    subscriber_state(&sub));
	printf("Lists:        %s\n", lists_text(&sub, lists, sizeof lists));
	if (sub.customer_id != 0)
		printf("Customer:     customer:%lld\n", sub.customer_id);
	printf("Added:        %s\n", sub.created_at);
	if (sub.confirmed_at != NULL)
		printf("Confirmed:    %s\n", sub.confirmed_at);
	if (sub.unsubscribed_at != NULL)
		printf("Unsubscribed: %s\n", sub.unsubscribed_at);
	if (sub.erased_at != NULL)
		printf("Removed:      %s\n", sub.erased_at);
	printf("History:%s\n", hist.count == 0 ? "      nothing sent yet" : "");
	for (i = 0; i < hist.count; i++) {
		const struct outbox_row *o = rowlist_at(&hist, i);
		char when[64];

		printf("  %-6lld %-12s %-10s %s", o->id, o->purpose != NULL ?
		    o->purpose : "publish", o->state,
		    cli_local_time(o->delivered_at != NULL ? o->delivered_at :
		    o->created_at, false, when, sizeof when));
		if (o->communication_id != 0)
			printf("  communication %lld", o->communication_id);
		printf("\n");
	}
done:
	rowlist_free(&hist, (row_clear_fn)outbox_row_clear);
	subscriber_clear(&sub);
	session_close(&s);
	return rc;
}

/* confirm TOKEN / unsubscribe TOKEN|ADDRESS. */
static int
subscriber_consent_cmd(struct cli *c, int argc, char **argv)
{
	bool is_confirm = strcmp(argv[0], "confirm") == 0;
	struct session *s = NULL;
	struct err err = { 0 };
	const char *arg;
	enum status st;
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 1, &rc, is_confirm ?
	    "subscriber confirm takes a TOKEN" : "subscriber unsubscribe takes "
	    "a TOKEN or an ADDRESS"))
		return rc;
	arg = argv[optind];
	if ((st = cli_open(c, DB_WRITE, &s, &err)) == ST_OK) {
		if (is_confirm)
			st = subscriber_confirm(s, arg, &err);
		else if (strchr(arg, '@') != NULL)
			st = subscriber_unsubscribe_address(s, arg, &err);
		else
			st = subscriber_unsubscribe(s, arg, &err);
	}
	if (st != ST_OK)
		rc = cli_fail(&err);
	else
		printf("%s\n", is_confirm ? "Subscription confirmed" :
		    "Unsubscribed: nothing more will be sent to this address");
	session_close(&s);
	return rc;
}

static int
subscriber_remove_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s = NULL;
	struct err err = { 0 };
	struct subscriber sub = { 0 };
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 1, &rc,
	    "subscriber remove takes an ADDRESS or an ID"))
		return rc;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    load_subscriber(s, argv[optind], &sub, &err) != ST_OK ||
	    subscriber_erase(s, sub.id, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("Removed subscriber:%lld: its address and lists are "
		    "erased\n", sub.id);
	subscriber_clear(&sub);
	session_close(&s);
	return rc;
}

static json_t *
list_count_json(const void *row)
{
	const struct subscriber_list_count *lc = row;

	return json_pack("{s:o, s:I, s:I, s:I, s:I}", "list",
	    cli_json_str(lc->list), "total", (json_int_t)lc->total, "confirmed",
	    (json_int_t)lc->confirmed, "unconfirmed",
	    (json_int_t)lc->unconfirmed, "unsubscribed",
	    (json_int_t)lc->unsubscribed);
}

static void
print_list_counts(const struct rowlist *l)
{
	size_t i, w = cli_col_width(l,
	    offsetof(struct subscriber_list_count, list), "LIST");

	printf("%-*s  %9s  %11s  %12s\n", (int)w, "LIST", "CONFIRMED",
	    "UNCONFIRMED", "UNSUBSCRIBED");
	for (i = 0; i < l->count; i++) {
		const struct subscriber_list_count *lc = rowlist_at(l, i);
		char name[256];

		printf("%-*s  %9lld  %11lld  %12lld\n", (int)w,
		    cli_clean(lc->list, name, sizeof name), lc->confirmed,
		    lc->unconfirmed, lc->unsubscribed);
	}
}

int
cmd_subscriber(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "add", subscriber_add_cmd },
		{ "import", subscriber_import_cmd },
		{ "list", subscriber_list_cmd },
		{ "show", subscriber_show_cmd },
		{ "confirm", subscriber_consent_cmd },
		{ "unsubscribe", subscriber_consent_cmd },
		{ "remove", subscriber_remove_cmd },
		{ NULL, NULL },
	};
	static const struct cli_list_action lists[] = {
		{ "lists", { subscriber_lists,
		    (row_clear_fn)subscriber_list_count_clear, list_count_json,
		    print_list_counts, "No lists have subscribers yet." } },
		{ .name = NULL },
	};

	return cli_dispatch_lists(c, argc, argv, actions, lists, usage);
}
