/* tests/unit/test_outbox.c - the outbox and manual deliveries: refusals
 * first, then queueing, repeats, leases, outcomes, roles and the audit. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/communication.h"
#include "core/incident.h"
#include "core/outbox.h"

#define HASH "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct fx {
	struct session *s;          /* ada: admin and author */
	struct session *a;          /* two senders, each on its own connection */
	struct session *b;
	char           *dir;
	long long       comm;
	long long       channel;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err err = { 0 };
	long long incident;

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	tu_add_user(f->s, "lee", "approver:legal", NULL);
	tu_add_user(f->s, "sam", NULL);
	f->a = tu_open_as(f->dir, "ada");
	f->b = tu_open_as(f->dir, "ada");
	incident = tu_incident_new(f->s, &(struct incident_new){
	    .title = "Credential leak", .trigger_kind = "credential-leak",
	    .severity = "medium" });
	assert_int_equal(communication_create(f->s, &(struct communication_new){
	    .incident_id = incident, .kind = "customer-notice",
	    .audience = "customers", .title = "Rotate your API keys",
	    .playbook = "breach-notification", .playbook_version = "2",
	    .playbook_hash = HASH }, &f->comm, &err), ST_OK);
	tu_sql_exec(db_path(f->s->db), "INSERT INTO channels"
	    " (name, kind, created_at) VALUES"
	    " ('mail', 'email', '2026-01-01T00:00:00Z')");
	f->channel = 1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	session_close(&f->a);
	session_close(&f->b);
	tu_session_free(&f->s, &f->dir);
	free(f);
	return 0;
}

static struct outbox_new
message(const struct fx *f, const char *key)
{
	struct outbox_new m = {
		.channel_id = f->channel, .communication_id = f->comm,
		.target = "alice@example.com", .payload = "Subject: keys\n\nRotate.",
		.idempotency_key = key,
	};

	return m;
}

static long long
enqueue(struct fx *f, const char *key, const char *not_before)
{
	struct outbox_new m = message(f, key);
	struct err err = { 0 };
	long long id = 0;

	m.not_before = not_before;
	assert_int_equal(outbox_enqueue(f->s, &m, &id, &err), ST_OK);
	assert_true(id > 0);
	return id;
}

static size_t
count_outbox(struct session *s, const char *state)
{
	struct rowlist l;
	struct err err = { 0 };
	size_t n;

	assert_int_equal(outbox_list(s, state, 0, 0, &l, &err), ST_OK);
	n = l.count;
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
	return n;
}

/* Lease as OWNER through S; return the ids leased, by id, in IDS (up to 8). */
static size_t
lease(struct session *s, const char *owner, int secs, int limit,
    long long *ids)
{
	struct rowlist l;
	struct err err = { 0 };
	size_t i, n;

	if (outbox_lease(s->db, NULL, owner, secs, limit, &l, &err) != ST_OK)
		fail_msg("lease: %s", err.msg);
	n = l.count;
	assert_true(n <= 8);
	for (i = 0; i < n; i++)
		ids[i] = ((struct outbox_row *)rowlist_at(&l, i))->id;
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
	return n;
}

static struct outbox_row
row(struct session *s, long long id)
{
	struct outbox_row o = { 0 };
	struct err err = { 0 };

	assert_int_equal(outbox_get(s, id, &o, &err), ST_OK);
	return o;
}

static void
refuse_enqueue(struct fx *f, struct session *s, const struct outbox_new *m,
    enum status st, const char *word)
{
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), id = -4;

	assert_int_equal(outbox_enqueue(s, m, &id, &err), st);
	assert_int_equal(err.code, st);
	if (word != NULL && strstr(err.msg, word) == NULL)
		fail_msg("\"%s\" does not mention %s", err.msg, word);
	assert_int_equal(id, -4);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_outbox(f->s, NULL), 0);
}

