/* core/audit_export.c - herald audit export: the chain, and the approval
 * rows it vouches for, as JSON Lines for an auditor. */
#include "config.h"

#include "core/audit.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/approval_sign.h"
#include "core/hash.h"
#include "core/text.h"
#include "storage/q_approval.h"
#include "storage/q_audit.h"
#include "util/xalloc.h"

struct export {
	audit_line_fn  fn;
	void          *ctx;
	struct err    *err;
};

/* Write O (taken) as one line through E. */
static enum status
put_line(struct export *e, json_t *o)
{
	char *line;
	size_t n;
	enum status st;

	line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
	json_decref(o);
	if (line == NULL)
		die("out of memory (json)");
	n = strlen(line);
	line = xreallocarray(line, n + 2, 1);
	line[n++] = '\n';
	line[n] = '\0';
	st = e->fn(line, n, e->ctx, e->err);
	free(line);
	return st;
}

static enum status
export_row(const struct audit_row *r, void *ctx)
{
	json_t *o = json_object(), *d;

	d = r->detail != NULL ? json_loads(r->detail, 0, NULL) : NULL;
	json_object_set_new(o, "type", json_string("audit"));
	json_object_set_new(o, "seq", json_integer(r->seq));
	json_object_set_new(o, "at", jtext(r->at));
	json_object_set_new(o, "actor", jtext(r->actor));
	json_object_set_new(o, "action", jtext(r->action));
	json_object_set_new(o, "subject", jtext(r->subject));
	json_object_set_new(o, "detail", d != NULL ? d : jtext(r->detail));
	json_object_set_new(o, "prev_hash", jtext(r->prev_hash));
	json_object_set_new(o, "hash", jtext(r->hash));
	return put_line(ctx, o);
}

static enum status
export_approval(const struct approval *a, void *ctx)
{
	json_t *o = json_object();
	char hex[HASH_HEX_SIZE];

	approval_row_digest(a, hex);
	json_object_set_new(o, "type", json_string("approval"));
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "communication_id",
	    json_integer(a->communication_id));
	json_object_set_new(o, "revision", json_integer(a->revision));
	json_object_set_new(o, "gate", jtext(a->gate));
	json_object_set_new(o, "approver_id", json_integer(a->approver_id));
	json_object_set_new(o, "role", jtext(a->role));
	json_object_set_new(o, "decision", jtext(a->decision));
	json_object_set_new(o, "comment", jtext(a->comment));
	json_object_set_new(o, "content_hash", jtext(a->content_hash));
	/* The canonical JSON as text: its exact bytes are what was hashed. */
	json_object_set_new(o, "snapshot", jtext(a->snapshot));
	json_object_set_new(o, "decided_at", jtext(a->decided_at));
	json_object_set_new(o, "canon_version", json_integer(a->canon_version));
	json_object_set_new(o, "signer", jtext(a->signer));
	json_object_set_new(o, "signature", jtext(a->signature));
	json_object_set_new(o, "row_digest", json_string(hex));
	return put_line(ctx, o);
}

enum status
audit_export(struct session *s, bool with_approvals, audit_line_fn fn,
    void *ctx, struct err *err)
{
	struct export e = { .fn = fn, .ctx = ctx, .err = err };
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (!session_has_role(s, "admin") && !session_has_role(s, "sro"))
		return err_set(err, ST_DENIED, "%s cannot export the audit "
		    "chain: it names every incident, embargoed ones too, so "
		    "only admins and the SRO may", s->login);
	if ((st = db_read_begin(s->db, err)) != ST_OK)
		return st;
	st = q_audit_each(s->db, 1, export_row, &e, err);
	if (st == ST_OK && with_approvals)
		st = q_approval_each(s->db, export_approval, &e, err);
	db_read_end(s->db);
	return st;
}
