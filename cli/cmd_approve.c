/* cli/cmd_approve.c - herald approvals, approve and reject: what waits for
 * the acting user's decision, and the decision itself, bound to the exact
 * content (its hash) the approver read. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/hash.h"
#include "core/review.h"
#include "core/text.h"
#include "core/workflow.h"

static const char usage[] =
"usage: herald approvals [--returned] [--json]\n"
"       herald approve COMM [--gate GATE] [--hash HASH] [--comment TEXT]\n"
"       herald reject COMM --comment TEXT [--gate GATE] [--hash HASH]\n"
"\n"
"Sign off a communication in review, or send it back to its author. A\n"
"decision is bound to the content as it stands (its hash: herald comm hash\n"
"COMM); any later edit makes it stale and the gate opens again. Whoever\n"
"edited the content cannot approve it (unless the gate allows its author),\n"
"and one person approves a communication once, on one gate.\n"
"\n"
"  approvals  what waits for your decision now, the most urgent first;\n"
"             with --returned, your drafts that an approver sent back\n"
"  approve    approve COMM (a communication id) on a gate you may decide;\n"
"             once every gate passes, it is approved and may be published\n"
"  reject     reject COMM: it goes back to draft with your comment for its\n"
"             author\n"
"\n"
"  --gate GATE     the gate step to decide (default: the first one you may)\n"
"  --hash HASH     the content hash you read; refused if the content has\n"
"                  changed since (default: the content as it is now)\n"
"  --comment TEXT  why (required to reject); kept with the decision\n"
"  --returned      the rejections of what you wrote, with their comments\n"
"  --json          JSON instead of text\n"
"  -h, --help      show this help\n"
"\n"
"See also herald comm gates, comm hash and comm diff.\n";

/* HASH as 64 lowercase hex digits into OUT (HASH_HEX_SIZE bytes), as
 * comm hash prints it; upper case is taken too. */
static enum status
parse_hash(const char *hash, char *out, struct err *err)
{
	size_t i;

	for (i = 0; hash[i] != '\0' && i < HASH_HEX_SIZE - 1; i++)
		out[i] = (char)text_to_lower((unsigned char)hash[i]);
	out[i] = '\0';
	if (hash[i] != '\0' || !hash_is_sha256_hex(out))
		return err_set(err, ST_INVALID, "--hash %s: expected the 64 hex "
		    "digits that herald comm hash prints", hash);
	return ST_OK;
}

static json_t *
waiting_json(const void *row)
{
	const struct waiting *w = row;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(w->comm_id));
	json_object_set_new(o, "incident", cli_json_str(w->ref));
	json_object_set_new(o, "title", cli_json_str(w->title));
	json_object_set_new(o, "kind", cli_json_str(w->kind));
	json_object_set_new(o, "gate", cli_json_str(w->gate));
	json_object_set_new(o, "role", cli_json_str(w->role));
	json_object_set_new(o, "submitted_at", cli_json_str(w->submitted_at));
	json_object_set_new(o, "due_at", cli_json_str(w->due_at));
	json_object_set_new(o, "was_approved", json_boolean(w->was_approved));
	json_object_set_new(o, "is_preapproved",
	    json_boolean(w->is_preapproved));
	return o;
}

static json_t *
returned_json(const void *row)
{
	const struct approval_returned *r = row;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(r->comm_id));
	json_object_set_new(o, "about", cli_json_str(r->about));
	json_object_set_new(o, "title", cli_json_str(r->title));
	json_object_set_new(o, "kind", cli_json_str(r->kind));
	json_object_set_new(o, "gate", cli_json_str(r->rejection.gate));
	json_object_set_new(o, "approver", cli_json_str(r->approver_login));
	json_object_set_new(o, "approver_name", cli_json_str(r->approver_name));
	json_object_set_new(o, "comment", cli_json_str(r->rejection.comment));
	json_object_set_new(o, "decided_at",
	    cli_json_str(r->rejection.decided_at));
	return o;
}

/* The drafts the acting user wrote that an approver sent back, L. */
static void
print_returned(const struct rowlist *l)
{
	const struct approval_returned *r;
	char id[32], about[128], title[1024], who[128], when[64];
	size_t k;

	for (k = 0; k < l->count; k++) {
		r = rowlist_at(l, k);
		snprintf(id, sizeof id, "%lld", r->comm_id);
		printf("%-14s  %-5s  %s\n", r->about != NULL ? cli_clean(r->about,
		    about, sizeof about) : "-", id, cli_clean(r->title, title,
		    sizeof title));
		printf("%-14s  rejected by %s, %s:\n", "",
		    cli_clean(r->approver_login, who, sizeof who),
		    cli_local_time(r->rejection.decided_at, false, when,
		    sizeof when));
		cli_put_indented(r->rejection.comment, 16);
	}
}

