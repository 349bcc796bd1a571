/* storage/db.h - the one SQLite connection: opening, refusals, transactions. */
#ifndef HERALD_STORAGE_DB_H
#define HERALD_STORAGE_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* PRAGMA application_id of every herald database: "HRLD". */
#define HERALD_APPLICATION_ID 0x48524c44

struct db;                               /* opaque; see storage/db_priv.h */

enum db_mode {
	DB_READ,        /* existing database; open read-only, migrate nothing */
	DB_WRITE,       /* existing database; migrate to the newest schema */
	DB_CREATE,      /* new file (refused if it exists); mode 0600 or 0660 */
};

struct db_open_opts {
	enum db_mode mode;
	const char  *group;          /* DB_CREATE: share with this group, or NULL */
	int          target_version; /* tests only: stop migrating here; 0 = newest */
	int          busy_ms;        /* wait this long for a lock; 0 = 30000 */
};

/*
 * Open PATH. Refuses, modifying nothing: a missing directory or file, a
 * network file system, a file that is not SQLite, an SQLite file that is
 * not herald's, a schema newer than this binary, a read-only file or
 * directory when writing. Caller closes with db_close().
 */
enum status db_open(struct db **dbp, const char *path,
    const struct db_open_opts *opts, struct err *err);
void        db_close(struct db **dbp);

/* Begin a write transaction (BEGIN IMMEDIATE: takes the write lock now).
 * Inside an open one, begins a savepoint instead, so a batch of actions
 * can share one commit while each still succeeds or fails whole. */
enum status db_begin(struct db *db, struct err *err);
/* Commit (or release the savepoint) if ST is ST_OK, else roll it back;
 * returns the final status. */
enum status db_end(struct db *db, enum status st, struct err *err);
/* Begin and end a read transaction, for a consistent view across queries. */
enum status db_read_begin(struct db *db, struct err *err);
void        db_read_end(struct db *db);
bool        db_in_transaction(const struct db *db);

/* A number that changes whenever the database does, by this connection
 * or another (PRAGMA data_version plus this connection's changes), so a
 * reader can skip work when nothing changed. 0 when it cannot be read. */
long long   db_change_stamp(struct db *db);
const char *db_path(const struct db *db);
bool        db_is_readonly(const struct db *db);
/* The schema version of the open database, and the newest one known. */
int         db_schema_version(const struct db *db);
int         db_schema_latest(void);

/* For building throw-away databases (benchmarks): commits stop waiting
 * for the disk and the page cache grows. Never for real data. */
enum status db_set_bulk(struct db *db, struct err *err);

/* Copy the database to DEST (a new file, mode 0600) with SQLite's online
 * backup API, in one read transaction so others keep working. */
enum status db_backup(struct db *db, const char *dest, struct err *err);

/* An SQL text the console runs, named for the query-plan test's report;
 * q_*_queries() list them. */
struct db_query {
	const char *name;
	const char *sql;
};

/* Test hook: the detail lines of EXPLAIN QUERY PLAN for SQL, one per plan
 * node, indented two spaces per level, as a new NULL-terminated array in
 * *LINES (caller frees each and the array) of length *N. */
enum status db_explain(struct db *db, const char *sql, char ***lines,
    size_t *n, struct err *err);

/* True if the file system holding PATH's directory is a network one
 * (NFS, SMB/CIFS, sshfs and other FUSE, 9p, AFS, Ceph, Lustre...). */
bool        db_fs_is_network(long fs_magic);

/*
 * Who reads through DB, for need-to-know: user USER_ID (0: unknown), who
 * sees every incident when SEES_ALL (admins and the SRO). NOW_FN writes
 * the time now (RFC 3339 UTC, 21 bytes), so an embargo ends by itself.
 * Until this is called no incident under embargo is visible. SQL sees it
 * as herald_sees(incident_id, embargo_until) (SQL_SEES in db_priv.h).
 */
void        db_set_viewer(struct db *db, long long user_id, bool sees_all,
    void (*now_fn)(char *buf));

#endif
