/* storage/q_outbox.h - the outbox (one row per message to one target) and
 * deliveries made by hand outside herald. */
#ifndef HERALD_STORAGE_Q_OUTBOX_H
#define HERALD_STORAGE_Q_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "storage/db.h"
#include "storage/records.h"

/*
 * Outbox states: pending (waiting, maybe until next_attempt_at or
 * not_before), leased (one sender holds it until lease_until), delivered
 * (final), failed (gave up, final), cancelled (final). A lease that runs out
 * may be taken by another sender, so delivery is at least once; the
 * idempotency key makes every repeat recognisable at the far end.
 * Every write below needs the caller's open write transaction, which must
 * also append an audit row.
 */

/* How many outbox rows are in each state. */
struct outbox_counts {
	long long pending;
	long long leased;
	long long delivered;
	long long failed;
	long long cancelled;
};

/* A delivery made outside herald (a regulator's web form, a phone call). */
struct manual_delivery {
	long long id;
	long long communication_id;
	char     *means;                 /* web-form, phone, post, ... */
	char     *target;                /* who or where; never audited */
	char     *delivered_at;
	char     *reference;             /* the far end's case number, or "" */
	char     *evidence;              /* where the proof is kept, or "" */
	long long recorded_by;
	char     *recorded_at;
};

/* Free the strings M owns and zero it; NULL is allowed. */
void        manual_delivery_clear(struct manual_delivery *m);

/* Insert O (communication_id or 0, channel_id, target, payload,
 * idempotency_key, not_before, created_at) as pending; sets O->id.
 * ST_EXISTS when a row with the same idempotency key exists: that is how a
 * repeat is recognised. */
enum status q_outbox_insert(struct db *db, struct outbox_row *o,
    struct err *err);
/* Load row ID into O; caller clears with outbox_row_clear(). ST_NOTFOUND
 * when absent. */
enum status q_outbox_by_id(struct db *db, long long id, struct outbox_row *o,
    struct err *err);
/*
 * Lease up to LIMIT rows to OWNER until NOW + LEASE_SECONDS: pending rows
 * that are due (next_attempt_at and not_before unset or <= NOW) and leased
 * rows whose lease ran out (lease_until <= NOW), oldest first. Each leased
 * row counts one more attempt. One UPDATE statement inside the caller's
 * write transaction, so two senders never lease the same row. OUT receives
 * the leased rows by id (free with rowlist_free(out,
 * (row_clear_fn)outbox_row_clear)); it may be empty. Only the rows of
 * CHANNEL_ID and of COMMUNICATION_ID when they are not 0.
 */
enum status q_outbox_lease_some(struct db *db, const char *owner,
    const char *now, int lease_seconds, int limit, long long channel_id,
    long long communication_id, struct rowlist *out, struct err *err);
/* Mark row ID delivered at NOW with the far end's EXTERNAL_REF (may be
 * NULL). Only while OWNER holds its lease; a delivered row is final. */
enum status q_outbox_mark_delivered(struct db *db, long long id,
    const char *owner, const char *now, const char *external_ref,
    struct err *err);
/* Record a failed attempt of row ID with ERROR: back to pending, due at
 * NEXT_ATTEMPT_AT (NULL = at once), or, when IS_PERMANENT, failed for
 * good. Only while OWNER holds its lease. */
enum status q_outbox_mark_failed(struct db *db, long long id,
    const char *owner, const char *error, bool is_permanent,
    const char *next_attempt_at, const char *now, struct err *err);
/* Rows in STATE (NULL = any), by id; LIMIT 0 = all. */
enum status q_outbox_list(struct db *db, const char *state, long long limit,
    long long offset, struct rowlist *out, struct err *err);
/* Count the rows per state into C. */
enum status q_outbox_counts(struct db *db, struct outbox_counts *c,
    struct err *err);
/* The rows of COMMUNICATION_ID, pending, leased and failed ones before
 * delivered ones (by state, descending), newest first within a state;
 * LIMIT 0 = all. */
enum status q_outbox_list_for_communication(struct db *db,
    long long communication_id, long long limit, struct rowlist *out,
    struct err *err);
/* Count the rows of COMMUNICATION_ID per state into C. */
enum status q_outbox_counts_for_communication(struct db *db,
    long long communication_id, struct outbox_counts *c, struct err *err);

/* The embargo of incident INCIDENT_ID ended earlier than OLD_END: inside
 * the caller's write transaction, its pending messages due after DUE are
 * due at DUE, and those held until OLD_END (not_before) are held until
 * DUE; a not_before set by something else (a scheduled time) stays. */
