/* core/cvss.c - parses, validates and scores CVSS v3.1 and v4.0 vectors
 * the way FIRST's specifications and official calculators do. */
#include "config.h"

#include "core/cvss.h"

#include <stdio.h>
#include <string.h>

#define V(code, name) { code, name }
#define NV(a) (sizeof(a) / sizeof((a)[0]))

/* ---- The metrics of each version, in the specification's order. ---- */

static const struct cvss_metric_value v31_av[] = { V("N", "Network"),
    V("A", "Adjacent Network"), V("L", "Local"), V("P", "Physical") };
static const struct cvss_metric_value v31_ac[] = { V("L", "Low"),
    V("H", "High") };
static const struct cvss_metric_value v31_pr[] = { V("N", "None"),
    V("L", "Low"), V("H", "High") };
static const struct cvss_metric_value v31_ui[] = { V("N", "None"),
    V("R", "Required") };
static const struct cvss_metric_value v31_s[] = { V("U", "Unchanged"),
    V("C", "Changed") };
static const struct cvss_metric_value v31_cia[] = { V("H", "High"),
    V("L", "Low"), V("N", "None") };
static const struct cvss_metric_value v31_e[] = { V("X", "Not Defined"),
    V("H", "High"), V("F", "Functional"), V("P", "Proof-of-Concept"),
    V("U", "Unproven") };
static const struct cvss_metric_value v31_rl[] = { V("X", "Not Defined"),
    V("U", "Unavailable"), V("W", "Workaround"), V("T", "Temporary Fix"),
    V("O", "Official Fix") };
static const struct cvss_metric_value v31_rc[] = { V("X", "Not Defined"),
    V("C", "Confirmed"), V("R", "Reasonable"), V("U", "Unknown") };
static const struct cvss_metric_value v31_req[] = { V("X", "Not Defined"),
    V("H", "High"), V("M", "Medium"), V("L", "Low") };
static const struct cvss_metric_value v31_mav[] = { V("X", "Not Defined"),
    V("N", "Network"), V("A", "Adjacent Network"), V("L", "Local"),
    V("P", "Physical") };
static const struct cvss_metric_value v31_mac[] = { V("X", "Not Defined"),
    V("L", "Low"), V("H", "High") };
static const struct cvss_metric_value v31_mpr[] = { V("X", "Not Defined"),
    V("N", "None"), V("L", "Low"), V("H", "High") };
static const struct cvss_metric_value v31_mui[] = { V("X", "Not Defined"),
    V("N", "None"), V("R", "Required") };
static const struct cvss_metric_value v31_ms[] = { V("X", "Not Defined"),
    V("U", "Unchanged"), V("C", "Changed") };
static const struct cvss_metric_value v31_mcia[] = { V("X", "Not Defined"),
    V("H", "High"), V("L", "Low"), V("N", "None") };

#define M(code, name, group, mand, vals, json) \
	{ code, name, group, mand, vals, NV(vals), json }

enum {
	V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A,
	V3_E, V3_RL, V3_RC,
	V3_CR, V3_IR, V3_AR, V3_MAV, V3_MAC, V3_MPR, V3_MUI, V3_MS, V3_MC,
	V3_MI, V3_MA,
	V3_N,
	V3_MOD = V3_MAV - V3_AV   /* MAV..MA follow AV..A at this offset */
};

static const struct cvss_metric v31_metrics[V3_N] = {
	M("AV", "Attack Vector", "Base", true, v31_av, "attackVector"),
	M("AC", "Attack Complexity", "Base", true, v31_ac, "attackComplexity"),
	M("PR", "Privileges Required", "Base", true, v31_pr,
	    "privilegesRequired"),
	M("UI", "User Interaction", "Base", true, v31_ui, "userInteraction"),
	M("S", "Scope", "Base", true, v31_s, "scope"),
	M("C", "Confidentiality", "Base", true, v31_cia,
	    "confidentialityImpact"),
	M("I", "Integrity", "Base", true, v31_cia, "integrityImpact"),
	M("A", "Availability", "Base", true, v31_cia, "availabilityImpact"),
	M("E", "Exploit Code Maturity", "Temporal", false, v31_e,
	    "exploitCodeMaturity"),
	M("RL", "Remediation Level", "Temporal", false, v31_rl,
	    "remediationLevel"),
	M("RC", "Report Confidence", "Temporal", false, v31_rc,
	    "reportConfidence"),
	M("CR", "Confidentiality Requirement", "Environmental", false, v31_req,
	    "confidentialityRequirement"),
	M("IR", "Integrity Requirement", "Environmental", false, v31_req,
	    "integrityRequirement"),
	M("AR", "Availability Requirement", "Environmental", false, v31_req,
	    "availabilityRequirement"),
	M("MAV", "Modified Attack Vector", "Environmental", false, v31_mav,
	    "modifiedAttackVector"),
	M("MAC", "Modified Attack Complexity", "Environmental", false, v31_mac,
	    "modifiedAttackComplexity"),
	M("MPR", "Modified Privileges Required", "Environmental", false,
	    v31_mpr, "modifiedPrivilegesRequired"),
	M("MUI", "Modified User Interaction", "Environmental", false, v31_mui,
	    "modifiedUserInteraction"),
	M("MS", "Modified Scope", "Environmental", false, v31_ms,
	    "modifiedScope"),
	M("MC", "Modified Confidentiality", "Environmental", false, v31_mcia,
	    "modifiedConfidentialityImpact"),
	M("MI", "Modified Integrity", "Environmental", false, v31_mcia,
	    "modifiedIntegrityImpact"),
	M("MA", "Modified Availability", "Environmental", false, v31_mcia,
	    "modifiedAvailabilityImpact"),
};

