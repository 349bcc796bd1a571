/* core/access.h - need to know: who is named on an incident under
 * embargo, setting and lifting the embargo, and auditing each access. */
#ifndef HERALD_CORE_ACCESS_H
#define HERALD_CORE_ACCESS_H

#include <stdbool.h>

#include "core/session.h"
#include "storage/records.h"

/*
 * An incident is under embargo while its embargo_until is later than now
 * (core/clock.h, so HERALD_NOW moves it). While it is, only the users
 * named on it (incident_access), admins and the SRO see it: every list,
 * count, search, clock and export leaves it out for everyone else
 * (SQL_SEES in storage/), and opening it by reference is refused. Every
 * open of it, or of a communication about it, appends an audit row,
 * "incident.access" for those who may and "incident.access-denied" for
 * those who may not; so does every refusal. Lifting the embargo, or its
 * time passing, makes it visible as usual; who was named stays on record.
 */

/* Whether I is under embargo now. */
bool        access_is_embargoed(const struct incident *i);

/* Whether the acting user may see I now, into *SEES: it is not under
 * embargo, the user is an admin or the SRO, or is named on it. Reads
 * only, audits nothing: for checks inside an action that was opened
 * (and audited) before. */
enum status access_sees(struct session *s, const struct incident *i,
    bool *sees, struct err *err);
/* access_sees() as a refusal: ST_DENIED ("SEC-2026-004 is under embargo
 * and you are not named on it") when the acting user may not see I.
 * Audits nothing, as access_sees(). */
enum status access_require_sees(struct session *s, const struct incident *i,
    struct err *err);

/*
 * The check on every open of incident I. Not under embargo: ST_OK,
 * nothing recorded. Under embargo: for a user who may see it, appends
 * "incident.access" with WHAT ("show", "comm", "access", ...) and returns
 * ST_OK; for anyone else appends "incident.access-denied" and returns
 * ST_DENIED ("SEC-2026-004 is under embargo and you are not named on
 * it"). The row commits in a transaction of its own, or, inside the
 * caller's write transaction, with it. On a database open read-only no
 * row can be written, so even a user who may see it is refused, saying
 * that write access is needed.
 */
enum status access_check(struct session *s, const struct incident *i,
    const char *what, struct err *err);
/* access_check() for the incident of communication COMM_ID, the
 * communication named in the audit row; ST_OK for a communication about a
 * release cycle. ST_NOTFOUND when there is no such communication. */
enum status access_check_comm(struct session *s, long long comm_id,
    const char *what, struct err *err);

/* Who is named on incident INCIDENT_ID, by login (id, login and name of
 * each); for anyone who may see it. Free with
 * rowlist_free(out, (row_clear_fn)user_clear). */
enum status incident_access_list(struct session *s, long long incident_id,
    struct rowlist *out, struct err *err);
/*
 * Name LOGIN on incident INCIDENT_ID ("incident.access-grant"), or take
 * LOGIN off it ("incident.access-revoke"). Admins, the SRO and whoever
 * opened the incident (while still named on it) may; naming works with or
 * without an embargo, so people can be named before one is set.
 * ST_EXISTS when LOGIN is named already, ST_NOTFOUND when LOGIN is no
 * user or, for a removal, is not named.
 */
enum status incident_access_add(struct session *s, long long incident_id,
    const char *login, struct err *err);
enum status incident_access_remove(struct session *s, long long incident_id,
    const char *login, struct err *err);

/*
 * Put incident ID under embargo until UNTIL (RFC 3339 in any offset, in
 * the future), or lift it with UNTIL NULL, if the incident is still at
 * EXPECTED_VERSION (ST_CONFLICT otherwise). Authors and admins who may
 * see it. Audited "incident.embargo" (from, to). Setting one names the
 * one who sets it and the one who opened the incident, so neither loses
 * sight of it ("incident.access-grant" each).
 */
enum status incident_set_embargo(struct session *s, long long id,
    long long expected_version, const char *until, struct err *err);

#endif
