/* tests/unit/test_product.c - products, cycles, phases and EOL notices. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"

#include "core/clock.h"
#include "core/product.h"
#include "util/xalloc.h"

/* Records hold char *; -Wwrite-strings makes literals const. */
#define S(x) ((char *)(x))

static long long
product_count(struct session *s)
{
	long long n = -1;

	assert_int_equal(q_product_count(s->db, &n, NULL), ST_OK);
	return n;
}

static long long
cycle_count(struct session *s)
{
	long long n = -1;

	assert_int_equal(q_cycle_count(s->db, 0, &n, NULL), ST_OK);
	return n;
}

static long long
make_product(struct session *s, const char *slug)
{
	struct err err = { 0 };
	long long id = 0;

	assert_int_equal(product_create(s, slug, "Acme Server", "", NULL, &id,
	    &err), ST_OK);
	assert_true(id > 0);
	return id;
}

/* --- degenerate inputs ------------------------------------------------ */

static void
test_slug_check(void **state)
{
	char long_slug[PRODUCT_SLUG_MAX + 2];

	(void)state;
	assert_int_equal(product_check_slug(NULL, NULL), ST_INVALID);
	assert_int_equal(product_check_slug("", NULL), ST_INVALID);
	assert_int_equal(product_check_slug("Acme", NULL), ST_INVALID);
	assert_int_equal(product_check_slug("-acme", NULL), ST_INVALID);
	assert_int_equal(product_check_slug("ac me", NULL), ST_INVALID);
	assert_int_equal(product_check_slug("acme:server", NULL), ST_INVALID);
	memset(long_slug, 'a', sizeof long_slug - 1);
	long_slug[sizeof long_slug - 1] = '\0';
	assert_int_equal(product_check_slug(long_slug, NULL), ST_INVALID);
	long_slug[PRODUCT_SLUG_MAX] = '\0';
	assert_int_equal(product_check_slug(long_slug, NULL), ST_OK);
	assert_int_equal(product_check_slug("a", NULL), ST_OK);
	assert_int_equal(product_check_slug("acme-server.v2_x", NULL), ST_OK);
	assert_int_equal(product_check_slug("9lives", NULL), ST_OK);
}

static void
test_product_create_refuses_bad_input(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	char *big;
	long long audits, id = 0;

	audits = tu_audit_count(s);
	assert_int_equal(product_create(s, NULL, "Acme", NULL, NULL, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "slug"));
	assert_int_equal(product_create(s, "acme", NULL, NULL, NULL, &id, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "name: required");
	assert_int_equal(product_create(s, "acme", "", NULL, NULL, &id, &err),
	    ST_INVALID);
	assert_int_equal(product_create(s, "acme", "Acme\nServer", NULL, NULL,
	    &id, &err), ST_INVALID);
	big = xcalloc(5000, 1);
	memset(big, 'x', PRODUCT_NAME_MAX + 1);
	assert_int_equal(product_create(s, "acme", big, NULL, NULL, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "name: at most 200"));
	memset(big, 'x', 4999);
	assert_int_equal(product_create(s, "acme", "Acme", big, NULL, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "description"));
	free(big);
	/* The owner is looked up inside the transaction: a failure there must
	 * leave nothing behind. */
	assert_int_equal(product_create(s, "acme", "Acme", NULL, "nobody", &id,
	    &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "owner"));
	assert_int_equal(id, 0);
	assert_int_equal(product_count(s), 0);
	assert_int_equal(tu_audit_count(s), audits);
}

static void
test_cycle_check_refuses_bad_input(void **state)
{
	struct cycle c = { 0 };
	struct err err = { 0 };
	char big[CYCLE_NAME_MAX + 2];

	(void)state;
	assert_int_equal(cycle_check(NULL, &err), ST_INVALID);
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	assert_string_equal(err.msg, "cycle: required");
	c.cycle = S("");
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	c.cycle = big;
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	c.cycle = S("4.2\t");
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	c.cycle = S(" 4.2");
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	c.cycle = S("4.2");
	assert_int_equal(cycle_check(&c, &err), ST_OK);

	c.eol = S("2027-13-01");
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	assert_string_equal(err.msg, "eol: 2027-13-01: no such date or time");
	c.eol = S("2027-02-29");
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "eol: 2027-02-29"));
	c.eol = S("soon");
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "eol: soon: not an RFC 3339"));
	c.eol = S("1969-12-31");
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	c.eol = S("2028-02-29");
	assert_int_equal(cycle_check(&c, &err), ST_OK);

	/* Order: each set date is on or after every set date before it. */
	c.release_date = S("2026-01-01");
	c.active_support_end = S("2025-12-31");
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	assert_string_equal(err.msg, "active-support-end 2025-12-31 is before "
	    "release-date 2026-01-01");
	c.active_support_end = S("2026-01-01");     /* same day is fine */
	assert_int_equal(cycle_check(&c, &err), ST_OK);
	c.security_support_end = S("2028-03-01");   /* after eol 2028-02-29 */
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	assert_string_equal(err.msg, "eol 2028-02-29 is before "
	    "security-support-end 2028-03-01");
	c.security_support_end = NULL;              /* gaps are skipped */
	c.extended_support_end = S("2028-02-28");
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	assert_string_equal(err.msg, "extended-support-end 2028-02-28 is before "
	    "eol 2028-02-29");
	c.extended_support_end = S("");             /* "" is unset */
	assert_int_equal(cycle_check(&c, &err), ST_OK);
	c.release_date = S("2029-01-01");           /* after everything */
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	c.release_date = NULL;

	c.latest_version = S("4.2.1\n");
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "latest-version"));
	c.latest_version = S("4.2.1");
	c.owner_id = -1;
	assert_int_equal(cycle_check(&c, &err), ST_INVALID);
	c.owner_id = 0;
	assert_int_equal(cycle_check(&c, &err), ST_OK);
}

