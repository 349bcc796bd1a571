/* tests/unit/test_playbook.c - the playbook loader: a playbook using every
 * key, a catalogue of broken ones with their exact messages, the shipped
 * playbooks, lookups, spans and the hash. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/testutil.h"

#include "core/hash.h"
#include "core/playbook.h"

/* A private, empty configuration directory, so nothing of the machine's
 * is found, and the source tree's share/ as the shipped one. */
static int
setup(void **state)
{
	char *dir = tu_tmpdir();
	const char *top = getenv("top_srcdir");
	char share[4096];

	setenv("XDG_CONFIG_HOME", dir, 1);
	snprintf(share, sizeof share, "%s/share", top != NULL ? top : ".");
	if (share[0] != '/') {
		char cwd[2048];

		assert_non_null(getcwd(cwd, sizeof cwd));
		snprintf(share, sizeof share, "%s/%s/share", cwd,
		    top != NULL ? top : ".");
	}
	setenv("HERALD_DATADIR", share, 1);
	*state = dir;
	return 0;
}

static int
teardown(void **state)
{
	tu_rmdir(*state);
	free(*state);
	return 0;
}

static const struct pb_field *
field(const struct playbook *pb, const char *id)
{
	const struct pb_field *f = playbook_field(pb, id, NULL);

	assert_non_null(f);
	return f;
}

static void
good_playbook(void **state)
{
	char *path = tu_fixture("playbooks/good.yaml");
	struct playbook *pb = NULL;
	struct pb_problems pr = { 0 };
	const struct pb_step *st;
	const struct pb_field *f;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(playbook_load_file(path, &pb, &pr, &err), ST_OK);
	assert_int_equal(pr.n, 0);
	assert_string_equal(pb->name, "test-good");
	assert_string_equal(pb->version, "2.1");
	assert_string_equal(pb->title, "Test playbook");
	assert_string_equal(pb->description, "Every key a playbook can have.\n");
	assert_string_equal(pb->kind, "advisory");
	assert_string_equal(pb->audience, "public");
	assert_true(pb->reading_ease == 60);
	assert_true(pb->opens_incident);
	assert_string_equal(pb->source, path);
	assert_true(hash_is_sha256_hex(pb->hash));

	/* Variants: the second takes the playbook's title. */
	assert_int_equal(pb->n_variants, 2);
	assert_string_equal(pb->variants[0].id, "public");
	assert_string_equal(pb->variants[0].title, "Public advisory");
	assert_string_equal(pb->variants[1].kind, "customer-notice");
	assert_string_equal(pb->variants[1].audience, "customers");
	assert_string_equal(pb->variants[1].title, "Test playbook");
	assert_int_equal(pb->variants[1].pos.line, 16);
	assert_int_equal(pb->variants[1].pos.col, 5);
	assert_ptr_equal(playbook_variant(pb, "customers"), &pb->variants[1]);
	assert_null(playbook_variant(pb, "nope"));

	/* Steps. */
	assert_int_equal(pb->n_steps, 4);
	st = playbook_step(pb, "facts");
	assert_ptr_equal(st, &pb->steps[0]);
	assert_int_equal(st->kind, PB_STEP_FORM);
	assert_string_equal(st->title, "The facts");
	assert_string_equal(st->help, "What happened.");
	assert_int_equal(st->n_fields, 8);
	assert_int_equal(st->pos.line, 20);
	assert_int_equal(st->pos.col, 5);
	assert_true(playbook_step_in_variant(st, "public"));

	f = field(pb, "title");
	assert_int_equal(f->kind, FIELD_TEXT);
	assert_string_equal(f->label, "Title");
	assert_string_equal(f->help, "One line.");
	assert_true(f->is_required);
	assert_string_equal(f->default_value, "Untitled");
	assert_int_equal(f->max_length, 120);
	assert_int_equal(f->from, PB_FROM_TITLE);
	assert_null(f->when.field);
	assert_int_equal(f->pos.line, 25);
	assert_int_equal(f->pos.col, 9);

	f = field(pb, "severity");
	assert_int_equal(f->kind, FIELD_CHOICE);
	assert_false(f->is_required);
	assert_int_equal(f->n_options, 2);
	assert_string_equal(f->options[0].value, "low");
	assert_string_equal(f->options[0].label, "low");
	assert_string_equal(f->options[1].value, "high");
	assert_string_equal(f->options[1].label, "High impact");
	assert_string_equal(f->default_value, "high");

	f = field(pb, "details");
	assert_int_equal(f->kind, FIELD_LONG_TEXT);
	assert_string_equal(f->when.field, "severity");
	assert_int_equal(f->when.n_values, 1);
	assert_string_equal(f->when.values[0], "high");
	assert_int_equal(f->when.pos.line, 45);

	f = field(pb, "summary");
	assert_int_equal(f->kind, FIELD_PLAIN_TEXT);
	assert_true(f->min_reading_ease == 70);
	assert_int_equal(f->warnings, PB_WARN_BLAME);
	f = field(pb, "notes");
	assert_true(f->min_reading_ease == 60);   /* the playbook's */
	assert_int_equal(f->when.n_values, 2);
	assert_string_equal(f->when.values[1], "high");

	f = field(pb, "channels");
	assert_int_equal(f->kind, FIELD_MULTI_CHOICE);
	assert_string_equal(f->default_value, "web\nfeed");  /* option order */
	assert_string_equal(field(pb, "embargoed")->default_value, "no");
	assert_int_equal(field(pb, "embargo")->kind, FIELD_DATETIME);
	assert_string_equal(field(pb, "embargo")->when.values[0], "yes");

	/* A checklist step is one checklist field named after the step. */
	st = playbook_step(pb, "check");
	assert_int_equal(st->kind, PB_STEP_CHECKLIST);
	assert_int_equal(st->n_fields, 1);
	f = playbook_field(pb, "check", &st);
	assert_ptr_equal(st, &pb->steps[1]);
	assert_int_equal(f->kind, FIELD_CHECKLIST);
	assert_true(f->is_required);
	assert_string_equal(f->label, "Before review");
	assert_int_equal(f->n_options, 2);
	assert_string_equal(f->options[1].value, "links");
	assert_string_equal(f->options[1].label, "Links work");
	assert_int_equal(st->n_variants, 1);
	assert_true(playbook_step_in_variant(st, "customers"));
	assert_false(playbook_step_in_variant(st, "public"));

	st = playbook_step(pb, "approve");
	assert_int_equal(st->kind, PB_STEP_GATE);
	assert_true(st->allow_author);
	assert_int_equal(st->n_roles, 2);
	assert_string_equal(st->roles[0].role, "approver:legal");
	assert_int_equal(st->roles[0].count, 2);
	assert_string_equal(st->roles[1].role, "approver:security");
	assert_int_equal(st->roles[1].count, 1);

	st = playbook_step(pb, "send");
	assert_int_equal(st->kind, PB_STEP_PUBLISH);
	assert_int_equal(st->n_channels, 2);
	assert_string_equal(st->channels[1], "mail");
	assert_false(st->allow_author);

	/* Clocks. */
	assert_int_equal(pb->n_clocks, 3);
	assert_string_equal(pb->clocks[0].regime, "gdpr");
	assert_string_equal(pb->clocks[0].regime_clock, "regulator");
	assert_string_equal(pb->clocks[0].variant, "customers");
	assert_null(pb->clocks[0].from);
	assert_int_equal(pb->clocks[0].phase, 1);
	assert_string_equal(pb->clocks[1].from, "awareness");
	assert_int_equal(pb->clocks[1].within.months, 1);
	assert_int_equal(pb->clocks[1].within.minutes, 72 * 60);
	assert_int_equal(pb->clocks[1].phase, 2);
	assert_string_equal(pb->clocks[1].title, "customers");
	assert_int_equal(pb->clocks[2].every.minutes, 24 * 60);
	assert_int_equal(pb->clocks[2].within.minutes, 0);

	/* Outputs. */
	assert_int_equal(pb->n_outputs, 2);
	assert_string_equal(pb->outputs[0].format, "atom");
	assert_string_equal(pb->outputs[0].title, "Atom feed");
	assert_string_equal(pb->outputs[0].template, "feed.atom");
	assert_true(playbook_output_in_variant(&pb->outputs[0], "public"));
	assert_false(playbook_output_in_variant(&pb->outputs[0], "customers"));
	assert_true(playbook_output_in_variant(&pb->outputs[1], "customers"));
	assert_string_equal(pb->outputs[1].title, "mail");
	assert_null(pb->outputs[1].template);

	assert_null(playbook_step(pb, "nope"));
	assert_null(playbook_field(pb, "nope", &st));
	assert_null(st);
	playbook_free(&pb);
	assert_null(pb);
	playbook_free(&pb);
	free(path);
}

