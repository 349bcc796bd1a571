/* tests/unit/test_subscriber.c - lists, tokens, consent and erasure. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"

#include "core/channel.h"
#include "core/customer.h"
#include "core/outbox.h"
#include "core/settings.h"
#include "core/subscriber.h"

/* The usual fixture, with the products the lists below name. */
static int
fx_setup(void **state)
{
	struct tu_fx *fx;

	tu_fx_setup(state);
	fx = *state;
	tu_sql_exec(session_path(fx->s), "INSERT INTO products (slug, name,"
	    " created_at, updated_at) VALUES"
	    " ('acme', 'Acme', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
	    " ('other', 'Other', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
	return 0;
}

static long long
subscriber_count(struct session *s, const char *list)
{
	long long n = -1;

	assert_int_equal(q_subscriber_count(s->db, list, &n, NULL), ST_OK);
	return n;
}

static long long
add(struct session *s, const char *address, const char *list)
{
	const char *lists[] = { list, NULL };
	struct err err = { 0 };
	long long id = 0;

	assert_int_equal(subscriber_add(s, address, lists, &id, &err), ST_OK);
	assert_true(id > 0);
	return id;
}

/* The token of subscriber ID into TOKEN (SUBSCRIBER_TOKEN_HEX + 1 bytes). */
static void
token_of(struct session *s, long long id, char *token)
{
	struct subscriber sub = { 0 };

	assert_int_equal(subscriber_get(s, id, &sub, NULL), ST_OK);
	assert_non_null(sub.token);
	strcpy(token, sub.token);
	subscriber_clear(&sub);
}

/* --- degenerate inputs ------------------------------------------------ */

static void
test_check_address(void **state)
{
	struct err err = { 0 };
	char big[300];

	(void)state;
	assert_int_equal(subscriber_check_address(NULL, NULL, &err), ST_INVALID);
	assert_string_equal(err.msg, "address: an e-mail address is required");
	assert_int_equal(subscriber_check_address("to", "", &err), ST_INVALID);
	assert_string_equal(err.msg, "to: an e-mail address is required");
	assert_int_equal(subscriber_check_address(NULL, "nobody", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "exactly one @"));
	assert_int_equal(subscriber_check_address(NULL, "a@b@c", &err),
	    ST_INVALID);
	assert_int_equal(subscriber_check_address(NULL, "a b@c", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "no spaces"));
	assert_int_equal(subscriber_check_address(NULL, "a@c\n", &err),
	    ST_INVALID);
	assert_int_equal(subscriber_check_address(NULL, "a\t@c", &err),
	    ST_INVALID);
	assert_int_equal(subscriber_check_address(NULL, "@c", &err), ST_INVALID);
	assert_int_equal(subscriber_check_address(NULL, "a@", &err), ST_INVALID);
	memset(big, 'a', 250);
	strcpy(big + 250, "@b.cc");                 /* 255 bytes */
	assert_int_equal(subscriber_check_address(NULL, big, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "at most 254"));
	strcpy(big + 250, "@b.c");                  /* 254 bytes */
	assert_int_equal(subscriber_check_address(NULL, big, &err), ST_OK);
	assert_int_equal(subscriber_check_address(NULL, "a@b", &err), ST_OK);
	assert_int_equal(subscriber_check_address(NULL, "jörg+sec@bücher.example",
	    &err), ST_OK);
}

static void
test_check_list(void **state)
{
	const char *const *k = subscriber_list_kinds();
	struct err err = { 0 };

	(void)state;
	assert_string_equal(k[0], "advisories");
	assert_string_equal(k[1], "breach");
	assert_string_equal(k[2], "lifecycle");
	assert_string_equal(k[3], "drill");
	assert_null(k[4]);
	assert_int_equal(subscriber_check_list(NULL, &err), ST_INVALID);
	assert_int_equal(subscriber_check_list("", &err), ST_INVALID);
	assert_int_equal(subscriber_check_list("advisories", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "KIND:PRODUCT"));
	assert_int_equal(subscriber_check_list("news:*", &err), ST_INVALID);
	assert_string_equal(err.msg, "list news:*: the kind must be one of "
	    "advisories, breach, lifecycle, drill");
	assert_int_equal(subscriber_check_list(":*", &err), ST_INVALID);
	assert_int_equal(subscriber_check_list("advisoriesx:*", &err), ST_INVALID);
	assert_int_equal(subscriber_check_list("advisories-and-much-more:*",
	    &err), ST_INVALID);
	assert_int_equal(subscriber_check_list("advisories:", &err), ST_INVALID);
	assert_int_equal(subscriber_check_list("advisories:Acme", &err),
	    ST_INVALID);
	assert_int_equal(subscriber_check_list("lifecycle:acme server", &err),
	    ST_INVALID);
	assert_int_equal(subscriber_check_list("lifecycle:**", &err), ST_INVALID);
	assert_int_equal(subscriber_check_list("breach:*:x", &err), ST_INVALID);
	assert_int_equal(subscriber_check_list("advisories:*", &err), ST_OK);
	assert_int_equal(subscriber_check_list("breach:*", &err), ST_OK);
	assert_int_equal(subscriber_check_list("lifecycle:acme-server", &err),
	    ST_OK);
}

static void
test_add_refuses_bad_input(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	const char *good[] = { "advisories:*", NULL };
	const char *none[] = { NULL };
	const char *mixed[] = { "advisories:*", "news:*", NULL };
	long long audits, id = 0;

	audits = tu_audit_count(s);
	assert_int_equal(subscriber_add(s, NULL, good, &id, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "address"));
	assert_int_equal(subscriber_add(s, "nobody", good, &id, &err), ST_INVALID);
	assert_int_equal(subscriber_add(s, "a@b.example", NULL, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "lists"));
	assert_int_equal(subscriber_add(s, "a@b.example", none, &id, &err),
	    ST_INVALID);
	assert_int_equal(subscriber_add(s, "a@b.example", mixed, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "news:*"));
	assert_int_equal(id, 0);
	assert_int_equal(subscriber_count(s, NULL), 0);
	assert_int_equal(tu_audit_count(s), audits);
}

static void
test_token_refused(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	long long audits;

	add(s, "a@b.example", "advisories:*");
	audits = tu_audit_count(s);
	assert_int_equal(subscriber_confirm(s, NULL, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "token"));
	assert_int_equal(subscriber_confirm(s, "", &err), ST_INVALID);
	assert_int_equal(subscriber_confirm(s, "abc", &err), ST_INVALID);
	assert_int_equal(subscriber_confirm(s,
	    "0123456789ABCDEF0123456789ABCDEF", &err), ST_INVALID);
	assert_int_equal(subscriber_confirm(s,
	    "0123456789abcdef0123456789abcdeg", &err), ST_INVALID);
	assert_int_equal(subscriber_unsubscribe(s,
	    "0123456789abcdef0123456789abcdef0", &err), ST_INVALID);
	/* Well formed, but nobody's. */
	assert_int_equal(subscriber_confirm(s,
	    "0123456789abcdef0123456789abcdef", &err), ST_NOTFOUND);
	assert_int_equal(subscriber_unsubscribe(s,
	    "0123456789abcdef0123456789abcdef", &err), ST_NOTFOUND);
	assert_int_equal(tu_audit_count(s), audits);
}

/* --- behaviour --------------------------------------------------------- */

static void
test_add_and_read(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct subscriber sub = { 0 }, other = { 0 };
	const char *lists[] = { "lifecycle:acme", "advisories:*", "lifecycle:acme",
	    NULL };
	char subject[48];
	long long audits, id = 0, id2 = 0;
	size_t i;

	audits = tu_audit_count(s);
	assert_int_equal(subscriber_add(s, "Ada.Lovelace@Example.COM", lists, &id,
	    &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	snprintf(subject, sizeof subject, "subscriber:%lld", id);
	tu_expect_audit(s, s->actor, "subscriber.add", subject,
	    "{\"lists\":[\"lifecycle:acme\",\"advisories:*\"]}");

	assert_int_equal(subscriber_get(s, id, &sub, &err), ST_OK);
	assert_string_equal(sub.address, "Ada.Lovelace@example.com");
	assert_string_equal(sub.created_at, "2026-03-01T12:00:00Z");
	assert_null(sub.confirmed_at);
	assert_null(sub.unsubscribed_at);
	assert_null(sub.erased_at);
	assert_int_equal(sub.nlists, 2);              /* repeats collapse */
	assert_string_equal(sub.lists[0], "advisories:*");
	assert_string_equal(sub.lists[1], "lifecycle:acme");
	assert_null(sub.lists[2]);
	assert_int_equal(strlen(sub.token), SUBSCRIBER_TOKEN_HEX);
	for (i = 0; i < SUBSCRIBER_TOKEN_HEX; i++)
		assert_true(isxdigit((unsigned char)sub.token[i]) &&
		    !isupper((unsigned char)sub.token[i]));
	/* The chain holds neither the address nor the token. */
	tu_expect_audit_lacks(s, "Lovelace");
	tu_expect_audit_lacks(s, "example.com");
	tu_expect_audit_lacks(s, sub.token);

	/* Found by address whatever the domain's case; tokens differ. */
	assert_int_equal(subscriber_get_by_address(s, "Ada.Lovelace@EXAMPLE.com",
	    &other, &err), ST_OK);
	assert_int_equal(other.id, id);
	subscriber_clear(&other);
	assert_int_equal(subscriber_get_by_address(s, "ada.lovelace@example.com",
	    &other, &err), ST_NOTFOUND);
	assert_int_equal(subscriber_get_by_address(s, NULL, &other, &err),
	    ST_INVALID);
	id2 = add(s, "grace@example.org", "breach:*");
	assert_int_equal(subscriber_get(s, id2, &other, &err), ST_OK);
	assert_string_not_equal(other.token, sub.token);
	subscriber_clear(&other);
	assert_int_equal(subscriber_get(s, 999, &other, &err), ST_NOTFOUND);

	/* The same address again: refused, nothing written. */
	audits = tu_audit_count(s);
	assert_int_equal(subscriber_add(s, "Ada.Lovelace@example.com", lists, &id2,
	    &err), ST_EXISTS);
	assert_non_null(strstr(err.msg, "already a subscriber"));
	assert_int_equal(subscriber_count(s, NULL), 2);
	assert_int_equal(tu_audit_count(s), audits);
	subscriber_clear(&sub);
	tu_expect_chain_ok(s);
}

static void
test_confirm_and_unsubscribe(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s, *eve;
	struct err err = { 0 };
	struct subscriber sub = { 0 };
	char token[SUBSCRIBER_TOKEN_HEX + 1], token2[SUBSCRIBER_TOKEN_HEX + 1];
	long long audits, id, id2;

	id = add(s, "a@b.example", "advisories:*");
	id2 = add(s, "c@d.example", "advisories:*");
	token_of(s, id, token);
	token_of(s, id2, token2);
	/* The subscriber's own act: anyone holding the token, as "system". */
	eve = tu_open_as(fx->dir, "eve");
	audits = tu_audit_count(s);

	assert_int_equal(subscriber_confirm(eve, token, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	tu_expect_audit(s, "system", "subscriber.confirm", "subscriber:1",
	    "{}");
	assert_int_equal(subscriber_get(s, id, &sub, &err), ST_OK);
	assert_string_equal(sub.confirmed_at, "2026-03-01T12:00:00Z");
	assert_null(sub.unsubscribed_at);
	subscriber_clear(&sub);
	/* Twice changes nothing. */
	assert_int_equal(subscriber_confirm(eve, token, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);

	assert_int_equal(subscriber_unsubscribe(eve, token, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 2);
	tu_expect_audit(s, "system", "subscriber.unsubscribe", "subscriber:1",
	    "{}");
	assert_int_equal(subscriber_get(s, id, &sub, &err), ST_OK);
	assert_string_equal(sub.unsubscribed_at, "2026-03-01T12:00:00Z");
	assert_int_equal(sub.nlists, 1);
	subscriber_clear(&sub);
	assert_int_equal(subscriber_unsubscribe(eve, token, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 2);
	/* A cancelled subscription is not revived by an old link. */
	assert_int_equal(subscriber_confirm(eve, token, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "cancelled"));
	assert_int_equal(tu_audit_count(s), audits + 2);

	/* Unsubscribing before confirming works too. */
	assert_int_equal(subscriber_unsubscribe(s, token2, &err), ST_OK);
	assert_int_equal(subscriber_get(s, id2, &sub, &err), ST_OK);
	assert_null(sub.confirmed_at);
	assert_non_null(sub.unsubscribed_at);
	subscriber_clear(&sub);
	session_close(&eve);
	tu_expect_chain_ok(s);
}

static void
test_list_filter_and_paging(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct rowlist l;
	long long ids[5];

	ids[0] = add(s, "s0@x.example", "advisories:*");
	ids[1] = add(s, "s1@x.example", "lifecycle:acme");
	ids[2] = add(s, "s2@x.example", "advisories:*");
	ids[3] = add(s, "s3@x.example", "breach:*");
	ids[4] = add(s, "s4@x.example", "advisories:*");
	assert_int_equal(subscriber_count(s, NULL), 5);
	assert_int_equal(subscriber_count(s, "advisories:*"), 3);

	assert_int_equal(subscriber_list(s, NULL, 0, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 5);
	assert_int_equal(((struct subscriber *)rowlist_at(&l, 0))->id, ids[0]);
	assert_int_equal(((struct subscriber *)rowlist_at(&l, 4))->id, ids[4]);
	assert_string_equal(((struct subscriber *)rowlist_at(&l, 1))->lists[0],
	    "lifecycle:acme");
	rowlist_free(&l, (row_clear_fn)subscriber_clear);

	assert_int_equal(subscriber_list(s, "advisories:*", 0, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	assert_int_equal(((struct subscriber *)rowlist_at(&l, 1))->id, ids[2]);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_list(s, "advisories:*", 2, 1, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(((struct subscriber *)rowlist_at(&l, 0))->id, ids[2]);
	assert_int_equal(((struct subscriber *)rowlist_at(&l, 1))->id, ids[4]);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_list(s, NULL, 10, 5, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_list(s, "lifecycle:other", 0, 0, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);

	assert_int_equal(subscriber_list(s, "news", 0, 0, &l, &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_list(s, NULL, -1, 0, &l, &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_list(s, NULL, 0, -1, &l, &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
}

static void
test_recipients(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct rowlist l;
	const char *both[] = { "advisories:acme", "lifecycle:acme", NULL };
	char token[SUBSCRIBER_TOKEN_HEX + 1];
	long long all, acme, other, lifecycle, pending, gone, id = 0;

	all = add(s, "all@x.example", "advisories:*");
	assert_int_equal(subscriber_add(s, "acme@x.example", both, &acme, &err),
	    ST_OK);
	other = add(s, "other@x.example", "advisories:other");
	lifecycle = add(s, "life@x.example", "lifecycle:*");
	pending = add(s, "pending@x.example", "advisories:*");
	gone = add(s, "gone@x.example", "advisories:*");
	for (id = all; id <= gone; id++) {
		if (id == pending)
			continue;
		token_of(s, id, token);
		assert_int_equal(subscriber_confirm(s, token, &err), ST_OK);
	}
	token_of(s, gone, token);
	assert_int_equal(subscriber_unsubscribe(s, token, &err), ST_OK);

	assert_int_equal(subscriber_recipients(s, "advisories", "acme", &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(((struct subscriber *)rowlist_at(&l, 0))->id, all);
	assert_int_equal(((struct subscriber *)rowlist_at(&l, 1))->id, acme);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_recipients(s, "advisories", NULL, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 1);
	assert_int_equal(((struct subscriber *)rowlist_at(&l, 0))->id, all);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_recipients(s, "lifecycle", "acme", &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(((struct subscriber *)rowlist_at(&l, 0))->id, acme);
	assert_int_equal(((struct subscriber *)rowlist_at(&l, 1))->id, lifecycle);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_recipients(s, "breach", "acme", &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_recipients(s, "advisories", "other", &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(((struct subscriber *)rowlist_at(&l, 1))->id, other);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);

	assert_int_equal(subscriber_recipients(s, "news", "acme", &l, &err),
	    ST_INVALID);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_recipients(s, NULL, NULL, &l, &err),
	    ST_INVALID);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_recipients(s, "advisories", "Acme", &l, &err),
	    ST_INVALID);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
}

static void
test_erase(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct subscriber sub = { 0 };
	struct rowlist l;
	const char *lists[] = { "advisories:*", "breach:*", NULL };
	char token[SUBSCRIBER_TOKEN_HEX + 1];
	long long audits, id = 0, again = 0;

	assert_int_equal(subscriber_add(s, "erase.me@x.example", lists, &id, &err),
	    ST_OK);
	token_of(s, id, token);
	assert_int_equal(subscriber_confirm(s, token, &err), ST_OK);
	audits = tu_audit_count(s);

	assert_int_equal(subscriber_erase(s, id, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	tu_expect_audit(s, s->actor, "subscriber.erase", "subscriber:1",
	    "{\"lists_dropped\":2}");
	assert_int_equal(subscriber_get(s, id, &sub, &err), ST_OK);
	assert_null(sub.address);
	assert_string_equal(sub.erased_at, "2026-03-01T12:00:00Z");
	assert_int_equal(sub.nlists, 0);
	assert_null(sub.lists[0]);
	subscriber_clear(&sub);
	assert_int_equal(subscriber_get_by_address(s, "erase.me@x.example", &sub,
	    &err), ST_NOTFOUND);
	assert_int_equal(subscriber_count(s, "advisories:*"), 0);
	assert_int_equal(subscriber_recipients(s, "advisories", NULL, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	/* The old link finds nothing; erasing twice changes nothing. */
	assert_int_equal(subscriber_confirm(s, token, &err), ST_NOTFOUND);
	assert_int_equal(subscriber_unsubscribe(s, token, &err), ST_NOTFOUND);
	assert_int_equal(subscriber_erase(s, id, &err), ST_OK);
	assert_int_equal(subscriber_erase(s, 999, &err), ST_NOTFOUND);
	assert_int_equal(tu_audit_count(s), audits + 1);

	/* The chain still verifies and never held the address. */
	tu_expect_chain_ok(s);
	tu_expect_audit_lacks(s, "erase.me");
	/* The address is free to subscribe again, as a new subscriber. */
	assert_int_equal(subscriber_add(s, "erase.me@x.example", lists, &again,
	    &err), ST_OK);
	assert_true(again != id);
	tu_expect_chain_ok(s);
}

/* --- who may act ------------------------------------------------------- */

static void
test_roles_enforced(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s, *bob, *eve;
	struct err err = { 0 };
	struct subscriber sub = { 0 };
	const char *lists[] = { "advisories:*", NULL };
	long long audits, id, nid = 0;

	id = add(s, "a@b.example", "advisories:*");
	tu_add_user(s, "bob", "author", "approver:legal", NULL);
	bob = tu_open_as(fx->dir, "bob");
	eve = tu_open_as(fx->dir, "eve");
	audits = tu_audit_count(s);

	assert_int_equal(subscriber_add(bob, "c@d.example", lists, &nid, &err),
	    ST_DENIED);
	assert_string_equal(err.msg, "bob needs the admin role for that");
	assert_int_equal(subscriber_erase(bob, id, &err), ST_DENIED);
	assert_int_equal(subscriber_add(eve, "c@d.example", lists, &nid, &err),
	    ST_DENIED);
	assert_non_null(strstr(err.msg, "eve is not a herald user"));
	assert_int_equal(subscriber_erase(eve, id, &err), ST_DENIED);
	assert_int_equal(nid, 0);
	assert_int_equal(subscriber_count(s, NULL), 1);
	assert_int_equal(tu_audit_count(s), audits);
	assert_int_equal(subscriber_get(s, id, &sub, &err), ST_OK);
	assert_string_equal(sub.address, "a@b.example");
	subscriber_clear(&sub);

	/* Reading needs no role. */
	assert_int_equal(subscriber_get_by_address(eve, "a@b.example", &sub, &err),
	    ST_OK);
	assert_int_equal(sub.id, id);
	subscriber_clear(&sub);
	session_close(&bob);
	session_close(&eve);
	tu_expect_chain_ok(s);
}

/* --- lists of known products, confirmation by an admin, by mail -------- */

static void
test_unknown_list(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	const char *lists[] = { "advisories:*", "lifecycle:nosuch", NULL };
	long long audits = tu_audit_count(s), id = 0;

	assert_int_equal(subscriber_add(s, "a@example.com", lists, &id, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "list lifecycle:nosuch: no product nosuch "
	    "(see herald product list)");
	assert_int_equal(tu_audit_count(s), audits);
	assert_int_equal(subscriber_count(s, NULL), 0);
}

static void
test_confirmed_by_admin(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct subscriber_new in = { 0 };
	struct subscriber sub = { 0 };
	struct err err = { 0 };
	struct rowlist l;
	const char *lists[] = { "advisories:acme", NULL };
	char subject[48];
	long long id = 0, cu = 0;

	assert_int_equal(customer_create(s, "Acme Corp", NULL, NULL, 0, &cu,
	    &err), ST_OK);
	in.address = "Ops@Acme.Example";
	in.lists = lists;
	in.is_confirmed = true;
	in.customer_id = cu;
	assert_int_equal(subscriber_add_new(s, &in, &id, &err), ST_OK);
	snprintf(subject, sizeof subject, "subscriber:%lld", id);
	tu_expect_audit(s, s->actor, "subscriber.add", subject,
	    "{\"confirmed_by\":\"admin\",\"customer\":1,"
	    "\"lists\":[\"advisories:acme\"]}");
	assert_int_equal(subscriber_get(s, id, &sub, &err), ST_OK);
	assert_string_equal(subscriber_state(&sub), "confirmed");
	assert_string_equal(sub.confirmed_at, "2026-03-01T12:00:00Z");
	assert_int_equal(sub.customer_id, cu);
	subscriber_clear(&sub);
	assert_int_equal(subscriber_recipients(s, "advisories", "acme", &l,
	    &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);

	/* An unknown or erased customer is refused. */
	in.address = "x@acme.example";
	in.customer_id = 99;
	assert_int_equal(subscriber_add_new(s, &in, &id, &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "customer: no customer with id 99");
	tu_expect_chain_ok(s);
}

static void
test_confirmation_queued(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct subscriber_new in = { 0 };
	struct subscriber sub = { 0 };
	struct err err = { 0 };
	const char *lists[] = { "advisories:*", NULL };
	const char *path = session_path(s);
	char sql[256], want[128];
	long long ch = 0, id = 0, id2 = 0;

	/* Without an e-mail channel, nothing is queued. */
	in.address = "first@example.com";
	in.lists = lists;
	assert_int_equal(subscriber_add_new(s, &in, &id, &err), ST_OK);
	assert_int_equal(tu_count_rows(path, "outbox"), 0);

	assert_int_equal(channel_create(s, "mail", "email", "{\"url\":"
	    "\"smtp://127.0.0.1:9\",\"from\":\"sec@vendor.example\"}", &ch, &err),
	    ST_OK);
	assert_int_equal(setting_set(s, "site.url", "https://vendor.example/",
	    &err), ST_OK);
	in.address = "second@example.com";
	assert_int_equal(subscriber_add_new(s, &in, &id, &err), ST_OK);
	assert_int_equal(subscriber_get(s, id, &sub, &err), ST_OK);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE"
	    " purpose = 'confirmation' AND subscriber_id = %lld AND channel_id ="
	    " %lld AND target = 'second@example.com' AND state = 'pending'", id,
	    ch);
	assert_int_equal(tu_sql_int(path, sql), 1);
	snprintf(want, sizeof want, "https://vendor.example/confirm?token=%s",
	    sub.token);
	snprintf(sql, sizeof sql, "SELECT instr(payload, '%s') > 0 FROM outbox"
	    " WHERE subscriber_id = %lld", want, id);
	assert_int_equal(tu_sql_int(path, sql), 1);
	subscriber_clear(&sub);

	/* Confirmed by an admin, or through a disabled channel: no message. */
	in.address = "third@example.com";
	in.is_confirmed = true;
	assert_int_equal(subscriber_add_new(s, &in, &id2, &err), ST_OK);
	assert_int_equal(channel_set_enabled(s, "mail", false, &err), ST_OK);
	in.address = "fourth@example.com";
	in.is_confirmed = false;
	assert_int_equal(subscriber_add_new(s, &in, &id2, &err), ST_OK);
	assert_int_equal(tu_count_rows(path, "outbox"), 1);
	tu_expect_chain_ok(s);
}

static void
test_import(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct import_result res;
	struct subscriber sub = { 0 };
	struct err err = { 0 };
	struct rowlist l;
	long long audits;
	char *bad, *good;

	bad = tu_file_in(fx->dir, "bad.csv", "address,lists,confirmed\r\n"
	    "\"Smith, J <j@example.com>\",advisories:*,yes\r\n"
	    "ok@example.com,\"advisories:acme; lifecycle:other\",yes\r\n"
	    "x@example.com,advisories:nosuch,no\r\n"
	    "dup@example.com,advisories:*,perhaps\r\n"
	    "\r\n"
	    "dup@EXAMPLE.COM,advisories:*,no\r\n");
	audits = tu_audit_count(s);
	assert_int_equal(subscriber_import(s, bad, &res, &err), ST_INVALID);
	assert_int_equal(res.rows, 5);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.nproblems, 4);
	assert_non_null(strstr(res.problems[0], "bad.csv:2: address: "));
	assert_non_null(strstr(res.problems[1], "bad.csv:4: list "
	    "advisories:nosuch: no product nosuch"));
	assert_non_null(strstr(res.problems[2], "bad.csv:5: confirmed: yes or "
	    "no (got perhaps)"));
	assert_non_null(strstr(res.problems[3], "bad.csv:7: address: "
	    "dup@example.com is on line 5 already"));
	assert_non_null(strstr(err.msg, "nothing was imported"));
	import_result_clear(&res);
	assert_int_equal(subscriber_count(s, NULL), 0);
	assert_int_equal(tu_audit_count(s), audits);

	good = tu_file_in(fx->dir, "good.csv", "lists,address,confirmed\n"
	    "\"advisories:acme;lifecycle:other\",ok@example.com,yes\n"
	    "advisories:*,Later@Example.com,\n");
	assert_int_equal(subscriber_import(s, good, &res, &err), ST_OK);
	assert_int_equal(res.added, 2);
	import_result_clear(&res);
	assert_int_equal(tu_audit_count(s), audits + 2);
	assert_int_equal(subscriber_get_by_address(s, "Later@example.COM", &sub,
	    &err), ST_OK);
	assert_string_equal(subscriber_state(&sub), "unconfirmed");
	subscriber_clear(&sub);
	assert_int_equal(subscriber_recipients(s, "lifecycle", "other", &l,
	    &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_recipients(s, "advisories", "acme", &l,
	    &err), ST_OK);
	assert_int_equal(l.count, 1);           /* the unconfirmed one is not */
	rowlist_free(&l, (row_clear_fn)subscriber_clear);

	/* Importing the same file again: every row is taken now. */
	assert_int_equal(subscriber_import(s, good, &res, &err), ST_INVALID);
	assert_int_equal(res.nproblems, 2);
	assert_non_null(strstr(res.problems[0], "good.csv:2: address: "
	    "ok@example.com is already a subscriber"));
	import_result_clear(&res);

	/* The shape of the file itself. */
	free(bad);
	bad = tu_file_in(fx->dir, "hdr.csv", "address,lists,colour\n");
	assert_int_equal(subscriber_import(s, bad, &res, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "hdr.csv:1: unknown column \"colour\""));
	import_result_clear(&res);
	free(bad);
	bad = tu_file_in(fx->dir, "quote.csv", "address,lists,confirmed\n"
	    "\"open@example.com,advisories:*,yes\n");
	assert_int_equal(subscriber_import(s, bad, &res, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "quote.csv:2: a quoted field is not "
	    "closed"));
	import_result_clear(&res);
	tu_expect_chain_ok(s);
	free(bad);
	free(good);
}

static void
test_search_and_counts(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct rowlist l;
	const struct subscriber_list_count *lc;
	char token[SUBSCRIBER_TOKEN_HEX + 1];
	long long a;

	a = add(s, "alpha@example.com", "advisories:*");
	add(s, "beta@example.com", "advisories:*");
	add(s, "gamma_100%@example.org", "lifecycle:acme");
	token_of(s, a, token);
	assert_int_equal(subscriber_confirm(s, token, &err), ST_OK);
	assert_int_equal(subscriber_search(s, NULL, "EXAMPLE.COM", 0, 0, &l,
	    &err), ST_OK);
	assert_int_equal(l.count, 2);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	/* '%' and '_' are themselves, not patterns. */
	assert_int_equal(subscriber_search(s, NULL, "_100%", 0, 0, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_search(s, NULL, "a_1", 0, 0, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);
	assert_int_equal(subscriber_search(s, NULL, "x%y", 0, 0, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)subscriber_clear);

	assert_int_equal(subscriber_unsubscribe_address(s, "beta@EXAMPLE.com",
	    &err), ST_OK);
	assert_int_equal(subscriber_lists(s, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	lc = rowlist_at(&l, 0);
	assert_string_equal(lc->list, "advisories:*");
	assert_int_equal(lc->total, 2);
	assert_int_equal(lc->confirmed, 1);
	assert_int_equal(lc->unconfirmed, 0);
	assert_int_equal(lc->unsubscribed, 1);
	rowlist_free(&l, (row_clear_fn)subscriber_list_count_clear);
	tu_expect_chain_ok(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_address),
		cmocka_unit_test(test_check_list),
		cmocka_unit_test_setup_teardown(test_add_refuses_bad_input,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_token_refused,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_add_and_read,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_confirm_and_unsubscribe,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_list_filter_and_paging,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_recipients,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_erase,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_roles_enforced,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_list,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_confirmed_by_admin,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_confirmation_queued,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_import,
		    fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_search_and_counts,
		    fx_setup, tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
