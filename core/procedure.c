/* core/procedure.c - the breach-notification procedure as a document:
 * read from the breach playbook (setting breach.playbook), the users who
 * hold each gate's roles, the regimes the clocks name, the channels, the
 * drill settings and the policy's owner, then rendered through the
 * template breach-procedure.md. The data the template gets is also what
 * procedure_source_hash() hashes, so the hash changes exactly when the
 * document would. */
#include "config.h"

#include "core/procedure.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/channel.h"
#include "core/drill.h"
#include "core/owner.h"
#include "core/playbook.h"
#include "core/regime.h"
#include "core/render.h"
#include "core/settings.h"
#include "core/template.h"
#include "core/text.h"
#include "core/user.h"
#include "util/xalloc.h"

#define PROCEDURE_TITLE    "Breach-notification procedure"
#define PROCEDURE_TEMPLATE "breach-procedure.md"
#define PROCEDURE_POLICY   "breach-procedure"
/* The page's path for its links, as the disclosure policy's. */
#define PROCEDURE_PAGE     "policy/breach-procedure.html"
/* Bumped when what the hash covers changes shape. */
#define PROCEDURE_STAMP    "breach-procedure-1"

/* What the document is made from, read once. */
struct proc_src {
	struct playbook *pb;
	struct rowlist   users;       /* struct user */
	struct rowlist   channels;    /* struct channel */
	json_t          *site;
};

static void
src_clear(struct proc_src *x)
{
	playbook_free(&x->pb);
	rowlist_free(&x->users, (row_clear_fn)user_clear);
	rowlist_free(&x->channels, (row_clear_fn)channel_clear);
	json_decref(x->site);
	memset(x, 0, sizeof *x);
}

/* Who an audience is, in words. */
static const char *
audience_text(const char *audience)
{
	if (audience == NULL)
		return "its readers";
	if (strcmp(audience, "regulator") == 0)
		return "the supervisory authority";
	if (strcmp(audience, "customers") == 0)
		return "customers and the people affected";
	if (strcmp(audience, "public") == 0)
		return "the public";
	if (strcmp(audience, "internal") == 0)
		return "our own staff";
	return audience;
}

/* Where a clock counts from, in words. */
static const char *
from_text(const char *from)
{
	if (from == NULL || strcmp(from, "started") == 0)
		return "the communication being started";
	if (strcmp(from, "awareness") == 0)
		return "our becoming aware of the breach";
	if (strcmp(from, "discovery") == 0)
		return "its discovery";
	if (strcmp(from, "fix-available") == 0)
		return "a fix becoming available";
	return from;
}

static const char *
variant_title(const struct playbook *pb, const char *id)
{
	const struct pb_variant *v = playbook_variant(pb, id);

	return v != NULL && v->title != NULL ? v->title : id;
}

/* "the A and the B" for the variants a step names; "every
 * communication" for none. Allocated. */
static char *
variants_text(const struct playbook *pb, char **ids, size_t n)
{
	struct textbuf b = { 0 };
	size_t i;

	if (n == 0)
		return xstrdup("every communication");
	for (i = 0; i < n; i++) {
		if (i > 0)
			textbuf_str(&b, i + 1 == n ? " and " : ", ");
		textbuf_str(&b, variant_title(pb, ids[i]));
	}
	return textbuf_take(&b);
}

static json_t *
variants_json(const struct playbook *pb)
{
	json_t *a = json_array();
	const struct pb_variant *v;
	size_t i;

	for (i = 0; i < pb->n_variants; i++) {
		v = &pb->variants[i];
		jpush(a, json_pack("{s:s, s:s, s:s, s:s}", "id", v->id, "title",
		    v->title != NULL ? v->title : pb->title, "kind", v->kind,
		    "audience_text", audience_text(v->audience)));
	}
	return a;
}

