/* core/channel.c - channels: kinds, secret-free settings, enabling, audit. */
#include "config.h"

#include "core/channel.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/incident.h"

static const char *const kinds[] = {
	"email", "webhook", "github", "jira", "servicenow", "directory", NULL,
};

/*
 * A settings key whose letters (case, '-', '_', '.' and spaces ignored)
 * contain one of these words holds a credential, unless it ends with a
 * word saying where the credential lives instead.
 */
static const char *const secret_words[] = {
	"password", "passwd", "passphrase", "token", "secret", "apikey",
	"privatekey", NULL,
};
static const char *const where_words[] = {
	"file", "path", "env", "var", "variable", "command", "cmd", NULL,
};

const char *const *
channel_kinds(void)
{
	return kinds;
}

static enum status
check_name(const char *name, struct err *err)
{
	const char *p;

	if (name == NULL || *name == '\0')
		return err_set(err, ST_INVALID, "name: a channel needs a name "
		    "(like security-list)");
	if (strlen(name) > CHANNEL_NAME_MAX)
		return err_set(err, ST_INVALID, "name: at most %d characters "
		    "(got %zu)", CHANNEL_NAME_MAX, strlen(name));
	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) &&
		    (p == name || strchr("-._", *p) == NULL))
			return err_set(err, ST_INVALID, "name %s: use letters, "
			    "digits, '-', '.' and '_', starting with a letter or "
			    "a digit", name);
	return ST_OK;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool
key_is_secret(const char *key)
{
	char norm[256];
	size_t i, n = 0;

	for (; *key != '\0' && n < sizeof norm - 1; key++)
		if (strchr("-_. ", *key) == NULL)
			norm[n++] = (char)tolower((unsigned char)*key);
	norm[n] = '\0';
	for (i = 0; where_words[i] != NULL; i++)
		if (ends_with(norm, where_words[i]))
			return false;
	for (i = 0; secret_words[i] != NULL; i++)
		if (strstr(norm, secret_words[i]) != NULL)
			return true;
	return false;
}

/* Whether V is a URL whose authority carries "user:password@". */
static bool
url_has_password(const char *v)
{
	const char *p, *end, *at, *colon;

	if ((p = strstr(v, "://")) == NULL)
		return false;
	p += 3;
	end = p + strcspn(p, "/?#");
	for (at = NULL, colon = p; colon < end; colon++)
		if (*colon == '@')
			at = colon;
	if (at == NULL)
		return false;
	colon = memchr(p, ':', (size_t)(at - p));
	return colon != NULL;
}

static enum status
refuse(const char *key, const char *what, struct err *err)
{
	return err_set(err, ST_INVALID, "settings: \"%s\" %s; credentials never "
	    "live in the database: name a file or an environment variable "
	    "instead (like \"%s_file\" or \"%s_env\")", key, what, key, key);
}

/* Check V, the value of KEY (NULL at the top), and all it holds. */
static enum status
check_value(const char *key, json_t *v, struct err *err)
{
	const char *k;
	json_t *child;
	size_t i;
	enum status st;

	if (json_is_object(v)) {
		json_object_foreach(v, k, child) {
			if (key_is_secret(k))
				return refuse(k, "looks like a credential", err);
			if ((st = check_value(k, child, err)) != ST_OK)
				return st;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
			if ((st = check_value(key, child, err)) != ST_OK)
				return st;
	} else if (json_is_string(v) && url_has_password(json_string_value(v)))
		return refuse(key != NULL ? key : "url", "holds a URL with a "
		    "password", err);
	return ST_OK;
}

enum status
channel_check_settings(const char *settings, char **canonical,
    struct err *err)
{
	json_error_t jerr;
	json_t *root;
	enum status st;

	if (canonical != NULL)
		*canonical = NULL;
	if (settings == NULL || *settings == '\0')
		settings = "{}";
	if (strlen(settings) > CHANNEL_SETTINGS_MAX)
		return err_set(err, ST_INVALID, "settings: at most %d bytes (got "
		    "%zu)", CHANNEL_SETTINGS_MAX, strlen(settings));
	if ((root = json_loads(settings, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return err_set(err, ST_INVALID, "settings: not JSON: %s (line %d, "
		    "column %d)", jerr.text, jerr.line, jerr.column);
	if (!json_is_object(root))
		st = err_set(err, ST_INVALID, "settings: must be a JSON object, "
		    "like {\"to\": \"security-announce@example.com\"}");
	else
		st = check_value(NULL, root, err);
	if (st == ST_OK && canonical != NULL &&
	    (*canonical = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		st = err_set(err, ST_NOMEM, "settings: out of memory");
	json_decref(root);
	return st;
}

enum status
channel_create(struct session *s, const char *name, const char *kind,
    const char *settings, long long *id, struct err *err)
{
	struct channel c = { 0 };
	char now[CLOCK_BUFSZ], all[128], *canon = NULL;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = check_name(name, err)) != ST_OK)
		return st;
	if (!vocab_has(kinds, kind))
		return err_set(err, ST_INVALID, "kind %s: expected one of %s",
		    kind != NULL ? kind : "(missing)",
		    vocab_join(kinds, all, sizeof all));
	if ((st = channel_check_settings(settings, &canon, err)) != ST_OK)
		return st;
	clock_now_str(now);
	c.name = (char *)name;
	c.kind = (char *)kind;
	c.settings = canon;
	c.is_enabled = true;
	c.created_at = now;
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto done;
	if ((st = q_channel_insert(s->db, &c, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "channel.create", "channel", c.id,
	    err, "{s:s, s:s}", "name", name, "kind", kind);
end:
	st = db_end(s->db, st, err);
done:
	free(canon);
	if (st == ST_OK && id != NULL)
		*id = c.id;
	return st;
}

enum status
channel_list(struct session *s, struct rowlist *out, struct err *err)
{
	return q_channel_list(s->db, out, err);
}

enum status
channel_get_by_name(struct session *s, const char *name, struct channel *out,
    struct err *err)
{
	if (name == NULL || *name == '\0')
		return err_set(err, ST_INVALID, "which channel? give its name");
	return q_channel_by_name(s->db, name, out, err);
}

enum status
channel_get(struct session *s, long long id, struct channel *out,
    struct err *err)
{
	return q_channel_by_id(s->db, id, out, err);
}

enum status
channel_set_enabled(struct session *s, const char *name, bool is_enabled,
    struct err *err)
{
	struct channel c = { 0 };
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = check_name(name, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_channel_by_name(s->db, name, &c, err)) != ST_OK)
		goto end;
	if (c.is_enabled == is_enabled)
		goto end;                       /* already so */
	if ((st = q_channel_set_enabled(s->db, c.id, is_enabled, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, is_enabled ? "channel.enable" :
	    "channel.disable", "channel", c.id, err, "{s:s}", "name", name);
end:
	st = db_end(s->db, st, err);
	channel_clear(&c);
	return st;
}
