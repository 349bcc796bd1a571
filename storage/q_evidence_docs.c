/* storage/q_evidence_docs.c - SQL for the compliance questions about
 * documents. */
#include "config.h"

#include "storage/q_evidence_docs.h"

#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"

/* An incident "i" that counts: not a drill, and the viewer may see it. */
#define REAL_INCIDENT " i.is_drill = 0 AND" SQL_SEES("i")

void
ev_comm_clear(struct ev_comm *c)
{
	if (c == NULL)
		return;
	free(c->ref);
	free(c->kind);
	free(c->audience);
	free(c->title);
	free(c->variant);
	free(c->published_at);
	free(c->playbook_hash);
	free(c->playbook_body);
	memset(c, 0, sizeof *c);
}

void
ev_answer_clear(struct ev_answer *a)
{
	if (a == NULL)
		return;
	free(a->field);
	free(a->value);
	memset(a, 0, sizeof *a);
}

void
ev_pir_clear(struct ev_pir *p)
{
	if (p == NULL)
		return;
	free(p->ref);
	free(p->at);
	memset(p, 0, sizeof *p);
}

#define COMM_COLS "c.id, coalesce(c.incident_id, 0), c.kind, c.audience," \
	" c.title, c.variant, c.published_at, c.playbook_hash"

static void
fill_comm(sqlite3_stmt *s, void *row)
{
	struct ev_comm *c = row;

	c->id = sqlite3_column_int64(s, 0);
	c->incident_id = sqlite3_column_int64(s, 1);
	c->kind = db_col_text(s, 2);
	c->audience = db_col_text(s, 3);
	c->title = db_col_text(s, 4);
	c->variant = db_col_text(s, 5);
	c->published_at = db_col_text(s, 6);
	c->playbook_hash = db_col_text(s, 7);
	c->ref = db_col_text(s, 8);
	c->playbook_body = db_col_text(s, 9);
	c->has_actions = sqlite3_column_int(s, 10) != 0;
}

enum status
q_evidence_action_comms(struct db *db, struct rowlist *out, struct err *err)
{
	/* length('customer-actions') = 16: the field id ends in it. */
	static const char sql[] = "SELECT " COMM_COLS ", i.ref, NULL,"
	    " EXISTS (SELECT 1 FROM answers a WHERE a.communication_id = c.id"
	    "  AND substr(a.field, -16) = 'customer-actions'"
	    "  AND trim(a.value, ' ' || char(9, 10, 13)) <> '')"
	    " FROM communications c JOIN incidents i ON i.id = c.incident_id"
	    " WHERE c.state = 'published' AND c.kind IN ('advisory',"
	    " 'advisory-update', 'customer-notice', 'pir-external') AND"
	    REAL_INCIDENT " ORDER BY c.published_at, c.id";

	return db_list(db, sql, fill_comm, sizeof(struct ev_comm), out,
	    "list published reports", err);
}

static void
fill_pir(sqlite3_stmt *s, void *row)
{
	struct ev_pir *p = row;

	p->incident_id = sqlite3_column_int64(s, 0);
	p->ref = db_col_text(s, 1);
	p->at = db_col_text(s, 2);
	p->n_internal = sqlite3_column_int64(s, 3);
	p->n_internal_published = sqlite3_column_int64(s, 4);
	p->n_external = sqlite3_column_int64(s, 5);
	p->n_external_published = sqlite3_column_int64(s, 6);
}

enum status
q_evidence_pirs(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT i.id, i.ref,"
	    " coalesce(max(c.published_at), i.aware_at),"
	    " sum(c.kind = 'pir-internal'),"
	    " sum(c.kind = 'pir-internal' AND c.state = 'published'),"
	    " sum(c.kind = 'pir-external'),"
	    " sum(c.kind = 'pir-external' AND c.state = 'published')"
	    " FROM incidents i JOIN communications c ON c.incident_id = i.id"
	    " WHERE c.kind IN ('pir-internal', 'pir-external') AND"
	    REAL_INCIDENT " GROUP BY i.id ORDER BY i.aware_at, i.id";

	return db_list(db, sql, fill_pir, sizeof(struct ev_pir), out,
	    "list post-incident reports", err);
}

enum status
q_evidence_summary_comms(struct db *db, struct rowlist *out, struct err *err)
{
	/* An end-of-life notice is about a cycle, not an incident: it is
	 * named by its product and cycle. */
	static const char sql[] = "SELECT " COMM_COLS ","
	    " coalesce(i.ref, p.slug || ' ' || cy.cycle, '#' || c.id),"
	    " (SELECT pb.body FROM playbooks pb WHERE pb.hash = c.playbook_hash),"
	    " 0"
	    " FROM communications c LEFT JOIN incidents i ON i.id = c.incident_id"
	    " LEFT JOIN cycles cy ON cy.id = c.cycle_id"
	    " LEFT JOIN products p ON p.id = cy.product_id"
	    " WHERE c.state = 'published' AND c.audience IN ('public',"
	    " 'customers') AND (c.incident_id IS NULL OR (" REAL_INCIDENT "))"
	    " ORDER BY c.published_at, c.id";

	return db_list(db, sql, fill_comm, sizeof(struct ev_comm), out,
	    "list customer-facing communications", err);
}

static void
fill_answer(sqlite3_stmt *s, void *row)
{
	struct ev_answer *a = row;

	a->field = db_col_text(s, 0);
	a->value = db_col_text(s, 1);
}

enum status
q_evidence_answers(struct db *db, long long id, struct rowlist *out,
    struct err *err)
{
	static const char sql[] = "SELECT field, value FROM answers"
	    " WHERE communication_id = ?1 ORDER BY field";

	return db_list_by_id(db, sql, id, fill_answer, sizeof(struct ev_answer),
	    out, "list answers", err);
}
