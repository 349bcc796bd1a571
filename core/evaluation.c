/* core/evaluation.c - the SRO's regular evaluation: started, commented on
 * question by question, signed off against the questions' answers and the
 * audit chain's head at that moment. */
#include "config.h"

#include "core/evaluation.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/hash.h"
#include "core/settings.h"
#include "util/xalloc.h"

/* What compliance.evaluation-months falls back to. */
#define EVAL_MONTHS_DEFAULT 3

bool
evaluation_may_read(const struct session *s)
{
	return session_is_known(s) && (session_has_role(s, "sro") ||
	    session_has_role(s, "admin"));
}

/* ST_DENIED unless S is the SRO; WHAT is the act ("signs an evaluation"). */
static enum status
require_sro(const struct session *s, const char *what, struct err *err)
{
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (session_has_role(s, "sro"))
		return ST_OK;
	return err_set(err, ST_DENIED, "only the SRO %s: %s does not hold the "
	    "sro role (an admin grants it with `herald user grant %s sro`)",
	    what, s->login, s->login);
}

static enum status
require_reader(const struct session *s, struct err *err)
{
	enum status st;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (evaluation_may_read(s))
		return ST_OK;
	return err_set(err, ST_DENIED, "evaluations are for the SRO and admins "
	    "to read: %s holds neither role (herald compliance list shows when "
	    "the last one was signed)", s->login);
}

/* The months between evaluations, as set (1 to 12). */
static int
eval_months(struct session *s)
{
	char *v = NULL, *end;
	long n = EVAL_MONTHS_DEFAULT;

	if (setting_get(s, "compliance.evaluation-months", &v, NULL) == ST_OK &&
	    v != NULL) {
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || n < 1 || n > 12)
			n = EVAL_MONTHS_DEFAULT;
	}
	free(v);
	return (int)n;
}

/* Move STORED's items into E->items in question order: every question
 * when EVERY (those not in STORED with no status yet), else only those
 * stored; stored items of questions herald no longer asks come last.
 * STORED is freed. */
static void
order_items(struct evaluation *e, struct rowlist *stored, bool every)
{
	const struct compliance_question *qs;
	struct evaluation_item *it, *to;
	bool *is_moved = xcalloc(stored->count + 1, sizeof *is_moved);
	size_t n, i, j;

	qs = compliance_questions(&n);
	for (i = 0; i < n; i++) {
		for (j = 0; j < stored->count; j++) {
			it = rowlist_at(stored, j);
			if (!is_moved[j] && strcmp(it->question, qs[i].id) == 0)
				break;
		}
		if (j < stored->count) {
			to = rowlist_push(&e->items);
			*to = *(struct evaluation_item *)rowlist_at(stored, j);
			is_moved[j] = true;
		} else if (every) {
			to = rowlist_push(&e->items);
			to->question = xstrdup(qs[i].id);
			to->figure = xstrdup("");
			to->comment = xstrdup("");
		}
	}
	for (j = 0; j < stored->count; j++) {
		it = rowlist_at(stored, j);
		if (is_moved[j])
			memset(it, 0, sizeof *it);
		else {
			to = rowlist_push(&e->items);
			*to = *it;
			memset(it, 0, sizeof *it);
		}
	}
	rowlist_free(stored, (row_clear_fn)evaluation_item_clear);
	free(is_moved);
}

/* Evaluation ID with its items into OUT, whoever asks. */
static enum status
load(struct session *s, long long id, struct evaluation *out,
    struct err *err)
{
	struct rowlist stored;
	enum status st;

	rowlist_init(&stored, sizeof(struct evaluation_item));
	if ((st = q_evaluation_get(s->db, id, out, err)) != ST_OK)
		return st;
	if ((st = q_evaluation_items(s->db, id, &stored, err)) != ST_OK) {
		rowlist_free(&stored, (row_clear_fn)evaluation_item_clear);
		evaluation_clear(out);
		return st;
	}
	order_items(out, &stored, out->signed_at == NULL);
	return ST_OK;
}

