#include "config.h"

#include "tests/unit/testutil.h"

static void
placeholder(void **state)
{
	(void)state;
	assert_true(1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(placeholder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
