/* core/demo.c - builds the demo database through the same core functions users call. */
#include "config.h"

#include "core/demo.h"
#include "core/settings.h"
#include "core/template.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/approval.h"
#include "core/breach.h"
#include "core/channel.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/customer.h"
#include "core/demo_data.h"
#include "core/drill.h"
#include "core/evaluation.h"
#include "core/export.h"
#include "core/incident.h"
#include "core/outbox.h"
#include "core/owner.h"
#include "core/product.h"
#include "core/review.h"
#include "core/subscriber.h"
#include "core/trust.h"
#include "core/user.h"
#include "core/workflow.h"
#include "util/xalloc.h"

#define MAX_ACTORS 16
#define DEMO_MAX   128               /* incidents and events, at most */
#define DEMO_ITEMS 16                /* customers, reports, at most */
#define HOUR       3600
#define DEMO_SETUP_DAYS 2500       /* the vendor set herald up this long ago */

/*
 * The demo is built as its people would have built it: each step acts as
 * the demo user who would take it (test and demo databases accept --as),
 * at the time it would have happened, relative to now. So the audit chain
 * reads like a real history and every row passed the same checks as a
 * person's action would.
 */
struct demo {
	struct session *s;               /* the invoker, an admin */
	struct session *actors[MAX_ACTORS];
	time_t          now;
	time_t          was_fixed;
	long long       customer_mail;
	long long       incident_ids[DEMO_MAX];  /* by demo_incidents index */
	long long       customer_ids[DEMO_ITEMS]; /* by demo_customers index */
	long long       report_ids[DEMO_ITEMS];  /* by demo_reports index */
	long long       rce_notice;      /* the first incident's customer notice */
	long long       drill_notice;    /* the drill's regulator notification */
	int             nactors;
};

/* The session acting as LOGIN, opened on first use. */
static enum status
actor(struct demo *d, const char *login, struct session **out, struct err *err)
{
	struct session_opts o = { .mode = DB_WRITE, .as_login = login };
	enum status st;
	int i;

	for (i = 0; i < d->nactors; i++) {
		if (strcmp(d->actors[i]->login, login) == 0) {
			*out = d->actors[i];
			return ST_OK;
		}
	}
	if (d->nactors == MAX_ACTORS)
		return err_set(err, ST_INTERNAL, "too many demo actors");
	o.path = db_path(d->s->db);
	if ((st = session_open(&o, out, err)) != ST_OK)
		return st;
	d->actors[d->nactors++] = *out;
	return ST_OK;
}

/* Move the clock to HOURS before now, but never backwards: an earlier
 * step may have run on past that time, and the chain's times must only
 * move forward. */
static void
at_hours(struct demo *d, double hours)
{
	time_t t = d->now - (time_t)(hours * HOUR);

	if (t <= clock_now())
		t = clock_now() + 60;
	clock_set_fixed(t);
}

static void
date_in(struct demo *d, int days, char **out)
{
	char buf[CLOCK_BUFSZ];

	if (days == DEMO_NONE) {
		*out = NULL;
		return;
	}
	clock_format_date(clock_add_days(d->now, days), buf);
	*out = xstrdup(buf);
}

static enum status
add_people(struct demo *d, struct err *err)
{
	static const char *const extra[] = { "author", "sro", NULL };
	const struct demo_user *u;
	enum status st = ST_OK;
	size_t i;

	for (u = demo_users; st == ST_OK && u->login != NULL; u++)
		st = user_add(d->s, u->login, u->name, u->email, u->roles, NULL, err);
	/* The person trying the demo may draft and see the dashboard too. */
	for (i = 0; st == ST_OK && extra[i] != NULL; i++)
		st = user_grant(d->s, d->s->login, extra[i], err);
	if (st == ST_OK)
		st = session_reload(d->s, err);
	return st;
}

static enum status
add_products(struct demo *d, struct err *err)
{
	const struct demo_product *p;
	const struct demo_cycle *c;
	struct cycle cy;
	long long pid;
	enum status st = ST_OK;

	for (p = demo_products; st == ST_OK && p->slug != NULL; p++) {
		if ((st = product_create(d->s, p->slug, p->name, p->description,
		    p->owner, &pid, err)) != ST_OK)
			break;
		for (c = p->cycles; st == ST_OK && c->cycle != NULL; c++) {
			memset(&cy, 0, sizeof cy);
			cy.product_id = pid;
			cy.cycle = (char *)c->cycle;
			date_in(d, c->release, &cy.release_date);
			date_in(d, c->active_end, &cy.active_support_end);
			date_in(d, c->security_end, &cy.security_support_end);
			date_in(d, c->eol, &cy.eol);
			date_in(d, c->extended_end, &cy.extended_support_end);
			cy.is_lts = c->is_lts;
			cy.latest_version = (char *)c->latest;
			cy.post_eol_options = (char *)c->post_eol;
			st = cycle_create(d->s, &cy, NULL, err);
			if (st != ST_OK)
				err_prefix(err, "%s %s", p->slug, c->cycle);
			free(cy.release_date);
			free(cy.active_support_end);
			free(cy.security_support_end);
			free(cy.eol);
			free(cy.extended_support_end);
		}
	}
	return st;
}

