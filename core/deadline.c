/* core/deadline.c - computes the clocks of communications from their
 * playbooks, the regimes those name, the incident's times, customer
 * contracts and publications. */
#include "config.h"

#include "core/deadline.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/playbook.h"
#include "core/regime.h"
#include "storage/q_deadline.h"
#include "util/xalloc.h"

void
deadline_clear(struct deadline *d)
{
	if (d == NULL)
		return;
	free(d->communication_title);
	free(d->incident_ref);
	free(d->clock_id);
	free(d->title);
	free(d->regime);
	free(d->basis);
	memset(d, 0, sizeof *d);
}

/*
 * What one call reads once and uses for every communication: playbooks by
 * hash (a hash whose text is missing or does not parse is kept as NULL,
 * so it is looked up once), regimes by name, and the contract of the last
 * incident asked about (sources come grouped by communication id, which
 * mostly follows the incident).
 */
struct cache_pb {
	char            *hash;
	struct playbook *pb;
};
struct cache {
	struct cache_pb *pbs;
	size_t           n_pbs;
	struct regime  **regimes;
	size_t           n_regimes;
	long long        contract_incident;
	struct deadline_contract contract;
};

static void
cache_free(struct cache *c)
{
	size_t i;

	for (i = 0; i < c->n_pbs; i++) {
		free(c->pbs[i].hash);
		playbook_free(&c->pbs[i].pb);
	}
	free(c->pbs);
	for (i = 0; i < c->n_regimes; i++)
		regime_free(&c->regimes[i]);
	free(c->regimes);
	deadline_contract_clear(&c->contract);
	memset(c, 0, sizeof *c);
}

/* The playbook stored with HASH, or NULL when none is stored (a
 * communication made before playbooks were) or it no longer parses. */
static enum status
cache_playbook(struct session *s, struct cache *c, const char *hash,
    const struct playbook **out, struct err *err)
{
	struct playbook *pb = NULL;
	char *body = NULL;
	enum status st;
	size_t i;

	*out = NULL;
	if (hash == NULL)
		return ST_OK;
	for (i = 0; i < c->n_pbs; i++)
		if (strcmp(c->pbs[i].hash, hash) == 0) {
			*out = c->pbs[i].pb;
			return ST_OK;
		}
	st = q_deadline_playbook(s->db, hash, &body, err);
	if (st == ST_OK && playbook_parse(body, strlen(body), hash, &pb, NULL,
	    NULL) != ST_OK)
		pb = NULL;
	free(body);
	if (st != ST_OK && st != ST_NOTFOUND)
		return st;
	c->pbs = xreallocarray(c->pbs, c->n_pbs + 1, sizeof *c->pbs);
	c->pbs[c->n_pbs].hash = xstrdup(hash);
	c->pbs[c->n_pbs++].pb = pb;
	*out = pb;
	return ST_OK;
}

/* Regime NAME; a missing or broken file is an error: clocks must never
 * vanish quietly. */
static enum status
cache_regime(struct cache *c, const char *name, const struct regime **out,
    struct err *err)
{
	struct regime *r;
	enum status st;
	size_t i;

	for (i = 0; i < c->n_regimes; i++)
		if (strcmp(c->regimes[i]->name, name) == 0) {
			*out = c->regimes[i];
			return ST_OK;
		}
	if ((st = regime_load(name, &r, err)) != ST_OK)
		return st;
	c->regimes = xreallocarray(c->regimes, c->n_regimes + 1,
	    sizeof *c->regimes);
	c->regimes[c->n_regimes++] = r;
	*out = r;
	return ST_OK;
}

static enum status
cache_contract(struct session *s, struct cache *c, long long incident_id,
    const struct deadline_contract **out, struct err *err)
{
	enum status st;

	if (c->contract_incident != incident_id) {
		deadline_contract_clear(&c->contract);
		c->contract_incident = 0;
		if ((st = q_deadline_contract(s->db, incident_id, &c->contract,
		    err)) != ST_OK)
			return st;
		c->contract_incident = incident_id;
	}
	*out = &c->contract;
	return ST_OK;
}

