/* cli/cmd_comm.c - herald comm: start communications from playbooks, fill
 * them in step by step, send them for review, publish and update them. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/access.h"
#include "core/communication.h"
#include "core/content.h"
#include "core/incident.h"
#include "core/product.h"
#include "core/render.h"
#include "core/review.h"
#include "core/user.h"
#include "core/workflow.h"
#include "core/worddiff.h"
#include "util/xalloc.h"

static const char usage[] =
"usage: herald comm new [INCIDENT] --playbook NAME [--variant V] [--title T]\n"
"                  [--json]\n"
"       herald comm new --cycle \"SLUG CYCLE\" --playbook eol-notice [--json]\n"
"       herald comm list [INCIDENT] [--state STATE] [--json]\n"
"       herald comm show ID [--json]\n"
"       herald comm set ID FIELD [VALUE | --file PATH | -] [--version N]\n"
"       herald comm done ID STEP\n"
"       herald comm reopen ID STEP\n"
"       herald comm submit ID\n"
"       herald comm update ID --reason KIND [--note TEXT]\n"
"       herald comm withdraw ID --reason TEXT\n"
"       herald comm publish ID\n"
"       herald comm preview ID [--output OUTPUT] [--list [--json]]\n"
"       herald comm revisions ID [--json]\n"
"       herald comm gates ID [--json]\n"
"       herald comm hash ID [--canonical]\n"
"       herald comm diff ID [--json]\n"
"\n"
"A communication is what is said about an incident (or, for an end-of-life\n"
"notice, a release cycle), walked through its playbook step by step.\n"
"\n"
"  new        start the communications of a playbook about INCIDENT (an ID\n"
"             like SEC-2026-001): one per variant, or just --variant; prints\n"
"             each one's id. A vulnerability report without INCIDENT opens\n"
"             one (severity medium until triage)\n"
"  list       communications, of INCIDENT or all, by id\n"
"  show       a communication, its steps, its gates (as comm gates) and\n"
"             its answers; a rejection sent back to its author, with why\n"
"  set        answer FIELD with VALUE, the text of PATH, or standard input\n"
"             (-); checked as the playbook says. Saves only if nobody else\n"
"             changed the field since version N (default: its version now)\n"
"  done       mark STEP done: its answers must be complete and valid\n"
"  reopen     take the done mark off STEP (and the steps after it)\n"
"  submit     send a draft for review once the steps before its gate are done\n"
"  update     start a new revision of a published communication: KIND is\n"
"             new-facts, fix-available, resolved or correction\n"
"  withdraw   withdraw a published communication\n"
"  publish    mark an approved communication published\n"
"  preview    OUTPUT (default: the first of its variant) as its reader will\n"
"             get it, from the templates in the database; which output and\n"
"             template version on stderr. --list: the outputs, with their\n"
"             format and title\n"
"  revisions  the revisions: when started, why, when published\n"
"  gates      its approval gates at the content as it is now: each role's\n"
"             approvals needed, had and gone stale; the content hash; the\n"
"             decisions on this revision, stale ones marked\n"
"  hash       the content hash an approval is bound to (SHA-256 of the\n"
"             canonical form, see herald(1) CONTENT HASH); --canonical: the\n"
"             canonical JSON itself, byte for byte\n"
"  diff       what changed, word by word, in each output since the newest\n"
"             approval: [-removed-] and {+added+}; nothing before one\n"
"\n"
"  --playbook NAME    a playbook (herald playbook list)\n"
"  --variant V        one variant of the playbook only\n"
"  --title T          the title (default: the variant's and the incident's)\n"
"  --cycle \"SLUG CYCLE\" the release cycle of an end-of-life notice\n"
"  --state STATE      draft, in-review, approved, published or withdrawn\n"
"  --file PATH        read the answer from PATH\n"
"  --version N        the field's version you started from (0: none yet)\n"
"  --reason TEXT      why, kept with the revision\n"
"  --note TEXT        what changed, kept with the update's KIND\n"
"  --output OUTPUT    an output of the playbook (also as a second operand)\n"
"  --canonical        the canonical form instead of its hash\n"
"  --json             JSON instead of text\n"
"  -h, --help         show this help\n";

/* Parse communication ID S. */
static enum status
parse_id(const char *s, long long *id, struct err *err)
{
	long n = 0;

	if (cli_parse_long("communication id", s, 1, 1000000000000L, &n,
	    err) != ST_OK)
		return err->code;
	*id = n;
	return ST_OK;
}

/* Open the database in MODE (DB_READ: see cli_open_to_look()) and
 * communication ARG in D. */
static enum status
open_doc(struct cli *c, enum db_mode mode, const char *arg,
    struct session **s, struct comm_doc *d, struct err *err)
{
	long long id = 0;
	enum status st;

	if ((st = parse_id(arg, &id, err)) != ST_OK ||
	    (st = mode == DB_READ ? cli_open_to_look(c, s, err) :
	    cli_open(c, mode, s, err)) != ST_OK)
		return st;
	return comm_open(*s, id, d, err);
}

/* What a communication is about: its incident's ref, or its cycle's
 * "slug cycle"; into BUF. The row is one already shown, so its incident
 * is read as a list reads it, not opened (and not audited). */
static const char *
about(struct session *s, const struct communication *cm, char *buf, size_t n)
{
	struct incident inc = { 0 };
	struct cycle cy = { 0 };
	struct product p = { 0 };

	snprintf(buf, n, "-");
	if (cm->incident_id != 0) {
		if (incident_get_listed(s, cm->incident_id, &inc, NULL) == ST_OK)
			snprintf(buf, n, "%s", inc.ref);
	} else if (cycle_get(s, cm->cycle_id, &cy, NULL) == ST_OK &&
	    product_get(s, cy.product_id, &p, NULL) == ST_OK)
		snprintf(buf, n, "%s %s", p.slug, cy.cycle);
	incident_clear(&inc);
	cycle_clear(&cy);
	product_clear(&p);
	return buf;
}

