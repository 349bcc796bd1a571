/* tests/unit/test_validate.c - answers of every field kind, good and bad;
 * the Flesch score; the blame-free check; conditions and whole steps. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/playbook.h"
#include "core/product.h"
#include "core/user.h"
#include "core/validate.h"
#include "util/xalloc.h"

#define S(x) ((char *)(x))

static struct pb_option severities[] = {
	{ S("low"), S("Low impact") },
	{ S("medium"), S("Medium impact") },
	{ S("high"), S("High impact") },
};

static struct pb_field
field(enum field_kind kind, const char *label)
{
	struct pb_field f;

	memset(&f, 0, sizeof f);
	f.id = S("f");
	f.kind = kind;
	f.label = S(label);
	return f;
}

/* Assert IN is accepted as WANT (stored form), with warning WARN ("" for
 * none; NULL: not checked). */
static void
ok_as(struct session *s, const struct pb_field *f, const char *in,
    const char *want, const char *warn)
{
	char warning[VALIDATE_WARN_MAX] = "junk", *stored = S("junk");
	struct err err = { 0 };
	enum status st;

	st = validate_answer(s, f, in, NULL, &stored, warning, &err);
	if (st != ST_OK)
		fail_msg("\"%s\" refused: %s", in, err.msg);
	assert_string_equal(stored, want);
	if (warn != NULL)
		assert_string_equal(warning, warn);
	free(stored);
}

/* Assert IN is refused with exactly MSG, and nothing is stored. */
static void
bad_as(struct session *s, const struct pb_field *f, const char *in,
    const char *msg)
{
	char *stored = S("junk");
	struct err err = { 0 };

	assert_int_equal(validate_answer(s, f, in, NULL, &stored, NULL, &err),
	    ST_INVALID);
	assert_null(stored);
	assert_string_equal(err.msg, msg);
}

#define OK(f, in, want)  ok_as(NULL, (f), (in), (want), "")
#define BAD(f, in, msg)  bad_as(NULL, (f), (in), (msg))

/* --- text, UTF-8 and length ------------------------------------------- */

static void
test_empty_and_null(void **state)
{
	struct pb_field f = field(FIELD_TEXT, "Title");
	struct pb_field d = field(FIELD_DATETIME, "Embargo");

	(void)state;
	OK(&f, NULL, "");
	OK(&f, "", "");
	OK(&f, "   ", "");
	OK(&d, "", "");
	d.is_required = true;      /* required is validate_step's business */
	OK(&d, " ", "");
}

static void
test_text(void **state)
{
	struct pb_field f = field(FIELD_TEXT, "Title");

	(void)state;
	OK(&f, "  Heap overflow in parser  ", "Heap overflow in parser");
	f.max_length = 5;
	/* Characters, not bytes: 5 characters, 6 and 15 bytes. */
	OK(&f, "héllo", "héllo");
	OK(&f, "日本語です", "日本語です");
	BAD(&f, "héllo!", "Title: at most 5 characters (got 6)");
	BAD(&f, "日本語ですね", "Title: at most 5 characters (got 6)");
	f.max_length = 0;
	BAD(&f, "ab\ncd", "Title: one line only, please (a line break at "
	    "character 3)");
	BAD(&f, "ab\r\ncd", "Title: one line only, please (a line break at "
	    "character 3)");
	BAD(&f, "a\x07z", "Title: control character U+0007 at character 2");
	BAD(&f, "é\tz", "Title: control character U+0009 at character 2");
	BAD(&f, "é\xc2\x85", "Title: control character U+0085 at character "
	    "2");
	BAD(&f, "x\x7f", "Title: control character U+007F at character 2");
}

static void
test_utf8(void **state)
{
	struct pb_field f = field(FIELD_LONG_TEXT, "Summary");

	(void)state;
	BAD(&f, "abc\xff", "Summary: not valid UTF-8 at byte 4");
	BAD(&f, "\xc0\xaf", "Summary: not valid UTF-8 at byte 1");    /* overlong */
	BAD(&f, "é\xe0\x80\xaf", "Summary: not valid UTF-8 at byte 3");
	BAD(&f, "ab\xed\xa0\x80", "Summary: not valid UTF-8 at byte 3"); /* surrogate */
	BAD(&f, "ab\xe2\x82", "Summary: not valid UTF-8 at byte 3");  /* cut */
	BAD(&f, "\xf4\x90\x80\x80", "Summary: not valid UTF-8 at byte 1");
	BAD(&f, "caf\xe9 au lait", "Summary: not valid UTF-8 at byte 4");
	BAD(&f, "a\x80", "Summary: not valid UTF-8 at byte 2");
	OK(&f, "emoji 😀 and ü", "emoji 😀 and ü");
}

static void
test_long_text(void **state)
{
	struct pb_field f = field(FIELD_LONG_TEXT, "Details");

	(void)state;
	OK(&f, "\n\n  First line\r\n\tsecond\r\n\n", "  First line\n\tsecond");
	BAD(&f, "line\rother", "Details: control character U+000D at "
	    "character 5");
	BAD(&f, "bell\x07", "Details: control character U+0007 at "
	    "character 5");
	f.max_length = 5;
	OK(&f, "ab\ncd", "ab\ncd");        /* a line break is a character */
	BAD(&f, "ab\ncde", "Details: at most 5 characters (got 6)");
}

/* --- choices ------------------------------------------------------------ */

static void
test_choice(void **state)
{
	struct pb_field f = field(FIELD_CHOICE, "Impact");

	(void)state;
	f.options = severities;
	f.n_options = 3;
	OK(&f, "medium", "medium");
	OK(&f, " High ", "high");
	OK(&f, "high impact", "high");
	BAD(&f, "severe", "Impact: \"severe\" is not one of: low, medium or "
	    "high");
	BAD(&f, "low\nhigh", "Impact: one line only, please (a line break at "
	    "character 4)");
}

