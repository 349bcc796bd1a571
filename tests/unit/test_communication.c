/* tests/unit/test_communication.c - communications, answers and affected
 * products: refusals first, then behaviour, audit and conflicts. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/communication.h"
#include "core/incident.h"
#include "storage/q_audit.h"

#define HASH "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct fx {
	struct session *s;          /* ada: admin and author */
	char           *dir;
	long long       incident;
	long long       product;    /* product 1 with cycle 1 */
	long long       cycle;
	long long       other_cycle; /* a cycle of product 2 */
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	tu_add_user(f->s, "bob", "author", NULL);
	tu_add_user(f->s, "lee", "approver:legal", NULL);
	tu_add_user(f->s, "sam", NULL);
	assert_true(session_has_role(f->s, "author"));
	f->incident = tu_incident_new(f->s, &(struct incident_new){
	    .title = "Customer data exposed", .trigger_kind = "data-breach",
	    .severity = "high" });
	tu_sql_exec(db_path(f->s->db),
	    "INSERT INTO products (slug, name, created_at, updated_at) VALUES"
	    " ('widget', 'Widget', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
	    " ('gadget', 'Gadget', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
	    "INSERT INTO cycles (product_id, cycle, created_at, updated_at) VALUES"
	    " (1, '4.2', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
	    " (2, '1.0', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');");
	f->product = 1;
	f->cycle = 1;
	f->other_cycle = 2;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tu_session_free(&f->s, &f->dir);
	free(f);
	return 0;
}

static struct communication_new
advisory(long long incident)
{
	struct communication_new c = {
		.incident_id = incident, .kind = "advisory", .audience = "public",
		.title = "Widget 4.2: exposed customer records",
		.playbook = "security-advisory", .playbook_version = "1",
		.playbook_hash = HASH,
	};

	return c;
}

static long long
make_advisory(struct fx *f)
{
	struct communication_new in = advisory(f->incident);
	struct err err = { 0 };
	long long id = 0;

	assert_int_equal(communication_create(f->s, &in, &id, &err), ST_OK);
	assert_true(id > 0);
	return id;
}

static void
expect_state(struct session *s, long long id, const char *state)
{
	struct communication c = { 0 };
	struct err err = { 0 };

	assert_int_equal(communication_get(s, id, &c, &err), ST_OK);
	assert_string_equal(c.state, state);
	communication_clear(&c);
}

static long long
count_communications(struct session *s)
{
	struct rowlist l;
	struct err err = { 0 };
	long long n;

	assert_int_equal(communication_list_by_state(s, NULL, 0, 0, &l, &err),
	    ST_OK);
	n = (long long)l.count;
	rowlist_free(&l, (row_clear_fn)communication_clear);
	return n;
}

/* Try IN and expect ST with a message mentioning WORD; nothing written. */
static void
refuse_create(struct fx *f, const struct communication_new *in, enum status st,
    const char *word)
{
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), id = -7;

	assert_int_equal(communication_create(f->s, in, &id, &err), st);
	assert_int_equal(err.code, st);
	if (word != NULL && strstr(err.msg, word) == NULL)
		fail_msg("message \"%s\" does not mention %s", err.msg, word);
	assert_int_equal(id, -7);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_communications(f->s), 0);
}

