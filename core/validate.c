/* core/validate.c - checks an answer against its field's kind and rules
 * and turns what a person typed into the form the database keeps. */
#include "config.h"

#include "core/validate.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/clock.h"
#include "core/communication.h"
#include "core/cvss.h"
#include "core/product.h"
#include "util/xalloc.h"

/* Longest URL and e-mail address accepted. */
#define URL_MAX   2048
#define EMAIL_MAX 254

/* Separators of e-mail and CVE lists. */
#define LIST_SEPS ",; \t\r\n"

/* --- a growable string ------------------------------------------------- */

struct buf {
	char   *s;
	size_t  len;
	size_t  cap;
};

static void
buf_addn(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
buf_add(struct buf *b, const char *s)
{
	buf_addn(b, s, strlen(s));
}

/* Append LINE as a line of its own. */
static void
buf_line(struct buf *b, const char *line)
{
	if (b->len > 0)
		buf_add(b, "\n");
	buf_add(b, line);
}

/* B's text, handed over ("" when nothing was added). */
static char *
buf_take(struct buf *b)
{
	char *s = b->s != NULL ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* Append to WARNING (VALIDATE_WARN_MAX bytes; may be NULL), after a "; "
 * when something is there already. */
static void __attribute__((format(printf, 2, 3)))
warn_add(char *warning, const char *fmt, ...)
{
	size_t used;
	va_list ap;

	if (warning == NULL)
		return;
	used = strlen(warning);
	if (used > 0 && used + 2 < VALIDATE_WARN_MAX) {
		memcpy(warning + used, "; ", 3);
		used += 2;
	}
	if (used + 1 >= VALIDATE_WARN_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(warning + used, VALIDATE_WARN_MAX - used, fmt, ap);
	va_end(ap);
}

static bool
ascii_eq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

/* --- UTF-8 and shape of the text --------------------------------------- */

/* Whether KIND takes several lines (and tabs). */
static bool
kind_is_multiline(enum field_kind kind)
{
	switch (kind) {
	case FIELD_LONG_TEXT:
	case FIELD_PLAIN_TEXT:
	case FIELD_MULTI_CHOICE:
	case FIELD_CHECKLIST:
	case FIELD_EMAIL_LIST:
	case FIELD_CVE_LIST:
	case FIELD_PRODUCTS:
		return true;
	default:
		return false;
	}
}

static bool
is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/*
 * Check that V is UTF-8 (shortest forms, no surrogates) without control
 * characters; IS_MULTI allows line breaks (LF or CRLF) and tabs. Byte
 * and character positions in messages count from 1. *NCHARS gets the
 * length in code points.
 */
static enum status
check_utf8(const char *label, const char *v, bool is_multi, size_t *nchars,
    struct err *err)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t i = 0, n = 0;
	uint32_t cp;
	int len, k;

	while (p[i] != '\0') {
		if (p[i] < 0x80) {
			cp = p[i];
			len = 1;
		} else if (p[i] >= 0xc2 && p[i] <= 0xdf) {
			cp = p[i] & 0x1f;
			len = 2;
		} else if (p[i] >= 0xe0 && p[i] <= 0xef) {
			cp = p[i] & 0x0f;
			len = 3;
		} else if (p[i] >= 0xf0 && p[i] <= 0xf4) {
			cp = p[i] & 0x07;
			len = 4;
		} else
			goto bad;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			goto bad;
		n++;
		if (is_control(cp)) {
			bool is_break = cp == '\n' ||
			    (cp == '\r' && p[i + 1] == '\n');

			if (!is_multi && is_break)
				return err_set(err, ST_INVALID, "%s: one line only, "
				    "please (a line break at character %zu)", label,
				    n);
			if (!is_multi || !(is_break || cp == '\t'))
				return err_set(err, ST_INVALID, "%s: control "
				    "character U+%04X at character %zu", label,
				    (unsigned)cp, n);
		}
		i += (size_t)len;
	}
	*nchars = n;
	return ST_OK;
bad:
	return err_set(err, ST_INVALID, "%s: not valid UTF-8 at byte %zu",
	    label, i + 1);
}

/* The number of code points of valid UTF-8 S. */
static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* IN without CRs before line feeds, without blank lines at the start and
 * white space at the end; one-line text loses its leading spaces too. */
static char *
normalise(const char *in, bool is_multi)
{
	struct buf b = { 0 };
	const char *p, *start = in;
	size_t n;

	if (is_multi) {
		/* Skip leading blank lines, keep the first line's indent. */
		for (p = in; *p == ' ' || *p == '\t' || *p == '\r' ||
		    *p == '\n'; p++)
			if (*p == '\n')
				start = p + 1;
		if (*p == '\0')
			start = p;
	} else
		while (*start == ' ')
			start++;
	for (p = start; *p != '\0'; p++)
		if (!(*p == '\r' && p[1] == '\n'))
			buf_addn(&b, p, 1);
	n = b.len;
	while (n > 0 && strchr(" \t\n", b.s[n - 1]) != NULL)
		n--;
	if (b.s != NULL)
		b.s[n] = '\0';
	b.len = n;
	return buf_take(&b);
}

static enum status
check_length(const struct pb_field *f, const char *v, struct err *err)
{
	size_t n = utf8_len(v);

	if (f->max_length > 0 && n > (size_t)f->max_length)
		return err_set(err, ST_INVALID, "%s: at most %ld characters (got "
		    "%zu)", f->label, f->max_length, n);
	return ST_OK;
}

/* --- choices ----------------------------------------------------------- */

/* The option of F that S names by value or label (case aside), or -1. */
static long
option_find(const struct pb_field *f, const char *s)
{
	size_t i;

	for (i = 0; i < f->n_options; i++)
		if (strcmp(f->options[i].value, s) == 0)
			return (long)i;
	for (i = 0; i < f->n_options; i++)
		if (ascii_eq(f->options[i].value, s) ||
		    (f->options[i].label != NULL &&
		    ascii_eq(f->options[i].label, s)))
			return (long)i;
	return -1;
}

/* F's option values as "a, b or c" into BUF. */
static const char *
option_list(const struct pb_field *f, char *buf, size_t n)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < f->n_options && used < n; i++)
		used += (size_t)snprintf(buf + used, n - used, "%s%s",
		    i == 0 ? "" : i + 1 == f->n_options ? " or " : ", ",
		    f->options[i].value);
	return buf;
}

