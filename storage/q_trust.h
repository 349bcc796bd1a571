/* storage/q_trust.h - the trust page's entries. */
#ifndef HERALD_STORAGE_Q_TRUST_H
#define HERALD_STORAGE_Q_TRUST_H

#include "storage/db.h"
#include "storage/records.h"

/* One entry of the trust page: a certification held, a key control, a
 * data-handling practice, a sub-processor, how to request a report, a
 * security contact. */
struct trust_entry {
	long long id;
	char     *section;       /* TRUST_SECTION_* (core/trust.h) */
	char     *title;
	char     *body;          /* Markdown; "" when none */
	char     *extra;         /* issuer/scope, location/purpose; "" */
	char     *valid_until;   /* YYYY-MM-DD, certifications only; NULL */
	long long position;      /* order within its section, from 1 */
	long long updated_by;    /* user id; 0 when unknown */
	char     *updated_at;
};
void        trust_entry_clear(struct trust_entry *e);

/*
 * Loaders fill a caller-owned struct (clear it with trust_entry_clear());
 * list functions initialise OUT and fill it even on failure, so the
 * caller always frees it with rowlist_free(out,
 * (row_clear_fn)trust_entry_clear).
 */

/* Insert E (section, title, body, extra, valid_until, position,
 * updated_by, updated_at); sets E->id. */
enum status q_trust_insert(struct db *db, struct trust_entry *e,
    struct err *err);
/* Write E's title, body, extra, valid_until, position, updated_by and
 * updated_at; ST_NOTFOUND when E->id is absent. */
enum status q_trust_update(struct db *db, const struct trust_entry *e,
    struct err *err);
enum status q_trust_delete(struct db *db, long long id, struct err *err);
/* Load by id; ST_NOTFOUND when absent. */
enum status q_trust_by_id(struct db *db, long long id,
    struct trust_entry *e, struct err *err);
/* Every entry, by section (in the CHECK's order), position, id. */
enum status q_trust_list(struct db *db, struct rowlist *out,
    struct err *err);
/* The largest position in SECTION (0 when empty). */
enum status q_trust_max_position(struct db *db, const char *section,
    long long *pos, struct err *err);
/* The entry of SECTION next to POSITION (ID breaking ties): the one just
 * before it when UP, else just after; ST_NOTFOUND when none. */
enum status q_trust_neighbour(struct db *db, const char *section,
    long long position, long long id, int up, struct trust_entry *e,
    struct err *err);
/* Set the position of entry ID. */
enum status q_trust_set_position(struct db *db, long long id,
    long long position, struct err *err);
/* When the trust content last changed: the newest updated_at of an entry
 * or time of an audit row about one (a removal leaves only that); NULL in
 * *AT when never. Caller frees. */
enum status q_trust_last_change(struct db *db, char **at, struct err *err);

#endif
