/* core/render.c - placeholder. */
#include <stdlib.h>
#include <string.h>

#include "core/render.h"

void
rendered_clear(struct rendered *r)
{
	free(r->text);
	free(r->media_type);
	free(r->template_name);
	memset(r, 0, sizeof *r);
}
enum status
render_output(struct session *s, const json_t *item,
    const struct pb_output *o, struct rendered *out, struct err *err)
{
	(void)s; (void)item; (void)o; (void)out;
	return err_set(err, ST_INTERNAL, "render: not built yet");
}
enum status
render_template(struct session *s, const char *name,
    const json_t *data, struct rendered *out, struct err *err)
{
	(void)s; (void)name; (void)data; (void)out;
	return err_set(err, ST_INTERNAL, "render: not built yet");
}
enum status
render_template_first(struct session *s, const char *const *names,
    const json_t *data, struct rendered *out, struct err *err)
{
	(void)s; (void)names; (void)data; (void)out;
	return err_set(err, ST_INTERNAL, "render: not built yet");
}
char *
render_markdown_html(const char *md, size_t len)
{
	(void)md; (void)len;
	return NULL;
}
enum status
render_page(struct session *s, const json_t *site, const char *title,
    const char *page, const char *fragment, struct rendered *out,
    struct err *err)
{
	(void)s; (void)site; (void)title; (void)page; (void)fragment; (void)out;
	return err_set(err, ST_INTERNAL, "render: not built yet");
}
