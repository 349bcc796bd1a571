/* core/deadline.h - the clocks that run on communications: when each is
 * due, whether it has stopped, and how long is left. */
#ifndef HERALD_CORE_DEADLINE_H
#define HERALD_CORE_DEADLINE_H

#include <stdbool.h>
#include <time.h>

#include "core/clock.h"
#include "core/session.h"
#include "storage/records.h"

/*
 * One clock of one communication. Deadlines come from the playbook the
 * communication started with: its own clocks, and the regimes it names
 * (core/regime.h), each from an incident time. A clock for customers is
 * brought forward by the strictest contract (customers.notify_sla_hours)
 * of a customer running an affected product. A clock stops when its
 * communication's revision PHASE is published (delivered, once channels
 * deliver); a recurring clock is due EVERY after the later of its start
 * and the last publication, while the incident is open.
 */
struct deadline {
	long long communication_id;
	char     *communication_title;
	long long incident_id;
	char     *incident_ref;          /* NULL for an end-of-life notice */
	char     *clock_id;
	char     *title;                 /* "Notify the regulator" */
	char     *regime;                /* "gdpr"; NULL for the playbook's own */
	char     *basis;                 /* "72 h from awareness (GDPR art.
	                                  * 33(1))"; or the contract's */
	char      due_at[CLOCK_BUFSZ];   /* UTC RFC 3339 */
	char      stopped_at[CLOCK_BUFSZ]; /* "" while running */
	bool      is_recurring;
	bool      is_contract;           /* a customer's contract set it */
};
void deadline_clear(struct deadline *d);

/* The clocks of communication ID, soonest first. Free with
 * rowlist_free(out, (row_clear_fn)deadline_clear). */
enum status deadline_for_communication(struct session *s, long long id,
    struct rowlist *out, struct err *err);
/* The clocks of every communication of incident INCIDENT_ID, soonest
 * first. Free as above. */
enum status deadline_for_incident(struct session *s, long long incident_id,
    struct rowlist *out, struct err *err);
/* The clocks of the N incidents IDS, in one read and with each playbook
 * and regime read once, soonest first: for a question about many
 * incidents. Free as above. */
enum status deadline_for_incidents(struct session *s, const long long *ids,
    size_t n, struct rowlist *out, struct err *err);
/* The running clocks of every incident, soonest (or most overdue) first;
 * at most LIMIT (0 = all). Free as above. */
enum status deadline_running(struct session *s, long long limit,
    struct rowlist *out, struct err *err);

/* "3 h 20 min left", "2 d 4 h left", "overdue by 5 h", "met 2 h early",
 * "met 1 h late" for D at NOW, into BUF of N bytes. Returns BUF. */
char       *deadline_left(const struct deadline *d, time_t now, char *buf,
    size_t n);
/* Whether D is running and past due at NOW. */
bool        deadline_is_overdue(const struct deadline *d, time_t now);

#endif
