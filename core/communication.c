/* core/communication.c - communications, their answers and the products an
 * incident affects: validation, state changes and audit. */
#include "config.h"

#include "core/communication.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/hash.h"
#include "core/incident.h"
#include "core/review.h"
#include "storage/q_approval.h"
#include "storage/q_incident.h"
#include "storage/q_revision.h"
#include "util/xalloc.h"

static const char *const kinds[] = {
	"advisory", "advisory-update", "customer-notice",
	"regulator-notification", "support-briefing", "pir-internal",
	"pir-external", "eol-notice", "vulnerability-report", NULL,
};
static const char *const audiences[] = {
	"public", "customers", "regulator", "internal", NULL,
};
static const char *const states[] = {
	"draft", "in-review", "approved", "published", "withdrawn", NULL,
};
static const char *const statuses[] = {
	"known_affected", "fixed", "known_not_affected", "under_investigation",
	NULL,
};
/* CSAF 2.0 section 3.2.3.5 flags. */
static const char *const justifications[] = {
	"component_not_present", "vulnerable_code_not_present",
	"vulnerable_code_cannot_be_controlled_by_adversary",
	"vulnerable_code_not_in_execute_path",
	"inline_mitigations_already_exist", NULL,
};
/* The ecosystems GitHub's security advisories accept. */
static const char *const ecosystems[] = {
	"actions", "composer", "erlang", "go", "maven", "npm", "nuget", "other",
	"pip", "pub", "rubygems", "rust", "swift", NULL,
};

const char *const *communication_kinds(void) { return kinds; }
const char *const *communication_audiences(void) { return audiences; }
const char *const *communication_states(void) { return states; }
const char *const *affected_statuses(void) { return statuses; }
const char *const *affected_justifications(void) { return justifications; }
const char *const *affected_ecosystems(void) { return ecosystems; }

/*
 * Who may make each move: a drafting move, or the approvals policy
 * (core/review.c), which makes a communication approved when every gate
 * is satisfied and sends it back to draft on a rejection with its
 * comment. Nobody makes those by hand.
 */
enum mover { BY_AUTHOR, BY_POLICY };

static const struct move {
	const char *from;
	const char *to;
	enum mover  by;
} moves[] = {
	{ "draft",     "in-review", BY_AUTHOR },
	{ "in-review", "draft",     BY_AUTHOR },    /* recalled */
	{ "in-review", "approved",  BY_POLICY },
	{ "approved",  "draft",     BY_AUTHOR },
	{ "approved",  "published", BY_AUTHOR },
	{ "published", "withdrawn", BY_AUTHOR },
};

static const struct move *
find_move(const char *from, const char *to)
{
	size_t i;

	for (i = 0; from != NULL && to != NULL &&
	    i < sizeof moves / sizeof moves[0]; i++)
		if (strcmp(moves[i].from, from) == 0 &&
		    strcmp(moves[i].to, to) == 0)
			return &moves[i];
	return NULL;
}

bool
communication_can_move(const char *from, const char *to)
{
	return find_move(from, to) != NULL;
}

static enum status
require_mover(const struct session *s, enum mover by, long long id,
    const char *to, struct err *err)
{
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (by == BY_POLICY)
		return err_set(err, ST_INVALID, "state: communication %lld "
		    "cannot be moved to %s by hand; approvals make a "
		    "communication approved: herald approve %lld", id, to, id);
	if (session_has_role(s, "author") || session_has_role(s, "admin"))
		return ST_OK;
	return err_set(err, ST_DENIED, "%s needs the author or admin role to "
	    "move a communication to %s%s", s->login, to,
	    strcmp(to, "draft") == 0 ? "; an approver sends it back by "
	    "rejecting it with a comment" : "");
}

static enum status
check_vocab(const char *what, const char *const *list, const char *v,
    struct err *err)
{
	char all[512];

