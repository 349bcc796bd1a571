/* core/paths.c - resolves herald's XDG directories and database paths. */
#include "config.h"

#include "core/paths.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

/* The home directory: $HOME, else the password database's entry. This only
 * finds files; identity comes from session_os_login(). */
static enum status
home_dir(const char **out, struct err *err)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home != NULL && home[0] == '/') {
		*out = home;
		return ST_OK;
	}
	if ((pw = getpwuid(geteuid())) != NULL && pw->pw_dir != NULL &&
	    pw->pw_dir[0] == '/') {
		*out = pw->pw_dir;
		return ST_OK;
	}
	return err_set(err, ST_NOTFOUND, "cannot find your home directory: set "
	    "HOME, or choose a database with --db or HERALD_DB");
}

/* $VAR/herald if VAR holds an absolute path, else $HOME/FALLBACK/herald. */
static enum status
xdg_dir(const char *var, const char *fallback, char **out, struct err *err)
{
	const char *v = getenv(var), *home = NULL;
	enum status st;

	*out = NULL;
	if (v != NULL && v[0] == '/') {
		*out = xasprintf("%s/herald", v);
		return ST_OK;
	}
	if ((st = home_dir(&home, err)) != ST_OK)
		return st;
	*out = xasprintf("%s/%s/herald", strcmp(home, "/") == 0 ? "" : home,
	    fallback);
	return ST_OK;
}

enum status
paths_data_dir(char **out, struct err *err)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share", out, err);
}

/* <data dir>/NAME into *OUT. */
static enum status
data_file(const char *name, char **out, struct err *err)
{
	char *dir;
	enum status st;

	*out = NULL;
	if ((st = paths_data_dir(&dir, err)) != ST_OK)
		return st;
	*out = xasprintf("%s/%s", dir, name);
	free(dir);
	return ST_OK;
}

enum status
paths_default_db(char **out, struct err *err)
{
	return data_file("herald.db", out, err);
}

enum status
paths_demo_db(char **out, struct err *err)
{
	return data_file("demo.db", out, err);
}

enum status
paths_db(const char *flag, char **out, bool *is_default, struct err *err)
{
	const char *env = getenv("HERALD_DB");

	if (is_default != NULL)
		*is_default = false;
	if (flag != NULL) {
		if (*flag == '\0')
			return err_set(err, ST_INVALID, "--db needs a path");
		*out = xstrdup(flag);
		return ST_OK;
	}
	if (env != NULL && *env != '\0') {
		*out = xstrdup(env);
		return ST_OK;
	}
	if (is_default != NULL)
		*is_default = true;
	return paths_default_db(out, err);
}

enum status
paths_mkdir_p(const char *dir, mode_t mode, struct err *err)
{
	char *buf = xstrdup(dir), *p, save;
	struct stat sb;
	enum status st = ST_OK;

	if (*dir == '\0') {
		free(buf);
		return err_set(err, ST_INVALID, "no directory given");
	}
	/* Walk each prefix ending before a '/', then the whole path. */
	for (p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		save = *p;
		*p = '\0';
		if (mkdir(buf, mode) != 0 && errno != EEXIST) {
			st = err_set(err, errno == EACCES || errno == EROFS ?
			    ST_DENIED : ST_IO, "cannot create directory %s: %s",
			    buf, strerror(errno));
			break;
		}
		if (stat(buf, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			st = err_set(err, ST_INVALID, "%s is not a directory", buf);
			break;
		}
		*p = save;
		if (save == '\0')
			break;
	}
	free(buf);
	return st;
}

char *
paths_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL)
		return xstrdup(".");
	while (slash > path && slash[-1] == '/')
		slash--;
	n = (size_t)(slash - path);
	if (n == 0)
		return xstrdup("/");
	return xasprintf("%.*s", (int)n, path);
}

enum status
paths_config_dir(char **out, struct err *err)
{
	return xdg_dir("XDG_CONFIG_HOME", ".config", out, err);
}

const char *
paths_share_dir(void)
{
	const char *v = getenv("HERALD_DATADIR");
	struct stat sb;

	if (v != NULL && v[0] == '/')
		return v;
	if (stat(PKGDATADIR, &sb) == 0 && S_ISDIR(sb.st_mode))
		return PKGDATADIR;
	return SRCSHAREDIR;
}

/* Whether PATH is a regular file. */
static bool
is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

enum status
paths_find_data(const char *subdir, const char *name, const char *ext,
    char **out, struct err *err)
{
	char *conf = NULL, *mine = NULL, *shipped = NULL;
	enum status st = ST_OK;

	*out = NULL;
	if (name == NULL || name[0] == '\0' || strchr(name, '/') != NULL ||
	    name[0] == '.')
		return err_set(err, ST_INVALID, "\"%s\" is not a %s name",
		    name != NULL ? name : "", subdir);
	if (paths_config_dir(&conf, NULL) == ST_OK) {
		mine = xasprintf("%s/%s/%s.%s", conf, subdir, name, ext);
		if (is_file(mine)) {
			*out = mine;
			mine = NULL;
			goto done;
		}
	}
	shipped = xasprintf("%s/%s/%s.%s", paths_share_dir(), subdir, name, ext);
	if (is_file(shipped)) {
		*out = shipped;
		shipped = NULL;
		goto done;
	}
	st = err_set(err, ST_NOTFOUND, "no %s named %s (looked for %s%s%s)",
	    subdir, name, mine != NULL ? mine : "", mine != NULL ? " and " : "",
	    shipped);
done:
	free(conf);
	free(mine);
	free(shipped);
	return st;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the names of DIR's *.EXT files to *V (of *N, room *CAP). */
static void
add_names(const char *dir, const char *ext, char ***v, size_t *n,
    size_t *cap)
{
	size_t el = strlen(ext), len, i;
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= el + 1 ||
		    e->d_name[len - el - 1] != '.' ||
		    strcmp(e->d_name + len - el, ext) != 0)
			continue;
		for (i = 0; i < *n; i++)
			if (strncmp((*v)[i], e->d_name, len - el - 1) == 0 &&
			    (*v)[i][len - el - 1] == '\0')
				break;
		if (i < *n)
			continue;
		if (*n + 2 > *cap) {
			*cap = *cap * 2 + 8;
			*v = xreallocarray(*v, *cap, sizeof **v);
		}
		(*v)[(*n)++] = xstrndup(e->d_name, len - el - 1);
	}
	closedir(d);
}

enum status
paths_list_data(const char *subdir, const char *ext, char ***out,
    struct err *err)
{
	char **v = NULL, *conf = NULL, *dir;
	size_t n = 0, cap = 0;

	(void)err;
	if (paths_config_dir(&conf, NULL) == ST_OK) {
		dir = xasprintf("%s/%s", conf, subdir);
		add_names(dir, ext, &v, &n, &cap);
		free(dir);
	}
	dir = xasprintf("%s/%s", paths_share_dir(), subdir);
	add_names(dir, ext, &v, &n, &cap);
	free(dir);
	free(conf);
	v = xreallocarray(v, n + 1, sizeof *v);
	v[n] = NULL;
	qsort(v, n, sizeof *v, cmp_names);
	*out = v;
	return ST_OK;
}

void
paths_names_free(char **names)
{
	size_t i;

	for (i = 0; names != NULL && names[i] != NULL; i++)
		free(names[i]);
	free(names);
}
