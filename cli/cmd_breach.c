/* cli/cmd_breach.c - herald breach: the register of personal-data
 * breaches (GDPR art. 33(5)) and the breach-notification procedure. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/breach.h"
#include "core/outdir.h"
#include "core/procedure.h"
#include "util/xalloc.h"

static const char usage[] =
"usage: herald breach add --title T --aware-at TIME --facts TEXT\n"
"                         --effects TEXT --remedial TEXT [options]\n"
"       herald breach from-incident REF [options]\n"
"       herald breach edit ID [options] [--version N]\n"
"       herald breach list [--json]\n"
"       herald breach show ID [--json]\n"
"       herald breach export --format md|csv|json [--out FILE]\n"
"       herald breach procedure [--format md|html] [--out FILE]\n"
"\n"
"The breach register holds every personal-data breach with its facts,\n"
"its effects and the remedial action taken, whether or not the\n"
"regulator was told (GDPR art. 33(5)). from-incident records one from a\n"
"data-breach incident: its title and times, and the facts, effects,\n"
"measures, categories and counts its breach-notification answers give;\n"
"the options below set or replace any of them. edit changes the fields\n"
"given, unless someone changed the breach since version N (--version;\n"
"default: the version it has now). Recording and changing need the\n"
"author, sro or admin role; the audit log names the fields changed,\n"
"never their text. export writes the whole register for an assessor;\n"
"procedure prints the breach-notification procedure that herald export\n"
"procedure publishes.\n"
"\n"
"  --title T            one line, up to 200 characters\n"
"  --aware-at TIME      when we became aware of it (RFC 3339; not in the\n"
"                       future, not before it occurred or was discovered)\n"
"  --occurred-at TIME   when it happened, if known\n"
"  --discovered-at TIME when it was discovered\n"
"  --facts TEXT         what happened\n"
"  --effects TEXT       its effects and likely consequences\n"
"  --remedial TEXT      the remedial action taken\n"
"  --incident REF       the incident it is (edit: - unlinks)\n"
"  --categories LIST    categories of personal data concerned\n"
"  --people TEXT        how many people (\"about 1,200\")\n"
"  --records TEXT       how many records\n"
"  --risk R             unassessed, unlikely, risk or high-risk\n"
"  --regulator V        yes, no or not-required\n"
"  --reason TEXT        why the regulator was not told (needed with no\n"
"                       and not-required)\n"
"  --version N          (edit) the version you read\n"
"  --format F           export: md, csv or json; procedure: md or html\n"
"  --out FILE           write to FILE instead of standard output\n"
"  --json               JSON instead of text\n"
"  -h, --help           show this help\n";

/* The options that set a breach's fields, into F. */
#define FIELD_OPTS(f) \
	{ "title", .str = &(f).title }, \
	{ "aware-at", .str = &(f).aware_at }, \
	{ "occurred-at", .str = &(f).occurred_at }, \
	{ "discovered-at", .str = &(f).discovered_at }, \
	{ "facts", .str = &(f).facts }, \
	{ "effects", .str = &(f).effects }, \
	{ "remedial", .str = &(f).remedial_action }, \
	{ "incident", .str = &(f).incident }, \
	{ "categories", .str = &(f).data_categories }, \
	{ "people", .str = &(f).people_count }, \
	{ "records", .str = &(f).records_count }, \
	{ "risk", .str = &(f).risk }, \
	{ "regulator", .str = &(f).regulator_notified }, \
	{ "reason", .str = &(f).reason_not_notified }

/* Breach ID S ("3" or "breach:3") into *ID. */
static enum status
parse_id(const char *s, long long *id, struct err *err)
{
	long v;

	if (strncmp(s, "breach:", 7) == 0)
		s += 7;
	if (cli_parse_long("ID", s, 1, 1000000000L, &v, err) != ST_OK)
		return err_set(err, ST_INVALID, "ID: \"%s\" is not a breach's id "
		    "(a number, or breach:NUMBER)", s);
	*id = v;
	return ST_OK;
}

