/* core/access.c - need to know on incidents under embargo: who may see
 * one, who is named on it, and the audit row of every access. */
#include "config.h"

#include "core/access.h"

#include <jansson.h>
#include <string.h>

#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "storage/q_access.h"
#include "storage/q_communication.h"
#include "storage/q_incident.h"
#include "storage/q_outbox.h"
#include "storage/q_user.h"

bool
access_is_embargoed(const struct incident *i)
{
	char now[CLOCK_BUFSZ];

	if (i->embargo_until == NULL || *i->embargo_until == '\0')
		return false;
	/* Stored as UTC RFC 3339, so the text orders as the time does. */
	clock_now_str(now);
	return strcmp(i->embargo_until, now) > 0;
}

static bool
sees_all(const struct session *s)
{
	return session_has_role(s, "admin") || session_has_role(s, "sro");
}

enum status
access_sees(struct session *s, const struct incident *i, bool *sees,
    struct err *err)
{
	*sees = true;
	if (!access_is_embargoed(i) || sees_all(s))
		return ST_OK;
	*sees = false;
	if (!session_is_known(s))
		return ST_OK;
	return q_access_is_named(s->db, i->id, s->user.id, sees, err);
}

static enum status
denied(const struct incident *i, struct err *err)
{
	return err_set(err, ST_DENIED, "%s is under embargo and you are not "
	    "named on it", i->ref);
}

enum status
access_require_sees(struct session *s, const struct incident *i,
    struct err *err)
{
	bool sees = false;
	enum status st;

	if ((st = access_sees(s, i, &sees, err)) != ST_OK)
		return st;
	return sees ? ST_OK : denied(i, err);
}

/* The check of access_check(); COMM_ID, when not 0, goes into the row. */
static enum status
check(struct session *s, const struct incident *i, long long comm_id,
    const char *what, struct err *err)
{
	bool sees = false;
	enum status st;

	if (!access_is_embargoed(i))
		return ST_OK;
	if ((st = access_sees(s, i, &sees, err)) != ST_OK)
		return st;
	/* No row can be written: refuse rather than let an access go
	 * unrecorded. Someone who may not see it learns no more. */
	if (db_is_readonly(s->db))
		return sees ? err_set(err, ST_DENIED, "opening %s, which is under "
		    "embargo, is recorded in the audit log, which needs write "
		    "access to %s", i->ref, db_path(s->db)) : denied(i, err);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if (comm_id != 0)
		st = audit_record(s->db, s->actor, sees ? "incident.access" :
		    "incident.access-denied", "incident", i->id, err,
		    "{s:s, s:I}", "what", what, "communication",
		    (json_int_t)comm_id);
	else
		st = audit_record(s->db, s->actor, sees ? "incident.access" :
		    "incident.access-denied", "incident", i->id, err, "{s:s}",
		    "what", what);
	if ((st = db_end(s->db, st, err)) != ST_OK)
		return st;
	return sees ? ST_OK : denied(i, err);
}

enum status
access_check(struct session *s, const struct incident *i, const char *what,
    struct err *err)
{
	return check(s, i, 0, what, err);
}

enum status
access_check_comm(struct session *s, long long comm_id, const char *what,
    struct err *err)
{
	struct communication c = { 0 };
	struct incident i = { 0 };
	enum status st;

	if ((st = q_communication_by_id(s->db, comm_id, &c, err)) != ST_OK)
		goto end;
	if (c.incident_id == 0)
		goto end;               /* about a release cycle: no embargo */
	if ((st = q_incident_by_id(s->db, c.incident_id, &i, err)) != ST_OK)
		goto end;
	st = check(s, &i, comm_id, what, err);
end:
	communication_clear(&c);
	incident_clear(&i);
	return st;
}

/* Load incident ID into I and refuse, without a row, one the acting user
 * may not see: the open before the action recorded the refusal. */
static enum status
load_seen(struct session *s, long long id, struct incident *i,
    struct err *err)
{
	enum status st;

	if ((st = q_incident_by_id(s->db, id, i, err)) != ST_OK)
		return st;
	return access_require_sees(s, i, err);
}

enum status
incident_access_list(struct session *s, long long incident_id,
    struct rowlist *out, struct err *err)
{
	struct incident i = { 0 };
	enum status st;

	rowlist_init(out, sizeof(struct user));
	if ((st = load_seen(s, incident_id, &i, err)) == ST_OK)
		st = q_access_list(s->db, incident_id, out, err);
	incident_clear(&i);
	return st;
}

/* Admins, the SRO, and whoever opened I while still named on it. */
static enum status
may_name(struct session *s, const struct incident *i, struct err *err)
{
	bool is_named = false;
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (sees_all(s))
		return ST_OK;
	if (i->created_by == s->user.id && (st = q_access_is_named(s->db,
	    i->id, s->user.id, &is_named, err)) != ST_OK)
		return st;
	if (is_named)
		return ST_OK;
	return err_set(err, ST_DENIED, "%s cannot name people on %s: admins, "
	    "the SRO and whoever opened it may", s->login, i->ref);
}

