/* core/channel.c - channels: kinds, secret-free settings, enabling, audit. */
#include "config.h"

#include "core/channel.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/audit.h"
#include "core/driver.h"
#include "core/clock.h"
#include "core/hash.h"
#include "core/incident.h"
#include "util/xalloc.h"

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
		return err_set(err, ST_INVALID, "settings: \"%s\" holds a URL with "
		    "a password; credentials never live in the database: put the "
		    "user in \"username\" and name a file or an environment "
		    "variable for the password (\"password_file\" or "
		    "\"password_env\")", key != NULL ? key : "url");
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
	char now[CLOCK_BUFSZ], all[128], hash[HASH_HEX_SIZE], *canon = NULL;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = check_name(name, err)) != ST_OK)
		return st;
	if (!vocab_has(kinds, kind))
		return err_set(err, ST_INVALID, "kind %s: expected one of %s",
		    kind != NULL ? kind : "(missing)",
		    vocab_join(kinds, all, sizeof all));
	if ((st = channel_check_kind(kind, settings, &canon, err)) != ST_OK)
		return st;
	hash_sha256_hex(canon, strlen(canon), hash);
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
	/* The settings hold no secret, but go by hash: they may be long. */
	st = audit_record(s->db, s->actor, "channel.create", "channel", c.id,
	    err, "{s:s, s:s, s:s}", "name", name, "kind", kind,
	    "settings_sha256", hash);
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

/* --- what each kind of channel knows -------------------------------------- */

enum key_type {
	K_TEXT,         /* one line of text */
	K_URL,          /* a URL in one of the rule's schemes */
	K_ADDR,         /* an e-mail address, maybe "Name <addr>" */
	K_FILE,         /* an absolute path */
	K_DIR,          /* a directory's path */
	K_ENV,          /* an environment variable's name */
	K_BOOL,
	K_SECONDS,      /* a whole number of seconds, 1 to 3600 */
	K_NAMES,        /* an array of one-line strings */
	K_REPO,         /* owner/repo */
	K_TLS,          /* "required" or "loopback-plain" */
	K_IDENT,        /* letters, digits, '_' (a table's name) */
};

struct key_rule {
	const char   *key;
	enum key_type type;
	bool          is_required;
	const char   *schemes;       /* K_URL: space-separated */
};

/* What every kind but directory takes, then the end of a table. */
#define COMMON_KEYS { "ca_file", K_FILE, false, NULL }, \
	{ "timeout", K_SECONDS, false, NULL }, \
	{ NULL, K_TEXT, false, NULL }
/* A secret's two places: NAME_file or NAME_env. */
#define SECRET_KEYS(name) { name "_file", K_FILE, false, NULL }, \
	{ name "_env", K_ENV, false, NULL }
/* An HTTP address: https, or http to loopback. */
#define HTTP_URL(key, is_required) { key, K_URL, is_required, "https http" }

static const struct key_rule email_keys[] = {
	{ "url", K_URL, true, "smtp smtps" },
	{ "from", K_ADDR, true, NULL },
	{ "username", K_TEXT, false, NULL },
	SECRET_KEYS("password"),
	{ "tls", K_TLS, false, NULL },
	{ "list_id", K_TEXT, false, NULL },
	HTTP_URL("unsubscribe_url", false),
	{ "unsubscribe_mailto", K_ADDR, false, NULL },
	{ "affected_customers", K_BOOL, false, NULL },
	COMMON_KEYS,
};
static const struct key_rule webhook_keys[] = {
	HTTP_URL("url", true),
	SECRET_KEYS("secret"),
	{ "audiences", K_NAMES, false, NULL },
	{ "playbooks", K_NAMES, false, NULL },
	COMMON_KEYS,
};
static const struct key_rule github_keys[] = {
	HTTP_URL("api_url", false),
	{ "repository", K_REPO, true, NULL },
	SECRET_KEYS("token"),
	{ "request_cve", K_BOOL, false, NULL },
	COMMON_KEYS,
};
static const struct key_rule jira_keys[] = {
	HTTP_URL("url", true),
	{ "project", K_TEXT, true, NULL },
	{ "issue_type", K_TEXT, false, NULL },
	{ "username", K_TEXT, false, NULL },
	SECRET_KEYS("token"),
	COMMON_KEYS,
};
static const struct key_rule servicenow_keys[] = {
	HTTP_URL("url", true),
	{ "table", K_IDENT, false, NULL },
	{ "username", K_TEXT, false, NULL },
	SECRET_KEYS("password"),
	COMMON_KEYS,
};
static const struct key_rule directory_keys[] = {
	{ "path", K_DIR, true, NULL },
	{ NULL, K_TEXT, false, NULL },
};

