/* core/review.c - the approvals policy: a communication's gates at its
 * content now, who may decide them, the decisions, and what waits for
 * whom. Staleness is always worked out from hashes, never kept as a
 * flag: an approval holds while its content hash is the content's now. */
#include "config.h"

#include "core/review.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/approval.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/deadline.h"
#include "core/preapproval.h"
#include "storage/q_approval.h"
#include "storage/q_incident.h"
#include "storage/q_playbook.h"
#include "storage/q_user.h"
#include "util/xalloc.h"

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Append ", "-separated TEXT to BUF of N bytes, cutting what does not
 * fit. */
static void
append(char *buf, size_t n, const char *sep, const char *text)
{
	size_t len = strlen(buf);

	if (len + 1 >= n)
		return;
	snprintf(buf + len, n - len, "%s%s", len > 0 ? sep : "", text);
}

/* ---- clearing ---- */

/* What review_judge() fills, freed; the content stays. */
static void
judge_clear(struct review *r)
{
	size_t i;

	for (i = 0; i < r->n_gates; i++) {
		free(r->gates[i].roles);
		free(r->gates[i].preapproval_ids);
	}
	free(r->gates);
	r->gates = NULL;
	r->n_gates = 0;
	rowlist_free(&r->decisions, (row_clear_fn)approval_clear);
	rowlist_init(&r->decisions, sizeof(struct approval));
	free(r->editors);
	r->editors = NULL;
	r->n_editors = 0;
	if (r->last_owned != NULL) {
		approval_clear(r->last_owned);
		free(r->last_owned);
		r->last_owned = NULL;
	}
	free(r->lapsed);
	r->lapsed = NULL;
	r->n_lapsed = 0;
	if (r->me != NULL) {
		user_clear(r->me);
		free(r->me);
		r->me = NULL;
	}
	r->last_approval = NULL;
	r->rejection = NULL;
	r->is_satisfied = false;
}

void
review_clear(struct review *r)
{
	if (r == NULL)
		return;
	judge_clear(r);
	content_clear(&r->content);
	memset(r, 0, sizeof *r);
}

void
waiting_clear(struct waiting *w)
{
	if (w == NULL)
		return;
	free(w->ref);
	free(w->title);
	free(w->kind);
	free(w->gate);
	free(w->role);
	free(w->submitted_at);
	free(w->due_at);
	memset(w, 0, sizeof *w);
}

void
review_edit_clear(struct review_edit *e)
{
	if (e == NULL)
		return;
	comm_doc_clear(&e->doc);
	review_clear(&e->before);
	memset(e, 0, sizeof *e);
}

/* ---- reading ---- */

/* A person's name for a sentence: "Lena Fischer", else the login, else
 * "user 12" (erased or unknown). Into BUF of N bytes; returns BUF. */
static char *
name_of(struct session *s, long long id, char *buf, size_t n)
{
	struct user u = { 0 };

	if (q_user_by_id(s->db, id, &u, NULL) == ST_OK && u.name != NULL &&
	    *u.name != '\0')
		snprintf(buf, n, "%s", u.name);
	else if (u.login != NULL)
		snprintf(buf, n, "%s", u.login);
	else
		snprintf(buf, n, "user %lld", id);
	user_clear(&u);
	return buf;
}

/* OUT: D's communication and answers as the database has them now, with
 * D's playbook borrowed (fresh_clear() gives it back). */
static enum status
fresh_doc(struct session *s, const struct comm_doc *d, struct comm_doc *out,
    struct err *err)
{
	memset(out, 0, sizeof *out);
	rowlist_init(&out->answers, sizeof(struct answer));
	out->comm.id = d->comm.id;
	out->pb = d->pb;
	out->variant = d->variant;
	return comm_reload(s, out, err);
}

static void
fresh_clear(struct comm_doc *f)
{
	f->pb = NULL;           /* the caller's */
	comm_doc_clear(f);
}

static bool
is_editor(const struct review *r, long long uid)
{
	size_t i;

	for (i = 0; i < r->n_editors; i++)
		if (r->editors[i] == uid)
			return true;
	return false;
}

/* Whether U (NULL: nobody) holds ROLE now: not erased, and granted it. */
static bool
user_holds(const struct user *u, const char *role)
{
	size_t i;

	if (u == NULL || u->erased_at != NULL)
		return false;
	for (i = 0; i < u->nroles; i++)
		if (same(u->roles[i], role))
			return true;
	return false;
}

/* Whether the acting user holds ROLE, as their session and the database
 * both have it: a role taken away while a session was open is gone. */
static bool
holds_now(const struct session *s, const struct review *r, const char *role)
{
	return session_has_role(s, role) && user_holds(r->me, role);
}

/* Whether A's approver no longer holds the role A was made in. */
static bool
is_lapsed(const struct review *r, const struct approval *a)
{
	size_t i;

	for (i = 0; i < r->n_lapsed; i++)
		if (r->lapsed[i] == a->id)
			return true;
	return false;
}

/* Whether decision A is an approval that holds: approved, at the
 * content now, and not followed by a rejection on its gate (which ends
 * that gate's round: its approvers look again). */
static bool
holds(const struct review *r, const struct approval *a)
{
	const struct approval *b;
	size_t i;

	if (!same(a->decision, "approved") || review_is_stale(r, a))
		return false;
	for (i = 0; i < r->decisions.count; i++) {
		b = rowlist_at(&r->decisions, i);
		if (b->id > a->id && same(b->decision, "rejected") &&
		    same(b->gate, a->gate))
			return false;
	}
	return true;
}

