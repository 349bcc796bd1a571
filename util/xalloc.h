/* util/xalloc.h - allocation that never returns NULL: failure is fatal. */
#ifndef HERALD_UTIL_XALLOC_H
#define HERALD_UTIL_XALLOC_H

#include <stddef.h>

typedef void (*die_hook_fn)(void);

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xreallocarray(void *p, size_t count, size_t n);
char *xstrdup(const char *s);
/* The first N bytes of S (or fewer, up to its NUL), NUL-terminated. */
char *xstrndup(const char *s, size_t n);
/* xstrdup, but NULL stays NULL. */
char *xstrdup_or_null(const char *s);
/* Allocate a printf-formatted string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run HOOK (say, endwin) before a fatal error message is printed. */
void  die_set_hook(die_hook_fn hook);
/* Report a bug or exhaustion and abort; for nothing a user can cause. */
void  die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
