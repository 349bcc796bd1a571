/* core/send_github.c - repository security advisories through GitHub's
 * REST API (or GitHub Enterprise's, at the "api_url" setting).
 *
 * Payload: {"op": "create" | "update" | "withdraw", "advisory": {the REST
 * body: summary, description, cve_id, severity or cvss_vector_string,
 * vulnerabilities, cwe_ids, credits}, "ghsa_id": known for update and
 * withdraw, "origin_key": the first publication's key (to find the
 * advisory by its marker when its GHSA ID was not recorded),
 * "request_cve": bool (else the setting)}. Settings:
 * "repository" ("owner/repo"), "api_url", "token_file" | "token_env",
 * "request_cve", "ca_file".
 *
 * One attempt is a few requests (SEND_AGAIN between them):
 *   create:   [look up] -> POST .../security-advisories -> PATCH state
 *             "published" -> [POST .../{ghsa}/cve]
 *   update:   PATCH .../{ghsa} with the advisory
 *   withdraw: PATCH .../{ghsa} with state "closed" (what the API takes;
 *             a published advisory is withdrawn by GitHub Support)
 * The API takes no idempotency key, so a create put the marker
 * "herald:KEY" at the end of the description, and a later attempt at the
 * same row (attempts > 1) first lists the repository's advisories and
 * carries on with the one holding the marker instead of creating another.
 * The external reference is the GHSA ID.
 */
#include "config.h"

#include "core/driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/secret.h"
#include "core/text.h"
#include "util/xalloc.h"

#define API_VERSION "2022-11-28"
#define GHSA_MAX 64

enum gh_phase {
	GH_LOOKUP,                   /* list advisories, match the marker */
	GH_CREATE,
	GH_PUBLISH,
	GH_CVE,
	GH_UPDATE,
	GH_CLOSE
};

/* What one attempt carries across its requests. */
struct gh {
	enum gh_phase phase;
	enum gh_phase after;         /* what a lookup leads to */
	const char   *marker;        /* the key a lookup matches */
	char         *base;          /* .../repos/OWNER/REPO/security-advisories */
	char         *token;
	char         *ghsa;
	bool          need_cve;
	bool          is_found;      /* made by an earlier attempt */
};

/* ---- the request body ---- */

static void
copy_str(json_t *to, const json_t *from, const char *key)
{
	const char *v = jstr_nonempty(from, key);

	if (v != NULL)
		jput(to, key, json_string(v));
}

static json_t *
vulnerability_body(const json_t *v)
{
	json_t *o = json_object(), *pkg = json_object();
	const json_t *p = json_object_get(v, "package"), *fns;

	if (o == NULL || pkg == NULL)
		die("out of memory");
	copy_str(pkg, p, "ecosystem");
	copy_str(pkg, p, "name");
	jput(o, "package", pkg);
	copy_str(o, v, "vulnerable_version_range");
	copy_str(o, v, "patched_versions");
	fns = json_object_get(v, "vulnerable_functions");
	if (json_is_array(fns))
		jput(o, "vulnerable_functions", json_deep_copy(fns));
	return o;
}

json_t *
send_github_body(const json_t *adv, const char *key)
{
	json_t *o = json_object(), *a;
	const json_t *v, *arr;
	const char *desc = jstr(adv, "description"), *vector;
	size_t i;

	if (o == NULL)
		die("out of memory");
	copy_str(o, adv, "summary");
	if (key != NULL) {
		char *d = xasprintf("%s%s<!-- herald:%s -->",
		    desc != NULL ? desc : "", desc != NULL && *desc != '\0' ?
		    "\n\n" : "", key);
		jput(o, "description", jtext(d));
		free(d);
	} else if (desc != NULL) {
		jput(o, "description", jtext(desc));
	}
	copy_str(o, adv, "cve_id");
	/* The API refuses a severity beside a vector: the vector says more. */
	vector = jstr_nonempty(adv, "cvss_vector_string");
	if (vector != NULL)
		jput(o, "cvss_vector_string", json_string(vector));
	else
		copy_str(o, adv, "severity");
	arr = json_object_get(adv, "vulnerabilities");
	if (json_is_array(arr)) {
		a = json_array();
		json_array_foreach(arr, i, v)
			if (json_is_object(v))
				jpush(a, vulnerability_body(v));
		jput(o, "vulnerabilities", a);
	}
	arr = json_object_get(adv, "cwe_ids");
	if (json_is_array(arr)) {
		a = json_array();
		json_array_foreach(arr, i, v)
			if (json_is_string(v))
				jpush(a, json_string(json_string_value(v)));
		jput(o, "cwe_ids", a);
	}
	/* GitHub credits GitHub accounts: a name without a login stays in
	 * the description. */
	arr = json_object_get(adv, "credits");
	if (json_is_array(arr)) {
		a = json_array();
		json_array_foreach(arr, i, v) {
			if (jstr_nonempty(v, "login") == NULL)
				continue;
			jpush(a, json_pack("{s:s, s:s}", "login",
			    jstr(v, "login"), "type", jstr_nonempty(v, "type") !=
			    NULL ? jstr(v, "type") : "other"));
		}
		jput(o, "credits", a);
	}
	return o;
}

