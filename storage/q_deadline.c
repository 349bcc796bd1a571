/* storage/q_deadline.c - SQL for clocks: communications with their
 * incidents' times, stored playbooks, publications and contracts. */
#include "config.h"

#include "storage/q_deadline.h"

#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"

/* Only a communication whose playbook is stored can have clocks (those
 * from before playbooks have none): the others are never read out. The
 * caller sorts the clocks, so the rows come in the plan's order. Need to
 * know: the clocks of an incident the viewer may not see are left out
 * (SQL_SEES), whichever way they are asked for. */
#define SOURCE_SQL(where) "SELECT c.id, c.title, c.audience, c.variant," \
	" c.state, c.created_at, c.published_at, c.playbook_hash, i.id," \
	" i.ref, i.severity, i.state, i.updated_at, i.discovered_at," \
	" i.aware_at, i.fix_available_at" \
	" FROM communications c JOIN incidents i ON i.id = c.incident_id" \
	" WHERE " where " AND" SQL_SEES("i") "AND EXISTS (SELECT 1" \
	" FROM playbooks p WHERE p.hash = c.playbook_hash)"

void
deadline_source_clear(struct deadline_source *d)
{
	if (d == NULL)
		return;
	free(d->comm_title);
	free(d->audience);
	free(d->variant);
	free(d->comm_state);
	free(d->comm_created_at);
	free(d->comm_published_at);
	free(d->playbook_hash);
	free(d->incident_ref);
	free(d->severity);
	free(d->incident_state);
	free(d->incident_updated_at);
	free(d->discovered_at);
	free(d->aware_at);
	free(d->fix_available_at);
	memset(d, 0, sizeof *d);
}

static void
fill_source(sqlite3_stmt *s, void *row)
{
	struct deadline_source *d = row;

	d->comm_id = sqlite3_column_int64(s, 0);
	d->comm_title = db_col_text(s, 1);
	d->audience = db_col_text(s, 2);
	d->variant = db_col_text(s, 3);
	d->comm_state = db_col_text(s, 4);
	d->comm_created_at = db_col_text(s, 5);
	d->comm_published_at = db_col_text(s, 6);
	d->playbook_hash = db_col_text(s, 7);
	d->incident_id = sqlite3_column_int64(s, 8);
	d->incident_ref = db_col_text(s, 9);
	d->severity = db_col_text(s, 10);
	d->incident_state = db_col_text(s, 11);
	d->incident_updated_at = db_col_text(s, 12);
	d->discovered_at = db_col_text(s, 13);
	d->aware_at = db_col_text(s, 14);
	d->fix_available_at = db_col_text(s, 15);
}

enum status
q_deadline_sources(struct db *db, long long comm_id, long long incident_id,
    struct rowlist *out, struct err *err)
{
	static const char by_comm[] = SOURCE_SQL("c.id = ?1");
	static const char by_incident[] = SOURCE_SQL("c.incident_id = ?1"
	    " AND c.state <> 'withdrawn'");
	/* Every open incident's: driven by incidents_state_id, two seeks
	 * into the state index and one into communications_incident per
	 * incident, so the cost follows the incidents still open. */
	static const char open[] = SOURCE_SQL("i.state IN ('open',"
	    " 'contained') AND c.state <> 'withdrawn'");
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct deadline_source));
	if ((st = db_stmt(db, comm_id != 0 ? by_comm : incident_id != 0 ?
	    by_incident : open, &s, err)) != ST_OK)
		return st;
	if (comm_id != 0)
		sqlite3_bind_int64(s, 1, comm_id);
	else if (incident_id != 0)
		sqlite3_bind_int64(s, 1, incident_id);
	return db_step_list(db, s, fill_source, out, "read clocks", err);
}

static void
fill_text(sqlite3_stmt *s, void *row)
{
	*(char **)row = db_col_text(s, 0);
}

