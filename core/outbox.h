/* core/outbox.h - queueing messages for channels, leasing them to senders,
 * recording the outcome; and deliveries made by hand outside herald. */
#ifndef HERALD_CORE_OUTBOX_H
#define HERALD_CORE_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/session.h"
#include "storage/q_outbox.h"

/* Bounds on a lease, on the rows one lease takes, and on field sizes. */
#define OUTBOX_LEASE_MAX_SECONDS 86400
#define OUTBOX_LEASE_MAX_ROWS    1000
#define OUTBOX_KEY_MAX           256
#define OUTBOX_TARGET_MAX        2048
#define OUTBOX_PAYLOAD_MAX       8388608
#define OUTBOX_ERROR_MAX         2000

/* What outbox_enqueue() needs: one message to one target. */
struct outbox_new {
	long long   channel_id;
	long long   communication_id;    /* 0 = none */
	const char *target;              /* address, URL, repository, ...; never audited */
	const char *payload;             /* the rendered message */
	const char *idempotency_key;     /* printable ASCII, no spaces; unique */
	const char *not_before;          /* RFC 3339, or NULL for at once */
	/* What it carries and to whom (0 / NULL when none). */
	int         revision;            /* of the communication */
	const char *output;              /* the playbook output rendered */
	const char *purpose;             /* publish (NULL), correction,
	                                  * withdrawal, ticket, alert,
	                                  * confirmation */
	long long   subscriber_id;
	long long   customer_id;
};

/* What manual_delivery_record() needs. */
struct manual_delivery_new {
	long long   communication_id;
	const char *means;               /* web-form, phone, post, ... */
	const char *target;              /* who or where; never audited */
	const char *delivered_at;        /* RFC 3339, not in the future */
	const char *reference;           /* the far end's case number, or NULL */
	const char *evidence;            /* where the proof is kept, or NULL */
};

/*
 * Queue IN as a pending message, inside the caller's open write transaction (so it
 * commits with the decision to publish), with its audit row by ACTOR
 * ("user:ID"; NULL = "system"). ST_EXISTS when a message with the same
 * idempotency key exists: that is how a repeat is recognised. Sets *ID when
 * ID is not NULL.
 */
enum status outbox_enqueue_in_tx(struct db *db, const char *actor,
    const struct outbox_new *in, long long *id, struct err *err);
/* outbox_enqueue_in_tx() in a transaction of its own, as the acting user;
 * authors and admins only. */
enum status outbox_enqueue(struct session *s, const struct outbox_new *in,
    long long *id, struct err *err);

/*
 * The sender's side. ACTOR is the audit actor: NULL for "system" (a
 * sender), or a session's actor when a person triggers the send. OWNER
 * names the sender (say "host:pid"); only the owner of a lease can mark
 * its row.
 */
/* Lease up to LIMIT due messages (1..OUTBOX_LEASE_MAX_ROWS) to OWNER for
 * LEASE_SECONDS (1..OUTBOX_LEASE_MAX_SECONDS), including those whose lease
 * ran out, in one audited transaction. OUT is always initialised and gets
 * the leased rows by id; free it with
 * rowlist_free(out, (row_clear_fn)outbox_row_clear). */
enum status outbox_lease(struct db *db, const char *actor, const char *owner,
    int lease_seconds, int limit, struct rowlist *out, struct err *err);
/* outbox_lease() of the messages of CHANNEL_ID and of COMMUNICATION_ID
 * only (0: any), for `herald publish --channel/--comm`. */
enum status outbox_lease_some(struct db *db, const char *actor,
    const char *owner, int lease_seconds, int limit, long long channel_id,
    long long communication_id, struct rowlist *out, struct err *err);
/* Mark message ID delivered now, with the far end's EXTERNAL_REF (a
 * Message-ID, an advisory ID; may be NULL). A delivered row is final. */
enum status outbox_mark_delivered(struct db *db, const char *actor,
    long long id, const char *owner, const char *external_ref,
    struct err *err);
/* Record that an attempt at message ID failed with ERROR (cut to
 * OUTBOX_ERROR_MAX bytes): retry at NEXT_ATTEMPT_AT (RFC 3339; NULL = at
 * once) or, when IS_PERMANENT, give up on it. */
