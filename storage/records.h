/* storage/records.h - plain row structs that storage fills and core reads. */
#ifndef HERALD_STORAGE_RECORDS_H
#define HERALD_STORAGE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Every struct owns its strings (free with the matching *_clear or *_free in
 * storage/records.c). Times are UTC RFC 3339 text or NULL. An id of 0 means
 * "none" wherever an id is optional.
 */

struct user {
	long long id;
	char     *login;
	char     *name;          /* NULL once erased */
	char     *email;         /* NULL once erased */
	char     *created_at;
	char     *erased_at;
	char    **roles;         /* NULL-terminated, sorted */
	size_t    nroles;
	char     *signing_key;   /* OpenPGP fingerprint, or NULL */
};

struct product {
	long long id;
	char     *slug;
	char     *name;
	char     *description;
	long long owner_id;
	char     *created_at;
	char     *updated_at;
};

struct cycle {
	long long id;
	long long product_id;
	char     *cycle;                 /* "4.2" */
	char     *release_date;          /* dates are YYYY-MM-DD */
	char     *active_support_end;
	char     *security_support_end;
	char     *eol;
	char     *extended_support_end;
	bool      is_lts;
	char     *latest_version;
	char     *post_eol_options;
	long long owner_id;
	char     *eol_notice_sent_at;
	char     *created_at;
	char     *updated_at;
};

struct customer {
	long long id;
	char     *name;
	char     *contact_email;
	char     *contract_ref;
	int       notify_sla_hours;      /* 0 = no contractual SLA */
	char     *created_at;
	char     *erased_at;
};

struct deployment {
	long long id;
	long long customer_id;
	long long product_id;
	long long cycle_id;
	char     *version;
	char     *created_at;
};

struct incident {
	long long id;
	char     *ref;                   /* "SEC-2026-004" */
	char     *title;
	char     *summary;
	char     *trigger_kind;          /* vulnerability, data-breach, ... */
	char     *severity;              /* none, low, medium, high, critical */
	char     *cvss_vector;
	double    cvss_score;            /* < 0 when unset */
	char     *state;                 /* open, contained, resolved, closed */
	char     *discovered_at;
	char     *aware_at;
	char     *embargo_until;
	char     *fix_available_at;      /* when a fix became available */
	bool      is_drill;
	long long created_by;
	char     *created_at;
	char     *updated_at;
	long long version;
};

struct communication {
	long long id;
	long long incident_id;
	long long cycle_id;
	char     *kind;                  /* advisory, customer-notice, ... */
	char     *audience;              /* public, customers, regulator, internal */
	char     *title;
	char     *playbook;
	char     *playbook_version;
	char     *playbook_hash;
	char     *variant;               /* the playbook's variant; "" = its only */
	char     *state;                 /* draft, in-review, approved, ... */
	long long revision;
	long long created_by;
	char     *created_at;
	char     *updated_at;
	char     *published_at;
	long long version;
};

/* A communication as a list shows it: with what it is about. */
struct communication_row {
	struct communication comm;
	char     *incident_ref;          /* "SEC-2026-004"; NULL for a cycle */
	char     *cycle_label;           /* "slug 4.2" of an end-of-life notice,
	                                  * else NULL */
};

struct answer {
	long long id;
	long long communication_id;
	char     *field;
	char     *value;
	long long version;
	long long edited_by;
	char     *edited_at;
};

struct affected {
	long long id;
	long long incident_id;
	long long product_id;
	long long cycle_id;
	char     *version_range;
	char     *status;                /* known_affected, fixed, ... */
	char     *justification;
	char     *ecosystem;
	char     *package;
};

struct approval {
	long long id;
	long long communication_id;
	long long revision;
	char     *gate;
	long long approver_id;
	char     *role;
	char     *decision;              /* approved, rejected */
	char     *comment;
	char     *content_hash;
	char     *snapshot;
	char     *decided_at;
	long long canon_version;         /* of the canonical form hashed */
	char     *signer;                /* OpenPGP fingerprint, or NULL */
	char     *signature;             /* detached, armored, or NULL */
};

struct template_row {
	long long id;
	char     *name;
	long long version;
	char     *hash;
	char     *body;
	char     *source;
	char     *imported_at;
};

struct subscriber {
	long long id;
	char     *address;               /* NULL once erased */
	char     *token;
	char     *created_at;
	char     *confirmed_at;
	char     *unsubscribed_at;
	char     *erased_at;
	char    **lists;                 /* NULL-terminated, sorted */
	size_t    nlists;
	long long customer_id;           /* 0 = not a customer's address */
};

