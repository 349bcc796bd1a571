/* tests/unit/test_audit.c - the hash chain: known hashes, tampering, truncation. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"
#include "core/audit.h"
#include "storage/db_priv.h"
#include "storage/q_audit.h"
#include "util/xalloc.h"

#define ROWS 6

static const char triggers_sql[] =
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;";

struct fx {
	struct tu_files *files;
	struct db       *db;
	char             head[AUDIT_HASH_HEX];
};

static int
setup(void **state)
{
	struct db_open_opts o = { .mode = DB_CREATE };
	struct audit_report rep;
	struct fx *fx = xcalloc(1, sizeof *fx);
	char subject[32];
	int i;

	fx->files = tu_files_new();
	if (db_open(&fx->db, fx->files->path, &o, NULL) != ST_OK)
		return -1;
	for (i = 1; i <= ROWS; i++) {
		snprintf(subject, sizeof subject, "incident:%d", i);
		if (db_begin(fx->db, NULL) != ST_OK ||
		    audit_append(fx->db, "user:1", "incident.create", subject,
		    "{\"severity\":\"high\"}", NULL) != ST_OK ||
		    db_end(fx->db, ST_OK, NULL) != ST_OK)
			return -1;
	}
	if (audit_verify(fx->db, NULL, &rep, NULL) != ST_OK)
		return -1;
	memcpy(fx->head, rep.head, sizeof fx->head);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	db_close(&fx->db);
	tu_files_free(&fx->files);
	free(fx);
	return 0;
}

/* What someone with the sqlite3 shell could do: drop the guards, change
 * rows, put the guards back. */
static void
tamper(struct fx *fx, const char *sql)
{
	char *all = xasprintf("DROP TRIGGER audit_no_update;"
	    " DROP TRIGGER audit_no_delete; %s; %s", sql, triggers_sql);

	tu_sql_exec(fx->files->path, all);
	free(all);
}

static void
hash_is_pinned(void **state)
{
	char at[] = "2026-03-01T12:00:00Z", actor[] = "system";
	char action[] = "database.init", subject[] = "database:1";
	char detail[] = "{}", prev[] = AUDIT_GENESIS;
	char actor2[] = "user:1", action2[] = "note", subject2[] = "x:1";
	char detail2[] = "{\"t\":\"\xc3\xa9\"}";
	char action3[] = "ote", subject3[] = "x:1n";
	struct audit_row r = {
		.seq = 1, .at = at, .actor = actor, .action = action,
		.subject = subject, .detail = detail, .prev_hash = prev,
	};
	char hex[AUDIT_HASH_HEX];

	(void)state;
	audit_hash(&r, hex);
	assert_string_equal(hex,
	    "ebce6a0f4fc2b1b8bcbf8d86fbb8d1bc47fecd898266c949bbf31c012cd3e647");
	r.seq = 2;
	r.actor = actor2;
	r.action = action2;
	r.subject = subject2;
	r.detail = detail2;
	audit_hash(&r, hex);
	assert_string_equal(hex,
	    "c5bb4dffc2f7a0473b788468d1dd07d2faf7549463dc6d38394c49782c1f09ca");
	/* Field boundaries are part of the hash: moving a byte across changes it. */
	r.subject = subject3;
	r.action = action3;
	audit_hash(&r, hex);
	assert_string_not_equal(hex,
	    "c5bb4dffc2f7a0473b788468d1dd07d2faf7549463dc6d38394c49782c1f09ca");
}

static void
detail_is_canonical(void **state)
{
	char *d;

	(void)state;
	d = audit_detail("{s:s, s:i, s:b}", "zeta", "z\xc3\xa9", "alpha", 3,
	    "mid", 1);
	assert_string_equal(d, "{\"alpha\":3,\"mid\":true,\"zeta\":\"z\xc3\xa9\"}");
	free(d);
}

