/* tests/unit/test_evaluation.c - the SRO's evaluation: only the SRO
 * starts, comments and signs; one open at a time; comments checked;
 * signing answers every question, records the audit head as it stood
 * before it and the next due date, and is refused twice and over a
 * broken chain; and the compliance report that carries it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"

#include "core/audit.h"
#include "core/clock.h"
#include "core/compliance.h"
#include "core/compliance_report.h"
#include "core/evaluation.h"
#include "core/hash.h"
#include "core/settings.h"
#include "storage/q_evaluation.h"
#include "util/xalloc.h"

#define COMMENT "Two incidents late; owners to review the 48 h clock."
#define SUMMARY "Quarterly walk-through: SUMMARY-TEXT-7"

static const char triggers_sql[] =
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;";

struct fx {
	struct session *ada;       /* admin */
	struct session *sam;       /* sro */
	struct session *pat;       /* author */
	char           *dir;
	char           *db;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->ada = tu_session_new(&f->dir);
	tu_add_user(f->ada, "sam", "sro", NULL);
	tu_add_user(f->ada, "pat", "author", NULL);
	f->sam = tu_open_as(f->dir, "sam");
	f->pat = tu_open_as(f->dir, "pat");
	f->db = tu_path(f->dir, "herald.db");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	session_close(&f->sam);
	session_close(&f->pat);
	tu_session_free(&f->ada, &f->dir);
	free(f->db);
	free(f);
	clock_set_fixed(TU_NOW);
	return 0;
}

static long long
start(struct fx *f)
{
	struct err err = { 0 };
	long long id = 0;

	if (evaluation_start(f->sam, &id, &err) != ST_OK)
		fail_msg("start: %s", err.msg);
	assert_true(id > 0);
	return id;
}

static size_t
n_questions(void)
{
	size_t n;

	compliance_questions(&n);
	return n;
}

/* The item for QUESTION in E, or a failed test. */
static const struct evaluation_item *
item(const struct evaluation *e, const char *question)
{
	const struct evaluation_item *it;
	size_t i;

	for (i = 0; i < e->items.count; i++) {
		it = rowlist_at(&e->items, i);
		if (strcmp(it->question, question) == 0)
			return it;
	}
	fail_msg("no item for %s", question);
	return NULL;
}

/* What someone with the sqlite3 shell could do: lift the guards, change
 * a row of the chain, put the guards back. */
static void
tamper(struct fx *f, const char *sql)
{
	char *all = xasprintf("DROP TRIGGER audit_no_update;"
	    " DROP TRIGGER audit_no_delete; %s; %s", sql, triggers_sql);

	tu_sql_exec(f->db, all);
	free(all);
}

static void
test_nothing_yet(void **state)
{
	struct fx *f = *state;
	struct evaluation e = { 0 };
	struct rowlist l;
	struct err err = { 0 };
	char due[CLOCK_BUFSZ] = "x";
	bool is_overdue = true;

	assert_int_equal(evaluation_next_due(f->pat, TU_NOW, due, &is_overdue,
	    &err), ST_OK);
	assert_string_equal(due, "");
	assert_false(is_overdue);
	assert_int_equal(evaluation_open(f->sam, &e, &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "no evaluation is open"));
	assert_int_equal(evaluation_last_signed(f->sam, &e, &err), ST_NOTFOUND);
	assert_int_equal(evaluation_last_signed_as_seen(f->pat, &e, &err),
	    ST_NOTFOUND);
	assert_int_equal(evaluation_get(f->sam, 999, &e, &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "no evaluation 999"));
	assert_int_equal(evaluation_sign(f->sam, 999, "", TU_NOW, &err),
	    ST_NOTFOUND);
	assert_int_equal(evaluation_comment(f->sam, 999, "notify.sla", "x",
	    &err), ST_NOTFOUND);
	assert_int_equal(evaluation_list(f->sam, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)evaluation_clear);
	evaluation_clear(&e);
}

