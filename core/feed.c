/* core/feed.c - placeholder. */
#include "core/feed.h"

enum status
feed_render(enum feed_format f, const json_t *site, const json_t *items,
    size_t limit, char **out, size_t *len, struct err *err)
{
	(void)f; (void)site; (void)items; (void)limit; *out = NULL; *len = 0;
	return err_set(err, ST_INTERNAL, "feed: not built yet");
}