static void
test_cycle_phase_degenerate(void **state)
{
	struct cycle c = { 0 };

	(void)state;
	assert_int_equal(cycle_phase(NULL, 0), CYCLE_UNRELEASED);
	/* No dates at all: released, never ending. */
	assert_int_equal(cycle_phase(&c, 0), CYCLE_FULL_SUPPORT);
	assert_int_equal(cycle_phase(&c, 4102444800), CYCLE_FULL_SUPPORT);
	/* Unreadable dates count as unset. */
	c.release_date = S("someday");
	c.eol = S("");
	assert_int_equal(cycle_phase(&c, 1772366400), CYCLE_FULL_SUPPORT);
	assert_string_equal(cycle_phase_name(CYCLE_UNRELEASED), "unreleased");
	assert_string_equal(cycle_phase_name(CYCLE_FULL_SUPPORT), "full-support");
	assert_string_equal(cycle_phase_name(CYCLE_SECURITY_ONLY),
	    "security-only");
	assert_string_equal(cycle_phase_name(CYCLE_EXTENDED), "extended");
	assert_string_equal(cycle_phase_name(CYCLE_EOL), "eol");
	assert_string_equal(cycle_phase_name((enum cycle_phase)99), "unknown");
	assert_string_equal(cycle_phase_name((enum cycle_phase)-1), "unknown");
}

/* --- behaviour --------------------------------------------------------- */

static time_t
at(const char *when)
{
	time_t t = 0;

	assert_int_equal(clock_parse(when, &t, NULL), ST_OK);
	return t;
}

