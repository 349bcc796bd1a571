/* cli/main.c - herald's entry point: global options, then a subcommand. */
#include "config.h"

#include <stdio.h>

#include "core/clock.h"

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("herald %s\n", PACKAGE_VERSION);
	return 0;
}
