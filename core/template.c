/* core/template.c - stores template versions by content hash, each audited;
 * imports them from the shipped and configuration directories; renders a
 * template file with its partials beside it, for people writing their own. */
#include "config.h"

#include "core/template.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/paths.h"
#include "core/review.h"
#include "util/xalloc.h"

/* Folders followed below a templates directory (symbolic links may loop). */
#define DIR_DEPTH_MAX 16

void
template_hash(const char *body, char *hex)
{
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	if (body == NULL)
		body = "";
	if (EVP_Digest(body, strlen(body), sum, &n, EVP_sha256(), NULL) != 1)
		die("SHA-256 unavailable");
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
}

static enum status
check_name(const char *name, struct err *err)
{
	const char *p;

	if (name == NULL || *name == '\0')
		return err_set(err, ST_INVALID, "name: a template needs a name");
	if (strlen(name) > TEMPLATE_NAME_MAX)
		return err_set(err, ST_INVALID, "name: at most %d characters (got "
		    "%zu)", TEMPLATE_NAME_MAX, strlen(name));
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("._-/", *p) != NULL))
			return err_set(err, ST_INVALID, "name %s: use letters, "
			    "digits, '.', '_', '-' and '/' only", name);
	if (*name == '/' || *name == '.' || name[strlen(name) - 1] == '/' ||
	    strstr(name, "//") != NULL || strstr(name, "/.") != NULL)
		return err_set(err, ST_INVALID, "name %s: parts may not be empty "
		    "or start with '.'", name);
	return ST_OK;
}

/* Whether BODY may be stored as template NAME from SOURCE. */
static enum status
store_check(const char *name, const char *body, const char *source,
    struct err *err)
{
	enum status st;

	if ((st = check_name(name, err)) != ST_OK)
		return st;
	if (body == NULL || *body == '\0')
		return err_set(err, ST_INVALID, "body: template %s is empty", name);
	if (strlen(body) > TEMPLATE_BODY_MAX)
		return err_set(err, ST_INVALID, "body: at most %d bytes (got %zu)",
		    TEMPLATE_BODY_MAX, strlen(body));
	if (source != NULL && strlen(source) > TEMPLATE_SOURCE_MAX)
		return err_set(err, ST_INVALID, "source: at most %d characters "
		    "(got %zu)", TEMPLATE_SOURCE_MAX, strlen(source));
	return mustache_check(body, source != NULL && *source != '\0' ?
	    source : name, err);
}

/*
 * Inside the caller's write transaction, write BODY as the next version of
 * NAME unless the newest version holds it already. T gets the version (with
 * its id and HEX, the hash, when written); *IS_NEW says whether it was.
 * The caller writes the audit row.
 */
static enum status
store_version(struct session *s, const char *name, const char *body,
    const char *source, char *hex, struct template_row *t, bool *is_new,
    struct err *err)
{
	struct template_row latest = { 0 };
	char now[CLOCK_BUFSZ];
	enum status st;

	*is_new = false;
	template_hash(body, hex);
	clock_now_str(now);
	st = q_template_latest(s->db, name, &latest, err);
	if (st == ST_NOTFOUND) {
		err_clear(err);
		st = ST_OK;
	} else if (st != ST_OK)
		goto end;
	else if (strcmp(latest.hash, hex) == 0) {
		t->version = latest.version;    /* same body: nothing to store */
		goto end;
	}
	t->name = (char *)name;
	t->version = latest.version + 1;
	t->hash = hex;
	t->body = (char *)body;
	t->source = (char *)(source != NULL ? source : "");
	t->imported_at = now;
	if ((st = q_template_insert(s->db, t, err)) == ST_OK)
		*is_new = true;
	t->imported_at = NULL;          /* NOW goes out of scope */
end:
	template_row_clear(&latest);
	return st;
}

