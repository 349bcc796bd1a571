/* core/check.h - validation of text fields shared by every core action. */
#ifndef HERALD_CORE_CHECK_H
#define HERALD_CORE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* FIELD's value V: present if IS_REQUIRED, at most MAX characters,
 * well-formed UTF-8 without control characters other than tab and line
 * breaks. Messages name the field ("title: required"). */
/* How many characters (UTF-8 code points) S holds. */
size_t      check_chars(const char *s);
enum status check_text(const char *field, const char *v, size_t max,
    bool is_required, struct err *err);
/* As check_text(), and one line: no control characters, no spaces at
 * either end. */
enum status check_line(const char *field, const char *v, size_t max,
    bool is_required, struct err *err);

/* Normalise FIELD's RFC 3339 time IN to UTC into OUT (CLOCK_BUFSZ bytes);
 * messages name the field. */
enum status check_time(const char *field, const char *in, char *out,
    struct err *err);
/* As check_time(), but IN NULL means now and the future is refused. */
enum status check_past_time(const char *field, const char *in, char *out,
    struct err *err);

#endif
