/* core/session.c - opens a database for one person and says who they are. */
#include "config.h"

#include "core/session.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/clock.h"
#include "storage/q_settings.h"
#include "storage/q_user.h"
#include "util/xalloc.h"

static const char *const roles[] = {
	"author", "approver:legal", "approver:pr", "approver:security", "sro",
	"admin", NULL,
};

const char *const *
role_names(void)
{
	return roles;
}

bool
role_is_valid(const char *role)
{
	size_t i;

	for (i = 0; role != NULL && roles[i] != NULL; i++)
		if (strcmp(roles[i], role) == 0)
			return true;
	return false;
}

enum status
session_os_login(char **login, struct err *err)
{
	struct passwd *pw;

	if ((pw = getpwuid(geteuid())) == NULL || pw->pw_name == NULL)
		return err_set(err, ST_DENIED, "uid %ld has no login name in the "
		    "password database", (long)geteuid());
	*login = xstrdup(pw->pw_name);
	return ST_OK;
}

static bool
purpose_allows_as(const char *purpose)
{
	return purpose != NULL && (strcmp(purpose, PURPOSE_DEMO) == 0 ||
	    strcmp(purpose, PURPOSE_TEST) == 0);
}

/* Who acts: --as only where the database was made for demos or tests. */
static enum status
pick_login(const char *as_login, const char *purpose, char **login,
    struct err *err)
{
	if (as_login == NULL)
		return session_os_login(login, err);
	if (!purpose_allows_as(purpose))
		return err_set(err, ST_DENIED, "--as is refused: this database is "
		    "for %s use, where the acting user is the login of your uid; "
		    "--as works only in databases created for demos or tests",
		    purpose != NULL ? purpose : PURPOSE_PRODUCTION);
	if (*as_login == '\0')
		return err_set(err, ST_INVALID, "--as needs a login");
	*login = xstrdup(as_login);
	return ST_OK;
}

static enum status
identify(struct session *s, struct err *err)
{
	enum status st;

	st = q_user_by_login(s->db, s->login, &s->user, err);
	if (st == ST_NOTFOUND) {
		memset(&s->user, 0, sizeof s->user);
		err_clear(err);
		st = ST_OK;
	}
	snprintf(s->actor, sizeof s->actor, "user:%lld", s->user.id);
	/* Need to know: admins and the SRO see every incident, others
	 * those not under embargo and those they are named on. */
	db_set_viewer(s->db, s->user.id, session_has_role(s, "admin") ||
	    session_has_role(s, "sro"), clock_now_str);
	return st;
}

static enum status
load_settings(struct session *s, struct err *err)
{
	enum status st;

	if ((st = q_setting_get(s->db, "purpose", &s->purpose, err)) != ST_OK ||
	    (st = q_setting_get(s->db, "id_prefix", &s->id_prefix, err)) != ST_OK)
		return st;
	if (s->purpose == NULL)
		s->purpose = xstrdup(PURPOSE_PRODUCTION);
	if (s->id_prefix == NULL)
		s->id_prefix = xstrdup(DEFAULT_ID_PREFIX);
	return ST_OK;
}

enum status
session_open(const struct session_opts *o, struct session **sp,
    struct err *err)
{
	struct db_open_opts dbo = { .mode = o->mode };
	struct session *s;
	enum status st;

	*sp = NULL;
	s = xcalloc(1, sizeof *s);
	if ((st = db_open(&s->db, o->path, &dbo, err)) != ST_OK)
		goto fail;
	if ((st = load_settings(s, err)) != ST_OK ||
	    (st = pick_login(o->as_login, s->purpose, &s->login, err)) != ST_OK ||
	    (st = identify(s, err)) != ST_OK)
		goto fail;
	*sp = s;
	return ST_OK;
fail:
	session_close(&s);
	return st;
}

/* Validate an incident ID prefix: 1-16 of A-Z, 0-9, starting with a letter. */
static enum status
check_prefix(const char *p, struct err *err)
{
	size_t i, n = strlen(p);

	if (n == 0 || n > 16 || p[0] < 'A' || p[0] > 'Z')
		goto bad;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9')))
			goto bad;
	return ST_OK;
bad:
	return err_set(err, ST_INVALID, "incident ID prefix %s: use 1 to 16 "
	    "capital letters and digits, starting with a letter (like SEC)", p);
}

