/* tests/unit/test_template.c - templates stored by content hash: refusals
 * first, then versions, listing, roles and the audit chain. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/template.h"

/* SHA-256 of "abc" and of "" (FIPS 180-2 and the well-known empty digest). */
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static size_t
count_templates(struct session *s)
{
	struct rowlist l;
	struct err err = { 0 };
	size_t n;

	assert_int_equal(template_list(s, &l, &err), ST_OK);
	n = l.count;
	rowlist_free(&l, (row_clear_fn)template_row_clear);
	return n;
}

/* A test database (ada: admin) with bob, an author. */
static int
setup(void **state)
{
	struct tu_fx *f;

	tu_fx_setup(state);
	f = *state;
	tu_add_user(f->s, "bob", "author", NULL);
	return 0;
}

/* Store and expect ST with a message naming WORD, and nothing stored. */
static void
refuse(struct tu_fx *f, struct session *s, const char *name, const char *body,
    const char *source, enum status st, const char *word)
{
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), v = -2;

	assert_int_equal(template_store(s, name, body, source, &v, &err), st);
	assert_int_equal(err.code, st);
	if (word != NULL && strstr(err.msg, word) == NULL)
		fail_msg("\"%s\" does not mention %s", err.msg, word);
	assert_int_equal(v, -2);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_templates(f->s), 0);
}

static void
test_hash(void **state)
{
	char hex[65];

	(void)state;
	template_hash("abc", hex);
	assert_string_equal(hex, SHA_ABC);
	template_hash("", hex);
	assert_string_equal(hex, SHA_EMPTY);
	template_hash(NULL, hex);
	assert_string_equal(hex, SHA_EMPTY);
}

