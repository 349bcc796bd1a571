/* core/export_disclosure.c - placeholder. */
#include "core/export.h"

enum status
export_disclosure(struct export_ctx *x, struct err *err)
{
	(void)x;
	return err_set(err, ST_INTERNAL, "export_disclosure: not built yet");
}
