/* tests/unit/test_send_http.c - what the HTTP drivers share, without a
 * network: how an exchange is judged, Retry-After, where plain http may
 * go, the HMAC signature, safe keys, the GitHub advisory body, and the
 * requests a driver sets up. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/testutil.h"

#include "core/driver.h"
#include "core/hash.h"
#include "core/text.h"
#include "util/xalloc.h"

/* ---- judging an exchange ---- */

struct judged {
	CURLcode          cc;
	long              status;
	const char       *headers;
	const char       *body;
	enum send_outcome outcome;
	int               retry_after;
	const char       *error;     /* occurs in the error; NULL: empty */
};

static void
test_classification_table(void **state)
{
	static const struct judged t[] = {
		{ CURLE_OK, 200, NULL, "{}", SEND_DELIVERED, 0, NULL },
		{ CURLE_OK, 201, NULL, NULL, SEND_DELIVERED, 0, NULL },
		{ CURLE_OK, 204, NULL, NULL, SEND_DELIVERED, 0, NULL },
		{ CURLE_OK, 500, NULL, "boom", SEND_RETRY, 0,
		    "HTTP 500: boom" },
		{ CURLE_OK, 502, NULL, NULL, SEND_RETRY, 0, "HTTP 502" },
		{ CURLE_OK, 503, "Retry-After: 7\r\n", "", SEND_RETRY, 7,
		    "HTTP 503" },
		{ CURLE_OK, 429, "HTTP/1.1 429 Too Many\r\nretry-after: "
		    "120\r\n\r\n", "slow down", SEND_RETRY, 120,
		    "HTTP 429: slow down" },
		{ CURLE_OK, 408, NULL, NULL, SEND_RETRY, 0, "HTTP 408" },
		{ CURLE_OK, 400, NULL, "bad\r\nrequest\there",
		    SEND_PERMANENT, 0, "HTTP 400: bad request here" },
		{ CURLE_OK, 401, NULL, "{\"message\":\"Bad credentials\","
		    "\"documentation_url\":\"https://x\"}", SEND_PERMANENT, 0,
		    "HTTP 401: Bad credentials" },
		{ CURLE_OK, 422, NULL, "{\"message\":\"Validation Failed\","
		    "\"errors\":[\"cvss_vector_string is invalid\"]}",
		    SEND_PERMANENT, 0, "HTTP 422: Validation Failed; "
		    "cvss_vector_string is invalid" },
		{ CURLE_OK, 422, NULL, "{\"message\":\"Validation Failed\","
		    "\"errors\":[{\"resource\":\"Advisory\",\"field\":"
		    "\"summary\",\"code\":\"missing_field\"}]}",
		    SEND_PERMANENT, 0, "Validation Failed; summary: "
		    "missing_field" },
		{ CURLE_OK, 400, NULL, "{\"errorMessages\":[],\"errors\":"
		    "{\"project\":\"project is required\"}}", SEND_PERMANENT,
		    0, "HTTP 400: project: project is required" },
		{ CURLE_OK, 403, NULL, "{\"error\":{\"message\":\"User Not "
		    "Authenticated\",\"detail\":\"Required to provide Auth "
		    "information\"},\"status\":\"failure\"}", SEND_PERMANENT,
		    0, "User Not Authenticated; Required to provide Auth" },
		{ CURLE_OK, 404, "Retry-After: 9\r\n", NULL, SEND_PERMANENT, 0,
		    "HTTP 404" },
		{ CURLE_OK, 301, "Location: https://new.example/hook\r\n",
		    NULL, SEND_PERMANENT, 0, "redirect to "
		    "https://new.example/hook" },
		{ CURLE_OPERATION_TIMEDOUT, 0, NULL, NULL, SEND_RETRY, 0,
		    "timeout" },
		{ CURLE_COULDNT_CONNECT, 0, NULL, NULL, SEND_RETRY, 0,
		    "could not connect" },
		{ CURLE_COULDNT_RESOLVE_HOST, 0, NULL, NULL, SEND_RETRY, 0,
		    "resolve" },
		{ CURLE_GOT_NOTHING, 0, NULL, NULL, SEND_RETRY, 0,
		    "without an answer" },
		{ CURLE_RECV_ERROR, 0, NULL, NULL, SEND_RETRY, 0, NULL },
		{ CURLE_PEER_FAILED_VERIFICATION, 0, NULL, NULL,
		    SEND_PERMANENT, 0, "ca_file" },
		{ CURLE_UNSUPPORTED_PROTOCOL, 0, NULL, NULL, SEND_PERMANENT, 0,
		    NULL },
	};
	struct send_result r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&r, 0, sizeof r);
		send_http_judge(t[i].cc, t[i].status, t[i].headers, t[i].body,
		    TU_NOW, &r);
		if (r.outcome != t[i].outcome ||
		    r.retry_after != t[i].retry_after ||
		    (t[i].error != NULL && strstr(r.error, t[i].error) ==
		    NULL) || (t[i].error == NULL &&
		    t[i].outcome == SEND_DELIVERED && r.error[0] != '\0'))
			fail_msg("row %zu (cc %d, HTTP %ld): outcome %d, "
			    "retry after %d, error \"%s\"", i, (int)t[i].cc,
			    t[i].status, (int)r.outcome, r.retry_after,
			    r.error);
		/* Whatever went wrong, the error is one line. */
		assert_null(strchr(r.error, '\n'));
		assert_null(strchr(r.error, '\r'));
	}
}

