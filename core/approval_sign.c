/* core/approval_sign.c - approvers' OpenPGP signatures over what they
 * decided, and the digest that ties an approval row to its audit row. */
#include "config.h"

#include "core/approval_sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "core/sign.h"
#include "core/text.h"
#include "storage/q_user.h"
#include "util/xalloc.h"

/*
 * "KEY: VALUE\n", VALUE with its control characters and backslashes as
 * \xNN: a value cannot end its line early, so no two rows make the same
 * statement.
 */
static void
line(struct textbuf *t, const char *key, const char *v)
{
	textbuf_printf(t, "%s: ", key);
	for (; v != NULL && *v != '\0'; v++) {
		if ((unsigned char)*v < 0x20 || *v == 0x7f || *v == '\\')
			textbuf_printf(t, "\\x%02x", (unsigned char)*v);
		else
			textbuf_add(t, v, 1);
	}
	textbuf_add(t, "\n", 1);
}

static void
line_num(struct textbuf *t, const char *key, const char *prefix,
    long long v)
{
	char buf[48];

	snprintf(buf, sizeof buf, "%s%lld", prefix, v);
	line(t, key, buf);
}

char *
approval_statement(const struct approval *a)
{
	struct textbuf t = { 0 };

	textbuf_str(&t, "herald-approval-1\n");
	line_num(&t, "communication", "", a->communication_id);
	line_num(&t, "revision", "", a->revision);
	line(&t, "gate", a->gate);
	line(&t, "role", a->role);
	line_num(&t, "approver", "user:", a->approver_id);
	line(&t, "decision", a->decision);
	line_num(&t, "canon-version", "", a->canon_version);
	line(&t, "content-hash", a->content_hash);
	line(&t, "decided-at", a->decided_at);
	return textbuf_take(&t);
}

void
approval_row_digest(const struct approval *a, char *hex)
{
	char id[24], comm[24], rev[24], approver[24], canon[24];
	char snap[HASH_HEX_SIZE];
	const char *fields[] = { id, comm, rev, a->gate, approver, a->role,
	    a->decision, a->comment, a->content_hash, snap, a->decided_at,
	    canon, a->signer, a->signature };

	snprintf(id, sizeof id, "%lld", a->id);
	snprintf(comm, sizeof comm, "%lld", a->communication_id);
	snprintf(rev, sizeof rev, "%lld", a->revision);
	snprintf(approver, sizeof approver, "%lld", a->approver_id);
	snprintf(canon, sizeof canon, "%lld", a->canon_version);
	/* The snapshot may be megabytes: its own digest stands for it. */
	hash_sha256_hex(a->snapshot != NULL ? a->snapshot : "",
	    a->snapshot != NULL ? strlen(a->snapshot) : 0, snap);
	hash_fields_hex("herald-approval-row-1\n", fields,
	    sizeof fields / sizeof *fields, hex);
}

/* MSG without the "signing.key " or "key: " that core/sign.c starts with. */
static const char *
bare(const char *msg)
{
	static const char *const prefixes[] = { "signing.key: ",
	    "signing.key ", "key: ", "key ", NULL };
	size_t i, n;

	for (i = 0; prefixes[i] != NULL; i++) {
		n = strlen(prefixes[i]);
		if (strncmp(msg, prefixes[i], n) == 0)
			return msg + n;
	}
	return msg;
}

enum status
approval_sign(struct session *s, struct approval *a, struct err *err)
{
	struct user u = { 0 };
	struct err why = { 0 };
	char *statement = NULL, *sig = NULL;
	size_t len = 0;
	enum status st;

	free(a->signer);
	free(a->signature);
	a->signer = a->signature = NULL;
	if (!session_is_known(s))
		return ST_OK;
	/* The key as stored now, not as it was when the session opened. */
	if ((st = q_user_by_id(s->db, s->user.id, &u, err)) != ST_OK)
		return st;
	if (u.signing_key == NULL || *u.signing_key == '\0')
		goto end;
	statement = approval_statement(a);
	if (sign_data(u.signing_key, SIGN_DETACHED, statement,
	    strlen(statement), &sig, &len, &why) != ST_OK) {
		st = err_set(err, why.code, "your signing key %s cannot sign "
		    "this decision, so it was not recorded: %s. Make the key "
		    "usable in GnuPG, or stop signing with herald user key %s "
		    "--none", u.signing_key, bare(why.msg), u.login);
		goto end;
	}
	a->signer = xstrdup(u.signing_key);
	a->signature = sig;
	sig = NULL;
end:
	free(statement);
	free(sig);
	user_clear(&u);
	return st;
}

enum status
approval_check_signature(const struct approval *a, char *why, size_t n,
    struct err *err)
{
	struct sign_check chk;
	struct err e = { 0 };
	char *statement;
	enum status st;

	if (a->signer == NULL || a->signature == NULL) {
		snprintf(why, n, "not signed");
		return err_set(err, ST_NOTFOUND, "approval %lld is not signed",
		    a->id);
	}
	statement = approval_statement(a);
	st = sign_verify(statement, strlen(statement), a->signature, &chk, &e);
	free(statement);
	switch (st) {
	case ST_OK:
		/* Good, but only the approver's key (or a subkey of it) counts. */
		if (strcasecmp(chk.primary, a->signer) == 0 ||
		    strcasecmp(chk.fpr, a->signer) == 0) {
			snprintf(why, n, "%s", chk.why[0] != '\0' ? chk.why :
			    "good signature");
			return ST_OK;
		}
		snprintf(why, n, "a good signature, but by key %s, not by the "
		    "approver's key", chk.fpr);
		st = ST_TAMPERED;
		break;
	case ST_NOTFOUND:
		snprintf(why, n, "GnuPG has no public key %s to check it: import "
		    "the approver's public key (gpg --import) and verify again",
		    a->signer);
		break;
	case ST_TAMPERED:
		snprintf(why, n, "%s", chk.why);
		break;
	default:
		snprintf(why, n, "not checked: %s", e.msg);
		break;
	}
	return err_set(err, st, "approval %lld: %s", a->id, why);
}