/* The users, not erased, who hold ROLE today, by login. */
static json_t *
holders_json(const struct rowlist *users, const char *role)
{
	json_t *a = json_array();
	const struct user *u;
	size_t i, k;

	for (i = 0; i < users->count; i++) {
		u = rowlist_at(users, i);
		if (u->erased_at != NULL)
			continue;
		for (k = 0; k < u->nroles; k++)
			if (strcmp(u->roles[k], role) == 0)
				break;
		if (k == u->nroles)
			continue;
		jpush(a, json_pack("{s:s, s:s}", "login", u->login, "name",
		    u->name != NULL ? u->name : u->login));
	}
	return a;
}

static json_t *
gates_json(const struct proc_src *x)
{
	json_t *a = json_array(), *g, *roles, *holders;
	const struct pb_step *st;
	const struct pb_gate_role *r;
	char *vt, count[48];
	size_t i, k;

	for (i = 0; i < x->pb->n_steps; i++) {
		st = &x->pb->steps[i];
		if (st->kind != PB_STEP_GATE)
			continue;
		roles = json_array();
		for (k = 0; k < st->n_roles; k++) {
			r = &st->roles[k];
			holders = holders_json(&x->users, r->role);
			snprintf(count, sizeof count, "%d approval%s", r->count,
			    r->count == 1 ? "" : "s");
			jpush(roles, json_pack("{s:s, s:s, s:i, s:b, s:o}", "role",
			    r->role, "count_text", count, "count", r->count,
			    "has_holders", json_array_size(holders) > 0, "holders",
			    holders));
		}
		vt = variants_text(x->pb, st->variants, st->n_variants);
		g = json_pack("{s:s, s:s, s:b, s:b, s:b, s:o}", "title", st->title,
		    "variants_text", vt, "is_ordered", st->is_ordered,
		    "is_preapprovable", st->is_preapprovable, "allow_author",
		    st->allow_author, "roles", roles);
		if (st->help != NULL)
			jput(g, "help", json_string(st->help));
		free(vt);
		jpush(a, g);
	}
	return a;
}

/* "only when "Label" is yes or no" for field F's condition. Allocated;
 * NULL when it always shows. */
static char *
when_text(const struct playbook *pb, const struct pb_field *f)
{
	const struct pb_field *on;
	struct textbuf b = { 0 };
	const char *label;
	size_t i, k;

	if (f->when.field == NULL)
		return NULL;
	on = playbook_field(pb, f->when.field, NULL);
	textbuf_printf(&b, "only when \"%s\" is ", on != NULL ? on->label :
	    f->when.field);
	for (i = 0; i < f->when.n_values; i++) {
		label = f->when.values[i];
		for (k = 0; on != NULL && k < on->n_options; k++)
			if (strcmp(on->options[k].value, label) == 0) {
				label = on->options[k].label;
				break;
			}
		if (i > 0)
			textbuf_str(&b, " or ");
		textbuf_str(&b, label);
	}
	return textbuf_take(&b);
}

/* The fields of the form steps of VARIANT, in the playbook's order. */
static json_t *
fields_json(const struct playbook *pb, const char *variant)
{
	json_t *a = json_array(), *o;
	const struct pb_step *st;
	const struct pb_field *f;
	char *when;
	size_t i, k;

	for (i = 0; i < pb->n_steps; i++) {
		st = &pb->steps[i];
		if (st->kind != PB_STEP_FORM ||
		    !playbook_step_in_variant(st, variant))
			continue;
		for (k = 0; k < st->n_fields; k++) {
			f = &st->fields[k];
			o = json_pack("{s:s, s:s, s:b, s:b}", "id", f->id, "label",
			    f->label != NULL ? f->label : f->id, "is_required",
			    f->is_required, "is_internal", f->is_internal);
			if (f->help != NULL) {
				char *h = text_line(f->help);

				jput(o, "help", json_string(h));
				free(h);
			}
			if ((when = when_text(pb, f)) != NULL) {
				jput(o, "when_text", json_string(when));
				free(when);
			}
			jpush(a, o);
		}
	}
	return a;
}

