/* storage/q_evidence_docs.h - SQL for the compliance questions about
 * documents: customer steps and the two post-incident versions,
 * plain-language summaries. Real incidents only (drills never count),
 * and only those the viewer may see. */
#ifndef HERALD_STORAGE_Q_EVIDENCE_DOCS_H
#define HERALD_STORAGE_Q_EVIDENCE_DOCS_H

#include <stdbool.h>

#include "storage/db.h"
#include "storage/records.h"

/* A published communication, as the questions see it. */
struct ev_comm {
	long long id;
	long long incident_id;    /* 0 for an end-of-life notice */
	char     *ref;            /* the incident's ref, or "product cycle" */
	char     *kind;
	char     *audience;
	char     *title;
	char     *variant;
	char     *published_at;
	char     *playbook_hash;
	char     *playbook_body;  /* the YAML it started with, or NULL when
	                           * the playbooks table lacks it */
	bool      has_actions;    /* a non-empty answer to a field whose id
	                           * ends in "customer-actions" */
};
void        ev_comm_clear(struct ev_comm *c);

/* One answer of a communication. */
struct ev_answer {
	char *field;
	char *value;
};
void        ev_answer_clear(struct ev_answer *a);

/* An incident's post-incident reports: how many of each version there
 * are and how many of them are published. */
struct ev_pir {
	long long incident_id;
	char     *ref;
	char     *at;             /* the newest publication, else aware_at */
	long long n_internal, n_internal_published;
	long long n_external, n_external_published;
};
void        ev_pir_clear(struct ev_pir *p);

/* Published communications of kind advisory, advisory-update,
 * customer-notice or pir-external of real incidents, by publication
 * time (has_actions filled; no playbook body). */
enum status q_evidence_action_comms(struct db *db, struct rowlist *out,
    struct err *err);
/* Every real incident with a pir-internal or pir-external communication,
 * by awareness. */
enum status q_evidence_pirs(struct db *db, struct rowlist *out,
    struct err *err);
/* Published communications whose audience is public or customers, of
 * real incidents or of release cycles (end-of-life notices), by
 * publication time, with their playbook's body. */
enum status q_evidence_summary_comms(struct db *db, struct rowlist *out,
    struct err *err);
/* The answers of communication ID, by field. */
enum status q_evidence_answers(struct db *db, long long id,
    struct rowlist *out, struct err *err);

#endif
