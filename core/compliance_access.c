/* core/compliance_access.c - does every customer-facing text have a
 * plain-language summary, and how many of them are easy to read?
 *
 * A summary is the answer to a plain-text field of the playbook version
 * the communication started with (kept in the playbooks table, so a
 * later edit of the file changes nothing here), in a step of the
 * communication's variant, and not internal. Its threshold is the
 * field's reading-ease, which the playbook parser already defaults to
 * the playbook's.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/compliance_priv.h"
#include "core/playbook.h"
#include "core/validate.h"
#include "storage/q_evidence_docs.h"
#include "util/xalloc.h"

/* Each playbook version once, however many communications use it. */
struct parsed {
	char            *hash;
	struct playbook *pb;      /* NULL when it would not parse */
};

static void
parsed_clear(struct parsed *p)
{
	free(p->hash);
	playbook_free(&p->pb);
}

static const struct playbook *
playbook_of(struct rowlist *cache, const struct ev_comm *c)
{
	struct parsed *p;
	size_t i;

	for (i = 0; i < cache->count; i++) {
		p = rowlist_at(cache, i);
		if (strcmp(p->hash, c->playbook_hash) == 0)
			return p->pb;
	}
	p = rowlist_push(cache);
	p->hash = xstrdup(c->playbook_hash);
	if (c->playbook_body != NULL)
		(void)playbook_parse(c->playbook_body, strlen(c->playbook_body),
		    c->playbook_hash, &p->pb, NULL, NULL);
	return p->pb;
}

/* A plain-language summary a communication gave. */
struct summary {
	const struct pb_field *f;
	const char            *value;
};

#define MAX_SUMMARIES 16

/*
 * The plain-text fields PB asks in C's variant into *N_FIELDS, and the
 * non-empty answers to them in C's ANSWERS into OUT (at most
 * MAX_SUMMARIES) and *N.
 */
static void
summaries(const struct playbook *pb, const struct ev_comm *c,
    const struct rowlist *answers, struct summary *out, size_t *n,
    size_t *n_fields)
{
	const struct pb_step *step;
	const struct pb_field *f;
	const struct ev_answer *a;
	size_t i, j, k;

	*n = *n_fields = 0;
	for (i = 0; i < pb->n_steps; i++) {
		step = &pb->steps[i];
		if (!playbook_step_in_variant(step, c->variant))
			continue;
		for (j = 0; j < step->n_fields; j++) {
			f = &step->fields[j];
			if (f->kind != FIELD_PLAIN_TEXT || f->is_internal)
				continue;
			(*n_fields)++;
			for (k = 0; k < answers->count && *n < MAX_SUMMARIES;
			    k++) {
				a = rowlist_at(answers, k);
				if (strcmp(a->field, f->id) != 0 ||
				    a->value[strspn(a->value, " \t\r\n")] == '\0')
					continue;
				out[*n].f = f;
				out[(*n)++].value = a->value;
			}
		}
	}
}

static void
comm_ref(const struct ev_comm *c, char *buf, size_t n)
{
	snprintf(buf, n, "%s %s", c->ref, c->kind);
}

/* What one question does with one communication's summaries. */
struct tally {
	size_t n_comms, n_ok;     /* access.summary: communications */
	size_t n_sums, n_sums_ok; /* access.readability: summaries */
	char   first[240];        /* the first one falling short */
};
typedef void (*judge_fn)(struct compliance_result *r, const struct ev_comm *c,
    const struct playbook *pb, const struct summary *sums, size_t n,
    size_t n_fields, struct tally *t);

/* Walk every published customer-facing communication through JUDGE. */
static enum status
walk(struct session *s, struct compliance_result *r, judge_fn judge,
    struct tally *t, struct err *err)
{
	struct rowlist comms, cache, answers;
	struct summary sums[MAX_SUMMARIES];
	const struct playbook *pb;
	const struct ev_comm *c;
	size_t i, n, n_fields;
	enum status st;

	rowlist_init(&cache, sizeof(struct parsed));
	rowlist_init(&answers, sizeof(struct ev_answer));
	if ((st = q_evidence_summary_comms(s->db, &comms, err)) != ST_OK)
		goto end;
	for (i = 0; i < comms.count; i++) {
		c = rowlist_at(&comms, i);
		rowlist_free(&answers, (row_clear_fn)ev_answer_clear);
		if ((st = q_evidence_answers(s->db, c->id, &answers, err)) !=
		    ST_OK)
			goto end;
		n = n_fields = 0;
		if ((pb = playbook_of(&cache, c)) != NULL)
			summaries(pb, c, &answers, sums, &n, &n_fields);
		judge(r, c, pb, sums, n, n_fields, t);
	}
end:
	rowlist_free(&answers, (row_clear_fn)ev_answer_clear);
	rowlist_free(&cache, (row_clear_fn)parsed_clear);
	rowlist_free(&comms, (row_clear_fn)ev_comm_clear);
	return st;
}

