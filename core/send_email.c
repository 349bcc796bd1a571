/* core/send_email.c - one e-mail to one recipient over SMTP (libcurl):
 * RFC 5322 headers built here from cleaned values, a multipart/alternative
 * body built with libcurl's MIME API, STARTTLS demanded except to
 * loopback, AUTH with a secret read at send time.
 *
 * Channel settings: "url" (smtp://host:port or smtps://...), "from"
 * ("Name <addr>" or "addr"), "username" with "password_file" or
 * "password_env", "tls" ("required" or "loopback-plain"), "ca_file",
 * "list_id", "unsubscribe_url" (default: the site.url setting +
 * "unsubscribe"), "unsubscribe_mailto".
 *
 * Payload: "to", "subject", "text", "html" (optional: made from the text
 * when absent), "ref" (the incident ID, put in front of the subject when
 * the subject lacks it), "list" (its List-Id when the channel sets no
 * "list_id"), "unsubscribe_token" (List-Unsubscribe and, with an URL,
 * List-Unsubscribe-Post).
 *
 * The Message-ID is "<KEY@DOMAIN>" with KEY the row's idempotency key and
 * DOMAIN the sender's, so every repeat of a message carries the same one;
 * it is the external reference recorded on delivery.
 */
#include "config.h"

#include "core/email_message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/secret.h"
#include "core/settings.h"
#include "util/xalloc.h"

struct email_priv {
	struct curl_slist *rcpt;
	char              *message_id;
	char               errbuf[CURL_ERROR_SIZE];
};

/* ---- the host ---- */

/* Whether URL is smtp:// or smtps:// with a host; the host's loopback-ness
 * into *IS_LOOPBACK and whether TLS is implicit into *IS_SMTPS. */
static bool
url_parse(const char *url, bool *is_loopback, bool *is_smtps)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	bool ok = false;

	if (u == NULL)
		return false;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto end;
	if (strcasecmp(scheme, "smtp") != 0 && strcasecmp(scheme, "smtps") != 0)
		goto end;
	*is_smtps = strcasecmp(scheme, "smtps") == 0;
	*is_loopback = send_host_is_loopback(host);
	ok = true;
end:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

/* ---- the driver ---- */

/* The credentials, when the channel has any; false (R filled) when they
 * are set up wrong or the secret cannot be read. */
static bool
set_auth(struct send_job *j, struct send_result *r)
{
	const char *user = jstr_text(j->settings, "username");
	char *password = NULL;
	struct err e = { 0 };
	enum status st;
	bool ok = false;

	st = secret_read(j->settings, "password", &password, &e);
	if (st == ST_NOTFOUND && user == NULL)
		return true;
	if (st == ST_NOTFOUND) {
		snprintf(r->error, sizeof r->error, "channel %s: a username but "
		    "no password_file or password_env", j->channel->name);
		return false;
	}
	if (st != ST_OK) {
		snprintf(r->error, sizeof r->error, "channel %s: %s",
		    j->channel->name, e.msg);
		return false;
	}
	if (user == NULL) {
		snprintf(r->error, sizeof r->error, "channel %s: a password but "
		    "no username", j->channel->name);
		goto end;
	}
	/* libcurl keeps its own copies. */
	if (curl_easy_setopt(j->easy, CURLOPT_USERNAME, user) != CURLE_OK ||
	    curl_easy_setopt(j->easy, CURLOPT_PASSWORD, password) != CURLE_OK) {
		snprintf(r->error, sizeof r->error, "channel %s: libcurl took no "
		    "credentials", j->channel->name);
		goto end;
	}
	ok = true;
end:
	secret_free(password);
	return ok;
}

/* The TLS the channel demands, as CURLOPT_USE_SSL; -1 (R filled) when
 * its "tls" setting is unknown. */
static long
tls_mode(struct send_job *j, bool is_loopback, bool is_smtps,
    struct send_result *r)
{
	const char *tls = jstr(j->settings, "tls");

	if (tls != NULL && strcmp(tls, "required") != 0 &&
	    strcmp(tls, "loopback-plain") != 0) {
		snprintf(r->error, sizeof r->error, "channel %s: setting tls: "
		    "\"required\" or \"loopback-plain\", please", j->channel->name);
		return -1;
	}
	if (is_smtps || !is_loopback || (tls != NULL &&
	    strcmp(tls, "required") == 0))
		return (long)CURLUSESSL_ALL;
	/* Plain SMTP to loopback; TLS still when the server offers it. */
	return (long)CURLUSESSL_TRY;
}