static void
test_multi_choice_and_checklist(void **state)
{
	struct pb_field f = field(FIELD_MULTI_CHOICE, "Channels");
	struct pb_field c = field(FIELD_CHECKLIST, "Before review");

	(void)state;
	f.options = severities;
	f.n_options = 3;
	OK(&f, "high\nlow", "low\nhigh");          /* option order */
	OK(&f, "High impact, low, low", "low\nhigh");
	OK(&f, "medium\n\n", "medium");
	BAD(&f, "low\nsevere", "Channels: \"severe\" is not one of: low, "
	    "medium or high");
	c.options = severities;
	c.n_options = 3;
	OK(&c, "high\nmedium\nlow", "low\nmedium\nhigh");
	BAD(&c, "high, none", "Before review: \"none\" is not one of: low, "
	    "medium or high");
}

static void
test_boolean(void **state)
{
	struct pb_field f = field(FIELD_BOOLEAN, "Exploited");

	(void)state;
	OK(&f, "yes", "yes");
	OK(&f, "Y", "yes");
	OK(&f, "true", "yes");
	OK(&f, "1", "yes");
	OK(&f, "NO", "no");
	OK(&f, "false", "no");
	OK(&f, "0", "no");
	BAD(&f, "maybe", "Exploited: \"maybe\" is not yes or no");
}

/* --- date and time ------------------------------------------------------ */

/* Set TZ (NULL: unset) for the tests that follow. */
static void
tz(const char *zone)
{
	if (zone != NULL)
		setenv("TZ", zone, 1);
	else
		unsetenv("TZ");
	tzset();
}

static void
test_datetime_utc(void **state)
{
	struct pb_field f = field(FIELD_DATETIME, "Embargo");

	(void)state;
	tz("UTC");
	OK(&f, "2026-03-01 13:00", "2026-03-01T13:00:00Z");
	OK(&f, "2026-03-01 13:00:05", "2026-03-01T13:00:05Z");
	OK(&f, "2026-03-01T13:00", "2026-03-01T13:00:00Z");
	OK(&f, "2026-3-1 9:05", "2026-03-01T09:05:00Z");
	OK(&f, "2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z");
	OK(&f, "2026-03-01T12:00:00.250Z", "2026-03-01T12:00:00Z");
	OK(&f, "2026-03-01 13:00 +01:00", "2026-03-01T12:00:00Z");
	OK(&f, "2026-03-01 13:00+0100", "2026-03-01T12:00:00Z");
	OK(&f, "2026-03-01 07:30 -05:30", "2026-03-01T13:00:00Z");
	OK(&f, "2026-03-01 13:00 UTC", "2026-03-01T13:00:00Z");
	OK(&f, "2028-02-29 00:00", "2028-02-29T00:00:00Z");    /* leap year */
	/* A zone by name: Paris is UTC+1 in winter, UTC+2 in summer. */
	OK(&f, "2026-03-01 13:00 Europe/Paris", "2026-03-01T12:00:00Z");
	OK(&f, "2026-07-01 13:00 Europe/Paris", "2026-07-01T11:00:00Z");
	OK(&f, "2026-07-01 09:00 America/New_York", "2026-07-01T13:00:00Z");
}

/* An end-of-life date owes customers 12 months' notice (the clock at
 * 2026-03-01 12:00 UTC). */
static void
test_datetime_short_notice(void **state)
{
	struct pb_field f = field(FIELD_DATETIME, "End of life");
	time_t was = clock_fixed();

	(void)state;
	tz("UTC");
	clock_set_fixed(TU_NOW);
	/* Without the warning asked for, a date is just a date. */
	ok_as(NULL, &f, "2026-05-01 00:00", "2026-05-01T00:00:00Z", "");
	f.warnings = PB_WARN_SHORT_NOTICE;
	ok_as(NULL, &f, "2027-03-01 12:00", "2027-03-01T12:00:00Z", "");
	ok_as(NULL, &f, "2028-01-01 00:00", "2028-01-01T00:00:00Z", "");
	ok_as(NULL, &f, "2027-03-01 11:59", "2027-03-01T11:59:00Z",
	    "the end of life on 2027-03-01 is 11 months away: customers "
	    "should have 12 months' notice");
	ok_as(NULL, &f, "2026-09-17 00:00", "2026-09-17T00:00:00Z",
	    "the end of life on 2026-09-17 is 6 months away: customers should "
	    "have 12 months' notice");
	ok_as(NULL, &f, "2026-04-01 12:00", "2026-04-01T12:00:00Z",
	    "the end of life on 2026-04-01 is 1 month away: customers should "
	    "have 12 months' notice");
	ok_as(NULL, &f, "2026-03-20 00:00", "2026-03-20T00:00:00Z",
	    "the end of life on 2026-03-20 is less than a month away: "
	    "customers should have 12 months' notice");
	ok_as(NULL, &f, "2026-01-31 00:00", "2026-01-31T00:00:00Z",
	    "the end of life on 2026-01-31 has passed: customers should have "
	    "12 months' notice");
	clock_set_fixed(was);
}