static int
record(struct cli *c, const struct breach_fields *f)
{
	struct session *s = NULL;
	struct err err = { 0 };
	long long id = 0;
	int rc = 0;

	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    breach_record(s, f, &id, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("Recorded breach %lld\n", id);
	session_close(&s);
	return rc;
}

static int
breach_add_cmd(struct cli *c, int argc, char **argv)
{
	struct breach_fields f = { 0 };
	const struct cli_opt opts[] = { FIELD_OPTS(f), { .name = NULL } };
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "breach add takes options only (see --help)"))
		return rc;
	return record(c, &f);
}

/* V, unless the person gave GIVEN. */
static const char *
either(const char *given, const char *v)
{
	return given != NULL ? given : v;
}

static int
breach_from_incident_cmd(struct cli *c, int argc, char **argv)
{
	struct breach_fields f = { 0 }, all;
	const struct cli_opt opts[] = { FIELD_OPTS(f), { .name = NULL } };
	struct breach b = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	long long id = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "breach from-incident takes one incident REF"))
		return rc;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    breach_prefill(s, argv[optind], &b, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	all.incident = either(f.incident, b.incident_ref);
	all.title = either(f.title, b.title);
	all.occurred_at = either(f.occurred_at, b.occurred_at);
	all.discovered_at = either(f.discovered_at, b.discovered_at);
	all.aware_at = either(f.aware_at, b.aware_at);
	all.facts = either(f.facts, b.facts);
	all.effects = either(f.effects, b.effects);
	all.remedial_action = either(f.remedial_action, b.remedial_action);
	all.data_categories = either(f.data_categories, b.data_categories);
	all.people_count = either(f.people_count, b.people_count);
	all.records_count = either(f.records_count, b.records_count);
	all.risk = either(f.risk, b.risk);
	all.regulator_notified = either(f.regulator_notified,
	    b.regulator_notified);
	all.reason_not_notified = either(f.reason_not_notified,
	    b.reason_not_notified);
	if (breach_record(s, &all, &id, &err) != ST_OK) {
		/* Say which option gives what the incident does not. */
		if (err.code == ST_INVALID && strncmp(err.msg, "effects:", 8) == 0)
			err_prefix(&err, "%s gives no likely consequences; add "
			    "--effects", b.incident_ref);
		else if (err.code == ST_INVALID && strncmp(err.msg,
		    "remedial_action:", 16) == 0)
			err_prefix(&err, "%s gives no measures; add --remedial",
			    b.incident_ref);
		else if (err.code == ST_INVALID && strncmp(err.msg, "facts:", 6)
		    == 0)
			err_prefix(&err, "%s says nothing of what happened; add "
			    "--facts", b.incident_ref);
		rc = cli_fail(&err);
	} else
		printf("Recorded breach %lld from %s\n", id, b.incident_ref);
end:
	breach_clear(&b);
	session_close(&s);
	return rc;
}

static int
breach_edit_cmd(struct cli *c, int argc, char **argv)
{
	struct breach_fields f = { 0 };
	long version = 0;
	const struct cli_opt opts[] = {
		FIELD_OPTS(f),
		{ "version", .num = &version, .min = 1, .max = 1000000000L },
		{ .name = NULL },
	};
	struct breach cur = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	long long id;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "breach edit takes one breach ID"))
		return rc;
	if (parse_id(argv[optind], &id, &err) != ST_OK)
		return cli_fail(&err);
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    (version == 0 && breach_get(s, id, &cur, &err) != ST_OK) ||
	    breach_update(s, id, version != 0 ? version : cur.version, &f,
	    &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("Changed breach %lld\n", id);
	breach_clear(&cur);
	session_close(&s);
	return rc;
}

/* The whole register, newest first, for list. */
static enum status
load_all(struct session *s, struct rowlist *out, struct err *err)
{
	return breach_list(s, NULL, 0, out, err);
}

