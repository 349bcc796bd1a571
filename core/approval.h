/* core/approval.h - recording approvers' decisions on a communication. */
#ifndef HERALD_CORE_APPROVAL_H
#define HERALD_CORE_APPROVAL_H

#include "core/session.h"
#include "storage/q_approval.h"

/* What approval_record() needs. */
struct approval_new {
	long long   communication_id;
	long long   revision;        /* the revision reviewed */
	const char *gate;            /* the playbook's gate, say "legal" */
	const char *role;            /* approver:legal, ..., or sro; held by the user */
	const char *decision;        /* approved or rejected */
	const char *comment;         /* required for a rejection; may be NULL */
	const char *content_hash;    /* 64 lowercase hex digits (SHA-256) */
	const char *snapshot;        /* the exact content decided on */
};

/* Longest gate name, comment and snapshot. */
#define APPROVAL_GATE_MAX     64
#define APPROVAL_COMMENT_MAX  4000
#define APPROVAL_SNAPSHOT_MAX 4194304

/*
 * Record the acting user's decision IN, made in a role the user holds, on
 * a communication that is in review and still at IN->revision (ST_CONFLICT
 * otherwise: it was edited since). The approver and the time are filled in
 * here. Sets *ID when ID is not NULL. Which gates a communication needs,
 * and when a decision goes stale, is the approvals policy's business, not
 * this function's.
 */
enum status approval_record(struct session *s, const struct approval_new *in,
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
