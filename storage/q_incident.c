/* storage/q_incident.c - SQL for incidents and their ID counters. */
#include "config.h"

#include "storage/q_incident.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"
#include "util/xalloc.h"

/* The columns fill() reads, each prefixed with T ("" or "incidents."). */
#define INCIDENT_COLS_OF(t) t "id, " t "ref, " t "title, " t "summary, " \
	t "trigger_kind, " t "severity, " t "cvss_vector, " t "cvss_score, " \
	t "state, " t "discovered_at, " t "aware_at, " t "embargo_until, " \
	t "is_drill, " t "created_by, " t "created_at, " t "updated_at, " \
	t "version, " t "fix_available_at"
#define INCIDENT_COLS INCIDENT_COLS_OF("")

static void
fill(sqlite3_stmt *s, void *row)
{
	struct incident *i = row;

	i->id = sqlite3_column_int64(s, 0);
	i->ref = db_col_text(s, 1);
	i->title = db_col_text(s, 2);
	i->summary = db_col_text(s, 3);
	i->trigger_kind = db_col_text(s, 4);
	i->severity = db_col_text(s, 5);
	i->cvss_vector = db_col_text(s, 6);
	i->cvss_score = sqlite3_column_type(s, 7) == SQLITE_NULL ? -1.0 :
	    sqlite3_column_double(s, 7);
	i->state = db_col_text(s, 8);
	i->discovered_at = db_col_text(s, 9);
	i->aware_at = db_col_text(s, 10);
	i->embargo_until = db_col_text(s, 11);
	i->is_drill = sqlite3_column_int(s, 12) != 0;
	i->created_by = sqlite3_column_int64(s, 13);
	i->created_at = db_col_text(s, 14);
	i->updated_at = db_col_text(s, 15);
	i->version = sqlite3_column_int64(s, 16);
	i->fix_available_at = db_col_text(s, 17);
}

enum status
q_incident_next_number(struct db *db, const char *prefix, int year,
    long long *number, struct err *err)
{
	static const char sql[] = "INSERT INTO id_counters (prefix, year, last)"
	    " VALUES (?, ?, 1) ON CONFLICT (prefix, year)"
	    " DO UPDATE SET last = last + 1 RETURNING last";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, prefix);
	sqlite3_bind_int(s, 2, year);
	return db_step_returning(db, s, db_fill_int64, number,
	    "allocate incident ID", err, "allocate incident ID: no number came "
	    "back");
}

enum status
q_incident_insert(struct db *db, struct incident *i, struct err *err)
{
	static const char sql[] = "INSERT INTO incidents (ref, title, summary,"
	    " trigger_kind, severity, cvss_vector, cvss_score, state,"
	    " discovered_at, aware_at, embargo_until, is_drill, created_by,"
	    " created_at, updated_at, fix_available_at) VALUES (?, ?, ?, ?, ?,"
	    " ?, ?, coalesce(?, 'open'), ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, i->ref);
	db_bind_text(s, 2, i->title);
	db_bind_text(s, 3, i->summary != NULL ? i->summary : "");
	db_bind_text(s, 4, i->trigger_kind);
	db_bind_text(s, 5, i->severity);
	db_bind_text(s, 6, i->cvss_vector);
	if (i->cvss_score >= 0)
		sqlite3_bind_double(s, 7, i->cvss_score);
	db_bind_text(s, 8, i->state);
	db_bind_text(s, 9, i->discovered_at);
	db_bind_text(s, 10, i->aware_at);
	db_bind_text(s, 11, i->embargo_until);
	sqlite3_bind_int(s, 12, i->is_drill ? 1 : 0);
	db_bind_id0(s, 13, i->created_by);
	db_bind_text(s, 14, i->created_at);
	db_bind_text(s, 15, i->updated_at != NULL ? i->updated_at : i->created_at);
	db_bind_text(s, 16, i->fix_available_at);
	if ((st = db_step_write(db, s, &i->id, "create incident", err)) == ST_OK)
		i->version = 1;
	return st;
}

