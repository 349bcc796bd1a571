/* core/outdir.c - the directory an export writes into: whole files only
 * (temporary file, rename; flushed to disk once, before the manifest),
 * nothing rewritten that did not change,
 * and a manifest of what herald wrote, so that only herald's own files
 * are ever pruned. */
#include "config.h"

#include "core/outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hash.h"
#include "core/paths.h"
#include "core/text.h"
#include "util/xalloc.h"

#define MANIFEST_VERSION 1
/* Files up to this size are hashed to tell whether they are fresh; a
 * bigger one is trusted by its size (reading it is what we try to save). */
#define FRESH_HASH_MAX (1024 * 1024)
#define TMP_TEMPLATE ".herald-tmp.XXXXXX"

/* REL fit for a message: control characters and bytes that are not
 * printable ASCII as \xNN, quotes escaped, cut when long. */
static void
quote_rel(const char *rel, char *buf, size_t n)
{
	const unsigned char *p;
	size_t used = 0;
	int w;

	buf[0] = '\0';
	if (rel == NULL) {
		snprintf(buf, n, "(none)");
		return;
	}
	for (p = (const unsigned char *)rel; *p != '\0' && used + 8 < n; p++) {
		if (*p < 0x20 || *p == 0x7f)
			w = snprintf(buf + used, n - used, "\\x%02x", *p);
		else if (*p == '"' || *p == '\\')
			w = snprintf(buf + used, n - used, "\\%c", *p);
		else
			w = snprintf(buf + used, n - used, "%c", *p);
		used += (size_t)w;
	}
	if (*p != '\0')
		snprintf(buf + used, n - used, "...");
}

/* Why REL is not a relative path herald may write, or NULL when it is. */
static const char *
rel_problem(const char *rel)
{
	const char *p, *part;
	size_t len;

	if (rel == NULL || *rel == '\0')
		return "empty";
	if (*rel == '/')
		return "absolute (it must be relative to the output directory)";
	if (strlen(rel) >= PATH_MAX / 2)
		return "too long";
	for (p = rel; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "holds a control character";
		if (*p == '\\')
			return "holds a backslash (parts are separated by '/')";
	}
	if (!text_utf8_valid(rel))
		return "is not valid UTF-8";
	for (part = rel; ; part = p + 1) {
		p = strchr(part, '/');
		len = p != NULL ? (size_t)(p - part) : strlen(part);
		if (len == 0)
			return "has an empty part";
		if ((len == 1 && part[0] == '.') ||
		    (len == 2 && part[0] == '.' && part[1] == '.'))
			return "has a \".\" or \"..\" part";
		if (len > NAME_MAX)
			return "has a part longer than a file name may be";
		if (p == NULL)
			break;
	}
	if (strcmp(rel, OUTDIR_MANIFEST) == 0)
		return "is herald's manifest";
	return NULL;
}

static enum status
check_rel(const char *rel, struct err *err)
{
	const char *why = rel_problem(rel);
	char q[200];

	if (why == NULL)
		return ST_OK;
	quote_rel(rel, q, sizeof q);
	return err_set(err, ST_INVALID, "output path \"%s\": %s", q, why);
}

static char *
full_path(const struct outdir *o, const char *rel)
{
	return xasprintf("%s/%s", o->root, rel);
}

/* Whether the file at PATH holds exactly the LEN bytes at DATA. */
static bool
same_bytes(const char *path, const void *data, size_t len)
{
	char buf[65536];
	const char *want = data;
	size_t off = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return false;
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((size_t)n > len - off ||
		    memcmp(buf, want + off, (size_t)n) != 0) {
			off = len + 1;
			break;
		}
		off += (size_t)n;
	}
	close(fd);
	return n == 0 && off == len;
}

/* The whole of the regular file PATH (not through a symbolic link), with
 * a NUL after it, or NULL. */
static char *
slurp(const char *path, size_t *lenp)
{
	struct stat sb;
	char *data = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd;

	*lenp = 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return NULL;
	}
	cap = (size_t)sb.st_size + 1;
	data = xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap) {     /* it grew while we read */
			cap *= 2;
			data = xreallocarray(data, cap, 1);
		}
		n = read(fd, data + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (n < 0) {
		free(data);
		return NULL;
	}
	data[len] = '\0';
	*lenp = len;
	return data;
}

