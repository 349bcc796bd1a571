/* core/compliance_lifecycle.c - lifecycle visibility: is the lifecycle
 * published and current, and did every cycle near or past its end of
 * life get 12 months' notice. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/compliance_priv.h"
#include "core/publication.h"
#include "storage/q_evidence_notify.h"

/* How many changed products and cycles are listed as evidence. */
#define CHANGES_SHOWN 20
/* Notice is due this many months before the end of life; a cycle is
 * looked at from one month earlier. */
#define NOTICE_MONTHS 12
#define LOOK_MONTHS   13

enum status
cq_lifecycle_published(struct session *s, time_t now,
    struct compliance_result *r, struct err *err)
{
	struct publication p = { 0 };
	struct rowlist changes;
	const struct evn_change *c;
	long long total = 0;
	enum status st;
	size_t i;

	(void)now;
	rowlist_init(&changes, sizeof(struct evn_change));
	st = publication_latest(s, PUB_LIFECYCLE, &p, err);
	if (st == ST_NOTFOUND) {
		err_clear(err);
		compliance_add(r, "publication", 0,
		    publication_kind_rel(PUB_LIFECYCLE), NULL, CS_NOT_MET,
		    "never exported (herald export lifecycle)");
		compliance_figure(r, "the lifecycle was never exported");
		st = ST_OK;
		goto end;
	}
	if (st != ST_OK)
		goto end;
	/* Current: nothing about products and cycles changed after the
	 * last export that wrote (or found unchanged) these bytes. */
	if ((st = q_evn_lifecycle_changes(s->db, p.confirmed_at, CHANGES_SHOWN,
	    &changes, &total, err)) != ST_OK)
		goto end;
	compliance_add(r, "publication", p.id, p.path, p.confirmed_at,
	    total > 0 ? CS_AT_RISK : CS_MET, "first published %s, last "
	    "exported %s%s", p.published_at, p.confirmed_at, total > 0 ?
	    "; the lifecycle changed since" : "");
	for (i = 0; i < changes.count; i++) {
		c = rowlist_at(&changes, i);
		compliance_add(r, c->kind, c->id, c->ref, c->updated_at,
		    CS_AT_RISK, "changed %s, after the last export",
		    c->updated_at);
	}
	if (total == 0)
		compliance_figure(r, "lifecycle exported %s; nothing changed "
		    "since", p.confirmed_at);
	else {
		c = rowlist_at(&changes, changes.count - 1);
		if (total == 1)
			compliance_figure(r, "lifecycle exported %s; %s changed "
			    "since", p.confirmed_at, c->ref);
		else
			compliance_figure(r, "lifecycle exported %s; %s and %lld "
			    "more changed since", p.confirmed_at, c->ref,
			    total - 1);
	}
end:
	publication_clear(&p);
	rowlist_free(&changes, (row_clear_fn)evn_change_clear);
	return st;
}

/* "14 months", "1 month", "20 days", "less than a day": the span from A
 * to B (B after A) in whole calendar months, else in days. */
static void
span_months(time_t a, time_t b, char *buf, size_t n)
{
	long long days;
	int m = 0;

	while (m < 1200 && clock_add_months(a, m + 1) <= b)
		m++;
	days = (long long)(b - a) / 86400;
	if (m > 0)
		snprintf(buf, n, "%d month%s", m, m == 1 ? "" : "s");
	else if (days > 0)
		snprintf(buf, n, "%lld day%s", days, days == 1 ? "" : "s");
	else
		snprintf(buf, n, "less than a day");
}

/* What one cycle's notice comes to. */
struct notice {
	enum compliance_status st;
	bool      is_late;       /* delivered, less than 12 months ahead */
	bool      is_none;       /* not delivered and now past due */
	time_t    told, eol;     /* when it went, and the end of life */
};

