/* cli/cmd_version.c - herald version: the version and herald's own lifecycle. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/version.h"

static const char usage[] =
"usage: herald version [--json]\n"
"       herald --version [--json]\n"
"\n"
"Print herald's version and its lifecycle: release date, end of active\n"
"support, end of security support and end of life.\n"
"\n"
"  --json      the lifecycle as one JSON object, with herald's key names\n"
"              and endoflife.date's (releaseDate, support, eol, latest, lts)\n"
"  -h, --help  show this help\n";

int
cli_print_version(bool is_json)
{
	const struct version_info *v = version_get();
	char *json;

	if (is_json) {
		json = version_json();
		printf("%s\n", json);
		free(json);
		return 0;
	}
	printf("%s %s\n", v->product, v->version);
	printf("released %s; active support until %s; security fixes until %s; "
	    "end of life %s\n", v->release_date, v->active_support_end,
	    v->security_support_end, v->eol);
	return 0;
}

int
cmd_version(struct cli *c, int argc, char **argv)
{
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	int rc;

	(void)c;
	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (optind < argc)
		return cli_usage_error(usage, "version takes no arguments");
	return cli_print_version(is_json);
}