enum status
evaluation_get(struct session *s, long long id, struct evaluation *out,
    struct err *err)
{
	enum status st;

	memset(out, 0, sizeof *out);
	if ((st = require_reader(s, err)) != ST_OK)
		return st;
	return load(s, id, out, err);
}

enum status
evaluation_open(struct session *s, struct evaluation *out, struct err *err)
{
	long long id;
	enum status st;

	memset(out, 0, sizeof *out);
	if ((st = require_reader(s, err)) != ST_OK)
		return st;
	if ((st = q_evaluation_open_id(s->db, &id, err)) == ST_NOTFOUND)
		return err_set(err, ST_NOTFOUND, "no evaluation is open (the SRO "
		    "starts one with herald compliance evaluate start)");
	if (st != ST_OK)
		return st;
	return load(s, id, out, err);
}

/* The last signed evaluation with its items into OUT, whoever asks. */
static enum status
load_last_signed(struct session *s, struct evaluation *out, struct err *err)
{
	long long id;
	enum status st;

	if ((st = q_evaluation_last_signed(s->db, out, err)) == ST_NOTFOUND)
		return err_set(err, ST_NOTFOUND, "no evaluation has been signed "
		    "yet");
	if (st != ST_OK)
		return st;
	id = out->id;
	evaluation_clear(out);
	return load(s, id, out, err);
}

enum status
evaluation_last_signed(struct session *s, struct evaluation *out,
    struct err *err)
{
	enum status st;

	memset(out, 0, sizeof *out);
	if ((st = require_reader(s, err)) != ST_OK)
		return st;
	return load_last_signed(s, out, err);
}

enum status
evaluation_last_signed_as_seen(struct session *s, struct evaluation *out,
    struct err *err)
{
	struct evaluation_item *it;
	enum status st;
	size_t i;

	memset(out, 0, sizeof *out);
	if ((st = load_last_signed(s, out, err)) != ST_OK ||
	    evaluation_may_read(s))
		return st;
	/* The SRO's own words, and the figures answered for the SRO (who
	 * sees every incident), may name what a reader may not know. */
	free(out->summary);
	out->summary = NULL;
	for (i = 0; i < out->items.count; i++) {
		it = rowlist_at(&out->items, i);
		free(it->comment);
		free(it->commented_at);
		free(it->figure);
		it->comment = it->commented_at = NULL;
		it->figure = xstrdup("");
	}
	return ST_OK;
}

enum status
evaluation_list(struct session *s, long long limit, struct rowlist *out,
    struct err *err)
{
	enum status st;

	rowlist_init(out, sizeof(struct evaluation));
	if ((st = require_reader(s, err)) != ST_OK)
		return st;
	return q_evaluation_list(s->db, limit, out, err);
}

enum status
evaluation_next_due(struct session *s, time_t now, char *due,
    bool *is_overdue, struct err *err)
{
	struct evaluation e;
	enum status st;
	time_t t;

	due[0] = '\0';
	*is_overdue = false;
	if ((st = q_evaluation_last_signed(s->db, &e, err)) == ST_NOTFOUND)
		return ST_OK;
	if (st != ST_OK)
		return st;
	if (e.next_due != NULL && clock_parse(e.next_due, &t, NULL) == ST_OK) {
		clock_format(t, due);
		*is_overdue = now > t;
	}
	evaluation_clear(&e);
	return ST_OK;
}

