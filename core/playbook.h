/* core/playbook.h - playbooks: what a communication asks, step by step.
 *
 * A playbook is a YAML file (see herald-playbook(5)). It is parsed into
 * the tree below, which every other part reads and none changes. A
 * communication keeps the playbook it started with, by hash, in the
 * database (see core/workflow.h), so editing the file changes only
 * communications started afterwards.
 */
#ifndef HERALD_CORE_PLAYBOOK_H
#define HERALD_CORE_PLAYBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/fieldkind.h"
#include "util/err.h"

/* Where a node was in its file: 1-based, as libyaml's mark + 1. */
struct pb_pos {
	int line;
	int col;
};

/* One option of a choice, multi-choice or checklist field. */
struct pb_option {
	char *value;              /* what is stored */
	char *label;              /* what is shown; = value when not given */
};

/* A field shows only when field FIELD's answer is one of VALUES (for a
 * multi-choice: contains one of them; for a boolean: "yes" or "no"). */
struct pb_condition {
	char   *field;            /* NULL: always shown */
	char  **values;
	size_t  n_values;
	struct pb_pos pos;
};

/* Kinds of check a text field may ask for, besides its type's rules. */
#define PB_WARN_BLAME   (1u << 0) /* warn on people's names and blame */
#define PB_WARN_SHORT_NOTICE (1u << 1) /* datetime: warn when it is less
                                        * than 12 months away */

/* Where a field's first answer may come from: a fact of the incident the
 * communication is about, or, for an end-of-life notice, of its release
 * cycle (the key "from"). Nothing is entered twice. */
#define PB_SOURCE_LIST(X) \
	X(NONE,             "") \
	X(TITLE,            "incident.title") \
	X(SUMMARY,          "incident.summary") \
	X(CVSS,             "incident.cvss") \
	X(SEVERITY,         "incident.severity") \
	X(AWARE_AT,         "incident.aware-at") \
	X(DISCOVERED_AT,    "incident.discovered-at") \
	X(FIX_AVAILABLE_AT, "incident.fix-available-at") \
	X(AFFECTED,         "incident.affected") \
	X(REF,              "incident.ref") \
	X(CYCLE_TITLE,      "cycle.title") \
	X(CYCLE_PRODUCT,    "cycle.product") \
	X(CYCLE_EOL,        "cycle.eol") \
	X(CYCLE_EXTENDED_END, "cycle.extended-support-end") \
	X(CYCLE_LATEST,     "cycle.latest-version") \
	X(CYCLE_POST_EOL,   "cycle.post-eol-options")

enum pb_source {
#define X(id, name) PB_FROM_##id,
	PB_SOURCE_LIST(X)
#undef X
	PB_SOURCE_COUNT
};

/* The source named NAME ("incident.cvss"), or -1; and back. */
int         pb_source_from_name(const char *name);
const char *pb_source_name(enum pb_source src);
/* Whether a field of KIND may take its answer from SRC. */
bool        pb_source_fits(enum pb_source src, enum field_kind kind);
/* Whether SRC is a release cycle's fact (cycle.*): only a playbook of
 * kind eol-notice may use one. */
bool        pb_source_is_cycle(enum pb_source src);

/* The text field whose answer is the communication's title. */
#define PB_TITLE_FIELD "title"

struct pb_field {
	char              *id;         /* the answer's key: [a-z][a-z0-9_-]* */
	enum field_kind    kind;
	char              *label;
	char              *help;       /* may be NULL */
	bool               is_required;
	bool               is_internal; /* never in an output whose audience
	                                 * is not internal */
	bool               is_variable; /* a text field a pre-approved
	                                 * template leaves to the author (a
	                                 * name, a date): changing it keeps a
	                                 * pre-approval; other text does not */
	char              *default_value; /* stored form, or NULL */
	struct pb_option  *options;    /* choice, multi-choice, checklist */
	size_t             n_options;
	long               max_length; /* text kinds: characters; 0 = none */
	double             min_reading_ease; /* plain-text: warn below this
	                                  * Flesch score; the playbook's
	                                  * reading_ease when not given */
	unsigned           warnings;   /* PB_WARN_* */
	enum pb_source     from;       /* the incident's or cycle's fact
	                                * it starts with; PB_FROM_NONE:
	                                * none */
	struct pb_condition when;
	struct pb_pos      pos;
};

