/* cli/cmd_trust.c - herald trust: the trust page's content. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/trust.h"
#include "util/xalloc.h"

static const char usage[] =
"usage: herald trust list [--json]\n"
"       herald trust show ID [--json]\n"
"       herald trust add SECTION --title TITLE [--body TEXT | --body-file F]\n"
"                        [--extra TEXT] [--valid-until YYYY-MM-DD]\n"
"       herald trust edit ID [--title TITLE] [--body TEXT | --body-file F]\n"
"                        [--extra TEXT] [--valid-until YYYY-MM-DD|-]\n"
"       herald trust remove ID\n"
"       herald trust move ID up|down\n"
"\n"
"The trust page (herald export trust) says which certifications are held,\n"
"the key security controls, how data is handled, the sub-processors, how\n"
"to request an audit report and how to reach the security team. SECTION\n"
"is one of certification, control, data-handling, subprocessor,\n"
"report-request, contact; entries show in their section in the order\n"
"move gives them. Without a contact entry the page names\n"
"security.contact. A certification past its --valid-until date is listed\n"
"as no longer held. ID is a number or trust:ID. Changes need the admin\n"
"or sro role and are audited.\n"
"\n"
"  --title TITLE        the entry's heading (1-200 characters, one line)\n"
"  --body TEXT          its text, up to 20000 characters; blank lines\n"
"                       part paragraphs, lines starting \"- \" make a list\n"
"  --body-file F        the body from file F (- for standard input)\n"
"  --extra TEXT         a certification's issuer and scope, a\n"
"                       sub-processor's location and purpose (up to 500)\n"
"  --valid-until DATE   (certifications) the last day it is valid;\n"
"                       - clears it\n"
"  --json               JSON instead of text\n"
"  -h, --help           show this help\n";

/* The most a --body-file may hold, in bytes: the limit is in characters,
 * so room for four bytes each; more is refused by the check anyway. */
#define BODY_FILE_MAX ((size_t)TRUST_BODY_MAX * 4 + 1)

/* The body file PATH ("-": standard input) into *OUT; errors name the
 * option. */
static enum status
read_body(const char *path, char **out, struct err *err)
{
	enum status st = cli_read_input(path, BODY_FILE_MAX, out, err);

	if (st != ST_OK)
		err_prefix(err, "body-file");
	return st;
}

/* Entry ID S ("12" or "trust:12") into *ID. */
static enum status
parse_id(const char *s, long long *id, struct err *err)
{
	long v;

	if (strncmp(s, "trust:", 6) == 0)
		s += 6;
	if (cli_parse_long("ID", s, 1, 1000000000L, &v, err) != ST_OK)
		return err_set(err, ST_INVALID, "ID: \"%s\" is not a trust "
		    "entry's id (a number, or trust:NUMBER)", s);
	*id = v;
	return ST_OK;
}

static json_t *
entry_json(const void *row)
{
	const struct trust_entry *e = row;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "section", cli_json_str(e->section));
	json_object_set_new(o, "heading", cli_json_str(trust_section_heading(
	    (enum trust_section)trust_section_of(e->section))));
	json_object_set_new(o, "position", json_integer(e->position));
	json_object_set_new(o, "title", cli_json_str(e->title));
	json_object_set_new(o, "body", cli_json_str(e->body));
	json_object_set_new(o, "extra", cli_json_str(e->extra));
	json_object_set_new(o, "valid_until", cli_json_str(e->valid_until));
	json_object_set_new(o, "updated_by", e->updated_by != 0 ?
	    json_integer(e->updated_by) : json_null());
	json_object_set_new(o, "updated_at", cli_json_str(e->updated_at));
	return o;
}

/* The entries under their sections' headings, in the page's order. */
static void
print_entries(const struct rowlist *l)
{
	const struct trust_entry *e;
	const char *last = NULL;
	char title[256], extra[256];
	size_t i;
	int k;

	for (i = 0; i < l->count; i++) {
		e = rowlist_at(l, i);
		if (last == NULL || strcmp(last, e->section) != 0) {
			k = trust_section_of(e->section);
			printf("%s%s (%s)\n", last != NULL ? "\n" : "",
			    k >= 0 ? trust_section_heading((enum trust_section)k) :
			    "?", e->section);
			last = e->section;
		}
		printf("  %-6lld %s", e->id, cli_clean(e->title, title,
		    sizeof title));
		if (e->extra != NULL && *e->extra != '\0')
			printf(" (%s)", cli_clean(e->extra, extra, sizeof extra));
		if (e->valid_until != NULL)
			printf(", valid until %s", e->valid_until);
		printf("\n");
	}
}

static enum status
show_load(struct session *s, const char *arg, void *row, struct err *err)
{
	long long id;
	enum status st;

	if ((st = parse_id(arg, &id, err)) != ST_OK)
		return st;
	return trust_get(s, id, row, err);
}

