/* storage/db.c - opens herald's SQLite file safely and runs its transactions. */
#include "config.h"

#include "storage/db_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "storage/migrate.h"
#include "storage/records.h"
#include "util/xalloc.h"

static const char sqlite_magic[16] = "SQLite format 3";

bool
db_fs_is_network(long magic)
{
	/* f_type values from linux/magic.h and the file systems' sources. */
	switch ((unsigned long)magic & 0xffffffffUL) {
	case 0x6969UL:          /* NFS */
	case 0x517bUL:          /* SMB */
	case 0xff534d42UL:      /* CIFS */
	case 0xfe534d42UL:      /* SMB2 */
	case 0x65735546UL:      /* FUSE (sshfs, s3fs, ...) */
	case 0x01021997UL:      /* 9p */
	case 0x5346414fUL:      /* AFS */
	case 0x6b414653UL:      /* kAFS */
	case 0x00c36400UL:      /* Ceph */
	case 0x0bd00bd0UL:      /* Lustre */
	case 0x47504653UL:      /* GPFS */
	case 0x564cUL:          /* NCP */
		return true;
	}
	return false;
}

/* Split PATH's directory into DIR (size n). */
static void
dir_of(const char *path, char *dir, size_t n)
{
	char *tmp = xstrdup(path);

	snprintf(dir, n, "%s", dirname(tmp));
	free(tmp);
}

static enum status
check_dir(const char *path, enum db_mode mode, struct err *err)
{
	char dir[4096];
	struct statfs sfs;
	struct stat sb;

	dir_of(path, dir, sizeof dir);
	if (stat(dir, &sb) != 0)
		return err_set(err, ST_NOTFOUND, "directory %s does not exist", dir);
	if (!S_ISDIR(sb.st_mode))
		return err_set(err, ST_INVALID, "%s is not a directory", dir);
	if (statfs(dir, &sfs) == 0 && db_fs_is_network((long)sfs.f_type))
		return err_set(err, ST_DENIED, "%s is on a network file system, "
		    "where SQLite's locking cannot be trusted; keep the database "
		    "on a local disk", dir);
	if (mode != DB_READ && access(dir, W_OK) != 0)
		return err_set(err, ST_DENIED, "directory %s is read-only for you: "
		    "SQLite must create its -wal and -shm files beside the "
		    "database", dir);
	return ST_OK;
}

/* Refuse anything but an SQLite file before SQLite ever touches it. */
static enum status
check_file(const char *path, enum db_mode mode, struct err *err)
{
	char head[16];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return err_set(err, ST_NOTFOUND, "no database at %s "
			    "(create one with `herald init`)", path);
		return err_set(err, ST_IO, "%s: %s", path, strerror(errno));
	}
	n = read(fd, head, sizeof head);
	close(fd);
	if (n == 0)
		return err_set(err, ST_SCHEMA, "%s is an empty file, not a herald "
		    "database", path);
	if (n != (ssize_t)sizeof head || memcmp(head, sqlite_magic, sizeof head) != 0)
		return err_set(err, ST_SCHEMA, "%s is not a herald database "
		    "(not an SQLite file)", path);
	if (mode != DB_READ && access(path, W_OK) != 0)
		return err_set(err, ST_DENIED, "database %s is read-only for you",
		    path);
	return ST_OK;
}

/* Create PATH empty with mode 0600, or 0660 owned by GROUP. */
static enum status
create_file(const char *path, const char *group, struct err *err)
{
	char dir[4096];
	struct group *gr = NULL;
	struct stat sb;
	int fd;

	if (group != NULL && (gr = getgrnam(group)) == NULL)
		return err_set(err, ST_INVALID, "no group named %s", group);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    group != NULL ? 0660 : 0600)) < 0) {
		if (errno == EEXIST)
			return err_set(err, ST_EXISTS, "%s already exists", path);
		return err_set(err, ST_IO, "cannot create %s: %s", path,
		    strerror(errno));
	}
	if (gr != NULL) {
		/* The umask may have cut group bits; set them exactly. The
		 * setgid directory makes SQLite's -wal and -shm files follow. */
		dir_of(path, dir, sizeof dir);
		if (stat(dir, &sb) == 0 && (sb.st_mode & S_IWOTH) != 0) {
			close(fd);
			unlink(path);
			return err_set(err, ST_DENIED, "--group needs a directory of "
			    "its own; %s is writable by everyone", dir);
		}
		if (fchown(fd, (uid_t)-1, gr->gr_gid) != 0 || fchmod(fd, 0660) != 0 ||
		    chown(dir, (uid_t)-1, gr->gr_gid) != 0 ||
		    chmod(dir, 02770) != 0) {
			int e = errno;

			close(fd);
			unlink(path);
			return err_set(err, ST_DENIED, "cannot share %s with group "
			    "%s: %s", path, group, strerror(e));
		}
	}
	close(fd);
	return ST_OK;
}

