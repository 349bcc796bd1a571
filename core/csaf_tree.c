/* core/csaf_tree.c - the product tree and the vulnerabilities of a CSAF
 * document: a branch per product and version (with a package URL where
 * one is safe), the product statuses, flags and threats of a VEX
 * statement, CVSS v3 scores and remediations. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/csaf_priv.h"
#include "core/cvss.h"
#include "core/text.h"
#include "util/xalloc.h"

static const char *const pstat_names[PS_COUNT] = {
	"known_affected", "fixed", "known_not_affected", "under_investigation",
};

/* --- product tree ------------------------------------------------------ */

/* Whether V reads as one exact version ("5.4.11", "2.18.1-rc1"), which
 * CSAF names product_version; anything else is a range (test 6.1.31). */
static bool
is_exact_version(const char *v)
{
	static const char *const words[] = { "all", "after", "before",
	    "earlier", "later", "prior", "versions", NULL };
	const char *const *w;
	const char *p;
	size_t n = strlen(v);

	if (!text_is_digit((unsigned char)v[0]))
		return false;
	for (p = v; *p != '\0'; p++)
		if (!text_is_alnum((unsigned char)*p) &&
		    strchr(".-+_", *p) == NULL)
			return false;
	for (w = words; *w != NULL; w++)
		if (strcasecmp(v, *w) == 0)
			return false;
	/* "5.x" is a range; so is "5.4.0-5.4.10", unlike "2.1.0-rc.1". */
	if (n >= 2 && v[n - 2] == '.' && (v[n - 1] == 'x' || v[n - 1] == 'X'))
		return false;
	for (p = strchr(v, '-'); p != NULL; p = strchr(p + 1, '-'))
		if (text_is_digit((unsigned char)p[1]) &&
		    strchr(p + 1, '.') != NULL)
			return false;
	return true;
}

/* The version leaf's category and name for ROW: its range, else its
 * release cycle, else all versions. NAME is allocated. */
static const char *
version_leaf(const json_t *row, char **name)
{
	const char *range = jstr_text(row, "range"),
	    *cycle = jstr_text(row, "cycle");

	if (range != NULL && strcasecmp(range, "all") == 0)
		range = NULL;
	if (range != NULL) {
		*name = xstrdup(range);
		return is_exact_version(range) ? "product_version" :
		    "product_version_range";
	}
	*name = cycle != NULL ? xasprintf("%s (all versions)", cycle) :
	    xstrdup("all versions");
	return "product_version_range";
}

static json_t *
branch(const char *category, const char *name)
{
	json_t *b = json_object();

	jput(b, "category", json_string(category));
	jput(b, "name", json_string(name));
	return b;
}

/* purl's type for each GitHub ecosystem with a safe mapping, what
 * separates a package's namespace from its name, and how many segments
 * the type takes. */
static const struct {
	const char *ecosystem, *type;
	char        sep;
	int         min, max;
} purl_types[] = {
	{ "actions", "github", '/', 2, 2 }, { "composer", "composer", '/', 2, 2 },
	{ "erlang", "hex", 0, 1, 1 }, { "go", "golang", '/', 1, 32 },
	{ "maven", "maven", ':', 2, 2 }, { "npm", "npm", '/', 1, 2 },
	{ "nuget", "nuget", 0, 1, 1 }, { "pip", "pypi", 0, 1, 1 },
	{ "pub", "pub", 0, 1, 1 }, { "rubygems", "gem", 0, 1, 1 },
	{ "rust", "cargo", 0, 1, 1 },
};

/*
 * The package URL of ROW's ecosystem and package (with VERSION when it is
 * one exact version), or NULL when there is none or no safe one: as many
 * segments as the type takes, none empty, no stray '/' or ':'; each
 * segment percent-encoded but for unreserved bytes. Allocated.
 */
static char *
purl(const json_t *row, const char *version)
{
	const char *eco = jstr_text(row, "ecosystem"),
	    *pkg = jstr_text(row, "package"), *p, *seg;
	struct textbuf b = { 0 };
	size_t i, k = SIZE_MAX;
	int segs = 1;
	char sep;

	for (i = 0; eco != NULL && i < sizeof purl_types /
	    sizeof purl_types[0]; i++)
		if (strcmp(purl_types[i].ecosystem, eco) == 0)
			k = i;
	if (k == SIZE_MAX || pkg == NULL || strlen(pkg) > 500)
		return NULL;
	sep = purl_types[k].sep;
	if (strpbrk(pkg, sep == ':' ? "/" : ":") != NULL ||
	    (sep == 0 && strchr(pkg, '/') != NULL))
		return NULL;
	for (p = pkg; sep != 0 && *p != '\0'; p++)
		if (*p == sep)
			segs++;
	if (segs < purl_types[k].min || segs > purl_types[k].max)
		return NULL;
	textbuf_printf(&b, "pkg:%s/", purl_types[k].type);
	for (seg = pkg; ; seg = p + 1) {
		p = sep != 0 ? strchr(seg, sep) : NULL;
		if (p == NULL)
			p = seg + strlen(seg);
		if (p == seg) {
			textbuf_clear(&b);
			return NULL;
		}
		textbuf_pct(&b, seg, (size_t)(p - seg), NULL);
		if (*p == '\0')
			break;
		textbuf_add(&b, "/", 1);
	}
	if (version != NULL) {
		textbuf_add(&b, "@", 1);
		textbuf_pct(&b, version, strlen(version), NULL);
	}
	return textbuf_take(&b);
}

