/* storage/q_evidence_notify.c - SQL for the compliance questions on
 * lifecycle visibility, notification, contracts and incident IDs. */
#include "config.h"

#include "storage/q_evidence_notify.h"

#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"

/* The first time a communication C (an alias) of the rows WHERE picks
 * was told: its earliest delivered outbox row that is not a withdrawal,
 * or its earliest delivery recorded by hand. min() over a UNION ALL, as
 * the scalar min(a, b) would be NULL when either is. */
#define FIRST_TOLD(where) "(SELECT min(t) FROM (" \
	" SELECT o.delivered_at AS t FROM communications c" \
	"  JOIN outbox o ON o.communication_id = c.id" \
	"  WHERE " where " AND o.state = 'delivered'" \
	"  AND o.purpose <> 'withdrawal'" \
	" UNION ALL SELECT m.delivered_at FROM communications c" \
	"  JOIN manual_deliveries m ON m.communication_id = c.id" \
	"  WHERE " where "))"

/* ---- lifecycle ---------------------------------------------------------- */

void
evn_change_clear(struct evn_change *c)
{
	if (c == NULL)
		return;
	free(c->kind);
	free(c->ref);
	free(c->updated_at);
	memset(c, 0, sizeof *c);
}

static void
fill_change(sqlite3_stmt *s, void *row)
{
	struct evn_change *c = row;

	c->kind = db_col_text(s, 0);
	c->id = sqlite3_column_int64(s, 1);
	c->ref = db_col_text(s, 2);
	c->updated_at = db_col_text(s, 3);
}

#define CHANGES_SQL(cols, tail) "SELECT " cols " FROM (" \
	" SELECT 'product' AS kind, p.id AS id, p.slug AS ref," \
	"  p.updated_at AS at FROM products p WHERE p.updated_at > ?1" \
	" UNION ALL SELECT 'cycle', c.id, p.slug || ' ' || c.cycle," \
	"  c.updated_at FROM cycles c JOIN products p ON p.id = c.product_id" \
	"  WHERE c.updated_at > ?1)" tail

