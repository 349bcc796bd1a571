/* core/export_disclosure.c - `herald export security-txt`: the
 * vulnerability disclosure outputs. site/.well-known/security.txt (RFC
 * 9116), clear-signed when signing.key is set, and the disclosure policy
 * page (docs/policy/disclosure.md and site/policy/disclosure.html),
 * whose promised times are the vulnerability-report playbook's clocks,
 * so the page and the deadlines herald keeps never disagree. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/export.h"
#include "core/hash.h"
#include "core/playbook.h"
#include "core/render.h"
#include "core/settings.h"
#include "core/sign.h"
#include "core/text.h"
#include "util/xalloc.h"

#define SECTXT_REL      EXPORT_SITE "/.well-known/security.txt"
#define SECTXT_PATH     ".well-known/security.txt"
#define CSAF_PATH       ".well-known/csaf/provider-metadata.json"
#define POLICY_PAGE     "policy/disclosure.html"
#define POLICY_MD       "policy/disclosure.md"
#define POLICY_TITLE    "Vulnerability disclosure policy"
#define POLICY_PLAYBOOK "vulnerability-report"

/* Bumped when what goes into security.txt changes shape. */
#define SECTXT_STAMP_VERSION "security-txt-1"

/* KEY of SITE copied into DATA as NAME, when set. */
static void
copy_setting(json_t *data, const char *name, const json_t *site,
    const char *key)
{
	const char *v = jstr_nonempty(site, key);

	if (v != NULL)
		jput(data, name, json_string(v));
}

/*
 * Expires: the start of today (UTC) plus security.expires-days (1-365,
 * the setting's check), so every export of one day writes the same bytes
 * and the date moves only when the file is exported again on a later
 * day; never more than a year ahead, as RFC 9116 asks.
 */
static void
expires(const json_t *site, char out[CLOCK_BUFSZ])
{
	const char *v = jstr(site, "security_expires_days");
	long days = v != NULL ? strtol(v, NULL, 10) : 365;
	time_t now = clock_now();

	if (days < 1 || days > 365)
		days = 365;
	clock_format(clock_add_days(now - now % 86400, (int)days), out);
}

