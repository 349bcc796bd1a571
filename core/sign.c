/* core/sign.c - OpenPGP signatures through gpgme, for unattended runs:
 * the key is found by its fingerprint in GnuPG's home, pinentry is never
 * asked (a key that needs a passphrase fails at once instead of waiting
 * for a person), and the output is ASCII-armored. */
#include "config.h"

#include "core/sign.h"

#include <ctype.h>
#include <gpgme.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* gpgme wants its version checked once before any other call. */
static bool
engine_ready(struct err *err)
{
	static bool is_ready;
	gpgme_error_t e;

	if (is_ready)
		return true;
	if (gpgme_check_version(NULL) == NULL) {
		err_set(err, ST_INTERNAL, "OpenPGP: gpgme could not start");
		return false;
	}
	if ((e = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP)) != 0) {
		err_set(err, ST_INTERNAL, "OpenPGP: no usable GnuPG (gpg) "
		    "found: %s", gpgme_strerror(e));
		return false;
	}
	is_ready = true;
	return true;
}

/* Whether FPR looks like a fingerprint: 40 or 64 hex digits. */
static bool
fingerprint_ok(const char *fpr)
{
	size_t i, n;

	if (fpr == NULL)
		return false;
	n = strlen(fpr);
	if (n != 40 && n != 64)
		return false;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)fpr[i]))
			return false;
	return true;
}

/* A context for OpenPGP, armored, that never asks for a passphrase. */
static enum status
context_new(gpgme_ctx_t *ctx, struct err *err)
{
	gpgme_error_t e;

	*ctx = NULL;
	if (!engine_ready(err))
		return ST_INTERNAL;
	if ((e = gpgme_new(ctx)) != 0)
		return err_set(err, ST_INTERNAL, "OpenPGP: %s",
		    gpgme_strerror(e));
	gpgme_set_armor(*ctx, 1);
	if ((e = gpgme_set_protocol(*ctx, GPGME_PROTOCOL_OpenPGP)) != 0 ||
	    (e = gpgme_set_pinentry_mode(*ctx,
	    GPGME_PINENTRY_MODE_CANCEL)) != 0) {
		gpgme_release(*ctx);
		*ctx = NULL;
		return err_set(err, ST_INTERNAL, "OpenPGP: %s",
		    gpgme_strerror(e));
	}
	return ST_OK;
}

/*
 * The key FPR of CTX's keyring: with IS_SECRET its secret key, which
 * must be able to sign. ST_NOTFOUND naming FPR when there is none. WHAT
 * names the setting in messages ("signing.key").
 */
static enum status
key_get(gpgme_ctx_t ctx, const char *what, const char *fpr, bool is_secret,
    gpgme_key_t *key, struct err *err)
{
	gpgme_error_t e;

	*key = NULL;
	if (!fingerprint_ok(fpr))
		return err_set(err, ST_INVALID, "%s: \"%.80s\" is not "
		    "an OpenPGP fingerprint (40 or 64 hex digits)", what,
		    fpr != NULL ? fpr : "");
	e = gpgme_get_key(ctx, fpr, key, is_secret);
	if (gpg_err_code(e) == GPG_ERR_EOF || (e == 0 && *key == NULL))
		return err_set(err, ST_NOTFOUND, "%s: GnuPG has no %s "
		    "key %s (GNUPGHOME=%s)", what, is_secret ? "secret" :
		    "public", fpr, getenv("GNUPGHOME") != NULL ?
		    getenv("GNUPGHOME") : "~/.gnupg");
	if (e != 0)
		return err_set(err, ST_IO, "%s %s: %s", what, fpr,
		    gpgme_strerror(e));
	if (is_secret && ((*key)->revoked || (*key)->expired ||
	    (*key)->disabled || (*key)->invalid || !(*key)->can_sign)) {
		err_set(err, ST_INVALID, "%s %s: the key cannot sign "
		    "(%s)", what, fpr, (*key)->revoked ? "revoked" :
		    (*key)->expired ? "expired" : (*key)->disabled ?
		    "disabled" : "no signing capability");
		gpgme_key_unref(*key);
		*key = NULL;
		return ST_INVALID;
	}
	return ST_OK;
}

