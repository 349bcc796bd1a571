/* cli/cmd_comm.c - placeholder. */
#include "config.h"

#include "cli/cli.h"

int
cmd_comm(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	return cli_usage_error("usage: herald comm\n", "not yet");
}
