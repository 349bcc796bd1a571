/* core/send_webhook.c - a JSON POST to a receiver (Slack, Mattermost, a
 * chat bridge, the vendor's own systems), signed so the receiver can
 * tell it came from herald and was not changed on the way.
 *
 * Payload: {"body": {...}}: the exact JSON to POST ("text" for Slack and
 * Mattermost, "herald" for the structured payload). Settings: "url",
 * "secret_file" | "secret_env", "ca_file". Headers: X-Herald-Signature:
 * sha256=HEX, the HMAC-SHA256 of the body's bytes as sent with the
 * channel's secret, and Idempotency-Key: the row's key. The body is
 * serialised once and those bytes are both signed and sent. The
 * external reference is the "id" of a JSON answer, when it has one.
 */
#include "config.h"

#include "core/driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/secret.h"
#include "core/text.h"
#include "util/xalloc.h"

static enum status
webhook_start(struct send_job *j, struct send_result *r, struct err *err)
{
	const json_t *body = json_object_get(j->payload, "body");
	char *text = NULL, *secret = NULL, *line = NULL;
	char hex[HASH_HEX_SIZE];

	(void)err;
	r->outcome = SEND_PERMANENT;
	if (!json_is_object(body)) {
		snprintf(r->error, sizeof r->error, "the message has no JSON "
		    "body to post (payload \"body\")");
		goto end;
	}
	if (!send_secret(j, "secret", "secret to sign with", &secret, r))
		goto end;
	text = jdump(body, JSON_COMPACT);
	send_hmac_sha256_hex(secret, text, strlen(text), hex);
	line = xasprintf("X-Herald-Signature: sha256=%s", hex);
	j->headers = curl_slist_append(j->headers, line);
	if (j->headers == NULL)
		die("out of memory");
	send_http_setup(j, "POST", jstr(j->settings, "url"), text, r);
end:
	secret_free(secret);
	free(text);
	free(line);
	return ST_OK;
}

static void
webhook_finish(struct send_job *j, CURLcode cc, struct send_result *r)
{
	json_t *answer;
	const json_t *id;
	char *line;

	send_http_classify(j, cc, r);
	if (r->outcome != SEND_DELIVERED || j->response.p == NULL)
		return;
	/* The receiver's own record of it, when it names one. */
	answer = json_loads(j->response.p, 0, NULL);
	id = json_object_get(answer, "id");
	if (json_is_string(id) && text_nonblank(json_string_value(id)) !=
	    NULL) {
		line = text_line(json_string_value(id));
		r->external_ref = text_cut_bytes(line, 200);
		free(line);
	}
	else if (json_is_integer(id))
		r->external_ref = xasprintf("%" JSON_INTEGER_FORMAT,
		    json_integer_value(id));
	json_decref(answer);
}

static void
webhook_cleanup(struct send_job *j)
{
	(void)j;
}

const struct channel_driver driver_webhook = {
	"webhook", webhook_start, webhook_finish, webhook_cleanup,
};
