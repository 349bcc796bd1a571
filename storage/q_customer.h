/* storage/q_customer.h - customers, their contracts and what they run. */
#ifndef HERALD_STORAGE_Q_CUSTOMER_H
#define HERALD_STORAGE_Q_CUSTOMER_H

#include <stdbool.h>

#include "storage/db.h"
#include "storage/records.h"

/*
 * Loaders fill a caller-owned struct (clear it with customer_clear() or
 * deployment_clear()); list functions initialise OUT and fill it even on
 * failure, so the caller always frees it with rowlist_free(out,
 * (row_clear_fn)customer_clear) or (row_clear_fn)deployment_clear.
 */

/* Insert C (name, contact_email, contract_ref, notify_sla_hours with 0 for
 * none, created_at); sets C->id. */
enum status q_customer_insert(struct db *db, struct customer *c,
    struct err *err);
/* Load by id; ST_NOTFOUND when absent. */
enum status q_customer_by_id(struct db *db, long long id, struct customer *c,
    struct err *err);
/* Every customer, erased ones included, by name (erased last), then id. */
enum status q_customer_list(struct db *db, struct rowlist *out,
    struct err *err);
enum status q_customer_count(struct db *db, long long *n, struct err *err);

/* Insert D (customer_id, product_id, cycle_id with 0 for none, version,
 * created_at); sets D->id. */
enum status q_deployment_insert(struct db *db, struct deployment *d,
    struct err *err);
/* What CUSTOMER_ID runs, oldest entry first (by id). */
enum status q_deployment_list_for_customer(struct db *db,
    long long customer_id, struct rowlist *out, struct err *err);
/* How many deployments CUSTOMER_ID has (every customer's when it is 0). */
enum status q_deployment_count(struct db *db, long long customer_id,
    long long *n, struct err *err);
/* The customers, not erased, with a deployment of CYCLE_ID, each once, by
 * name, then id: who an end-of-life notice or an advisory must reach. */
enum status q_deployment_customers_for_cycle(struct db *db, long long cycle_id,
    struct rowlist *out, struct err *err);

/* Load the customer (not erased) called NAME, case ignored; ST_NOTFOUND
 * when none, ST_CONFLICT when more than one. */
enum status q_customer_by_name(struct db *db, const char *name,
    struct customer *c, struct err *err);
/* Delete CUSTOMER_ID's deployments of PRODUCT_ID in CYCLE_ID (0: those
 * without a cycle); sets *N (may be NULL) to how many. */
enum status q_deployment_delete(struct db *db, long long customer_id,
    long long product_id, long long cycle_id, long long *n, struct err *err);
/* Whether CUSTOMER_ID has a deployment of PRODUCT_ID in CYCLE_ID (0: none)
 * at VERSION. */
enum status q_deployment_exists(struct db *db, long long customer_id,
    long long product_id, long long cycle_id, const char *version,
    bool *exists, struct err *err);

/* A person to reach at a customer. */
struct customer_contact {
	long long id;
	long long customer_id;
	char     *name;
	char     *email;
	char     *role;
	char     *created_at;
};
void        customer_contact_clear(struct customer_contact *c);
/* Insert C (customer_id, name, email, role, created_at); sets C->id. */
enum status q_contact_insert(struct db *db, struct customer_contact *c,
    struct err *err);
/* The contacts of CUSTOMER_ID, by id. Free with rowlist_free(out,
 * (row_clear_fn)customer_contact_clear). */
enum status q_contact_list_for_customer(struct db *db, long long customer_id,
    struct rowlist *out, struct err *err);

#endif
