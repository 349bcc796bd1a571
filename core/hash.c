/* core/hash.c - SHA-256 through OpenSSL's libcrypto. */
#include "config.h"

#include "core/hash.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "util/xalloc.h"

void
hash_sha256_hex(const void *data, size_t n, char *hex)
{
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	if (EVP_Digest(data, n, sum, &len, EVP_sha256(), NULL) != 1)
		die("SHA-256 unavailable");
	for (i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
}

bool
hash_is_sha256_hex(const char *v)
{
	size_t i;

	if (v == NULL || strlen(v) != HASH_HEX_SIZE - 1)
		return false;
	for (i = 0; i < HASH_HEX_SIZE - 1; i++)
		if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
			return false;
	return true;
}