static void
test_create_degenerate(void **state)
{
	struct fx *f = *state;
	struct communication_new c;
	char long_title[COMMUNICATION_TITLE_MAX + 2];

	refuse_create(f, NULL, ST_INVALID, NULL);
	c = advisory(f->incident);
	c.kind = NULL;
	refuse_create(f, &c, ST_INVALID, "kind");
	c.kind = "press-release";
	refuse_create(f, &c, ST_INVALID, "kind");
	c = advisory(f->incident);
	c.audience = "everyone";
	refuse_create(f, &c, ST_INVALID, "audience");
	c = advisory(0);
	refuse_create(f, &c, ST_INVALID, "incident");
	c = advisory(f->incident);
	c.cycle_id = f->cycle;
	refuse_create(f, &c, ST_INVALID, "incident");
	c = advisory(f->incident);
	c.kind = "eol-notice";
	refuse_create(f, &c, ST_INVALID, "cycle");
	c = advisory(f->incident);
	c.title = "";
	refuse_create(f, &c, ST_INVALID, "title");
	memset(long_title, 'x', sizeof long_title - 1);
	long_title[sizeof long_title - 1] = '\0';
	c.title = long_title;
	refuse_create(f, &c, ST_INVALID, "title");
	c = advisory(f->incident);
	c.playbook = NULL;
	refuse_create(f, &c, ST_INVALID, "playbook");
	c = advisory(f->incident);
	c.playbook_hash = "0123456789ABCDEF0123456789ABCDEF"
	    "0123456789ABCDEF0123456789ABCDEF";
	refuse_create(f, &c, ST_INVALID, "playbook_hash");
	c.playbook_hash = "abc";
	refuse_create(f, &c, ST_INVALID, "playbook_hash");
	c = advisory(f->incident + 100);
	refuse_create(f, &c, ST_NOTFOUND, "incident");
	c = advisory(0);
	c.kind = "eol-notice";
	c.cycle_id = 99;
	refuse_create(f, &c, ST_NOTFOUND, "cycle");
	/* The title limit is inclusive. */
	long_title[COMMUNICATION_TITLE_MAX] = '\0';
	c = advisory(f->incident);
	c.title = long_title;
	assert_int_equal(communication_create(f->s, &c, NULL, NULL), ST_OK);
}

static void
test_state_degenerate(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };
	long long id = make_advisory(f), before = tu_audit_count(f->s);

	assert_int_equal(communication_set_state(f->s, id, 1, NULL, &err),
	    ST_INVALID);
	assert_int_equal(communication_set_state(f->s, id, 1, "sent", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "state"));
	assert_int_equal(communication_set_state(f->s, id, 0, "in-review", &err),
	    ST_INVALID);
	assert_int_equal(communication_set_state(f->s, id + 9, 1, "in-review",
	    &err), ST_NOTFOUND);
	assert_int_equal(communication_set_state(f->s, id, 1, "published", &err),
	    ST_INVALID);
	assert_int_equal(communication_set_state(f->s, id, 1, "draft", &err),
	    ST_INVALID);
	assert_int_equal(tu_audit_count(f->s), before);
	expect_state(f->s, id, "draft");
	assert_int_equal(tu_communication_version(f->s, id), 1);
}

static void
test_answer_degenerate(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };
	struct rowlist l;
	char *big = malloc(ANSWER_VALUE_MAX + 2);
	char field[ANSWER_FIELD_MAX + 2];
	long long id = make_advisory(f), before = tu_audit_count(f->s), v = -3;

	assert_int_equal(answer_set(f->s, id, NULL, "x", 0, &v, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "field"));
	assert_int_equal(answer_set(f->s, id, "", "x", 0, &v, &err), ST_INVALID);
	memset(field, 'a', sizeof field - 1);
	field[sizeof field - 1] = '\0';
	assert_int_equal(answer_set(f->s, id, field, "x", 0, &v, &err), ST_INVALID);
	assert_int_equal(answer_set(f->s, id, "sum mary", "x", 0, &v, &err),
	    ST_INVALID);
	assert_int_equal(answer_set(f->s, id, "1st", "x", 0, &v, &err), ST_INVALID);
	assert_int_equal(answer_set(f->s, id, "summary", NULL, 0, &v, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "summary"));
	memset(big, 'v', ANSWER_VALUE_MAX + 1);
	big[ANSWER_VALUE_MAX + 1] = '\0';
	assert_int_equal(answer_set(f->s, id, "summary", big, 0, &v, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "summary"));
	assert_int_equal(answer_set(f->s, id, "summary", "x", -1, &v, &err),
	    ST_INVALID);
	assert_int_equal(answer_set(f->s, id + 5, "summary", "x", 0, &v, &err),
	    ST_NOTFOUND);
	assert_int_equal(answer_set(f->s, id, "summary", "x", 4, &v, &err),
	    ST_NOTFOUND);
	assert_int_equal(v, -3);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(answer_list(f->s, id, &l, &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)answer_clear);
	assert_int_equal(answer_get(f->s, id, "summary", &(struct answer){ 0 },
	    &err), ST_NOTFOUND);
	assert_int_equal(answer_get(f->s, id, NULL, &(struct answer){ 0 }, &err),
	    ST_INVALID);
	/* The value limit is inclusive. */
	big[ANSWER_VALUE_MAX] = '\0';
	assert_int_equal(answer_set(f->s, id, "summary", big, 0, &v, &err), ST_OK);
	assert_int_equal(v, 1);
	free(big);
}