static enum status
add_customers(struct demo *d, struct err *err)
{
	const struct demo_customer *c;
	struct cycle cy = { 0 };
	long long cid;
	enum status st = ST_OK;
	size_t i;

	for (c = demo_customers; st == ST_OK && c->name != NULL; c++) {
		if ((st = customer_create(d->s, c->name, c->email, c->contract,
		    c->sla_hours, &cid, err)) != ST_OK)
			break;
		if (c - demo_customers < DEMO_ITEMS)
			d->customer_ids[c - demo_customers] = cid;
		for (i = 0; st == ST_OK && i < 3 && c->runs[i][0] != NULL; i++) {
			if ((st = cycle_find(d->s, c->runs[i][0], c->runs[i][1], &cy,
			    err)) != ST_OK)
				break;
			st = deployment_add(d->s, cid, cy.product_id, cy.id,
			    c->runs[i][2], NULL, err);
			cycle_clear(&cy);
		}
	}
	return st;
}

/* The id of the demo customer called NAME; 0 for NULL or none. */
static long long
customer_id_of(const struct demo *d, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < DEMO_ITEMS &&
	    demo_customers[i].name != NULL; i++)
		if (strcmp(demo_customers[i].name, name) == 0)
			return d->customer_ids[i];
	return 0;
}

static enum status
add_audience(struct demo *d, struct err *err)
{
	struct subscriber sub = { 0 };
	struct channel ch = { 0 };
	const char *lists[3];
	long long id;
	enum status st = ST_OK;
	size_t i;

	for (i = 0; st == ST_OK && demo_channels[i][0] != NULL; i++)
		st = channel_create(d->s, demo_channels[i][0], demo_channels[i][1],
		    demo_channels[i][2], NULL, err);
	if (st == ST_OK && (st = channel_get_by_name(d->s, "customer-mail", &ch,
	    err)) == ST_OK)
		d->customer_mail = ch.id;
	channel_clear(&ch);
	/* Each asks for a confirmation and confirms it; the admin notes
	 * whose address it is, so a customer's contract sees its mail. */
	for (i = 0; st == ST_OK && demo_subscribers[i][0] != NULL; i++) {
		struct subscriber_new in = { .address = demo_subscribers[i][0],
		    .lists = lists,
		    .customer_id = customer_id_of(d, demo_subscribers[i][3]) };

		lists[0] = demo_subscribers[i][1];
		lists[1] = demo_subscribers[i][2];
		lists[2] = NULL;
		if ((st = subscriber_add_new(d->s, &in, &id, err)) != ST_OK ||
		    (st = subscriber_get(d->s, id, &sub, err)) != ST_OK)
			break;
		/* One never confirmed and one gone: herald must mail neither. */
		if (i != 2)
			st = subscriber_confirm(d->s, sub.token, err);
		if (st == ST_OK && i == 5)
			st = subscriber_unsubscribe(d->s, sub.token, err);
		subscriber_clear(&sub);
	}
	return st;
}

static enum status
move(struct demo *d, const char *login, long long id, const char *state,
    struct err *err)
{
	struct communication c = { 0 };
	struct session *s;
	enum status st;

	if ((st = actor(d, login, &s, err)) != ST_OK ||
	    (st = communication_get(s, id, &c, err)) != ST_OK)
		return st;
	st = communication_set_state(s, id, c.version, state, err);
	communication_clear(&c);
	return st;
}

/* Publish ID as LOGIN: the revision gets its time and snapshot. */
static enum status
publish(struct demo *d, const char *login, long long id, struct err *err)
{
	struct comm_doc doc = { 0 };
	struct session *s;
	enum status st;

	if ((st = actor(d, login, &s, err)) != ST_OK ||
	    (st = comm_open(s, id, &doc, err)) != ST_OK)
		return st;
	st = comm_publish(s, &doc, err);
	comm_doc_clear(&doc);
	return st;
}

/* Who decides each role's gates in the demo. */
static const char *const deciders[][2] = {
	{ "approver:security", "sora" }, { "approver:legal", "lena" },
	{ "approver:pr", "priya" }, { "sro", "olivia" }, { NULL, NULL },
};

/* LOGIN's decision on ID where it is their turn, as they would make it
 * in the console: read the content, then decide on that hash. *IS_DONE
 * says whether they decided. */
static enum status
decide(struct demo *d, const char *login, long long id, const char *decision,
    const char *comment, bool *is_done, struct err *err)
{
	struct comm_doc doc = { 0 };
	struct review r = { 0 };
	const struct pb_step *step;
	const char *role;
	struct session *s;
	struct err why = { 0 };
	enum status st;

	*is_done = false;
	if ((st = actor(d, login, &s, err)) != ST_OK ||
	    (st = comm_open(s, id, &doc, err)) != ST_OK)
		return st;
	if ((st = review_load(s, &doc, &r, err)) != ST_OK)
		goto end;
	if (review_my_turn(s, &r, NULL, &step, &role, &why) != ST_OK)
		goto end;               /* not theirs, or not now */
	clock_set_fixed(clock_now() + 600);
	st = approval_decide(s, &doc, &(struct decision){ .decision = decision,
	    .comment = comment, .content_hash = r.content.hash }, NULL, err);
	if (st == ST_OK)
		*is_done = true;
	else
		err_prefix(err, "%s", login);
end:
	review_clear(&r);
	comm_doc_clear(&doc);
	return st;
}

/* Each demo approver decides ID where it is their turn, round after
 * round (an ordered gate waits for its earlier role), until the policy
 * makes it approved. */
