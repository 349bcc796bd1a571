/* storage/q_publication.c - SQL for publications. */
#include "config.h"

#include "storage/q_publication.h"

#include <stdlib.h>
#include <string.h>

#include "storage/db_priv.h"

#define PUB_COLS "id, kind, path, sha256, published_at, confirmed_at," \
	" expires_at, source_hash, published_by"

void
publication_clear(struct publication *p)
{
	if (p == NULL)
		return;
	free(p->kind);
	free(p->path);
	free(p->sha256);
	free(p->published_at);
	free(p->confirmed_at);
	free(p->expires_at);
	free(p->source_hash);
	memset(p, 0, sizeof *p);
}

static void
fill(sqlite3_stmt *s, void *row)
{
	struct publication *p = row;

	p->id = sqlite3_column_int64(s, 0);
	p->kind = db_col_text(s, 1);
	p->path = db_col_text(s, 2);
	p->sha256 = db_col_text(s, 3);
	p->published_at = db_col_text(s, 4);
	p->confirmed_at = db_col_text(s, 5);
	p->expires_at = db_col_text(s, 6);
	p->source_hash = db_col_text(s, 7);
	p->published_by = sqlite3_column_int64(s, 8);
}

enum status
q_publication_latest(struct db *db, const char *kind, struct publication *p,
    struct err *err)
{
	static const char sql[] = "SELECT " PUB_COLS " FROM publications"
	    " WHERE kind = ?1 ORDER BY published_at DESC, id DESC LIMIT 1";

	return db_load_by_text(db, sql, kind, fill, p, "load publication", err,
	    "%s has never been exported", kind);
}

enum status
q_publication_insert(struct db *db, struct publication *p, struct err *err)
{
	static const char sql[] = "INSERT INTO publications (kind, path, sha256,"
	    " published_at, confirmed_at, expires_at, source_hash, published_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, p->kind);
	db_bind_text(s, 2, p->path);
	db_bind_text(s, 3, p->sha256);
	db_bind_text(s, 4, p->published_at);
	db_bind_text(s, 5, p->confirmed_at != NULL ? p->confirmed_at :
	    p->published_at);
	db_bind_text(s, 6, p->expires_at);
	db_bind_text(s, 7, p->source_hash);
	db_bind_id0(s, 8, p->published_by);
	return db_step_write(db, s, &p->id, "record publication", err);
}

enum status
q_publication_confirm(struct db *db, long long id, const char *at,
    struct err *err)
{
	static const char sql[] = "UPDATE publications SET confirmed_at = ?1"
	    " WHERE id = ?2";
	sqlite3_stmt *s;
	enum status st;

	if ((st = db_stmt(db, sql, &s, err)) != ST_OK)
		return st;
	db_bind_text(s, 1, at);
	sqlite3_bind_int64(s, 2, id);
	return db_step_bookkeeping(db, s, NULL, "confirm publication", err);
}
