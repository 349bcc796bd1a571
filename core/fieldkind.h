/* core/fieldkind.h - the kinds of field a playbook step can ask for. */
#ifndef HERALD_CORE_FIELDKIND_H
#define HERALD_CORE_FIELDKIND_H

#define FIELD_KIND_LIST(X) \
	X(TEXT,         "text",         "one line of text") \
	X(LONG_TEXT,    "long-text",    "several paragraphs, edited in $EDITOR") \
	X(CHOICE,       "choice",       "one of a list") \
	X(MULTI_CHOICE, "multi-choice", "any of a list") \
	X(BOOLEAN,      "boolean",      "yes or no") \
	X(DATETIME,     "datetime",     "a date and time with its zone") \
	X(EMAIL_LIST,   "email-list",   "e-mail addresses") \
	X(URL,          "url",          "a web address") \
	X(CVE_LIST,     "cve-list",     "CVE IDs") \
	X(CVSS,         "cvss",         "a CVSS v3.1 or v4.0 vector") \
	X(PRODUCTS,     "products",     "affected products and versions") \
	X(CHECKLIST,    "checklist",    "items that must all be ticked") \
	X(PLAIN_TEXT,   "plain-text",   "text for non-technical readers")

enum field_kind {
#define X(id, name, help) FIELD_##id,
	FIELD_KIND_LIST(X)
#undef X
	FIELD_KIND_COUNT
};

/* The kind named NAME, or -1. */
int         field_kind_from_name(const char *name);
/* The playbook name of KIND ("long-text"), or NULL if out of range. */
const char *field_kind_name(enum field_kind kind);
/* One line describing KIND, for help and the man page. */
const char *field_kind_help(enum field_kind kind);

#endif