static enum status
approve(struct demo *d, long long id, struct err *err)
{
	struct communication c = { 0 };
	bool is_done, is_any = true;
	int round, i;
	enum status st = ST_OK;

	for (round = 0; st == ST_OK && is_any && round < 8; round++) {
		is_any = false;
		for (i = 0; st == ST_OK && deciders[i][0] != NULL; i++) {
			st = decide(d, deciders[i][1], id, "approved", NULL, &is_done,
			    err);
			is_any = is_any || is_done;
		}
	}
	if (st == ST_OK && (st = communication_get(d->s, id, &c, err)) == ST_OK &&
	    strcmp(c.state, "approved") != 0)
		st = err_set(err, ST_INTERNAL, "communication %lld is %s after "
		    "every demo approver's turn", id, c.state);
	communication_clear(&c);
	return st;
}

/* The sender's turn: every message due (what publishing queued) is
 * delivered, as a sender that met no failure would record it. */
static enum status
send_queued(struct demo *d, struct err *err)
{
	struct rowlist l;
	enum status st;
	size_t i;

	if ((st = outbox_lease(d->s->db, "system", "demo-sender", 60, 100, &l,
	    err)) != ST_OK)
		return st;
	for (i = 0; st == ST_OK && i < l.count; i++) {
		struct outbox_row *o = rowlist_at(&l, i);
		char ref[64];

		snprintf(ref, sizeof ref, "<%s@brightwater.example>", o->idempotency_key);
		st = outbox_mark_delivered(d->s->db, "system", o->id, "demo-sender",
		    ref, err);
	}
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
	return st;
}

/* Queue COMM for one more target by hand, and leave it waiting. */
static enum status
queue(struct demo *d, long long comm, long long channel, const char *target,
    const char *payload, struct err *err)
{
	struct outbox_new in = { .channel_id = channel, .communication_id = comm,
	    .target = target, .payload = payload };
	char key[128];

	snprintf(key, sizeof key, "demo:%lld:%lld:%s", comm, channel, target);
	in.idempotency_key = key;
	return outbox_enqueue(d->s, &in, NULL, err);
}

#define N_ANSWERS (sizeof demo_incidents[0].comms[0].answers / \
	sizeof demo_incidents[0].comms[0].answers[0])

/* Answer C's fields on communication ID as its author S would: each
 * checked as the playbook says, over what the field holds now (an update
 * changes answers that exist; a start fills new ones). */
static enum status
answer_all(struct session *s, const struct demo_comm *c, long long id,
    struct err *err)
{
	struct comm_doc doc = { 0 };
	const struct answer *a;
	enum status st;
	size_t i;

	if ((st = comm_open(s, id, &doc, err)) != ST_OK)
		return st;
	for (i = 0; st == ST_OK && i < N_ANSWERS && c->answers[i].field !=
	    NULL; i++) {
		a = comm_answer_row(&doc, c->answers[i].field);
		st = comm_set_answer(s, &doc, c->answers[i].field,
		    c->answers[i].value, a != NULL ? a->version : 0, NULL, NULL,
		    err);
		if (st != ST_OK)
			err_prefix(err, "%s", c->answers[i].field);
	}
	comm_doc_clear(&doc);
	return st;
}

/* Tick every item of the checklists before D's first gate, and mark each
 * step before it done, as the author does before sending it for review. */
static enum status
finish_steps(struct session *s, long long id, struct err *err)
{
	struct comm_doc doc = { 0 };
	const struct pb_step *step;
	char *items;
	size_t i, j, len;
	enum status st;

	if ((st = comm_open(s, id, &doc, err)) != ST_OK)
		return st;
	for (i = 0; st == ST_OK && i < doc.pb->n_steps; i++) {
		step = &doc.pb->steps[i];
		if (!playbook_step_in_variant(step, doc.variant->id))
			continue;
		if (step->kind == PB_STEP_GATE || step->kind == PB_STEP_PUBLISH)
			break;
		if (step->kind == PB_STEP_CHECKLIST && step->n_fields == 1) {
			len = 1;
			for (j = 0; j < step->fields[0].n_options; j++)
				len += strlen(step->fields[0].options[j].value) + 1;
			items = xcalloc(1, len);
			for (j = 0; j < step->fields[0].n_options; j++) {
				if (j > 0)
					strcat(items, "\n");
				strcat(items, step->fields[0].options[j].value);
			}
			if ((st = comm_reload(s, &doc, err)) == ST_OK)
				st = comm_set_answer(s, &doc, step->id, items,
				    comm_answer_row(&doc, step->id) != NULL ?
				    comm_answer_row(&doc, step->id)->version : 0,
				    NULL, NULL, err);
			free(items);
		}
		if (st == ST_OK)
			st = comm_step_done(s, &doc, step->id, NULL, err);
		if (st != ST_OK)
			err_prefix(err, "step %s", step->id);
	}
	comm_doc_clear(&doc);
	return st;
}

/* Finish the steps of draft ID and send it for review, as LOGIN. */
static enum status
submit(struct demo *d, const char *login, long long id, struct err *err)
{
	struct comm_doc doc = { 0 };
	struct session *s;
	enum status st;

	if ((st = actor(d, login, &s, err)) != ST_OK ||
	    (st = finish_steps(s, id, err)) != ST_OK ||
	    (st = comm_open(s, id, &doc, err)) != ST_OK)
		return st;
	st = comm_submit(s, &doc, err);
	comm_doc_clear(&doc);
	return st;
}

