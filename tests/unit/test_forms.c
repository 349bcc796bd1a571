/* tests/unit/test_forms.c - field kinds: names round-trip, unknowns
 * refused; the form model: dirty state, moving between visible fields,
 * saving, refusing bad input, and two people on one communication. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/communication.h"
#include "core/fieldkind.h"
#include "core/incident.h"
#include "core/workflow.h"
#include "forms/form.h"
#include "util/xalloc.h"

static void
kinds_round_trip(void **state)
{
	int k;

	(void)state;
	assert_int_equal(field_kind_from_name(NULL), -1);
	assert_int_equal(field_kind_from_name(""), -1);
	assert_int_equal(field_kind_from_name("Text"), -1);
	assert_null(field_kind_name(FIELD_KIND_COUNT));
	assert_null(field_kind_help((enum field_kind)-1));
	for (k = 0; k < FIELD_KIND_COUNT; k++) {
		assert_non_null(field_kind_help(k));
		assert_int_equal(field_kind_from_name(field_kind_name(k)), k);
	}
	assert_int_equal(field_kind_from_name("long-text"), FIELD_LONG_TEXT);
	assert_int_equal(field_kind_from_name("cvss"), FIELD_CVSS);
}

/* --- the form model ----------------------------------------------------- */

/* "details" shows only when the impact is high. */
static const char form_pb[] =
    "playbook: test-form\n"
    "version: \"1\"\n"
    "title: Form test\n"
    "kind: advisory\n"
    "audience: public\n"
    "steps:\n"
    "  - id: facts\n"
    "    kind: form\n"
    "    title: The facts\n"
    "    fields:\n"
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
    "      - id: embargo\n"
    "        type: datetime\n"
    "        label: Embargo\n"
    "      - id: exploited\n"
    "        type: boolean\n"
    "        label: Exploited\n";

enum { F_SUMMARY, F_IMPACT, F_DETAILS, F_EMBARGO, F_EXPLOITED };

struct fx {
	struct session *s;          /* ada: admin and author */
	struct session *bob;        /* author */
	long long       bob_id;
	char           *dir;
	long long       comm;
	struct comm_doc doc;        /* ada's */
	struct form     form;       /* ada's, of step facts */
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct incident inc = { 0 };
	struct err err = { 0 };
	char *pbdir;
	long long id;

	setenv("TZ", "UTC", 1);
	tzset();
	f->s = tu_session_new(&f->dir);
	tu_grant_self(&f->s, "author");
	f->bob_id = tu_add_user(f->s, "bob", "author", NULL);
	f->bob = tu_open_as(f->dir, "bob");
	id = tu_incident_new(f->s, &(struct incident_new){
	    .title = "Widget leaks tokens", .trigger_kind = "vulnerability",
	    .severity = "high" });
	assert_int_equal(incident_get(f->s, "1", &inc, &err), ST_OK);
	assert_int_equal(inc.id, id);
	pbdir = tu_config_dir(f->dir, "playbooks");
	tu_write_yaml(pbdir, "test-form", form_pb);
	free(pbdir);
	f->comm = tu_comm_start(f->s, inc.ref, "test-form", NULL, 1);
	incident_clear(&inc);
	tu_comm_open(f->s, f->comm, &f->doc);
	form_init(&f->form, &f->doc, playbook_step(f->doc.pb, "facts"));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	form_clear(&f->form);
	comm_doc_clear(&f->doc);
	session_close(&f->bob);
	tu_session_free(&f->s, &f->dir);
	free(f);
	return 0;
}

/* The answer to FIELD in the database as S sees it; "" with version 0
 * when there is none. */
static long long
stored(struct fx *f, const char *field, char *value, size_t n)
{
	struct answer a = { 0 };
	long long v = 0;
	enum status st;

	st = answer_get(f->s, f->comm, field, &a, NULL);
	assert_true(st == ST_OK || st == ST_NOTFOUND);
	snprintf(value, n, "%s", st == ST_OK ? a.value : "");
	if (st == ST_OK)
		v = a.version;
	answer_clear(&a);
	return v;
}

