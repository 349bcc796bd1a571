/* core/compliance_notify.c - customer notification: can customers
 * subscribe; were critical and high incidents told to customers within
 * their SLA; were regulators told of breaches within 72 hours. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/compliance_priv.h"
#include "core/deadline.h"
#include "core/publication.h"
#include "storage/q_evidence_notify.h"
#include "util/xalloc.h"

/* ---- can customers subscribe ------------------------------------------ */

enum status
cq_notify_subscribe(struct session *s, time_t now,
    struct compliance_result *r, struct err *err)
{
	struct publication feed = { 0 };
	struct evn_subscribe sub = { 0 };
	char missing[160] = "";
	bool has_feed;
	enum status st;

	(void)now;
	st = publication_latest(s, PUB_FEED, &feed, err);
	if (st != ST_OK && st != ST_NOTFOUND)
		goto end;
	err_clear(err);
	has_feed = st == ST_OK;
	if ((st = q_evn_subscribe(s->db, &sub, err)) != ST_OK)
		goto end;
	if (has_feed)
		compliance_add(r, "publication", feed.id, feed.path,
		    feed.confirmed_at, CS_MET, "first published %s, last "
		    "exported %s", feed.published_at, feed.confirmed_at);
	else {
		compliance_add(r, "publication", 0,
		    publication_kind_rel(PUB_FEED), NULL, CS_NOT_MET,
		    "the feed was never exported (herald export feeds)");
		strcat(missing, ", a published feed");
	}
	if (sub.channel_id != 0)
		compliance_add(r, "channel", sub.channel_id, sub.channel, NULL,
		    CS_MET, "an enabled e-mail channel");
	else {
		compliance_add(r, "channel", 0, "e-mail", NULL, CS_NOT_MET,
		    "no e-mail channel is enabled");
		strcat(missing, ", an enabled e-mail channel");
	}
	if (sub.n_confirmed > 0)
		compliance_add(r, "subscriber", 0, "subscribers", NULL, CS_MET,
		    "%lld confirmed opt-in subscriber%s", sub.n_confirmed,
		    sub.n_confirmed == 1 ? "" : "s");
	else {
		compliance_add(r, "subscriber", 0, "subscribers", NULL,
		    CS_NOT_MET, "nobody has confirmed a subscription (or all "
		    "have left)");
		strcat(missing, ", a confirmed subscriber");
	}
	if (missing[0] != '\0')
		compliance_figure(r, "missing: %s", missing + 2);
	else
		compliance_figure(r, "feed published; e-mail channel %s; %lld "
		    "confirmed subscriber%s", sub.channel, sub.n_confirmed,
		    sub.n_confirmed == 1 ? "" : "s");
end:
	publication_clear(&feed);
	evn_subscribe_clear(&sub);
	return st;
}

/* ---- incidents told in time ------------------------------------------- */

/* What a question about telling an incident asks. */
struct told_q {
	enum evn_audience which;
	int               fallback_hours;   /* when no clock applies */
	bool              regime_only;      /* only a regime's clock sets
	                                     * the due time */
};

/* Whether COMMS (sorted by incident, then id) holds communication ID of
 * incident INCIDENT_ID, or (ID 0) any of its communications: a binary
 * search, as an incident's clocks are checked against every one. */
static bool
has_comm(const struct rowlist *comms, long long incident_id, long long id)
{
	const struct evn_comm *c;
	size_t lo = 0, hi = comms->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = rowlist_at(comms, mid);
		if (c->incident_id < incident_id || (c->incident_id ==
		    incident_id && c->comm_id < id))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == comms->count)
		return false;
	c = rowlist_at(comms, lo);
	return c->incident_id == incident_id && (id == 0 || c->comm_id == id);
}

/*
 * When INC is due to be told: the earliest clock (not a recurring one,
 * nor one waiting for a fix) of its communications to the audience among
 * CLOCKS (deadline_for_incidents(): from their playbooks, regimes and
 * contracts; with Q->regime_only, a regime's clock only); else
 * Q->fallback_hours from awareness. DUE gets the time, BASIS (of N
 * bytes) what set it.
 */
