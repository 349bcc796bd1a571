/* tests/unit/test_session.c - init, identity, --as, roles and user changes. */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/testutil.h"
#include "core/audit.h"
#include "core/user.h"

static void
os_login_is_the_effective_uid(void **state)
{
	struct passwd *pw = getpwuid(geteuid());
	char *login = NULL;

	(void)state;
	setenv("USER", "someone-else", 1);
	setenv("LOGNAME", "someone-else", 1);
	assert_int_equal(session_os_login(&login, NULL), ST_OK);
	assert_non_null(pw);
	assert_string_equal(login, pw->pw_name);
	free(login);
}

static void
init_makes_the_invoker_admin(void **state)
{
	struct tu_files *fx = *state;
	struct init_opts o = { .path = fx->path };
	struct session *s = NULL;
	struct audit_report rep;
	struct err err = { 0 };
	char *login = NULL;

	assert_int_equal(session_init(&o, &s, &err), ST_OK);
	assert_int_equal(session_os_login(&login, NULL), ST_OK);
	assert_string_equal(s->login, login);
	assert_true(session_is_known(s));
	assert_true(session_has_role(s, "admin"));
	assert_false(session_has_role(s, "author"));
	assert_string_equal(s->purpose, PURPOSE_PRODUCTION);
	assert_string_equal(s->id_prefix, "SEC");
	assert_int_equal(audit_verify(s->db, NULL, &rep, &err), ST_OK);
	assert_int_equal(rep.count, 2);
	session_close(&s);
	/* A second init never clobbers the first. */
	assert_int_equal(session_init(&o, &s, &err), ST_EXISTS);
	free(login);
}

static void
init_refuses_bad_options(void **state)
{
	struct tu_files *fx = *state;
	struct init_opts o = { .path = fx->path, .id_prefix = "sec" };
	struct session *s = NULL;
	struct err err = { 0 };

	assert_int_equal(session_init(&o, &s, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "prefix"));
	o.id_prefix = "1SEC";
	assert_int_equal(session_init(&o, &s, &err), ST_INVALID);
	o.id_prefix = "ABCDEFGHIJKLMNOPQ";
	assert_int_equal(session_init(&o, &s, &err), ST_INVALID);
	o.id_prefix = "ACME";
	o.purpose = "staging";
	assert_int_equal(session_init(&o, &s, &err), ST_INVALID);
	o.purpose = NULL;
	o.as_login = "ada";
	assert_int_equal(session_init(&o, &s, &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "--as"));
	o.as_login = NULL;
	o.group = "no-such-group-herald";
	assert_int_equal(session_init(&o, &s, &err), ST_INVALID);
	/* None of the refusals left a file behind. */
	assert_int_not_equal(access(fx->path, F_OK), 0);
	o.group = NULL;
	assert_int_equal(session_init(&o, &s, &err), ST_OK);
	assert_string_equal(s->id_prefix, "ACME");
	session_close(&s);
}

static void
as_works_only_in_test_and_demo_databases(void **state)
{
	struct tu_files *fx = *state;
	struct init_opts o = { .path = fx->path };
	struct session_opts so = { .path = fx->path, .mode = DB_WRITE,
	    .as_login = "ada" };
	struct session *s = NULL;
	struct err err = { 0 };
	char *demo = tu_path(fx->dir, "demo.db");

	assert_int_equal(session_init(&o, &s, &err), ST_OK);
	session_close(&s);
	assert_int_equal(session_open(&so, &s, &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "demos or tests"));
	assert_null(s);

	o.path = demo;
	o.purpose = PURPOSE_DEMO;
	o.as_login = "ada";
	assert_int_equal(session_init(&o, &s, &err), ST_OK);
	assert_string_equal(s->login, "ada");
	session_close(&s);
	so.path = demo;
	so.as_login = "grace";
	assert_int_equal(session_open(&so, &s, &err), ST_OK);
	assert_false(session_is_known(s));
	assert_int_equal(session_require_user(s, &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "grace"));
	session_close(&s);
	free(demo);
}

static void
users_and_roles(void **state)
{
	struct tu_fx *fx = *state;
	const char *const roles[] = { "author", "approver:legal", NULL };
	const char *const bad[] = { "emperor", NULL };
	struct session *s = fx->s, *bob = NULL;
	struct err err = { 0 };
	struct rowlist l;
	struct user *u;
	long long id = 0, before, after;

	assert_int_equal(user_add(s, "", NULL, NULL, NULL, NULL, &err), ST_INVALID);
	assert_int_equal(user_add(s, "bad login", NULL, NULL, NULL, NULL, &err),
	    ST_INVALID);
	assert_int_equal(user_add(s, "bob", NULL, "not-an-address", NULL, NULL,
	    &err), ST_INVALID);
	assert_int_equal(user_add(s, "bob", NULL, NULL, bad, NULL, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "approver:legal"));
	before = tu_audit_count(s);
	assert_int_equal(user_add(s, "bob", "Bob", "bob@example.com", roles, &id,
	    &err), ST_OK);
	assert_true(id > 0);
	after = tu_audit_count(s);
	assert_int_equal(after, before + 1);
	assert_int_equal(user_add(s, "bob", NULL, NULL, NULL, NULL, &err),
	    ST_EXISTS);
	assert_int_equal(user_grant(s, "bob", "sro", &err), ST_OK);
	assert_int_equal(user_grant(s, "bob", "sro", &err), ST_EXISTS);
	assert_int_equal(user_grant(s, "nobody", "sro", &err), ST_NOTFOUND);
	assert_int_equal(user_revoke(s, "bob", "approver:legal", &err), ST_OK);
	assert_int_equal(user_revoke(s, "bob", "approver:legal", &err),
	    ST_NOTFOUND);
	/* The last admin keeps the role. */
	assert_int_equal(user_revoke(s, "ada", "admin", &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "last admin"));

	assert_int_equal(user_list(s, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	u = rowlist_at(&l, 1);
	assert_string_equal(u->login, "bob");
	assert_int_equal(u->nroles, 2);
	assert_string_equal(u->roles[0], "author");
	assert_string_equal(u->roles[1], "sro");
	rowlist_free(&l, (row_clear_fn)user_clear);

	/* Only admins change users, and a refusal changes nothing. */
	bob = tu_open_as(fx->dir, "bob");
	assert_true(session_has_role(bob, "sro"));
	assert_int_equal(user_add(bob, "eve", NULL, NULL, NULL, NULL, &err),
	    ST_DENIED);
	assert_int_equal(user_grant(bob, "bob", "admin", &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "admin"));
	assert_int_equal(tu_audit_count(s), after + 2);
	session_close(&bob);

	/* The chain names people by id, never by login or address. */
	tu_expect_audit_lacks(s, "bob");
	tu_expect_audit_lacks(s, "example.com");
	tu_expect_chain_ok(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(os_login_is_the_effective_uid),
		cmocka_unit_test_setup_teardown(init_makes_the_invoker_admin,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(init_refuses_bad_options,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(as_works_only_in_test_and_demo_databases,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(users_and_roles,
		    tu_fx_setup, tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
