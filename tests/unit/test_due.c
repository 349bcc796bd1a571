/* tests/unit/test_due.c - herald check: what falls due and what is done
 * about it, once. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"

#include "core/channel.h"
#include "core/customer.h"
#include "core/due.h"
#include "core/product.h"
#include "core/settings.h"
#include "core/workflow.h"
#include "util/xalloc.h"

#define S(x) ((char *)(x))

/* A product "ledger-sync" owned by ada (with an address), its cycle 5.4
 * ending on EOL; returns the cycle's id. */
static long long
make_cycle(struct session *s, const char *cycle, const char *eol)
{
	struct product p = { 0 };
	long long pid = 0, id = 0;

	if (product_get_by_slug(s, "ledger-sync", &p, NULL) == ST_OK)
		pid = p.id;
	else
		assert_int_equal(product_create(s, "ledger-sync", "Ledger Sync",
		    NULL, "ada", &pid, NULL), ST_OK);
	product_clear(&p);
	assert_int_equal(cycle_create(s, &(struct cycle){ .product_id = pid,
	    .cycle = S(cycle), .eol = S(eol) }, &id, NULL), ST_OK);
	return id;
}

static long long
count(struct session *s, const char *sql)
{
	return tu_sql_int(session_path(s), sql);
}

static void
run(struct session *s, bool is_dry_run, struct due_report *r)
{
	struct err err = { 0 };

	assert_int_equal(due_run(s, &(struct due_opts){ .is_dry_run =
	    is_dry_run }, r, &err), ST_OK);
}

/* --- degenerate inputs ------------------------------------------------ */

