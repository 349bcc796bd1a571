/* core/compliance_external.c - what an assessor reads from outside: the
 * trust page, security.txt with the disclosure policy, the documented
 * breach-notification procedure, and the drill that tested it. Each
 * rests on the record of an export (core/publication.h) or a drill. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/compliance_priv.h"
#include "core/drill.h"
#include "core/due.h"
#include "core/procedure.h"
#include "core/publication.h"
#include "core/settings.h"
#include "core/trust.h"

#define DAY           86400
/* Evidence that lapses within this many days is at risk. */
#define LAPSE_DAYS    30

/* The date part of an RFC 3339 time (or "?"), into BUF (11 bytes). */
static const char *
date_of(const char *at, char buf[11])
{
	snprintf(buf, 11, "%.10s", at != NULL ? at : "?");
	return buf;
}

/* Whole days from NOW until AT (negative when past); 0 when AT does not
 * parse. */
static long
days_until(const char *at, time_t now)
{
	time_t t;

	if (at == NULL || clock_parse(at, &t, NULL) != ST_OK)
		return 0;
	return t >= now ? (long)((t - now) / DAY) : -(long)((now - t + DAY - 1) /
	    DAY);
}

/* The publication P as evidence with status ST and DETAIL. */
static void
add_publication(struct compliance_result *r, const struct publication *p,
    const char *ref, enum compliance_status st, const char *detail)
{
	char d1[11], d2[11];

	compliance_add(r, "publication", p->id, ref, p->confirmed_at, st,
	    "%s; first published %s, last exported %s%s%s", p->path,
	    date_of(p->published_at, d1), date_of(p->confirmed_at, d2),
	    detail != NULL ? "; " : "", detail != NULL ? detail : "");
}

/* The latest publication of K into P; *FOUND false when there is none
 * (not an error). */
static enum status
latest(struct session *s, enum publication_kind k, struct publication *p,
    bool *found, struct err *err)
{
	enum status st = publication_latest(s, k, p, err);

	*found = st == ST_OK;
	if (st == ST_NOTFOUND) {
		err_clear(err);
		st = ST_OK;
	}
	return st;
}

/* ---- external.trust ---------------------------------------------------- */

/* Certification E's status at NOW: expired, lapsing within 30 days, held. */
static enum compliance_status
certification(struct compliance_result *r, const struct trust_entry *e,
    time_t now, const char *now_s, char *first, size_t n)
{
	char at[CLOCK_BUFSZ];
	long days;

	if (e->valid_until == NULL || *e->valid_until == '\0') {
		compliance_add(r, "trust", e->id, e->title, e->updated_at, CS_MET,
		    "certification without an end date");
		return CS_MET;
	}
	snprintf(at, sizeof at, "%.10sT00:00:00Z", e->valid_until);
	/* Held through its last day: it lapses at the next midnight. */
	days = days_until(at, now) + 1;
	if (trust_is_expired(e, now_s)) {
		compliance_add(r, "trust", e->id, e->title, at, CS_NOT_MET,
		    "certification expired: valid until %.10s", e->valid_until);
		if (first[0] == '\0' || strstr(first, "expired") == NULL)
			snprintf(first, n, "; %s expired on %.10s", e->title,
			    e->valid_until);
		return CS_NOT_MET;
	}
	if (days <= LAPSE_DAYS) {
		compliance_add(r, "trust", e->id, e->title, at, CS_AT_RISK,
		    "certification valid until %.10s: %ld day%s left",
		    e->valid_until, days, days == 1 ? "" : "s");
		if (first[0] == '\0')
			snprintf(first, n, "; %s lapses on %.10s", e->title,
			    e->valid_until);
		return CS_AT_RISK;
	}
	compliance_add(r, "trust", e->id, e->title, at, CS_MET,
	    "certification valid until %.10s", e->valid_until);
	return CS_MET;
}