/* Every broken playbook and the first problem it must give, exactly. */
static const struct {
	const char *file;
	const char *message;
} bad[] = {
	{ "anchor.yaml", "anchor.yaml:7:5: anchors (&) are not allowed in a "
	    "playbook; write the value out" },
	{ "bad-id.yaml", "bad-id.yaml:7:11: \"id\" must be at most 64 "
	    "lower-case letters, digits, \"-\" or \"_\", starting with a "
	    "letter; not \"One\"" },
	{ "bool-type.yaml", "bool-type.yaml:14:19: \"required\" must be true "
	    "or false" },
	{ "channel.yaml", "channel.yaml:7:60: channel \"mail\" is not an "
	    "output of this playbook" },
	{ "checklist.yaml", "checklist.yaml:7:5: checklist step \"one\" has "
	    "no items" },
	{ "choice.yaml", "choice.yaml:11:9: choice field \"a\" has no "
	    "options" },
	{ "clock-shape.yaml", "clock-shape.yaml:9:5: clock \"c\" needs "
	    "\"within\" or \"every\"" },
	{ "count.yaml", "count.yaml:12:16: \"count\" must be a whole number "
	    "from 1 to 99" },
	{ "default-option.yaml", "default-option.yaml:11:68: default \"z\" is "
	    "not an option of field \"a\"" },
	{ "dup-clock.yaml", "dup-clock.yaml:10:11: duplicate clock id \"c\" "
	    "(first at line 9)" },
	{ "dup-field.yaml", "dup-field.yaml:16:15: duplicate field id "
	    "\"title\" (first at line 11)" },
	{ "dup-key.yaml", "dup-key.yaml:6:1: duplicate key \"title\" at the "
	    "top level (first at line 3)" },
	{ "dup-option.yaml", "dup-option.yaml:14:30: duplicate option \"low\" "
	    "(first at line 14)" },
	{ "dup-output.yaml", "dup-output.yaml:10:11: duplicate output id "
	    "\"o\" (first at line 9)" },
	{ "dup-step.yaml", "dup-step.yaml:11:9: duplicate step id \"one\" "
	    "(first at line 7)" },
	{ "dup-variant.yaml", "dup-variant.yaml:8:9: duplicate variant id "
	    "\"v\" (first at line 7)" },
	{ "empty.yaml", "empty.yaml:1:1: empty file: a playbook is a mapping "
	    "of keys to values" },
	{ "field-no-type.yaml", "field-no-type.yaml:11:9: field \"a\" has no "
	    "\"type\"" },
	{ "field-type.yaml", "field-type.yaml:11:24: unknown field type "
	    "\"txt\" (expected text, long-text, choice, multi-choice, boolean, "
	    "datetime, email-list, url, cve-list, cvss, products or "
	    "plain-text)" },
	{ "field-unknown-key.yaml", "field-unknown-key.yaml:14:9: unknown key "
	    "\"maxlength\" in field \"a\"" },
	{ "format.yaml", "format.yaml:9:22: unknown output format \"pdf\" "
	    "(expected one of markdown, html, atom, rss, csaf, csaf-vex, "
	    "csaf-incident, cve, email, github, webhook, ticket, text)" },
	{ "from-cycle-kind.yaml", "from-cycle-kind.yaml:14:15: field \"eol\": "
	    "cycle.eol fits a datetime field, not text" },
	{ "from-cycle-playbook.yaml", "from-cycle-playbook.yaml:14:15: field "
	    "\"title\": cycle.title is a fact of a release cycle, and only an "
	    "eol-notice is about one; this playbook is of kind advisory" },
	{ "from-cycle-source.yaml", "from-cycle-source.yaml:14:15: unknown "
	    "source \"cycle.eol-date\" for \"from\" (expected one of "
	    "cycle.title, cycle.product, cycle.eol, cycle.extended-support-end, "
	    "cycle.latest-version, cycle.post-eol-options)" },
	{ "from-cycle-variant.yaml", "from-cycle-variant.yaml:19:15: field "
	    "\"products\": cycle.product is a fact of a release cycle, and only "
	    "an eol-notice is about one; variant \"briefing\" is of kind "
	    "support-briefing" },
	{ "from-kind.yaml", "from-kind.yaml:14:15: field \"products\": "
	    "incident.affected fits a products field, not text" },
	{ "from-source.yaml", "from-source.yaml:14:15: unknown source "
	    "\"incident.cvss-vector\" for \"from\" (expected one of "
	    "incident.title, incident.summary, incident.cvss, "
	    "incident.severity, incident.aware-at, incident.discovered-at, "
	    "incident.fix-available-at, incident.affected, incident.ref)" },
	{ "kind.yaml", "kind.yaml:4:7: unknown communication kind "
	    "\"press-release\" (expected one of advisory, advisory-update, "
	    "customer-notice, regulator-notification, support-briefing, "
	    "pir-internal, pir-external, eol-notice, vulnerability-report)" },
	{ "malformed.yaml", "malformed.yaml:8:4: malformed YAML: did not find "
	    "expected '-' indicator" },
	{ "max-length.yaml", "max-length.yaml:14:21: \"max-length\" must be a "
	    "whole number from 1 to 262144" },
	{ "missing-top.yaml", "missing-top.yaml:1:1: the playbook has no "
	    "\"title\"" },
	{ "multi.yaml", "multi.yaml:6:11: unknown audience \"everyone\" "
	    "(expected one of public, customers, regulator, internal)" },
	{ "no-steps.yaml", "no-steps.yaml:1:1: the playbook has no steps" },
	{ "not-mapping.yaml", "not-mapping.yaml:1:1: a playbook must be a "
	    "mapping of keys to values" },
	{ "regime-clock.yaml", "regime-clock.yaml:9:35: regime \"gdpr\" has no "
	    "clock \"regulatr\"" },
	{ "regime.yaml", "regime.yaml:9:22: unknown regime \"gdrp\" (no "
	    "regimes/gdrp.yaml in the configuration or shipped directory)" },
	{ "role.yaml", "role.yaml:11:15: unknown role \"approver:ceo\" "
	    "(expected approver:legal, approver:pr, approver:security or "
	    "sro)" },
	{ "span.yaml", "span.yaml:9:39: \"within\": \"72 hrs\" is not a span "
	    "of time; write a number and a unit, like 30m, 72h, 14d, 2w or 1 "
	    "month" },
	{ "step-kind.yaml", "step-kind.yaml:7:22: unknown step kind "
	    "\"approval\" (expected form, gate, checklist or publish)" },
	{ "step-no-id.yaml", "step-no-id.yaml:12:5: step 2 has no \"id\"" },
	{ "top-unknown.yaml", "top-unknown.yaml:6:1: unknown key \"titel\" at "
	    "the top level" },
	{ "two-docs.yaml", "two-docs.yaml:8:1: only one YAML document is "
	    "allowed in a playbook" },
	{ "unknown-key.yaml", "unknown-key.yaml:10:5: unknown key \"titel\" in "
	    "step \"facts\"" },
	{ "utf8.yaml", "utf8.yaml:2:12: not valid UTF-8: a playbook must be "
	    "UTF-8 text" },
	{ "variant-ref.yaml", "variant-ref.yaml:9:65: variant \"external\" is "
	    "not a variant of this playbook" },
	{ "when-kind.yaml", "when-kind.yaml:15:15: \"when\" names field \"a\", "
	    "a text field; only choice, multi-choice and boolean fields can be "
	    "conditions" },
	{ "when-later.yaml", "when-later.yaml:14:15: \"when\" names field "
	    "\"b\", which comes later; a condition must name an earlier "
	    "field" },
	{ "when-missing.yaml", "when-missing.yaml:14:15: \"when\" names field "
	    "\"nothere\", which does not exist" },
	{ "when-value.yaml", "when-value.yaml:15:15: \"when\" value \"z\" is "
	    "not an option of field \"a\"" },
	{ "wrong-key-for-kind.yaml", "wrong-key-for-kind.yaml:12:7: "
	    "\"fields\" is only for form steps, and step \"one\" is a gate "
	    "step" },
};

