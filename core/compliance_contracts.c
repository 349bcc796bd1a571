/* core/compliance_contracts.c - contracts: was every customer with a
 * contractual notification SLA told of each incident that affected what
 * it runs within that SLA. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/compliance_priv.h"
#include "storage/q_evidence_notify.h"

/* One customer's incidents, judged. */
struct customer_tally {
	const struct evn_contract *first;   /* the customer's first row */
	size_t n, n_met;
	size_t n_running;                    /* not told yet, time enough left */
	enum compliance_status worst;
	const struct evn_contract *worst_row;
	char   worst_at[CLOCK_BUFSZ];
	char   worst_why[64];
};

static void
judge_pair(struct customer_tally *t, const struct evn_contract *c, time_t now)
{
	enum compliance_status st;
	char due[CLOCK_BUFSZ] = "", late[64];
	time_t aware;

	if (clock_parse(c->aware_at, &aware, NULL) == ST_OK)
		clock_format(aware + (time_t)c->sla_hours * 3600, due);
	st = compliance_clock(c->aware_at, due, c->told_at, now);
	t->n++;
	/* A clock still running has not failed, but nobody was told yet. */
	if (c->told_at == NULL && st == CS_MET)
		t->n_running++;
	else
		t->n_met += st == CS_MET;
	if (t->worst_row != NULL && st <= t->worst)
		return;
	cq_lateness(due, c->told_at, now, late, sizeof late);
	t->worst = st;
	t->worst_row = c;
	snprintf(t->worst_at, sizeof t->worst_at, "%s", c->told_at != NULL ?
	    c->told_at : due);
	snprintf(t->worst_why, sizeof t->worst_why, "%s%s", c->told_at ==
	    NULL ? "not told, " : "", late);
}

/* The customer's evidence row; its name into NAME for the figure. */
static void
customer_row(struct compliance_result *r, const struct customer_tally *t,
    char *name, size_t n)
{
	const struct evn_contract *c = t->first;
	char contract[120], running[64] = "";

	if (c->customer != NULL && *c->customer != '\0')
		snprintf(name, n, "%s", c->customer);
	else
		snprintf(name, n, "customer %lld", c->customer_id);
	if (c->contract_ref != NULL && *c->contract_ref != '\0')
		snprintf(contract, sizeof contract, "contract %s",
		    c->contract_ref);
	else
		snprintf(contract, sizeof contract, "its contract");
	if (t->n_running > 0)
		snprintf(running, sizeof running, "; %zu not told yet, within "
		    "%s clock", t->n_running, t->n_running == 1 ? "its" : "their");
	if (t->worst == CS_MET && t->n_running == 0)
		compliance_add(r, "customer", c->customer_id, name, t->worst_at,
		    CS_MET, "told of %zu incident%s within %d h (%s)", t->n,
		    t->n == 1 ? "" : "s", c->sla_hours, contract);
	else if (t->worst == CS_MET)
		compliance_add(r, "customer", c->customer_id, name, t->worst_at,
		    CS_MET, "told of %zu of %zu incident%s within %d h (%s)%s",
		    t->n_met, t->n, t->n == 1 ? "" : "s", c->sla_hours, contract,
		    running);
	else
		compliance_add(r, "customer", c->customer_id, name, t->worst_at,
		    t->worst, "told of %zu of %zu incident%s within %d h (%s)%s; "
		    "%s %s", t->n_met, t->n, t->n == 1 ? "" : "s", c->sla_hours,
		    contract, running, t->worst_row->incident_ref, t->worst_why);
}

enum status
cq_contracts_sla(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct rowlist pairs;
	const struct evn_contract *c;
	struct customer_tally t;
	char name[160], worst[240] = "";
	enum compliance_status fig_worst = CS_MET;
	size_t i, n_customers = 0, n_met = 0;
	long long n_sla = 0;
	enum status st;

	memset(&t, 0, sizeof t);
	if ((st = q_evn_contracts(s->db, &pairs, err)) != ST_OK)
		goto end;
	for (i = 0; i <= pairs.count; i++) {
		c = i < pairs.count ? rowlist_at(&pairs, i) : NULL;
		if (t.first != NULL && (c == NULL ||
		    c->customer_id != t.first->customer_id)) {
			customer_row(r, &t, name, sizeof name);
			n_customers++;
			n_met += t.worst == CS_MET;
			if (t.worst > fig_worst) {
				fig_worst = t.worst;
				snprintf(worst, sizeof worst, "; %s: %s %s", name,
				    t.worst_row->incident_ref, t.worst_why);
			}
			memset(&t, 0, sizeof t);
		}
		if (c == NULL)
			break;
		if (t.first == NULL)
			t.first = c;
		judge_pair(&t, c, now);
	}
	if (n_customers > 0) {
		compliance_figure(r, "%zu of %zu customer%s with a notification "
		    "SLA told within it%s", n_met, n_customers, n_customers == 1 ?
		    "" : "s", worst);
		goto end;
	}
	if ((st = q_evn_sla_customers(s->db, &n_sla, err)) != ST_OK)
		goto end;
	r->status = CS_NO_DATA;
	if (n_sla == 0)
		compliance_figure(r, "no customer has a contractual notification "
		    "SLA");
	else
		compliance_figure(r, "%lld customer%s a notification SLA; no "
		    "incident has affected what %s yet", n_sla, n_sla == 1 ?
		    " has" : "s have", n_sla == 1 ? "it runs" : "they run");
end:
	rowlist_free(&pairs, (row_clear_fn)evn_contract_clear);
	return st;
}