static long long
answer_audits(struct fx *f)
{
	return tu_sql_int(db_path(f->s->db), "SELECT count(*) FROM audit "
	    "WHERE action = 'answer.set'");
}

static void
test_init(void **state)
{
	struct fx *f = *state;
	struct form *fm = &f->form;

	assert_int_equal(fm->n_fields, 5);
	assert_int_equal(fm->cur, F_SUMMARY);
	assert_int_equal(form_find(fm, "embargo"), F_EMBARGO);
	assert_int_equal(form_find(fm, "nothing"), (size_t)-1);
	/* The default is an answer from the start. */
	assert_string_equal(fm->fields[F_IMPACT].text, "low");
	assert_string_equal(fm->fields[F_IMPACT].saved, "low");
	assert_true(fm->fields[F_IMPACT].version > 0);
	assert_string_equal(fm->fields[F_SUMMARY].text, "");
	assert_null(fm->fields[F_SUMMARY].saved);
	assert_int_equal(fm->fields[F_SUMMARY].version, 0);
	assert_true(fm->fields[F_SUMMARY].is_visible);
	assert_false(fm->fields[F_DETAILS].is_visible);
	assert_false(form_is_dirty(fm));
}

static void
test_dirty(void **state)
{
	struct fx *f = *state;
	struct form *fm = &f->form;

	form_set_text(fm, F_SUMMARY, "Tokens leak");
	assert_true(fm->fields[F_SUMMARY].is_dirty);
	assert_true(form_is_dirty(fm));
	form_set_text(fm, F_SUMMARY, "");
	assert_false(fm->fields[F_SUMMARY].is_dirty);
	assert_false(form_is_dirty(fm));
	/* The same text as loaded is not a change. */
	form_set_text(fm, F_IMPACT, "high");
	assert_true(fm->fields[F_IMPACT].is_dirty);
	form_set_text(fm, F_IMPACT, "low");
	assert_false(fm->fields[F_IMPACT].is_dirty);
	/* A hidden field's edits do not count. */
	form_set_text(fm, F_DETAILS, "More");
	assert_true(fm->fields[F_DETAILS].is_dirty);
	assert_false(form_is_dirty(fm));
	form_set_text(fm, 99, "ignored");
}

static void
test_move(void **state)
{
	struct fx *f = *state;
	struct form *fm = &f->form;
	struct err err = { 0 };

	assert_int_equal(form_move(fm, 1), F_IMPACT);
	assert_int_equal(form_move(fm, 1), F_EMBARGO);    /* details hidden */
	assert_int_equal(form_move(fm, 1), F_EXPLOITED);
	assert_int_equal(form_move(fm, 1), F_SUMMARY);    /* wraps */
	assert_int_equal(form_move(fm, -1), F_EXPLOITED);
	assert_int_equal(form_move(fm, -1), F_EMBARGO);
	assert_int_equal(form_move(fm, -1), F_IMPACT);
	/* Choosing high impact shows the details. */
	form_set_text(fm, F_IMPACT, "High");
	assert_int_equal(form_commit(fm, f->s, F_IMPACT, &err), ST_OK);
	assert_string_equal(fm->fields[F_IMPACT].text, "high");
	assert_true(fm->fields[F_DETAILS].is_visible);
	assert_int_equal(form_move(fm, 1), F_DETAILS);
	assert_int_equal(form_move(fm, -1), F_IMPACT);
	form_set_text(fm, F_IMPACT, "low");
	assert_int_equal(form_commit(fm, f->s, F_IMPACT, &err), ST_OK);
	assert_false(fm->fields[F_DETAILS].is_visible);
	assert_int_equal(form_move(fm, 1), F_EMBARGO);
}

