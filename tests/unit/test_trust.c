/* tests/unit/test_trust.c - the trust page's content: validation with
 * the field named, who may write, the order within a section, the audit
 * rows, expiry, and the export's three files. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/unit/testutil.h"

#include "core/export.h"
#include "core/settings.h"
#include "core/trust.h"
#include "util/xalloc.h"

/* Add an entry to SECTION titled TITLE as S, asserting it works. */
static long long
add(struct session *s, const char *section, const char *title,
    const char *extra, const char *until)
{
	struct trust_fields f = { title, NULL, extra, until };
	struct err err = { 0 };
	long long id = 0;

	if (trust_add(s, section, &f, &id, &err) != ST_OK)
		fail_msg("add %s \"%s\": %s", section, title, err.msg);
	assert_true(id > 0);
	return id;
}

/* The ids of every entry, in the page's order, as "1 3 2". */
static char *
order(struct session *s)
{
	struct rowlist l;
	struct err err = { 0 };
	char *out = xstrdup(""), *t;
	size_t i;

	assert_int_equal(trust_list(s, &l, &err), ST_OK);
	for (i = 0; i < l.count; i++) {
		const struct trust_entry *e = rowlist_at(&l, i);

		t = xasprintf("%s%s%lld", out, i > 0 ? " " : "", e->id);
		free(out);
		out = t;
	}
	rowlist_free(&l, (row_clear_fn)trust_entry_clear);
	return out;
}

static void
expect_order(struct session *s, const char *want)
{
	char *got = order(s);

	assert_string_equal(got, want);
	free(got);
}

/* --- sections ------------------------------------------------------- */

static void
test_sections(void **state)
{
	const char *const *names = trust_section_names();

	(void)state;
	assert_string_equal(names[0], "certification");
	assert_string_equal(names[5], "contact");
	assert_null(names[TRUST_SECTION_COUNT]);
	assert_int_equal(trust_section_of("subprocessor"), TRUST_SUBPROCESSOR);
	assert_int_equal(trust_section_of("data-handling"),
	    TRUST_DATA_HANDLING);
	assert_int_equal(trust_section_of("Certification"), -1);
	assert_int_equal(trust_section_of(NULL), -1);
	assert_string_equal(trust_section_heading(TRUST_SUBPROCESSOR),
	    "Sub-processors");
	assert_string_equal(trust_section_heading(TRUST_CONTACT),
	    "Security contact");
	assert_null(trust_section_heading(TRUST_SECTION_COUNT));
}

/* --- validation ------------------------------------------------------ */

/* trust_add() of F in SECTION is refused with a message that starts
 * with WANT; nothing is written. */
static void
refused(struct session *s, const char *section, const char *title,
    const char *body, const char *extra, const char *until, const char *want)
{
	struct trust_fields f = { title, body, extra, until };
	struct err err = { 0 };
	long long audits = tu_audit_count(s), id = 0;

	assert_int_equal(trust_add(s, section, &f, &id, &err), ST_INVALID);
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg("wanted \"%s...\", got \"%s\"", want, err.msg);
	assert_int_equal(tu_audit_count(s), audits);
	assert_int_equal(tu_count_rows(session_path(s), "trust_entries"), 0);
}

