/* core/outdir.c - placeholder. */
#include <string.h>

#include "core/outdir.h"

enum status
outdir_open(struct outdir *o, const char *root, struct err *err)
{
	(void)root;
	memset(o, 0, sizeof *o);
	return err_set(err, ST_INTERNAL, "outdir: not built yet");
}
enum status
outdir_write(struct outdir *o, const char *rel, const void *data, size_t len,
    const char *stamp, struct err *err)
{
	(void)o; (void)rel; (void)data; (void)len; (void)stamp;
	return err_set(err, ST_INTERNAL, "outdir: not built yet");
}
enum status
outdir_write_str(struct outdir *o, const char *rel, const char *text,
    const char *stamp, struct err *err)
{
	return outdir_write(o, rel, text, strlen(text), stamp, err);
}
bool
outdir_fresh(struct outdir *o, const char *rel, const char *stamp)
{
	(void)o; (void)rel; (void)stamp;
	return false;
}
char *
outdir_read(struct outdir *o, const char *rel, size_t *len)
{
	(void)o; (void)rel; *len = 0;
	return NULL;
}
enum status
outdir_close(struct outdir *o, bool prune, struct err *err)
{
	(void)o; (void)prune;
	return err_set(err, ST_INTERNAL, "outdir: not built yet");
}
void
outdir_abandon(struct outdir *o)
{
	(void)o;
}
enum status
outfile_write_atomic(const char *path, const void *data, size_t len,
    struct err *err)
{
	(void)path; (void)data; (void)len;
	return err_set(err, ST_INTERNAL, "outdir: not built yet");
}
