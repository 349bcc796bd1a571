/* storage/q_product.c - SQL for products and release cycles. */
#include "config.h"

#include "storage/q_product.h"

#include "storage/db_priv.h"

#define PRODUCT_COLS "id, slug, name, description, owner_id, created_at," \
	" updated_at"
#define CYCLE_COLS "id, product_id, cycle, release_date, active_support_end," \
	" security_support_end, eol, extended_support_end, is_lts," \
	" latest_version, post_eol_options, owner_id, eol_notice_sent_at," \
	" created_at, updated_at"

static void
fill_product(sqlite3_stmt *s, void *row)
{
	struct product *p = row;

	p->id = sqlite3_column_int64(s, 0);
	p->slug = db_col_text(s, 1);
	p->name = db_col_text(s, 2);
	p->description = db_col_text(s, 3);
	p->owner_id = sqlite3_column_int64(s, 4);
	p->created_at = db_col_text(s, 5);
	p->updated_at = db_col_text(s, 6);
}

static void
fill_cycle(sqlite3_stmt *s, void *row)
{
	struct cycle *c = row;

	c->id = sqlite3_column_int64(s, 0);
	c->product_id = sqlite3_column_int64(s, 1);
	c->cycle = db_col_text(s, 2);
	c->release_date = db_col_text(s, 3);
	c->active_support_end = db_col_text(s, 4);
	c->security_support_end = db_col_text(s, 5);
	c->eol = db_col_text(s, 6);
	c->extended_support_end = db_col_text(s, 7);
	c->is_lts = sqlite3_column_int(s, 8) != 0;
	c->latest_version = db_col_text(s, 9);
	c->post_eol_options = db_col_text(s, 10);
	c->owner_id = sqlite3_column_int64(s, 11);
	c->eol_notice_sent_at = db_col_text(s, 12);
	c->created_at = db_col_text(s, 13);
	c->updated_at = db_col_text(s, 14);
}

enum status
q_product_insert(struct db *db, struct product *p, struct err *err)
{
	static const char sql[] = "INSERT INTO products (slug, name, description,"
	    " owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, p->slug);
	db_bind_text(s, 2, p->name);
	db_bind_text(s, 3, p->description != NULL ? p->description : "");
	db_bind_id0(s, 4, p->owner_id);
	db_bind_text(s, 5, p->created_at);
	db_bind_text(s, 6, p->updated_at != NULL ? p->updated_at : p->created_at);
	if ((st = db_step_write(db, s, &p->id, "add product", err)) == ST_EXISTS)
		err_set(err, st, "product %s already exists", p->slug);
	return st;
}

enum status
q_product_by_id(struct db *db, long long id, struct product *p,
    struct err *err)
{
	static const char sql[] = "SELECT " PRODUCT_COLS " FROM products"
	    " WHERE id = ?";

	return db_load_by_id(db, sql, id, fill_product, p, "load product", err,
	    "no product with id %lld", id);
}

enum status
q_product_by_slug(struct db *db, const char *slug, struct product *p,
    struct err *err)
{
	static const char sql[] = "SELECT " PRODUCT_COLS " FROM products"
	    " WHERE slug = ?";

	return db_load_by_text(db, sql, slug, fill_product, p, "load product",
	    err, "no product %s", slug);
}

enum status
q_product_list(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " PRODUCT_COLS " FROM products"
	    " ORDER BY slug, id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct product));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill_product, out, "list products", err);
}

enum status
q_product_count(struct db *db, long long *n, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM products";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_count(db, s, n, "count products", err);
}

enum status
q_product_set_owner(struct db *db, long long id, long long owner_id,
    const char *updated_at, struct err *err)
{
	static const char sql[] = "UPDATE products SET owner_id = ?,"
	    " updated_at = ? WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_id0(s, 1, owner_id);
	db_bind_text(s, 2, updated_at);
	sqlite3_bind_int64(s, 3, id);
	return db_step_change(db, s, "set product owner", err,
	    "no product with id %lld", id);
}

/* Bind C's editable fields, cycle through owner_id, from parameter I on
 * (ten of them), in the order the INSERT and UPDATE below name them. */
static void
bind_cycle_fields(sqlite3_stmt *s, int i, const struct cycle *c)
{
	db_bind_text(s, i, c->cycle);
	db_bind_text(s, i + 1, c->release_date);
	db_bind_text(s, i + 2, c->active_support_end);
	db_bind_text(s, i + 3, c->security_support_end);
	db_bind_text(s, i + 4, c->eol);
	db_bind_text(s, i + 5, c->extended_support_end);
	sqlite3_bind_int(s, i + 6, c->is_lts ? 1 : 0);
	db_bind_text(s, i + 7, c->latest_version);
	db_bind_text(s, i + 8, c->post_eol_options != NULL ?
	    c->post_eol_options : "");
	db_bind_id0(s, i + 9, c->owner_id);
}

