/* core/export_pages.c - the public pages: one per public communication,
 * the home page and one index per section, as a Markdown tree MkDocs
 * builds (docs/ and mkdocs.yml) and as HTML through cmark (site/, with
 * the stylesheet). A communication's page is rendered again only when
 * its stamp changed; the indexes depend on every item, so they are
 * rendered each time and written only when their bytes change. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/export.h"
#include "core/hash.h"
#include "core/render.h"
#include "core/template.h"
#include "core/text.h"
#include "util/xalloc.h"

/* Bump when what a page is made from changes in this file. */
#define PAGES_STAMP "pages/1"
/* How many of the newest items the home page lists. */
#define HOME_LATEST 10
/* How deep the scan of docs/ for mkdocs.yml goes. */
#define SCAN_DEPTH 6

struct section {
	const char *folder;   /* the items' pages' folder (docmodel.c) */
	const char *title;
	const char *intro;
};

static const struct section sections[] = {
	{ "advisories", "Security advisories",
	  "Vulnerabilities in our products and their updates: what is "
	  "affected and fixed, how severe it is, and what to do." },
	{ "notices", "Notices to customers",
	  "What we have told customers and the people affected about "
	  "security incidents, in plain language." },
	{ "reports", "Post-incident reports",
	  "What happened, why, what we did about it and what we have "
	  "changed since." },
	{ "eol", "End-of-life notices",
	  "Release cycles that stop receiving fixes, when, and what "
	  "customers can do." },
};
#define N_SECTIONS (sizeof sections / sizeof sections[0])

/* The section ITEM's page is in, or NULL. */
static const struct section *
section_of(const json_t *item)
{
	const char *page = jstr(item, "page");
	size_t i, n;

	for (i = 0; page != NULL && i < N_SECTIONS; i++) {
		n = strlen(sections[i].folder);
		if (strncmp(page, sections[i].folder, n) == 0 && page[n] == '/')
			return &sections[i];
	}
	return NULL;
}

/* Whether ITEM has a page on the site. */
static bool
has_page(const json_t *item)
{
	return export_item_public(item) && jstr(item, "page") != NULL &&
	    jstr(item, "page_md") != NULL;
}


/* What ITEM's page in FORMAT is made from. */
static char *
page_stamp_of(const json_t *item, const char *format)
{
	char *what = xasprintf("%s %s", PAGES_STAMP, format), *stamp;

	stamp = export_item_stamp(item, what);
	free(what);
	return stamp;
}

/* ITEM's page in FORMAT ("markdown" or "html") at TOP/PAGE, unless it is
 * fresh. */
static enum status
write_item(struct export_ctx *x, const json_t *item, const char *format,
    struct err *err)
{
	bool is_md = strcmp(format, "markdown") == 0;
	struct pb_output o = { 0 };
	struct rendered r = { 0 };
	char *rel, *stamp = page_stamp_of(item, format);
	enum status st = ST_OK;

	rel = export_path(is_md ? EXPORT_DOCS : EXPORT_SITE,
	    jstr(item, is_md ? "page_md" : "page"));
	if (stamp != NULL && outdir_fresh(x->out, rel, stamp))
		goto end;
	o.id = (char *)format;
	o.format = (char *)format;
	if ((st = render_output(x->s, item, &o, &r, err)) != ST_OK) {
		err_prefix(err, "%s (%s)", jstr(item, "ref") != NULL ?
		    jstr(item, "ref") : "page", rel);
		goto end;
	}
	st = outdir_write(x->out, rel, r.text, r.len, stamp, err);
end:
	rendered_clear(&r);
	free(stamp);
	free(rel);
	return st;
}

static enum status
write_items(struct export_ctx *x, const char *format, struct err *err)
{
	const json_t *items = x->model->items, *item;
	enum status st;
	size_t i, n = json_array_size(items);

	json_array_foreach(items, i, item) {
		progress_report(x->progress, (long)i, (long)n);
		if (!has_page(item))
			continue;
		if ((st = write_item(x, item, format, err)) != ST_OK)
			return st;
	}
	progress_report(x->progress, (long)n, (long)n);
	return ST_OK;
}

