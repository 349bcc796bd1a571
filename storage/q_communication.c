/* storage/q_communication.c - SQL for communications and their answers. */
#include "config.h"

#include "storage/q_communication.h"

#include <stdint.h>

#include "storage/db_priv.h"

/* The columns fill() reads, each prefixed with T ("" or "communications."). */
#define COMM_COLS_OF(t) t "id, " t "incident_id, " t "cycle_id, " t "kind, " \
	t "audience, " t "title, " t "playbook, " t "playbook_version, " \
	t "playbook_hash, " t "state, " t "revision, " t "created_by, " \
	t "created_at, " t "updated_at, " t "published_at, " t "version, " \
	t "variant"
#define COMM_COLS COMM_COLS_OF("")

/* Need to know: a communication shows in a list only when the viewer may
 * see its incident (SQL_SEES); one about a release cycle always does. */
#define COMM_SEES " (communications.incident_id IS NULL OR EXISTS" \
	" (SELECT 1 FROM incidents WHERE incidents.id =" \
	" communications.incident_id AND" SQL_SEES("incidents") "))"

#define ANSWER_COLS "id, communication_id, field, value, version," \
	" edited_by, edited_at"

static void
fill(sqlite3_stmt *s, void *row)
{
	struct communication *c = row;

	c->id = sqlite3_column_int64(s, 0);
	c->incident_id = sqlite3_column_int64(s, 1);
	c->cycle_id = sqlite3_column_int64(s, 2);
	c->kind = db_col_text(s, 3);
	c->audience = db_col_text(s, 4);
	c->title = db_col_text(s, 5);
	c->playbook = db_col_text(s, 6);
	c->playbook_version = db_col_text(s, 7);
	c->playbook_hash = db_col_text(s, 8);
	c->state = db_col_text(s, 9);
	c->revision = sqlite3_column_int64(s, 10);
	c->created_by = sqlite3_column_int64(s, 11);
	c->created_at = db_col_text(s, 12);
	c->updated_at = db_col_text(s, 13);
	c->published_at = db_col_text(s, 14);
	c->version = sqlite3_column_int64(s, 15);
	c->variant = db_col_text(s, 16);
}

static void
fill_answer(sqlite3_stmt *s, void *row)
{
	struct answer *a = row;

	a->id = sqlite3_column_int64(s, 0);
	a->communication_id = sqlite3_column_int64(s, 1);
	a->field = db_col_text(s, 2);
	a->value = db_col_text(s, 3);
	a->version = sqlite3_column_int64(s, 4);
	a->edited_by = sqlite3_column_int64(s, 5);
	a->edited_at = db_col_text(s, 6);
}

/* A communication, then what it is about (COMM_ROW_SQL's last columns). */
static void
fill_row(sqlite3_stmt *s, void *row)
{
	struct communication_row *r = row;

	fill(s, &r->comm);
	r->incident_ref = db_col_text(s, 17);
	r->cycle_label = db_col_text(s, 18);
}

/* RETURNING id, version of an answer. */
static void
fill_id_version(sqlite3_stmt *s, void *row)
{
	struct answer *a = row;

	a->id = sqlite3_column_int64(s, 0);
	a->version = sqlite3_column_int64(s, 1);
}

enum status
q_communication_insert(struct db *db, struct communication *c,
    struct err *err)
{
	static const char sql[] = "INSERT INTO communications (incident_id,"
	    " cycle_id, kind, audience, title, playbook, playbook_version,"
	    " playbook_hash, created_by, created_at, updated_at, variant)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_id0(s, 1, c->incident_id);
	db_bind_id0(s, 2, c->cycle_id);
	db_bind_text(s, 3, c->kind);
	db_bind_text(s, 4, c->audience);
	db_bind_text(s, 5, c->title);
	db_bind_text(s, 6, c->playbook);
	db_bind_text(s, 7, c->playbook_version);
	db_bind_text(s, 8, c->playbook_hash);
	db_bind_id0(s, 9, c->created_by);
	db_bind_text(s, 10, c->created_at);
	db_bind_text(s, 11, c->updated_at != NULL ? c->updated_at : c->created_at);
	db_bind_text(s, 12, c->variant != NULL ? c->variant : "");
	st = db_step_write(db, s, &c->id, "create communication", err);
	if (st == ST_OK) {
		c->revision = 1;
		c->version = 1;
	} else if (db_failed_fk(db))
		st = c->incident_id != 0 ?
		    err_set(err, ST_NOTFOUND, "no incident with id %lld",
		    c->incident_id) :
		    err_set(err, ST_NOTFOUND, "no release cycle with id %lld",
		    c->cycle_id);
	return st;
}

enum status
q_communication_by_id(struct db *db, long long id, struct communication *c,
    struct err *err)
{
	static const char sql[] = "SELECT " COMM_COLS " FROM communications"
	    " WHERE id = ?";

