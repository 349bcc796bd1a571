/* core/breach.c - the register of personal-data breaches (GDPR art.
 * 33(5)): recording and changing a breach, reading the register, and a
 * breach pre-filled from a data-breach incident. The texts may hold
 * personal data, so the audit chain gets ids and field names only. */
#include "config.h"

#include "core/breach.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/incident.h"
#include "core/mustache.h"
#include "core/settings.h"
#include "core/text.h"
#include "core/user.h"
#include "storage/q_access.h"
#include "storage/q_incident.h"
#include "util/xalloc.h"

static const char *const risks[] = {
	"unassessed", "unlikely", "risk", "high-risk", NULL,
};
static const char *const regulator_values[] = {
	"yes", "no", "not-required", NULL,
};

const char *const *
breach_risks(void)
{
	return risks;
}

const char *const *
breach_regulator_values(void)
{
	return regulator_values;
}

/* The register is kept by those who handle incidents and answer for them. */
static enum status
require_keeper(const struct session *s, struct err *err)
{
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (session_has_role(s, "author") || session_has_role(s, "admin") ||
	    session_has_role(s, "sro"))
		return ST_OK;
	return err_set(err, ST_DENIED, "%s needs the author, sro or admin role "
	    "to keep the breach register", s->login);
}

static bool
is_empty(const char *v)
{
	return v == NULL || *v == '\0';
}

/* FIELD's long text V: required, as the article asks. */
static enum status
check_required(const char *field, const char *v, const char *what,
    struct err *err)
{
	if (text_nonblank(v) == NULL)
		return err_set(err, ST_INVALID, "%s: required (GDPR art. 33(5): "
		    "%s)", field, what);
	return check_text(field, v, BREACH_TEXT_MAX, true, err);
}

/* FIELD's time V (stored, UTC) is not after aware_at AWARE. */
static enum status
check_before(const char *field, const char *v, const char *aware,
    struct err *err)
{
	char norm[CLOCK_BUFSZ];
	enum status st;

	if (is_empty(v))
		return ST_OK;
	if ((st = check_time(field, v, norm, err)) != ST_OK)
		return st;
	if (strcmp(aware, norm) < 0)
		return err_set(err, ST_INVALID, "aware_at: %s is before %s (%s); "
		    "one cannot become aware of a breach before it %s", aware,
		    field, norm, strcmp(field, "occurred_at") == 0 ? "happened" :
		    "was discovered");
	return ST_OK;
}

enum status
breach_check(const struct breach *b, time_t now, struct err *err)
{
	char aware[CLOCK_BUFSZ], nowbuf[CLOCK_BUFSZ], vals[128];
	enum status st;

	if ((st = check_line("title", b->title, BREACH_TITLE_MAX, true, err)) !=
	    ST_OK)
		return st;
	if (is_empty(b->aware_at))
		return err_set(err, ST_INVALID, "aware_at: required (when we "
		    "became aware of the breach; the 72 hours run from it)");
	if ((st = check_time("aware_at", b->aware_at, aware, err)) != ST_OK)
		return st;
	clock_format(now, nowbuf);
	if (strcmp(aware, nowbuf) > 0)
		return err_set(err, ST_INVALID, "aware_at: %s is in the future",
		    aware);
	if ((st = check_before("occurred_at", b->occurred_at, aware, err)) !=
	    ST_OK ||
	    (st = check_before("discovered_at", b->discovered_at, aware,
	    err)) != ST_OK)
		return st;
	if ((st = check_required("facts", b->facts, "the facts of the breach",
	    err)) != ST_OK ||
	    (st = check_required("effects", b->effects, "its effects", err)) !=
	    ST_OK ||
	    (st = check_required("remedial_action", b->remedial_action,
	    "the remedial action taken", err)) != ST_OK)
		return st;
	if ((st = check_text("data_categories", b->data_categories,
	    BREACH_SHORT_MAX, false, err)) != ST_OK ||
	    (st = check_text("people_count", b->people_count, BREACH_SHORT_MAX,
	    false, err)) != ST_OK ||
	    (st = check_text("records_count", b->records_count,
	    BREACH_SHORT_MAX, false, err)) != ST_OK)
		return st;
	if (b->risk != NULL && !vocab_has(risks, b->risk))
		return err_set(err, ST_INVALID, "risk: one of %s, not \"%s\"",
		    vocab_join(risks, vals, sizeof vals), b->risk);
	if (b->regulator_notified != NULL &&
	    !vocab_has(regulator_values, b->regulator_notified))
		return err_set(err, ST_INVALID, "regulator_notified: one of %s, "
		    "not \"%s\"", vocab_join(regulator_values, vals, sizeof vals),
		    b->regulator_notified);
	if ((st = check_text("reason_not_notified", b->reason_not_notified,
	    BREACH_TEXT_MAX, false, err)) != ST_OK)
		return st;
	if (b->regulator_notified != NULL &&
	    strcmp(b->regulator_notified, "yes") != 0 &&
	    text_nonblank(b->reason_not_notified) == NULL)
		return err_set(err, ST_INVALID, "reason_not_notified: required "
		    "when regulator_notified is \"%s\" (GDPR art. 33(5): why "
		    "the regulator was not told)", b->regulator_notified);
	return ST_OK;
}

