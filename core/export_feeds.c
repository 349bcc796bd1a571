/* core/export_feeds.c - placeholder. */
#include "core/export.h"

enum status
export_feeds(struct export_ctx *x, struct err *err)
{
	(void)x;
	return err_set(err, ST_INTERNAL, "export_feeds: not built yet");
}
