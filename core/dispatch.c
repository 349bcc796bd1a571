/* core/dispatch.c - what publishing a communication sends, and to whom:
 * one outbox row per message and target, written in the publishing
 * transaction, so the decision and its deliveries commit together. */
#include "config.h"

#include "core/dispatch.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/channel.h"
#include "core/clock.h"
#include "core/docmodel.h"
#include "core/drill.h"
#include "core/hash.h"
#include "core/outbox.h"
#include "core/render.h"
#include "core/settings.h"
#include "core/subscriber.h"
#include "core/text.h"
#include "storage/q_drill.h"
#include "storage/q_incident.h"
#include "util/xalloc.h"

/* What one dispatch works with. */
struct dctx {
	struct session          *s;
	struct comm_doc          doc;       /* as it stands in the transaction */
	json_t                  *item;      /* its docmodel item */
	int                      revision;
	const char              *purpose;
	char                     not_before[CLOCK_BUFSZ]; /* "" = at once */
	struct rowlist           channels;  /* struct channel, enabled */
	char                    *note;      /* what changed, or why withdrawn */
	char                    *embargo_until; /* the incident's, or NULL */
	bool                     is_drill;  /* the incident is a drill */
	long long                n;
};

/* Synthetic outputs: every publication to webhooks, and the site. */
static const struct pb_output webhook_output = {
	.id = (char *)"webhook", .format = (char *)"webhook",
	.title = (char *)"Webhook",
};
static const struct pb_output site_output = {
	.id = (char *)"site", .format = (char *)"site", .title = (char *)"Site",
};

static void
jset(json_t *o, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		die("out of memory");
}

static char *
dump(const json_t *o)
{
	char *t = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);

	if (t == NULL)
		die("out of memory");
	return t;
}

/* The subscriber list kind for a communication kind, or NULL: advisories
 * (and their updates, and the external post-incident report) go to the
 * advisories lists, a customer notice of a breach to the breach lists,
 * an end-of-life notice to the lifecycle lists. A regulator
 * notification, a support briefing and internal reports go to no list. */
static const char *
list_kind(const char *kind)
{
	if (strcmp(kind, "advisory") == 0 ||
	    strcmp(kind, "advisory-update") == 0 ||
	    strcmp(kind, "pir-external") == 0)
		return "advisories";
	if (strcmp(kind, "customer-notice") == 0)
		return "breach";
	if (strcmp(kind, "eol-notice") == 0)
		return "lifecycle";
	return NULL;
}

/* The key of one message: communication, revision, purpose, output,
 * channel and a hash of the target (addresses compared without case),
 * so a repeat of the same dispatch is the same key. */
static void
make_key(const struct dctx *x, const char *output, long long channel_id,
    const char *target, char *key, size_t n)
{
	char hex[HASH_HEX_SIZE], *low = xstrdup(target);
	size_t i;

	for (i = 0; low[i] != '\0'; i++)
		low[i] = (char)text_to_lower((unsigned char)low[i]);
	hash_sha256_hex(low, strlen(low), hex);
	free(low);
	snprintf(key, n, "c%lld-r%d-%s-%s-ch%lld-%.16s", x->doc.comm.id,
	    x->revision, x->purpose, output, channel_id, hex);
}

/* Queue one message; a repeat of a key (the same address twice) is
 * skipped. */
static enum status
enqueue(struct dctx *x, const struct channel *ch, const char *output,
    const char *target, const char *payload, long long subscriber_id,
    long long customer_id, struct err *err)
{
	char key[OUTBOX_KEY_MAX];
	struct outbox_new in = { 0 };
	enum status st;

	make_key(x, output, ch->id, target, key, sizeof key);
	in.channel_id = ch->id;
	in.communication_id = x->doc.comm.id;
	in.target = target;
	in.payload = payload;
	in.idempotency_key = key;
	in.not_before = x->not_before[0] != '\0' ? x->not_before : NULL;
	in.revision = x->revision;
	in.output = output;
	in.purpose = x->purpose;
	in.subscriber_id = subscriber_id;
	in.customer_id = customer_id;
	st = outbox_enqueue_in_tx(x->s->db, x->s->actor, &in, NULL, err);
	if (st == ST_EXISTS) {
		err_clear(err);
		return ST_OK;
	}
	if (st == ST_OK)
		x->n++;
	return st;
}

/* ---- what is said ---- */

/* Split "Subject: ...\n\nbody" into SUBJECT and BODY (allocated). */
static void
split_subject(const char *text, const char *prefix, char **subject,
    char **body)
{
	size_t plen = strlen(prefix), n;
	const char *p = text;

	while (*p == '\n')
		p++;
	if (strncmp(p, prefix, plen) == 0) {
		p += plen;
		while (*p == ' ')
			p++;
		n = strcspn(p, "\n");
		*subject = xstrndup(p, n);
		p += n;
		while (*p == '\n')
			p++;
		*body = xstrdup(p);
	} else {
		*subject = NULL;
		*body = xstrdup(p);
	}
}

/* A line at the top saying what this message is, for a correction or a
 * withdrawal; "" for the first publication. */
