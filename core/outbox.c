/* core/outbox.c - the outbox's rules: what may be queued, who holds a
 * lease, what a sender may record; every change audited. */
#include "config.h"

#include "core/outbox.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/hash.h"
#include "core/incident.h"
#include "storage/q_communication.h"
#include "util/xalloc.h"

static const char *const states[] = {
	"pending", "leased", "delivered", "failed", "cancelled", NULL,
};

static const char *const purposes[] = {
	"publish", "correction", "withdrawal", "ticket", "alert",
	"confirmation", NULL,
};

static const char *
actor_or_system(const char *actor)
{
	return actor != NULL ? actor : "system";
}

/* FIELD's V: 1..MAX printable ASCII characters, no spaces (it travels in
 * mail and HTTP headers). */
static enum status
check_token(const char *field, const char *v, size_t max, struct err *err)
{
	const char *p;
	enum status st;

	if ((st = check_text(field, v, max, true, err)) != ST_OK)
		return st;
	for (p = v; *p != '\0'; p++)
		if (*p < 0x21 || *p > 0x7e)
			return err_set(err, ST_INVALID, "%s: printable ASCII without "
			    "spaces only", field);
	return ST_OK;
}

static enum status
validate_enqueue(const struct outbox_new *in, char *not_before,
    struct err *err)
{
	enum status st;

	if (in == NULL)
		return err_set(err, ST_INVALID, "no message given");
	if (in->channel_id <= 0)
		return err_set(err, ST_INVALID, "channel: which channel?");
	if (in->communication_id < 0)
		return err_set(err, ST_INVALID, "communication: an id is positive, "
		    "or 0 for none");
	if ((st = check_text("target", in->target, OUTBOX_TARGET_MAX, true,
	    err)) != ST_OK ||
	    (st = check_text("payload", in->payload, OUTBOX_PAYLOAD_MAX, true,
	    err)) != ST_OK ||
	    (st = check_token("idempotency_key", in->idempotency_key,
	    OUTBOX_KEY_MAX, err)) != ST_OK)
		return st;
	if (in->purpose != NULL && !vocab_has(purposes, in->purpose))
		return err_set(err, ST_INVALID, "purpose %s: not a purpose",
		    in->purpose);
	if (in->revision < 0 || in->subscriber_id < 0 || in->customer_id < 0)
		return err_set(err, ST_INVALID, "revision and ids are not "
		    "negative");
	if ((st = check_text("output", in->output, 64, false, err)) != ST_OK)
		return st;
	if (in->not_before != NULL)
		return check_time("not_before", in->not_before, not_before, err);
	return ST_OK;
}

enum status
outbox_enqueue_in_tx(struct db *db, const char *actor,
    const struct outbox_new *in, long long *id, struct err *err)
{
	struct communication c = { 0 };
	struct outbox_row o = { 0 };
	char now[CLOCK_BUFSZ], not_before[CLOCK_BUFSZ];
	enum status st;

	if (!db_in_transaction(db))
		return err_set(err, ST_INTERNAL, "outbox_enqueue_in_tx outside a "
		    "transaction");
	if ((st = validate_enqueue(in, not_before, err)) != ST_OK)
		return st;
	clock_now_str(now);
	o.communication_id = in->communication_id;
	o.channel_id = in->channel_id;
	o.target = (char *)in->target;
	o.payload = (char *)in->payload;
	o.idempotency_key = (char *)in->idempotency_key;
	o.not_before = in->not_before != NULL ? not_before : NULL;
	o.created_at = now;
	o.revision = in->revision;
	o.output = (char *)in->output;
	o.purpose = (char *)(in->purpose != NULL ? in->purpose : "publish");
	o.subscriber_id = in->subscriber_id;
	o.customer_id = in->customer_id;
	if (o.communication_id != 0 &&
	    (st = q_communication_by_id(db, o.communication_id, &c, err)) != ST_OK)
		goto end;
	if ((st = q_outbox_insert(db, &o, err)) != ST_OK)
		goto end;
	/* The target (an address) and the key (built from it) stay out. */
	st = audit_record(db, actor_or_system(actor), "outbox.enqueue", "outbox",
	    o.id, err, "{s:I, s:I, s:s?, s:s, s:i, s:I, s:I}", "channel",
	    (json_int_t)o.channel_id, "communication",
	    (json_int_t)o.communication_id, "not_before", o.not_before,
	    "purpose", o.purpose, "revision", o.revision, "subscriber",
	    (json_int_t)o.subscriber_id, "customer", (json_int_t)o.customer_id);
end:
	communication_clear(&c);
	if (st == ST_OK && id != NULL)
		*id = o.id;
	return st;
}