static void
bad_catalogue(void **state)
{
	struct playbook *pb;
	struct pb_problems pr = { 0 };
	struct err err;
	char name[128], *path, *text;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(name, sizeof name, "playbooks/bad/%s", bad[i].file);
		path = tu_fixture(name);
		text = tu_slurp(path, &len);
		pb = (struct playbook *)1;
		err_clear(&err);
		if (playbook_parse(text, len, bad[i].file, &pb, &pr, &err) !=
		    ST_INVALID || strcmp(err.msg, bad[i].message) != 0)
			fail_msg("%s: got \"%s\"", bad[i].file, err.msg);
		assert_null(pb);
		assert_true(pr.n >= 1);
		/* ERR is the first problem. */
		snprintf(name, sizeof name, "%s:%d:%d: ", bad[i].file,
		    pr.items[0].pos.line, pr.items[0].pos.col);
		assert_int_equal(strncmp(err.msg, name, strlen(name)), 0);
		assert_string_equal(err.msg + strlen(name), pr.items[0].message);
		pb_problems_clear(&pr);
		free(text);
		free(path);
	}
}

/* Lint shows every problem, in file order. */
static void
all_problems(void **state)
{
	char *path = tu_fixture("playbooks/bad/multi.yaml");
	struct playbook *pb = NULL;
	struct pb_problems pr = { 0 };
	struct err err = { 0 };

	(void)state;
	assert_int_equal(playbook_load_file(path, &pb, &pr, &err), ST_INVALID);
	assert_null(pb);
	assert_int_equal(pr.n, 4);
	assert_int_equal(pr.items[0].pos.line, 6);
	assert_int_equal(pr.items[1].pos.line, 12);
	assert_string_equal(pr.items[1].message, "\"required\" must be true or "
	    "false");
	assert_int_equal(pr.items[2].pos.line, 13);
	assert_string_equal(pr.items[2].message, "duplicate field id \"a\" "
	    "(first at line 12)");
	assert_int_equal(pr.items[3].pos.line, 15);
	assert_int_equal(pr.items[3].pos.col, 39);
	/* A NULL problem list is allowed. */
	assert_int_equal(playbook_load_file(path, &pb, NULL, &err), ST_INVALID);
	assert_true(strstr(err.msg, "multi.yaml:6:11: unknown audience") != NULL);
	pb_problems_clear(&pr);
	pb_problems_clear(&pr);
	free(path);
}