static enum status
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ST_IO;
		p += n;
		len -= (size_t)n;
	}
	return ST_OK;
}

/* The temporary file's steps: a file beside PATH, written whole,
 * readable by a web server, then renamed over PATH, so a reader sees the
 * old bytes or the new ones, never a mix. With IS_DURABLE it is flushed
 * to disk before the rename; an export instead flushes its whole file
 * system once at the end (outdir_close()), as one fsync per file would
 * cost more than the writing. */
static enum status
write_atomic(const char *path, const void *data, size_t len, bool is_durable,
    struct err *err)
{
	char *dir = paths_dirname(path), *tmp;
	const char *what;
	enum status st = ST_OK;
	int fd, e;

	tmp = xasprintf("%s/" TMP_TEMPLATE, dir);
	if ((fd = mkstemp(tmp)) < 0) {
		st = err_set(err, ST_IO, "cannot create a file in %s: %s", dir,
		    strerror(errno));
		goto end;
	}
	what = NULL;
	if (write_all(fd, data, len) != ST_OK)
		what = "write";
	else if (is_durable && fsync(fd) != 0)
		what = "flush";
	else if (fchmod(fd, 0644) != 0)
		what = "set the mode of";
	e = errno;
	if (close(fd) != 0 && what == NULL) {
		what = "write";
		e = errno;
	}
	if (what == NULL && rename(tmp, path) != 0) {
		what = "rename into place";
		e = errno;
	}
	if (what != NULL) {
		unlink(tmp);
		st = err_set(err, ST_IO, "cannot %s %s: %s", what, path,
		    strerror(e));
	}
end:
	free(tmp);
	free(dir);
	return st;
}

enum status
outfile_write_atomic(const char *path, const void *data, size_t len,
    struct err *err)
{
	struct stat sb;

	if (path == NULL || *path == '\0')
		return err_set(err, ST_INVALID, "no file name given");
	if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return err_set(err, ST_IO, "cannot write %s: it is a directory",
		    path);
	return write_atomic(path, data, len, true, err);
}

/* ---- the manifest ---- */

/* The "files" of a manifest read from disk, keeping only entries that
 * are sound: a hand-edited or hostile manifest must not make herald
 * remove (or trust) anything outside the directory. */
static json_t *
manifest_files(json_t *doc)
{
	json_t *files = json_object(), *in, *e;
	const char *rel;

	if (!json_is_object(doc) ||
	    json_integer_value(json_object_get(doc, "version")) !=
	    MANIFEST_VERSION)
		return files;
	in = json_object_get(doc, "files");
	if (!json_is_object(in))
		return files;
	json_object_foreach(in, rel, e) {
		if (rel_problem(rel) != NULL || !json_is_object(e) ||
		    !hash_is_sha256_hex(json_string_value(
		    json_object_get(e, "sha256"))) ||
		    !json_is_integer(json_object_get(e, "bytes")) ||
		    json_integer_value(json_object_get(e, "bytes")) < 0)
			continue;
		jput(files, rel, json_incref(e));
	}
	return files;
}

static void
manifest_note(struct outdir *o, const char *rel, const void *data,
    size_t len, const char *stamp)
{
	char hex[HASH_HEX_SIZE];
	json_t *e;

	hash_sha256_hex(data, len, hex);
	e = json_pack("{s:s, s:I}", "sha256", hex, "bytes", (json_int_t)len);
	if (stamp != NULL)
		jput(e, "stamp", json_string(stamp));
	jput(o->manifest, rel, e);
	jput(o->seen, rel, json_true());
}

enum status
outdir_open(struct outdir *o, const char *root, struct err *err)
{
	json_t *doc;
	char *path;
	size_t n;
	enum status st;

	memset(o, 0, sizeof *o);
	if (root == NULL || *root == '\0')
		return err_set(err, ST_INVALID, "no output directory given");
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if ((st = paths_mkdir_p(root, 0755, err)) != ST_OK) {
		/* Whatever the cause, for the caller it is the disk's. */
		if (err != NULL)
			err->code = ST_IO;
		return ST_IO;
	}
	o->root = xstrndup(root, n);
	path = full_path(o, OUTDIR_MANIFEST);
	doc = json_load_file(path, 0, NULL);
	o->manifest = manifest_files(doc);
	if ((o->seen = json_object()) == NULL || o->manifest == NULL)
		die("out of memory");
	json_decref(doc);
	free(path);
	return ST_OK;
}

