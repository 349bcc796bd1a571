/* tests/unit/test_cvss.c - CVSS v3.1 and v4.0 parsing, validation and
 * scoring against FIRST's calculators and specification examples. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tests/unit/testutil.h"
#include "core/cvss.h"
#include "util/xalloc.h"

/* Score S in tenths, so scores compare exactly. */
static long
tenths(double s)
{
	return s < 0 ? -(long)(-s * 10.0 + 0.5) : (long)(s * 10.0 + 0.5);
}

static long
tenths_str(const char *s)
{
	return tenths(strtod(s, NULL));
}

static FILE *
fixture_open(const char *name)
{
	char *path = tu_fixture(name);
	FILE *f = fopen(path, "r");

	if (f == NULL)
		fail_msg("cannot read %s", path);
	free(path);
	return f;
}

/* Split LINE at tabs into at most N fields; returns how many. */
static size_t
split_tabs(char *line, char **fields, size_t n)
{
	size_t i = 0;
	char *p = line, *tab;

	line[strcspn(line, "\r\n")] = '\0';
	while (i < n) {
		fields[i++] = p;
		if ((tab = strchr(p, '\t')) == NULL)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return i;
}

/* Whether V has score SCORE and severity SEV (the TSV's upper case). */
static bool
value_is(const struct cvss_value *v, const char *score, const char *sev)
{
	return tenths(v->score) == tenths_str(score) &&
	    strcasecmp(v->severity, sev) == 0;
}

/* Every base vector of v3.1 as the official calculator scores it,
 * including the environmental score a S:C vector gets with no
 * environmental metric. */
static void
fixture_v31(void **state)
{
	char line[512], *f[7];
	struct cvss_result r;
	struct err err = { 0 };
	int n = 0, bad = 0;
	FILE *fp = fixture_open("cvss/first-cvss31-simple.tsv");

	(void)state;
	while (fgets(line, sizeof line, fp) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		assert_int_equal(split_tabs(line, f, 7), 7);
		n++;
		if (cvss_score(f[0], &r, &err) != ST_OK) {
			print_message("%s: %s\n", f[0], err.msg);
			bad++;
			continue;
		}
		if (!value_is(&r.base, f[1], f[2]) ||
		    !value_is(&r.temporal, f[3], f[4]) ||
		    !value_is(&r.environmental, f[5], f[6]) ||
		    r.temporal.is_set || r.environmental.is_set ||
		    strcmp(r.vector, f[0]) != 0) {
			if (bad < 10)
				print_message("%s: got %.1f %s / %.1f / %.1f, "
				    "want %s %s / %s / %s\n", f[0], r.base.score,
				    r.base.severity, r.temporal.score,
				    r.environmental.score, f[1], f[2], f[3], f[5]);
			bad++;
		}
	}
	fclose(fp);
	assert_int_equal(n, 2592);
	assert_int_equal(bad, 0);
}

static void
fixture_v40(void **state)
{
	char line[512], *f[3];
	struct cvss_result r;
	struct err err = { 0 };
	int n = 0, bad = 0;
	FILE *fp = fixture_open("cvss/first-cvss40.tsv");

	(void)state;
	while (fgets(line, sizeof line, fp) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		assert_int_equal(split_tabs(line, f, 3), 3);
		n++;
		if (cvss_score(f[0], &r, &err) != ST_OK) {
			print_message("%s: %s\n", f[0], err.msg);
			bad++;
			continue;
		}
		if (!value_is(&r.score, f[1], f[2])) {
			if (bad < 10)
				print_message("%s: got %.1f %s, want %s %s\n",
				    f[0], r.score.score, r.score.severity, f[1],
				    f[2]);
			bad++;
		}
	}
	fclose(fp);
	assert_int_equal(n, 1694);
	assert_int_equal(bad, 0);
}

struct ex31 {
	const char *vector;
	double      base, temporal, environmental;
	bool        has_t, has_e;
};

static void
check31(const struct ex31 *e)
{
	struct cvss_result r;
	struct err err = { 0 };

	if (cvss_score(e->vector, &r, &err) != ST_OK)
		fail_msg("%s: %s", e->vector, err.msg);
	assert_int_equal(r.version, CVSS_V3_1);
	if (tenths(r.base.score) != tenths(e->base) ||
	    tenths(r.temporal.score) != tenths(e->temporal) ||
	    tenths(r.environmental.score) != tenths(e->environmental))
		fail_msg("%s: got %.1f %.1f %.1f, want %.1f %.1f %.1f",
		    e->vector, r.base.score, r.temporal.score,
		    r.environmental.score, e->base, e->temporal,
		    e->environmental);
	assert_int_equal(r.temporal.is_set, e->has_t);
	assert_int_equal(r.environmental.is_set, e->has_e);
}

/* Temporal and environmental scores: the specification's and the
 * official calculator's examples. */
static void
v31_groups(void **state)
{
	static const struct ex31 ex[] = {
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C",
		    9.8, 8.8, 8.8, true, false },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U",
		    9.8, 7.8, 7.8, true, false },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X",
		    9.8, 9.8, 9.8, false, false },
		/* Each requirement high, nothing modified: MISS is capped
		 * at 0.915. */
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:H/IR:H/AR:H",
		    9.8, 9.8, 9.8, false, true },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L",
		    9.8, 9.8, 8.0, false, true },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MC:N/MI:N/MA:N",
		    9.8, 9.8, 0.0, false, true },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:P",
		    9.8, 9.8, 6.8, false, true },
		/* Modified scope changed re-weights PR:L and uses the v3.1
		 * modified impact (MISS x 0.9731 - 0.02)^13. */
		{ "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H/MS:C",
		    8.8, 8.8, 10.0, false, true },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N/E:H/RL:O/RC:C/"
		    "CR:H/IR:H/AR:H/MAV:N/MAC:L/MPR:L/MUI:N/MS:C/MC:H/MI:H/MA:H",
		    9.3, 8.9, 9.5, true, true },
		/* The user guide's examples (section 3). */
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
		    6.1, 6.1, 6.1, false, false },
		{ "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N",
		    6.4, 6.4, 6.4, false, false },
		{ "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N",
		    3.1, 3.1, 3.1, false, false },
		/* S:C: the calculator's environmental score differs. */
		{ "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H",
		    9.9, 9.9, 10.0, false, false },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
		    7.5, 7.5, 7.5, false, false },
		{ "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
		    7.8, 7.8, 7.8, false, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ex / sizeof ex[0]; i++)
		check31(&ex[i]);
}