static void
judge_cycle(struct compliance_result *r, const struct evn_cycle *c,
    time_t now, struct notice *out)
{
	char at[CLOCK_BUFSZ], by_date[11], span[32];
	const char *draft;
	time_t eol, by, told;

	memset(out, 0, sizeof *out);
	if (clock_parse(c->eol, &eol, NULL) != ST_OK) {
		out->st = CS_NO_DATA;
		compliance_add(r, "cycle", c->cycle_id, c->ref, NULL, CS_NO_DATA,
		    "its end of life \"%s\" is not a date", c->eol);
		return;
	}
	clock_format(eol, at);
	by = clock_add_months(eol, -NOTICE_MONTHS);
	draft = c->notice_comms > 0 ? " (an end-of-life notice was started "
	    "but never delivered)" : "";
	if (c->first_notice != NULL &&
	    clock_parse(c->first_notice, &told, NULL) == ST_OK) {
		out->told = told;
		out->eol = eol;
		if (told <= by) {
			out->st = CS_MET;
			span_months(told, eol, span, sizeof span);
			compliance_add(r, "cycle", c->cycle_id, c->ref,
			    c->first_notice, CS_MET, "notice %s ahead of the "
			    "end of life on %s", span, c->eol);
		} else if (told < eol) {
			out->st = CS_NOT_MET;
			out->is_late = true;
			span_months(told, eol, span, sizeof span);
			compliance_add(r, "cycle", c->cycle_id, c->ref,
			    c->first_notice, CS_NOT_MET, "notice %s ahead; the "
			    "end of life is on %s", span, c->eol);
		} else {
			out->st = CS_NOT_MET;
			out->is_late = true;
			span_months(eol, told, span, sizeof span);
			compliance_add(r, "cycle", c->cycle_id, c->ref,
			    c->first_notice, CS_NOT_MET, "notice %s after the "
			    "end of life on %s", span, c->eol);
		}
		return;
	}
	if (now <= by) {
		out->st = CS_AT_RISK;
		clock_format_date(by, by_date);
		compliance_add(r, "cycle", c->cycle_id, c->ref, at, CS_AT_RISK,
		    "no notice yet; due by %s for the end of life on %s%s",
		    by_date, c->eol, draft);
		return;
	}
	out->st = CS_NOT_MET;
	out->is_none = true;
	if (now < eol) {
		span_months(now, eol, span, sizeof span);
		compliance_add(r, "cycle", c->cycle_id, c->ref, at, CS_NOT_MET,
		    "no notice; EOL in %s, on %s%s", span, c->eol, draft);
	} else
		compliance_add(r, "cycle", c->cycle_id, c->ref, at, CS_NOT_MET,
		    "ended without notice on %s%s", c->eol, draft);
}

/* ", shortest 3 months; 2 without notice; 1 due for notice within a
 * month" into BUF: what the count of cycles given notice leaves out. */
static void
notice_extra(const struct notice *shortest, size_t n_none, size_t n_due,
    char *buf, size_t n)
{
	char span[32];
	size_t len;

	buf[0] = '\0';
	if (shortest != NULL) {
		if (shortest->told < shortest->eol)
			span_months(shortest->told, shortest->eol, span,
			    sizeof span);
		else
			snprintf(span, sizeof span, "after the end of life");
		snprintf(buf, n, "; shortest %s", span);
	}
	len = strlen(buf);
	if (n_none > 0)
		snprintf(buf + len, n - len, "; %zu without notice", n_none);
	len = strlen(buf);
	if (n_due > 0)
		snprintf(buf + len, n - len, "; %zu due for notice within a "
		    "month", n_due);
}

enum status
cq_lifecycle_notice(struct session *s, time_t now,
    struct compliance_result *r, struct err *err)
{
	struct rowlist cycles;
	struct notice n, shortest = { 0 };
	char until[11], extra[160];
	size_t i, n_met = 0, n_none = 0, n_due = 0;
	bool has_late = false;
	enum status st;

	clock_format_date(clock_add_months(now, LOOK_MONTHS), until);
	if ((st = q_evn_eol_cycles(s->db, until, &cycles, err)) != ST_OK)
		goto end;
	if (cycles.count == 0) {
		r->status = CS_NO_DATA;
		compliance_figure(r, "no release cycle reaches its end of life "
		    "within %d months", LOOK_MONTHS);
		goto end;
	}
	for (i = 0; i < cycles.count; i++) {
		judge_cycle(r, rowlist_at(&cycles, i), now, &n);
		n_met += n.st == CS_MET;
		n_none += n.is_none;
		n_due += n.st == CS_AT_RISK;
		if (n.is_late && (!has_late ||
		    n.eol - n.told < shortest.eol - shortest.told)) {
			shortest = n;
			has_late = true;
		}
	}
	notice_extra(has_late ? &shortest : NULL, n_none, n_due, extra,
	    sizeof extra);
	compliance_figure(r, "%zu of %zu cycle%s given %d months' notice%s",
	    n_met, cycles.count, cycles.count == 1 ? "" : "s", NOTICE_MONTHS,
	    extra);
end:
	rowlist_free(&cycles, (row_clear_fn)evn_cycle_clear);
	return st;
}
