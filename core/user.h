/* core/user.h - managing herald's users and roles (admins only). */
#ifndef HERALD_CORE_USER_H
#define HERALD_CORE_USER_H

#include "core/session.h"

/* Add LOGIN with optional NAME and EMAIL and the NULL-terminated ROLES
 * (may be NULL). Admins only. Sets *ID when ID is not NULL. */
enum status user_add(struct session *s, const char *login, const char *name,
    const char *email, const char *const *roles, long long *id,
    struct err *err);
/* Give LOGIN the ROLE, or take it away. Admins only; the last admin keeps
 * the admin role, so a database can never be left without one. */
enum status user_grant(struct session *s, const char *login, const char *role,
    struct err *err);
enum status user_revoke(struct session *s, const char *login, const char *role,
    struct err *err);
/*
 * Name LOGIN's OpenPGP signing key by FINGERPRINT (40 or 64 hex digits,
 * spaces allowed, any case; NULL: sign no more). Approvers set their own
 * key, which GnuPG must hold as a secret key able to sign (the primary
 * key's fingerprint is stored, upper case); admins set anyone's. Audited
 * "user.key" with the fingerprint, which is public. From then on the
 * user's decisions on approvals are signed with it.
 */
enum status user_set_key(struct session *s, const char *login,
    const char *fingerprint, struct err *err);
/* User LOGIN with roles and signing key, into *U; anyone may read.
 * ST_NOTFOUND naming LOGIN. Free with user_clear(). */
enum status user_get(struct session *s, const char *login, struct user *u,
    struct err *err);
/* Every user with roles, by login; anyone may read. Free with
 * rowlist_free(out, (row_clear_fn)user_clear). */
enum status user_list(struct session *s, struct rowlist *out, struct err *err);
/* The login of user ID in USERS (a rowlist of struct user, may be NULL),
 * or NULL. */
const char *user_login_in(const struct rowlist *users, long long id);

#endif
