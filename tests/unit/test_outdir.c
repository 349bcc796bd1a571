/* tests/unit/test_outdir.c - the output directory: atomic, incremental
 * writes, the manifest, freshness, pruning and refusals. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/testutil.h"

#include "core/hash.h"
#include "core/outdir.h"
#include "util/xalloc.h"

struct fx {
	char *dir;      /* a temporary directory */
	char *root;     /* DIR/out, the output directory */
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->root = tu_path(f->dir, "out");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	/* Put back what a test took away, so the directory can go. */
	chmod(f->root, 0755);
	tu_rmdir(f->dir);
	free(f->root);
	free(f->dir);
	free(f);
	return 0;
}

static char *
in_root(const struct fx *f, const char *rel)
{
	return xasprintf("%s/%s", f->root, rel);
}

static void
open_ok(struct outdir *o, const struct fx *f)
{
	struct err err = { 0 };

	assert_int_equal(outdir_open(o, f->root, &err), ST_OK);
}

static void
write_ok(struct outdir *o, const char *rel, const char *text,
    const char *stamp)
{
	struct err err = { 0 };

	if (outdir_write_str(o, rel, text, stamp, &err) != ST_OK)
		fail_msg("write %s: %s", rel, err.msg);
}

static void
close_ok(struct outdir *o, bool prune)
{
	struct err err = { 0 };

	if (outdir_close(o, prune, &err) != ST_OK)
		fail_msg("close: %s", err.msg);
}

static void
expect_file(const struct fx *f, const char *rel, const char *text)
{
	char *path = in_root(f, rel), *got;
	size_t len;

	got = tu_slurp(path, &len);
	assert_int_equal(len, strlen(text));
	assert_string_equal(got, text);
	free(got);
	free(path);
}

static bool
exists(const struct fx *f, const char *rel)
{
	char *path = in_root(f, rel);
	struct stat sb;
	bool ok = lstat(path, &sb) == 0;

	free(path);
	return ok;
}

static struct stat
stat_of(const struct fx *f, const char *rel)
{
	char *path = in_root(f, rel);
	struct stat sb;

	assert_int_equal(lstat(path, &sb), 0);
	free(path);
	return sb;
}

/* The number of entries in DIR whose name starts with PREFIX. */
static int
count_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static json_t *
manifest_of(const struct fx *f)
{
	char *path = in_root(f, OUTDIR_MANIFEST);
	json_t *doc = json_load_file(path, 0, NULL);

	assert_non_null(doc);
	free(path);
	return doc;
}

/* --- degenerate inputs ------------------------------------------------ */

static void
test_bad_paths(void **state)
{
	static const char *const bad[] = {
		"", "/etc/passwd", "..", "../x", "a/../b", "a/..", ".", "./a",
		"a/./b", "a//b", "a/", "a\\b", "a\nb", "a\tb", "a\x7f", "\x1b[31m",
		"a\xff\xfe", OUTDIR_MANIFEST, NULL
	};
	struct fx *f = *state;
	struct outdir o;
	struct err err = { 0 };
	size_t i;

	open_ok(&o, f);
	for (i = 0; bad[i] != NULL; i++) {
		err_clear(&err);
		assert_int_equal(outdir_write_str(&o, bad[i], "x", NULL, &err),
		    ST_INVALID);
		assert_non_null(strstr(err.msg, "output path"));
		/* The message never carries the control characters. */
		assert_null(strchr(err.msg, '\n'));
		assert_null(strchr(err.msg, '\x1b'));
		assert_false(outdir_fresh(&o, bad[i], "s"));
	}
	err_clear(&err);
	assert_int_equal(outdir_write_str(&o, NULL, "x", NULL, &err),
	    ST_INVALID);
	err_clear(&err);
	assert_int_equal(outdir_write_str(&o, "a/../../escape", "x", NULL,
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "a/../../escape"));
	err_clear(&err);
	assert_int_equal(outdir_write_str(&o, "a\nb", "x", NULL, &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "a\\x0ab"));
	assert_int_equal(o.n_written, 0);
	close_ok(&o, false);
	/* Nothing but the manifest was written, nothing outside. */
	assert_int_equal(count_prefix(f->root, ""), 3);   /* ., .., manifest */
	assert_int_equal(count_prefix(f->dir, "escape"), 0);
}

