/* core/compliance.c - the list of questions, and what every question
 * function shares: adding evidence, the figure, judging a clock. */
#include "config.h"

#include "core/compliance.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/compliance_priv.h"
#include "core/text.h"
#include "core/deadline.h"
#include "util/xalloc.h"

static const struct compliance_question questions[] = {
	{ "lifecycle.published", "Lifecycle visibility",
	  "Is the product lifecycle published, and current?",
	  cq_lifecycle_published },
	{ "lifecycle.notice", "Lifecycle visibility",
	  "Did every release cycle that reached, or will reach within 12 "
	  "months, its end of life get notice at least 12 months ahead?",
	  cq_lifecycle_notice },
	{ "notify.subscribe", "Customer notification",
	  "Can customers subscribe: is a feed published and a confirmed "
	  "opt-in list in use?", cq_notify_subscribe },
	{ "notify.sla", "Customer notification",
	  "Was every critical and high incident communicated to customers "
	  "within its SLA?", cq_notify_sla },
	{ "notify.regulator", "Customer notification",
	  "Were regulators notified of every personal-data breach within "
	  "72 hours?", cq_notify_regulator },
	{ "remediation.actions", "Remediation support",
	  "Does every published report give customers actionable steps?",
	  cq_remediation_actions },
	{ "remediation.versions", "Remediation support",
	  "Is an internal and an external version kept of every post-incident "
	  "report?", cq_remediation_versions },
	{ "access.summary", "Accessibility",
	  "Does every customer-facing text have a plain-language summary?",
	  cq_access_summary },
	{ "access.readability", "Accessibility",
	  "What share of plain-language summaries meets the readability "
	  "threshold?", cq_access_readability },
	{ "external.trust", "External communication",
	  "Is a trust page published?", cq_external_trust },
	{ "external.security-txt", "External communication",
	  "Is security.txt published, unexpired, with a disclosure policy?",
	  cq_external_security_txt },
	{ "external.procedure", "External communication",
	  "Is the breach-notification procedure documented?",
	  cq_external_procedure },
	{ "external.drill", "External communication",
	  "Was the breach-notification procedure drilled in the last 12 "
	  "months?", cq_external_drill },
	{ "ids.messages", "Incident IDs",
	  "Does every outgoing message carry its incident ID?",
	  cq_ids_messages },
	{ "research.reports", "Researchers",
	  "Was every vulnerability report acknowledged and triaged within the "
	  "times the disclosure policy promises?", cq_research_reports },
	{ "contracts.sla", "Contracts",
	  "Was every customer with a contractual notification SLA told within "
	  "it?", cq_contracts_sla },
	{ "ownership.owners", "Ownership",
	  "Does every product, policy and playbook have a named owner?",
	  cq_ownership },
};

#define N_QUESTIONS (sizeof questions / sizeof questions[0])

static const char *const names[] = { "met", "no-data", "at-risk", "not-met" };
static const char *const words[] = { "met", "not enough data", "at risk",
    "not met" };

const char *
compliance_status_name(enum compliance_status st)
{
	return (unsigned)st < 4 ? names[st] : "no-data";
}

const char *
compliance_status_words(enum compliance_status st)
{
	return (unsigned)st < 4 ? words[st] : "not enough data";
}

int
compliance_status_from_name(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < 4; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

enum compliance_status
compliance_worse(enum compliance_status a, enum compliance_status b)
{
	return a > b ? a : b;
}

void
compliance_evidence_clear(struct compliance_evidence *e)
{
	if (e == NULL)
		return;
	free(e->kind);
	free(e->ref);
	free(e->at);
	free(e->detail);
	memset(e, 0, sizeof *e);
}

void
compliance_result_clear(struct compliance_result *r)
{
	if (r == NULL)
		return;
	free(r->figure);
	rowlist_free(&r->evidence, (row_clear_fn)compliance_evidence_clear);
	memset(r, 0, sizeof *r);
}

const struct compliance_question *
compliance_questions(size_t *n)
{
	*n = N_QUESTIONS;
	return questions;
}

const struct compliance_question *
compliance_question(const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < N_QUESTIONS; i++)
		if (strcmp(questions[i].id, id) == 0)
			return &questions[i];
	return NULL;
}

static enum status
answer(struct session *s, const struct compliance_question *q, time_t now,
    struct compliance_result *out, struct err *err)
{
	enum status st;

