/* tests/unit/testutil.h - helpers shared by the unit tests. */
#ifndef HERALD_TESTS_TESTUTIL_H
#define HERALD_TESTS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/session.h"

/* A fresh temporary directory (removed by tu_rmdir); caller frees. */
char *tu_tmpdir(void);
/* Remove DIR and everything in it. */
void  tu_rmdir(const char *dir);
/* DIR/NAME; caller frees. */
char *tu_path(const char *dir, const char *name);
/* A new test database in a temporary directory, with admin "ada" acting;
 * the clock pinned to 2026-03-01T12:00:00Z. */
struct session *tu_session_new(char **dir);
/* Close S and remove DIR. */
void  tu_session_free(struct session **s, char **dir);

#endif