static enum status
email_start(struct send_job *j, struct send_result *r, struct err *err)
{
	const char *url = jstr_text(j->settings, "url");
	const char *from_s = jstr_text(j->settings, "from");
	const char *ca = jstr_text(j->settings, "ca_file");
	const char *to = jstr(j->payload, "to");
	const char *text = jstr(j->payload, "text");
	struct email_sender from = { 0 };
	struct email_priv *p;
	char *rcpt = NULL, *mail_from = NULL;
	bool is_loopback = false, is_smtps = false, ok = false;
	long use_ssl;

	(void)err;
	/* Whatever stops us before the request is for good. */
	r->outcome = SEND_PERMANENT;
	if (j->priv == NULL)
		j->priv = xcalloc(1, sizeof(struct email_priv));
	p = j->priv;
	if (url == NULL || !url_parse(url, &is_loopback, &is_smtps)) {
		snprintf(r->error, sizeof r->error, "channel %s: setting url: an "
		    "smtp:// or smtps:// address with a host, please",
		    j->channel->name);
		goto end;
	}
	if (from_s == NULL || !email_sender_parse(from_s, &from)) {
		snprintf(r->error, sizeof r->error, "channel %s: setting from: "
		    "\"Name <address>\" or an address, please", j->channel->name);
		goto end;
	}
	if (!email_address_ok(to)) {
		snprintf(r->error, sizeof r->error, "outbox message %lld: \"to\" "
		    "is not a plain address", j->row->id);
		goto end;
	}
	if (jstr_text(j->payload, "subject") == NULL || text == NULL) {
		snprintf(r->error, sizeof r->error, "outbox message %lld: no "
		    "subject or no text", j->row->id);
		goto end;
	}
	if ((use_ssl = tls_mode(j, is_loopback, is_smtps, r)) < 0)
		goto end;
	if ((j->easy = curl_easy_init()) == NULL) {
		snprintf(r->error, sizeof r->error, "libcurl could not start");
		r->outcome = SEND_RETRY;
		goto end;
	}
	if (!set_auth(j, r) ||
	    !email_message_build(j, &from, to, &p->message_id, r))
		goto end;
	rcpt = xasprintf("<%s>", to);
	mail_from = xasprintf("<%s>", from.addr);
	curl_slist_free_all(p->rcpt);
	if ((p->rcpt = curl_slist_append(NULL, rcpt)) == NULL)
		die("out of memory");
	p->errbuf[0] = '\0';
	curl_easy_setopt(j->easy, CURLOPT_URL, url);
	curl_easy_setopt(j->easy, CURLOPT_MAIL_FROM, mail_from);
	curl_easy_setopt(j->easy, CURLOPT_MAIL_RCPT, p->rcpt);
	curl_easy_setopt(j->easy, CURLOPT_HTTPHEADER, j->headers);
	curl_easy_setopt(j->easy, CURLOPT_MIMEPOST, j->mime);
	curl_easy_setopt(j->easy, CURLOPT_USE_SSL, use_ssl);
	curl_easy_setopt(j->easy, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(j->easy, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca != NULL)
		curl_easy_setopt(j->easy, CURLOPT_CAINFO, ca);
	curl_easy_setopt(j->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(j->easy, CURLOPT_TIMEOUT, (long)j->timeout_s);
	curl_easy_setopt(j->easy, CURLOPT_CONNECTTIMEOUT, (long)(j->timeout_s <
	    30 ? j->timeout_s : 30));
	curl_easy_setopt(j->easy, CURLOPT_ERRORBUFFER, p->errbuf);
	if (is_loopback)
		curl_easy_setopt(j->easy, CURLOPT_NOPROXY, "*");
	ok = true;
end:
	if (!ok && j->easy != NULL) {
		/* No request after all: the publisher sees no handle. */
		curl_easy_cleanup(j->easy);
		j->easy = NULL;
		curl_mime_free(j->mime);
		j->mime = NULL;
		curl_slist_free_all(j->headers);
		j->headers = NULL;
	}
	email_sender_clear(&from);
	free(rcpt);
	free(mail_from);
	return ST_OK;
}

/* The server's last reply line with code CODE, from the reply lines
 * libcurl passed on as headers, cut to fit; NULL when none. Allocated. */
static char *
server_words(const char *lines, long code)
{
	char prefix[8], *found = NULL, *t;
	const char *p = lines, *eol;
	size_t n;

	snprintf(prefix, sizeof prefix, "%03ld", code);
	while (p != NULL && *p != '\0') {
		eol = strchr(p, '\n');
		n = eol != NULL ? (size_t)(eol - p) : strlen(p);
		if (n > 3 && strncmp(p, prefix, 3) == 0 && (p[3] == ' ' ||
		    p[3] == '-')) {
			free(found);
			found = xstrndup(p, n);
		}
		p = eol != NULL ? eol + 1 : NULL;
	}
	if (found == NULL)
		return NULL;
	t = text_line(found);
	free(found);
	found = text_cut_bytes(t, SEND_ERROR_MAX / 2);
	free(t);
	return found;
}

static void
email_finish(struct send_job *j, CURLcode cc, struct send_result *r)
{
	struct email_priv *p = j->priv;
	long code = 0;
	char *words;

	if (cc == CURLE_OK) {
		r->outcome = SEND_DELIVERED;
		r->external_ref = xstrdup(p->message_id);
		return;
	}
	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
	if (code >= 400 && code < 600) {
		words = server_words(j->resp_headers.p, code);
		r->outcome = code >= 500 ? SEND_PERMANENT : SEND_RETRY;
		snprintf(r->error, sizeof r->error, "SMTP server said: %s",
		    words != NULL ? words : "(no words)");
		free(words);
		return;
	}
	switch (cc) {
	case CURLE_USE_SSL_FAILED:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_LOGIN_DENIED:
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		/* Trying again will not change the far end's mind. */
		r->outcome = SEND_PERMANENT;
		break;
	default:
		r->outcome = SEND_RETRY;
		break;
	}
	snprintf(r->error, sizeof r->error, "%s%s%s", curl_easy_strerror(cc),
	    p->errbuf[0] != '\0' ? ": " : "", p->errbuf);
}

static void
email_cleanup(struct send_job *j)
{
	struct email_priv *p = j->priv;

	if (p == NULL)
		return;
	curl_slist_free_all(p->rcpt);
	free(p->message_id);
	free(p);
	j->priv = NULL;
}

const struct channel_driver driver_email = {
	"email", email_start, email_finish, email_cleanup,
};