struct ex40 {
	const char *vector;
	double      score;
	const char *severity, *nomenclature;
	double      base;
};

static void
check40(const struct ex40 *e)
{
	struct cvss_result r;
	struct err err = { 0 };

	if (cvss_score(e->vector, &r, &err) != ST_OK)
		fail_msg("%s: %s", e->vector, err.msg);
	if ((e->score >= 0 && tenths(r.score.score) != tenths(e->score)) ||
	    tenths(r.base.score) != tenths(e->base))
		fail_msg("%s: got %.1f (base %.1f), want %.1f (base %.1f)",
		    e->vector, r.score.score, r.base.score, e->score, e->base);
	assert_int_equal(r.version, CVSS_V4_0);
	assert_string_equal(r.score.severity, e->severity);
	assert_string_equal(r.nomenclature, e->nomenclature);
	assert_true(r.base.is_set);
	assert_int_equal(r.temporal.is_set,
	    strchr(e->nomenclature + 5, 'T') != NULL);
	assert_int_equal(r.environmental.is_set,
	    strchr(e->nomenclature + 5, 'E') != NULL);
	if (r.environmental.is_set)
		assert_int_equal(tenths(r.environmental.score),
		    tenths(r.score.score));
	else if (r.temporal.is_set)
		assert_int_equal(tenths(r.temporal.score),
		    tenths(r.score.score));
}

#define B40 "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/"

/* Scores of the reference implementation's tests (FIRST / Red Hat); a
 * score of -1 checks the severity only, as those tests do. Their
 * environmental vectors are written here in the specification's order. */
