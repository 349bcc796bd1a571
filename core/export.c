/* core/export.c - `herald export`: one model read in one read
 * transaction, each kind's exporter writing through one output directory. */
#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "core/hash.h"
#include "core/publication.h"
#include "core/settings.h"
#include "util/xalloc.h"

static const struct {
	const char *kind, *what;
	export_fn   fn;
} kinds[] = {
#define X(id, kind, what, fn) { kind, what, fn },
	EXPORT_KIND_LIST(X)
#undef X
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

const char *const *
export_kinds(void)
{
	static const char *names[N_KINDS + 1];
	size_t i;

	for (i = 0; i < N_KINDS; i++)
		names[i] = kinds[i].kind;
	names[N_KINDS] = NULL;
	return names;
}

const char *
export_kind_what(const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < N_KINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].what;
	return NULL;
}

char *
export_path(const char *top, const char *rel)
{
	return xasprintf("%s/%s", top, rel);
}

char *
export_root_of(const char *page)
{
	size_t depth = 0, i;
	const char *p;
	char *root;

	for (p = page; *p != '\0'; p++)
		if (*p == '/')
			depth++;
	root = xmalloc(depth * 3 + 1);
	for (i = 0; i < depth; i++)
		memcpy(root + i * 3, "../", 3);
	root[depth * 3] = '\0';
	return root;
}

char *
export_item_stamp(const json_t *item, const char *what)
{
	const char *stamp = json_string_value(json_object_get(item, "stamp"));
	char hex[HASH_HEX_SIZE];

	if (stamp == NULL)
		return NULL;
	hash_sha256_hexf(hex, "%s\n%s", what, stamp);
	return xstrdup(hex);
}

bool
export_item_public(const json_t *item)
{
	return json_is_true(json_object_get(item, "is_public"));
}

static enum status
run(struct session *s, const char *kind, const char *dir,
    const struct progress *progress, struct export_stats *stats,
    bool is_recorded, struct err *err)
{
	static const char *const needed[] = { "site.url", "publisher.name",
	    NULL };
	struct docmodel m = { 0 };
	struct docmodel_opts mo = { 0 };
	struct outdir o;
	struct export_ctx x;
	bool all = kind != NULL && strcmp(kind, "all") == 0, is_open = false;
	json_t *seen = NULL, *files = NULL;
	char *root = NULL;
	enum status st;
	size_t i, ran = 0;

	memset(&o, 0, sizeof o);
	if (stats != NULL)
		memset(stats, 0, sizeof *stats);
	if (!all && export_kind_what(kind) == NULL) {
		char list[256] = "";
		for (i = 0; i < N_KINDS; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list),
			    "%s, ", kinds[i].kind);
		return err_set(err, ST_INVALID, "export: unknown kind \"%s\" "
		    "(expected all or one of %.*s)", kind != NULL ? kind : "",
		    (int)(strlen(list) - 2), list);
	}
	if (dir == NULL || *dir == '\0')
		return err_set(err, ST_INVALID, "export: --out DIR is needed");
	if ((st = db_read_begin(s->db, err)) != ST_OK)
		return st;
	mo.progress = progress;
	if ((st = docmodel_load(s, &mo, &m, err)) != ST_OK ||
	    (st = settings_require(m.site, needed, "export", err)) != ST_OK)
		goto end;
	if ((st = outdir_open(&o, dir, err)) != ST_OK)
		goto end;
	is_open = true;
	x.s = s;
	x.model = &m;
	x.out = &o;
	x.progress = progress;
	for (i = 0; i < N_KINDS && st == ST_OK; i++) {
		if (!all && strcmp(kinds[i].kind, kind) != 0)
			continue;
		st = kinds[i].fn(&x, err);
		ran++;
	}
	if (stats != NULL) {
		stats->n_items = json_array_size(m.items);
		stats->n_written = o.n_written;
		stats->n_unchanged = o.n_unchanged;
		stats->n_kept = o.n_kept;
		stats->bytes_written = o.bytes_written;
	}
	is_open = false;
	if (st == ST_OK) {
		/* Copies: closing frees them; the record is written after the
		 * read transaction ends. */
		seen = json_deep_copy(o.seen);
		files = json_deep_copy(o.manifest);
		root = xstrdup(o.root);
		st = outdir_close(&o, false, err);
	} else
		outdir_abandon(&o);
end:
	if (is_open)
		outdir_abandon(&o);
	db_read_end(s->db);
	docmodel_clear(&m);
	if (st == ST_OK && seen != NULL && is_recorded)
		st = publication_record_export(s, root, NULL, seen, files, err);
	json_decref(seen);
	json_decref(files);
	free(root);
	(void)ran;
	return st;
}

enum status
export_run(struct session *s, const char *kind, const char *dir,
    const struct progress *progress, struct export_stats *stats,
    struct err *err)
{
	return run(s, kind, dir, progress, stats, true, err);
}

enum status
export_run_unrecorded(struct session *s, const char *kind, const char *dir,
    const struct progress *progress, struct export_stats *stats,
    struct err *err)
{
	return run(s, kind, dir, progress, stats, false, err);
}