static char *
purpose_lead(const struct dctx *x)
{
	if (strcmp(x->purpose, "correction") == 0)
		return xasprintf("This is revision %d of this notice: it "
		    "replaces the earlier one.%s%s\n\n", x->revision,
		    x->note != NULL ? " What changed: " : "",
		    x->note != NULL ? x->note : "");
	if (strcmp(x->purpose, "withdrawal") == 0)
		return xasprintf("This notice has been withdrawn.%s%s\n\n",
		    x->note != NULL ? " Why: " : "",
		    x->note != NULL ? x->note : "");
	return xstrdup("");
}

static const char *
purpose_tag(const struct dctx *x)
{
	if (strcmp(x->purpose, "correction") == 0)
		return "Updated: ";
	if (strcmp(x->purpose, "withdrawal") == 0)
		return "Withdrawn: ";
	return "";
}

/* TEXT without the drill's MARK it starts with (and the blank lines
 * after it), so the mark can go first again; TEXT as it is otherwise. */
static const char *
drill_unmarked(const struct dctx *x, const char *text, const char *mark)
{
	size_t n = strlen(mark);

	if (!x->is_drill || strncmp(text, mark, n) != 0)
		return text;
	text += n;
	while (*text == '\n')
		text++;
	return text;
}

/* The e-mail of output O without its recipient: subject (with the
 * incident's reference), text, html, ref. */
static enum status
email_base(struct dctx *x, const struct pb_output *o, json_t **out,
    struct err *err)
{
	struct rendered r = { 0 };
	const char *ref = jstr(x->item, "ref"), *title = jstr(x->item, "title");
	char *subject = NULL, *body = NULL, *lead = NULL, *text, *html, *subj;
	enum status st;

	*out = NULL;
	if ((st = render_output(x->s, x->item, o, &r, err)) != ST_OK)
		return st;
	split_subject(r.text, "Subject:", &subject, &body);
	if (subject == NULL)
		subject = xasprintf("[%s] %s", ref != NULL ? ref : "",
		    title != NULL ? title : "");
	/* Every message carries the incident's reference. */
	if (ref != NULL && strstr(subject, ref) == NULL)
		subj = xasprintf("%s[%s] %s", purpose_tag(x), ref,
		    drill_unmarked(x, subject, DRILL_TAG));
	else
		subj = xasprintf("%s%s", purpose_tag(x),
		    drill_unmarked(x, subject, DRILL_TAG));
	lead = purpose_lead(x);
	text = xasprintf("%s%s%s", x->is_drill ? DRILL_LINE "\n\n" : "", lead,
	    drill_unmarked(x, body, DRILL_LINE));
	/* A drill's subject starts with the mark, whatever the purpose. */
	if (x->is_drill) {
		char *t = xasprintf("%s%s", DRILL_TAG, subj);

		free(subj);
		subj = t;
	}
	html = render_markdown_html(text, strlen(text));
	*out = json_object();
	if (*out == NULL)
		die("out of memory");
	jset(*out, "subject", json_string(subj));
	jset(*out, "text", json_string(text));
	if (html != NULL)
		jset(*out, "html", json_string(html));
	if (ref != NULL)
		jset(*out, "ref", json_string(ref));
	free(html);
	free(text);
	free(lead);
	free(subj);
	free(subject);
	free(body);
	rendered_clear(&r);
	return ST_OK;
}

/* The structured payload every webhook carries under "herald". */
static json_t *
herald_payload(const struct dctx *x)
{
	static const char *const keys[] = { "id", "ref", "kind", "audience",
	    "title", "state", "revision", "url", "published_at",
	    "first_published_at", "withdrawn_reason", "withdrawn_at",
	    "products", "cves", "cvss", NULL };
	json_t *h = json_object(), *v, *inc;
	size_t i;

	if (h == NULL)
		die("out of memory");
	jset(h, "event", json_string(x->purpose));
	for (i = 0; keys[i] != NULL; i++)
		if ((v = json_object_get(x->item, keys[i])) != NULL)
			jset(h, keys[i], json_deep_copy(v));
	if ((inc = json_object_get(x->item, "incident")) != NULL)
		jset(h, "incident", json_pack("{s:O?, s:O?, s:O?}", "ref",
		    json_object_get(inc, "ref"), "severity",
		    json_object_get(inc, "severity"), "trigger",
		    json_object_get(inc, "trigger")));
	if (x->note != NULL)
		jset(h, "note", json_string(x->note));
	return h;
}

static enum status
webhook_payload(struct dctx *x, char **out, struct err *err)
{
	struct rendered r = { 0 };
	json_t *body, *p;
	json_error_t je;
	enum status st;

	*out = NULL;
	if ((st = render_output(x->s, x->item, &webhook_output, &r,
	    err)) != ST_OK)
		return st;
	if ((body = json_loadb(r.text, r.len, 0, &je)) == NULL) {
		rendered_clear(&r);
		return err_set(err, ST_INTERNAL, "webhook message: %s", je.text);
	}
	if (*x->purpose != 'p' && json_is_string(json_object_get(body,
	    "text"))) {
		const char *rest = drill_unmarked(x, jstr(body, "text"),
		    DRILL_LINE);
		char *t = xasprintf("%s%s%s", rest != jstr(body, "text") ?
		    DRILL_LINE "\n" : "", purpose_tag(x), rest);
		jset(body, "text", json_string(t));
		free(t);
	}
	jset(body, "herald", herald_payload(x));
	p = json_pack("{s:o}", "body", body);
	*out = dump(p);
	json_decref(p);
	rendered_clear(&r);
	return ST_OK;
}

