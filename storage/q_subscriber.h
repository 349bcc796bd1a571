/* storage/q_subscriber.h - opt-in subscribers and the lists they chose. */
#ifndef HERALD_STORAGE_Q_SUBSCRIBER_H
#define HERALD_STORAGE_Q_SUBSCRIBER_H

#include <stdbool.h>

#include "storage/db.h"
#include "storage/records.h"

/*
 * Loaders fill a caller-owned struct, lists included (clear it with
 * subscriber_clear()); list functions initialise OUT and fill it even on
 * failure, so the caller always frees it with rowlist_free(out,
 * (row_clear_fn)subscriber_clear).
 */

/* Insert S (address, token, created_at, confirmed_at); sets S->id. Its
 * lists are not stored: add them with q_subscriber_add_list(). ST_EXISTS
 * when the address or token is taken. */
enum status q_subscriber_insert(struct db *db, struct subscriber *s,
    struct err *err);
/* Subscribe SUBSCRIBER_ID to LIST; adding a list it has changes nothing. */
enum status q_subscriber_add_list(struct db *db, long long subscriber_id,
    const char *list, struct err *err);
/* Drop every list of SUBSCRIBER_ID; sets *N (may be NULL) to how many. */
enum status q_subscriber_clear_lists(struct db *db, long long subscriber_id,
    long long *n, struct err *err);
/* Load by id, address or token; ST_NOTFOUND when absent. */
enum status q_subscriber_by_id(struct db *db, long long id,
    struct subscriber *s, struct err *err);
enum status q_subscriber_by_address(struct db *db, const char *address,
    struct subscriber *s, struct err *err);
enum status q_subscriber_by_token(struct db *db, const char *token,
    struct subscriber *s, struct err *err);
/* Subscribers on LIST (NULL = all, erased ones included), by id, at most
 * LIMIT (0 = all) after skipping OFFSET. */
enum status q_subscriber_list(struct db *db, const char *list,
    long long limit, long long offset, struct rowlist *out, struct err *err);
/* How many subscribers are on LIST (NULL = all). */
enum status q_subscriber_count(struct db *db, const char *list, long long *n,
    struct err *err);
/* Set confirmed_at or unsubscribed_at of ID to WHEN. */
enum status q_subscriber_set_confirmed(struct db *db, long long id,
    const char *when, struct err *err);
enum status q_subscriber_set_unsubscribed(struct db *db, long long id,
    const char *when, struct err *err);
/* Forget the address of ID and set erased_at to WHEN. */
enum status q_subscriber_erase(struct db *db, long long id, const char *when,
    struct err *err);
/* Who receives news of KIND ("advisories", "breach", "lifecycle") about
 * PRODUCT_SLUG (NULL: only the KIND:* list): confirmed, still subscribed
 * and not erased, by id. */
enum status q_subscriber_recipients(struct db *db, const char *kind,
    const char *product_slug, struct rowlist *out, struct err *err);

/* As q_subscriber_list(), and when TEXT is not NULL or empty only
 * addresses holding TEXT (case ignored). */
enum status q_subscriber_search(struct db *db, const char *list,
    const char *text, long long limit, long long offset, struct rowlist *out,
    struct err *err);
/* The subscriber addresses of customer CUSTOMER_ID, by id. */
enum status q_subscriber_for_customer(struct db *db, long long customer_id,
    struct rowlist *out, struct err *err);
/* Whether ADDRESS is a subscriber's (erased ones have none). */
enum status q_subscriber_address_taken(struct db *db, const char *address,
    bool *taken, struct err *err);

/* How many subscribers (not erased) a list has, by state. */
struct subscriber_list_count {
	char     *list;
	long long total;
	long long confirmed;             /* and still subscribed */
	long long unconfirmed;
	long long unsubscribed;
};
void        subscriber_list_count_clear(struct subscriber_list_count *c);
/* Every list with subscribers, by name. Free with rowlist_free(out,
 * (row_clear_fn)subscriber_list_count_clear). */
enum status q_subscriber_list_counts(struct db *db, struct rowlist *out,
    struct err *err);

#endif