/*
 * The incident WHICH (reference or id) into OUT (cleared on failure),
 * when the person may see it and it is no drill. One the person may not
 * see is "not found", in the same words as one that does not exist.
 */
static enum status
resolve_incident(struct session *s, const char *which, struct incident *out,
    struct err *err)
{
	char *end;
	long long id;
	bool sees = false;
	enum status st;

	id = strtoll(which, &end, 10);
	if (*end == '\0' && id > 0)
		st = q_incident_by_id(s->db, id, out, err);
	else
		st = q_incident_by_ref(s->db, which, out, err);
	if (st == ST_OK && (st = q_access_sees(s->db, out->id, &sees, err)) ==
	    ST_OK && !sees)
		st = ST_NOTFOUND;
	if (st == ST_NOTFOUND)
		st = err_set(err, ST_NOTFOUND, "incident: no incident %s", which);
	else if (st == ST_OK && out->is_drill)
		st = err_set(err, ST_INVALID, "incident: %s is a drill; the "
		    "register holds real breaches only", out->ref);
	if (st != ST_OK)
		incident_clear(out);
	return st;
}

/* *SLOT = a copy of IN as a stored time (UTC), or NULL for "". */
static enum status
set_time(const char *field, const char *in, char **slot, struct err *err)
{
	char norm[CLOCK_BUFSZ];
	enum status st;

	free(*slot);
	*slot = NULL;
	if (is_empty(in))
		return ST_OK;
	if ((st = check_time(field, in, norm, err)) == ST_OK)
		*slot = xstrdup(norm);
	return st;
}

/* The field names and the values as IN gives them (NULL = not given). */
#define FIELD_LIST(X) \
	X("title",               title,               title) \
	X("facts",               facts,               facts) \
	X("effects",             effects,             effects) \
	X("remedial_action",     remedial_action,     remedial_action) \
	X("data_categories",     data_categories,     data_categories) \
	X("people_count",        people_count,        people_count) \
	X("records_count",       records_count,       records_count) \
	X("risk",                risk,                risk) \
	X("reason_not_notified", reason_not_notified, reason_not_notified)