/* UID's approval of the content now, on any gate; NULL when none. */
static const struct approval *
approval_now_by(const struct review *r, long long uid)
{
	const struct approval *a;
	size_t i;

	for (i = 0; i < r->decisions.count; i++) {
		a = rowlist_at(&r->decisions, i);
		if (a->approver_id == uid && holds(r, a))
			return a;
	}
	return NULL;
}

/* Whether decision I of R is the first of its approver among those
 * before it that MATCH too (people are counted once). */
static bool
is_first_of_person(const struct review *r, size_t i,
    bool (*match)(const struct review *, const struct approval *,
    const struct gate_status *, const char *), const struct gate_status *g,
    const char *role)
{
	const struct approval *a = rowlist_at(&r->decisions, i), *b;
	size_t j;

	for (j = 0; j < i; j++) {
		b = rowlist_at(&r->decisions, j);
		if (b->approver_id == a->approver_id && match(r, b, g, role))
			return false;
	}
	return true;
}

/* An approval that counts for ROLE of gate G now: at the content now,
 * by someone who did not edit it (unless the gate allows it) and who
 * still holds the role. */
static bool
counts(const struct review *r, const struct approval *a,
    const struct gate_status *g, const char *role)
{
	return same(a->gate, g->step->id) && same(a->role, role) &&
	    holds(r, a) && !is_lapsed(r, a) && (g->step->allow_author ||
	    !is_editor(r, a->approver_id));
}

/* An approval for ROLE of gate G at the content now whose approver no
 * longer holds the role. */
static bool
lapsed_for(const struct review *r, const struct approval *a,
    const struct gate_status *g, const char *role)
{
	return same(a->gate, g->step->id) && same(a->role, role) &&
	    holds(r, a) && is_lapsed(r, a);
}

/* An approval for ROLE of gate G at an older content, by someone who
 * still holds the role and has not approved the content now. */
static bool
went_stale(const struct review *r, const struct approval *a,
    const struct gate_status *g, const char *role)
{
	return same(a->gate, g->step->id) && same(a->role, role) &&
	    same(a->decision, "approved") && review_is_stale(r, a) &&
	    !is_lapsed(r, a) && approval_now_by(r, a->approver_id) == NULL;
}

/* Fill gate G's roles, state and note from R's decisions. */
static enum status
judge_gate(struct session *s, const struct comm_doc *d, struct review *r,
    struct gate_status *g, struct err *err)
{
	const struct pb_step *step = g->step;
	const struct approval *a;
	struct gate_role *gr;
	struct preapproval_verdict v = { 0 };
	char who[96], part[160], why[PREAPPROVAL_WHY_MAX], lapsed[160] = "";
	bool is_done = true;
	size_t i, j, k;
	enum status st;

	g->n_roles = step->n_roles;
	g->roles = xcalloc(step->n_roles > 0 ? step->n_roles : 1,
	    sizeof *g->roles);
	for (j = 0; j < step->n_roles; j++) {
		gr = &g->roles[j];
		gr->role = step->roles[j].role;
		gr->need = step->roles[j].count;
		for (i = 0; i < r->decisions.count; i++) {
			a = rowlist_at(&r->decisions, i);
			if (counts(r, a, g, gr->role) &&
			    is_first_of_person(r, i, counts, g, gr->role))
				gr->have++;
			else if (went_stale(r, a, g, gr->role) &&
			    is_first_of_person(r, i, went_stale, g, gr->role)) {
				gr->stale++;
				append(g->stale_who, sizeof g->stale_who, ", ",
				    name_of(s, a->approver_id, who, sizeof who));
			} else if (lapsed_for(r, a, g, gr->role) &&
			    is_first_of_person(r, i, lapsed_for, g, gr->role)) {
				name_of(s, a->approver_id, who, sizeof who);
				append(g->lapsed_who, sizeof g->lapsed_who, ", ",
				    who);
				snprintf(part, sizeof part, "%s no longer holds %s",
				    who, gr->role);
				append(lapsed, sizeof lapsed, "; ", part);
			}
		}
		/* In order: a role waits until every earlier one is done. */
		for (k = 0; step->is_ordered && k < j; k++)
			if (g->roles[k].have < g->roles[k].need)
				gr->is_blocked = true;
		if (gr->have < gr->need)
			is_done = false;
	}
	if (is_done) {
		g->state = GATE_PASSED;
		*part = '\0';
		for (i = 0; i < r->decisions.count; i++) {
			a = rowlist_at(&r->decisions, i);
			for (j = 0; j < g->n_roles; j++)
				if (counts(r, a, g, g->roles[j].role) &&
				    is_first_of_person(r, i, counts, g,
				    g->roles[j].role))
					append(part, sizeof part, ", ",
					    name_of(s, a->approver_id, who,
					    sizeof who));
		}
		snprintf(g->note, sizeof g->note, "approved by %s",
		    *part != '\0' ? part : "nobody: it asks for no one");
		return ST_OK;
	}
	*why = '\0';
	if (step->is_preapprovable) {
		st = preapproval_gate_check(s, d, &r->content, step, &v, err);
		snprintf(why, sizeof why, "%s", v.why);
		if (st == ST_OK && v.passes) {
			g->state = GATE_PREAPPROVED;
			snprintf(g->note, sizeof g->note, "%s", why);
			g->preapproval_ids = v.ids;
			g->n_preapproval_ids = v.n_ids;
			v.ids = NULL;
		}
		preapproval_verdict_clear(&v);
		if (st != ST_OK || g->state == GATE_PREAPPROVED)
			return st;
	}
	g->state = GATE_WAITING;
	if (*g->stale_who != '\0') {
		snprintf(part, sizeof part, "stale: %s must look again",
		    g->stale_who);
		append(g->note, sizeof g->note, "; ", part);
	}
	if (*lapsed != '\0')
		append(g->note, sizeof g->note, "; ", lapsed);
	for (j = 0; j < g->n_roles; j++) {
		gr = &g->roles[j];
		if (gr->have >= gr->need)
			continue;
		for (k = 0; k < j && g->roles[k].have >= g->roles[k].need; k++)
			;
		if (gr->is_blocked)
			snprintf(part, sizeof part, "%s decides after %s",
			    gr->role, g->roles[k].role);
		else
			snprintf(part, sizeof part, "waiting for %s (%d of %d)",
			    gr->role, gr->have, gr->need);
		append(g->note, sizeof g->note, "; ", part);
	}
	if (step->is_preapprovable && *why != '\0') {
		snprintf(part, sizeof part, "not pre-approved: %s", why);
		append(g->note, sizeof g->note, "; ", part);
	}
	return ST_OK;
}