enum status outbox_mark_failed(struct db *db, const char *actor, long long id,
    const char *owner, const char *error, bool is_permanent,
    const char *next_attempt_at, struct err *err);

/* At send time, for the publisher: whether ROW may still go. ST_OK with
 * *VERDICT OUTBOX_GO; OUTBOX_CANCEL (its subscriber unsubscribed or was
 * erased, its customer erased) or OUTBOX_WAIT (its incident is under
 * embargo again, or its not_before moved: *UNTIL, CLOCK_BUFSZ bytes,
 * says until when), with WHY (at most OUTBOX_ERROR_MAX bytes) saying so. */
enum outbox_verdict { OUTBOX_GO, OUTBOX_CANCEL, OUTBOX_WAIT };
enum status outbox_send_check(struct session *s, const struct outbox_row *row,
    enum outbox_verdict *verdict, char *until, char *why, size_t why_len,
    struct err *err);
/* The sender's side of a verdict: cancel leased row ID with WHY, or put
 * it back to pending until UNTIL without counting an attempt. Only while
 * OWNER holds its lease; audited. */
enum status outbox_mark_cancelled(struct db *db, const char *actor,
    long long id, const char *owner, const char *why, struct err *err);
enum status outbox_mark_waiting(struct db *db, const char *actor,
    long long id, const char *owner, const char *until, const char *why,
    struct err *err);

/* What went to subscriber SUBSCRIBER_ID, newest first, at most LIMIT (0 =
 * all); free with rowlist_free(out, (row_clear_fn)outbox_row_clear). */
enum status outbox_list_for_subscriber(struct session *s,
    long long subscriber_id, long long limit, struct rowlist *out,
    struct err *err);

/* Which customers were told about incident INCIDENT_ID, through which
 * communication and when: one entry per customer and communication. */
/* struct customer_told and customer_told_clear(): storage/q_outbox.h. */
enum status outbox_customers_told(struct session *s, long long incident_id,
    struct rowlist *out, struct err *err);

/* Send message ID again: a failed or cancelled row goes back to pending,
 * due now, its attempts counted afresh (a delivered row is final:
 * ST_CONFLICT).
 * Admins only; audited. */
enum status outbox_retry(struct session *s, long long id, struct err *err);
/* Cancel message ID (pending, leased with its lease run out, or failed)
 * with REASON (required, kept as the row's last error; audited by hash).
 * Admins only. A delivered row is final: ST_CONFLICT. */
enum status outbox_cancel(struct session *s, long long id, const char *reason,
    struct err *err);

/* Load message ID into OUT (caller clears with outbox_row_clear()). */
enum status outbox_get(struct session *s, long long id, struct outbox_row *out,
    struct err *err);
/* Messages in STATE (NULL = any) by id; LIMIT 0 = all. Free as above. */
enum status outbox_list(struct session *s, const char *state, long long limit,
    long long offset, struct rowlist *out, struct err *err);
/* How many messages are in each state. */
enum status outbox_counts(struct session *s, struct outbox_counts *c,
    struct err *err);
/* The messages of COMMUNICATION_ID: pending, leased and failed before
 * delivered, newest first within a state, at most LIMIT (0 = all); free
 * as above. Anyone may read. */
enum status outbox_list_for_communication(struct session *s,
    long long communication_id, long long limit, struct rowlist *out,
    struct err *err);
/* How many messages of COMMUNICATION_ID are in each state. */
enum status outbox_counts_for_communication(struct session *s,
    long long communication_id, struct outbox_counts *c, struct err *err);

/* Record IN, a delivery of a communication made outside herald (a
 * regulator's web form, a phone call); who recorded it and when are filled
 * in here. Authors and admins only. Sets *ID when ID is not NULL. */
enum status manual_delivery_record(struct session *s,
    const struct manual_delivery_new *in, long long *id, struct err *err);
/* The manual deliveries of COMMUNICATION_ID by id. Free with
 * rowlist_free(out, (row_clear_fn)manual_delivery_clear). */
enum status manual_delivery_list(struct session *s, long long communication_id,
    struct rowlist *out, struct err *err);

#endif