static json_t *
comm_json(struct session *s, const struct communication *cm)
{
	json_t *o = json_object();
	char buf[160];

	json_object_set_new(o, "id", json_integer(cm->id));
	about(s, cm, buf, sizeof buf);
	json_object_set_new(o, cm->incident_id != 0 ? "incident" : "cycle",
	    cli_json_str(buf));
	json_object_set_new(o, "kind", cli_json_str(cm->kind));
	json_object_set_new(o, "audience", cli_json_str(cm->audience));
	json_object_set_new(o, "title", cli_json_str(cm->title));
	json_object_set_new(o, "state", cli_json_str(cm->state));
	json_object_set_new(o, "revision", json_integer(cm->revision));
	json_object_set_new(o, "version", json_integer(cm->version));
	json_object_set_new(o, "playbook", cli_json_str(cm->playbook));
	json_object_set_new(o, "playbook_version",
	    cli_json_str(cm->playbook_version));
	json_object_set_new(o, "playbook_hash", cli_json_str(cm->playbook_hash));
	json_object_set_new(o, "variant", cli_json_str(cm->variant));
	json_object_set_new(o, "created_at", cli_json_str(cm->created_at));
	json_object_set_new(o, "updated_at", cli_json_str(cm->updated_at));
	json_object_set_new(o, "published_at", cli_json_str(cm->published_at));
	return o;
}

static int
comm_new_cmd(struct cli *c, int argc, char **argv)
{
	struct comm_start in = { 0 };
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "playbook", .str = &in.playbook },
		{ "variant", .str = &in.variant },
		{ "title", .str = &in.title },
		{ "cycle", .str = &in.cycle },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct communication cm = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	long long ids[16];
	size_t i, n = 0;
	char buf[160], title[1024];
	json_t *arr = NULL;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind > 1)
		return cli_usage_error(usage, "comm new takes at most one "
		    "INCIDENT");
	if (optind < argc)
		in.incident = argv[optind];
	if (in.playbook == NULL)
		return cli_usage_error(usage, "comm new needs --playbook");
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    comm_start(s, &in, ids, sizeof ids / sizeof ids[0], &n,
	    &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (is_json)
		arr = json_array();
	for (i = 0; i < n; i++) {
		if (communication_get(s, ids[i], &cm, &err) != ST_OK) {
			rc = cli_fail(&err);
			goto done;
		}
		if (is_json)
			json_array_append_new(arr, comm_json(s, &cm));
		else
			printf("%lld  %s  %s%s%s  %s\n", cm.id,
			    about(s, &cm, buf, sizeof buf), cm.kind,
			    *cm.variant != '\0' ? " " : "", cm.variant,
			    cli_clean(cm.title, title, sizeof title));
		communication_clear(&cm);
	}
	if (is_json) {
		rc = cli_json_print(arr);
		arr = NULL;
	}
done:
	json_decref(arr);
	session_close(&s);
	return rc;
}

static int
comm_list_cmd(struct cli *c, int argc, char **argv)
{
	const char *state = NULL;
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "state", .str = &state },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct rowlist l = { 0 };
	struct incident inc = { 0 };
	const struct communication *cm;
	struct session *s = NULL;
	struct err err = { 0 };
	char buf[160], title[1024];
	json_t *arr = NULL;
	size_t k, shown = 0;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind > 1)
		return cli_usage_error(usage, "comm list takes at most one "
		    "INCIDENT");
	/* Naming an incident opens it, which may need an audit row. */
	if ((optind < argc ? cli_open_to_look(c, &s, &err) : cli_open(c, DB_READ,
	    &s, &err)) != ST_OK)
		goto fail;
	/* The state is checked by the list, also when an incident is given. */
	if (communication_list_by_state(s, state, 1, 0, &l, &err) != ST_OK)
		goto fail;
	rowlist_free(&l, (row_clear_fn)communication_clear);
	if (optind < argc) {
		if (incident_open(s, argv[optind], "comm list", &inc,
		    &err) != ST_OK ||
		    communication_list_for_incident(s, inc.id, &l, &err) != ST_OK)
			goto fail;
	} else if (communication_list_by_state(s, state, 0, 0, &l, &err) !=
	    ST_OK)
		goto fail;
	if (is_json)
		arr = json_array();
	else if (l.count > 0)
		printf("%-5s  %-14s  %-22s  %-9s  %-3s  %-20s  %s\n", "ID",
		    "ABOUT", "KIND", "STATE", "REV", "PLAYBOOK", "TITLE");
	for (k = 0; k < l.count; k++) {
		cm = rowlist_at(&l, k);
		if (state != NULL && strcmp(cm->state, state) != 0)
			continue;
		shown++;
		if (is_json) {
			json_array_append_new(arr, comm_json(s, cm));
			continue;
		}
		printf("%-5lld  %-14s  %-22s  %-9s  %-3lld  %-20s  %s\n", cm->id,
		    about(s, cm, buf, sizeof buf), cm->kind, cm->state,
		    cm->revision, cm->playbook,
		    cli_clean(cm->title, title, sizeof title));
	}
	if (is_json) {
		rc = cli_json_print(arr);
		arr = NULL;
	} else if (shown == 0)
		printf("No communications.\n");
	goto done;
fail:
	rc = cli_fail(&err);
done:
	json_decref(arr);
	rowlist_free(&l, (row_clear_fn)communication_clear);
	incident_clear(&inc);
	session_close(&s);
	return rc;
}

/* One "label: value" line of comm show. */
static void
field(const char *label, const char *value)
{
	printf("%-17s ", label);
	cli_put(value);
	putchar('\n');
}

