/* core/owner.h - who answers for each product, policy and playbook.
 *
 * An assessor asks who owns each policy and procedure. A product's owner
 * is products.owner_id; a policy's or a playbook's is a row of the owners
 * table. Only herald users who are not erased own anything.
 */
#ifndef HERALD_CORE_OWNER_H
#define HERALD_CORE_OWNER_H

#include "core/session.h"
#include "storage/q_owner.h"

/* What may have an owner. */
#define OWNER_KIND_PRODUCT  "product"
#define OWNER_KIND_POLICY   "policy"
#define OWNER_KIND_PLAYBOOK "playbook"

/* The policies herald publishes or keeps, NULL-terminated:
 * "disclosure-policy", "lifecycle-policy", "breach-procedure",
 * "trust-page". */
const char *const *owner_policies(void);
/* Whether NAME is one of owner_policies(). */
bool        owner_is_policy(const char *name);

/*
 * The owner of the KIND ("product" by slug, "policy", "playbook") named
 * NAME, into *OUT (clear with user_clear()). ST_NOTFOUND when it has no
 * owner, or its owner has been erased (an erased user answers for
 * nothing); ST_INVALID for an unknown kind. Anyone may read.
 */
enum status owner_of(struct session *s, const char *kind, const char *name,
    struct user *out, struct err *err);

/*
 * Make LOGIN the owner of KIND NAME. LOGIN must be a herald user who is
 * not erased; a product must exist, a policy be one of owner_policies(),
 * a playbook be one herald can load (playbook_find() and a clean parse).
 * Admins and the SRO only; audited "owner.set" (kind, name, owner,
 * previous owner). Setting the owner it already has writes nothing.
 */
enum status owner_set(struct session *s, const char *kind, const char *name,
    const char *login, struct err *err);
/* Leave KIND NAME without an owner. Admins and the SRO only; audited
 * "owner.unset". ST_NOTFOUND when it had none. */
enum status owner_unset(struct session *s, const char *kind,
    const char *name, struct err *err);


/*
 * Every product (by slug), every policy (in owner_policies() order) and
 * every playbook herald can find (playbook_names()), each with its owner
 * (login NULL when none or erased). An owner named for a playbook that can
 * no longer be found is left out (owner_unset() still removes it). Anyone
 * may read. Free with rowlist_free(out, (row_clear_fn)owner_row_clear),
 * even on failure.
 */
enum status owner_list(struct session *s, struct rowlist *out,
    struct err *err);

#endif
