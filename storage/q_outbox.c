/* storage/q_outbox.c - SQL for the outbox, its leases and manual deliveries. */
#include "config.h"

#include "storage/q_outbox.h"

#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"

#define OUTBOX_COLS "id, communication_id, channel_id, target, payload," \
	" idempotency_key, state, not_before, lease_owner, lease_until," \
	" attempts, next_attempt_at, last_error, delivered_at, external_ref," \
	" created_at, revision, output, purpose, subscriber_id, customer_id," \
	" updated_at"

/* The same columns of outbox aliased o, for joins. */
#define OUTBOX_COLS_O "o.id, o.communication_id, o.channel_id, o.target," \
	" o.payload, o.idempotency_key, o.state, o.not_before, o.lease_owner," \
	" o.lease_until, o.attempts, o.next_attempt_at, o.last_error," \
	" o.delivered_at, o.external_ref, o.created_at, o.revision, o.output," \
	" o.purpose, o.subscriber_id, o.customer_id, o.updated_at"

/* The same, named by table, where the query-plan test reads the plan. */
#define OUTBOX_COLS_T \
	"outbox.id, outbox.communication_id, outbox.channel_id," \
	" outbox.target, outbox.payload, outbox.idempotency_key," \
	" outbox.state, outbox.not_before, outbox.lease_owner," \
	" outbox.lease_until, outbox.attempts," \
	" outbox.next_attempt_at, outbox.last_error," \
	" outbox.delivered_at, outbox.external_ref," \
	" outbox.created_at, outbox.revision, outbox.output," \
	" outbox.purpose, outbox.subscriber_id, outbox.customer_id," \
	" outbox.updated_at"

/* A message's incident (none for a ticket or an end-of-life notice), and
 * whether the viewer may see it; with outbox aliased o, and by table
 * name for the queries the query-plan test reads. */
#define SEES_JOIN \
	" LEFT JOIN communications c ON c.id = o.communication_id" \
	" LEFT JOIN incidents i ON i.id = c.incident_id"
#define SEES_OK " (i.id IS NULL OR" SQL_SEES("i") ")"
#define SEES_JOIN_T \
	" LEFT JOIN communications ON communications.id =" \
	" outbox.communication_id" \
	" LEFT JOIN incidents ON incidents.id = communications.incident_id"
#define SEES_OK_T " (incidents.id IS NULL OR" SQL_SEES("incidents") ")"

#define MANUAL_COLS "id, communication_id, means, target, delivered_at," \
	" reference, evidence, recorded_by, recorded_at"

void
manual_delivery_clear(struct manual_delivery *m)
{
	if (m == NULL)
		return;
	free(m->means);
	free(m->target);
	free(m->delivered_at);
	free(m->reference);
	free(m->evidence);
	free(m->recorded_at);
	memset(m, 0, sizeof *m);
}

static void
fill(sqlite3_stmt *s, void *row)
{
	struct outbox_row *o = row;

	o->id = sqlite3_column_int64(s, 0);
	o->communication_id = sqlite3_column_int64(s, 1);
	o->channel_id = sqlite3_column_int64(s, 2);
	o->target = db_col_text(s, 3);
	o->payload = db_col_text(s, 4);
	o->idempotency_key = db_col_text(s, 5);
	o->state = db_col_text(s, 6);
	o->not_before = db_col_text(s, 7);
	o->lease_owner = db_col_text(s, 8);
	o->lease_until = db_col_text(s, 9);
	o->attempts = sqlite3_column_int(s, 10);
	o->next_attempt_at = db_col_text(s, 11);
	o->last_error = db_col_text(s, 12);
	o->delivered_at = db_col_text(s, 13);
	o->external_ref = db_col_text(s, 14);
	o->created_at = db_col_text(s, 15);
	o->revision = sqlite3_column_int(s, 16);
	o->output = db_col_text(s, 17);
	o->purpose = db_col_text(s, 18);
	o->subscriber_id = sqlite3_column_int64(s, 19);
	o->customer_id = sqlite3_column_int64(s, 20);
	o->updated_at = db_col_text(s, 21);
}

