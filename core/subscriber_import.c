/* core/subscriber_import.c - RFC 4180 CSV, and subscribers imported from it
 * all at once or not at all. */
#include "config.h"

#include "core/subscriber.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "storage/q_customer.h"
#include "util/xalloc.h"

#define CSV_MAX_BYTES (64L * 1024 * 1024)

void
csv_row_clear(struct csv_row *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	free(r->fields);
	memset(r, 0, sizeof *r);
}

/* Read all of PATH into *BUF (NUL-terminated), *LEN bytes. */
static enum status
slurp(const char *path, char **buf, size_t *len, struct err *err)
{
	FILE *fp;
	size_t cap = 65536, n;
	enum status st = ST_OK;

	*buf = NULL;
	*len = 0;
	if ((fp = fopen(path, "rb")) == NULL)
		return err_set(err, ST_IO, "%s: %s", path, strerror(errno));
	*buf = xmalloc(cap);
	while ((n = fread(*buf + *len, 1, cap - *len - 1, fp)) > 0) {
		*len += n;
		if (*len > (size_t)CSV_MAX_BYTES) {
			st = err_set(err, ST_INVALID, "%s: larger than %ld MiB", path,
			    CSV_MAX_BYTES / 1024 / 1024);
			break;
		}
		if (cap - *len < 2)
			*buf = xreallocarray(*buf, cap *= 2, 1);
	}
	if (st == ST_OK && ferror(fp))
		st = err_set(err, ST_IO, "%s: %s", path, strerror(errno));
	fclose(fp);
	(*buf)[*len] = '\0';
	return st;
}

/* A growing byte string for one field. */
struct field {
	char   *s;
	size_t  n, cap;
};

static void
field_put(struct field *f, char c)
{
	if (f->n + 2 > f->cap)
		f->s = xreallocarray(f->s, f->cap = f->cap ? 2 * f->cap : 64, 1);
	f->s[f->n++] = c;
	f->s[f->n] = '\0';
}

/* End the field F into row R. */
static void
field_end(struct csv_row *r, size_t *cap, struct field *f)
{
	if (r->nfields + 1 >= *cap)
		r->fields = xreallocarray(r->fields, *cap = *cap ? 2 * *cap : 8,
		    sizeof *r->fields);
	r->fields[r->nfields++] = f->s != NULL ? f->s : xstrdup("");
	memset(f, 0, sizeof *f);
}

enum status
csv_read(const char *path, struct rowlist *out, struct err *err)
{
	struct csv_row row = { 0 }, *slot;
	struct field f = { 0 };
	char *buf = NULL, *p, *q, *end;
	size_t len, cap = 0;
	long line = 1;
	bool is_quoted, is_blank;
	enum status st;

	rowlist_init(out, sizeof(struct csv_row));
	if ((st = slurp(path, &buf, &len, err)) != ST_OK)
		goto done;
	p = buf;
	end = buf + len;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;                         /* a byte-order mark */
	if (memchr(p, '\0', (size_t)(end - p)) != NULL) {
		st = err_set(err, ST_INVALID, "%s: not a text file (it holds NUL "
		    "bytes)", path);
		goto done;
	}
	while (p < end) {
		row.line = line;
		cap = 0;
		is_blank = true;
		for (;;) {                      /* one field */
			/* ' "quoted"' as a quoted field: people write that. */
			for (q = p; q < end && (*q == ' ' || *q == '\t'); q++)
				;
			if (q < end && *q == '"')
				p = q;
			is_quoted = p < end && *p == '"';
			if (is_quoted) {
				is_blank = false;
				for (p++;; p++) {
					if (p >= end) {
						st = err_set(err, ST_INVALID, "%s:%ld: a "
						    "quoted field is not closed", path,
						    row.line);
						goto done;
					}
					if (*p == '"' && p[1] == '"')
						field_put(&f, *p++);
					else if (*p == '"')
						break;
					else {
						line += *p == '\n';
						field_put(&f, *p);
					}
				}
				p++;
				if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
					st = err_set(err, ST_INVALID, "%s:%ld: text after "
					    "a closing quote (write a quote inside a quoted "
					    "field as \"\")", path, line);
					goto done;
				}
			} else
				for (; p < end && *p != ',' && *p != '\n' &&
				    *p != '\r'; p++) {
					if (*p == '"') {
						st = err_set(err, ST_INVALID, "%s:%ld: a "
						    "quote inside a field that does not start "
						    "with one", path, line);
						goto done;
					}
					if (*p != ' ' && *p != '\t')
						is_blank = false;
					field_put(&f, *p);
				}
			field_end(&row, &cap, &f);
			if (p < end && *p == ',') {
				is_blank = false;
				p++;
				continue;
			}
			break;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		line++;
		if (is_blank) {                 /* a blank line */
			csv_row_clear(&row);
			continue;
		}
		slot = rowlist_push(out);
		*slot = row;
		memset(&row, 0, sizeof row);
	}
done:
	free(f.s);
	csv_row_clear(&row);
	free(buf);
	return st;
}