enum status
q_deadline_playbook(struct db *db, const char *hash, char **body,
    struct err *err)
{
	static const char sql[] = "SELECT body FROM playbooks WHERE hash = ?";
	sqlite3_stmt *s;
	enum status st;

	*body = NULL;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, hash);
	return db_step_one(db, s, fill_text, body, "read playbook", err, NULL);
}

void
deadline_pub_clear(struct deadline_pub *p)
{
	if (p == NULL)
		return;
	free(p->published_at);
	free(p->last_delivered_at);
	free(p->manual_at);
	memset(p, 0, sizeof *p);
}

static void
fill_pub(sqlite3_stmt *s, void *row)
{
	struct deadline_pub *p = row;

	p->revision = sqlite3_column_int64(s, 0);
	p->published_at = db_col_text(s, 1);
	p->n_messages = sqlite3_column_int64(s, 2);
	p->n_open = sqlite3_column_int64(s, 3);
	p->last_delivered_at = db_col_text(s, 4);
	p->manual_at = db_col_text(s, 5);
}

enum status
q_deadline_publications(struct db *db, long long id, struct rowlist *out,
    struct err *err)
{
	/* Each along outbox_revision (communication_id, revision, state)
	 * and manual_deliveries_communication. */
	static const char sql[] = "SELECT r.revision, r.published_at,"
	    " (SELECT count(*) FROM outbox o WHERE o.communication_id = ?1"
	    "  AND o.revision = r.revision AND o.purpose <> 'withdrawal'),"
	    " (SELECT count(*) FROM outbox o WHERE o.communication_id = ?1"
	    "  AND o.revision = r.revision AND o.state IN ('pending', 'leased')"
	    "  AND o.purpose <> 'withdrawal'),"
	    " (SELECT max(o.delivered_at) FROM outbox o"
	    "  WHERE o.communication_id = ?1 AND o.revision = r.revision"
	    "  AND o.state = 'delivered' AND o.purpose <> 'withdrawal'),"
	    " (SELECT min(m.delivered_at) FROM manual_deliveries m"
	    "  WHERE m.communication_id = ?1"
	    "  AND m.delivered_at >= r.published_at)"
	    " FROM revisions r"
	    " WHERE r.communication_id = ?1 AND r.published_at IS NOT NULL"
	    " ORDER BY r.revision";

	return db_list_by_id(db, sql, id, fill_pub,
	    sizeof(struct deadline_pub), out, "read publications", err);
}

void
deadline_contract_clear(struct deadline_contract *c)
{
	if (c == NULL)
		return;
	free(c->contract_ref);
	memset(c, 0, sizeof *c);
}

static void
fill_contract(sqlite3_stmt *s, void *row)
{
	struct deadline_contract *c = row;

	c->customer_id = sqlite3_column_int64(s, 0);
	c->sla_hours = sqlite3_column_int(s, 1);
	c->contract_ref = db_col_text(s, 2);
}

enum status
q_deadline_contract(struct db *db, long long incident_id,
    struct deadline_contract *out, struct err *err)
{
	/* From the incident's few affected rows out; a product known not
	 * to be affected binds no one. */
	static const char sql[] = "SELECT cu.id, cu.notify_sla_hours,"
	    " cu.contract_ref FROM affected a"
	    " JOIN deployments d ON d.product_id = a.product_id"
	    " JOIN customers cu ON cu.id = d.customer_id"
	    " WHERE a.incident_id = ?1 AND a.status <> 'known_not_affected'"
	    " AND cu.notify_sla_hours > 0 AND cu.erased_at IS NULL"
	    " ORDER BY cu.notify_sla_hours, cu.id LIMIT 1";
	sqlite3_stmt *s;
	enum status st;

	memset(out, 0, sizeof *out);
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	st = db_step_one(db, s, fill_contract, out, "read contracts", err, NULL);
	return st == ST_NOTFOUND ? ST_OK : st;
}