/* The product_name branch of product SLUG under VENDOR, made when new. */
static json_t *
product_branch(json_t *vendor_kids, const char *slug, const char *name)
{
	json_t *b;
	size_t i;

	json_array_foreach(vendor_kids, i, b)
		if (strcmp(json_string_value(json_object_get(b, "x-slug")),
		    slug) == 0)
			return b;
	b = branch("product_name", name);
	jput(b, "x-slug", json_string(slug));      /* dropped before output */
	jput(b, "branches", json_array());
	jpush(vendor_kids, b);
	return b;
}

static int
pstat_from_name(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < PS_COUNT; i++)
		if (strcmp(pstat_names[i], s) == 0)
			return i;
	return -1;
}

/* Add ROW (number N from 1) of the products to the tree and statuses. */
static enum status
product_row(struct build *b, json_t *vendor_kids, size_t n,
    const json_t *row, struct err *err)
{
	const char *slug = jstr_text(row, "product"),
	    *name = jstr_text(row, "name"),
	    *pid = jstr_text(row, "product_id"), *just, *cat;
	json_t *pb, *leaf, *prod, *list;
	char *vname, *full, *url, pidbuf[32];
	int ps = pstat_from_name(jstr_text(row, "status"));

	if (slug == NULL)
		slug = name;
	if (slug == NULL)
		return err_set(err, ST_INVALID, "products, row %zu: which "
		    "product? (product missing)", n);
	if (ps < 0)
		return err_set(err, ST_INVALID, "products, row %zu: status must "
		    "be known_affected, fixed, known_not_affected or "
		    "under_investigation", n);
	just = jstr_text(row, "justification");
	if (ps == PS_NOT_AFFECTED && just == NULL && b->cat == CSAF_VEX &&
	    b->summary == NULL)
		return err_set(err, ST_INVALID, "products, row %zu: known not "
		    "affected needs its justification (CSAF VEX requires an "
		    "impact statement)", n);
	if (pid == NULL) {
		snprintf(pidbuf, sizeof pidbuf, "CSAFPID-%04zu", n);
		pid = pidbuf;
	}
	pb = product_branch(vendor_kids, slug, name != NULL ? name : slug);
	cat = version_leaf(row, &vname);
	full = xasprintf("%s %s", name != NULL ? name : slug, vname);
	leaf = branch(cat, vname);
	prod = json_object();
	jput(prod, "name", json_string(full));
	jput(prod, "product_id", json_string(pid));
	if ((url = purl(row, strcmp(cat, "product_version") == 0 ? vname :
	    NULL)) != NULL) {
		jput(prod, "product_identification_helper", json_pack("{s:s}",
		    "purl", url));
		free(url);
	}
	jput(leaf, "product", prod);
	jpush(json_object_get(pb, "branches"), leaf);
	jpush(b->ids[ps], json_string(pid));
	if (ps == PS_NOT_AFFECTED && just != NULL) {
		if ((list = json_object_get(b->flags, just)) == NULL) {
			list = json_array();
			jput(b->flags, just, list);
		}
		jpush(list, json_string(pid));
	}
	free(vname);
	free(full);
	return ST_OK;
}

enum status
csaf_product_tree(struct build *b, json_t **out, struct err *err)
{
	const json_t *rows = json_object_get(b->item, "products"), *row;
	const char *vendor = jstr_text(b->site, "publisher_name");
	json_t *tree = NULL, *v, *kids = json_array(), *pb;
	enum status st = ST_OK;
	size_t i;

	*out = NULL;
	if (json_array_size(rows) == 0) {
		json_decref(kids);
		return err_set(err, ST_INVALID, "products: a CSAF %s needs at "
		    "least one product with its status", b->cat == CSAF_VEX ?
		    "VEX statement" : "advisory");
	}
	json_array_foreach(rows, i, row)
		if ((st = product_row(b, kids, i + 1, row, err)) != ST_OK) {
			json_decref(kids);
			return st;
		}
	json_array_foreach(kids, i, pb)
		json_object_del(pb, "x-slug");
	v = branch("vendor", vendor != NULL ? vendor : "vendor");
	jput(v, "branches", kids);
	tree = json_object();
	jput(tree, "branches", json_pack("[o]", v));
	*out = tree;
	return ST_OK;
}

