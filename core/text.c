/* core/text.c - text helpers the exporters share (see core/text.h): one
 * UTF-8 decoder, one cleaner, one way to cut text, one buffer and one
 * percent-encoder, instead of a copy of each in every exporter. */
#include "config.h"

#include "core/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

/* ---- characters ---- */

bool
text_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool
text_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

bool
text_is_alnum(int c)
{
	return text_is_alpha(c) || text_is_digit(c);
}

bool
text_is_xdigit(int c)
{
	return text_is_digit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

bool
text_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

bool
text_is_unreserved(int c)
{
	return text_is_alnum(c) || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

int
text_to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
text_to_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

const char *
text_nonblank(const char *s)
{
	const char *p;

	for (p = s; p != NULL && *p != '\0'; p++)
		if (!text_is_space((unsigned char)*p))
			return s;
	return NULL;
}

/* ---- UTF-8 ---- */

size_t
text_utf8_len(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i;
	uint32_t c;

	if (p[0] < 0x80) {
		len = 1;
		c = p[0];
	} else {
		if (p[0] >= 0xc2 && p[0] <= 0xdf)
			len = 2, c = p[0] & 0x1f;
		else if (p[0] >= 0xe0 && p[0] <= 0xef)
			len = 3, c = p[0] & 0x0f;
		else if (p[0] >= 0xf0 && p[0] <= 0xf4)
			len = 4, c = p[0] & 0x07;
		else
			return 0;
		/* A NUL is no continuation byte: the loop stops there. */
		for (i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (p[i] & 0x3f);
		}
		if ((len == 3 && c < 0x800) ||
		    (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
		    (c >= 0xd800 && c <= 0xdfff))
			return 0;
	}
	if (cp != NULL)
		*cp = c;
	return len;
}

uint32_t
text_utf8_next(const char **pp)
{
	uint32_t c;
	size_t n;

	if ((n = text_utf8_len(*pp, &c)) == 0) {
		(*pp)++;
		return 0xfffd;
	}
	*pp += n;
	return c;
}

bool
text_utf8_valid(const char *s)
{
	size_t n;

	if (s == NULL)
		return false;
	for (; *s != '\0'; s += n)
		if ((n = text_utf8_len(s, NULL)) == 0)
			return false;
	return true;
}

/* ---- cleaning ---- */

char *
text_clean(const char *s)
{
	const char *p = s != NULL ? s : "";
	char *out = xmalloc(strlen(p) * 3 + 1), *o = out;
	uint32_t cp;
	size_t len;

	while (*p != '\0') {
		if ((len = text_utf8_len(p, &cp)) == 0) {
			memcpy(o, TEXT_REPLACEMENT, 3);
			o += 3;
			p++;
			continue;
		}
		if (cp == '\r' && p[1] == '\n')
			;       /* "\r\n" as "\n" */
		else if (cp == '\r')
			*o++ = '\n';
		else if ((cp < 0x20 && cp != '\t' && cp != '\n') ||
		    (cp >= 0x7f && cp < 0xa0) || cp == 0xfffe || cp == 0xffff)
			;       /* control characters and non-characters go */
		else {
			memcpy(o, p, len);
			o += len;
		}
		p += len;
	}
	*o = '\0';
	return out;
}

void
text_flatten(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\n' || *s == '\r' || *s == '\t')
			*s = ' ';
}

char *
text_line(const char *s)
{
	char *t = text_clean(s), *p, *o;
	bool space = false;

	for (p = o = t; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			space = o > t;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = *p;
	}
	*o = '\0';
	return t;
}

/* ---- cutting ---- */

size_t
text_prefix(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

char *
text_cut_bytes(const char *s, size_t max)
{
	char *out;
	size_t n;

	if (s == NULL)
		s = "";
	if (strlen(s) <= max)
		return xstrdup(s);
	n = text_prefix(s, max >= 3 ? max - 3 : 0);
	out = xmalloc(n + sizeof TEXT_ELLIPSIS);
	memcpy(out, s, n);
	memcpy(out + n, TEXT_ELLIPSIS, sizeof TEXT_ELLIPSIS);
	return out;
}

/* Copy S to O with each byte that starts no UTF-8 sequence as U+FFFD,
 * at most N characters of it; the end of the copy. */
static char *
copy_chars(char *o, const char *s, size_t n)
{
	size_t len;

	for (; n > 0 && *s != '\0'; n--) {
		if ((len = text_utf8_len(s, NULL)) == 0) {
			memcpy(o, TEXT_REPLACEMENT, 3);
			o += 3;
			s++;
			continue;
		}
		memcpy(o, s, len);
		o += len;
		s += len;
	}
	*o = '\0';
	return o;
}

/* The number of characters of S, each byte that is not UTF-8 one. */
static size_t
count_chars(const char *s)
{
	size_t n = 0;

	while (*s != '\0') {
		text_utf8_next(&s);
		n++;
	}
	return n;
}

char *
text_cut_chars(const char *s, size_t max)
{
	char *out, *o;

	if (s == NULL)
		s = "";
	out = xmalloc(strlen(s) * 3 + sizeof TEXT_ELLIPSIS);
	if (count_chars(s) <= max) {
		copy_chars(out, s, max);
		return out;
	}
	o = copy_chars(out, s, max > 0 ? max - 1 : 0);
	memcpy(o, TEXT_ELLIPSIS, sizeof TEXT_ELLIPSIS);
	return out;
}

char *
text_cut_words(const char *s, size_t max)
{
	char *out = text_cut_chars(s, (size_t)-1);
	const char *p = out;
	size_t cut, space = 0, i;

	if (count_chars(out) <= max)
		return out;
	for (i = 0; i + 1 < max; i++)
		text_utf8_next(&p);
	cut = (size_t)(p - out);
	for (i = 0; i < cut; i++)
		if (out[i] == ' ')
			space = i;
	/* Back to a space near the end, unless the cut falls at the end of
	 * a word anyway. */
	if (space > cut / 2 && out[cut] != ' ')
		cut = space;
	while (cut > 0 && out[cut - 1] == ' ')
		cut--;
	/* Room: at least one character follows CUT, and "…" has three
	 * bytes; text_cut_chars() allocated three per byte besides. */
	memcpy(out + cut, TEXT_ELLIPSIS, sizeof TEXT_ELLIPSIS);
	return out;
}

/* ---- formatting ---- */

char *
text_vformat(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory (formatting)");
	return s;
}

/* ---- the buffer ---- */

/* Room for N more bytes and a NUL in B. */
static void
reserve(struct textbuf *b, size_t n)
{
	size_t cap;

	if (n > (size_t)-1 / 4 - b->len)
		die("textbuf: %zu more bytes is too much", n);
	if (b->len + n + 1 <= b->cap)
		return;
	cap = b->cap > 0 ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->p = xreallocarray(b->p, cap, 1);
	b->cap = cap;
}

void
textbuf_add(struct textbuf *b, const char *s, size_t n)
{
	reserve(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
textbuf_str(struct textbuf *b, const char *s)
{
	textbuf_add(b, s, strlen(s));
}

void
textbuf_printf(struct textbuf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = text_vformat(fmt, ap);
	va_end(ap);
	textbuf_str(b, s);
	free(s);
}

void
textbuf_cp(struct textbuf *b, uint32_t c)
{
	char u[4];
	size_t n;

	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3f));
		u[2] = (char)(0x80 | (c >> 6 & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	textbuf_add(b, u, n);
}

void
textbuf_html(struct textbuf *b, const char *s, size_t n, bool is_attr_safe)
{
	size_t i, from = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'':
			if (!is_attr_safe)
				continue;
			rep = "&#39;";
			break;
		default: continue;
		}
		textbuf_add(b, s + from, i - from);
		textbuf_str(b, rep);
		from = i + 1;
	}
	textbuf_add(b, s + from, n - from);
}

void
textbuf_pct(struct textbuf *b, const char *s, size_t n, bool (*keep)(int c))
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[3] = { '%', 0, 0 };
	unsigned char c;
	size_t i;

	if (keep == NULL)
		keep = text_is_unreserved;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x80 && c != '\0' && keep(c)) {
			textbuf_add(b, s + i, 1);
			continue;
		}
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 15];
		textbuf_add(b, esc, 3);
	}
}

