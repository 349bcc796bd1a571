/* tests/unit/test_compliance_docs.c - the compliance questions about
 * documents and owners: remediation.*, access.*, external.*,
 * research.reports and ownership.owners. For each, a database where it
 * is met and one where it is not (and at risk, and not enough data),
 * with the status, the figure and the evidence; then owners themselves:
 * refusals first, then behaviour and the audit chain. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/compliance.h"
#include "core/drill.h"
#include "core/owner.h"
#include "core/playbook.h"
#include "core/procedure.h"
#include "core/settings.h"
#include "core/trust.h"
#include "core/validate.h"
#include "util/xalloc.h"

struct fx {
	struct session *s;          /* ada: admin */
	char           *dir;
	char           *path;       /* the database file */
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->s = tu_session_new(&f->dir);
	f->path = tu_path(f->dir, "herald.db");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	/* Tests that write their own playbooks leave the directory behind. */
	unsetenv("XDG_CONFIG_HOME");
	tu_session_free(&f->s, &f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* ---- fixtures, behind herald's back ------------------------------------ */

static void
sqlf(struct fx *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Run the SQL FMT makes on F's database. */
static void
sqlf(struct fx *f, const char *fmt, ...)
{
	va_list ap;
	char *sql;

	va_start(ap, fmt);
	assert_true(vasprintf(&sql, fmt, ap) >= 0);
	va_end(ap);
	tu_sql_exec(f->path, sql);
	free(sql);
}

/* A real incident (or a drill) REF, aware a month before now; EMBARGO
 * NULL for none. Returns its id. */
static long long
incident(struct fx *f, const char *ref, int is_drill, const char *embargo)
{
	sqlf(f, "INSERT INTO incidents (ref, title, trigger_kind, severity,"
	    " aware_at, embargo_until, is_drill, created_at, updated_at)"
	    " VALUES ('%s', 'Incident %s', 'vulnerability', 'high',"
	    " '2026-02-01T00:00:00Z', %s%s%s, %d, '2026-02-01T00:00:00Z',"
	    " '2026-02-01T00:00:00Z')", ref, ref, embargo ? "'" : "",
	    embargo ? embargo : "NULL", embargo ? "'" : "", is_drill);
	return tu_sql_int(f->path, "SELECT max(id) FROM incidents");
}

/* A communication of KIND to AUDIENCE in STATE about INCIDENT_ID (or,
 * when 0, release cycle CYCLE_ID), of the playbook whose hash is HASH,
 * published at AT (NULL: not). Returns its id. */
static long long
comm_of(struct fx *f, long long incident_id, long long cycle_id,
    const char *kind, const char *audience, const char *state,
    const char *at, const char *hash)
{
	char inc[24] = "NULL", cyc[24] = "NULL";

	if (incident_id != 0)
		snprintf(inc, sizeof inc, "%lld", incident_id);
	if (cycle_id != 0)
		snprintf(cyc, sizeof cyc, "%lld", cycle_id);
	sqlf(f, "INSERT INTO communications (incident_id, cycle_id, kind,"
	    " audience, title, playbook, playbook_version, playbook_hash,"
	    " state, created_at, updated_at, published_at) VALUES (%s, %s,"
	    " '%s', '%s', 'The %s', 'test-notice', '1', '%s', '%s',"
	    " '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z', %s%s%s)",
	    inc, cyc, kind, audience, kind, hash, state, at ? "'" : "",
	    at ? at : "NULL", at ? "'" : "");
	return tu_sql_int(f->path, "SELECT max(id) FROM communications");
}

/* A published communication of KIND to the public about INCIDENT_ID. */
static long long
published(struct fx *f, long long incident_id, const char *kind,
    const char *at)
{
	return comm_of(f, incident_id, 0, kind, "public", "published", at,
	    TU_HASH);
}

static void
answer(struct fx *f, long long comm_id, const char *field, const char *value)
{
	sqlf(f, "INSERT INTO answers (communication_id, field, value,"
	    " edited_at) VALUES (%lld, '%s', '%s', '2026-02-01T00:00:00Z')",
	    comm_id, field, value);
}

static void
publication(struct fx *f, const char *kind, const char *confirmed,
    const char *expires, const char *source_hash)
{
	sqlf(f, "INSERT INTO publications (kind, path, sha256, published_at,"
	    " confirmed_at, expires_at, source_hash) VALUES ('%s',"
	    " '/srv/out/%s', '%s', '2026-01-01T00:00:00Z', '%s', %s%s%s,"
	    " %s%s%s)", kind, kind, TU_HASH, confirmed, expires ? "'" : "",
	    expires ? expires : "NULL", expires ? "'" : "", source_hash ?
	    "'" : "", source_hash ? source_hash : "NULL", source_hash ? "'" :
	    "");
}

/* ---- answers ------------------------------------------------------------ */

/* Question ID answered as S at TU_NOW into R, or a failed test. */
static void
ask(struct session *s, const char *id, struct compliance_result *r)
{
	struct err err = { 0 };

	if (compliance_evaluate_one(s, id, TU_NOW, r, &err) != ST_OK)
		fail_msg("%s: %s", id, err.msg);
	assert_non_null(r->figure);
}

/* Question ID as F's admin: its status must be WANT and its figure hold
 * FIGURE; R keeps the answer (caller clears). */
static void
expect(struct fx *f, const char *id, enum compliance_status want,
    const char *figure, struct compliance_result *r)
{
	ask(f->s, id, r);
	if (r->status != want)
		fail_msg("%s: status %s, want %s (figure: %s)", id,
		    compliance_status_name(r->status),
		    compliance_status_name(want), r->figure);
	if (figure != NULL && strstr(r->figure, figure) == NULL)
		fail_msg("%s: figure \"%s\" lacks \"%s\"", id, r->figure,
		    figure);
}

/* The evidence of R about KIND ID (the first when ID is 0 and REF names
 * it), or a failed test. */
static const struct compliance_evidence *
evidence(const struct compliance_result *r, const char *kind, long long id,
    const char *ref)
{
	const struct compliance_evidence *e;
	size_t i;

	for (i = 0; i < r->evidence.count; i++) {
		e = rowlist_at(&r->evidence, i);
		if (strcmp(e->kind, kind) == 0 && (id == 0 || e->id == id) &&
		    (ref == NULL || strcmp(e->ref, ref) == 0))
			return e;
	}
	fail_msg("%s: no evidence %s %lld %s (of %zu)", r->q->id, kind, id,
	    ref != NULL ? ref : "", r->evidence.count);
	return NULL;
}

/* Evidence E has status WANT, time AT (NULL: any) and a detail holding
 * DETAIL (NULL: any). */
static void
expect_ev(const struct compliance_evidence *e, enum compliance_status want,
    const char *at, const char *detail)
{
	if (e->status != want)
		fail_msg("evidence %s %s: status %s, want %s (%s)", e->kind,
		    e->ref, compliance_status_name(e->status),
		    compliance_status_name(want), e->detail);
	if (at != NULL)
		assert_string_equal(e->at != NULL ? e->at : "(null)", at);
	if (detail != NULL && strstr(e->detail, detail) == NULL)
		fail_msg("evidence %s %s: detail \"%s\" lacks \"%s\"", e->kind,
		    e->ref, e->detail, detail);
}

/* ---- remediation.actions ----------------------------------------------- */

static void
actions_no_data(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long inc = incident(f, "SEC-2026-001", 0, NULL);

	/* Drafts, internal kinds and drills are nothing to judge. */
	comm_of(f, inc, 0, "advisory", "public", "draft", NULL, TU_HASH);
	published(f, inc, "support-briefing", "2026-02-02T00:00:00Z");
	published(f, incident(f, "SEC-2026-002", 1, NULL), "advisory",
	    "2026-02-02T00:00:00Z");
	expect(f, "remediation.actions", CS_NO_DATA, "no advisories", &r);
	assert_int_equal(r.evidence.count, 0);
	compliance_result_clear(&r);
}

static void
actions_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long inc = incident(f, "SEC-2026-001", 0, NULL);
	long long a = published(f, inc, "advisory", "2026-02-02T00:00:00Z");
	long long p = published(f, inc, "pir-external", "2026-02-10T00:00:00Z");
	long long d;

	answer(f, a, "customer-actions", "Upgrade to 2.4.1.");
	answer(f, p, "external-customer-actions", "Rotate your keys.");
	/* A drill's advisory without steps does not count. */
	d = published(f, incident(f, "SEC-2026-002", 1, NULL), "advisory",
	    "2026-02-03T00:00:00Z");
	answer(f, d, "customer-actions", "");
	expect(f, "remediation.actions", CS_MET, "2 of 2 published reports",
	    &r);
	assert_int_equal(r.evidence.count, 2);
	expect_ev(evidence(&r, "communication", a, "SEC-2026-001 advisory"),
	    CS_MET, "2026-02-02T00:00:00Z", "gives customer actions");
	expect_ev(evidence(&r, "communication", p, NULL), CS_MET, NULL, NULL);
	compliance_result_clear(&r);
}

static void
actions_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long inc = incident(f, "SEC-2026-001", 0, NULL);
	long long a = published(f, inc, "advisory", "2026-02-02T00:00:00Z");
	long long n = published(f, inc, "customer-notice",
	    "2026-02-04T00:00:00Z");
	long long u = published(f, inc, "advisory-update",
	    "2026-02-05T00:00:00Z");

	answer(f, a, "customer-actions", "Upgrade to 2.4.1.");
	answer(f, n, "customer-actions", "  \n ");    /* blank is none */
	answer(f, u, "summary", "customer-actions are not here");
	expect(f, "remediation.actions", CS_NOT_MET,
	    "1 of 3 published reports give customers actionable steps; "
	    "SEC-2026-001 customer-notice has none", &r);
	expect_ev(evidence(&r, "communication", n, NULL), CS_NOT_MET,
	    "2026-02-04T00:00:00Z", "without customer actions");
	expect_ev(evidence(&r, "communication", u, NULL), CS_NOT_MET, NULL,
	    NULL);
	expect_ev(evidence(&r, "communication", a, NULL), CS_MET, NULL, NULL);
	/* Worst first. */
	assert_int_equal(((struct compliance_evidence *)rowlist_at(&r.evidence,
	    0))->status, CS_NOT_MET);
	compliance_result_clear(&r);
}

