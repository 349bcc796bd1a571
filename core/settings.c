/* core/settings.c - who publishes and where, checked on the way in so
 * every output can trust them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/check.h"
#include "core/hash.h"
#include "core/settings.h"
#include "core/subscriber.h"
#include "storage/q_settings.h"
#include "util/xalloc.h"

#define SETTING_VALUE_MAX 1000

static const struct {
	const char *key, *def, *what;
} settings[] = {
#define X(id, key, def, what) { key, def, what },
	SETTING_LIST(X)
#undef X
};

const char *
setting_key(enum setting_id id)
{
	return id < SETTING_COUNT ? settings[id].key : NULL;
}

const char *
setting_default(enum setting_id id)
{
	return id < SETTING_COUNT ? settings[id].def : NULL;
}

const char *
setting_what(enum setting_id id)
{
	return id < SETTING_COUNT ? settings[id].what : NULL;
}

int
setting_from_key(const char *key)
{
	int i;

	for (i = 0; key != NULL && i < SETTING_COUNT; i++)
		if (strcmp(settings[i].key, key) == 0)
			return i;
	return -1;
}

/* Whether URL is https://HOST..., or http:// on the loopback only (for
 * tests and local previews). */
static bool
url_ok(const char *url)
{
	const char *host;
	size_t i;

	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://127.0.0.1", 16) == 0 ||
	    strncmp(url, "http://localhost", 16) == 0)
		host = url + 7;
	else
		return false;
	if (*host == '\0' || *host == '/')
		return false;
	for (i = 0; url[i] != '\0'; i++)
		if ((unsigned char)url[i] <= ' ' || url[i] == '"' ||
		    url[i] == '<' || url[i] == '>' || url[i] == '\\' ||
		    (unsigned char)url[i] >= 0x7f)
			return false;
	return true;
}

static bool
contact_ok(const char *c)
{
	size_t i;

	if (strncmp(c, "mailto:", 7) == 0 || strncmp(c, "tel:", 4) == 0) {
		if (c[strlen(c) - 1] == ':')
			return false;
		for (i = 0; c[i] != '\0'; i++)
			if ((unsigned char)c[i] <= ' ' || c[i] == '<' ||
			    c[i] == '>' || c[i] == '"' ||
			    (unsigned char)c[i] >= 0x7f)
				return false;
		return true;
	}
	return url_ok(c);
}

/* Check each comma-separated part of VALUE with OK; an empty part is
 * bad too. */
static bool
each_ok(const char *value, bool (*ok)(const char *), char *bad, size_t n)
{
	char *copy = xstrdup(value), *part, *comma, *e;
	bool good = true;

	for (part = copy; part != NULL && good; part = comma) {
		comma = strchr(part, ',');
		if (comma != NULL)
			*comma++ = '\0';
		while (*part == ' ')
			part++;
		for (e = part + strlen(part); e > part && e[-1] == ' '; e--)
			e[-1] = '\0';
		if (*part == '\0' || !ok(part)) {
			snprintf(bad, n, "%s", part);
			good = false;
		}
	}
	free(copy);
	return good;
}

static bool
lang_ok(const char *l)
{
	size_t i, n = strlen(l);

	if (n < 2 || n > 35 || !isalpha((unsigned char)l[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)l[i]) && l[i] != '-')
			return false;
	return true;
}

static bool
fingerprint_ok(const char *f)
{
	size_t i, n = strlen(f);

	if (n != 40 && n != 64)
		return false;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)f[i]))
			return false;
	return true;
}

static bool
uuid_ok(const char *u)
{
	size_t i;

	if (strlen(u) != 36)
		return false;
	for (i = 0; i < 36; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23) ? u[i] != '-' :
		    !isxdigit((unsigned char)u[i]))
			return false;
	return true;
}

static bool
short_name_ok(const char *n)
{
	size_t i, len = strlen(n);

	if (len < 2 || len > 32)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)n[i]) && n[i] != '_' && n[i] != '-')
			return false;
	return true;
}

/* As channel_create() names channels. */
static bool
channel_name_ok(const char *n)
{
	size_t i, len = strlen(n);

	if (len < 1 || len > 64)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)n[i]) && n[i] != '-' && n[i] != '.' &&
		    n[i] != '_')
			return false;
	return true;
}

static bool
number_in(const char *v, long lo, long hi, long *out)
{
	char *end;
	long n;

	if (!isdigit((unsigned char)*v))
		return false;
	n = strtol(v, &end, 10);
	if (*end != '\0' || n < lo || n > hi)
		return false;
	*out = n;
	return true;
}