/* The rules of KIND, in the order of kinds[]. */
static const struct key_rule *const kind_rules[] = {
	email_keys, webhook_keys, github_keys, jira_keys, servicenow_keys,
	directory_keys,
};

static const struct key_rule *
rules_for(const char *kind)
{
	size_t i;

	for (i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i], kind) == 0)
			return kind_rules[i];
	return NULL;
}

static const struct key_rule *
rule_for(const struct key_rule *rules, const char *key)
{
	for (; rules->key != NULL; rules++)
		if (strcmp(rules->key, key) == 0)
			return rules;
	return NULL;
}

/* Whether WORD is one of the space-separated words of LIST. */
static bool
has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* Check URL V of KEY: a scheme of SCHEMES, a host, http:// only to
 * loopback. Sets *IS_LOCAL (when not NULL) to whether its host is
 * loopback. */
static enum status
check_url(const char *key, const char *v, const char *schemes,
    bool *is_local, struct err *err)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	enum status st = ST_OK;

	if (u == NULL)
		return err_set(err, ST_NOMEM, "%s: out of memory", key);
	if (curl_url_set(u, CURLUPART_URL, v, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    strstr(v, "://") == NULL) {
		st = err_set(err, ST_INVALID, "settings: \"%s\": not a URL with a "
		    "host (like %s)", key, strncmp(schemes, "smtp", 4) == 0 ?
		    "smtp://mail.example.com:587" : "https://host.example/path");
		goto end;
	}
	if (!has_word(schemes, scheme)) {
		st = err_set(err, ST_INVALID, "settings: \"%s\": the scheme must be "
		    "one of: %s (got %s)", key, schemes, scheme);
		goto end;
	}
	if (is_local != NULL)
		*is_local = send_host_is_loopback(host);
	if (strcmp(scheme, "http") == 0 && !send_host_is_loopback(host))
		st = err_set(err, ST_INVALID, "settings: \"%s\": plain http:// "
		    "only to a loopback host (127.0.0.1, ::1, localhost); use "
		    "https:// for %s", key, host);
end:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return st;
}

/* Check the string V of KEY by RULE. */
static enum status
check_string(const struct key_rule *r, const char *v, bool *is_local,
    struct err *err)
{
	const char *p, *slash;

	for (p = v; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return err_set(err, ST_INVALID, "settings: \"%s\": no control "
			    "characters or line breaks", r->key);
	if (*v == '\0' && r->type != K_TEXT)
		return err_set(err, ST_INVALID, "settings: \"%s\": empty", r->key);
	switch (r->type) {
	case K_URL:
		return check_url(r->key, v, r->schemes, is_local, err);
	case K_ADDR:
		p = strchr(v, '<') != NULL ? strchr(v, '<') + 1 : v;
		if ((slash = strchr(p, '@')) == NULL || slash == p ||
		    slash[1] == '\0' || slash[1] == '>' || strchr(p, ' ') != NULL)
			return err_set(err, ST_INVALID, "settings: \"%s\": not an "
			    "e-mail address (like \"Security <security@example.com>\" "
			    "or security@example.com)", r->key);
		return ST_OK;
	case K_FILE:
		if (*v != '/')
			return err_set(err, ST_INVALID, "settings: \"%s\": give an "
			    "absolute path (got %s)", r->key, v);
		return ST_OK;
	case K_ENV:
		for (p = v; *p != '\0'; p++)
			if (!(isalpha((unsigned char)*p) || *p == '_' ||
			    (p > v && isdigit((unsigned char)*p))))
				return err_set(err, ST_INVALID, "settings: \"%s\": the "
				    "name of an environment variable (letters, "
				    "digits and '_'), not its value", r->key);
		return ST_OK;
	case K_REPO:
		slash = strchr(v, '/');
		if (slash == NULL || slash == v || slash[1] == '\0' ||
		    strchr(slash + 1, '/') != NULL || strpbrk(v, " ?#") != NULL)
			return err_set(err, ST_INVALID, "settings: \"%s\": expected "
			    "OWNER/REPO (got %s)", r->key, v);
		return ST_OK;
	case K_TLS:
		if (strcmp(v, "required") != 0 && strcmp(v, "loopback-plain") != 0)
			return err_set(err, ST_INVALID, "settings: \"%s\": \"required\" "
			    "or \"loopback-plain\" (got %s)", r->key, v);
		return ST_OK;
	case K_IDENT:
		for (p = v; *p != '\0'; p++)
			if (!isalnum((unsigned char)*p) && *p != '_')
				return err_set(err, ST_INVALID, "settings: \"%s\": "
				    "letters, digits and '_' only (got %s)", r->key, v);
		return ST_OK;
	default:
		return ST_OK;
	}
}

/* Check the value V of a key by rule R. */
static enum status
check_by_rule(const struct key_rule *r, json_t *v, bool *is_local,
    struct err *err)
{
	json_t *item;
	json_int_t n;
	size_t i;
	enum status st;

