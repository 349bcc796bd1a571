/* tests/unit/test_audit.c - the hash chain: known hashes, tampering,
 * truncation; approval rows checked against the chain; the export. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"
#include "core/approval_sign.h"
#include "core/audit.h"
#include "core/communication.h"
#include "core/hash.h"
#include "core/incident.h"
#include "storage/db_priv.h"
#include "storage/q_approval.h"
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

/* ---- approval rows against the chain ---- */

#define CHASH "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct afx {
	struct session *s;          /* ada: admin, author, approver:legal */
	char           *dir;
	long long       comm;
};

static int
asetup(void **state)
{
	struct afx *f = xcalloc(1, sizeof *f);
	struct err err = { 0 };
	long long incident;

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "approver:legal");
	incident = tu_incident_new(f->s, &(struct incident_new){
	    .title = "Remote code execution", .trigger_kind = "vulnerability",
	    .severity = "critical" });
	assert_int_equal(communication_create(f->s, &(struct communication_new){
	    .incident_id = incident, .kind = "advisory", .audience = "public",
	    .title = "RCE in the widget", .playbook = "security-advisory",
	    .playbook_version = "3", .playbook_hash = CHASH }, &f->comm, &err),
	    ST_OK);
	*state = f;
	return 0;
}

static int
ateardown(void **state)
{
	struct afx *f = *state;

	tu_session_free(&f->s, &f->dir);
	free(f);
	return 0;
}

/*
 * Record a decision on F's communication as herald does: the row and its
 * audit row "approval.record" in one transaction, the detail naming the
 * approval and, unless IS_LEGACY (as before row digests), its digest.
 * Returns the approval's id.
 */
static long long
record(struct afx *f, const char *decision, const char *comment,
    bool is_legacy)
{
	struct approval a = {
		.communication_id = f->comm, .revision = 1,
		.gate = (char *)"legal", .approver_id = f->s->user.id,
		.role = (char *)"approver:legal", .decision = (char *)decision,
		.comment = (char *)comment, .content_hash = (char *)CHASH,
		.snapshot = (char *)"{\"summary\":\"Patch now\"}",
		.decided_at = (char *)"2026-03-01T12:00:00Z", .canon_version = 1,
	};
	struct err err = { 0 };
	char hex[HASH_HEX_SIZE];
	enum status st;

	assert_int_equal(db_begin(f->s->db, &err), ST_OK);
	assert_int_equal(q_approval_insert(f->s->db, &a, &err), ST_OK);
	approval_row_digest(&a, hex);
	if (is_legacy)
		st = audit_record(f->s->db, f->s->actor, "approval.record",
		    "communication", f->comm, &err, "{s:I, s:I, s:s, s:s, s:s, "
		    "s:s}", "approval", (json_int_t)a.id, "revision",
		    (json_int_t)a.revision, "gate", a.gate, "role", a.role,
		    "decision", a.decision, "content_hash", a.content_hash);
	else
		st = audit_record(f->s->db, f->s->actor, "approval.record",
		    "communication", f->comm, &err, "{s:I, s:s, s:s}",
		    "approval", (json_int_t)a.id, "row", hex, "decision",
		    a.decision);
	assert_int_equal(st, ST_OK);
	assert_int_equal(db_end(f->s->db, ST_OK, &err), ST_OK);
	return a.id;
}

/* Verify F's database: ST, and a finding of KIND whose text holds TEXT
 * (both NULL: no finding). */
static void
expect_verify(struct afx *f, enum status st, const char *kind,
    const char *text, struct audit_report *rep)
{
	struct err err = { 0 };
	long long i;
	bool found = false;

	if (audit_verify(f->s->db, NULL, rep, &err) != st)
		fail_msg("verify: %s (%s)", status_str(err.code), err.msg);
	if (kind == NULL) {
		assert_int_equal(rep->n_findings, 0);
		return;
	}
	for (i = 0; i < rep->n_findings && i < AUDIT_FINDINGS_MAX; i++)
		if (strcmp(rep->findings[i].kind, kind) == 0 &&
		    strstr(rep->findings[i].text, text) != NULL)
			found = true;
	if (!found)
		fail_msg("no %s finding \"%s\"; first: %s", kind, text,
		    rep->n_findings > 0 ? rep->findings[0].text : "(none)");
	assert_non_null(strstr(err.msg, "approval "));
}

