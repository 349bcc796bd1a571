/* tests/unit/test_channel.c - channel kinds, secret-free settings, enabling. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"

#include "core/channel.h"
#include "util/xalloc.h"

#include <sys/stat.h>

#define HOOK "{\"url\": \"https://hooks.example.com/x\"}"

static long long
channel_count(struct session *s)
{
	long long n = -1;

	assert_int_equal(q_channel_count(s->db, &n, NULL), ST_OK);
	return n;
}

/* SETTINGS must be refused as holding a credential. */
static void
assert_secret_refused(const char *settings, const char *key)
{
	struct err err = { 0 };
	char *canon = (char *)"untouched";

	assert_int_equal(channel_check_settings(settings, &canon, &err),
	    ST_INVALID);
	assert_null(canon);
	assert_non_null(strstr(err.msg, key));
	assert_non_null(strstr(err.msg, "credentials never live in the "
	    "database"));
	assert_non_null(strstr(err.msg, "file or an environment variable"));
}

/* SETTINGS must pass, canonically as CANON. */
static void
assert_settings_ok(const char *settings, const char *canon_want)
{
	struct err err = { 0 };
	char *canon = NULL;

	assert_int_equal(channel_check_settings(settings, &canon, &err), ST_OK);
	assert_non_null(canon);
	assert_string_equal(canon, canon_want);
	free(canon);
}

/* --- degenerate inputs ------------------------------------------------ */

static void
test_kinds(void **state)
{
	const char *const want[] = { "email", "webhook", "github", "jira",
	    "servicenow", "directory" };
	const char *const *k = channel_kinds();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_string_equal(k[i], want[i]);
	assert_null(k[i]);
}

static void
test_settings_shape(void **state)
{
	struct err err = { 0 };
	char *big, *canon = NULL;

	(void)state;
	assert_settings_ok(NULL, "{}");
	assert_settings_ok("", "{}");
	assert_int_equal(channel_check_settings("{}", NULL, &err), ST_OK);
	assert_int_equal(channel_check_settings("to: x", &canon, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "settings: not JSON"));
	assert_null(canon);
	assert_int_equal(channel_check_settings("{\"a\": 1", &canon, &err),
	    ST_INVALID);
	assert_int_equal(channel_check_settings("[]", &canon, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "must be a JSON object"));
	assert_int_equal(channel_check_settings("42", &canon, &err), ST_INVALID);
	assert_int_equal(channel_check_settings("\"x\"", &canon, &err),
	    ST_INVALID);
	assert_int_equal(channel_check_settings("{\"a\": 1, \"a\": 2}", &canon,
	    &err), ST_INVALID);
	big = xmalloc(CHANNEL_SETTINGS_MAX + 16);
	memset(big, ' ', CHANNEL_SETTINGS_MAX + 15);
	big[0] = '{';
	big[CHANNEL_SETTINGS_MAX + 14] = '}';
	big[CHANNEL_SETTINGS_MAX + 15] = '\0';
	assert_int_equal(channel_check_settings(big, &canon, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "at most 16384 bytes"));
	free(big);
	/* Canonical: compact, keys sorted. */
	assert_settings_ok("{ \"to\": \"sec@example.com\",\n \"from\": \"h@x\", "
	    "\"n\": [1, 2] }",
	    "{\"from\":\"h@x\",\"n\":[1,2],\"to\":\"sec@example.com\"}");
}