char *
textbuf_take(struct textbuf *b)
{
	char *p = b->p != NULL ? b->p : xstrdup("");

	memset(b, 0, sizeof *b);
	return p;
}

void
textbuf_clear(struct textbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* ---- addresses ---- */

static bool
sub_delim(int c)
{
	return c != '\0' && strchr("!$&'()*+,;=", c) != NULL;
}

static bool
userinfo_ok(int c)
{
	return text_is_unreserved(c) || sub_delim(c) || c == ':';
}

static bool
host_ok(int c)
{
	return text_is_unreserved(c) || sub_delim(c);
}

static bool
path_ok(int c)
{
	return text_is_unreserved(c) || sub_delim(c) || c == ':' || c == '@' ||
	    c == '/';
}

static bool
query_ok(int c)
{
	return path_ok(c) || c == '?';
}

/* The N bytes at P into B, percent-encoding each byte OK refuses and
 * each '%' that starts no escape. */
static void
uri_part(struct textbuf *b, const char *p, size_t n, bool (*ok)(int c))
{
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)p[i];
		if (c == '%' && i + 2 < n && text_is_xdigit(p[i + 1]) &&
		    text_is_xdigit(p[i + 2]))
			textbuf_add(b, "%", 1);
		else if (c != '%' && c < 0x80 && ok(c))
			textbuf_add(b, p + i, 1);
		else
			textbuf_pct(b, p + i, 1, NULL);
	}
}

