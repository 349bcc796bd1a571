/* core/csaf.h - CSAF 2.0 documents (jansson): csaf_security_advisory for
 * an advisory, csaf_vex for "are we affected?" statements about
 * third-party CVEs, csaf_security_incident_response for a breach. */
#ifndef HERALD_CORE_CSAF_H
#define HERALD_CORE_CSAF_H

#include <jansson.h>

#include "util/err.h"

enum csaf_category {
	CSAF_ADVISORY,    /* csaf_security_advisory */
	CSAF_VEX,         /* csaf_vex */
	CSAF_INCIDENT,    /* csaf_security_incident_response */
};

/* The category an output format names: "csaf", "csaf-vex",
 * "csaf-incident"; -1 otherwise. */
int         csaf_category_from_format(const char *format);
/* The tracking id of ITEM and the document's file name in the provider
 * layout (lowercase, [a-z0-9+-] kept, the rest '_', ".json"); allocated. */
char       *csaf_tracking_id(const json_t *item);
char       *csaf_file_name(const json_t *item);
/* Where ITEM's document goes below white/ in the provider layout: the
 * year of its first release (else of its update) and its file name,
 * "2026/sec-2026-004.json"; NULL without a reference or a date.
 * Allocated. */
char       *csaf_layout_path(const json_t *item);

/*
 * The CSAF document of category CAT for ITEM (a docmodel item) from
 * SITE's publisher; *DOC a new reference. ST_INVALID naming the field
 * when the item lacks what CSAF requires (for an advisory with only a
 * CVSS v4.0 vector: a v3.1 one beside it, since CSAF 2.0 carries v3.x).
 */
enum status csaf_build(enum csaf_category cat, const json_t *site,
    const json_t *item, json_t **doc, struct err *err);
/* csaf_build() serialised as the provider layout stores it (indented,
 * keys in a fixed order, a final newline); allocated. */
enum status csaf_render(enum csaf_category cat, const json_t *site,
    const json_t *item, char **out, size_t *len, struct err *err);

#endif
