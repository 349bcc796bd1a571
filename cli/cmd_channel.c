/* cli/cmd_channel.c - herald channel (to be written) */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"

int
cmd_channel(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fprintf(stderr, "herald: channel: not yet\n");
	return 2;
}
