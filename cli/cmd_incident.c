/* cli/cmd_incident.c - herald incident: open incidents, list and show them,
 * and keep one under embargo to the people named on it. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/access.h"
#include "core/deadline.h"
#include "core/incident.h"
#include "core/user.h"

static const char usage[] =
"usage: herald incident new --title TEXT --trigger KIND --severity LEVEL\n"
"                  [--summary TEXT] [--cvss VECTOR] [--aware-at TIME]\n"
"                  [--discovered-at TIME] [--embargo-until TIME] [--drill]\n"
"                  [--json]\n"
"       herald incident list [--state STATE] [--trigger KIND]\n"
"                  [--severity LEVEL] [--drills | --no-drills]\n"
"                  [--search WORDS] [--limit N] [--json]\n"
"       herald incident show ID [--json]\n"
"       herald incident times ID [--aware-at TIME] [--discovered-at TIME]\n"
"                  [--fix-available-at TIME]\n"
"       herald incident embargo ID (--until TIME | --lift)\n"
"       herald incident access ID [add LOGIN | remove LOGIN] [--json]\n"
"\n"
"Open an incident (authors and admins) and print its ID, like SEC-2026-001;\n"
"list incidents, most recently updated first; show one, with its clocks;\n"
"set its times, which the clocks run from (an empty TIME clears\n"
"--discovered-at or --fix-available-at).\n"
"\n"
"Need to know: while an incident is under embargo only the people named on\n"
"it, admins and the SRO see it; for everyone else it is in no list, search,\n"
"count, clock or export, and opening it is refused. Every look at it, and\n"
"every refusal, is recorded in the audit log. embargo sets (authors and\n"
"admins; whoever sets it, and whoever opened the incident, are named) or\n"
"lifts it; access lists who is named, and admins, the SRO and whoever\n"
"opened the incident add or remove people.\n"
"\n"
"  --title TEXT          what happened, at most 200 characters\n"
"  --trigger KIND        vulnerability, data-breach, credential-leak,\n"
"                        misconfiguration or compromise\n"
"  --severity LEVEL      none, low, medium, high or critical\n"
"  --summary TEXT        a longer description\n"
"  --cvss VECTOR         a CVSS v3.1 or v4.0 vector (CVSS:3.1/AV:N/...)\n"
"  --aware-at TIME       when you became aware (default: now); TIME is\n"
"                        RFC 3339 (2026-03-01T12:00:00Z, ...+01:00) or a date\n"
"  --discovered-at TIME  when it was discovered (not after --aware-at)\n"
"  --embargo-until TIME  keep it private until then\n"
"  --fix-available-at TIME  when a fix became available\n"
"  --drill               a drill of the notification procedure, not real\n"
"  --state STATE         open, contained, resolved or closed\n"
"  --drills, --no-drills only drills, or only real incidents\n"
"  --search WORDS        only incidents whose title or summary has every\n"
"                        word (each the start of a word), newest opened first\n"
"  --limit N             at most N incidents\n"
"  --until TIME          keep it under embargo until then (in the future)\n"
"  --lift                lift the embargo now\n"
"  --json                JSON instead of text\n"
"  -h, --help            show this help\n"
"\n"
"Times are stored in UTC and shown in local time (TZ).\n";

static json_t *
incident_json(const void *row)
{
	const struct incident *i = row;
	json_t *o = json_object();

	json_object_set_new(o, "id", cli_json_str(i->ref));
	json_object_set_new(o, "title", cli_json_str(i->title));
	json_object_set_new(o, "summary", cli_json_str(i->summary));
	json_object_set_new(o, "trigger", cli_json_str(i->trigger_kind));
	json_object_set_new(o, "severity", cli_json_str(i->severity));
	json_object_set_new(o, "cvss_vector", cli_json_str(i->cvss_vector));
	json_object_set_new(o, "cvss_score", i->cvss_score < 0 ? json_null() :
	    json_real(i->cvss_score));
	json_object_set_new(o, "state", cli_json_str(i->state));
	json_object_set_new(o, "drill", json_boolean(i->is_drill));
	json_object_set_new(o, "discovered_at", cli_json_str(i->discovered_at));
	json_object_set_new(o, "aware_at", cli_json_str(i->aware_at));
	json_object_set_new(o, "embargo_until", cli_json_str(i->embargo_until));
	json_object_set_new(o, "fix_available_at",
	    cli_json_str(i->fix_available_at));
	json_object_set_new(o, "created_by", i->created_by != 0 ?
	    json_integer(i->created_by) : json_null());
	json_object_set_new(o, "created_at", cli_json_str(i->created_at));
	json_object_set_new(o, "updated_at", cli_json_str(i->updated_at));
	json_object_set_new(o, "version", json_integer(i->version));
	json_object_set_new(o, "row_id", json_integer(i->id));
	return o;
}

static int
incident_new_cmd(struct cli *c, int argc, char **argv)
{
	struct incident_new in = { 0 };
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "title", .str = &in.title },
		{ "trigger", .str = &in.trigger_kind },
		{ "severity", .str = &in.severity },
		{ "summary", .str = &in.summary },
		{ "cvss", .str = &in.cvss_vector },
		{ "aware-at", .str = &in.aware_at },
		{ "discovered-at", .str = &in.discovered_at },
		{ "embargo-until", .str = &in.embargo_until },
		{ "drill", .flag = &in.is_drill },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct incident out = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (optind < argc)
		return cli_usage_error(usage, "incident new takes no arguments "
		    "(got %s); give the title with --title", argv[optind]);
	if (in.title == NULL || in.trigger_kind == NULL || in.severity == NULL)
		return cli_usage_error(usage, "incident new needs --%s",
		    in.title == NULL ? "title" : in.trigger_kind == NULL ?
		    "trigger" : "severity");
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    incident_create(s, &in, &out, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (is_json)
		rc = cli_json_print(incident_json(&out));
	else
		printf("%s\n", out.ref);
done:
	incident_clear(&out);
	session_close(&s);
	return rc;
}

/* Check V against one of the incident vocabularies, naming the option. */
static enum status
check_filter(const char *opt, const char *const *list, const char *v,
    struct err *err)
{
	char all[256];

