/* core/export_cve.c - placeholder. */
#include "core/export.h"

enum status
export_cve(struct export_ctx *x, struct err *err)
{
	(void)x;
	return err_set(err, ST_INTERNAL, "export_cve: not built yet");
}
