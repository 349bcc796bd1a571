/* core/docmodel.c - placeholder. */
#include <string.h>

#include "core/docmodel.h"
#include "util/xalloc.h"

enum status
docmodel_load(struct session *s, const struct docmodel_opts *o,
    struct docmodel *m, struct err *err)
{
	(void)s; (void)o;
	memset(m, 0, sizeof *m);
	return err_set(err, ST_INTERNAL, "docmodel: not built yet");
}
void
docmodel_clear(struct docmodel *m)
{
	json_decref(m->site);
	json_decref(m->items);
	json_decref(m->products);
	memset(m, 0, sizeof *m);
}
enum status
docmodel_item_draft(struct session *s, const struct comm_doc *d,
    const json_t *site, json_t **out, struct err *err)
{
	(void)s; (void)d; (void)site; *out = NULL;
	return err_set(err, ST_INTERNAL, "docmodel: not built yet");
}
json_t *
docmodel_find(const struct docmodel *m, long long id)
{
	(void)m; (void)id;
	return NULL;
}
char *
docmodel_clean_text(const char *text)
{
	return xstrdup(text);
}
