/* core/publisher_fault.c - fault injection for the crash tests: with
 * HERALD_FAULT set, the sender kills itself at a chosen point, so a test
 * can show that what was leased or sent is neither lost nor sent twice.
 */
#include "config.h"

#include "core/publisher_run.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* HERALD_FAULT: "after-lease" or "after-send", optionally ":N". */
void
fault_init(struct fault *f)
{
	const char *v = getenv("HERALD_FAULT"), *colon;
	size_t n;

	memset(f, 0, sizeof *f);
	f->nth = 1;
	if (v == NULL || *v == '\0')
		return;
	colon = strchr(v, ':');
	n = colon != NULL ? (size_t)(colon - v) : strlen(v);
	if (n == 11 && strncmp(v, "after-lease", n) == 0)
		f->point = FAULT_AFTER_LEASE;
	else if (n == 10 && strncmp(v, "after-send", n) == 0)
		f->point = FAULT_AFTER_SEND;
	if (colon != NULL && atol(colon + 1) > 0)
		f->nth = atol(colon + 1);
}

void
fault_reach(struct fault *f, enum fault_point point)
{
	if (f->point == point && ++f->seen == f->nth)
		raise(SIGKILL);
}
