/* core/demo_data.c - the demo's content: a small vendor, Brightwater Systems. */
#include "config.h"

#include "core/demo_data.h"

#define N DEMO_NONE

const struct demo_user demo_users[] = {
	{ "alice", "Alice Moreau", "alice@brightwater.example", { "author", NULL } },
	{ "bilal", "Bilal Haddad", "bilal@brightwater.example", { "author", NULL } },
	{ "lena", "Lena Fischer", "lena@brightwater.example", { "approver:legal", NULL } },
	{ "priya", "Priya Raman", "priya@brightwater.example", { "approver:pr", NULL } },
	{ "sora", "Sora Tanaka (田中空)", "sora@brightwater.example",
	    { "approver:security", NULL } },
	{ "olivia", "Olivia Brennan", "olivia@brightwater.example", { "sro", NULL } },
	{ "ines", "Inès Álvarez", "ines@brightwater.example", { "admin", "author", NULL } },
	{ NULL, NULL, NULL, { NULL } },
};

const struct demo_product demo_products[] = {
	{ "harbor-gateway", "Harbor Gateway",
	  "API gateway that fronts customers' services: routing, auth, rate limits.",
	  "sora", {
		{ "3.0", -1400, -1030, -700, -700, N, false, "3.0.19",
		  "Upgrade to 3.2; paid extended support ended.", -1100 },
		{ "3.1", -1000, -640, 120, 120, N, false, "3.1.27",
		  "Upgrade to 3.2 or 4.0.", -300 },
		{ "3.2", -620, 90, 480, 480, 845, true, "3.2.14",
		  "Extended support for LTS customers until the date shown.", N },
		{ "4.0", -90, 640, 1005, 1005, N, false, "4.0.3", "", N },
		{ NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 },
	} },
	{ "ledger-sync", "Ledger Sync",
	  "Agent that synchronises accounting ledgers between sites.",
	  "bilal", {
		{ "5.4", -880, -150, 200, 200, N, false, "5.4.11",
		  "Upgrade to 6.0; migration guide in the docs.", N },
		{ "6.0", -210, 520, 885, 885, N, false, "6.0.5", "", N },
		{ NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 },
	} },
	{ "beacon-sdk", "Beacon Mobile SDK",
	  "SDK that customers embed in their iOS and Android apps.",
	  "alice", {
		{ "2", -730, -10, 355, 355, N, true, "2.18.0",
		  "Move to SDK 3; apps built with 2.x keep working offline.", -20 },
		{ "3", -60, 670, 1035, 1035, N, false, "3.1.0", "", N },
		{ NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 },
	} },
	{ "atlas-console", "Atlas Admin Console",
	  "Web console for customers' administrators.", "ines", {
		{ "2026.1", -320, 45, 410, 410, N, false, "2026.1.8", "", N },
		{ NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 },
	} },
	{ NULL, NULL, NULL, NULL, { { NULL, 0, 0, 0, 0, 0, false, NULL, NULL, 0 } } },
};

const struct demo_customer demo_customers[] = {
	{ "Northwind Logistics", "secops@northwind.example", "MSA-2024-118", 24, {
		{ "harbor-gateway", "3.1", "3.1.25" },
		{ "ledger-sync", "5.4", "5.4.11" },
		{ NULL, NULL, NULL } } },
	{ "Kestrel Bank plc", "cert@kestrel-bank.example", "MSA-2023-042", 12, {
		{ "harbor-gateway", "3.2", "3.2.14" },
		{ "beacon-sdk", "2", "2.17.3" },
		{ NULL, NULL, NULL } } },
	{ "Société Générale des Eaux", "rssi@sge.example", "", 0, {
		{ "atlas-console", "2026.1", "2026.1.8" },
		{ "ledger-sync", "6.0", "6.0.5" },
		{ NULL, NULL, NULL } } },
	{ "東京データ株式会社", "security@tokyo-data.example", "MSA-2025-007", 48, {
		{ "harbor-gateway", "4.0", "4.0.3" },
		{ NULL, NULL, NULL },
		{ NULL, NULL, NULL } } },
	{ NULL, NULL, NULL, 0, { { NULL, NULL, NULL } } },
};

