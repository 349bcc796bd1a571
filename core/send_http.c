/* core/send_http.c - what every HTTP driver shares: the easy handle's
 * set-up (TLS on, plain http to loopback only, no redirects, the
 * idempotency key), how an exchange is judged (retry, give up, done),
 * Retry-After, the server's words in an error, and HMAC signatures. */
#include "config.h"

#include "core/driver.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/hash.h"
#include "core/secret.h"
#include "core/text.h"
#include "util/xalloc.h"

#define USER_AGENT "herald/" PACKAGE_VERSION

/* ---- Retry-After ---- */

/* The value of the last header NAME in the header lines HEADERS, without
 * the white space around it, or NULL. Allocated. */
static char *
header_value(const char *headers, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = headers, *eol, *v, *e;
	char *found = NULL;

	while (p != NULL && *p != '\0') {
		eol = strchr(p, '\n');
		e = eol != NULL ? eol : p + strlen(p);
		if ((size_t)(e - p) > nlen && strncasecmp(p, name, nlen) == 0 &&
		    p[nlen] == ':') {
			v = p + nlen + 1;
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			while (e > v && text_is_space((unsigned char)e[-1]))
				e--;
			free(found);
			found = xstrndup(v, (size_t)(e - v));
		}
		p = eol != NULL ? eol + 1 : NULL;
	}
	return found;
}

int
send_http_retry_after(const char *headers, time_t now)
{
	char *v = header_value(headers, "Retry-After");
	long long secs = 0;
	const char *p;
	time_t t;

	if (v == NULL || *v == '\0')
		goto end;
	for (p = v; text_is_digit((unsigned char)*p); p++)
		if (secs <= SEND_RETRY_AFTER_MAX)
			secs = secs * 10 + (*p - '0');
	if (*p != '\0') {
		/* Not delta-seconds: an HTTP-date (RFC 9110 section 10.2.3;
		 * curl_getdate() reads the three forms it allows). */
		secs = 0;
		if (p != v || (t = curl_getdate(v, NULL)) == -1)
			goto end;
		secs = (long long)t - (long long)now;
	}
	/* "Now" or a time gone by still means "wait a little", not "use the
	 * backoff". */
	if (secs < 1)
		secs = 1;
	if (secs > SEND_RETRY_AFTER_MAX)
		secs = SEND_RETRY_AFTER_MAX;
end:
	free(v);
	return (int)secs;
}

/* ---- the server's words ---- */

static void
words_add(struct textbuf *b, const char *s)
{
	if (text_nonblank(s) == NULL)
		return;
	if (b->len > 0)
		textbuf_str(b, "; ");
	textbuf_str(b, s);
}

/* What a JSON error body says, in the shapes GitHub ("message",
 * "errors" of strings or of objects), Jira ("errorMessages", "errors" by
 * field) and ServiceNow ("error": {"message", "detail"}) use. */
static void
words_json(struct textbuf *b, const json_t *o)
{
	const json_t *errs, *v, *e;
	const char *field;
	size_t i;

	words_add(b, jstr(o, "message"));
	json_array_foreach(json_object_get(o, "errorMessages"), i, v)
		words_add(b, json_string_value(v));
	errs = json_object_get(o, "errors");
	if (json_is_array(errs)) {
		json_array_foreach(errs, i, v) {
			if (json_is_string(v)) {
				words_add(b, json_string_value(v));
			} else if (jstr(v, "message") != NULL) {
				words_add(b, jstr(v, "message"));
			} else if (jstr(v, "field") != NULL) {
				if (b->len > 0)
					textbuf_str(b, "; ");
				textbuf_printf(b, "%s: %s", jstr(v, "field"),
				    jstr(v, "code") != NULL ? jstr(v, "code") :
				    "invalid");
			}
		}
	} else if (json_is_object(errs)) {
		json_object_foreach((json_t *)errs, field, v) {
			if (!json_is_string(v))
				continue;
			if (b->len > 0)
				textbuf_str(b, "; ");
			textbuf_printf(b, "%s: %s", field, json_string_value(v));
		}
	}
	e = json_object_get(o, "error");
	if (json_is_string(e)) {
		words_add(b, json_string_value(e));
	} else if (json_is_object(e)) {
		words_add(b, jstr(e, "message"));
		words_add(b, jstr(e, "detail"));
	}
}

