/* tests/unit/test_preapproval.c - templates and playbooks approved in
 * advance: granting (who may, in which role, of what), revoking and
 * listing them, and whether a pre-approvable gate passes on them: at
 * the standard words, after a change to a variable field, not after a
 * change to free text, to a template's fixed text (a new import), to a
 * partial, or once revoked. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/canon.h"
#include "core/content.h"
#include "core/hash.h"
#include "core/incident.h"
#include "core/playbook.h"
#include "core/preapproval.h"
#include "core/template.h"
#include "core/user.h"
#include "core/workflow.h"
#include "util/xalloc.h"

/* A customer notice: the title and the customer's name are variable;
 * "body" is free text with standard words, "extra" free text without
 * any, "secret" internal (it never reaches a customer), "when" a fact.
 * The legal gate may pass on pre-approval, so may "legal-two" (two
 * lawyers), the security gate never. */
static const char notice_v1[] =
    "playbook: notice\n"
    "version: \"1\"\n"
    "title: Notice\n"
    "kind: customer-notice\n"
    "audience: customers\n"
    TU_PB_FACTS
    "      - id: title\n"
    "        type: text\n"
    "        label: Title\n"
    "        required: true\n"
    "        variable: true\n"
    "      - id: who\n"
    "        type: text\n"
    "        label: Customer\n"
    "        variable: true\n"
    "      - id: body\n"
    "        type: long-text\n"
    "        label: What happened\n"
    "        default: >\n"
    "          Standard words,\n"
    "          approved once.\n"
    "      - id: extra\n"
    "        type: long-text\n"
    "        label: More\n"
    "      - id: secret\n"
    "        type: long-text\n"
    "        label: Internal note\n"
    "        internal: true\n"
    "      - id: when\n"
    "        type: datetime\n"
    "        label: When\n"
    "  - id: legal\n"
    "    kind: gate\n"
    "    title: Legal\n"
    "    pre-approvable: true\n"
    "    roles: [approver:legal]\n"
    "  - id: legal-two\n"
    "    kind: gate\n"
    "    title: Two lawyers\n"
    "    pre-approvable: true\n"
    "    roles:\n"
    "      - role: approver:legal\n"
    "        count: 2\n"
    "  - id: security\n"
    "    kind: gate\n"
    "    title: Security\n"
    "    roles: [approver:security]\n"
    "  - id: send\n"
    "    kind: publish\n"
    "    title: Send\n"
    "    channels: [email]\n"
    "outputs:\n"
    "  - id: email\n"
    "    format: email\n"
    "    title: E-mail\n"
    "    template: notice.email.txt\n";

#define MAIL_V1 "Subject: {{title}}\n\nDear {{answers.who}},\n{{> sig.txt}}\n"
#define MAIL_V2 "Subject: {{title}}\n\nHello {{answers.who}},\n{{> sig.txt}}\n"

struct fx {
	struct session *s;          /* ada: admin and author */
	struct session *lena;       /* approver:legal */
	struct session *lou;        /* approver:legal */
	struct session *pete;       /* approver:pr */
	struct session *sam;        /* approver:security */
	struct session *alice;      /* author */
	char           *dir;
	char           *pbdir;
	long long       comm;       /* a notice about the incident */
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct err err = { 0 };

	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	tu_add_user(f->s, "lena", "approver:legal", NULL);
	tu_add_user(f->s, "lou", "approver:legal", NULL);
	tu_add_user(f->s, "pete", "approver:pr", NULL);
	tu_add_user(f->s, "sam", "approver:security", NULL);
	tu_add_user(f->s, "alice", "author", NULL);
	f->lena = tu_open_as(f->dir, "lena");
	f->lou = tu_open_as(f->dir, "lou");
	f->pete = tu_open_as(f->dir, "pete");
	f->sam = tu_open_as(f->dir, "sam");
	f->alice = tu_open_as(f->dir, "alice");
	f->pbdir = tu_config_dir(f->dir, "playbooks");
	tu_write_yaml(f->pbdir, "notice", notice_v1);
	assert_int_equal(template_store(f->s, "notice.email.txt", MAIL_V1, NULL,
	    NULL, &err), ST_OK);
	assert_int_equal(template_store(f->s, "partials/sig.txt",
	    "The Security Team\n", NULL, NULL, &err), ST_OK);
	assert_int_equal(template_store(f->s, "layout.html",
	    "<html>{{{content}}}</html>\n", NULL, NULL, &err), ST_OK);
	tu_incident_new(f->s, &(struct incident_new){
	    .title = "Contact data exposed", .trigger_kind = "data-breach",
	    .severity = "high" });
	f->comm = tu_comm_start(f->s, "1", "notice", NULL, 1);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	session_close(&f->lena);
	session_close(&f->lou);
	session_close(&f->pete);
	session_close(&f->sam);
	session_close(&f->alice);
	tu_session_free(&f->s, &f->dir);
	free(f->pbdir);
	free(f);
	return 0;
}

