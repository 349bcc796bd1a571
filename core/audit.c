/* core/audit.c - hashes each audit row over its predecessor, and checks them. */
#include "config.h"

#include "core/audit.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/approval_sign.h"
#include "core/clock.h"
#include "storage/q_approval.h"
#include "storage/q_audit.h"
#include "core/hash.h"
#include "core/text.h"
#include "util/xalloc.h"

static void
feed(EVP_MD_CTX *md, const char *v)
{
	char len[32];

	if (v == NULL)
		v = "";
	snprintf(len, sizeof len, "%zu:", strlen(v));
	EVP_DigestUpdate(md, len, strlen(len));
	EVP_DigestUpdate(md, v, strlen(v));
	EVP_DigestUpdate(md, "\n", 1);
}

void
audit_hash(const struct audit_row *r, char *hex)
{
	static const char tag[] = "herald-audit-1\n";
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	char seq[32];
	EVP_MD_CTX *md;

	if ((md = EVP_MD_CTX_new()) == NULL)
		die("out of memory (digest)");
	snprintf(seq, sizeof seq, "%lld", r->seq);
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		die("SHA-256 unavailable");
	EVP_DigestUpdate(md, tag, sizeof tag - 1);
	feed(md, r->prev_hash);
	feed(md, seq);
	feed(md, r->at);
	feed(md, r->actor);
	feed(md, r->action);
	feed(md, r->subject);
	feed(md, r->detail);
	EVP_DigestFinal_ex(md, sum, &n);
	EVP_MD_CTX_free(md);
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
}

/* Pack FMT and AP into compact JSON with sorted keys; caller frees. */
static char *
vdetail(const char *fmt, va_list ap)
{
	json_error_t jerr;
	json_t *obj;
	char *out;

	obj = json_vpack_ex(&jerr, 0, fmt, ap);
	if (obj == NULL)
		die("audit_detail(%s): %s", fmt, jerr.text);
	out = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(obj);
	if (out == NULL)
		die("out of memory (json)");
	return out;
}

char *
audit_detail(const char *fmt, ...)
{
	va_list ap;
	char *out;

	va_start(ap, fmt);
	out = vdetail(fmt, ap);
	va_end(ap);
	return out;
}

enum status
audit_record(struct db *db, const char *actor, const char *action,
    const char *kind, long long id, struct err *err, const char *fmt, ...)
{
	char subject[64], *detail = NULL;
	va_list ap;
	enum status st;
	int n;

	if (fmt != NULL) {
		va_start(ap, fmt);
		detail = vdetail(fmt, ap);
		va_end(ap);
	}
	n = snprintf(subject, sizeof subject, "%s:%lld", kind, id);
	if (n < 0 || (size_t)n >= sizeof subject)
		die("audit_record: subject %s:%lld too long", kind, id);
	st = audit_append(db, actor, action, subject, detail, err);
	free(detail);
	return st;
}

enum status
audit_append(struct db *db, const char *actor, const char *action,
    const char *subject, const char *detail, struct err *err)
{
	struct audit_row r = { 0 };
	char at[CLOCK_BUFSZ], hex[AUDIT_HASH_HEX];
	char *head = NULL;
	long long seq;
	enum status st;

	if (!db_in_transaction(db))
		return err_set(err, ST_INTERNAL, "audit_append outside a transaction");
	if ((st = q_audit_head(db, &seq, &head, err)) != ST_OK)
		return st;
	clock_now_str(at);
	r.seq = seq + 1;
	r.at = at;
	r.actor = (char *)(actor != NULL ? actor : "system");
	r.action = (char *)action;
	r.subject = (char *)subject;
	r.detail = (char *)(detail != NULL ? detail : "{}");
	r.prev_hash = head != NULL ? head : (char *)AUDIT_GENESIS;
	audit_hash(&r, hex);
	r.hash = hex;
	st = q_audit_insert(db, &r, err);
	free(head);
	return st;
}

