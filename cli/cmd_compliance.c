/* cli/cmd_compliance.c - herald compliance: the SRO's questions and their
 * evidence, the compliance report, and the SRO's regular evaluation. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/compliance.h"
#include "core/compliance_report.h"
#include "core/evaluation.h"

static const char usage[] =
"usage: herald compliance list [--json]\n"
"       herald compliance show QUESTION [--json]\n"
"       herald compliance report --format md|html|json [--out FILE]\n"
"       herald compliance evaluate start\n"
"       herald compliance evaluate comment QUESTION TEXT\n"
"       herald compliance evaluate sign [--summary TEXT]\n"
"       herald compliance evaluate show [ID] [--json]\n"
"       herald compliance evaluate history [--json]\n"
"\n"
"The SRO's questions about how security is communicated, each answered\n"
"from the database: a status (met, at risk, not met, not enough data),\n"
"the figure behind it and the evidence that makes it so. Anyone may read\n"
"them; the figures cover the incidents the reader may see.\n"
"\n"
"list prints one line per question (status, id, figure), then when the\n"
"last evaluation was signed and when the next is due. show prints one\n"
"question and every piece of its evidence: its kind, row id and\n"
"reference, the time it rests on, its own status and a detail.\n"
"\n"
"report writes the compliance report for an assessor: every question with\n"
"its evidence, the last evaluation, and the audit chain's rows and head\n"
"(verified first), as Markdown, HTML (one self-contained page) or JSON\n"
"(share/schemas/compliance-report.schema.json), on standard output or,\n"
"with --out, written whole to FILE and kept in the audit chain with its\n"
"SHA-256.\n"
"\n"
"evaluate is the SRO's regular evaluation: start one, comment on the\n"
"questions (an empty TEXT removes a comment; the comment keeps the\n"
"question's status then), and sign it off: herald answers every question\n"
"afresh, verifies the audit chain, and records the statuses, the\n"
"figures, the chain's head and when the next evaluation is due\n"
"(compliance.evaluation-months later, 3 unless set). One evaluation is\n"
"open at a time. show prints the open evaluation (with none open, the\n"
"last signed one) or evaluation ID; history lists them, newest first.\n"
"Only the SRO starts, comments on and signs an evaluation; the SRO and\n"
"admins read them.\n"
"\n"
"  --json            JSON instead of text\n"
"  --format FORMAT   the report's format: md, html or json\n"
"  --out FILE        write the report to FILE instead of standard output\n"
"  --summary TEXT    the evaluation's summary, when signing it\n"
"  -h, --help        show this help\n"
"\n"
"Exit status: 0 done; 2 bad arguments or an unknown --format; 3 a\n"
"comment or summary too long or holding control characters; 4 no such\n"
"question or evaluation, or none open; 5 an evaluation is open already,\n"
"or this one is signed; 6 not the SRO (to read evaluations, not the SRO\n"
"or an admin); 10 FILE cannot be written; 11 the audit chain does not\n"
"verify, so the evaluation is not signed. Times are shown in local time\n"
"(TZ); the report gives them in UTC.\n";

/* ---- list and show ---- */

/* "not enough data" and the like, padded for a column. */
#define STATUS_COL 15

static json_t *
evaluation_due_json(struct session *s, time_t now)
{
	struct evaluation e = { 0 };
	char due[CLOCK_BUFSZ];
	bool is_overdue = false;
	long long open = 0;
	json_t *o = json_object();

	if (evaluation_last_signed_as_seen(s, &e, NULL) == ST_OK) {
		json_object_set_new(o, "last_signed_at", cli_json_str(e.signed_at));
		json_object_set_new(o, "last_signed_by",
		    cli_json_str(e.signed_by_login));
	} else {
		json_object_set_new(o, "last_signed_at", json_null());
		json_object_set_new(o, "last_signed_by", json_null());
	}
	evaluation_clear(&e);
	if (evaluation_next_due(s, now, due, &is_overdue, NULL) != ST_OK)
		due[0] = '\0';
	json_object_set_new(o, "next_due", due[0] != '\0' ? cli_json_str(due) :
	    json_null());
	json_object_set_new(o, "overdue", json_boolean(is_overdue));
	if (evaluation_open(s, &e, NULL) == ST_OK)
		open = e.id;
	evaluation_clear(&e);
	json_object_set_new(o, "open", open != 0 ? json_integer(open) :
	    json_null());
	return o;
}

