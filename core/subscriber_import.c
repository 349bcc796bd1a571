/* core/subscriber_import.c - subscribers imported from a CSV file
 * (core/csv_import.c reads it) all at once or not at all. */
#include "config.h"

#include "core/subscriber.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "storage/q_customer.h"
#include "util/xalloc.h"

/* One row to import, once checked. */
struct planned {
	char       *address;                /* normalised */
	char      **lists;                  /* NULL-terminated */
	bool        is_confirmed;
	long long   customer_id;
	long        line;
};

static void
planned_clear(struct planned *p)
{
	size_t i;

	free(p->address);
	for (i = 0; p->lists != NULL && p->lists[i] != NULL; i++)
		free(p->lists[i]);
	free(p->lists);
}

/* Split V at ';' into a NULL-terminated array of trimmed, non-empty names. */
static char **
split_lists(const char *v)
{
	char **out = NULL, *copy = xstrdup(v), *tok, *save = NULL, *e;
	size_t n = 0;

	for (tok = strtok_r(copy, ";", &save); tok != NULL;
	    tok = strtok_r(NULL, ";", &save)) {
		while (*tok == ' ' || *tok == '\t')
			tok++;
		e = tok + strlen(tok);
		while (e > tok && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		if (*tok == '\0')
			continue;
		out = xreallocarray(out, n + 2, sizeof *out);
		out[n++] = xstrdup(tok);
		out[n] = NULL;
	}
	free(copy);
	if (out == NULL)
		out = xcalloc(1, sizeof *out);
	return out;
}

/* Parse V as a yes/no answer into *IS_YES. */
static bool
parse_yes(const char *v, bool *is_yes)
{
	static const char *const yes[] = { "yes", "y", "true", "1", NULL };
	static const char *const no[] = { "no", "n", "false", "0", "", NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		if (strcasecmp(v, yes[i]) == 0)
			return *is_yes = true;
	for (i = 0; no[i] != NULL; i++)
		if (strcasecmp(v, no[i]) == 0) {
			*is_yes = false;
			return true;
		}
	return false;
}

/* The customer V names (an id, or a name, case ignored) among CUSTOMERS;
 * sets *ID, or says what is wrong in WHY. */
static bool
find_customer(const struct rowlist *customers, const char *v, long long *id,
    char *why, size_t n)
{
	char *endp;
	long long want;
	size_t i, hits = 0;

	*id = 0;
	errno = 0;
	want = strtoll(v, &endp, 10);
	for (i = 0; i < customers->count; i++) {
		const struct customer *c = rowlist_at(customers, i);
		bool is_match = *endp == '\0' && errno == 0 ? c->id == want :
		    c->name != NULL && strcasecmp(c->name, v) == 0;

		if (!is_match || c->erased_at != NULL)
			continue;
		*id = c->id;
		hits++;
	}
	if (hits == 1)
		return true;
	snprintf(why, n, hits == 0 ? "no customer %s (see herald customer "
	    "list)" : "%s names more than one customer: give its id", v);
	return false;
}

/* For sorting rows by address to find repeats. */
static int
by_address(const void *a, const void *b)
{
	const struct planned *x = *(const struct planned *const *)a;
	const struct planned *y = *(const struct planned *const *)b;
	int c;

	/* Rows without a good address sort first, and match nothing. */
	if (x->address == NULL || y->address == NULL)
		c = (x->address != NULL) - (y->address != NULL);
	else
		c = strcmp(x->address, y->address);
	if (c != 0)
		return c;

	return (x->line > y->line) - (x->line < y->line);
}

/* Check row R of PATH into P, recording every problem in RES. */
static void
check_row(struct session *s, const char *path, const struct csv_row *r,
    const int *idx, const struct rowlist *customers, struct planned *p,
    struct import_result *res)
{
	struct err e = { 0 };
	const char *v;
	char why[256];
	bool taken = false;

	p->line = r->line;
	v = csv_field(r, idx[0]);
	if (subscriber_check_address("address", v, &e) != ST_OK)
		import_problem(res, "%s:%ld: %s", path, r->line, e.msg);
	else {
		p->address = subscriber_normalise(v);
		if (q_subscriber_address_taken(s->db, p->address, &taken, &e) !=
		    ST_OK)
			import_problem(res, "%s:%ld: address: %s", path, r->line,
			    e.msg);
		else if (taken)
			import_problem(res, "%s:%ld: address: %s is already a "
			    "subscriber", path, r->line, p->address);
	}
	p->lists = split_lists(csv_field(r, idx[1]));
	if (subscriber_check_lists_known(s, (const char *const *)p->lists, &e) !=
	    ST_OK)
		import_problem(res, "%s:%ld: %s", path, r->line, e.msg);
	v = csv_field(r, idx[2]);
	if (!parse_yes(v, &p->is_confirmed))
		import_problem(res, "%s:%ld: confirmed: yes or no (got %s)", path,
		    r->line, v);
	v = csv_field(r, idx[3]);
	if (*v != '\0' && !find_customer(customers, v, &p->customer_id, why,
	    sizeof why))
		import_problem(res, "%s:%ld: customer: %s", path, r->line, why);
	if (r->nfields > (size_t)(idx[3] >= 0 ? 4 : 3))
		import_problem(res, "%s:%ld: %zu fields, more than the header's",
		    path, r->line, r->nfields);
}

/* Order the problems of RES by line (stable), each "PATH:LINE: ...". */
static void
sort_problems(struct import_result *res, size_t pathlen)
{
	size_t i, j, n = res->nproblems < IMPORT_MAX_PROBLEMS ? res->nproblems :
	    IMPORT_MAX_PROBLEMS;
	char *t;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strtol(res->problems[j - 1] + pathlen + 1,
		    NULL, 10) > strtol(res->problems[j] + pathlen + 1, NULL, 10);
		    j--) {
			t = res->problems[j];
			res->problems[j] = res->problems[j - 1];
			res->problems[j - 1] = t;
		}
}

/* Add planned row I of W (struct planned; W->more the mailer). */
static enum status
add_planned(const struct import_write *w, size_t i, long *line,
    struct err *err)
{
	const struct planned *p = (const struct planned *)w->plan + i;
	struct subscriber_new in = { 0 };

	*line = p->line;
	in.address = p->address;
	in.lists = (const char *const *)p->lists;
	in.is_confirmed = p->is_confirmed;
	in.customer_id = p->customer_id;
	return subscriber_add_in_tx(w->s, &in, w->more, w->now, NULL, err);
}

enum status
subscriber_import(struct session *s, const char *path,
    struct import_result *res, struct err *err)
{
	static const char *const cols[] = {
		"address", "lists", "confirmed", "customer", NULL,
	};
	struct rowlist rows, customers;
	struct subscriber_mailer m = { 0 };
	struct planned *plan = NULL, **sorted = NULL;
	char now[CLOCK_BUFSZ];
	int idx[4];
	size_t i, n = 0;
	enum status st;

	rowlist_init(&customers, sizeof(struct customer));
	if ((st = import_begin(s, path, cols, 3, &rows, idx, res, &n, now,
	    err)) != ST_OK)
		goto done;
	plan = xcalloc(n + 1, sizeof *plan);
	sorted = xcalloc(n + 1, sizeof *sorted);
	if ((st = q_customer_list(s->db, &customers, err)) != ST_OK)
		goto end;
	for (i = 0; i < n; i++)
		check_row(s, path, rowlist_at(&rows, i + 1), idx, &customers,
		    &plan[i], res);
	/* An address twice in the file: the later rows are wrong. */
	for (i = 0; i < n; i++)
		sorted[i] = &plan[i];
	qsort(sorted, n, sizeof *sorted, by_address);
	for (i = 1; i < n; i++)
		if (sorted[i]->address != NULL && sorted[i - 1]->address != NULL &&
		    strcmp(sorted[i]->address, sorted[i - 1]->address) == 0)
			import_problem(res, "%s:%ld: address: %s is on line %ld "
			    "already", path, sorted[i]->line, sorted[i]->address,
			    sorted[i - 1]->line);
	sort_problems(res, strlen(path));
	if (res->nproblems == 0)
		st = subscriber_mailer_find(s, &m, err);
end:
	st = import_end(&(struct import_write){ s, now, plan, &m }, path, st,
	    res, n, add_planned, err);
done:
	for (i = 0; plan != NULL && i < n; i++)
		planned_clear(&plan[i]);
	free(plan);
	free(sorted);
	subscriber_mailer_clear(&m);
	rowlist_free(&rows, (row_clear_fn)csv_row_clear);
	rowlist_free(&customers, (row_clear_fn)customer_clear);
	return st;
}