static enum status
pragma_int(struct db *db, const char *sql, int *out, struct err *err)
{
	sqlite3_stmt *s = NULL;
	enum status st = ST_OK;

	if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW)
		st = db_sqlerr(db, err, db->path);
	else
		*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return st;
}

static enum status
exec(struct db *db, const char *sql, struct err *err)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_sqlerr(db, err, db->path);
	return ST_OK;
}

/* ST_SCHEMA when a row points at one that is not there. */
static enum status
check_foreign_keys(struct db *db, struct err *err)
{
	sqlite3_stmt *s = NULL;
	enum status st = ST_OK;
	int rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &s,
	    NULL) != SQLITE_OK)
		return err_set(err, ST_DB, "check foreign keys: %s",
		    sqlite3_errmsg(db->h));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		st = err_set(err, ST_SCHEMA, "a row of %s points at a missing "
		    "row of %s", sqlite3_column_text(s, 0),
		    sqlite3_column_text(s, 2));
	else if (rc != SQLITE_DONE)
		st = err_set(err, ST_DB, "check foreign keys: %s",
		    sqlite3_errmsg(db->h));
	sqlite3_finalize(s);
	return st;
}

/* Apply every step above user_version, each in its own transaction. */
static enum status
migrate(struct db *db, int target, struct err *err)
{
	const char *const *steps;
	char sql[64];
	int count, v;
	enum status st;

	steps = migrations_steps(&count);
	if (target <= 0 || target > count)
		target = count;
	for (;;) {
		if ((st = exec(db, "BEGIN IMMEDIATE", err)) != ST_OK)
			return st;
		/* Read again under the lock: another process may have moved on. */
		if ((st = pragma_int(db, "PRAGMA user_version", &v, err)) != ST_OK)
			goto fail;
		if (v >= target) {
			exec(db, "COMMIT", NULL);
			db->version = v;
			return ST_OK;
		}
		if (v == 0 && (st = exec(db, "PRAGMA application_id = 1213353028",
		    err)) != ST_OK)
			goto fail;
		if ((st = exec(db, steps[v], err)) != ST_OK ||
		    (st = check_foreign_keys(db, err)) != ST_OK) {
			err_prefix(err, "schema step %d", v + 1);
			goto fail;
		}
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if ((st = exec(db, sql, err)) != ST_OK ||
		    (st = exec(db, "COMMIT", err)) != ST_OK)
			goto fail;
	}
fail:
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return st;
}

/*
 * Reading a WAL database needs its -shm file; when it is missing (the last
 * writer closed cleanly) and the reader may not create files beside the
 * database, SQLite only says "attempt to write a readonly database". Say
 * what is going on instead.
 */
static void
explain_no_shm(const char *path, struct err *err)
{
	char dir[4096], shm[4200];

	dir_of(path, dir, sizeof dir);
	snprintf(shm, sizeof shm, "%s-shm", path);
	if (access(dir, W_OK) != 0 && access(shm, F_OK) != 0)
		err_set(err, ST_DENIED, "cannot read %s: the directory %s is "
		    "read-only for you, and reading a database in WAL mode needs "
		    "its -shm file, which is only there while someone who may "
		    "write has it open; ask for write access to the directory, "
		    "or read a copy of the file", path, dir);
}

