/* tests/unit/test_sign.c - OpenPGP signatures through gpgme: refusals
 * first, then detached and clear signatures checked by GnuPG itself, the
 * public key checked in a keyring of its own, and a key that needs a
 * passphrase failing at once instead of waiting for a pinentry. Each test
 * group has a GnuPG home under a short /tmp path (the agent's socket path
 * is limited in length), with a fresh key that has no passphrase. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gpgme.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/sign.h"
#include "testutil.h"
#include "util/xalloc.h"

struct fx {
	char  home[32];        /* GNUPGHOME: /tmp/hg.XXXXXX */
	char  other[32];       /* a second home, for the public key alone */
	char *fpr;             /* the key without a passphrase */
};

/* A new GnuPG home under /tmp, private as gpg wants it. */
static void
home_new(char *buf, size_t n)
{
	snprintf(buf, n, "/tmp/hg.XXXXXX");
	assert_non_null(mkdtemp(buf));
	assert_int_equal(chmod(buf, 0700), 0);
}

/* Stop the agent of HOME (started by these tests) and remove HOME. */
static void
home_free(const char *home)
{
	char *cmd;

	if (home[0] == '\0')
		return;
	cmd = xasprintf("GNUPGHOME='%s' gpgconf --kill gpg-agent "
	    ">/dev/null 2>&1; rm -rf '%s'", home, home);
	if (system(cmd) != 0)
		print_message("could not remove %s\n", home);
	free(cmd);
}

static gpgme_ctx_t
ctx_new(void)
{
	gpgme_ctx_t ctx;

	gpgme_check_version(NULL);
	assert_int_equal(gpgme_new(&ctx), 0);
	assert_int_equal(gpgme_set_protocol(ctx, GPGME_PROTOCOL_OpenPGP), 0);
	return ctx;
}

static gpgme_error_t
passphrase_cb(void *hook, const char *uid_hint, const char *info,
    int prev_was_bad, int fd)
{
	static const char pw[] = "correct horse\n";

	(void)hook; (void)uid_hint; (void)info; (void)prev_was_bad;
	return gpgme_io_writen(fd, pw, sizeof pw - 1) == 0 ? 0 :
	    gpg_error(GPG_ERR_CANCELED);
}

/* A new signing key for USERID in the current home: without a passphrase,
 * or with one (given through a loopback callback). Its fingerprint. */
static char *
key_new(const char *userid, bool has_passphrase)
{
	gpgme_ctx_t ctx = ctx_new();
	gpgme_genkey_result_t r;
	gpgme_error_t e;
	char *fpr;

	if (has_passphrase) {
		gpgme_set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_LOOPBACK);
		gpgme_set_passphrase_cb(ctx, passphrase_cb, NULL);
	}
	e = gpgme_op_createkey(ctx, userid, "ed25519", 0, 0, NULL,
	    GPGME_CREATE_SIGN | GPGME_CREATE_NOEXPIRE |
	    (has_passphrase ? 0 : GPGME_CREATE_NOPASSWD));
	if (e != 0)
		fail_msg("createkey: %s", gpgme_strerror(e));
	r = gpgme_op_genkey_result(ctx);
	assert_non_null(r);
	assert_non_null(r->fpr);
	fpr = xstrdup(r->fpr);
	gpgme_release(ctx);
	return fpr;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	home_new(f->home, sizeof f->home);
	setenv("GNUPGHOME", f->home, 1);
	f->fpr = key_new("Herald Test <signing@example.invalid>", false);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	home_free(f->home);
	home_free(f->other);
	unsetenv("GNUPGHOME");
	free(f->fpr);
	free(f);
	return 0;
}

/* Verify SIG over DATA (detached) or the clear-signed SIG (DATA NULL) in
 * the current home: the status of its one signature, and its key's
 * fingerprint in FPR (of 80 bytes). With CLEAR, the signed text is
 * compared with WANT. */
