/* core/compliance_remediation.c - does every published report tell
 * customers what to do, and is every post-incident report kept in an
 * internal and an external version? */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/compliance_priv.h"
#include "storage/q_evidence_docs.h"

enum status
cq_remediation_actions(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct rowlist comms;
	const struct ev_comm *c;
	char ref[200], missing[240] = "";
	size_t i, n_ok = 0;
	enum status st;

	(void)now;
	if ((st = q_evidence_action_comms(s->db, &comms, err)) != ST_OK)
		goto end;
	if (comms.count == 0) {
		r->status = CS_NO_DATA;
		compliance_figure(r, "no advisories, customer notices or external "
		    "post-incident reports published yet");
		goto end;
	}
	for (i = 0; i < comms.count; i++) {
		c = rowlist_at(&comms, i);
		snprintf(ref, sizeof ref, "%s %s", c->ref, c->kind);
		if (c->has_actions) {
			n_ok++;
			compliance_add(r, "communication", c->id, ref,
			    c->published_at, CS_MET, "\"%s\" gives customer "
			    "actions", c->title);
			continue;
		}
		compliance_add(r, "communication", c->id, ref, c->published_at,
		    CS_NOT_MET, "\"%s\" was published without customer actions",
		    c->title);
		if (missing[0] == '\0')
			snprintf(missing, sizeof missing, "; %s has none", ref);
	}
	compliance_figure(r, "%zu of %zu published report%s give%s customers "
	    "actionable steps%s", n_ok, comms.count, comms.count == 1 ? "" :
	    "s", comms.count == 1 ? "s" : "", missing);
end:
	rowlist_free(&comms, (row_clear_fn)ev_comm_clear);
	return st;
}

/* What P lacks for people ("no external version; internal version not
 * published") into BUF of N bytes; "" when nothing. */
static void
pir_missing(const struct ev_pir *p, char *buf, size_t n)
{
	static const char *const names[2] = { "internal", "external" };
	long long total[2] = { p->n_internal, p->n_external };
	long long pub[2] = { p->n_internal_published, p->n_external_published };
	size_t len = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; k < 2 && len < n; k++) {
		if (total[k] > 0 && pub[k] > 0)
			continue;
		len += (size_t)snprintf(buf + len, n - len, "%s%s", len > 0 ?
		    "; " : "", total[k] == 0 ? "no " : "");
		if (len >= n)
			break;
		len += (size_t)snprintf(buf + len, n - len, total[k] == 0 ?
		    "%s version" : "%s version not published", names[k]);
	}
}

enum status
cq_remediation_versions(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct rowlist pirs;
	const struct ev_pir *p;
	char missing[120], first[200] = "";
	size_t i, n_ok = 0;
	enum status st;

	(void)now;
	if ((st = q_evidence_pirs(s->db, &pirs, err)) != ST_OK)
		goto end;
	if (pirs.count == 0) {
		r->status = CS_NO_DATA;
		compliance_figure(r, "no post-incident reports yet");
		goto end;
	}
	for (i = 0; i < pirs.count; i++) {
		p = rowlist_at(&pirs, i);
		pir_missing(p, missing, sizeof missing);
		if (missing[0] == '\0') {
			n_ok++;
			compliance_add(r, "incident", p->incident_id, p->ref, p->at,
			    CS_MET, "internal and external versions published");
			continue;
		}
		compliance_add(r, "incident", p->incident_id, p->ref, p->at,
		    CS_NOT_MET, "%s", missing);
		if (first[0] == '\0')
			snprintf(first, sizeof first, "; %s: %s", p->ref, missing);
	}
	compliance_figure(r, "%zu of %zu incident%s with a post-incident report "
	    "keep%s both versions%s", n_ok, pirs.count, pirs.count == 1 ? "" :
	    "s", pirs.count == 1 ? "s" : "", first);
end:
	rowlist_free(&pirs, (row_clear_fn)ev_pir_clear);
	return st;
}