static void
parse_expect(const char *text, const char *message)
{
	struct playbook *pb = NULL;
	struct err err = { 0 };

	assert_int_equal(playbook_parse(text, strlen(text), "t.yaml", &pb, NULL,
	    &err), ST_INVALID);
	assert_null(pb);
	if (strcmp(err.msg, message) != 0)
		fail_msg("expected \"%s\", got \"%s\"", message, err.msg);
}

#define HEAD "playbook: t\nversion: 1\ntitle: T\nkind: advisory\n" \
	"audience: public\n"
#define GATE "steps:\n  - { id: g, kind: gate, title: G, roles: [sro] }\n"

static void
small_cases(void **state)
{
	struct playbook *pb;
	struct err err = { 0 };

	(void)state;
	/* Without variants there is one, "", with the playbook's kind. */
	pb = tu_playbook_parse(HEAD GATE, "t.yaml");
	assert_int_equal(pb->n_variants, 1);
	assert_string_equal(pb->variants[0].id, "");
	assert_string_equal(pb->variants[0].kind, "advisory");
	assert_string_equal(pb->variants[0].audience, "public");
	assert_true(pb->reading_ease == 50);
	assert_false(pb->opens_incident);
	assert_null(pb->description);
	assert_true(playbook_step_in_variant(&pb->steps[0], ""));
	playbook_free(&pb);

	parse_expect("---\n", "t.yaml:1:1: empty file: a playbook is a mapping "
	    "of keys to values");
	parse_expect("# nothing\n", "t.yaml:1:1: empty file: a playbook is a "
	    "mapping of keys to values");
	parse_expect("just text\n", "t.yaml:1:1: a playbook must be a mapping of "
	    "keys to values");
	assert_int_equal(playbook_parse("a: b\0c\n", 7, "t.yaml", &pb, NULL,
	    &err), ST_INVALID);
	assert_string_equal(err.msg, "t.yaml:1:1: the file holds a NUL byte: a "
	    "playbook must be text");
	parse_expect(HEAD "reading-ease: easy\n" GATE, "t.yaml:6:15: "
	    "\"reading-ease\" must be a number from 0 to 100");
	parse_expect(HEAD "opens-incident: 1\n" GATE, "t.yaml:6:17: "
	    "\"opens-incident\" must be true or false");
	parse_expect("playbook: Bad_Name\nversion: 1\ntitle: T\nkind: advisory\n"
	    "audience: public\n" GATE, "t.yaml:1:11: \"playbook\" must be at "
	    "most 64 lower-case letters, digits and \"-\", starting with a "
	    "letter; not \"Bad_Name\"");
	parse_expect(HEAD "title2: x\n" GATE, "t.yaml:6:1: unknown key "
	    "\"title2\" at the top level");
	parse_expect(HEAD "steps: {}\n", "t.yaml:6:8: \"steps\" must be a list");
	parse_expect(HEAD "steps:\n  - { id: g, kind: gate, title: G, roles: "
	    "[sro, sro] }\n", "t.yaml:7:49: duplicate role \"sro\" (first at "
	    "line 7)");
	parse_expect(HEAD "steps:\n  - { id: g, kind: gate, title: G, roles: "
	    "[author] }\n", "t.yaml:7:44: unknown role \"author\" (expected "
	    "approver:legal, approver:pr, approver:security or sro)");
	parse_expect(HEAD "steps:\n  - { id: g, kind: gate, title: G }\n",
	    "t.yaml:7:5: gate step \"g\" has no roles");
	parse_expect(HEAD "steps:\n  - { id: p, kind: publish, title: P }\n",
	    "t.yaml:7:5: publish step \"p\" has no channels");
	parse_expect(HEAD "steps:\n  - { id: f, kind: form, title: F }\n",
	    "t.yaml:7:5: form step \"f\" has no fields");
	parse_expect(HEAD "steps:\n  - { id: f, kind: form, title: F, fields: "
	    "[{ id: a, type: checklist, label: A }] }\n", "t.yaml:7:60: unknown "
	    "field type \"checklist\" (expected text, long-text, choice, "
	    "multi-choice, boolean, datetime, email-list, url, cve-list, cvss, "
	    "products or plain-text; a checklist is a step)");
	parse_expect(HEAD "steps:\n  - { id: f, kind: form, title: F, fields: "
	    "[{ id: a, type: url, label: A, max-length: 5 }] }\n",
	    "t.yaml:7:87: \"max-length\" is only for text, long-text and "
	    "plain-text fields");
	parse_expect(HEAD "steps:\n  - { id: f, kind: form, title: F, fields: "
	    "[{ id: a, type: text, label: A, warn: [shouting] }] }\n",
	    "t.yaml:7:83: unknown warning \"shouting\" (expected blame or short-notice)");
	parse_expect(HEAD "steps:\n  - { id: f, kind: form, title: F, fields: "
	    "[{ id: a, type: boolean, label: A }, { id: b, type: text, label: "
	    "B, when: { field: a, equals: maybe } }] }\n", "t.yaml:7:118: "
	    "\"when\" value \"maybe\" of boolean field \"a\" must be yes or no");
	parse_expect(HEAD "steps:\n  - { id: f, kind: form, title: F, fields: "
	    "[{ id: a, type: boolean, label: A, when: { field: a, equals: yes } "
	    "}] }\n", "t.yaml:7:85: \"when\" names field \"a\", which is this "
	    "field");
	parse_expect(HEAD "steps:\n  - id: c\n    kind: checklist\n    title: "
	    "C\n    items: [a]\n  - { id: c2, kind: form, title: F, fields: [{ "
	    "id: c, type: text, label: A }] }\n", "t.yaml:11:52: duplicate "
	    "field id \"c\" (first at line 7)");
	parse_expect(HEAD GATE "clocks:\n  - { id: c, regime: gdpr, from: "
	    "awareness }\n", "t.yaml:9:5: clock \"c\" takes its times from "
	    "regime \"gdpr\"; give no \"from\", \"within\" or \"every\"");
	parse_expect(HEAD GATE "clocks:\n  - { id: c, from: awareness, within: "
	    "1h, every: 2h }\n", "t.yaml:9:5: clock \"c\" has both \"within\" "
	    "and \"every\"; give one");
	parse_expect(HEAD GATE "clocks:\n  - { id: c, from: dawn, within: 1h "
	    "}\n", "t.yaml:9:20: \"from\" must be awareness, discovery, "
	    "fix-available or started; not \"dawn\"");
	parse_expect(HEAD GATE "clocks:\n  - { id: c, regime: ../gdpr }\n",
	    "t.yaml:9:22: unknown regime \"../gdpr\" (no regimes/../gdpr.yaml "
	    "in the configuration or shipped directory)");
	parse_expect(HEAD GATE "clocks:\n  - { id: c, within: 1h }\n",
	    "t.yaml:9:5: clock \"c\" has no \"from\"");
	parse_expect(HEAD GATE "clocks:\n  - { title: x }\n",
	    "t.yaml:9:5: clock 1 has no \"id\"");
	/* Escapes may not smuggle terminal commands into what is shown. */
	parse_expect("playbook: t\nversion: 1\ntitle: \"T\\e[2J\"\n"
	    "kind: advisory\naudience: public\n" GATE, "t.yaml:3:8: control "
	    "character U+001B in a value; a playbook's text holds only tabs "
	    "and line breaks");
	parse_expect(HEAD "steps:\n  - { id: g, kind: gate, title: \"G\\u0085"
	    "\", roles: [sro] }\n", "t.yaml:7:33: control character U+0085 "
	    "in a value; a playbook's text holds only tabs and line breaks");
	parse_expect(HEAD "steps:\n  - { id: g, kind: gate, title: \"G\\r\", "
	    "help: \"a\\tb\\nc\", roles: [sro] }\n", "t.yaml:7:33: control "
	    "character U+000D in a value; a playbook's text holds only tabs "
	    "and line breaks");
	parse_expect(HEAD "steps:\n  - &a { id: g, kind: gate, title: G, "
	    "roles: [sro] }\n", "t.yaml:7:5: anchors (&) are not allowed in a "
	    "playbook; write the value out");
	parse_expect(HEAD "steps:\n  - { id: f, kind: form, title: F, fields: "
	    "[{ id: a, type: text }] }\n", "t.yaml:7:45: field \"a\" has no "
	    "\"label\"");
	/* Where a field's first answer comes from: known sources that fit
	 * the field's kind. */
	pb = tu_playbook_parse(HEAD "steps:\n  - { id: f, kind: form, title: F, "
	    "fields: [{ id: a, type: datetime, label: A, from: "
	    "incident.fix-available-at }, { id: b, type: choice, label: B, "
	    "options: [low, high], from: incident.severity }, { id: c, type: "
	    "plain-text, label: C, from: incident.summary }, { id: d, type: "
	    "text, label: D }] }\n", "t.yaml");
	assert_int_equal(pb->steps[0].fields[0].from, PB_FROM_FIX_AVAILABLE_AT);
	assert_int_equal(pb->steps[0].fields[1].from, PB_FROM_SEVERITY);
	assert_int_equal(pb->steps[0].fields[2].from, PB_FROM_SUMMARY);
	assert_int_equal(pb->steps[0].fields[3].from, PB_FROM_NONE);
	playbook_free(&pb);
	assert_string_equal(pb_source_name(PB_FROM_AWARE_AT),
	    "incident.aware-at");
	assert_int_equal(pb_source_from_name("incident.ref"), PB_FROM_REF);
	assert_int_equal(pb_source_from_name(""), -1);
	assert_int_equal(pb_source_from_name(NULL), -1);
	assert_false(pb_source_fits(PB_FROM_TITLE, FIELD_LONG_TEXT));
	assert_true(pb_source_fits(PB_FROM_SUMMARY, FIELD_LONG_TEXT));
	/* A release cycle's facts, for an end-of-life notice. */
	assert_int_equal(pb_source_from_name("cycle.extended-support-end"),
	    PB_FROM_CYCLE_EXTENDED_END);
	assert_string_equal(pb_source_name(PB_FROM_CYCLE_POST_EOL),
	    "cycle.post-eol-options");
	assert_true(pb_source_is_cycle(PB_FROM_CYCLE_TITLE));
	assert_false(pb_source_is_cycle(PB_FROM_TITLE));
	assert_false(pb_source_is_cycle(PB_FROM_NONE));
	assert_true(pb_source_fits(PB_FROM_CYCLE_PRODUCT, FIELD_PRODUCTS));
	assert_true(pb_source_fits(PB_FROM_CYCLE_EOL, FIELD_DATETIME));
	assert_true(pb_source_fits(PB_FROM_CYCLE_POST_EOL, FIELD_LONG_TEXT));
	assert_false(pb_source_fits(PB_FROM_CYCLE_LATEST, FIELD_LONG_TEXT));
	assert_false(pb_source_fits(PB_FROM_CYCLE_TITLE, FIELD_DATETIME));
	pb = tu_playbook_parse("playbook: t\nversion: 1\ntitle: T\nkind: "
	    "eol-notice\naudience: customers\nsteps:\n  - { id: f, kind: form, "
	    "title: F, fields: [{ id: a, type: text, label: A, from: "
	    "cycle.title }, { id: b, type: products, label: B, from: "
	    "cycle.product }, { id: c, type: datetime, label: C, from: "
	    "cycle.eol }, { id: d, type: plain-text, label: D, from: "
	    "cycle.post-eol-options }] }\n", "t.yaml");
	assert_int_equal(pb->steps[0].fields[0].from, PB_FROM_CYCLE_TITLE);
	assert_int_equal(pb->steps[0].fields[1].from, PB_FROM_CYCLE_PRODUCT);
	assert_int_equal(pb->steps[0].fields[2].from, PB_FROM_CYCLE_EOL);
	assert_int_equal(pb->steps[0].fields[3].from, PB_FROM_CYCLE_POST_EOL);
	playbook_free(&pb);
	/* In an end-of-life notice a misspelt source is compared with the
	 * cycle's facts. */
	parse_expect("playbook: t\nversion: 1\ntitle: T\nkind: eol-notice\n"
	    "audience: customers\nsteps:\n  - { id: f, kind: form, title: F, "
	    "fields: [{ id: a, type: text, label: A, from: title }] }\n",
	    "t.yaml:7:82: unknown source \"title\" for \"from\" (expected one "
	    "of cycle.title, cycle.product, cycle.eol, "
	    "cycle.extended-support-end, cycle.latest-version, "
	    "cycle.post-eol-options)");
	parse_expect(HEAD "steps:\n  - { id: f, kind: form, title: F, fields: "
	    "[{ id: a, type: datetime, label: A, from: cycle.eol }] }\n",
	    "t.yaml:7:86: field \"a\": cycle.eol is a fact of a release cycle, "
	    "and only an eol-notice is about one; this playbook is of kind "
	    "advisory");
	parse_expect(HEAD "steps:\n  - { id: f, kind: form, title: F, fields: "
	    "[{ id: a, type: text, label: A, from: incident.aware-at }] }\n",
	    "t.yaml:7:82: field \"a\": incident.aware-at fits a datetime "
	    "field, not text");
	parse_expect(HEAD "steps:\n  - { id: f, kind: form, title: F, fields: "
	    "[{ id: a, type: long-text, label: A, from: incident.title }] }\n",
	    "t.yaml:7:87: field \"a\": incident.title fits a text field, not "
	    "long-text");
	parse_expect(HEAD "steps:\n  - { id: f, kind: form, title: F, fields: "
	    "[{ id: a, type: cvss, label: A, from: [incident.cvss] }] }\n",
	    "t.yaml:7:82: \"from\" must be text, like incident.cvss");
	parse_expect(HEAD "variants: []\n" GATE, "t.yaml:6:11: \"variants\" must "
	    "list at least one variant");
	parse_expect(HEAD "variants:\n  - { id: v, kind: memo }\n" GATE,
	    "t.yaml:7:20: unknown communication kind \"memo\" (expected one of "
	    "advisory, advisory-update, customer-notice, regulator-notification, "
	    "support-briefing, pir-internal, pir-external, eol-notice, "
	    "vulnerability-report)");
}