/* The first SEND_WORDS_MAX bytes of what the server said in BODY, on one
 * line: the messages of a JSON error body, else the body itself. Never
 * NULL; allocated. */
static char *
server_words(const char *body)
{
	struct textbuf b = { 0 };
	json_t *o = NULL;
	char *line, *cut;

	if (body != NULL && *body == '{')
		o = json_loads(body, 0, NULL);
	if (json_is_object(o))
		words_json(&b, o);
	json_decref(o);
	line = text_line(b.len > 0 ? b.p : body);
	textbuf_clear(&b);
	cut = text_cut_bytes(line, SEND_WORDS_MAX);
	free(line);
	return cut;
}

/* ---- judging an exchange ---- */

/* A transfer error no retry can mend: the channel's settings must change. */
static bool
transfer_is_permanent(CURLcode cc)
{
	switch (cc) {
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return true;
	default:
		return false;
	}
}

static const char *
transfer_words(CURLcode cc)
{
	switch (cc) {
	case CURLE_OPERATION_TIMEDOUT:
		return "no answer in the time allowed (timeout)";
	case CURLE_COULDNT_CONNECT:
		return "could not connect";
	case CURLE_COULDNT_RESOLVE_HOST:
		return "could not resolve the host name";
	case CURLE_GOT_NOTHING:
		return "the server closed the connection without an answer";
	case CURLE_PEER_FAILED_VERIFICATION:
		return "the server's certificate could not be verified (a "
		    "private CA is named by the channel's ca_file setting)";
	default:
		return curl_easy_strerror(cc);
	}
}

void
send_http_judge(CURLcode cc, long status, const char *headers,
    const char *body, time_t now, struct send_result *r)
{
	char *words = NULL, *loc = NULL, *where;

	r->retry_after = 0;
	r->error[0] = '\0';
	if (cc != CURLE_OK) {
		r->outcome = transfer_is_permanent(cc) ? SEND_PERMANENT :
		    SEND_RETRY;
		snprintf(r->error, sizeof r->error, "%s", transfer_words(cc));
		return;
	}
	if (status >= 200 && status <= 299) {
		r->outcome = SEND_DELIVERED;
		return;
	}
	words = server_words(body);
	if (status == 408 || status == 429 || status >= 500 || status < 100) {
		/* The far end is busy or broken for now: wait as it asks, or
		 * the backoff. */
		r->outcome = SEND_RETRY;
		r->retry_after = send_http_retry_after(headers, now);
		if (status < 100)
			snprintf(r->error, sizeof r->error, "no HTTP answer");
		else
			snprintf(r->error, sizeof r->error, "HTTP %ld%s%s",
			    status, *words != '\0' ? ": " : "", words);
		goto end;
	}
	r->outcome = SEND_PERMANENT;
	if (status >= 300 && status <= 399) {
		loc = header_value(headers, "Location");
		where = server_words(loc);
		snprintf(r->error, sizeof r->error, "HTTP %ld: a redirect to "
		    "%s, which is not followed (set the channel's URL to the "
		    "new address)", status, *where != '\0' ? where :
		    "elsewhere");
		free(where);
		goto end;
	}
	snprintf(r->error, sizeof r->error, "HTTP %ld%s%s", status,
	    *words != '\0' ? ": " : "", words);
end:
	free(loc);
	free(words);
}

long
send_http_classify(struct send_job *j, CURLcode cc, struct send_result *r)
{
	char *url = NULL, *host = NULL, msg[SEND_ERROR_MAX];
	long status = 0;
	CURLU *u;

	if (j->easy != NULL)
		curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
	send_http_judge(cc, status, j->resp_headers.p, j->response.p,
	    clock_now(), r);
	if (cc == CURLE_OK || j->easy == NULL)
		return status;
	/* A transfer error says which server it was, never the path or
	 * query (what they hold is nobody's business in a log). */
	curl_easy_getinfo(j->easy, CURLINFO_EFFECTIVE_URL, &url);
	if ((u = curl_url()) != NULL && url != NULL &&
	    curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		snprintf(msg, sizeof msg, "%s: %s", host, r->error);
		snprintf(r->error, sizeof r->error, "%s", msg);
	}
	if (cc == CURLE_OPERATION_TIMEDOUT)
		snprintf(r->error, sizeof r->error, "%s: no answer within %d s "
		    "(timeout)", host != NULL ? host : "the server",
		    j->timeout_s > 0 ? j->timeout_s : 60);
	curl_free(host);
	curl_url_cleanup(u);
	return status;
}