/* When the last evaluation was signed, when the next is due, and the
 * open one (for those who may read it). */
static void
print_evaluation_due(struct session *s, time_t now)
{
	struct evaluation e = { 0 };
	char due[CLOCK_BUFSZ], when[64], buf[256];
	bool is_overdue = false;

	if (evaluation_next_due(s, now, due, &is_overdue, NULL) != ST_OK)
		due[0] = '\0';
	if (evaluation_last_signed_as_seen(s, &e, NULL) == ST_OK) {
		printf("Last evaluation: %s by %s.\n", cli_local_time(e.signed_at,
		    true, when, sizeof when), cli_clean(e.signed_by_login, buf,
		    sizeof buf));
		printf("Next evaluation due: %s%s.\n", cli_local_time(due, true,
		    when, sizeof when), is_overdue ? " (overdue)" : "");
	} else
		printf("No evaluation has been signed yet: one is due now.\n");
	evaluation_clear(&e);
	if (evaluation_open(s, &e, NULL) == ST_OK)
		printf("Evaluation %lld is open (started %s by %s).\n", e.id,
		    cli_local_time(e.started_at, true, when, sizeof when),
		    cli_clean(e.started_by_login, buf, sizeof buf));
	evaluation_clear(&e);
}

static int
list_cmd(struct cli *c, int argc, char **argv)
{
	const struct compliance_result *r;
	struct rowlist results = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	time_t now = clock_now();
	bool is_json = false;
	json_t *o, *qs, *q;
	char buf[1024];
	size_t i;
	int rc = 0;

	if (!cli_parse_json(argc, argv, usage, &is_json, 0, &rc,
	    "compliance list takes no arguments"))
		return rc;
	rowlist_init(&results, sizeof(struct compliance_result));
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    compliance_evaluate(s, now, &results, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if (is_json) {
		o = json_object();
		qs = json_array();
		for (i = 0; i < results.count; i++) {
			r = rowlist_at(&results, i);
			q = compliance_result_json(r);
			json_object_del(q, "evidence");
			json_object_set_new(q, "evidence_count",
			    json_integer((json_int_t)r->evidence.count));
			json_array_append_new(qs, q);
		}
		json_object_set_new(o, "questions", qs);
		json_object_set_new(o, "evaluation", evaluation_due_json(s, now));
		rc = cli_json_print(o);
		goto end;
	}
	printf("%-*s  %-22s  %s\n", STATUS_COL, "STATUS", "QUESTION", "FIGURE");
	for (i = 0; i < results.count; i++) {
		r = rowlist_at(&results, i);
		printf("%-*s  %-22s  %s\n", STATUS_COL,
		    compliance_status_words(r->status), r->q->id,
		    cli_clean(r->figure, buf, sizeof buf));
	}
	printf("\n");
	print_evaluation_due(s, now);
end:
	rowlist_free(&results, (row_clear_fn)compliance_result_clear);
	session_close(&s);
	return rc;
}

static void
print_result(const struct compliance_result *r)
{
	const struct compliance_evidence *e;
	char when[64];
	size_t i;

	printf("%s (%s)\n", r->q->id, r->q->area);
	printf("%s\n", r->q->text);
	printf("Status: %s\n", compliance_status_words(r->status));
	printf("Figure: ");
	cli_put(r->figure);
	printf("\n");
	if (r->evidence.count == 0) {
		printf("\nNo evidence.\n");
		return;
	}
	printf("\nEvidence:\n");
	for (i = 0; i < r->evidence.count; i++) {
		e = rowlist_at(&r->evidence, i);
		printf("  %-*s  ", STATUS_COL, compliance_status_words(e->status));
		cli_put(e->kind);
		if (e->id != 0)
			printf(" %lld", e->id);
		printf("  ");
		cli_put(e->ref);
		printf("  %s\n", cli_local_time(e->at, false, when, sizeof when));
		cli_put_indented(e->detail, 4);
	}
}

static int
show_cmd(struct cli *c, int argc, char **argv)
{
	struct compliance_result r = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	bool is_json = false;
	int rc = 0;

	if (!cli_parse_json(argc, argv, usage, &is_json, 1, &rc,
	    "compliance show needs one QUESTION (herald compliance list "
	    "names them)"))
		return rc;
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    compliance_evaluate_one(s, argv[optind], clock_now(), &r, &err) !=
	    ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if (is_json)
		rc = cli_json_print(compliance_result_json(&r));
	else
		print_result(&r);
end:
	compliance_result_clear(&r);
	session_close(&s);
	return rc;
}

/* ---- report ---- */

static int
report_cmd(struct cli *c, int argc, char **argv)
{
	const char *format = NULL, *out = NULL;
	const struct cli_opt opts[] = {
		{ "format", .str = &format },
		{ "out", .str = &out },
		{ .name = NULL },
	};
	struct session *s = NULL;
	struct err err = { 0 };
	char *text = NULL;
	int rc = 0, f;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "compliance report takes no arguments"))
		return rc;
	if (format == NULL)
		return cli_usage_error(usage, "compliance report needs --format "
		    "md, html or json");
	if ((f = compliance_report_format(format)) < 0)
		return cli_usage_error(usage, "--format %s: the report is md, "
		    "html or json", format);
	if (out != NULL && *out == '\0')
		return cli_usage_error(usage, "--out needs a file name");
	if (cli_open(c, out != NULL ? DB_WRITE : DB_READ, &s, &err) != ST_OK)
		goto fail;
	if (out != NULL) {
		if (compliance_report_write(s, (enum report_format)f, clock_now(),
		    out, &err) != ST_OK)
			goto fail;
		printf("Wrote the compliance report (%s) to %s\n", format, out);
		goto end;
	}
	if (compliance_report(s, (enum report_format)f, clock_now(), &text,
	    &err) != ST_OK)
		goto fail;
	if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
		err_set(&err, ST_IO, "writing standard output failed");
		goto fail;
	}
	goto end;