/* Walk communication ID from draft to FINAL the way people would. */
static enum status
progress(struct demo *d, const struct demo_comm *c, long long id,
    struct err *err)
{
	static const char *const order[] = {
		"draft", "in-review", "approved", "published", "withdrawn", NULL,
	};
	enum status st = ST_OK;
	int final = 0, i;

	while (order[final] != NULL && strcmp(order[final], c->state) != 0)
		final++;
	for (i = 1; st == ST_OK && i <= final && order[i] != NULL; i++) {
		clock_set_fixed(clock_now() + HOUR);
		if (i == 1)
			st = submit(d, c->author, id, err);
		else if (i == 2)
			st = approve(d, id, err);
		else if (i == 3)
			st = publish(d, c->author, id, err);
		else
			st = move(d, c->author, id, order[i], err);
		/* The sender delivers what publishing queued. */
		if (st == ST_OK && i == 3)
			st = send_queued(d, err);
	}
	return st;
}

/* The variant of C's playbook that makes its kind of communication. */
static const char *
variant_of(const struct demo_comm *c)
{
	if (strcmp(c->playbook, "breach-notification") == 0)
		return strcmp(c->kind, "regulator-notification") == 0 ?
		    "regulator" : "customers";
	if (strcmp(c->playbook, "post-incident-report") == 0)
		return strcmp(c->kind, "pir-external") == 0 ? "external" :
		    "internal";
	return NULL;
}

/* Start C from its shipped playbook about INCIDENT (or, for an end-of-life
 * notice, the cycle "slug cycle" CYCLE) and walk it to its final state. */
static enum status
add_comm(struct demo *d, const struct demo_comm *c, const char *incident,
    const char *cycle, long long *idp, struct err *err)
{
	struct comm_start in = { .incident = incident, .cycle = cycle,
	    .playbook = c->playbook, .variant = variant_of(c),
	    .title = c->title };
	struct session *s;
	long long id = 0;
	size_t n = 0;
	enum status st;

	if ((st = actor(d, c->author, &s, err)) != ST_OK ||
	    (st = comm_start(s, &in, &id, 1, &n, err)) != ST_OK)
		goto done;
	st = answer_all(s, c, id, err);
	if (st == ST_OK)
		st = progress(d, c, id, err);
done:
	if (st != ST_OK)
		err_prefix(err, "%s", c->title);
	else if (idp != NULL)
		*idp = id;
	return st;
}

/* An update of published communication ID (C: its reason as the title,
 * the answers that change), walked to publication again. */
static enum status
update_comm(struct demo *d, const struct demo_comm *c, long long id,
    struct err *err)
{
	struct comm_doc doc = { 0 };
	struct session *s;
	enum status st;

	if ((st = actor(d, c->author, &s, err)) != ST_OK ||
	    (st = comm_open(s, id, &doc, err)) != ST_OK)
		goto done;
	if ((st = comm_update(s, &doc, c->title, err)) == ST_OK &&
	    (st = answer_all(s, c, id, err)) == ST_OK)
		st = progress(d, c, id, err);
done:
	comm_doc_clear(&doc);
	if (st != ST_OK)
		err_prefix(err, "%s", c->title);
	return st;
}

/* Need to know: the one who opened incident ID under embargo (S) names
 * the team on it, the other authors and the approvers who sign off what
 * is said about it. Others (a login herald does not know) see nothing. */
static enum status
name_team(struct session *s, long long id, struct err *err)
{
	const struct demo_user *u;
	enum status st = ST_OK;
	size_t i;

	for (u = demo_users; st == ST_OK && u->login != NULL; u++)
		for (i = 0; st == ST_OK && u->roles[i] != NULL; i++)
			if (strcmp(u->login, s->login) != 0 &&
			    (strcmp(u->roles[i], "author") == 0 ||
			    strncmp(u->roles[i], "approver:", 9) == 0)) {
				st = incident_access_add(s, id, u->login, err);
				break;
			}
	return st;
}

