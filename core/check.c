/* core/check.c - validation of text fields shared by every core action. */
#include "config.h"

#include "core/check.h"

#include <string.h>

#include "core/clock.h"
#include "core/text.h"

enum status
check_text(const char *field, const char *v, size_t max, bool is_required,
    struct err *err)
{
	const unsigned char *p;

	if (v == NULL || *v == '\0')
		return is_required ? err_set(err, ST_INVALID, "%s: required",
		    field) : ST_OK;
	/* Blanks alone say nothing: a required field needs words. */
	if (is_required && text_nonblank(v) == NULL)
		return err_set(err, ST_INVALID, "%s: required (not only blanks)",
		    field);
	if (check_chars(v) > max)
		return err_set(err, ST_INVALID, "%s: at most %zu characters (got "
		    "%zu)", field, max, check_chars(v));
	/* Whatever is stored may reach a page, a feed or a terminal. */
	if (!text_utf8_valid(v))
		return err_set(err, ST_INVALID, "%s: not valid UTF-8 text", field);
	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') ||
		    *p == 0x7f)
			return err_set(err, ST_INVALID, "%s: no control characters, "
			    "please (character %d)", field, *p);
		/* U+0080 to U+009F (C1, as 0xc2 0x80-0x9f in valid UTF-8) are
		 * control characters too: a terminal may obey them. */
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return err_set(err, ST_INVALID, "%s: no control characters, "
			    "please (U+%04X)", field, (unsigned)p[1]);
	}
	return ST_OK;
}

size_t
check_chars(const char *s)
{
	size_t n = 0;

	/* Every byte but a UTF-8 continuation byte starts a character. */
	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
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

enum status
check_time(const char *field, const char *in, char *out, struct err *err)
{
	time_t t;
	enum status st;

	if ((st = clock_parse(in, &t, err)) != ST_OK) {
		err_prefix(err, "%s", field);
		return st;
	}
	clock_format(t, out);
	return ST_OK;
}

enum status
check_past_time(const char *field, const char *in, char *out, struct err *err)
{
	char now[CLOCK_BUFSZ];
	enum status st;

	clock_now_str(now);
	if (in == NULL) {
		memcpy(out, now, CLOCK_BUFSZ);
		return ST_OK;
	}
	if ((st = check_time(field, in, out, err)) != ST_OK)
		return st;
	if (strcmp(out, now) > 0)
		return err_set(err, ST_INVALID, "%s: %s is in the future", field,
		    out);
	return ST_OK;
}