/* Pre-approve KIND NAME (VERSION, ROLE may be NULL) as S; the status,
 * the id in *ID (may be NULL) and the reason in ERR. */
static enum status
grant(struct session *s, const char *kind, const char *name,
    const char *version, const char *role, long long *id, struct err *err)
{
	struct preapproval_new in = { .kind = kind, .name = name,
	    .version = version, .role = role, .comment = "standard notice" };

	err_clear(err);
	return preapproval_grant(s, &in, id, err);
}

/* Grant as grant() does, or fail the test; returns the id. */
static long long
grant_ok(struct session *s, const char *kind, const char *name,
    const char *version)
{
	struct err err = { 0 };
	long long id = 0;

	if (grant(s, kind, name, version, NULL, &id, &err) != ST_OK)
		fail_msg("pre-approve %s %s: %s", kind, name, err.msg);
	assert_true(id > 0);
	return id;
}

/* A canonical form whose only output is one of FORMAT made from template
 * NAME as imported now (NULL: no template, as CSAF), as content_of()
 * writes it: the parts this module reads, and the answers. */
static void
canon_for(struct session *s, const char *format, const char *name,
    struct content *c)
{
	struct template_row t = { 0 };
	struct err err = { 0 };
	json_t *o, *tm = json_null();

	if (name != NULL) {
		assert_int_equal(template_get_latest(s, name, &t, &err), ST_OK);
		tm = json_pack("{s:s, s:I, s:s}", "name", t.name, "version",
		    (json_int_t)t.version, "hash", t.hash);
	}
	o = json_pack("{s:i, s:[{s:s, s:s, s:s, s:o}]}", "canon_version", 1,
	    "outputs", "id", "out", "format", format, "title", "Out",
	    "template", tm);
	assert_non_null(o);
	memset(c, 0, sizeof *c);
	assert_int_equal(canon_json(o, &c->canon, &c->len, &err), ST_OK);
	hash_sha256_hex(c->canon, c->len, c->hash);
	json_decref(o);
	template_row_clear(&t);
}

/* Gate GATE of communication ID as it stands, with content C (NULL: the
 * e-mail made from notice.email.txt now): whether it passes, and WHY. */
static bool
passes_with(struct fx *f, long long id, const char *gate,
    const struct content *c, char *why, size_t n)
{
	struct comm_doc d = { 0 };
	struct content own = { 0 };
	struct err err = { 0 };
	const struct pb_step *g;
	bool passes = true;

	tu_comm_open(f->s, id, &d);
	g = playbook_step(d.pb, gate);
	assert_non_null(g);
	if (c == NULL) {
		canon_for(f->s, "email", "notice.email.txt", &own);
		c = &own;
	}
	if (preapproval_gate_passes(f->s, &d, c, g, &passes, why, n, &err) !=
	    ST_OK)
		fail_msg("gate %s: %s", gate, err.msg);
	content_clear(&own);
	comm_doc_clear(&d);
	return passes;
}

static bool
passes(struct fx *f, const char *gate, char *why, size_t n)
{
	return passes_with(f, f->comm, gate, NULL, why, n);
}

/* Everything the notice uses, pre-approved by lena. */
static void
preapprove_all(struct fx *f)
{
	grant_ok(f->lena, "template", "notice.email.txt", NULL);
	grant_ok(f->lena, "template", "partials/sig.txt", NULL);
	grant_ok(f->lena, "playbook", "notice", NULL);
}

/* --- granting -------------------------------------------------------- */

