/* cli/util.c - helpers every subcommand shares: options, errors, output. */
#include "config.h"

#include "cli/cli.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/paths.h"
#include "core/subscriber.h"
#include "core/text.h"
#include "core/workflow.h"
#include "util/xalloc.h"

int
cli_fail(const struct err *err)
{
	enum status code = err->code == ST_OK ? ST_INTERNAL : err->code;
	char msg[sizeof err->msg];

	/* Messages quote what was given or stored: clean them too. */
	fprintf(stderr, "herald: %s\n", err->msg[0] != '\0' ?
	    cli_clean(err->msg, msg, sizeof msg) : status_str(code));
	return status_exit_code(code);
}

/* cli_usage_error() with its arguments in AP. */
static int
usage_error_v(const char *usage, const char *fmt, va_list ap)
{
	fputs("herald: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fputs(usage, stderr);
	return CLI_EXIT_USAGE;
}

int
cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = usage_error_v(usage, fmt, ap);
	va_end(ap);
	return rc;
}

int
cli_help(const char *usage)
{
	fputs(usage, stdout);
	return 0;
}

int
cli_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const char *usage)
{
	const struct option *o;
	int ch;

	opterr = 0;
	ch = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (ch == '?') {
		const char *arg = argv[optind - 1];

		if (strncmp(arg, "--", 2) == 0 && optopt != 0)
			cli_usage_error(usage, "option %s takes no value", arg);
		else if (strncmp(arg, "--", 2) == 0 || optopt == 0)
			cli_usage_error(usage, "unknown option %s", arg);
		else
			cli_usage_error(usage, "unknown option -%c", optopt);
		return CLI_BADOPT;
	}
	if (ch == ':') {
		for (o = longopts; o != NULL && o->name != NULL; o++)
			if (o->flag == NULL && o->val == optopt &&
			    strncmp(argv[optind - 1], "--", 2) == 0) {
				cli_usage_error(usage, "option --%s needs a value",
				    o->name);
				return CLI_BADOPT;
			}
		cli_usage_error(usage, "option -%c needs a value", optopt);
		return CLI_BADOPT;
	}
	return ch;
}

bool
cli_parse_opts(int argc, char **argv, const struct cli_opt *opts,
    const char *usage, int *rc)
{
	/* getopt_long's value for OPTS[i] is OPT_FIRST + i, beyond any char. */
	enum { OPT_FIRST = 256 };
	const struct cli_opt *o;
	struct option *longopts;
	struct err err = { 0 };
	size_t i, n = 0;
	int ch;

	while (opts != NULL && opts[n].name != NULL)
		n++;
	longopts = xcalloc(n + 2, sizeof *longopts);
	for (i = 0; i < n; i++) {
		assert(opts[i].str != NULL || opts[i].list != NULL ||
		    opts[i].num != NULL || opts[i].flag != NULL ||
		    opts[i].set != NULL);
		longopts[i].name = opts[i].name;
		longopts[i].has_arg = opts[i].str != NULL || opts[i].list != NULL ||
		    opts[i].num != NULL ? required_argument : no_argument;
		longopts[i].val = OPT_FIRST + (int)i;
	}
	longopts[n].name = "help";
	longopts[n].has_arg = no_argument;
	longopts[n].val = 'h';
	*rc = 0;
	while ((ch = cli_getopt(argc, argv, ":h", longopts, usage)) != -1) {
		if (ch == 'h') {
			*rc = cli_help(usage);
			break;
		}
		if (ch < OPT_FIRST || ch >= OPT_FIRST + (int)n) {
			*rc = CLI_EXIT_USAGE;
			break;
		}
		o = &opts[ch - OPT_FIRST];
		if (o->str != NULL)
			*o->str = optarg;
		else if (o->list != NULL)
			o->list[(*o->count)++] = optarg;
		else if (o->flag != NULL)
			*o->flag = true;
		else if (o->set != NULL)
			*o->set = o->val;
		else if (cli_parse_long(o->name, optarg, o->min, o->max, o->num,
		    &err) != ST_OK) {
			*rc = cli_fail(&err);
			break;
		}
	}
	free(longopts);
	return ch == -1;
}

