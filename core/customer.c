/* core/customer.c - customers and deployments: validation and audit. */
#include "config.h"

#include "core/customer.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/subscriber.h"
#include "storage/q_product.h"

enum status
customer_check(const char *name, const char *contact_email,
    const char *contract_ref, int notify_sla_hours, struct err *err)
{
	enum status st;

	if ((st = check_line("name", name, CUSTOMER_NAME_MAX, true, err)) != ST_OK ||
	    (st = check_line("contract-ref", contract_ref, CUSTOMER_CONTRACT_MAX,
	    false, err)) != ST_OK)
		return st;
	if (contact_email != NULL && *contact_email != '\0' &&
	    (st = subscriber_check_address("contact-email", contact_email,
	    err)) != ST_OK)
		return st;
	if (notify_sla_hours < 0 || notify_sla_hours > CUSTOMER_SLA_MAX)
		return err_set(err, ST_INVALID, "notify-sla-hours: 0 (none) to %d "
		    "hours (got %d)", CUSTOMER_SLA_MAX, notify_sla_hours);
	return ST_OK;
}

enum status
customer_create_in_tx(struct session *s, const char *name,
    const char *contact_email, const char *contract_ref, int notify_sla_hours,
    const char *now, long long *id, struct err *err)
{
	struct customer c = { 0 };
	enum status st;

	c.name = (char *)name;
	c.contact_email = contact_email != NULL && *contact_email != '\0' ?
	    (char *)contact_email : NULL;
	c.contract_ref = (char *)contract_ref;
	c.notify_sla_hours = notify_sla_hours;
	c.created_at = (char *)now;
	if ((st = q_customer_insert(s->db, &c, err)) != ST_OK)
		return st;
	/* Names and addresses stay out of the chain: they may be erased. */
	st = audit_record(s->db, s->actor, "customer.create", "customer", c.id,
	    err, "{s:i, s:b}", "notify_sla_hours", notify_sla_hours,
	    "has_contact", c.contact_email != NULL);
	if (st == ST_OK && id != NULL)
		*id = c.id;
	return st;
}

enum status
customer_create(struct session *s, const char *name,
    const char *contact_email, const char *contract_ref, int notify_sla_hours,
    long long *id, struct err *err)
{
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = customer_check(name, contact_email, contract_ref,
	    notify_sla_hours, err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	st = customer_create_in_tx(s, name, contact_email, contract_ref,
	    notify_sla_hours, now, id, err);
	return db_end(s->db, st, err);
}

enum status
customer_get(struct session *s, long long id, struct customer *out,
    struct err *err)
{
	return q_customer_by_id(s->db, id, out, err);
}

enum status
customer_list(struct session *s, struct rowlist *out, struct err *err)
{
	return q_customer_list(s->db, out, err);
}

enum status
deployment_add_in_tx(struct session *s, long long customer_id,
    long long product_id, long long cycle_id, const char *version,
    const char *now, long long *id, struct err *err)
{
	struct customer c = { 0 };
	struct product p = { 0 };
	struct cycle cy = { 0 };
	struct deployment d = { 0 };
	enum status st;

	if ((st = check_line("version", version, DEPLOYMENT_VERSION_MAX, false,
	    err)) != ST_OK)
		return st;
	if (cycle_id < 0)
		return err_set(err, ST_INVALID, "cycle: no release cycle with id "
		    "%lld", cycle_id);
	if ((st = q_customer_by_id(s->db, customer_id, &c, err)) != ST_OK) {
		err_prefix(err, "customer");
		goto end;
	}
	if (c.erased_at != NULL) {
		st = err_set(err, ST_INVALID, "customer: customer %lld was erased",
		    customer_id);
		goto end;
	}
	if ((st = q_product_by_id(s->db, product_id, &p, err)) != ST_OK) {
		err_prefix(err, "product");
		goto end;
	}
	if (cycle_id != 0) {
		if ((st = q_cycle_by_id(s->db, cycle_id, &cy, err)) != ST_OK) {
			err_prefix(err, "cycle");
			goto end;
		}
		if (cy.product_id != p.id) {
			st = err_set(err, ST_INVALID, "cycle: %s is not a release "
			    "cycle of %s", cy.cycle, p.slug);
			goto end;
		}
	}
	d.customer_id = c.id;
	d.product_id = p.id;
	d.cycle_id = cycle_id;
	d.version = (char *)version;
	d.created_at = (char *)now;
	if ((st = q_deployment_insert(s->db, &d, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "deployment.add", "deployment", d.id,
	    err, "{s:I, s:s, s:s?, s:s}", "customer", (json_int_t)c.id,
	    "product", p.slug, "cycle", cy.cycle, "version",
	    version != NULL ? version : "");
end:
	customer_clear(&c);
	product_clear(&p);
	cycle_clear(&cy);
	if (st == ST_OK && id != NULL)
		*id = d.id;
	return st;
}

enum status
deployment_add(struct session *s, long long customer_id, long long product_id,
    long long cycle_id, const char *version, long long *id, struct err *err)
{
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	st = deployment_add_in_tx(s, customer_id, product_id, cycle_id, version,
	    now, id, err);
	return db_end(s->db, st, err);
}

enum status
deployment_list_for_customer(struct session *s, long long customer_id,
    struct rowlist *out, struct err *err)
{
	return q_deployment_list_for_customer(s->db, customer_id, out, err);
}

enum status
customer_list_for_cycle(struct session *s, long long cycle_id,
    struct rowlist *out, struct err *err)
{
	return q_deployment_customers_for_cycle(s->db, cycle_id, out, err);
}

enum status
customer_find(struct session *s, const char *which, struct customer *out,
    struct err *err)
{
	const char *num;
	char *end;
	long long id;

	if (which == NULL || *which == '\0')
		return err_set(err, ST_INVALID, "which customer? give its name or "
		    "its id");
	num = strncmp(which, "customer:", 9) == 0 ? which + 9 : which;
	errno = 0;
	id = strtoll(num, &end, 10);
	if (*num != '\0' && *end == '\0' && errno == 0 && id > 0)
		return q_customer_by_id(s->db, id, out, err);
	return q_customer_by_name(s->db, which, out, err);
}

enum status
customer_contact_add(struct session *s, long long customer_id,
    const char *name, const char *email, const char *role, long long *id,
    struct err *err)
{
	struct customer_contact ct = { 0 };
	struct customer c = { 0 };
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = check_line("name", name, CUSTOMER_NAME_MAX, true, err)) !=
	    ST_OK ||
	    (st = subscriber_check_address("email", email, err)) != ST_OK ||
	    (st = check_line("role", role, CUSTOMER_CONTRACT_MAX, false, err)) !=
	    ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_customer_by_id(s->db, customer_id, &c, err)) != ST_OK)
		goto end;
	if (c.erased_at != NULL) {
		st = err_set(err, ST_INVALID, "customer: customer %lld was erased",
		    customer_id);
		goto end;
	}
	ct.customer_id = customer_id;
	ct.name = (char *)name;
	ct.email = (char *)email;
	ct.role = (char *)role;
	ct.created_at = now;
	if ((st = q_contact_insert(s->db, &ct, err)) != ST_OK)
		goto end;
	/* People by number only: they may be erased. */
	st = audit_record(s->db, s->actor, "customer.contact.add", "customer",
	    customer_id, err, "{s:I, s:s}", "contact", (json_int_t)ct.id, "role",
	    role != NULL ? role : "");
end:
	st = db_end(s->db, st, err);
	customer_clear(&c);
	if (st == ST_OK && id != NULL)
		*id = ct.id;
	return st;
}