static json_t *
steps_json(const struct rowlist *steps)
{
	const struct step_status *ss;
	json_t *arr = json_array(), *o;
	size_t i;

	for (i = 0; i < steps->count; i++) {
		ss = rowlist_at(steps, i);
		o = json_object();
		json_object_set_new(o, "id", cli_json_str(ss->step->id));
		json_object_set_new(o, "kind",
		    cli_json_str(pb_step_kind_name(ss->step->kind)));
		json_object_set_new(o, "title", cli_json_str(ss->step->title));
		json_object_set_new(o, "state",
		    cli_json_str(step_state_name(ss->state)));
		json_object_set_new(o, "done_at", cli_json_str(ss->done_at));
		json_object_set_new(o, "problem", *ss->problem != '\0' ?
		    cli_json_str(ss->problem) : json_null());
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
answers_json(const struct comm_doc *d, const struct rowlist *users)
{
	const struct answer *a;
	const char *login;
	json_t *arr = json_array(), *o;
	size_t i;

	for (i = 0; i < d->answers.count; i++) {
		a = rowlist_at(&d->answers, i);
		login = cli_user_login(users, a->edited_by);
		o = json_object();
		json_object_set_new(o, "field", cli_json_str(a->field));
		json_object_set_new(o, "value", cli_json_str(a->value));
		json_object_set_new(o, "version", json_integer(a->version));
		json_object_set_new(o, "edited_by", cli_json_str(login));
		json_object_set_new(o, "edited_at", cli_json_str(a->edited_at));
		json_array_append_new(arr, o);
	}
	return arr;
}

static void
print_steps(const struct rowlist *steps)
{
	const struct step_status *ss;
	char title[512];
	size_t i;

	printf("\nSteps:\n");
	for (i = 0; i < steps->count; i++) {
		ss = rowlist_at(steps, i);
		printf("  %-20s %-9s %-20s %s\n", ss->step->id,
		    pb_step_kind_name(ss->step->kind), step_state_name(ss->state),
		    cli_clean(ss->step->title, title, sizeof title));
		if (ss->state == STEP_CURRENT && *ss->problem != '\0')
			printf("  %-20s to do: %s\n", "",
			    cli_clean(ss->problem, title, sizeof title));
	}
}

/* TEXT, each of its lines indented under its answer's heading. */
static void
put_indented(const char *text)
{
	char *copy = xstrdup(text), *line, *next;

	if (*copy == '\0') {
		puts("    -");
		free(copy);
		return;
	}
	for (line = copy; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		printf("    ");
		cli_put_text(line);
		putchar('\n');
	}
	free(copy);
}

/* The answers in the playbook's order, each with its label, version and
 * editor; then any answer the playbook does not know. */
static void
print_answers(const struct comm_doc *d, const struct rowlist *users)
{
	const struct answer *a;
	const struct pb_field *f;
	const char *login;
	char when[64], *shown;
	size_t i;

	printf("\nAnswers:%s\n", d->answers.count == 0 ? " none" : "");
	for (i = 0; i < d->answers.count; i++) {
		a = rowlist_at(&d->answers, i);
		f = playbook_field(d->pb, a->field, NULL);
		login = cli_user_login(users, a->edited_by);
		printf("  %s (%s) v%lld, %s, %s\n", a->field,
		    f != NULL ? f->label : "not in the playbook", a->version,
		    login != NULL ? login : "-",
		    cli_local_time(a->edited_at, false, when, sizeof when));
		shown = f != NULL ? validate_display(f, a->value) :
		    xstrdup(a->value);
		put_indented(shown);
		free(shown);
	}
}

static const char *
gate_state_name(enum gate_state st)
{
	switch (st) {
	case GATE_PASSED:
		return "passed";
	case GATE_PREAPPROVED:
		return "pre-approved";
	case GATE_WAITING:
	default:
		return "waiting";
	}
}

static json_t *
gate_json(const struct gate_status *g)
{
	const struct gate_role *gr;
	json_t *o = json_object(), *roles = json_array(), *ro, *ids;
	size_t i;

	json_object_set_new(o, "id", cli_json_str(g->step->id));
	json_object_set_new(o, "title", cli_json_str(g->step->title));
	json_object_set_new(o, "state", cli_json_str(gate_state_name(g->state)));
	json_object_set_new(o, "ordered", json_boolean(g->step->is_ordered));
	json_object_set_new(o, "allow_author",
	    json_boolean(g->step->allow_author));
	json_object_set_new(o, "preapprovable",
	    json_boolean(g->step->is_preapprovable));
	json_object_set_new(o, "note", *g->note != '\0' ? cli_json_str(g->note) :
	    json_null());
	json_object_set_new(o, "stale_who", *g->stale_who != '\0' ?
	    cli_json_str(g->stale_who) : json_null());
	ids = json_array();
	for (i = 0; i < g->n_preapproval_ids; i++)
		json_array_append_new(ids, json_integer(g->preapproval_ids[i]));
	json_object_set_new(o, "preapprovals", ids);
	for (i = 0; i < g->n_roles; i++) {
		gr = &g->roles[i];
		ro = json_object();
		json_object_set_new(ro, "role", cli_json_str(gr->role));
		json_object_set_new(ro, "need", json_integer(gr->need));
		json_object_set_new(ro, "have", json_integer(gr->have));
		json_object_set_new(ro, "stale", json_integer(gr->stale));
		json_object_set_new(ro, "blocked", json_boolean(gr->is_blocked));
		json_array_append_new(roles, ro);
	}
	json_object_set_new(o, "roles", roles);
	return o;
}

static json_t *
decision_json(const struct review *r, const struct approval *a,
    const struct rowlist *users)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "revision", json_integer(a->revision));
	json_object_set_new(o, "gate", cli_json_str(a->gate));
	json_object_set_new(o, "role", cli_json_str(a->role));
	json_object_set_new(o, "approver",
	    cli_json_str(cli_user_login(users, a->approver_id)));
	json_object_set_new(o, "decision", cli_json_str(a->decision));
	json_object_set_new(o, "comment", cli_json_str(a->comment));
	json_object_set_new(o, "decided_at", cli_json_str(a->decided_at));
	json_object_set_new(o, "content_hash", cli_json_str(a->content_hash));
	json_object_set_new(o, "canon_version", json_integer(a->canon_version));
	json_object_set_new(o, "stale", json_boolean(review_is_stale(r, a)));
	json_object_set_new(o, "signer", cli_json_str(a->signer));
	return o;
}