/* One clock to compute, from a playbook's own clock or a regime's. */
struct clock_spec {
	const char     *id;
	const char     *title;
	const char     *regime;         /* NULL: the playbook's own */
	const char     *basis;          /* the regime's article, or NULL */
	const char     *from;
	const char     *audience;       /* NULL: the communication's */
	struct pb_span  within;
	struct pb_span  every;
	int             phase;
};

/* Which clocks a call keeps: all, or the running ones; and once it has
 * as many as it may return, only those that sort before CUT, the last of
 * them (see collect()). */
struct keep {
	bool            running_only;
	bool            has_cut;
	struct deadline cut;          /* owns its clock_id only */
};

/* What a computation of one communication's clocks reads. */
struct comm_ctx {
	struct session               *s;
	struct cache                 *cache;
	const struct deadline_source *src;
	struct rowlist                pubs;   /* struct deadline_pub */
	bool                          has_pubs;
	const struct keep            *keep;
	struct rowlist               *out;
};

/* The incident time a clock runs FROM, or NULL when not yet known. */
static const char *
base_time(const struct deadline_source *src, const char *from)
{
	if (strcmp(from, "awareness") == 0)
		return src->aware_at;
	if (strcmp(from, "discovery") == 0)
		return src->discovered_at != NULL ? src->discovered_at :
		    src->aware_at;
	if (strcmp(from, "fix-available") == 0)
		return src->fix_available_at;
	return src->comm_created_at;    /* started */
}

static time_t
span_add(time_t t, const struct pb_span *span)
{
	if (span->months != 0)
		t = clock_add_months(t, span->months);
	return t + (time_t)span->minutes * 60;
}

static bool
span_is_zero(const struct pb_span *span)
{
	return span->months == 0 && span->minutes == 0;
}

static enum status
load_pubs(struct comm_ctx *x, struct err *err)
{
	if (x->has_pubs)
		return ST_OK;
	x->has_pubs = true;
	return q_deadline_publications(x->s->db, x->src->comm_id, &x->pubs, err);
}

/* When revision PHASE was published, or NULL. A communication published
 * before revisions were kept has none; its first publication counts. */
static const char *
phase_published(const struct comm_ctx *x, int phase)
{
	const struct deadline_pub *p;
	size_t i;

	for (i = 0; i < x->pubs.count; i++) {
		p = rowlist_at(&x->pubs, i);
		if (p->revision == phase)
			return p->published_at;
	}
	if (x->pubs.count == 0 && phase == 1)
		return x->src->comm_published_at;
	return NULL;
}

/*
 * When the clock of revision PHASE stops, or NULL while it runs: with no
 * outbox message, at its publication (as before there were channels);
 * else when none is pending or leased and one was delivered (at the last
 * delivery), or at a delivery recorded by hand after the publication,
 * whichever is first.
 */
static const char *
phase_stopped(const struct comm_ctx *x, int phase)
{
	const struct deadline_pub *p;
	const char *by_outbox = NULL;
	size_t i;

	for (i = 0; i < x->pubs.count; i++) {
		p = rowlist_at(&x->pubs, i);
		if (p->revision != phase)
			continue;
		if (p->n_messages == 0)
			return p->published_at;
		if (p->n_open == 0 && p->last_delivered_at != NULL)
			by_outbox = p->last_delivered_at;
		if (p->manual_at == NULL)
			return by_outbox;
		if (by_outbox == NULL || strcmp(p->manual_at, by_outbox) < 0)
			return p->manual_at;
		return by_outbox;
	}
	return phase_published(x, phase);
}

/* The latest publication of any revision, or NULL. */
static const char *
last_published(const struct comm_ctx *x)
{
	const struct deadline_pub *p;
	const char *last = x->src->comm_published_at;
	size_t i;

	for (i = 0; i < x->pubs.count; i++) {
		p = rowlist_at(&x->pubs, i);
		if (last == NULL || strcmp(p->published_at, last) > 0)
			last = p->published_at;
	}
	return last;
}

static bool
incident_is_open(const struct deadline_source *src)
{
	return strcmp(src->incident_state, "resolved") != 0 &&
	    strcmp(src->incident_state, "closed") != 0;
}