/* An incident under embargo counts only for those who may see it. */
static void
actions_need_to_know(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	struct session *bob;
	long long inc;

	tu_add_user(f->s, "bob", "author", NULL);
	inc = incident(f, "SEC-2026-001", 0, "2027-01-01T00:00:00Z");
	published(f, inc, "advisory", "2026-02-02T00:00:00Z");
	expect(f, "remediation.actions", CS_NOT_MET, "0 of 1", &r);
	compliance_result_clear(&r);
	bob = tu_open_as(f->dir, "bob");
	ask(bob, "remediation.actions", &r);
	assert_int_equal(r.status, CS_NO_DATA);
	assert_int_equal(r.evidence.count, 0);
	compliance_result_clear(&r);
	session_close(&bob);
}

/* ---- remediation.versions ---------------------------------------------- */

static void
versions_no_data(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	published(f, incident(f, "SEC-2026-001", 0, NULL), "advisory",
	    "2026-02-02T00:00:00Z");
	/* A drill's lone report is not one. */
	comm_of(f, incident(f, "SEC-2026-002", 1, NULL), 0, "pir-internal",
	    "internal", "published", "2026-02-02T00:00:00Z", TU_HASH);
	expect(f, "remediation.versions", CS_NO_DATA,
	    "no post-incident reports yet", &r);
	compliance_result_clear(&r);
}

static void
versions_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long inc = incident(f, "SEC-2026-001", 0, NULL);

	comm_of(f, inc, 0, "pir-internal", "internal", "published",
	    "2026-02-10T00:00:00Z", TU_HASH);
	comm_of(f, inc, 0, "pir-external", "public", "published",
	    "2026-02-12T00:00:00Z", TU_HASH);
	expect(f, "remediation.versions", CS_MET, "1 of 1 incident", &r);
	expect_ev(evidence(&r, "incident", inc, "SEC-2026-001"), CS_MET,
	    "2026-02-12T00:00:00Z", "internal and external versions");
	compliance_result_clear(&r);
}