enum status
template_store(struct session *s, const char *name, const char *body,
    const char *source, long long *version, struct err *err)
{
	struct template_row t = { 0 };
	char hex[65];
	enum status st;
	bool is_new;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = store_check(name, body, source, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	st = store_version(s, name, body, source, hex, &t, &is_new, err);
	/* The source path stays out: it may hold someone's home directory. */
	if (st == ST_OK && is_new)
		st = audit_record(s->db, s->actor, "template.store", "template",
		    t.id, err, "{s:s, s:I, s:s}", "name", name, "version",
		    (json_int_t)t.version, "hash", hex);
	st = db_end(s->db, st, err);
	if (st == ST_OK && version != NULL)
		*version = t.version;
	return st;
}

enum status
template_get_latest(struct session *s, const char *name,
    struct template_row *out, struct err *err)
{
	enum status st;

	if ((st = check_name(name, err)) != ST_OK)
		return st;
	return q_template_latest(s->db, name, out, err);
}

enum status
template_get(struct session *s, const char *name, long long version,
    struct template_row *out, struct err *err)
{
	enum status st;

	if ((st = check_name(name, err)) != ST_OK)
		return st;
	if (version <= 0)
		return err_set(err, ST_INVALID, "version: template versions start "
		    "at 1");
	return q_template_get(s->db, name, version, out, err);
}

enum status
template_list(struct session *s, struct rowlist *out, struct err *err)
{
	return q_template_list_latest(s->db, out, err);
}

/* --- reading template files -------------------------------------------- */

/* Whether PATH is a regular file (following symbolic links). */
static bool
is_regular(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Read the file PATH into *BODY (caller frees): a regular file of at most
 * TEMPLATE_BODY_MAX bytes and no NUL byte. */
static enum status
read_body(const char *path, char **body, struct err *err)
{
	struct stat sb;
	enum status st = ST_OK;
	char *p = NULL;
	size_t n = 0;
	FILE *f;

	*body = NULL;
	if ((f = fopen(path, "rb")) == NULL)
		return err_set(err, errno == ENOENT ? ST_NOTFOUND : ST_IO,
		    "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		st = err_set(err, ST_INVALID, "%s: not a regular file", path);
		goto end;
	}
	if (sb.st_size > TEMPLATE_BODY_MAX) {
		st = err_set(err, ST_INVALID, "%s: a template has at most %d "
		    "bytes (this one %lld)", path, TEMPLATE_BODY_MAX,
		    (long long)sb.st_size);
		goto end;
	}
	p = xmalloc((size_t)sb.st_size + 1);
	n = fread(p, 1, (size_t)sb.st_size, f);
	if (ferror(f)) {
		st = err_set(err, ST_IO, "%s: %s", path, strerror(errno));
		goto end;
	}
	p[n] = '\0';
	if (memchr(p, '\0', n) != NULL)
		st = err_set(err, ST_INVALID, "%s: not a text file (a NUL byte "
		    "at offset %zu)", path, (size_t)((char *)memchr(p, '\0', n) -
		    p));
end:
	fclose(f);
	if (st == ST_OK)
		*body = p;
	else
		free(p);
	return st;
}

/* The offset of the first byte of S (N bytes) that is not UTF-8, or N. */
static size_t
utf8_invalid(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	unsigned long cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			len = 2;
			cp = s[i] & 0x1f;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			len = 3;
			cp = s[i] & 0x0f;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			len = 4;
			cp = s[i] & 0x07;
		} else
			return i;
		if (i + len > n)
			return i;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return i;
		i += len;
	}
	return n;
}

/* ST_INVALID naming PATH:LINE:COL unless BODY is UTF-8: what a stored
 * template renders must be. */
static enum status
utf8_check(const char *body, const char *path, struct err *err)
{
	size_t n = strlen(body), bad = utf8_invalid((const unsigned char *)body,
	    n), i;
	int line = 1, col = 1;

	if (bad == n)
		return ST_OK;
	for (i = 0; i < bad; i++)
		if (body[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)body[i] & 0xc0) != 0x80)
			col++;
	return err_set(err, ST_INVALID, "%s:%d:%d: not UTF-8 (byte 0x%02x)",
	    path, line, col, (unsigned char)body[bad]);
}

/* --- importing --------------------------------------------------------- */

struct tfile {
	char *name;
	char *path;
};

struct tfiles {
	struct tfile *v;
	size_t        n, cap;
};

