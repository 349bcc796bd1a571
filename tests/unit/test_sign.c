/* tests/unit/test_sign.c - OpenPGP signatures through gpgme: refusals
 * first, then detached and clear signatures checked by GnuPG itself, the
 * public key checked in a keyring of its own, and a key that needs a
 * passphrase failing at once instead of waiting for a pinentry. Then
 * approvers' keys (herald user key), their signatures over decisions and
 * the checks herald audit verify makes of them. Each test group has a
 * GnuPG home under a short /tmp path (the agent's socket path is limited
 * in length), with fresh keys that have no passphrase. */
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

#include "core/approval_sign.h"
#include "core/audit.h"
#include "core/hash.h"
#include "core/sign.h"
#include "core/user.h"
#include "storage/q_approval.h"
#include "testutil.h"
#include "util/xalloc.h"

/* A test group's two GnuPG homes. */
struct homes {
	char home[32];         /* GNUPGHOME: /tmp/hg.XXXXXX, the secret keys */
	char bare[32];         /* a home without keys, until a test imports */
};

struct fx {
	struct homes g;
	char        *fpr;      /* the key without a passphrase */
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

/* G's two homes made, the first one GNUPGHOME. */
static void
homes_new(struct homes *g)
{
	home_new(g->home, sizeof g->home);
	home_new(g->bare, sizeof g->bare);
	setenv("GNUPGHOME", g->home, 1);
}

static void
homes_free(struct homes *g)
{
	home_free(g->home);
	home_free(g->bare);
	unsetenv("GNUPGHOME");
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
	struct fx *f = xcalloc(1, sizeof *f);

	homes_new(&f->g);
	f->fpr = key_new("Herald Test <signing@example.invalid>", false);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	homes_free(&f->g);
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

	setenv("GNUPGHOME", f->g.bare, 1);
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
	setenv("GNUPGHOME", f->g.home, 1);
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
	cmd = xasprintf("GNUPGHOME='%s' gpgconf --kill gpg-agent", f->g.home);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(sign_data(fpr, SIGN_DETACHED, "x", 1, &sig, &len,
	    &err), ST_INVALID);
	assert_null(sig);
	assert_non_null(strstr(err.msg, fpr));
	assert_non_null(strstr(err.msg, "passphrase"));
	free(fpr);
}

/* ---- approvers' keys and signed decisions ---- */

#define CHASH TU_HASH
#define CHASH2 "f123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct afx {
	struct homes    g;          /* g.bare: no keys at all */
	char           *lee_fpr;    /* lee's key */
	char           *other_fpr;  /* someone else's key, same home */
	char           *cert_fpr;   /* a certify-only primary key... */
	char           *sub_fpr;    /* ...and its signing subkey */
	struct session *s;          /* ada: admin */
	struct session *lee;        /* approver:legal */
	struct session *sam;        /* author */
	struct session *pat;        /* approver:pr */
	char           *dir;
	long long       comm;
};

/* A certify-only key with a signing subkey; the subkey's fingerprint in
 * *SUB. */
static char *
key_new_with_subkey(const char *userid, char **sub)
{
	gpgme_ctx_t ctx = ctx_new();
	gpgme_key_t key;
	gpgme_subkey_t k;
	gpgme_error_t e;
	char *fpr;

	e = gpgme_op_createkey(ctx, userid, "ed25519", 0, 0, NULL,
	    GPGME_CREATE_CERT | GPGME_CREATE_NOEXPIRE | GPGME_CREATE_NOPASSWD);
	if (e != 0)
		fail_msg("createkey: %s", gpgme_strerror(e));
	fpr = xstrdup(gpgme_op_genkey_result(ctx)->fpr);
	assert_int_equal(gpgme_get_key(ctx, fpr, &key, 1), 0);
	e = gpgme_op_createsubkey(ctx, key, "ed25519", 0, 0,
	    GPGME_CREATE_SIGN | GPGME_CREATE_NOEXPIRE | GPGME_CREATE_NOPASSWD);
	if (e != 0)
		fail_msg("createsubkey: %s", gpgme_strerror(e));
	gpgme_key_unref(key);
	assert_int_equal(gpgme_get_key(ctx, fpr, &key, 0), 0);
	for (k = key->subkeys; k != NULL && k->next != NULL; k = k->next)
		;
	assert_non_null(k);
	assert_string_not_equal(k->fpr, fpr);
	*sub = xstrdup(k->fpr);
	gpgme_key_unref(key);
	gpgme_release(ctx);
	return fpr;
}