static json_t *
notifications_json(const struct playbook *pb)
{
	json_t *a = json_array(), *outs;
	const struct pb_variant *v;
	const struct pb_output *o;
	size_t i, k;

	for (i = 0; i < pb->n_variants; i++) {
		v = &pb->variants[i];
		outs = json_array();
		for (k = 0; k < pb->n_outputs; k++) {
			o = &pb->outputs[k];
			if (playbook_output_in_variant(o, v->id))
				jpush(outs, json_pack("{s:s, s:s}", "title",
				    o->title != NULL ? o->title : o->id, "format",
				    o->format));
		}
		jpush(a, json_pack("{s:s, s:s, s:o, s:o}", "title",
		    v->title != NULL ? v->title : pb->title, "audience_text",
		    audience_text(v->audience), "outputs", outs, "fields",
		    fields_json(pb, v->id)));
	}
	return a;
}

/* "for incidents of severity high or critical; for the supervisory
 * authority": when a regime's clock applies. Allocated; NULL: always. */
static char *
applies_text(const struct pb_clock *pc, const struct regime_clock *rc)
{
	struct textbuf b = { 0 };
	size_t i;

	if (rc->n_severities > 0) {
		textbuf_str(&b, "for incidents of severity ");
		for (i = 0; i < rc->n_severities; i++)
			textbuf_printf(&b, "%s%s", i == 0 ? "" : i + 1 ==
			    rc->n_severities ? " or " : ", ", rc->severities[i]);
	}
	if (rc->audience != NULL && pc->variant == NULL)
		textbuf_printf(&b, "%sfor communications to %s", b.len > 0 ?
		    "; " : "", audience_text(rc->audience));
	return b.len > 0 ? textbuf_take(&b) : NULL;
}

static json_t *
clock_json(const struct playbook *pb, const struct pb_clock *pc,
    const char *title, const char *from, const struct pb_span *span,
    bool is_recurring)
{
	json_t *o;
	char text[64];

	pb_span_format(span, text, sizeof text);
	o = json_pack("{s:s, s:s, s:b, s:s}", "title", title, "span", text,
	    "is_recurring", is_recurring, "from_text", from_text(from));
	if (pc->variant != NULL)
		jput(o, "variant_title", json_string(variant_title(pb,
		    pc->variant)));
	return o;
}

/*
 * The clocks, each regime clock resolved as core/deadline.c does: one
 * named clock takes the playbook's title (unless that is just its id), a
 * whole regime keeps its clocks' own.
 */
static enum status
clocks_json(const struct playbook *pb, json_t **out, struct err *err)
{
	json_t *a = json_array(), *o;
	const struct pb_clock *pc;
	const struct regime_clock *rc;
	struct regime *r = NULL;
	char *applies;
	bool every;
	size_t i, k;
	enum status st = ST_OK;

	for (i = 0; st == ST_OK && i < pb->n_clocks; i++) {
		pc = &pb->clocks[i];
		if (pc->regime == NULL) {
			every = pc->every.months > 0 || pc->every.minutes > 0;
			jpush(a, clock_json(pb, pc, pc->title != NULL ? pc->title :
			    pc->id, pc->from, every ? &pc->every : &pc->within,
			    every));
			continue;
		}
		if ((st = regime_load(pc->regime, &r, err)) != ST_OK) {
			err_prefix(err, "playbook clock %s", pc->id);
			break;
		}
		if (pc->regime_clock != NULL && regime_clock(r, pc->regime_clock) ==
		    NULL)
			st = err_set(err, ST_INVALID, "playbook clock %s: regime %s "
			    "has no clock %s", pc->id, pc->regime, pc->regime_clock);
		for (k = 0; st == ST_OK && k < r->n_clocks; k++) {
			rc = &r->clocks[k];
			if (pc->regime_clock != NULL &&
			    strcmp(pc->regime_clock, rc->id) != 0)
				continue;
			o = clock_json(pb, pc, pc->regime_clock != NULL &&
			    pc->title != NULL && strcmp(pc->title, pc->id) != 0 ?
			    pc->title : rc->title, rc->from, &rc->within, false);
			if (rc->basis != NULL)
				jput(o, "basis", json_string(rc->basis));
			if (r->title != NULL)
				jput(o, "regime_title", json_string(r->title));
			if ((applies = applies_text(pc, rc)) != NULL) {
				jput(o, "applies_text", json_string(applies));
				free(applies);
			}
			jpush(a, o);
		}
		regime_free(&r);
	}
	if (st != ST_OK) {
		json_decref(a);
		return st;
	}
	*out = a;
	return ST_OK;
}