bool
cli_parse_args(int argc, char **argv, const struct cli_opt *opts,
    const char *usage, int n, int *rc, const char *fmt, ...)
{
	va_list ap;

	if (!cli_parse_opts(argc, argv, opts, usage, rc))
		return false;
	if (argc - optind == n)
		return true;
	va_start(ap, fmt);
	*rc = usage_error_v(usage, fmt, ap);
	va_end(ap);
	return false;
}

bool
cli_parse_json(int argc, char **argv, const char *usage, bool *is_json,
    int n, int *rc, const char *why)
{
	const struct cli_opt opts[] = {
		{ "json", .flag = is_json },
		{ .name = NULL },
	};

	return cli_parse_args(argc, argv, opts, usage, n, rc, "%s", why);
}

enum status
cli_parse_long(const char *name, const char *s, long min, long max, long *out,
    struct err *err)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
		return err_set(err, ST_INVALID, "%s %s: expected a whole number "
		    "from %ld to %ld", name, s, min, max);
	*out = v;
	return ST_OK;
}

int
cli_dispatch(struct cli *c, int argc, char **argv,
    const struct cli_action *actions, const char *usage)
{
	const struct cli_action *a;

	if (argc < 2)
		return cli_usage_error(usage, "%s needs an action", argv[0]);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0)
		return cli_help(usage);
	for (a = actions; a->name != NULL; a++)
		if (strcmp(a->name, argv[1]) == 0)
			return a->fn(c, argc - 1, argv + 1);
	if (argv[1][0] == '-')
		return cli_usage_error(usage, "%s needs an action before its "
		    "options (got %s)", argv[0], argv[1]);
	return cli_usage_error(usage, "unknown action '%s %s'", argv[0], argv[1]);
}

enum status
cli_open(const struct cli *c, enum db_mode mode, struct session **sp,
    struct err *err)
{
	struct session_opts o = { .mode = mode, .as_login = c->as_login };
	char *path = NULL;
	enum status st;

	*sp = NULL;
	if ((st = paths_db(c->db_flag, &path, NULL, err)) != ST_OK)
		return st;
	o.path = path;
	st = session_open(&o, sp, err);
	free(path);
	return st;
}

enum status
cli_open_to_look(const struct cli *c, struct session **sp, struct err *err)
{
	struct err ro = { 0 };
	enum status st;

	if ((st = cli_open(c, DB_WRITE, sp, err)) != ST_DENIED)
		return st;
	if (cli_open(c, DB_READ, sp, &ro) != ST_OK)
		return st;
	err_clear(err);
	return ST_OK;
}

enum status
cli_comm_id(const char *s, long long *id, struct err *err)
{
	long n = 0;

	if (cli_parse_long("communication id", s, 1, 1000000000000L, &n,
	    err) != ST_OK)
		return err->code;
	*id = n;
	return ST_OK;
}

enum status
cli_open_comm(const struct cli *c, enum db_mode mode, const char *arg,
    struct session **sp, struct comm_doc *d, struct err *err)
{
	long long id = 0;
	enum status st;

	*sp = NULL;
	if ((st = cli_comm_id(arg, &id, err)) != ST_OK ||
	    (st = mode == DB_READ ? cli_open_to_look(c, sp, err) :
	    cli_open(c, mode, sp, err)) != ST_OK)
		return st;
	return comm_open(*sp, id, d, err);
}

int
cli_list(const struct cli *c, bool is_json, const struct cli_list *how)
{
	struct rowlist l = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    how->load(s, &l, &err) != ST_OK)
		rc = cli_fail(&err);
	else if (is_json)
		rc = cli_json_print_rows(&l, how->json);
	else if (l.count == 0 && how->none != NULL)
		puts(how->none);
	else
		how->print(&l);
	rowlist_free(&l, how->clear);
	session_close(&s);
	return rc;
}

int
cli_list_cmd(const struct cli *c, int argc, char **argv, const char *usage,
    const struct cli_list *how, const char *why)
{
	bool is_json = false;
	int rc = 0;

	if (!cli_parse_json(argc, argv, usage, &is_json, 0, &rc, why))
		return rc;
	return cli_list(c, is_json, how);
}

