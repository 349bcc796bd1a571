/* core/due.c - herald check: finds what falls due (end-of-life notices,
 * clocks, security.txt's expiry, messages that failed for good) and acts
 * on it once, however often cron runs it. */
#include "config.h"

#include "core/due.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/audit.h"
#include "core/channel.h"
#include "core/communication.h"
#include "core/customer.h"
#include "core/outbox.h"
#include "core/product.h"
#include "core/settings.h"
#include "core/workflow.h"
#include "storage/q_user.h"
#include "util/xalloc.h"

#define DAY 86400

/* What one run knows while it works. */
struct ctx {
	struct session         *s;
	const struct due_opts  *o;
	struct due_report      *r;
	const char             *actor;     /* audit actor; NULL = "system" */
	time_t                  now;
	struct rowlist          tickets;   /* struct channel: enabled jira and
	                                    * servicenow, by name */
	struct channel          alert;     /* check.alert-channel; id 0: none */
	char                    alert_why[256]; /* why there is no alert */
	enum status             alert_st;  /* ST_OK, or an error: misconfigured */
};

static void
due_eol_clear(struct due_eol *e)
{
	free(e->product_slug);
	free(e->product_name);
	free(e->cycle);
}

void
due_report_clear(struct due_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	rowlist_free(&r->eol, (row_clear_fn)due_eol_clear);
	rowlist_free(&r->clocks, (row_clear_fn)deadline_clear);
	for (i = 0; i < r->sectxt.count; i++)
		free(((struct due_sectxt *)rowlist_at(&r->sectxt, i))->path);
	rowlist_free(&r->sectxt, NULL);
	for (i = 0; i < r->failures.count; i++)
		check_failure_clear(&((struct due_failure *)
		    rowlist_at(&r->failures, i))->f);
	rowlist_free(&r->failures, NULL);
	memset(r, 0, sizeof *r);
}

bool
due_clock_is_near(const struct deadline *d, time_t now, int hours)
{
	time_t due;

	if (d->due_at[0] == '\0' || d->stopped_at[0] != '\0' ||
	    clock_parse(d->due_at, &due, NULL) != ST_OK)
		return false;
	return due - now <= (time_t)hours * 3600;
}

const char *
due_sectxt_state_name(enum due_sectxt_state st)
{
	static const char *const names[] = { "ok", "expiring", "expired",
	    "invalid", "missing" };

	return (size_t)st < sizeof names / sizeof names[0] ? names[st] : "?";
}

/* Note ST (with ERR's words) as a failed action of the run. */
static void
note_error(struct due_report *r, enum status st, const struct err *err,
    enum status *item_st, char *msg, size_t n)
{
	*item_st = st;
	snprintf(msg, n, "%s", err->msg[0] != '\0' ? err->msg : status_str(st));
	r->n_errors++;
	if (r->first_error == ST_OK)
		r->first_error = st;
}

/* A JSON value as compact text with sorted keys; consumes J. */
static char *
json_text(json_t *j)
{
	char *t;

	if (j == NULL || (t = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS)) ==
	    NULL)
		die("out of memory");
	json_decref(j);
	return t;
}

/* The text of KEY in J (a channel's settings), or DEF; borrowed. */
static const char *
channel_setting(json_t *j, const char *key, const char *def)
{
	const char *v = json_string_value(json_object_get(j, key));

	return v != NULL && *v != '\0' ? v : def;
}

/* Where a ticket of channel CH (settings SET) goes: the Jira project or
 * the ServiceNow table. */
static const char *
ticket_target(const struct channel *ch, json_t *set)
{
	if (strcmp(ch->kind, "jira") == 0)
		return channel_setting(set, "project", ch->name);
	return channel_setting(set, "table", "incident");
}

/* Queue PAYLOAD (consumed) to TARGET through CH (see
 * outbox_enqueue_in_tx()) for PURPOSE about CUSTOMER_ID, with the audit row
 * that says herald check did it, about ABOUT:ABOUT_ID. A key queued before
 * is not queued again: *IS_NEW says whether this one was (or, in a dry
 * run, would be). */
