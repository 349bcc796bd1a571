/* tests/unit/test_approval.c - a decision's own checks and how it is
 * written: refusals first, then the row, its audit row and the lists.
 * Which decision may be made is the policy's, tested in test_review. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/approval.h"
#include "core/approval_sign.h"
#include "core/communication.h"
#include "core/content.h"
#include "core/incident.h"
#include "storage/q_audit.h"

#define HASH  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define HASH2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

struct fx {
	struct session *s;          /* ada: admin and author */
	struct session *lee;        /* approver:legal */
	struct session *pat;        /* approver:pr and sro */
	char           *dir;
	long long       comm;       /* an advisory in review at revision 1 */
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err err = { 0 };
	long long incident, v;

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	tu_add_user(f->s, "lee", "approver:legal", NULL);
	tu_add_user(f->s, "pat", "approver:pr", "sro", NULL);
	tu_add_user(f->s, "sam", NULL);
	f->lee = tu_open_as(f->dir, "lee");
	f->pat = tu_open_as(f->dir, "pat");
	incident = tu_incident_new(f->s, &(struct incident_new){
	    .title = "Remote code execution", .trigger_kind = "vulnerability",
	    .severity = "critical" });
	assert_int_equal(communication_create(f->s, &(struct communication_new){
	    .incident_id = incident, .kind = "advisory", .audience = "public",
	    .title = "RCE in the widget", .playbook = "security-advisory",
	    .playbook_version = "3", .playbook_hash = HASH }, &f->comm, &err),
	    ST_OK);
	assert_int_equal(answer_set(f->s, f->comm, "summary", "Patch now", 0, &v,
	    &err), ST_OK);
	assert_int_equal(communication_set_state(f->s, f->comm,
	    tu_communication_version(f->s, f->comm), "in-review", &err), ST_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	session_close(&f->lee);
	session_close(&f->pat);
	tu_session_free(&f->s, &f->dir);
	free(f);
	return 0;
}

static struct approval_new
decision(const struct fx *f)
{
	struct approval_new a = {
		.communication_id = f->comm, .revision = 1,
		.gate = "legal-approval", .role = "approver:legal",
		.decision = "approved", .comment = NULL, .content_hash = HASH2,
		.snapshot = "{\"summary\":\"Patch now\"}",
	};

	return a;
}

static size_t
count_decisions(struct fx *f)
{
	struct rowlist l;
	struct err err = { 0 };
	size_t n;

	assert_int_equal(approval_list_for_communication(f->s, f->comm, &l, &err),
	    ST_OK);
	n = l.count;
	rowlist_free(&l, (row_clear_fn)approval_clear);
	return n;
}

/* Write IN as S in a transaction of its own; the status. */
static enum status
write_one(struct session *s, const struct approval_new *in, long long *id,
    struct err *err)
{
	enum status st;

	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	st = approval_write(s, in, id, err);
	return db_end(s->db, st, err);
}

/* Write IN as S and expect ST with a message mentioning WORD; expect
 * nothing written. */
static void
refuse(struct fx *f, struct session *s, const struct approval_new *in,
    enum status st, const char *word)
{
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), id = -5;

	assert_int_equal(write_one(s, in, &id, &err), st);
	assert_int_equal(err.code, st);
	if (word != NULL && strstr(err.msg, word) == NULL)
		fail_msg("\"%s\" does not mention %s", err.msg, word);
	assert_int_equal(id, -5);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_decisions(f), 0);
}

