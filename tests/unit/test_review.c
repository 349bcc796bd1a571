/* tests/unit/test_review.c - the approvals policy: who may approve what,
 * quorum and order, staleness, rejection, two approvers at once, what
 * waits for whom, and every decision in the audit chain. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/approval.h"
#include "core/access.h"
#include "core/approval_sign.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/incident.h"
#include "core/preapproval.h"
#include "core/product.h"
#include "core/review.h"
#include "core/template.h"
#include "core/user.h"
#include "core/workflow.h"
#include "storage/q_audit.h"
#include "util/xalloc.h"

/* A playbook NAME with a form, the gates GATES (YAML steps), publication
 * and one Markdown output; its clock runs WITHIN from awareness. */
#define PB(kind, audience, within, gates) \
    "version: \"1\"\n" \
    "title: Review test\n" \
    "kind: " kind "\n" \
    "audience: " audience "\n" \
    TU_PB_FACTS \
    "      - id: summary\n" \
    "        type: text\n" \
    "        label: Summary\n" \
    "        required: true\n" \
    "        variable: true\n" \
    gates \
    "  - id: send\n" \
    "    kind: publish\n" \
    "    title: Publish\n" \
    "    channels: [web]\n" \
    "clocks:\n" \
    "  - id: tell\n" \
    "    title: Tell them\n" \
    "    from: " within "\n" \
    "outputs:\n" \
    "  - id: web\n" \
    "    format: markdown\n" \
    "    title: Web page\n"

#define GATE(id, extra, roles) \
    "  - id: " id "\n" \
    "    kind: gate\n" \
    "    title: Gate " id "\n" \
    extra \
    "    roles: " roles "\n"

#define AWARE_72H "awareness\n    within: 72h"
#define AWARE_24H "awareness\n    within: 24h"
#define STARTED "started\n    within: 96h"

static const struct {
	const char *name;
	const char *text;
} playbooks[] = {
	{ "one-gate", PB("advisory", "public", AWARE_72H,
	    GATE("legal", "", "[approver:legal]")) },
	{ "two-gates", PB("advisory", "public", AWARE_24H,
	    GATE("legal", "", "[approver:legal]")
	    GATE("pr", "", "[approver:pr]")) },
	{ "three-gates", PB("advisory", "public", AWARE_72H,
	    GATE("legal", "", "[approver:legal]")
	    GATE("pr", "", "[approver:pr]")
	    GATE("sro", "", "[sro]")) },
	{ "quorum", PB("advisory", "public", AWARE_72H,
	    GATE("legal", "", "\n      - role: approver:legal\n"
	    "        count: 2")) },
	{ "ordered", PB("advisory", "public", AWARE_72H,
	    GATE("review", "    ordered: true\n",
	    "[approver:legal, approver:pr]")) },
	{ "own", PB("advisory", "public", AWARE_72H,
	    GATE("legal", "    allow-author: true\n", "[approver:legal]")) },
	{ "pre", PB("advisory", "public", AWARE_72H,
	    GATE("legal", "    pre-approvable: true\n", "[approver:legal]")) },
	{ "eol-gate", PB("eol-notice", "customers", STARTED,
	    GATE("legal", "", "[approver:legal]")) },
	/* With notes for staff, which reach no public output. */
	{ "noted", PB("advisory", "public", AWARE_72H,
	    "      - id: notes\n"
	    "        type: text\n"
	    "        label: Notes for staff\n"
	    "        internal: true\n"
	    GATE("legal", "", "[approver:legal]")) },
	{ NULL, NULL },
};

struct fx {
	struct session *s;          /* ada: admin and author */
	struct session *bob;        /* author */
	struct session *ina;        /* author and approver:legal */
	struct session *ivy;        /* author and approver:legal */
	struct session *lee;        /* approver:legal, "Lee Lawson" */
	struct session *liz;        /* approver:legal */
	struct session *pat;        /* approver:pr */
	struct session *lp;         /* approver:legal and approver:pr */
	struct session *olga;       /* sro */
	struct session *sam;        /* no role */
	char           *dir;
	char           *pbdir;
	long long       incident;
	char            ref[32];
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	static const char *const legal[] = { "approver:legal", NULL };
	struct incident inc = { 0 };
	struct err err = { 0 };
	char *text;
	size_t i;

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	tu_add_user(f->s, "bob", "author", NULL);
	tu_add_user(f->s, "ina", "author", "approver:legal", NULL);
	tu_add_user(f->s, "ivy", "author", "approver:legal", NULL);
	assert_int_equal(user_add(f->s, "lee", "Lee Lawson", NULL, legal, NULL,
	    &err), ST_OK);
	tu_add_user(f->s, "liz", "approver:legal", NULL);
	tu_add_user(f->s, "pat", "approver:pr", NULL);
	tu_add_user(f->s, "lp", "approver:legal", "approver:pr", NULL);
	tu_add_user(f->s, "olga", "sro", NULL);
	tu_add_user(f->s, "sam", NULL);
	f->bob = tu_open_as(f->dir, "bob");
	f->ina = tu_open_as(f->dir, "ina");
	f->ivy = tu_open_as(f->dir, "ivy");
	f->lee = tu_open_as(f->dir, "lee");
	f->liz = tu_open_as(f->dir, "liz");
	f->pat = tu_open_as(f->dir, "pat");
	f->lp = tu_open_as(f->dir, "lp");
	f->olga = tu_open_as(f->dir, "olga");
	f->sam = tu_open_as(f->dir, "sam");
	f->pbdir = tu_config_dir(f->dir, "playbooks");
	for (i = 0; playbooks[i].name != NULL; i++) {
		text = xasprintf("playbook: %s\n%s", playbooks[i].name,
		    playbooks[i].text);
		tu_write_yaml(f->pbdir, playbooks[i].name, text);
		free(text);
	}
	tu_import_templates(f->s);
	f->incident = tu_incident_new(f->s, &(struct incident_new){
	    .title = "Widget leaks tokens", .trigger_kind = "vulnerability",
	    .severity = "high", .aware_at = "2026-03-01T10:00:00Z" });
	assert_int_equal(incident_get(f->s, "1", &inc, &err), ST_OK);
	snprintf(f->ref, sizeof f->ref, "%s", inc.ref);
	incident_clear(&inc);
	tu_sql_exec(db_path(f->s->db),
	    "INSERT INTO products (slug, name, created_at, updated_at) VALUES"
	    " ('widget', 'Widget', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
	    "INSERT INTO cycles (product_id, cycle, eol, created_at, updated_at)"
	    " VALUES (1, '4.2', '2027-06-30', '2026-01-01T00:00:00Z',"
	    " '2026-01-01T00:00:00Z');");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	session_close(&f->bob);
	session_close(&f->ina);
	session_close(&f->ivy);
	session_close(&f->lee);
	session_close(&f->liz);
	session_close(&f->pat);
	session_close(&f->lp);
	session_close(&f->olga);
	session_close(&f->sam);
	tu_session_free(&f->s, &f->dir);
	free(f->pbdir);
	free(f);
	return 0;
}

