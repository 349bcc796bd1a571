/* core/export_changelog.c - placeholder. */
#include "core/export.h"

enum status
export_changelog(struct export_ctx *x, struct err *err)
{
	(void)x;
	return err_set(err, ST_INTERNAL, "export_changelog: not built yet");
}