/*
 * Keyset paging (see q_incident.h). A page's SQL comes from the table
 * below by three choices:
 *   lead  the filter whose index leads the walk (enum page_lead);
 *   key   the columns of the order (enum page_key);
 *   dir   DOWN walks them descending from below the keyset row, UP
 *         ascending from above it.
 * Every page query takes the same parameters:
 *   ?1 limit; ?2 state, ?3 trigger_kind, ?4 severity (NULL = any);
 *   ?5 drills (-1 any, 0 real only, 1 drills only); ?6, ?7, ?8 the keyset
 *   row (severity_rank, updated_at, id); ?9 the FTS5 query (search only).
 * Without an AFTER row the keyset is a sentinel beyond every row (see
 * bind_keyset()), so the first and the last page need no SQL of their own.
 * The leading filter appears twice, as "state = ?2" for the index and in
 * PAGE_FILTER, which checks all of them whichever leads.
 *
 * INDEXED BY names the index that holds the order behind the leading
 * filter. Without it, statistics (from ANALYZE or PRAGMA optimize) can
 * talk the planner into walking the rowid range and testing the filter
 * on every row, which is fine for a common state and a walk of the whole
 * table for a rare one. A missing index then fails at prepare, loudly.
 */
enum page_lead {
	LEAD_NONE, LEAD_DRILL, LEAD_STATE, LEAD_SEVERITY, LEAD_TRIGGER,
	LEAD_COUNT,
};
enum page_key { KEY_UPDATED, KEY_RANK, KEY_ID, KEY_COUNT };
enum page_dir { DIR_DOWN, DIR_UP };

/* Need to know: every list and search leaves out what the viewer may not
 * see (SQL_SEES), a check on each row the walk reads, not an index. */
#define PAGE_FILTER "(?2 IS NULL OR state = ?2)" \
	" AND (?3 IS NULL OR trigger_kind = ?3)" \
	" AND (?4 IS NULL OR severity = ?4) AND (?5 < 0 OR is_drill = ?5)" \
	" AND" SQL_SEES("incidents")
#define PAGE_SQL(ix, lead, keyset) "SELECT " INCIDENT_COLS " FROM incidents" \
	ix " WHERE " lead PAGE_FILTER keyset " LIMIT ?1"

#define L_NONE     ""
#define L_DRILL    "is_drill = 1 AND "           /* the partial indexes */
#define L_STATE    "state = ?2 AND "
#define L_SEVERITY "severity = ?4 AND "
#define L_TRIGGER  "trigger_kind = ?3 AND "

/* SQLite seeks with a row value over plain columns only (not id, the
 * rowid): (updated_at, id) < (?7, ?8) seeks on updated_at and checks id
 * on the few rows that share an updated_at. */
#define K_UPDATED_DOWN " AND (updated_at, id) < (?7, ?8)" \
	" ORDER BY updated_at DESC, id DESC"
#define K_UPDATED_UP " AND (updated_at, id) > (?7, ?8)" \
	" ORDER BY updated_at, id"
#define K_RANK_DOWN " AND (severity_rank, updated_at, id) < (?6, ?7, ?8)" \
	" ORDER BY severity_rank DESC, updated_at DESC, id DESC"
#define K_RANK_UP " AND (severity_rank, updated_at, id) > (?6, ?7, ?8)" \
	" ORDER BY severity_rank, updated_at, id"
#define K_ID_DOWN " AND id < ?8 ORDER BY id DESC"
#define K_ID_UP   " AND id > ?8 ORDER BY id"

/* Search: FTS5 drives, in rowid order, and each match is looked up by
 * id; CROSS JOIN keeps that loop order. */