static void
test_datetime_bad(void **state)
{
	struct pb_field f = field(FIELD_DATETIME, "Embargo");

	(void)state;
	tz("UTC");
	BAD(&f, "2026-02-30 10:00", "Embargo: 2026-02-30 is not a date "
	    "(February 2026 has 28 days)");
	BAD(&f, "2027-02-29 10:00", "Embargo: 2027-02-29 is not a date "
	    "(February 2027 has 28 days)");
	BAD(&f, "2026-04-31 10:00", "Embargo: 2026-04-31 is not a date "
	    "(April 2026 has 30 days)");
	BAD(&f, "2026-13-01 10:00", "Embargo: 2026-13-01 is not a date "
	    "(months go 01 to 12)");
	BAD(&f, "2026-03-01 25:00", "Embargo: 25:00 is not a time of day "
	    "(hours go 00 to 23)");
	BAD(&f, "2026-03-01 24:00", "Embargo: 24:00 is not a time of day "
	    "(hours go 00 to 23)");
	BAD(&f, "2026-03-01 12:60", "Embargo: 12:60 is not a time of day "
	    "(minutes go 00 to 59)");
	BAD(&f, "2026-03-01 12:00:61", "Embargo: 12:00:61 is not a time of "
	    "day (seconds go 00 to 59)");
	BAD(&f, "next tuesday", "Embargo: \"next tuesday\" is not a date and "
	    "time (expected YYYY-MM-DD HH:MM in local time, optionally with :SS "
	    "and a zone (+01:00, Z or Europe/Paris))");
	BAD(&f, "2026-03-01", "Embargo: \"2026-03-01\" is not a date and time "
	    "(expected YYYY-MM-DD HH:MM in local time, optionally with :SS and "
	    "a zone (+01:00, Z or Europe/Paris))");
	BAD(&f, "01/03/2026 13:00", "Embargo: \"01/03/2026 13:00\" is not a "
	    "date and time (expected YYYY-MM-DD HH:MM in local time, optionally "
	    "with :SS and a zone (+01:00, Z or Europe/Paris))");
	BAD(&f, "2026-03-01 13:00 Mars/Olympus", "Embargo: unknown time zone "
	    "\"Mars/Olympus\" (use a name like Europe/Paris, or an offset like "
	    "+01:00)");
	BAD(&f, "2026-03-01 13:00 ../../etc/passwd", "Embargo: \"2026-03-01 "
	    "13:00 ../../etc/passwd\" is not a date and time (expected "
	    "YYYY-MM-DD HH:MM in local time, optionally with :SS and a zone "
	    "(+01:00, Z or Europe/Paris))");
	BAD(&f, "2026-03-01 13:00 +25:00", "Embargo: \"+25:00\" is not a zone "
	    "offset (expected +HH:MM, from -23:59 to +23:59)");
	BAD(&f, "2026-03-01 13:00 +1", "Embargo: \"+1\" is not a zone offset "
	    "(expected +HH:MM, from -23:59 to +23:59)");
}

static void
test_datetime_local(void **state)
{
	struct pb_field f = field(FIELD_DATETIME, "Embargo");

	(void)state;
	tz("Europe/London");
	OK(&f, "2026-01-15 09:30", "2026-01-15T09:30:00Z");     /* GMT */
	OK(&f, "2026-07-01 09:30", "2026-07-01T08:30:00Z");     /* BST */
	OK(&f, "2026-07-01 09:30 Z", "2026-07-01T09:30:00Z");
	OK(&f, "2026-07-01 09:30 Asia/Tokyo", "2026-07-01T00:30:00Z");
	/* The clocks go from 01:00 to 02:00 on 29 March 2026. */
	BAD(&f, "2026-03-29 01:30", "Embargo: 2026-03-29 01:30 does not exist "
	    "in Europe/London (the clocks go forward then)");
	BAD(&f, "2026-03-29 01:30 Europe/London", "Embargo: 2026-03-29 01:30 "
	    "does not exist in Europe/London (the clocks go forward then)");
	/* A named zone leaves TZ as it was. */
	assert_string_equal(getenv("TZ"), "Europe/London");
	tz(NULL);
	OK(&f, "2026-07-01 13:00 Europe/Paris", "2026-07-01T11:00:00Z");
	assert_null(getenv("TZ"));
	tz("");
	OK(&f, "2026-07-01 13:00 Europe/Paris", "2026-07-01T11:00:00Z");
	assert_string_equal(getenv("TZ"), "");
	tz("UTC");
}

/* Display STORED, check it, and check it is read back as STORED. */
static void
round_trip(const struct pb_field *f, const char *stored, const char *shown)
{
	char *disp = validate_display(f, stored);

	assert_string_equal(disp, shown);
	ok_as(NULL, f, disp, stored, "");
	free(disp);
}

static void
test_datetime_display(void **state)
{
	struct pb_field f = field(FIELD_DATETIME, "Embargo");
	char *d;

	(void)state;
	tz("UTC");
	round_trip(&f, "2026-03-01T12:00:00Z", "2026-03-01 12:00 UTC");
	round_trip(&f, "2026-03-01T12:00:30Z", "2026-03-01 12:00:30 UTC");
	tz("Europe/Paris");
	round_trip(&f, "2026-03-01T12:00:00Z", "2026-03-01 13:00 +01:00");
	round_trip(&f, "2026-07-01T11:00:00Z", "2026-07-01 13:00 +02:00");
	tz("America/St_Johns");
	round_trip(&f, "2026-01-10T12:00:00Z", "2026-01-10 08:30 -03:30");
	tz("Europe/London");
	round_trip(&f, "2026-01-15T09:30:00Z", "2026-01-15 09:30 UTC");
	round_trip(&f, "2026-07-01T08:30:00Z", "2026-07-01 09:30 +01:00");
	/* Not a stored time: shown as it is. */
	d = validate_display(&f, "garbage");
	assert_string_equal(d, "garbage");
	free(d);
	d = validate_display(&f, NULL);
	assert_string_equal(d, "");
	free(d);
	tz("UTC");
}

/* --- lists -------------------------------------------------------------- */