fail:
	rc = cli_fail(&err);
end:
	free(text);
	session_close(&s);
	return rc;
}

/* ---- evaluate ---- */

/* "5 met, 1 at risk, 3 not met, 8 not enough data" for E. */
static void
print_counts(const struct evaluation *e)
{
	static const enum compliance_status order[] = { CS_MET, CS_AT_RISK,
	    CS_NOT_MET, CS_NO_DATA };
	size_t i;

	for (i = 0; i < 4; i++)
		printf("%s%lld %s", i > 0 ? ", " : "", e->counts[order[i]],
		    compliance_status_words(order[i]));
}

/* E as JSON; its items too WITH_ITEMS. */
static json_t *
evaluation_json(const struct evaluation *e, bool with_items)
{
	const struct evaluation_item *it;
	json_t *o = json_object(), *items = json_array(), *x, *counts;
	int i;
	size_t k;

	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "state", json_string(e->signed_at != NULL ?
	    "signed" : "open"));
	json_object_set_new(o, "started_by", cli_json_str(e->started_by_login));
	json_object_set_new(o, "started_at", cli_json_str(e->started_at));
	json_object_set_new(o, "signed_by", cli_json_str(e->signed_by_login));
	json_object_set_new(o, "signed_at", cli_json_str(e->signed_at));
	json_object_set_new(o, "summary", cli_json_str(e->summary));
	json_object_set_new(o, "audit_seq", e->audit_seq != 0 ?
	    json_integer(e->audit_seq) : json_null());
	json_object_set_new(o, "audit_head", cli_json_str(e->audit_head));
	json_object_set_new(o, "next_due", cli_json_str(e->next_due));
	counts = json_object();
	for (i = 0; i < EVALUATION_COUNTS; i++)
		json_object_set_new(counts, compliance_status_name(
		    (enum compliance_status)i), json_integer(e->counts[i]));
	json_object_set_new(o, "counts", counts);
	json_object_set_new(o, "comments", json_integer(e->n_comments));
	for (k = 0; k < e->items.count; k++) {
		it = rowlist_at(&e->items, k);
		x = json_object();
		json_object_set_new(x, "question", cli_json_str(it->question));
		json_object_set_new(x, "status", cli_json_str(it->status));
		json_object_set_new(x, "figure", cli_json_str(it->figure));
		json_object_set_new(x, "comment", cli_json_str(it->comment));
		json_object_set_new(x, "commented_at",
		    cli_json_str(it->commented_at));
		json_array_append_new(items, x);
	}
	if (with_items)
		json_object_set_new(o, "items", items);
	else
		json_decref(items);
	return o;
}

