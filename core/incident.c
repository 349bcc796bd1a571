/* core/incident.c - incidents: validation, ID allocation, audit. */
#include "config.h"

#include "core/incident.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "storage/q_access.h"

static const char *const triggers[] = {
	"vulnerability", "data-breach", "credential-leak", "misconfiguration",
	"compromise", NULL,
};
static const char *const severities[] = {
	"none", "low", "medium", "high", "critical", NULL,
};
static const char *const states[] = {
	"open", "contained", "resolved", "closed", NULL,
};

const char *const *incident_trigger_kinds(void) { return triggers; }
const char *const *incident_severities(void) { return severities; }
const char *const *incident_states(void) { return states; }

bool
vocab_has(const char *const *list, const char *v)
{
	for (; v != NULL && *list != NULL; list++)
		if (strcmp(*list, v) == 0)
			return true;
	return false;
}

char *
vocab_join(const char *const *list, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (; *list != NULL && len < n; list++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", *list,
		    list[1] != NULL ? ", " : "");
	return buf;
}

void
incident_format_ref(char *buf, size_t n, const char *prefix, int year,
    long long number)
{
	snprintf(buf, n, "%s-%04d-%03lld", prefix, year, number);
}

static enum status
check_vocab(const char *what, const char *const *list, const char *v,
    struct err *err)
{
	char all[256];

	if (vocab_has(list, v))
		return ST_OK;
	return err_set(err, ST_INVALID, "%s %s: expected one of %s", what,
	    v != NULL ? v : "(missing)", vocab_join(list, all, sizeof all));
}

static enum status
validate(const struct incident_new *in, char *aware, char *disc, char *emb,
    struct err *err)
{
	enum status st = ST_OK;

	if (in->title == NULL || *in->title == '\0')
		return err_set(err, ST_INVALID, "title: an incident needs a title");
	if ((st = check_line("title", in->title, 200, true, err)) != ST_OK ||
	    (st = check_text("summary", in->summary, 20000, false, err)) != ST_OK)
		return st;
	if ((st = check_vocab("trigger", triggers, in->trigger_kind, err)) != ST_OK ||
	    (st = check_vocab("severity", severities, in->severity, err)) != ST_OK)
		return st;
	if (in->cvss_vector != NULL && strncmp(in->cvss_vector, "CVSS:3.1/", 9) != 0 &&
	    strncmp(in->cvss_vector, "CVSS:4.0/", 9) != 0)
		return err_set(err, ST_INVALID, "cvss: %s is not a CVSS v3.1 or "
		    "v4.0 vector (it starts with CVSS:3.1/ or CVSS:4.0/)",
		    in->cvss_vector);
	if (in->aware_at != NULL)
		st = check_time("aware-at", in->aware_at, aware, err);
	else
		clock_now_str(aware);
	if (st == ST_OK && in->discovered_at != NULL)
		st = check_time("discovered-at", in->discovered_at, disc, err);
	if (st == ST_OK && in->embargo_until != NULL)
		st = check_time("embargo-until", in->embargo_until, emb, err);
	if (st == ST_OK && in->discovered_at != NULL && strcmp(disc, aware) > 0)
		st = err_set(err, ST_INVALID, "discovered-at %s is after aware-at "
		    "%s", disc, aware);
	return st;
}

enum status
incident_create(struct session *s, const struct incident_new *in,
    struct incident *out, struct err *err)
{
	char aware[CLOCK_BUFSZ], disc[CLOCK_BUFSZ], emb[CLOCK_BUFSZ];
	char now[CLOCK_BUFSZ], ref[64];
	struct incident i = { 0 };
	long long number;
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = validate(in, aware, disc, emb, err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_incident_next_number(s->db, s->id_prefix,
	    clock_year(clock_now()), &number, err)) != ST_OK)
		goto end;
	incident_format_ref(ref, sizeof ref, s->id_prefix,
	    clock_year(clock_now()), number);
	i.ref = ref;
	i.title = (char *)in->title;
	i.summary = (char *)in->summary;
	i.trigger_kind = (char *)in->trigger_kind;
	i.severity = (char *)in->severity;
	i.cvss_vector = (char *)in->cvss_vector;
	i.cvss_score = -1;
	i.aware_at = aware;
	i.discovered_at = in->discovered_at != NULL ? disc : NULL;
	i.embargo_until = in->embargo_until != NULL ? emb : NULL;
	i.is_drill = in->is_drill;
	i.created_by = s->user.id;
	i.created_at = now;
	if ((st = q_incident_insert(s->db, &i, err)) != ST_OK)
		goto end;
	if ((st = audit_record(s->db, s->actor, "incident.create", "incident",
	    i.id, err, "{s:s, s:s, s:s, s:b}", "ref", ref, "trigger",
	    in->trigger_kind, "severity", in->severity, "drill",
	    in->is_drill)) != ST_OK || i.embargo_until == NULL)
		goto end;
	/* Need to know: whoever opens one under embargo is named on it. */
	if ((st = q_access_add(s->db, i.id, s->user.id, NULL, err)) == ST_OK)
		st = audit_record(s->db, s->actor, "incident.access-grant",
		    "incident", i.id, err, "{s:I, s:s}", "user",
		    (json_int_t)s->user.id, "reason", "opened it");
