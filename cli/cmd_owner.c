/* cli/cmd_owner.c - herald owner: who answers for each product, policy
 * and playbook. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/owner.h"

static const char usage[] =
"usage: herald owner set KIND NAME LOGIN\n"
"       herald owner unset KIND NAME\n"
"       herald owner list [--json]\n"
"\n"
"Every product, policy and playbook should have a named owner: the\n"
"person who answers for it (the compliance question ownership.owners\n"
"asks). KIND is product (NAME its slug), policy (NAME one of\n"
"disclosure-policy, lifecycle-policy, breach-procedure, trust-page) or\n"
"playbook (NAME one herald can load). LOGIN is a herald user who has not\n"
"been erased. list shows every product, policy and playbook with its\n"
"owner, or - when it has none. Setting and unsetting need the admin or\n"
"sro role and are audited.\n"
"\n"
"  --json      (list) JSON instead of text\n"
"  -h, --help  show this help\n"
"\n"
"Exit status: 0 done; 2 bad arguments; 3 an unknown KIND or policy, a\n"
"playbook that does not load, or an erased LOGIN; 4 no such product,\n"
"playbook or user, or (unset) nothing to unset; 6 not an admin or the\n"
"SRO.\n";

/* set KIND NAME LOGIN / unset KIND NAME. */
static int
owner_set_cmd(struct cli *c, int argc, char **argv)
{
	bool is_set = strcmp(argv[0], "set") == 0;
	struct session *s = NULL;
	struct err err = { 0 };
	char kind[32], name[256], login[256];
	enum status st;
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, is_set ? 3 : 2, &rc,
	    is_set ? "owner set takes a KIND, a NAME and a LOGIN" :
	    "owner unset takes a KIND and a NAME"))
		return rc;
	if ((st = cli_open(c, DB_WRITE, &s, &err)) == ST_OK)
		st = is_set ? owner_set(s, argv[optind], argv[optind + 1],
		    argv[optind + 2], &err) : owner_unset(s, argv[optind],
		    argv[optind + 1], &err);
	if (st != ST_OK)
		rc = cli_fail(&err);
	else if (is_set)
		printf("%s %s is owned by %s\n", cli_clean(argv[optind], kind,
		    sizeof kind), cli_clean(argv[optind + 1], name, sizeof name),
		    cli_clean(argv[optind + 2], login, sizeof login));
	else
		printf("%s %s has no owner now\n", cli_clean(argv[optind], kind,
		    sizeof kind), cli_clean(argv[optind + 1], name, sizeof name));
	session_close(&s);
	return rc;
}

static json_t *
owner_json(const void *row)
{
	const struct owner_row *o = row;

	return json_pack("{s:s, s:o, s:o, s:o}", "kind", o->kind, "name",
	    cli_json_str(o->name), "owner", cli_json_str(o->login), "set_at",
	    cli_json_str(o->set_at));
}

static void
print_owners(const struct rowlist *l)
{
	size_t i, w = cli_col_width(l, offsetof(struct owner_row, name), "NAME");
	char name[256];

	if (w > 40)
		w = 40;
	printf("%-8s  %-*s  %s\n", "KIND", (int)w, "NAME", "OWNER");
	for (i = 0; i < l->count; i++) {
		const struct owner_row *o = rowlist_at(l, i);

		printf("%-8s  %-*s  ", o->kind, (int)w, cli_clean(o->name, name,
		    sizeof name));
		cli_put(o->login);
		printf("\n");
	}
}

int
cmd_owner(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "set", owner_set_cmd },
		{ "unset", owner_set_cmd },
		{ NULL, NULL },
	};
	static const struct cli_list_action lists[] = {
		{ "list", { owner_list, (row_clear_fn)owner_row_clear, owner_json,
		    print_owners, NULL } },
		{ .name = NULL },
	};

	return cli_dispatch_lists(c, argc, argv, actions, lists, usage);
}
