/* core/export_csaf.c - `herald export csaf`: the CSAF 2.0 provider layout
 * under site/.well-known/csaf/ (section 7 of the standard):
 *
 *   provider-metadata.json       who publishes, where, with which key
 *   openpgp/FINGERPRINT.asc      the public key, when signing.key is set
 *   white/YYYY/NAME.json         one document per public communication
 *                                whose playbook has a CSAF output, in the
 *                                year of its first release (TLP:WHITE)
 *   white/YYYY/NAME.json.sha256  "<hex>  NAME.json", as sha256sum -c reads
 *   white/YYYY/NAME.json.sha512
 *   white/YYYY/NAME.json.asc     a detached OpenPGP signature (signing.key)
 *   white/index.txt              every document, one path a line
 *   white/changes.csv            "path","current_release_date", newest first
 *
 * With a signing key the provider is a trusted provider (requirements 18
 * to 20: hashes, signatures, the public key). A document is rendered
 * again only when its item changed. */
#include "config.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csaf.h"
#include "core/export.h"
#include "core/hash.h"
#include "core/sign.h"
#include "util/xalloc.h"

/* Bumped when the documents' shape changes, so a newer herald rewrites
 * what an older one made from the same items. */
#define CSAF_STAMP_VERSION "csaf-1"
#define CSAF_TOP   EXPORT_SITE "/.well-known/csaf/"
#define CSAF_WHITE CSAF_TOP "white/"

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL && *s != '\0' ? s : NULL;
}

static void
put(json_t *o, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		die("out of memory");
}

/*
 * The CSAF category of ITEM: from the first CSAF output of its playbook
 * ("outputs"), or, for a model without outputs, an advisory's. -1 when
 * the item has no CSAF document.
 */
static int
item_category(const json_t *item)
{
	const json_t *outs = json_object_get(item, "outputs"), *o;
	size_t i;
	int cat;

	json_array_foreach(outs, i, o)
		if ((cat = csaf_category_from_format(str(o, "format"))) >= 0)
			return cat;
	if (outs == NULL && json_is_true(json_object_get(item, "is_advisory")))
		return CSAF_ADVISORY;
	return -1;
}

/* "<hex>  NAME\n" of the digest MD of the LEN bytes at DATA. */
static char *
digest_line(const EVP_MD *md, const void *data, size_t len,
    const char *name)
{
	unsigned char sum[EVP_MAX_MD_SIZE];
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	unsigned int n = 0, i;

	if (EVP_Digest(data, len, sum, &n, md, NULL) != 1)
		die("digest unavailable");
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	return xasprintf("%s  %s\n", hex, name);
}

/* Remove REL, written by an earlier export, and forget it: a signature
 * left behind would not match the document once the document changes. */
static void
drop_file(struct outdir *o, const char *rel)
{
	char *path;

	if (json_object_get(o->manifest, rel) == NULL)
		return;
	path = xasprintf("%s/%s", o->root, rel);
	(void)unlink(path);
	free(path);
	json_object_del(o->manifest, rel);
}

/* What the files of ITEM in category CAT are made from. */
static void
item_stamp(const json_t *item, int cat, char stamp[HASH_HEX_SIZE])
{
	const json_t *pir = json_object_get(item, "pir");
	char *mix;

	/* The item's stamp leaves out "pir", which the references use. */
	mix = xasprintf(CSAF_STAMP_VERSION ":%d:%s:%s:%s", cat,
	    str(item, "stamp") != NULL ? str(item, "stamp") : "",
	    str(pir, "title") != NULL ? str(pir, "title") : "",
	    str(pir, "url") != NULL ? str(pir, "url") : "");
	hash_sha256_hex(mix, strlen(mix), stamp);
	free(mix);
}

/* The files of one document, relative to the output directory. */
struct docfiles {
	char *json, *sha256, *sha512, *asc;
};

static void
docfiles_clear(struct docfiles *f)
{
	free(f->json);
	free(f->sha256);
	free(f->sha512);
	free(f->asc);
}

