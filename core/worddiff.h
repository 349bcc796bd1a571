/* core/worddiff.h - what changed between two texts, word by word, for an
 * approver who approved the one and now reads the other. */
#ifndef HERALD_CORE_WORDDIFF_H
#define HERALD_CORE_WORDDIFF_H

#include <stddef.h>

enum wd_op { WD_SAME, WD_DEL, WD_INS };

/* One run of text: words and the white space between them, as in the
 * text they come from (so joining every SAME and INS run gives NEW back,
 * and every SAME and DEL run gives OLD back). */
struct wd_run {
	enum wd_op  op;
	char       *text;
};

struct worddiff {
	struct wd_run *runs;
	size_t         n;
	size_t         n_changed;   /* DEL and INS runs */
};
void worddiff_clear(struct worddiff *d);

/* The word-level difference between OLD and NEW (either may be NULL,
 * meaning empty): the longest common subsequence of their words, runs of
 * the same op joined. Bounded: texts too long for an exact answer are
 * compared line by line first. */
void worddiff(const char *old, const char *new_text, struct worddiff *out);

/* D as plain text with "[-deleted-]" and "{+inserted+}" marks, for the
 * command line and monochrome screens. Allocated. */
char *worddiff_marked(const struct worddiff *d);

#endif
