/* core/secret.c - credentials read at send time from a private file or the
 * environment; never kept longer than a request needs them. */
#include "config.h"

#include "core/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/text.h"
#include "util/xalloc.h"

/* A secret is a password or a token, never a document. */
#define SECRET_MAX 65536

void
secret_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

/* Drop trailing line ends (an editor adds one) from S, LEN bytes long;
 * returns the new length. */
static size_t
trim_newlines(char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		s[--len] = '\0';
	return len;
}

/* PATH's contents into *OUT, refused unless PATH is a regular file that
 * only its owner may use. KEY names the setting in messages. */
static enum status
read_file(const char *key, const char *path, char **out, struct err *err)
{
	char *buf = NULL;
	struct stat sb;
	size_t len = 0;
	ssize_t n;
	enum status st = ST_OK;
	int fd;

	/* O_NONBLOCK: a FIFO must not hang us before fstat() refuses it. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return err_set(err, ST_IO, "channel setting %s: cannot open %s: %s",
		    key, path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		st = err_set(err, ST_IO, "channel setting %s: cannot stat %s: %s",
		    key, path, strerror(errno));
		goto end;
	}
	if (!S_ISREG(sb.st_mode)) {
		st = err_set(err, ST_INVALID, "channel setting %s: %s is not a "
		    "regular file (mode %04o)", key, path,
		    (unsigned)(sb.st_mode & 07777));
		goto end;
	}
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		st = err_set(err, ST_DENIED, "channel setting %s: %s has mode "
		    "%04o, so group or others may read it; refusing it: chmod 600 "
		    "%s", key, path, (unsigned)(sb.st_mode & 07777), path);
		goto end;
	}
	if (sb.st_size > SECRET_MAX) {
		st = err_set(err, ST_INVALID, "channel setting %s: %s is larger "
		    "than %d bytes: not a password or a token", key, path,
		    SECRET_MAX);
		goto end;
	}
	buf = xmalloc(SECRET_MAX + 1);
	while (len < SECRET_MAX) {
		n = read(fd, buf + len, SECRET_MAX - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			st = err_set(err, ST_IO, "channel setting %s: cannot read "
			    "%s: %s", key, path, strerror(errno));
			goto end;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL) {
		st = err_set(err, ST_INVALID, "channel setting %s: %s holds a NUL "
		    "byte: not a password or a token", key, path);
		goto end;
	}
	if (trim_newlines(buf, len) == 0) {
		st = err_set(err, ST_INVALID, "channel setting %s: %s is empty",
		    key, path);
		goto end;
	}
	*out = xstrdup(buf);
end:
	if (buf != NULL) {
		explicit_bzero(buf, SECRET_MAX + 1);
		free(buf);
	}
	close(fd);
	return st;
}

/* The environment variable VAR's value into *OUT. */
static enum status
read_env(const char *key, const char *var, char **out, struct err *err)
{
	const char *v = getenv(var);
	char *s;

	if (v == NULL || *v == '\0')
		return err_set(err, ST_INVALID, "channel setting %s: the "
		    "environment variable %s is not set", key, var);
	s = xstrdup(v);
	if (trim_newlines(s, strlen(s)) == 0) {
		secret_free(s);
		return err_set(err, ST_INVALID, "channel setting %s: the "
		    "environment variable %s is empty", key, var);
	}
	*out = s;
	return ST_OK;
}

enum status
secret_read(const json_t *settings, const char *name, char **out,
    struct err *err)
{
	char *file_key, *env_key;
	const json_t *v;
	enum status st;

	*out = NULL;
	file_key = xasprintf("%s_file", name);
	env_key = xasprintf("%s_env", name);
	if ((v = json_object_get(settings, file_key)) != NULL) {
		if (!json_is_string(v) || text_nonblank(json_string_value(v)) ==
		    NULL)
			st = err_set(err, ST_INVALID, "channel setting %s: the name "
			    "of a file, please", file_key);
		else
			st = read_file(file_key, json_string_value(v), out, err);
	} else if ((v = json_object_get(settings, env_key)) != NULL) {
		if (!json_is_string(v) || text_nonblank(json_string_value(v)) ==
		    NULL)
			st = err_set(err, ST_INVALID, "channel setting %s: the name "
			    "of an environment variable, please", env_key);
		else
			st = read_env(env_key, json_string_value(v), out, err);
	} else {
		st = err_set(err, ST_NOTFOUND, "channel settings name no %s or %s",
		    file_key, env_key);
	}
	free(file_key);
	free(env_key);
	return st;
}