/* R as JSON: the content hash, the gates, the decisions on this revision,
 * the editors and the rejection for the author, if any. */
static json_t *
review_json(const struct review *r, const struct rowlist *users)
{
	json_t *o = json_object(), *arr;
	size_t i;

	json_object_set_new(o, "content_hash", cli_json_str(r->content.hash));
	json_object_set_new(o, "canon_version",
	    json_integer(CONTENT_CANON_VERSION));
	json_object_set_new(o, "satisfied", json_boolean(r->is_satisfied));
	arr = json_array();
	for (i = 0; i < r->n_gates; i++)
		json_array_append_new(arr, gate_json(&r->gates[i]));
	json_object_set_new(o, "gates", arr);
	arr = json_array();
	for (i = 0; i < r->decisions.count; i++)
		json_array_append_new(arr, decision_json(r,
		    rowlist_at(&r->decisions, i), users));
	json_object_set_new(o, "decisions", arr);
	arr = json_array();
	for (i = 0; i < r->n_editors; i++)
		json_array_append_new(arr,
		    cli_json_str(cli_user_login(users, r->editors[i])));
	json_object_set_new(o, "editors", arr);
	json_object_set_new(o, "rejection", r->rejection != NULL ?
	    decision_json(r, r->rejection, users) : json_null());
	return o;
}

/* A person for a line of text: the login of user ID, or "user:ID". */
static const char *
person(const struct rowlist *users, long long id, char *buf, size_t n)
{
	const char *login = cli_user_login(users, id);

	if (login == NULL)
		snprintf(buf, n, "user:%lld", id);
	else
		cli_clean(login, buf, n);
	return buf;
}

/* The rejection in R, for its author: who, when, why. */
static void
print_rejection(const struct review *r, const struct rowlist *users)
{
	const struct approval *a = r->rejection;
	char who[128], when[64], gate[128];

	if (a == NULL)
		return;
	printf("%-17s by %s (gate %s), %s:\n", "Rejected:",
	    person(users, a->approver_id, who, sizeof who),
	    cli_clean(a->gate, gate, sizeof gate),
	    cli_local_time(a->decided_at, false, when, sizeof when));
	put_indented(a->comment != NULL ? a->comment : "");
}

/* R's gates, each role's count, and the decisions on this revision. */
static void
print_review(const struct review *r, const struct rowlist *users)
{
	const struct gate_status *g;
	const struct gate_role *gr;
	const struct approval *a;
	char id[128], text[1024], who[128], when[64];
	size_t i, j;

	printf("\nGates:%s\n", r->n_gates == 0 ? " none" : "");
	for (i = 0; i < r->n_gates; i++) {
		g = &r->gates[i];
		printf("  %-20s %-12s %s\n", cli_clean(g->step->id, id, sizeof id),
		    gate_state_name(g->state), cli_clean(g->step->title, text,
		    sizeof text));
		for (j = 0; j < g->n_roles; j++) {
			gr = &g->roles[j];
			printf("    %-18s need %d, have %d", cli_clean(gr->role, id,
			    sizeof id), gr->need, gr->have);
			if (gr->stale > 0)
				printf(", stale %d", gr->stale);
			if (gr->is_blocked)
				printf(", after the roles above");
			putchar('\n');
		}
		if (*g->note != '\0')
			printf("    %s\n", cli_clean(g->note, text, sizeof text));
	}
	printf("Content hash: %s\n", r->content.hash);
	if (r->decisions.count == 0)
		return;
	printf("\nDecisions on this revision:\n");
	for (i = 0; i < r->decisions.count; i++) {
		a = rowlist_at(&r->decisions, i);
		printf("  #%-4lld %s  %-9s gate %s, %s as %s, at %.12s%s%s\n",
		    a->id, cli_local_time(a->decided_at, false, when,
		    sizeof when), a->decision, cli_clean(a->gate, id, sizeof id),
		    person(users, a->approver_id, who, sizeof who),
		    cli_clean(a->role, text, sizeof text), a->content_hash,
		    a->signer != NULL ? ", signed" : "",
		    review_is_stale(r, a) ? " (stale)" : "");
		if (a->comment != NULL && *a->comment != '\0')
			put_indented(a->comment);
	}
}

