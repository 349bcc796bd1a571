/* core/customer.c - customers and deployments: validation and audit. */
#include "config.h"

#include "core/customer.h"

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
customer_create(struct session *s, const char *name,
    const char *contact_email, const char *contract_ref, int notify_sla_hours,
    long long *id, struct err *err)
{
	struct customer c = { 0 };
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
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
	clock_now_str(now);
	c.name = (char *)name;
	c.contact_email = contact_email != NULL && *contact_email != '\0' ?
	    (char *)contact_email : NULL;
	c.contract_ref = (char *)contract_ref;
	c.notify_sla_hours = notify_sla_hours;
	c.created_at = now;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_customer_insert(s->db, &c, err)) != ST_OK)
		goto end;
	/* Names and addresses stay out of the chain: they may be erased. */
	st = audit_record(s->db, s->actor, "customer.create", "customer", c.id,
	    err, "{s:i, s:b}", "notify_sla_hours", notify_sla_hours,
	    "has_contact", c.contact_email != NULL);
end:
	st = db_end(s->db, st, err);
	if (st == ST_OK && id != NULL)
		*id = c.id;
	return st;
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
deployment_add(struct session *s, long long customer_id, long long product_id,
    long long cycle_id, const char *version, long long *id, struct err *err)
{
	struct customer c = { 0 };
	struct product p = { 0 };
	struct cycle cy = { 0 };
	struct deployment d = { 0 };
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = check_line("version", version, DEPLOYMENT_VERSION_MAX, false,
	    err)) != ST_OK)
		return st;
	if (cycle_id < 0)
		return err_set(err, ST_INVALID, "cycle: no release cycle with id "
		    "%lld", cycle_id);
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
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
	d.created_at = now;
	if ((st = q_deployment_insert(s->db, &d, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "deployment.add", "deployment", d.id,
	    err, "{s:I, s:s, s:s?, s:s}", "customer", (json_int_t)c.id,
	    "product", p.slug, "cycle", cy.cycle, "version",
	    version != NULL ? version : "");
end:
	st = db_end(s->db, st, err);
	customer_clear(&c);
	product_clear(&p);
	cycle_clear(&cy);
	if (st == ST_OK && id != NULL)
		*id = d.id;
	return st;
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
