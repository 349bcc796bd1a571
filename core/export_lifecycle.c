/* core/export_lifecycle.c - the products' support data in the shape
 * endoflife.date's API serves a product's cycles (site/lifecycle/SLUG.json
 * and SLUG.yaml, and all.json listing the products), the version-support
 * matrix and the lifecycle policy (Markdown under docs/lifecycle/, HTML
 * under site/lifecycle/). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <yaml.h>

#include "core/clock.h"
#include "core/export.h"
#include "core/hash.h"
#include "core/playbook.h"
#include "core/product.h"
#include "core/render.h"
#include "core/text.h"
#include "util/xalloc.h"

/* Part of every stamp: bump it when the files' shape changes, so files an
 * older herald wrote are not taken as fresh. */
#define LC_STAMP "lifecycle-1"
#define LC_DIR   "lifecycle/"
/* What a backslash escapes in CommonMark: ASCII punctuation. */
#define MD_PUNCT "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

/* The code of practice asks for at least this much notice. */
#define LC_NOTICE_MONTHS_MIN 12

/* Whether V is a real date YYYY-MM-DD (alone or starting an RFC 3339
 * time; not 2025-02-30); the date goes to OUT. */
static bool
lc_date(const char *v, char out[11])
{
	static const char shape[] = "dddd-dd-dd";
	char back[11];
	time_t t;
	size_t i;

	if (v == NULL || strlen(v) < 10 || (v[10] != '\0' && v[10] != 'T'))
		return false;
	for (i = 0; i < 10; i++)
		if (shape[i] == 'd' ? !text_is_digit((unsigned char)v[i]) :
		    v[i] != shape[i])
			return false;
	memcpy(out, v, 10);
	out[10] = '\0';
	if (clock_parse(out, &t, NULL) != ST_OK)
		return false;
	clock_format_date(t, back);
	return strcmp(back, out) == 0;
}

/* C's KEY as a date string, or NULL. */
static json_t *
lc_date_json(const json_t *c, const char *key)
{
	char d[11];

	if (!lc_date(json_string_value(json_object_get(c, key)), d))
		return NULL;
	return json_string(d);
}

/*
 * One cycle C of the document model as endoflife.date's API serves it.
 * herald's dates map onto the API's fields so:
 *   support          active_support_end, the end of active support. When
 *                    it is unset herald counts the cycle fully supported
 *                    until standard support ends (cycle_phase()), so that
 *                    date; with no end at all, true (supported, no date).
 *   eol              the end of security support: the earlier of
 *                    security_support_end and eol, the day cycle_phase()
 *                    ends standard support (herald may keep an eol after
 *                    security_support_end, but no fix ships in between);
 *                    false when neither is set ("not determined").
 *   extendedSupport  extended_support_end (paid support after eol); false
 *                    when there is none.
 * releaseDate and latest are left out when unknown; herald does not know
 * a latest release's date, so latestReleaseDate never shows. link is the
 * cycle's published end-of-life notice (NOTICE_URL), else null.
 */
static json_t *
lc_cycle(const json_t *c, const char *notice_url)
{
	json_t *o, *active, *security, *eol, *end, *ext, *rel;

	o = json_object();
	active = lc_date_json(c, "active_support_end");
	security = lc_date_json(c, "security_support_end");
	eol = lc_date_json(c, "eol");
	if (security != NULL && eol != NULL)
		end = strcmp(json_string_value(security),
		    json_string_value(eol)) <= 0 ? security : eol;
	else
		end = security != NULL ? security : eol;
	ext = lc_date_json(c, "extended_support_end");
	rel = lc_date_json(c, "release_date");

	jput(o, "cycle", json_string(
	    json_string_value(json_object_get(c, "cycle")) != NULL ?
	    json_string_value(json_object_get(c, "cycle")) : ""));
	if (rel != NULL)
		jput(o, "releaseDate", rel);
	if (active != NULL)
		jput(o, "support", json_incref(active));
	else if (end != NULL)
		jput(o, "support", json_incref(end));
	else
		jput(o, "support", json_true());
	jput(o, "eol", end != NULL ? json_incref(end) : json_false());
	jput(o, "extendedSupport",
	    ext != NULL ? ext : json_false());
	jput(o, "lts",
	    json_boolean(json_is_true(json_object_get(c, "is_lts"))));
	if (jstr_nonempty(c, "latest") != NULL)
		jput(o, "latest",
		    json_string(jstr_nonempty(c, "latest")));
	jput(o, "link",
	    notice_url != NULL ? json_string(notice_url) : json_null());
	json_decref(active);
	json_decref(security);
	json_decref(eol);
	return o;
}

