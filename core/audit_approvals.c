/* core/audit_approvals.c - herald audit verify's check of the approval
 * rows against the chain: each row's digest against its approval.record
 * audit row, rows forged, deleted or reused, and approvers' signatures. */
#include "config.h"

#include "core/audit_priv.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/approval_sign.h"
#include "core/hash.h"
#include "storage/q_approval.h"
#include "storage/q_audit.h"
#include "util/xalloc.h"

/* An "approval.record" row of the chain, by the approval it names. */
struct audit_rec {
	long long  approval;
	long long  seq;
	char      *actor;
	char      *subject;
	json_t    *detail;
	bool       is_seen;
};

struct approvals_walk {
	struct audit_report *rep;
	struct audit_recs   *recs;
};

static void
finding(struct audit_report *rep, long long id, enum status st,
    const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Note a finding about approval ID: "approval ID: " and FMT. */
static void
finding(struct audit_report *rep, long long id, enum status st,
    const char *kind, const char *fmt, ...)
{
	struct audit_finding *f;
	va_list ap;
	int n;

	if (st == ST_TAMPERED)
		rep->n_tampered++;
	if (rep->n_findings++ >= AUDIT_FINDINGS_MAX)
		return;
	f = &rep->findings[rep->n_findings - 1];
	f->approval = id;
	f->status = st;
	snprintf(f->kind, sizeof f->kind, "%s", kind);
	n = snprintf(f->text, sizeof f->text, "approval %lld: ", id);
	va_start(ap, fmt);
	vsnprintf(f->text + n, sizeof f->text - (size_t)n, fmt, ap);
	va_end(ap);
}

void
audit_recs_note(struct audit_recs *w, const struct audit_row *r)
{
	struct audit_rec *c;
	json_t *d;

	if (r->action == NULL || strcmp(r->action, "approval.record") != 0)
		return;
	d = r->detail != NULL ? json_loads(r->detail, 0, NULL) : NULL;
	/* Only rows written by herald are in an intact chain: one without
	 * an approval id is not about a row, and has nothing to check. */
	if (!json_is_integer(json_object_get(d, "approval"))) {
		json_decref(d);
		return;
	}
	if (w->n == w->cap) {
		w->cap = w->cap > 0 ? w->cap * 2 : 64;
		w->recs = xreallocarray(w->recs, w->cap, sizeof *w->recs);
	}
	c = &w->recs[w->n++];
	c->approval = json_integer_value(json_object_get(d, "approval"));
	c->seq = r->seq;
	c->actor = xstrdup_or_null(r->actor);
	c->subject = xstrdup_or_null(r->subject);
	c->detail = d;
	c->is_seen = false;
}

void
audit_recs_clear(struct audit_recs *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->recs[i].actor);
		free(w->recs[i].subject);
		json_decref(w->recs[i].detail);
	}
	free(w->recs);
	memset(w, 0, sizeof *w);
}

