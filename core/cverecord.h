/* core/cverecord.h - CVE JSON 5 records (schema 5.1): the CNA container
 * of an advisory's CVE: provider metadata, descriptions, affected,
 * references, metrics, credits. */
#ifndef HERALD_CORE_CVERECORD_H
#define HERALD_CORE_CVERECORD_H

#include <jansson.h>

#include "util/err.h"

/*
 * The record of CVE_ID (one of ITEM's "cves") for ITEM (a docmodel item)
 * published by SITE's publisher; *OUT allocated (indented JSON, final
 * newline). ST_INVALID naming what is missing.
 */
enum status cverecord_render(const json_t *site, const json_t *item,
    const char *cve_id, char **out, size_t *len, struct err *err);
/* The same as a JSON value; *REC a new reference. */
enum status cverecord_build(const json_t *site, const json_t *item,
    const char *cve_id, json_t **rec, struct err *err);

#endif