static void
test_email_list(void **state)
{
	struct pb_field f = field(FIELD_EMAIL_LIST, "Recipients");
	char long_local[80];

	(void)state;
	OK(&f, "a@example.com", "a@example.com");
	OK(&f, "a@example.com, b@example.org;c.d+tag@sub.example.co.uk\n"
	    "e@example.com  A@EXAMPLE.com", "a@example.com\nb@example.org\n"
	    "c.d+tag@sub.example.co.uk\ne@example.com");
	OK(&f, "\n ops@example.com \n", "ops@example.com");
	BAD(&f, "a@example.com, bob", "Recipients: \"bob\" is not an e-mail "
	    "address (it has no @)");
	BAD(&f, "bob@localhost", "Recipients: \"bob@localhost\" is not an "
	    "e-mail address (the domain needs a dot)");
	BAD(&f, "a@b@example.com", "Recipients: \"a@b@example.com\" is not an "
	    "e-mail address (it has more than one @)");
	BAD(&f, "@example.com", "Recipients: \"@example.com\" is not an e-mail "
	    "address (nothing before the @)");
	BAD(&f, "bob@", "Recipients: \"bob@\" is not an e-mail address (no "
	    "domain after the @)");
	BAD(&f, "bob@example..com", "Recipients: \"bob@example..com\" is not "
	    "an e-mail address (the domain is malformed)");
	BAD(&f, "bob@.example.com", "Recipients: \"bob@.example.com\" is not "
	    "an e-mail address (the domain is malformed)");
	BAD(&f, "bob@example.com.", "Recipients: \"bob@example.com.\" is not "
	    "an e-mail address (the domain is malformed)");
	BAD(&f, "bob@exa_mple.com", "Recipients: \"bob@exa_mple.com\" is not "
	    "an e-mail address (a character that is not allowed in the "
	    "domain)");
	BAD(&f, "b(o)b@example.com", "Recipients: \"b(o)b@example.com\" is not "
	    "an e-mail address (a character that is not allowed before the "
	    "@)");
	BAD(&f, ".bob@example.com", "Recipients: \".bob@example.com\" is not "
	    "an e-mail address (dots in the wrong place before the @)");
	memset(long_local, 'x', 65);
	strcpy(long_local + 65, "@example.com");
	bad_as(NULL, &f, long_local, "Recipients: \"xxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx@example.com\" is not an "
	    "e-mail address (more than 64 characters before the @)");
}

static void
test_url(void **state)
{
	struct pb_field f = field(FIELD_URL, "Reference");

	(void)state;
	OK(&f, "https://example.com", "https://example.com");
	OK(&f, " HTTPS://Example.com/a/b?c=d#e ", "https://Example.com/a/b?c=d#e");
	OK(&f, "http://example.com:8080/x", "http://example.com:8080/x");
	OK(&f, "https://[2001:db8::1]/advisory", "https://[2001:db8::1]/advisory");
	BAD(&f, "ftp://example.com/x", "Reference: \"ftp://example.com/x\" is "
	    "not a web address (it must start with https:// or http://)");
	BAD(&f, "example.com", "Reference: \"example.com\" is not a web address "
	    "(it must start with https:// or http://)");
	BAD(&f, "https://", "Reference: \"https://\" is not a web address (no "
	    "valid host name after https://)");
	BAD(&f, "https:///path", "Reference: \"https:///path\" is not a web "
	    "address (no valid host name after https://)");
	BAD(&f, "https://exa mple.com", "Reference: \"https://exa mple.com\" is "
	    "not a web address (it contains a space)");
	BAD(&f, "https://ex<a>.com", "Reference: \"https://ex<a>.com\" is not a "
	    "web address (no valid host name after https://)");
	BAD(&f, "https://example.com:99999/", "Reference: "
	    "\"https://example.com:99999/\" has a bad port number");
	BAD(&f, "https://user:pw@example.com/", "Reference: "
	    "\"https://user:pw@example.com/\": no user names or passwords in a "
	    "web address, please");
	BAD(&f, "https://example.com/\x01", "Reference: control character "
	    "U+0001 at character 21");
}

static void
test_cve_list(void **state)
{
	struct pb_field f = field(FIELD_CVE_LIST, "CVE IDs");

	(void)state;
	OK(&f, "CVE-2026-1234", "CVE-2026-1234");
	OK(&f, "cve-2026-1234, CVE-2026-12345\ncve-2026-1234;CVE-1999-0001",
	    "CVE-2026-1234\nCVE-2026-12345\nCVE-1999-0001");
	BAD(&f, "CVE-2026-123", "CVE IDs: \"CVE-2026-123\" is not a CVE ID "
	    "(expected CVE-YYYY-NNNN: the year, then four or more digits)");
	BAD(&f, "CVE-26-1234", "CVE IDs: \"CVE-26-1234\" is not a CVE ID "
	    "(expected CVE-YYYY-NNNN: the year, then four or more digits)");
	BAD(&f, "CVE-2026-12a4", "CVE IDs: \"CVE-2026-12a4\" is not a CVE ID "
	    "(expected CVE-YYYY-NNNN: the year, then four or more digits)");
	BAD(&f, "GHSA-xxxx-yyyy-zzzz", "CVE IDs: \"GHSA-xxxx-yyyy-zzzz\" is not "
	    "a CVE ID (expected CVE-YYYY-NNNN: the year, then four or more "
	    "digits)");
	BAD(&f, "CVE-2026-1234 cve-1998-0001", "CVE IDs: CVE-1998-0001: CVE IDs "
	    "begin in 1999");
}

/* --- CVSS --------------------------------------------------------------- */

