/* storage/q_audit.c - SQL for the append-only audit table. */
#include "config.h"

#include "storage/q_audit.h"

#include <stdint.h>

#include "storage/db_priv.h"

#define AUDIT_COLS "seq, at, actor, action, subject, detail, prev_hash, hash"

static void
fill(sqlite3_stmt *s, void *row)
{
	struct audit_row *r = row;

	r->seq = sqlite3_column_int64(s, 0);
	r->at = db_col_text(s, 1);
	r->actor = db_col_text(s, 2);
	r->action = db_col_text(s, 3);
	r->subject = db_col_text(s, 4);
	r->detail = db_col_text(s, 5);
	r->prev_hash = db_col_text(s, 6);
	r->hash = db_col_text(s, 7);
}

/* Only the two columns q_audit_head() reads. */
static void
fill_head(sqlite3_stmt *s, void *row)
{
	struct audit_row *r = row;

	r->seq = sqlite3_column_int64(s, 0);
	r->hash = db_col_text(s, 1);
}

enum status
q_audit_insert(struct db *db, const struct audit_row *r, struct err *err)
{
	static const char sql[] = "INSERT INTO audit (" AUDIT_COLS ")"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, r->seq);
	db_bind_text(s, 2, r->at);
	db_bind_text(s, 3, r->actor);
	db_bind_text(s, 4, r->action);
	db_bind_text(s, 5, r->subject);
	db_bind_text(s, 6, r->detail);
	db_bind_text(s, 7, r->prev_hash);
	db_bind_text(s, 8, r->hash);
	/* The audit row covers itself and every write before it. */
	if ((st = db_step_write(db, s, NULL, "audit append", err)) == ST_OK)
		db_note_audit(db);
	return st;
}

/* Step S (prepared and bound) to its end, calling FN for each row until
 * it returns non-OK; WHAT names the walk in an error. */
static enum status
walk(struct db *db, sqlite3_stmt *s, audit_row_fn fn, void *ctx,
    const char *what, struct err *err)
{
	struct audit_row r = { 0 };
	enum status st = ST_OK;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fill(s, &r);
		st = fn(&r, ctx);
		audit_row_clear(&r);
		if (st != ST_OK)
			break;
	}
	if (st == ST_OK && rc != SQLITE_DONE)
		st = db_sqlerr(db, err, what);
	db_stmt_done(s);
	return st;
}

enum status
q_audit_each(struct db *db, long long from, audit_row_fn fn, void *ctx,
    struct err *err)
{
	static const char sql[] = "SELECT " AUDIT_COLS " FROM audit"
	    " WHERE seq >= ? ORDER BY seq";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, from);
	return walk(db, s, fn, ctx, "audit walk", err);
}

enum status
q_audit_list(struct db *db, const char *subject, const char *actor,
    long long limit, long long offset, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " AUDIT_COLS " FROM audit"
	    " WHERE (?1 IS NULL OR subject = ?1) AND (?2 IS NULL OR actor = ?2)"
	    " ORDER BY seq DESC LIMIT ?3 OFFSET ?4";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct audit_row));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, subject);
	db_bind_text(s, 2, actor);
	sqlite3_bind_int64(s, 3, limit > 0 ? limit : -1);
	sqlite3_bind_int64(s, 4, offset);
	return db_step_list(db, s, fill, out, "audit list", err);
}

/*
 * Audit pages, by keyset on seq. Parameters: ?1 limit, ?2 actor, ?3
 * subject (NULL = any), ?4 the keyset seq. The leading filter appears
 * twice, once for its index and once in AUDIT_FILTER. INDEXED BY keeps
 * statistics from swapping the filter's index for a walk down seq that
 * tests every row (see storage/q_incident.c).
 */
#define AUDIT_FILTER "(?2 IS NULL OR actor = ?2)" \
	" AND (?3 IS NULL OR subject = ?3)"
#define AUDIT_PAGE(ix, lead, keyset) "SELECT " AUDIT_COLS " FROM audit" ix \
	" WHERE " lead AUDIT_FILTER keyset " LIMIT ?1"