	if (v == NULL || vocab_has(list, v))
		return ST_OK;
	return err_set(err, ST_INVALID, "%s %s: expected one of %s", opt, v,
	    vocab_join(list, all, sizeof all));
}

static void
print_table(const struct rowlist *l)
{
	const struct incident *i;
	char when[64], title[1024];
	size_t k, w = cli_col_width(l, offsetof(struct incident, ref), "ID");

	printf("%-*s  %-17s  %-8s  %-9s  %-16s  %s\n", (int)w, "ID", "TRIGGER",
	    "SEVERITY", "STATE", "UPDATED", "TITLE");
	for (k = 0; k < l->count; k++) {
		i = rowlist_at(l, k);
		printf("%-*s  %-17s  %-8s  %-9s  %-16s  %s%s\n", (int)w, i->ref,
		    i->trigger_kind, i->severity, i->state,
		    cli_local_time(i->updated_at, false, when, sizeof when),
		    i->is_drill ? "[drill] " : "",
		    cli_clean(i->title, title, sizeof title));
	}
}

/* Incidents matching F whose title or summary has the words SEARCH, newest
 * opened first, at most F->limit (0: all), read page by page into OUT. */
static enum status
search_incidents(struct session *s, const struct incident_filter *f,
    const char *search, struct rowlist *out, struct err *err)
{
	struct incident_page_query q = { .filter = f, .search = search,
	    .sort = INCIDENT_SORT_UPDATED, .limit = INCIDENT_PAGE_MAX };
	struct rowlist page = { 0 };
	size_t k;
	enum status st;

	rowlist_init(out, sizeof(struct incident));
	for (;;) {
		if (f->limit > 0 && f->limit - (long long)out->count <
		    INCIDENT_PAGE_MAX)
			q.limit = (int)(f->limit - (long long)out->count);
		if ((st = incident_page(s, &q, &page, err)) != ST_OK) {
			rowlist_free(&page, (row_clear_fn)incident_clear);
			break;
		}
		/* The rows move into OUT; PAGE keeps none. */
		for (k = 0; k < page.count; k++)
			*(struct incident *)rowlist_push(out) =
			    *(struct incident *)rowlist_at(&page, k);
		rowlist_free(&page, NULL);
		if ((int)k < q.limit || (f->limit > 0 &&
		    (long long)out->count >= f->limit))
			break;
		q.after = rowlist_at(out, out->count - 1);
	}
	return st;
}

