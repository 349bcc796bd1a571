/* cli/cmd_demo.c - herald demo: the console on sample data, and scale databases. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/demo.h"
#include "core/paths.h"
#include "tui/tui.h"
#include "util/xalloc.h"

static const char usage[] =
"usage: herald demo [--db PATH] [--no-console | --print-path]\n"
"       herald demo --scale N [--seed S] --db PATH\n"
"\n"
"Open the console on a demo database of sample products, people and\n"
"incidents, made on first use in $XDG_DATA_HOME/herald/demo.db. The demo\n"
"database accepts --as LOGIN, so you can act as any of its people.\n"
"\n"
"Making it, the demo's admin exports its pages (herald export all) into a\n"
"directory beside the database, named after it: for demo.db, demo-site/.\n"
"The compliance dashboard counts those pages as published.\n"
"\n"
"With --scale, write a new database of N generated incidents to PATH (the\n"
"same for the same seed) for trying herald at size; no console opens.\n"
"\n"
"  --db PATH          the demo database (or the new scale database)\n"
"  --no-console       make or open the demo database, print its path and\n"
"                     then its pages' directory, exit\n"
"  --print-path       make or open it, print only its path, exit\n"
"  --scale N          generate N incidents (1 to 10000000)\n"
"  --seed S           the generator's seed (default 1)\n"
"  -h, --help         show this help\n";

/* Remove PATH and SQLite's files beside it: a half-built demo is no demo. */
static void
remove_db(const char *path)
{
	char *side;

	unlink(path);
	side = xasprintf("%s-wal", path);
	unlink(side);
	free(side);
	side = xasprintf("%s-shm", path);
	unlink(side);
	free(side);
}

/*
 * Create the database at PATH for demos and fill it with SCALE incidents
 * from SEED, or with the demo data when SCALE is 0. The invoking login
 * builds it (--as may name one of the demo's own people, who do not exist
 * yet); then, with --as, the session reopens as that person.
 */
static enum status
build(const struct cli *c, const char *path, long scale, unsigned long seed,
    struct session **sp, struct err *err)
{
	struct init_opts o = { .path = path, .purpose = PURPOSE_DEMO };
	struct session_opts so = { .path = path, .mode = DB_WRITE,
	    .as_login = c->as_login };
	time_t now = clock_now(), was = clock_fixed();
	enum status st;

	/* The database is made when the demo's history begins. */
	clock_set_fixed(scale > 0 ? scale_start_time(now, scale) :
	    demo_start_time(now));
	st = session_init(&o, sp, err);
	clock_set_fixed(was);
	if (st != ST_OK)
		return st;
	if (scale > 0) {
		struct progress p = cli_progress("incidents");

		st = scale_build(*sp, scale, seed, &p, err);
	} else
		st = demo_build(*sp, err);
	if (st != ST_OK) {
		session_close(sp);
		remove_db(path);
		return st;
	}
	if (c->as_login != NULL) {
		session_close(sp);
		st = session_open(&so, sp, err);
	}
	return st;
}

int
cmd_demo(struct cli *c, int argc, char **argv)
{
	const char *db = c->db_flag, *scale_arg = NULL, *seed_arg = NULL;
	bool is_no_console = false, is_print_path = false;
	const struct cli_opt opts[] = {
		{ "db", .str = &db },
		{ "no-console", .flag = &is_no_console },
		{ "print-path", .flag = &is_print_path },
		{ "scale", .str = &scale_arg },
		{ "seed", .str = &seed_arg },
		{ .name = NULL },
	};
	struct session_opts so = { .mode = DB_WRITE, .as_login = c->as_login };
	struct session *s = NULL;
	struct err err = { 0 };
	char *path = NULL, *dir = NULL, *site = NULL;
	struct stat sb;
	long scale = 0, seed = 1;
	enum status st;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (optind < argc)
		return cli_usage_error(usage, "demo takes no arguments");
	if (seed_arg != NULL && scale_arg == NULL)
		return cli_usage_error(usage, "--seed goes with --scale");
	if (db != NULL && *db == '\0')
		return cli_usage_error(usage, "--db needs a path");

	if (scale_arg != NULL) {
		if (db == NULL)
			return cli_usage_error(usage, "--scale needs --db PATH for "
			    "the new database");
		if (cli_parse_long("scale", scale_arg, 1, 10000000L, &scale,
		    &err) != ST_OK || (seed_arg != NULL && cli_parse_long("seed",
		    seed_arg, 0, 2147483647L, &seed, &err) != ST_OK))
			return cli_fail(&err);
		if ((st = build(c, db, scale, (unsigned long)seed, &s, &err)) != ST_OK)
			goto fail;
		printf("Wrote %ld incidents (seed %ld) to %s\n", scale, seed, db);
		goto done;
	}

	if (db != NULL)
		path = xstrdup(db);
	else {
		if ((st = paths_demo_db(&path, &err)) != ST_OK)
			goto fail;
		dir = paths_dirname(path);
		if ((st = paths_mkdir_p(dir, 0700, &err)) != ST_OK)
			goto fail;
	}
	if (stat(path, &sb) == 0) {
		so.path = path;
		if ((st = session_open(&so, &s, &err)) != ST_OK)
			goto fail;
	} else if (errno != ENOENT) {
		err_set(&err, ST_IO, "%s: %s", path, strerror(errno));
		goto fail;
	} else if ((st = build(c, path, 0, 0, &s, &err)) != ST_OK)
		goto fail;

	if (is_print_path)
		printf("%s\n", session_path(s));
	else if (is_no_console) {
		site = demo_site_dir(session_path(s));
		printf("%s\n", session_path(s));
		/* A demo made before it exported its pages has none. */
		if (stat(site, &sb) == 0 && S_ISDIR(sb.st_mode))
			printf("Its pages are in %s\n", site);
	} else if ((st = tui_run(s, &err)) != ST_OK)
		goto fail;
	goto done;
fail:
	rc = cli_fail(&err);
done:
	session_close(&s);
	free(path);
	free(dir);
	free(site);
	return rc;
}