/* The bytes of DATA (released) as an allocated string in *OUT. */
static void
take(gpgme_data_t data, char **out, size_t *out_len)
{
	size_t n = 0;
	char *buf = gpgme_data_release_and_get_mem(data, &n);

	*out = xmalloc(n + 1);
	if (n > 0)
		memcpy(*out, buf, n);
	(*out)[n] = '\0';
	*out_len = n;
	gpgme_free(buf);
}

enum status
sign_data(const char *fingerprint, enum sign_mode mode, const void *data,
    size_t len, char **out, size_t *out_len, struct err *err)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_key_t key = NULL;
	gpgme_data_t in = NULL, sig = NULL;
	gpgme_sign_result_t res;
	gpgme_error_t e;
	enum status st;

	*out = NULL;
	*out_len = 0;
	if (data == NULL && len > 0)
		return err_set(err, ST_INVALID, "sign: nothing to sign");
	if ((st = context_new(&ctx, err)) != ST_OK)
		return st;
	if ((st = key_get(ctx, "signing.key", fingerprint, true, &key,
	    err)) != ST_OK)
		goto end;
	if ((e = gpgme_signers_add(ctx, key)) != 0 ||
	    (e = gpgme_data_new_from_mem(&in, len > 0 ? data : "", len,
	    0)) != 0 || (e = gpgme_data_new(&sig)) != 0) {
		st = err_set(err, ST_INTERNAL, "OpenPGP: %s", gpgme_strerror(e));
		goto end;
	}
	e = gpgme_op_sign(ctx, in, sig, mode == SIGN_CLEAR ?
	    GPGME_SIG_MODE_CLEAR : GPGME_SIG_MODE_DETACH);
	res = e == 0 ? gpgme_op_sign_result(ctx) : NULL;
	if (e != 0 || res == NULL || res->invalid_signers != NULL ||
	    res->signatures == NULL) {
		st = err_set(err, ST_INVALID, "signing.key %s: GnuPG could not "
		    "sign: %s (a key used unattended must have no passphrase, "
		    "or gpg-agent must hold it)", fingerprint, e != 0 ?
		    gpgme_strerror(e) : res != NULL && res->invalid_signers !=
		    NULL ? gpgme_strerror(res->invalid_signers->reason) :
		    "no signature made");
		goto end;
	}
	take(sig, out, out_len);
	sig = NULL;
end:
	gpgme_data_release(in);
	gpgme_data_release(sig);
	gpgme_key_unref(key);
	gpgme_release(ctx);
	return st;
}

enum status
sign_public_key(const char *fingerprint, char **out, size_t *out_len,
    struct err *err)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_key_t key = NULL;
	gpgme_data_t data = NULL;
	gpgme_error_t e;
	enum status st;
	char *fpr_up = NULL;
	size_t i;

	*out = NULL;
	*out_len = 0;
	if ((st = context_new(&ctx, err)) != ST_OK)
		return st;
	if ((st = key_get(ctx, "signing.key", fingerprint, false, &key,
	    err)) != ST_OK)
		goto end;
	/* Only the key itself, with no other key whose id matches. */
	fpr_up = xstrdup(key->fpr != NULL ? key->fpr : fingerprint);
	for (i = 0; fpr_up[i] != '\0'; i++)
		fpr_up[i] = (char)toupper((unsigned char)fpr_up[i]);
	if ((e = gpgme_data_new(&data)) != 0 ||
	    (e = gpgme_op_export(ctx, fpr_up, GPGME_EXPORT_MODE_MINIMAL,
	    data)) != 0) {
		st = err_set(err, ST_INTERNAL, "OpenPGP: exporting %s: %s",
		    fingerprint, gpgme_strerror(e));
		goto end;
	}
	take(data, out, out_len);
	data = NULL;
	if (*out_len == 0) {
		free(*out);
		*out = NULL;
		st = err_set(err, ST_NOTFOUND, "signing.key: GnuPG exported "
		    "nothing for %s", fingerprint);
	}
end:
	free(fpr_up);
	gpgme_data_release(data);
	gpgme_key_unref(key);
	gpgme_release(ctx);
	return st;
}