const char *const demo_subscribers[][4] = {
	{ "it-security@northwind.example", "advisories:*", "lifecycle:harbor-gateway",
	  "Northwind Logistics" },
	{ "ops@kestrel-bank.example", "advisories:harbor-gateway", "breach:*",
	  "Kestrel Bank plc" },
	{ "dpo@kestrel-bank.example", "breach:*", NULL, "Kestrel Bank plc" },
	{ "admin@sge.example", "advisories:atlas-console", "lifecycle:*",
	  "Société Générale des Eaux" },
	{ "mobile-team@tokyo-data.example", "advisories:beacon-sdk", NULL,
	  "東京データ株式会社" },
	{ "jo.bloggs@example.net", "advisories:*", NULL, NULL },
	/* The shared inbox the people in a drill read: a drill's messages go
	 * here and nowhere else. */
	{ "drill-inbox@brightwater.example", "drill:*", NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

/* What the exporters need to know of the vendor. */
const char *const demo_settings[][2] = {
	{ "site.url", "https://security.brightwater.example/" },
	{ "publisher.name", "Brightwater Systems" },
	{ "publisher.namespace", "https://brightwater.example" },
	{ "security.contact", "mailto:security@brightwater.example, "
	  "https://brightwater.example/security/report" },
	{ "security.encryption", "https://brightwater.example/security/pgp-key.asc" },
	{ "security.acknowledgments", "https://brightwater.example/security/thanks" },
	{ "security.languages", "en, fr, de" },
	{ "security.hiring", "https://brightwater.example/careers/security" },
	{ NULL, NULL },
};

const char *const demo_channels[][3] = {
	{ "customer-mail", "email",
	  "{\"from\":\"security@brightwater.example\",\"url\":\"smtp://127.0.0.1:2525\","
	  "\"tls\":\"loopback-plain\",\"username\":\"herald\","
	  "\"password_file\":\"/etc/herald/smtp.password\"}" },
	{ "status-webhook", "webhook",
	  "{\"url\":\"http://127.0.0.1:8080/hooks/security\"}" },
	{ "github-advisories", "github",
	  "{\"repository\":\"brightwater/harbor-gateway\",\"token_env\":\"HERALD_GITHUB_TOKEN\"}" },
	{ "support-jira", "jira",
	  "{\"url\":\"http://127.0.0.1:8081\",\"project\":\"SUP\",\"token_env\":\"HERALD_JIRA_TOKEN\"}" },
	{ "trust-site", "directory", "{\"path\":\"site\"}" },
	{ NULL, NULL, NULL },
};

/* The answers of a security-advisory playbook's fields; the impact is
 * part of the summary. */
#define ANS_ADVISORY(sum, impact, steps, plain) { \
	{ "summary", sum "\n\nImpact: " impact }, \
	{ "customer-actions", steps }, { "plain-summary", plain }, \
	{ NULL, NULL } }
/* ... with its CVE IDs, credits and references. */
#define ANS_ADVISORY_CVE(sum, impact, steps, plain, cves, credits, refs) { \
	{ "summary", sum "\n\nImpact: " impact }, \
	{ "customer-actions", steps }, { "plain-summary", plain }, \
	{ "cves", cves }, { "credits", credits }, { "references", refs }, \
	{ NULL, NULL } }
/* ... and for an incident that has no score of its own. */
#define ANS_ADVISORY_SCORED(sum, impact, steps, plain, cvss) { \
	{ "summary", sum "\n\nImpact: " impact }, \
	{ "customer-actions", steps }, { "plain-summary", plain }, \
	{ "cvss", cvss }, { NULL, NULL } }

