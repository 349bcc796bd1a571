/* core/csaf.c - placeholder. */
#include <stddef.h>

#include "core/csaf.h"

int
csaf_category_from_format(const char *format)
{
	(void)format;
	return -1;
}
char *
csaf_tracking_id(const json_t *item)
{
	(void)item;
	return NULL;
}
char *
csaf_file_name(const json_t *item)
{
	(void)item;
	return NULL;
}
enum status
csaf_build(enum csaf_category cat, const json_t *site, const json_t *item,
    json_t **doc, struct err *err)
{
	(void)cat; (void)site; (void)item; *doc = NULL;
	return err_set(err, ST_INTERNAL, "csaf: not built yet");
}
enum status
csaf_render(enum csaf_category cat, const json_t *site, const json_t *item,
    char **out, size_t *len, struct err *err)
{
	(void)cat; (void)site; (void)item; *out = NULL; *len = 0;
	return err_set(err, ST_INTERNAL, "csaf: not built yet");
}