#define SEARCH_SQL(keyset) "SELECT " INCIDENT_COLS_OF("incidents.") \
	" FROM incidents_fts CROSS JOIN incidents" \
	" ON incidents.id = incidents_fts.rowid" \
	" WHERE incidents_fts MATCH ?9 AND " PAGE_FILTER keyset " LIMIT ?1"

#define IX(lead, key, dir) (((lead) * KEY_COUNT + (key)) * 2 + (dir))
#define PAGE_ROW(lead, l, key, k, ix, name) \
	[IX(lead, key, DIR_DOWN)] = { name ", down", \
	    PAGE_SQL(ix, l, k##_DOWN) }, \
	[IX(lead, key, DIR_UP)] = { name ", up", PAGE_SQL(ix, l, k##_UP) }
#define BY(index) " INDEXED BY " index

enum {
	Q_SEARCH_DOWN = LEAD_COUNT * KEY_COUNT * 2, Q_SEARCH_UP,
	Q_COUNT_STATE, Q_COUNT_SEVERITY, Q_COUNT_TRIGGER, Q_COUNT_DRILLS,
	Q_BY_ID, Q_BY_REF, Q_LIST, Q_UPDATE,
	Q_COUNT,
};

static const struct db_query queries[Q_COUNT] = {
	PAGE_ROW(LEAD_NONE, L_NONE, KEY_UPDATED, K_UPDATED,
	    BY("incidents_updated"), "all by updated"),
	PAGE_ROW(LEAD_NONE, L_NONE, KEY_RANK, K_RANK,
	    BY("incidents_rank"), "all by severity"),
	/* The table itself holds the id order. */
	PAGE_ROW(LEAD_NONE, L_NONE, KEY_ID, K_ID, "", "all by ref"),
	PAGE_ROW(LEAD_DRILL, L_DRILL, KEY_UPDATED, K_UPDATED,
	    BY("incidents_drill_updated"), "drills by updated"),
	PAGE_ROW(LEAD_DRILL, L_DRILL, KEY_RANK, K_RANK,
	    BY("incidents_drill_rank"), "drills by severity"),
	PAGE_ROW(LEAD_DRILL, L_DRILL, KEY_ID, K_ID,
	    BY("incidents_drill_id"), "drills by ref"),
	PAGE_ROW(LEAD_STATE, L_STATE, KEY_UPDATED, K_UPDATED,
	    BY("incidents_state_updated"), "state by updated"),
	PAGE_ROW(LEAD_STATE, L_STATE, KEY_RANK, K_RANK,
	    BY("incidents_state_rank"), "state by severity"),
	PAGE_ROW(LEAD_STATE, L_STATE, KEY_ID, K_ID,
	    BY("incidents_state_id"), "state by ref"),
	/* One severity has one rank: its severity order is KEY_UPDATED's. */
	PAGE_ROW(LEAD_SEVERITY, L_SEVERITY, KEY_UPDATED, K_UPDATED,
	    BY("incidents_severity_updated"), "severity by updated"),
	PAGE_ROW(LEAD_SEVERITY, L_SEVERITY, KEY_ID, K_ID,
	    BY("incidents_severity_id"), "severity by ref"),
	PAGE_ROW(LEAD_TRIGGER, L_TRIGGER, KEY_UPDATED, K_UPDATED,
	    BY("incidents_trigger_updated"), "trigger by updated"),
	PAGE_ROW(LEAD_TRIGGER, L_TRIGGER, KEY_RANK, K_RANK,
	    BY("incidents_trigger_rank"), "trigger by severity"),
	PAGE_ROW(LEAD_TRIGGER, L_TRIGGER, KEY_ID, K_ID,
	    BY("incidents_trigger_id"), "trigger by ref"),
	[Q_SEARCH_DOWN] = { "search, down", SEARCH_SQL(
	    " AND incidents_fts.rowid < ?8"
	    " ORDER BY incidents_fts.rowid DESC") },
	[Q_SEARCH_UP] = { "search, up", SEARCH_SQL(
	    " AND incidents_fts.rowid > ?8"
	    " ORDER BY incidents_fts.rowid") },
	/* Need to know reads each row counted, so no index covers a count
	 * any more; INDEXED BY keeps it to the filter's rows even when
	 * statistics say the filter matches most of them. */
	[Q_COUNT_STATE] = { "count by state",
	    "SELECT count(*) FROM incidents" BY("incidents_state_id")
	    " WHERE state = ?1 AND" SQL_SEES("incidents") },
	[Q_COUNT_SEVERITY] = { "count by severity",
	    "SELECT count(*) FROM incidents" BY("incidents_severity_id")
	    " WHERE severity = ?1 AND" SQL_SEES("incidents") },
	[Q_COUNT_TRIGGER] = { "count by trigger",
	    "SELECT count(*) FROM incidents" BY("incidents_trigger_id")
	    " WHERE trigger_kind = ?1 AND" SQL_SEES("incidents") },
	[Q_COUNT_DRILLS] = { "count of drills",
	    "SELECT count(*) FROM incidents" BY("incidents_drill_id")
	    " WHERE is_drill = 1 AND" SQL_SEES("incidents") },
	/* An incident's screen loads it by id (or ref): not filtered, so
	 * that one under embargo is told apart from none (access_check()). */
	[Q_BY_ID] = { "incident by id",
	    "SELECT " INCIDENT_COLS " FROM incidents WHERE id = ?" },
	[Q_BY_REF] = { "incident by ref",
	    "SELECT " INCIDENT_COLS " FROM incidents WHERE ref = ?" },
	/* The home tile's latest few: unfiltered, along incidents_updated,
	 * stopping after LIMIT. (A rare filter would read more of it.) */
	[Q_LIST] = { "latest incidents",
	    "SELECT " INCIDENT_COLS " FROM incidents"
	    " WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR trigger_kind = ?2)"
	    " AND (?3 IS NULL OR severity = ?3) AND (?4 < 0 OR is_drill = ?4)"
	    " AND" SQL_SEES("incidents")
	    " ORDER BY updated_at DESC, id DESC LIMIT ?5 OFFSET ?6" },
	/* The incident screen saves an edited summary. */
	[Q_UPDATE] = { "save incident", "UPDATE incidents SET title = ?,"
	    " summary = ?, trigger_kind = ?, severity = ?, cvss_vector = ?,"
	    " cvss_score = ?, state = ?, discovered_at = ?, aware_at = ?,"
	    " embargo_until = ?, updated_at = ?, fix_available_at = ?,"
	    " version = version + 1"
	    " WHERE id = ? AND version = ?" },
};

const struct db_query *
q_incident_queries(size_t *n)
{
	*n = Q_COUNT;
	return queries;
}

enum status
q_incident_by_id(struct db *db, long long id, struct incident *i,
    struct err *err)
{
	return db_load_by_id(db, queries[Q_BY_ID].sql, id, fill, i,
	    "load incident", err, "no incident with id %lld", id);
}

enum status
q_incident_by_ref(struct db *db, const char *ref, struct incident *i,
    struct err *err)
{
	return db_load_by_text(db, queries[Q_BY_REF].sql, ref, fill, i,
	    "load incident", err, "no incident %s", ref);
}

enum status
q_incident_list(struct db *db, const struct incident_filter *f,
    struct rowlist *out, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct incident));
	if ((st = db_stmt(db, queries[Q_LIST].sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, f != NULL ? f->state : NULL);
	db_bind_text(s, 2, f != NULL ? f->trigger_kind : NULL);
	db_bind_text(s, 3, f != NULL ? f->severity : NULL);
	sqlite3_bind_int(s, 4, f != NULL ? f->drills : -1);
	sqlite3_bind_int64(s, 5, f != NULL && f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(s, 6, f != NULL ? f->offset : 0);
	return db_step_list(db, s, fill, out, "list incidents", err);
}

/* The severity_rank column of schema step 6, for a keyset row. */
static int
sev_rank(const char *severity)
{
	static const char *const ranked[] = {
		"low", "medium", "high", "critical", NULL,
	};
	int i;

	for (i = 0; severity != NULL && ranked[i] != NULL; i++)
		if (strcmp(ranked[i], severity) == 0)
			return i + 1;
	return 0;
}

static enum page_lead
page_lead(const struct incident_filter *f)
{
	if (f == NULL)
		return LEAD_NONE;
	if (f->drills == 1)
		return LEAD_DRILL;
	if (f->state != NULL)
		return LEAD_STATE;
	if (f->severity != NULL)
		return LEAD_SEVERITY;
	if (f->trigger_kind != NULL)
		return LEAD_TRIGGER;
	return LEAD_NONE;
}

/* Bind ?6-?8 to A's keyset, or without A to a sentinel beyond every row
 * in direction DIR: no rank passes 4, no RFC 3339 time sorts after "~". */
static void
bind_keyset(sqlite3_stmt *s, const struct incident *a, enum page_dir dir)
{
	if (a != NULL) {
		sqlite3_bind_int(s, 6, sev_rank(a->severity));
		db_bind_text(s, 7, a->updated_at);
		sqlite3_bind_int64(s, 8, a->id);
	} else if (dir == DIR_DOWN) {
		sqlite3_bind_int(s, 6, 5);
		db_bind_text(s, 7, "~");
		sqlite3_bind_int64(s, 8, INT64_MAX);
	} else {
		sqlite3_bind_int(s, 6, -1);
		db_bind_text(s, 7, "");
		sqlite3_bind_int64(s, 8, 0);
	}
}

char *
q_incident_match_expr(const char *text)
{
	const char *p = text;
	char *out;
	size_t len = 0;

	if (text == NULL)
		return NULL;
	/* Each word of n bytes takes at most 2n + 4: quotes doubled, two
	 * quotes, the star and a space. */
	out = xmalloc(4 * strlen(text) + 5);
	for (;;) {
		while (*p != '\0' && strchr(" \t\n\r\f\v", *p) != NULL)
			p++;
		if (*p == '\0')
			break;
		out[len++] = '"';
		for (; *p != '\0' && strchr(" \t\n\r\f\v", *p) == NULL; p++) {
			if (*p == '"')
				out[len++] = '"';
			out[len++] = *p;
		}
		out[len++] = '"';
		out[len++] = '*';
		out[len++] = ' ';
	}
	if (len == 0) {
		free(out);
		return NULL;
	}
	out[len - 1] = '\0';
	return out;
}

enum status
q_incident_page(struct db *db, const struct incident_page_query *q,
    struct rowlist *out, struct err *err)
{
	const struct incident_filter *f = q->filter;
	enum page_lead lead;
	enum page_key key;
	enum page_dir dir;
	sqlite3_stmt *s;
	char *match;
	const char *sql;
	enum status st;

	rowlist_init(out, sizeof(struct incident));
	match = q_incident_match_expr(q->search);
	/* By ref counts up, the others down; backward turns either round. */
	dir = (q->sort == INCIDENT_SORT_REF) != q->is_backward ? DIR_UP :
	    DIR_DOWN;
	if (match != NULL)
		sql = queries[dir == DIR_DOWN ? Q_SEARCH_DOWN :
		    Q_SEARCH_UP].sql;
	else {
		lead = page_lead(f);
		if (q->sort == INCIDENT_SORT_REF)
			key = KEY_ID;
		else if (q->sort == INCIDENT_SORT_SEVERITY &&
		    lead != LEAD_SEVERITY)
			key = KEY_RANK;
		else
			key = KEY_UPDATED;
		sql = queries[IX(lead, key, dir)].sql;
	}
	assert(sql != NULL);
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		goto done;
	sqlite3_bind_int(s, 1, q->limit);
	db_bind_text(s, 2, f != NULL ? f->state : NULL);
	db_bind_text(s, 3, f != NULL ? f->trigger_kind : NULL);
	db_bind_text(s, 4, f != NULL ? f->severity : NULL);
	sqlite3_bind_int(s, 5, f != NULL ? f->drills : -1);
	bind_keyset(s, q->after, dir);
	if (match != NULL)
		db_bind_text(s, 9, match);
	st = db_step_list(db, s, fill, out, "page incidents", err);
	/* Backward pages are read nearest first; show them in list order. */
	if (st == ST_OK && q->is_backward)
		rowlist_reverse(out);
done:
	free(match);
	return st;
}

enum status
q_incident_count(struct db *db, const struct incident_filter *f, long long *n,
    struct err *err)
{
	static const char all[] = "SELECT count(*) FROM incidents WHERE"
	    SQL_SEES("incidents");
	static const char any[] = "SELECT count(*) FROM incidents"
	    " WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR trigger_kind = ?2)"
	    " AND (?3 IS NULL OR severity = ?3) AND (?4 < 0 OR is_drill = ?4)"
	    " AND" SQL_SEES("incidents");
	const char *sql = any, *one = NULL;
	sqlite3_stmt *s;
	enum status st;
	int nset;

	/* One filter alone counts along its index; no filter, or a
	 * combination of filters, checks every row. Each row counted is read
	 * for need-to-know (its embargo), so no count is covering. */
	nset = f == NULL ? 0 : (f->state != NULL) + (f->trigger_kind != NULL) +
	    (f->severity != NULL) + (f->drills >= 0);
	if (nset == 0)
		sql = all;
	else if (nset == 1 && f->state != NULL) {
		sql = queries[Q_COUNT_STATE].sql;
		one = f->state;
	} else if (nset == 1 && f->severity != NULL) {
		sql = queries[Q_COUNT_SEVERITY].sql;
		one = f->severity;
	} else if (nset == 1 && f->trigger_kind != NULL) {
		sql = queries[Q_COUNT_TRIGGER].sql;
		one = f->trigger_kind;
	} else if (nset == 1 && f->drills == 1)
		sql = queries[Q_COUNT_DRILLS].sql;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	if (one != NULL)
		db_bind_text(s, 1, one);
	else if (sql == any) {
		db_bind_text(s, 1, f->state);
		db_bind_text(s, 2, f->trigger_kind);
		db_bind_text(s, 3, f->severity);
		sqlite3_bind_int(s, 4, f->drills);
	}
	return db_step_count(db, s, n, "count incidents", err);
}

enum status
q_incident_update(struct db *db, struct incident *i, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, queries[Q_UPDATE].sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, i->title);
	db_bind_text(s, 2, i->summary != NULL ? i->summary : "");
	db_bind_text(s, 3, i->trigger_kind);
	db_bind_text(s, 4, i->severity);
	db_bind_text(s, 5, i->cvss_vector);
	if (i->cvss_score >= 0)
		sqlite3_bind_double(s, 6, i->cvss_score);
	else
		sqlite3_bind_null(s, 6);
	db_bind_text(s, 7, i->state);
	db_bind_text(s, 8, i->discovered_at);
	db_bind_text(s, 9, i->aware_at);
	db_bind_text(s, 10, i->embargo_until);
	db_bind_text(s, 11, i->updated_at);
	db_bind_text(s, 12, i->fix_available_at);
	sqlite3_bind_int64(s, 13, i->id);
	sqlite3_bind_int64(s, 14, i->version);
	st = db_step_change(db, s, "update incident", err, NULL);
	if (st == ST_OK)
		i->version++;
	else if (st == ST_NOTFOUND)
		st = err_set(err, ST_CONFLICT, "incident %s was changed by someone "
		    "else; reload it and try again", i->ref != NULL ? i->ref : "");
	return st;
}