/* Add (IS_ADD) or remove LOGIN on INCIDENT_ID in one audited transaction. */
static enum status
change_access(struct session *s, long long incident_id, const char *login,
    bool is_add, struct err *err)
{
	struct incident i = { 0 };
	struct user u = { 0 };
	bool added = false;
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (login == NULL || *login == '\0')
		return err_set(err, ST_INVALID, "login: whom to %s? give a login",
		    is_add ? "name" : "take off");
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = load_seen(s, incident_id, &i, err)) != ST_OK ||
	    (st = may_name(s, &i, err)) != ST_OK)
		goto end;
	if ((st = q_user_by_login(s->db, login, &u, err)) == ST_NOTFOUND) {
		st = err_set(err, ST_NOTFOUND, "login %s: no such herald user "
		    "(herald user list)", login);
		goto end;
	}
	if (st != ST_OK)
		goto end;
	if (is_add) {
		if ((st = q_access_add(s->db, i.id, u.id, &added, err)) != ST_OK)
			goto end;
		if (!added) {
			st = err_set(err, ST_EXISTS, "%s is already named on %s",
			    login, i.ref);
			goto end;
		}
	} else if ((st = q_access_remove(s->db, i.id, u.id, err)) ==
	    ST_NOTFOUND) {
		st = err_set(err, ST_NOTFOUND, "%s is not named on %s", login,
		    i.ref);
		goto end;
	} else if (st != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, is_add ? "incident.access-grant" :
	    "incident.access-revoke", "incident", i.id, err, "{s:I}", "user",
	    (json_int_t)u.id);
end:
	st = db_end(s->db, st, err);
	incident_clear(&i);
	user_clear(&u);
	return st;
}

enum status
incident_access_add(struct session *s, long long incident_id,
    const char *login, struct err *err)
{
	return change_access(s, incident_id, login, true, err);
}

enum status
incident_access_remove(struct session *s, long long incident_id,
    const char *login, struct err *err)
{
	return change_access(s, incident_id, login, false, err);
}

/* Name USER_ID on I, with its audit row, unless named already. */
static enum status
name_quietly(struct session *s, const struct incident *i, long long user_id,
    const char *reason, struct err *err)
{
	bool added = false;
	enum status st;

	if (user_id == 0)
		return ST_OK;
	if ((st = q_access_add(s->db, i->id, user_id, &added, err)) != ST_OK ||
	    !added)
		return st;
	return audit_record(s->db, s->actor, "incident.access-grant",
	    "incident", i->id, err, "{s:I, s:s}", "user", (json_int_t)user_id,
	    "reason", reason);
}

enum status
incident_set_embargo(struct session *s, long long id,
    long long expected_version, const char *until, struct err *err)
{
	char emb[CLOCK_BUFSZ], now[CLOCK_BUFSZ];
	struct incident i = { 0 }, upd;
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	clock_now_str(now);
	if (until != NULL) {
		if ((st = check_time("until", until, emb, err)) != ST_OK)
			return st;
		if (strcmp(emb, now) <= 0)
			return err_set(err, ST_INVALID, "until: %s has passed; an "
			    "embargo ends in the future (to lift one, use --lift)",
			    emb);
	}
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = load_seen(s, id, &i, err)) != ST_OK)
		goto end;
	if (i.version != expected_version) {
		st = err_set(err, ST_CONFLICT, "incident %s was changed by "
		    "someone else; reload it and try again", i.ref);
		goto end;
	}
	if (until == NULL ? i.embargo_until == NULL : i.embargo_until != NULL &&
	    strcmp(i.embargo_until, emb) == 0)
		goto end;               /* nothing to change, nothing to audit */
	upd = i;
	upd.embargo_until = until != NULL ? emb : NULL;
	upd.updated_at = now;
	if ((st = q_incident_update(s->db, &upd, err)) != ST_OK)
		goto end;
	/* Lifted or brought forward: what waited for the old end goes at the
	 * new one (or now). A later end needs nothing: sends check again. */
	if (i.embargo_until != NULL && (upd.embargo_until == NULL ||
	    strcmp(upd.embargo_until, i.embargo_until) < 0) &&
	    (st = q_outbox_release(s->db, id, i.embargo_until,
	    upd.embargo_until != NULL ? upd.embargo_until : now, now,
	    err)) != ST_OK)
		goto end;
	if ((st = audit_record(s->db, s->actor, "incident.embargo", "incident",
	    id, err, "{s:s?, s:s?}", "from", i.embargo_until, "to",
	    upd.embargo_until)) != ST_OK || until == NULL)
		goto end;
	/* Whoever sets it, and whoever opened it, keep sight of it. */
	if ((st = name_quietly(s, &i, s->user.id, "set the embargo",
	    err)) == ST_OK)
		st = name_quietly(s, &i, i.created_by, "opened it", err);
end:
	st = db_end(s->db, st, err);
	incident_clear(&i);
	return st;
}
