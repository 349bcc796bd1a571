/* tests/unit/testutil.c - temporary directories and test databases. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "util/xalloc.h"

char *
tu_tmpdir(void)
{
	char tmpl[] = "/tmp/herald-ut-XXXXXX";

	if (mkdtemp(tmpl) == NULL)
		die("mkdtemp failed");
	return xstrdup(tmpl);
}

void
tu_rmdir(const char *dir)
{
	char *cmd;

	if (dir == NULL || strncmp(dir, "/tmp/herald-ut-", 15) != 0)
		return;
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

char *
tu_path(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

struct session *
tu_session_new(char **dir)
{
	struct init_opts o = { .purpose = PURPOSE_TEST, .as_login = "ada" };
	struct session *s = NULL;
	struct err err = { 0 };
	char *path;

	clock_set_fixed(1772366400);    /* 2026-03-01T12:00:00Z */
	*dir = tu_tmpdir();
	path = tu_path(*dir, "herald.db");
	o.path = path;
	if (session_init(&o, &s, &err) != ST_OK)
		die("test database: %s", err.msg);
	free(path);
	return s;
}

void
tu_session_free(struct session **s, char **dir)
{
	session_close(s);
	tu_rmdir(*dir);
	free(*dir);
	*dir = NULL;
}
