/* core/email_message.c - the e-mail the email driver sends, built from
 * cleaned values: RFC 5322 headers (no CR or LF from data ever reaches
 * one; RFC 2047 encoded-words for what is not ASCII), List-Id and
 * List-Unsubscribe (RFC 2919, RFC 8058), and a multipart/alternative
 * body of text and HTML through libcurl's MIME API.
 */
#include "config.h"

#include "core/email_message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/settings.h"
#include "util/xalloc.h"

/* An encoded-word holds at most 75 characters (RFC 2047 section 2):
 * "=?UTF-8?B?" + "?=" leave 63, so 45 bytes of text each. */
#define WORD_BYTES 45
#define ADDR_MAX   320
/* Characters of a subject, and of a list's name in List-Id. */
#define SUBJECT_MAX 250
#define LIST_MAX    200

/* ---- values fit for a header ---- */

/* Whether S is all printable ASCII (space included). */
static bool
is_printable_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* Whether S is a plain mailbox address: printable ASCII without spaces,
 * quotes, angle brackets, commas or semicolons, one '@' with text on
 * both sides. */
bool
email_address_ok(const char *s)
{
	const char *at;

	if (s == NULL || *s == '\0' || strlen(s) > ADDR_MAX)
		return false;
	for (at = s; *at != '\0'; at++)
		if ((unsigned char)*at <= 0x20 || (unsigned char)*at > 0x7e ||
		    strchr("<>\"(),;:\\[]", *at) != NULL)
			return false;
	at = strchr(s, '@');
	return at != NULL && at != s && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL;
}

/* TEXT as RFC 2047 "B" encoded-words of UTF-8, folded between words,
 * appended to B. */
static void
add_encoded(struct textbuf *b, const char *text)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), n, i;
	unsigned v;

	while (len > 0) {
		/* Whole characters only in each word. */
		n = len <= WORD_BYTES ? len : text_prefix((const char *)p,
		    WORD_BYTES);
		if (n == 0)
			n = 1;
		textbuf_str(b, "=?UTF-8?B?");
		for (i = 0; i < n; i += 3) {
			v = (unsigned)p[i] << 16;
			if (i + 1 < n)
				v |= (unsigned)p[i + 1] << 8;
			if (i + 2 < n)
				v |= p[i + 2];
			textbuf_printf(b, "%c%c%c%c", b64[(v >> 18) & 63],
			    b64[(v >> 12) & 63], i + 1 < n ? b64[(v >> 6) & 63] :
			    '=', i + 2 < n ? b64[v & 63] : '=');
		}
		textbuf_str(b, "?=");
		p += n;
		len -= n;
		if (len > 0)
			textbuf_str(b, "\r\n ");
	}
}

/* TEXT (one line, cleaned) as a header's unstructured value: as it is
 * when short plain ASCII, else as encoded-words. */
static void
add_unstructured(struct textbuf *b, const char *text)
{
	if (is_printable_ascii(text) && strlen(text) <= 200 &&
	    strstr(text, "=?") == NULL)
		textbuf_str(b, text);
	else
		add_encoded(b, text);
}

/* NAME as a display name: a quoted string when ASCII, else encoded. */
static void
add_display_name(struct textbuf *b, const char *name)
{
	const char *p;

	if (!is_printable_ascii(name) || strstr(name, "=?") != NULL) {
		add_encoded(b, name);
		return;
	}
	textbuf_str(b, "\"");
	for (p = name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			textbuf_str(b, "\\");
		textbuf_add(b, p, 1);
	}
	textbuf_str(b, "\"");
}

/* The key as the left part of a Message-ID (dot-atom text): letters,
 * digits and the atext symbols stay, each other byte (and '=', which
 * starts the escape, and '.') as =XX, so two keys never meet. */
static void
add_id_left(struct textbuf *b, const char *key)
{
	const unsigned char *p;

	for (p = (const unsigned char *)key; *p != '\0'; p++) {
		if (text_is_alnum(*p) || (*p > 0x20 && *p < 0x7f &&
		    strchr("!#$%&'*+-/?^_`{|}~", *p) != NULL))
			textbuf_add(b, (const char *)p, 1);
		else
			textbuf_printf(b, "=%02X", *p);
	}
}

