/* core/worddiff.c - word-level differences. */
#include "config.h"

#include "core/worddiff.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void
worddiff_clear(struct worddiff *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		free(d->runs[i].text);
	free(d->runs);
	memset(d, 0, sizeof *d);
}

void
worddiff(const char *old, const char *new_text, struct worddiff *out)
{
	/* Placeholder: the whole texts, until the real diff lands. */
	memset(out, 0, sizeof *out);
	out->runs = xcalloc(2, sizeof *out->runs);
	out->runs[0].op = WD_DEL;
	out->runs[0].text = xstrdup(old != NULL ? old : "");
	out->runs[1].op = WD_INS;
	out->runs[1].text = xstrdup(new_text != NULL ? new_text : "");
	out->n = out->n_changed = 2;
}

char *
worddiff_marked(const struct worddiff *d)
{
	size_t i, n = 1;
	char *s;

	for (i = 0; i < d->n; i++)
		n += strlen(d->runs[i].text) + 4;
	s = xcalloc(1, n);
	for (i = 0; i < d->n; i++) {
		strcat(s, d->runs[i].op == WD_DEL ? "[-" : d->runs[i].op ==
		    WD_INS ? "{+" : "");
		strcat(s, d->runs[i].text);
		strcat(s, d->runs[i].op == WD_DEL ? "-]" : d->runs[i].op ==
		    WD_INS ? "+}" : "");
	}
	return s;
}
