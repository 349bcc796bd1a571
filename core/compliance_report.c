/* core/compliance_report.c - the compliance report: one model of it (the
 * JSON document, share/schemas/compliance-report.schema.json), written
 * out as that JSON, as Markdown or as a self-contained HTML page, so the
 * three formats always say the same. */
#include "config.h"

#include "core/compliance_report.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/evaluation.h"
#include "core/hash.h"
#include "core/outdir.h"
#include "core/settings.h"
#include "core/text.h"
#include "util/xalloc.h"

#define REPORT_TITLE "Compliance report: security communications"
#define REPORT_KIND  "herald-compliance-report"
#define REPORT_VERSION 1

static const char *const format_names[] = { "md", "html", "json" };

int
compliance_report_format(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < 3; i++)
		if (strcmp(format_names[i], name) == 0)
			return i;
	return -1;
}

const char *
compliance_report_format_name(enum report_format format)
{
	return (unsigned)format < 3 ? format_names[format] : "md";
}

/* ---- the model ---- */

/* S as a JSON string, cleaned as the Markdown and HTML are (no control
 * characters, U+FFFD for bytes that are not UTF-8), so the three formats
 * say the same; NULL as null. */
static json_t *
jclean(const char *s)
{
	char *c;
	json_t *j;

	if (s == NULL)
		return json_null();
	c = text_clean(s);
	j = jtext(c);
	free(c);
	return j;
}

/* A time or NULL as JSON. */
static json_t *
jtime(const char *at)
{
	return at != NULL && *at != '\0' ? jclean(at) : json_null();
}

json_t *
compliance_result_json(const struct compliance_result *r)
{
	const struct compliance_evidence *e;
	json_t *o = json_object(), *ev = json_array(), *x;
	size_t i;

	jput(o, "id", jclean(r->q->id));
	jput(o, "area", jclean(r->q->area));
	jput(o, "question", jclean(r->q->text));
	jput(o, "status", jclean(compliance_status_name(r->status)));
	jput(o, "figure", jclean(r->figure != NULL ? r->figure : ""));
	for (i = 0; i < r->evidence.count; i++) {
		e = rowlist_at(&r->evidence, i);
		x = json_object();
		jput(x, "kind", jclean(e->kind));
		jput(x, "id", e->id != 0 ? json_integer(e->id) : json_null());
		jput(x, "ref", jclean(e->ref != NULL ? e->ref : ""));
		jput(x, "at", jtime(e->at));
		jput(x, "status", jclean(compliance_status_name(e->status)));
		jput(x, "detail", jclean(e->detail != NULL ? e->detail : ""));
		jpush(ev, x);
	}
	jput(o, "evidence", ev);
	return o;
}

/* The audit chain as verified into REP and ST. */
static json_t *
audit_json(const struct audit_report *rep, enum status st,
    const struct err *verr)
{
	json_t *o = json_object();
	/* A signature GnuPG lacks the key for breaks no row. */
	bool is_ok = st == ST_OK || st == ST_NOTFOUND;

	jput(o, "rows", json_integer(rep->count));
	jput(o, "head", rep->count > 0 ? jclean(rep->head) : json_null());
	jput(o, "verified", json_boolean(is_ok));
	jput(o, "problem", is_ok ? json_null() : jclean(verr->msg));
	return o;
}

static json_t *
evaluation_json(const struct evaluation *e, time_t now, bool has_texts)
{
	const struct evaluation_item *it;
	json_t *o = json_object(), *items = json_array(), *x;
	time_t due;
	size_t i;

	jput(o, "id", json_integer(e->id));
	jput(o, "started_by", jclean(e->started_by_login));
	jput(o, "started_at", jtime(e->started_at));
	jput(o, "signed_by", jclean(e->signed_by_login));
	jput(o, "signed_at", jtime(e->signed_at));
	jput(o, "next_due", jtime(e->next_due));
	jput(o, "overdue", json_boolean(e->next_due != NULL &&
	    clock_parse(e->next_due, &due, NULL) == ST_OK && now > due));
	jput(o, "audit_seq", json_integer(e->audit_seq));
	jput(o, "audit_head", jclean(e->audit_head));
	jput(o, "comments_included", json_boolean(has_texts));
	jput(o, "summary", has_texts ? jclean(e->summary != NULL ? e->summary :
	    "") : json_null());
	for (i = 0; i < e->items.count; i++) {
		it = rowlist_at(&e->items, i);
		x = json_object();
		jput(x, "question", jclean(it->question));
		jput(x, "status", it->status != NULL ? jclean(it->status) :
		    json_null());
		jput(x, "figure", jclean(it->figure != NULL ? it->figure : ""));
		jput(x, "comment", has_texts ? jclean(it->comment != NULL ?
		    it->comment : "") : json_null());
		jput(x, "commented_at", has_texts ? jtime(it->commented_at) :
		    json_null());
		jpush(items, x);
	}
	jput(o, "items", items);
	return o;
}

