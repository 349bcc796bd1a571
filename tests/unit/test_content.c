/* tests/unit/test_content.c - the canonical form of what a communication
 * publishes and its hash: a known communication pinned to a known hash;
 * the hash unmoved by the clock and by review, moved by a word of an
 * answer, an affected version and a template's words; what reaches the
 * form for each audience; a variant without outputs as its page; hostile
 * text; and the outputs read back from a snapshot. Templates are the
 * tests' own, stored here, so the shipped ones may change freely. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/canon.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/hash.h"
#include "core/incident.h"
#include "core/product.h"
#include "core/render.h"
#include "core/settings.h"
#include "core/template.h"
#include "core/workflow.h"
#include "util/xalloc.h"

/* Three variants: "public" with a page, a mail and a feed; "inside"
 * (internal) with the mail only; "quiet" with no output at all, so it
 * reads as a page. "names" is internal. */
static const char pb_yaml[] =
    "playbook: content-test\n"
    "version: \"1\"\n"
    "title: Content test\n"
    "kind: advisory\n"
    "audience: public\n"
    "variants:\n"
    "  - {id: public, title: Advisory, kind: advisory, audience: public}\n"
    "  - {id: inside, title: Inside, kind: pir-internal, audience: internal}\n"
    "  - {id: quiet, title: Quiet, kind: customer-notice, audience: customers}\n"
    TU_PB_FACTS
    "      - {id: summary, type: long-text, label: Summary, required: true}\n"
    "      - {id: products, type: products, label: Versions}\n"
    "      - {id: names, type: long-text, label: Names, internal: true}\n"
    TU_PB_APPROVE_PUBLISH
    "outputs:\n"
    "  - {id: web, format: markdown, title: Web page, variants: [public]}\n"
    "  - {id: mail, format: email, title: E-mail, variants: [public, inside]}\n"
    "  - {id: feed, format: atom, title: Feed, variants: [public]}\n";

/* The pinned one: a page and a mail, nothing whose bytes depend on a
 * library's version (no HTML through cmark, no XML, no CSAF naming
 * herald's version); written out in full (no shared macros), since its
 * text's hash is in the form. */
static const char pinned_yaml[] =
    "playbook: content-pinned\n"
    "version: \"3\"\n"
    "title: Pinned advisory\n"
    "kind: advisory\n"
    "audience: public\n"
    "steps:\n"
    "  - id: facts\n"
    "    kind: form\n"
    "    title: The facts\n"
    "    fields:\n"
    "      - {id: summary, type: long-text, label: Summary, required: true}\n"
    "      - {id: products, type: products, label: Versions}\n"
    "  - {id: approve, kind: gate, title: Approval, roles: [approver:legal]}\n"
    "  - {id: send, kind: publish, title: Publish, channels: [web]}\n"
    "outputs:\n"
    "  - {id: web, format: markdown, title: Web page}\n"
    "  - {id: mail, format: email, title: E-mail}\n";

/* The advisory's page prints what moves with the clock and the workflow
 * (the time, the state) next to the words. */
static const char advisory_md[] =
    "# {{{ref}}}: {{{title}}}\n"
    "State: {{state}}. Updated {{updated_at}} ({{updated_date}}).\n"
    "\n"
    "{{{answers.summary}}}\n"
    "\n"
    "{{#products}}\n"
    "- {{{product}}} {{{range}}}: {{status_label}}\n"
    "{{/products}}\n";
static const char advisory_email[] =
    "Subject: {{{ref}}}: {{{title}}}\n"
    "\n"
    "{{{answers.summary}}}\n";
static const char generic_email[] =
    "Subject: {{{title}}}\n"
    "\n"
    "{{#fields}}\n"
    "{{{label}}}: {{{text}}}\n"
    "{{/fields}}\n";
static const char notice_md[] =
    "# {{{title}}}\n"
    "\n"
    "{{{answers.summary}}}\n";

#define PRODUCTS_V1 "[{\"product\": \"widget\", \"range\": \"< 2.4.1\", " \
    "\"status\": \"known_affected\"}, {\"product\": \"widget\", " \
    "\"range\": \"2.4.1\", \"status\": \"fixed\"}]"