static void
test_commit(void **state)
{
	struct fx *f = *state;
	struct form *fm = &f->form;
	struct form_field *ff = &fm->fields[F_SUMMARY];
	struct err err = { 0 };
	char value[128];
	long long audits = answer_audits(f);

	/* Nothing to save is fine, and writes nothing. */
	assert_int_equal(form_commit(fm, f->s, F_SUMMARY, &err), ST_OK);
	assert_int_equal(answer_audits(f), audits);

	form_set_text(fm, F_SUMMARY, "  Tokens leak in logs ");
	assert_int_equal(form_commit(fm, f->s, F_SUMMARY, &err), ST_OK);
	assert_string_equal(ff->saved, "Tokens leak in logs");
	assert_string_equal(ff->text, "Tokens leak in logs");
	assert_int_equal(ff->version, 1);
	assert_false(ff->is_dirty);
	assert_string_equal(ff->error, "");
	assert_int_equal(stored(f, "summary", value, sizeof value), 1);
	assert_string_equal(value, "Tokens leak in logs");
	assert_int_equal(answer_audits(f), audits + 1);
	tu_expect_audit_has(f->s, NULL, "answer.set", NULL, "\"summary\"");

	form_set_text(fm, F_SUMMARY, "Tokens leak in debug logs");
	assert_int_equal(form_commit(fm, f->s, F_SUMMARY, &err), ST_OK);
	assert_int_equal(ff->version, 2);
	assert_int_equal(stored(f, "summary", value, sizeof value), 2);
	assert_int_equal(answer_audits(f), audits + 2);

	/* The editor shows what was stored, as a person reads it. */
	form_set_text(fm, F_EMBARGO, "2026-03-02 9:30 +01:00");
	assert_int_equal(form_commit(fm, f->s, F_EMBARGO, &err), ST_OK);
	assert_string_equal(fm->fields[F_EMBARGO].saved, "2026-03-02T08:30:00Z");
	assert_string_equal(fm->fields[F_EMBARGO].text, "2026-03-02 08:30 UTC");
	stored(f, "embargo", value, sizeof value);
	assert_string_equal(value, "2026-03-02T08:30:00Z");
	form_set_text(fm, F_EXPLOITED, "Y");
	assert_int_equal(form_commit(fm, f->s, F_EXPLOITED, &err), ST_OK);
	assert_string_equal(fm->fields[F_EXPLOITED].text, "yes");
	assert_false(form_is_dirty(fm));
	tu_expect_chain_ok(f->s);
}

static void
test_invalid(void **state)
{
	struct fx *f = *state;
	struct form *fm = &f->form;
	struct err err = { 0 };
	char value[128];
	long long audits = answer_audits(f);

	form_set_text(fm, F_SUMMARY, "Tokens leak in the logs of every "
	    "widget!!");
	assert_int_equal(form_commit(fm, f->s, F_SUMMARY, &err), ST_INVALID);
	assert_string_equal(err.msg, "Summary: at most 40 characters (got 41)");
	assert_string_equal(fm->fields[F_SUMMARY].error, err.msg);
	assert_true(fm->fields[F_SUMMARY].is_dirty);
	assert_string_equal(fm->fields[F_SUMMARY].text, "Tokens leak in the "
	    "logs of every widget!!");
	assert_int_equal(stored(f, "summary", value, sizeof value), 0);
	assert_int_equal(answer_audits(f), audits);

	form_set_text(fm, F_EMBARGO, "2026-02-30 10:00");
	assert_int_equal(form_commit(fm, f->s, F_EMBARGO, NULL), ST_INVALID);
	assert_string_equal(fm->fields[F_EMBARGO].error, "Embargo: 2026-02-30 "
	    "is not a date (February 2026 has 28 days)");
	/* Typing clears the error; a good value saves. */
	form_set_text(fm, F_EMBARGO, "2026-02-28 10:00");
	assert_string_equal(fm->fields[F_EMBARGO].error, "");
	assert_int_equal(form_commit(fm, f->s, F_EMBARGO, &err), ST_OK);
	assert_int_equal(answer_audits(f), audits + 1);
	assert_int_equal(form_commit(fm, f->s, 99, &err), ST_INVALID);
}

/* Bob's form on the same communication. */
struct other {
	struct comm_doc doc;
	struct form     form;
};

static void
other_open(struct fx *f, struct other *o)
{
	tu_comm_open(f->bob, f->comm, &o->doc);
	form_init(&o->form, &o->doc, playbook_step(o->doc.pb, "facts"));
}