enum status
sign_secret_key(const char *fingerprint, const char *what, char **primary,
    struct err *err)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_key_t key = NULL;
	enum status st;

	*primary = NULL;
	if ((st = context_new(&ctx, err)) != ST_OK)
		return st;
	if ((st = key_get(ctx, what, fingerprint, true, &key, err)) == ST_OK)
		*primary = xstrdup(key->fpr != NULL ? key->fpr : fingerprint);
	gpgme_key_unref(key);
	gpgme_release(ctx);
	return st;
}

/* What the status of one signature means, for a person. */
static enum status
sig_status(const gpgme_signature_t sg, struct sign_check *out)
{
	switch (gpg_err_code(sg->status)) {
	case GPG_ERR_NO_ERROR:
		return ST_OK;
	case GPG_ERR_KEY_EXPIRED:
		/* Good when it was made: a key may expire after signing. */
		snprintf(out->why, sizeof out->why, "good, by a key that has "
		    "expired since");
		return ST_OK;
	case GPG_ERR_NO_PUBKEY:
		snprintf(out->why, sizeof out->why, "GnuPG has no public key "
		    "%s to check it with", out->fpr);
		return ST_NOTFOUND;
	case GPG_ERR_BAD_SIGNATURE:
		snprintf(out->why, sizeof out->why, "the signature does not "
		    "match what it signs");
		return ST_TAMPERED;
	case GPG_ERR_CERT_REVOKED:
		snprintf(out->why, sizeof out->why, "key %s has been revoked",
		    out->fpr);
		return ST_TAMPERED;
	default:
		snprintf(out->why, sizeof out->why, "GnuPG says: %s",
		    gpgme_strerror(sg->status));
		return ST_TAMPERED;
	}
}

enum status
sign_verify(const void *data, size_t len, const char *sig,
    struct sign_check *out, struct err *err)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_key_t key = NULL;
	gpgme_data_t in = NULL, sd = NULL;
	gpgme_verify_result_t res;
	gpgme_signature_t sg;
	gpgme_error_t e;
	enum status st;

	memset(out, 0, sizeof *out);
	if (sig == NULL || *sig == '\0') {
		snprintf(out->why, sizeof out->why, "there is no signature");
		return err_set(err, ST_TAMPERED, "%s", out->why);
	}
	if ((st = context_new(&ctx, err)) != ST_OK)
		return st;
	if ((e = gpgme_data_new_from_mem(&in, len > 0 ? data : "", len,
	    0)) != 0 || (e = gpgme_data_new_from_mem(&sd, sig, strlen(sig),
	    0)) != 0) {
		st = err_set(err, ST_INTERNAL, "OpenPGP: %s", gpgme_strerror(e));
		goto end;
	}
	e = gpgme_op_verify(ctx, sd, in, NULL);
	res = e == 0 ? gpgme_op_verify_result(ctx) : NULL;
	if (res == NULL || res->signatures == NULL ||
	    res->signatures->next != NULL) {
		snprintf(out->why, sizeof out->why, "%s", e != 0 ?
		    "it is not an OpenPGP signature GnuPG can read" :
		    res == NULL || res->signatures == NULL ?
		    "it holds no signature" : "it holds more than one "
		    "signature");
		st = err_set(err, ST_TAMPERED, "%s", out->why);
		goto end;
	}
	sg = res->signatures;
	snprintf(out->fpr, sizeof out->fpr, "%s", sg->fpr != NULL ? sg->fpr :
	    "");
	if ((st = sig_status(sg, out)) != ST_OK) {
		err_set(err, st, "%s", out->why);
		goto end;
	}
	/* The primary key, so a signature by a subkey counts as its. */
	if (gpgme_get_key(ctx, out->fpr, &key, 0) == 0 && key != NULL &&
	    key->fpr != NULL)
		snprintf(out->primary, sizeof out->primary, "%s", key->fpr);
	else
		snprintf(out->primary, sizeof out->primary, "%s", out->fpr);
end:
	gpgme_key_unref(key);
	gpgme_data_release(in);
	gpgme_data_release(sd);
	gpgme_release(ctx);
	return st;
}