/* The key of a cycle in the notices object. */
static char *
lc_notice_key(const char *slug, const char *cycle)
{
	return xasprintf("%s\n%s", slug != NULL ? slug : "",
	    cycle != NULL ? cycle : "");
}

/* { "SLUG\nCYCLE": item } for every published, not withdrawn, end-of-life
 * notice of the model: the newest one of a cycle wins (items come newest
 * first). */
static json_t *
lc_notices(const struct docmodel *m)
{
	json_t *notices = json_object(), *item, *c;
	size_t i;
	char *key;

	json_array_foreach(m->items, i, item) {
		if (!json_is_true(json_object_get(item, "is_eol_notice")) ||
		    json_is_true(json_object_get(item, "is_withdrawn")) ||
		    !export_item_public(item) ||
		    (c = json_object_get(item, "cycle")) == NULL ||
		    jstr_nonempty(item, "url") == NULL)
			continue;
		key = lc_notice_key(jstr_nonempty(c, "product"),
		    jstr_nonempty(c, "cycle"));
		if (json_object_get(notices, key) == NULL)
			jput(notices, key, json_incref(item));
		free(key);
	}
	return notices;
}

/* The published end-of-life notice of cycle CYCLE of SLUG, or NULL. */
static const json_t *
lc_notice_of(const json_t *notices, const char *slug, const json_t *cycle)
{
	char *key = lc_notice_key(slug, jstr_nonempty(cycle, "cycle"));
	const json_t *item = json_object_get(notices, key);

	free(key);
	return item;
}

/* Check product P's slug before it names files: the database may hold
 * what product_check_slug() would refuse, and "all" is all.json's. */
static enum status
lc_check_slug(const json_t *p, const char **slug, struct err *err)
{
	const char *name = jstr_nonempty(p, "name");

	*slug = jstr_nonempty(p, "slug");
	if (*slug == NULL || product_check_slug(*slug, err) != ST_OK)
		return err_set(err, ST_INVALID, "export lifecycle: product "
		    "\"%.200s\": slug \"%.100s\" cannot name a file (1 to 64 of "
		    "a-z, 0-9, '-', '.', '_', starting with a letter or a "
		    "digit); change the product's slug", name != NULL ? name : "",
		    *slug != NULL ? *slug : "");
	if (strcmp(*slug, "all") == 0)
		return err_set(err, ST_INVALID, "export lifecycle: product "
		    "\"%.200s\": slug \"all\" would overwrite lifecycle/all.json, "
		    "the list of products; change the product's slug",
		    name != NULL ? name : "");
	return ST_OK;
}

/* libyaml's output handler: the bytes into the textbuf DATA. */
static int
lc_buf_write(void *data, unsigned char *bytes, size_t n)
{
	textbuf_add(data, (const char *)bytes, n);
	return 1;
}

/* Whether KEY reads back as the same string when written plain: our own
 * camelCase names do, but never a word YAML 1.1 takes for a boolean or
 * null. */
static bool
lc_yaml_plain_key(const char *key)
{
	static const char *const words[] = { "y", "n", "yes", "no", "on",
	    "off", "true", "false", "null", NULL };
	const char *p;
	size_t i;

	if (!text_is_alpha((unsigned char)key[0]))
		return false;
	for (p = key; *p != '\0'; p++)
		if (!text_is_alnum((unsigned char)*p) && *p != '_')
			return false;
	for (i = 0; words[i] != NULL; i++)
		if (strcasecmp(key, words[i]) == 0)
			return false;
	return true;
}

/* Emit one scalar: PLAIN for true, false, null and numbers, otherwise
 * double-quoted, so no string ("3.0", "2026-01-31", "yes", "#x", "]]>")
 * reads back as anything but itself and every character is escaped as
 * YAML needs. */