static enum status
add_incident(struct demo *d, const struct demo_incident *di, struct err *err)
{
	char aware[CLOCK_BUFSZ], disc[CLOCK_BUFSZ], emb[CLOCK_BUFSZ];
	struct incident_new in = { .title = di->title, .summary = di->summary,
	    .trigger_kind = di->trigger, .severity = di->severity,
	    .cvss_vector = di->cvss, .is_drill = di->is_drill };
	long long advisory = 0;
	struct product p = { 0 };
	struct cycle cy = { 0 };
	struct incident inc = { 0 };
	struct session *s;
	enum status st;
	size_t i;

	clock_format(d->now - (time_t)di->aware_hours * HOUR, aware);
	clock_format(d->now - (time_t)di->discovered_hours * HOUR, disc);
	in.aware_at = aware;
	in.discovered_at = disc;
	if (di->embargo_days != DEMO_NONE) {
		clock_format(clock_add_days(d->now, di->embargo_days), emb);
		in.embargo_until = emb;
	}
	at_hours(d, di->aware_hours - 0.5);
	if ((st = actor(d, di->author, &s, err)) != ST_OK ||
	    (st = incident_create(s, &in, &inc, err)) != ST_OK ||
	    (in.embargo_until != NULL && (st = name_team(s, inc.id, err)) !=
	    ST_OK))
		goto done;
	for (i = 0; st == ST_OK && i < 3 && di->affected[i].product != NULL; i++) {
		const struct demo_affected *a = &di->affected[i];
		struct affected_new an = { .incident_id = inc.id,
		    .version_range = a->range, .status = a->status,
		    .justification = a->justification, .ecosystem = a->ecosystem,
		    .package = a->package };

		if ((st = product_get_by_slug(s, a->product, &p, err)) != ST_OK ||
		    (st = cycle_find(s, a->product, a->cycle, &cy, err)) != ST_OK)
			break;
		an.product_id = p.id;
		an.cycle_id = cy.id;
		st = affected_add(s, &an, NULL, err);
		product_clear(&p);
		cycle_clear(&cy);
	}
	for (i = 0; st == ST_OK && i < 6 && di->comms[i].kind != NULL; i++) {
		long long comm = 0;

		at_hours(d, di->aware_hours - 1.0 - (double)i * 0.25);
		/* An update is a new revision of the advisory before it. */
		if (strcmp(di->comms[i].kind, "advisory-update") == 0) {
			st = update_comm(d, &di->comms[i], advisory, err);
			continue;
		}
		st = add_comm(d, &di->comms[i], inc.ref, NULL, &comm,
		    err);
		if (strcmp(di->comms[i].kind, "advisory") == 0)
			advisory = comm;
		if (di == &demo_incidents[0] &&
		    strcmp(di->comms[i].kind, "customer-notice") == 0)
			d->rce_notice = comm;
		if (di->is_drill &&
		    strcmp(di->comms[i].kind, "regulator-notification") == 0)
			d->drill_notice = comm;
	}
	d->incident_ids[di - demo_incidents] = inc.id;
done:
	if (st != ST_OK)
		err_prefix(err, "demo incident \"%s\"", di->title);
	incident_clear(&inc);
	product_clear(&p);
	cycle_clear(&cy);
	return st;
}

static enum status
add_eol_notice(struct demo *d, const struct demo_product *p,
    const struct demo_cycle *c, struct err *err)
{
	char title[160], body[400], when[CLOCK_BUFSZ], label[96], rows[160];
	char eol[32];
	struct demo_comm dc = { .kind = "eol-notice", .audience = "customers",
	    .playbook = "eol-notice", .state = "published", .author = p->owner };
	struct session *s;
	struct cycle cy = { 0 };
	enum status st;

	if (strcmp(p->owner, "alice") != 0 && strcmp(p->owner, "bilal") != 0 &&
	    strcmp(p->owner, "ines") != 0)
		dc.author = "alice";    /* owners who do not draft ask an author */
	snprintf(title, sizeof title, "%s %s reaches end of life", p->name, c->cycle);
	snprintf(body, sizeof body, "%s %s stops receiving security fixes on "
	    "the date below. %s", p->name, c->cycle, c->post_eol);
	dc.title = title;
	dc.answers[0].field = "summary";
	dc.answers[0].value = body;
	at_hours(d, -(double)c->notice_sent * 24);
	if ((st = actor(d, dc.author, &s, err)) != ST_OK ||
	    (st = cycle_find(s, p->slug, c->cycle, &cy, err)) != ST_OK)
		return st;
	snprintf(rows, sizeof rows, "[{\"product\":\"%s\",\"cycle\":\"%s\","
	    "\"status\":\"known_affected\"}]", p->slug, c->cycle);
	snprintf(eol, sizeof eol, "%s 00:00 UTC", cy.eol != NULL ? cy.eol : "");
	dc.answers[1] = (struct demo_answer){ "title", title };
	dc.answers[2] = (struct demo_answer){ "products", rows };
	dc.answers[3] = (struct demo_answer){ "eol-date", eol };
	dc.answers[4] = (struct demo_answer){ "options", "upgrade" };
	dc.answers[5] = (struct demo_answer){ "upgrade-path", c->post_eol };
	dc.answers[6] = (struct demo_answer){ "contact", "Your account "
	    "manager, or support@brightwater.example" };
	snprintf(label, sizeof label, "%s %s", p->slug, c->cycle);
	if ((st = add_comm(d, &dc, NULL, label, NULL, err)) == ST_OK) {
		clock_now_str(when);
		st = cycle_mark_eol_notice_sent(d->s, cy.id, when, err);
	}
	cycle_clear(&cy);
	return st;
}

/* Move demo incident I to its final state, as its author. */
static enum status
close_incident(struct demo *d, int i, struct err *err)
{
	const struct demo_incident *di = &demo_incidents[i];
	struct incident inc = { 0 };
	struct session *s;
	char ref[32];
	enum status st;

	snprintf(ref, sizeof ref, "%lld", d->incident_ids[i]);
	if ((st = actor(d, di->author, &s, err)) != ST_OK ||
	    (st = incident_get(s, ref, &inc, err)) != ST_OK)
		return st;
	st = incident_set_state(s, inc.id, inc.version, di->state, err);
	incident_clear(&inc);
	return st;
}

/*
 * The tabletop drill: recorded on its drill incident, its regulator
 * notification (drafted and approved already) published, so it goes to
 * the drill list alone, and delivered; then finished with what the team
 * found. The first finding says when the notice went, as it did.
 */