/* User ID as the database has them into U (zeroed: no such user). */
static enum status
user_now(struct session *s, long long id, struct user *u, struct err *err)
{
	enum status st;

	user_clear(u);
	if ((st = q_user_by_id(s->db, id, u, err)) == ST_NOTFOUND) {
		user_clear(u);
		err_clear(err);
		st = ST_OK;
	}
	return st;
}

/* The acting user as the database has them now into R, and which of R's
 * approvals were made in a role their approver no longer holds. */
static enum status
read_roles(struct session *s, struct review *r, struct err *err)
{
	struct user u = { 0 };
	const struct user *who;
	const struct approval *a;
	size_t i;
	enum status st = ST_OK;

	r->me = xcalloc(1, sizeof *r->me);
	if (session_is_known(s))
		st = user_now(s, s->user.id, r->me, err);
	for (i = 0; i < r->decisions.count && st == ST_OK; i++) {
		a = rowlist_at(&r->decisions, i);
		if (!same(a->decision, "approved"))
			continue;
		/* Read each approver once in a row: the acting user is read
		 * already, and U keeps the last one read. */
		if (r->me->id != 0 && a->approver_id == r->me->id)
			who = r->me;
		else if (u.id == a->approver_id ||
		    (st = user_now(s, a->approver_id, &u, err)) == ST_OK)
			who = &u;
		else
			continue;
		if (user_holds(who, a->role))
			continue;
		r->lapsed = xreallocarray(r->lapsed, r->n_lapsed + 1,
		    sizeof *r->lapsed);
		r->lapsed[r->n_lapsed++] = a->id;
	}
	user_clear(&u);
	return st;
}

/*
 * Everything of R but its content, which is set: the decisions of its
 * revision, the people who edited it and the roles people hold now,
 * then each gate of D's variant judged at the content now.
 */
static enum status
judge(struct session *s, const struct comm_doc *d, struct review *r,
    struct err *err)
{
	struct rowlist eds;
	const struct approval *a;
	struct approval *last;
	const struct pb_step *step;
	size_t i;
	enum status st;

	judge_clear(r);
	rowlist_init(&eds, sizeof(long long));
	r->comm_id = d->comm.id;
	r->revision = d->comm.revision;
	snprintf(r->state, sizeof r->state, "%s", d->comm.state);
	if ((st = db_read_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_approval_list_for_revision(s->db, r->comm_id, r->revision,
	    &r->decisions, err)) != ST_OK ||
	    (st = q_approval_editors(s->db, r->comm_id, r->revision, &eds,
	    err)) != ST_OK || (st = read_roles(s, r, err)) != ST_OK)
		goto end;
	/* The newest approval to diff against: this revision's, else an
	 * earlier one's (an update's diff is against what went out). */
	for (i = r->decisions.count; i > 0 && r->last_approval == NULL; i--) {
		a = rowlist_at(&r->decisions, i - 1);
		if (same(a->decision, "approved"))
			r->last_approval = a;
	}
	if (r->last_approval == NULL) {
		last = xcalloc(1, sizeof *last);
		st = q_approval_last_approved(s->db, r->comm_id, last, err);
		if (st == ST_OK)
			r->last_approval = r->last_owned = last;
		else
			free(last);
		if (st == ST_NOTFOUND)
			st = ST_OK;
		if (st != ST_OK)
			goto end;
	}
end:
	db_read_end(s->db);
	if (st == ST_OK) {
		r->n_editors = eds.count;
		r->editors = eds.items;     /* an array of long long, ours now */
		eds.items = NULL;
	}
	rowlist_free(&eds, NULL);
	if (st != ST_OK)
		return st;
	if (r->decisions.count > 0 && same(r->state, "draft")) {
		a = rowlist_at(&r->decisions, r->decisions.count - 1);
		if (same(a->decision, "rejected"))
			r->rejection = a;
	}
	for (i = 0; i < d->pb->n_steps; i++) {
		step = &d->pb->steps[i];
		if (step->kind == PB_STEP_GATE &&
		    playbook_step_in_variant(step, d->variant->id))
			r->n_gates++;
	}
	r->gates = xcalloc(r->n_gates > 0 ? r->n_gates : 1, sizeof *r->gates);
	r->n_gates = 0;
	r->is_satisfied = true;
	for (i = 0; i < d->pb->n_steps; i++) {
		step = &d->pb->steps[i];
		if (step->kind != PB_STEP_GATE ||
		    !playbook_step_in_variant(step, d->variant->id))
			continue;
		r->gates[r->n_gates].step = step;
		if ((st = judge_gate(s, d, r, &r->gates[r->n_gates++],
		    err)) != ST_OK)
			return st;
		if (r->gates[r->n_gates - 1].state == GATE_WAITING)
			r->is_satisfied = false;
	}
	return ST_OK;
}