static void
test_cycle_phase_edges(void **state)
{
	struct cycle c = {
		.release_date = S("2026-01-01"),
		.active_support_end = S("2026-06-01"),
		.security_support_end = S("2027-01-01"),
		.eol = S("2027-01-01"),
		.extended_support_end = S("2028-01-01"),
	};

	(void)state;
	assert_int_equal(cycle_phase(&c, at("2025-12-31T23:59:59Z")),
	    CYCLE_UNRELEASED);
	assert_int_equal(cycle_phase(&c, at("2026-01-01T00:00:00Z")),
	    CYCLE_FULL_SUPPORT);
	assert_int_equal(cycle_phase(&c, at("2026-05-31T23:59:59Z")),
	    CYCLE_FULL_SUPPORT);
	assert_int_equal(cycle_phase(&c, at("2026-06-01T00:00:00Z")),
	    CYCLE_SECURITY_ONLY);
	assert_int_equal(cycle_phase(&c, at("2026-12-31T23:59:59Z")),
	    CYCLE_SECURITY_ONLY);
	assert_int_equal(cycle_phase(&c, at("2027-01-01T00:00:00Z")),
	    CYCLE_EXTENDED);
	assert_int_equal(cycle_phase(&c, at("2027-12-31T23:59:59Z")),
	    CYCLE_EXTENDED);
	assert_int_equal(cycle_phase(&c, at("2028-01-01T00:00:00Z")),
	    CYCLE_EOL);

	/* Without extended support, standard support ends in EOL. */
	c.extended_support_end = NULL;
	assert_int_equal(cycle_phase(&c, at("2026-12-31T23:59:59Z")),
	    CYCLE_SECURITY_ONLY);
	assert_int_equal(cycle_phase(&c, at("2027-01-01T00:00:00Z")),
	    CYCLE_EOL);

	/* Security fixes stopping before the EOL date end support there. */
	c.security_support_end = S("2026-09-01");
	assert_int_equal(cycle_phase(&c, at("2026-08-31T23:59:59Z")),
	    CYCLE_SECURITY_ONLY);
	assert_int_equal(cycle_phase(&c, at("2026-09-01T00:00:00Z")),
	    CYCLE_EOL);

	/* Only an EOL date: full support up to it. */
	c.release_date = c.active_support_end = c.security_support_end = NULL;
	assert_int_equal(cycle_phase(&c, at("2026-12-31T23:59:59Z")),
	    CYCLE_FULL_SUPPORT);
	assert_int_equal(cycle_phase(&c, at("2027-01-01T00:00:00Z")),
	    CYCLE_EOL);

	/* Only an active-support end: security fixes forever after. */
	c.eol = NULL;
	c.active_support_end = S("2026-06-01");
	assert_int_equal(cycle_phase(&c, at("2099-01-01T00:00:00Z")),
	    CYCLE_SECURITY_ONLY);
}

