/* cli/cmd_cvss.c - placeholder. */
#include "config.h"

#include "cli/cli.h"

int
cmd_cvss(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	return cli_usage_error("usage: herald cvss\n", "not yet");
}
