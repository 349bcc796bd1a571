/* core/preapproval.c - templates and playbooks approved in advance by
 * legal and PR: granting, withdrawing and listing them. Whether a gate
 * passes on them is core/preapproval_gate.c's. */
#include "config.h"

#include "core/preapproval.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/incident.h"
#include "core/playbook.h"
#include "core/review.h"
#include "core/template.h"
#include "storage/q_playbook.h"
#include "util/xalloc.h"

/* Only legal and PR approve in advance: the others read every word. */
static const char *const pre_roles[] = {
	"approver:legal", "approver:pr", NULL,
};

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
	free(p->approver_login);
	memset(p, 0, sizeof *p);
}

char *
preapproval_label(const struct preapproval *p, char *buf, size_t n)
{
	bool is_template = p->kind != NULL && strcmp(p->kind, "template") == 0;

	snprintf(buf, n, "%s %s %s%s", p->kind != NULL ? p->kind : "?",
	    p->name != NULL ? p->name : "?", is_template ? "v" : "",
	    p->version != NULL ? p->version : "?");
	return buf;
}

/* The role the acting user pre-approves in: ROLE, or their legal role,
 * else their PR role. */
static enum status
pick_role(const struct session *s, const char *role, const char **out,
    struct err *err)
{
	size_t i;

	*out = NULL;
	if (role != NULL) {
		if (!vocab_has(pre_roles, role))
			return err_set(err, ST_INVALID, "role %s: only approver:legal "
			    "and approver:pr pre-approve; the other gates read "
			    "every word", role);
		if (!session_has_role(s, role))
			return err_set(err, ST_DENIED, "%s does not hold the %s role",
			    s->login, role);
		*out = role;
		return ST_OK;
	}
	for (i = 0; pre_roles[i] != NULL; i++)
		if (session_has_role(s, pre_roles[i])) {
			*out = pre_roles[i];
			return ST_OK;
		}
	return err_set(err, ST_DENIED, "%s holds neither approver:legal nor "
	    "approver:pr: only legal and PR pre-approve", s->login);
}

/* A template version as given: "2" or "v2", a whole number from 1. */
static enum status
template_version(const char *v, long long *out, struct err *err)
{
	const char *p = v;
	long long n = 0;

	if (*p == 'v' || *p == 'V')
		p++;
	if (*p == '\0')
		goto bad;
	for (; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p) || n > 100000000)
			goto bad;
		n = n * 10 + (*p - '0');
	}
	if (n < 1)
		goto bad;
	*out = n;
	return ST_OK;
bad:
	return err_set(err, ST_INVALID, "version %s: template versions are "
	    "whole numbers from 1 (\"2\" or \"v2\")", v);
}

/* Fill P's name, version and hash from the imported template IN names. */
static enum status
resolve_template(struct session *s, const struct preapproval_new *in,
    struct preapproval *p, struct err *err)
{
	struct template_row t = { 0 };
	long long version = 0;
	enum status st;

	if (in->version != NULL &&
	    (st = template_version(in->version, &version, err)) != ST_OK)
		return st;
	st = version > 0 ? template_get(s, in->name, version, &t, err) :
	    template_get_latest(s, in->name, &t, err);
	if (st == ST_NOTFOUND) {
		if (version > 0)
			st = err_set(err, st, "no template %s version %lld: see "
			    "herald template list", in->name, version);
		else
			st = err_set(err, st, "no template %s: import it with "
			    "herald template import", in->name);
	}
	if (st == ST_OK) {
		p->name = xstrdup(t.name);
		p->version = xasprintf("%lld", t.version);
		p->hash = xstrdup(t.hash);
	}
	template_row_clear(&t);
	return st;
}

/* Fill P from the playbook IN names: the file herald would start it from,
 * or the copy a communication stored at that version. */
static enum status
resolve_playbook(struct session *s, const struct preapproval_new *in,
    struct preapproval *p, struct err *err)
{
	struct playbook *pb = NULL;
	struct playbook_row row = { 0 };
	char *path = NULL, file_version[64] = "";
	enum status st;

	st = playbook_find(in->name, &path, err);
	if (st == ST_OK && (st = playbook_load_file(path, &pb, NULL,
	    err)) != ST_OK)
		goto end;            /* a file that does not parse: say where */
	if (st == ST_OK) {
		snprintf(file_version, sizeof file_version, "%s", pb->version);
		if (in->version == NULL || strcmp(in->version, pb->version) == 0) {
			p->name = xstrdup(pb->name);
			p->version = xstrdup(pb->version);
			p->hash = xstrdup(pb->hash);
			goto end;
		}
	} else if (st != ST_NOTFOUND)
		goto end;
	err_clear(err);
	st = q_playbook_newest(s->db, in->name, in->version, &row, err);
	if (st == ST_OK) {
		p->name = xstrdup(row.name);
		p->version = xstrdup(row.version);
		p->hash = xstrdup(row.hash);
	} else if (st == ST_NOTFOUND) {
		if (in->version == NULL)
			st = err_set(err, st, "no playbook %s: see herald playbook "
			    "list", in->name);
		else if (*file_version != '\0')
			st = err_set(err, st, "no playbook %s version %s (its file "
			    "is at version %s)", in->name, in->version,
			    file_version);
		else
			st = err_set(err, st, "no playbook %s version %s",
			    in->name, in->version);
	}
end:
	playbook_row_clear(&row);
	playbook_free(&pb);
	free(path);
	return st;
}