static enum status
github_payload(struct dctx *x, const struct pb_output *o,
    const struct channel *ch, const struct outbox_row *first, char **out,
    struct err *err)
{
	struct rendered r = { 0 };
	json_t *adv, *p, *set;
	json_error_t je;
	const char *op;
	enum status st;

	*out = NULL;
	if ((st = render_output(x->s, x->item, o, &r, err)) != ST_OK)
		return st;
	if ((adv = json_loadb(r.text, r.len, 0, &je)) == NULL) {
		rendered_clear(&r);
		return err_set(err, ST_INTERNAL, "github advisory: %s", je.text);
	}
	op = strcmp(x->purpose, "withdrawal") == 0 ? "withdraw" :
	    strcmp(x->purpose, "correction") == 0 ? "update" : "create";
	set = json_loads(ch->settings, 0, NULL);
	p = json_pack("{s:s, s:o, s:b}", "op", op, "advisory", adv,
	    "request_cve", json_is_true(json_object_get(set, "request_cve")));
	/* An update names what the first publication created: its GHSA ID
	 * when known, and its key for the look-up when not. */
	if (first != NULL) {
		if (first->external_ref != NULL && *first->external_ref != '\0')
			jset(p, "ghsa_id", json_string(first->external_ref));
		jset(p, "origin_key", json_string(first->idempotency_key));
	}
	*out = dump(p);
	json_decref(p);
	json_decref(set);
	rendered_clear(&r);
	return ST_OK;
}

static enum status
ticket_payload(struct dctx *x, const struct pb_output *o, char **out,
    struct err *err)
{
	struct rendered r = { 0 };
	const char *ref = jstr(x->item, "ref"), *title = jstr(x->item, "title");
	char *summary = NULL, *body = NULL, *lead, *desc, *sum;
	json_t *p;
	enum status st;

	*out = NULL;
	if ((st = render_output(x->s, x->item, o, &r, err)) != ST_OK)
		return st;
	split_subject(r.text, "Summary:", &summary, &body);
	if (summary == NULL)
		summary = xasprintf("[%s] %s", ref != NULL ? ref : "",
		    title != NULL ? title : "");
	sum = xasprintf("%s%s", purpose_tag(x), summary);
	lead = purpose_lead(x);
	desc = xasprintf("%s%s", lead, body);
	p = json_pack("{s:s, s:s, s:[s]}", "summary", sum, "description", desc,
	    "labels", "herald");
	*out = dump(p);
	json_decref(p);
	free(desc);
	free(lead);
	free(sum);
	free(summary);
	free(body);
	rendered_clear(&r);
	return ST_OK;
}

/* ---- who it goes to ---- */

/* A channel's settings value KEY as text, or NULL. */
static char *
setting(const struct channel *ch, const char *key)
{
	json_t *set = json_loads(ch->settings, 0, NULL);
	char *v = NULL;

	if (json_is_string(json_object_get(set, key)))
		v = xstrdup(jstr(set, key));
	json_decref(set);
	return v;
}

/* Whether webhook channel CH wants this communication: its "audiences"
 * and "playbooks" filters, when set, name it. */
static bool
webhook_wants(const struct dctx *x, const struct channel *ch)
{
	json_t *set = json_loads(ch->settings, 0, NULL), *v;
	const char *want[2] = { x->doc.comm.audience, x->doc.comm.playbook };
	const char *keys[2] = { "audiences", "playbooks" };
	bool ok = true, hit;
	size_t i, k;

	for (k = 0; ok && k < 2; k++) {
		json_t *a = json_object_get(set, keys[k]);

		if (!json_is_array(a))
			continue;
		hit = false;
		json_array_foreach(a, i, v)
			if (json_is_string(v) &&
			    strcmp(json_string_value(v), want[k]) == 0)
				hit = true;
		ok = hit;
	}
	json_decref(set);
	return ok;
}

/* Send the e-mail BASE to ADDRESS through CH. */
static enum status
email_one(struct dctx *x, const struct channel *ch, const char *output,
    json_t *base, const char *address, const char *list, const char *token,
    long long subscriber_id, long long customer_id, struct err *err)
{
	enum status st;
	char *p;

	jset(base, "to", json_string(address));
	if (list != NULL)
		jset(base, "list", json_string(list));
	else
		json_object_del(base, "list");
	if (token != NULL)
		jset(base, "unsubscribe_token", json_string(token));
	else
		json_object_del(base, "unsubscribe_token");
	p = dump(base);
	st = enqueue(x, ch, output, address, p, subscriber_id, customer_id,
	    err);
	free(p);
	return st;
}

/* The product slugs of the item, each once (NULL-terminated, borrowed). */
static size_t
item_slugs(const struct dctx *x, const char **slugs, size_t max)
{
	const json_t *cy = json_object_get(x->item, "cycle"), *p;
	const char *slug;
	size_t i, k, n = 0;

	if (cy != NULL && (slug = jstr(cy, "product")) != NULL && n < max)
		slugs[n++] = slug;
	json_array_foreach(json_object_get(x->item, "products"), i, p) {
		if ((slug = jstr(p, "product")) == NULL)
			continue;
		for (k = 0; k < n && strcmp(slugs[k], slug) != 0; k++)
			;
		if (k == n && n < max)
			slugs[n++] = slug;
	}
	return n;
}