static enum status
run_drill(struct demo *d, int i, struct err *err)
{
	const struct demo_incident *di = &demo_incidents[i];
	struct incident inc = { 0 };
	struct session *s;
	char ref[32], *findings = NULL;
	long long drill, hours;
	time_t aware;
	enum status st;

	snprintf(ref, sizeof ref, "%lld", d->incident_ids[i]);
	if ((st = actor(d, di->author, &s, err)) != ST_OK ||
	    (st = drill_attach(s, d->incident_ids[i], "breach-notification",
	    NULL, NULL, &drill, err)) != ST_OK)
		goto end;
	clock_set_fixed(clock_now() + 1800);
	if (d->drill_notice != 0 &&
	    ((st = publish(d, di->author, d->drill_notice, err)) != ST_OK ||
	    (st = send_queued(d, err)) != ST_OK))
		goto end;
	if ((st = incident_get(s, ref, &inc, err)) != ST_OK)
		goto end;
	if (clock_parse(inc.aware_at, &aware, NULL) != ST_OK)
		aware = clock_now();
	hours = (long long)(clock_now() - aware) / HOUR;
	findings = xasprintf("Regulator notification sent to the drill list "
	    "%lld h after awareness, %s 72 h.\n"
	    "The DPO contact in the playbook was out of date: corrected.\n"
	    "Support had no script for callers: a support briefing now goes "
	    "with every breach.", hours, hours <= 72 ? "inside" : "beyond");
	clock_set_fixed(clock_now() + 4 * HOUR);
	st = drill_finish(s, drill, findings, err);
end:
	if (st != ST_OK)
		err_prefix(err, "the drill");
	free(findings);
	incident_clear(&inc);
	return st;
}

/* Report I comes in; its reporter stays out of the audit chain. */
static enum status
report_in(struct demo *d, int i, struct err *err)
{
	char t[CLOCK_BUFSZ];
	struct session *s;
	enum status st;

	clock_now_str(t);
	if ((st = actor(d, "alice", &s, err)) != ST_OK)
		return st;
	return report_receive(s, demo_reports[i].reporter,
	    demo_reports[i].summary, t, &d->report_ids[i], err);
}

/* Report I acknowledged (IS_TRIAGE false) or triaged, now. */
static enum status
report_step(struct demo *d, int i, bool is_triage, struct err *err)
{
	struct session *s;
	enum status st;

	if ((st = actor(d, "alice", &s, err)) != ST_OK)
		return st;
	return is_triage ? report_triage(s, d->report_ids[i], NULL, err) :
	    report_acknowledge(s, d->report_ids[i], NULL, err);
}

/* The first report, linked once the incident it became was opened. */
static enum status
link_report(struct demo *d, struct err *err)
{
	struct session *s;
	enum status st;

	if ((st = actor(d, "alice", &s, err)) != ST_OK)
		return st;
	return report_link_incident(s, d->report_ids[0], d->incident_ids[0], err);
}

static enum status
manual_call(struct demo *d, struct err *err)
{
	char when[CLOCK_BUFSZ];
	struct manual_delivery_new md = { .communication_id = d->rce_notice,
	    .means = "phone", .target = "Kestrel Bank CERT duty officer",
	    .reference = "KB-INC-88213",
	    .evidence = "call note in the support CRM" };

	clock_now_str(when);
	md.delivered_at = when;
	return manual_delivery_record(d->s, &md, NULL, err);
}

/* The SRO names who answers for each policy and playbook. */
static enum status
name_owners(struct demo *d, struct err *err)
{
	struct session *s;
	enum status st;
	size_t i;

	if ((st = actor(d, "olivia", &s, err)) != ST_OK)
		return st;
	for (i = 0; st == ST_OK && demo_owners[i][0] != NULL; i++)
		st = owner_set(s, demo_owners[i][0], demo_owners[i][1],
		    demo_owners[i][2], err);
	return st;
}

/* The admin writes the trust page's content, section by section. */
static enum status
write_trust(struct demo *d, struct err *err)
{
	const struct demo_trust *t;
	struct session *s;
	char *until;
	enum status st;

	if ((st = actor(d, "ines", &s, err)) != ST_OK)
		return st;
	for (t = demo_trust; st == ST_OK && t->section != NULL; t++) {
		date_in(d, t->valid_days, &until);
		st = trust_add(s, t->section, &(struct trust_fields){
		    .title = t->title, .body = t->body, .extra = t->extra,
		    .valid_until = until }, NULL, err);
		if (st != ST_OK)
			err_prefix(err, "trust page \"%s\"", t->title);
		free(until);
	}
	return st;
}

/* The index of the demo incident titled TITLE, or -1. */
static int
incident_index(const char *title)
{
	int i;

	for (i = 0; demo_incidents[i].title != NULL; i++)
		if (strcmp(demo_incidents[i].title, title) == 0)
			return i;
	return -1;
}

/* An hour offset as an RFC 3339 time into OUT, or NULL for none. */
static const char *
hours_at(const struct demo *d, double hours, char out[CLOCK_BUFSZ])
{
	if (hours == DEMO_NONE)
		return NULL;
	clock_format(d->now - (time_t)(hours * HOUR), out);
	return out;
}

/* Breach I into the register, as its author would record it: from its
 * incident's notifications, or typed in with the incident's times. */