enum status
outbox_enqueue(struct session *s, const struct outbox_new *in, long long *id,
    struct err *err)
{
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	st = outbox_enqueue_in_tx(s->db, s->actor, in, id, err);
	return db_end(s->db, st, err);
}

enum status
outbox_lease(struct db *db, const char *actor, const char *owner,
    int lease_seconds, int limit, struct rowlist *out, struct err *err)
{
	return outbox_lease_some(db, actor, owner, lease_seconds, limit, 0, 0,
	    out, err);
}

enum status
outbox_lease_some(struct db *db, const char *actor, const char *owner,
    int lease_seconds, int limit, long long channel_id,
    long long communication_id, struct rowlist *out, struct err *err)
{
	char now[CLOCK_BUFSZ];
	struct outbox_row *o;
	enum status st;
	size_t i;

	rowlist_init(out, sizeof(struct outbox_row));
	if ((st = check_token("owner", owner, 128, err)) != ST_OK)
		return st;
	if (lease_seconds < 1 || lease_seconds > OUTBOX_LEASE_MAX_SECONDS)
		return err_set(err, ST_INVALID, "lease: 1 to %d seconds (got %d)",
		    OUTBOX_LEASE_MAX_SECONDS, lease_seconds);
	if (limit < 1 || limit > OUTBOX_LEASE_MAX_ROWS)
		return err_set(err, ST_INVALID, "limit: 1 to %d messages (got %d)",
		    OUTBOX_LEASE_MAX_ROWS, limit);
	clock_now_str(now);
	if ((st = db_begin(db, err)) != ST_OK)
		return st;
	if ((st = q_outbox_lease_some(db, owner, now, lease_seconds, limit,
	    channel_id, communication_id, out, err)) != ST_OK)
		goto end;
	for (i = 0; st == ST_OK && i < out->count; i++) {
		o = rowlist_at(out, i);
		st = audit_record(db, actor_or_system(actor), "outbox.lease",
		    "outbox", o->id, err, "{s:s, s:s, s:i}", "owner", owner,
		    "until", o->lease_until, "attempt", o->attempts);
	}
end:
	st = db_end(db, st, err);
	if (st != ST_OK) {
		/* Rolled back: none of these rows is ours. */
		rowlist_free(out, (row_clear_fn)outbox_row_clear);
		rowlist_init(out, sizeof(struct outbox_row));
	}
	return st;
}

enum status
outbox_mark_delivered(struct db *db, const char *actor, long long id,
    const char *owner, const char *external_ref, struct err *err)
{
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = check_token("owner", owner, 128, err)) != ST_OK ||
	    (st = check_text("external_ref", external_ref, 1024, false,
	    err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(db, err)) != ST_OK)
		return st;
	if ((st = q_outbox_mark_delivered(db, id, owner, now, external_ref,
	    err)) != ST_OK)
		goto end;
	st = audit_record(db, actor_or_system(actor), "outbox.delivered",
	    "outbox", id, err, "{s:s}", "owner", owner);
end:
	st = db_end(db, st, err);
	return st;
}

/* Copy ERROR into BUF (OUTBOX_ERROR_MAX + 1 bytes), cut at a UTF-8
 * character boundary when too long. */
