/* core/incident.h - opening and reading incidents, each with its one ID. */
#ifndef HERALD_CORE_INCIDENT_H
#define HERALD_CORE_INCIDENT_H

#include <stdbool.h>

#include "core/session.h"
#include "storage/q_incident.h"

struct incident_new {
	const char *title;          /* required, at most 200 characters */
	const char *summary;        /* may be NULL */
	const char *trigger_kind;   /* vulnerability, data-breach, ... */
	const char *severity;       /* none, low, medium, high, critical */
	const char *cvss_vector;    /* may be NULL */
	const char *discovered_at;  /* RFC 3339 in any offset, or NULL */
	const char *aware_at;       /* RFC 3339 in any offset; NULL = now */
	const char *embargo_until;  /* may be NULL */
	bool        is_drill;
};

/* Open an incident: allocates PREFIX-YYYY-NNN in the same transaction as
 * the insert and its audit row. Authors and admins only. Fills OUT (caller
 * clears with incident_clear()) when OUT is not NULL. */
enum status incident_create(struct session *s, const struct incident_new *in,
    struct incident *out, struct err *err);
/* Move incident ID to STATE (open, contained, resolved, closed) if it is
 * still at EXPECTED_VERSION (ST_CONFLICT otherwise). Authors and admins. */
enum status incident_set_state(struct session *s, long long id,
    long long expected_version, const char *state, struct err *err);
/* Replace incident ID's summary (long text, at most 20,000 bytes) if it is
 * still at EXPECTED_VERSION (ST_CONFLICT otherwise). Authors and admins. */
enum status incident_set_summary(struct session *s, long long id,
    long long expected_version, const char *summary, struct err *err);
/* What incident_set_times() changes: NULL leaves a time as it is; ""
 * clears discovered-at or fix-available-at (aware-at is always set).
 * Times are RFC 3339 in any offset. */
struct incident_times {
	const char *discovered_at;
	const char *aware_at;
	const char *fix_available_at;
};
/* Set incident ID's times T if it is still at EXPECTED_VERSION
 * (ST_CONFLICT otherwise); discovery may not be after awareness. The
 * clocks that run from these times move with them. Authors and admins. */
enum status incident_set_times(struct session *s, long long id,
    long long expected_version, const struct incident_times *t,
    struct err *err);
/*
 * Open an incident by reference (SEC-2026-004) or numeric id, for WHAT
 * ("show", "access", ...): one under embargo passes access_check()
 * (core/access.h), which records the access, or refuses it with
 * ST_DENIED. OUT is cleared on failure.
 */
enum status incident_open(struct session *s, const char *ref_or_id,
    const char *what, struct incident *out, struct err *err);
/* incident_open() for "show". */
enum status incident_get(struct session *s, const char *ref_or_id,
    struct incident *out, struct err *err);
/* Load incident ID as a list shows it (the reference of a row about it):
 * only when the acting user may see it in lists, else ST_NOTFOUND; no
 * audit row, as lists have none. */
enum status incident_get_listed(struct session *s, long long id,
    struct incident *out, struct err *err);
/* Incidents matching F (NULL = all) that the acting user may see (need
 * to know, core/access.h). Free with
 * rowlist_free(out, (row_clear_fn)incident_clear). */
enum status incident_list(struct session *s, const struct incident_filter *f,
    struct rowlist *out, struct err *err);

/* The most rows one page may ask for. */
#define INCIDENT_PAGE_MAX 1000

/*
 * One page of the incident list, reading only its rows (see struct
 * incident_page_query in storage/q_incident.h for the order, search and
 * the keyset): Q->limit rows after Q->after, or before it with
 * Q->is_backward, where a backward page without Q->after is the last page
 * (for End). OUT comes in display order and is always initialised; free
 * it with rowlist_free(out, (row_clear_fn)incident_clear). Fewer than
 * Q->limit rows means the list ends there. Anyone may read.
 */
enum status incident_page(struct session *s,
    const struct incident_page_query *q, struct rowlist *out,
    struct err *err);

/* How many incidents match F (NULL = all), of those the acting user may
 * see. */
enum status incident_count(struct session *s, const struct incident_filter *f,
    long long *n, struct err *err);

/* The allowed values, NULL-terminated. */
const char *const *incident_trigger_kinds(void);
const char *const *incident_severities(void);
const char *const *incident_states(void);
/* Whether V is in the NULL-terminated LIST. */
bool        vocab_has(const char *const *list, const char *v);
/* LIST joined with ", " into BUF of N bytes; returns BUF. */
char       *vocab_join(const char *const *list, char *buf, size_t n);
/* Format "PREFIX-YEAR-NNN" (at least three digits) into BUF of N bytes. */
void        incident_format_ref(char *buf, size_t n, const char *prefix,
    int year, long long number);

#endif