static void
shipped(void **state)
{
	static const char *const want[] = {
		"breach-notification", "eol-notice", "post-incident-report",
		"security-advisory", "support-briefing", "vex-statement",
		"vulnerability-report",
	};
	struct playbook *pb = NULL;
	struct pb_problems pr = { 0 };
	struct err err = { 0 };
	char **names = NULL, *path = NULL;
	size_t i, k;

	(void)state;
	assert_int_equal(playbook_names(&names, &err), ST_OK);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_non_null(names[i]);
		assert_string_equal(names[i], want[i]);
		assert_int_equal(playbook_find(want[i], &path, &err), ST_OK);
		if (playbook_load_file(path, &pb, &pr, &err) != ST_OK) {
			for (k = 0; k < pr.n; k++)
				print_error("%s:%d:%d: %s\n", path,
				    pr.items[k].pos.line, pr.items[k].pos.col,
				    pr.items[k].message);
			fail_msg("%s", err.msg);
		}
		assert_int_equal(pr.n, 0);
		assert_string_equal(pb->name, want[i]);
		assert_non_null(pb->version);
		assert_true(pb->n_steps > 0);
		playbook_free(&pb);
		free(path);
		path = NULL;
	}
	assert_null(names[i]);
	playbook_names_free(names);

	assert_int_equal(playbook_find("no-such-playbook", &path, &err),
	    ST_NOTFOUND);
	assert_null(path);
	assert_int_equal(playbook_find("../etc/passwd", &path, &err),
	    ST_NOTFOUND);
	assert_null(path);
}

