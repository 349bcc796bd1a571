/* core/secret.h - credentials read at send time, never stored in the
 * database, never printed. */
#ifndef HERALD_CORE_SECRET_H
#define HERALD_CORE_SECRET_H

#include <jansson.h>

#include "util/err.h"

/*
 * The secret NAME of channel settings SETTINGS: from the file named by
 * "NAME_file" (refused when group or others may read it, or it is not a
 * regular file: the message names the file and its mode, and says chmod
 * 600), else from the environment variable named by "NAME_env". Trailing
 * newlines are dropped. *OUT gets it (caller wipes and frees it with
 * secret_free()); ST_NOTFOUND when neither key is set; messages name the
 * channel setting and the file or variable, never the secret.
 */
enum status secret_read(const json_t *settings, const char *name,
    char **out, struct err *err);
/* Overwrite S with zeroes, then free it; NULL is allowed. */
void        secret_free(char *s);

#endif