/* ---- where a request may go ---- */

bool
send_host_is_loopback(const char *host)
{
	unsigned char a4[4];

	if (strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0 ||
	    strcmp(host, "::1") == 0)
		return true;
	return inet_pton(AF_INET, host, a4) == 1 && a4[0] == 127;
}

bool
send_http_url_ok(const char *url, char *why, size_t n)
{
	char *scheme = NULL, *host = NULL, *user = NULL;
	CURLU *u = NULL;
	bool ok = false;

	if (text_nonblank(url) == NULL) {
		snprintf(why, n, "the channel has no url setting");
		goto end;
	}
	if ((u = curl_url()) == NULL)
		die("out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		snprintf(why, n, "the url setting is not a URL with a scheme "
		    "and a host");
		goto end;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
		snprintf(why, n, "the url setting holds a user name: "
		    "credentials go in the channel's username and secret "
		    "settings, never in its URL");
		goto end;
	}
	if (strcmp(scheme, "https") == 0) {
		ok = true;
	} else if (strcmp(scheme, "http") == 0) {
		ok = send_host_is_loopback(host);
		if (!ok)
			snprintf(why, n, "plain http is allowed only to a "
			    "loopback host (127.0.0.1, ::1, localhost), not "
			    "to %s: use https", host);
	} else {
		snprintf(why, n, "the url setting must be https (or http to "
		    "a loopback host), not %s", scheme);
	}
end:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_url_cleanup(u);
	return ok;
}

/* Whether J->headers already holds header NAME (the driver's own). */
static bool
has_header(const struct curl_slist *h, const char *name)
{
	size_t n = strlen(name);

	for (; h != NULL; h = h->next)
		if (strncasecmp(h->data, name, n) == 0 && h->data[n] == ':')
			return true;
	return false;
}

static void
add_header(struct send_job *j, const char *line)
{
	struct curl_slist *l = curl_slist_append(j->headers, line);

	if (l == NULL)
		die("out of memory");
	j->headers = l;
}

/* Whether KEY may stand in a header as it is: printable ASCII, no space. */
static bool
key_is_printable(const char *key)
{
	const unsigned char *p = (const unsigned char *)key;

	if (key == NULL || *key == '\0')
		return false;
	for (; *p != '\0'; p++)
		if (*p < 0x21 || *p > 0x7e)
			return false;
	return true;
}

bool
send_http_setup(struct send_job *j, const char *method, const char *url,
    const char *body, struct send_result *r)
{
	const char *key = j->row != NULL ? j->row->idempotency_key : NULL;
	const char *ca = jstr_nonempty(j->settings, "ca_file");
	long timeout = j->timeout_s > 0 ? j->timeout_s : 60;
	char *line;
	CURL *e;

	if (!send_http_url_ok(url, r->error, sizeof r->error)) {
		r->outcome = SEND_PERMANENT;
		return false;
	}
	if (key != NULL && !key_is_printable(key)) {
		r->outcome = SEND_PERMANENT;
		snprintf(r->error, sizeof r->error, "the message's idempotency "
		    "key is not printable ASCII without spaces");
		return false;
	}
	if ((e = curl_easy_init()) == NULL)
		die("out of memory");
	j->easy = e;
	curl_easy_setopt(e, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, timeout < 30 ? timeout :
	    30L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca != NULL)
		curl_easy_setopt(e, CURLOPT_CAINFO, ca);
	/* A proxy of the environment never sees what goes to loopback. */
	curl_easy_setopt(e, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
	curl_easy_setopt(e, CURLOPT_USERAGENT, USER_AGENT);
	if (key != NULL) {
		line = xasprintf("Idempotency-Key: %s", key);
		add_header(j, line);
		free(line);
	}
	if (!has_header(j->headers, "Accept"))
		add_header(j, "Accept: application/json");
	/* No "100 Continue" round trip before a larger body. */
	add_header(j, "Expect:");
	if (method == NULL)
		method = body != NULL ? "POST" : "GET";
	if (body != NULL) {
		if (!has_header(j->headers, "Content-Type"))
			add_header(j, "Content-Type: application/json");
		free(j->request_body);
		j->request_body = xstrdup(body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, j->request_body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)strlen(j->request_body));
	}
	if (strcmp(method, "GET") == 0)
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	else if (strcmp(method, "POST") != 0)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	else if (body == NULL)
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, "");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
	return true;
}

