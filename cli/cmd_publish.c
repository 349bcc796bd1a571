/* cli/cmd_publish.c - herald publish (to be written) */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"

int
cmd_publish(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fprintf(stderr, "herald: publish: not yet\n");
	return 2;
}
