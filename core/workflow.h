/* core/workflow.h - a communication driven by its playbook: starting it,
 * answering its fields, marking steps done, sending it for review, and
 * the updates after publication. Each function is one user action, used
 * by the console and the command line alike. */
#ifndef HERALD_CORE_WORKFLOW_H
#define HERALD_CORE_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/playbook.h"
#include "core/session.h"
#include "core/validate.h"
#include "storage/records.h"

struct rendered;          /* core/render.h */

/* A communication with the playbook it started with (as stored then,
 * whatever the file says now) and its answers. */
struct comm_doc {
	struct communication     comm;
	struct playbook         *pb;
	const struct pb_variant *variant;   /* in PB */
	struct rowlist           answers;   /* struct answer, by field */
	char                    *incident_ref; /* NULL for a cycle's */
};
void comm_doc_clear(struct comm_doc *d);

/* Load communication ID with its playbook and answers. */
enum status comm_open(struct session *s, long long id, struct comm_doc *out,
    struct err *err);
/* comm_open() without counting as an open of an incident under embargo:
 * for a communication taken from a list (which shows only what the viewer
 * may see) or whose incident the viewer has just opened. */
enum status comm_load(struct session *s, long long id, struct comm_doc *out,
    struct err *err);
/* Read D's communication and answers again (after someone else's edit);
 * the playbook stays. */
enum status comm_reload(struct session *s, struct comm_doc *d,
    struct err *err);
/* D's answer to FIELD (stored form) or NULL; and the whole answer row. */
const char          *comm_value(const struct comm_doc *d, const char *field);
const struct answer *comm_answer_row(const struct comm_doc *d,
    const char *field);
/* comm_value() as an answer_lookup_fn, with CTX the comm_doc. */
const char          *comm_lookup(void *ctx, const char *field);

/* What comm_start() needs. */
struct comm_start {
	const char *incident;    /* reference or id; NULL for a cycle's */
	const char *cycle;       /* "slug cycle" (eol-notice); else NULL */
	const char *playbook;    /* a name (see playbook_find()) */
	const char *variant;     /* one variant's id; NULL = every variant */
	const char *title;       /* NULL: the variant's title and the
	                          * incident's reference and title */
};

/*
 * Start the communications of playbook IN->playbook about an incident
 * (or, for an end-of-life notice, a release cycle): one per variant, or
 * just IN->variant. The playbook's text is stored by hash with the
 * communication, which records its name, version and hash. Fields with
 * a default start with it; a field another communication of the same
 * incident and playbook already answered starts with that answer; before
 * the default comes the incident's or cycle's fact named by the field's
 * "from", when it is a valid answer.
 * Authors and admins only. IDS (room for N_IDS) gets the new ids;
 * *N_STARTED how many.
 */
enum status comm_start(struct session *s, const struct comm_start *in,
    long long *ids, size_t n_ids, size_t *n_started, struct err *err);
/* comm_start() with playbook PB already loaded (and its file left alone):
 * for tests and for callers that parsed a playbook themselves. */
enum status comm_start_with(struct session *s, const struct comm_start *in,
    const struct playbook *pb, long long *ids, size_t n_ids,
    size_t *n_started, struct err *err);

/*
 * Validate INPUT for FIELD (validate_answer()) and save it if the field is
 * still at EXPECTED_VERSION (0: no answer yet), with its audit row, in one
 * transaction. Someone else's newer save of the same field gives
 * ST_CONFLICT and saves nothing. A change that makes a done step invalid
 * takes its mark away. WARNING (VALIDATE_WARN_MAX bytes, may be NULL) as
 * validate_answer(). *VERSION (may be NULL) gets the field's new version.
 */
enum status comm_set_answer(struct session *s, const struct comm_doc *d,
    const char *field, const char *input, long long expected_version,
    long long *version, char *warning, struct err *err);

enum step_state {
	STEP_NOT_REACHED,        /* an earlier step is not done */
	STEP_CURRENT,            /* the first step not done */
	STEP_DONE,
	STEP_WAITING,            /* a gate reached: waiting for approval */
};
/* "not reached", "current", "done", "waiting for approval" */
const char *step_state_name(enum step_state st);

struct step_status {
	const struct pb_step *step;     /* in the comm_doc's playbook */
	enum step_state       state;
	char                 *done_at;  /* when marked done, or NULL */
	long long             done_by;
	char                  problem[256]; /* why it cannot be done yet, or "" */
};
void step_status_clear(struct step_status *ss);