static void
test_server_words_are_cut(void **state)
{
	char body[2000];
	struct send_result r = { 0 };
	const char *words;

	(void)state;
	memset(body, 'x', sizeof body - 1);
	body[sizeof body - 1] = '\0';
	send_http_judge(CURLE_OK, 400, NULL, body, TU_NOW, &r);
	assert_int_equal(r.outcome, SEND_PERMANENT);
	words = strstr(r.error, ": ") + 2;
	/* The first bytes only, and a sign that there was more. */
	assert_true(strlen(words) <= SEND_WORDS_MAX);
	assert_true(strlen(words) >= SEND_WORDS_MAX - 10);
	assert_non_null(strstr(words, TEXT_ELLIPSIS));
}

/* ---- Retry-After ---- */

static void
test_retry_after(void **state)
{
	(void)state;
	/* TU_NOW is Sun, 01 Mar 2026 12:00:00 GMT. */
	assert_int_equal(send_http_retry_after("Retry-After: 30\r\n", TU_NOW),
	    30);
	assert_int_equal(send_http_retry_after("RETRY-AFTER:5\n", TU_NOW), 5);
	assert_int_equal(send_http_retry_after("Retry-After: Sun, 01 Mar 2026 "
	    "12:02:00 GMT\r\n", TU_NOW), 120);
	/* RFC 850 and asctime dates are HTTP-dates too. */
	assert_int_equal(send_http_retry_after("Retry-After: Sunday, 01-Mar-26 "
	    "13:00:00 GMT\r\n", TU_NOW), 3600);
	assert_int_equal(send_http_retry_after("Retry-After: Sun Mar  1 "
	    "12:00:10 2026\r\n", TU_NOW), 10);
	/* A time gone by, or 0: a little wait, not the backoff. */
	assert_int_equal(send_http_retry_after("Retry-After: Sat, 28 Feb 2026 "
	    "12:00:00 GMT\r\n", TU_NOW), 1);
	assert_int_equal(send_http_retry_after("Retry-After: 0\r\n", TU_NOW),
	    1);
	/* No more than a day, however long it asks for. */
	assert_int_equal(send_http_retry_after("Retry-After: "
	    "99999999999999999999\r\n", TU_NOW), SEND_RETRY_AFTER_MAX);
	assert_int_equal(send_http_retry_after("Retry-After: Fri, 01 Mar 2030 "
	    "12:00:00 GMT\r\n", TU_NOW), SEND_RETRY_AFTER_MAX);
	/* The last one counts, when there were several responses. */
	assert_int_equal(send_http_retry_after("HTTP/1.1 503 x\r\n"
	    "Retry-After: 3\r\n\r\nHTTP/1.1 429 y\r\nRetry-After: 4\r\n",
	    TU_NOW), 4);
	/* None, or nonsense: the backoff. */
	assert_int_equal(send_http_retry_after(NULL, TU_NOW), 0);
	assert_int_equal(send_http_retry_after("", TU_NOW), 0);
	assert_int_equal(send_http_retry_after("X-Retry-After: 5\r\n", TU_NOW),
	    0);
	assert_int_equal(send_http_retry_after("Retry-After: -5\r\n", TU_NOW),
	    0);
	assert_int_equal(send_http_retry_after("Retry-After: 5 s\r\n", TU_NOW),
	    0);
	assert_int_equal(send_http_retry_after("Retry-After: soon\r\n",
	    TU_NOW), 0);
	assert_int_equal(send_http_retry_after("Retry-After:\r\n", TU_NOW), 0);
}

