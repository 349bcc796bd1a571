/* tui/incident_view.c - lays an incident's data out as the incident
 * screen's panes of lines wrapped by display width. */
#include "config.h"

#include "tui/incident_view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/deadline.h"
#include "tui/doc_view.h"
#include "tui/logins.h"
#include "tui/text.h"
#include "util/xalloc.h"

#define LABEL_MAX    24     /* widest label column */

char *
incident_view_time(const char *utc, enum time_style style, char *buf,
    size_t n)
{
	struct tm tm, today;
	const char *fmt;
	time_t t, now;

	if (utc == NULL || *utc == '\0') {
		snprintf(buf, n, "-");
		return buf;
	}
	if (clock_parse(utc, &t, NULL) != ST_OK || localtime_r(&t, &tm) == NULL) {
		snprintf(buf, n, "%s", utc);
		return buf;
	}
	fmt = style == TIME_ZONE ? "%Y-%m-%d %H:%M %Z" : "%Y-%m-%d %H:%M";
	if (style == TIME_SHORT) {
		now = clock_now();
		localtime_r(&now, &today);
		if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday)
			fmt = "%H:%M";
		else if (tm.tm_year == today.tm_year)
			fmt = "%b %d";
		else
			fmt = "%Y-%m-%d";
	}
	if (strftime(buf, n, fmt, &tm) == 0)
		snprintf(buf, n, "%s", utc);
	return buf;
}

const char *
incident_view_gate_state(enum gate_state st)
{
	switch (st) {
	case GATE_PASSED:
		return "passed";
	case GATE_PREAPPROVED:
		return "passes on pre-approval";
	default:
		return "waiting";
	}
}

/* --- look-ups ----------------------------------------------------------- */

static const char *
login_of(const struct incident_data *d, long long id, char *buf, size_t n)
{
	const char *login = logins_get(&d->logins, id);

	if (login != NULL)
		return login;
	snprintf(buf, n, "user:%lld", id);
	return buf;
}

static const char *
channel_name(const struct incident_data *d, long long id, char *buf, size_t n)
{
	const struct channel *c;
	size_t i;

	for (i = 0; i < d->channels.count; i++) {
		c = rowlist_at(&d->channels, i);
		if (c->id == id)
			return c->name;
	}
	snprintf(buf, n, "channel %lld", id);
	return buf;
}

static enum role
state_role(const char *state)
{
	static const struct { const char *state; enum role role; } roles[] = {
		{ "in-review", ROLE_WARN }, { "approved", ROLE_GOOD },
		{ "published", ROLE_GOOD }, { "withdrawn", ROLE_DIM },
		{ "pending", ROLE_WARN }, { "leased", ROLE_WARN },
		{ "delivered", ROLE_GOOD }, { "failed", ROLE_BAD },
		{ "cancelled", ROLE_DIM },
		{ "known_affected", ROLE_BAD }, { "fixed", ROLE_GOOD },
		{ "known_not_affected", ROLE_GOOD },
		{ "under_investigation", ROLE_WARN },
	};
	size_t i;

	for (i = 0; state != NULL && i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i].state, state) == 0)
			return roles[i].role;
	return ROLE_NORMAL;
}

/* --- layout ------------------------------------------------------------- */

static void
push(struct pane *p, enum vline_kind kind, const char *label, char *text,
    enum role role)
{
	struct vline *l;

	if (p->n == p->cap) {
		p->cap = p->cap > 0 ? p->cap * 2 : 32;
		p->lines = xreallocarray(p->lines, p->cap, sizeof *p->lines);
	}
	l = &p->lines[p->n++];
	l->kind = kind;
	l->label = label != NULL ? xstrdup(label) : NULL;
	l->text = text;
	l->role = role;
}

/* Where the pieces of a wrapped text go: lines of a pane, the first
 * with its label. */
struct wrapping {
	struct pane    *p;
	enum vline_kind kind;
	const char     *label;
	enum role       role;
};

static void
wrapped_line(void *ctx, const char *s, size_t len)
{
	struct wrapping *w = ctx;

	push(w->p, w->kind, w->label, xasprintf("%.*s", (int)len, s), w->role);
	w->label = NULL;
}

/* Add TEXT to P as lines of at most WIDTH columns, cut as every read
 * text is (doc_view_cut()); each newline starts a new line. The first
 * line gets LABEL. */
