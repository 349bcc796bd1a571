/* storage/q_settings.h - key/value settings of one database. */
#ifndef HERALD_STORAGE_Q_SETTINGS_H
#define HERALD_STORAGE_Q_SETTINGS_H

#include "storage/db.h"

/* The value of KEY (caller frees), or NULL with ST_OK when unset. */
enum status q_setting_get(struct db *db, const char *key, char **value,
    struct err *err);
/* Set KEY to VALUE (a domain write: the caller appends an audit row). */
enum status q_setting_set(struct db *db, const char *key, const char *value,
    struct err *err);

/* Remove KEY (a domain write, as q_setting_set()); absent is fine. */
enum status q_setting_delete(struct db *db, const char *key,
    struct err *err);

#endif
