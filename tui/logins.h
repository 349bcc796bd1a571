/* tui/logins.h - user ids to logins, for screens that show "user:ID". */
#ifndef HERALD_TUI_LOGINS_H
#define HERALD_TUI_LOGINS_H

#include "core/session.h"
#include "storage/records.h"

/* Every user once, indexed by id; read with logins_load(). */
struct logins {
	struct rowlist      users;   /* struct user, by login */
	const struct user **by_id;   /* borrowed from users, sorted by id */
};

/* Read every user into L (zeroed or freed before). L is usable (empty)
 * even on failure; free it with logins_free() either way. */
enum status  logins_load(struct logins *l, struct session *s,
    struct err *err);
void         logins_free(struct logins *l);
/* The login of user ID, or NULL when unknown; valid until logins_free(). */
const char  *logins_get(const struct logins *l, long long id);
/* The id of LOGIN, or 0 when unknown. */
long long    logins_id(const struct logins *l, const char *login);
/* ACTOR ("user:3", "system") as a person reads it: "alice", "system", or
 * ACTOR itself when the id is unknown. Borrowed from L or from ACTOR. */
const char  *logins_actor(const struct logins *l, const char *actor);

#endif