static void
versions_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long a = incident(f, "SEC-2026-001", 0, NULL);
	long long b = incident(f, "SEC-2026-002", 0, NULL);
	long long c = incident(f, "SEC-2026-003", 0, NULL);

	comm_of(f, a, 0, "pir-internal", "internal", "published",
	    "2026-02-10T00:00:00Z", TU_HASH);
	comm_of(f, b, 0, "pir-internal", "internal", "published",
	    "2026-02-10T00:00:00Z", TU_HASH);
	comm_of(f, b, 0, "pir-external", "public", "draft", NULL, TU_HASH);
	comm_of(f, c, 0, "pir-internal", "internal", "published",
	    "2026-02-10T00:00:00Z", TU_HASH);
	comm_of(f, c, 0, "pir-external", "public", "published",
	    "2026-02-11T00:00:00Z", TU_HASH);
	expect(f, "remediation.versions", CS_NOT_MET,
	    "1 of 3 incidents with a post-incident report keep both versions; "
	    "SEC-2026-001: no external version", &r);
	expect_ev(evidence(&r, "incident", a, NULL), CS_NOT_MET, NULL,
	    "no external version");
	expect_ev(evidence(&r, "incident", b, NULL), CS_NOT_MET, NULL,
	    "external version not published");
	expect_ev(evidence(&r, "incident", c, NULL), CS_MET, NULL, NULL);
	compliance_result_clear(&r);
}

/* ---- access.summary and access.readability ----------------------------- */

/* A playbook version with a plain-text summary (its own threshold 70,
 * the playbook's 60), a second plain-text field, and an internal one. */
#define PB_PLAIN \
	"playbook: test-notice\n" \
	"version: \"1\"\n" \
	"title: Test notice\n" \
	"kind: advisory\n" \
	"audience: public\n" \
	"reading-ease: 60\n" \
	TU_PB_FACTS \
	"      - id: title\n" \
	"        type: text\n" \
	"        label: Title\n" \
	"      - id: plain-summary\n" \
	"        type: plain-text\n" \
	"        label: Plain summary\n" \
	"        reading-ease: 70\n" \
	"      - id: what-now\n" \
	"        type: plain-text\n" \
	"        label: What now\n" \
	"      - id: internal-note\n" \
	"        type: plain-text\n" \
	"        label: Internal note\n" \
	"        internal: true\n" \
	TU_PB_APPROVE_PUBLISH \
	"outputs:\n" \
	"  - id: web\n" \
	"    format: markdown\n" \
	"    title: Web page\n"
/* One without any plain-text field. */
#define PB_BARE \
	"playbook: test-bare\n" \
	"version: \"1\"\n" \
	"title: Test bare\n" \
	"kind: advisory\n" \
	"audience: public\n" \
	TU_PB_FACTS \
	"      - id: title\n" \
	"        type: text\n" \
	"        label: Title\n" \
	TU_PB_APPROVE_PUBLISH \
	"outputs:\n" \
	"  - id: web\n" \
	"    format: markdown\n" \
	"    title: Web page\n"

#define HASH_PLAIN \
    "1111111111111111111111111111111111111111111111111111111111111111"
#define HASH_BARE \
    "2222222222222222222222222222222222222222222222222222222222222222"

/* Easy to read, and hard to read. */
#define EASY "We fixed the bug. Update now. It is safe to do so."
#define HARD "Administrators must immediately reconfigure authentication " \
	"infrastructure configurations, notwithstanding organisational " \
	"interoperability considerations."

static void
store_playbooks(struct fx *f)
{
	struct playbook *pb;

	/* Both parse, so the question judges them, not the fixture. */
	pb = tu_playbook_parse(PB_PLAIN, "test-notice.yaml");
	playbook_free(&pb);
	pb = tu_playbook_parse(PB_BARE, "test-bare.yaml");
	playbook_free(&pb);
	sqlf(f, "INSERT INTO playbooks (name, version, hash, body, imported_at)"
	    " VALUES ('test-notice', '1', '%s', '%s', '2026-01-01T00:00:00Z'),"
	    " ('test-bare', '1', '%s', '%s', '2026-01-01T00:00:00Z')",
	    HASH_PLAIN, PB_PLAIN, HASH_BARE, PB_BARE);
}

/* A published customer-facing communication of the plain playbook about
 * INCIDENT_ID (or cycle CYCLE_ID), its plain summary SUMMARY (NULL: no
 * answer). */
static long long
summarised(struct fx *f, long long incident_id, long long cycle_id,
    const char *kind, const char *audience, const char *summary)
{
	long long id = comm_of(f, incident_id, cycle_id, kind, audience,
	    "published", "2026-02-05T00:00:00Z", HASH_PLAIN);

	if (summary != NULL)
		answer(f, id, "plain-summary", summary);
	return id;
}

static void
readability_fixture(void **state)
{
	(void)state;
	/* The texts the tests below rely on sit well apart. */
	assert_true(readability_flesch(EASY) > 80);
	assert_true(readability_flesch(HARD) < 30);
}

static void
summary_no_data(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long inc = incident(f, "SEC-2026-001", 0, NULL);

	store_playbooks(f);
	/* Internal, to a regulator, in draft, or a drill's: none counts. */
	comm_of(f, inc, 0, "pir-internal", "internal", "published",
	    "2026-02-05T00:00:00Z", HASH_PLAIN);
	comm_of(f, inc, 0, "regulator-notification", "regulator", "published",
	    "2026-02-05T00:00:00Z", HASH_PLAIN);
	comm_of(f, inc, 0, "advisory", "public", "draft", NULL, HASH_PLAIN);
	summarised(f, incident(f, "SEC-2026-002", 1, NULL), 0, "advisory",
	    "public", NULL);
	expect(f, "access.summary", CS_NO_DATA, "no customer-facing", &r);
	compliance_result_clear(&r);
	expect(f, "access.readability", CS_NO_DATA, "no plain-language", &r);
	compliance_result_clear(&r);
}

static void
summary_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long inc = incident(f, "SEC-2026-001", 0, NULL);
	long long p = tu_product_new(f->s, "acme", "Acme");
	long long cy = tu_cycle_new(f->s, p, "2.x", "2027-06-30");
	long long a, n, e;

	store_playbooks(f);
	a = summarised(f, inc, 0, "advisory", "public", EASY);
	n = summarised(f, inc, 0, "customer-notice", "customers", NULL);
	answer(f, n, "what-now", EASY);     /* any plain-text field will do */
	e = summarised(f, 0, cy, "eol-notice", "customers", EASY);
	expect(f, "access.summary", CS_MET,
	    "3 of 3 customer-facing texts have a plain-language summary", &r);
	expect_ev(evidence(&r, "communication", a, "SEC-2026-001 advisory"),
	    CS_MET, "2026-02-05T00:00:00Z", "Plain summary");
	expect_ev(evidence(&r, "communication", n, NULL), CS_MET, NULL,
	    "What now");
	/* An end-of-life notice is named by its product and cycle. */
	expect_ev(evidence(&r, "communication", e, "acme 2.x eol-notice"),
	    CS_MET, NULL, NULL);
	compliance_result_clear(&r);
}