/* ---- where plain http may go ---- */

static void
test_loopback_rules(void **state)
{
	static const char *const ok[] = {
		"https://hooks.example.com/services/T1",
		"https://example.com:8443/x?y=1",
		"http://127.0.0.1:8080/hook",
		"http://127.0.0.2/hook",
		"http://localhost:9/x",
		"http://LOCALHOST/x",
		"http://[::1]:8080/x",
		"HTTPS://example.com/",
	};
	static const struct {
		const char *url, *why;
	} bad[] = {
		{ "http://example.com/hook", "only to a loopback host" },
		{ "http://127.0.0.1.example.com/x", "loopback" },
		{ "http://128.0.0.1/x", "loopback" },
		{ "http://10.0.0.1/x", "not to 10.0.0.1" },
		{ "ftp://127.0.0.1/x", "not ftp" },
		{ "file:///etc/passwd", "not a URL with a scheme and a host" },
		{ "127.0.0.1:8080/hook", "scheme" },
		{ "https://user:pw@example.com/x", "never in its URL" },
		{ "", "no url setting" },
		{ NULL, "no url setting" },
	};
	char why[SEND_ERROR_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (!send_http_url_ok(ok[i], why, sizeof why))
			fail_msg("%s refused: %s", ok[i], why);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why[0] = '\0';
		if (send_http_url_ok(bad[i].url, why, sizeof why))
			fail_msg("%s allowed", bad[i].url);
		if (strstr(why, bad[i].why) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", bad[i].url, why,
			    bad[i].why);
	}
}

/* ---- HMAC and keys ---- */

static void
test_hmac_known_answer(void **state)
{
	char hex[HASH_HEX_SIZE];

	(void)state;
	/* RFC 4231, test case 2. */
	send_hmac_sha256_hex("Jefe", "what do ya want for nothing?", 28, hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
	/* The bytes given, all of them, not up to a NUL. */
	send_hmac_sha256_hex("k", "a\0b", 3, hex);
	assert_string_not_equal(hex, "");
	{
		char one[HASH_HEX_SIZE];

		send_hmac_sha256_hex("k", "a", 1, one);
		assert_string_not_equal(hex, one);
	}
}

static void
test_safe_key(void **state)
{
	char *a, *b, *c;

	(void)state;
	a = send_safe_key("herald-", "c12-r2-publish-ticket-ch3_x.y", 255);
	assert_string_equal(a, "herald-c12-r2-publish-ticket-ch3_x.y");
	free(a);
	/* What a label or a query cannot hold: a hash, the same each time,
	 * different for another key. */
	a = send_safe_key("herald-", "a\"b c", 255);
	b = send_safe_key("herald-", "a\"b c", 255);
	c = send_safe_key("herald-", "a\"b d", 255);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), strlen("herald-") + 32);
	assert_int_equal(strspn(a + 7, "0123456789abcdef"), 32);
	free(a);
	free(b);
	free(c);
	/* Too long for the field: hashed too. */
	a = send_safe_key("", "eol-ticket-cy5-cu7-ch2-"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxx", 100);
	assert_int_equal(strlen(a), 32);
	free(a);
}

/* ---- the GitHub advisory body ---- */