static int
incident_list_cmd(struct cli *c, int argc, char **argv)
{
	struct incident_filter f = { .drills = -1 };
	const char *limit = NULL, *search = NULL;
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "state", .str = &f.state },
		{ "trigger", .str = &f.trigger_kind },
		{ "severity", .str = &f.severity },
		{ "drills", .set = &f.drills, .val = 1 },
		{ "no-drills", .set = &f.drills, .val = 0 },
		{ "search", .str = &search },
		{ "limit", .str = &limit },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct rowlist l = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	long n = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "incident list takes no arguments"))
		return rc;
	if (check_filter("state", incident_states(), f.state, &err) != ST_OK ||
	    check_filter("trigger", incident_trigger_kinds(), f.trigger_kind,
	    &err) != ST_OK ||
	    check_filter("severity", incident_severities(), f.severity,
	    &err) != ST_OK ||
	    (limit != NULL && cli_parse_long("limit", limit, 1, 1000000000L, &n,
	    &err) != ST_OK))
		return cli_fail(&err);
	if (limit != NULL)
		f.limit = n;
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    (search != NULL ? search_incidents(s, &f, search, &l, &err) :
	    incident_list(s, &f, &l, &err)) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (is_json)
		rc = cli_json_print_rows(&l, incident_json);
	else if (l.count == 0)
		printf("No incidents.\n");
	else
		print_table(&l);
done:
	rowlist_free(&l, (row_clear_fn)incident_clear);
	session_close(&s);
	return rc;
}

/* One "label: value" line of incident show. */
static void
field(const char *label, const char *value)
{
	printf("%-15s ", label);
	cli_put(value);
	putchar('\n');
}

/* The logins of USERS (struct user), comma-separated, into BUF. */
static const char *
logins_of(const struct rowlist *users, char *buf, size_t n)
{
	const struct user *u;
	size_t k, len = 0;

	snprintf(buf, n, "nobody (only admins and the SRO)");
	for (k = 0; k < users->count && len < n; k++) {
		u = rowlist_at(users, k);
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
		    k > 0 ? ", " : "", u->login);
	}
	return buf;
}

static void
print_incident(struct session *s, const struct incident *i,
    const struct rowlist *named)
{
	struct rowlist users = { 0 };
	const char *login = NULL;
	char buf[64], who[64], list[1024];

	if (i->created_by != 0 && user_list(s, &users, NULL) == ST_OK)
		login = user_login_in(&users, i->created_by);
	snprintf(who, sizeof who, "user:%lld", i->created_by);
	field("ID:", i->ref);
	field("Title:", i->title);
	field("Trigger:", i->trigger_kind);
	field("Severity:", i->severity);
	field("State:", i->state);
	field("Drill:", i->is_drill ? "yes" : "no");
	field("CVSS:", i->cvss_vector);
	if (i->cvss_score >= 0) {
		snprintf(buf, sizeof buf, "%.1f", i->cvss_score);
		field("CVSS score:", buf);
	}
	field("Discovered:", cli_local_time(i->discovered_at, true, buf,
	    sizeof buf));
	field("Aware:", cli_local_time(i->aware_at, true, buf, sizeof buf));
	field("Embargo until:", cli_local_time(i->embargo_until, true, buf,
	    sizeof buf));
	if (named != NULL)
		field("Named:", logins_of(named, list, sizeof list));
	field("Fix available:", cli_local_time(i->fix_available_at, true, buf,
	    sizeof buf));
	field("Created:", cli_local_time(i->created_at, true, buf, sizeof buf));
	field("Created by:", i->created_by == 0 ? NULL :
	    login != NULL ? login : who);
	field("Updated:", cli_local_time(i->updated_at, true, buf, sizeof buf));
	if (i->summary != NULL && *i->summary != '\0') {
		printf("\n");
		cli_put(i->summary);
		printf("\n");
	}
	rowlist_free(&users, (row_clear_fn)user_clear);
}

