/* util/err.h - status codes and the human-readable error that goes with them. */
#ifndef HERALD_UTIL_ERR_H
#define HERALD_UTIL_ERR_H

#include <stdarg.h>

/*
 * One list, so the enum, the names and the exit codes never drift.
 * X(name, message, exit code of the command line)
 */
#define STATUS_LIST(X) \
	X(OK,        "ok",                          0) \
	X(NOMEM,     "out of memory",               1) \
	X(NOTFOUND,  "not found",                   4) \
	X(CONFLICT,  "changed by someone else",     5) \
	X(INVALID,   "invalid input",               3) \
	X(DENIED,    "not permitted",               6) \
	X(EXISTS,    "already exists",              5) \
	X(BUSY,      "database is busy",            7) \
	X(DB,        "database error",              8) \
	X(SCHEMA,    "unsupported database",        9) \
	X(IO,        "input/output error",          10) \
	X(TAMPERED,  "audit chain broken",          11) \
	X(INTERNAL,  "internal error",              1)

enum status {
#define X(name, msg, code) ST_##name,
	STATUS_LIST(X)
#undef X
};

/* Details of a failure, for a person to act on. Functions accept NULL. */
struct err {
	enum status code;
	char        msg[512];
};

/* Record CODE with a printf-style message in ERR (if not NULL); return CODE. */
enum status err_set(struct err *err, enum status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
enum status err_vset(struct err *err, enum status code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* Prefix the message already in ERR with printf-style context. */
void        err_prefix(struct err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Clear ERR to ST_OK with an empty message. */
void        err_clear(struct err *err);
/* Short English text for CODE. */
const char *status_str(enum status code);
/* The command line's exit code for CODE. */
int         status_exit_code(enum status code);

#endif