/* Check the identity and age of an opened file; touches nothing. */
static enum status
check_identity(struct db *db, enum db_mode mode, struct err *err)
{
	int app, v, latest = db_schema_latest();
	enum status st;

	if ((st = pragma_int(db, "PRAGMA application_id", &app, err)) != ST_OK)
		return st;
	if ((st = pragma_int(db, "PRAGMA user_version", &v, err)) != ST_OK)
		return st;
	if (app != HERALD_APPLICATION_ID)
		return err_set(err, ST_SCHEMA, "%s is an SQLite database but not "
		    "herald's (application_id %#x)", db->path, (unsigned)app);
	if (v > latest)
		return err_set(err, ST_SCHEMA, "%s was written by a newer herald "
		    "(schema %d; this herald knows up to %d): upgrade herald",
		    db->path, v, latest);
	if (v < latest && mode == DB_READ)
		return err_set(err, ST_SCHEMA, "%s has schema %d and needs "
		    "upgrading to %d, which needs write access", db->path, v,
		    latest);
	db->version = v;
	return ST_OK;
}

/* herald_sees(incident_id, embargo_until): see SQL_SEES. An incident
 * under embargo is looked up in incident_access, by the primary key. */
static void
sql_sees(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	static const char sql[] = "SELECT 1 FROM incident_access"
	    " WHERE incident_id = ? AND user_id = ?";
	struct db *db = sqlite3_user_data(ctx);
	const unsigned char *until = sqlite3_value_text(argv[1]);
	char now[32] = "";
	sqlite3_stmt *s = NULL;
	struct err e = { 0 };
	int named;

	(void)argc;
	if (until == NULL || *until == '\0' || db->viewer_sees_all) {
		sqlite3_result_int(ctx, 1);
		return;
	}
	if (db->now_fn != NULL)
		db->now_fn(now);
	if (*now != '\0' && strcmp((const char *)until, now) <= 0) {
		sqlite3_result_int(ctx, 1);
		return;
	}
	if (db->viewer_id <= 0) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	/* Cached: a list of embargoed incidents asks once a row. */
	if (db_stmt(db, sql, &s, &e) != ST_OK) {
		sqlite3_result_error(ctx, "herald_sees: cannot read access", -1);
		return;
	}
	sqlite3_bind_int64(s, 1, sqlite3_value_int64(argv[0]));
	sqlite3_bind_int64(s, 2, db->viewer_id);
	named = sqlite3_step(s) == SQLITE_ROW;
	db_stmt_done(s);
	sqlite3_result_int(ctx, named);
}

void
db_set_viewer(struct db *db, long long user_id, bool sees_all,
    void (*now_fn)(char *buf))
{
	db->viewer_id = user_id;
	db->viewer_sees_all = sees_all;
	db->now_fn = now_fn;
}

enum status
db_open(struct db **dbp, const char *path, const struct db_open_opts *opts,
    struct err *err)
{
	struct db_open_opts def = { .mode = DB_READ };
	struct db *db = NULL;
	bool created = false;
	int flags;
	enum status st;

	*dbp = NULL;
	if (opts == NULL)
		opts = &def;
	if (path == NULL || *path == '\0')
		return err_set(err, ST_INVALID, "no database path given");
	if ((st = check_dir(path, opts->mode, err)) != ST_OK)
		return st;
	if (opts->mode == DB_CREATE) {
		if ((st = create_file(path, opts->group, err)) != ST_OK)
			return st;
		created = true;
	} else if ((st = check_file(path, opts->mode, err)) != ST_OK)
		return st;

	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	flags = (opts->mode == DB_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		st = db_sqlerr(db, err, path);
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, opts->busy_ms > 0 ? opts->busy_ms : 30000);
	db->is_readonly = sqlite3_db_readonly(db->h, "main") == 1;
	if (opts->mode != DB_READ && db->is_readonly) {
		st = err_set(err, ST_DENIED, "database %s is read-only for you", path);
		goto fail;
	}
	if (!created && (st = check_identity(db, opts->mode, err)) != ST_OK) {
		if (st == ST_DENIED && opts->mode == DB_READ)
			explain_no_shm(path, err);
		goto fail;
	}
	if (opts->mode != DB_READ) {
		/* Durable commits: an audit system must not lose its tail. */
		if ((st = exec(db, "PRAGMA journal_mode = WAL", err)) != ST_OK ||
		    (st = exec(db, "PRAGMA synchronous = FULL", err)) != ST_OK)
			goto fail;
		/* Foreign keys stay off while steps rebuild tables (they can
		 * only change outside a transaction); each step checks them
		 * before it commits. */
		if ((st = migrate(db, opts->target_version, err)) != ST_OK)
			goto fail;
	}
	if ((st = exec(db, "PRAGMA foreign_keys = ON", err)) != ST_OK)
		goto fail;
	if (sqlite3_create_function(db->h, "herald_sees", 2, SQLITE_UTF8, db,
	    sql_sees, NULL, NULL) != SQLITE_OK) {
		st = db_sqlerr(db, err, "herald_sees");
		goto fail;
	}
	*dbp = db;
	return ST_OK;
fail:
	db_close(&db);
	if (created) {
		char side[4200];

		unlink(path);
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
	}
	return st;
}