static void
tfiles_free(struct tfiles *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].path);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int
tfile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tfile *)a)->name,
	    ((const struct tfile *)b)->name);
}

/* Add template NAME read from PATH to L. When L has NAME already, the first
 * stays; with IS_DUP_ERROR that is refused instead. */
static enum status
tfiles_add(struct tfiles *l, const char *name, const char *path,
    bool is_dup_error, struct err *err)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0) {
			if (!is_dup_error)
				return ST_OK;
			return err_set(err, ST_INVALID, "template %s: both %s "
			    "and %s; import one of them", name, l->v[i].path,
			    path);
		}
	if (l->n == l->cap) {
		l->cap = l->cap > 0 ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n].name = xstrdup(name);
	l->v[l->n].path = xstrdup(path);
	l->n++;
	return ST_OK;
}

/* Whether directory entry NAME is left out: dotfiles (editors' swap files
 * too), backups NAME~ and Emacs' #NAME#. */
static bool
is_skipped(const char *name)
{
	size_t n = strlen(name);

	return n == 0 || name[0] == '.' || name[n - 1] == '~' ||
	    (name[0] == '#' && name[n - 1] == '#');
}

/* Add the files under DIR, named PREFIX/ENTRY (ENTRY without a PREFIX),
 * to L; DEPTH folders down. A missing DIR adds nothing. */
static enum status
collect(const char *dir, const char *prefix, int depth, bool is_dup_error,
    struct tfiles *l, struct err *err)
{
	struct dirent *e;
	struct stat sb;
	enum status st = ST_OK;
	char *path, *name;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? ST_OK : err_set(err, ST_IO, "%s: %s",
		    dir, strerror(errno));
	while (st == ST_OK && (e = readdir(d)) != NULL) {
		if (is_skipped(e->d_name))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		name = prefix != NULL ? xasprintf("%s/%s", prefix, e->d_name) :
		    xstrdup(e->d_name);
		if (stat(path, &sb) != 0) {
			/* A dangling link is nothing to import. */
			if (errno != ENOENT)
				st = err_set(err, ST_IO, "%s: %s", path,
				    strerror(errno));
		} else if (S_ISDIR(sb.st_mode)) {
			if (depth >= DIR_DEPTH_MAX)
				st = err_set(err, ST_INVALID, "%s: folders "
				    "nested more than %d deep (a link to a "
				    "folder above?)", path, DIR_DEPTH_MAX);
			else
				st = collect(path, name, depth + 1,
				    is_dup_error, l, err);
		} else if (S_ISREG(sb.st_mode))
			st = tfiles_add(l, name, path, is_dup_error, err);
		free(path);
		free(name);
	}
	closedir(d);
	return st;
}

/* Store one file of an import, counting into *C and adding a new version
 * to NEWS. */
static enum status
import_one(struct session *s, const struct tfile *f,
    struct template_counts *c, json_t *news, struct err *err)
{
	struct template_row t = { 0 };
	enum status st;
	char *body = NULL, hex[65];
	bool is_new;

	if ((st = read_body(f->path, &body, err)) != ST_OK)
		return st;
	if ((st = utf8_check(body, f->path, err)) != ST_OK)
		goto end;
	if ((st = store_check(f->name, body, f->path, err)) != ST_OK) {
		/* Mustache errors name the file already; the rest need it. */
		if (err != NULL && strncmp(err->msg, f->path,
		    strlen(f->path)) != 0)
			err_prefix(err, "%s", f->path);
		goto end;
	}
	if ((st = store_version(s, f->name, body, f->path, hex, &t, &is_new,
	    err)) != ST_OK)
		goto end;
	c->n++;
	if (is_new) {
		c->n_new++;
		json_array_append_new(news, json_pack("{s:s, s:I, s:s}", "name",
		    f->name, "version", (json_int_t)t.version, "hash", hex));
	}
end:
	free(body);
	return st;
}