#define PRODUCTS_V2 "[{\"product\": \"widget\", \"range\": \"< 2.4.2\", " \
    "\"status\": \"known_affected\"}, {\"product\": \"widget\", " \
    "\"range\": \"2.4.2\", \"status\": \"fixed\"}]"

struct fx {
	struct session *s;          /* ada: admin */
	char           *dir;
	char           *pbdir;
	char            ref[32];
};

static void
store(struct session *s, const char *name, const char *body)
{
	struct err err = { 0 };

	if (template_store(s, name, body, NULL, NULL, &err) != ST_OK)
		fail_msg("template %s: %s", name, err.msg);
}

static void
set(struct session *s, const char *key, const char *value)
{
	struct err err = { 0 };

	if (setting_set(s, key, value, &err) != ST_OK)
		fail_msg("%s: %s", key, err.msg);
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct err err = { 0 };

	unsetenv("HERALD_NOW");
	f->s = tu_session_new(&f->dir);
	f->pbdir = tu_config_dir(f->dir, "playbooks");
	tu_write_yaml(f->pbdir, "content-test", pb_yaml);
	tu_write_yaml(f->pbdir, "content-pinned", pinned_yaml);
	store(f->s, "advisory.md", advisory_md);
	store(f->s, "advisory.email.txt", advisory_email);
	store(f->s, "generic.email.txt", generic_email);
	store(f->s, "customer-notice.md", notice_md);
	set(f->s, "site.url", "https://security.example/");
	set(f->s, "publisher.name", "Example");
	assert_int_equal(product_create(f->s, "widget", "Widget", NULL, NULL,
	    NULL, &err), ST_OK);
	tu_incident_new_ref(f->s, &(struct incident_new){
	    .title = "Widget leaks tokens", .trigger_kind = "vulnerability",
	    .severity = "high", .aware_at = "2026-02-27T08:00:00Z" }, f->ref,
	    sizeof f->ref);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tu_session_free(&f->s, &f->dir);
	free(f->pbdir);
	free(f);
	unsetenv("HERALD_NOW");
	clock_set_fixed(TU_NOW);
	return 0;
}

/* The content of communication ID now, or a failed test. */
static void
content(struct fx *f, long long id, struct content *c)
{
	struct comm_doc d = { 0 };
	struct err err = { 0 };

	tu_comm_open(f->s, id, &d);
	if (content_of(f->s, &d, c, &err) != ST_OK)
		fail_msg("content of %lld: %s", id, err.msg);
	comm_doc_clear(&d);
	assert_true(hash_is_sha256_hex(c->hash));
	assert_int_equal(strlen(c->canon), c->len);
}

/* The content of communication ID now compared with the hash H0: the
 * same, or (MOVED) another; with PART, a text the form must hold. */
static void
expect_hash(struct fx *f, long long id, const char *h0, bool moved,
    const char *part)
{
	struct content c = { 0 };

	content(f, id, &c);
	if (moved)
		assert_string_not_equal(c.hash, h0);
	else
		assert_string_equal(c.hash, h0);
	if (part != NULL && strstr(c.canon, part) == NULL)
		fail_msg("expected %s in the form: %s", part, c.canon);
	content_clear(&c);
}

/* The preview of OUTPUT (NULL: the page) of communication ID in *R, or a
 * failed test; rendered_clear. */
static void
preview(struct fx *f, long long id, const char *output, struct rendered *r)
{
	struct comm_doc d = { 0 };
	struct err err = { 0 };

	tu_comm_open(f->s, id, &d);
	if (comm_preview(f->s, &d, output, NULL, r, &err) != ST_OK)
		fail_msg("preview of %lld: %s", id, err.msg);
	comm_doc_clear(&d);
}

/* With the clock at NOW (HERALD_NOW), the content of communication ID in
 * *C and its web page's preview in *R. */
static void
content_at(struct fx *f, const char *now, long long id, struct content *c,
    struct rendered *r)
{
	struct err err = { 0 };

	setenv("HERALD_NOW", now, 1);
	assert_int_equal(clock_init(&err), ST_OK);
	content(f, id, c);
	preview(f, id, "web", r);
}

