/* cli/cmd_playbook.c - herald playbook: check, list and show playbooks. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/playbook.h"

static const char usage[] =
"usage: herald playbook lint [--verbose] [FILE | NAME]...\n"
"       herald playbook list [--json]\n"
"       herald playbook show NAME | FILE [--json]\n"
"\n"
"Check playbook files, printing every problem as FILE:LINE:COLUMN: message\n"
"(no FILE: every playbook found); list the playbooks found; show one with\n"
"its steps, fields, clocks and outputs. A NAME is looked up in\n"
"$XDG_CONFIG_HOME/herald/playbooks, then in the shipped playbooks.\n"
"See herald-playbook(5).\n"
"\n"
"  --verbose   also print FILE: ok for a file without problems\n"
"  --json      JSON instead of text\n"
"  -h, --help  show this help\n";

/* Whether ARG names a file rather than a playbook: it has a slash, ends
 * in .yaml, or exists. */
static bool
is_file_arg(const char *arg)
{
	struct stat sb;
	size_t n = strlen(arg);

	return strchr(arg, '/') != NULL || (n > 5 &&
	    strcmp(arg + n - 5, ".yaml") == 0) || stat(arg, &sb) == 0;
}

/* The file for ARG (a file, or a playbook's name); caller frees. */
static enum status
resolve(const char *arg, char **path, struct err *err)
{
	if (is_file_arg(arg)) {
		*path = strdup(arg);
		return *path != NULL ? ST_OK : err_set(err, ST_NOMEM,
		    "out of memory");
	}
	return playbook_find(arg, path, err);
}

/* Load ARG, printing its problems on stderr. Returns an exit code. */
static int
load(const char *arg, struct playbook **pb)
{
	struct pb_problems pr = { 0 };
	struct err err = { 0 };
	char *path = NULL, file[1024], msg[512];
	size_t i;
	int rc = 0;

	*pb = NULL;
	if (resolve(arg, &path, &err) != ST_OK)
		return cli_fail(&err);
	if (playbook_load_file(path, pb, &pr, &err) != ST_OK) {
		if (pr.n == 0)
			rc = cli_fail(&err);
		else
			rc = status_exit_code(ST_INVALID);
		for (i = 0; i < pr.n; i++)
			fprintf(stderr, "%s:%d:%d: %s\n", cli_clean(path, file,
			    sizeof file), pr.items[i].pos.line,
			    pr.items[i].pos.col, cli_clean(pr.items[i].message,
			    msg, sizeof msg));
	}
	pb_problems_clear(&pr);
	free(path);
	return rc;
}

static int
lint_cmd(struct cli *c, int argc, char **argv)
{
	bool is_verbose = false;
	const struct cli_opt opts[] = {
		{ "verbose", .flag = &is_verbose },
		{ .name = NULL },
	};
	struct playbook *pb = NULL;
	struct err err = { 0 };
	char **names = NULL, **args, buf[1024];
	int rc = 0, one, i;

	(void)c;
	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	args = argv + optind;
	if (optind == argc) {
		/* No files: every playbook found. */
		if (playbook_names(&names, &err) != ST_OK)
			return cli_fail(&err);
		args = names;
	}
	for (i = 0; args[i] != NULL; i++) {
		one = load(args[i], &pb);
		if (one == 0 && is_verbose)
			printf("%s: ok\n", cli_clean(pb->source, buf, sizeof buf));
		if (rc == 0)
			rc = one;
		playbook_free(&pb);
	}
	playbook_names_free(names);
	return rc;
}

static json_t *
str_array(char *const *list, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, cli_json_str(list[i]));
	return a;
}

static json_t *
variants_json(const struct playbook *pb)
{
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; i < pb->n_variants; i++) {
		o = json_object();
		json_object_set_new(o, "id", cli_json_str(pb->variants[i].id));
		json_object_set_new(o, "title",
		    cli_json_str(pb->variants[i].title));
		json_object_set_new(o, "kind", cli_json_str(pb->variants[i].kind));
		json_object_set_new(o, "audience",
		    cli_json_str(pb->variants[i].audience));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
summary_json(const struct playbook *pb)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", cli_json_str(pb->name));
	json_object_set_new(o, "version", cli_json_str(pb->version));
	json_object_set_new(o, "title", cli_json_str(pb->title));
	json_object_set_new(o, "kind", cli_json_str(pb->kind));
	json_object_set_new(o, "audience", cli_json_str(pb->audience));
	json_object_set_new(o, "variants", variants_json(pb));
	json_object_set_new(o, "source", cli_json_str(pb->source));
	json_object_set_new(o, "hash", cli_json_str(pb->hash));
	return o;
}