/* The vocabulary the shipped playbooks promise to others. */
static void
shipped_contents(void **state)
{
	struct playbook *pb = NULL;
	struct err err = { 0 };
	char *path = NULL;
	const struct pb_step *st;
	const struct pb_field *f;
	size_t i;
	bool has_legal = false, has_security = false;

	(void)state;
	assert_int_equal(playbook_find("security-advisory", &path, &err), ST_OK);
	assert_int_equal(playbook_load_file(path, &pb, NULL, &err), ST_OK);
	assert_string_equal(pb->kind, "advisory");
	assert_int_equal(playbook_field(pb, "cvss", NULL)->kind, FIELD_CVSS);
	assert_int_equal(playbook_field(pb, "cves", NULL)->kind, FIELD_CVE_LIST);
	assert_int_equal(playbook_field(pb, "products", NULL)->kind,
	    FIELD_PRODUCTS);
	/* Nothing entered twice: what the incident knows fills them. */
	assert_int_equal(playbook_field(pb, "products", NULL)->from,
	    PB_FROM_AFFECTED);
	assert_int_equal(playbook_field(pb, "cvss", NULL)->from, PB_FROM_CVSS);
	for (i = 0; i < pb->n_steps; i++)
		if (pb->steps[i].kind == PB_STEP_GATE) {
			st = &pb->steps[i];
			has_legal |= strcmp(st->roles[0].role,
			    "approver:legal") == 0;
			has_security |= strcmp(st->roles[0].role,
			    "approver:security") == 0;
		}
	assert_true(has_legal && has_security);
	playbook_free(&pb);
	free(path);

	assert_int_equal(playbook_find("breach-notification", &path, &err),
	    ST_OK);
	assert_int_equal(playbook_load_file(path, &pb, NULL, &err), ST_OK);
	assert_int_equal(pb->n_variants, 2);
	assert_non_null(playbook_variant(pb, "regulator"));
	assert_string_equal(playbook_variant(pb, "regulator")->kind,
	    "regulator-notification");
	assert_string_equal(playbook_variant(pb, "customers")->kind,
	    "customer-notice");
	f = playbook_field(pb, "not-yet-known", NULL);
	assert_non_null(f);
	assert_int_equal(playbook_field(pb, "aware-at", NULL)->from,
	    PB_FROM_AWARE_AT);
	assert_int_equal(playbook_field(pb, "discovered-at", NULL)->from,
	    PB_FROM_DISCOVERED_AT);
	f = playbook_field(pb, "customer-notice", &st);
	assert_int_equal(f->kind, FIELD_PLAIN_TEXT);
	assert_true(playbook_step_in_variant(st, "customers"));
	assert_false(playbook_step_in_variant(st, "regulator"));
	playbook_free(&pb);
	free(path);

	assert_int_equal(playbook_find("post-incident-report", &path, &err),
	    ST_OK);
	assert_int_equal(playbook_load_file(path, &pb, NULL, &err), ST_OK);
	assert_non_null(playbook_field(pb, "staff", NULL));
	f = playbook_field(pb, "external-summary", NULL);
	assert_non_null(f);
	assert_true(f->warnings & PB_WARN_BLAME);
	playbook_free(&pb);
	free(path);

	assert_int_equal(playbook_find("vulnerability-report", &path, &err),
	    ST_OK);
	assert_int_equal(playbook_load_file(path, &pb, NULL, &err), ST_OK);
	assert_true(pb->opens_incident);
	assert_string_equal(pb->kind, "vulnerability-report");
	assert_string_equal(pb->audience, "internal");
	playbook_free(&pb);
	free(path);
}