/* The list a subscriber came through: KIND:SLUG when on it, else
 * KIND:*. Into BUF. */
static const char *
list_of(const struct subscriber *sub, const char *kind, const char *slug,
    char *buf, size_t n)
{
	size_t i;

	if (slug != NULL) {
		snprintf(buf, n, "%s:%s", kind, slug);
		for (i = 0; i < sub->nlists; i++)
			if (strcmp(sub->lists[i], buf) == 0)
				return buf;
	}
	snprintf(buf, n, "%s:*", kind);
	return buf;
}

/* The subscribers of the lists for the communication's kind. */
static enum status
email_subscribers(struct dctx *x, const struct channel *ch,
    const char *output, json_t *base, struct err *err)
{
	const char *kind = list_kind(x->doc.comm.kind), *slugs[64];
	struct rowlist subs;
	struct subscriber *sub;
	char list[160];
	size_t n, k, i;
	enum status st = ST_OK;

	if (kind == NULL)
		return ST_OK;
	n = item_slugs(x, slugs, 64);
	for (k = 0; st == ST_OK && k < (n > 0 ? n : 1); k++) {
		if ((st = subscriber_recipients(x->s, kind, n > 0 ? slugs[k] :
		    NULL, &subs, err)) != ST_OK) {
			rowlist_free(&subs, (row_clear_fn)subscriber_clear);
			break;
		}
		for (i = 0; st == ST_OK && i < subs.count; i++) {
			sub = rowlist_at(&subs, i);
			st = email_one(x, ch, output, base, sub->address,
			    list_of(sub, kind, n > 0 ? slugs[k] : NULL, list,
			    sizeof list), sub->token, sub->id, 0, err);
		}
		rowlist_free(&subs, (row_clear_fn)subscriber_clear);
	}
	return st;
}

/* Whether channel CH's settings say true for KEY. */
static bool
setting_is_true(const struct channel *ch, const char *key)
{
	json_t *o = json_loads(ch->settings != NULL ? ch->settings : "{}", 0,
	    NULL);
	bool is_true = json_is_true(json_object_get(o, key));

	json_decref(o);
	return is_true;
}

/* The customers running an affected release: the cycle of an
 * end-of-life notice, else each known-affected (or under investigation)
 * product and cycle of the item. */
static enum status
email_customers(struct dctx *x, const struct channel *ch,
    const char *output, json_t *base, struct err *err)
{
	struct rowlist addrs;
	struct outbox_address *a;
	const json_t *p;
	const char *status;
	size_t i, k;
	enum status st = ST_OK;

	if (x->doc.comm.cycle_id > 0) {
		st = q_outbox_customer_addresses(x->s->db, x->doc.comm.cycle_id,
		    NULL, NULL, &addrs, err);
		for (i = 0; st == ST_OK && i < addrs.count; i++) {
			a = rowlist_at(&addrs, i);
			st = email_one(x, ch, output, base, a->address, NULL,
			    a->token, a->subscriber_id, a->customer_id, err);
		}
		rowlist_free(&addrs, (row_clear_fn)outbox_address_clear);
		return st;
	}
	json_array_foreach(json_object_get(x->item, "products"), k, p) {
		status = jstr(p, "status");
		if (jstr(p, "product") == NULL || (status != NULL &&
		    strcmp(status, "known_affected") != 0 &&
		    strcmp(status, "under_investigation") != 0))
			continue;
		st = q_outbox_customer_addresses(x->s->db, 0, jstr(p, "product"),
		    jstr(p, "cycle"), &addrs, err);
		for (i = 0; st == ST_OK && i < addrs.count; i++) {
			a = rowlist_at(&addrs, i);
			st = email_one(x, ch, output, base, a->address, NULL,
			    a->token, a->subscriber_id, a->customer_id, err);
		}
		rowlist_free(&addrs, (row_clear_fn)outbox_address_clear);
		if (st != ST_OK)
			break;
	}
	return st;
}

/* The addresses answered in the e-mail list fields of the
 * communication's steps (a regulator's, a team's). */
static enum status
email_fields(struct dctx *x, const struct channel *ch, const char *output,
    json_t *base, struct err *err)
{
	const char *variant = x->doc.variant != NULL ? x->doc.variant->id : "";
	const struct pb_step *step;
	const char *v, *p;
	char *addr;
	size_t i, k, n;
	enum status st = ST_OK;

	for (i = 0; st == ST_OK && i < x->doc.pb->n_steps; i++) {
		step = &x->doc.pb->steps[i];
		if (!playbook_step_in_variant(step, variant))
			continue;
		for (k = 0; st == ST_OK && k < step->n_fields; k++) {
			if (step->fields[k].kind != FIELD_EMAIL_LIST ||
			    (v = comm_value(&x->doc, step->fields[k].id)) == NULL)
				continue;
			for (p = v; st == ST_OK && *p != '\0'; p += n) {
				n = strcspn(p, "\n");
				if (n > 0) {
					addr = xstrndup(p, n);
					st = email_one(x, ch, output, base, addr,
					    NULL, NULL, 0, 0, err);
					free(addr);
				}
				if (p[n] == '\n')
					n++;
			}
		}
	}
	return st;
}