static void
test_settings_refuse_secrets(void **state)
{
	(void)state;
	assert_secret_refused("{\"password\": \"hunter2\"}", "\"password\"");
	assert_secret_refused("{\"smtp_password\": \"x\"}", "smtp_password");
	assert_secret_refused("{\"Passwd\": \"x\"}", "Passwd");
	assert_secret_refused("{\"token\": \"ghp_x\"}", "\"token\"");
	assert_secret_refused("{\"AuthToken\": \"x\"}", "AuthToken");
	assert_secret_refused("{\"client_secret\": \"x\"}", "client_secret");
	assert_secret_refused("{\"api_key\": \"x\"}", "api_key");
	assert_secret_refused("{\"apikey\": \"x\"}", "apikey");
	assert_secret_refused("{\"API-Key\": \"x\"}", "API-Key");
	assert_secret_refused("{\"apiKey\": \"x\"}", "apiKey");
	assert_secret_refused("{\"private_key\": \"x\"}", "private_key");
	/* A key is refused whatever its value, and at any depth. */
	assert_secret_refused("{\"password\": null}", "password");
	assert_secret_refused("{\"auth\": {\"user\": \"u\", \"token\": \"t\"}}",
	    "token");
	assert_secret_refused("{\"headers\": [{\"x\": 1}, {\"secret\": 2}]}",
	    "secret");
	/* A URL carrying a password is a credential too. */
	assert_secret_refused("{\"url\": \"https://bot:pw@hooks.example/x\"}",
	    "\"url\" holds a URL with a password");
	assert_secret_refused("{\"targets\": [\"smtp://u:p@mail.example\"]}",
	    "targets");

	/* Naming where the secret lives is what is wanted. */
	assert_settings_ok("{\"password_file\": \"/etc/herald/smtp.pw\"}",
	    "{\"password_file\":\"/etc/herald/smtp.pw\"}");
	assert_settings_ok("{\"token_env\": \"GITHUB_TOKEN\"}",
	    "{\"token_env\":\"GITHUB_TOKEN\"}");
	assert_settings_ok("{\"api-key-path\": \"k\", \"secretVar\": \"V\", "
	    "\"passwordCommand\": \"pass show smtp\"}",
	    "{\"api-key-path\":\"k\",\"passwordCommand\":\"pass show smtp\","
	    "\"secretVar\":\"V\"}");
	assert_settings_ok("{\"url\": \"https://bot@hooks.example/x?a=b:c@d\"}",
	    "{\"url\":\"https://bot@hooks.example/x?a=b:c@d\"}");
	assert_settings_ok("{\"url\": \"https://hooks.example:8443/x\"}",
	    "{\"url\":\"https://hooks.example:8443/x\"}");
}

