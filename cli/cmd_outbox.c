/* cli/cmd_outbox.c - herald outbox (to be written) */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"

int
cmd_outbox(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fprintf(stderr, "herald: outbox: not yet\n");
	return 2;
}
