/* core/compliance_research.c - were researchers' reports acknowledged
 * and triaged within the times the disclosure policy promises? The
 * promises are the vulnerability-report playbook's clocks, the same ones
 * the policy page prints (core/export_disclosure.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/compliance_priv.h"
#include "core/drill.h"
#include "core/playbook.h"
#include "util/xalloc.h"

#define POLICY_PLAYBOOK "vulnerability-report"

static const char *const clock_ids[COMPLIANCE_REPORT_CLOCKS] = {
	"acknowledge", "triage",
};
static const char *const clock_steps[COMPLIANCE_REPORT_CLOCKS] = {
	"acknowledged", "triaged",
};

/* SECS as "5 h", "3 d", "40 min" into BUF of N bytes; returns BUF. */
static const char *
span_words(time_t secs, char *buf, size_t n)
{
	if (secs < 0)
		secs = -secs;
	if (secs >= 3 * 86400)
		snprintf(buf, n, "%lld d", (long long)(secs / 86400));
	else if (secs >= 3600)
		snprintf(buf, n, "%lld h", (long long)(secs / 3600));
	else
		snprintf(buf, n, "%lld min", (long long)(secs / 60));
	return buf;
}

/* RECEIVED moved by SPAN, as RFC 3339 into OUT; "" when RECEIVED does
 * not parse. */
static void
due_of(const char *received, const struct pb_span *span, char out[32])
{
	time_t t;

	out[0] = '\0';
	if (received == NULL || clock_parse(received, &t, NULL) != ST_OK)
		return;
	t = clock_add_months(t, span->months) + (time_t)span->minutes * 60;
	clock_format(t, out);
}

static const char *
step_at(const struct report *r, size_t k)
{
	return k == 0 ? r->acknowledged_at : r->triaged_at;
}

enum status
compliance_report_clocks(const struct report *reports, size_t n, time_t now,
    struct compliance_report_clock *out, struct err *err)
{
	const struct pb_clock *c[COMPLIANCE_REPORT_CLOCKS] = { NULL, NULL };
	struct compliance_report_clock *o;
	struct playbook *pb = NULL;
	char *path = NULL;
	size_t i, j, k;
	enum status st;

	if ((st = playbook_find(POLICY_PLAYBOOK, &path, err)) != ST_OK ||
	    (st = playbook_load_file(path, &pb, NULL, err)) != ST_OK) {
		err_prefix(err, "the promised times come from the %s playbook",
		    POLICY_PLAYBOOK);
		st = ST_NOTFOUND;
		goto end;
	}
	/* A clock from a regulatory regime is no promise to a reporter. */
	for (j = 0; j < pb->n_clocks; j++)
		for (k = 0; k < COMPLIANCE_REPORT_CLOCKS; k++)
			if (strcmp(pb->clocks[j].id, clock_ids[k]) == 0 &&
			    pb->clocks[j].regime == NULL)
				c[k] = &pb->clocks[j];
	for (i = 0; i < n; i++)
		for (k = 0; k < COMPLIANCE_REPORT_CLOCKS; k++) {
			o = &out[i * COMPLIANCE_REPORT_CLOCKS + k];
			memset(o, 0, sizeof *o);
			o->id = clock_ids[k];
			o->step = clock_steps[k];
			o->stopped = step_at(&reports[i], k);
			o->status = CS_NO_DATA;
			if (c[k] == NULL)
				continue;
			o->is_promised = 1;
			pb_span_format(&c[k]->within, o->span, sizeof o->span);
			due_of(reports[i].received_at, &c[k]->within, o->due);
			o->status = compliance_clock(reports[i].received_at,
			    o->due, o->stopped, now);
		}
end:
	playbook_free(&pb);
	free(path);
	return st;
}

/* One clock of a report for people, appended to BUF of N bytes
 * ("; " between clocks): "acknowledged after 5 h (promised 72 h)". */