/* The database file as an absolute path where it can be resolved. */
static json_t *
database_json(struct session *s)
{
	char abs[PATH_MAX];
	const char *p = session_path(s);

	if (p != NULL && realpath(p, abs) != NULL)
		return jclean(abs);
	return jclean(p != NULL ? p : "");
}

/* The whole report as of NOW into *OUT. */
static enum status
build(struct session *s, time_t now, json_t **out, struct err *err)
{
	struct audit_report *rep = xcalloc(1, sizeof *rep);
	struct rowlist results = { 0 };
	struct evaluation e = { 0 };
	struct err verr = { 0 };
	const struct compliance_result *r;
	long long counts[4] = { 0 };
	char at[CLOCK_BUFSZ], *publisher = NULL;
	json_t *doc = NULL, *qs, *sum;
	enum status st, ast;
	size_t i;

	*out = NULL;
	rowlist_init(&results, sizeof(struct compliance_result));
	/* The chain first: what follows rests on it. */
	ast = audit_verify(s->db, NULL, rep, &verr);
	if (ast != ST_OK && ast != ST_NOTFOUND && ast != ST_TAMPERED) {
		st = err_set(err, ast, "verifying the audit chain: %s", verr.msg);
		goto end;
	}
	if ((st = compliance_evaluate(s, now, &results, err)) != ST_OK)
		goto end;
	st = evaluation_last_signed_as_seen(s, &e, err);
	if (st != ST_OK && st != ST_NOTFOUND)
		goto end;
	if (st == ST_NOTFOUND)
		err_clear(err);
	if ((st = setting_get(s, "publisher.name", &publisher, err)) != ST_OK)
		goto end;
	clock_format(now, at);
	doc = json_object();
	jput(doc, "report", jclean(REPORT_KIND));
	jput(doc, "version", json_integer(REPORT_VERSION));
	jput(doc, "title", jclean(REPORT_TITLE));
	jput(doc, "publisher", publisher != NULL ? jclean(publisher) :
	    json_null());
	jput(doc, "generated_at", jclean(at));
	jput(doc, "generated_by", jclean(s->login));
	jput(doc, "complete", json_boolean(evaluation_may_read(s)));
	jput(doc, "herald_version", jclean(PACKAGE_VERSION));
	jput(doc, "database", database_json(s));
	jput(doc, "audit", audit_json(rep, ast, &verr));
	jput(doc, "evaluation", e.id != 0 ? evaluation_json(&e, now,
	    evaluation_may_read(s)) : json_null());
	qs = json_array();
	for (i = 0; i < results.count; i++) {
		r = rowlist_at(&results, i);
		counts[r->status < 4 ? r->status : CS_NO_DATA]++;
		jpush(qs, compliance_result_json(r));
	}
	sum = json_object();
	jput(sum, "total", json_integer((json_int_t)results.count));
	jput(sum, "met", json_integer(counts[CS_MET]));
	jput(sum, "at-risk", json_integer(counts[CS_AT_RISK]));
	jput(sum, "not-met", json_integer(counts[CS_NOT_MET]));
	jput(sum, "no-data", json_integer(counts[CS_NO_DATA]));
	jput(doc, "summary", sum);
	jput(doc, "questions", qs);
	*out = doc;
end:
	free(publisher);
	evaluation_clear(&e);
	rowlist_free(&results, (row_clear_fn)compliance_result_clear);
	free(rep);
	return st;
}

/* ---- shared by the text formats ---- */

/* "met" -> "met", "at-risk" -> "at risk", ...: the words people read. */
static const char *
words(const char *status)
{
	int st = compliance_status_from_name(status);

	return st < 0 ? "not recorded" :
	    compliance_status_words((enum compliance_status)st);
}