enum status
q_cycle_insert(struct db *db, struct cycle *c, struct err *err)
{
	static const char sql[] = "INSERT INTO cycles (product_id, cycle,"
	    " release_date, active_support_end, security_support_end, eol,"
	    " extended_support_end, is_lts, latest_version, post_eol_options,"
	    " owner_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, c->product_id);
	bind_cycle_fields(s, 2, c);
	db_bind_text(s, 12, c->created_at);
	db_bind_text(s, 13, c->updated_at != NULL ? c->updated_at : c->created_at);
	st = db_step_write(db, s, &c->id, "add release cycle", err);
	if (st == ST_EXISTS)
		err_set(err, st, "the product already has a cycle %s", c->cycle);
	return st;
}

enum status
q_cycle_by_id(struct db *db, long long id, struct cycle *c, struct err *err)
{
	static const char sql[] = "SELECT " CYCLE_COLS " FROM cycles WHERE id = ?";

	return db_load_by_id(db, sql, id, fill_cycle, c, "load release cycle", err,
	    "no release cycle with id %lld", id);
}

enum status
q_cycle_by_name(struct db *db, long long product_id, const char *cycle,
    struct cycle *c, struct err *err)
{
	static const char sql[] = "SELECT " CYCLE_COLS " FROM cycles"
	    " WHERE product_id = ? AND cycle = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, product_id);
	db_bind_text(s, 2, cycle);
	return db_step_one(db, s, fill_cycle, c, "load release cycle", err,
	    "the product has no release cycle %s",
	    cycle != NULL ? cycle : "(none)");
}

enum status
q_cycle_list_for_product(struct db *db, long long product_id,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " CYCLE_COLS " FROM cycles"
	    " WHERE product_id = ?"
	    " ORDER BY release_date DESC NULLS FIRST, id DESC";

	return db_list_by_id(db, sql, product_id, fill_cycle,
	    sizeof(struct cycle), out, "list release cycles", err);
}

enum status
q_cycle_count(struct db *db, long long product_id, long long *n,
    struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM cycles"
	    " WHERE ?1 = 0 OR product_id = ?1";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, product_id);
	return db_step_count(db, s, n, "count release cycles", err);
}

enum status
q_cycle_update(struct db *db, const struct cycle *c, struct err *err)
{
	static const char sql[] = "UPDATE cycles SET cycle = ?, release_date = ?,"
	    " active_support_end = ?, security_support_end = ?, eol = ?,"
	    " extended_support_end = ?, is_lts = ?, latest_version = ?,"
	    " post_eol_options = ?, owner_id = ?, eol_notice_sent_at = ?,"
	    " updated_at = ? WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	bind_cycle_fields(s, 1, c);
	db_bind_text(s, 11, c->eol_notice_sent_at);
	db_bind_text(s, 12, c->updated_at);
	sqlite3_bind_int64(s, 13, c->id);
	st = db_step_change(db, s, "update release cycle", err,
	    "no release cycle with id %lld", c->id);
	if (st == ST_EXISTS)
		err_set(err, st, "the product already has a cycle %s", c->cycle);
	return st;
}

enum status
q_cycle_set_eol_notice(struct db *db, long long id, const char *when,
    struct err *err)
{
	static const char sql[] = "UPDATE cycles SET eol_notice_sent_at = ?"
	    " WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, when);
	sqlite3_bind_int64(s, 2, id);
	return db_step_change(db, s, "record EOL notice", err,
	    "no release cycle with id %lld", id);
}

/* The console's end-of-life list (its products screen and home tile),
 * for the query-plan test too. Cycles are few, but it still seeks the
 * range in cycles_eol (eol, then id) and needs no sort. */
enum { PQ_EOL_BETWEEN, PQ_N };

static const struct db_query queries[PQ_N] = {
	[PQ_EOL_BETWEEN] = { "cycles reaching end of life",
	    "SELECT " CYCLE_COLS " FROM cycles"
	    " WHERE eol IS NOT NULL AND (?1 IS NULL OR eol >= ?1) AND eol <= ?2"
	    " AND eol_notice_sent_at IS NULL ORDER BY eol, id" },
};

const struct db_query *
q_product_queries(size_t *n)
{
	*n = PQ_N;
	return queries;
}

enum status
q_cycle_list_eol_between(struct db *db, const char *from, const char *to,
    struct rowlist *out, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct cycle));
	if ((st = db_stmt(db, queries[PQ_EOL_BETWEEN].sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, from);
	db_bind_text(s, 2, to);
	return db_step_list(db, s, fill_cycle, out, "list release cycles", err);
}
