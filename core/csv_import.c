/* core/csv_import.c - RFC 4180 CSV read for an import, and what an
 * import found wrong, row by row (subscribers, customers, deployments). */
#include "config.h"

#include "core/subscriber.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
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

enum status
csv_open(const char *path, const char *const *cols, size_t nrequired,
    struct rowlist *rows, int *idx, struct import_result *res,
    struct err *err)
{
	enum status st;

	if ((st = csv_read(path, rows, err)) != ST_OK)
		return st;
	if ((st = csv_columns(path, rows->count > 0 ? rowlist_at(rows, 0) : NULL,
	    cols, nrequired, idx, err)) != ST_OK)
		return st;
	res->rows = (long long)rows->count - 1;
	return ST_OK;
}

enum status
import_refuse(const char *path, const struct import_result *res,
    struct err *err)
{
	return err_set(err, ST_INVALID, "%s: %zu problem%s in %lld row%s; "
	    "nothing was imported", path, res->nproblems,
	    res->nproblems == 1 ? "" : "s", res->rows, res->rows == 1 ? "" : "s");
}

enum status
import_begin(struct session *s, const char *path, const char *const *cols,
    size_t nrequired, struct rowlist *rows, int *idx,
    struct import_result *res, size_t *n, char *now, struct err *err)
{
	enum status st;

	memset(res, 0, sizeof *res);
	rowlist_init(rows, sizeof(struct csv_row));
	*n = 0;
	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = csv_open(path, cols, nrequired, rows, idx, res, err)) != ST_OK)
		return st;
	*n = rows->count - 1;
	clock_now_str(now);
	/* Checked and written in one transaction: what was checked holds. */
	return db_begin(s->db, err);
}

enum status
import_end(const struct import_write *w, const char *path, enum status st,
    struct import_result *res, size_t n, import_add_fn add, struct err *err)
{
	size_t i;
	long line = 0;

	if (st == ST_OK && res->nproblems > 0)
		st = import_refuse(path, res, err);
	for (i = 0; i < n && st == ST_OK; i++)
		if ((st = add(w, i, &line, err)) != ST_OK)
			err_prefix(err, "%s:%ld", path, line);
	if (st == ST_OK)
		res->added = (long long)n;
	st = db_end(w->s->db, st, err);
	if (st != ST_OK)
		res->added = 0;
	return st;
}
