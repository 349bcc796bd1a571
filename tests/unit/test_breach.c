/* tests/unit/test_breach.c - the breach register (GDPR art. 33(5)) and
 * the breach-notification procedure: the rules of a breach with the field
 * each refusal names, who may keep the register, version conflicts,
 * links to incidents (drills refused, embargoed ones not found), the
 * register read in pages and under need-to-know, a breach pre-filled from
 * a data-breach incident's answers, audit rows without the texts, the
 * exports (CSV quoting and formula cells), and the procedure's source
 * hash. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/breach.h"
#include "core/incident.h"
#include "core/procedure.h"
#include "core/settings.h"
#include "core/user.h"

#define SECRET "Mrs Example's medical file"

static int
setup(void **state)
{
	return tu_fx_setup(state);
}

static int
teardown(void **state)
{
	return tu_fx_teardown(state);
}

/* A breach with every required field, at aware_at 2026-02-20 10:00. */
static struct breach
good(void)
{
	struct breach b = { 0 };

	b.title = (char *)"Lost laptop";
	b.aware_at = (char *)"2026-02-20T10:00:00Z";
	b.facts = (char *)"A laptop was left in a taxi.";
	b.effects = (char *)"Names may be seen.";
	b.remedial_action = (char *)"Remote wipe.";
	b.risk = (char *)"unassessed";
	return b;
}

/* Fields for breach_record() of the same breach. */
static struct breach_fields
good_in(void)
{
	struct breach_fields f = { 0 };

	f.title = "Lost laptop";
	f.aware_at = "2026-02-20T10:00:00Z";
	f.facts = "A laptop was left in a taxi.";
	f.effects = "Names may be seen.";
	f.remedial_action = "Remote wipe.";
	return f;
}

static void
expect_refused(const struct breach *b, const char *msg_start)
{
	struct err err = { 0 };

	assert_int_equal(breach_check(b, TU_NOW, &err), ST_INVALID);
	if (strncmp(err.msg, msg_start, strlen(msg_start)) != 0)
		fail_msg("expected \"%s...\", got \"%s\"", msg_start, err.msg);
}

static void
test_check(void **state)
{
	struct breach b = { 0 };
	struct err err = { 0 };

	(void)state;
	expect_refused(&b, "title: required");
	b = good();
	assert_int_equal(breach_check(&b, TU_NOW, &err), ST_OK);
	b.title = (char *)"two\nlines";
	expect_refused(&b, "title: no control characters");
	b = good();
	b.aware_at = NULL;
	expect_refused(&b, "aware_at: required");
	b.aware_at = (char *)"last week";
	expect_refused(&b, "aware_at");
	b.aware_at = (char *)"2026-03-01T12:00:01Z";
	expect_refused(&b, "aware_at: 2026-03-01T12:00:01Z is in the future");
	b.aware_at = (char *)"2026-03-01T12:00:00Z";
	assert_int_equal(breach_check(&b, TU_NOW, &err), ST_OK);
	b = good();
	b.occurred_at = (char *)"2026-02-20T10:00:01Z";
	expect_refused(&b, "aware_at: 2026-02-20T10:00:00Z is before "
	    "occurred_at");
	b.occurred_at = (char *)"2026-02-20T11:00:00+02:00";  /* 09:00Z */
	assert_int_equal(breach_check(&b, TU_NOW, &err), ST_OK);
	b.discovered_at = (char *)"2026-02-21";
	expect_refused(&b, "aware_at: 2026-02-20T10:00:00Z is before "
	    "discovered_at");
	b = good();
	b.facts = (char *)" \n ";
	expect_refused(&b, "facts: required (GDPR art. 33(5)");
	b = good();
	b.effects = NULL;
	expect_refused(&b, "effects: required (GDPR art. 33(5)");
	b = good();
	b.remedial_action = (char *)"";
	expect_refused(&b, "remedial_action: required (GDPR art. 33(5)");
	b = good();
	b.risk = (char *)"severe";
	expect_refused(&b, "risk: one of unassessed, unlikely, risk, high-risk");
	b = good();
	b.regulator_notified = (char *)"perhaps";
	expect_refused(&b, "regulator_notified: one of yes, no, not-required");
	b.regulator_notified = (char *)"no";
	expect_refused(&b, "reason_not_notified: required when "
	    "regulator_notified is \"no\"");
	b.regulator_notified = (char *)"not-required";
	b.reason_not_notified = (char *)"  ";
	expect_refused(&b, "reason_not_notified: required");
	b.reason_not_notified = (char *)"Encrypted disk.";
	assert_int_equal(breach_check(&b, TU_NOW, &err), ST_OK);
	b.regulator_notified = (char *)"yes";
	b.reason_not_notified = NULL;
	assert_int_equal(breach_check(&b, TU_NOW, &err), ST_OK);
	b.people_count = (char *)"bad\001count";
	expect_refused(&b, "people_count: no control characters");
}