	if (vocab_has(list, v))
		return ST_OK;
	return err_set(err, ST_INVALID, "%s %s: expected one of %s", what,
	    v != NULL ? v : "(missing)", vocab_join(list, all, sizeof all));
}

static enum status
validate_new(const struct communication_new *in, struct err *err)
{
	bool is_eol;
	enum status st;

	if (in == NULL)
		return err_set(err, ST_INVALID, "no communication given");
	if ((st = check_vocab("kind", kinds, in->kind, err)) != ST_OK ||
	    (st = check_vocab("audience", audiences, in->audience, err)) != ST_OK)
		return st;
	is_eol = strcmp(in->kind, "eol-notice") == 0;
	if (in->incident_id < 0 || in->cycle_id < 0)
		return err_set(err, ST_INVALID, "incident and cycle ids are "
		    "positive");
	if (is_eol && (in->cycle_id == 0 || in->incident_id != 0))
		return err_set(err, ST_INVALID, "cycle: an eol-notice is about a "
		    "release cycle; give its cycle and no incident");
	if (!is_eol && (in->incident_id == 0 || in->cycle_id != 0))
		return err_set(err, ST_INVALID, "incident: %s is about an "
		    "incident; give its incident and no cycle", in->kind);
	if ((st = check_text("title", in->title, COMMUNICATION_TITLE_MAX, true,
	    err)) != ST_OK ||
	    (st = check_text("playbook", in->playbook, 100, true, err)) != ST_OK ||
	    (st = check_text("playbook_version", in->playbook_version, 32, true,
	    err)) != ST_OK)
		return st;
	if ((st = check_text("variant", in->variant, 64, false, err)) != ST_OK)
		return st;
	if (!hash_is_sha256_hex(in->playbook_hash))
		return err_set(err, ST_INVALID, "playbook_hash: 64 lowercase hex "
		    "digits (the playbook's SHA-256) expected");
	return ST_OK;
}

