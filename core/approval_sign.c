/* core/approval_sign.c - approvers' OpenPGP signatures over what they
 * decided, and the digest that ties an approval row to its audit row. */
#include "config.h"

#include "core/approval_sign.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "core/sign.h"
#include "storage/q_user.h"
#include "util/xalloc.h"

/* A growing text, for the statement. */
struct text {
	char   *s;
	size_t  len, cap;
};

static void
text_add(struct text *t, const char *v, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = xreallocarray(t->s, t->cap, 1);
	}
	memcpy(t->s + t->len, v, n);
	t->len += n;
	t->s[t->len] = '\0';
}

/*
 * "KEY: VALUE\n", VALUE with its control characters and backslashes as
 * \xNN: a value cannot end its line early, so no two rows make the same
 * statement.
 */
static void
line(struct text *t, const char *key, const char *v)
{
	char esc[8];

	text_add(t, key, strlen(key));
	text_add(t, ": ", 2);
	for (; v != NULL && *v != '\0'; v++) {
		if ((unsigned char)*v < 0x20 || *v == 0x7f || *v == '\\') {
			snprintf(esc, sizeof esc, "\\x%02x", (unsigned char)*v);
			text_add(t, esc, strlen(esc));
		} else
			text_add(t, v, 1);
	}
	text_add(t, "\n", 1);
}

static void
line_num(struct text *t, const char *key, const char *prefix, long long v)
{
	char buf[48];

	snprintf(buf, sizeof buf, "%s%lld", prefix, v);
	line(t, key, buf);
}

char *
approval_statement(const struct approval *a)
{
	struct text t = { 0 };

	text_add(&t, "herald-approval-1\n", 18);
	line_num(&t, "communication", "", a->communication_id);
	line_num(&t, "revision", "", a->revision);
	line(&t, "gate", a->gate);
	line(&t, "role", a->role);
	line_num(&t, "approver", "user:", a->approver_id);
	line(&t, "decision", a->decision);
	line_num(&t, "canon-version", "", a->canon_version);
	line(&t, "content-hash", a->content_hash);
	line(&t, "decided-at", a->decided_at);
	return t.s;
}

/* One field of the row digest: "<bytes>:<value>\n", NULL as "". */
static void
feed(EVP_MD_CTX *md, const char *v)
{
	char len[32];

	if (v == NULL)
		v = "";
	snprintf(len, sizeof len, "%zu:", strlen(v));
	EVP_DigestUpdate(md, len, strlen(len));
	EVP_DigestUpdate(md, v, strlen(v));
	EVP_DigestUpdate(md, "\n", 1);
}

static void
feed_num(EVP_MD_CTX *md, long long v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", v);
	feed(md, buf);
}

void
approval_row_digest(const struct approval *a, char *hex)
{
	static const char tag[] = "herald-approval-row-1\n";
	unsigned char sum[EVP_MAX_MD_SIZE];
	char snap[HASH_HEX_SIZE];
	unsigned int n = 0, i;
	EVP_MD_CTX *md;

	if ((md = EVP_MD_CTX_new()) == NULL)
		die("out of memory (digest)");
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		die("SHA-256 unavailable");
	/* The snapshot may be megabytes: its own digest stands for it. */
	hash_sha256_hex(a->snapshot != NULL ? a->snapshot : "",
	    a->snapshot != NULL ? strlen(a->snapshot) : 0, snap);
	EVP_DigestUpdate(md, tag, sizeof tag - 1);
	feed_num(md, a->id);
	feed_num(md, a->communication_id);
	feed_num(md, a->revision);
	feed(md, a->gate);
	feed_num(md, a->approver_id);
	feed(md, a->role);
	feed(md, a->decision);
	feed(md, a->comment);
	feed(md, a->content_hash);
	feed(md, snap);
	feed(md, a->decided_at);
	feed_num(md, a->canon_version);
	feed(md, a->signer);
	feed(md, a->signature);
	EVP_DigestFinal_ex(md, sum, &n);
	EVP_MD_CTX_free(md);
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
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
