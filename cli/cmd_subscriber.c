/* cli/cmd_subscriber.c - herald subscriber (to be written) */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"

int
cmd_subscriber(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fprintf(stderr, "herald: subscriber: not yet\n");
	return 2;
}