static void
test_sro_only(void **state)
{
	struct fx *f = *state;
	struct evaluation e = { 0 };
	struct rowlist l;
	struct err err = { 0 };
	long long id = 0, before;

	before = tu_audit_count(f->ada);
	/* An admin is not the SRO, nor is an author. */
	assert_int_equal(evaluation_start(f->ada, &id, &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "only the SRO starts an evaluation"));
	assert_non_null(strstr(err.msg, "herald user grant ada sro"));
	assert_int_equal(evaluation_start(f->pat, &id, &err), ST_DENIED);
	assert_int_equal(tu_count_rows(f->db, "evaluations"), 0);
	assert_int_equal(tu_audit_count(f->ada), before);
	id = start(f);
	assert_int_equal(evaluation_comment(f->ada, id, "notify.sla", "x",
	    &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "only the SRO comments"));
	assert_int_equal(evaluation_sign(f->ada, id, "", TU_NOW, &err),
	    ST_DENIED);
	assert_non_null(strstr(err.msg, "only the SRO signs"));
	assert_int_equal(evaluation_sign(f->pat, id, "", TU_NOW, &err),
	    ST_DENIED);
	/* Admins read; authors do not. */
	assert_int_equal(evaluation_get(f->ada, id, &e, &err), ST_OK);
	evaluation_clear(&e);
	assert_int_equal(evaluation_list(f->ada, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)evaluation_clear);
	assert_int_equal(evaluation_get(f->pat, id, &e, &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "for the SRO and admins"));
	assert_int_equal(evaluation_open(f->pat, &e, &err), ST_DENIED);
	assert_int_equal(evaluation_list(f->pat, 0, &l, &err), ST_DENIED);
	rowlist_free(&l, (row_clear_fn)evaluation_clear);
	evaluation_clear(&e);
}

static void
test_one_open(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };
	long long id, again = 0, other = 0;
	enum status st;

	id = start(f);
	tu_expect_audit(f->sam, f->sam->actor, "evaluation.start", NULL, NULL);
	assert_int_equal(evaluation_start(f->sam, &again, &err), ST_CONFLICT);
	assert_int_equal(again, id);
	assert_non_null(strstr(err.msg, "is open already"));
	assert_int_equal(tu_count_rows(f->db, "evaluations"), 1);
	/* The unique index holds even for a writer that does not look. */
	assert_int_equal(db_begin(f->sam->db, &err), ST_OK);
	st = q_evaluation_insert(f->sam->db, f->sam->user.id,
	    "2026-03-01T12:00:00Z", &other, &err);
	db_end(f->sam->db, ST_INVALID, NULL);
	assert_int_equal(st, ST_EXISTS);
	/* Once signed, the next may start. */
	assert_int_equal(evaluation_sign(f->sam, id, "", TU_NOW, &err), ST_OK);
	again = start(f);
	assert_true(again > id);
}

