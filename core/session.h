/* core/session.h - an open database and the person acting on it. */
#ifndef HERALD_CORE_SESSION_H
#define HERALD_CORE_SESSION_H

#include <stdbool.h>

#include "storage/db.h"
#include "storage/records.h"

/* What a database is for; only demo and test databases accept --as. */
#define PURPOSE_PRODUCTION "production"
#define PURPOSE_DEMO       "demo"
#define PURPOSE_TEST       "test"

#define DEFAULT_ID_PREFIX  "SEC"

struct session {
	struct db   *db;
	char        *login;       /* the acting login */
	struct user  user;        /* id 0 when herald does not know the login */
	char        *purpose;
	char        *id_prefix;
	char         actor[32];   /* "user:ID" for the audit chain */
};

struct session_opts {
	const char  *path;
	enum db_mode mode;        /* DB_READ or DB_WRITE */
	const char  *as_login;    /* --as; NULL for the effective uid's login */
};

struct init_opts {
	const char *path;
	const char *group;        /* share with this group, or NULL */
	const char *purpose;      /* PURPOSE_*; NULL = production */
	const char *id_prefix;    /* NULL = "SEC" */
	const char *as_login;     /* only with a demo or test purpose */
	const char *name;         /* the first admin's display name, or NULL */
	const char *email;
};

/* The login of the effective uid (getpwuid(geteuid()), never $USER);
 * caller frees. */
enum status session_os_login(char **login, struct err *err);

/* Create a new database at O->path and make the invoking login its admin. */
enum status session_init(const struct init_opts *o, struct session **sp,
    struct err *err);
/* Open an existing database and identify the acting user. */
enum status session_open(const struct session_opts *o, struct session **sp,
    struct err *err);
void        session_close(struct session **sp);
/* Read the acting user's roles again (after a grant or revoke). */
enum status session_reload(struct session *s, struct err *err);

/* The database file S works on. */
const char *session_path(const struct session *s);
/* Copy S's database to DEST (a new file, mode 0600), consistently, while
 * others keep working. Anyone who can read the database may. */
enum status session_backup(struct session *s, const char *dest,
    struct err *err);

/* A number that changes whenever the database does (anyone's write), for
 * skipping a costly read again when nothing changed; see
 * db_change_stamp(). */
long long   session_change_stamp(struct session *s);
bool        session_is_known(const struct session *s);
bool        session_has_role(const struct session *s, const char *role);
/* ST_DENIED, with a message, unless the acting login is a known user. */
enum status session_require_user(const struct session *s, struct err *err);
/* ST_DENIED unless the acting user holds ROLE (or, when ALT is not NULL,
 * ALT instead). */
enum status session_require_role(const struct session *s, const char *role,
    const char *alt, struct err *err);

/* Whether ROLE is one of herald's roles. */
bool        role_is_valid(const char *role);
/* Herald's roles, NULL-terminated. */
const char *const *role_names(void);

#endif