/* "72 h from awareness (GDPR art. 33(1))", "every 24 h from started". */
static char *
basis_text(const struct clock_spec *cs, bool is_recurring)
{
	char span[64];

	pb_span_format(is_recurring ? &cs->every : &cs->within, span,
	    sizeof span);
	if (cs->basis != NULL)
		return xasprintf("%s%s from %s (%s)", is_recurring ? "every " :
		    "", span, cs->from, cs->basis);
	return xasprintf("%s%s from %s", is_recurring ? "every " : "", span,
	    cs->from);
}

/* Bring *DUE forward to the strictest customer contract when that is
 * earlier than BASE + the clock's span; *USED is that contract, or NULL. */
static enum status
apply_contract(struct comm_ctx *x, const struct clock_spec *cs, time_t base,
    time_t *due, const struct deadline_contract **used, struct err *err)
{
	const struct deadline_contract *k;
	const char *aud = cs->audience != NULL ? cs->audience :
	    x->src->audience;
	time_t t;
	enum status st;

	*used = NULL;
	if (aud == NULL || strcmp(aud, "customers") != 0)
		return ST_OK;
	if ((st = cache_contract(x->s, x->cache, x->src->incident_id, &k,
	    err)) != ST_OK)
		return st;
	if (k->sla_hours <= 0)
		return ST_OK;
	t = base + (time_t)k->sla_hours * 3600;
	if (t >= *due)
		return ST_OK;
	*due = t;
	*used = k;
	return ST_OK;
}

/* "24 h from awareness (contract ACME-7)", for contract K. */
static char *
contract_basis(const struct clock_spec *cs,
    const struct deadline_contract *k)
{
	if (k->contract_ref != NULL && *k->contract_ref != '\0')
		return xasprintf("%d h from %s (contract %s)", k->sla_hours,
		    cs->from, k->contract_ref);
	return xasprintf("%d h from %s (contract of customer %lld)",
	    k->sla_hours, cs->from, k->customer_id);
}

/* Running first, soonest first; then those waiting for their start;
 * then stopped ones by due time; ties by communication and clock. */
static int
rank(const struct deadline *d)
{
	if (d->due_at[0] == '\0')
		return 1;
	return d->stopped_at[0] != '\0' ? 2 : 0;
}

static int
cmp_deadline(const void *pa, const void *pb)
{
	const struct deadline *a = pa, *b = pb;
	int c;

	if ((c = rank(a) - rank(b)) != 0)
		return c;
	if ((c = strcmp(a->due_at, b->due_at)) != 0)
		return c;
	if (a->communication_id != b->communication_id)
		return a->communication_id < b->communication_id ? -1 : 1;
	return strcmp(a->clock_id, b->clock_id);
}

/* Whether the call keeps clock D (its times, communication and clock id
 * set): a clock it would drop is never built. */
static bool
is_kept(const struct keep *k, const struct deadline *d)
{
	if (k->running_only && rank(d) != 0)
		return false;
	return !k->has_cut || cmp_deadline(d, &k->cut) < 0;
}

/* Compute clock CS of the communication and append it to X->out, unless
 * the call would drop it. */
