/* cli/cmd_backup.c - herald backup: a consistent copy of a database in use. */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"

static const char usage[] =
"usage: herald backup FILE\n"
"\n"
"Copy the database to FILE, a new file with mode 0600, using SQLite's\n"
"online backup: the copy is consistent even while others write. FILE must\n"
"not exist. Check the copy with `herald --db FILE audit verify`.\n"
"\n"
"  -h, --help  show this help\n";

int
cmd_backup(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = { { .name = NULL } };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(usage, "backup takes one FILE");
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    session_backup(s, argv[optind], &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("Copied %s to %s\n", session_path(s), argv[optind]);
	session_close(&s);
	return rc;
}
