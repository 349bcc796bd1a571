/* cli/cmd_comm.c - herald comm: start communications from playbooks, fill
 * them in step by step, send them for review, publish and update them.
 * What approvers look at (comm gates, hash, diff) is cmd_comm_review.c. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd_comm.h"
#include "core/access.h"
#include "core/clock.h"
#include "core/user.h"
#include "core/communication.h"
#include "core/incident.h"
#include "core/outbox.h"
#include "core/product.h"
#include "core/publisher.h"
#include "core/render.h"
#include "util/xalloc.h"

const char comm_usage[] =
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
"       herald comm withdraw ID --reason TEXT [--no-send]\n"
"       herald comm publish ID [--no-send]\n"
"       herald comm deliver ID --means M --to WHO [--at TIME]\n"
"                  [--reference R] [--evidence E]\n"
"       herald comm deliveries ID [--json]\n"
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
"  withdraw   withdraw a published communication: the notice goes\n"
"             wherever its publication went, sent at once (--no-send:\n"
"             queued only)\n"
"  publish    publish an approved communication: its messages to every\n"
"             channel are queued with it, then what is due is sent\n"
"             (--no-send: queued only, for herald publish)\n"
"  deliver    record a delivery made outside herald (a regulator's web\n"
"             form, a phone call): by what means, to whom, when (default\n"
"             now), the far end's reference and where the evidence is\n"
"  deliveries its outbox messages and the deliveries recorded by hand\n"
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

	if (!cli_parse_opts(argc, argv, opts, comm_usage, &rc))
		return rc;
	if (argc - optind > 1)
		return cli_usage_error(comm_usage, "comm new takes at most one "
		    "INCIDENT");
	if (optind < argc)
		in.incident = argv[optind];
	if (in.playbook == NULL)
		return cli_usage_error(comm_usage, "comm new needs --playbook");
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

	if (!cli_parse_opts(argc, argv, opts, comm_usage, &rc))
		return rc;
	if (argc - optind > 1)
		return cli_usage_error(comm_usage, "comm list takes at most one "
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
		login = user_login_in(users, a->edited_by);
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
		login = user_login_in(users, a->edited_by);
		printf("  %s (%s) v%lld, %s, %s\n", a->field,
		    f != NULL ? f->label : "not in the playbook", a->version,
		    login != NULL ? login : "-",
		    cli_local_time(a->edited_at, false, when, sizeof when));
		shown = f != NULL ? validate_display(f, a->value) :
		    xstrdup(a->value);
		cli_put_indented(shown, 4);
		free(shown);
	}
}

static int
comm_show_cmd(struct cli *c, int argc, char **argv)
{
	struct comm_view v = { 0 };
	const struct comm_doc *d = &v.d;
	struct rowlist steps = { 0 };
	struct err err = { 0 }, rerr = { 0 };
	char buf[160], warning[VALIDATE_WARN_MAX], msg[sizeof rerr.msg];
	bool is_json = false, has_review;
	json_t *o;
	int rc = 0;

	if (!cli_parse_json(argc, argv, comm_usage, &is_json, 1, &rc,
	    "comm show takes one communication ID"))
		return rc;
	if (comm_view_open(c, argv[optind], false, &v, &err) != ST_OK ||
	    comm_steps(v.s, d, &steps, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	comm_warnings(v.s, d, warning);
	/* The gates are worked out from the content rendered now; a
	 * communication that cannot be rendered is still shown. */
	has_review = review_load(v.s, d, &v.r, &rerr) == ST_OK;
	if (is_json) {
		o = comm_json(v.s, &d->comm);
		json_object_set_new(o, "steps", steps_json(&steps));
		json_object_set_new(o, "answers", answers_json(d, &v.users));
		json_object_set_new(o, "warning", *warning != '\0' ?
		    cli_json_str(warning) : json_null());
		json_object_set_new(o, "review", has_review ?
		    comm_review_json(&v.r, &v.users) : json_null());
		if (!has_review)
			json_object_set_new(o, "review_error",
			    cli_json_str(rerr.msg));
		rc = cli_json_print(o);
		goto done;
	}
	snprintf(buf, sizeof buf, "%lld", d->comm.id);
	field("ID:", buf);
	field(d->comm.incident_id != 0 ? "Incident:" : "Release cycle:",
	    about(v.s, &d->comm, buf, sizeof buf));
	field("Title:", d->comm.title);
	field("Kind:", d->comm.kind);
	field("Audience:", d->comm.audience);
	field("State:", d->comm.state);
	snprintf(buf, sizeof buf, "%lld", d->comm.revision);
	field("Revision:", buf);
	snprintf(buf, sizeof buf, "%lld", d->comm.version);
	field("Version:", buf);
	snprintf(buf, sizeof buf, "%s %s%s%s", d->comm.playbook,
	    d->comm.playbook_version, *d->comm.variant != '\0' ?
	    ", variant " : "", d->comm.variant);
	field("Playbook:", buf);
	field("Playbook hash:", d->comm.playbook_hash);
	field("Published:", cli_local_time(d->comm.published_at, true, buf,
	    sizeof buf));
	if (*warning != '\0')
		field("Warning:", warning);
	if (has_review)
		comm_rejection_print(&v.r, &v.users);
	print_steps(&steps);
	if (has_review)
		comm_review_print(&v.r, &v.users);
	else
		printf("\nGates: cannot be worked out: %s\n",
		    cli_clean(rerr.msg, msg, sizeof msg));
	print_answers(d, &v.users);
