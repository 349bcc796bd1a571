/* core/send_directory.c - the directory channel: the whole static site
 * exported into a fresh directory beside the live one, then swapped in
 * at once, so a reader never sees half a site.
 *
 * Settings: {"path": the live web root; a relative path is taken from
 * the database's folder, never from wherever herald happens to run}.
 * Only the public tree (what
 * herald export writes under site/) is placed there: the internal
 * documents and the Markdown sources an export also writes are not for
 * the web, and are removed with the staging directory. Payload:
 * {"action": "export"}. The external reference is the path. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/driver.h"
#include "core/export.h"
#include "core/outdir.h"
#include "core/publication.h"
#include "storage/db.h"
#include "util/xalloc.h"

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

/* Remove the tree at PATH, not following links; a missing one is fine. */
/*
 * The pages an assessor asks about are now served from LIVE: record them
 * there, from the manifest the export left in FRESH. The site is placed
 * whatever happens here; a failure to record only leaves the evidence
 * to the next placement or export.
 */
static void
record_placed(struct session *s, const char *fresh, const char *live)
{
	char *mpath = xasprintf("%s/%s", fresh, OUTDIR_MANIFEST);
	json_t *doc = json_load_file(mpath, 0, NULL), *files;
	struct err e = { 0 };

	files = json_object_get(doc, "files");
	if (json_is_object(files))
		(void)publication_record_export(s, fresh, live, files, files, &e);
	json_decref(doc);
	free(mpath);
}

static void
remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
fail(struct send_result *r, const char *fmt, const char *a, const char *b)
{
	r->outcome = SEND_PERMANENT;
	snprintf(r->error, sizeof r->error, fmt, a, b);
}

/* Put the tree at FRESH in the place of LIVE: one exchange of names
 * where the file system can, else two renames. The old tree is left at
 * FRESH for the caller to remove. */
static int
swap_in(const char *fresh, const char *live)
{
	struct stat st;
	char *old;
	int rc;

	if (lstat(live, &st) != 0)
		return errno == ENOENT ? rename(fresh, live) : -1;
	/* A file or a link where the site should be is not ours to replace. */
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
#ifdef RENAME_EXCHANGE
	if (renameat2(AT_FDCWD, fresh, AT_FDCWD, live, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	old = xasprintf("%s.old", fresh);
	if ((rc = rename(live, old)) == 0 && (rc = rename(fresh, live)) == 0)
		rc = rename(old, fresh);
	free(old);
	return rc;
}

static enum status
directory_start(struct send_job *j, struct send_result *r, struct err *err)
{
	const char *path = json_string_value(json_object_get(j->settings,
	    "path"));
	struct err e = { 0 };
	char *copy = NULL, *parent, *base, *fresh = NULL, *site = NULL;
	char *rel = NULL;
	enum status st;

	(void)err;
	j->easy = NULL;
	if (path == NULL || *path == '\0') {
		fail(r, "directory channel %s: its settings name no \"path\"%s",
		    j->channel->name, "");
		return ST_OK;
	}
	if (path[0] != '/') {
		copy = xstrdup(db_path(j->s->db));
		path = rel = xasprintf("%s/%s", dirname(copy), path);
		free(copy);
	}
	copy = xstrdup(path);
	base = xstrdup(basename(copy));
	free(copy);
	copy = xstrdup(path);
	parent = dirname(copy);
	fresh = xasprintf("%s/.%s.new-%ld-%lld", parent, base, (long)getpid(),
	    j->row->id);
	remove_tree(fresh);
	if (mkdir(fresh, 0755) != 0) {
		fail(r, "cannot write beside %s: %s", path, strerror(errno));
		goto end;
	}
	st = export_run_unrecorded(j->s, "all", fresh, NULL, NULL, &e);
	if (st != ST_OK) {
		remove_tree(fresh);
		fail(r, "exporting the site for %s: %s", path, e.msg);
		goto end;
	}
	site = xasprintf("%s/site", fresh);
	if (swap_in(site, path) != 0) {
		fail(r, "cannot replace %s: %s", path, strerror(errno));
		remove_tree(fresh);
		goto end;
	}
	record_placed(j->s, fresh, path);
	remove_tree(fresh);
	r->outcome = SEND_DELIVERED;
	r->external_ref = xstrdup(path);
end:
	free(rel);
	free(site);
	free(fresh);
	free(base);
	free(copy);
	return ST_OK;
}

static void
directory_finish(struct send_job *j, CURLcode cc, struct send_result *r)
{
	(void)j;
	(void)cc;
	(void)r;
}

static void
directory_cleanup(struct send_job *j)
{
	(void)j;
}

const struct channel_driver driver_directory = {
	"directory", directory_start, directory_finish, directory_cleanup,
};