/* One line of an index: ITEM linked from the home page, or (IN_FOLDER)
 * from the index of its own folder. */
static json_t *
index_entry(const json_t *item, bool in_folder, bool is_md)
{
	const char *date = jstr(item, "updated_date");
	const char *page = jstr(item, is_md ? "page_md" : "page"), *slash;
	json_t *e;

	if (in_folder && (slash = strrchr(page, '/')) != NULL)
		page = slash + 1;
	e = json_pack("{s:s?, s:s?, s:s?, s:s, s:s, s:b}", "ref",
	    jstr(item, "ref"), "title", jstr(item, "title"), "kind_label",
	    jstr(item, "kind_label"), "date", date != NULL ? date : "",
	    "href", page, "is_withdrawn", json_is_true(json_object_get(item,
	    "is_withdrawn")));
	if (e == NULL)
		die("export: cannot build an index entry");
	return e;
}

/* Markdown MD as the HTML page PAGE titled TITLE. */
static enum status
write_html_of(struct export_ctx *x, const char *md, size_t len,
    const char *title, const char *page, struct err *err)
{
	struct rendered r = { 0 };
	char *frag = render_markdown_html(md, len), *rel;
	enum status st;

	st = render_page(x->s, x->model->site, title, page, frag, &r, err);
	if (st == ST_OK) {
		rel = export_path(EXPORT_SITE, page);
		st = outdir_write(x->out, rel, r.text, r.len, NULL, err);
		free(rel);
	}
	rendered_clear(&r);
	free(frag);
	return st;
}

/* Template TMPL against DATA as docs/STEM.md, or as site/STEM.html titled
 * TITLE. */
static enum status
write_index(struct export_ctx *x, const char *tmpl, const json_t *data,
    const char *stem, const char *title, bool is_md, struct err *err)
{
	struct rendered md = { 0 };
	char *page = NULL, *rel = NULL;
	enum status st;

	if ((st = render_template(x->s, tmpl, data, &md, err)) != ST_OK)
		goto end;
	if (is_md) {
		page = xasprintf("%s.md", stem);
		rel = export_path(EXPORT_DOCS, page);
		st = outdir_write(x->out, rel, md.text, md.len, NULL, err);
	} else {
		page = xasprintf("%s.html", stem);
		st = write_html_of(x, md.text, md.len, title, page, err);
	}
end:
	rendered_clear(&md);
	free(page);
	free(rel);
	return st;
}

static const char *
site_title(const json_t *site)
{
	const char *t = jstr(site, "site_title");

	return t != NULL ? t : "Security communications";
}

/* The home page: the newest items and the sections. */
static enum status
write_home(struct export_ctx *x, bool is_md, struct err *err)
{
	const json_t *item, *site = x->model->site;
	json_t *latest = json_array(), *secs = json_array(), *data;
	size_t counts[N_SECTIONS] = { 0 }, i, n = 0;
	const struct section *sec;
	const char *url = jstr(site, "site_url");
	char *href, *feed = NULL;
	enum status st;

	json_array_foreach(x->model->items, i, item) {
		if (!has_page(item) || (sec = section_of(item)) == NULL)
			continue;
		counts[sec - sections]++;
		if (n++ < HOME_LATEST)
			jpush(latest, index_entry(item, false,
			    is_md));
	}
	for (i = 0; i < N_SECTIONS; i++) {
		href = xasprintf("%s/index.%s", sections[i].folder, is_md ? "md" :
		    "html");
		jpush(secs, json_pack("{s:s, s:s, s:s, s:I, "
		    "s:b}", "title", sections[i].title, "intro",
		    sections[i].intro, "href", href, "count",
		    (json_int_t)counts[i], "is_one", counts[i] == 1));
		free(href);
	}
	if (url != NULL)
		feed = xasprintf("%sfeed.atom", url);
	data = json_pack("{s:O, s:o, s:b, s:o, s:s?}", "site", site, "latest",
	    latest, "has_latest", n > 0, "sections", secs, "feed_url", feed);
	if (data == NULL)
		die("export: cannot build the home page's data");
	st = write_index(x, "index.md", data, "index", site_title(site), is_md,
	    err);
	json_decref(data);
	free(feed);
	return st;
}