static enum status
enqueue(struct ctx *x, const struct channel *ch, const char *target,
    char *payload, const char *key, const char *purpose,
    long long customer_id, const char *about, long long about_id,
    bool *is_new, struct err *err)
{
	struct outbox_new in = { .channel_id = ch->id, .target = target,
	    .payload = payload, .idempotency_key = key, .purpose = purpose,
	    .customer_id = customer_id };
	long long id = 0;
	bool exists = false;
	enum status st;

	*is_new = false;
	if ((st = q_check_outbox_has_key(x->s->db, key, &exists, err)) != ST_OK ||
	    exists)
		goto end;
	*is_new = true;
	if (x->o->is_dry_run)
		goto end;
	if ((st = outbox_enqueue_in_tx(x->s->db, x->actor, &in, &id, err)) ==
	    ST_EXISTS) {
		err_clear(err);
		*is_new = false;
		st = ST_OK;
		goto end;
	}
	if (st != ST_OK)
		goto end;
	st = audit_record(x->s->db, x->actor, strcmp(purpose, "alert") == 0 ?
	    "check.alert" : "check.ticket", "outbox", id, err,
	    "{s:s, s:I, s:I, s:I}", "about", about, "id", (json_int_t)about_id,
	    "channel", (json_int_t)ch->id, "customer", (json_int_t)customer_id);
end:
	free(payload);
	return st;
}

/* ---- end of life ----------------------------------------------------- */

/* Whole days from the start of today (UTC) to date D; false when D does
 * not read. */
static bool
days_until(time_t now, const char *d, int *days)
{
	time_t t;

	if (d == NULL || clock_parse(d, &t, NULL) != ST_OK)
		return false;
	*days = (int)((t - (now - now % DAY)) / DAY);
	return true;
}

const char *
due_days_words(int days, char *buf, size_t n)
{
	if (days == 0)
		snprintf(buf, n, "today");
	else if (days > 0)
		snprintf(buf, n, "in %d day%s", days, days == 1 ? "" : "s");
	else
		snprintf(buf, n, "%d day%s ago", -days, days == -1 ? "" : "s");
	return buf;
}

/* The cycle's notice: the newest that was not withdrawn (as the products
 * screen shows it). */
static enum status
find_notice(struct ctx *x, struct due_eol *e, struct err *err)
{
	const struct communication *cm, *best = NULL;
	struct rowlist l;
	enum status st;
	size_t i;

	st = communication_list_for_cycle(x->s, e->cycle_id, &l, err);
	for (i = 0; st == ST_OK && i < l.count; i++) {
		cm = rowlist_at(&l, i);
		if (strcmp(cm->kind, "eol-notice") == 0 &&
		    strcmp(cm->state, "withdrawn") != 0)
			best = cm;
	}
	if (best != NULL) {
		e->notice_id = best->id;
		snprintf(e->notice_state, sizeof e->notice_state, "%s",
		    best->state);
	}
	rowlist_free(&l, (row_clear_fn)communication_clear);
	return st;
}

/* Add a line (FMT) to E's notes. */
static void __attribute__((format(printf, 2, 3)))
add_note(struct due_eol *e, const char *fmt, ...)
{
	size_t used = strlen(e->note);
	va_list ap;

	if (used > 0 && used + 1 < sizeof e->note)
		e->note[used++] = '\n';
	va_start(ap, fmt);
	vsnprintf(e->note + used, sizeof e->note - used, fmt, ap);
	va_end(ap);
}

/* SUBJECT of cycle E's check actions: a moved EOL date is a new round. */
static void
eol_subject(const struct due_eol *e, char *buf, size_t n)
{
	snprintf(buf, n, "cycle:%lld:%s", e->cycle_id, e->eol);
}

/* Start E's notice unless one is under way or check started one before. */
static enum status
eol_start(struct ctx *x, struct due_eol *e, struct err *err)
{
	struct check_action a = { 0 };
	struct comm_start in = { .playbook = "eol-notice" };
	char subject[96], label[256], now[CLOCK_BUFSZ], *detail = NULL;
	long long id = 0;
	size_t n = 0;
	enum status st;

	eol_subject(e, subject, sizeof subject);
	st = q_check_action_get(x->s->db, "eol-notice", subject, &a, err);
	if (st == ST_OK)
		snprintf(e->started_at, sizeof e->started_at, "%s", a.done_at);
	if (st != ST_NOTFOUND)
		goto end;
	st = ST_OK;
	if (e->notice_id != 0)
		goto end;           /* someone started one */
	e->is_started = true;
	if (x->o->is_dry_run) {
		/* Say now what the real run would run into. */
		if (session_require_role(x->s, "author", "admin", err) != ST_OK) {
			add_note(e, "%s", err->msg);
			err_clear(err);
		}
		goto end;
	}
	snprintf(label, sizeof label, "%s %s", e->product_slug, e->cycle);
	in.cycle = label;
	if ((st = comm_start(x->s, &in, &id, 1, &n, err)) != ST_OK)
		goto end;
	if (n != 1) {
		st = err_set(err, ST_INTERNAL, "the eol-notice playbook started "
		    "%zu communications for %s", n, label);
		goto end;
	}
	e->notice_id = id;
	snprintf(e->notice_state, sizeof e->notice_state, "draft");
	clock_now_str(now);
	detail = audit_detail("{s:I}", "communication", (json_int_t)id);
	a = (struct check_action){ .kind = xstrdup("eol-notice"),
	    .subject = xstrdup(subject), .done_at = xstrdup(now),
	    .detail = detail };
	if ((st = q_check_action_insert(x->s->db, &a, err)) != ST_OK)
		goto end;
	st = audit_record(x->s->db, x->actor, "check.eol-notice", "cycle",
	    e->cycle_id, err, "{s:I, s:s}", "communication", (json_int_t)id,
	    "eol", e->eol);
end:
	check_action_clear(&a);
	return st;
}