enum status
session_init(const struct init_opts *o, struct session **sp, struct err *err)
{
	struct db_open_opts dbo = { .mode = DB_CREATE, .group = o->group };
	const char *purpose = o->purpose != NULL ? o->purpose : PURPOSE_PRODUCTION;
	const char *prefix = o->id_prefix != NULL ? o->id_prefix : DEFAULT_ID_PREFIX;
	char now[CLOCK_BUFSZ];
	struct session *s;
	enum status st;

	*sp = NULL;
	if (strcmp(purpose, PURPOSE_PRODUCTION) != 0 &&
	    !purpose_allows_as(purpose))
		return err_set(err, ST_INVALID, "unknown database purpose %s", purpose);
	if ((st = check_prefix(prefix, err)) != ST_OK)
		return st;
	s = xcalloc(1, sizeof *s);
	if ((st = pick_login(o->as_login, purpose, &s->login, err)) != ST_OK)
		goto fail;
	if ((st = db_open(&s->db, o->path, &dbo, err)) != ST_OK)
		goto fail;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto fail;
	if ((st = q_setting_set(s->db, "purpose", purpose, err)) != ST_OK ||
	    (st = q_setting_set(s->db, "id_prefix", prefix, err)) != ST_OK ||
	    (st = q_setting_set(s->db, "created_at", now, err)) != ST_OK)
		goto end;
	if ((st = audit_record(s->db, "system", "database.init", "database", 1,
	    err, "{s:s, s:s, s:i}", "id_prefix", prefix, "purpose", purpose,
	    "schema", db_schema_version(s->db))) != ST_OK)
		goto end;
	s->user.login = xstrdup(s->login);
	s->user.name = xstrdup_or_null(o->name);
	s->user.email = xstrdup_or_null(o->email);
	s->user.created_at = xstrdup(now);
	if ((st = q_user_insert(s->db, &s->user, err)) != ST_OK ||
	    (st = q_user_grant(s->db, s->user.id, "admin", err)) != ST_OK)
		goto end;
	snprintf(s->actor, sizeof s->actor, "user:%lld", s->user.id);
	st = audit_record(s->db, "system", "user.add", "user", s->user.id, err,
	    "{s:[s], s:b}", "roles", "admin", "first_admin", 1);
end:
	st = db_end(s->db, st, err);
	if (st != ST_OK)
		goto fail;
	user_clear(&s->user);
	if ((st = load_settings(s, err)) != ST_OK || (st = identify(s, err)) != ST_OK)
		goto fail;
	*sp = s;
	return ST_OK;
fail:
	if (s->db != NULL) {
		/* Nothing half-made stays behind: the file was ours. */
		char *path = xstrdup(db_path(s->db));
		char side[4200];

		session_close(&s);
		unlink(path);
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
		free(path);
	} else
		session_close(&s);
	return st;
}

enum status
session_reload(struct session *s, struct err *err)
{
	user_clear(&s->user);
	return identify(s, err);
}

void
session_close(struct session **sp)
{
	struct session *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	db_close(&s->db);
	user_clear(&s->user);
	free(s->login);
	free(s->purpose);
	free(s->id_prefix);
	free(s);
	*sp = NULL;
}

const char *
session_path(const struct session *s)
{
	return db_path(s->db);
}

enum status
session_backup(struct session *s, const char *dest, struct err *err)
{
	if (dest == NULL || *dest == '\0')
		return err_set(err, ST_INVALID, "backup: where to? give a file name");
	return db_backup(s->db, dest, err);
}

bool
session_is_known(const struct session *s)
{
	return s->user.id != 0;
}

bool
session_has_role(const struct session *s, const char *role)
{
	size_t i;

	for (i = 0; i < s->user.nroles; i++)
		if (strcmp(s->user.roles[i], role) == 0)
			return true;
	return false;
}

enum status
session_require_user(const struct session *s, struct err *err)
{
	if (session_is_known(s))
		return ST_OK;
	return err_set(err, ST_DENIED, "%s is not a herald user here and can "
	    "read but not act; an admin can add you with `herald user add %s`",
	    s->login, s->login);
}

enum status
session_require_role(const struct session *s, const char *role,
    const char *alt, struct err *err)
{
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (session_has_role(s, role) || (alt != NULL && session_has_role(s, alt)))
		return ST_OK;
	if (alt != NULL)
		return err_set(err, ST_DENIED, "%s needs the %s or %s role for that",
		    s->login, role, alt);
	return err_set(err, ST_DENIED, "%s needs the %s role for that",
	    s->login, role);
}

long long
session_change_stamp(struct session *s)
{
	return db_change_stamp(s->db);
}