static void
print_evaluation(const struct evaluation *e)
{
	const struct evaluation_item *it;
	char when[64], buf[256];
	size_t i;

	if (e->signed_at != NULL) {
		printf("Evaluation %lld, signed by %s at %s\n", e->id,
		    cli_clean(e->signed_by_login, buf, sizeof buf),
		    cli_local_time(e->signed_at, true, when, sizeof when));
		printf("Started by %s at %s\n", cli_clean(e->started_by_login,
		    buf, sizeof buf), cli_local_time(e->started_at, true, when,
		    sizeof when));
		printf("Statuses: ");
		print_counts(e);
		printf("\nAudit chain when signed: row %lld, head %s\n",
		    e->audit_seq, e->audit_head != NULL ? e->audit_head : "-");
		printf("Next due: %s\n", cli_local_time(e->next_due, true, when,
		    sizeof when));
		printf("Summary:\n");
		cli_put_indented(e->summary, 2);
	} else
		printf("Evaluation %lld, open: started by %s at %s\n", e->id,
		    cli_clean(e->started_by_login, buf, sizeof buf),
		    cli_local_time(e->started_at, true, when, sizeof when));
	printf("\n%-*s  %-22s  %s\n", STATUS_COL, e->signed_at != NULL ?
	    "STATUS" : "STATUS THEN", "QUESTION", "FIGURE");
	for (i = 0; i < e->items.count; i++) {
		it = rowlist_at(&e->items, i);
		printf("%-*s  %-22s  ", STATUS_COL, it->status != NULL ?
		    compliance_status_words((enum compliance_status)
		    compliance_status_from_name(it->status)) : "-",
		    cli_clean(it->question, buf, sizeof buf));
		cli_put(it->figure);
		printf("\n");
		if (it->comment != NULL && it->comment[0] != '\0') {
			printf("  comment (%s):\n", cli_local_time(it->commented_at,
			    false, when, sizeof when));
			cli_put_indented(it->comment, 4);
		}
	}
}

static int
eval_start_cmd(struct cli *c, int argc, char **argv)
{
	struct session *s = NULL;
	struct err err = { 0 };
	long long id = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 0, &rc,
	    "compliance evaluate start takes no arguments"))
		return rc;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    evaluation_start(s, &id, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("Started evaluation %lld: comment on the questions (herald "
		    "compliance evaluate comment QUESTION TEXT), then sign it "
		    "(herald compliance evaluate sign).\n", id);
	session_close(&s);
	return rc;
}

static int
eval_comment_cmd(struct cli *c, int argc, char **argv)
{
	struct evaluation e = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	const char *q, *text;
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, usage, 2, &rc,
	    "compliance evaluate comment needs a QUESTION and its TEXT (\"\" "
	    "removes the comment)"))
		return rc;
	q = argv[optind];
	text = argv[optind + 1];
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    evaluation_open(s, &e, &err) != ST_OK ||
	    evaluation_comment(s, e.id, q, text, &err) != ST_OK)
		rc = cli_fail(&err);
	else if (*text == '\0')
		printf("Removed the comment on %s from evaluation %lld.\n", q,
		    e.id);
	else
		printf("Commented on %s in evaluation %lld.\n", q, e.id);
	evaluation_clear(&e);
	session_close(&s);
	return rc;
}

static int
eval_sign_cmd(struct cli *c, int argc, char **argv)
{
	const char *summary = "";
	const struct cli_opt opts[] = {
		{ "summary", .str = &summary },
		{ .name = NULL },
	};
	struct evaluation e = { 0 }, done = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	char when[64];
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "compliance evaluate sign takes no arguments (the summary goes in "
	    "--summary)"))
		return rc;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    evaluation_open(s, &e, &err) != ST_OK ||
	    evaluation_sign(s, e.id, summary, clock_now(), &err) != ST_OK ||
	    evaluation_get(s, e.id, &done, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	printf("Signed evaluation %lld: ", done.id);
	print_counts(&done);
	printf(".\nAudit chain when signed: row %lld, head %s\n",
	    done.audit_seq, done.audit_head);
	printf("Next evaluation due: %s\n", cli_local_time(done.next_due, true,
	    when, sizeof when));
end:
	evaluation_clear(&e);
	evaluation_clear(&done);
	session_close(&s);
	return rc;
}