static void
test_enqueue_degenerate(void **state)
{
	struct fx *f = *state;
	struct session *sam = tu_open_as(f->dir, "sam");
	struct session *lee = tu_open_as(f->dir, "lee");
	struct outbox_new m;
	struct err err = { 0 };
	char key[OUTBOX_KEY_MAX + 2];

	refuse_enqueue(f, f->s, NULL, ST_INVALID, NULL);
	m = message(f, "k1"); m.channel_id = 0;
	refuse_enqueue(f, f->s, &m, ST_INVALID, "channel");
	m = message(f, "k1"); m.communication_id = -1;
	refuse_enqueue(f, f->s, &m, ST_INVALID, "communication");
	m = message(f, "k1"); m.target = NULL;
	refuse_enqueue(f, f->s, &m, ST_INVALID, "target");
	m.target = "";
	refuse_enqueue(f, f->s, &m, ST_INVALID, "target");
	m = message(f, "k1"); m.payload = "";
	refuse_enqueue(f, f->s, &m, ST_INVALID, "payload");
	m = message(f, NULL);
	refuse_enqueue(f, f->s, &m, ST_INVALID, "idempotency_key");
	m = message(f, "");
	refuse_enqueue(f, f->s, &m, ST_INVALID, "idempotency_key");
	m = message(f, "has space");
	refuse_enqueue(f, f->s, &m, ST_INVALID, "idempotency_key");
	m = message(f, "caf\xc3\xa9");
	refuse_enqueue(f, f->s, &m, ST_INVALID, "idempotency_key");
	memset(key, 'k', sizeof key - 1);
	key[sizeof key - 1] = '\0';
	m = message(f, key);
	refuse_enqueue(f, f->s, &m, ST_INVALID, "idempotency_key");
	m = message(f, "k1"); m.not_before = "tomorrow";
	refuse_enqueue(f, f->s, &m, ST_INVALID, "not_before");
	m = message(f, "k1"); m.channel_id = 9;
	refuse_enqueue(f, f->s, &m, ST_NOTFOUND, "channel");
	m = message(f, "k1"); m.communication_id = f->comm + 3;
	refuse_enqueue(f, f->s, &m, ST_NOTFOUND, "communication");
	m = message(f, "k1");
	refuse_enqueue(f, sam, &m, ST_DENIED, "sam");
	refuse_enqueue(f, lee, &m, ST_DENIED, "lee");
	/* Outside a transaction the in-transaction form refuses. */
	assert_int_equal(outbox_enqueue_in_tx(f->s->db, NULL, &m, NULL, &err),
	    ST_INTERNAL);
	assert_int_equal(count_outbox(f->s, NULL), 0);
	session_close(&sam);
	session_close(&lee);
}

static void
test_enqueue(void **state)
{
	struct fx *f = *state;
	struct outbox_new m = message(f, "comm-1/mail/alice");
	struct outbox_row o;
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), id = 0, id2 = 0;
	char *detail;

	m.not_before = "2026-03-01T14:00:00+01:00";
	assert_int_equal(outbox_enqueue(f->s, &m, &id, &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, f->s->actor, "outbox.enqueue", NULL, NULL);
	detail = tu_last_audit_detail(f->s);
	assert_null(strstr(detail, "alice"));
	free(detail);
	o = row(f->s, id);
	assert_int_equal(o.channel_id, f->channel);
	assert_int_equal(o.communication_id, f->comm);
	assert_string_equal(o.target, "alice@example.com");
	assert_string_equal(o.state, "pending");
	assert_string_equal(o.not_before, "2026-03-01T13:00:00Z");
	assert_int_equal(o.attempts, 0);
	assert_null(o.lease_owner);
	assert_string_equal(o.created_at, "2026-03-01T12:00:00Z");
	outbox_row_clear(&o);

	/* A repeat is recognised by its key, and nothing is doubled. */
	m.not_before = NULL;
	assert_int_equal(outbox_enqueue(f->s, &m, &id2, &err), ST_EXISTS);
	assert_non_null(strstr(err.msg, "comm-1/mail/alice"));
	assert_int_equal(id2, 0);
	assert_int_equal(count_outbox(f->s, NULL), 1);
	assert_int_equal(tu_audit_count(f->s), before + 1);

	/* Without a communication. */
	m = message(f, "test-message");
	m.communication_id = 0;
	assert_int_equal(outbox_enqueue(f->s, &m, &id2, &err), ST_OK);
	o = row(f->s, id2);
	assert_int_equal(o.communication_id, 0);
	outbox_row_clear(&o);
	tu_expect_chain_ok(f->s);
}

