/* cli/main.c - herald's entry point: global options, then a subcommand. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/paths.h"
#include "tui/tui.h"

static const char usage[] =
"usage: herald [--db PATH] [--as LOGIN] [COMMAND [ARGS...]]\n"
"       herald --version [--json]\n"
"\n"
"Without a command, herald opens the console on the database.\n"
"\n"
"Commands:\n"
"  init        create a new database; you become its admin\n"
"  incident    open, list and show incidents; embargo and who may see it\n"
"  comm        start, fill in and send communications for review\n"
"  playbook    list, show and check playbooks\n"
"  check       list due and overdue clocks; fail when one is overdue\n"
"  cvss        score a CVSS v3.1 or v4.0 vector\n"
"  approvals   what waits for your approval; --returned: sent back to you\n"
"  approve     approve a communication on a gate, bound to its content\n"
"  reject      send a communication back to its author, with a comment\n"
"  preapprove  approve a template or playbook version in advance\n"
"  publish     send what the outbox holds that is due (for cron)\n"
"  outbox      the messages queued, sent and failed; retry or cancel one\n"
"  channel     e-mail, webhooks, GitHub, tickets and the site: where news goes\n"
"  subscriber  opt-in addresses and their lists; CSV import\n"
"  customer    customers, their contacts and what they run; CSV import\n"
"  export      write the site, feeds, CSAF, CVE records and documents\n"
"  template    import, list, show and try out templates\n"
"  settings    the site's address, the publisher, security.txt contacts\n"
"  user        add users, grant or revoke roles, name signing keys\n"
"  compliance  the SRO's dashboard: questions, evaluations, the report\n"
"  trust       the trust page: certifications, controls, sub-processors\n"
"  breach      the register of personal-data breaches (GDPR art. 33(5))\n"
"  drill       run the breach-notification procedure as a drill\n"
"  report      vulnerability reports from researchers, and their clocks\n"
"  owner       who owns each policy and playbook\n"
"  audit       verify, read and export the audit chain\n"
"  backup      copy the database safely while it is in use\n"
"  demo        open the console on a demo database\n"
"  version     print herald's version and lifecycle dates\n"
"  help        show the help of a command\n"
"\n"
"Global options (before the command):\n"
"  --db PATH      the database (default: $HERALD_DB, else\n"
"                 $XDG_DATA_HOME/herald/herald.db)\n"
"  --as LOGIN     act as LOGIN (demo and test databases only)\n"
"  -h, --help     show this help\n"
"  -V, --version  print the version; with --json, the lifecycle as JSON\n"
"\n"
"Run `herald COMMAND --help` for a command's options; `man herald` for more.\n";

static const struct cli_action commands[] = {
	{ "init", cmd_init },
	{ "incident", cmd_incident },
	{ "comm", cmd_comm },
	{ "playbook", cmd_playbook },
	{ "check", cmd_check },
	{ "cvss", cmd_cvss },
	{ "settings", cmd_settings },
	{ "template", cmd_template },
	{ "export", cmd_export },
	{ "approvals", cmd_approvals },
	{ "approve", cmd_approve },
	{ "reject", cmd_reject },
	{ "preapprove", cmd_preapprove },
	{ "publish", cmd_publish },
	{ "outbox", cmd_outbox },
	{ "subscriber", cmd_subscriber },
	{ "customer", cmd_customer },
	{ "channel", cmd_channel },
	{ "user", cmd_user },
	{ "compliance", cmd_compliance },
	{ "trust", cmd_trust },
	{ "breach", cmd_breach },
	{ "drill", cmd_drill },
	{ "report", cmd_report },
	{ "owner", cmd_owner },
	{ "audit", cmd_audit },
	{ "backup", cmd_backup },
	{ "demo", cmd_demo },
	{ "version", cmd_version },
	{ NULL, NULL },
};

static const struct cli_action *
find_command(const char *name)
{
	const struct cli_action *cmd;

	for (cmd = commands; cmd->name != NULL; cmd++)
		if (strcmp(cmd->name, name) == 0)
			return cmd;
	return NULL;
}

/* herald help [COMMAND]: the same as `herald COMMAND --help`. */
static int
run_help(struct cli *c, int argc, char **argv)
{
	const struct cli_action *cmd;
	char *args[3];

	if (argc < 2)
		return cli_help(usage);
	if (argc > 2)
		return cli_usage_error(usage, "help takes one command name");
	if ((cmd = find_command(argv[1])) == NULL)
		return cli_usage_error(usage, "unknown command '%s'", argv[1]);
	args[0] = argv[1];
	args[1] = (char *)"--help";
	args[2] = NULL;
	optind = 0;
	return cmd->fn(c, 2, args);
}

