/* cli/cmd_template.c - placeholder. */
#include "config.h"

#include "cli/cli.h"

int
cmd_template(struct cli *c, int argc, char **argv)
{
	struct err err = { 0 };

	(void)c; (void)argc; (void)argv;
	err_set(&err, ST_INTERNAL, "template: not built yet");
	return cli_fail(&err);
}