static const char *
str_or(const json_t *o, const char *key, const char *dflt)
{
	const char *v = jstr(o, key);

	return v != NULL ? v : dflt;
}

/* The question of the model's EVALUATION item for question ID, or NULL. */
static const json_t *
eval_item(const json_t *evaluation, const char *id)
{
	const json_t *items = json_object_get(evaluation, "items"), *it;
	size_t i;

	json_array_foreach(items, i, it)
		if (strcmp(str_or(it, "question", ""), id) == 0)
			return it;
	return NULL;
}

/*
 * What Markdown and HTML write alike, walked once: the marks each puts
 * around a table row and an area's heading, and how it writes a text, a
 * status and a question.
 */
struct emitter {
	void        (*text)(struct textbuf *b, const char *s);
	void        (*status)(struct textbuf *b, const char *name);
	void        (*question)(struct textbuf *b, const json_t *q,
	                const json_t *ev);
	const char   *row_open, *cell_sep, *row_close;
	const char   *area_open, *area_close;
};

/* The rows of a question's evidence table. */
static void
evidence_rows(struct textbuf *b, const struct emitter *em, const json_t *evs)
{
	const json_t *e;
	size_t i;

	json_array_foreach(evs, i, e) {
		textbuf_str(b, em->row_open);
		em->status(b, str_or(e, "status", ""));
		textbuf_str(b, em->cell_sep);
		em->text(b, str_or(e, "kind", ""));
		textbuf_str(b, em->cell_sep);
		if (json_is_integer(json_object_get(e, "id")))
			textbuf_printf(b, "%lld", (long long)
			    json_integer_value(json_object_get(e, "id")));
		else
			textbuf_str(b, "-");
		textbuf_str(b, em->cell_sep);
		em->text(b, str_or(e, "ref", ""));
		textbuf_str(b, em->cell_sep);
		em->text(b, str_or(e, "at", "-"));
		textbuf_str(b, em->cell_sep);
		em->text(b, str_or(e, "detail", ""));
		textbuf_str(b, em->row_close);
	}
}

/* The rows of the summary table: how many questions at each status, then
 * all of them. */
static void
summary_rows(struct textbuf *b, const struct emitter *em, const json_t *sum)
{
	static const char *const order[] = { "met", "at-risk", "not-met",
	    "no-data" };
	size_t i;

	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		textbuf_str(b, em->row_open);
		em->status(b, order[i]);
		textbuf_printf(b, "%s%lld%s", em->cell_sep, (long long)
		    json_integer_value(json_object_get(sum, order[i])),
		    em->row_close);
	}
	textbuf_str(b, em->row_open);
	em->text(b, "all");
	textbuf_printf(b, "%s%lld%s", em->cell_sep, (long long)
	    json_integer_value(json_object_get(sum, "total")), em->row_close);
}

/* The questions of DOC, under a heading each time the area changes. */
static void
questions(struct textbuf *b, const struct emitter *em, const json_t *doc)
{
	const json_t *ev = json_object_get(doc, "evaluation"), *q;
	const char *area = NULL;
	size_t i;

	json_array_foreach(json_object_get(doc, "questions"), i, q) {
		if (area == NULL || strcmp(area, str_or(q, "area", "")) != 0) {
			area = str_or(q, "area", "");
			textbuf_str(b, em->area_open);
			em->text(b, area);
			textbuf_str(b, em->area_close);
		}
		em->question(b, q, ev);
	}
}

/* ---- Markdown ---- */

/* S as Markdown text that means only itself: cleaned, and each
 * character Markdown gives a meaning escaped. AT_START: S begins a line,
 * where "-", "+", "=" and "1." would too. */
static void
md_escape(struct textbuf *b, const char *s, bool at_start)
{
	const char *p = s, *q;

	if (at_start) {
		if (*p == '-' || *p == '+' || *p == '=')
			textbuf_str(b, "\\");
		for (q = p; *q >= '0' && *q <= '9'; q++)
			;
		if (q > p && (*q == '.' || *q == ')')) {
			textbuf_add(b, p, (size_t)(q - p));
			textbuf_str(b, "\\");
			p = q;
		}
	}
	for (; *p != '\0'; p++) {
		if (strchr("\\`*_[]<>|#~&", *p) != NULL)
			textbuf_str(b, "\\");
		textbuf_add(b, p, 1);
	}
}