#define PB_STEP_KIND_LIST(X) \
	X(FORM,      "form",      "fields to fill in") \
	X(GATE,      "gate",      "approvals needed before going on") \
	X(CHECKLIST, "checklist", "items that must all be ticked") \
	X(PUBLISH,   "publish",   "the channels the outputs go to")

enum pb_step_kind {
#define X(id, name, help) PB_STEP_##id,
	PB_STEP_KIND_LIST(X)
#undef X
	PB_STEP_KIND_COUNT
};

/* A gate asks COUNT approvals from holders of ROLE. */
struct pb_gate_role {
	char *role;               /* approver:legal, approver:pr, ..., sro */
	int   count;              /* at least 1 */
	struct pb_pos pos;
};

struct pb_step {
	char                *id;
	enum pb_step_kind    kind;
	char                *title;
	char                *help;       /* may be NULL */
	/* form: its fields. checklist: one field of kind FIELD_CHECKLIST
	 * whose id is the step's id and whose options are the items. */
	struct pb_field     *fields;
	size_t               n_fields;
	/* gate */
	struct pb_gate_role *roles;
	size_t               n_roles;
	bool                 allow_author;  /* false: whoever edited the
	                                     * content may not approve it */
	bool                 is_ordered;    /* roles decide in the listed
	                                     * order (legal before pr) */
	bool                 is_preapprovable; /* passes on pre-approved
	                                     * playbook and templates when
	                                     * only variable fields changed */
	/* publish: output ids of this playbook, or channel names */
	char               **channels;
	size_t               n_channels;
	/* Which variants include the step; none = all. */
	char               **variants;
	size_t               n_variants;
	struct pb_pos        pos;
};

/* A span of time: calendar months plus minutes (a month is a calendar
 * month: 31 January + 1 month = 28 February, as clock_add_months). */
struct pb_span {
	int  months;
	long minutes;
};

/*
 * A clock: a deadline at FROM + WITHIN, or, when EVERY is set, a deadline
 * that recurs every EVERY after FROM and after each publication while the
 * incident is open. A clock named by REGIME (and optionally
 * REGIME_CLOCK) takes its times from that regime's data file
 * (core/regime.h); the playbook may still narrow it to a variant.
 */
struct pb_clock {
	char          *id;
	char          *title;
	char          *regime;        /* gdpr, uk-gdpr, nis2, cra, vendor; or NULL */
	char          *regime_clock;  /* one clock of the regime; NULL = all */
	char          *from;          /* awareness, discovery, fix-available,
	                               * started; NULL when from a regime */
	struct pb_span within;        /* zero when EVERY is set or regime */
	struct pb_span every;         /* zero: not recurring */
	int            phase;         /* the revision whose publication
	                               * stops it: 1 = the first */
	char          *variant;       /* stops with this variant's
	                               * communication; NULL = any */
	struct pb_pos  pos;
};

/* One output the communication produces (see core/render.h). */
struct pb_output {
	char         *id;
	char         *format;         /* markdown, html, atom, rss, csaf,
	                               * csaf-vex, csaf-incident, cve, email,
	                               * github, webhook, ticket, text */
	char         *title;
	char         *template;       /* may be NULL */
	char        **variants;       /* which variants produce it; none = all */
	size_t        n_variants;
	struct pb_pos pos;
};

/* One communication a playbook makes. A playbook without a variants key
 * has one variant whose id is "" and whose kind and audience are the
 * playbook's. */
struct pb_variant {
	char         *id;
	char         *title;
	char         *kind;           /* a communication kind */
	char         *audience;       /* public, customers, regulator, internal */
	struct pb_pos pos;
};

