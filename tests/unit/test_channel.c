/* tests/unit/test_channel.c - channel kinds, secret-free settings, enabling. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"

#include "core/channel.h"
#include "util/xalloc.h"

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
	    "{\"to\": \"announce@vendor.example\", \"password_file\": "
	    "\"/etc/herald/smtp\"}", &list, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	snprintf(subject, sizeof subject, "channel:%lld", list);
	tu_expect_audit(s, s->actor, "channel.create", subject,
	    "{\"kind\":\"email\",\"name\":\"security-list\"}");
	assert_int_equal(channel_create(s, "Slack.Sec_1", "webhook", NULL, &hook,
	    &err), ST_OK);
	assert_int_equal(channel_create(s, "site", "directory",
	    "{\"path\": \"/srv/www\"}", &site, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 3);

	assert_int_equal(channel_get_by_name(s, "security-list", &c, &err), ST_OK);
	assert_int_equal(c.id, list);
	assert_string_equal(c.kind, "email");
	assert_string_equal(c.settings, "{\"password_file\":\"/etc/herald/smtp\","
	    "\"to\":\"announce@vendor.example\"}");
	assert_true(c.is_enabled);
	assert_string_equal(c.created_at, "2026-03-01T12:00:00Z");
	channel_clear(&c);
	assert_int_equal(channel_get(s, hook, &c, &err), ST_OK);
	assert_string_equal(c.name, "Slack.Sec_1");
	assert_string_equal(c.settings, "{}");
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
	assert_int_equal(channel_create(s, "site", "github", NULL, &id, &err),
	    ST_EXISTS);
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

	assert_int_equal(channel_create(s, "hook", "webhook", NULL, &id, &err),
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

	assert_int_equal(channel_create(s, "hook", "webhook", NULL, NULL, &err),
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