static enum status
check_choice(const struct pb_field *f, const char *v, char **stored,
    struct err *err)
{
	char list[256];
	long k;

	if ((k = option_find(f, v)) < 0)
		return err_set(err, ST_INVALID, "%s: \"%s\" is not one of: %s",
		    f->label, v, option_list(f, list, sizeof list));
	*stored = xstrdup(f->options[k].value);
	return ST_OK;
}

/* Tick in IS_ON the option that ITEM names; ITEM is trimmed first. */
static enum status
tick_one(const struct pb_field *f, char *item, bool *is_on, struct err *err)
{
	char list[256], *end;
	long k;

	while (*item == ' ' || *item == '\t')
		item++;
	end = item + strlen(item);
	while (end > item && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (*item == '\0')
		return ST_OK;
	if ((k = option_find(f, item)) < 0)
		return err_set(err, ST_INVALID, "%s: \"%s\" is not one of: %s",
		    f->label, item, option_list(f, list, sizeof list));
	is_on[k] = true;
	return ST_OK;
}

/* Multi-choice and checklist: the options V names, one a line (or, when a
 * line names none, separated by commas), stored in option order. */
static enum status
check_multi(const struct pb_field *f, const char *v, char **stored,
    struct err *err)
{
	struct buf b = { 0 };
	char *copy = xstrdup(v), *line, *next, *item, *save;
	bool *is_on;
	size_t i;
	enum status st = ST_OK;

	if (f->n_options == 0) {
		free(copy);
		return err_set(err, ST_INVALID, "%s: the field has no options",
		    f->label);
	}
	is_on = xcalloc(f->n_options, sizeof *is_on);
	for (line = copy; line != NULL && st == ST_OK; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (tick_one(f, line, is_on, NULL) == ST_OK)
			continue;
		for (item = strtok_r(line, ",", &save); item != NULL &&
		    st == ST_OK; item = strtok_r(NULL, ",", &save))
			st = tick_one(f, item, is_on, err);
	}
	for (i = 0; st == ST_OK && i < f->n_options; i++)
		if (is_on[i])
			buf_line(&b, f->options[i].value);
	if (st == ST_OK)
		*stored = buf_take(&b);
	free(b.s);
	free(is_on);
	free(copy);
	return st;
}

static enum status
check_boolean(const struct pb_field *f, const char *v, char **stored,
    struct err *err)
{
	static const char *const yes[] = { "yes", "y", "true", "1", NULL };
	static const char *const no[] = { "no", "n", "false", "0", NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++) {
		if (ascii_eq(v, yes[i])) {
			*stored = xstrdup("yes");
			return ST_OK;
		}
		if (ascii_eq(v, no[i])) {
			*stored = xstrdup("no");
			return ST_OK;
		}
	}
	return err_set(err, ST_INVALID, "%s: \"%s\" is not yes or no",
	    f->label, v);
}

/* --- date and time ----------------------------------------------------- */

#define DATETIME_EXPECTED "expected YYYY-MM-DD HH:MM in local time, " \
	"optionally with :SS and a zone (+01:00, Z or Europe/Paris)"

struct civil {
	int y, mo, d, h, mi, s;
};

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int mo)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	return mo == 2 && is_leap(y) ? 29 : days[mo - 1];
}

/* Read MIN to MAX digits at *P into *OUT; false when fewer. */
static bool
digits(const char **p, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)(*p)[n])) {
		v = v * 10 + ((*p)[n] - '0');
		n++;
	}
	if (n < min)
		return false;
	*p += n;
	*out = v;
	return true;
}