enum status q_outbox_release(struct db *db, long long incident_id,
    const char *old_end, const char *due, const char *now, struct err *err);

/* Forget the address of subscriber SUBSCRIBER_ID in every message to it,
 * inside the caller's write transaction: the target becomes "subscriber
 * N (erased)" and the payload loses its "to" and its unsubscribe token;
 * the history (states, times) stays, by id. */
enum status q_outbox_forget_subscriber(struct db *db, long long subscriber_id,
    const char *now, struct err *err);

/* Insert M (communication_id, means, target, delivered_at, reference,
 * evidence, recorded_by, recorded_at); sets M->id. */
enum status q_manual_delivery_insert(struct db *db, struct manual_delivery *m,
    struct err *err);
/* The manual deliveries of COMMUNICATION_ID, by id; free with
 * rowlist_free(out, (row_clear_fn)manual_delivery_clear). */
enum status q_manual_delivery_list(struct db *db, long long communication_id,
    struct rowlist *out, struct err *err);
/* The rows that went to SUBSCRIBER_ID, newest first; LIMIT 0 = all. */
enum status q_outbox_list_for_subscriber(struct db *db,
    long long subscriber_id, long long limit, struct rowlist *out,
    struct err *err);

/* What decides at send time whether a row may still go. */
struct outbox_facts {
	bool  has_subscriber;
	char *subscriber_unsubscribed_at;
	char *subscriber_erased_at;
	bool  has_customer;
	char *customer_erased_at;
	char *embargo_until;             /* its incident's, or NULL */
};
void        outbox_facts_clear(struct outbox_facts *f);
enum status q_outbox_facts(struct db *db, long long id, struct outbox_facts *f,
    struct err *err);
/* Leased row ID, while OWNER holds it: cancelled with WHY; or back to
 * pending, due at UNTIL, its lease's attempt given back. */
enum status q_outbox_mark_cancelled(struct db *db, long long id,
    const char *owner, const char *why, const char *now, struct err *err);
enum status q_outbox_mark_waiting(struct db *db, long long id,
    const char *owner, const char *until, const char *why, const char *now,
    struct err *err);
/* A failed or cancelled row ID back to pending, due now; ST_NOTFOUND
 * (ERR untouched) when it is in no such state. */
enum status q_outbox_retry(struct db *db, long long id, const char *now,
    struct err *err);
/* Row ID (pending, failed, or leased with its lease run out at NOW)
 * cancelled with REASON; ST_NOTFOUND (ERR untouched) otherwise. */
enum status q_outbox_cancel(struct db *db, long long id, const char *reason,
    const char *now, struct err *err);
/* The first publication's rows of COMMUNICATION_ID, one per channel,
 * output and target, not cancelled, by id. */
enum status q_outbox_first_targets(struct db *db, long long communication_id,
    struct rowlist *out, struct err *err);

/* An address of a customer (or, with SUBSCRIBER_ID, a subscriber address
 * pointing at it, with its TOKEN). */
struct outbox_address {
	long long customer_id;
	char     *customer_name;
	char     *address;
	long long subscriber_id;         /* 0 = a contact */
	char     *token;                 /* the subscriber's, or NULL */
};
void        outbox_address_clear(struct outbox_address *a);
/* The addresses of the customers running CYCLE_ID (when > 0), else
 * PRODUCT_SLUG in release CYCLE (NULL = any), by customer, subscriber
 * addresses first; an address may come twice. Free with rowlist_free(out,
 * (row_clear_fn)outbox_address_clear). */
enum status q_outbox_customer_addresses(struct db *db, long long cycle_id,
    const char *product_slug, const char *cycle, struct rowlist *out,
    struct err *err);

struct customer_told {
	long long customer_id;
	char     *customer_name;
	long long communication_id;
	char     *communication_title;
	char     *state;                 /* the best of its rows: delivered,
	                                  * leased, pending, failed */
	char     *delivered_at;          /* the first delivery, or NULL */
	long long manual;                /* 1 when recorded by hand */
};
void        customer_told_clear(struct customer_told *t);
/* Customers told about INCIDENT_ID (which the viewer must see), one row
 * per customer and communication, by customer name. */
enum status q_outbox_customers_told(struct db *db, long long incident_id,
    struct rowlist *out, struct err *err);

/* The SQL texts of q_outbox_list_for_communication(),
 * q_outbox_counts_for_communication() and q_manual_delivery_list(), for
 * the query-plan test. */
const struct db_query *q_outbox_queries(size_t *n);

#endif