bool
send_github_has_marker(const char *text, const char *key)
{
	const char *p = text;
	size_t klen;
	unsigned char next;

	if (text == NULL || key == NULL || *key == '\0')
		return false;
	klen = strlen(key);
	while ((p = strstr(p, "herald:")) != NULL) {
		p += strlen("herald:");
		if (strncmp(p, key, klen) != 0)
			continue;
		next = (unsigned char)p[klen];
		/* The key ends there, not a longer key that starts alike. */
		if (next < 0x21 || next > 0x7e)
			return true;
	}
	return false;
}

/* ---- settings and payload ---- */

static bool
repository_ok(const char *r)
{
	const char *p, *slash;

	if (r == NULL || (slash = strchr(r, '/')) == NULL || slash == r ||
	    slash[1] == '\0' || strchr(slash + 1, '/') != NULL)
		return false;
	for (p = r; *p != '\0'; p++)
		if (!text_is_alnum((unsigned char)*p) && *p != '-' &&
		    *p != '_' && *p != '.' && *p != '/')
			return false;
	return true;
}

static bool
ghsa_ok(const char *g)
{
	const char *p;

	if (g == NULL || strncmp(g, "GHSA-", 5) != 0 || strlen(g) > GHSA_MAX)
		return false;
	for (p = g; *p != '\0'; p++)
		if (!text_is_alnum((unsigned char)*p) && *p != '-')
			return false;
	return true;
}

/* Fill J->priv for a new attempt, or say in R why it cannot go. */
static bool
gh_init(struct send_job *j, struct send_result *r)
{
	const char *op = jstr(j->payload, "op");
	const char *repo = jstr(j->settings, "repository");
	const char *api = jstr_nonempty(j->settings, "api_url");
	const char *ghsa = jstr_nonempty(j->payload, "ghsa_id");
	const json_t *rc = json_object_get(j->payload, "request_cve");
	struct gh *g;

	r->outcome = SEND_PERMANENT;
	if (op == NULL || (strcmp(op, "create") != 0 &&
	    strcmp(op, "update") != 0 && strcmp(op, "withdraw") != 0)) {
		snprintf(r->error, sizeof r->error, "the message's op must be "
		    "create, update or withdraw");
		return false;
	}
	if (!repository_ok(repo)) {
		snprintf(r->error, sizeof r->error, "the channel's repository "
		    "setting must be \"owner/repo\"");
		return false;
	}
	if (ghsa != NULL && !ghsa_ok(ghsa)) {
		snprintf(r->error, sizeof r->error, "the message's ghsa_id is "
		    "not a GHSA ID");
		return false;
	}
	if (ghsa == NULL && strcmp(op, "create") != 0 &&
	    jstr_nonempty(j->payload, "origin_key") == NULL) {
		snprintf(r->error, sizeof r->error, "no GHSA ID is known for "
		    "this advisory, so it cannot be %s (its first publication "
		    "to GitHub was not delivered)", strcmp(op, "update") == 0 ?
		    "updated" : "withdrawn");
		return false;
	}
	if (strcmp(op, "create") == 0 &&
	    (jstr_text(json_object_get(j->payload, "advisory"), "summary") ==
	    NULL || jstr_text(json_object_get(j->payload, "advisory"),
	    "description") == NULL)) {
		snprintf(r->error, sizeof r->error, "the advisory needs a "
		    "summary and a description");
		return false;
	}
	g = xcalloc(1, sizeof *g);
	j->priv = g;
	if (!send_secret(j, "token", "token", &g->token, r))
		return false;
	g->base = send_join_url(api != NULL ? api : "https://api.github.com",
	    "/repos/%s/security-advisories", repo);
	g->ghsa = xstrdup_or_null(ghsa);
	g->need_cve = json_is_boolean(rc) ? json_is_true(rc) :
	    json_is_true(json_object_get(j->settings, "request_cve"));
	if (jstr_nonempty(json_object_get(j->payload, "advisory"), "cve_id") !=
	    NULL)
		g->need_cve = false;
	g->marker = j->row != NULL ? j->row->idempotency_key : NULL;
	g->after = strcmp(op, "update") == 0 ? GH_UPDATE :
	    strcmp(op, "withdraw") == 0 ? GH_CLOSE : GH_PUBLISH;
	if (g->ghsa != NULL) {
		g->phase = g->after;
	} else if (g->after != GH_PUBLISH) {
		/* The first publication's row went, but its GHSA ID was not
		 * recorded: find the advisory by that row's marker. */
		g->marker = jstr(j->payload, "origin_key");
		g->phase = GH_LOOKUP;
	} else if (j->row != NULL && j->row->attempts > 1) {
		/* An earlier attempt may have created it before it failed. */
		g->phase = GH_LOOKUP;
	} else {
		g->phase = GH_CREATE;
	}
	return true;
}

