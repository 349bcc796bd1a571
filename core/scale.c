/* core/scale.c - deterministic large databases, built through core actions. */
#include "config.h"

#include "core/scale.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/channel.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/customer.h"
#include "core/demo_data.h"
#include "core/incident.h"
#include "core/product.h"
#include "core/review.h"
#include "core/settings.h"
#include "core/template.h"
#include "core/subscriber.h"
#include "core/user.h"
#include "core/workflow.h"
#include "util/xalloc.h"

/* Incidents per commit: each action is still its own savepoint. */
#define BATCH 500

struct rng {
	uint64_t state;
};

/* splitmix64: tiny, fast, and the same everywhere for the same seed. */
static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t
pick(struct rng *r, size_t n)
{
	return (size_t)(rng_next(r) % n);
}

static const char *const adjectives[] = {
	"Remote", "Local", "Stored", "Reflected", "Blind", "Authenticated",
	"Unauthenticated", "Race-condition", "Timing", "Logic",
};
static const char *const flaws[] = {
	"code execution", "privilege escalation", "denial of service",
	"information disclosure", "path traversal", "request forgery",
	"cross-site scripting", "SQL injection", "authentication bypass",
	"certificate validation bypass",
};
static const char *const places[] = {
	"admin API", "plugin loader", "sync agent", "login page", "export job",
	"webhook receiver", "report builder", "update checker", "CLI",
	"mobile SDK",
};
static const char *const triggers[] = {
	"vulnerability", "vulnerability", "vulnerability", "data-breach",
	"credential-leak", "misconfiguration", "compromise",
};
static const char *const severities[] = {
	"low", "medium", "medium", "high", "high", "critical",
};

struct scale {
	struct session *s;
	/* The approvers, acting on S's connection (inside its batch
	 * transaction; another connection would wait for its lock). */
	struct session  security, legal;
	struct playbook *pb;                /* security-advisory, shipped */
	struct rng      rng;
	long long       nproducts;
	long long      *product_ids;
	long long      *cycle_ids;          /* 4 per product */
};

/*
 * Add user LOGIN holding ROLE and make OUT a session acting as them on
 * SC's connection: S with another person in it. It is never closed: the
 * connection is S's; approver_clear() frees what is OUT's own.
 */
static enum status
approver(struct scale *sc, const char *login, const char *name,
    const char *role, struct session *out, struct err *err)
{
	const char *roles[] = { role, NULL };
	enum status st;

	if ((st = user_add(sc->s, login, name, NULL, roles, NULL, err)) != ST_OK)
		return st;
	*out = *sc->s;
	memset(&out->user, 0, sizeof out->user);
	out->login = (char *)login;
	if ((st = user_get(sc->s, login, &out->user, err)) != ST_OK)
		return st;
	snprintf(out->actor, sizeof out->actor, "user:%lld", out->user.id);
	return ST_OK;
}

static void
approver_clear(struct session *a)
{
	user_clear(&a->user);
	memset(a, 0, sizeof *a);
}

