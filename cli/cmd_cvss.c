/* cli/cmd_cvss.c - herald cvss: score a CVSS v3.1 or v4.0 vector. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/cvss.h"

static const char usage[] =
"usage: herald cvss VECTOR [--json]\n"
"\n"
"Check and score a CVSS v3.1 or v4.0 vector as FIRST's calculators do:\n"
"v3.1 base, temporal and environmental scores; v4.0 the score of the\n"
"metric groups the vector gives (CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE).\n"
"A vector that is not valid is named on stderr with the metric at fault.\n"
"\n"
"  --json      the metrics and scores as one JSON object with the key\n"
"              names of FIRST's CVSS JSON schema\n"
"  -h, --help  show this help\n";

static void
print_value(const char *label, const struct cvss_value *v)
{
	printf("%-14s%4.1f  %s\n", label, v->score, v->severity);
}

static int
print_text(const struct cvss_result *r)
{
	bool is_v4 = r->version == CVSS_V4_0;

	printf("CVSS v%s  %s\n", is_v4 ? "4.0" : "3.1", r->vector);
	if (is_v4) {
		if (strcmp(r->nomenclature, "CVSS-B") != 0)
			print_value("CVSS-B", &r->base);
		print_value(r->nomenclature, &r->score);
		return 0;
	}
	print_value("base", &r->base);
	if (r->temporal.is_set)
		print_value("temporal", &r->temporal);
	if (r->environmental.is_set)
		print_value("environmental", &r->environmental);
	return 0;
}

/* The schema's name for a value: its name in upper case, words joined by
 * '_' ("Proof-of-Concept" is PROOF_OF_CONCEPT). */
static json_t *
json_value_name(const char *name)
{
	char buf[64];
	size_t i;

	for (i = 0; name[i] != '\0' && i + 1 < sizeof buf; i++)
		buf[i] = name[i] == ' ' || name[i] == '-' ? '_' :
		    (char)toupper((unsigned char)name[i]);
	buf[i] = '\0';
	return json_string(buf);
}

static void
json_add_score(json_t *o, const char *group, const struct cvss_value *v)
{
	char key[32], sev[16];
	size_t i;

	for (i = 0; v->severity[i] != '\0' && i + 1 < sizeof sev; i++)
		sev[i] = (char)toupper((unsigned char)v->severity[i]);
	sev[i] = '\0';
	snprintf(key, sizeof key, "%sScore", group);
	json_object_set_new(o, key, json_real(v->score));
	snprintf(key, sizeof key, "%sSeverity", group);
	json_object_set_new(o, key, json_string(sev));
}

/* Add each metric the vector gives, named as the schema names it. */
static void
json_add_metrics(json_t *o, const struct cvss_result *r)
{
	const struct cvss_metric *ms;
	const char *p;
	size_t n, i, j, len;

	ms = cvss_metrics(r->version, &n);
	for (p = strchr(r->vector, '/'); p != NULL; p = strchr(p, '/')) {
		p++;
		len = strcspn(p, ":");
		for (i = 0; i < n; i++)
			if (strlen(ms[i].code) == len &&
			    strncmp(ms[i].code, p, len) == 0)
				break;
		if (i == n)
			continue;
		for (j = 0; j < ms[i].n_values; j++)
			if (strncmp(ms[i].values[j].code, p + len + 1,
			    strcspn(p + len + 1, "/")) == 0 &&
			    strlen(ms[i].values[j].code) ==
			    strcspn(p + len + 1, "/"))
				json_object_set_new(o, ms[i].json,
				    json_value_name(ms[i].values[j].name));
	}
}

static int
print_json(const struct cvss_result *r)
{
	bool is_v4 = r->version == CVSS_V4_0;
	json_t *o = json_object();
	int rc;

	json_object_set_new(o, "version", json_string(is_v4 ? "4.0" : "3.1"));
	json_object_set_new(o, "vectorString", json_string(r->vector));
	json_add_metrics(o, r);
	json_add_score(o, "base", &r->base);
	if (r->temporal.is_set)
		json_add_score(o, is_v4 ? "threat" : "temporal", &r->temporal);
	if (r->environmental.is_set)
		json_add_score(o, "environmental", &r->environmental);
	if (is_v4)
		json_object_set_new(o, "nomenclature",
		    json_string(r->nomenclature));
	/* Three significant digits print 9.8 as 9.8, not 9.8000000000000007. */
	rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(3));
	json_decref(o);
	if (rc != 0 || fputc('\n', stdout) == EOF) {
		fprintf(stderr, "herald: cannot write the output\n");
		return status_exit_code(ST_IO);
	}
	return 0;
}

int
cmd_cvss(struct cli *c, int argc, char **argv)
{
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct cvss_result r;
	struct err err = { 0 };
	int rc;

	(void)c;
	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (optind >= argc)
		return cli_usage_error(usage, "cvss needs a vector");
	if (optind + 1 < argc)
		return cli_usage_error(usage, "cvss takes one vector (got %d "
		    "arguments)", argc - optind);
	if (cvss_score(argv[optind], &r, &err) != ST_OK)
		return cli_fail(&err);
	return is_json ? print_json(&r) : print_text(&r);
}
