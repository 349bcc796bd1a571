/* core/approval.c - checks and records approvers' decisions, each audited. */
#include "config.h"

#include "core/approval.h"

#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/hash.h"
#include "core/incident.h"
#include "storage/q_communication.h"

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

static enum status
validate(const struct session *s, const struct approval_new *in,
    struct err *err)
{
	char all[256];
	enum status st;

	if (in == NULL)
		return err_set(err, ST_INVALID, "no decision given");
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
	if (!vocab_has(decisions, in->decision))
		return err_set(err, ST_INVALID, "decision %s: expected approved or "
		    "rejected", in->decision != NULL ? in->decision : "(missing)");
	if (strcmp(in->decision, "rejected") == 0 && is_blank(in->comment))
		return err_set(err, ST_INVALID, "comment: say why you reject it, "
		    "so the author can fix it");
	if (in->comment != NULL && strlen(in->comment) > APPROVAL_COMMENT_MAX)
		return err_set(err, ST_INVALID, "comment: at most %d characters "
		    "(got %zu)", APPROVAL_COMMENT_MAX, strlen(in->comment));
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
approval_record(struct session *s, const struct approval_new *in,
    long long *id, struct err *err)
{
	struct communication c = { 0 };
	struct approval a = { 0 };
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if ((st = validate(s, in, err)) != ST_OK)
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
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_communication_by_id(s->db, a.communication_id, &c,
	    err)) != ST_OK)
		goto end;
	if (strcmp(c.state, "in-review") != 0) {
		st = err_set(err, ST_INVALID, "communication %lld is %s: decisions "
		    "are made while it is in review", c.id, c.state);
		goto end;
	}
	if (c.revision != a.revision) {
		st = err_set(err, ST_CONFLICT, "communication %lld is at revision "
		    "%lld now, not %lld: it was edited since; review it again",
		    c.id, c.revision, a.revision);
		goto end;
	}
	if ((st = q_approval_insert(s->db, &a, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "approval.record", "communication",
	    c.id, err, "{s:I, s:I, s:s, s:s, s:s, s:s}", "approval",
	    (json_int_t)a.id, "revision", (json_int_t)a.revision, "gate", a.gate,
	    "role", a.role, "decision", a.decision, "content_hash",
	    a.content_hash);
end:
	st = db_end(s->db, st, err);
	communication_clear(&c);
	if (st == ST_OK && id != NULL)
		*id = a.id;
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
