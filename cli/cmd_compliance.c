/* cli/cmd_compliance.c - herald compliance: (to be written). */
#include "config.h"

#include "cli/cli.h"

static const char usage[] =
"usage: herald compliance ...\n";

int
cmd_compliance(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = { { .name = NULL } };
	int rc = 0;

	(void)c;
	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	return cli_usage_error(usage, "not written yet");
}
