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
/*
 * Check SETTINGS for a channel of KIND: channel_check_settings(), then
 * the keys that kind knows (unknown keys refused), the required ones
 * present, URLs well-formed with a scheme the kind speaks, plain http://
 * (and SMTP without TLS) only to a loopback host, credentials only named
 * through "*_file" or "*_env". Messages name the key. *CANONICAL as for
 * channel_check_settings().
 */
enum status channel_check_kind(const char *kind, const char *settings,
    char **canonical, struct err *err);
/* Replace the settings of channel NAME with SETTINGS (checked for its
 * kind). Admins only; audited with the settings' SHA-256; the same
 * settings again write nothing. */
enum status channel_set_settings(struct session *s, const char *name,
    const char *settings, struct err *err);

/* One setting as people may see it. */
struct channel_setting {
	char *key;
	char *value;        /* shown: URL userinfo masked, a *_file with
	                     * whether it exists and its mode, a *_env with
	                     * whether it is set; never a secret */
	bool  is_problem;   /* a secret file missing, readable by others, or
	                     * an environment variable not set */
};
void        channel_setting_clear(struct channel_setting *cs);
/* The settings JSON SETTINGS as lines to show, by key. OUT is always
 * initialised; free with
 * rowlist_free(out, (row_clear_fn)channel_setting_clear). */
enum status channel_settings_shown(const char *settings, struct rowlist *out,
    struct err *err);

/* Turn channel NAME on or off. Admins only; a change to the state it is
 * already in writes nothing. */
enum status channel_set_enabled(struct session *s, const char *name,
    bool is_enabled, struct err *err);

#endif
