/* cli/cmd_approve.c - placeholder. */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>

int
cmd_approve(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fprintf(stderr, "herald: not built yet\n");
	return 1;
}

int
cmd_reject(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fprintf(stderr, "herald: not built yet\n");
	return 1;
}

int
cmd_approvals(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fprintf(stderr, "herald: not built yet\n");
	return 1;
}