/* Sign TEXT into F->asc with FPR, unless the signature there is fresh. */
static enum status
write_signature(struct export_ctx *x, const struct docfiles *f,
    const char *fpr, const char *stamp, const char *text, size_t len,
    struct err *err)
{
	char *sig = NULL, *sstamp, hex[HASH_HEX_SIZE];
	size_t slen = 0;
	enum status st;

	/* The signature is made from the bytes and the key; signing again
	 * would give other bytes, so only when one of them changed. */
	sstamp = xasprintf("%s:%s", stamp, fpr);
	hash_sha256_hex(sstamp, strlen(sstamp), hex);
	free(sstamp);
	if (outdir_fresh(x->out, f->asc, hex))
		return ST_OK;
	if ((st = sign_data(fpr, SIGN_DETACHED, text, len, &sig, &slen,
	    err)) != ST_OK)
		return st;
	st = outdir_write(x->out, f->asc, sig, slen, hex, err);
	free(sig);
	return st;
}

/* Render and write the document of ITEM and its hashes into F. */
static enum status
write_document(struct export_ctx *x, const json_t *item, int cat,
    const struct docfiles *f, const char *name, const char *stamp,
    const char *fpr, struct err *err)
{
	char *text = NULL, *line;
	size_t len = 0;
	enum status st;
	bool fresh;

	fresh = outdir_fresh(x->out, f->json, stamp) &&
	    outdir_fresh(x->out, f->sha256, stamp) &&
	    outdir_fresh(x->out, f->sha512, stamp);
	if (fresh && fpr == NULL)
		return ST_OK;
	if (fresh)
		text = outdir_read(x->out, f->json, &len);
	if (text == NULL) {
		if ((st = csaf_render(cat, NULL, item, &text, &len, err)) !=
		    ST_OK)
			return st;
		if ((st = outdir_write(x->out, f->json, text, len, stamp,
		    err)) != ST_OK)
			goto end;
		line = digest_line(EVP_sha256(), text, len, name);
		st = outdir_write_str(x->out, f->sha256, line, stamp, err);
		free(line);
		if (st != ST_OK)
			goto end;
		line = digest_line(EVP_sha512(), text, len, name);
		st = outdir_write_str(x->out, f->sha512, line, stamp, err);
		free(line);
		if (st != ST_OK)
			goto end;
	}
	st = fpr != NULL ? write_signature(x, f, fpr, stamp, text, len, err) :
	    ST_OK;
end:
	free(text);
	return st;
}

/*
 * The document of ITEM in category CAT, its hashes and its signature
 * (FPR: the signing key, or NULL); its path and date join ENTRIES.
 */
static enum status
export_one(struct export_ctx *x, const json_t *item, int cat,
    const char *fpr, json_t *entries, struct err *err)
{
	const char *initial = str(item, "first_published_at"),
	    *current = str(item, "updated_at");
	long long id = json_integer_value(json_object_get(item, "id"));
	struct docfiles f = { 0 };
	char *name = csaf_file_name(item), *path = NULL,
	    stamp[HASH_HEX_SIZE];
	const json_t *e;
	enum status st = ST_OK;
	size_t i;

	if (initial == NULL)
		initial = current;
	if (name == NULL || initial == NULL || current == NULL ||
	    strspn(initial, "0123456789") < 4) {
		st = err_set(err, ST_INVALID, "csaf: communication %lld has no "
		    "incident reference or release date to file it by", id);
		goto end;
	}
	path = xasprintf("%.4s/%s", initial, name);
	json_array_foreach(entries, i, e)
		if (strcmp(str(e, "path"), path) == 0) {
			st = err_set(err, ST_INVALID, "csaf: communications "
			    "%lld and %lld would both be %s", (long long)
			    json_integer_value(json_object_get(e, "id")), id,
			    path);
			goto end;
		}
	f.json = xasprintf(CSAF_WHITE "%s", path);
	f.sha256 = xasprintf("%s.sha256", f.json);
	f.sha512 = xasprintf("%s.sha512", f.json);
	f.asc = xasprintf("%s.asc", f.json);
	item_stamp(item, cat, stamp);
	if ((st = write_document(x, item, cat, &f, name, stamp, fpr, err)) !=
	    ST_OK) {
		err_prefix(err, "csaf: %s (communication %lld)",
		    str(item, "ref") != NULL ? str(item, "ref") : "?", id);
		goto end;
	}
	if (fpr == NULL)
		drop_file(x->out, f.asc);
	if (json_array_append_new(entries, json_pack("{s:s,s:s,s:I}", "path",
	    path, "date", current, "id", (json_int_t)id)) != 0)
		die("out of memory");
end:
	docfiles_clear(&f);
	free(name);
	free(path);
	return st;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(str(*(json_t *const *)a, "path"),
	    str(*(json_t *const *)b, "path"));
}

