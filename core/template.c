/* core/template.c - stores template versions by content hash, each audited. */
#include "config.h"

#include "core/template.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "util/xalloc.h"

void
template_hash(const char *body, char *hex)
{
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	if (body == NULL)
		body = "";
	if (EVP_Digest(body, strlen(body), sum, &n, EVP_sha256(), NULL) != 1)
		die("SHA-256 unavailable");
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
}

static enum status
check_name(const char *name, struct err *err)
{
	const char *p;

	if (name == NULL || *name == '\0')
		return err_set(err, ST_INVALID, "name: a template needs a name");
	if (strlen(name) > TEMPLATE_NAME_MAX)
		return err_set(err, ST_INVALID, "name: at most %d characters (got "
		    "%zu)", TEMPLATE_NAME_MAX, strlen(name));
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("._-/", *p) != NULL))
			return err_set(err, ST_INVALID, "name %s: use letters, "
			    "digits, '.', '_', '-' and '/' only", name);
	if (*name == '/' || *name == '.' || name[strlen(name) - 1] == '/' ||
	    strstr(name, "//") != NULL || strstr(name, "/.") != NULL)
		return err_set(err, ST_INVALID, "name %s: parts may not be empty "
		    "or start with '.'", name);
	return ST_OK;
}

enum status
template_store(struct session *s, const char *name, const char *body,
    const char *source, long long *version, struct err *err)
{
	struct template_row latest = { 0 }, t = { 0 };
	char now[CLOCK_BUFSZ], hex[65];
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = check_name(name, err)) != ST_OK)
		return st;
	if (body == NULL || *body == '\0')
		return err_set(err, ST_INVALID, "body: template %s is empty", name);
	if (strlen(body) > TEMPLATE_BODY_MAX)
		return err_set(err, ST_INVALID, "body: at most %d bytes (got %zu)",
		    TEMPLATE_BODY_MAX, strlen(body));
	if (source != NULL && strlen(source) > TEMPLATE_SOURCE_MAX)
		return err_set(err, ST_INVALID, "source: at most %d characters "
		    "(got %zu)", TEMPLATE_SOURCE_MAX, strlen(source));
	template_hash(body, hex);
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	st = q_template_latest(s->db, name, &latest, err);
	if (st == ST_NOTFOUND) {
		err_clear(err);
		st = ST_OK;
	} else if (st != ST_OK)
		goto end;
	else if (strcmp(latest.hash, hex) == 0) {
		t.version = latest.version;     /* same body: nothing to store */
		goto end;
	}
	t.name = (char *)name;
	t.version = latest.version + 1;
	t.hash = hex;
	t.body = (char *)body;
	t.source = (char *)(source != NULL ? source : "");
	t.imported_at = now;
	if ((st = q_template_insert(s->db, &t, err)) != ST_OK)
		goto end;
	/* The source path stays out: it may hold someone's home directory. */
	st = audit_record(s->db, s->actor, "template.store", "template", t.id,
	    err, "{s:s, s:I, s:s}", "name", name, "version",
	    (json_int_t)t.version, "hash", hex);
end:
	st = db_end(s->db, st, err);
	template_row_clear(&latest);
	if (st == ST_OK && version != NULL)
		*version = t.version;
	return st;
}

enum status
template_get_latest(struct session *s, const char *name,
    struct template_row *out, struct err *err)
{
	enum status st;

	if ((st = check_name(name, err)) != ST_OK)
		return st;
	return q_template_latest(s->db, name, out, err);
}

enum status
template_get(struct session *s, const char *name, long long version,
    struct template_row *out, struct err *err)
{
	enum status st;

	if ((st = check_name(name, err)) != ST_OK)
		return st;
	if (version <= 0)
		return err_set(err, ST_INVALID, "version: template versions start "
		    "at 1");
	return q_template_get(s->db, name, version, out, err);
}

enum status
template_list(struct session *s, struct rowlist *out, struct err *err)
{
	return q_template_list_latest(s->db, out, err);
}