	switch (r->type) {
	case K_BOOL:
		if (!json_is_boolean(v))
			return err_set(err, ST_INVALID, "settings: \"%s\": true or "
			    "false", r->key);
		return ST_OK;
	case K_SECONDS:
		n = json_is_integer(v) ? json_integer_value(v) : 0;
		if (n < 1 || n > 3600)
			return err_set(err, ST_INVALID, "settings: \"%s\": a whole "
			    "number of seconds from 1 to 3600", r->key);
		return ST_OK;
	case K_NAMES:
		if (!json_is_array(v))
			return err_set(err, ST_INVALID, "settings: \"%s\": a list of "
			    "names, like [\"public\"]", r->key);
		json_array_foreach(v, i, item) {
			struct key_rule one = { r->key, K_TEXT, false, NULL };

			if (!json_is_string(item) || *json_string_value(item) == '\0')
				return err_set(err, ST_INVALID, "settings: \"%s\": item "
				    "%zu is not a name", r->key, i + 1);
			if ((st = check_string(&one, json_string_value(item), NULL,
			    err)) != ST_OK)
				return st;
		}
		return ST_OK;
	default:
		if (!json_is_string(v))
			return err_set(err, ST_INVALID, "settings: \"%s\": must be a "
			    "string", r->key);
		return check_string(r, json_string_value(v), is_local, err);
	}
}

/* The known keys of RULES, comma-separated, into BUF. */
static const char *
known_keys(const struct key_rule *rules, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (; rules->key != NULL && len < n; rules++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
		    len > 0 ? ", " : "", rules->key);
	return buf;
}

enum status
channel_check_kind(const char *kind, const char *settings, char **canonical,
    struct err *err)
{
	const struct key_rule *rules, *r;
	json_t *root = NULL, *v;
	const char *key, *tls;
	char all[512];
	bool is_local = false;
	enum status st;

	if (canonical != NULL)
		*canonical = NULL;
	if (kind == NULL || (rules = rules_for(kind)) == NULL)
		return err_set(err, ST_INVALID, "kind %s: expected one of %s",
		    kind != NULL ? kind : "(missing)",
		    vocab_join(kinds, all, sizeof all));
	if ((st = channel_check_settings(settings, canonical, err)) != ST_OK)
		return st;
	root = json_loads(settings != NULL && *settings != '\0' ? settings :
	    "{}", 0, NULL);
	json_object_foreach(root, key, v) {
		if ((r = rule_for(rules, key)) == NULL) {
			st = err_set(err, ST_INVALID, "settings: \"%s\": not a setting "
			    "of a%s %s channel (it knows: %s)", key,
			    strchr("aeiou", kind[0]) != NULL ? "n" : "", kind,
			    known_keys(rules, all, sizeof all));
			goto end;
		}
		if ((st = check_by_rule(r, v, strcmp(key, "url") == 0 ?
		    &is_local : NULL, err)) != ST_OK)
			goto end;
	}
	for (r = rules; r->key != NULL; r++)
		if (r->is_required && json_object_get(root, r->key) == NULL) {
			st = err_set(err, ST_INVALID, "settings: \"%s\" is required "
			    "for a%s %s channel", r->key,
			    strchr("aeiou", kind[0]) != NULL ? "n" : "", kind);
			goto end;
		}
	/* Mail goes in clear only to this machine, and only when allowed. */
	tls = json_string_value(json_object_get(root, "tls"));
	if (tls != NULL && strcmp(tls, "loopback-plain") == 0 && !is_local)
		st = err_set(err, ST_INVALID, "settings: \"tls\": \"loopback-plain\" "
		    "is only for a loopback host (127.0.0.1, ::1, localhost); mail "
		    "to any other server demands TLS");
end:
	json_decref(root);
	if (st != ST_OK && canonical != NULL) {
		free(*canonical);
		*canonical = NULL;
	}
	return st;
}

enum status
channel_set_settings(struct session *s, const char *name, const char *settings,
    struct err *err)
{
	struct channel c = { 0 };
	char hash[HASH_HEX_SIZE], *canon = NULL;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = check_name(name, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_channel_by_name(s->db, name, &c, err)) != ST_OK)
		goto end;
	if ((st = channel_check_kind(c.kind, settings, &canon, err)) != ST_OK)
		goto end;
	if (c.settings != NULL && strcmp(c.settings, canon) == 0)
		goto end;                       /* the same settings: nothing */
	if ((st = q_channel_set_settings(s->db, c.id, canon, err)) != ST_OK)
		goto end;
	hash_sha256_hex(canon, strlen(canon), hash);
	st = audit_record(s->db, s->actor, "channel.update", "channel", c.id,
	    err, "{s:s, s:s}", "name", name, "settings_sha256", hash);
end:
	st = db_end(s->db, st, err);
	channel_clear(&c);
	free(canon);
	return st;
}

