/* core/trust.h - the trust page's content: certifications held, key
 * controls, data handling, sub-processors, how to request an audit
 * report, the security contact. Anyone may read it (it is public);
 * admins and the SRO write it, each write audited. */
#ifndef HERALD_CORE_TRUST_H
#define HERALD_CORE_TRUST_H

#include <stdbool.h>

#include "core/session.h"
#include "storage/q_trust.h"

/* X(id, name as stored (the CHECK of trust_entries.section), heading for
 * people), in the page's order. */
#define TRUST_SECTION_LIST(X) \
	X(CERTIFICATION,  "certification",  "Certifications") \
	X(CONTROL,        "control",        "Key controls") \
	X(DATA_HANDLING,  "data-handling",  "Data handling") \
	X(SUBPROCESSOR,   "subprocessor",   "Sub-processors") \
	X(REPORT_REQUEST, "report-request", "Audit reports") \
	X(CONTACT,        "contact",        "Security contact")

enum trust_section {
#define X(id, name, heading) TRUST_##id,
	TRUST_SECTION_LIST(X)
#undef X
	TRUST_SECTION_COUNT
};

#define TRUST_SECTION_CERTIFICATION "certification"
#define TRUST_SECTION_CONTACT       "contact"

/* Limits: in characters (code points). */
#define TRUST_TITLE_MAX 200
#define TRUST_BODY_MAX  20000
#define TRUST_EXTRA_MAX 500

/* Section K's stored name and its heading; NULL when K is out of range. */
const char *trust_section_name(enum trust_section k);
const char *trust_section_heading(enum trust_section k);
/* The section called NAME, or -1 when none is. */
int         trust_section_of(const char *name);
/* The sections' names, NULL-terminated, in the page's order. */
const char *const *trust_section_names(void);

/*
 * What an add or an edit writes. On an edit a NULL member keeps what is
 * there; on an add NULL is "" (the title is required). VALID_UNTIL is a
 * date YYYY-MM-DD, for certifications only; "" clears it. Line breaks
 * and spaces that end the body are dropped.
 */
struct trust_fields {
	const char *title;        /* 1-200 characters, one line */
	const char *body;         /* up to 20000; Markdown; newlines allowed */
	const char *extra;        /* up to 500, one line: a certification's
	                           * issuer and scope, a sub-processor's
	                           * location and purpose */
	const char *valid_until;  /* YYYY-MM-DD or "" */
};

/* Check F for an entry of SECTION as trust_add() would (IS_ADD: the
 * title is required); ST_INVALID naming the field ("title: ..."). */
enum status trust_check(const char *section, const struct trust_fields *f,
    bool is_add, struct err *err);

/* ST_DENIED, with the message the writes give, unless the acting user
 * may change the trust page (admins and the SRO): for a console that
 * asks before it prompts for anything. */
enum status trust_require_writer(struct session *s, struct err *err);

/* Add an entry to SECTION, last in it. Admins and the SRO; audited
 * ("trust.add"). Sets *ID when ID is not NULL. */
enum status trust_add(struct session *s, const char *section,
    const struct trust_fields *f, long long *id, struct err *err);
/* Change entry ID's fields that F sets. Admins and the SRO; audited
 * ("trust.update", naming the fields changed); nothing changed writes
 * nothing. ST_NOTFOUND when there is no entry ID. */
enum status trust_update(struct session *s, long long id,
    const struct trust_fields *f, struct err *err);
/* Remove entry ID. Admins and the SRO; audited ("trust.delete"). */
enum status trust_delete(struct session *s, long long id, struct err *err);
/* Swap entry ID with its neighbour in its section: the one before it
 * when UP, else the one after. Admins and the SRO; audited
 * ("trust.move"). ST_INVALID when it is first (UP) or last already. */
enum status trust_move(struct session *s, long long id, bool up,
    struct err *err);

/* Load entry ID into OUT (clear it with trust_entry_clear()); anyone. */
enum status trust_get(struct session *s, long long id,
    struct trust_entry *out, struct err *err);
/* Every entry, by section in the page's order, then position. Free with
 * rowlist_free(out, (row_clear_fn)trust_entry_clear), even on failure. */
enum status trust_list(struct session *s, struct rowlist *out,
    struct err *err);
/* When the trust content last changed: the newest updated_at of an
 * entry, or of a removal (from the audit chain); *AT NULL when never.
 * Caller frees. */
enum status trust_last_change(struct session *s, char **at,
    struct err *err);

/* Whether certification E is no longer held at NOW (RFC 3339): its
 * valid_until is a day before NOW's (UTC). False for other sections and
 * for certifications without a date. */
bool        trust_is_expired(const struct trust_entry *e, const char *now);

#endif
