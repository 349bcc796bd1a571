/* cli/cmd_init.c - herald init: creates a database and its first admin. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/paths.h"
#include "core/template.h"

static const char usage[] =
"usage: herald [--db PATH] [--as LOGIN] init [--group NAME] [--prefix PFX]\n"
"                  [--testing] [--name NAME] [--email ADDR]\n"
"\n"
"Create a new herald database (refused if the file exists) and make you,\n"
"the login of your effective uid, its first admin.\n"
"\n"
"  --group NAME   share the database with group NAME: the file gets mode\n"
"                 0660 and the group, its directory the setgid bit\n"
"  --prefix PFX   incident ID prefix (default SEC, giving SEC-2026-001):\n"
"                 1 to 16 capital letters and digits, starting with a letter\n"
"  --testing      a database for tests, where --as LOGIN may name anyone\n"
"  --name NAME    your display name\n"
"  --email ADDR   your e-mail address\n"
"  -h, --help     show this help\n";

int
cmd_init(struct cli *c, int argc, char **argv)
{
	struct init_opts o = { 0 };
	bool is_testing = false;
	const struct cli_opt opts[] = {
		{ "group", .str = &o.group },
		{ "prefix", .str = &o.id_prefix },
		{ "testing", .flag = &is_testing },
		{ "name", .str = &o.name },
		{ "email", .str = &o.email },
		{ .name = NULL },
	};
	struct template_counts tc = { 0 };
	struct audit_report rep;
	struct session *s = NULL;
	struct err err = { 0 };
	char *path = NULL, *dir = NULL, msg[sizeof err.msg];
	bool is_default = false;
	enum status st;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (optind < argc)
		return cli_usage_error(usage, "init takes no arguments (got %s); "
		    "choose the file with --db PATH before init", argv[optind]);
	if (is_testing)
		o.purpose = PURPOSE_TEST;
	if (c->as_login != NULL && o.purpose == NULL) {
		err_set(&err, ST_DENIED, "--as is refused: a production database "
		    "records the login of your uid as its admin; use --as only "
		    "with init --testing");
		return cli_fail(&err);
	}
	o.as_login = c->as_login;
	if ((st = paths_db(c->db_flag, &path, &is_default, &err)) != ST_OK)
		goto fail;
	/* Only herald's own default directory is created, privately (0700, as
	 * XDG asks); a directory you name must already exist. */
	if (is_default) {
		dir = paths_dirname(path);
		if ((st = paths_mkdir_p(dir, 0700, &err)) != ST_OK)
			goto fail;
	}
	o.path = path;
	if ((st = session_init(&o, &s, &err)) != ST_OK)
		goto fail;
	/* The shipped templates and one's own, so documents render at once;
	 * a broken one of one's own must not cost the new database. */
	if (template_import_all_counted(s, &tc, &err) != ST_OK) {
		fprintf(stderr, "herald: warning: no templates imported: %s\n"
		    "herald: fix that, then run `herald template import`\n",
		    cli_clean(err.msg, msg, sizeof msg));
		err_clear(&err);
	}
	if ((st = audit_verify(s->db, NULL, &rep, &err)) != ST_OK)
		goto fail;
	printf("Created %s\n", session_path(s));
	printf("  purpose:     %s\n", s->purpose);
	printf("  admin:       %s\n", s->login);
	printf("  incident ID: %s-YYYY-NNN\n", s->id_prefix);
	if (o.group != NULL)
		printf("  group:       %s (mode 0660)\n", o.group);
	printf("  templates:   %zu imported\n", tc.n);
	printf("  audit head:  %s\n", rep.head);
	printf("Keep the audit head somewhere else and check it later with\n"
	    "`herald audit verify --head HASH`.\n");
	goto done;
fail:
	rc = cli_fail(&err);
done:
	session_close(&s);
	free(path);
	free(dir);
	return rc;
}