static int
rec_cmp(const void *pa, const void *pb)
{
	const struct audit_rec *a = pa, *b = pb;

	if (a->approval != b->approval)
		return a->approval < b->approval ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The first of W's records naming approval ID, and how many do. */
static struct audit_rec *
recs_for(struct audit_recs *w, long long id, size_t *count)
{
	size_t lo = 0, hi = w->n, mid, k;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (w->recs[mid].approval < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < w->n && w->recs[k].approval == id; k++)
		w->recs[k].is_seen = true;
	*count = k - lo;
	return *count > 0 ? &w->recs[lo] : NULL;
}

static bool
same_str(const json_t *d, const char *key, const char *v)
{
	const char *j = json_string_value(json_object_get(d, key));

	return j != NULL && v != NULL && strcmp(j, v) == 0;
}

/*
 * Approval A against an audit row written before row digests, which
 * names the decision's main columns: the ones that differ, into BUF (N
 * bytes), "" when none.
 */
static const char *
legacy_diff(const struct approval *a, const struct audit_rec *c, char *buf,
    size_t n)
{
	char want[64];

	buf[0] = '\0';
	if (json_integer_value(json_object_get(c->detail, "revision")) !=
	    a->revision)
		strncat(buf, " revision", n - strlen(buf) - 1);
	if (!same_str(c->detail, "gate", a->gate))
		strncat(buf, " gate", n - strlen(buf) - 1);
	if (!same_str(c->detail, "role", a->role))
		strncat(buf, " role", n - strlen(buf) - 1);
	if (!same_str(c->detail, "decision", a->decision))
		strncat(buf, " decision", n - strlen(buf) - 1);
	if (!same_str(c->detail, "content_hash", a->content_hash))
		strncat(buf, " content_hash", n - strlen(buf) - 1);
	snprintf(want, sizeof want, "communication:%lld", a->communication_id);
	if (c->subject == NULL || strcmp(c->subject, want) != 0)
		strncat(buf, " communication", n - strlen(buf) - 1);
	snprintf(want, sizeof want, "user:%lld", a->approver_id);
	if (c->actor == NULL || strcmp(c->actor, want) != 0)
		strncat(buf, " approver", n - strlen(buf) - 1);
	return buf;
}

/* A's signature, when it has one. */
static void
check_signature(struct audit_report *rep, const struct approval *a)
{
	char why[200];
	enum status st;

	if (a->signer == NULL && a->signature == NULL)
		return;
	if (a->signer == NULL || a->signature == NULL) {
		finding(rep, a->id, ST_TAMPERED, "signature", "%s without %s",
		    a->signer != NULL ? "a signer" : "a signature",
		    a->signer != NULL ? "a signature" : "a signer");
		return;
	}
	st = approval_check_signature(a, why, sizeof why, NULL);
	if (st == ST_OK)
		rep->signatures++;
	else if (st == ST_TAMPERED)
		finding(rep, a->id, st, "signature", "bad signature by %s: %s",
		    a->signer, why);
	else if (st == ST_NOTFOUND)
		finding(rep, a->id, st, "no-key", "signature by %s not "
		    "checked: %s", a->signer, why);
	else
		finding(rep, a->id, st, "unchecked", "signature by %s %s",
		    a->signer, why);
}

static enum status
check_approval(const struct approval *a, void *ctx)
{
	struct approvals_walk *w = ctx;
	struct audit_report *rep = w->rep;
	char hex[HASH_HEX_SIZE], diff[128];
	const char *row;
	struct audit_rec *c;
	size_t n;

	rep->approvals++;
	if ((c = recs_for(w->recs, a->id, &n)) == NULL) {
		finding(rep, a->id, ST_TAMPERED, "forged", "not in the audit "
		    "chain (forged): no approval.record row names it");
		return ST_OK;
	}
	if (n > 1) {
		finding(rep, a->id, ST_TAMPERED, "reused", "named by %zu audit "
		    "rows (seq %lld and %lld): an approval was deleted and its "
		    "number used again", n, c[0].seq, c[n - 1].seq);
		return ST_OK;
	}
	row = json_string_value(json_object_get(c->detail, "row"));
	if (row != NULL) {
		approval_row_digest(a, hex);
		if (strcmp(row, hex) != 0) {
			finding(rep, a->id, ST_TAMPERED, "edited", "edited after "
			    "it was recorded (its digest differs from audit row "
			    "%lld)", c->seq);
			return ST_OK;
		}
	} else if (*legacy_diff(a, c, diff, sizeof diff) != '\0') {
		finding(rep, a->id, ST_TAMPERED, "edited", "edited after it "
		    "was recorded (differs from audit row %lld in:%s)", c->seq,
		    diff);
		return ST_OK;
	} else
		rep->legacy++;
	check_signature(rep, a);
	return ST_OK;
}

enum status
audit_verify_approvals(struct db *db, struct audit_recs *recs,
    struct audit_report *rep, struct err *err)
{
	struct approvals_walk w = { .rep = rep, .recs = recs };
	struct audit_rec *c = recs->recs;
	enum status st;
	size_t i;

	if (recs->n > 0)
		qsort(c, recs->n, sizeof *c, rec_cmp);
	st = q_approval_each(db, check_approval, &w, err);
	/* A decision in the chain whose row is gone. */
	for (i = 0; st == ST_OK && i < recs->n; i++)
		if (!c[i].is_seen && (i == 0 ||
		    c[i - 1].approval != c[i].approval))
			finding(rep, c[i].approval, ST_TAMPERED, "deleted",
			    "deleted: audit row %lld recorded it, the approvals "
			    "table no longer has it", c[i].seq);
	return st;
}

enum status
audit_findings_verdict(struct audit_report *rep, struct err *err)
{
	const struct audit_finding *f;
	enum status st;
	long long i;

	/* Tampering first, then the first other. */
	if (rep->n_tampered > 0)
		st = ST_TAMPERED;
	else if (rep->n_findings > 0)
		st = rep->findings[0].status;
	else
		return ST_OK;
	/* Name the worst: tampering before a key GnuPG lacks. */
	f = &rep->findings[0];
	for (i = rep->n_findings < AUDIT_FINDINGS_MAX ? rep->n_findings - 1 :
	    AUDIT_FINDINGS_MAX - 1; i >= 0; i--)
		if (rep->findings[i].status == st)
			f = &rep->findings[i];
	snprintf(rep->problem, sizeof rep->problem, "%s", f->text);
	if (rep->n_findings > 1)
		return err_set(err, st, "%s (and %lld more problem%s with "
		    "approvals)", rep->problem, rep->n_findings - 1,
		    rep->n_findings > 2 ? "s" : "");
	return err_set(err, st, "%s", rep->problem);
}
