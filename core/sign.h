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

#endif