static enum status
dispatch_email(struct dctx *x, const struct pb_output *o, struct err *err)
{
	const struct channel *ch;
	json_t *base = NULL;
	enum status st = ST_OK;
	size_t i;

	for (i = 0; st == ST_OK && i < x->channels.count; i++) {
		ch = rowlist_at(&x->channels, i);
		if (strcmp(ch->kind, "email") != 0)
			continue;
		if (base == NULL && (st = email_base(x, o, &base, err)) != ST_OK)
			break;
		if ((st = email_subscribers(x, ch, o->id, base, err)) != ST_OK)
			break;
		/* A customer notice reaches the customers running an
		 * affected release; so does anything else sent through a
		 * channel set to (an advisory as well as the public lists). */
		if ((strcmp(x->doc.comm.audience, "customers") == 0 ||
		    setting_is_true(ch, "affected_customers")) &&
		    (st = email_customers(x, ch, o->id, base, err)) != ST_OK)
			break;
		st = email_fields(x, ch, o->id, base, err);
	}
	json_decref(base);
	return st;
}

/* One row to CH carrying output O: github, a ticket, a webhook, the
 * site. FIRST is the first publication's row to the same place, for an
 * update. */
static enum status
dispatch_one(struct dctx *x, const struct channel *ch,
    const struct pb_output *o, const char *target,
    const struct outbox_row *first, struct err *err)
{
	char *payload = NULL, *t = NULL;
	enum status st;

	if (strcmp(ch->kind, "github") == 0)
		st = github_payload(x, o, ch, first, &payload, err);
	else if (strcmp(ch->kind, "jira") == 0 ||
	    strcmp(ch->kind, "servicenow") == 0)
		st = ticket_payload(x, o, &payload, err);
	else if (strcmp(ch->kind, "webhook") == 0)
		st = webhook_payload(x, &payload, err);
	else if (strcmp(ch->kind, "directory") == 0) {
		payload = xstrdup("{\"action\":\"export\"}");
		st = ST_OK;
	} else
		return ST_OK;
	if (st != ST_OK)
		return st;
	if (target == NULL) {
		/* Where it goes, for people reading the queue. */
		t = setting(ch, strcmp(ch->kind, "github") == 0 ? "repository" :
		    strcmp(ch->kind, "jira") == 0 ? "project" :
		    strcmp(ch->kind, "servicenow") == 0 ? "table" :
		    strcmp(ch->kind, "directory") == 0 ? "path" : "url");
		if (t == NULL || *t == '\0') {
			free(t);
			t = xstrdup(ch->name);
		}
		target = t;
	}
	st = enqueue(x, ch, o->id, target, payload, 0, 0, err);
	free(t);
	free(payload);
	return st;
}

static bool
kind_is(const struct channel *ch, const char *a, const char *b)
{
	return strcmp(ch->kind, a) == 0 || (b != NULL && strcmp(ch->kind, b) == 0);
}

/* Every channel of KIND (or KIND2) gets output O. */
static enum status
dispatch_kind(struct dctx *x, const struct pb_output *o, const char *kind,
    const char *kind2, struct err *err)
{
	const struct channel *ch;
	enum status st = ST_OK;
	size_t i;

	for (i = 0; st == ST_OK && i < x->channels.count; i++) {
		ch = rowlist_at(&x->channels, i);
		if (!kind_is(ch, kind, kind2))
			continue;
		if (strcmp(ch->kind, "webhook") == 0 && !webhook_wants(x, ch))
			continue;
		st = dispatch_one(x, ch, o, NULL, NULL, err);
	}
	return st;
}

/* The outputs the publish steps of the variant name. */
static enum status
dispatch_fresh(struct dctx *x, struct err *err)
{
	const char *variant = x->doc.variant != NULL ? x->doc.variant->id : "";
	const struct pb_step *step;
	const struct pb_output *o;
	enum status st = ST_OK;
	size_t i, k, j;

	for (i = 0; st == ST_OK && i < x->doc.pb->n_steps; i++) {
		step = &x->doc.pb->steps[i];
		if (step->kind != PB_STEP_PUBLISH ||
		    !playbook_step_in_variant(step, variant))
			continue;
		for (k = 0; st == ST_OK && k < step->n_channels; k++) {
			o = NULL;
			for (j = 0; j < x->doc.pb->n_outputs; j++) {
				o = &x->doc.pb->outputs[j];
				if (strcmp(o->id, step->channels[k]) == 0 &&
				    playbook_output_in_variant(o, variant))
					break;
			}
			if (j == x->doc.pb->n_outputs || o == NULL)
				continue;
			if (strcmp(o->format, "email") == 0)
				st = dispatch_email(x, o, err);
			else if (strcmp(o->format, "github") == 0)
				st = dispatch_kind(x, o, "github", NULL, err);
			else if (strcmp(o->format, "ticket") == 0)
				st = dispatch_kind(x, o, "jira", "servicenow",
				    err);
		}
	}
	if (st == ST_OK)
		st = dispatch_kind(x, &webhook_output, "webhook", NULL, err);
	/* The site holds what its public and customers read. */
	if (st == ST_OK && (strcmp(x->doc.comm.audience, "public") == 0 ||
	    strcmp(x->doc.comm.audience, "customers") == 0))
		st = dispatch_kind(x, &site_output, "directory", NULL, err);
	return st;
}

