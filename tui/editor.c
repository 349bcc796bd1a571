/* tui/editor.c - long text in the person's own editor, as git and mutt do. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tui/screen.h"
#include "util/xalloc.h"

/* $VISUAL, then $EDITOR, then vi. */
static const char *
editor_command(void)
{
	const char *e;

	if ((e = getenv("VISUAL")) != NULL && *e != '\0')
		return e;
	if ((e = getenv("EDITOR")) != NULL && *e != '\0')
		return e;
	return "vi";
}

/* Read all of FD into a new string; caller frees. */
static char *
slurp(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = xmalloc(cap);
	ssize_t n;

	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2)
			buf = xreallocarray(buf, cap *= 2, 1);
	}
	buf[len] = '\0';
	return buf;
}

enum status
tui_edit_text(const char *text, char **out, struct err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	char *path, *cmd = NULL;
	enum status st = ST_OK;
	size_t len = text != NULL ? strlen(text) : 0;
	int fd, rc;

	*out = NULL;
	path = xasprintf("%s/herald-edit-XXXXXX", tmpdir != NULL && *tmpdir ?
	    tmpdir : "/tmp");
	/* mkstemp makes the file 0600: the text may be under embargo. */
	if ((fd = mkstemp(path)) < 0) {
		st = err_set(err, ST_IO, "cannot make a temporary file: %s",
		    strerror(errno));
		goto done;
	}
	if (len > 0 && write(fd, text, len) != (ssize_t)len) {
		st = err_set(err, ST_IO, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		goto done;
	}
	close(fd);
	/* The editor name may carry arguments ("code -w"), as for git. */
	cmd = xasprintf("%s \"$1\"", editor_command());
	def_prog_mode();
	endwin();
	{
		pid_t pid = fork();

		if (pid == 0) {
			execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
			_exit(127);
		}
		rc = -1;
		if (pid > 0)
			while (waitpid(pid, &rc, 0) < 0 && errno == EINTR)
				;
	}
	reset_prog_mode();
	refresh();
	if (rc != 0) {
		st = err_set(err, ST_INVALID, "the editor (%s) failed; nothing "
		    "changed", editor_command());
		goto done;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		st = err_set(err, ST_IO, "cannot read %s back: %s", path,
		    strerror(errno));
		goto done;
	}
	*out = slurp(fd);
	close(fd);
	/* Editors end a file with a newline; no answer needs it. */
	for (len = strlen(*out); len > 0 && (*out)[len - 1] == '\n'; len--)
		(*out)[len - 1] = '\0';
done:
	unlink(path);
	free(path);
	free(cmd);
	return st;
}