static void
summary_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long inc = incident(f, "SEC-2026-001", 0, NULL);
	long long a, b, c, d;

	store_playbooks(f);
	a = summarised(f, inc, 0, "advisory", "public", EASY);
	b = summarised(f, inc, 0, "customer-notice", "customers", "   ");
	/* An internal field's answer is no summary for customers. */
	c = summarised(f, inc, 0, "advisory-update", "public", NULL);
	answer(f, c, "internal-note", EASY);
	d = comm_of(f, inc, 0, "advisory", "public", "published",
	    "2026-02-06T00:00:00Z", HASH_BARE);
	answer(f, d, "title", EASY);
	expect(f, "access.summary", CS_NOT_MET,
	    "1 of 4 customer-facing texts have a plain-language summary; "
	    "SEC-2026-001 customer-notice has none", &r);
	expect_ev(evidence(&r, "communication", a, NULL), CS_MET, NULL, NULL);
	expect_ev(evidence(&r, "communication", b, NULL), CS_NOT_MET, NULL,
	    "published without a plain-language summary");
	expect_ev(evidence(&r, "communication", c, NULL), CS_NOT_MET, NULL,
	    NULL);
	expect_ev(evidence(&r, "communication", d, NULL), CS_NOT_MET, NULL,
	    "its playbook asks for no plain-language summary");
	compliance_result_clear(&r);
}

static void
readability_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long inc = incident(f, "SEC-2026-001", 0, NULL);
	long long a;

	store_playbooks(f);
	a = summarised(f, inc, 0, "advisory", "public", EASY);
	answer(f, a, "what-now", EASY);
	summarised(f, inc, 0, "customer-notice", "customers", EASY);
	expect(f, "access.readability", CS_MET,
	    "3 of 3 summaries (100 %) meet their readability threshold", &r);
	/* One row per communication, each summary in its detail, against
	 * the field's own threshold, else the playbook's. */
	expect_ev(evidence(&r, "communication", a, NULL), CS_MET, NULL,
	    "(threshold 70)");
	expect_ev(evidence(&r, "communication", a, NULL), CS_MET, NULL,
	    "What now: reading ease");
	expect_ev(evidence(&r, "communication", a, NULL), CS_MET, NULL,
	    "(threshold 60)");
	assert_int_equal(r.evidence.count, 2);
	compliance_result_clear(&r);
}

static void
readability_at_risk(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long inc = incident(f, "SEC-2026-001", 0, NULL);
	long long hard;

	store_playbooks(f);
	summarised(f, inc, 0, "advisory", "public", EASY);
	summarised(f, inc, 0, "advisory-update", "public", EASY);
	summarised(f, inc, 0, "customer-notice", "customers", EASY);
	hard = summarised(f, inc, 0, "pir-external", "public", HARD);
	expect(f, "access.readability", CS_AT_RISK,
	    "3 of 4 summaries (75 %) meet their readability threshold; "
	    "SEC-2026-001 pir-external is harder to read", &r);
	expect_ev(evidence(&r, "communication", hard, NULL), CS_NOT_MET, NULL,
	    "(threshold 70)");
	compliance_result_clear(&r);
}

static void
readability_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long inc = incident(f, "SEC-2026-001", 0, NULL);
	long long a;

	store_playbooks(f);
	summarised(f, inc, 0, "advisory", "public", EASY);
	a = summarised(f, inc, 0, "customer-notice", "customers", HARD);
	answer(f, a, "what-now", HARD);
	expect(f, "access.readability", CS_NOT_MET,
	    "1 of 3 summaries (33 %)", &r);
	expect_ev(evidence(&r, "communication", a, NULL), CS_NOT_MET, NULL,
	    "What now");
	compliance_result_clear(&r);
}

/* ---- external.trust ----------------------------------------------------- */

static long long
certification(struct fx *f, const char *title, const char *until)
{
	struct trust_fields t = { .title = title, .valid_until = until };
	struct err err = { 0 };
	long long id = 0;

	if (trust_add(f->s, TRUST_SECTION_CERTIFICATION, &t, &id, &err) !=
	    ST_OK)
		fail_msg("trust_add: %s", err.msg);
	return id;
}

static void
trust_never(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	certification(f, "ISO 27001", "2027-01-01");
	expect(f, "external.trust", CS_NOT_MET, "never exported", &r);
	compliance_result_clear(&r);
}

static void
trust_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long iso;

	iso = certification(f, "ISO 27001", "2027-01-01");
	publication(f, "trust", "2026-03-01T12:00:00Z", NULL, NULL);
	expect(f, "external.trust", CS_MET, "trust page last exported "
	    "2026-03-01", &r);
	expect_ev(evidence(&r, "publication", 0, "trust page"), CS_MET,
	    "2026-03-01T12:00:00Z", "/srv/out/trust");
	expect_ev(evidence(&r, "trust", iso, "ISO 27001"), CS_MET, NULL,
	    "valid until 2027-01-01");
	compliance_result_clear(&r);
}

static void
trust_at_risk(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long soc;

	/* A certification that lapses within 30 days. */
	soc = certification(f, "SOC 2", "2026-03-20");
	publication(f, "trust", "2026-03-01T12:00:00Z", NULL, NULL);
	expect(f, "external.trust", CS_AT_RISK, "SOC 2 lapses on 2026-03-20",
	    &r);
	expect_ev(evidence(&r, "trust", soc, NULL), CS_AT_RISK, NULL,
	    "19 days left");
	compliance_result_clear(&r);
}

static void
trust_changed_since(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	publication(f, "trust", "2026-02-01T00:00:00Z", NULL, NULL);
	certification(f, "ISO 27001", "2027-01-01");     /* at TU_NOW */
	expect(f, "external.trust", CS_AT_RISK, "the content changed on "
	    "2026-03-01, after the last export", &r);
	expect_ev(evidence(&r, "publication", 0, "trust page"), CS_AT_RISK,
	    NULL, "changed after it was exported");
	expect_ev(evidence(&r, "trust", 0, "trust content"), CS_AT_RISK,
	    "2026-03-01T12:00:00Z", NULL);
	compliance_result_clear(&r);
}

static void
trust_expired(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long old;

	certification(f, "ISO 27001", "2027-01-01");
	old = certification(f, "PCI DSS", "2026-02-28");
	publication(f, "trust", "2026-03-01T12:00:00Z", NULL, NULL);
	expect(f, "external.trust", CS_NOT_MET, "PCI DSS expired on "
	    "2026-02-28", &r);
	expect_ev(evidence(&r, "trust", old, NULL), CS_NOT_MET, NULL,
	    "expired");
	compliance_result_clear(&r);
}

