/* core/canon.c - RFC 8785 canonical JSON (JCS).
 *
 * Three things make one JSON value one byte sequence: member names in
 * the order of their UTF-16 code units, strings with exactly the escapes
 * ECMAScript's JSON.stringify() writes, and numbers as ECMAScript's
 * Number.prototype.toString() writes them. Anything JSON cannot carry
 * the same way everywhere (a number that is not finite, an integer past
 * 2^53, a string that is not UTF-8) is refused rather than approximated:
 * a hash over an approximation would mean nothing. */
#include "config.h"

#include "core/canon.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "util/xalloc.h"

/* The largest integer an IEEE double holds exactly, with all below it. */
#define CANON_INT_MAX 9007199254740992LL      /* 2^53 */

struct walk {
	struct textbuf out;
	struct textbuf at;      /* the JSON Pointer of the value being written */
	struct err    *err;
};

/* ---- UTF-8 ---- */

/* The length of the valid UTF-8 sequence at P (N bytes left), 0 when
 * none starts there; its code point into *CP. NUL is a character here: a
 * jansson string may hold one. jansson ends every string and key with a
 * NUL at P[N], so text_utf8_len() never reads past the N bytes. */
static size_t
utf8_seq(const unsigned char *p, size_t n, uint32_t *cp)
{
	return n > 0 ? text_utf8_len((const char *)p, cp) : 0;
}

/* The offset of the first byte of S (N bytes) that starts no valid
 * UTF-8 sequence, or N when there is none. */
static size_t
utf8_bad_at(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t i = 0, len;

	while (i < n) {
		if ((len = utf8_seq(p + i, n - i, &cp)) == 0)
			return i;
		i += len;
	}
	return n;
}

/* ---- where we are ---- */

/* Append KEY (N bytes) to the pointer as one reference token (RFC 6901:
 * '~' as "~0", '/' as "~1"); returns the length to go back to. */
static size_t
at_push(struct walk *w, const char *key, size_t n)
{
	size_t was = w->at.len, i;

	textbuf_add(&w->at, "/", 1);
	for (i = 0; i < n; i++) {
		if (key[i] == '~')
			textbuf_add(&w->at, "~0", 2);
		else if (key[i] == '/')
			textbuf_add(&w->at, "~1", 2);
		else
			textbuf_add(&w->at, key + i, 1);
	}
	return was;
}

static size_t
at_push_index(struct walk *w, size_t i)
{
	size_t was = w->at.len;

	textbuf_printf(&w->at, "/%zu", i);
	return was;
}

static void
at_pop(struct walk *w, size_t was)
{
	w->at.len = was;
	w->at.p[was] = '\0';
}

static enum status
refuse(struct walk *w, const char *what)
{
	const char *at = w->at.p != NULL && w->at.len > 0 ? w->at.p : "";

	/* The pointer of the whole value is "", which reads as nothing. */
	return err_set(w->err, ST_INVALID, "canonical JSON: at \"%.300s\"%s: "
	    "%s", at, *at == '\0' ? " (the whole value)" : "", what);
}

/* ---- strings ---- */

/* S (N bytes, checked as UTF-8 already) as a JSON string the way
 * JSON.stringify() writes it. */
static void
put_string(struct textbuf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, run = 0;
	char esc[8];

	textbuf_add(b, "\"", 1);
	for (i = 0; i < n; i++) {
		const char *e = NULL;

		switch (p[i]) {
		case '\b': e = "\\b"; break;
		case '\t': e = "\\t"; break;
		case '\n': e = "\\n"; break;
		case '\f': e = "\\f"; break;
		case '\r': e = "\\r"; break;
		case '"':  e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		default:
			if (p[i] < 0x20) {
				snprintf(esc, sizeof esc, "\\u%04x", p[i]);
				e = esc;
			}
		}
		if (e == NULL)
			continue;
		/* Everything between escapes goes out as it is. */
		textbuf_add(b, s + run, i - run);
		textbuf_add(b, e, strlen(e));
		run = i + 1;
	}
	textbuf_add(b, s + run, n - run);
	textbuf_add(b, "\"", 1);
}

static enum status
check_utf8(struct walk *w, const char *s, size_t n, const char *what)
{
	size_t bad = utf8_bad_at(s, n);
	char msg[160];

	if (bad == n)
		return ST_OK;
	snprintf(msg, sizeof msg, "%s is not valid UTF-8 (byte %zu of %zu, "
	    "0x%02x)", what, bad + 1, n, (unsigned char)s[bad]);
	return refuse(w, msg);
}

/* ---- numbers ---- */

/* Whether the decimal DIG (a string of digits) times 10^EXP reads back
 * as exactly V. The text has no decimal point, so no locale can read it
 * differently. */
static bool
reads_back(const char *dig, int exp, double v)
{
	char buf[48];

	snprintf(buf, sizeof buf, "%se%d", dig, exp);
	return strtod(buf, NULL) == v;
}

/* DIG (P digits) one unit in its last place up (UP) or down, keeping P
 * digits: 999 up is 100 with *EXP one more, 100 down is 999 with *EXP one
 * less. Value = DIG * 10^*EXP. */