/*
 * The contents made last, each kept while the database does not change
 * at all (its change stamp) for the same communication at the same
 * version (its answers are those of that version): rendering every
 * output is the dear part of a review, and a list of what waits reads
 * each one in review. A decision, its audit row and a state change are
 * no content, so after them a communication's content stays and is
 * stamped again (memo_restamp()): the next approver and the publication
 * reuse it.
 */
#define MEMO_N 8

static struct memo {
	const struct db *db;
	char            *path;     /* the connection and its file: another
	                            * database may reuse the address */
	long long        comm_id, version, stamp;
	struct content   c;
} memos[MEMO_N];
static size_t memo_next;

/* S's memo of communication COMM_ID, or NULL. */
static struct memo *
memo_of(const struct session *s, long long comm_id)
{
	size_t i;

	for (i = 0; i < MEMO_N; i++)
		if (memos[i].db == s->db && memos[i].comm_id == comm_id &&
		    memos[i].path != NULL &&
		    strcmp(memos[i].path, db_path(s->db)) == 0)
			return &memos[i];
	return NULL;
}

static void
content_copy(const struct content *from, struct content *to)
{
	to->canon = xmalloc(from->len + 1);
	memcpy(to->canon, from->canon, from->len + 1);
	to->len = from->len;
	memcpy(to->hash, from->hash, sizeof to->hash);
}

static enum status
content_now(struct session *s, const struct comm_doc *d, struct content *out,
    struct err *err)
{
	long long stamp = db_change_stamp(s->db);
	struct memo *m = memo_of(s, d->comm.id);
	enum status st;

	memset(out, 0, sizeof *out);
	if (stamp != 0 && m != NULL && m->version == d->comm.version &&
	    m->stamp == stamp) {
		content_copy(&m->c, out);
		return ST_OK;
	}
	if ((st = content_of(s, d, out, err)) != ST_OK)
		return st;
	if (m == NULL) {
		m = &memos[memo_next];
		memo_next = (memo_next + 1) % MEMO_N;
	}
	content_clear(&m->c);
	content_copy(out, &m->c);
	free(m->path);
	m->path = xstrdup(db_path(s->db));
	m->db = s->db;
	m->comm_id = d->comm.id;
	m->version = d->comm.version;
	m->stamp = stamp;
	return ST_OK;
}

/* C changed in state or decisions only since R's content was made: that
 * content holds at C's version now. */
static void
memo_restamp(struct session *s, const struct communication *c,
    const struct review *r)
{
	struct memo *m = memo_of(s, c->id);

	if (m != NULL && strcmp(m->c.hash, r->content.hash) == 0) {
		m->version = c->version;
		m->stamp = db_change_stamp(s->db);
	}
}

/* R->held for D (see struct review). */
static enum status
held_hash(struct session *s, const struct comm_doc *d, struct review *r,
    struct err *err)
{
	struct approval a = { 0 };
	enum status st;

	snprintf(r->held, sizeof r->held, "%s", r->content.hash);
	if (!same(d->comm.state, "published") &&
	    !same(d->comm.state, "withdrawn"))
		return ST_OK;
	st = q_approval_last_approved(s->db, d->comm.id, &a, err);
	if (st == ST_NOTFOUND)
		return ST_OK;
	if (st == ST_OK && a.revision == d->comm.revision &&
	    a.content_hash != NULL)
		snprintf(r->held, sizeof r->held, "%s", a.content_hash);
	approval_clear(&a);
	return st;
}

/* R for D: its content now, then judge(). */
static enum status
load_in(struct session *s, const struct comm_doc *d, struct review *r,
    struct err *err)
{
	enum status st;

	memset(r, 0, sizeof *r);
	rowlist_init(&r->decisions, sizeof(struct approval));
	if ((st = content_now(s, d, &r->content, err)) != ST_OK)
		return st;
	if ((st = held_hash(s, d, r, err)) != ST_OK)
		return st;
	return judge(s, d, r, err);
}

enum status
review_load(struct session *s, const struct comm_doc *d, struct review *out,
    struct err *err)
{
	return load_in(s, d, out, err);
}

bool
review_is_stale(const struct review *r, const struct approval *a)
{
	return a->content_hash == NULL || strcmp(r->held, a->content_hash) != 0;
}

/* ---- whose turn ---- */

/* The roles gate G asks for, " or "-joined, into BUF of N bytes. */
static char *
gate_roles(const struct gate_status *g, char *buf, size_t n)
{
	size_t j;

	*buf = '\0';
	for (j = 0; j < g->n_roles; j++)
		append(buf, n, " or ", g->roles[j].role);
	return buf;
}

/*
 * Whether the acting user may decide gate G of R (a rejection when
 * IS_REJECT), in which role (*ROLE). *HOLDS says whether they hold a
 * role G asks for at all, so a caller looking for any gate can tell the
 * refusals that matter from "not yours".
 */
