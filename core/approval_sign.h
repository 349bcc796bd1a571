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
 * be moved to another decision. Exactly:
 *
 *   herald-approval-1
 *   communication: 12
 *   revision: 1
 *   gate: legal
 *   role: approver:legal
 *   approver: user:3
 *   decision: approved
 *   canon-version: 1
 *   content-hash: <64 hex digits>
 *   decided-at: 2026-03-01T12:00:00Z
 *
 * each line ending in "\n", a control character or backslash in a value
 * written as \xNN. The approval's id, comment and snapshot are not in it
 * (the id is not known before the row is stored; the content hash stands
 * for the snapshot). Allocated.
 */
char       *approval_statement(const struct approval *a);

/*
 * When the acting user has a signing key (herald user key; read from the
 * database, not the session), sign A's statement with it: A->signer gets
 * the fingerprint and A->signature the detached armored signature (both
 * allocated; approval_clear() frees them). Fill every other column but
 * the id first. Without a key both stay NULL and this is ST_OK. A key
 * named but unusable is an error naming it: the decision is not recorded
 * unsigned behind the approver's back.
 */
enum status approval_sign(struct session *s, struct approval *a,
    struct err *err);

/*
 * Check A's signature (A->signer set) against its statement with GnuPG
 * ($GNUPGHOME). ST_OK when good and made by A->signer or a subkey of it;
 * ST_TAMPERED for a bad signature or one by another key; ST_NOTFOUND when
 * GnuPG does not have the public key (or A is not signed); another
 * status when GnuPG cannot run. WHY (N bytes) says which for a person;
 * ERR says "approval ID: " and the same.
 */
enum status approval_check_signature(const struct approval *a, char *why,
    size_t n, struct err *err);

/*
 * The digest that ties approval row A to its audit row: lowercase hex
 * (65 bytes) of the SHA-256 of "herald-approval-row-1\n" followed by, for
 * id, communication_id, revision, gate, approver_id, role, decision,
 * comment, content_hash, the snapshot's SHA-256 (hex), decided_at,
 * canon_version, signer and signature in that order, "<bytes>:<value>\n"
 * (numbers in decimal, NULL as empty), as audit_hash() does.
 * approval_decide() puts it in the audit row's detail as "row"; herald
 * audit verify recomputes it, so an approval row edited or inserted
 * behind herald's back shows.
 */
void        approval_row_digest(const struct approval *a, char *hex);

#endif
