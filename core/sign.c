/* core/sign.c - placeholder. */
#include <stddef.h>

#include "core/sign.h"

enum status
sign_data(const char *fingerprint, enum sign_mode mode, const void *data,
    size_t len, char **out, size_t *out_len, struct err *err)
{
	(void)fingerprint; (void)mode; (void)data; (void)len;
	*out = NULL; *out_len = 0;
	return err_set(err, ST_INTERNAL, "sign: not built yet");
}