static void
other_close(struct other *o)
{
	form_clear(&o->form);
	comm_doc_clear(&o->doc);
}

/* Ada and Bob both start from no summary; Bob saves first. */
static void
conflict_on_summary(struct fx *f, struct other *o)
{
	struct form *fm = &f->form;
	struct form_field *ff = &fm->fields[F_SUMMARY];
	struct err err = { 0 };
	char value[128];
	long long audits;

	other_open(f, o);
	form_set_text(&o->form, F_SUMMARY, "Bob's summary");
	form_set_text(fm, F_SUMMARY, "Ada's summary");
	assert_int_equal(form_commit(&o->form, f->bob, F_SUMMARY, &err), ST_OK);
	audits = answer_audits(f);
	assert_int_equal(form_commit(fm, f->s, F_SUMMARY, &err), ST_CONFLICT);
	assert_string_equal(err.msg, "Summary: someone else saved it first; "
	    "keep yours or take theirs");
	assert_string_equal(ff->error, err.msg);
	assert_true(ff->has_conflict);
	assert_string_equal(ff->theirs, "Bob's summary");
	assert_int_equal(ff->their_version, 1);
	assert_int_equal(ff->their_editor, f->bob_id);
	/* Nothing of Ada's is lost, and nothing of hers saved. */
	assert_string_equal(ff->text, "Ada's summary");
	assert_true(ff->is_dirty);
	assert_int_equal(ff->version, 0);
	assert_int_equal(answer_audits(f), audits);
	assert_int_equal(stored(f, "summary", value, sizeof value), 1);
	assert_string_equal(value, "Bob's summary");
	/* Leaving the field again does not overwrite Bob's. */
	assert_int_equal(form_commit(fm, f->s, F_SUMMARY, &err), ST_CONFLICT);
	assert_int_equal(answer_audits(f), audits);
}

static void
test_conflict_keep_mine(void **state)
{
	struct fx *f = *state;
	struct form_field *ff = &f->form.fields[F_SUMMARY];
	struct other o = { 0 };
	struct err err = { 0 };
	char value[128];

	conflict_on_summary(f, &o);
	assert_int_equal(form_resolve(&f->form, f->s, F_SUMMARY,
	    FORM_KEEP_MINE, &err), ST_OK);
	assert_false(ff->has_conflict);
	assert_false(ff->is_dirty);
	assert_int_equal(ff->version, 2);
	assert_string_equal(ff->saved, "Ada's summary");
	assert_int_equal(stored(f, "summary", value, sizeof value), 2);
	assert_string_equal(value, "Ada's summary");
	/* No conflict left to settle. */
	assert_int_equal(form_resolve(&f->form, f->s, F_SUMMARY,
	    FORM_KEEP_MINE, &err), ST_INVALID);
	other_close(&o);
}

static void
test_conflict_take_theirs(void **state)
{
	struct fx *f = *state;
	struct form_field *ff = &f->form.fields[F_SUMMARY];
	struct other o = { 0 };
	struct err err = { 0 };
	char value[128];
	long long audits;

	conflict_on_summary(f, &o);
	audits = answer_audits(f);
	assert_int_equal(form_resolve(&f->form, f->s, F_SUMMARY,
	    FORM_TAKE_THEIRS, &err), ST_OK);
	assert_false(ff->has_conflict);
	assert_false(ff->is_dirty);
	assert_string_equal(ff->text, "Bob's summary");
	assert_string_equal(ff->saved, "Bob's summary");
	assert_int_equal(ff->version, 1);
	assert_null(ff->theirs);
	assert_int_equal(answer_audits(f), audits);
	/* From there Ada edits on top of Bob's version. */
	form_set_text(&f->form, F_SUMMARY, "Bob's summary, shorter");
	assert_int_equal(form_commit(&f->form, f->s, F_SUMMARY, &err), ST_OK);
	assert_int_equal(stored(f, "summary", value, sizeof value), 2);
	other_close(&o);
}

