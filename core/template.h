/* core/template.h - templates kept in the database, versioned by content
 * hash, so what an approver previews is what the publisher renders. */
#ifndef HERALD_CORE_TEMPLATE_H
#define HERALD_CORE_TEMPLATE_H

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
 * holding BODY goes to *VERSION when it is not NULL. Admins only.
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

#endif
