/* core/owner.c - naming who answers for each product, policy and playbook. */
#include "config.h"

#include "core/owner.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/playbook.h"
#include "storage/q_product.h"
#include "storage/q_user.h"
#include "util/xalloc.h"

static const char *const policies[] = {
	"disclosure-policy", "lifecycle-policy", "breach-procedure",
	"trust-page", NULL,
};

const char *const *
owner_policies(void)
{
	return policies;
}

bool
owner_is_policy(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && policies[i] != NULL; i++)
		if (strcmp(policies[i], name) == 0)
			return true;
	return false;
}

static enum status
check_kind(const char *kind, struct err *err)
{
	if (kind != NULL && (strcmp(kind, OWNER_KIND_PRODUCT) == 0 ||
	    strcmp(kind, OWNER_KIND_POLICY) == 0 ||
	    strcmp(kind, OWNER_KIND_PLAYBOOK) == 0))
		return ST_OK;
	return err_set(err, ST_INVALID, "kind: \"%s\" is not one of product, "
	    "policy, playbook", kind != NULL ? kind : "");
}

/* Whether NAME can be owned as KIND: a product that exists (its id into
 * *PRODUCT_ID and owner into *OLD), one of the policies, a playbook that
 * herald finds and parses. */
static enum status
check_name(struct session *s, const char *kind, const char *name,
    long long *product_id, long long *old, struct err *err)
{
	struct product p = { 0 };
	struct playbook *pb = NULL;
	char *path = NULL;
	enum status st = ST_OK;

	if (name == NULL || *name == '\0')
		return err_set(err, ST_INVALID, "name: empty");
	if (strcmp(kind, OWNER_KIND_PRODUCT) == 0) {
		if ((st = q_product_by_slug(s->db, name, &p, err)) == ST_OK) {
			*product_id = p.id;
			*old = p.owner_id;
		}
	} else if (strcmp(kind, OWNER_KIND_POLICY) == 0) {
		if (!owner_is_policy(name))
			st = err_set(err, ST_INVALID, "policy: \"%s\" is not one "
			    "of disclosure-policy, lifecycle-policy, "
			    "breach-procedure, trust-page", name);
	} else if ((st = playbook_find(name, &path, err)) == ST_OK) {
		/* A playbook herald cannot load is no procedure to own. */
		if ((st = playbook_load_file(path, &pb, NULL, err)) != ST_OK)
			err_prefix(err, "playbook %s cannot be loaded", name);
	} else
		err_prefix(err, "playbook");
	product_clear(&p);
	playbook_free(&pb);
	free(path);
	return st;
}

enum status
owner_of(struct session *s, const char *kind, const char *name,
    struct user *out, struct err *err)
{
	struct owner_row r = { 0 };
	struct product p = { 0 };
	long long uid = 0;
	enum status st;

	memset(out, 0, sizeof *out);
	if ((st = check_kind(kind, err)) != ST_OK)
		return st;
	if (strcmp(kind, OWNER_KIND_PRODUCT) == 0) {
		if ((st = q_product_by_slug(s->db, name, &p, err)) != ST_OK)
			goto end;
		uid = p.owner_id;
	} else {
		if ((st = q_owner_get(s->db, kind, name, &r, err)) != ST_OK)
			goto end;
		uid = r.user_id;
	}
	if (uid == 0) {
		st = err_set(err, ST_NOTFOUND, "%s %s has no owner", kind, name);
		goto end;
	}
	if ((st = q_user_by_id(s->db, uid, out, err)) != ST_OK)
		goto end;
	if (out->erased_at != NULL) {
		user_clear(out);
		st = err_set(err, ST_NOTFOUND, "%s %s has no owner: its owner "
		    "was erased", kind, name);
	}
end:
	owner_row_clear(&r);
	product_clear(&p);
	return st;
}

/* The owner id KIND NAME has now (0: none), outside products. */
static enum status
current(struct session *s, const char *kind, const char *name, long long *id,
    struct err *err)
{
	struct owner_row r = { 0 };
	enum status st;

	*id = 0;
	st = q_owner_get(s->db, kind, name, &r, NULL);
	if (st == ST_OK)
		*id = r.user_id;
	else if (st == ST_NOTFOUND)
		st = ST_OK;
	else
		st = err_set(err, st, "%s %s: cannot read its owner", kind, name);
	owner_row_clear(&r);
	return st;
}

static json_t *
id_json(long long id)
{
	return id != 0 ? json_integer(id) : json_null();
}