static void
test_sectxt_expires(void **state)
{
	char out[CLOCK_BUFSZ];
	struct err err = { 0 };

	(void)state;
	assert_int_equal(due_sectxt_expires("", out, &err), ST_INVALID);
	assert_string_equal(err.msg, "no Expires field (RFC 9116 needs one)");
	assert_string_equal(out, "");
	assert_int_equal(due_sectxt_expires("Contact: mailto:a@b.example\n",
	    out, &err), ST_INVALID);
	assert_int_equal(due_sectxt_expires("# x\nExpires: soon\n", out, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "line 2: Expires \"soon\" is not an RFC "
	    "3339 time");
	assert_int_equal(due_sectxt_expires("Expires:\n", out, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "line 1: Expires is not a date and time");
	/* Case, spaces, CRLF and an offset are all RFC 9116's. */
	assert_int_equal(due_sectxt_expires("Contact: x\r\nexpires:  "
	    "2026-12-31T23:00:00-02:00 \r\n", out, &err), ST_OK);
	assert_string_equal(out, "2027-01-01T01:00:00Z");
	/* Only a field at the start of a line counts. */
	assert_int_equal(due_sectxt_expires("# Expires: 2027-01-01T00:00:00Z\n",
	    out, &err), ST_INVALID);
}

static void
test_near(void **state)
{
	struct deadline d = { 0 };

	(void)state;
	assert_false(due_clock_is_near(&d, TU_NOW, 24));     /* waiting */
	snprintf(d.due_at, sizeof d.due_at, "2026-03-02T11:00:00Z");
	assert_true(due_clock_is_near(&d, TU_NOW, 24));
	assert_false(due_clock_is_near(&d, TU_NOW, 22));
	snprintf(d.due_at, sizeof d.due_at, "2026-02-01T00:00:00Z");
	assert_true(due_clock_is_near(&d, TU_NOW, 1));       /* past */
	snprintf(d.stopped_at, sizeof d.stopped_at, "2026-02-01T00:00:00Z");
	assert_false(due_clock_is_near(&d, TU_NOW, 24));     /* stopped */
	assert_string_equal(due_sectxt_state_name(DUE_SECTXT_EXPIRING),
	    "expiring");
	assert_string_equal(due_sectxt_state_name(DUE_SECTXT_MISSING),
	    "missing");
}

static void
test_nothing_due(void **state)
{
	struct tu_fx *fx = *state;
	struct due_report r;
	struct err err = { 0 };
	long long audits = tu_audit_count(fx->s);

	assert_int_equal(due_run(fx->s, &(struct due_opts){ .near_hours = -1 },
	    &r, &err), ST_INVALID);
	due_report_clear(&r);
	run(fx->s, false, &r);
	assert_int_equal(r.eol.count + r.clocks.count + r.sectxt.count +
	    r.failures.count, 0);
	assert_int_equal(r.n_overdue + r.n_errors + r.n_tickets, 0);
	assert_int_equal(r.near_hours, DUE_NEAR_HOURS_DEFAULT);
	assert_string_equal(r.actor, "user:1");
	due_report_clear(&r);
	assert_int_equal(tu_audit_count(fx->s), audits);
	/* A contact promises a security.txt: its absence is reported. */
	assert_int_equal(setting_set(fx->s, "security.contact",
	    "mailto:security@example.org", &err), ST_OK);
	run(fx->s, false, &r);
	assert_int_equal(r.sectxt.count, 1);
	assert_int_equal(((struct due_sectxt *)rowlist_at(&r.sectxt, 0))->state,
	    DUE_SECTXT_MISSING);
	assert_int_equal(r.n_overdue, 0);
	due_report_clear(&r);
}

/* --- behaviour -------------------------------------------------------- */

static void
test_eol_once(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct due_report r;
	const struct due_eol *e;
	struct err err = { 0 };
	long long cy, far, c1, c2, ch, notice;

	/* 200 days ahead, 9 days past, and one beyond the 12 months. */
	cy = make_cycle(s, "5.4", "2026-09-17");
	make_cycle(s, "5.3", "2026-02-20");
	far = make_cycle(s, "6.0", "2028-01-01");
	assert_int_equal(customer_create(s, "Northwind", NULL, NULL, 0, &c1,
	    &err), ST_OK);
	assert_int_equal(customer_create(s, "Kestrel", NULL, NULL, 0, &c2,
	    &err), ST_OK);
	assert_int_equal(deployment_add(s, c1, 1, cy, "5.4.1", NULL, &err),
	    ST_OK);
	assert_int_equal(deployment_add(s, c2, 1, cy, NULL, NULL, &err), ST_OK);
	assert_int_equal(deployment_add(s, c2, 1, far, NULL, NULL, &err), ST_OK);
	assert_int_equal(channel_create(s, "tickets", "jira", "{\"url\":"
	    "\"http://127.0.0.1:9\",\"project\":\"OPS\"}", &ch, &err), ST_OK);
	assert_int_equal(channel_create(s, "hook", "webhook", "{\"url\":"
	    "\"http://127.0.0.1:9/h\"}", NULL, &err), ST_OK);
	assert_int_equal(setting_set(s, "check.alert-channel", "hook", &err),
	    ST_OK);

	/* A dry run finds it all and writes nothing. */
	run(s, true, &r);
	assert_int_equal(r.eol.count, 2);
	e = rowlist_at(&r.eol, 0);
	assert_string_equal(e->cycle, "5.3");
	assert_true(e->is_overdue);
	assert_int_equal(e->days_left, -9);
	e = rowlist_at(&r.eol, 1);
	assert_string_equal(e->cycle, "5.4");
	assert_int_equal(e->days_left, 200);
	assert_true(e->is_started);
	assert_int_equal(e->notice_id, 0);
	assert_int_equal(e->n_customers, 2);
	assert_int_equal(e->n_tickets, 2);
	assert_int_equal(e->n_alerts, 1);
	assert_int_equal(r.n_tickets, 3);    /* 5.3: one, nobody known */
	assert_int_equal(r.n_overdue, 1);
	due_report_clear(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM communications"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM check_actions"), 0);

	run(s, false, &r);
	assert_int_equal(r.n_errors, 0);
	assert_int_equal(r.n_started, 2);
	assert_int_equal(r.n_tickets, 3);
	assert_int_equal(r.n_alerts, 2);
	e = rowlist_at(&r.eol, 1);
	assert_true(e->is_started);
	assert_true(e->notice_id > 0);
	assert_string_equal(e->notice_state, "draft");
	notice = e->notice_id;
	due_report_clear(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM communications"
	    " WHERE kind = 'eol-notice'"), 2);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox WHERE purpose ="
	    " 'ticket' AND idempotency_key = 'eol-ticket-cy1-cu2-ch1'"
	    " AND customer_id = 2 AND target = 'OPS'"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox WHERE"
	    " idempotency_key = 'eol-ticket-cy2-cu0-ch1'"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox WHERE purpose ="
	    " 'alert' AND channel_id = 2"), 2);
	assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action ="
	    " 'check.eol-notice' AND actor = 'user:1'"), 2);
	tu_expect_chain_ok(s);

	/* Again: nothing twice. */
	run(s, false, &r);
	assert_int_equal(r.n_started + r.n_tickets + r.n_alerts, 0);
	e = rowlist_at(&r.eol, 1);
	assert_false(e->is_started);
	assert_int_equal(e->notice_id, notice);
	assert_string_equal(e->started_at, "2026-03-01T12:00:00Z");
	assert_string_equal(e->alerted_at, "2026-03-01T12:00:00Z");
	due_report_clear(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox"), 5);

	/* A customer who starts running it later gets a ticket of their own;
	 * nothing else is done again. */
	assert_int_equal(customer_create(s, "Globex", NULL, NULL, 0, &c1,
	    &err), ST_OK);
	assert_int_equal(deployment_add(s, c1, 1, cy, NULL, NULL, &err), ST_OK);
	run(s, false, &r);
	assert_int_equal(r.n_tickets, 1);
	assert_int_equal(r.n_started + r.n_alerts, 0);
	due_report_clear(&r);
	tu_expect_chain_ok(s);
}