static void
test_validation_names_the_field(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	char *big = xmalloc(TRUST_BODY_MAX + 2), *wide;
	size_t i;

	refused(s, "soc2", "SOC 2", NULL, NULL, NULL, "section: \"soc2\" is "
	    "not one of certification, control");
	refused(s, NULL, "SOC 2", NULL, NULL, NULL, "section:");
	refused(s, "control", NULL, NULL, NULL, NULL, "title: required");
	refused(s, "control", "", NULL, NULL, NULL, "title: required");
	refused(s, "control", "two\nlines", NULL, NULL, NULL, "title: no "
	    "control characters or line breaks");
	refused(s, "control", " padded", NULL, NULL, NULL, "title: \" padded\" "
	    "starts or ends with a space");
	memset(big, 'x', 201);
	big[201] = '\0';
	refused(s, "control", big, NULL, NULL, NULL, "title: at most 200 "
	    "characters (got 201)");
	/* Characters, not bytes: 200 two-byte ones are a good title. */
	wide = xmalloc(401);
	for (i = 0; i < 200; i++)
		memcpy(wide + i * 2, "\xc3\xa9", 2);
	wide[400] = '\0';
	add(s, "control", wide, NULL, NULL);
	tu_sql_exec(session_path(s), "DELETE FROM trust_entries");
	free(wide);

	memset(big, 'b', TRUST_BODY_MAX + 1);
	big[TRUST_BODY_MAX + 1] = '\0';
	refused(s, "control", "Encryption", big, NULL, NULL, "body: at most "
	    "20000 characters (got 20001)");
	refused(s, "control", "Encryption", "fine\nthen\x01 not", NULL, NULL,
	    "body: line 2: no control characters but line breaks");
	refused(s, "control", "Encryption", "a\ttab", NULL, NULL, "body: line 1:");
	refused(s, "control", "Encryption", "windows\r\nline", NULL, NULL,
	    "body: line 1:");
	refused(s, "control", "Encryption", "bad \xff byte", NULL, NULL,
	    "body: not valid UTF-8");

	memset(big, 'e', 501);
	big[501] = '\0';
	refused(s, "subprocessor", "Cloud host", NULL, big, NULL, "extra: at "
	    "most 500 characters");
	refused(s, "subprocessor", "Cloud host", NULL, "EU\nUS", NULL, "extra: "
	    "no control characters");

	refused(s, "control", "MFA", NULL, NULL, "2026-12-31", "valid-until: "
	    "only a certification");
	refused(s, "certification", "ISO 27001", NULL, NULL, "2026-02-30",
	    "valid-until: \"2026-02-30\" is not a date written YYYY-MM-DD");
	refused(s, "certification", "ISO 27001", NULL, NULL, "2026-2-3",
	    "valid-until:");
	refused(s, "certification", "ISO 27001", NULL, NULL,
	    "2026-12-31T00:00:00Z", "valid-until:");
	refused(s, "certification", "ISO 27001", NULL, NULL, "soon",
	    "valid-until:");
	free(big);

	/* A body of paragraphs and a list is fine; "" clears nothing. */
	add(s, "certification", "ISO/IEC 27001:2022", "BSI; every product",
	    "2027-06-30");
	add(s, "control", "Encryption", NULL, "");
	assert_int_equal(tu_count_rows(session_path(s), "trust_entries"), 2);
	assert_int_equal(tu_sql_int(session_path(s), "SELECT count(*) FROM "
	    "trust_entries WHERE valid_until IS NULL"), 1);
}

/* --- who may write ---------------------------------------------------- */

static void
test_roles(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s, *lena, *sam, *nobody;
	struct trust_fields f = { "Pen tests", NULL, NULL, NULL };
	struct err err = { 0 };
	long long id = 0, audits;

	tu_add_user(s, "lena", "author", "approver:legal", NULL);
	tu_add_user(s, "sam", "sro", NULL);
	lena = tu_open_as(fx->dir, "lena");
	sam = tu_open_as(fx->dir, "sam");
	nobody = tu_open_as(fx->dir, "nobody");
	audits = tu_audit_count(s);

	assert_int_equal(trust_add(lena, "control", &f, &id, &err), ST_DENIED);
	assert_string_equal(err.msg, "lena needs the admin or sro role for "
	    "that");
	assert_int_equal(trust_add(nobody, "control", &f, &id, &err),
	    ST_DENIED);
	assert_int_equal(tu_audit_count(s), audits);

	/* The SRO answers for the page, so writes it. */
	assert_int_equal(trust_add(sam, "control", &f, &id, &err), ST_OK);
	tu_expect_audit_has(s, "user:3", "trust.add", NULL, "\"section\":"
	    "\"control\"");
	f.title = "Yearly pen tests";
	assert_int_equal(trust_update(lena, id, &f, &err), ST_DENIED);
	assert_int_equal(trust_move(lena, id, true, &err), ST_DENIED);
	assert_int_equal(trust_delete(lena, id, &err), ST_DENIED);
	assert_int_equal(trust_update(sam, id, &f, &err), ST_OK);

	/* Anyone reads it: it is public. */
	{
		struct trust_entry e = { 0 };

		assert_int_equal(trust_get(lena, id, &e, &err), ST_OK);
		assert_string_equal(e.title, "Yearly pen tests");
		assert_int_equal(e.updated_by, 3);
		trust_entry_clear(&e);
	}
	assert_int_equal(trust_delete(sam, id, &err), ST_OK);
	session_close(&lena);
	session_close(&sam);
	session_close(&nobody);
}