static json_t *
breach_json(const void *row)
{
	const struct breach *b = row;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(b->id));
	json_object_set_new(o, "incident", cli_json_str(b->incident_ref));
	json_object_set_new(o, "title", cli_json_str(b->title));
	json_object_set_new(o, "occurred_at", cli_json_str(b->occurred_at));
	json_object_set_new(o, "discovered_at", cli_json_str(b->discovered_at));
	json_object_set_new(o, "aware_at", cli_json_str(b->aware_at));
	json_object_set_new(o, "facts", cli_json_str(b->facts));
	json_object_set_new(o, "effects", cli_json_str(b->effects));
	json_object_set_new(o, "remedial_action",
	    cli_json_str(b->remedial_action));
	json_object_set_new(o, "data_categories",
	    cli_json_str(b->data_categories));
	json_object_set_new(o, "people_count", cli_json_str(b->people_count));
	json_object_set_new(o, "records_count", cli_json_str(b->records_count));
	json_object_set_new(o, "risk", cli_json_str(b->risk));
	json_object_set_new(o, "regulator_notified",
	    cli_json_str(b->regulator_notified));
	json_object_set_new(o, "reason_not_notified",
	    cli_json_str(b->reason_not_notified));
	json_object_set_new(o, "created_at", cli_json_str(b->created_at));
	json_object_set_new(o, "updated_at", cli_json_str(b->updated_at));
	json_object_set_new(o, "version", json_integer(b->version));
	return o;
}

static void
print_breaches(const struct rowlist *l)
{
	size_t i;

	printf("%-5s  %-16s  %-10s  %-12s  %-14s  %s\n", "ID", "AWARE", "RISK",
	    "REGULATOR", "INCIDENT", "TITLE");
	for (i = 0; i < l->count; i++) {
		const struct breach *b = rowlist_at(l, i);
		char when[32], title[256], ref[64];

		printf("%-5lld  %-16s  %-10s  %-12s  %-14s  %s\n", b->id,
		    cli_local_time(b->aware_at, false, when, sizeof when),
		    b->risk, b->regulator_notified != NULL ?
		    b->regulator_notified : "undecided", b->incident_ref != NULL ?
		    cli_clean(b->incident_ref, ref, sizeof ref) : "-",
		    cli_clean(b->title, title, sizeof title));
	}
}

static enum status
show_load(struct session *s, const char *arg, void *row, struct err *err)
{
	long long id;
	enum status st;

	memset(row, 0, sizeof(struct breach));
	if ((st = parse_id(arg, &id, err)) != ST_OK)
		return st;
	return breach_get(s, id, row, err);
}

static json_t *
show_json(struct session *s, const void *row)
{
	(void)s;
	return breach_json(row);
}

/* LABEL, then TEXT indented on the lines below. */
static void
put_block(const char *label, const char *text)
{
	printf("%s:\n", label);
	cli_put_indented(text, 2);
}

static void
show_print(struct session *s, const void *row)
{
	const struct breach *b = row;
	char t[64];

	(void)s;
	printf("Breach %lld: ", b->id);
	cli_put(b->title);
	printf("\nIncident:       ");
	cli_put(b->incident_ref);
	printf("\nOccurred:       %s", cli_local_time(b->occurred_at, true, t,
	    sizeof t));
	printf("\nDiscovered:     %s", cli_local_time(b->discovered_at, true, t,
	    sizeof t));
	printf("\nBecame aware:   %s", cli_local_time(b->aware_at, true, t,
	    sizeof t));
	printf("\nRisk:           %s", b->risk);
	printf("\nRegulator told: %s", b->regulator_notified != NULL ?
	    b->regulator_notified : "not decided yet");
	printf("\nCategories:     ");
	cli_put(b->data_categories);
	printf("\nPeople:         ");
	cli_put(b->people_count);
	printf("\nRecords:        ");
	cli_put(b->records_count);
	printf("\nRecorded:       %s", cli_local_time(b->created_at, true, t,
	    sizeof t));
	printf("\nChanged:        %s (version %lld)\n", cli_local_time(
	    b->updated_at, true, t, sizeof t), b->version);
	put_block("Facts", b->facts);
	put_block("Effects", b->effects);
	put_block("Remedial action", b->remedial_action);
	if (b->reason_not_notified != NULL && *b->reason_not_notified != '\0')
		put_block("Why the regulator was not told",
		    b->reason_not_notified);
}

