/* core/hash.c - SHA-256 and SHA-512 through OpenSSL's libcrypto. */
#include "config.h"

#include "core/hash.h"

#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "util/xalloc.h"

/* The digest MD of the N bytes at DATA as lowercase hex into HEX. */
static void
digest_hex(const EVP_MD *md, const void *data, size_t n, char *hex)
{
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	if (EVP_Digest(data, n, sum, &len, md, NULL) != 1)
		die("digest unavailable (libcrypto)");
	for (i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
}

void
hash_sha256_hex(const void *data, size_t n, char *hex)
{
	digest_hex(EVP_sha256(), data, n, hex);
}

void
hash_sha512_hex(const void *data, size_t n, char *hex)
{
	digest_hex(EVP_sha512(), data, n, hex);
}

void
hash_sha256_hexf(char *hex, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = text_vformat(fmt, ap);
	va_end(ap);
	hash_sha256_hex(s, strlen(s), hex);
	free(s);
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

void
hash_fields_hex(const char *tag, const char *const *fields, size_t n,
    char *hex)
{
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	char head[32];
	const char *v;
	EVP_MD_CTX *md;
	size_t k;

	if ((md = EVP_MD_CTX_new()) == NULL)
		die("out of memory (digest)");
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		die("SHA-256 unavailable");
	EVP_DigestUpdate(md, tag, strlen(tag));
	for (k = 0; k < n; k++) {
		v = fields[k] != NULL ? fields[k] : "";
		snprintf(head, sizeof head, "%zu:", strlen(v));
		EVP_DigestUpdate(md, head, strlen(head));
		EVP_DigestUpdate(md, v, strlen(v));
		EVP_DigestUpdate(md, "\n", 1);
	}
	EVP_DigestFinal_ex(md, sum, &len);
	EVP_MD_CTX_free(md);
	for (i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
}