enum status
audit_list(struct db *db, const char *subject, const char *actor,
    long long limit, long long offset, struct rowlist *out, struct err *err)
{
	return q_audit_list(db, subject, actor, limit, offset, out, err);
}

enum status
audit_page(struct db *db, const char *actor, const char *subject,
    long long after_seq, bool is_backward, int limit, struct rowlist *out,
    struct err *err)
{
	rowlist_init(out, sizeof(struct audit_row));
	if (limit < 1 || limit > AUDIT_PAGE_MAX)
		return err_set(err, ST_INVALID, "limit: 1 to %d rows a page "
		    "(got %d)", AUDIT_PAGE_MAX, limit);
	if (after_seq < 0)
		return err_set(err, ST_INVALID, "after: a sequence number, or "
		    "0 for the start (got %lld)", after_seq);
	return q_audit_page(db, actor, subject, after_seq, is_backward, limit,
	    out, err);
}

const char *
audit_detail_text(const char *detail, char *buf, size_t n)
{
	json_t *o, *v;
	const char *key;
	char *dump;
	size_t len = 0;

	buf[0] = '\0';
	if (detail == NULL || (o = json_loads(detail, 0, NULL)) == NULL) {
		snprintf(buf, n, "%s", detail != NULL ? detail : "");
		return buf;
	}
	json_object_foreach(o, key, v) {
		if (len >= n || json_is_null(v))
			continue;
		len += (size_t)snprintf(buf + len, n - len, "%s%s=", len > 0 ?
		    " " : "", key);
		if (len >= n)
			continue;
		if (json_is_string(v))
			len += (size_t)snprintf(buf + len, n - len, "%s",
			    json_string_value(v));
		else if ((dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) !=
		    NULL) {
			len += (size_t)snprintf(buf + len, n - len, "%s", dump);
			free(dump);
		}
	}
	if (!json_is_object(o))
		snprintf(buf, n, "%s", detail);
	json_decref(o);
	return buf;
}

struct walk {
	struct audit_report *rep;
	const char          *expect_head;
	long long            next_seq;
	char                 prev[AUDIT_HASH_HEX];
};

static enum status
check_row(const struct audit_row *r, void *ctx)
{
	struct walk *w = ctx;
	struct audit_report *rep = w->rep;
	char hex[AUDIT_HASH_HEX];

	if (r->seq != w->next_seq) {
		rep->first_bad = w->next_seq;
		snprintf(rep->problem, sizeof rep->problem, "row %lld is missing "
		    "(the sequence jumps from %lld to %lld)", w->next_seq,
		    w->next_seq - 1, r->seq);
		return ST_TAMPERED;
	}
	if (r->prev_hash == NULL || strcmp(r->prev_hash, w->prev) != 0) {
		rep->first_bad = r->seq;
		snprintf(rep->problem, sizeof rep->problem, "row %lld does not "
		    "follow row %lld (its previous hash differs): a row before "
		    "it was removed or replaced", r->seq, r->seq - 1);
		return ST_TAMPERED;
	}
	audit_hash(r, hex);
	if (r->hash == NULL || strcmp(hex, r->hash) != 0) {
		rep->first_bad = r->seq;
		snprintf(rep->problem, sizeof rep->problem, "row %lld was changed "
		    "after it was written (its hash does not match its content)",
		    r->seq);
		return ST_TAMPERED;
	}
	if (w->expect_head != NULL && strcmp(r->hash, w->expect_head) == 0)
		rep->head_found = true;
	memcpy(w->prev, r->hash, AUDIT_HASH_HEX);
	rep->count++;
	w->next_seq++;
	return ST_OK;
}

/* ---- approval rows against the chain ---- */

/* An "approval.record" row of the chain, by the approval it names. */
struct rec {
	long long  approval;
	long long  seq;
	char      *actor;
	char      *subject;
	json_t    *detail;
	bool       is_seen;
};

