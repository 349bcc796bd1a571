/* core/customer_import.c - customers and deployments from CSV, all or
 * nothing. */
#include "config.h"

#include "core/customer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/check.h"
#include "core/clock.h"
#include "core/subscriber.h"
#include "storage/q_product.h"
#include "util/xalloc.h"

/* A checked row of a customer import. */
struct new_customer {
	const char *name, *email, *contract;
	int         sla;
	long        line;
};

/* Whether NAME is taken among CUSTOMERS (not erased), case ignored. */
static bool
name_taken(const struct rowlist *customers, const char *name)
{
	size_t i;

	for (i = 0; i < customers->count; i++) {
		const struct customer *c = rowlist_at(customers, i);

		if (c->erased_at == NULL && c->name != NULL &&
		    strcasecmp(c->name, name) == 0)
			return true;
	}
	return false;
}

/* Parse SLA hours V (empty: 0) into *OUT. */
static bool
parse_sla(const char *v, int *out)
{
	char *end;
	long n;

	*out = 0;
	if (*v == '\0')
		return true;
	errno = 0;
	n = strtol(v, &end, 10);
	if (*end != '\0' || errno != 0 || n < 0 || n > CUSTOMER_SLA_MAX)
		return false;
	*out = (int)n;
	return true;
}

/* Add planned customer I of W (struct new_customer). */
static enum status
add_customer(const struct import_write *w, size_t i, long *line,
    struct err *err)
{
	const struct new_customer *p = (const struct new_customer *)w->plan + i;

	*line = p->line;
	return customer_create_in_tx(w->s, p->name, p->email, p->contract,
	    p->sla, w->now, NULL, err);
}

enum status
customer_import(struct session *s, const char *path,
    struct import_result *res, struct err *err)
{
	static const char *const cols[] = {
		"name", "email", "contract", "sla_hours", NULL,
	};
	struct rowlist rows, customers;
	struct new_customer *plan = NULL;
	char now[CLOCK_BUFSZ];
	int idx[4];
	size_t i, j, n = 0;
	enum status st;

	rowlist_init(&customers, sizeof(struct customer));
	if ((st = import_begin(s, path, cols, 1, &rows, idx, res, &n, now,
	    err)) != ST_OK)
		goto done;
	plan = xcalloc(n + 1, sizeof *plan);
	st = q_customer_list(s->db, &customers, err);
	for (i = 0; i < n && st == ST_OK; i++) {
		const struct csv_row *r = rowlist_at(&rows, i + 1);
		struct new_customer *p = &plan[i];
		struct err e = { 0 };
		const char *sla = csv_field(r, idx[3]);

		p->line = r->line;
		p->name = csv_field(r, idx[0]);
		p->email = csv_field(r, idx[1]);
		p->contract = csv_field(r, idx[2]);
		if (!parse_sla(sla, &p->sla))
			import_problem(res, "%s:%ld: sla_hours: 0 (none) to %d hours "
			    "(got %s)", path, r->line, CUSTOMER_SLA_MAX, sla);
		else if (customer_check(p->name, p->email, p->contract, p->sla,
		    &e) != ST_OK)
			import_problem(res, "%s:%ld: %s", path, r->line, e.msg);
		if (*p->name != '\0' && name_taken(&customers, p->name))
			import_problem(res, "%s:%ld: name: customer %s exists "
			    "already", path, r->line, p->name);
		for (j = 0; j < i && *p->name != '\0'; j++)
			if (strcasecmp(plan[j].name, p->name) == 0) {
				import_problem(res, "%s:%ld: name: %s is on line %ld "
				    "already", path, r->line, p->name, plan[j].line);
				break;
			}
		if (r->nfields > ((struct csv_row *)rowlist_at(&rows, 0))->nfields)
			import_problem(res, "%s:%ld: %zu fields, more than the "
			    "header's", path, r->line, r->nfields);
	}
	st = import_end(&(struct import_write){ s, now, plan, NULL }, path, st,
	    res, n, add_customer, err);
done:
	free(plan);
	rowlist_free(&rows, (row_clear_fn)csv_row_clear);
	rowlist_free(&customers, (row_clear_fn)customer_clear);
	return st;
}

/* A checked row of a deployment import. */
struct new_deployment {
	long long   customer_id, product_id, cycle_id;
	const char *version;
	long        line;
};