/* ---- signatures and keys ---- */

void
send_hmac_sha256_hex(const char *key, const void *data, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	if (HMAC(EVP_sha256(), key, (int)strlen(key), data, n, mac, &len) ==
	    NULL)
		die("HMAC-SHA256 failed");
	for (i = 0; i < len && i < 32; i++) {
		hex[2 * i] = digits[mac[i] >> 4];
		hex[2 * i + 1] = digits[mac[i] & 15];
	}
	hex[2 * i] = '\0';
}

char *
send_safe_key(const char *prefix, const char *key, size_t max)
{
	char hex[HASH_HEX_SIZE];
	const char *p;
	bool is_safe = strlen(prefix) + strlen(key) <= max && *key != '\0';

	for (p = key; is_safe && *p != '\0'; p++)
		is_safe = text_is_alnum((unsigned char)*p) || *p == '.' ||
		    *p == '_' || *p == '-';
	if (is_safe)
		return xasprintf("%s%s", prefix, key);
	/* Still one value per key, and the same one each time. */
	hash_sha256_hex(key, strlen(key), hex);
	hex[32] = '\0';
	return xasprintf("%s%s", prefix, hex);
}

/* ---- what the drivers' requests share ---- */

bool
send_secret(const struct send_job *j, const char *name, const char *what,
    char **out, struct send_result *r)
{
	struct err e = { 0 };
	enum status st;

	if ((st = secret_read(j->settings, name, out, &e)) == ST_OK)
		return true;
	r->outcome = SEND_PERMANENT;
	if (st == ST_NOTFOUND)
		snprintf(r->error, sizeof r->error, "the channel has no %s "
		    "(%s_file or %s_env)", what, name, name);
	else
		snprintf(r->error, sizeof r->error, "%s", e.msg);
	return false;
}

char *
send_join_url(const char *base, const char *fmt, ...)
{
	size_t n = strlen(base);
	char *rest, *url;
	va_list ap;

	while (n > 0 && base[n - 1] == '/')
		n--;
	va_start(ap, fmt);
	rest = text_vformat(fmt, ap);
	va_end(ap);
	url = xasprintf("%.*s%s", (int)n, base, rest);
	free(rest);
	return url;
}

char *
send_escape(const char *v)
{
	char *q, *copy;

	if ((q = curl_easy_escape(NULL, v, 0)) == NULL)
		die("out of memory");
	copy = xstrdup(q);
	curl_free(q);
	return copy;
}

void
send_http_auth(struct send_job *j, const char *user, const char *secret)
{
	if (user != NULL) {
		curl_easy_setopt(j->easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		curl_easy_setopt(j->easy, CURLOPT_USERNAME, user);
		curl_easy_setopt(j->easy, CURLOPT_PASSWORD, secret);
	} else {
		curl_easy_setopt(j->easy, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
		curl_easy_setopt(j->easy, CURLOPT_XOAUTH2_BEARER, secret);
	}
}

void
send_error_context(struct send_result *r, const char *fmt, ...)
{
	char msg[SEND_ERROR_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof msg)
		snprintf(msg + n, sizeof msg - n, ": %s", r->error);
	snprintf(r->error, sizeof r->error, "%s", msg);
}

json_t *
send_answer(const struct send_job *j)
{
	if (j->response.p == NULL)
		return NULL;
	return json_loads(j->response.p, 0, NULL);
}
