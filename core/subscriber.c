/* core/subscriber.c - subscribers: tokens, consent and erasure, audited. */
#include "config.h"

#include "core/subscriber.h"

#include <ctype.h>
#include <jansson.h>
#include <openssl/rand.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/incident.h"
#include "core/outbox.h"
#include "core/product.h"
#include "core/settings.h"
#include "storage/q_channel.h"
#include "storage/q_customer.h"
#include "storage/q_product.h"
#include "util/xalloc.h"

static const char *const kinds[] = {
	"advisories", "breach", "lifecycle", "drill", NULL,
};

const char *const *
subscriber_list_kinds(void)
{
	return kinds;
}

enum status
subscriber_check_address(const char *field, const char *address,
    struct err *err)
{
	const unsigned char *p;
	const char *at;

	if (field == NULL)
		field = "address";
	if (address == NULL || *address == '\0')
		return err_set(err, ST_INVALID, "%s: an e-mail address is required",
		    field);
	if (strlen(address) > SUBSCRIBER_ADDRESS_MAX)
		return err_set(err, ST_INVALID, "%s: an e-mail address has at most "
		    "%d characters (got %zu)", field, SUBSCRIBER_ADDRESS_MAX,
		    strlen(address));
	for (p = (const unsigned char *)address; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f)
			return err_set(err, ST_INVALID, "%s: an e-mail address has "
			    "no spaces or control characters", field);
	at = strchr(address, '@');
	if (at == NULL || strchr(at + 1, '@') != NULL)
		return err_set(err, ST_INVALID, "%s: %s: an e-mail address has "
		    "exactly one @", field, address);
	if (at == address || at[1] == '\0')
		return err_set(err, ST_INVALID, "%s: %s: an e-mail address needs "
		    "text before and after the @", field, address);
	return ST_OK;
}

enum status
subscriber_check_list(const char *list, struct err *err)
{
	const char *colon;
	char kind[16], all[64];
	size_t n;

	if (list == NULL || *list == '\0')
		return err_set(err, ST_INVALID, "list: required (like advisories:* "
		    "or lifecycle:acme-server)");
	if ((colon = strchr(list, ':')) == NULL)
		return err_set(err, ST_INVALID, "list %s: expected KIND:PRODUCT, like "
		    "advisories:* or lifecycle:acme-server", list);
	n = (size_t)(colon - list);
	if (n >= sizeof kind)
		n = sizeof kind - 1;
	memcpy(kind, list, n);
	kind[n] = '\0';
	if (!vocab_has(kinds, kind) || (size_t)(colon - list) != n)
		return err_set(err, ST_INVALID, "list %s: the kind must be one of %s",
		    list, vocab_join(kinds, all, sizeof all));
	if (strcmp(colon + 1, "*") != 0 && product_check_slug(colon + 1, NULL) !=
	    ST_OK)
		return err_set(err, ST_INVALID, "list %s: after the colon comes * or "
		    "a product slug (lowercase letters, digits, '-', '.', '_')",
		    list);
	return ST_OK;
}