enum status
evaluation_start(struct session *s, long long *id, struct err *err)
{
	char now[CLOCK_BUFSZ];
	long long open = 0;
	enum status st;
	size_t n;

	*id = 0;
	if ((st = require_sro(s, "starts an evaluation", err)) != ST_OK)
		return st;
	compliance_questions(&n);
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	st = q_evaluation_open_id(s->db, &open, err);
	if (st == ST_NOTFOUND &&
	    (st = q_evaluation_insert(s->db, s->user.id, now, id, err)) ==
	    ST_EXISTS)
		st = q_evaluation_open_id(s->db, &open, err);
	if (st == ST_OK && open != 0) {
		*id = open;
		st = err_set(err, ST_CONFLICT, "evaluation %lld is open already: "
		    "sign it (herald compliance evaluate sign) before starting "
		    "another", open);
	}
	if (st == ST_OK)
		st = audit_record(s->db, s->actor, "evaluation.start",
		    "evaluation", *id, err, "{s:I}", "questions", (json_int_t)n);
	return db_end(s->db, st, err);
}

/* ST_CONFLICT, with who signed it and when, when E is signed. */
static enum status
require_open(const struct evaluation *e, const char *act, struct err *err)
{
	if (e->signed_at == NULL)
		return ST_OK;
	return err_set(err, ST_CONFLICT, "evaluation %lld was signed by %s at "
	    "%s, so %s; start a new one (herald compliance evaluate start)",
	    e->id, e->signed_by_login != NULL ? e->signed_by_login : "someone",
	    e->signed_at, act);
}

enum status
evaluation_comment(struct session *s, long long id, const char *question,
    const char *comment, struct err *err)
{
	const struct compliance_question *q = compliance_question(question);
	struct compliance_result r = { 0 };
	struct evaluation e = { 0 };
	char now[CLOCK_BUFSZ], hex[HASH_HEX_SIZE];
	bool is_removal = comment == NULL || *comment == '\0';
	enum status st;

	if ((st = require_sro(s, "comments on an evaluation", err)) != ST_OK)
		return st;
	if (q == NULL)
		return err_set(err, ST_NOTFOUND, "question: no question \"%s\" "
		    "(herald compliance list names them)",
		    question != NULL ? question : "");
	if ((st = check_text("comment", comment, EVALUATION_COMMENT_MAX, false,
	    err)) != ST_OK)
		return st;
	/* The answer the comment was made on, kept beside it. */
	if ((st = compliance_evaluate_one(s, q->id, clock_now(), &r, err)) !=
	    ST_OK)
		goto out;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto out;
	if ((st = q_evaluation_get(s->db, id, &e, err)) != ST_OK ||
	    (st = require_open(&e, "its comments are closed", err)) != ST_OK)
		goto end;
	st = q_evaluation_comment(s->db, id, q->id,
	    compliance_status_name(r.status), r.figure,
	    is_removal ? "" : comment, is_removal ? NULL : now, err);
	if (st != ST_OK)
		goto end;
	/* The text stays out of the chain; its hash ties it to it. */
	if (is_removal)
		st = audit_record(s->db, s->actor, "evaluation.comment",
		    "evaluation", id, err, "{s:s, s:b}", "question", q->id,
		    "removed", 1);
	else {
		hash_sha256_hex(comment, strlen(comment), hex);
		st = audit_record(s->db, s->actor, "evaluation.comment",
		    "evaluation", id, err, "{s:s, s:s, s:s}", "question", q->id,
		    "status", compliance_status_name(r.status), "sha256", hex);
	}
end:
	st = db_end(s->db, st, err);
out:
	evaluation_clear(&e);
	compliance_result_clear(&r);
	return st;
}

/* SHA-256 of the summary and every comment of evaluation ID as stored,
 * question by question, into HEX; how many comments into *N. */
static enum status
texts_hash(struct session *s, long long id, const char *summary, char *hex,
    long long *n, struct err *err)
{
	struct evaluation_item *it;
	struct rowlist items;
	const char **fields = NULL;
	enum status st;
	size_t i, k = 0;

	*n = 0;
	rowlist_init(&items, sizeof(struct evaluation_item));
	if ((st = q_evaluation_items(s->db, id, &items, err)) != ST_OK)
		goto end;
	fields = xcalloc(2 * items.count + 1, sizeof *fields);
	fields[k++] = summary != NULL ? summary : "";
	for (i = 0; i < items.count; i++) {
		it = rowlist_at(&items, i);
		fields[k++] = it->question;
		fields[k++] = it->comment;
		*n += it->comment != NULL && it->comment[0] != '\0';
	}
	hash_fields_hex("herald-evaluation-1\n", fields, k, hex);
end:
	free(fields);
	rowlist_free(&items, (row_clear_fn)evaluation_item_clear);
	return st;
}