static void
test_grant_degenerate(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };

	assert_int_equal(preapproval_grant(f->lena, NULL, NULL, &err),
	    ST_INVALID);
	assert_int_equal(grant(f->lena, "page", "x", NULL, NULL, NULL, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "a template or a playbook"));
	assert_int_equal(grant(f->lena, "template", "", NULL, NULL, NULL, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "name: which template?");
	assert_int_equal(grant(f->lena, "template", "notice.email.txt", "v0",
	    NULL, NULL, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "version v0"));
	assert_int_equal(grant(f->lena, "template", "notice.email.txt", "two",
	    NULL, NULL, &err), ST_INVALID);
	assert_int_equal(tu_count_rows(db_path(f->s->db), "preapprovals"), 0);
}

static void
test_grant_roles(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };

	/* Neither legal nor PR: refused, whatever they ask. */
	assert_int_equal(grant(f->alice, "template", "notice.email.txt", NULL,
	    NULL, NULL, &err), ST_DENIED);
	assert_string_equal(err.msg, "alice holds neither approver:legal nor "
	    "approver:pr: only legal and PR pre-approve");
	assert_int_equal(grant(f->sam, "template", "notice.email.txt", NULL,
	    NULL, NULL, &err), ST_DENIED);
	/* Security reads every word: no pre-approval in that role. */
	assert_int_equal(grant(f->sam, "template", "notice.email.txt", NULL,
	    "approver:security", NULL, &err), ST_INVALID);
	assert_string_equal(err.msg, "role approver:security: only "
	    "approver:legal and approver:pr pre-approve; the other gates read "
	    "every word");
	/* A role one does not hold. */
	assert_int_equal(grant(f->lena, "template", "notice.email.txt", NULL,
	    "approver:pr", NULL, &err), ST_DENIED);
	assert_string_equal(err.msg, "lena does not hold the approver:pr role");
	/* An admin is not a lawyer. */
	assert_int_equal(grant(f->s, "playbook", "notice", NULL, NULL, NULL,
	    &err), ST_DENIED);
	assert_int_equal(tu_count_rows(db_path(f->s->db), "preapprovals"), 0);
}

