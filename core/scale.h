/* core/scale.h - deterministic large databases for benchmarks. */
#ifndef HERALD_CORE_SCALE_H
#define HERALD_CORE_SCALE_H

#include "core/progress.h"
#include "core/session.h"

/* Fill S with N generated incidents and what hangs off them (at least ten
 * audit rows and two subscribers each; products, cycles and customers in
 * proportion), the same for the same SEED and clock. Admins only.
 * Reports progress in incidents through PROGRESS (may be NULL). */
enum status scale_build(struct session *s, long n, unsigned long seed,
    const struct progress *progress, struct err *err);

#endif
