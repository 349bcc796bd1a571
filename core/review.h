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
#include "storage/q_approval.h"
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
	/* The people whose approval of this gate went stale and who must
	 * look again, "Lena Fischer, Priya Raman"; "" when none. */
	char                  stale_who[160];
	/* The people whose approval of this gate at the content now no
	 * longer counts, as they no longer hold the role they made it in;
	 * "" when none. */
	char                  lapsed_who[160];
	/* GATE_PREAPPROVED: the pre-approvals it rests on, by id. */
	long long            *preapproval_ids;
	size_t                n_preapproval_ids;
};

struct review {
	long long           comm_id;
	long long           revision;  /* the revision under review */
	char                state[16]; /* the communication's, as read */
	struct content      content;   /* the canonical form and hash now */
	/* The hash approvals are judged against: the content's now, or, for
	 * a published or withdrawn communication, the hash its approvals
	 * held when it was published (publishing changes what a draft
	 * renders: its dates, its revision history), so the record shows
	 * what was approved, not "stale". */
	char                held[65];
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
	/* The newest decision when it is a rejection of this revision and
	 * the communication is a draft again (its author's to-do), else
	 * NULL. Points into DECISIONS. */
	const struct approval *rejection;
	struct approval     *last_owned;  /* private: LAST_APPROVAL when it
	                                   * is of an earlier revision */
	/* Private: the approvals among DECISIONS whose approver no longer
	 * holds the role they made it in (or was erased), by id; and the
	 * acting user as the database has them now (NULL: not a user). */
	long long           *lapsed;
	size_t               n_lapsed;
	struct user         *me;
};
void review_clear(struct review *r);

/*
 * D's review at its content now (D's answers as D holds them; the
 * decisions and editors as the database has them). Anyone who may see
 * D may read it. An approval counts while its approver holds the role
 * they made it in: taken away, the gate waits for someone who does.
 * A read only: what moves gates without an edit settles states where it
 * happens (review_recheck()). Clear OUT with review_clear() whatever
 * this returns.
 */
enum status review_load(struct session *s, const struct comm_doc *d,
    struct review *out, struct err *err);

/* Whether approval A no longer holds: its hash is not R->held. */
bool        review_is_stale(const struct review *r, const struct approval *a);

/*
 * Whether the acting user may approve gate GATE (NULL: the first gate
 * they may approve) of R now: sets *STEP and *ROLE, or returns ST_DENIED
 * (not a herald user, an editor of this revision, a role the gate does
 * not ask of them or that was taken away since their session opened,
 * approved this content already) or ST_INVALID (not in
 * review, no such gate, an ordered gate whose earlier role has not
 * approved, the gate passed already) with the reason in ERR.
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
 * edited since they read it). Need to know: a communication about an
 * incident under embargo that the acting user is not named on is
 * ST_DENIED ("SEC-2026-004 is under embargo and you are not named on
 * it"), whoever opened D. The approval stores the hash, the
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

/* Whether the acting user holds a role that decides gates (an approver
 * role or the SRO): only they have anything waiting. */
bool        review_is_decider(const struct session *s);

/* Everything in review that the acting user may decide now, the most
 * urgent first. Free with rowlist_free(out, (row_clear_fn)waiting_clear). */
enum status approvals_waiting(struct session *s, struct rowlist *out,
    struct err *err);

/*
 * A draft the acting user started or edited (in its current revision)
 * that came back to them: its newest decision is a rejection. Free with
 * rowlist_free(out, (row_clear_fn)approval_returned_clear); see
 * storage/q_approval.h for the row. The newest rejection first; only
 * what the acting user may see.
 */
enum status review_returned(struct session *s, struct rowlist *out,
    struct err *err);

/*
 * Inside the caller's write transaction, when D (as the database has it
 * now) is in review and every gate of it is satisfied at its content
 * now, move it to approved, audited: "approval.preapproved" for each
 * gate that passes on pre-approval, then the state change. Nothing
 * happens otherwise. For comm_submit() and edits.
 */
enum status review_settle(struct session *s, const struct comm_doc *d,
    struct err *err);

/*
 * Inside the caller's write transaction, after something that changes
 * whether gates pass without an edit (a pre-approval granted or
 * revoked, a role granted or taken away, a template imported, a sibling
 * published): each communication, whoever may see it (nothing of it is
 * shown), that is in review with every gate satisfied
 * becomes approved (as review_settle()), and each approved one with a
 * gate no longer satisfied goes back to in-review, audited
 * ("communication.state", reason "approvals no longer hold"), so its
 * approvers see it waiting again. Content that cannot be made now is
 * left alone.
 */
enum status review_recheck(struct session *s, struct err *err);

/*
 * An edit of communication ID's content, inside the caller's write
 * transaction: review_edit_begin() before the change takes the content
 * hash and the approvals that hold at it (only for a communication in
 * review or approved; others are left alone); review_edit_end() after
 * it, when the hash moved, audits "approval.stale" naming the approvals
 * that no longer hold (CAUSE says what changed, "answer summary"),
 * moves an approved communication back to in-review, and one in review
 * whose gates all pass again (an edit back to approved words) to
 * approved. Clear E with review_edit_clear() in any case.
 */
struct review_edit {
	bool            is_on;
	struct comm_doc doc;       /* the communication being edited */
	struct review   before;    /* its review before the edit */
};
enum status review_edit_begin(struct session *s, long long id,
    struct review_edit *e, struct err *err);
enum status review_edit_end(struct session *s, struct review_edit *e,
    const char *cause, struct err *err);
void        review_edit_clear(struct review_edit *e);

/*
 * Refuse to publish D unless every gate is satisfied at its content now:
 * ST_INVALID naming the stale gates and who must look again ("gate
 * legal-approval is stale since an edit: Lena Fischer must approve
 * again") or the gates still waiting. For comm_publish().
 */
enum status review_require_satisfied(struct session *s,
    const struct comm_doc *d, struct err *err);

#endif