static int
lc_yaml_scalar(yaml_emitter_t *e, const char *v, size_t n, bool is_plain)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (const yaml_char_t *)v, (int)n, is_plain, !is_plain,
	    is_plain ? YAML_PLAIN_SCALAR_STYLE :
	    YAML_DOUBLE_QUOTED_SCALAR_STYLE))
		return 0;
	return yaml_emitter_emit(e, &ev);
}

static int
lc_yaml_value(yaml_emitter_t *e, json_t *v)
{
	yaml_event_t ev;
	const char *key;
	json_t *m;
	size_t i;
	char num[TEXT_REAL_SIZE];

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_BLOCK_MAPPING_STYLE) || !yaml_emitter_emit(e, &ev))
			return 0;
		json_object_foreach(v, key, m)
			if (!lc_yaml_scalar(e, key, strlen(key),
			    lc_yaml_plain_key(key)) || !lc_yaml_value(e, m))
				return 0;
		return yaml_mapping_end_event_initialize(&ev) &&
		    yaml_emitter_emit(e, &ev);
	case JSON_ARRAY:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_BLOCK_SEQUENCE_STYLE) || !yaml_emitter_emit(e, &ev))
			return 0;
		json_array_foreach(v, i, m)
			if (!lc_yaml_value(e, m))
				return 0;
		return yaml_sequence_end_event_initialize(&ev) &&
		    yaml_emitter_emit(e, &ev);
	case JSON_STRING:
		return lc_yaml_scalar(e, json_string_value(v),
		    json_string_length(v), false);
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return lc_yaml_scalar(e, num, strlen(num), true);
	case JSON_REAL:
		text_real(json_real_value(v), num);
		return lc_yaml_scalar(e, num, strlen(num), true);
	case JSON_TRUE:
		return lc_yaml_scalar(e, "true", 4, true);
	case JSON_FALSE:
		return lc_yaml_scalar(e, "false", 5, true);
	case JSON_NULL:
		return lc_yaml_scalar(e, "null", 4, true);
	}
	return 0;
}

/* V as one YAML document through libyaml's emitter into *OUT (allocated);
 * WHAT names it in an error. */
static enum status
lc_yaml(json_t *v, const char *what, char **out, size_t *len,
    struct err *err)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	struct textbuf b = { 0 };
	enum status st = ST_OK;

	*out = NULL;
	*len = 0;
	if (!yaml_emitter_initialize(&e))
		return err_set(err, ST_NOMEM, "export lifecycle: YAML emitter");
	yaml_emitter_set_output(&e, lc_buf_write, &b);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_break(&e, YAML_LN_BREAK);
	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
	    !yaml_emitter_emit(&e, &ev) ||
	    !yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ||
	    !yaml_emitter_emit(&e, &ev) ||
	    !lc_yaml_value(&e, v) ||
	    !yaml_document_end_event_initialize(&ev, 1) ||
	    !yaml_emitter_emit(&e, &ev) ||
	    !yaml_stream_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(&e, &ev) ||
	    !yaml_emitter_flush(&e)) {
		st = err_set(err, ST_INTERNAL, "export lifecycle: %s as YAML: %s",
		    what, e.problem != NULL ? e.problem : "the emitter failed");
		textbuf_clear(&b);
		goto end;
	}
	*len = b.len;
	*out = textbuf_take(&b);
end:
	yaml_emitter_delete(&e);
	return st;
}

/* V as indented JSON text ending in a newline (allocated). */
static char *
lc_json_text(const json_t *v)
{
	return jdump_doc(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER, NULL);
}

/* "lifecycle-1:" + the SHA-256 of TEXT, into STAMP. */
static void
lc_stamp(const char *text, char stamp[sizeof LC_STAMP + HASH_HEX_SIZE])
{
	char hex[HASH_HEX_SIZE];

	hash_sha256_hex(text, strlen(text), hex);
	snprintf(stamp, sizeof LC_STAMP + HASH_HEX_SIZE, "%s:%s", LC_STAMP,
	    hex);
}

/* site/lifecycle/SLUG.json and SLUG.yaml of product P; neither is made
 * again while its stamp, the hash of the JSON, is the same. */