/* --- settings as people may see them -------------------------------------- */

void
channel_setting_clear(struct channel_setting *cs)
{
	if (cs == NULL)
		return;
	free(cs->key);
	free(cs->value);
	memset(cs, 0, sizeof *cs);
}

/* V with the userinfo of a URL ("user:pw@") shown as "***@"; allocated. */
static char *
mask_url(const char *v)
{
	const char *p, *end, *at = NULL, *q;
	char *out;

	if ((p = strstr(v, "://")) == NULL)
		return xstrdup(v);
	p += 3;
	end = p + strcspn(p, "/?#");
	for (q = p; q < end; q++)
		if (*q == '@')
			at = q;
	if (at == NULL)
		return xstrdup(v);
	out = xmalloc(strlen(v) + 4);
	snprintf(out, strlen(v) + 4, "%.*s***%s", (int)(p - v), v, at);
	return out;
}

/* How a secret file PATH stands, for KEY's line; sets *IS_PROBLEM. */
static char *
describe_file(const char *key, const char *path, bool *is_problem)
{
	struct stat sb;
	char buf[4096];
	bool is_secret = strcmp(key, "ca_file") != 0 && strcmp(key, "path") != 0;

	if (stat(path, &sb) != 0) {
		*is_problem = true;
		snprintf(buf, sizeof buf, "%s (missing: %s)", path, strerror(errno));
	} else if (strcmp(key, "path") == 0) {
		*is_problem = !S_ISDIR(sb.st_mode);
		snprintf(buf, sizeof buf, "%s (%s)", path, S_ISDIR(sb.st_mode) ?
		    "a directory" : "not a directory");
	} else if (!S_ISREG(sb.st_mode)) {
		*is_problem = true;
		snprintf(buf, sizeof buf, "%s (not a regular file)", path);
	} else if (is_secret && (sb.st_mode & 077) != 0) {
		*is_problem = true;
		snprintf(buf, sizeof buf, "%s (exists, mode %04o: readable by "
		    "others, refused at send time; chmod 600 it)", path,
		    (unsigned)(sb.st_mode & 07777));
	} else
		snprintf(buf, sizeof buf, "%s (exists, mode %04o)", path,
		    (unsigned)(sb.st_mode & 07777));
	return xstrdup(buf);
}

enum status
channel_settings_shown(const char *settings, struct rowlist *out,
    struct err *err)
{
	json_t *root, *v;
	const char *key, **keys = NULL;
	struct channel_setting *cs;
	char buf[512];
	size_t i, j, n;

	rowlist_init(out, sizeof(struct channel_setting));
	if ((root = json_loads(settings != NULL && *settings != '\0' ?
	    settings : "{}", 0, NULL)) == NULL || !json_is_object(root)) {
		json_decref(root);
		return err_set(err, ST_INVALID, "settings: not a JSON object");
	}
	/* By key, so the screen and the command show the same order. */
	n = json_object_size(root);
	keys = xcalloc(n + 1, sizeof *keys);
	i = 0;
	json_object_foreach(root, key, v)
		keys[i++] = key;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			key = keys[j];
			keys[j] = keys[j - 1];
			keys[j - 1] = key;
		}
	for (i = 0; i < n; i++) {
		key = keys[i];
		v = json_object_get(root, key);
		cs = rowlist_push(out);
		cs->key = xstrdup(key);
		if (json_is_string(v) && (ends_with(key, "_file") ||
		    strcmp(key, "path") == 0))
			cs->value = describe_file(key, json_string_value(v),
			    &cs->is_problem);
		else if (json_is_string(v) && ends_with(key, "_env")) {
			cs->is_problem = getenv(json_string_value(v)) == NULL;
			snprintf(buf, sizeof buf, "$%s (%s)", json_string_value(v),
			    cs->is_problem ? "not set here" : "set");
			cs->value = xstrdup(buf);
		} else if (json_is_string(v))
			cs->value = mask_url(json_string_value(v));
		else
			cs->value = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (cs->value == NULL)
			cs->value = xstrdup("?");
	}
	free(keys);
	json_decref(root);
	return ST_OK;
}
