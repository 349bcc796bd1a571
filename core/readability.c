/* core/readability.c - the Flesch reading ease of English text, so that
 * what non-technical readers get can be kept plain.
 *
 * The counting rules, which fix the score of any text:
 *   word      a run of characters between white space that holds at
 *             least one letter or digit ("well-known", "don't", "9.8"
 *             are one word each);
 *   sentence  ended by a word holding '.', '!', '?' or ';' (once per
 *             word; a '.' between digits, as in 9.8, ends nothing), or a
 *             run of them after a word, by the end of a
 *             line that holds words, and by the end of the text; a text
 *             with words has at least one;
 *   syllable  counted in each run of ASCII letters of a word: groups of
 *             vowels (a e i o u, and y after the start), less a silent
 *             final "e" (but not "-le" after a consonant, nor "-ee"),
 *             less the "e" of a final "-ed" or "-es" that is not heard
 *             (not after t or d, resp. s, x, z, ch, sh, c, g); at least
 *             one per letter run; a word without ASCII letters (digits,
 *             other scripts) counts one.
 */
#include "config.h"

#include "core/validate.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

static bool
is_vowel(const char *w, size_t i)
{
	char c = (char)tolower((unsigned char)w[i]);

	return strchr("aeiou", c) != NULL || (c == 'y' && i > 0);
}

/* Syllables of the N ASCII letters at W (N > 0). */
static int
syllables_of(const char *w, size_t n)
{
	char last = (char)tolower((unsigned char)w[n - 1]);
	char prev = n > 1 ? (char)tolower((unsigned char)w[n - 2]) : '\0';
	char prev2 = n > 2 ? (char)tolower((unsigned char)w[n - 3]) : '\0';
	int count = 0;
	bool in_group = false;
	size_t i;

	for (i = 0; i < n; i++) {
		bool v = is_vowel(w, i);

		if (v && !in_group)
			count++;
		in_group = v;
	}
	if (n > 2 && last == 'e' && prev != 'e' && prev != 'l' &&
	    !is_vowel(w, n - 2))
		count--;
	else if (n > 2 && last == 'e' && prev == 'l' && is_vowel(w, n - 3))
		count--;            /* "-ale", "-ole": the e is silent */
	else if (n > 3 && prev == 'e' && last == 'd' && prev2 != 't' &&
	    prev2 != 'd' && !is_vowel(w, n - 3))
		count--;
	else if (n > 3 && prev == 'e' && last == 's' &&
	    strchr("sxzcg", prev2) == NULL && !is_vowel(w, n - 3) &&
	    !(prev2 == 'h' && n > 4 && strchr("cs",
	    tolower((unsigned char)w[n - 4])) != NULL))
		count--;
	return count < 1 ? 1 : count;
}

/* Syllables of the word of N bytes at W. */
static int
word_syllables(const char *w, size_t n)
{
	size_t i = 0, start;
	int count = 0, other = 0;

	while (i < n) {
		if (isalpha((unsigned char)w[i]) && (unsigned char)w[i] < 0x80) {
			start = i;
			while (i < n && isalpha((unsigned char)w[i]) &&
			    (unsigned char)w[i] < 0x80)
				i++;
			count += syllables_of(w + start, i - start);
		} else {
			if (isalnum((unsigned char)w[i]) ||
			    (unsigned char)w[i] >= 0x80)
				other = 1;
			i++;
		}
	}
	return count > 0 ? count : other;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_stop(char c)
{
	return c == '.' || c == '!' || c == '?' || c == ';';
}

double
readability_flesch(const char *text)
{
	long words = 0, sentences = 0, syllables = 0;
	bool is_open = false;       /* words since the last sentence end */
	const char *p = text, *w;
	size_t i, n;
	bool has_word;

	if (text == NULL)
		return 100;
	while (*p != '\0') {
		if (*p == '\n') {
			if (is_open)
				sentences++;
			is_open = false;
			p++;
			continue;
		}
		if (is_space(*p)) {
			p++;
			continue;
		}
		for (w = p; *p != '\0' && !is_space(*p); p++)
			;
		n = (size_t)(p - w);
		has_word = false;
		for (i = 0; i < n; i++)
			if (isalnum((unsigned char)w[i]) ||
			    (unsigned char)w[i] >= 0x80)
				has_word = true;
		if (has_word) {
			words++;
			syllables += word_syllables(w, n);
			is_open = true;
		}
		/* One end at most per word: "e.g." ends one sentence. */
		for (i = 0; i < n && is_open; i++) {
			if (!is_stop(w[i]))
				continue;
			if (w[i] == '.' && i > 0 && i + 1 < n &&
			    isdigit((unsigned char)w[i - 1]) &&
			    isdigit((unsigned char)w[i + 1]))
				continue;
			sentences++;
			is_open = false;
		}
	}
	if (is_open)
		sentences++;
	if (words == 0)
		return 100;
	return 206.835 - 1.015 * ((double)words / (double)sentences) -
	    84.6 * ((double)syllables / (double)words);
}
