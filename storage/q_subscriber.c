/* storage/q_subscriber.c - SQL for subscribers and their subscriptions. */
#include "config.h"

#include "storage/q_subscriber.h"

#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"

#define SUBSCRIBER_COLS "id, address, token, created_at, confirmed_at," \
	" unsubscribed_at, erased_at, customer_id"

static void
fill(sqlite3_stmt *s, void *row)
{
	struct subscriber *sub = row;

	sub->id = sqlite3_column_int64(s, 0);
	sub->address = db_col_text(s, 1);
	sub->token = db_col_text(s, 2);
	sub->created_at = db_col_text(s, 3);
	sub->confirmed_at = db_col_text(s, 4);
	sub->unsubscribed_at = db_col_text(s, 5);
	sub->erased_at = db_col_text(s, 6);
	sub->customer_id = sqlite3_column_int64(s, 7);    /* NULL reads 0 */
}

/* Load SUB's lists, sorted, into a NULL-terminated array. */
static enum status
load_lists(struct db *db, struct subscriber *sub, struct err *err)
{
	static const char sql[] = "SELECT list FROM subscriptions"
	    " WHERE subscriber_id = ? ORDER BY list";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, sub->id);
	return db_step_texts(db, s, &sub->lists, &sub->nlists,
	    "subscriber lists", err);
}

/* Step the bound statement S to its end into OUT, then load each row's
 * lists (after the reset, so the statements never overlap). */
static enum status
step_list(struct db *db, sqlite3_stmt *s, struct rowlist *out,
    struct err *err)
{
	enum status st;
	size_t i;

	st = db_step_list(db, s, fill, out, "list subscribers", err);
	for (i = 0; st == ST_OK && i < out->count; i++)
		st = load_lists(db, rowlist_at(out, i), err);
	return st;
}

enum status
q_subscriber_insert(struct db *db, struct subscriber *sub, struct err *err)
{
	static const char sql[] = "INSERT INTO subscribers (address, token,"
	    " created_at, confirmed_at, customer_id) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, sub->address);
	db_bind_text(s, 2, sub->token);
	db_bind_text(s, 3, sub->created_at);
	db_bind_text(s, 4, sub->confirmed_at);
	db_bind_id0(s, 5, sub->customer_id);
	st = db_step_write(db, s, &sub->id, "add subscriber", err);
	if (st == ST_EXISTS)
		err_set(err, st, "%s is already a subscriber",
		    sub->address != NULL ? sub->address : "the address");
	return st;
}

enum status
q_subscriber_add_list(struct db *db, long long subscriber_id, const char *list,
    struct err *err)
{
	static const char sql[] = "INSERT OR IGNORE INTO subscriptions"
	    " (subscriber_id, list) VALUES (?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, subscriber_id);
	db_bind_text(s, 2, list);
	/* Already on the list is fine, and no write. */
	return db_step_changes(db, s, NULL, "subscribe", err);
}

enum status
q_subscriber_clear_lists(struct db *db, long long subscriber_id, long long *n,
    struct err *err)
{
	static const char sql[] = "DELETE FROM subscriptions WHERE subscriber_id = ?";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, subscriber_id);
	return db_step_changes(db, s, n, "drop subscriptions", err);
}

/* Finish loading subscriber SUB found with ST: add its lists, or clear it. */
static enum status
with_lists(struct db *db, enum status st, struct subscriber *sub,
    struct err *err)
{
	if (st == ST_OK && (st = load_lists(db, sub, err)) != ST_OK)
		subscriber_clear(sub);
	return st;
}

enum status
q_subscriber_by_id(struct db *db, long long id, struct subscriber *sub,
    struct err *err)
{
	static const char sql[] = "SELECT " SUBSCRIBER_COLS " FROM subscribers"
	    " WHERE id = ?";
	enum status st;

	st = db_load_by_id(db, sql, id, fill, sub, "load subscriber", err,
	    "no subscriber with id %lld", id);
	return with_lists(db, st, sub, err);
}

enum status
q_subscriber_by_address(struct db *db, const char *address,
    struct subscriber *sub, struct err *err)
{
	static const char sql[] = "SELECT " SUBSCRIBER_COLS " FROM subscribers"
	    " WHERE address = ?";
	enum status st;

	if (address == NULL)
		return err_set(err, ST_NOTFOUND, "no subscriber without an address");
	st = db_load_by_text(db, sql, address, fill, sub, "load subscriber", err,
	    "no subscriber with that address");
	return with_lists(db, st, sub, err);
}

enum status
q_subscriber_by_token(struct db *db, const char *token, struct subscriber *sub,
    struct err *err)
{
	static const char sql[] = "SELECT " SUBSCRIBER_COLS " FROM subscribers"
	    " WHERE token = ?";
	enum status st;

	if (token == NULL)
		return err_set(err, ST_NOTFOUND, "no subscription with that token");
	st = db_load_by_text(db, sql, token, fill, sub, "load subscriber", err,
	    "no subscription with that token");
	return with_lists(db, st, sub, err);
}