/* S on one line, escaped. */
static void
md_line(struct textbuf *b, const char *s)
{
	char *l = text_line(s);

	md_escape(b, l, false);
	free(l);
}

/* Multi-line S as a block quote, each line escaped; blank lines stay. */
static void
md_quote(struct textbuf *b, const char *s)
{
	char *c = text_clean(s), *line = c, *nl;

	while (*line != '\0') {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		textbuf_str(b, *line != '\0' ? "> " : ">");
		md_escape(b, line, true);
		/* A line break stays one: a backslash at the end is a hard
		 * break, where a bare newline would join the lines. */
		textbuf_str(b, nl != NULL && *line != '\0' && nl[1] != '\0' &&
		    nl[1] != '\n' ? "\\\n" : "\n");
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	free(c);
}

static void
md_evaluation(struct textbuf *b, const json_t *ev)
{
	const json_t *items = json_object_get(ev, "items"), *it;
	bool has_texts = json_is_true(json_object_get(ev, "comments_included"));
	size_t i;

	textbuf_str(b, "## Last evaluation\n\n");
	if (json_is_null(ev) || ev == NULL) {
		textbuf_str(b, "No evaluation has been signed yet: one is due "
		    "now.\n\n");
		return;
	}
	textbuf_printf(b, "- Evaluation: %lld\n",
	    (long long)json_integer_value(json_object_get(ev, "id")));
	textbuf_str(b, "- Signed by: ");
	md_line(b, str_or(ev, "signed_by", "-"));
	textbuf_printf(b, " at %s\n", str_or(ev, "signed_at", "-"));
	textbuf_printf(b, "- Next due: %s%s\n", str_or(ev, "next_due", "-"),
	    json_is_true(json_object_get(ev, "overdue")) ? " (overdue)" : "");
	textbuf_printf(b, "- Audit chain when signed: row %lld, head `%s`\n\n",
	    (long long)json_integer_value(json_object_get(ev, "audit_seq")),
	    str_or(ev, "audit_head", "-"));
	if (!has_texts) {
		textbuf_str(b, "The summary and comments are left out: only the "
		    "SRO and admins read them.\n\n");
	} else if (*str_or(ev, "summary", "") != '\0') {
		textbuf_str(b, "Summary:\n\n");
		md_quote(b, str_or(ev, "summary", ""));
		textbuf_str(b, "\n");
	}
	textbuf_str(b, "| Question | Status then | Figure then |\n"
	    "|---|---|---|\n");
	json_array_foreach(items, i, it) {
		textbuf_printf(b, "| `%s` | %s | ", str_or(it, "question", ""),
		    words(jstr(it, "status")));
		md_line(b, str_or(it, "figure", ""));
		textbuf_str(b, " |\n");
	}
	textbuf_str(b, "\n");
	if (!has_texts)
		return;
	json_array_foreach(items, i, it) {
		if (*str_or(it, "comment", "") == '\0')
			continue;
		textbuf_printf(b, "Comment on `%s` (%s):\n\n",
		    str_or(it, "question", ""), str_or(it, "commented_at", "-"));
		md_quote(b, str_or(it, "comment", ""));
		textbuf_str(b, "\n");
	}
}

static void
md_status(struct textbuf *b, const char *name)
{
	textbuf_str(b, words(name));
}

static void
md_question(struct textbuf *b, const json_t *q, const json_t *ev);

static const struct emitter md_emitter = {
	.text = md_line, .status = md_status, .question = md_question,
	.row_open = "| ", .cell_sep = " | ", .row_close = " |\n",
	.area_open = "### ", .area_close = "\n\n",
};

static void
md_question(struct textbuf *b, const json_t *q, const json_t *ev)
{
	const json_t *evs = json_object_get(q, "evidence"), *it;

	textbuf_printf(b, "#### `%s`: %s\n\n", str_or(q, "id", ""),
	    words(jstr(q, "status")));
	md_line(b, str_or(q, "question", ""));
	textbuf_str(b, "\n\n- Area: ");
	md_line(b, str_or(q, "area", ""));
	textbuf_printf(b, "\n- Status: %s\n- Figure: ", words(jstr(q,
	    "status")));
	md_line(b, str_or(q, "figure", ""));
	textbuf_str(b, "\n");
	if ((it = eval_item(ev, str_or(q, "id", ""))) != NULL &&
	    *str_or(it, "comment", "") != '\0')
		textbuf_str(b, "- The SRO commented on it at the last "
		    "evaluation (above).\n");
	textbuf_str(b, "\n");
	if (json_array_size(evs) == 0) {
		textbuf_str(b, "No evidence.\n\n");
		return;
	}
	textbuf_str(b, "| Status | Kind | ID | Ref | At | Detail |\n"
	    "|---|---|---|---|---|---|\n");
	evidence_rows(b, &md_emitter, evs);
	textbuf_str(b, "\n");
}

static char *
render_md(const json_t *doc)
{
	const json_t *audit = json_object_get(doc, "audit");
	const json_t *ev = json_object_get(doc, "evaluation");
	struct textbuf b = { 0 };

	textbuf_printf(&b, "# %s\n\n", REPORT_TITLE);
	textbuf_str(&b, "- Publisher: ");
	md_line(&b, str_or(doc, "publisher", "(publisher.name is not set)"));
	textbuf_printf(&b, "\n- Made: %s by ", str_or(doc, "generated_at", ""));
	md_line(&b, str_or(doc, "generated_by", ""));
	textbuf_printf(&b, " with herald %s\n- Database: ",
	    str_or(doc, "herald_version", ""));
	md_line(&b, str_or(doc, "database", ""));
	textbuf_str(&b, json_is_true(json_object_get(doc, "complete")) ?
	    "\n- Scope: every incident\n" : "\n- Scope: only the incidents "
	    "its maker may see (those under embargo are left out)\n");
	textbuf_str(&b, "\n## Audit chain\n\n");
	textbuf_printf(&b, "- Rows: %lld\n- Head: `%s`\n- Verified: %s\n",
	    (long long)json_integer_value(json_object_get(audit, "rows")),
	    str_or(audit, "head", "-"),
	    json_is_true(json_object_get(audit, "verified")) ? "yes" : "NO");
	if (jstr(audit, "problem") != NULL) {
		textbuf_str(&b, "- Problem: ");
		md_line(&b, jstr(audit, "problem"));
		textbuf_str(&b, "\n");
	}
	textbuf_str(&b, "\n");
	md_evaluation(&b, ev);
	textbuf_str(&b, "## Summary\n\n| Status | Questions |\n|---|---|\n");
	summary_rows(&b, &md_emitter, json_object_get(doc, "summary"));
	textbuf_str(&b, "\n## Questions\n\n");
	questions(&b, &md_emitter, doc);
	return textbuf_take(&b);
}

/* ---- HTML ---- */

/* S cleaned and escaped for HTML text or a quoted attribute. */
static void
h(struct textbuf *b, const char *s)
{
	char *c = text_clean(s != NULL ? s : "");

	textbuf_html(b, c, strlen(c), true);
	free(c);
}

static const char html_style[] =
	"body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem "
	"auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}"
	"table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}"
	"th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;"
	"vertical-align:top}th{background:#f3f3f3}"
	"code{font-size:.9em;word-break:break-all}"
	".status{font-weight:bold;padding:0 .3rem;border-radius:.2rem}"
	".met{background:#dff3df}.at-risk{background:#fff1c9}"
	".not-met{background:#f9d6d6}.no-data{background:#e8e8e8}"
	".note{white-space:pre-wrap;border-left:4px solid #ccc;"
	"padding-left:.7rem;margin:.5rem 0}"
	".problem{color:#a00000;font-weight:bold}";

/* A status as a labelled span, NAME its name. */
static void
h_status(struct textbuf *b, const char *name)
{
	const char *cls = compliance_status_from_name(name) >= 0 ? name :
	    "no-data";

	textbuf_printf(b, "<span class=\"status %s\">", cls);
	h(b, words(name));
	textbuf_str(b, "</span>");
}

/* A row of a two-column table of facts. */
static void
h_fact(struct textbuf *b, const char *label, const char *value)
{
	textbuf_printf(b, "<tr><th scope=\"row\">%s</th><td>", label);
	h(b, value);
	textbuf_str(b, "</td></tr>\n");
}

static void
h_evaluation(struct textbuf *b, const json_t *ev)
{
	const json_t *it;
	bool has_texts = json_is_true(json_object_get(ev, "comments_included"));
	char num[32];
	size_t i;

	textbuf_str(b, "<h2>Last evaluation</h2>\n");
	if (ev == NULL || json_is_null(ev)) {
		textbuf_str(b, "<p>No evaluation has been signed yet: one is "
		    "due now.</p>\n");
		return;
	}
	textbuf_str(b, "<table>\n");
	snprintf(num, sizeof num, "%lld",
	    (long long)json_integer_value(json_object_get(ev, "id")));
	h_fact(b, "Evaluation", num);
	h_fact(b, "Signed by", str_or(ev, "signed_by", "-"));
	h_fact(b, "Signed at", str_or(ev, "signed_at", "-"));
	textbuf_str(b, "<tr><th scope=\"row\">Next due</th><td>");
	h(b, str_or(ev, "next_due", "-"));
	if (json_is_true(json_object_get(ev, "overdue")))
		textbuf_str(b, " <span class=\"problem\">overdue</span>");
	textbuf_str(b, "</td></tr>\n");
	snprintf(num, sizeof num, "%lld",
	    (long long)json_integer_value(json_object_get(ev, "audit_seq")));
	h_fact(b, "Audit row when signed", num);
	textbuf_str(b, "<tr><th scope=\"row\">Audit head when signed</th><td>"
	    "<code>");
	h(b, str_or(ev, "audit_head", "-"));
	textbuf_str(b, "</code></td></tr>\n</table>\n");
	if (!has_texts)
		textbuf_str(b, "<p>The summary and comments are left out: only "
		    "the SRO and admins read them.</p>\n");
	else if (*str_or(ev, "summary", "") != '\0') {
		textbuf_str(b, "<p>Summary:</p>\n<div class=\"note\">");
		h(b, str_or(ev, "summary", ""));
		textbuf_str(b, "</div>\n");
	}
	textbuf_str(b, "<table>\n<thead><tr><th>Question</th><th>Status "
	    "then</th><th>Figure then</th><th>Comment</th></tr></thead>\n"
	    "<tbody>\n");
	json_array_foreach(json_object_get(ev, "items"), i, it) {
		textbuf_str(b, "<tr><td><code>");
		h(b, str_or(it, "question", ""));
		textbuf_str(b, "</code></td><td>");
		h_status(b, str_or(it, "status", ""));
		textbuf_str(b, "</td><td>");
		h(b, str_or(it, "figure", ""));
		textbuf_str(b, "</td><td><div class=\"note\">");
		h(b, has_texts ? str_or(it, "comment", "") : "");
		textbuf_str(b, "</div></td></tr>\n");
	}
	textbuf_str(b, "</tbody>\n</table>\n");
}

static void
h_question(struct textbuf *b, const json_t *q, const json_t *ev);

static const struct emitter html_emitter = {
	.text = h, .status = h_status, .question = h_question,
	.row_open = "<tr><td>", .cell_sep = "</td><td>",
	.row_close = "</td></tr>\n",
	.area_open = "<h3>", .area_close = "</h3>\n",
};

static void
h_question(struct textbuf *b, const json_t *q, const json_t *ev)
{
	(void)ev;                   /* the page shows comments above */

	textbuf_str(b, "<h4 id=\"q-");
	h(b, str_or(q, "id", ""));
	textbuf_str(b, "\"><code>");
	h(b, str_or(q, "id", ""));
	textbuf_str(b, "</code> ");
	h_status(b, str_or(q, "status", ""));
	textbuf_str(b, "</h4>\n<p>");
	h(b, str_or(q, "question", ""));
	textbuf_str(b, "</p>\n<p><strong>Figure:</strong> ");
	h(b, str_or(q, "figure", ""));
	textbuf_str(b, "</p>\n");
	if (json_array_size(json_object_get(q, "evidence")) == 0) {
		textbuf_str(b, "<p>No evidence.</p>\n");
		return;
	}
	textbuf_str(b, "<table>\n<thead><tr><th>Status</th><th>Kind</th>"
	    "<th>ID</th><th>Ref</th><th>At</th><th>Detail</th></tr></thead>\n"
	    "<tbody>\n");
	evidence_rows(b, &html_emitter, json_object_get(q, "evidence"));
	textbuf_str(b, "</tbody>\n</table>\n");
}

/* The page: well-formed as XML too, so either parser reads it. */
static char *
render_html(const json_t *doc)
{
	const json_t *audit = json_object_get(doc, "audit");
	struct textbuf b = { 0 };
	char num[32];

	textbuf_str(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\" />\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\" />\n<title>");
	h(&b, REPORT_TITLE);
	textbuf_printf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n"
	    "<h1>", html_style);
	h(&b, REPORT_TITLE);
	textbuf_str(&b, "</h1>\n<table>\n");
	h_fact(&b, "Publisher", str_or(doc, "publisher",
	    "(publisher.name is not set)"));
	h_fact(&b, "Made at", str_or(doc, "generated_at", ""));
	h_fact(&b, "Made by", str_or(doc, "generated_by", ""));
	h_fact(&b, "herald", str_or(doc, "herald_version", ""));
	h_fact(&b, "Database", str_or(doc, "database", ""));
	h_fact(&b, "Scope", json_is_true(json_object_get(doc, "complete")) ?
	    "every incident" : "only the incidents its maker may see (those "
	    "under embargo are left out)");
	textbuf_str(&b, "</table>\n<h2>Audit chain</h2>\n<table>\n");
	snprintf(num, sizeof num, "%lld",
	    (long long)json_integer_value(json_object_get(audit, "rows")));
	h_fact(&b, "Rows", num);
	textbuf_str(&b, "<tr><th scope=\"row\">Head</th><td><code>");
	h(&b, str_or(audit, "head", "-"));
	textbuf_str(&b, "</code></td></tr>\n");
	textbuf_str(&b, "<tr><th scope=\"row\">Verified</th><td>");
	if (json_is_true(json_object_get(audit, "verified")))
		textbuf_str(&b, "yes");
	else {
		textbuf_str(&b, "<span class=\"problem\">no: ");
		h(&b, str_or(audit, "problem", ""));
		textbuf_str(&b, "</span>");
	}
	textbuf_str(&b, "</td></tr>\n</table>\n");
	h_evaluation(&b, json_object_get(doc, "evaluation"));
	textbuf_str(&b, "<h2>Summary</h2>\n<table>\n<thead><tr><th>Status</th>"
	    "<th>Questions</th></tr></thead>\n<tbody>\n");
	summary_rows(&b, &html_emitter, json_object_get(doc, "summary"));
	textbuf_str(&b, "</tbody>\n</table>\n<h2>Questions</h2>\n");
	questions(&b, &html_emitter, doc);
	textbuf_str(&b, "</body>\n</html>\n");
	return textbuf_take(&b);
}