/* What a ticket about cycle E (for customer C, or none known) says. */
static char *
eol_ticket(const struct due_eol *e, const struct cycle *cy,
    const struct customer *c)
{
	char when[32], notice[64] = "none yet", *summary, *text;
	json_t *j;

	due_days_words(e->days_left, when, sizeof when);
	summary = xasprintf("End of life: %s %s on %s%s%s", e->product_name,
	    e->cycle, e->eol, c != NULL ? " - " : "",
	    c != NULL && c->name != NULL ? c->name : "");
	if (e->notice_id != 0)
		snprintf(notice, sizeof notice, "herald communication #%lld",
		    e->notice_id);
	text = xasprintf("%s %s reaches its end of life on %s (%s): no "
	    "support and no security fixes after that day.\n\n%s\n\n"
	    "End-of-life notice: %s.\n%s%s%sRaised by herald check.",
	    e->product_name, e->cycle, e->eol, when, c != NULL ?
	    "This customer runs it: plan their upgrade." :
	    "No deployment of it is recorded: find out who runs it.",
	    notice,
	    cy->post_eol_options != NULL && *cy->post_eol_options != '\0' ?
	    "After end of life: " : "", cy->post_eol_options != NULL ?
	    cy->post_eol_options : "", cy->post_eol_options != NULL &&
	    *cy->post_eol_options != '\0' ? "\n" : "");
	j = json_pack("{s:s, s:s, s:[s, s, s]}", "summary", summary,
	    "description", text, "labels", "herald", "end-of-life",
	    e->product_slug);
	free(summary);
	free(text);
	return json_text(j);
}

/* Queue the tickets of cycle E still missing: one per ticket channel and
 * customer running it, or one per channel when nobody is known to. */
static enum status
eol_tickets(struct ctx *x, struct due_eol *e, const struct cycle *cy,
    const struct rowlist *cust, struct err *err)
{
	const struct customer *c;
	const struct channel *ch;
	json_t *set;
	char key[128];
	size_t i, k, n = cust->count > 0 ? cust->count : 1;
	bool is_new;
	enum status st = ST_OK;

	for (i = 0; st == ST_OK && i < x->tickets.count; i++) {
		ch = rowlist_at(&x->tickets, i);
		set = json_loads(ch->settings != NULL ? ch->settings : "{}", 0,
		    NULL);
		for (k = 0; st == ST_OK && k < n; k++) {
			c = cust->count > 0 ? rowlist_at(cust, k) : NULL;
			snprintf(key, sizeof key, "eol-ticket-cy%lld-cu%lld-ch%lld",
			    e->cycle_id, c != NULL ? c->id : 0LL, ch->id);
			st = enqueue(x, ch, ticket_target(ch, set),
			    eol_ticket(e, cy, c), key, "ticket",
			    c != NULL ? c->id : 0, "cycle", e->cycle_id, &is_new,
			    err);
			if (st == ST_OK && is_new)
				e->n_tickets++;
		}
		json_decref(set);
	}
	return st;
}