static const struct cvss_metric_value v40_av[] = { V("N", "Network"),
    V("A", "Adjacent"), V("L", "Local"), V("P", "Physical") };
static const struct cvss_metric_value v40_ac[] = { V("L", "Low"),
    V("H", "High") };
static const struct cvss_metric_value v40_at[] = { V("N", "None"),
    V("P", "Present") };
static const struct cvss_metric_value v40_pr[] = { V("N", "None"),
    V("L", "Low"), V("H", "High") };
static const struct cvss_metric_value v40_ui[] = { V("N", "None"),
    V("P", "Passive"), V("A", "Active") };
static const struct cvss_metric_value v40_imp[] = { V("H", "High"),
    V("L", "Low"), V("N", "None") };
static const struct cvss_metric_value v40_e[] = { V("X", "Not Defined"),
    V("A", "Attacked"), V("P", "Proof-of-Concept"), V("U", "Unreported") };
static const struct cvss_metric_value v40_req[] = { V("X", "Not Defined"),
    V("H", "High"), V("M", "Medium"), V("L", "Low") };
static const struct cvss_metric_value v40_mav[] = { V("X", "Not Defined"),
    V("N", "Network"), V("A", "Adjacent"), V("L", "Local"),
    V("P", "Physical") };
static const struct cvss_metric_value v40_mac[] = { V("X", "Not Defined"),
    V("L", "Low"), V("H", "High") };
static const struct cvss_metric_value v40_mat[] = { V("X", "Not Defined"),
    V("N", "None"), V("P", "Present") };
static const struct cvss_metric_value v40_mpr[] = { V("X", "Not Defined"),
    V("N", "None"), V("L", "Low"), V("H", "High") };
static const struct cvss_metric_value v40_mui[] = { V("X", "Not Defined"),
    V("N", "None"), V("P", "Passive"), V("A", "Active") };
static const struct cvss_metric_value v40_mimp[] = { V("X", "Not Defined"),
    V("H", "High"), V("L", "Low"), V("N", "None") };
static const struct cvss_metric_value v40_msis[] = { V("X", "Not Defined"),
    V("H", "High"), V("L", "Low"), V("N", "None"), V("S", "Safety") };
static const struct cvss_metric_value v40_s[] = { V("X", "Not Defined"),
    V("N", "Negligible"), V("P", "Present") };
static const struct cvss_metric_value v40_au[] = { V("X", "Not Defined"),
    V("N", "No"), V("Y", "Yes") };
static const struct cvss_metric_value v40_r[] = { V("X", "Not Defined"),
    V("A", "Automatic"), V("U", "User"), V("I", "Irrecoverable") };
static const struct cvss_metric_value v40_v[] = { V("X", "Not Defined"),
    V("D", "Diffuse"), V("C", "Concentrated") };
static const struct cvss_metric_value v40_re[] = { V("X", "Not Defined"),
    V("L", "Low"), V("M", "Moderate"), V("H", "High") };
static const struct cvss_metric_value v40_u[] = { V("X", "Not Defined"),
    V("Clear", "Clear"), V("Green", "Green"), V("Amber", "Amber"),
    V("Red", "Red") };

enum {
	V4_AV, V4_AC, V4_AT, V4_PR, V4_UI, V4_VC, V4_VI, V4_VA, V4_SC, V4_SI,
	V4_SA,
	V4_E,
	V4_CR, V4_IR, V4_AR, V4_MAV, V4_MAC, V4_MAT, V4_MPR, V4_MUI, V4_MVC,
	V4_MVI, V4_MVA, V4_MSC, V4_MSI, V4_MSA,
	V4_S, V4_AU, V4_R, V4_V, V4_RE, V4_U,
	V4_N,
	V4_MOD = V4_MAV - V4_AV   /* MAV..MSA follow AV..SA at this offset */
};

