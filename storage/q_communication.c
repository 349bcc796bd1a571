/* storage/q_communication.c - SQL for communications and their answers. */
#include "config.h"

#include "storage/q_communication.h"

#include "storage/db_priv.h"

#define COMM_COLS "id, incident_id, cycle_id, kind, audience, title," \
	" playbook, playbook_version, playbook_hash, state, revision," \
	" created_by, created_at, updated_at, published_at, version"

#define ANSWER_COLS "id, communication_id, field, value, version," \
	" edited_by, edited_at"

static void
fill(sqlite3_stmt *s, struct communication *c)
{
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
}

static void
fill_answer(sqlite3_stmt *s, struct answer *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->communication_id = sqlite3_column_int64(s, 1);
	a->field = db_col_text(s, 2);
	a->value = db_col_text(s, 3);
	a->version = sqlite3_column_int64(s, 4);
	a->edited_by = sqlite3_column_int64(s, 5);
	a->edited_at = db_col_text(s, 6);
}

enum status
q_communication_insert(struct db *db, struct communication *c,
    struct err *err)
{
	static const char sql[] = "INSERT INTO communications (incident_id,"
	    " cycle_id, kind, audience, title, playbook, playbook_version,"
	    " playbook_hash, created_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
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
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db->h) == SQLITE_CONSTRAINT_FOREIGNKEY)
			st = c->incident_id != 0 ?
			    err_set(err, ST_NOTFOUND, "no incident with id %lld",
			    c->incident_id) :
			    err_set(err, ST_NOTFOUND, "no release cycle with id %lld",
			    c->cycle_id);
		else
			st = db_sqlerr(db, err, "create communication");
	} else {
		c->id = sqlite3_last_insert_rowid(db->h);
		c->revision = 1;
		c->version = 1;
		db_note_write(db);
	}
	db_stmt_done(s);
	return st;
}

enum status
q_communication_by_id(struct db *db, long long id, struct communication *c,
    struct err *err)
{
	static const char sql[] = "SELECT " COMM_COLS " FROM communications"
	    " WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;
	int rc;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fill(s, c);
	else if (rc == SQLITE_DONE)
		st = err_set(err, ST_NOTFOUND, "no communication with id %lld", id);
	else
		st = db_sqlerr(db, err, "load communication");
	db_stmt_done(s);
	return st;
}

/* Run SQL with ?1 bound to ID and collect the communications. */
static enum status
list_by_id(struct db *db, const char *sql, long long id, struct rowlist *out,
    struct err *err)
{
	sqlite3_stmt *s;
	enum status st;
	int rc;

	rowlist_init(out, sizeof(struct communication));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fill(s, rowlist_push(out));
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "list communications");
	db_stmt_done(s);
	return st;
}

enum status
q_communication_list_for_incident(struct db *db, long long incident_id,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " COMM_COLS " FROM communications"
	    " WHERE incident_id = ?1 ORDER BY id";

	return list_by_id(db, sql, incident_id, out, err);
}

enum status
q_communication_list_for_cycle(struct db *db, long long cycle_id,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " COMM_COLS " FROM communications"
	    " WHERE cycle_id = ?1 ORDER BY id";

	return list_by_id(db, sql, cycle_id, out, err);
}

enum status
q_communication_list_by_state(struct db *db, const char *state,
    long long limit, long long offset, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " COMM_COLS " FROM communications"
	    " WHERE (?1 IS NULL OR state = ?1) ORDER BY id LIMIT ?2 OFFSET ?3";
	sqlite3_stmt *s;
	enum status st;
	int rc;

	rowlist_init(out, sizeof(struct communication));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, state);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	sqlite3_bind_int64(s, 3, offset > 0 ? offset : 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fill(s, rowlist_push(out));
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "list communications");
	db_stmt_done(s);
	return st;
}