/* Store every file of L, all or none, in one audit row. */
static enum status
import_list(struct session *s, struct tfiles *l, struct template_counts *c,
    struct err *err)
{
	struct template_counts k = { 0 };
	json_t *news = json_array();
	enum status st;
	size_t i;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		goto end;
	if (l->n > 0)
		qsort(l->v, l->n, sizeof *l->v, tfile_cmp);
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto end;
	for (i = 0; i < l->n && st == ST_OK; i++)
		st = import_one(s, &l->v[i], &k, news, err);
	/* One row for the whole import, whatever the number of templates;
	 * source paths stay out, as in template_store(). */
	if (st == ST_OK && k.n_new > 0) {
		st = audit_record(s->db, s->actor, "template.import",
		    "template", 0, err, "{s:O}", "versions", news);
	}
	/* New words in a template are new words in what was approved. */
	if (st == ST_OK && k.n_new > 0)
		st = review_recheck(s, err);
	st = db_end(s->db, st, err);
	if (st == ST_OK && c != NULL)
		*c = k;
end:
	json_decref(news);
	return st;
}

enum status
template_import_all_counted(struct session *s, struct template_counts *c,
    struct err *err)
{
	struct tfiles l = { 0 };
	enum status st = ST_OK;
	char *conf = NULL, *dir;

	/* The configuration directory first: its files win. */
	if (paths_config_dir(&conf, NULL) == ST_OK) {
		dir = xasprintf("%s/templates", conf);
		st = collect(dir, NULL, 0, false, &l, err);
		free(dir);
		free(conf);
	}
	if (st == ST_OK) {
		dir = xasprintf("%s/templates", paths_share_dir());
		st = collect(dir, NULL, 0, false, &l, err);
		free(dir);
	}
	if (st == ST_OK)
		st = import_list(s, &l, c, err);
	tfiles_free(&l);
	return st;
}

enum status
template_import_all(struct session *s, size_t *n_new, struct err *err)
{
	struct template_counts c = { 0 };
	enum status st;

	st = template_import_all_counted(s, &c, err);
	if (st == ST_OK && n_new != NULL)
		*n_new = c.n_new;
	return st;
}

/* The name of template file PATH: its path inside BASE, else its own. */
static enum status
file_name(const char *path, const char *base, char **name, struct err *err)
{
	const char *slash = strrchr(path, '/'), *leaf;
	char *dir = NULL, rdir[PATH_MAX], rbase[PATH_MAX];
	enum status st = ST_OK;
	size_t n;

	*name = NULL;
	leaf = slash != NULL ? slash + 1 : path;
	if (base == NULL) {
		*name = xstrdup(leaf);
		return ST_OK;
	}
	dir = paths_dirname(path);
	if (realpath(base, rbase) == NULL) {
		st = err_set(err, errno == ENOENT ? ST_NOTFOUND : ST_IO,
		    "%s: %s", base, strerror(errno));
		goto end;
	}
	if (realpath(dir, rdir) == NULL) {
		st = err_set(err, errno == ENOENT ? ST_NOTFOUND : ST_IO,
		    "%s: %s", dir, strerror(errno));
		goto end;
	}
	n = strlen(rbase);
	if (strcmp(rdir, rbase) == 0)
		*name = xstrdup(leaf);
	else if (strncmp(rdir, rbase, n) == 0 && (rdir[n] == '/' || n == 1))
		*name = xasprintf("%s/%s", rdir + n + (n > 1), leaf);
	else
		st = err_set(err, ST_INVALID, "%s: not inside %s, so it has no "
		    "name there", path, base);
end:
	free(dir);
	return st;
}

enum status
template_import_files(struct session *s, char *const *paths, size_t n,
    const char *base, struct template_counts *c, struct err *err)
{
	struct tfiles l = { 0 };
	struct stat sb;
	enum status st = ST_OK;
	char *p, *name;
	size_t i, len;

	for (i = 0; i < n && st == ST_OK; i++) {
		p = xstrdup(paths[i]);
		len = strlen(p);
		while (len > 1 && p[len - 1] == '/')
			p[--len] = '\0';
		if (stat(p, &sb) != 0)
			st = err_set(err, errno == ENOENT ? ST_NOTFOUND : ST_IO,
			    "%s: %s", p, strerror(errno));
		else if (S_ISDIR(sb.st_mode))
			st = collect(p, NULL, 0, true, &l, err);
		else if (!S_ISREG(sb.st_mode))
			st = err_set(err, ST_INVALID, "%s: not a file or a "
			    "folder", p);
		else if ((st = file_name(p, base, &name, err)) == ST_OK) {
			st = tfiles_add(&l, name, p, true, err);
			free(name);
		}
		free(p);
	}
	if (st == ST_OK)
		st = import_list(s, &l, c, err);
	tfiles_free(&l);
	return st;
}

