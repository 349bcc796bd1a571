/* storage/q_evaluation.c - SQL for the SRO's evaluations. */
#include "config.h"

#include "storage/q_evaluation.h"

#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"

/* Every column of struct evaluation but its items; the counts come from
 * the items by the primary key's index. */
#define EVAL_COLS \
	"e.id, e.started_by, su.login, e.started_at," \
	" coalesce(e.signed_by, 0), gu.login, e.signed_at, e.summary," \
	" coalesce(e.audit_seq, 0), e.audit_head, e.next_due," \
	" (SELECT count(*) FROM evaluation_items i WHERE" \
	"  i.evaluation_id = e.id AND i.status = 'met')," \
	" (SELECT count(*) FROM evaluation_items i WHERE" \
	"  i.evaluation_id = e.id AND i.status = 'no-data')," \
	" (SELECT count(*) FROM evaluation_items i WHERE" \
	"  i.evaluation_id = e.id AND i.status = 'at-risk')," \
	" (SELECT count(*) FROM evaluation_items i WHERE" \
	"  i.evaluation_id = e.id AND i.status = 'not-met')," \
	" (SELECT count(*) FROM evaluation_items i WHERE" \
	"  i.evaluation_id = e.id AND i.comment <> '')"
#define EVAL_FROM \
	" FROM evaluations e JOIN users su ON su.id = e.started_by" \
	" LEFT JOIN users gu ON gu.id = e.signed_by"

void
evaluation_item_clear(struct evaluation_item *i)
{
	if (i == NULL)
		return;
	free(i->question);
	free(i->status);
	free(i->figure);
	free(i->comment);
	free(i->commented_at);
	memset(i, 0, sizeof *i);
}

void
evaluation_clear(struct evaluation *e)
{
	if (e == NULL)
		return;
	free(e->started_by_login);
	free(e->started_at);
	free(e->signed_by_login);
	free(e->signed_at);
	free(e->summary);
	free(e->audit_head);
	free(e->next_due);
	if (e->items.size != 0)
		rowlist_free(&e->items, (row_clear_fn)evaluation_item_clear);
	memset(e, 0, sizeof *e);
}

static void
fill(sqlite3_stmt *s, void *row)
{
	struct evaluation *e = row;
	int i;

	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(s, 0);
	e->started_by = sqlite3_column_int64(s, 1);
	e->started_by_login = db_col_text(s, 2);
	e->started_at = db_col_text(s, 3);
	e->signed_by = sqlite3_column_int64(s, 4);
	e->signed_by_login = db_col_text(s, 5);
	e->signed_at = db_col_text(s, 6);
	e->summary = db_col_text(s, 7);
	e->audit_seq = sqlite3_column_int64(s, 8);
	e->audit_head = db_col_text(s, 9);
	e->next_due = db_col_text(s, 10);
	for (i = 0; i < EVALUATION_COUNTS; i++)
		e->counts[i] = sqlite3_column_int64(s, 11 + i);
	e->n_comments = sqlite3_column_int64(s, 11 + EVALUATION_COUNTS);
	rowlist_init(&e->items, sizeof(struct evaluation_item));
}

static void
fill_item(sqlite3_stmt *s, void *row)
{
	struct evaluation_item *i = row;

	i->question = db_col_text(s, 0);
	i->status = db_col_text(s, 1);
	i->figure = db_col_text(s, 2);
	i->comment = db_col_text(s, 3);
	i->commented_at = db_col_text(s, 4);
}

enum status
q_evaluation_open_id(struct db *db, long long *id, struct err *err)
{
	static const char sql[] = "SELECT id FROM evaluations"
	    " WHERE signed_at IS NULL";
	sqlite3_stmt *s;
	enum status st;

	*id = 0;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_one(db, s, db_fill_int64, id, "find the open evaluation",
	    err, NULL);
}

enum status
q_evaluation_insert(struct db *db, long long user, const char *at,
    long long *id, struct err *err)
{
	static const char sql[] = "INSERT INTO evaluations (started_by,"
	    " started_at) VALUES (?1, ?2)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, user);
	db_bind_text(s, 2, at);
	return db_step_write(db, s, id, "start an evaluation", err);
}

enum status
q_evaluation_get(struct db *db, long long id, struct evaluation *e,
    struct err *err)
{
	static const char sql[] = "SELECT " EVAL_COLS EVAL_FROM
	    " WHERE e.id = ?1";

	memset(e, 0, sizeof *e);
	return db_load_by_id(db, sql, id, fill, e, "load evaluation", err,
	    "no evaluation %lld (herald compliance evaluate history lists "
	    "them)", id);
}