enum status
communication_create(struct session *s, const struct communication_new *in,
    long long *id, struct err *err)
{
	struct communication c = { 0 };
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = validate_new(in, err)) != ST_OK)
		return st;
	clock_now_str(now);
	c.incident_id = in->incident_id;
	c.cycle_id = in->cycle_id;
	c.kind = (char *)in->kind;
	c.audience = (char *)in->audience;
	c.title = (char *)in->title;
	c.playbook = (char *)in->playbook;
	c.playbook_version = (char *)in->playbook_version;
	c.playbook_hash = (char *)in->playbook_hash;
	c.variant = (char *)(in->variant != NULL ? in->variant : "");
	c.created_by = s->user.id;
	c.created_at = now;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	/* A missing incident or cycle fails the insert's foreign key. */
	if ((st = q_communication_insert(s->db, &c, err)) != ST_OK)
		goto end;
	/* Revision 1, the original, is the first round of publication. */
	if ((st = q_revision_insert(s->db, &(struct revision){
	    .communication_id = c.id, .revision = 1, .started_by = s->user.id,
	    .started_at = now }, err)) != ST_OK)
		goto end;
	/* Whoever starts it is its first editor: not its approver. */
	if ((st = q_approval_editor_add(s->db, c.id, 1, s->user.id,
	    err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "communication.create",
	    "communication", c.id, err, "{s:s, s:s, s:I, s:I, s:s, s:s, s:s}",
	    "kind", c.kind, "audience", c.audience, "incident",
	    (json_int_t)c.incident_id, "cycle", (json_int_t)c.cycle_id,
	    "playbook", c.playbook, "playbook_version", c.playbook_version,
	    "variant", c.variant);
end:
	st = db_end(s->db, st, err);
	if (st == ST_OK && id != NULL)
		*id = c.id;
	return st;
}

enum status
communication_get(struct session *s, long long id, struct communication *out,
    struct err *err)
{
	return q_communication_by_id(s->db, id, out, err);
}

enum status
communication_list_for_incident(struct session *s, long long incident_id,
    struct rowlist *out, struct err *err)
{
	return q_communication_list_for_incident(s->db, incident_id, out, err);
}

enum status
communication_list_for_cycle(struct session *s, long long cycle_id,
    struct rowlist *out, struct err *err)
{
	return q_communication_list_for_cycle(s->db, cycle_id, out, err);
}

enum status
communication_list_by_state(struct session *s, const char *state,
    long long limit, long long offset, struct rowlist *out, struct err *err)
{
	enum status st;

	rowlist_init(out, sizeof(struct communication));
	if (state != NULL &&
	    (st = check_vocab("state", states, state, err)) != ST_OK)
		return st;
	if (limit < 0 || offset < 0)
		return err_set(err, ST_INVALID, "limit and offset are not negative");
	return q_communication_list_by_state(s->db, state, limit, offset, out,
	    err);
}

enum status
communication_page(struct session *s, const char *state,
    const struct communication *after, bool is_backward, int limit,
    struct rowlist *out, struct err *err)
{
	enum status st;

	rowlist_init(out, sizeof(struct communication_row));
	if (state != NULL &&
	    (st = check_vocab("state", states, state, err)) != ST_OK)
		return st;
	if (limit < 1 || limit > COMMUNICATION_PAGE_MAX)
		return err_set(err, ST_INVALID, "limit: 1 to %d rows a page "
		    "(got %d)", COMMUNICATION_PAGE_MAX, limit);
	if (after != NULL && (after->id <= 0 || after->updated_at == NULL))
		return err_set(err, ST_INVALID, "after: the row to continue "
		    "from needs its id and updated-at");
	return q_communication_page(s->db, state, after, is_backward, limit,
	    out, err);
}

enum status
communication_count(struct session *s, const char *state, long long *n,
    struct err *err)
{
	enum status st;

	*n = 0;
	if ((st = check_vocab("state", states, state, err)) != ST_OK)
		return st;
	return q_communication_count(s->db, state, n, err);
}

/* Append the audit row of a state change of C to TO. */
static enum status
audit_state(struct session *s, const struct communication *c, const char *to,
    struct err *err)
{
	return audit_record(s->db, s->actor, "communication.state",
	    "communication", c->id, err, "{s:s, s:s, s:I}", "from", c->state,
	    "to", to, "revision", (json_int_t)c->revision);
}

enum status
communication_set_state(struct session *s, long long id,
    long long expected_version, const char *state, struct err *err)
{
	struct communication c = { 0 };
	const struct move *mv;
	char now[CLOCK_BUFSZ];
	enum status st;

	/* Refused before anything is read: a stranger, a move to approved
	 * (only approvals make one), anyone but an author or an admin. */
	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (state != NULL && strcmp(state, "approved") == 0)
		return require_mover(s, BY_POLICY, id, state, err);
	if ((st = require_mover(s, BY_AUTHOR, id, state != NULL ? state :
	    "(none)", err)) != ST_OK)
		return st;
	if ((st = check_vocab("state", states, state, err)) != ST_OK)
		return st;
	if (expected_version <= 0)
		return err_set(err, ST_INVALID, "version: give the version you "
		    "last saw (1 or more)");
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_communication_by_id(s->db, id, &c, err)) != ST_OK)
		goto end;
	if (c.version != expected_version) {
		st = err_set(err, ST_CONFLICT, "communication %lld was changed by "
		    "someone else (version %lld, you had %lld); reload it and try "
		    "again", id, c.version, expected_version);
		goto end;
	}
	if ((mv = find_move(c.state, state)) == NULL) {
		st = err_set(err, ST_INVALID, "state: communication %lld is %s and "
		    "cannot move to %s", id, c.state, state);
		goto end;
	}
	if ((st = require_mover(s, mv->by, id, state, err)) != ST_OK)
		goto end;
	if ((st = q_communication_set_state(s->db, id, expected_version, state,
	    now, err)) != ST_OK)
		goto end;
	st = audit_state(s, &c, state, err);