/* How output O travels, in words, as core/dispatch.c sends it; the
 * channel kinds it uses go into KINDS (a set). */
static const char *
output_via(const struct pb_output *o, json_t *kinds)
{
	if (strcmp(o->format, "email") == 0) {
		jput(kinds, "email", json_true());
		return "e-mail through the email channels, to the recipients "
		    "named in the communication and the subscriber lists of "
		    "the channel";
	}
	if (strcmp(o->format, "github") == 0) {
		jput(kinds, "github", json_true());
		return "a GitHub repository security advisory";
	}
	if (strcmp(o->format, "ticket") == 0) {
		jput(kinds, "jira", json_true());
		jput(kinds, "servicenow", json_true());
		return "a ticket in Jira or ServiceNow";
	}
	if (strcmp(o->format, "html") == 0 || strcmp(o->format, "markdown") ==
	    0)
		return "a page of the site, for the audiences that read it";
	return "prepared by herald and delivered by hand (a web form, a "
	    "letter), the delivery recorded with herald comm deliver";
}

/* The publish steps with their outputs; the channel kinds they use, and
 * the directory channels when a variant speaks to the public or
 * customers, into KINDS. */
static json_t *
publish_json(const struct playbook *pb, json_t *kinds)
{
	json_t *a = json_array(), *outs;
	const struct pb_step *st;
	const struct pb_output *o;
	size_t i, k, j;

	jput(kinds, "webhook", json_true());
	for (i = 0; i < pb->n_variants; i++)
		if (pb->variants[i].audience != NULL &&
		    (strcmp(pb->variants[i].audience, "public") == 0 ||
		    strcmp(pb->variants[i].audience, "customers") == 0))
			jput(kinds, "directory", json_true());
	for (i = 0; i < pb->n_steps; i++) {
		st = &pb->steps[i];
		if (st->kind != PB_STEP_PUBLISH)
			continue;
		outs = json_array();
		for (k = 0; k < st->n_channels; k++) {
			for (j = 0; j < pb->n_outputs; j++)
				if (strcmp(pb->outputs[j].id, st->channels[k]) == 0)
					break;
			if (j == pb->n_outputs) {
				jpush(outs, json_pack("{s:s, s:s, s:s}", "title",
				    st->channels[k], "format", "channel", "via",
				    "the channel of that name"));
				continue;
			}
			o = &pb->outputs[j];
			jpush(outs, json_pack("{s:s, s:s, s:s}", "title",
			    o->title != NULL ? o->title : o->id, "format",
			    o->format, "via", output_via(o, kinds)));
		}
		jpush(a, json_pack("{s:s, s:s, s:o}", "title", st->title,
		    "variant_title", st->n_variants == 1 ? variant_title(pb,
		    st->variants[0]) : "every communication", "outputs", outs));
	}
	return a;
}

/* The configured channels of the kinds in KINDS, by name. */
static json_t *
channels_json(const struct rowlist *channels, const json_t *kinds)
{
	json_t *a = json_array();
	const struct channel *c;
	size_t i;

	for (i = 0; i < channels->count; i++) {
		c = rowlist_at(channels, i);
		if (json_object_get(kinds, c->kind) != NULL)
			jpush(a, json_pack("{s:s, s:s, s:b}", "name", c->name,
			    "kind", c->kind, "is_enabled", c->is_enabled));
	}
	return a;
}