static int
list_cmd(struct cli *c, int argc, char **argv)
{
	struct playbook *pb = NULL;
	struct err err = { 0 };
	json_t *rows = NULL;
	char **names = NULL, kbuf[512], title[512], src[1024], ver[64];
	bool is_json = false;
	size_t i;
	int rc = 0, one;

	(void)c;
	if (!cli_parse_json(argc, argv, usage, &is_json, 0, &rc,
	    "playbook list takes no arguments"))
		return rc;
	if (playbook_names(&names, &err) != ST_OK)
		return cli_fail(&err);
	if (is_json)
		rows = json_array();
	else if (names[0] == NULL)
		printf("No playbooks.\n");
	else
		printf("%-22s  %-7s  %-34s  %-40s  %s\n", "NAME", "VERSION",
		    "TITLE", "KINDS", "SOURCE");
	for (i = 0; names[i] != NULL; i++) {
		/* A broken playbook is reported and skipped; the rest list. */
		if ((one = load(names[i], &pb)) != 0) {
			if (rc == 0)
				rc = one;
			continue;
		}
		if (is_json)
			json_array_append_new(rows, summary_json(pb));
		else
			printf("%-22s  %-7s  %-34s  %-40s  %s\n", pb->name,
			    cli_clean(pb->version, ver, sizeof ver),
			    cli_clean(pb->title, title, sizeof title),
			    playbook_variants_join(pb, true, kbuf, sizeof kbuf),
			    cli_clean(pb->source, src, sizeof src));
		playbook_free(&pb);
	}
	playbook_names_free(names);
	if (is_json && (one = cli_json_print(rows)) != 0 && rc == 0)
		rc = one;
	return rc;
}

