/* tests/unit/test_clock.c - RFC 3339 parsing and formatting, and HERALD_NOW. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"
#include "core/clock.h"

static void
parse_rejects_garbage(void **state)
{
	static const char *const bad[] = {
		"", "2026", "2026-1-01", "2026-02-30", "2025-02-29", "2026-13-01",
		"2026-00-10", "2026-03-01T25:00:00Z", "2026-03-01T12:00:00",
		"2026-03-01T12:00Z", "2026-03-01T12:00:00+0200", "2026-03-01 x",
		"2026-03-01T12:00:00.Z", "2026-03-01T12:00:00Zjunk", NULL,
	};
	struct err err = { 0 };
	time_t t;
	size_t i;

	(void)state;
	assert_int_equal(clock_parse(NULL, &t, &err), ST_INVALID);
	for (i = 0; bad[i] != NULL; i++) {
		err_clear(&err);
		if (clock_parse(bad[i], &t, &err) != ST_INVALID)
			fail_msg("accepted %s", bad[i]);
		assert_true(strlen(err.msg) > 0);
	}
}

static void
parse_accepts_rfc3339(void **state)
{
	char buf[CLOCK_BUFSZ], rss[CLOCK_RFC822_BUFSZ];
	time_t t;

	(void)state;
	assert_int_equal(clock_parse("2026-03-01T12:00:00Z", &t, NULL), ST_OK);
	assert_int_equal(t, 1772366400);
	assert_int_equal(clock_parse("2026-03-01T14:30:00+02:30", &t, NULL), ST_OK);
	assert_int_equal(t, 1772366400);
	assert_int_equal(clock_parse("2026-03-01T07:00:00-05:00", &t, NULL), ST_OK);
	assert_int_equal(t, 1772366400);
	assert_int_equal(clock_parse("2026-03-01t12:00:00.123456z", &t, NULL), ST_OK);
	assert_int_equal(t, 1772366400);
	assert_int_equal(clock_parse("2024-02-29", &t, NULL), ST_OK);
	clock_format(t, buf);
	assert_string_equal(buf, "2024-02-29T00:00:00Z");
	clock_format_date(t, buf);
	assert_string_equal(buf, "2024-02-29");
	assert_int_equal(clock_year(t), 2024);
	clock_format(clock_add_days(t, 1), buf);
	assert_string_equal(buf, "2024-03-01T00:00:00Z");
	/* RSS's dates: English and UTC, whatever the locale and zone. */
	assert_int_equal(clock_parse("2026-03-01T13:04:05+01:00", &t, NULL),
	    ST_OK);
	clock_format_rfc822(t, rss);
	assert_string_equal(rss, "Sun, 01 Mar 2026 12:04:05 +0000");
}

/* Times beyond what RFC 3339 writes (a long span after a late time) are
 * held to its years, four digits always, and read back. */
static void
format_keeps_four_digit_years(void **state)
{
	char buf[CLOCK_BUFSZ], day[11];
	time_t t;

	(void)state;
	assert_int_equal(clock_parse("9999-12-31T23:00:00Z", &t, NULL), ST_OK);
	clock_format(t + 72 * 3600, buf);
	assert_string_equal(buf, "9999-12-31T23:59:59Z");
	assert_int_equal(clock_parse(buf, &t, NULL), ST_OK);
	clock_format_date(t + 86400 * 400, day);
	assert_string_equal(day, "9999-12-31");
	assert_int_equal(clock_parse("0001-01-01", &t, NULL), ST_OK);
	clock_format(t, buf);
	assert_string_equal(buf, "0001-01-01T00:00:00Z");
	clock_format_date(t, day);
	assert_string_equal(day, "0001-01-01");
	assert_int_equal(clock_parse("0999-06-30T08:05:09Z", &t, NULL), ST_OK);
	clock_format(t, buf);
	assert_string_equal(buf, "0999-06-30T08:05:09Z");
	clock_format(t - 86400LL * 366 * 1000, buf);
	assert_string_equal(buf, "0000-01-01T00:00:00Z");
}

static void
herald_now_pins_the_clock(void **state)
{
	char buf[CLOCK_BUFSZ];
	struct err err = { 0 };

	(void)state;
	setenv("HERALD_NOW", "not a time", 1);
	assert_int_equal(clock_init(&err), ST_INVALID);
	assert_non_null(strstr(err.msg, "HERALD_NOW"));
	setenv("HERALD_NOW", "2030-06-15T08:00:00+01:00", 1);
	assert_int_equal(clock_init(&err), ST_OK);
	clock_now_str(buf);
	assert_string_equal(buf, "2030-06-15T07:00:00Z");
	unsetenv("HERALD_NOW");
	clock_set_fixed(0);
	assert_true(clock_now() > 1700000000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_rejects_garbage),
		cmocka_unit_test(parse_accepts_rfc3339),
		cmocka_unit_test(format_keeps_four_digit_years),
		cmocka_unit_test(herald_now_pins_the_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