done:
	rowlist_free(&steps, (row_clear_fn)step_status_clear);
	comm_view_close(&v);
	return rc;
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

	if (!cli_parse_opts(argc, argv, opts, comm_usage, &rc))
		return rc;
	nargs = argc - optind;
	if (nargs < 2 || nargs > 3 || (nargs == 3) == (file != NULL))
		return cli_usage_error(comm_usage, "comm set takes an ID, a "
		    "FIELD and one of VALUE, --file PATH or - (standard "
		    "input)");
	field_id = argv[optind + 1];
	if (vers != NULL && cli_parse_long("version", vers, 0, 1000000000L,
	    &expected, &err) != ST_OK)
		return cli_fail(&err);
	if (file == NULL && strcmp(argv[optind + 2], "-") != 0)
		input = xstrdup(argv[optind + 2]);
	else if (cli_read_input(file != NULL ? file : "-",
	    ANSWER_VALUE_MAX * 4, &input, &err) != ST_OK)
		goto fail;
	if (cli_open_comm(c, DB_WRITE, argv[optind], &s, &d, &err) != ST_OK)
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
	struct comm_doc d = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_args(argc, argv, NULL, comm_usage, 2, &rc,
	    "comm %s takes an ID and a STEP", argv[0]))
		return rc;
	if (cli_open_comm(c, DB_WRITE, argv[optind], &s, &d, &err) != ST_OK ||
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
	struct comm_doc d = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	int rc = 0;

	if (!cli_parse_args(argc, argv, has_note ? with_note : has_reason ?
	    with : NULL, comm_usage, 1, &rc,
	    "comm %s takes one communication ID", argv[0]))
		return rc;
	if (has_reason && reason == NULL)
		return cli_usage_error(comm_usage, "comm %s needs --reason",
		    argv[0]);
	if (note != NULL) {
		/* --note goes with the kind of update: "fix-available: ..." */
		if (reason == NULL || strchr(reason, ':') != NULL)
			return cli_usage_error(comm_usage, "comm %s: --note "
			    "goes "
			    "with --reason KIND", argv[0]);
		reason = both = xasprintf("%s: %s", reason, note);
	}
	if (cli_open_comm(c, DB_WRITE, argv[optind], &s, &d, &err) != ST_OK ||
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

/* The messages queued for revision REV of communication ID: its
 * withdrawal's when IS_WITHDRAWAL, else its publication's. */
static long long
queued(struct session *s, long long id, long long rev, bool is_withdrawal)
{
	const struct outbox_row *o;
	struct rowlist l;
	long long n = 0;
	size_t i;

	if (outbox_list_for_communication(s, id, 0, &l, NULL) == ST_OK)
		for (i = 0; i < l.count; i++) {
			o = rowlist_at(&l, i);
			if (o->revision == rev && o->purpose != NULL &&
			    (strcmp(o->purpose, "withdrawal") == 0) ==
			    is_withdrawal)
				n++;
		}
	rowlist_free(&l, (row_clear_fn)outbox_row_clear);
	return n;
}

/* Say what D's last act queued and, unless NO_SEND, send what is due for
 * it. The publication or withdrawal stands whatever the sending does: a
 * message not sent now waits in the outbox for herald publish, and what
 * failed is for herald outbox and herald check, not this status. */
static void
send_queued(struct session *s, const struct comm_doc *d, bool no_send)
{
	const bool is_withdrawal = strcmp(d->comm.state, "withdrawn") == 0;
	struct publish_opts po;
	struct publish_report r = { 0 };
	struct err err = { 0 };
	long long n;

	n = queued(s, d->comm.id, d->comm.revision, is_withdrawal);
	printf("%lld: %s, revision %lld\n", d->comm.id, d->comm.state,
	    d->comm.revision);
	printf("%lld message%s queued\n", n, n == 1 ? "" : "s");
	if (no_send || n == 0)
		return;
	publish_opts_default(&po);
	po.communication_id = d->comm.id;
	if (publisher_run(s, &po, &r, &err) != ST_OK) {
		fprintf(stderr, "herald: %s; sending: %s (herald publish will "
		    "try again)\n", d->comm.state, err.msg);
		return;
	}
	printf("sent: %lld delivered, %lld to retry, %lld failed, %lld "
	    "cancelled, %lld waiting\n", r.delivered, r.retrying, r.failed,
	    r.cancelled, r.waiting);
	if (r.failed > 0)
		fprintf(stderr, "herald: %lld message%s failed for good: see "
		    "herald outbox list --comm %lld --state failed\n", r.failed,
		    r.failed == 1 ? "" : "s", d->comm.id);
}

/* comm publish ID and comm withdraw ID --reason R: the act, then what it
 * queued is sent unless --no-send. */
static int
deliver_cmd(struct cli *c, int argc, char **argv, bool is_withdrawal)
{
	const char *reason = NULL;
	bool no_send = false;
	const struct cli_opt opts[] = {
		{ "no-send", .flag = &no_send },
		{ "reason", .str = &reason },
		{ .name = NULL },
	};
	struct comm_doc d = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	enum status st;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, comm_usage, 1, &rc,
	    "comm %s takes one communication ID", argv[0]))
		return rc;
	if (is_withdrawal && reason == NULL)
		return cli_usage_error(comm_usage, "comm %s needs --reason",
		    argv[0]);
	if (!is_withdrawal && reason != NULL)
		return cli_usage_error(comm_usage, "comm %s takes no --reason",
		    argv[0]);
	if ((st = cli_open_comm(c, DB_WRITE, argv[optind], &s, &d, &err)) ==
	    ST_OK)
		st = is_withdrawal ? comm_withdraw(s, &d, reason, &err) :
		    comm_publish(s, &d, &err);
	if (st == ST_OK)
		st = comm_reload(s, &d, &err);
	if (st != ST_OK)
		rc = cli_fail(&err);
	else
		send_queued(s, &d, no_send);
	comm_doc_clear(&d);
	session_close(&s);
	return rc;
}

