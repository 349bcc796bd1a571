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
/* customer_create()'s checks of its fields; and its writes inside the
 * caller's open write transaction at NOW, with the audit row (imports). */
enum status customer_check(const char *name, const char *contact_email,
    const char *contract_ref, int notify_sla_hours, struct err *err);
enum status customer_create_in_tx(struct session *s, const char *name,
    const char *contact_email, const char *contract_ref, int notify_sla_hours,
    const char *now, long long *id, struct err *err);
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
/* deployment_add()'s checks and writes inside the caller's open write
 * transaction, at NOW, with the audit row. For imports. */
enum status deployment_add_in_tx(struct session *s, long long customer_id,
    long long product_id, long long cycle_id, const char *version,
    const char *now, long long *id, struct err *err);
/* What CUSTOMER_ID runs, by id. Free with
 * rowlist_free(out, (row_clear_fn)deployment_clear), even on failure. */
enum status deployment_list_for_customer(struct session *s,
    long long customer_id, struct rowlist *out, struct err *err);
/* The customers (not erased) running release cycle CYCLE_ID, each once, by
 * name. Free OUT as for customer_list(). */
enum status customer_list_for_cycle(struct session *s, long long cycle_id,
    struct rowlist *out, struct err *err);

/* Load the customer WHICH names: "customer:ID", an ID, or a name (case
 * ignored, erased customers never match). */
enum status customer_find(struct session *s, const char *which,
    struct customer *out, struct err *err);
/* Add a contact to CUSTOMER_ID: NAME (required), EMAIL (required), ROLE
 * (may be NULL: "security", "dpo", ...). Admins only; audited without the
 * name or address. Sets *ID when ID is not NULL. */
enum status customer_contact_add(struct session *s, long long customer_id,
    const char *name, const char *email, const char *role, long long *id,
    struct err *err);
/* The contacts of CUSTOMER_ID by id. Free with rowlist_free(out,
 * (row_clear_fn)customer_contact_clear). */
enum status customer_contacts(struct session *s, long long customer_id,
    struct rowlist *out, struct err *err);
/* deployment_add() by the product's slug and the cycle's name (NULL, ""
 * or "-" for none). */
enum status deployment_add_named(struct session *s, long long customer_id,
    const char *product, const char *cycle, const char *version,
    long long *id, struct err *err);
/* Forget that CUSTOMER_ID runs PRODUCT (a slug) in CYCLE (a name, or
 * NULL/""/"-" for none). Admins only; audited; ST_NOTFOUND when it was
 * not recorded. */
enum status deployment_remove(struct session *s, long long customer_id,
    const char *product, const char *cycle, struct err *err);

struct import_result;            /* core/subscriber.h */
/* Import customers from the CSV file PATH: header name[,email][,contract]
 * [,sla_hours] (any order). Every row is checked first (a name, not
 * taken nor repeated, an address, an SLA of 0 to 8760 hours); when any
 * row is wrong nothing is imported (ST_INVALID, RES->problems say why).
 * Admins only; one transaction. */
enum status customer_import(struct session *s, const char *path,
    struct import_result *res, struct err *err);
/* Import deployments from the CSV file PATH: header
 * customer,product,cycle[,version]; the customer by name or id, the
 * product by slug, the cycle by name (empty for none). All or nothing,
 * as customer_import(). */
enum status deployment_import(struct session *s, const char *path,
    struct import_result *res, struct err *err);

#endif