static enum status
lc_write_product(struct export_ctx *x, const json_t *p, const char *slug,
    const json_t *notices, struct err *err)
{
	json_t *cycles = json_array(), *c;
	const json_t *notice;
	char stamp[sizeof LC_STAMP + HASH_HEX_SIZE];
	char *text = NULL, *yaml = NULL, *rel_json, *rel_yaml;
	size_t i, yaml_len;
	enum status st = ST_OK;

	rel_json = xasprintf("%s/%s%s.json", EXPORT_SITE, LC_DIR, slug);
	rel_yaml = xasprintf("%s/%s%s.yaml", EXPORT_SITE, LC_DIR, slug);
	json_array_foreach(json_object_get(p, "cycles"), i, c) {
		notice = lc_notice_of(notices, slug, c);
		jpush(cycles, lc_cycle(c,
		    notice != NULL ? jstr_nonempty(notice, "url") : NULL));
	}
	text = lc_json_text(cycles);
	lc_stamp(text, stamp);
	if (!outdir_fresh(x->out, rel_json, stamp) &&
	    (st = outdir_write_str(x->out, rel_json, text, stamp, err)) != ST_OK)
		goto end;
	if (outdir_fresh(x->out, rel_yaml, stamp))
		goto end;
	if ((st = lc_yaml(cycles, rel_yaml, &yaml, &yaml_len, err)) != ST_OK)
		goto end;
	st = outdir_write(x->out, rel_yaml, yaml, yaml_len, stamp, err);
end:
	free(yaml);
	free(text);
	free(rel_json);
	free(rel_yaml);
	json_decref(cycles);
	return st;
}

/* KEY of O with its line breaks and tabs as spaces: for a name that goes
 * into a heading or a list item, which a line break would end. */
static void
lc_set_flat(json_t *o, const char *key)
{
	char *s;

	if (jstr_nonempty(o, key) == NULL)
		return;
	s = xstrdup(jstr_nonempty(o, key));
	text_flatten(s);
	jput(o, key, json_string(s));
	free(s);
}

/* A cycle of the pages' data: the model's cycle with "is_PHASE" booleans,
 * has_post_eol_options and its published end-of-life notice. */
static void
lc_page_cycle(json_t *c, const char *slug, const json_t *notices)
{
	static const char *const phases[] = { "unreleased", "full-support",
	    "security-only", "extended", "eol", NULL };
	static const char *const optional[] = { "release_date",
	    "active_support_end", "security_support_end", "eol",
	    "extended_support_end", "latest", "post_eol_options", NULL };
	const char *phase = jstr_nonempty(c, "phase");
	const json_t *notice;
	char key[32];
	size_t i, k;

	notice = lc_notice_of(notices, slug, c);
	/* An empty string is true to a Mustache section: unknown is absent. */
	for (i = 0; optional[i] != NULL; i++)
		if (jstr_nonempty(c, optional[i]) == NULL)
			json_object_del(c, optional[i]);
	lc_set_flat(c, "cycle");
	lc_set_flat(c, "latest");
	lc_set_flat(c, "phase_label");
	for (i = 0; phases[i] != NULL; i++) {
		snprintf(key, sizeof key, "is_%s", phases[i]);
		for (k = 0; key[k] != '\0'; k++)
			if (key[k] == '-')
				key[k] = '_';
		jput(c, key, json_boolean(phase != NULL &&
		    strcmp(phase, phases[i]) == 0));
	}
	jput(c, "has_post_eol_options",
	    json_boolean(jstr_nonempty(c, "post_eol_options") != NULL));
	if (notice != NULL)
		jput(c, "notice", json_pack("{s:s, s:s}", "title",
		    jstr_nonempty(notice, "title") != NULL ?
		    jstr_nonempty(notice, "title") : "", "url",
		    jstr_nonempty(notice, "url")));
}

/* The products for the pages: the model's, each with the addresses of
 * its data files and its cycles as lc_page_cycle() makes them. */
static json_t *
lc_page_products(const struct docmodel *m, const char *site_url,
    const json_t *notices)
{
	json_t *products = json_deep_copy(m->products), *p, *c;
	const char *slug;
	size_t i, k;

	if (!json_is_array(products)) {
		json_decref(products);
		return json_array();
	}
	json_array_foreach(products, i, p) {
		slug = jstr_nonempty(p, "slug");
		lc_set_flat(p, "name");
		jput(p, "has_description",
		    json_boolean(jstr_nonempty(p, "description") != NULL));
		jput(p, "json_url", json_sprintf("%s%s%s.json", site_url,
		    LC_DIR, slug));
		jput(p, "yaml_url", json_sprintf("%s%s%s.yaml", site_url,
		    LC_DIR, slug));
		jput(p, "has_cycles", json_boolean(
		    json_array_size(json_object_get(p, "cycles")) > 0));
		json_array_foreach(json_object_get(p, "cycles"), k, c)
			lc_page_cycle(c, slug, notices);
	}
	return products;
}