static void
step_digits(char *dig, size_t p, int *exp, bool up)
{
	size_t i = p;

	while (i-- > 0) {
		if (up && dig[i] != '9') {
			dig[i]++;
			return;
		}
		if (!up && dig[i] != '0') {
			dig[i]--;
			if (i == 0 && dig[0] == '0') {
				/* 1000 down is 0999: 9999 a place lower. */
				memset(dig, '9', p);
				(*exp)--;
			}
			return;
		}
		dig[i] = up ? '0' : '9';
	}
	/* 999 up: 1000, written as 100 a place higher. */
	dig[0] = '1';
	memset(dig + 1, '0', p - 1);
	(*exp)++;
}

/* V (> 0, finite) correctly rounded to P significant digits: DIG gets
 * them, *EXP the power of ten of the last (V ~ DIG * 10^*EXP). */
static void
rounded_digits(double v, size_t p, char *dig, int *exp)
{
	char buf[48];
	const char *q;
	size_t k = 0;

	/* "d.ddde+XX", the point as the locale has it: only digits are
	 * taken. */
	snprintf(buf, sizeof buf, "%.*e", (int)p - 1, v);
	for (q = buf; *q != '\0' && *q != 'e'; q++)
		if (*q >= '0' && *q <= '9' && k < p)
			dig[k++] = *q;
	dig[k] = '\0';
	*exp = atoi(q + 1) - (int)(p - 1);
}

/*
 * The shortest digits that read back as V (> 0, finite), as ECMAScript
 * picks them (ECMA-262, Number::toString): the fewest digits K, and of
 * those the closest to V. DIG gets the K digits, *N the exponent such
 * that V = 0.DIG * 10^N. At each length the correctly rounded digits
 * are the closest; where they miss (next to a power of two, where the
 * doubles below are closer together than those above) the one step
 * above or below may still read back.
 */
static size_t
shortest_digits(double v, char dig[20], int *n)
{
	char cand[20];
	size_t p, k;
	int e, ce;

	for (p = 1; p <= 17; p++) {
		rounded_digits(v, p, cand, &e);
		if (reads_back(cand, e, v))
			goto found;
		ce = e;
		step_digits(cand, p, &ce, true);
		if (reads_back(cand, ce, v)) {
			e = ce;
			goto found;
		}
		rounded_digits(v, p, cand, &e);
		ce = e;
		step_digits(cand, p, &ce, false);
		if (reads_back(cand, ce, v)) {
			e = ce;
			goto found;
		}
	}
	/* Seventeen significant digits always read back. */
	die("canon: no digits read back as %a", v);
found:
	k = strlen(cand);
	while (k > 1 && cand[k - 1] == '0') {
		k--;
		e++;
	}
	memcpy(dig, cand, k);
	dig[k] = '\0';
	*n = e + (int)k;
	return k;
}

/* Finite V as Number.prototype.toString() writes it (ECMA-262,
 * Number::toString with radix 10). */
static void
es_number(double v, char *out, size_t size)
{
	char dig[20];
	int n, i;
	size_t k, o = 0;

	if (v == 0) {                   /* -0 too */
		snprintf(out, size, "0");
		return;
	}
	if (v < 0) {
		out[o++] = '-';
		v = -v;
	}
	k = shortest_digits(v, dig, &n);
	if ((int)k <= n && n <= 21) {
		/* 1e+21 is the first integer written with an exponent. */
		o += snprintf(out + o, size - o, "%s", dig);
		for (i = (int)k; i < n; i++)
			out[o++] = '0';
		out[o] = '\0';
	} else if (0 < n && n <= 21)
		snprintf(out + o, size - o, "%.*s.%s", n, dig, dig + n);
	else if (-6 < n && n <= 0) {
		o += snprintf(out + o, size - o, "0.");
		for (i = 0; i < -n; i++)
			out[o++] = '0';
		snprintf(out + o, size - o, "%s", dig);
	} else
		snprintf(out + o, size - o, "%c%s%se%c%d", dig[0],
		    k > 1 ? "." : "", dig + 1, n - 1 > 0 ? '+' : '-',
		    abs(n - 1));
}

enum status
canon_number(double v, char *out, struct err *err)
{
	out[0] = '\0';
	if (isnan(v))
		return err_set(err, ST_INVALID, "canonical JSON: NaN is not a "
		    "JSON number");
	if (isinf(v))
		return err_set(err, ST_INVALID, "canonical JSON: %sInfinity is "
		    "not a JSON number", v < 0 ? "-" : "");
	es_number(v, out, CANON_NUMBER_SIZE);
	return ST_OK;
}

/* ---- objects: member names in UTF-16 order ---- */

struct member {
	const char *key;
	size_t      len;
	json_t     *value;
};

/* The next UTF-16 code unit of *P (valid UTF-8, up to END): a code point
 * past U+FFFF is two, the high surrogate first; *LOW holds the second
 * until it is taken. */
