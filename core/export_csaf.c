/* core/export_csaf.c - placeholder. */
#include "core/export.h"

enum status
export_csaf(struct export_ctx *x, struct err *err)
{
	(void)x;
	return err_set(err, ST_INTERNAL, "export_csaf: not built yet");
}
