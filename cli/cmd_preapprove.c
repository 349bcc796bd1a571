/* cli/cmd_preapprove.c - placeholder. */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>

int
cmd_preapprove(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fprintf(stderr, "herald: not built yet\n");
	return 1;
}