static void
add_wrapped(struct pane *p, enum vline_kind kind, const char *label,
    const char *text, enum role role, int width)
{
	struct wrapping w = { p, kind, label, role };

	doc_view_cut(text, width > 1 ? width : 1, wrapped_line, &w);
}

/* The columns left for text beside P's labels in a pane COLS wide. */
static int
text_cols(const struct pane *p, int cols)
{
	int w = cols - 2 - (p->label_w > 0 ? p->label_w + 2 : 0);

	return w > 8 ? w : 8;
}

static void
field(struct pane *p, int cols, const char *label, const char *text,
    enum role role)
{
	add_wrapped(p, VLINE_FIELD, label, text, role, text_cols(p, cols));
}

static void
fieldf(struct pane *p, int cols, const char *label, enum role role,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
fieldf(struct pane *p, int cols, const char *label, enum role role,
    const char *fmt, ...)
{
	va_list ap, again;
	char *buf;
	int n;

	va_start(ap, fmt);
	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	buf = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	vsnprintf(buf, (size_t)(n > 0 ? n : 0) + 1, fmt, again);
	va_end(again);
	va_end(ap);
	field(p, cols, label, buf, role);
	free(buf);
}

static void
heading(struct pane *p, int cols, const char *text)
{
	add_wrapped(p, VLINE_HEADING, NULL, text, ROLE_HEADER, cols - 2);
}

/* TEXT across the whole pane, label column included. */
static void
wide(struct pane *p, int cols, const char *text, enum role role)
{
	add_wrapped(p, VLINE_WIDE, NULL, text, role, cols - 2);
}

static void
blank(struct pane *p)
{
	push(p, VLINE_WIDE, NULL, xstrdup(""), ROLE_NORMAL);
}

/* How a clock's time left looks: overdue bad, under a day a warning,
 * stopped or not started dim. */
static enum role
clock_role(const struct deadline *c, time_t now)
{
	time_t due;

	if (c->due_at[0] == '\0' || c->stopped_at[0] != '\0')
		return ROLE_DIM;
	if (deadline_is_overdue(c, now))
		return ROLE_BAD;
	if (clock_parse(c->due_at, &due, NULL) == ST_OK && due - now < 86400)
		return ROLE_WARN;
	return ROLE_NORMAL;
}

enum role
incident_view_left(const char *due_at, char *buf, size_t n)
{
	struct deadline d;
	time_t now = clock_now();

	memset(&d, 0, sizeof d);
	snprintf(d.due_at, sizeof d.due_at, "%s", due_at != NULL ? due_at : "");
	deadline_left(&d, now, buf, n);
	return clock_role(&d, now);
}

/* The incident's clocks, each with its communication and basis; nothing
 * when it has none. */
static void
build_clocks(const struct incident_data *d, struct pane *p, int cols)
{
	const struct deadline *c;
	time_t now = clock_now();
	char left[64], when[64];
	size_t k;

	if (d->clocks.count == 0)
		return;
	blank(p);
	heading(p, cols, "Clocks");
	for (k = 0; k < d->clocks.count; k++) {
		c = rowlist_at(&d->clocks, k);
		fieldf(p, cols, c->clock_id, clock_role(c, now), "%s  due %s",
		    deadline_left(c, now, left, sizeof left),
		    c->due_at[0] != '\0' ? incident_view_time(c->due_at,
		    TIME_MINUTE, when, sizeof when) : "when a fix is available");
		fieldf(p, cols, NULL, ROLE_DIM, "#%lld %s: %s",
		    c->communication_id, c->communication_title != NULL ?
		    c->communication_title : "", c->basis != NULL ? c->basis : "");
	}
}

static void
build_details(const struct incident_data *d, struct pane *p, int cols)
{
	const struct incident *i = &d->inc;
	char when[64], who[64];
	time_t emb;

	p->label_w = text_width("Embargo until");
	field(p, cols, "ID", i->ref, ROLE_NORMAL);
	field(p, cols, "Title", i->title, ROLE_NORMAL);
	field(p, cols, "State", i->state, ROLE_NORMAL);
	field(p, cols, "Severity", i->severity, theme_severity(i->severity));
	field(p, cols, "Trigger", i->trigger_kind, ROLE_NORMAL);
	if (i->cvss_vector == NULL || *i->cvss_vector == '\0')
		field(p, cols, "CVSS", "none", ROLE_DIM);
	else if (i->cvss_score >= 0)
		fieldf(p, cols, "CVSS", ROLE_NORMAL, "%.1f  %s", i->cvss_score,
		    i->cvss_vector);
	else
		field(p, cols, "CVSS", i->cvss_vector, ROLE_NORMAL);
	field(p, cols, "Discovered", incident_view_time(i->discovered_at,
	    TIME_ZONE, when, sizeof when), ROLE_NORMAL);
	field(p, cols, "Aware", incident_view_time(i->aware_at, TIME_ZONE, when,
	    sizeof when), ROLE_NORMAL);
	if (i->fix_available_at != NULL)
		field(p, cols, "Fix available", incident_view_time(
		    i->fix_available_at, TIME_ZONE, when, sizeof when),
		    ROLE_NORMAL);
	if (i->embargo_until == NULL || *i->embargo_until == '\0')
		field(p, cols, "Embargo until", "none", ROLE_DIM);
	else if (clock_parse(i->embargo_until, &emb, NULL) == ST_OK &&
	    emb > clock_now())
		fieldf(p, cols, "Embargo until", ROLE_WARN, "%s (embargoed now)",
		    incident_view_time(i->embargo_until, TIME_ZONE, when,
		    sizeof when));
	else
		field(p, cols, "Embargo until", incident_view_time(i->embargo_until,
		    TIME_ZONE, when, sizeof when), ROLE_NORMAL);
	field(p, cols, "Drill", i->is_drill ? "yes: a test of the procedure" :
	    "no", i->is_drill ? ROLE_WARN : ROLE_NORMAL);
	fieldf(p, cols, "Opened", ROLE_NORMAL, "%s by %s",
	    incident_view_time(i->created_at, TIME_ZONE, when, sizeof when),
	    i->created_by != 0 ? login_of(d, i->created_by, who, sizeof who) :
	    "system");
	field(p, cols, "Updated", incident_view_time(i->updated_at, TIME_ZONE,
	    when, sizeof when), ROLE_NORMAL);
	blank(p);
	heading(p, cols, "Summary");
	if (i->summary == NULL || *i->summary == '\0')
		wide(p, cols, "No summary yet.", ROLE_DIM);
	else
		wide(p, cols, i->summary, ROLE_NORMAL);
	build_clocks(d, p, cols);
	p->items = -1;
}

/* "Acme Gateway 4.2": the product's name and the cycle's. */
static void
affected_label(const struct incident_data *d, const struct affected *a,
    char *buf, size_t n)
{
	const struct product *pr;
	const struct cycle *cy = NULL;

	pr = incident_data_row(&d->products, offsetof(struct product, id),
	    a->product_id);
	if (a->cycle_id != 0)
		cy = incident_data_row(&d->cycles, offsetof(struct cycle, id),
		    a->cycle_id);
	if (pr != NULL)
		snprintf(buf, n, "%s%s%s", pr->name, cy != NULL ? " " : "",
		    cy != NULL ? cy->cycle : "");
	else
		snprintf(buf, n, "product %lld", a->product_id);
}

static void
build_affected(const struct incident_data *d, struct pane *p, int cols)
{
	const struct affected *a;
	char label[256], status[64], *c;
	size_t i;
	int w;

	for (i = 0, p->label_w = 8; i < d->affected.count; i++) {
		affected_label(d, rowlist_at(&d->affected, i), label, sizeof label);
		if ((w = text_width(label)) > p->label_w)
			p->label_w = w;
	}
	if (p->label_w > LABEL_MAX)
		p->label_w = LABEL_MAX;
	if (p->label_w > cols / 3)
		p->label_w = cols / 3;
	p->items = (long long)d->affected.count;
	if (d->affected.count == 0)
		wide(p, cols, "No affected products recorded yet.", ROLE_DIM);
	for (i = 0; i < d->affected.count; i++) {
		a = rowlist_at(&d->affected, i);
		affected_label(d, a, label, sizeof label);
		snprintf(status, sizeof status, "%s", a->status != NULL ? a->status :
		    "?");
		for (c = status; *c != '\0'; c++)
			if (*c == '_')
				*c = ' ';
		fieldf(p, cols, label, state_role(a->status), "%s%s%s", status,
		    a->version_range != NULL && *a->version_range != '\0' ?
		    ": versions " : "", a->version_range != NULL ?
		    a->version_range : "");
		if (a->justification != NULL && *a->justification != '\0')
			fieldf(p, cols, NULL, ROLE_DIM, "because %s", a->justification);
		if (a->package != NULL && *a->package != '\0')
			fieldf(p, cols, NULL, ROLE_DIM, "package %s/%s",
			    a->ecosystem != NULL ? a->ecosystem : "?", a->package);
	}
}

static void
comm_heading(struct pane *p, int cols, const struct communication *c)
{
	char buf[512];

	snprintf(buf, sizeof buf, "#%lld %s: %s", c->id, c->kind, c->title);
	heading(p, cols, buf);
}

/* Whether approval A (of this revision) no longer holds: its hash is
 * not the content hash now. Unknown (the content could not be read)
 * counts as holding: no alarm without cause. */
static bool
is_stale(const struct comm_extra *x, const struct approval *a)
{
	return x->review.content.hash[0] != '\0' &&
	    strcmp(a->decision, "approved") == 0 &&
	    review_is_stale(&x->review, a);
}

/* Whether A is the rejection build_rejection() shows. */
static bool
is_shown_rejection(const struct communication *c, const struct comm_extra *x,
    const struct approval *a)
{
	return x->review.rejection != NULL && x->review.rejection->id == a->id &&
	    strcmp(c->state, "draft") == 0;
}

/* The rejection that sent C back to draft, for its author to act on:
 * who, and their comment, first and in full. */
static void
build_rejection(const struct incident_data *d, struct pane *p, int cols,
    const struct communication *c, const struct comm_extra *x)
{
	const struct approval *a = x->review.rejection;
	char when[64], who[64];

	if (a == NULL || strcmp(c->state, "draft") != 0)
		return;
	fieldf(p, cols, "Returned", ROLE_BAD, "to draft by %s (%s) %s: %s",
	    login_of(d, a->approver_id, who, sizeof who), a->role,
	    incident_view_time(a->decided_at, TIME_MINUTE, when, sizeof when),
	    a->comment != NULL ? a->comment : "");
}

/* Each gate of a communication in review: core's words for where it
 * stands ("approved by Lena Fischer", "stale: Sora Tanaka must look
 * again; waiting for approver:security (0 of 1)"), else its state. */
static void
build_gates(struct pane *p, int cols, const struct communication *c,
    const struct comm_extra *x)
{
	const struct gate_status *g;
	size_t i;

	if (strcmp(c->state, "in-review") != 0)
		return;
	for (i = 0; i < x->review.n_gates; i++) {
		g = &x->review.gates[i];
		fieldf(p, cols, i == 0 ? "Gates" : NULL, g->state == GATE_WAITING ?
		    ROLE_WARN : ROLE_GOOD, "%s: %s", g->step != NULL ?
		    g->step->id : "?", g->note[0] != '\0' ? g->note :
		    incident_view_gate_state(g->state));
	}
}

static void
build_approvals(const struct incident_data *d, struct pane *p, int cols,
    const struct communication *c, const struct comm_extra *x)
{
	const struct approval *a;
	char when[64], who[64];
	bool is_old, stale;
	size_t i;

	build_rejection(d, p, cols, c, x);
	build_gates(p, cols, c, x);
	if (x->approvals.count == 0)
		field(p, cols, "Approvals", "none yet", ROLE_DIM);
	for (i = 0; i < x->approvals.count; i++) {
		a = rowlist_at(&x->approvals, i);
		is_old = a->revision != c->revision;
		stale = !is_old && is_stale(x, a);
		fieldf(p, cols, i == 0 ? "Approvals" : NULL, is_old ? ROLE_DIM :
		    stale ? ROLE_WARN : strcmp(a->decision, "approved") == 0 ?
		    ROLE_GOOD : ROLE_BAD, "%s: %s by %s (%s) %s, rev %lld%s",
		    a->gate, a->decision, login_of(d, a->approver_id, who,
		    sizeof who), a->role, incident_view_time(a->decided_at,
		    TIME_MINUTE, when, sizeof when), a->revision, is_old ?
		    ", an earlier revision" : stale ? ", stale: the words "
		    "changed since" : "");
		/* The rejection's comment stands in full above it. */
		if (a->comment != NULL && *a->comment != '\0' &&
		    !is_shown_rejection(c, x, a))
			fieldf(p, cols, NULL, ROLE_DIM, "\"%s\"", a->comment);
	}
}

static void
build_comms(const struct incident_data *d, struct pane *p, int cols)
{
	const struct communication *c;
	char when[64];
	size_t k;

	p->label_w = text_width("Approvals");
	p->items = (long long)d->comms.count;
	if (d->comms.count == 0)
		wide(p, cols, "No communications about this incident yet: "
		    "c starts one.", ROLE_DIM);
	for (k = 0; k < d->comms.count; k++) {
		c = rowlist_at(&d->comms, k);
		if (k > 0)
			blank(p);
		comm_heading(p, cols, c);
		fieldf(p, cols, "State", state_role(c->state), "%s, revision %lld",
		    c->state, c->revision);
		field(p, cols, "Audience", c->audience, ROLE_NORMAL);
		fieldf(p, cols, "Playbook", ROLE_NORMAL, "%s %s", c->playbook,
		    c->playbook_version != NULL ? c->playbook_version : "");
		field(p, cols, "Updated", incident_view_time(c->updated_at, TIME_ZONE,
		    when, sizeof when), ROLE_NORMAL);
		if (c->published_at != NULL && *c->published_at != '\0')
			field(p, cols, "Published", incident_view_time(c->published_at,
			    TIME_ZONE, when, sizeof when), ROLE_GOOD);
		build_approvals(d, p, cols, c, &d->extra[k]);
	}
}

static long long
counts_total(const struct outbox_counts *c)
{
	return c->pending + c->leased + c->delivered + c->failed + c->cancelled;
}

/* "2 delivered, 1 waiting": the states that have messages. */
static const char *
counts_text(const struct outbox_counts *c, char *buf, size_t n)
{
	const struct { long long n; const char *what; } parts[] = {
		{ c->delivered, "delivered" }, { c->pending + c->leased, "waiting" },
		{ c->failed, "failed" }, { c->cancelled, "cancelled" },
	};
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof parts / sizeof parts[0] && len < n; i++)
		if (parts[i].n > 0)
			len += (size_t)snprintf(buf + len, n - len, "%s%lld %s",
			    len > 0 ? ", " : "", parts[i].n, parts[i].what);
	return buf;
}