static void
test_comment_rules(void **state)
{
	struct fx *f = *state;
	struct evaluation e = { 0 };
	const struct evaluation_item *it;
	struct err err = { 0 };
	char *big = xmalloc(EVALUATION_COMMENT_MAX + 2);
	long long id = start(f), before;
	size_t n;

	before = tu_audit_count(f->sam);
	assert_int_equal(evaluation_comment(f->sam, id, "no.such", "x", &err),
	    ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "no question \"no.such\""));
	memset(big, 'a', EVALUATION_COMMENT_MAX + 1);
	big[EVALUATION_COMMENT_MAX + 1] = '\0';
	assert_int_equal(evaluation_comment(f->sam, id, "notify.sla", big,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "comment: at most 4000 characters"));
	assert_int_equal(evaluation_comment(f->sam, id, "notify.sla",
	    "red \x1b[31m text", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "comment:"));
	assert_int_equal(evaluation_comment(f->sam, id, "notify.sla",
	    "bad \xff utf-8", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "comment:"));
	assert_int_equal(tu_audit_count(f->sam), before);
	/* The longest allowed, then the real one over it. */
	big[EVALUATION_COMMENT_MAX] = '\0';
	assert_int_equal(evaluation_comment(f->sam, id, "notify.sla", big,
	    &err), ST_OK);
	assert_int_equal(evaluation_comment(f->sam, id, "notify.sla",
	    COMMENT "\nSecond line.", &err), ST_OK);
	tu_expect_audit_has(f->sam, f->sam->actor, "evaluation.comment", NULL,
	    "\"question\":\"notify.sla\"");
	tu_expect_audit_lacks(f->sam, "Two incidents late");
	assert_int_equal(evaluation_comment(f->sam, id, "ids.messages",
	    "Fine.", &err), ST_OK);
	assert_int_equal(evaluation_open(f->sam, &e, &err), ST_OK);
	assert_int_equal(e.id, id);
	assert_null(e.signed_at);
	/* Every question, in the dashboard's order. */
	assert_int_equal(e.items.count, n_questions());
	it = rowlist_at(&e.items, 0);
	assert_string_equal(it->question, compliance_questions(&n)[0].id);
	it = item(&e, "notify.sla");
	assert_string_equal(it->comment, COMMENT "\nSecond line.");
	assert_string_equal(it->commented_at, "2026-03-01T12:00:00Z");
	/* The answer it was made on is kept beside it. */
	assert_non_null(it->status);
	assert_true(compliance_status_from_name(it->status) >= 0);
	it = item(&e, "lifecycle.notice");
	assert_null(it->status);
	assert_string_equal(it->comment, "");
	assert_int_equal(e.n_comments, 2);
	evaluation_clear(&e);
	/* An empty comment removes it. */
	assert_int_equal(evaluation_comment(f->sam, id, "ids.messages", "",
	    &err), ST_OK);
	tu_expect_audit_has(f->sam, f->sam->actor, "evaluation.comment", NULL,
	    "\"removed\":true");
	assert_int_equal(evaluation_get(f->sam, id, &e, &err), ST_OK);
	it = item(&e, "ids.messages");
	assert_string_equal(it->comment, "");
	assert_null(it->commented_at);
	assert_int_equal(e.n_comments, 1);
	evaluation_clear(&e);
	free(big);
}