static void
test_bad_root(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	struct err err = { 0 };
	char *file = tu_path(f->dir, "plain");

	assert_int_equal(outdir_open(&o, "", &err), ST_INVALID);
	assert_int_equal(outdir_open(&o, NULL, &err), ST_INVALID);
	tu_write_file(file, "not a directory\n");
	err_clear(&err);
	assert_int_equal(outdir_open(&o, file, &err), ST_IO);
	assert_non_null(strstr(err.msg, file));
	free(file);
}

/* --- writing ---------------------------------------------------------- */

static void
test_write_new(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	struct stat sb;
	char *with_slash = xasprintf("%s///", f->root);
	mode_t old = umask(077);

	assert_int_equal(outdir_open(&o, with_slash, NULL), ST_OK);
	assert_string_equal(o.root, f->root);
	write_ok(&o, "site/advisories/a.html", "<p>A</p>\n", "s1");
	write_ok(&o, "index.html", "", NULL);
	assert_int_equal(o.n_written, 2);
	assert_int_equal(o.n_unchanged, 0);
	assert_int_equal(o.bytes_written, 9);
	close_ok(&o, false);
	umask(old);
	expect_file(f, "site/advisories/a.html", "<p>A</p>\n");
	expect_file(f, "index.html", "");
	/* Files 0644 and folders 0755 whatever the umask: a web server
	 * reads them. */
	sb = stat_of(f, "site/advisories/a.html");
	assert_int_equal(sb.st_mode & 07777, 0644);
	sb = stat_of(f, "site/advisories");
	assert_int_equal(sb.st_mode & 07777, 0755);
	sb = stat_of(f, "site");
	assert_int_equal(sb.st_mode & 07777, 0755);
	/* No temporary file left behind. */
	assert_int_equal(count_prefix(f->root, ".herald-tmp"), 0);
	free(with_slash);
}

static void
test_unchanged_not_rewritten(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	struct stat before, after;

	open_ok(&o, f);
	write_ok(&o, "a.txt", "same\n", "s1");
	close_ok(&o, false);
	before = stat_of(f, "a.txt");
	open_ok(&o, f);
	write_ok(&o, "a.txt", "same\n", "s2");
	assert_int_equal(o.n_written, 0);
	assert_int_equal(o.n_unchanged, 1);
	assert_int_equal(o.bytes_written, 0);
	close_ok(&o, false);
	after = stat_of(f, "a.txt");
	/* The very same file: rename would have given a new inode. */
	assert_int_equal(before.st_ino, after.st_ino);
	/* Changed bytes of the same length: rewritten. */
	open_ok(&o, f);
	write_ok(&o, "a.txt", "SAME\n", "s3");
	assert_int_equal(o.n_written, 1);
	close_ok(&o, false);
	expect_file(f, "a.txt", "SAME\n");
	after = stat_of(f, "a.txt");
	assert_int_not_equal(before.st_ino, after.st_ino);
}

static void
test_manifest_unchanged_run(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	struct stat before, after;

	open_ok(&o, f);
	write_ok(&o, "a.txt", "a", "s1");
	close_ok(&o, false);
	before = stat_of(f, OUTDIR_MANIFEST);
	open_ok(&o, f);
	assert_true(outdir_fresh(&o, "a.txt", "s1"));
	close_ok(&o, false);
	after = stat_of(f, OUTDIR_MANIFEST);
	/* A run that changed nothing leaves even the manifest alone. */
	assert_int_equal(before.st_ino, after.st_ino);
}

static void
test_binary_and_hostile_bytes(void **state)
{
	static const char data[] = "\0\x01]]>\"'<&\xff\xfe\xe2\x80\xae\xe2\x80"
	    "\x8b\xf0\x9f\x94\x92\r\n";
	struct fx *f = *state;
	struct outdir o;
	char *path, *got, *big;
	size_t len, n = 3 * 1024 * 1024;

	open_ok(&o, f);
	assert_int_equal(outdir_write(&o, "b.bin", data, sizeof data, "s",
	    NULL), ST_OK);
	big = xmalloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\0';
	write_ok(&o, "big.txt", big, "big");
	close_ok(&o, false);
	path = in_root(f, "b.bin");
	got = tu_slurp(path, &len);
	assert_int_equal(len, sizeof data);
	assert_memory_equal(got, data, sizeof data);
	free(got);
	free(path);
	/* A big file is fresh by its size. */
	open_ok(&o, f);
	assert_true(outdir_fresh(&o, "big.txt", "big"));
	assert_true(outdir_fresh(&o, "b.bin", "s"));
	close_ok(&o, false);
	free(big);
}

