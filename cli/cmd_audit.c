/* cli/cmd_audit.c - herald audit: verify the hash chain and read it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/incident.h"
#include "core/user.h"

static const char usage[] =
"usage: herald audit verify [--head HASH] [--json]\n"
"       herald audit log [--subject SUBJECT] [--limit N] [--json]\n"
"\n"
"verify walks the whole audit chain and checks every row's SHA-256 against\n"
"its content and its predecessor. It prints the number of rows and the head\n"
"hash; record the head somewhere else and pass it back with --head later,\n"
"so rows cut off the end are noticed too. A broken chain exits with 11 and\n"
"names the first bad row.\n"
"\n"
"log prints the chain, newest first.\n"
"\n"
"  --head HASH        fail unless HASH (an earlier head) is still in the chain\n"
"  --subject SUBJECT  only rows about SUBJECT: incident:12, user:3, or an\n"
"                     incident ID like SEC-2026-004\n"
"  --limit N          at most N rows (default 100; 0 for all)\n"
"  --json             JSON instead of text\n"
"  -h, --help         show this help\n";

static bool
is_hex_hash(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == AUDIT_HASH_HEX - 1;
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
	enum status st;
	json_t *o;
	int rc = 0;

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (optind < argc)
		return cli_usage_error(usage, "audit verify takes no arguments");
	if (head != NULL && !is_hex_hash(head)) {
		err_set(&err, ST_INVALID, "--head %s: expected the 64 lowercase hex "
		    "digits that audit verify printed", head);
		return cli_fail(&err);
	}
	if ((st = cli_open(c, DB_READ, &s, &err)) != ST_OK)
		return cli_fail(&err);
	st = audit_verify(s->db, head, &rep, &err);
	if (st != ST_OK && st != ST_TAMPERED) {
		rc = cli_fail(&err);
		goto done;
	}
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
		rc = cli_json_print(o);
	} else if (st == ST_OK) {
		printf("Audit chain intact: %lld row%s\n", rep.count,
		    rep.count == 1 ? "" : "s");
		printf("Head: %s\n", rep.head);
		if (head != NULL)
			printf("The recorded head %.16s... is in the chain.\n", head);
	} else if (rep.first_bad > 0) {
		printf("First bad row: %lld\n", rep.first_bad);
		printf("Rows intact before it: %lld\n", rep.count);
	} else {
		/* Every row checks out, but the chain is no longer protected. */
		printf("Rows: %lld, each matching its hash\n", rep.count);
		printf("Head: %s\n", rep.head);
	}
	if (st == ST_TAMPERED) {
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
	if (*end != '\0' || (login = cli_user_login(users, id)) == NULL)
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

	if (!cli_parse_opts(argc, argv, opts, usage, &rc))
		return rc;
	if (optind < argc)
		return cli_usage_error(usage, "audit log takes no arguments");
	rowlist_init(&rows, sizeof(struct audit_row));
	if ((st = cli_open(c, DB_READ, &s, &err)) != ST_OK)
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

int
cmd_audit(struct cli *c, int argc, char **argv)
{
	static const struct cli_action actions[] = {
		{ "verify", audit_verify_cmd },
		{ "log", audit_log_cmd },
		{ NULL, NULL },
	};

	return cli_dispatch(c, argc, argv, actions, usage);
}