enum status
q_subscriber_list(struct db *db, const char *list, long long limit,
    long long offset, struct rowlist *out, struct err *err)
{
	/* A search with no text is the whole list. */
	return q_subscriber_search(db, list, NULL, limit, offset, out, err);
}

enum status
q_subscriber_count(struct db *db, const char *list, long long *n,
    struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM subscribers"
	    " WHERE ?1 IS NULL OR id IN (SELECT subscriber_id FROM subscriptions"
	    " WHERE list = ?1)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, list);
	return db_step_count(db, s, n, "count subscribers", err);
}

/* Run the one-row UPDATE SQL with WHEN and ID; WHAT names it. */
static enum status
set_time(struct db *db, const char *sql, long long id, const char *when,
    const char *what, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, when);
	sqlite3_bind_int64(s, 2, id);
	return db_step_change(db, s, what, err, "no subscriber with id %lld",
	    id);
}

enum status
q_subscriber_set_confirmed(struct db *db, long long id, const char *when,
    struct err *err)
{
	static const char sql[] = "UPDATE subscribers SET confirmed_at = ?"
	    " WHERE id = ?";

	return set_time(db, sql, id, when, "confirm subscriber", err);
}

enum status
q_subscriber_set_unsubscribed(struct db *db, long long id, const char *when,
    struct err *err)
{
	static const char sql[] = "UPDATE subscribers SET unsubscribed_at = ?"
	    " WHERE id = ?";

	return set_time(db, sql, id, when, "unsubscribe", err);
}

enum status
q_subscriber_erase(struct db *db, long long id, const char *when,
    struct err *err)
{
	static const char sql[] = "UPDATE subscribers SET address = NULL,"
	    " erased_at = ? WHERE id = ?";

	return set_time(db, sql, id, when, "erase subscriber", err);
}

enum status
q_subscriber_recipients(struct db *db, const char *kind,
    const char *product_slug, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " SUBSCRIBER_COLS " FROM subscribers"
	    " WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL"
	    " AND erased_at IS NULL AND address IS NOT NULL AND id IN"
	    " (SELECT subscriber_id FROM subscriptions"
	    "  WHERE list = ?1 || ':*' OR list = ?1 || ':' || ?2)"
	    " ORDER BY id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct subscriber));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, kind);
	db_bind_text(s, 2, product_slug);
	return step_list(db, s, out, err);
}

enum status
q_subscriber_search(struct db *db, const char *list, const char *text,
    long long limit, long long offset, struct rowlist *out, struct err *err)
{
	/* instr() rather than LIKE: the text's '%' and '_' mean themselves. */
	static const char sql[] = "SELECT " SUBSCRIBER_COLS " FROM subscribers"
	    " WHERE (?1 IS NULL OR id IN (SELECT subscriber_id FROM subscriptions"
	    " WHERE list = ?1)) AND (?2 IS NULL OR"
	    " instr(lower(address), lower(?2)) > 0)"
	    " ORDER BY id LIMIT ?3 OFFSET ?4";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct subscriber));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, list);
	db_bind_text(s, 2, text != NULL && *text != '\0' ? text : NULL);
	sqlite3_bind_int64(s, 3, limit > 0 ? limit : -1);
	sqlite3_bind_int64(s, 4, offset > 0 ? offset : 0);
	return step_list(db, s, out, err);
}

enum status
q_subscriber_for_customer(struct db *db, long long customer_id,
    struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " SUBSCRIBER_COLS " FROM subscribers"
	    " WHERE customer_id = ? ORDER BY id";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct subscriber));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, customer_id);
	return step_list(db, s, out, err);
}

static void
fill_list_count(sqlite3_stmt *s, void *row)
{
	struct subscriber_list_count *c = row;

	c->list = db_col_text(s, 0);
	c->total = sqlite3_column_int64(s, 1);
	c->confirmed = sqlite3_column_int64(s, 2);
	c->unconfirmed = sqlite3_column_int64(s, 3);
	c->unsubscribed = sqlite3_column_int64(s, 4);
}

enum status
q_subscriber_list_counts(struct db *db, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT l.list, count(*),"
	    " sum(s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL),"
	    " sum(s.confirmed_at IS NULL AND s.unsubscribed_at IS NULL),"
	    " sum(s.unsubscribed_at IS NOT NULL)"
	    " FROM subscriptions l JOIN subscribers s ON s.id = l.subscriber_id"
	    " WHERE s.erased_at IS NULL GROUP BY l.list ORDER BY l.list";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct subscriber_list_count));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	return db_step_list(db, s, fill_list_count, out, "count lists", err);
}

enum status
q_subscriber_address_taken(struct db *db, const char *address, bool *taken,
    struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM subscribers"
	    " WHERE address = ?";
	sqlite3_stmt *s;
	long long n = 0;
	enum status st;

	*taken = false;
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, address);
	if ((st = db_step_count(db, s, &n, "look up subscriber", err)) == ST_OK)
		*taken = n > 0;
	return st;
}

void
subscriber_list_count_clear(struct subscriber_list_count *c)
{
	if (c == NULL)
		return;
	free(c->list);
	memset(c, 0, sizeof *c);
}
