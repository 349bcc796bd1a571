/* tests/unit/test_canon.c - RFC 8785 canonical JSON: the RFC's own
 * examples (member order by UTF-16 code units, the escapes, the numbers
 * of its Appendix B), byte for byte, and the refusals that name the
 * place: NaN and Infinity, integers past 2^53, strings and member names
 * that are not UTF-8. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"

#include "core/canon.h"
#include "core/hash.h"
#include "util/xalloc.h"

/* V (not NULL) canonicalised, compared with EXPECT byte for byte; then
 * V is released. */
static void
expect_canon(json_t *v, const char *expect)
{
	struct err err = { 0 };
	char *out = NULL;
	size_t len = 0;

	assert_non_null(v);
	if (canon_json(v, &out, &len, &err) != ST_OK)
		fail_msg("canon: %s", err.msg);
	assert_string_equal(out, expect);
	assert_int_equal(len, strlen(expect));
	free(out);
	json_decref(v);
}

/* TEXT parsed, canonicalised, compared with EXPECT. */
static void
expect_text(const char *text, const char *expect)
{
	expect_canon(json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL),
	    expect);
}

/* V (not NULL) refused with ST_INVALID and a message holding PART; then
 * V is released. */
static void
expect_refused(json_t *v, const char *part)
{
	struct err err = { 0 };
	char *out = (char *)"untouched";
	size_t len = 7;

	assert_non_null(v);
	assert_int_equal(canon_json(v, &out, &len, &err), ST_INVALID);
	assert_null(out);
	assert_int_equal(len, 0);
	if (strstr(err.msg, part) == NULL)
		fail_msg("expected \"%s\" in: %s", part, err.msg);
	json_decref(v);
}

/* The real whose IEEE 754 bits are HEX, canonicalised. */
static void
expect_bits(const char *hex, const char *expect)
{
	uint64_t u = strtoull(hex, NULL, 16);
	char out[CANON_NUMBER_SIZE];
	struct err err = { 0 };
	double d;

	memcpy(&d, &u, sizeof d);
	assert_int_equal(canon_number(d, out, &err), ST_OK);
	if (strcmp(out, expect) != 0)
		fail_msg("%s: got %s, expected %s", hex, out, expect);
	expect_canon(json_real(d), expect);
}

