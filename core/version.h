/* core/version.h - herald's own version and lifecycle dates. */
#ifndef HERALD_CORE_VERSION_H
#define HERALD_CORE_VERSION_H

#include <stdbool.h>

/* herald's lifecycle, from configure.ac; dates are YYYY-MM-DD. */
struct version_info {
	const char *product;               /* "herald" */
	const char *version;               /* "0.1.0" */
	const char *cycle;                 /* "0.1": major.minor */
	const char *release_date;
	const char *active_support_end;
	const char *security_support_end;
	const char *eol;
	bool        is_lts;
};

/* The lifecycle of this build; static storage. */
const struct version_info *version_get(void);
/*
 * The lifecycle as a JSON object, keys in a fixed order: herald's names
 * (product, version, cycle, releaseDate, activeSupportEnd,
 * securitySupportEnd, eol) then endoflife.date's (support, latest, lts).
 * Indented, no trailing newline; caller frees.
 */
char       *version_json(void);

#endif
