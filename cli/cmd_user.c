/* cli/cmd_user.c - herald user: add users, list them, grant and revoke roles. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/user.h"
#include "util/xalloc.h"

static const char usage[] =
"usage: herald user add LOGIN [--name NAME] [--email ADDR] [--role ROLE]...\n"
"       herald user list [--json]\n"
"       herald user show LOGIN [--json]\n"
"       herald user grant LOGIN ROLE\n"
"       herald user revoke LOGIN ROLE\n"
"       herald user key LOGIN FINGERPRINT | --none\n"
"\n"
"Manage who may act in this database. Adding users and changing roles\n"
"needs the admin role; the last admin cannot lose it. Every change is\n"
"written to the audit chain.\n"
"\n"
"key names the OpenPGP key (by fingerprint) that signs LOGIN's decisions\n"
"on approvals; --none stops signing. Approvers set their own key, which\n"
"their GnuPG ($GNUPGHOME) must hold as a secret key without a passphrase\n"
"prompt (or with gpg-agent holding it); admins may set anyone's.\n"
"\n"
"Roles: author, approver:legal, approver:pr, approver:security, sro, admin.\n"
"\n"
"  --name NAME    display name\n"
"  --email ADDR   e-mail address\n"
"  --role ROLE    give ROLE (repeat for more than one)\n"
"  --none         (key) sign no more\n"
"  --json         JSON instead of text\n"
"  -h, --help     show this help\n";

static int
user_add_cmd(struct cli *c, int argc, char **argv)
{
	/* At most one role per argument: argc bounds the count. */
	const char **roles = xcalloc((size_t)argc + 1, sizeof *roles);
	const char *name = NULL, *email = NULL;
	size_t nroles = 0;
	const struct cli_opt opts[] = {
		{ "name", .str = &name },
		{ "email", .str = &email },
		{ "role", .list = roles, .count = &nroles },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct err err = { 0 };
	long long id;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "user add takes one LOGIN"))
		goto done;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    user_add(s, argv[optind], name, email, roles, &id, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	printf("Added %s (user:%lld)", argv[optind], id);
	if (nroles > 0) {
		size_t i;

		printf(" with role%s", nroles > 1 ? "s" : "");
		for (i = 0; i < nroles; i++)
			printf("%s %s", i > 0 ? "," : "", roles[i]);
	}
	printf("\n");
done:
	session_close(&s);
	free(roles);
	return rc;
}

static json_t *
user_json(const void *row)
{
	const struct user *u = row;
	json_t *o, *roles;
	size_t i;

	roles = json_array();
	for (i = 0; i < u->nroles; i++)
		json_array_append_new(roles, cli_json_str(u->roles[i]));
	o = json_object();
	json_object_set_new(o, "id", json_integer(u->id));
	json_object_set_new(o, "login", cli_json_str(u->login));
	json_object_set_new(o, "name", cli_json_str(u->name));
	json_object_set_new(o, "email", cli_json_str(u->email));
	json_object_set_new(o, "roles", roles);
	json_object_set_new(o, "created_at", cli_json_str(u->created_at));
	json_object_set_new(o, "erased_at", cli_json_str(u->erased_at));
	json_object_set_new(o, "signing_key", cli_json_str(u->signing_key));
	return o;
}

static void
print_users(const struct rowlist *users)
{
	const struct user *u;
	size_t i, j, w, wr;
	bool has_keys = false;

	/* The signing keys, in a column of their own once anyone has one. */
	for (i = 0, wr = 5; i < users->count; i++) {
		u = rowlist_at(users, i);
		has_keys |= u->signing_key != NULL;
		for (j = 0, w = 0; j < u->nroles; j++)
			w += strlen(u->roles[j]) + (j > 0);
		wr = w > wr ? w : wr;
	}
	w = cli_col_width(users, offsetof(struct user, login), "LOGIN");
	if (has_keys)
		printf("%-*s  %-24s  %-*s  %s\n", (int)w, "LOGIN", "NAME",
		    (int)wr, "ROLES", "KEY");
	else
		printf("%-*s  %-24s  %s\n", (int)w, "LOGIN", "NAME", "ROLES");
	for (i = 0; i < users->count; i++) {
		char login[256], name[256], roles[512] = "";

		u = rowlist_at(users, i);
		printf("%-*s  %-24s  ", (int)w,
		    cli_clean(u->login, login, sizeof login),
		    u->name != NULL ? cli_clean(u->name, name, sizeof name) : "-");
		for (j = 0; j < u->nroles; j++)
			snprintf(roles + strlen(roles), sizeof roles -
			    strlen(roles), "%s%s", j > 0 ? "," : "", u->roles[j]);
		if (has_keys)
			printf("%-*s  %s\n", (int)wr, u->nroles == 0 ? "-" : roles,
			    u->signing_key != NULL ? u->signing_key : "-");
		else
			printf("%s\n", u->nroles == 0 ? "-" : roles);
	}
}

