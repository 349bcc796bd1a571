/* cli/cmd_preapprove.c - herald preapprove: legal and PR approve a
 * template or playbook version in advance; list and revoke those
 * pre-approvals. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/preapproval.h"

static const char usage[] =
"usage: herald preapprove template NAME [--version V] [--role ROLE]\n"
"                                       [--comment TEXT]\n"
"       herald preapprove playbook NAME [--version V] [--role ROLE]\n"
"                                       [--comment TEXT]\n"
"       herald preapprove list [--json]\n"
"       herald preapprove revoke ID\n"
"\n"
"Legal and PR approve a template or a playbook version in advance, so a\n"
"notice need not wait for them. A gate the playbook marks pre-approvable\n"
"passes on its own when each of its roles pre-approved the playbook\n"
"version and every template (and partial) the notice uses, and every\n"
"free-text field still holds the playbook's default: only the fields the\n"
"playbook marks variable, and facts such as dates and choices, changed.\n"
"A pre-approval is bound to the text's SHA-256: a template imported again\n"
"with other words, or a new playbook file, needs it again.\n"
"\n"
"  template  pre-approve an imported template: version V (\"2\" or \"v2\"),\n"
"            or the newest (herald template list)\n"
"  playbook  pre-approve a playbook: the file herald starts NAME from now,\n"
"            or version V as a communication stored it\n"
"  list      every pre-approval, newest first, revoked ones too\n"
"  revoke    withdraw pre-approval ID (yours, or any as an admin)\n"
"\n"
"  --version V     which version (default: the newest)\n"
"  --role ROLE     approver:legal or approver:pr, one you hold (default:\n"
"                  your legal role, else your PR role); legal and pr do too\n"
"  --comment TEXT  why, or on what terms; kept with it\n"
"  --json          JSON instead of text\n"
"  -h, --help      show this help\n"
"\n"
"Exit status: 0 done; 2 bad arguments; 3 a role other than legal or PR,\n"
"a bad version, or revoking one that is revoked; 4 no such template,\n"
"playbook, version or pre-approval; 5 pre-approved by you already; 6 a\n"
"role you do not hold, or someone else's pre-approval to revoke.\n";

/* ROLE as given: "legal" and "pr" name the approver roles. */
static const char *
full_role(const char *role)
{
	if (role == NULL)
		return NULL;
	if (strcmp(role, "legal") == 0)
		return "approver:legal";
	if (strcmp(role, "pr") == 0)
		return "approver:pr";
	return role;
}

static int
grant(struct cli *c, int argc, char **argv, const char *kind)
{
	const char *version = NULL, *role = NULL, *comment = NULL;
	const struct cli_opt opts[] = {
		{ "version", .str = &version },
		{ "role", .str = &role },
		{ "comment", .str = &comment },
		{ .name = NULL },
	};
	struct preapproval_new in = { 0 };
	struct preapproval p = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	char label[400], what[512];
	long long id = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "preapprove %s takes one NAME", kind))
		return rc;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK)
		return cli_fail(&err);
	in.kind = kind;
	in.name = argv[optind];
	in.version = version;
	in.role = full_role(role);
	in.comment = comment;
	if (preapproval_grant(s, &in, &id, &err) != ST_OK ||
	    preapproval_get(s, id, &p, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	printf("pre-approval %lld: %s (sha256 %.12s) as %s\n", p.id,
	    cli_clean(preapproval_label(&p, label, sizeof label), what,
	    sizeof what), p.hash, p.role);
end:
	preapproval_clear(&p);
	session_close(&s);
	return rc;
}

static int
template_cmd(struct cli *c, int argc, char **argv)
{
	return grant(c, argc, argv, "template");
}

static int
playbook_cmd(struct cli *c, int argc, char **argv)
{
	return grant(c, argc, argv, "playbook");
}

static json_t *
row_json(const void *row)
{
	const struct preapproval *p = row;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "kind", cli_json_str(p->kind));
	json_object_set_new(o, "name", cli_json_str(p->name));
	json_object_set_new(o, "version", cli_json_str(p->version));
	json_object_set_new(o, "hash", cli_json_str(p->hash));
	json_object_set_new(o, "role", cli_json_str(p->role));
	json_object_set_new(o, "approver", cli_json_str(p->approver_login));
	json_object_set_new(o, "comment", cli_json_str(p->comment));
	json_object_set_new(o, "decided_at", cli_json_str(p->decided_at));
	json_object_set_new(o, "revoked_at", cli_json_str(p->revoked_at));
	json_object_set_new(o, "in_force", json_boolean(p->revoked_at == NULL));
	return o;
}

static void
print_rows(const struct rowlist *l)
{
	const struct preapproval *p;
	char when[64], label[400], what[512], who[128], gone[64];
	size_t i;

	printf("%5s  %-40s  %-12s  %-14s  %-12s  %-16s  %s\n", "ID", "TEXT",
	    "HASH", "ROLE", "BY", "DECIDED", "STATE");
	for (i = 0; i < l->count; i++) {
		p = rowlist_at(l, i);
		printf("%5lld  %-40s  %-12.12s  %-14s  %-12s  %-16s  ", p->id,
		    cli_clean(preapproval_label(p, label, sizeof label), what,
		    sizeof what), p->hash, p->role, cli_clean(p->approver_login,
		    who, sizeof who), cli_local_time(p->decided_at, false, when,
		    sizeof when));
		if (p->revoked_at != NULL)
			printf("revoked %s\n", cli_local_time(p->revoked_at, false,
			    gone, sizeof gone));
		else
			printf("in force\n");
		if (p->comment != NULL && *p->comment != '\0') {
			printf("       ");
			cli_put(p->comment);
			putchar('\n');
		}
	}
}

static int
list_cmd(struct cli *c, int argc, char **argv)
{
	static const struct cli_list how = {
		.load = preapproval_list,
		.clear = (row_clear_fn)preapproval_clear,
		.json = row_json,
		.print = print_rows,
		.none = "No pre-approvals.",
	};

	return cli_list_cmd(c, argc, argv, usage, &how,
	    "preapprove list takes no operands");
}

static int
revoke_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s = NULL;
	struct err err = { 0 };
	long id = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 1, &rc,
	    "preapprove revoke takes one ID"))
		return rc;
	if (cli_parse_long("ID", argv[optind], 1, LONG_MAX, &id, &err) !=
	    ST_OK)
		return cli_fail(&err);
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK)
		return cli_fail(&err);
	if (preapproval_revoke(s, id, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("pre-approval %ld revoked\n", id);
	session_close(&s);
	return rc;
}

int
cmd_preapprove(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "template", template_cmd },
		{ "playbook", playbook_cmd },
		{ "list", list_cmd },
		{ "revoke", revoke_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}