static int
comm_withdraw_cmd(struct cli *c, int argc, char **argv)
{
	return deliver_cmd(c, argc, argv, true);
}

static int
comm_publish_cmd(struct cli *c, int argc, char **argv)
{
	return deliver_cmd(c, argc, argv, false);
}

static int
comm_deliver_cmd(struct cli *c, int argc, char **argv)
{
	const char *means = NULL, *to = NULL, *at = NULL, *ref = NULL;
	const char *evidence = NULL;
	const struct cli_opt opts[] = {
		{ "means", .str = &means },
		{ "to", .str = &to },
		{ "at", .str = &at },
		{ "reference", .str = &ref },
		{ "evidence", .str = &evidence },
		{ .name = NULL },
	};
	struct manual_delivery_new in = { 0 };
	char now[CLOCK_BUFSZ];
	struct session *s = NULL;
	struct err err = { 0 };
	long long id = 0, mid = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, comm_usage, 1, &rc,
	    "comm %s takes one communication ID", argv[0]))
		return rc;
	if (means == NULL || to == NULL)
		return cli_usage_error(comm_usage, "comm deliver needs --means "
		    "and --to");
	if (cli_comm_id(argv[optind], &id, &err) != ST_OK)
		return cli_fail(&err);
	if (at == NULL)
		clock_now_str(now);
	in.communication_id = id;
	in.means = means;
	in.target = to;
	in.delivered_at = at != NULL ? at : now;
	in.reference = ref;
	in.evidence = evidence;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    manual_delivery_record(s, &in, &mid, &err) != ST_OK)
		rc = cli_fail(&err);
	else
		printf("%lld: delivery %lld recorded\n", id, mid);
	session_close(&s);
	return rc;
}

static json_t *
outbox_json(const struct outbox_row *o)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:i, s:o, s:o, s:o, s:i, s:o,"
	    " s:o, s:o, s:o}", "id", (json_int_t)o->id, "channel",
	    (json_int_t)o->channel_id, "target", cli_json_str(o->target),
	    "state", cli_json_str(o->state), "revision", o->revision,
	    "purpose", cli_json_str(o->purpose), "output",
	    cli_json_str(o->output), "not_before", cli_json_str(o->not_before),
	    "attempts", o->attempts, "next_attempt_at",
	    cli_json_str(o->next_attempt_at), "last_error",
	    cli_json_str(o->last_error), "delivered_at",
	    cli_json_str(o->delivered_at), "external_ref",
	    cli_json_str(o->external_ref));
}

static json_t *
manual_json(const struct manual_delivery *m)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
	    (json_int_t)m->id, "means", cli_json_str(m->means), "target",
	    cli_json_str(m->target), "delivered_at",
	    cli_json_str(m->delivered_at), "reference",
	    cli_json_str(m->reference), "evidence", cli_json_str(m->evidence),
	    "recorded_at", cli_json_str(m->recorded_at));
}

