/* cli/cmd_audit.c - herald audit: verify the hash chain and read it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/hash.h"
#include "core/incident.h"
#include "core/user.h"
#include "util/xalloc.h"

static const char usage[] =
"usage: herald audit verify [--head HASH] [--json]\n"
"       herald audit log [--subject SUBJECT] [--limit N] [--json]\n"
"       herald audit export --format jsonl [--with-approvals] [--out FILE]\n"
"\n"
"verify walks the whole audit chain and checks every row's SHA-256 against\n"
"its content and its predecessor. It prints the number of rows and the head\n"
"hash; record the head somewhere else and pass it back with --head later,\n"
"so rows cut off the end are noticed too. It then checks every approval\n"
"row against the audit row that recorded it (an approval edited, inserted\n"
"or deleted behind herald's back shows) and every signed approval with\n"
"GnuPG, which must hold the approvers' public keys. A broken chain, a\n"
"tampered approval or a bad signature exits with 11 and names it; a\n"
"signature whose public key GnuPG lacks exits with 4.\n"
"\n"
"log prints the chain, newest first.\n"
"\n"
"export writes the chain for an auditor as JSON Lines, oldest first: one\n"
"object per row with every column (\"type\": \"audit\"); with\n"
"--with-approvals, then one per approval (\"type\": \"approval\"). Admins\n"
"and the SRO only.\n"
"\n"
"  --head HASH        fail unless HASH (an earlier head) is still in the chain\n"
"  --subject SUBJECT  only rows about SUBJECT: incident:12, user:3, or an\n"
"                     incident ID like SEC-2026-004\n"
"  --limit N          at most N rows (default 100; 0 for all)\n"
"  --format jsonl     the export's format (the only one)\n"
"  --with-approvals   export the approval rows too, snapshots and all\n"
"  --out FILE         write the export to FILE (whole, or not at all)\n"
"                     instead of standard output\n"
"  --json             JSON instead of text\n"
"  -h, --help         show this help\n";

/* The approvals part of REP as JSON. */
static json_t *
approvals_json(const struct audit_report *rep)
{
	json_t *o = json_object(), *list = json_array(), *f;
	long long i;

	for (i = 0; i < rep->n_findings && i < AUDIT_FINDINGS_MAX; i++) {
		f = json_object();
		json_object_set_new(f, "approval",
		    json_integer(rep->findings[i].approval));
		json_object_set_new(f, "kind",
		    cli_json_str(rep->findings[i].kind));
		json_object_set_new(f, "problem",
		    cli_json_str(rep->findings[i].text));
		json_array_append_new(list, f);
	}
	json_object_set_new(o, "checked", json_integer(rep->approvals));
	json_object_set_new(o, "signatures_good",
	    json_integer(rep->signatures));
	json_object_set_new(o, "without_digest", json_integer(rep->legacy));
	json_object_set_new(o, "problem_count", json_integer(rep->n_findings));
	json_object_set_new(o, "problems", list);
	return o;
}

/* "Approvals: 3 checked, 2 signatures good", then each problem. */
static void
print_approvals(const struct audit_report *rep)
{
	char buf[512];
	long long i;

	printf("Approvals: %lld checked, %lld signature%s good", rep->approvals,
	    rep->signatures, rep->signatures == 1 ? "" : "s");
	if (rep->legacy > 0)
		printf(", %lld recorded before row digests (checked by decision, "
		    "gate, role, revision, approver and content hash)",
		    rep->legacy);
	printf("\n");
	for (i = 0; i < rep->n_findings && i < AUDIT_FINDINGS_MAX; i++)
		printf("  %s\n", cli_clean(rep->findings[i].text, buf,
		    sizeof buf));
	if (rep->n_findings > AUDIT_FINDINGS_MAX)
		printf("  ... and %lld more problems with approvals\n",
		    rep->n_findings - AUDIT_FINDINGS_MAX);
}

