/* storage/q_customer.c - SQL for customers and deployments. */
#include "config.h"

#include "storage/q_customer.h"

#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"

#define CUSTOMER_COLS "c.id, c.name, c.contact_email, c.contract_ref," \
	" c.notify_sla_hours, c.created_at, c.erased_at"
#define DEPLOYMENT_COLS "id, customer_id, product_id, cycle_id, version," \
	" created_at"
/* A customer's deployment of product ?2 in cycle ?3 (NULL: no cycle). */
#define ONE_DEPLOYMENT " WHERE customer_id = ?1 AND product_id = ?2" \
	" AND (cycle_id = ?3 OR (?3 IS NULL AND cycle_id IS NULL))"

static void
fill_customer(sqlite3_stmt *s, void *row)
{
	struct customer *c = row;

	c->id = sqlite3_column_int64(s, 0);
	c->name = db_col_text(s, 1);
	c->contact_email = db_col_text(s, 2);
	c->contract_ref = db_col_text(s, 3);
	c->notify_sla_hours = sqlite3_column_int(s, 4);   /* NULL reads 0 */
	c->created_at = db_col_text(s, 5);
	c->erased_at = db_col_text(s, 6);
}

static void
fill_deployment(sqlite3_stmt *s, void *row)
{
	struct deployment *d = row;

	d->id = sqlite3_column_int64(s, 0);
	d->customer_id = sqlite3_column_int64(s, 1);
	d->product_id = sqlite3_column_int64(s, 2);
	d->cycle_id = sqlite3_column_int64(s, 3);
	d->version = db_col_text(s, 4);
	d->created_at = db_col_text(s, 5);
}

enum status
q_customer_insert(struct db *db, struct customer *c, struct err *err)
{
	static const char sql[] = "INSERT INTO customers (name, contact_email,"
	    " contract_ref, notify_sla_hours, created_at) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, c->name);
	db_bind_text(s, 2, c->contact_email);
	db_bind_text(s, 3, c->contract_ref != NULL ? c->contract_ref : "");
	if (c->notify_sla_hours > 0)           /* NULL: no contractual SLA */
		sqlite3_bind_int(s, 4, c->notify_sla_hours);
	else
		sqlite3_bind_null(s, 4);
	db_bind_text(s, 5, c->created_at);
	return db_step_write(db, s, &c->id, "add customer", err);
}

enum status
q_customer_by_id(struct db *db, long long id, struct customer *c,
    struct err *err)
{
	static const char sql[] = "SELECT " CUSTOMER_COLS " FROM customers c"
	    " WHERE c.id = ?";

	return db_load_by_id(db, sql, id, fill_customer, c, "load customer", err,
	    "no customer with id %lld", id);
}

enum status
q_customer_list(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " CUSTOMER_COLS " FROM customers c"
	    " ORDER BY c.name IS NULL, c.name COLLATE NOCASE, c.id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct customer));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill_customer, out, "list customers", err);
}

enum status
q_customer_count(struct db *db, long long *n, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM customers";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_count(db, s, n, "count customers", err);
}

enum status
q_deployment_insert(struct db *db, struct deployment *d, struct err *err)
{
	static const char sql[] = "INSERT INTO deployments (customer_id,"
	    " product_id, cycle_id, version, created_at) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, d->customer_id);
	sqlite3_bind_int64(s, 2, d->product_id);
	db_bind_id0(s, 3, d->cycle_id);
	db_bind_text(s, 4, d->version != NULL ? d->version : "");
	db_bind_text(s, 5, d->created_at);
	return db_step_write(db, s, &d->id, "add deployment", err);
}

enum status
q_deployment_list_for_customer(struct db *db, long long customer_id,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " DEPLOYMENT_COLS " FROM deployments"
	    " WHERE customer_id = ? ORDER BY id";

	return db_list_by_id(db, sql, customer_id, fill_deployment,
	    sizeof(struct deployment), out, "list deployments", err);
}

enum status
q_deployment_count(struct db *db, long long customer_id, long long *n,
    struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM deployments"
	    " WHERE ?1 = 0 OR customer_id = ?1";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, customer_id);
	return db_step_count(db, s, n, "count deployments", err);
}

