/* core/user.c - adds users and changes roles, each change audited. */
#include "config.h"

#include "core/user.h"

#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/review.h"
#include "core/sign.h"
#include "storage/q_user.h"
#include "util/xalloc.h"

static enum status
check_login(const char *login, struct err *err)
{
	const char *p;

	if (login == NULL || *login == '\0' || strlen(login) > 64)
		return err_set(err, ST_INVALID, "a login is 1 to 64 characters");
	for (p = login; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("._-", *p) == NULL)
			return err_set(err, ST_INVALID, "login %s: use letters, "
			    "digits, '.', '_' and '-' only", login);
	return ST_OK;
}

static enum status
check_role(const char *role, struct err *err)
{
	const char *const *r;
	char list[256] = "";

	if (role_is_valid(role))
		return ST_OK;
	for (r = role_names(); *r != NULL; r++) {
		strncat(list, *r, sizeof list - strlen(list) - 1);
		if (r[1] != NULL)
			strncat(list, ", ", sizeof list - strlen(list) - 1);
	}
	return err_set(err, ST_INVALID, "%s is not a role (roles: %s)",
	    role != NULL ? role : "(none)", list);
}

static json_t *
roles_json(const char *const *roles)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; roles != NULL && roles[i] != NULL; i++)
		json_array_append_new(arr, json_string(roles[i]));
	return arr;
}

enum status
user_add(struct session *s, const char *login, const char *name,
    const char *email, const char *const *roles, long long *id,
    struct err *err)
{
	struct user u = { 0 };
	char now[CLOCK_BUFSZ];
	size_t i;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = check_login(login, err)) != ST_OK)
		return st;
	if (email != NULL && *email != '\0' && strchr(email, '@') == NULL)
		return err_set(err, ST_INVALID, "e-mail %s has no @", email);
	for (i = 0; roles != NULL && roles[i] != NULL; i++)
		if ((st = check_role(roles[i], err)) != ST_OK)
			return st;
	clock_now_str(now);
	u.login = (char *)login;
	u.name = (char *)name;
	u.email = (char *)email;
	u.created_at = now;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_user_insert(s->db, &u, err)) != ST_OK)
		goto end;
	for (i = 0; roles != NULL && roles[i] != NULL; i++)
		if ((st = q_user_grant(s->db, u.id, roles[i], err)) != ST_OK)
			goto end;
	/* Names and addresses stay out of the chain: they may be erased. */
	st = audit_record(s->db, s->actor, "user.add", "user", u.id, err,
	    "{s:o}", "roles", roles_json(roles));
end:
	st = db_end(s->db, st, err);
	if (st == ST_OK && id != NULL)
		*id = u.id;
	return st;
}

/* Grant (IS_GRANT) or revoke ROLE for LOGIN in one audited transaction. */
static enum status
change_role(struct session *s, const char *login, const char *role,
    bool is_grant, struct err *err)
{
	struct user u = { 0 };
	long long admins;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = check_role(role, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_user_by_login(s->db, login, &u, err)) != ST_OK)
		goto end;
	if (!is_grant && strcmp(role, "admin") == 0) {
		if ((st = q_user_count_role(s->db, "admin", &admins, err)) != ST_OK)
			goto end;
		if (admins <= 1) {
			st = err_set(err, ST_DENIED, "%s is the last admin; grant "
			    "admin to someone else first", login);
			goto end;
		}
	}
	st = is_grant ? q_user_grant(s->db, u.id, role, err) :
	    q_user_revoke(s->db, u.id, role, err);
	if (st != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, is_grant ? "user.grant" :
	    "user.revoke", "user", u.id, err, "{s:s}", "role", role);
	/* An approval counts while its approver holds the role. */
	if (st == ST_OK)
		st = review_recheck(s, err);
end:
	st = db_end(s->db, st, err);
	user_clear(&u);
	return st;
}

enum status
user_grant(struct session *s, const char *login, const char *role,
    struct err *err)
{
	return change_role(s, login, role, true, err);
}

enum status
user_revoke(struct session *s, const char *login, const char *role,
    struct err *err)
{
	return change_role(s, login, role, false, err);
}

/* FPR without spaces, upper case, into BUF (N bytes); NULL when it is not
 * 40 or 64 hex digits. */
static const char *
fingerprint_norm(const char *fpr, char *buf, size_t n)
{
	size_t len = 0;

	for (; *fpr != '\0'; fpr++) {
		if (*fpr == ' ')
			continue;
		if (!isxdigit((unsigned char)*fpr) || len + 1 >= n)
			return NULL;
		buf[len++] = (char)toupper((unsigned char)*fpr);
	}
	buf[len] = '\0';
	return len == 40 || len == 64 ? buf : NULL;
}

enum status
user_set_key(struct session *s, const char *login, const char *fingerprint,
    struct err *err)
{
	struct user u = { 0 };
	char norm[72], *primary = NULL;
	const char *key = NULL;
	bool is_own;
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if ((st = check_login(login, err)) != ST_OK)
		return st;
	is_own = login != NULL && strcmp(login, s->login) == 0;
	if (!session_has_role(s, "admin") && !(is_own && review_is_decider(s)))
		return err_set(err, ST_DENIED, "%s cannot set %s signing key: "
		    "approvers set their own, admins anyone's", s->login,
		    is_own ? "a" : "another user's");
	if (fingerprint != NULL &&
	    (key = fingerprint_norm(fingerprint, norm, sizeof norm)) == NULL)
		return err_set(err, ST_INVALID, "key \"%.80s\": an OpenPGP "
		    "fingerprint is 40 or 64 hex digits (gpg --list-secret-keys "
		    "--with-colons shows it on the fpr line)", fingerprint);
	/* Only its owner's GnuPG holds the secret key: check it there. */
	if (key != NULL && is_own) {
		if ((st = sign_secret_key(key, "key", &primary, err)) != ST_OK)
			return st;
		key = fingerprint_norm(primary, norm, sizeof norm);
		if (key == NULL) {
			st = err_set(err, ST_INTERNAL, "GnuPG named key %s by a "
			    "fingerprint herald cannot read", primary);
			goto end;
		}
	}
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto end;
	if ((st = q_user_by_login(s->db, login, &u, err)) != ST_OK)
		goto done;
	if (u.erased_at != NULL) {
		st = err_set(err, ST_INVALID, "user %s was erased", login);
		goto done;
	}
	if ((st = q_user_set_key(s->db, u.id, key, err)) != ST_OK)
		goto done;
	st = audit_record(s->db, s->actor, "user.key", "user", u.id, err,
	    "{s:s?}", "key", key);
done:
	st = db_end(s->db, st, err);
end:
	free(primary);
	user_clear(&u);
	return st;
}

enum status
user_get(struct session *s, const char *login, struct user *u,
    struct err *err)
{
	return q_user_by_login(s->db, login, u, err);
}

enum status
user_list(struct session *s, struct rowlist *out, struct err *err)
{
	return q_user_list(s->db, out, err);
}

const char *
user_login_in(const struct rowlist *users, long long id)
{
	const struct user *u;
	size_t i;

	for (i = 0; users != NULL && i < users->count; i++) {
		u = rowlist_at(users, i);
		if (u->id == id)
			return u->login;
	}
	return NULL;
}