static int
audit_verify_cmd(struct cli *c, int argc, char **argv)
{
	const char *head = NULL;
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "head", .str = &head },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct audit_report rep = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	bool chain_ok;
	enum status st;
	json_t *o;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "audit verify takes no arguments"))
		return rc;
	if (head != NULL && !hash_is_sha256_hex(head)) {
		err_set(&err, ST_INVALID, "--head %s: expected the 64 lowercase hex "
		    "digits that audit verify printed", head);
		return cli_fail(&err);
	}
	if ((st = cli_open(c, DB_READ, &s, &err)) != ST_OK)
		return cli_fail(&err);
	st = audit_verify(s->db, head, &rep, &err);
	/* A walk that could not finish has no report to print. */
	if (st != ST_OK && st != ST_TAMPERED && rep.n_findings == 0) {
		rc = cli_fail(&err);
		goto done;
	}
	chain_ok = rep.first_bad == 0 && rep.triggers_ok &&
	    (head == NULL || rep.head_found);
	if (is_json) {
		o = json_object();
		json_object_set_new(o, "intact", json_boolean(st == ST_OK));
		json_object_set_new(o, "rows", json_integer(rep.count));
		json_object_set_new(o, "head", rep.count > 0 ?
		    cli_json_str(rep.head) : json_null());
		json_object_set_new(o, "first_bad", rep.first_bad > 0 ?
		    json_integer(rep.first_bad) : json_null());
		json_object_set_new(o, "expected_head", cli_json_str(head));
		json_object_set_new(o, "expected_head_found", head != NULL ?
		    json_boolean(rep.head_found) : json_null());
		json_object_set_new(o, "triggers_ok", json_boolean(rep.triggers_ok));
		json_object_set_new(o, "problem", rep.problem[0] != '\0' ?
		    cli_json_str(rep.problem) : json_null());
		json_object_set_new(o, "approvals", approvals_json(&rep));
		rc = cli_json_print(o);
	} else {
		if (chain_ok) {
			printf("Audit chain intact: %lld row%s\n", rep.count,
			    rep.count == 1 ? "" : "s");
			printf("Head: %s\n", rep.head);
			if (head != NULL)
				printf("The recorded head %.16s... is in the "
				    "chain.\n", head);
		} else if (rep.first_bad > 0) {
			printf("First bad row: %lld\n", rep.first_bad);
			printf("Rows intact before it: %lld\n", rep.count);
		} else {
			/* Every row checks out, but the chain is no longer
			 * protected. */
			printf("Rows: %lld, each matching its hash\n", rep.count);
			printf("Head: %s\n", rep.head);
		}
		print_approvals(&rep);
	}
	if (st != ST_OK) {
		int code = cli_fail(&err);

		rc = rc != 0 ? rc : code;
	}
done:
	session_close(&s);
	return rc;
}

/* "user:3" -> "user:3 (ada)" when the login is known; into BUF. */
static const char *
label(const char *ref, const struct rowlist *users, char *buf, size_t n)
{
	const char *login;
	char *end;
	long long id;

	if (ref == NULL || strncmp(ref, "user:", 5) != 0)
		return ref;
	id = strtoll(ref + 5, &end, 10);
	if (*end != '\0' || (login = user_login_in(users, id)) == NULL)
		return ref;
	snprintf(buf, n, "%s (%s)", ref, login);
	return buf;
}

static json_t *
row_json(const void *row)
{
	const struct audit_row *r = row;
	json_t *o = json_object(), *detail;

	json_object_set_new(o, "seq", json_integer(r->seq));
	json_object_set_new(o, "at", cli_json_str(r->at));
	json_object_set_new(o, "actor", cli_json_str(r->actor));
	json_object_set_new(o, "action", cli_json_str(r->action));
	json_object_set_new(o, "subject", cli_json_str(r->subject));
	detail = r->detail != NULL ? json_loads(r->detail, 0, NULL) : NULL;
	json_object_set_new(o, "detail", detail != NULL ? detail :
	    cli_json_str(r->detail));
	json_object_set_new(o, "prev_hash", cli_json_str(r->prev_hash));
	json_object_set_new(o, "hash", cli_json_str(r->hash));
	return o;
}

static void
print_rows(const struct rowlist *rows, const struct rowlist *users)
{
	const struct audit_row *r;
	char when[64], who[128], what[128], buf[1024];
	size_t k;

	printf("%6s  %-16s  %-16s  %-20s  %-20s  %s\n", "SEQ", "AT", "ACTOR",
	    "ACTION", "SUBJECT", "DETAIL");
	for (k = 0; k < rows->count; k++) {
		r = rowlist_at(rows, k);
		printf("%6lld  %-16s  ", r->seq,
		    cli_local_time(r->at, false, when, sizeof when));
		printf("%-16s  ", cli_clean(label(r->actor, users, who, sizeof who),
		    buf, sizeof buf));
		printf("%-20s  ", cli_clean(r->action, buf, sizeof buf));
		printf("%-20s  ", cli_clean(label(r->subject, users, what,
		    sizeof what), buf, sizeof buf));
		printf("%s\n", cli_clean(r->detail, buf, sizeof buf));
	}
}

static int
audit_log_cmd(struct cli *c, int argc, char **argv)
{
	const char *subject = NULL;
	long limit = 100;
	bool is_json = false;
	const struct cli_opt opts[] = {
		{ "subject", .str = &subject },
		{ "limit", .num = &limit, .min = 0, .max = 1000000000L },
		{ "json", .flag = &is_json },
		{ .name = NULL },
	};
	struct rowlist rows = { 0 }, users = { 0 };
	struct incident inc = { 0 };
	struct session *s = NULL;
	struct err err = { 0 };
	char ref[48];
	enum status st;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "audit log takes no arguments"))
		return rc;
	rowlist_init(&rows, sizeof(struct audit_row));
	/* Looking an incident up by its ID may be an audited access. */
	if ((st = subject != NULL && strchr(subject, ':') == NULL ?
	    cli_open_to_look(c, &s, &err) : cli_open(c, DB_READ, &s,
	    &err)) != ST_OK)
		goto fail;
	/* An incident ID names the incident's subject, incident:ROWID. */
	if (subject != NULL && strchr(subject, ':') == NULL) {
		if ((st = incident_get(s, subject, &inc, &err)) != ST_OK)
			goto fail;
		snprintf(ref, sizeof ref, "incident:%lld", inc.id);
		subject = ref;
	}
	if ((st = user_list(s, &users, &err)) != ST_OK)
		goto fail;
	if ((st = audit_list(s->db, subject, NULL, limit, 0, &rows, &err)) != ST_OK)
		goto fail;
	if (is_json)
		rc = cli_json_print_rows(&rows, row_json);
	else if (rows.count == 0)
		printf("No audit rows%s.\n", subject != NULL ? " about that" : "");
	else
		print_rows(&rows, &users);
	goto done;