static int
asetup(void **state)
{
	struct afx *f = xcalloc(1, sizeof *f);

	homes_new(&f->g);
	f->lee_fpr = key_new("Lee Legal <lee@example.invalid>", false);
	f->other_fpr = key_new("Mallory <mallory@example.invalid>", false);
	f->cert_fpr = key_new_with_subkey("Pat PR <pat@example.invalid>",
	    &f->sub_fpr);
	f->s = tu_session_new(&f->dir);
	tu_add_user(f->s, "lee", "approver:legal", NULL);
	tu_add_user(f->s, "sam", "author", NULL);
	tu_add_user(f->s, "pat", "approver:pr", NULL);
	f->lee = tu_open_as(f->dir, "lee");
	f->sam = tu_open_as(f->dir, "sam");
	f->pat = tu_open_as(f->dir, "pat");
	f->comm = tu_advisory_new(f->s);
	*state = f;
	return 0;
}

static int
ateardown(void **state)
{
	struct afx *f = *state;

	session_close(&f->lee);
	session_close(&f->sam);
	session_close(&f->pat);
	tu_session_free(&f->s, &f->dir);
	homes_free(&f->g);
	free(f->lee_fpr);
	free(f->other_fpr);
	free(f->cert_fpr);
	free(f->sub_fpr);
	free(f);
	return 0;
}

/* LOGIN's signing key as stored, or NULL; caller frees. */
static char *
key_of(struct afx *f, const char *login)
{
	struct user u = { 0 };
	struct err err = { 0 };
	char *k;

	assert_int_equal(user_get(f->s, login, &u, &err), ST_OK);
	k = xstrdup_or_null(u.signing_key);
	user_clear(&u);
	return k;
}

static void
expect_key(struct afx *f, const char *login, const char *want)
{
	char *k = key_of(f, login);

	if (want == NULL)
		assert_null(k);
	else
		assert_string_equal(k, want);
	free(k);
}

/* FPR in lower case, with a space every four digits. */
static char *
spaced_lower(const char *fpr)
{
	char *out = xmalloc(strlen(fpr) * 2 + 1);
	size_t i, k = 0;

	for (i = 0; fpr[i] != '\0'; i++) {
		if (i > 0 && i % 4 == 0)
			out[k++] = ' ';
		out[k++] = (char)(fpr[i] >= 'A' && fpr[i] <= 'F' ?
		    fpr[i] - 'A' + 'a' : fpr[i]);
	}
	out[k] = '\0';
	return out;
}