/* The audit chain verified inside the signing's transaction into REP; a
 * broken chain refuses the signing of evaluation ID. */
static enum status
verify_chain(struct session *s, long long id, struct audit_report *rep,
    struct err *err)
{
	struct err verr = { 0 };
	enum status st;

	st = audit_verify(s->db, NULL, rep, &verr);
	/* A signature GnuPG cannot check for want of a key breaks nothing. */
	if (st == ST_OK || st == ST_NOTFOUND)
		return ST_OK;
	if (st == ST_TAMPERED)
		return err_set(err, ST_TAMPERED, "evaluation %lld cannot be signed "
		    "over a broken record: %s (herald audit verify shows it)", id,
		    verr.msg);
	return err_set(err, st, "evaluation %lld: verifying the audit chain: "
	    "%s", id, verr.msg);
}

enum status
evaluation_sign(struct session *s, long long id, const char *summary,
    time_t now, struct err *err)
{
	const struct compliance_result *r;
	struct audit_report *rep = xcalloc(1, sizeof *rep);
	struct evaluation e = { 0 };
	struct rowlist results = { 0 };
	char at[CLOCK_BUFSZ], due[CLOCK_BUFSZ], hex[HASH_HEX_SIZE];
	json_t *statuses = NULL;
	long long n_comments = 0;
	enum status st;
	size_t i;

	rowlist_init(&results, sizeof(struct compliance_result));
	if ((st = require_sro(s, "signs an evaluation", err)) != ST_OK ||
	    (st = check_text("summary", summary, EVALUATION_SUMMARY_MAX, false,
	    err)) != ST_OK)
		goto out;
	clock_format(now, at);
	clock_format(clock_add_months(now, eval_months(s)), due);
	/* One transaction: the answers, the head and the signature are one
	 * moment of the database. */
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto out;
	if ((st = q_evaluation_get(s->db, id, &e, err)) != ST_OK ||
	    (st = require_open(&e, "it cannot be signed again", err)) != ST_OK)
		goto end;
	/* The head before this signing's own audit row. */
	if ((st = verify_chain(s, id, rep, err)) != ST_OK)
		goto end;
	if ((st = compliance_evaluate(s, now, &results, err)) != ST_OK)
		goto end;
	statuses = json_object();
	for (i = 0; i < results.count && st == ST_OK; i++) {
		r = rowlist_at(&results, i);
		st = q_evaluation_answer(s->db, id, r->q->id,
		    compliance_status_name(r->status), r->figure, err);
		json_object_set_new(statuses, r->q->id,
		    json_string(compliance_status_name(r->status)));
	}
	if (st != ST_OK ||
	    (st = texts_hash(s, id, summary, hex, &n_comments, err)) != ST_OK ||
	    (st = q_evaluation_sign(s->db, id, s->user.id, at, summary,
	    rep->count, rep->head, due, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "evaluation.sign", "evaluation", id,
	    err, "{s:O, s:I, s:s, s:s, s:s, s:I, s:s}", "statuses", statuses,
	    "audit_seq", (json_int_t)rep->count, "audit_head", rep->head,
	    "signed_at", at, "next_due", due, "comments",
	    (json_int_t)n_comments, "texts_sha256", hex);
end:
	st = db_end(s->db, st, err);
out:
	json_decref(statuses);
	rowlist_free(&results, (row_clear_fn)compliance_result_clear);
	evaluation_clear(&e);
	free(rep);
	return st;
}