static void
fill_manual(sqlite3_stmt *s, void *row)
{
	struct manual_delivery *m = row;

	m->id = sqlite3_column_int64(s, 0);
	m->communication_id = sqlite3_column_int64(s, 1);
	m->means = db_col_text(s, 2);
	m->target = db_col_text(s, 3);
	m->delivered_at = db_col_text(s, 4);
	m->reference = db_col_text(s, 5);
	m->evidence = db_col_text(s, 6);
	m->recorded_by = sqlite3_column_int64(s, 7);
	m->recorded_at = db_col_text(s, 8);
}

/*
 * What an incident's screen reads per communication, for the query-plan
 * test too (schema step 7 has the indexes):
 *   the messages backwards along outbox_communication (communication_id,
 *   state, id): no sort, and the walk stops after LIMIT rows;
 *   the counts by state grouped in the order of that index, which covers
 *   them;
 *   the manual deliveries along manual_deliveries_communication
 *   (communication_id, id);
 *   what went to one subscriber backwards along outbox_subscriber
 *   (subscriber_id, id), step 13.
 */
enum {
	OQ_FOR_COMMUNICATION, OQ_COUNTS_FOR_COMMUNICATION,
	OQ_MANUAL_FOR_COMMUNICATION, OQ_FOR_SUBSCRIBER, OQ_N,
};

static const struct db_query queries[OQ_N] = {
	/* Need to know: no row about an incident under embargo for those
	 * not named on it (a message names its target). */
	[OQ_FOR_COMMUNICATION] = { "outbox of a communication",
	    "SELECT " OUTBOX_COLS_T " FROM outbox" SEES_JOIN_T
	    " WHERE outbox.communication_id = ?1 AND" SEES_OK_T
	    " ORDER BY outbox.state DESC, outbox.id DESC LIMIT ?2" },
	[OQ_COUNTS_FOR_COMMUNICATION] = { "outbox counts of a communication",
	    "SELECT state, count(*) FROM outbox"
	    " WHERE communication_id = ? GROUP BY state" },
	[OQ_MANUAL_FOR_COMMUNICATION] = {
	    "manual deliveries of a communication",
	    "SELECT " MANUAL_COLS " FROM manual_deliveries"
	    " WHERE communication_id = ? ORDER BY id" },
	[OQ_FOR_SUBSCRIBER] = { "outbox of a subscriber",
	    "SELECT " OUTBOX_COLS_T " FROM outbox" SEES_JOIN_T
	    " WHERE outbox.subscriber_id = ?1 AND" SEES_OK_T
	    " ORDER BY outbox.id DESC LIMIT ?2" },
};

const struct db_query *
q_outbox_queries(size_t *n)
{
	*n = OQ_N;
	return queries;
}

static enum status
need_tx(struct db *db, const char *what, struct err *err)
{
	if (db->in_tx)
		return ST_OK;
	return err_set(err, ST_INTERNAL, "%s needs an open write transaction",
	    what);
}

enum status
q_outbox_insert(struct db *db, struct outbox_row *o, struct err *err)
{
	static const char sql[] = "INSERT INTO outbox (communication_id,"
	    " channel_id, target, payload, idempotency_key, not_before,"
	    " created_at, revision, output, purpose, subscriber_id, customer_id,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?7)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_id0(s, 1, o->communication_id);
	sqlite3_bind_int64(s, 2, o->channel_id);
	db_bind_text(s, 3, o->target);
	db_bind_text(s, 4, o->payload);
	db_bind_text(s, 5, o->idempotency_key);
	db_bind_text(s, 6, o->not_before);
	db_bind_text(s, 7, o->created_at);
	if (o->revision > 0)
		sqlite3_bind_int(s, 8, o->revision);
	db_bind_text(s, 9, o->output);
	db_bind_text(s, 10, o->purpose != NULL ? o->purpose : "publish");
	db_bind_id0(s, 11, o->subscriber_id);
	db_bind_id0(s, 12, o->customer_id);
	st = db_step_write(db, s, &o->id, "enqueue", err);
	if (st == ST_OK)
		o->attempts = 0;
	else if (st == ST_EXISTS)
		err_set(err, st, "a message with idempotency key %s is already "
		    "in the outbox", o->idempotency_key);
	else if (db_failed_fk(db))
		st = err_set(err, ST_NOTFOUND, "no channel with id %lld (or no "
		    "communication with id %lld)", o->channel_id,
		    o->communication_id);
	return st;
}

