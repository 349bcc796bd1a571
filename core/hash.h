/* core/hash.h - SHA-256 of bytes, as lowercase hex. */
#ifndef HERALD_CORE_HASH_H
#define HERALD_CORE_HASH_H

#include <stdbool.h>
#include <stddef.h>

/* 64 hex digits and a NUL. */
#define HASH_HEX_SIZE 65

/* Write the SHA-256 of the N bytes at DATA as lowercase hex into HEX. */
void hash_sha256_hex(const void *data, size_t n, char *hex);
/* Whether V is such a digest: 64 lowercase hex digits (false for NULL). */
bool hash_is_sha256_hex(const char *v);

#endif
