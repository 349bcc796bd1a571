/* tests/unit/test_customer.c - customers, contracts and deployments. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"

#include "core/customer.h"
#include "core/product.h"
#include "core/subscriber.h"


static long long
customer_count(struct session *s)
{
	long long n = -1;

	assert_int_equal(q_customer_count(s->db, &n, NULL), ST_OK);
	return n;
}

static long long
deployment_count(struct session *s)
{
	long long n = -1;

	assert_int_equal(q_deployment_count(s->db, 0, &n, NULL), ST_OK);
	return n;
}

static long long
make_product(struct session *s, const char *slug)
{
	return tu_product_new(s, slug, "A product");
}

static long long
make_cycle(struct session *s, long long product_id, const char *name)
{
	return tu_cycle_new(s, product_id, name, "2027-01-31");
}

/* --- degenerate inputs ------------------------------------------------ */

static void
test_create_refuses_bad_input(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	char big[300];
	long long audits, id = 0;

	audits = tu_audit_count(s);
	assert_int_equal(customer_create(s, NULL, NULL, NULL, 0, &id, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "name: required");
	assert_int_equal(customer_create(s, "", NULL, NULL, 0, &id, &err),
	    ST_INVALID);
	assert_int_equal(customer_create(s, "Globex\r\nBcc: x", NULL, NULL, 0,
	    &id, &err), ST_INVALID);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(customer_create(s, big, NULL, NULL, 0, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "name: at most 200"));

	assert_int_equal(customer_create(s, "Globex", "no-at-sign", NULL, 0, &id,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "contact-email"));
	assert_int_equal(customer_create(s, "Globex", "a@b@c", NULL, 0, &id,
	    &err), ST_INVALID);
	assert_int_equal(customer_create(s, "Globex", "a b@c", NULL, 0, &id,
	    &err), ST_INVALID);
	assert_int_equal(customer_create(s, "Globex", "@c", NULL, 0, &id, &err),
	    ST_INVALID);
	assert_int_equal(customer_create(s, "Globex", "a@", NULL, 0, &id, &err),
	    ST_INVALID);
	memset(big, 'a', 250);
	strcpy(big + 250, "@b.c");          /* 254 bytes: the longest allowed */
	assert_int_equal(customer_create(s, "Globex", big, NULL, 0, &id, &err),
	    ST_OK);
	strcpy(big + 250, "@b.cc");         /* 255 bytes */
	assert_int_equal(customer_create(s, "Globex", big, NULL, 0, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "contact-email"));
	audits++;
	id = 0;

	memset(big, 'r', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(customer_create(s, "Globex", NULL, big, 0, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "contract-ref"));
	assert_int_equal(customer_create(s, "Globex", NULL, NULL, -1, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "notify-sla-hours"));
	assert_int_equal(customer_create(s, "Globex", NULL, NULL, 8761, &id, &err),
	    ST_INVALID);
	assert_int_equal(id, 0);
	assert_int_equal(customer_count(s), 1);
	assert_int_equal(tu_audit_count(s), audits);
}

static void
test_deployment_refuses_bad_input(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	char big[80];
	long long audits, cust, pid, other, cid, other_cid, id = 0;

	assert_int_equal(customer_create(s, "Globex", NULL, NULL, 0, &cust, &err),
	    ST_OK);
	pid = make_product(s, "acme");
	other = make_product(s, "other");
	cid = make_cycle(s, pid, "4.2");
	other_cid = make_cycle(s, other, "1.0");
	audits = tu_audit_count(s);

	assert_int_equal(deployment_add(s, 999, pid, cid, "4.2.1", &id, &err),
	    ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "customer"));
	assert_int_equal(deployment_add(s, cust, 999, 0, NULL, &id, &err),
	    ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "product"));
	assert_int_equal(deployment_add(s, cust, pid, 999, NULL, &id, &err),
	    ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "cycle"));
	assert_int_equal(deployment_add(s, cust, pid, other_cid, NULL, &id, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "cycle: 1.0 is not a release cycle of acme");
	assert_int_equal(deployment_add(s, cust, pid, -1, NULL, &id, &err),
	    ST_INVALID);
	memset(big, '9', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(deployment_add(s, cust, pid, cid, big, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "version"));
	assert_int_equal(id, 0);
	assert_int_equal(deployment_count(s), 0);
	assert_int_equal(tu_audit_count(s), audits);
}

/* --- behaviour --------------------------------------------------------- */

static void
test_create_get_list(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct customer c = { 0 };
	struct rowlist l;
	char subject[48];
	long long audits, globex = 0, acme = 0, initech = 0;

	audits = tu_audit_count(s);
	assert_int_equal(customer_create(s, "Globex Corporation",
	    "secops@globex.example", "MSA-2025-017", 24, &globex, &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	snprintf(subject, sizeof subject, "customer:%lld", globex);
	tu_expect_audit_has(s, s->actor, "customer.create", subject,
	    "\"notify_sla_hours\":24");
	assert_int_equal(customer_create(s, "acme ltd", "", NULL, 0, &acme, &err),
	    ST_OK);
	assert_int_equal(customer_create(s, "Initech", NULL, NULL, 0, &initech,
	    &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 3);

	assert_int_equal(customer_get(s, globex, &c, &err), ST_OK);
	assert_string_equal(c.name, "Globex Corporation");
	assert_string_equal(c.contact_email, "secops@globex.example");
	assert_string_equal(c.contract_ref, "MSA-2025-017");
	assert_int_equal(c.notify_sla_hours, 24);
	assert_string_equal(c.created_at, "2026-03-01T12:00:00Z");
	assert_null(c.erased_at);
	customer_clear(&c);
	assert_int_equal(customer_get(s, acme, &c, &err), ST_OK);
	assert_null(c.contact_email);       /* "" is no address */
	assert_string_equal(c.contract_ref, "");
	assert_int_equal(c.notify_sla_hours, 0);
	customer_clear(&c);
	assert_int_equal(customer_get(s, 999, &c, &err), ST_NOTFOUND);

	/* By name, ignoring case. */
	assert_int_equal(customer_list(s, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	assert_int_equal(((struct customer *)rowlist_at(&l, 0))->id, acme);
	assert_int_equal(((struct customer *)rowlist_at(&l, 1))->id, globex);
	assert_int_equal(((struct customer *)rowlist_at(&l, 2))->id, initech);
	rowlist_free(&l, (row_clear_fn)customer_clear);

	/* The chain never holds a customer's name or address. */
	tu_expect_audit_lacks(s, "Globex");
	tu_expect_audit_lacks(s, "globex.example");
	tu_expect_audit_lacks(s, "acme ltd");
	tu_expect_chain_ok(s);
}

static void
test_deployments_and_cycle_customers(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct rowlist l;
	struct deployment *d;
	char subject[48];
	long long audits, globex, acme, initech, pid, c42, c43, id = 0;

	assert_int_equal(customer_create(s, "Globex", NULL, NULL, 0, &globex,
	    &err), ST_OK);
	assert_int_equal(customer_create(s, "Acme", NULL, NULL, 0, &acme, &err),
	    ST_OK);
	assert_int_equal(customer_create(s, "Initech", NULL, NULL, 0, &initech,
	    &err), ST_OK);
	pid = make_product(s, "server");
	c42 = make_cycle(s, pid, "4.2");
	c43 = make_cycle(s, pid, "4.3");
	audits = tu_audit_count(s);

	assert_int_equal(deployment_add(s, globex, pid, c42, "4.2.1", &id, &err),
	    ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	snprintf(subject, sizeof subject, "deployment:%lld", id);
	tu_expect_audit_has(s, s->actor, "deployment.add", subject,
	    "\"cycle\":\"4.2\"");
	assert_int_equal(deployment_add(s, globex, pid, c42, "4.2.3", &id, &err),
	    ST_OK);
	assert_int_equal(deployment_add(s, globex, pid, c43, NULL, &id, &err),
	    ST_OK);
	assert_int_equal(deployment_add(s, acme, pid, c42, NULL, &id, &err),
	    ST_OK);
	assert_int_equal(deployment_add(s, initech, pid, c43, NULL, &id, &err),
	    ST_OK);
	assert_int_equal(deployment_add(s, initech, pid, 0, "unknown", &id, &err),
	    ST_OK);
	tu_expect_audit_has(s, s->actor, "deployment.add", "deployment:6",
	    "\"cycle\":null");
	assert_int_equal(tu_audit_count(s), audits + 6);
	assert_int_equal(deployment_count(s), 6);

	assert_int_equal(deployment_list_for_customer(s, globex, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	d = rowlist_at(&l, 0);
	assert_int_equal(d->customer_id, globex);
	assert_int_equal(d->product_id, pid);
	assert_int_equal(d->cycle_id, c42);
	assert_string_equal(d->version, "4.2.1");
	assert_string_equal(d->created_at, "2026-03-01T12:00:00Z");
	assert_string_equal(((struct deployment *)rowlist_at(&l, 2))->version, "");
	rowlist_free(&l, (row_clear_fn)deployment_clear);
	assert_int_equal(deployment_list_for_customer(s, initech, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(((struct deployment *)rowlist_at(&l, 1))->cycle_id, 0);
	rowlist_free(&l, (row_clear_fn)deployment_clear);

	/* Who runs 4.2: each customer once, by name. */
	assert_int_equal(customer_list_for_cycle(s, c42, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(((struct customer *)rowlist_at(&l, 0))->id, acme);
	assert_int_equal(((struct customer *)rowlist_at(&l, 1))->id, globex);
	rowlist_free(&l, (row_clear_fn)customer_clear);
	assert_int_equal(customer_list_for_cycle(s, c43, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(((struct customer *)rowlist_at(&l, 0))->id, globex);
	assert_int_equal(((struct customer *)rowlist_at(&l, 1))->id, initech);
	rowlist_free(&l, (row_clear_fn)customer_clear);
	assert_int_equal(customer_list_for_cycle(s, 999, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)customer_clear);

	/* An erased customer is told nothing and can get no new deployment.
	 * (No erase action yet: the test erases the row itself.) */
	tu_sql_exec(db_path(s->db), "UPDATE customers SET name = NULL,"
	    " contact_email = NULL, erased_at = '2026-03-01T12:00:00Z'"
	    " WHERE name = 'Acme'");
	assert_int_equal(customer_list_for_cycle(s, c42, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	assert_int_equal(((struct customer *)rowlist_at(&l, 0))->id, globex);
	rowlist_free(&l, (row_clear_fn)customer_clear);
	assert_int_equal(customer_list(s, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	assert_int_equal(((struct customer *)rowlist_at(&l, 2))->id, acme);
	rowlist_free(&l, (row_clear_fn)customer_clear);
	audits = tu_audit_count(s);
	assert_int_equal(deployment_add(s, acme, pid, c42, NULL, &id, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "erased"));
	assert_int_equal(tu_audit_count(s), audits);
	assert_int_equal(deployment_count(s), 6);
	tu_expect_chain_ok(s);
}

/* --- who may act ------------------------------------------------------- */

static void
test_roles_enforced(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s, *bob, *eve;
	struct err err = { 0 };
	struct rowlist l;
	struct customer c = { 0 };
	long long audits, cust, pid, cid, id = 0;

	assert_int_equal(customer_create(s, "Globex", NULL, NULL, 0, &cust, &err),
	    ST_OK);
	pid = make_product(s, "server");
	cid = make_cycle(s, pid, "4.2");
	tu_add_user(s, "bob", "author", "sro", NULL);
	bob = tu_open_as(fx->dir, "bob");
	eve = tu_open_as(fx->dir, "eve");
	audits = tu_audit_count(s);

	assert_int_equal(customer_create(bob, "Initech", NULL, NULL, 0, &id, &err),
	    ST_DENIED);
	assert_string_equal(err.msg, "bob needs the admin role for that");
	assert_int_equal(deployment_add(bob, cust, pid, cid, NULL, &id, &err),
	    ST_DENIED);
	assert_int_equal(customer_create(eve, "Initech", NULL, NULL, 0, &id, &err),
	    ST_DENIED);
	assert_non_null(strstr(err.msg, "eve is not a herald user"));
	assert_int_equal(deployment_add(eve, cust, pid, cid, NULL, &id, &err),
	    ST_DENIED);
	assert_int_equal(id, 0);
	assert_int_equal(customer_count(s), 1);
	assert_int_equal(deployment_count(s), 0);
	assert_int_equal(tu_audit_count(s), audits);

	/* Reading needs no role. */
	assert_int_equal(customer_get(eve, cust, &c, &err), ST_OK);
	assert_string_equal(c.name, "Globex");
	customer_clear(&c);
	assert_int_equal(customer_list(bob, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)customer_clear);
	session_close(&bob);
	session_close(&eve);
	tu_expect_chain_ok(s);
}

/* --- finding, contacts, deployments by name ------------------------- */

static void
test_find_and_contacts(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct customer c = { 0 };
	struct rowlist l;
	const struct customer_contact *ct;
	struct err err = { 0 };
	char subject[48];
	long long a = 0, b = 0, id = 0, audits;

	assert_int_equal(customer_create(s, "Acme, Inc.", NULL, NULL, 0, &a,
	    &err), ST_OK);
	assert_int_equal(customer_create(s, "Twin", NULL, NULL, 0, &b, &err),
	    ST_OK);
	assert_int_equal(customer_create(s, "twin", NULL, NULL, 0, NULL, &err),
	    ST_OK);
	assert_int_equal(customer_find(s, "acme, INC.", &c, &err), ST_OK);
	assert_int_equal(c.id, a);
	customer_clear(&c);
	assert_int_equal(customer_find(s, "customer:2", &c, &err), ST_OK);
	assert_int_equal(c.id, b);
	customer_clear(&c);
	assert_int_equal(customer_find(s, "Twin", &c, &err), ST_CONFLICT);
	assert_string_equal(err.msg, "2 customers are called Twin: give the id");
	assert_int_equal(customer_find(s, "Nobody", &c, &err), ST_NOTFOUND);
	assert_int_equal(customer_find(s, "", &c, &err), ST_INVALID);

	audits = tu_audit_count(s);
	assert_int_equal(customer_contact_add(s, a, "Jo Doe", "not-an-address",
	    NULL, &id, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "email: not-an-address"));
	assert_int_equal(customer_contact_add(s, a, "", "jo@acme.example", NULL,
	    &id, &err), ST_INVALID);
	assert_int_equal(customer_contact_add(s, 99, "Jo", "jo@acme.example",
	    NULL, &id, &err), ST_NOTFOUND);
	assert_int_equal(tu_audit_count(s), audits);
	assert_int_equal(customer_contact_add(s, a, "Jo Doe", "jo@acme.example",
	    "dpo", &id, &err), ST_OK);
	snprintf(subject, sizeof subject, "customer:%lld", a);
	tu_expect_audit(s, s->actor, "customer.contact.add", subject,
	    "{\"contact\":1,\"role\":\"dpo\"}");
	tu_expect_audit_lacks(s, "jo@acme.example");
	tu_expect_audit_lacks(s, "Jo Doe");
	assert_int_equal(customer_contacts(s, a, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	ct = rowlist_at(&l, 0);
	assert_string_equal(ct->name, "Jo Doe");
	assert_string_equal(ct->email, "jo@acme.example");
	assert_string_equal(ct->role, "dpo");
	rowlist_free(&l, (row_clear_fn)customer_contact_clear);
	tu_expect_chain_ok(s);
}

static void
test_deploy_named_and_remove(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct err err = { 0 };
	struct rowlist l;
	long long cu = 0, p, cy, audits;

	p = make_product(s, "widget");
	cy = make_cycle(s, p, "2.0");
	assert_int_equal(customer_create(s, "Acme", NULL, NULL, 0, &cu, &err),
	    ST_OK);
	assert_int_equal(deployment_add_named(s, cu, "nope", "2.0", NULL, NULL,
	    &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "product: no product nope");
	assert_int_equal(deployment_add_named(s, cu, "widget", "9.9", NULL, NULL,
	    &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "cycle: widget has no release cycle 9.9");
	assert_int_equal(deployment_add_named(s, cu, "widget", "2.0", "2.0.3",
	    NULL, &err), ST_OK);
	assert_int_equal(deployment_add_named(s, cu, "widget", "-", NULL, NULL,
	    &err), ST_OK);
	assert_int_equal(customer_list_for_cycle(s, cy, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)customer_clear);

	audits = tu_audit_count(s);
	assert_int_equal(deployment_remove(s, cu, "widget", "2.0", &err), ST_OK);
	assert_int_equal(tu_audit_count(s), audits + 1);
	assert_int_equal(customer_list_for_cycle(s, cy, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)customer_clear);
	assert_int_equal(deployment_remove(s, cu, "widget", "2.0", &err),
	    ST_NOTFOUND);
	assert_int_equal(deployment_remove(s, cu, "widget", NULL, &err), ST_OK);
	assert_int_equal(deployment_count(s), 0);
	assert_int_equal(tu_audit_count(s), audits + 2);
	tu_expect_chain_ok(s);
}

static void
test_imports(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct import_result res;
	struct customer c = { 0 };
	struct err err = { 0 };
	long long p, audits;
	char *path;

	p = make_product(s, "widget");
	make_cycle(s, p, "2.0");
	assert_int_equal(customer_create(s, "Existing", NULL, NULL, 0, NULL,
	    &err), ST_OK);
	audits = tu_audit_count(s);
	path = tu_file_in(fx->dir, "bad.csv", "name,email,sla_hours\n"
	    "\"Zeta, Ltd\",z@zeta.example,12\n"
	    "existing,,\n"
	    "Bad,not-an-address,\n"
	    "Slow,,9999\n"
	    "\"ZETA, LTD\",,\n");
	assert_int_equal(customer_import(s, path, &res, &err), ST_INVALID);
	assert_int_equal(res.nproblems, 4);
	assert_non_null(strstr(res.problems[0], "bad.csv:3: name: customer "
	    "existing exists already"));
	assert_non_null(strstr(res.problems[1], "bad.csv:4: contact-email: "));
	assert_non_null(strstr(res.problems[2], "bad.csv:5: sla_hours: 0 (none) "
	    "to 8760 hours (got 9999)"));
	assert_non_null(strstr(res.problems[3], "bad.csv:6: name: ZETA, LTD is "
	    "on line 2 already"));
	import_result_clear(&res);
	assert_int_equal(customer_count(s), 1);
	assert_int_equal(tu_audit_count(s), audits);
	free(path);

	path = tu_file_in(fx->dir, "good.csv", "name,email,contract,sla_hours\n"
	    "\"Zeta, Ltd\",z@zeta.example,Z-1,12\nYps,,,\n");
	assert_int_equal(customer_import(s, path, &res, &err), ST_OK);
	assert_int_equal(res.added, 2);
	import_result_clear(&res);
	assert_int_equal(customer_find(s, "zeta, ltd", &c, &err), ST_OK);
	assert_int_equal(c.notify_sla_hours, 12);
	assert_string_equal(c.contract_ref, "Z-1");
	customer_clear(&c);
	free(path);

	audits = tu_audit_count(s);
	path = tu_file_in(fx->dir, "dbad.csv", "customer,product,cycle,version\n"
	    "\"Zeta, Ltd\",widget,2.0,2.0.1\n"
	    "Yps,nope,1,\n"
	    "Nobody,widget,,\n"
	    "Yps,widget,9.9,\n"
	    "\"Zeta, Ltd\",widget,2.0,2.0.1\n");
	assert_int_equal(deployment_import(s, path, &res, &err), ST_INVALID);
	assert_int_equal(res.nproblems, 4);
	assert_non_null(strstr(res.problems[0], "dbad.csv:3: product: no "
	    "product nope"));
	assert_non_null(strstr(res.problems[1], "dbad.csv:4: customer: no "
	    "customer Nobody"));
	assert_non_null(strstr(res.problems[2], "dbad.csv:5: cycle: widget has "
	    "no release cycle 9.9"));
	assert_non_null(strstr(res.problems[3], "dbad.csv:6: the same "
	    "deployment as on line 2"));
	import_result_clear(&res);
	assert_int_equal(deployment_count(s), 0);
	assert_int_equal(tu_audit_count(s), audits);
	free(path);

	path = tu_file_in(fx->dir, "dgood.csv", "customer,product,cycle\n"
	    "\"Zeta, Ltd\",widget,2.0\n3,widget,\n");
	assert_int_equal(deployment_import(s, path, &res, &err), ST_OK);
	assert_int_equal(res.added, 2);
	import_result_clear(&res);
	assert_int_equal(deployment_count(s), 2);
	assert_int_equal(tu_audit_count(s), audits + 2);
	tu_expect_chain_ok(s);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_refuses_bad_input,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_deployment_refuses_bad_input,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_create_get_list,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_deployments_and_cycle_customers,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_roles_enforced,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_find_and_contacts,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_deploy_named_and_remove,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_imports,
		    tu_fx_setup, tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
