/* storage/db_priv.h - the connection's insides, shared by storage/ only. */
#ifndef HERALD_STORAGE_DB_PRIV_H
#define HERALD_STORAGE_DB_PRIV_H

#include <stddef.h>

#include <sqlite3.h>

#include "storage/db.h"

#define DB_MAX_DEPTH  8

struct db_stmt_slot {
	const char   *sql;       /* the static SQL text, compared by address */
	sqlite3_stmt *stmt;
};

struct db {
	sqlite3  *h;
	char     *path;
	bool      is_readonly;
	bool      in_tx;
	bool      in_read;     /* in_tx is a read transaction of db_read_begin */
	/* Nesting: 1 is the BEGIN IMMEDIATE transaction, deeper levels are
	 * savepoints (a batch of actions sharing one commit). */
	int       depth;
	int       unaudited_at[DB_MAX_DEPTH];
	int       version;
	/*
	 * Domain writes since the last audit row in this transaction. db_end()
	 * refuses to commit while it is non-zero: a change that escaped the
	 * audit chain is a bug, and committing it would make the chain lie.
	 */
	int       unaudited;
	int       nstmts, capstmts;
	struct db_stmt_slot *stmts;     /* every statement prepared so far */
	int       step_rc;     /* extended code of a db_step_*() failure */
	/* Who reads, for need-to-know (db_set_viewer()). */
	long long viewer_id;
	bool      viewer_sees_all;
	void    (*now_fn)(char *buf);
};

/*
 * SQL that is true when the viewer may see incident ALIAS (a table alias
 * of incidents, as a string literal): it is not under embargo now, the
 * viewer sees everything, or the viewer is named on it. Every query that
 * lists or searches incidents, or what is about them, ANDs it in.
 */
#define SQL_SEES(alias) \
	" herald_sees(" alias ".id, " alias ".embargo_until) "

struct rowlist;

/* A cached prepared statement for SQL (a string literal). Reset and clear
 * it with db_stmt_done() before the next use. */
enum status db_stmt(struct db *db, const char *sql, sqlite3_stmt **out,
    struct err *err);
void        db_stmt_done(sqlite3_stmt *stmt);
/* Map the connection's last error to a status, with CONTEXT in the message. */
enum status db_sqlerr(struct db *db, struct err *err, const char *context);
/* Mark a domain write; the transaction must also append an audit row. */
void        db_note_write(struct db *db);
/* Mark that an audit row was appended. */
void        db_note_audit(struct db *db);

/* Bind helpers: NULL text binds SQL NULL; 0 ids bind NULL with _id0. */
int         db_bind_text(sqlite3_stmt *s, int i, const char *v);
int         db_bind_id0(sqlite3_stmt *s, int i, long long id);
/* Copy column I as a new string (NULL for SQL NULL); caller frees. */
char       *db_col_text(sqlite3_stmt *s, int i);

/*
 * Step helpers: the shapes every q_*.c query takes. Each runs the bound
 * statement S from db_stmt(), maps an SQLite failure with db_sqlerr(db, err,
 * WHAT), and ends with db_stmt_done(S) on every path. Where a helper takes a
 * printf-style NOTFOUND message, "nothing found" returns ST_NOTFOUND with it;
 * a NULL NOTFOUND leaves ERR alone, for a caller that explains it itself.
 */
typedef void (*db_fill_fn)(sqlite3_stmt *s, void *row);
/* A fill function for a single number: column 0 into *(long long *)ROW. */
void        db_fill_int64(sqlite3_stmt *s, void *row);

/* A query for one row: FILL copies it into ROW. */
enum status db_step_one(struct db *db, sqlite3_stmt *s, db_fill_fn fill,
    void *row, const char *what, struct err *err, const char *notfound, ...)
	__attribute__((format(printf, 7, 8)));
/* The commonest query, whole: prepare SQL (a static array, as for db_stmt()),
 * bind ID or the text KEY to ?1 and load the one row as db_step_one(). */
enum status db_load_by_id(struct db *db, const char *sql, long long id,
    db_fill_fn fill, void *row, const char *what, struct err *err,
    const char *notfound, ...)
	__attribute__((format(printf, 8, 9)));
enum status db_load_by_text(struct db *db, const char *sql, const char *key,
    db_fill_fn fill, void *row, const char *what, struct err *err,
    const char *notfound, ...)
	__attribute__((format(printf, 8, 9)));
/* A query for rows: FILL copies each into rowlist_push(OUT). The caller
 * has initialised OUT, before db_stmt(), so it is valid on every path. */
enum status db_step_list(struct db *db, sqlite3_stmt *s, db_fill_fn fill,
    struct rowlist *out, const char *what, struct err *err);
/* The commonest list, whole: OUT initialised for rows of SIZE bytes,
 * SQL (a static array) prepared with ID bound to ?1, and its rows
 * collected as db_step_list() does. */
enum status db_list_by_id(struct db *db, const char *sql, long long id,
    db_fill_fn fill, size_t size, struct rowlist *out, const char *what,
    struct err *err);
/* The same for SQL that binds nothing. */
enum status db_list(struct db *db, const char *sql, db_fill_fn fill,
    size_t size, struct rowlist *out, const char *what, struct err *err);
/* A query for rows of one text column: a new NULL-terminated array of them
 * into *OUT (caller frees each and the array) and its length into *N. */
enum status db_step_texts(struct db *db, sqlite3_stmt *s, char ***out,
    size_t *n, const char *what, struct err *err);
/* A query for one number, such as a count(*): column 0 into *N. */
enum status db_step_count(struct db *db, sqlite3_stmt *s, long long *n,
    const char *what, struct err *err);
/* A write that always counts (INSERT, upsert): notes it with db_note_write()
 * and stores the new rowid in *ROWID unless ROWID is NULL. */
enum status db_step_write(struct db *db, sqlite3_stmt *s, long long *rowid,
    const char *what, struct err *err);
/* An UPDATE, DELETE or INSERT OR IGNORE: the rows changed into *N unless N
 * is NULL; notes the write if there were any. */
enum status db_step_changes(struct db *db, sqlite3_stmt *s, long long *n,
    const char *what, struct err *err);
/* A write that needs no audit row of its own, because it only confirms
 * what an audited row says (a publication seen again unchanged): the
 * rows changed into *N unless N is NULL. */
enum status db_step_bookkeeping(struct db *db, sqlite3_stmt *s, long long *n,
    const char *what, struct err *err);
/* The same, for a write that must change a row: none is ST_NOTFOUND. */
enum status db_step_change(struct db *db, sqlite3_stmt *s, const char *what,
    struct err *err, const char *notfound, ...)
	__attribute__((format(printf, 5, 6)));
/* A write with RETURNING that must return a row: FILL copies the first into
 * ROW, S runs to its end, and the write is noted. */
enum status db_step_returning(struct db *db, sqlite3_stmt *s, db_fill_fn fill,
    void *row, const char *what, struct err *err, const char *notfound, ...)
	__attribute__((format(printf, 7, 8)));
/* Whether the last db_step_*() failed on a foreign key, for callers that
 * name the missing row instead of SQLite's "FOREIGN KEY constraint failed". */
bool        db_failed_fk(const struct db *db);

#endif