/* The form of C parsed, or a failed test; json_decref. */
static json_t *
form(const struct content *c)
{
	json_t *j = json_loads(c->canon, 0, NULL);

	assert_non_null(j);
	return j;
}

/* Start VARIANT of content-test and answer it. */
static long long
start(struct fx *f, const char *variant)
{
	long long id = tu_comm_start(f->s, f->ref, "content-test", variant, 1);

	tu_comm_set(f->s, id, "summary", "Tokens leak into the log.\n\n"
	    "- rotate them\n- upgrade");
	tu_comm_set(f->s, id, "products", PRODUCTS_V1);
	tu_comm_set(f->s, id, "names", "Only staff read this.");
	return id;
}

/* Known inputs, known hash. Everything here is fixed: the database is
 * new (ids from 1), the clock pinned, the playbook and templates are the
 * texts above. A change to the form, to canon_json() or to what the
 * renderers write moves the hash: then bump CONTENT_CANON_VERSION when
 * the form changed, and pin the new hash. */
static void
pinned_hash(void **state)
{
	struct fx *f = *state;
	struct content c = { 0 };
	long long id;
	json_t *j;

	id = tu_comm_start(f->s, f->ref, "content-pinned", NULL, 1);
	tu_comm_set(f->s, id, "summary", "Tokens leak into the log.");
	tu_comm_set(f->s, id, "products", PRODUCTS_V1);
	content(f, id, &c);
	j = form(&c);
	assert_string_equal(tu_json_str(j, "form"), "herald-content");
	assert_int_equal(json_integer_value(tu_json_node(j, "version")),
	    CONTENT_CANON_VERSION);
	assert_string_equal(tu_json_str(j, "outputs/0/text"),
	    "# SEC-2026-001: Pinned advisory: SEC-2026-001 Widget leaks "
	    "tokens\n"
	    "State: draft. Updated 2000-01-01T00:00:00Z (2000-01-01).\n"
	    "\n"
	    "Tokens leak into the log.\n"
	    "\n"
	    "- widget < 2.4.1: Known affected\n"
	    "- widget 2.4.1: Fixed\n");
	json_decref(j);
	/* The whole form, so a change shows where it is; then its hash. */
	assert_string_equal(c.canon,
	    "{\"affected\":[{\"cycle\":null,\"ecosystem\":null,\"justificat"
	    "ion\":null,\"package\":null,\"product\":\"widget\",\"range\":"
	    "\"< 2.4.1\",\"status\":\"known_affected\"},{\"cycle\":null,\"e"
	    "cosystem\":null,\"justification\":null,\"package\":null,\"prod"
	    "uct\":\"widget\",\"range\":\"2.4.1\",\"status\":\"fixed\"}],\""
	    "answers\":{\"products\":\"[{\\\"product\\\":\\\"widget\\\",\\"
	    "\"range\\\":\\\"< 2.4.1\\\",\\\"status\\\":\\\"known_affected"
	    "\\\"},{\\\"product\\\":\\\"widget\\\",\\\"range\\\":\\\"2.4.1"
	    "\\\",\\\"status\\\":\\\"fixed\\\"}]\",\"summary\":\"Tokens lea"
	    "k into the log.\"},\"communication\":{\"audience\":\"public\","
	    "\"id\":1,\"kind\":\"advisory\",\"ref\":\"SEC-2026-001\",\"revi"
	    "sion\":1,\"title\":\"Pinned advisory: SEC-2026-001 Widget leak"
	    "s tokens\",\"variant\":\"\"},\"form\":\"herald-content\",\"out"
	    "puts\":[{\"format\":\"markdown\",\"id\":\"web\",\"template\":{"
	    "\"hash\":\"e06bf4ad958de24f7194fa77b7ef8575680aa0d979d5daafa2c"
	    "4ae97ada8090d\",\"name\":\"advisory.md\",\"version\":1},\"text"
	    "\":\"# SEC-2026-001: Pinned advisory: SEC-2026-001 Widget leak"
	    "s tokens\\nState: draft. Updated 2000-01-01T00:00:00Z (2000-01"
	    "-01).\\n\\nTokens leak into the log.\\n\\n- widget < 2.4.1: Kn"
	    "own affected\\n- widget 2.4.1: Fixed\\n\",\"title\":\"Web page"
	    "\"},{\"format\":\"email\",\"id\":\"mail\",\"template\":{\"hash"
	    "\":\"8d172fa47cd32a1fbe54c28786afc5e3c40d7e81f99bd8ed338b1fc66"
	    "add19a1\",\"name\":\"advisory.email.txt\",\"version\":1},\"tex"
	    "t\":\"Subject: SEC-2026-001: Pinned advisory: SEC-2026-001 Wid"
	    "get leaks tokens\\n\\nTokens leak into the log.\\n\",\"title\""
	    ":\"E-mail\"}],\"playbook\":{\"hash\":\"1211e0555ed5770590c6e1d"
	    "6fff460940a3363ef6dd28b90b7f9f8e8e1709bd6\",\"name\":\"content"
	    "-pinned\",\"version\":\"3\"},\"version\":1}");
	assert_string_equal(c.hash,
	    "ccd9e01236656cabd9a16c8d1e9232f6e49b221a7489881fe21fc5055ebfd316");
	content_clear(&c);
}