/* --- order within a section ------------------------------------------ */

static void
test_move(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	long long a, b, c, contact, cert, audits;
	char want[64];

	/* Added out of the page's order; listed in it. */
	contact = add(s, "contact", "Security team", NULL, NULL);
	a = add(s, "control", "Encryption", NULL, NULL);
	b = add(s, "control", "MFA", NULL, NULL);
	c = add(s, "control", "Logging", NULL, NULL);
	cert = add(s, "certification", "SOC 2 Type II", "AICPA", NULL);
	snprintf(want, sizeof want, "%lld %lld %lld %lld %lld", cert, a, b, c,
	    contact);
	expect_order(s, want);
	assert_int_equal(tu_sql_int(session_path(s), "SELECT group_concat("
	    "position, '') FROM (SELECT position FROM trust_entries WHERE "
	    "section = 'control' ORDER BY id)"), 123);

	audits = tu_audit_count(s);
	assert_int_equal(trust_move(s, c, true, &err), ST_OK);
	snprintf(want, sizeof want, "%lld %lld %lld %lld %lld", cert, a, c, b,
	    contact);
	expect_order(s, want);
	assert_int_equal(tu_audit_count(s), audits + 1);
	{
		char *d = tu_last_audit_detail(s), *w;

		w = xasprintf("{\"direction\":\"up\",\"position\":2,\"section\":"
		    "\"control\",\"swapped_with\":%lld}", b);
		assert_string_equal(d, w);
		free(w);
		free(d);
	}
	assert_int_equal(trust_move(s, c, true, &err), ST_OK);
	assert_int_equal(trust_move(s, a, false, &err), ST_OK);
	snprintf(want, sizeof want, "%lld %lld %lld %lld %lld", cert, c, b, a,
	    contact);
	expect_order(s, want);

	/* Ends of a section, and a section of one: nothing to swap with;
	 * other sections never take part. */
	audits = tu_audit_count(s);
	assert_int_equal(trust_move(s, c, true, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "is first in control already"));
	assert_int_equal(trust_move(s, a, false, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "is last in control already"));
	assert_int_equal(trust_move(s, cert, false, &err), ST_INVALID);
	assert_int_equal(trust_move(s, contact, true, &err), ST_INVALID);
	assert_int_equal(trust_move(s, 999, true, &err), ST_NOTFOUND);
	assert_int_equal(tu_audit_count(s), audits);
	expect_order(s, want);

	/* A removal leaves a gap; a new entry goes last; moves still work. */
	assert_int_equal(trust_delete(s, b, &err), ST_OK);
	b = add(s, "control", "Backups", NULL, NULL);
	assert_int_equal(trust_move(s, b, true, &err), ST_OK);
	snprintf(want, sizeof want, "%lld %lld %lld %lld %lld", cert, c, b, a,
	    contact);
	expect_order(s, want);
	tu_expect_chain_ok(s);
}