static enum status
gate_turn(struct session *s, const struct review *r,
    const struct gate_status *g, bool is_reject, bool *holds_role,
    const char **role, struct err *err)
{
	const struct gate_role *gr, *full = NULL, *blocked = NULL;
	const struct approval *mine;
	char asks[160];
	size_t j, k;

	*holds_role = false;
	for (j = 0; j < g->n_roles; j++)
		if (holds_now(s, r, g->roles[j].role))
			*holds_role = true;
	for (j = 0; j < g->n_roles && !*holds_role; j++)
		if (session_has_role(s, g->roles[j].role))
			return err_set(err, ST_DENIED, "%s no longer holds %s, "
			    "which gate %s asks for", s->login, g->roles[j].role,
			    g->step->id);
	if (!*holds_role)
		return err_set(err, ST_DENIED, "%s does not hold %s, which gate "
		    "%s asks for", s->login, gate_roles(g, asks, sizeof asks),
		    g->step->id);
	if (!g->step->allow_author && is_editor(r, s->user.id))
		return err_set(err, ST_DENIED, "%s edited this revision, so "
		    "cannot %s it: gate %s is decided by someone who did not "
		    "edit it", s->login, is_reject ? "reject" : "approve",
		    g->step->id);
	if (is_reject) {
		for (j = 0; j < g->n_roles; j++)
			if (holds_now(s, r, g->roles[j].role)) {
				*role = g->roles[j].role;
				break;
			}
		return ST_OK;
	}
	if ((mine = approval_now_by(r, s->user.id)) != NULL) {
		if (same(mine->gate, g->step->id))
			return err_set(err, ST_DENIED, "%s approved gate %s of "
			    "this content already (approval %lld, %s): nobody "
			    "approves twice", s->login, mine->gate, mine->id,
			    mine->decided_at);
		return err_set(err, ST_DENIED, "%s approved gate %s of this "
		    "content already (approval %lld, %s): one person's approval "
		    "counts once, so someone else decides gate %s", s->login,
		    mine->gate, mine->id, mine->decided_at, g->step->id);
	}
	if (g->state != GATE_WAITING)
		return err_set(err, ST_INVALID, "gate %s has passed already (%s): "
		    "nothing to decide", g->step->id, *g->note != '\0' ?
		    g->note : "enough approvals");
	for (j = 0; j < g->n_roles; j++) {
		gr = &g->roles[j];
		if (!holds_now(s, r, gr->role))
			continue;
		if (gr->have >= gr->need)
			full = gr;
		else if (gr->is_blocked)
			blocked = gr;
		else {
			*role = gr->role;
			return ST_OK;
		}
	}
	if (blocked != NULL) {
		for (k = 0; k < g->n_roles; k++)
			if (g->roles[k].have < g->roles[k].need)
				break;
		return err_set(err, ST_INVALID, "gate %s decides in order: %s "
		    "approves before %s, and has %d of %d approvals so far",
		    g->step->id, g->roles[k].role, blocked->role,
		    g->roles[k].have, g->roles[k].need);
	}
	return err_set(err, ST_INVALID, "gate %s has the %s approvals it needs "
	    "(%d of %d)", g->step->id, full->role, full->have, full->need);
}

static const struct gate_status *
find_gate(const struct review *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n_gates; i++)
		if (same(r->gates[i].step->id, id))
			return &r->gates[i];
	return NULL;
}

static enum status
turn(struct session *s, const struct review *r, const char *gate,
    bool is_reject, const struct pb_step **step, const char **role,
    struct err *err)
{
	const struct gate_status *g;
	struct err one = { 0 }, best = { 0 };
	char all[256] = "", asks[160];
	bool holds_role, has_best = false;
	size_t i;
	enum status st;

	*step = NULL;
	*role = NULL;
	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (!same(r->state, "in-review"))
		return err_set(err, ST_INVALID, "communication %lld is %s: "
		    "decisions are made while it is in review", r->comm_id,
		    r->state);
	if (gate != NULL) {
		if ((g = find_gate(r, gate)) == NULL) {
			for (i = 0; i < r->n_gates; i++)
				append(all, sizeof all, ", ", r->gates[i].step->id);
			return err_set(err, ST_INVALID, "gate %s: communication "
			    "%lld has no such gate; its gates: %s", gate, r->comm_id,
			    *all != '\0' ? all : "none");
		}
		if ((st = gate_turn(s, r, g, is_reject, &holds_role, role,
		    err)) == ST_OK)
			*step = g->step;
		return st;
	}
	if (r->n_gates == 0)
		return err_set(err, ST_INVALID, "communication %lld has no gates: "
		    "nothing to decide", r->comm_id);
	for (i = 0; i < r->n_gates; i++) {
		g = &r->gates[i];
		if (gate_turn(s, r, g, is_reject, &holds_role, role, &one) ==
		    ST_OK) {
			*step = g->step;
			return ST_OK;
		}
		if (holds_role && !has_best) {
			best = one;
			has_best = true;
		}
		append(all, sizeof all, ", ", gate_roles(g, asks, sizeof asks));
	}
	if (has_best)
		return err_set(err, best.code, "%s", best.msg);
	return err_set(err, ST_DENIED, "%s holds none of the roles this "
	    "communication's gates ask for (%s)", s->login, all);
}

enum status
review_my_turn(struct session *s, const struct review *r, const char *gate,
    const struct pb_step **step, const char **role, struct err *err)
{
	return turn(s, r, gate, false, step, role, err);
}

/* ---- deciding ---- */

/* Move C to TO for REASON, audited; C follows. */
static enum status
move_state(struct session *s, struct communication *c, const char *to,
    const char *reason, struct err *err)
{
	char now[CLOCK_BUFSZ];
	enum status st;

	clock_now_str(now);
	if ((st = q_communication_set_state(s->db, c->id, c->version, to, now,
	    err)) != ST_OK)
		return st;
	if ((st = audit_record(s->db, s->actor, "communication.state",
	    "communication", c->id, err, "{s:s, s:s, s:I, s:s}", "from",
	    c->state, "to", to, "revision", (json_int_t)c->revision, "reason",
	    reason)) != ST_OK)
		return st;
	c->version++;
	free(c->state);
	c->state = xstrdup(to);
	return ST_OK;
}