static void
test_null_data(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	struct err err = { 0 };

	open_ok(&o, f);
	assert_int_equal(outdir_write(&o, "x", NULL, 3, NULL, &err),
	    ST_INVALID);
	assert_int_equal(outdir_write(&o, "empty", NULL, 0, NULL, &err), ST_OK);
	close_ok(&o, false);
	expect_file(f, "empty", "");
	assert_false(exists(f, "x"));
}

static void
test_manifest_contents(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	char hex[HASH_HEX_SIZE];
	json_t *doc, *e;

	open_ok(&o, f);
	write_ok(&o, "docs/a.md", "# A\n", "stamp-a");
	write_ok(&o, "nostamp", "n", NULL);
	close_ok(&o, false);
	doc = manifest_of(f);
	assert_int_equal(json_integer_value(json_object_get(doc, "version")), 1);
	e = json_object_get(json_object_get(doc, "files"), "docs/a.md");
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(e, "stamp")),
	    "stamp-a");
	hash_sha256_hex("# A\n", 4, hex);
	assert_string_equal(json_string_value(json_object_get(e, "sha256")), hex);
	assert_int_equal(json_integer_value(json_object_get(e, "bytes")), 4);
	e = json_object_get(json_object_get(doc, "files"), "nostamp");
	assert_non_null(e);
	assert_null(json_object_get(e, "stamp"));
	json_decref(doc);
	assert_int_equal(stat_of(f, OUTDIR_MANIFEST).st_mode & 07777, 0644);
}

/* --- freshness -------------------------------------------------------- */

static void
test_fresh(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	char *path;

	open_ok(&o, f);
	/* Nothing is fresh without a manifest. */
	assert_false(outdir_fresh(&o, "a.txt", "s1"));
	write_ok(&o, "a.txt", "alpha", "s1");
	write_ok(&o, "b.txt", "beta", "s1");
	write_ok(&o, "c.txt", "gamma", "s1");
	write_ok(&o, "d.txt", "delta", NULL);
	close_ok(&o, false);

	open_ok(&o, f);
	assert_true(outdir_fresh(&o, "a.txt", "s1"));
	assert_int_equal(o.n_kept, 1);
	assert_false(outdir_fresh(&o, "a.txt", "s2"));
	assert_false(outdir_fresh(&o, "a.txt", NULL));
	assert_false(outdir_fresh(&o, "d.txt", "s1"));      /* no stamp */
	assert_false(outdir_fresh(&o, "nothere", "s1"));
	/* Removed by hand: not fresh. */
	path = in_root(f, "b.txt");
	unlink(path);
	free(path);
	assert_false(outdir_fresh(&o, "b.txt", "s1"));
	/* Edited by hand, same size or not: not fresh. */
	path = in_root(f, "c.txt");
	tu_write_file(path, "GAMMA");
	assert_false(outdir_fresh(&o, "c.txt", "s1"));
	tu_write_file(path, "gamma, longer");
	assert_false(outdir_fresh(&o, "c.txt", "s1"));
	free(path);
	assert_int_equal(o.n_kept, 1);
	close_ok(&o, false);
}

static void
test_corrupt_manifest(void **state)
{
	static const char *const bad[] = {
		"{", "[]", "{\"version\": 2, \"files\": {}}",
		"{\"version\": 1, \"files\": []}",
		"{\"version\": 1, \"files\": {\"a.txt\": {\"stamp\": \"s\"}}}",
		NULL
	};
	struct fx *f = *state;
	struct outdir o;
	char *path = in_root(f, OUTDIR_MANIFEST);
	size_t i;

	open_ok(&o, f);
	write_ok(&o, "a.txt", "alpha", "s");
	close_ok(&o, false);
	for (i = 0; bad[i] != NULL; i++) {
		tu_write_file(path, bad[i]);
		open_ok(&o, f);
		assert_false(outdir_fresh(&o, "a.txt", "s"));
		/* A prune with an unreadable manifest removes nothing. */
		close_ok(&o, true);
		assert_true(exists(f, "a.txt"));
	}
	free(path);
}

