/* core/export_changelog.c - the changelog: one dated entry per published
 * revision of every public communication (and one per withdrawal), newest
 * first, in the style of Keep a Changelog, as docs/changelog.md and
 * site/changelog.html. It is made again from the model each time, so it
 * always agrees with the pages; what is new since the last export is
 * what was appended. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "core/render.h"
#include "core/text.h"
#include "util/xalloc.h"

/* The kinds of change, in the order Keep a Changelog lists them. */
enum change { CH_ADDED, CH_CHANGED, CH_FIXED, CH_REMOVED, CH_COUNT };

static const char *const change_heading[CH_COUNT] = {
	"Added", "Changed", "Fixed", "Removed",
};
static const char *const change_label[CH_COUNT] = {
	"first publication", "update", "correction", "withdrawal",
};

struct entry {
	const json_t *item;
	const char   *at;       /* when: RFC 3339, sorts as text */
	long long     revision;
	enum change   change;
	const char   *note;     /* what the reason says, or NULL */
	size_t        seq;      /* order in the model, for a stable sort */
};

/* Newest first; at the same time by change, then as the model has them. */
static int
by_time_desc(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(y->at, x->at);

	if (c != 0)
		return c;
	if (x->change != y->change)
		return x->change < y->change ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->revision > y->revision ? -1 : x->revision < y->revision;
}

/* What REV's reason says: a correction, else an update (the first
 * revision is the publication). */
static void
revision_change(const json_t *rev, struct entry *e)
{
	const char *reason = jstr(rev, "reason"), *colon;

	if (json_is_true(json_object_get(rev, "is_first"))) {
		e->change = CH_ADDED;
		e->note = NULL;
		return;
	}
	if (reason != NULL && strncmp(reason, "correction", 10) == 0) {
		e->change = CH_FIXED;
		colon = strchr(reason, ':');
		e->note = NULL;
		if (colon != NULL) {
			while (*++colon == ' ')
				;
			e->note = *colon != '\0' ? colon : NULL;
		}
		return;
	}
	e->change = CH_CHANGED;
	e->note = jstr(rev, "reason_label");
	if (e->note != NULL && *e->note == '\0')
		e->note = NULL;
}

/* A new entry at the end of *ES (*N of them, room for *CAP) for ITEM,
 * the SEQ-th of the model. */
static struct entry *
entry_add(struct entry **es, size_t *n, size_t *cap, const json_t *item,
    size_t seq)
{
	struct entry *e;

	if (*n == *cap) {
		*cap = *cap > 0 ? *cap * 2 : 64;
		*es = xreallocarray(*es, *cap, sizeof **es);
	}
	e = &(*es)[(*n)++];
	memset(e, 0, sizeof *e);
	e->item = item;
	e->seq = seq;
	return e;
}

/* Every entry of the public items of M, newest first; *N of them. */
static struct entry *
collect(const struct docmodel *m, size_t *n)
{
	struct entry *es = NULL, *e;
	const json_t *item, *rev;
	size_t i, j, cap = 0;

	*n = 0;
	json_array_foreach(m->items, i, item) {
		if (!export_item_public(item) || jstr(item, "page") == NULL)
			continue;
		json_array_foreach(json_object_get(item, "revisions"), j, rev) {
			if (jstr(rev, "published_at") == NULL)
				continue;
			e = entry_add(&es, n, &cap, item, i);
			e->at = jstr(rev, "published_at");
			e->revision = json_integer_value(json_object_get(rev,
			    "revision"));
			revision_change(rev, e);
		}
		if (!json_is_true(json_object_get(item, "is_withdrawn")))
			continue;
		/* The time of the withdrawal; without one, the last
		 * publication stands in for it. */
		e = entry_add(&es, n, &cap, item, i);
		e->at = jstr(item, "withdrawn_at");
		if (e->at == NULL)
			e->at = jstr(item, "updated_at");
		if (e->at == NULL)
			e->at = "";
		e->revision = json_integer_value(json_object_get(item,
		    "revision"));
		e->change = CH_REMOVED;
		e->note = jstr(item, "withdrawn_reason");
	}
	if (*n > 0)
		qsort(es, *n, sizeof *es, by_time_desc);
	return es;
}

static json_t *
entry_json(const struct entry *e, bool is_md)
{
	const json_t *item = e->item;
	json_t *j;

	j = json_pack("{s:s?, s:s?, s:s?, s:I, s:s, s:s?, s:s?}", "ref",
	    jstr(item, "ref"), "title", jstr(item, "title"), "kind_label",
	    jstr(item, "kind_label"), "revision", (json_int_t)e->revision,
	    "change_label", change_label[e->change], "note", e->note, "href",
	    jstr(item, is_md ? "page_md" : "page"));
	if (j == NULL)
		die("changelog: cannot build an entry");
	return j;
}

/* The entries grouped: [ { date, groups: [ { heading, entries } ] } ]. */
static json_t *
changelog_dates(const struct entry *es, size_t n, bool is_md)
{
	json_t *dates = json_array(), *groups, *lists[CH_COUNT];
	size_t i = 0, j, k;
	char date[11];

	while (i < n) {
		snprintf(date, sizeof date, "%.10s", es[i].at);
		for (k = 0; k < CH_COUNT; k++)
			lists[k] = json_array();
		for (j = i; j < n && strncmp(es[j].at, date, 10) == 0; j++)
			jpush(lists[es[j].change],
			    entry_json(&es[j], is_md));
		groups = json_array();
		for (k = 0; k < CH_COUNT; k++) {
			if (json_array_size(lists[k]) > 0)
				jpush(groups, json_pack("{s:s, s:O}",
				    "heading", change_heading[k], "entries",
				    lists[k]));
			json_decref(lists[k]);
		}
		jpush(dates, json_pack("{s:s, s:o}", "date",
		    *date != '\0' ? date : "undated", "groups", groups));
		i = j;
	}
	return dates;
}

static enum status
write_changelog(struct export_ctx *x, const struct entry *es, size_t n,
    bool is_md, struct err *err)
{
	struct rendered md = { 0 }, page = { 0 };
	json_t *data, *dates = changelog_dates(es, n, is_md);
	char *frag = NULL;
	enum status st;

	data = json_pack("{s:O, s:o, s:b}", "site", x->model->site, "dates",
	    dates, "has_dates", n > 0);
	if (data == NULL)
		die("changelog: cannot build its data");
	if ((st = render_template(x->s, "changelog.md", data, &md, err)) !=
	    ST_OK)
		goto end;
	if (is_md) {
		st = outdir_write(x->out, EXPORT_DOCS "/changelog.md", md.text,
		    md.len, NULL, err);
		goto end;
	}
	frag = render_markdown_html(md.text, md.len);
	if ((st = render_page(x->s, x->model->site, "Changelog",
	    "changelog.html", frag, &page, err)) != ST_OK)
		goto end;
	st = outdir_write(x->out, EXPORT_SITE "/changelog.html", page.text,
	    page.len, NULL, err);
end:
	rendered_clear(&md);
	rendered_clear(&page);
	free(frag);
	json_decref(data);
	return st;
}

/* Write docs/changelog.md and site/changelog.html, then mkdocs.yml again
 * so that its navigation lists the changelog. */
enum status
export_changelog(struct export_ctx *x, struct err *err)
{
	struct entry *es;
	size_t n;
	enum status st;

	es = collect(x->model, &n);
	if ((st = write_changelog(x, es, n, true, err)) == ST_OK &&
	    (st = write_changelog(x, es, n, false, err)) == ST_OK)
		st = pages_write_mkdocs(x, err);
	free(es);
	return st;
}
