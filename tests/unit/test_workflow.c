/* tests/unit/test_workflow.c - a communication driven by its playbook:
 * starting it, answers, steps, review, publication, updates, preview. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/communication.h"
#include "core/hash.h"
#include "core/incident.h"
#include "core/product.h"
#include "core/render.h"
#include "core/template.h"
#include "core/workflow.h"
#include "util/xalloc.h"

/* Two variants; "words" only for customers; "details" only when the
 * impact is high. */
static const char flow_v1[] =
    "playbook: test-flow\n"
    "version: \"1\"\n"
    "title: Test advisory\n"
    "kind: advisory\n"
    "audience: public\n"
    "variants:\n"
    "  - id: public\n"
    "    title: Public advisory\n"
    "    kind: advisory\n"
    "    audience: public\n"
    "  - id: customers\n"
    "    title: Customer notice\n"
    "    kind: customer-notice\n"
    "    audience: customers\n"
    TU_PB_FACTS
    "      - id: summary\n"
    "        type: text\n"
    "        label: Summary\n"
    "        required: true\n"
    "        max-length: 40\n"
    "      - id: impact\n"
    "        type: choice\n"
    "        label: Impact\n"
    "        options: [low, high]\n"
    "        default: low\n"
    "      - id: details\n"
    "        type: long-text\n"
    "        label: Details\n"
    "        when: { field: impact, equals: high }\n"
    "  - id: words\n"
    "    kind: form\n"
    "    title: For customers\n"
    "    variants: [customers]\n"
    "    fields:\n"
    "      - id: advice\n"
    "        type: text\n"
    "        label: Advice\n"
    "        required: true\n"
    "  - id: check\n"
    "    kind: checklist\n"
    "    title: Before review\n"
    "    items: [proofread]\n"
    TU_PB_APPROVE_PUBLISH
    "outputs:\n"
    "  - id: web\n"
    "    format: markdown\n"
    "    title: Web page\n";

struct fx {
	struct session *s;          /* ada: admin and author */
	struct session *bob;        /* author */
	struct session *lee;        /* approver:legal */
	char           *dir;
	char           *pbdir;      /* $XDG_CONFIG_HOME/herald/playbooks */
	long long       incident;
	char            ref[32];
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
	f->bob = tu_open_as(f->dir, "bob");
	f->lee = tu_open_as(f->dir, "lee");
	f->pbdir = tu_config_dir(f->dir, "playbooks");
	tu_write_yaml(f->pbdir, "test-flow", flow_v1);
	tu_import_templates(f->s);
	f->incident = tu_incident_new_ref(f->s, &(struct incident_new){
	    .title = "Widget leaks tokens", .trigger_kind = "vulnerability",
	    .severity = "high" }, f->ref, sizeof f->ref);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	session_close(&f->bob);
	session_close(&f->lee);
	tu_session_free(&f->s, &f->dir);
	free(f->pbdir);
	free(f);
	return 0;
}

/* Start VARIANT (NULL: all) of test-flow about the fixture's incident;
 * returns the first id. */
static long long
start(struct fx *f, const char *variant, size_t expect_n)
{
	return tu_comm_start(f->s, f->ref, "test-flow", variant, expect_n);
}

/*
 * The preview of OUTPUT of D (comm_preview()) through a template of these
 * tests' own, stored as KIND.md: the answers as a reader reads them,
 * whatever the shipped templates look like. *TEXT is allocated.
 */
static const char preview_md[] =
    "{{{title}}}\n"
    "Incident: {{{ref}}}\n"
    "Revision: {{revision}}\n"
    "{{#fields}}\n"
    "{{{label}}}:{{^is_multiline}} {{{text}}}{{/is_multiline}}"
    "{{#is_multiline}}\n{{{text}}}{{/is_multiline}}\n"
    "{{/fields}}\n"
    "{{#has_revisions}}\n"
    "Revision history\n"
    "{{#revisions}}\n"
    "  {{revision}}  {{{date}}}  {{{reason_label}}}\n"
    "{{/revisions}}\n"
    "{{/has_revisions}}\n";

static enum status
preview_text(struct session *s, const struct comm_doc *d, const char *output,
    char **text, struct err *err)
{
	struct rendered r = { 0 };
	char *name = xasprintf("%s.md", d->comm.kind);
	enum status st;

	/* As "KIND.md", which comes before any other for a page. */
	*text = NULL;
	if (template_store(s, name, preview_md, NULL, NULL, err) != ST_OK)
		fail_msg("template: %s", err->msg);
	if ((st = comm_preview(s, d, output, NULL, &r, err)) == ST_OK) {
		*text = r.text;
		r.text = NULL;
		/* What made it is named. */
		assert_string_equal(r.template_name, name);
		assert_true(r.template_version >= 1);
		assert_true(hash_is_sha256_hex(r.template_hash));
	}
	rendered_clear(&r);
	free(name);
	return st;
}

/* The states of ID's steps as "facts=current check=not reached ...". */
static void
expect_steps(struct session *s, long long id, const char *want)
{
	struct comm_doc d = { 0 };
	struct rowlist l;
	struct step_status *ss;
	struct err err = { 0 };
	char got[512] = "";
	size_t i, len = 0;

	tu_comm_open(s, id, &d);
	assert_int_equal(comm_steps(s, &d, &l, &err), ST_OK);
	for (i = 0; i < l.count; i++) {
		ss = rowlist_at(&l, i);
		len += (size_t)snprintf(got + len, sizeof got - len, "%s%s=%s",
		    i > 0 ? " " : "", ss->step->id, step_state_name(ss->state));
	}
	rowlist_free(&l, (row_clear_fn)step_status_clear);
	comm_doc_clear(&d);
	assert_string_equal(got, want);
}