static enum status
drill_json(struct session *s, json_t **out, struct err *err)
{
	struct drill d = { 0 };
	char *list = NULL, *channel = NULL;
	json_t *o = NULL;
	enum status st;

	if ((st = setting_get(s, "drill.list", &list, err)) != ST_OK ||
	    (st = setting_get(s, "drill.channel", &channel, err)) != ST_OK)
		goto end;
	o = json_pack("{s:s}", "list", list != NULL ? list : "");
	if (channel != NULL)
		jput(o, "channel", json_string(channel));
	st = drill_last_finished(s, &d, err);
	if (st == ST_OK && d.finished_at != NULL)
		jput(o, "last_finished", json_stringn(d.finished_at,
		    strnlen(d.finished_at, 10)));
	else if (st == ST_NOTFOUND)
		st = ST_OK;
end:
	if (st == ST_OK) {
		*out = o;
		o = NULL;
	}
	json_decref(o);
	drill_clear(&d);
	free(list);
	free(channel);
	return st;
}

static enum status
owner_json(struct session *s, json_t **out, struct err *err)
{
	struct user u = { 0 };
	enum status st;

	st = owner_of(s, OWNER_KIND_POLICY, PROCEDURE_POLICY, &u, err);
	if (st == ST_OK)
		*out = json_pack("{s:s, s:s}", "login", u.login, "name",
		    u.name != NULL ? u.name : u.login);
	else if (st == ST_NOTFOUND) {
		*out = json_null();
		st = ST_OK;
	}
	user_clear(&u);
	return st;
}

/* Read what the document is made from into X. */
static enum status
src_read(struct session *s, struct proc_src *x, struct err *err)
{
	char *name = NULL, *path = NULL;
	enum status st;

	rowlist_init(&x->users, sizeof(struct user));
	rowlist_init(&x->channels, sizeof(struct channel));
	if ((st = setting_get(s, "breach.playbook", &name, err)) != ST_OK)
		goto end;
	if (name == NULL) {
		st = err_set(err, ST_NOTFOUND, "breach.playbook: not set; herald "
		    "settings set breach.playbook breach-notification");
		goto end;
	}
	if ((st = playbook_find(name, &path, err)) != ST_OK ||
	    (st = playbook_load_file(path, &x->pb, NULL, err)) != ST_OK) {
		err_prefix(err, "the breach procedure describes the playbook "
		    "%s (setting breach.playbook)", name);
		goto end;
	}
	rowlist_free(&x->users, NULL);
	rowlist_free(&x->channels, NULL);
	if ((st = user_list(s, &x->users, err)) != ST_OK ||
	    (st = channel_list(s, &x->channels, err)) != ST_OK ||
	    (st = settings_site(s, &x->site, err)) != ST_OK)
		goto end;
end:
	free(name);
	free(path);
	return st;
}

/* The template's data, every value it prints. *OUT is a new reference. */
static enum status
build(struct session *s, struct proc_src *x, json_t **out, struct err *err)
{
	const struct playbook *pb = x->pb;
	json_t *d = json_object(), *kinds = json_object(), *clocks = NULL,
	    *drill = NULL, *owner = NULL, *channels;
	const char *publisher = jstr_nonempty(x->site, "publisher_name");
	char *note;
	enum status st;

	if ((st = clocks_json(pb, &clocks, err)) != ST_OK ||
	    (st = drill_json(s, &drill, err)) != ST_OK ||
	    (st = owner_json(s, &owner, err)) != ST_OK)
		goto end;
	jput(d, "title", json_string(PROCEDURE_TITLE));
	jput(d, "publisher_name", json_string(publisher != NULL ? publisher :
	    "our organisation"));
	jput(d, "playbook", json_pack("{s:s, s:s, s:s, s:s}", "name", pb->name,
	    "version", pb->version, "title", pb->title, "hash", pb->hash));
	if (text_nonblank(pb->description) != NULL) {
		note = text_line(pb->description);
		jput(json_object_get(d, "playbook"), "description",
		    json_string(note));
		free(note);
	}
	jput(d, "owner", owner);
	owner = NULL;
	jput(d, "variants", variants_json(pb));
	jput(d, "gates", gates_json(x));
	jput(d, "notifications", notifications_json(pb));
	jput(d, "clocks", clocks);
	clocks = NULL;
	jput(d, "publish", publish_json(pb, kinds));
	channels = channels_json(&x->channels, kinds);
	jput(d, "has_channels", json_boolean(json_array_size(channels) > 0));
	jput(d, "channels", channels);
	jput(d, "drill", drill);
	drill = NULL;
	note = xasprintf("Generated by herald from the playbook %s version %s "
	    "(SHA-256 %s).", pb->name, pb->version, pb->hash);
	jput(d, "source_note", json_string(note));
	free(note);
	/* What the page's frame prints of the settings. */
	jput(d, "site", json_pack("{s:o, s:o, s:o}", "publisher_name",
	    jtext(jstr(x->site, "publisher_name")), "site_title",
	    jtext(jstr(x->site, "site_title")), "security_languages",
	    jtext(jstr(x->site, "security_languages"))));
	*out = d;
	d = NULL;
end:
	json_decref(d);
	json_decref(kinds);
	json_decref(clocks);
	json_decref(drill);
	json_decref(owner);
	return st;
}