/* --- edits and their audit rows -------------------------------------- */

static void
test_update_and_delete(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct trust_fields f = { 0 };
	struct trust_entry e = { 0 };
	struct err err = { 0 };
	long long id, audits;
	char *at = NULL;

	assert_int_equal(trust_last_change(s, &at, &err), ST_OK);
	assert_null(at);
	id = add(s, "certification", "ISO/IEC 27001:2022", "BSI", "2026-12-31");
	tu_expect_audit(s, "user:1", "trust.add", NULL, "{\"position\":1,"
	    "\"section\":\"certification\",\"title\":\"ISO/IEC 27001:2022\","
	    "\"valid_until\":\"2026-12-31\"}");
	assert_int_equal(trust_last_change(s, &at, &err), ST_OK);
	assert_string_equal(at, "2026-03-01T12:00:00Z");
	free(at);

	/* NULL keeps a field; the same text is no change; none writes
	 * nothing, not even an audit row. */
	audits = tu_audit_count(s);
	f.title = "ISO/IEC 27001:2022";
	f.extra = "BSI";
	assert_int_equal(trust_update(s, id, &f, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits);

	/* The body loses the line breaks an editor ends it with. */
	f.title = NULL;
	f.body = "Certificate 123.\n\n- all products\n- all sites\n\n";
	f.valid_until = "";
	assert_int_equal(trust_update(s, id, &f, &err), ST_OK);
	tu_expect_audit(s, "user:1", "trust.update", NULL, "{\"fields\":["
	    "\"body\",\"valid_until\"],\"section\":\"certification\","
	    "\"title\":\"ISO/IEC 27001:2022\"}");
	assert_int_equal(trust_get(s, id, &e, &err), ST_OK);
	assert_string_equal(e.body, "Certificate 123.\n\n- all products\n- all "
	    "sites");
	assert_string_equal(e.extra, "BSI");
	assert_null(e.valid_until);
	assert_int_equal(e.position, 1);
	trust_entry_clear(&e);
	{
		char sql[64];

		snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE "
		    "subject = 'trust:%lld'", id);
		assert_int_equal(tu_sql_int(session_path(s), sql), 2);
	}

	/* An edit is checked as an add is, against the entry's section. */
	memset(&f, 0, sizeof f);
	f.title = "";
	assert_int_equal(trust_update(s, id, &f, &err), ST_INVALID);
	assert_string_equal(err.msg, "title: required");
	f.title = NULL;
	f.valid_until = "31/12/2026";
	assert_int_equal(trust_update(s, id, &f, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "valid-until:"));
	f.valid_until = "2027-01-31";
	assert_int_equal(trust_update(s, 999, &f, &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "no trust entry with id 999");

	audits = tu_audit_count(s);
	assert_int_equal(trust_delete(s, id, &err), ST_OK);
	tu_expect_audit(s, "user:1", "trust.delete", NULL, "{\"section\":"
	    "\"certification\",\"title\":\"ISO/IEC 27001:2022\"}");
	assert_int_equal(tu_audit_count(s), audits + 1);
	assert_int_equal(trust_get(s, id, &e, &err), ST_NOTFOUND);
	assert_int_equal(trust_delete(s, id, &err), ST_NOTFOUND);
	assert_int_equal(tu_audit_count(s), audits + 1);
	/* The page changed when its last entry went. */
	assert_int_equal(trust_last_change(s, &at, &err), ST_OK);
	assert_string_equal(at, "2026-03-01T12:00:00Z");
	free(at);
	tu_expect_chain_ok(s);
}

/* --- expiry ------------------------------------------------------------ */

static void
test_expiry(void **state)
{
	struct trust_entry e = { 0 };
	char cert[] = "certification", control[] = "control";
	char feb[] = "2026-02-28", mar[] = "2026-03-01", old[] = "2020-01-01";

	(void)state;
	e.section = cert;
	e.valid_until = feb;
	assert_true(trust_is_expired(&e, "2026-03-01T12:00:00Z"));
	/* Held through its last day. */
	e.valid_until = mar;
	assert_false(trust_is_expired(&e, "2026-03-01T23:59:59Z"));
	assert_true(trust_is_expired(&e, "2026-03-02T00:00:00Z"));
	e.valid_until = NULL;
	assert_false(trust_is_expired(&e, "2030-01-01T00:00:00Z"));
	e.valid_until = old;
	e.section = control;
	assert_false(trust_is_expired(&e, "2026-03-01T12:00:00Z"));
	assert_false(trust_is_expired(NULL, "2026-03-01T12:00:00Z"));
}

/* --- the export --------------------------------------------------------- */

static void
test_export(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct export_stats st;
	struct err err = { 0 };
	char *out = tu_path(fx->dir, "out"), *p, *text;
	json_t *doc;
	struct stat sb;
	size_t len;

	tu_import_templates(s);
	assert_int_equal(setting_set(s, "site.url", "https://example.org/",
	    &err), ST_OK);
	assert_int_equal(setting_set(s, "publisher.name", "Example Software",
	    &err), ST_OK);
	assert_int_equal(setting_set(s, "security.contact",
	    "mailto:security@example.org", &err), ST_OK);
	add(s, "certification", "ISO/IEC 27001:2022", "BSI", "2027-06-30");
	add(s, "certification", "PCI DSS", "QSA", "2026-01-31");
	add(s, "subprocessor", "Cloud <Host> & Co", "EU; hosting", NULL);

	if (export_run(s, "trust", out, NULL, &st, &err) != ST_OK)
		fail_msg("export: %s", err.msg);
	assert_true(st.n_written >= 3);
	p = tu_path(out, "site/trust/trust.json");
	text = tu_slurp(p, &len);
	doc = tu_json_load(text);
	assert_string_equal(tu_json_str(doc, "publisher"), "Example Software");
	assert_string_equal(tu_json_str(doc, "page"),
	    "https://example.org/trust/index.html");
	assert_string_equal(tu_json_str(doc, "sections/0/id"), "certification");
	assert_string_equal(tu_json_str(doc, "sections/0/entries/0/status"),
	    "held");
	assert_string_equal(tu_json_str(doc, "sections/0/entries/1/status"),
	    "expired");
	assert_string_equal(tu_json_str(doc, "sections/3/entries/0/title"),
	    "Cloud <Host> & Co");
	/* No contact entry: the security contact setting stands in. */
	assert_string_equal(tu_json_str(doc, "sections/5/entries/0/url"),
	    "mailto:security@example.org");
	json_decref(doc);
	free(text);
	free(p);

	p = tu_path(out, "site/trust/index.html");
	text = tu_slurp(p, &len);
	assert_non_null(strstr(text, "<h2>Certifications</h2>"));
	assert_non_null(strstr(text, "No longer held"));
	assert_non_null(strstr(text, "Cloud &lt;Host&gt; &amp; Co"));
	assert_null(strstr(text, "<Host>"));
	assert_non_null(strstr(text, "mailto:security@example.org"));
	free(text);
	free(p);
	p = tu_path(out, "docs/trust.md");
	assert_int_equal(stat(p, &sb), 0);
	free(p);

	/* Nothing changed: nothing is written again. */
	if (export_run(s, "trust", out, NULL, &st, &err) != ST_OK)
		fail_msg("export again: %s", err.msg);
	assert_int_equal(st.n_written, 0);
	/* A change is written. */
	add(s, "contact", "Security team", NULL, NULL);
	if (export_run(s, "trust", out, NULL, &st, &err) != ST_OK)
		fail_msg("export after a change: %s", err.msg);
	assert_true(st.n_written >= 3);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test_setup_teardown(test_validation_names_the_field,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_roles,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_move,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_update_and_delete,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_export,
		    tu_fx_setup, tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