/* A playbook in the configuration directory wins over the shipped one. */
static void
config_first(void **state)
{
	const char *dir = *state;
	char *sub = tu_config_dir(dir, "playbooks"), **names = NULL, *path = NULL;
	size_t i;
	bool has_mine = false;

	tu_write_yaml(sub, "security-advisory", HEAD GATE);
	tu_write_yaml(sub, "mine", HEAD GATE);
	assert_int_equal(playbook_find("security-advisory", &path, NULL), ST_OK);
	assert_true(strncmp(path, sub, strlen(sub)) == 0);
	free(path);
	assert_int_equal(playbook_names(&names, NULL), ST_OK);
	for (i = 0; names[i] != NULL; i++) {
		has_mine |= strcmp(names[i], "mine") == 0;
		if (i > 0)
			assert_true(strcmp(names[i - 1], names[i]) < 0);
	}
	assert_true(has_mine);
	assert_int_equal(i, 8);
	playbook_names_free(names);
	/* The tests after this one find none of the person's own. */
	tu_rmdir(sub);
	free(sub);
}

static void
hash_stable(void **state)
{
	const char *text = HEAD GATE;
	struct playbook *a, *b, *c;
	char want[HASH_HEX_SIZE];

	(void)state;
	a = tu_playbook_parse(text, "t.yaml");
	assert_int_equal(playbook_parse(text, strlen(text), "other", &b, NULL,
	    NULL), ST_OK);
	c = tu_playbook_parse(HEAD "# a comment changes the hash\n" GATE,
	    "t.yaml");
	hash_sha256_hex(text, strlen(text), want);
	assert_string_equal(a->hash, want);
	assert_string_equal(a->hash, b->hash);
	assert_string_not_equal(a->hash, c->hash);
	assert_string_equal(a->text, text);
	assert_string_equal(b->source, "other");
	playbook_free(&a);
	playbook_free(&b);
	playbook_free(&c);
}