static void
v40_examples(void **state)
{
	static const struct ex40 ex[] = {
		{ B40 "VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0, "None", "CVSS-B",
		    0.0 },
		{ B40 "VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0, "Critical",
		    "CVSS-B", 10.0 },
		{ B40 "VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 8.7, "High", "CVSS-B",
		    8.7 },
		{ B40 "VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/AR:L", 7.9, "High",
		    "CVSS-BE", 8.7 },
		{ B40 "VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/MSI:H", 7.7, "High",
		    "CVSS-BE", 0.0 },
		{ B40 "VC:L/VI:L/VA:L/SC:L/SI:L/SA:L", -1, "Medium", "CVSS-B",
		    6.9 },
		{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/"
		    "SA:H/E:U", 4.1, "Medium", "CVSS-BT", 7.3 },
		{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/"
		    "SA:H/E:P", 5.9, "Medium", "CVSS-BT", 7.3 },
		/* E:A is the worst case, as E:X is; E:X does not make a BT. */
		{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/"
		    "SA:H/E:A", 7.3, "High", "CVSS-BT", 7.3 },
		{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/"
		    "SA:H/E:X", 7.3, "High", "CVSS-B", 7.3 },
		/* Supplemental metrics change nothing. */
		{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/"
		    "SA:H/S:P/AU:Y/R:I/V:C/RE:H/U:Red", 7.3, "High", "CVSS-B",
		    7.3 },
		{ "CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:P/VC:H/VI:N/VA:N/SC:N/SI:N/"
		    "SA:N/E:P/CR:H/IR:L/AR:L/MAV:L/MAC:L/MAT:N/MPR:L/MUI:A/"
		    "MVC:L/MVI:N/MVA:H/MSC:H/MSI:L/MSA:N/S:P/AU:N/R:A/V:D/RE:L/"
		    "U:Red", -1, "Low", "CVSS-BTE", 5.7 },
		/* MSA:S: safety puts the vector in EQ4's top level. */
		{ "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:P/VC:N/VI:L/VA:L/SC:H/SI:N/"
		    "SA:N/E:A/CR:M/IR:M/AR:M/MAV:L/MAC:H/MAT:P/MPR:N/MUI:P/"
		    "MVC:L/MVI:N/MVA:H/MSC:H/MSI:H/MSA:S/S:N/AU:Y/R:I/V:C/RE:M/"
		    "U:Amber", -1, "High", "CVSS-BTE", 1.8 },
		{ "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:A/VC:H/VI:H/VA:N/SC:H/SI:N/"
		    "SA:N/E:P/CR:H/IR:H/AR:H/MAV:L/MAC:L/MAT:N/MPR:H/MUI:P/"
		    "MVC:L/MVI:L/MVA:N/MSC:H/MSI:H/MSA:S/S:N/AU:Y/R:I/V:C/RE:L/"
		    "U:Green", -1, "Medium", "CVSS-BTE", 6.7 },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:H/SC:H/SI:L/"
		    "SA:H/E:A/CR:H/IR:M/AR:M/MAV:L/MAC:H/MAT:N/MPR:H/MUI:N/"
		    "MVC:N/MVI:L/MVA:N/MSC:L/MSI:S/MSA:H/S:N/AU:Y/R:U/V:C/RE:M/"
		    "U:Amber", -1, "Medium", "CVSS-BTE", 8.4 },
		{ "CVSS:4.0/AV:A/AC:H/AT:N/PR:H/UI:A/VC:H/VI:N/VA:H/SC:L/SI:N/"
		    "SA:H/E:U/CR:H/IR:H/AR:H/MAV:N/MAC:L/MAT:N/MPR:N/MUI:N/"
		    "MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:S/S:P/AU:N/R:I/V:D/RE:M/"
		    "U:Red", -1, "Critical", "CVSS-BTE", 5.8 },
		{ "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:P/VC:L/VI:N/VA:H/SC:L/SI:N/"
		    "SA:H/E:U/CR:L/IR:H/AR:L/MAV:A/MAC:L/MAT:N/MPR:N/MUI:A/"
		    "MVC:L/MVI:H/MVA:H/MSC:N/MSI:H/MSA:L/S:P/AU:Y/R:I/V:D/RE:H/"
		    "U:Green", -1, "Medium", "CVSS-BTE", 6.9 },
		/* Modified impacts all None: no impact, 0.0 whatever else. */
		{ "CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:N/VC:L/VI:N/VA:H/SC:L/SI:H/"
		    "SA:H/E:P/CR:H/IR:H/AR:H/MAV:L/MAC:L/MAT:P/MPR:L/MUI:P/"
		    "MVC:N/MVI:N/MVA:N/MSC:N/MSI:N/MSA:N/S:P/AU:N/R:U/V:C/RE:H/"
		    "U:Red", 0.0, "None", "CVSS-BTE", 7.2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ex / sizeof ex[0]; i++)
		check40(&ex[i]);
}