/* Read "YYYY-MM-DD[ T]HH:MM[:SS[.frac]]" at *P. */
static bool
parse_civil(const char **pp, struct civil *c)
{
	const char *p = *pp;

	c->s = 0;
	if (!digits(&p, 4, 4, &c->y) || *p++ != '-' ||
	    !digits(&p, 1, 2, &c->mo) || *p++ != '-' ||
	    !digits(&p, 1, 2, &c->d))
		return false;
	if (*p == 'T' || *p == 't')
		p++;
	else if (*p == ' ')
		while (*p == ' ')
			p++;
	else
		return false;
	if (!digits(&p, 1, 2, &c->h) || *p++ != ':' ||
	    !digits(&p, 2, 2, &c->mi))
		return false;
	if (*p == ':') {
		p++;
		if (!digits(&p, 2, 2, &c->s))
			return false;
		if (*p == '.' || *p == ',') {
			p++;
			if (!isdigit((unsigned char)*p))
				return false;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	*pp = p;
	return true;
}

static enum status
check_civil(const char *label, const struct civil *c, struct err *err)
{
	static const char *const months[] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December",
	};

	if (c->mo < 1 || c->mo > 12)
		return err_set(err, ST_INVALID, "%s: %04d-%02d-%02d is not a date "
		    "(months go 01 to 12)", label, c->y, c->mo, c->d);
	if (c->d < 1 || c->d > month_days(c->y, c->mo))
		return err_set(err, ST_INVALID, "%s: %04d-%02d-%02d is not a date "
		    "(%s %d has %d days)", label, c->y, c->mo, c->d,
		    months[c->mo - 1], c->y, month_days(c->y, c->mo));
	if (c->h > 23)
		return err_set(err, ST_INVALID, "%s: %02d:%02d is not a time of "
		    "day (hours go 00 to 23)", label, c->h, c->mi);
	if (c->mi > 59)
		return err_set(err, ST_INVALID, "%s: %02d:%02d is not a time of "
		    "day (minutes go 00 to 59)", label, c->h, c->mi);
	if (c->s > 59)
		return err_set(err, ST_INVALID, "%s: %02d:%02d:%02d is not a time "
		    "of day (seconds go 00 to 59)", label, c->h, c->mi, c->s);
	return ST_OK;
}

static void
civil_to_tm(const struct civil *c, struct tm *tm)
{
	memset(tm, 0, sizeof *tm);
	tm->tm_year = c->y - 1900;
	tm->tm_mon = c->mo - 1;
	tm->tm_mday = c->d;
	tm->tm_hour = c->h;
	tm->tm_min = c->mi;
	tm->tm_sec = c->s;
	tm->tm_isdst = -1;
}

/* Whether NAME is a zone of the installed time-zone database. */
static bool
zone_exists(const char *name)
{
	const char *dir = getenv("TZDIR");
	const char *p;
	struct stat sb;
	char path[512];

	if (*name == '/' || strstr(name, "..") != NULL || strlen(name) > 128)
		return false;
	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("/_+-", *p) == NULL)
			return false;
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/*
 * C in zone ZONE (NULL: the local zone, TZ) as a time. The libc knows
 * zones only through TZ, so a named zone is set for the call and TZ put
 * back exactly as it was (set, empty or unset); herald is one thread.
 * A time the clocks skip (a summer-time gap) is refused.
 */
static enum status
civil_in_zone(const char *label, const struct civil *c, const char *zone,
    time_t *out, struct err *err)
{
	char *old = NULL;
	const char *env;
	struct tm tm;
	enum status st = ST_OK;

	if (zone != NULL) {
		if ((env = getenv("TZ")) != NULL)
			old = xstrdup(env);
		setenv("TZ", zone, 1);
	}
	tzset();
	civil_to_tm(c, &tm);
	*out = mktime(&tm);
	if (tm.tm_year != c->y - 1900 || tm.tm_mon != c->mo - 1 ||
	    tm.tm_mday != c->d || tm.tm_hour != c->h || tm.tm_min != c->mi) {
		env = getenv("TZ");
		st = err_set(err, ST_INVALID, "%s: %04d-%02d-%02d %02d:%02d does "
		    "not exist in %s (the clocks go forward then)", label, c->y,
		    c->mo, c->d, c->h, c->mi, zone != NULL ? zone : env != NULL &&
		    *env != '\0' ? env : "local time");
	}
	if (zone != NULL) {
		if (old != NULL)
			setenv("TZ", old, 1);
		else
			unsetenv("TZ");
		tzset();
		free(old);
	}
	return st;
}

/* Read a zone offset "+01:00", "+0100" or "+01" at P (to its end). */
static bool
parse_offset(const char *p, long *secs)
{
	int sign, h, m = 0;

	if (*p != '+' && *p != '-')
		return false;
	sign = *p++ == '-' ? -1 : 1;
	if (!digits(&p, 2, 2, &h))
		return false;
	if (*p == ':')
		p++;
	if (*p != '\0' && !digits(&p, 2, 2, &m))
		return false;
	if (*p != '\0' || h > 23 || m > 59)
		return false;
	*secs = sign * (h * 3600L + m * 60L);
	return true;
}

static enum status
parse_datetime(const char *label, const char *in, time_t *out,
    struct err *err)
{
	const char *p = in;
	struct civil c;
	struct tm tm;
	long off;
	enum status st;

	if (!parse_civil(&p, &c))
		return err_set(err, ST_INVALID, "%s: \"%.40s\" is not a date and "
		    "time (" DATETIME_EXPECTED ")", label, in);
	if ((st = check_civil(label, &c, err)) != ST_OK)
		return st;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return civil_in_zone(label, &c, NULL, out, err);
	if (ascii_eq(p, "Z") || ascii_eq(p, "UTC") || ascii_eq(p, "GMT"))
		off = 0;
	else if (*p == '+' || *p == '-') {
		if (!parse_offset(p, &off))
			return err_set(err, ST_INVALID, "%s: \"%s\" is not a zone "
			    "offset (expected +HH:MM, from -23:59 to +23:59)",
			    label, p);
	} else if (isalpha((unsigned char)*p)) {
		if (!zone_exists(p))
			return err_set(err, ST_INVALID, "%s: unknown time zone "
			    "\"%.60s\" (use a name like Europe/Paris, or an "
			    "offset like +01:00)", label, p);
		return civil_in_zone(label, &c, p, out, err);
	} else
		return err_set(err, ST_INVALID, "%s: \"%.40s\" is not a date and "
		    "time (" DATETIME_EXPECTED ")", label, in);
	civil_to_tm(&c, &tm);
	tm.tm_isdst = 0;
	*out = timegm(&tm) - off;
	return ST_OK;
}

void
validate_short_notice(time_t eol, char *warning)
{
	time_t now = clock_now();
	char date[11], away[32];
	int months = 0;

	if (eol >= clock_add_months(now, 12))
		return;
	while (months < 11 && clock_add_months(now, months + 1) <= eol)
		months++;
	if (eol <= now)
		snprintf(away, sizeof away, "has passed");
	else if (months == 0)
		snprintf(away, sizeof away, "is less than a month away");
	else
		snprintf(away, sizeof away, "is %d month%s away", months,
		    months == 1 ? "" : "s");
	clock_format_date(eol, date);
	warn_add(warning, "the end of life on %s %s: customers should have 12 "
	    "months' notice", date, away);
}

static enum status
check_datetime(const struct pb_field *f, const char *v, char **stored,
    char *warning, struct err *err)
{
	char buf[CLOCK_BUFSZ];
	time_t t;
	enum status st;

	if ((st = parse_datetime(f->label, v, &t, err)) != ST_OK)
		return st;
	if ((f->warnings & PB_WARN_SHORT_NOTICE) != 0)
		validate_short_notice(t, warning);
	clock_format(t, buf);
	*stored = xstrdup(buf);
	return ST_OK;
}

/* Stored UTC time S in local time with its zone: "2026-03-01 13:00
 * +01:00", or "... UTC" where local time is UTC then. */
static char *
display_datetime(const char *s)
{
	char day[32], zone[16];
	struct tm tm;
	time_t t;
	long off;

	if (clock_parse(s, &t, NULL) != ST_OK)
		return xstrdup(s);
	tzset();
	localtime_r(&t, &tm);
	strftime(day, sizeof day, tm.tm_sec != 0 ? "%Y-%m-%d %H:%M:%S" :
	    "%Y-%m-%d %H:%M", &tm);
	off = tm.tm_gmtoff;
	if (off == 0)
		snprintf(zone, sizeof zone, "UTC");
	else
		snprintf(zone, sizeof zone, "%c%02ld:%02ld", off < 0 ? '-' : '+',
		    labs(off) / 3600, labs(off) % 3600 / 60);
	return xasprintf("%s %s", day, zone);
}

/* --- lists: e-mail addresses, CVE IDs ---------------------------------- */

/* Why A is not a plausible e-mail address, or NULL when it is. */
static const char *
email_problem(const char *a)
{
	const char *at = strchr(a, '@'), *p, *dom;
	size_t local;

	if (at == NULL)
		return "it has no @";
	if (strchr(at + 1, '@') != NULL)
		return "it has more than one @";
	if (strlen(a) > EMAIL_MAX)
		return "longer than 254 characters";
	if ((local = (size_t)(at - a)) == 0)
		return "nothing before the @";
	if (local > 64)
		return "more than 64 characters before the @";
	for (p = a; p < at; p++)
		if ((unsigned char)*p < 0x21 || strchr("()<>[]:,;\\\"", *p) != NULL)
			return "a character that is not allowed before the @";
	if (a[0] == '.' || at[-1] == '.' || memmem(a, local, "..", 2) != NULL)
		return "dots in the wrong place before the @";
	dom = at + 1;
	if (*dom == '\0')
		return "no domain after the @";
	if (strchr(dom, '.') == NULL)
		return "the domain needs a dot";
	for (p = dom; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.' &&
		    (unsigned char)*p < 0x80)
			return "a character that is not allowed in the domain";
		if (*p == '.' && (p == dom || p[1] == '\0' || p[1] == '.' ||
		    p[-1] == '-' || p[1] == '-'))
			return "the domain is malformed";
	}
	if (*dom == '-' || p[-1] == '-')
		return "the domain is malformed";
	return NULL;
}