/* The clock (HERALD_NOW) moves, a year on: the preview's date moves with
 * it, the hash does not. */
static void
same_at_any_time(void **state)
{
	struct fx *f = *state;
	struct content a = { 0 }, b = { 0 };
	struct rendered pa = { 0 }, pb = { 0 };
	long long id = start(f, "public");

	content_at(f, "2026-03-01T12:00:00Z", id, &a, &pa);
	content_at(f, "2027-07-15T03:04:05Z", id, &b, &pb);

	/* The preview is dated now; the form at the placeholder. */
	assert_non_null(strstr(pa.text, "Updated 2026-03-01T12:00:00Z"));
	assert_non_null(strstr(pb.text, "Updated 2027-07-15T03:04:05Z"));
	assert_non_null(strstr(a.canon, "Updated 2000-01-01T00:00:00Z"));
	/* The feed's time and the year in its ids too. */
	assert_non_null(strstr(a.canon, "<updated>2000-01-01T00:00:00Z"));
	assert_null(strstr(a.canon, "2026-03-01T12"));
	assert_null(strstr(b.canon, "2027"));
	assert_string_equal(a.hash, b.hash);
	assert_string_equal(a.canon, b.canon);
	/* The clock is the clock again afterwards. */
	assert_int_equal(clock_now(), clock_fixed());
	assert_true(clock_fixed() > 1800000000);
	rendered_clear(&pa);
	rendered_clear(&pb);
	content_clear(&a);
	content_clear(&b);
}

/* One word of an answer, one version, one template's words: each moves
 * the hash; putting the word back puts the hash back. */
static void
moves_with_the_words(void **state)
{
	struct fx *f = *state;
	struct content c0 = { 0 };
	long long id = start(f, "public");

	content(f, id, &c0);

	tu_comm_set(f->s, id, "summary", "Tokens leak into the logs.\n\n"
	    "- rotate them\n- upgrade");
	expect_hash(f, id, c0.hash, true, NULL);
	tu_comm_set(f->s, id, "summary", "Tokens leak into the log.\n\n"
	    "- rotate them\n- upgrade");
	expect_hash(f, id, c0.hash, false, NULL);

	tu_comm_set(f->s, id, "products", PRODUCTS_V2);
	expect_hash(f, id, c0.hash, true, "\"range\":\"< 2.4.2\"");
	tu_comm_set(f->s, id, "products", PRODUCTS_V1);
	expect_hash(f, id, c0.hash, false, NULL);

	/* The same body again is no new version: nothing moves. */
	store(f->s, "advisory.email.txt", advisory_email);
	expect_hash(f, id, c0.hash, false, NULL);
	store(f->s, "advisory.email.txt", "Subject: {{{ref}}}: {{{title}}}\n"
	    "\n"
	    "{{{answers.summary}}}\n"
	    "Thank you.\n");
	expect_hash(f, id, c0.hash, true,
	    "\"name\":\"advisory.email.txt\",\"version\":2");
	content_clear(&c0);
}