/* What waits for the acting user's decision, L, the most urgent first. */
static void
print_waiting(const struct rowlist *l)
{
	const struct waiting *w;
	char id[32], due[64], ref[64], kind[64], gate[128], role[64],
	    title[1024];
	size_t k;

	printf("%-14s  %-5s  %-16s  %-14s  %-17s  %-16s  %s\n", "INCIDENT", "ID",
	    "KIND", "GATE", "ROLE", "DUE", "TITLE");
	for (k = 0; k < l->count; k++) {
		w = rowlist_at(l, k);
		snprintf(id, sizeof id, "%lld", w->comm_id);
		printf("%-14s  %-5s  %-16s  %-14s  %-17s  %-16s  %s\n",
		    w->ref != NULL ? cli_clean(w->ref, ref, sizeof ref) : "-", id,
		    cli_clean(w->kind, kind, sizeof kind),
		    cli_clean(w->gate, gate, sizeof gate),
		    cli_clean(w->role, role, sizeof role),
		    cli_local_time(w->due_at, false, due, sizeof due),
		    cli_clean(w->title, title, sizeof title));
		/* What changed since the approval that went stale. */
		if (w->was_approved)
			printf("%-14s  approved before: see herald comm diff %s\n",
			    "", id);
		if (w->is_preapproved)
			printf("%-14s  a gate passes on pre-approval: see herald "
			    "comm gates %s\n", "", id);
	}
}

int
cmd_approvals(struct cli *c, int argc, char **argv)
{
	static const struct cli_list waiting = {
		.load = approvals_waiting,
		.clear = (row_clear_fn)waiting_clear,
		.json = waiting_json,
		.print = print_waiting,
		.none = "Nothing waits for your decision.",
	}, returned = {
		.load = review_returned,
		.clear = (row_clear_fn)approval_returned_clear,
		.json = returned_json,
		.print = print_returned,
		.none = "Nothing was sent back to you.",
	};
	bool is_json = false, is_returned = false;
	const struct cli_opt opts[] = {
		{ "returned", .flag = &is_returned },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (optind < argc)
		return cli_usage_error(usage, "approvals takes no arguments (got "
		    "%s)", argv[optind]);
	return cli_list(c, is_json, is_returned ? &returned : &waiting);
}

/* The decision with id ID in R's decisions, or NULL. */
static const struct approval *
find_decision(const struct review *r, long long id)
{
	const struct approval *a;
	size_t k;

	for (k = 0; k < r->decisions.count; k++) {
		a = rowlist_at(&r->decisions, k);
		if (a->id == id)
			return a;
	}
	return NULL;
}

/* What DECIDE recorded (the decision ID) and where D stands now: its
 * state, and each gate that does not pass yet with its note. */
static void
print_outcome(struct session *s, struct comm_doc *d, long long id)
{
	const struct approval *a;
	const struct gate_status *g;
	struct review r = { 0 };
	struct err err = { 0 };
	char gate[128], role[64], note[512];
	size_t k;

	/* The decision is in: what follows is only for the reader. */
	if (comm_reload(s, d, &err) != ST_OK ||
	    review_load(s, d, &r, &err) != ST_OK) {
		printf("Recorded decision %lld.\n", id);
		goto done;
	}
	if ((a = find_decision(&r, id)) != NULL) {
		printf("Recorded: %s on gate %s as %s, content %s\n", a->decision,
		    cli_clean(a->gate, gate, sizeof gate),
		    cli_clean(a->role, role, sizeof role), a->content_hash);
		if (a->signer != NULL)
			printf("Signed with key %s\n", cli_clean(a->signer, note,
			    sizeof note));
	} else
		printf("Recorded decision %lld.\n", id);
	printf("%lld: %s, revision %lld\n", d->comm.id, d->comm.state,
	    d->comm.revision);
	if (strcmp(d->comm.state, "in-review") != 0)
		goto done;
	for (k = 0; k < r.n_gates; k++) {
		g = &r.gates[k];
		if (g->state != GATE_WAITING)
			continue;
		printf("  gate %s: %s\n", cli_clean(g->step->id, gate,
		    sizeof gate), *g->note != '\0' ? cli_clean(g->note, note,
		    sizeof note) : "waiting");
	}
done:
	review_clear(&r);
}

/* approve and reject: DECISION is "approved" or "rejected". */
static int
decide_cmd(struct cli *c, int argc, char **argv, const char *decision)
{
	const char *hash_arg = NULL;
	struct decision in = { .decision = decision };
	const struct cli_opt opts[] = {
		{ "gate", .str = &in.gate },
		{ "hash", .str = &hash_arg },
		{ "comment", .str = &in.comment },
		{ .name = NULL },
	};
	struct comm_doc d = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	char hash[HASH_HEX_SIZE];
	long long comm_id = 0, id = 0;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 1, &rc,
	    "%s takes one communication id", argv[0]))
		return rc;
	/* Without --comment a rejection goes on to the rule that asks for
	 * one, so the words are the same as in the console. */
	if (cli_comm_id(argv[optind], &comm_id, &err) != ST_OK ||
	    (hash_arg != NULL && parse_hash(hash_arg, hash, &err) != ST_OK))
		return cli_fail(&err);
	if (hash_arg != NULL)
		in.content_hash = hash;
	if (cli_open(c, DB_WRITE, &s, &err) != ST_OK ||
	    comm_open(s, comm_id, &d, &err) != ST_OK ||
	    approval_decide(s, &d, &in, &id, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	print_outcome(s, &d, id);
done:
	comm_doc_clear(&d);
	session_close(&s);
	return rc;
}

int
cmd_approve(struct cli *c, int argc, char **argv)
{
	return decide_cmd(c, argc, argv, "approved");
}

int
cmd_reject(struct cli *c, int argc, char **argv)
{
	return decide_cmd(c, argc, argv, "rejected");
}
