/* storage/q_publication.h - SQL for publications: each export of a page
 * an assessor asks about (the lifecycle, security.txt, the trust page, the
 * breach-notification procedure), with when and which bytes. */
#ifndef HERALD_STORAGE_Q_PUBLICATION_H
#define HERALD_STORAGE_Q_PUBLICATION_H

#include "storage/db.h"
#include "storage/records.h"

struct publication {
	long long id;
	char     *kind;          /* "lifecycle", "security-txt", ... */
	char     *path;          /* the file as written (absolute) */
	char     *sha256;        /* of its bytes */
	char     *published_at;  /* first exported with these bytes */
	char     *confirmed_at;  /* last exported with these bytes */
	char     *expires_at;    /* security.txt's Expires, else NULL */
	char     *source_hash;   /* what it was made from (the breach
	                          * playbook's hash for the procedure), or
	                          * NULL */
	long long published_by;  /* 0 when unknown */
};
void        publication_clear(struct publication *p);

/* The latest publication of KIND into P; ST_NOTFOUND when none. */
enum status q_publication_latest(struct db *db, const char *kind,
    struct publication *p, struct err *err);
/* Insert P (every field but id, published_by may be 0); sets P->id. */
enum status q_publication_insert(struct db *db, struct publication *p,
    struct err *err);
/* Publication ID was exported again unchanged at AT: a bookkeeping write
 * that needs no audit row. */
enum status q_publication_confirm(struct db *db, long long id, const char *at,
    struct err *err);

#endif
