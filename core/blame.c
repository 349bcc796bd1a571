/* core/blame.c - the blame-free check of external reports: a report says
 * what happened to the system, never who did it. */
#include "config.h"

#include "core/validate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/user.h"
#include "util/xalloc.h"

/* Names shorter than this (in characters) are not looked for: "Al" or
 * "ed" would match ordinary words. */
#define NAME_MIN 3

/* Phrases that put the fault on people. */
static const char *const phrases[] = {
	"human error", "user error", "operator error", "failed to",
	"fault of", "at fault", "to blame", "blamed", "careless",
	"carelessness", "negligent", "negligence", "neglected",
	"should have", "mistake by", "mistake of", "responsible for the",
	"forgot to", "did not follow", "didn't follow", "incompetent",
	"incompetence", "reckless", NULL,
};

/* The earliest hit so far. */
struct hit {
	const char *at;           /* in the text; NULL when none */
	size_t      len;
	char        what[128];    /* the name or phrase, as listed */
	bool        is_person;
};

static bool
is_word_byte(char c)
{
	return isalnum((unsigned char)c) || (unsigned char)c >= 0x80 ||
	    c == '_';
}

static size_t
utf8_chars(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

/* The first whole-word occurrence of NEEDLE (N bytes) in TEXT, ASCII case
 * aside; with IS_CAPITAL only where its first letter is upper case. */
static const char *
find_word(const char *text, const char *needle, size_t n, bool is_capital)
{
	const char *p;
	size_t i;

	for (p = text; *p != '\0'; p++) {
		if (p > text && is_word_byte(p[-1]))
			continue;
		for (i = 0; i < n && p[i] != '\0'; i++)
			if (tolower((unsigned char)p[i]) !=
			    tolower((unsigned char)needle[i]))
				break;
		if (i < n || is_word_byte(p[n]))
			continue;
		if (is_capital && !isupper((unsigned char)p[0]))
			continue;
		return p;
	}
	return NULL;
}

/* Look for NAME (N bytes) in TEXT and keep it in H when it comes first. */
static void
try_one(struct hit *h, const char *text, const char *name, size_t n,
    bool is_person, bool is_capital)
{
	const char *at;

	while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		n--;
	while (n > 0 && (*name == ' ' || *name == '\t')) {
		name++;
		n--;
	}
	if (utf8_chars(name, n) < NAME_MIN)
		return;
	if ((at = find_word(text, name, n, is_capital)) == NULL)
		return;
	if (h->at != NULL && (at > h->at || (at == h->at && n <= h->len)))
		return;
	h->at = at;
	h->len = n;
	h->is_person = is_person;
	snprintf(h->what, sizeof h->what, "%.*s", (int)n, name);
}

/* A person's NAME: whole, and each part of it written with a capital
 * ("Alice" of "Alice Smith"). */
static void
try_name(struct hit *h, const char *text, const char *name)
{
	const char *p, *q;

	try_one(h, text, name, strlen(name), true, false);
	if (strchr(name, ' ') == NULL)
		return;
	for (p = name; *p != '\0'; p = q) {
		while (*p == ' ')
			p++;
		for (q = p; *q != '\0' && *q != ' '; q++)
			;
		if (q > p)
			try_one(h, text, p, (size_t)(q - p), true, true);
	}
}

/* Each of the names of STAFF, one a line. */
static void
try_staff(struct hit *h, const char *text, const char *staff)
{
	const char *p, *nl;
	char *name;

	for (p = staff; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 :
	    NULL) {
		nl = strchr(p, '\n');
		name = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		if (*name != '\0' && name[strlen(name) - 1] == '\r')
			name[strlen(name) - 1] = '\0';
		try_name(h, text, name);
		free(name);
	}
}

/* Each of herald's users who has not been erased: name and login. */
static void
try_users(struct hit *h, struct session *s, const char *text)
{
	struct rowlist users;
	struct user *u;
	size_t i;

	rowlist_init(&users, sizeof(struct user));
	if (user_list(s, &users, NULL) == ST_OK)
		for (i = 0; i < users.count; i++) {
			u = rowlist_at(&users, i);
			if (u->erased_at != NULL)
				continue;
			if (u->name != NULL)
				try_name(h, text, u->name);
			if (u->login != NULL)
				try_one(h, text, u->login, strlen(u->login),
				    true, false);
		}
	rowlist_free(&users, (row_clear_fn)user_clear);
}

bool
blame_check(struct session *s, const char *text, const char *staff,
    char *warning)
{
	struct hit h;
	size_t i;

	memset(&h, 0, sizeof h);
	if (warning != NULL)
		warning[0] = '\0';
	if (text == NULL || *text == '\0')
		return false;
	if (s != NULL)
		try_users(&h, s, text);
	if (staff != NULL)
		try_staff(&h, text, staff);
	for (i = 0; phrases[i] != NULL; i++)
		try_one(&h, text, phrases[i], strlen(phrases[i]), false, false);
	if (h.at == NULL)
		return false;
	if (warning != NULL && h.is_person)
		snprintf(warning, VALIDATE_WARN_MAX, "names \"%s\" (a person); "
		    "external reports are blame-free", h.what);
	else if (warning != NULL)
		snprintf(warning, VALIDATE_WARN_MAX, "\"%s\" blames people; "
		    "describe what happened to the system", h.what);
	return true;
}