static json_t *
show_json(struct session *s, const void *row)
{
	(void)s;
	return entry_json(row);
}

static void
show_print(struct session *s, const void *row)
{
	const struct trust_entry *e = row;
	int k = trust_section_of(e->section);
	char when[64];

	(void)s;
	printf("Entry:       trust:%lld\nSection:     %s (%s), place %lld\n"
	    "Title:       ", e->id, k >= 0 ? trust_section_heading(
	    (enum trust_section)k) : "?", e->section, e->position);
	cli_put(e->title);
	printf("\nExtra:       ");
	cli_put(e->extra);
	if (e->valid_until != NULL)
		printf("\nValid until: %s", e->valid_until);
	printf("\nUpdated:     %s\nBody:\n", cli_local_time(e->updated_at,
	    true, when, sizeof when));
	cli_put_indented(e->body, 2);
}

static void
show_clear(void *row)
{
	trust_entry_clear(row);
}

static int
trust_show_cmd(struct cli *c, int argc, char **argv)
{
	static const struct cli_show how = {
		show_load, show_json, show_print, show_clear,
	};
	struct trust_entry e = { 0 };

	return cli_show_cmd(c, argc, argv, usage, &how, &e,
	    "trust show takes an ID");
}

/* add SECTION ... and edit ID ...: one option table. */
static int
trust_write_cmd(struct cli *c, int argc, char **argv)
{
	bool is_add = strcmp(argv[0], "add") == 0;
	const char *title = NULL, *body = NULL, *file = NULL, *extra = NULL;
	const char *until = NULL;
	const struct cli_opt opts[] = {
		{ "title", .str = &title },
		{ "body", .str = &body },
		{ "body-file", .str = &file },
		{ "extra", .str = &extra },
		{ "valid-until", .str = &until },
		{ .name = NULL },
	};
	struct trust_fields f = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	char *text = NULL;
	long long id = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc, is_add ?
	    "trust add takes a SECTION" : "trust edit takes an ID"))
		return rc;
	if (body != NULL && file != NULL)
		return cli_usage_error(usage, "trust %s: give --body or "
		    "--body-file, not both", argv[0]);
	if (file != NULL && read_body(file, &text, &err) != ST_OK)
		goto fail;
	if (!is_add && parse_id(argv[optind], &id, &err) != ST_OK)
		goto fail;
	f.title = title;
	f.body = text != NULL ? text : body;
	f.extra = extra;
	f.valid_until = until != NULL && strcmp(until, "-") == 0 ? "" : until;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK)
		goto fail;
	if (is_add) {
		if (trust_add(s, argv[optind], &f, &id, &err) != ST_OK)
			goto fail;
		printf("Added trust:%lld to %s\n", id, argv[optind]);
	} else {
		if (trust_update(s, id, &f, &err) != ST_OK)
			goto fail;
		printf("Updated trust:%lld\n", id);
	}
	goto done;
fail:
	rc = cli_fail(&err);
done:
	free(text);
	session_close(&s);
	return rc;
}

static int
trust_remove_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s = NULL;
	struct err err = { 0 };
	long long id;
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 1, &rc,
	    "trust remove takes an ID"))
		return rc;
	if (parse_id(argv[optind], &id, &err) != ST_OK ||
	    cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    trust_delete(s, id, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("Removed trust:%lld\n", id);
	session_close(&s);
	return rc;
}

static int
trust_move_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s = NULL;
	struct err err = { 0 };
	const char *dir;
	long long id;
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 2, &rc,
	    "trust move takes an ID and up or down"))
		return rc;
	dir = argv[optind + 1];
	if (strcmp(dir, "up") != 0 && strcmp(dir, "down") != 0)
		return cli_usage_error(usage, "trust move: \"%s\": up or down",
		    dir);
	if (parse_id(argv[optind], &id, &err) != ST_OK ||
	    cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    trust_move(s, id, strcmp(dir, "up") == 0, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("Moved trust:%lld %s\n", id, dir);
	session_close(&s);
	return rc;
}

int
cmd_trust(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "show", trust_show_cmd },
		{ "add", trust_write_cmd },
		{ "edit", trust_write_cmd },
		{ "remove", trust_remove_cmd },
		{ "move", trust_move_cmd },
		{ NULL, NULL },
	};
	static const struct cli_list_action lists[] = {
		{ "list", { trust_list, (row_clear_fn)trust_entry_clear,
		    entry_json, print_entries, "The trust page has no entries. "
		    "Add one with: herald trust add SECTION --title TITLE" } },
		{ .name = NULL },
	};

	return cli_dispatch_lists(c, argc, argv, actions, lists, usage);
}