/* F (fresh, judged in R) in review with every gate satisfied: approved,
 * with the pre-approvals it rests on audited first. */
static enum status
settle_in(struct session *s, struct comm_doc *f, const struct review *r,
    struct err *err)
{
	const struct gate_status *g;
	json_t *ids;
	size_t i, j;
	enum status st;

	if (!same(f->comm.state, "in-review") || !r->is_satisfied)
		return ST_OK;
	for (i = 0; i < r->n_gates; i++) {
		g = &r->gates[i];
		if (g->state != GATE_PREAPPROVED)
			continue;
		if ((ids = json_array()) == NULL)
			die("out of memory");
		for (j = 0; j < g->n_preapproval_ids; j++)
			if (json_array_append_new(ids,
			    json_integer(g->preapproval_ids[j])) != 0)
				die("out of memory");
		if ((st = audit_record(s->db, s->actor, "approval.preapproved",
		    "communication", f->comm.id, err, "{s:s, s:o, s:s, s:s, s:I}",
		    "gate", g->step->id, "preapprovals", ids, "why", g->note,
		    "content_hash", r->content.hash, "revision",
		    (json_int_t)r->revision)) != ST_OK)
			return st;
	}
	return move_state(s, &f->comm, "approved", "every gate is satisfied",
	    err);
}

/* R for D, or false (R cleared, ERR untouched) when the content cannot
 * be made now (a template not imported, say): the approvers meet that
 * reason when they open it; an edit or a submission is not held up. */
static bool
try_load(struct session *s, const struct comm_doc *d, struct review *r)
{
	struct err ignored = { 0 };

	if (load_in(s, d, r, &ignored) == ST_OK)
		return true;
	review_clear(r);
	return false;
}

enum status
review_settle(struct session *s, const struct comm_doc *d, struct err *err)
{
	struct comm_doc f;
	struct review r = { 0 };
	enum status st;

	if ((st = fresh_doc(s, d, &f, err)) == ST_OK &&
	    same(f.comm.state, "in-review") && try_load(s, &f, &r))
		st = settle_in(s, &f, &r, err);
	review_clear(&r);
	fresh_clear(&f);
	return st;
}

/* Need to know, for an action on C inside a transaction: refuse it when C
 * is about an incident under embargo that the acting user may not see.
 * Whoever opened the communication for them was recorded by that open. */
static enum status
require_sees(struct session *s, const struct communication *c,
    struct err *err)
{
	struct incident i = { 0 };
	enum status st;

	if (c->incident_id == 0)
		return ST_OK;           /* a release cycle's: no embargo */
	if ((st = q_incident_by_id(s->db, c->incident_id, &i, err)) == ST_OK)
		st = access_require_sees(s, &i, err);
	incident_clear(&i);
	return st;
}

enum status
approval_decide(struct session *s, const struct comm_doc *d,
    const struct decision *in, long long *id, struct err *err)
{
	struct comm_doc f = { 0 };
	struct review r = { 0 };
	const struct pb_step *step = NULL;
	const char *role = NULL;
	long long aid = 0;
	bool is_reject;
	enum status st;

	if (in == NULL)
		return err_set(err, ST_INVALID, "no decision given");
	if ((st = session_require_user(s, err)) != ST_OK ||
	    (st = approval_check_decision(in->decision, in->comment,
	    err)) != ST_OK)
		return st;
	is_reject = strcmp(in->decision, "rejected") == 0;
	/* Everything is read again under the write lock: two approvers at
	 * the same moment take turns here, and the second sees the first's
	 * decision. */
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = fresh_doc(s, d, &f, err)) != ST_OK ||
	    (st = require_sees(s, &f.comm, err)) != ST_OK)
		goto end;
	if (!same(f.comm.state, "in-review")) {
		st = err_set(err, ST_INVALID, "communication %lld is %s: decisions "
		    "are made while it is in review", f.comm.id, f.comm.state);
		goto end;
	}
	if ((st = load_in(s, &f, &r, err)) != ST_OK)
		goto end;
	if (in->content_hash != NULL &&
	    strcmp(in->content_hash, r.content.hash) != 0) {
		st = err_set(err, ST_CONFLICT, "communication %lld changed since "
		    "you read it (its content is sha256 %.12s now, you read "
		    "%.12s): read it again and decide on what will go out",
		    f.comm.id, r.content.hash, in->content_hash);
		goto end;
	}
	if ((st = turn(s, &r, in->gate, is_reject, &step, &role, err)) != ST_OK)
		goto end;
	if ((st = approval_write(s, &(struct approval_new){
	    .communication_id = f.comm.id, .revision = f.comm.revision,
	    .gate = step->id, .role = role, .decision = in->decision,
	    .comment = in->comment, .content_hash = r.content.hash,
	    .snapshot = r.content.canon,
	    .canon_version = CONTENT_CANON_VERSION }, &aid, err)) != ST_OK)
		goto end;
	if (is_reject) {
		if ((st = move_state(s, &f.comm, "draft", "rejected", err)) ==
		    ST_OK)
			memo_restamp(s, &f.comm, &r);
		goto end;
	}
	/* With this approval counted, is every gate satisfied now? */
	if ((st = judge(s, &f, &r, err)) == ST_OK)
		st = settle_in(s, &f, &r, err);
	if (st == ST_OK)
		memo_restamp(s, &f.comm, &r);
end:
	st = db_end(s->db, st, err);
	review_clear(&r);
	fresh_clear(&f);
	if (st == ST_OK && id != NULL)
		*id = aid;
	return st;
}

/* ---- what waits ---- */