/* Whether the list in B (one item a line) holds ITEM, case aside. */
static bool
list_has(const struct buf *b, const char *item)
{
	const char *p = b->s, *nl;
	size_t n = strlen(item);

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		if ((size_t)((nl != NULL ? nl : p + strlen(p)) - p) == n &&
		    strncasecmp(p, item, n) == 0)
			return true;
		p = nl != NULL ? nl + 1 : NULL;
	}
	return false;
}

static enum status
check_email_list(const struct pb_field *f, const char *v, char **stored,
    struct err *err)
{
	struct buf b = { 0 };
	char *copy = xstrdup(v), *save, *a;
	const char *why;
	enum status st = ST_OK;

	for (a = strtok_r(copy, LIST_SEPS, &save); a != NULL;
	    a = strtok_r(NULL, LIST_SEPS, &save)) {
		if ((why = email_problem(a)) != NULL) {
			st = err_set(err, ST_INVALID, "%s: \"%.80s\" is not an "
			    "e-mail address (%s)", f->label, a, why);
			break;
		}
		if (!list_has(&b, a))
			buf_line(&b, a);
	}
	if (st == ST_OK)
		*stored = buf_take(&b);
	free(b.s);
	free(copy);
	return st;
}

/* Whether ID is "CVE-YYYY-NNNN..." (case aside); *YEAR gets the year. */
static bool
cve_shape(const char *id, int *year)
{
	const char *p = id + 4;
	int n;

	if (strncasecmp(id, "CVE-", 4) != 0 || !digits(&p, 4, 4, year) ||
	    *p++ != '-')
		return false;
	for (n = 0; isdigit((unsigned char)p[n]); n++)
		;
	return n >= 4 && n <= 19 && p[n] == '\0';
}

