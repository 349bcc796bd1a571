/* core/subscriber.h - opt-in subscribers: sign-up, confirmation, erasure. */
#ifndef HERALD_CORE_SUBSCRIBER_H
#define HERALD_CORE_SUBSCRIBER_H

#include <stdbool.h>

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
/* "advisories", "breach", "lifecycle", "drill"; NULL-terminated. */
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

/* What subscriber_add_new() needs. */
struct subscriber_new {
	const char        *address;
	const char *const *lists;        /* NULL-terminated, at least one */
	bool               is_confirmed; /* the admin vouches for the consent:
	                                  * confirmed now, no message sent */
	long long          customer_id;  /* whose address it is; 0: nobody's */
};
/*
 * Add IN->address (its domain lower-cased) on IN->lists, each of a known
 * product (or '*'). Unconfirmed, a confirmation message (purpose
 * "confirmation", a link to site.url/confirm?token=T) is queued in the
 * same transaction through the first enabled e-mail channel, when there
 * is one and site.url is set. Admins only; audited ("subscriber.add",
 * with "confirmed_by": "admin" when IN->is_confirmed). Sets *ID when ID
 * is not NULL.
 */
enum status subscriber_add_new(struct session *s,
    const struct subscriber_new *in, long long *id, struct err *err);
/* Where confirmation messages go: the first enabled e-mail channel (0:
 * none) and the site's address (NULL: unset); both needed to send one. */
struct subscriber_mailer {
	long long channel_id;
	char     *site_url;
};
void        subscriber_mailer_clear(struct subscriber_mailer *m);
enum status subscriber_mailer_find(struct session *s,
    struct subscriber_mailer *m, struct err *err);
/* subscriber_add_new()'s writes, inside the caller's open write
 * transaction, for IN checked already (its address normalised), at NOW,
 * with its audit row. For imports. */
enum status subscriber_add_in_tx(struct session *s,
    const struct subscriber_new *in, const struct subscriber_mailer *m,
    const char *now, long long *id, struct err *err);
/* A copy of ADDRESS with its domain lower-cased; caller frees. */
char       *subscriber_normalise(const char *address);
/* Check the lists of a subscription: shape, and a product each names
 * exists; the message names the list. Needs an open database. */
enum status subscriber_check_lists_known(struct session *s,
    const char *const *lists, struct err *err);
/* "confirmed", "unconfirmed", "unsubscribed" or "erased". */
const char *subscriber_state(const struct subscriber *sub);
/* As subscriber_list(), and only addresses holding TEXT (case ignored)
 * when TEXT is not NULL or empty. */
enum status subscriber_search(struct session *s, const char *list,
    const char *text, long long limit, long long offset,
    struct rowlist *out, struct err *err);
/* The addresses of customer CUSTOMER_ID. Free as for subscriber_list(). */
enum status subscriber_list_for_customer(struct session *s,
    long long customer_id, struct rowlist *out, struct err *err);
/* Every list with its counts. Free with rowlist_free(out,
 * (row_clear_fn)subscriber_list_count_clear). */
enum status subscriber_lists(struct session *s, struct rowlist *out,
    struct err *err);
/* Cancel the subscription of ADDRESS on its owner's request, by an admin
 * (audited with the admin as actor); cancelling twice changes nothing. */
enum status subscriber_unsubscribe_address(struct session *s,
    const char *address, struct err *err);

/* --- CSV import (core/csv_import.c) ---------------------------------- */

/* One record of an RFC 4180 CSV file: its fields and the line it starts
 * on (the header is line 1). */
struct csv_row {
	char  **fields;
	size_t  nfields;
	long    line;
};
void        csv_row_clear(struct csv_row *r);
/* Read the CSV file PATH (at most 64 MiB; CRLF or LF; quoted fields may
 * hold commas, quotes as "" and line breaks) into OUT, header first,
 * blank lines skipped. OUT is always initialised; free it with
 * rowlist_free(out, (row_clear_fn)csv_row_clear). Errors name
 * PATH:LINE. */
enum status csv_read(const char *path, struct rowlist *out, struct err *err);
/* Map the header HDR to the columns COLS (NULL-terminated, lower-case):
 * IDX[i] gets the field index of COLS[i] or -1; the first NREQUIRED are
 * required, unknown columns and repeats are refused, naming PATH:1. */
enum status csv_columns(const char *path, const struct csv_row *hdr,
    const char *const *cols, size_t nrequired, int *idx, struct err *err);
/* Field IDX of R with spaces at either end removed (a pointer into R), or
 * "" when IDX < 0 or past the end. */
const char *csv_field(const struct csv_row *r, int idx);

/* What an import found: how many rows, how many were added, and each
 * problem as "FILE:LINE: field: what is wrong", by line; only the first
 * IMPORT_MAX_PROBLEMS are kept in PROBLEMS, NPROBLEMS counts them all. */
#define IMPORT_MAX_PROBLEMS 1000
struct import_result {
	long long rows;
	long long added;
	char    **problems;
	size_t    nproblems;
};
void        import_result_clear(struct import_result *r);
/* Record a problem in R. */
void        import_problem(struct import_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* csv_read() then csv_columns() of PATH into ROWS and IDX; RES->rows
 * counts the rows below the header. */
enum status csv_open(const char *path, const char *const *cols,
    size_t nrequired, struct rowlist *rows, int *idx,
    struct import_result *res, struct err *err);
/* The error of an import that found problems in RES: nothing imported. */
enum status import_refuse(const char *path, const struct import_result *res,
    struct err *err);
/* The start of an import of PATH by an admin: RES emptied, csv_open()
 * into ROWS (always to be freed) and IDX, *N the rows below the header,
 * NOW the time (CLOCK_BUFSZ bytes), and the transaction begun: on ST_OK
 * the caller ends with import_end(). */
enum status import_begin(struct session *s, const char *path,
    const char *const *cols, size_t nrequired, struct rowlist *rows,
    int *idx, struct import_result *res, size_t *n, char *now,
    struct err *err);
/* What writes the planned rows of an import: PLAN (one entry a row),
 * MORE what else the writer needs. */
struct import_write {
	struct session *s;
	const char     *now;
	void           *plan;
	void           *more;
};
/* Write planned row I of an import: the line it came from in *LINE. */
typedef enum status (*import_add_fn)(const struct import_write *w,
    size_t i, long *line, struct err *err);
/* The end of an import begun by import_begin() that went so far with ST:
 * refused when RES has problems, else ADD for each of the N rows (an
 * error prefixed "PATH:LINE") and RES->added set; then the transaction
 * ended (RES->added 0 unless it was committed). */
enum status import_end(const struct import_write *w, const char *path,
    enum status st, struct import_result *res, size_t n, import_add_fn add,
    struct err *err);

/*
 * Import the subscribers of the CSV file PATH: header
 * address,lists,confirmed[,customer] (any order); lists separated by ';';
 * confirmed yes/no/true/false/1/0 (empty: no); customer an id or a name.
 * Every row is checked first (address, lists of known products, repeats
 * in the file and in the database, the customer); when any row is wrong,
 * nothing is imported, RES->problems says why, and ST_INVALID comes back.
 * Else all rows are added in one transaction as subscriber_add_new()
 * would. Admins only. RES is always filled; clear it with
 * import_result_clear().
 */
enum status subscriber_import(struct session *s, const char *path,
    struct import_result *res, struct err *err);

#endif