static void
test_degenerate(void **state)
{
	struct fx *f = *state;
	struct approval_new a;
	struct err err = { 0 };
	char gate[APPROVAL_GATE_MAX + 2];
	char *comment = malloc(APPROVAL_COMMENT_MAX + 2);

	refuse(f, f->lee, NULL, ST_INVALID, NULL);
	a = decision(f); a.communication_id = 0;
	refuse(f, f->lee, &a, ST_INVALID, "communication");
	a = decision(f); a.revision = 0;
	refuse(f, f->lee, &a, ST_INVALID, "revision");
	a = decision(f); a.gate = NULL;
	refuse(f, f->lee, &a, ST_INVALID, "gate");
	a.gate = "";
	refuse(f, f->lee, &a, ST_INVALID, "gate");
	a.gate = "le gal";
	refuse(f, f->lee, &a, ST_INVALID, "gate");
	memset(gate, 'g', sizeof gate - 1);
	gate[sizeof gate - 1] = '\0';
	a.gate = gate;
	refuse(f, f->lee, &a, ST_INVALID, "gate");
	a = decision(f); a.role = NULL;
	refuse(f, f->lee, &a, ST_INVALID, "role");
	a.role = "author";
	refuse(f, f->s, &a, ST_INVALID, "role");
	a.role = "admin";
	refuse(f, f->s, &a, ST_INVALID, "role");
	a = decision(f); a.decision = "maybe";
	refuse(f, f->lee, &a, ST_INVALID, "decision");
	a.decision = NULL;
	refuse(f, f->lee, &a, ST_INVALID, "decision");
	a = decision(f); a.decision = "rejected";
	refuse(f, f->lee, &a, ST_INVALID, "comment");
	a.comment = " \t\n";
	refuse(f, f->lee, &a, ST_INVALID, "comment");
	memset(comment, 'c', APPROVAL_COMMENT_MAX + 1);
	comment[APPROVAL_COMMENT_MAX + 1] = '\0';
	a.comment = comment;
	refuse(f, f->lee, &a, ST_INVALID, "comment");
	a = decision(f); a.content_hash = NULL;
	refuse(f, f->lee, &a, ST_INVALID, "content_hash");
	a.content_hash = "FEDCBA9876543210FEDCBA9876543210"
	    "FEDCBA9876543210FEDCBA9876543210";
	refuse(f, f->lee, &a, ST_INVALID, "content_hash");
	a.content_hash = HASH2 "0";
	refuse(f, f->lee, &a, ST_INVALID, "content_hash");
	a = decision(f); a.snapshot = NULL;
	refuse(f, f->lee, &a, ST_INVALID, "snapshot");
	a.snapshot = "";
	refuse(f, f->lee, &a, ST_INVALID, "snapshot");
	a = decision(f); a.communication_id = f->comm + 40;
	refuse(f, f->lee, &a, ST_NOTFOUND, "communication");
	/* Outside the policy's transaction nothing is written. */
	a = decision(f);
	assert_int_equal(approval_write(f->lee, &a, NULL, &err), ST_INTERNAL);
	assert_int_equal(count_decisions(f), 0);
	/* The decision alone, as the policy checks it first. */
	assert_int_equal(approval_check_decision("approved", NULL, &err), ST_OK);
	assert_int_equal(approval_check_decision("rejected", "", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "say why"));
	assert_int_equal(approval_check_decision("rejected", "Wrong CVE", &err),
	    ST_OK);
	assert_int_equal(approval_check_decision("approve", NULL, &err),
	    ST_INVALID);
	/* The comment limit is inclusive. */
	comment[APPROVAL_COMMENT_MAX] = '\0';
	a = decision(f); a.comment = comment;
	assert_int_equal(write_one(f->lee, &a, NULL, NULL), ST_OK);
	free(comment);
}

static void
test_wrong_role(void **state)
{
	struct fx *f = *state;
	struct session *sam = tu_open_as(f->dir, "sam");
	struct session *zed = tu_open_as(f->dir, "zed");
	struct approval_new a = decision(f);

	/* An admin and author is no approver. */
	refuse(f, f->s, &a, ST_DENIED, "approver:legal");
	refuse(f, sam, &a, ST_DENIED, "approver:legal");
	/* A login herald does not know decides nothing. */
	refuse(f, zed, &a, ST_DENIED, "zed");
	/* Holding one approver role is not holding another. */
	refuse(f, f->lee, &(struct approval_new){ .communication_id = f->comm,
	    .revision = 1, .gate = "pr", .role = "approver:pr",
	    .decision = "approved", .content_hash = HASH2, .snapshot = "{}" },
	    ST_DENIED, "approver:pr");
	refuse(f, f->pat, &a, ST_DENIED, "approver:legal");
	session_close(&sam);
	session_close(&zed);
}