static void
test_create_refuses_bad_input(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	char big[CHANNEL_NAME_MAX + 2];
	long long audits, id = 0;

	audits = tu_audit_count(s);
	assert_int_equal(channel_create(s, NULL, "email", NULL, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "name"));
	assert_int_equal(channel_create(s, "", "email", NULL, &id, &err),
	    ST_INVALID);
	assert_int_equal(channel_create(s, "bad name", "email", NULL, &id, &err),
	    ST_INVALID);
	assert_int_equal(channel_create(s, "-list", "email", NULL, &id, &err),
	    ST_INVALID);
	memset(big, 'n', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(channel_create(s, big, "email", NULL, &id, &err),
	    ST_INVALID);
	assert_int_equal(channel_create(s, "list", NULL, NULL, &id, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "kind (missing): expected one of email, "
	    "webhook, github, jira, servicenow, directory");
	assert_int_equal(channel_create(s, "list", "sms", NULL, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "kind sms"));
	assert_int_equal(channel_create(s, "list", "email", "[1]", &id, &err),
	    ST_INVALID);
	assert_int_equal(channel_create(s, "list", "email",
	    "{\"smtp_password\": \"hunter2\"}", &id, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "credentials never live in the database"));
	assert_int_equal(id, 0);
	assert_int_equal(channel_count(s), 0);
	assert_int_equal(tu_audit_count(s), audits);
}

/* --- behaviour --------------------------------------------------------- */

static void
test_create_list_get(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct channel c = { 0 };
	struct rowlist l;
	char subject[48];
	long long audits, list = 0, hook = 0, site = 0, id = 0;

	audits = tu_audit_count(s);
	assert_int_equal(channel_create(s, "security-list", "email",
	    "{\"from\": \"announce@vendor.example\", \"password_file\": "
	    "\"/etc/herald/smtp\", \"url\": \"smtps://mail.vendor.example\"}",
	    &list, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	snprintf(subject, sizeof subject, "channel:%lld", list);
	tu_expect_audit(s, s->actor, "channel.create", subject,
	    "{\"kind\":\"email\",\"name\":\"security-list\","
	    "\"settings_sha256\":\"3a4a83270101064e09534c976c631ff206549927cbbcffc9ea89cd724db6b7e5\"}");
	assert_int_equal(channel_create(s, "Slack.Sec_1", "webhook", HOOK, &hook,
	    &err), ST_OK);
	assert_int_equal(channel_create(s, "site", "directory",
	    "{\"path\": \"/srv/www\"}", &site, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 3);

	assert_int_equal(channel_get_by_name(s, "security-list", &c, &err), ST_OK);
	assert_int_equal(c.id, list);
	assert_string_equal(c.kind, "email");
	assert_string_equal(c.settings, "{\"from\":\"announce@vendor.example\",\"password_file\":\"/etc/herald/smtp\",\"url\":\"smtps://mail.vendor.example\"}");
	assert_true(c.is_enabled);
	assert_string_equal(c.created_at, "2026-03-01T12:00:00Z");
	channel_clear(&c);
	assert_int_equal(channel_get(s, hook, &c, &err), ST_OK);
	assert_string_equal(c.name, "Slack.Sec_1");
	assert_string_equal(c.settings, "{\"url\":\"https://hooks.example.com/x\"}");
	channel_clear(&c);
	assert_int_equal(channel_get_by_name(s, "nope", &c, &err), ST_NOTFOUND);
	assert_int_equal(channel_get_by_name(s, NULL, &c, &err), ST_INVALID);
	assert_int_equal(channel_get(s, 999, &c, &err), ST_NOTFOUND);

	/* By name (byte order: capitals first). */
	assert_int_equal(channel_list(s, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	assert_int_equal(((struct channel *)rowlist_at(&l, 0))->id, hook);
	assert_int_equal(((struct channel *)rowlist_at(&l, 1))->id, list);
	assert_int_equal(((struct channel *)rowlist_at(&l, 2))->id, site);
	rowlist_free(&l, (row_clear_fn)channel_clear);

	/* A taken name: refused, nothing written. */
	audits = tu_audit_count(s);
	assert_int_equal(channel_create(s, "site", "github",
	    "{\"repository\": \"o/r\"}", &id, &err), ST_EXISTS);
	assert_non_null(strstr(err.msg, "channel site already exists"));
	assert_int_equal(id, 0);
	assert_int_equal(channel_count(s), 3);
	assert_int_equal(tu_audit_count(s), audits);

	/* Settings stay out of the chain. */
	tu_expect_audit_lacks(s, "vendor.example");
	tu_expect_chain_ok(s);
}

static void
test_set_enabled(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct channel c = { 0 };
	long long audits, id = 0;

	assert_int_equal(channel_create(s, "hook", "webhook", HOOK, &id, &err),
	    ST_OK);
	audits = tu_audit_count(s);

	assert_int_equal(channel_set_enabled(s, "hook", false, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	tu_expect_audit(s, s->actor, "channel.disable", "channel:1",
	    "{\"name\":\"hook\"}");
	assert_int_equal(channel_get_by_name(s, "hook", &c, &err), ST_OK);
	assert_false(c.is_enabled);
	channel_clear(&c);
	/* Already so: nothing written. */
	assert_int_equal(channel_set_enabled(s, "hook", false, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);

	assert_int_equal(channel_set_enabled(s, "hook", true, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 2);
	tu_expect_audit(s, s->actor, "channel.enable", "channel:1",
	    "{\"name\":\"hook\"}");
	assert_int_equal(channel_get_by_name(s, "hook", &c, &err), ST_OK);
	assert_true(c.is_enabled);
	channel_clear(&c);

	assert_int_equal(channel_set_enabled(s, "nope", true, &err), ST_NOTFOUND);
	assert_int_equal(channel_set_enabled(s, NULL, true, &err), ST_INVALID);
	assert_int_equal(channel_set_enabled(s, "no such", true, &err),
	    ST_INVALID);
	assert_int_equal(tu_audit_count(s), audits + 2);
	tu_expect_chain_ok(s);
}

/* --- who may act ------------------------------------------------------- */

static void
test_roles_enforced(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s, *bob, *eve;
	struct err err = { 0 };
	struct channel c = { 0 };
	struct rowlist l;
	long long audits, id = 0;

	assert_int_equal(channel_create(s, "hook", "webhook", HOOK, NULL, &err),
	    ST_OK);
	tu_add_user(s, "bob", "author", "sro", NULL);
	bob = tu_open_as(fx->dir, "bob");
	eve = tu_open_as(fx->dir, "eve");
	audits = tu_audit_count(s);

	assert_int_equal(channel_create(bob, "list", "email", NULL, &id, &err),
	    ST_DENIED);
	assert_string_equal(err.msg, "bob needs the admin role for that");
	assert_int_equal(channel_set_enabled(bob, "hook", false, &err), ST_DENIED);
	assert_int_equal(channel_create(eve, "list", "email", NULL, &id, &err),
	    ST_DENIED);
	assert_non_null(strstr(err.msg, "eve is not a herald user"));
	assert_int_equal(channel_set_enabled(eve, "hook", false, &err), ST_DENIED);
	assert_int_equal(id, 0);
	assert_int_equal(channel_count(s), 1);
	assert_int_equal(tu_audit_count(s), audits);
	assert_int_equal(channel_get_by_name(s, "hook", &c, &err), ST_OK);
	assert_true(c.is_enabled);
	channel_clear(&c);

	/* Reading needs no role. */
	assert_int_equal(channel_list(eve, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)channel_clear);
	session_close(&bob);
	session_close(&eve);
	tu_expect_chain_ok(s);
}

/* --- what each kind needs ---------------------------------------------- */

/* channel_check_kind(KIND, SETTINGS) is refused with a message holding
 * WANT. */
static void
refused(const char *kind, const char *settings, const char *want)
{
	struct err err = { 0 };
	char *canon = (char *)"x";

	assert_int_equal(channel_check_kind(kind, settings, &canon, &err),
	    ST_INVALID);
	assert_null(canon);
	if (strstr(err.msg, want) == NULL)
		fail_msg("%s %s: got \"%s\", want \"%s\"", kind, settings, err.msg,
		    want);
}

static void
test_kind_rules(void **state)
{
	struct err err = { 0 };
	char *canon = NULL;

	(void)state;
	/* Required keys. */
	refused("email", "{\"from\": \"a@b.example\"}",
	    "settings: \"url\" is required for an email channel");
	refused("email", "{\"url\": \"smtps://mail.example\"}",
	    "\"from\" is required");
	refused("webhook", NULL, "\"url\" is required for a webhook channel");
	refused("github", "{}", "\"repository\" is required for a github");
	refused("jira", "{\"url\": \"https://j.example\"}", "\"project\" is "
	    "required");
	refused("servicenow", "{}", "\"url\" is required");
	refused("directory", "{}", "\"path\" is required");
	/* Unknown keys, with the ones the kind knows. */
	refused("webhook", "{\"url\": \"https://h.example\", \"colour\": 1}",
	    "\"colour\": not a setting of a webhook channel (it knows: url, "
	    "secret_file, secret_env");
	/* URLs: a scheme the kind speaks, a host, http only to loopback. */
	refused("email", "{\"url\": \"https://mail.example\", \"from\": "
	    "\"a@b.example\"}", "\"url\": the scheme must be one of: smtp smtps "
	    "(got https)");
	refused("webhook", "{\"url\": \"not a url\"}", "\"url\": not a URL with "
	    "a host");
	refused("webhook", "{\"url\": \"http://hooks.example.com/x\"}",
	    "\"url\": plain http:// only to a loopback host");
	refused("github", "{\"repository\": \"o/r\", \"api_url\": "
	    "\"http://10.0.0.1/api\"}", "\"api_url\": plain http://");
	refused("email", "{\"url\": \"smtp://mail.example\", \"from\": "
	    "\"a@b.example\", \"tls\": \"loopback-plain\"}", "\"tls\": "
	    "\"loopback-plain\" is only for a loopback host");
	refused("email", "{\"url\": \"smtp://127.0.0.1\", \"from\": "
	    "\"a@b.example\", \"tls\": \"maybe\"}", "\"tls\": \"required\" or "
	    "\"loopback-plain\" (got maybe)");
	/* Secrets only by name. */
	refused("jira", "{\"url\": \"https://j.example\", \"project\": \"P\", "
	    "\"token\": \"abc\"}", "\"token\" looks like a credential");
	refused("email", "{\"url\": \"smtp://u:pw@mail.example\", \"from\": "
	    "\"a@b.example\"}", "holds a URL with a password");
	refused("email", "{\"url\": \"smtps://mail.example\", \"from\": "
	    "\"a@b.example\", \"password_env\": \"hunter2 is it\"}",
	    "\"password_env\": the name of an environment variable");
	refused("email", "{\"url\": \"smtps://mail.example\", \"from\": "
	    "\"a@b.example\", \"password_file\": \"pw.txt\"}",
	    "\"password_file\": give an absolute path (got pw.txt)");
	/* Shapes. */
	refused("github", "{\"repository\": \"just-a-name\"}", "\"repository\": "
	    "expected OWNER/REPO");
	refused("github", "{\"repository\": \"o/r\", \"request_cve\": \"yes\"}",
	    "\"request_cve\": true or false");
	refused("webhook", "{\"url\": \"https://h.example\", \"audiences\": "
	    "\"public\"}", "\"audiences\": a list of names");
	refused("webhook", "{\"url\": \"https://h.example\", \"timeout\": 0}",
	    "\"timeout\": a whole number of seconds from 1 to 3600");
	refused("email", "{\"url\": \"smtps://mail.example\", \"from\": "
	    "\"nobody\"}", "\"from\": not an e-mail address");
	refused("servicenow", "{\"url\": \"https://sn.example\", \"table\": "
	    "\"inc; drop\"}", "\"table\": letters, digits and '_' only");
	refused("sms", "{}", "kind sms: expected one of");

	/* Good ones, loopback plain http and SMTP included. */
	assert_int_equal(channel_check_kind("email", "{\"url\": "
	    "\"smtp://127.0.0.1:2525\", \"from\": \"Sec <sec@v.example>\", "
	    "\"tls\": \"loopback-plain\", \"username\": \"herald\", "
	    "\"password_env\": \"SMTP_PW\", \"list_id\": \"a <a.v.example>\"}",
	    &canon, &err), ST_OK);
	free(canon);
	assert_int_equal(channel_check_kind("webhook", "{\"url\": "
	    "\"http://[::1]:8080/h\", \"secret_file\": \"/etc/h\", "
	    "\"audiences\": [\"public\"], \"playbooks\": [\"security-advisory\"]}",
	    &canon, &err), ST_OK);
	free(canon);
	assert_int_equal(channel_check_kind("github", "{\"repository\": \"o/r\","
	    " \"api_url\": \"http://localhost:9/api/v3\", \"token_env\": \"GH\","
	    " \"request_cve\": true}", &canon, &err), ST_OK);
	free(canon);
	assert_int_equal(channel_check_kind("jira", "{\"url\": "
	    "\"https://jira.example\", \"project\": \"SEC\", \"issue_type\": "
	    "\"Bug\", \"username\": \"bot\", \"token_file\": \"/etc/t\"}", &canon,
	    &err), ST_OK);
	free(canon);
	assert_int_equal(channel_check_kind("directory", "{\"path\": "
	    "\"site\"}", &canon, &err), ST_OK);
	free(canon);
}

static void
test_set_settings(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct channel c = { 0 };
	long long audits, id = 0;

	assert_int_equal(channel_create(s, "hook", "webhook", HOOK, &id, &err),
	    ST_OK);
	audits = tu_audit_count(s);
	/* Checked for the channel's kind: nothing written when wrong. */
	assert_int_equal(channel_set_settings(s, "hook", "{\"path\": \"/x\"}",
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "\"path\": not a setting of a webhook"));
	assert_int_equal(tu_audit_count(s), audits);
	assert_int_equal(channel_set_settings(s, "hook", "{\"url\": "
	    "\"https://other.example/h\", \"secret_env\": \"HOOK\"}", &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	tu_expect_audit(s, s->actor, "channel.update", "channel:1", NULL);
	tu_expect_audit_lacks(s, "other.example");
	assert_int_equal(channel_get(s, id, &c, &err), ST_OK);
	assert_string_equal(c.settings, "{\"secret_env\":\"HOOK\",\"url\":"
	    "\"https://other.example/h\"}");
	channel_clear(&c);
	/* The same settings again: nothing written. */
	assert_int_equal(channel_set_settings(s, "hook", "{\"secret_env\": "
	    "\"HOOK\", \"url\": \"https://other.example/h\"}", &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	assert_int_equal(channel_set_settings(s, "nope", HOOK, &err),
	    ST_NOTFOUND);
	tu_expect_chain_ok(s);
}

static void
test_settings_shown(void **state)
{
	struct tu_fx *fx = *state;
	struct err err = { 0 };
	struct rowlist l;
	const struct channel_setting *cs;
	char *open_file, *shut_file, *settings;
	FILE *fp;

	open_file = xasprintf("%s/open.pw", fx->dir);
	shut_file = xasprintf("%s/shut.pw", fx->dir);
	fp = fopen(open_file, "w");
	fputs("hunter2\n", fp);
	fclose(fp);
	fp = fopen(shut_file, "w");
	fputs("hunter3\n", fp);
	fclose(fp);
	chmod(open_file, 0644);
	chmod(shut_file, 0600);
	setenv("HERALD_TEST_SET", "sekrit", 1);
	unsetenv("HERALD_TEST_UNSET");
	settings = xasprintf("{\"url\": \"smtps://user@mail.example:465\", "
	    "\"password_file\": \"%s\", \"ca_file\": \"%s/none.pem\", "
	    "\"secret_file\": \"%s\", \"token_env\": \"HERALD_TEST_SET\", "
	    "\"password_env\": \"HERALD_TEST_UNSET\", \"audiences\": [\"a\"]}",
	    open_file, fx->dir, shut_file);
	assert_int_equal(channel_settings_shown(settings, &l, &err), ST_OK);
	assert_int_equal(l.count, 7);
	/* By key. */
	cs = rowlist_at(&l, 0);
	assert_string_equal(cs->key, "audiences");
	assert_string_equal(cs->value, "[\"a\"]");
	cs = rowlist_at(&l, 1);
	assert_string_equal(cs->key, "ca_file");
	assert_non_null(strstr(cs->value, "missing"));
	assert_true(cs->is_problem);
	cs = rowlist_at(&l, 2);
	assert_string_equal(cs->key, "password_env");
	assert_string_equal(cs->value, "$HERALD_TEST_UNSET (not set here)");
	assert_true(cs->is_problem);
	cs = rowlist_at(&l, 3);
	assert_string_equal(cs->key, "password_file");
	assert_non_null(strstr(cs->value, "mode 0644: readable by others"));
	assert_true(cs->is_problem);
	cs = rowlist_at(&l, 4);
	assert_string_equal(cs->key, "secret_file");
	assert_non_null(strstr(cs->value, "(exists, mode 0600)"));
	assert_false(cs->is_problem);
	cs = rowlist_at(&l, 5);
	assert_string_equal(cs->key, "token_env");
	assert_string_equal(cs->value, "$HERALD_TEST_SET (set)");
	assert_false(cs->is_problem);
	cs = rowlist_at(&l, 6);
	assert_string_equal(cs->value, "smtps://***@mail.example:465");
	/* Never a secret. */
	for (size_t i = 0; i < l.count; i++) {
		cs = rowlist_at(&l, i);
		assert_null(strstr(cs->value, "hunter"));
		assert_null(strstr(cs->value, "sekrit"));
		assert_null(strstr(cs->value, "user@"));
	}
	rowlist_free(&l, (row_clear_fn)channel_setting_clear);
	assert_int_equal(channel_settings_shown("[1]", &l, &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)channel_setting_clear);
	unsetenv("HERALD_TEST_SET");
	free(settings);
	free(open_file);
	free(shut_file);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_settings_shape),
		cmocka_unit_test(test_settings_refuse_secrets),
		cmocka_unit_test_setup_teardown(test_create_refuses_bad_input,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_create_list_get,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_set_enabled,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_roles_enforced,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test(test_kind_rules),
		cmocka_unit_test_setup_teardown(test_set_settings,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_settings_shown,
		    tu_fx_setup, tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