/* The normalised vector lists the given metrics in the spec's order. */
static void
normalised(void **state)
{
	struct cvss_result r;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(cvss_score("CVSS:3.1/C:H/I:H/A:H/S:U/AV:N/AC:L/PR:N/"
	    "UI:N/RL:X/E:P", &r, &err), ST_OK);
	assert_string_equal(r.vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/"
	    "I:H/A:H/E:P/RL:X");
	assert_int_equal(tenths(r.temporal.score), 93);
	assert_true(r.temporal.is_set);
	assert_int_equal(cvss_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/"
	    "VI:H/VA:H/SC:N/SI:N/SA:N/CR:X/U:Clear", &r, &err), ST_OK);
	assert_string_equal(r.vector, "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/"
	    "VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:X/U:Clear");
	assert_string_equal(r.nomenclature, "CVSS-B");
}

static void
severities(void **state)
{
	(void)state;
	assert_string_equal(cvss_severity(CVSS_V3_1, 0.0), "None");
	assert_string_equal(cvss_severity(CVSS_V3_1, 0.1), "Low");
	assert_string_equal(cvss_severity(CVSS_V3_1, 3.9), "Low");
	assert_string_equal(cvss_severity(CVSS_V3_1, 4.0), "Medium");
	assert_string_equal(cvss_severity(CVSS_V4_0, 6.9), "Medium");
	assert_string_equal(cvss_severity(CVSS_V4_0, 7.0), "High");
	assert_string_equal(cvss_severity(CVSS_V4_0, 8.9), "High");
	assert_string_equal(cvss_severity(CVSS_V4_0, 9.0), "Critical");
	assert_string_equal(cvss_severity(CVSS_V4_0, 10.0), "Critical");
}

static void
metrics_table(void **state)
{
	const struct cvss_metric *m;
	size_t n, i, mandatory = 0;

	(void)state;
	m = cvss_metrics(CVSS_V3_1, &n);
	assert_int_equal(n, 22);
	assert_string_equal(m[0].code, "AV");
	assert_string_equal(m[0].values[0].code, "N");
	assert_string_equal(m[8].group, "Temporal");
	m = cvss_metrics(CVSS_V4_0, &n);
	assert_int_equal(n, 32);
	for (i = 0; i < n; i++) {
		mandatory += m[i].is_mandatory;
		if (!m[i].is_mandatory)
			assert_string_equal(m[i].values[0].code, "X");
	}
	assert_int_equal(mandatory, 11);
	assert_string_equal(m[11].code, "E");
	assert_string_equal(m[11].group, "Threat");
	assert_string_equal(m[31].code, "U");
	assert_string_equal(m[31].group, "Supplemental");
}

struct bad {
	const char *vector;
	const char *msg;
};

