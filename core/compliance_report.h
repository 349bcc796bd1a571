/* core/compliance_report.h - the compliance report an assessor reads:
 * every question, its status and evidence with times and IDs, the date,
 * the last evaluation and the audit chain's head, as Markdown, HTML or
 * JSON (share/schemas/compliance-report.schema.json). */
#ifndef HERALD_CORE_COMPLIANCE_REPORT_H
#define HERALD_CORE_COMPLIANCE_REPORT_H

#include <jansson.h>
#include <time.h>

#include "core/compliance.h"
#include "core/session.h"

enum report_format {
	REPORT_MD,
	REPORT_HTML,
	REPORT_JSON,
};

/* REPORT_* for "md", "html" or "json"; -1 otherwise. */
int         compliance_report_format(const char *name);
/* "md", "html" or "json". */
const char *compliance_report_format_name(enum report_format format);

/* One question's answer R as JSON, the shape both the report and
 * `herald compliance show --json` give: {"id", "area", "question",
 * "status", "figure", "evidence": [{"kind", "id", "ref", "at", "status",
 * "detail"}]}, a status by its name ("met", "at-risk", "not-met",
 * "no-data"), an evidence id of 0 and a time of NULL as null. New
 * reference. */
json_t     *compliance_result_json(const struct compliance_result *r);

/* The report as of NOW in FORMAT into *OUT (NUL-terminated, caller
 * frees). Verifies the audit chain first: the report gives the rows, the
 * head and whether the chain verified (when not, the head is the last
 * row that did, and the problem is named). Any user may make it; the
 * figures are what the reader may see (need-to-know), the report says
 * so, and the last evaluation's comments are in it only for the SRO and
 * admins. */
enum status compliance_report(struct session *s, enum report_format format,
    time_t now, char **out, struct err *err);

/* The same, written atomically to PATH (mode 0644), in one transaction
 * with its audit row "compliance.report" (format, path, bytes, sha256):
 * the head the report gives is the row before it. Known users only. */
enum status compliance_report_write(struct session *s,
    enum report_format format, time_t now, const char *path,
    struct err *err);

#endif