static gpgme_error_t
verify(const char *sig, size_t sig_len, const void *data, size_t len,
    const char *want, char *fpr)
{
	gpgme_ctx_t ctx = ctx_new();
	gpgme_data_t s, d = NULL, plain = NULL;
	gpgme_verify_result_t r;
	gpgme_error_t e, status;
	size_t n;
	char *text;

	assert_int_equal(gpgme_data_new_from_mem(&s, sig, sig_len, 0), 0);
	if (data != NULL)
		assert_int_equal(gpgme_data_new_from_mem(&d, data, len, 0), 0);
	else
		assert_int_equal(gpgme_data_new(&plain), 0);
	e = gpgme_op_verify(ctx, s, d, plain);
	if (e != 0) {
		status = e;
		fpr[0] = '\0';
	} else {
		r = gpgme_op_verify_result(ctx);
		assert_non_null(r->signatures);
		assert_null(r->signatures->next);
		status = r->signatures->status;
		snprintf(fpr, 80, "%s", r->signatures->fpr);
	}
	if (plain != NULL) {
		text = gpgme_data_release_and_get_mem(plain, &n);
		if (e == 0 && want != NULL) {
			assert_int_equal(n, strlen(want));
			assert_memory_equal(text, want, n);
		}
		gpgme_free(text);
	}
	gpgme_data_release(s);
	gpgme_data_release(d);
	gpgme_release(ctx);
	return status;
}

static void
refusals(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };
	char *out = (char *)1, fpr40[41];
	size_t len = 1;

	assert_int_equal(sign_data(NULL, SIGN_DETACHED, "x", 1, &out, &len,
	    &err), ST_INVALID);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_non_null(strstr(err.msg, "signing.key"));
	assert_int_equal(sign_data("", SIGN_DETACHED, "x", 1, &out, &len,
	    &err), ST_INVALID);
	assert_int_equal(sign_data("not a fingerprint", SIGN_DETACHED, "x",
	    1, &out, &len, &err), ST_INVALID);
	snprintf(fpr40, sizeof fpr40, "%.39s", f->fpr);
	assert_int_equal(sign_data(fpr40, SIGN_DETACHED, "x", 1, &out, &len,
	    &err), ST_INVALID);
	/* Well formed but absent: not found, naming it. */
	memset(fpr40, 'A', 40);
	fpr40[40] = '\0';
	assert_int_equal(sign_data(fpr40, SIGN_DETACHED, "x", 1, &out, &len,
	    &err), ST_NOTFOUND);
	assert_null(out);
	assert_non_null(strstr(err.msg, fpr40));
	assert_int_equal(sign_public_key(fpr40, &out, &len, &err),
	    ST_NOTFOUND);
	assert_non_null(strstr(err.msg, fpr40));
	assert_int_equal(sign_public_key("xyz", &out, &len, &err),
	    ST_INVALID);
	assert_null(out);
	assert_int_equal(sign_data(f->fpr, SIGN_DETACHED, NULL, 3, &out, &len,
	    &err), ST_INVALID);
}

static void
detached(void **state)
{
	static const char doc[] = "{\"document\": {\"title\": \"\xf0\x9f\x94\xa5"
	    " ]]> <x>\"}}\n";
	struct fx *f = *state;
	struct err err = { 0 };
	char *sig = NULL, fpr[80], *tampered, *lower;
	size_t len = 0, i;

	if (sign_data(f->fpr, SIGN_DETACHED, doc, sizeof doc - 1, &sig, &len,
	    &err) != ST_OK)
		fail_msg("sign: %s", err.msg);
	assert_int_equal(len, strlen(sig));
	assert_non_null(strstr(sig, "-----BEGIN PGP SIGNATURE-----"));
	assert_null(strstr(sig, "title"));
	assert_int_equal(verify(sig, len, doc, sizeof doc - 1, NULL, fpr), 0);
	assert_string_equal(fpr, f->fpr);
	/* One byte changed, and the signature no longer holds. */
	tampered = xstrdup(doc);
	tampered[5] ^= 1;
	assert_int_not_equal(verify(sig, len, tampered, sizeof doc - 1, NULL,
	    fpr), 0);
	free(tampered);
	free(sig);

	/* The fingerprint in lower case; binary data with NULs; nothing. */
	lower = xstrdup(f->fpr);
	for (i = 0; lower[i] != '\0'; i++)
		if (lower[i] >= 'A' && lower[i] <= 'F')
			lower[i] = (char)(lower[i] - 'A' + 'a');
	assert_int_equal(sign_data(lower, SIGN_DETACHED, "a\0b\0", 4, &sig,
	    &len, &err), ST_OK);
	assert_int_equal(verify(sig, len, "a\0b\0", 4, NULL, fpr), 0);
	free(sig);
	assert_int_equal(sign_data(lower, SIGN_DETACHED, "", 0, &sig, &len,
	    &err), ST_OK);
	assert_int_equal(verify(sig, len, "", 0, NULL, fpr), 0);
	free(sig);
	free(lower);
}