fail:
	rc = cli_fail(&err);
done:
	rowlist_free(&rows, (row_clear_fn)audit_row_clear);
	rowlist_free(&users, (row_clear_fn)user_clear);
	incident_clear(&inc);
	session_close(&s);
	return rc;
}

/* Where the export goes: standard output, or a temporary file that is
 * renamed over FILE once whole. */
struct sink {
	FILE       *f;
	const char *what;      /* for messages: the file, or "standard output" */
};

static enum status
sink_line(const char *line, size_t len, void *ctx, struct err *err)
{
	struct sink *k = ctx;

	if (fwrite(line, 1, len, k->f) != len)
		return err_set(err, ST_IO, "writing %s: %s", k->what,
		    strerror(errno));
	return ST_OK;
}

/* FILE's directory part, for the temporary file beside it; caller frees. */
static char *
dir_of(const char *file)
{
	const char *slash = strrchr(file, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == file)
		return xstrdup("/");
	return xstrndup(file, (size_t)(slash - file));
}

/* Write the export to OUT atomically: a private temporary file beside it,
 * flushed to disk, then renamed over it. */
static enum status
export_to_file(struct session *s, bool with_approvals, const char *out,
    struct err *err)
{
	struct sink k = { .what = out };
	struct stat sb;
	char *dir = NULL, *tmp = NULL;
	enum status st = ST_OK;
	int fd = -1;

	if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode))
		return err_set(err, ST_IO, "--out %s: it is a directory", out);
	dir = dir_of(out);
	tmp = xasprintf("%s/.herald-audit-XXXXXX", dir);
	if ((fd = mkstemp(tmp)) < 0 || (k.f = fdopen(fd, "w")) == NULL) {
		st = err_set(err, ST_IO, "--out %s: cannot write in %s: %s", out,
		    dir, strerror(errno));
		goto end;
	}
	fd = -1;
	st = audit_export(s, with_approvals, sink_line, &k, err);
	if (st == ST_OK && (fflush(k.f) != 0 || fsync(fileno(k.f)) != 0))
		st = err_set(err, ST_IO, "writing %s: %s", out, strerror(errno));
	if (fclose(k.f) != 0 && st == ST_OK)
		st = err_set(err, ST_IO, "writing %s: %s", out, strerror(errno));
	k.f = NULL;
	if (st == ST_OK && rename(tmp, out) != 0)
		st = err_set(err, ST_IO, "--out %s: %s", out, strerror(errno));
	if (st != ST_OK)
		unlink(tmp);
end:
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	free(dir);
	return st;
}

static int
audit_export_cmd(struct cli *c, int argc, char **argv)
{
	const char *format = NULL, *out = NULL;
	bool with_approvals = false;
	const struct cli_opt opts[] = {
		{ "format", .str = &format },
		{ "out", .str = &out },
		{ "with-approvals", .flag = &with_approvals },
		{ .name = NULL },
	};
	struct sink k = { .f = stdout, .what = "standard output" };
	struct session *s = NULL;
	struct err err = { 0 };
	enum status st;
	int rc = 0;

	if (!cli_parse_args(argc, argv, opts, usage, 0, &rc,
	    "audit export takes no arguments"))
		return rc;
	if (format == NULL)
		return cli_usage_error(usage, "audit export needs --format jsonl");
	if (strcmp(format, "jsonl") != 0) {
		err_set(&err, ST_INVALID, "--format %s: the audit chain exports "
		    "as jsonl (JSON Lines) only", format);
		return cli_fail(&err);
	}
	if (out != NULL && *out == '\0')
		return cli_usage_error(usage, "--out needs a file name");
	if ((st = cli_open(c, DB_READ, &s, &err)) != ST_OK)
		return cli_fail(&err);
	if (out != NULL)
		st = export_to_file(s, with_approvals, out, &err);
	else if ((st = audit_export(s, with_approvals, sink_line, &k,
	    &err)) == ST_OK && fflush(stdout) != 0)
		st = err_set(&err, ST_IO, "writing standard output: %s",
		    strerror(errno));
	if (st != ST_OK)
		rc = cli_fail(&err);
	session_close(&s);
	return rc;
}

int
cmd_audit(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "verify", audit_verify_cmd },
		{ "log", audit_log_cmd },
		{ "export", audit_export_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}
