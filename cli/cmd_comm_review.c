/* cli/cmd_comm_review.c - herald comm gates, hash and diff: where a
 * communication stands with its approvers, the content hash they approve,
 * and what changed since the newest approval; and the gates that comm show
 * prints too. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd_comm.h"
#include "core/content.h"
#include "core/text.h"
#include "core/user.h"
#include "core/worddiff.h"

enum status
comm_view_open(struct cli *c, const char *arg, bool with_review,
    struct comm_view *v, struct err *err)
{
	enum status st;

	if ((st = cli_open_comm(c, DB_READ, arg, &v->s, &v->d, err)) != ST_OK ||
	    (st = user_list(v->s, &v->users, err)) != ST_OK || !with_review)
		return st;
	return review_load(v->s, &v->d, &v->r, err);
}

void
comm_view_close(struct comm_view *v)
{
	review_clear(&v->r);
	rowlist_free(&v->users, (row_clear_fn)user_clear);
	comm_doc_clear(&v->d);
	session_close(&v->s);
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
	    cli_json_str(user_login_in(users, a->approver_id)));
	json_object_set_new(o, "decision", cli_json_str(a->decision));
	json_object_set_new(o, "comment", cli_json_str(a->comment));
	json_object_set_new(o, "decided_at", cli_json_str(a->decided_at));
	json_object_set_new(o, "content_hash", cli_json_str(a->content_hash));
	json_object_set_new(o, "canon_version", json_integer(a->canon_version));
	json_object_set_new(o, "stale", json_boolean(review_is_stale(r, a)));
	json_object_set_new(o, "signer", cli_json_str(a->signer));
	return o;
}

json_t *
comm_review_json(const struct review *r, const struct rowlist *users)
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
		    cli_json_str(user_login_in(users, r->editors[i])));
	json_object_set_new(o, "editors", arr);
	json_object_set_new(o, "rejection", r->rejection != NULL ?
	    decision_json(r, r->rejection, users) : json_null());
	return o;
}

/* A person for a line of text: the login of user ID, or "user:ID". */
static const char *
person(const struct rowlist *users, long long id, char *buf, size_t n)
{
	const char *login = user_login_in(users, id);

	if (login == NULL)
		snprintf(buf, n, "user:%lld", id);
	else
		cli_clean(login, buf, n);
	return buf;
}

void
comm_rejection_print(const struct review *r, const struct rowlist *users)
{
	const struct approval *a = r->rejection;
	char who[128], when[64], gate[128];

	if (a == NULL)
		return;
	printf("%-17s by %s (gate %s), %s:\n", "Rejected:",
	    person(users, a->approver_id, who, sizeof who),
	    cli_clean(a->gate, gate, sizeof gate),
	    cli_local_time(a->decided_at, false, when, sizeof when));
	cli_put_indented(a->comment, 4);
}

void
comm_review_print(const struct review *r, const struct rowlist *users)
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
			cli_put_indented(a->comment, 4);
	}
}