/* LIST ("advisories:widget", "advisories:*") as a list label of
 * RFC 2919: lowercase letters, digits and '-', ':' as '.', '*' as "all". */
static void
add_list_label(struct textbuf *b, const char *list)
{
	const char *p;
	size_t n = 0;

	for (p = list; *p != '\0' && n < LIST_MAX; p++, n++) {
		if (text_is_alnum((unsigned char)*p))
			textbuf_printf(b, "%c", text_to_lower((unsigned char)*p));
		else if (*p == ':')
			textbuf_str(b, ".");
		else if (*p == '*')
			textbuf_str(b, "all");
		else
			textbuf_str(b, "-");
	}
}

/* Whether DOMAIN is a plain host name: letters, digits, '-' and '.'. */
static bool
domain_ok(const char *d)
{
	if (*d == '\0' || *d == '.' || *d == '-' || strlen(d) > 253)
		return false;
	for (; *d != '\0'; d++)
		if (!text_is_alnum((unsigned char)*d) && *d != '-' && *d != '.')
			return false;
	return true;
}

/* ---- the sender ---- */

/* "Name <addr>" or "addr" into S; false when it is neither. */
bool
email_sender_parse(const char *from, struct email_sender *s)
{
	char *line = text_line(from), *lt, *gt;
	bool ok = false;

	s->name = s->addr = NULL;
	lt = strrchr(line, '<');
	if (lt == NULL) {
		s->addr = xstrdup(line);
	} else {
		gt = strchr(lt, '>');
		if (gt == NULL || gt[1] != '\0')
			goto end;
		s->addr = xstrndup(lt + 1, (size_t)(gt - lt - 1));
		while (lt > line && lt[-1] == ' ')
			lt--;
		*lt = '\0';
		if (line[0] == '"' && lt > line + 1 && lt[-1] == '"') {
			lt[-1] = '\0';
			memmove(line, line + 1, strlen(line));
		}
		if (*line != '\0')
			s->name = xstrdup(line);
	}
	ok = email_address_ok(s->addr);
end:
	free(line);
	return ok;
}

void
email_sender_clear(struct email_sender *s)
{
	free(s->name);
	free(s->addr);
	s->name = s->addr = NULL;
}

/* ---- the body ---- */

/* TEXT as a small HTML document: paragraphs at blank lines, line breaks
 * kept, everything escaped. */