/* The index page of section SEC. */
static enum status
write_section(struct export_ctx *x, const struct section *sec, bool is_md,
    struct err *err)
{
	const json_t *item;
	json_t *items = json_array(), *data;
	char *stem, *home = xasprintf("../index.%s", is_md ? "md" : "html");
	enum status st;
	size_t i;

	json_array_foreach(x->model->items, i, item)
		if (has_page(item) && section_of(item) == sec)
			jpush(items, index_entry(item, true,
			    is_md));
	data = json_pack("{s:O, s:s, s:s, s:b, s:o, s:s}", "site",
	    x->model->site, "title", sec->title, "intro", sec->intro,
	    "has_items", json_array_size(items) > 0, "items", items,
	    "home_href", home);
	if (data == NULL)
		die("export: cannot build a section's data");
	stem = xasprintf("%s/index", sec->folder);
	st = write_index(x, "section-index.md", data, stem, sec->title, is_md,
	    err);
	json_decref(data);
	free(stem);
	free(home);
	return st;
}

static enum status
write_indexes(struct export_ctx *x, bool is_md, struct err *err)
{
	enum status st;
	size_t i;

	if ((st = write_home(x, is_md, err)) != ST_OK)
		return st;
	for (i = 0; i < N_SECTIONS; i++)
		if ((st = write_section(x, &sections[i], is_md, err)) != ST_OK)
			return st;
	return ST_OK;
}

/* --- mkdocs.yml ---------------------------------------------------------- */

/* S as a YAML double-quoted scalar: what YAML may not hold raw (control
 * characters, line and paragraph separators, non-characters) as \u
 * escapes, and a byte that is not UTF-8 as \ufffd, so the file is UTF-8
 * whatever S holds (the model's text is; a file name need not be). With
 * IS_TEXT, S is a title MkDocs puts into its pages as HTML, unescaped
 * (1.4 does): < > & " ' become their fullwidth look-alikes, so a title
 * reads the same and is never markup. */
static void
yaml_quote_as(FILE *f, const char *s, bool is_text)
{
	const char *p = s, *start;
	uint32_t cp;

	fputc('"', f);
	while (*p != '\0') {
		start = p;
		cp = text_utf8_next(&p);
		if (is_text && (cp == '<' || cp == '>' || cp == '&' ||
		    cp == '"' || cp == '\''))
			fprintf(f, "\\u%04x", (unsigned)(0xff00 + cp - 0x20));
		else if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (char)cp);
		else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0xfeff ||
		    cp == 0xfffe || cp == 0xffff ||
		    text_utf8_len(start, NULL) == 0)
			fprintf(f, "\\u%04x", (unsigned)cp);
		else
			fwrite(start, 1, (size_t)(p - start), f);
	}
	fputc('"', f);
}

static void
yaml_quote(FILE *f, const char *s)
{
	yaml_quote_as(f, s, false);
}

static void
yaml_title(FILE *f, const char *s)
{
	yaml_quote_as(f, s, true);
}

struct mdfiles {
	char  **paths;     /* relative to docs/, sorted */
	size_t  n, cap;
	bool   *listed;
};

static void
mdfiles_add(struct mdfiles *m, const char *path)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->paths = xreallocarray(m->paths, m->cap, sizeof *m->paths);
	}
	m->paths[m->n++] = xstrdup(path);
}

