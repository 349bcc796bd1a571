/* storage/q_owner.h - SQL for owners: who answers for each policy and
 * playbook (the owners table) and each product (products.owner_id). */
#ifndef HERALD_STORAGE_Q_OWNER_H
#define HERALD_STORAGE_Q_OWNER_H

#include "storage/db.h"
#include "storage/records.h"

/* One thing that may have an owner. */
struct owner_row {
	long long  id;            /* the product's id; 0 for the others */
	char      *kind;          /* "product", "policy", "playbook" */
	char      *name;          /* product slug, policy or playbook name */
	long long  user_id;       /* the owner's id; 0: none */
	char      *login;         /* NULL when none, or when the owner was
	                           * erased (an erased user owns nothing) */
	char      *set_at;        /* NULL for products and when unowned */
};
void        owner_row_clear(struct owner_row *r);

/* The owners row of KIND NAME into R, its user's login included (NULL
 * when that user is erased); ST_NOTFOUND when none. */
enum status q_owner_get(struct db *db, const char *kind, const char *name,
    struct owner_row *r, struct err *err);
/* Make USER_ID the owner of KIND NAME, set by SET_BY (0: unknown) at
 * SET_AT, replacing any owner it had. */
enum status q_owner_set(struct db *db, const char *kind, const char *name,
    long long user_id, long long set_by, const char *set_at,
    struct err *err);
/* Remove the owner of KIND NAME; ST_NOTFOUND when it had none. */
enum status q_owner_delete(struct db *db, const char *kind, const char *name,
    struct err *err);
/* Every owners row, by kind then name, as q_owner_get() gives them. */
enum status q_owner_list(struct db *db, struct rowlist *out,
    struct err *err);
/* Every product by slug as an owner row of kind "product", with its
 * owner as q_owner_get() gives one. */
enum status q_owner_products(struct db *db, struct rowlist *out,
    struct err *err);

#endif
