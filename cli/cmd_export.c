/* cli/cmd_export.c - herald export KIND|all --out DIR: every published
 * output written into a directory, whole files only, and only what
 * changed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/export.h"
#include "util/xalloc.h"

static const char usage_head[] =
"usage: herald export KIND|all --out DIR [--json]\n"
"\n"
"Write what is published into DIR: site/ (the web root), docs/ and\n"
"mkdocs.yml (the pages as Markdown), internal/ (what is not for the\n"
"public). Each file is written whole (a temporary file, then rename), and\n"
"only when its bytes change: a second export with nothing new writes\n"
"nothing. Needs the settings site.url and publisher.name (herald settings).\n"
"\n"
"KIND is all, or one of:\n";

static const char usage_tail[] =
"\n"
"  --out DIR   the output directory (created when missing)\n"
"  --json      the summary as JSON\n"
"  -h, --help  show this help\n"
"\n"
"Progress goes to stderr when it is a terminal, and nowhere otherwise.\n"
"Exit status: 0 exported; 2 bad arguments or an unknown KIND; 3 a\n"
"setting it needs is unset (the message names it) or an output cannot be\n"
"made; 4 no database; 10 DIR cannot be created or written.\n";

/* "  KIND  what it writes", the text wrapped at 78 columns beside the
 * kind. */
static void
put_kind(FILE *fp, const char *kind, const char *what)
{
	const int indent = 17, width = 78;
	const char *p = what;
	size_t w;
	int col;

	col = fprintf(fp, "  %-14s ", kind);
	while (*p != '\0') {
		w = strcspn(p, " ");
		if (col > indent && col + 1 + (int)w > width)
			col = fprintf(fp, "\n%*s", indent, "") - 1;
		else if (col > indent)
			col += fprintf(fp, " ");
		col += fprintf(fp, "%.*s", (int)w, p);
		p += w;
		p += strspn(p, " ");
	}
	fputc('\n', fp);
}

/* The usage, with each kind and what it writes (from core's list). */
static char *
usage_text(void)
{
	const char *const *k;
	char *u = NULL;
	size_t n = 0;
	FILE *fp;

	if ((fp = open_memstream(&u, &n)) == NULL)
		die("export: open_memstream failed");
	fputs(usage_head, fp);
	for (k = export_kinds(); *k != NULL; k++)
		put_kind(fp, *k, export_kind_what(*k));
	fputs(usage_tail, fp);
	if (fclose(fp) != 0)
		die("export: cannot build the usage");
	return u;
}

/*
 * Progress on stderr when it is a terminal, on one line drawn over
 * itself: "export all: pass 3, 7/15 items (46%)". The model is read,
 * then each kind goes over the items again: a count that starts again
 * is the next pass. The line is wiped at the end, so what stays is the
 * summary. Nothing at all when stderr is a file or a pipe.
 */
struct export_progress {
	const char     *kind;
	int             pass;
	long            last_done;
	int             last_pct;
	struct cli_line line;
};

static void
progress_draw(void *ctx, long done, long total)
{
	struct export_progress *p = ctx;
	int pct = total > 0 ? (int)(done * 100 / total) : 100;
	char kbuf[64];

	if (p->pass == 0 || done < p->last_done)
		p->pass++;
	else if (pct == p->last_pct)
		return;         /* the same line: not redrawn */
	p->last_done = done;
	p->last_pct = pct;
	cli_line_draw(&p->line, "export %s: pass %d, %ld/%ld items (%d%%)",
	    cli_clean(p->kind, kbuf, sizeof kbuf), p->pass, done, total, pct);
}

static int
print_summary(const char *kind, const char *dir,
    const struct export_stats *st, bool is_json)
{
	char kbuf[128], dbuf[1024];

	if (is_json)
		return cli_json_print(json_pack("{s:o, s:o, s:I, s:I, s:I, s:I, "
		    "s:I}", "kind", cli_json_str(kind), "out", cli_json_str(dir),
		    "items", (json_int_t)st->n_items,
		    "written", (json_int_t)st->n_written,
		    "unchanged", (json_int_t)st->n_unchanged,
		    "kept", (json_int_t)st->n_kept,
		    "bytes", (json_int_t)st->bytes_written));
	printf("exported %s to %s: %zu items, %zu files written, %zu unchanged, "
	    "%zu kept, %llu bytes\n", cli_clean(kind, kbuf, sizeof kbuf),
	    cli_clean(dir, dbuf, sizeof dbuf), st->n_items, st->n_written,
	    st->n_unchanged, st->n_kept, st->bytes_written);
	return 0;
}

int
cmd_export(struct cli *c, int argc, char **argv)
{
	const char *out = NULL, *kind;
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "out", .str = &out },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct export_stats stats;
	struct export_progress ep = { 0 };
	struct progress progress = { NULL, NULL };
	struct session *s = NULL;
	struct err err = { 0 };
	char *usage = usage_text(), kbuf[128];
	enum status st;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		goto end;
	if (argc - optind != 1) {
		rc = cli_usage_error(usage, "export takes one KIND (or all)");
		goto end;
	}
	kind = argv[optind];
	if (out == NULL || *out == '\0') {
		rc = cli_usage_error(usage, "export needs --out DIR");
		goto end;
	}
	if (strcmp(kind, "all") != 0 && export_kind_what(kind) == NULL) {
		rc = cli_usage_error(usage, "export: unknown kind \"%s\"",
		    cli_clean(kind, kbuf, sizeof kbuf));
		goto end;
	}
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if (isatty(STDERR_FILENO)) {
		ep.kind = kind;
		progress.fn = progress_draw;
		progress.ctx = &ep;
	}
	st = export_run(s, kind, out, &progress, &stats, &err);
	cli_line_wipe(&ep.line);
	if (st != ST_OK)
		rc = cli_fail(&err);
	else
		rc = print_summary(kind, out, &stats, is_json);
end:
	session_close(&s);
	free(usage);
	return rc;
}