enum status
q_outbox_by_id(struct db *db, long long id, struct outbox_row *o,
    struct err *err)
{
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox"
	    " WHERE id = ?1";

	return db_load_by_id(db, sql, id, fill, o, "load outbox message", err,
	    "no outbox message with id %lld", id);
}

static int
cmp_id(const void *a, const void *b)
{
	const struct outbox_row *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

enum status
q_outbox_lease_some(struct db *db, const char *owner, const char *now,
    int lease_seconds, int limit, long long channel_id,
    long long communication_id, struct rowlist *out, struct err *err)
{
	/*
	 * One statement picks and claims the rows, so no other sender can
	 * slip in between; the write lock of the caller's transaction keeps
	 * a second connection out until commit.
	 */
	static const char sql[] = "UPDATE outbox SET state = 'leased',"
	    " lease_owner = ?1,"
	    " lease_until = strftime('%Y-%m-%dT%H:%M:%SZ', ?2,"
	    " '+' || ?3 || ' seconds'),"
	    " attempts = attempts + 1, updated_at = ?2"
	    " WHERE id IN (SELECT id FROM outbox WHERE"
	    " ((state = 'pending'"
	    " AND (next_attempt_at IS NULL OR next_attempt_at <= ?2)"
	    " AND (not_before IS NULL OR not_before <= ?2))"
	    " OR (state = 'leased' AND lease_until <= ?2))"
	    " AND (?5 = 0 OR channel_id = ?5)"
	    " AND (?6 = 0 OR communication_id = ?6)"
	    " ORDER BY id LIMIT ?4)"
	    " RETURNING " OUTBOX_COLS;
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct outbox_row));
	if ((st = need_tx(db, "leasing", err)) != ST_OK)
		return st;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, owner);
	db_bind_text(s, 2, now);
	sqlite3_bind_int(s, 3, lease_seconds);
	sqlite3_bind_int(s, 4, limit);
	sqlite3_bind_int64(s, 5, channel_id);
	sqlite3_bind_int64(s, 6, communication_id);
	st = db_step_list(db, s, fill, out, "lease outbox messages", err);
	if (st == ST_OK && out->count > 0) {
		/* RETURNING promises no order. */
		qsort(out->items, out->count, out->size, cmp_id);
		db_note_write(db);
	}
	return st;
}

/* Say why OWNER may not mark row ID: it is gone, final, or someone else's. */
static enum status
refuse_mark(struct db *db, long long id, const char *owner, struct err *err)
{
	struct outbox_row o = { 0 };
	enum status st;

	if ((st = q_outbox_by_id(db, id, &o, err)) != ST_OK)
		return st;
	if (strcmp(o.state, "delivered") == 0)
		st = err_set(err, ST_CONFLICT, "outbox message %lld was already "
		    "delivered at %s", id, o.delivered_at != NULL ?
		    o.delivered_at : "(unknown)");
	else if (strcmp(o.state, "leased") == 0)
		st = err_set(err, ST_CONFLICT, "outbox message %lld is leased by "
		    "%s now, not %s: the lease ran out and another sender took it",
		    id, o.lease_owner != NULL ? o.lease_owner : "(nobody)", owner);
	else
		st = err_set(err, ST_CONFLICT, "outbox message %lld is %s, not "
		    "leased by %s", id, o.state, owner);
	outbox_row_clear(&o);
	return st;
}

/*
 * Prepare a write that needs the caller's transaction: DOING names it
 * for the error ("marking delivered needs an open write transaction").
 */
