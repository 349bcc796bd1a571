/* core/driver.h - one kind of channel sending one outbox row: the contract
 * between the publisher (core/publisher.c), which leases rows and runs
 * several requests at once through libcurl's multi interface, and each
 * channel kind (core/send_email.c, send_webhook.c, send_github.c,
 * send_jira.c, send_servicenow.c, send_directory.c).
 *
 * An attempt may take several requests (GitHub: look the advisory up by
 * its GHSA ID, then create or PATCH it; Jira: search by label, then
 * create). The publisher calls start(), performs the easy handle the
 * driver set up, then calls finish(); finish() may ask for another
 * request (SEND_AGAIN), and the publisher calls start() again with STEP
 * one higher. A driver with no network request (directory) does its work
 * in start(), leaves EASY NULL and gives the outcome there.
 *
 * The payload (outbox.payload) is a JSON object written by
 * core/dispatch.c; what each kind reads from it is documented in its
 * send_KIND.c. Channel settings are the channel's JSON object; secrets are
 * read at send time through core/secret.h, never from the database.
 */
#ifndef HERALD_CORE_DRIVER_H
#define HERALD_CORE_DRIVER_H

#include <curl/curl.h>
#include <jansson.h>
#include <stdbool.h>
#include <time.h>

#include "core/session.h"
#include "core/text.h"
#include "storage/records.h"

enum send_outcome {
	SEND_DELIVERED,      /* done: mark delivered with EXTERNAL_REF */
	SEND_RETRY,          /* transient: try again after backoff (or
	                      * RETRY_AFTER seconds when > 0) */
	SEND_PERMANENT,      /* give up: the far end said no (ERROR says why,
	                      * in the server's words) */
	SEND_CANCEL,         /* must not go at all any more (unsubscribed,
	                      * erased): cancel the row, ERROR says why */
	SEND_AGAIN           /* another request of the same attempt: the
	                      * publisher calls start() with STEP + 1 */
};

#define SEND_ERROR_MAX 1000

struct send_result {
	enum send_outcome outcome;
	int               retry_after;       /* seconds; 0 = the backoff */
	char              error[SEND_ERROR_MAX];
	char             *external_ref;      /* allocated; Message-ID, GHSA
	                                      * ID, issue key, sys_id... */
};

struct send_job {
	struct session          *s;          /* to read settings, incidents */
	const struct outbox_row *row;
	const struct channel    *channel;
	json_t                  *settings;   /* the channel's, parsed */
	json_t                  *payload;    /* the row's, parsed */
	int                      step;       /* 0 for the first request */
	int                      timeout_s;  /* whole request, from
	                                      * publisher options */
	CURL                    *easy;       /* set by start(); the publisher
	                                      * performs and cleans it up */
	struct curl_slist       *headers;    /* freed by the publisher */
	curl_mime               *mime;       /* freed by the publisher */
	struct textbuf           response;   /* the body received (the
	                                      * publisher sets WRITEFUNCTION
	                                      * after start()) */
	struct textbuf           resp_headers; /* the header lines received */
	char                    *request_body; /* kept alive for the easy
	                                        * handle; freed by publisher */
	void                    *priv;       /* the driver's, across steps;
	                                      * freed by cleanup() */
};

struct channel_driver {
	const char *kind;
	/* Set up J->easy (URL, method, body, headers, TLS, credentials) for
	 * request J->step, or decide without a request (EASY left NULL,
	 * R filled). A failure to set up (a secret file readable by others,
	 * a missing setting) is R->outcome SEND_PERMANENT with the reason;
	 * ST_OK is returned either way unless memory ran out. */
	enum status (*start)(struct send_job *j, struct send_result *r,
	    struct err *err);
	/* The request ended with CC (CURLE_OK or the transfer's error):
	 * classify it into R (send_http_classify() helps HTTP drivers). */
	void        (*finish)(struct send_job *j, CURLcode cc,
	    struct send_result *r);
	/* Free J->priv; called once per attempt, whatever happened. */
	void        (*cleanup)(struct send_job *j);
};

/* The driver for channel KIND, or NULL. */
const struct channel_driver *driver_for(const char *kind);

/* The drivers, one per file. */
extern const struct channel_driver driver_email;
extern const struct channel_driver driver_webhook;
extern const struct channel_driver driver_github;
extern const struct channel_driver driver_jira;
extern const struct channel_driver driver_servicenow;
extern const struct channel_driver driver_directory;

/* For HTTP drivers, after a request ended with CC: connection errors,
 * timeouts, 429 (Retry-After honoured: seconds or an HTTP date) and 5xx
 * are SEND_RETRY; other 4xx are SEND_PERMANENT with the status and the
 * first bytes of the server's body; 2xx is SEND_DELIVERED. Returns the
 * HTTP status (0 without a response). */
long        send_http_classify(struct send_job *j, CURLcode cc,
    struct send_result *r);
/* Common easy-handle set-up for an HTTP request: URL, timeout, no
 * signals, TLS verification on (CA file from settings "ca_file" when
 * given, for tests), the User-Agent, "Idempotency-Key: KEY" from the
 * row. METHOD NULL means POST when BODY is set, else GET. BODY is copied
 * into J->request_body. Returns false (R filled) when the URL is not
 * http(s) or, unless to loopback, not https. */
bool        send_http_setup(struct send_job *j, const char *method,
    const char *url, const char *body, struct send_result *r);

void        send_result_clear(struct send_result *r);

/* Whether HOST (as libcurl gives it: IPv6 in brackets) is this machine:
 * "localhost" in any case, ::1, or an IPv4 address in 127.0.0.0/8 (an
 * address, not a name that merely starts with "127."). */