int
comm_gates_cmd(struct cli *c, int argc, char **argv)
{
	struct comm_view v = { 0 };
	struct err err = { 0 };
	bool is_json = false;
	json_t *o, *rj;
	int rc = 0;

	if (!cli_parse_json(argc, argv, comm_usage, &is_json, 1, &rc,
	    "comm gates takes one communication ID"))
		return rc;
	if (comm_view_open(c, argv[optind], true, &v, &err) != ST_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (is_json) {
		o = json_object();
		json_object_set_new(o, "id", json_integer(v.d.comm.id));
		json_object_set_new(o, "state", cli_json_str(v.d.comm.state));
		json_object_set_new(o, "revision",
		    json_integer(v.d.comm.revision));
		rj = comm_review_json(&v.r, &v.users);
		json_object_update(o, rj);
		json_decref(rj);
		rc = cli_json_print(o);
		goto done;
	}
	printf("%lld: %s, revision %lld\n", v.d.comm.id, v.d.comm.state,
	    v.d.comm.revision);
	comm_rejection_print(&v.r, &v.users);
	comm_review_print(&v.r, &v.users);
done:
	comm_view_close(&v);
	return rc;
}

int
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

	if (!cli_parse_args(argc, argv, opts, comm_usage, 1, &rc,
	    "comm hash takes one communication ID"))
		return rc;
	if (cli_open_comm(c, DB_READ, argv[optind], &s, &d, &err) != ST_OK ||
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
		if (id != NULL && jstr(o, "id") != NULL &&
		    strcmp(jstr(o, "id"), id) == 0)
			return o;
	return NULL;
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
	const char *change;
	char *marked;
	size_t i;

	worddiff(jstr(old, "text"), jstr(new_o, "text"), &wd);
	marked = worddiff_marked(&wd);
	change = old == NULL ? "added" : new_o == NULL ? "removed" :
	    wd.n_changed > 0 ? "changed" : "unchanged";
	if (arr != NULL) {
		item = json_object();
		json_object_set_new(item, "id", cli_json_str(jstr(o, "id")));
		json_object_set_new(item, "format",
		    cli_json_str(jstr(o, "format")));
		json_object_set_new(item, "title",
		    cli_json_str(jstr(o, "title")));
		json_object_set_new(item, "change", json_string(change));
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
	    cli_clean(jstr(o, "id"), id, sizeof id),
	    cli_clean(jstr(o, "format"), fmt, sizeof fmt),
	    jstr(o, "title") != NULL ? cli_clean(jstr(o, "title"),
	    title, sizeof title) : "-", change);
	if (wd.n_changed == 0)
		goto done;
	cli_put_text(marked);
	if (*marked != '\0' && marked[strlen(marked) - 1] != '\n')
		putchar('\n');
done:
	free(marked);
	worddiff_clear(&wd);
}

int
comm_diff_cmd(struct cli *c, int argc, char **argv)
{
	struct comm_view v = { 0 };
	const struct review *r = &v.r;
	const struct approval *a;
	struct err err = { 0 };
	json_t *old = NULL, *now = NULL, *o, *arr = NULL, *top;
	char who[128], when[64], gate[128];
	bool is_json = false;
	size_t i;
	int rc = 0;

	if (!cli_parse_json(argc, argv, comm_usage, &is_json, 1, &rc,
	    "comm diff takes one communication ID"))
		return rc;
	if (comm_view_open(c, argv[optind], true, &v, &err) != ST_OK)
		goto fail;
	/* Nothing approved yet: nothing to compare with. */
	if ((a = r->last_approval) == NULL) {
		if (is_json)
			rc = cli_json_print(json_pack("{s:I, s:n, s:o, s:[]}",
			    "id", (json_int_t)v.d.comm.id, "approval",
			    "content_hash", cli_json_str(r->content.hash),
			    "outputs"));
		goto done;
	}
	if (content_outputs(a->snapshot, &old, &err) != ST_OK) {
		err_prefix(&err, "approval %lld: ", a->id);
		goto fail;
	}
	if (content_outputs(r->content.canon, &now, &err) != ST_OK)
		goto fail;
	if (is_json)
		arr = json_array();
	else
		printf("Since approval #%lld: %s on gate %s by %s, %s, content "
		    "%.12s; now %.12s\n", a->id, a->decision,
		    cli_clean(a->gate, gate, sizeof gate),
		    person(&v.users, a->approver_id, who, sizeof who),
		    cli_local_time(a->decided_at, false, when, sizeof when),
		    a->content_hash, r->content.hash);
	/* The outputs now, in their order; then those no longer there. */
	json_array_foreach(now, i, o)
		diff_output(output_by_id(old, jstr(o, "id")), o, arr);
	json_array_foreach(old, i, o)
		if (output_by_id(now, jstr(o, "id")) == NULL)
			diff_output(o, NULL, arr);
	if (is_json) {
		top = json_object();
		json_object_set_new(top, "id", json_integer(v.d.comm.id));
		json_object_set_new(top, "approval", decision_json(r, a,
		    &v.users));
		json_object_set_new(top, "content_hash",
		    cli_json_str(r->content.hash));
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
	comm_view_close(&v);
	return rc;
}