enum status
q_deployment_customers_for_cycle(struct db *db, long long cycle_id,
    struct rowlist *out, struct err *err)
{
	/* Served by the deployments_cycle index. */
	static const char sql[] = "SELECT " CUSTOMER_COLS " FROM customers c"
	    " WHERE c.erased_at IS NULL AND c.id IN"
	    " (SELECT customer_id FROM deployments WHERE cycle_id = ?)"
	    " ORDER BY c.name COLLATE NOCASE, c.id";

	return db_list_by_id(db, sql, cycle_id, fill_customer,
	    sizeof(struct customer), out, "list customers", err);
}

enum status
q_customer_by_name(struct db *db, const char *name, struct customer *c,
    struct err *err)
{
	static const char sql[] = "SELECT " CUSTOMER_COLS " FROM customers c"
	    " WHERE c.erased_at IS NULL AND c.name = ? COLLATE NOCASE"
	    " ORDER BY c.id";
	struct rowlist l;
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(&l, sizeof(struct customer));
	if (name == NULL)
		return err_set(err, ST_NOTFOUND, "which customer? give its name");
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, name);
	if ((st = db_step_list(db, s, fill_customer, &l, "load customer", err)) !=
	    ST_OK)
		goto end;
	if (l.count == 0)
		st = err_set(err, ST_NOTFOUND, "no customer %s", name);
	else if (l.count > 1)
		st = err_set(err, ST_CONFLICT, "%zu customers are called %s: give "
		    "the id", l.count, name);
	else {
		*c = *(struct customer *)rowlist_at(&l, 0);
		l.count = 0;                    /* C owns its strings now */
	}
end:
	rowlist_free(&l, (row_clear_fn)customer_clear);
	return st;
}

enum status
q_deployment_delete(struct db *db, long long customer_id, long long product_id,
    long long cycle_id, long long *n, struct err *err)
{
	static const char sql[] = "DELETE FROM deployments" ONE_DEPLOYMENT;
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, customer_id);
	sqlite3_bind_int64(s, 2, product_id);
	db_bind_id0(s, 3, cycle_id);
	return db_step_changes(db, s, n, "remove deployment", err);
}

enum status
q_deployment_exists(struct db *db, long long customer_id, long long product_id,
    long long cycle_id, const char *version, bool *exists, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM deployments"
	    ONE_DEPLOYMENT " AND version = ?4";
	sqlite3_stmt *s;
	long long n = 0;
	enum status st;

	*exists = false;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, customer_id);
	sqlite3_bind_int64(s, 2, product_id);
	db_bind_id0(s, 3, cycle_id);
	db_bind_text(s, 4, version != NULL ? version : "");
	if ((st = db_step_count(db, s, &n, "look up deployment", err)) == ST_OK)
		*exists = n > 0;
	return st;
}

void
customer_contact_clear(struct customer_contact *c)
{
	if (c == NULL)
		return;
	free(c->name);
	free(c->email);
	free(c->role);
	free(c->created_at);
	memset(c, 0, sizeof *c);
}

static void
fill_contact(sqlite3_stmt *s, void *row)
{
	struct customer_contact *c = row;

	c->id = sqlite3_column_int64(s, 0);
	c->customer_id = sqlite3_column_int64(s, 1);
	c->name = db_col_text(s, 2);
	c->email = db_col_text(s, 3);
	c->role = db_col_text(s, 4);
	c->created_at = db_col_text(s, 5);
}

enum status
q_contact_insert(struct db *db, struct customer_contact *c, struct err *err)
{
	static const char sql[] = "INSERT INTO customer_contacts (customer_id,"
	    " name, email, role, created_at) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, c->customer_id);
	db_bind_text(s, 2, c->name != NULL ? c->name : "");
	db_bind_text(s, 3, c->email);
	db_bind_text(s, 4, c->role != NULL ? c->role : "");
	db_bind_text(s, 5, c->created_at);
	return db_step_write(db, s, &c->id, "add contact", err);
}

enum status
q_contact_list_for_customer(struct db *db, long long customer_id,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT id, customer_id, name, email, role,"
	    " created_at FROM customer_contacts WHERE customer_id = ? ORDER BY id";

	return db_list_by_id(db, sql, customer_id, fill_contact,
	    sizeof(struct customer_contact), out, "list contacts", err);
}