/* Setting KEY of SITE as a whole number of months, else DEF. */
static long
lc_months(const json_t *site, const char *key, long def)
{
	const json_t *v = json_object_get(site, key);
	const char *s;
	char *end;
	long n;

	if (json_is_integer(v))
		return (long)json_integer_value(v);
	if ((s = json_string_value(v)) == NULL)
		return def;
	n = strtol(s, &end, 10);
	return end != s && *end == '\0' && n > 0 ? n : def;
}

/*
 * How an end of life is announced: the outputs of the end-of-life
 * notice playbook that its publish step sends, as [ { title, format,
 * is_email, is_page, is_feed } ]. An empty list when the playbook cannot
 * be read: the policy page then says it in general words rather than
 * failing the export.
 */
static json_t *
lc_announce(void)
{
	struct playbook *pb = NULL;
	const struct pb_output *o;
	const struct pb_step *st;
	json_t *list = json_array();
	char *path = NULL;
	size_t i, j, k;

	if (playbook_find("eol-notice", &path, NULL) != ST_OK ||
	    playbook_load_file(path, &pb, NULL, NULL) != ST_OK)
		goto end;
	for (i = 0; i < pb->n_steps; i++) {
		st = &pb->steps[i];
		for (j = 0; j < st->n_channels; j++) {
			for (k = 0; k < pb->n_outputs; k++) {
				o = &pb->outputs[k];
				if (strcmp(o->id, st->channels[j]) != 0)
					continue;
				jpush(list, json_pack(
				    "{s:s, s:s, s:b, s:b, s:b}",
				    "title", o->title != NULL ? o->title : o->id,
				    "format", o->format,
				    "is_email", strcmp(o->format, "email") == 0,
				    "is_page", strcmp(o->format, "html") == 0 ||
				    strcmp(o->format, "markdown") == 0,
				    "is_feed", strcmp(o->format, "atom") == 0 ||
				    strcmp(o->format, "rss") == 0));
			}
		}
	}
end:
	playbook_free(&pb);
	free(path);
	return list;
}

/* What both pages are rendered from (see share/templates/lifecycle.md). */
static json_t *
lc_page_data(const struct docmodel *m, const json_t *notices)
{
	const char *site_url = jstr_nonempty(m->site, "site_url");
	json_t *d, *products, *announce;
	long notice;
	char today[11] = "";

	if (site_url == NULL)
		site_url = "";
	(void)lc_date(m->now, today);
	products = lc_page_products(m, site_url, notices);
	announce = lc_announce();
	/* The setting refuses less; the page never promises less than the
	 * code of practice asks, whatever the database holds. */
	notice = lc_months(m->site, "lifecycle_notice_months",
	    LC_NOTICE_MONTHS_MIN);
	if (notice < LC_NOTICE_MONTHS_MIN)
		notice = LC_NOTICE_MONTHS_MIN;
	d = json_pack("{s:O, s:s, s:O, s:b, s:I, s:I, s:I, s:O, s:b}",
	    "site", m->site, "today", today, "products", products,
	    "has_products", json_array_size(products) > 0,
	    "standard_months", (json_int_t)lc_months(m->site,
	    "lifecycle_standard_months", 24),
	    "lts_months", (json_int_t)lc_months(m->site,
	    "lifecycle_lts_months", 60),
	    "notice_months", (json_int_t)notice,
	    "announce", announce, "has_announce",
	    json_array_size(announce) > 0);
	if (d == NULL)
		die("out of memory (json)");
	jput(d, "all_json_url", json_sprintf("%s%sall.json", site_url,
	    LC_DIR));
	jput(d, "matrix_url", json_sprintf("%s%s", site_url, LC_DIR));
	jput(d, "policy_url", json_sprintf("%s%spolicy.html", site_url,
	    LC_DIR));
	json_decref(products);
	json_decref(announce);
	return d;
}