static void
test_eol_refused(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s, *cron;
	struct due_report r;
	const struct due_eol *e;
	struct err err = { 0 };

	make_cycle(s, "5.4", "2026-09-17");
	assert_int_equal(channel_create(s, "tickets", "servicenow", "{\"url\":"
	    "\"http://127.0.0.1:9\"}", NULL, &err), ST_OK);
	assert_int_equal(setting_set(s, "check.alert-channel", "nowhere", &err),
	    ST_OK);
	/* A login herald does not know cannot start a draft: the whole round
	 * rolls back and says why. */
	cron = tu_open_as(fx->dir, "cron");
	run(cron, false, &r);
	assert_string_equal(r.actor, "system");
	assert_int_equal(r.n_errors, 1);
	assert_int_equal(r.first_error, ST_DENIED);
	e = rowlist_at(&r.eol, 0);
	assert_int_equal(e->error, ST_DENIED);
	assert_non_null(strstr(e->error_msg, "cron is not a herald user"));
	assert_int_equal(e->n_tickets + r.n_tickets, 0);
	due_report_clear(&r);
	session_close(&cron);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM communications"), 0);

	/* An alert channel that does not exist is an error too. */
	run(s, false, &r);
	assert_int_equal(r.n_errors, 1);
	e = rowlist_at(&r.eol, 0);
	assert_string_equal(e->error_msg, "check.alert-channel: there is no "
	    "channel nowhere (herald channel list)");
	due_report_clear(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM communications"), 0);
	/* Unset, the round goes ahead without an alert, and says so. */
	assert_int_equal(setting_set(s, "check.alert-channel", NULL, &err),
	    ST_OK);
	run(s, false, &r);
	assert_int_equal(r.n_errors, 0);
	e = rowlist_at(&r.eol, 0);
	assert_non_null(strstr(e->note, "no alert channel"));
	assert_int_equal(r.n_tickets, 1);
	due_report_clear(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox WHERE"
	    " idempotency_key = 'eol-ticket-cy1-cu0-ch1' AND target ="
	    " 'incident'"), 1);
}