/* Every regular "*.md" file under DIR/PREFIX, hidden ones left out. */
static void
mdfiles_scan(struct mdfiles *m, const char *dir, const char *prefix,
    int depth)
{
	char *path = prefix[0] != '\0' ? xasprintf("%s/%s", dir, prefix) :
	    xstrdup(dir), *full, *rel;
	struct dirent *de;
	struct stat sb;
	size_t n;
	DIR *d;

	if ((d = opendir(path)) == NULL) {
		free(path);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		/* Hidden files are not pages; a name that is not UTF-8 cannot
		 * be written into mkdocs.yml, which must be. */
		if (de->d_name[0] == '.' || !text_utf8_valid(de->d_name))
			continue;
		rel = prefix[0] != '\0' ? xasprintf("%s/%s", prefix, de->d_name) :
		    xstrdup(de->d_name);
		full = xasprintf("%s/%s", dir, rel);
		n = strlen(de->d_name);
		if (lstat(full, &sb) == 0) {
			if (S_ISDIR(sb.st_mode) && depth > 0)
				mdfiles_scan(m, dir, rel, depth - 1);
			else if (S_ISREG(sb.st_mode) && n > 3 &&
			    strcmp(de->d_name + n - 3, ".md") == 0)
				mdfiles_add(m, rel);
		}
		free(full);
		free(rel);
	}
	closedir(d);
	free(path);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
mdfiles_free(struct mdfiles *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->paths[i]);
	free(m->paths);
	free(m->listed);
}

/* Whether PATH is on disk, and not listed yet: then it is, now. */
static bool
mdfiles_take(struct mdfiles *m, const char *path)
{
	char **hit = bsearch(&path, m->paths, m->n, sizeof *m->paths, cmp_str);
	size_t i;

	if (hit == NULL)
		return false;
	i = (size_t)(hit - m->paths);
	if (m->listed[i])
		return false;
	m->listed[i] = true;
	return true;
}

/* One nav entry: "- TITLE: PATH" (or "- PATH" without a title). */
static void
nav_entry(FILE *f, int indent, const char *title, const char *path)
{
	fprintf(f, "%*s- ", indent, "");
	if (title != NULL) {
		yaml_title(f, title);
		fputs(": ", f);
	}
	yaml_quote(f, path);
	fputc('\n', f);
}

/* The files of folder DIR not listed yet, under their own names. */
static void
nav_rest_of(FILE *f, struct mdfiles *m, const char *dir, int indent)
{
	size_t i, n = strlen(dir);

	for (i = 0; i < m->n; i++)
		if (!m->listed[i] && strncmp(m->paths[i], dir, n) == 0 &&
		    m->paths[i][n] == '/' && mdfiles_take(m, m->paths[i]))
			nav_entry(f, indent, NULL, m->paths[i]);
}

/* Section SEC: its index, its items (newest first), then any other page
 * of its folder. */
static void
nav_section(FILE *f, struct export_ctx *x, struct mdfiles *m,
    const struct section *sec)
{
	char *index = xasprintf("%s/index.md", sec->folder), *title;
	const json_t *item;
	bool is_open = false;
	size_t i;

	if (mdfiles_take(m, index)) {
		fprintf(f, "  - ");
		yaml_title(f, sec->title);
		fputs(":\n", f);
		is_open = true;
		nav_entry(f, 6, "Overview", index);
	}
	json_array_foreach(x->model->items, i, item) {
		if (!has_page(item) || section_of(item) != sec ||
		    !mdfiles_take(m, jstr(item, "page_md")))
			continue;
		if (!is_open) {
			fprintf(f, "  - ");
			yaml_title(f, sec->title);
			fputs(":\n", f);
			is_open = true;
		}
		title = xasprintf("%s: %s", jstr(item, "ref") != NULL ?
		    jstr(item, "ref") : "", jstr(item, "title") != NULL ?
		    jstr(item, "title") : "");
		nav_entry(f, 6, title, jstr(item, "page_md"));
		free(title);
	}
	if (is_open)
		nav_rest_of(f, m, sec->folder, 6);
	free(index);
}

/* Folders no section owns (other exporters' pages), as sections named
 * after the folder. */