static enum status
check_cve_list(const struct pb_field *f, const char *v, char **stored,
    struct err *err)
{
	struct buf b = { 0 };
	char *copy = xstrdup(v), *save, *id, *q;
	int year;
	enum status st = ST_OK;

	for (id = strtok_r(copy, LIST_SEPS, &save); id != NULL;
	    id = strtok_r(NULL, LIST_SEPS, &save)) {
		if (!cve_shape(id, &year)) {
			st = err_set(err, ST_INVALID, "%s: \"%.40s\" is not a CVE "
			    "ID (expected CVE-YYYY-NNNN: the year, then four or "
			    "more digits)", f->label, id);
			break;
		}
		for (q = id; *q != '\0'; q++)
			*q = (char)toupper((unsigned char)*q);
		if (year < 1999) {
			st = err_set(err, ST_INVALID, "%s: %s: CVE IDs begin in "
			    "1999", f->label, id);
			break;
		}
		if (!list_has(&b, id))
			buf_line(&b, id);
	}
	if (st == ST_OK)
		*stored = buf_take(&b);
	free(b.s);
	free(copy);
	return st;
}

/* --- URL ---------------------------------------------------------------- */

static enum status
check_url(const struct pb_field *f, const char *v, char **stored,
    struct err *err)
{
	const char *host, *end, *p;
	size_t skip, i;
	char *out;
	int port;

