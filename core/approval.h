/* core/approval.h - approvers' decisions on a communication: their checks,
 * how one is written with its audit row, and the lists. Which decision
 * may be made, and when a communication is approved, is the approvals
 * policy's (core/review.h: approval_decide()). */
#ifndef HERALD_CORE_APPROVAL_H
#define HERALD_CORE_APPROVAL_H

#include "core/session.h"
#include "storage/q_approval.h"

/* One decision as the policy writes it. */
struct approval_new {
	long long   communication_id;
	long long   revision;        /* the revision reviewed */
	const char *gate;            /* the playbook's gate step, "legal-approval" */
	const char *role;            /* approver:legal, ..., or sro; held by the user */
	const char *decision;        /* approved or rejected */
	const char *comment;         /* required for a rejection; may be NULL */
	const char *content_hash;    /* 64 lowercase hex digits (SHA-256) */
	const char *snapshot;        /* the canonical form decided on */
	long long   canon_version;   /* of that form; 0: CONTENT_CANON_VERSION */
};

/* Longest gate name, comment and snapshot. */
#define APPROVAL_GATE_MAX     64
#define APPROVAL_COMMENT_MAX  4000
#define APPROVAL_SNAPSHOT_MAX 4194304

/* Whether DECISION is "approved" or "rejected" and COMMENT fits it (a
 * rejection says why): ST_INVALID naming the field otherwise. */
enum status approval_check_decision(const char *decision, const char *comment,
    struct err *err);
/* Every field of IN as a decision of the acting user: the role held, the
 * gate's name, the hash's form, the sizes. */
enum status approval_check(const struct session *s,
    const struct approval_new *in, struct err *err);

/*
 * Write decision IN (approval_check()ed here again) inside the caller's
 * write transaction (ST_INTERNAL without one): the approver and the time
 * filled in, signed when the approver has a key (approval_sign()),
 * inserted, and audited as "approval.record" with the gate, role,
 * decision, content hash, revision, signer and the row's digest
 * (approval_row_digest()); never the comment, which is free text (the
 * digest covers it). For the approvals policy only: it has checked
 * that the decision may be made. Sets *ID when ID is not NULL.
 */
enum status approval_write(struct session *s, const struct approval_new *in,
    long long *id, struct err *err);

/* Every decision on COMMUNICATION_ID by id. Free with
 * rowlist_free(out, (row_clear_fn)approval_clear). */
enum status approval_list_for_communication(struct session *s,
    long long communication_id, struct rowlist *out, struct err *err);
/* The decisions on REVISION of COMMUNICATION_ID by id. Free as above. */
enum status approval_list_for_revision(struct session *s,
    long long communication_id, long long revision, struct rowlist *out,
    struct err *err);

#endif
