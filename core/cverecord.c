/* core/cverecord.c - placeholder. */
#include <stddef.h>

#include "core/cverecord.h"

enum status
cverecord_render(const json_t *site, const json_t *item, const char *cve_id,
    char **out, size_t *len, struct err *err)
{
	(void)site; (void)item; (void)cve_id; *out = NULL; *len = 0;
	return err_set(err, ST_INTERNAL, "cve: not built yet");
}
enum status
cverecord_build(const json_t *site, const json_t *item, const char *cve_id,
    json_t **rec, struct err *err)
{
	(void)site; (void)item; (void)cve_id; *rec = NULL;
	return err_set(err, ST_INTERNAL, "cve: not built yet");
}
