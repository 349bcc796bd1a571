/* tests/unit/test_secret.c - secrets from a private file or the
 * environment: what is refused, what the messages say (the file and its
 * mode, never the secret). */
#include "config.h"

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/secret.h"
#include "util/xalloc.h"

#define SECRET "hunter2-correct-horse"

struct fx {
	char *dir;
	char *file;              /* DIR/pw, holding SECRET and a newline */
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->file = tu_path(f->dir, "pw");
	tu_write_file(f->file, SECRET "\n");
	assert_int_equal(chmod(f->file, 0600), 0);
	unsetenv("HERALD_TEST_SECRET");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tu_rmdir(f->dir);
	free(f->dir);
	free(f->file);
	free(f);
	unsetenv("HERALD_TEST_SECRET");
	return 0;
}

/* The settings {KEY: VALUE}. */
static json_t *
settings(const char *key, const char *value)
{
	json_t *j = json_object();

	json_object_set_new(j, key, json_string(value));
	return j;
}

/* secret_read("password") of J must fail with ST; its message must hold
 * each of the NULL-terminated strings after ST and never the secret. */
static void
expect_refused(json_t *j, enum status want, ...)
{
	struct err err = { 0 };
	char *out = (char *)"untouched";
	const char *part;
	va_list ap;

	assert_int_equal(secret_read(j, "password", &out, &err), want);
	assert_null(out);
	assert_null(strstr(err.msg, SECRET));
	va_start(ap, want);
	while ((part = va_arg(ap, const char *)) != NULL) {
		if (strstr(err.msg, part) == NULL)
			fail_msg("\"%s\" not in \"%s\"", part, err.msg);
	}
	va_end(ap);
	json_decref(j);
}

static void
test_file_0600_read_newline_dropped(void **state)
{
	struct fx *f = *state;
	json_t *j = settings("password_file", f->file);
	struct err err = { 0 };
	char *out = NULL;

	assert_int_equal(secret_read(j, "password", &out, &err), ST_OK);
	assert_string_equal(out, SECRET);
	secret_free(out);
	/* CRLF too, and several. */
	tu_write_file(f->file, SECRET "\r\n\n");
	assert_int_equal(secret_read(j, "password", &out, &err), ST_OK);
	assert_string_equal(out, SECRET);
	secret_free(out);
	json_decref(j);
}

static void
test_file_readable_by_others_refused(void **state)
{
	struct fx *f = *state;
	char chmod_hint[1024];

	snprintf(chmod_hint, sizeof chmod_hint, "chmod 600 %s", f->file);
	assert_int_equal(chmod(f->file, 0644), 0);
	expect_refused(settings("password_file", f->file), ST_DENIED,
	    "password_file", f->file, "mode 0644", chmod_hint, NULL);
	assert_int_equal(chmod(f->file, 0640), 0);
	expect_refused(settings("password_file", f->file), ST_DENIED,
	    "mode 0640", chmod_hint, NULL);
	assert_int_equal(chmod(f->file, 0604), 0);
	expect_refused(settings("password_file", f->file), ST_DENIED,
	    "mode 0604", NULL);
	/* Writable by the group: someone else could swap the secret. */
	assert_int_equal(chmod(f->file, 0620), 0);
	expect_refused(settings("password_file", f->file), ST_DENIED,
	    "mode 0620", NULL);
	/* 0400 is fine. */
	assert_int_equal(chmod(f->file, 0400), 0);
	{
		json_t *j = settings("password_file", f->file);
		struct err err = { 0 };
		char *out = NULL;

		assert_int_equal(secret_read(j, "password", &out, &err), ST_OK);
		assert_string_equal(out, SECRET);
		secret_free(out);
		json_decref(j);
	}
}

static void
test_not_a_regular_file(void **state)
{
	struct fx *f = *state;
	char *fifo = tu_path(f->dir, "fifo");

	expect_refused(settings("password_file", f->dir), ST_INVALID,
	    "is not a regular file", f->dir, NULL);
	/* A FIFO would block a reader: refused without waiting. */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	expect_refused(settings("password_file", fifo), ST_INVALID,
	    "is not a regular file", NULL);
	free(fifo);
}

static void
test_missing_and_empty(void **state)
{
	struct fx *f = *state;
	char *none = tu_path(f->dir, "none");

	expect_refused(settings("password_file", none), ST_IO, "cannot open",
	    none, NULL);
	tu_write_file(f->file, "\n");
	expect_refused(settings("password_file", f->file), ST_INVALID,
	    "is empty", NULL);
	expect_refused(settings("password_file", ""), ST_INVALID,
	    "password_file", NULL);
	expect_refused(json_pack("{s:i}", "password_file", 3), ST_INVALID,
	    "password_file", NULL);
	free(none);
}

static void
test_env(void **state)
{
	struct fx *f = *state;
	json_t *j = settings("password_env", "HERALD_TEST_SECRET");
	struct err err = { 0 };
	char *out = NULL;

	expect_refused(json_incref(j), ST_INVALID, "HERALD_TEST_SECRET",
	    "not set", NULL);
	setenv("HERALD_TEST_SECRET", SECRET "\n", 1);
	assert_int_equal(secret_read(j, "password", &out, &err), ST_OK);
	assert_string_equal(out, SECRET);
	secret_free(out);
	/* A file, when named, wins over the environment. */
	json_object_set_new(j, "password_file", json_string(f->file));
	tu_write_file(f->file, "from-the-file\n");
	assert_int_equal(secret_read(j, "password", &out, &err), ST_OK);
	assert_string_equal(out, "from-the-file");
	secret_free(out);
	json_decref(j);
}

static void
test_neither(void **state)
{
	(void)state;
	expect_refused(json_object(), ST_NOTFOUND, "password_file",
	    "password_env", NULL);
	/* Other names are looked up by their own keys. */
	expect_refused(settings("token_file", "/nonexistent"), ST_NOTFOUND,
	    NULL);
	secret_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TU_TEST(test_file_0600_read_newline_dropped),
		TU_TEST(test_file_readable_by_others_refused),
		TU_TEST(test_not_a_regular_file),
		TU_TEST(test_missing_and_empty),
		TU_TEST(test_env),
		TU_TEST(test_neither),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
