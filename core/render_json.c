/* core/render_json.c - the JSON payloads of a communication: the GitHub
 * security advisory request and the webhook message. Both are made from
 * the document model's item (and, for GitHub, its page's Markdown), cut
 * to what the receiving service takes. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/drill.h"
#include "core/render_priv.h"
#include "core/text.h"
#include "util/xalloc.h"

/* GitHub's limits on a repository advisory's summary and description,
 * and Slack's on a header and a section's text (in bytes here, which is
 * never more than their count of characters). */
#define GITHUB_SUMMARY_MAX     1024
#define GITHUB_DESCRIPTION_MAX 65000
#define SLACK_HEADER_MAX       150
#define SLACK_SECTION_MAX      3000

/* S cut to MAX bytes on a character boundary, with "…" when cut. */
static json_t *
jstr_cut(const char *s, size_t max)
{
	char *t = text_cut_bytes(s, max);
	json_t *v = json_string(t);

	free(t);
	return v;
}

/* V serialised as a request body: indented, keys in the order built, a
 * final newline. */
static void
take_json(struct rendered *out, const json_t *v)
{
	size_t len;
	char *text = jdump_doc(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER, &len);

	render_take_bytes(out, text, len, MT_JSON);
}

/* GitHub's name for ECOSYSTEM, or "other". */
static const char *
github_ecosystem(const char *eco)
{
	static const char *const known[] = { "rubygems", "npm", "pip", "maven",
	    "nuget", "composer", "go", "rust", "erlang", "actions", "pub",
	    "swift", "other", NULL };
	size_t i;

	for (i = 0; eco != NULL && known[i] != NULL; i++)
		if (strcasecmp(eco, known[i]) == 0)
			return known[i];
	return "other";
}

/* Whether products A and B are the same package. */
static bool
same_package(const json_t *a, const json_t *b)
{
	const char *pa = jstr(a, "package"), *pb = jstr(b, "package");
	const char *na = jstr(a, "product"), *nb = jstr(b, "product");

	if (pa != NULL || pb != NULL)
		return pa != NULL && pb != NULL && strcmp(pa, pb) == 0;
	return na != NULL && nb != NULL && strcmp(na, nb) == 0;
}

/* One vulnerability per affected range, with the fixed versions of the
 * same package beside it. */
static json_t *
github_vulnerabilities(const json_t *products)
{
	json_t *list = json_array(), *p, *q, *v, *patched;
	const char *status, *pkg, *range;
	size_t i, j;

	json_array_foreach(products, i, p) {
		status = jstr(p, "status");
		if (status == NULL || strcmp(status, "known_affected") != 0)
			continue;
		pkg = jstr(p, "package");
		if (pkg == NULL)
			pkg = jstr(p, "name") != NULL ? jstr(p, "name") :
			    jstr(p, "product");
		range = jstr(p, "range");
		patched = json_null();
		json_array_foreach(products, j, q) {
			const char *qs = jstr(q, "status");
			if (qs != NULL && strcmp(qs, "fixed") == 0 &&
			    same_package(p, q) && jstr(q, "range") != NULL) {
				json_decref(patched);
				patched = json_string(jstr(q, "range"));
				break;
			}
		}
		v = json_pack("{s:{s:s, s:s?}, s:s?, s:o}", "package",
		    "ecosystem", github_ecosystem(jstr(p, "ecosystem")), "name",
		    pkg, "vulnerable_version_range", range, "patched_versions",
		    patched);
		if (v != NULL)
			jpush(list, v);
	}
	return list;
}

/* Credits GitHub can take: "@login" words of the credits answer. */
static json_t *
github_credits(const char *text)
{
	json_t *list = json_array();
	const char *p = text;
	size_t n;

	while (p != NULL && (p = strchr(p, '@')) != NULL) {
		p++;
		for (n = 0; n < 39 && (text_is_alnum(p[n]) || p[n] == '-'); n++)
			;
		/* An e-mail address is not a login. */
		if (n > 0 && p - 1 > text && p[-2] != ' ' && p[-2] != '(' &&
		    p[-2] != ',')
			n = 0;
		if (n > 0) {
			char *login = xstrndup(p, n);
			jpush(list, json_pack("{s:s, s:s}", "login", login,
			    "type", "finder"));
			free(login);
		}
		p += n;
	}
	return list;
}

/* The Markdown the item's page holds, with links as addresses, cut to
 * what GitHub takes. */
static enum status
github_description(struct session *s, const json_t *item, json_t **out,
    struct err *err)
{
	static const char *const fb[] = { "generic.md", NULL };
	struct rendered md = { 0 };
	const char *url = jstr(item, "url");
	enum status st;
	size_t n;
	char *t;

	st = render_item_template(s, item, NULL, ".md", fb, LINK_ABSOLUTE, &md,
	    err);
	if (st != ST_OK)
		return st;
	n = text_prefix(md.text, GITHUB_DESCRIPTION_MAX);
	if (n < md.len) {
		t = xasprintf("%.*s\n\n(Shortened; the whole text: %s)\n", (int)n,
		    md.text, url != NULL ? url : "see the advisory page");
		*out = json_string(t);
		free(t);
	} else
		*out = json_string(md.text);
	rendered_clear(&md);
	return ST_OK;
}

