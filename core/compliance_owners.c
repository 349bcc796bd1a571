/* core/compliance_owners.c - does every product, policy and playbook
 * have a named owner (a herald user who is not erased)? */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/compliance_priv.h"
#include "core/owner.h"

enum status
cq_ownership(struct session *s, time_t now, struct compliance_result *r,
    struct err *err)
{
	struct rowlist rows;
	const struct owner_row *o;
	char ref[200], missing[300] = "";
	size_t i, len = 0, n_ok = 0, n_missing = 0;
	enum status st;

	(void)now;
	if ((st = owner_list(s, &rows, err)) != ST_OK)
		goto end;
	for (i = 0; i < rows.count; i++) {
		o = rowlist_at(&rows, i);
		snprintf(ref, sizeof ref, "%s %s", o->kind, o->name);
		if (o->login != NULL) {
			n_ok++;
			compliance_add(r, o->kind, o->id, o->name, o->set_at,
			    CS_MET, "owned by %s", o->login);
			continue;
		}
		compliance_add(r, o->kind, o->id, o->name, NULL, CS_NOT_MET,
		    o->user_id != 0 ? "no owner: its owner was erased" :
		    "no owner");
		/* The figure names the first few. */
		if (++n_missing <= 3 && len < sizeof missing)
			len += (size_t)snprintf(missing + len, sizeof missing - len,
			    "%s%s", n_missing == 1 ? "; no owner: " : ", ", ref);
	}
	if (n_missing > 3 && len < sizeof missing)
		snprintf(missing + len, sizeof missing - len, " and %zu more",
		    n_missing - 3);
	if (rows.count == 0) {
		r->status = CS_NO_DATA;
		compliance_figure(r, "nothing to own yet");
		goto end;
	}
	compliance_figure(r, "%zu of %zu products, policies and playbooks have "
	    "a named owner%s", n_ok, rows.count, missing);
end:
	rowlist_free(&rows, (row_clear_fn)owner_row_clear);
	return st;
}