static bool
same(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/*
 * Apply IN to B (a breach as stored): each field given replaces B's,
 * its name added to CHANGED when it differs. Times are normalised;
 * "" clears a field (regulator_notified to "not decided").
 */
static enum status
apply(struct session *s, const struct breach_fields *in, struct breach *b,
    json_t *changed, struct err *err)
{
	struct incident inc = { 0 };
	char *old;
	enum status st = ST_OK;

#define X(name, field, member) \
	if (in->field != NULL) { \
		if (!same(b->member, in->field)) \
			jpush(changed, json_string(name)); \
		free(b->member); \
		b->member = xstrdup(in->field); \
	}
	FIELD_LIST(X)
#undef X
	if (in->regulator_notified != NULL) {
		if (!same(b->regulator_notified, in->regulator_notified))
			jpush(changed, json_string("regulator_notified"));
		free(b->regulator_notified);
		b->regulator_notified = is_empty(in->regulator_notified) ? NULL :
		    xstrdup(in->regulator_notified);
	}
#define TIME(name, member) \
	if (in->member != NULL) { \
		old = b->member; \
		b->member = NULL; \
		st = set_time(name, in->member, &b->member, err); \
		if (st == ST_OK && !same(old, b->member)) \
			jpush(changed, json_string(name)); \
		free(old); \
		if (st != ST_OK) \
			return st; \
	}
	TIME("occurred_at", occurred_at)
	TIME("discovered_at", discovered_at)
	TIME("aware_at", aware_at)
#undef TIME
	if (in->incident == NULL)
		return ST_OK;
	if (is_empty(in->incident) || strcmp(in->incident, "-") == 0) {
		if (b->incident_id != 0)
			jpush(changed, json_string("incident"));
		b->incident_id = 0;
		free(b->incident_ref);
		b->incident_ref = NULL;
		return ST_OK;
	}
	if ((st = resolve_incident(s, in->incident, &inc, err)) != ST_OK)
		return st;
	if (b->incident_id != inc.id)
		jpush(changed, json_string("incident"));
	b->incident_id = inc.id;
	free(b->incident_ref);
	b->incident_ref = xstrdup(inc.ref);
	incident_clear(&inc);
	return ST_OK;
}

/* The audit row of ACTION on B: the fields CHANGED by name, ids and the
 * vocabulary values, never a text (they may hold personal data). */
static enum status
audit_breach(struct session *s, const char *action, const struct breach *b,
    json_t *changed, struct err *err)
{
	return audit_record(s->db, s->actor, action, "breach", b->id, err,
	    "{s:O, s:o, s:s, s:o, s:I}", "fields", changed, "incident",
	    b->incident_id != 0 ? json_integer(b->incident_id) : json_null(),
	    "risk", b->risk != NULL ? b->risk : "unassessed",
	    "regulator_notified", b->regulator_notified != NULL ?
	    json_string(b->regulator_notified) : json_null(), "version",
	    (json_int_t)b->version);
}

enum status
breach_record(struct session *s, const struct breach_fields *in,
    long long *id, struct err *err)
{
	struct breach b = { 0 };
	json_t *changed;
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = require_keeper(s, err)) != ST_OK ||
	    (st = db_begin(s->db, err)) != ST_OK)
		return st;
	changed = json_array();
	b.risk = xstrdup("unassessed");
	if ((st = apply(s, in, &b, changed, err)) != ST_OK ||
	    (st = breach_check(&b, clock_now(), err)) != ST_OK)
		goto end;
	clock_now_str(now);
	b.created_at = xstrdup(now);
	b.updated_at = xstrdup(now);
	b.recorded_by = s->user.id;
	if ((st = q_breach_insert(s->db, &b, err)) != ST_OK ||
	    (st = audit_breach(s, "breach.record", &b, changed, err)) != ST_OK)
		goto end;
	if (id != NULL)
		*id = b.id;
end:
	st = db_end(s->db, st, err);
	json_decref(changed);
	breach_clear(&b);
	return st;
}

/* Whether IN names any field at all. */
static bool
gives_any(const struct breach_fields *in)
{
	return in->incident != NULL || in->occurred_at != NULL ||
	    in->discovered_at != NULL || in->aware_at != NULL ||
	    in->regulator_notified != NULL
#define X(name, field, member) || in->field != NULL
	    FIELD_LIST(X)
#undef X
	    ;
}

