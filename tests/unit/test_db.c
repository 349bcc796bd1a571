/* tests/unit/test_db.c - opening, refusing, migrating and transacting. */
#include "config.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/testutil.h"
#include "core/audit.h"
#include "storage/db_priv.h"
#include "storage/q_settings.h"
#include "util/xalloc.h"

static void
write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	if (n > 0)
		assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

/* Open PATH with MODE and expect CODE and a message containing NEEDLE;
 * the file must be byte-for-byte unchanged. */
static void
expect_refusal(const char *path, enum db_mode mode, enum status code,
    const char *needle)
{
	struct db_open_opts o = { .mode = mode };
	struct err err = { 0 };
	struct db *db = NULL;
	char *before, *after;
	size_t nb, na;

	before = tu_slurp(path, &nb);
	assert_int_equal(db_open(&db, path, &o, &err), code);
	assert_null(db);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, needle);
	after = tu_slurp(path, &na);
	assert_int_equal(nb, na);
	assert_memory_equal(before, after, nb);
	free(before);
	free(after);
}

static void
open_degenerate(void **state)
{
	struct tu_files *fx = *state;
	struct db_open_opts o = { .mode = DB_WRITE };
	struct err err = { 0 };
	struct db *db = NULL;
	char *p;

	assert_int_equal(db_open(&db, NULL, &o, &err), ST_INVALID);
	assert_int_equal(db_open(&db, "", &o, &err), ST_INVALID);
	p = tu_path(fx->dir, "no/such/dir/h.db");
	assert_int_equal(db_open(&db, p, &o, &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "does not exist"));
	free(p);
	assert_int_equal(db_open(&db, fx->path, &o, &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "herald init"));
	assert_int_not_equal(access(fx->path, F_OK), 0);
	assert_null(db);
}