/* The text of the first "# " heading of MD (allocated), backslash escapes
 * undone, or a copy of DEF: the page's title comes from its template. */
static char *
lc_md_title(const char *md, const char *def)
{
	const char *p = md, *eol;
	char *t, *q;
	size_t n;

	while (p != NULL && *p != '\0') {
		eol = strchr(p, '\n');
		n = eol != NULL ? (size_t)(eol - p) : strlen(p);
		if (n > 2 && p[0] == '#' && p[1] == ' ') {
			t = xstrndup(p + 2, n - 2);
			for (p = q = t; *p != '\0'; p++) {
				if (*p == '\\' && p[1] != '\0' &&
				    strchr(MD_PUNCT, p[1]) != NULL)
					p++;
				*q++ = *p;
			}
			*q = '\0';
			return t;
		}
		p = eol != NULL ? eol + 1 : NULL;
	}
	return xstrdup(def);
}

/* Template TMPL against DATA as docs/lifecycle/NAME.md and, through
 * cmark and the layout, site/lifecycle/NAME.html. */
static enum status
lc_write_page(struct export_ctx *x, const char *tmpl, const char *name,
    const char *def_title, const json_t *data, struct err *err)
{
	struct rendered md = { 0 }, html = { 0 };
	char stamp[sizeof LC_STAMP + HASH_HEX_SIZE];
	char *rel = NULL, *page = NULL, *fragment = NULL, *title = NULL;
	char *from = NULL, *djson = NULL;
	enum status st;

	if ((st = render_template(x->s, tmpl, data, &md, err)) != ST_OK)
		goto end;
	/* What the page was made from: its data and template. */
	djson = jdump(data, JSON_COMPACT | JSON_SORT_KEYS);
	from = xasprintf("%s\n%s", md.template_hash, djson);
	lc_stamp(from, stamp);
	rel = xasprintf("%s/%s%s.md", EXPORT_DOCS, LC_DIR, name);
	if ((st = outdir_write(x->out, rel, md.text, md.len, stamp, err)) !=
	    ST_OK)
		goto end;
	page = xasprintf("%s%s.html", LC_DIR, name);
	fragment = render_markdown_html(md.text, md.len);
	title = lc_md_title(md.text, def_title);
	if ((st = render_page(x->s, x->model->site, title, page,
	    fragment != NULL ? fragment : "", &html, err)) != ST_OK)
		goto end;
	free(rel);
	rel = xasprintf("%s/%s", EXPORT_SITE, page);
	st = outdir_write(x->out, rel, html.text, html.len, stamp, err);
end:
	rendered_clear(&md);
	rendered_clear(&html);
	free(rel);
	free(page);
	free(fragment);
	free(title);
	free(from);
	free(djson);
	return st;
}

/* Write every product's support data, all.json, the support matrix and
 * the lifecycle policy. */
enum status
export_lifecycle(struct export_ctx *x, struct err *err)
{
	const struct docmodel *m = x->model;
	json_t *notices, *slugs = json_array(), *data = NULL, *p;
	char stamp[sizeof LC_STAMP + HASH_HEX_SIZE];
	const char *slug;
	char *text = NULL;
	enum status st = ST_OK;
	size_t i;

	notices = lc_notices(m);
	json_array_foreach(m->products, i, p) {
		if ((st = lc_check_slug(p, &slug, err)) != ST_OK ||
		    (st = lc_write_product(x, p, slug, notices, err)) != ST_OK)
			goto end;
		jpush(slugs, json_string(slug));
	}
	text = lc_json_text(slugs);
	lc_stamp(text, stamp);
	if (!outdir_fresh(x->out, EXPORT_SITE "/" LC_DIR "all.json", stamp) &&
	    (st = outdir_write_str(x->out, EXPORT_SITE "/" LC_DIR "all.json",
	    text, stamp, err)) != ST_OK)
		goto end;
	data = lc_page_data(m, notices);
	if ((st = lc_write_page(x, "lifecycle.md", "index",
	    "Supported versions", data, err)) != ST_OK)
		goto end;
	st = lc_write_page(x, "lifecycle-policy.md", "policy",
	    "Lifecycle policy", data, err);
end:
	free(text);
	json_decref(data);
	json_decref(slugs);
	json_decref(notices);
	return st;
}
