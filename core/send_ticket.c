/* core/send_ticket.c - what the ticket drivers (Jira, ServiceNow) share:
 * a system that takes no idempotency key is asked first, on a later
 * attempt at the same row, for the ticket an earlier attempt may have
 * made, and the ticket is created only when that look-up finds none.
 */
#include "config.h"

#include "core/driver.h"
#include "core/secret.h"

#include <stdio.h>
#include <stdlib.h>

bool
send_ticket_is_retry(const struct send_job *j)
{
	return j->row != NULL && j->row->attempts > 1;
}

bool
send_ticket_has_summary(const struct send_job *j, struct send_result *r)
{
	if (jstr_text(j->payload, "summary") != NULL)
		return true;
	r->outcome = SEND_PERMANENT;
	snprintf(r->error, sizeof r->error, "the ticket has no summary");
	return false;
}

enum status
send_ticket_start(struct send_job *j,
    bool (*init)(struct send_job *j, struct send_result *r),
    struct send_result *r)
{
	struct send_ticket *t = j->priv;
	char *url, *body = NULL;
	json_t *o = NULL;

	if (t == NULL && !init(j, r))
		return ST_OK;
	t = j->priv;
	url = t->url_for(t);
	if (!t->is_lookup) {
		o = t->body(j, t->key);
		body = jdump(o, JSON_COMPACT);
	}
	if (send_http_setup(j, body != NULL ? "POST" : "GET", url, body, r))
		send_http_auth(j, jstr_nonempty(j->settings, "username"),
		    t->secret);
	json_decref(o);
	free(body);
	free(url);
	return ST_OK;
}

void
send_ticket_finish(struct send_job *j, CURLcode cc, struct send_result *r)
{
	struct send_ticket *t = j->priv;
	json_t *answer;
	bool is_none = false;

	send_http_classify(j, cc, r);
	if (t == NULL)
		return;
	if (r->outcome != SEND_DELIVERED) {
		send_error_context(r, "%s, %s", t->system, t->is_lookup ?
		    t->lookup_doing : t->create_doing);
		return;
	}
	answer = send_answer(j);
	r->external_ref = t->ref(answer, t->is_lookup, &is_none);
	if (is_none) {
		/* None made yet: create it now. */
		t->is_lookup = false;
		r->outcome = SEND_AGAIN;
	} else if (r->external_ref == NULL) {
		/* Made, perhaps, but unnamed: the next attempt looks. */
		r->outcome = SEND_RETRY;
		snprintf(r->error, sizeof r->error, "%s", t->no_ref);
	}
	json_decref(answer);
}

void
send_ticket_cleanup(struct send_job *j)
{
	struct send_ticket *t = j->priv;

	if (t == NULL)
		return;
	secret_free(t->secret);
	free(t->url);
	free(t->key);
	free(t);
	j->priv = NULL;
}
