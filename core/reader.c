/* core/reader.c - an answer as its reader reads it: booleans and choices
 * by their labels, a CVSS vector with its score, products in words. Used
 * by the plain preview and by the document model alike. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/cvss.h"
#include "core/product.h"
#include "core/reader.h"
#include "core/validate.h"
#include "util/xalloc.h"

struct buf {
	char  *p;
	size_t len, cap;
};

static void
buf_add(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
buf_add(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("cannot format text");
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* The label of option VALUE of F, or VALUE when it has none. */
const char *
reader_option_label(const struct pb_field *f, const char *value, size_t n)
{
	size_t i;

	for (i = 0; i < f->n_options; i++)
		if (strlen(f->options[i].value) == n &&
		    strncmp(f->options[i].value, value, n) == 0)
			return f->options[i].label != NULL ?
			    f->options[i].label : f->options[i].value;
	return NULL;
}

/* A CVSS vector with its score and severity: "9.8 Critical (CVSS:...)". */
static char *
reader_cvss(const char *vector)
{
	struct cvss_result r;
	const struct cvss_value *v;

	memset(&r, 0, sizeof r);
	if (cvss_score(vector, &r, NULL) != ST_OK)
		return xstrdup(vector);
	v = r.version == CVSS_V4_0 ? &r.score : r.environmental.is_set ?
	    &r.environmental : r.temporal.is_set ? &r.temporal : &r.base;
	if (!v->is_set || v->severity == NULL)
		return xstrdup(r.vector);
	return xasprintf("%.1f %s (%s)", v->score, v->severity, r.vector);
}

/* Products rows one a line: "Harbor Gateway 3.2, versions <3.2.15: known
 * affected". */
static char *
reader_products(struct session *s, const char *stored)
{
	struct buf b = { 0 };
	struct product p = { 0 };
	json_t *rows = json_loads(stored, 0, NULL), *row;
	const char *slug, *cycle, *range, *status, *why;
	char words[64], *q;
	size_t i;

	if (!json_is_array(rows)) {
		json_decref(rows);
		return xstrdup(stored);
	}
	json_array_foreach(rows, i, row) {
		slug = json_string_value(json_object_get(row, "product"));
		cycle = json_string_value(json_object_get(row, "cycle"));
		range = json_string_value(json_object_get(row, "range"));
		status = json_string_value(json_object_get(row, "status"));
		why = json_string_value(json_object_get(row, "justification"));
		product_clear(&p);
		snprintf(words, sizeof words, "%s", status != NULL ? status : "");
		for (q = words; *q != '\0'; q++)
			if (*q == '_')
				*q = ' ';
		buf_add(&b, "%s%s%s%s%s%s: %s", i > 0 ? "\n" : "",
		    slug != NULL && product_get_by_slug(s, slug, &p, NULL) ==
		    ST_OK ? p.name : slug != NULL ? slug : "?",
		    cycle != NULL ? " " : "", cycle != NULL ? cycle : "",
		    range != NULL ? ", versions " : "", range != NULL ? range : "",
		    words);
		if (why != NULL) {
			snprintf(words, sizeof words, "%s", why);
			for (q = words; *q != '\0'; q++)
				if (*q == '_')
					*q = ' ';
			buf_add(&b, " (%s)", words);
		}
	}
	product_clear(&p);
	json_decref(rows);
	return b.p != NULL ? b.p : xstrdup("");
}

/* STORED as F's reader reads it: booleans and choices by their labels,
 * scores with their severity, products in words, the rest as a person
 * sees it in the form. Allocated. */
char *
reader_text(struct session *s, const struct pb_field *f, const char *stored)
{
	struct buf b = { 0 };
	const char *p, *nl, *label;
	size_t n;

	if (f->kind == FIELD_CVSS)
		return reader_cvss(stored);
	if (f->kind == FIELD_PRODUCTS)
		return reader_products(s, stored);
	if (f->kind == FIELD_BOOLEAN)
		return xstrdup(strcmp(stored, "yes") == 0 ? "Yes" :
		    strcmp(stored, "no") == 0 ? "No" : stored);
	if (f->kind != FIELD_CHOICE && f->kind != FIELD_MULTI_CHOICE)
		return validate_display(f, stored);
	for (p = stored; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		n = (size_t)(nl - p);
		label = reader_option_label(f, p, n);
		if (label != NULL)
			buf_add(&b, "%s%s", b.len > 0 ? "\n" : "", label);
		else
			buf_add(&b, "%s%.*s", b.len > 0 ? "\n" : "", (int)n, p);
	}
	return b.p != NULL ? b.p : xstrdup("");
}