end:
	st = db_end(s->db, st, err);
	communication_clear(&c);
	return st;
}

/* A field name: a letter, then letters, digits, '_', '-' or '.'. */
static enum status
check_field(const char *field, struct err *err)
{
	const char *p;
	enum status st;

	if ((st = check_text("field", field, ANSWER_FIELD_MAX, true, err)) != ST_OK)
		return st;
	if (!((*field >= 'a' && *field <= 'z') || (*field >= 'A' && *field <= 'Z')))
		return err_set(err, ST_INVALID, "field %s: starts with a letter",
		    field);
	for (p = field; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("_-.", *p) != NULL))
			return err_set(err, ST_INVALID, "field %s: use letters, "
			    "digits, '_', '-' and '.' only", field);
	return ST_OK;
}

/* Read the current answer to A->field into OLD (OLD->id 0 when unset) and
 * check the editor's EXPECTED version against it. */
static enum status
check_answer_version(struct session *s, const struct answer *a,
    long long expected, struct answer *old, struct err *err)
{
	enum status st;

	st = q_answer_get(s->db, a->communication_id, a->field, old, err);
	if (st == ST_NOTFOUND) {
		err_clear(err);
		if (expected == 0)
			return ST_OK;
		return err_set(err, ST_NOTFOUND, "%s has no answer yet (you had "
		    "version %lld); reload it and try again", a->field, expected);
	}
	if (st != ST_OK)
		return st;
	if (expected == 0)
		return err_set(err, ST_CONFLICT, "%s was filled in by someone else "
		    "meanwhile; reload it and try again", a->field);
	if (old->version != expected)
		return err_set(err, ST_CONFLICT, "%s was changed by someone else "
		    "meanwhile (version %lld, you had %lld); reload it and try "
		    "again", a->field, old->version, expected);
	return ST_OK;
}

enum status
answer_set(struct session *s, long long communication_id, const char *field,
    const char *value, long long expected_version, long long *version,
    struct err *err)
{
	struct communication c = { 0 };
	struct answer a = { 0 }, old = { 0 };
	struct review_edit e = { 0 };
	char now[CLOCK_BUFSZ], cause[ANSWER_FIELD_MAX + 16];
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = check_field(field, err)) != ST_OK)
		return st;
	if (value == NULL)
		return err_set(err, ST_INVALID, "%s: no value given", field);
	if (strlen(value) > ANSWER_VALUE_MAX)
		return err_set(err, ST_INVALID, "%s: at most %d bytes (got "
		    "%zu)", field, ANSWER_VALUE_MAX, strlen(value));
	if (expected_version < 0)
		return err_set(err, ST_INVALID, "%s: version is 0 (new) or more",
		    field);
	clock_now_str(now);
	a.communication_id = communication_id;
	a.field = (char *)field;
	a.value = (char *)value;
	a.edited_by = s->user.id;
	a.edited_at = now;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_communication_by_id(s->db, communication_id, &c, err)) != ST_OK)
		goto end;
	if (strcmp(c.state, "published") == 0 || strcmp(c.state, "withdrawn") == 0) {
		st = err_set(err, ST_INVALID, "%s: communication %lld is %s and "
		    "can no longer change; write an update instead", field,
		    communication_id, c.state);
		goto end;
	}
	if ((st = check_answer_version(s, &a, expected_version, &old, err)) != ST_OK)
		goto end;
	if (old.id != 0 && strcmp(old.value, value) == 0) {
		a.version = old.version;        /* nothing changes */
		goto end;
	}
	/* In review or approved, the approvals that hold now are noted, to
	 * see which this edit makes stale. */
	if ((st = review_edit_begin(s, c.id, &e, err)) != ST_OK)
		goto end;
	st = old.id == 0 ? q_answer_insert(s->db, &a, err) :
	    q_answer_update(s->db, &a, expected_version, err);
	if (st != ST_OK)
		goto end;
	/* The revision is a round of publication; an edit only makes a
	 * new version of the communication. Its editor may not approve
	 * it. */
	if ((st = q_communication_touch(s->db, c.id, now, err)) != ST_OK ||
	    (st = q_approval_editor_add(s->db, c.id, c.revision, s->user.id,
	    err)) != ST_OK)
		goto end;
	if ((st = audit_record(s->db, s->actor, "answer.set", "communication",
	    c.id, err, "{s:s, s:I, s:I}", "field", field, "version",
	    (json_int_t)a.version, "revision", (json_int_t)c.revision)) != ST_OK)
		goto end;
	snprintf(cause, sizeof cause, "answer %s", field);
	st = review_edit_end(s, &e, cause, err);
