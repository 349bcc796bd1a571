/* core/approval.c - checks and writes approvers' decisions, each audited. */
#include "config.h"

#include "core/approval.h"

#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/approval_sign.h"
#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/hash.h"
#include "core/incident.h"

static const char *const roles[] = {
	"approver:legal", "approver:pr", "approver:security", "sro", NULL,
};
static const char *const decisions[] = { "approved", "rejected", NULL };

static bool
is_blank(const char *v)
{
	for (; v != NULL && *v != '\0'; v++)
		if (!isspace((unsigned char)*v))
			return false;
	return true;
}

static enum status
check_gate(const char *gate, struct err *err)
{
	const char *p;

	if (gate == NULL || *gate == '\0')
		return err_set(err, ST_INVALID, "gate: required");
	if (strlen(gate) > APPROVAL_GATE_MAX)
		return err_set(err, ST_INVALID, "gate: at most %d characters (got "
		    "%zu)", APPROVAL_GATE_MAX, strlen(gate));
	for (p = gate; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("_-:.", *p) == NULL)
			return err_set(err, ST_INVALID, "gate %s: use letters, "
			    "digits, '_', '-', ':' and '.' only", gate);
	return ST_OK;
}

enum status
approval_check_decision(const char *decision, const char *comment,
    struct err *err)
{
	if (!vocab_has(decisions, decision))
		return err_set(err, ST_INVALID, "decision %s: expected approved or "
		    "rejected", decision != NULL ? decision : "(missing)");
	if (strcmp(decision, "rejected") == 0 && is_blank(comment))
		return err_set(err, ST_INVALID, "comment: say why you reject it, "
		    "so the author can fix it");
	if (comment != NULL && strlen(comment) > APPROVAL_COMMENT_MAX)
		return err_set(err, ST_INVALID, "comment: at most %d characters "
		    "(got %zu)", APPROVAL_COMMENT_MAX, strlen(comment));
	return ST_OK;
}

enum status
approval_check(const struct session *s, const struct approval_new *in,
    struct err *err)
{
	char all[256];
	enum status st;

	if (in == NULL)
		return err_set(err, ST_INVALID, "no decision given");
	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (in->communication_id <= 0)
		return err_set(err, ST_INVALID, "communication: which one?");
	if (in->revision <= 0)
		return err_set(err, ST_INVALID, "revision: the revision you "
		    "reviewed (1 or more)");
	if ((st = check_gate(in->gate, err)) != ST_OK)
		return st;
	if (!vocab_has(roles, in->role))
		return err_set(err, ST_INVALID, "role %s: decisions are made as "
		    "one of %s", in->role != NULL ? in->role : "(missing)",
		    vocab_join(roles, all, sizeof all));
	if (!session_has_role(s, in->role))
		return err_set(err, ST_DENIED, "%s does not hold the %s role",
		    s->login, in->role);
	if ((st = approval_check_decision(in->decision, in->comment,
	    err)) != ST_OK)
		return st;
	if (!hash_is_sha256_hex(in->content_hash))
		return err_set(err, ST_INVALID, "content_hash: 64 lowercase hex "
		    "digits (the SHA-256 of the content) expected");
	if (in->snapshot == NULL || *in->snapshot == '\0')
		return err_set(err, ST_INVALID, "snapshot: the content decided on "
		    "is required");
	if (strlen(in->snapshot) > APPROVAL_SNAPSHOT_MAX)
		return err_set(err, ST_INVALID, "snapshot: at most %d bytes (got "
		    "%zu)", APPROVAL_SNAPSHOT_MAX, strlen(in->snapshot));
	return ST_OK;
}

enum status
approval_write(struct session *s, const struct approval_new *in,
    long long *id, struct err *err)
{
	struct approval a = { 0 };
	char now[CLOCK_BUFSZ], digest[HASH_HEX_SIZE];
	enum status st;

	if (!db_in_transaction(s->db))
		return err_set(err, ST_INTERNAL, "a decision is written inside "
		    "the approvals policy's transaction");
	if ((st = approval_check(s, in, err)) != ST_OK)
		return st;
	clock_now_str(now);
	a.communication_id = in->communication_id;
	a.revision = in->revision;
	a.gate = (char *)in->gate;
	a.approver_id = s->user.id;
	a.role = (char *)in->role;
	a.decision = (char *)in->decision;
	a.comment = (char *)(in->comment != NULL ? in->comment : "");
	a.content_hash = (char *)in->content_hash;
	a.snapshot = (char *)in->snapshot;
	a.decided_at = now;
	a.canon_version = in->canon_version > 0 ? in->canon_version :
	    CONTENT_CANON_VERSION;
	/* Signed before it is stored: an unusable key stops the decision
	 * rather than letting it go in unsigned. */
	if ((st = approval_sign(s, &a, err)) != ST_OK)
		goto end;
	if ((st = q_approval_insert(s->db, &a, err)) != ST_OK)
		goto end;
	/* The chain names people by id and holds no free text, which may be
	 * personal or under embargo: the comment stays in its row, which the
	 * row's digest covers. */
	approval_row_digest(&a, digest);
	st = audit_record(s->db, s->actor, "approval.record", "communication",
	    a.communication_id, err, "{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:s, "
	    "s:s?}", "approval", (json_int_t)a.id, "revision",
	    (json_int_t)a.revision, "gate", a.gate, "role", a.role, "decision",
	    a.decision, "content_hash", a.content_hash, "canon_version",
	    (json_int_t)a.canon_version, "row", digest, "signer", a.signer);
	if (st == ST_OK && id != NULL)
		*id = a.id;
end:
	/* Only what approval_sign() allocated is ours. */
	free(a.signer);
	free(a.signature);
	return st;
}

enum status
approval_list_for_communication(struct session *s, long long communication_id,
    struct rowlist *out, struct err *err)
{
	return q_approval_list_for_communication(s->db, communication_id, out,
	    err);
}

enum status
approval_list_for_revision(struct session *s, long long communication_id,
    long long revision, struct rowlist *out, struct err *err)
{
	return q_approval_list_for_revision(s->db, communication_id, revision,
	    out, err);
}
