/* tui/incident_data.c - reads an incident and all that hangs off it
 * (products, communications, approvals, deliveries, history) through core,
 * for the incident screen. */
#include "config.h"

#include "tui/incident_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/approval.h"
#include "core/audit.h"
#include "core/channel.h"
#include "core/communication.h"
#include "core/deadline.h"
#include "core/incident.h"
#include "core/product.h"
#include "core/workflow.h"
#include "util/xalloc.h"

#define OUTBOX_SHOWN 20     /* messages listed per communication */
#define HISTORY_MAX  500    /* newest audit rows read per subject */

static void
note(struct incident_data *d, const char *what, const struct err *err)
{
	if (d->problem[0] == '\0')
		snprintf(d->problem, sizeof d->problem, "could not read %s: %s",
		    what, err->msg);
}

const void *
incident_data_row(const struct rowlist *l, size_t offset, long long id)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (*(const long long *)((const char *)rowlist_at(l, i) + offset) == id)
			return rowlist_at(l, i);
	return NULL;
}

/* The products and cycles the affected rows name, each once. */
static void
load_products(struct incident_data *d, struct session *s)
{
	const struct affected *a;
	struct product p;
	struct cycle c;
	struct err err = { 0 };
	size_t i;

	for (i = 0; i < d->affected.count; i++) {
		a = rowlist_at(&d->affected, i);
		memset(&p, 0, sizeof p);
		memset(&c, 0, sizeof c);
		if (incident_data_row(&d->products, offsetof(struct product, id),
		    a->product_id) == NULL) {
			if (product_get(s, a->product_id, &p, &err) == ST_OK)
				memcpy(rowlist_push(&d->products), &p, sizeof p);
			else {
				product_clear(&p);
				note(d, "a product", &err);
			}
		}
		if (a->cycle_id == 0 || incident_data_row(&d->cycles,
		    offsetof(struct cycle, id), a->cycle_id) != NULL)
			continue;
		if (cycle_get(s, a->cycle_id, &c, &err) == ST_OK)
			memcpy(rowlist_push(&d->cycles), &c, sizeof c);
		else {
			cycle_clear(&c);
			note(d, "a release cycle", &err);
		}
	}
}

static int
by_seq_desc(const void *a, const void *b)
{
	const struct audit_row *x = a, *y = b;

	return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0;
}

/* Append the audit rows about SUBJECT to the history. */
static void
load_history(struct incident_data *d, struct session *s, const char *subject)
{
	struct rowlist rows;
	struct err err = { 0 };
	size_t i;

	if (audit_page(s->db, NULL, subject, 0, false, HISTORY_MAX, &rows,
	    &err) != ST_OK) {
		note(d, "the history", &err);
		rowlist_free(&rows, (row_clear_fn)audit_row_clear);
		return;
	}
	for (i = 0; i < rows.count; i++)
		memcpy(rowlist_push(&d->history), rowlist_at(&rows, i), rows.size);
	rowlist_free(&rows, NULL);
}

static void
load_comm(struct incident_data *d, struct session *s, size_t k)
{
	const struct communication *c = rowlist_at(&d->comms, k);
	struct comm_extra *x = &d->extra[k];
	struct err err = { 0 };
	char subject[64];

	if (approval_list_for_communication(s, c->id, &x->approvals, &err) != ST_OK)
		note(d, "approvals", &err);
	/* Staleness is worked out from the content hash now, never kept;
	 * one in review shows what each gate waits for, decided or not. */
	if ((x->approvals.count > 0 || strcmp(c->state, "in-review") == 0) &&
	    (comm_load(s, c->id, &x->doc, &err) != ST_OK ||
	    review_load(s, &x->doc, &x->review, &err) != ST_OK)) {
		note(d, "whether its approvals still hold", &err);
		review_clear(&x->review);
		comm_doc_clear(&x->doc);
	}
	if (outbox_list_for_communication(s, c->id, OUTBOX_SHOWN, &x->outbox,
	    &err) != ST_OK ||
	    outbox_counts_for_communication(s, c->id, &x->counts, &err) != ST_OK)
		note(d, "the outbox", &err);
	if (manual_delivery_list(s, c->id, &x->manual, &err) != ST_OK)
		note(d, "manual deliveries", &err);
	snprintf(subject, sizeof subject, "communication:%lld", c->id);
	load_history(d, s, subject);
}