static json_t *
options_json(const struct pb_field *f)
{
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; i < f->n_options; i++) {
		o = json_object();
		json_object_set_new(o, "value", cli_json_str(f->options[i].value));
		json_object_set_new(o, "label", cli_json_str(f->options[i].label));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
field_json(const struct pb_field *f)
{
	json_t *o = json_object(), *w;

	json_object_set_new(o, "id", cli_json_str(f->id));
	json_object_set_new(o, "type", cli_json_str(field_kind_name(f->kind)));
	json_object_set_new(o, "label", cli_json_str(f->label));
	json_object_set_new(o, "help", cli_json_str(f->help));
	json_object_set_new(o, "required", json_boolean(f->is_required));
	json_object_set_new(o, "default", cli_json_str(f->default_value));
	json_object_set_new(o, "from", cli_json_str(f->from != PB_FROM_NONE ?
	    pb_source_name(f->from) : NULL));
	if (f->n_options > 0)
		json_object_set_new(o, "options", options_json(f));
	if (f->max_length > 0)
		json_object_set_new(o, "max_length", json_integer(f->max_length));
	if (f->kind == FIELD_PLAIN_TEXT)
		json_object_set_new(o, "reading_ease",
		    json_real(f->min_reading_ease));
	w = json_array();
	if (f->warnings & PB_WARN_BLAME)
		json_array_append_new(w, json_string("blame"));
	if (f->warnings & PB_WARN_SHORT_NOTICE)
		json_array_append_new(w, json_string("short-notice"));
	json_object_set_new(o, "warn", w);
	if (f->when.field != NULL) {
		w = json_object();
		json_object_set_new(w, "field", cli_json_str(f->when.field));
		json_object_set_new(w, "in", str_array(f->when.values,
		    f->when.n_values));
		json_object_set_new(o, "when", w);
	}
	json_object_set_new(o, "line", json_integer(f->pos.line));
	return o;
}

static json_t *
step_json(const struct pb_step *st)
{
	json_t *o = json_object(), *a, *r;
	size_t i;

	json_object_set_new(o, "id", cli_json_str(st->id));
	json_object_set_new(o, "kind", cli_json_str(pb_step_kind_name(st->kind)));
	json_object_set_new(o, "title", cli_json_str(st->title));
	json_object_set_new(o, "help", cli_json_str(st->help));
	json_object_set_new(o, "variants", str_array(st->variants,
	    st->n_variants));
	a = json_array();
	for (i = 0; i < st->n_fields; i++)
		json_array_append_new(a, field_json(&st->fields[i]));
	json_object_set_new(o, "fields", a);
	if (st->kind == PB_STEP_GATE) {
		a = json_array();
		for (i = 0; i < st->n_roles; i++) {
			r = json_object();
			json_object_set_new(r, "role",
			    cli_json_str(st->roles[i].role));
			json_object_set_new(r, "count",
			    json_integer(st->roles[i].count));
			json_array_append_new(a, r);
		}
		json_object_set_new(o, "roles", a);
		json_object_set_new(o, "allow_author",
		    json_boolean(st->allow_author));
	}
	if (st->kind == PB_STEP_PUBLISH)
		json_object_set_new(o, "channels", str_array(st->channels,
		    st->n_channels));
	json_object_set_new(o, "line", json_integer(st->pos.line));
	return o;
}

static json_t *
span_json(const struct pb_span *sp)
{
	char buf[64];

	if (sp->months == 0 && sp->minutes == 0)
		return json_null();
	return json_string(pb_span_format(sp, buf, sizeof buf));
}

static json_t *
playbook_json(const struct playbook *pb)
{
	json_t *o = summary_json(pb), *a, *x;
	const struct pb_clock *cl;
	const struct pb_output *out;
	size_t i;

	json_object_set_new(o, "description", cli_json_str(pb->description));
	json_object_set_new(o, "reading_ease", json_real(pb->reading_ease));
	json_object_set_new(o, "opens_incident",
	    json_boolean(pb->opens_incident));
	a = json_array();
	for (i = 0; i < pb->n_steps; i++)
		json_array_append_new(a, step_json(&pb->steps[i]));
	json_object_set_new(o, "steps", a);
	a = json_array();
	for (i = 0; i < pb->n_clocks; i++) {
		cl = &pb->clocks[i];
		x = json_object();
		json_object_set_new(x, "id", cli_json_str(cl->id));
		json_object_set_new(x, "title", cli_json_str(cl->title));
		json_object_set_new(x, "regime", cli_json_str(cl->regime));
		json_object_set_new(x, "clock", cli_json_str(cl->regime_clock));
		json_object_set_new(x, "from", cli_json_str(cl->from));
		json_object_set_new(x, "within", span_json(&cl->within));
		json_object_set_new(x, "every", span_json(&cl->every));
		json_object_set_new(x, "phase", json_integer(cl->phase));
		json_object_set_new(x, "variant", cli_json_str(cl->variant));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "clocks", a);
	a = json_array();
	for (i = 0; i < pb->n_outputs; i++) {
		out = &pb->outputs[i];
		x = json_object();
		json_object_set_new(x, "id", cli_json_str(out->id));
		json_object_set_new(x, "format", cli_json_str(out->format));
		json_object_set_new(x, "title", cli_json_str(out->title));
		json_object_set_new(x, "template", cli_json_str(out->template));
		json_object_set_new(x, "variants", str_array(out->variants,
		    out->n_variants));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "outputs", a);
	return o;
}

/* ", only for VARIANTS" or "". */
static const char *
only(char *const *variants, size_t n, char *buf, size_t size)
{
	size_t i, len;

	buf[0] = '\0';
	if (n == 0)
		return buf;
	len = (size_t)snprintf(buf, size, "  [");
	for (i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    i > 0 ? ", " : "", variants[i]);
	if (len < size)
		snprintf(buf + len, size - len, "]");
	return buf;
}

/* Add ", " and FMT's text to the N-byte BUF, filled to *LEN. */
static void
append(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
	va_list ap;

	if (*len >= n)
		return;
	*len += (size_t)snprintf(buf + *len, n - *len, ", ");
	if (*len >= n)
		return;
	va_start(ap, fmt);
	*len += (size_t)vsnprintf(buf + *len, n - *len, fmt, ap);
	va_end(ap);
}

static void
print_field(const struct pb_field *f)
{
	char label[512], extra[256], v[256];
	size_t len = 0;

	extra[0] = '\0';
	if (f->is_required)
		append(extra, sizeof extra, &len, "required");
	if (f->max_length > 0)
		append(extra, sizeof extra, &len, "at most %ld", f->max_length);
	if (f->kind == FIELD_PLAIN_TEXT)
		append(extra, sizeof extra, &len, "reading ease %g",
		    f->min_reading_ease);
	if (f->warnings & PB_WARN_BLAME)
		append(extra, sizeof extra, &len, "blame-free");
	if (f->warnings & PB_WARN_SHORT_NOTICE)
		append(extra, sizeof extra, &len, "warns of short notice");
	if (f->from != PB_FROM_NONE)
		append(extra, sizeof extra, &len, "from %s",
		    pb_source_name(f->from));
	if (f->when.field != NULL)
		append(extra, sizeof extra, &len, "when %s is %s%s",
		    f->when.field, cli_clean(f->when.values[0], v, sizeof v),
		    f->when.n_values > 1 ? " or ..." : "");
	printf("       %-24s %-13s %s%s%s%s\n", f->id, field_kind_name(f->kind),
	    cli_clean(f->label, label, sizeof label), extra[0] != '\0' ? " (" :
	    "", extra[0] != '\0' ? extra + 2 : "", extra[0] != '\0' ? ")" : "");
}

static void
print_step(size_t n, const struct pb_step *st)
{
	char title[512], buf[256];
	size_t i;

	printf("  %2zu. %s (%s) %s%s\n", n, st->id,
	    pb_step_kind_name(st->kind), cli_clean(st->title, title,
	    sizeof title), only(st->variants, st->n_variants, buf, sizeof buf));
	switch (st->kind) {
	case PB_STEP_FORM:
		for (i = 0; i < st->n_fields; i++)
			print_field(&st->fields[i]);
		break;
	case PB_STEP_CHECKLIST:
		for (i = 0; i < st->fields[0].n_options; i++)
			printf("       [ ] %s\n", cli_clean(
			    st->fields[0].options[i].label, title,
			    sizeof title));
		break;
	case PB_STEP_GATE:
		for (i = 0; i < st->n_roles; i++)
			printf("       %d from %s\n", st->roles[i].count,
			    st->roles[i].role);
		if (st->allow_author)
			printf("       the author may approve\n");
		break;
	case PB_STEP_PUBLISH:
		for (i = 0; i < st->n_channels; i++)
			printf("       -> %s\n", st->channels[i]);
		break;
	default:
		break;
	}
}

static void
print_playbook(const struct playbook *pb)
{
	const struct pb_clock *cl;
	const struct pb_output *o;
	char buf[1024], span[64], var[256];
	size_t i;

	printf("%s %s: %s\n", pb->name, cli_clean(pb->version, var,
	    sizeof var), cli_clean(pb->title, buf, sizeof buf));
	printf("  kind %s, audience %s%s\n", pb->kind, pb->audience,
	    pb->opens_incident ? ", may open an incident" : "");
	printf("  source %s\n", cli_clean(pb->source, buf, sizeof buf));
	printf("  sha256 %s\n", pb->hash);
	if (pb->variants[0].id[0] != '\0') {
		printf("\nVariants:\n");
		for (i = 0; i < pb->n_variants; i++)
			printf("  %-16s %-24s %-10s %s\n", pb->variants[i].id,
			    pb->variants[i].kind, pb->variants[i].audience,
			    cli_clean(pb->variants[i].title, buf, sizeof buf));
	}
	printf("\nSteps:\n");
	for (i = 0; i < pb->n_steps; i++)
		print_step(i + 1, &pb->steps[i]);
	if (pb->n_clocks > 0)
		printf("\nClocks:\n");
	for (i = 0; i < pb->n_clocks; i++) {
		cl = &pb->clocks[i];
		if (cl->regime != NULL)
			snprintf(buf, sizeof buf, "regime %s%s%s", cl->regime,
			    cl->regime_clock != NULL ? ", clock " : "",
			    cl->regime_clock != NULL ? cl->regime_clock : "");
		else if (cl->every.months > 0 || cl->every.minutes > 0)
			snprintf(buf, sizeof buf, "every %s from %s",
			    pb_span_format(&cl->every, span, sizeof span),
			    cl->from);
		else
			snprintf(buf, sizeof buf, "%s from %s",
			    pb_span_format(&cl->within, span, sizeof span),
			    cl->from);
		printf("  %-16s %-32s %s", cl->id, buf,
		    cli_clean(cl->title, var, sizeof var));
		printf("%s\n", only(&cl->variant, cl->variant != NULL ? 1 : 0,
		    var, sizeof var));
	}
	if (pb->n_outputs > 0)
		printf("\nOutputs:\n");
	for (i = 0; i < pb->n_outputs; i++) {
		o = &pb->outputs[i];
		printf("  %-16s %-9s %s%s\n", o->id, o->format,
		    cli_clean(o->title, buf, sizeof buf),
		    only(o->variants, o->n_variants, var, sizeof var));
	}
}

static int
show_cmd(struct cli *c, int argc, char **argv)
{
	struct playbook *pb = NULL;
	bool is_json = false;
	int rc = 0;

	(void)c;
	if (!cli_parse_json(argc, argv, usage, &is_json, 1, &rc,
	    "playbook show needs one NAME or FILE"))
		return rc;
	if ((rc = load(argv[optind], &pb)) != 0)
		return rc;
	if (is_json)
		rc = cli_json_print(playbook_json(pb));
	else
		print_playbook(pb);
	playbook_free(&pb);
	return rc;
}

int
cmd_playbook(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "lint", lint_cmd },
		{ "list", list_cmd },
		{ "show", show_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}