/* ---- external.security-txt --------------------------------------------- */

static void
sectxt_never(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	expect(f, "external.security-txt", CS_NOT_MET, "security.txt never "
	    "exported; disclosure policy never exported", &r);
	expect_ev(evidence(&r, "publication", 0, "security.txt"), CS_NOT_MET,
	    NULL, NULL);
	expect_ev(evidence(&r, "publication", 0, "disclosure policy"),
	    CS_NOT_MET, NULL, NULL);
	compliance_result_clear(&r);
}

static void
sectxt_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	publication(f, "security-txt", "2026-02-01T00:00:00Z",
	    "2026-12-31T00:00:00Z", NULL);
	publication(f, "disclosure-policy", "2026-02-01T00:00:00Z", NULL, NULL);
	expect(f, "external.security-txt", CS_MET, "security.txt expires on "
	    "2026-12-31", &r);
	assert_non_null(strstr(r.figure, "disclosure policy last exported "
	    "2026-02-01"));
	expect_ev(evidence(&r, "publication", 0, "security.txt"), CS_MET,
	    NULL, "expires on 2026-12-31");
	expect_ev(evidence(&r, "publication", 0, "disclosure policy"), CS_MET,
	    NULL, NULL);
	compliance_result_clear(&r);
}

static void
sectxt_at_risk(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	publication(f, "security-txt", "2026-02-01T00:00:00Z",
	    "2026-03-20T00:00:00Z", NULL);
	publication(f, "disclosure-policy", "2026-02-01T00:00:00Z", NULL, NULL);
	expect(f, "external.security-txt", CS_AT_RISK, "(in 18 days)", &r);
	compliance_result_clear(&r);
}

static void
sectxt_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	/* Unexpired, but no disclosure policy. */
	publication(f, "security-txt", "2026-02-01T00:00:00Z",
	    "2026-12-31T00:00:00Z", NULL);
	expect(f, "external.security-txt", CS_NOT_MET, "disclosure policy "
	    "never exported", &r);
	expect_ev(evidence(&r, "publication", 0, "security.txt"), CS_MET,
	    NULL, NULL);
	compliance_result_clear(&r);
	/* The latest export is the one that counts: now expired. */
	publication(f, "disclosure-policy", "2026-02-01T00:00:00Z", NULL, NULL);
	sqlf(f, "UPDATE publications SET published_at = '2026-02-02T00:00:00Z'"
	    " WHERE kind = 'disclosure-policy'");
	sqlf(f, "INSERT INTO publications (kind, path, sha256, published_at,"
	    " confirmed_at, expires_at) VALUES ('security-txt', '/x',"
	    " 'ab', '2026-02-10T00:00:00Z', '2026-02-10T00:00:00Z',"
	    " '2026-02-20T00:00:00Z')");
	expect(f, "external.security-txt", CS_NOT_MET, "security.txt expired "
	    "on 2026-02-20", &r);
	compliance_result_clear(&r);
}

/* check.security-txt names the file as served: its Expires counts. */
static void
sectxt_file(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	struct err err = { 0 };
	char *file = tu_file_in(f->dir, "security.txt",
	    "Contact: mailto:security@example.org\n"
	    "Expires: 2026-03-10T00:00:00.000Z\n");

	publication(f, "security-txt", "2026-02-01T00:00:00Z",
	    "2026-12-31T00:00:00Z", NULL);
	publication(f, "disclosure-policy", "2026-02-01T00:00:00Z", NULL, NULL);
	assert_int_equal(setting_set(f->s, "check.security-txt", file, &err),
	    ST_OK);
	expect(f, "external.security-txt", CS_AT_RISK, "security.txt expires "
	    "on 2026-03-10", &r);
	expect_ev(evidence(&r, "setting", 0, file), CS_AT_RISK,
	    "2026-03-10T00:00:00Z", "check.security-txt");
	compliance_result_clear(&r);
	tu_write_file(file, "Contact: mailto:security@example.org\n");
	expect(f, "external.security-txt", CS_NOT_MET, "cannot be judged", &r);
	compliance_result_clear(&r);
	free(file);
}

/* ---- external.procedure ------------------------------------------------- */

static void
procedure_never(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	expect(f, "external.procedure", CS_NOT_MET, "never exported", &r);
	compliance_result_clear(&r);
}

static void
procedure_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	struct err err = { 0 };
	char hash[HASH_HEX_SIZE];

	if (procedure_source_hash(f->s, hash, &err) != ST_OK)
		fail_msg("procedure_source_hash: %s", err.msg);
	publication(f, "breach-procedure", "2026-02-15T00:00:00Z", NULL, hash);
	expect(f, "external.procedure", CS_MET, "procedure exported "
	    "2026-02-15 and current", &r);
	expect_ev(evidence(&r, "publication", 0,
	    "breach-notification procedure"), CS_MET, "2026-02-15T00:00:00Z",
	    "current");
	compliance_result_clear(&r);
}

static void
procedure_at_risk(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	publication(f, "breach-procedure", "2026-02-15T00:00:00Z", NULL,
	    TU_HASH);
	expect(f, "external.procedure", CS_AT_RISK, "the playbook or approvers "
	    "changed since it was exported", &r);
	compliance_result_clear(&r);
}

/* ---- external.drill ----------------------------------------------------- */

#define RESULTS "[{\"clock\":\"regulator\",\"result\":\"met\"}," \
	"{\"clock\":\"customers\",\"result\":\"missed\"}]"

static long long
finished_drill(struct fx *f, const char *finished)
{
	sqlf(f, "INSERT INTO drills (playbook, started_at, finished_at,"
	    " findings, results) VALUES ('breach-notification',"
	    " '2025-01-01T00:00:00Z', '%s', 'Legal approved in 3 h.' ||"
	    " char(10) || 'The customer list was stale.', '%s')", finished,
	    RESULTS);
	return tu_sql_int(f->path, "SELECT max(id) FROM drills");
}

static void
drill_none(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	/* Started but never finished is no drill yet. */
	sqlf(f, "INSERT INTO drills (playbook, started_at) VALUES"
	    " ('breach-notification', '2026-02-01T00:00:00Z')");
	expect(f, "external.drill", CS_NOT_MET, "no drill", &r);
	assert_int_equal(r.evidence.count, 0);
	compliance_result_clear(&r);
}