enum status
incident_data_load(struct incident_data *d, struct session *s, long long id,
    struct err *err)
{
	struct err e2 = { 0 };
	char key[32];
	enum status st;
	size_t k;

	memset(d, 0, sizeof *d);
	rowlist_init(&d->affected, sizeof(struct affected));
	rowlist_init(&d->products, sizeof(struct product));
	rowlist_init(&d->cycles, sizeof(struct cycle));
	rowlist_init(&d->comms, sizeof(struct communication));
	rowlist_init(&d->channels, sizeof(struct channel));
	rowlist_init(&d->history, sizeof(struct audit_row));
	rowlist_init(&d->clocks, sizeof(struct deadline));
	rowlist_init(&d->told, sizeof(struct customer_told));
	snprintf(key, sizeof key, "%lld", id);
	if ((st = incident_get(s, key, &d->inc, err)) != ST_OK)
		return st;
	if (logins_load(&d->logins, s, &e2) != ST_OK)
		note(d, "users", &e2);
	if (channel_list(s, &d->channels, &e2) != ST_OK)
		note(d, "channels", &e2);
	if (affected_list_for_incident(s, id, &d->affected, &e2) != ST_OK)
		note(d, "affected products", &e2);
	load_products(d, s);
	if (communication_list_for_incident(s, id, &d->comms, &e2) != ST_OK)
		note(d, "communications", &e2);
	if (deadline_for_incident(s, id, &d->clocks, &e2) != ST_OK)
		note(d, "the clocks", &e2);
	if (outbox_customers_told(s, id, &d->told, &e2) != ST_OK)
		note(d, "which customers were told", &e2);
	snprintf(key, sizeof key, "incident:%lld", id);
	load_history(d, s, key);
	if (d->comms.count > 0)
		d->extra = xcalloc(d->comms.count, sizeof *d->extra);
	for (k = 0; k < d->comms.count; k++)
		load_comm(d, s, k);
	if (d->history.count > 1)
		qsort(d->history.items, d->history.count, d->history.size,
		    by_seq_desc);
	return ST_OK;
}

void
incident_data_free(struct incident_data *d)
{
	size_t k;

	for (k = 0; d->extra != NULL && k < d->comms.count; k++) {
		rowlist_free(&d->extra[k].approvals, (row_clear_fn)approval_clear);
		rowlist_free(&d->extra[k].outbox, (row_clear_fn)outbox_row_clear);
		rowlist_free(&d->extra[k].manual,
		    (row_clear_fn)manual_delivery_clear);
		review_clear(&d->extra[k].review);
		comm_doc_clear(&d->extra[k].doc);
	}
	free(d->extra);
	incident_clear(&d->inc);
	rowlist_free(&d->affected, (row_clear_fn)affected_clear);
	rowlist_free(&d->products, (row_clear_fn)product_clear);
	rowlist_free(&d->cycles, (row_clear_fn)cycle_clear);
	rowlist_free(&d->comms, (row_clear_fn)communication_clear);
	logins_free(&d->logins);
	rowlist_free(&d->channels, (row_clear_fn)channel_clear);
	rowlist_free(&d->history, (row_clear_fn)audit_row_clear);
	rowlist_free(&d->clocks, (row_clear_fn)deadline_clear);
	rowlist_free(&d->told, (row_clear_fn)customer_told_clear);
	memset(d, 0, sizeof *d);
}