static void
user_key_rules(void **state)
{
	static const char absent[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	struct afx *f = *state;
	struct err err = { 0 };
	long long before;
	char *loose, *detail, *want;

	/* Approvers set their own key, as GnuPG prints it or not. */
	loose = spaced_lower(f->lee_fpr);
	if (user_set_key(f->lee, "lee", loose, &err) != ST_OK)
		fail_msg("set key: %s", err.msg);
	free(loose);
	expect_key(f, "lee", f->lee_fpr);
	want = xasprintf("{\"key\":\"%s\"}", f->lee_fpr);
	tu_expect_audit(f->s, f->lee->actor, "user.key", NULL, want);
	free(want);

	/* Refusals change nothing. */
	before = tu_audit_count(f->s);
	assert_int_equal(user_set_key(f->lee, "lee", absent, &err),
	    ST_NOTFOUND);
	assert_non_null(strstr(err.msg, absent));
	assert_non_null(strstr(err.msg, "secret"));
	assert_int_equal(user_set_key(f->lee, "lee", "12ab", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "40 or 64 hex digits"));
	assert_int_equal(user_set_key(f->lee, "lee", "Z" "AAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAA", &err), ST_INVALID);
	assert_int_equal(user_set_key(f->lee, "pat", f->other_fpr, &err),
	    ST_DENIED);
	assert_non_null(strstr(err.msg, "another user's"));
	assert_int_equal(user_set_key(f->sam, "sam", f->other_fpr, &err),
	    ST_DENIED);
	assert_non_null(strstr(err.msg, "sam cannot set a signing key"));
	assert_int_equal(user_set_key(f->s, "nobody", f->other_fpr, &err),
	    ST_NOTFOUND);
	assert_int_equal(tu_audit_count(f->s), before);
	expect_key(f, "lee", f->lee_fpr);
	expect_key(f, "pat", NULL);

	/* An admin sets anyone's: that key is in its owner's GnuPG. */
	assert_int_equal(user_set_key(f->s, "sam", absent, &err), ST_OK);
	expect_key(f, "sam", absent);

	/* A subkey named by its owner stands for its primary key. */
	assert_int_equal(user_set_key(f->pat, "pat", f->sub_fpr, &err), ST_OK);
	expect_key(f, "pat", f->cert_fpr);

	/* --none: sign no more. */
	assert_int_equal(user_set_key(f->lee, "lee", NULL, &err), ST_OK);
	expect_key(f, "lee", NULL);
	detail = tu_last_audit_detail(f->s);
	assert_string_equal(detail, "{\"key\":null}");
	free(detail);
	tu_expect_chain_ok(f->s);
}

/* A decision of S on F's communication, filled as approval_decide()
 * fills it before signing; borrowed strings. */
static struct approval
decision_of(struct afx *f, struct session *s, const char *gate)
{
	struct approval a = {
		.communication_id = f->comm, .revision = 1, .gate = (char *)gate,
		.approver_id = s->user.id, .role = (char *)"approver:legal",
		.decision = (char *)"approved", .comment = (char *)"",
		.content_hash = (char *)CHASH,
		.snapshot = (char *)"{\"summary\":\"Patch now\"}",
		.decided_at = (char *)"2026-03-01T12:00:00Z", .canon_version = 1,
	};

	return a;
}

static void
unsign(struct approval *a)
{
	free(a->signer);
	free(a->signature);
	a->signer = a->signature = NULL;
}

static void
sign_and_check(void **state)
{
	struct afx *f = *state;
	struct approval a = decision_of(f, f->lee, "legal");
	struct err err = { 0 };
	char why[256], *sig, *other = NULL;
	size_t len;

	/* No key: nothing signed, and that is fine. */
	assert_int_equal(approval_sign(f->lee, &a, &err), ST_OK);
	assert_null(a.signer);
	assert_null(a.signature);
	assert_int_equal(approval_check_signature(&a, why, sizeof why, &err),
	    ST_NOTFOUND);

	assert_int_equal(user_set_key(f->lee, "lee", f->lee_fpr, &err), ST_OK);
	if (approval_sign(f->lee, &a, &err) != ST_OK)
		fail_msg("sign: %s", err.msg);
	assert_string_equal(a.signer, f->lee_fpr);
	assert_non_null(strstr(a.signature, "-----BEGIN PGP SIGNATURE-----"));
	assert_int_equal(approval_check_signature(&a, why, sizeof why, &err),
	    ST_OK);
	assert_string_equal(why, "good signature");

	/* The statement names every part of the decision. */
	a.decision = (char *)"rejected";
	assert_int_equal(approval_check_signature(&a, why, sizeof why, &err),
	    ST_TAMPERED);
	assert_non_null(strstr(why, "does not match"));
	assert_non_null(strstr(err.msg, "approval 0: "));
	a.decision = (char *)"approved";
	a.content_hash = (char *)CHASH2;
	assert_int_equal(approval_check_signature(&a, why, sizeof why, &err),
	    ST_TAMPERED);
	a.content_hash = (char *)CHASH;
	a.gate = (char *)"pr";
	assert_int_equal(approval_check_signature(&a, why, sizeof why, &err),
	    ST_TAMPERED);
	a.gate = (char *)"legal";
	assert_int_equal(approval_check_signature(&a, why, sizeof why, &err),
	    ST_OK);

	/* A good signature by another key is not the approver's. */
	sig = approval_statement(&a);
	assert_int_equal(sign_data(f->other_fpr, SIGN_DETACHED, sig,
	    strlen(sig), &other, &len, &err), ST_OK);
	free(sig);
	free(a.signature);
	a.signature = other;
	assert_int_equal(approval_check_signature(&a, why, sizeof why, &err),
	    ST_TAMPERED);
	assert_non_null(strstr(why, f->other_fpr));
	assert_non_null(strstr(why, "not by the approver's key"));
	free(a.signature);
	a.signature = xstrdup("-----BEGIN PGP SIGNATURE-----\n\nnonsense\n"
	    "-----END PGP SIGNATURE-----\n");
	assert_int_equal(approval_check_signature(&a, why, sizeof why, &err),
	    ST_TAMPERED);
	unsign(&a);

	/* Signed again; GnuPG without the public key cannot tell. */
	assert_int_equal(approval_sign(f->lee, &a, &err), ST_OK);
	setenv("GNUPGHOME", f->g.bare, 1);
	assert_int_equal(approval_check_signature(&a, why, sizeof why, &err),
	    ST_NOTFOUND);
	assert_non_null(strstr(why, f->lee_fpr));
	assert_non_null(strstr(why, "import"));
	setenv("GNUPGHOME", f->g.home, 1);
	unsign(&a);

	/* A key with a signing subkey: the subkey signs, for its primary. */
	assert_int_equal(user_set_key(f->pat, "pat", f->cert_fpr, &err), ST_OK);
	a = decision_of(f, f->pat, "pr");
	if (approval_sign(f->pat, &a, &err) != ST_OK)
		fail_msg("sign with a subkey: %s", err.msg);
	assert_string_equal(a.signer, f->cert_fpr);
	assert_int_equal(approval_check_signature(&a, why, sizeof why, &err),
	    ST_OK);
	unsign(&a);

	/* A key named but unusable: no decision behind the approver's back. */
	assert_int_equal(user_set_key(f->s, "pat", "BBBBBBBBBBBBBBBBBBBBBBBB"
	    "BBBBBBBBBBBBBBBB", &err), ST_OK);
	assert_int_equal(approval_sign(f->pat, &a, &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"));
	assert_non_null(strstr(err.msg, "not recorded"));
	assert_non_null(strstr(err.msg, "herald user key pat --none"));
	assert_null(a.signer);
	assert_null(a.signature);
}

/* Record A as herald does: the row, then its audit row with the digest.
 * Returns its id. */
static long long
record(struct afx *f, struct session *s, struct approval *a)
{
	struct err err = { 0 };
	char hex[HASH_HEX_SIZE];

	assert_int_equal(db_begin(s->db, &err), ST_OK);
	assert_int_equal(q_approval_insert(s->db, a, &err), ST_OK);
	approval_row_digest(a, hex);
	assert_int_equal(audit_record(s->db, s->actor, "approval.record",
	    "communication", f->comm, &err, "{s:I, s:s}", "approval",
	    (json_int_t)a->id, "row", hex), ST_OK);
	assert_int_equal(db_end(s->db, ST_OK, &err), ST_OK);
	return a->id;
}

static void
verify_signed_approvals(void **state)
{
	struct afx *f = *state;
	struct approval a = decision_of(f, f->lee, "legal");
	struct audit_report rep;
	struct err err = { 0 };
	char *want;

	assert_int_equal(user_set_key(f->lee, "lee", f->lee_fpr, &err), ST_OK);
	assert_int_equal(approval_sign(f->lee, &a, &err), ST_OK);
	record(f, f->lee, &a);
	unsign(&a);
	if (audit_verify(f->s->db, NULL, &rep, &err) != ST_OK)
		fail_msg("verify: %s", err.msg);
	assert_int_equal(rep.approvals, 1);
	assert_int_equal(rep.signatures, 1);

	/* Without the public key: a failure that says what to do. */
	setenv("GNUPGHOME", f->g.bare, 1);
	assert_int_equal(audit_verify(f->s->db, NULL, &rep, &err), ST_NOTFOUND);
	assert_int_equal(rep.n_findings, 1);
	assert_string_equal(rep.findings[0].kind, "no-key");
	assert_non_null(strstr(err.msg, "import the approver's public key"));
	setenv("GNUPGHOME", f->g.home, 1);

	/* Recorded with a signature over another statement: the chain holds
	 * it as recorded, the signature is bad. */
	a = decision_of(f, f->lee, "legal");
	a.decided_at = (char *)"2026-03-01T11:00:00Z";
	assert_int_equal(approval_sign(f->lee, &a, &err), ST_OK);
	a.decided_at = (char *)"2026-03-01T12:00:00Z";
	record(f, f->lee, &a);
	unsign(&a);
	assert_int_equal(audit_verify(f->s->db, NULL, &rep, &err), ST_TAMPERED);
	assert_int_equal(rep.signatures, 1);
	assert_int_equal(rep.n_findings, 1);
	assert_string_equal(rep.findings[0].kind, "signature");
	want = xasprintf("approval 2: bad signature by %s", f->lee_fpr);
	assert_non_null(strstr(err.msg, want));
	free(want);

	/* The signature text edited in the row: the row digest shows it. */
	tu_sql_exec(session_path(f->s), "UPDATE approvals SET signature ="
	    " signature || 'x' WHERE id = 1");
	assert_int_equal(audit_verify(f->s->db, NULL, &rep, &err), ST_TAMPERED);
	assert_int_equal(rep.n_findings, 2);
	assert_string_equal(rep.findings[0].kind, "edited");
	assert_non_null(strstr(err.msg, "approval 1: edited after it was "
	    "recorded"));
	assert_non_null(strstr(err.msg, "and 1 more problem with approvals"));

	/* Tampering is named before a key GnuPG lacks, whatever the order. */
	tu_sql_exec(session_path(f->s), "UPDATE approvals SET signature ="
	    " substr(signature, 1, length(signature) - 1) WHERE id = 1;"
	    " UPDATE approvals SET comment = 'ok' WHERE id = 2");
	setenv("GNUPGHOME", f->g.bare, 1);
	assert_int_equal(audit_verify(f->s->db, NULL, &rep, &err), ST_TAMPERED);
	setenv("GNUPGHOME", f->g.home, 1);
	assert_int_equal(rep.n_findings, 2);
	assert_int_equal(rep.n_tampered, 1);
	assert_string_equal(rep.findings[0].kind, "no-key");
	assert_string_equal(rep.findings[1].kind, "edited");
	assert_int_equal(strncmp(err.msg, "approval 2: edited", 18), 0);
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

	const struct CMUnitTest approvals[] = {
		cmocka_unit_test_setup_teardown(user_key_rules, asetup, ateardown),
		cmocka_unit_test_setup_teardown(sign_and_check, asetup, ateardown),
		cmocka_unit_test_setup_teardown(verify_signed_approvals, asetup,
		    ateardown),
	};
	int failed;

	if (system("command -v gpg >/dev/null 2>&1") != 0) {
		print_message("gpg is not installed\n");
		return 77;
	}
	failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed + cmocka_run_group_tests(approvals, NULL, NULL);
}
