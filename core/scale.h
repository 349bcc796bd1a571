/* core/scale.h - deterministic large databases for benchmarks. */
#ifndef HERALD_CORE_SCALE_H
#define HERALD_CORE_SCALE_H

#include <time.h>

#include "core/progress.h"
#include "core/session.h"

/* When, for N incidents built at NOW, the scale database was created:
 * create it with the clock pinned there, as with demo_start_time(). */
time_t      scale_start_time(time_t now, long n);
/* Fill S with N generated incidents and what hangs off them (at least ten
 * audit rows and two subscribers each; products, cycles and customers in
 * proportion), the same for the same SEED and clock. Admins only.
 * Reports progress in incidents through PROGRESS (may be NULL). */
enum status scale_build(struct session *s, long n, unsigned long seed,
    const struct progress *progress, struct err *err);

#endif
