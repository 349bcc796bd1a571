/* tests/unit/test_worddiff.c - word-level differences: degenerate texts
 * first, then changes inside sentences, UTF-8, the joining property on
 * random texts, and long texts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/worddiff.h"
#include "tests/unit/testutil.h"
#include "util/xalloc.h"

/* The runs of D with OP and SAME joined: OLD for WD_DEL, NEW for WD_INS. */
static char *
joined(const struct worddiff *d, enum wd_op op)
{
	size_t i, n = 1;
	char *s;

	for (i = 0; i < d->n; i++)
		n += strlen(d->runs[i].text);
	s = xcalloc(1, n);
	for (i = 0; i < d->n; i++)
		if (d->runs[i].op == WD_SAME || d->runs[i].op == op)
			strcat(s, d->runs[i].text);
	return s;
}

/* Diff OLD and NEW into *D (worddiff_clear), check that the runs join
 * back to both texts, that no run is empty and no two neighbours share an
 * op, and compare the marked text with WANT (unless NULL). */
static void
diff_checked(const char *old, const char *new_text, const char *want,
    struct worddiff *dp)
{
	struct worddiff d;
	char *s;
	size_t i, changed = 0;

	worddiff(old, new_text, &d);
	s = joined(&d, WD_DEL);
	assert_string_equal(s, old != NULL ? old : "");
	free(s);
	s = joined(&d, WD_INS);
	assert_string_equal(s, new_text != NULL ? new_text : "");
	free(s);
	for (i = 0; i < d.n; i++) {
		assert_true(d.runs[i].text[0] != '\0');
		if (i > 0)
			assert_int_not_equal(d.runs[i].op, d.runs[i - 1].op);
		changed += d.runs[i].op != WD_SAME;
	}
	assert_int_equal(changed, d.n_changed);
	if (want != NULL) {
		s = worddiff_marked(&d);
		assert_string_equal(s, want);
		free(s);
	}
	*dp = d;
}

/* As diff_checked, the diff then freed. */
static void
check(const char *old, const char *new_text, const char *want)
{
	struct worddiff d;

	diff_checked(old, new_text, want, &d);
	worddiff_clear(&d);
}

/* D has N runs, N_CHANGED of them changes. */
static void
expect_counts(const struct worddiff *d, size_t n, size_t n_changed)
{
	assert_int_equal(d->n, n);
	assert_int_equal(d->n_changed, n_changed);
}

/* Run I of D is OP, of TEXT. */
static void
expect_run(const struct worddiff *d, size_t i, enum wd_op op,
    const char *text)
{
	assert_true(i < d->n);
	assert_int_equal(d->runs[i].op, op);
	assert_string_equal(d->runs[i].text, text);
}

static void
test_null_and_empty(void **state)
{
	struct worddiff d;

	(void)state;
	worddiff(NULL, NULL, &d);
	expect_counts(&d, 0, 0);
	worddiff_clear(&d);
	worddiff_clear(&d);                 /* twice is fine */
	worddiff_clear(NULL);
	check("", "", "");
	check(NULL, "all new", "{+all new+}");
	check("all gone", NULL, "[-all gone-]");
	check("", "  ", "{+  +}");
}

static void
test_identical(void **state)
{
	static const char same[] = "The same words.\n\nTwice.";
	struct worddiff d;

	(void)state;
	diff_checked(same, same, same, &d);
	expect_counts(&d, 1, 0);
	expect_run(&d, 0, WD_SAME, same);
	worddiff_clear(&d);
}

static void
test_insert(void **state)
{
	(void)state;
	check("Upgrade to 3.2.15.", "Upgrade to 3.2.15 now.",
	    "Upgrade to [-3.2.15.-]{+3.2.15 now.+}");
	check("Upgrade now.", "Please upgrade now.",
	    "[-Upgrade-]{+Please upgrade+} now.");
	check("a c", "a b c", "a {+b +}c");
	check("a b", "a b c", "a b{+ c+}");
}

