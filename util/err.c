/* util/err.c - status codes and error messages. */
#include "config.h"

#include "util/err.h"

#include <stdio.h>
#include <string.h>

enum status
err_vset(struct err *err, enum status code, const char *fmt, va_list ap)
{
	if (err != NULL) {
		err->code = code;
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	}
	return code;
}

enum status
err_set(struct err *err, enum status code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(err, code, fmt, ap);
	va_end(ap);
	return code;
}

void
err_prefix(struct err *err, const char *fmt, ...)
{
	char head[256], old[sizeof err->msg];
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	snprintf(err->msg, sizeof err->msg, "%s: %s", head, old);
}

void
err_clear(struct err *err)
{
	if (err != NULL) {
		err->code = ST_OK;
		err->msg[0] = '\0';
	}
}

const char *
status_str(enum status code)
{
	switch (code) {
#define X(name, msg, ec) case ST_##name: return msg;
	STATUS_LIST(X)
#undef X
	}
	return "unknown status";
}

int
status_exit_code(enum status code)
{
	switch (code) {
#define X(name, msg, ec) case ST_##name: return ec;
	STATUS_LIST(X)
#undef X
	}
	return 1;
}
