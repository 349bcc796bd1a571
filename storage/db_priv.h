/* storage/db_priv.h - the connection's insides, shared by storage/ only. */
#ifndef HERALD_STORAGE_DB_PRIV_H
#define HERALD_STORAGE_DB_PRIV_H

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
};

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

#endif