static void
test_degenerate(void **state)
{
	struct tu_fx *f = *state;
	struct template_row t = { 0 };
	struct err err = { 0 };
	char name[TEMPLATE_NAME_MAX + 2], *big, *source;

	refuse(f, f->s, NULL, "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "", "abc", NULL, ST_INVALID, "name");
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	refuse(f, f->s, name, "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "advisory md", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "../etc/passwd", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "email/../x", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "/abs", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "a//b", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "dir/", "abc", NULL, ST_INVALID, "name");
	refuse(f, f->s, "advisory.md", NULL, NULL, ST_INVALID, "body");
	refuse(f, f->s, "advisory.md", "", NULL, ST_INVALID, "body");
	big = malloc(TEMPLATE_BODY_MAX + 2);
	memset(big, 'b', TEMPLATE_BODY_MAX + 1);
	big[TEMPLATE_BODY_MAX + 1] = '\0';
	refuse(f, f->s, "advisory.md", big, NULL, ST_INVALID, "body");
	source = malloc(TEMPLATE_SOURCE_MAX + 2);
	memset(source, 's', TEMPLATE_SOURCE_MAX + 1);
	source[TEMPLATE_SOURCE_MAX + 1] = '\0';
	refuse(f, f->s, "advisory.md", "abc", source, ST_INVALID, "source");
	assert_int_equal(template_get_latest(f->s, "advisory.md", &t, &err),
	    ST_NOTFOUND);
	assert_int_equal(template_get_latest(f->s, NULL, &t, &err), ST_INVALID);
	assert_int_equal(template_get(f->s, "advisory.md", 0, &t, &err),
	    ST_INVALID);
	assert_int_equal(template_get(f->s, "advisory.md", 1, &t, &err),
	    ST_NOTFOUND);
	/* The limits are inclusive. */
	big[TEMPLATE_BODY_MAX] = '\0';
	source[TEMPLATE_SOURCE_MAX] = '\0';
	name[TEMPLATE_NAME_MAX] = '\0';
	assert_int_equal(template_store(f->s, name, big, source, NULL, &err),
	    ST_OK);
	free(big);
	free(source);
}

static void
test_wrong_role(void **state)
{
	struct tu_fx *f = *state;
	struct session *bob = tu_open_as(f->dir, "bob");
	struct session *zed = tu_open_as(f->dir, "zed");

	refuse(f, bob, "advisory.md", "abc", NULL, ST_DENIED, "admin");
	refuse(f, zed, "advisory.md", "abc", NULL, ST_DENIED, "zed");
	session_close(&bob);
	session_close(&zed);
}

static void
test_versions(void **state)
{
	struct tu_fx *f = *state;
	struct template_row t = { 0 };
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), v = 0;
	char *detail;

	assert_int_equal(template_store(f->s, "email/advisory.txt", "abc",
	    "/usr/share/herald/templates/email/advisory.txt", &v, &err), ST_OK);
	assert_int_equal(v, 1);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit_has(f->s, NULL, "template.store", NULL, SHA_ABC);
	detail = tu_last_audit_detail(f->s);
	assert_null(strstr(detail, "/usr/share"));
	free(detail);

	/* The same body again: no new version, no audit row. */
	v = 0;
	assert_int_equal(template_store(f->s, "email/advisory.txt", "abc", NULL,
	    &v, &err), ST_OK);
	assert_int_equal(v, 1);
	assert_int_equal(tu_audit_count(f->s), before + 1);

	assert_int_equal(template_store(f->s, "email/advisory.txt", "abcd", NULL,
	    &v, &err), ST_OK);
	assert_int_equal(v, 2);
	assert_int_equal(tu_audit_count(f->s), before + 2);
	/* Going back to an older body is a change too. */
	assert_int_equal(template_store(f->s, "email/advisory.txt", "abc", NULL,
	    &v, &err), ST_OK);
	assert_int_equal(v, 3);

	assert_int_equal(template_get_latest(f->s, "email/advisory.txt", &t,
	    &err), ST_OK);
	assert_int_equal(t.version, 3);
	assert_string_equal(t.hash, SHA_ABC);
	assert_string_equal(t.body, "abc");
	assert_string_equal(t.source, "");
	assert_string_equal(t.imported_at, "2026-03-01T12:00:00Z");
	template_row_clear(&t);
	assert_int_equal(template_get(f->s, "email/advisory.txt", 2, &t, &err),
	    ST_OK);
	assert_string_equal(t.body, "abcd");
	template_row_clear(&t);
	assert_int_equal(template_get(f->s, "email/advisory.txt", 1, &t, &err),
	    ST_OK);
	assert_string_equal(t.source,
	    "/usr/share/herald/templates/email/advisory.txt");
	template_row_clear(&t);
	assert_int_equal(template_get(f->s, "email/advisory.txt", 4, &t, &err),
	    ST_NOTFOUND);
	tu_expect_chain_ok(f->s);
}

static void
test_list(void **state)
{
	struct tu_fx *f = *state;
	struct template_row *t;
	struct rowlist l;
	struct err err = { 0 };

	assert_int_equal(template_store(f->s, "rss.xml", "<rss/>", NULL, NULL,
	    &err), ST_OK);
	assert_int_equal(template_store(f->s, "atom.xml", "<feed/>", NULL, NULL,
	    &err), ST_OK);
	assert_int_equal(template_store(f->s, "rss.xml", "<rss version='2.0'/>",
	    NULL, NULL, &err), ST_OK);
	assert_int_equal(template_list(f->s, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	t = rowlist_at(&l, 0);
	assert_string_equal(t->name, "atom.xml");
	assert_int_equal(t->version, 1);
	t = rowlist_at(&l, 1);
	assert_string_equal(t->name, "rss.xml");
	assert_int_equal(t->version, 2);
	assert_string_equal(t->body, "<rss version='2.0'/>");
	rowlist_free(&l, (row_clear_fn)template_row_clear);
}

static void
test_failure_leaves_nothing(void **state)
{
	struct tu_fx *f = *state;
	struct template_row t = { 0 };
	struct err err = { 0 };
	long long before, v = 0;

	/* The audit row is the last write; make it fail after the insert. */
	tu_sql_exec(db_path(f->s->db), "CREATE TRIGGER no_tpl_audit"
	    " BEFORE INSERT ON audit WHEN NEW.action = 'template.store'"
	    " BEGIN SELECT RAISE(ABORT, 'refused'); END;");
	before = tu_audit_count(f->s);
	assert_int_not_equal(template_store(f->s, "advisory.md", "abc", NULL, &v,
	    &err), ST_OK);
	assert_int_equal(v, 0);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_templates(f->s), 0);
	assert_int_equal(template_get_latest(f->s, "advisory.md", &t, &err),
	    ST_NOTFOUND);
	tu_sql_exec(db_path(f->s->db), "DROP TRIGGER no_tpl_audit;");
	assert_int_equal(template_store(f->s, "advisory.md", "abc", NULL, &v,
	    &err), ST_OK);
	assert_int_equal(v, 1);
	tu_expect_chain_ok(f->s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash),
		cmocka_unit_test_setup_teardown(test_degenerate,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_role,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_versions,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_list,
		    setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_failure_leaves_nothing,
		    setup, tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