static const struct channel *
find_channel(const struct dctx *x, long long id)
{
	const struct channel *ch;
	size_t i;

	for (i = 0; i < x->channels.count; i++) {
		ch = rowlist_at(&x->channels, i);
		if (ch->id == id)
			return ch;
	}
	return NULL;
}

static const struct pb_output *
find_output(const struct dctx *x, const char *id)
{
	size_t j;

	if (id == NULL)
		return NULL;
	if (strcmp(id, webhook_output.id) == 0)
		return &webhook_output;
	if (strcmp(id, site_output.id) == 0)
		return &site_output;
	for (j = 0; j < x->doc.pb->n_outputs; j++)
		if (strcmp(x->doc.pb->outputs[j].id, id) == 0)
			return &x->doc.pb->outputs[j];
	return NULL;
}

/* A correction or a withdrawal: to every channel and target FIRST
 * (the first publication's rows) went to. */
static enum status
dispatch_again(struct dctx *x, const struct rowlist *first, struct err *err)
{
	const struct outbox_row *f;
	const struct channel *ch;
	const struct pb_output *o;
	json_t *base = NULL;
	const char *base_output = NULL;
	enum status st = ST_OK;
	json_t *prev;
	size_t i;

	for (i = 0; st == ST_OK && i < first->count; i++) {
		f = rowlist_at(first, i);
		if ((ch = find_channel(x, f->channel_id)) == NULL ||
		    (o = find_output(x, f->output)) == NULL)
			continue;
		if (strcmp(ch->kind, "email") != 0) {
			st = dispatch_one(x, ch, o, f->target, f, err);
			continue;
		}
		if (base == NULL || strcmp(base_output, o->id) != 0) {
			json_decref(base);
			base = NULL;
			base_output = o->id;
			if ((st = email_base(x, o, &base, err)) != ST_OK)
				break;
		}
		/* The same list and unsubscribe token as the first time. */
		prev = json_loads(f->payload, 0, NULL);
		st = email_one(x, ch, o->id, base, f->target, jstr(prev, "list"),
		    jstr(prev, "unsubscribe_token"), f->subscriber_id,
		    f->customer_id, err);
		json_decref(prev);
	}
	json_decref(base);
	return st;
}

/* The latest of the embargo's end and a scheduled publication answer,
 * when in the future, into X->not_before. */
static void
find_not_before(struct dctx *x)
{
	static const char *const fields[] = { "embargo-until", "publish-at",
	    "scheduled-at", NULL };
	const char *v, *embargoed = comm_value(&x->doc, "embargoed");
	char now[CLOCK_BUFSZ], best[CLOCK_BUFSZ] = "";
	time_t t;
	size_t i;

	clock_now_str(now);
	if (x->embargo_until != NULL)
		snprintf(best, sizeof best, "%s", x->embargo_until);
	for (i = 0; fields[i] != NULL; i++) {
		if ((v = comm_value(&x->doc, fields[i])) == NULL || *v == '\0')
			continue;
		if (i == 0 && embargoed != NULL && strcmp(embargoed, "no") == 0)
			continue;
		if (clock_parse(v, &t, NULL) != ST_OK)
			continue;
		if (strcmp(v, best) > 0)
			clock_format(t, best);
	}
	if (best[0] != '\0' && strcmp(best, now) > 0)
		snprintf(x->not_before, sizeof x->not_before, "%s", best);
}

/* What changed in revision REVISION (its reason as a reader reads it),
 * or why it was withdrawn; NULL when nothing was said. */
static enum status
find_note(struct dctx *x, struct err *err)
{
	struct rowlist revs;
	const struct revision *r;
	enum status st;
	size_t i;

	if ((st = comm_revisions(x->s, x->doc.comm.id, &revs, err)) != ST_OK)
		goto end;
	for (i = 0; i < revs.count; i++) {
		r = rowlist_at(&revs, i);
		if (r->revision != x->revision)
			continue;
		if (strcmp(x->purpose, "withdrawal") == 0 &&
		    r->withdrawn_reason != NULL && *r->withdrawn_reason != '\0')
			x->note = xstrdup(r->withdrawn_reason);
		else if (strcmp(x->purpose, "correction") == 0 &&
		    r->reason != NULL && *r->reason != '\0')
			x->note = comm_reason_label(r->reason);
	}
end:
	rowlist_free(&revs, (row_clear_fn)revision_clear);
	return st;
}

/* ---- a drill: its test list and its test channel, nothing else ---- */

/* Where a drill's messages may go: its test list, and its test channel
 * (0: none); from the incident's drill, else from the settings. */
struct drill_route {
	char     *list;
	long long channel_id;
	char     *channel_name;   /* the setting's name, for messages */
};

static void
drill_route_clear(struct drill_route *r)
{
	free(r->list);
	free(r->channel_name);
	memset(r, 0, sizeof *r);
}

static enum status
drill_route_find(struct dctx *x, const struct incident *inc,
    struct drill_route *r, struct err *err)
{
	struct drill d = { 0 };
	struct channel ch = { 0 };
	enum status st;