static void
test_start(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 }, d2 = { 0 };
	long long first, before = tu_audit_count(f->s);
	const char *path = session_path(f->s);

	first = start(f, NULL, 2);
	assert_int_equal(tu_count_rows(path, "playbooks"), 1);
	assert_int_equal(tu_sql_int(path, "SELECT count(*) FROM audit WHERE"
	    " action = 'playbook.store'"), 1);
	assert_int_equal(tu_count_rows(path, "revisions"), 2);
	assert_true(tu_audit_count(f->s) > before + 2);
	tu_comm_open(f->s, first, &d);
	assert_string_equal(d.comm.variant, "public");
	assert_string_equal(d.comm.kind, "advisory");
	assert_string_equal(d.comm.playbook, "test-flow");
	assert_string_equal(d.comm.playbook_version, "1");
	assert_string_equal(d.comm.playbook_hash, d.pb->hash);
	assert_string_equal(d.variant->id, "public");
	assert_string_equal(d.incident_ref, f->ref);
	assert_non_null(strstr(d.comm.title, "Public advisory"));
	assert_non_null(strstr(d.comm.title, f->ref));
	/* Defaults start with the field. */
	assert_string_equal(comm_value(&d, "impact"), "low");
	assert_null(comm_value(&d, "summary"));
	comm_doc_clear(&d);
	tu_comm_open(f->s, first + 1, &d);
	assert_string_equal(d.comm.variant, "customers");
	assert_string_equal(d.comm.kind, "customer-notice");
	assert_string_equal(d.comm.audience, "customers");
	comm_doc_clear(&d);

	/* Another communication of the incident and playbook starts with
	 * the answers already given; the same text is stored once. */
	tu_comm_set(f->s, first, "summary", "Tokens leak in logs");
	tu_comm_set(f->s, first, "impact", "high");
	start(f, "customers", 1);
	assert_int_equal(tu_count_rows(path, "playbooks"), 1);
	tu_comm_open(f->s, first + 2, &d);
	assert_string_equal(comm_value(&d, "summary"), "Tokens leak in logs");
	assert_string_equal(comm_value(&d, "impact"), "high");
	comm_doc_clear(&d);

	/* The file changes: new communications take the new text, the old
	 * ones keep theirs. */
	{
		char *v2 = xstrdup(flow_v1), *p;

		p = strstr(v2, "version: \"1\"");
		p[10] = '2';
		p = strstr(v2, "label: Summary");
		memcpy(p, "label: Synopsi", 14);
		tu_write_yaml(f->pbdir, "test-flow", v2);
		free(v2);
	}
	start(f, "public", 1);
	assert_int_equal(tu_count_rows(path, "playbooks"), 2);
	tu_comm_open(f->s, first, &d);
	tu_comm_open(f->s, first + 3, &d2);
	assert_string_equal(d.comm.playbook_version, "1");
	assert_string_equal(d.pb->version, "1");
	assert_string_equal(playbook_field(d.pb, "summary", NULL)->label,
	    "Summary");
	assert_string_equal(d2.pb->version, "2");
	assert_string_equal(playbook_field(d2.pb, "summary", NULL)->label,
	    "Synopsi");
	assert_string_not_equal(d.comm.playbook_hash, d2.comm.playbook_hash);
	comm_doc_clear(&d);
	comm_doc_clear(&d2);
	/* Even a broken file does not stop the old ones opening. */
	tu_write_yaml(f->pbdir, "test-flow", "playbook: [\n");
	tu_comm_open(f->s, first, &d);
	comm_doc_clear(&d);
	tu_expect_chain_ok(f->s);
}

static void
test_start_refused(void **state)
{
	struct fx *f = *state;
	struct session *sam = tu_open_as(f->dir, "sam");
	long long ids[4], before = tu_audit_count(f->s);
	size_t n = 9;
	struct err err = { 0 };

	assert_int_equal(comm_start(f->s, &(struct comm_start){
	    .incident = f->ref, .playbook = "test-flow", .variant = "nope" },
	    ids, 4, &n, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "nope"));
	assert_non_null(strstr(err.msg, "public, customers"));
	assert_int_equal(n, 0);
	assert_int_equal(comm_start(f->s, &(struct comm_start){
	    .playbook = "test-flow" }, ids, 4, &n, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "incident"));
	assert_int_equal(comm_start(f->s, &(struct comm_start){
	    .incident = "SEC-1999-001", .playbook = "test-flow" }, ids, 4, &n,
	    &err), ST_NOTFOUND);
	assert_int_equal(comm_start(f->s, &(struct comm_start){
	    .incident = f->ref, .playbook = "no-such" }, ids, 4, &n, &err),
	    ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "no-such"));
	assert_int_equal(comm_start(f->s, &(struct comm_start){
	    .incident = f->ref, .playbook = "test-flow" }, ids, 1, &n, &err),
	    ST_INVALID);
	assert_int_equal(comm_start(f->s, &(struct comm_start){
	    .incident = f->ref, .cycle = "widget 4.2", .playbook = "test-flow" },
	    ids, 4, &n, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "cycle"));
	assert_int_equal(comm_start(sam, &(struct comm_start){
	    .incident = f->ref, .playbook = "test-flow" }, ids, 4, &n, &err),
	    ST_DENIED);
	tu_write_yaml(f->pbdir, "broken", "playbook: broken\nversion: [\n");
	assert_int_equal(comm_start(f->s, &(struct comm_start){
	    .incident = f->ref, .playbook = "broken" }, ids, 4, &n, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "broken.yaml:"));
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(tu_count_rows(session_path(f->s), "communications"), 0);
	assert_int_equal(tu_count_rows(session_path(f->s), "playbooks"), 0);
	session_close(&sam);
}

