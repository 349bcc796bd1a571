/* core/settings.h - who publishes and where: the settings every output
 * needs (the site's address, the publisher's name and CSAF namespace,
 * security.txt's contacts, the signing key), kept in the database so
 * every run renders the same. */
#ifndef HERALD_CORE_SETTINGS_H
#define HERALD_CORE_SETTINGS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/session.h"

/*
 * X(ID, key, default, what it is). A NULL default means unset until
 * someone sets it; outputs that need it say which key to set.
 * Values are one line of at most 1,000 characters; URLs are https (http
 * only on 127.0.0.1 or localhost), contacts mailto:, tel: or https.
 */
#define SETTING_LIST(X) \
	X(SITE_URL,        "site.url",            NULL, \
	  "the address the exported site is served from, ending in /") \
	X(SITE_TITLE,      "site.title",          NULL, \
	  "the site's title (default: PUBLISHER security)") \
	X(PUB_NAME,        "publisher.name",      NULL, \
	  "the vendor's name, as readers and CSAF know it") \
	X(PUB_NAMESPACE,   "publisher.namespace", NULL, \
	  "the vendor's CSAF namespace, an https URL (default: site.url)") \
	X(PUB_CONTACT,     "publisher.contact",   NULL, \
	  "how to reach the vendor about CSAF documents (default: the first " \
	  "security.contact)") \
	X(SEC_CONTACT,     "security.contact",    NULL, \
	  "where researchers report: mailto:, tel: or https, comma-separated") \
	X(SEC_ENCRYPTION,  "security.encryption", NULL, \
	  "the https URL of the OpenPGP key reports may be encrypted to") \
	X(SEC_ACK,         "security.acknowledgments", NULL, \
	  "the https URL of the page thanking researchers") \
	X(SEC_LANGUAGES,   "security.languages",  "en", \
	  "languages reports may be written in, comma-separated") \
	X(SEC_HIRING,      "security.hiring",     NULL, \
	  "the https URL of security jobs") \
	X(SEC_EXPIRES,     "security.expires-days", "365", \
	  "days until security.txt expires, 1 to 365") \
	X(CVE_ORG_ID,      "cve.org-id",          NULL, \
	  "the CNA's organisation UUID for CVE records (default: one derived " \
	  "from the publisher's namespace)") \
	X(CVE_SHORT_NAME,  "cve.short-name",      NULL, \
	  "the CNA's short name for CVE records, 2 to 32 characters (default: " \
	  "from the publisher's name)") \
	X(SIGNING_KEY,     "signing.key",         NULL, \
	  "the OpenPGP fingerprint that signs CSAF documents and security.txt " \
	  "(the key stays in GnuPG's home)") \
	X(FEED_ENTRIES,    "feed.entries",        "0", \
	  "how many newest items the feeds carry; 0 for all") \
	X(LC_STANDARD,     "lifecycle.standard-months", "24", \
	  "months a standard release is supported") \
	X(LC_LTS,          "lifecycle.lts-months", "60", \
	  "months a long-term-support release is supported") \
	X(LC_NOTICE,       "lifecycle.notice-months", "12", \
	  "months ahead an end of life is announced, at least 12") \
	X(CHECK_ALERT,     "check.alert-channel", NULL, \
	  "the channel (email or webhook) herald check alerts a product's " \
	  "owners through") \
	X(CHECK_SECTXT,    "check.security-txt",  NULL, \
	  "the published security.txt herald check reads Expires from (an " \
	  "absolute path; directory channels' copies are read as well)") \
	X(EVAL_MONTHS,     "compliance.evaluation-months", "3", \
	  "months between the SRO's evaluations of the compliance questions, " \
	  "1 to 12") \
	X(BREACH_PLAYBOOK, "breach.playbook",     "breach-notification", \
	  "the playbook a drill runs and the breach-notification procedure " \
	  "describes") \
	X(DRILL_LIST,      "drill.list",          "drill:*", \
	  "the only subscriber list a drill's e-mails go to (of kind drill)") \
	X(DRILL_CHANNEL,   "drill.channel",       NULL, \
	  "a webhook or e-mail channel for a drill's messages (unset: its " \
	  "e-mails go through every enabled e-mail channel, nothing else " \
	  "goes out)")

enum setting_id {
#define X(id, key, def, what) SETTING_##id,
	SETTING_LIST(X)
#undef X
	SETTING_COUNT
};

/* The key, default (may be NULL) and description of ID; -1 from
 * setting_from_key() for an unknown key. */
const char *setting_key(enum setting_id id);
const char *setting_default(enum setting_id id);
const char *setting_what(enum setting_id id);
int         setting_from_key(const char *key);

/* Check VALUE for KEY without saving it; the message names the key. */
enum status setting_check(const char *key, const char *value,
    struct err *err);
/* Save VALUE for KEY (NULL or "" unsets it) after setting_check(), with
 * its audit row. Admins only. */
enum status setting_set(struct session *s, const char *key,
    const char *value, struct err *err);
/* The value of KEY, else its default, else NULL: allocated. */
enum status setting_get(struct session *s, const char *key, char **value,
    struct err *err);

/*
 * Every setting as the "site" object of the document model (see
 * core/docmodel.h): the keys with '.' and '-' turned into '_'
 * ("site_url", "publisher_name", ...), each the value or its default,
 * unset ones absent, plus derived values: "site_title" defaulting from
 * the publisher, "publisher_namespace" from site.url, "publisher_contact"
 * from security.contact, and "contacts" as an array. *OUT is a new
 * reference.
 */
enum status settings_site(struct session *s, json_t **out, struct err *err);
/* ST_INVALID naming every key of KEYS (NULL-terminated) unset in SITE
 * (from settings_site()), with the command that sets one, or ST_OK. */
enum status settings_require(const json_t *site, const char *const *keys,
    const char *what, struct err *err);

#endif