	return db_load_by_id(db, sql, id, fill, c, "load communication", err,
	    "no communication with id %lld", id);
}

enum status
q_communication_list_by_state(struct db *db, const char *state,
    long long limit, long long offset, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " COMM_COLS " FROM communications"
	    " WHERE (?1 IS NULL OR state = ?1) AND" COMM_SEES
	    " ORDER BY id LIMIT ?2 OFFSET ?3";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct communication));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, state);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	sqlite3_bind_int64(s, 3, offset > 0 ? offset : 0);
	return db_step_list(db, s, fill, out, "list communications", err);
}

/*
 * Pages by keyset on (updated_at, id), most recently updated first.
 * Parameters: ?1 limit, ?2 state (the "any" queries leave it out), ?3 and
 * ?4 the keyset row (updated_at, id). The incident and the cycle are
 * looked up by primary key for each row of the page only (and the
 * incident is what need to know checks). INDEXED BY
 * names the index holding the order (see storage/q_incident.c).
 */
#define COMM_PAGE(ix, where, keyset) "SELECT " \
	COMM_COLS_OF("communications.") \
	", incidents.ref, products.slug || ' ' || cycles.cycle" \
	" FROM communications INDEXED BY " ix \
	" LEFT JOIN incidents ON incidents.id = communications.incident_id" \
	" LEFT JOIN cycles ON cycles.id = communications.cycle_id" \
	" LEFT JOIN products ON products.id = cycles.product_id" \
	" WHERE " where SQL_SEES("incidents") "AND " keyset " LIMIT ?1"
#define C_STATE "communications.state = ?2 AND "
#define C_DOWN "(communications.updated_at, communications.id) < (?3, ?4)" \
	" ORDER BY communications.updated_at DESC, communications.id DESC"
#define C_UP "(communications.updated_at, communications.id) > (?3, ?4)" \
	" ORDER BY communications.updated_at, communications.id"

/* Indexed by (state != NULL) * 2 + is_backward, then the count and the
 * lists of an incident's and of a release cycle's. */
enum {
	CQ_PAGE_ANY, CQ_PAGE_STATE = 2, CQ_COUNT_STATE = 4, CQ_FOR_INCIDENT,
	CQ_FOR_CYCLE, CQ_N,
};

static const struct db_query queries[CQ_N] = {
	{ "communications, down",
	    COMM_PAGE("communications_updated", "", C_DOWN) },
	{ "communications, up",
	    COMM_PAGE("communications_updated", "", C_UP) },
	{ "communications by state, down",
	    COMM_PAGE("communications_state_updated", C_STATE, C_DOWN) },
	{ "communications by state, up",
	    COMM_PAGE("communications_state_updated", C_STATE, C_UP) },
	{ "count communications by state",
	    "SELECT count(*) FROM communications WHERE state = ?1 AND"
	    COMM_SEES },
	/* Along communications_incident (incident_id, id): no sort. */
	{ "communications of an incident",
	    "SELECT " COMM_COLS " FROM communications"
	    " WHERE incident_id = ?1 AND" COMM_SEES " ORDER BY id" },
	/* Along communications_cycle (cycle_id, id), partial on cycle_id IS
	 * NOT NULL, which cycle_id = ?1 implies: no sort. */
	{ "communications of a release cycle",
	    "SELECT " COMM_COLS " FROM communications"
	    " WHERE cycle_id = ?1 ORDER BY id" },
};

const struct db_query *
q_communication_queries(size_t *n)
{
	*n = CQ_N;
	return queries;
}

enum status
q_communication_list_for_incident(struct db *db, long long incident_id,
    struct rowlist *out, struct err *err)
{
	return db_list_by_id(db, queries[CQ_FOR_INCIDENT].sql, incident_id,
	    fill, sizeof(struct communication), out, "list communications",
	    err);
}

enum status
q_communication_list_for_cycle(struct db *db, long long cycle_id,
    struct rowlist *out, struct err *err)
{
	return db_list_by_id(db, queries[CQ_FOR_CYCLE].sql, cycle_id, fill,
	    sizeof(struct communication), out, "list communications", err);
}

