/* storage/records.c - freeing the row structs, and a growable row list. */
#include "config.h"

#include "storage/records.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static void
strv_free(char **v)
{
	char **p;

	if (v == NULL)
		return;
	for (p = v; *p != NULL; p++)
		free(*p);
	free(v);
}

#define FREE_FIELDS(ptr, ...) do { \
	char **f_[] = { __VA_ARGS__ }; \
	size_t i_; \
	for (i_ = 0; i_ < sizeof f_ / sizeof f_[0]; i_++) \
		free(*f_[i_]); \
	memset((ptr), 0, sizeof *(ptr)); \
} while (0)

void
user_clear(struct user *u)
{
	if (u == NULL)
		return;
	strv_free(u->roles);
	FREE_FIELDS(u, &u->login, &u->name, &u->email, &u->created_at,
	    &u->erased_at, &u->signing_key);
}

void
product_clear(struct product *p)
{
	if (p != NULL)
		FREE_FIELDS(p, &p->slug, &p->name, &p->description,
		    &p->created_at, &p->updated_at);
}

void
cycle_clear(struct cycle *c)
{
	if (c != NULL)
		FREE_FIELDS(c, &c->cycle, &c->release_date,
		    &c->active_support_end, &c->security_support_end, &c->eol,
		    &c->extended_support_end, &c->latest_version,
		    &c->post_eol_options, &c->eol_notice_sent_at,
		    &c->created_at, &c->updated_at);
}

void
customer_clear(struct customer *c)
{
	if (c != NULL)
		FREE_FIELDS(c, &c->name, &c->contact_email, &c->contract_ref,
		    &c->created_at, &c->erased_at);
}

void
deployment_clear(struct deployment *d)
{
	if (d != NULL)
		FREE_FIELDS(d, &d->version, &d->created_at);
}

void
incident_clear(struct incident *i)
{
	if (i != NULL)
		FREE_FIELDS(i, &i->ref, &i->title, &i->summary, &i->trigger_kind,
		    &i->severity, &i->cvss_vector, &i->state, &i->discovered_at,
		    &i->aware_at, &i->embargo_until, &i->created_at,
		    &i->updated_at, &i->fix_available_at);
}

void
communication_clear(struct communication *c)
{
	if (c != NULL)
		FREE_FIELDS(c, &c->kind, &c->audience, &c->title, &c->playbook,
		    &c->playbook_version, &c->playbook_hash, &c->variant,
		    &c->state, &c->created_at, &c->updated_at, &c->published_at);
}

void
communication_row_clear(struct communication_row *r)
{
	if (r == NULL)
		return;
	communication_clear(&r->comm);
	FREE_FIELDS(r, &r->incident_ref, &r->cycle_label);
}

void
answer_clear(struct answer *a)
{
	if (a != NULL)
		FREE_FIELDS(a, &a->field, &a->value, &a->edited_at);
}

void
affected_clear(struct affected *a)
{
	if (a != NULL)
		FREE_FIELDS(a, &a->version_range, &a->status, &a->justification,
		    &a->ecosystem, &a->package);
}

void
approval_clear(struct approval *a)
{
	if (a != NULL)
		FREE_FIELDS(a, &a->gate, &a->role, &a->decision, &a->comment,
		    &a->content_hash, &a->snapshot, &a->decided_at, &a->signer,
		    &a->signature);
}

void
template_row_clear(struct template_row *t)
{
	if (t != NULL)
		FREE_FIELDS(t, &t->name, &t->hash, &t->body, &t->source,
		    &t->imported_at);
}

void
subscriber_clear(struct subscriber *s)
{
	if (s == NULL)
		return;
	strv_free(s->lists);
	FREE_FIELDS(s, &s->address, &s->token, &s->created_at,
	    &s->confirmed_at, &s->unsubscribed_at, &s->erased_at);
}

void
channel_clear(struct channel *c)
{
	if (c != NULL)
		FREE_FIELDS(c, &c->name, &c->kind, &c->settings, &c->created_at);
}

void
outbox_row_clear(struct outbox_row *o)
{
	if (o != NULL)
		FREE_FIELDS(o, &o->target, &o->payload, &o->idempotency_key,
		    &o->state, &o->not_before, &o->lease_owner, &o->lease_until,
		    &o->next_attempt_at, &o->last_error, &o->delivered_at,
		    &o->external_ref, &o->created_at, &o->output, &o->purpose,
		    &o->updated_at);
}

void
drill_clear(struct drill *d)
{
	if (d != NULL)
		FREE_FIELDS(d, &d->playbook, &d->started_at, &d->finished_at,
		    &d->findings, &d->test_list, &d->results);
}

void
audit_row_clear(struct audit_row *a)
{
	if (a != NULL)
		FREE_FIELDS(a, &a->at, &a->actor, &a->action, &a->subject,
		    &a->detail, &a->prev_hash, &a->hash);
}

void
playbook_row_clear(struct playbook_row *p)
{
	if (p != NULL)
		FREE_FIELDS(p, &p->name, &p->version, &p->hash, &p->body,
		    &p->source, &p->imported_at);
}

void
revision_clear(struct revision *r)
{
	if (r != NULL)
		FREE_FIELDS(r, &r->reason, &r->started_at, &r->published_at,
		    &r->snapshot, &r->withdrawn_at, &r->withdrawn_reason);
}

void
step_mark_clear(struct step_mark *m)
{
	if (m != NULL)
		FREE_FIELDS(m, &m->step, &m->done_at);
}

void
rowlist_init(struct rowlist *l, size_t size)
{
	memset(l, 0, sizeof *l);
	l->size = size;
}

void *
rowlist_push(struct rowlist *l)
{
	void *p;

	if (l->count == l->cap) {
		l->cap = l->cap == 0 ? 8 : l->cap * 2;
		l->items = xreallocarray(l->items, l->cap, l->size);
	}
	p = (char *)l->items + l->count * l->size;
	memset(p, 0, l->size);
	l->count++;
	return p;
}

void *
rowlist_at(const struct rowlist *l, size_t i)
{
	return i < l->count ? (char *)l->items + i * l->size : NULL;
}

void
rowlist_reverse(struct rowlist *l)
{
	unsigned char *a, *b, t;
	size_t i, j, k;

	if (l->count < 2)
		return;
	for (i = 0, j = l->count - 1; i < j; i++, j--) {
		a = (unsigned char *)l->items + i * l->size;
		b = (unsigned char *)l->items + j * l->size;
		for (k = 0; k < l->size; k++) {
			t = a[k];
			a[k] = b[k];
			b[k] = t;
		}
	}
}

void
rowlist_free(struct rowlist *l, row_clear_fn clear)
{
	size_t i;

	if (l == NULL)
		return;
	if (clear != NULL)
		for (i = 0; i < l->count; i++)
			clear((char *)l->items + i * l->size);
	free(l->items);
	l->items = NULL;
	l->count = l->cap = 0;
}