static enum status
record_breach(struct demo *d, int i, struct err *err)
{
	const struct demo_breach *db = &demo_breaches[i];
	struct breach b = { 0 };
	struct incident inc = { 0 };
	struct breach_fields f = { 0 };
	struct session *s;
	char ref[32], occurred[CLOCK_BUFSZ];
	int k = incident_index(db->incident);
	enum status st;

	if (k < 0)
		return err_set(err, ST_INTERNAL, "no demo incident \"%s\"",
		    db->incident);
	snprintf(ref, sizeof ref, "%lld", d->incident_ids[k]);
	if ((st = actor(d, db->author, &s, err)) != ST_OK ||
	    (st = incident_get(s, ref, &inc, err)) != ST_OK)
		goto end;
	if (db->is_prefilled && (st = breach_prefill(s, inc.ref, &b, err)) !=
	    ST_OK)
		goto end;
	f.incident = inc.ref;
	f.title = inc.title;
	f.occurred_at = hours_at(d, db->occurred, occurred);
	f.discovered_at = inc.discovered_at;
	f.aware_at = inc.aware_at;
	f.facts = db->is_prefilled ? b.facts : db->facts;
	f.effects = db->is_prefilled ? b.effects : db->effects;
	f.remedial_action = db->is_prefilled ? b.remedial_action : db->remedial;
	f.data_categories = db->is_prefilled ? b.data_categories :
	    db->categories;
	f.people_count = db->is_prefilled ? b.people_count : db->people;
	f.records_count = db->is_prefilled ? b.records_count : db->records;
	f.risk = db->risk;
	f.regulator_notified = db->regulator;
	f.reason_not_notified = db->reason;
	st = breach_record(s, &f, NULL, err);
end:
	if (st != ST_OK)
		err_prefix(err, "breach \"%s\"", db->incident);
	breach_clear(&b);
	incident_clear(&inc);
	return st;
}

/* The SRO's quarterly evaluation: the questions walked, a few
 * commented on, signed off. */
static enum status
evaluate(struct demo *d, struct err *err)
{
	const struct demo_comment *c;
	struct session *s;
	long long id;
	enum status st;

	if ((st = actor(d, "olivia", &s, err)) != ST_OK ||
	    (st = evaluation_start(s, &id, err)) != ST_OK)
		return st;
	for (c = demo_comments; st == ST_OK && c->question != NULL; c++) {
		clock_set_fixed(clock_now() + 300);
		st = evaluation_comment(s, id, c->question, c->comment, err);
	}
	clock_set_fixed(clock_now() + 600);
	if (st == ST_OK)
		st = evaluation_sign(s, id, demo_evaluation_summary, clock_now(),
		    err);
	if (st != ST_OK)
		err_prefix(err, "the evaluation");
	return st;
}

char *
demo_site_dir(const char *db_path)
{
	size_t n = strlen(db_path);

	if (n > 3 && strcmp(db_path + n - 3, ".db") == 0)
		n -= 3;
	return xasprintf("%.*s-site", (int)n, db_path);
}

/* The admin publishes everything: the site, the lifecycle, security.txt
 * and the disclosure policy, the feeds, the trust page and the
 * procedure, into the directory beside the database. */
static enum status
publish_site(struct demo *d, struct err *err)
{
	struct session *s;
	char *dir = demo_site_dir(db_path(d->s->db));
	enum status st;

	if ((st = actor(d, "ines", &s, err)) == ST_OK &&
	    (st = export_run(s, "all", dir, NULL, NULL, err)) != ST_OK)
		err_prefix(err, "exporting the demo's pages to %s", dir);
	free(dir);
	return st;
}

/* A new latest version of one cycle, after the last export. */
static enum status
release(struct demo *d, struct err *err)
{
	struct cycle cy = { 0 };
	struct session *s;
	enum status st;

	if ((st = actor(d, "ines", &s, err)) != ST_OK ||
	    (st = cycle_find(s, demo_release[0], demo_release[1], &cy, err)) !=
	    ST_OK)
		return st;
	free(cy.latest_version);
	cy.latest_version = xstrdup(demo_release[2]);
	st = cycle_update(s, &cy, err);
	cycle_clear(&cy);
	return st;
}

/*
 * Everything after the set-up happens on one timeline, oldest first, so
 * the audit chain's times only ever move forward. Each event finishes
 * within a few hours, well before the next one.
 */
enum event_kind {
	EV_INCIDENT, EV_STATE, EV_DRILL, EV_EOL_NOTICE, EV_REPORT,
	EV_REPORT_ACK, EV_REPORT_TRIAGE, EV_LINK_RCE, EV_CALL, EV_PENDING,
	EV_OWNERS, EV_TRUST, EV_BREACH, EV_EVALUATION, EV_EXPORT, EV_RELEASE,
};

struct event {
	double          hours_ago;
	enum event_kind kind;
	int             a, b;            /* incident index, or product and cycle */
};

static int
by_time(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	return x->hours_ago < y->hours_ago ? 1 : x->hours_ago > y->hours_ago ? -1 : 0;
}

/* When, in hours before now, the people do what is not an incident. */
#define OWNERS_AT     2400           /* owners named, after the evaluation */
#define TRUST_AT       650           /* the trust page written */
#define EVALUATION_AT 2900           /* about four months ago */
#define EXPORT_AT        2           /* the site published */
#define RELEASE_AT       1           /* ... and a release after it */