	memset(r, 0, sizeof *r);
	st = q_drill_by_incident(x->s->db, inc->id, &d, err);
	if (st == ST_OK) {
		r->list = d.test_list != NULL ? xstrdup(d.test_list) : NULL;
		r->channel_id = d.test_channel_id;
	} else if (st == ST_NOTFOUND) {
		/* A drill incident opened by hand: the settings say. */
		err_clear(err);
		if ((st = setting_get(x->s, "drill.channel", &r->channel_name,
		    err)) != ST_OK)
			goto end;
		if (r->channel_name != NULL && *r->channel_name != '\0') {
			st = channel_get_by_name(x->s, r->channel_name, &ch, err);
			if (st == ST_NOTFOUND)
				st = err_set(err, ST_INVALID, "%s is a drill: the "
				    "setting drill.channel names channel %s, which "
				    "does not exist; nothing was published", inc->ref,
				    r->channel_name);
			if (st != ST_OK)
				goto end;
			r->channel_id = ch.id;
		}
	} else
		goto end;
	if (r->list == NULL &&
	    (st = setting_get(x->s, "drill.list", &r->list, err)) != ST_OK)
		goto end;
	if (r->list == NULL || strncmp(r->list, "drill:", 6) != 0 ||
	    subscriber_check_list(r->list, NULL) != ST_OK)
		st = err_set(err, ST_INVALID, "%s is a drill: its e-mails go only "
		    "to a test list of kind drill, and %s is not one (herald "
		    "settings set drill.list drill:*); nothing was published",
		    inc->ref, r->list != NULL ? r->list : "none is set");
end:
	drill_clear(&d);
	channel_clear(&ch);
	return st;
}

/* The confirmed, still subscribed subscribers of exactly LIST. */
static enum status
drill_recipients(struct dctx *x, const char *list, struct rowlist *out,
    struct err *err)
{
	struct rowlist all;
	struct subscriber *sub, *keep;
	enum status st;
	size_t i;

	rowlist_init(out, sizeof(struct subscriber));
	if ((st = subscriber_list(x->s, list, 0, 0, &all, err)) == ST_OK)
		for (i = 0; i < all.count; i++) {
			sub = rowlist_at(&all, i);
			if (strcmp(subscriber_state(sub), "confirmed") != 0)
				continue;
			keep = rowlist_push(out);
			*keep = *sub;
			memset(sub, 0, sizeof *sub);
		}
	rowlist_free(&all, (row_clear_fn)subscriber_clear);
	return st;
}

/* The e-mail outputs the publish steps of the variant name, into OUTS
 * (room for MAX); none named: the e-mail of the communication's kind. */
static size_t
drill_email_outputs(const struct dctx *x, const struct pb_output **outs,
    size_t max)
{
	static const struct pb_output kind_email = {
		.id = (char *)"email", .format = (char *)"email",
		.title = (char *)"E-mail",
	};
	const char *variant = x->doc.variant != NULL ? x->doc.variant->id : "";
	const struct pb_step *step;
	const struct pb_output *o;
	size_t i, k, j, n = 0;

	for (i = 0; i < x->doc.pb->n_steps; i++) {
		step = &x->doc.pb->steps[i];
		if (step->kind != PB_STEP_PUBLISH ||
		    !playbook_step_in_variant(step, variant))
			continue;
		for (k = 0; k < step->n_channels; k++)
			for (j = 0; j < x->doc.pb->n_outputs && n < max; j++) {
				o = &x->doc.pb->outputs[j];
				if (strcmp(o->id, step->channels[k]) == 0 &&
				    strcmp(o->format, "email") == 0 &&
				    playbook_output_in_variant(o, variant))
					outs[n++] = o;
			}
	}
	if (n == 0)
		outs[n++] = &kind_email;
	return n;
}

/*
 * A drill tests the procedure, never the people: its e-mails go only to
 * the confirmed subscribers of its test list, through its test channel
 * when that is an e-mail channel and else through every enabled e-mail
 * channel, and one webhook message goes to its test channel when that is
 * a webhook. No channel's own lists, no recipients answered in the
 * communication, no customers, GitHub, tickets or site directory.
 */
