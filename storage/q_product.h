/* storage/q_product.h - products and their release cycles. */
#ifndef HERALD_STORAGE_Q_PRODUCT_H
#define HERALD_STORAGE_Q_PRODUCT_H

#include <stddef.h>

#include "storage/db.h"
#include "storage/records.h"

/*
 * Loaders fill a caller-owned struct (clear it with product_clear() or
 * cycle_clear()); list functions initialise OUT and fill it even on
 * failure, so the caller always frees it with rowlist_free(out,
 * (row_clear_fn)product_clear) or (row_clear_fn)cycle_clear.
 */

/* Insert P (slug, name, description, owner_id, created_at; updated_at
 * defaults to created_at); sets P->id. ST_EXISTS when the slug is taken. */
enum status q_product_insert(struct db *db, struct product *p,
    struct err *err);
/* Load by id or slug; ST_NOTFOUND when absent. */
enum status q_product_by_id(struct db *db, long long id, struct product *p,
    struct err *err);
enum status q_product_by_slug(struct db *db, const char *slug,
    struct product *p, struct err *err);
/* Every product, ordered by slug, then id. */
enum status q_product_list(struct db *db, struct rowlist *out,
    struct err *err);
enum status q_product_count(struct db *db, long long *n, struct err *err);
/* Set the owner (0 = none) and updated_at; ST_NOTFOUND when no such id. */
enum status q_product_set_owner(struct db *db, long long id,
    long long owner_id, const char *updated_at, struct err *err);

/* Insert C (every column but id and eol_notice_sent_at; updated_at defaults
 * to created_at); sets C->id. ST_EXISTS when the product has that cycle. */
enum status q_cycle_insert(struct db *db, struct cycle *c, struct err *err);
/* Load by id, or by product and cycle name; ST_NOTFOUND when absent. */
enum status q_cycle_by_id(struct db *db, long long id, struct cycle *c,
    struct err *err);
enum status q_cycle_by_name(struct db *db, long long product_id,
    const char *cycle, struct cycle *c, struct err *err);
/* The cycles of PRODUCT_ID, newest release first (undated ones first),
 * then by id descending. */
enum status q_cycle_list_for_product(struct db *db, long long product_id,
    struct rowlist *out, struct err *err);
/* How many cycles PRODUCT_ID has (every product's when it is 0). */
enum status q_cycle_count(struct db *db, long long product_id, long long *n,
    struct err *err);
/* Save C's cycle name, dates, is_lts, latest_version, post_eol_options,
 * owner_id, eol_notice_sent_at and updated_at; ST_NOTFOUND when C->id is
 * unknown. */
enum status q_cycle_update(struct db *db, const struct cycle *c,
    struct err *err);
/* Record that the end-of-life notice of cycle ID went out at WHEN. */
enum status q_cycle_set_eol_notice(struct db *db, long long id,
    const char *when, struct err *err);
/*
 * Cycles whose EOL date lies in [FROM, TO] (YYYY-MM-DD, both inclusive;
 * FROM may be NULL for no lower bound) and whose EOL notice has not been
 * sent, ordered by EOL date, then id.
 */
enum status q_cycle_list_eol_between(struct db *db, const char *from,
    const char *to, struct rowlist *out, struct err *err);
/* The SQL text of q_cycle_list_eol_between(), for the query-plan test. */
const struct db_query *q_product_queries(size_t *n);

#endif
