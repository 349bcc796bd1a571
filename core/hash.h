/* core/hash.h - SHA-256 (and SHA-512) of bytes, as lowercase hex. */
#ifndef HERALD_CORE_HASH_H
#define HERALD_CORE_HASH_H

#include <stdbool.h>
#include <stddef.h>

/* 64 hex digits and a NUL. */
#define HASH_HEX_SIZE 65

/* Write the SHA-256 of the N bytes at DATA as lowercase hex into HEX. */
void hash_sha256_hex(const void *data, size_t n, char *hex);
/* SHA-256 hex of the printf-formatted text: a stamp, what a file is made
 * from, in one call instead of format, hash, free. */
void hash_sha256_hexf(char *hex, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* 128 hex digits and a NUL. */
#define HASH_SHA512_HEX_SIZE 129
/* Write the SHA-512 of the N bytes at DATA as lowercase hex into HEX
 * (HASH_SHA512_HEX_SIZE bytes): the .sha512 files of CSAF. */
void hash_sha512_hex(const void *data, size_t n, char *hex);
/* Whether V is such a digest: 64 lowercase hex digits (false for NULL). */
bool hash_is_sha256_hex(const char *v);

#endif