enum status
q_evaluation_last_signed(struct db *db, struct evaluation *e,
    struct err *err)
{
	static const char sql[] = "SELECT " EVAL_COLS EVAL_FROM
	    " WHERE e.signed_at IS NOT NULL"
	    " ORDER BY e.signed_at DESC, e.id DESC LIMIT 1";
	sqlite3_stmt *s;
	enum status st;

	memset(e, 0, sizeof *e);
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_one(db, s, fill, e, "load the last evaluation", err,
	    NULL);
}

enum status
q_evaluation_list(struct db *db, long long limit, struct rowlist *out,
    struct err *err)
{
	static const char sql[] = "SELECT " EVAL_COLS EVAL_FROM
	    " ORDER BY e.started_at DESC, e.id DESC LIMIT ?1";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct evaluation));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
	return db_step_list(db, s, fill, out, "list evaluations", err);
}

enum status
q_evaluation_items(struct db *db, long long id, struct rowlist *out,
    struct err *err)
{
	static const char sql[] = "SELECT question, status, figure, comment,"
	    " commented_at FROM evaluation_items WHERE evaluation_id = ?1"
	    " ORDER BY question";

	return db_list_by_id(db, sql, id, fill_item,
	    sizeof(struct evaluation_item), out, "load the evaluation's items",
	    err);
}

/* SQL prepared with an item's evaluation ID, QUESTION, STATUS and FIGURE
 * bound to ?1 to ?4: what a comment and an answer both write. */
static enum status
item_stmt(struct db *db, const char *sql, long long id, const char *question,
    const char *status, const char *figure, sqlite3_stmt **out,
    struct err *err)
{
	enum status st;

	if ((st = db_stmt(db, sql, out, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(*out, 1, id);
	db_bind_text(*out, 2, question);
	db_bind_text(*out, 3, status);
	db_bind_text(*out, 4, figure != NULL ? figure : "");
	return ST_OK;
}

enum status
q_evaluation_comment(struct db *db, long long id, const char *question,
    const char *status, const char *figure, const char *comment,
    const char *at, struct err *err)
{
	/* Only while open: the SELECT finds no row once it is signed. */
	static const char sql[] = "INSERT INTO evaluation_items (evaluation_id,"
	    " question, status, figure, comment, commented_at)"
	    " SELECT id, ?2, ?3, ?4, ?5, ?6 FROM evaluations"
	    " WHERE id = ?1 AND signed_at IS NULL"
	    " ON CONFLICT (evaluation_id, question) DO UPDATE SET"
	    " status = excluded.status, figure = excluded.figure,"
	    " comment = excluded.comment, commented_at = excluded.commented_at";
	sqlite3_stmt *s;
	enum status st;

	if ((st = item_stmt(db, sql, id, question, status, figure, &s,
	    err)) != ST_OK)
		return st;
	db_bind_text(s, 5, comment != NULL ? comment : "");
	db_bind_text(s, 6, at);
	if ((st = db_step_change(db, s, "comment on the evaluation", err,
	    "evaluation %lld", id)) == ST_NOTFOUND)
		st = err_set(err, ST_CONFLICT, "evaluation %lld was signed "
		    "meanwhile", id);
	return st;
}

enum status
q_evaluation_answer(struct db *db, long long id, const char *question,
    const char *status, const char *figure, struct err *err)
{
	static const char sql[] = "INSERT INTO evaluation_items (evaluation_id,"
	    " question, status, figure) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT (evaluation_id, question) DO UPDATE SET"
	    " status = excluded.status, figure = excluded.figure";
	sqlite3_stmt *s;
	enum status st;

	if ((st = item_stmt(db, sql, id, question, status, figure, &s,
	    err)) != ST_OK)
		return st;
	return db_step_write(db, s, NULL, "record the question's answer", err);
}

enum status
q_evaluation_sign(struct db *db, long long id, long long user, const char *at,
    const char *summary, long long seq, const char *head,
    const char *next_due, struct err *err)
{
	static const char sql[] = "UPDATE evaluations SET signed_by = ?2,"
	    " signed_at = ?3, summary = ?4, audit_seq = ?5, audit_head = ?6,"
	    " next_due = ?7 WHERE id = ?1 AND signed_at IS NULL";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, user);
	db_bind_text(s, 3, at);
	db_bind_text(s, 4, summary != NULL ? summary : "");
	db_bind_id0(s, 5, seq);
	db_bind_text(s, 6, head);
	db_bind_text(s, 7, next_due);
	if ((st = db_step_change(db, s, "sign the evaluation", err,
	    "evaluation %lld", id)) == ST_NOTFOUND)
		st = err_set(err, ST_CONFLICT, "evaluation %lld was signed "
		    "meanwhile", id);
	return st;
}