static int
comm_show_cmd(struct cli *c, int argc, char **argv)
{
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct comm_doc d = { 0 };
	struct rowlist steps = { 0 }, users = { 0 };
	struct review r = { 0 };
	struct session *s = NULL;
	struct err err = { 0 }, rerr = { 0 };
	char buf[160], warning[VALIDATE_WARN_MAX], msg[sizeof rerr.msg];
	bool has_review;
	json_t *o;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(usage, "comm show takes one communication "
		    "ID");
	if (open_doc(c, DB_READ, argv[optind], &s, &d, &err) != ST_OK ||
	    comm_steps(s, &d, &steps, &err) != ST_OK ||
	    user_list(s, &users, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	comm_warnings(s, &d, warning);
	/* The gates are worked out from the content rendered now; a
	 * communication that cannot be rendered is still shown. */
	has_review = review_load(s, &d, &r, &rerr) == ST_OK;
	if (is_json) {
		o = comm_json(s, &d.comm);
		json_object_set_new(o, "steps", steps_json(&steps));
		json_object_set_new(o, "answers", answers_json(&d, &users));
		json_object_set_new(o, "warning", *warning != '\0' ?
		    cli_json_str(warning) : json_null());
		json_object_set_new(o, "review", has_review ?
		    review_json(&r, &users) : json_null());
		if (!has_review)
			json_object_set_new(o, "review_error",
			    cli_json_str(rerr.msg));
		rc = cli_json_print(o);
		goto done;
	}
	snprintf(buf, sizeof buf, "%lld", d.comm.id);
	field("ID:", buf);
	field(d.comm.incident_id != 0 ? "Incident:" : "Release cycle:",
	    about(s, &d.comm, buf, sizeof buf));
	field("Title:", d.comm.title);
	field("Kind:", d.comm.kind);
	field("Audience:", d.comm.audience);
	field("State:", d.comm.state);
	snprintf(buf, sizeof buf, "%lld", d.comm.revision);
	field("Revision:", buf);
	snprintf(buf, sizeof buf, "%lld", d.comm.version);
	field("Version:", buf);
	snprintf(buf, sizeof buf, "%s %s%s%s", d.comm.playbook,
	    d.comm.playbook_version, *d.comm.variant != '\0' ? ", variant " :
	    "", d.comm.variant);
	field("Playbook:", buf);
	field("Playbook hash:", d.comm.playbook_hash);
	field("Published:", cli_local_time(d.comm.published_at, true, buf,
	    sizeof buf));
	if (*warning != '\0')
		field("Warning:", warning);
	if (has_review)
		print_rejection(&r, &users);
	print_steps(&steps);
	if (has_review)
		print_review(&r, &users);
	else
		printf("\nGates: cannot be worked out: %s\n",
		    cli_clean(rerr.msg, msg, sizeof msg));
	print_answers(&d, &users);
done:
	review_clear(&r);
	rowlist_free(&steps, (row_clear_fn)step_status_clear);
	rowlist_free(&users, (row_clear_fn)user_clear);
	comm_doc_clear(&d);
	session_close(&s);
	return rc;
}

/* The whole of FP into *OUT; caller frees. */
static enum status
read_all(FILE *fp, const char *name, char **out, struct err *err)
{
	size_t len = 0, cap = 4096, n;
	char *buf = xmalloc(cap);

	while ((n = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
		len += n;
		if (len > ANSWER_VALUE_MAX * 4) {
			free(buf);
			return err_set(err, ST_INVALID, "%s: too long", name);
		}
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
	}
	if (ferror(fp)) {
		free(buf);
		return err_set(err, ST_IO, "%s: %s", name, strerror(errno));
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL) {
		free(buf);
		return err_set(err, ST_INVALID, "%s: holds a NUL byte", name);
	}
	*out = buf;
	return ST_OK;
}

static enum status
read_input(const char *path, char **out, struct err *err)
{
	FILE *fp;
	enum status st;

	if (strcmp(path, "-") == 0)
		return read_all(stdin, "standard input", out, err);
	if ((fp = fopen(path, "r")) == NULL)
		return err_set(err, ST_IO, "%s: %s", path, strerror(errno));
	st = read_all(fp, path, out, err);
	fclose(fp);
	return st;
}

static int
comm_set_cmd(struct cli *c, int argc, char **argv)
{
	const char *file = NULL, *vers = NULL;
	const struct cli_opt opts[] = {
		{ "file", .str = &file },
		{ "version", .str = &vers },
		{ .name = NULL },
	};
	struct comm_doc d = { 0 };
	const struct answer *a;
	struct session *s = NULL;
	struct err err = { 0 };
	char warning[VALIDATE_WARN_MAX], *input = NULL;
	const char *field_id;
	long long v = 0;
	long expected = -1;
	int nargs, rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	nargs = argc - optind;
	if (nargs < 2 || nargs > 3 || (nargs == 3) == (file != NULL))
		return cli_usage_error(usage, "comm set takes an ID, a FIELD and "
		    "one of VALUE, --file PATH or - (standard input)");
	field_id = argv[optind + 1];
	if (vers != NULL && cli_parse_long("version", vers, 0, 1000000000L,
	    &expected, &err) != ST_OK)
		return cli_fail(&err);
	if (file == NULL && strcmp(argv[optind + 2], "-") != 0)
		input = xstrdup(argv[optind + 2]);
	else if (read_input(file != NULL ? file : "-", &input, &err) != ST_OK)
		goto fail;
	if (open_doc(c, DB_WRITE, argv[optind], &s, &d, &err) != ST_OK)
		goto fail;
	/* Without --version, the version the answer has now. */
	if (expected < 0) {
		a = comm_answer_row(&d, field_id);
		expected = a != NULL ? a->version : 0;
	}
	if (comm_set_answer(s, &d, field_id, input, expected, &v, warning,
	    &err) != ST_OK)
		goto fail;
	if (*warning != '\0')
		fprintf(stderr, "herald: warning: %s\n", warning);
	printf("%s: version %lld\n", field_id, v);
	goto done;
fail:
	rc = cli_fail(&err);
done:
	free(input);
	comm_doc_clear(&d);
	session_close(&s);
	return rc;
}

/* An action on communication ID that takes a STEP. */
typedef enum status (*step_fn)(struct session *, const struct comm_doc *,
    const char *, struct err *);

static enum status
do_done(struct session *s, const struct comm_doc *d, const char *step,
    struct err *err)
{
	char warning[VALIDATE_WARN_MAX];
	enum status st;

	st = comm_step_done(s, d, step, warning, err);
	if (st == ST_OK && *warning != '\0')
		fprintf(stderr, "herald: warning: %s\n", warning);
	return st;
}

static int
step_cmd(struct cli *c, int argc, char **argv, step_fn fn)
{
	const struct cli_opt opts[] = { { .name = NULL } };
	struct comm_doc d = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind != 2)
		return cli_usage_error(usage, "comm %s takes an ID and a STEP",
		    argv[0]);
	if (open_doc(c, DB_WRITE, argv[optind], &s, &d, &err) != ST_OK ||
	    fn(s, &d, argv[optind + 1], &err) != ST_OK)
		rc = cli_fail(&err);
	comm_doc_clear(&d);
	session_close(&s);
	return rc;
}

static int
comm_done_cmd(struct cli *c, int argc, char **argv)
{
	return step_cmd(c, argc, argv, do_done);
}

static int
comm_reopen_cmd(struct cli *c, int argc, char **argv)
{
	return step_cmd(c, argc, argv, comm_step_reopen);
}

/* An action on communication ID, with --reason when REASON is set. */
typedef enum status (*doc_fn)(struct session *, const struct comm_doc *,
    const char *, struct err *);

static enum status
do_submit(struct session *s, const struct comm_doc *d, const char *reason,
    struct err *err)
{
	(void)reason;
	return comm_submit(s, d, err);
}

static enum status
do_publish(struct session *s, const struct comm_doc *d, const char *reason,
    struct err *err)
{
	(void)reason;
	return comm_publish(s, d, err);
}

static int
doc_cmd(struct cli *c, int argc, char **argv, doc_fn fn, bool has_reason)
{
	const char *reason = NULL, *note = NULL;
	const bool has_note = fn == comm_update;
	const struct cli_opt with_note[] = {
		{ "reason", .str = &reason },
		{ "note", .str = &note },
		{ .name = NULL },
	};
	const struct cli_opt with[] = {
		{ "reason", .str = &reason },
		{ .name = NULL },
	};
	char *both = NULL;
	const struct cli_opt without[] = { { .name = NULL } };
	struct comm_doc d = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_opts(argc, argv, has_note ? with_note : has_reason ?
	    with : without, usage, &rc))
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(usage, "comm %s takes one communication ID",
		    argv[0]);
	if (has_reason && reason == NULL)
		return cli_usage_error(usage, "comm %s needs --reason", argv[0]);
	if (note != NULL) {
		/* --note goes with the kind of update: "fix-available: ..." */
		if (reason == NULL || strchr(reason, ':') != NULL)
			return cli_usage_error(usage, "comm %s: --note goes "
			    "with --reason KIND", argv[0]);
		reason = both = xasprintf("%s: %s", reason, note);
	}
	if (open_doc(c, DB_WRITE, argv[optind], &s, &d, &err) != ST_OK ||
	    fn(s, &d, reason, &err) != ST_OK ||
	    comm_reload(s, &d, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("%lld: %s, revision %lld\n", d.comm.id, d.comm.state,
		    d.comm.revision);
	comm_doc_clear(&d);
	session_close(&s);
	free(both);
	return rc;
}

static int
comm_submit_cmd(struct cli *c, int argc, char **argv)
{
	return doc_cmd(c, argc, argv, do_submit, false);
}

static int
comm_update_cmd(struct cli *c, int argc, char **argv)
{
	return doc_cmd(c, argc, argv, comm_update, true);
}

static int
comm_withdraw_cmd(struct cli *c, int argc, char **argv)
{
	return doc_cmd(c, argc, argv, comm_withdraw, true);
}

static int
comm_publish_cmd(struct cli *c, int argc, char **argv)
{
	return doc_cmd(c, argc, argv, do_publish, false);
}

/* The outputs of D's variant: id, format and title, one a line. */
static int
print_outputs(const struct comm_doc *d, bool is_json)
{
	const char *variant = d->variant != NULL ? d->variant->id : "";
	const struct pb_output *o;
	json_t *a = is_json ? json_array() : NULL;
	char id[128], fmt[64], title[512];
	size_t i;

	for (i = 0; i < d->pb->n_outputs; i++) {
		o = &d->pb->outputs[i];
		if (!playbook_output_in_variant(o, variant))
			continue;
		if (is_json)
			json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:o}",
			    "id", cli_json_str(o->id), "format",
			    cli_json_str(o->format), "title", cli_json_str(o->title),
			    "template", cli_json_str(o->template)));
		else
			printf("%-14s %-14s %s\n", cli_clean(o->id, id, sizeof id),
			    cli_clean(o->format, fmt, sizeof fmt),
			    o->title != NULL ? cli_clean(o->title, title,
			    sizeof title) : "-");
	}
	return is_json ? cli_json_print(a) : 0;
}