/* Whether the acting user has pre-approved P's text under P's name in
 * P's role already: its id into *ID (0: no). */
static enum status
find_own(struct session *s, const struct preapproval *p, long long *id,
    struct err *err)
{
	const struct preapproval *q;
	struct rowlist l;
	enum status st;
	size_t i;

	*id = 0;
	st = q_preapproval_in_force(s->db, p->kind, p->hash, p->role, &l, err);
	for (i = 0; st == ST_OK && i < l.count && *id == 0; i++) {
		q = rowlist_at(&l, i);
		if (q->approver_id == p->approver_id &&
		    strcmp(q->name, p->name) == 0)
			*id = q->id;
	}
	rowlist_free(&l, (row_clear_fn)preapproval_clear);
	return st;
}

enum status
preapproval_grant(struct session *s, const struct preapproval_new *in,
    long long *id, struct err *err)
{
	struct preapproval p = { 0 };
	char now[CLOCK_BUFSZ], label[300];
	const char *role = NULL;
	long long dup = 0;
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (in == NULL || in->kind == NULL || (strcmp(in->kind, "template") !=
	    0 && strcmp(in->kind, "playbook") != 0))
		return err_set(err, ST_INVALID, "pre-approve what? a template or "
		    "a playbook");
	if (in->name == NULL || *in->name == '\0')
		return err_set(err, ST_INVALID, "name: which %s?", in->kind);
	if (in->comment != NULL && strlen(in->comment) >
	    PREAPPROVAL_COMMENT_MAX)
		return err_set(err, ST_INVALID, "comment: at most %d characters "
		    "(got %zu)", PREAPPROVAL_COMMENT_MAX, strlen(in->comment));
	if ((st = pick_role(s, in->role, &role, err)) != ST_OK)
		return st;
	p.kind = xstrdup(in->kind);
	st = strcmp(in->kind, "template") == 0 ? resolve_template(s, in, &p,
	    err) : resolve_playbook(s, in, &p, err);
	if (st != ST_OK)
		goto out;
	clock_now_str(now);
	p.role = xstrdup(role);
	p.approver_id = s->user.id;
	p.comment = xstrdup(in->comment != NULL ? in->comment : "");
	p.decided_at = xstrdup(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto out;
	if ((st = find_own(s, &p, &dup, err)) != ST_OK)
		goto end;
	if (dup != 0) {
		st = err_set(err, ST_EXISTS, "%s pre-approved %s as %s already "
		    "(pre-approval %lld)", s->login, preapproval_label(&p, label,
		    sizeof label), role, dup);
		goto end;
	}
	if ((st = q_preapproval_insert(s->db, &p, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "preapproval.grant", "preapproval",
	    p.id, err, "{s:s, s:s, s:s, s:s, s:s}", "kind", p.kind, "name",
	    p.name, "version", p.version, "hash", p.hash, "role", p.role);
	/* What waits in review on it passes now, not at its next edit. */
	if (st == ST_OK)
		st = review_recheck(s, err);
end:
	st = db_end(s->db, st, err);
	if (st == ST_OK && id != NULL)
		*id = p.id;
out:
	preapproval_clear(&p);
	return st;
}

enum status
preapproval_revoke(struct session *s, long long id, struct err *err)
{
	struct preapproval p = { 0 };
	char now[CLOCK_BUFSZ];
	bool changed = false;
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (id <= 0)
		return err_set(err, ST_INVALID, "pre-approval: which one? (an id "
		    "from herald preapprove list)");
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_preapproval_get(s->db, id, &p, err)) != ST_OK)
		goto end;
	if (p.approver_id != s->user.id && !session_has_role(s, "admin")) {
		st = err_set(err, ST_DENIED, "pre-approval %lld is %s's: only "
		    "they or an admin may revoke it", id, p.approver_login !=
		    NULL ? p.approver_login : "someone else");
		goto end;
	}
	if (p.revoked_at != NULL) {
		st = err_set(err, ST_INVALID, "pre-approval %lld was revoked "
		    "already, at %s", id, p.revoked_at);
		goto end;
	}
	if ((st = q_preapproval_revoke(s->db, id, s->user.id, now, &changed,
	    err)) != ST_OK)
		goto end;
	if (!changed) {
		st = err_set(err, ST_CONFLICT, "pre-approval %lld was revoked "
		    "by someone else just now", id);
		goto end;
	}
	st = audit_record(s->db, s->actor, "preapproval.revoke", "preapproval",
	    id, err, "{s:s, s:s, s:s, s:s, s:I}", "kind", p.kind, "name",
	    p.name, "version", p.version, "role", p.role, "approver",
	    (json_int_t)p.approver_id);
	/* What it let through waits for its gates again. */
	if (st == ST_OK)
		st = review_recheck(s, err);
end:
	st = db_end(s->db, st, err);
	preapproval_clear(&p);
	return st;
}

enum status
preapproval_list(struct session *s, struct rowlist *out, struct err *err)
{
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK) {
		rowlist_init(out, sizeof(struct preapproval));
		return st;
	}
	return q_preapproval_list(s->db, out, err);
}

enum status
preapproval_get(struct session *s, long long id, struct preapproval *out,
    struct err *err)
{
	enum status st;

	memset(out, 0, sizeof *out);
	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	return q_preapproval_get(s->db, id, out, err);
}
