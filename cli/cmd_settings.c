/* cli/cmd_settings.c - herald settings: who publishes and where. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/settings.h"

static const char usage[] =
"usage: herald settings list [--json]\n"
"       herald settings get KEY\n"
"       herald settings set KEY VALUE\n"
"       herald settings unset KEY\n"
"\n"
"The settings every output needs: the site's address, the publisher's name\n"
"and CSAF namespace, the contacts of security.txt, the signing key. They\n"
"live in the database, so every run renders the same; changing one is an\n"
"admin's action, kept in the audit chain. \"list\" shows every key with its\n"
"value (or default) and what it is.\n"
"\n"
"  --json      JSON instead of text\n"
"  -h, --help  show this help\n"
"\n"
"Exit status: 0 done; 2 bad arguments; 3 no such KEY, or a VALUE it\n"
"refuses (the message says what it takes); 4 get: KEY is not set;\n"
"6 set or unset by someone who is not an admin.\n";

/* What unset KEY comes to from the other settings ("site.title" from
 * publisher.name), from SITE (settings_site()); NULL when nothing. */
static const char *
derived(const json_t *site, const char *key)
{
	char name[64];
	size_t i;

	for (i = 0; key[i] != '\0' && i < sizeof name - 1; i++)
		name[i] = key[i] == '.' || key[i] == '-' ? '_' : key[i];
	name[i] = '\0';
	return json_string_value(json_object_get(site, name));
}

/* TEXT from column 29, wrapped before column 79 at spaces. */
static void
put_what(const char *text)
{
	const int indent = 29, width = 78;
	const char *p = text;
	int col = 0;
	size_t w;

	while (*p != '\0') {
		w = strcspn(p, " ");
		if (col == 0)
			col = printf("%*s", indent, "");
		else if (col + 1 + (int)w > width)
			col = printf("\n%*s", indent, "") - 1;
		else
			col += printf(" ");
		col += printf("%.*s", (int)w, p);
		p += w;
		p += strspn(p, " ");
	}
	putchar('\n');
}

static int
list_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s = NULL;
	struct err err = { 0 };
	json_t *a = NULL, *o, *site = NULL;
	const char *from;
	char *value, buf[1100];
	bool is_json = false;
	int rc = 0, i;

	if (!cli_parse_json(argc, argv, usage, &is_json, 0, &rc,
	    "settings list takes no operands"))
		return rc;
	if (cli_open(c, DB_READ, &s, &err) != ST_OK)
		return cli_fail(&err);
	if (settings_site(s, &site, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if (is_json)
		a = json_array();
	for (i = 0; i < SETTING_COUNT; i++) {
		if (setting_get(s, setting_key(i), &value, &err) != ST_OK) {
			rc = cli_fail(&err);
			break;
		}
		if (is_json) {
			o = json_object();
			json_object_set_new(o, "key", cli_json_str(setting_key(i)));
			json_object_set_new(o, "value", cli_json_str(value));
			json_object_set_new(o, "default",
			    cli_json_str(setting_default(i)));
			json_object_set_new(o, "what", cli_json_str(setting_what(i)));
			json_array_append_new(a, o);
		} else {
			/* Unset but derived: what the outputs use now. */
			from = value == NULL ? derived(site, setting_key(i)) :
			    NULL;
			printf("%-26s %s", setting_key(i), value != NULL ?
			    cli_clean(value, buf, sizeof buf) : "-");
			if (from != NULL)
				printf("  (now: %s)", cli_clean(from, buf,
				    sizeof buf));
			putchar('\n');
			put_what(setting_what(i));
		}
		free(value);
	}
	if (is_json && rc == 0)
		rc = cli_json_print(a);
	else
		json_decref(a);
end:
	json_decref(site);
	session_close(&s);
	return rc;
}

/* Why get prints nothing for KEY: unset, and what the outputs use
 * instead when another setting stands in for it. */
static void
not_set(struct session *s, const char *key, struct err *err)
{
	json_t *site = NULL;
	const char *from;
	char buf[1100];

	if (settings_site(s, &site, NULL) == ST_OK &&
	    (from = derived(site, key)) != NULL)
		err_set(err, ST_NOTFOUND, "%s: not set; its default now is "
		    "\"%s\"", key, cli_clean(from, buf, sizeof buf));
	else
		err_set(err, ST_NOTFOUND, "%s: not set (set it with herald "
		    "settings set %s VALUE)", key, key);
	json_decref(site);
}

static int
get_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s = NULL;
	struct err err = { 0 };
	char *value = NULL, buf[1100];
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 1, &rc,
	    "settings get takes one KEY"))
		return rc;
	if (setting_from_key(argv[optind]) < 0) {
		err_set(&err, ST_INVALID, "%s: no such setting (see herald "
		    "settings list)", cli_clean(argv[optind], buf, sizeof buf));
		return cli_fail(&err);
	}
	if (cli_open(c, DB_READ, &s, &err) != ST_OK)
		return cli_fail(&err);
	if (setting_get(s, argv[optind], &value, &err) != ST_OK)
		rc = cli_fail(&err);
	else if (value == NULL) {
		not_set(s, argv[optind], &err);
		rc = cli_fail(&err);
	} else
		printf("%s\n", cli_clean(value, buf, sizeof buf));
	free(value);
	session_close(&s);
	return rc;
}

static int
change(struct cli *c, const char *key, const char *value)
{
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK)
		return cli_fail(&err);
	if (setting_set(s, key, value, &err) != ST_OK)
		rc = cli_fail(&err);
	session_close(&s);
	return rc;
}

static int
set_cmd(struct cli *c, int argc, char **argv)
{
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 2, &rc,
	    "settings set takes KEY VALUE"))
		return rc;
	if (*argv[optind + 1] == '\0')
		return cli_usage_error(usage, "settings set: an empty VALUE; "
		    "use settings unset KEY");
	return change(c, argv[optind], argv[optind + 1]);
}

static int
unset_cmd(struct cli *c, int argc, char **argv)
{
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 1, &rc,
	    "settings unset takes one KEY"))
		return rc;
	return change(c, argv[optind], NULL);
}

int
cmd_settings(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "list", list_cmd },
		{ "get", get_cmd },
		{ "set", set_cmd },
		{ "unset", unset_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}