static enum status
setup(struct scale *sc, long n, struct err *err)
{
	static const char *const roles[] = { "author", "sro", NULL };
	/* Days from now: release, end of active support, end of life. One
	 * cycle past its end of life, one within a year of it, two later. */
	static const int phases[4][3] = {
		{ -1500, -1100, -700 },
		{ -900, -400, 200 },
		{ -500, 100, 500 },
		{ -60, 600, 1000 },
	};
	char slug[32], name[64], cyc[16], d[3][CLOCK_BUFSZ];
	struct cycle c;
	enum status st = ST_OK;
	long long i, k, cid;
	int j;

	for (j = 0; st == ST_OK && roles[j] != NULL; j++)
		if (!session_has_role(sc->s, roles[j]))
			st = user_grant(sc->s, sc->s->login, roles[j], err);
	if (st != ST_OK || (st = session_reload(sc->s, err)) != ST_OK)
		return st;
	/* Whoever writes an advisory does not approve it: two others do. */
	if ((st = approver(sc, "sec-approver", "Sam Security",
	    "approver:security", &sc->security, err)) != ST_OK ||
	    (st = approver(sc, "legal-approver", "Lee Legal", "approver:legal",
	    &sc->legal, err)) != ST_OK)
		return st;
	sc->nproducts = n / 2000 + 3;
	sc->product_ids = xcalloc((size_t)sc->nproducts, sizeof(long long));
	sc->cycle_ids = xcalloc((size_t)sc->nproducts * 4, sizeof(long long));
	for (i = 0; st == ST_OK && i < sc->nproducts; i++) {
		snprintf(slug, sizeof slug, "product-%05lld", i + 1);
		snprintf(name, sizeof name, "Product %lld", i + 1);
		if ((st = product_create(sc->s, slug, name, "", NULL,
		    &sc->product_ids[i], err)) != ST_OK)
			break;
		for (k = 0; st == ST_OK && k < 4; k++) {
			memset(&c, 0, sizeof c);
			for (j = 0; j < 3; j++)
				clock_format_date(clock_add_days(clock_now(),
				    phases[k][j]), d[j]);
			snprintf(cyc, sizeof cyc, "%lld.%lld", i % 7 + 1, k);
			c.product_id = sc->product_ids[i];
			c.cycle = cyc;
			c.release_date = d[0];
			c.active_support_end = d[1];
			c.security_support_end = d[2];
			c.eol = d[2];
			st = cycle_create(sc->s, &c, &sc->cycle_ids[i * 4 + k], err);
		}
	}
	for (i = 0; st == ST_OK && i < n / 200 + 5; i++) {
		snprintf(name, sizeof name, "Customer %lld", i + 1);
		snprintf(slug, sizeof slug, "c%lld@customers.example", i + 1);
		if ((st = customer_create(sc->s, name, slug, "", i % 3 == 0 ? 24 : 0,
		    &cid, err)) != ST_OK)
			break;
		k = (long long)pick(&sc->rng, (size_t)sc->nproducts);
		st = deployment_add(sc->s, cid, sc->product_ids[k],
		    sc->cycle_ids[k * 4 + 2], "", NULL, err);
	}
	return st;
}

static enum status
set_state(struct session *s, long long id, const char *state, struct err *err)
{
	struct communication c = { 0 };
	enum status st;

	if ((st = communication_get(s, id, &c, err)) == ST_OK)
		st = communication_set_state(s, id, c.version, state, err);
	communication_clear(&c);
	return st;
}

/* APPROVER approves D at its content now, where it is their turn. */
static enum status
approve(struct session *approver, const struct comm_doc *d, struct err *err)
{
	return approval_decide(approver, d, &(struct decision){
	    .decision = "approved" }, NULL, err);
}

/* One incident with an affected product, an advisory taken through
 * approval to publication, and two subscribers. */
