/* core/compliance_report.h - the compliance report an assessor reads:
 * every question, its status and evidence with times and IDs, the date,
 * the last evaluation and the audit chain's head, as Markdown, HTML or
 * JSON (share/schemas/compliance-report.schema.json). */
#ifndef HERALD_CORE_COMPLIANCE_REPORT_H
#define HERALD_CORE_COMPLIANCE_REPORT_H

#include <time.h>

#include "core/session.h"

enum report_format {
	REPORT_MD,
	REPORT_HTML,
	REPORT_JSON,
};

/* REPORT_* for "md", "html" or "json"; -1 otherwise. */
int         compliance_report_format(const char *name);

/* The report as of NOW in FORMAT into *OUT (NUL-terminated, caller
 * frees). Verifies the audit chain first: the head it prints is one that
 * verifies. Any user may make it. */
enum status compliance_report(struct session *s, enum report_format format,
    time_t now, char **out, struct err *err);

/* The same, written atomically to PATH (mode 0644); the export is kept
 * in the audit chain with the report's hash. */
enum status compliance_report_write(struct session *s,
    enum report_format format, time_t now, const char *path,
    struct err *err);

#endif
