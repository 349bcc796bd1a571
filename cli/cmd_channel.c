/* cli/cmd_channel.c - herald channel: where published results go. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/channel.h"
#include "util/xalloc.h"

static const char usage[] =
"usage: herald channel add NAME KIND [--settings JSON | --settings-file F]\n"
"       herald channel list [--json]\n"
"       herald channel show NAME [--json]\n"
"       herald channel set NAME --settings JSON | --settings-file F\n"
"       herald channel enable NAME\n"
"       herald channel disable NAME\n"
"\n"
"Channels deliver what is published: e-mail lists, webhooks, GitHub\n"
"security advisories, Jira and ServiceNow tickets, the static site\n"
"directory. Settings are a JSON object checked for the kind; credentials\n"
"never go into them: name a file of mode 0600 (\"password_file\",\n"
"\"token_file\", \"secret_file\") or an environment variable (\"*_env\").\n"
"Plain http:// and SMTP without TLS are allowed only to a loopback host.\n"
"Changes need the admin role and are audited.\n"
"\n"
"Kinds and their settings (* required):\n"
"  email       url* (smtp:// or smtps://), from*, username,\n"
"              password_file | password_env, tls (required |\n"
"              loopback-plain), ca_file, list_id, unsubscribe_url,\n"
"              unsubscribe_mailto, affected_customers (true: every\n"
"              communication also to the customers running an affected\n"
"              release), timeout\n"
"  webhook     url*, secret_file | secret_env, audiences, playbooks,\n"
"              ca_file, timeout\n"
"  github      repository* (OWNER/REPO), api_url, token_file | token_env,\n"
"              request_cve, ca_file, timeout\n"
"  jira        url*, project*, issue_type, username, token_file |\n"
"              token_env, ca_file, timeout\n"
"  servicenow  url*, table, username, password_file | password_env,\n"
"              ca_file, timeout\n"
"  directory   path* (the live site directory)\n"
"\n"
"  --settings JSON       the settings\n"
"  --settings-file F     read the settings from F (- for standard input)\n"
"  --json                JSON instead of text\n"
"  -h, --help            show this help\n";

/* The settings given by --settings or --settings-file, into *OUT
 * (allocated; NULL when neither). */
static enum status
settings_arg(const char *text, const char *file, char **out,
    struct err *err)
{
	*out = NULL;
	if (text != NULL && file != NULL)
		return err_set(err, ST_INVALID, "give --settings or "
		    "--settings-file, not both");
	if (file == NULL) {
		*out = text != NULL ? xstrdup(text) : NULL;
		return ST_OK;
	}
	return cli_read_input(file, CHANNEL_SETTINGS_MAX, out, err);
}

/* channel add NAME KIND, or channel set NAME: with the settings of
 * --settings or --settings-file (set needs one of them). */
static int
channel_write_cmd(struct cli *c, int argc, char **argv)
{
	bool is_add = strcmp(argv[0], "add") == 0;
	const char *text = NULL, *file = NULL;
	const struct cli_opt opts[] = {
		{ "settings", .str = &text },
		{ "settings-file", .str = &file },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct err err = { 0 };
	char *settings = NULL;
	long long id = 0;
	enum status st;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, is_add ? 2 : 1, &rc,
	    is_add ? "channel add takes a NAME and a KIND" :
	    "channel set takes a NAME"))
		return rc;
	if (!is_add && text == NULL && file == NULL)
		return cli_usage_error(usage, "channel set needs --settings or "
		    "--settings-file");
	if ((st = settings_arg(text, file, &settings, &err)) == ST_OK &&
	    (st = cli_open(c, DB_WRITE, &s, &err)) == ST_OK)
		st = is_add ? channel_create(s, argv[optind], argv[optind + 1],
		    settings, &id, &err) : channel_set_settings(s, argv[optind],
		    settings, &err);
	if (st != ST_OK)
		rc = cli_fail(&err);
	else if (is_add)
		printf("Added channel %s (%s, channel:%lld)\n", argv[optind],
		    argv[optind + 1], id);
	else
		printf("Settings of channel %s saved\n", argv[optind]);
	free(settings);
	session_close(&s);
	return rc;
}