static void
test_delete(void **state)
{
	(void)state;
	check("a b c", "a c", "a [-b -]c");
	check("Customers on 3.1 and 3.2 must upgrade.",
	    "Customers on 3.2 must upgrade.",
	    "Customers on [-3.1 and -]3.2 must upgrade.");
	check("a b c", "a b", "a b[- c-]");
}

static void
test_replace_in_sentence(void **state)
{
	(void)state;
	check("The flaw lets an attacker read files.",
	    "The flaw lets an attacker write files.",
	    "The flaw lets an attacker [-read-]{+write+} files.");
	/* Neighbouring replaced words read as one change. */
	check("Fixed in version 3.2.15 today.",
	    "Fixed in release 4.0.1 today.",
	    "Fixed in [-version 3.2.15-]{+release 4.0.1+} today.");
	/* White space is a token too: a changed line break shows. */
	check("one two", "one\ntwo", "one[- -]{+\n+}two");
}

static void
test_utf8(void **state)
{
	struct worddiff d;
	size_t i;

	(void)state;
	check("Die Sicherheitslücke betrifft Größe 4.",
	    "Die Sicherheitslücke betrifft Grösse 4.",
	    "Die Sicherheitslücke betrifft [-Größe-]{+Grösse+} 4.");
	check("脆弱性 を 修正 しました", "脆弱性 を 修正 済み",
	    "脆弱性 を 修正 [-しました-]{+済み+}");
	/* Every run is whole characters. */
	worddiff("é ü 🙂 ok", "é 🙂 ok ü", &d);
	for (i = 0; i < d.n; i++)
		assert_true(((unsigned char)d.runs[i].text[0] & 0xc0) != 0x80);
	worddiff_clear(&d);
}

static void
test_marked_monochrome(void **state)
{
	struct worddiff d;

	(void)state;
	diff_checked("keep drop", "keep add", "keep [-drop-]{+add+}", &d);
	expect_counts(&d, 3, 2);
	expect_run(&d, 1, WD_DEL, "drop");
	expect_run(&d, 2, WD_INS, "add");
	worddiff_clear(&d);
}

/* A random text of COUNT tokens from a small vocabulary, so the two
 * texts share many words at many places. */
static char *
random_text(unsigned *seed, int count)
{
	static const char *const words[] = {
		"the", "a", "patch", "fix", "upgrade", "3.2", "Größe", "ok.",
		"customers", "🙂", "now", "CVE-2026-1234",
	};
	static const char *const spaces[] = { " ", " ", " ", "  ", "\n", "\n\n",
		"\t" };
	char *s = xcalloc(1, (size_t)count * 16 + 1);
	int i;

	for (i = 0; i < count; i++) {
		*seed = *seed * 1103515245u + 12345u;
		if ((*seed >> 16) % 3 == 0)
			strcat(s, spaces[(*seed >> 8) % 7]);
		else
			strcat(s, words[(*seed >> 8) % 12]);
	}
	return s;
}

/* OLD with some of its bytes dropped, some followed by " x", some
 * spaces made newlines. */
static char *
mutate(unsigned *seed, const char *old)
{
	size_t len = strlen(old), i;
	char *s = xcalloc(1, len * 3 + 8), *p = s;

	for (i = 0; i < len; i++) {
		*seed = *seed * 1103515245u + 12345u;
		switch ((*seed >> 16) % 40) {
		case 0:
			break;                          /* dropped */
		case 1:
			*p++ = old[i];
			*p++ = ' ';
			*p++ = 'x';
			break;
		case 2:
			*p++ = old[i] == ' ' ? '\n' : old[i];
			break;
		default:
			*p++ = old[i];
		}
	}
	*p = '\0';
	return s;
}

