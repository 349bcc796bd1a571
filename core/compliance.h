/* core/compliance.h - the SRO's questions: each computed from the
 * database, with a status, the figure behind it and the evidence that
 * makes it so. */
#ifndef HERALD_CORE_COMPLIANCE_H
#define HERALD_CORE_COMPLIANCE_H

#include <stddef.h>
#include <time.h>

#include "core/session.h"
#include "storage/records.h"

/* Worst last: a question's status is the worst of its evidence's. */
enum compliance_status {
	CS_MET,
	CS_NO_DATA,              /* nothing to judge yet */
	CS_AT_RISK,              /* met, but a clock or a piece of evidence
	                          * is about to fail */
	CS_NOT_MET,
};

/* "met", "no-data", "at-risk", "not-met" (the words the report and the
 * database use); "met", "not enough data", "at risk", "not met" for
 * people. */
const char *compliance_status_name(enum compliance_status st);
const char *compliance_status_words(enum compliance_status st);
/* CS_* for a name; -1 when unknown. */
int         compliance_status_from_name(const char *name);
/* The worse of A and B. */
enum compliance_status compliance_worse(enum compliance_status a,
    enum compliance_status b);

/*
 * One fact behind an answer: a row a person can open (an incident, a
 * release cycle, a communication, a report, a customer, a drill, a
 * publication), with the time it rests on and its own status.
 */
struct compliance_evidence {
	char     *kind;          /* "incident", "cycle", "communication",
	                          * "report", "customer", "drill", "product",
	                          * "playbook", "policy", "publication",
	                          * "channel", "outbox", "setting", "breach",
	                          * "trust", "subscriber" */
	long long id;            /* its row id; 0 when it has none */
	char     *ref;           /* what people call it: "SEC-2026-004",
	                          * "acme 2.x", "security.txt" */
	char     *at;            /* UTC RFC 3339 time it rests on, or NULL */
	enum compliance_status status;
	char     *detail;        /* "first delivery 30 h after awareness;
	                          * within 24 h due" */
};
void compliance_evidence_clear(struct compliance_evidence *e);

struct compliance_question;

/* A question's answer at one moment. */
struct compliance_result {
	const struct compliance_question *q;
	enum compliance_status status;
	char          *figure;   /* "3 of 4 incidents within their SLA" */
	struct rowlist evidence; /* struct compliance_evidence, worst first
	                          * then in time order */
};
void compliance_result_clear(struct compliance_result *r);

/* Fill R's status, figure and evidence as of NOW. R->q is set and
 * R->evidence initialised before the call; on an error R is cleared by
 * the caller. */
typedef enum status (*compliance_eval_fn)(struct session *s, time_t now,
    struct compliance_result *r, struct err *err);

struct compliance_question {
	const char        *id;     /* "lifecycle.notice": stable, in reports */
	const char        *area;   /* "Lifecycle visibility" */
	const char        *text;   /* the question, as the code of practice
	                            * asks it */
	compliance_eval_fn eval;
};

/* The questions in the order the dashboard shows them; *N gets how many. */
const struct compliance_question *compliance_questions(size_t *n);
/* The question ID, or NULL. */
const struct compliance_question *compliance_question(const char *id);

/* Answer every question as of NOW into OUT (struct compliance_result, in
 * compliance_questions() order). Any user may read them. Free with
 * rowlist_free(out, (row_clear_fn)compliance_result_clear). */
enum status compliance_evaluate(struct session *s, time_t now,
    struct rowlist *out, struct err *err);
/* Answer question ID as of NOW into OUT (caller clears). */
enum status compliance_evaluate_one(struct session *s, const char *id,
    time_t now, struct compliance_result *out, struct err *err);

/* For the question functions: add evidence to R (TEXT copied; AT and
 * DETAIL may be NULL; DETAIL is printf-like) and fold its status into
 * R->status. */
void        compliance_add(struct compliance_result *r, const char *kind,
    long long id, const char *ref, const char *at,
    enum compliance_status st, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Set R->figure (printf-like), replacing any. */
void        compliance_figure(struct compliance_result *r, const char *fmt,
    ...) __attribute__((format(printf, 2, 3)));
/* Sort R's evidence worst first, then by time, then by ref. */
void        compliance_sort(struct compliance_result *r);
/*
 * The status of a clock that started at START and is due at DUE, judged
 * at NOW, given when it stopped (STOPPED; NULL or "" while running):
 * stopped by DUE is met, after DUE not met; running past DUE not met;
 * running with less than a quarter of its span left at risk; otherwise
 * met (nothing has failed yet).
 */
enum compliance_status compliance_clock(const char *start, const char *due,
    const char *stopped, time_t now);

/*
 * A researcher's report against what the disclosure policy promises: the
 * vulnerability-report playbook's clocks "acknowledge" and "triage" (in
 * that order), each running from the report's receipt
 * (core/compliance_research.c).
 */
#define COMPLIANCE_REPORT_CLOCKS 2
struct report;
struct compliance_report_clock {
	const char *id;          /* "acknowledge", "triage" */
	const char *step;        /* "acknowledged", "triaged" */
	int         is_promised; /* the playbook has this clock */
	char        span[32];    /* "72 h"; "" when not promised */
	char        due[32];     /* received_at + span (RFC 3339); "" */
	const char *stopped;     /* when the step was recorded (borrowed
	                          * from the report), or NULL */
	enum compliance_status status; /* compliance_clock(); CS_NO_DATA
	                          * when not promised */
};
/* The clocks of the N reports REPORTS as of NOW into OUT
 * (COMPLIANCE_REPORT_CLOCKS per report, report after report). ST_NOTFOUND
 * when the vulnerability-report playbook cannot be found or loaded. */
enum status compliance_report_clocks(const struct report *reports, size_t n,
    time_t now, struct compliance_report_clock *out, struct err *err);

#endif
