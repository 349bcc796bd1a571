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

#endif