static void
test_roles(void **state)
{
	struct tu_fx *fx = *state;
	struct breach_fields f = good_in();
	struct session *lena, *olivia, *alice;
	struct err err = { 0 };
	long long id = 0;

	tu_add_user(fx->s, "lena", "approver:legal", NULL);
	tu_add_user(fx->s, "olivia", "sro", NULL);
	tu_add_user(fx->s, "alice", "author", NULL);
	lena = tu_open_as(fx->dir, "lena");
	olivia = tu_open_as(fx->dir, "olivia");
	alice = tu_open_as(fx->dir, "alice");
	assert_int_equal(breach_record(lena, &f, &id, &err), ST_DENIED);
	assert_string_equal(err.msg, "lena needs the author, sro or admin role "
	    "to keep the breach register");
	assert_int_equal(breach_record(olivia, &f, &id, &err), ST_OK);
	assert_int_equal(id, 1);
	assert_int_equal(breach_record(alice, &f, &id, &err), ST_OK);
	assert_int_equal(breach_record(fx->s, &f, &id, &err), ST_OK);
	assert_int_equal(id, 3);
	f = (struct breach_fields){ .risk = "risk" };
	assert_int_equal(breach_update(lena, 1, 1, &f, &err), ST_DENIED);
	assert_int_equal(tu_count_rows(session_path(fx->s), "breaches"), 3);
	session_close(&lena);
	session_close(&olivia);
	session_close(&alice);
}

static void
test_update_conflict(void **state)
{
	struct tu_fx *fx = *state;
	struct breach_fields f = good_in(), g = { 0 };
	struct breach b = { 0 };
	struct err err = { 0 };
	long long id = 0, seq;

	assert_int_equal(breach_record(fx->s, &f, &id, &err), ST_OK);
	assert_int_equal(breach_update(fx->s, id, 1, &g, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "nothing to change"));
	g.risk = "high-risk";
	g.occurred_at = "2026-02-20T08:00:00+01:00";
	assert_int_equal(breach_update(fx->s, id, 1, &g, &err), ST_OK);
	g = (struct breach_fields){ .risk = "unlikely" };
	assert_int_equal(breach_update(fx->s, id, 1, &g, &err), ST_CONFLICT);
	assert_non_null(strstr(err.msg, "breach 1 was changed"));
	assert_non_null(strstr(err.msg, "version 2; you read version 1"));
	assert_int_equal(breach_get(fx->s, id, &b, &err), ST_OK);
	assert_string_equal(b.risk, "high-risk");
	assert_string_equal(b.occurred_at, "2026-02-20T07:00:00Z");
	assert_int_equal(b.version, 2);
	breach_clear(&b);
	/* The values it has already: no write, no audit row. */
	seq = tu_audit_count(fx->s);
	g = (struct breach_fields){ .risk = "high-risk" };
	assert_int_equal(breach_update(fx->s, id, 2, &g, &err), ST_OK);
	assert_int_equal(tu_audit_count(fx->s), seq);
	/* A required field may not be emptied; an optional one may. */
	g = (struct breach_fields){ .effects = "" };
	assert_int_equal(breach_update(fx->s, id, 2, &g, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "effects: required"));
	g = (struct breach_fields){ .occurred_at = "" };
	assert_int_equal(breach_update(fx->s, id, 2, &g, &err), ST_OK);
	assert_int_equal(breach_get(fx->s, id, &b, &err), ST_OK);
	assert_null(b.occurred_at);
	assert_int_equal(b.version, 3);
	breach_clear(&b);
	assert_int_equal(breach_update(fx->s, 99, 1, &g, &err), ST_NOTFOUND);
}

