/* core/cvss.h - CVSS v3.1 and v4.0 vectors: parse, validate and score
 * exactly as FIRST's specifications and official calculators do. */
#ifndef HERALD_CORE_CVSS_H
#define HERALD_CORE_CVSS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define CVSS_VECTOR_MAX 256

enum cvss_version {
	CVSS_V3_1 = 31,
	CVSS_V4_0 = 40,
};

/* A score and its qualitative severity (None, Low, Medium, High,
 * Critical). */
struct cvss_value {
	bool        is_set;
	double      score;            /* 0.0 - 10.0, one decimal */
	const char *severity;         /* "None" ... "Critical" */
};

struct cvss_result {
	enum cvss_version version;
	char              vector[CVSS_VECTOR_MAX]; /* normalised: metrics in
	                                  * the specification's order */
	/* v3.1: base always; temporal and environmental are set when the
	 * vector gives a metric of those groups a value other than X. Their
	 * score and severity are filled in even when not set: the official
	 * calculator shows them for every vector (for S:C the environmental
	 * score can differ from the base score).
	 * v4.0: base is CVSS-B (the base metrics alone), always set;
	 * temporal is CVSS-BT (the threat group) when E is given;
	 * environmental is CVSS-BE or CVSS-BTE when an environmental metric
	 * is given. */
	struct cvss_value base;
	struct cvss_value temporal;
	struct cvss_value environmental;
	/* v4.0: the one score of the groups the vector carries, named by
	 * its nomenclature: CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE. For v3.1
	 * score is the base score and nomenclature NULL. */
	struct cvss_value score;
	const char       *nomenclature;
};

/*
 * Parse and score VECTOR ("CVSS:3.1/AV:N/..." or "CVSS:4.0/AV:N/...").
 * An invalid vector gives ST_INVALID with a message that names the
 * metric that is wrong and why: unknown, repeated, out of order (v4.0),
 * a value it cannot take, or a mandatory metric missing.
 */
enum status cvss_score(const char *vector, struct cvss_result *out,
    struct err *err);

/* The severity of SCORE in VERSION's rating scale. */
const char *cvss_severity(enum cvss_version version, double score);

/* The metrics of VERSION in order, for a metric-by-metric picker. */
struct cvss_metric_value {
	const char *code;             /* "N" */
	const char *name;             /* "Network" */
};
struct cvss_metric {
	const char                     *code;   /* "AV" */
	const char                     *name;   /* "Attack Vector" */
	const char                     *group;  /* "Base", "Temporal",
	                                         * "Threat", "Environmental",
	                                         * "Supplemental" */
	bool                            is_mandatory;
	const struct cvss_metric_value *values;  /* the first is the default
	                                          * (X for optional ones) */
	size_t                          n_values;
	const char                     *json;   /* the CVSS JSON schema's
	                                         * key: "attackVector" */
};
const struct cvss_metric *cvss_metrics(enum cvss_version version,
    size_t *n);

#endif