bool        send_host_is_loopback(const char *host);

/* ---- what the HTTP drivers share (core/send_http.c), and their parts a
 * test can drive without a network ---- */

/* The longest wait a Retry-After may ask for (a day); longer is cut. */
#define SEND_RETRY_AFTER_MAX 86400
/* The bytes of a refusing server's body that go into an error. */
#define SEND_WORDS_MAX 300

/* send_http_classify() without a handle: an exchange that ended with CC,
 * STATUS (0 without a response), its header lines HEADERS and its body
 * BODY (either may be NULL), judged at NOW. */
void        send_http_judge(CURLcode cc, long status, const char *headers,
    const char *body, time_t now, struct send_result *r);
/* The seconds the last Retry-After header in HEADERS asks for at NOW
 * (delta-seconds or an HTTP-date), 1..SEND_RETRY_AFTER_MAX; 0 when there
 * is none or it does not parse. */
int         send_http_retry_after(const char *headers, time_t now);
/* Whether URL may be used: https to any host, plain http only to a
 * loopback host (localhost, 127.0.0.0/8, ::1); when not, the reason in
 * WHY (N bytes). */
bool        send_http_url_ok(const char *url, char *why, size_t n);
/* HMAC-SHA256 of the N bytes at DATA with the key KEY, as lowercase hex
 * into HEX (65 bytes: HASH_HEX_SIZE). */
void        send_hmac_sha256_hex(const char *key, const void *data,
    size_t n, char *hex);
/* PREFIX then KEY, when that is at most MAX bytes of letters, digits,
 * '.', '_' and '-'; else PREFIX then a SHA-256 prefix of KEY: what may
 * stand in a Jira label or a ServiceNow correlation ID and be searched
 * for again. Allocated. */
char       *send_safe_key(const char *prefix, const char *key, size_t max);
/* The channel's secret NAME (settings NAME_file or NAME_env) into *OUT,
 * for secret_free(). When it cannot be read, false and R is
 * SEND_PERMANENT with why: "the channel has no WHAT (NAME_file or
 * NAME_env)" when none is set. */
bool        send_secret(const struct send_job *j, const char *name,
    const char *what, char **out, struct send_result *r);
/* BASE without its final '/'s, then the printf-style rest. Allocated. */
char       *send_join_url(const char *base, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* V escaped for a query string. Allocated. */
char       *send_escape(const char *v);
/* After send_http_setup(): Basic authentication as USER with SECRET, or
 * without a USER the bearer token SECRET (libcurl keeps its own copy). */
void        send_http_auth(struct send_job *j, const char *user,
    const char *secret);
/* Put what was being done (printf-style) before R's error: "Jira,
 * creating the issue: HTTP 400: ...". */
void        send_error_context(struct send_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The response's JSON, or NULL when there is none or it does not parse.
 * New reference. */
json_t     *send_answer(const struct send_job *j);

/* A ticket system that takes no idempotency key (Jira, ServiceNow,
 * core/send_ticket.c): a later attempt at the same row first looks the
 * ticket up by what the create put in it, and creates it only when the
 * look-up finds none. The driver's J->priv is one. */
struct send_ticket {
	bool        is_lookup;       /* looking up before a create */
	const char *system;          /* "Jira", for errors */
	const char *lookup_doing;    /* "searching for the issue ..." */
	const char *create_doing;    /* "creating the issue" */
	const char *no_ref;          /* the error when a create names none */
	/* The reference ANSWER names, allocated, or NULL; on a look-up,
	 * *IS_NONE when it found no ticket (a create comes next). */
	char     *(*ref)(const json_t *answer, bool is_lookup, bool *is_none);
	/* The URL of T's request: the look-up or the create. Allocated. */
	char     *(*url_for)(const struct send_ticket *t);
	/* The create's body for the ticket KEY names. New reference. */
	json_t   *(*body)(const struct send_job *j, const char *key);
	char       *url;             /* the base, or the table's */
	char       *key;             /* what a create puts in the ticket */
	char       *secret;          /* token or password */
};
/* Whether J's row is a later attempt, whose earlier one may have made
 * the ticket before it failed. */
bool        send_ticket_is_retry(const struct send_job *j);
/* Whether the payload has a summary; when not, R says so. */
bool        send_ticket_has_summary(const struct send_job *j,
    struct send_result *r);
/* The start of a ticket driver: INIT makes J->priv on the first step
 * (false, R filled, when it cannot), then the look-up is a GET and the
 * create a POST, authenticated as the "username" setting (none: bearer)
 * with the ticket's secret. */
enum status send_ticket_start(struct send_job *j,
    bool (*init)(struct send_job *j, struct send_result *r),
    struct send_result *r);
/* The finish of a ticket driver, whose J->priv is a struct send_ticket
 * (NULL when the attempt never started): classify, name the
 * step in an error, take the reference, or go on to the create after a
 * look-up that found none. */
void        send_ticket_finish(struct send_job *j, CURLcode cc,
    struct send_result *r);
/* The cleanup of a ticket driver: J->priv freed. */
void        send_ticket_cleanup(struct send_job *j);
/* The REST body GitHub takes for ADVISORY (the payload's "advisory"):
 * its known fields only, the CVSS vector when there is one and the
 * severity only when there is none (the API refuses both), credits that
 * name a login, and the marker "herald:KEY" at the end of the
 * description, by which a create is found again. New reference. */
json_t     *send_github_body(const json_t *advisory, const char *key);
/* Whether TEXT holds the marker "herald:KEY" (KEY not followed by more
 * of a key). */
bool        send_github_has_marker(const char *text, const char *key);

#endif