/* ---- helpers ---- */

static long long
count_approvals(struct fx *f)
{
	return tu_count_rows(db_path(f->s->db), "approvals");
}

/* Start PB about REF as AS (its summary SUMMARY), do its form and send
 * it for review; returns its id. */
static long long
submitted_about(struct session *as, const char *ref, const char *pb,
    const char *summary)
{
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	long long id = tu_comm_start(as, ref, pb, NULL, 1);

	tu_comm_set(as, id, "summary", summary);
	if (tu_comm_step_done(as, id, "facts", &err) != ST_OK)
		fail_msg("facts: %s", err.msg);
	tu_comm_open(as, id, &d);
	if (comm_submit(as, &d, &err) != ST_OK)
		fail_msg("submit: %s", err.msg);
	comm_doc_clear(&d);
	return id;
}

/* Bob's communication of playbook PB about the fixture's incident. */
static long long
submitted(struct fx *f, const char *pb, const char *summary)
{
	return submitted_about(f->bob, f->ref, pb, summary);
}

/* S's DECISION on GATE (NULL: theirs) of ID at the content now (HASH
 * NULL) or at HASH, with COMMENT. */
static enum status
decide_at(struct session *s, long long id, const char *gate,
    const char *decision, const char *comment, const char *hash,
    long long *aid, struct err *err)
{
	struct comm_doc d = { 0 };
	enum status st;

	tu_comm_open(s, id, &d);
	st = approval_decide(s, &d, &(struct decision){ .gate = gate,
	    .decision = decision, .comment = comment, .content_hash = hash },
	    aid, err);
	comm_doc_clear(&d);
	return st;
}

/* S approves GATE of ID, or the test fails; returns the approval's id. */
static long long
approve(struct session *s, long long id, const char *gate)
{
	struct err err = { 0 };
	long long aid = 0;

	if (decide_at(s, id, gate, "approved", NULL, NULL, &aid, &err) != ST_OK)
		fail_msg("%s approves %s: %s", s->login, gate != NULL ? gate :
		    "(theirs)", err.msg);
	assert_true(aid > 0);
	return aid;
}

/* S's DECISION on GATE of ID is refused with ST and a message holding
 * WORDS; nothing is written. */
static void
refused(struct fx *f, struct session *s, long long id, const char *gate,
    const char *decision, const char *comment, enum status st,
    const char *words)
{
	struct err err = { 0 };
	long long n = count_approvals(f), audit = tu_audit_count(f->s);
	long long aid = -7;

	assert_int_equal(decide_at(s, id, gate, decision, comment, NULL, &aid,
	    &err), st);
	if (words != NULL && strstr(err.msg, words) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", err.msg, words);
	assert_int_equal(aid, -7);
	assert_int_equal(count_approvals(f), n);
	assert_int_equal(tu_audit_count(f->s), audit);
}

/* The review of ID as S sees it; review_clear() and comm_doc_clear(). */
static void
load(struct session *s, long long id, struct comm_doc *d, struct review *r)
{
	struct err err = { 0 };

	tu_comm_open(s, id, d);
	if (review_load(s, d, r, &err) != ST_OK)
		fail_msg("review %lld: %s", id, err.msg);
}

static const struct gate_status *
gate_of(const struct review *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n_gates; i++)
		if (strcmp(r->gates[i].step->id, id) == 0)
			return &r->gates[i];
	fail_msg("no gate %s", id);
	return NULL;
}

static void
expect_contains(const char *text, const char *part)
{
	if (strstr(text, part) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", text, part);
}

/* The newest audit row of ACTION about communication ID; its detail
 * (caller frees), or NULL when there is none. */
static char *
audit_detail_of(struct fx *f, long long id, const char *action)
{
	struct rowlist l;
	const struct audit_row *a;
	struct err err = { 0 };
	char subject[48], *out = NULL;
	size_t i;

	snprintf(subject, sizeof subject, "communication:%lld", id);
	assert_int_equal(q_audit_list(f->s->db, subject, NULL, 0, 0, &l, &err),
	    ST_OK);
	for (i = 0; i < l.count && out == NULL; i++) {
		a = rowlist_at(&l, i);
		if (strcmp(a->action, action) == 0)
			out = xstrdup(a->detail);
	}
	rowlist_free(&l, (row_clear_fn)audit_row_clear);
	return out;
}

static long long
count_audit(struct fx *f, long long id, const char *action,
    const char *detail_part)
{
	char sql[400];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE subject ="
	    " 'communication:%lld' AND action = '%s' AND detail LIKE '%%%s%%'",
	    id, action, detail_part != NULL ? detail_part : "");
	return tu_sql_int(db_path(f->s->db), sql);
}

/* ---- separation of duties ---- */

