/* core/export_procedure.c - (to be written). */
#include "config.h"

#include "core/export.h"

enum status
export_procedure(struct export_ctx *x, struct err *err)
{
	(void)x;
	(void)err;
	return ST_OK;
}
