/* tests/unit/test_docmodel.c - the one model every output is made from:
 * what the demo's published communications become, what is left out
 * (drills, embargoes, internal fields, drafts of updates), cleaned text,
 * and stamps that move exactly when content does; and core/text.c, the
 * text helpers the model and the exporters share. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/communication.h"
#include "core/demo.h"
#include "core/docmodel.h"
#include "core/settings.h"
#include "core/text.h"
#include "core/workflow.h"
#include "tests/unit/testutil.h"
#include "util/xalloc.h"

#define NOW 1772366400          /* 2026-03-01T12:00:00Z */

struct fx {
	struct tu_files *files;
	struct session  *s;
};

/* A demo database, built as the demo's history begins. */
static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof *fx);
	struct init_opts o = { .purpose = PURPOSE_DEMO, .as_login = "tester" };
	struct err err = { 0 };

	fx->files = tu_files_new();
	clock_set_fixed(demo_start_time(NOW));
	o.path = fx->files->path;
	if (session_init(&o, &fx->s, &err) != ST_OK)
		fail_msg("init: %s", err.msg);
	clock_set_fixed(NOW);
	if (demo_build(fx->s, &err) != ST_OK)
		fail_msg("demo: %s", err.msg);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	session_close(&fx->s);
	tu_files_free(&fx->files);
	free(fx);
	return 0;
}

static void
load(struct fx *fx, struct docmodel *m)
{
	struct err err = { 0 };

	if (docmodel_load(fx->s, NULL, m, &err) != ST_OK)
		fail_msg("load: %s", err.msg);
}

/* The item whose title contains WORDS, or a failed test. */
static json_t *
item_titled(const struct docmodel *m, const char *words)
{
	json_t *item;
	size_t i;

	json_array_foreach(m->items, i, item)
		if (strstr(json_string_value(json_object_get(item, "title")),
		    words) != NULL)
			return item;
	fail_msg("no item titled ...%s...", words);
	return NULL;
}

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void
advisory_carries_everything(void **state)
{
	struct fx *fx = *state;
	struct docmodel m;
	json_t *a, *p, *cvss;
	size_t i;

	load(fx, &m);
	assert_true(json_array_size(m.items) >= 8);
	assert_string_equal(str(m.site, "site_url"),
	    "https://security.brightwater.example/");
	assert_string_equal(str(m.site, "site_title"),
	    "Brightwater Systems security");
	a = item_titled(&m, "remote code execution in plugin loader");
	assert_string_equal(str(a, "kind"), "advisory");
	assert_string_equal(str(a, "kind_label"), "Security advisory");
	assert_true(json_is_true(json_object_get(a, "is_advisory")));
	assert_true(json_is_true(json_object_get(a, "is_public")));
	assert_string_equal(str(a, "state"), "published");
	assert_non_null(strstr(str(a, "ref"), "SEC-"));
	assert_non_null(strstr(str(a, "page"), "advisories/sec-"));
	assert_non_null(strstr(str(a, "page"), "-advisory.html"));
	assert_int_equal(strncmp(str(a, "url"),
	    "https://security.brightwater.example/advisories/", 48), 0);
	assert_int_equal(strlen(str(a, "stamp")), 64);
	/* CVE, CVSS, references and the answers as readers read them. */
	assert_string_equal(str(a, "cve"), "CVE-2026-21001");
	cvss = json_object_get(a, "cvss");
	assert_string_equal(str(cvss, "version"), "3.1");
	assert_true(json_real_value(json_object_get(cvss, "score")) > 9.7);
	assert_string_equal(str(cvss, "severity"), "Critical");
	assert_non_null(json_object_get(a, "cvss_v3"));
	assert_int_equal(json_array_size(json_object_get(a, "references")), 2);
	assert_non_null(strstr(str(json_object_get(a, "answers"),
	    "plain-summary"), "block the admin port"));
	/* Products from the incident, in CSAF terms, with stable ids. */
	assert_int_equal(json_array_size(json_object_get(a, "products")), 3);
	json_array_foreach(json_object_get(a, "products"), i, p) {
		assert_string_equal(str(p, "name"), "Harbor Gateway");
		assert_non_null(str(p, "product_id"));
	}
	p = json_array_get(json_object_get(a, "products"), 2);
	assert_string_equal(str(p, "status"), "known_not_affected");
	assert_string_equal(str(p, "justification_label"),
	    "Vulnerable code not present");
	/* Its update: revision 2, with the reason and both dates. */
	assert_true(json_integer_value(json_object_get(a, "revision")) >= 1);
	assert_true(json_array_size(json_object_get(a, "revisions")) >= 1);
	assert_true(json_is_true(json_object_get(json_array_get(
	    json_object_get(a, "revisions"), 0), "is_first")));
	assert_non_null(str(a, "first_published_date"));
	assert_non_null(str(a, "updated_at"));
	/* Outputs of its playbook. */
	assert_true(json_array_size(json_object_get(a, "outputs")) >= 4);
	/* The customer notice of the same incident is related. */
	assert_true(json_is_true(json_object_get(a, "has_related")));
	docmodel_clear(&m);
}