/* The steps of D's variant in order, each with its state. Free with
 * rowlist_free(out, (row_clear_fn)step_status_clear). */
enum status comm_steps(struct session *s, const struct comm_doc *d,
    struct rowlist *out, struct err *err);

/*
 * Mark step STEP of D done: refused (ST_INVALID, naming the field and the
 * reason) unless validate_step() passes and every earlier step is done;
 * gates and publish steps are not marked by hand. Marking a step done
 * that is already done changes nothing. WARNING as comm_set_answer().
 */
enum status comm_step_done(struct session *s, const struct comm_doc *d,
    const char *step, char *warning, struct err *err);
/* Take the done mark off STEP of D (and the steps after it), so it can be
 * changed. */
enum status comm_step_reopen(struct session *s, const struct comm_doc *d,
    const char *step, struct err *err);

/* Send D for review: every step before its first gate must be done; the
 * draft moves to in-review, and on to approved when every gate passes
 * already (pre-approved, or approvals of these very words). Authors and
 * admins. */
enum status comm_submit(struct session *s, const struct comm_doc *d,
    struct err *err);

/* Why a published communication is updated: the kinds of update. */
#define UPDATE_REASON_LIST(X) \
	X(NEW_FACTS,     "new-facts",     "New facts") \
	X(FIX_AVAILABLE, "fix-available", "Fix available") \
	X(RESOLVED,      "resolved",      "Resolved") \
	X(CORRECTION,    "correction",    "Correction")

/* The names of the kinds of update, NULL-terminated (for pickers). */
const char *const *comm_update_reasons(void);

/*
 * Read REASON as "KIND" or "KIND: NOTE" (KIND one of the kinds of update,
 * case and "-" or " " alike; NOTE free text, one line) into its stored
 * form, "fix-available" or "fix-available: ARM packages published", in
 * OUT (of N bytes). ST_INVALID naming the kinds otherwise.
 */
enum status comm_update_reason(const char *reason, char *out, size_t n,
    struct err *err);
/* A stored reason as a reader reads it: "Fix available: ARM packages
 * published"; other text as it is. Allocated; caller frees. */
char       *comm_reason_label(const char *reason);

/*
 * Start an update of published communication D (new facts, a fix
 * available, resolved, a correction): revision + 1, back to draft, with
 * REASON (see comm_update_reason()) kept on the revision; the answers stay
 * as published and the steps are to be gone through again. The published
 * revision's snapshot stays.
 */
enum status comm_update(struct session *s, const struct comm_doc *d,
    const char *reason, struct err *err);
/* comm_update() with the kind and the note (may be NULL) apart. */
enum status comm_update_note(struct session *s, const struct comm_doc *d,
    const char *kind, const char *note, struct err *err);
/* Withdraw published communication D, with REASON. */
enum status comm_withdraw(struct session *s, const struct comm_doc *d,
    const char *reason, struct err *err);
/* Mark approved D published now (until the channels deliver it): the
 * revision gets its time and a snapshot of the answers, and clocks of
 * that phase stop. Refused unless every gate is satisfied at its content
 * now, naming the gates that wait (review_require_satisfied()). */
enum status comm_publish(struct session *s, const struct comm_doc *d,
    struct err *err);

/* The revisions of communication ID, oldest first. Free with
 * rowlist_free(out, (row_clear_fn)revision_clear). */
enum status comm_revisions(struct session *s, long long id,
    struct rowlist *out, struct err *err);

/*
 * OUTPUT of D (an output id of its playbook; NULL = the first of its
 * variant) exactly as its reader will get it: render_output() of the
 * communication as it stands now (docmodel_item_draft()), so a draft
 * reads as it will once published. A variant without outputs shows as a
 * Markdown page. OUT gets the bytes and the template's name, version
 * and hash (clear it with rendered_clear()); *USED (may be NULL) the
 * output, in D's playbook (NULL for that page).
 */
enum status comm_preview(struct session *s, const struct comm_doc *d,
    const char *output, const struct pb_output **used, struct rendered *out,
    struct err *err);
/* What R was made from, into BUF (N bytes), for a preview's header:
 * "template advisory.md v3 (sha256 1a2b3c4d)". Returns BUF. */
char       *comm_preview_source(const struct rendered *r, char *buf,
    size_t n);

/* Warnings about D as a whole ("" when none), into WARNING: an
 * end-of-life notice sent less than 12 months before the end of life
 * (validate_short_notice()). */
void        comm_warnings(struct session *s, const struct comm_doc *d,
    char *warning);

#endif
