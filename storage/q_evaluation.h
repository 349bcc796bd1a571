/* storage/q_evaluation.h - SQL for the SRO's evaluations: one row per
 * evaluation (who started and signed it, when, the audit chain's head at
 * the signing, the next due date) and one per question commented on or
 * answered at the signing. The unique index evaluations_open keeps one
 * evaluation open at a time. */
#ifndef HERALD_STORAGE_Q_EVALUATION_H
#define HERALD_STORAGE_Q_EVALUATION_H

#include "storage/db.h"
#include "storage/records.h"

struct evaluation_item {
	char *question;          /* compliance question id */
	char *status;            /* "met", "at-risk", "not-met", "no-data"
	                          * as stood when signed (or as last
	                          * commented while open); NULL before */
	char *figure;            /* "" before */
	char *comment;           /* "" when none; NULL when withheld from
	                          * the reader */
	char *commented_at;      /* NULL when none */
};
void        evaluation_item_clear(struct evaluation_item *i);

/* How many items hold each status, in enum compliance_status's order
 * (core/compliance.h): met, no-data, at-risk, not-met. */
#define EVALUATION_COUNTS 4

struct evaluation {
	long long id;
	long long started_by;
	char     *started_by_login;
	char     *started_at;
	long long signed_by;     /* 0 while open */
	char     *signed_by_login;
	char     *signed_at;     /* NULL while open */
	char     *summary;       /* NULL when withheld from the reader */
	long long audit_seq;     /* the chain's last row when signed */
	char     *audit_head;    /* its hash */
	char     *next_due;      /* signed_at + compliance.evaluation-months */
	long long counts[EVALUATION_COUNTS];
	long long n_comments;    /* items with a comment */
	struct rowlist items;    /* struct evaluation_item, in question
	                          * order (core/evaluation.c orders them) */
};
void        evaluation_clear(struct evaluation *e);

/* The open evaluation's id into *ID; ST_NOTFOUND (ERR untouched) when
 * none is open. */
enum status q_evaluation_open_id(struct db *db, long long *id,
    struct err *err);
/* A new evaluation started by user USER at AT; its id into *ID.
 * ST_EXISTS when one is open already (the unique index). */
enum status q_evaluation_insert(struct db *db, long long user, const char *at,
    long long *id, struct err *err);
/* Evaluation ID into E, without its items; ST_NOTFOUND naming it. */
enum status q_evaluation_get(struct db *db, long long id,
    struct evaluation *e, struct err *err);
/* The evaluation signed last into E, without its items; ST_NOTFOUND
 * (ERR untouched) when none was ever signed. */
enum status q_evaluation_last_signed(struct db *db, struct evaluation *e,
    struct err *err);
/* Evaluations, newest first, without their items; LIMIT 0 = all. OUT is
 * always initialised. */
enum status q_evaluation_list(struct db *db, long long limit,
    struct rowlist *out, struct err *err);
/* The stored items of evaluation ID (struct evaluation_item), by
 * question id; OUT is always initialised. */
enum status q_evaluation_items(struct db *db, long long id,
    struct rowlist *out, struct err *err);
/* Set the comment on QUESTION of open evaluation ID to COMMENT ("" with
 * AT NULL removes it), with the question's STATUS and FIGURE as they
 * stand now. ST_CONFLICT when ID is no longer open. */
enum status q_evaluation_comment(struct db *db, long long id,
    const char *question, const char *status, const char *figure,
    const char *comment, const char *at, struct err *err);
/* Store QUESTION's STATUS and FIGURE in evaluation ID, keeping any
 * comment: the answer as it stood at the signing. */
enum status q_evaluation_answer(struct db *db, long long id,
    const char *question, const char *status, const char *figure,
    struct err *err);
/* Sign open evaluation ID: by USER at AT with SUMMARY, the audit chain's
 * last row SEQ and its HEAD, and NEXT_DUE. ST_CONFLICT when it is no
 * longer open. */
enum status q_evaluation_sign(struct db *db, long long id, long long user,
    const char *at, const char *summary, long long seq, const char *head,
    const char *next_due, struct err *err);

#endif