static void
detail_reads_as_words(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(audit_detail_text(NULL, buf, sizeof buf), "");
	assert_string_equal(audit_detail_text("{}", buf, sizeof buf), "");
	assert_string_equal(audit_detail_text("not json", buf, sizeof buf),
	    "not json");
	assert_string_equal(audit_detail_text("[1,2]", buf, sizeof buf), "[1,2]");
	assert_string_equal(audit_detail_text("{\"from\":\"open\",\"gone\":null,"
	    "\"n\":3,\"roles\":[\"author\"],\"to\":\"closed\"}", buf, sizeof buf),
	    "from=open n=3 roles=[\"author\"] to=closed");
	/* Cut at the buffer, never past it. */
	assert_string_equal(audit_detail_text("{\"a\":\"0123456789\"}", buf, 8),
	    "a=01234");
}

static void
append_needs_a_transaction(void **state)
{
	struct fx *fx = *state;
	struct err err = { 0 };

	assert_int_equal(audit_append(fx->db, "system", "x", "y:1", NULL, &err),
	    ST_INTERNAL);
}

static void
intact_chain_verifies(void **state)
{
	struct fx *fx = *state;
	struct audit_report rep;
	struct err err = { 0 };
	char *head = NULL;
	long long seq;

	assert_int_equal(audit_verify(fx->db, NULL, &rep, &err), ST_OK);
	assert_int_equal(rep.count, ROWS);
	assert_int_equal(rep.first_bad, 0);
	assert_true(rep.triggers_ok);
	assert_int_equal(q_audit_head(fx->db, &seq, &head, &err), ST_OK);
	assert_int_equal(seq, ROWS);
	assert_string_equal(head, rep.head);
	free(head);
	/* The recorded head proves nothing was cut off... */
	assert_int_equal(audit_verify(fx->db, fx->head, &rep, &err), ST_OK);
	assert_true(rep.head_found);
	/* ...and an older head is still in a longer chain. */
	assert_int_equal(db_begin(fx->db, &err), ST_OK);
	assert_int_equal(audit_append(fx->db, "system", "x", "y:1", NULL, &err),
	    ST_OK);
	assert_int_equal(db_end(fx->db, ST_OK, &err), ST_OK);
	assert_int_equal(audit_verify(fx->db, fx->head, &rep, &err), ST_OK);
	assert_int_equal(rep.count, ROWS + 1);
}

static void
empty_chain_verifies(void **state)
{
	struct db_open_opts o = { .mode = DB_CREATE };
	struct audit_report rep;
	struct tu_files *files = tu_files_new();
	struct db *db = NULL;

	(void)state;
	assert_int_equal(db_open(&db, files->path, &o, NULL), ST_OK);
	assert_int_equal(audit_verify(db, NULL, &rep, NULL), ST_OK);
	assert_int_equal(rep.count, 0);
	assert_string_equal(rep.head, AUDIT_GENESIS);
	db_close(&db);
	tu_files_free(&files);
}

static void
triggers_refuse_changes(void **state)
{
	struct fx *fx = *state;
	sqlite3 *h;

	assert_int_equal(sqlite3_open(fx->files->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "UPDATE audit SET actor = 'x'", NULL,
	    NULL, NULL), SQLITE_CONSTRAINT);
	assert_non_null(strstr(sqlite3_errmsg(h), "append-only"));
	assert_int_equal(sqlite3_exec(h, "DELETE FROM audit WHERE seq = 2", NULL,
	    NULL, NULL), SQLITE_CONSTRAINT);
	sqlite3_close(h);
}

/* Change one column of row 3 in a fresh chain; the verifier must name a
 * row at or before where the damage shows. */