enum status
cq_external_trust(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct publication p = { 0 };
	struct rowlist entries;
	const struct trust_entry *e;
	char now_s[CLOCK_BUFSZ], d[11], first[300] = "", *changed = NULL;
	bool found;
	size_t i;
	enum status st;

	rowlist_init(&entries, sizeof(struct trust_entry));
	clock_format(now, now_s);
	if ((st = latest(s, PUB_TRUST, &p, &found, err)) != ST_OK)
		goto end;
	if (!found) {
		r->status = CS_NOT_MET;
		compliance_figure(r, "the trust page was never exported "
		    "(herald export trust)");
		goto end;
	}
	if ((st = trust_list(s, &entries, err)) != ST_OK ||
	    (st = trust_last_change(s, &changed, err)) != ST_OK)
		goto end;
	if (changed != NULL && strcmp(changed, p.confirmed_at) > 0) {
		add_publication(r, &p, "trust page", CS_AT_RISK,
		    "the trust content changed after it was exported");
		compliance_add(r, "trust", 0, "trust content", changed,
		    CS_AT_RISK, "changed on %.10s; the page was last exported "
		    "on %.10s", changed, p.confirmed_at);
		snprintf(first, sizeof first, "; the content changed on %.10s, "
		    "after the last export", changed);
	} else
		add_publication(r, &p, "trust page", CS_MET, NULL);
	for (i = 0; i < entries.count; i++) {
		e = rowlist_at(&entries, i);
		if (e->section != NULL &&
		    strcmp(e->section, TRUST_SECTION_CERTIFICATION) == 0)
			(void)certification(r, e, now, now_s, first,
			    sizeof first);
	}
	compliance_figure(r, "trust page last exported %s%s",
	    date_of(p.confirmed_at, d), first);
end:
	free(changed);
	publication_clear(&p);
	rowlist_free(&entries, (row_clear_fn)trust_entry_clear);
	return st;
}

/* ---- external.security-txt --------------------------------------------- */

/* The Expires of the file PATH into OUT (CLOCK_BUFSZ); ST_INVALID or
 * ST_IO with a message when it has none or cannot be read. */
static enum status
file_expires(const char *path, char *out, struct err *err)
{
	char buf[DUE_SECTXT_MAX + 1];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return err_set(err, ST_IO, "cannot read %s", path);
	n = fread(buf, 1, DUE_SECTXT_MAX, f);
	buf[n] = '\0';
	fclose(f);
	return due_sectxt_expires(buf, out, err);
}

/* How security.txt's expiry EXP stands at NOW: the status, and words
 * into BUF. */
static enum compliance_status
expiry(const char *exp, time_t now, char *buf, size_t n)
{
	long days = days_until(exp, now);
	time_t t;

	if (exp == NULL || *exp == '\0' || clock_parse(exp, &t, NULL) != ST_OK) {
		snprintf(buf, n, "has no Expires");
		return CS_NOT_MET;
	}
	if (t <= now) {
		snprintf(buf, n, "expired on %.10s", exp);
		return CS_NOT_MET;
	}
	snprintf(buf, n, "expires on %.10s (in %ld day%s)", exp, days,
	    days == 1 ? "" : "s");
	/* Within 30 days to the second: 30 days and an hour is not. */
	return t - now <= (time_t)LAPSE_DAYS * DAY ? CS_AT_RISK : CS_MET;
}

enum status
cq_external_security_txt(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct publication p = { 0 }, pol = { 0 };
	struct err ferr = { 0 };
	enum compliance_status cs;
	char *file = NULL, exp[CLOCK_BUFSZ], words[120], d[11], txt[200];
	bool found, has_policy;
	enum status st;

	if ((st = setting_get(s, "check.security-txt", &file, err)) != ST_OK ||
	    (st = latest(s, PUB_SECTXT, &p, &found, err)) != ST_OK ||
	    (st = latest(s, PUB_DISCLOSURE, &pol, &has_policy, err)) != ST_OK)
		goto end;
	/* The file as served, when check.security-txt names it, is what a
	 * researcher reads; else the last export. */
	if (file != NULL && *file != '\0') {
		if (file_expires(file, exp, &ferr) != ST_OK) {
			compliance_add(r, "setting", 0, file, NULL, CS_NOT_MET,
			    "%s", ferr.msg);
			snprintf(txt, sizeof txt, "security.txt at %s cannot be "
			    "judged", file);
		} else {
			cs = expiry(exp, now, words, sizeof words);
			compliance_add(r, "setting", 0, file, exp, cs,
			    "security.txt (check.security-txt) %s", words);
			snprintf(txt, sizeof txt, "security.txt %s", words);
		}
	} else if (found) {
		cs = expiry(p.expires_at, now, words, sizeof words);
		add_publication(r, &p, "security.txt", cs, words);
		snprintf(txt, sizeof txt, "security.txt %s", words);
	} else {
		r->status = CS_NOT_MET;
		compliance_add(r, "publication", 0, "security.txt", NULL,
		    CS_NOT_MET, "never exported (herald export security-txt)");
		snprintf(txt, sizeof txt, "security.txt never exported");
	}
	if (has_policy)
		add_publication(r, &pol, "disclosure policy", CS_MET, NULL);
	else
		compliance_add(r, "publication", 0, "disclosure policy", NULL,
		    CS_NOT_MET, "never exported (herald export security-txt)");
	compliance_figure(r, "%s; disclosure policy %s%s", txt, has_policy ?
	    "last exported " : "never exported", has_policy ?
	    date_of(pol.confirmed_at, d) : "");
end:
	free(file);
	publication_clear(&p);
	publication_clear(&pol);
	return st;
}