static void
build_outbox(const struct incident_data *d, struct pane *p, int cols,
    const struct comm_extra *x)
{
	const struct outbox_row *o;
	const struct outbox_counts *n = &x->counts;
	char when[64], chan[64], tries[32], sum[160];
	const char *at;
	size_t i;

	if (counts_total(n) == 0) {
		field(p, cols, "Outbox", "nothing queued", ROLE_DIM);
		return;
	}
	fieldf(p, cols, "Outbox", n->failed > 0 ? ROLE_BAD : ROLE_NORMAL,
	    "%s", counts_text(n, sum, sizeof sum));
	for (i = 0; i < x->outbox.count; i++) {
		o = rowlist_at(&x->outbox, i);
		at = o->delivered_at != NULL ? o->delivered_at :
		    o->next_attempt_at != NULL ? o->next_attempt_at : o->created_at;
		snprintf(tries, sizeof tries, ", %d attempts", o->attempts);
		fieldf(p, cols, NULL, state_role(o->state), "%s %s to %s, %s%s",
		    channel_name(d, o->channel_id, chan, sizeof chan), o->state,
		    o->target, incident_view_time(at, TIME_MINUTE, when, sizeof when),
		    o->attempts > 1 ? tries : "");
		if (o->last_error != NULL && *o->last_error != '\0' &&
		    strcmp(o->state, "delivered") != 0)
			fieldf(p, cols, NULL, ROLE_BAD, "last error: %s", o->last_error);
		if (o->external_ref != NULL && *o->external_ref != '\0')
			fieldf(p, cols, NULL, ROLE_DIM, "reference %s", o->external_ref);
	}
	if ((long long)x->outbox.count < counts_total(n))
		fieldf(p, cols, NULL, ROLE_DIM, "and %lld more",
		    counts_total(n) - (long long)x->outbox.count);
}

