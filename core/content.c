/* core/content.c - the canonical form of what a communication publishes. */
#include "config.h"

#include "core/content.h"

#include <stdlib.h>
#include <string.h>

#include "core/canon.h"
#include "core/hash.h"

void
content_clear(struct content *c)
{
	if (c == NULL)
		return;
	free(c->canon);
	memset(c, 0, sizeof *c);
}

enum status
content_of(struct session *s, const struct comm_doc *d, struct content *out,
    struct err *err)
{
	json_t *o = json_object(), *a = json_object();
	enum status st;
	size_t i;

	(void)s;
	/* Placeholder: the answers only, until the real form lands. */
	for (i = 0; i < d->answers.count; i++) {
		const struct answer *an = rowlist_at(&d->answers, i);

		json_object_set_new(a, an->field, json_string(an->value));
	}
	json_object_set_new(o, "answers", a);
	memset(out, 0, sizeof *out);
	st = canon_json(o, &out->canon, &out->len, err);
	json_decref(o);
	if (st == ST_OK)
		hash_sha256_hex(out->canon, out->len, out->hash);
	return st;
}

enum status
content_outputs(const char *canon, json_t **out, struct err *err)
{
	(void)canon;
	*out = json_array();
	(void)err;
	return ST_OK;
}