static enum status
add_clock(struct comm_ctx *x, const struct clock_spec *cs, struct err *err)
{
	const struct deadline_source *src = x->src;
	const struct deadline_contract *k = NULL;
	const char *from_at, *pub, *last;
	struct deadline probe, *d;
	time_t base, due, t;
	bool is_recurring = !span_is_zero(&cs->every), has_base;
	enum status st;

	if ((st = load_pubs(x, err)) != ST_OK)
		return st;
	memset(&probe, 0, sizeof probe);
	probe.communication_id = src->comm_id;
	probe.is_recurring = is_recurring;
	/* Not started: a fix-available clock before the fix (due_at ""). */
	has_base = (from_at = base_time(src, cs->from)) != NULL &&
	    clock_parse(from_at, &base, NULL) == ST_OK;
	if (has_base && is_recurring) {
		last = last_published(x);
		if (last != NULL && clock_parse(last, &t, NULL) == ST_OK &&
		    t > base)
			base = t;
		clock_format(span_add(base, &cs->every), probe.due_at);
		if (!incident_is_open(src))
			snprintf(probe.stopped_at, sizeof probe.stopped_at, "%s",
			    src->incident_updated_at);
	} else if (has_base) {
		due = span_add(base, &cs->within);
		if ((st = apply_contract(x, cs, base, &due, &k, err)) != ST_OK)
			return st;
		clock_format(due, probe.due_at);
		if ((pub = phase_stopped(x, cs->phase)) != NULL)
			snprintf(probe.stopped_at, sizeof probe.stopped_at, "%s",
			    pub);
	}
	probe.clock_id = (char *)cs->id;        /* borrowed to compare */
	if (!is_kept(x->keep, &probe))
		return ST_OK;
	d = rowlist_push(x->out);
	*d = probe;
	d->communication_title = xstrdup_or_null(src->comm_title);
	d->incident_id = src->incident_id;
	d->incident_ref = xstrdup_or_null(src->incident_ref);
	d->clock_id = xstrdup(cs->id);
	d->title = xstrdup(cs->title != NULL ? cs->title : cs->id);
	d->regime = xstrdup_or_null(cs->regime);
	d->is_contract = k != NULL;
	d->basis = k != NULL ? contract_basis(cs, k) :
	    basis_text(cs, is_recurring);
	return ST_OK;
}

static bool
lists(char *const *list, size_t n, const char *v)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		if (strcmp(list[i], v) == 0)
			return true;
	return false;
}

/* Whether regime clock RC applies to the communication through playbook
 * clock PC: at its severities, and to its audience unless PC already
 * narrowed the clock to a variant. */
static bool
regime_clock_applies(const struct comm_ctx *x, const struct pb_clock *pc,
    const struct regime_clock *rc)
{
	if (rc->n_severities > 0 && !lists(rc->severities, rc->n_severities,
	    x->src->severity))
		return false;
	if (rc->audience != NULL && pc->variant == NULL &&
	    (x->src->audience == NULL ||
	    strcmp(rc->audience, x->src->audience) != 0))
		return false;
	return true;
}

/* The clocks playbook clock PC sets through its regime. */
static enum status
add_regime(struct comm_ctx *x, const struct pb_clock *pc, struct err *err)
{
	const struct regime *r;
	const struct regime_clock *rc;
	struct clock_spec cs;
	enum status st;
	size_t i;

	if ((st = cache_regime(x->cache, pc->regime, &r, err)) != ST_OK)
		return st;
	if (pc->regime_clock != NULL && regime_clock(r, pc->regime_clock) ==
	    NULL)
		return err_set(err, ST_INVALID, "playbook clock %s: regime %s "
		    "has no clock %s", pc->id, pc->regime, pc->regime_clock);
	for (i = 0; i < r->n_clocks; i++) {
		rc = &r->clocks[i];
		if (pc->regime_clock != NULL && strcmp(pc->regime_clock,
		    rc->id) != 0)
			continue;
		if (!regime_clock_applies(x, pc, rc))
			continue;
		memset(&cs, 0, sizeof cs);
		/* One named clock takes the playbook's names; a whole
		 * regime keeps its own. */
		cs.id = pc->regime_clock != NULL ? pc->id : rc->id;
		cs.title = pc->regime_clock != NULL && pc->title != NULL &&
		    strcmp(pc->title, pc->id) != 0 ? pc->title : rc->title;
		cs.regime = r->name;
		cs.basis = rc->basis;
		cs.from = rc->from;
		cs.audience = rc->audience;
		cs.within = rc->within;
		cs.phase = rc->phase;
		if ((st = add_clock(x, &cs, err)) != ST_OK)
			return st;
	}
	return ST_OK;
}