end:
	st = db_end(s->db, st, err);
	if (st == ST_OK && out != NULL)
		st = q_incident_by_id(s->db, i.id, out, err);
	return st;
}

/* Load incident ID into I inside the caller's transaction, if it is still
 * at EXPECTED_VERSION: an edit never overwrites one it has not seen. One
 * under embargo that the acting user may not see is refused (the open
 * before the edit recorded that). */
static enum status
load_current(struct session *s, long long id, long long expected_version,
    struct incident *i, struct err *err)
{
	enum status st;

	if ((st = q_incident_by_id(s->db, id, i, err)) != ST_OK ||
	    (st = access_require_sees(s, i, err)) != ST_OK)
		return st;
	if (i->version != expected_version)
		return err_set(err, ST_CONFLICT, "incident %s was changed by "
		    "someone else; reload it and try again", i->ref);
	return ST_OK;
}

enum status
incident_set_state(struct session *s, long long id, long long expected_version,
    const char *state, struct err *err)
{
	char now[CLOCK_BUFSZ];
	struct incident i = { 0 }, upd;
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = check_vocab("state", states, state, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = load_current(s, id, expected_version, &i, err)) != ST_OK)
		goto end;
	if (strcmp(i.state, state) == 0)
		goto end;               /* nothing to change, nothing to audit */
	/* Write a copy: I keeps the old state for the audit row. */
	clock_now_str(now);
	upd = i;
	upd.state = (char *)state;
	upd.updated_at = now;
	if ((st = q_incident_update(s->db, &upd, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "incident.state", "incident", id, err,
	    "{s:s, s:s}", "from", i.state, "to", state);
end:
	st = db_end(s->db, st, err);
	incident_clear(&i);
	return st;
}

enum status
incident_set_summary(struct session *s, long long id,
    long long expected_version, const char *summary, struct err *err)
{
	struct incident i = { 0 }, upd;
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = check_text("summary", summary, 20000, false, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = load_current(s, id, expected_version, &i, err)) != ST_OK)
		goto end;
	if (strcmp(i.summary != NULL ? i.summary : "", summary != NULL ?
	    summary : "") == 0)
		goto end;               /* nothing to change, nothing to audit */
	clock_now_str(now);
	upd = i;
	upd.summary = (char *)(summary != NULL ? summary : "");
	upd.updated_at = now;
	if ((st = q_incident_update(s->db, &upd, err)) != ST_OK)
		goto end;
	/* The text itself stays out of the chain: it may be under embargo. */
	st = audit_record(s->db, s->actor, "incident.summary", "incident", id,
	    err, "{s:i}", "bytes", (int)strlen(upd.summary));
end:
	st = db_end(s->db, st, err);
	incident_clear(&i);
	return st;
}

/* Set *SLOT to IN normalised into BUF: NULL keeps it, "" clears it. */
static enum status
time_arg(const char *field, const char *in, bool may_clear, char *buf,
    char **slot, struct err *err)
{
	enum status st;

	if (in == NULL)
		return ST_OK;
	if (*in == '\0') {
		if (!may_clear)
			return err_set(err, ST_INVALID, "%s: an incident always "
			    "has this time", field);
		*slot = NULL;
		return ST_OK;
	}
	if ((st = check_time(field, in, buf, err)) == ST_OK)
		*slot = buf;
	return st;
}