/* ---- writing ---- */

/* Create the directories of REL below the root (0755 whatever the
 * umask: a web server must read them). Something that is not a
 * directory in the way is refused, never removed. */
static enum status
make_parents(struct outdir *o, const char *rel, struct err *err)
{
	char *path = full_path(o, rel), *p;
	struct stat sb;
	enum status st = ST_OK;

	for (p = path + strlen(o->root) + 1; (p = strchr(p, '/')) != NULL;
	    p++) {
		*p = '\0';
		if (stat(path, &sb) == 0) {
			if (!S_ISDIR(sb.st_mode)) {
				st = err_set(err, ST_IO, "cannot write below %s: "
				    "it is in the way and not a directory (move "
				    "it away)", path);
				break;
			}
		} else if (mkdir(path, 0755) == 0) {
			(void)chmod(path, 0755);
		} else if (errno != EEXIST) {
			st = err_set(err, ST_IO, "cannot create directory %s: %s",
			    path, strerror(errno));
			break;
		}
		*p = '/';
	}
	free(path);
	return st;
}

enum status
outdir_write(struct outdir *o, const char *rel, const void *data, size_t len,
    const char *stamp, struct err *err)
{
	struct stat sb;
	char *path = NULL;
	enum status st;

	if ((st = check_rel(rel, err)) != ST_OK)
		return st;
	if (data == NULL && len > 0)
		return err_set(err, ST_INVALID, "output %s: no data", rel);
	if (data == NULL)
		data = "";
	path = full_path(o, rel);
	if (lstat(path, &sb) == 0) {
		if (S_ISLNK(sb.st_mode))
			st = err_set(err, ST_IO, "cannot write %s: a symbolic link "
			    "is in its place, and herald writes only files of its "
			    "own (remove the link)", path);
		else if (S_ISDIR(sb.st_mode))
			st = err_set(err, ST_IO, "cannot write %s: a directory is "
			    "in its place (move it away)", path);
		else if (!S_ISREG(sb.st_mode))
			st = err_set(err, ST_IO, "cannot write %s: something that "
			    "is not a file is in its place", path);
		else if ((size_t)sb.st_size == len &&
		    same_bytes(path, data, len)) {
			o->n_unchanged++;
			manifest_note(o, rel, data, len, stamp);
			goto end;
		}
		if (st != ST_OK)
			goto end;
	} else if (errno != ENOENT && errno != ENOTDIR) {
		st = err_set(err, ST_IO, "cannot write %s: %s", path,
		    strerror(errno));
		goto end;
	}
	if ((st = make_parents(o, rel, err)) != ST_OK ||
	    (st = write_atomic(path, data, len, false, err)) != ST_OK)
		goto end;
	o->n_written++;
	o->bytes_written += len;
	manifest_note(o, rel, data, len, stamp);
end:
	free(path);
	return st;
}

enum status
outdir_write_str(struct outdir *o, const char *rel, const char *text,
    const char *stamp, struct err *err)
{
	return outdir_write(o, rel, text, text != NULL ? strlen(text) : 0,
	    stamp, err);
}

/* Whether the regular file PATH has the size and hash of manifest entry
 * E (the hash only when cheap to compute, or when ALWAYS_HASH). */
static bool
matches_entry(const char *path, const json_t *e, bool always_hash)
{
	const char *want = json_string_value(json_object_get(e, "sha256"));
	json_int_t bytes = json_integer_value(json_object_get(e, "bytes"));
	char hex[HASH_HEX_SIZE], *data;
	struct stat sb;
	size_t len;
	bool ok;

	if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size != (off_t)bytes)
		return false;
	if (!always_hash && bytes > FRESH_HASH_MAX)
		return true;
	if ((data = slurp(path, &len)) == NULL)
		return false;
	hash_sha256_hex(data, len, hex);
	ok = want != NULL && strcmp(hex, want) == 0;
	free(data);
	return ok;
}