/* Whether the N bytes at HOST make a plain host name. */
static bool
is_host_name(const char *host, size_t n)
{
	size_t i;

	if (n == 0 || host[0] == '.')
		return false;
	for (i = 0; i < n; i++)
		if (!text_is_alnum(host[i]) && host[i] != '.' && host[i] != '-')
			return false;
	return true;
}

char *
text_uri_clean(const char *url, size_t max, bool host_name_only)
{
	struct textbuf b = { 0 };
	const char *auth, *host, *hend, *aend, *p, *rest, *q, *f;
	char *copy, *out = NULL;
	size_t skip, n;

	while (text_is_space((unsigned char)*url))
		url++;
	n = strlen(url);
	while (n > 0 && text_is_space((unsigned char)url[n - 1]))
		n--;
	copy = xstrndup(url, n);
	if (strncasecmp(copy, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(copy, "http://", 7) == 0)
		skip = 7;
	else
		goto end;
	auth = copy + skip;
	aend = auth + strcspn(auth, "/?#");
	/* user information ends at the last '@'; the port starts after the
	 * host's last ':' and is digits only */
	host = auth;
	for (p = auth; p < aend; p++)
		if (*p == '@')
			host = p + 1;
	hend = aend;
	for (p = host; p < aend; p++)
		if (*p == ':')
			hend = p;
	for (p = hend < aend ? hend + 1 : aend; p < aend; p++)
		if (!text_is_digit(*p))
			goto end;
	if (hend == host || memchr(host, '[', (size_t)(aend - host)) != NULL ||
	    memchr(host, ']', (size_t)(aend - host)) != NULL)
		goto end;
	if (host_name_only && (host > auth ||
	    !is_host_name(host, (size_t)(hend - host))))
		goto end;
	for (p = copy; p < auth; p++)
		textbuf_cp(&b, (uint32_t)text_to_lower(*p));
	if (host > auth) {
		uri_part(&b, auth, (size_t)(host - 1 - auth), userinfo_ok);
		textbuf_add(&b, "@", 1);
	}
	if (host_name_only)
		for (p = host; p < hend; p++)
			textbuf_cp(&b, (uint32_t)text_to_lower(*p));
	else
		uri_part(&b, host, (size_t)(hend - host), host_ok);
	textbuf_add(&b, hend, (size_t)(aend - hend));        /* the port */
	rest = aend;
	q = rest + strcspn(rest, "?#");
	f = rest + strcspn(rest, "#");
	uri_part(&b, rest, (size_t)(q - rest), path_ok);
	if (q < f) {
		textbuf_add(&b, "?", 1);
		uri_part(&b, q + 1, (size_t)(f - q - 1), query_ok);
	}
	if (*f == '#') {
		textbuf_add(&b, "#", 1);
		uri_part(&b, f + 1, strlen(f + 1), query_ok);
	}
	if (b.len <= max)
		out = textbuf_take(&b);
end:
	textbuf_clear(&b);
	free(copy);
	return out;
}

/* Whether the N bytes at S are a language tag's shape. */
static bool
lang_ok(const char *s, size_t n)
{
	size_t i, run = 0;
	bool first = true;

	for (i = 0; i < n; i++) {
		if (s[i] == '-') {
			if (run == 0)
				return false;
			first = false;
			run = 0;
		} else if ((text_is_alpha(s[i]) ||
		    (!first && text_is_digit(s[i]))) && run < 8)
			run++;
		else
			return false;
	}
	return run > 0;
}

char *
text_lang_first(const char *list)
{
	size_t n;

	if (list == NULL)
		return NULL;
	list += strspn(list, " ");
	n = strcspn(list, ", ");
	return lang_ok(list, n) ? xstrndup(list, n) : NULL;
}

/* ---- numbers ---- */

void
text_real(double d, char *buf)
{
	const size_t n = TEXT_REAL_SIZE;
	int prec;
	char *p;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, n, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (strpbrk(buf, "eE") != NULL && (d >= 1e-4 || d <= -1e-4) &&
	    d < 1e15 && d > -1e15)
		for (prec = 0; prec <= 17; prec++) {
			snprintf(buf, n, "%.*f", prec, d);
			if (strtod(buf, NULL) == d)
				break;
		}
	/* A locale's decimal comma is not what a document wants. */
	if ((p = strchr(buf, ',')) != NULL)
		*p = '.';
	if (strpbrk(buf, ".eEn") == NULL && strlen(buf) + 3 <= n)
		strcat(buf, ".0");
}

/* ---- jansson ---- */

const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

const char *
jstr_nonempty(const json_t *o, const char *key)
{
	const char *s = jstr(o, key);

	return s != NULL && *s != '\0' ? s : NULL;
}

const char *
jstr_text(const json_t *o, const char *key)
{
	return text_nonblank(jstr(o, key));
}

void
jput(json_t *o, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		die("out of memory (json: %s)", key);
}

void
jpush(json_t *a, json_t *v)
{
	if (v == NULL || json_array_append_new(a, v) != 0)
		die("out of memory (json)");
}

json_t *
jtext(const char *s)
{
	json_t *j;
	char *fixed;
	size_t i, k, n;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	fixed = xmalloc(strlen(s) * 3 + 1);
	for (i = k = 0; s[i] != '\0'; i += n) {
		if ((n = text_utf8_len(s + i, NULL)) == 0) {
			memcpy(fixed + k, TEXT_REPLACEMENT, 3);
			k += 3;
			n = 1;
			continue;
		}
		memcpy(fixed + k, s + i, n);
		k += n;
	}
	fixed[k] = '\0';
	j = json_string(fixed);
	free(fixed);
	if (j == NULL)
		die("out of memory");
	return j;
}

char *
jdump(const json_t *v, size_t flags)
{
	char *s;

	if (v == NULL)
		return xstrdup("");
	if ((s = json_dumps(v, flags | JSON_ENCODE_ANY)) == NULL)
		die("out of memory (json)");
	return s;
}

char *
jdump_doc(const json_t *v, size_t flags, size_t *len)
{
	char *s, *t;
	size_t n;

	/* A document that could not be built was out of memory. */
	if (v == NULL)
		die("out of memory (json document)");
	s = jdump(v, flags);
	n = strlen(s);

	t = xreallocarray(s, n + 2, 1);
	t[n] = '\n';
	t[n + 1] = '\0';
	if (len != NULL)
		*len = n + 1;
	return t;
}