void
db_close(struct db **dbp)
{
	struct db *db;
	int i;

	if (dbp == NULL || (db = *dbp) == NULL)
		return;
	for (i = 0; i < db->nstmts; i++)
		sqlite3_finalize(db->stmts[i].stmt);
	free(db->stmts);
	if (db->h != NULL) {
		if (db->in_tx)
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close_v2(db->h);
	}
	free(db->path);
	free(db);
	*dbp = NULL;
}

enum status
db_begin(struct db *db, struct err *err)
{
	enum status st;

	if (db->is_readonly)
		return err_set(err, ST_DENIED, "database %s is open read-only",
		    db->path);
	if (db->depth >= DB_MAX_DEPTH)
		return err_set(err, ST_INTERNAL, "transactions nested too deep");
	if (db->depth > 0) {
		if ((st = exec(db, "SAVEPOINT nested", err)) != ST_OK)
			return st;
	} else {
		if (db->in_tx)
			return err_set(err, ST_INTERNAL, "a read transaction is open");
		if ((st = exec(db, "BEGIN IMMEDIATE", err)) != ST_OK)
			return st;
		db->in_tx = true;
		db->unaudited = 0;
	}
	db->unaudited_at[db->depth++] = db->unaudited;
	return ST_OK;
}

enum status
db_end(struct db *db, enum status st, struct err *err)
{
	bool is_outer;

	if (db->depth == 0)
		return st == ST_OK ? err_set(err, ST_INTERNAL,
		    "no transaction to end") : st;
	is_outer = db->depth == 1;
	if (st == ST_OK && db->unaudited > 0)
		st = err_set(err, ST_INTERNAL, "refusing to commit %d change(s) "
		    "without an audit row", db->unaudited);
	if (st == ST_OK) {
		if (sqlite3_exec(db->h, is_outer ? "COMMIT" : "RELEASE nested",
		    NULL, NULL, NULL) == SQLITE_OK) {
			db->depth--;
			db->in_tx = !is_outer;
			return ST_OK;
		}
		st = db_sqlerr(db, err, "commit");
	}
	if (is_outer) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		db->in_tx = false;
	} else
		sqlite3_exec(db->h, "ROLLBACK TO nested; RELEASE nested", NULL,
		    NULL, NULL);
	db->unaudited = db->unaudited_at[--db->depth];
	return st;
}

enum status
db_read_begin(struct db *db, struct err *err)
{
	enum status st;

	if (db->in_tx)
		return ST_OK;           /* already consistent: ours or a writer's */
	if ((st = exec(db, "BEGIN", err)) == ST_OK)
		db->in_tx = db->in_read = true;
	return st;
}

void
db_read_end(struct db *db)
{
	if (db->in_read) {
		sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
		db->in_tx = db->in_read = false;
	}
}

bool
db_in_transaction(const struct db *db)
{
	return db->in_tx;
}

const char *
db_path(const struct db *db)
{
	return db->path;
}

bool
db_is_readonly(const struct db *db)
{
	return db->is_readonly;
}

int
db_schema_version(const struct db *db)
{
	return db->version;
}

