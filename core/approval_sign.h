/* core/approval_sign.h - an approver's OpenPGP signature over what they
 * decided, through gpgme, and its check for herald audit verify. */
#ifndef HERALD_CORE_APPROVAL_SIGN_H
#define HERALD_CORE_APPROVAL_SIGN_H

#include <stddef.h>

#include "core/session.h"
#include "storage/records.h"

/*
 * The statement an approver's key signs for decision A: a few lines
 * naming the communication, revision, gate, role, approver, decision,
 * canonical form version, content hash and time, so a signature cannot
 * be moved to another decision. Allocated.
 */
char       *approval_statement(const struct approval *a);

/*
 * When the acting user has a signing key (herald user key), sign A's
 * statement with it: A->signer gets the fingerprint and A->signature the
 * detached armored signature (both allocated; approval_clear() frees
 * them). Without a key both stay NULL and this is ST_OK. A key named
 * but unusable is an error naming it: the decision is not recorded
 * unsigned behind the approver's back.
 */
enum status approval_sign(struct session *s, struct approval *a,
    struct err *err);

/*
 * Check A's signature (A->signer set) against its statement with GnuPG
 * ($GNUPGHOME). ST_OK when good and made by A->signer; ST_TAMPERED for a
 * bad signature or one by another key; ST_NOTFOUND when GnuPG does not
 * have the public key. WHY (N bytes) says which for a person.
 */
enum status approval_check_signature(const struct approval *a, char *why,
    size_t n, struct err *err);

/*
 * The digest that ties approval row A to its audit row: SHA-256 (hex,
 * 65 bytes) over every column of A, the snapshot by its own SHA-256, each
 * length-prefixed as audit_hash() does. approval_decide() puts it in the
 * audit row's detail as "row"; herald audit verify recomputes it, so an
 * approval row edited or inserted behind herald's back shows.
 */
void        approval_row_digest(const struct approval *a, char *hex);

#endif