/* --- pruning ---------------------------------------------------------- */

static void
test_prune(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	char *path;
	json_t *doc;

	open_ok(&o, f);
	write_ok(&o, "keep.txt", "k", "s");
	write_ok(&o, "old/gone.txt", "g", "s");
	write_ok(&o, "old/mine.txt", "m", "s");
	write_ok(&o, "kept.txt", "kept", "s");
	close_ok(&o, false);
	/* Someone else's files in the tree. */
	path = in_root(f, "user.txt");
	tu_write_file(path, "theirs");
	free(path);
	/* A file herald wrote, edited by someone since. */
	path = in_root(f, "old/mine.txt");
	tu_write_file(path, "edited");
	free(path);

	/* Without prune, files not written this run stay, and stay known. */
	open_ok(&o, f);
	write_ok(&o, "keep.txt", "k", "s");
	close_ok(&o, false);
	assert_true(exists(f, "old/gone.txt"));
	doc = manifest_of(f);
	assert_non_null(json_object_get(json_object_get(doc, "files"),
	    "old/gone.txt"));
	json_decref(doc);

	/* With prune: herald's own old files go; the rest stays. */
	open_ok(&o, f);
	write_ok(&o, "keep.txt", "k", "s");
	assert_true(outdir_fresh(&o, "kept.txt", "s"));
	close_ok(&o, true);
	assert_true(exists(f, "keep.txt"));
	assert_true(exists(f, "kept.txt"));
	assert_false(exists(f, "old/gone.txt"));
	assert_true(exists(f, "user.txt"));
	expect_file(f, "old/mine.txt", "edited");
	doc = manifest_of(f);
	assert_null(json_object_get(json_object_get(doc, "files"),
	    "old/gone.txt"));
	assert_null(json_object_get(json_object_get(doc, "files"),
	    "old/mine.txt"));
	assert_non_null(json_object_get(json_object_get(doc, "files"),
	    "kept.txt"));
	json_decref(doc);

	/* An emptied folder goes too. */
	open_ok(&o, f);
	write_ok(&o, "deep/er/x.txt", "x", "s");
	close_ok(&o, false);
	open_ok(&o, f);
	close_ok(&o, true);
	assert_false(exists(f, "deep/er/x.txt"));
	assert_false(exists(f, "deep"));
	assert_true(exists(f, "user.txt"));
}

static void
test_hostile_manifest(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	char *victim = tu_path(f->dir, "victim.txt");
	char *path = in_root(f, OUTDIR_MANIFEST);
	char hex[HASH_HEX_SIZE], *text;

	open_ok(&o, f);
	close_ok(&o, false);
	tu_write_file(victim, "precious");
	hash_sha256_hex("precious", 8, hex);
	text = xasprintf("{\"version\": 1, \"files\": {"
	    "\"../victim.txt\": {\"sha256\": \"%s\", \"bytes\": 8},"
	    "\"%s\": {\"sha256\": \"%s\", \"bytes\": 8}}}", hex, victim, hex);
	tu_write_file(path, text);
	open_ok(&o, f);
	assert_false(outdir_fresh(&o, "../victim.txt", NULL));
	close_ok(&o, true);
	text = (free(text), tu_slurp(victim, &(size_t){ 0 }));
	assert_string_equal(text, "precious");
	free(text);
	free(path);
	free(victim);
}

/* --- things in the way ------------------------------------------------ */

static void
test_symlink_in_place(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	struct err err = { 0 };
	char *target = tu_path(f->dir, "target.txt"), *link, *got;

	open_ok(&o, f);
	write_ok(&o, "a.txt", "a", "s");
	close_ok(&o, false);
	tu_write_file(target, "not herald's");
	link = in_root(f, "a.txt");
	unlink(link);
	assert_int_equal(symlink(target, link), 0);
	open_ok(&o, f);
	assert_false(outdir_fresh(&o, "a.txt", "s"));
	assert_int_equal(outdir_write_str(&o, "a.txt", "new", "s2", &err),
	    ST_IO);
	assert_non_null(strstr(err.msg, link));
	assert_non_null(strstr(err.msg, "symbolic link"));
	/* Nor read through it. */
	assert_null(outdir_read(&o, "a.txt", &(size_t){ 0 }));
	/* Nor removed by a prune. */
	close_ok(&o, true);
	got = tu_slurp(target, &(size_t){ 0 });
	assert_string_equal(got, "not herald's");
	assert_true(exists(f, "a.txt"));
	free(got);
	free(link);
	free(target);
}