static void
due_of(const struct told_q *q, const struct evn_incident *inc,
    const struct rowlist *comms, const struct rowlist *clocks, char *due,
    char *basis, size_t n)
{
	const struct deadline *d, *best = NULL;
	time_t aware;
	size_t i;

	for (i = 0; i < clocks->count; i++) {
		d = rowlist_at(clocks, i);
		if (d->incident_id != inc->id || d->is_recurring ||
		    d->due_at[0] == '\0' ||
		    (q->regime_only && d->regime == NULL) ||
		    !has_comm(comms, inc->id, d->communication_id))
			continue;
		if (best == NULL || strcmp(d->due_at, best->due_at) < 0)
			best = d;
	}
	if (best != NULL) {
		memcpy(due, best->due_at, CLOCK_BUFSZ);
		snprintf(basis, n, "%s", best->basis);
	} else if (clock_parse(inc->aware_at, &aware, NULL) == ST_OK) {
		clock_format(aware + (time_t)q->fallback_hours * 3600, due);
		snprintf(basis, n, "%d h from awareness", q->fallback_hours);
	} else
		due[0] = basis[0] = '\0';
}

/* The incident's status, with its evidence row; the figure's words for
 * it ("6 h late") into WHY. */
static void
judge_told(const struct told_q *q, time_t now, struct compliance_result *r,
    const struct evn_incident *inc, const struct rowlist *comms,
    const struct rowlist *clocks, enum compliance_status *out, char *why,
    size_t n)
{
	char due[CLOCK_BUFSZ], basis[160], late[64], note[160] = "";

	due_of(q, inc, comms, clocks, due, basis, sizeof basis);
	*out = compliance_clock(inc->aware_at, due, inc->first_told, now);
	cq_lateness(due, inc->first_told, now, late, sizeof late);
	if (q->which == EVN_REGULATOR && inc->regulator_notified != NULL) {
		if (strcmp(inc->regulator_notified, "yes") == 0 &&
		    inc->first_told == NULL)
			snprintf(note, sizeof note, "; the breach register says "
			    "the regulator was told, but no delivery is "
			    "recorded");
		else if (strcmp(inc->regulator_notified, "not-required") == 0)
			snprintf(note, sizeof note, "; the breach register says "
			    "not required, but gives no reason");
	}
	if (inc->first_told != NULL) {
		compliance_add(r, "incident", inc->id, inc->ref, inc->first_told,
		    *out, "first told %s: %s (due %s, %s)%s", inc->first_told,
		    late, due, basis, note);
		snprintf(why, n, "%s", late);
	} else {
		compliance_add(r, "incident", inc->id, inc->ref, due, *out,
		    "not told: %s (due %s, %s)%s", late, due, basis, note);
		snprintf(why, n, "not told, %s", late);
	}
}

/* A breach the register says the regulator need not hear of, with why. */
static bool
is_not_required(const struct evn_incident *inc)
{
	return inc->breach_id != 0 && inc->regulator_notified != NULL &&
	    strcmp(inc->regulator_notified, "not-required") == 0 &&
	    inc->reason_not_notified != NULL &&
	    inc->reason_not_notified[strspn(inc->reason_not_notified,
	    " \t\r\n")] != '\0';
}

/* Tally of one question about telling incidents. */
struct tally {
	size_t n;                /* judged by their clock */
	size_t n_met;            /* told in time */
	size_t n_running;        /* not told, clock not yet run out */
	size_t n_not_required;   /* breaches the regulator need not hear of */
	enum compliance_status worst;
	char   worst_ref[64], worst_why[64];
};

static void
tally_add(struct tally *t, const struct evn_incident *inc,
    enum compliance_status st, const char *why)
{
	t->n++;
	if (inc->first_told != NULL && st == CS_MET)
		t->n_met++;
	if (inc->first_told == NULL && (st == CS_MET || st == CS_AT_RISK))
		t->n_running++;
	/* The first of the worst names it in the figure. */
	if (st != CS_MET && st != CS_NO_DATA &&
	    (t->worst_ref[0] == '\0' || st > t->worst)) {
		t->worst = st;
		snprintf(t->worst_ref, sizeof t->worst_ref, "%s", inc->ref);
		snprintf(t->worst_why, sizeof t->worst_why, "%s", why);
	}
}