static void
test_sign(void **state)
{
	struct fx *f = *state;
	struct evaluation e = { 0 };
	const struct evaluation_item *it;
	struct err err = { 0 };
	char due[CLOCK_BUFSZ], *detail;
	bool is_overdue = true;
	long long id = start(f), other = 0;
	size_t i;

	assert_int_equal(evaluation_comment(f->sam, id, "notify.sla", COMMENT,
	    &err), ST_OK);
	assert_int_equal(evaluation_sign(f->sam, id, SUMMARY, TU_NOW, &err),
	    ST_OK);
	assert_int_equal(evaluation_get(f->sam, id, &e, &err), ST_OK);
	assert_string_equal(e.signed_at, "2026-03-01T12:00:00Z");
	assert_int_equal(e.signed_by, f->sam->user.id);
	assert_string_equal(e.signed_by_login, "sam");
	assert_string_equal(e.summary, SUMMARY);
	/* Quarterly unless configured. */
	assert_string_equal(e.next_due, "2026-06-01T12:00:00Z");
	/* Every question answered, the comment kept. */
	assert_int_equal(e.items.count, n_questions());
	for (i = 0; i < e.items.count; i++) {
		it = rowlist_at(&e.items, i);
		assert_non_null(it->status);
		assert_true(compliance_status_from_name(it->status) >= 0);
		assert_non_null(it->figure);
	}
	assert_int_equal(e.counts[0] + e.counts[1] + e.counts[2] + e.counts[3],
	    (long long)n_questions());
	assert_string_equal(item(&e, "notify.sla")->comment, COMMENT);
	evaluation_clear(&e);
	/* The audit row: the statuses, no texts. */
	detail = tu_last_audit_detail(f->sam);
	tu_expect_audit_has(f->sam, f->sam->actor, "evaluation.sign", NULL,
	    "\"statuses\":{\"access.readability\":");
	assert_non_null(strstr(detail, "\"next_due\":\"2026-06-01T12:00:00Z\""));
	assert_non_null(strstr(detail, "\"texts_sha256\":"));
	free(detail);
	tu_expect_audit_lacks(f->sam, "Two incidents late");
	tu_expect_audit_lacks(f->sam, "SUMMARY-TEXT-7");
	tu_expect_chain_ok(f->sam);
	/* Refused twice, and closed to comments. */
	assert_int_equal(evaluation_sign(f->sam, id, "", TU_NOW, &err),
	    ST_CONFLICT);
	assert_non_null(strstr(err.msg, "was signed by sam"));
	assert_int_equal(evaluation_comment(f->sam, id, "notify.sla", "late",
	    &err), ST_CONFLICT);
	assert_non_null(strstr(err.msg, "comments are closed"));
	/* Last signed and next due. */
	assert_int_equal(evaluation_last_signed(f->sam, &e, &err), ST_OK);
	assert_int_equal(e.id, id);
	evaluation_clear(&e);
	assert_int_equal(evaluation_next_due(f->pat, TU_NOW, due, &is_overdue,
	    &err), ST_OK);
	assert_string_equal(due, "2026-06-01T12:00:00Z");
	assert_false(is_overdue);
	assert_int_equal(evaluation_next_due(f->pat, TU_NOW + 100 * 86400, due,
	    &is_overdue, &err), ST_OK);
	assert_true(is_overdue);
	/* A summary with a control character is refused, naming it. */
	other = start(f);
	assert_int_equal(evaluation_sign(f->sam, other, "bad\x01", TU_NOW,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "summary:"));
}

static void
test_next_due_setting(void **state)
{
	struct fx *f = *state;
	struct evaluation e = { 0 };
	struct err err = { 0 };
	time_t jan31;
	long long id;

	assert_int_equal(setting_set(f->ada, "compliance.evaluation-months",
	    "6", &err), ST_OK);
	id = start(f);
	assert_int_equal(evaluation_sign(f->sam, id, "", TU_NOW, &err), ST_OK);
	assert_int_equal(evaluation_get(f->sam, id, &e, &err), ST_OK);
	assert_string_equal(e.next_due, "2026-09-01T12:00:00Z");
	evaluation_clear(&e);
	/* A month after 31 January is the end of February. */
	assert_int_equal(setting_set(f->ada, "compliance.evaluation-months",
	    "1", &err), ST_OK);
	assert_int_equal(clock_parse("2027-01-31T09:00:00Z", &jan31, &err),
	    ST_OK);
	id = start(f);
	assert_int_equal(evaluation_sign(f->sam, id, "", jan31, &err), ST_OK);
	assert_int_equal(evaluation_get(f->sam, id, &e, &err), ST_OK);
	assert_string_equal(e.signed_at, "2027-01-31T09:00:00Z");
	assert_string_equal(e.next_due, "2027-02-28T09:00:00Z");
	evaluation_clear(&e);
	assert_int_equal(evaluation_last_signed(f->sam, &e, &err), ST_OK);
	assert_int_equal(e.id, id);
	evaluation_clear(&e);
}