end:
	st = db_end(s->db, st, err);
	review_edit_clear(&e);
	communication_clear(&c);
	answer_clear(&old);
	if (st == ST_OK && version != NULL)
		*version = a.version;
	return st;
}

enum status
answer_get(struct session *s, long long communication_id, const char *field,
    struct answer *out, struct err *err)
{
	enum status st;

	if ((st = check_field(field, err)) != ST_OK)
		return st;
	return q_answer_get(s->db, communication_id, field, out, err);
}

enum status
answer_list(struct session *s, long long communication_id,
    struct rowlist *out, struct err *err)
{
	return q_answer_list(s->db, communication_id, out, err);
}

/* Treat "" as absent for optional text. */
static const char *
nonempty(const char *v)
{
	return v != NULL && *v != '\0' ? v : NULL;
}

static enum status
validate_affected(const struct affected_new *in, struct err *err)
{
	enum status st;

	if (in == NULL)
		return err_set(err, ST_INVALID, "no affected product given");
	if (in->incident_id <= 0)
		return err_set(err, ST_INVALID, "incident: which incident?");
	if (in->product_id <= 0)
		return err_set(err, ST_INVALID, "product: which product?");
	if (in->cycle_id < 0)
		return err_set(err, ST_INVALID, "cycle: a cycle id is positive, "
		    "or 0 for none");
	if ((st = check_vocab("status", statuses, in->status, err)) != ST_OK)
		return st;
	if (strcmp(in->status, "known_not_affected") == 0) {
		if (nonempty(in->justification) == NULL)
			return err_set(err, ST_INVALID, "justification: a "
			    "known_not_affected product needs one");
		if ((st = check_vocab("justification", justifications,
		    in->justification, err)) != ST_OK)
			return st;
	} else if (nonempty(in->justification) != NULL)
		return err_set(err, ST_INVALID, "justification: only a "
		    "known_not_affected product takes one (status is %s)",
		    in->status);
	if ((st = check_text("version_range", in->version_range, 200, false,
	    err)) != ST_OK ||
	    (st = check_text("package", in->package, 214, false, err)) != ST_OK)
		return st;
	if (nonempty(in->ecosystem) != NULL &&
	    (st = check_vocab("ecosystem", ecosystems, in->ecosystem, err)) != ST_OK)
		return st;
	if (nonempty(in->package) != NULL && nonempty(in->ecosystem) == NULL)
		return err_set(err, ST_INVALID, "ecosystem: package %s needs its "
		    "ecosystem", in->package);
	return ST_OK;
}

/* The communications of an incident whose affected products change:
 * each open one gets the editor, and those in review or approved are
 * watched for approvals the change makes stale. */
struct open_comms {
	struct rowlist      comms;     /* struct communication */
	struct review_edit *edits;     /* one per comm */
};

static bool
is_open(const struct communication *c)
{
	return strcmp(c->state, "draft") == 0 ||
	    strcmp(c->state, "in-review") == 0 ||
	    strcmp(c->state, "approved") == 0;
}

static enum status
open_comms_begin(struct session *s, long long incident_id,
    struct open_comms *o, struct err *err)
{
	const struct communication *c;
	size_t i;
	enum status st;