	if (strlen(v) > URL_MAX)
		return err_set(err, ST_INVALID, "%s: a web address of at most %d "
		    "characters, please", f->label, URL_MAX);
	for (p = v; *p != '\0'; p++)
		if (*p == ' ' || *p == '\t')
			return err_set(err, ST_INVALID, "%s: \"%.80s\" is not a web "
			    "address (it contains a space)", f->label, v);
	if (strncasecmp(v, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(v, "http://", 7) == 0)
		skip = 7;
	else
		return err_set(err, ST_INVALID, "%s: \"%.80s\" is not a web "
		    "address (it must start with https:// or http://)", f->label,
		    v);
	host = v + skip;
	end = host + strcspn(host, "/?#");
	if (memchr(host, '@', (size_t)(end - host)) != NULL)
		return err_set(err, ST_INVALID, "%s: \"%.80s\": no user names or "
		    "passwords in a web address, please", f->label, v);
	if (*host == '[') {
		for (p = host + 1; p < end && (isxdigit((unsigned char)*p) ||
		    *p == ':' || *p == '.'); p++)
			;
		if (p == host + 1 || p >= end || *p != ']')
			goto no_host;
		p++;
	} else {
		for (p = host; p < end && (isalnum((unsigned char)*p) ||
		    *p == '-' || *p == '.' || (unsigned char)*p >= 0x80); p++)
			;
		if (p == host || *host == '.' || *host == '-')
			goto no_host;
	}
	if (p < end && *p == ':') {
		p++;
		if (!digits(&p, 1, 5, &port) || port < 1 || port > 65535)
			return err_set(err, ST_INVALID, "%s: \"%.80s\" has a bad "
			    "port number", f->label, v);
	}
	if (p != end)
		goto no_host;
	out = xstrdup(v);
	for (i = 0; i < skip; i++)      /* the scheme, in lower case */
		out[i] = (char)tolower((unsigned char)out[i]);
	*stored = out;
	return ST_OK;
no_host:
	return err_set(err, ST_INVALID, "%s: \"%.80s\" is not a web address "
	    "(no valid host name after %.*s)", f->label, v, (int)skip, v);
}

/* --- CVSS --------------------------------------------------------------- */

static enum status
check_cvss(const struct pb_field *f, const char *v, char **stored,
    char *warning, struct err *err)
{
	struct cvss_result r;
	const struct cvss_value *best;
	enum status st;

	memset(&r, 0, sizeof r);
	if ((st = cvss_score(v, &r, err)) != ST_OK) {
		err_prefix(err, "%s", f->label);
		return st;
	}
	if (r.version == CVSS_V4_0)
		best = &r.score;
	else if (r.environmental.is_set)
		best = &r.environmental;
	else if (r.temporal.is_set)
		best = &r.temporal;
	else
		best = &r.base;
	if (best->is_set && best->severity != NULL)
		warn_add(warning, "CVSS %.1f %s", best->score, best->severity);
	*stored = xstrdup(r.vector);
	return ST_OK;
}

/* --- affected products ------------------------------------------------- */

static const char *const product_keys[] = {
	"product", "cycle", "range", "status", "justification", "ecosystem",
	"package", NULL,
};

static bool
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

static const char *
join_list(const char *const *list, char *buf, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (; *list != NULL && used < n; list++)
		used += (size_t)snprintf(buf + used, n - used, "%s%s",
		    used == 0 ? "" : ", ", *list);
	return buf;
}

/* ROW's text value of KEY, or NULL when absent, null or "". Like any
 * one-line answer, it has no control characters or line breaks (JSON's
 * escapes would let them in). */
static enum status
row_text(const char *label, size_t n, json_t *row, const char *key,
    const char **out, struct err *err)
{
	json_t *v = json_object_get(row, key);
	size_t nchars;
	enum status st;

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return ST_OK;
	if (!json_is_string(v))
		return err_set(err, ST_INVALID, "%s, row %zu: %s must be text",
		    label, n, key);
	if ((st = check_utf8(key, json_string_value(v), false, &nchars,
	    err)) != ST_OK) {
		err_prefix(err, "%s, row %zu", label, n);
		return st;
	}
	if (*json_string_value(v) != '\0')
		*out = json_string_value(v);
	return ST_OK;
}

/* Check that product SLUG (and its CYCLE) exist in S's database. */
static enum status
row_lookup(struct session *s, const char *label, size_t n, const char *slug,
    const char *cycle, struct err *err)
{
	struct product p = { 0 };
	struct cycle c = { 0 };
	enum status st;

	st = product_get_by_slug(s, slug, &p, err);
	if (st == ST_NOTFOUND)
		st = err_set(err, st, "%s, row %zu: no product \"%s\"", label,
		    n, slug);
	else if (st != ST_OK)
		err_prefix(err, "%s, row %zu", label, n);
	else if (cycle != NULL &&
	    (st = cycle_find(s, slug, cycle, &c, err)) == ST_NOTFOUND)
		st = err_set(err, ST_INVALID, "%s, row %zu: product %s has no "
		    "release cycle \"%s\"", label, n, slug, cycle);
	else if (st != ST_OK)
		err_prefix(err, "%s, row %zu", label, n);
	if (st == ST_NOTFOUND)
		st = ST_INVALID;
	product_clear(&p);
	cycle_clear(&c);
	return st;
}

/* Check row N (from 1) of the products list and append its canonical
 * form to OUT. */
static enum status
check_product_row(struct session *s, const char *label, size_t n,
    json_t *row, json_t *out, struct err *err)
{
	const char *v[7], *key;
	char list[512];
	json_t *val, *o;
	size_t i;
	enum status st;

	if (!json_is_object(row))
		return err_set(err, ST_INVALID, "%s, row %zu: expected an object "
		    "with product, cycle, range and status", label, n);
	json_object_foreach(row, key, val)
		if (!in_list(product_keys, key))
			return err_set(err, ST_INVALID, "%s, row %zu: unknown key "
			    "\"%s\" (known: %s)", label, n, key,
			    join_list(product_keys, list, sizeof list));
	for (i = 0; product_keys[i] != NULL; i++)
		if ((st = row_text(label, n, row, product_keys[i], &v[i],
		    err)) != ST_OK)
			return st;
	/* v: 0 product, 1 cycle, 2 range, 3 status, 4 justification,
	 * 5 ecosystem, 6 package */
	if (v[0] == NULL)
		return err_set(err, ST_INVALID, "%s, row %zu: which product? "
		    "(product missing)", label, n);
	if ((st = product_check_slug(v[0], err)) != ST_OK) {
		err_prefix(err, "%s, row %zu", label, n);
		return st;
	}
	if (v[3] == NULL || !in_list(affected_statuses(), v[3]))
		return err_set(err, ST_INVALID, "%s, row %zu: status %s%s%s must "
		    "be one of %s", label, n, v[3] != NULL ? "\"" : "",
		    v[3] != NULL ? v[3] : "(missing)", v[3] != NULL ? "\"" : "",
		    join_list(affected_statuses(), list, sizeof list));
	if (strcmp(v[3], "known_not_affected") == 0 && v[4] == NULL)
		return err_set(err, ST_INVALID, "%s, row %zu: known_not_affected "
		    "needs a justification (%s)", label, n,
		    join_list(affected_justifications(), list, sizeof list));
	if (strcmp(v[3], "known_not_affected") != 0 && v[4] != NULL)
		return err_set(err, ST_INVALID, "%s, row %zu: a justification "
		    "goes only with known_not_affected", label, n);
	if (v[4] != NULL && !in_list(affected_justifications(), v[4]))
		return err_set(err, ST_INVALID, "%s, row %zu: justification "
		    "\"%s\" is not one of %s", label, n, v[4],
		    join_list(affected_justifications(), list, sizeof list));
	if (v[5] != NULL && !in_list(affected_ecosystems(), v[5]))
		return err_set(err, ST_INVALID, "%s, row %zu: ecosystem \"%s\" is "
		    "not one of %s", label, n, v[5],
		    join_list(affected_ecosystems(), list, sizeof list));
	if (v[6] != NULL && v[5] == NULL)
		return err_set(err, ST_INVALID, "%s, row %zu: package %s needs "
		    "its ecosystem", label, n, v[6]);
	if (v[2] != NULL && utf8_len(v[2]) > 200)
		return err_set(err, ST_INVALID, "%s, row %zu: a version range of "
		    "at most 200 characters, please", label, n);
	if (s != NULL && (st = row_lookup(s, label, n, v[0], v[1], err)) !=
	    ST_OK)
		return st;
	o = json_object();
	for (i = 0; product_keys[i] != NULL; i++)
		if (v[i] != NULL)
			json_object_set_new(o, product_keys[i], json_string(v[i]));
	json_array_append_new(out, o);
	return ST_OK;
}

static bool
same_key(json_t *a, json_t *b, const char *key)
{
	json_t *x = json_object_get(a, key), *y = json_object_get(b, key);

	if (x == NULL || y == NULL)
		return x == y;
	return strcmp(json_string_value(x), json_string_value(y)) == 0;
}

static enum status
check_products(struct session *s, const struct pb_field *f, const char *v,
    char **stored, struct err *err)
{
	json_error_t jerr;
	json_t *in, *out = NULL, *a, *b;
	size_t i, j;
	enum status st = ST_OK;

	if ((in = json_loads(v, 0, &jerr)) == NULL)
		return err_set(err, ST_INVALID, "%s: not a JSON list of products "
		    "(line %d, column %d: %s)", f->label, jerr.line, jerr.column,
		    jerr.text);
	if (!json_is_array(in)) {
		st = err_set(err, ST_INVALID, "%s: expected a JSON list of "
		    "products, [{\"product\": ..., \"status\": ...}]", f->label);
		goto end;
	}
	out = json_array();
	for (i = 0; i < json_array_size(in) && st == ST_OK; i++)
		st = check_product_row(s, f->label, i + 1,
		    json_array_get(in, i), out, err);
	for (i = 0; i < json_array_size(out) && st == ST_OK; i++)
		for (j = 0; j < i && st == ST_OK; j++) {
			a = json_array_get(out, i);
			b = json_array_get(out, j);
			if (same_key(a, b, "product") && same_key(a, b, "cycle") &&
			    same_key(a, b, "range"))
				st = err_set(err, ST_INVALID, "%s, row %zu: the "
				    "same product, cycle and range as row %zu",
				    f->label, i + 1, j + 1);
		}
	if (st == ST_OK)
		*stored = json_array_size(out) == 0 ? xstrdup("") :
		    json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
end:
	json_decref(out);
	json_decref(in);
	return st;
}

/* --- the whole answer -------------------------------------------------- */

/* Text kinds: the length, and the warnings their rules ask for. */
static enum status
check_text_kind(struct session *s, const struct pb_field *f, const char *v,
    const char *staff, char **stored, char *warning, struct err *err)
{
	char blame[VALIDATE_WARN_MAX];
	double ease;
	enum status st;

	if ((st = check_length(f, v, err)) != ST_OK)
		return st;
	if (f->kind == FIELD_PLAIN_TEXT && f->min_reading_ease > 0 &&
	    (ease = readability_flesch(v)) < f->min_reading_ease)
		warn_add(warning, "reading ease %.0f (below %g): use shorter "
		    "sentences and words", ease, f->min_reading_ease);
	if ((f->warnings & PB_WARN_BLAME) != 0 &&
	    blame_check(s, v, staff, blame))
		warn_add(warning, "%s", blame);
	*stored = xstrdup(v);
	return ST_OK;
}

static enum status
check_kind(struct session *s, const struct pb_field *f, const char *v,
    const char *staff, char **stored, char *warning, struct err *err)
{
	switch (f->kind) {
	case FIELD_TEXT:
	case FIELD_LONG_TEXT:
	case FIELD_PLAIN_TEXT:
		return check_text_kind(s, f, v, staff, stored, warning, err);
	case FIELD_CHOICE:
		return check_choice(f, v, stored, err);
	case FIELD_MULTI_CHOICE:
	case FIELD_CHECKLIST:
		return check_multi(f, v, stored, err);
	case FIELD_BOOLEAN:
		return check_boolean(f, v, stored, err);
	case FIELD_DATETIME:
		return check_datetime(f, v, stored, warning, err);
	case FIELD_EMAIL_LIST:
		return check_email_list(f, v, stored, err);
	case FIELD_URL:
		return check_url(f, v, stored, err);
	case FIELD_CVE_LIST:
		return check_cve_list(f, v, stored, err);
	case FIELD_CVSS:
		return check_cvss(f, v, stored, warning, err);
	case FIELD_PRODUCTS:
		return check_products(s, f, v, stored, err);
	default:
		return err_set(err, ST_INTERNAL, "%s: unknown field kind %d",
		    f->label, (int)f->kind);
	}
}

enum status
validate_answer(struct session *s, const struct pb_field *f,
    const char *input, const char *staff, char **stored, char *warning,
    struct err *err)
{
	bool is_multi = kind_is_multiline(f->kind);
	char *v = NULL;
	size_t n;
	enum status st;

