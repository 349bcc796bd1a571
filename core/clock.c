/* core/clock.c - one source of "now", so tests never depend on today's date. */
#include "config.h"

#include "core/clock.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static time_t fixed_now;

enum status
clock_init(struct err *err)
{
	const char *env = getenv("HERALD_NOW");
	time_t t;
	enum status st;

	if (env == NULL || *env == '\0')
		return ST_OK;
	if ((st = clock_parse(env, &t, err)) != ST_OK) {
		err_prefix(err, "HERALD_NOW");
		return st;
	}
	fixed_now = t;
	return ST_OK;
}

void
clock_set_fixed(time_t t)
{
	fixed_now = t;
}

time_t
clock_fixed(void)
{
	return fixed_now;
}

time_t
clock_now(void)
{
	return fixed_now != 0 ? fixed_now : time(NULL);
}

/* T's UTC calendar time, held to the years RFC 3339 can write (0000 to
 * 9999): a clock far beyond them (a span of many years after a late
 * time) reads as the last second of 9999, and parses back. */
static void
utc_tm(time_t t, struct tm *tm)
{
	const long long first = -62167219200LL;        /* 0000-01-01 */
	const long long last = 253402300799LL;         /* 9999-12-31T23:59:59 */

	if ((long long)t < first)
		t = (time_t)first;
	else if ((long long)t > last)
		t = (time_t)last;
	gmtime_r(&t, tm);
}

void
clock_format(time_t t, char *buf)
{
	struct tm tm;

	utc_tm(t, &tm);
	snprintf(buf, CLOCK_BUFSZ, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

void
clock_format_date(time_t t, char *buf)
{
	struct tm tm;

	utc_tm(t, &tm);
	snprintf(buf, 11, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

void
clock_format_rfc822(time_t t, char *buf)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	utc_tm(t, &tm);
	snprintf(buf, CLOCK_RFC822_BUFSZ, "%s, %02d %s %04d %02d:%02d:%02d "
	    "+0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void
clock_now_str(char *buf)
{
	clock_format(clock_now(), buf);
}

int
clock_year(time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

time_t
clock_add_days(time_t t, int days)
{
	return t + (time_t)days * 86400;
}

/* Read exactly N digits at *P into *V. */
static int
digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

time_t
clock_add_months(time_t t, int months)
{
	struct tm tm;
	int m, y, last;

	gmtime_r(&t, &tm);
	m = tm.tm_mon + months;
	y = tm.tm_year + 1900 + (m >= 0 ? m / 12 : (m - 11) / 12);
	m = (m % 12 + 12) % 12;
	last = days_in_month(y, m + 1);
	tm.tm_year = y - 1900;
	tm.tm_mon = m;
	if (tm.tm_mday > last)
		tm.tm_mday = last;
	return timegm(&tm);
}

enum status
clock_parse(const char *s, time_t *out, struct err *err)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	struct tm tm;

	if (s == NULL)
		return err_set(err, ST_INVALID, "no time given");
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d))
		goto bad;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) ||
		    *p++ != ':' || digits(&p, 2, &sec))
			goto bad;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				goto bad;
			while (isdigit((unsigned char)*p))
				p++;
		}
		if (*p == 'Z' || *p == 'z')
			p++;
		else if (*p == '+' || *p == '-') {
			sign = *p++ == '+' ? 1 : -1;
			if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om))
				goto bad;
		} else
			goto bad;
	}
	if (*p != '\0')
		goto bad;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
	    mi > 59 || sec > 60 || oh > 23 || om > 59)
		return err_set(err, ST_INVALID, "%s: no such date or time", s);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec == 60 ? 59 : sec;
	*out = timegm(&tm) - sign * (oh * 3600 + om * 60);
	return ST_OK;
bad:
	return err_set(err, ST_INVALID, "%s: not an RFC 3339 time "
	    "(like 2026-11-24T09:30:00Z or 2026-11-24)", s);
}
