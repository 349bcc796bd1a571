/* storage/q_template.h - versioned templates, stored with their hashes. */
#ifndef HERALD_STORAGE_Q_TEMPLATE_H
#define HERALD_STORAGE_Q_TEMPLATE_H

#include "storage/db.h"
#include "storage/records.h"

/* Insert T (name, version, hash, body, source, imported_at); sets T->id.
 * ST_EXISTS when that name and version are taken. Needs the caller's
 * write transaction. */
enum status q_template_insert(struct db *db, struct template_row *t,
    struct err *err);
/* Load the newest version of NAME into T (caller clears with
 * template_row_clear()); ST_NOTFOUND when there is none. */
enum status q_template_latest(struct db *db, const char *name,
    struct template_row *t, struct err *err);
/* Load VERSION of NAME into T; ST_NOTFOUND when absent. */
enum status q_template_get(struct db *db, const char *name, long long version,
    struct template_row *t, struct err *err);
/* The newest version of every template, by name; free with
 * rowlist_free(out, (row_clear_fn)template_row_clear). */
enum status q_template_list_latest(struct db *db, struct rowlist *out,
    struct err *err);

#endif
