/* cli/cmd_playbook.c - placeholder. */
#include "config.h"

#include "cli/cli.h"

int
cmd_playbook(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	return cli_usage_error("usage: herald playbook\n", "not yet");
}