/* Drills never, embargoed not yet, internal ones not on the site. */
static void
what_is_left_out(void **state)
{
	struct fx *fx = *state;
	struct docmodel m;
	struct docmodel_opts o = { .public_only = true };
	struct err err = { 0 };
	json_t *item;
	size_t i, n_internal = 0;

	load(fx, &m);
	json_array_foreach(m.items, i, item) {
		assert_false(json_is_true(json_object_get(json_object_get(item,
		    "incident"), "is_drill")));
		assert_null(strstr(str(item, "title"), "pinning"));
		if (json_is_true(json_object_get(item, "is_internal"))) {
			n_internal++;
			assert_null(json_object_get(item, "page"));
			assert_null(json_object_get(item, "url"));
		}
	}
	assert_true(n_internal > 0);
	docmodel_clear(&m);
	assert_int_equal(docmodel_load(fx->s, &o, &m, &err), ST_OK);
	json_array_foreach(m.items, i, item)
		assert_true(json_is_true(json_object_get(item, "is_public")));
	docmodel_clear(&m);
}

/* Newest update first; the same model twice has the same stamps; a
 * setting changes every stamp. */
static void
order_and_stamps(void **state)
{
	struct fx *fx = *state;
	struct docmodel a, b;
	struct err err = { 0 };
	const char *prev = NULL, *u;
	json_t *item;
	size_t i;

	load(fx, &a);
	json_array_foreach(a.items, i, item) {
		u = str(item, "updated_at");
		assert_non_null(u);
		if (prev != NULL)
			assert_true(strcmp(prev, u) >= 0);
		prev = u;
	}
	load(fx, &b);
	assert_int_equal(json_array_size(a.items), json_array_size(b.items));
	json_array_foreach(a.items, i, item)
		assert_string_equal(str(item, "stamp"),
		    str(json_array_get(b.items, i), "stamp"));
	docmodel_clear(&b);
	assert_int_equal(setting_set(fx->s, "publisher.name", "Brightwater Ltd",
	    &err), ST_OK);
	load(fx, &b);
	json_array_foreach(a.items, i, item)
		assert_string_not_equal(str(item, "stamp"),
		    str(json_array_get(b.items, i), "stamp"));
	docmodel_clear(&a);
	docmodel_clear(&b);
}

static void
clean_text(void **state)
{
	char *t;

	(void)state;
	t = docmodel_clean_text("a\xff" "b\r\nc\rd\x01\x1b[31m\x7f\t\xe2\x80\xae"
	    "\xef\xbf\xbe\xc0\xaf\xed\xa0\x80z");
	/* Bad bytes become U+FFFD, controls and non-characters go, CR LF
	 * and CR become LF; tab and RLO (text, not control) stay. */
	assert_string_equal(t, "a\xef\xbf\xbd" "b\nc\nd[31m\t\xe2\x80\xae"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz");
	free(t);
	t = docmodel_clean_text("\xf0\x9f\x94\x92 ok \xe2\x80\x8b");
	assert_string_equal(t, "\xf0\x9f\x94\x92 ok \xe2\x80\x8b");
	free(t);
}

/* --- core/text.c: the helpers every exporter shares ------------------- */

static void
text_utf8(void **state)
{
	static const struct {
		const char *s;
		size_t      len;
		uint32_t    cp;
	} cases[] = {
		{ "a", 1, 'a' }, { "\xc3\xa9", 2, 0xe9 },
		{ "\xe2\x80\xae", 3, 0x202e },
		{ "\xf0\x9f\x94\xa5", 4, 0x1f525 },
		{ "\xc0\xaf", 0, 0 },                  /* overlong '/' */
		{ "\xe0\x80\xaf", 0, 0 },              /* overlong, 3 bytes */
		{ "\xed\xa0\x80", 0, 0 },              /* a surrogate */
		{ "\xf4\x90\x80\x80", 0, 0 },          /* past U+10FFFF */
		{ "\xe2\x82", 0, 0 },                  /* cut short by NUL */
		{ "\x80", 0, 0 }, { "\xff", 0, 0 },
	};
	const char *p;
	uint32_t cp;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cp = 0;
		assert_int_equal(text_utf8_len(cases[i].s, &cp), cases[i].len);
		if (cases[i].len > 0)
			assert_int_equal(cp, cases[i].cp);
	}
	p = "\xffz";
	assert_int_equal(text_utf8_next(&p), 0xfffd);
	assert_int_equal(text_utf8_next(&p), 'z');
	assert_int_equal(*p, '\0');
	assert_true(text_utf8_valid("\xf0\x9f\x94\x92 ok"));
	assert_false(text_utf8_valid("ok\xc3"));
	assert_false(text_utf8_valid(NULL));
	/* ASCII classes whatever the locale. */
	assert_int_equal(text_to_lower(0xc9), 0xc9);
	assert_int_equal(text_to_upper('i'), 'I');
	assert_false(text_is_alnum(0xe9));
	assert_null(text_nonblank(" \t\n"));
	assert_null(text_nonblank(NULL));
}

