/* core/export_documents.c - placeholder. */
#include "core/export.h"

enum status
export_documents(struct export_ctx *x, struct err *err)
{
	(void)x;
	return err_set(err, ST_INTERNAL, "export_documents: not built yet");
}