static void
test_different_fields(void **state)
{
	struct fx *f = *state;
	struct other o = { 0 };
	struct err err = { 0 };
	char value[128];

	other_open(f, &o);
	form_set_text(&o.form, F_SUMMARY, "Bob's summary");
	form_set_text(&f->form, F_EMBARGO, "2026-03-05 12:00");
	form_set_text(&f->form, F_IMPACT, "high");
	assert_int_equal(form_commit(&o.form, f->bob, F_SUMMARY, &err), ST_OK);
	assert_int_equal(form_commit(&f->form, f->s, F_EMBARGO, &err), ST_OK);
	assert_int_equal(form_commit(&f->form, f->s, F_IMPACT, &err), ST_OK);
	assert_false(f->form.fields[F_EMBARGO].has_conflict);
	assert_int_equal(stored(f, "summary", value, sizeof value), 1);
	assert_string_equal(value, "Bob's summary");
	assert_int_equal(stored(f, "impact", value, sizeof value), 2);
	assert_string_equal(value, "high");
	other_close(&o);
}

static void
test_refresh(void **state)
{
	struct fx *f = *state;
	struct form *fm = &f->form;
	struct other o = { 0 };
	struct err err = { 0 };

	other_open(f, &o);
	form_set_text(fm, F_EMBARGO, "2026-03-05 12:00");
	form_set_text(&o.form, F_SUMMARY, "Bob's summary");
	form_set_text(&o.form, F_IMPACT, "high");
	form_set_text(&o.form, F_EMBARGO, "2026-03-06 12:00");
	assert_int_equal(form_commit(&o.form, f->bob, F_SUMMARY, &err), ST_OK);
	assert_int_equal(form_commit(&o.form, f->bob, F_IMPACT, &err), ST_OK);
	assert_int_equal(form_commit(&o.form, f->bob, F_EMBARGO, &err), ST_OK);

	assert_int_equal(comm_reload(f->s, &f->doc, &err), ST_OK);
	form_refresh(fm);
	/* Fields Ada did not touch follow Bob's. */
	assert_string_equal(fm->fields[F_SUMMARY].text, "Bob's summary");
	assert_int_equal(fm->fields[F_SUMMARY].version, 1);
	assert_false(fm->fields[F_SUMMARY].is_dirty);
	assert_string_equal(fm->fields[F_IMPACT].text, "high");
	assert_true(fm->fields[F_DETAILS].is_visible);
	/* The one she is typing in is in conflict, her text kept. */
	assert_true(fm->fields[F_EMBARGO].has_conflict);
	assert_string_equal(fm->fields[F_EMBARGO].text, "2026-03-05 12:00");
	assert_string_equal(fm->fields[F_EMBARGO].theirs,
	    "2026-03-06 12:00 UTC");
	assert_int_equal(fm->fields[F_EMBARGO].their_editor, f->bob_id);
	/* Refreshing again changes nothing. */
	form_refresh(fm);
	assert_true(fm->fields[F_EMBARGO].has_conflict);
	assert_int_equal(form_resolve(fm, f->s, F_EMBARGO, FORM_KEEP_MINE,
	    &err), ST_OK);
	assert_string_equal(fm->fields[F_EMBARGO].saved,
	    "2026-03-05T12:00:00Z");

	/* Typing what the other saved is no conflict. */
	form_set_text(&o.form, F_EXPLOITED, "yes");
	form_set_text(fm, F_EXPLOITED, "yes");
	assert_int_equal(form_commit(&o.form, f->bob, F_EXPLOITED, &err),
	    ST_OK);
	assert_int_equal(comm_reload(f->s, &f->doc, &err), ST_OK);
	form_refresh(fm);
	assert_false(fm->fields[F_EXPLOITED].has_conflict);
	assert_false(fm->fields[F_EXPLOITED].is_dirty);
	assert_int_equal(fm->fields[F_EXPLOITED].version, 1);
	other_close(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_round_trip),
		cmocka_unit_test_setup_teardown(test_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_keep_mine, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_conflict_take_theirs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_different_fields, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refresh, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
