/* core/export_pages.c - placeholder. */
#include "core/export.h"

enum status
export_markdown(struct export_ctx *x, struct err *err)
{
	(void)x;
	return err_set(err, ST_INTERNAL, "export_markdown: not built yet");
}

enum status
export_html(struct export_ctx *x, struct err *err)
{
	(void)x;
	return err_set(err, ST_INTERNAL, "export_html: not built yet");
}