/* The alert's words about cycle E. */
static char *
eol_alert_text(const struct due_eol *e)
{
	char when[32], notice[128] = "No end-of-life notice yet.";

	due_days_words(e->days_left, when, sizeof when);
	if (e->notice_id != 0)
		snprintf(notice, sizeof notice, "End-of-life notice: herald "
		    "communication #%lld (%s%s).", e->notice_id, e->notice_state,
		    e->is_started ? ", started by herald check" : "");
	return xasprintf("%s %s reaches its end of life on %s (%s) and its "
	    "end-of-life notice has not gone out.\n\n%s\n"
	    "Customers known to run it: %zu.\n\nherald check",
	    e->product_name, e->cycle, e->eol, when, notice, e->n_customers);
}

/* The owners of cycle CY's product (and of the cycle) with an address. */
static enum status
owners(struct ctx *x, const struct cycle *cy, long long product_owner,
    struct rowlist *out, struct err *err)
{
	long long ids[2] = { product_owner, cy->owner_id };
	struct user *u;
	enum status st = ST_OK;
	size_t i;

	rowlist_init(out, sizeof(struct user));
	for (i = 0; i < 2 && st == ST_OK; i++) {
		if (ids[i] == 0 || (i == 1 && ids[1] == ids[0]))
			continue;
		u = rowlist_push(out);
		if ((st = q_user_by_id(x->s->db, ids[i], u, err)) == ST_NOTFOUND) {
			err_clear(err);
			st = ST_OK;
		}
		if (st == ST_OK && (u->email == NULL || *u->email == '\0' ||
		    u->erased_at != NULL)) {
			user_clear(u);
			out->count--;
		}
	}
	return st;
}

/* Alert the owners of cycle E once, through check.alert-channel. */
static enum status
eol_alert(struct ctx *x, struct due_eol *e, const struct cycle *cy,
    long long product_owner, struct err *err)
{
	struct check_action a = { 0 };
	struct rowlist who = { 0 };
	const struct user *u;
	char subject[96], key[160], ymd[9], now[CLOCK_BUFSZ], *text = NULL;
	char *title = NULL;
	json_t *set = NULL, *ids = NULL;
	bool is_new;
	size_t i;
	enum status st;

	rowlist_init(&who, sizeof(struct user));
	eol_subject(e, subject, sizeof subject);
	st = q_check_action_get(x->s->db, "eol-alert", subject, &a, err);
	if (st == ST_OK)
		snprintf(e->alerted_at, sizeof e->alerted_at, "%s", a.done_at);
	if (st != ST_NOTFOUND)
		goto end;
	st = ST_OK;
	if (x->alert.id == 0) {
		add_note(e, "%s", x->alert_why);
		if (x->alert_st != ST_OK)
			st = err_set(err, x->alert_st, "%s", x->alert_why);
		goto end;
	}
	snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", e->eol, e->eol + 5,
	    e->eol + 8);
	text = eol_alert_text(e);
	title = xasprintf("End of life %s: %s %s (%s)", e->days_left < 0 ?
	    "passed" : "ahead", e->product_name, e->cycle, e->eol);
	ids = json_array();
	if (strcmp(x->alert.kind, "email") == 0) {
		if ((st = owners(x, cy, product_owner, &who, err)) != ST_OK)
			goto end;
		if (who.count == 0) {
			add_note(e, "not alerted: %s %s has "
			    "no owner with an e-mail address", e->product_slug,
			    e->cycle);
			goto end;
		}
		for (i = 0; st == ST_OK && i < who.count; i++) {
			u = rowlist_at(&who, i);
			snprintf(key, sizeof key, "eol-alert-cy%lld-%s-u%lld-ch%lld",
			    e->cycle_id, ymd, u->id, x->alert.id);
			st = enqueue(x, &x->alert, u->email, json_text(json_pack(
			    "{s:s, s:s, s:s}", "to", u->email, "subject", title,
			    "text", text)), key, "alert", 0, "cycle", e->cycle_id,
			    &is_new, err);
			if (st == ST_OK && is_new) {
				e->n_alerts++;
				json_array_append_new(ids, json_integer(u->id));
			}
		}
	} else {
		set = json_loads(x->alert.settings != NULL ? x->alert.settings :
		    "{}", 0, NULL);
		snprintf(key, sizeof key, "eol-alert-cy%lld-%s-ch%lld",
		    e->cycle_id, ymd, x->alert.id);
		st = enqueue(x, &x->alert, channel_setting(set, "url",
		    x->alert.name), json_text(json_pack("{s:{s:s, s:{s:s, s:s, "
		    "s:s, s:s, s:s, s:i, s:I, s:I}}}", "body", "text", title,
		    "herald", "event", "eol-due", "product", e->product_slug,
		    "product_name", e->product_name, "cycle", e->cycle, "eol",
		    e->eol, "days_left", e->days_left, "notice",
		    (json_int_t)e->notice_id, "customers",
		    (json_int_t)e->n_customers)), key, "alert", 0, "cycle",
		    e->cycle_id, &is_new, err);
		if (st == ST_OK && is_new)
			e->n_alerts++;
	}
	snprintf(e->alert_channel, sizeof e->alert_channel, "%s",
	    x->alert.name);
	if (st != ST_OK || x->o->is_dry_run)
		goto end;
	clock_now_str(now);
	check_action_clear(&a);
	a = (struct check_action){ .kind = xstrdup("eol-alert"),
	    .subject = xstrdup(subject), .done_at = xstrdup(now),
	    .detail = json_text(json_pack("{s:I, s:O, s:I}", "channel",
	    (json_int_t)x->alert.id, "owners", ids, "messages",
	    (json_int_t)e->n_alerts)) };
	if ((st = q_check_action_insert(x->s->db, &a, err)) == ST_OK)
		st = audit_record(x->s->db, x->actor, "check.eol-alert", "cycle",
		    e->cycle_id, err, "{s:I, s:I, s:s}", "channel",
		    (json_int_t)x->alert.id, "messages", (json_int_t)e->n_alerts,
		    "eol", e->eol);