static void
test_set_answer(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 }, db = { 0 };
	struct err err = { 0 };
	long long id = start(f, "public", 1), v = 0, before;
	char warning[VALIDATE_WARN_MAX];

	tu_comm_open(f->s, id, &d);
	before = tu_audit_count(f->s);
	/* Bad input names the field and saves nothing. */
	assert_int_equal(comm_set_answer(f->s, &d, "summary",
	    "far too long a summary for forty characters", 0, &v, warning, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "Summary"));
	assert_int_equal(comm_set_answer(f->s, &d, "impact", "middling", 1, &v,
	    warning, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "Impact"));
	assert_int_equal(comm_set_answer(f->s, &d, "nope", "x", 0, &v, warning,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "nope"));
	/* A field of a step the variant does not have. */
	assert_int_equal(comm_set_answer(f->s, &d, "advice", "x", 0, &v, warning,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "advice"));
	assert_int_equal(tu_audit_count(f->s), before);

	/* A good one: stored in its stored form, audited, a new version of
	 * the communication but the same revision. */
	assert_int_equal(comm_set_answer(f->s, &d, "impact", "high", 1, &v,
	    warning, &err), ST_OK);
	assert_int_equal(v, 2);
	tu_expect_audit_has(f->s, NULL, "answer.set", NULL, "\"impact\"");
	assert_int_equal(comm_set_answer(f->s, &d, "summary", "Tokens leak", 0,
	    &v, warning, &err), ST_OK);
	assert_int_equal(v, 1);
	assert_int_equal(comm_reload(f->s, &d, &err), ST_OK);
	assert_string_equal(comm_value(&d, "summary"), "Tokens leak");
	assert_int_equal(d.comm.revision, 1);
	assert_int_equal(d.comm.version, 4);  /* created, default, 2 edits */

	/* Two people: the same field conflicts, another field does not. */
	tu_comm_open(f->bob, id, &db);
	assert_int_equal(comm_set_answer(f->s, &d, "summary", "Ada's words", 1,
	    &v, warning, &err), ST_OK);
	before = tu_audit_count(f->s);
	assert_int_equal(comm_set_answer(f->bob, &db, "summary", "Bob's words",
	    comm_answer_row(&db, "summary")->version, &v, warning, &err),
	    ST_CONFLICT);
	assert_non_null(strstr(err.msg, "summary"));
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(comm_set_answer(f->bob, &db, "details", "In the logs",
	    0, &v, warning, &err), ST_OK);
	assert_int_equal(comm_reload(f->s, &d, &err), ST_OK);
	assert_string_equal(comm_value(&d, "summary"), "Ada's words");
	assert_string_equal(comm_value(&d, "details"), "In the logs");
	assert_int_equal(comm_answer_row(&d, "details")->edited_by,
	    f->bob->user.id);
	comm_doc_clear(&db);
	comm_doc_clear(&d);
	tu_expect_chain_ok(f->s);
}

static void
test_steps(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct rowlist l;
	struct step_status *ss;
	struct err err = { 0 };
	long long id = start(f, "public", 1), before;

	expect_steps(f->s, id, "facts=current check=not reached "
	    "approve=not reached send=not reached");
	tu_comm_open(f->s, id, &d);
	assert_int_equal(comm_steps(f->s, &d, &l, &err), ST_OK);
	ss = rowlist_at(&l, 0);
	assert_non_null(strstr(ss->problem, "Summary"));
	assert_null(ss->done_at);
	rowlist_free(&l, (row_clear_fn)step_status_clear);
	comm_doc_clear(&d);

	/* Refused while invalid, out of order, or not markable by hand. */
	before = tu_audit_count(f->s);
	assert_int_equal(tu_comm_step_done(f->s, id, "facts", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "Summary"));
	assert_int_equal(tu_comm_step_done(f->s, id, "check", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "facts"));
	assert_int_equal(tu_comm_step_done(f->s, id, "approve", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "gate"));
	assert_int_equal(tu_comm_step_done(f->s, id, "words", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "words"));
	assert_int_equal(tu_comm_step_done(f->s, id, "nope", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "nope"));
	assert_int_equal(tu_audit_count(f->s), before);
	tu_comm_open(f->s, id, &d);
	assert_int_equal(comm_submit(f->s, &d, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "facts"));
	comm_doc_clear(&d);

	/* Allowed once valid; again changes nothing. */
	tu_comm_set(f->s, id, "summary", "Tokens leak");
	assert_int_equal(tu_comm_step_done(f->s, id, "facts", &err), ST_OK);
	tu_expect_audit_has(f->s, NULL, "step.done", NULL, "\"facts\"");
	before = tu_audit_count(f->s);
	assert_int_equal(tu_comm_step_done(f->s, id, "facts", &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), before);
	expect_steps(f->s, id, "facts=done check=current "
	    "approve=not reached send=not reached");
	assert_int_equal(tu_comm_step_done(f->s, id, "check", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "proofread"));
	tu_comm_set(f->s, id, "check", "proofread");
	assert_int_equal(tu_comm_step_done(f->s, id, "check", &err), ST_OK);
	expect_steps(f->s, id, "facts=done check=done "
	    "approve=current send=not reached");

	/* An edit that makes a done step invalid takes its mark, and the
	 * later ones, away; an edit that keeps it valid does not. */
	tu_comm_set(f->s, id, "summary", "Tokens leak in logs");
	expect_steps(f->s, id, "facts=done check=done "
	    "approve=current send=not reached");
	tu_comm_set(f->s, id, "summary", "");
	expect_steps(f->s, id, "facts=current check=not reached "
	    "approve=not reached send=not reached");
	tu_expect_audit_has(f->s, NULL, "step.reopen", NULL, "\"edited\"");
	assert_int_equal(tu_count_rows(session_path(f->s), "step_marks"), 0);

	/* Reopen by hand. */
	tu_comm_set(f->s, id, "summary", "Tokens leak");
	assert_int_equal(tu_comm_step_done(f->s, id, "facts", &err), ST_OK);
	assert_int_equal(tu_comm_step_done(f->s, id, "check", &err), ST_OK);
	tu_comm_open(f->s, id, &d);
	assert_int_equal(comm_step_reopen(f->s, &d, "check", &err), ST_OK);
	tu_expect_audit_has(f->s, NULL, "step.reopen", NULL, "\"reopened\"");
	assert_int_equal(comm_step_reopen(f->s, &d, "check", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "not done"));
	comm_doc_clear(&d);
	expect_steps(f->s, id, "facts=done check=current "
	    "approve=not reached send=not reached");
	assert_int_equal(tu_comm_step_done(f->s, id, "check", &err), ST_OK);

	/* Sent for review: the gate waits. */
	tu_comm_open(f->s, id, &d);
	assert_int_equal(comm_submit(f->s, &d, &err), ST_OK);
	tu_expect_audit_has(f->s, NULL, "communication.state", NULL,
	    "\"in-review\"");
	assert_int_equal(comm_submit(f->s, &d, &err), ST_INVALID);
	comm_doc_clear(&d);
	expect_steps(f->s, id, "facts=done check=done "
	    "approve=waiting for approval send=not reached");
	/* Nobody approves it by hand; the approval does. */
	assert_int_equal(communication_set_state(f->lee, id,
	    tu_communication_version(f->s, id), "approved", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "herald approve"));
	assert_int_equal(communication_set_state(f->s, id,
	    tu_communication_version(f->s, id), "approved", &err), ST_INVALID);
	tu_comm_expect_state(f->s, id, "in-review");
	/* Approved: the gate is done and publishing is next. */
	tu_comm_decide(f->lee, id, "approve");
	tu_comm_expect_state(f->s, id, "approved");
	expect_steps(f->s, id, "facts=done check=done approve=done "
	    "send=current");
}