/* Append the clocks of SRC (through its stored playbook) to OUT. */
static enum status
comm_clocks(struct session *s, struct cache *cache, const struct keep *keep,
    const struct deadline_source *src, struct rowlist *out, struct err *err)
{
	struct comm_ctx x = { s, cache, src, { 0 }, false, keep, out };
	const struct playbook *pb;
	const struct pb_clock *pc;
	const char *variant = src->variant != NULL ? src->variant : "";
	struct clock_spec cs;
	enum status st;
	size_t i;

	rowlist_init(&x.pubs, sizeof(struct deadline_pub));
	if ((st = cache_playbook(s, cache, src->playbook_hash, &pb, err)) !=
	    ST_OK || pb == NULL)
		return st;
	for (i = 0; st == ST_OK && i < pb->n_clocks; i++) {
		pc = &pb->clocks[i];
		if (pc->variant != NULL && strcmp(pc->variant, variant) != 0)
			continue;
		if (pc->regime != NULL) {
			st = add_regime(&x, pc, err);
			continue;
		}
		memset(&cs, 0, sizeof cs);
		cs.id = pc->id;
		cs.title = pc->title;
		cs.from = pc->from != NULL ? pc->from : "started";
		cs.within = pc->within;
		cs.every = pc->every;
		cs.phase = pc->phase > 0 ? pc->phase : 1;
		st = add_clock(&x, &cs, err);
	}
	rowlist_free(&x.pubs, (row_clear_fn)deadline_pub_clear);
	return st;
}

/* Sort OUT and keep its first N of those KEEP keeps. Holding N, the
 * last of them becomes KEEP's cut: a clock sorting after it cannot be
 * among the first N. */
static void
trim(struct rowlist *out, size_t n, struct keep *keep)
{
	const struct deadline *last;
	size_t i, kept;

	if (out->count > 1)
		qsort(out->items, out->count, out->size, cmp_deadline);
	for (kept = 0; kept < out->count && kept < n; kept++)
		if (keep->running_only && rank(rowlist_at(out, kept)) != 0)
			break;
	for (i = kept; i < out->count; i++)
		deadline_clear(rowlist_at(out, i));
	out->count = kept;
	if (kept < n)
		return;
	last = rowlist_at(out, kept - 1);
	free(keep->cut.clock_id);
	memset(&keep->cut, 0, sizeof keep->cut);
	keep->cut.communication_id = last->communication_id;
	keep->cut.clock_id = xstrdup(last->clock_id);
	memcpy(keep->cut.due_at, last->due_at, sizeof keep->cut.due_at);
	memcpy(keep->cut.stopped_at, last->stopped_at,
	    sizeof keep->cut.stopped_at);
	keep->has_cut = true;
}

/*
 * The clocks of SOURCES into OUT; RUNNING_ONLY drops stopped and waiting
 * ones; at most LIMIT (0 = all). With a LIMIT, OUT is trimmed to it now
 * and then, and from then on a clock that would sort after the last one
 * kept is not built: the console asks for the nearest one only.
 */
static enum status
collect(struct session *s, struct rowlist *sources, bool running_only,
    long long limit, struct rowlist *out, struct err *err)
{
	struct cache cache = { 0 };
	struct keep keep = { .running_only = running_only };
	size_t i, n = limit > 0 ? (size_t)limit : SIZE_MAX;
	enum status st = ST_OK;

	for (i = 0; st == ST_OK && i < sources->count; i++) {
		st = comm_clocks(s, &cache, &keep, rowlist_at(sources, i), out,
		    err);
		/* At twice the limit and some: a sort a batch, not a clock. */
		if (limit > 0 && out->count >= 2 * n + 64)
			trim(out, n, &keep);
	}
	cache_free(&cache);
	if (st == ST_OK)
		trim(out, n, &keep);
	free(keep.cut.clock_id);
	return st;
}

static enum status
for_sources(struct session *s, long long comm_id, long long incident_id,
    bool running_only, long long limit, struct rowlist *out, struct err *err)
{
	struct rowlist sources;
	enum status st;

	rowlist_init(out, sizeof(struct deadline));
	if ((st = db_read_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_deadline_sources(s->db, comm_id, incident_id, &sources,
	    err)) == ST_OK)
		st = collect(s, &sources, running_only, limit, out, err);
	db_read_end(s->db);
	rowlist_free(&sources, (row_clear_fn)deadline_source_clear);
	if (st != ST_OK) {
		rowlist_free(out, (row_clear_fn)deadline_clear);
		rowlist_init(out, sizeof(struct deadline));
	}
	return st;
}