end:
	json_decref(ids);
	json_decref(set);
	free(text);
	free(title);
	check_action_clear(&a);
	rowlist_free(&who, (row_clear_fn)user_clear);
	return st;
}

/* Cycle CY's round: notice, tickets, alert, in one transaction. */
static void
eol_round(struct ctx *x, const struct cycle *cy)
{
	struct due_eol *e = rowlist_push(&x->r->eol);
	struct product p = { 0 };
	struct rowlist cust;
	struct err err = { 0 };
	enum status st;
	bool in_tx = false;

	rowlist_init(&cust, sizeof(struct customer));
	e->cycle_id = cy->id;
	e->product_id = cy->product_id;
	e->cycle = xstrdup(cy->cycle);
	snprintf(e->eol, sizeof e->eol, "%.10s", cy->eol != NULL ? cy->eol : "");
	if (!days_until(x->now, e->eol, &e->days_left))
		e->days_left = 0;
	e->is_overdue = e->days_left < 0;
	if (e->is_overdue)
		x->r->n_overdue++;
	if ((st = product_get(x->s, cy->product_id, &p, &err)) != ST_OK)
		goto end;
	e->product_slug = xstrdup(p.slug);
	e->product_name = xstrdup(p.name);
	rowlist_free(&cust, NULL);
	if ((st = customer_list_for_cycle(x->s, e->cycle_id, &cust, &err)) !=
	    ST_OK)
		goto end;
	e->n_customers = cust.count;
	if (!x->o->is_dry_run) {
		if ((st = db_begin(x->s->db, &err)) != ST_OK)
			goto end;
		in_tx = true;
	}
	if ((st = find_notice(x, e, &err)) != ST_OK ||
	    (st = eol_start(x, e, &err)) != ST_OK ||
	    (st = eol_tickets(x, e, cy, &cust, &err)) != ST_OK)
		goto end;
	st = eol_alert(x, e, cy, p.owner_id, &err);
end:
	if (in_tx)
		st = db_end(x->s->db, st, &err);
	if (st != ST_OK) {
		/* Rolled back: nothing of this round happened. */
		if (e->is_started)
			e->notice_id = 0;
		e->is_started = false;
		e->n_tickets = e->n_alerts = 0;
		e->alert_channel[0] = '\0';
		note_error(x->r, st, &err, &e->error, e->error_msg,
		    sizeof e->error_msg);
	}
	x->r->n_started += e->is_started;
	x->r->n_tickets += e->n_tickets;
	x->r->n_alerts += e->n_alerts;
	rowlist_free(&cust, (row_clear_fn)customer_clear);
	product_clear(&p);
}

