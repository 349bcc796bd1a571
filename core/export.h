/* core/export.h - `herald export KIND|all --out DIR`: each kind of output
 * is one exporter, fed by one document model, writing through one output
 * directory (atomic, incremental). */
#ifndef HERALD_CORE_EXPORT_H
#define HERALD_CORE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/docmodel.h"
#include "core/outdir.h"
#include "core/progress.h"
#include "core/session.h"

/*
 * The layout of DIR:
 *   site/                the public web root: index.html, style.css,
 *                        advisories/, notices/, reports/, lifecycle/,
 *                        policy/, changelog.html, feed.atom, feed.rss,
 *                        cve/CVE-....json, .well-known/security.txt,
 *                        .well-known/csaf/ (the CSAF provider layout)
 *   docs/, mkdocs.yml    the same pages as Markdown, a tree MkDocs
 *                        builds (mkdocs.yml carries the navigation)
 *   internal/REF/        what is not for the public: the regulator
 *                        notification, the support briefing, the
 *                        internal post-incident report, e-mails, tickets
 */
#define EXPORT_SITE     "site"
#define EXPORT_DOCS     "docs"
#define EXPORT_INTERNAL "internal"

/* What every exporter gets. */
struct export_ctx {
	struct session        *s;
	struct docmodel       *model;
	struct outdir         *out;
	const struct progress *progress;
};

typedef enum status (*export_fn)(struct export_ctx *x, struct err *err);

/* X(id, kind, what it writes, function) in the order `all` runs them. */
#define EXPORT_KIND_LIST(X) \
	X(MARKDOWN,  "markdown",  "the pages as Markdown, with mkdocs.yml", \
	  export_markdown) \
	X(HTML,      "html",      "the pages as HTML, with the stylesheet", \
	  export_html) \
	X(FEEDS,     "feeds",     "the Atom and RSS feeds", export_feeds) \
	X(CSAF,      "csaf",      "CSAF 2.0 documents in the provider layout", \
	  export_csaf) \
	X(CVE,       "cve",       "CVE JSON 5 records", export_cve) \
	X(SECTXT,    "security-txt", "/.well-known/security.txt and the " \
	  "disclosure policy", export_disclosure) \
	X(LIFECYCLE, "lifecycle", "support data as JSON and YAML, the support " \
	  "matrix and the lifecycle policy", export_lifecycle) \
	X(CHANGELOG, "changelog", "the changelog, Markdown and HTML", \
	  export_changelog) \
	X(DOCUMENTS, "documents", "every output of every communication, the " \
	  "internal ones under internal/", export_documents) \
	X(TRUST,     "trust",     "the trust page as HTML, Markdown and JSON", \
	  export_trust) \
	X(PROCEDURE, "procedure", "the breach-notification procedure, under " \
	  "internal/policy/", export_procedure)

#define X(id, kind, what, fn) \
	enum status fn(struct export_ctx *x, struct err *err);
EXPORT_KIND_LIST(X)
#undef X

/* The kinds, in order; NULL-terminated. */
const char *const *export_kinds(void);
/* What kind KIND writes, or NULL for an unknown kind. */
const char        *export_kind_what(const char *kind);

struct export_stats {
	size_t             n_items;     /* communications in the model */
	size_t             n_written;
	size_t             n_unchanged;
	size_t             n_kept;
	unsigned long long bytes_written;
};

/*
 * Export KIND ("all" for every kind) of everything published into DIR,
 * read in one read transaction. Needs site.url and publisher.name set
 * (the message names what to set). Files nothing changed are not
 * written again (see core/outdir.h). STATS (may be NULL) gets the counts.
 */
enum status export_run(struct session *s, const char *kind, const char *dir,
    const struct progress *progress, struct export_stats *stats,
    struct err *err);
/* export_run() without recording what it published: for a caller that
 * places the site elsewhere and records it there, once it is placed
 * (core/send_directory.c). */
enum status export_run_unrecorded(struct session *s, const char *kind,
    const char *dir, const struct progress *progress,
    struct export_stats *stats, struct err *err);

/* Write DIR/mkdocs.yml with a navigation of every page under docs/
 * (export_pages.c); the Markdown and changelog exporters both call it,
 * so the navigation is whole whichever ran last. */
enum status pages_write_mkdocs(struct export_ctx *x, struct err *err);

/* Helpers the exporters share. */
/* "site/" + REL etc., allocated. */
char *export_path(const char *top, const char *rel);
/* The relative way from page PAGE up to the root: "" or "../../". */
char *export_root_of(const char *page);
/* Whether item ITEM is on the public site (audience public or customers). */
bool  export_item_public(const json_t *item);
/* What a file made from ITEM is made from: ITEM's stamp (its content
 * and links, the templates, herald's version; see core/docmodel.h) with
 * WHAT (which file of it), hashed, for outdir_fresh(). NULL when ITEM has
 * no stamp: render it every time. Allocated. */
char *export_item_stamp(const json_t *item, const char *what);

#endif
