/* core/sign.h - OpenPGP signatures through gpgme: detached armored
 * signatures for CSAF documents (.asc) and a clear-signed security.txt.
 * The key stays in GnuPG's home ($GNUPGHOME); the database names only its
 * fingerprint (setting signing.key). */
#ifndef HERALD_CORE_SIGN_H
#define HERALD_CORE_SIGN_H

#include <stddef.h>

#include "util/err.h"

enum sign_mode { SIGN_DETACHED, SIGN_CLEAR };

/*
 * Sign the LEN bytes at DATA with the secret key FINGERPRINT (no
 * passphrase prompt: the key must be usable unattended) into *OUT
 * (allocated, ASCII-armored, *OUT_LEN bytes). ST_NOTFOUND naming the
 * fingerprint when GnuPG has no such secret key.
 */
enum status sign_data(const char *fingerprint, enum sign_mode mode,
    const void *data, size_t len, char **out, size_t *out_len,
    struct err *err);

/*
 * The public key FINGERPRINT, ASCII-armored and minimal (the key, its
 * user ids and self-signatures), into *OUT (allocated, *OUT_LEN bytes):
 * what readers fetch to check the signatures. ST_NOTFOUND naming the
 * fingerprint when GnuPG has no such key.
 */
enum status sign_public_key(const char *fingerprint, char **out,
    size_t *out_len, struct err *err);

/*
 * Whether GnuPG holds the secret key FINGERPRINT (40 or 64 hex digits; a
 * subkey's names its primary key), able to sign: ST_OK with the primary
 * key's fingerprint in *PRIMARY (allocated). Errors name WHAT (the
 * setting: "signing.key") and the key: ST_INVALID for a malformed or
 * unusable key, ST_NOTFOUND when GnuPG has none.
 */
enum status sign_secret_key(const char *fingerprint, const char *what,
    char **primary, struct err *err);

/* What sign_verify() found. */
struct sign_check {
	char fpr[72];       /* the signing key (a subkey, perhaps), or the
	                     * key id GnuPG names when it lacks the key */
	char primary[72];   /* its primary key's fingerprint, when good */
	char why[192];      /* for a person, when not plainly good */
};

/*
 * Check the detached ASCII-armored signature SIG (one signature) over the
 * LEN bytes at DATA with the public keys in GnuPG's home. ST_OK when good
 * (also by a key that has expired since); ST_TAMPERED when it does not
 * match, is not a signature, or its key was revoked; ST_NOTFOUND when
 * GnuPG does not have the public key. Who signed is the caller's to
 * judge: OUT names the key. OUT->why and ERR say what is wrong.
 */
enum status sign_verify(const void *data, size_t len, const char *sig,
    struct sign_check *out, struct err *err);

#endif