static void
cut_error(const char *error, char *buf)
{
	size_t n = strlen(error);

	if (n > OUTBOX_ERROR_MAX) {
		n = OUTBOX_ERROR_MAX;
		while (n > 0 && ((unsigned char)error[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf, error, n);
	buf[n] = '\0';
}

enum status
outbox_mark_failed(struct db *db, const char *actor, long long id,
    const char *owner, const char *error, bool is_permanent,
    const char *next_attempt_at, struct err *err)
{
	char next[CLOCK_BUFSZ], now[CLOCK_BUFSZ], *msg;
	enum status st;

	if ((st = check_token("owner", owner, 128, err)) != ST_OK)
		return st;
	if (error == NULL || *error == '\0')
		return err_set(err, ST_INVALID, "error: say what went wrong");
	if (next_attempt_at != NULL &&
	    (st = check_time("next_attempt_at", next_attempt_at, next, err)) != ST_OK)
		return st;
	if ((st = db_begin(db, err)) != ST_OK)
		return st;
	msg = xmalloc(OUTBOX_ERROR_MAX + 1);
	cut_error(error, msg);
	clock_now_str(now);
	if ((st = q_outbox_mark_failed(db, id, owner, msg, is_permanent,
	    next_attempt_at != NULL ? next : NULL, now, err)) != ST_OK)
		goto end;
	/* The error text stays out: a far end's message may quote an address. */
	st = audit_record(db, actor_or_system(actor), "outbox.failed", "outbox",
	    id, err, "{s:s, s:b, s:s?}", "owner", owner, "permanent",
	    is_permanent, "next_attempt_at", is_permanent || next_attempt_at ==
	    NULL ? NULL : next);
end:
	st = db_end(db, st, err);
	free(msg);
	return st;
}

enum status
outbox_get(struct session *s, long long id, struct outbox_row *out,
    struct err *err)
{
	enum status st;

	if ((st = q_outbox_by_id(s->db, id, out, err)) != ST_OK)
		return st;
	/* A message about an incident under embargo is part of it. */
	if (out->communication_id != 0 && (st = access_check_comm(s,
	    out->communication_id, "outbox", err)) != ST_OK)
		outbox_row_clear(out);
	return st;
}

enum status
outbox_list(struct session *s, const char *state, long long limit,
    long long offset, struct rowlist *out, struct err *err)
{
	char all[128];

	rowlist_init(out, sizeof(struct outbox_row));
	if (state != NULL && !vocab_has(states, state))
		return err_set(err, ST_INVALID, "state %s: expected one of %s",
		    state, vocab_join(states, all, sizeof all));
	if (limit < 0 || offset < 0)
		return err_set(err, ST_INVALID, "limit and offset are not negative");
	return q_outbox_list(s->db, state, limit, offset, out, err);
}

enum status
outbox_counts(struct session *s, struct outbox_counts *c, struct err *err)
{
	return q_outbox_counts(s->db, c, err);
}

enum status
outbox_list_for_communication(struct session *s, long long communication_id,
    long long limit, struct rowlist *out, struct err *err)
{
	rowlist_init(out, sizeof(struct outbox_row));
	if (limit < 0)
		return err_set(err, ST_INVALID, "limit is not negative");
	return q_outbox_list_for_communication(s->db, communication_id, limit,
	    out, err);
}

enum status
outbox_counts_for_communication(struct session *s, long long communication_id,
    struct outbox_counts *c, struct err *err)
{
	return q_outbox_counts_for_communication(s->db, communication_id, c,
	    err);
}

static enum status
validate_manual(const struct manual_delivery_new *in, char *delivered,
    struct err *err)
{
	char now[CLOCK_BUFSZ];
	enum status st;

	if (in == NULL)
		return err_set(err, ST_INVALID, "no delivery given");
	if (in->communication_id <= 0)
		return err_set(err, ST_INVALID, "communication: which one?");
	if ((st = check_text("means", in->means, 64, true, err)) != ST_OK ||
	    (st = check_text("target", in->target, 512, true, err)) != ST_OK ||
	    (st = check_text("reference", in->reference, 512, false,
	    err)) != ST_OK ||
	    (st = check_text("evidence", in->evidence, 4096, false, err)) != ST_OK)
		return st;
	if (in->delivered_at == NULL || *in->delivered_at == '\0')
		return err_set(err, ST_INVALID, "delivered_at: when was it "
		    "delivered?");
	if ((st = check_time("delivered_at", in->delivered_at, delivered,
	    err)) != ST_OK)
		return st;
	clock_now_str(now);
	if (strcmp(delivered, now) > 0)
		return err_set(err, ST_INVALID, "delivered_at: %s is in the future",
		    delivered);
	return ST_OK;
}

enum status
manual_delivery_record(struct session *s,
    const struct manual_delivery_new *in, long long *id, struct err *err)
{
	struct communication c = { 0 };
	struct manual_delivery m = { 0 };
	char now[CLOCK_BUFSZ], delivered[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = validate_manual(in, delivered, err)) != ST_OK)
		return st;
	clock_now_str(now);
	m.communication_id = in->communication_id;
	m.means = (char *)in->means;
	m.target = (char *)in->target;
	m.delivered_at = delivered;
	m.reference = (char *)in->reference;
	m.evidence = (char *)in->evidence;
	m.recorded_by = s->user.id;
	m.recorded_at = now;
	/* Need to know: one not named on an embargoed incident records
	 * nothing about it; the refusal is audited in its own transaction. */
	if ((st = access_check_comm(s, m.communication_id, "deliver",
	    err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_communication_by_id(s->db, m.communication_id, &c,
	    err)) != ST_OK ||
	    (st = q_manual_delivery_insert(s->db, &m, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "delivery.manual", "communication",
	    c.id, err, "{s:I, s:s, s:s}", "delivery", (json_int_t)m.id, "means",
	    m.means, "delivered_at", delivered);
end:
	st = db_end(s->db, st, err);
	communication_clear(&c);
	if (st == ST_OK && id != NULL)
		*id = m.id;
	return st;
}

enum status
manual_delivery_list(struct session *s, long long communication_id,
    struct rowlist *out, struct err *err)
{
	return q_manual_delivery_list(s->db, communication_id, out, err);
}

/* ---- at send time ---- */

enum status
outbox_send_check(struct session *s, const struct outbox_row *row,
    enum outbox_verdict *verdict, char *until, char *why, size_t why_len,
    struct err *err)
{
	struct outbox_facts f;
	char now[CLOCK_BUFSZ];
	enum status st;

	*verdict = OUTBOX_GO;
	*until = '\0';
	if (why_len > 0)
		*why = '\0';
	if ((st = q_outbox_facts(s->db, row->id, &f, err)) != ST_OK)
		return st;
	clock_now_str(now);
	/* Addresses stay out of WHY: it goes to the audit-free last_error,
	 * but is shown to whoever reads the queue. */
	if (f.has_subscriber && f.subscriber_erased_at != NULL) {
		*verdict = OUTBOX_CANCEL;
		snprintf(why, why_len, "subscriber %lld was erased at %s",
		    row->subscriber_id, f.subscriber_erased_at);
	} else if (f.has_subscriber && f.subscriber_unsubscribed_at != NULL) {
		*verdict = OUTBOX_CANCEL;
		snprintf(why, why_len, "subscriber %lld unsubscribed at %s",
		    row->subscriber_id, f.subscriber_unsubscribed_at);
	} else if (f.has_customer && f.customer_erased_at != NULL) {
		*verdict = OUTBOX_CANCEL;
		snprintf(why, why_len, "customer %lld was erased at %s",
		    row->customer_id, f.customer_erased_at);
	} else if (f.embargo_until != NULL && strcmp(f.embargo_until, now) > 0) {
		*verdict = OUTBOX_WAIT;
		snprintf(until, CLOCK_BUFSZ, "%s", f.embargo_until);
		snprintf(why, why_len, "the incident is under embargo until %s",
		    f.embargo_until);
	} else if (row->not_before != NULL && strcmp(row->not_before, now) > 0) {
		*verdict = OUTBOX_WAIT;
		snprintf(until, CLOCK_BUFSZ, "%s", row->not_before);
		snprintf(why, why_len, "not to be sent before %s",
		    row->not_before);
	}
	outbox_facts_clear(&f);
	return ST_OK;
}

enum status
outbox_mark_cancelled(struct db *db, const char *actor, long long id,
    const char *owner, const char *why, struct err *err)
{
	char now[CLOCK_BUFSZ], hash[HASH_HEX_SIZE], *msg;
	enum status st;

	if ((st = check_token("owner", owner, 128, err)) != ST_OK)
		return st;
	if (why == NULL || *why == '\0')
		return err_set(err, ST_INVALID, "why: say why it is cancelled");
	clock_now_str(now);
	msg = xmalloc(OUTBOX_ERROR_MAX + 1);
	cut_error(why, msg);
	if ((st = db_begin(db, err)) != ST_OK)
		goto out;
	if ((st = q_outbox_mark_cancelled(db, id, owner, msg, now, err)) !=
	    ST_OK)
		goto end;
	hash_sha256_hex(msg, strlen(msg), hash);
	st = audit_record(db, actor_or_system(actor), "outbox.cancelled",
	    "outbox", id, err, "{s:s, s:s, s:s}", "owner", owner, "from",
	    "leased", "reason_sha256", hash);
end:
	st = db_end(db, st, err);
out:
	free(msg);
	return st;
}

enum status
outbox_mark_waiting(struct db *db, const char *actor, long long id,
    const char *owner, const char *until, const char *why, struct err *err)
{
	char now[CLOCK_BUFSZ], when[CLOCK_BUFSZ], *msg;
	enum status st;

	if ((st = check_token("owner", owner, 128, err)) != ST_OK)
		return st;
	if (until == NULL || *until == '\0')
		return err_set(err, ST_INVALID, "until: until when?");
	if ((st = check_time("until", until, when, err)) != ST_OK)
		return st;
	clock_now_str(now);
	msg = xmalloc(OUTBOX_ERROR_MAX + 1);
	cut_error(why != NULL && *why != '\0' ? why : "waiting", msg);
	if ((st = db_begin(db, err)) != ST_OK)
		goto out;
	if ((st = q_outbox_mark_waiting(db, id, owner, when, msg, now, err)) !=
	    ST_OK)
		goto end;
	st = audit_record(db, actor_or_system(actor), "outbox.wait", "outbox",
	    id, err, "{s:s, s:s}", "owner", owner, "until", when);
end:
	st = db_end(db, st, err);
out:
	free(msg);
	return st;
}

enum status
outbox_list_for_subscriber(struct session *s, long long subscriber_id,
    long long limit, struct rowlist *out, struct err *err)
{
	rowlist_init(out, sizeof(struct outbox_row));
	if (limit < 0)
		return err_set(err, ST_INVALID, "limit is not negative");
	return q_outbox_list_for_subscriber(s->db, subscriber_id, limit, out,
	    err);
}

enum status
outbox_customers_told(struct session *s, long long incident_id,
    struct rowlist *out, struct err *err)
{
	return q_outbox_customers_told(s->db, incident_id, out, err);
}

/* Why row O cannot be retried or cancelled, WHAT ("retried"). */
static enum status
refuse_state(const struct outbox_row *o, const char *what, const char *now,
    struct err *err)
{
	if (strcmp(o->state, "delivered") == 0)
		return err_set(err, ST_CONFLICT, "outbox message %lld was "
		    "delivered at %s: a delivered message is never %s",
		    o->id, o->delivered_at != NULL ? o->delivered_at : "(unknown)",
		    strcmp(what, "retried") == 0 ? "sent again" : "cancelled");
	if (strcmp(o->state, "leased") == 0 && o->lease_until != NULL &&
	    strcmp(o->lease_until, now) > 0)
		return err_set(err, ST_CONFLICT, "outbox message %lld is being "
		    "sent by %s (lease until %s): it cannot be %s now", o->id,
		    o->lease_owner != NULL ? o->lease_owner : "a sender",
		    o->lease_until, what);
	return err_set(err, ST_CONFLICT, "outbox message %lld is %s: only a "
	    "%s message can be %s", o->id, o->state,
	    strcmp(what, "retried") == 0 ? "failed or cancelled" :
	    "pending or failed", what);
}

enum status
outbox_retry(struct session *s, long long id, struct err *err)
{
	struct outbox_row o = { 0 };
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_outbox_by_id(s->db, id, &o, err)) != ST_OK)
		goto end;
	st = q_outbox_retry(s->db, id, now, err);
	if (st == ST_NOTFOUND)
		st = refuse_state(&o, "retried", now, err);
	if (st != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "outbox.retry", "outbox", id, err,
	    "{s:s, s:i}", "from", o.state, "attempts", o.attempts);
end:
	st = db_end(s->db, st, err);
	outbox_row_clear(&o);
	return st;
}

enum status
outbox_cancel(struct session *s, long long id, const char *reason,
    struct err *err)
{
	struct outbox_row o = { 0 };
	char now[CLOCK_BUFSZ], hash[HASH_HEX_SIZE];
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if (reason == NULL || *reason == '\0')
		return err_set(err, ST_INVALID, "reason: say why the message is "
		    "cancelled");
	if ((st = check_text("reason", reason, OUTBOX_ERROR_MAX, true,
	    err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_outbox_by_id(s->db, id, &o, err)) != ST_OK)
		goto end;
	st = q_outbox_cancel(s->db, id, reason, now, err);
	if (st == ST_NOTFOUND)
		st = refuse_state(&o, "cancelled", now, err);
	if (st != ST_OK)
		goto end;
	hash_sha256_hex(reason, strlen(reason), hash);
	st = audit_record(s->db, s->actor, "outbox.cancelled", "outbox", id,
	    err, "{s:s, s:s}", "from", o.state, "reason_sha256", hash);
end:
	st = db_end(s->db, st, err);
	outbox_row_clear(&o);
	return st;
}