enum status
customer_contacts(struct session *s, long long customer_id,
    struct rowlist *out, struct err *err)
{
	return q_contact_list_for_customer(s->db, customer_id, out, err);
}

static bool
no_cycle(const char *cycle)
{
	return cycle == NULL || *cycle == '\0' || strcmp(cycle, "-") == 0;
}

/* Find PRODUCT (a slug) and CYCLE (a name or none) into *PID and *CID. */
static enum status
resolve(struct session *s, const char *product, const char *cycle,
    long long *pid, long long *cid, struct err *err)
{
	struct product p = { 0 };
	struct cycle cy = { 0 };
	enum status st;

	*pid = *cid = 0;
	if (product == NULL || *product == '\0')
		return err_set(err, ST_INVALID, "product: which product? give its "
		    "slug");
	if ((st = q_product_by_slug(s->db, product, &p, err)) != ST_OK) {
		if (st == ST_NOTFOUND)
			st = err_set(err, ST_NOTFOUND, "product: no product %s",
			    product);
		goto end;
	}
	*pid = p.id;
	if (no_cycle(cycle))
		goto end;
	if ((st = q_cycle_by_name(s->db, p.id, cycle, &cy, err)) != ST_OK) {
		if (st == ST_NOTFOUND)
			st = err_set(err, ST_NOTFOUND, "cycle: %s has no release "
			    "cycle %s", product, cycle);
		goto end;
	}
	*cid = cy.id;
end:
	product_clear(&p);
	cycle_clear(&cy);
	return st;
}

enum status
deployment_add_named(struct session *s, long long customer_id,
    const char *product, const char *cycle, const char *version,
    long long *id, struct err *err)
{
	char now[CLOCK_BUFSZ];
	long long pid, cid;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = resolve(s, product, cycle, &pid, &cid, err)) == ST_OK)
		st = deployment_add_in_tx(s, customer_id, pid, cid, version, now,
		    id, err);
	return db_end(s->db, st, err);
}

enum status
deployment_remove(struct session *s, long long customer_id,
    const char *product, const char *cycle, struct err *err)
{
	long long pid, cid, n = 0;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = resolve(s, product, cycle, &pid, &cid, err)) != ST_OK ||
	    (st = q_deployment_delete(s->db, customer_id, pid, cid, &n, err)) !=
	    ST_OK)
		goto end;
	if (n == 0) {
		st = err_set(err, ST_NOTFOUND, "customer %lld is not recorded as "
		    "running %s%s%s", customer_id, product, no_cycle(cycle) ? "" :
		    " ", no_cycle(cycle) ? "" : cycle);
		goto end;
	}
	st = audit_record(s->db, s->actor, "deployment.remove", "customer",
	    customer_id, err, "{s:s, s:s?, s:I}", "product", product, "cycle",
	    no_cycle(cycle) ? NULL : cycle, "removed", (json_int_t)n);
end:
	return db_end(s->db, st, err);
}