int
cli_dispatch_lists(struct cli *c, int argc, char **argv,
    const struct cli_action *actions, const struct cli_list_action *lists,
    const char *usage)
{
	const struct cli_list_action *l;
	char why[128];

	for (l = lists; argc >= 2 && l->name != NULL; l++)
		if (strcmp(l->name, argv[1]) == 0) {
			snprintf(why, sizeof why, "%s %s takes no arguments",
			    argv[0], argv[1]);
			return cli_list_cmd(c, argc - 1, argv + 1, usage, &l->how,
			    why);
		}
	return cli_dispatch(c, argc, argv, actions, usage);
}

int
cli_show_cmd(const struct cli *c, int argc, char **argv, const char *usage,
    const struct cli_show *how, void *row, const char *why)
{
	struct session *s = NULL;
	struct err err = { 0 };
	bool is_json = false;
	int rc = 0;

	if (!cli_parse_json(argc, argv, usage, &is_json, 1, &rc, why))
		return rc;
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    how->load(s, argv[optind], row, &err) != ST_OK)
		rc = cli_fail(&err);
	else if (is_json)
		rc = cli_json_print(how->json(s, row));
	else
		how->print(s, row);
	how->clear(row);
	session_close(&s);
	return rc;
}

void
cli_print_problems(const struct import_result *res)
{
	char line[1100];
	size_t i;

	for (i = 0; i < res->nproblems && i < IMPORT_MAX_PROBLEMS; i++)
		fprintf(stderr, "%s\n", cli_clean(res->problems[i], line,
		    sizeof line));
	if (res->nproblems > IMPORT_MAX_PROBLEMS)
		fprintf(stderr, "... and %zu more\n", res->nproblems -
		    IMPORT_MAX_PROBLEMS);
}

char *
cli_clean(const char *s, char *buf, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0, k;

	if (n == 0)
		return buf;
	while (p != NULL && *p != '\0') {
		k = text_utf8_len((const char *)p, NULL);
		/* C0 controls, DEL, C1 controls (U+0080..U+009F) and broken
		 * sequences all become one '?'. */
		if (k == 0 || *p < 0x20 || *p == 0x7f ||
		    (k == 2 && p[0] == 0xc2 && p[1] < 0xa0)) {
			if (len + 1 >= n)
				break;
			buf[len++] = '?';
			p += k == 0 ? 1 : k;
			continue;
		}
		if (len + k >= n)
			break;
		memcpy(buf + len, p, k);
		len += k;
		p += k;
	}
	buf[len] = '\0';
	return buf;
}

void
cli_put(const char *s)
{
	char buf[4096];

	if (s == NULL || *s == '\0')
		fputs("-", stdout);
	else
		fputs(cli_clean(s, buf, sizeof buf), stdout);
}

void
cli_put_text(const char *s)
{
	char piece[4096], clean[4096];
	const char *p, *end;
	size_t n, back;

	for (p = s; p != NULL && *p != '\0'; p = end) {
		/* One line or tab-separated piece at a time, at most PIECE. */
		n = strcspn(p, "\n\t");
		if (n >= sizeof piece)
			n = sizeof piece - 1;
		/* A long piece may end inside a character: end before it. */
		for (back = 0; back < 3 && back < n - 1 &&
		    ((unsigned char)p[n - back] & 0xc0) == 0x80; back++)
			;
		if (back < 3 && ((unsigned char)p[n - back] & 0xc0) != 0x80)
			n -= back;
		memcpy(piece, p, n);
		piece[n] = '\0';
		end = p + n;
		fputs(cli_clean(piece, clean, sizeof clean), stdout);
		if (*end == '\n' || *end == '\t')
			putchar(*end++);
	}
}

void
cli_put_indented(const char *text, int indent)
{
	const char *p = text != NULL && *text != '\0' ? text : "-", *nl;
	char *line;

	for (; p != NULL; p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		line = nl != NULL ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		printf("%*s", indent, "");
		cli_put_text(line);
		putchar('\n');
		free(line);
	}
}

char *
cli_local_time(const char *utc, bool with_zone, char *buf, size_t n)
{
	struct tm tm;
	time_t t;

	if (utc == NULL || *utc == '\0') {
		snprintf(buf, n, "-");
		return buf;
	}
	if (clock_parse(utc, &t, NULL) != ST_OK || localtime_r(&t, &tm) == NULL ||
	    strftime(buf, n, with_zone ? "%Y-%m-%d %H:%M %Z" : "%Y-%m-%d %H:%M",
	    &tm) == 0)
		cli_clean(utc, buf, n);
	return buf;
}