enum status
render_github(struct session *s, const json_t *item, struct rendered *out,
    struct err *err)
{
	const json_t *cvss = json_object_get(item, "cvss");
	const char *v3 = jstr(json_object_get(item, "cvss_v3"), "vector");
	const char *sev = jstr(cvss, "severity");
	char *summary = render_item_heading(item), *lsev = NULL;
	json_t *body, *desc = NULL, *cve;
	enum status st;
	size_t i;

	if ((st = github_description(s, item, &desc, err)) != ST_OK)
		goto end;
	body = json_object();
	jput(body, "summary", jstr_cut(summary, GITHUB_SUMMARY_MAX));
	jput(body, "description", desc);
	/* GitHub takes either a CVSS vector or a severity, not both. */
	if (v3 != NULL)
		jput(body, "cvss_vector_string", json_string(v3));
	else {
		if (sev == NULL)
			sev = jstr(json_object_get(item, "incident"),
			    "severity");
		if (sev != NULL) {
			lsev = xstrdup(sev);
			for (i = 0; lsev[i] != '\0'; i++)
				lsev[i] = (char)text_to_lower(lsev[i]);
			if (strcmp(lsev, "none") == 0)
				strcpy(lsev, "low");
		}
		if (lsev != NULL && (strcmp(lsev, "critical") == 0 ||
		    strcmp(lsev, "high") == 0 || strcmp(lsev, "medium") == 0 ||
		    strcmp(lsev, "low") == 0))
			jput(body, "severity", json_string(lsev));
		else
			jput(body, "severity", json_null());
	}
	cve = json_array_get(json_object_get(item, "cves"), 0);
	jput(body, "cve_id", cve != NULL ? json_copy(cve) : json_null());
	jput(body, "vulnerabilities", github_vulnerabilities(
	    json_object_get(item, "products")));
	jput(body, "credits", github_credits(jstr(json_object_get(item,
	    "answers"), "credits")));
	take_json(out, body);
	json_decref(body);
end:
	free(lsev);
	free(summary);
	return st;
}

/* The first paragraph a reader sees: the first long field's text. */
static const char *
lead_text(const json_t *item)
{
	static const char *const ids[] = { "plain-summary", "summary",
	    "what-happened", "description", NULL };
	const json_t *answers = json_object_get(item, "answers"), *f;
	size_t i;

	for (i = 0; ids[i] != NULL; i++)
		if (jstr(answers, ids[i]) != NULL && *jstr(answers, ids[i]))
			return jstr(answers, ids[i]);
	json_array_foreach(json_object_get(item, "fields"), i, f)
		if (json_is_true(json_object_get(f, "is_multiline")))
			return jstr(f, "text");
	return NULL;
}

static json_t *
plain(const char *text, size_t max)
{
	return json_pack("{s:s, s:o}", "type", "plain_text", "text",
	    jstr_cut(text, max));
}

/* A Slack-compatible message: plain text only (nothing a reader wrote is
 * read as mrkdwn), the incident's reference first, the link as a
 * button. */
enum status
render_webhook(const json_t *item, struct rendered *out, struct err *err)
{
	const char *url = jstr(item, "url"), *lead = lead_text(item);
	const char *kind = jstr(item, "kind_label"), *date;
	bool is_withdrawn = json_is_true(json_object_get(item, "is_withdrawn"));
	char *heading = render_item_heading(item), *text, *ctx;
	json_t *msg, *blocks = json_array();

	(void)err;
	text = xasprintf("%s%s%s%s%s", render_item_is_drill(item) ?
	    DRILL_LINE "\n" : "", is_withdrawn ? "Withdrawn: " : "",
	    heading, url != NULL ? "\n" : "", url != NULL ? url : "");
	jpush(blocks, json_pack("{s:s, s:o}", "type", "header", "text",
	    plain(heading, SLACK_HEADER_MAX)));
	date = jstr(item, "updated_date");
	ctx = xasprintf("%s%s%s%s%s", kind != NULL ? kind : "",
	    kind != NULL && date != NULL ? " \xc2\xb7 " : "",
	    date != NULL ? date : "", is_withdrawn ? " \xc2\xb7 Withdrawn: " : "",
	    is_withdrawn && jstr(item, "withdrawn_reason") != NULL ?
	    jstr(item, "withdrawn_reason") : "");
	if (*ctx != '\0')
		jpush(blocks, json_pack("{s:s, s:[o]}", "type", "context",
		    "elements", plain(ctx, SLACK_SECTION_MAX)));
	if (lead != NULL && *lead != '\0')
		jpush(blocks, json_pack("{s:s, s:o}", "type", "section",
		    "text", plain(lead, SLACK_SECTION_MAX)));
	if (url != NULL)
		jpush(blocks, json_pack("{s:s, s:[{s:s, s:o, s:s}]}", "type",
		    "actions", "elements", "type", "button", "text",
		    plain("Read it", 75), "url", url));
	msg = json_pack("{s:o, s:o}", "text", jstr_cut(text, 40000), "blocks",
	    blocks);
	take_json(out, msg);
	json_decref(msg);
	free(ctx);
	free(text);
	free(heading);
	return ST_OK;
}