	*stored = NULL;
	if (warning != NULL)
		warning[0] = '\0';
	if (input == NULL)
		input = "";
	if (strlen(input) > ANSWER_VALUE_MAX)
		return err_set(err, ST_INVALID, "%s: at most %d bytes, please",
		    f->label, ANSWER_VALUE_MAX);
	if ((st = check_utf8(f->label, input, is_multi, &n, err)) != ST_OK)
		return st;
	v = normalise(input, is_multi);
	if (*v == '\0') {
		*stored = v;
		return ST_OK;
	}
	st = check_kind(s, f, v, staff, stored, warning, err);
	if (st == ST_OK && *stored == NULL)
		*stored = xstrdup("");
	free(v);
	return st;
}

char *
validate_display(const struct pb_field *f, const char *stored)
{
	if (stored == NULL || *stored == '\0')
		return xstrdup("");
	if (f->kind == FIELD_DATETIME)
		return display_datetime(stored);
	return xstrdup(stored);
}

/* --- visibility and steps ---------------------------------------------- */

/* Whether answer V (one value a line) satisfies condition C. */
static bool
condition_holds(const struct pb_condition *c, const char *v)
{
	const char *p, *nl;
	size_t i, n;

	for (p = v; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		for (i = 0; i < c->n_values; i++)
			if (strlen(c->values[i]) == n &&
			    strncmp(c->values[i], p, n) == 0)
				return true;
	}
	/* A boolean stores yes or no; a playbook may say true or false. */
	if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0)
		for (i = 0; i < c->n_values; i++) {
			const char *w = c->values[i];
			bool is_yes = ascii_eq(w, "true") || ascii_eq(w, "yes") ||
			    ascii_eq(w, "y") || ascii_eq(w, "on");
			bool is_no = ascii_eq(w, "false") || ascii_eq(w, "no") ||
			    ascii_eq(w, "n") || ascii_eq(w, "off");

			if ((is_yes && v[0] == 'y') || (is_no && v[0] == 'n'))
				return true;
		}
	return false;
}

