/* cli/cmd_check.c - placeholder. */
#include "config.h"

#include "cli/cli.h"

int
cmd_check(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	return cli_usage_error("usage: herald check\n", "not yet");
}