enum status
setting_check(const char *key, const char *value, struct err *err)
{
	int id = setting_from_key(key);
	char bad[SETTING_VALUE_MAX + 1];
	const char *why = NULL;
	long n;

	if (id < 0)
		return err_set(err, ST_INVALID, "%s: no such setting (see "
		    "herald settings list)", key != NULL ? key : "(null)");
	if (value == NULL || *value == '\0')
		return ST_OK;
	if (check_line(key, value, SETTING_VALUE_MAX, false, err) != ST_OK)
		return ST_INVALID;
	switch ((enum setting_id)id) {
	case SETTING_SITE_URL:
		if (!url_ok(value) || value[strlen(value) - 1] != '/')
			why = "an https URL ending in / (https://security."
			    "example.com/)";
		break;
	case SETTING_PUB_NAMESPACE:
	case SETTING_SEC_ENCRYPTION:
	case SETTING_SEC_ACK:
	case SETTING_SEC_HIRING:
		if (!url_ok(value))
			why = "an https URL";
		break;
	case SETTING_PUB_CONTACT:
		break;
	case SETTING_SEC_CONTACT:
		if (!each_ok(value, contact_ok, bad, sizeof bad))
			return err_set(err, ST_INVALID, "%s: \"%s\" is not a "
			    "contact: mailto:ADDRESS, tel:NUMBER or an https URL",
			    key, bad);
		break;
	case SETTING_SEC_LANGUAGES:
		if (!each_ok(value, lang_ok, bad, sizeof bad))
			return err_set(err, ST_INVALID, "%s: \"%s\" is not a "
			    "language tag (en, de, pt-BR)", key, bad);
		break;
	case SETTING_SEC_EXPIRES:
		if (!number_in(value, 1, 365, &n))
			why = "a number of days from 1 to 365 (RFC 9116 asks for "
			    "less than a year)";
		break;
	case SETTING_CVE_ORG_ID:
		if (!uuid_ok(value))
			why = "a UUID (8-4-4-4-12 hex digits)";
		break;
	case SETTING_CVE_SHORT_NAME:
		if (!short_name_ok(value))
			why = "2 to 32 letters, digits, '_' or '-'";
		break;
	case SETTING_SIGNING_KEY:
		if (!fingerprint_ok(value))
			why = "an OpenPGP fingerprint: 40 or 64 hex digits, no "
			    "spaces";
		break;
	case SETTING_FEED_ENTRIES:
		if (!number_in(value, 0, 1000000, &n))
			why = "a number of entries, 0 for all";
		break;
	case SETTING_LC_STANDARD:
	case SETTING_LC_LTS:
		if (!number_in(value, 1, 600, &n))
			why = "a number of months from 1 to 600";
		break;
	case SETTING_LC_NOTICE:
		if (!number_in(value, 12, 120, &n))
			why = "a number of months from 12 (the code of practice's "
			    "minimum) to 120";
		break;
	case SETTING_CHECK_ALERT:
		if (!channel_name_ok(value))
			why = "a channel name: 1 to 64 letters, digits, '-', '.' or "
			    "'_' (see herald channel list)";
		break;
	case SETTING_EVAL_MONTHS:
		if (!number_in(value, 1, 12, &n))
			why = "a number of months from 1 to 12";
		break;
	case SETTING_DRILL_LIST:
		/* A drill's e-mails never go to a real list. */
		if (strncmp(value, "drill:", 6) != 0)
			why = "a test list of kind drill (drill:* or drill:PRODUCT)";
		else
			return subscriber_check_list(value, err);
		break;
	case SETTING_BREACH_PLAYBOOK:
	case SETTING_DRILL_CHANNEL:
		if (!channel_name_ok(value))
			why = "a name: 1 to 64 letters, digits, '-', '.' or '_'";
		break;
	case SETTING_CHECK_SECTXT:
		if (value[0] != '/')
			why = "an absolute path (/var/www/example/.well-known/"
			    "security.txt)";
		break;
	default:
		break;
	}
	if (why != NULL)
		return err_set(err, ST_INVALID, "%s: \"%s\" is not %s", key,
		    value, why);
	return ST_OK;
}