enum status
q_evn_lifecycle_changes(struct db *db, const char *since, long long limit,
    struct rowlist *out, long long *total, struct err *err)
{
	static const char list[] = CHANGES_SQL("kind, id, ref, at",
	    " ORDER BY at, kind, id LIMIT ?2");
	static const char count[] = CHANGES_SQL("count(*)", "");
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct evn_change));
	*total = 0;
	if ((st = db_stmt(db, count, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, since);
	if ((st = db_step_count(db, s, total, "read lifecycle changes",
	    err)) != ST_OK || *total == 0)
		return st;
	if ((st = db_stmt(db, list, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, since);
	sqlite3_bind_int64(s, 2, limit);
	return db_step_list(db, s, fill_change, out, "read lifecycle changes",
	    err);
}

void
evn_cycle_clear(struct evn_cycle *c)
{
	if (c == NULL)
		return;
	free(c->ref);
	free(c->eol);
	free(c->first_notice);
	memset(c, 0, sizeof *c);
}

static void
fill_cycle(sqlite3_stmt *s, void *row)
{
	struct evn_cycle *c = row;

	c->cycle_id = sqlite3_column_int64(s, 0);
	c->ref = db_col_text(s, 1);
	c->eol = db_col_text(s, 2);
	c->first_notice = db_col_text(s, 3);
	c->notice_comms = sqlite3_column_int64(s, 4);
}

enum status
q_evn_eol_cycles(struct db *db, const char *until, struct rowlist *out,
    struct err *err)
{
	/* Along cycles_eol; each cycle's notices along communications_cycle. */
	static const char sql[] = "SELECT y.id, p.slug || ' ' || y.cycle,"
	    " y.eol, " FIRST_TOLD("c.cycle_id = y.id AND c.kind = 'eol-notice'")
	    ", (SELECT count(*) FROM communications n WHERE n.cycle_id = y.id"
	    "  AND n.kind = 'eol-notice' AND n.state <> 'withdrawn')"
	    " FROM cycles y JOIN products p ON p.id = y.product_id"
	    " WHERE y.eol IS NOT NULL AND y.eol <> '' AND y.eol <= ?1"
	    " ORDER BY y.eol, y.id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct evn_cycle));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, until);
	return db_step_list(db, s, fill_cycle, out, "read end-of-life notices",
	    err);
}

/* ---- subscriptions ------------------------------------------------------ */

void
evn_subscribe_clear(struct evn_subscribe *s)
{
	if (s == NULL)
		return;
	free(s->channel);
	memset(s, 0, sizeof *s);
}

static void
fill_subscribe(sqlite3_stmt *s, void *row)
{
	struct evn_subscribe *o = row;

	o->channel_id = sqlite3_column_int64(s, 0);
	o->channel = db_col_text(s, 1);
	o->n_confirmed = sqlite3_column_int64(s, 2);
}

enum status
q_evn_subscribe(struct db *db, struct evn_subscribe *out, struct err *err)
{
	/* A drill's test list is no way for customers to subscribe. */
	static const char sql[] = "SELECT ch.id, ch.name,"
	    " (SELECT count(*) FROM subscribers s"
	    "  WHERE s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL"
	    "  AND s.erased_at IS NULL AND EXISTS (SELECT 1 FROM subscriptions l"
	    "  WHERE l.subscriber_id = s.id AND l.list NOT LIKE 'drill:%'))"
	    " FROM (SELECT 1) LEFT JOIN (SELECT id, name FROM channels"
	    "  WHERE kind = 'email' AND is_enabled = 1 ORDER BY id LIMIT 1) ch";
	sqlite3_stmt *s;
	enum status st;

	memset(out, 0, sizeof *out);
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_one(db, s, fill_subscribe, out, "read subscriptions",
	    err, NULL);
}

/* ---- incidents told ----------------------------------------------------- */

void
evn_incident_clear(struct evn_incident *i)
{
	if (i == NULL)
		return;
	free(i->ref);
	free(i->severity);
	free(i->aware_at);
	free(i->first_told);
	free(i->regulator_notified);
	free(i->reason_not_notified);
	memset(i, 0, sizeof *i);
}

static void
fill_incident(sqlite3_stmt *s, void *row)
{
	struct evn_incident *i = row;

	i->id = sqlite3_column_int64(s, 0);
	i->ref = db_col_text(s, 1);
	i->severity = db_col_text(s, 2);
	i->aware_at = db_col_text(s, 3);
	i->first_told = db_col_text(s, 4);
	i->breach_id = sqlite3_column_int64(s, 5);
	i->regulator_notified = db_col_text(s, 6);
	i->reason_not_notified = db_col_text(s, 7);
}

#define CUSTOMERS_AUDIENCE "c.audience IN ('public', 'customers')"
#define REGULATOR_AUDIENCE "c.audience = 'regulator'"
#define HIGH_IMPACT "i.is_drill = 0 AND i.severity IN ('high', 'critical')"
#define BREACHES "i.is_drill = 0 AND i.trigger_kind = 'data-breach'"

enum status
q_evn_incidents(struct db *db, enum evn_audience which, struct rowlist *out,
    struct err *err)
{
	static const char customers[] = "SELECT i.id, i.ref, i.severity,"
	    " i.aware_at, " FIRST_TOLD("c.incident_id = i.id AND "
	    CUSTOMERS_AUDIENCE) ", 0, NULL, ''"
	    " FROM incidents i WHERE " HIGH_IMPACT " AND" SQL_SEES("i")
	    " ORDER BY i.aware_at, i.id";
	/* The register's newest row about the incident says whether the
	 * regulator had to be told. */
	static const char regulator[] = "SELECT i.id, i.ref, i.severity,"
	    " i.aware_at, " FIRST_TOLD("c.incident_id = i.id AND "
	    REGULATOR_AUDIENCE) ", b.id, b.regulator_notified,"
	    " coalesce(b.reason_not_notified, '')"
	    " FROM incidents i LEFT JOIN breaches b ON b.id = (SELECT max(x.id)"
	    "  FROM breaches x WHERE x.incident_id = i.id)"
	    " WHERE " BREACHES " AND" SQL_SEES("i")
	    " ORDER BY i.aware_at, i.id";

	return db_list(db, which == EVN_REGULATOR ? regulator : customers,
	    fill_incident, sizeof(struct evn_incident), out,
	    "read incidents told", err);
}

static void
fill_comm(sqlite3_stmt *s, void *row)
{
	struct evn_comm *c = row;

	c->incident_id = sqlite3_column_int64(s, 0);
	c->comm_id = sqlite3_column_int64(s, 1);
}

enum status
q_evn_comms(struct db *db, enum evn_audience which, struct rowlist *out,
    struct err *err)
{
#define COMMS_SQL(incidents, audience) "SELECT c.incident_id, c.id" \
	" FROM incidents i JOIN communications c ON c.incident_id = i.id" \
	" WHERE " incidents " AND " audience " AND c.state <> 'withdrawn'" \
	" AND" SQL_SEES("i") "ORDER BY c.incident_id, c.id"
	static const char customers[] = COMMS_SQL(HIGH_IMPACT,
	    CUSTOMERS_AUDIENCE);
	static const char regulator[] = COMMS_SQL(BREACHES, REGULATOR_AUDIENCE);
#undef COMMS_SQL

	return db_list(db, which == EVN_REGULATOR ? regulator : customers,
	    fill_comm, sizeof(struct evn_comm), out, "read communications",
	    err);
}

/* ---- contracts ---------------------------------------------------------- */

void
evn_contract_clear(struct evn_contract *c)
{
	if (c == NULL)
		return;
	free(c->customer);
	free(c->contract_ref);
	free(c->incident_ref);
	free(c->aware_at);
	free(c->told_at);
	memset(c, 0, sizeof *c);
}

static void
fill_contract(sqlite3_stmt *s, void *row)
{
	struct evn_contract *c = row;

	c->customer_id = sqlite3_column_int64(s, 0);
	c->customer = db_col_text(s, 1);
	c->contract_ref = db_col_text(s, 2);
	c->sla_hours = sqlite3_column_int(s, 3);
	c->incident_id = sqlite3_column_int64(s, 4);
	c->incident_ref = db_col_text(s, 5);
	c->aware_at = db_col_text(s, 6);
	c->told_at = db_col_text(s, 7);
}

enum status
q_evn_contracts(struct db *db, struct rowlist *out, struct err *err)
{
	/* From the few customers with an SLA out to what they run and the
	 * incidents that affect it: a product, and a cycle when both the
	 * deployment and the affected row name one. Told: the customer's
	 * own rows (its contacts) or those to its subscriber addresses. */
	static const char sql[] = "WITH pairs AS (SELECT DISTINCT"
	    "  cu.id AS customer_id, a.incident_id AS incident_id"
	    "  FROM customers cu JOIN deployments d ON d.customer_id = cu.id"
	    "  JOIN affected a ON a.product_id = d.product_id"
	    "  AND (a.cycle_id IS NULL OR d.cycle_id IS NULL"
	    "  OR a.cycle_id = d.cycle_id)"
	    "  WHERE cu.erased_at IS NULL AND cu.notify_sla_hours > 0"
	    "  AND a.status IN ('known_affected', 'under_investigation'))"
	    " SELECT cu.id, cu.name, cu.contract_ref, cu.notify_sla_hours,"
	    " i.id, i.ref, i.aware_at,"
	    " (SELECT min(o.delivered_at) FROM communications c"
	    "  JOIN outbox o ON o.communication_id = c.id"
	    "  WHERE c.incident_id = i.id AND o.state = 'delivered'"
	    "  AND o.purpose <> 'withdrawal' AND (o.customer_id = cu.id"
	    "  OR o.subscriber_id IN (SELECT sb.id FROM subscribers sb"
	    "  WHERE sb.customer_id = cu.id)))"
	    " FROM pairs p JOIN customers cu ON cu.id = p.customer_id"
	    " JOIN incidents i ON i.id = p.incident_id"
	    " WHERE i.is_drill = 0 AND" SQL_SEES("i")
	    " ORDER BY cu.name, cu.id, i.aware_at, i.id";

	return db_list(db, sql, fill_contract, sizeof(struct evn_contract), out,
	    "read contracts", err);
}

enum status
q_evn_sla_customers(struct db *db, long long *n, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM customers"
	    " WHERE erased_at IS NULL AND notify_sla_hours > 0";
	sqlite3_stmt *s;
	enum status st;

	*n = 0;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_count(db, s, n, "count customers with an SLA", err);
}

/* ---- incident IDs ------------------------------------------------------- */

void
evn_messages_clear(struct evn_messages *m)
{
	if (m == NULL)
		return;
	free(m->title);
	free(m->incident_ref);
	free(m->last_delivered_at);
	memset(m, 0, sizeof *m);
}

static void
fill_messages(sqlite3_stmt *s, void *row)
{
	struct evn_messages *m = row;

	m->comm_id = sqlite3_column_int64(s, 0);
	m->title = db_col_text(s, 1);
	m->incident_id = sqlite3_column_int64(s, 2);
	m->incident_ref = db_col_text(s, 3);
	m->n_delivered = sqlite3_column_int64(s, 4);
	m->n_missing = sqlite3_column_int64(s, 5);
	m->last_delivered_at = db_col_text(s, 6);
}

enum status
q_evn_messages(struct db *db, struct rowlist *out, struct err *err)
{
	/* Per incident, its communications along communications_incident
	 * and their delivered rows along outbox_communication. */
	static const char sql[] = "SELECT c.id, c.title, i.id, i.ref,"
	    " count(*), sum(instr(o.payload, i.ref) = 0), max(o.delivered_at)"
	    " FROM incidents i JOIN communications c ON c.incident_id = i.id"
	    " JOIN outbox o ON o.communication_id = c.id"
	    " JOIN channels ch ON ch.id = o.channel_id"
	    " WHERE i.is_drill = 0 AND o.state = 'delivered'"
	    " AND ch.kind <> 'directory' AND" SQL_SEES("i")
	    " GROUP BY c.id ORDER BY i.id, c.id";

	return db_list(db, sql, fill_messages, sizeof(struct evn_messages), out,
	    "read messages", err);
}