static void
digest_is_pinned(void **state)
{
	struct approval a = {
		.id = 7, .communication_id = 12, .revision = 2,
		.gate = (char *)"legal", .approver_id = 3,
		.role = (char *)"approver:legal", .decision = (char *)"approved",
		.comment = (char *)"Fine by me", .content_hash = (char *)
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		.snapshot = (char *)"{\"summary\":\"Patch now\"}",
		.decided_at = (char *)"2026-03-01T12:00:00Z", .canon_version = 1,
	};
	char hex[HASH_HEX_SIZE], *st;

	(void)state;
	/* As documented: SHA-256 of "herald-approval-row-1\n" and each column
	 * length-prefixed, the snapshot by its SHA-256, NULL as "". */
	approval_row_digest(&a, hex);
	assert_string_equal(hex,
	    "bd8790bd91414b19448f9628927df36b8ec4a008bc8ea0aebe9c4f2ca4e38978");
	a.comment = (char *)"Fine by me!";
	approval_row_digest(&a, hex);
	assert_string_equal(hex,
	    "bae8a85b653fced150761eaa7446b5861dbf703c2950e180c69f6747f4079c5e");
	st = approval_statement(&a);
	assert_string_equal(st, "herald-approval-1\ncommunication: 12\n"
	    "revision: 2\ngate: legal\nrole: approver:legal\napprover: user:3\n"
	    "decision: approved\ncanon-version: 1\ncontent-hash: "
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	    "decided-at: 2026-03-01T12:00:00Z\n");
	free(st);
	/* A value cannot add a line of its own. */
	a.gate = (char *)"legal\nrole: sro\\";
	st = approval_statement(&a);
	assert_non_null(strstr(st, "gate: legal\\x0arole: sro\\x5c\n"));
	free(st);
}

static void
approvals_verify(void **state)
{
	struct afx *f = *state;
	struct audit_report rep;

	expect_verify(f, ST_OK, NULL, NULL, &rep);
	assert_int_equal(rep.approvals, 0);
	record(f, "approved", "", false);
	record(f, "rejected", "Say which versions", false);
	record(f, "approved", "", true);
	expect_verify(f, ST_OK, NULL, NULL, &rep);
	assert_int_equal(rep.approvals, 3);
	assert_int_equal(rep.legacy, 1);
	assert_int_equal(rep.signatures, 0);
}

/* Each column of an approval row changed behind herald's back shows. */
static void
edited_approval_is_caught(void **state)
{
	static const char *const edits[] = {
		"UPDATE approvals SET decision = 'approved' WHERE id = 2",
		"UPDATE approvals SET comment = 'fine' WHERE id = 2",
		"UPDATE approvals SET snapshot = '{}' WHERE id = 2",
		"UPDATE approvals SET content_hash = '" AUDIT_GENESIS "' WHERE id = 2",
		"UPDATE approvals SET gate = 'pr' WHERE id = 2",
		"UPDATE approvals SET role = 'sro' WHERE id = 2",
		"UPDATE approvals SET approver_id = 1 + approver_id WHERE id = 2",
		"UPDATE approvals SET revision = 2 WHERE id = 2",
		"UPDATE approvals SET decided_at = '2026-03-02T12:00:00Z' WHERE id = 2",
		"UPDATE approvals SET canon_version = 2 WHERE id = 2",
		"UPDATE approvals SET signer = 'AB' WHERE id = 2",
		"UPDATE approvals SET signature = 'x' WHERE id = 2",
	};
	struct audit_report rep;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		void *v = NULL;
		struct afx *f;

		assert_int_equal(asetup(&v), 0);
		f = v;
		record(f, "approved", "", false);
		record(f, "rejected", "Not yet", false);
		expect_verify(f, ST_OK, NULL, NULL, &rep);
		tu_sql_exec(session_path(f->s), edits[i]);
		expect_verify(f, ST_TAMPERED, "edited",
		    "approval 2: edited after it was recorded", &rep);
		/* The chain itself is intact: only the approval is wrong. */
		assert_int_equal(rep.first_bad, 0);
		assert_int_equal(rep.n_findings, 1);
		assert_int_equal(rep.findings[0].approval, 2);
		assert_string_equal(rep.problem, rep.findings[0].text);
		ateardown(&v);
	}
}

/* Before row digests, the audit row named the main columns: those are
 * still checked. */
static void
edited_legacy_approval_is_caught(void **state)
{
	struct afx *f = *state;
	struct audit_report rep;

	record(f, "rejected", "No", true);
	tu_sql_exec(session_path(f->s),
	    "UPDATE approvals SET decision = 'approved' WHERE id = 1");
	expect_verify(f, ST_TAMPERED, "edited", "decision", &rep);
	assert_int_equal(rep.legacy, 0);
}