/* user grant / user revoke: LOGIN ROLE. */
static int
user_role_cmd(struct cli *c, int argc, char **argv, bool is_grant)
{
	struct session *s = NULL;
	struct err err = { 0 };
	enum status st;
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 2, &rc,
	    "user %s takes LOGIN and ROLE", argv[0]))
		return rc;
	if ((st = cli_open(c, DB_WRITE, &s, &err)) == ST_OK)
		st = is_grant ? user_grant(s, argv[optind], argv[optind + 1], &err) :
		    user_revoke(s, argv[optind], argv[optind + 1], &err);
	if (st != ST_OK)
		rc = cli_fail(&err);
	else
		printf("%s %s %s %s\n", is_grant ? "Granted" : "Revoked",
		    argv[optind + 1], is_grant ? "to" : "from", argv[optind]);
	session_close(&s);
	return rc;
}

static enum status
user_load(struct session *s, const char *login, void *row, struct err *err)
{
	return user_get(s, login, row, err);
}

static json_t *
user_show_json(struct session *s, const void *row)
{
	(void)s;
	return user_json(row);
}

static void
user_print(struct session *s, const void *row)
{
	const struct user *u = row;
	size_t j;

	(void)s;
	printf("Login:       ");
	cli_put(u->login);
	printf("\nUser:        user:%lld\nName:        ", u->id);
	cli_put(u->name);
	printf("\nE-mail:      ");
	cli_put(u->email);
	printf("\nRoles:       ");
	for (j = 0; j < u->nroles; j++)
		printf("%s%s", j > 0 ? ", " : "", u->roles[j]);
	printf("%s\nSigning key: %s\n", u->nroles == 0 ? "-" : "",
	    u->signing_key != NULL ? u->signing_key : "- (decisions are not "
	    "signed)");
	if (u->erased_at != NULL)
		printf("Erased:      %s\n", u->erased_at);
}

static void
user_clear_row(void *row)
{
	user_clear(row);
}

static int
user_show_cmd(struct cli *c, int argc, char **argv)
{
	static const struct cli_show how = {
		user_load, user_show_json, user_print, user_clear_row,
	};
	struct user u = { 0 };

	return cli_show_cmd(c, argc, argv, usage, &how, &u,
	    "user show takes one LOGIN");
}

/* user key LOGIN FINGERPRINT, or user key LOGIN --none. */
static int
user_key_cmd(struct cli *c, int argc, char **argv)
{
	bool is_none = false;
	const struct cli_opt opts[] = {
		{ "none", .flag = &is_none },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct err err = { 0 };
	struct user u = { 0 };
	const char *fpr;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind != (is_none ? 1 : 2))
		return cli_usage_error(usage, "user key takes LOGIN and a "
		    "FINGERPRINT, or LOGIN and --none");
	fpr = is_none ? NULL : argv[optind + 1];
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    user_set_key(s, argv[optind], fpr, &err) != ST_OK ||
	    user_get(s, argv[optind], &u, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (u.signing_key != NULL)
		printf("%s signs decisions with key %s\n", u.login,
		    u.signing_key);
	else
		printf("%s signs no decisions\n", u.login);
done:
	user_clear(&u);
	session_close(&s);
	return rc;
}

static int
user_grant_cmd(struct cli *c, int argc, char **argv)
{
	return user_role_cmd(c, argc, argv, true);
}

static int
user_revoke_cmd(struct cli *c, int argc, char **argv)
{
	return user_role_cmd(c, argc, argv, false);
}

int
cmd_user(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "add", user_add_cmd },
		{ "show", user_show_cmd },
		{ "key", user_key_cmd },
		{ "grant", user_grant_cmd },
		{ "revoke", user_revoke_cmd },
		{ NULL, NULL },
	};
	static const struct cli_list_action lists[] = {
		{ "list", { user_list, (row_clear_fn)user_clear, user_json,
		    print_users, NULL } },
		{ .name = NULL },
	};

	return cli_dispatch_lists(c, argc, argv, actions, lists, usage);
}
