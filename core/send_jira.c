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

struct jira {
	bool  is_lookup;         /* searching before a create */
	char *base;              /* the url setting without a final '/' */
	char *label;             /* herald-KEY */
	char *token;
};

static char *
base_url(const char *url)
{
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		n--;
	return xstrndup(url, n);
}

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

static bool
jira_init(struct send_job *j, struct send_result *r)
{
	const char *key = j->row != NULL ? j->row->idempotency_key : "";
	struct err e = { 0 };
	struct jira *t;
	enum status st;

	r->outcome = SEND_PERMANENT;
	if (jstr_nonempty(j->settings, "url") == NULL ||
	    jstr_text(j->settings, "project") == NULL) {
		snprintf(r->error, sizeof r->error, "the channel needs the "
		    "settings url and project");
		return false;
	}
	if (jstr_text(j->payload, "summary") == NULL) {
		snprintf(r->error, sizeof r->error, "the ticket has no "
		    "summary");
		return false;
	}
	t = xcalloc(1, sizeof *t);
	j->priv = t;
	if ((st = secret_read(j->settings, "token", &t->token, &e)) != ST_OK) {
		if (st == ST_NOTFOUND)
			snprintf(r->error, sizeof r->error, "the channel has "
			    "no token (token_file or token_env)");
		else
			snprintf(r->error, sizeof r->error, "%s", e.msg);
		return false;
	}
	t->base = base_url(jstr(j->settings, "url"));
	t->label = send_safe_key("herald-", key, LABEL_MAX);
	/* An earlier attempt may have made the issue before it failed. */
	t->is_lookup = j->row != NULL && j->row->attempts > 1;
	return true;
}

static enum status
jira_start(struct send_job *j, struct send_result *r, struct err *err)
{
	const char *user = jstr_nonempty(j->settings, "username");
	struct jira *t = j->priv;
	char *url = NULL, *body = NULL, *q = NULL, *jql = NULL;
	json_t *o = NULL;
	bool ok;

	(void)err;
	if (t == NULL && !jira_init(j, r))
		return ST_OK;
	t = j->priv;
	if (t->is_lookup) {
		jql = xasprintf("labels = \"%s\"", t->label);
		if ((q = curl_easy_escape(NULL, jql, 0)) == NULL)
			die("out of memory");
		url = xasprintf("%s/rest/api/2/search?jql=%s&fields=key"
		    "&maxResults=1", t->base, q);
	} else {
		url = xasprintf("%s/rest/api/2/issue", t->base);
		o = issue_body(j, t->label);
		body = jdump(o, JSON_COMPACT);
	}
	ok = send_http_setup(j, body != NULL ? "POST" : "GET", url, body, r);
	if (ok && user != NULL) {
		curl_easy_setopt(j->easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		curl_easy_setopt(j->easy, CURLOPT_USERNAME, user);
		curl_easy_setopt(j->easy, CURLOPT_PASSWORD, t->token);
	} else if (ok) {
		curl_easy_setopt(j->easy, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
		curl_easy_setopt(j->easy, CURLOPT_XOAUTH2_BEARER, t->token);
	}
	curl_free(q);
	free(jql);
	json_decref(o);
	free(body);
	free(url);
	return ST_OK;
}

static void
jira_finish(struct send_job *j, CURLcode cc, struct send_result *r)
{
	struct jira *t = j->priv;
	json_t *answer = NULL;
	const char *key;
	char msg[SEND_ERROR_MAX];

	send_http_classify(j, cc, r);
	if (t == NULL)
		return;
	if (r->outcome != SEND_DELIVERED) {
		snprintf(msg, sizeof msg, "Jira, %s: %s", t->is_lookup ?
		    "searching for the issue an earlier attempt made" :
		    "creating the issue", r->error);
		snprintf(r->error, sizeof r->error, "%s", msg);
		return;
	}
	if (j->response.p != NULL)
		answer = json_loads(j->response.p, 0, NULL);
	if (t->is_lookup) {
		key = jstr(json_array_get(json_object_get(answer, "issues"), 0),
		    "key");
		if (key == NULL) {
			/* None made yet: create it now. */
			t->is_lookup = false;
			r->outcome = SEND_AGAIN;
			goto end;
		}
	} else {
		key = jstr(answer, "key");
	}
	if (text_nonblank(key) == NULL) {
		/* Made, perhaps, but unnamed: the next attempt searches. */
		r->outcome = SEND_RETRY;
		snprintf(r->error, sizeof r->error, "Jira's answer named no "
		    "issue key");
		goto end;
	}
	r->external_ref = text_line(key);
end:
	json_decref(answer);
}

static void
jira_cleanup(struct send_job *j)
{
	struct jira *t = j->priv;

	if (t == NULL)
		return;
	secret_free(t->token);
	free(t->base);
	free(t->label);
	free(t);
	j->priv = NULL;
}

const struct channel_driver driver_jira = {
	"jira", jira_start, jira_finish, jira_cleanup,
};
