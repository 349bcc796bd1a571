/* storage/q_incident.h - incidents, their IDs and who may see them. */
#ifndef HERALD_STORAGE_Q_INCIDENT_H
#define HERALD_STORAGE_Q_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>

#include "storage/db.h"
#include "storage/records.h"

/* Take the next number for PREFIX in YEAR inside the caller's write
 * transaction; numbers start at 1 and are never reused. */
enum status q_incident_next_number(struct db *db, const char *prefix, int year,
    long long *number, struct err *err);
/* Insert I (ref, title, ..., created_at); sets I->id. */
enum status q_incident_insert(struct db *db, struct incident *i,
    struct err *err);
enum status q_incident_by_id(struct db *db, long long id, struct incident *i,
    struct err *err);
enum status q_incident_by_ref(struct db *db, const char *ref,
    struct incident *i, struct err *err);

struct incident_filter {
	const char *state;       /* NULL = any */
	const char *trigger_kind;
	const char *severity;
	int         drills;      /* -1 = any, 0 = real only, 1 = drills only */
	long long   limit;       /* 0 = all */
	long long   offset;
};

/* Incidents matching F that the viewer may see, most recently updated
 * first (then by id). */
enum status q_incident_list(struct db *db, const struct incident_filter *f,
    struct rowlist *out, struct err *err);
/* The orders a list of incidents offers; ties always go by id. */
enum incident_sort {
	INCIDENT_SORT_UPDATED,   /* most recently updated first */
	INCIDENT_SORT_REF,       /* by id, so SEC-2026-001 before -002 */
	INCIDENT_SORT_SEVERITY,  /* critical first, then by updated */
};

/*
 * One page of a list, by keyset: the rows just after (or before) a row the
 * caller already shows, so a page costs the same at row 10 and at row
 * 100,000, and rows added or changed meanwhile never make a page repeat or
 * skip one.
 *
 * The list is drawn from an index that holds its order: the one for the
 * first of the filters drills == 1, state, severity, trigger_kind that is
 * set, else the sort's own. Further filters are checked row by row along
 * it, so a rare combination reads more of that index, but a page never
 * sorts and never reads the whole table.
 *
 * With SEARCH the rows come in id order instead of SORT's: ascending for
 * INCIDENT_SORT_REF, newest opened first otherwise. The full-text index
 * hands matches over by rowid and can stop at LIMIT only in that order;
 * sorting the matches by another key would read every match first.
 */
struct incident_page_query {
	const struct incident_filter *filter;  /* NULL = all; limit and offset
	                                        * are ignored */
	const char             *search;  /* words to find in title or
	                                  * summary, each a prefix, all
	                                  * required; any text is valid;
	                                  * NULL or blank = none */
	enum incident_sort      sort;
	const struct incident  *after;   /* continue after this row: its id,
	                                  * and updated_at and severity when
	                                  * the order uses them; NULL = from
	                                  * the start */
	bool                    is_backward;  /* the rows before AFTER instead
	                                       * (NULL: the last page), still
	                                       * in display order */
	int                     limit;   /* rows wanted, more than 0 */
};

/* One page of incidents for Q (see above); fills OUT in display order. */
enum status q_incident_page(struct db *db, const struct incident_page_query *q,
    struct rowlist *out, struct err *err);
/* The FTS5 query for the user's TEXT: each blank-separated word as a
 * quoted prefix phrase ("a ""b"""*), so no input is a syntax error; NULL
 * when TEXT is NULL or blank. Caller frees. */
char       *q_incident_match_expr(const char *text);
/* Every SQL text q_incident_page() may run, q_incident_count()'s for one
 * filter alone, and those of q_incident_by_id(), _by_ref(), _list() and
 * _update(), for the query-plan test; an entry with a NULL sql is a
 * combination never run. */
const struct db_query *q_incident_queries(size_t *n);

/* How many incidents match F (NULL = all); limit and offset are ignored.
 * One filter alone (drills only 1) counts along its index; no filter, or
 * a combination of filters, checks every row. Only incidents the viewer
 * may see count (need to know, SQL_SEES). */
enum status q_incident_count(struct db *db, const struct incident_filter *f,
    long long *n, struct err *err);
/* Save I's editable fields if its version is still I->version; bumps it.
 * ST_CONFLICT when someone else saved first. */
enum status q_incident_update(struct db *db, struct incident *i,
    struct err *err);

#endif