static void
forged_approval_is_caught(void **state)
{
	struct afx *f = *state;
	struct audit_report rep;
	char *sql;

	record(f, "approved", "", false);
	sql = xasprintf("INSERT INTO approvals (communication_id, revision, gate,"
	    " approver_id, role, decision, content_hash, snapshot, decided_at)"
	    " VALUES (%lld, 1, 'pr', %lld, 'approver:pr', 'approved', '%s',"
	    " '{}', '2026-03-01T12:00:00Z')", f->comm, f->s->user.id, CHASH);
	tu_sql_exec(session_path(f->s), sql);
	free(sql);
	expect_verify(f, ST_TAMPERED, "forged",
	    "approval 2: not in the audit chain (forged)", &rep);
	assert_int_equal(rep.approvals, 2);
	assert_int_equal(rep.n_findings, 1);
}

static void
deleted_approval_is_caught(void **state)
{
	struct afx *f = *state;
	struct audit_report rep;

	record(f, "rejected", "Not yet", false);
	record(f, "approved", "", false);
	record(f, "approved", "", false);
	tu_sql_exec(session_path(f->s), "DELETE FROM approvals WHERE id = 2");
	expect_verify(f, ST_TAMPERED, "deleted", "approval 2: deleted", &rep);
	/* Its number used again by a later decision: still shows. */
	tu_sql_exec(session_path(f->s), "DELETE FROM approvals WHERE id = 3");
	assert_int_equal(record(f, "approved", "", false), 2);
	expect_verify(f, ST_TAMPERED, "reused", "approval 2: named by 2 audit "
	    "rows", &rep);
	expect_verify(f, ST_TAMPERED, "deleted", "approval 3: deleted", &rep);
}

/* A broken chain and a tampered approval are both reported; the chain
 * names the error. */
static void
broken_chain_and_approval(void **state)
{
	struct afx *f = *state;
	struct audit_report rep;
	struct err err = { 0 };
	char *sql;

	record(f, "approved", "", false);
	sql = xasprintf("DROP TRIGGER audit_no_update; DROP TRIGGER "
	    "audit_no_delete; UPDATE audit SET actor = 'user:9' WHERE seq = 2;"
	    " UPDATE approvals SET comment = 'x'; %s", triggers_sql);
	tu_sql_exec(session_path(f->s), sql);
	free(sql);
	assert_int_equal(audit_verify(f->s->db, NULL, &rep, &err), ST_TAMPERED);
	assert_int_equal(rep.first_bad, 2);
	assert_non_null(strstr(err.msg, "audit chain broken at row 2"));
	assert_int_equal(rep.n_findings, 1);
	assert_string_equal(rep.findings[0].kind, "edited");
}

/* More findings than a report holds: all counted, the first kept. */
static void
many_forged_approvals(void **state)
{
	struct afx *f = *state;
	struct audit_report rep;
	struct err err = { 0 };
	char *sql;
	int i;

	for (i = 0; i < AUDIT_FINDINGS_MAX + 8; i++) {
		sql = xasprintf("INSERT INTO approvals (communication_id, revision,"
		    " gate, approver_id, role, decision, content_hash, snapshot,"
		    " decided_at) VALUES (%lld, 1, 'legal', %lld,"
		    " 'approver:legal', 'approved', '%s', '{}',"
		    " '2026-03-01T12:00:00Z')", f->comm, f->s->user.id, CHASH);
		tu_sql_exec(session_path(f->s), sql);
		free(sql);
	}
	assert_int_equal(audit_verify(f->s->db, NULL, &rep, &err), ST_TAMPERED);
	assert_int_equal(rep.n_findings, AUDIT_FINDINGS_MAX + 8);
	assert_int_equal(rep.findings[AUDIT_FINDINGS_MAX - 1].approval,
	    AUDIT_FINDINGS_MAX);
	assert_non_null(strstr(err.msg, "approval 1: not in the audit chain"));
	assert_non_null(strstr(err.msg, "and 39 more problems"));
}

/* ---- export ---- */

struct lines {
	json_t *all;    /* array of the objects, in order */
	int     fail_at; /* make line N (1-based) fail; 0: none */
};

static enum status
collect_line(const char *line, size_t len, void *ctx, struct err *err)
{
	struct lines *l = ctx;
	json_error_t jerr;
	json_t *o;

	assert_true(len > 0);
	assert_int_equal(line[len - 1], '\n');
	assert_null(memchr(line, '\n', len - 1));
	if (l->fail_at > 0 && (int)json_array_size(l->all) + 1 == l->fail_at)
		return err_set(err, ST_IO, "disk full");
	o = json_loadb(line, len, 0, &jerr);
	if (o == NULL)
		fail_msg("line %zu: %s: %.*s", json_array_size(l->all) + 1,
		    jerr.text, (int)len, line);
	json_array_append_new(l->all, o);
	return ST_OK;
}