enum status
breach_update(struct session *s, long long id, long long expected_version,
    const struct breach_fields *in, struct err *err)
{
	struct breach b = { 0 };
	json_t *changed;
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = require_keeper(s, err)) != ST_OK)
		return st;
	if (!gives_any(in))
		return err_set(err, ST_INVALID, "breach %lld: nothing to change; "
		    "give a field to set", id);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	changed = json_array();
	if ((st = q_breach_by_id(s->db, id, &b, err)) != ST_OK)
		goto end;
	if (b.version != expected_version) {
		st = err_set(err, ST_CONFLICT, "breach %lld was changed at %s "
		    "by someone else (version %lld; you read version %lld); "
		    "read it again and retry", id, b.updated_at, b.version,
		    expected_version);
		goto end;
	}
	if ((st = apply(s, in, &b, changed, err)) != ST_OK ||
	    (st = breach_check(&b, clock_now(), err)) != ST_OK)
		goto end;
	if (json_array_size(changed) == 0)
		goto end;             /* the values it had: nothing to audit */
	clock_now_str(now);
	free(b.updated_at);
	b.updated_at = xstrdup(now);
	if ((st = q_breach_update(s->db, &b, err)) == ST_OK)
		st = audit_breach(s, "breach.update", &b, changed, err);
end:
	st = db_end(s->db, st, err);
	json_decref(changed);
	breach_clear(&b);
	return st;
}

enum status
breach_link(struct session *s, long long id, long long expected_version,
    const char *incident, struct err *err)
{
	struct breach_fields in = { 0 };

	in.incident = incident != NULL ? incident : "";
	return breach_update(s, id, expected_version, &in, err);
}

enum status
breach_get(struct session *s, long long id, struct breach *out,
    struct err *err)
{
	enum status st;

	memset(out, 0, sizeof *out);
	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	return q_breach_by_id(s->db, id, out, err);
}

enum status
breach_for_incident(struct session *s, long long incident_id,
    struct breach *out, struct err *err)
{
	enum status st;

	memset(out, 0, sizeof *out);
	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	return q_breach_for_incident(s->db, incident_id, out, err);
}

enum status
breach_list(struct session *s, const struct breach *after, int limit,
    struct rowlist *out, struct err *err)
{
	enum status st;

	rowlist_init(out, sizeof(struct breach));
	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (limit < 0 || limit > BREACH_PAGE_MAX)
		return err_set(err, ST_INVALID, "limit: 0 (all) to %d rows, not "
		    "%d", BREACH_PAGE_MAX, limit);
	if (after != NULL && after->aware_at == NULL)
		return err_set(err, ST_INVALID, "after: a breach with its "
		    "aware_at");
	rowlist_free(out, NULL);
	return q_breach_list(s->db, after != NULL ? after->aware_at : NULL,
	    after != NULL ? after->id : 0, limit, out, err);
}

/* ---- a breach from its incident ----------------------------------------- */

/* Which answers fill which field of the register, in that order. */
static const struct {
	const char *answer;
	size_t      offset;
} prefill_map[] = {
	{ "what-happened",   offsetof(struct breach, facts) },
	{ "consequences",    offsetof(struct breach, effects) },
	{ "measures",        offsetof(struct breach, remedial_action) },
	{ "data-categories", offsetof(struct breach, data_categories) },
	{ "people-count",    offsetof(struct breach, people_count) },
	{ "records-count",   offsetof(struct breach, records_count) },
};

/* A multi-choice answer (values one per line) on one line: "a, b". */
static char *
one_line(const char *v)
{
	struct textbuf b = { 0 };
	const char *p, *e;

	for (p = v; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (e > p) {
			if (b.len > 0)
				textbuf_str(&b, ", ");
			textbuf_add(&b, p, (size_t)(e - p));
		}
	}
	return textbuf_take(&b);
}

/*
 * Fill OUT's empty fields from the answers of communication C; the facts
 * too while *IS_SUMMARY (they are still the incident's summary, which
 * an answer saying what happened replaces).
 */