static void
nav_folders(FILE *f, struct mdfiles *m)
{
	char *dir, *slash, *title;
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (m->listed[i] || (slash = strchr(m->paths[i], '/')) == NULL)
			continue;
		dir = xstrndup(m->paths[i], (size_t)(slash - m->paths[i]));
		title = xstrdup(dir);
		if (title[0] >= 'a' && title[0] <= 'z')
			title[0] -= 'a' - 'A';
		fprintf(f, "  - ");
		yaml_title(f, title);
		fputs(":\n", f);
		nav_rest_of(f, m, dir, 6);
		free(title);
		free(dir);
	}
}

/* The text of mkdocs.yml: the navigation lists every page docs/ holds,
 * so MkDocs --strict never meets a link to a page that is not there. */
static char *
mkdocs_text(struct export_ctx *x)
{
	const json_t *site = x->model->site;
	struct mdfiles m = { 0 };
	char *docs = export_path(x->out->root, EXPORT_DOCS), *text = NULL;
	size_t len = 0, i;
	FILE *f;

	mdfiles_scan(&m, docs, "", SCAN_DEPTH);
	qsort(m.paths, m.n, sizeof *m.paths, cmp_str);
	m.listed = xcalloc(m.n + 1, sizeof *m.listed);
	if ((f = open_memstream(&text, &len)) == NULL)
		die("export: open_memstream failed");
	fputs("# mkdocs.yml - written by herald export: the next export "
	    "writes it again.\n", f);
	fputs("site_name: ", f);
	yaml_title(f, site_title(site));
	fputc('\n', f);
	if (jstr(site, "site_url") != NULL) {
		fputs("site_url: ", f);
		yaml_quote(f, jstr(site, "site_url"));
		fputc('\n', f);
	}
	fputs("docs_dir: " EXPORT_DOCS "\nuse_directory_urls: false\n", f);
	fputs("nav:\n", f);
	if (mdfiles_take(&m, "index.md"))
		nav_entry(f, 2, "Home", "index.md");
	for (i = 0; i < N_SECTIONS; i++)
		nav_section(f, x, &m, &sections[i]);
	nav_folders(f, &m);
	if (mdfiles_take(&m, "changelog.md"))
		nav_entry(f, 2, "Changelog", "changelog.md");
	for (i = 0; i < m.n; i++)
		if (!m.listed[i] && mdfiles_take(&m, m.paths[i]))
			nav_entry(f, 2, NULL, m.paths[i]);
	/* MkDocs needs a list, even an empty one. */
	if (m.n == 0)
		fputs("  []\n", f);
	fclose(f);
	mdfiles_free(&m);
	free(docs);
	return text;
}

enum status
pages_write_mkdocs(struct export_ctx *x, struct err *err)
{
	char *text = mkdocs_text(x);
	enum status st;

	st = outdir_write_str(x->out, "mkdocs.yml", text, NULL, err);
	free(text);
	return st;
}

/* Write the Markdown tree: docs/ with a page per public communication,
 * the home page and the section indexes, and mkdocs.yml. */
enum status
export_markdown(struct export_ctx *x, struct err *err)
{
	enum status st;

	if ((st = write_items(x, "markdown", err)) != ST_OK ||
	    (st = write_indexes(x, true, err)) != ST_OK)
		return st;
	return pages_write_mkdocs(x, err);
}

/* The stylesheet, as it was imported. */
static enum status
write_style(struct export_ctx *x, struct err *err)
{
	struct template_row row = { 0 };
	enum status st;

	st = template_get_latest(x->s, "style.css", &row, err);
	if (st == ST_NOTFOUND)
		return err_set(err, ST_NOTFOUND, "template \"style.css\" is not "
		    "imported: run \"herald template import\"");
	if (st == ST_OK)
		st = outdir_write_str(x->out, EXPORT_SITE "/style.css", row.body,
		    NULL, err);
	template_row_clear(&row);
	return st;
}

/* Write the HTML pages: site/ with a page per public communication, the
 * home page, the section indexes and the stylesheet. */
enum status
export_html(struct export_ctx *x, struct err *err)
{
	enum status st;

	if ((st = write_style(x, err)) != ST_OK ||
	    (st = write_items(x, "html", err)) != ST_OK)
		return st;
	return write_indexes(x, false, err);
}