static void
text_lines_and_cuts(void **state)
{
	char *t;

	(void)state;
	t = text_line("  a\n\tb  \x01 c\r\n\xff ");
	assert_string_equal(t, "a b c \xef\xbf\xbd");
	free(t);
	t = text_line(NULL);
	assert_string_equal(t, "");
	free(t);
	/* Characters, the last "…" when cut; bad bytes as U+FFFD. */
	t = text_cut_chars("h\xc3\xa9llo w\xc3\xb6rld", 5);
	assert_string_equal(t, "h\xc3\xa9ll\xe2\x80\xa6");
	free(t);
	t = text_cut_chars("h\xffllo", 5);
	assert_string_equal(t, "h\xef\xbf\xbdllo");
	free(t);
	t = text_cut_chars("abc", 1);
	assert_string_equal(t, "\xe2\x80\xa6");
	free(t);
	/* Bytes: never half a character. */
	t = text_cut_bytes("x\xc3\xa9x\xc3\xa9", 5);
	assert_string_equal(t, "x\xe2\x80\xa6");
	free(t);
	t = text_cut_bytes("x\xc3\xa9", 3);
	assert_string_equal(t, "x\xc3\xa9");
	free(t);
	assert_int_equal(text_prefix("\xf0\x9f\x94\xa5", 3), 0);
	/* Words: back to a space near the end, no space before "…". */
	t = text_cut_words("one two three four", 12);
	assert_string_equal(t, "one two\xe2\x80\xa6");
	free(t);
	t = text_cut_words("one two three", 13);
	assert_string_equal(t, "one two three");
	free(t);
	t = text_cut_words("abcdefghijklmnop", 6);
	assert_string_equal(t, "abcde\xe2\x80\xa6");
	free(t);
}