static void
test_joining_random(void **state)
{
	unsigned seed = 20260301;
	char *a, *b;
	int k;

	(void)state;
	for (k = 0; k < 300; k++) {
		a = random_text(&seed, 1 + k % 60);
		b = k % 5 == 0 ? random_text(&seed, 1 + k % 40) : mutate(&seed, a);
		check(a, b, NULL);
		check(b, a, NULL);
		check(a, a, NULL);
		free(a);
		free(b);
	}
}

/* A text of NWORDS words, WIDTH words a line, word I "wI". */
static char *
long_text(int nwords, int width)
{
	char *s = xmalloc((size_t)nwords * 9 + 1), *p = s;
	int i;

	for (i = 0; i < nwords; i++)
		p += sprintf(p, "w%d%s", i, (i + 1) % width == 0 ? "\n" : " ");
	*p = '\0';
	return s;
}

/* Replace word "wI" of S with WORD. */
static char *
replace_word(const char *s, int i, const char *word)
{
	char key[32], *out, *at;
	size_t klen;

	snprintf(key, sizeof key, "w%d ", i);
	klen = strlen(key) - 1;
	at = strstr(s, key);
	assert_non_null(at);
	out = xmalloc(strlen(s) + strlen(word) + 1);
	memcpy(out, s, (size_t)(at - s));
	strcpy(out + (at - s), word);
	strcat(out, at + klen);
	return out;
}

/* The one DEL and the one INS of D, or fail. */
static void
assert_changes(const struct worddiff *d, const char *const *del,
    const char *const *ins, size_t n)
{
	size_t i, nd = 0, ni = 0;

	assert_int_equal(d->n_changed, 2 * n);
	for (i = 0; i < d->n; i++) {
		if (d->runs[i].op == WD_DEL)
			assert_string_equal(d->runs[i].text, del[nd++]);
		else if (d->runs[i].op == WD_INS)
			assert_string_equal(d->runs[i].text, ins[ni++]);
	}
	assert_int_equal(nd, n);
	assert_int_equal(ni, n);
}

static void
test_big_one_change(void **state)
{
	static const char *const del[] = { "w54321" }, *const ins[] = {
		"changed" };
	char *a = long_text(100000, 100000), *b = replace_word(a, 54321,
	    "changed");
	struct worddiff d;

	(void)state;
	worddiff(a, b, &d);
	assert_changes(&d, del, ins, 1);
	worddiff_clear(&d);
	free(a);
	free(b);
}

/* Changes far apart in a long text: too many words for the table, so it
 * goes line by line, and each changed line word by word. */
static void
test_long_changes_far_apart(void **state)
{
	static const char *const del[] = { "w45", "w29000" },
	    *const ins[] = { "first", "second" };
	char *a = long_text(30000, 20), *t = replace_word(a, 45, "first"),
	    *b = replace_word(t, 29000, "second");
	struct worddiff d;

	(void)state;
	diff_checked(a, b, NULL, &d);
	assert_changes(&d, del, ins, 2);
	worddiff_clear(&d);
	free(a);
	free(t);
	free(b);
}

/* A long single line changed at both ends: no lines to fall back on, so
 * the part between is shown deleted and inserted whole, and the texts
 * still join back. */
static void
test_long_line_coarse(void **state)
{
	char *a = long_text(20000, 1000000), *t = replace_word(a, 3, "x"),
	    *b = replace_word(t, 19990, "y");
	struct worddiff d;

	(void)state;
	diff_checked(a, b, NULL, &d);
	assert_int_equal(d.n_changed, 2);
	assert_true(strncmp(d.runs[0].text, "w0 w1 w2 ", 9) == 0);
	worddiff_clear(&d);
	free(a);
	free(t);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_insert),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_replace_in_sentence),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_marked_monochrome),
		cmocka_unit_test(test_joining_random),
		cmocka_unit_test(test_big_one_change),
		cmocka_unit_test(test_long_changes_far_apart),
		cmocka_unit_test(test_long_line_coarse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