const struct demo_incident demo_incidents[] = {
	{ "Remote code execution in the Harbor Gateway plugin loader",
	  "A crafted plugin manifest lets an unauthenticated attacker run code "
	  "on the gateway host. Reported by an external researcher.",
	  "vulnerability", "critical", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	  960, 980, N, "resolved", false, "alice", {
		{ "harbor-gateway", "3.1", ">=3.1.0 <3.1.26", "known_affected", NULL, NULL, NULL },
		{ "harbor-gateway", "3.1", "3.1.26", "fixed", NULL, NULL, NULL },
		{ "harbor-gateway", "4.0", "all", "known_not_affected",
		  "vulnerable_code_not_present", NULL, NULL } }, {
		{ "advisory", "public", "Harbor Gateway 3.1: remote code execution in plugin loader",
		  "security-advisory", "published", "alice", ANS_ADVISORY_CVE(
		  "The plugin loader in Harbor Gateway 3.1 before 3.1.26 trusts a "
		  "manifest field that names a native library, so an attacker who "
		  "can reach the admin port can run code as the gateway user.",
		  "Full control of the gateway host where the admin port is reachable.",
		  "Upgrade to 3.1.26 or later. Until then, block the admin port "
		  "(9443) at your firewall.",
		  "A flaw let attackers take over some gateways. Update to the "
		  "latest version and block the admin port until you do.",
		  "CVE-2026-21001",
		  "Reported by Mei Lin of Northlight Security Research.",
		  "https://docs.brightwater.example/harbor-gateway/3.1/release-notes#3.1.26\n"
		  "https://docs.brightwater.example/harbor-gateway/hardening#admin-port") },
		{ "advisory-update", "public", "new-facts: exploitation attempts seen",
		  "security-advisory", "published", "alice", {
		  { "summary", "We have seen scanning for the admin port since the "
		    "advisory. No customer gateway we host was affected." },
		  { "customer-actions", "If you run 3.1 yourself and have not "
		    "upgraded, do so today and review gateway logs since the "
		    "advisory date." }, { NULL, NULL } } },
		{ "customer-notice", "customers", "Action needed: upgrade Harbor Gateway 3.1",
		  "security-advisory", "published", "alice", {
		  { "summary", "Your deployment runs an affected Harbor Gateway "
		    "version. Please upgrade to 3.1.26." },
		  { "plain-summary", "Please update your gateway this week." },
		  { "customer-actions", "Upgrade to Harbor Gateway 3.1.26 or "
		    "later this week. Until then, block the admin port (9443) at "
		    "your firewall. Our support team can help you plan the "
		    "upgrade." },
		  { NULL, NULL } } },
		{ "support-briefing", "internal", "Support briefing: plugin loader RCE",
		  "support-briefing", "published", "bilal", {
		  { "answers", "Tell customers: fixed in 3.1.26; 4.0 not affected; "
		    "workaround is blocking port 9443. Escalate any sign of "
		    "compromise to the security on-call." },
		  { "questions", "Are we affected? Which version fixes it? Can "
		    "we block the flaw without upgrading? Has anyone exploited "
		    "it?" },
		  { "not-yet", "Do not name the researcher or describe the "
		    "manifest field until the advisory has been out a week." },
		  { "escalation", "Signs of compromise: the security on-call "
		    "(security-oncall@brightwater.example). Upgrade planning: the "
		    "customer's account manager." },
		  { "escalation-contacts", "security-oncall@brightwater.example" },
		  { NULL, NULL } } },
		{ "pir-internal", "internal", "Post-incident review (internal)",
		  "post-incident-report", "approved", "alice", {
		  { "timeline", "Report received, triaged in 4 h, fix released in "
		    "5 days, advisory published the same day." },
		  { "root-cause", "Manifest fields were not validated against an "
		    "allow-list." },
		  { "improvements", "Add manifest fuzzing to CI; shorten fix-release "
		    "approvals." },
		  { "what-happened", "An external researcher showed that a crafted "
		    "plugin manifest made the gateway load a native library of "
		    "the attacker's choice from the admin port." },
		  { "systems-affected", "Harbor Gateway 3.1 before 3.1.26, where "
		    "the admin port was reachable. No customer data was read; no "
		    "hosted gateway was attacked." },
		  { "resolution", "The loader now accepts only libraries named in "
		    "a signed allow-list; 3.1.26 shipped five days after the "
		    "report." },
		  { "staff", "Alice Moreau\nBilal Haddad" }, { NULL, NULL } } },
		{ "pir-external", "public", "What happened and what we changed",
		  "post-incident-report", "in-review", "alice", {
		  { "external-summary", "A flaw in how the gateway loaded plugins "
		    "could let an attacker run code. We fixed it within five days." },
		  { "external-customer-actions", "Upgrade to 3.1.26 or move to 4.0." },
		  { "external-what-happened", "We fixed a serious flaw quickly and changed "
		    "our checks so it cannot come back." },
		  { "external-timeline", "Day 0: a researcher reported the flaw.\n"
		    "Day 0: confirmed within four hours.\nDay 5: version 3.1.26 "
		    "and the advisory published." },
		  { "external-systems-affected", "Harbor Gateway 3.1 before "
		    "3.1.26, where the admin port could be reached from outside. "
		    "No customer data was read." },
		  { "external-resolution", "The gateway now loads only plugins "
		    "named in a signed list." },
		  { "external-improvements", "Every plugin manifest is now tested "
		    "with random input before each release, and fixes for "
		    "critical flaws go out on a faster track." },
		  { NULL, NULL } } } } },

	{ "Customer contact records exposed through a misconfigured storage bucket",
	  "A backup bucket holding support-ticket contact details was publicly "
	  "listable for 19 days. Names, e-mail addresses and phone numbers of "
	  "about 1,200 customer contacts were exposed.",
	  "data-breach", "high", NULL, 30, 34, N, "contained", false, "bilal", {
		{ NULL, NULL, NULL, NULL, NULL, NULL, NULL } }, {
		{ "regulator-notification", "regulator", "Personal data breach notification",
		  "breach-notification", "in-review", "bilal", {
		  { "what-happened", "Unauthorised access possible to contact details "
		    "(name, business e-mail, phone) of about 1,200 people." },
		  { "people-categories", "customer-staff" },
		  { "people-count", "About 1,200" },
		  { "data-categories", "contact" },
		  { "records-count", "About 1,450 support-ticket contact records" },
		  { "consequences", "Targeted phishing of customer staff." },
		  { "measures", "Bucket made private; access logs reviewed; no "
		    "download by unknown parties found so far." },
		  { "customer-actions", "Warn the staff listed in your support "
		    "tickets to expect phishing that quotes ticket numbers." },
		  { "contact", "dpo@brightwater.example" },
		  { "authority", "Information Commissioner's Office (ICO)" },
		  { "not-yet-known", "Whether anyone other than our own backup "
		    "job listed the bucket: the storage provider's access logs "
		    "are due within 48 hours, and a follow-up report will give "
		    "the answer." }, { NULL, NULL } } },
		{ "customer-notice", "customers", "Notice of a data incident affecting your contacts",
		  "breach-notification", "published", "bilal", {
		  { "what-happened", "Contact details of some of your staff who "
		    "raised support tickets were exposed." },
		  { "customer-actions", "Warn listed staff to expect phishing that "
		    "quotes ticket numbers." },
		  { "customer-notice", "Some of your team's contact details were "
		    "exposed. Watch for fake e-mails." },
		  { "people-categories", "customer-staff" },
		  { "people-count", "About 1,200" },
		  { "data-categories", "contact" },
		  { "records-count", "About 1,450 support-ticket contact records" },
		  { "consequences", "Fake e-mails or calls that quote a support "
		    "ticket to seem genuine." },
		  { "measures", "The storage is private again and we are checking "
		    "who could have read it." },
		  { "contact", "dpo@brightwater.example" },
		  { NULL, NULL } } },
		{ "support-briefing", "internal", "Support briefing: contact data exposure",
		  "support-briefing", "published", "bilal", {
		  { "answers", "Do not confirm individual names on calls; route "
		    "questions to the DPO mailbox." },
		  { "questions", "Was my data exposed? What should my staff "
		    "watch for? Has the regulator been told?" },
		  { "not-yet", "Do not give numbers beyond \"about 1,200 "
		    "contacts\" or say whether anyone downloaded the data." },
		  { "escalation", "Personal data questions: the DPO "
		    "(dpo@brightwater.example). Press: the PR team." },
		  { NULL, NULL } } } } },

	{ "Leaked CI deploy token for the Ledger Sync release pipeline",
	  "A deploy token was printed in a public build log for 6 hours. It "
	  "could publish packages to the release channel.",
	  "credential-leak", "medium", NULL, 500, 506, N, "resolved", false, "alice", {
		{ "ledger-sync", "6.0", "6.0.3", "known_not_affected",
		  "vulnerable_code_not_present", NULL, NULL } }, {
		{ "advisory", "public", "Ledger Sync release signing key not affected by token leak",
		  "security-advisory", "published", "alice", ANS_ADVISORY_SCORED(
		  "A CI token that could upload packages was exposed; no package "
		  "was published with it and releases are signed with a key the "
		  "token could not reach.",
		  "None found: all published packages verify against our key.",
		  "No action needed. As always, verify package signatures.",
		  "A password-like token leaked but was not misused. You need do "
		  "nothing.", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N") },
		{ "pir-internal", "internal", "Post-incident review: CI token leak",
		  "post-incident-report", "draft", "alice", {
		  { "root-cause", "Debug logging in the release job echoed its "
		    "environment." }, { NULL, NULL } } } } },

	{ "Stored cross-site scripting in the Atlas Admin Console audit view",
	  "Script in a user's display name runs when an administrator opens the "
	  "audit view.",
	  "vulnerability", "medium", "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N",
	  60, 68, N, "open", false, "bilal", {
		{ "atlas-console", "2026.1", "<2026.1.9", "known_affected", NULL, NULL, NULL } }, {
		{ "advisory", "public", "Atlas Admin Console: stored XSS in audit view",
		  "security-advisory", "draft", "bilal", ANS_ADVISORY(
		  "Display names are not escaped in the audit view of Atlas "
		  "2026.1 before 2026.1.9.",
		  "An attacker with a user account can act as an administrator who "
		  "opens the audit view.",
		  "Upgrade to 2026.1.9 when it ships; meanwhile avoid the audit "
		  "view or restrict who may set display names.",
		  "A flaw could let a user trick an admin's browser. An update is "
		  "coming.") } } },

	{ "Certificate pinning bypass in the Beacon Mobile SDK",
	  "Apps built with Beacon SDK 2 accept a certificate chain that should "
	  "fail pinning when the system trust store contains a user-added root.",
	  "vulnerability", "high", "CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N",
	  120, 130, 10, "open", false, "alice", {
		{ "beacon-sdk", "2", "<2.18.1", "known_affected", NULL, "maven",
		  "com.brightwater:beacon-sdk" },
		{ "beacon-sdk", "3", "all", "under_investigation", NULL, "maven",
		  "com.brightwater:beacon-sdk" } }, {
		{ "advisory", "public", "Beacon SDK 2: certificate pinning bypass",
		  "security-advisory", "in-review", "alice", ANS_ADVISORY(
		  "Pinning checks in Beacon SDK 2 before 2.18.1 stop at the first "
		  "trusted root, so a user-installed root can satisfy them.",
		  "An attacker on the same network who has persuaded a user to "
		  "install a root certificate can read and change app traffic.",
		  "Rebuild your app with SDK 2.18.1 or later.",
		  "A flaw weakens a security check in mobile apps. App makers "
		  "should update.") } } },

	{ "Overly permissive CORS policy on the public status API",
	  "The status API answered any origin with credentials allowed.",
	  "misconfiguration", "low", NULL, 8600, 8610, N, "closed", false, "bilal", {
		{ NULL, NULL, NULL, NULL, NULL, NULL, NULL } }, {
		{ "advisory", "public", "Status API CORS misconfiguration",
		  "security-advisory", "withdrawn", "bilal", {
		  { "summary", "The status API allowed credentialed requests from "
		    "any origin.\n\nImpact: None: the API holds no customer data "
		    "and sets no cookies." },
		  { "customer-actions", "No action needed." },
		  { "plain-summary", "A setting was wrong on a page with no "
		    "private data. We fixed it." },
		  { "cvss", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:N/I:N/A:N" },
		  { "products", "[{\"product\":\"atlas-console\",\"status\":"
		    "\"known_not_affected\",\"justification\":"
		    "\"component_not_present\"}]" }, { NULL, NULL } } } } },

	{ "Compromised build agent in the staging environment",
	  "A staging build agent ran an unknown miner after a dependency "
	  "confusion attack; production build agents are isolated.",
	  "compromise", "high", NULL, 200, 240, N, "resolved", false, "alice", {
		{ NULL, NULL, NULL, NULL, NULL, NULL, NULL } }, {
		{ "support-briefing", "internal", "Support briefing: staging build agent",
		  "support-briefing", "published", "alice", {
		  { "answers", "No customer artefact came from staging. If asked, "
		    "say so and offer the signed-release verification guide." },
		  { "questions", "Were our builds or releases touched? Do we need "
		    "to rebuild or re-download anything?" },
		  { "not-yet", "Do not name the dependency that was confused "
		    "until its maintainers have published their fix." },
		  { "escalation", "Questions about a specific release: the "
		    "release engineering lead. Anything else: the security "
		    "on-call (security-oncall@brightwater.example)." },
		  { NULL, NULL } } },
		{ "customer-notice", "customers", "No impact on your releases from staging incident",
		  "security-advisory", "published", "alice", {
		  { "summary", "A test system was misused; your releases are "
		    "unaffected." },
		  { "plain-summary", "A test computer of ours was misused. Your "
		    "software and updates were not touched." },
		  { "customer-actions", "No action needed. To check a release, "
		    "verify its signature as our guide shows." },
		  { "cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N" },
		  { "products", "[{\"product\":\"ledger-sync\",\"status\":"
		    "\"known_not_affected\",\"justification\":"
		    "\"component_not_present\"}]" },
		  { NULL, NULL } } } } },

	{ "Denial of service through a crafted sync manifest in Ledger Sync 5.4",
	  "A manifest with deeply nested ranges exhausts the agent's memory.",
	  "vulnerability", "high", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
	  1500, 1520, N, "resolved", false, "bilal", {
		{ "ledger-sync", "5.4", "<5.4.11", "known_affected", NULL, NULL, NULL },
		{ "ledger-sync", "5.4", "5.4.11", "fixed", NULL, NULL, NULL },
		{ "ledger-sync", "6.0", "all", "known_not_affected",
		  "vulnerable_code_not_in_execute_path", NULL, NULL } }, {
		{ "advisory", "public", "Ledger Sync 5.4: denial of service via sync manifest",
		  "security-advisory", "published", "bilal", ANS_ADVISORY_CVE(
		  "Ledger Sync 5.4 before 5.4.11 recurses without limit on nested "
		  "ranges in a sync manifest.",
		  "A peer that can send manifests can stop the agent.",
		  "Upgrade to 5.4.11, or to 6.0 which is not affected.",
		  "A bad file could stop the sync agent. Update it.",
		  "CVE-2025-48112\nCVE-2025-48113",
		  "Found by Brightwater's own fuzzing.",
		  "https://docs.brightwater.example/ledger-sync/5.4/release-notes#5.4.11") },
		{ "advisory-update", "public",
		  "fix-available: 5.4.11 packages for ARM published",
		  "security-advisory", "published", "bilal", {
		  { "summary", "ARM packages with the fix are now published." },
		  { NULL, NULL } } } } },

	{ "libexpat CVE-2026-0000 assessed: Harbor Gateway not affected",
	  "A parser flaw in a third-party XML library; Harbor Gateway does not "
	  "parse untrusted XML with it.",
	  "vulnerability", "none", NULL, 700, 700, N, "closed", false, "alice", {
		{ "harbor-gateway", "3.2", "all", "known_not_affected",
		  "vulnerable_code_not_in_execute_path", NULL, NULL },
		{ "harbor-gateway", "4.0", "all", "known_not_affected",
		  "vulnerable_code_not_in_execute_path", NULL, NULL } }, {
		{ "advisory", "public", "Harbor Gateway not affected by libexpat flaw",
		  "security-advisory", "published", "alice", ANS_ADVISORY_SCORED(
		  "Harbor Gateway links libexpat but only parses its own signed "
		  "configuration with it.",
		  "None.", "No action needed.",
		  "A flaw in a library we use does not affect our gateway.",
		  "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N") } } },

	{ "Phishing campaign impersonating Brightwater support",
	  "E-mails from a look-alike domain asked customers to 're-verify' SSO "
	  "credentials.",
	  "credential-leak", "low", NULL, 400, 410, N, "closed", false, "bilal", {
		{ NULL, NULL, NULL, NULL, NULL, NULL, NULL } }, {
		{ "customer-notice", "customers", "Beware of e-mails pretending to be our support",
		  "security-advisory", "published", "bilal", {
		  { "summary", "We never ask you to re-enter passwords by e-mail. "
		    "Report suspicious messages to security@brightwater.example." },
		  { "plain-summary", "Fake e-mails are going round. Do not click "
		    "their links." },
		  { "customer-actions", "Do not enter your SSO password from a "
		    "link in an e-mail. Forward suspicious messages to "
		    "security@brightwater.example and reset the password of "
		    "anyone who did." },
		  { "cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:N/A:N" },
		  { "products", "[{\"product\":\"atlas-console\",\"status\":"
		    "\"known_not_affected\",\"justification\":"
		    "\"component_not_present\"}]" },
		  { NULL, NULL } } } } },

	{ "Breach notification drill: lost laptop with customer exports",
	  "Tabletop exercise of the breach-notification procedure.",
	  "data-breach", "high", NULL, 8280, 8282, N, "closed", true, "ines", {
		{ NULL, NULL, NULL, NULL, NULL, NULL, NULL } }, {
		{ "regulator-notification", "regulator", "DRILL: personal data breach notification",
		  "breach-notification", "approved", "ines", {
		  { "what-happened", "DRILL. Laptop with an unencrypted export of 300 "
		    "customer contacts reported lost." },
		  { "measures", "DRILL. Remote wipe issued; export practice "
		    "reviewed." },
		  { "people-categories", "customer-staff" },
		  { "people-count", "DRILL. About 300" },
		  { "data-categories", "contact" },
		  { "records-count", "DRILL. 300 contact records" },
		  { "consequences", "DRILL. Phishing of the contacts if the laptop "
		    "is unlocked." },
		  { "customer-actions", "DRILL. Warn the listed contacts about "
		    "phishing." },
		  { "contact", "dpo@brightwater.example" },
		  { "authority", "DRILL. Information Commissioner's Office (ICO)" },
		  { "not-yet-known", "DRILL. Whether the laptop was switched on "
		    "before the wipe: the device report is due tomorrow." },
		  { NULL, NULL } } } } },

	{ "Privilege escalation in the Harbor Gateway admin API",
	  "Any authenticated API user can call an admin-only route by changing "
	  "the HTTP method.",
	  "vulnerability", "critical", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H",
	  6, 8, 21, "open", false, "alice", {
		{ "harbor-gateway", "3.2", "<3.2.15", "known_affected", NULL, NULL, NULL },
		{ "harbor-gateway", "4.0", "<4.0.4", "known_affected", NULL, NULL, NULL },
		{ "harbor-gateway", "3.1", "all", "under_investigation", NULL, NULL, NULL } }, {
		{ "advisory", "public", "Harbor Gateway: privilege escalation in admin API",
		  "security-advisory", "draft", "alice", {
		  { "summary", "Route authorisation in the admin API is checked "
		    "for GET and POST only." }, { NULL, NULL } } },
		{ "customer-notice", "customers", "Early warning: Harbor Gateway admin API",
		  "security-advisory", "draft", "alice", { { NULL, NULL } } } } },

	{ "Support ticket export e-mailed to the wrong customer",
	  "A reply to a support ticket carried an export of another "
	  "customer's tickets: the names and business e-mail addresses of 3 "
	  "Northwind Logistics staff went to one administrator at another "
	  "customer, who deleted it the same day.",
	  "data-breach", "low", NULL, 1470, 1476, N, "closed", false, "bilal", {
		{ NULL, NULL, NULL, NULL, NULL, NULL, NULL } }, { { NULL } } },

	{ NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, false, NULL,
	  { { NULL, NULL, NULL, NULL, NULL, NULL, NULL } }, { { NULL } } },
};

/* The first became the plugin loader incident; one came in over a
 * holiday and waited four days for its answer. */
const struct demo_report demo_reports[] = {
	{ "researcher-4417", "Plugin manifest loads arbitrary native libraries",
	  1000, 998, 996 },
	{ "k.osei", "Ledger Sync resolves XML external entities in imported "
	  "ledger files", 820, 722, 716 },
	{ "mobile-sec-lab", "Pinning bypass with user-installed roots on "
	  "Android", 48, 46, N },
	{ NULL, "Open redirect on the login page of the customer portal",
	  10, N, N },
	{ NULL, NULL, 0, 0, 0 },
};

/* The trust page: the ISO certificate is up for renewal within the
 * month. */
const struct demo_trust demo_trust[] = {
	{ "certification", "ISO/IEC 27001:2022",
	  "Our information security management system is certified to "
	  "ISO/IEC 27001:2022. The recertification audit is booked before "
	  "the certificate ends.",
	  "Issued by Meridian Certification Ltd; scope: development, hosting "
	  "and support of all Brightwater products", 20 },
	{ "certification", "SOC 2 Type II",
	  "An independent auditor examined our controls over twelve months "
	  "of operation of the hosted Harbor Gateway and Atlas Admin Console.",
	  "Examined by Harlow & Finch LLP; Security and Availability criteria",
	  250 },
	{ "control", "Single sign-on with hardware keys",
	  "Staff reach production and source control only through single "
	  "sign-on with a FIDO2 hardware key. Access is reviewed every "
	  "quarter.", NULL, N },
	{ "control", "Signed releases",
	  "Every release is signed. The signing key is held in a hardware "
	  "security module that the build system can use but not export.",
	  NULL, N },
	{ "control", "Encryption",
	  "TLS 1.2 or later on every connection. Customer data at rest is "
	  "encrypted with AES-256; the keys are rotated every year.", NULL, N },
	{ "data-handling", "Where customer data is kept",
	  "Hosted services and their backups run in the EU (Frankfurt and "
	  "Dublin).", NULL, N },
	{ "data-handling", "Retention and deletion",
	  "Support tickets are deleted 24 months after they close. Data in "
	  "hosted services is deleted within 30 days of the end of a "
	  "contract.", NULL, N },
	{ "data-handling", "Personal-data breaches",
	  "Every personal-data breach is recorded in our breach register. We "
	  "tell the customers affected and, where the GDPR requires it, the "
	  "regulator within 72 hours.", NULL, N },
	{ "subprocessor", "Nimbus Cloud GmbH",
	  "Runs the infrastructure of our hosted services.",
	  "Germany (Frankfurt) and Ireland (Dublin): hosting of Harbor "
	  "Gateway and Atlas Admin Console", N },
	{ "subprocessor", "Helpline Desk Ltd",
	  "Keeps the support tickets our customers raise.",
	  "Ireland: support ticketing", N },
	{ "subprocessor", "Postbox Mail Inc.",
	  "Sends our e-mail, security notices included.",
	  "USA, under the EU-US Data Privacy Framework: e-mail delivery", N },
	{ "report-request", "SOC 2 Type II report",
	  "Customers, and prospects under a non-disclosure agreement, may "
	  "ask their account manager or write to trust@brightwater.example. "
	  "We send the report within 5 working days.", NULL, N },
	{ "contact", "Security team",
	  "Report a vulnerability to security@brightwater.example (our PGP "
	  "key: https://brightwater.example/security/pgp-key.asc) or through "
	  "https://brightwater.example/security/report. We acknowledge every "
	  "report within 72 hours.", NULL, N },
	{ NULL, NULL, NULL, NULL, 0 },
};

/* The register: the bucket exposure from its notifications, and a small
 * misdirected e-mail the regulator need not hear of. */
const struct demo_breach demo_breaches[] = {
	{ "Customer contact records exposed through a misconfigured storage "
	  "bucket", 20, "bilal", true, 490,
	  NULL, NULL, NULL, NULL, NULL, NULL, "risk", NULL, NULL },
	{ "Support ticket export e-mailed to the wrong customer", 1460, "bilal",
	  false, 1478,
	  "A reply to a support ticket carried an export of another "
	  "customer's tickets: the names and business e-mail addresses of 3 "
	  "Northwind Logistics staff reached one administrator at another "
	  "customer.",
	  "None seen: the recipient deleted the e-mail and confirmed the "
	  "deletion in writing the same day.",
	  "Written confirmation of the deletion kept; Northwind Logistics told "
	  "by phone; support replies now link to the portal instead of "
	  "attaching exports.",
	  "contact", "3", "3", "unlikely", "not-required",
	  "Business contact details of 3 people, sent to one customer bound "
	  "by confidentiality who deleted them the same day: unlikely to "
	  "result in a risk to their rights and freedoms (GDPR art. 33(1))." },
	{ NULL, 0, NULL, false, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  NULL, NULL },
};

/* Who answers for what; the trust page and two playbooks have nobody
 * yet. */
const char *const demo_owners[][3] = {
	{ "policy", "disclosure-policy", "sora" },
	{ "policy", "lifecycle-policy", "ines" },
	{ "policy", "breach-procedure", "lena" },
	{ "playbook", "security-advisory", "sora" },
	{ "playbook", "breach-notification", "lena" },
	{ "playbook", "eol-notice", "ines" },
	{ "playbook", "support-briefing", "bilal" },
	{ "playbook", "post-incident-report", "alice" },
	{ NULL, NULL, NULL },
};

/* A bug-fix release, an hour after the site was exported. */
const char *const demo_release[3] = { "beacon-sdk", "3", "3.1.1" };

/* The SRO's first quarterly evaluation, before most of this was
 * published. */
const char *const demo_evaluation_summary = "First quarterly review. Not "
    "yet published: the lifecycle, security.txt with the disclosure "
    "policy, a trust page, the breach-notification procedure. Ines to "
    "publish them; owners to be named for every policy and playbook.";

const struct demo_comment demo_comments[] = {
	{ "lifecycle.notice", "Ledger Sync 5.4 ends within a year with no "
	  "notice sent. Bilal to send it this month." },
	{ "external.trust", "No trust page yet. Ines to write one with our "
	  "certifications and sub-processors." },
	{ "external.drill", "The tabletop drill went well and its findings "
	  "were fixed. Plan the next one before this one lapses." },
	{ "ownership.owners", "Nobody owns the policies or the playbooks. I "
	  "will name owners before the next review." },
	{ NULL, NULL },
};