static size_t
plan(struct event *ev)
{
	const struct demo_incident *di;
	const struct demo_report *r;
	const struct demo_cycle *c;
	size_t n = 0, i, j;

	for (i = 0; demo_incidents[i].title != NULL && n + 3 < DEMO_MAX; i++) {
		di = &demo_incidents[i];
		ev[n++] = (struct event){ di->aware_hours + 0.5, EV_INCIDENT, (int)i, 0 };
		/* A drill closes its incident when it finishes. */
		if (strcmp(di->state, "open") != 0 && !di->is_drill)
			ev[n++] = (struct event){ di->aware_hours / 2.0, EV_STATE,
			    (int)i, 0 };
		if (di->is_drill)
			ev[n++] = (struct event){ di->aware_hours - 8, EV_DRILL,
			    (int)i, 0 };
	}
	for (i = 0; demo_products[i].slug != NULL; i++)
		for (j = 0; (c = &demo_products[i].cycles[j])->cycle != NULL &&
		    n < DEMO_MAX; j++)
			if (c->notice_sent != DEMO_NONE)
				ev[n++] = (struct event){ -24.0 * c->notice_sent,
				    EV_EOL_NOTICE, (int)i, (int)j };
	for (i = 0; (r = &demo_reports[i])->summary != NULL && i < DEMO_ITEMS &&
	    n + 3 < DEMO_MAX; i++) {
		ev[n++] = (struct event){ r->received, EV_REPORT, (int)i, 0 };
		if (r->acknowledged != DEMO_NONE)
			ev[n++] = (struct event){ r->acknowledged, EV_REPORT_ACK,
			    (int)i, 0 };
		if (r->triaged != DEMO_NONE)
			ev[n++] = (struct event){ r->triaged, EV_REPORT_TRIAGE,
			    (int)i, 0 };
	}
	for (i = 0; demo_breaches[i].incident != NULL && n < DEMO_MAX; i++)
		ev[n++] = (struct event){ demo_breaches[i].recorded, EV_BREACH,
		    (int)i, 0 };
	/* The first incident began as the first report. */
	ev[n++] = (struct event){ demo_incidents[0].aware_hours - 10, EV_LINK_RCE, 0, 0 };
	ev[n++] = (struct event){ 900, EV_CALL, 0, 0 };
	ev[n++] = (struct event){ 0.5, EV_PENDING, 0, 0 };
	ev[n++] = (struct event){ EVALUATION_AT, EV_EVALUATION, 0, 0 };
	ev[n++] = (struct event){ OWNERS_AT, EV_OWNERS, 0, 0 };
	ev[n++] = (struct event){ TRUST_AT, EV_TRUST, 0, 0 };
	ev[n++] = (struct event){ EXPORT_AT, EV_EXPORT, 0, 0 };
	ev[n++] = (struct event){ RELEASE_AT, EV_RELEASE, 0, 0 };
	qsort(ev, n, sizeof ev[0], by_time);
	return n;
}

static enum status
happen(struct demo *d, const struct event *e, struct err *err)
{
	const struct demo_product *p = &demo_products[e->a];

	at_hours(d, e->hours_ago);
	switch (e->kind) {
	case EV_INCIDENT:
		return add_incident(d, &demo_incidents[e->a], err);
	case EV_STATE:
		return close_incident(d, e->a, err);
	case EV_DRILL:
		return run_drill(d, e->a, err);
	case EV_EOL_NOTICE:
		return add_eol_notice(d, p, &p->cycles[e->b], err);
	case EV_REPORT:
		return report_in(d, e->a, err);
	case EV_REPORT_ACK:
		return report_step(d, e->a, false, err);
	case EV_REPORT_TRIAGE:
		return report_step(d, e->a, true, err);
	case EV_LINK_RCE:
		return link_report(d, err);
	case EV_CALL:
		return manual_call(d, err);
	case EV_PENDING:
		return queue(d, d->rce_notice, d->customer_mail,
		    "ops@kestrel-bank.example",
		    "Action needed: upgrade Harbor Gateway 3.1\n", err);
	case EV_OWNERS:
		return name_owners(d, err);
	case EV_TRUST:
		return write_trust(d, err);
	case EV_BREACH:
		return record_breach(d, e->a, err);
	case EV_EVALUATION:
		return evaluate(d, err);
	case EV_EXPORT:
		return publish_site(d, err);
	case EV_RELEASE:
		return release(d, err);
	}
	return err_set(err, ST_INTERNAL, "unknown demo event");
}

time_t
demo_start_time(time_t now)
{
	return now - (time_t)DEMO_SETUP_DAYS * 86400;
}

/* Who publishes and where, and the templates, so the demo previews
 * and exports a whole site. */
static enum status
add_settings(struct demo *d, struct err *err)
{
	enum status st = ST_OK;
	size_t i;

	for (i = 0; st == ST_OK && demo_settings[i][0] != NULL; i++)
		st = setting_set(d->s, demo_settings[i][0], demo_settings[i][1],
		    err);
	if (st == ST_OK)
		st = template_import_all(d->s, NULL, err);
	return st;
}

enum status
demo_build(struct session *s, struct err *err)
{
	struct demo d = { .s = s, .now = clock_now(), .was_fixed = clock_fixed() };
	struct event ev[DEMO_MAX];
	size_t n, i;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	/* Just after the database was made (see demo_start_time()). */
	clock_set_fixed(demo_start_time(d.now) + 60);
	if ((st = add_settings(&d, err)) != ST_OK ||
	    (st = add_people(&d, err)) != ST_OK ||
	    (st = add_products(&d, err)) != ST_OK ||
	    (st = add_customers(&d, err)) != ST_OK ||
	    (st = add_audience(&d, err)) != ST_OK)
		goto done;
	n = plan(ev);
	for (i = 0; st == ST_OK && i < n; i++)
		st = happen(&d, &ev[i], err);
done:
	for (i = 0; i < (size_t)d.nactors; i++)
		session_close(&d.actors[i]);
	clock_set_fixed(d.was_fixed);
	if (st != ST_OK)
		err_prefix(err, "building the demo");
	return st;
}