static void
test_directory_in_place(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	struct err err = { 0 };
	char *path;

	open_ok(&o, f);
	path = in_root(f, "page.html");
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(outdir_write_str(&o, "page.html", "x", NULL, &err),
	    ST_IO);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "directory"));
	free(path);
	/* A file where a folder should be. */
	write_ok(&o, "site", "a file", NULL);
	err_clear(&err);
	assert_int_equal(outdir_write_str(&o, "site/index.html", "x", NULL,
	    &err), ST_IO);
	assert_non_null(strstr(err.msg, "site"));
	assert_non_null(strstr(err.msg, "not a directory"));
	outdir_abandon(&o);
	expect_file(f, "site", "a file");
}

static void
test_unwritable(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	struct err err = { 0 };

	/* Root writes anywhere: tests/cli/export.sh checks this case as an
	 * unprivileged user. */
	if (geteuid() == 0)
		skip();
	open_ok(&o, f);
	write_ok(&o, "a.txt", "a", "s");
	close_ok(&o, false);
	assert_int_equal(chmod(f->root, 0555), 0);
	open_ok(&o, f);
	assert_int_equal(outdir_write_str(&o, "a.txt", "b", "s", &err), ST_IO);
	assert_non_null(strstr(err.msg, f->root));
	assert_non_null(strstr(err.msg, strerror(EACCES)));
	err_clear(&err);
	assert_int_equal(outdir_write_str(&o, "new/b.txt", "b", "s", &err),
	    ST_IO);
	assert_non_null(strstr(err.msg, strerror(EACCES)));
	/* Unchanged files are no reason to fail. */
	write_ok(&o, "a.txt", "a", "s");
	outdir_abandon(&o);
	expect_file(f, "a.txt", "a");
}

/* --- reading, single files -------------------------------------------- */

static void
test_read(void **state)
{
	struct fx *f = *state;
	struct outdir o;
	size_t len = 99;
	char *got;

	open_ok(&o, f);
	assert_null(outdir_read(&o, "changelog.md", &len));
	assert_int_equal(len, 0);
	assert_null(outdir_read(&o, "../etc", &len));
	write_ok(&o, "changelog.md", "# Changelog\n", "s");
	got = outdir_read(&o, "changelog.md", &len);
	assert_non_null(got);
	assert_int_equal(len, 12);
	assert_string_equal(got, "# Changelog\n");
	free(got);
	close_ok(&o, false);
}

static void
test_atomic_single(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };
	char *path = tu_path(f->dir, "one.txt"), *got;
	char *missing = tu_path(f->dir, "no/such/one.txt");

	assert_int_equal(outfile_write_atomic(path, "v1", 2, &err), ST_OK);
	assert_int_equal(outfile_write_atomic(path, "v2\n", 3, &err), ST_OK);
	got = tu_slurp(path, &(size_t){ 0 });
	assert_string_equal(got, "v2\n");
	free(got);
	assert_int_equal(outfile_write_atomic(missing, "x", 1, &err), ST_IO);
	assert_non_null(strstr(err.msg, "no/such"));
	assert_non_null(strstr(err.msg, strerror(ENOENT)));
	err_clear(&err);
	assert_int_equal(outfile_write_atomic(f->dir, "x", 1, &err), ST_IO);
	assert_non_null(strstr(err.msg, "directory"));
	assert_int_equal(outfile_write_atomic("", "x", 1, &err), ST_INVALID);
	assert_int_equal(count_prefix(f->dir, ".herald-tmp"), 0);
	free(missing);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_bad_paths),
		T(test_bad_root),
		T(test_write_new),
		T(test_unchanged_not_rewritten),
		T(test_manifest_unchanged_run),
		T(test_binary_and_hostile_bytes),
		T(test_null_data),
		T(test_manifest_contents),
		T(test_fresh),
		T(test_corrupt_manifest),
		T(test_prune),
		T(test_hostile_manifest),
		T(test_symlink_in_place),
		T(test_directory_in_place),
		T(test_unwritable),
		T(test_read),
		T(test_atomic_single),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