/* The customers communication C reached or is to reach, one line each:
 * "Acme Corp: delivered 2026-03-01 12:05", "Borealis: pending". */
static void
build_told(const struct incident_data *d, struct pane *p, int cols,
    const struct communication *c)
{
	const struct customer_told *t;
	char when[64];
	size_t i;
	bool is_first = true;

	for (i = 0; i < d->told.count; i++) {
		t = rowlist_at(&d->told, i);
		if (t->communication_id != c->id)
			continue;
		fieldf(p, cols, is_first ? "Told" : NULL, t->delivered_at != NULL ?
		    ROLE_GOOD : state_role(t->state), "%s: %s%s%s%s",
		    t->customer_name != NULL ? t->customer_name : "?",
		    t->delivered_at != NULL ? "told " : t->state != NULL ?
		    t->state : "?", t->delivered_at != NULL ?
		    incident_view_time(t->delivered_at, TIME_MINUTE, when,
		    sizeof when) : "", t->manual ? ", by hand" : "",
		    t->delivered_at == NULL ? ", not told yet" : "");
		is_first = false;
	}
}

static void
build_deliveries(const struct incident_data *d, struct pane *p, int cols)
{
	const struct manual_delivery *m;
	const struct comm_extra *x;
	char when[64], who[64];
	size_t k, i;

	p->label_w = text_width("By hand");
	p->label_w = p->label_w > 6 ? p->label_w : 6;
	p->items = 0;
	if (d->comms.count == 0)
		wide(p, cols, "No communications, so nothing to deliver.",
		    ROLE_DIM);
	for (k = 0; k < d->comms.count; k++) {
		x = &d->extra[k];
		p->items += counts_total(&x->counts) + (long long)x->manual.count;
		if (k > 0)
			blank(p);
		comm_heading(p, cols, rowlist_at(&d->comms, k));
		build_outbox(d, p, cols, x);
		build_told(d, p, cols, rowlist_at(&d->comms, k));
		for (i = 0; i < x->manual.count; i++) {
			m = rowlist_at(&x->manual, i);
			fieldf(p, cols, i == 0 ? "By hand" : NULL, ROLE_GOOD,
			    "%s to %s, %s, recorded by %s%s%s", m->means, m->target,
			    incident_view_time(m->delivered_at, TIME_MINUTE, when,
			    sizeof when), login_of(d, m->recorded_by, who, sizeof who),
			    m->reference != NULL && *m->reference != '\0' ?
			    ", reference " : "", m->reference != NULL ? m->reference : "");
			if (m->evidence != NULL && *m->evidence != '\0')
				fieldf(p, cols, NULL, ROLE_DIM, "evidence: %s", m->evidence);
		}
	}
}