static int
eval_show_cmd(struct cli *c, int argc, char **argv)
{
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct evaluation e = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	long id = 0;
	enum status st;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind > 1)
		return cli_usage_error(usage, "compliance evaluate show takes at "
		    "most one ID");
	if (argc - optind == 1 && cli_parse_long("evaluation",
	    argv[optind], 1, 2147483647L, &id, &err) != ST_OK)
		return cli_fail(&err);
	if ((st = cli_open(c, DB_READ, &s, &err)) != ST_OK)
		goto fail;
	if (id != 0)
		st = evaluation_get(s, id, &e, &err);
	else if ((st = evaluation_open(s, &e, &err)) == ST_NOTFOUND)
		st = evaluation_last_signed(s, &e, &err);
	if (st == ST_NOTFOUND && id == 0)
		st = err_set(&err, ST_NOTFOUND, "no evaluation yet (the SRO "
		    "starts one with herald compliance evaluate start)");
	if (st != ST_OK)
		goto fail;
	if (is_json)
		rc = cli_json_print(evaluation_json(&e, true));
	else
		print_evaluation(&e);
	goto end;
fail:
	rc = cli_fail(&err);
end:
	evaluation_clear(&e);
	session_close(&s);
	return rc;
}

static int
eval_history_cmd(struct cli *c, int argc, char **argv)
{
	const struct evaluation *e;
	struct rowlist l = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	char started[64], signed_at[64], due[64], buf[128];
	bool is_json = false;
	json_t *a;
	size_t i;
	int rc = 0;

	if (!cli_parse_json(argc, argv, usage, &is_json, 0, &rc,
	    "compliance evaluate history takes no arguments"))
		return rc;
	rowlist_init(&l, sizeof(struct evaluation));
	if (cli_open(c, DB_READ, &s, &err) != ST_OK ||
	    evaluation_list(s, 0, &l, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if (is_json) {
		a = json_array();
		for (i = 0; i < l.count; i++)
			json_array_append_new(a, evaluation_json(rowlist_at(&l,
			    i), false));
		rc = cli_json_print(a);
		goto end;
	}
	if (l.count == 0) {
		printf("No evaluations yet.\n");
		goto end;
	}
	printf("%5s  %-6s  %-16s  %-16s  %-12s  %-16s  %s\n", "ID", "STATE",
	    "STARTED", "SIGNED", "SIGNED BY", "NEXT DUE", "STATUSES");
	for (i = 0; i < l.count; i++) {
		e = rowlist_at(&l, i);
		printf("%5lld  %-6s  %-16s  %-16s  %-12s  %-16s  ", e->id,
		    e->signed_at != NULL ? "signed" : "open",
		    cli_local_time(e->started_at, false, started, sizeof started),
		    cli_local_time(e->signed_at, false, signed_at,
		    sizeof signed_at), e->signed_by_login != NULL ?
		    cli_clean(e->signed_by_login, buf, sizeof buf) : "-",
		    cli_local_time(e->next_due, false, due, sizeof due));
		if (e->signed_at != NULL)
			print_counts(e);
		else
			printf("%lld comment%s", e->n_comments,
			    e->n_comments == 1 ? "" : "s");
		printf("\n");
	}
end:
	rowlist_free(&l, (row_clear_fn)evaluation_clear);
	session_close(&s);
	return rc;
}

static int
evaluate_cmd(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "start", eval_start_cmd },
		{ "comment", eval_comment_cmd },
		{ "sign", eval_sign_cmd },
		{ "show", eval_show_cmd },
		{ "history", eval_history_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}

int
cmd_compliance(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "list", list_cmd },
		{ "show", show_cmd },
		{ "report", report_cmd },
		{ "evaluate", evaluate_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}