bool
outdir_fresh(struct outdir *o, const char *rel, const char *stamp)
{
	const json_t *e;
	const char *was;
	char *path;
	bool ok;

	if (stamp == NULL || rel_problem(rel) != NULL ||
	    (e = json_object_get(o->manifest, rel)) == NULL ||
	    (was = json_string_value(json_object_get(e, "stamp"))) == NULL ||
	    strcmp(was, stamp) != 0)
		return false;
	path = full_path(o, rel);
	ok = matches_entry(path, e, false);
	free(path);
	if (ok) {
		o->n_kept++;
		jput(o->seen, rel, json_true());
	}
	return ok;
}

char *
outdir_read(struct outdir *o, const char *rel, size_t *len)
{
	char *path, *data;

	*len = 0;
	if (rel_problem(rel) != NULL)
		return NULL;
	path = full_path(o, rel);
	data = slurp(path, len);
	free(path);
	return data;
}

/* ---- closing ---- */

/* Remove the directories of REL that are left empty, deepest first;
 * rmdir(2) refuses any that still hold something. */
static void
remove_empty_parents(const struct outdir *o, const char *rel)
{
	char *path = full_path(o, rel), *slash;
	size_t root_len = strlen(o->root);

	while ((slash = strrchr(path, '/')) != NULL &&
	    (size_t)(slash - path) > root_len) {
		*slash = '\0';
		if (rmdir(path) != 0)
			break;
	}
	free(path);
}

/* Remove what an earlier run wrote and this one did not: only files the
 * manifest lists and that still hold the bytes herald wrote there (a file
 * someone replaced is theirs now, and stays). */
static enum status
prune(struct outdir *o, struct err *err)
{
	const char *rel;
	json_t *e, *tmp;
	char *path;
	enum status st = ST_OK;

	json_object_foreach_safe(o->manifest, tmp, rel, e) {
		if (json_object_get(o->seen, rel) != NULL)
			continue;
		path = full_path(o, rel);
		if (matches_entry(path, e, true)) {
			if (unlink(path) != 0 && errno != ENOENT) {
				st = err_set(err, ST_IO, "cannot remove %s: %s",
				    path, strerror(errno));
				free(path);
				break;
			}
			remove_empty_parents(o, rel);
		}
		free(path);
		json_object_del(o->manifest, rel);
	}
	return st;
}

static void
outdir_free(struct outdir *o)
{
	free(o->root);
	json_decref(o->manifest);
	json_decref(o->seen);
	o->root = NULL;
	o->manifest = NULL;
	o->seen = NULL;
}

/* Flush the file system O's root lives on. */
static enum status
sync_root(struct outdir *o, struct err *err)
{
	int fd = open(o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	enum status st = ST_OK;

	if (fd < 0 || syncfs(fd) != 0)
		st = err_set(err, ST_IO, "cannot flush %s to disk: %s", o->root,
		    strerror(errno));
	if (fd >= 0)
		close(fd);
	return st;
}

enum status
outdir_close(struct outdir *o, bool do_prune, struct err *err)
{
	json_t *doc;
	char *text = NULL, *path = NULL;
	struct stat sb;
	enum status st = ST_OK;

	if (o->root == NULL)
		return err_set(err, ST_INTERNAL, "output directory not open");
	if (do_prune && (st = prune(o, err)) != ST_OK)
		goto end;
	doc = json_pack("{s:i, s:O}", "version", MANIFEST_VERSION, "files",
	    o->manifest);
	text = json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(1));
	json_decref(doc);
	if (text == NULL)
		die("cannot encode the export manifest");
	path = full_path(o, OUTDIR_MANIFEST);
	/* Unchanged: leave it be, so an export that changed nothing changes
	 * nothing on disk. */
	if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (size_t)sb.st_size == strlen(text) &&
	    same_bytes(path, text, strlen(text)))
		goto end;
	/* What this run wrote reaches the disk before the manifest that
	 * vouches for it. */
	if (o->n_written > 0 && (st = sync_root(o, err)) != ST_OK)
		goto end;
	st = write_atomic(path, text, strlen(text), true, err);
end:
	free(text);
	free(path);
	outdir_free(o);
	return st;
}

void
outdir_abandon(struct outdir *o)
{
	if (o != NULL)
		outdir_free(o);
}