static void
spans(void **state)
{
	static const struct {
		const char *in;
		int         months;
		long        minutes;
		const char *out;
	} good[] = {
		{ "72h", 0, 4320, "72 h" },
		{ "24 hours", 0, 1440, "24 h" },
		{ "14d", 0, 20160, "14 d" },
		{ "2w", 0, 20160, "14 d" },
		{ "30m", 0, 30, "30 min" },
		{ "1 month", 1, 0, "1 month" },
		{ "2 months", 2, 0, "2 months" },
		{ "1 month 72h", 1, 4320, "1 month 72 h" },
		{ "1 day", 0, 1440, "24 h" },
		{ "90 minutes", 0, 90, "1 h 30 min" },
		{ "1h 30m", 0, 90, "1 h 30 min" },
		{ "4d", 0, 5760, "4 d" },
	};
	static const char *const bad_spans[] = {
		"", "h", "72", "72 hrs", "-1h", "0h", "1.5h", "72h!", "1 mont",
		"999999999999h", "M",
	};
	struct pb_span sp;
	struct err err;
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(pb_span_parse(good[i].in, &sp, NULL), ST_OK);
		assert_int_equal(sp.months, good[i].months);
		assert_int_equal(sp.minutes, good[i].minutes);
		assert_string_equal(pb_span_format(&sp, buf, sizeof buf),
		    good[i].out);
	}
	for (i = 0; i < sizeof bad_spans / sizeof bad_spans[0]; i++) {
		sp.months = 7;
		if (pb_span_parse(bad_spans[i], &sp, &err) != ST_INVALID)
			fail_msg("\"%s\" parsed", bad_spans[i]);
		assert_int_equal(sp.months, 7);
		assert_non_null(strstr(err.msg, "is not a span of time"));
	}
	sp.months = 0;
	sp.minutes = 0;
	assert_string_equal(pb_span_format(&sp, buf, sizeof buf), "0 min");
}

static void
kind_names(void **state)
{
	(void)state;
	assert_int_equal(pb_step_kind_from_name("form"), PB_STEP_FORM);
	assert_int_equal(pb_step_kind_from_name("publish"), PB_STEP_PUBLISH);
	assert_int_equal(pb_step_kind_from_name("Form"), -1);
	assert_int_equal(pb_step_kind_from_name(NULL), -1);
	assert_string_equal(pb_step_kind_name(PB_STEP_GATE), "gate");
	assert_null(pb_step_kind_name(PB_STEP_KIND_COUNT));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_playbook),
		cmocka_unit_test(bad_catalogue),
		cmocka_unit_test(all_problems),
		cmocka_unit_test(small_cases),
		cmocka_unit_test(shipped),
		cmocka_unit_test(shipped_contents),
		cmocka_unit_test(config_first),
		cmocka_unit_test(hash_stable),
		cmocka_unit_test(spans),
		cmocka_unit_test(kind_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