/* The channels tickets go to, and the one alerts go through. */
static enum status
load_channels(struct ctx *x, struct err *err)
{
	struct rowlist all;
	struct channel *c, *t;
	char *name = NULL;
	enum status st;
	size_t i;

	rowlist_init(&x->tickets, sizeof(struct channel));
	if ((st = channel_list(x->s, &all, err)) != ST_OK)
		goto end;
	for (i = 0; i < all.count; i++) {
		c = rowlist_at(&all, i);
		if (!c->is_enabled || (strcmp(c->kind, "jira") != 0 &&
		    strcmp(c->kind, "servicenow") != 0))
			continue;
		t = rowlist_push(&x->tickets);
		*t = *c;
		*c = (struct channel){ 0 };
	}
	if ((st = setting_get(x->s, "check.alert-channel", &name, err)) != ST_OK)
		goto end;
	if (name == NULL) {
		snprintf(x->alert_why, sizeof x->alert_why, "not alerted: no "
		    "alert channel (herald settings set check.alert-channel "
		    "NAME)");
		goto end;
	}
	st = channel_get_by_name(x->s, name, &x->alert, err);
	if (st == ST_NOTFOUND) {
		err_clear(err);
		st = ST_OK;
		x->alert_st = ST_NOTFOUND;
		snprintf(x->alert_why, sizeof x->alert_why, "check.alert-channel: "
		    "there is no channel %s (herald channel list)", name);
	} else if (st == ST_OK && strcmp(x->alert.kind, "email") != 0 &&
	    strcmp(x->alert.kind, "webhook") != 0) {
		x->alert_st = ST_INVALID;
		snprintf(x->alert_why, sizeof x->alert_why, "check.alert-channel: "
		    "%s is a %s channel; alerts go by email or webhook", name,
		    x->alert.kind);
	} else if (st == ST_OK && !x->alert.is_enabled)
		snprintf(x->alert_why, sizeof x->alert_why, "not alerted: channel "
		    "%s is disabled", name);
	if (st == ST_OK && x->alert_why[0] != '\0') {
		channel_clear(&x->alert);
		x->alert.id = 0;
	}
end:
	free(name);
	rowlist_free(&all, (row_clear_fn)channel_clear);
	return st;
}

static enum status
find_eol(struct ctx *x, struct err *err)
{
	struct rowlist due;
	char *v = NULL;
	long months = 12;
	enum status st;
	size_t i;

	if ((st = setting_get(x->s, "lifecycle.notice-months", &v, err)) !=
	    ST_OK)
		return st;
	if (v != NULL)
		months = strtol(v, NULL, 10);
	free(v);
	if (months < 12 || months > 120)
		months = 12;
	if ((st = cycle_list_eol_due(x->s, (int)months, &due, err)) == ST_OK)
		for (i = 0; i < due.count; i++)
			eol_round(x, rowlist_at(&due, i));
	rowlist_free(&due, (row_clear_fn)cycle_clear);
	return st;
}

/* ---- clocks ---------------------------------------------------------- */

static enum status
find_clocks(struct ctx *x, struct err *err)
{
	const struct deadline *d;
	enum status st;
	size_t i;

	if ((st = deadline_running(x->s, 0, &x->r->clocks, err)) != ST_OK)
		return st;
	for (i = 0; i < x->r->clocks.count; i++) {
		d = rowlist_at(&x->r->clocks, i);
		if (deadline_is_overdue(d, x->now))
			x->r->n_overdue++;
		else if (due_clock_is_near(d, x->now, x->r->near_hours))
			x->r->n_near++;
	}
	return ST_OK;
}

/* ---- security.txt ---------------------------------------------------- */

enum status
due_sectxt_expires(const char *text, char *out, struct err *err)
{
	const char *p = text, *eol, *v;
	char value[64];
	time_t t;
	size_t n;
	int line = 1;

	out[0] = '\0';
	for (; p != NULL && *p != '\0'; p = eol != NULL ? eol + 1 : NULL,
	    line++) {
		eol = strchr(p, '\n');
		n = eol != NULL ? (size_t)(eol - p) : strlen(p);
		if (n < 8 || strncasecmp(p, "Expires:", 8) != 0)
			continue;
		for (v = p + 8; v < p + n && (*v == ' ' || *v == '\t'); v++)
			;
		n -= (size_t)(v - p);
		while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == ' '))
			n--;
		if (n == 0 || n >= sizeof value)
			return err_set(err, ST_INVALID, "line %d: Expires is not a "
			    "date and time", line);
		memcpy(value, v, n);
		value[n] = '\0';
		if (clock_parse(value, &t, NULL) != ST_OK)
			return err_set(err, ST_INVALID, "line %d: Expires \"%s\" is "
			    "not an RFC 3339 time", line, value);
		clock_format(t, out);
		return ST_OK;
	}
	return err_set(err, ST_INVALID, "no Expires field (RFC 9116 needs one)");
}

/* Read the security.txt at PATH into the report; a missing file adds
 * nothing. */