static uint32_t
next_unit(const unsigned char **p, const unsigned char *end, uint32_t *low)
{
	uint32_t cp = 0;
	size_t len;

	if (*low != 0) {
		cp = *low;
		*low = 0;
		return cp;
	}
	len = utf8_seq(*p, (size_t)(end - *p), &cp);
	*p += len != 0 ? len : 1;
	if (cp < 0x10000)
		return cp;
	cp -= 0x10000;
	*low = 0xdc00 | (cp & 0x3ff);
	return 0xd800 | cp >> 10;
}

static int
member_cmp(const void *va, const void *vb)
{
	const struct member *a = va, *b = vb;
	const unsigned char *pa = (const unsigned char *)a->key,
	    *pb = (const unsigned char *)b->key;
	const unsigned char *ea = pa + a->len, *eb = pb + b->len;
	uint32_t la = 0, lb = 0, ua, ub;

	while ((pa < ea || la != 0) && (pb < eb || lb != 0)) {
		ua = next_unit(&pa, ea, &la);
		ub = next_unit(&pb, eb, &lb);
		if (ua != ub)
			return ua < ub ? -1 : 1;
	}
	/* A name that is a prefix of the other comes first. */
	return (pa < ea || la != 0) - (pb < eb || lb != 0);
}

static enum status put_value(struct walk *w, const json_t *v);

static enum status
put_object(struct walk *w, const json_t *v)
{
	struct member *m = NULL;
	size_t n = json_object_size(v), i = 0, was;
	void *it;
	enum status st = ST_OK;

	if (n > 0)
		m = xcalloc(n, sizeof *m);
	for (it = json_object_iter((json_t *)v); it != NULL && i < n;
	    it = json_object_iter_next((json_t *)v, it), i++) {
		m[i].key = json_object_iter_key(it);
		m[i].len = json_object_iter_key_len(it);
		m[i].value = json_object_iter_value(it);
		if ((st = check_utf8(w, m[i].key, m[i].len, "a member's "
		    "name")) != ST_OK)
			goto end;
	}
	n = i;
	if (n > 1)              /* M is NULL for {}: qsort wants an array */
		qsort(m, n, sizeof *m, member_cmp);
	textbuf_add(&w->out, "{", 1);
	for (i = 0; i < n; i++) {
		if (i > 0)
			textbuf_add(&w->out, ",", 1);
		put_string(&w->out, m[i].key, m[i].len);
		textbuf_add(&w->out, ":", 1);
		was = at_push(w, m[i].key, m[i].len);
		st = put_value(w, m[i].value);
		if (st != ST_OK)
			goto end;
		at_pop(w, was);
	}
	textbuf_add(&w->out, "}", 1);
end:
	free(m);
	return st;
}

static enum status
put_value(struct walk *w, const json_t *v)
{
	char num[CANON_NUMBER_SIZE];
	json_int_t iv;
	size_t i, was;
	enum status st;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return put_object(w, v);
	case JSON_ARRAY:
		textbuf_add(&w->out, "[", 1);
		for (i = 0; i < json_array_size(v); i++) {
			if (i > 0)
				textbuf_add(&w->out, ",", 1);
			was = at_push_index(w, i);
			if ((st = put_value(w, json_array_get(v, i))) != ST_OK)
				return st;
			at_pop(w, was);
		}
		textbuf_add(&w->out, "]", 1);
		return ST_OK;
	case JSON_STRING:
		if ((st = check_utf8(w, json_string_value(v),
		    json_string_length(v), "the string")) != ST_OK)
			return st;
		put_string(&w->out, json_string_value(v), json_string_length(v));
		return ST_OK;
	case JSON_INTEGER:
		iv = json_integer_value(v);
		if (iv > CANON_INT_MAX || iv < -CANON_INT_MAX) {
			char what[128];

			snprintf(what, sizeof what, "the integer %lld is beyond "
			    "+-2^53 (9007199254740992), so no JSON number holds "
			    "it exactly", (long long)iv);
			return refuse(w, what);
		}
		textbuf_printf(&w->out, "%lld", (long long)iv);
		return ST_OK;
	case JSON_REAL:
		if (canon_number(json_real_value(v), num, NULL) != ST_OK)
			return refuse(w, "a number that is not finite (NaN or "
			    "Infinity) is not JSON");
		textbuf_str(&w->out, num);
		return ST_OK;
	case JSON_TRUE:
		textbuf_str(&w->out, "true");
		return ST_OK;
	case JSON_FALSE:
		textbuf_str(&w->out, "false");
		return ST_OK;
	case JSON_NULL:
		textbuf_str(&w->out, "null");
		return ST_OK;
	}
	return refuse(w, "a value of no JSON type");
}

enum status
canon_json(const json_t *v, char **out, size_t *len, struct err *err)
{
	struct walk w;
	enum status st;

	memset(&w, 0, sizeof w);
	w.err = err;
	*out = NULL;
	if (len != NULL)
		*len = 0;
	textbuf_str(&w.at, "");
	if (v == NULL)
		st = err_set(err, ST_INVALID, "canonical JSON: no value");
	else
		st = put_value(&w, v);
	if (st == ST_OK) {
		if (len != NULL)
			*len = w.out.len;
		*out = textbuf_take(&w.out);
	}
	textbuf_clear(&w.out);
	textbuf_clear(&w.at);
	return st;
}