/* ---- the requests ---- */

static enum status
gh_start(struct send_job *j, struct send_result *r, struct err *err)
{
	const char *key = j->row != NULL ? j->row->idempotency_key : NULL;
	const json_t *adv = json_object_get(j->payload, "advisory");
	struct gh *g = j->priv;
	const char *method = "PATCH";
	char *url = NULL, *body = NULL;
	json_t *o = NULL;
	struct curl_slist *h;

	(void)err;
	if (g == NULL && !gh_init(j, r))
		return ST_OK;
	g = j->priv;
	switch (g->phase) {
	case GH_LOOKUP:
		method = "GET";
		url = xasprintf("%s?per_page=100&sort=created&direction=desc",
		    g->base);
		break;
	case GH_CREATE:
		method = "POST";
		url = xstrdup(g->base);
		o = send_github_body(adv, key);
		if (json_object_get(o, "vulnerabilities") == NULL)
			jput(o, "vulnerabilities", json_array());
		break;
	case GH_PUBLISH:
		url = xasprintf("%s/%s", g->base, g->ghsa);
		o = json_pack("{s:s}", "state", "published");
		break;
	case GH_CVE:
		method = "POST";
		url = xasprintf("%s/%s/cve", g->base, g->ghsa);
		break;
	case GH_UPDATE:
		url = xasprintf("%s/%s", g->base, g->ghsa);
		/* The description keeps the first publication's marker, so
		 * the advisory can still be found by it. */
		if (jstr_nonempty(j->payload, "origin_key") != NULL)
			key = jstr(j->payload, "origin_key");
		o = send_github_body(adv, key);
		break;
	case GH_CLOSE:
		url = xasprintf("%s/%s", g->base, g->ghsa);
		o = json_pack("{s:s}", "state", "closed");
		break;
	}
	if (o != NULL)
		body = jdump(o, JSON_COMPACT);
	h = curl_slist_append(j->headers, "Accept: application/vnd.github+json");
	if (h == NULL || (h = curl_slist_append(h,
	    "X-GitHub-Api-Version: " API_VERSION)) == NULL)
		die("out of memory");
	j->headers = h;
	if (send_http_setup(j, method, url, body, r))
		send_http_auth(j, NULL, g->token);
	json_decref(o);
	free(body);
	free(url);
	return ST_OK;
}

static const char *
phase_doing(enum gh_phase p)
{
	switch (p) {
	case GH_LOOKUP:  return "look up the advisory an earlier attempt made";
	case GH_CREATE:  return "create the advisory";
	case GH_PUBLISH: return "publish the advisory";
	case GH_CVE:     return "request a CVE ID";
	case GH_UPDATE:  return "update the advisory";
	case GH_CLOSE:   return "close the advisory";
	}
	return "send";
}

/* The list in ANSWER (a lookup's): the advisory holding this row's
 * marker decides what comes next. Returns false (R filled) to stop. */