static void
test_enqueue_in_transaction(void **state)
{
	struct fx *f = *state;
	struct outbox_new m;
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), id = 0;

	assert_int_equal(db_begin(f->s->db, &err), ST_OK);
	m = message(f, "k1");
	assert_int_equal(outbox_enqueue_in_tx(f->s->db, NULL, &m, &id, &err),
	    ST_OK);
	/* A repeat inside the transaction is refused, and the rest goes on. */
	assert_int_equal(outbox_enqueue_in_tx(f->s->db, NULL, &m, NULL, &err),
	    ST_EXISTS);
	m = message(f, "k2");
	assert_int_equal(outbox_enqueue_in_tx(f->s->db, NULL, &m, NULL, &err),
	    ST_OK);
	assert_int_equal(db_end(f->s->db, ST_OK, &err), ST_OK);
	assert_int_equal(count_outbox(f->s, "pending"), 2);
	assert_int_equal(tu_audit_count(f->s), before + 2);
	tu_expect_audit(f->s, "system", NULL, NULL, NULL);

	/* The caller's decision failed: the message goes with it. */
	assert_int_equal(db_begin(f->s->db, &err), ST_OK);
	m = message(f, "k3");
	assert_int_equal(outbox_enqueue_in_tx(f->s->db, f->s->actor, &m, NULL,
	    &err), ST_OK);
	assert_int_equal(db_end(f->s->db, ST_INVALID, &err), ST_INVALID);
	assert_int_equal(count_outbox(f->s, NULL), 2);
	assert_int_equal(tu_audit_count(f->s), before + 2);
	tu_expect_chain_ok(f->s);
}

static void
test_lease_degenerate(void **state)
{
	struct fx *f = *state;
	struct rowlist l;
	struct err err = { 0 };
	long long before;

	enqueue(f, "k1", NULL);
	before = tu_audit_count(f->s);
#define REFUSE(owner_, secs_, limit_, word_) do { \
	assert_int_equal(outbox_lease(f->a->db, NULL, (owner_), (secs_), \
	    (limit_), &l, &err), ST_INVALID); \
	assert_int_equal(l.count, 0); \
	assert_non_null(strstr(err.msg, (word_))); \
	rowlist_free(&l, (row_clear_fn)outbox_row_clear); \
} while (0)
	REFUSE(NULL, 30, 10, "owner");
	REFUSE("", 30, 10, "owner");
	REFUSE("host a", 30, 10, "owner");
	REFUSE("A", 0, 10, "lease");
	REFUSE("A", OUTBOX_LEASE_MAX_SECONDS + 1, 10, "lease");
	REFUSE("A", 30, 0, "limit");
	REFUSE("A", 30, OUTBOX_LEASE_MAX_ROWS + 1, "limit");
#undef REFUSE
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_outbox(f->s, "pending"), 1);
	assert_int_equal(outbox_mark_delivered(f->a->db, NULL, 1, NULL, NULL,
	    &err), ST_INVALID);
	assert_int_equal(outbox_mark_failed(f->a->db, NULL, 1, "A", NULL, false,
	    NULL, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "error"));
	assert_int_equal(outbox_mark_failed(f->a->db, NULL, 1, "A", "timeout",
	    false, "soon", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "next_attempt_at"));
	/* Not leased by anyone: nobody may mark it. */
	assert_int_equal(outbox_mark_delivered(f->a->db, NULL, 1, "A", NULL,
	    &err), ST_CONFLICT);
	assert_int_equal(outbox_mark_failed(f->a->db, NULL, 1, "A", "x", true,
	    NULL, &err), ST_CONFLICT);
	assert_int_equal(outbox_mark_delivered(f->a->db, NULL, 99, "A", NULL,
	    &err), ST_NOTFOUND);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_outbox(f->s, "pending"), 1);
}