char *
subscriber_normalise(const char *address)
{
	char *copy = xstrdup(address), *p;

	if ((p = strchr(copy, '@')) != NULL)
		for (; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	return copy;
}

#define normalise subscriber_normalise

/* Fill HEX (SUBSCRIBER_TOKEN_HEX + 1 bytes) with a random token. */
static enum status
make_token(char *hex, struct err *err)
{
	unsigned char raw[SUBSCRIBER_TOKEN_HEX / 2];
	size_t i;

	if (RAND_bytes(raw, (int)sizeof raw) != 1)
		return err_set(err, ST_INTERNAL, "no random numbers available for "
		    "a subscription token");
	for (i = 0; i < sizeof raw; i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	return ST_OK;
}

static enum status
check_token(const char *token, struct err *err)
{
	size_t i;

	if (token == NULL || strlen(token) != SUBSCRIBER_TOKEN_HEX)
		goto bad;
	for (i = 0; i < SUBSCRIBER_TOKEN_HEX; i++)
		if (!isdigit((unsigned char)token[i]) &&
		    (token[i] < 'a' || token[i] > 'f'))
			goto bad;
	return ST_OK;
bad:
	return err_set(err, ST_INVALID, "token: not a subscription token (%d "
	    "lowercase hexadecimal digits)", SUBSCRIBER_TOKEN_HEX);
}

/* Whether LISTS[I] already appears before I. */
static bool
is_repeat(const char *const *lists, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(lists[j], lists[i]) == 0)
			return true;
	return false;
}

enum status
subscriber_check_lists_known(struct session *s, const char *const *lists,
    struct err *err)
{
	struct product p = { 0 };
	enum status st;
	size_t i;

	if (lists == NULL || lists[0] == NULL)
		return err_set(err, ST_INVALID, "lists: choose at least one (like "
		    "advisories:* or lifecycle:acme-server)");
	for (i = 0; lists[i] != NULL; i++) {
		const char *slug;

		if ((st = subscriber_check_list(lists[i], err)) != ST_OK)
			return st;
		slug = strchr(lists[i], ':') + 1;
		if (strcmp(slug, "*") == 0)
			continue;
		st = q_product_by_slug(s->db, slug, &p, err);
		product_clear(&p);
		if (st == ST_NOTFOUND)
			return err_set(err, ST_INVALID, "list %s: no product %s (see "
			    "herald product list)", lists[i], slug);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

void
subscriber_mailer_clear(struct subscriber_mailer *m)
{
	if (m == NULL)
		return;
	free(m->site_url);
	memset(m, 0, sizeof *m);
}

enum status
subscriber_mailer_find(struct session *s, struct subscriber_mailer *m,
    struct err *err)
{
	struct rowlist chans;
	size_t i, n;
	enum status st;

	memset(m, 0, sizeof *m);
	if ((st = q_channel_list(s->db, &chans, err)) != ST_OK)
		goto end;
	for (i = 0; i < chans.count && m->channel_id == 0; i++) {
		const struct channel *c = rowlist_at(&chans, i);

		if (c->is_enabled && strcmp(c->kind, "email") == 0)
			m->channel_id = c->id;
	}
	if (m->channel_id == 0)
		goto end;
	if ((st = setting_get(s, "site.url", &m->site_url, err)) != ST_OK)
		goto end;
	/* "https://example.org/" and "https://example.org" alike. */
	if (m->site_url != NULL)
		for (n = strlen(m->site_url); n > 0 && m->site_url[n - 1] == '/';
		    n--)
			m->site_url[n - 1] = '\0';
end:
	rowlist_free(&chans, (row_clear_fn)channel_clear);
	return st;
}

/* Queue the message asking SUB to confirm, through M. */
static enum status
queue_confirmation(struct session *s, const struct subscriber *sub,
    const struct subscriber_mailer *m, struct err *err)
{
	struct outbox_new o = { 0 };
	char key[64], *text = NULL, *payload = NULL;
	char *site = NULL;
	json_t *j;
	enum status st;

	if (setting_get(s, "site.title", &site, NULL) != ST_OK || site == NULL)
		site = xstrdup(m->site_url);
	text = xasprintf("Someone, probably you, asked to receive security "
	    "news from %s at this address.\n\nTo confirm, open this link:\n"
	    "%s/confirm?token=%s\n\nIf it was not you, ignore this message: "
	    "nothing will be sent to you without your confirmation.\n", site,
	    m->site_url, sub->token);
	j = json_pack("{s:s, s:s, s:s}", "to", sub->address, "subject",
	    "Please confirm your subscription", "text", text);
	payload = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	snprintf(key, sizeof key, "confirmation-s%lld-ch%lld", sub->id,
	    m->channel_id);
	o.channel_id = m->channel_id;
	o.target = sub->address;
	o.payload = payload;
	o.idempotency_key = key;
	o.purpose = "confirmation";
	o.subscriber_id = sub->id;
	o.customer_id = sub->customer_id;
	st = outbox_enqueue_in_tx(s->db, s->actor, &o, NULL, err);
	free(payload);
	free(text);
	free(site);
	return st;
}

enum status
subscriber_add_in_tx(struct session *s, const struct subscriber_new *in,
    const struct subscriber_mailer *m, const char *now, long long *id,
    struct err *err)
{
	char token[SUBSCRIBER_TOKEN_HEX + 1];
	struct subscriber sub = { 0 };
	json_t *names, *detail;
	size_t i;
	enum status st;

	if ((st = make_token(token, err)) != ST_OK)
		return st;
	sub.address = (char *)in->address;
	sub.token = token;
	sub.created_at = (char *)now;
	sub.confirmed_at = in->is_confirmed ? (char *)now : NULL;
	sub.customer_id = in->customer_id;
	if ((st = q_subscriber_insert(s->db, &sub, err)) != ST_OK)
		return st;
	names = json_array();
	for (i = 0; in->lists[i] != NULL; i++) {
		if (!is_repeat(in->lists, i))
			json_array_append_new(names, json_string(in->lists[i]));
		if ((st = q_subscriber_add_list(s->db, sub.id, in->lists[i], err)) !=
		    ST_OK) {
			json_decref(names);
			return st;
		}
	}
	/* The address stays out of the chain: it may be erased. */
	detail = json_pack("{s:o}", "lists", names);
	if (in->is_confirmed)
		json_object_set_new(detail, "confirmed_by", json_string("admin"));
	if (in->customer_id != 0)
		json_object_set_new(detail, "customer",
		    json_integer(in->customer_id));
	st = audit_record(s->db, s->actor, "subscriber.add", "subscriber",
	    sub.id, err, "o", detail);
	if (st == ST_OK && !in->is_confirmed && m != NULL && m->channel_id != 0 &&
	    m->site_url != NULL)
		st = queue_confirmation(s, &sub, m, err);
	if (st == ST_OK && id != NULL)
		*id = sub.id;
	return st;
}

/* Check that customer ID (0: none) exists and is not erased. */
static enum status
check_customer(struct session *s, long long id, struct err *err)
{
	struct customer c = { 0 };
	enum status st;

	if (id == 0)
		return ST_OK;
	if ((st = q_customer_by_id(s->db, id, &c, err)) != ST_OK)
		err_prefix(err, "customer");
	else if (c.erased_at != NULL)
		st = err_set(err, ST_INVALID, "customer: customer %lld was erased",
		    id);
	customer_clear(&c);
	return st;
}

enum status
subscriber_add_new(struct session *s, const struct subscriber_new *in,
    long long *id, struct err *err)
{
	struct subscriber_mailer m = { 0 };
	struct subscriber_new copy = *in;
	char now[CLOCK_BUFSZ], *addr = NULL;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = subscriber_check_address("address", in->address, err)) != ST_OK)
		return st;
	if (in->customer_id < 0)
		return err_set(err, ST_INVALID, "customer: no customer with id "
		    "%lld", in->customer_id);
	addr = normalise(in->address);
	copy.address = addr;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto done;
	if ((st = subscriber_check_lists_known(s, in->lists, err)) != ST_OK ||
	    (st = check_customer(s, in->customer_id, err)) != ST_OK ||
	    (st = subscriber_mailer_find(s, &m, err)) != ST_OK)
		goto end;
	st = subscriber_add_in_tx(s, &copy, &m, now, id, err);
end:
	st = db_end(s->db, st, err);
done:
	subscriber_mailer_clear(&m);
	free(addr);
	return st;
}

enum status
subscriber_add(struct session *s, const char *address,
    const char *const *lists, long long *id, struct err *err)
{
	struct subscriber_new in = { 0 };

	in.address = address;
	in.lists = lists;
	return subscriber_add_new(s, &in, id, err);
}

/* Confirm (IS_CONFIRM) or cancel the subscription TOKEN names. */
static enum status
consent(struct session *s, const char *token, bool is_confirm,
    struct err *err)
{
	struct subscriber sub = { 0 };
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = check_token(token, err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_subscriber_by_token(s->db, token, &sub, err)) != ST_OK)
		goto end;
	if (sub.erased_at != NULL) {
		st = err_set(err, ST_NOTFOUND, "no subscription with that token");
		goto end;
	}
	if (sub.unsubscribed_at != NULL) {
		if (is_confirm)
			st = err_set(err, ST_INVALID, "this subscription was "
			    "cancelled at %s; subscribe again to receive news",
			    sub.unsubscribed_at);
		goto end;                       /* cancelling twice: done */
	}
	if (is_confirm && sub.confirmed_at != NULL)
		goto end;                       /* confirming twice: done */
	st = is_confirm ? q_subscriber_set_confirmed(s->db, sub.id, now, err) :
	    q_subscriber_set_unsubscribed(s->db, sub.id, now, err);
	if (st != ST_OK)
		goto end;
	st = audit_record(s->db, "system", is_confirm ? "subscriber.confirm" :
	    "subscriber.unsubscribe", "subscriber", sub.id, err, NULL);
end:
	st = db_end(s->db, st, err);
	subscriber_clear(&sub);
	return st;
}