enum status
setting_set(struct session *s, const char *key, const char *value,
    struct err *err)
{
	char *old = NULL, hex[HASH_HEX_SIZE];
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK ||
	    (st = setting_check(key, value, err)) != ST_OK)
		return st;
	if (value != NULL && *value == '\0')
		value = NULL;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_setting_get(s->db, key, &old, err)) != ST_OK)
		goto end;
	if ((old == NULL && value == NULL) ||
	    (old != NULL && value != NULL && strcmp(old, value) == 0))
		goto end;       /* nothing changes */
	if ((st = value != NULL ? q_setting_set(s->db, key, value, err) :
	    q_setting_delete(s->db, key, err)) != ST_OK)
		goto end;
	/* Contacts may be a person's address: the chain names nobody by
	 * address, so it keeps their hash. */
	if (value != NULL && strchr(value, '@') != NULL) {
		hash_sha256_hex(value, strlen(value), hex);
		st = audit_record(s->db, s->actor, "setting.set", "setting", 0,
		    err, "{s:s, s:s}", "key", key, "value_sha256", hex);
	} else
		st = audit_record(s->db, s->actor, value != NULL ?
		    "setting.set" : "setting.unset", "setting", 0, err,
		    "{s:s, s:s?}", "key", key, "value", value);
end:
	st = db_end(s->db, st, err);
	free(old);
	return st;
}

enum status
setting_get(struct session *s, const char *key, char **value,
    struct err *err)
{
	int id = setting_from_key(key);
	enum status st;

	*value = NULL;
	if (id < 0)
		return err_set(err, ST_INVALID, "%s: no such setting", key);
	if ((st = q_setting_get(s->db, key, value, err)) != ST_OK)
		return st;
	if (*value == NULL && settings[id].def != NULL)
		*value = xstrdup(settings[id].def);
	return ST_OK;
}

/* "site.url" as "site_url". */
static char *
json_key(const char *key)
{
	char *k = xstrdup(key), *p;

	for (p = k; *p != '\0'; p++)
		if (*p == '.' || *p == '-')
			*p = '_';
	return k;
}

static void
set_str(json_t *o, const char *k, const char *v)
{
	if (json_object_set_new(o, k, json_string(v)) != 0)
		die("out of memory");
}

enum status
settings_site(struct session *s, json_t **out, struct err *err)
{
	json_t *o = json_object(), *contacts = json_array();
	const char *v;
	char *value, *k, *copy, *part, *save = NULL, *e;
	enum status st = ST_OK;
	int i;

	if (o == NULL || contacts == NULL)
		die("out of memory");
	for (i = 0; i < SETTING_COUNT; i++) {
		if ((st = setting_get(s, settings[i].key, &value, err)) != ST_OK)
			goto end;
		if (value != NULL) {
			k = json_key(settings[i].key);
			set_str(o, k, value);
			free(k);
			free(value);
		}
	}
	/* What the others default to. */
	if (json_object_get(o, "site_title") == NULL &&
	    (v = json_string_value(json_object_get(o, "publisher_name"))) != NULL) {
		value = xasprintf("%s security", v);
		set_str(o, "site_title", value);
		free(value);
	}
	if (json_object_get(o, "publisher_namespace") == NULL &&
	    (v = json_string_value(json_object_get(o, "site_url"))) != NULL)
		set_str(o, "publisher_namespace", v);
	if ((v = json_string_value(json_object_get(o, "security_contact"))) != NULL) {
		copy = xstrdup(v);
		for (part = strtok_r(copy, ",", &save); part != NULL;
		    part = strtok_r(NULL, ",", &save)) {
			while (*part == ' ')
				part++;
			for (e = part + strlen(part); e > part && e[-1] == ' ';
			    e--)
				e[-1] = '\0';
			if (*part != '\0' &&
			    json_array_append_new(contacts, json_string(part)) != 0)
				die("out of memory");
		}
		free(copy);
	}
	if (json_object_get(o, "publisher_contact") == NULL &&
	    json_array_size(contacts) > 0)
		set_str(o, "publisher_contact",
		    json_string_value(json_array_get(contacts, 0)));
	json_object_set(o, "contacts", contacts);
	json_object_set_new(o, "has_contacts",
	    json_boolean(json_array_size(contacts) > 0));
end:
	json_decref(contacts);
	if (st != ST_OK) {
		json_decref(o);
		o = NULL;
	}
	*out = o;
	return st;
}

enum status
settings_require(const json_t *site, const char *const *keys,
    const char *what, struct err *err)
{
	char missing[512] = "", *k;
	size_t i, used = 0;
	int n = 0;

	for (i = 0; keys[i] != NULL; i++) {
		k = json_key(keys[i]);
		if (json_object_get(site, k) == NULL) {
			used += (size_t)snprintf(missing + used,
			    used < sizeof missing ? sizeof missing - used : 0,
			    "%s%s", n > 0 ? ", " : "", keys[i]);
			if (used >= sizeof missing)
				used = sizeof missing - 1;
			n++;
		}
		free(k);
	}
	if (n == 0)
		return ST_OK;
	return err_set(err, ST_INVALID, "%s needs %s set: herald settings set "
	    "KEY VALUE", what, missing);
}