static void
show_clear(void *row)
{
	breach_clear(row);
}

static int
breach_show_cmd(struct cli *c, int argc, char **argv)
{
	static const struct cli_show how = {
		show_load, show_json, show_print, show_clear,
	};
	struct breach b = { 0 };

	return cli_show_cmd(c, argc, argv, usage, &how, &b,
	    "breach show takes one breach ID");
}

/* TEXT to FILE (atomically), or to standard output when FILE is NULL. */
static enum status
emit(const char *file, const char *text, struct err *err)
{
	size_t len = strlen(text);

	if (file != NULL)
		return outfile_write_atomic(file, text, len, err);
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
		return err_set(err, ST_IO, "writing standard output: %s",
		    strerror(errno));
	return ST_OK;
}

static int
breach_export_cmd(struct cli *c, int argc, char **argv)
{
	const char *format = NULL, *out = NULL;
	const struct cli_opt opts[] = {
		{ "format", .str = &format },
		{ "out", .str = &out },
		{ .name = NULL },
	};
	enum breach_format fmt;
	struct session *s = NULL;
	struct err err = { 0 };
	char *text = NULL;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "breach export takes no arguments"))
		return rc;
	if (format == NULL)
		return cli_usage_error(usage, "breach export needs --format md, "
		    "csv or json");
	if (out != NULL && *out == '\0')
		return cli_usage_error(usage, "--out needs a file name");
	if (breach_format_parse(format, &fmt, &err) != ST_OK ||
	    cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    breach_export(s, fmt, &text, &err) != ST_OK ||
	    emit(out, text, &err) != ST_OK)
		rc = cli_fail(&err);
	else if (out != NULL)
		fprintf(stderr, "wrote the breach register to %s\n", out);
	free(text);
	session_close(&s);
	return rc;
}

static int
breach_procedure_cmd(struct cli *c, int argc, char **argv)
{
	const char *format = "md", *out = NULL;
	const struct cli_opt opts[] = {
		{ "format", .str = &format },
		{ "out", .str = &out },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct err err = { 0 };
	char *text = NULL;
	bool is_html;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "breach procedure takes no arguments"))
		return rc;
	if (strcmp(format, "md") != 0 && strcmp(format, "markdown") != 0 &&
	    strcmp(format, "html") != 0) {
		err_set(&err, ST_INVALID, "format: md or html, not \"%s\"",
		    format);
		return cli_fail(&err);
	}
	if (out != NULL && *out == '\0')
		return cli_usage_error(usage, "--out needs a file name");
	is_html = strcmp(format, "html") == 0;
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    procedure_render(s, is_html ? NULL : &text, is_html ? &text : NULL,
	    NULL, &err) != ST_OK ||
	    emit(out, text, &err) != ST_OK)
		rc = cli_fail(&err);
	free(text);
	session_close(&s);
	return rc;
}

int
cmd_breach(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "add", breach_add_cmd },
		{ "from-incident", breach_from_incident_cmd },
		{ "edit", breach_edit_cmd },
		{ "show", breach_show_cmd },
		{ "export", breach_export_cmd },
		{ "procedure", breach_procedure_cmd },
		{ NULL, NULL },
	};
	static const struct cli_list_action lists[] = {
		{ "list", { load_all, (row_clear_fn)breach_clear, breach_json,
		    print_breaches, "No breaches recorded." } },
		{ NULL, { NULL, NULL, NULL, NULL, NULL } },
	};

	return cli_dispatch_lists(c, argc, argv, actions, lists, usage);
}