/* Whether times A and B (either may be NULL) differ. */
static bool
time_changed(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

enum status
incident_set_times(struct session *s, long long id, long long expected_version,
    const struct incident_times *t, struct err *err)
{
	char disc[CLOCK_BUFSZ], aware[CLOCK_BUFSZ], fix[CLOCK_BUFSZ];
	char now[CLOCK_BUFSZ];
	struct incident i = { 0 }, upd;
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = load_current(s, id, expected_version, &i, err)) != ST_OK)
		goto end;
	upd = i;
	if ((st = time_arg("discovered-at", t->discovered_at, true, disc,
	    &upd.discovered_at, err)) != ST_OK ||
	    (st = time_arg("aware-at", t->aware_at, false, aware,
	    &upd.aware_at, err)) != ST_OK ||
	    (st = time_arg("fix-available-at", t->fix_available_at, true, fix,
	    &upd.fix_available_at, err)) != ST_OK)
		goto end;
	if (upd.discovered_at != NULL && upd.aware_at != NULL &&
	    strcmp(upd.discovered_at, upd.aware_at) > 0) {
		st = err_set(err, ST_INVALID, "discovered-at %s is after "
		    "aware-at %s", upd.discovered_at, upd.aware_at);
		goto end;
	}
	if (!time_changed(i.discovered_at, upd.discovered_at) &&
	    !time_changed(i.aware_at, upd.aware_at) &&
	    !time_changed(i.fix_available_at, upd.fix_available_at))
		goto end;               /* nothing to change, nothing to audit */
	clock_now_str(now);
	upd.updated_at = now;
	if ((st = q_incident_update(s->db, &upd, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "incident.times", "incident", id,
	    err, "{s:s?, s:s?, s:s?}", "discovered_at", upd.discovered_at,
	    "aware_at", upd.aware_at, "fix_available_at",
	    upd.fix_available_at);
end:
	st = db_end(s->db, st, err);
	incident_clear(&i);
	return st;
}

enum status
incident_open(struct session *s, const char *ref_or_id, const char *what,
    struct incident *out, struct err *err)
{
	char *end;
	long long id;
	enum status st;

	if (ref_or_id == NULL || *ref_or_id == '\0')
		return err_set(err, ST_INVALID, "which incident? give its ID "
		    "(like SEC-2026-004)");
	id = strtoll(ref_or_id, &end, 10);
	if (*end == '\0' && id > 0)
		st = q_incident_by_id(s->db, id, out, err);
	else
		st = q_incident_by_ref(s->db, ref_or_id, out, err);
	if (st == ST_OK && (st = access_check(s, out, what, err)) != ST_OK)
		incident_clear(out);
	return st;
}

enum status
incident_get(struct session *s, const char *ref_or_id, struct incident *out,
    struct err *err)
{
	return incident_open(s, ref_or_id, "show", out, err);
}

enum status
incident_get_listed(struct session *s, long long id, struct incident *out,
    struct err *err)
{
	bool sees = false;
	enum status st;

	if ((st = q_access_sees(s->db, id, &sees, err)) != ST_OK)
		return st;
	if (!sees)
		return err_set(err, ST_NOTFOUND, "no incident with id %lld that "
		    "you may see", id);
	return q_incident_by_id(s->db, id, out, err);
}

enum status
incident_list(struct session *s, const struct incident_filter *f,
    struct rowlist *out, struct err *err)
{
	struct incident_filter all = { .drills = -1 };

	return q_incident_list(s->db, f != NULL ? f : &all, out, err);
}

/* Check F's values, so that a typo is an error rather than no rows. */
static enum status
check_filter(const struct incident_filter *f, struct err *err)
{
	enum status st = ST_OK;

	if (f == NULL)
		return ST_OK;
	if (f->state != NULL)
		st = check_vocab("state", states, f->state, err);
	if (st == ST_OK && f->trigger_kind != NULL)
		st = check_vocab("trigger", triggers, f->trigger_kind, err);
	if (st == ST_OK && f->severity != NULL)
		st = check_vocab("severity", severities, f->severity, err);
	if (st == ST_OK && (f->drills < -1 || f->drills > 1))
		st = err_set(err, ST_INVALID, "drills: -1 (any), 0 (real only) "
		    "or 1 (drills only), not %d", f->drills);
	return st;
}

enum status
incident_page(struct session *s, const struct incident_page_query *q,
    struct rowlist *out, struct err *err)
{
	const struct incident *a;
	enum status st;

	rowlist_init(out, sizeof(struct incident));
	if (q == NULL)
		return err_set(err, ST_INVALID, "no page query");
	if (q->limit < 1 || q->limit > INCIDENT_PAGE_MAX)
		return err_set(err, ST_INVALID, "limit: 1 to %d rows a page "
		    "(got %d)", INCIDENT_PAGE_MAX, q->limit);
	if (q->sort != INCIDENT_SORT_UPDATED && q->sort != INCIDENT_SORT_REF &&
	    q->sort != INCIDENT_SORT_SEVERITY)
		return err_set(err, ST_INVALID, "sort: unknown order %d",
		    (int)q->sort);
	if ((st = check_filter(q->filter, err)) != ST_OK)
		return st;
	/* The keyset row must carry the fields of its order, or the page
	 * would silently come back empty. */
	if ((a = q->after) != NULL && (a->id <= 0 ||
	    (q->sort != INCIDENT_SORT_REF && a->updated_at == NULL) ||
	    (q->sort == INCIDENT_SORT_SEVERITY && a->severity == NULL)))
		return err_set(err, ST_INVALID, "after: the row to continue "
		    "from needs its id, updated-at and severity");
	return q_incident_page(s->db, q, out, err);
}

enum status
incident_count(struct session *s, const struct incident_filter *f,
    long long *n, struct err *err)
{
	return q_incident_count(s->db, f, n, err);
}
