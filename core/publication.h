/* core/publication.h - which pages an assessor asks about were exported,
 * when, and with which bytes: the evidence that the lifecycle, security.txt
 * and the disclosure policy, a feed, the trust page and the breach
 * procedure are published. */
#ifndef HERALD_CORE_PUBLICATION_H
#define HERALD_CORE_PUBLICATION_H

#include <jansson.h>

#include "core/export.h"
#include "core/session.h"
#include "storage/q_publication.h"

/* X(id, kind, the file export writes, relative to --out). */
#define PUBLICATION_LIST(X) \
	X(LIFECYCLE,  "lifecycle",         EXPORT_SITE "/lifecycle/all.json") \
	X(SECTXT,     "security-txt",      EXPORT_SITE "/.well-known/security.txt") \
	X(DISCLOSURE, "disclosure-policy", EXPORT_SITE "/policy/disclosure.html") \
	X(FEED,       "feed",              EXPORT_SITE "/feed.atom") \
	X(TRUST,      "trust",             EXPORT_SITE "/trust/index.html") \
	X(PROCEDURE,  "breach-procedure",  EXPORT_INTERNAL \
	  "/policy/breach-procedure.html")

enum publication_kind {
#define X(id, kind, rel) PUB_##id,
	PUBLICATION_LIST(X)
#undef X
	PUB_COUNT
};

/* The kind's name and the file it is, relative to an export's --out. */
const char *publication_kind_name(enum publication_kind k);
const char *publication_kind_rel(enum publication_kind k);

/*
 * After an export into ROOT whose outdir saw the files in SEEN (an object
 * of relative paths) with the manifest FILES (relative path -> { sha256,
 * stamp }): record each page of the list that this export wrote or kept.
 * Bytes seen before only confirm that publication (no audit row); new
 * bytes are a new publication, with one audit row for the export. The
 * stamp a file was written with is its source hash. SITE_ROOT, when not
 * NULL, is where the export's site/ now lives (a directory channel swapped
 * it in): the pages are recorded there, and what is not under site/ is
 * not recorded, since it was not placed.
 */
enum status publication_record_export(struct session *s, const char *root,
    const char *site_root, json_t *seen, json_t *files, struct err *err);

/* The latest publication of KIND into OUT (caller clears with
 * publication_clear()); ST_NOTFOUND when it was never exported. */
enum status publication_latest(struct session *s, enum publication_kind k,
    struct publication *out, struct err *err);

#endif