struct channel {
	long long id;
	char     *name;
	char     *kind;                  /* email, webhook, github, ... */
	char     *settings;              /* JSON object; no secrets */
	bool      is_enabled;
	char     *created_at;
};

struct outbox_row {
	long long id;
	long long communication_id;
	long long channel_id;
	char     *target;
	char     *payload;
	char     *idempotency_key;
	char     *state;                 /* pending, leased, delivered, ... */
	char     *not_before;
	char     *lease_owner;
	char     *lease_until;
	int       attempts;
	char     *next_attempt_at;
	char     *last_error;
	char     *delivered_at;
	char     *external_ref;
	char     *created_at;
	/* Since migration 13 (NULL or 0 in older rows). */
	int       revision;              /* of the communication carried */
	char     *output;                /* the playbook output it renders */
	char     *purpose;               /* publish, correction, withdrawal,
	                                  * ticket, alert, confirmation */
	long long subscriber_id;         /* 0 = not to a subscriber */
	long long customer_id;           /* 0 = not to a customer */
	char     *updated_at;
};

struct drill {
	long long id;
	char     *playbook;
	long long incident_id;
	char     *started_at;
	char     *finished_at;
	char     *findings;
	long long run_by;
	char     *test_list;             /* the only list its e-mails reach;
	                                  * NULL: the setting drill.list */
	long long test_channel_id;       /* its test channel, or 0 */
	char     *results;               /* JSON array, one object per clock
	                                  * (core/drill.h); "[]" until finished */
};

/* A playbook as stored when a communication started with it. */
struct playbook_row {
	long long id;
	char     *name;
	char     *version;
	char     *hash;                  /* SHA-256 of body, lowercase hex */
	char     *body;                  /* the YAML, whole */
	char     *source;
	char     *imported_at;
};

/* One round of publication of a communication: 1 is the original. */
struct revision {
	long long communication_id;
	long long revision;
	char     *reason;                /* why the update; "" for the first */
	long long started_by;
	char     *started_at;
	char     *published_at;          /* NULL until published */
	char     *snapshot;              /* JSON of the answers published */
	char     *withdrawn_at;          /* NULL unless withdrawn */
	char     *withdrawn_reason;
};

/* A step marked done, in the revision it was done in. */
struct step_mark {
	long long communication_id;
	char     *step;
	long long revision;
	long long done_by;
	char     *done_at;
};

struct audit_row {
	long long seq;
	char     *at;
	char     *actor;                 /* "user:3" or "system" */
	char     *action;                /* "incident.create" */
	char     *subject;               /* "incident:12" */
	char     *detail;                /* compact JSON object */
	char     *prev_hash;
	char     *hash;
};

/* Free the strings a struct owns and zero it; NULL is allowed. */
void user_clear(struct user *u);
void product_clear(struct product *p);
void cycle_clear(struct cycle *c);
void customer_clear(struct customer *c);
void deployment_clear(struct deployment *d);
void incident_clear(struct incident *i);
void communication_clear(struct communication *c);
void communication_row_clear(struct communication_row *r);
void answer_clear(struct answer *a);
void affected_clear(struct affected *a);
void approval_clear(struct approval *a);
void template_row_clear(struct template_row *t);
void subscriber_clear(struct subscriber *s);
void channel_clear(struct channel *c);
void outbox_row_clear(struct outbox_row *o);
void drill_clear(struct drill *d);
void audit_row_clear(struct audit_row *a);
void playbook_row_clear(struct playbook_row *p);
void revision_clear(struct revision *r);
void step_mark_clear(struct step_mark *m);

/*
 * A growable array of rows of one type; list_free() clears each element
 * with the given clear function and frees the array.
 */
struct rowlist {
	void   *items;
	size_t  count;
	size_t  cap;
	size_t  size;            /* sizeof one element */
};
typedef void (*row_clear_fn)(void *row);

void  rowlist_init(struct rowlist *l, size_t size);
/* Append a zeroed element and return it. */
void *rowlist_push(struct rowlist *l);
void *rowlist_at(const struct rowlist *l, size_t i);
/* Reverse the order of the elements in place. */
void  rowlist_reverse(struct rowlist *l);
void  rowlist_free(struct rowlist *l, row_clear_fn clear);

#endif