/* The newest hash of template NAME, or "" when it is not imported. */
static char *
template_hash_of(struct session *s, const char *name)
{
	struct template_row t = { 0 };
	char *h;

	if (template_get_latest(s, name, &t, NULL) != ST_OK) {
		template_row_clear(&t);
		return xstrdup("");
	}
	h = xstrdup(t.hash != NULL ? t.hash : "");
	template_row_clear(&t);
	return h;
}

/* The source hash of DATA: it, with the templates that render it. */
static void
hash_of(struct session *s, const json_t *data, char out[HASH_HEX_SIZE])
{
	char *text = jdump(data, JSON_COMPACT | JSON_SORT_KEYS),
	    *md = template_hash_of(s, PROCEDURE_TEMPLATE),
	    *layout = template_hash_of(s, "layout.html");

	hash_sha256_hexf(out, PROCEDURE_STAMP "\n%s\n%s\n%s", md, layout,
	    text);
	free(text);
	free(md);
	free(layout);
}

enum status
procedure_source_hash(struct session *s, char out[HASH_HEX_SIZE],
    struct err *err)
{
	struct proc_src x = { 0 };
	json_t *data = NULL;
	enum status st;

	out[0] = '\0';
	if ((st = src_read(s, &x, err)) == ST_OK &&
	    (st = build(s, &x, &data, err)) == ST_OK)
		hash_of(s, data, out);
	json_decref(data);
	src_clear(&x);
	return st;
}

enum status
procedure_render(struct session *s, char **md_out, char **html_out,
    char hash[HASH_HEX_SIZE], struct err *err)
{
	struct proc_src x = { 0 };
	struct rendered md = { 0 }, html = { 0 };
	json_t *data = NULL;
	char *fragment = NULL;
	enum status st;

	if (md_out != NULL)
		*md_out = NULL;
	if (html_out != NULL)
		*html_out = NULL;
	if ((st = src_read(s, &x, err)) != ST_OK ||
	    (st = build(s, &x, &data, err)) != ST_OK)
		goto end;
	if (hash != NULL)
		hash_of(s, data, hash);
	if ((st = render_template(s, PROCEDURE_TEMPLATE, data, &md, err)) !=
	    ST_OK)
		goto end;
	if (html_out != NULL) {
		fragment = render_markdown_html(md.text, md.len);
		if ((st = render_page(s, x.site, PROCEDURE_TITLE,
		    PROCEDURE_PAGE, fragment, &html, err)) != ST_OK)
			goto end;
		*html_out = html.text;
		html.text = NULL;
	}
	if (md_out != NULL) {
		*md_out = md.text;
		md.text = NULL;
	}
end:
	free(fragment);
	rendered_clear(&md);
	rendered_clear(&html);
	json_decref(data);
	src_clear(&x);
	return st;
}