	memset(out, 0, sizeof *out);
	out->q = q;
	out->status = CS_NO_DATA;
	rowlist_init(&out->evidence, sizeof(struct compliance_evidence));
	if ((st = q->eval(s, now, out, err)) != ST_OK) {
		compliance_result_clear(out);
		return st;
	}
	if (out->figure == NULL)
		out->figure = xstrdup("");
	compliance_sort(out);
	return ST_OK;
}

enum status
compliance_evaluate_one(struct session *s, const char *id, time_t now,
    struct compliance_result *out, struct err *err)
{
	const struct compliance_question *q = compliance_question(id);

	memset(out, 0, sizeof *out);
	rowlist_init(&out->evidence, sizeof(struct compliance_evidence));
	if (q == NULL)
		return err_set(err, ST_NOTFOUND, "question: no question \"%s\" "
		    "(herald compliance list names them)", id != NULL ? id : "");
	return answer(s, q, now, out, err);
}

enum status
compliance_evaluate(struct session *s, time_t now, struct rowlist *out,
    struct err *err)
{
	enum status st = ST_OK;
	size_t i;

	rowlist_init(out, sizeof(struct compliance_result));
	for (i = 0; i < N_QUESTIONS && st == ST_OK; i++)
		st = answer(s, &questions[i], now, rowlist_push(out), err);
	if (st != ST_OK)
		rowlist_free(out, (row_clear_fn)compliance_result_clear);
	return st;
}

void
compliance_add(struct compliance_result *r, const char *kind, long long id,
    const char *ref, const char *at, enum compliance_status st,
    const char *fmt, ...)
{
	struct compliance_evidence *e;
	va_list ap;
	char *detail = NULL;

	if (fmt != NULL) {
		va_start(ap, fmt);
		detail = text_vformat(fmt, ap);
		va_end(ap);
	}
	r->status = r->evidence.count == 0 ? st : compliance_worse(r->status, st);
	e = rowlist_push(&r->evidence);
	e->kind = xstrdup(kind);
	e->id = id;
	e->ref = xstrdup(ref != NULL ? ref : "");
	e->at = xstrdup_or_null(at);
	e->status = st;
	e->detail = detail != NULL ? detail : xstrdup("");
}

void
compliance_figure(struct compliance_result *r, const char *fmt, ...)
{
	va_list ap;
	char *f;

	va_start(ap, fmt);
	f = text_vformat(fmt, ap);
	va_end(ap);
	free(r->figure);
	r->figure = f;
}

static int
by_worst(const void *a, const void *b)
{
	const struct compliance_evidence *x = a, *y = b;
	int c;

	if (x->status != y->status)
		return x->status > y->status ? -1 : 1;
	if ((c = strcmp(x->at != NULL ? x->at : "", y->at != NULL ? y->at :
	    "")) != 0)
		return c;
	return strcmp(x->ref, y->ref);
}

void
compliance_sort(struct compliance_result *r)
{
	if (r->evidence.count > 1)
		qsort(r->evidence.items, r->evidence.count, r->evidence.size,
		    by_worst);
}

enum compliance_status
compliance_clock(const char *start, const char *due, const char *stopped,
    time_t now)
{
	time_t t0, t1, ts;
	struct err e;

	if (due == NULL || clock_parse(due, &t1, &e) != ST_OK)
		return CS_NO_DATA;
	if (stopped != NULL && stopped[0] != '\0') {
		if (clock_parse(stopped, &ts, &e) != ST_OK)
			return CS_NO_DATA;
		return ts <= t1 ? CS_MET : CS_NOT_MET;
	}
	if (now > t1)
		return CS_NOT_MET;
	if (start != NULL && clock_parse(start, &t0, &e) == ST_OK && t1 > t0 &&
	    (t1 - now) * 4 < (t1 - t0))
		return CS_AT_RISK;
	return CS_MET;
}

void
cq_lateness(const char *due, const char *told, time_t now, char *buf,
    size_t n)
{
	struct deadline d;
	char tmp[64];

	memset(&d, 0, sizeof d);
	snprintf(d.due_at, sizeof d.due_at, "%s", due);
	snprintf(d.stopped_at, sizeof d.stopped_at, "%s", told != NULL ? told :
	    "");
	deadline_left(&d, now, tmp, sizeof tmp);
	snprintf(buf, n, "%s", strncmp(tmp, "met ", 4) == 0 ? tmp + 4 : tmp);
}