static enum status
prefill_answers(struct session *s, const struct communication *c,
    struct breach *out, bool *is_summary, struct err *err)
{
	struct rowlist answers;
	const struct answer *a;
	char **slot;
	size_t i, k;
	enum status st;

	if ((st = answer_list(s, c->id, &answers, err)) != ST_OK)
		goto end;
	for (i = 0; i < answers.count; i++) {
		a = rowlist_at(&answers, i);
		if (text_nonblank(a->value) == NULL)
			continue;
		for (k = 0; k < sizeof prefill_map / sizeof prefill_map[0];
		    k++)
			if (strcmp(prefill_map[k].answer, a->field) == 0)
				break;
		if (k == sizeof prefill_map / sizeof prefill_map[0])
			continue;
		slot = (char **)((char *)out + prefill_map[k].offset);
		if (slot == &out->facts ? !*is_summary :
		    text_nonblank(*slot) != NULL)
			continue;
		free(*slot);
		*slot = strcmp(a->field, "data-categories") == 0 ?
		    one_line(a->value) : xstrdup(a->value);
		if (slot == &out->facts)
			*is_summary = false;
	}
	if (strcmp(c->audience, "regulator") == 0 && c->published_at != NULL &&
	    out->regulator_notified == NULL)
		out->regulator_notified = xstrdup("yes");
end:
	rowlist_free(&answers, (row_clear_fn)answer_clear);
	return st;
}

enum status
breach_prefill(struct session *s, const char *incident, struct breach *out,
    struct err *err)
{
	struct incident inc = { 0 };
	struct rowlist comms;
	const struct communication *c;
	char *playbook = NULL;
	size_t i;
	int pass;
	bool is_summary = true;
	enum status st;

	memset(out, 0, sizeof *out);
	rowlist_init(&comms, sizeof(struct communication));
	if ((st = session_require_user(s, err)) != ST_OK)
		goto end;
	if (is_empty(incident)) {
		st = err_set(err, ST_INVALID, "incident: which one? give its ID "
		    "(like SEC-2026-004)");
		goto end;
	}
	if ((st = resolve_incident(s, incident, &inc, err)) != ST_OK)
		goto end;
	if (strcmp(inc.trigger_kind, "data-breach") != 0) {
		st = err_set(err, ST_INVALID, "incident: %s is a %s incident, not "
		    "a data breach; record it with breach add --incident %s",
		    inc.ref, inc.trigger_kind, inc.ref);
		goto end;
	}
	out->incident_id = inc.id;
	out->title = xstrdup(inc.title);
	out->discovered_at = xstrdup_or_null(inc.discovered_at);
	out->aware_at = xstrdup(inc.aware_at);
	out->facts = xstrdup_or_null(text_nonblank(inc.summary));
	out->risk = xstrdup("unassessed");
	out->incident_ref = xstrdup(inc.ref);
	rowlist_free(&comms, NULL);
	if ((st = communication_list_for_incident(s, inc.id, &comms, err)) !=
	    ST_OK ||
	    (st = setting_get(s, "breach.playbook", &playbook, err)) != ST_OK)
		goto end;
	/* The breach playbook's answers first, then any other's. */
	for (pass = 0; st == ST_OK && pass < 2; pass++)
		for (i = 0; st == ST_OK && i < comms.count; i++) {
			c = rowlist_at(&comms, i);
			if ((playbook != NULL && strcmp(c->playbook, playbook) ==
			    0) == (pass == 0))
				st = prefill_answers(s, c, out, &is_summary,
				    err);
		}
end:
	if (st != ST_OK)
		breach_clear(out);
	free(playbook);
	rowlist_free(&comms, (row_clear_fn)communication_clear);
	incident_clear(&inc);
	return st;
}

/* ---- the register for an assessor ---------------------------------------- */