static void
test_affected_degenerate(void **state)
{
	struct fx *f = *state;
	struct affected_new a, good = { .incident_id = f->incident,
	    .product_id = f->product, .status = "known_affected" };
	struct err err = { 0 };
	struct rowlist l;
	long long before = tu_audit_count(f->s), id = -1;

#define REFUSE(st_, word_) do { \
	assert_int_equal(affected_add(f->s, &a, &id, &err), (st_)); \
	if ((word_) != NULL && strstr(err.msg, (word_)) == NULL) \
		fail_msg("\"%s\" does not mention %s", err.msg, (word_)); \
} while (0)
	assert_int_equal(affected_add(f->s, NULL, &id, &err), ST_INVALID);
	a = good; a.incident_id = 0;
	REFUSE(ST_INVALID, "incident");
	a = good; a.product_id = 0;
	REFUSE(ST_INVALID, "product");
	a = good; a.status = NULL;
	REFUSE(ST_INVALID, "status");
	a = good; a.status = "affected";
	REFUSE(ST_INVALID, "status");
	a = good; a.status = "known_not_affected";
	REFUSE(ST_INVALID, "justification");
	a.justification = "not_our_problem";
	REFUSE(ST_INVALID, "justification");
	a = good; a.justification = "component_not_present";
	REFUSE(ST_INVALID, "justification");
	a = good; a.package = "widget-core";
	REFUSE(ST_INVALID, "ecosystem");
	a.ecosystem = "cpan";
	REFUSE(ST_INVALID, "ecosystem");
	a = good; a.cycle_id = f->other_cycle;
	REFUSE(ST_INVALID, "cycle");
	a = good; a.cycle_id = 77;
	REFUSE(ST_INVALID, "cycle");
	a = good; a.product_id = 42;
	REFUSE(ST_NOTFOUND, "product");
	a = good; a.incident_id = f->incident + 10;
	REFUSE(ST_NOTFOUND, "incident");
#undef REFUSE
	assert_int_equal(id, -1);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(affected_list_for_incident(f->s, f->incident, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)affected_clear);
	assert_int_equal(affected_remove(f->s, 1, &err), ST_NOTFOUND);
	assert_int_equal(tu_audit_count(f->s), before);
}

static void
test_create_and_list(void **state)
{
	struct fx *f = *state;
	struct communication c = { 0 }, *p;
	struct communication_new in;
	struct rowlist l;
	struct err err = { 0 };
	long long before = tu_audit_count(f->s), a1, a2, eol = 0;
	char subject[48];

	a1 = make_advisory(f);
	snprintf(subject, sizeof subject, "communication:%lld", a1);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "communication.create", subject, NULL);
	assert_int_equal(communication_get(f->s, a1, &c, &err), ST_OK);
	assert_int_equal(c.incident_id, f->incident);
	assert_int_equal(c.cycle_id, 0);
	assert_string_equal(c.kind, "advisory");
	assert_string_equal(c.audience, "public");
	assert_string_equal(c.state, "draft");
	assert_int_equal(c.revision, 1);
	assert_int_equal(c.version, 1);
	assert_int_equal(c.created_by, f->s->user.id);
	assert_string_equal(c.created_at, "2026-03-01T12:00:00Z");
	assert_string_equal(c.playbook_hash, HASH);
	assert_string_equal(c.variant, "");
	assert_null(c.published_at);
	communication_clear(&c);
	/* Revision 1, the original, has its row from the start. */
	assert_int_equal(tu_count_rows(session_path(f->s), "revisions"), 1);

	in = advisory(0);
	in.kind = "eol-notice";
	in.audience = "customers";
	in.cycle_id = f->cycle;
	assert_int_equal(communication_create(f->s, &in, &eol, &err), ST_OK);
	in = advisory(f->incident);
	in.kind = "regulator-notification";
	in.audience = "regulator";
	assert_int_equal(communication_create(f->s, &in, &a2, &err), ST_OK);
	assert_true(a1 < eol && eol < a2);

	assert_int_equal(communication_list_for_incident(f->s, f->incident, &l,
	    &err), ST_OK);
	assert_int_equal(l.count, 2);
	p = rowlist_at(&l, 0);
	assert_int_equal(p->id, a1);
	p = rowlist_at(&l, 1);
	assert_int_equal(p->id, a2);
	assert_string_equal(p->kind, "regulator-notification");
	rowlist_free(&l, (row_clear_fn)communication_clear);

	assert_int_equal(communication_list_by_state(f->s, "draft", 2, 1, &l,
	    &err), ST_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(((struct communication *)rowlist_at(&l, 0))->id, eol);
	assert_int_equal(((struct communication *)rowlist_at(&l, 1))->id, a2);
	rowlist_free(&l, (row_clear_fn)communication_clear);
	assert_int_equal(communication_list_by_state(f->s, "published", 0, 0, &l,
	    &err), ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)communication_clear);
	assert_int_equal(communication_list_by_state(f->s, "bogus", 0, 0, &l,
	    &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)communication_clear);
	assert_int_equal(communication_get(f->s, a2 + 1, &c, &err), ST_NOTFOUND);
}

