/* core/audit.c - hashes each audit row over its predecessor, and checks
 * the chain; the approval rows against it are core/audit_approvals.c's. */
#include "config.h"

#include "core/audit.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit_priv.h"
#include "core/clock.h"
#include "core/hash.h"
#include "storage/q_audit.h"
#include "util/xalloc.h"

void
audit_hash(const struct audit_row *r, char *hex)
{
	char seq[32];
	const char *fields[] = { r->prev_hash, seq, r->at, r->actor, r->action,
	    r->subject, r->detail };

	snprintf(seq, sizeof seq, "%lld", r->seq);
	hash_fields_hex("herald-audit-1\n", fields,
	    sizeof fields / sizeof *fields, hex);
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
	bool                 is_broken;
	struct audit_recs    recs;
};

/* Whether R follows the chain W has walked so far; REP says where not. */
static bool
row_follows(struct walk *w, const struct audit_row *r)
{
	struct audit_report *rep = w->rep;
	char hex[AUDIT_HASH_HEX];

	if (r->seq != w->next_seq) {
		rep->first_bad = w->next_seq;
		snprintf(rep->problem, sizeof rep->problem, "row %lld is missing "
		    "(the sequence jumps from %lld to %lld)", w->next_seq,
		    w->next_seq - 1, r->seq);
		return false;
	}
	if (r->prev_hash == NULL || strcmp(r->prev_hash, w->prev) != 0) {
		rep->first_bad = r->seq;
		snprintf(rep->problem, sizeof rep->problem, "row %lld does not "
		    "follow row %lld (its previous hash differs): a row before "
		    "it was removed or replaced", r->seq, r->seq - 1);
		return false;
	}
	audit_hash(r, hex);
	if (r->hash == NULL || strcmp(hex, r->hash) != 0) {
		rep->first_bad = r->seq;
		snprintf(rep->problem, sizeof rep->problem, "row %lld was changed "
		    "after it was written (its hash does not match its content)",
		    r->seq);
		return false;
	}
	return true;
}

/* Check R against the chain up to the first bad row, and keep it when it
 * records an approval: the approval rows are checked past a break too. */
static enum status
check_row(const struct audit_row *r, void *ctx)
{
	struct walk *w = ctx;

	audit_recs_note(&w->recs, r);
	if (w->is_broken)
		return ST_OK;
	if (!row_follows(w, r)) {
		w->is_broken = true;
		return ST_OK;
	}
	if (w->expect_head != NULL && strcmp(r->hash, w->expect_head) == 0)
		w->rep->head_found = true;
	memcpy(w->prev, r->hash, AUDIT_HASH_HEX);
	w->rep->count++;
	w->next_seq++;
	return ST_OK;
}

enum status
audit_verify(struct db *db, const char *expect_head, struct audit_report *rep,
    struct err *err)
{
	struct walk w = { .rep = rep, .expect_head = expect_head, .next_seq = 1 };
	enum status st, ast;

	memset(rep, 0, sizeof *rep);
	memcpy(w.prev, AUDIT_GENESIS, AUDIT_HASH_HEX);
	if ((st = db_read_begin(db, err)) != ST_OK)
		return st;
	st = q_audit_each(db, 1, check_row, &w, err);
	if (st == ST_OK && w.is_broken)
		st = ST_TAMPERED;
	if (st == ST_OK || st == ST_TAMPERED)
		memcpy(rep->head, w.prev, AUDIT_HASH_HEX);
	if (st == ST_OK)
		st = q_audit_triggers_ok(db, &rep->triggers_ok, err);
	/* The approval rows too, even under a broken chain: both matter,
	 * and the broken chain is what ERR names. */
	if (st == ST_OK || st == ST_TAMPERED) {
		ast = audit_verify_approvals(db, &w.recs, rep, st == ST_OK ?
		    err : NULL);
		if (st == ST_OK)
			st = ast;
	}
	audit_recs_clear(&w.recs);
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
	return audit_findings_verdict(rep, err);
}
