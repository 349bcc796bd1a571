/* storage/q_deadline.h - what the clocks of communications are computed
 * from: the communication, its incident's times, its stored playbook, its
 * publications and the strictest customer contract. */
#ifndef HERALD_STORAGE_Q_DEADLINE_H
#define HERALD_STORAGE_Q_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "storage/db.h"
#include "storage/records.h"

/* One communication about an incident, with what its clocks run from. */
struct deadline_source {
	long long comm_id;
	char     *comm_title;
	char     *audience;
	char     *variant;               /* "" for a playbook's only one */
	char     *comm_state;
	char     *comm_created_at;
	char     *comm_published_at;     /* the first publication, or NULL */
	char     *playbook_hash;
	long long incident_id;
	char     *incident_ref;
	char     *severity;
	char     *incident_state;
	char     *incident_updated_at;
	char     *discovered_at;
	char     *aware_at;
	char     *fix_available_at;
};
void deadline_source_clear(struct deadline_source *d);

/*
 * The communications about incidents whose clocks may run, by id:
 * COMM_ID alone when not 0 (whatever its state); else those of
 * INCIDENT_ID when not 0; else those of every incident still open or
 * contained. Withdrawn ones only when asked for by COMM_ID.
 */
enum status q_deadline_sources(struct db *db, long long comm_id,
    long long incident_id, struct rowlist *out, struct err *err);

/* The stored playbook text with HASH into *BODY (caller frees), or
 * ST_NOTFOUND without touching ERR. */
enum status q_deadline_playbook(struct db *db, const char *hash, char **body,
    struct err *err);

/* A publication of one revision of a communication. */
struct deadline_pub {
	long long revision;
	char     *published_at;
	/* What its delivery says (migration 13): its outbox messages (of
	 * the publication or correction; withdrawals aside), how many are
	 * still pending or leased, the last delivery, and the first delivery
	 * recorded by hand at or after the publication. */
	long long n_messages;
	long long n_open;
	char     *last_delivered_at;     /* NULL when none was delivered */
	char     *manual_at;             /* NULL when none */
};
void deadline_pub_clear(struct deadline_pub *p);
/* The published revisions of communication ID with their deliveries,
 * oldest first. Free with
 * rowlist_free(out, (row_clear_fn)deadline_pub_clear). */
enum status q_deadline_publications(struct db *db, long long id,
    struct rowlist *out, struct err *err);

/* The strictest notification SLA of a customer running a product that
 * incident ID affects. */
struct deadline_contract {
	long long customer_id;
	int       sla_hours;             /* 0: no customer has one */
	char     *contract_ref;          /* may be NULL */
};
void deadline_contract_clear(struct deadline_contract *c);
enum status q_deadline_contract(struct db *db, long long incident_id,
    struct deadline_contract *out, struct err *err);

#endif