/* "en,de, pt-BR" as "en, de, pt-BR". Allocated; NULL when empty. */
static char *
languages(const char *v)
{
	char *copy, *part, *save = NULL, *e, *out;
	size_t n = 0;

	if (v == NULL)
		return NULL;
	copy = xstrdup(v);
	out = xcalloc(1, strlen(v) * 2 + 1);
	for (part = strtok_r(copy, ",", &save); part != NULL;
	    part = strtok_r(NULL, ",", &save)) {
		while (*part == ' ')
			part++;
		for (e = part + strlen(part); e > part && e[-1] == ' '; e--)
			e[-1] = '\0';
		if (*part == '\0')
			continue;
		n += (size_t)sprintf(out + n, "%s%s", n > 0 ? ", " : "", part);
	}
	free(copy);
	if (n == 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* What security.txt and the policy page both say: contacts, Expires,
 * the other fields' URLs. */
static json_t *
common_data(const json_t *site)
{
	json_t *d = json_object();
	const char *url = jstr(site, "site_url");
	char exp[CLOCK_BUFSZ], *s;

	jput(d, "publisher_name", json_string(jstr(site, "publisher_name")));
	copy_setting(d, "site_title", site, "site_title");
	jput(d, "contacts", json_deep_copy(json_object_get(site, "contacts")));
	expires(site, exp);
	jput(d, "expires", json_string(exp));
	copy_setting(d, "encryption", site, "security_encryption");
	copy_setting(d, "acknowledgments", site, "security_acknowledgments");
	copy_setting(d, "hiring", site, "security_hiring");
	if ((s = languages(jstr(site, "security_languages"))) != NULL) {
		jput(d, "languages", json_string(s));
		free(s);
	}
	jput(d, "canonical", json_sprintf("%s%s", url, SECTXT_PATH));
	jput(d, "policy", json_sprintf("%s%s", url, POLICY_PAGE));
	jput(d, "csaf", json_sprintf("%s%s", url, CSAF_PATH));
	return d;
}

/* --- security.txt ------------------------------------------------------ */

static enum status
write_security_txt(struct export_ctx *x, const json_t *data,
    struct err *err)
{
	const json_t *site = x->model->site;
	const char *key = jstr(site, "signing_key");
	struct rendered r = { 0 };
	char *signed_text = NULL, hex[HASH_HEX_SIZE];
	size_t signed_len = 0;
	enum status st;

	if ((st = render_template(x->s, "security.txt", data, &r, err)) !=
	    ST_OK)
		goto end;
	/* The stamp is the unsigned text and the key: a signature differs
	 * on every run, so an unchanged file is neither signed nor written
	 * again. */
	hash_sha256_hexf(hex, SECTXT_STAMP_VERSION ":%s:%s", key != NULL ?
	    key : "", r.text);
	if (outdir_fresh(x->out, SECTXT_REL, hex))
		goto end;
	if (key == NULL) {
		st = outdir_write(x->out, SECTXT_REL, r.text, r.len, hex, err);
		goto end;
	}
	if ((st = sign_data(key, SIGN_CLEAR, r.text, r.len, &signed_text,
	    &signed_len, err)) != ST_OK) {
		err_prefix(err, "security.txt: signing with signing.key");
		goto end;
	}
	st = outdir_write(x->out, SECTXT_REL, signed_text, signed_len, hex,
	    err);
end:
	free(signed_text);
	rendered_clear(&r);
	return st;
}

/* --- the policy page --------------------------------------------------- */

/* Whether C may stand raw in a Markdown link destination made from a
 * setting: settings hold no white space, quotes or angle brackets, and
 * parentheses, which would end the destination, are percent-encoded (the
 * same address). */
static bool
link_char_ok(int c)
{
	return c != '(' && c != ')';
}

/* KEY of DATA, when set, as a link destination (link_char_ok()). */
static void
href_of(json_t *data, const char *key)
{
	const char *v = jstr(data, key);
	struct textbuf b = { 0 };

	if (v == NULL)
		return;
	textbuf_pct(&b, v, strlen(v), link_char_ok);
	jput(data, key, json_string(b.p));
	textbuf_clear(&b);
}

/* Each contact as { href, label, is_email | is_phone | is_web }. */
static json_t *
contact_list(const json_t *contacts)
{
	json_t *out = json_array(), *c, *v;
	const char *href;
	size_t i;

	json_array_foreach(contacts, i, v) {
		if ((href = json_string_value(v)) == NULL)
			continue;
		c = json_object();
		jput(c, "href", json_string(href));
		href_of(c, "href");
		if (strncmp(href, "mailto:", 7) == 0) {
			jput(c, "label", json_string(href + 7));
			jput(c, "is_email", json_true());
		} else if (strncmp(href, "tel:", 4) == 0) {
			jput(c, "label", json_string(href + 4));
			jput(c, "is_phone", json_true());
		} else {
			jput(c, "label", json_string(href));
			jput(c, "is_web", json_true());
		}
		jpush(out, c);
	}
	return out;
}

/* Where a clock counts from, as a reporter reads it. */
static const char *
from_text(const char *from)
{
	if (from == NULL || strcmp(from, "started") == 0)
		return "of your report reaching us";
	if (strcmp(from, "awareness") == 0)
		return "of our becoming aware of the issue";
	if (strcmp(from, "discovery") == 0)
		return "of the issue's discovery";
	if (strcmp(from, "fix-available") == 0)
		return "of a fix becoming available";
	return NULL;
}

/*
 * The promises: each clock of the vulnerability-report playbook (the
 * copy in the configuration directory when there is one, as new reports
 * use) with its title and span as pb_span_format() writes it. Clocks
 * that take their times from a regulatory regime are not promises to
 * reporters and are left out.
 */
static enum status
add_promises(json_t *data, struct err *err)
{
	struct playbook *pb = NULL;
	const struct pb_clock *c;
	json_t *list = json_array(), *p, *by_id = json_object();
	char *path = NULL, span[64];
	bool every;
	size_t i;
	enum status st;

	if ((st = playbook_find(POLICY_PLAYBOOK, &path, err)) != ST_OK ||
	    (st = playbook_load_file(path, &pb, NULL, err)) != ST_OK) {
		err_prefix(err, "the disclosure policy takes its promised times "
		    "from the %s playbook", POLICY_PLAYBOOK);
		goto end;
	}
	for (i = 0; i < pb->n_clocks; i++) {
		c = &pb->clocks[i];
		if (c->regime != NULL)
			continue;
		every = c->every.months > 0 || c->every.minutes > 0;
		pb_span_format(every ? &c->every : &c->within, span,
		    sizeof span);
		p = json_object();
		jput(p, "id", json_string(c->id));
		jput(p, "title", json_string(c->title));
		jput(p, "span", json_string(span));
		jput(p, "is_recurring", json_boolean(every));
		if (!every && from_text(c->from) != NULL)
			jput(p, "from_text", json_string(from_text(c->from)));
		jput(by_id, c->id, json_string(span));
		jpush(list, p);
	}
	jput(data, "has_promises", json_boolean(json_array_size(list) > 0));
	jput(data, "promises", list);
	list = NULL;
	jput(data, "promise", by_id);
	by_id = NULL;
	jput(data, "playbook", json_pack("{s:s, s:s, s:s}", "name", pb->name,
	    "version", pb->version, "hash", pb->hash));
end:
	json_decref(list);
	json_decref(by_id);
	playbook_free(&pb);
	free(path);
	return st;
}

/* The model's products: { name, description }, by name. */
static json_t *
product_list(const json_t *products)
{
	json_t *out = json_array(), *p, *v;
	const char *name;
	size_t i;

	json_array_foreach(products, i, v) {
		if ((name = jstr(v, "name")) == NULL)
			name = jstr(v, "slug");
		if (name == NULL)
			continue;
		p = json_object();
		jput(p, "name", json_string(name));
		if (jstr_nonempty(v, "description") != NULL)
			jput(p, "description", json_string(jstr(v,
			    "description")));
		jpush(out, p);
	}
	return out;
}

static enum status
write_policy(struct export_ctx *x, json_t *data, struct err *err)
{
	struct rendered md = { 0 }, html = { 0 };
	json_t *products;
	char *fragment = NULL, *url;
	enum status st;

	jput(data, "contacts", contact_list(json_object_get(data, "contacts")));
	products = product_list(x->model->products);
	jput(data, "has_products", json_boolean(json_array_size(products) > 0));
	jput(data, "products", products);
	url = xasprintf("%s%s", jstr(x->model->site, "site_url"), SECTXT_PATH);
	jput(data, "security_txt", json_string(url));
	free(url);
	href_of(data, "security_txt");
	href_of(data, "encryption");
	href_of(data, "acknowledgments");
	href_of(data, "hiring");
	href_of(data, "csaf");
	jput(data, "title", json_string(POLICY_TITLE));
	jput(data, "site", json_incref(x->model->site));
	if ((st = add_promises(data, err)) != ST_OK)
		goto end;

	if ((st = render_template(x->s, "disclosure-policy.md", data, &md,
	    err)) != ST_OK ||
	    (st = outdir_write(x->out, EXPORT_DOCS "/" POLICY_MD, md.text,
	    md.len, NULL, err)) != ST_OK)
		goto end;
	if ((fragment = render_markdown_html(md.text, md.len)) == NULL) {
		st = err_set(err, ST_INTERNAL, "%s: the Markdown did not turn "
		    "into HTML", POLICY_MD);
		goto end;
	}
	if ((st = render_page(x->s, x->model->site, POLICY_TITLE, POLICY_PAGE,
	    fragment, &html, err)) != ST_OK)
		goto end;
	st = outdir_write(x->out, EXPORT_SITE "/" POLICY_PAGE, html.text,
	    html.len, NULL, err);
end:
	free(fragment);
	rendered_clear(&md);
	rendered_clear(&html);
	return st;
}

enum status
export_disclosure(struct export_ctx *x, struct err *err)
{
	static const char *const needed[] = { "security.contact", "site.url",
	    "publisher.name", NULL };
	json_t *data;
	enum status st;

	if ((st = settings_require(x->model->site, needed, "security.txt",
	    err)) != ST_OK)
		return st;
	if (json_array_size(json_object_get(x->model->site, "contacts")) == 0)
		return err_set(err, ST_INVALID, "security.txt needs a contact: "
		    "herald settings set security.contact "
		    "mailto:security@example.com");
	data = common_data(x->model->site);
	if ((st = write_security_txt(x, data, err)) == ST_OK)
		st = write_policy(x, data, err);
	json_decref(data);
	return st;
}
