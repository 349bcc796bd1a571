/* storage/q_subscriber.c - SQL for subscribers and their subscriptions. */
#include "config.h"

#include "storage/q_subscriber.h"

#include <stdio.h>

#include "storage/db_priv.h"
#include "util/xalloc.h"

#define SUBSCRIBER_COLS "id, address, token, created_at, confirmed_at," \
	" unsubscribed_at, erased_at"

static void
fill(sqlite3_stmt *s, struct subscriber *sub)
{
	sub->id = sqlite3_column_int64(s, 0);
	sub->address = db_col_text(s, 1);
	sub->token = db_col_text(s, 2);
	sub->created_at = db_col_text(s, 3);
	sub->confirmed_at = db_col_text(s, 4);
	sub->unsubscribed_at = db_col_text(s, 5);
	sub->erased_at = db_col_text(s, 6);
}

/* Load SUB's lists, sorted, into a NULL-terminated array. */
static enum status
load_lists(struct db *db, struct subscriber *sub, struct err *err)
{
	static const char sql[] = "SELECT list FROM subscriptions"
	    " WHERE subscriber_id = ? ORDER BY list";
	sqlite3_stmt *s;
	enum status st;
	size_t cap = 4;
	int rc;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sub->lists = xcalloc(cap + 1, sizeof *sub->lists);
	sub->nlists = 0;
	sqlite3_bind_int64(s, 1, sub->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sub->nlists == cap) {
			cap *= 2;
			sub->lists = xreallocarray(sub->lists, cap + 1,
			    sizeof *sub->lists);
		}
		sub->lists[sub->nlists++] = db_col_text(s, 0);
		sub->lists[sub->nlists] = NULL;
	}
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "subscriber lists");
	db_stmt_done(s);
	return st;
}

/* Step the bound statement S to its end into OUT, then load each row's
 * lists (after the reset, so the statements never overlap). */
static enum status
step_list(struct db *db, sqlite3_stmt *s, struct rowlist *out,
    struct err *err)
{
	enum status st = ST_OK;
	size_t i;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fill(s, rowlist_push(out));
	if (rc != SQLITE_DONE)
		st = db_sqlerr(db, err, "list subscribers");
	db_stmt_done(s);
	for (i = 0; st == ST_OK && i < out->count; i++)
		st = load_lists(db, rowlist_at(out, i), err);
	return st;
}

enum status
q_subscriber_insert(struct db *db, struct subscriber *sub, struct err *err)
{
	static const char sql[] = "INSERT INTO subscribers (address, token,"
	    " created_at, confirmed_at) VALUES (?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, sub->address);
	db_bind_text(s, 2, sub->token);
	db_bind_text(s, 3, sub->created_at);
	db_bind_text(s, 4, sub->confirmed_at);
	if (sqlite3_step(s) != SQLITE_DONE) {
		st = db_sqlerr(db, err, "add subscriber");
		if (st == ST_EXISTS)
			err_set(err, st, "%s is already a subscriber",
			    sub->address != NULL ? sub->address : "the address");
	} else {
		sub->id = sqlite3_last_insert_rowid(db->h);
		db_note_write(db);
	}
	db_stmt_done(s);
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
	if (sqlite3_step(s) != SQLITE_DONE)
		st = db_sqlerr(db, err, "subscribe");
	else if (sqlite3_changes(db->h) > 0)
		db_note_write(db);
	db_stmt_done(s);
	return st;
}

enum status
q_subscriber_clear_lists(struct db *db, long long subscriber_id, long long *n,
    struct err *err)
{
	static const char sql[] = "DELETE FROM subscriptions WHERE subscriber_id = ?";
	sqlite3_stmt *s;
	enum status st;
	int changes;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	sqlite3_bind_int64(s, 1, subscriber_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		st = db_sqlerr(db, err, "drop subscriptions");
	else {
		changes = sqlite3_changes(db->h);
		if (changes > 0)
			db_note_write(db);
		if (n != NULL)
			*n = changes;
	}
	db_stmt_done(s);
	return st;
}

/* Load the one row SQL finds for KEY (text) or ID; WHAT names it. */
static enum status
load_one(struct db *db, const char *sql, const char *key, long long id,
    const char *what, struct subscriber *sub, struct err *err)
{
	sqlite3_stmt *s;
	enum status st;
	int rc;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	if (key != NULL)
		db_bind_text(s, 1, key);
	else
		sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fill(s, sub);
	else if (rc == SQLITE_DONE)
		st = err_set(err, ST_NOTFOUND, "%s", what);
	else
		st = db_sqlerr(db, err, "load subscriber");
	db_stmt_done(s);
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
	char what[64];

	snprintf(what, sizeof what, "no subscriber with id %lld", id);
	return load_one(db, sql, NULL, id, what, sub, err);
}

enum status
q_subscriber_by_address(struct db *db, const char *address,
    struct subscriber *sub, struct err *err)
{
	static const char sql[] = "SELECT " SUBSCRIBER_COLS " FROM subscribers"
	    " WHERE address = ?";

	if (address == NULL)
		return err_set(err, ST_NOTFOUND, "no subscriber without an address");
	return load_one(db, sql, address, 0, "no subscriber with that address",
	    sub, err);
}

enum status
q_subscriber_by_token(struct db *db, const char *token, struct subscriber *sub,
    struct err *err)
{
	static const char sql[] = "SELECT " SUBSCRIBER_COLS " FROM subscribers"
	    " WHERE token = ?";

	if (token == NULL)
		return err_set(err, ST_NOTFOUND, "no subscription with that token");
	return load_one(db, sql, token, 0, "no subscription with that token",
	    sub, err);
}

enum status
q_subscriber_list(struct db *db, const char *list, long long limit,
    long long offset, struct rowlist *out, struct err *err)
{
	static const char sql[] = "SELECT " SUBSCRIBER_COLS " FROM subscribers"
	    " WHERE ?1 IS NULL OR id IN (SELECT subscriber_id FROM subscriptions"
	    " WHERE list = ?1) ORDER BY id LIMIT ?2 OFFSET ?3";
	sqlite3_stmt *s;
	enum status st;

	rowlist_init(out, sizeof(struct subscriber));
	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, list);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	sqlite3_bind_int64(s, 3, offset > 0 ? offset : 0);
	return step_list(db, s, out, err);
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
	if (sqlite3_step(s) == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		st = db_sqlerr(db, err, "count subscribers");
	db_stmt_done(s);
	return st;
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
	if (sqlite3_step(s) != SQLITE_DONE)
		st = db_sqlerr(db, err, what);
	else if (sqlite3_changes(db->h) == 0)
		st = err_set(err, ST_NOTFOUND, "no subscriber with id %lld", id);
	else
		db_note_write(db);
	db_stmt_done(s);
	return st;
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
