/* core/canon.h - RFC 8785 JSON Canonicalization Scheme (JCS): one byte
 * sequence for one JSON value, so a hash of it means the same thing
 * wherever it is taken. */
#ifndef HERALD_CORE_CANON_H
#define HERALD_CORE_CANON_H

#include <jansson.h>
#include <stddef.h>

#include "util/err.h"

/*
 * V serialised as RFC 8785 says: no whitespace, object members sorted by
 * their names' UTF-16 code units, strings with the shortest escapes
 * (\b \f \n \r \t \" \\ and \u00XX in lowercase hex for other control
 * characters; everything else as UTF-8), numbers as ECMAScript prints
 * them (integers exactly; reals as the shortest form that reads back).
 * *OUT is allocated and NUL-terminated, *LEN (may be NULL) its length.
 * ST_INVALID naming the place (a JSON Pointer) for a number that is not
 * finite or an integer outside +-2^53, or a string that is not UTF-8.
 */
enum status canon_json(const json_t *v, char **out, size_t *len,
    struct err *err);

/* Room for any number canon_number() writes ("-1.7976931348623157e+308"
 * and a NUL, with some to spare). */
#define CANON_NUMBER_SIZE 32

/*
 * V as canon_json() writes a real: ECMAScript's Number.prototype.toString()
 * (the fewest digits that read back as V, the closest of those; a plain
 * decimal from 1e-6 up to below 1e21, otherwise "1e+21", "1.5e-7"; -0 as
 * "0"), into OUT (CANON_NUMBER_SIZE bytes), whatever the locale.
 * ST_INVALID for NaN and the infinities.
 */
enum status canon_number(double v, char *out, struct err *err);

#endif
