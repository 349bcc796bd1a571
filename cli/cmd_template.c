/* cli/cmd_template.c - herald template: import, list and show the templates
 * in the database; render a template file against JSON data. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/template.h"

static const char usage[] =
"usage: herald template import [--base DIR] [PATH]...\n"
"       herald template list [--json]\n"
"       herald template show NAME [--version N]\n"
"       herald template render FILE [--data JSON_FILE]\n"
"                                   [--escape html|markdown|none]\n"
"\n"
"Every document herald writes comes from a Mustache template kept in the\n"
"database, each version with its SHA-256, so the approver's preview and\n"
"the published document use the same words. \"import\" reads every file\n"
"under the shipped templates and $XDG_CONFIG_HOME/herald/templates (your\n"
"file wins over a shipped one of the same name), or the PATHs given: a\n"
"folder's files are named by their paths inside it (partials/header.md),\n"
"a file by its own name or its path inside --base DIR. A version is added\n"
"only when a body changed; one template with an error refuses the whole\n"
"import, naming FILE:LINE:COLUMN. Admins only.\n"
"\"render\" tries a template file without a database: {{> NAME}} is NAME\n"
"with the template's extension beside it, else NAME as a path from the\n"
"template's folder. Values are escaped for HTML in .html and .htm files,\n"
"for Markdown in .md files, not at all in others.\n"
"\n"
"  --base DIR       name files by their paths inside DIR\n"
"  --json           JSON instead of text\n"
"  --version N      that version instead of the newest\n"
"  --data FILE      the JSON data (default: an empty object)\n"
"  --escape KIND    html, markdown or none, instead of by extension\n"
"  -h, --help       show this help\n"
"\n"
"Exit status: 0 done; 2 bad arguments; 3 a template with an error\n"
"(FILE:LINE:COLUMN), JSON data that does not parse (FILE:LINE:COLUMN) or\n"
"a FILE that is not a regular file; 4 no such FILE, template or version;\n"
"6 import by someone who is not an admin; 10 a FILE that cannot be read.\n";

static int
import_cmd(struct cli *c, int argc, char **argv)
{
	const char *base = NULL;
	const struct cli_opt opts[] = {
		{ "base", .str = &base },
		{ .name = NULL },
	};
	struct template_counts n = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	enum status st;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (base != NULL && optind == argc)
		return cli_usage_error(usage, "template import: --base names "
		    "FILEs; give them after it");
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK)
		return cli_fail(&err);
	if (optind == argc)
		st = template_import_all_counted(s, &n, &err);
	else
		st = template_import_files(s, argv + optind,
		    (size_t)(argc - optind), base, &n, &err);
	if (st != ST_OK)
		rc = cli_fail(&err);
	else
		printf("%zu template%s imported, %zu new version%s\n", n.n,
		    n.n == 1 ? "" : "s", n.n_new, n.n_new == 1 ? "" : "s");
	session_close(&s);
	return rc;
}

static json_t *
row_json(const void *row)
{
	const struct template_row *t = row;
	json_t *o = json_object();

	json_object_set_new(o, "name", cli_json_str(t->name));
	json_object_set_new(o, "version", json_integer(t->version));
	json_object_set_new(o, "hash", cli_json_str(t->hash));
	json_object_set_new(o, "source", cli_json_str(t->source));
	json_object_set_new(o, "imported_at", cli_json_str(t->imported_at));
	return o;
}

static void
print_rows(const struct rowlist *l)
{
	const struct template_row *t;
	char when[64], name[TEMPLATE_NAME_MAX + 1];
	size_t i, w;

	w = cli_col_width(l, offsetof(struct template_row, name), "NAME");
	printf("%-*s  %7s  %-12s  %-16s  %s\n", (int)w, "NAME", "VERSION",
	    "HASH", "IMPORTED", "SOURCE");
	for (i = 0; i < l->count; i++) {
		t = rowlist_at(l, i);
		printf("%-*s  %7lld  %-12.12s  %-16s  ", (int)w,
		    cli_clean(t->name, name, sizeof name), t->version, t->hash,
		    cli_local_time(t->imported_at, false, when, sizeof when));
		cli_put(t->source);
		putchar('\n');
	}
}

static int
list_cmd(struct cli *c, int argc, char **argv)
{
	static const struct cli_list how = {
		.load = template_list,
		.clear = (row_clear_fn)template_row_clear,
		.json = row_json,
		.print = print_rows,
		.none = "No templates; import them with `herald template "
		    "import`.",
	};

	return cli_list_cmd(c, argc, argv, usage, &how,
	    "template list takes no operands");
}

static int
show_cmd(struct cli *c, int argc, char **argv)
{
	long version = 0;
	const struct cli_opt opts[] = {
		{ "version", .num = &version, .min = 1, .max = LONG_MAX },
		{ .name = NULL },
	};
	struct template_row t = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	enum status st;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "template show takes one NAME"))
		return rc;
	if (cli_open(c, DB_READ, &s, &err) != ST_OK)
		return cli_fail(&err);
	if (version > 0)
		st = template_get(s, argv[optind], version, &t, &err);
	else
		st = template_get_latest(s, argv[optind], &t, &err);
	if (st == ST_NOTFOUND && err.msg[0] == '\0')
		err_set(&err, st, "no template %s%s", argv[optind], version > 0 ?
		    " in that version" : "");
	if (st != ST_OK)
		rc = cli_fail(&err);
	else if (isatty(STDOUT_FILENO))
		cli_put_text(t.body);       /* no escapes reach a terminal */
	else
		fwrite(t.body, 1, strlen(t.body), stdout);
	template_row_clear(&t);
	session_close(&s);
	return rc;
}

static int
render_cmd(struct cli *c, int argc, char **argv)
{
	const char *data = NULL, *escape = NULL;
	const struct cli_opt opts[] = {
		{ "data", .str = &data },
		{ "escape", .str = &escape },
		{ .name = NULL },
	};
	struct template_files f = { 0 };
	enum mustache_escape esc = MUSTACHE_ESCAPE_NONE;
	struct err err = { 0 };
	char *out = NULL, buf[TEMPLATE_NAME_MAX + 1], file[1024];
	size_t i;
	int rc = 0;

	(void)c;
	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "template render takes one FILE"))
		return rc;
	if (escape == NULL)
		;
	else if (strcmp(escape, "html") == 0)
		esc = MUSTACHE_ESCAPE_HTML;
	else if (strcmp(escape, "markdown") == 0)
		esc = MUSTACHE_ESCAPE_MARKDOWN;
	else if (strcmp(escape, "none") == 0)
		esc = MUSTACHE_ESCAPE_NONE;
	else
		return cli_usage_error(usage, "--escape takes html, markdown "
		    "or none (got %s)", escape);
	if (template_render_file(argv[optind], data, escape != NULL ? &esc :
	    NULL, &out, &f, &err) != ST_OK)
		rc = cli_fail(&err);
	else {
		/* A missing partial renders as nothing; say so all the same. */
		for (i = 0; i < f.n_missing && i < TEMPLATE_MISSING_MAX; i++)
			fprintf(stderr, "herald: warning: %s: no partial %s "
			    "beside it\n", cli_clean(argv[optind], file,
			    sizeof file), cli_clean(f.missing[i], buf,
			    sizeof buf));
		fwrite(out, 1, strlen(out), stdout);
	}
	free(out);
	template_files_clear(&f);
	return rc;
}

int
cmd_template(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "import", import_cmd },
		{ "list", list_cmd },
		{ "show", show_cmd },
		{ "render", render_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}
