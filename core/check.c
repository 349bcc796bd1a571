/* core/check.c - validation of text fields shared by every core action. */
#include "config.h"

#include "core/check.h"

#include <string.h>

enum status
check_text(const char *field, const char *v, size_t max, bool is_required,
    struct err *err)
{
	if (v == NULL || *v == '\0')
		return is_required ? err_set(err, ST_INVALID, "%s: required",
		    field) : ST_OK;
	if (strlen(v) > max)
		return err_set(err, ST_INVALID, "%s: at most %zu characters (got "
		    "%zu)", field, max, strlen(v));
	return ST_OK;
}

enum status
check_line(const char *field, const char *v, size_t max, bool is_required,
    struct err *err)
{
	const unsigned char *p;
	enum status st;

	if ((st = check_text(field, v, max, is_required, err)) != ST_OK ||
	    v == NULL || *v == '\0')
		return st;
	for (p = (const unsigned char *)v; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return err_set(err, ST_INVALID, "%s: no control characters "
			    "or line breaks, please", field);
	if (v[0] == ' ' || v[strlen(v) - 1] == ' ')
		return err_set(err, ST_INVALID, "%s: \"%s\" starts or ends with a "
		    "space", field, v);
	return ST_OK;
}
