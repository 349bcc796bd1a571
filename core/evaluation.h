/* core/evaluation.h - the SRO's regular evaluation: walk the compliance
 * questions, comment on each, sign it off. herald keeps who, when, each
 * question's status and figure as they stood, and the audit chain's head
 * at the signing, and says when the next one is due. */
#ifndef HERALD_CORE_EVALUATION_H
#define HERALD_CORE_EVALUATION_H

#include <stdbool.h>
#include <time.h>

#include "core/compliance.h"
#include "core/session.h"
#include "storage/records.h"

#define EVALUATION_COMMENT_MAX 4000
#define EVALUATION_SUMMARY_MAX 20000

struct evaluation_item {
	char *question;          /* compliance question id */
	char *status;            /* "met", ... as stood when signed (or as
	                          * last commented while open); NULL before */
	char *figure;
	char *comment;           /* "" when none */
	char *commented_at;      /* NULL when none */
};
void evaluation_item_clear(struct evaluation_item *i);

struct evaluation {
	long long id;
	long long started_by;
	char     *started_by_login;
	char     *started_at;
	long long signed_by;     /* 0 while open */
	char     *signed_by_login;
	char     *signed_at;     /* NULL while open */
	char     *summary;
	long long audit_seq;     /* the chain's last row when signed */
	char     *audit_head;    /* its hash */
	char     *next_due;      /* signed_at + compliance.evaluation-months */
	struct rowlist items;    /* struct evaluation_item, in question order */
};
void evaluation_clear(struct evaluation *e);

/* Start an evaluation now (SRO only); ST_CONFLICT when one is open (its
 * id in *ID all the same). Sets *ID. */
enum status evaluation_start(struct session *s, long long *id,
    struct err *err);
/* Comment on QUESTION of open evaluation ID (SRO only); an empty COMMENT
 * removes it. Refused once signed. */
enum status evaluation_comment(struct session *s, long long id,
    const char *question, const char *comment, struct err *err);
/*
 * Sign evaluation ID off as of NOW with SUMMARY (may be empty): answers
 * every question afresh, stores its status and figure beside the
 * comments, the audit head (after verifying the chain: a broken chain is
 * refused) and the next due date, in one transaction with its audit row.
 * SRO only; refused twice.
 */
enum status evaluation_sign(struct session *s, long long id,
    const char *summary, time_t now, struct err *err);
/* Load evaluation ID into OUT (caller clears). */
enum status evaluation_get(struct session *s, long long id,
    struct evaluation *out, struct err *err);
/* The open evaluation into OUT; ST_NOTFOUND when none. */
enum status evaluation_open(struct session *s, struct evaluation *out,
    struct err *err);
/* The evaluation signed last into OUT; ST_NOTFOUND when none. */
enum status evaluation_last_signed(struct session *s, struct evaluation *out,
    struct err *err);
/* Evaluations, newest first, without their items; LIMIT 0 = all. Free
 * with rowlist_free(out, (row_clear_fn)evaluation_clear). */
enum status evaluation_list(struct session *s, long long limit,
    struct rowlist *out, struct err *err);

/* When the next evaluation is due as of NOW, into DUE (CLOCK_BUFSZ): the
 * last signing plus compliance.evaluation-months, or "" when none was
 * ever signed (due now); *IS_OVERDUE when past. */
enum status evaluation_next_due(struct session *s, time_t now, char *due,
    bool *is_overdue, struct err *err);

#endif
