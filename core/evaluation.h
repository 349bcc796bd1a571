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
#include "storage/q_evaluation.h"
#include "storage/records.h"

#define EVALUATION_COMMENT_MAX 4000
#define EVALUATION_SUMMARY_MAX 20000

/* struct evaluation and struct evaluation_item, with evaluation_clear()
 * and evaluation_item_clear(), are storage/q_evaluation.h's. */

/*
 * Who may do what: the SRO starts, comments on and signs an evaluation;
 * the SRO and admins read evaluations whole; anyone may read when the
 * last one was signed, by whom, with which statuses, and when the next is
 * due (the compliance list and report), but not its summary or comments.
 */
bool        evaluation_may_read(const struct session *s);

/* Start an evaluation now (SRO only); ST_CONFLICT when one is open (its
 * id in *ID all the same). Sets *ID. */
enum status evaluation_start(struct session *s, long long *id,
    struct err *err);
/* Comment on QUESTION of open evaluation ID (SRO only): COMMENT is plain
 * text of at most EVALUATION_COMMENT_MAX characters (tabs and line
 * breaks, no other control characters); the question's status and figure
 * now are kept beside it. An empty COMMENT removes it. Refused once
 * signed (ST_CONFLICT); an unknown question is ST_NOTFOUND. */
enum status evaluation_comment(struct session *s, long long id,
    const char *question, const char *comment, struct err *err);
/*
 * Sign evaluation ID off as of NOW with SUMMARY (may be empty, at most
 * EVALUATION_SUMMARY_MAX characters): answers every question afresh,
 * stores its status and figure beside the comments, the audit head as it
 * stood before the signing's own audit row (after verifying the chain: a
 * broken chain is refused with ST_TAMPERED) and the next due date
 * (NOW + compliance.evaluation-months), in one transaction with its audit
 * row "evaluation.sign" (the statuses, no texts but their hash). SRO
 * only; refused twice (ST_CONFLICT).
 */
enum status evaluation_sign(struct session *s, long long id,
    const char *summary, time_t now, struct err *err);
/* Load evaluation ID into OUT (caller clears): while open, an item for
 * every question (status NULL until commented on); once signed, the items
 * as they stood. SRO and admins. */
enum status evaluation_get(struct session *s, long long id,
    struct evaluation *out, struct err *err);
/* The open evaluation into OUT; ST_NOTFOUND when none. SRO and admins. */
enum status evaluation_open(struct session *s, struct evaluation *out,
    struct err *err);
/* The evaluation signed last into OUT; ST_NOTFOUND when none. SRO and
 * admins. */
enum status evaluation_last_signed(struct session *s, struct evaluation *out,
    struct err *err);
/* As evaluation_last_signed(), for anyone: for a reader who may not read
 * evaluations (evaluation_may_read()) the summary and each comment are
 * NULL and each figure "" (answered for the SRO, it may name incidents
 * the reader may not see). */
enum status evaluation_last_signed_as_seen(struct session *s,
    struct evaluation *out, struct err *err);
/* Evaluations, newest first, without their items (their counts are
 * there); LIMIT 0 = all. Free with rowlist_free(out,
 * (row_clear_fn)evaluation_clear). SRO and admins. */
enum status evaluation_list(struct session *s, long long limit,
    struct rowlist *out, struct err *err);

/* When the next evaluation is due as of NOW, into DUE (CLOCK_BUFSZ): the
 * next_due the last signing recorded (its signed_at plus
 * compliance.evaluation-months as set then), or "" when none was ever
 * signed (due now); *IS_OVERDUE when NOW is past it. Anyone. */
enum status evaluation_next_due(struct session *s, time_t now, char *due,
    bool *is_overdue, struct err *err);

#endif
