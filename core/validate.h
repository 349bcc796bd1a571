/* core/validate.h - the rules every answer obeys, whoever enters it: the
 * console and the command line both validate here. */
#ifndef HERALD_CORE_VALIDATE_H
#define HERALD_CORE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/playbook.h"
#include "core/session.h"

/* The longest warning validate_* writes, with its NUL. */
#define VALIDATE_WARN_MAX 256

/* The answer to FIELD so far (the stored form), or NULL when none. */
typedef const char *(*answer_lookup_fn)(void *ctx, const char *field);

/*
 * Check INPUT, as a person typed it, against F's kind and rules and put
 * the form stored in the database in *STORED (allocated; caller frees):
 *   text              one line, at most max_length characters
 *   long-text         several lines, at most max_length characters
 *   plain-text        as long-text, for readers who are not technical
 *   choice            one option's value (a label is accepted too)
 *   multi-choice      option values, one per line, in option order
 *   boolean           "yes" or "no" (y, true, 1, n, false, 0 accepted)
 *   datetime          UTC RFC 3339 ("2026-03-01T12:00:00Z"); input is
 *                     local time ("2026-03-01 13:00", TZ), or carries its
 *                     zone ("... +01:00", "...Z", "... Europe/Paris")
 *   email-list        addresses, one per line (input split at commas,
 *                     semicolons, spaces or lines)
 *   url               an http or https URL with a host
 *   cve-list          CVE IDs, upper case, one per line, each once
 *   cvss              the normalised vector (core/cvss.h)
 *   products          a compact JSON array of rows {"product": slug,
 *                     "cycle", "range", "status": a CSAF status,
 *                     "justification" (known_not_affected only, and
 *                     then required), "ecosystem", "package" (needs the
 *                     ecosystem)}, keys in that order, empty ones left
 *                     out; slugs and cycles must exist; [] stores ""
 *   checklist         the ticked items' values, one per line
 * Every kind: valid UTF-8 without control characters (but newlines and
 * tabs where several lines are allowed). An empty INPUT stores "" (no
 * answer); whether that is allowed is validate_step()'s business. White
 * space at the end (and, for one line, the start) is dropped, CRLF read
 * as LF. Positions in messages count from 1: "not valid UTF-8 at byte
 * 17", "control character U+0007 at character 5".
 * Errors give ST_INVALID with "LABEL: reason". WARNING (may be NULL, of
 * VALIDATE_WARN_MAX bytes) gets what is allowed but worth a second look:
 * a plain-text Flesch score below the threshold, blaming words or staff
 * names in a field that asks (PB_WARN_BLAME; STAFF lists names, one per
 * line, or NULL), an end of life less than 12 months away in a datetime
 * that asks (PB_WARN_SHORT_NOTICE: validate_short_notice()), a CVSS
 * vector's severity; "" when nothing.
 * S may be NULL, and then product slugs are not looked up and only the
 * STAFF names are checked for blame.
 */
enum status validate_answer(struct session *s, const struct pb_field *f,
    const char *input, const char *staff, char **stored, char *warning,
    struct err *err);

/* STORED (a value validate_answer() produced) as a person should see and
 * edit it: datetimes in local time with the zone, lists one per line.
 * Allocated; caller frees. */
char       *validate_display(const struct pb_field *f, const char *stored);

/* Whether F's own condition holds, given the answers so far. */
bool        validate_is_visible(const struct pb_field *f, answer_lookup_fn get,
    void *ctx);
/* Whether F shows: its condition holds and the field the condition names
 * shows too (a field hidden behind a hidden field is hidden). PB may be
 * NULL, and then only F's own condition counts. */
bool        validate_is_shown(const struct playbook *pb,
    const struct pb_field *f, answer_lookup_fn get, void *ctx);

/* The field whose answer lists the staff names (one per line) that the
 * blame check looks for, when a playbook has one. */
#define VALIDATE_STAFF_FIELD "staff"

/*
 * Whether STEP of PB can be marked done with the answers GET gives: every
 * visible required field answered, every stored answer still valid, every
 * checklist item ticked. ST_INVALID with "LABEL: reason" for the first
 * field that is not; a gate or publish step always passes here (their
 * conditions are the workflow's). Visibility is validate_is_shown(); the
 * blame check takes its staff names from GET(CTX, VALIDATE_STAFF_FIELD).
 * WARNING as validate_answer(), each prefixed by its field's label.
 */
enum status validate_step(struct session *s, const struct playbook *pb,
    const struct pb_step *step, answer_lookup_fn get, void *ctx,
    char *warning, struct err *err);

/* Customers are owed 12 months' notice of an end of life: when EOL is
 * less than 12 calendar months from now, add to WARNING (of
 * VALIDATE_WARN_MAX bytes) the date and how far away it is, as "the end
 * of life on 2026-09-30 is 6 months away: customers should have 12
 * months' notice". The answers' check and comm_warnings() both say it. */
void        validate_short_notice(time_t eol, char *warning);

/* Flesch reading ease of TEXT (English: 206.835 - 1.015 words/sentences
 * - 84.6 syllables/words), or 100 when TEXT has no words. How words,
 * sentences and syllables are counted: core/readability.c. */
double      readability_flesch(const char *text);

/*
 * Blame-free check of TEXT for an external report: the first person named
 * (a herald user's name or login, or one of the STAFF names, one per
 * line) or blaming phrase found ("human error", "failed to", "fault
 * of", "careless", "negligent", ...), described in WARNING (of
 * VALIDATE_WARN_MAX bytes; "" when none). Returns whether one was found.
 * S may be NULL.
 */
bool        blame_check(struct session *s, const char *text, const char *staff,
    char *warning);

#endif