static void
invalid(void **state)
{
	static const struct bad bad[] = {
		{ "", "empty CVSS vector" },
		{ "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		    "a CVSS vector starts with \"CVSS:3.1/\" or \"CVSS:4.0/\"" },
		{ "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		    "CVSS version \"3.0\" is not supported: a vector starts "
		    "with \"CVSS:3.1/\" or \"CVSS:4.0/\"" },
		{ "cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		    "a CVSS vector starts with \"CVSS:3.1/\" or \"CVSS:4.0/\"" },
		{ "CVSS:3.1/", "empty metric in the vector (two \"/\" in a row, "
		    "or one at the end)" },
		{ "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		    "AV: \"Q\" is not a value of Attack Vector (N, A, L, P)" },
		{ "CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H/A:H",
		    "missing mandatory metric PR (Privileges Required)" },
		{ "CVSS:3.1/AV:N/AC:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		    "metric AC appears twice" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
		    "empty metric in the vector (two \"/\" in a row, or one at "
		    "the end)" },
		{ "CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		    "empty metric in the vector (two \"/\" in a row, or one at "
		    "the end)" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A",
		    "\"A\" is not a metric and its value (METRIC:VALUE, e.g. "
		    "AV:N)" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:",
		    "\"A:\" is not a metric and its value (METRIC:VALUE, e.g. "
		    "AV:N)" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1",
		    "unknown metric \"ZZ\" in a CVSS v3.1 vector" },
		{ "CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H",
		    "AT is a CVSS v4.0 metric, not a CVSS v3.1 one" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:P/S:U/C:H/I:H/A:H",
		    "UI:P is a CVSS v4.0 value; CVSS v3.1 User Interaction takes "
		    "N or R" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:A",
		    "E: \"A\" is not a value of Exploit Code Maturity "
		    "(X, H, F, P, U)" },
		{ "CVSS:3.1/AV:\033[2J/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		    "AV: \"?[2J\" is not a value of Attack Vector (N, A, L, P)" },
		{ "CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		    "AV: \"n\" is not a value of Attack Vector (N, A, L, P)" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/"
		    "SA:N", "UI:R is a CVSS v3.1 value; CVSS v4.0 User "
		    "Interaction takes N, P or A" },
		{ "CVSS:4.0/AV:N/AC:L/PR:N/AT:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/"
		    "SA:N", "metric AT is out of order: CVSS v4.0 puts it "
		    "before PR" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/"
		    "SA:N/CR:H/E:A", "metric E is out of order: CVSS v4.0 puts "
		    "it before CR" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
		    "missing mandatory metric SA (Subsequent System "
		    "Availability)" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/"
		    "SA:N/AC:L", "metric AC appears twice" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/"
		    "SA:N", "SI: \"S\" is not a value of Subsequent System "
		    "Integrity (H, L, N)" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/"
		    "SA:N/MSC:S", "MSC: \"S\" is not a value of Modified "
		    "Subsequent System Confidentiality (X, H, L, N)" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/"
		    "SA:N/U:red", "U: \"red\" is not a value of Provider Urgency "
		    "(X, Clear, Green, Amber, Red)" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/C:H/I:H/A:H",
		    "C is a CVSS v3.1 metric, not a CVSS v4.0 one" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/"
		    "SA:N/E:Z", "E: \"Z\" is not a value of Exploit Maturity "
		    "(X, A, P, U)" },
	};
	struct cvss_result r;
	struct err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&err);
		if (cvss_score(bad[i].vector, &r, &err) != ST_INVALID)
			fail_msg("accepted %s", bad[i].vector);
		assert_int_equal(err.code, ST_INVALID);
		assert_string_equal(err.msg, bad[i].msg);
	}
	assert_int_equal(cvss_score(NULL, &r, NULL), ST_INVALID);
}

static void
too_long(void **state)
{
	char v[400];
	struct cvss_result r;
	struct err err = { 0 };

	(void)state;
	memset(v, 'A', sizeof v - 1);
	v[sizeof v - 1] = '\0';
	assert_int_equal(cvss_score(v, &r, &err), ST_INVALID);
	assert_string_equal(err.msg, "CVSS vector too long (399 characters, "
	    "at most 255)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(invalid),
		cmocka_unit_test(too_long),
		cmocka_unit_test(severities),
		cmocka_unit_test(metrics_table),
		cmocka_unit_test(normalised),
		cmocka_unit_test(fixture_v31),
		cmocka_unit_test(fixture_v40),
		cmocka_unit_test(v31_groups),
		cmocka_unit_test(v40_examples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
