/* cli/cmd_customer.c - herald customer (to be written) */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"

int
cmd_customer(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fprintf(stderr, "herald: customer: not yet\n");
	return 2;
}