static const struct cvss_metric v40_metrics[V4_N] = {
	M("AV", "Attack Vector", "Base", true, v40_av, "attackVector"),
	M("AC", "Attack Complexity", "Base", true, v40_ac, "attackComplexity"),
	M("AT", "Attack Requirements", "Base", true, v40_at,
	    "attackRequirements"),
	M("PR", "Privileges Required", "Base", true, v40_pr,
	    "privilegesRequired"),
	M("UI", "User Interaction", "Base", true, v40_ui, "userInteraction"),
	M("VC", "Vulnerable System Confidentiality", "Base", true, v40_imp,
	    "vulnConfidentialityImpact"),
	M("VI", "Vulnerable System Integrity", "Base", true, v40_imp,
	    "vulnIntegrityImpact"),
	M("VA", "Vulnerable System Availability", "Base", true, v40_imp,
	    "vulnAvailabilityImpact"),
	M("SC", "Subsequent System Confidentiality", "Base", true, v40_imp,
	    "subConfidentialityImpact"),
	M("SI", "Subsequent System Integrity", "Base", true, v40_imp,
	    "subIntegrityImpact"),
	M("SA", "Subsequent System Availability", "Base", true, v40_imp,
	    "subAvailabilityImpact"),
	M("E", "Exploit Maturity", "Threat", false, v40_e, "exploitMaturity"),
	M("CR", "Confidentiality Requirement", "Environmental", false, v40_req,
	    "confidentialityRequirement"),
	M("IR", "Integrity Requirement", "Environmental", false, v40_req,
	    "integrityRequirement"),
	M("AR", "Availability Requirement", "Environmental", false, v40_req,
	    "availabilityRequirement"),
	M("MAV", "Modified Attack Vector", "Environmental", false, v40_mav,
	    "modifiedAttackVector"),
	M("MAC", "Modified Attack Complexity", "Environmental", false, v40_mac,
	    "modifiedAttackComplexity"),
	M("MAT", "Modified Attack Requirements", "Environmental", false,
	    v40_mat, "modifiedAttackRequirements"),
	M("MPR", "Modified Privileges Required", "Environmental", false,
	    v40_mpr, "modifiedPrivilegesRequired"),
	M("MUI", "Modified User Interaction", "Environmental", false, v40_mui,
	    "modifiedUserInteraction"),
	M("MVC", "Modified Vulnerable System Confidentiality", "Environmental",
	    false, v40_mimp, "modifiedVulnConfidentialityImpact"),
	M("MVI", "Modified Vulnerable System Integrity", "Environmental",
	    false, v40_mimp, "modifiedVulnIntegrityImpact"),
	M("MVA", "Modified Vulnerable System Availability", "Environmental",
	    false, v40_mimp, "modifiedVulnAvailabilityImpact"),
	M("MSC", "Modified Subsequent System Confidentiality", "Environmental",
	    false, v40_mimp, "modifiedSubConfidentialityImpact"),
	M("MSI", "Modified Subsequent System Integrity", "Environmental",
	    false, v40_msis, "modifiedSubIntegrityImpact"),
	M("MSA", "Modified Subsequent System Availability", "Environmental",
	    false, v40_msis, "modifiedSubAvailabilityImpact"),
	M("S", "Safety", "Supplemental", false, v40_s, "Safety"),
	M("AU", "Automatable", "Supplemental", false, v40_au, "Automatable"),
	M("R", "Recovery", "Supplemental", false, v40_r, "Recovery"),
	M("V", "Value Density", "Supplemental", false, v40_v, "valueDensity"),
	M("RE", "Vulnerability Response Effort", "Supplemental", false, v40_re,
	    "vulnerabilityResponseEffort"),
	M("U", "Provider Urgency", "Supplemental", false, v40_u,
	    "providerUrgency"),
};

#undef M
#undef V

const struct cvss_metric *
cvss_metrics(enum cvss_version version, size_t *n)
{
	if (version == CVSS_V4_0) {
		*n = V4_N;
		return v40_metrics;
	}
	*n = V3_N;
	return v31_metrics;
}

const char *
cvss_severity(enum cvss_version version, double score)
{
	/* v3.1 and v4.0 share the qualitative rating scale; compare in
	 * tenths so 3.9 and 4.0 fall on the right sides. */
	long tenths = score <= 0 ? 0 : (long)(score * 10.0 + 0.5);

	(void)version;
	if (tenths <= 0)
		return "None";
	if (tenths <= 39)
		return "Low";
	if (tenths <= 69)
		return "Medium";
	if (tenths <= 89)
		return "High";
	return "Critical";
}

/* ---- Parsing and validation. ---- */

/* A parsed vector: the value index of each metric, or -1 when absent. */
struct parsed {
	enum cvss_version         version;
	const struct cvss_metric *metrics;
	size_t                    n;
	int                       val[V4_N];
};

static const char *
version_str(enum cvss_version v)
{
	return v == CVSS_V4_0 ? "4.0" : "3.1";
}

static int
metric_find(const struct cvss_metric *ms, size_t n, const char *code,
    size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(ms[i].code) == len && strncmp(ms[i].code, code,
		    len) == 0)
			return (int)i;
	return -1;
}

static int
value_find(const struct cvss_metric *m, const char *code, size_t len)
{
	size_t i;

	for (i = 0; i < m->n_values; i++)
		if (strlen(m->values[i].code) == len &&
		    strncmp(m->values[i].code, code, len) == 0)
			return (int)i;
	return -1;
}

/* Copy at most 20 bytes of the LEN at S into BUF (N bytes) for a message:
 * control characters become '?', so an error cannot drive a terminal. */
