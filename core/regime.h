/* core/regime.h - regulatory regimes and the vendor's own severity table,
 * as data files (share/regimes/NAME.yaml, or the same name under the
 * configuration directory, which wins): the clocks each one sets. */
#ifndef HERALD_CORE_REGIME_H
#define HERALD_CORE_REGIME_H

#include <stddef.h>

#include "core/playbook.h"

struct regime_clock {
	char          *id;             /* "regulator", "early-warning" */
	char          *title;          /* "Notify the supervisory authority" */
	char          *from;           /* awareness, discovery, fix-available,
	                                * started */
	struct pb_span within;
	char         **severities;     /* applies only at these incident
	                                * severities; none = all */
	size_t         n_severities;
	char          *audience;       /* regulator, customers, public,
	                                * internal; NULL = any */
	char          *basis;          /* "GDPR art. 33(1)"; may be NULL */
	int            phase;          /* the revision whose publication stops
	                                * it (1 when not given) */
};

struct regime {
	char                *name;     /* file name without .yaml */
	char                *title;    /* "EU General Data Protection Regulation" */
	char                *source;   /* where the times come from; may be NULL */
	struct regime_clock *clocks;
	size_t               n_clocks;
};

/* Load regime NAME (see the file comment). Problems give ST_INVALID
 * with "FILE:LINE:COL: message". */
enum status regime_load(const char *name, struct regime **out,
    struct err *err);
/* Parse regime TEXT named SOURCE, for tests and lint. */
enum status regime_parse(const char *text, size_t len, const char *source,
    struct regime **out, struct err *err);
void        regime_free(struct regime **r);
/* The clock ID of R, or NULL. */
const struct regime_clock *regime_clock(const struct regime *r, const char *id);

#endif