/* --- vulnerabilities --------------------------------------------------- */

static json_t *
ids_union(json_t *a, json_t *b)
{
	json_t *u = json_array();

	if (json_array_extend(u, a) != 0 || json_array_extend(u, b) != 0)
		die("out of memory");
	return u;
}

/* The CVSS v3 vector of the item: cvss_v3, else cvss when it is 3.x,
 * else the "cvss-v3" answer; NULL when none. */
static const char *
cvss3_vector(const json_t *item)
{
	const char *v = jstr_text(json_object_get(item, "cvss_v3"), "vector");

	if (v == NULL) {
		v = jstr_text(json_object_get(item, "cvss"), "vector");
		if (v != NULL && strncmp(v, "CVSS:3.", 7) != 0)
			v = NULL;
	}
	if (v == NULL)
		v = jstr_text(json_object_get(item, "values"), "cvss-v3");
	return v != NULL && strncmp(v, "CVSS:3.", 7) == 0 ? v : NULL;
}

/* The score of the item (CSAF 2.0 carries CVSS v3.x only), for the
 * products it concerns; *OUT NULL when there is none to give. */
static enum status
scores(struct build *b, json_t **out, struct err *err)
{
	const char *v3 = cvss3_vector(b->item),
	    *any = jstr_text(json_object_get(b->item, "cvss"), "vector");
	struct cvss_result r;
	json_t *products, *c, *s;
	char sev[16];
	size_t i;
	enum status st;

	*out = NULL;
	if (v3 == NULL) {
		if (any != NULL && b->cat == CSAF_ADVISORY)
			return err_set(err, ST_INVALID, "cvss-v3: the advisory's "
			    "CVSS vector is %.12s, and CSAF 2.0 carries CVSS "
			    "v3.x only: give a v3.1 vector beside it", any);
		return ST_OK;
	}
	if ((st = cvss_score(v3, &r, err)) != ST_OK) {
		err_prefix(err, "cvss-v3");
		return st;
	}
	products = json_array_size(b->ids[PS_AFFECTED]) > 0 ?
	    b->ids[PS_AFFECTED] : b->ids[PS_FIXED];
	if (json_array_size(products) == 0)
		return ST_OK;
	snprintf(sev, sizeof sev, "%s", r.base.severity != NULL ?
	    r.base.severity : "NONE");
	for (i = 0; sev[i] != '\0'; i++)
		sev[i] = (char)text_to_upper((unsigned char)sev[i]);
	c = json_object();
	jput(c, "version", json_string("3.1"));
	jput(c, "vectorString", json_string(r.vector));
	jput(c, "baseScore", json_real((double)(long)(r.base.score * 10 + 0.5) /
	    10));
	jput(c, "baseSeverity", json_string(sev));
	s = json_object();
	jput(s, "products", json_deep_copy(products));
	jput(s, "cvss_v3", c);
	*out = json_pack("[o]", s);
	return ST_OK;
}

static json_t *
remediation(const char *category, const char *details, const json_t *ids)
{
	json_t *r = json_object();

	jput(r, "category", json_string(category));
	jput(r, "details", json_string(details));
	jput(r, "product_ids", json_deep_copy(ids));
	return r;
}

/* What customers should do, for the products it concerns: a vendor fix
 * when a fixed version exists, else no fix available yet; a
 * workaround for the affected ones. */
static enum status
remediations(struct build *b, json_t **out, struct err *err)
{
	const char *ca = csaf_answer(b->item, "customer-actions"),
	    *wa = csaf_answer(b->item, "workaround");
	json_t *r = json_array(), *both;
	size_t n_aff = json_array_size(b->ids[PS_AFFECTED]);

	*out = NULL;
	both = ids_union(b->ids[PS_AFFECTED], b->ids[PS_FIXED]);
	if (ca != NULL && json_array_size(both) > 0) {
		jpush(r, remediation(json_array_size(b->ids[PS_FIXED]) > 0 ?
		    "vendor_fix" : "none_available", ca, both));
		b->ca_used = true;
	}
	if (wa != NULL && n_aff > 0) {
		jpush(r, remediation("workaround", wa, b->ids[PS_AFFECTED]));
		b->wa_used = true;
	}
	if (json_array_size(b->ids[PS_INVESTIGATING]) > 0)
		jpush(r, remediation("none_available", "Still under "
		    "investigation: this document will be updated when more is "
		    "known.", b->ids[PS_INVESTIGATING]));
	json_decref(both);
	/* CSAF VEX test 6.1.27.10: an action statement for each affected. */
	if (b->cat == CSAF_VEX && n_aff > 0 && !b->ca_used && !b->wa_used) {
		json_decref(r);
		return err_set(err, ST_INVALID, "customer-actions: a VEX "
		    "statement must say what to do about the known affected "
		    "products (CSAF requires an action statement)");
	}
	if (json_array_size(r) > 0)
		*out = r;
	else
		json_decref(r);
	return ST_OK;
}