enum status
breach_format_parse(const char *name, enum breach_format *out,
    struct err *err)
{
	if (name != NULL && (strcmp(name, "md") == 0 ||
	    strcmp(name, "markdown") == 0))
		*out = BREACH_MD;
	else if (name != NULL && strcmp(name, "csv") == 0)
		*out = BREACH_CSV;
	else if (name != NULL && strcmp(name, "json") == 0)
		*out = BREACH_JSON;
	else
		return err_set(err, ST_INVALID, "format: md, csv or json, not "
		    "\"%s\"", name != NULL ? name : "");
	return ST_OK;
}

char *
breach_csv_cell(const char *text)
{
	struct textbuf b = { 0 };
	const char *v = text != NULL ? text : "", *p;
	size_t n = strlen(v);
	/* A spreadsheet runs a cell starting with these as a formula
	 * (OWASP's CSV injection); a leading ' makes it text. */
	bool is_formula = n > 0 && strchr("=+-@\t\r", v[0]) != NULL;
	bool is_quoted = strpbrk(v, ",\"\r\n") != NULL ||
	    (n > 0 && (v[0] == ' ' || v[n - 1] == ' '));

	if (is_quoted)
		textbuf_str(&b, "\"");
	if (is_formula)
		textbuf_str(&b, "'");
	for (p = v; *p != '\0'; p++) {
		if (*p == '"')
			textbuf_str(&b, "\"");
		textbuf_add(&b, p, 1);
	}
	if (is_quoted)
		textbuf_str(&b, "\"");
	return textbuf_take(&b);
}

/* X(column, label, member): the register's text columns, in order. */
#define COLUMN_LIST(X) \
	X("title",               "Title",                         title) \
	X("occurred_at",         "Occurred",                      occurred_at) \
	X("discovered_at",       "Discovered",                    discovered_at) \
	X("aware_at",            "Became aware",                  aware_at) \
	X("facts",               "Facts",                         facts) \
	X("effects",             "Effects",                       effects) \
	X("remedial_action",     "Remedial action",               remedial_action) \
	X("data_categories",     "Categories of personal data",   data_categories) \
	X("people_count",        "People concerned",              people_count) \
	X("records_count",       "Records concerned",             records_count) \
	X("risk",                "Risk to people",                risk) \
	X("regulator_notified",  "Regulator notified",            regulator_notified) \
	X("reason_not_notified", "Why the regulator was not told", reason_not_notified) \
	X("created_at",          "Recorded",                      created_at) \
	X("updated_at",          "Last changed",                  updated_at)

/* S as a JSON string, cleaned as the text formats are: what a row holds
 * behind herald's back (control characters, bytes that are not UTF-8)
 * never reaches the assessor's file. */
static json_t *
jclean(const char *s)
{
	char *c;
	json_t *j;

	if (s == NULL)
		return json_null();
	c = text_clean(s);
	j = jtext(c);
	free(c);
	return j;
}

static void
csv_put(struct textbuf *b, const char *v, bool is_last)
{
	char *c = text_clean(v), *cell = breach_csv_cell(c);

	textbuf_str(b, cell);
	textbuf_str(b, is_last ? "\r\n" : ",");
	free(cell);
	free(c);
}

static char *
export_csv(const struct rowlist *l, const struct rowlist *users)
{
	struct textbuf b = { 0 };
	const struct breach *r;
	char id[24];
	size_t i;

	textbuf_str(&b, "id,incident");
#define X(col, label, member) textbuf_str(&b, "," col);
	COLUMN_LIST(X)
#undef X
	textbuf_str(&b, ",recorded_by,version\r\n");
	for (i = 0; i < l->count; i++) {
		r = rowlist_at(l, i);
		snprintf(id, sizeof id, "%lld", r->id);
		csv_put(&b, id, false);
		csv_put(&b, r->incident_ref, false);
#define X(col, label, member) csv_put(&b, r->member, false);
		COLUMN_LIST(X)
#undef X
		csv_put(&b, user_login_in(users, r->recorded_by), false);
		snprintf(id, sizeof id, "%lld", r->version);
		csv_put(&b, id, true);
	}
	return textbuf_take(&b);
}

