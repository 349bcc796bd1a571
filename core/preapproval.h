/* core/preapproval.h - templates and playbook versions that legal and PR
 * approved in advance, so a notice written from them need not wait for
 * the gates the playbook marks pre-approvable. */
#ifndef HERALD_CORE_PREAPPROVAL_H
#define HERALD_CORE_PREAPPROVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/content.h"
#include "core/session.h"
#include "core/workflow.h"
#include "storage/q_preapproval.h"

/* Longest comment. */
#define PREAPPROVAL_COMMENT_MAX 4000
/* Room for a verdict's sentence (as struct gate_status's note). */
#define PREAPPROVAL_WHY_MAX 256

/* struct preapproval, one row, is in storage/q_preapproval.h. */
void preapproval_clear(struct preapproval *p);

struct preapproval_new {
	const char *kind;        /* template or playbook */
	const char *name;
	const char *version;     /* NULL: the newest imported */
	const char *role;        /* NULL: the acting user's approver:legal,
	                          * else approver:pr */
	const char *comment;     /* may be NULL */
};

/*
 * Approve a template or playbook version in advance, as the acting user
 * in a role they hold (approver:legal or approver:pr only), bound to its
 * hash; audited (preapproval.grant). Sets *ID when ID is not NULL.
 *   template NAME  the imported version VERSION ("2" or "v2"), or the
 *                  newest imported
 *   playbook NAME  the file herald starts NAME from now (see
 *                  playbook_find()) when VERSION is NULL or its version;
 *                  else the newest stored copy of NAME at VERSION that
 *                  a communication started with
 * Refused: another role (ST_INVALID), a role not held or a user who holds
 * neither (ST_DENIED), an unknown name or version (ST_NOTFOUND, naming
 * it), the same text pre-approved by the same person in the same role
 * and still in force (ST_EXISTS, naming that pre-approval). What waits
 * in review and passes on it now becomes approved in the same
 * transaction (review_recheck()).
 */
enum status preapproval_grant(struct session *s,
    const struct preapproval_new *in, long long *id, struct err *err);
/* Withdraw pre-approval ID (its approver, or an admin); audited
 * (preapproval.revoke). Revoking one that is revoked is ST_INVALID. What
 * was approved on it goes back to in-review (review_recheck()). */
enum status preapproval_revoke(struct session *s, long long id,
    struct err *err);
/* Every pre-approval, newest first, revoked ones too. Free with
 * rowlist_free(out, (row_clear_fn)preapproval_clear). */
enum status preapproval_list(struct session *s, struct rowlist *out,
    struct err *err);
/* Pre-approval ID into OUT (caller clears with preapproval_clear()). */
enum status preapproval_get(struct session *s, long long id,
    struct preapproval *out, struct err *err);
/* P's text as a person names it, into BUF (N bytes): "template
 * customer-notice.md v2", "playbook breach-notification 1". Returns BUF. */
char       *preapproval_label(const struct preapproval *p, char *buf,
    size_t n);

/* A gate's verdict on pre-approval. */
struct preapproval_verdict {
	bool       passes;
	char       why[PREAPPROVAL_WHY_MAX]; /* as preapproval_gate_passes() */
	long long *ids;       /* when it passes: the pre-approvals it rests
	                       * on, in id order (for the audit row) */
	size_t     n_ids;
};
void preapproval_verdict_clear(struct preapproval_verdict *v);

/*
 * Whether gate GATE of D (a pre-approvable gate) passes on pre-approval
 * at content C: each of the gate's roles pre-approved D's playbook
 * version and every template C names (by hash, and not revoked), and
 * every free-text field (a text field not marked variable) still holds
 * its playbook default. *PASSES gets the answer, WHY (N bytes) a sentence
 * for the approvals screen either way: "pre-approved: template
 * breach.email.txt v2 and playbook breach-notification 3 (legal)" or
 * "free text changed: what-happened". A reason not to pass reads well
 * after "not pre-approved: ": "free text changed: body and extra", "needs
 * pre-approval of template a.md v2 (legal) and playbook p 1 (legal: 1 of
 * 2)", "the content lists no outputs, ...".
 *
 * In detail:
 *   - Free text: fields of kind text, long-text and plain-text, not
 *     marked variable, in D's variant, that reach its outputs (shown, and
 *     not internal unless the audience is); each must hold its default
 *     (as written in the playbook or as stored), or be empty when it has
 *     none. Other kinds (choices, dates, products, ...) are structured
 *     facts and may change.
 *   - Templates: each output's template as C's "outputs" name it (name,
 *     version, hash); the partials it includes ({{> NAME}}, looked up as
 *     rendering does, newest version, through every level); and
 *     "layout.html" for an html output, the page's frame. An output
 *     without a template (CSAF, feeds, CVE, JSON) is made from the fields
 *     by herald itself: its fixed text is the playbook's, approved with
 *     the playbook's pre-approval. C without "outputs", or an output
 *     that does not say which template it used, does not pass.
 *   - A gate role asking for N approvals needs N different people's
 *     pre-approvals of each text, in that role, by people who still hold
 *     it.
 * A gate that is not pre-approvable does not pass ("gate G is not
 * pre-approvable").
 */
enum status preapproval_gate_passes(struct session *s,
    const struct comm_doc *d, const struct content *c,
    const struct pb_step *gate, bool *passes, char *why, size_t n,
    struct err *err);
/* preapproval_gate_passes() with the pre-approvals the pass rests on, for
 * the audit row "approval.preapproved". Clear OUT with
 * preapproval_verdict_clear() whatever this returns. */
enum status preapproval_gate_check(struct session *s,
    const struct comm_doc *d, const struct content *c,
    const struct pb_step *gate, struct preapproval_verdict *out,
    struct err *err);

#endif