static void
export_jsonl(void **state)
{
	struct afx *f = *state;
	struct lines l = { .all = json_array() };
	struct err err = { 0 };
	struct session *lee;
	json_t *o, *rec = NULL;
	long long rows, id;
	size_t i;

	id = record(f, "approved", "Gr\xc3\xbc\xc3\x9f\x65 \"quoted\"\n", false);
	rows = tu_audit_count(f->s);
	assert_int_equal(audit_export(f->s, false, collect_line, &l, &err),
	    ST_OK);
	assert_int_equal(json_array_size(l.all), rows);
	json_array_foreach(l.all, i, o) {
		assert_string_equal(json_string_value(json_object_get(o, "type")),
		    "audit");
		assert_int_equal(json_integer_value(json_object_get(o, "seq")),
		    (long long)i + 1);
		assert_true(json_is_object(json_object_get(o, "detail")));
		assert_int_equal(strlen(json_string_value(json_object_get(o,
		    "hash"))), 64);
		assert_non_null(json_string_value(json_object_get(o, "prev_hash")));
		assert_non_null(json_string_value(json_object_get(o, "at")));
		assert_non_null(json_string_value(json_object_get(o, "actor")));
		assert_non_null(json_string_value(json_object_get(o, "subject")));
		if (strcmp(json_string_value(json_object_get(o, "action")),
		    "approval.record") == 0)
			rec = o;
	}
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    l.all, 0), "prev_hash")), AUDIT_GENESIS);
	assert_non_null(rec);
	json_array_clear(l.all);

	/* With the approvals: each after the chain, its digest the one the
	 * chain recorded. */
	assert_int_equal(audit_export(f->s, true, collect_line, &l, &err),
	    ST_OK);
	assert_int_equal(json_array_size(l.all), rows + 1);
	o = json_array_get(l.all, (size_t)rows);
	assert_string_equal(json_string_value(json_object_get(o, "type")),
	    "approval");
	assert_int_equal(json_integer_value(json_object_get(o, "id")), id);
	assert_string_equal(json_string_value(json_object_get(o, "comment")),
	    "Gr\xc3\xbc\xc3\x9f\x65 \"quoted\"\n");
	assert_string_equal(json_string_value(json_object_get(o, "snapshot")),
	    "{\"summary\":\"Patch now\"}");
	assert_true(json_is_null(json_object_get(o, "signer")));
	rec = json_array_get(l.all, 0);
	for (i = 0; i < (size_t)rows; i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(l.all,
		    i), "action")), "approval.record") == 0)
			rec = json_array_get(l.all, i);
	assert_string_equal(json_string_value(json_object_get(o, "row_digest")),
	    json_string_value(json_object_get(json_object_get(rec, "detail"),
	    "row")));
	json_array_clear(l.all);

	/* A failing writer stops the export with its error. */
	l.fail_at = 2;
	assert_int_equal(audit_export(f->s, true, collect_line, &l, &err),
	    ST_IO);
	assert_string_equal(err.msg, "disk full");
	assert_int_equal(json_array_size(l.all), 1);
	json_array_clear(l.all);
	l.fail_at = 0;

	/* The whole chain names embargoed incidents: admins and SRO only. */
	tu_add_user(f->s, "lee", "approver:legal", "author", NULL);
	lee = tu_open_as(f->dir, "lee");
	assert_int_equal(audit_export(lee, false, collect_line, &l, &err),
	    ST_DENIED);
	assert_non_null(strstr(err.msg, "lee cannot export the audit chain"));
	assert_int_equal(json_array_size(l.all), 0);
	session_close(&lee);
	tu_add_user(f->s, "sue", "sro", NULL);
	lee = tu_open_as(f->dir, "sue");
	assert_int_equal(audit_export(lee, false, collect_line, &l, &err),
	    ST_OK);
	assert_true(json_array_size(l.all) > (size_t)rows);
	session_close(&lee);
	json_decref(l.all);
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
		cmocka_unit_test(digest_is_pinned),
		cmocka_unit_test_setup_teardown(approvals_verify, asetup, ateardown),
		cmocka_unit_test(edited_approval_is_caught),
		cmocka_unit_test_setup_teardown(edited_legacy_approval_is_caught, asetup, ateardown),
		cmocka_unit_test_setup_teardown(forged_approval_is_caught, asetup, ateardown),
		cmocka_unit_test_setup_teardown(deleted_approval_is_caught, asetup, ateardown),
		cmocka_unit_test_setup_teardown(broken_chain_and_approval, asetup, ateardown),
		cmocka_unit_test_setup_teardown(many_forged_approvals, asetup, ateardown),
		cmocka_unit_test_setup_teardown(export_jsonl, asetup, ateardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