static bool
gh_found(struct gh *g, const json_t *answer, struct send_result *r)
{
	const char *state;
	const json_t *a;
	size_t i;

	json_array_foreach(answer, i, a) {
		if (!send_github_has_marker(jstr(a, "description"),
		    g->marker) || !ghsa_ok(jstr(a, "ghsa_id")))
			continue;
		g->ghsa = xstrdup(jstr(a, "ghsa_id"));
		g->is_found = true;
		if (g->after != GH_PUBLISH) {
			g->phase = g->after;
			return true;
		}
		state = jstr(a, "state") != NULL ? jstr(a, "state") : "";
		if (strcmp(state, "published") == 0) {
			if (jstr_nonempty(a, "cve_id") != NULL)
				g->need_cve = false;
			g->phase = GH_CVE;
			return g->need_cve;
		}
		if (strcmp(state, "closed") == 0 ||
		    strcmp(state, "withdrawn") == 0) {
			r->outcome = SEND_PERMANENT;
			snprintf(r->error, sizeof r->error, "%s, made by an "
			    "earlier attempt, is %s on GitHub: it is not "
			    "published again", g->ghsa, state);
			return false;
		}
		g->phase = GH_PUBLISH;
		return true;
	}
	if (g->after != GH_PUBLISH) {
		r->outcome = SEND_PERMANENT;
		snprintf(r->error, sizeof r->error, "no advisory in the "
		    "repository carries the marker herald:%s of the first "
		    "publication, so there is nothing to %s", g->marker,
		    g->after == GH_UPDATE ? "update" : "withdraw");
		return false;
	}
	g->phase = GH_CREATE;
	return true;
}

static void
gh_finish(struct send_job *j, CURLcode cc, struct send_result *r)
{
	struct gh *g = j->priv;
	json_t *answer = NULL;
	const char *ghsa;
	bool is_more = false;
	size_t n;
	long status;

	status = send_http_classify(j, cc, r);
	if (g == NULL)
		return;
	if (g->phase == GH_CVE && g->is_found && status == 422) {
		/* An earlier attempt asked already (GitHub shows no CVE ID
		 * until it assigns one): the advisory is out, which is what
		 * this row is for. */
		r->outcome = SEND_DELIVERED;
		r->error[0] = '\0';
	}
	if (r->outcome != SEND_DELIVERED) {
		/* Say which request of the attempt it was, and what is
		 * already done. */
		if (g->ghsa != NULL && g->phase == GH_CVE)
			send_error_context(r, "%s is published, but GitHub "
			    "did not take the CVE request", g->ghsa);
		else
			send_error_context(r, "could not %s%s%s",
			    phase_doing(g->phase), g->ghsa != NULL ? " " : "",
			    g->ghsa != NULL ? g->ghsa : "");
		n = strlen(r->error);
		if (g->phase == GH_CLOSE && r->outcome == SEND_PERMANENT)
			snprintf(r->error + n, sizeof r->error - n,
			    " (GitHub withdraws a published advisory on "
			    "request to GitHub Support)");
		return;
	}
	answer = send_answer(j);
	switch (g->phase) {
	case GH_LOOKUP:
		if (!json_is_array(answer)) {
			r->outcome = SEND_RETRY;
			snprintf(r->error, sizeof r->error, "GitHub's list of "
			    "advisories was not a JSON array");
			goto end;
		}
		is_more = gh_found(g, answer, r);
		if (r->outcome != SEND_DELIVERED)
			goto end;
		break;
	case GH_CREATE:
		ghsa = jstr(answer, "ghsa_id");
		if (!ghsa_ok(ghsa)) {
			/* It may exist all the same: the next attempt looks
			 * it up by its marker. */
			r->outcome = SEND_RETRY;
			snprintf(r->error, sizeof r->error, "GitHub's answer "
			    "to the create named no GHSA ID");
			goto end;
		}
		g->ghsa = xstrdup(ghsa);
		g->phase = GH_PUBLISH;
		is_more = true;
		break;
	case GH_PUBLISH:
		g->phase = GH_CVE;
		is_more = g->need_cve;
		break;
	case GH_CVE:
	case GH_UPDATE:
	case GH_CLOSE:
		break;
	}
	if (is_more) {
		r->outcome = SEND_AGAIN;
	} else {
		r->outcome = SEND_DELIVERED;
		r->external_ref = xstrdup(g->ghsa);
	}
end:
	json_decref(answer);
}

static void
gh_cleanup(struct send_job *j)
{
	struct gh *g = j->priv;

	if (g == NULL)
		return;
	secret_free(g->token);
	free(g->base);
	free(g->ghsa);
	free(g);
	j->priv = NULL;
}

const struct channel_driver driver_github = {
	"github", gh_start, gh_finish, gh_cleanup,
};