/* Take ID through its steps to approved. */
static void
to_approved(struct fx *f, long long id, const char *summary)
{
	tu_comm_set(f->s, id, "summary", summary);
	tu_comm_set(f->s, id, "check", "proofread");
	tu_comm_approve(f->s, f->lee, id, "facts", "check", NULL);
}

static void
test_publish_update_withdraw(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct rowlist l;
	struct revision *r;
	struct err err = { 0 };
	long long id = start(f, "public", 1), before;

	tu_comm_open(f->s, id, &d);
	assert_int_equal(comm_publish(f->s, &d, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "approved"));
	assert_int_equal(comm_update(f->s, &d, "new facts", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "published"));
	assert_int_equal(comm_withdraw(f->s, &d, "wrong", &err), ST_INVALID);
	comm_doc_clear(&d);

	to_approved(f, id, "Tokens leak");
	tu_comm_open(f->s, id, &d);
	assert_int_equal(comm_publish(f->s, &d, &err), ST_OK);
	tu_expect_audit_has(f->s, NULL, "revision.publish", NULL,
	    "\"revision\":1");
	assert_int_equal(comm_reload(f->s, &d, &err), ST_OK);
	assert_string_equal(d.comm.state, "published");
	assert_string_equal(d.comm.published_at, "2026-03-01T12:00:00Z");
	expect_steps(f->s, id, "facts=done check=done approve=done send=done");

	/* An update: revision 2, a draft again, steps to go through again,
	 * the answers kept and the published revision's snapshot too. */
	assert_int_equal(comm_update(f->s, &d, "", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "reason"));
	/* The reason is a kind of update, with a note if wanted; the
	 * console's typing ("Fix available: ...") is read the same. */
	before = tu_audit_count(f->s);
	assert_int_equal(comm_update(f->s, &d, "A fix is available", &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "reason: \"A fix is available\" is not a "
	    "kind of update; say new-facts, fix-available, resolved or "
	    "correction, and a note after a colon if you like");
	assert_int_equal(comm_update(f->s, &d, ": 4.2.1 is out", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "say why: new-facts"));
	assert_int_equal(comm_update(f->s, &d, "fix-available: bad\x07", &err),
	    ST_INVALID);
	assert_int_equal(comm_update_note(f->s, &d, "fixed", NULL, &err),
	    ST_INVALID);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(comm_update(f->s, &d, " Fix available :  4.2.1 is "
	    "out ", &err), ST_OK);
	/* The chain keeps the kind of update; the note is text, kept on the
	 * revision only. */
	tu_expect_audit_has(f->s, NULL, "communication.update", NULL,
	    "\"kind\":\"fix-available\"");
	tu_expect_audit_lacks(f->s, "4.2.1 is out");
	assert_int_equal(comm_reload(f->s, &d, &err), ST_OK);
	assert_int_equal(d.comm.revision, 2);
	assert_string_equal(d.comm.state, "draft");
	assert_string_equal(comm_value(&d, "summary"), "Tokens leak");
	expect_steps(f->s, id, "facts=current check=not reached "
	    "approve=not reached send=not reached");
	assert_int_equal(comm_revisions(f->s, id, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	r = rowlist_at(&l, 0);
	assert_int_equal(r->revision, 1);
	assert_string_equal(r->published_at, "2026-03-01T12:00:00Z");
	assert_non_null(strstr(r->snapshot, "\"summary\":\"Tokens leak\""));
	r = rowlist_at(&l, 1);
	assert_int_equal(r->revision, 2);
	assert_string_equal(r->reason, "fix-available: 4.2.1 is out");
	assert_null(r->published_at);
	rowlist_free(&l, (row_clear_fn)revision_clear);
	comm_doc_clear(&d);

	/* Revision 2 goes out too; the first publication time stays. */
	to_approved(f, id, "Fixed in 4.2.1");
	tu_comm_open(f->s, id, &d);
	assert_int_equal(comm_publish(f->s, &d, &err), ST_OK);
	assert_int_equal(comm_revisions(f->s, id, &l, &err), ST_OK);
	r = rowlist_at(&l, 1);
	assert_non_null(r->published_at);
	assert_non_null(strstr(r->snapshot, "Fixed in 4.2.1"));
	r = rowlist_at(&l, 0);
	assert_non_null(strstr(r->snapshot, "\"Tokens leak\""));
	rowlist_free(&l, (row_clear_fn)revision_clear);

	/* Every output keeps the revision history. */
	assert_int_equal(comm_reload(f->s, &d, &err), ST_OK);
	{
		char *text = NULL;

		assert_int_equal(preview_text(f->s, &d, NULL, &text, &err),
		    ST_OK);
		assert_non_null(strstr(text, "\nRevision history\n"
		    "  1  2026-03-01  First version\n"
		    "  2  2026-03-01  Fix available: 4.2.1 is out\n"));
		assert_non_null(strstr(text, f->ref));
		free(text);
	}

	/* Withdrawn, with its reason. */
	before = tu_audit_count(f->s);
	assert_int_equal(comm_withdraw(f->s, &d, "", &err), ST_INVALID);
	assert_int_equal(tu_audit_count(f->s), before);
	assert_int_equal(comm_withdraw(f->s, &d, "Sent to the wrong list", &err),
	    ST_OK);
	tu_expect_audit_has(f->s, NULL, "communication.withdraw", NULL,
	    "\"reason_sha256\":\"");
	tu_expect_audit_lacks(f->s, "wrong list");
	assert_int_equal(comm_reload(f->s, &d, &err), ST_OK);
	assert_string_equal(d.comm.state, "withdrawn");
	assert_int_equal(comm_set_answer(f->s, &d, "summary", "x",
	    comm_answer_row(&d, "summary")->version, NULL, NULL, &err),
	    ST_INVALID);
	assert_int_equal(comm_update(f->s, &d, "new-facts", &err), ST_INVALID);
	comm_doc_clear(&d);
	tu_expect_chain_ok(f->s);
}

static void
test_preview(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	long long id = start(f, "public", 1);
	char *text = NULL;

	tu_comm_set(f->s, id, "summary", "Tokens leak");
	tu_comm_open(f->s, id, &d);
	assert_int_equal(preview_text(f->s, &d, NULL, &text, &err), ST_OK);
	assert_non_null(strstr(text, f->ref));
	assert_non_null(strstr(text, d.comm.title));
	assert_non_null(strstr(text, "Summary: Tokens leak\n"));
	assert_non_null(strstr(text, "Impact: low\n"));
	{
		const struct pb_output *used = NULL;
		struct rendered r = { 0 };

		/* The first output of the variant, named. */
		assert_int_equal(comm_preview(f->s, &d, NULL, &used, &r, &err),
		    ST_OK);
		assert_non_null(used);
		assert_string_equal(used->id, "web");
		assert_string_equal(r.text, text);
		rendered_clear(&r);
	}
	/* Hidden while the impact is low; not in this variant at all. */
	assert_null(strstr(text, "Details"));
	assert_null(strstr(text, "Advice"));
	free(text);
	comm_doc_clear(&d);
	tu_comm_set(f->s, id, "impact", "high");
	tu_comm_set(f->s, id, "details", "Line one\nLine two");
	tu_comm_open(f->s, id, &d);
	assert_int_equal(preview_text(f->s, &d, "web", &text, &err), ST_OK);
	assert_non_null(strstr(text, "Details:\nLine one\nLine two\n"));
	free(text);
	assert_int_equal(preview_text(f->s, &d, "feed", &text, &err),
	    ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "its outputs: "));
	assert_non_null(strstr(err.msg, "feed"));
	assert_null(text);
	comm_doc_clear(&d);
}

/* Fields that start with what the incident knows; booleans and choices
 * that a reader reads by their labels. */
static const char from_pb[] =
    "playbook: test-from\n"
    "version: \"1\"\n"
    "title: From the incident\n"
    "kind: advisory\n"
    "audience: public\n"
    "steps:\n"
    "  - id: facts\n"
    "    kind: form\n"
    "    title: Facts\n"
    "    fields:\n"
    "      - { id: title, type: text, label: Title, from: incident.title }\n"
    "      - { id: ref, type: text, label: Reference, from: incident.ref }\n"
    "      - { id: summary, type: long-text, label: Summary, from: "
    "incident.summary, default: To be written }\n"
    "      - { id: score, type: cvss, label: CVSS, from: incident.cvss }\n"
    "      - { id: severity, type: choice, label: Severity, from: "
    "incident.severity, options: [{ value: high, label: High impact }, "
    "{ value: low, label: Low impact }] }\n"
    "      - { id: aware, type: datetime, label: Aware, from: "
    "incident.aware-at }\n"
    "      - { id: fixed, type: datetime, label: Fixed, from: "
    "incident.fix-available-at }\n"
    "      - { id: products, type: products, label: Products, from: "
    "incident.affected }\n"
    "      - { id: public, type: boolean, label: Made public, default: "
    "true }\n"
    "      - { id: channels, type: multi-choice, label: Channels, options: "
    "[{ value: web, label: Web page }, { value: mail, label: E-mail }] }\n"
    "  - id: check\n"
    "    kind: checklist\n"
    "    title: Before review\n"
    "    items: [proofread]\n"
    "  - id: approve\n"
    "    kind: gate\n"
    "    title: Approval\n"
    "    roles: [approver:legal]\n";

/* A second incident that knows more: a summary, a score, when we heard,
 * and two affected rows. */
static void
rich_incident(struct fx *f, char *ref, size_t n)
{
	struct incident inc = { 0 };
	struct err err = { 0 };
	struct cycle cy = { 0 };
	long long pid = 0, cid = 0, iid;

	iid = tu_incident_new(f->s, &(struct incident_new){
	    .title = "Gadget admin bypass", .summary = "Any user can reach "
	    "the admin routes.", .trigger_kind = "vulnerability",
	    .severity = "high", .cvss_vector =
	    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
	    .aware_at = "2026-03-01T10:00:00+01:00" });
	assert_int_equal(product_create(f->s, "gadget", "Gadget", "", NULL,
	    &pid, &err), ST_OK);
	cy.product_id = pid;
	cy.cycle = (char *)"2.1";
	assert_int_equal(cycle_create(f->s, &cy, &cid, &err), ST_OK);
	assert_int_equal(affected_add(f->s, &(struct affected_new){
	    .incident_id = iid, .product_id = pid, .cycle_id = cid,
	    .version_range = "<2.1.4", .status = "known_affected" }, NULL,
	    &err), ST_OK);
	assert_int_equal(affected_add(f->s, &(struct affected_new){
	    .incident_id = iid, .product_id = pid, .status =
	    "known_not_affected", .justification =
	    "vulnerable_code_not_present", .ecosystem = "npm", .package =
	    "gadget-client" }, NULL, &err), ST_OK);
	snprintf(ref, n, "%lld", iid);
	assert_int_equal(incident_get(f->s, ref, &inc, &err), ST_OK);
	snprintf(ref, n, "%s", inc.ref);
	incident_clear(&inc);
}

static void
test_from_incident(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	char ref[32];
	long long id;

	tu_write_yaml(f->pbdir, "test-from", from_pb);
	rich_incident(f, ref, sizeof ref);
	id = tu_comm_start(f->s, ref, "test-from", NULL, 1);
	tu_comm_open(f->s, id, &d);
	assert_string_equal(comm_value(&d, "title"), "Gadget admin bypass");
	assert_string_equal(comm_value(&d, "ref"), ref);
	assert_string_equal(comm_value(&d, "summary"), "Any user can reach "
	    "the admin routes.");
	assert_string_equal(comm_value(&d, "score"),
	    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H");
	assert_string_equal(comm_value(&d, "severity"), "high");
	/* Stored as validate_answer() stores it: UTC. */
	assert_string_equal(comm_value(&d, "aware"), "2026-03-01T09:00:00Z");
	/* Not known yet: no answer. */
	assert_null(comm_value(&d, "fixed"));
	/* The rows as the products field stores them, keys in its order. */
	assert_string_equal(comm_value(&d, "products"),
	    "[{\"product\":\"gadget\",\"cycle\":\"2.1\",\"range\":"
	    "\"<2.1.4\",\"status\":\"known_affected\"},{\"product\":"
	    "\"gadget\",\"status\":\"known_not_affected\",\"justification\":"
	    "\"vulnerable_code_not_present\",\"ecosystem\":\"npm\","
	    "\"package\":\"gadget-client\"}]");
	assert_string_equal(comm_value(&d, "public"), "yes");
	comm_doc_clear(&d);

	/* The fixture's incident has no summary, score or products: the
	 * default, or nothing; its severity is still known. */
	id = tu_comm_start(f->s, f->ref, "test-from", NULL, 1);
	tu_comm_open(f->s, id, &d);
	assert_string_equal(comm_value(&d, "title"), "Widget leaks tokens");
	assert_string_equal(comm_value(&d, "summary"), "To be written");
	assert_null(comm_value(&d, "score"));
	assert_null(comm_value(&d, "products"));
	assert_string_equal(comm_value(&d, "severity"), "high");
	comm_doc_clear(&d);

	/* A sibling's answer comes first: it may have been corrected. */
	tu_comm_set(f->s, id, "title", "Widget: tokens in logs");
	tu_comm_set(f->s, id, "summary", "");
	id = tu_comm_start(f->s, f->ref, "test-from", NULL, 1);
	tu_comm_open(f->s, id, &d);
	assert_string_equal(comm_value(&d, "title"), "Widget: tokens in logs");
	assert_string_equal(comm_value(&d, "summary"), "To be written");
	comm_doc_clear(&d);
	tu_expect_chain_ok(f->s);
}

/* The preview is what a reader gets: no checklist, nothing unanswered,
 * labels for booleans and choices, and the revision history. */
static void
test_preview_reader(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	char ref[32], *text = NULL;
	long long id;

	tu_write_yaml(f->pbdir, "test-from", from_pb);
	rich_incident(f, ref, sizeof ref);
	id = tu_comm_start(f->s, ref, "test-from", NULL, 1);
	tu_comm_set(f->s, id, "channels", "web\nmail");
	tu_comm_set(f->s, id, "check", "proofread");
	tu_comm_set(f->s, id, "fixed", "");
	tu_comm_open(f->s, id, &d);
	assert_int_equal(preview_text(f->s, &d, NULL, &text, &err), ST_OK);
	assert_non_null(strstr(text, "Incident: "));
	assert_non_null(strstr(text, ref));
	assert_non_null(strstr(text, "\nTitle: Gadget admin bypass\n"));
	assert_non_null(strstr(text, "\nSeverity: High impact\n"));
	assert_non_null(strstr(text, "\nMade public: Yes\n"));
	assert_non_null(strstr(text, "\nChannels:\nWeb page\nE-mail\n"));
	assert_non_null(strstr(text, "\nCVSS: 8.8 High (CVSS:3.1/"));
	assert_non_null(strstr(text, "\nProducts:\nGadget 2.1, versions "
	    "<2.1.4: known affected\nGadget: known not affected "
	    "(vulnerable code not present)\n"));
	/* Unanswered: left out. A checklist is for staff. */
	assert_null(strstr(text, "Fixed"));
	assert_null(strstr(text, "no answer"));
	assert_null(strstr(text, "proofread"));
	assert_null(strstr(text, "Before review"));
	/* A first draft is its own revision, not yet dated. */
	assert_non_null(strstr(text, "\nRevision history\n  1  draft  "));
	free(text);
	/* A playbook without outputs still reads as a page. */
	{
		const struct pb_output *used = (const struct pb_output *)1;
		struct rendered r = { 0 };

		assert_int_equal(comm_preview(f->s, &d, NULL, &used, &r, &err),
		    ST_OK);
		assert_null(used);
		assert_non_null(strstr(r.media_type, "markdown"));
		rendered_clear(&r);
		assert_int_equal(comm_preview(f->s, &d, "page", &used, &r, &err),
		    ST_NOTFOUND);
		assert_null(r.text);
	}
	comm_doc_clear(&d);
	tu_expect_chain_ok(f->s);
}

/* The kinds of update and how they read. */
static void
test_update_reasons(void **state)
{
	char out[600], *label;
	struct err err = { 0 };
	const char *const *r = comm_update_reasons();

	(void)state;
	assert_string_equal(r[0], "new-facts");
	assert_string_equal(r[3], "correction");
	assert_null(r[4]);
	assert_int_equal(comm_update_reason("resolved", out, sizeof out, &err),
	    ST_OK);
	assert_string_equal(out, "resolved");
	assert_int_equal(comm_update_reason("New facts: scanning seen", out,
	    sizeof out, &err), ST_OK);
	assert_string_equal(out, "new-facts: scanning seen");
	assert_int_equal(comm_update_reason("correction:", out, sizeof out,
	    &err), ST_OK);
	assert_string_equal(out, "correction");
	assert_int_equal(comm_update_reason("fixed", out, sizeof out, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "\"fixed\" is not a kind of update"));
	assert_int_equal(comm_update_reason("new-factsx", out, sizeof out,
	    &err), ST_INVALID);
	assert_int_equal(comm_update_reason(NULL, out, sizeof out, &err),
	    ST_INVALID);
	label = comm_reason_label("fix-available: ARM packages");
	assert_string_equal(label, "Fix available: ARM packages");
	free(label);
	label = comm_reason_label("Sent to the wrong list");
	assert_string_equal(label, "Sent to the wrong list");
	free(label);
}

static const char report_pb[] =
    "playbook: test-report\n"
    "version: \"1\"\n"
    "title: Vulnerability report\n"
    "kind: vulnerability-report\n"
    "audience: internal\n"
    "opens-incident: true\n"
    "steps:\n"
    "  - id: report\n"
    "    kind: form\n"
    "    title: The report\n"
    "    fields:\n"
    "      - id: reporter\n"
    "        type: text\n"
    "        label: Reporter\n";

static const char eol_pb[] =
    "playbook: test-eol\n"
    "version: \"1\"\n"
    "title: End-of-life notice\n"
    "kind: eol-notice\n"
    "audience: customers\n"
    "steps:\n"
    "  - id: notice\n"
    "    kind: form\n"
    "    title: The notice\n"
    "    fields:\n"
    "      - { id: title, type: text, label: Title, from: cycle.title }\n"
    "      - { id: products, type: products, label: Product,"
    " from: cycle.product }\n"
    "      - { id: eol, type: datetime, label: End of life, from: cycle.eol,"
    " warn: [short-notice] }\n"
    "      - { id: ext, type: datetime, label: Extended support,"
    " from: cycle.extended-support-end }\n"
    "      - { id: latest, type: text, label: Latest,"
    " from: cycle.latest-version }\n"
    "      - { id: options, type: long-text, label: Options,"
    " from: cycle.post-eol-options }\n";

static void
test_opens_incident(void **state)
{
	struct fx *f = *state;
	struct playbook *pb = tu_playbook_parse(report_pb, "inline");
	struct comm_doc d = { 0 };
	struct incident inc = { 0 };
	struct err err = { 0 };
	long long ids[2];
	size_t n = 0;

	/* With no incident, a report opens one... */
	assert_int_equal(comm_start_with(f->s, &(struct comm_start){
	    .playbook = "test-report", .title = "XSS in the login page" },
	    pb, ids, 2, &n, &err), ST_OK);
	assert_int_equal(n, 1);
	tu_comm_open(f->s, ids[0], &d);
	assert_string_equal(d.comm.kind, "vulnerability-report");
	assert_string_equal(d.comm.title, "XSS in the login page");
	assert_non_null(d.incident_ref);
	assert_string_not_equal(d.incident_ref, f->ref);
	assert_int_equal(incident_get(f->s, d.incident_ref, &inc, &err), ST_OK);
	assert_string_equal(inc.trigger_kind, "vulnerability");
	assert_string_equal(inc.severity, "medium");
	assert_string_equal(inc.title, "XSS in the login page");
	incident_clear(&inc);
	comm_doc_clear(&d);
	/* ...or joins the one given. */
	assert_int_equal(comm_start_with(f->s, &(struct comm_start){
	    .incident = f->ref, .playbook = "test-report" }, pb, ids, 2, &n,
	    &err), ST_OK);
	tu_comm_open(f->s, ids[0], &d);
	assert_string_equal(d.incident_ref, f->ref);
	comm_doc_clear(&d);
	assert_int_equal(tu_count_rows(session_path(f->s), "incidents"), 2);
	playbook_free(&pb);
}

static void
test_eol(void **state)
{
	struct fx *f = *state;
	struct playbook *pb = tu_playbook_parse(eol_pb, "inline");
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	char warning[VALIDATE_WARN_MAX], *text = NULL;
	long long ids[2];
	size_t n = 0;

	tu_sql_exec(session_path(f->s),
	    "INSERT INTO products (slug, name, created_at, updated_at) VALUES"
	    " ('widget', 'Widget', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
	    "INSERT INTO cycles (product_id, cycle, eol, extended_support_end,"
	    " latest_version, post_eol_options, created_at, updated_at)"
	    " VALUES (1, '4.2', '2026-09-30', '2027-09-30', '4.2.17',"
	    " 'Extended support by contract.', '2026-01-01T00:00:00Z',"
	    " '2026-01-01T00:00:00Z'), (1, '5.0', '2028-01-31', '', '', '',"
	    " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');");
	assert_int_equal(comm_start_with(f->s, &(struct comm_start){
	    .incident = f->ref, .playbook = "test-eol" }, pb, ids, 2, &n, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "cycle"));
	assert_int_equal(comm_start_with(f->s, &(struct comm_start){
	    .cycle = "widget", .playbook = "test-eol" }, pb, ids, 2, &n, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "SLUG CYCLE"));
	assert_int_equal(comm_start_with(f->s, &(struct comm_start){
	    .cycle = "widget 9.9", .playbook = "test-eol" }, pb, ids, 2, &n,
	    &err), ST_NOTFOUND);
	assert_int_equal(comm_start_with(f->s, &(struct comm_start){
	    .cycle = "widget 4.2", .playbook = "test-eol" }, pb, ids, 2, &n,
	    &err), ST_OK);
	tu_comm_open(f->s, ids[0], &d);
	assert_null(d.incident_ref);
	assert_int_equal(d.comm.cycle_id, 1);
	assert_non_null(strstr(d.comm.title, "widget 4.2"));
	/* The cycle's facts are its first answers... */
	assert_string_equal(comm_value(&d, "title"), "End of life: Widget 4.2");
	assert_string_equal(comm_value(&d, "products"),
	    "[{\"product\":\"widget\",\"cycle\":\"4.2\","
	    "\"status\":\"known_affected\"}]");
	assert_string_equal(comm_value(&d, "eol"), "2026-09-30T00:00:00Z");
	assert_string_equal(comm_value(&d, "ext"), "2027-09-30T00:00:00Z");
	assert_string_equal(comm_value(&d, "latest"), "4.2.17");
	assert_string_equal(comm_value(&d, "options"),
	    "Extended support by contract.");
	/* ...so the short notice is said as soon as the step is done. */
	assert_int_equal(comm_step_done(f->s, &d, "notice", warning, &err),
	    ST_OK);
	assert_non_null(strstr(warning, "the end of life on 2026-09-30 is 6 "
	    "months away"));
	comm_warnings(f->s, &d, warning);
	assert_string_equal(warning, "the end of life on 2026-09-30 is 6 months "
	    "away: customers should have 12 months' notice");
	assert_int_equal(preview_text(f->s, &d, NULL, &text, &err), ST_OK);
	/* Readers get the form's title. */
	assert_non_null(strstr(text, "End of life: Widget 4.2"));
	free(text);
	comm_doc_clear(&d);
	assert_int_equal(comm_start_with(f->s, &(struct comm_start){
	    .cycle = "widget 5.0", .playbook = "test-eol" }, pb, ids, 2, &n,
	    &err), ST_OK);
	tu_comm_open(f->s, ids[0], &d);
	/* What the cycle does not say stays empty. */
	assert_string_equal(comm_value(&d, "eol"), "2028-01-31T00:00:00Z");
	assert_null(comm_value(&d, "ext"));
	assert_null(comm_value(&d, "latest"));
	assert_null(comm_value(&d, "options"));
	comm_warnings(f->s, &d, warning);
	assert_string_equal(warning, "");
	assert_int_equal(comm_step_done(f->s, &d, "notice", warning, &err),
	    ST_OK);
	assert_string_equal(warning, "");
	comm_doc_clear(&d);
	playbook_free(&pb);
}

static void
test_open_missing(void **state)
{
	struct fx *f = *state;
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	long long id;

	assert_int_equal(comm_open(f->s, 99, &d, &err), ST_NOTFOUND);
	/* A communication whose playbook was never stored fails to open,
	 * and says why. */
	assert_int_equal(communication_create(f->s, &(struct communication_new){
	    .incident_id = f->incident, .kind = "advisory", .audience = "public",
	    .title = "Old", .playbook = "security-advisory",
	    .playbook_version = "1", .playbook_hash =
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" },
	    &id, &err), ST_OK);
	assert_int_equal(comm_open(f->s, id, &d, &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "security-advisory"));
	assert_null(d.pb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_set_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_publish_update_withdraw,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_preview, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_incident, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_preview_reader, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_update_reasons, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_opens_incident, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_eol, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_missing, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
