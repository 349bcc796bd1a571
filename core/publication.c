/* core/publication.c - recording what an export published. */
#include "config.h"

#include "core/publication.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/due.h"
#include "util/xalloc.h"

static const struct {
	const char *kind, *rel;
} kinds[] = {
#define X(id, kind, rel) { kind, rel },
	PUBLICATION_LIST(X)
#undef X
};

const char *
publication_kind_name(enum publication_kind k)
{
	return (unsigned)k < PUB_COUNT ? kinds[k].kind : NULL;
}

const char *
publication_kind_rel(enum publication_kind k)
{
	return (unsigned)k < PUB_COUNT ? kinds[k].rel : NULL;
}

/* security.txt's Expires into OUT, or "" when the file says none. */
static void
sectxt_expires(const char *path, char *out)
{
	char buf[DUE_SECTXT_MAX + 1];
	struct err e;
	size_t n;
	FILE *f;

	out[0] = '\0';
	if ((f = fopen(path, "r")) == NULL)
		return;
	n = fread(buf, 1, DUE_SECTXT_MAX, f);
	fclose(f);
	buf[n] = '\0';
	if (due_sectxt_expires(buf, out, &e) != ST_OK)
		out[0] = '\0';
}

static enum status
record_one(struct session *s, enum publication_kind k, const char *root,
    const char *site_root, json_t *entry, const char *now, json_t *fresh,
    struct err *err)
{
	struct publication old = { 0 }, p = { 0 };
	char expires[CLOCK_BUFSZ] = "", *path, abs[PATH_MAX];
	const char *sha = json_string_value(json_object_get(entry, "sha256"));
	enum status st;

	if (sha == NULL)
		return ST_OK;
	if (site_root != NULL)
		path = xasprintf("%s%s", site_root, kinds[k].rel +
		    strlen(EXPORT_SITE));
	else
		path = xasprintf("%s/%s", root, kinds[k].rel);
	if (realpath(path, abs) == NULL)
		snprintf(abs, sizeof abs, "%s", path);
	st = publication_latest(s, k, &old, err);
	if (st == ST_OK && strcmp(old.sha256, sha) == 0 &&
	    strcmp(old.path, abs) == 0) {
		st = q_publication_confirm(s->db, old.id, now, err);
		goto end;
	}
	if (st != ST_OK && st != ST_NOTFOUND)
		goto end;
	if (k == PUB_SECTXT)
		sectxt_expires(abs, expires);
	p.kind = (char *)kinds[k].kind;
	p.path = abs;
	p.sha256 = (char *)sha;
	p.published_at = (char *)now;
	p.expires_at = expires[0] != '\0' ? expires : NULL;
	p.source_hash = (char *)json_string_value(json_object_get(entry,
	    "stamp"));
	p.published_by = s->user.id;
	if ((st = q_publication_insert(s->db, &p, err)) == ST_OK)
		json_array_append_new(fresh, json_pack("{s:s, s:s, s:s}", "kind",
		    kinds[k].kind, "path", abs, "sha256", sha));
end:
	publication_clear(&old);
	free(path);
	return st;
}

/* Whether page K was placed where it can be recorded. */
static bool
placed(enum publication_kind k, const char *site_root)
{
	return site_root == NULL || strncmp(kinds[k].rel, EXPORT_SITE "/",
	    strlen(EXPORT_SITE) + 1) == 0;
}

enum status
publication_record_export(struct session *s, const char *root,
    const char *site_root, json_t *seen, json_t *files, struct err *err)
{
	char now[CLOCK_BUFSZ];
	json_t *fresh = json_array(), *entry;
	enum status st = ST_OK;
	int k, n = 0;

	for (k = 0; k < PUB_COUNT; k++)
		n += json_object_get(seen, kinds[k].rel) != NULL &&
		    placed((enum publication_kind)k, site_root);
	if (n == 0)
		goto out;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto out;
	for (k = 0; k < PUB_COUNT && st == ST_OK; k++) {
		if (json_object_get(seen, kinds[k].rel) == NULL ||
		    !placed((enum publication_kind)k, site_root) ||
		    (entry = json_object_get(files, kinds[k].rel)) == NULL)
			continue;
		st = record_one(s, (enum publication_kind)k, root, site_root,
		    entry, now, fresh, err);
	}
	if (st == ST_OK && json_array_size(fresh) > 0)
		st = audit_record(s->db, s->actor, "site.publish", "publication",
		    0, err, "{s:O}", "files", fresh);
	st = db_end(s->db, st, err);
out:
	json_decref(fresh);
	return st;
}

enum status
publication_latest(struct session *s, enum publication_kind k,
    struct publication *out, struct err *err)
{
	memset(out, 0, sizeof *out);
	if ((unsigned)k >= PUB_COUNT)
		return err_set(err, ST_INVALID, "no such publication kind");
	return q_publication_latest(s->db, kinds[k].kind, out, err);
}
