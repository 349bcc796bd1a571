/* core/send_jira.c - an issue in Jira (REST API version 2) for an
 * end-of-life notice that falls due or a delivery that failed for good.
 *
 * Payload: {"summary", "description", "labels": [..] (optional)}.
 * Settings: "url" (the site's base), "project" (its key), "issue_type"
 * (default "Task"), "username" (Basic authentication with the token;
 * without it, a Bearer token), "token_file" | "token_env", "ca_file".
 *
 * Jira takes no idempotency key, so the issue carries the label
 * "herald-KEY" (send_safe_key()), and a later attempt at the same row
 * (attempts > 1) first searches for that label and takes the issue it
 * finds instead of creating another. The external reference is the
 * issue's key ("OPS-42").
 */
#include "config.h"

#include "core/driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/secret.h"
#include "core/text.h"
#include "util/xalloc.h"

/* Jira's limits: a label of 255 characters, a summary of 255. */
#define LABEL_MAX   255
#define SUMMARY_MAX 255

/* S as one Jira label: each byte other than a letter, a digit, '.', '_'
 * or '-' as '_', at most LABEL_MAX bytes. Allocated. */
static char *
label_clean(const char *s)
{
	char *l = xstrndup(s, LABEL_MAX), *p;

	for (p = l; *p != '\0'; p++)
		if (!text_is_alnum((unsigned char)*p) && *p != '.' &&
		    *p != '_' && *p != '-')
			*p = '_';
	return l;
}

/* The issue Jira is asked to create. New reference. */
static json_t *
issue_body(const struct send_job *j, const char *label)
{
	const char *type = jstr_nonempty(j->settings, "issue_type");
	const json_t *labels = json_object_get(j->payload, "labels"), *v;
	json_t *fields, *ls = json_array();
	char *summary, *line;
	size_t i;

	json_array_foreach(labels, i, v) {
		/* A label is one word to Jira. */
		if (!json_is_string(v) ||
		    text_nonblank(json_string_value(v)) == NULL)
			continue;
		line = label_clean(json_string_value(v));
		jpush(ls, json_string(line));
		free(line);
	}
	jpush(ls, json_string(label));
	line = text_line(jstr(j->payload, "summary"));
	summary = text_cut_chars(line, SUMMARY_MAX);
	free(line);
	fields = json_pack("{s:{s:s}, s:{s:s}, s:o, s:o, s:o}",
	    "project", "key", jstr(j->settings, "project"),
	    "issuetype", "name", type != NULL ? type : "Task",
	    "summary", jtext(summary),
	    "description", jtext(jstr(j->payload, "description")),
	    "labels", ls);
	free(summary);
	if (fields == NULL)
		die("out of memory");
	return json_pack("{s:o}", "fields", fields);
}

/* The issue key in ANSWER: the first found by a search, or the one a
 * create made. */
static char *
jira_ref(const json_t *answer, bool is_lookup, bool *is_none)
{
	const char *key;

	if (is_lookup) {
		key = jstr(json_array_get(json_object_get(answer, "issues"), 0),
		    "key");
		if (key == NULL) {
			*is_none = true;
			return NULL;
		}
	} else {
		key = jstr(answer, "key");
	}
	return text_nonblank(key) != NULL ? text_line(key) : NULL;
}

/* The search for the issue labelled T->key, or the create. */
static char *
jira_url(const struct send_ticket *t)
{
	char *jql, *q, *url;

	if (!t->is_lookup)
		return xasprintf("%s/rest/api/2/issue", t->url);
	jql = xasprintf("labels = \"%s\"", t->key);
	q = send_escape(jql);
	url = xasprintf("%s/rest/api/2/search?jql=%s&fields=key"
	    "&maxResults=1", t->url, q);
	free(q);
	free(jql);
	return url;
}

static bool
jira_init(struct send_job *j, struct send_result *r)
{
	const char *key = j->row != NULL ? j->row->idempotency_key : "";
	struct send_ticket *t;

	r->outcome = SEND_PERMANENT;
	if (jstr_nonempty(j->settings, "url") == NULL ||
	    jstr_text(j->settings, "project") == NULL) {
		snprintf(r->error, sizeof r->error, "the channel needs the "
		    "settings url and project");
		return false;
	}
	if (!send_ticket_has_summary(j, r))
		return false;
	t = xcalloc(1, sizeof *t);
	j->priv = t;
	*t = (struct send_ticket){
		.is_lookup = send_ticket_is_retry(j),
		.system = "Jira",
		.lookup_doing = "searching for the issue an earlier attempt "
		    "made",
		.create_doing = "creating the issue",
		.no_ref = "Jira's answer named no issue key",
		.ref = jira_ref,
		.url_for = jira_url,
		.body = issue_body,
	};
	if (!send_secret(j, "token", "token", &t->secret, r))
		return false;
	t->url = send_join_url(jstr(j->settings, "url"), "%s", "");
	t->key = send_safe_key("herald-", key, LABEL_MAX);
	return true;
}

static enum status
jira_start(struct send_job *j, struct send_result *r, struct err *err)
{
	(void)err;
	return send_ticket_start(j, jira_init, r);
}

const struct channel_driver driver_jira = {
	"jira", jira_start, send_ticket_finish,
	send_ticket_cleanup,
};