/* ---- the report ---- */

enum status
compliance_report(struct session *s, enum report_format format, time_t now,
    char **out, struct err *err)
{
	json_t *doc = NULL;
	enum status st;

	*out = NULL;
	if ((unsigned)format > REPORT_JSON)
		return err_set(err, ST_INVALID, "format: md, html or json");
	if ((st = build(s, now, &doc, err)) != ST_OK)
		return st;
	switch (format) {
	case REPORT_MD:
		*out = render_md(doc);
		break;
	case REPORT_HTML:
		*out = render_html(doc);
		break;
	case REPORT_JSON:
		*out = jdump_doc(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER, NULL);
		break;
	}
	json_decref(doc);
	return ST_OK;
}

enum status
compliance_report_write(struct session *s, enum report_format format,
    time_t now, const char *path, struct err *err)
{
	char hex[HASH_HEX_SIZE], abs[PATH_MAX], *text = NULL;
	enum status st;
	size_t len;

	if ((st = session_require_user(s, err)) != ST_OK)
		return st;
	if (path == NULL || *path == '\0')
		return err_set(err, ST_INVALID, "out: no file name given");
	/* One transaction: the head the report gives is the row before the
	 * report's own audit row. */
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = compliance_report(s, format, now, &text, err)) != ST_OK)
		goto end;
	len = strlen(text);
	if ((st = outfile_write_atomic(path, text, len, err)) != ST_OK)
		goto end;
	hash_sha256_hex(text, len, hex);
	if (realpath(path, abs) == NULL)
		snprintf(abs, sizeof abs, "%s", path);
	st = audit_record(s->db, s->actor, "compliance.report", "compliance", 0,
	    err, "{s:s, s:s, s:I, s:s}", "format",
	    compliance_report_format_name(format), "path", abs, "bytes",
	    (json_int_t)len, "sha256", hex);
end:
	st = db_end(s->db, st, err);
	free(text);
	return st;
}
