/* storage/q_channel.h - delivery channels and their (secret-free) settings. */
#ifndef HERALD_STORAGE_Q_CHANNEL_H
#define HERALD_STORAGE_Q_CHANNEL_H

#include <stdbool.h>

#include "storage/db.h"
#include "storage/records.h"

/*
 * Loaders fill a caller-owned struct (clear it with channel_clear()); list
 * functions initialise OUT and fill it even on failure, so the caller
 * always frees it with rowlist_free(out, (row_clear_fn)channel_clear).
 */

/* Insert C (name, kind, settings as JSON text, is_enabled, created_at);
 * sets C->id. ST_EXISTS when the name is taken. */
enum status q_channel_insert(struct db *db, struct channel *c,
    struct err *err);
/* Load by id or name; ST_NOTFOUND when absent. */
enum status q_channel_by_id(struct db *db, long long id, struct channel *c,
    struct err *err);
enum status q_channel_by_name(struct db *db, const char *name,
    struct channel *c, struct err *err);
/* Every channel, by name, then id. */
enum status q_channel_list(struct db *db, struct rowlist *out,
    struct err *err);
enum status q_channel_count(struct db *db, long long *n, struct err *err);
/* Turn channel ID on or off; ST_NOTFOUND when no such id. */
enum status q_channel_set_enabled(struct db *db, long long id, bool is_enabled,
    struct err *err);

/* Replace the settings of channel ID; ST_NOTFOUND when no such id. */
enum status q_channel_set_settings(struct db *db, long long id,
    const char *settings, struct err *err);

#endif