enum status
q_communication_set_state(struct db *db, long long id,
    long long expected_version, const char *state, const char *now,
    struct err *err)
{
	static const char sql[] = "UPDATE communications SET state = ?1,"
	    " updated_at = ?2, version = version + 1,"
	    " published_at = CASE WHEN ?1 = 'published' THEN ?2"
	    " ELSE published_at END"
	    " WHERE id = ?3 AND version = ?4";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, state);
	db_bind_text(s, 2, now);
	sqlite3_bind_int64(s, 3, id);
	sqlite3_bind_int64(s, 4, expected_version);
	if (sqlite3_step(s) != SQLITE_DONE)
		st = db_sqlerr(db, err, "change communication state");
	else if (sqlite3_changes(db->h) == 0)
		st = err_set(err, ST_CONFLICT, "communication %lld was changed by "
		    "someone else (or does not exist); reload it and try again",
		    id);
	else
		db_note_write(db);
	db_stmt_done(s);
	return st;
}

enum status
q_communication_new_revision(struct db *db, long long id, const char *now,
    long long *revision, struct err *err)
{
	static const char sql[] = "UPDATE communications SET revision ="
	    " revision + 1, version = version + 1, updated_at = ?"
	    " WHERE id = ? RETURNING revision";
	sqlite3_stmt *s;
	enum status st;
	int rc;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (revision != NULL)
			*revision = sqlite3_column_int64(s, 0);
		/* Step to the end so the statement completes before reset. */
		if (sqlite3_step(s) != SQLITE_DONE)
			st = db_sqlerr(db, err, "new revision");
		else
			db_note_write(db);
	} else if (rc == SQLITE_DONE)
		st = err_set(err, ST_NOTFOUND, "no communication with id %lld", id);
	else
		st = db_sqlerr(db, err, "new revision");
	db_stmt_done(s);
	return st;
}

enum status
q_answer_get(struct db *db, long long communication_id, const char *field,
    struct answer *a, struct err *err)
{
	static const char sql[] = "SELECT " ANSWER_COLS " FROM answers"
	    " WHERE communication_id = ? AND field = ?";
	sqlite3_stmt *s;
	enum status st;
	int rc;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	db_bind_text(s, 2, field);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fill_answer(s, a);
	else if (rc == SQLITE_DONE)
		st = err_set(err, ST_NOTFOUND, "communication %lld has no answer "
		    "for %s", communication_id, field != NULL ? field : "(none)");
	else
		st = db_sqlerr(db, err, "load answer");
	db_stmt_done(s);
	return st;
}

enum status
q_answer_list(struct db *db, long long communication_id, struct rowlist *out,
    struct err *err)
{
	static const char sql[] = "SELECT " ANSWER_COLS " FROM answers"
	    " WHERE communication_id = ? ORDER BY field, id";
	sqlite3_stmt *s;
	enum status st;
	int rc;

	rowlist_init(out, sizeof(struct answer));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, communication_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fill_answer(s, rowlist_push(out));
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "list answers");
	db_stmt_done(s);
	return st;
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
	if (sqlite3_step(s) != SQLITE_DONE) {
		st = db_sqlerr(db, err, "save answer");
		if (st == ST_EXISTS)
			st = err_set(err, ST_CONFLICT, "%s was filled in by someone "
			    "else meanwhile; reload it and try again", a->field);
		else if (sqlite3_extended_errcode(db->h) ==
		    SQLITE_CONSTRAINT_FOREIGNKEY)
			st = err_set(err, ST_NOTFOUND, "no communication with id "
			    "%lld", a->communication_id);
	} else {
		a->id = sqlite3_last_insert_rowid(db->h);
		a->version = 1;
		db_note_write(db);
	}
	db_stmt_done(s);
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
	int rc;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, a->value);
	db_bind_id0(s, 2, a->edited_by);
	db_bind_text(s, 3, a->edited_at);
	sqlite3_bind_int64(s, 4, a->communication_id);
	db_bind_text(s, 5, a->field);
	sqlite3_bind_int64(s, 6, expected_version);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		a->id = sqlite3_column_int64(s, 0);
		a->version = sqlite3_column_int64(s, 1);
		if (sqlite3_step(s) != SQLITE_DONE)
			st = db_sqlerr(db, err, "save answer");
		else
			db_note_write(db);
	} else if (rc == SQLITE_DONE)
		st = err_set(err, ST_CONFLICT, "%s was changed by someone else "
		    "meanwhile; reload it and try again", a->field);
	else
		st = db_sqlerr(db, err, "save answer");
	db_stmt_done(s);
	return st;
}
