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

struct preapproval {
	long long id;
	char     *kind;          /* template, playbook */
	char     *name;
	char     *version;
	char     *hash;          /* SHA-256 of the text approved */
	char     *role;          /* approver:legal, approver:pr */
	long long approver_id;
	char     *comment;
	char     *decided_at;
	char     *revoked_at;    /* NULL while in force */
	long long revoked_by;
	char     *signer;
	char     *signature;
};
void preapproval_clear(struct preapproval *p);

struct preapproval_new {
	const char *kind;        /* template or playbook */
	const char *name;
	const char *version;     /* NULL: the newest imported */
	const char *role;        /* NULL: the acting user's approver:legal,
	                          * else approver:pr */
	const char *comment;     /* may be NULL */
};

/* Approve a template or playbook version in advance, as the acting user
 * in a role they hold (approver:legal or approver:pr only), bound to its
 * hash; audited. Sets *ID when ID is not NULL. */
enum status preapproval_grant(struct session *s,
    const struct preapproval_new *in, long long *id, struct err *err);
/* Withdraw pre-approval ID (its approver, or an admin); audited. */
enum status preapproval_revoke(struct session *s, long long id,
    struct err *err);
/* Every pre-approval, newest first, revoked ones too. Free with
 * rowlist_free(out, (row_clear_fn)preapproval_clear). */
enum status preapproval_list(struct session *s, struct rowlist *out,
    struct err *err);

/*
 * Whether gate GATE of D (a pre-approvable gate) passes on pre-approval
 * at content C: each of the gate's roles pre-approved D's playbook
 * version and every template C names (by hash, and not revoked), and
 * every free-text field (a text field not marked variable) still holds
 * its playbook default. *PASSES gets the answer, WHY (N bytes) a sentence
 * for the approvals screen either way: "pre-approved: template
 * breach.email.txt v2 and playbook breach-notification 3 (legal)" or
 * "free text changed: what-happened".
 */
enum status preapproval_gate_passes(struct session *s,
    const struct comm_doc *d, const struct content *c,
    const struct pb_step *gate, bool *passes, char *why, size_t n,
    struct err *err);

#endif
