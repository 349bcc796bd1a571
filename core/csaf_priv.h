/* core/csaf_priv.h - what the two halves of CSAF share: csaf.c (the
 * document: publisher, notes, references, tracking) and csaf_tree.c (the
 * product tree and the vulnerabilities). Not for other modules. */
#ifndef HERALD_CORE_CSAF_PRIV_H
#define HERALD_CORE_CSAF_PRIV_H

#include <jansson.h>
#include <stdbool.h>

#include "core/csaf.h"
#include "util/err.h"

/* The product statuses, in the order CSAF lists them. */
enum pstat { PS_AFFECTED, PS_FIXED, PS_NOT_AFFECTED, PS_INVESTIGATING,
	PS_COUNT };

/* What one document is being built from, and what it has so far. */
struct build {
	enum csaf_category cat;
	const json_t      *site, *item;
	json_t            *ids[PS_COUNT];  /* product ids by status */
	json_t            *flags;          /* { label: [ product ids ] } */
	const char        *summary;        /* the vulnerability's description */
	bool               ca_used;        /* customer-actions remediated */
	bool               wa_used;        /* workaround remediated */
};

/* The reader's text of answer ID of ITEM when it holds more than white
 * space, else NULL. */
const char *csaf_answer(const json_t *item, const char *id);
/* A note: { category, title (left out when NULL), text }. */
json_t     *csaf_note(const char *category, const char *title,
    const char *text);

/* The product tree of B's item into *OUT, filling B's product ids by
 * status and its flags; ST_INVALID naming the row that CSAF cannot
 * carry. Runs before csaf_vulnerabilities() and the document, which
 * read what it fills. */
enum status csaf_product_tree(struct build *b, json_t **out,
    struct err *err);
/* The vulnerabilities of B's item (one per CVE, or one without) into
 * *OUT: scores, remediations, flags, threats; marks which answers the
 * remediations used, so the notes leave them out. */
enum status csaf_vulnerabilities(struct build *b, json_t **out,
    struct err *err);

#endif