/* Review and approval are no edit: draft and in review hash alike,
 * though the template prints the state. */
static void
still_in_review(void **state)
{
	struct fx *f = *state;
	struct content a = { 0 }, b = { 0 };
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	long long id = start(f, "public");

	content(f, id, &a);
	assert_int_equal(tu_comm_step_done(f->s, id, "facts", &err), ST_OK);
	tu_comm_open(f->s, id, &d);
	assert_int_equal(comm_submit(f->s, &d, &err), ST_OK);
	comm_doc_clear(&d);
	tu_comm_open(f->s, id, &d);
	assert_string_equal(d.comm.state, "in-review");
	comm_doc_clear(&d);
	content(f, id, &b);
	assert_string_equal(a.hash, b.hash);
	assert_non_null(strstr(b.canon, "State: draft."));
	content_clear(&a);
	content_clear(&b);
}

/* What is in the form, per audience: the internal field only inside;
 * outputs in the playbook's order for the variant; templates named. */
static void
what_the_form_holds(void **state)
{
	struct fx *f = *state;
	struct content c = { 0 };
	long long pub = start(f, "public"), in = start(f, "inside");
	json_t *j;

	content(f, pub, &c);
	j = form(&c);
	assert_int_equal(json_integer_value(tu_json_node(j, "communication/id")),
	    pub);
	assert_string_equal(tu_json_str(j, "communication/kind"), "advisory");
	assert_string_equal(tu_json_str(j, "communication/audience"), "public");
	assert_string_equal(tu_json_str(j, "communication/variant"), "public");
	assert_string_equal(tu_json_str(j, "communication/ref"), f->ref);
	assert_int_equal(json_integer_value(tu_json_node(j,
	    "communication/revision")), 1);
	assert_string_equal(tu_json_str(j, "playbook/name"), "content-test");
	assert_string_equal(tu_json_str(j, "playbook/version"), "1");
	assert_true(hash_is_sha256_hex(tu_json_str(j, "playbook/hash")));
	assert_string_equal(tu_json_str(j, "answers/summary"),
	    "Tokens leak into the log.\n\n- rotate them\n- upgrade");
	/* Stored as validation left it: compact, in the order given. */
	assert_string_equal(tu_json_str(j, "answers/products"),
	    "[{\"product\":\"widget\",\"range\":\"< 2.4.1\",\"status\":"
	    "\"known_affected\"},{\"product\":\"widget\",\"range\":"
	    "\"2.4.1\",\"status\":\"fixed\"}]");
	assert_null(tu_json_node(j, "answers/names"));
	assert_null(strstr(c.canon, "Only staff"));
	assert_int_equal(json_array_size(tu_json_node(j, "affected")), 2);
	assert_string_equal(tu_json_str(j, "affected/0/product"), "widget");
	assert_string_equal(tu_json_str(j, "affected/0/range"), "< 2.4.1");
	assert_string_equal(tu_json_str(j, "affected/1/status"), "fixed");
	assert_true(json_is_null(tu_json_node(j, "affected/1/cycle")));
	assert_true(json_is_null(tu_json_node(j, "affected/1/package")));
	assert_int_equal(json_array_size(tu_json_node(j, "outputs")), 3);
	assert_string_equal(tu_json_str(j, "outputs/0/id"), "web");
	assert_string_equal(tu_json_str(j, "outputs/0/format"), "markdown");
	assert_string_equal(tu_json_str(j, "outputs/0/title"), "Web page");
	assert_string_equal(tu_json_str(j, "outputs/0/template/name"),
	    "advisory.md");
	assert_int_equal(json_integer_value(tu_json_node(j,
	    "outputs/0/template/version")), 1);
	{
		char hex[HASH_HEX_SIZE];

		template_hash(advisory_md, hex);
		assert_string_equal(tu_json_str(j, "outputs/0/template/hash"),
		    hex);
	}
	assert_string_equal(tu_json_str(j, "outputs/1/id"), "mail");
	assert_string_equal(tu_json_str(j, "outputs/2/id"), "feed");
	assert_true(json_is_null(tu_json_node(j, "outputs/2/template")));
	assert_non_null(strstr(tu_json_str(j, "outputs/2/text"), "<feed"));
	/* Nothing else: no stamp, no times of the workflow. */
	assert_int_equal(json_object_size(j), 7);
	assert_null(strstr(c.canon, "stamp"));
	json_decref(j);
	content_clear(&c);

	content(f, in, &c);
	j = form(&c);
	assert_string_equal(tu_json_str(j, "answers/names"),
	    "Only staff read this.");
	assert_int_equal(json_array_size(tu_json_node(j, "outputs")), 1);
	assert_string_equal(tu_json_str(j, "outputs/0/id"), "mail");
	assert_string_equal(tu_json_str(j, "outputs/0/template/name"),
	    "generic.email.txt");
	assert_non_null(strstr(tu_json_str(j, "outputs/0/text"),
	    "Names: Only staff read this."));
	json_decref(j);
	content_clear(&c);
}