/* RFC 8785, 3.2.3: the example of the whole. */
static void
rfc_example(void **state)
{
	(void)state;
	expect_text(
	    "{\n"
	    "  \"numbers\": [333333333.33333329, 1E30, 4.50,\n"
	    "                2e-3, 0.000000000000000000000000001],\n"
	    "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c"
	    "\\\\\\\"\\/\",\n"
	    "  \"literals\": [null, true, false]\n"
	    "}",
	    "{\"literals\":[null,true,false],"
	    "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
	    "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

/* RFC 8785, 3.2.2: names sorted by UTF-16 code units, so the emoji
 * (surrogates D83D DE00) comes before U+FB33 although its UTF-8 bytes
 * sort after. */
static void
rfc_sorting(void **state)
{
	(void)state;
	expect_text(
	    "{\n"
	    "  \"\\u20ac\": \"Euro Sign\",\n"
	    "  \"\\r\": \"Carriage Return\",\n"
	    "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n"
	    "  \"1\": \"One\",\n"
	    "  \"\\ud83d\\ude00\": \"Emoji: Grinning Face\",\n"
	    "  \"\\u0080\": \"Control\",\n"
	    "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"\n"
	    "}",
	    "{\"\\r\":\"Carriage Return\","
	    "\"1\":\"One\","
	    "\"\xc2\x80\":\"Control\","
	    "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
	    "\"\xe2\x82\xac\":\"Euro Sign\","
	    "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
	    "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
	/* A prefix sorts first; nesting sorts too; "" is a name. */
	expect_text("{\"ab\":1,\"a\":{\"z\":[],\"y\":{}},\"\":0,\"b\":2}",
	    "{\"\":0,\"a\":{\"y\":{},\"z\":[]},\"ab\":1,\"b\":2}");
	/* A name with NUL in it (jansson parses none: made by hand), after
	 * the one it extends. */
	{
		json_t *v = json_object();

		json_object_setn_new(v, "a\0b", 3, json_integer(1));
		json_object_set_new(v, "a", json_integer(2));
		expect_canon(v, "{\"a\":2,\"a\\u0000b\":1}");
	}
}

/* RFC 8785, Appendix B: numbers by their IEEE 754 bits. */
static void
rfc_numbers(void **state)
{
	(void)state;
	expect_bits("0000000000000000", "0");
	expect_bits("8000000000000000", "0");                  /* -0 */
	expect_bits("0000000000000001", "5e-324");
	expect_bits("8000000000000001", "-5e-324");
	expect_bits("7fefffffffffffff", "1.7976931348623157e+308");
	expect_bits("ffefffffffffffff", "-1.7976931348623157e+308");
	expect_bits("4340000000000000", "9007199254740992");
	expect_bits("c340000000000000", "-9007199254740992");
	expect_bits("4430000000000000", "295147905179352830000");
	expect_bits("44b52d02c7e14af5", "9.999999999999997e+22");
	expect_bits("44b52d02c7e14af6", "1e+23");
	expect_bits("44b52d02c7e14af7", "1.0000000000000001e+23");
	expect_bits("444b1ae4d6e2ef4e", "999999999999999700000");
	expect_bits("444b1ae4d6e2ef4f", "999999999999999900000");
	expect_bits("444b1ae4d6e2ef50", "1e+21");
	expect_bits("3eb0c6f7a0b5ed8c", "9.999999999999997e-7");
	expect_bits("3eb0c6f7a0b5ed8d", "0.000001");
	expect_bits("41b3de4355555553", "333333333.3333332");
	expect_bits("41b3de4355555554", "333333333.33333325");
	expect_bits("41b3de4355555555", "333333333.3333333");
	expect_bits("41b3de4355555556", "333333333.3333334");
	expect_bits("41b3de4355555557", "333333333.33333343");
	expect_bits("becbf647612f3696", "-0.0000033333333333333333");
	expect_bits("43143ff3c1cb0959", "1424953923781206.2");
}

/* Where ECMAScript switches between plain decimals and exponents. */
static void
number_forms(void **state)
{
	(void)state;
	expect_text("[1e21, 1e20, 123e18, 1e-7, 1.5e-7, 1e-6, 0.000001234,"
	    " 4.50, 2e-3, 1.0, -2.0, 100.0, 0.1, 1e300, 12345678901234567890.0,"
	    " 0.30000000000000004, -1e-7]",
	    "[1e+21,100000000000000000000,123000000000000000000,1e-7,1.5e-7,"
	    "0.000001,0.000001234,4.5,0.002,1,-2,100,0.1,1e+300,"
	    "12345678901234567000,0.30000000000000004,-1e-7]");
	/* Integers exactly, up to 2^53 either way. */
	expect_text("[0, -0, 1, -1, 9007199254740992, -9007199254740992]",
	    "[0,0,1,-1,9007199254740992,-9007199254740992]");
}

/* Escapes as JSON.stringify() writes them; everything else raw. */
static void
string_escapes(void **state)
{
	(void)state;
	expect_canon(json_stringn("\x01\b\t\n\v\f\r\x1f \"\\/\x7f\xe2\x80\xa8"
	    "\0z", 18), "\"\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \\\"\\\\/\x7f"
	    "\xe2\x80\xa8\\u0000z\"");
	expect_text("\"caf\\u00e9 \\ud834\\udd1e\"",
	    "\"caf\xc3\xa9 \xf0\x9d\x84\x9e\"");
	expect_text("\"\"", "\"\"");
	expect_text("true", "true");
	expect_text("null", "null");
}

/* Not finite: jansson will not even hold one, and canon_number refuses. */
static void
refuse_not_finite(void **state)
{
	char out[CANON_NUMBER_SIZE];
	struct err err = { 0 };

	(void)state;
	assert_null(json_real(NAN));
	assert_null(json_real(INFINITY));
	assert_int_equal(canon_number(NAN, out, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "NaN"));
	assert_string_equal(out, "");
	assert_int_equal(canon_number(-INFINITY, out, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "-Infinity"));
	assert_int_equal(canon_number(INFINITY, out, &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "Infinity is not"));
}

static void
refuse_big_integers(void **state)
{
	(void)state;
	expect_refused(json_pack("{s:[i,{s:I}]}", "a", 1, "b~/c",
	    (json_int_t)9007199254740993LL), "at \"/a/1/b~0~1c\": the integer "
	    "9007199254740993 is beyond +-2^53");
	expect_refused(json_integer(-9007199254740993LL), "at \"\" (the whole "
	    "value): the integer -9007199254740993");
}

static void
refuse_bad_utf8(void **state)
{
	json_t *v, *o;

	(void)state;
	/* A lone continuation byte, in a string deep inside. */
	o = json_object();
	json_object_set_new(o, "text", json_stringn_nocheck("ok \x80", 4));
	expect_refused(json_pack("{s:[s,o]}", "outputs", "fine", o),
	    "at \"/outputs/1/text\": the string is not valid UTF-8 (byte 4 of "
	    "4, 0x80)");
	/* Overlong "/", a UTF-8 surrogate, past U+10FFFF, cut short. */
	expect_refused(json_stringn_nocheck("\xc0\xaf", 2),
	    "not valid UTF-8 (byte 1 of 2, 0xc0)");
	expect_refused(json_stringn_nocheck("a\xed\xa0\x80", 4),
	    "byte 2 of 4, 0xed");
	expect_refused(json_stringn_nocheck("\xf4\x90\x80\x80", 4),
	    "byte 1 of 4, 0xf4");
	expect_refused(json_stringn_nocheck("ab\xe2\x82", 4),
	    "byte 3 of 4, 0xe2");
	/* A member's name. */
	v = json_object();
	json_object_set_new(v, "ok", json_object());
	json_object_set_new_nocheck(json_object_get(v, "ok"), "bad\xff",
	    json_true());
	expect_refused(v, "at \"/ok\": a member's name is not valid UTF-8 "
	    "(byte 4 of 4, 0xff)");
}

/* A small object of the content form's shape, pinned to its bytes and
 * its SHA-256: a change to the serialiser shows here first. */
static void
pinned_form(void **state)
{
	static const char expect[] =
	    "{\"answers\":{\"summary\":\"Line one\\nline \\\"two\\\"\","
	    "\"title\":\"Stra\xc3\x9f" "e\"},\"communication\":{\"id\":7,"
	    "\"kind\":\"advisory\",\"variant\":null},\"form\":\"herald-content\","
	    "\"outputs\":[{\"id\":\"page\",\"score\":9.8,\"template\":null,"
	    "\"text\":\"# Title\\n\\n\\tTabbed \\u0007\"}],\"version\":1}";
	json_t *v = json_pack("{s:s, s:i, s:{s:i, s:s, s:n}, s:{s:s, s:s},"
	    " s:[{s:s, s:n, s:s, s:f}]}",
	    "form", "herald-content", "version", 1,
	    "communication", "id", 7, "kind", "advisory", "variant",
	    "answers", "title", "Stra\xc3\x9f" "e",
	    "summary", "Line one\nline \"two\"",
	    "outputs", "id", "page", "template", "text",
	    "# Title\n\n\tTabbed \a", "score", 9.8);
	struct err err = { 0 };
	char *out, hex[HASH_HEX_SIZE];
	size_t len;

	(void)state;
	assert_non_null(v);
	assert_int_equal(canon_json(v, &out, &len, &err), ST_OK);
	assert_string_equal(out, expect);
	hash_sha256_hex(out, len, hex);
	assert_string_equal(hex,
	    "3fa980906b1aeaaa2598319ed4c3958b8eae6384a4323acce0c455c13afa7360");
	free(out);
	json_decref(v);
}

/* Numbers do not follow LC_NUMERIC: a decimal comma changes nothing. */
static void
numbers_any_locale(void **state)
{
	char *dir = tu_tmpdir(), *cmd, out[CANON_NUMBER_SIZE];
	int rc;

	(void)state;
	cmd = xasprintf("localedef -i fr_FR -f UTF-8 %s/fr_FR.UTF-8 "
	    ">/dev/null 2>&1", dir);
	rc = system(cmd);
	free(cmd);
	setenv("LOCPATH", dir, 1);
	if (rc != 0 || setlocale(LC_ALL, "fr_FR.UTF-8") == NULL) {
		unsetenv("LOCPATH");
		tu_rmdir(dir);
		free(dir);
		skip();
	}
	snprintf(out, sizeof out, "%.1f", 1.5);
	assert_string_equal(out, "1,5");        /* the locale is in force */
	assert_int_equal(canon_number(333333333.33333329, out, NULL), ST_OK);
	assert_string_equal(out, "333333333.3333333");
	assert_int_equal(canon_number(1.5e-7, out, NULL), ST_OK);
	assert_string_equal(out, "1.5e-7");
	assert_int_equal(canon_number(1.5e-323, out, NULL), ST_OK);
	assert_string_equal(out, "1.5e-323");
	setlocale(LC_ALL, "C");
	unsetenv("LOCPATH");
	tu_rmdir(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc_example),
		cmocka_unit_test(rfc_sorting),
		cmocka_unit_test(rfc_numbers),
		cmocka_unit_test(number_forms),
		cmocka_unit_test(string_escapes),
		cmocka_unit_test(refuse_not_finite),
		cmocka_unit_test(refuse_big_integers),
		cmocka_unit_test(refuse_bad_utf8),
		cmocka_unit_test(pinned_form),
		cmocka_unit_test(numbers_any_locale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
