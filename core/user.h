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
/* Every user with roles, by login; anyone may read. Free with
 * rowlist_free(out, (row_clear_fn)user_clear). */
enum status user_list(struct session *s, struct rowlist *out, struct err *err);

#endif
