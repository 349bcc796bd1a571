/* core/customer.h - customers, their notification terms and what they run. */
#ifndef HERALD_CORE_CUSTOMER_H
#define HERALD_CORE_CUSTOMER_H

#include "core/session.h"
#include "storage/q_customer.h"

/* Limits of the fields, in bytes, and of a contractual SLA, in hours. */
#define CUSTOMER_NAME_MAX     200
#define CUSTOMER_CONTRACT_MAX 100
#define CUSTOMER_SLA_MAX      8760
#define DEPLOYMENT_VERSION_MAX 64

/*
 * Add a customer called NAME with an optional CONTACT_EMAIL and
 * CONTRACT_REF and the contract's notification SLA in hours
 * (NOTIFY_SLA_HOURS, 0 for none; it beats a playbook's when stricter).
 * Admins only. Sets *ID when ID is not NULL.
 */
enum status customer_create(struct session *s, const char *name,
    const char *contact_email, const char *contract_ref, int notify_sla_hours,
    long long *id, struct err *err);
/* Load customer ID into OUT; caller clears it with customer_clear().
 * Anyone may read. */
enum status customer_get(struct session *s, long long id,
    struct customer *out, struct err *err);
/* Every customer by name (erased ones last), then id. Free with
 * rowlist_free(out, (row_clear_fn)customer_clear), even on failure. */
enum status customer_list(struct session *s, struct rowlist *out,
    struct err *err);
/*
 * Record that CUSTOMER_ID runs PRODUCT_ID, in release cycle CYCLE_ID (0 when
 * unknown; it must belong to the product) at VERSION (may be NULL). Admins
 * only. Sets *ID when ID is not NULL.
 */
enum status deployment_add(struct session *s, long long customer_id,
    long long product_id, long long cycle_id, const char *version,
    long long *id, struct err *err);
/* What CUSTOMER_ID runs, by id. Free with
 * rowlist_free(out, (row_clear_fn)deployment_clear), even on failure. */
enum status deployment_list_for_customer(struct session *s,
    long long customer_id, struct rowlist *out, struct err *err);
/* The customers (not erased) running release cycle CYCLE_ID, each once, by
 * name. Free OUT as for customer_list(). */
enum status customer_list_for_cycle(struct session *s, long long cycle_id,
    struct rowlist *out, struct err *err);

#endif