static void
test_links(void **state)
{
	struct tu_fx *fx = *state;
	struct incident_new drill = { .title = "Drill", .trigger_kind =
	    "data-breach", .severity = "high", .is_drill = true };
	struct incident_new real = { .title = "Real", .trigger_kind =
	    "data-breach", .severity = "high" };
	struct incident_new hidden = { .title = "Embargoed", .trigger_kind =
	    "data-breach", .severity = "high", .embargo_until =
	    "2026-06-01T00:00:00Z" };
	struct breach_fields f = good_in();
	struct session *bob;
	struct breach b = { 0 };
	struct rowlist l;
	struct err err = { 0 };
	char ref_drill[32], ref_real[32], ref_hidden[32];
	long long id = 0, id_hidden = 0;

	tu_incident_new_ref(fx->s, &drill, ref_drill, sizeof ref_drill);
	tu_incident_new_ref(fx->s, &real, ref_real, sizeof ref_real);
	tu_incident_new_ref(fx->s, &hidden, ref_hidden, sizeof ref_hidden);
	tu_add_user(fx->s, "bob", "author", NULL);
	bob = tu_open_as(fx->dir, "bob");

	f.incident = ref_drill;
	assert_int_equal(breach_record(fx->s, &f, &id, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "is a drill"));
	f.incident = "SEC-2099-001";
	assert_int_equal(breach_record(fx->s, &f, &id, &err), ST_NOTFOUND);
	assert_string_equal(err.msg, "incident: no incident SEC-2099-001");
	/* bob is not named on the embargoed incident: it is not found, in
	 * the words of one that does not exist. */
	f.incident = ref_hidden;
	assert_int_equal(breach_record(bob, &f, &id, &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "incident: no incident "));
	assert_int_equal(breach_record(fx->s, &f, &id_hidden, &err), ST_OK);

	f.incident = NULL;
	assert_int_equal(breach_record(bob, &f, &id, &err), ST_OK);
	assert_int_equal(breach_link(bob, id, 1, ref_drill, &err), ST_INVALID);
	assert_int_equal(breach_link(bob, id, 1, ref_hidden, &err),
	    ST_NOTFOUND);
	assert_int_equal(breach_link(bob, id, 1, "2", &err), ST_OK);
	assert_int_equal(breach_get(bob, id, &b, &err), ST_OK);
	assert_string_equal(b.incident_ref, ref_real);
	breach_clear(&b);
	assert_int_equal(breach_for_incident(bob, 2, &b, &err), ST_OK);
	assert_int_equal(b.id, id);
	breach_clear(&b);
	assert_int_equal(breach_for_incident(bob, 3, &b, &err), ST_NOTFOUND);
	breach_clear(&b);
	assert_int_equal(breach_for_incident(fx->s, 3, &b, &err), ST_OK);
	assert_int_equal(b.id, id_hidden);
	breach_clear(&b);
	assert_int_equal(breach_link(bob, id, 2, "-", &err), ST_OK);
	assert_int_equal(breach_get(bob, id, &b, &err), ST_OK);
	assert_int_equal(b.incident_id, 0);
	assert_null(b.incident_ref);
	breach_clear(&b);

	/* Need to know: the breach of the embargoed incident is hidden from
	 * bob, in the list and by its id; the admin sees both. */
	assert_int_equal(breach_get(bob, id_hidden, &b, &err), ST_NOTFOUND);
	breach_clear(&b);
	assert_int_equal(breach_list(bob, NULL, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 1);
	rowlist_free(&l, (row_clear_fn)breach_clear);
	assert_int_equal(breach_list(fx->s, NULL, 0, &l, &err), ST_OK);
	assert_int_equal(l.count, 2);
	rowlist_free(&l, (row_clear_fn)breach_clear);
	session_close(&bob);
}

static void
test_list_pages(void **state)
{
	struct tu_fx *fx = *state;
	static const char *const aware[] = {
		"2026-02-03T00:00:00Z", "2026-02-01T00:00:00Z",
		"2026-02-03T00:00:00Z", "2026-02-05T00:00:00Z",
		"2026-02-02T00:00:00Z",
	};
	/* Newest aware_at first, ties by id descending. */
	static const long long want[] = { 4, 3, 1, 5, 2 };
	struct breach_fields f = good_in();
	struct breach after = { 0 };
	const struct breach *b;
	struct rowlist l;
	struct err err = { 0 };
	size_t i, k = 0;

	for (i = 0; i < 5; i++) {
		f.aware_at = aware[i];
		assert_int_equal(breach_record(fx->s, &f, NULL, &err), ST_OK);
	}
	assert_int_equal(breach_list(fx->s, NULL, -1, &l, &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)breach_clear);
	assert_int_equal(breach_list(fx->s, NULL, BREACH_PAGE_MAX + 1, &l,
	    &err), ST_INVALID);
	rowlist_free(&l, (row_clear_fn)breach_clear);
	for (;;) {
		assert_int_equal(breach_list(fx->s, k > 0 ? &after : NULL, 2, &l,
		    &err), ST_OK);
		for (i = 0; i < l.count; i++, k++) {
			b = rowlist_at(&l, i);
			assert_true(k < 5);
			assert_int_equal(b->id, want[k]);
		}
		if (l.count > 0) {
			b = rowlist_at(&l, l.count - 1);
			free(after.aware_at);
			after.id = b->id;
			after.aware_at = strdup(b->aware_at);
		}
		i = l.count;
		rowlist_free(&l, (row_clear_fn)breach_clear);
		if (i < 2)
			break;
	}
	assert_int_equal(k, 5);
	free(after.aware_at);
}

static void
test_prefill(void **state)
{
	struct tu_fx *fx = *state;
	struct incident_new in = { .title = "Bucket left open", .summary =
	    "A storage bucket was public.", .trigger_kind = "data-breach",
	    .severity = "high", .discovered_at = "2026-02-27T08:00:00Z",
	    .aware_at = "2026-02-27T09:00:00Z" };
	struct incident_new vuln = { .title = "A bug", .trigger_kind =
	    "vulnerability", .severity = "low" };
	struct incident_new drill = { .title = "Drill", .trigger_kind =
	    "data-breach", .severity = "high", .is_drill = true };
	struct breach b = { 0 };
	struct breach_fields f = { 0 };
	struct err err = { 0 };
	char ref[32], ref_vuln[32], ref_drill[32];
	long long comm, id = 0;

	tu_incident_new_ref(fx->s, &in, ref, sizeof ref);
	tu_incident_new_ref(fx->s, &vuln, ref_vuln, sizeof ref_vuln);
	tu_incident_new_ref(fx->s, &drill, ref_drill, sizeof ref_drill);
	assert_int_equal(breach_prefill(fx->s, ref_vuln, &b, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "is a vulnerability incident, not a "
	    "data breach"));
	assert_int_equal(breach_prefill(fx->s, ref_drill, &b, &err),
	    ST_INVALID);
	assert_int_equal(breach_prefill(fx->s, "", &b, &err), ST_INVALID);

	/* Before any communication: the incident's facts alone. */
	assert_int_equal(breach_prefill(fx->s, ref, &b, &err), ST_OK);
	assert_string_equal(b.title, "Bucket left open");
	assert_string_equal(b.incident_ref, ref);
	assert_string_equal(b.aware_at, "2026-02-27T09:00:00Z");
	assert_string_equal(b.discovered_at, "2026-02-27T08:00:00Z");
	assert_string_equal(b.facts, "A storage bucket was public.");
	assert_null(b.effects);
	breach_clear(&b);

	/* Then the breach-notification answers fill it. */
	comm = tu_comm_start(fx->s, ref, "breach-notification", NULL, 2);
	tu_comm_set(fx->s, comm, "what-happened", "Anyone could list the "
	    "bucket of support exports.");
	tu_comm_set(fx->s, comm, "consequences", "Phishing of the people "
	    "listed.");
	tu_comm_set(fx->s, comm, "measures", "Bucket made private.");
	tu_comm_set(fx->s, comm, "data-categories", "contact\ncredentials");
	tu_comm_set(fx->s, comm, "people-count", "about 1,200");
	tu_comm_set(fx->s, comm + 1, "records-count", "1,450 records");
	assert_int_equal(breach_prefill(fx->s, ref, &b, &err), ST_OK);
	assert_string_equal(b.facts, "Anyone could list the bucket of support "
	    "exports.");
	assert_string_equal(b.effects, "Phishing of the people listed.");
	assert_string_equal(b.remedial_action, "Bucket made private.");
	assert_string_equal(b.data_categories, "contact, credentials");
	assert_string_equal(b.people_count, "about 1,200");
	assert_string_equal(b.records_count, "1,450 records");
	assert_string_equal(b.risk, "unassessed");
	assert_null(b.regulator_notified);

	/* What it gives records as it is. */
	f.incident = b.incident_ref;
	f.title = b.title;
	f.aware_at = b.aware_at;
	f.discovered_at = b.discovered_at;
	f.facts = b.facts;
	f.effects = b.effects;
	f.remedial_action = b.remedial_action;
	f.data_categories = b.data_categories;
	assert_int_equal(breach_record(fx->s, &f, &id, &err), ST_OK);
	breach_clear(&b);
	assert_int_equal(breach_get(fx->s, id, &b, &err), ST_OK);
	assert_string_equal(b.incident_ref, ref);
	assert_string_equal(b.data_categories, "contact, credentials");
	breach_clear(&b);
}

static void
test_audit_no_texts(void **state)
{
	struct tu_fx *fx = *state;
	struct breach_fields f = good_in();
	struct err err = { 0 };
	char *detail;
	long long id = 0;

	f.title = "Breach of " SECRET;
	f.facts = SECRET " was sent to the wrong person.";
	f.effects = "Embarrassment for " SECRET;
	f.remedial_action = "Recalled; " SECRET " told.";
	f.people_count = "1 (" SECRET ")";
	f.regulator_notified = "not-required";
	f.reason_not_notified = "Only " SECRET ", no risk.";
	assert_int_equal(breach_record(fx->s, &f, &id, &err), ST_OK);
	tu_expect_audit_has(fx->s, NULL, "breach.record", "breach:1",
	    "\"fields\":[\"title\",\"facts\",\"effects\",\"remedial_action\","
	    "\"people_count\",\"reason_not_notified\",\"regulator_notified\","
	    "\"aware_at\"]");
	detail = tu_last_audit_detail(fx->s);
	assert_non_null(strstr(detail, "\"regulator_notified\":"
	    "\"not-required\""));
	free(detail);
	f = (struct breach_fields){ .facts = "Now: " SECRET " and her "
	    "husband.", .risk = "high-risk" };
	assert_int_equal(breach_update(fx->s, id, 1, &f, &err), ST_OK);
	tu_expect_audit_has(fx->s, NULL, "breach.update", "breach:1",
	    "\"fields\":[\"facts\",\"risk\"]");
	tu_expect_audit_lacks(fx->s, SECRET);
	tu_expect_audit_lacks(fx->s, "husband");
	tu_expect_chain_ok(fx->s);
}

static void
expect_cell(const char *in, const char *want)
{
	char *got = breach_csv_cell(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_csv(void **state)
{
	struct tu_fx *fx = *state;
	struct breach_fields f = good_in();
	struct err err = { 0 };
	enum breach_format fmt;
	char *text = NULL;

	expect_cell(NULL, "");
	expect_cell("", "");
	expect_cell("plain text", "plain text");
	expect_cell("a, b", "\"a, b\"");
	expect_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	expect_cell("two\nlines", "\"two\nlines\"");
	expect_cell("cr\r\n", "\"cr\r\n\"");
	expect_cell(" padded", "\" padded\"");
	expect_cell("=1+2", "'=1+2");
	expect_cell("+1", "'+1");
	expect_cell("-1", "'-1");
	expect_cell("@SUM(A1)", "'@SUM(A1)");
	expect_cell("\tx", "'\tx");
	expect_cell("=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
	expect_cell("a=b", "a=b");

	assert_int_equal(breach_format_parse("csv", &fmt, &err), ST_OK);
	assert_int_equal(fmt, BREACH_CSV);
	assert_int_equal(breach_format_parse("markdown", &fmt, &err), ST_OK);
	assert_int_equal(fmt, BREACH_MD);
	assert_int_equal(breach_format_parse("pdf", &fmt, &err), ST_INVALID);
	assert_string_equal(err.msg, "format: md, csv or json, not \"pdf\"");

	f.title = "=cmd|' /C calc'!A0";
	f.facts = "First line,\nsecond \"quoted\" line";
	assert_int_equal(breach_record(fx->s, &f, NULL, &err), ST_OK);
	assert_int_equal(breach_export(fx->s, BREACH_CSV, &text, &err), ST_OK);
	assert_non_null(strstr(text, "id,incident,title,occurred_at,"
	    "discovered_at,aware_at,facts,effects,remedial_action,"
	    "data_categories,people_count,records_count,risk,"
	    "regulator_notified,reason_not_notified,created_at,updated_at,"
	    "recorded_by,version\r\n"));
	assert_non_null(strstr(text, "\r\n1,,'=cmd|' /C calc'!A0,,,"
	    "2026-02-20T10:00:00Z,\"First line,\nsecond \"\"quoted\"\" "
	    "line\",Names may be seen.,Remote wipe.,,,,unassessed,,,"
	    "2026-03-01T12:00:00Z,2026-03-01T12:00:00Z,ada,1\r\n"));
	free(text);
	assert_int_equal(breach_export(fx->s, BREACH_JSON, &text, &err), ST_OK);
	assert_non_null(strstr(text, "\"title\": \"=cmd|' /C calc'!A0\""));
	assert_non_null(strstr(text, "\"count\": 1"));
	free(text);
	assert_int_equal(breach_export(fx->s, BREACH_MD, &text, &err), ST_OK);
	assert_non_null(strstr(text, "# Register of personal-data breaches\n"));
	assert_non_null(strstr(text, "## Breach 1: "));
	free(text);
}

static void
test_procedure_hash(void **state)
{
	struct tu_fx *fx = *state;
	struct err err = { 0 };
	char a[HASH_HEX_SIZE], b[HASH_HEX_SIZE], c[HASH_HEX_SIZE], *md = NULL,
	    *html = NULL;

	tu_import_templates(fx->s);
	tu_add_user(fx->s, "lena", "approver:legal", NULL);
	assert_int_equal(procedure_source_hash(fx->s, a, &err), ST_OK);
	assert_true(hash_is_sha256_hex(a));
	assert_int_equal(procedure_source_hash(fx->s, b, &err), ST_OK);
	assert_string_equal(a, b);
	assert_int_equal(procedure_render(fx->s, &md, &html, c, &err), ST_OK);
	assert_string_equal(a, c);
	assert_non_null(strstr(md, "# Breach-notification procedure\n"));
	assert_non_null(strstr(md, "(lena)"));
	assert_non_null(strstr(md, "within 72 h of our becoming aware"));
	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	free(md);
	free(html);

	/* Another approver: another hash; taken away: the first again. */
	assert_int_equal(user_grant(fx->s, "lena", "approver:pr", &err), ST_OK);
	assert_int_equal(procedure_source_hash(fx->s, b, &err), ST_OK);
	assert_string_not_equal(a, b);
	assert_int_equal(user_revoke(fx->s, "lena", "approver:pr", &err),
	    ST_OK);
	assert_int_equal(procedure_source_hash(fx->s, b, &err), ST_OK);
	assert_string_equal(a, b);

	/* The playbook it describes is a setting; a missing one is named. */
	assert_int_equal(setting_set(fx->s, "breach.playbook", "no-such",
	    &err), ST_OK);
	assert_int_equal(procedure_source_hash(fx->s, b, &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "no-such (setting breach.playbook)"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		TU_TEST(test_roles),
		TU_TEST(test_update_conflict),
		TU_TEST(test_links),
		TU_TEST(test_list_pages),
		TU_TEST(test_prefill),
		TU_TEST(test_audit_no_texts),
		TU_TEST(test_csv),
		TU_TEST(test_procedure_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
