/* core/text.h - text helpers the exporters share: UTF-8, cleaning,
 * one-line text, cutting at a character boundary, a growable buffer,
 * percent-encoding, numbers as documents write them, and the few jansson
 * calls every exporter repeats. Character classes here are ASCII's
 * whatever the locale: what goes into a document must not depend on the
 * reader's LC_CTYPE or LC_NUMERIC. */
#ifndef HERALD_CORE_TEXT_H
#define HERALD_CORE_TEXT_H

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TEXT_ELLIPSIS    "\xe2\x80\xa6"   /* U+2026: where text was cut */
#define TEXT_REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD: for a byte not UTF-8 */

/* ---- characters (ASCII only, whatever the locale) ---- */

bool   text_is_alpha(int c);
bool   text_is_digit(int c);
bool   text_is_alnum(int c);
bool   text_is_xdigit(int c);
/* Space, tab, line feed, carriage return, vertical tab, form feed. */
bool   text_is_space(int c);
/* RFC 3986 unreserved: letters, digits, '-', '.', '_', '~'. */
bool   text_is_unreserved(int c);
int    text_to_lower(int c);
int    text_to_upper(int c);

/* S, unless it is NULL or holds nothing but white space: then NULL. */
const char *text_nonblank(const char *s);

/* ---- UTF-8 ---- */

/* The length of the valid UTF-8 sequence at P (NUL-terminated), or 0
 * when none starts there (RFC 3629: no overlong form, surrogate or code
 * point past U+10FFFF); the code point into *CP (may be NULL). Never
 * reads past a NUL. */
size_t   text_utf8_len(const char *p, uint32_t *cp);
/* The code point at *PP, moving *PP past it; a byte that starts no valid
 * sequence gives U+FFFD and moves one byte. */
uint32_t text_utf8_next(const char **pp);
/* Whether S (NULL: no) is valid UTF-8 throughout. */
bool     text_utf8_valid(const char *s);

/* ---- cleaning ---- */

/* S made safe for every output (the document model's cleaner): invalid
 * UTF-8 as U+FFFD, control characters other than tab and newline and
 * U+FFFE/U+FFFF dropped, "\r\n" and a lone "\r" as "\n". NULL gives "".
 * Allocated. */
char  *text_clean(const char *s);
/* S on one line, in place: line breaks and tabs as spaces, so a value can
 * add no line to a heading, a Subject or a list item. */
void   text_flatten(char *s);
/* S cleaned (text_clean()) and on one line: each run of white space as
 * one space, none at either end (a feed's titles and summaries). NULL
 * gives "". Allocated. */
char  *text_line(const char *s);

/* ---- cutting at a character boundary ---- */

/* The length of the longest prefix of S (valid UTF-8) of at most MAX
 * bytes that ends on a character boundary. */
size_t text_prefix(const char *s, size_t max);
/* S cut to at most MAX bytes (MAX >= 3) on a character boundary, the
 * last three "…" when it was cut: for limits counted in bytes. NULL gives
 * "". Allocated. */
char  *text_cut_bytes(const char *s, size_t max);
/* S cut to at most MAX characters (MAX >= 1; code points, as JSON Schema
 * counts them), the last one "…" when it was cut; invalid UTF-8 as
 * U+FFFD. NULL gives "". Allocated. */
char  *text_cut_chars(const char *s, size_t max);
/* As text_cut_chars(), but the cut goes back to the last space when one
 * is in the second half, and spaces before "…" go: for a summary. */
char  *text_cut_words(const char *s, size_t max);

/* ---- formatting ---- */

/* xasprintf() for a va_list: the formatted text; dies when out of
 * memory. Allocated. */
char  *text_vformat(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

/* ---- a growable buffer ---- */

/* Start as { 0 }; P is NUL-terminated once anything was added. */
struct textbuf {
	char   *p;
	size_t  len, cap;
};

void   textbuf_add(struct textbuf *b, const char *s, size_t n);
void   textbuf_str(struct textbuf *b, const char *s);
void   textbuf_printf(struct textbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Code point CP as UTF-8. */
void   textbuf_cp(struct textbuf *b, uint32_t cp);
/* The N bytes at S with & < > " (and ' when IS_ATTR_SAFE: &#39;) as
 * HTML character references. */
void   textbuf_html(struct textbuf *b, const char *s, size_t n,
    bool is_attr_safe);
/* The N bytes at S, each byte KEEP refuses (NULL: each byte but the
 * unreserved ones) as %XX, uppercase hex. */
void   textbuf_pct(struct textbuf *b, const char *s, size_t n,
    bool (*keep)(int c));
/* The text, never NULL; B is left empty. */
char  *textbuf_take(struct textbuf *b);
void   textbuf_clear(struct textbuf *b);

/* ---- addresses ---- */

/* URL (http or https, with a host) as a URI the "uri" format of JSON
 * Schema accepts (RFC 3986), for CSAF and CVE records: white space at the
 * ends dropped, the scheme in lowercase, each byte that may not stand
 * where it is percent-encoded (a '%' that starts an escape is kept). NULL
 * when it is no such URL (IPv6 literals included, a port that is not a
 * number), or longer than MAX bytes once cleaned. With IS_HOST_NAME the
 * host must be a plain host name (ASCII letters, digits, '.', '-';
 * lowercased) and no user information is taken. Allocated. */
char  *text_uri_clean(const char *url, size_t max, bool is_host_name);

/* The first language tag of LIST (comma-separated, as security.languages
 * holds them) when it has the shape of one
 * ([A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*, what Atom's xml:lang and HTML's
 * lang take), else NULL. Allocated. */
char  *text_lang_first(const char *list);

/* ---- numbers ---- */

#define TEXT_REAL_SIZE 40
/* D as the shortest text that reads back as D, with a point or an
 * exponent so it still reads as a real (9.8, 5.0, 1e+300), and '.' for
 * the point whatever LC_NUMERIC says. BUF holds TEXT_REAL_SIZE bytes. */
void   text_real(double d, char *buf);

/* ---- jansson ---- */

/* KEY of O as a string; NULL when O or KEY is absent or not a string. */
const char *jstr(const json_t *o, const char *key);
/* jstr(), but NULL for "" too. */
const char *jstr_nonempty(const json_t *o, const char *key);
/* jstr(), but NULL unless it holds something other than white space. */
const char *jstr_text(const json_t *o, const char *key);
/* Set KEY of O to V (reference taken); a NULL V or a failure is out of
 * memory (a string that is not UTF-8 never gets here: the model cleaned
 * it), so it dies rather than leave a key silently out. */
void        jput(json_t *o, const char *key, json_t *v);
/* Append V to array A (reference taken); dies as jput() does. */
void        jpush(json_t *a, json_t *v);
/* S as a JSON string: NULL as null, a byte that is not UTF-8 as U+FFFD
 * (JSON holds only Unicode); dies when out of memory. */
json_t     *jtext(const char *s);
/* V as JSON text with FLAGS (JSON_ENCODE_ANY added; an absent V gives
 * ""), for stamps; dies when out of memory. Allocated. */
char       *jdump(const json_t *v, size_t flags);
/* V as a document: JSON text with FLAGS and a final newline, its length
 * into *LEN (may be NULL); dies when out of memory, as a NULL V (what a
 * failed json_pack() gives) is. Allocated. */
char       *jdump_doc(const json_t *v, size_t flags, size_t *len);

#endif