/* --- rendering a template file ------------------------------------------ */

/* Whether partial NAME would leave the template's folder. */
static bool
leaves_folder(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '/' || strcmp(name, "..") == 0 ||
	    strncmp(name, "../", 3) == 0 || strstr(name, "/../") != NULL ||
	    (n >= 3 && strcmp(name + n - 3, "/..") == 0);
}

static void
note_missing(struct template_files *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n_missing && i < TEMPLATE_MISSING_MAX; i++)
		if (strcmp(f->missing[i], name) == 0)
			return;
	if (f->n_missing < TEMPLATE_MISSING_MAX)
		f->missing[f->n_missing] = xstrdup(name);
	f->n_missing++;
}

enum status
template_partial_file(void *ctx, const char *name, char **text,
    char **source, struct err *err)
{
	struct template_files *f = ctx;
	char *path[2];
	enum status st = ST_NOTFOUND;
	int i;

	*text = *source = NULL;
	if (leaves_folder(name))
		return err_set(err, ST_INVALID, "partial \"%s\": a partial is "
		    "looked up inside the template's folder", name);
	path[0] = f->ext[0] != '\0' ? xasprintf("%s/%s%s", f->dir, name,
	    f->ext) : NULL;
	path[1] = xasprintf("%s/%s", f->dir, name);
	for (i = 0; i < 2 && st == ST_NOTFOUND; i++)
		if (path[i] != NULL && is_regular(path[i]) &&
		    (st = read_body(path[i], text, err)) == ST_OK) {
			*source = path[i];
			path[i] = NULL;
		}
	if (st == ST_NOTFOUND) {
		note_missing(f, name);
		st = err_set(err, ST_NOTFOUND, "no partial %s in %s", name,
		    f->dir);
	}
	free(path[0]);
	free(path[1]);
	return st;
}

void
template_files_clear(struct template_files *f)
{
	size_t i;

	if (f == NULL)
		return;
	free(f->dir);
	free(f->ext);
	for (i = 0; i < f->n_missing && i < TEMPLATE_MISSING_MAX; i++)
		free(f->missing[i]);
	memset(f, 0, sizeof *f);
}

enum status
template_render_file(const char *path, const char *data_path,
    const enum mustache_escape *esc, char **out, struct template_files *files,
    struct err *err)
{
	struct template_files local, *f = files != NULL ? files : &local;
	struct mustache_opts o = { 0 };
	json_error_t je;
	json_t *data = NULL;
	enum status st;
	const char *leaf, *dot;
	char *body = NULL;

	*out = NULL;
	memset(f, 0, sizeof *f);
	if ((st = read_body(path, &body, err)) != ST_OK)
		goto end;
	if (data_path == NULL)
		data = json_object();
	else if ((data = json_load_file(data_path, JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, &je)) == NULL) {
		if (json_error_code(&je) == json_error_cannot_open_file)
			st = err_set(err, ST_NOTFOUND, "%s", je.text);
		else
			st = err_set(err, ST_INVALID, "%s:%d:%d: %s", data_path,
			    je.line, je.column, je.text);
		goto end;
	}
	leaf = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	dot = strrchr(leaf, '.');
	f->dir = paths_dirname(path);
	f->ext = xstrdup(dot != NULL && dot != leaf ? dot : "");
	o.escape = esc != NULL ? *esc : mustache_escape_for(path);
	o.source = path;
	o.partial = template_partial_file;
	o.partial_ctx = f;
	st = mustache_render(body, &o, data, out, err);
end:
	json_decref(data);
	free(body);
	if (f == &local)
		template_files_clear(&local);
	return st;
}