enum status
subscriber_confirm(struct session *s, const char *token, struct err *err)
{
	return consent(s, token, true, err);
}

enum status
subscriber_unsubscribe(struct session *s, const char *token, struct err *err)
{
	return consent(s, token, false, err);
}

enum status
subscriber_get(struct session *s, long long id, struct subscriber *out,
    struct err *err)
{
	return q_subscriber_by_id(s->db, id, out, err);
}

enum status
subscriber_get_by_address(struct session *s, const char *address,
    struct subscriber *out, struct err *err)
{
	char *addr;
	enum status st;

	if (address == NULL || *address == '\0')
		return err_set(err, ST_INVALID, "which subscriber? give an e-mail "
		    "address");
	addr = normalise(address);
	st = q_subscriber_by_address(s->db, addr, out, err);
	if (st == ST_NOTFOUND)
		err_set(err, st, "%s is not a subscriber", addr);
	free(addr);
	return st;
}

enum status
subscriber_list(struct session *s, const char *list, long long limit,
    long long offset, struct rowlist *out, struct err *err)
{
	enum status st;

	rowlist_init(out, sizeof(struct subscriber));
	if (list != NULL && (st = subscriber_check_list(list, err)) != ST_OK)
		return st;
	if (limit < 0 || offset < 0)
		return err_set(err, ST_INVALID, "limit and offset cannot be "
		    "negative");
	return q_subscriber_list(s->db, list, limit, offset, out, err);
}