static void
clear(void **state)
{
	static const char txt[] = "Contact: mailto:security@example.invalid\n"
	    "Expires: 2027-03-01T12:00:00Z\n"
	    "- a line starting with a dash\n";
	struct fx *f = *state;
	struct err err = { 0 };
	char *sig = NULL, fpr[80];
	size_t len = 0;

	if (sign_data(f->fpr, SIGN_CLEAR, txt, sizeof txt - 1, &sig, &len,
	    &err) != ST_OK)
		fail_msg("sign: %s", err.msg);
	assert_int_equal(strncmp(sig, "-----BEGIN PGP SIGNED MESSAGE-----\n",
	    35), 0);
	assert_non_null(strstr(sig, "Contact: mailto:security@example.invalid"));
	/* Dash-escaped, as RFC 4880 says. */
	assert_non_null(strstr(sig, "- - a line starting with a dash"));
	assert_non_null(strstr(sig, "-----BEGIN PGP SIGNATURE-----"));
	assert_int_equal(verify(sig, len, NULL, 0, txt, fpr), 0);
	assert_string_equal(fpr, f->fpr);
	free(sig);
}

/* What readers fetch: the public key alone verifies the signature in a
 * keyring that has never seen the secret key. */
static void
public_key(void **state)
{
	static const char doc[] = "signed bytes\n";
	struct fx *f = *state;
	struct err err = { 0 };
	char *key = NULL, *again = NULL, *sig = NULL, fpr[80];
	size_t len = 0, len2 = 0, slen = 0;
	gpgme_ctx_t ctx;
	gpgme_data_t d;
	gpgme_import_result_t r;

	if (sign_public_key(f->fpr, &key, &len, &err) != ST_OK)
		fail_msg("export: %s", err.msg);
	assert_int_equal(strncmp(key, "-----BEGIN PGP PUBLIC KEY BLOCK-----",
	    36), 0);
	assert_null(strstr(key, "PRIVATE"));
	/* The same bytes each time: an export rewrites nothing. */
	assert_int_equal(sign_public_key(f->fpr, &again, &len2, &err), ST_OK);
	assert_int_equal(len, len2);
	assert_memory_equal(key, again, len);
	assert_int_equal(sign_data(f->fpr, SIGN_DETACHED, doc, sizeof doc - 1,
	    &sig, &slen, &err), ST_OK);

	home_new(f->other, sizeof f->other);
	setenv("GNUPGHOME", f->other, 1);
	ctx = ctx_new();
	assert_int_equal(gpgme_data_new_from_mem(&d, key, len, 0), 0);
	assert_int_equal(gpgme_op_import(ctx, d), 0);
	r = gpgme_op_import_result(ctx);
	assert_int_equal(r->imported, 1);
	assert_int_equal(r->secret_imported, 0);
	gpgme_data_release(d);
	gpgme_release(ctx);
	assert_int_equal(verify(sig, slen, doc, sizeof doc - 1, NULL, fpr), 0);
	assert_string_equal(fpr, f->fpr);
	/* No secret key here: signing is not found, naming the key. */
	{
		char *none = (char *)1;
		size_t nlen = 1;

		assert_int_equal(sign_data(f->fpr, SIGN_DETACHED, doc, 3,
		    &none, &nlen, &err), ST_NOTFOUND);
		assert_null(none);
		assert_non_null(strstr(err.msg, f->fpr));
		assert_non_null(strstr(err.msg, "secret"));
	}
	setenv("GNUPGHOME", f->home, 1);
	free(key);
	free(again);
	free(sig);
}

/* A key that needs a passphrase fails at once: no pinentry is asked. */
static void
passphrase(void **state)
{
	struct fx *f = *state;
	struct err err = { 0 };
	char *fpr, *sig = NULL, *cmd;
	size_t len = 0;

	(void)f;
	fpr = key_new("Locked <locked@example.invalid>", true);
	/* Forget the passphrase the agent cached while making the key. */
	cmd = xasprintf("GNUPGHOME='%s' gpgconf --kill gpg-agent", f->home);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(sign_data(fpr, SIGN_DETACHED, "x", 1, &sig, &len,
	    &err), ST_INVALID);
	assert_null(sig);
	assert_non_null(strstr(err.msg, fpr));
	assert_non_null(strstr(err.msg, "passphrase"));
	free(fpr);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refusals),
		cmocka_unit_test(detached),
		cmocka_unit_test(clear),
		cmocka_unit_test(public_key),
		cmocka_unit_test(passphrase),
	};

	if (system("command -v gpg >/dev/null 2>&1") != 0) {
		print_message("gpg is not installed\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
