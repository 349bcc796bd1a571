/* core/review.h - the approvals policy: a communication's gates at its
 * current content hash, the decisions on them, and what waits for whom.
 * A communication reaches "approved" only here, when every gate of its
 * variant is satisfied at the content as it stands. */
#ifndef HERALD_CORE_REVIEW_H
#define HERALD_CORE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/content.h"
#include "core/session.h"
#include "core/workflow.h"
#include "storage/records.h"

enum gate_state {
	GATE_WAITING,       /* needs more approvals at the content now */
	GATE_PASSED,        /* enough approvals at the content now */
	GATE_PREAPPROVED,   /* passes on pre-approved playbook and templates */
};

/* One role of a gate: how many approvals it needs and has. */
struct gate_role {
	const char *role;         /* in the playbook */
	int         need;
	int         have;         /* approvals at the content hash now */
	int         stale;        /* approvers whose approval is at an older
	                           * hash and who have not approved again */
	bool        is_blocked;   /* an ordered gate: an earlier role is
	                           * not done yet */
};

struct gate_status {
	const struct pb_step *step;     /* in the comm_doc's playbook */
	enum gate_state       state;
	struct gate_role     *roles;
	size_t                n_roles;
	/* For a person: "passes on pre-approved template ...", "stale:
	 * Lena Fischer must look again", "waiting for approver:legal". */
	char                  note[256];
};

struct review {
	struct content      content;   /* the canonical form and hash now */
	struct gate_status *gates;     /* the variant's gates in step order */
	size_t              n_gates;
	struct rowlist      decisions; /* struct approval of this revision,
	                                * oldest first */
	long long          *editors;   /* who edited this revision's content */
	size_t              n_editors;
	bool                is_satisfied; /* every gate passed */
	/* The newest approval (of any gate) of this communication, at any
	 * hash, for a diff against its snapshot; NULL when none. Points into
	 * DECISIONS or owned here. */
	const struct approval *last_approval;
	/* The newest decision when it is a rejection of this revision (the
	 * author's to-do), else NULL. */
	const struct approval *rejection;
};
void review_clear(struct review *r);

/* D's review at its content now. Anyone who may see D may read it. */
enum status review_load(struct session *s, const struct comm_doc *d,
    struct review *out, struct err *err);

/* Whether approval A no longer holds: its hash is not R's content hash. */
bool        review_is_stale(const struct review *r, const struct approval *a);

/*
 * Whether the acting user may decide on gate GATE (NULL: the first gate
 * they may decide) of R now: sets *STEP and *ROLE, or returns ST_DENIED
 * or ST_INVALID with the reason in ERR (an editor of this revision, a
 * role they do not hold, already approved, an ordered gate whose earlier
 * role has not approved, the gate already passed).
 */
enum status review_my_turn(struct session *s, const struct review *r,
    const char *gate, const struct pb_step **step, const char **role,
    struct err *err);

/* A decision, as the approver makes it. */
struct decision {
	const char *gate;          /* NULL: the first gate they may decide */
	const char *decision;      /* approved or rejected */
	const char *comment;       /* required to reject */
	const char *content_hash;  /* the hash of what they read; NULL: the
	                            * content now */
};

/*
 * Record the acting user's decision IN on D (in review), in one write
 * transaction with its audit row: the content hash is taken again inside
 * it, and a CONTENT_HASH that no longer matches is ST_CONFLICT (it was
 * edited since they read it). The approval stores the hash, the
 * canonical snapshot and, when the approver has a key, a signature. When
 * every gate is then satisfied the communication becomes approved; a
 * rejection sends it back to draft with the comment for its author.
 * Sets *ID when ID is not NULL.
 */
enum status approval_decide(struct session *s, const struct comm_doc *d,
    const struct decision *in, long long *id, struct err *err);

/* One communication waiting for the acting user's decision. */
struct waiting {
	long long comm_id;
	char     *ref;           /* the incident's reference */
	char     *title;
	char     *kind;
	char     *gate;          /* the first gate they may decide */
	char     *role;
	char     *submitted_at;  /* when it went into review */
	char     *due_at;        /* the nearest running clock, or NULL */
	bool      was_approved;  /* approved before at another hash: show
	                          * the diff */
	bool      is_preapproved; /* some gate passes on pre-approval */
};
void waiting_clear(struct waiting *w);

/* Everything in review that the acting user may decide now, the most
 * urgent first. Free with rowlist_free(out, (row_clear_fn)waiting_clear). */
enum status approvals_waiting(struct session *s, struct rowlist *out,
    struct err *err);

/*
 * Refuse to publish D unless every gate is satisfied at its content now:
 * ST_INVALID naming the stale gates and who must look again ("gate
 * legal-approval is stale since an edit: Lena Fischer must approve
 * again") or the gates still waiting. For comm_publish().
 */
enum status review_require_satisfied(struct session *s,
    const struct comm_doc *d, struct err *err);

#endif