static void
drill_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long d;

	finished_drill(f, "2025-01-10T00:00:00Z");     /* older one */
	d = finished_drill(f, "2026-01-10T00:00:00Z");
	expect(f, "external.drill", CS_MET, "last drill finished 2026-01-10, "
	    "1 of 2 clocks met; next due by 2027-01-10", &r);
	assert_int_equal(r.evidence.count, 1);
	expect_ev(evidence(&r, "drill", d, NULL), CS_MET,
	    "2026-01-10T00:00:00Z", "findings: Legal approved in 3 h.");
	assert_null(strstr(evidence(&r, "drill", d, NULL)->detail, "stale"));
	compliance_result_clear(&r);
}

static void
drill_at_risk(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long d = finished_drill(f, "2025-03-15T00:00:00Z");

	expect(f, "external.drill", CS_AT_RISK, "next due by 2026-03-15", &r);
	expect_ev(evidence(&r, "drill", d, NULL), CS_AT_RISK, NULL, NULL);
	compliance_result_clear(&r);
}

static void
drill_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long d = finished_drill(f, "2025-02-20T00:00:00Z");

	expect(f, "external.drill", CS_NOT_MET, "lapsed on 2026-02-20", &r);
	expect_ev(evidence(&r, "drill", d, NULL), CS_NOT_MET, NULL, NULL);
	compliance_result_clear(&r);
}

/* ---- research.reports --------------------------------------------------- */

/* A report received at RECEIVED, acknowledged at ACK and triaged at TRI
 * (NULL: not yet). Returns its id. */
static long long
report(struct fx *f, const char *received, const char *ack, const char *tri)
{
	struct err err = { 0 };
	long long id = 0;

	if (report_receive(f->s, "r@example.org", "XSS", received, &id, &err) !=
	    ST_OK ||
	    (ack != NULL && report_acknowledge(f->s, id, ack, &err) != ST_OK) ||
	    (tri != NULL && report_triage(f->s, id, tri, &err) != ST_OK))
		fail_msg("report: %s", err.msg);
	return id;
}

static void
reports_no_data(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	expect(f, "research.reports", CS_NO_DATA, "no vulnerability reports",
	    &r);
	compliance_result_clear(&r);
}

static void
reports_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long a, b;

	a = report(f, "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z",
	    "2026-02-08T00:00:00Z");
	/* Still running, well within its times. */
	b = report(f, "2026-03-01T06:00:00Z", NULL, NULL);
	expect(f, "research.reports", CS_MET, "2 of 2 reports acknowledged and "
	    "triaged within the promised times", &r);
	expect_ev(evidence(&r, "report", a, "report 1"), CS_MET,
	    "2026-02-01T00:00:00Z", "acknowledged after 24 h (promised 72 h); "
	    "triaged after 7 d (promised 10 d)");
	expect_ev(evidence(&r, "report", b, NULL), CS_MET, NULL,
	    "not acknowledged yet, due in 66 h");
	compliance_result_clear(&r);
}

static void
reports_at_risk(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long a;

	/* Acknowledge due at 13:00 today: an hour of 72 left. */
	a = report(f, "2026-02-26T13:00:00Z", NULL, NULL);
	expect(f, "research.reports", CS_AT_RISK, "0 of 1 report acknowledged "
	    "and triaged within the promised times; report 1 not acknowledged "
	    "yet", &r);
	expect_ev(evidence(&r, "report", a, NULL), CS_AT_RISK, NULL, NULL);
	compliance_result_clear(&r);
}

static void
reports_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	long long a, b, c;

	a = report(f, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z",
	    "2026-01-05T00:00:00Z");
	b = report(f, "2026-01-10T00:00:00Z", "2026-01-14T00:00:00Z",
	    "2026-01-15T00:00:00Z");
	c = report(f, "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", NULL);
	expect(f, "research.reports", CS_NOT_MET, "1 of 3 reports acknowledged "
	    "and triaged within the promised times; report 2 acknowledged 24 h "
	    "late", &r);
	expect_ev(evidence(&r, "report", a, NULL), CS_MET, NULL, NULL);
	expect_ev(evidence(&r, "report", b, NULL), CS_NOT_MET, NULL,
	    "acknowledged 24 h late (promised 72 h)");
	expect_ev(evidence(&r, "report", c, NULL), CS_NOT_MET, NULL,
	    "not triaged, 18 d overdue (promised 10 d)");
	compliance_result_clear(&r);
}

/* The promises come from the vulnerability-report playbook the config
 * directory holds, as the disclosure policy prints them. */
static void
reports_own_playbook(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	char *pbdir = tu_config_dir(f->dir, "playbooks"), *path = NULL;
	char *text, *at, *copy;
	size_t len;
	struct err err = { 0 };
	struct report rp = { 0 };
	struct compliance_report_clock c[2];

	assert_int_equal(playbook_find("vulnerability-report", &path, &err),
	    ST_OK);
	text = tu_slurp(path, &len);
	/* 72h becomes 24h; the triage clock stays. */
	at = strstr(text, "within: 72h");
	assert_non_null(at);
	assert_true(asprintf(&copy, "%.*swithin: 24h%s", (int)(at - text), text,
	    at + strlen("within: 72h")) > 0);
	tu_write_yaml(pbdir, "vulnerability-report", copy);
	free(copy);
	report(f, "2026-02-01T00:00:00Z", "2026-02-02T06:00:00Z", NULL);
	expect(f, "research.reports", CS_NOT_MET, "acknowledged 6 h late "
	    "(promised 24 h)", &r);
	compliance_result_clear(&r);
	/* The same clocks for the command line. */
	rp.received_at = (char *)"2026-02-01T00:00:00Z";
	rp.acknowledged_at = (char *)"2026-02-01T20:00:00Z";
	assert_int_equal(compliance_report_clocks(&rp, 1, TU_NOW, c, &err),
	    ST_OK);
	assert_string_equal(c[0].id, "acknowledge");
	assert_string_equal(c[0].span, "24 h");
	assert_string_equal(c[0].due, "2026-02-02T00:00:00Z");
	assert_int_equal(c[0].status, CS_MET);
	assert_string_equal(c[1].id, "triage");
	assert_string_equal(c[1].due, "2026-02-11T00:00:00Z");
	assert_null(c[1].stopped);
	assert_int_equal(c[1].status, CS_NOT_MET);
	/* No playbook at all: no promises, said so, not a failure. */
	tu_write_yaml(pbdir, "vulnerability-report", "playbook: [");
	expect(f, "research.reports", CS_NO_DATA, "no promised times", &r);
	compliance_result_clear(&r);
	assert_int_equal(compliance_report_clocks(&rp, 1, TU_NOW, c, &err),
	    ST_NOTFOUND);
	free(text);
	free(path);
	free(pbdir);
}