static void
test_lease(void **state)
{
	struct fx *f = *state;
	struct outbox_row o;
	struct err err = { 0 };
	long long id1, id2, id3, ids[8], before;

	id1 = enqueue(f, "k1", NULL);
	id2 = enqueue(f, "k2", NULL);
	id3 = enqueue(f, "k3", "2026-03-01T13:00:00Z");    /* not yet */

	before = tu_audit_count(f->s);
	assert_int_equal(lease(f->a, "A", 30, 10, ids), 2);
	assert_int_equal(ids[0], id1);
	assert_int_equal(ids[1], id2);
	assert_int_equal(tu_audit_count(f->s), before + 2);
	tu_expect_audit(f->s, "system", "outbox.lease", NULL, NULL);
	o = row(f->s, id1);
	assert_string_equal(o.state, "leased");
	assert_string_equal(o.lease_owner, "A");
	assert_string_equal(o.lease_until, "2026-03-01T12:00:30Z");
	assert_int_equal(o.attempts, 1);
	outbox_row_clear(&o);

	/* Two owners never lease the same row. */
	before = tu_audit_count(f->s);
	assert_int_equal(lease(f->b, "B", 30, 10, ids), 0);
	assert_int_equal(tu_audit_count(f->s), before);

	/* A lease that ran out is taken by another sender. */
	clock_set_fixed(TU_NOW + 30);
	assert_int_equal(lease(f->b, "B", 60, 1, ids), 1);
	assert_int_equal(ids[0], id1);
	assert_int_equal(lease(f->b, "B", 60, 10, ids), 1);
	assert_int_equal(ids[0], id2);
	o = row(f->s, id1);
	assert_string_equal(o.lease_owner, "B");
	assert_int_equal(o.attempts, 2);
	outbox_row_clear(&o);
	/* The old owner has lost it and cannot mark it. */
	assert_int_equal(outbox_mark_delivered(f->a->db, NULL, id1, "A", NULL,
	    &err), ST_CONFLICT);
	assert_non_null(strstr(err.msg, "B"));
	before = tu_audit_count(f->s);
	assert_int_equal(outbox_mark_delivered(f->b->db, f->s->actor, id1, "B",
	    "<1@herald.example>", &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, f->s->actor, "outbox.delivered", NULL, NULL);
	o = row(f->s, id1);
	assert_string_equal(o.state, "delivered");
	assert_string_equal(o.delivered_at, "2026-03-01T12:00:30Z");
	assert_string_equal(o.external_ref, "<1@herald.example>");
	assert_null(o.lease_until);
	outbox_row_clear(&o);

	/* A delivered row is final: never marked or leased again. */
	assert_int_equal(outbox_mark_delivered(f->b->db, NULL, id1, "B", NULL,
	    &err), ST_CONFLICT);
	assert_non_null(strstr(err.msg, "delivered"));
	assert_int_equal(outbox_mark_failed(f->b->db, NULL, id1, "B", "late",
	    false, NULL, &err), ST_CONFLICT);
	clock_set_fixed(TU_NOW + 86400);
	assert_int_equal(lease(f->a, "A", 30, 10, ids), 2);
	assert_int_equal(ids[0], id2);
	assert_int_equal(ids[1], id3);
	o = row(f->s, id1);
	assert_string_equal(o.state, "delivered");
	assert_string_equal(o.lease_owner, "B");
	outbox_row_clear(&o);
	tu_expect_chain_ok(f->s);
}

static void
test_failures(void **state)
{
	struct fx *f = *state;
	struct outbox_counts c;
	struct outbox_row o;
	struct err err = { 0 };
	char *long_error = malloc(OUTBOX_ERROR_MAX + 100);
	long long id1, id2, ids[8], before;

	id1 = enqueue(f, "k1", NULL);
	id2 = enqueue(f, "k2", NULL);
	assert_int_equal(lease(f->a, "A", 30, 10, ids), 2);

	/* A passing failure: back to pending, due in an hour. */
	before = tu_audit_count(f->s);
	assert_int_equal(outbox_mark_failed(f->a->db, NULL, id1, "A",
	    "421 try later", false, "2026-03-01T14:00:00+01:00", &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	o = row(f->s, id1);
	assert_string_equal(o.state, "pending");
	assert_string_equal(o.last_error, "421 try later");
	assert_string_equal(o.next_attempt_at, "2026-03-01T13:00:00Z");
	assert_null(o.lease_owner);
	assert_null(o.lease_until);
	outbox_row_clear(&o);
	assert_int_equal(lease(f->b, "B", 30, 10, ids), 0);
	clock_set_fixed(TU_NOW + 3600);
	assert_int_equal(lease(f->b, "B", 30, 10, ids), 2);    /* and id2, expired */
	assert_int_equal(ids[0], id1);
	o = row(f->s, id1);
	assert_int_equal(o.attempts, 2);
	outbox_row_clear(&o);

	/* A permanent failure ends it; the error is cut to size. */
	memset(long_error, 'e', OUTBOX_ERROR_MAX + 99);
	long_error[OUTBOX_ERROR_MAX + 99] = '\0';
	assert_int_equal(outbox_mark_failed(f->b->db, NULL, id1, "B", long_error,
	    true, NULL, &err), ST_OK);
	o = row(f->s, id1);
	assert_string_equal(o.state, "failed");
	assert_int_equal(strlen(o.last_error), OUTBOX_ERROR_MAX);
	outbox_row_clear(&o);
	/* A transient failure with no time is due at once. */
	assert_int_equal(outbox_mark_failed(f->b->db, NULL, id2, "B", "reset",
	    false, NULL, &err), ST_OK);
	clock_set_fixed(TU_NOW + 7 * 86400);
	assert_int_equal(lease(f->a, "A", 30, 10, ids), 1);
	assert_int_equal(ids[0], id2);

	assert_int_equal(outbox_counts(f->s, &c, &err), ST_OK);
	assert_int_equal(c.pending, 0);
	assert_int_equal(c.leased, 1);
	assert_int_equal(c.failed, 1);
	assert_int_equal(c.delivered, 0);
	assert_int_equal(c.cancelled, 0);
	free(long_error);
	tu_expect_chain_ok(f->s);
}

static void
test_list(void **state)
{
	struct fx *f = *state;
	struct rowlist l;
	struct err err = { 0 };
	long long ids[8], i;

	for (i = 0; i < 5; i++) {
		char key[16];

		snprintf(key, sizeof key, "k%lld", i);
		enqueue(f, key, NULL);
	}
	assert_int_equal(lease(f->a, "A", 30, 2, ids), 2);
	assert_int_equal(outbox_list(f->s, "pending", 2, 1, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(((struct outbox_row *)rowlist_at(&l, 0))->id, 4);
	assert_int_equal(((struct outbox_row *)rowlist_at(&l, 1))->id, 5);
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
	assert_int_equal(count_outbox(f->s, NULL), 5);
	assert_int_equal(count_outbox(f->s, "leased"), 2);
	assert_int_equal(outbox_list(f->s, "lost", 0, 0, &l, &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
	assert_int_equal(outbox_list(f->s, NULL, -1, 0, &l, &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
}

/* Ids of COMMUNICATION's messages as outbox_list_for_communication()
 * gives them (up to 8) into IDS; returns how many. */
static size_t
comm_ids(struct fx *f, long long communication, long long limit,
    long long *ids)
{
	struct rowlist l;
	struct err err = { 0 };
	size_t i, n;

	assert_int_equal(outbox_list_for_communication(f->s, communication,
	    limit, &l, &err), ST_OK);
	n = l.count;
	assert_true(n <= 8);
	for (i = 0; i < n; i++)
		ids[i] = ((struct outbox_row *)rowlist_at(&l, i))->id;
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
	return n;
}

static void
test_list_for_communication(void **state)
{
	struct fx *f = *state;
	struct outbox_counts c;
	struct outbox_new m;
	struct rowlist l;
	struct err err = { 0 };
	long long ids[8], other = 0, i;

	assert_int_equal(comm_ids(f, f->comm, 0, ids), 0);
	for (i = 0; i < 5; i++) {
		char key[16];

		snprintf(key, sizeof key, "k%lld", i);
		enqueue(f, key, NULL);
	}
	assert_int_equal(communication_create(f->s, &(struct communication_new){
	    .incident_id = 1, .kind = "advisory", .audience = "public",
	    .title = "Keys leaked", .playbook = "security-advisory",
	    .playbook_version = "1", .playbook_hash = HASH }, &other, &err),
	    ST_OK);
	m = message(f, "other");
	m.communication_id = other;
	assert_int_equal(outbox_enqueue(f->s, &m, NULL, &err), ST_OK);
	assert_int_equal(lease(f->a, "A", 30, 2, ids), 2);
	/* Waiting before leased, newest first within a state. */
	assert_int_equal(comm_ids(f, f->comm, 0, ids), 5);
	assert_int_equal(ids[0], 5);
	assert_int_equal(ids[1], 4);
	assert_int_equal(ids[2], 3);
	assert_int_equal(ids[3], 2);
	assert_int_equal(ids[4], 1);
	assert_int_equal(comm_ids(f, f->comm, 2, ids), 2);
	assert_int_equal(ids[1], 4);
	assert_int_equal(comm_ids(f, other, 0, ids), 1);
	assert_int_equal(ids[0], 6);
	assert_int_equal(outbox_counts_for_communication(f->s, f->comm, &c,
	    &err), ST_OK);
	assert_int_equal(c.pending, 3);
	assert_int_equal(c.leased, 2);
	assert_int_equal(c.delivered + c.failed + c.cancelled, 0);
	assert_int_equal(outbox_counts_for_communication(f->s, 999, &c, &err),
	    ST_OK);
	assert_int_equal(c.pending + c.leased, 0);
	assert_int_equal(outbox_list_for_communication(f->s, f->comm, -1, &l,
	    &err), ST_INVALID);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
}

static struct manual_delivery_new
by_hand(const struct fx *f)
{
	struct manual_delivery_new m = {
		.communication_id = f->comm, .means = "web-form",
		.target = "ICO breach reporting form",
		.delivered_at = "2026-03-01T10:30:00+01:00",
		.reference = "ICO-123456", .evidence = "screenshot in DMS 42",
	};

	return m;
}

static void
test_manual_degenerate(void **state)
{
	struct fx *f = *state;
	struct session *sam = tu_open_as(f->dir, "sam");
	struct manual_delivery_new m;
	struct rowlist l;
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), id = -1;

#define REFUSE(s_, st_, word_) do { \
	assert_int_equal(manual_delivery_record((s_), &m, &id, &err), (st_)); \
	if (strstr(err.msg, (word_)) == NULL) \
		fail_msg("\"%s\" does not mention %s", err.msg, (word_)); \
} while (0)
	assert_int_equal(manual_delivery_record(f->s, NULL, &id, &err),
	    ST_INVALID);
	m = by_hand(f); m.communication_id = 0;
	REFUSE(f->s, ST_INVALID, "communication");
	m = by_hand(f); m.means = "";
	REFUSE(f->s, ST_INVALID, "means");
	m.means = "a-very-long-means-of-delivery-that-goes-on-and-on-and-on-and-on-x";
	REFUSE(f->s, ST_INVALID, "means");
	m = by_hand(f); m.target = NULL;
	REFUSE(f->s, ST_INVALID, "target");
	m = by_hand(f); m.delivered_at = NULL;
	REFUSE(f->s, ST_INVALID, "delivered_at");
	m.delivered_at = "last tuesday";
	REFUSE(f->s, ST_INVALID, "delivered_at");
	m.delivered_at = "2026-03-01T12:00:01Z";
	REFUSE(f->s, ST_INVALID, "future");
	m = by_hand(f); m.communication_id = f->comm + 8;
	REFUSE(f->s, ST_NOTFOUND, "communication");
	m = by_hand(f);
	REFUSE(sam, ST_DENIED, "sam");
#undef REFUSE
	assert_int_equal(id, -1);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(manual_delivery_list(f->s, f->comm, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)manual_delivery_clear);
	session_close(&sam);
}

static void
test_manual(void **state)
{
	struct fx *f = *state;
	struct manual_delivery_new m = by_hand(f);
	struct manual_delivery *p;
	struct rowlist l;
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), id1 = 0, id2 = 0;
	char subject[48], *detail;

	assert_int_equal(manual_delivery_record(f->s, &m, &id1, &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	snprintf(subject, sizeof subject, "communication:%lld", f->comm);
	tu_expect_audit(f->s, NULL, "delivery.manual", subject, NULL);
	detail = tu_last_audit_detail(f->s);
	assert_null(strstr(detail, "ICO breach"));
	free(detail);
	m.means = "phone";
	m.target = "Duty officer";
	m.delivered_at = "2026-03-01T12:00:00Z";   /* now is not the future */
	m.reference = NULL;
	m.evidence = NULL;
	assert_int_equal(manual_delivery_record(f->s, &m, &id2, &err), ST_OK);
	assert_int_equal(manual_delivery_list(f->s, f->comm, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	p = rowlist_at(&l, 0);
	assert_int_equal(p->id, id1);
	assert_string_equal(p->means, "web-form");
	assert_string_equal(p->target, "ICO breach reporting form");
	assert_string_equal(p->delivered_at, "2026-03-01T09:30:00Z");
	assert_string_equal(p->reference, "ICO-123456");
	assert_string_equal(p->evidence, "screenshot in DMS 42");
	assert_int_equal(p->recorded_by, f->s->user.id);
	assert_string_equal(p->recorded_at, "2026-03-01T12:00:00Z");
	p = rowlist_at(&l, 1);
	assert_int_equal(p->id, id2);
	assert_string_equal(p->reference, "");
	assert_string_equal(p->evidence, "");
	rowlist_free(&l, (row_clear_fn)manual_delivery_clear);
	tu_expect_chain_ok(f->s);
}

/* At send time: an unsubscribed subscriber cancels, an embargo and a
 * not_before wait; the sender's verdicts are recorded, audited. */
static void
test_send_check(void **state)
{
	struct fx *f = *state;
	struct outbox_new m = message(f, "k-check");
	struct outbox_row o = { 0 };
	struct err err = { 0 };
	enum outbox_verdict v;
	char until[CLOCK_BUFSZ], why[OUTBOX_ERROR_MAX + 1];
	const char *path = db_path(f->s->db);
	long long id = 0, ids[8];

	tu_sql_exec(path, "INSERT INTO subscribers (id, address, token,"
	    " created_at, confirmed_at) VALUES (7, 'alice@example.com', 't7',"
	    " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
	m.subscriber_id = 7;
	m.purpose = "publish";
	m.revision = 1;
	m.output = "mail";
	assert_int_equal(outbox_enqueue(f->s, &m, &id, &err), ST_OK);
	assert_int_equal(outbox_get(f->s, id, &o, &err), ST_OK);
	assert_int_equal(o.subscriber_id, 7);
	assert_string_equal(o.purpose, "publish");
	assert_string_equal(o.output, "mail");
	assert_int_equal(o.revision, 1);
	assert_int_equal(outbox_send_check(f->s, &o, &v, until, why, sizeof why,
	    &err), ST_OK);
	assert_int_equal(v, OUTBOX_GO);

	/* Under embargo again: wait until it ends. */
	tu_sql_exec(path, "UPDATE incidents SET"
	    " embargo_until = '2099-01-01T00:00:00Z'");
	assert_int_equal(outbox_send_check(f->s, &o, &v, until, why, sizeof why,
	    &err), ST_OK);
	assert_int_equal(v, OUTBOX_WAIT);
	assert_string_equal(until, "2099-01-01T00:00:00Z");
	assert_non_null(strstr(why, "embargo"));
	tu_sql_exec(path, "UPDATE incidents SET embargo_until = NULL");

	/* Unsubscribed since: cancel, saying so without the address. */
	tu_sql_exec(path, "UPDATE subscribers SET"
	    " unsubscribed_at = '2026-02-01T00:00:00Z'");
	assert_int_equal(outbox_send_check(f->s, &o, &v, until, why, sizeof why,
	    &err), ST_OK);
	assert_int_equal(v, OUTBOX_CANCEL);
	assert_non_null(strstr(why, "subscriber 7 unsubscribed"));
	assert_null(strstr(why, "alice"));
	outbox_row_clear(&o);

	/* The sender records both verdicts, only while it holds the lease. */
	enqueue(f, "k-wait", NULL);
	assert_int_equal(lease(f->a, "a:1", 60, 8, ids), 2);
	assert_int_equal(outbox_mark_cancelled(f->a->db, NULL, ids[0], "b:1",
	    "unsubscribed", &err), ST_CONFLICT);
	assert_int_equal(outbox_mark_cancelled(f->a->db, NULL, ids[0], "a:1",
	    why, &err), ST_OK);
	tu_expect_audit_has(f->s, "system", "outbox.cancelled", NULL,
	    "reason_sha256");
	assert_int_equal(outbox_mark_waiting(f->a->db, NULL, ids[1], "a:1",
	    "2099-01-01T00:00:00Z", "under embargo", &err), ST_OK);
	tu_expect_audit_has(f->s, "system", "outbox.wait", NULL,
	    "2099-01-01T00:00:00Z");
	assert_int_equal(outbox_get(f->s, ids[1], &o, &err), ST_OK);
	assert_string_equal(o.state, "pending");
	assert_int_equal(o.attempts, 0);
	assert_string_equal(o.next_attempt_at, "2099-01-01T00:00:00Z");
	outbox_row_clear(&o);
	/* Not due: no sender takes it. */
	assert_int_equal(lease(f->b, "b:1", 60, 8, ids), 0);
	tu_expect_audit_lacks(f->s, "alice");
}

/* Retry and cancel by hand: admins only, a delivered row is final. */
static void
test_retry_cancel(void **state)
{
	struct fx *f = *state;
	struct session *sam = tu_open_as(f->dir, "sam");
	struct outbox_row o = { 0 };
	struct err err = { 0 };
	long long id = enqueue(f, "k-rc", NULL), ids[8];

	assert_int_equal(outbox_retry(f->s, id, &err), ST_CONFLICT);
	assert_non_null(strstr(err.msg, "is pending"));
	assert_int_equal(outbox_cancel(sam, id, "no", &err), ST_DENIED);
	assert_int_equal(outbox_cancel(f->s, id, "", &err), ST_INVALID);
	assert_int_equal(outbox_cancel(f->s, id, "sent by hand", &err), ST_OK);
	tu_expect_audit_has(f->s, "user:1", "outbox.cancelled", NULL,
	    "\"from\":\"pending\"");
	tu_expect_audit_lacks(f->s, "sent by hand");
	assert_int_equal(outbox_retry(sam, id, &err), ST_DENIED);
	assert_int_equal(outbox_retry(f->s, id, &err), ST_OK);
	tu_expect_audit_has(f->s, "user:1", "outbox.retry", NULL,
	    "\"from\":\"cancelled\"");
	/* Leased and held: neither. */
	assert_int_equal(lease(f->a, "a:1", 60, 8, ids), 1);
	assert_int_equal(outbox_cancel(f->s, id, "stop", &err), ST_CONFLICT);
	assert_non_null(strstr(err.msg, "being sent by a:1"));
	assert_int_equal(outbox_mark_delivered(f->a->db, NULL, id, "a:1",
	    "<k-rc@example.org>", &err), ST_OK);
	assert_int_equal(outbox_retry(f->s, id, &err), ST_CONFLICT);
	assert_non_null(strstr(err.msg, "never sent again"));
	assert_int_equal(outbox_cancel(f->s, id, "stop", &err), ST_CONFLICT);
	assert_int_equal(outbox_get(f->s, id, &o, &err), ST_OK);
	assert_string_equal(o.state, "delivered");
	assert_non_null(o.updated_at);
	outbox_row_clear(&o);
	session_close(&sam);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_enqueue_degenerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lease_degenerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manual_degenerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enqueue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enqueue_in_transaction, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lease, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_for_communication, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_manual, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_cancel, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