static int
comm_deliveries_cmd(struct cli *c, int argc, char **argv)
{
	struct rowlist ol, ml;
	const struct outbox_row *o;
	const struct manual_delivery *m;
	struct session *s = NULL;
	struct err err = { 0 };
	char t1[64], t2[64], b1[256], b2[256], b3[256];
	json_t *a, *b;
	long long id = 0;
	bool is_json = false;
	size_t i;
	int rc = 0;

	rowlist_init(&ol, sizeof(struct outbox_row));
	rowlist_init(&ml, sizeof(struct manual_delivery));
	if (!cli_parse_json(argc, argv, comm_usage, &is_json, 1, &rc,
	    "comm deliveries takes one communication ID"))
		return rc;
	if (cli_comm_id(argv[optind], &id, &err) != ST_OK ||
	    cli_open_to_look(c, &s, &err) != ST_OK ||
	    access_check_comm(s, id, "deliveries", &err) != ST_OK ||
	    outbox_list_for_communication(s, id, 0, &ol, &err) != ST_OK ||
	    manual_delivery_list(s, id, &ml, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto end;
	}
	if (is_json) {
		a = json_array();
		b = json_array();
		for (i = 0; i < ol.count; i++)
			json_array_append_new(a, outbox_json(rowlist_at(&ol, i)));
		for (i = 0; i < ml.count; i++)
			json_array_append_new(b, manual_json(rowlist_at(&ml, i)));
		rc = cli_json_print(json_pack("{s:I, s:o, s:o}",
		    "communication", (json_int_t)id, "outbox", a, "manual", b));
		goto end;
	}
	for (i = 0; i < ol.count; i++) {
		o = rowlist_at(&ol, i);
		printf("%-6lld %-10s r%-3d %-10s %-14s %-32s %s\n", o->id,
		    o->state, o->revision, o->purpose != NULL ? o->purpose : "-",
		    cli_clean(o->output != NULL ? o->output : "-", b1, sizeof b1),
		    cli_clean(o->target, b2, sizeof b2),
		    o->delivered_at != NULL ? cli_local_time(o->delivered_at,
		    false, t1, sizeof t1) : o->last_error != NULL ?
		    cli_clean(o->last_error, b3, sizeof b3) : "");
	}
	for (i = 0; i < ml.count; i++) {
		m = rowlist_at(&ml, i);
		printf("manual %-10s %-32s %s%s%s\n", cli_clean(m->means, b1,
		    sizeof b1), cli_clean(m->target, b2, sizeof b2),
		    cli_local_time(m->delivered_at, false, t2, sizeof t2),
		    *m->reference != '\0' ? " ref " : "",
		    cli_clean(m->reference, b3, sizeof b3));
	}
	if (ol.count == 0 && ml.count == 0)
		printf("no deliveries\n");
end:
	rowlist_free(&ol, (row_clear_fn)outbox_row_clear);
	rowlist_free(&ml, (row_clear_fn)manual_delivery_clear);
	session_close(&s);
	return rc;
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

	if (!cli_parse_opts(argc, argv, opts, comm_usage, &rc))
		return rc;
	if (argc - optind < 1 || argc - optind > 2)
		return cli_usage_error(comm_usage, "comm preview takes an ID "
		    "and optionally an OUTPUT");
	if (argc - optind == 2) {
		if (output != NULL)
			return cli_usage_error(comm_usage, "comm preview: "
			    "OUTPUT or --output, not both");
		output = argv[optind + 1];
	}
	if (is_json && !is_list)
		return cli_usage_error(comm_usage, "comm preview: --json goes "
		    "with --list (the output itself is printed as it is)");
	if (cli_open_comm(c, DB_READ, argv[optind], &s, &d, &err) != ST_OK)
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
	struct communication cm = { 0 };
	struct rowlist l = { 0 };
	const struct revision *r;
	struct session *s = NULL;
	struct err err = { 0 };
	char started[64], published[64], reason[1024];
	bool is_json = false;
	long long id = 0;
	size_t k;
	int rc = 0;

	if (!cli_parse_json(argc, argv, comm_usage, &is_json, 1, &rc,
	    "comm revisions takes one communication ID"))
		return rc;
	if (cli_comm_id(argv[optind], &id, &err) != ST_OK ||
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
		{ "deliver", comm_deliver_cmd },
		{ "deliveries", comm_deliveries_cmd },
		{ "preview", comm_preview_cmd },
		{ "revisions", comm_revisions_cmd },
		{ "gates", comm_gates_cmd },
		{ "hash", comm_hash_cmd },
		{ "diff", comm_diff_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, comm_usage);
}