enum status
subscriber_erase(struct session *s, long long id, struct err *err)
{
	struct subscriber sub = { 0 };
	char now[CLOCK_BUFSZ];
	long long dropped = 0;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_subscriber_by_id(s->db, id, &sub, err)) != ST_OK)
		goto end;
	if (sub.erased_at != NULL)
		goto end;                       /* erasing twice: done */
	if ((st = q_subscriber_clear_lists(s->db, id, &dropped, err)) != ST_OK ||
	    (st = q_subscriber_erase(s->db, id, now, err)) != ST_OK ||
	    (st = q_outbox_forget_subscriber(s->db, id, now, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "subscriber.erase", "subscriber", id,
	    err, "{s:I}", "lists_dropped", (json_int_t)dropped);
end:
	st = db_end(s->db, st, err);
	subscriber_clear(&sub);
	return st;
}

enum status
subscriber_recipients(struct session *s, const char *kind,
    const char *product_slug, struct rowlist *out, struct err *err)
{
	char all[64];
	enum status st;

	rowlist_init(out, sizeof(struct subscriber));
	if (!vocab_has(kinds, kind))
		return err_set(err, ST_INVALID, "kind %s: expected one of %s",
		    kind != NULL ? kind : "(missing)",
		    vocab_join(kinds, all, sizeof all));
	if (product_slug != NULL &&
	    (st = product_check_slug(product_slug, err)) != ST_OK)
		return st;
	return q_subscriber_recipients(s->db, kind, product_slug, out, err);
}

const char *
subscriber_state(const struct subscriber *sub)
{
	if (sub->erased_at != NULL)
		return "erased";
	if (sub->unsubscribed_at != NULL)
		return "unsubscribed";
	return sub->confirmed_at != NULL ? "confirmed" : "unconfirmed";
}

enum status
subscriber_search(struct session *s, const char *list, const char *text,
    long long limit, long long offset, struct rowlist *out, struct err *err)
{
	enum status st;

	rowlist_init(out, sizeof(struct subscriber));
	if (list != NULL && (st = subscriber_check_list(list, err)) != ST_OK)
		return st;
	if (limit < 0 || offset < 0)
		return err_set(err, ST_INVALID, "limit and offset cannot be "
		    "negative");
	return q_subscriber_search(s->db, list, text, limit, offset, out, err);
}

enum status
subscriber_list_for_customer(struct session *s, long long customer_id,
    struct rowlist *out, struct err *err)
{
	return q_subscriber_for_customer(s->db, customer_id, out, err);
}

enum status
subscriber_lists(struct session *s, struct rowlist *out, struct err *err)
{
	return q_subscriber_list_counts(s->db, out, err);
}

enum status
subscriber_unsubscribe_address(struct session *s, const char *address,
    struct err *err)
{
	struct subscriber sub = { 0 };
	char now[CLOCK_BUFSZ], *addr = NULL;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = subscriber_check_address("address", address, err)) != ST_OK)
		return st;
	addr = normalise(address);
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto done;
	if ((st = q_subscriber_by_address(s->db, addr, &sub, err)) != ST_OK) {
		if (st == ST_NOTFOUND)
			err_set(err, st, "%s is not a subscriber", addr);
		goto end;
	}
	if (sub.unsubscribed_at != NULL)
		goto end;                       /* cancelling twice: done */
	if ((st = q_subscriber_set_unsubscribed(s->db, sub.id, now, err)) !=
	    ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "subscriber.unsubscribe",
	    "subscriber", sub.id, err, "{s:s}", "by", "admin");
end:
	st = db_end(s->db, st, err);
done:
	subscriber_clear(&sub);
	free(addr);
	return st;
}