static void
test_github_body_vector_or_severity(void **state)
{
	json_t *adv, *body;
	const char *desc;

	(void)state;
	adv = tu_json_load("{\"summary\": \"RCE in widget\","
	    " \"description\": \"Upgrade.\", \"cve_id\": \"CVE-2026-1234\","
	    " \"severity\": \"critical\", \"cvss_vector_string\":"
	    " \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\","
	    " \"private_note\": \"not for GitHub\","
	    " \"vulnerabilities\": [{\"package\": {\"ecosystem\": \"npm\","
	    " \"name\": \"widget\", \"extra\": 1}, \"vulnerable_version_range\":"
	    " \"< 2.4.1\", \"patched_versions\": \"2.4.1\", \"x\": true}],"
	    " \"credits\": [{\"login\": \"octocat\", \"type\": \"finder\"},"
	    " {\"name\": \"A. Person\"}, {\"login\": \"hubot\"}]}");
	body = send_github_body(adv, "c1-r1-publish-github-ch2");
	/* The vector, never both. */
	assert_string_equal(tu_json_str(body, "cvss_vector_string"),
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	assert_null(json_object_get(body, "severity"));
	assert_string_equal(tu_json_str(body, "summary"), "RCE in widget");
	assert_string_equal(tu_json_str(body, "cve_id"), "CVE-2026-1234");
	assert_null(json_object_get(body, "private_note"));
	assert_string_equal(tu_json_str(body,
	    "vulnerabilities/0/package/name"), "widget");
	assert_string_equal(tu_json_str(body,
	    "vulnerabilities/0/package/ecosystem"), "npm");
	assert_null(tu_json_node(body, "vulnerabilities/0/package/extra"));
	assert_null(tu_json_node(body, "vulnerabilities/0/x"));
	assert_string_equal(tu_json_str(body,
	    "vulnerabilities/0/vulnerable_version_range"), "< 2.4.1");
	assert_string_equal(tu_json_str(body,
	    "vulnerabilities/0/patched_versions"), "2.4.1");
	/* Credits name GitHub accounts; the others stay in the text. */
	assert_int_equal(json_array_size(json_object_get(body, "credits")), 2);
	assert_string_equal(tu_json_str(body, "credits/0/login"), "octocat");
	assert_string_equal(tu_json_str(body, "credits/0/type"), "finder");
	assert_string_equal(tu_json_str(body, "credits/1/type"), "other");
	/* The marker a later attempt finds it by. */
	desc = tu_json_str(body, "description");
	assert_non_null(desc);
	assert_int_equal(strncmp(desc, "Upgrade.\n\n", 10), 0);
	assert_true(send_github_has_marker(desc, "c1-r1-publish-github-ch2"));
	json_decref(body);

	/* Without a vector: the severity. */
	json_object_del(adv, "cvss_vector_string");
	body = send_github_body(adv, NULL);
	assert_string_equal(tu_json_str(body, "severity"), "critical");
	assert_null(json_object_get(body, "cvss_vector_string"));
	assert_string_equal(tu_json_str(body, "description"), "Upgrade.");
	json_decref(body);

	/* An empty vector is none. */
	json_object_set_new(adv, "cvss_vector_string", json_string(""));
	body = send_github_body(adv, NULL);
	assert_string_equal(tu_json_str(body, "severity"), "critical");
	assert_null(json_object_get(body, "cvss_vector_string"));
	json_decref(body);
	json_decref(adv);
}

static void
test_github_marker(void **state)
{
	(void)state;
	assert_true(send_github_has_marker("x\n\n<!-- herald:k-1 -->", "k-1"));
	assert_true(send_github_has_marker("herald:k-1", "k-1"));
	/* Another key that starts alike is another advisory. */
	assert_false(send_github_has_marker("<!-- herald:k-10 -->", "k-1"));
	assert_false(send_github_has_marker("<!-- herald:k-1x -->", "k-1"));
	assert_true(send_github_has_marker("herald:k-10 and herald:k-1 -->",
	    "k-1"));
	assert_false(send_github_has_marker("<!-- herald:k-2 -->", "k-1"));
	assert_false(send_github_has_marker(NULL, "k-1"));
	assert_false(send_github_has_marker("herald:", ""));
}

/* ---- requests the drivers set up ---- */

struct job_fx {
	struct outbox_row row;
	struct send_job   j;
	struct send_result r;
};

static void
job_init(struct job_fx *f, const char *settings, const char *payload,
    int attempts)
{
	static char key[] = "c7-r1-publish-hook-ch1";

	memset(f, 0, sizeof *f);
	f->row.id = 1;
	f->row.idempotency_key = key;
	f->row.attempts = attempts;
	f->j.row = &f->row;
	f->j.settings = tu_json_load(settings);
	f->j.payload = tu_json_load(payload);
	f->j.timeout_s = 5;
}

static void
job_free(struct job_fx *f, const struct channel_driver *d)
{
	d->cleanup(&f->j);
	if (f->j.easy != NULL)
		curl_easy_cleanup(f->j.easy);
	curl_slist_free_all(f->j.headers);
	free(f->j.request_body);
	json_decref(f->j.settings);
	json_decref(f->j.payload);
	send_result_clear(&f->r);
}

static const char *
header(const struct curl_slist *h, const char *name)
{
	size_t n = strlen(name);

	for (; h != NULL; h = h->next)
		if (strncmp(h->data, name, n) == 0 && h->data[n] == ':')
			return h->data + n + 1 + (h->data[n + 1] == ' ');
	return NULL;
}

static void
test_setup_headers(void **state)
{
	static char evil[] = "a b\r\nX-Evil: 1";
	struct job_fx f;

	(void)state;
	job_init(&f, "{\"ca_file\": \"/nonexistent/ca.pem\"}", "{}", 1);
	assert_true(send_http_setup(&f.j, "PATCH", "http://127.0.0.1:9/x",
	    "{\"a\":1}", &f.r));
	assert_non_null(f.j.easy);
	assert_string_equal(header(f.j.headers, "Idempotency-Key"),
	    "c7-r1-publish-hook-ch1");
	assert_string_equal(header(f.j.headers, "Content-Type"),
	    "application/json");
	assert_string_equal(f.j.request_body, "{\"a\":1}");
	job_free(&f, &driver_webhook);

	/* Refused before any handle exists. */
	job_init(&f, "{}", "{}", 1);
	assert_false(send_http_setup(&f.j, NULL, "http://example.com/x", NULL,
	    &f.r));
	assert_null(f.j.easy);
	assert_int_equal(f.r.outcome, SEND_PERMANENT);
	assert_non_null(strstr(f.r.error, "loopback"));
	job_free(&f, &driver_webhook);

	/* A key no header may hold. */
	job_init(&f, "{}", "{}", 1);
	f.row.idempotency_key = evil;
	assert_false(send_http_setup(&f.j, NULL, "https://example.com/x", NULL,
	    &f.r));
	assert_int_equal(f.r.outcome, SEND_PERMANENT);
	assert_null(f.j.headers);
	job_free(&f, &driver_webhook);
}

static void
test_webhook_signs_the_bytes_it_sends(void **state)
{
	struct job_fx f;
	struct err err = { 0 };
	char hex[HASH_HEX_SIZE], *want;

	(void)state;
	setenv("TEST_HOOK_SECRET", "s3cret", 1);
	job_init(&f, "{\"url\": \"http://127.0.0.1:9/hook\","
	    " \"secret_env\": \"TEST_HOOK_SECRET\"}",
	    "{\"body\": {\"text\": \"Advisory \\u00e9 <b>\", \"herald\":"
	    " {\"id\": 7, \"z\": [1, 2.5, null]}}}", 1);
	assert_int_equal(driver_webhook.start(&f.j, &f.r, &err), ST_OK);
	assert_non_null(f.j.easy);
	assert_non_null(f.j.request_body);
	/* The body is the payload's, its keys in their order. */
	assert_string_equal(f.j.request_body, "{\"text\":\"Advisory \xc3\xa9 "
	    "<b>\",\"herald\":{\"id\":7,\"z\":[1,2.5,null]}}");
	send_hmac_sha256_hex("s3cret", f.j.request_body,
	    strlen(f.j.request_body), hex);
	want = xasprintf("sha256=%s", hex);
	assert_string_equal(header(f.j.headers, "X-Herald-Signature"), want);
	free(want);
	/* The secret is in no header. */
	{
		const struct curl_slist *h;

		for (h = f.j.headers; h != NULL; h = h->next)
			assert_null(strstr(h->data, "s3cret"));
	}
	job_free(&f, &driver_webhook);

	/* No secret: it does not go unsigned. */
	job_init(&f, "{\"url\": \"http://127.0.0.1:9/hook\"}",
	    "{\"body\": {\"text\": \"x\"}}", 1);
	assert_int_equal(driver_webhook.start(&f.j, &f.r, &err), ST_OK);
	assert_null(f.j.easy);
	assert_int_equal(f.r.outcome, SEND_PERMANENT);
	assert_non_null(strstr(f.r.error, "no secret"));
	job_free(&f, &driver_webhook);

	/* No body. */
	job_init(&f, "{\"url\": \"http://127.0.0.1:9/hook\","
	    " \"secret_env\": \"TEST_HOOK_SECRET\"}", "{\"text\": \"x\"}", 1);
	assert_int_equal(driver_webhook.start(&f.j, &f.r, &err), ST_OK);
	assert_null(f.j.easy);
	assert_int_equal(f.r.outcome, SEND_PERMANENT);
	job_free(&f, &driver_webhook);
	unsetenv("TEST_HOOK_SECRET");
}

static void
test_drivers_refuse_bad_settings(void **state)
{
	static const struct {
		const struct channel_driver *d;
		const char *settings, *payload, *why;
	} t[] = {
		{ &driver_github, "{\"repository\": \"owner\","
		    " \"token_env\": \"TEST_TOKEN\"}",
		    "{\"op\": \"create\", \"advisory\": {\"summary\": \"s\","
		    " \"description\": \"d\"}}", "owner/repo" },
		{ &driver_github, "{\"repository\": \"o/r/x\","
		    " \"token_env\": \"TEST_TOKEN\"}",
		    "{\"op\": \"create\", \"advisory\": {\"summary\": \"s\","
		    " \"description\": \"d\"}}", "owner/repo" },
		{ &driver_github, "{\"repository\": \"o/r\","
		    " \"token_env\": \"TEST_TOKEN\"}",
		    "{\"op\": \"delete\"}", "create, update or withdraw" },
		{ &driver_github, "{\"repository\": \"o/r\","
		    " \"token_env\": \"TEST_TOKEN\"}",
		    "{\"op\": \"update\", \"advisory\": {}}", "no GHSA ID" },
		{ &driver_github, "{\"repository\": \"o/r\","
		    " \"token_env\": \"TEST_TOKEN\"}",
		    "{\"op\": \"withdraw\", \"ghsa_id\": \"GHSA-x/../y\"}",
		    "not a GHSA ID" },
		{ &driver_github, "{\"repository\": \"o/r\","
		    " \"token_env\": \"TEST_TOKEN\"}",
		    "{\"op\": \"create\", \"advisory\": {\"summary\": \"s\"}}",
		    "summary and a description" },
		{ &driver_github, "{\"repository\": \"o/r\"}",
		    "{\"op\": \"create\", \"advisory\": {\"summary\": \"s\","
		    " \"description\": \"d\"}}", "no token" },
		{ &driver_github, "{\"repository\": \"o/r\", \"api_url\":"
		    " \"http://api.example.com\", \"token_env\": \"TEST_TOKEN\"}",
		    "{\"op\": \"create\", \"advisory\": {\"summary\": \"s\","
		    " \"description\": \"d\"}}", "loopback" },
		{ &driver_jira, "{\"url\": \"https://jira.example.com\","
		    " \"token_env\": \"TEST_TOKEN\"}",
		    "{\"summary\": \"s\"}", "url and project" },
		{ &driver_jira, "{\"url\": \"https://jira.example.com\","
		    " \"project\": \"OPS\"}", "{\"summary\": \"s\"}",
		    "no token" },
		{ &driver_jira, "{\"url\": \"https://jira.example.com\","
		    " \"project\": \"OPS\", \"token_env\": \"TEST_TOKEN\"}",
		    "{\"description\": \"d\"}", "no summary" },
		{ &driver_servicenow, "{\"url\": \"https://x.service-now.com\","
		    " \"password_env\": \"TEST_TOKEN\"}",
		    "{\"summary\": \"s\"}", "url and username" },
		{ &driver_servicenow, "{\"url\": \"https://x.service-now.com\","
		    " \"username\": \"u\", \"table\": \"incident?x=1\","
		    " \"password_env\": \"TEST_TOKEN\"}",
		    "{\"summary\": \"s\"}", "table name" },
		{ &driver_servicenow, "{\"url\": \"https://x.service-now.com\","
		    " \"username\": \"u\"}", "{\"summary\": \"s\"}",
		    "no password" },
	};
	struct job_fx f;
	struct err err = { 0 };
	size_t i;

	(void)state;
	setenv("TEST_TOKEN", "Zq9-never-shown", 1);
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		job_init(&f, t[i].settings, t[i].payload, 1);
		assert_int_equal(t[i].d->start(&f.j, &f.r, &err), ST_OK);
		if (f.j.easy != NULL || f.r.outcome != SEND_PERMANENT ||
		    strstr(f.r.error, t[i].why) == NULL)
			fail_msg("row %zu (%s): outcome %d, \"%s\"", i,
			    t[i].d->kind, (int)f.r.outcome, f.r.error);
		assert_null(strstr(f.r.error, "Zq9"));
		job_free(&f, t[i].d);
	}
	unsetenv("TEST_TOKEN");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classification_table),
		cmocka_unit_test(test_server_words_are_cut),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_loopback_rules),
		cmocka_unit_test(test_hmac_known_answer),
		cmocka_unit_test(test_safe_key),
		cmocka_unit_test(test_github_body_vector_or_severity),
		cmocka_unit_test(test_github_marker),
		cmocka_unit_test(test_setup_headers),
		cmocka_unit_test(test_webhook_signs_the_bytes_it_sends),
		cmocka_unit_test(test_drivers_refuse_bad_settings),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