/* A variant without outputs: its page, as the preview shows it. */
static void
page_without_outputs(void **state)
{
	struct fx *f = *state;
	struct content c = { 0 };
	struct rendered r = { 0 };
	struct err err = { 0 };
	long long id = start(f, "quiet");
	json_t *outs = NULL;

	content(f, id, &c);
	preview(f, id, NULL, &r);
	assert_int_equal(content_outputs(c.canon, &outs, &err), ST_OK);
	assert_int_equal(json_array_size(outs), 1);
	assert_string_equal(tu_json_str(outs, "0/id"), "page");
	assert_string_equal(tu_json_str(outs, "0/format"), "markdown");
	assert_string_equal(tu_json_str(outs, "0/title"), "Page");
	assert_string_equal(tu_json_str(outs, "0/text"), r.text);
	assert_non_null(strstr(r.text, "Tokens leak"));
	json_decref(outs);
	rendered_clear(&r);
	content_clear(&c);
}

/* The outputs of a snapshot, for diffs; and what is no snapshot. */
static void
outputs_of_a_snapshot(void **state)
{
	struct fx *f = *state;
	struct content c = { 0 };
	struct err err = { 0 };
	long long id = start(f, "public");
	json_t *outs = NULL, *j;
	size_t i;

	content(f, id, &c);
	j = form(&c);
	assert_int_equal(content_outputs(c.canon, &outs, &err), ST_OK);
	assert_int_equal(json_array_size(outs), 3);
	for (i = 0; i < 3; i++) {
		json_t *o = json_array_get(outs, i),
		    *w = json_array_get(json_object_get(j, "outputs"), i);

		assert_int_equal(json_object_size(o), 4);
		assert_true(json_equal(json_object_get(o, "id"),
		    json_object_get(w, "id")));
		assert_true(json_equal(json_object_get(o, "format"),
		    json_object_get(w, "format")));
		assert_true(json_equal(json_object_get(o, "title"),
		    json_object_get(w, "title")));
		assert_true(json_equal(json_object_get(o, "text"),
		    json_object_get(w, "text")));
	}
	json_decref(outs);
	json_decref(j);
	content_clear(&c);

	assert_int_equal(content_outputs("{\"form\":", &outs, &err),
	    ST_INVALID);
	assert_null(outs);
	assert_non_null(strstr(err.msg, "not JSON"));
	assert_int_equal(content_outputs("{\"form\":\"other\",\"version\":1,"
	    "\"outputs\":[]}", &outs, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "not a herald content form"));
	assert_int_equal(content_outputs("{\"form\":\"herald-content\","
	    "\"version\":2,\"outputs\":[]}", &outs, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "form version 2"));
	assert_int_equal(content_outputs("{\"form\":\"herald-content\","
	    "\"version\":1,\"outputs\":[{\"id\":\"web\"}]}", &outs, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "output 1"));
	assert_int_equal(content_outputs(NULL, &outs, &err), ST_INVALID);
}

/* Hostile text in every answer: still one valid form, canonical (it
 * reads back to the same bytes), the words in it as the model keeps
 * them. */
