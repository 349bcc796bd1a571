/* storage/q_user.h - users and their roles. */
#ifndef HERALD_STORAGE_Q_USER_H
#define HERALD_STORAGE_Q_USER_H

#include "storage/db.h"
#include "storage/records.h"

/* Insert U (login, name, email, created_at); sets U->id. */
enum status q_user_insert(struct db *db, struct user *u, struct err *err);
/* Load by login or id, roles included; ST_NOTFOUND when absent. */
enum status q_user_by_login(struct db *db, const char *login, struct user *u,
    struct err *err);
enum status q_user_by_id(struct db *db, long long id, struct user *u,
    struct err *err);
/* Every user, ordered by login, roles included. */
enum status q_user_list(struct db *db, struct rowlist *out, struct err *err);
/* Add or remove ROLE; ST_EXISTS / ST_NOTFOUND when nothing would change. */
enum status q_user_grant(struct db *db, long long user_id, const char *role,
    struct err *err);
enum status q_user_revoke(struct db *db, long long user_id, const char *role,
    struct err *err);
/* Name USER_ID's OpenPGP signing key by its FINGERPRINT (NULL: none). */
enum status q_user_set_key(struct db *db, long long user_id,
    const char *fingerprint, struct err *err);
/* How many users hold ROLE. */
enum status q_user_count_role(struct db *db, const char *role, long long *n,
    struct err *err);

#endif
