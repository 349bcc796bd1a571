/* tests/unit/test_dispatch.c - what publishing writes to the outbox: in
 * the same transaction, to whom, with which keys, and the corrections
 * and withdrawals that follow. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/channel.h"
#include "core/customer.h"
#include "core/hash.h"
#include "core/incident.h"
#include "core/outbox.h"
#include "core/product.h"
#include "core/subscriber.h"
#include "core/workflow.h"
#include "util/xalloc.h"

#define MAIL "{\"url\":\"smtp://127.0.0.1:1\",\"from\":\"Sec <sec@vendor.example>\"}"

static const char flow[] =
    "playbook: test-send\n"
    "version: \"1\"\n"
    "title: Test advisory\n"
    "kind: advisory\n"
    "audience: public\n"
    "variants:\n"
    "  - id: public\n"
    "    title: Public advisory\n"
    "    kind: advisory\n"
    "    audience: public\n"
    "  - id: customers\n"
    "    title: Customer notice\n"
    "    kind: customer-notice\n"
    "    audience: customers\n"
    TU_PB_FACTS
    "      - id: summary\n"
    "        type: text\n"
    "        label: Summary\n"
    "        required: true\n"
    "      - id: products\n"
    "        type: products\n"
    "        label: Products\n"
    "      - id: recipients\n"
    "        type: email-list\n"
    "        label: Who receives it\n"
    "        internal: true\n"
    "  - id: check\n"
    "    kind: checklist\n"
    "    title: Before review\n"
    "    items: [proofread]\n"
    "  - id: approve\n"
    "    kind: gate\n"
    "    title: Approval\n"
    "    roles: [approver:legal]\n"
    "  - id: send\n"
    "    kind: publish\n"
    "    title: Publish\n"
    "    channels: [web, mail]\n"
    "outputs:\n"
    "  - id: web\n"
    "    format: markdown\n"
    "    title: Web page\n"
    "  - id: mail\n"
    "    format: email\n"
    "    title: E-mail\n";

struct fx {
	struct session *s;          /* ada: admin and author */
	struct session *lee;        /* approver:legal */
	char           *dir;
	char           *pbdir;
	char            ref[32];
	long long       cycle2, cycle3;
};

static long long
add_sub(struct session *s, const char *address, const char *list,
    bool confirm)
{
	const char *lists[] = { list, NULL };
	struct subscriber sub = { 0 };
	struct err err = { 0 };
	long long id = 0;

	if (subscriber_add(s, address, lists, &id, &err) != ST_OK)
		fail_msg("subscriber %s: %s", address, err.msg);
	if (confirm) {
		assert_int_equal(subscriber_get(s, id, &sub, &err), ST_OK);
		assert_int_equal(subscriber_confirm(s, sub.token, &err), ST_OK);
		subscriber_clear(&sub);
	}
	return id;
}

static void
add_channel(struct session *s, const char *name, const char *kind,
    const char *settings)
{
	struct err err = { 0 };

	if (channel_create(s, name, kind, settings, NULL, &err) != ST_OK)
		fail_msg("channel %s: %s", name, err.msg);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	long long product;

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	tu_add_user(f->s, "lee", "approver:legal", NULL);
	f->lee = tu_open_as(f->dir, "lee");
	f->pbdir = tu_config_dir(f->dir, "playbooks");
	tu_write_yaml(f->pbdir, "test-send", flow);
	tu_import_templates(f->s);
	product = tu_product_new(f->s, "widget", "Widget");
	f->cycle2 = tu_cycle_new(f->s, product, "2", NULL);
	f->cycle3 = tu_cycle_new(f->s, product, "3", NULL);
	tu_product_new(f->s, "other", "Other");
	tu_incident_new_ref(f->s, &(struct incident_new){
	    .title = "Widget leaks tokens", .trigger_kind = "vulnerability",
	    .severity = "high" }, f->ref, sizeof f->ref);
	*state = f;
	return 0;
}


static int
teardown(void **state)
{
	struct fx *f = *state;

	session_close(&f->lee);
	tu_session_free(&f->s, &f->dir);
	free(f->pbdir);
	free(f);
	return 0;
}

/* Start VARIANT, answer it and take it to approved; returns its id. */
static long long
approved(struct fx *f, const char *variant, const char *recipients)
{
	long long id = tu_comm_start(f->s, f->ref, "test-send", variant, 1);

	tu_comm_set(f->s, id, "summary", "Tokens leak");
	tu_comm_set(f->s, id, "products", "[{\"product\":\"widget\","
	    "\"cycle\":\"2\",\"status\":\"known_affected\"}]");
	if (recipients != NULL)
		tu_comm_set(f->s, id, "recipients", recipients);
	tu_comm_set(f->s, id, "check", "proofread");
	tu_comm_approve(f->s, f->lee, id, "facts", "check", NULL);
	return id;
}