bool
review_is_decider(const struct session *s)
{
	static const char *const deciders[] = { "approver:legal",
		"approver:pr", "approver:security", "sro", NULL };
	size_t i;

	for (i = 0; deciders[i] != NULL; i++)
		if (session_has_role(s, deciders[i]))
			return true;
	return false;
}

/* The nearest running clock of communication ID, allocated, or NULL. */
static enum status
nearest_due(struct session *s, long long id, char **due, struct err *err)
{
	struct rowlist l;
	const struct deadline *dl;
	size_t i;
	enum status st;

	*due = NULL;
	if ((st = deadline_for_communication(s, id, &l, err)) != ST_OK)
		return st;
	for (i = 0; i < l.count && *due == NULL; i++) {
		dl = rowlist_at(&l, i);
		if (dl->stopped_at[0] == '\0' && dl->due_at[0] != '\0')
			*due = xstrdup(dl->due_at);
	}
	rowlist_free(&l, (row_clear_fn)deadline_clear);
	return ST_OK;
}

/* Most urgent first: the nearest clock (none last), then the longest
 * waiting, then by id. */
static int
by_urgency(const void *a, const void *b)
{
	const struct waiting *x = a, *y = b;
	int c;

	if ((x->due_at == NULL) != (y->due_at == NULL))
		return x->due_at == NULL ? 1 : -1;
	if (x->due_at != NULL && (c = strcmp(x->due_at, y->due_at)) != 0)
		return c;
	if ((x->submitted_at == NULL) != (y->submitted_at == NULL))
		return x->submitted_at == NULL ? 1 : -1;
	if (x->submitted_at != NULL &&
	    (c = strcmp(x->submitted_at, y->submitted_at)) != 0)
		return c;
	return x->comm_id < y->comm_id ? -1 : x->comm_id > y->comm_id;
}

/* Add C to OUT when it is the acting user's turn on it. */
static enum status
waiting_one(struct session *s, const struct communication_row *c,
    struct rowlist *out, struct err *err)
{
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	struct waiting *w;
	const struct pb_step *step;
	const char *role;
	struct err why = { 0 };
	size_t i;
	enum status st;

	if ((st = comm_load(s, c->comm.id, &d, err)) != ST_OK ||
	    (st = load_in(s, &d, &r, err)) != ST_OK)
		goto end;
	if (turn(s, &r, NULL, false, &step, &role, &why) != ST_OK)
		goto end;               /* not theirs now */
	w = rowlist_push(out);
	w->comm_id = c->comm.id;
	w->ref = xstrdup(c->incident_ref != NULL ? c->incident_ref :
	    c->cycle_label != NULL ? c->cycle_label : "");
	w->title = xstrdup(c->comm.title);
	w->kind = xstrdup(c->comm.kind);
	w->gate = xstrdup(step->id);
	w->role = xstrdup(role);
	w->was_approved = r.last_approval != NULL &&
	    review_is_stale(&r, r.last_approval);
	for (i = 0; i < r.n_gates; i++)
		if (r.gates[i].state == GATE_PREAPPROVED)
			w->is_preapproved = true;
	st = q_approval_submitted_at(s->db, c->comm.id, &w->submitted_at, err);
	if (st == ST_NOTFOUND) {
		w->submitted_at = xstrdup(c->comm.updated_at);
		st = ST_OK;
	}
	if (st == ST_OK)
		st = nearest_due(s, c->comm.id, &w->due_at, err);
end:
	if (st != ST_OK)
		err_prefix(err, "communication %lld", c->comm.id);
	review_clear(&r);
	comm_doc_clear(&d);
	return st;
}

enum status
approvals_waiting(struct session *s, struct rowlist *out, struct err *err)
{
	struct rowlist l;
	size_t i;
	enum status st;

	rowlist_init(out, sizeof(struct waiting));
	rowlist_init(&l, sizeof(struct communication_row));
	/* Only approvers and the SRO decide anything. */
	if (!session_is_known(s) || !review_is_decider(s))
		return ST_OK;
	if ((st = q_approval_in_review(s->db, &l, err)) != ST_OK)
		goto end;
	for (i = 0; i < l.count && st == ST_OK; i++)
		st = waiting_one(s, rowlist_at(&l, i), out, err);
	if (st == ST_OK && out->count > 1)
		qsort(out->items, out->count, out->size, by_urgency);
end:
	rowlist_free(&l, (row_clear_fn)communication_row_clear);
	if (st != ST_OK)
		rowlist_free(out, (row_clear_fn)waiting_clear);
	return st;
}

enum status
review_returned(struct session *s, struct rowlist *out, struct err *err)
{
	rowlist_init(out, sizeof(struct approval_returned));
	if (!session_is_known(s))
		return ST_OK;
	return q_approval_returned(s->db, s->user.id, out, err);
}

/* ---- publishing ---- */

enum status
review_require_satisfied(struct session *s, const struct comm_doc *d,
    struct err *err)
{
	struct comm_doc f;
	struct review r = { 0 };
	const struct gate_status *g;
	const struct gate_role *gr;
	char why[400] = "", part[256];
	size_t i, j;
	enum status st;