static char *
export_json(const struct rowlist *l, const struct rowlist *users,
    const char *now)
{
	json_t *doc = json_object(), *a = json_array(), *o;
	const struct breach *r;
	const char *login;
	char *text;
	size_t i;

	for (i = 0; i < l->count; i++) {
		r = rowlist_at(l, i);
		o = json_object();
		jput(o, "id", json_integer(r->id));
		jput(o, "incident", jclean(r->incident_ref));
#define X(col, label, member) jput(o, col, jclean(r->member));
		COLUMN_LIST(X)
#undef X
		login = user_login_in(users, r->recorded_by);
		jput(o, "recorded_by", jclean(login));
		jput(o, "version", json_integer(r->version));
		jpush(a, o);
	}
	jput(doc, "register", json_string("personal-data breaches (GDPR art. "
	    "33(5))"));
	jput(doc, "exported_at", json_string(now));
	jput(doc, "count", json_integer((json_int_t)l->count));
	jput(doc, "breaches", a);
	text = jdump_doc(doc, JSON_INDENT(2), NULL);
	json_decref(doc);
	return text;
}

/* V escaped for Markdown, or "—" when empty. */
static void
md_put(struct textbuf *b, const char *v)
{
	char *c, *e;

	if (text_nonblank(v) == NULL) {
		textbuf_str(b, "—");
		return;
	}
	c = text_clean(v);
	e = mustache_escape_text(MUSTACHE_ESCAPE_MARKDOWN, c, strlen(c));
	textbuf_str(b, e);
	free(e);
	free(c);
}

static char *
export_md(const struct rowlist *l, const struct rowlist *users,
    const char *now)
{
	struct textbuf b = { 0 };
	const struct breach *r;
	char *line;
	size_t i;

	textbuf_printf(&b, "# Register of personal-data breaches\n\n"
	    "Every personal-data breach, with its facts, effects and the "
	    "remedial action taken (GDPR art. 33(5)), whether or not it was "
	    "notified. Exported %s; %zu breach%s, the most recent first.\n",
	    now, l->count, l->count == 1 ? "" : "es");
	for (i = 0; i < l->count; i++) {
		r = rowlist_at(l, i);
		line = xstrdup(r->title != NULL ? r->title : "");
		text_flatten(line);
		textbuf_printf(&b, "\n## Breach %lld: ", r->id);
		md_put(&b, line);
		free(line);
		textbuf_str(&b, "\n\n- Incident: ");
		md_put(&b, r->incident_ref);
		textbuf_str(&b, "\n- Recorded by: ");
		md_put(&b, user_login_in(users, r->recorded_by));
		textbuf_printf(&b, "\n- Version: %lld\n", r->version);
#define X(col, label, member) \
		if (strcmp(col, "title") != 0) { \
			textbuf_str(&b, "\n**" label "** (" col ")\n\n"); \
			md_put(&b, r->member); \
			textbuf_str(&b, "\n"); \
		}
		COLUMN_LIST(X)
#undef X
	}
	return textbuf_take(&b);
}

enum status
breach_export(struct session *s, enum breach_format fmt, char **out,
    struct err *err)
{
	struct rowlist l, users;
	char now[CLOCK_BUFSZ];
	enum status st;

	*out = NULL;
	rowlist_init(&users, sizeof(struct user));
	if ((st = breach_list(s, NULL, 0, &l, err)) != ST_OK)
		goto end;
	rowlist_free(&users, NULL);
	if ((st = user_list(s, &users, err)) != ST_OK)
		goto end;
	clock_now_str(now);
	if (fmt == BREACH_CSV)
		*out = export_csv(&l, &users);
	else if (fmt == BREACH_JSON)
		*out = export_json(&l, &users, now);
	else
		*out = export_md(&l, &users, now);
end:
	rowlist_free(&l, (row_clear_fn)breach_clear);
	rowlist_free(&users, (row_clear_fn)user_clear);
	return st;
}
