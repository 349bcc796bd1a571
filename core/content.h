/* core/content.h - what a communication will publish, in one canonical
 * form, and its hash: the thing an approval approves. */
#ifndef HERALD_CORE_CONTENT_H
#define HERALD_CORE_CONTENT_H

#include <jansson.h>
#include <stddef.h>

#include "core/session.h"
#include "core/workflow.h"

/* The version of the canonical form; it goes into the form itself and
 * into every approval, so a later herald can tell which form a hash was
 * taken over. Bump it whenever the form changes. */
#define CONTENT_CANON_VERSION 1

struct content {
	char   *canon;        /* RFC 8785 canonical JSON, NUL-terminated */
	size_t  len;
	char    hash[65];     /* SHA-256 of CANON, lowercase hex */
};
void content_clear(struct content *c);

/*
 * The canonical form of everything D will publish as it stands now (see
 * herald(1), CONTENT HASH): the answers that reach an output, the
 * affected products and versions, every output rendered exactly as it
 * will go out, and the hashes of the templates and playbook used. Fields
 * fixed only when it is sent (the publication time, the send date in a
 * document) are left out or held at a fixed placeholder, so the hash
 * changes exactly when the words do.
 */
enum status content_of(struct session *s, const struct comm_doc *d,
    struct content *out, struct err *err);

/* The rendered outputs of canonical form CANON (as content_of() made
 * it): *OUT a new reference to an array of { id, format, title, text }.
 * For diffs between an approved snapshot and the content now. */
enum status content_outputs(const char *canon, json_t **out,
    struct err *err);

#endif