int
db_schema_latest(void)
{
	int n;

	migrations_steps(&n);
	return n;
}

enum status
db_stmt(struct db *db, const char *sql, sqlite3_stmt **out, struct err *err)
{
	sqlite3_stmt *s;
	int i;

	for (i = 0; i < db->nstmts; i++) {
		if (db->stmts[i].sql == sql) {
			*out = db->stmts[i].stmt;
			return ST_OK;
		}
	}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
	    NULL) != SQLITE_OK)
		return db_sqlerr(db, err, "prepare");
	if (db->nstmts == db->capstmts) {
		db->capstmts = db->capstmts == 0 ? 64 : db->capstmts * 2;
		db->stmts = xreallocarray(db->stmts, (size_t)db->capstmts,
		    sizeof *db->stmts);
	}
	db->stmts[db->nstmts].sql = sql;
	db->stmts[db->nstmts].stmt = s;
	db->nstmts++;
	*out = s;
	return ST_OK;
}

void
db_stmt_done(sqlite3_stmt *stmt)
{
	if (stmt != NULL) {
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
	}
}

enum status
db_sqlerr(struct db *db, struct err *err, const char *context)
{
	int rc = db->h != NULL ? sqlite3_extended_errcode(db->h) : SQLITE_CANTOPEN;
	const char *msg = db->h != NULL ? sqlite3_errmsg(db->h) : "cannot open";
	enum status st;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		st = ST_BUSY;
		break;
	case SQLITE_CONSTRAINT:
		st = rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ?
		    ST_EXISTS : ST_INVALID;
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		st = ST_DENIED;
		break;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		st = ST_SCHEMA;
		break;
	case SQLITE_NOMEM:
		st = ST_NOMEM;
		break;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_FULL:
		st = ST_IO;
		break;
	default:
		st = ST_DB;
	}
	return err_set(err, st, "%s: %s", context, msg);
}

void
db_note_write(struct db *db)
{
	db->unaudited++;
}

void
db_note_audit(struct db *db)
{
	db->unaudited = 0;
}

int
db_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

int
db_bind_id0(sqlite3_stmt *s, int i, long long id)
{
	if (id == 0)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_int64(s, i, id);
}

char *
db_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t == NULL ? NULL : xstrdup((const char *)t);
}

void
db_fill_int64(sqlite3_stmt *s, void *row)
{
	*(long long *)row = sqlite3_column_int64(s, 0);
}

/* Step S once, keeping a failure's extended code for db_failed_fk(). */
static int
step(struct db *db, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	db->step_rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    sqlite3_extended_errcode(db->h);
	return rc;
}

/* ST_NOTFOUND, with the message FMT if it is not NULL. */
static enum status
not_found(struct err *err, const char *fmt, va_list ap)
{
	if (fmt == NULL)
		return ST_NOTFOUND;
	return err_vset(err, ST_NOTFOUND, fmt, ap);
}

/* db_step_one() with its NOTFOUND arguments in AP. */
static enum status
step_one(struct db *db, sqlite3_stmt *s, db_fill_fn fill, void *row,
    const char *what, struct err *err, const char *notfound, va_list ap)
{
	enum status st = ST_OK;
	int rc;

	if ((rc = step(db, s)) == SQLITE_ROW)
		fill(s, row);
	else if (rc == SQLITE_DONE)
		st = not_found(err, notfound, ap);
	else
		st = db_sqlerr(db, err, what);
	db_stmt_done(s);
	return st;
}

enum status
db_step_one(struct db *db, sqlite3_stmt *s, db_fill_fn fill, void *row,
    const char *what, struct err *err, const char *notfound, ...)
{
	enum status st;
	va_list ap;

	va_start(ap, notfound);
	st = step_one(db, s, fill, row, what, err, notfound, ap);
	va_end(ap);
	return st;
}

enum status
db_load_by_id(struct db *db, const char *sql, long long id, db_fill_fn fill,
    void *row, const char *what, struct err *err, const char *notfound, ...)
{
	sqlite3_stmt *s;
	enum status st;
	va_list ap;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, id);
	va_start(ap, notfound);
	st = step_one(db, s, fill, row, what, err, notfound, ap);
	va_end(ap);
	return st;
}