struct playbook {
	char              *name;        /* security-advisory: [a-z][a-z0-9-]* */
	char              *version;     /* as written: "1", "2.1" */
	char              *title;
	char              *description; /* may be NULL */
	char              *kind;        /* the communication kind */
	char              *audience;
	double             reading_ease; /* plain-text default threshold;
	                                  * 50 when not given */
	bool               opens_incident; /* vulnerability-report: may open
	                                  * or join an incident */
	struct pb_variant *variants;    /* at least one */
	size_t             n_variants;
	struct pb_step    *steps;
	size_t             n_steps;
	struct pb_clock   *clocks;
	size_t             n_clocks;
	struct pb_output  *outputs;
	size_t             n_outputs;
	char              *source;      /* the file it came from, or a name */
	char               hash[65];    /* SHA-256 of the text, lowercase hex */
	char              *text;        /* the YAML, whole */
};

/* One problem found in a playbook: "FILE:LINE:COL: MESSAGE". */
struct pb_problem {
	struct pb_pos pos;
	char          message[256];
};

/* All the problems of one parse, in file order; the loader keeps going
 * after the first where it can so lint shows them all. */
struct pb_problems {
	struct pb_problem *items;
	size_t             n;
};
void pb_problems_clear(struct pb_problems *p);

/*
 * Parse TEXT (LEN bytes of YAML) named SOURCE (for messages) into a new
 * playbook at *OUT. On any problem returns ST_INVALID with *OUT NULL,
 * PROBLEMS (when not NULL) holding every problem found, and ERR's message
 * the first as "SOURCE:LINE:COL: MESSAGE". Rejected: malformed YAML,
 * unknown keys, wrong types, missing required keys, duplicate step,
 * field, option, clock, output or variant ids, conditions and publish
 * steps naming what does not exist, unknown regimes or roles, bad spans.
 */
enum status playbook_parse(const char *text, size_t len, const char *source,
    struct playbook **out, struct pb_problems *problems, struct err *err);
/* Read and parse the file PATH (see playbook_parse). */
enum status playbook_load_file(const char *path, struct playbook **out,
    struct pb_problems *problems, struct err *err);
void        playbook_free(struct playbook **pb);

/*
 * Find the playbook file named NAME (security-advisory): NAME.yaml in
 * $XDG_CONFIG_HOME/herald/playbooks, then in the shipped directory
 * (paths_share_dir()/playbooks). *PATH is allocated; caller frees.
 */
enum status playbook_find(const char *name, char **path, struct err *err);
/* The names of every playbook found (config first, shipped after, each
 * name once), sorted; a NULL-terminated array the caller frees with
 * playbook_names_free(). */
enum status playbook_names(char ***names, struct err *err);
void        playbook_names_free(char **names);

/* Lookups; NULL when absent. */
const struct pb_step    *playbook_step(const struct playbook *pb, const char *id);
const struct pb_field   *playbook_field(const struct playbook *pb,
    const char *id, const struct pb_step **step);
const struct pb_variant *playbook_variant(const struct playbook *pb,
    const char *id);
/* The ids of PB's variants, or with IS_KIND their kinds, joined with ", "
 * into BUF of N bytes; returns BUF. */
char *playbook_variants_join(const struct playbook *pb, bool is_kind,
    char *buf, size_t n);
/* Whether STEP (or OUTPUT) belongs to VARIANT. */
bool playbook_step_in_variant(const struct pb_step *step, const char *variant);
bool playbook_output_in_variant(const struct pb_output *o, const char *variant);

/* The step kind named NAME, or -1; and back. */
int         pb_step_kind_from_name(const char *name);
const char *pb_step_kind_name(enum pb_step_kind kind);

/* Parse a span: "72h", "24 hours", "14d", "1 month", "30m", "2w".
 * ST_INVALID with a message naming S otherwise. */
enum status pb_span_parse(const char *s, struct pb_span *out, struct err *err);
/* Format SPAN as "72 h", "14 d", "1 month" into BUF. */
char       *pb_span_format(const struct pb_span *span, char *buf, size_t n);

#endif