static json_t *
product_status(const struct build *b)
{
	json_t *ps = json_object();
	int i;

	for (i = 0; i < PS_COUNT; i++)
		if (json_array_size(b->ids[i]) > 0)
			jput(ps, pstat_names[i], json_deep_copy(b->ids[i]));
	return ps;
}

static json_t *
flags(const struct build *b)
{
	json_t *out = json_array(), *f, *ids;
	const char *label;

	json_object_foreach(b->flags, label, ids) {
		f = json_object();
		jput(f, "label", json_string(label));
		jput(f, "product_ids", json_deep_copy(ids));
		jpush(out, f);
	}
	return out;
}

/* The parts every vulnerability of the item shares. */
struct vparts {
	json_t *scores, *remediations, *flags, *threats;
};

/* One vulnerability: CVE (NULL for one without a CVE id). */
static json_t *
vulnerability(const struct build *b, const struct vparts *p,
    const char *cve)
{
	const char *component = csaf_answer(b->item, "component"),
	    *title = jstr_text(b->item, "title"),
	    *ref = jstr_text(b->item, "ref"),
	    *pub = jstr_text(b->site, "publisher_name");
	json_t *v = json_object(), *ids;
	char *t = NULL;

	if (cve != NULL)
		jput(v, "cve", json_string(cve));
	else if (ref != NULL && pub != NULL) {
		ids = json_object();
		jput(ids, "system_name", json_string(pub));
		jput(ids, "text", json_string(ref));
		jput(v, "ids", json_pack("[o]", ids));
	}
	if (component != NULL && cve != NULL)
		t = xasprintf("%s in %s", cve, component);
	jput(v, "title", json_string(t != NULL ? t : title));
	free(t);
	jput(v, "notes", json_pack("[o]", csaf_note("description",
	    "Description", b->summary != NULL ? b->summary : title)));
	if (component != NULL)
		jpush(json_object_get(v, "notes"), csaf_note("details",
		    "Component", component));
	jput(v, "product_status", product_status(b));
	if (json_array_size(p->flags) > 0)
		jput(v, "flags", json_deep_copy(p->flags));
	if (p->threats != NULL)
		jput(v, "threats", json_deep_copy(p->threats));
	if (p->scores != NULL)
		jput(v, "scores", json_deep_copy(p->scores));
	if (p->remediations != NULL)
		jput(v, "remediations", json_deep_copy(p->remediations));
	return v;
}

enum status
csaf_vulnerabilities(struct build *b, json_t **out, struct err *err)
{
	const json_t *cves = json_object_get(b->item, "cves"), *c;
	struct vparts p = { 0 };
	json_t *vs = NULL, *t;
	enum status st;
	size_t i;

	*out = NULL;
	if (b->cat == CSAF_VEX && json_array_size(cves) == 0)
		return err_set(err, ST_INVALID, "cves: a VEX statement names the "
		    "CVEs it is about");
	if ((st = scores(b, &p.scores, err)) != ST_OK ||
	    (st = remediations(b, &p.remediations, err)) != ST_OK)
		goto end;
	p.flags = flags(b);
	/* An impact statement for what is not affected (VEX, 6.1.27.9). */
	if (json_array_size(b->ids[PS_NOT_AFFECTED]) > 0 &&
	    b->cat == CSAF_VEX && b->summary != NULL) {
		t = json_object();
		jput(t, "category", json_string("impact"));
		jput(t, "details", json_string(b->summary));
		jput(t, "product_ids", json_deep_copy(b->ids[PS_NOT_AFFECTED]));
		p.threats = json_pack("[o]", t);
	}
	vs = json_array();
	if (json_array_size(cves) == 0)
		jpush(vs, vulnerability(b, &p, NULL));
	json_array_foreach(cves, i, c)
		if (json_string_value(c) != NULL)
			jpush(vs, vulnerability(b, &p, json_string_value(c)));
	*out = vs;
end:
	json_decref(p.scores);
	json_decref(p.remediations);
	json_decref(p.flags);
	json_decref(p.threats);
	return st;
}