enum status
deadline_for_communication(struct session *s, long long id,
    struct rowlist *out, struct err *err)
{
	return for_sources(s, id, 0, false, 0, out, err);
}

enum status
deadline_for_incident(struct session *s, long long incident_id,
    struct rowlist *out, struct err *err)
{
	if (incident_id <= 0) {
		rowlist_init(out, sizeof(struct deadline));
		return err_set(err, ST_INVALID, "no incident %lld", incident_id);
	}
	return for_sources(s, 0, incident_id, false, 0, out, err);
}

enum status
deadline_for_incidents(struct session *s, const long long *ids, size_t n,
    struct rowlist *out, struct err *err)
{
	struct cache cache = { 0 };
	struct keep keep = { .running_only = false };
	struct rowlist sources;
	enum status st;
	size_t i, j;

	rowlist_init(out, sizeof(struct deadline));
	if ((st = db_read_begin(s->db, err)) != ST_OK)
		return st;
	for (i = 0; i < n && st == ST_OK; i++) {
		if ((st = q_deadline_sources(s->db, 0, ids[i], &sources, err)) !=
		    ST_OK)
			break;
		for (j = 0; st == ST_OK && j < sources.count; j++)
			st = comm_clocks(s, &cache, &keep, rowlist_at(&sources, j),
			    out, err);
		rowlist_free(&sources, (row_clear_fn)deadline_source_clear);
	}
	db_read_end(s->db);
	cache_free(&cache);
	if (st == ST_OK)
		trim(out, SIZE_MAX, &keep);
	free(keep.cut.clock_id);
	if (st != ST_OK) {
		rowlist_free(out, (row_clear_fn)deadline_clear);
		rowlist_init(out, sizeof(struct deadline));
	}
	return st;
}

enum status
deadline_running(struct session *s, long long limit, struct rowlist *out,
    struct err *err)
{
	return for_sources(s, 0, 0, true, limit, out, err);
}

/* MINUTES as "2 d 4 h", "3 h 20 min", "5 h", "12 min": days drop the
 * minutes, whole units drop the zero part. */
static void
span_text(long long minutes, char *buf, size_t n)
{
	long long d = minutes / 1440, h = minutes % 1440 / 60,
	    m = minutes % 60;

	if (d > 0 && h > 0)
		snprintf(buf, n, "%lld d %lld h", d, h);
	else if (d > 0)
		snprintf(buf, n, "%lld d", d);
	else if (h > 0 && m > 0)
		snprintf(buf, n, "%lld h %lld min", h, m);
	else if (h > 0)
		snprintf(buf, n, "%lld h", h);
	else
		snprintf(buf, n, "%lld min", m);
}

char *
deadline_left(const struct deadline *d, time_t now, char *buf, size_t n)
{
	time_t due, stop;
	long long diff;
	char span[64];

	if (d->due_at[0] == '\0' || clock_parse(d->due_at, &due, NULL) !=
	    ST_OK) {
		snprintf(buf, n, "waiting for a fix");
		return buf;
	}
	if (d->stopped_at[0] != '\0' && clock_parse(d->stopped_at, &stop,
	    NULL) == ST_OK) {
		diff = (long long)(stop - due);
		span_text((diff < 0 ? -diff : diff) / 60, span, sizeof span);
		if (diff / 60 == 0)
			snprintf(buf, n, "met on time");
		else
			snprintf(buf, n, "met %s %s", span, diff < 0 ?
			    "early" : "late");
		return buf;
	}
	diff = (long long)(due - now);
	if (diff >= 0 && diff < 60)
		snprintf(buf, n, "less than 1 min left");
	else if (diff < 0 && -diff < 60)
		snprintf(buf, n, "overdue by less than 1 min");
	else {
		span_text((diff < 0 ? -diff : diff) / 60, span, sizeof span);
		snprintf(buf, n, diff < 0 ? "overdue by %s" : "%s left", span);
	}
	return buf;
}

bool
deadline_is_overdue(const struct deadline *d, time_t now)
{
	time_t due;

	if (d->due_at[0] == '\0' || d->stopped_at[0] != '\0' ||
	    clock_parse(d->due_at, &due, NULL) != ST_OK)
		return false;
	return now > due;
}