static void
test_product_create_list_get(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct product p = { 0 };
	struct rowlist l;
	char subject[48];
	long long audits, id = 0, ada;

	ada = s->user.id;
	audits = tu_audit_count(s);
	assert_int_equal(product_create(s, "zeta", "Zeta", "The last.", "ada",
	    &id, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	snprintf(subject, sizeof subject, "product:%lld", id);
	tu_expect_audit_has(s, s->actor, "product.create", subject,
	    "\"slug\":\"zeta\"");
	make_product(s, "alpha");
	make_product(s, "mid");
	assert_int_equal(tu_audit_count(s), audits + 3);

	assert_int_equal(product_get_by_slug(s, "zeta", &p, &err), ST_OK);
	assert_int_equal(p.id, id);
	assert_string_equal(p.name, "Zeta");
	assert_string_equal(p.description, "The last.");
	assert_int_equal(p.owner_id, ada);
	assert_string_equal(p.created_at, "2026-03-01T12:00:00Z");
	assert_string_equal(p.updated_at, "2026-03-01T12:00:00Z");
	product_clear(&p);
	assert_int_equal(product_get(s, id, &p, &err), ST_OK);
	assert_string_equal(p.slug, "zeta");
	product_clear(&p);
	assert_int_equal(product_get_by_slug(s, "nope", &p, &err), ST_NOTFOUND);
	assert_int_equal(product_get_by_slug(s, NULL, &p, &err), ST_INVALID);
	assert_int_equal(product_get(s, 999, &p, &err), ST_NOTFOUND);

	assert_int_equal(product_list(s, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	assert_string_equal(((struct product *)rowlist_at(&l, 0))->slug, "alpha");
	assert_string_equal(((struct product *)rowlist_at(&l, 1))->slug, "mid");
	assert_string_equal(((struct product *)rowlist_at(&l, 2))->slug, "zeta");
	assert_int_equal(((struct product *)rowlist_at(&l, 0))->owner_id, 0);
	rowlist_free(&l, (row_clear_fn)product_clear);

	/* A taken slug: refused, nothing written. */
	audits = tu_audit_count(s);
	assert_int_equal(product_create(s, "mid", "Other", NULL, NULL, &id, &err),
	    ST_EXISTS);
	assert_non_null(strstr(err.msg, "product mid already exists"));
	assert_int_equal(product_count(s), 3);
	assert_int_equal(tu_audit_count(s), audits);
	tu_expect_chain_ok(s);
}

static void
test_product_set_owner(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct product p = { 0 };
	long long audits, bob;

	make_product(s, "acme");
	bob = tu_add_user(s, "bob", "author", NULL);
	audits = tu_audit_count(s);
	assert_int_equal(product_set_owner(s, "acme", "bob", &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	assert_int_equal(product_get_by_slug(s, "acme", &p, &err), ST_OK);
	assert_int_equal(p.owner_id, bob);
	product_clear(&p);
	/* The audit names the owner by id. */
	{
		char want[64];

		snprintf(want, sizeof want, "\"owner\":%lld", bob);
		tu_expect_audit_has(s, s->actor, "product.owner", "product:1",
		    want);
	}
	/* The same owner again changes nothing and writes nothing. */
	assert_int_equal(product_set_owner(s, "acme", "bob", &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	assert_int_equal(product_set_owner(s, "acme", NULL, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 2);
	assert_int_equal(product_get_by_slug(s, "acme", &p, &err), ST_OK);
	assert_int_equal(p.owner_id, 0);
	product_clear(&p);

	assert_int_equal(product_set_owner(s, "nope", "bob", &err), ST_NOTFOUND);
	assert_int_equal(product_set_owner(s, "acme", "carol", &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "owner"));
	assert_int_equal(product_set_owner(s, NULL, "bob", &err), ST_INVALID);
	assert_int_equal(tu_audit_count(s), audits + 2);
	tu_expect_chain_ok(s);
}

static void
test_cycle_create_and_read(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct cycle in = { 0 }, c = { 0 };
	struct rowlist l;
	char subject[48];
	long long audits, pid, id = 0, id2 = 0, id3 = 0;

	pid = make_product(s, "acme");
	audits = tu_audit_count(s);

	in.cycle = S("4.2");
	assert_int_equal(cycle_create(s, &in, &id, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "product"));
	in.product_id = 999;
	assert_int_equal(cycle_create(s, &in, &id, &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "product"));
	in.product_id = pid;
	in.owner_id = 999;
	assert_int_equal(cycle_create(s, &in, &id, &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "owner"));
	in.owner_id = 0;
	in.eol = S("2027-13-01");
	assert_int_equal(cycle_create(s, &in, &id, &err), ST_INVALID);
	assert_string_equal(err.msg, "eol: 2027-13-01: no such date or time");
	assert_int_equal(id, 0);
	assert_int_equal(cycle_count(s), 0);
	assert_int_equal(tu_audit_count(s), audits);

	/* Times are accepted and stored as their UTC date. */
	in.release_date = S("2025-01-15T10:00:00Z");
	in.active_support_end = S("2026-06-30T23:30:00-02:00");
	in.eol = S("2027-01-31");
	in.is_lts = true;
	in.latest_version = S("4.2.7");
	in.post_eol_options = S("Extended support by contract.");
	in.owner_id = s->user.id;
	assert_int_equal(cycle_create(s, &in, &id, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	snprintf(subject, sizeof subject, "cycle:%lld", id);
	tu_expect_audit_has(s, s->actor, "cycle.create", subject,
	    "\"eol\":\"2027-01-31\"");

	assert_int_equal(cycle_get(s, id, &c, &err), ST_OK);
	assert_int_equal(c.product_id, pid);
	assert_string_equal(c.cycle, "4.2");
	assert_string_equal(c.release_date, "2025-01-15");
	assert_string_equal(c.active_support_end, "2026-07-01");
	assert_null(c.security_support_end);
	assert_string_equal(c.eol, "2027-01-31");
	assert_null(c.extended_support_end);
	assert_true(c.is_lts);
	assert_string_equal(c.latest_version, "4.2.7");
	assert_string_equal(c.post_eol_options, "Extended support by contract.");
	assert_int_equal(c.owner_id, s->user.id);
	assert_null(c.eol_notice_sent_at);
	assert_string_equal(c.created_at, "2026-03-01T12:00:00Z");
	assert_int_equal(cycle_phase(&c, clock_now()), CYCLE_FULL_SUPPORT);
	cycle_clear(&c);

	/* The same cycle twice: refused, nothing written. */
	audits = tu_audit_count(s);
	assert_int_equal(cycle_create(s, &in, &id2, &err), ST_EXISTS);
	assert_non_null(strstr(err.msg, "acme already has a cycle 4.2"));
	assert_int_equal(tu_audit_count(s), audits);

	memset(&in, 0, sizeof in);
	in.product_id = pid;
	in.cycle = S("5.0");
	in.release_date = S("2026-02-01");
	assert_int_equal(cycle_create(s, &in, &id2, &err), ST_OK);
	in.cycle = S("6.0");              /* no release date yet */
	in.release_date = NULL;
	assert_int_equal(cycle_create(s, &in, &id3, &err), ST_OK);
	assert_int_equal(cycle_count(s), 3);

	/* Newest release first, undated first of all. */
	assert_int_equal(cycle_list_for_product(s, pid, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	assert_int_equal(((struct cycle *)rowlist_at(&l, 0))->id, id3);
	assert_int_equal(((struct cycle *)rowlist_at(&l, 1))->id, id2);
	assert_int_equal(((struct cycle *)rowlist_at(&l, 2))->id, id);
	rowlist_free(&l, (row_clear_fn)cycle_clear);
	assert_int_equal(cycle_list_for_product(s, 999, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)cycle_clear);

	assert_int_equal(cycle_find(s, "acme", "5.0", &c, &err), ST_OK);
	assert_int_equal(c.id, id2);
	cycle_clear(&c);
	assert_int_equal(cycle_find(s, "acme", "9.9", &c, &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "product acme has no release cycle 9.9");
	assert_int_equal(cycle_find(s, "nope", "5.0", &c, &err), ST_NOTFOUND);
	assert_int_equal(cycle_find(s, "acme", NULL, &c, &err), ST_INVALID);
	assert_int_equal(cycle_get(s, 999, &c, &err), ST_NOTFOUND);
	tu_expect_chain_ok(s);
}

static void
test_cycle_update(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct cycle in = { 0 }, c = { 0 };
	long long audits, pid, other, id = 0, id2 = 0;

	pid = make_product(s, "acme");
	other = make_product(s, "other");
	in.product_id = pid;
	in.cycle = S("4.2");
	in.release_date = S("2025-01-01");
	in.eol = S("2026-12-31");
	assert_int_equal(cycle_create(s, &in, &id, &err), ST_OK);
	in.cycle = S("4.3");
	assert_int_equal(cycle_create(s, &in, &id2, &err), ST_OK);
	assert_int_equal(cycle_mark_eol_notice_sent(s, id, NULL, &err), ST_OK);
	audits = tu_audit_count(s);

	/* Changing nothing writes nothing. */
	in.id = id;
	in.cycle = S("4.2");
	assert_int_equal(cycle_update(s, &in, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits);

	/* Refusals leave the row as it was. */
	in.eol = S("2024-12-31");
	assert_int_equal(cycle_update(s, &in, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "eol 2024-12-31 is before release-date"));
	in.eol = S("2026-12-31");
	in.product_id = other;
	assert_int_equal(cycle_update(s, &in, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "another product"));
	in.product_id = 0;
	in.cycle = S("4.3");
	assert_int_equal(cycle_update(s, &in, &err), ST_EXISTS);
	in.cycle = S("4.2");
	in.owner_id = 999;
	assert_int_equal(cycle_update(s, &in, &err), ST_NOTFOUND);
	in.owner_id = 0;
	in.id = 999;
	assert_int_equal(cycle_update(s, &in, &err), ST_NOTFOUND);
	in.id = 0;
	assert_int_equal(cycle_update(s, &in, &err), ST_INVALID);
	assert_int_equal(cycle_update(s, NULL, &err), ST_INVALID);
	assert_int_equal(tu_audit_count(s), audits);
	assert_int_equal(cycle_get(s, id, &c, &err), ST_OK);
	assert_string_equal(c.eol, "2026-12-31");
	assert_non_null(c.eol_notice_sent_at);
	cycle_clear(&c);

	/* Other changes keep the notice; moving the EOL date clears it. */
	in.id = id;
	in.latest_version = S("4.2.9");
	assert_int_equal(cycle_update(s, &in, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	tu_expect_audit_has(s, s->actor, "cycle.update", "cycle:1",
	    "\"changed\":[\"latest-version\"]");
	assert_int_equal(cycle_get(s, id, &c, &err), ST_OK);
	assert_string_equal(c.latest_version, "4.2.9");
	assert_non_null(c.eol_notice_sent_at);
	cycle_clear(&c);

	in.eol = S("2027-06-30");
	in.extended_support_end = S("2029-06-30");
	assert_int_equal(cycle_update(s, &in, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 2);
	tu_expect_audit_has(s, s->actor, "cycle.update", "cycle:1",
	    "\"eol_notice_reset\":true");
	assert_int_equal(cycle_get(s, id, &c, &err), ST_OK);
	assert_string_equal(c.eol, "2027-06-30");
	assert_string_equal(c.extended_support_end, "2029-06-30");
	assert_null(c.eol_notice_sent_at);
	assert_int_equal(c.product_id, pid);
	cycle_clear(&c);
	tu_expect_chain_ok(s);
}

static void
test_eol_notice_and_due(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct cycle in = { 0 }, c = { 0 };
	struct rowlist l;
	long long audits, pid, past = 0, soon = 0, edge = 0, late = 0, none = 0;

	/* Now is the fixture's TU_NOW: 2026-03-01T12:00:00Z. */
	pid = make_product(s, "acme");
	in.product_id = pid;
	in.cycle = S("1.0");
	in.eol = S("2025-06-30");        /* already past, never announced */
	assert_int_equal(cycle_create(s, &in, &past, &err), ST_OK);
	in.cycle = S("2.0");
	in.eol = S("2027-02-28");
	assert_int_equal(cycle_create(s, &in, &soon, &err), ST_OK);
	in.cycle = S("3.0");
	in.eol = S("2027-03-01");        /* exactly twelve months away */
	assert_int_equal(cycle_create(s, &in, &edge, &err), ST_OK);
	in.cycle = S("4.0");
	in.eol = S("2027-03-02");
	assert_int_equal(cycle_create(s, &in, &late, &err), ST_OK);
	in.cycle = S("5.0");
	in.eol = NULL;
	assert_int_equal(cycle_create(s, &in, &none, &err), ST_OK);

	assert_int_equal(cycle_list_eol_due(s, 12, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	assert_int_equal(((struct cycle *)rowlist_at(&l, 0))->id, past);
	assert_int_equal(((struct cycle *)rowlist_at(&l, 1))->id, soon);
	assert_int_equal(((struct cycle *)rowlist_at(&l, 2))->id, edge);
	rowlist_free(&l, (row_clear_fn)cycle_clear);
	assert_int_equal(cycle_list_eol_due(s, -1, &l, &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)cycle_clear);
	assert_int_equal(cycle_list_eol_due(s, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)cycle_clear);

	/* The storage query, with both bounds. */
	assert_int_equal(q_cycle_list_eol_between(s->db, "2026-03-01",
	    "2027-03-02", &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	assert_int_equal(((struct cycle *)rowlist_at(&l, 0))->id, soon);
	assert_int_equal(((struct cycle *)rowlist_at(&l, 2))->id, late);
	rowlist_free(&l, (row_clear_fn)cycle_clear);

	/* Refusals: future, unreadable, no EOL date, unknown cycle. */
	audits = tu_audit_count(s);
	assert_int_equal(cycle_mark_eol_notice_sent(s, soon,
	    "2026-03-01T12:00:01Z", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "future"));
	assert_int_equal(cycle_mark_eol_notice_sent(s, soon, "yesterday", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "when: yesterday"));
	assert_int_equal(cycle_mark_eol_notice_sent(s, none, NULL, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "no EOL date"));
	assert_int_equal(cycle_mark_eol_notice_sent(s, 999, NULL, &err),
	    ST_NOTFOUND);
	assert_int_equal(tu_audit_count(s), audits);

	assert_int_equal(cycle_mark_eol_notice_sent(s, soon,
	    "2026-02-27T10:00:00+01:00", &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	tu_expect_audit_has(s, s->actor, "cycle.eol_notice", "cycle:2",
	    "\"sent_at\":\"2026-02-27T09:00:00Z\"");
	assert_int_equal(cycle_get(s, soon, &c, &err), ST_OK);
	assert_string_equal(c.eol_notice_sent_at, "2026-02-27T09:00:00Z");
	cycle_clear(&c);
	assert_int_equal(cycle_mark_eol_notice_sent(s, soon, NULL, &err),
	    ST_EXISTS);
	assert_non_null(strstr(err.msg, "already recorded"));
	assert_int_equal(tu_audit_count(s), audits + 1);

	/* An announced cycle leaves the warning. */
	assert_int_equal(cycle_list_eol_due(s, 12, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(((struct cycle *)rowlist_at(&l, 1))->id, edge);
	rowlist_free(&l, (row_clear_fn)cycle_clear);
	tu_expect_chain_ok(s);
}

static void
test_eol_due_clamps_month_end(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct cycle in = { 0 };
	struct rowlist l;
	long long pid, id = 0;

	clock_set_fixed(at("2026-08-31T08:00:00Z"));
	pid = make_product(s, "acme");
	in.product_id = pid;
	in.cycle = S("1.0");
	in.eol = S("2026-10-01");
	assert_int_equal(cycle_create(s, &in, &id, &err), ST_OK);
	/* 31 August plus one month is 30 September: not yet due. */
	assert_int_equal(cycle_list_eol_due(s, 1, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)cycle_clear);
	assert_int_equal(cycle_list_eol_due(s, 2, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)cycle_clear);
}

/* --- who may act ------------------------------------------------------- */

static void
test_roles_enforced(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s, *bob, *eve;
	struct err err = { 0 };
	struct cycle in = { 0 };
	struct product p = { 0 };
	struct rowlist l;
	long long audits, pid, cid = 0, id = 0;

	pid = make_product(s, "acme");
	in.product_id = pid;
	in.cycle = S("1.0");
	in.eol = S("2026-12-31");
	assert_int_equal(cycle_create(s, &in, &cid, &err), ST_OK);
	tu_add_user(s, "bob", "author", NULL);
	bob = tu_open_as(fx->dir, "bob");
	eve = tu_open_as(fx->dir, "eve");       /* not a herald user at all */
	audits = tu_audit_count(s);

	assert_int_equal(product_create(bob, "new", "New", NULL, NULL, &id, &err),
	    ST_DENIED);
	assert_non_null(strstr(err.msg, "admin"));
	assert_int_equal(product_set_owner(bob, "acme", "bob", &err), ST_DENIED);
	in.cycle = S("2.0");
	assert_int_equal(cycle_create(bob, &in, &id, &err), ST_DENIED);
	in.id = cid;
	in.cycle = S("1.0");
	in.eol = S("2027-12-31");
	assert_int_equal(cycle_update(bob, &in, &err), ST_DENIED);
	assert_int_equal(product_create(eve, "new", "New", NULL, NULL, &id, &err),
	    ST_DENIED);
	assert_non_null(strstr(err.msg, "eve is not a herald user"));
	assert_int_equal(cycle_mark_eol_notice_sent(eve, cid, NULL, &err),
	    ST_DENIED);
	assert_int_equal(id, 0);
	assert_int_equal(product_count(s), 1);
	assert_int_equal(cycle_count(s), 1);
	assert_int_equal(tu_audit_count(s), audits);

	/* Anyone may read. */
	assert_int_equal(product_get_by_slug(eve, "acme", &p, &err), ST_OK);
	product_clear(&p);
	assert_int_equal(cycle_list_for_product(eve, pid, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)cycle_clear);

	/* Authors record the EOL notices they send. */
	assert_int_equal(cycle_mark_eol_notice_sent(bob, cid, NULL, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	tu_expect_audit_has(bob, bob->actor, "cycle.eol_notice", "cycle:1",
	    NULL);
	session_close(&bob);
	session_close(&eve);
	tu_expect_chain_ok(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slug_check),
		cmocka_unit_test_setup_teardown(test_product_create_refuses_bad_input,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test(test_cycle_check_refuses_bad_input),
		cmocka_unit_test(test_cycle_phase_degenerate),
		cmocka_unit_test(test_cycle_phase_edges),
		cmocka_unit_test_setup_teardown(test_product_create_list_get,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_product_set_owner,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_cycle_create_and_read,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_cycle_update,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_eol_notice_and_due,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_eol_due_clamps_month_end,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_roles_enforced,
		    tu_fx_setup, tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