static void
test_audit_head_recorded(void **state)
{
	struct fx *f = *state;
	struct audit_report rep;
	struct evaluation e = { 0 };
	struct err err = { 0 };
	char *sql;
	long long id = start(f);

	assert_int_equal(audit_verify(f->sam->db, NULL, &rep, &err), ST_OK);
	assert_int_equal(evaluation_sign(f->sam, id, "", TU_NOW, &err), ST_OK);
	assert_int_equal(evaluation_get(f->sam, id, &e, &err), ST_OK);
	assert_string_equal(e.audit_head, rep.head);
	assert_int_equal(e.audit_seq, rep.count);
	/* The head recorded is the row before the signing's own. */
	sql = xasprintf("SELECT count(*) FROM audit WHERE action ="
	    " 'evaluation.sign' AND seq = %lld AND prev_hash = '%s'",
	    rep.count + 1, rep.head);
	assert_int_equal(tu_sql_int(f->db, sql), 1);
	free(sql);
	assert_int_equal(tu_audit_count(f->sam), rep.count + 1);
	evaluation_clear(&e);
}

static void
test_tampered_chain(void **state)
{
	struct fx *f = *state;
	struct evaluation e = { 0 };
	struct err err = { 0 };
	long long id = start(f), before;
	char *report = NULL;
	json_t *doc;

	before = tu_audit_count(f->sam);
	tamper(f, "UPDATE audit SET detail = '{\"forged\":true}' WHERE seq = 2");
	assert_int_equal(evaluation_sign(f->sam, id, "", TU_NOW, &err),
	    ST_TAMPERED);
	assert_non_null(strstr(err.msg, "cannot be signed over a broken "
	    "record"));
	assert_non_null(strstr(err.msg, "row 2"));
	/* Nothing changed: still open, no signing in the chain. */
	assert_int_equal(evaluation_open(f->sam, &e, &err), ST_OK);
	assert_int_equal(e.id, id);
	assert_null(e.signed_at);
	evaluation_clear(&e);
	assert_int_equal(tu_audit_count(f->sam), before);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM"
	    " evaluation_items WHERE status IS NOT NULL"), 0);
	/* The report says so rather than hide it. */
	assert_int_equal(compliance_report(f->sam, REPORT_JSON, TU_NOW,
	    &report, &err), ST_OK);
	doc = tu_json_load(report);
	assert_true(json_is_false(tu_json_node(doc, "audit/verified")));
	assert_int_equal(json_integer_value(tu_json_node(doc, "audit/rows")),
	    1);
	assert_non_null(strstr(tu_json_str(doc, "audit/problem"), "row 2"));
	json_decref(doc);
	free(report);
}

