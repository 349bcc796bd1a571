/* core/preapproval.c - templates and playbooks approved in advance. */
#include "config.h"

#include "core/preapproval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
preapproval_clear(struct preapproval *p)
{
	if (p == NULL)
		return;
	free(p->kind);
	free(p->name);
	free(p->version);
	free(p->hash);
	free(p->role);
	free(p->comment);
	free(p->decided_at);
	free(p->revoked_at);
	free(p->signer);
	free(p->signature);
	memset(p, 0, sizeof *p);
}

enum status
preapproval_grant(struct session *s, const struct preapproval_new *in,
    long long *id, struct err *err)
{
	(void)s;
	(void)in;
	(void)id;
	return err_set(err, ST_INVALID, "pre-approvals are not built yet");
}

enum status
preapproval_revoke(struct session *s, long long id, struct err *err)
{
	(void)s;
	(void)id;
	return err_set(err, ST_INVALID, "pre-approvals are not built yet");
}

enum status
preapproval_list(struct session *s, struct rowlist *out, struct err *err)
{
	(void)s;
	(void)err;
	rowlist_init(out, sizeof(struct preapproval));
	return ST_OK;
}

enum status
preapproval_gate_passes(struct session *s, const struct comm_doc *d,
    const struct content *c, const struct pb_step *gate, bool *passes,
    char *why, size_t n, struct err *err)
{
	(void)s;
	(void)d;
	(void)c;
	(void)gate;
	(void)err;
	*passes = false;
	snprintf(why, n, "no pre-approval");
	return ST_OK;
}