static enum status
prepare_write(struct db *db, const char *sql, const char *doing,
    sqlite3_stmt **s, struct err *err)
{
	enum status st;

	if ((st = need_tx(db, doing, err)) != ST_OK)
		return st;
	return db_stmt(db, sql, s, err);
}

/*
 * Prepare a mark of leased row ID by OWNER: every mark statement reads
 * ?1 as the row and ?2 as the lease owner, and its own values from ?3.
 */
static enum status
prepare_mark(struct db *db, const char *sql, long long id, const char *owner,
    const char *doing, sqlite3_stmt **s, struct err *err)
{
	enum status st;

	if ((st = prepare_write(db, sql, doing, s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(*s, 1, id);
	db_bind_text(*s, 2, owner);
	return ST_OK;
}

/* Run the mark S; when it changed nothing, say why. */
static enum status
finish_mark(struct db *db, sqlite3_stmt *s, long long id, const char *owner,
    const char *what, struct err *err)
{
	enum status st;

	st = db_step_change(db, s, what, err, NULL);
	if (st == ST_NOTFOUND)
		st = refuse_mark(db, id, owner, err);
	return st;
}

/* Only the lease's owner marks a row, and only while it holds it. */
#define MARK_WHERE " WHERE id = ?1 AND state = 'leased' AND lease_owner = ?2"

enum status
q_outbox_mark_delivered(struct db *db, long long id, const char *owner,
    const char *now, const char *external_ref, struct err *err)
{
	static const char sql[] = "UPDATE outbox SET state = 'delivered',"
	    " delivered_at = ?3, external_ref = ?4, lease_until = NULL,"
	    " next_attempt_at = NULL, last_error = NULL, updated_at = ?3"
	    MARK_WHERE;
	sqlite3_stmt *s;
	enum status st;

	if ((st = prepare_mark(db, sql, id, owner, "marking delivered", &s,
	    err)) != ST_OK)
		return st;
	db_bind_text(s, 3, now);
	db_bind_text(s, 4, external_ref);
	return finish_mark(db, s, id, owner, "mark delivered", err);
}

enum status
q_outbox_mark_failed(struct db *db, long long id, const char *owner,
    const char *error, bool is_permanent, const char *next_attempt_at,
    const char *now, struct err *err)
{
	/* The owner stays on a row that failed for good: it tells who gave up. */
	static const char sql[] = "UPDATE outbox SET"
	    " state = CASE WHEN ?3 THEN 'failed' ELSE 'pending' END,"
	    " lease_owner = CASE WHEN ?3 THEN lease_owner ELSE NULL END,"
	    " lease_until = NULL, last_error = ?4,"
	    " next_attempt_at = CASE WHEN ?3 THEN NULL ELSE ?5 END,"
	    " updated_at = ?6"
	    MARK_WHERE;
	sqlite3_stmt *s;
	enum status st;

	if ((st = prepare_mark(db, sql, id, owner, "marking failed", &s,
	    err)) != ST_OK)
		return st;
	sqlite3_bind_int(s, 3, is_permanent ? 1 : 0);
	db_bind_text(s, 4, error);
	db_bind_text(s, 5, next_attempt_at);
	db_bind_text(s, 6, now);
	return finish_mark(db, s, id, owner, "mark failed", err);
}

enum status
q_outbox_list(struct db *db, const char *state, long long limit,
    long long offset, struct rowlist *out, struct err *err)
{
	/* Need to know: the messages about an incident under embargo show
	 * only to those who may see it. */
	static const char sql[] = "SELECT " OUTBOX_COLS_O " FROM outbox o"
	    SEES_JOIN " WHERE (?1 IS NULL OR o.state = ?1) AND" SEES_OK
	    " ORDER BY o.id LIMIT ?2 OFFSET ?3";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct outbox_row));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, state);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	sqlite3_bind_int64(s, 3, offset > 0 ? offset : 0);
	return db_step_list(db, s, fill, out, "list outbox", err);
}

