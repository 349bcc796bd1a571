/* cli/cmd_trust.c - herald trust: (to be written). */
#include "config.h"

#include "cli/cli.h"

static const char usage[] =
"usage: herald trust ...\n";

int
cmd_trust(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = { { .name = NULL } };
	int rc = 0;

	(void)c;
	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	return cli_usage_error(usage, "not written yet");
}