bool
validate_is_visible(const struct pb_field *f, answer_lookup_fn get,
    void *ctx)
{
	const char *v;

	if (f->when.field == NULL)
		return true;
	v = get(ctx, f->when.field);
	return v != NULL && condition_holds(&f->when, v);
}

bool
validate_is_shown(const struct playbook *pb, const struct pb_field *f,
    answer_lookup_fn get, void *ctx)
{
	const struct pb_field *up;
	int depth;

	/* The loader refuses cycles; the bound keeps a bad tree finite. */
	for (depth = 0; f != NULL && depth < 64; depth++) {
		if (!validate_is_visible(f, get, ctx))
			return false;
		if (f->when.field == NULL || pb == NULL)
			return true;
		up = playbook_field(pb, f->when.field, NULL);
		f = up;
	}
	return true;
}

/* The items of checklist F not ticked in V, as "a", "b" into BUF. */
static const char *
unticked(const struct pb_field *f, const char *v, char *buf, size_t n)
{
	size_t i, used = 0;
	struct buf b = { 0 };

	if (v != NULL)
		buf_add(&b, v);
	buf[0] = '\0';
	for (i = 0; i < f->n_options && used < n; i++)
		if (!list_has(&b, f->options[i].value))
			used += (size_t)snprintf(buf + used, n - used, "%s\"%s\"",
			    used == 0 ? "" : ", ", f->options[i].label != NULL ?
			    f->options[i].label : f->options[i].value);
	free(b.s);
	return buf;
}

/*
 * CSAF 2.0 carries CVSS v3.x only: in a playbook with a csaf output, a
 * CVSS field of STEP answered with a v4.0 vector needs a v3.x vector in
 * another CVSS field of the communication, or the CSAF document could
 * not carry a score.
 */
static enum status
check_csaf_cvss(const struct playbook *pb, const struct pb_step *step,
    answer_lookup_fn get, void *ctx, struct err *err)
{
	const struct pb_field *f, *other = NULL, *g;
	const char *v, *w;
	size_t i, j, k;
	bool has_csaf = false;

	for (i = 0; pb != NULL && i < pb->n_outputs; i++)
		if (strcmp(pb->outputs[i].format, "csaf") == 0)
			has_csaf = true;
	if (!has_csaf)
		return ST_OK;
	for (i = 0; i < step->n_fields; i++) {
		f = &step->fields[i];
		v = get(ctx, f->id);
		if (f->kind != FIELD_CVSS || v == NULL ||
		    strncmp(v, "CVSS:4.", 7) != 0 ||
		    !validate_is_shown(pb, f, get, ctx))
			continue;
		other = NULL;
		for (j = 0; j < pb->n_steps; j++)
			for (k = 0; k < pb->steps[j].n_fields; k++) {
				g = &pb->steps[j].fields[k];
				if (g == f || g->kind != FIELD_CVSS)
					continue;
				w = get(ctx, g->id);
				if (w != NULL && strncmp(w, "CVSS:3.", 7) == 0)
					return ST_OK;
				if (other == NULL)
					other = g;
			}
		if (other != NULL)
			return err_set(err, ST_INVALID, "%s: CSAF 2.0 carries "
			    "CVSS v3.x only: give the v3.1 vector in \"%s\" too",
			    f->label, other->label);
		return err_set(err, ST_INVALID, "%s: CSAF 2.0 carries CVSS v3.x "
		    "only: give a v3.1 vector instead of the v4.0 one", f->label);
	}
	return ST_OK;
}

enum status
validate_step(struct session *s, const struct playbook *pb,
    const struct pb_step *step, answer_lookup_fn get, void *ctx,
    char *warning, struct err *err)
{
	const struct pb_field *f;
	const char *v, *staff;
	char w[VALIDATE_WARN_MAX], list[256], *stored;
	size_t i;
	enum status st;

	if (warning != NULL)
		warning[0] = '\0';
	if (step->kind == PB_STEP_GATE || step->kind == PB_STEP_PUBLISH)
		return ST_OK;
	staff = get(ctx, VALIDATE_STAFF_FIELD);
	for (i = 0; i < step->n_fields; i++) {
		f = &step->fields[i];
		if (!validate_is_shown(pb, f, get, ctx))
			continue;
		v = get(ctx, f->id);
		if (f->kind == FIELD_CHECKLIST && *unticked(f, v, list,
		    sizeof list) != '\0')
			return err_set(err, ST_INVALID, "%s: not ticked yet: %s",
			    f->label, list);
		if (v == NULL || *v == '\0') {
			if (f->is_required)
				return err_set(err, ST_INVALID, "%s: required",
				    f->label);
			continue;
		}
		if ((st = validate_answer(s, f, v, staff, &stored, w, err)) !=
		    ST_OK)
			return st;
		free(stored);
		/* A vector's score is news when it is typed, not a doubt
		 * about the step. */
		if (*w != '\0' && f->kind != FIELD_CVSS)
			warn_add(warning, "%s: %s", f->label, w);
	}
	return check_csaf_cvss(pb, step, get, ctx, err);
}