static const char *
quote(const char *s, size_t len, char *buf, size_t n)
{
	size_t i;

	if (len > 20)
		len = 20;
	for (i = 0; i < len && i + 1 < n; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

/* Write M's values into BUF as "N, A, L, P" or, when IS_OR, "N, A, L or
 * P". */
static void
values_list(const struct cvss_metric *m, bool is_or, char *buf, size_t n)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < m->n_values && used < n; i++) {
		const char *sep = i == 0 ? "" : is_or && i + 1 == m->n_values ?
		    " or " : ", ";
		int w = snprintf(buf + used, n - used, "%s%s", sep,
		    m->values[i].code);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static enum status
bad_value(const struct parsed *p, int mi, const char *val, size_t vlen,
    struct err *err)
{
	enum cvss_version other = p->version == CVSS_V4_0 ? CVSS_V3_1 :
	    CVSS_V4_0;
	const struct cvss_metric *m = &p->metrics[mi], *om;
	size_t on;
	int oi;
	char list[128], q[32];

	/* A value of the same metric in the other version is the usual
	 * slip (UI:R in a v4.0 vector): say so. */
	om = cvss_metrics(other, &on);
	oi = metric_find(om, on, m->code, strlen(m->code));
	if (oi >= 0 && strcmp(om[oi].name, m->name) == 0 &&
	    value_find(&om[oi], val, vlen) >= 0) {
		values_list(m, true, list, sizeof list);
		return err_set(err, ST_INVALID, "%s:%s is a CVSS v%s value; "
		    "CVSS v%s %s takes %s", m->code, quote(val, vlen, q, sizeof q),
		    version_str(other), version_str(p->version), m->name, list);
	}
	values_list(m, false, list, sizeof list);
	return err_set(err, ST_INVALID, "%s: \"%s\" is not a value of %s "
	    "(%s)", m->code, quote(val, vlen, q, sizeof q), m->name, list);
}

static enum status
unknown_metric(const struct parsed *p, const char *code, size_t len,
    struct err *err)
{
	enum cvss_version other = p->version == CVSS_V4_0 ? CVSS_V3_1 :
	    CVSS_V4_0;
	const struct cvss_metric *om;
	size_t on;
	char q[32];

	om = cvss_metrics(other, &on);
	if (metric_find(om, on, code, len) >= 0)
		return err_set(err, ST_INVALID, "%s is a CVSS v%s metric, "
		    "not a CVSS v%s one", quote(code, len, q, sizeof q),
		    version_str(other), version_str(p->version));
	return err_set(err, ST_INVALID, "unknown metric \"%s\" in a CVSS "
	    "v%s vector", quote(code, len, q, sizeof q),
	    version_str(p->version));
}

/* Parse one METRIC:VALUE field of LEN bytes at F; LAST is the highest
 * metric index seen so far (for v4.0's order). */
static enum status
parse_field(struct parsed *p, const char *f, size_t len, int *last,
    struct err *err)
{
	const char *colon = memchr(f, ':', len);
	size_t mlen, vlen;
	int mi, vi;
	char q[32];

	if (len == 0)
		return err_set(err, ST_INVALID, "empty metric in the vector "
		    "(two \"/\" in a row, or one at the end)");
	if (colon == NULL || colon == f || colon == f + len - 1)
		return err_set(err, ST_INVALID, "\"%s\" is not a metric "
		    "and its value (METRIC:VALUE, e.g. AV:N)",
		    quote(f, len, q, sizeof q));
	mlen = (size_t)(colon - f);
	vlen = len - mlen - 1;
	if ((mi = metric_find(p->metrics, p->n, f, mlen)) < 0)
		return unknown_metric(p, f, mlen, err);
	if (p->val[mi] >= 0)
		return err_set(err, ST_INVALID, "metric %s appears twice",
		    p->metrics[mi].code);
	/* v4.0 requires the specification's order; v3.1 allows any. */
	if (p->version == CVSS_V4_0 && mi < *last)
		return err_set(err, ST_INVALID, "metric %s is out of order: "
		    "CVSS v4.0 puts it before %s", p->metrics[mi].code,
		    p->metrics[*last].code);
	if ((vi = value_find(&p->metrics[mi], colon + 1, vlen)) < 0)
		return bad_value(p, mi, colon + 1, vlen, err);
	p->val[mi] = vi;
	if (mi > *last)
		*last = mi;
	return ST_OK;
}

static enum status
parse_prefix(const char *vector, struct parsed *p, struct err *err)
{
	const char *slash;
	char q[32];

	if (strncmp(vector, "CVSS:3.1/", 9) == 0)
		p->version = CVSS_V3_1;
	else if (strncmp(vector, "CVSS:4.0/", 9) == 0)
		p->version = CVSS_V4_0;
	else if (strncmp(vector, "CVSS:", 5) == 0) {
		slash = strchr(vector, '/');
		return err_set(err, ST_INVALID, "CVSS version \"%s\" is not "
		    "supported: a vector starts with \"CVSS:3.1/\" or "
		    "\"CVSS:4.0/\"", quote(vector + 5, slash == NULL ?
		    strlen(vector + 5) : (size_t)(slash - vector - 5), q,
		    sizeof q));
	} else
		return err_set(err, ST_INVALID, "a CVSS vector starts with "
		    "\"CVSS:3.1/\" or \"CVSS:4.0/\"");
	p->metrics = cvss_metrics(p->version, &p->n);
	return ST_OK;
}

static enum status
parse(const char *vector, struct parsed *p, struct err *err)
{
	const char *f, *end;
	enum status st;
	size_t i, len;
	int last = -1;

	memset(p, 0, sizeof *p);
	for (i = 0; i < V4_N; i++)
		p->val[i] = -1;
	if (vector == NULL || *vector == '\0')
		return err_set(err, ST_INVALID, "empty CVSS vector");
	if ((len = strlen(vector)) >= CVSS_VECTOR_MAX)
		return err_set(err, ST_INVALID, "CVSS vector too long (%zu "
		    "characters, at most %d)", len, CVSS_VECTOR_MAX - 1);
	if ((st = parse_prefix(vector, p, err)) != ST_OK)
		return st;
	for (f = vector + 9;; f = end + 1) {
		end = strchr(f, '/');
		if (end == NULL)
			end = f + strlen(f);
		if ((st = parse_field(p, f, (size_t)(end - f), &last, err)) !=
		    ST_OK)
			return st;
		if (*end == '\0')
			break;
	}
	for (i = 0; i < p->n; i++)
		if (p->metrics[i].is_mandatory && p->val[i] < 0)
			return err_set(err, ST_INVALID, "missing mandatory "
			    "metric %s (%s)", p->metrics[i].code,
			    p->metrics[i].name);
	return ST_OK;
}

/* The code of metric I as given, or "X" when absent. */
static const char *
code_of(const struct parsed *p, int i)
{
	return p->val[i] < 0 ? "X" : p->metrics[i].values[p->val[i]].code;
}

static char
c_of(const struct parsed *p, int i)
{
	return code_of(p, i)[0];
}

/* Whether any of metrics FIRST..LAST is given a value other than X. */
static bool
group_given(const struct parsed *p, int first, int last)
{
	int i;

	for (i = first; i <= last; i++)
		if (c_of(p, i) != 'X')
			return true;
	return false;
}

static void
normalise(const struct parsed *p, char *out)
{
	size_t i, used;

	used = (size_t)snprintf(out, CVSS_VECTOR_MAX, "CVSS:%s",
	    version_str(p->version));
	/* Fits: every metric came from the input, which is shorter. */
	for (i = 0; i < p->n; i++)
		if (p->val[i] >= 0)
			used += (size_t)snprintf(out + used,
			    CVSS_VECTOR_MAX - used, "/%s:%s",
			    p->metrics[i].code, code_of(p, (int)i));
}

static void
value_set(struct cvss_value *v, enum cvss_version version, double score,
    bool is_set)
{
	v->is_set = is_set;
	v->score = score;
	v->severity = cvss_severity(version, score);
}

/* ---- CVSS v3.1 (specification section 7 and Appendix A). ---- */

/*
 * The specification's Roundup: the smallest one-decimal number not below
 * X (X >= 0), computed on integers so 4.000000000001 stays 4.0. Plain
 * arithmetic throughout: herald links without the maths library.
 */
static double
roundup31(double x)
{
	long long i = (long long)(x * 100000.0 + 0.5);

	if (i % 10000 == 0)
		return (double)i / 100000.0;
	return (double)(i / 10000 + 1) / 10.0;
}

/* X to the power N (N > 0). */
static double
power(double x, int n)
{
	double r = x;

	while (--n > 0)
		r *= x;
	return r;
}

static double
dmin(double a, double b)
{
	return a < b ? a : b;
}

static double
w_av(char c)
{
	return c == 'N' ? 0.85 : c == 'A' ? 0.62 : c == 'L' ? 0.55 : 0.2;
}

static double
w_ac(char c)
{
	return c == 'L' ? 0.77 : 0.44;
}

static double
w_pr(char c, bool is_changed)
{
	if (c == 'N')
		return 0.85;
	if (c == 'L')
		return is_changed ? 0.68 : 0.62;
	return is_changed ? 0.5 : 0.27;
}

static double
w_ui(char c)
{
	return c == 'N' ? 0.85 : 0.62;
}

static double
w_cia(char c)
{
	return c == 'H' ? 0.56 : c == 'L' ? 0.22 : 0.0;
}

static double
w_e(char c)
{
	return c == 'F' ? 0.97 : c == 'P' ? 0.94 : c == 'U' ? 0.91 : 1.0;
}

static double
w_rl(char c)
{
	return c == 'W' ? 0.97 : c == 'T' ? 0.96 : c == 'O' ? 0.95 : 1.0;
}

static double
w_rc(char c)
{
	return c == 'R' ? 0.96 : c == 'U' ? 0.92 : 1.0;
}

static double
w_req(char c)
{
	return c == 'H' ? 1.5 : c == 'L' ? 0.5 : 1.0;
}

/* Metric I as the environmental group sees it: its modified value unless
 * that is absent or X. */
static char
mod31(const struct parsed *p, int i)
{
	char c = c_of(p, i + V3_MOD);

	return c == 'X' ? c_of(p, i) : c;
}

static double
base31(const struct parsed *p)
{
	bool is_changed = c_of(p, V3_S) == 'C';
	double iss, impact, expl;

	iss = 1 - ((1 - w_cia(c_of(p, V3_C))) * (1 - w_cia(c_of(p, V3_I))) *
	    (1 - w_cia(c_of(p, V3_A))));
	if (is_changed)
		impact = 7.52 * (iss - 0.029) - 3.25 * power(iss - 0.02, 15);
	else
		impact = 6.42 * iss;
	expl = 8.22 * w_av(c_of(p, V3_AV)) * w_ac(c_of(p, V3_AC)) *
	    w_pr(c_of(p, V3_PR), is_changed) * w_ui(c_of(p, V3_UI));
	if (impact <= 0)
		return 0.0;
	if (is_changed)
		return roundup31(dmin(1.08 * (impact + expl), 10));
	return roundup31(dmin(impact + expl, 10));
}

static double
temporal_factor31(const struct parsed *p)
{
	return w_e(c_of(p, V3_E)) * w_rl(c_of(p, V3_RL)) *
	    w_rc(c_of(p, V3_RC));
}

static double
environmental31(const struct parsed *p)
{
	bool is_changed = mod31(p, V3_S) == 'C';
	double miss, impact, expl;

	miss = dmin(1 - ((1 - w_req(c_of(p, V3_CR)) * w_cia(mod31(p, V3_C))) *
	    (1 - w_req(c_of(p, V3_IR)) * w_cia(mod31(p, V3_I))) *
	    (1 - w_req(c_of(p, V3_AR)) * w_cia(mod31(p, V3_A)))), 0.915);
	if (is_changed)
		impact = 7.52 * (miss - 0.029) - 3.25 *
		    power(miss * 0.9731 - 0.02, 13);
	else
		impact = 6.42 * miss;
	expl = 8.22 * w_av(mod31(p, V3_AV)) * w_ac(mod31(p, V3_AC)) *
	    w_pr(mod31(p, V3_PR), is_changed) * w_ui(mod31(p, V3_UI));
	if (impact <= 0)
		return 0.0;
	/* The official calculator multiplies E, RL and RC one by one. */
	if (is_changed)
		return roundup31(roundup31(dmin(1.08 * (impact + expl), 10)) *
		    w_e(c_of(p, V3_E)) * w_rl(c_of(p, V3_RL)) *
		    w_rc(c_of(p, V3_RC)));
	return roundup31(roundup31(dmin(impact + expl, 10)) *
	    w_e(c_of(p, V3_E)) * w_rl(c_of(p, V3_RL)) * w_rc(c_of(p, V3_RC)));
}

static void
score31(const struct parsed *p, struct cvss_result *out)
{
	double base = base31(p);
	double temporal = roundup31(base * temporal_factor31(p));

	value_set(&out->base, CVSS_V3_1, base, true);
	value_set(&out->temporal, CVSS_V3_1, temporal,
	    group_given(p, V3_E, V3_RC));
	value_set(&out->environmental, CVSS_V3_1, environmental31(p),
	    group_given(p, V3_CR, V3_MA));
	out->score = out->base;
	out->nomenclature = NULL;
}

/* ---- CVSS v4.0: the MacroVector method (specification section 8). ---- */

/*
 * The score of every MacroVector, in tenths, indexed [EQ1][EQ2][EQ3][EQ4]
 * [EQ5][EQ6]; -1 where no MacroVector exists (EQ3 = 2 with EQ6 = 0: no
 * high vulnerable-system impact cannot meet a high requirement). From the
 * specification's data, as FIRST's calculator ships it.
 */
static const signed char mv_score[3][2][3][3][3][2] = {
#define R(a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r) \
	{ { {a,b},{c,d},{e,f} }, { {g,h},{i,j},{k,l} }, { {m,n},{o,p},{q,r} } }
#define R2(b,d,f,h,j,l,n,p,r) R(-1,b,-1,d,-1,f,-1,h,-1,j,-1,l,-1,n,-1,p,-1,r)
	{ /* EQ1 0 */
		{ R(100,99,98,95,95,92, 100,96,93,87,91,81, 93,90,89,80,81,68),
		  R(98,95,95,92,90,84, 93,92,89,81,81,65, 88,80,78,70,69,48),
		  R2(92,82,72, 79,69,50, 69,55,27) },
		{ R(99,97,95,92,92,85, 95,91,90,83,84,71, 92,81,82,71,72,53),
		  R(95,93,92,85,85,73, 92,82,80,72,70,59, 84,70,71,52,50,30),
		  R2(86,75,52, 71,52,29, 63,29,17) },
	},
	{ /* EQ1 1 */
		{ R(98,95,94,87,91,81, 94,89,86,74,77,64, 87,75,74,63,63,49),
		  R(94,89,88,77,76,67, 86,76,74,58,59,50, 72,57,57,52,52,25),
		  R2(83,70,54, 65,58,26, 53,21,13) },
		{ R(95,90,88,76,76,70, 90,77,75,62,61,53, 77,66,68,59,52,30),
		  R(89,78,76,67,62,58, 74,59,57,57,47,23, 61,52,57,29,24,16),
		  R2(71,59,30, 58,26,15, 23,13,6) },
	},
	{ /* EQ1 2 */
		{ R(93,87,86,72,75,58, 86,74,74,61,56,34, 70,54,52,40,40,22),
		  R(85,75,74,55,62,51, 72,57,55,41,46,19, 53,36,34,19,19,8),
		  R2(64,51,20, 47,21,11, 24,9,4) },
		{ R(88,75,73,53,60,50, 73,55,59,40,41,20, 54,43,45,22,20,11),
		  R(75,55,58,45,40,21, 61,51,48,18,20,9, 46,18,17,7,8,2),
		  R2(53,24,14, 24,12,5, 10,3,1) },
	},
#undef R2
#undef R
};

/* The effective values of the metrics that shape a v4.0 score. */
struct eff4 {
	char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
};

/* Metric I of the base group as scored: its modified value when given
 * and not X. */
static char
mod40(const struct parsed *p, int i)
{
	char c = c_of(p, i + V4_MOD);

	return c == 'X' ? c_of(p, i) : c;
}

/* The effective metrics of P, seeing the threat group only when
 * WITH_THREAT and the environmental group only when WITH_ENV. Undefined
 * E counts as A (Attacked), undefined requirements as H, the worst case. */
static void
eff4_get(const struct parsed *p, bool with_threat, bool with_env,
    struct eff4 *m)
{
	char (*get)(const struct parsed *, int) = with_env ? mod40 : c_of;
	char c;

	m->av = get(p, V4_AV);
	m->ac = get(p, V4_AC);
	m->at = get(p, V4_AT);
	m->pr = get(p, V4_PR);
	m->ui = get(p, V4_UI);
	m->vc = get(p, V4_VC);
	m->vi = get(p, V4_VI);
	m->va = get(p, V4_VA);
	m->sc = get(p, V4_SC);
	m->si = get(p, V4_SI);
	m->sa = get(p, V4_SA);
	c = with_threat ? c_of(p, V4_E) : 'X';
	m->e = c == 'X' ? 'A' : c;
	c = with_env ? c_of(p, V4_CR) : 'X';
	m->cr = c == 'X' ? 'H' : c;
	c = with_env ? c_of(p, V4_IR) : 'X';
	m->ir = c == 'X' ? 'H' : c;
	c = with_env ? c_of(p, V4_AR) : 'X';
	m->ar = c == 'X' ? 'H' : c;
}

struct mv {
	int eq[6];
};

static void
macrovector(const struct eff4 *m, struct mv *mv)
{
	int *eq = mv->eq;

	if (m->av == 'N' && m->pr == 'N' && m->ui == 'N')
		eq[0] = 0;
	else if ((m->av == 'N' || m->pr == 'N' || m->ui == 'N') &&
	    m->av != 'P')
		eq[0] = 1;
	else
		eq[0] = 2;
	eq[1] = m->ac == 'L' && m->at == 'N' ? 0 : 1;
	if (m->vc == 'H' && m->vi == 'H')
		eq[2] = 0;
	else if (m->vc == 'H' || m->vi == 'H' || m->va == 'H')
		eq[2] = 1;
	else
		eq[2] = 2;
	if (m->si == 'S' || m->sa == 'S')
		eq[3] = 0;
	else if (m->sc == 'H' || m->si == 'H' || m->sa == 'H')
		eq[3] = 1;
	else
		eq[3] = 2;
	eq[4] = m->e == 'A' ? 0 : m->e == 'P' ? 1 : 2;
	eq[5] = (m->cr == 'H' && m->vc == 'H') || (m->ir == 'H' &&
	    m->vi == 'H') || (m->ar == 'H' && m->va == 'H') ? 0 : 1;
}

/* The score of the MacroVector E1..E6 in tenths, or -1 if none exists. */
static int
mv_lookup(int e1, int e2, int e3, int e4, int e5, int e6)
{
	if (e1 > 2 || e2 > 1 || e3 > 2 || e4 > 2 || e5 > 2 || e6 > 1)
		return -1;
	return mv_score[e1][e2][e3][e4][e5][e6];
}

/*
 * The highest-severity vectors of each EQ level, which the score is
 * interpolated from. Each is a string of metric values: EQ1 "AV PR UI",
 * EQ2 "AC AT", EQ3+EQ6 "VC VI VA CR IR AR", EQ4 "SC SI SA".
 */
static const char *const max_eq1[3][3] = {
	{ "NNN" }, { "ANN", "NLN", "NNP" }, { "PNN", "ALP" },
};
static const char *const max_eq2[2][2] = {
	{ "LN" }, { "HN", "LP" },
};
static const char *const max_eq36[3][2][5] = {
	{ { "HHHHHH" }, { "HHLMMH", "HHHMMM" } },
	{ { "LHHHHH", "HLHHHH" },
	  { "LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM" } },
	{ { NULL }, { "LLLHHH" } },
};
static const char *const max_eq4[3] = { "HSS", "HHH", "LLL" };

/* Severity levels in tenths: the distance from the highest value. */
static int
lv_av(char c)
{
	return c == 'N' ? 0 : c == 'A' ? 1 : c == 'L' ? 2 : 3;
}

static int
lv_nlh(char c)   /* PR */
{
	return c == 'N' ? 0 : c == 'L' ? 1 : 2;
}

static int
lv_ui(char c)
{
	return c == 'N' ? 0 : c == 'P' ? 1 : 2;
}

static int
lv_lh(char c)    /* AC; AT uses N and P the same way */
{
	return c == 'L' || c == 'N' ? 0 : 1;
}

static int
lv_req(char c)   /* CR, IR, AR */
{
	return c == 'H' ? 0 : c == 'M' ? 1 : 2;
}

static int
lv_imp(char c)   /* VC, VI, VA: H, L, N */
{
	return c == 'H' ? 0 : c == 'L' ? 1 : 2;
}

static int
lv_sub(char c)   /* SC, SI, SA: S, H, L, N */
{
	return c == 'S' ? 0 : c == 'H' ? 1 : c == 'L' ? 2 : 3;
}

/* A level in tenths as the reference's decimal constant (0.1 etc.). */
static double
lv(int tenths)
{
	return tenths / 10.0;
}

/* The per-metric severity distances of M from a max vector. */
struct dist4 {
	double av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar;
};

static bool
dist4_get(const struct eff4 *m, const char *e1, const char *e2,
    const char *e36, const char *e4, struct dist4 *d)
{
	d->av = lv(lv_av(m->av)) - lv(lv_av(e1[0]));
	d->pr = lv(lv_nlh(m->pr)) - lv(lv_nlh(e1[1]));
	d->ui = lv(lv_ui(m->ui)) - lv(lv_ui(e1[2]));
	d->ac = lv(lv_lh(m->ac)) - lv(lv_lh(e2[0]));
	d->at = lv(lv_lh(m->at)) - lv(lv_lh(e2[1]));
	d->vc = lv(lv_imp(m->vc)) - lv(lv_imp(e36[0]));
	d->vi = lv(lv_imp(m->vi)) - lv(lv_imp(e36[1]));
	d->va = lv(lv_imp(m->va)) - lv(lv_imp(e36[2]));
	d->cr = lv(lv_req(m->cr)) - lv(lv_req(e36[3]));
	d->ir = lv(lv_req(m->ir)) - lv(lv_req(e36[4]));
	d->ar = lv(lv_req(m->ar)) - lv(lv_req(e36[5]));
	d->sc = lv(lv_sub(m->sc)) - lv(lv_sub(e4[0]));
	d->si = lv(lv_sub(m->si)) - lv(lv_sub(e4[1]));
	d->sa = lv(lv_sub(m->sa)) - lv(lv_sub(e4[2]));
	return d->av >= 0 && d->pr >= 0 && d->ui >= 0 && d->ac >= 0 &&
	    d->at >= 0 && d->vc >= 0 && d->vi >= 0 && d->va >= 0 &&
	    d->sc >= 0 && d->si >= 0 && d->sa >= 0 && d->cr >= 0 &&
	    d->ir >= 0 && d->ar >= 0;
}

/* The distances of M from the first max vector of its MacroVector that
 * it does not exceed (or from the last one tried, as the reference). */
static void
dist4_find(const struct eff4 *m, const struct mv *mv, struct dist4 *d)
{
	const char *const *m1 = max_eq1[mv->eq[0]];
	const char *const *m2 = max_eq2[mv->eq[1]];
	const char *const *m36 = max_eq36[mv->eq[2]][mv->eq[5]];
	const char *e4 = max_eq4[mv->eq[3]];
	size_t a, b, c;

	for (a = 0; a < 3 && m1[a] != NULL; a++)
		for (b = 0; b < 2 && m2[b] != NULL; b++)
			for (c = 0; c < 5 && m36[c] != NULL; c++)
				if (dist4_get(m, m1[a], m2[b], m36[c], e4, d))
					return;
}

/* The depth of each EQ level in tenths: its number of severity steps. */
static const int depth_eq1[3] = { 1, 4, 5 };
static const int depth_eq2[2] = { 1, 2 };
static const int depth_eq36[3][2] = { { 7, 6 }, { 8, 8 }, { 0, 10 } };
static const int depth_eq4[3] = { 6, 5, 4 };

/* Add to *SUM the part of the distance to the next lower MacroVector
 * (score LOWER in tenths, -1 if none) that DIST of DEPTH tenths covers. */
static void
interpolate(double value, int lower, double dist, int depth, double *sum,
    int *n)
{
	if (lower < 0)
		return;
	(*n)++;
	*sum += (value - lower / 10.0) * (dist / (depth * 0.1));
}

static double
score40_eff(const struct eff4 *m)
{
	struct mv mv;
	struct dist4 d = { 0 };
	const int *q;
	double value, sum = 0, mean;
	int n = 0, l, r, lower36;

	if (m->vc == 'N' && m->vi == 'N' && m->va == 'N' && m->sc == 'N' &&
	    m->si == 'N' && m->sa == 'N')
		return 0.0;
	macrovector(m, &mv);
	q = mv.eq;
	value = mv_lookup(q[0], q[1], q[2], q[3], q[4], q[5]) / 10.0;
	/* EQ3 and EQ6 step down together: 00 to 01 or 10 (the higher),
	 * 01 and 11 to EQ3 + 1, 10 to 11; 21 has no lower. */
	if (q[2] == 0 && q[5] == 0) {
		l = mv_lookup(q[0], q[1], q[2], q[3], q[4], q[5] + 1);
		r = mv_lookup(q[0], q[1], q[2] + 1, q[3], q[4], q[5]);
		lower36 = l > r ? l : r;
	} else if (q[2] == 1 && q[5] == 0)
		lower36 = mv_lookup(q[0], q[1], q[2], q[3], q[4], q[5] + 1);
	else if (q[2] == 2)
		lower36 = -1;
	else
		lower36 = mv_lookup(q[0], q[1], q[2] + 1, q[3], q[4], q[5]);
	dist4_find(m, &mv, &d);
	interpolate(value, mv_lookup(q[0] + 1, q[1], q[2], q[3], q[4], q[5]),
	    d.av + d.pr + d.ui, depth_eq1[q[0]], &sum, &n);
	interpolate(value, mv_lookup(q[0], q[1] + 1, q[2], q[3], q[4], q[5]),
	    d.ac + d.at, depth_eq2[q[1]], &sum, &n);
	interpolate(value, lower36, d.vc + d.vi + d.va + d.cr + d.ir + d.ar,
	    depth_eq36[q[2]][q[5]], &sum, &n);
	interpolate(value, mv_lookup(q[0], q[1], q[2], q[3] + 1, q[4], q[5]),
	    d.sc + d.si + d.sa, depth_eq4[q[3]], &sum, &n);
	/* EQ5 has one level per MacroVector: it counts, but adds nothing. */
	if (mv_lookup(q[0], q[1], q[2], q[3], q[4] + 1, q[5]) >= 0)
		n++;
	mean = n == 0 ? 0 : sum / n;
	value -= mean;
	value = value < 0.0 ? 0.0 : dmin(value, 10.0);
	/* Round half up to one decimal, lifted by an epsilon first: the
	 * interpolation can land one ULP below a tie (5.6499999999999995
	 * for 5.65), as the reference calculators correct since Nov 2024. */
	return (double)(long long)((value + 1e-6) * 10.0 + 0.5) / 10.0;
}

static double
score40(const struct parsed *p, bool with_threat, bool with_env)
{
	struct eff4 m;

	eff4_get(p, with_threat, with_env, &m);
	return score40_eff(&m);
}

static void
score40_all(const struct parsed *p, struct cvss_result *out)
{
	bool has_t = group_given(p, V4_E, V4_E);
	bool has_e = group_given(p, V4_CR, V4_MSA);

	value_set(&out->base, CVSS_V4_0, score40(p, false, false), true);
	memset(&out->temporal, 0, sizeof out->temporal);
	memset(&out->environmental, 0, sizeof out->environmental);
	if (has_t)
		value_set(&out->temporal, CVSS_V4_0, score40(p, true, false),
		    true);
	if (has_e)
		value_set(&out->environmental, CVSS_V4_0,
		    score40(p, has_t, true), true);
	value_set(&out->score, CVSS_V4_0, score40(p, has_t, has_e), true);
	out->nomenclature = has_t && has_e ? "CVSS-BTE" : has_t ? "CVSS-BT" :
	    has_e ? "CVSS-BE" : "CVSS-B";
}

enum status
cvss_score(const char *vector, struct cvss_result *out, struct err *err)
{
	struct parsed p;
	enum status st;

	memset(out, 0, sizeof *out);
	if ((st = parse(vector, &p, err)) != ST_OK)
		return st;
	out->version = p.version;
	normalise(&p, out->vector);
	if (p.version == CVSS_V3_1)
		score31(&p, out);
	else
		score40_all(&p, out);
	return ST_OK;
}
