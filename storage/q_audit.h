/* storage/q_audit.h - the audit table: append, read the head, walk in order. */
#ifndef HERALD_STORAGE_Q_AUDIT_H
#define HERALD_STORAGE_Q_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "storage/db.h"
#include "storage/records.h"

/* Called once per row, in sequence order; a non-OK return stops the walk. */
typedef enum status (*audit_row_fn)(const struct audit_row *row, void *ctx);

/* The newest row's seq and hash (caller frees *HASH); 0 and NULL if empty. */
enum status q_audit_head(struct db *db, long long *seq, char **hash,
    struct err *err);
/* Append ROW (seq, hashes already computed by core/audit.c). */
enum status q_audit_insert(struct db *db, const struct audit_row *row,
    struct err *err);
/* Walk every row from seq FROM upward. */
enum status q_audit_each(struct db *db, long long from, audit_row_fn fn,
    void *ctx, struct err *err);
/* Rows about SUBJECT (or all when NULL) by ACTOR (or all), newest first. */
enum status q_audit_list(struct db *db, const char *subject, const char *actor,
    long long limit, long long offset, struct rowlist *out, struct err *err);
/*
 * One page of rows by ACTOR and SUBJECT (NULL = any), newest first, by
 * keyset: the LIMIT rows below seq AFTER_SEQ (0 = from the newest), or
 * with IS_BACKWARD the rows above it (0 = the oldest page), still newest
 * first. The subject's index leads when both are given.
 */
enum status q_audit_page(struct db *db, const char *actor, const char *subject,
    long long after_seq, bool is_backward, int limit, struct rowlist *out,
    struct err *err);
/* Every SQL text q_audit_page() may run, then q_audit_head()'s (each
 * audited write runs it), for the query-plan test. */
const struct db_query *q_audit_queries(size_t *n);
enum status q_audit_count(struct db *db, long long *n, struct err *err);
/* Whether both append-only triggers are in place. */
enum status q_audit_triggers_ok(struct db *db, bool *ok, struct err *err);

#endif