/* Newest release first, then by path: changes.csv's order. */
static int
by_date_desc(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(str(y, "date"), str(x, "date"));

	return c != 0 ? c : strcmp(str(x, "path"), str(y, "path"));
}

/* ENTRIES as an array of borrowed pointers sorted by CMP. */
static json_t **
sorted(const json_t *entries, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(entries), i;
	json_t **v = xcalloc(n + 1, sizeof *v);

	for (i = 0; i < n; i++)
		v[i] = json_array_get(entries, i);
	qsort(v, n, sizeof *v, cmp);
	return v;
}

/* white/index.txt and white/changes.csv. */
static enum status
write_lists(struct export_ctx *x, const json_t *entries, struct err *err)
{
	size_t n = json_array_size(entries), i, cap = 64 * (n + 1), used;
	json_t **v;
	char *buf = xmalloc(cap);
	enum status st;

	v = sorted(entries, by_path);
	buf[0] = '\0';
	for (i = used = 0; i < n; i++) {
		const char *p = str(v[i], "path");

		if (used + strlen(p) + 2 > cap)
			buf = xreallocarray(buf, cap = 2 * cap + strlen(p), 1);
		used += (size_t)sprintf(buf + used, "%s\n", p);
	}
	free(v);
	st = outdir_write(x->out, CSAF_WHITE "index.txt", buf, used, NULL, err);
	if (st != ST_OK)
		goto end;
	v = sorted(entries, by_date_desc);
	for (i = used = 0; i < n; i++) {
		const char *p = str(v[i], "path"), *d = str(v[i], "date");

		if (used + strlen(p) + strlen(d) + 8 > cap)
			buf = xreallocarray(buf, cap = 2 * cap + strlen(p) +
			    strlen(d), 1);
		used += (size_t)sprintf(buf + used, "\"%s\",\"%s\"\n", p, d);
	}
	free(v);
	st = outdir_write(x->out, CSAF_WHITE "changes.csv", buf, used, NULL,
	    err);
end:
	free(buf);
	return st;
}

/* When the provider last changed: its newest document, else its newest
 * item, else now; never the time of the run, so a run that changes
 * nothing rewrites nothing. */
static const char *
last_updated(const struct docmodel *m, const json_t *entries)
{
	const char *best = NULL, *d;
	const json_t *e;
	size_t i;

	json_array_foreach(entries, i, e)
		if ((d = str(e, "date")) != NULL &&
		    (best == NULL || strcmp(d, best) > 0))
			best = d;
	json_array_foreach(m->items, i, e)
		if (best == NULL && (d = str(e, "updated_at")) != NULL)
			best = d;
	return best != NULL ? best : m->now;
}