static void
read_sectxt(struct ctx *x, const char *path)
{
	struct due_sectxt *t;
	struct err err = { 0 };
	char buf[DUE_SECTXT_MAX + 1];
	time_t exp;
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL && errno == ENOENT)
		return;
	t = rowlist_push(&x->r->sectxt);
	t->path = xstrdup(path);
	if (f == NULL) {
		t->state = DUE_SECTXT_INVALID;
		snprintf(t->detail, sizeof t->detail, "cannot read it: %s",
		    strerror(errno));
		return;
	}
	n = fread(buf, 1, DUE_SECTXT_MAX, f);
	buf[n] = '\0';
	fclose(f);
	if (due_sectxt_expires(buf, t->expires, &err) != ST_OK ||
	    clock_parse(t->expires, &exp, &err) != ST_OK) {
		t->state = DUE_SECTXT_INVALID;
		snprintf(t->detail, sizeof t->detail, "%s", err.msg);
		return;
	}
	t->days_left = (int)((exp - x->now) / DAY) - (exp < x->now);
	t->state = exp <= x->now ? DUE_SECTXT_EXPIRED :
	    exp - x->now <= (time_t)DUE_SECTXT_DAYS * DAY ?
	    DUE_SECTXT_EXPIRING : DUE_SECTXT_OK;
}

/*
 * Where security.txt's expiry is known: the file as published. Exports
 * are read-only (any reader may run one), so herald cannot remember
 * them; instead it reads what directory channels placed and the file
 * check.security-txt names, and says so when it finds none although
 * security.contact promises one.
 */
static enum status
find_sectxt(struct ctx *x, struct err *err)
{
	struct rowlist all;
	const struct channel *c;
	struct due_sectxt *t;
	const char *dir;
	char *v = NULL, *path;
	json_t *set;
	enum status st;
	size_t i;

	if ((st = setting_get(x->s, "check.security-txt", &v, err)) != ST_OK)
		return st;
	if (v != NULL)
		read_sectxt(x, v);
	free(v);
	v = NULL;
	if ((st = channel_list(x->s, &all, err)) != ST_OK)
		goto end;
	for (i = 0; i < all.count; i++) {
		c = rowlist_at(&all, i);
		if (!c->is_enabled || strcmp(c->kind, "directory") != 0)
			continue;
		set = json_loads(c->settings != NULL ? c->settings : "{}", 0, NULL);
		if ((dir = channel_setting(set, "path", NULL)) != NULL) {
			path = xasprintf("%s/.well-known/security.txt", dir);
			read_sectxt(x, path);
			free(path);
		}
		json_decref(set);
	}
	if ((st = setting_get(x->s, "security.contact", &v, err)) != ST_OK)
		goto end;
	if (v != NULL && x->r->sectxt.count == 0) {
		t = rowlist_push(&x->r->sectxt);
		t->state = DUE_SECTXT_MISSING;
	}
	for (i = 0; i < x->r->sectxt.count; i++) {
		t = rowlist_at(&x->r->sectxt, i);
		if (t->state == DUE_SECTXT_EXPIRED ||
		    t->state == DUE_SECTXT_INVALID)
			x->r->n_overdue++;
	}
end:
	free(v);
	rowlist_free(&all, (row_clear_fn)channel_clear);
	return st;
}

/* ---- delivery failures ----------------------------------------------- */

static char *
failure_ticket(const struct check_failure *f)
{
	char *summary, *text, title[300] = "";
	json_t *j;

	summary = xasprintf("Delivery failed for good: message #%lld through "
	    "%s", f->id, f->channel_name);
	if (f->communication_id != 0)
		snprintf(title, sizeof title, " of communication #%lld%s%s%s",
		    f->communication_id, f->communication_title != NULL ?
		    " \"" : "", f->communication_title != NULL ?
		    f->communication_title : "", f->communication_title != NULL ?
		    "\"" : "");
	text = xasprintf("herald gave up delivering message #%lld (%s%s) "
	    "through channel %s (%s) after %d attempt%s.\n\nThe far end "
	    "said: %s\n\nSend it again with `herald outbox retry %lld`, or "
	    "cancel it.\n\nRaised by herald check.", f->id,
	    f->purpose != NULL ? f->purpose : "message", title,
	    f->channel_name, f->channel_kind, f->attempts,
	    f->attempts == 1 ? "" : "s",
	    f->last_error != NULL ? f->last_error : "(nothing)", f->id);
	j = json_pack("{s:s, s:s, s:[s, s]}", "summary", summary,
	    "description", text, "labels", "herald", "delivery-failure");
	free(summary);
	free(text);
	return json_text(j);
}