/* Make an end-of-life notice of CYCLE; its id. */
static long long
make_eol_notice(struct fx *f, long long cycle)
{
	struct communication_new in = advisory(0);
	struct err err = { 0 };
	long long id = 0;

	in.kind = "eol-notice";
	in.audience = "customers";
	in.cycle_id = cycle;
	assert_int_equal(communication_create(f->s, &in, &id, &err), ST_OK);
	return id;
}

/* A cycle's communications: its own only, by id, none of an incident's
 * or another cycle's; none for a cycle without any, or no cycle. */
static void
test_list_for_cycle(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };
	struct rowlist l;
	const struct communication *c;
	long long e1, e2, other;

	e1 = make_eol_notice(f, f->cycle);
	make_advisory(f);
	other = make_eol_notice(f, f->other_cycle);
	e2 = make_eol_notice(f, f->cycle);

	assert_int_equal(communication_list_for_cycle(f->s, f->cycle, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 2);
	c = rowlist_at(&l, 0);
	assert_int_equal(c->id, e1);
	assert_int_equal(c->cycle_id, f->cycle);
	assert_int_equal(c->incident_id, 0);
	assert_string_equal(c->kind, "eol-notice");
	assert_string_equal(c->state, "draft");
	assert_int_equal(((struct communication *)rowlist_at(&l, 1))->id, e2);
	rowlist_free(&l, (row_clear_fn)communication_clear);

	assert_int_equal(communication_list_for_cycle(f->s, f->other_cycle, &l,
	    &err), ST_OK);
	assert_int_equal(l.count, 1);
	assert_int_equal(((struct communication *)rowlist_at(&l, 0))->id, other);
	rowlist_free(&l, (row_clear_fn)communication_clear);

	/* A cycle that does not exist, and "no cycle": an incident's
	 * communications have none, and 0 finds none of them. */
	assert_int_equal(communication_list_for_cycle(f->s, 99, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)communication_clear);
	assert_int_equal(communication_list_for_cycle(f->s, 0, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 0);
	rowlist_free(&l, (row_clear_fn)communication_clear);
}

/* Move ID from its current version to STATE as S; expect ST. */
static enum status
move(struct session *s, long long id, const char *to, struct err *err)
{
	return communication_set_state(s, id, tu_communication_version(s, id),
	    to, err);
}

/* ID, in review, approved as the approvals policy would make it when
 * every gate is satisfied (that policy is test_review's): a write of its
 * own, as no one moves a communication to approved by hand. */
static void
approve_as_policy(struct fx *f, long long id)
{
	char sql[160];

	snprintf(sql, sizeof sql, "UPDATE communications SET state = 'approved',"
	    " version = version + 1 WHERE id = %lld AND state = 'in-review'", id);
	tu_sql_exec(db_path(f->s->db), sql);
	expect_state(f->s, id, "approved");
}

static void
test_state_transitions(void **state)
{
	struct fx *f = *state;
	struct session *lee = tu_open_as(f->dir, "lee");
	struct communication c = { 0 };
	struct err err = { 0 };
	long long id = make_advisory(f), before;

	assert_true(communication_can_move("draft", "in-review"));
	assert_false(communication_can_move("draft", "approved"));
	assert_false(communication_can_move("withdrawn", "draft"));
	assert_false(communication_can_move(NULL, "draft"));

	before = tu_audit_count(f->s);
	assert_int_equal(communication_set_state(f->s, id, 1, "in-review", &err),
	    ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "communication.state", NULL, NULL);
	assert_int_equal(tu_communication_version(f->s, id), 2);
	/* A stale version is someone else's change. */
	before = tu_audit_count(f->s);
	assert_int_equal(communication_set_state(f->s, id, 1, "draft", &err),
	    ST_CONFLICT);
	assert_int_equal(tu_audit_count(f->s), before);
	/* Nobody approves by hand, author or approver: approvals do. */
	assert_int_equal(move(f->s, id, "approved", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "approvals make a communication "
	    "approved: herald approve"));
	assert_int_equal(move(lee, id, "approved", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "herald approve"));
	assert_int_equal(tu_audit_count(f->s), before);
	expect_state(f->s, id, "in-review");
	assert_true(communication_can_move("in-review", "approved"));
	/* An approver sends it back by rejecting it, with a comment; not
	 * by moving it. */
	assert_int_equal(move(lee, id, "draft", &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "rejecting"));
	assert_int_equal(tu_audit_count(f->s), before);
	/* Its author may recall it. */
	assert_int_equal(move(f->s, id, "draft", &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "communication.state", NULL, NULL);
	assert_int_equal(move(lee, id, "in-review", &err), ST_DENIED);
	assert_int_equal(move(f->s, id, "in-review", &err), ST_OK);
	approve_as_policy(f, id);
	/* Back to draft to edit, and round again. */
	assert_int_equal(move(f->s, id, "draft", &err), ST_OK);
	assert_int_equal(move(f->s, id, "in-review", &err), ST_OK);
	approve_as_policy(f, id);
	assert_int_equal(move(lee, id, "published", &err), ST_DENIED);
	assert_int_equal(move(f->s, id, "published", &err), ST_OK);
	assert_int_equal(communication_get(f->s, id, &c, &err), ST_OK);
	assert_string_equal(c.state, "published");
	assert_string_equal(c.published_at, "2026-03-01T12:00:00Z");
	communication_clear(&c);
	assert_int_equal(move(f->s, id, "draft", &err), ST_INVALID);
	assert_int_equal(move(f->s, id, "withdrawn", &err), ST_OK);
	assert_int_equal(move(f->s, id, "published", &err), ST_INVALID);
	assert_int_equal(move(f->s, id, "draft", &err), ST_INVALID);
	expect_state(f->s, id, "withdrawn");
	/* The publication time stays after a withdrawal. */
	assert_int_equal(communication_get(f->s, id, &c, &err), ST_OK);
	assert_non_null(c.published_at);
	communication_clear(&c);
	session_close(&lee);
	tu_expect_chain_ok(f->s);
}

static void
test_answers(void **state)
{
	struct fx *f = *state;
	struct communication c = { 0 };
	struct answer a = { 0 }, *p;
	struct rowlist l;
	struct err err = { 0 };
	long long id = make_advisory(f), before, v = 0;
	char subject[48];

	snprintf(subject, sizeof subject, "communication:%lld", id);
	before = tu_audit_count(f->s);
	assert_int_equal(answer_set(f->s, id, "summary", "Records exposed", 0,
	    &v, &err), ST_OK);
	assert_int_equal(v, 1);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "answer.set", subject, NULL);
	/* An edit is a new version, not a new revision (a revision is a
	 * round of publication). */
	assert_int_equal(communication_get(f->s, id, &c, &err), ST_OK);
	assert_int_equal(c.revision, 1);
	assert_int_equal(c.version, 2);
	communication_clear(&c);

	assert_int_equal(answer_set(f->s, id, "impact", "Names and e-mail", 0, &v,
	    &err), ST_OK);
	assert_int_equal(answer_set(f->s, id, "summary", "Records were exposed",
	    1, &v, &err), ST_OK);
	assert_int_equal(v, 2);
	assert_int_equal(answer_get(f->s, id, "summary", &a, &err), ST_OK);
	assert_string_equal(a.value, "Records were exposed");
	assert_int_equal(a.version, 2);
	assert_int_equal(a.edited_by, f->s->user.id);
	assert_string_equal(a.edited_at, "2026-03-01T12:00:00Z");
	answer_clear(&a);
	assert_int_equal(communication_get(f->s, id, &c, &err), ST_OK);
	assert_int_equal(c.revision, 1);
	assert_int_equal(c.version, 4);
	communication_clear(&c);

	/* The same value again changes nothing: no version, no audit row. */
	before = tu_audit_count(f->s);
	assert_int_equal(answer_set(f->s, id, "summary", "Records were exposed",
	    2, &v, &err), ST_OK);
	assert_int_equal(v, 2);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(communication_get(f->s, id, &c, &err), ST_OK);
	assert_int_equal(c.version, 4);
	communication_clear(&c);

	/* Stale versions conflict and name the field. */
	assert_int_equal(answer_set(f->s, id, "summary", "Old text", 1, &v, &err),
	    ST_CONFLICT);
	assert_non_null(strstr(err.msg, "summary"));
	assert_int_equal(answer_set(f->s, id, "impact", "New", 0, &v, &err),
	    ST_CONFLICT);
	assert_non_null(strstr(err.msg, "impact"));
	assert_int_equal(tu_audit_count(f->s), before);

	/* Ordered by field. */
	assert_int_equal(answer_set(f->s, id, "actions", "Reset passwords", 0, &v,
	    &err), ST_OK);
	assert_int_equal(answer_list(f->s, id, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	p = rowlist_at(&l, 0);
	assert_string_equal(p->field, "actions");
	p = rowlist_at(&l, 1);
	assert_string_equal(p->field, "impact");
	p = rowlist_at(&l, 2);
	assert_string_equal(p->field, "summary");
	assert_string_equal(p->value, "Records were exposed");
	rowlist_free(&l, (row_clear_fn)answer_clear);
	tu_expect_chain_ok(f->s);
}

static void
test_two_editors(void **state)
{
	struct fx *f = *state;
	struct session *bob = tu_open_as(f->dir, "bob");
	struct answer a = { 0 };
	struct err err = { 0 };
	long long id = make_advisory(f), v = 0, before;

	assert_int_equal(answer_set(f->s, id, "summary", "first", 0, &v, &err),
	    ST_OK);
	/* Both editors now hold summary at version 1; ada saves first. */
	assert_int_equal(answer_set(f->s, id, "summary", "ada's text", 1, &v,
	    &err), ST_OK);
	before = tu_audit_count(f->s);
	assert_int_equal(answer_set(bob, id, "summary", "bob's text", 1, &v,
	    &err), ST_CONFLICT);
	assert_non_null(strstr(err.msg, "summary"));
	assert_int_equal(tu_audit_count(f->s), before);
	/* Other fields never conflict. */
	assert_int_equal(answer_set(bob, id, "impact", "bob's impact", 0, &v,
	    &err), ST_OK);
	assert_int_equal(answer_set(f->s, id, "summary", "ada again", 2, &v,
	    &err), ST_OK);
	assert_int_equal(answer_get(f->s, id, "summary", &a, &err), ST_OK);
	assert_string_equal(a.value, "ada again");
	assert_int_equal(a.edited_by, f->s->user.id);
	answer_clear(&a);
	assert_int_equal(answer_get(f->s, id, "impact", &a, &err), ST_OK);
	assert_int_equal(a.edited_by, bob->user.id);
	assert_int_equal(a.version, 1);
	answer_clear(&a);
	/* Both created the same new field: the second one conflicts. */
	assert_int_equal(answer_set(f->s, id, "actions", "ada's", 0, &v, &err),
	    ST_OK);
	assert_int_equal(answer_set(bob, id, "actions", "bob's", 0, &v, &err),
	    ST_CONFLICT);
	assert_non_null(strstr(err.msg, "actions"));
	session_close(&bob);
	tu_expect_chain_ok(f->s);
}

static void
test_edit_after_approval(void **state)
{
	struct fx *f = *state;
	struct rowlist l;
	struct audit_row *r;
	struct err err = { 0 };
	long long id = make_advisory(f), v = 0, before;

	assert_int_equal(answer_set(f->s, id, "summary", "text", 0, &v, &err),
	    ST_OK);
	assert_int_equal(move(f->s, id, "in-review", &err), ST_OK);
	approve_as_policy(f, id);
	/* An edit of what was approved puts it back in review, for the
	 * approvers to see again (its content cannot be made here: its
	 * playbook is not stored, so the edit is taken as a change). */
	before = tu_audit_count(f->s);
	assert_int_equal(answer_set(f->s, id, "summary", "changed", 1, &v, &err),
	    ST_OK);
	expect_state(f->s, id, "in-review");
	assert_int_equal(tu_audit_count(f->s), before + 2);
	assert_int_equal(q_audit_list(f->s->db, NULL, NULL, 2, 0, &l, &err), ST_OK);
	r = rowlist_at(&l, 0);
	assert_string_equal(r->action, "communication.state");
	assert_non_null(strstr(r->detail, "\"edited\""));
	assert_non_null(strstr(r->detail, "\"to\":\"in-review\""));
	r = rowlist_at(&l, 1);
	assert_string_equal(r->action, "answer.set");
	rowlist_free(&l, (row_clear_fn)audit_row_clear);
	/* The editor is remembered: they may not approve this revision. */
	assert_int_equal(tu_sql_int(db_path(f->s->db), "SELECT count(*) FROM"
	    " approval_editors WHERE user_id = 1"), 1);

	/* An edit in review keeps it there: the approvers see the new
	 * words. */
	before = tu_audit_count(f->s);
	assert_int_equal(answer_set(f->s, id, "summary", "changed again", 2, &v,
	    &err), ST_OK);
	expect_state(f->s, id, "in-review");
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit_has(f->s, NULL, "answer.set", NULL, "\"revision\":1");

	/* Once published, content is final. */
	approve_as_policy(f, id);
	assert_int_equal(move(f->s, id, "published", &err), ST_OK);
	before = tu_audit_count(f->s);
	assert_int_equal(answer_set(f->s, id, "summary", "late", 3, &v, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "published"));
	assert_int_equal(tu_audit_count(f->s), before);
	expect_state(f->s, id, "published");
	tu_expect_chain_ok(f->s);
}

static void
test_affected(void **state)
{
	struct fx *f = *state;
	struct affected_new a = { .incident_id = f->incident,
	    .product_id = f->product, .cycle_id = f->cycle,
	    .version_range = "<4.2.3", .status = "known_affected",
	    .ecosystem = "npm", .package = "widget-core" };
	struct affected_new b = { .incident_id = f->incident, .product_id = 2,
	    .status = "known_not_affected", .justification =
	    "vulnerable_code_not_present", .ecosystem = "", .package = "" };
	struct affected *p;
	struct rowlist l;
	struct err err = { 0 };
	long long before, id1 = 0, id2 = 0;
	char subject[48];

	snprintf(subject, sizeof subject, "incident:%lld", f->incident);
	before = tu_audit_count(f->s);
	assert_int_equal(affected_add(f->s, &a, &id1, &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "affected.add", subject, NULL);
	assert_int_equal(affected_add(f->s, &b, &id2, &err), ST_OK);
	assert_true(id1 < id2);
	assert_int_equal(affected_list_for_incident(f->s, f->incident, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 2);
	p = rowlist_at(&l, 0);
	assert_int_equal(p->id, id1);
	assert_int_equal(p->cycle_id, f->cycle);
	assert_string_equal(p->version_range, "<4.2.3");
	assert_string_equal(p->status, "known_affected");
	assert_null(p->justification);
	assert_string_equal(p->ecosystem, "npm");
	assert_string_equal(p->package, "widget-core");
	p = rowlist_at(&l, 1);
	assert_int_equal(p->cycle_id, 0);
	assert_string_equal(p->version_range, "");
	assert_string_equal(p->justification, "vulnerable_code_not_present");
	assert_null(p->ecosystem);
	assert_null(p->package);
	rowlist_free(&l, (row_clear_fn)affected_clear);

	before = tu_audit_count(f->s);
	assert_int_equal(affected_remove(f->s, id1, &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	tu_expect_audit(f->s, NULL, "affected.remove", subject, NULL);
	assert_int_equal(affected_remove(f->s, id1, &err), ST_NOTFOUND);
	assert_int_equal(tu_audit_count(f->s), before + 1);
	assert_int_equal(affected_list_for_incident(f->s, f->incident, &l, &err),
	    ST_OK);
	assert_int_equal(l.count, 1);
	assert_int_equal(((struct affected *)rowlist_at(&l, 0))->id, id2);
	rowlist_free(&l, (row_clear_fn)affected_clear);
	tu_expect_chain_ok(f->s);
}

static void
test_wrong_role(void **state)
{
	struct fx *f = *state;
	struct session *sam = tu_open_as(f->dir, "sam");
	struct session *lee = tu_open_as(f->dir, "lee");
	struct session *zed = tu_open_as(f->dir, "zed");
	struct session *bob = tu_open_as(f->dir, "bob");
	struct communication_new in = advisory(f->incident);
	struct affected_new a = { .incident_id = f->incident,
	    .product_id = f->product, .status = "fixed" };
	struct err err = { 0 };
	long long id = make_advisory(f), before = tu_audit_count(f->s), v = 0;

	assert_int_equal(communication_create(sam, &in, NULL, &err), ST_DENIED);
	assert_non_null(strstr(err.msg, "sam"));
	assert_int_equal(communication_create(lee, &in, NULL, &err), ST_DENIED);
	assert_int_equal(communication_create(zed, &in, NULL, &err), ST_DENIED);
	assert_int_equal(answer_set(sam, id, "summary", "x", 0, &v, &err),
	    ST_DENIED);
	assert_int_equal(answer_set(lee, id, "summary", "x", 0, &v, &err),
	    ST_DENIED);
	assert_int_equal(affected_add(sam, &a, NULL, &err), ST_DENIED);
	assert_int_equal(affected_add(lee, &a, NULL, &err), ST_DENIED);
	assert_int_equal(move(sam, id, "in-review", &err), ST_DENIED);
	assert_int_equal(move(zed, id, "in-review", &err), ST_DENIED);
	/* The role is checked before anything is read. */
	assert_int_equal(communication_set_state(sam, id, 99, "in-review", &err),
	    ST_DENIED);
	assert_int_equal(communication_set_state(sam, id + 50, 1, "bogus", &err),
	    ST_DENIED);
	assert_int_equal(move(bob, id, "in-review", &err), ST_OK);
	before++;
	assert_int_equal(move(bob, id, "approved", &err), ST_INVALID);
	assert_int_equal(move(sam, id, "approved", &err), ST_INVALID);
	assert_int_equal(move(zed, id, "approved", &err), ST_DENIED);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(count_communications(f->s), 1);
	/* Anyone may read. */
	assert_int_equal(tu_communication_version(sam, id), 2);
	session_close(&sam);
	session_close(&lee);
	session_close(&zed);
	session_close(&bob);
	tu_expect_chain_ok(f->s);
}

static void
test_failure_leaves_nothing(void **state)
{
	struct fx *f = *state;
	struct communication c = { 0 };
	struct answer a = { 0 };
	struct err err = { 0 };
	long long id = make_advisory(f), v = 0, before;

	assert_int_equal(answer_set(f->s, id, "summary", "text", 0, &v, &err),
	    ST_OK);
	assert_int_equal(move(f->s, id, "in-review", &err), ST_OK);
	approve_as_policy(f, id);
	/* Make the last write of answer_set() fail, after the state change
	 * and the answer were written: the new version of an edit that keeps
	 * the state. */
	tu_sql_exec(db_path(f->s->db),
	    "CREATE TRIGGER no_rev BEFORE UPDATE OF version ON"
	    " communications WHEN NEW.state = OLD.state"
	    " BEGIN SELECT RAISE(ABORT, 'no new versions'); END;");
	before = tu_audit_count(f->s);
	assert_int_not_equal(answer_set(f->s, id, "summary", "changed", 1, &v,
	    &err), ST_OK);
	assert_int_not_equal(answer_set(f->s, id, "impact", "new", 0, &v, &err),
	    ST_OK);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(communication_get(f->s, id, &c, &err), ST_OK);
	assert_string_equal(c.state, "approved");
	assert_int_equal(c.revision, 1);
	assert_int_equal(c.version, 4);
	communication_clear(&c);
	assert_int_equal(answer_get(f->s, id, "summary", &a, &err), ST_OK);
	assert_string_equal(a.value, "text");
	assert_int_equal(a.version, 1);
	answer_clear(&a);
	assert_int_equal(answer_get(f->s, id, "impact", &a, &err), ST_NOTFOUND);
	tu_sql_exec(db_path(f->s->db), "DROP TRIGGER no_rev;");
	assert_int_equal(answer_set(f->s, id, "summary", "changed", 1, &v, &err),
	    ST_OK);
	tu_expect_chain_ok(f->s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_degenerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_degenerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_degenerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_affected_degenerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_and_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_for_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_transitions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_editors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_after_approval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_affected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_leaves_nothing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
