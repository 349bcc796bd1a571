/* storage/q_evidence_notify.h - SQL for the compliance questions on
 * lifecycle visibility, customer and regulator notification, contracts
 * and incident IDs: what each reads, one row per cycle, incident,
 * customer and incident, or communication (evn_ = evidence, notify). */
#ifndef HERALD_STORAGE_Q_EVIDENCE_NOTIFY_H
#define HERALD_STORAGE_Q_EVIDENCE_NOTIFY_H

#include "storage/db.h"
#include "storage/records.h"

/*
 * "Told" everywhere below means a delivery is recorded: an outbox row in
 * state delivered (a withdrawal aside: it tells nothing new) or a
 * delivery recorded by hand. Drill incidents and what is said about them
 * never count; incidents the viewer may not see are left out.
 */

/* A product or release cycle changed after a time. */
struct evn_change {
	char     *kind;          /* "product" or "cycle" */
	long long id;
	char     *ref;           /* "widget", "widget 2.x" */
	char     *updated_at;
};
void        evn_change_clear(struct evn_change *c);
/* The products and cycles changed after SINCE, oldest change first, at
 * most LIMIT of them into OUT; how many in all into *TOTAL. Free with
 * rowlist_free(out, (row_clear_fn)evn_change_clear), even on failure. */
enum status q_evn_lifecycle_changes(struct db *db, const char *since,
    long long limit, struct rowlist *out, long long *total, struct err *err);

/* A release cycle with an end of life, and its first notice. */
struct evn_cycle {
	long long cycle_id;
	char     *ref;           /* "widget 2.x" */
	char     *eol;           /* YYYY-MM-DD */
	char     *first_notice;  /* first delivery of an end-of-life notice
	                          * of the cycle, or NULL */
	long long notice_comms;  /* its end-of-life notices, delivered or not */
};
void        evn_cycle_clear(struct evn_cycle *c);
/* The cycles whose end of life is on or before the date UNTIL
 * (YYYY-MM-DD), soonest first. Free with
 * rowlist_free(out, (row_clear_fn)evn_cycle_clear), even on failure. */
enum status q_evn_eol_cycles(struct db *db, const char *until,
    struct rowlist *out, struct err *err);

/* Whether customers can subscribe. */
struct evn_subscribe {
	long long channel_id;    /* the first enabled e-mail channel; 0 none */
	char     *channel;       /* its name, or NULL */
	long long n_confirmed;   /* subscribers confirmed, still subscribed,
	                          * not erased, on a list that is not a
	                          * drill's */
};
void        evn_subscribe_clear(struct evn_subscribe *s);
enum status q_evn_subscribe(struct db *db, struct evn_subscribe *out,
    struct err *err);

/* Whom a question about telling an incident asks about. */
enum evn_audience {
	EVN_CUSTOMERS,           /* high and critical incidents; the public
	                          * and customers */
	EVN_REGULATOR,           /* personal-data breaches; the regulator */
};

/* An incident and when the audience asked about was first told. */
struct evn_incident {
	long long id;
	char     *ref;
	char     *severity;
	char     *aware_at;
	char     *first_told;    /* NULL: not yet */
	/* EVN_REGULATOR: the newest breach register row of the incident. */
	long long breach_id;     /* 0: none */
	char     *regulator_notified;   /* "yes", "no", "not-required", NULL */
	char     *reason_not_notified;  /* "" when none */
};
void        evn_incident_clear(struct evn_incident *i);
/* The incidents WHICH asks about, by awareness. Free with
 * rowlist_free(out, (row_clear_fn)evn_incident_clear), even on failure. */
enum status q_evn_incidents(struct db *db, enum evn_audience which,
    struct rowlist *out, struct err *err);

/* A communication of one of those incidents, to that audience. */
struct evn_comm {
	long long incident_id;
	long long comm_id;
};
/* Those communications (withdrawn ones aside) by incident, then id; plain
 * rows: free with rowlist_free(out, NULL). */
enum status q_evn_comms(struct db *db, enum evn_audience which,
    struct rowlist *out, struct err *err);

/* A customer with a notification SLA, and an incident that affected a
 * product (and cycle) it runs. */
struct evn_contract {
	long long customer_id;
	char     *customer;      /* its name */
	char     *contract_ref;
	int       sla_hours;
	long long incident_id;
	char     *incident_ref;
	char     *aware_at;
	char     *told_at;       /* first delivery to the customer (its own
	                          * row or its subscriber addresses') of a
	                          * communication of the incident, or NULL */
};
void        evn_contract_clear(struct evn_contract *c);
/* Every such pair, by customer name and id, then awareness. Free with
 * rowlist_free(out, (row_clear_fn)evn_contract_clear), even on failure. */
enum status q_evn_contracts(struct db *db, struct rowlist *out,
    struct err *err);
/* How many customers (not erased) have a notification SLA. */
enum status q_evn_sla_customers(struct db *db, long long *n,
    struct err *err);

/* The delivered messages of one communication about an incident. */
struct evn_messages {
	long long comm_id;
	char     *title;
	long long incident_id;
	char     *incident_ref;
	long long n_delivered;
	long long n_missing;     /* whose payload lacks the incident's ref */
	char     *last_delivered_at;
};
void        evn_messages_clear(struct evn_messages *m);
/* Per communication with delivered outbox rows, by incident then id. A
 * directory channel's rows (an instruction to export the site, not a
 * message) are left out. Free with
 * rowlist_free(out, (row_clear_fn)evn_messages_clear), even on failure. */
enum status q_evn_messages(struct db *db, struct rowlist *out,
    struct err *err);

#endif
