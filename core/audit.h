/* core/audit.h - the hash-chained audit log: append and verify. */
#ifndef HERALD_CORE_AUDIT_H
#define HERALD_CORE_AUDIT_H

#include <stdbool.h>

#include "core/session.h"
#include "storage/db.h"
#include "storage/records.h"

/* The prev_hash of the first row. */
#define AUDIT_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"
#define AUDIT_HASH_HEX 65

/*
 * Compute ROW's hash into HEX (AUDIT_HASH_HEX bytes): lowercase hex of
 * SHA-256 over "herald-audit-1\n" followed by, for each of prev_hash, seq,
 * at, actor, action, subject and detail in that order, "<bytes>:<value>\n"
 * (the byte length in decimal, a colon, the UTF-8 bytes, a newline).
 */
void        audit_hash(const struct audit_row *row, char *hex);

/*
 * Append one row to the chain inside the caller's open write transaction.
 * ACTOR is "user:ID" or "system"; SUBJECT is "kind:ID"; DETAIL is a JSON
 * object (NULL for "{}") naming people by ID only.
 */
enum status audit_append(struct db *db, const char *actor, const char *action,
    const char *subject, const char *detail, struct err *err);

/*
 * Build a detail object with jansson's json_pack() format and arguments and
 * return it as compact JSON with sorted keys; caller frees. A format error
 * is a bug and dies.
 */
char       *audit_detail(const char *fmt, ...);

/*
 * Append an audit row for ACTION on KIND:ID ("incident:12") by ACTOR inside
 * the caller's open write transaction, with a detail packed from FMT and the
 * arguments as audit_detail() does (FMT NULL = "{}"). The detail is packed
 * first, so "o" arguments are always consumed.
 */
enum status audit_record(struct db *db, const char *actor, const char *action,
    const char *kind, long long id, struct err *err, const char *fmt, ...);

/* Rows about SUBJECT ("incident:12", NULL = all) by ACTOR (NULL = all),
 * newest first; LIMIT 0 = all. Free with
 * rowlist_free(out, (row_clear_fn)audit_row_clear). */
enum status audit_list(struct db *db, const char *subject, const char *actor,
    long long limit, long long offset, struct rowlist *out, struct err *err);

/* The most rows one page may ask for. */
#define AUDIT_PAGE_MAX 1000

/*
 * One page of the log by ACTOR ("user:3", NULL = all) and SUBJECT
 * ("incident:12", NULL = all), newest first, reading only its rows: the
 * LIMIT rows older than seq AFTER_SEQ (0 = from the newest), or with
 * IS_BACKWARD the rows newer than it (0 = the oldest page, for End),
 * still newest first. OUT is always initialised; free it with
 * rowlist_free(out, (row_clear_fn)audit_row_clear).
 */
enum status audit_page(struct db *db, const char *actor, const char *subject,
    long long after_seq, bool is_backward, int limit, struct rowlist *out,
    struct err *err);

/* DETAIL, a JSON object, for people: "key=value ..." into BUF of N bytes
 * (nulls left out); the text itself when it is not an object. */
const char *audit_detail_text(const char *detail, char *buf, size_t n);

/* Something wrong with one approval row, found by audit_verify(). */
struct audit_finding {
	long long   approval;     /* the approval's id */
	enum status status;       /* ST_TAMPERED; ST_NOTFOUND: GnuPG lacks
	                           * the public key; else not checked */
	char        kind[16];     /* edited, forged, deleted, reused,
	                           * signature, no-key, unchecked */
	char        text[240];    /* "approval 7: edited after it was
	                           * recorded", for a person */
};

/* The most findings a report holds; it counts them all. */
#define AUDIT_FINDINGS_MAX 32

struct audit_report {
	long long count;                 /* rows walked */
	long long first_bad;             /* 0 when the chain is intact */
	char      head[AUDIT_HASH_HEX];  /* hash of the newest row */
	bool      head_found;            /* the expected head is in the chain */
	bool      triggers_ok;
	char      problem[256];          /* what is wrong, for a person */
	/* The approval rows, each against its audit row. */
	long long approvals;             /* approval rows checked */
	long long signatures;            /* good signatures among them */
	long long legacy;                /* recorded before row digests:
	                                  * checked by what the audit row
	                                  * names (decision, gate, role,
	                                  * revision, approver, hash) */
	long long n_findings;            /* every finding; the first
	                                  * AUDIT_FINDINGS_MAX are here */
	long long n_tampered;            /* those with ST_TAMPERED */
	struct audit_finding findings[AUDIT_FINDINGS_MAX];
};

/*
 * Walk the whole chain, then check every approval row against its audit
 * row "approval.record" (whose detail names it as "approval" and holds
 * approval_row_digest() as "row") and every signed approval with GnuPG
 * (approval_check_signature()). Returns ST_OK when all is well;
 * ST_TAMPERED when a row was changed or removed (REP->first_bad names the
 * first bad sequence), when EXPECT_HEAD (a previously recorded head, may
 * be NULL) is no longer in the chain (rows after it were cut off or
 * rewritten), when the append-only triggers are gone, or when an
 * approval row was edited, forged, deleted or carries a bad signature
 * (REP->findings). Short of those, ST_NOTFOUND when a signature could not
 * be checked because GnuPG lacks the approver's public key, or another
 * status when GnuPG could not run. ERR names the first problem.
 */
enum status audit_verify(struct db *db, const char *expect_head,
    struct audit_report *rep, struct err *err);

/* Where audit_export() puts each line: LEN bytes ending in a newline.
 * A non-OK return stops the export with that status. */
typedef enum status (*audit_line_fn)(const char *line, size_t len,
    void *ctx, struct err *err);

/*
 * The chain for an auditor, as JSON Lines (one compact JSON object per
 * line), oldest first: {"type":"audit","seq":1,"at":...,"actor":...,
 * "action":...,"subject":...,"detail":{...},"prev_hash":...,"hash":...}
 * with every column, DETAIL as the object it holds. With WITH_APPROVALS
 * then one line per approval row, by id: {"type":"approval","id":...,
 * every column ..., "row_digest":...}, row_digest being
 * approval_row_digest() of the row as it stands (the chain's
 * approval.record row holds it as detail.row). Read in one transaction,
 * so the lines are one state of the database. The whole chain names
 * embargoed incidents too, so only admins and the SRO may export it.
 */
enum status audit_export(struct session *s, bool with_approvals,
    audit_line_fn fn, void *ctx, struct err *err);

#endif
