/* core/canon.c - RFC 8785 canonical JSON. */
#include "config.h"

#include "core/canon.h"

#include <stdlib.h>
#include <string.h>

enum status
canon_json(const json_t *v, char **out, size_t *len, struct err *err)
{
	/* Placeholder until the real serialiser lands. */
	*out = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (*out == NULL)
		return err_set(err, ST_INVALID, "canon: cannot serialise");
	if (len != NULL)
		*len = strlen(*out);
	return ST_OK;
}