static long long
outbox_n(struct fx *f, const char *where)
{
	char *path = tu_path(f->dir, "herald.db"), sql[512];
	long long n;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE %s",
	    where);
	n = tu_sql_int(path, sql);
	free(path);
	return n;
}

static void
list_rows(struct fx *f, long long comm, struct rowlist *l)
{
	struct err err = { 0 };

	assert_int_equal(outbox_list_for_communication(f->s, comm, 0, l, &err),
	    ST_OK);
}

/* Without channels, publishing is as it was: no rows. */
static void
test_no_channels(void **state)
{
	struct fx *f = *state;
	long long id;

	add_sub(f->s, "a@example.org", "advisories:widget", true);
	id = approved(f, "public", NULL);
	tu_comm_publish(f->s, id);
	tu_comm_expect_state(f->s, id, "published");
	assert_int_equal(outbox_n(f, "1"), 0);
}

/* Confirmed subscribers of the product's and the kind's lists only;
 * webhook and directory once each; keys stable and unique. */
static void
test_recipients(void **state)
{
	struct fx *f = *state;
	struct subscriber sub = { 0 };
	struct rowlist l;
	struct outbox_row *o;
	struct err err = { 0 };
	long long a, d, c, id;
	char key[256], hex[HASH_HEX_SIZE];
	json_t *p;
	size_t i;
	int mails = 0;

	add_channel(f->s, "mail", "email", MAIL);
	add_channel(f->s, "hook", "webhook", "{\"url\":\"http://127.0.0.1:1/\"}");
	add_channel(f->s, "hook-internal", "webhook",
	    "{\"url\":\"http://127.0.0.1:1/\",\"audiences\":[\"internal\"]}");
	add_channel(f->s, "site", "directory", "{\"path\":\"/tmp/x\"}");
	add_channel(f->s, "off", "email", MAIL);
	assert_int_equal(channel_set_enabled(f->s, "off", false, &err), ST_OK);
	a = add_sub(f->s, "A@Example.org", "advisories:widget", true);
	add_sub(f->s, "b@example.org", "advisories:widget", false);
	c = add_sub(f->s, "c@example.org", "advisories:widget", true);
	assert_int_equal(subscriber_get(f->s, c, &sub, &err), ST_OK);
	assert_int_equal(subscriber_unsubscribe(f->s, sub.token, &err), ST_OK);
	subscriber_clear(&sub);
	d = add_sub(f->s, "d@example.org", "advisories:*", true);
	add_sub(f->s, "e@example.org", "advisories:other", true);
	add_sub(f->s, "f@example.org", "breach:widget", true);
	id = approved(f, "public", NULL);
	tu_comm_publish(f->s, id);

	list_rows(f, id, &l);
	assert_int_equal(l.count, 4);       /* a, d, hook, site */
	for (i = 0; i < l.count; i++) {
		o = rowlist_at(&l, i);
		assert_string_equal(o->purpose, "publish");
		assert_int_equal(o->revision, 1);
		assert_string_equal(o->state, "pending");
		assert_null(o->not_before);
		assert_null(strchr(o->idempotency_key, ' '));
		p = tu_json_load(o->payload);
		if (strcmp(o->output, "mail") == 0) {
			mails++;
			assert_true(o->subscriber_id == a || o->subscriber_id == d);
			assert_non_null(strstr(json_string_value(json_object_get(p,
			    "subject")), f->ref));
			assert_non_null(json_object_get(p, "html"));
			assert_non_null(json_object_get(p, "unsubscribe_token"));
			assert_string_equal(json_string_value(json_object_get(p,
			    "list")), o->subscriber_id == a ? "advisories:widget" :
			    "advisories:*");
			if (o->subscriber_id == a) {
				assert_string_equal(o->target, "A@example.org");
				/* The key: stable, the address's case aside. */
				hash_sha256_hex("a@example.org", 13, hex);
				snprintf(key, sizeof key,
				    "c%lld-r1-publish-mail-ch%lld-%.16s", id,
				    o->channel_id, hex);
				assert_string_equal(o->idempotency_key, key);
			}
		} else if (strcmp(o->output, "webhook") == 0) {
			assert_non_null(json_object_get(json_object_get(
			    json_object_get(p, "body"), "herald"), "ref"));
			assert_non_null(json_object_get(json_object_get(p, "body"),
			    "text"));
		} else {
			assert_string_equal(o->output, "site");
			assert_string_equal(o->payload, "{\"action\":\"export\"}");
			assert_string_equal(o->target, "/tmp/x");
		}
		json_decref(p);
	}
	assert_int_equal(mails, 2);
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
	assert_int_equal(outbox_n(f, "1"), outbox_n(f,
	    "idempotency_key IN (SELECT DISTINCT idempotency_key FROM outbox)"));
	{
		char *path = tu_path(f->dir, "herald.db");

		assert_int_equal(tu_sql_int(path, "SELECT count(*) FROM audit"
		    " WHERE action = 'outbox.enqueue'"), 4);
		free(path);
	}
	tu_expect_audit_lacks(f->s, "example.org");
	tu_expect_chain_ok(f->s);
}

