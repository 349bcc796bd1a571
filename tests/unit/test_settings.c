/* tests/unit/test_settings.c - who publishes and where: checked on the
 * way in, admins only, audited, and the "site" object outputs read. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/settings.h"
#include "tests/unit/testutil.h"

struct fx {
	struct session *s;
	char           *dir;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);

	fx->s = tu_session_new(&fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	tu_session_free(&fx->s, &fx->dir);
	free(fx);
	return 0;
}

static void
refuses(const char *key, const char *value, const char *words)
{
	struct err err = { 0 };

	if (setting_check(key, value, &err) != ST_INVALID)
		fail_msg("%s=%s: accepted", key, value);
	if (strstr(err.msg, words) == NULL)
		fail_msg("%s=%s: \"%s\" lacks \"%s\"", key, value, err.msg, words);
	if (strstr(err.msg, key) == NULL)
		fail_msg("%s: \"%s\" does not name the key", key, err.msg);
}

static void
accepts(const char *key, const char *value)
{
	struct err err = { 0 };

	if (setting_check(key, value, &err) != ST_OK)
		fail_msg("%s=%s: %s", key, value, err.msg);
}

static void
checks(void **state)
{
	(void)state;
	accepts("site.url", "https://security.example.com/");
	accepts("site.url", "http://127.0.0.1:8080/");
	refuses("site.url", "https://security.example.com", "ending in /");
	refuses("site.url", "http://security.example.com/", "https URL");
	refuses("site.url", "https:///", "https URL");
	refuses("site.url", "https://a.example/x y/", "https URL");
	refuses("site.url", "https://a.example/\"/", "https URL");
	refuses("site.title", "two\nlines", "line breaks");
	refuses("publisher.name", "bell\x07", "control");
	accepts("security.contact", "mailto:security@example.com, tel:+441234,"
	    " https://example.com/report");
	refuses("security.contact", "mailto:a@b.example, ftp://x", "ftp://x");
	refuses("security.contact", "mailto:", "mailto:");
	refuses("security.contact", "mailto:a@b.example,,", "contact");
	accepts("security.languages", "en, pt-BR");
	refuses("security.languages", "en, 1x", "1x");
	accepts("security.expires-days", "365");
	refuses("security.expires-days", "366", "less than a year");
	refuses("security.expires-days", "0", "1 to 365");
	refuses("security.expires-days", "12d", "1 to 365");
	accepts("signing.key", "0123456789ABCDEF0123456789abcdef01234567");
	refuses("signing.key", "0123 4567", "fingerprint");
	refuses("lifecycle.notice-months", "6", "12");
	accepts("feed.entries", "0");
	accepts("cve.org-id", "b3476cb9-2e3d-41a6-98d0-0f47421a65b6");
	refuses("cve.org-id", "b3476cb9", "UUID");
	accepts("cve.short-name", "brightwater");
	refuses("cve.short-name", "b", "2 to 32");
	refuses("nope.key", "x", "no such setting");
	accepts("site.title", NULL);
}

static void
set_get_unset(void **state)
{
	struct fx *fx = *state;
	struct err err = { 0 };
	char *v = NULL;
	long long before;

	assert_int_equal(setting_get(fx->s, "site.url", &v, &err), ST_OK);
	assert_null(v);
	assert_int_equal(setting_get(fx->s, "security.expires-days", &v, &err),
	    ST_OK);
	assert_string_equal(v, "365");          /* the default */
	free(v);
	before = tu_audit_count(fx->s);
	assert_int_equal(setting_set(fx->s, "site.url",
	    "https://security.example.com/", &err), ST_OK);
	tu_expect_audit(fx->s, NULL, "setting.set", "setting:0", NULL);
	assert_int_equal(tu_audit_count(fx->s), before + 1);
	/* The same value again writes nothing. */
	assert_int_equal(setting_set(fx->s, "site.url",
	    "https://security.example.com/", &err), ST_OK);
	assert_int_equal(tu_audit_count(fx->s), before + 1);
	/* A bad value loses nothing saved. */
	assert_int_equal(setting_set(fx->s, "site.url", "ftp://x/", &err),
	    ST_INVALID);
	assert_int_equal(setting_get(fx->s, "site.url", &v, &err), ST_OK);
	assert_string_equal(v, "https://security.example.com/");
	free(v);
	assert_int_equal(setting_set(fx->s, "site.url", NULL, &err), ST_OK);
	assert_int_equal(setting_get(fx->s, "site.url", &v, &err), ST_OK);
	assert_null(v);
	tu_expect_audit(fx->s, NULL, "setting.unset", "setting:0", NULL);
}

static void
admins_only(void **state)
{
	struct fx *fx = *state;
	struct session *other;
	struct err err = { 0 };

	tu_add_user(fx->s, "bob", "author", NULL);
	other = tu_open_as(fx->dir, "bob");
	assert_int_equal(setting_set(other, "publisher.name", "X", &err),
	    ST_DENIED);
	session_close(&other);
}

static void
site_object(void **state)
{
	struct fx *fx = *state;
	struct err err = { 0 };
	json_t *site = NULL;
	static const char *const needed[] = { "site.url", "publisher.name",
	    NULL };

	assert_int_equal(settings_site(fx->s, &site, &err), ST_OK);
	assert_int_equal(settings_require(site, needed, "export", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "site.url, publisher.name"));
	assert_non_null(strstr(err.msg, "herald settings set"));
	json_decref(site);
	assert_int_equal(setting_set(fx->s, "site.url",
	    "https://security.example.com/", &err), ST_OK);
	assert_int_equal(setting_set(fx->s, "publisher.name", "Example Ltd",
	    &err), ST_OK);
	assert_int_equal(setting_set(fx->s, "security.contact",
	    "mailto:sec@example.com, https://example.com/report", &err), ST_OK);
	assert_int_equal(settings_site(fx->s, &site, &err), ST_OK);
	assert_int_equal(settings_require(site, needed, "export", &err), ST_OK);
	assert_string_equal(json_string_value(json_object_get(site,
	    "site_title")), "Example Ltd security");
	assert_string_equal(json_string_value(json_object_get(site,
	    "publisher_namespace")), "https://security.example.com/");
	assert_string_equal(json_string_value(json_object_get(site,
	    "publisher_contact")), "mailto:sec@example.com");
	assert_int_equal(json_array_size(json_object_get(site, "contacts")), 2);
	assert_string_equal(json_string_value(json_object_get(site,
	    "lifecycle_notice_months")), "12");
	json_decref(site);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checks),
		cmocka_unit_test_setup_teardown(set_get_unset, setup, teardown),
		cmocka_unit_test_setup_teardown(admins_only, setup, teardown),
		cmocka_unit_test_setup_teardown(site_object, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
