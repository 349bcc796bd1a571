/* core/demo_data.h - the demo vendor's products, people and incidents, as data. */
#ifndef HERALD_CORE_DEMO_DATA_H
#define HERALD_CORE_DEMO_DATA_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Dates are offsets in days from "now" (negative: in the past), so the demo
 * stays true whenever it is built: a cycle that ends "within 12 months"
 * still does next year.
 */
#define DEMO_NONE (-100000)      /* no such date */

struct demo_user {
	const char *login, *name, *email;
	const char *roles[4];
};

struct demo_cycle {
	const char *cycle;
	int         release, active_end, security_end, eol, extended_end;
	bool        is_lts;
	const char *latest;
	const char *post_eol;
	int         notice_sent;     /* days offset, or DEMO_NONE */
};

struct demo_product {
	const char *slug, *name, *description, *owner;
	struct demo_cycle cycles[5];
};

struct demo_customer {
	const char *name, *email, *contract;
	int         sla_hours;       /* 0: none */
	const char *runs[3][3];      /* { product slug, cycle, version } */
};

struct demo_answer {
	const char *field, *value;
};

struct demo_comm {
	const char *kind, *audience, *title, *playbook;
	const char *state;           /* final state */
	const char *author;
	struct demo_answer answers[12];
};

struct demo_affected {
	const char *product, *cycle, *range, *status, *justification;
	const char *ecosystem, *package;
};

struct demo_incident {
	const char *title, *summary, *trigger, *severity, *cvss;
	int         aware_hours;     /* hours before now */
	int         discovered_hours;
	int         embargo_days;    /* DEMO_NONE or days from now */
	const char *state;
	bool        is_drill;
	const char *author;
	struct demo_affected affected[3];
	struct demo_comm     comms[6];
};

/* A researcher's report: when it came in and when each step was taken,
 * in hours before now (DEMO_NONE: not yet). */
struct demo_report {
	const char *reporter, *summary;
	double      received, acknowledged, triaged;
};

/* An entry of the trust page; VALID_DAYS is a certification's end, in
 * days from now (DEMO_NONE: none). */
struct demo_trust {
	const char *section, *title, *body, *extra;
	int         valid_days;
};

/* A personal-data breach as the register keeps it, about the incident
 * titled INCIDENT. With IS_PREFILLED the facts come from the incident's
 * breach notifications, as `herald breach from-incident` takes them. */
struct demo_breach {
	const char *incident;
	double      recorded;        /* hours before now */
	const char *author;
	bool        is_prefilled;
	double      occurred;        /* hours before now, or DEMO_NONE */
	const char *facts, *effects, *remedial, *categories, *people, *records;
	const char *risk, *regulator, *reason;
};

/* What the SRO said on each question at the evaluation. */
struct demo_comment {
	const char *question, *comment;
};

extern const struct demo_user     demo_users[];
extern const struct demo_product  demo_products[];
extern const struct demo_customer demo_customers[];
extern const struct demo_incident demo_incidents[];
extern const struct demo_report   demo_reports[];
extern const struct demo_trust    demo_trust[];
extern const struct demo_breach   demo_breaches[];
extern const struct demo_comment  demo_comments[];
extern const char *const          demo_evaluation_summary;
/* address, list, list, the customer whose address it is (or NULL) */
extern const char *const          demo_subscribers[][4];
extern const char *const          demo_channels[][3];      /* name, kind, settings */
extern const char *const          demo_settings[][2];      /* key, value */
extern const char *const          demo_owners[][3];        /* kind, name, login */
/* A release after the site was last exported: product, cycle, version. */
extern const char *const          demo_release[3];

#endif