/* The output's bytes on stdout, as they are (a CSAF document can be
 * saved as it comes); what it is and what made it on stderr. */
static void
print_preview(const struct comm_doc *d, const struct pb_output *o,
    const struct rendered *r)
{
	char what[512], src[256], line[1024], clean[1024];

	if (o != NULL)
		snprintf(what, sizeof what, "output %s (%s): %s", o->id, o->format,
		    o->title != NULL ? o->title : o->id);
	else
		snprintf(what, sizeof what, "page (markdown)");
	snprintf(line, sizeof line, "#%lld %s, %s, %s", d->comm.id,
	    d->incident_ref != NULL ? d->incident_ref : "-", what,
	    comm_preview_source(r, src, sizeof src));
	fprintf(stderr, "%s\n", cli_clean(line, clean, sizeof clean));
	fflush(stderr);
	cli_put_text(r->text);
	if (isatty(STDOUT_FILENO) && r->len > 0 && r->text[r->len - 1] != '\n')
		putchar('\n');
}

static int
comm_preview_cmd(struct cli *c, int argc, char **argv)
{
	const char *output = NULL;
	bool is_list = false, is_json = false;
	const struct cli_opt opts[] = {
		{ "output", .str = &output },
		{ "list", .flag = &is_list },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	const struct pb_output *used = NULL;
	struct rendered r = { 0 };
	struct comm_doc d = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind < 1 || argc - optind > 2)
		return cli_usage_error(usage, "comm preview takes an ID and "
		    "optionally an OUTPUT");
	if (argc - optind == 2) {
		if (output != NULL)
			return cli_usage_error(usage, "comm preview: OUTPUT or "
			    "--output, not both");
		output = argv[optind + 1];
	}
	if (is_json && !is_list)
		return cli_usage_error(usage, "comm preview: --json goes with "
		    "--list (the output itself is printed as it is)");
	if (open_doc(c, DB_READ, argv[optind], &s, &d, &err) != ST_OK)
		rc = cli_fail(&err);
	else if (is_list)
		rc = print_outputs(&d, is_json);
	else if (comm_preview(s, &d, output, &used, &r, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		print_preview(&d, used, &r);
	rendered_clear(&r);
	comm_doc_clear(&d);
	session_close(&s);
	return rc;
}

static json_t *
revision_json(const void *row)
{
	const struct revision *r = row;
	json_t *o = json_object();

	json_object_set_new(o, "revision", json_integer(r->revision));
	json_object_set_new(o, "reason", cli_json_str(r->reason));
	json_object_set_new(o, "started_by", r->started_by != 0 ?
	    json_integer(r->started_by) : json_null());
	json_object_set_new(o, "started_at", cli_json_str(r->started_at));
	json_object_set_new(o, "published_at", cli_json_str(r->published_at));
	json_object_set_new(o, "snapshot", cli_json_str(r->snapshot));
	return o;
}

static int
comm_revisions_cmd(struct cli *c, int argc, char **argv)
{
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct communication cm = { 0 };
	struct rowlist l = { 0 };
	const struct revision *r;
	struct session *s = NULL;
	struct err err = { 0 };
	char started[64], published[64], reason[1024];
	long long id = 0;
	size_t k;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(usage, "comm revisions takes one "
		    "communication ID");
	if (parse_id(argv[optind], &id, &err) != ST_OK ||
	    cli_open_to_look(c, &s, &err) != ST_OK ||
	    access_check_comm(s, id, "revisions", &err) != ST_OK ||
	    communication_get(s, id, &cm, &err) != ST_OK ||
	    comm_revisions(s, id, &l, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (is_json) {
		rc = cli_json_print_rows(&l, revision_json);
		goto done;
	}
	printf("%-3s  %-16s  %-16s  %s\n", "REV", "STARTED", "PUBLISHED",
	    "REASON");
	for (k = 0; k < l.count; k++) {
		r = rowlist_at(&l, k);
		printf("%-3lld  %-16s  %-16s  %s\n", r->revision,
		    cli_local_time(r->started_at, false, started, sizeof started),
		    cli_local_time(r->published_at, false, published,
		    sizeof published), *r->reason != '\0' ?
		    cli_clean(r->reason, reason, sizeof reason) : "-");
	}
done:
	rowlist_free(&l, (row_clear_fn)revision_clear);
	communication_clear(&cm);
	session_close(&s);
	return rc;
}

static int
comm_gates_cmd(struct cli *c, int argc, char **argv)
{
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct comm_doc d = { 0 };
	struct rowlist users = { 0 };
	struct review r = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	json_t *o, *rj;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(usage, "comm gates takes one communication "
		    "ID");
	if (open_doc(c, DB_READ, argv[optind], &s, &d, &err) != ST_OK ||
	    user_list(s, &users, &err) != ST_OK ||
	    review_load(s, &d, &r, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (is_json) {
		o = json_object();
		json_object_set_new(o, "id", json_integer(d.comm.id));
		json_object_set_new(o, "state", cli_json_str(d.comm.state));
		json_object_set_new(o, "revision", json_integer(d.comm.revision));
		rj = review_json(&r, &users);
		json_object_update(o, rj);
		json_decref(rj);
		rc = cli_json_print(o);
		goto done;
	}
	printf("%lld: %s, revision %lld\n", d.comm.id, d.comm.state,
	    d.comm.revision);
	print_rejection(&r, &users);
	print_review(&r, &users);
done:
	review_clear(&r);
	rowlist_free(&users, (row_clear_fn)user_clear);
	comm_doc_clear(&d);
	session_close(&s);
	return rc;
}

static int
comm_hash_cmd(struct cli *c, int argc, char **argv)
{
	bool is_canonical = false;
	const struct cli_opt opts[] = {
		{ "canonical", .flag = &is_canonical },
		{ .name = NULL },
	};
	struct comm_doc d = { 0 };
	struct content ct = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(usage, "comm hash takes one communication "
		    "ID");
	if (open_doc(c, DB_READ, argv[optind], &s, &d, &err) != ST_OK ||
	    content_of(s, &d, &ct, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (!is_canonical)
		printf("%s\n", ct.hash);
	else if (isatty(STDOUT_FILENO)) {
		/* On a terminal, safe to read; into a pipe, the exact bytes
		 * hashed, so `| sha256sum` gives the hash back. */
		cli_put_text(ct.canon);
		putchar('\n');
	} else if (fwrite(ct.canon, 1, ct.len, stdout) != ct.len) {
		fprintf(stderr, "herald: cannot write the output\n");
		rc = status_exit_code(ST_IO);
	}
done:
	content_clear(&ct);
	comm_doc_clear(&d);
	session_close(&s);
	return rc;
}

/* The output with id ID in OUTPUTS (from content_outputs()), or NULL. */
static json_t *
output_by_id(json_t *outputs, const char *id)
{
	json_t *o;
	size_t i;

	json_array_foreach(outputs, i, o)
		if (id != NULL && json_is_string(json_object_get(o, "id")) &&
		    strcmp(json_string_value(json_object_get(o, "id")), id) == 0)
			return o;
	return NULL;
}

static const char *
output_str(json_t *o, const char *key)
{
	return o != NULL ? json_string_value(json_object_get(o, key)) : NULL;
}

/* The difference between output OLD and NEW (either may be NULL: the
 * output was added or removed) into ARR, or as text. */
static void
diff_output(json_t *old, json_t *new_o, json_t *arr)
{
	json_t *o = new_o != NULL ? new_o : old, *item, *runs;
	const char *ops[] = { "same", "del", "ins" };
	char id[128], fmt[64], title[512];
	struct worddiff wd = { 0 };
	char *marked;
	size_t i;

	worddiff(output_str(old, "text"), output_str(new_o, "text"), &wd);
	marked = worddiff_marked(&wd);
	if (arr != NULL) {
		item = json_object();
		json_object_set_new(item, "id", cli_json_str(output_str(o, "id")));
		json_object_set_new(item, "format",
		    cli_json_str(output_str(o, "format")));
		json_object_set_new(item, "title",
		    cli_json_str(output_str(o, "title")));
		json_object_set_new(item, "change", cli_json_str(old == NULL ?
		    "added" : new_o == NULL ? "removed" : wd.n_changed > 0 ?
		    "changed" : "unchanged"));
		json_object_set_new(item, "changes", json_integer((json_int_t)
		    wd.n_changed));
		runs = json_array();
		for (i = 0; i < wd.n; i++)
			json_array_append_new(runs, json_pack("{s:s, s:o}", "op",
			    ops[wd.runs[i].op], "text",
			    cli_json_str(wd.runs[i].text)));
		json_object_set_new(item, "runs", runs);
		json_object_set_new(item, "marked", cli_json_str(marked));
		json_array_append_new(arr, item);
		goto done;
	}
	printf("\n== %s (%s): %s, %s ==\n",
	    cli_clean(output_str(o, "id"), id, sizeof id),
	    cli_clean(output_str(o, "format"), fmt, sizeof fmt),
	    output_str(o, "title") != NULL ? cli_clean(output_str(o, "title"),
	    title, sizeof title) : "-", old == NULL ? "added" : new_o == NULL ?
	    "removed" : wd.n_changed > 0 ? "changed" : "unchanged");
	if (wd.n_changed == 0)
		goto done;
	cli_put_text(marked);
	if (*marked != '\0' && marked[strlen(marked) - 1] != '\n')
		putchar('\n');
done:
	free(marked);
	worddiff_clear(&wd);
}

static int
comm_diff_cmd(struct cli *c, int argc, char **argv)
{
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct comm_doc d = { 0 };
	struct rowlist users = { 0 };
	struct review r = { 0 };
	const struct approval *a;
	struct session *s = NULL;
	struct err err = { 0 };
	json_t *old = NULL, *now = NULL, *o, *arr = NULL, *top;
	char who[128], when[64], gate[128];
	size_t i;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(usage, "comm diff takes one communication "
		    "ID");
	if (open_doc(c, DB_READ, argv[optind], &s, &d, &err) != ST_OK ||
	    user_list(s, &users, &err) != ST_OK ||
	    review_load(s, &d, &r, &err) != ST_OK)
		goto fail;
	/* Nothing approved yet: nothing to compare with. */
	if ((a = r.last_approval) == NULL) {
		if (is_json)
			rc = cli_json_print(json_pack("{s:I, s:n, s:o, s:[]}",
			    "id", (json_int_t)d.comm.id, "approval", "content_hash",
			    cli_json_str(r.content.hash), "outputs"));
		goto done;
	}
	if (content_outputs(a->snapshot, &old, &err) != ST_OK) {
		err_prefix(&err, "approval %lld: ", a->id);
		goto fail;
	}
	if (content_outputs(r.content.canon, &now, &err) != ST_OK)
		goto fail;
	if (is_json)
		arr = json_array();
	else
		printf("Since approval #%lld: %s on gate %s by %s, %s, content "
		    "%.12s; now %.12s\n", a->id, a->decision,
		    cli_clean(a->gate, gate, sizeof gate),
		    person(&users, a->approver_id, who, sizeof who),
		    cli_local_time(a->decided_at, false, when, sizeof when),
		    a->content_hash, r.content.hash);
	/* The outputs now, in their order; then those no longer there. */
	json_array_foreach(now, i, o)
		diff_output(output_by_id(old, output_str(o, "id")), o, arr);
	json_array_foreach(old, i, o)
		if (output_by_id(now, output_str(o, "id")) == NULL)
			diff_output(o, NULL, arr);
	if (is_json) {
		top = json_object();
		json_object_set_new(top, "id", json_integer(d.comm.id));
		json_object_set_new(top, "approval", decision_json(&r, a, &users));
		json_object_set_new(top, "content_hash",
		    cli_json_str(r.content.hash));
		json_object_set_new(top, "outputs", arr);
		arr = NULL;
		rc = cli_json_print(top);
	}
	goto done;
fail:
	rc = cli_fail(&err);
done:
	json_decref(arr);
	json_decref(old);
	json_decref(now);
	review_clear(&r);
	rowlist_free(&users, (row_clear_fn)user_clear);
	comm_doc_clear(&d);
	session_close(&s);
	return rc;
}

int
cmd_comm(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "new", comm_new_cmd },
		{ "list", comm_list_cmd },
		{ "show", comm_show_cmd },
		{ "set", comm_set_cmd },
		{ "done", comm_done_cmd },
		{ "reopen", comm_reopen_cmd },
		{ "submit", comm_submit_cmd },
		{ "update", comm_update_cmd },
		{ "withdraw", comm_withdraw_cmd },
		{ "publish", comm_publish_cmd },
		{ "preview", comm_preview_cmd },
		{ "revisions", comm_revisions_cmd },
		{ "gates", comm_gates_cmd },
		{ "hash", comm_hash_cmd },
		{ "diff", comm_diff_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}