/* No command: the console, on a database that must already exist. */
static int
run_console(struct cli *c)
{
	struct session *s = NULL;
	struct err err = { 0 }, err2 = { 0 };
	char *path = NULL, *dir = NULL;
	bool is_default = false;
	enum status st;
	int rc = 0;

	if ((st = cli_open(c, DB_WRITE, &s, &err)) == ST_DENIED) {
		/* A database we may only read still opens, read-only. */
		if (cli_open(c, DB_READ, &s, &err2) == ST_OK)
			st = ST_OK;
	}
	if (st != ST_OK) {
		/* Where herald init would succeed, say so. */
		if (st == ST_NOTFOUND && paths_db(c->db_flag, &path, &is_default,
		    NULL) == ST_OK && access(path, F_OK) != 0 &&
		    (is_default || access(dir = paths_dirname(path), F_OK) == 0))
			err_set(&err, ST_NOTFOUND, "no database at %s: create one "
			    "with `herald init`, or try the console on sample data "
			    "with `herald demo`", path);
		free(path);
		free(dir);
		return cli_fail(&err);
	}
	if ((st = tui_run(s, &err)) != ST_OK)
		rc = cli_fail(&err);
	session_close(&s);
	return rc;
}

/* Flush stdout and turn a failed write (a full disk, a closed pipe) into
 * an error instead of a silent success. */
static int
finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "herald: cannot write the output: %s\n",
		    strerror(errno));
		return rc != 0 ? rc : status_exit_code(ST_IO);
	}
	return rc;
}

int
main(int argc, char **argv)
{
	enum { OPT_JSON = 256 };
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_action *cmd;
	struct cli c = { 0 };
	struct err err = { 0 };
	bool is_version = false, is_json = false;
	int ch;

	setlocale(LC_ALL, "");
	/* Numbers in output and JSON always use a '.'. */
	setlocale(LC_NUMERIC, "C");
	if (clock_init(&err) != ST_OK)
		return cli_fail(&err);

	while ((ch = cli_getopt(argc, argv, "+:hV", longopts, usage)) != -1) {
		switch (ch) {
		case 'd':
			c.db_flag = optarg;
			break;
		case 'a':
			c.as_login = optarg;
			break;
		case 'h':
			return finish(cli_help(usage));
		case 'V':
			is_version = true;
			break;
		case OPT_JSON:
			is_json = true;
			break;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	if (is_version)
		return finish(cli_print_version(is_json));
	if (is_json)
		return cli_usage_error(usage, "--json goes after the command "
		    "(herald incident list --json) or with --version");
	if (c.db_flag != NULL && *c.db_flag == '\0')
		return cli_usage_error(usage, "--db needs a path");
	if (optind >= argc)
		return finish(run_console(&c));

	argc -= optind;
	argv += optind;
	optind = 0;
	if (strcmp(argv[0], "help") == 0)
		return finish(run_help(&c, argc, argv));
	if ((cmd = find_command(argv[0])) == NULL)
		return cli_usage_error(usage, "unknown command '%s'", argv[0]);
	return finish(cmd->fn(&c, argc, argv));
}
