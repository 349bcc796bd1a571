/* core/hash.c - SHA-256 through OpenSSL's libcrypto. */
#include "config.h"

#include "core/hash.h"

#include <openssl/evp.h>
#include <stdio.h>

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