static void
test_cvss(void **state)
{
	struct pb_field f = field(FIELD_CVSS, "CVSS");
	char *stored = NULL, warning[VALIDATE_WARN_MAX];
	struct err err = { 0 };

	(void)state;
	ok_as(NULL, &f, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS 9.8 Critical");
	ok_as(NULL, &f, " CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N ",
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", "CVSS 0.0 None");
	assert_int_equal(validate_answer(NULL, &f,
	    "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", NULL, &stored,
	    warning, &err), ST_INVALID);
	assert_null(stored);
	/* The scorer's message, after the label. */
	assert_true(strncmp(err.msg, "CVSS: ", 6) == 0);
	assert_non_null(strstr(err.msg, "AV"));
	assert_int_equal(validate_answer(NULL, &f, "not a vector", NULL,
	    &stored, warning, &err), ST_INVALID);
	assert_true(strncmp(err.msg, "CVSS: ", 6) == 0);
}

/* --- affected products -------------------------------------------------- */

static void
make_products(struct session *s)
{
	struct cycle c = { 0 };
	struct err err = { 0 };
	long long id = 0;

	assert_int_equal(product_create(s, "widget", "Widget", NULL, NULL, &id,
	    &err), ST_OK);
	c.product_id = id;
	c.cycle = S("1.0");
	assert_int_equal(cycle_create(s, &c, NULL, &err), ST_OK);
	c.cycle = S("2.0");
	assert_int_equal(cycle_create(s, &c, NULL, &err), ST_OK);
}

static void
test_products(void **state)
{
	struct tu_fx *fx = *state;
	struct pb_field f = field(FIELD_PRODUCTS, "affected products");
	struct session *s = fx->s;

	make_products(s);
	ok_as(s, &f, "[{\"status\":\"known_affected\",\"range\":\"< 1.0.4\","
	    "\"cycle\":\"1.0\",\"product\":\"widget\"},"
	    "{\"product\":\"widget\",\"cycle\":\"2.0\",\"status\":\"fixed\","
	    "\"range\":\"\"},"
	    "{\"product\":\"widget\",\"status\":\"known_not_affected\","
	    "\"justification\":\"component_not_present\",\"cycle\":null},"
	    "{\"product\":\"widget\",\"cycle\":\"1.0\",\"range\":\"1.0.4\","
	    "\"status\":\"fixed\",\"ecosystem\":\"npm\",\"package\":\"widget-js\"}]",
	    "[{\"product\":\"widget\",\"cycle\":\"1.0\",\"range\":\"< 1.0.4\","
	    "\"status\":\"known_affected\"},"
	    "{\"product\":\"widget\",\"cycle\":\"2.0\",\"status\":\"fixed\"},"
	    "{\"product\":\"widget\",\"status\":\"known_not_affected\","
	    "\"justification\":\"component_not_present\"},"
	    "{\"product\":\"widget\",\"cycle\":\"1.0\",\"range\":\"1.0.4\","
	    "\"status\":\"fixed\",\"ecosystem\":\"npm\",\"package\":\"widget-js\"}]",
	    "");
	ok_as(s, &f, "[]", "", "");
	bad_as(s, &f, "[{\"product\":\"widget\",\"status\":\"fixed\"},"
	    "{\"product\":\"gadget\",\"status\":\"fixed\"}]",
	    "affected products, row 2: no product \"gadget\"");
	/* Without a database the slug is only checked for its shape. */
	ok_as(NULL, &f, "[{\"product\":\"gadget\",\"status\":\"fixed\"}]",
	    "[{\"product\":\"gadget\",\"status\":\"fixed\"}]", "");
	bad_as(s, &f, "[{\"product\":\"widget\",\"cycle\":\"9.9\","
	    "\"status\":\"fixed\"}]", "affected products, row 1: product widget "
	    "has no release cycle \"9.9\"");
	bad_as(s, &f, "[{\"product\":\"Widget!\",\"status\":\"fixed\"}]",
	    "affected products, row 1: slug Widget!: use lowercase letters, "
	    "digits, '-', '.' and '_', starting with a letter or a digit");
	bad_as(s, &f, "[{\"status\":\"fixed\"}]", "affected products, row 1: "
	    "which product? (product missing)");
	bad_as(s, &f, "[{\"product\":\"widget\"}]", "affected products, row 1: "
	    "status (missing) must be one of known_affected, fixed, "
	    "known_not_affected, under_investigation");
	bad_as(s, &f, "[{\"product\":\"widget\",\"status\":\"broken\"}]",
	    "affected products, row 1: status \"broken\" must be one of "
	    "known_affected, fixed, known_not_affected, under_investigation");
	bad_as(s, &f, "[{\"product\":\"widget\",\"status\":"
	    "\"known_not_affected\"}]", "affected products, row 1: "
	    "known_not_affected needs a justification (component_not_present, "
	    "vulnerable_code_not_present, "
	    "vulnerable_code_cannot_be_controlled_by_adversary, "
	    "vulnerable_code_not_in_execute_path, "
	    "inline_mitigations_already_exist)");
	bad_as(s, &f, "[{\"product\":\"widget\",\"status\":\"fixed\","
	    "\"justification\":\"component_not_present\"}]", "affected products, "
	    "row 1: a justification goes only with known_not_affected");
	bad_as(s, &f, "[{\"product\":\"widget\",\"status\":\"known_not_affected\","
	    "\"justification\":\"trust me\"}]", "affected products, row 1: "
	    "justification \"trust me\" is not one of component_not_present, "
	    "vulnerable_code_not_present, "
	    "vulnerable_code_cannot_be_controlled_by_adversary, "
	    "vulnerable_code_not_in_execute_path, "
	    "inline_mitigations_already_exist");
	bad_as(s, &f, "[{\"product\":\"widget\",\"status\":\"fixed\","
	    "\"package\":\"widget-js\"}]", "affected products, row 1: package "
	    "widget-js needs its ecosystem");
	bad_as(s, &f, "[{\"product\":\"widget\",\"status\":\"fixed\","
	    "\"ecosystem\":\"cpan\"}]", "affected products, row 1: ecosystem "
	    "\"cpan\" is not one of actions, composer, erlang, go, maven, npm, "
	    "nuget, other, pip, pub, rubygems, rust, swift");
	bad_as(s, &f, "[{\"product\":\"widget\",\"status\":\"fixed\","
	    "\"version\":\"1\"}]", "affected products, row 1: unknown key "
	    "\"version\" (known: product, cycle, range, status, justification, "
	    "ecosystem, package)");
	bad_as(s, &f, "[{\"product\":\"widget\",\"status\":\"fixed\","
	    "\"cycle\":1}]", "affected products, row 1: cycle must be text");
	bad_as(s, &f, "[\"widget\"]", "affected products, row 1: expected an "
	    "object with product, cycle, range and status");
	bad_as(s, &f, "{\"product\":\"widget\"}", "affected products: expected "
	    "a JSON list of products, [{\"product\": ..., \"status\": ...}]");
	bad_as(s, &f, "[{\"product\":\"widget\",\"status\":\"fixed\"},"
	    "{\"product\":\"widget\",\"status\":\"known_affected\"}]",
	    "affected products, row 2: the same product, cycle and range as "
	    "row 1");
	bad_as(s, &f, "widget 1.0", "affected products: not a JSON list of "
	    "products (line 1, column 6: '[' or '{' expected near 'widget')");
}

/* --- plain text: readability and blame ---------------------------------- */

/* The syllables readability_flesch() counts in the one word W. */
static long
syllables(const char *w)
{
	/* One word, one sentence: 206.835 - 1.015 - 84.6 * syllables. */
	double n = (205.82 - readability_flesch(w)) / 84.6;

	return (long)(n + 0.5);
}

static void
test_readability(void **state)
{
	(void)state;
	assert_true(readability_flesch(NULL) == 100);
	assert_true(readability_flesch("") == 100);
	assert_true(readability_flesch("  \n -- \n") == 100);
	/* 6 words, 1 sentence, 6 syllables. */
	assert_float_equal(readability_flesch("The cat sat on the mat."),
	    116.145, 0.001);
	/* Sentences end at . ! ? ; and at the end of a line with words. */
	assert_float_equal(readability_flesch("The cat sat. The dog ran!"),
	    119.19, 0.001);
	assert_float_equal(readability_flesch("The cat sat; the dog ran"),
	    119.19, 0.001);
	assert_float_equal(readability_flesch("The cat sat\nThe dog ran\n\n"),
	    119.19, 0.001);
	assert_float_equal(readability_flesch("The cat sat...\n\nThe dog ran?!"),
	    119.19, 0.001);
	/* 9.8 is one word of one syllable and ends nothing: 5 words, 5
	 * syllables, 1 sentence. */
	assert_float_equal(readability_flesch("The score is 9.8 now."),
	    117.16, 0.001);
	assert_int_equal(syllables("cat"), 1);
	assert_int_equal(syllables("the"), 1);
	assert_int_equal(syllables("make"), 1);     /* silent e */
	assert_int_equal(syllables("makes"), 1);
	assert_int_equal(syllables("table"), 2);    /* -le */
	assert_int_equal(syllables("whole"), 1);
	assert_int_equal(syllables("free"), 1);
	assert_int_equal(syllables("jumped"), 1);   /* -ed not heard */
	assert_int_equal(syllables("wanted"), 2);
	assert_int_equal(syllables("boxes"), 2);
	assert_int_equal(syllables("pages"), 2);
	assert_int_equal(syllables("wishes"), 2);
	assert_int_equal(syllables("yes"), 1);
	assert_int_equal(syllables("sky"), 1);
	assert_int_equal(syllables("customer"), 3);
	assert_int_equal(syllables("vulnerability"), 6);
	assert_int_equal(syllables("well-known"), 2);
	assert_int_equal(syllables("2026"), 1);
	assert_int_equal(syllables("über"), 1);     /* "ber"; ü is not counted */
	assert_int_equal(syllables("日本"), 1);
	assert_true(readability_flesch("The vulnerability allows "
	    "unauthenticated remote attackers to execute arbitrary code via "
	    "specially crafted serialization payloads targeting the "
	    "administrative interface.") < 30);
	assert_true(readability_flesch("We fixed the bug. Please update "
	    "now. Your data is safe.") > 80);
}

static void
test_plain_text(void **state)
{
	struct pb_field f = field(FIELD_PLAIN_TEXT, "Plain summary");

	(void)state;
	f.min_reading_ease = 50;
	/* Several lines are allowed. */
	ok_as(NULL, &f, "We fixed the bug.\nPlease update now.",
	    "We fixed the bug.\nPlease update now.", "");
	ok_as(NULL, &f, "The vulnerability allows unauthenticated remote "
	    "attackers to execute arbitrary code via specially crafted "
	    "serialization payloads.", "The vulnerability allows "
	    "unauthenticated remote attackers to execute arbitrary code via "
	    "specially crafted serialization payloads.", NULL);
	{
		char *stored, warning[VALIDATE_WARN_MAX];
		char want[VALIDATE_WARN_MAX];
		const char *t = "Unauthenticated attackers could exploit "
		    "deserialization.";

		assert_int_equal(validate_answer(NULL, &f, t, NULL, &stored,
		    warning, NULL), ST_OK);
		snprintf(want, sizeof want, "reading ease %.0f (below 50): use "
		    "shorter sentences and words", readability_flesch(t));
		assert_string_equal(warning, want);
		assert_true(readability_flesch(t) < 0);
		free(stored);
	}
	f.max_length = 10;
	BAD(&f, "Ünïcödé chars", "Plain summary: at most 10 characters (got "
	    "13)");
	f.max_length = 0;
	f.min_reading_ease = 0;       /* no threshold: no warning */
	ok_as(NULL, &f, "Unauthenticated attackers could exploit "
	    "deserialization.", "Unauthenticated attackers could exploit "
	    "deserialization.", "");
}

static void
test_blame_check(void **state)
{
	struct tu_fx *fx = *state;
	struct session *s = fx->s;
	const char *const roles[] = { "author", NULL };
	char w[VALIDATE_WARN_MAX];

	assert_int_equal(user_add(s, "asmith", "Alice Smith", "a@example.com",
	    roles, NULL, NULL), ST_OK);
	assert_int_equal(user_add(s, "jo", "Jo", NULL, roles, NULL, NULL),
	    ST_OK);
	assert_int_equal(user_add(s, "gone", "Gerald Gone", NULL, roles, NULL,
	    NULL), ST_OK);
	tu_sql_exec(db_path(s->db), "UPDATE users SET erased_at = "
	    "'2026-01-01T00:00:00Z' WHERE login = 'gone'");

	assert_false(blame_check(s, NULL, NULL, w));
	assert_string_equal(w, "");
	assert_false(blame_check(s, "The database ran out of disk space.",
	    NULL, w));
	assert_string_equal(w, "");
	assert_true(blame_check(s, "Then alice smith restarted it.", NULL, w));
	assert_string_equal(w, "names \"Alice Smith\" (a person); external "
	    "reports are blame-free");
	assert_true(blame_check(s, "Alice's change broke it.", NULL, w));
	assert_string_equal(w, "names \"Alice\" (a person); external reports "
	    "are blame-free");
	/* A part of a name counts only written as a name. */
	assert_false(blame_check(s, "The smith tool broke it.", NULL, w));
	assert_true(blame_check(s, "Reverted by asmith at 10:00.", NULL, w));
	assert_string_equal(w, "names \"asmith\" (a person); external reports "
	    "are blame-free");
	/* Whole words only; short names and erased users are skipped. */
	assert_false(blame_check(s, "The asmithy and Jo's job.", NULL, w));
	assert_false(blame_check(s, "Gerald Gone did it.", NULL, w));
	/* Staff names, one a line. */
	assert_true(blame_check(s, "Handled by the night shift; Bob Jones "
	    "paged.", "Carol King\r\nBob Jones\n", w));
	assert_string_equal(w, "names \"Bob Jones\" (a person); external "
	    "reports are blame-free");
	assert_true(blame_check(NULL, "Bob restarted it.", "Bob Jones", w));
	assert_string_equal(w, "names \"Bob\" (a person); external reports are "
	    "blame-free");
	/* Phrases, the first in the text. */
	assert_true(blame_check(NULL, "An engineer failed to renew it, a "
	    "human error.", NULL, w));
	assert_string_equal(w, "\"failed to\" blames people; describe what "
	    "happened to the system");
	assert_true(blame_check(NULL, "This was Human Error.", NULL, w));
	assert_string_equal(w, "\"human error\" blames people; describe what "
	    "happened to the system");
	assert_true(blame_check(NULL, "A careless change.", NULL, w));
	assert_false(blame_check(NULL, "It was done carelessly.", NULL, w));
	assert_false(blame_check(NULL, "Nothing here is blame-worthy.", NULL,
	    NULL));
}

static void
test_blame_warning_in_field(void **state)
{
	struct tu_fx *fx = *state;
	struct pb_field f = field(FIELD_PLAIN_TEXT, "What happened");
	const char *const roles[] = { "author", NULL };
	char *stored, warning[VALIDATE_WARN_MAX];

	assert_int_equal(user_add(fx->s, "asmith", "Alice Smith", NULL, roles,
	    NULL, NULL), ST_OK);
	f.warnings = PB_WARN_BLAME;
	ok_as(fx->s, &f, "A disk filled up. We added space.", "A disk filled "
	    "up. We added space.", "");
	ok_as(fx->s, &f, "Alice Smith fixed it.", "Alice Smith fixed it.",
	    "names \"Alice Smith\" (a person); external reports are "
	    "blame-free");
	assert_int_equal(validate_answer(NULL, &f, "Dan fixed it.", "Dan Day",
	    &stored, warning, NULL), ST_OK);
	assert_string_equal(warning, "names \"Dan\" (a person); external "
	    "reports are blame-free");
	free(stored);
	/* Both warnings, readability first. */
	f.min_reading_ease = 50;
	assert_int_equal(validate_answer(NULL, &f, "Negligent administration "
	    "necessitated comprehensive remediation.", NULL, &stored, warning,
	    NULL), ST_OK);
	assert_non_null(strstr(warning, "reading ease "));
	assert_non_null(strstr(warning, "; \"negligent\" blames people"));
	free(stored);
	/* Without the flag, no blame check. */
	f.warnings = 0;
	f.min_reading_ease = 0;
	ok_as(fx->s, &f, "Alice Smith fixed it.", "Alice Smith fixed it.", "");
}

/* --- conditions and steps ---------------------------------------------- */

struct answers {
	const char *k[9];
	const char *v[9];
};

static const char *
lookup(void *ctx, const char *field_id)
{
	struct answers *a = ctx;
	size_t i;

	for (i = 0; i < 9 && a->k[i] != NULL; i++)
		if (strcmp(a->k[i], field_id) == 0)
			return a->v[i];
	return NULL;
}

static void
test_visibility(void **state)
{
	struct pb_field f = field(FIELD_TEXT, "Details");
	char *vals[] = { S("high"), S("medium") };
	char *yes[] = { S("true") };
	struct answers a = { { "impact", "channels", "exploited" },
	    { "high", "email\nmedium", "yes" } };

	(void)state;
	assert_true(validate_is_visible(&f, lookup, &a));
	f.when.field = S("impact");
	f.when.values = vals;
	f.when.n_values = 1;
	assert_true(validate_is_visible(&f, lookup, &a));
	a.v[0] = "low";
	assert_false(validate_is_visible(&f, lookup, &a));
	f.when.n_values = 2;
	a.v[0] = "medium";
	assert_true(validate_is_visible(&f, lookup, &a));
	/* A multi-choice answer holds one of the values. */
	f.when.field = S("channels");
	assert_true(validate_is_visible(&f, lookup, &a));
	a.v[1] = "email\nweb";
	assert_false(validate_is_visible(&f, lookup, &a));
	/* No answer: hidden. */
	f.when.field = S("nothing");
	assert_false(validate_is_visible(&f, lookup, &a));
	/* A boolean's "yes" meets a playbook's "true". */
	f.when.field = S("exploited");
	f.when.values = yes;
	f.when.n_values = 1;
	assert_true(validate_is_visible(&f, lookup, &a));
	a.v[2] = "no";
	assert_false(validate_is_visible(&f, lookup, &a));
}

static const char step_pb[] =
    "playbook: test-validate\n"
    "version: \"1\"\n"
    "title: Test\n"
    "kind: advisory\n"
    "audience: public\n"
    "reading-ease: 60\n"
    "steps:\n"
    "  - id: facts\n"
    "    kind: form\n"
    "    title: The facts\n"
    "    fields:\n"
    "      - id: summary\n"
    "        type: text\n"
    "        label: Summary\n"
    "        required: true\n"
    "        max-length: 20\n"
    "      - id: exploited\n"
    "        type: boolean\n"
    "        label: Exploited\n"
    "      - id: since\n"
    "        type: datetime\n"
    "        label: Exploited since\n"
    "        required: true\n"
    "        when: { field: exploited, equals: \"yes\" }\n"
    "      - id: scope\n"
    "        type: choice\n"
    "        label: Scope\n"
    "        options: [narrow, wide]\n"
    "        when: { field: exploited, equals: \"yes\" }\n"
    "      - id: how\n"
    "        type: long-text\n"
    "        label: How\n"
    "        required: true\n"
    "        when: { field: scope, equals: wide }\n"
    "      - id: plain\n"
    "        type: plain-text\n"
    "        label: In plain words\n"
    "        warn: [blame]\n"
    "      - id: vector\n"
    "        type: cvss\n"
    "        label: Vector\n"
    "  - id: check\n"
    "    kind: checklist\n"
    "    title: Before review\n"
    "    items: [proofread, legal]\n"
    "  - id: approve\n"
    "    kind: gate\n"
    "    title: Approval\n"
    "    roles: [approver:legal]\n";

static void
test_step(void **state)
{
	struct playbook *pb = tu_playbook_parse(step_pb, "test.yaml");
	const struct pb_step *facts = playbook_step(pb, "facts");
	const struct pb_step *check = playbook_step(pb, "check");
	const struct pb_step *gate = playbook_step(pb, "approve");
	struct answers a = { { "summary", "exploited", "since", "how", "plain",
	    "check", "staff", "scope", "vector" }, { NULL } };
	char w[VALIDATE_WARN_MAX];
	struct err err = { 0 };

	(void)state;
	assert_non_null(facts);
	assert_non_null(check);
	assert_non_null(gate);
	assert_true(playbook_field(pb, "plain", NULL)->min_reading_ease == 60);

	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "Summary: required");
	a.v[0] = "";
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "Summary: required");
	/* A stored answer that is no longer valid. */
	a.v[0] = "A summary much too long for it";
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "Summary: at most 20 characters (got 30)");
	/* The required datetime is hidden while not exploited. */
	a.v[0] = "Heap overflow";
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_OK);
	assert_string_equal(w, "");
	a.v[1] = "no";
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_OK);
	a.v[1] = "yes";
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "Exploited since: required");
	a.v[2] = "2026-02-30T00:00:00Z";
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "Exploited since: 2026-02-30 is not a date "
	    "(February 2026 has 28 days)");
	a.v[2] = "2026-03-01T00:00:00Z";
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_OK);
	/* "how" shows behind "scope", which shows behind "exploited". */
	a.v[7] = "wide";
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "How: required");
	a.v[1] = "no";                /* scope hidden, so how hidden too */
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_OK);
	/* A vector's score is said when it is typed, not when the step is
	 * done; a bad one still stops it. */
	a.v[8] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_OK);
	assert_string_equal(w, "");
	a.v[8] = "CVSS:3.1/AV:Q";
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_INVALID);
	a.v[8] = NULL;
	assert_true(validate_is_visible(playbook_field(pb, "how", NULL),
	    lookup, &a));
	assert_false(validate_is_shown(pb, playbook_field(pb, "how", NULL),
	    lookup, &a));
	/* Warnings name their field; staff names come from "staff". */
	a.v[4] = "Dan Day fixed it.";
	a.v[6] = "Dan Day";
	assert_int_equal(validate_step(NULL, pb, facts, lookup, &a, w, &err),
	    ST_OK);
	assert_string_equal(w, "In plain words: names \"Dan Day\" (a person); "
	    "external reports are blame-free");

	/* Every checklist item must be ticked. */
	assert_int_equal(validate_step(NULL, pb, check, lookup, &a, w, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "Before review: not ticked yet: "
	    "\"proofread\", \"legal\"");
	a.v[5] = "legal";
	assert_int_equal(validate_step(NULL, pb, check, lookup, &a, w, &err),
	    ST_INVALID);
	assert_string_equal(err.msg, "Before review: not ticked yet: "
	    "\"proofread\"");
	a.v[5] = "proofread\nlegal";
	assert_int_equal(validate_step(NULL, pb, check, lookup, &a, w, &err),
	    ST_OK);
	/* A gate always passes here. */
	assert_int_equal(validate_step(NULL, pb, gate, lookup, &a, w, &err),
	    ST_OK);
	playbook_free(&pb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_null),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_multi_choice_and_checklist),
		cmocka_unit_test(test_boolean),
		cmocka_unit_test(test_datetime_utc),
		cmocka_unit_test(test_datetime_bad),
		cmocka_unit_test(test_datetime_short_notice),
		cmocka_unit_test(test_datetime_local),
		cmocka_unit_test(test_datetime_display),
		cmocka_unit_test(test_email_list),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_cve_list),
		cmocka_unit_test(test_cvss),
		cmocka_unit_test_setup_teardown(test_products, tu_fx_setup,
		    tu_fx_teardown),
		cmocka_unit_test(test_readability),
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test_setup_teardown(test_blame_check, tu_fx_setup,
		    tu_fx_teardown),
		cmocka_unit_test_setup_teardown(test_blame_warning_in_field,
		    tu_fx_setup, tu_fx_teardown),
		cmocka_unit_test(test_visibility),
		cmocka_unit_test(test_step),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