#define A_DOWN " AND seq < ?4 ORDER BY seq DESC"
#define A_UP   " AND seq > ?4 ORDER BY seq"

enum { AQ_ALL, AQ_ACTOR, AQ_SUBJECT, AQ_COUNT };
enum { AQ_HEAD = AQ_COUNT * 2, AQ_N };

/* The pages by [lead * 2 + is_backward], then the head. */
static const struct db_query queries[AQ_N] = {
	{ "audit, down", AUDIT_PAGE("", "", A_DOWN) },
	{ "audit, up", AUDIT_PAGE("", "", A_UP) },
	{ "audit by actor, down", AUDIT_PAGE(" INDEXED BY audit_actor",
	    "actor = ?2 AND ", A_DOWN) },
	{ "audit by actor, up", AUDIT_PAGE(" INDEXED BY audit_actor",
	    "actor = ?2 AND ", A_UP) },
	{ "audit by subject, down", AUDIT_PAGE(" INDEXED BY audit_subject",
	    "subject = ?3 AND ", A_DOWN) },
	{ "audit by subject, up", AUDIT_PAGE(" INDEXED BY audit_subject",
	    "subject = ?3 AND ", A_UP) },
	/* Every audited write reads the head first. max() of the rowid is
	 * one seek to the end of the table, and the plan says so (a SEARCH),
	 * where ORDER BY seq DESC LIMIT 1 reads as a SCAN. */
	[AQ_HEAD] = { "audit head", "SELECT seq, hash FROM audit"
	    " WHERE seq = (SELECT max(seq) FROM audit)" },
};

const struct db_query *
q_audit_queries(size_t *n)
{
	*n = AQ_N;
	return queries;
}

enum status
q_audit_head(struct db *db, long long *seq, char **hash, struct err *err)
{
	struct audit_row head = { 0 };
	sqlite3_stmt *s;
	enum status st;

	*seq = 0;
	*hash = NULL;
	if ((st = db_stmt(db, queries[AQ_HEAD].sql, &s, err)) != ST_OK)
		return st;
	/* An empty chain has no head: seq 0, no hash. */
	st = db_step_one(db, s, fill_head, &head, "audit head", err, NULL);
	*seq = head.seq;
	*hash = head.hash;
	return st == ST_NOTFOUND ? ST_OK : st;
}

enum status
q_audit_page(struct db *db, const char *actor, const char *subject,
    long long after_seq, bool is_backward, int limit, struct rowlist *out,
    struct err *err)
{
	sqlite3_stmt *s;
	enum status st;
	int lead;

	rowlist_init(out, sizeof(struct audit_row));
	lead = subject != NULL ? AQ_SUBJECT : actor != NULL ? AQ_ACTOR : AQ_ALL;
	if ((st = db_stmt(db, queries[lead * 2 + is_backward].sql, &s,
	    err)) != ST_OK)
		return st;
	sqlite3_bind_int(s, 1, limit);
	db_bind_text(s, 2, actor);
	db_bind_text(s, 3, subject);
	/* Without a row to start from: beyond the newest, or before seq 1. */
	sqlite3_bind_int64(s, 4, after_seq > 0 ? after_seq :
	    is_backward ? 0 : INT64_MAX);
	st = db_step_list(db, s, fill, out, "audit page", err);
	if (st == ST_OK && is_backward)
		rowlist_reverse(out);
	return st;
}

enum status
q_audit_count(struct db *db, long long *n, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM audit";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_count(db, s, n, "audit count", err);
}

enum status
q_audit_triggers_ok(struct db *db, bool *ok, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM sqlite_schema"
	    " WHERE type = 'trigger' AND tbl_name = 'audit'"
	    " AND name IN ('audit_no_update', 'audit_no_delete')";
	sqlite3_stmt *s;
	enum status st;
	long long n;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	if ((st = db_step_count(db, s, &n, "audit triggers", err)) == ST_OK)
		*ok = n == 2;
	return st;
}