static char *
html_from_text(const char *text)
{
	struct textbuf b = { 0 };
	const char *p = text, *eol;
	bool in_para = false;
	size_t n;

	textbuf_str(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "</head><body>\n");
	while (*p != '\0') {
		eol = strchr(p, '\n');
		n = eol != NULL ? (size_t)(eol - p) : strlen(p);
		if (n == 0) {
			if (in_para)
				textbuf_str(&b, "</p>\n");
			in_para = false;
		} else {
			textbuf_str(&b, in_para ? "<br>\n" : "<p>");
			textbuf_html(&b, p, n, false);
			in_para = true;
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	if (in_para)
		textbuf_str(&b, "</p>\n");
	textbuf_str(&b, "</body></html>\n");
	return textbuf_take(&b);
}

/* S (cleaned: line breaks are "\n") with CRLF line breaks, the canonical
 * form of text in mail, so quoted-printable keeps them as line breaks.
 * Allocated. */
static char *
crlf(const char *s)
{
	struct textbuf b = { 0 };
	const char *nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		textbuf_add(&b, s, (size_t)(nl - s));
		textbuf_str(&b, "\r\n");
		s = nl + 1;
	}
	textbuf_str(&b, s);
	return textbuf_take(&b);
}

/* The text and HTML parts, quoted-printable (lines of any length travel
 * safely), in a multipart/alternative whose type is given by the
 * message's Content-Type header. */
static bool
build_mime(struct send_job *j, const char *text, const char *html)
{
	curl_mimepart *part;

	if ((j->mime = curl_mime_init(j->easy)) == NULL)
		return false;
	if ((part = curl_mime_addpart(j->mime)) == NULL ||
	    curl_mime_data(part, text, CURL_ZERO_TERMINATED) != CURLE_OK ||
	    curl_mime_type(part, "text/plain; charset=utf-8") != CURLE_OK ||
	    curl_mime_encoder(part, "quoted-printable") != CURLE_OK)
		return false;
	if ((part = curl_mime_addpart(j->mime)) == NULL ||
	    curl_mime_data(part, html, CURL_ZERO_TERMINATED) != CURLE_OK ||
	    curl_mime_type(part, "text/html; charset=utf-8") != CURLE_OK ||
	    curl_mime_encoder(part, "quoted-printable") != CURLE_OK)
		return false;
	return true;
}

/* ---- the headers ---- */

static void
add_header(struct send_job *j, struct textbuf *b)
{
	struct curl_slist *l = curl_slist_append(j->headers, b->p);

	if (l == NULL)
		die("out of memory");
	j->headers = l;
	textbuf_clear(b);
}

/* The unsubscribe address for TOKEN: BASE?token=T (or &token=T). */
static char *
unsubscribe_url(const char *base, const char *token)
{
	struct textbuf b = { 0 };

	textbuf_str(&b, base);
	textbuf_str(&b, strchr(base, '?') != NULL ? "&token=" : "?token=");
	textbuf_pct(&b, token, strlen(token), NULL);
	return textbuf_take(&b);
}

/* The base of unsubscribe addresses: the channel's "unsubscribe_url",
 * else the site.url setting + "unsubscribe"; NULL when neither. */
static char *
unsubscribe_base(struct send_job *j)
{
	const char *u = jstr_text(j->settings, "unsubscribe_url");
	char *site = NULL, *base = NULL;
	struct err e = { 0 };

	if (u != NULL)
		return text_line(u);
	if (setting_get(j->s, "site.url", &site, &e) == ST_OK && site != NULL &&
	    *site != '\0')
		base = xasprintf("%s%sunsubscribe", site,
		    site[strlen(site) - 1] == '/' ? "" : "/");
	free(site);
	return base;
}

/* List-Unsubscribe and List-Unsubscribe-Post (RFC 2369, RFC 8058) for
 * TOKEN; false (R filled) when there is no address to give. */
static bool
add_unsubscribe(struct send_job *j, const char *token, struct send_result *r)
{
	const char *mailto = jstr_text(j->settings, "unsubscribe_mailto");
	char *base = unsubscribe_base(j), *url = NULL, *m = NULL;
	struct textbuf b = { 0 };
	bool ok = false;
	size_t n;

	if (base == NULL && mailto == NULL) {
		snprintf(r->error, sizeof r->error, "channel %s: no address to "
		    "unsubscribe at: set unsubscribe_url in the channel's settings "
		    "or the site.url setting", j->channel->name);
		goto end;
	}
	if (mailto != NULL) {
		m = text_line(mailto);
		n = strlen(m);
		if (n >= 7 && strncasecmp(m, "mailto:", 7) == 0)
			memmove(m, m + 7, n - 7 + 1);
		if (!email_address_ok(m)) {
			snprintf(r->error, sizeof r->error, "channel %s: setting "
			    "unsubscribe_mailto: a plain address, please",
			    j->channel->name);
			goto end;
		}
	}
	if (base != NULL) {
		url = unsubscribe_url(base, token);
		if (!is_printable_ascii(url) || strchr(url, ' ') != NULL ||
		    strchr(url, '>') != NULL) {
			snprintf(r->error, sizeof r->error, "channel %s: the "
			    "unsubscribe address is not a plain URL",
			    j->channel->name);
			goto end;
		}
	}
	textbuf_str(&b, "List-Unsubscribe: ");
	if (url != NULL)
		textbuf_printf(&b, "<%s>", url);
	if (m != NULL) {
		textbuf_printf(&b, "%s<mailto:%s?subject=unsubscribe%%20", url !=
		    NULL ? ", " : "", m);
		textbuf_pct(&b, token, strlen(token), NULL);
		textbuf_str(&b, ">");
	}
	add_header(j, &b);
	if (url != NULL) {
		textbuf_str(&b, "List-Unsubscribe-Post: List-Unsubscribe=One-Click");
		add_header(j, &b);
	}
	ok = true;
end:
	textbuf_clear(&b);
	free(base);
	free(url);
	free(m);
	return ok;
}

/* Every header of the message into J->headers; false (R filled) when a
 * setting or the payload does not allow one. */
static bool
build_headers(struct send_job *j, const struct email_sender *from,
    const char *to, char **message_id, struct send_result *r)
{
	const char *list_id = jstr_text(j->settings, "list_id");
	const char *token = jstr_text(j->payload, "unsubscribe_token");
	const char *ref = jstr_text(j->payload, "ref");
	const char *list = jstr_text(j->payload, "list");
	char date[CLOCK_RFC822_BUFSZ], *subject, *ref_line, *lid, *tmp;
	const char *domain = strchr(from->addr, '@') + 1;
	struct textbuf b = { 0 };
	bool ok = false;

	clock_format_rfc822(clock_now(), date);
	textbuf_printf(&b, "Date: %s", date);
	add_header(j, &b);

	textbuf_str(&b, "<");
	add_id_left(&b, j->row->idempotency_key);
	textbuf_printf(&b, "@%s>", domain_ok(domain) ? domain :
	    "herald.invalid");
	*message_id = textbuf_take(&b);
	textbuf_printf(&b, "Message-ID: %s", *message_id);
	add_header(j, &b);

	textbuf_str(&b, "From: ");
	if (from->name != NULL) {
		add_display_name(&b, from->name);
		textbuf_str(&b, " ");
	}
	textbuf_printf(&b, "<%s>", from->addr);
	add_header(j, &b);
	textbuf_printf(&b, "To: <%s>", to);
	add_header(j, &b);

	/* The incident ID travels in every subject; a subject is a line,
	 * not a page. */
	tmp = text_line(jstr(j->payload, "subject"));
	subject = text_cut_chars(tmp, SUBJECT_MAX);
	free(tmp);
	if (ref != NULL) {
		ref_line = text_line(ref);
		if (*ref_line != '\0' && strstr(subject, ref_line) == NULL) {
			char *s = xasprintf("[%s] %s", ref_line, subject);

			free(subject);
			subject = s;
		}
		free(ref_line);
	}
	textbuf_str(&b, "Subject: ");
	add_unstructured(&b, subject);
	free(subject);
	add_header(j, &b);

	if (list_id == NULL && list != NULL) {
		/* RFC 2919: "advisories:widget" as <advisories.widget.DOMAIN>. */
		textbuf_str(&b, "List-Id: <");
		add_list_label(&b, list);
		textbuf_printf(&b, ".%s>", domain_ok(domain) ? domain :
		    "herald.invalid");
		add_header(j, &b);
	} else if (list_id != NULL) {
		lid = text_line(list_id);
		if (!is_printable_ascii(lid) || strlen(lid) > LIST_MAX) {
			snprintf(r->error, sizeof r->error, "channel %s: setting "
			    "list_id: printable ASCII, at most %d characters, please",
			    j->channel->name, LIST_MAX);
			free(lid);
			goto end;
		}
		textbuf_printf(&b, "List-Id: %s", lid);
		free(lid);
		add_header(j, &b);
	}
	if (token != NULL && !add_unsubscribe(j, token, r))
		goto end;
	textbuf_str(&b, "Content-Type: multipart/alternative");
	add_header(j, &b);
	ok = true;
end:
	textbuf_clear(&b);
	return ok;
}

bool
email_message_build(struct send_job *j, const struct email_sender *from,
    const char *to, char **message_id, struct send_result *r)
{
	const char *text = jstr(j->payload, "text");
	const char *html = jstr_text(j->payload, "html");
	char *body, *hbody, *tmp;
	bool ok = true;

	if (!build_headers(j, from, to, message_id, r))
		return false;
	tmp = text_clean(text);
	hbody = html != NULL ? text_clean(html) : html_from_text(tmp);
	body = crlf(tmp);
	free(tmp);
	tmp = hbody;
	hbody = crlf(tmp);
	free(tmp);
	if (!build_mime(j, body, hbody)) {
		snprintf(r->error, sizeof r->error, "libcurl could not build the "
		    "message");
		ok = false;
	}
	free(body);
	free(hbody);
	return ok;
}
