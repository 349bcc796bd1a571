/* core/mustache.c - placeholder. */
#include "core/mustache.h"

enum status
mustache_render(const char *tmpl, const struct mustache_opts *o,
    const json_t *data, char **out, struct err *err)
{
	(void)tmpl; (void)o; (void)data; *out = NULL;
	return err_set(err, ST_INTERNAL, "mustache: not built yet");
}
enum status
mustache_check(const char *tmpl, const char *source, struct err *err)
{
	(void)tmpl; (void)source;
	return err_set(err, ST_INTERNAL, "mustache: not built yet");
}
enum mustache_escape
mustache_escape_for(const char *name)
{
	(void)name;
	return MUSTACHE_ESCAPE_NONE;
}
char *
mustache_escape_text(enum mustache_escape esc, const char *s, size_t n)
{
	(void)esc; (void)s; (void)n;
	return NULL;
}