enum status
q_outbox_list_for_communication(struct db *db, long long communication_id,
    long long limit, struct rowlist *out, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct outbox_row));
	if ((st = db_stmt(db, queries[OQ_FOR_COMMUNICATION].sql, &s, err)) !=
	    ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	return db_step_list(db, s, fill, out, "list outbox", err);
}

/* Read the (state, count) rows of S into C. */
static enum status
step_counts(struct db *db, sqlite3_stmt *s, struct outbox_counts *c,
    struct err *err)
{
	const char *state;
	enum status st = ST_OK;
	long long n;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		state = (const char *)sqlite3_column_text(s, 0);
		n = sqlite3_column_int64(s, 1);
		if (strcmp(state, "pending") == 0)
			c->pending = n;
		else if (strcmp(state, "leased") == 0)
			c->leased = n;
		else if (strcmp(state, "delivered") == 0)
			c->delivered = n;
		else if (strcmp(state, "failed") == 0)
			c->failed = n;
		else if (strcmp(state, "cancelled") == 0)
			c->cancelled = n;
	}
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "count outbox");
	db_stmt_done(s);
	return st;
}

enum status
q_outbox_counts(struct db *db, struct outbox_counts *c, struct err *err)
{
	static const char sql[] = "SELECT state, count(*) FROM outbox"
	    " GROUP BY state";
	sqlite3_stmt *s;
	enum status st;

	memset(c, 0, sizeof *c);
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return step_counts(db, s, c, err);
}