static void
test_report(void **state)
{
	struct fx *f = *state;
	struct audit_report rep;
	struct err err = { 0 };
	char *report = NULL, *path, *bytes, hex[HASH_HEX_SIZE], *sql;
	size_t len, n, i;
	json_t *doc;
	long long id;

	assert_int_equal(compliance_report_format("md"), REPORT_MD);
	assert_int_equal(compliance_report_format("html"), REPORT_HTML);
	assert_int_equal(compliance_report_format("json"), REPORT_JSON);
	assert_int_equal(compliance_report_format("pdf"), -1);
	assert_int_equal(compliance_report_format(NULL), -1);
	id = start(f);
	assert_int_equal(evaluation_comment(f->sam, id, "notify.sla", COMMENT,
	    &err), ST_OK);
	assert_int_equal(evaluation_sign(f->sam, id, SUMMARY, TU_NOW, &err),
	    ST_OK);
	/* The SRO's report holds the comments; an author's does not. */
	assert_int_equal(compliance_report(f->sam, REPORT_JSON, TU_NOW,
	    &report, &err), ST_OK);
	doc = tu_json_load(report);
	assert_true(json_is_true(tu_json_node(doc, "complete")));
	assert_string_equal(tu_json_str(doc, "evaluation/summary"), SUMMARY);
	assert_string_equal(tu_json_str(doc, "evaluation/signed_by"), "sam");
	compliance_questions(&n);
	assert_int_equal(json_array_size(tu_json_node(doc, "questions")), n);
	for (i = 0; i < n; i++)
		assert_string_equal(json_string_value(json_object_get(
		    json_array_get(tu_json_node(doc, "questions"), i), "id")),
		    compliance_questions(&n)[i].id);
	json_decref(doc);
	free(report);
	assert_int_equal(compliance_report(f->pat, REPORT_JSON, TU_NOW,
	    &report, &err), ST_OK);
	assert_null(strstr(report, "Two incidents late"));
	assert_null(strstr(report, "SUMMARY-TEXT-7"));
	doc = tu_json_load(report);
	assert_true(json_is_false(tu_json_node(doc, "complete")));
	assert_true(json_is_false(tu_json_node(doc,
	    "evaluation/comments_included")));
	assert_string_equal(tu_json_str(doc, "evaluation/signed_by"), "sam");
	json_decref(doc);
	free(report);
	/* Written whole, audited with its hash, the head the row before. */
	assert_int_equal(audit_verify(f->sam->db, NULL, &rep, &err), ST_OK);
	path = tu_path(f->dir, "report.html");
	assert_int_equal(compliance_report_write(f->pat, REPORT_HTML, TU_NOW,
	    path, &err), ST_OK);
	bytes = tu_slurp(path, &len);
	assert_non_null(strstr(bytes, rep.head));
	hash_sha256_hex(bytes, len, hex);
	tu_expect_audit_has(f->pat, f->pat->actor, "compliance.report", NULL,
	    hex);
	sql = xasprintf("SELECT count(*) FROM audit WHERE action ="
	    " 'compliance.report' AND prev_hash = '%s'", rep.head);
	assert_int_equal(tu_sql_int(f->db, sql), 1);
	free(sql);
	free(bytes);
	/* A directory is no file to write. */
	assert_int_equal(compliance_report_write(f->pat, REPORT_MD, TU_NOW,
	    f->dir, &err), ST_IO);
	free(path);
}

/* Text that could break out of each format stays text. */
static void
test_report_escapes(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };
	char *report = NULL;
	const char *p;
	long long id = start(f);

	assert_int_equal(setting_set(f->ada, "publisher.name",
	    "<script>alert(1)</script> [x](javascript:y) | *b*", &err), ST_OK);
	assert_int_equal(evaluation_comment(f->sam, id, "notify.sla",
	    "<img src=x onerror=alert(1)>\n- [link](javascript:z)\n1. one",
	    &err), ST_OK);
	assert_int_equal(evaluation_sign(f->sam, id, "", TU_NOW, &err), ST_OK);
	assert_int_equal(compliance_report(f->sam, REPORT_HTML, TU_NOW, &report,
	    &err), ST_OK);
	assert_null(strstr(report, "<script>"));
	assert_null(strstr(report, "<img"));
	assert_non_null(strstr(report, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	free(report);
	assert_int_equal(compliance_report(f->sam, REPORT_MD, TU_NOW, &report,
	    &err), ST_OK);
	/* The Markdown has no '<' of its own: every one is escaped. */
	for (p = strchr(report, '<'); p != NULL; p = strchr(p + 1, '<'))
		assert_true(p > report && p[-1] == '\\');
	assert_null(strstr(report, "[link]("));
	assert_non_null(strstr(report, "\\<img src=x onerror=alert(1)\\>"));
	assert_non_null(strstr(report, "\\<script\\>"));
	assert_non_null(strstr(report, "> \\- \\[link\\]"));
	assert_non_null(strstr(report, "> 1\\. one"));
	assert_non_null(strstr(report, "\\| \\*b\\*"));
	free(report);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TU_TEST(test_nothing_yet),
		TU_TEST(test_sro_only),
		TU_TEST(test_one_open),
		TU_TEST(test_comment_rules),
		TU_TEST(test_sign),
		TU_TEST(test_next_due_setting),
		TU_TEST(test_audit_head_recorded),
		TU_TEST(test_tampered_chain),
		TU_TEST(test_report),
		TU_TEST(test_report_escapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
