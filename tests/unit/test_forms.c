/* tests/unit/test_forms.c - field kinds: names round-trip, unknowns refused. */
#include "config.h"

#include "tests/unit/testutil.h"
#include "core/fieldkind.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