static void
test_grant_unknown(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };

	assert_int_equal(grant(f->lena, "template", "nothing.txt", NULL, NULL,
	    NULL, &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "no template nothing.txt: import it with "
	    "herald template import");
	assert_int_equal(grant(f->lena, "template", "notice.email.txt", "7",
	    NULL, NULL, &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "no template notice.email.txt version 7: "
	    "see herald template list");
	assert_int_equal(grant(f->lena, "playbook", "no-such-playbook", NULL,
	    NULL, NULL, &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "no playbook no-such-playbook: see herald "
	    "playbook list");
	assert_int_equal(grant(f->lena, "playbook", "notice", "9", NULL, NULL,
	    &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "no playbook notice version 9 (its file "
	    "is at version 1)");
	assert_int_equal(tu_count_rows(db_path(f->s->db), "preapprovals"), 0);
}

static void
test_grant_list(void **state)
{
	struct fx *f = *state;
	const struct preapproval *p;
	struct template_row t = { 0 };
	struct comm_doc d = { 0 };
	struct rowlist l;
	struct err err = { 0 };
	long long a, b, c, n_audit;
	char label[128];

	assert_int_equal(template_get_latest(f->s, "notice.email.txt", &t, &err),
	    ST_OK);
	n_audit = tu_audit_count(f->s);
	a = grant_ok(f->lena, "template", "notice.email.txt", "v1");
	tu_expect_audit(f->s, "user:2", "preapproval.grant", "preapproval:1",
	    NULL);
	tu_expect_audit_has(f->s, NULL, "preapproval.grant", NULL,
	    "\"role\":\"approver:legal\"");
	tu_expect_audit_has(f->s, NULL, "preapproval.grant", NULL, t.hash);
	assert_int_equal(tu_audit_count(f->s), n_audit + 1);
	b = grant_ok(f->pete, "playbook", "notice", NULL);
	c = grant_ok(f->lena, "playbook", "notice", "1");

	/* Twice by one person in one role: refused, naming the first. */
	assert_int_equal(grant(f->lena, "template", "notice.email.txt", NULL,
	    NULL, NULL, &err), ST_EXISTS);
	assert_string_equal(err.msg, "lena pre-approved template "
	    "notice.email.txt v1 as approver:legal already (pre-approval 1)");

	assert_int_equal(preapproval_list(f->alice, &l, &err), ST_OK);
	assert_int_equal(l.count, 3);
	p = rowlist_at(&l, 0);                  /* newest first */
	assert_int_equal(p->id, c);
	p = rowlist_at(&l, 1);
	assert_int_equal(p->id, b);
	assert_string_equal(p->kind, "playbook");
	assert_string_equal(p->role, "approver:pr");
	assert_string_equal(p->approver_login, "pete");
	tu_comm_open(f->s, f->comm, &d);
	assert_string_equal(p->hash, d.comm.playbook_hash);
	assert_string_equal(preapproval_label(p, label, sizeof label),
	    "playbook notice 1");
	comm_doc_clear(&d);
	p = rowlist_at(&l, 2);
	assert_int_equal(p->id, a);
	assert_string_equal(p->name, "notice.email.txt");
	assert_string_equal(p->version, "1");
	assert_string_equal(p->hash, t.hash);
	assert_string_equal(p->comment, "standard notice");
	assert_string_equal(p->decided_at, "2026-03-01T12:00:00Z");
	assert_null(p->revoked_at);
	assert_string_equal(preapproval_label(p, label, sizeof label),
	    "template notice.email.txt v1");
	rowlist_free(&l, (row_clear_fn)preapproval_clear);
	template_row_clear(&t);
}

/* The newest import is the default; an older version stays nameable. */
static void
test_grant_versions(void **state)
{
	struct fx *f = *state;
	struct preapproval p = { 0 };
	struct err err = { 0 };
	long long id;

	assert_int_equal(template_store(f->s, "notice.email.txt", MAIL_V2, NULL,
	    NULL, &err), ST_OK);
	id = grant_ok(f->lena, "template", "notice.email.txt", NULL);
	assert_int_equal(preapproval_get(f->lena, id, &p, &err), ST_OK);
	assert_string_equal(p.version, "2");
	preapproval_clear(&p);
	id = grant_ok(f->lena, "template", "notice.email.txt", "1");
	assert_int_equal(preapproval_get(f->lena, id, &p, &err), ST_OK);
	assert_string_equal(p.version, "1");
	preapproval_clear(&p);
}

/* --- revoking -------------------------------------------------------- */

static void
test_revoke(void **state)
{
	struct fx *f = *state;
	struct preapproval p = { 0 };
	struct err err = { 0 };
	long long a, b;

	a = grant_ok(f->lena, "template", "notice.email.txt", NULL);
	b = grant_ok(f->pete, "playbook", "notice", NULL);
	assert_int_equal(preapproval_revoke(f->lena, 0, &err), ST_INVALID);
	assert_int_equal(preapproval_revoke(f->lena, 99, &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "no pre-approval 99");
	/* Not one's own, not an admin. */
	assert_int_equal(preapproval_revoke(f->lou, a, &err), ST_DENIED);
	assert_string_equal(err.msg, "pre-approval 1 is lena's: only they or "
	    "an admin may revoke it");
	assert_int_equal(preapproval_revoke(f->lena, a, &err), ST_OK);
	tu_expect_audit(f->s, "user:2", "preapproval.revoke", "preapproval:1",
	    NULL);
	assert_int_equal(preapproval_revoke(f->lena, a, &err), ST_INVALID);
	assert_string_equal(err.msg, "pre-approval 1 was revoked already, at "
	    "2026-03-01T12:00:00Z");
	/* An admin may revoke anyone's. */
	assert_int_equal(preapproval_revoke(f->s, b, &err), ST_OK);
	tu_expect_audit_has(f->s, "user:1", "preapproval.revoke", NULL,
	    "\"approver\":4");
	assert_int_equal(preapproval_get(f->s, b, &p, &err), ST_OK);
	assert_non_null(p.revoked_at);
	assert_int_equal(p.revoked_by, 1);
	preapproval_clear(&p);
	tu_expect_chain_ok(f->s);
}

/* --- the gate -------------------------------------------------------- */

static void
test_gate_untouched(void **state)
{
	struct fx *f = *state;
	char why[PREAPPROVAL_WHY_MAX];
	struct preapproval_verdict v;
	struct comm_doc d = { 0 };
	struct content c = { 0 };
	struct err err = { 0 };

	/* Nothing pre-approved yet: it says what is missing. */
	assert_false(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "needs pre-approval of template notice.email.txt "
	    "v1 (legal), template partials/sig.txt v1 (legal) and playbook "
	    "notice 1 (legal)");
	preapprove_all(f);
	assert_true(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "pre-approved: templates notice.email.txt v1 "
	    "and partials/sig.txt v1, and playbook notice 1 (legal)");

	/* The verdict names the pre-approvals it rests on. */
	tu_comm_open(f->s, f->comm, &d);
	canon_for(f->s, "email", "notice.email.txt", &c);
	assert_int_equal(preapproval_gate_check(f->s, &d, &c,
	    playbook_step(d.pb, "legal"), &v, &err), ST_OK);
	assert_true(v.passes);
	assert_int_equal(v.n_ids, 3);
	assert_int_equal(v.ids[0], 1);
	assert_int_equal(v.ids[2], 3);
	preapproval_verdict_clear(&v);

	/* A gate not marked pre-approvable never passes this way. */
	assert_int_equal(preapproval_gate_check(f->s, &d, &c,
	    playbook_step(d.pb, "security"), &v, &err), ST_OK);
	assert_false(v.passes);
	assert_string_equal(v.why, "gate security is not pre-approvable");
	assert_int_equal(v.n_ids, 0);
	preapproval_verdict_clear(&v);
	content_clear(&c);
	comm_doc_clear(&d);

	/* PR's pre-approval does not stand in for legal's. */
	assert_int_equal(preapproval_revoke(f->lena, 3, &err), ST_OK);
	grant_ok(f->pete, "playbook", "notice", NULL);
	assert_false(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "needs pre-approval of playbook notice 1 (legal)");
}

static void
test_gate_variable_and_facts(void **state)
{
	struct fx *f = *state;
	char why[PREAPPROVAL_WHY_MAX];

	preapprove_all(f);
	tu_comm_set(f->alice, f->comm, "title", "Your contact data");
	tu_comm_set(f->alice, f->comm, "who", "Acme Ltd");
	tu_comm_set(f->alice, f->comm, "when", "2026-02-27T10:00:00Z");
	/* Internal words never reach the customer. */
	tu_comm_set(f->alice, f->comm, "secret", "Ask Bob first.");
	assert_true(passes(f, "legal", why, sizeof why));
	/* The standard words typed again, as the form stores them. */
	tu_comm_set(f->alice, f->comm, "body", "Standard words, approved "
	    "once.\n");
	assert_true(passes(f, "legal", why, sizeof why));
}

static void
test_gate_free_text(void **state)
{
	struct fx *f = *state;
	char why[PREAPPROVAL_WHY_MAX];

	preapprove_all(f);
	tu_comm_set(f->alice, f->comm, "body", "Standard words, approved "
	    "twice.");
	assert_false(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "free text changed: body");
	tu_comm_set(f->alice, f->comm, "extra", "A word of our own.");
	assert_false(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "free text changed: body and extra");
	/* Back to the standard words, the extra words taken out: it passes
	 * again. */
	tu_comm_set(f->alice, f->comm, "body", "Standard words, approved "
	    "once.");
	tu_comm_set(f->alice, f->comm, "extra", "");
	assert_true(passes(f, "legal", why, sizeof why));
	/* Taking the standard words out is a change too. */
	tu_comm_set(f->alice, f->comm, "body", "");
	assert_false(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "free text changed: body");
}

/* A template imported again with other fixed text is a new version with
 * a new hash: the pre-approval of the old one does not cover it. */
static void
test_gate_template_reimported(void **state)
{
	struct fx *f = *state;
	char why[PREAPPROVAL_WHY_MAX];
	struct err err = { 0 };

	preapprove_all(f);
	assert_true(passes(f, "legal", why, sizeof why));
	assert_int_equal(template_store(f->s, "notice.email.txt", MAIL_V2, NULL,
	    NULL, &err), ST_OK);
	assert_false(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "needs pre-approval of template notice.email.txt "
	    "v2 (legal)");
	grant_ok(f->lena, "template", "notice.email.txt", NULL);
	assert_true(passes(f, "legal", why, sizeof why));

	/* A partial's fixed text counts the same. */
	assert_int_equal(template_store(f->s, "partials/sig.txt",
	    "The Security Team (and friends)\n", NULL, NULL, &err), ST_OK);
	assert_false(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "needs pre-approval of template partials/sig.txt "
	    "v2 (legal)");
}

/* A communication started from another playbook file is another
 * playbook version, by hash; the old one's communications keep theirs. */
static void
test_gate_playbook_changed(void **state)
{
	struct fx *f = *state;
	char why[PREAPPROVAL_WHY_MAX], *v2;
	long long second;

	preapprove_all(f);
	v2 = xstrdup(notice_v1);
	memcpy(strstr(v2, "title: Notice"), "title: NOTICE", 13);
	tu_write_yaml(f->pbdir, "notice", v2);
	second = tu_comm_start(f->s, "1", "notice", NULL, 1);
	assert_true(passes(f, "legal", why, sizeof why));
	assert_false(passes_with(f, second, "legal", NULL, why, sizeof why));
	assert_string_equal(why, "needs pre-approval of playbook notice 1 (legal)");
	grant_ok(f->lena, "playbook", "notice", NULL);
	assert_true(passes_with(f, second, "legal", NULL, why, sizeof why));
	free(v2);
}

static void
test_gate_revoked(void **state)
{
	struct fx *f = *state;
	char why[PREAPPROVAL_WHY_MAX];
	struct err err = { 0 };

	preapprove_all(f);
	assert_true(passes(f, "legal", why, sizeof why));
	assert_int_equal(preapproval_revoke(f->lena, 2, &err), ST_OK);
	assert_false(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "needs pre-approval of template partials/sig.txt "
	    "v1 (legal)");
	grant_ok(f->lena, "template", "partials/sig.txt", NULL);
	assert_true(passes(f, "legal", why, sizeof why));

	/* One who no longer holds the role no longer counts. */
	assert_int_equal(user_revoke(f->s, "lena", "approver:legal", &err),
	    ST_OK);
	assert_false(passes(f, "legal", why, sizeof why));
	assert_non_null(strstr(why, "needs pre-approval of "));
}

/* A role that needs two approvals needs two people's pre-approvals. */
static void
test_gate_count(void **state)
{
	struct fx *f = *state;
	char why[PREAPPROVAL_WHY_MAX];

	preapprove_all(f);
	assert_false(passes(f, "legal-two", why, sizeof why));
	assert_string_equal(why, "needs pre-approval of template notice.email.txt "
	    "v1 (legal: 1 of 2), template partials/sig.txt v1 (legal: 1 of 2) "
	    "and playbook notice 1 (legal: 1 of 2)");
	grant_ok(f->lou, "template", "notice.email.txt", NULL);
	grant_ok(f->lou, "template", "partials/sig.txt", NULL);
	grant_ok(f->lou, "playbook", "notice", NULL);
	assert_true(passes(f, "legal-two", why, sizeof why));
}

/* What the canonical form says decides the templates: none for a
 * structured output, the page's frame for an HTML page, and nothing
 * passes on a form that does not say. */
static void
test_gate_outputs(void **state)
{
	struct fx *f = *state;
	char why[PREAPPROVAL_WHY_MAX];
	struct content c = { 0 };

	grant_ok(f->lena, "playbook", "notice", NULL);
	/* CSAF: made from the fields by herald, under the playbook. */
	canon_for(f->s, "csaf-incident", NULL, &c);
	assert_true(passes_with(f, f->comm, "legal", &c, why, sizeof why));
	assert_string_equal(why, "pre-approved: playbook notice 1 (legal)");
	content_clear(&c);

	/* An HTML page: its template, and the frame around it. */
	assert_int_equal(template_store(f->s, "notice.md", "# {{title}}\n",
	    NULL, NULL, NULL), ST_OK);
	grant_ok(f->lena, "template", "notice.md", NULL);
	canon_for(f->s, "html", "notice.md", &c);
	assert_false(passes_with(f, f->comm, "legal", &c, why, sizeof why));
	assert_string_equal(why, "needs pre-approval of template layout.html v1 "
	    "(legal)");
	grant_ok(f->lena, "template", "layout.html", NULL);
	assert_true(passes_with(f, f->comm, "legal", &c, why, sizeof why));
	content_clear(&c);

	/* A form without outputs, or an output that does not say. */
	c.canon = xstrdup("{\"answers\":{}}");
	c.len = strlen(c.canon);
	assert_false(passes_with(f, f->comm, "legal", &c, why, sizeof why));
	assert_string_equal(why, "the content lists no outputs, so which "
	    "templates it uses is not known");
	content_clear(&c);
	c.canon = xstrdup("{\"outputs\":[{\"id\":\"email\"}]}");
	c.len = strlen(c.canon);
	assert_false(passes_with(f, f->comm, "legal", &c, why, sizeof why));
	assert_string_equal(why, "output email does not say which template it "
	    "uses");
	content_clear(&c);
}

/* Partials within partials, under set delimiters too, each once; one
 * that is not imported renders as nothing and needs nothing. */
static void
test_gate_partials(void **state)
{
	struct fx *f = *state;
	char why[PREAPPROVAL_WHY_MAX];
	struct err err = { 0 };

	assert_int_equal(template_store(f->s, "notice.email.txt",
	    "{{> sig.txt}}{{=<% %>=}}<%> outer.txt%><%={{ }}=%>{{> sig.txt}}"
	    "{{> missing.txt}}{{! {{> in-comment.txt}} }}\n", NULL, NULL, &err),
	    ST_OK);
	assert_int_equal(template_store(f->s, "outer.txt",
	    "{{#x}}{{> inner.txt}}{{/x}}\n", NULL, NULL, &err), ST_OK);
	assert_int_equal(template_store(f->s, "partials/inner.txt", "in\n",
	    NULL, NULL, &err), ST_OK);
	preapprove_all(f);
	assert_false(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "needs pre-approval of template outer.txt v1 "
	    "(legal) and template partials/inner.txt v1 (legal)");
	grant_ok(f->lena, "template", "outer.txt", NULL);
	grant_ok(f->lena, "template", "partials/inner.txt", NULL);
	assert_true(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "pre-approved: templates notice.email.txt v2, "
	    "partials/sig.txt v1, outer.txt v1 and partials/inner.txt v1, and "
	    "playbook notice 1 (legal)");
}

/* A long list fits the approvals screen's line: "and N more". Too many
 * partials is a refusal, not a partial left out. */
static void
test_gate_many(void **state)
{
	struct fx *f = *state;
	char why[PREAPPROVAL_WHY_MAX], name[64], *body, *p;
	struct err err = { 0 };
	int i;

	body = xcalloc(1, 80 * 70);
	for (i = 0, p = body; i < 10; i++)
		p += sprintf(p, "{{> a-rather-long-partial-name-%02d.txt}}", i);
	assert_int_equal(template_store(f->s, "notice.email.txt", body, NULL,
	    NULL, &err), ST_OK);
	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof name, "a-rather-long-partial-name-%02d.txt",
		    i);
		assert_int_equal(template_store(f->s, name, name, NULL, NULL,
		    &err), ST_OK);
		grant_ok(f->lena, "template", name, NULL);
	}
	preapprove_all(f);
	assert_true(passes(f, "legal", why, sizeof why));
	assert_true(strlen(why) < sizeof why - 1);
	assert_non_null(strstr(why, "pre-approved: templates notice.email.txt "
	    "v2, a-rather-long-partial-name-00.txt v1, "));
	p = strstr(why, " more, and playbook notice 1 (legal)");
	assert_non_null(p);
	assert_string_equal(p, " more, and playbook notice 1 (legal)");

	for (i = 0, p = body; i < 65; i++)
		p += sprintf(p, "{{> p%02d}}", i);
	assert_int_equal(template_store(f->s, "notice.email.txt", body, NULL,
	    NULL, &err), ST_OK);
	grant_ok(f->lena, "template", "notice.email.txt", NULL);
	assert_false(passes(f, "legal", why, sizeof why));
	assert_string_equal(why, "template notice.email.txt v3 includes more "
	    "than 64 partials");
	free(body);
}

/* Whether a gate of PB for VARIANT is pre-approvable. */
static bool
variant_preapprovable(const struct playbook *pb, const char *variant)
{
	size_t i;

	for (i = 0; i < pb->n_steps; i++)
		if (pb->steps[i].kind == PB_STEP_GATE &&
		    pb->steps[i].is_preapprovable &&
		    playbook_step_in_variant(&pb->steps[i], variant))
			return true;
	return false;
}

/*
 * The shipped playbooks: only legal and PR gates are pre-approvable; the
 * breach notice to customers and the support briefing have such gates,
 * the regulator's notification and the public advisory do not; and where
 * a variant has one, every free-text field it asks for has standard
 * words (or is left out), else the fast path could never be taken.
 */
static void
test_shipped_playbooks(void **state)
{
	static const char *const fast[] = { "breach-notification/customers",
	    "support-briefing/", NULL };
	static const char *const slow[] = { "breach-notification/regulator",
	    "security-advisory/", NULL };
	struct playbook *pb = NULL;
	const struct pb_step *st;
	const struct pb_field *fd;
	struct err err = { 0 };
	char **names = NULL, *path = NULL, key[128];
	size_t i, j, k, v, n_fast = 0, n_slow = 0;

	(void)state;
	assert_int_equal(playbook_names(&names, &err), ST_OK);
	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], "notice") == 0)
			continue;
		assert_int_equal(playbook_find(names[i], &path, &err), ST_OK);
		if (playbook_load_file(path, &pb, NULL, &err) != ST_OK)
			fail_msg("%s", err.msg);
		for (j = 0; j < pb->n_steps; j++) {
			st = &pb->steps[j];
			if (st->kind != PB_STEP_GATE || !st->is_preapprovable)
				continue;
			for (k = 0; k < st->n_roles; k++)
				if (strcmp(st->roles[k].role, "approver:legal") != 0 &&
				    strcmp(st->roles[k].role, "approver:pr") != 0)
					fail_msg("%s: gate %s is pre-approvable but "
					    "asks %s", pb->name, st->id,
					    st->roles[k].role);
		}
		for (v = 0; v < pb->n_variants; v++) {
			snprintf(key, sizeof key, "%s/%s", pb->name,
			    pb->variants[v].id);
			for (k = 0; fast[k] != NULL; k++)
				if (strcmp(fast[k], key) == 0) {
					n_fast++;
					assert_true(variant_preapprovable(pb,
					    pb->variants[v].id));
				}
			for (k = 0; slow[k] != NULL; k++)
				if (strcmp(slow[k], key) == 0) {
					n_slow++;
					assert_false(variant_preapprovable(pb,
					    pb->variants[v].id));
				}
			if (!variant_preapprovable(pb, pb->variants[v].id))
				continue;
			for (j = 0; j < pb->n_steps; j++) {
				st = &pb->steps[j];
				if (st->kind != PB_STEP_FORM ||
				    !playbook_step_in_variant(st, pb->variants[v].id))
					continue;
				for (k = 0; k < st->n_fields; k++) {
					fd = &st->fields[k];
					if (fd->is_variable || !fd->is_required ||
					    (fd->kind != FIELD_TEXT &&
					    fd->kind != FIELD_LONG_TEXT &&
					    fd->kind != FIELD_PLAIN_TEXT))
						continue;
					if (fd->default_value == NULL)
						fail_msg("%s: required free text %s has "
						    "no standard words", key, fd->id);
				}
			}
		}
		playbook_free(&pb);
		free(path);
		path = NULL;
	}
	assert_int_equal(n_fast, 2);
	assert_int_equal(n_slow, 2);
	playbook_names_free(names);
}

/* The list of what is in force seeks its index. */
static void
test_query_plan(void **state)
{
	struct fx *f = *state;
	const struct db_query *q;
	struct err err = { 0 };
	bool is_indexed = false;
	char **lines;
	size_t n, nlines, i;

	q = q_preapproval_queries(&n);
	assert_int_equal(n, 2);
	assert_int_equal(db_explain(f->s->db, q[1].sql, &lines, &nlines, &err),
	    ST_OK);
	for (i = 0; i < nlines; i++) {
		if (strstr(lines[i], "USING INDEX preapprovals_hash") != NULL)
			is_indexed = true;
		free(lines[i]);
	}
	free(lines);
	assert_true(is_indexed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_grant_degenerate, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_grant_roles, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_grant_unknown, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_grant_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_grant_versions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_revoke, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate_untouched, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gate_variable_and_facts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate_free_text, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gate_template_reimported,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate_playbook_changed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate_revoked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gate_count, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gate_outputs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gate_partials, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gate_many, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_shipped_playbooks, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_query_plan, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