static enum status
one(struct scale *sc, long i, struct err *err)
{
	static const char *const fields[] = {
		"summary", "references", "customer-actions", "plain-summary",
	};
	char title[160], text[200], addr[64];
	const char *lists[2] = { "advisories:*", NULL };
	struct incident_new in = { .title = title };
	struct incident inc = { 0 };
	struct comm_doc d = { 0 };
	struct affected_new an = { .status = "known_affected" };
	struct comm_start cs = { .playbook = "security-advisory",
	    .title = title };
	long long pk, comm = 0;
	enum status st;
	size_t f, n = 0;

	rowlist_init(&d.answers, sizeof(struct answer));
	snprintf(title, sizeof title, "%s %s in the %s",
	    adjectives[pick(&sc->rng, 10)], flaws[pick(&sc->rng, 10)],
	    places[pick(&sc->rng, 10)]);
	in.trigger_kind = triggers[pick(&sc->rng, 7)];
	in.severity = severities[pick(&sc->rng, 6)];
	in.summary = title;
	if ((st = incident_create(sc->s, &in, &inc, err)) != ST_OK)
		return st;
	pk = (long long)pick(&sc->rng, (size_t)sc->nproducts);
	an.incident_id = inc.id;
	an.product_id = sc->product_ids[pk];
	an.cycle_id = sc->cycle_ids[pk * 4 + (long long)pick(&sc->rng, 4)];
	an.version_range = "<9.9";
	cs.incident = inc.ref;
	if ((st = affected_add(sc->s, &an, NULL, err)) != ST_OK ||
	    (st = comm_start_with(sc->s, &cs, sc->pb, &comm, 1, &n,
	    err)) != ST_OK)
		goto done;
	for (f = 0; st == ST_OK && f < 4; f++) {
		snprintf(text, sizeof text, "%s for %s (%lu).", fields[f], inc.ref,
		    (unsigned long)(rng_next(&sc->rng) % 100000));
		st = answer_set(sc->s, comm, fields[f], text, 0, NULL, err);
	}
	snprintf(text, sizeof text, "CVE-%d-%05ld", clock_year(clock_now()),
	    10000 + i);
	if (st == ST_OK)
		st = answer_set(sc->s, comm, "cves", text, 0, NULL, err);
	if (st != ST_OK || (st = set_state(sc->s, comm, "in-review", err)) != ST_OK)
		goto done;
	/* The playbook is parsed once for all: D borrows it. */
	d.comm.id = comm;
	d.pb = sc->pb;
	d.variant = &sc->pb->variants[0];
	if ((st = comm_reload(sc->s, &d, err)) != ST_OK ||
	    (st = approve(&sc->security, &d, err)) != ST_OK ||
	    (st = approve(&sc->legal, &d, err)) != ST_OK)
		goto done;
	/* Published, so exports have the whole history to write. */
	if ((st = comm_reload(sc->s, &d, err)) != ST_OK ||
	    (st = comm_publish(sc->s, &d, err)) != ST_OK)
		goto done;
	for (f = 0; st == ST_OK && f < 2; f++) {
		snprintf(addr, sizeof addr, "reader%ld.%zu@subscribers.example", i, f);
		st = subscriber_add(sc->s, addr, lists, NULL, err);
	}
done:
	d.pb = NULL;            /* SC's */
	comm_doc_clear(&d);
	incident_clear(&inc);
	return st;
}

time_t
scale_start_time(time_t now, long n)
{
	return now - (time_t)n * 600 - 2 * 86400;
}

enum status
scale_build(struct session *s, long n, unsigned long seed,
    const struct progress *progress, struct err *err)
{
	struct scale sc = { .s = s, .rng = { seed } };
	char *path = NULL;
	time_t now = clock_now(), was = clock_fixed();
	enum status st;
	long i;

	if (n < 1)
		return err_set(err, ST_INVALID, "scale: at least one incident");
	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = db_set_bulk(s->db, err)) != ST_OK)
		return st;
	/* Set up just after the database was made; then incidents ten
	 * minutes apart, the last one now. */
	clock_set_fixed(scale_start_time(now, n) + 60);
	/* The shipped advisory playbook, stored once like any other. */
	if ((st = playbook_find("security-advisory", &path, err)) != ST_OK ||
	    (st = playbook_load_file(path, &sc.pb, NULL, err)) != ST_OK)
		goto done;
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto done;
	st = setup(&sc, n, err);
	for (i = 0; st == ST_OK && demo_settings[i][0] != NULL; i++)
		st = setting_set(s, demo_settings[i][0], demo_settings[i][1], err);
	if (st == ST_OK)
		st = template_import_all(s, NULL, err);
	for (i = 0; st == ST_OK && i < n; i++) {
		clock_set_fixed(now - (time_t)(n - i) * 600);
		st = one(&sc, i, err);
		if (st == ST_OK && (i + 1) % BATCH == 0) {
			/* Commit the batch and open the next one. */
			if ((st = db_end(s->db, ST_OK, err)) == ST_OK)
				st = db_begin(s->db, err);
			progress_report(progress, i + 1, n);
		}
	}
	/* The mail channel comes last: the history is made, not sent (a
	 * channel from the start would queue every advisory's messages). */
	if (st == ST_OK)
		st = channel_create(s, "mail", "email",
		    "{\"from\":\"security@vendor.example\","
		    "\"url\":\"smtp://127.0.0.1:2525\"}", NULL, err);
	st = db_end(s->db, st, err);
	if (st == ST_OK)
		progress_report(progress, n, n);
done:
	clock_set_fixed(was);
	playbook_free(&sc.pb);
	approver_clear(&sc.security);
	approver_clear(&sc.legal);
	free(path);
	free(sc.product_ids);
	free(sc.cycle_ids);
	if (st != ST_OK)
		err_prefix(err, "scale database");
	return st;
}