/* The figure: "3 of 4 incidents told within their SLA; SEC-2026-004 6 h
 * late; 1 still within its clock". */
static void
told_figure(struct compliance_result *r, const struct told_q *q,
    const struct tally *t)
{
	char extra[200] = "";
	size_t len;

	if (t->worst_ref[0] != '\0')
		snprintf(extra, sizeof extra, "; %s %s", t->worst_ref,
		    t->worst_why);
	len = strlen(extra);
	if (t->n_running > 0)
		snprintf(extra + len, sizeof extra - len, "; %zu still within "
		    "%s clock", t->n_running, t->n_running == 1 ? "its" :
		    "their");
	len = strlen(extra);
	if (t->n_not_required > 0)
		snprintf(extra + len, sizeof extra - len, "; %zu not required "
		    "(breach register)", t->n_not_required);
	if (q->which == EVN_CUSTOMERS)
		compliance_figure(r, "%zu of %zu incident%s told within %s "
		    "SLA%s", t->n_met, t->n, t->n == 1 ? "" : "s", t->n == 1 ?
		    "its" : "their", extra);
	else if (t->n == 0)
		compliance_figure(r, "no breach had to be reported to the "
		    "regulator%s", extra);
	else
		compliance_figure(r, "%zu of %zu breach%s reported to the "
		    "regulator in time%s", t->n_met, t->n, t->n == 1 ? "" :
		    "es", extra);
}

static enum status
told_question(struct session *s, const struct told_q *q, time_t now,
    struct compliance_result *r, struct err *err)
{
	struct rowlist incs, comms, clocks;
	const struct evn_incident *inc;
	struct tally t;
	enum compliance_status cs;
	long long *ids = NULL;
	char why[64];
	enum status st;
	size_t i, n_ids = 0;

	memset(&t, 0, sizeof t);
	rowlist_init(&comms, sizeof(struct evn_comm));
	rowlist_init(&clocks, sizeof(struct deadline));
	if ((st = q_evn_incidents(s->db, q->which, &incs, err)) != ST_OK ||
	    (st = q_evn_comms(s->db, q->which, &comms, err)) != ST_OK)
		goto end;
	/* Every clock at once: each playbook and regime is read once. */
	ids = xcalloc(incs.count + 1, sizeof *ids);
	for (i = 0; i < incs.count; i++) {
		inc = rowlist_at(&incs, i);
		if (has_comm(&comms, inc->id, 0))
			ids[n_ids++] = inc->id;
	}
	if (n_ids > 0 && (st = deadline_for_incidents(s, ids, n_ids, &clocks,
	    err)) != ST_OK)
		goto end;
	for (i = 0; i < incs.count; i++) {
		inc = rowlist_at(&incs, i);
		if (q->which == EVN_REGULATOR && is_not_required(inc)) {
			compliance_add(r, "breach", inc->breach_id, inc->ref,
			    inc->aware_at, CS_MET, "not required: %s",
			    inc->reason_not_notified);
			t.n_not_required++;
			continue;
		}
		judge_told(q, now, r, inc, &comms, &clocks, &cs, why,
		    sizeof why);
		tally_add(&t, inc, cs, why);
	}
	if (t.n == 0 && t.n_not_required == 0) {
		r->status = CS_NO_DATA;
		compliance_figure(r, q->which == EVN_REGULATOR ?
		    "no personal-data breaches yet" :
		    "no critical or high incidents yet");
		goto end;
	}
	told_figure(r, q, &t);
end:
	free(ids);
	rowlist_free(&clocks, (row_clear_fn)deadline_clear);
	rowlist_free(&incs, (row_clear_fn)evn_incident_clear);
	rowlist_free(&comms, NULL);
	return st;
}

enum status
cq_notify_sla(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	static const struct told_q q = { EVN_CUSTOMERS, 48, false };

	return told_question(s, &q, now, r, err);
}

enum status
cq_notify_regulator(struct session *s, time_t now,
    struct compliance_result *r, struct err *err)
{
	static const struct told_q q = { EVN_REGULATOR, 72, true };

	return told_question(s, &q, now, r, err);
}