static void
test_write_and_list(void **state)
{
	struct fx *f = *state;
	struct approval_new a = decision(f), r;
	struct approval *p;
	struct rowlist l, al;
	struct audit_row *row;
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), id1 = 0, id2 = 0, id3 = 0;
	char subject[48], digest[65], part[96];

	assert_int_equal(write_one(f->lee, &a, &id1, &err), ST_OK);
	assert_true(id1 > 0);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	snprintf(subject, sizeof subject, "communication:%lld", f->comm);
	assert_int_equal(q_audit_list(f->s->db, subject, NULL, 1, 0, &al, &err),
	    ST_OK);
	assert_int_equal(al.count, 1);
	row = rowlist_at(&al, 0);
	assert_string_equal(row->action, "approval.record");
	assert_string_equal(row->actor, f->lee->actor);
	assert_non_null(strstr(row->detail, HASH2));
	assert_non_null(strstr(row->detail, "\"gate\":\"legal-approval\""));
	assert_non_null(strstr(row->detail, "\"role\":\"approver:legal\""));
	assert_non_null(strstr(row->detail, "\"decision\":\"approved\""));
	assert_non_null(strstr(row->detail, "\"revision\":1"));
	assert_null(strstr(row->detail, "Patch now"));    /* no snapshot */

	/* Same content, another gate and role: the SRO. */
	a.gate = "sro-approval";
	a.role = "sro";
	assert_int_equal(write_one(f->pat, &a, &id2, &err), ST_OK);
	r = decision(f);
	r.gate = "pr-approval";
	r.role = "approver:pr";
	r.decision = "rejected";
	r.comment = "Say which versions are fixed";
	assert_int_equal(write_one(f->pat, &r, &id3, &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 3);

	assert_int_equal(approval_list_for_communication(f->s, f->comm, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 3);
	p = rowlist_at(&l, 0);
	assert_int_equal(p->id, id1);
	assert_int_equal(p->communication_id, f->comm);
	assert_int_equal(p->revision, 1);
	assert_string_equal(p->gate, "legal-approval");
	assert_int_equal(p->approver_id, f->lee->user.id);
	assert_string_equal(p->role, "approver:legal");
	assert_string_equal(p->decision, "approved");
	assert_string_equal(p->comment, "");
	assert_string_equal(p->content_hash, HASH2);
	assert_string_equal(p->snapshot, "{\"summary\":\"Patch now\"}");
	assert_string_equal(p->decided_at, "2026-03-01T12:00:00Z");
	assert_int_equal(p->canon_version, CONTENT_CANON_VERSION);
	/* The audit row carries the stored row's digest: an edit of the
	 * row behind herald's back no longer matches it. */
	approval_row_digest(p, digest);
	snprintf(part, sizeof part, "\"row\":\"%s\"", digest);
	assert_non_null(strstr(row->detail, part));
	rowlist_free(&al, (row_clear_fn)audit_row_clear);
	p = rowlist_at(&l, 1);
	assert_int_equal(p->id, id2);
	assert_int_equal(p->approver_id, f->pat->user.id);
	p = rowlist_at(&l, 2);
	assert_int_equal(p->id, id3);
	assert_string_equal(p->decision, "rejected");
	assert_string_equal(p->comment, "Say which versions are fixed");
	rowlist_free(&l, (row_clear_fn)approval_clear);
	assert_int_equal(approval_list_for_revision(f->s, f->comm, 1, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 3);
	rowlist_free(&l, (row_clear_fn)approval_clear);
	assert_int_equal(approval_list_for_revision(f->s, f->comm, 2, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)approval_clear);
	tu_expect_chain_ok(f->s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_degenerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_and_list, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