/* A customer notice: the breach lists, the customers running an
 * affected cycle, the addresses answered. */
static void
test_customers(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };
	long long x = 0, y = 0, product = 1, id;

	add_channel(f->s, "mail", "email", MAIL);
	assert_int_equal(customer_create(f->s, "Acme", "sec@acme.example", NULL,
	    0, &x, &err), ST_OK);
	assert_int_equal(deployment_add(f->s, x, product, f->cycle2, "2.1",
	    NULL, &err), ST_OK);
	assert_int_equal(customer_create(f->s, "Beta", "it@beta.example", NULL,
	    0, &y, &err), ST_OK);
	assert_int_equal(deployment_add(f->s, y, product, f->cycle3, "3.0",
	    NULL, &err), ST_OK);
	add_sub(f->s, "f@example.org", "breach:widget", true);
	add_sub(f->s, "g@example.org", "advisories:widget", true);
	id = approved(f, "customers", "dpo@regulator.example");
	tu_comm_publish(f->s, id);
	assert_int_equal(outbox_n(f, "1"), 3);
	assert_int_equal(outbox_n(f, "target = 'sec@acme.example' AND "
	    "customer_id = 1"), 1);
	assert_int_equal(outbox_n(f, "target = 'f@example.org' AND "
	    "subscriber_id IS NOT NULL"), 1);
	assert_int_equal(outbox_n(f, "target = 'dpo@regulator.example' AND "
	    "subscriber_id IS NULL AND customer_id IS NULL"), 1);
	assert_int_equal(outbox_n(f, "target LIKE '%beta%'"), 0);
}

/* A public advisory reaches its lists; through a channel set with
 * affected_customers, the customers running an affected release too. */
static void
test_advisory_to_customers(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };
	long long x = 0, y = 0, product = 1, id;

	add_channel(f->s, "mail", "email", MAIL);
	assert_int_equal(customer_create(f->s, "Acme", "sec@acme.example", NULL,
	    0, &x, &err), ST_OK);
	assert_int_equal(deployment_add(f->s, x, product, f->cycle2, "2.1",
	    NULL, &err), ST_OK);
	assert_int_equal(customer_create(f->s, "Beta", "it@beta.example", NULL,
	    0, &y, &err), ST_OK);
	assert_int_equal(deployment_add(f->s, y, product, f->cycle3, "3.0",
	    NULL, &err), ST_OK);
	add_sub(f->s, "g@example.org", "advisories:widget", true);
	id = approved(f, "public", NULL);
	tu_comm_publish(f->s, id);
	assert_int_equal(outbox_n(f, "target = 'g@example.org'"), 1);
	assert_int_equal(outbox_n(f, "customer_id IS NOT NULL"), 0);

	add_channel(f->s, "mail-customers", "email", "{\"url\":"
	    "\"smtp://127.0.0.1:1\",\"from\":\"Sec <sec@vendor.example>\","
	    "\"affected_customers\":true}");
	id = approved(f, "public", NULL);
	tu_comm_publish(f->s, id);
	assert_int_equal(outbox_n(f, "target = 'sec@acme.example' AND "
	    "customer_id = 1"), 1);
	assert_int_equal(outbox_n(f, "target LIKE '%beta%'"), 0);
}

/* A failure to write a row rolls the publication back with it. */
static void
test_rollback(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	char *path = tu_path(f->dir, "herald.db");
	long long id, audits;

	add_channel(f->s, "mail", "email", MAIL);
	add_sub(f->s, "a@example.org", "advisories:widget", true);
	id = approved(f, "public", NULL);
	tu_sql_exec(path, "CREATE TRIGGER full BEFORE INSERT ON outbox"
	    " BEGIN SELECT RAISE(ABORT, 'disk full'); END");
	audits = tu_audit_count(f->s);
	tu_comm_open(f->s, id, &d);
	assert_int_not_equal(comm_publish(f->s, &d, &err), ST_OK);
	comm_doc_clear(&d);
	tu_comm_expect_state(f->s, id, "approved");
	assert_int_equal(tu_audit_count(f->s), audits);
	assert_int_equal(tu_sql_int(path, "SELECT count(*) FROM revisions"
	    " WHERE published_at IS NOT NULL"), 0);
	tu_sql_exec(path, "DROP TRIGGER full");
	tu_comm_publish(f->s, id);
	assert_int_equal(outbox_n(f, "1"), 1);
	free(path);
}