/* The "Clocks" section of incident show. */
static void
print_clocks(const struct rowlist *clocks)
{
	printf("\nClocks:%s\n", clocks->count == 0 ? " none" : "");
	if (clocks->count > 0)
		cli_print_deadlines(clocks, false);
}

static int
incident_show_cmd(struct cli *c, int argc, char **argv)
{
	struct incident i = { 0 };
	struct rowlist clocks = { 0 }, named = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	bool is_json = false, is_embargoed = false;
	json_t *o, *arr;
	size_t k;
	int rc = 0;

	if (!cli_parse_json(argc, argv, usage, &is_json, 1, &rc,
	    "incident show takes one ID (like SEC-2026-001)"))
		return rc;
	if (cli_open_to_look(c, &s, &err) != ST_OK ||
	    incident_get(s, argv[optind], &i, &err) != ST_OK ||
	    deadline_for_incident(s, i.id, &clocks, &err) != ST_OK)
		goto fail;
	/* While it is under embargo, who may see it is part of it. */
	is_embargoed = access_is_embargoed(&i);
	if (is_embargoed &&
	    incident_access_list(s, i.id, &named, &err) != ST_OK)
		goto fail;
	if (is_json) {
		o = incident_json(&i);
		arr = json_array();
		for (k = 0; k < clocks.count; k++)
			json_array_append_new(arr,
			    cli_deadline_json(rowlist_at(&clocks, k)));
		json_object_set_new(o, "clocks", arr);
		if (is_embargoed) {
			arr = json_array();
			for (k = 0; k < named.count; k++)
				json_array_append_new(arr, cli_json_str(
				    ((struct user *)rowlist_at(&named, k))->login));
			json_object_set_new(o, "named", arr);
		}
		rc = cli_json_print(o);
	} else {
		print_incident(s, &i, is_embargoed ? &named : NULL);
		print_clocks(&clocks);
	}
	goto done;
fail:
	rc = cli_fail(&err);
done:
	rowlist_free(&named, (row_clear_fn)user_clear);
	rowlist_free(&clocks, (row_clear_fn)deadline_clear);
	incident_clear(&i);
	session_close(&s);
	return rc;
}

static int
incident_times_cmd(struct cli *c, int argc, char **argv)
{
	struct incident_times t = { 0 };
	const struct cli_opt opts[] = {
		{ "aware-at", .str = &t.aware_at },
		{ "discovered-at", .str = &t.discovered_at },
		{ "fix-available-at", .str = &t.fix_available_at },
		{ .name = NULL },
	};
	struct incident i = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "incident times takes one ID (like SEC-2026-001)"))
		return rc;
	if (t.aware_at == NULL && t.discovered_at == NULL &&
	    t.fix_available_at == NULL)
		return cli_usage_error(usage, "incident times needs "
		    "--aware-at, --discovered-at or --fix-available-at");
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    incident_open(s, argv[optind], "times", &i, &err) != ST_OK ||
	    incident_set_times(s, i.id, i.version, &t, &err) != ST_OK)
		rc = cli_fail(&err);
	incident_clear(&i);
	session_close(&s);
	return rc;
}

