/* core/communication.h - what is said about an incident (or a release
 * cycle), its answers field by field, and the products an incident affects. */
#ifndef HERALD_CORE_COMMUNICATION_H
#define HERALD_CORE_COMMUNICATION_H

#include <stdbool.h>

#include "core/session.h"
#include "storage/q_affected.h"
#include "storage/q_communication.h"

/* What communication_create() needs. */
struct communication_new {
	long long   incident_id;     /* every kind but eol-notice; else 0 */
	long long   cycle_id;        /* eol-notice only; else 0 */
	const char *kind;            /* advisory, customer-notice, ... */
	const char *audience;        /* public, customers, regulator, internal */
	const char *title;           /* required, at most 200 characters */
	const char *playbook;        /* the playbook's name */
	const char *playbook_version;
	const char *playbook_hash;   /* 64 lowercase hex digits (SHA-256) */
	const char *variant;         /* the playbook's variant; NULL = "" */
};

/* What affected_add() needs. */
struct affected_new {
	long long   incident_id;
	long long   product_id;
	long long   cycle_id;        /* 0 = the product as a whole */
	const char *version_range;   /* may be NULL */
	const char *status;          /* known_affected, fixed, ... */
	const char *justification;   /* known_not_affected only, and then required */
	const char *ecosystem;       /* GitHub's ecosystem, or NULL */
	const char *package;         /* needs an ecosystem; or NULL */
};

/* Longest title, playbook name, answer field name and answer value. */
#define COMMUNICATION_TITLE_MAX 200
#define ANSWER_FIELD_MAX        64
#define ANSWER_VALUE_MAX        262144

/* Open a draft communication from IN, at revision 1. Authors and admins
 * only. Sets *ID when ID is not NULL. */
enum status communication_create(struct session *s,
    const struct communication_new *in, long long *id, struct err *err);
/* Load communication ID into OUT (caller clears with communication_clear()). */
enum status communication_get(struct session *s, long long id,
    struct communication *out, struct err *err);
/* The communications about INCIDENT_ID by id. Free with
 * rowlist_free(out, (row_clear_fn)communication_clear). */
enum status communication_list_for_incident(struct session *s,
    long long incident_id, struct rowlist *out, struct err *err);
/* The communications about release cycle CYCLE_ID (its end-of-life
 * notices) by id, along an index of their own. Free as above. */
enum status communication_list_for_cycle(struct session *s,
    long long cycle_id, struct rowlist *out, struct err *err);
/* Communications in STATE (NULL = any) by id; LIMIT 0 = all. Free as above. */
enum status communication_list_by_state(struct session *s, const char *state,
    long long limit, long long offset, struct rowlist *out, struct err *err);

/* The most rows one page may ask for. */
#define COMMUNICATION_PAGE_MAX 1000

/*
 * One page of communications in STATE (NULL = any), most recently updated
 * first, each with what it is about (struct communication_row: the
 * incident's ref, or "slug cycle" of an end-of-life notice's cycle),
 * reading only its rows: LIMIT rows after AFTER (a row of the previous
 * page: its updated_at and id; NULL = from the start), or before it with
 * IS_BACKWARD (NULL: the last page), still in display order. OUT is
 * always initialised; free it with
 * rowlist_free(out, (row_clear_fn)communication_row_clear).
 */
enum status communication_page(struct session *s, const char *state,
    const struct communication *after, bool is_backward, int limit,
    struct rowlist *out, struct err *err);
/* How many communications are in STATE (required), for the home tiles:
 * one walk of that state's part of an index. */
enum status communication_count(struct session *s, const char *state,
    long long *n, struct err *err);

/*
 * Move communication ID to STATE if its version is still EXPECTED_VERSION
 * (ST_CONFLICT otherwise). Allowed by hand, to authors and admins: draft
 * -> in-review, in-review -> draft (recalled), approved -> draft (to edit
 * it), approved -> published -> withdrawn. Nobody moves one to approved:
 * the approvals policy does (core/review.h), when every gate is
 * satisfied, and it sends one back to draft on a rejection (ST_INVALID
 * and ST_DENIED otherwise).
 */
enum status communication_set_state(struct session *s, long long id,
    long long expected_version, const char *state, struct err *err);
/* Whether a communication may move from state FROM to state TO. */
bool        communication_can_move(const char *from, const char *to);

/* The allowed values, NULL-terminated. */
const char *const *communication_kinds(void);
const char *const *communication_audiences(void);
const char *const *communication_states(void);

/*
 * Set the answer to FIELD of communication COMMUNICATION_ID to VALUE.
 * EXPECTED_VERSION is the version of that field the editor saw: 0 when it
 * had no answer yet. Someone else's newer edit of the same field gives
 * ST_CONFLICT naming the field; other fields never conflict. A change
 * makes a new version of the communication (not a new revision: that is
 * a round of publication, see comm_update()); one approved goes back to
 * review when the words it publishes change, and the approvals that no
 * longer hold are audited stale (core/review.h, review_edit_begin());
 * the editor is remembered, as an editor may not approve it; setting the
 * value it already has changes nothing. Refused
 * once the communication is published or withdrawn. Authors and admins
 * only. The field's new version goes to *VERSION when it is not NULL.
 */
enum status answer_set(struct session *s, long long communication_id,
    const char *field, const char *value, long long expected_version,
    long long *version, struct err *err);
/* Load the answer to FIELD into OUT (caller clears with answer_clear());
 * ST_NOTFOUND when the field has no answer. */
enum status answer_get(struct session *s, long long communication_id,
    const char *field, struct answer *out, struct err *err);
/* Every answer of COMMUNICATION_ID, by field. Free with
 * rowlist_free(out, (row_clear_fn)answer_clear). */
enum status answer_list(struct session *s, long long communication_id,
    struct rowlist *out, struct err *err);

/*
 * Record that incident IN->incident_id affects product IN->product_id
 * (optionally only its cycle IN->cycle_id) in version_range, with a CSAF
 * product status: known_affected, fixed, under_investigation, or
 * known_not_affected with one of CSAF's justifications (required then, and
 * refused otherwise). ecosystem (GitHub's: npm, pip, maven, ...) and
 * package are optional ("" counts as absent), but a package needs its
 * ecosystem. Authors and admins only. Sets *ID when ID is not NULL.
 */
enum status affected_add(struct session *s, const struct affected_new *in,
    long long *id, struct err *err);
/* Remove affected-product row ID. Authors and admins only. */
enum status affected_remove(struct session *s, long long id, struct err *err);
/* The affected-product rows of INCIDENT_ID by id. Free with
 * rowlist_free(out, (row_clear_fn)affected_clear). */
enum status affected_list_for_incident(struct session *s,
    long long incident_id, struct rowlist *out, struct err *err);

/* The allowed values, NULL-terminated. */
const char *const *affected_statuses(void);
const char *const *affected_justifications(void);
const char *const *affected_ecosystems(void);

#endif
