/* cli/cmd_export.c - placeholder. */
#include "config.h"

#include "cli/cli.h"

int
cmd_export(struct cli *c, int argc, char **argv)
{
	struct err err = { 0 };

	(void)c; (void)argc; (void)argv;
	err_set(&err, ST_INTERNAL, "export: not built yet");
	return cli_fail(&err);
}
