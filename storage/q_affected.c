/* storage/q_affected.c - SQL for the products an incident affects. */
#include "config.h"

#include "storage/q_affected.h"

#include "storage/db_priv.h"

#define AFFECTED_COLS "id, incident_id, product_id, cycle_id, version_range," \
	" status, justification, ecosystem, package"

static void
fill(sqlite3_stmt *s, void *row)
{
	struct affected *a = row;

	a->id = sqlite3_column_int64(s, 0);
	a->incident_id = sqlite3_column_int64(s, 1);
	a->product_id = sqlite3_column_int64(s, 2);
	a->cycle_id = sqlite3_column_int64(s, 3);
	a->version_range = db_col_text(s, 4);
	a->status = db_col_text(s, 5);
	a->justification = db_col_text(s, 6);
	a->ecosystem = db_col_text(s, 7);
	a->package = db_col_text(s, 8);
}

enum status
q_affected_insert(struct db *db, struct affected *a, struct err *err)
{
	/* The SELECT inserts nothing when the cycle belongs to another
	 * product, so a row can never pair a product with a foreign cycle. */
	static const char sql[] = "INSERT INTO affected (incident_id, product_id,"
	    " cycle_id, version_range, status, justification, ecosystem, package)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
	    " WHERE ?3 IS NULL OR EXISTS (SELECT 1 FROM cycles"
	    " WHERE id = ?3 AND product_id = ?2)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, a->incident_id);
	sqlite3_bind_int64(s, 2, a->product_id);
	db_bind_id0(s, 3, a->cycle_id);
	db_bind_text(s, 4, a->version_range != NULL ? a->version_range : "");
	db_bind_text(s, 5, a->status);
	db_bind_text(s, 6, a->justification);
	db_bind_text(s, 7, a->ecosystem);
	db_bind_text(s, 8, a->package);
	st = db_step_change(db, s, "add affected product", err, NULL);
	if (st == ST_OK)
		a->id = sqlite3_last_insert_rowid(db->h);
	else if (st == ST_NOTFOUND)
		st = err_set(err, ST_INVALID, "cycle: %lld is not a release cycle "
		    "of product %lld", a->cycle_id, a->product_id);
	else if (db_failed_fk(db))
		st = err_set(err, ST_NOTFOUND, "no product with id %lld (or "
		    "no incident with id %lld)", a->product_id, a->incident_id);
	return st;
}

enum status
q_affected_by_id(struct db *db, long long id, struct affected *a,
    struct err *err)
{
	static const char sql[] = "SELECT " AFFECTED_COLS " FROM affected"
	    " WHERE id = ?";

	return db_load_by_id(db, sql, id, fill, a, "load affected product", err,
	    "no affected-product row with id %lld", id);
}

/* An incident's rows along affected_incident (incident_id, then the
 * rowid): no sort. */
enum { AF_FOR_INCIDENT, AF_N };

static const struct db_query queries[AF_N] = {
	[AF_FOR_INCIDENT] = { "affected products of an incident",
	    "SELECT " AFFECTED_COLS " FROM affected"
	    " WHERE incident_id = ? ORDER BY id" },
};

const struct db_query *
q_affected_queries(size_t *n)
{
	*n = AF_N;
	return queries;
}

enum status
q_affected_list_for_incident(struct db *db, long long incident_id,
    struct rowlist *out, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct affected));
	if ((st = db_stmt(db, queries[AF_FOR_INCIDENT].sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, incident_id);
	return db_step_list(db, s, fill, out, "list affected products", err);
}

enum status
q_affected_delete(struct db *db, long long id, struct err *err)
{
	static const char sql[] = "DELETE FROM affected WHERE id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, id);
	return db_step_change(db, s, "remove affected product", err,
	    "no affected-product row with id %lld", id);
}