enum status
q_communication_page(struct db *db, const char *state,
    const struct communication *after, bool is_backward, int limit,
    struct rowlist *out, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct communication_row));
	if ((st = db_stmt(db, queries[(state != NULL ? CQ_PAGE_STATE :
	    CQ_PAGE_ANY) + is_backward].sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int(s, 1, limit);
	db_bind_text(s, 2, state);
	/* Without a row to start from, a sentinel beyond every row: no
	 * RFC 3339 time sorts after "~" or before "". */
	if (after != NULL) {
		db_bind_text(s, 3, after->updated_at);
		sqlite3_bind_int64(s, 4, after->id);
	} else if (!is_backward) {
		db_bind_text(s, 3, "~");
		sqlite3_bind_int64(s, 4, INT64_MAX);
	} else {
		db_bind_text(s, 3, "");
		sqlite3_bind_int64(s, 4, 0);
	}
	st = db_step_list(db, s, fill_row, out, "page communications", err);
	if (st == ST_OK && is_backward)
		rowlist_reverse(out);
	return st;
}

enum status
q_communication_count(struct db *db, const char *state, long long *n,
    struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, queries[CQ_COUNT_STATE].sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, state);
	return db_step_count(db, s, n, "count communications", err);
}

enum status
q_communication_set_state(struct db *db, long long id,
    long long expected_version, const char *state, const char *now,
    struct err *err)
{
	static const char sql[] = "UPDATE communications SET state = ?1,"
	    " updated_at = ?2, version = version + 1,"
	    " published_at = CASE WHEN ?1 = 'published'"
	    " AND published_at IS NULL THEN ?2 ELSE published_at END"
	    " WHERE id = ?3 AND version = ?4";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, state);
	db_bind_text(s, 2, now);
	sqlite3_bind_int64(s, 3, id);
	sqlite3_bind_int64(s, 4, expected_version);
	st = db_step_change(db, s, "change communication state", err, NULL);
	if (st == ST_NOTFOUND)
		st = err_set(err, ST_CONFLICT, "communication %lld was changed by "
		    "someone else (or does not exist); reload it and try again",
		    id);
	return st;
}

enum status
q_communication_touch(struct db *db, long long id, const char *now,
    struct err *err)
{
	static const char sql[] = "UPDATE communications SET version ="
	    " version + 1, updated_at = ? WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	return db_step_change(db, s, "change communication", err,
	    "no communication with id %lld", id);
}

enum status
q_communication_set_title(struct db *db, long long id, const char *title,
    struct err *err)
{
	static const char sql[] = "UPDATE communications SET title = ?"
	    " WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, title);
	sqlite3_bind_int64(s, 2, id);
	return db_step_change(db, s, "change communication", err,
	    "no communication with id %lld", id);
}

enum status
q_answer_get(struct db *db, long long communication_id, const char *field,
    struct answer *a, struct err *err)
{
	static const char sql[] = "SELECT " ANSWER_COLS " FROM answers"
	    " WHERE communication_id = ? AND field = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	db_bind_text(s, 2, field);
	return db_step_one(db, s, fill_answer, a, "load answer", err,
	    "communication %lld has no answer for %s", communication_id,
	    field != NULL ? field : "(none)");
}

enum status
q_answer_list(struct db *db, long long communication_id, struct rowlist *out,
    struct err *err)
{
	static const char sql[] = "SELECT " ANSWER_COLS " FROM answers"
	    " WHERE communication_id = ? ORDER BY field, id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct answer));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	return db_step_list(db, s, fill_answer, out, "list answers", err);
}

enum status
q_answer_insert(struct db *db, struct answer *a, struct err *err)
{
	static const char sql[] = "INSERT INTO answers (communication_id, field,"
	    " value, version, edited_by, edited_at) VALUES (?, ?, ?, 1, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, a->communication_id);
	db_bind_text(s, 2, a->field);
	db_bind_text(s, 3, a->value);
	db_bind_id0(s, 4, a->edited_by);
	db_bind_text(s, 5, a->edited_at);
	st = db_step_write(db, s, &a->id, "save answer", err);
	if (st == ST_OK)
		a->version = 1;
	else if (st == ST_EXISTS)
		st = err_set(err, ST_CONFLICT, "%s was filled in by someone else "
		    "meanwhile; reload it and try again", a->field);
	else if (db_failed_fk(db))
		st = err_set(err, ST_NOTFOUND, "no communication with id %lld",
		    a->communication_id);
	return st;
}

enum status
q_answer_update(struct db *db, struct answer *a, long long expected_version,
    struct err *err)
{
	static const char sql[] = "UPDATE answers SET value = ?, edited_by = ?,"
	    " edited_at = ?, version = version + 1"
	    " WHERE communication_id = ? AND field = ? AND version = ?"
	    " RETURNING id, version";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, a->value);
	db_bind_id0(s, 2, a->edited_by);
	db_bind_text(s, 3, a->edited_at);
	sqlite3_bind_int64(s, 4, a->communication_id);
	db_bind_text(s, 5, a->field);
	sqlite3_bind_int64(s, 6, expected_version);
	st = db_step_returning(db, s, fill_id_version, a, "save answer", err,
	    NULL);
	if (st == ST_NOTFOUND)
		st = err_set(err, ST_CONFLICT, "%s was changed by someone else "
		    "meanwhile; reload it and try again", a->field);
	return st;
}
