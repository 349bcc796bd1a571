/* core/reader.h - an answer as its reader reads it. */
#ifndef HERALD_CORE_READER_H
#define HERALD_CORE_READER_H

#include "core/playbook.h"
#include "core/session.h"

/*
 * STORED (F's stored answer) as a reader reads it: booleans as Yes/No,
 * choices by their labels (one a line), a CVSS vector as "9.8 Critical
 * (CVSS:...)", product rows one a line in words ("Harbor Gateway 3.1,
 * versions <3.1.26: known affected"), the rest as the form shows it.
 * Allocated; caller frees.
 */
char *reader_text(struct session *s, const struct pb_field *f,
    const char *stored);
/* The label of option VALUE (N bytes) of F, or NULL when F has none. */
const char *reader_option_label(const struct pb_field *f, const char *value,
    size_t n);

#endif