/* A correction and a withdrawal reach exactly who the first did. */
static void
test_correction_withdrawal(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	struct rowlist l;
	struct outbox_row *o;
	json_t *p;
	long long id;
	size_t i;

	add_channel(f->s, "mail", "email", MAIL);
	add_channel(f->s, "hook", "webhook", "{\"url\":\"http://127.0.0.1:1/\"}");
	add_sub(f->s, "a@example.org", "advisories:widget", true);
	add_sub(f->s, "d@example.org", "advisories:*", true);
	id = approved(f, "public", NULL);
	tu_comm_publish(f->s, id);
	assert_int_equal(outbox_n(f, "purpose = 'publish'"), 3);
	/* Someone new: not told of a correction to what they never got. */
	add_sub(f->s, "late@example.org", "advisories:widget", true);
	tu_comm_open(f->s, id, &d);
	assert_int_equal(comm_update(f->s, &d, "correction: the range was "
	    "wrong", &err), ST_OK);
	comm_doc_clear(&d);
	tu_comm_set(f->s, id, "summary", "Tokens leak, corrected");
	tu_comm_set(f->s, id, "check", "proofread");
	tu_comm_approve(f->s, f->lee, id, "facts", "check", NULL);
	tu_comm_publish(f->s, id);
	assert_int_equal(outbox_n(f, "purpose = 'correction' AND revision = 2"),
	    3);
	assert_int_equal(outbox_n(f, "target = 'late@example.org'"), 0);
	assert_int_equal(outbox_n(f, "purpose = 'correction' AND target IN"
	    " (SELECT target FROM outbox WHERE purpose = 'publish')"), 3);
	tu_comm_open(f->s, id, &d);
	assert_int_equal(comm_withdraw(f->s, &d, "issued in error", &err),
	    ST_OK);
	comm_doc_clear(&d);
	assert_int_equal(outbox_n(f, "purpose = 'withdrawal'"), 3);
	list_rows(f, id, &l);
	for (i = 0; i < l.count; i++) {
		o = rowlist_at(&l, i);
		if (strcmp(o->output, "mail") != 0)
			continue;
		p = tu_json_load(o->payload);
		if (strcmp(o->purpose, "withdrawal") == 0) {
			assert_non_null(strstr(json_string_value(json_object_get(p,
			    "subject")), "Withdrawn"));
			assert_non_null(strstr(json_string_value(json_object_get(p,
			    "text")), "issued in error"));
		} else if (strcmp(o->purpose, "correction") == 0)
			assert_non_null(strstr(json_string_value(json_object_get(p,
			    "text")), "range was wrong"));
		json_decref(p);
	}
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
}

/* Under embargo, every row waits for its end. */
static void
test_not_before(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	char *path = tu_path(f->dir, "herald.db");
	long long id;

	add_channel(f->s, "mail", "email", MAIL);
	add_sub(f->s, "a@example.org", "advisories:widget", true);
	id = approved(f, "public", NULL);
	/* Embargoed after approval: its author may still publish it. */
	tu_sql_exec(path, "UPDATE incidents SET"
	    " embargo_until = '2099-01-01T00:00:00Z'");
	assert_int_equal(comm_load(f->s, id, &d, &err), ST_OK);
	if (comm_publish(f->s, &d, &err) != ST_OK)
		fail_msg("publish: %s", err.msg);
	comm_doc_clear(&d);
	free(path);
	assert_int_equal(outbox_n(f, "not_before = '2099-01-01T00:00:00Z'"), 1);
	assert_int_equal(outbox_n(f, "1"), 1);
}

/* A drill's publication leaves herald by no channel. */
static void
test_drill(void **state)
{
	struct fx *f = *state;
	char *path = tu_path(f->dir, "herald.db");
	long long id;

	add_channel(f->s, "mail", "email", MAIL);
	add_sub(f->s, "a@example.org", "advisories:widget", true);
	tu_sql_exec(path, "UPDATE incidents SET is_drill = 1");
	id = approved(f, "public", NULL);
	tu_comm_publish(f->s, id);
	assert_int_equal(outbox_n(f, "1"), 0);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_channels, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_recipients, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_advisory_to_customers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_customers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_correction_withdrawal,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_before,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_drill, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