/* Check deployment row R into P, recording problems in RES. */
static void
check_deployment(struct session *s, const char *path, const struct csv_row *r,
    const int *idx, struct new_deployment *p, struct import_result *res)
{
	struct customer c = { 0 };
	struct product pr = { 0 };
	struct cycle cy = { 0 };
	struct err e = { 0 };
	const char *who = csv_field(r, idx[0]), *prod = csv_field(r, idx[1]);
	const char *cycle = csv_field(r, idx[2]);
	bool exists = false;

	p->line = r->line;
	p->version = csv_field(r, idx[3]);
	if (*who == '\0')
		import_problem(res, "%s:%ld: customer: required", path, r->line);
	else if (customer_find(s, who, &c, &e) != ST_OK)
		import_problem(res, "%s:%ld: customer: %s", path, r->line, e.msg);
	else if (c.erased_at != NULL)
		import_problem(res, "%s:%ld: customer: customer %lld was erased",
		    path, r->line, c.id);
	else
		p->customer_id = c.id;
	if (*prod == '\0')
		import_problem(res, "%s:%ld: product: required", path, r->line);
	else if (q_product_by_slug(s->db, prod, &pr, &e) != ST_OK)
		import_problem(res, "%s:%ld: product: no product %s", path, r->line,
		    prod);
	else {
		p->product_id = pr.id;
		if (*cycle != '\0' && strcmp(cycle, "-") != 0) {
			if (q_cycle_by_name(s->db, pr.id, cycle, &cy, &e) != ST_OK)
				import_problem(res, "%s:%ld: cycle: %s has no release "
				    "cycle %s", path, r->line, prod, cycle);
			else
				p->cycle_id = cy.id;
		}
	}
	if (check_line("version", p->version, DEPLOYMENT_VERSION_MAX, false,
	    &e) != ST_OK)
		import_problem(res, "%s:%ld: %s", path, r->line, e.msg);
	else if (p->customer_id != 0 && p->product_id != 0 &&
	    q_deployment_exists(s->db, p->customer_id, p->product_id,
	    p->cycle_id, p->version, &exists, &e) == ST_OK && exists)
		import_problem(res, "%s:%ld: customer %s runs %s %s already", path,
		    r->line, who, prod, cycle);
	customer_clear(&c);
	product_clear(&pr);
	cycle_clear(&cy);
}

/* Add planned deployment I of W (struct new_deployment). */
static enum status
add_deployment(const struct import_write *w, size_t i, long *line,
    struct err *err)
{
	const struct new_deployment *p =
	    (const struct new_deployment *)w->plan + i;

	*line = p->line;
	return deployment_add_in_tx(w->s, p->customer_id, p->product_id,
	    p->cycle_id, p->version, w->now, NULL, err);
}

enum status
deployment_import(struct session *s, const char *path,
    struct import_result *res, struct err *err)
{
	static const char *const cols[] = {
		"customer", "product", "cycle", "version", NULL,
	};
	struct rowlist rows;
	struct new_deployment *plan = NULL;
	char now[CLOCK_BUFSZ];
	int idx[4];
	size_t i, j, n = 0;
	enum status st;

	if ((st = import_begin(s, path, cols, 3, &rows, idx, res, &n, now,
	    err)) != ST_OK)
		goto done;
	plan = xcalloc(n + 1, sizeof *plan);
	for (i = 0; i < n; i++) {
		check_deployment(s, path, rowlist_at(&rows, i + 1), idx, &plan[i],
		    res);
		for (j = 0; j < i && plan[i].customer_id != 0; j++)
			if (plan[j].customer_id == plan[i].customer_id &&
			    plan[j].product_id == plan[i].product_id &&
			    plan[j].cycle_id == plan[i].cycle_id &&
			    strcmp(plan[j].version, plan[i].version) == 0) {
				import_problem(res, "%s:%ld: the same deployment as on "
				    "line %ld", path, plan[i].line, plan[j].line);
				break;
			}
	}
	st = import_end(&(struct import_write){ s, now, plan, NULL }, path, st,
	    res, n, add_deployment, err);
done:
	free(plan);
	rowlist_free(&rows, (row_clear_fn)csv_row_clear);
	return st;
}
