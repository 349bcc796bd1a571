/* util/xalloc.c - allocation helpers and die(), the one fatal exit. */
#include "config.h"

#include "util/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static die_hook_fn die_hook;

void
die_set_hook(die_hook_fn hook)
{
	die_hook = hook;
}

void
die(const char *fmt, ...)
{
	va_list ap;

	if (die_hook != NULL)
		die_hook();
	fputs("herald: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p;

	if (n == 0)
		die("xmalloc: zero size");
	if ((p = malloc(n)) == NULL)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t count, size_t n)
{
	void *p;

	if (count == 0 || n == 0)
		die("xcalloc: zero size");
	if ((p = calloc(count, n)) == NULL)
		die("out of memory (%zu x %zu bytes)", count, n);
	return p;
}

void *
xreallocarray(void *p, size_t count, size_t n)
{
	void *q;

	if (count == 0 || n == 0)
		die("xreallocarray: zero size");
	if (SIZE_MAX / count < n)
		die("xreallocarray: %zu x %zu overflows", count, n);
	if ((q = realloc(p, count * n)) == NULL)
		die("out of memory (%zu x %zu bytes)", count, n);
	return q;
}

char *
xstrdup(const char *s)
{
	char *d;

	if ((d = strdup(s)) == NULL)
		die("out of memory (strdup)");
	return d;
}

char *
xstrdup_or_null(const char *s)
{
	return s == NULL ? NULL : xstrdup(s);
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("xasprintf: bad format");
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (p == NULL)
		die("out of memory");
	return p;
}