/* ---- external.procedure ------------------------------------------------ */

enum status
cq_external_procedure(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct publication p = { 0 };
	struct err herr = { 0 };
	char hash[HASH_HEX_SIZE], d[11];
	bool found;
	enum status st;

	(void)now;
	if ((st = latest(s, PUB_PROCEDURE, &p, &found, err)) != ST_OK)
		goto end;
	if (!found) {
		r->status = CS_NOT_MET;
		compliance_figure(r, "the breach-notification procedure was never "
		    "exported (herald export procedure)");
		goto end;
	}
	if (procedure_source_hash(s, hash, &herr) != ST_OK) {
		add_publication(r, &p, "breach-notification procedure",
		    CS_AT_RISK, herr.msg);
		compliance_figure(r, "procedure exported %s, but whether it is "
		    "current cannot be told: %s", date_of(p.confirmed_at, d),
		    herr.msg);
	} else if (p.source_hash == NULL || strcmp(p.source_hash, hash) != 0) {
		add_publication(r, &p, "breach-notification procedure",
		    CS_AT_RISK, "the playbook or approvers changed since it was "
		    "exported");
		compliance_figure(r, "procedure exported %s; the playbook or "
		    "approvers changed since it was exported",
		    date_of(p.confirmed_at, d));
	} else {
		add_publication(r, &p, "breach-notification procedure", CS_MET,
		    "current");
		compliance_figure(r, "procedure exported %s and current",
		    date_of(p.confirmed_at, d));
	}
end:
	publication_clear(&p);
	return st;
}

/* ---- external.drill ---------------------------------------------------- */

/* The first line of TEXT, at most N-1 bytes, into BUF. */
static const char *
first_line(const char *text, char *buf, size_t n)
{
	size_t len = text != NULL ? strcspn(text, "\r\n") : 0;

	snprintf(buf, n, "%.*s", (int)len, text != NULL ? text : "");
	return buf;
}

enum status
cq_external_drill(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct drill d = { 0 };
	enum compliance_status cs;
	char ref[64], line[160], day[11], lapse[CLOCK_BUFSZ];
	time_t t;
	int met, total;
	enum status st;

	if ((st = drill_last_finished(s, &d, err)) == ST_NOTFOUND) {
		err_clear(err);
		st = ST_OK;
		r->status = CS_NOT_MET;
		compliance_figure(r, "no drill of the breach-notification "
		    "procedure has been finished (herald drill start)");
		goto end;
	}
	if (st != ST_OK)
		goto end;
	if (clock_parse(d.finished_at, &t, NULL) != ST_OK)
		t = 0;
	/* Lapses 12 months after it finished; at risk in its last month,
	 * from the day it is 11 months old. */
	clock_format(clock_add_months(t, 12), lapse);
	cs = t < clock_add_months(now, -12) ? CS_NOT_MET :
	    t <= clock_add_months(now, -11) ? CS_AT_RISK : CS_MET;
	drill_tally(&d, &met, &total);
	snprintf(ref, sizeof ref, "drill %lld", d.id);
	compliance_add(r, "drill", d.id, ref, d.finished_at, cs,
	    "%s; %d of %d clocks met; findings: %s", d.playbook, met, total,
	    first_line(d.findings, line, sizeof line));
	compliance_figure(r, "last drill finished %s, %d of %d clocks met; %s "
	    "%.10s", date_of(d.finished_at, day), met, total, cs == CS_NOT_MET ?
	    "lapsed on" : "next due by", lapse);
end:
	drill_clear(&d);
	return st;
}