static void
hostile_answers(void **state)
{
	static const char line[] = "<script>alert(\"x\")</script> & ]]> 'q' "
	    "\xe2\x80\xae" "RTL\xe2\x80\xac zero\xe2\x80\x8bwidth "
	    "\xf0\x9f\x94\xa5 {{mustache}} {{{triple}}} %s%n \\back\\slash "
	    "*_[x](javascript:alert(1))_* \xe2\x80\xa8 \xef\xbb\xbf";
	struct fx *f = *state;
	struct content c = { 0 };
	struct err err = { 0 };
	long long id = start(f, "public"), in = start(f, "inside");
	char *text, *again = NULL, *sql, *path = tu_path(f->dir, "herald.db");
	json_t *j;
	size_t len;

	text = xasprintf("%s\nSubject: injected\n\n- %s", line, line);
	tu_comm_set(f->s, id, "summary", text);
	tu_comm_set(f->s, in, "names", text);
	/* What validation lets through is not all a database may hold (an
	 * older herald, a hand edit): control characters, CR LF, bytes that
	 * are not UTF-8. */
	sql = xasprintf("UPDATE answers SET value = value || CAST(X'0a011b5b"
	    "33316d0974616209ff0d0afe' AS TEXT) WHERE communication_id = %lld "
	    "AND field = 'summary'", id);
	tu_sql_exec(path, sql);
	free(sql);
	content(f, id, &c);
	j = form(&c);
	assert_int_equal(canon_json(j, &again, &len, &err), ST_OK);
	assert_string_equal(again, c.canon);
	free(again);
	/* Cleaned as every output cleans: no ESC, no CR, U+FFFD for 0xff. */
	assert_null(strchr(c.canon, '\x1b'));
	assert_null(strchr(c.canon, '\r'));
	assert_non_null(strstr(tu_json_str(j, "answers/summary"),
	    "\n[31m\ttab\t\xef\xbf\xbd\n\xef\xbf\xbd"));
	assert_non_null(strstr(tu_json_str(j, "answers/summary"),
	    "\xf0\x9f\x94\xa5 {{mustache}}"));
	json_decref(j);
	content_clear(&c);
	content(f, in, &c);
	j = form(&c);
	assert_non_null(strstr(tu_json_str(j, "answers/names"), "<script>"));
	json_decref(j);
	content_clear(&c);
	free(text);
	free(path);
}

/* An output that cannot be rendered (here the feed, without site.url):
 * the form holds its error instead of its words, PROBLEM names it, and
 * the hash moves once it renders. */
static void
output_that_cannot_render(void **state)
{
	struct fx *f = *state;
	struct content bad = { 0 }, good = { 0 };
	struct err err = { 0 };
	long long id = start(f, "public");
	json_t *j, *outs = NULL;

	content(f, id, &good);
	assert_string_equal(good.problem, "");
	content_clear(&good);
	set(f->s, "site.url", NULL);
	content(f, id, &bad);
	assert_non_null(strstr(bad.problem, "output feed (atom): "));
	assert_non_null(strstr(bad.problem, "site.url"));
	j = form(&bad);
	assert_string_equal(tu_json_str(j, "outputs/2/text"), "");
	assert_true(json_is_null(tu_json_node(j, "outputs/2/template")));
	assert_non_null(strstr(tu_json_str(j, "outputs/2/error"), "site.url"));
	assert_null(tu_json_node(j, "outputs/0/error"));
	json_decref(j);
	assert_int_equal(content_outputs(bad.canon, &outs, &err), ST_OK);
	assert_non_null(strstr(tu_json_str(outs, "2/error"), "site.url"));
	assert_null(tu_json_node(outs, "0/error"));
	json_decref(outs);
	set(f->s, "site.url", "https://security.example/");
	content(f, id, &good);
	assert_string_equal(good.problem, "");
	assert_string_not_equal(good.hash, bad.hash);
	content_clear(&good);
	content_clear(&bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TU_TEST(pinned_hash),
		TU_TEST(same_at_any_time),
		TU_TEST(moves_with_the_words),
		TU_TEST(still_in_review),
		TU_TEST(what_the_form_holds),
		TU_TEST(page_without_outputs),
		TU_TEST(outputs_of_a_snapshot),
		TU_TEST(hostile_answers),
		TU_TEST(output_that_cannot_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