/* openpgp/FPR.asc, and its entry for provider-metadata.json. */
static enum status
write_key(struct export_ctx *x, const char *fpr, const char *base,
    json_t **entry, struct err *err)
{
	char *key = NULL, *up = xstrdup(fpr), *rel, *url;
	size_t len = 0, i;
	enum status st;

	*entry = NULL;
	for (i = 0; up[i] != '\0'; i++)
		if (up[i] >= 'a' && up[i] <= 'f')
			up[i] = (char)(up[i] - 'a' + 'A');
	if ((st = sign_public_key(fpr, &key, &len, err)) != ST_OK) {
		free(up);
		return st;
	}
	rel = xasprintf(CSAF_TOP "openpgp/%s.asc", up);
	url = xasprintf("%s.well-known/csaf/openpgp/%s.asc", base, up);
	st = outdir_write(x->out, rel, key, len, NULL, err);
	if (st == ST_OK)
		*entry = json_pack("{s:s,s:s}", "fingerprint", up, "url", url);
	free(key);
	free(rel);
	free(url);
	free(up);
	return st;
}

static enum status
write_metadata(struct export_ctx *x, const json_t *entries, const char *fpr,
    struct err *err)
{
	const json_t *site = x->model->site;
	const char *url = str(site, "site_url"), *contact;
	char *base, *s;
	json_t *pm = NULL, *pub, *key = NULL;
	enum status st = ST_OK;

	if (url == NULL)
		return err_set(err, ST_INVALID, "csaf: site.url is needed for "
		    "provider-metadata.json (herald settings set site.url URL)");
	base = xasprintf("%s%s", url, url[strlen(url) - 1] == '/' ? "" : "/");
	if (fpr != NULL && (st = write_key(x, fpr, base, &key, err)) != ST_OK)
		goto end;
	pub = json_pack("{s:s,s:s?,s:s?}", "category", "vendor", "name",
	    str(site, "publisher_name"), "namespace",
	    str(site, "publisher_namespace"));
	if ((contact = str(site, "publisher_contact")) != NULL)
		put(pub, "contact_details", json_string(contact));
	pm = json_object();
	put(pm, "canonical_url", json_sprintf("%s.well-known/csaf/"
	    "provider-metadata.json", base));
	put(pm, "distributions", json_pack("[{s:s+}]", "directory_url", base,
	    ".well-known/csaf/white/"));
	put(pm, "last_updated", json_string(last_updated(x->model, entries)));
	put(pm, "list_on_CSAF_aggregators", json_true());
	put(pm, "metadata_version", json_string("2.0"));
	put(pm, "mirror_on_CSAF_aggregators", json_true());
	if (key != NULL) {
		put(pm, "public_openpgp_keys", json_pack("[o]", key));
		key = NULL;
	}
	put(pm, "publisher", pub);
	put(pm, "role", json_string(fpr != NULL ? "csaf_trusted_provider" :
	    "csaf_provider"));
	if ((s = json_dumps(pm, JSON_INDENT(2) | JSON_SORT_KEYS)) == NULL)
		die("out of memory");
	{
		char *text = xasprintf("%s\n", s);

		st = outdir_write_str(x->out, CSAF_TOP "provider-metadata.json",
		    text, NULL, err);
		free(text);
	}
	free(s);
end:
	json_decref(key);
	json_decref(pm);
	free(base);
	return st;
}

enum status
export_csaf(struct export_ctx *x, struct err *err)
{
	const json_t *item;
	const char *fpr = str(x->model->site, "signing_key");
	json_t *entries = json_array();
	size_t i, n = json_array_size(x->model->items);
	enum status st = ST_OK;
	int cat;

	if (entries == NULL)
		die("out of memory");
	json_array_foreach(x->model->items, i, item) {
		progress_report(x->progress, (long)i, (long)n);
		if (!export_item_public(item) || (cat = item_category(item)) < 0)
			continue;
		if ((st = export_one(x, item, cat, fpr, entries, err)) != ST_OK)
			goto end;
	}
	if ((st = write_lists(x, entries, err)) != ST_OK)
		goto end;
	st = write_metadata(x, entries, fpr, err);
end:
	json_decref(entries);
	return st;
}
