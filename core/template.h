/* core/template.h - templates kept in the database, versioned by content
 * hash, so what an approver previews is what the publisher renders. */
#ifndef HERALD_CORE_TEMPLATE_H
#define HERALD_CORE_TEMPLATE_H

#include <jansson.h>

#include "core/mustache.h"
#include "core/session.h"
#include "storage/q_template.h"

/* Longest template name, source and body. */
#define TEMPLATE_NAME_MAX   128
#define TEMPLATE_SOURCE_MAX 1024
#define TEMPLATE_BODY_MAX   1048576

/* Lowercase hex SHA-256 of BODY into HEX (65 bytes). */
void        template_hash(const char *body, char *hex);

/*
 * Store BODY as template NAME (letters, digits, '.', '_', '-' and '/'
 * between parts; no "..") imported from SOURCE (a path, or NULL). A new
 * version (1, 2, ...) is written, and audited, only when BODY differs from
 * the newest version; otherwise nothing changes. Either way the version
 * holding BODY goes to *VERSION when it is not NULL. A body that
 * mustache_check() refuses is refused (ST_INVALID, "SOURCE:LINE:COL: ...",
 * NAME standing in for a NULL SOURCE). Admins only.
 */
enum status template_store(struct session *s, const char *name,
    const char *body, const char *source, long long *version,
    struct err *err);
/* Load the newest version of NAME, or its VERSION, into OUT (caller clears
 * with template_row_clear()); ST_NOTFOUND when absent. */
enum status template_get_latest(struct session *s, const char *name,
    struct template_row *out, struct err *err);
enum status template_get(struct session *s, const char *name,
    long long version, struct template_row *out, struct err *err);
/* The newest version of every template, by name. Free with
 * rowlist_free(out, (row_clear_fn)template_row_clear). */
enum status template_list(struct session *s, struct rowlist *out,
    struct err *err);

/* What an import did. */
struct template_counts {
	size_t n;        /* templates read */
	size_t n_new;    /* of those, stored as a new version */
};

/*
 * Import every template file under the shipped templates directory
 * (paths_share_dir()/templates) and $XDG_CONFIG_HOME/herald/templates.
 * Folders are followed ("partials/header.md" is a name); dotfiles and
 * editor leftovers (NAME~, #NAME#) are skipped. Where both directories hold
 * a name, only the configuration directory's file is stored, so importing
 * again changes nothing. All or nothing, in one transaction: one template
 * that is refused (FILE:LINE:COL for a Mustache error) refuses the whole
 * import. The new versions share one audit row ("template.import", each
 * name, version and hash), none when nothing changed. *N_NEW (may be NULL)
 * gets the number of new versions. Admins only.
 */
enum status template_import_all(struct session *s, size_t *n_new,
    struct err *err);
/* template_import_all(), counting into *C (may be NULL). */
enum status template_import_all_counted(struct session *s,
    struct template_counts *c, struct err *err);
/*
 * Import the N PATHS as template_import_all() does: a folder's files are
 * named by their paths inside it; a file by its path inside BASE when BASE
 * is not NULL (the file must lie inside it), else by its own name. Two
 * files for one name are refused.
 */
enum status template_import_files(struct session *s, char *const *paths,
    size_t n, const char *base, struct template_counts *c,
    struct err *err);

/*
 * Partials from files, for `herald template render`: partial NAME of the
 * template DIR/X.EXT is DIR/NAME.EXT, else DIR/NAME (NAME may hold
 * folders, never ".." or a leading '/'). Names not found are noted in
 * MISSING (the first few), as they render as nothing.
 */
#define TEMPLATE_MISSING_MAX 8
struct template_files {
	char   *dir;
	char   *ext;          /* ".md", or "" */
	char   *missing[TEMPLATE_MISSING_MAX];
	size_t  n_missing;    /* may exceed TEMPLATE_MISSING_MAX */
};
/* A mustache_partial_fn over a struct template_files. */
enum status template_partial_file(void *ctx, const char *name, char **text,
    char **source, struct err *err);
/*
 * Render the template file PATH against the JSON file DATA_PATH (NULL: an
 * empty object) with *ESC, or when ESC is NULL the escaping PATH's
 * extension implies; partials as template_partial_file() finds them.
 * *OUT (caller frees) gets the text; FILES (may be NULL) the partials
 * missing (free with template_files_clear()). Errors name FILE:LINE:COL,
 * of the template, a partial or the data.
 */
enum status template_render_file(const char *path, const char *data_path,
    const enum mustache_escape *esc, char **out, struct template_files *files,
    struct err *err);
void        template_files_clear(struct template_files *f);

#endif