	o->edits = NULL;
	if ((st = q_communication_list_for_incident(s->db, incident_id,
	    &o->comms, err)) != ST_OK)
		return st;
	o->edits = xcalloc(o->comms.count + 1, sizeof *o->edits);
	for (i = 0; i < o->comms.count && st == ST_OK; i++) {
		c = rowlist_at(&o->comms, i);
		if (!is_open(c))
			continue;
		if ((st = q_approval_editor_add(s->db, c->id, c->revision,
		    s->user.id, err)) == ST_OK)
			st = review_edit_begin(s, c->id, &o->edits[i], err);
	}
	return st;
}

static enum status
open_comms_end(struct session *s, struct open_comms *o, struct err *err)
{
	size_t i;
	enum status st = ST_OK;

	for (i = 0; i < o->comms.count && st == ST_OK; i++)
		st = review_edit_end(s, &o->edits[i], "affected products", err);
	return st;
}

static void
open_comms_clear(struct open_comms *o)
{
	size_t i;

	for (i = 0; o->edits != NULL && i < o->comms.count; i++)
		review_edit_clear(&o->edits[i]);
	free(o->edits);
	rowlist_free(&o->comms, (row_clear_fn)communication_clear);
}

enum status
affected_add(struct session *s, const struct affected_new *in, long long *id,
    struct err *err)
{
	struct open_comms o = { 0 };
	struct affected a = { 0 };
	struct incident inc = { 0 };
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if ((st = validate_affected(in, err)) != ST_OK)
		return st;
	a.incident_id = in->incident_id;
	a.product_id = in->product_id;
	a.cycle_id = in->cycle_id;
	a.version_range = (char *)in->version_range;
	a.status = (char *)in->status;
	a.justification = (char *)nonempty(in->justification);
	a.ecosystem = (char *)nonempty(in->ecosystem);
	a.package = (char *)nonempty(in->package);
	rowlist_init(&o.comms, sizeof(struct communication));
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_incident_by_id(s->db, a.incident_id, &inc, err)) != ST_OK ||
	    (st = open_comms_begin(s, a.incident_id, &o, err)) != ST_OK ||
	    (st = q_affected_insert(s->db, &a, err)) != ST_OK)
		goto end;
	if ((st = audit_record(s->db, s->actor, "affected.add", "incident",
	    a.incident_id, err, "{s:I, s:I, s:I, s:s, s:s?}", "affected",
	    (json_int_t)a.id, "product", (json_int_t)a.product_id, "cycle",
	    (json_int_t)a.cycle_id, "status", a.status, "justification",
	    a.justification)) != ST_OK)
		goto end;
	st = open_comms_end(s, &o, err);
end:
	st = db_end(s->db, st, err);
	open_comms_clear(&o);
	incident_clear(&inc);
	if (st == ST_OK && id != NULL)
		*id = a.id;
	return st;
}

enum status
affected_remove(struct session *s, long long id, struct err *err)
{
	struct affected a = { 0 };
	struct open_comms o = { 0 };
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	rowlist_init(&o.comms, sizeof(struct communication));
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_affected_by_id(s->db, id, &a, err)) != ST_OK ||
	    (st = open_comms_begin(s, a.incident_id, &o, err)) != ST_OK ||
	    (st = q_affected_delete(s->db, id, err)) != ST_OK)
		goto end;
	if ((st = audit_record(s->db, s->actor, "affected.remove", "incident",
	    a.incident_id, err, "{s:I, s:I, s:s}", "affected", (json_int_t)id,
	    "product", (json_int_t)a.product_id, "status", a.status)) != ST_OK)
		goto end;
	st = open_comms_end(s, &o, err);
end:
	st = db_end(s->db, st, err);
	open_comms_clear(&o);
	affected_clear(&a);
	return st;
}

enum status
affected_list_for_incident(struct session *s, long long incident_id,
    struct rowlist *out, struct err *err)
{
	return q_affected_list_for_incident(s->db, incident_id, out, err);
}