struct approvals_walk {
	struct audit_report *rep;
	struct rec          *recs;
	size_t               n, cap;
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

static enum status
collect(const struct audit_row *r, void *ctx)
{
	struct approvals_walk *w = ctx;
	struct rec *c;
	json_t *d;

	d = r->detail != NULL ? json_loads(r->detail, 0, NULL) : NULL;
	/* Only rows written by herald are in an intact chain: one without
	 * an approval id is not about a row, and has nothing to check. */
	if (!json_is_integer(json_object_get(d, "approval"))) {
		json_decref(d);
		return ST_OK;
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
	return ST_OK;
}

static int
rec_cmp(const void *pa, const void *pb)
{
	const struct rec *a = pa, *b = pb;

	if (a->approval != b->approval)
		return a->approval < b->approval ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The first of W's records naming approval ID, and how many do. */
static struct rec *
recs_for(struct approvals_walk *w, long long id, size_t *count)
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
legacy_diff(const struct approval *a, const struct rec *c, char *buf,
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
	struct rec *c;
	size_t n;

	rep->approvals++;
	if ((c = recs_for(w, a->id, &n)) == NULL) {
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

/* Every approval row against the chain's approval.record rows. */
static enum status
verify_approvals(struct db *db, struct audit_report *rep, struct err *err)
{
	struct approvals_walk w = { .rep = rep };
	enum status st;
	size_t i;

	st = q_audit_each_action(db, "approval.record", collect, &w, err);
	if (st == ST_OK) {
		if (w.n > 0)
			qsort(w.recs, w.n, sizeof *w.recs, rec_cmp);
		st = q_approval_each(db, check_approval, &w, err);
	}
	/* A decision in the chain whose row is gone. */
	for (i = 0; st == ST_OK && i < w.n; i++)
		if (!w.recs[i].is_seen && (i == 0 ||
		    w.recs[i - 1].approval != w.recs[i].approval))
			finding(rep, w.recs[i].approval, ST_TAMPERED, "deleted",
			    "deleted: audit row %lld recorded it, the approvals "
			    "table no longer has it", w.recs[i].seq);
	for (i = 0; i < w.n; i++) {
		free(w.recs[i].actor);
		free(w.recs[i].subject);
		json_decref(w.recs[i].detail);
	}
	free(w.recs);
	return st;
}

/* The status of REP's findings: tampering first, then the first other. */
static enum status
findings_status(const struct audit_report *rep)
{
	if (rep->n_tampered > 0)
		return ST_TAMPERED;
	return rep->n_findings > 0 ? rep->findings[0].status : ST_OK;
}

enum status
audit_verify(struct db *db, const char *expect_head, struct audit_report *rep,
    struct err *err)
{
	struct walk w = { .rep = rep, .expect_head = expect_head, .next_seq = 1 };
	enum status st;

	memset(rep, 0, sizeof *rep);
	memcpy(w.prev, AUDIT_GENESIS, AUDIT_HASH_HEX);
	if ((st = db_read_begin(db, err)) != ST_OK)
		return st;
	st = q_audit_each(db, 1, check_row, &w, err);
	if (st == ST_OK || st == ST_TAMPERED)
		memcpy(rep->head, w.prev, AUDIT_HASH_HEX);
	if (st == ST_OK)
		st = q_audit_triggers_ok(db, &rep->triggers_ok, err);
	/* The approval rows too, even under a broken chain: both matter. */
	if (st == ST_OK || st == ST_TAMPERED) {
		struct err aerr = { 0 };
		enum status ast = verify_approvals(db, rep, &aerr);

		if (ast != ST_OK) {
			if (st == ST_OK)
				*err = aerr;
			st = st == ST_OK ? ast : st;
		}
	}
	db_read_end(db);
	if (st == ST_TAMPERED)
		return err_set(err, ST_TAMPERED, "audit chain broken at row %lld: %s",
		    rep->first_bad, rep->problem);
	if (st != ST_OK)
		return st;
	if (expect_head != NULL && !rep->head_found) {
		rep->first_bad = rep->count + 1;
		snprintf(rep->problem, sizeof rep->problem, "the recorded head %.16s… "
		    "is not in the chain: rows were cut off or rewritten after it",
		    expect_head);
		return err_set(err, ST_TAMPERED, "audit chain broken: %s",
		    rep->problem);
	}
	if (!rep->triggers_ok) {
		snprintf(rep->problem, sizeof rep->problem, "the audit table's "
		    "append-only triggers were removed");
		return err_set(err, ST_TAMPERED, "audit chain at risk: %s",
		    rep->problem);
	}
	if ((st = findings_status(rep)) != ST_OK) {
		const struct audit_finding *f = &rep->findings[0];
		long long i;

		/* Name the worst: tampering before a key GnuPG lacks. */
		for (i = rep->n_findings < AUDIT_FINDINGS_MAX ?
		    rep->n_findings - 1 : AUDIT_FINDINGS_MAX - 1; i >= 0; i--)
			if (rep->findings[i].status == st)
				f = &rep->findings[i];
		snprintf(rep->problem, sizeof rep->problem, "%s", f->text);
		if (rep->n_findings > 1)
			return err_set(err, st, "%s (and %lld more problem%s "
			    "with approvals)", rep->problem, rep->n_findings - 1,
			    rep->n_findings > 2 ? "s" : "");
		return err_set(err, st, "%s", rep->problem);
	}
	return ST_OK;
}

/* ---- export ---- */

struct export {
	audit_line_fn  fn;
	void          *ctx;
	struct err    *err;
};

/* V as a JSON string: NULL as null, a byte that is not UTF-8 as U+FFFD
 * (JSON holds only Unicode). */
static json_t *
json_text(const char *v)
{
	json_t *j;
	char *fixed;
	size_t i, k, n;

	if (v == NULL)
		return json_null();
	if ((j = json_string(v)) != NULL)
		return j;
	fixed = xmalloc(strlen(v) * 3 + 1);
	for (i = k = 0; v[i] != '\0'; i += n) {
		if ((n = text_utf8_len(v + i, NULL)) == 0) {
			memcpy(fixed + k, TEXT_REPLACEMENT, 3);
			k += 3;
			n = 1;
		} else {
			memcpy(fixed + k, v + i, n);
			k += n;
		}
	}
	fixed[k] = '\0';
	j = json_string(fixed);
	free(fixed);
	return j != NULL ? j : json_string("");
}

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
	json_object_set_new(o, "at", json_text(r->at));
	json_object_set_new(o, "actor", json_text(r->actor));
	json_object_set_new(o, "action", json_text(r->action));
	json_object_set_new(o, "subject", json_text(r->subject));
	json_object_set_new(o, "detail", d != NULL ? d : json_text(r->detail));
	json_object_set_new(o, "prev_hash", json_text(r->prev_hash));
	json_object_set_new(o, "hash", json_text(r->hash));
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
	json_object_set_new(o, "gate", json_text(a->gate));
	json_object_set_new(o, "approver_id", json_integer(a->approver_id));
	json_object_set_new(o, "role", json_text(a->role));
	json_object_set_new(o, "decision", json_text(a->decision));
	json_object_set_new(o, "comment", json_text(a->comment));
	json_object_set_new(o, "content_hash", json_text(a->content_hash));
	/* The canonical JSON as text: its exact bytes are what was hashed. */
	json_object_set_new(o, "snapshot", json_text(a->snapshot));
	json_object_set_new(o, "decided_at", json_text(a->decided_at));
	json_object_set_new(o, "canon_version", json_integer(a->canon_version));
	json_object_set_new(o, "signer", json_text(a->signer));
	json_object_set_new(o, "signature", json_text(a->signature));
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
