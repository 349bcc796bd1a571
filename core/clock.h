/* core/clock.h - the current time (injectable for tests) and RFC 3339 text. */
#ifndef HERALD_CORE_CLOCK_H
#define HERALD_CORE_CLOCK_H

#include <time.h>

#include "util/err.h"

/* "2026-11-24T07:37:53Z" plus NUL. */
#define CLOCK_BUFSZ 21

/* Read HERALD_NOW (RFC 3339) if set: from then on clock_now() returns it. */
enum status clock_init(struct err *err);
/* Tests: pin the clock to T; 0 returns to the real clock. */
void        clock_set_fixed(time_t t);
/* The pinned time, or 0 when the clock is real. */
time_t      clock_fixed(void);
time_t      clock_now(void);
/* Format T as UTC RFC 3339 into BUF (CLOCK_BUFSZ bytes). */
void        clock_format(time_t t, char *buf);
/* Format T's UTC date as YYYY-MM-DD into BUF (11 bytes). */
void        clock_format_date(time_t t, char *buf);
/* "Sun, 01 Mar 2026 12:00:00 +0000" plus NUL. */
#define CLOCK_RFC822_BUFSZ 32
/* Format T as RFC 822 with a four-digit year (RSS 2.0's dates), UTC and
 * in English whatever the locale, into BUF (CLOCK_RFC822_BUFSZ bytes). */
void        clock_format_rfc822(time_t t, char *buf);
/* The current time as UTC RFC 3339 into BUF. */
void        clock_now_str(char *buf);
/* Parse RFC 3339 ("...Z" or "...+02:00", optional fraction) or a date
 * (YYYY-MM-DD, taken as midnight UTC) into *OUT. */
enum status clock_parse(const char *s, time_t *out, struct err *err);
/* The UTC calendar year of T. */
int         clock_year(time_t t);
/* T moved by DAYS whole days (may be negative). */
time_t      clock_add_days(time_t t, int days);
/* T moved by MONTHS calendar months (may be negative), the day of the
 * month clamped to the new month's last (31 Aug + 1 month: 30 Sep). */
time_t      clock_add_months(time_t t, int months);

#endif
