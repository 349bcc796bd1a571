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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csaf.h"
#include "core/export.h"
#include "core/hash.h"
#include "core/sign.h"
#include "core/text.h"
#include "util/xalloc.h"

/* Bumped when the documents' shape changes, so a newer herald rewrites
 * what an older one made from the same items. */
#define CSAF_STAMP_VERSION "csaf-1"
#define CSAF_TOP   EXPORT_SITE "/.well-known/csaf/"
#define CSAF_WHITE CSAF_TOP "white/"

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
		if ((cat = csaf_category_from_format(jstr_nonempty(o,
		    "format"))) >= 0)
			return cat;
	if (outs == NULL && json_is_true(json_object_get(item, "is_advisory")))
		return CSAF_ADVISORY;
	return -1;
}

/* The checksum files of TEXT (LEN bytes) named NAME, as sha256sum -c
 * and sha512sum -c read them: "<hex>  NAME\n". Allocated. */
static char *
sha256_line(const char *text, size_t len, const char *name)
{
	char hex[HASH_HEX_SIZE];

	hash_sha256_hex(text, len, hex);
	return xasprintf("%s  %s\n", hex, name);
}

static char *
sha512_line(const char *text, size_t len, const char *name)
{
	char hex[HASH_SHA512_HEX_SIZE];

	hash_sha512_hex(text, len, hex);
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
	const char *v[3] = { jstr_nonempty(item, "stamp"),
	    jstr_nonempty(pir, "title"), jstr_nonempty(pir, "url") };

	/* The item's stamp leaves out "pir", which the references use. */
	hash_sha256_hexf(stamp, CSAF_STAMP_VERSION ":%d:%s:%s:%s", cat,
	    v[0] != NULL ? v[0] : "", v[1] != NULL ? v[1] : "",
	    v[2] != NULL ? v[2] : "");
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
	char *sig = NULL, hex[HASH_HEX_SIZE];
	size_t slen = 0;
	enum status st;

	/* The signature is made from the bytes and the key; signing again
	 * would give other bytes, so only when one of them changed. */
	hash_sha256_hexf(hex, "%s:%s", stamp, fpr);
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
		line = sha256_line(text, len, name);
		st = outdir_write_str(x->out, f->sha256, line, stamp, err);
		free(line);
		if (st != ST_OK)
			goto end;
		line = sha512_line(text, len, name);
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
	const char *current = jstr_nonempty(item, "updated_at"),
	    *ref = jstr_nonempty(item, "ref");
	long long id = json_integer_value(json_object_get(item, "id"));
	struct docfiles f = { 0 };
	char *name = csaf_file_name(item), *path = csaf_layout_path(item),
	    stamp[HASH_HEX_SIZE];
	const json_t *e;
	enum status st = ST_OK;
	size_t i;

	if (name == NULL || path == NULL || current == NULL) {
		st = err_set(err, ST_INVALID, "csaf: communication %lld has no "
		    "incident reference or release date to file it by", id);
		goto end;
	}
	json_array_foreach(entries, i, e)
		if (strcmp(jstr_nonempty(e, "path"), path) == 0) {
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
		    ref != NULL ? ref : "?", id);
		goto end;
	}
	if (fpr == NULL)
		drop_file(x->out, f.asc);
	jpush(entries, json_pack("{s:s,s:s,s:I}", "path", path, "date",
	    current, "id", (json_int_t)id));
end:
	docfiles_clear(&f);
	free(name);
	free(path);
	return st;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(jstr_nonempty(*(json_t *const *)a, "path"),
	    jstr_nonempty(*(json_t *const *)b, "path"));
}

/* Newest release first, then by path: changes.csv's order. */
static int
by_date_desc(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(jstr_nonempty(y, "date"), jstr_nonempty(x, "date"));

	return c != 0 ? c : strcmp(jstr_nonempty(x, "path"),
	    jstr_nonempty(y, "path"));
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
	size_t n = json_array_size(entries), i;
	struct textbuf b = { 0 };
	json_t **v;
	enum status st;

	v = sorted(entries, by_path);
	textbuf_str(&b, "");
	for (i = 0; i < n; i++)
		textbuf_printf(&b, "%s\n", jstr(v[i], "path"));
	free(v);
	st = outdir_write(x->out, CSAF_WHITE "index.txt", b.p, b.len, NULL,
	    err);
	if (st != ST_OK)
		goto end;
	v = sorted(entries, by_date_desc);
	textbuf_clear(&b);
	textbuf_str(&b, "");
	for (i = 0; i < n; i++)
		textbuf_printf(&b, "\"%s\",\"%s\"\n", jstr(v[i], "path"),
		    jstr(v[i], "date"));
	free(v);
	st = outdir_write(x->out, CSAF_WHITE "changes.csv", b.p, b.len, NULL,
	    err);
end:
	textbuf_clear(&b);
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
		if ((d = jstr_nonempty(e, "date")) != NULL &&
		    (best == NULL || strcmp(d, best) > 0))
			best = d;
	json_array_foreach(m->items, i, e)
		if (best == NULL &&
		    (d = jstr_nonempty(e, "updated_at")) != NULL)
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
	const char *url = jstr_nonempty(site, "site_url"), *contact;
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
	    jstr_nonempty(site, "publisher_name"), "namespace",
	    jstr_nonempty(site, "publisher_namespace"));
	if ((contact = jstr_nonempty(site, "publisher_contact")) != NULL)
		jput(pub, "contact_details", json_string(contact));
	pm = json_object();
	jput(pm, "canonical_url", json_sprintf("%s.well-known/csaf/"
	    "provider-metadata.json", base));
	jput(pm, "distributions", json_pack("[{s:s+}]", "directory_url", base,
	    ".well-known/csaf/white/"));
	jput(pm, "last_updated", json_string(last_updated(x->model, entries)));
	jput(pm, "list_on_CSAF_aggregators", json_true());
	jput(pm, "metadata_version", json_string("2.0"));
	jput(pm, "mirror_on_CSAF_aggregators", json_true());
	if (key != NULL) {
		jput(pm, "public_openpgp_keys", json_pack("[o]", key));
		key = NULL;
	}
	jput(pm, "publisher", pub);
	jput(pm, "role", json_string(fpr != NULL ? "csaf_trusted_provider" :
	    "csaf_provider"));
	s = jdump_doc(pm, JSON_INDENT(2) | JSON_SORT_KEYS, NULL);
	st = outdir_write_str(x->out, CSAF_TOP "provider-metadata.json", s,
	    NULL, err);
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
	const char *fpr = jstr_nonempty(x->model->site, "signing_key");
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