static int
incident_embargo_cmd(struct cli *c, int argc, char **argv)
{
	const char *until = NULL;
	bool is_lift = false;
	const struct cli_opt opts[] = {
		{ "until", .str = &until },
		{ "lift", .flag = &is_lift },
		{ .name = NULL },
	};
	struct incident i = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	char buf[64];
	long long id;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "incident embargo takes one ID (like SEC-2026-001)"))
		return rc;
	if ((until != NULL) == is_lift)
		return cli_usage_error(usage, "incident embargo needs --until "
		    "TIME or --lift (one of them)");
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    incident_open(s, argv[optind], "embargo", &i, &err) != ST_OK ||
	    incident_set_embargo(s, i.id, i.version, until, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	/* Read back as a list would: the open above was the recorded one. */
	id = i.id;
	incident_clear(&i);
	if (incident_get_listed(s, id, &i, &err) != ST_OK)
		rc = cli_fail(&err);
	else if (i.embargo_until == NULL)
		printf("%s: no embargo\n", i.ref);
	else
		printf("%s: under embargo until %s\n", i.ref,
		    cli_local_time(i.embargo_until, true, buf, sizeof buf));
done:
	incident_clear(&i);
	session_close(&s);
	return rc;
}

static json_t *
named_json(const void *row)
{
	const struct user *u = row;
	json_t *o = json_object();

	json_object_set_new(o, "login", cli_json_str(u->login));
	json_object_set_new(o, "name", cli_json_str(u->name));
	return o;
}

static int
incident_access_cmd(struct cli *c, int argc, char **argv)
{
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct rowlist l = { 0 };
	struct incident i = { 0 };
	const struct user *u;
	struct session *s = NULL;
	struct err err = { 0 };
	const char *verb = NULL, *login = NULL;
	char name[256];
	size_t k;
	int nargs, rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	nargs = argc - optind;
	if (nargs == 3) {
		verb = argv[optind + 1];
		login = argv[optind + 2];
		if (strcmp(verb, "add") != 0 && strcmp(verb, "remove") != 0)
			return cli_usage_error(usage, "incident access: %s? use "
			    "add LOGIN or remove LOGIN", cli_clean(verb, name,
			    sizeof name));
		if (is_json)
			return cli_usage_error(usage, "incident access: --json "
			    "goes with the list");
	} else if (nargs != 1)
		return cli_usage_error(usage, "incident access takes an ID, "
		    "then optionally add LOGIN or remove LOGIN");
	if ((verb != NULL ? cli_open(c, DB_WRITE, &s, &err) :
	    cli_open_to_look(c, &s, &err)) != ST_OK ||
	    incident_open(s, argv[optind], "access", &i, &err) != ST_OK)
		goto fail;
	if (verb != NULL) {
		if ((strcmp(verb, "add") == 0 ? incident_access_add(s, i.id,
		    login, &err) : incident_access_remove(s, i.id, login,
		    &err)) != ST_OK)
			goto fail;
		printf("%s: %s %s\n", i.ref, login, strcmp(verb, "add") == 0 ?
		    "named" : "no longer named");
		goto done;
	}
	if (incident_access_list(s, i.id, &l, &err) != ST_OK)
		goto fail;
	if (is_json) {
		rc = cli_json_print_rows(&l, named_json);
		goto done;
	}
	if (l.count == 0)
		printf("Nobody is named on %s.\n", i.ref);
	for (k = 0; k < l.count; k++) {
		u = rowlist_at(&l, k);
		printf("%s%s%s\n", u->login, u->name != NULL ? "  " : "",
		    u->name != NULL ? cli_clean(u->name, name, sizeof name) : "");
	}
	if (!access_is_embargoed(&i))
		fprintf(stderr, "herald: %s is not under embargo: everyone "
		    "sees it\n", i.ref);
	goto done;
fail:
	rc = cli_fail(&err);
done:
	rowlist_free(&l, (row_clear_fn)user_clear);
	incident_clear(&i);
	session_close(&s);
	return rc;
}

int
cmd_incident(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "new", incident_new_cmd },
		{ "list", incident_list_cmd },
		{ "show", incident_show_cmd },
		{ "times", incident_times_cmd },
		{ "embargo", incident_embargo_cmd },
		{ "access", incident_access_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}