static void
refuses_foreign_files(void **state)
{
	struct tu_files *fx = *state;
	unsigned char junk[4096];
	size_t i;

	for (i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)(i * 7 + 3);
	write_file(fx->path, junk, sizeof junk);
	expect_refusal(fx->path, DB_WRITE, ST_SCHEMA, "not an SQLite file");
	expect_refusal(fx->path, DB_READ, ST_SCHEMA, "not an SQLite file");

	write_file(fx->path, "", 0);
	expect_refusal(fx->path, DB_WRITE, ST_SCHEMA, "empty file");

	unlink(fx->path);
	tu_sql_exec(fx->path, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
	expect_refusal(fx->path, DB_WRITE, ST_SCHEMA, "not herald's");
	expect_refusal(fx->path, DB_READ, ST_SCHEMA, "not herald's");
}

static void
creates_private_file(void **state)
{
	struct tu_files *fx = *state;
	struct db_open_opts o = { .mode = DB_CREATE };
	struct err err = { 0 };
	struct db *db = NULL;
	struct stat sb;
	mode_t old = umask(0);

	assert_int_equal(db_open(&db, fx->path, &o, &err), ST_OK);
	umask(old);
	assert_int_equal(stat(fx->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(db_schema_version(db), db_schema_latest());
	assert_false(db_is_readonly(db));
	db_close(&db);
	assert_null(db);
	/* An existing file is never clobbered by a create. */
	assert_int_equal(db_open(&db, fx->path, &o, &err), ST_EXISTS);
	expect_refusal(fx->path, DB_CREATE, ST_EXISTS, "already exists");
}

static void
refuses_newer_schema(void **state)
{
	struct tu_files *fx = *state;
	struct db_open_opts o = { .mode = DB_CREATE };
	struct db *db = NULL;
	char sql[64];

	assert_int_equal(db_open(&db, fx->path, &o, NULL), ST_OK);
	db_close(&db);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
	    db_schema_latest() + 1);
	tu_sql_exec(fx->path, sql);
	expect_refusal(fx->path, DB_WRITE, ST_SCHEMA, "newer herald");
	expect_refusal(fx->path, DB_READ, ST_SCHEMA, "upgrade herald");
}

/*
 * From every earlier schema version, a database with data in it migrates
 * to the newest and keeps its rows; a read-only open of an old schema is
 * refused rather than half-upgraded.
 */
static void
migrates_from_each_version(void **state)
{
	static const char *const tables[] = {
		"settings", "users", "user_roles", "audit", "products", "cycles",
		"customers", "deployments", "id_counters", "incidents",
		"incident_access", "communications", "answers", "affected",
		"approvals", "templates", "subscribers", "subscriptions",
		"channels", "outbox", "manual_deliveries", "drills", "reports",
		NULL,
	};
	struct tu_files *fx = *state;
	struct err err = { 0 };
	struct db *db = NULL;
	int latest = db_schema_latest(), v;
	size_t i;

	assert_true(latest >= 2);
	for (v = 0; v < latest; v++) {
		struct db_open_opts c = { .mode = DB_CREATE, .target_version = v };
		struct db_open_opts w = { .mode = DB_WRITE };

		unlink(fx->path);
		if (v == 0) {
			/* "From empty": a zero-length file SQLite has never seen
			 * is refused; a create migrates from nothing. */
			c.target_version = 0;
		}
		assert_int_equal(db_open(&db, fx->path, &c, &err), ST_OK);
		assert_int_equal(db_schema_version(db), v == 0 ? latest : v);
		db_close(&db);
		if (v == 0)
			continue;
		tu_sql_exec(fx->path,
		    "INSERT INTO settings VALUES ('probe', 'kept')");
		expect_refusal(fx->path, DB_READ, ST_SCHEMA, "needs upgrading");
		assert_int_equal(db_open(&db, fx->path, &w, &err), ST_OK);
		assert_int_equal(db_schema_version(db), latest);
		assert_int_equal(tu_count_rows(fx->path, "settings"), 1);
		for (i = 0; tables[i] != NULL; i++)
			assert_true(tu_count_rows(fx->path, tables[i]) >= 0);
		db_close(&db);
	}
}

static void
connection_settings(void **state)
{
	struct tu_files *fx = *state;
	struct db_open_opts o = { .mode = DB_CREATE };
	struct db *db = NULL;
	sqlite3_stmt *s;

	assert_int_equal(db_open(&db, fx->path, &o, NULL), ST_OK);
	assert_int_equal(sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	assert_int_equal(sqlite3_prepare_v2(db->h, "PRAGMA foreign_keys", -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	assert_int_equal(sqlite3_prepare_v2(db->h, "PRAGMA application_id", -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), HERALD_APPLICATION_ID);
	sqlite3_finalize(s);
	db_close(&db);
}

/* A write that escaped the audit chain is never committed. */
static void
unaudited_write_is_rolled_back(void **state)
{
	struct tu_files *fx = *state;
	struct db_open_opts o = { .mode = DB_CREATE };
	struct err err = { 0 };
	struct db *db = NULL;
	char *v = NULL;

	assert_int_equal(db_open(&db, fx->path, &o, NULL), ST_OK);
	assert_int_equal(db_end(db, ST_OK, &err), ST_INTERNAL);
	assert_int_equal(db_begin(db, &err), ST_OK);
	assert_int_equal(q_setting_set(db, "k", "v", &err), ST_OK);
	assert_int_equal(db_end(db, ST_OK, &err), ST_INTERNAL);
	assert_non_null(strstr(err.msg, "without an audit row"));
	assert_int_equal(q_setting_get(db, "k", &v, &err), ST_OK);
	assert_null(v);

	assert_int_equal(db_begin(db, &err), ST_OK);
	assert_int_equal(q_setting_set(db, "k", "v", &err), ST_OK);
	assert_int_equal(audit_append(db, "system", "test.set", "setting:k", NULL,
	    &err), ST_OK);
	assert_int_equal(db_end(db, ST_OK, &err), ST_OK);
	assert_int_equal(q_setting_get(db, "k", &v, &err), ST_OK);
	assert_string_equal(v, "v");
	free(v);

	/* A failed action rolls everything back, audit row included. */
	assert_int_equal(db_begin(db, &err), ST_OK);
	assert_int_equal(q_setting_set(db, "k", "w", &err), ST_OK);
	assert_int_equal(audit_append(db, "system", "test.set", "setting:k", NULL,
	    &err), ST_OK);
	assert_int_equal(db_end(db, ST_INVALID, &err), ST_INVALID);
	assert_int_equal(q_setting_get(db, "k", &v, &err), ST_OK);
	assert_string_equal(v, "v");
	free(v);
	assert_int_equal(tu_count_rows(fx->path, "audit"), 1);
	db_close(&db);
}

/* BEGIN IMMEDIATE takes the write lock at once: a second writer waits,
 * then gives up with ST_BUSY, rather than failing later at commit. */
/* A batch shares one commit; each action in it still stands or falls whole. */
static void
nested_actions_share_a_commit(void **state)
{
	struct tu_files *fx = *state;
	struct db_open_opts o = { .mode = DB_CREATE };
	struct err err = { 0 };
	struct db *db = NULL;
	char *v = NULL;

	assert_int_equal(db_open(&db, fx->path, &o, NULL), ST_OK);
	assert_int_equal(db_begin(db, &err), ST_OK);            /* the batch */
	assert_int_equal(db_begin(db, &err), ST_OK);            /* action 1 */
	assert_int_equal(q_setting_set(db, "a", "1", &err), ST_OK);
	assert_int_equal(audit_append(db, "system", "t", "s:a", NULL, &err), ST_OK);
	assert_int_equal(db_end(db, ST_OK, &err), ST_OK);
	assert_true(db_in_transaction(db));
	assert_int_equal(db_begin(db, &err), ST_OK);            /* action 2 fails */
	assert_int_equal(q_setting_set(db, "b", "2", &err), ST_OK);
	assert_int_equal(audit_append(db, "system", "t", "s:b", NULL, &err), ST_OK);
	assert_int_equal(db_end(db, ST_INVALID, &err), ST_INVALID);
	assert_int_equal(db_begin(db, &err), ST_OK);            /* action 3 unaudited */
	assert_int_equal(q_setting_set(db, "c", "3", &err), ST_OK);
	assert_int_equal(db_end(db, ST_OK, &err), ST_INTERNAL);
	assert_int_equal(db_end(db, ST_OK, &err), ST_OK);       /* commit the batch */
	assert_false(db_in_transaction(db));
	assert_int_equal(q_setting_get(db, "a", &v, &err), ST_OK);
	assert_string_equal(v, "1");
	free(v);
	assert_int_equal(q_setting_get(db, "b", &v, &err), ST_OK);
	assert_null(v);
	assert_int_equal(q_setting_get(db, "c", &v, &err), ST_OK);
	assert_null(v);
	assert_int_equal(tu_count_rows(fx->path, "audit"), 1);
	db_close(&db);
}

static void
second_writer_waits(void **state)
{
	struct tu_files *fx = *state;
	struct db_open_opts c = { .mode = DB_CREATE };
	struct db_open_opts w = { .mode = DB_WRITE, .busy_ms = 100 };
	struct err err = { 0 };
	struct db *a = NULL, *b = NULL;

	assert_int_equal(db_open(&a, fx->path, &c, NULL), ST_OK);
	assert_int_equal(db_open(&b, fx->path, &w, NULL), ST_OK);
	assert_int_equal(db_begin(a, &err), ST_OK);
	assert_int_equal(db_begin(b, &err), ST_BUSY);
	assert_false(db_in_transaction(b));
	assert_int_equal(db_end(a, ST_INVALID, &err), ST_INVALID);
	assert_int_equal(db_begin(b, &err), ST_OK);
	assert_int_equal(db_end(b, ST_INVALID, NULL), ST_INVALID);
	db_close(&a);
	db_close(&b);
}

static void
read_only_open_cannot_write(void **state)
{
	struct tu_files *fx = *state;
	struct db_open_opts c = { .mode = DB_CREATE };
	struct db_open_opts r = { .mode = DB_READ };
	struct err err = { 0 };
	struct db *db = NULL;

	assert_int_equal(db_open(&db, fx->path, &c, NULL), ST_OK);
	db_close(&db);
	assert_int_equal(db_open(&db, fx->path, &r, &err), ST_OK);
	assert_true(db_is_readonly(db));
	assert_int_equal(db_begin(db, &err), ST_DENIED);
	db_close(&db);
}

static void
network_file_systems(void **state)
{
	(void)state;
	assert_true(db_fs_is_network(0x6969));           /* NFS */
	assert_true(db_fs_is_network(0xff534d42L));      /* CIFS */
	assert_true(db_fs_is_network(0xfe534d42L));      /* SMB2 */
	assert_true(db_fs_is_network(0x65735546));       /* FUSE */
	assert_true(db_fs_is_network(0x01021997));       /* 9p */
	assert_false(db_fs_is_network(0xef53));          /* ext4 */
	assert_false(db_fs_is_network(0x01021994));      /* tmpfs */
	assert_false(db_fs_is_network(0x58465342));      /* xfs */
	assert_false(db_fs_is_network(0x9123683eL));     /* btrfs */
	assert_false(db_fs_is_network(0x794c7630));      /* overlayfs */
}

static void
backup_copies_consistently(void **state)
{
	struct tu_files *fx = *state;
	struct db_open_opts c = { .mode = DB_CREATE };
	struct db_open_opts r = { .mode = DB_READ };
	struct audit_report rep;
	struct err err = { 0 };
	struct db *db = NULL, *copy = NULL;
	char *dest = tu_path(fx->dir, "copy.db");
	struct stat sb;
	int i;

	assert_int_equal(db_open(&db, fx->path, &c, NULL), ST_OK);
	for (i = 0; i < 5; i++) {
		assert_int_equal(db_begin(db, &err), ST_OK);
		assert_int_equal(audit_append(db, "system", "test.tick", "test:1",
		    NULL, &err), ST_OK);
		assert_int_equal(db_end(db, ST_OK, &err), ST_OK);
	}
	assert_int_equal(db_backup(db, dest, &err), ST_OK);
	assert_int_equal(stat(dest, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(db_backup(db, dest, &err), ST_EXISTS);
	db_close(&db);
	assert_int_equal(db_open(&copy, dest, &r, &err), ST_OK);
	assert_int_equal(audit_verify(copy, NULL, &rep, &err), ST_OK);
	assert_int_equal(rep.count, 5);
	db_close(&copy);
	free(dest);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(open_degenerate,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(refuses_foreign_files,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(creates_private_file,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(refuses_newer_schema,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(migrates_from_each_version,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(connection_settings,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(unaudited_write_is_rolled_back,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(nested_actions_share_a_commit,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(second_writer_waits,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test_setup_teardown(read_only_open_cannot_write,
		    tu_files_setup, tu_files_teardown),
		cmocka_unit_test(network_file_systems),
		cmocka_unit_test_setup_teardown(backup_copies_consistently,
		    tu_files_setup, tu_files_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
