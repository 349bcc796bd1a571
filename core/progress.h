/* core/progress.h - how long work reports how far it has got. */
#ifndef HERALD_CORE_PROGRESS_H
#define HERALD_CORE_PROGRESS_H

#include <stddef.h>

/* Called now and then with DONE of TOTAL units finished; core never
 * draws: the console shows a bar, the command line a line on stderr. */
typedef void (*progress_fn)(void *ctx, long done, long total);

struct progress {
	progress_fn fn;
	void       *ctx;
};

/* Report DONE of TOTAL through P (NULL or a NULL fn: nothing). */
static inline void
progress_report(const struct progress *p, long done, long total)
{
	if (p != NULL && p->fn != NULL)
		p->fn(p->ctx, done, total);
}

#endif