static int
channel_enable_cmd(struct cli *c, int argc, char **argv)
{
	bool is_on = strcmp(argv[0], "enable") == 0;
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 1, &rc,
	    "channel %s takes a NAME", argv[0]))
		return rc;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    channel_set_enabled(s, argv[optind], is_on, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("Channel %s %s\n", argv[optind], is_on ? "enabled" :
		    "disabled");
	session_close(&s);
	return rc;
}

/* The settings of C, masked, as a JSON object. */
static json_t *
shown_json(const struct channel *ch)
{
	struct rowlist l;
	struct err err = { 0 };
	json_t *o = json_object();
	size_t i;

	if (channel_settings_shown(ch->settings, &l, &err) == ST_OK)
		for (i = 0; i < l.count; i++) {
			const struct channel_setting *cs = rowlist_at(&l, i);

			json_object_set_new(o, cs->key, cli_json_str(cs->value));
		}
	rowlist_free(&l, (row_clear_fn)channel_setting_clear);
	return o;
}

static json_t *
channel_json(const void *row)
{
	const struct channel *ch = row;
	json_t *o = json_object(), *settings;

	settings = json_loads(ch->settings != NULL ? ch->settings : "{}", 0,
	    NULL);
	json_object_set_new(o, "id", json_integer(ch->id));
	json_object_set_new(o, "name", cli_json_str(ch->name));
	json_object_set_new(o, "kind", cli_json_str(ch->kind));
	json_object_set_new(o, "enabled", json_boolean(ch->is_enabled));
	json_object_set_new(o, "settings", settings != NULL ? settings :
	    json_object());
	json_object_set_new(o, "shown", shown_json(ch));
	json_object_set_new(o, "created_at", cli_json_str(ch->created_at));
	return o;
}

static void
print_channels(const struct rowlist *l)
{
	size_t i, w = cli_col_width(l, offsetof(struct channel, name), "NAME");

	printf("%-*s  %-10s  %s\n", (int)w, "NAME", "KIND", "STATE");
	for (i = 0; i < l->count; i++) {
		const struct channel *ch = rowlist_at(l, i);
		char name[256];

		printf("%-*s  %-10s  %s\n", (int)w,
		    cli_clean(ch->name, name, sizeof name), ch->kind,
		    ch->is_enabled ? "enabled" : "disabled");
	}
}

static int
channel_show_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s = NULL;
	struct err err = { 0 };
	struct channel ch = { 0 };
	struct rowlist l;
	bool is_json = false;
	size_t i;
	int rc = 0;

	rowlist_init(&l, sizeof(struct channel_setting));
	if (!cli_parse_json(argc, argv, usage, &is_json, 1, &rc,
	    "channel show takes a NAME"))
		return rc;
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    channel_get_by_name(s, argv[optind], &ch, &err) != ST_OK ||
	    channel_settings_shown(ch.settings, &l, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (is_json) {
		rc = cli_json_print(channel_json(&ch));
		goto done;
	}
	printf("Channel:  ");
	cli_put(ch.name);
	printf(" (channel:%lld)\nKind:     %s\nState:    %s\nCreated:  %s\n",
	    ch.id, ch.kind, ch.is_enabled ? "enabled" : "disabled",
	    ch.created_at);
	printf("Settings:%s\n", l.count == 0 ? " -" : "");
	for (i = 0; i < l.count; i++) {
		const struct channel_setting *cs = rowlist_at(&l, i);
		char key[128];

		printf("  %-20s ", cli_clean(cs->key, key, sizeof key));
		cli_put(cs->value);
		printf("%s\n", cs->is_problem ? "  [!]" : "");
	}
done:
	rowlist_free(&l, (row_clear_fn)channel_setting_clear);
	channel_clear(&ch);
	session_close(&s);
	return rc;
}

int
cmd_channel(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "add", channel_write_cmd },
		{ "show", channel_show_cmd },
		{ "set", channel_write_cmd },
		{ "enable", channel_enable_cmd },
		{ "disable", channel_enable_cmd },
		{ NULL, NULL },
	};
	static const struct cli_list_action lists[] = {
		{ "list", { channel_list, (row_clear_fn)channel_clear,
		    channel_json, print_channels, "No channels. Add one with: "
		    "herald channel add NAME KIND --settings JSON" } },
		{ .name = NULL },
	};

	return cli_dispatch_lists(c, argc, argv, actions, lists, usage);
}