/* File the tickets about failure D still missing, in one transaction.
 * A failed ticket gets none: a ticket system that refuses tickets would
 * be asked for one about each refusal, for ever. */
static void
failure_round(struct ctx *x, struct due_failure *d)
{
	const struct channel *ch;
	struct err err = { 0 };
	json_t *set;
	char key[96];
	bool is_new, in_tx = false;
	enum status st = ST_OK;
	size_t i;

	x->r->n_overdue++;
	if (d->f.purpose != NULL && strcmp(d->f.purpose, "ticket") == 0)
		return;
	if (!x->o->is_dry_run) {
		if ((st = db_begin(x->s->db, &err)) != ST_OK)
			goto end;
		in_tx = true;
	}
	for (i = 0; st == ST_OK && i < x->tickets.count; i++) {
		ch = rowlist_at(&x->tickets, i);
		snprintf(key, sizeof key, "failure-ticket-o%lld-ch%lld", d->f.id,
		    ch->id);
		set = json_loads(ch->settings != NULL ? ch->settings : "{}", 0,
		    NULL);
		st = enqueue(x, ch, ticket_target(ch, set),
		    failure_ticket(&d->f), key, "ticket", 0, "outbox", d->f.id,
		    &is_new, &err);
		json_decref(set);
		if (st == ST_OK && is_new)
			d->n_tickets++;
		else if (st == ST_OK)
			d->n_ticketed++;
	}
end:
	if (in_tx)
		st = db_end(x->s->db, st, &err);
	if (st != ST_OK) {
		d->n_tickets = 0;
		note_error(x->r, st, &err, &d->error, d->error_msg,
		    sizeof d->error_msg);
	}
	d->n_ticketed += d->n_tickets;
	x->r->n_tickets += d->n_tickets;
}

static enum status
find_failures(struct ctx *x, struct err *err)
{
	struct rowlist l;
	struct due_failure *d;
	enum status st;
	size_t i;

	if ((st = q_check_failures(x->s->db, &l, err)) == ST_OK)
		for (i = 0; i < l.count; i++) {
			d = rowlist_push(&x->r->failures);
			d->f = *(struct check_failure *)rowlist_at(&l, i);
			*(struct check_failure *)rowlist_at(&l, i) =
			    (struct check_failure){ 0 };
			failure_round(x, d);
		}
	rowlist_free(&l, (row_clear_fn)check_failure_clear);
	return st;
}

/* ---- the run --------------------------------------------------------- */

enum status
due_run(struct session *s, const struct due_opts *o, struct due_report *r,
    struct err *err)
{
	static const struct due_opts defaults = { 0 };
	struct ctx x = { 0 };
	enum status st;

	memset(r, 0, sizeof *r);
	rowlist_init(&r->eol, sizeof(struct due_eol));
	rowlist_init(&r->clocks, sizeof(struct deadline));
	rowlist_init(&r->sectxt, sizeof(struct due_sectxt));
	rowlist_init(&r->failures, sizeof(struct due_failure));
	rowlist_init(&x.tickets, sizeof(struct channel));
	if (o == NULL)
		o = &defaults;
	if (o->near_hours < 0 || o->near_hours > DUE_NEAR_HOURS_MAX)
		return err_set(err, ST_INVALID, "near: 1 to %d hours (got %d)",
		    DUE_NEAR_HOURS_MAX, o->near_hours);
	x.s = s;
	x.o = o;
	x.r = r;
	x.now = clock_now();
	/* Cron runs as a login herald may not know: then herald acts. */
	x.actor = session_is_known(s) ? s->actor : NULL;
	clock_format(x.now, r->now);
	r->near_hours = o->near_hours > 0 ? o->near_hours :
	    DUE_NEAR_HOURS_DEFAULT;
	r->is_dry_run = o->is_dry_run;
	r->actor = x.actor != NULL ? x.actor : "system";
	if ((st = load_channels(&x, err)) != ST_OK ||
	    (st = find_eol(&x, err)) != ST_OK ||
	    (st = find_clocks(&x, err)) != ST_OK ||
	    (st = find_sectxt(&x, err)) != ST_OK)
		goto end;
	st = find_failures(&x, err);
end:
	rowlist_free(&x.tickets, (row_clear_fn)channel_clear);
	channel_clear(&x.alert);
	return st;
}
