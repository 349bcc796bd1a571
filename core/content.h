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
	/* Why the first output that cannot be rendered cannot ("output csaf
	 * (csaf): site.url is not set: ..."), or "": such an output is in
	 * the form with its error instead of its words, so the hash still
	 * stands and moves once it renders. Whether that may go for review
	 * is the caller's to say; publishing it fails anyway. */
	char    problem[512];
};
void content_clear(struct content *c);

/*
 * The canonical form of everything D will publish as it stands now (see
 * herald(1), CONTENT HASH): the answers that reach an output, the
 * affected products and versions, every output rendered exactly as it
 * will go out, and the hashes of the templates and playbook used. Fields
 * fixed only when it is sent (the publication time, the send date in a
 * document) are left out or held at a fixed placeholder, so the hash
 * changes exactly when the words do. An output that cannot be rendered
 * does not fail it: see OUT->problem. Fails (ST_INVALID naming the place)
 * only when the model cannot be read or the form is no canonical JSON.
 */
enum status content_of(struct session *s, const struct comm_doc *d,
    struct content *out, struct err *err);

/* The rendered outputs of canonical form CANON (as content_of() made
 * it): *OUT a new reference to an array of { id, format, title, text }
 * (and "error" for one that could not be rendered; its text is then "").
 * For diffs between an approved snapshot and the content now. */
enum status content_outputs(const char *canon, json_t **out,
    struct err *err);

#endif