size_t
cli_col_width(const struct rowlist *l, size_t offset, const char *header)
{
	const char *row, *cell;
	size_t k, w = strlen(header);

	for (k = 0; k < l->count; k++) {
		row = rowlist_at(l, k);
		memcpy(&cell, row + offset, sizeof cell);
		if (cell != NULL && strlen(cell) > w)
			w = strlen(cell);
	}
	return w;
}

json_t *
cli_json_str(const char *s)
{
	return jtext(s);
}

int
cli_json_print(json_t *j)
{
	int rc;

	rc = json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (rc != 0 || fputc('\n', stdout) == EOF) {
		fprintf(stderr, "herald: cannot write the output\n");
		return status_exit_code(ST_IO);
	}
	return 0;
}

/* Print row J indented one level, as inside an array; frees J. */
static int
print_nested(json_t *j)
{
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER), *p;
	int rc = 0;

	json_decref(j);
	if (text == NULL)
		return -1;
	for (p = text; rc >= 0 && *p != '\0'; p++) {
		if ((p == text || p[-1] == '\n') && fputs("  ", stdout) == EOF)
			rc = -1;
		if (fputc(*p, stdout) == EOF)
			rc = -1;
	}
	free(text);
	return rc;
}

int
cli_json_print_rows(const struct rowlist *l, cli_json_fn fn)
{
	size_t k;
	int rc = 0;

	/* Row by row, as json_dumpf would lay the array out, so a long
	 * list is never held whole in memory twice. */
	if (l->count == 0)
		return cli_json_print(json_array());
	if (fputs("[\n", stdout) == EOF)
		rc = -1;
	for (k = 0; rc == 0 && k < l->count; k++) {
		rc = print_nested(fn(rowlist_at(l, k)));
		if (rc == 0 && fputs(k + 1 < l->count ? ",\n" : "\n", stdout) == EOF)
			rc = -1;
	}
	if (rc != 0 || fputs("]\n", stdout) == EOF) {
		fprintf(stderr, "herald: cannot write the output\n");
		return status_exit_code(ST_IO);
	}
	return 0;
}

/* Draw "\rDONE/TOTAL WHAT (P%)" on stderr; a newline when finished. */
static void
progress_line(void *ctx, long done, long total)
{
	fprintf(stderr, "\r%ld/%ld %s (%ld%%)", done, total, (const char *)ctx,
	    total > 0 ? done * 100 / total : 100);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

void
cli_line_draw(struct cli_line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	fputc('\r', stderr);
	va_start(ap, fmt);
	n = vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (n < l->width)
		fprintf(stderr, "%*s", l->width - n, "");
	if (n > l->width)
		l->width = n;
	fflush(stderr);
}

void
cli_line_wipe(const struct cli_line *l)
{
	if (l->width > 0) {
		fprintf(stderr, "\r%*s\r", l->width, "");
		fflush(stderr);
	}
}

struct progress
cli_progress(const char *what)
{
	struct progress p = { NULL, NULL };

	if (isatty(STDERR_FILENO)) {
		p.fn = progress_line;
		p.ctx = (void *)what;
	}
	return p;
}

enum status
cli_read_input(const char *path, size_t max, char **out, struct err *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "standard input" : path;
	size_t len = 0, n;
	char *buf = NULL;
	FILE *fp;
	enum status st = ST_OK;

	*out = NULL;
	if ((fp = is_stdin ? stdin : fopen(path, "r")) == NULL)
		return err_set(err, ST_IO, "%s: %s", path, strerror(errno));
	/* One byte past MAX tells a file that is too long. */
	buf = xmalloc(max + 2);
	while (len <= max && (n = fread(buf + len, 1, max + 1 - len, fp)) > 0)
		len += n;
	if (ferror(fp))
		st = err_set(err, ST_IO, "%s: %s", name, strerror(errno));
	else if (len > max)
		st = err_set(err, ST_INVALID, "%s: longer than %zu bytes", name,
		    max);
	else if (memchr(buf, '\0', len) != NULL)
		st = err_set(err, ST_INVALID, "%s: holds a NUL byte", name);
	if (!is_stdin)
		fclose(fp);
	if (st != ST_OK) {
		free(buf);
		return st;
	}
	buf[len] = '\0';
	*out = buf;
	return ST_OK;
}