static void
build_history(const struct incident_data *d, struct pane *p, int cols)
{
	const struct audit_row *a;
	const char *subject;
	char when[64], detail[2048];
	size_t i;

	incident_view_time("2000-01-01T00:00:00Z", TIME_MINUTE, when,
	    sizeof when);
	p->label_w = text_width(when);
	p->items = (long long)d->history.count;
	if (d->history.count == 0)
		wide(p, cols, "No history recorded.", ROLE_DIM);
	for (i = 0; i < d->history.count; i++) {
		a = rowlist_at(&d->history, i);
		/* "communication:5" is shown as "#5", as on the other panes. */
		subject = a->subject != NULL && strncmp(a->subject,
		    "communication:", 14) == 0 ? a->subject + 14 : NULL;
		audit_detail_text(a->detail, detail, sizeof detail);
		fieldf(p, cols, incident_view_time(a->at, TIME_MINUTE, when,
		    sizeof when), ROLE_NORMAL, "%s %s%s%s%s%s",
		    logins_actor(&d->logins, a->actor), a->action,
		    subject != NULL ? " #" : "", subject != NULL ? subject : "",
		    detail[0] != '\0' ? ": " : "", detail);
	}
}

void
incident_panes_build(const struct incident_data *d, struct pane *panes,
    int cols)
{
	static const char *const names[PANE_COUNT] = {
		"Details", "Affected", "Communications", "Deliveries", "History",
	};
	int k;

	incident_panes_free(panes);
	for (k = 0; k < PANE_COUNT; k++)
		panes[k].name = names[k];
	build_details(d, &panes[PANE_DETAILS], cols);
	build_affected(d, &panes[PANE_AFFECTED], cols);
	build_comms(d, &panes[PANE_COMMS], cols);
	build_deliveries(d, &panes[PANE_DELIVERIES], cols);
	build_history(d, &panes[PANE_HISTORY], cols);
}

void
incident_panes_free(struct pane *panes)
{
	size_t i;
	int k;

	for (k = 0; k < PANE_COUNT; k++) {
		for (i = 0; i < panes[k].n; i++) {
			free(panes[k].lines[i].label);
			free(panes[k].lines[i].text);
		}
		free(panes[k].lines);
		panes[k].lines = NULL;
		panes[k].n = panes[k].cap = 0;
		panes[k].label_w = 0;
	}
}