	if ((st = fresh_doc(s, d, &f, err)) != ST_OK ||
	    (st = load_in(s, &f, &r, err)) != ST_OK || r.is_satisfied)
		goto end;
	for (i = 0; i < r.n_gates; i++) {
		g = &r.gates[i];
		if (g->state != GATE_WAITING)
			continue;
		if (*g->stale_who != '\0')
			snprintf(part, sizeof part, "gate %s is stale since an "
			    "edit: %s must approve again", g->step->id,
			    g->stale_who);
		else {
			for (j = 0; j < g->n_roles; j++)
				if (g->roles[j].have < g->roles[j].need)
					break;
			gr = &g->roles[j < g->n_roles ? j : 0];
			snprintf(part, sizeof part, "gate %s is waiting for %s "
			    "(%d of %d)%s%s%s", g->step->id, gr->role, gr->have,
			    gr->need, *g->lapsed_who != '\0' ? ": " : "",
			    g->lapsed_who, *g->lapsed_who == '\0' ? "" :
			    strchr(g->lapsed_who, ',') != NULL ?
			    " no longer hold it" : " no longer holds it");
		}
		append(why, sizeof why, "; ", part);
	}
	st = err_set(err, ST_INVALID, "communication %lld cannot be published: "
	    "%s%s", f.comm.id, why, same(f.comm.state, "in-review") ?
	    "; it is approved once every gate is satisfied" : "");
end:
	review_clear(&r);
	fresh_clear(&f);
	return st;
}

/* ---- without an edit ---- */

/* Communication ID (in review or approved) set right by the gates now. */
static enum status
recheck_one(struct session *s, long long id, struct err *err)
{
	struct comm_doc d;
	struct review r = { 0 };
	struct err ignored = { 0 };
	enum status st = ST_OK;

	/* Content that cannot be made now is left alone: its approvers meet
	 * the reason when they open it. */
	if (comm_load(s, id, &d, &ignored) != ST_OK)
		return ST_OK;
	if (try_load(s, &d, &r)) {
		if (same(d.comm.state, "in-review"))
			st = settle_in(s, &d, &r, err);
		else if (same(d.comm.state, "approved") && !r.is_satisfied)
			st = move_state(s, &d.comm, "in-review",
			    "approvals no longer hold", err);
	}
	review_clear(&r);
	comm_doc_clear(&d);
	return st;
}

enum status
review_recheck(struct session *s, struct err *err)
{
	struct rowlist ids;
	size_t i;
	enum status st;

	if ((st = q_approval_awaiting_ids(s->db, &ids, err)) != ST_OK)
		return st;
	for (i = 0; i < ids.count && st == ST_OK; i++)
		st = recheck_one(s, *(long long *)rowlist_at(&ids, i), err);
	rowlist_free(&ids, NULL);
	return st;
}

/* ---- edits ---- */

enum status
review_edit_begin(struct session *s, long long id, struct review_edit *e,
    struct err *err)
{
	struct communication c = { 0 };
	struct err ignored = { 0 };
	enum status st;

	memset(e, 0, sizeof *e);
	rowlist_init(&e->doc.answers, sizeof(struct answer));
	rowlist_init(&e->before.decisions, sizeof(struct approval));
	if ((st = communication_get(s, id, &c, err)) != ST_OK)
		return st;
	/* A draft's edits touch no approval that holds and no state. */
	if (!same(c.state, "in-review") && !same(c.state, "approved"))
		goto end;
	/* Content that cannot be made (its playbook not stored, a template
	 * not imported) has no hash: unknown before. */
	if (comm_load(s, id, &e->doc, &ignored) == ST_OK)
		try_load(s, &e->doc, &e->before);
	else {
		comm_doc_clear(&e->doc);
		e->doc.comm.id = id;
	}
	e->is_on = true;
end:
	communication_clear(&c);
	return st;
}

/* The approvals that held in BEFORE, as the detail of "approval.stale". */
static json_t *
stale_ids(const struct review *before, const char *what)
{
	const struct approval *a;
	json_t *list = json_array();
	size_t i;

	if (list == NULL)
		die("out of memory");
	for (i = 0; i < before->decisions.count; i++) {
		a = rowlist_at(&before->decisions, i);
		if (!holds(before, a))
			continue;
		if (json_array_append_new(list, same(what, "gate") ?
		    json_string(a->gate) : json_integer(same(what, "approver") ?
		    a->approver_id : a->id)) != 0)
			die("out of memory");
	}
	return list;
}

enum status
review_edit_end(struct session *s, struct review_edit *e, const char *cause,
    struct err *err)
{
	struct review after = { 0 };
	json_t *ids = NULL;
	bool is_known, is_same;
	enum status st;

	if (!e->is_on)
		return ST_OK;
	if ((st = comm_reload(s, &e->doc, err)) != ST_OK)
		goto end;
	is_known = e->doc.pb != NULL && try_load(s, &e->doc, &after);
	/* The words that go out may be the same, and yet the editor's own
	 * approval no longer counts: the state follows the gates either
	 * way, only staleness needs a new hash. */
	is_same = is_known &&
	    strcmp(after.content.hash, e->before.content.hash) == 0;
	ids = stale_ids(&e->before, "approval");
	if (is_known && !is_same && json_array_size(ids) > 0 &&
	    (st = audit_record(s->db, s->actor,
	    "approval.stale", "communication", e->doc.comm.id, err,
	    "{s:O, s:o, s:o, s:s, s:s, s:I, s:s}", "approvals", ids, "gates",
	    stale_ids(&e->before, "gate"), "approvers",
	    stale_ids(&e->before, "approver"), "was_hash",
	    e->before.content.hash, "content_hash", after.content.hash,
	    "revision", (json_int_t)after.revision, "cause",
	    cause != NULL ? cause : "edit")) != ST_OK)
		goto end;
	/* Approved means approved at the words as they are, by people who
	 * did not edit them. */
	if (same(e->doc.comm.state, "approved") && !after.is_satisfied)
		st = move_state(s, &e->doc.comm, "in-review", "edited", err);
	else if (is_known)
		st = settle_in(s, &e->doc, &after, err);
end:
	json_decref(ids);
	review_clear(&after);
	return st;
}