static void
each_column_change_is_caught(void **state)
{
	static const struct {
		const char *sql;
		long long   bad;
	} cases[] = {
		{ "UPDATE audit SET at = '2026-03-01T12:00:01Z' WHERE seq = 3", 3 },
		{ "UPDATE audit SET actor = 'user:2' WHERE seq = 3", 3 },
		{ "UPDATE audit SET action = 'incident.delete' WHERE seq = 3", 3 },
		{ "UPDATE audit SET subject = 'incident:9' WHERE seq = 3", 3 },
		{ "UPDATE audit SET detail = '{\"severity\":\"low\"}' WHERE seq = 3", 3 },
		{ "UPDATE audit SET prev_hash = hash WHERE seq = 3", 3 },
		{ "UPDATE audit SET hash = '" AUDIT_GENESIS "' WHERE seq = 3", 3 },
		{ "UPDATE audit SET seq = 30 WHERE seq = 3", 3 },
		{ "UPDATE audit SET seq = 10 + seq WHERE seq >= 3", 3 },
	};
	struct audit_report rep;
	struct err err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		void *fx = NULL;

		assert_int_equal(setup(&fx), 0);
		tamper(fx, cases[i].sql);
		err_clear(&err);
		if (audit_verify(((struct fx *)fx)->db, NULL, &rep, &err) !=
		    ST_TAMPERED)
			fail_msg("not caught: %s", cases[i].sql);
		assert_int_equal(rep.first_bad, cases[i].bad);
		assert_non_null(strstr(err.msg, "row 3"));
		teardown(&fx);
	}
}

static void
deleting_a_middle_row_is_caught(void **state)
{
	struct fx *fx = *state;
	struct audit_report rep;
	struct err err = { 0 };

	tamper(fx, "DELETE FROM audit WHERE seq = 4");
	assert_int_equal(audit_verify(fx->db, NULL, &rep, &err), ST_TAMPERED);
	assert_int_equal(rep.first_bad, 4);
	assert_non_null(strstr(err.msg, "missing"));
}

/* Without a recorded head, a cut-off tail looks like a shorter chain; the
 * head recorded earlier is what proves it. */
static void
deleting_the_last_row_needs_the_head(void **state)
{
	struct fx *fx = *state;
	struct audit_report rep;
	struct err err = { 0 };

	tamper(fx, "DELETE FROM audit WHERE seq = 6");
	assert_int_equal(audit_verify(fx->db, NULL, &rep, &err), ST_OK);
	assert_int_equal(rep.count, ROWS - 1);
	assert_int_equal(audit_verify(fx->db, fx->head, &rep, &err), ST_TAMPERED);
	assert_false(rep.head_found);
	assert_int_equal(rep.first_bad, ROWS);
	assert_non_null(strstr(err.msg, "cut off"));
}

static void
rewriting_the_whole_tail_needs_the_head(void **state)
{
	struct fx *fx = *state;
	struct audit_report rep;
	struct err err = { 0 };

	/* Rows removed, then a consistent new row appended by the tool. */
	tamper(fx, "DELETE FROM audit WHERE seq >= 5");
	assert_int_equal(db_begin(fx->db, &err), ST_OK);
	assert_int_equal(audit_append(fx->db, "user:1", "incident.create",
	    "incident:5", "{}", &err), ST_OK);
	assert_int_equal(db_end(fx->db, ST_OK, &err), ST_OK);
	assert_int_equal(audit_verify(fx->db, NULL, &rep, &err), ST_OK);
	assert_int_equal(audit_verify(fx->db, fx->head, &rep, &err), ST_TAMPERED);
}

static void
removed_triggers_are_reported(void **state)
{
	struct fx *fx = *state;
	struct audit_report rep;
	struct err err = { 0 };

	tu_sql_exec(fx->files->path, "DROP TRIGGER audit_no_delete");
	assert_int_equal(audit_verify(fx->db, NULL, &rep, &err), ST_TAMPERED);
	assert_false(rep.triggers_ok);
	assert_non_null(strstr(err.msg, "triggers"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_is_pinned),
		cmocka_unit_test(detail_is_canonical),
		cmocka_unit_test(detail_reads_as_words),
		cmocka_unit_test(empty_chain_verifies),
		cmocka_unit_test_setup_teardown(append_needs_a_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(intact_chain_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(triggers_refuse_changes, setup, teardown),
		cmocka_unit_test(each_column_change_is_caught),
		cmocka_unit_test_setup_teardown(deleting_a_middle_row_is_caught, setup, teardown),
		cmocka_unit_test_setup_teardown(deleting_the_last_row_needs_the_head, setup, teardown),
		cmocka_unit_test_setup_teardown(rewriting_the_whole_tail_needs_the_head, setup, teardown),
		cmocka_unit_test_setup_teardown(removed_triggers_are_reported, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
