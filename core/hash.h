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
/*
 * SHA-256 hex into HEX of TAG (its bytes as they are, "herald-audit-1\n")
 * followed by each of the N FIELDS as "<bytes>:<value>\n": the byte length
 * in decimal, a colon, the bytes, a newline; NULL as "". No two lists of
 * fields give the same text, whatever bytes they hold. The audit chain's
 * row hash and an approval row's digest.
 */
void hash_fields_hex(const char *tag, const char *const *fields, size_t n,
    char *hex);

#endif