/* ---- ownership.owners --------------------------------------------------- */

/* Give every policy and playbook herald finds to LOGIN. */
static void
own_everything(struct fx *f, const char *login)
{
	const char *const *pol = owner_policies();
	struct err err = { 0 };
	char **names = NULL;
	size_t i;

	for (i = 0; pol[i] != NULL; i++)
		if (owner_set(f->s, "policy", pol[i], login, &err) != ST_OK)
			fail_msg("owner_set policy %s: %s", pol[i], err.msg);
	assert_int_equal(playbook_names(&names, &err), ST_OK);
	for (i = 0; names[i] != NULL; i++)
		if (owner_set(f->s, "playbook", names[i], login, &err) != ST_OK)
			fail_msg("owner_set playbook %s: %s", names[i], err.msg);
	playbook_names_free(names);
}

static void
owners_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	struct err err = { 0 };
	long long p;

	tu_add_user(f->s, "olivia", "sro", NULL);
	p = tu_product_new(f->s, "acme", "Acme");
	own_everything(f, "olivia");
	assert_int_equal(owner_set(f->s, "product", "acme", "ada", &err),
	    ST_OK);
	expect(f, "ownership.owners", CS_MET, "products, policies and "
	    "playbooks have a named owner", &r);
	expect_ev(evidence(&r, "product", p, "acme"), CS_MET, NULL,
	    "owned by ada");
	expect_ev(evidence(&r, "policy", 0, "trust-page"), CS_MET,
	    "2026-03-01T12:00:00Z", "owned by olivia");
	expect_ev(evidence(&r, "playbook", 0, "breach-notification"), CS_MET,
	    NULL, "owned by olivia");
	compliance_result_clear(&r);
}

static void
owners_not_met(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };
	struct err err = { 0 };
	long long p;
	char figure[64];
	size_t n;

	tu_add_user(f->s, "olivia", "sro", NULL);
	p = tu_product_new(f->s, "acme", "Acme");
	own_everything(f, "olivia");
	/* Nobody owns acme, and the trust page's owner was erased. */
	tu_add_user(f->s, "gone", "author", NULL);
	assert_int_equal(owner_set(f->s, "policy", "trust-page", "gone", &err),
	    ST_OK);
	sqlf(f, "UPDATE users SET erased_at = '2026-02-01T00:00:00Z', name ="
	    " NULL WHERE login = 'gone'");
	ask(f->s, "ownership.owners", &r);
	assert_int_equal(r.status, CS_NOT_MET);
	n = r.evidence.count;
	snprintf(figure, sizeof figure, "%zu of %zu products", n - 2, n);
	assert_non_null(strstr(r.figure, figure));
	assert_non_null(strstr(r.figure, "no owner: product acme, policy "
	    "trust-page"));
	expect_ev(evidence(&r, "product", p, "acme"), CS_NOT_MET, NULL,
	    "no owner");
	expect_ev(evidence(&r, "policy", 0, "trust-page"), CS_NOT_MET, NULL,
	    "its owner was erased");
	compliance_result_clear(&r);
}

static void
owners_fresh(void **state)
{
	struct fx *f = *state;
	struct compliance_result r = { 0 };

	/* A new database: the four policies and every shipped playbook,
	 * none owned. */
	expect(f, "ownership.owners", CS_NOT_MET, "0 of ", &r);
	assert_non_null(strstr(r.figure, " and "));      /* "and N more" */
	expect_ev(evidence(&r, "policy", 0, "disclosure-policy"), CS_NOT_MET,
	    NULL, NULL);
	expect_ev(evidence(&r, "playbook", 0, "security-advisory"), CS_NOT_MET,
	    NULL, NULL);
	compliance_result_clear(&r);
}

/* ---- owners themselves -------------------------------------------------- */

static void
owner_refusals(void **state)
{
	struct fx *f = *state;
	struct session *bob;
	struct user u = { 0 };
	struct err err = { 0 };
	char *pbdir;

	tu_add_user(f->s, "bob", "author", NULL);
	tu_add_user(f->s, "gone", "author", NULL);
	sqlf(f, "UPDATE users SET erased_at = '2026-02-01T00:00:00Z' WHERE"
	    " login = 'gone'");
	tu_product_new(f->s, "acme", "Acme");
	assert_int_equal(owner_set(f->s, NULL, "x", "ada", &err), ST_INVALID);
	assert_int_equal(owner_set(f->s, "team", "x", "ada", &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "kind"));
	assert_int_equal(owner_set(f->s, "policy", "", "ada", &err), ST_INVALID);
	assert_int_equal(owner_set(f->s, "policy", "trust-page", NULL, &err),
	    ST_INVALID);
	assert_int_equal(owner_set(f->s, "policy", "cookie-policy", "ada",
	    &err), ST_INVALID);
	assert_non_null(strstr(err.msg, "cookie-policy"));
	assert_int_equal(owner_set(f->s, "policy", "trust-page", "nobody",
	    &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "nobody"));
	assert_int_equal(owner_set(f->s, "policy", "trust-page", "gone", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "erased"));
	assert_int_equal(owner_set(f->s, "product", "nope", "ada", &err),
	    ST_NOTFOUND);
	assert_int_equal(owner_set(f->s, "playbook", "no-such-playbook", "ada",
	    &err), ST_NOTFOUND);
	assert_int_equal(owner_set(f->s, "playbook", "../etc", "ada", &err),
	    ST_NOTFOUND);
	/* A playbook herald cannot load is refused, naming the file. */
	pbdir = tu_config_dir(f->dir, "playbooks");
	tu_write_yaml(pbdir, "broken", "playbook: broken\nsteps: [\n");
	assert_int_equal(owner_set(f->s, "playbook", "broken", "ada", &err),
	    ST_INVALID);
	assert_non_null(strstr(err.msg, "broken"));
	/* Only admins and the SRO. */
	bob = tu_open_as(f->dir, "bob");
	assert_int_equal(owner_set(bob, "policy", "trust-page", "bob", &err),
	    ST_DENIED);
	assert_int_equal(owner_unset(bob, "policy", "trust-page", &err),
	    ST_DENIED);
	session_close(&bob);
	/* Nothing was written. */
	assert_int_equal(tu_count_rows(f->path, "owners"), 0);
	assert_int_equal(owner_of(f->s, "policy", "trust-page", &u, &err),
	    ST_NOTFOUND);
	assert_int_equal(owner_of(f->s, "product", "acme", &u, &err),
	    ST_NOTFOUND);
	assert_int_equal(owner_unset(f->s, "policy", "trust-page", &err),
	    ST_NOTFOUND);
	assert_int_equal(owner_unset(f->s, "product", "acme", &err),
	    ST_NOTFOUND);
	free(pbdir);
}

