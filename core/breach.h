/* core/breach.h - the register of personal-data breaches (GDPR art.
 * 33(5)): the facts, effects and remedial action of each breach, whether
 * the regulator was told, and why not; kept for an assessor. */
#ifndef HERALD_CORE_BREACH_H
#define HERALD_CORE_BREACH_H

#include <time.h>

#include "core/session.h"
#include "storage/q_breach.h"

/* Limits, in bytes. */
#define BREACH_TITLE_MAX 200
#define BREACH_TEXT_MAX  20000
#define BREACH_SHORT_MAX 500
/* The most rows one page of breach_list() may ask for. */
#define BREACH_PAGE_MAX  1000

/*
 * What a person enters. For breach_record() NULL means empty (or the
 * default: risk "unassessed", regulator not decided); for breach_update()
 * NULL leaves a field as it is and "" clears it (only where a field may
 * be empty). INCIDENT is a reference (SEC-2026-004) or an id; "" or "-"
 * unlinks on update. Times are RFC 3339 in any offset (stored as UTC).
 */
struct breach_fields {
	const char *incident;
	const char *title;
	const char *occurred_at;
	const char *discovered_at;
	const char *aware_at;
	const char *facts;
	const char *effects;
	const char *remedial_action;
	const char *data_categories;
	const char *people_count;
	const char *records_count;
	const char *risk;
	const char *regulator_notified;
	const char *reason_not_notified;
};

/*
 * The rules of a breach as it would be stored (B): title, aware_at,
 * facts, effects and remedial_action required; aware_at not in the future
 * (NOW) and not before occurred_at or discovered_at; risk one of
 * breach_risks(); regulator_notified NULL or one of breach_regulator_
 * values(), and "no" or "not-required" need a reason. ST_INVALID naming
 * the field ("effects: required (GDPR art. 33(5): the effects of the
 * breach)").
 */
enum status breach_check(const struct breach *b, time_t now, struct err *err);

/* Record a breach from IN. Authors, admins and the SRO. A linked incident
 * must be one the person may see (else "not found") and not a drill.
 * Audited "breach.record" with the field names given, the incident's id,
 * risk and regulator_notified, never a text. Sets *ID when ID is not
 * NULL. */
enum status breach_record(struct session *s, const struct breach_fields *in,
    long long *id, struct err *err);
/* Change breach ID's fields given in IN if it is still at
 * EXPECTED_VERSION (ST_CONFLICT naming the version and when it changed
 * otherwise). Same roles and rules as breach_record(). ST_INVALID
 * "nothing to change" when IN gives no field; the values it has already
 * write nothing. Audited "breach.update" with the names of the fields
 * changed. */
enum status breach_update(struct session *s, long long id,
    long long expected_version, const struct breach_fields *in,
    struct err *err);
/* Link breach ID to the incident INCIDENT (reference or id; "" or "-"
 * unlinks), at EXPECTED_VERSION. */
enum status breach_link(struct session *s, long long id,
    long long expected_version, const char *incident, struct err *err);
/* Load breach ID into OUT (caller clears with breach_clear()). Known users
 * may read; one linked to an incident the person may not see is "not
 * found". */
enum status breach_get(struct session *s, long long id, struct breach *out,
    struct err *err);
/* The breach linked to incident INCIDENT_ID (the last changed, when
 * several are) into OUT (caller clears); ST_NOTFOUND when none is, or the
 * person may not see the incident. Known users. */
enum status breach_for_incident(struct session *s, long long incident_id,
    struct breach *out, struct err *err);
/* One page of the register, newest aware_at first: LIMIT rows (1 to
 * BREACH_PAGE_MAX, 0 = all) after AFTER (NULL = from the start). Free
 * with rowlist_free(out, (row_clear_fn)breach_clear), even on failure. */
enum status breach_list(struct session *s, const struct breach *after,
    int limit, struct rowlist *out, struct err *err);
/*
 * A breach pre-filled from the data-breach incident REF (reference or id)
 * into OUT (not stored; caller clears): its title, times and reference,
 * and from its breach-notification communications' answers (the first
 * non-empty of each): what-happened -> facts, consequences -> effects,
 * measures -> remedial action, data-categories, people-count and
 * records-count. ST_INVALID for an incident that is not a data breach or
 * is a drill.
 */
enum status breach_prefill(struct session *s, const char *incident,
    struct breach *out, struct err *err);

/* The allowed values, NULL-terminated. */
const char *const *breach_risks(void);
const char *const *breach_regulator_values(void);

enum breach_format {
	BREACH_MD,
	BREACH_CSV,
	BREACH_JSON,
};
/* Parse "md", "markdown", "csv" or "json"; ST_INVALID otherwise. */
enum status breach_format_parse(const char *name, enum breach_format *out,
    struct err *err);
/* The whole register (every field of every row the person may see,
 * newest first) in FMT into *OUT (caller frees): Markdown, CSV (RFC 4180,
 * cells that a spreadsheet would read as a formula prefixed with ') or
 * JSON. Known users. */
enum status breach_export(struct session *s, enum breach_format fmt,
    char **out, struct err *err);
/* TEXT (NULL: "") as one CSV cell: quoted when needed (RFC 4180), with
 * a ' before a leading = + - @ (or tab, carriage return) so no
 * spreadsheet runs it as a formula. Allocated. */
char       *breach_csv_cell(const char *text);

#endif