const char *
csv_field(const struct csv_row *r, int idx)
{
	char *v, *e;

	if (idx < 0 || (size_t)idx >= r->nfields)
		return "";
	/* Trim in place: the row is the caller's, and nobody needs the
	 * spaces. */
	v = r->fields[idx];
	while (*v == ' ' || *v == '\t')
		v++;
	e = v + strlen(v);
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return v;
}

enum status
csv_columns(const char *path, const struct csv_row *hdr,
    const char *const *cols, size_t nrequired, int *idx, struct err *err)
{
	size_t i, j;
	char all[256] = "";

	for (j = 0; cols[j] != NULL; j++) {
		idx[j] = -1;
		snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s",
		    j > 0 ? "," : "", cols[j]);
	}
	if (hdr == NULL)
		return err_set(err, ST_INVALID, "%s: empty; the first line names "
		    "the columns: %s", path, all);
	for (i = 0; i < hdr->nfields; i++) {
		const char *name = csv_field(hdr, (int)i);

		for (j = 0; cols[j] != NULL && strcasecmp(cols[j], name) != 0; j++)
			;
		if (cols[j] == NULL)
			return err_set(err, ST_INVALID, "%s:1: unknown column \"%s\" "
			    "(the columns are %s)", path, name, all);
		if (idx[j] >= 0)
			return err_set(err, ST_INVALID, "%s:1: column %s appears "
			    "twice", path, cols[j]);
		idx[j] = (int)i;
	}
	for (j = 0; j < nrequired; j++)
		if (idx[j] < 0)
			return err_set(err, ST_INVALID, "%s:1: no column %s (the "
			    "first line names the columns: %s)", path, cols[j], all);
	return ST_OK;
}

void
import_result_clear(struct import_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nproblems && i < IMPORT_MAX_PROBLEMS; i++)
		free(r->problems[i]);
	free(r->problems);
	memset(r, 0, sizeof *r);
}

void
import_problem(struct import_result *r, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	if (r->nproblems >= IMPORT_MAX_PROBLEMS) {
		r->nproblems++;                 /* counted, not kept */
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->problems = xreallocarray(r->problems, r->nproblems + 1,
	    sizeof *r->problems);
	r->problems[r->nproblems++] = xstrdup(buf);
}

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

	memset(res, 0, sizeof *res);
	rowlist_init(&customers, sizeof(struct customer));
	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = csv_read(path, &rows, err)) != ST_OK)
		goto done;
	if ((st = csv_columns(path, rows.count > 0 ? rowlist_at(&rows, 0) :
	    NULL, cols, 3, idx, err)) != ST_OK)
		goto done;
	n = rows.count - 1;
	res->rows = (long long)n;
	plan = xcalloc(n + 1, sizeof *plan);
	sorted = xcalloc(n + 1, sizeof *sorted);
	clock_now_str(now);
	/* Checked and written in one transaction: what was checked holds. */
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto done;
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
	if (res->nproblems > 0) {
		st = err_set(err, ST_INVALID, "%s: %zu problem%s in %lld row%s; "
		    "nothing was imported", path, res->nproblems,
		    res->nproblems == 1 ? "" : "s", res->rows,
		    res->rows == 1 ? "" : "s");
		goto end;
	}
	if ((st = subscriber_mailer_find(s, &m, err)) != ST_OK)
		goto end;
	for (i = 0; i < n && st == ST_OK; i++) {
		struct subscriber_new in = { 0 };

		in.address = plan[i].address;
		in.lists = (const char *const *)plan[i].lists;
		in.is_confirmed = plan[i].is_confirmed;
		in.customer_id = plan[i].customer_id;
		if ((st = subscriber_add_in_tx(s, &in, &m, now, NULL, err)) != ST_OK)
			err_prefix(err, "%s:%ld", path, plan[i].line);
	}
	if (st == ST_OK)
		res->added = (long long)n;
end:
	st = db_end(s->db, st, err);
	if (st != ST_OK)
		res->added = 0;
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