static enum status
dispatch_drill(struct dctx *x, const struct incident *inc, struct err *err)
{
	const struct pb_output *outs[16];
	const struct channel *ch, *test = NULL, *mail[64];
	struct drill_route r;
	struct rowlist subs;
	struct subscriber *sub;
	json_t *base = NULL;
	size_t i, k, j, n_mail = 0, n_outs;
	enum status st;

	rowlist_init(&subs, sizeof(struct subscriber));
	if ((st = drill_route_find(x, inc, &r, err)) != ST_OK)
		goto end;
	if (r.channel_id != 0 && (test = find_channel(x, r.channel_id)) == NULL) {
		st = err_set(err, ST_INVALID, "%s is a drill: its test channel "
		    "(id %lld) is disabled or gone; enable it (herald channel "
		    "enable NAME) and publish again", inc->ref, r.channel_id);
		goto end;
	}
	if (test != NULL && strcmp(test->kind, "email") == 0)
		mail[n_mail++] = test;
	else
		for (i = 0; i < x->channels.count && n_mail < 64; i++) {
			ch = rowlist_at(&x->channels, i);
			if (strcmp(ch->kind, "email") == 0)
				mail[n_mail++] = ch;
		}
	if (n_mail == 0) {
		st = err_set(err, ST_INVALID, "%s is a drill: its e-mails go "
		    "only to the test list %s, through an e-mail channel, and "
		    "no e-mail channel is enabled; add one (herald channel add "
		    "NAME email ...) or enable one (herald channel enable NAME), "
		    "then publish again", inc->ref, r.list);
		goto end;
	}
	if ((st = drill_recipients(x, r.list, &subs, err)) != ST_OK)
		goto end;
	n_outs = drill_email_outputs(x, outs, sizeof outs / sizeof outs[0]);
	for (k = 0; st == ST_OK && k < n_outs; k++) {
		json_decref(base);
		base = NULL;
		if ((st = email_base(x, outs[k], &base, err)) != ST_OK)
			break;
		for (j = 0; st == ST_OK && j < n_mail; j++)
			for (i = 0; st == ST_OK && i < subs.count; i++) {
				sub = rowlist_at(&subs, i);
				st = email_one(x, mail[j], outs[k]->id, base,
				    sub->address, r.list, sub->token, sub->id, 0,
				    err);
			}
	}
	if (st == ST_OK && test != NULL && strcmp(test->kind, "webhook") == 0)
		st = dispatch_one(x, test, &webhook_output, NULL, NULL, err);
end:
	json_decref(base);
	rowlist_free(&subs, (row_clear_fn)subscriber_clear);
	drill_route_clear(&r);
	return st;
}

/* The enabled channels into X->channels. */
static enum status
load_channels(struct dctx *x, struct err *err)
{
	struct rowlist all;
	struct channel *ch, *keep;
	enum status st;
	size_t i;

	rowlist_init(&x->channels, sizeof(struct channel));
	if ((st = channel_list(x->s, &all, err)) == ST_OK)
		for (i = 0; i < all.count; i++) {
			ch = rowlist_at(&all, i);
			if (!ch->is_enabled)
				continue;
			keep = rowlist_push(&x->channels);
			*keep = *ch;
			memset(ch, 0, sizeof *ch);
		}
	rowlist_free(&all, (row_clear_fn)channel_clear);
	return st;
}

enum status
dispatch_in_tx(struct session *s, const struct comm_doc *d, int revision,
    const char *purpose, long long *n, struct err *err)
{
	struct dctx x;
	struct incident inc = { 0 };
	struct rowlist first;
	json_t *site = NULL;
	enum status st;

	memset(&x, 0, sizeof x);
	rowlist_init(&x.channels, sizeof(struct channel));
	rowlist_init(&first, sizeof(struct outbox_row));
	if (n != NULL)
		*n = 0;
	if (!db_in_transaction(s->db))
		return err_set(err, ST_INTERNAL, "dispatch_in_tx outside a "
		    "transaction");
	if (purpose == NULL || (strcmp(purpose, "publish") != 0 &&
	    strcmp(purpose, "correction") != 0 &&
	    strcmp(purpose, "withdrawal") != 0))
		return err_set(err, ST_INVALID, "purpose %s: publish, correction "
		    "or withdrawal", purpose != NULL ? purpose : "(missing)");
	x.s = s;
	x.revision = revision;
	x.purpose = purpose;
	if (d->comm.incident_id != 0) {
		if ((st = q_incident_by_id(s->db, d->comm.incident_id, &inc,
		    err)) != ST_OK)
			goto end;
		x.is_drill = inc.is_drill;
		x.embargo_until = inc.embargo_until;
	}
	if ((st = load_channels(&x, err)) != ST_OK)
		goto end;
	/* No channel, nothing to write: publishing is as it always was.
	 * A drill goes on, to be refused for want of an e-mail channel. */
	if (x.channels.count == 0 && !x.is_drill)
		goto end;
	/* The communication as this transaction has it (published, or
	 * withdrawn), with the playbook it started with. */
	if ((st = comm_load(s, d->comm.id, &x.doc, err)) != ST_OK)
		goto end;
	if ((st = settings_site(s, &site, err)) != ST_OK ||
	    (st = docmodel_item_draft(s, &x.doc, site, &x.item, err)) != ST_OK ||
	    (st = find_note(&x, err)) != ST_OK)
		goto end;
	find_not_before(&x);
	/* Every purpose of a drill: to its test list and channel only. */
	if (x.is_drill) {
		st = dispatch_drill(&x, &inc, err);
		goto end;
	}
	if (strcmp(purpose, "publish") != 0) {
		if ((st = q_outbox_first_targets(s->db, x.doc.comm.id, &first,
		    err)) != ST_OK)
			goto end;
		/* Published before there were channels: as a first time. */
		if (first.count > 0) {
			st = dispatch_again(&x, &first, err);
			goto end;
		}
	}
	st = dispatch_fresh(&x, err);
end:
	if (st == ST_OK && n != NULL)
		*n = x.n;
	rowlist_free(&first, (row_clear_fn)outbox_row_clear);
	rowlist_free(&x.channels, (row_clear_fn)channel_clear);
	json_decref(x.item);
	json_decref(site);
	free(x.note);
	incident_clear(&inc);
	if (x.doc.pb != NULL || x.doc.comm.id != 0)
		comm_doc_clear(&x.doc);
	return st;
}