static void
text_buffers_and_addresses(void **state)
{
	struct textbuf b = { 0 };
	char num[TEXT_REAL_SIZE], *t;
	size_t i;

	(void)state;
	t = textbuf_take(&b);
	assert_string_equal(t, "");
	free(t);
	for (i = 0; i < 100; i++)
		textbuf_printf(&b, "%zu,", i);
	assert_int_equal(b.len, strlen(b.p));
	assert_non_null(strstr(b.p, ",99,"));
	textbuf_clear(&b);
	textbuf_html(&b, "<a href=\"x\">&'", 14, true);
	assert_string_equal(b.p, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
	textbuf_clear(&b);
	textbuf_pct(&b, "a b/\xc3\xa9~", 7, NULL);
	assert_string_equal(b.p, "a%20b%2F%C3%A9~");
	textbuf_clear(&b);
	textbuf_cp(&b, 0x1f525);
	assert_string_equal(b.p, "\xf0\x9f\x94\xa5");
	textbuf_clear(&b);

	/* Addresses for CSAF (host names only) and CVE records. */
	t = text_uri_clean(" HTTPS://Ex.ORG/a b?q=<x>#f#2 ", 100, true);
	assert_string_equal(t, "https://ex.org/a%20b?q=%3Cx%3E#f%232");
	free(t);
	t = text_uri_clean("HTTPS://Ex.ORG/a", 100, false);
	assert_string_equal(t, "https://Ex.ORG/a");
	free(t);
	t = text_uri_clean("https://u:p@ex.org:8443/", 100, false);
	assert_string_equal(t, "https://u:p@ex.org:8443/");
	free(t);
	assert_null(text_uri_clean("https://u@ex.org/", 100, true));
	assert_null(text_uri_clean("https://ex.org:80x/", 100, false));
	assert_null(text_uri_clean("https://a:b:c/", 100, true));
	assert_null(text_uri_clean("https://exa mple.org/", 100, true));
	assert_null(text_uri_clean("https://[::1]/", 100, false));
	assert_null(text_uri_clean("javascript:alert(1)", 100, false));
	assert_null(text_uri_clean("https://ex.org/long", 18, false));

	text_real(9.8, num);
	assert_string_equal(num, "9.8");
	text_real(5.0, num);
	assert_string_equal(num, "5.0");
	text_real(1e300, num);
	assert_string_equal(num, "1e+300");
	t = text_lang_first(" pt-BR, en");
	assert_string_equal(t, "pt-BR");
	free(t);
	assert_null(text_lang_first("e1, en"));
	assert_null(text_lang_first(""));
	assert_null(text_lang_first(NULL));
	t = jdump(NULL, 0);
	assert_string_equal(t, "");
	free(t);
}

/* A draft shows its own answers and says so; the published model keeps
 * the published words until the update is published; internal fields
 * reach only internal audiences. */
static void
drafts_and_internal_fields(void **state)
{
	struct fx *fx = *state;
	struct comm_doc d = { 0 };
	struct docmodel m;
	struct err err = { 0 };
	json_t *site = NULL, *item = NULL;
	char *dir = NULL, *yaml, *ref;
	long long id;

	load(fx, &m);
	item = json_incref(item_titled(&m, "denial of service via sync"));
	docmodel_clear(&m);
	ref = xstrdup(str(item, "ref"));
	id = json_integer_value(json_object_get(item, "id"));
	tu_comm_open(fx->s, id, &d);
	assert_int_equal(settings_site(fx->s, &site, &err), ST_OK);
	json_decref(item);
	assert_int_equal(docmodel_item_draft(fx->s, &d, site, &item, &err),
	    ST_OK);
	assert_string_equal(str(item, "state"), "published");
	assert_false(json_is_true(json_object_get(item, "is_draft")));
	json_decref(item);
	comm_doc_clear(&d);

	/* A playbook with an internal field, for both audiences. */
	dir = tu_config_dir(fx->files->dir, "playbooks");
	yaml = xstrdup(
	    "playbook: two-faced\nversion: \"1\"\ntitle: Two faced\n"
	    "kind: pir-internal\naudience: internal\n"
	    "variants:\n"
	    "  - {id: internal, title: Inside, kind: pir-internal, audience: internal}\n"
	    "  - {id: external, title: Outside, kind: pir-external, audience: customers}\n"
	    "steps:\n"
	    "  - id: facts\n    kind: form\n    title: Facts\n    fields:\n"
	    "      - {id: summary, type: long-text, label: Summary, required: true}\n"
	    "      - {id: names, type: long-text, label: Names, internal: true}\n");
	tu_write_yaml(dir, "two-faced", yaml);
	free(yaml);
	{
		long long ids[2];
		size_t i;

		ids[0] = tu_comm_start(fx->s, ref, "two-faced", NULL, 2);
		ids[1] = ids[0] + 1;
		for (i = 0; i < 2; i++) {
			tu_comm_open(fx->s, ids[i], &d);
			assert_int_equal(comm_set_answer(fx->s, &d, "summary",
			    "What went wrong.\n\n- one\n- two", 0, NULL, NULL,
			    &err), ST_OK);
			assert_int_equal(comm_set_answer(fx->s, &d, "names",
			    "SECRET-NAME", 0, NULL, NULL, &err), ST_OK);
			comm_doc_clear(&d);
			tu_comm_open(fx->s, ids[i], &d);
			assert_int_equal(docmodel_item_draft(fx->s, &d, site,
			    &item, &err), ST_OK);
			assert_true(json_is_true(json_object_get(item,
			    "is_draft")));
			assert_string_equal(json_string_value(json_object_get(
			    json_array_get(json_object_get(item, "revisions"), 0),
			    "date")), "draft");
			/* Paragraphs and lists are blocks. */
			assert_true(json_is_true(json_object_get(json_array_get(
			    json_object_get(json_array_get(json_object_get(item,
			    "fields"), 0), "blocks"), 1), "is_list")));
			{
				char *all = json_dumps(item, 0);
				if (strcmp(d.comm.audience, "internal") == 0)
					assert_non_null(strstr(all, "SECRET-NAME"));
				else
					assert_null(strstr(all, "SECRET-NAME"));
				free(all);
			}
			json_decref(item);
			comm_doc_clear(&d);
		}
	}
	json_decref(site);
	free(dir);
	free(ref);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(advisory_carries_everything,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(what_is_left_out, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(order_and_stamps, setup,
		    teardown),
		cmocka_unit_test(clean_text),
		cmocka_unit_test(text_utf8),
		cmocka_unit_test(text_lines_and_cuts),
		cmocka_unit_test(text_buffers_and_addresses),
		cmocka_unit_test_setup_teardown(drafts_and_internal_fields,
		    setup, teardown),
	};

	clock_init(NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
