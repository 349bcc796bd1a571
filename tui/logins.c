/* tui/logins.c - maps user ids to logins with one read of the user list. */
#include "config.h"

#include "tui/logins.h"

#include <stdlib.h>
#include <string.h>

#include "core/user.h"
#include "util/xalloc.h"

static int
by_id(const void *a, const void *b)
{
	const struct user *ua = *(const struct user *const *)a;
	const struct user *ub = *(const struct user *const *)b;

	return (ua->id > ub->id) - (ua->id < ub->id);
}

enum status
logins_load(struct logins *l, struct session *s, struct err *err)
{
	enum status st;
	size_t i;

	st = user_list(s, &l->users, err);
	if (st != ST_OK || l->users.count == 0)
		return st;
	l->by_id = xreallocarray(NULL, l->users.count, sizeof *l->by_id);
	for (i = 0; i < l->users.count; i++)
		l->by_id[i] = rowlist_at(&l->users, i);
	qsort(l->by_id, l->users.count, sizeof *l->by_id, by_id);
	return ST_OK;
}

void
logins_free(struct logins *l)
{
	free(l->by_id);
	l->by_id = NULL;
	if (l->users.size != 0)
		rowlist_free(&l->users, (row_clear_fn)user_clear);
	memset(l, 0, sizeof *l);
}

const char *
logins_get(const struct logins *l, long long id)
{
	size_t lo = 0, hi = l->by_id != NULL ? l->users.count : 0, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->by_id[mid]->id == id)
			return l->by_id[mid]->login;
		if (l->by_id[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

long long
logins_id(const struct logins *l, const char *login)
{
	const struct user *u;
	size_t i;

	for (i = 0; login != NULL && i < l->users.count; i++) {
		u = rowlist_at(&l->users, i);
		if (strcmp(u->login, login) == 0)
			return u->id;
	}
	return 0;
}

const char *
logins_actor(const struct logins *l, const char *actor)
{
	const char *login;
	char *end;
	long long id;

	if (actor == NULL)
		return "";
	if (strncmp(actor, "user:", 5) != 0)
		return actor;
	id = strtoll(actor + 5, &end, 10);
	if (*end != '\0' || end == actor + 5 || (login = logins_get(l, id)) == NULL)
		return actor;
	return login;
}