enum status
owner_set(struct session *s, const char *kind, const char *name,
    const char *login, struct err *err)
{
	struct user u = { 0 };
	long long product_id = 0, old = 0;
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "admin", "sro", err)) != ST_OK)
		return st;
	if ((st = check_kind(kind, err)) != ST_OK)
		return st;
	if (login == NULL || *login == '\0')
		return err_set(err, ST_INVALID, "owner: empty login");
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = check_name(s, kind, name, &product_id, &old, err)) != ST_OK)
		goto end;
	if ((st = q_user_by_login(s->db, login, &u, err)) != ST_OK) {
		err_prefix(err, "owner");
		goto end;
	}
	if (u.erased_at != NULL) {
		st = err_set(err, ST_INVALID, "owner: user %s was erased and "
		    "cannot own anything", login);
		goto end;
	}
	if (product_id == 0 &&
	    (st = current(s, kind, name, &old, err)) != ST_OK)
		goto end;
	if (old == u.id)
		goto end;                       /* nothing changes */
	st = product_id != 0 ?
	    q_product_set_owner(s->db, product_id, u.id, now, err) :
	    q_owner_set(s->db, kind, name, u.id, s->user.id, now, err);
	if (st != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "owner.set",
	    product_id != 0 ? "product" : "owner", product_id, err,
	    "{s:s, s:s, s:I, s:o}", "kind", kind, "name", name, "owner",
	    (json_int_t)u.id, "previous_owner", id_json(old));
end:
	st = db_end(s->db, st, err);
	user_clear(&u);
	return st;
}

enum status
owner_unset(struct session *s, const char *kind, const char *name,
    struct err *err)
{
	long long product_id = 0, old = 0;
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "admin", "sro", err)) != ST_OK)
		return st;
	if ((st = check_kind(kind, err)) != ST_OK)
		return st;
	if (name == NULL || *name == '\0')
		return err_set(err, ST_INVALID, "name: empty");
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if (strcmp(kind, OWNER_KIND_PRODUCT) == 0) {
		if ((st = check_name(s, kind, name, &product_id, &old, err)) !=
		    ST_OK)
			goto end;
		if (old == 0) {
			st = err_set(err, ST_NOTFOUND, "product %s has no owner",
			    name);
			goto end;
		}
		st = q_product_set_owner(s->db, product_id, 0, now, err);
	} else {
		/* A playbook since removed may still have its row: it can be
		 * unset without being loadable. */
		if ((st = current(s, kind, name, &old, err)) != ST_OK)
			goto end;
		st = q_owner_delete(s->db, kind, name, err);
	}
	if (st != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "owner.unset",
	    product_id != 0 ? "product" : "owner", product_id, err,
	    "{s:s, s:s, s:o}", "kind", kind, "name", name, "previous_owner",
	    id_json(old));
end:
	st = db_end(s->db, st, err);
	return st;
}

/* Move each row of FROM whose kind is KIND and name NAME into *OUT (a
 * zeroed row left behind); true when one was found. */
static bool
take(struct rowlist *from, const char *kind, const char *name,
    struct owner_row *out)
{
	struct owner_row *r;
	size_t i;

	for (i = 0; i < from->count; i++) {
		r = rowlist_at(from, i);
		if (r->kind != NULL && strcmp(r->kind, kind) == 0 &&
		    strcmp(r->name, name) == 0) {
			*out = *r;
			memset(r, 0, sizeof *r);
			return true;
		}
	}
	return false;
}

static void
push(struct rowlist *out, const char *kind, const char *name,
    struct rowlist *rows)
{
	struct owner_row *r = rowlist_push(out);

	if (!take(rows, kind, name, r)) {
		r->kind = xstrdup(kind);
		r->name = xstrdup(name);
	}
}

enum status
owner_list(struct session *s, struct rowlist *out, struct err *err)
{
	struct rowlist rows, products;
	struct owner_row *r;
	char **names = NULL;
	size_t i;
	enum status st;

	rowlist_init(out, sizeof(struct owner_row));
	rowlist_init(&rows, sizeof(struct owner_row));
	rowlist_init(&products, sizeof(struct owner_row));
	if ((st = q_owner_products(s->db, &products, err)) != ST_OK ||
	    (st = q_owner_list(s->db, &rows, err)) != ST_OK ||
	    (st = playbook_names(&names, err)) != ST_OK)
		goto end;
	for (i = 0; i < products.count; i++) {
		r = rowlist_at(&products, i);
		*(struct owner_row *)rowlist_push(out) = *r;
		memset(r, 0, sizeof *r);
	}
	for (i = 0; policies[i] != NULL; i++)
		push(out, OWNER_KIND_POLICY, policies[i], &rows);
	for (i = 0; names[i] != NULL; i++)
		push(out, OWNER_KIND_PLAYBOOK, names[i], &rows);
end:
	rowlist_free(&rows, (row_clear_fn)owner_row_clear);
	rowlist_free(&products, (row_clear_fn)owner_row_clear);
	playbook_names_free(names);
	return st;
}