static void
test_author_excluded(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	struct affected_new an = { .incident_id = f->incident, .product_id = 1,
	    .status = "known_affected" };
	struct err err = { 0 };
	long long id = submitted(f, "one-gate", "Tokens leak");

	/* Ina edits it in review: it stays there, and she is an editor. */
	tu_comm_set(f->ina, id, "summary", "Tokens leak in logs");
	tu_comm_expect_state(f->s, id, "in-review");
	refused(f, f->ina, id, NULL, "approved", NULL, ST_DENIED,
	    "ina edited this revision, so cannot approve it");
	refused(f, f->ina, id, "legal", "approved", NULL, ST_DENIED,
	    "edited this revision");
	/* Nor reject it: she would be deciding on her own words. */
	refused(f, f->ina, id, "legal", "rejected", "no", ST_DENIED,
	    "edited this revision");
	/* Bob started it and holds no approver role at all. */
	refused(f, f->bob, id, NULL, "approved", NULL, ST_DENIED,
	    "bob holds none of the roles");
	/* Ivy only changed the products the incident affects. */
	assert_int_equal(affected_add(f->ivy, &an, NULL, &err), ST_OK);
	refused(f, f->ivy, id, NULL, "approved", NULL, ST_DENIED,
	    "ivy edited this revision");
	load(f->lee, id, &d, &r);
	assert_int_equal(r.n_editors, 3);       /* bob, ina, ivy */
	review_clear(&r);
	comm_doc_clear(&d);
	/* Someone who did not edit it approves it. */
	approve(f->lee, id, NULL);
	tu_comm_expect_state(f->s, id, "approved");

	/* A gate that allows it lets an editor approve. */
	id = submitted_about(f->ina, f->ref, "own", "Tokens leak");
	approve(f->ina, id, "legal");
	tu_comm_expect_state(f->s, id, "approved");
	tu_expect_chain_ok(f->s);
}

static void
test_quorum(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	const struct gate_status *g;
	long long id = submitted(f, "quorum", "Tokens leak"), first;
	char word[64];

	first = approve(f->lee, id, NULL);
	tu_comm_expect_state(f->s, id, "in-review");
	load(f->liz, id, &d, &r);
	g = gate_of(&r, "legal");
	assert_int_equal(g->state, GATE_WAITING);
	assert_int_equal(g->roles[0].have, 1);
	assert_int_equal(g->roles[0].need, 2);
	expect_contains(g->note, "waiting for approver:legal (1 of 2)");
	assert_false(r.is_satisfied);
	review_clear(&r);
	comm_doc_clear(&d);
	/* The same person twice is still one. */
	snprintf(word, sizeof word, "approval %lld", first);
	refused(f, f->lee, id, NULL, "approved", NULL, ST_DENIED,
	    "nobody approves twice");
	refused(f, f->lee, id, "legal", "approved", NULL, ST_DENIED, word);
	tu_comm_expect_state(f->s, id, "in-review");
	approve(f->liz, id, NULL);
	tu_comm_expect_state(f->s, id, "approved");
	tu_expect_chain_ok(f->s);
}

static void
test_order(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	struct rowlist l;
	const struct gate_status *g;
	struct err err = { 0 };
	long long id = submitted(f, "ordered", "Tokens leak");

	load(f->pat, id, &d, &r);
	g = gate_of(&r, "review");
	assert_false(g->roles[0].is_blocked);
	assert_true(g->roles[1].is_blocked);
	expect_contains(g->note, "approver:pr decides after approver:legal");
	review_clear(&r);
	comm_doc_clear(&d);
	/* PR may not go first, and it does not wait for them yet. */
	refused(f, f->pat, id, NULL, "approved", NULL, ST_INVALID,
	    "gate review decides in order: approver:legal approves before "
	    "approver:pr");
	assert_int_equal(approvals_waiting(f->pat, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)waiting_clear);
	approve(f->lee, id, NULL);
	tu_comm_expect_state(f->s, id, "in-review");
	assert_int_equal(approvals_waiting(f->pat, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)waiting_clear);
	approve(f->pat, id, NULL);
	tu_comm_expect_state(f->s, id, "approved");
	tu_expect_chain_ok(f->s);
}

static void
test_one_person_one_gate(void **state)
{
	struct fx *f = *state;
	long long id = submitted(f, "two-gates", "Tokens leak");

	approve(f->lp, id, "legal");
	refused(f, f->lp, id, "pr", "approved", NULL, ST_DENIED,
	    "one person's approval counts once");
	refused(f, f->lp, id, NULL, "approved", NULL, ST_DENIED,
	    "lp approved gate legal of this content already");
	tu_comm_expect_state(f->s, id, "in-review");
	approve(f->pat, id, "pr");
	tu_comm_expect_state(f->s, id, "approved");
}

static void
test_roles(void **state)
{
	struct fx *f = *state;
	long long id = submitted(f, "two-gates", "Tokens leak");

	refused(f, f->pat, id, "legal", "approved", NULL, ST_DENIED,
	    "pat does not hold approver:legal, which gate legal asks for");
	refused(f, f->sam, id, NULL, "approved", NULL, ST_DENIED,
	    "sam holds none of the roles");
	refused(f, f->s, id, NULL, "approved", NULL, ST_DENIED, "ada");
	/* The SRO decides only where a gate asks for the SRO. */
	refused(f, f->olga, id, "legal", "approved", NULL, ST_DENIED,
	    "olga does not hold approver:legal");
	refused(f, f->olga, id, "legal", "rejected", "No.", ST_DENIED,
	    "olga does not hold");
	refused(f, f->lee, id, "nope", "approved", NULL, ST_INVALID,
	    "gate nope: communication");
	refused(f, f->lee, id, "nope", "approved", NULL, ST_INVALID,
	    "its gates: legal, pr");
	refused(f, f->lee, id, "legal", "maybe", NULL, ST_INVALID, "decision");
	tu_comm_expect_state(f->s, id, "in-review");

	id = submitted(f, "three-gates", "Tokens leak");
	approve(f->olga, id, "sro");
	tu_comm_expect_state(f->s, id, "in-review");
}

static void
test_unknown_login(void **state)
{
	struct fx *f = *state;
	struct session *zed = tu_open_as(f->dir, "zed");
	struct rowlist l;
	struct err err = { 0 };
	long long id = submitted(f, "one-gate", "Tokens leak");

	refused(f, zed, id, NULL, "approved", NULL, ST_DENIED,
	    "zed is not a herald user");
	refused(f, zed, id, "legal", "rejected", "No.", ST_DENIED,
	    "zed is not a herald user");
	assert_int_equal(approvals_waiting(zed, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)waiting_clear);
	assert_int_equal(review_returned(zed, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)approval_returned_clear);
	session_close(&zed);
	tu_comm_expect_state(f->s, id, "in-review");
}

/* ---- staleness ---- */