enum status
db_load_by_text(struct db *db, const char *sql, const char *key,
    db_fill_fn fill, void *row, const char *what, struct err *err,
    const char *notfound, ...)
{
	sqlite3_stmt *s;
	enum status st;
	va_list ap;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, key);
	va_start(ap, notfound);
	st = step_one(db, s, fill, row, what, err, notfound, ap);
	va_end(ap);
	return st;
}

enum status
db_step_list(struct db *db, sqlite3_stmt *s, db_fill_fn fill,
    struct rowlist *out, const char *what, struct err *err)
{
	enum status st = ST_OK;
	int rc;

	while ((rc = step(db, s)) == SQLITE_ROW)
		fill(s, rowlist_push(out));
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, what);
	db_stmt_done(s);
	return st;
}

enum status
db_list_by_id(struct db *db, const char *sql, long long id, db_fill_fn fill,
    size_t size, struct rowlist *out, const char *what, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, size);
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, id);
	return db_step_list(db, s, fill, out, what, err);
}

enum status
db_list(struct db *db, const char *sql, db_fill_fn fill, size_t size,
    struct rowlist *out, const char *what, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, size);
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill, out, what, err);
}

enum status
db_step_texts(struct db *db, sqlite3_stmt *s, char ***out, size_t *n,
    const char *what, struct err *err)
{
	enum status st = ST_OK;
	size_t cap = 4;
	char **v;
	int rc;

	v = xcalloc(cap + 1, sizeof *v);
	*n = 0;
	while ((rc = step(db, s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			v = xreallocarray(v, cap + 1, sizeof *v);
		}
		v[(*n)++] = db_col_text(s, 0);
		v[*n] = NULL;
	}
	*out = v;
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, what);
	db_stmt_done(s);
	return st;
}

enum status
db_step_count(struct db *db, sqlite3_stmt *s, long long *n, const char *what,
    struct err *err)
{
	enum status st = ST_OK;

	if (step(db, s) == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		st = db_sqlerr(db, err, what);
	db_stmt_done(s);
	return st;
}

enum status
db_step_write(struct db *db, sqlite3_stmt *s, long long *rowid,
    const char *what, struct err *err)
{
	enum status st = ST_OK;

	if (step(db, s) != SQLITE_DONE)
		st = db_sqlerr(db, err, what);
	else {
		if (rowid != NULL)
			*rowid = sqlite3_last_insert_rowid(db->h);
		db_note_write(db);
	}
	db_stmt_done(s);
	return st;
}

enum status
db_step_changes(struct db *db, sqlite3_stmt *s, long long *n,
    const char *what, struct err *err)
{
	enum status st = ST_OK;
	long long changes;

	if (step(db, s) != SQLITE_DONE)
		st = db_sqlerr(db, err, what);
	else {
		changes = sqlite3_changes(db->h);
		if (changes > 0)
			db_note_write(db);
		if (n != NULL)
			*n = changes;
	}
	db_stmt_done(s);
	return st;
}

enum status
db_step_bookkeeping(struct db *db, sqlite3_stmt *s, long long *n,
    const char *what, struct err *err)
{
	enum status st = ST_OK;

	if (step(db, s) != SQLITE_DONE)
		st = db_sqlerr(db, err, what);
	else if (n != NULL)
		*n = sqlite3_changes(db->h);
	db_stmt_done(s);
	return st;
}

enum status
db_step_change(struct db *db, sqlite3_stmt *s, const char *what,
    struct err *err, const char *notfound, ...)
{
	long long changes = 0;
	enum status st;
	va_list ap;

	st = db_step_changes(db, s, &changes, what, err);
	if (st == ST_OK && changes == 0) {
		va_start(ap, notfound);
		st = not_found(err, notfound, ap);
		va_end(ap);
	}
	return st;
}

enum status
db_step_returning(struct db *db, sqlite3_stmt *s, db_fill_fn fill, void *row,
    const char *what, struct err *err, const char *notfound, ...)
{
	enum status st = ST_OK;
	va_list ap;
	int rc;

	if ((rc = step(db, s)) == SQLITE_ROW) {
		fill(s, row);
		/* Run to the end, so the statement completes before reset. */
		while ((rc = step(db, s)) == SQLITE_ROW)
			;
		if (rc == SQLITE_DONE)
			db_note_write(db);
	} else if (rc == SQLITE_DONE) {
		va_start(ap, notfound);
		st = not_found(err, notfound, ap);
		va_end(ap);
	}
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, what);
	db_stmt_done(s);
	return st;
}

