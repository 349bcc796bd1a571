/* core/send_servicenow.c - a record in a ServiceNow table (Table API)
 * for an end-of-life notice that falls due or a delivery that failed for
 * good.
 *
 * Payload: {"summary", "description"}. Settings: "url" (the instance's
 * base), "table" (default "incident"), "username", "password_file" |
 * "password_env" (Basic authentication), "ca_file".
 *
 * The Table API takes no idempotency key, so the record carries
 * correlation_id = KEY (send_safe_key(): what the field holds) and
 * correlation_display = "herald", and a later attempt at the same row
 * (attempts > 1) first queries the table by correlation_id and takes the
 * record it finds instead of inserting another. The external reference
 * is "SYS_ID (NUMBER)".
 */
#include "config.h"

#include "core/driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/secret.h"
#include "core/text.h"
#include "util/xalloc.h"

/* The field sizes of ServiceNow's task table. */
#define CORRELATION_MAX 100
#define SHORT_MAX       160

static bool
table_ok(const char *t)
{
	if (t == NULL || *t == '\0')
		return false;
	for (; *t != '\0'; t++)
		if (!text_is_alnum((unsigned char)*t) && *t != '_')
			return false;
	return true;
}

/* "SYS_ID (NUMBER)" of record REC, or NULL when it names no sys_id. */
static char *
record_ref(const json_t *rec)
{
	const char *id = jstr_nonempty(rec, "sys_id");
	const char *number = jstr_nonempty(rec, "number");
	char *ref, *line;

	if (id == NULL)
		return NULL;
	ref = number != NULL ? xasprintf("%s (%s)", id, number) : xstrdup(id);
	line = text_line(ref);
	free(ref);
	return line;
}

/* The record in ANSWER: the first a query found, or the one inserted. */
static char *
snow_ref(const json_t *answer, bool is_lookup, bool *is_none)
{
	const json_t *result = json_object_get(answer, "result");
	char *ref;

	if (!is_lookup)
		return record_ref(result);
	if ((ref = record_ref(json_array_get(result, 0))) == NULL)
		*is_none = true;
	return ref;
}

static json_t *
record_body(const struct send_job *j, const char *correlation)
{
	char *line = text_line(jstr(j->payload, "summary"));
	char *summary = text_cut_chars(line, SHORT_MAX);
	json_t *o;

	o = json_pack("{s:o, s:o, s:s, s:s}",
	    "short_description", jtext(summary),
	    "description", jtext(jstr(j->payload, "description")),
	    "correlation_id", correlation,
	    "correlation_display", "herald");
	free(line);
	free(summary);
	if (o == NULL)
		die("out of memory");
	return o;
}

/* The query for the record correlated by T->key, or the create. */
static char *
snow_url(const struct send_ticket *t)
{
	char *cond, *q, *url;

	if (!t->is_lookup)
		return xstrdup(t->url);
	cond = xasprintf("correlation_id=%s", t->key);
	q = send_escape(cond);
	url = xasprintf("%s?sysparm_query=%s&sysparm_fields="
	    "sys_id%%2Cnumber&sysparm_limit=1", t->url, q);
	free(q);
	free(cond);
	return url;
}

static bool
snow_init(struct send_job *j, struct send_result *r)
{
	const char *key = j->row != NULL ? j->row->idempotency_key : "";
	const char *url = jstr_nonempty(j->settings, "url");
	const char *table = jstr_nonempty(j->settings, "table");
	struct send_ticket *t;

	r->outcome = SEND_PERMANENT;
	if (table == NULL)
		table = "incident";
	if (url == NULL || jstr_nonempty(j->settings, "username") == NULL) {
		snprintf(r->error, sizeof r->error, "the channel needs the "
		    "settings url and username");
		return false;
	}
	if (!table_ok(table)) {
		snprintf(r->error, sizeof r->error, "the channel's table "
		    "setting must be a table name (letters, digits, '_')");
		return false;
	}
	if (!send_ticket_has_summary(j, r))
		return false;
	t = xcalloc(1, sizeof *t);
	j->priv = t;
	*t = (struct send_ticket){
		.is_lookup = send_ticket_is_retry(j),
		.system = "ServiceNow",
		.lookup_doing = "looking up the record an earlier attempt made",
		.create_doing = "creating the record",
		.no_ref = "ServiceNow's answer named no sys_id",
		.ref = snow_ref,
		.url_for = snow_url,
		.body = record_body,
	};
	if (!send_secret(j, "password", "password", &t->secret, r))
		return false;
	t->url = send_join_url(url, "/api/now/table/%s", table);
	t->key = send_safe_key("", key, CORRELATION_MAX);
	return true;
}

static enum status
snow_start(struct send_job *j, struct send_result *r, struct err *err)
{
	(void)err;
	return send_ticket_start(j, snow_init, r);
}

const struct channel_driver driver_servicenow = {
	"servicenow", snow_start, send_ticket_finish,
	send_ticket_cleanup,
};
