/* core/subscriber.h - opt-in subscribers: sign-up, confirmation, erasure. */
#ifndef HERALD_CORE_SUBSCRIBER_H
#define HERALD_CORE_SUBSCRIBER_H

#include "core/session.h"
#include "storage/q_subscriber.h"

/* Longest e-mail address (RFC 5321 path limit), and a token's length. */
#define SUBSCRIBER_ADDRESS_MAX 254
#define SUBSCRIBER_TOKEN_HEX   32

/* Check an e-mail ADDRESS: 1 to 254 bytes, one '@' with text on both
 * sides, no spaces or control characters; the message names FIELD. */
enum status subscriber_check_address(const char *field, const char *address,
    struct err *err);
/* Check a LIST name, KIND:PRODUCT: KIND is one of subscriber_list_kinds(),
 * PRODUCT is '*' or a product slug (its shape only is checked). */
enum status subscriber_check_list(const char *list, struct err *err);
/* "advisories", "breach", "lifecycle"; NULL-terminated. */
const char *const *subscriber_list_kinds(void);

/*
 * Add ADDRESS (its domain lower-cased) on the NULL-terminated LISTS (at
 * least one) with a fresh unguessable token, unconfirmed until
 * subscriber_confirm(). Admins only. Sets *ID when ID is not NULL; read
 * the token for the confirmation message with subscriber_get().
 */
enum status subscriber_add(struct session *s, const char *address,
    const char *const *lists, long long *id, struct err *err);
/* Confirm the subscription TOKEN names: the subscriber's own act, so no
 * role is needed and the audit actor is "system". Confirming twice changes
 * nothing; a cancelled or erased subscription stays so. */
enum status subscriber_confirm(struct session *s, const char *token,
    struct err *err);
/* Cancel the subscription TOKEN names, as subscriber_confirm() (no role,
 * actor "system"); cancelling twice changes nothing. */
enum status subscriber_unsubscribe(struct session *s, const char *token,
    struct err *err);
/* Load a subscriber, lists included, by id or address into OUT; caller
 * clears it with subscriber_clear(). Anyone may read. */
enum status subscriber_get(struct session *s, long long id,
    struct subscriber *out, struct err *err);
enum status subscriber_get_by_address(struct session *s, const char *address,
    struct subscriber *out, struct err *err);
/* Subscribers on LIST (NULL for all), by id, at most LIMIT (0 = all) after
 * OFFSET. Free with rowlist_free(out, (row_clear_fn)subscriber_clear), even
 * on failure. */
enum status subscriber_list(struct session *s, const char *list,
    long long limit, long long offset, struct rowlist *out, struct err *err);
/* Erase subscriber ID: forget the address and the lists, keep the row and
 * the audit chain (which never held the address). Admins only; erasing
 * twice changes nothing. */
enum status subscriber_erase(struct session *s, long long id, struct err *err);
/* Who receives news of KIND about PRODUCT_SLUG (NULL: KIND:* lists only):
 * confirmed, still subscribed, not erased. Free OUT as for
 * subscriber_list(). */
enum status subscriber_recipients(struct session *s, const char *kind,
    const char *product_slug, struct rowlist *out, struct err *err);

#endif
