/* core/export_lifecycle.c - placeholder. */
#include "core/export.h"

enum status
export_lifecycle(struct export_ctx *x, struct err *err)
{
	(void)x;
	return err_set(err, ST_INTERNAL, "export_lifecycle: not built yet");
}