bool
db_failed_fk(const struct db *db)
{
	return db->step_rc == SQLITE_CONSTRAINT_FOREIGNKEY;
}

enum status
db_explain(struct db *db, const char *sql, char ***lines, size_t *n,
    struct err *err)
{
	sqlite3_stmt *s = NULL;
	char *eqp, **v;
	const char *detail;
	int *ids, *depths, rc, depth;
	size_t cap = 8, count = 0, i;
	enum status st = ST_OK;

	/* A test hook over storage's own static SQL: the one place that pastes
	 * SQL together, since EXPLAIN is a prefix, not a parameter. */
	eqp = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	v = xcalloc(cap + 1, sizeof *v);
	ids = xcalloc(cap, sizeof *ids);
	depths = xcalloc(cap, sizeof *depths);
	if (sqlite3_prepare_v2(db->h, eqp, -1, &s, NULL) != SQLITE_OK) {
		st = db_sqlerr(db, err, "explain");
		goto done;
	}
	/* Columns: id, parent, unused, detail; a parent comes before its
	 * children, so its depth is known by then. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		depth = 0;
		for (i = 0; i < count; i++)
			if (ids[i] == sqlite3_column_int(s, 1))
				depth = depths[i] + 1;
		if (count == cap) {
			cap *= 2;
			v = xreallocarray(v, cap + 1, sizeof *v);
			ids = xreallocarray(ids, cap, sizeof *ids);
			depths = xreallocarray(depths, cap, sizeof *depths);
		}
		ids[count] = sqlite3_column_int(s, 0);
		depths[count] = depth;
		detail = (const char *)sqlite3_column_text(s, 3);
		v[count++] = xasprintf("%*s%s", depth * 2, "",
		    detail != NULL ? detail : "");
		v[count] = NULL;
	}
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "explain");
done:
	sqlite3_finalize(s);
	free(eqp);
	free(ids);
	free(depths);
	if (st != ST_OK) {
		for (i = 0; i < count; i++)
			free(v[i]);
		free(v);
		v = NULL;
		count = 0;
	}
	*lines = v;
	*n = count;
	return st;
}

enum status
db_set_bulk(struct db *db, struct err *err)
{
	enum status st;

	if ((st = exec(db, "PRAGMA synchronous = OFF", err)) != ST_OK)
		return st;
	return exec(db, "PRAGMA cache_size = -262144", err);
}

enum status
db_backup(struct db *db, const char *dest, struct err *err)
{
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	enum status st = ST_OK;
	int fd, rc;

	if ((fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return err_set(err, errno == EEXIST ? ST_EXISTS : ST_IO,
		    "cannot create %s: %s", dest, strerror(errno));
	close(fd);
	if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		st = err_set(err, ST_IO, "%s: %s", dest, sqlite3_errmsg(to));
		goto done;
	}
	/* One step over every page: one read transaction, a consistent copy,
	 * and in WAL mode writers carry on meanwhile. */
	if ((b = sqlite3_backup_init(to, "main", db->h, "main")) == NULL) {
		st = err_set(err, ST_DB, "backup: %s", sqlite3_errmsg(to));
		goto done;
	}
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		st = err_set(err, ST_DB, "backup to %s: %s", dest, sqlite3_errstr(rc));
done:
	sqlite3_close_v2(to);
	if (st != ST_OK)
		unlink(dest);
	return st;
}

long long
db_change_stamp(struct db *db)
{
	sqlite3_stmt *s;
	long long v = 0;

	/* The two counters grow independently; their sum moves when
	 * either does. */
	if (db_stmt(db, "PRAGMA data_version", &s, NULL) != ST_OK)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	db_stmt_done(s);
	return v + sqlite3_total_changes64(db->h);
}