static void
judge_summary(struct compliance_result *r, const struct ev_comm *c,
    const struct playbook *pb, const struct summary *sums, size_t n,
    size_t n_fields, struct tally *t)
{
	char ref[200];

	comm_ref(c, ref, sizeof ref);
	t->n_comms++;
	if (pb == NULL) {
		compliance_add(r, "communication", c->id, ref, c->published_at,
		    CS_NO_DATA, "\"%s\": the playbook version it used is not "
		    "stored or does not parse", c->title);
		return;
	}
	if (n > 0) {
		t->n_ok++;
		compliance_add(r, "communication", c->id, ref, c->published_at,
		    CS_MET, "\"%s\": plain-language summary in \"%s\"", c->title,
		    sums[0].f->label);
		return;
	}
	compliance_add(r, "communication", c->id, ref, c->published_at,
	    CS_NOT_MET, "\"%s\": %s", c->title, n_fields == 0 ?
	    "its playbook asks for no plain-language summary" :
	    "published without a plain-language summary");
	if (t->first[0] == '\0')
		snprintf(t->first, sizeof t->first, "; %s has none", ref);
}

enum status
cq_access_summary(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct tally t = { 0 };
	enum status st;

	(void)now;
	if ((st = walk(s, r, judge_summary, &t, err)) != ST_OK)
		return st;
	if (t.n_comms == 0) {
		r->status = CS_NO_DATA;
		compliance_figure(r, "no customer-facing communications "
		    "published yet");
		return ST_OK;
	}
	compliance_figure(r, "%zu of %zu customer-facing text%s ha%s a "
	    "plain-language summary%s", t.n_ok, t.n_comms, t.n_comms == 1 ?
	    "" : "s", t.n_comms == 1 ? "s" : "ve", t.first);
	return ST_OK;
}

static void
judge_readability(struct compliance_result *r, const struct ev_comm *c,
    const struct playbook *pb, const struct summary *sums, size_t n,
    size_t n_fields, struct tally *t)
{
	char ref[200], detail[400];
	size_t k, len = 0, n_ok = 0;
	double score;

	(void)pb;
	(void)n_fields;
	if (n == 0)
		return;                 /* access.summary reports it */
	comm_ref(c, ref, sizeof ref);
	detail[0] = '\0';
	for (k = 0; k < n; k++) {
		score = readability_flesch(sums[k].value);
		if (score >= sums[k].f->min_reading_ease)
			n_ok++;
		if (len < sizeof detail)
			len += (size_t)snprintf(detail + len, sizeof detail - len,
			    "%s%s: reading ease %.1f (threshold %.0f)", k > 0 ?
			    "; " : "", sums[k].f->label, score,
			    sums[k].f->min_reading_ease);
	}
	t->n_sums += n;
	t->n_sums_ok += n_ok;
	compliance_add(r, "communication", c->id, ref, c->published_at,
	    n_ok == n ? CS_MET : CS_NOT_MET, "%s", detail);
	if (n_ok < n && t->first[0] == '\0')
		snprintf(t->first, sizeof t->first, "; %s is harder to read",
		    ref);
}

enum status
cq_access_readability(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct tally t = { 0 };
	unsigned pct;
	enum status st;

	(void)now;
	if ((st = walk(s, r, judge_readability, &t, err)) != ST_OK)
		return st;
	if (t.n_sums == 0) {
		r->status = CS_NO_DATA;
		compliance_figure(r, "no plain-language summaries published yet");
		return ST_OK;
	}
	/* Judged by share, not by the worst: a few hard texts put it at
	 * risk, many fail it. */
	pct = (unsigned)((t.n_sums_ok * 100 + t.n_sums / 2) / t.n_sums);
	if (pct == 100 && t.n_sums_ok < t.n_sums)
		pct = 99;               /* never "100 %" while one falls short */
	r->status = t.n_sums_ok == t.n_sums ? CS_MET :
	    t.n_sums_ok * 4 >= t.n_sums * 3 ? CS_AT_RISK : CS_NOT_MET;
	compliance_figure(r, "%zu of %zu summar%s (%u %%) meet%s %s "
	    "readability threshold%s", t.n_sums_ok, t.n_sums, t.n_sums == 1 ?
	    "y" : "ies", pct, t.n_sums == 1 ? "s" : "", t.n_sums == 1 ? "its" :
	    "their", t.first);
	return ST_OK;
}