enum status
q_outbox_counts_for_communication(struct db *db, long long communication_id,
    struct outbox_counts *c, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	memset(c, 0, sizeof *c);
	if ((st = db_stmt(db, queries[OQ_COUNTS_FOR_COMMUNICATION].sql, &s,
	    err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	return step_counts(db, s, c, err);
}

enum status
q_manual_delivery_insert(struct db *db, struct manual_delivery *m,
    struct err *err)
{
	static const char sql[] = "INSERT INTO manual_deliveries"
	    " (communication_id, means, target, delivered_at, reference,"
	    " evidence, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, m->communication_id);
	db_bind_text(s, 2, m->means);
	db_bind_text(s, 3, m->target);
	db_bind_text(s, 4, m->delivered_at);
	db_bind_text(s, 5, m->reference != NULL ? m->reference : "");
	db_bind_text(s, 6, m->evidence != NULL ? m->evidence : "");
	db_bind_id0(s, 7, m->recorded_by);
	db_bind_text(s, 8, m->recorded_at);
	st = db_step_write(db, s, &m->id, "record manual delivery", err);
	if (db_failed_fk(db))
		st = err_set(err, ST_NOTFOUND, "no communication with id %lld",
		    m->communication_id);
	return st;
}

enum status
q_manual_delivery_list(struct db *db, long long communication_id,
    struct rowlist *out, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct manual_delivery));
	if ((st = db_stmt(db, queries[OQ_MANUAL_FOR_COMMUNICATION].sql, &s,
	    err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	return db_step_list(db, s, fill_manual, out, "list manual deliveries",
	    err);
}

enum status
q_outbox_list_for_subscriber(struct db *db, long long subscriber_id,
    long long limit, struct rowlist *out, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct outbox_row));
	if ((st = db_stmt(db, queries[OQ_FOR_SUBSCRIBER].sql, &s, err)) !=
	    ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, subscriber_id);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	return db_step_list(db, s, fill, out, "list outbox", err);
}

void
outbox_facts_clear(struct outbox_facts *f)
{
	if (f == NULL)
		return;
	free(f->subscriber_unsubscribed_at);
	free(f->subscriber_erased_at);
	free(f->customer_erased_at);
	free(f->embargo_until);
	memset(f, 0, sizeof *f);
}

static void
fill_facts(sqlite3_stmt *s, void *row)
{
	struct outbox_facts *f = row;

	f->has_subscriber = sqlite3_column_type(s, 0) != SQLITE_NULL;
	f->subscriber_unsubscribed_at = db_col_text(s, 1);
	f->subscriber_erased_at = db_col_text(s, 2);
	f->has_customer = sqlite3_column_type(s, 3) != SQLITE_NULL;
	f->customer_erased_at = db_col_text(s, 4);
	f->embargo_until = db_col_text(s, 5);
}

enum status
q_outbox_facts(struct db *db, long long id, struct outbox_facts *f,
    struct err *err)
{
	/* A subscriber row that is gone (it never is: erasure keeps it)
	 * reads as erased. */
	static const char sql[] = "SELECT o.subscriber_id,"
	    " s.unsubscribed_at,"
	    " CASE WHEN o.subscriber_id IS NOT NULL AND s.id IS NULL"
	    "  THEN o.created_at ELSE s.erased_at END,"
	    " o.customer_id,"
	    " CASE WHEN o.customer_id IS NOT NULL AND cu.id IS NULL"
	    "  THEN o.created_at ELSE cu.erased_at END,"
	    " i.embargo_until"
	    " FROM outbox o"
	    " LEFT JOIN subscribers s ON s.id = o.subscriber_id"
	    " LEFT JOIN customers cu ON cu.id = o.customer_id"
	    " LEFT JOIN communications c ON c.id = o.communication_id"
	    " LEFT JOIN incidents i ON i.id = c.incident_id"
	    " WHERE o.id = ?1";

	memset(f, 0, sizeof *f);
	return db_load_by_id(db, sql, id, fill_facts, f, "read outbox facts",
	    err, "no outbox message with id %lld", id);
}

enum status
q_outbox_mark_cancelled(struct db *db, long long id, const char *owner,
    const char *why, const char *now, struct err *err)
{
	static const char sql[] = "UPDATE outbox SET state = 'cancelled',"
	    " lease_until = NULL, next_attempt_at = NULL, last_error = ?3,"
	    " updated_at = ?4"
	    MARK_WHERE;
	sqlite3_stmt *s;
	enum status st;

	if ((st = prepare_mark(db, sql, id, owner, "cancelling", &s, err)) !=
	    ST_OK)
		return st;
	db_bind_text(s, 3, why);
	db_bind_text(s, 4, now);
	return finish_mark(db, s, id, owner, "cancel outbox message", err);
}

enum status
q_outbox_mark_waiting(struct db *db, long long id, const char *owner,
    const char *until, const char *why, const char *now, struct err *err)
{
	/* The attempt the lease counted was no attempt: give it back. */
	static const char sql[] = "UPDATE outbox SET state = 'pending',"
	    " lease_owner = NULL, lease_until = NULL, next_attempt_at = ?3,"
	    " last_error = ?4, attempts = max(attempts - 1, 0), updated_at = ?5"
	    MARK_WHERE;
	sqlite3_stmt *s;
	enum status st;

	if ((st = prepare_mark(db, sql, id, owner, "putting back", &s, err)) !=
	    ST_OK)
		return st;
	db_bind_text(s, 3, until);
	db_bind_text(s, 4, why);
	db_bind_text(s, 5, now);
	return finish_mark(db, s, id, owner, "put outbox message back", err);
}

/* Run a change of row ID by a person: ?1 is the row, ?2 the time, ?3 a
 * reason where there is one. */
static enum status
change_by_hand(struct db *db, const char *sql, long long id, const char *now,
    const char *reason, const char *doing, const char *what, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	if ((st = prepare_write(db, sql, doing, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, id);
	db_bind_text(s, 2, now);
	if (reason != NULL)	/* unbound reads as NULL */
		db_bind_text(s, 3, reason);
	return db_step_change(db, s, what, err, NULL);
}

enum status
q_outbox_retry(struct db *db, long long id, const char *now, struct err *err)
{
	/* Attempts start afresh: a person asked for the whole schedule. */
	static const char sql[] = "UPDATE outbox SET state = 'pending',"
	    " lease_owner = NULL, lease_until = NULL, next_attempt_at = NULL,"
	    " attempts = 0, updated_at = ?2"
	    " WHERE id = ?1 AND state IN ('failed', 'cancelled')";

	return change_by_hand(db, sql, id, now, NULL, "retrying",
	    "retry outbox message", err);
}

enum status
q_outbox_cancel(struct db *db, long long id, const char *reason,
    const char *now, struct err *err)
{
	/* A lease that still holds belongs to a sender at work on it. */
	static const char sql[] = "UPDATE outbox SET state = 'cancelled',"
	    " lease_until = NULL, next_attempt_at = NULL, last_error = ?3,"
	    " updated_at = ?2"
	    " WHERE id = ?1 AND (state IN ('pending', 'failed')"
	    " OR (state = 'leased' AND lease_until <= ?2))";

	return change_by_hand(db, sql, id, now, reason, "cancelling",
	    "cancel outbox message", err);
}

enum status
q_outbox_first_targets(struct db *db, long long communication_id,
    struct rowlist *out, struct err *err)
{
	/* What the first publication went to, once per channel, output and
	 * target: rows cancelled at send time (an unsubscribe) stay out. */
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox"
	    " WHERE id IN (SELECT min(id) FROM outbox"
	    "  WHERE communication_id = ?1 AND purpose = 'publish'"
	    "  AND state <> 'cancelled'"
	    "  GROUP BY channel_id, output, target)"
	    " ORDER BY id";

	return db_list_by_id(db, sql, communication_id, fill,
	    sizeof(struct outbox_row), out, "list first publication", err);
}

void
outbox_address_clear(struct outbox_address *a)
{
	if (a == NULL)
		return;
	free(a->address);
	free(a->token);
	free(a->customer_name);
	memset(a, 0, sizeof *a);
}

static void
fill_address(sqlite3_stmt *s, void *row)
{
	struct outbox_address *a = row;

	a->customer_id = sqlite3_column_int64(s, 0);
	a->customer_name = db_col_text(s, 1);
	a->address = db_col_text(s, 2);
	a->subscriber_id = sqlite3_column_int64(s, 3);
	a->token = db_col_text(s, 4);
}

enum status
q_outbox_customer_addresses(struct db *db, long long cycle_id,
    const char *product_slug, const char *cycle, struct rowlist *out,
    struct err *err)
{
	/*
	 * The customers (not erased) running release cycle CYCLE_ID, or
	 * PRODUCT_SLUG in CYCLE (NULL: any cycle of it), and their
	 * addresses: the contract's contact, the contacts, and their
	 * subscriber addresses that are confirmed and still subscribed.
	 */
	static const char sql[] = "WITH cu AS (SELECT DISTINCT c.id, c.name,"
	    " c.contact_email FROM customers c"
	    " JOIN deployments d ON d.customer_id = c.id"
	    " JOIN products p ON p.id = d.product_id"
	    " LEFT JOIN cycles cy ON cy.id = d.cycle_id"
	    " WHERE c.erased_at IS NULL AND ((?1 IS NOT NULL AND d.cycle_id = ?1)"
	    " OR (?1 IS NULL AND p.slug = ?2 AND (?3 IS NULL OR cy.cycle = ?3))))"
	    " SELECT cu.id, cu.name, cu.contact_email, NULL, NULL FROM cu"
	    "  WHERE cu.contact_email IS NOT NULL AND cu.contact_email <> ''"
	    " UNION ALL SELECT cu.id, cu.name, cc.email, NULL, NULL"
	    "  FROM customer_contacts cc JOIN cu ON cu.id = cc.customer_id"
	    "  WHERE cc.email IS NOT NULL AND cc.email <> ''"
	    " UNION ALL SELECT cu.id, cu.name, s.address, s.id, s.token"
	    "  FROM subscribers s JOIN cu ON cu.id = s.customer_id"
	    "  WHERE s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL"
	    "  AND s.erased_at IS NULL AND s.address IS NOT NULL"
	    " ORDER BY 1, 4 DESC";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct outbox_address));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	if (cycle_id > 0)
		sqlite3_bind_int64(s, 1, cycle_id);
	db_bind_text(s, 2, product_slug);
	db_bind_text(s, 3, cycle);
	return db_step_list(db, s, fill_address, out, "list customer addresses",
	    err);
}

void
customer_told_clear(struct customer_told *t)
{
	if (t == NULL)
		return;
	free(t->customer_name);
	free(t->communication_title);
	free(t->state);
	free(t->delivered_at);
	memset(t, 0, sizeof *t);
}

static void
fill_told(sqlite3_stmt *s, void *row)
{
	struct customer_told *t = row;

	t->customer_id = sqlite3_column_int64(s, 0);
	t->customer_name = db_col_text(s, 1);
	t->communication_id = sqlite3_column_int64(s, 2);
	t->communication_title = db_col_text(s, 3);
	t->state = db_col_text(s, 4);
	t->delivered_at = db_col_text(s, 5);
	t->manual = sqlite3_column_int64(s, 6);
}

enum status
q_outbox_customers_told(struct db *db, long long incident_id,
    struct rowlist *out, struct err *err)
{
	/* The best state of a customer's rows per communication: delivered
	 * beats leased beats pending beats failed; cancelled ones do not
	 * count. Manual deliveries name no customer, so none shows here as
	 * one; the column stays for a record that does. */
	static const char sql[] = "SELECT o.customer_id, cu.name, c.id, c.title,"
	    " CASE max(CASE o.state WHEN 'delivered' THEN 4 WHEN 'leased' THEN 3"
	    "  WHEN 'pending' THEN 2 WHEN 'failed' THEN 1 ELSE 0 END)"
	    "  WHEN 4 THEN 'delivered' WHEN 3 THEN 'leased' WHEN 2 THEN 'pending'"
	    "  ELSE 'failed' END,"
	    " min(o.delivered_at), 0"
	    " FROM incidents i"
	    " JOIN communications c ON c.incident_id = i.id"
	    " JOIN outbox o ON o.communication_id = c.id"
	    " JOIN customers cu ON cu.id = o.customer_id"
	    " WHERE i.id = ?1 AND o.customer_id IS NOT NULL"
	    " AND o.state <> 'cancelled' AND" SQL_SEES("i")
	    " GROUP BY o.customer_id, c.id"
	    " ORDER BY cu.name, o.customer_id, c.id";

	return db_list_by_id(db, sql, incident_id, fill_told,
	    sizeof(struct customer_told), out, "list customers told", err);
}

enum status
q_outbox_forget_subscriber(struct db *db, long long subscriber_id,
    const char *now, struct err *err)
{
	static const char sql[] = "UPDATE outbox SET"
	    " target = 'subscriber ' || subscriber_id || ' (erased)',"
	    " payload = CASE WHEN json_valid(payload) THEN"
	    "  json_remove(payload, '$.to', '$.unsubscribe_token') ELSE '{}' END,"
	    " updated_at = ?2"
	    " WHERE subscriber_id = ?1";
	sqlite3_stmt *s;
	enum status st;

	if ((st = prepare_write(db, sql, "forgetting an address", &s, err)) !=
	    ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, subscriber_id);
	db_bind_text(s, 2, now);
	return db_step_changes(db, s, NULL, "forget an erased address in the "
	    "outbox", err);
}

enum status
q_outbox_release(struct db *db, long long incident_id, const char *old_end,
    const char *due, const char *now, struct err *err)
{
	static const char sql[] = "UPDATE outbox SET"
	    " not_before = CASE WHEN not_before = ?2 THEN ?3 ELSE not_before"
	    "  END,"
	    " next_attempt_at = CASE WHEN next_attempt_at > ?3 THEN ?3"
	    "  ELSE next_attempt_at END,"
	    " updated_at = ?4"
	    " WHERE state = 'pending' AND (not_before = ?2 OR"
	    "  next_attempt_at > ?3) AND communication_id IN"
	    " (SELECT id FROM communications WHERE incident_id = ?1)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = prepare_write(db, sql, "releasing messages", &s, err)) !=
	    ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	db_bind_text(s, 2, old_end);
	db_bind_text(s, 3, due);
	db_bind_text(s, 4, now);
	return db_step_changes(db, s, NULL, "release messages held by an "
	    "embargo", err);
}
