/* core/channel.h - where published results go, configured without secrets. */
#ifndef HERALD_CORE_CHANNEL_H
#define HERALD_CORE_CHANNEL_H

#include <stdbool.h>

#include "core/session.h"
#include "storage/q_channel.h"

/* Longest channel name and settings text, in bytes. */
#define CHANNEL_NAME_MAX     64
#define CHANNEL_SETTINGS_MAX 16384

/* "email", "webhook", "github", "jira", "servicenow", "directory";
 * NULL-terminated. */
const char *const *channel_kinds(void);

/*
 * Check SETTINGS (NULL or "" meaning {}): a JSON object of at most 16 KiB
 * with no key that looks like a credential (password, token, secret,
 * api_key, ... unless it ends in _file, _path, _env, _var or _command,
 * naming where the secret lives) and no URL carrying a password. On
 * success sets *CANONICAL (when not NULL) to the compact form with sorted
 * keys; caller frees it with free().
 */
enum status channel_check_settings(const char *settings, char **canonical,
    struct err *err);
/* Add an enabled channel NAME (1 to 64 of letters, digits, '-', '.', '_')
 * of KIND with SETTINGS (see channel_check_settings()). Admins only. Sets
 * *ID when ID is not NULL. */
enum status channel_create(struct session *s, const char *name,
    const char *kind, const char *settings, long long *id, struct err *err);
/* Every channel by name. Free with
 * rowlist_free(out, (row_clear_fn)channel_clear), even on failure. */
enum status channel_list(struct session *s, struct rowlist *out,
    struct err *err);
/* Load a channel by name or id into OUT; caller clears it with
 * channel_clear(). Anyone may read. */
enum status channel_get_by_name(struct session *s, const char *name,
    struct channel *out, struct err *err);
enum status channel_get(struct session *s, long long id, struct channel *out,
    struct err *err);
/* Turn channel NAME on or off. Admins only; a change to the state it is
 * already in writes nothing. */
enum status channel_set_enabled(struct session *s, const char *name,
    bool is_enabled, struct err *err);

#endif