static void
test_stale_after_edit(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	struct rowlist l;
	const struct gate_status *g;
	const struct waiting *w;
	struct err err = { 0 };
	long long id = submitted(f, "two-gates", "Tokens leak"), a1, a2, a3;
	char *detail, word[64], sql[160];

	a1 = approve(f->lee, id, "legal");
	a2 = approve(f->pat, id, "pr");
	tu_comm_expect_state(f->s, id, "approved");
	/* An edit after both: they no longer hold, and say so. */
	tu_comm_set(f->bob, id, "summary", "Tokens leak in build logs");
	tu_comm_expect_state(f->s, id, "in-review");
	detail = audit_detail_of(f, id, "approval.stale");
	assert_non_null(detail);
	snprintf(word, sizeof word, "\"approvals\":[%lld,%lld]", a1, a2);
	expect_contains(detail, word);
	expect_contains(detail, "\"gates\":[\"legal\",\"pr\"]");
	expect_contains(detail, "\"cause\":\"answer summary\"");
	free(detail);
	assert_int_equal(count_audit(f, id, "communication.state",
	    "\"reason\":\"edited\""), 1);

	load(f->lee, id, &d, &r);
	g = gate_of(&r, "legal");
	assert_int_equal(g->state, GATE_WAITING);
	assert_int_equal(g->roles[0].have, 0);
	assert_int_equal(g->roles[0].stale, 1);
	assert_string_equal(g->stale_who, "Lee Lawson");
	expect_contains(g->note, "stale: Lee Lawson must look again");
	expect_contains(gate_of(&r, "pr")->note, "stale: pat must look again");
	assert_non_null(r.last_approval);
	assert_int_equal(r.last_approval->id, a2);
	assert_true(review_is_stale(&r, r.last_approval));
	assert_false(r.is_satisfied);
	review_clear(&r);
	comm_doc_clear(&d);

	/* Publishing refuses, naming the gates and who must look again. */
	tu_comm_open(f->s, id, &d);
	assert_int_equal(review_require_satisfied(f->s, &d, &err), ST_INVALID);
	expect_contains(err.msg, "gate legal is stale since an edit: Lee "
	    "Lawson must approve again");
	expect_contains(err.msg, "gate pr is stale since an edit: pat must "
	    "approve again");
	/* Even when its state says approved (written behind herald's
	 * back). */
	snprintf(sql, sizeof sql, "UPDATE communications SET state ="
	    " 'approved' WHERE id = %lld", id);
	tu_sql_exec(db_path(f->s->db), sql);
	assert_int_equal(comm_publish(f->s, &d, &err), ST_INVALID);
	expect_contains(err.msg, "cannot be published: gate legal is stale "
	    "since an edit: Lee Lawson must approve again");
	tu_comm_expect_state(f->s, id, "approved");
	snprintf(sql, sizeof sql, "UPDATE communications SET state ="
	    " 'in-review' WHERE id = %lld", id);
	tu_sql_exec(db_path(f->s->db), sql);
	comm_doc_clear(&d);

	/* It waits for Lee again, with a diff to show. */
	assert_int_equal(approvals_waiting(f->lee, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	w = rowlist_at(&l, 0);
	assert_int_equal(w->comm_id, id);
	assert_string_equal(w->gate, "legal");
	assert_true(w->was_approved);
	rowlist_free(&l, (row_clear_fn)waiting_clear);
	a3 = approve(f->lee, id, "legal");
	tu_comm_expect_state(f->s, id, "in-review");

	/* Back to the words both approved: their first approvals hold
	 * again, Lee's second does not, and it is approved. */
	tu_comm_set(f->bob, id, "summary", "Tokens leak");
	tu_comm_expect_state(f->s, id, "approved");
	detail = audit_detail_of(f, id, "approval.stale");
	snprintf(word, sizeof word, "\"approvals\":[%lld]", a3);
	expect_contains(detail, word);
	free(detail);
	tu_expect_chain_ok(f->s);
}

static void
test_edit_that_changes_nothing_out(void **state)
{
	struct fx *f = *state;
	long long id = submitted(f, "one-gate", "Tokens leak");
	long long before;

	approve(f->lee, id, NULL);
	tu_comm_expect_state(f->s, id, "approved");
	/* Setting the value it has changes nothing at all. */
	before = tu_audit_count(f->s);
	tu_comm_set(f->bob, id, "summary", "Tokens leak");
	assert_int_equal(tu_audit_count(f->s), before);
	tu_comm_expect_state(f->s, id, "approved");
	assert_int_equal(count_audit(f, id, "approval.stale", NULL), 0);
}

/* An approver who edits what reaches no output: the words are the same,
 * but they edited this revision, so their approval no longer counts and
 * it is back in review for someone else. */
static void
test_edit_by_approver_same_words(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	long long id = submitted(f, "noted", "Tokens leak");
	char hash[65];

	approve(f->ina, id, "legal");
	tu_comm_expect_state(f->s, id, "approved");
	load(f->s, id, &d, &r);
	snprintf(hash, sizeof hash, "%s", r.content.hash);
	review_clear(&r);
	comm_doc_clear(&d);
	tu_comm_set(f->ina, id, "notes", "Call the customer first.");
	load(f->s, id, &d, &r);
	assert_string_equal(r.content.hash, hash);
	assert_int_equal(gate_of(&r, "legal")->state, GATE_WAITING);
	assert_false(r.is_satisfied);
	review_clear(&r);
	comm_doc_clear(&d);
	tu_comm_expect_state(f->s, id, "in-review");
	assert_int_equal(count_audit(f, id, "approval.stale", NULL), 0);
	refused(f, f->ina, id, "legal", "approved", NULL, ST_DENIED,
	    "ina edited this revision");
	approve(f->liz, id, "legal");
	tu_comm_expect_state(f->s, id, "approved");
	tu_expect_chain_ok(f->s);
}

static void
test_conflict(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	struct err err = { 0 };
	long long id = submitted(f, "one-gate", "Tokens leak"), n, audit;
	char hash[65];

	load(f->lee, id, &d, &r);
	snprintf(hash, sizeof hash, "%s", r.content.hash);
	review_clear(&r);
	/* Bob edits while Lee reads. */
	tu_comm_set(f->bob, id, "summary", "Tokens leak in logs");
	n = count_approvals(f);
	audit = tu_audit_count(f->s);
	assert_int_equal(approval_decide(f->lee, &d, &(struct decision){
	    .decision = "approved", .content_hash = hash }, NULL, &err),
	    ST_CONFLICT);
	expect_contains(err.msg, "changed since you read it");
	assert_int_equal(count_approvals(f), n);
	assert_int_equal(tu_audit_count(f->s), audit);
	comm_doc_clear(&d);
	/* Read again, then decided. */
	load(f->lee, id, &d, &r);
	assert_string_not_equal(r.content.hash, hash);
	assert_int_equal(approval_decide(f->lee, &d, &(struct decision){
	    .decision = "approved", .content_hash = r.content.hash }, NULL,
	    &err), ST_OK);
	review_clear(&r);
	comm_doc_clear(&d);
	tu_comm_expect_state(f->s, id, "approved");
}

/* ---- rejection ---- */

static void
test_rejection(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	struct rowlist l;
	const struct approval_returned *ret;
	struct err err = { 0 };
	long long id = submitted(f, "two-gates", "Tokens leak"), rid = 0;
	char *detail;

	approve(f->lee, id, "legal");
	refused(f, f->pat, id, "pr", "rejected", NULL, ST_INVALID,
	    "comment: say why you reject it");
	refused(f, f->pat, id, "pr", "rejected", " \n", ST_INVALID,
	    "comment");
	assert_int_equal(decide_at(f->pat, id, "pr", "rejected",
	    "Name the fixed versions", NULL, &rid, &err), ST_OK);
	assert_true(rid > 0);
	tu_comm_expect_state(f->s, id, "draft");
	assert_int_equal(count_audit(f, id, "communication.state",
	    "\"reason\":\"rejected\""), 1);
	detail = audit_detail_of(f, id, "approval.record");
	expect_contains(detail, "\"decision\":\"rejected\"");
	expect_contains(detail, "\"gate\":\"pr\"");
	/* The comment is free text: its row holds it, the chain does not. */
	assert_null(strstr(detail, "Name the fixed versions"));
	assert_null(strstr(detail, "comment"));
	free(detail);

	/* Its author finds it, with the comment, on the incident ... */
	load(f->bob, id, &d, &r);
	assert_non_null(r.rejection);
	assert_int_equal(r.rejection->id, rid);
	assert_string_equal(r.rejection->comment, "Name the fixed versions");
	assert_int_equal(r.rejection->approver_id, f->pat->user.id);
	review_clear(&r);
	comm_doc_clear(&d);
	/* ... and on the home screen; no one else does. */
	assert_int_equal(review_returned(f->bob, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	ret = rowlist_at(&l, 0);
	assert_int_equal(ret->comm_id, id);
	assert_string_equal(ret->about, f->ref);
	assert_string_equal(ret->approver_login, "pat");
	assert_string_equal(ret->rejection.gate, "pr");
	assert_string_equal(ret->rejection.comment, "Name the fixed versions");
	rowlist_free(&l, (row_clear_fn)approval_returned_clear);
	assert_int_equal(review_returned(f->lee, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)approval_returned_clear);

	/* A draft is not decided on. */
	refused(f, f->liz, id, NULL, "approved", NULL, ST_INVALID,
	    "is draft: decisions are made while it is in review");

	/* Sent again unchanged: Lee's approval of these words holds. */
	tu_comm_open(f->bob, id, &d);
	assert_int_equal(comm_submit(f->bob, &d, &err), ST_OK);
	comm_doc_clear(&d);
	tu_comm_expect_state(f->s, id, "in-review");
	assert_int_equal(review_returned(f->bob, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)approval_returned_clear);
	load(f->bob, id, &d, &r);
	assert_null(r.rejection);
	assert_int_equal(gate_of(&r, "legal")->state, GATE_PASSED);
	review_clear(&r);
	comm_doc_clear(&d);
	approve(f->pat, id, "pr");
	tu_comm_expect_state(f->s, id, "approved");
	tu_expect_chain_ok(f->s);
}

/* A rejection on a gate that had passed ends that round: sent again
 * unchanged, the gate waits for its approvers to look again. */
static void
test_rejection_reopens_gate(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	struct err err = { 0 };
	long long id = submitted(f, "two-gates", "Tokens leak");

	approve(f->lee, id, "legal");
	assert_int_equal(decide_at(f->liz, id, "legal", "rejected",
	    "The impact is overstated", NULL, NULL, &err), ST_OK);
	tu_comm_expect_state(f->s, id, "draft");
	tu_comm_open(f->bob, id, &d);
	assert_int_equal(comm_submit(f->bob, &d, &err), ST_OK);
	comm_doc_clear(&d);
	load(f->bob, id, &d, &r);
	assert_int_equal(gate_of(&r, "legal")->state, GATE_WAITING);
	review_clear(&r);
	comm_doc_clear(&d);
	/* Lee may look again and approve the same words. */
	approve(f->lee, id, "legal");
	approve(f->pat, id, "pr");
	tu_comm_expect_state(f->s, id, "approved");
}

/* ---- gates and the chain ---- */

static void
test_approved_only_when_all_pass(void **state)
{
	struct fx *f = *state;
	struct rowlist l;
	const struct approval *a;
	struct err err = { 0 };
	long long id = submitted(f, "three-gates", "Tokens leak");
	char digest[65], part[96], *detail;
	size_t i;

	approve(f->lee, id, "legal");
	tu_comm_expect_state(f->s, id, "in-review");
	approve(f->pat, id, "pr");
	tu_comm_expect_state(f->s, id, "in-review");
	refused(f, f->liz, id, "legal", "approved", NULL, ST_INVALID,
	    "gate legal has passed already");
	assert_int_equal(count_audit(f, id, "communication.state",
	    "\"to\":\"approved\""), 0);
	approve(f->olga, id, "sro");
	tu_comm_expect_state(f->s, id, "approved");
	assert_int_equal(count_audit(f, id, "communication.state",
	    "\"reason\":\"every gate is satisfied\""), 1);
	/* Nothing more to decide once approved. */
	refused(f, f->liz, id, NULL, "approved", NULL, ST_INVALID,
	    "is approved: decisions are made while it is in review");

	/* Each decision is in the chain, tied to its row by its digest. */
	assert_int_equal(approval_list_for_communication(f->s, id, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 3);
	for (i = 0; i < l.count; i++) {
		a = rowlist_at(&l, i);
		assert_int_equal(a->canon_version, CONTENT_CANON_VERSION);
		assert_int_equal(a->revision, 1);
		assert_true(strlen(a->snapshot) > 10);
		approval_row_digest(a, digest);
		snprintf(part, sizeof part, "\"row\":\"%s\"", digest);
		assert_int_equal(count_audit(f, id, "approval.record", part), 1);
		snprintf(part, sizeof part, "\"content_hash\":\"%s\"",
		    a->content_hash);
		assert_int_equal(count_audit(f, id, "approval.record", part), 3);
	}
	rowlist_free(&l, (row_clear_fn)approval_clear);
	detail = audit_detail_of(f, id, "approval.record");
	expect_contains(detail, "\"role\":\"sro\"");
	expect_contains(detail, "\"revision\":1");
	free(detail);
	tu_expect_chain_ok(f->s);

	/* Published: the gates held at the words that went out. */
	tu_comm_publish(f->bob, id);
	tu_comm_expect_state(f->s, id, "published");
}

/* ---- two approvers at the same moment ---- */

/* In a child: open DIR's database as LOGIN, read ID, wait for the word
 * on GO, approve what was read; exit with the status (100 and up: the
 * set-up failed). */
static void
child_approve(const char *dir, const char *login, long long id, int go)
{
	struct session_opts o = { .mode = DB_WRITE, .as_login = login };
	struct session *s = NULL;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	struct err err = { 0 };
	enum status st;
	char c, *path = xasprintf("%s/herald.db", dir);

	o.path = path;
	if (session_open(&o, &s, &err) != ST_OK)
		_exit(100);
	if (comm_open(s, id, &d, &err) != ST_OK ||
	    review_load(s, &d, &r, &err) != ST_OK)
		_exit(101);
	if (read(go, &c, 1) != 1)
		_exit(102);
	st = approval_decide(s, &d, &(struct decision){ .decision = "approved",
	    .content_hash = r.content.hash }, NULL, &err);
	if (st != ST_OK)
		fprintf(stderr, "%s: %s\n", login, err.msg);
	_exit((int)st);
}

/* LOGIN_A and LOGIN_B approve ID at once; their exit statuses. */
static void
race(struct fx *f, long long id, const char *login_a, const char *login_b,
    int *st_a, int *st_b)
{
	int go[2], ws;
	pid_t a, b;

	assert_int_equal(pipe(go), 0);
	if ((a = fork()) == 0) {
		close(go[1]);
		child_approve(f->dir, login_a, id, go[0]);
	}
	if ((b = fork()) == 0) {
		close(go[1]);
		child_approve(f->dir, login_b, id, go[0]);
	}
	assert_true(a > 0 && b > 0);
	close(go[0]);
	/* Both have read the communication by now, or will as they go;
	 * one write releases both. */
	assert_int_equal(write(go[1], "gg", 2), 2);
	close(go[1]);
	assert_int_equal(waitpid(a, &ws, 0), a);
	assert_true(WIFEXITED(ws));
	*st_a = WEXITSTATUS(ws);
	assert_int_equal(waitpid(b, &ws, 0), b);
	assert_true(WIFEXITED(ws));
	*st_b = WEXITSTATUS(ws);
}

static void
test_two_at_once(void **state)
{
	struct fx *f = *state;
	long long id;
	int a, b, round;

	for (round = 0; round < 3; round++) {
		/* Two gates, two people: both are recorded, and it becomes
		 * approved once, by whoever came second. */
		id = submitted(f, "two-gates", "Tokens leak");
		race(f, id, "lee", "pat", &a, &b);
		assert_int_equal(a, ST_OK);
		assert_int_equal(b, ST_OK);
		tu_comm_expect_state(f->s, id, "approved");
		assert_int_equal(count_audit(f, id, "approval.record", NULL), 2);
		assert_int_equal(count_audit(f, id, "communication.state",
		    "\"to\":\"approved\""), 1);

		/* One gate, two who may pass it: one is recorded, the other
		 * refused cleanly. */
		id = submitted(f, "one-gate", "Tokens leak");
		race(f, id, "lee", "liz", &a, &b);
		assert_true((a == ST_OK && b == ST_INVALID) ||
		    (a == ST_INVALID && b == ST_OK));
		tu_comm_expect_state(f->s, id, "approved");
		assert_int_equal(count_audit(f, id, "approval.record", NULL), 1);
		assert_int_equal(count_audit(f, id, "communication.state",
		    "\"to\":\"approved\""), 1);
	}
	tu_expect_chain_ok(f->s);
}

/* ---- what waits ---- */

static void
test_waiting(void **state)
{
	struct fx *f = *state;
	struct rowlist l;
	const struct waiting *w;
	struct incident inc = { 0 };
	struct err err = { 0 };
	long long first, second, embargoed, eol, ids[2];
	size_t n = 0;

	first = submitted(f, "one-gate", "Tokens leak");      /* 72 h */
	clock_set_fixed(TU_NOW + 60);
	second = submitted(f, "two-gates", "Tokens leak");    /* 24 h */
	/* An incident under embargo, which Lee is not named on. */
	assert_int_equal(incident_create(f->s, &(struct incident_new){
	    .title = "Quiet fix", .trigger_kind = "vulnerability",
	    .severity = "high", .embargo_until = "2026-06-01T00:00:00Z" },
	    &inc, &err), ST_OK);
	embargoed = submitted_about(f->s, inc.ref, "three-gates",
	    "Quiet fix");
	incident_clear(&inc);
	/* An end-of-life notice: about a release cycle, no incident. */
	assert_int_equal(comm_start(f->bob, &(struct comm_start){
	    .cycle = "widget 4.2", .playbook = "eol-gate" }, ids, 2, &n, &err),
	    ST_OK);
	eol = ids[0];
	tu_comm_set(f->bob, eol, "summary", "Widget 4.2 ends");
	assert_int_equal(tu_comm_step_done(f->bob, eol, "facts", &err), ST_OK);
	{
		struct comm_doc d = { 0 };

		tu_comm_open(f->bob, eol, &d);
		assert_int_equal(comm_submit(f->bob, &d, &err), ST_OK);
		comm_doc_clear(&d);
	}

	/* lp holds legal and PR: the nearest clock first. */
	assert_int_equal(approvals_waiting(f->lp, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	w = rowlist_at(&l, 0);
	assert_int_equal(w->comm_id, second);
	assert_string_equal(w->gate, "legal");
	assert_string_equal(w->role, "approver:legal");
	assert_string_equal(w->ref, f->ref);
	assert_string_equal(w->due_at, "2026-03-02T10:00:00Z");
	assert_false(w->was_approved);
	w = rowlist_at(&l, 1);
	assert_int_equal(w->comm_id, first);
	assert_string_equal(w->due_at, "2026-03-04T10:00:00Z");
	assert_string_equal(w->submitted_at, "2026-03-01T12:00:00Z");
	w = rowlist_at(&l, 2);
	assert_int_equal(w->comm_id, eol);
	assert_string_equal(w->ref, "widget 4.2");
	assert_string_equal(w->kind, "eol-notice");
	rowlist_free(&l, (row_clear_fn)waiting_clear);

	/* The SRO sees the embargoed one; only its sro gate is theirs. */
	assert_int_equal(approvals_waiting(f->olga, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	w = rowlist_at(&l, 0);
	assert_int_equal(w->comm_id, embargoed);
	assert_string_equal(w->gate, "sro");
	rowlist_free(&l, (row_clear_fn)waiting_clear);
	/* Pat waits on the PR gates only; not on what he may not see. */
	assert_int_equal(approvals_waiting(f->pat, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	assert_int_equal(((struct waiting *)rowlist_at(&l, 0))->comm_id,
	    second);
	rowlist_free(&l, (row_clear_fn)waiting_clear);
	/* Once decided, it waits for them no more. */
	approve(f->lp, second, "legal");
	assert_int_equal(approvals_waiting(f->lp, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	rowlist_free(&l, (row_clear_fn)waiting_clear);
	/* Authors and people without roles wait for nothing. */
	assert_int_equal(approvals_waiting(f->bob, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)waiting_clear);
	assert_int_equal(approvals_waiting(f->sam, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)waiting_clear);
}

/* ---- need to know ---- */

/* Lee, not named on an incident under embargo, holds a communication
 * about it read without the check of an open (a screen left open while
 * he was taken off it, say): deciding on it is refused all the same. */
static void
test_embargo_decide(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct incident inc = { 0 };
	struct err err = { 0 };
	long long id, n, audit, aid = -7;

	assert_int_equal(incident_create(f->s, &(struct incident_new){
	    .title = "Quiet fix", .trigger_kind = "vulnerability",
	    .severity = "high", .embargo_until = "2026-06-01T00:00:00Z" },
	    &inc, &err), ST_OK);
	id = submitted_about(f->s, inc.ref, "two-gates", "Quiet fix");
	n = count_approvals(f);
	audit = tu_audit_count(f->s);
	assert_int_equal(comm_load(f->lee, id, &d, &err), ST_OK);
	assert_int_equal(approval_decide(f->lee, &d, &(struct decision){
	    .decision = "approved" }, &aid, &err), ST_DENIED);
	expect_contains(err.msg, "is under embargo and you are not named on it");
	assert_int_equal(approval_decide(f->lee, &d, &(struct decision){
	    .decision = "rejected", .comment = "No." }, &aid, &err),
	    ST_DENIED);
	expect_contains(err.msg, inc.ref);
	comm_doc_clear(&d);
	assert_int_equal(aid, -7);
	assert_int_equal(count_approvals(f), n);
	assert_int_equal(tu_audit_count(f->s), audit);
	tu_comm_expect_state(f->s, id, "in-review");
	/* Named on it, he decides. */
	assert_int_equal(incident_access_add(f->s, inc.id, "lee", &err), ST_OK);
	approve(f->lee, id, "legal");
	tu_comm_expect_state(f->s, id, "in-review");
	assert_int_equal(incident_access_add(f->s, inc.id, "pat", &err), ST_OK);
	approve(f->pat, id, "pr");
	tu_comm_expect_state(f->s, id, "approved");
	incident_clear(&inc);
	tu_expect_chain_ok(f->s);
}

/* ---- roles taken away ---- */

/* An approval counts while its approver holds the role they made it in:
 * taken away, the gate waits for someone who does. */
static void
test_role_lapsed(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	struct rowlist l;
	const struct gate_status *g;
	struct err err = { 0 };
	long long id = submitted(f, "two-gates", "Tokens leak");

	approve(f->lee, id, "legal");
	assert_int_equal(user_revoke(f->s, "lee", "approver:legal", &err),
	    ST_OK);
	load(f->pat, id, &d, &r);
	g = gate_of(&r, "legal");
	assert_int_equal(g->state, GATE_WAITING);
	assert_int_equal(g->roles[0].have, 0);
	expect_contains(g->note, "Lee Lawson no longer holds approver:legal");
	review_clear(&r);
	comm_doc_clear(&d);
	/* PR's approval leaves legal waiting: not approved. */
	approve(f->pat, id, "pr");
	tu_comm_expect_state(f->s, id, "in-review");
	assert_int_equal(approvals_waiting(f->liz, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)waiting_clear);
	/* Lee's session, opened while he held the role, decides nothing. */
	refused(f, f->lee, id, "legal", "approved", NULL, ST_DENIED,
	    "lee no longer holds approver:legal");
	approve(f->liz, id, "legal");
	tu_comm_expect_state(f->s, id, "approved");

	/* Taken away after it was approved: back in review, and publishing
	 * refuses until someone who holds it approves. */
	id = submitted(f, "one-gate", "Tokens leak");
	approve(f->liz, id, NULL);
	tu_comm_expect_state(f->s, id, "approved");
	assert_int_equal(user_revoke(f->s, "liz", "approver:legal", &err),
	    ST_OK);
	tu_comm_expect_state(f->s, id, "in-review");
	assert_int_equal(count_audit(f, id, "communication.state",
	    "\"reason\":\"approvals no longer hold\""), 1);
	tu_comm_open(f->s, id, &d);
	assert_int_equal(review_require_satisfied(f->s, &d, &err), ST_INVALID);
	expect_contains(err.msg, "gate legal is waiting for approver:legal "
	    "(0 of 1): liz no longer holds it");
	comm_doc_clear(&d);
	/* Given back, her approval counts again. */
	assert_int_equal(user_grant(f->s, "liz", "approver:legal", &err),
	    ST_OK);
	tu_comm_expect_state(f->s, id, "approved");
	tu_expect_chain_ok(f->s);
}

/* ---- pre-approved templates ---- */

/* Lee pre-approves the "pre" playbook and every imported template. */
static void
preapprove_all(struct fx *f, long long *pb_pre)
{
	struct rowlist l;
	const struct template_row *t;
	struct err err = { 0 };
	size_t i;

	assert_int_equal(template_list(f->s, &l, &err), ST_OK);
	for (i = 0; i < l.count; i++) {
		t = rowlist_at(&l, i);
		if (preapproval_grant(f->lee, &(struct preapproval_new){
		    .kind = "template", .name = t->name }, NULL, &err) != ST_OK &&
		    err.code != ST_EXISTS)
			fail_msg("pre-approve %s: %s", t->name, err.msg);
	}
	rowlist_free(&l, (row_clear_fn)template_row_clear);
	if (preapproval_grant(f->lee, &(struct preapproval_new){
	    .kind = "playbook", .name = "pre" }, pb_pre, &err) != ST_OK)
		fail_msg("pre-approve playbook: %s", err.msg);
}

static void
test_preapproved_at_submit(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	struct err err = { 0 };
	json_t *j, *ids, *one;
	long long id, pb_pre = 0;
	bool is_named;
	char *detail;
	size_t i;

	/* Lee pre-approves the playbook and every template (the content
	 * names some; they include others). */
	id = tu_comm_start(f->bob, f->ref, "pre", NULL, 1);
	tu_comm_set(f->bob, id, "summary", "Tokens leak");
	load(f->bob, id, &d, &r);
	assert_int_equal(gate_of(&r, "legal")->state, GATE_WAITING);
	expect_contains(gate_of(&r, "legal")->note, "not pre-approved: ");
	review_clear(&r);
	comm_doc_clear(&d);
	preapprove_all(f, &pb_pre);
	/* Sent for review, it passes at once. */
	assert_int_equal(tu_comm_step_done(f->bob, id, "facts", &err), ST_OK);
	tu_comm_open(f->bob, id, &d);
	assert_int_equal(comm_submit(f->bob, &d, &err), ST_OK);
	comm_doc_clear(&d);
	load(f->lee, id, &d, &r);
	if (gate_of(&r, "legal")->state != GATE_PREAPPROVED)
		fail_msg("not pre-approved: %s", gate_of(&r, "legal")->note);
	review_clear(&r);
	comm_doc_clear(&d);
	tu_comm_expect_state(f->s, id, "approved");
	assert_int_equal(count_audit(f, id, "approval.preapproved",
	    "\"gate\":\"legal\""), 1);
	/* Its audit row names the pre-approvals it rests on: the
	 * playbook's and the templates'. */
	detail = audit_detail_of(f, id, "approval.preapproved");
	j = tu_json_load(detail);
	ids = json_object_get(j, "preapprovals");
	assert_true(json_array_size(ids) >= 2);
	is_named = false;
	json_array_foreach(ids, i, one)
		if (json_integer_value(one) == pb_pre)
			is_named = true;
	assert_true(is_named);
	json_decref(j);
	free(detail);
	assert_int_equal(count_audit(f, id, "communication.state",
	    "\"reason\":\"every gate is satisfied\""), 1);
	load(f->lee, id, &d, &r);
	assert_int_equal(gate_of(&r, "legal")->state, GATE_PREAPPROVED);
	assert_true(*gate_of(&r, "legal")->note != '\0');
	assert_true(r.is_satisfied);
	review_clear(&r);
	comm_doc_clear(&d);
	assert_int_equal(count_approvals(f), 0);
	tu_expect_chain_ok(f->s);
}

/* Pre-approved while it waits in review: it passes then, not at the next
 * edit, even where its granter may not see it; withdrawn, it waits
 * again. */
static void
test_preapproved_in_review(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	struct err err = { 0 };
	struct incident inc = { 0 };
	long long id = submitted(f, "pre", "Tokens leak"), pb_pre = 0, hidden;

	tu_comm_expect_state(f->s, id, "in-review");
	preapprove_all(f, &pb_pre);
	tu_comm_expect_state(f->s, id, "approved");
	assert_int_equal(count_audit(f, id, "approval.preapproved",
	    "\"gate\":\"legal\""), 1);
	/* The playbook's pre-approval withdrawn: waiting again. */
	assert_int_equal(preapproval_revoke(f->lee, pb_pre, &err), ST_OK);
	tu_comm_expect_state(f->s, id, "in-review");
	load(f->bob, id, &d, &r);
	assert_int_equal(gate_of(&r, "legal")->state, GATE_WAITING);
	review_clear(&r);
	comm_doc_clear(&d);
	/* One about an incident Lee is not named on waits too. */
	assert_int_equal(incident_create(f->s, &(struct incident_new){
	    .title = "Quiet fix", .trigger_kind = "vulnerability",
	    .severity = "high", .embargo_until = "2026-06-01T00:00:00Z" },
	    &inc, &err), ST_OK);
	hidden = submitted_about(f->s, inc.ref, "pre", "Tokens leak");
	tu_comm_expect_state(f->s, hidden, "in-review");
	if (preapproval_grant(f->lee, &(struct preapproval_new){
	    .kind = "playbook", .name = "pre" }, &pb_pre, &err) != ST_OK)
		fail_msg("pre-approve playbook again: %s", err.msg);
	tu_comm_expect_state(f->s, id, "approved");
	/* The grant settles what its granter may not see as well. */
	tu_comm_expect_state(f->s, hidden, "approved");
	incident_clear(&inc);
	assert_int_equal(count_audit(f, id, "approval.preapproved",
	    "\"gate\":\"legal\""), 2);
	tu_expect_chain_ok(f->s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_author_excluded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_quorum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_person_one_gate, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_login, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_stale_after_edit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_edit_that_changes_nothing_out,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_by_approver_same_words,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejection_reopens_gate, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_approved_only_when_all_pass,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_at_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_waiting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preapproved_at_submit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_embargo_decide, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_role_lapsed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_preapproved_in_review, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