static void
test_eol_by_hand(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct due_report r;
	const struct due_eol *e;
	struct err err = { 0 };
	long long id = 0;
	size_t n = 0;

	make_cycle(s, "5.4", "2026-09-17");
	assert_int_equal(channel_create(s, "tickets", "jira", "{\"url\":"
	    "\"http://127.0.0.1:9\",\"project\":\"OPS\"}", NULL, &err), ST_OK);
	/* A notice someone started stands: none is started beside it, the
	 * tickets go all the same. */
	assert_int_equal(comm_start(s, &(struct comm_start){ .playbook =
	    "eol-notice", .cycle = "ledger-sync 5.4" }, &id, 1, &n, &err),
	    ST_OK);
	run(s, false, &r);
	assert_int_equal(r.n_errors, 0);
	e = rowlist_at(&r.eol, 0);
	assert_false(e->is_started);
	assert_int_equal(e->notice_id, id);
	assert_string_equal(e->started_at, "");
	assert_int_equal(r.n_tickets, 1);
	due_report_clear(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM communications"), 1);
	/* Once the notice is recorded as sent, the cycle is no longer due. */
	assert_int_equal(cycle_mark_eol_notice_sent(s, 1, NULL, &err), ST_OK);
	run(s, false, &r);
	assert_int_equal(r.eol.count, 0);
	due_report_clear(&r);
}

static void
test_failures(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct due_report r;
	const struct due_failure *d;
	struct err err = { 0 };

	assert_int_equal(channel_create(s, "mail", "email", "{\"url\":"
	    "\"smtp://127.0.0.1:25\", \"from\": \"a@b.example\"}", NULL, &err),
	    ST_OK);
	assert_int_equal(channel_create(s, "jira", "jira", "{\"url\":"
	    "\"http://127.0.0.1:9\", \"project\": \"OPS\"}", NULL, &err),
	    ST_OK);
	tu_sql_exec(session_path(s), "INSERT INTO outbox (channel_id, target,"
	    " payload, idempotency_key, state, attempts, last_error,"
	    " created_at, purpose) VALUES"
	    " (1, 'a@b.example', '{}', 'k1', 'failed', 1, '550 no such user',"
	    "  '2026-02-01T00:00:00Z', 'publish'),"
	    " (2, 'OPS', '{}', 'k2', 'failed', 3, '401 Unauthorized',"
	    "  '2026-02-01T00:00:00Z', 'ticket'),"
	    " (1, 'c@b.example', '{}', 'k3', 'delivered', 1, NULL,"
	    "  '2026-02-01T00:00:00Z', 'publish')");
	run(s, false, &r);
	assert_int_equal(r.failures.count, 2);
	assert_int_equal(r.n_overdue, 2);
	d = rowlist_at(&r.failures, 0);
	assert_int_equal(d->f.id, 1);
	assert_string_equal(d->f.channel_name, "mail");
	assert_string_equal(d->f.last_error, "550 no such user");
	assert_int_equal(d->n_tickets, 1);
	/* No ticket about a ticket that failed. */
	d = rowlist_at(&r.failures, 1);
	assert_int_equal(d->n_tickets + d->n_ticketed, 0);
	due_report_clear(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox WHERE"
	    " idempotency_key = 'failure-ticket-o1-ch2' AND purpose = 'ticket'"),
	    1);
	run(s, false, &r);
	d = rowlist_at(&r.failures, 0);
	assert_int_equal(d->n_tickets, 0);
	assert_int_equal(d->n_ticketed, 1);
	assert_int_equal(r.n_tickets, 0);
	due_report_clear(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox"), 4);
	tu_expect_chain_ok(s);
}

static void
test_sectxt_files(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	struct due_report r;
	const struct due_sectxt *t;
	struct err err = { 0 };
	char *path = tu_path(fx->dir, "security.txt"), *site, *dir;

	assert_int_equal(setting_set(s, "check.security-txt", path, &err),
	    ST_OK);
	/* Named but not there, and no contact set: nothing to say. */
	run(s, false, &r);
	assert_int_equal(r.sectxt.count, 0);
	due_report_clear(&r);

	tu_write_file(path, "Contact: mailto:a@b.example\n"
	    "Expires: 2026-03-21T00:00:00Z\n");
	run(s, false, &r);
	t = rowlist_at(&r.sectxt, 0);
	assert_int_equal(t->state, DUE_SECTXT_EXPIRING);
	assert_int_equal(t->days_left, 19);
	assert_int_equal(r.n_overdue, 0);
	due_report_clear(&r);

	tu_write_file(path, "Expires: 2026-03-01T11:00:00Z\n");
	run(s, false, &r);
	t = rowlist_at(&r.sectxt, 0);
	assert_int_equal(t->state, DUE_SECTXT_EXPIRED);
	assert_int_equal(r.n_overdue, 1);
	due_report_clear(&r);

	/* A directory channel's copy is read as well. */
	dir = tu_path(fx->dir, "live");
	site = xasprintf("mkdir -p '%s/.well-known'", dir);
	assert_int_equal(system(site), 0);
	free(site);
	site = xasprintf("%s/.well-known/security.txt", dir);
	tu_write_file(site, "Expires: 2027-02-01T00:00:00Z\n");
	free(site);
	site = xasprintf("{\"path\":\"%s\"}", dir);
	assert_int_equal(channel_create(s, "site", "directory", site, NULL,
	    &err), ST_OK);
	free(site);
	tu_write_file(path, "Contact: mailto:a@b.example\n");
	run(s, false, &r);
	assert_int_equal(r.sectxt.count, 2);
	t = rowlist_at(&r.sectxt, 0);
	assert_int_equal(t->state, DUE_SECTXT_INVALID);
	t = rowlist_at(&r.sectxt, 1);
	assert_int_equal(t->state, DUE_SECTXT_OK);
	assert_string_equal(t->expires, "2027-02-01T00:00:00Z");
	assert_int_equal(r.n_overdue, 1);
	due_report_clear(&r);
	free(dir);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sectxt_expires),
		cmocka_unit_test(test_near),
		cmocka_unit_test_setup_teardown(test_nothing_due, tu_fx_setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_eol_once, tu_fx_setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_eol_refused, tu_fx_setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_eol_by_hand, tu_fx_setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_failures, tu_fx_setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_sectxt_files, tu_fx_setup,
		    tu_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
