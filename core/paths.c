/* core/paths.c - resolves herald's XDG directories and database paths. */
#include "config.h"

#include "core/paths.h"

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