static void
clock_words(const struct report *rp, const struct compliance_report_clock *c,
    time_t now, char *buf, size_t n)
{
	time_t t0 = 0, t1 = 0, ts = 0;
	size_t len = strlen(buf);
	char a[32];

	if (!c->is_promised || len + 2 >= n)
		return;
	(void)clock_parse(rp->received_at, &t0, NULL);
	(void)clock_parse(c->due, &t1, NULL);
	if (len > 0)
		len += (size_t)snprintf(buf + len, n - len, "; ");
	if (c->stopped != NULL && clock_parse(c->stopped, &ts, NULL) == ST_OK) {
		if (ts <= t1)
			snprintf(buf + len, n - len, "%s after %s (promised %s)",
			    c->step, span_words(ts - t0, a, sizeof a), c->span);
		else
			snprintf(buf + len, n - len, "%s %s late (promised %s)",
			    c->step, span_words(ts - t1, a, sizeof a), c->span);
	} else if (now > t1)
		snprintf(buf + len, n - len, "not %s, %s overdue (promised %s)",
		    c->step, span_words(now - t1, a, sizeof a), c->span);
	else
		snprintf(buf + len, n - len, "not %s yet, due in %s (promised "
		    "%s)", c->step, span_words(t1 - now, a, sizeof a), c->span);
}

enum status
cq_research_reports(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct compliance_report_clock *clocks = NULL, *c;
	struct rowlist reports;
	const struct report *rp;
	struct err perr = { 0 };
	enum compliance_status cs, named = CS_MET;
	char detail[400], ref[40], bad[200], worst[240] = "";
	size_t i, k, n_ok = 0;
	enum status st;

	if ((st = report_list(s, 0, 0, &reports, err)) != ST_OK)
		goto end;
	if (reports.count == 0) {
		r->status = CS_NO_DATA;
		compliance_figure(r, "no vulnerability reports received yet");
		goto end;
	}
	clocks = xcalloc(reports.count * COMPLIANCE_REPORT_CLOCKS,
	    sizeof *clocks);
	if (compliance_report_clocks(reports.items, reports.count, now, clocks,
	    &perr) != ST_OK) {
		r->status = CS_NO_DATA;
		compliance_figure(r, "no promised times to judge against: %s",
		    perr.msg);
		goto end;
	}
	if (!clocks[0].is_promised && !clocks[1].is_promised) {
		r->status = CS_NO_DATA;
		compliance_figure(r, "the %s playbook promises no acknowledge or "
		    "triage time", POLICY_PLAYBOOK);
		goto end;
	}
	/* Oldest first, so the figure names the oldest of the worst. */
	for (i = reports.count; i-- > 0;) {
		rp = rowlist_at(&reports, i);
		c = &clocks[i * COMPLIANCE_REPORT_CLOCKS];
		detail[0] = bad[0] = '\0';
		cs = CS_MET;
		for (k = 0; k < COMPLIANCE_REPORT_CLOCKS; k++) {
			if (!c[k].is_promised)
				continue;
			if (c[k].status > cs) {
				cs = c[k].status;
				bad[0] = '\0';
				clock_words(rp, &c[k], now, bad, sizeof bad);
			}
			clock_words(rp, &c[k], now, detail, sizeof detail);
		}
		snprintf(ref, sizeof ref, "report %lld", rp->id);
		compliance_add(r, "report", rp->id, ref, rp->received_at, cs,
		    "%s", detail);
		if (cs == CS_MET)
			n_ok++;
		if (cs > named) {
			named = cs;
			snprintf(worst, sizeof worst, "; %s %s", ref, bad);
		}
	}
	compliance_figure(r, "%zu of %zu report%s acknowledged and triaged "
	    "within the promised times%s", n_ok, reports.count,
	    reports.count == 1 ? "" : "s", worst);
end:
	free(clocks);
	rowlist_free(&reports, (row_clear_fn)report_clear);
	return st;
}