static void
owner_set_unset(void **state)
{
	struct fx *f = *state;
	struct session *olivia;
	struct user u = { 0 };
	struct err err = { 0 };
	struct rowlist l;
	const struct owner_row *o;
	long long n, olivia_id;
	size_t i;
	bool seen_product = false, seen_policy = false;

	olivia_id = tu_add_user(f->s, "olivia", "sro", NULL);
	tu_product_new(f->s, "acme", "Acme");
	/* The SRO may name owners. */
	olivia = tu_open_as(f->dir, "olivia");
	assert_int_equal(owner_set(olivia, "policy", "breach-procedure",
	    "olivia", &err), ST_OK);
	tu_expect_audit_has(olivia, NULL, "owner.set", "owner:0",
	    "\"name\":\"breach-procedure\"");
	session_close(&olivia);
	assert_int_equal(owner_of(f->s, "policy", "breach-procedure", &u,
	    &err), ST_OK);
	assert_string_equal(u.login, "olivia");
	user_clear(&u);
	/* The same owner again writes nothing. */
	n = tu_audit_count(f->s);
	assert_int_equal(owner_set(f->s, "policy", "breach-procedure",
	    "olivia", &err), ST_OK);
	assert_int_equal(tu_audit_count(f->s), n);
	/* Another replaces it, naming the one before. */
	assert_int_equal(owner_set(f->s, "policy", "breach-procedure", "ada",
	    &err), ST_OK);
	{
		char *detail = tu_last_audit_detail(f->s), want[64];

		snprintf(want, sizeof want, "\"previous_owner\":%lld",
		    olivia_id);
		assert_non_null(strstr(detail, want));
		free(detail);
	}
	/* Products keep theirs in products.owner_id. */
	assert_int_equal(owner_set(f->s, "product", "acme", "olivia", &err),
	    ST_OK);
	tu_expect_audit_has(f->s, NULL, "owner.set", NULL, "\"kind\":"
	    "\"product\"");
	assert_int_equal(tu_sql_int(f->path, "SELECT owner_id FROM products"
	    " WHERE slug = 'acme'"), olivia_id);
	assert_int_equal(owner_set(f->s, "playbook", "security-advisory",
	    "olivia", &err), ST_OK);
	assert_int_equal(owner_list(f->s, &l, &err), ST_OK);
	for (i = 0; i < l.count; i++) {
		o = rowlist_at(&l, i);
		if (strcmp(o->kind, "product") == 0) {
			assert_string_equal(o->name, "acme");
			assert_string_equal(o->login, "olivia");
			seen_product = true;
		} else if (strcmp(o->name, "breach-procedure") == 0) {
			assert_string_equal(o->login, "ada");
			assert_string_equal(o->set_at, "2026-03-01T12:00:00Z");
			seen_policy = true;
		} else if (strcmp(o->name, "security-advisory") == 0)
			assert_string_equal(o->login, "olivia");
		else
			assert_null(o->login);
	}
	/* Products first, then the four policies, then the playbooks. */
	assert_string_equal(((struct owner_row *)rowlist_at(&l, 0))->kind,
	    "product");
	assert_string_equal(((struct owner_row *)rowlist_at(&l, 1))->name,
	    "disclosure-policy");
	assert_string_equal(((struct owner_row *)rowlist_at(&l, 5))->kind,
	    "playbook");
	rowlist_free(&l, (row_clear_fn)owner_row_clear);
	assert_true(seen_product && seen_policy);
	/* Unset, audited; then there is none. */
	assert_int_equal(owner_unset(f->s, "policy", "breach-procedure", &err),
	    ST_OK);
	tu_expect_audit_has(f->s, NULL, "owner.unset", "owner:0",
	    "\"kind\":\"policy\"");
	assert_int_equal(owner_of(f->s, "policy", "breach-procedure", &u,
	    &err), ST_NOTFOUND);
	assert_int_equal(owner_unset(f->s, "product", "acme", &err), ST_OK);
	assert_int_equal(tu_sql_int(f->path, "SELECT count(*) FROM products"
	    " WHERE owner_id IS NULL"), 1);
	/* An erased owner owns nothing. */
	sqlf(f, "UPDATE users SET erased_at = '2026-02-01T00:00:00Z' WHERE"
	    " login = 'olivia'");
	assert_int_equal(owner_of(f->s, "playbook", "security-advisory", &u,
	    &err), ST_NOTFOUND);
	assert_non_null(strstr(err.msg, "erased"));
	tu_expect_chain_ok(f->s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TU_TEST(actions_no_data),
		TU_TEST(actions_met),
		TU_TEST(actions_not_met),
		TU_TEST(actions_need_to_know),
		TU_TEST(versions_no_data),
		TU_TEST(versions_met),
		TU_TEST(versions_not_met),
		cmocka_unit_test(readability_fixture),
		TU_TEST(summary_no_data),
		TU_TEST(summary_met),
		TU_TEST(summary_not_met),
		TU_TEST(readability_met),
		TU_TEST(readability_at_risk),
		TU_TEST(readability_not_met),
		TU_TEST(trust_never),
		TU_TEST(trust_met),
		TU_TEST(trust_at_risk),
		TU_TEST(trust_changed_since),
		TU_TEST(trust_expired),
		TU_TEST(sectxt_never),
		TU_TEST(sectxt_met),
		TU_TEST(sectxt_at_risk),
		TU_TEST(sectxt_not_met),
		TU_TEST(sectxt_file),
		TU_TEST(procedure_never),
		TU_TEST(procedure_met),
		TU_TEST(procedure_at_risk),
		TU_TEST(drill_none),
		TU_TEST(drill_met),
		TU_TEST(drill_at_risk),
		TU_TEST(drill_not_met),
		TU_TEST(reports_no_data),
		TU_TEST(reports_met),
		TU_TEST(reports_at_risk),
		TU_TEST(reports_not_met),
		TU_TEST(reports_own_playbook),
		TU_TEST(owners_met),
		TU_TEST(owners_not_met),
		TU_TEST(owners_fresh),
		TU_TEST(owner_refusals),
		TU_TEST(owner_set_unset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
