/* core/compliance_ids.c - incident IDs: does every message delivered
 * about an incident carry its reference. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/compliance_priv.h"
#include "storage/q_evidence_notify.h"

/* N with a comma every three digits ("1,200") into BUF of SIZE bytes. */
static const char *
count_text(long long n, char *buf, size_t size)
{
	char digits[32];
	size_t len, i, k = 0;

	snprintf(digits, sizeof digits, "%lld", n < 0 ? 0 : n);
	len = strlen(digits);
	for (i = 0; i < len && k + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
	return buf;
}

enum status
cq_ids_messages(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct rowlist comms;
	const struct evn_messages *m;
	long long n = 0, missing = 0;
	size_t i, n_bad = 0;
	char a[32], b[32];
	enum status st;

	(void)now;
	if ((st = q_evn_messages(s->db, &comms, err)) != ST_OK)
		goto end;
	for (i = 0; i < comms.count; i++) {
		m = rowlist_at(&comms, i);
		n += m->n_delivered;
		missing += m->n_missing;
		count_text(m->n_delivered, a, sizeof a);
		if (m->n_missing == 0)
			compliance_add(r, "communication", m->comm_id, m->title,
			    m->last_delivered_at, CS_MET, m->n_delivered == 1 ?
			    "%s message; it carries %s" : "%s messages, all carry "
			    "%s", a, m->incident_ref);
		else {
			n_bad++;
			compliance_add(r, "communication", m->comm_id, m->title,
			    m->last_delivered_at, CS_NOT_MET, "%s of %s message%s "
			    "lack %s", count_text(m->n_missing, b, sizeof b), a,
			    m->n_delivered == 1 ? "" : "s", m->incident_ref);
		}
	}
	if (comms.count == 0) {
		r->status = CS_NO_DATA;
		compliance_figure(r, "no message about an incident delivered yet");
	} else if (missing == 0)
		compliance_figure(r, "%s message%s delivered in %zu "
		    "communication%s; all carry their incident ID",
		    count_text(n, a, sizeof a), n == 1 ? "" : "s", comms.count,
		    comms.count == 1 ? "" : "s");
	else
		compliance_figure(r, "%s of %s delivered messages lack their "
		    "incident ID, in %zu communication%s",
		    count_text(missing, a, sizeof a), count_text(n, b, sizeof b),
		    n_bad, n_bad == 1 ? "" : "s");
end:
	rowlist_free(&comms, (row_clear_fn)evn_messages_clear);
	return st;
}
