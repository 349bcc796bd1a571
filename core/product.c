/* core/product.c - products and release cycles: validation, audit, phases. */
#include "config.h"

#include "core/product.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "storage/q_user.h"

#define DESCRIPTION_MAX   4000
#define VERSION_MAX       64
#define POST_EOL_MAX      2000
#define EOL_DUE_MONTHS_MAX 120

/*
 * The dates of a cycle in the order they must keep: each set date is on or
 * after every set date before it. Names are the fields' names in messages.
 */
enum { D_RELEASE, D_ACTIVE, D_SECURITY, D_EOL, D_EXTENDED, NDATES };
static const char *const date_names[NDATES] = {
	"release-date", "active-support-end", "security-support-end", "eol",
	"extended-support-end",
};

#define DATE_BUFSZ 11                    /* YYYY-MM-DD, or "" when unset */

static const char *const phase_names[] = {
	[CYCLE_UNRELEASED] = "unreleased",
	[CYCLE_FULL_SUPPORT] = "full-support",
	[CYCLE_SECURITY_ONLY] = "security-only",
	[CYCLE_EXTENDED] = "extended",
	[CYCLE_EOL] = "eol",
};

/* V, or NULL when V is NULL or empty. */
static const char *
opt(const char *v)
{
	return v != NULL && *v != '\0' ? v : NULL;
}

/* Whether A and B hold the same text, NULL and "" counting as equal. */
static bool
same(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

enum status
product_check_slug(const char *slug, struct err *err)
{
	const char *p;

	if (slug == NULL || *slug == '\0')
		return err_set(err, ST_INVALID, "slug: required (like "
		    "\"acme-server\")");
	if (strlen(slug) > PRODUCT_SLUG_MAX)
		return err_set(err, ST_INVALID, "slug: at most %d characters "
		    "(got %zu)", PRODUCT_SLUG_MAX, strlen(slug));
	for (p = slug; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    (p != slug && strchr("-._", *p) != NULL)))
			return err_set(err, ST_INVALID, "slug %s: use lowercase "
			    "letters, digits, '-', '.' and '_', starting with a "
			    "letter or a digit", slug);
	return ST_OK;
}

/* The owner's id as JSON, null when there is none. */
static json_t *
id_json(long long id)
{
	return id != 0 ? json_integer(id) : json_null();
}

/* Look up LOGIN as an owner into U; the message names the field. */
static enum status
load_owner(struct session *s, const char *login, struct user *u,
    struct err *err)
{
	enum status st;

	if ((st = q_user_by_login(s->db, login, u, err)) != ST_OK) {
		err_prefix(err, "owner");
		return st;
	}
	if (u->erased_at != NULL)
		return err_set(err, ST_INVALID, "owner: user %s was erased", login);
	return ST_OK;
}

enum status
product_create(struct session *s, const char *slug, const char *name,
    const char *description, const char *owner_login, long long *id,
    struct err *err)
{
	struct product p = { 0 };
	struct user owner = { 0 };
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = product_check_slug(slug, err)) != ST_OK ||
	    (st = check_line("name", name, PRODUCT_NAME_MAX, true, err)) != ST_OK)
		return st;
	if (description != NULL && check_chars(description) > DESCRIPTION_MAX)
		return err_set(err, ST_INVALID, "description: at most %d "
		    "characters (got %zu)", DESCRIPTION_MAX,
		    check_chars(description));
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if (opt(owner_login) != NULL &&
	    (st = load_owner(s, owner_login, &owner, err)) != ST_OK)
		goto end;
	p.slug = (char *)slug;
	p.name = (char *)name;
	p.description = (char *)description;
	p.owner_id = owner.id;
	p.created_at = now;
	if ((st = q_product_insert(s->db, &p, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "product.create", "product", p.id,
	    err, "{s:s, s:o}", "slug", slug, "owner", id_json(owner.id));
end:
	st = db_end(s->db, st, err);
	user_clear(&owner);
	if (st == ST_OK && id != NULL)
		*id = p.id;
	return st;
}

enum status
product_get_by_slug(struct session *s, const char *slug, struct product *out,
    struct err *err)
{
	if (slug == NULL || *slug == '\0')
		return err_set(err, ST_INVALID, "which product? give its slug");
	return q_product_by_slug(s->db, slug, out, err);
}

enum status
product_get(struct session *s, long long id, struct product *out,
    struct err *err)
{
	return q_product_by_id(s->db, id, out, err);
}

enum status
product_list(struct session *s, struct rowlist *out, struct err *err)
{
	return q_product_list(s->db, out, err);
}

enum status
product_set_owner(struct session *s, const char *slug, const char *owner_login,
    struct err *err)
{
	struct product p = { 0 };
	struct user owner = { 0 };
	char now[CLOCK_BUFSZ];
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = product_check_slug(slug, err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_product_by_slug(s->db, slug, &p, err)) != ST_OK)
		goto end;
	if (opt(owner_login) != NULL &&
	    (st = load_owner(s, owner_login, &owner, err)) != ST_OK)
		goto end;
	if (owner.id == p.owner_id)
		goto end;                       /* nothing changes */
	if ((st = q_product_set_owner(s->db, p.id, owner.id, now, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "product.owner", "product", p.id, err,
	    "{s:s, s:o, s:o}", "slug", slug, "owner", id_json(owner.id),
	    "previous_owner", id_json(p.owner_id));
end:
	st = db_end(s->db, st, err);
	product_clear(&p);
	user_clear(&owner);
	return st;
}

/* Parse each set date of IN into OUT as a UTC date ("" when unset) and
 * check that they keep their order. */
static enum status
norm_dates(const struct cycle *in, char out[][DATE_BUFSZ], struct err *err)
{
	const char *v[NDATES];
	time_t t;
	int i, j, year;

	v[D_RELEASE] = in->release_date;
	v[D_ACTIVE] = in->active_support_end;
	v[D_SECURITY] = in->security_support_end;
	v[D_EOL] = in->eol;
	v[D_EXTENDED] = in->extended_support_end;
	for (i = 0; i < NDATES; i++) {
		out[i][0] = '\0';
		if (opt(v[i]) == NULL)
			continue;
		if (clock_parse(v[i], &t, err) != ST_OK) {
			err_prefix(err, "%s", date_names[i]);
			return ST_INVALID;
		}
		year = clock_year(t);
		if (year < 1970 || year > 9999)
			return err_set(err, ST_INVALID, "%s: %s: the year must be "
			    "between 1970 and 9999", date_names[i], v[i]);
		clock_format_date(t, out[i]);
	}
	for (i = 0; i < NDATES; i++)
		for (j = i + 1; j < NDATES; j++)
			if (out[i][0] != '\0' && out[j][0] != '\0' &&
			    strcmp(out[j], out[i]) < 0)
				return err_set(err, ST_INVALID, "%s %s is before "
				    "%s %s", date_names[j], out[j], date_names[i],
				    out[i]);
	return ST_OK;
}

/* cycle_check(), also handing back the normalised dates. */
static enum status
check_cycle(const struct cycle *in, char dates[][DATE_BUFSZ], struct err *err)
{
	enum status st;

	if (in == NULL)
		return err_set(err, ST_INVALID, "no release cycle given");
	if ((st = check_line("cycle", in->cycle, CYCLE_NAME_MAX, true,
	    err)) != ST_OK ||
	    (st = check_line("latest-version", in->latest_version, VERSION_MAX,
	    false, err)) != ST_OK)
		return st;
	if (in->post_eol_options != NULL &&
	    check_chars(in->post_eol_options) > POST_EOL_MAX)
		return err_set(err, ST_INVALID, "post-eol-options: at most %d "
		    "characters (got %zu)", POST_EOL_MAX,
		    check_chars(in->post_eol_options));
	if (in->owner_id < 0)
		return err_set(err, ST_INVALID, "owner: no user with id %lld",
		    in->owner_id);
	return norm_dates(in, dates, err);
}

enum status
cycle_check(const struct cycle *in, struct err *err)
{
	char dates[NDATES][DATE_BUFSZ];

	return check_cycle(in, dates, err);
}

/* Point C's date fields at DATES (NULL where unset). */
static void
set_dates(struct cycle *c, char dates[][DATE_BUFSZ])
{
	c->release_date = (char *)opt(dates[D_RELEASE]);
	c->active_support_end = (char *)opt(dates[D_ACTIVE]);
	c->security_support_end = (char *)opt(dates[D_SECURITY]);
	c->eol = (char *)opt(dates[D_EOL]);
	c->extended_support_end = (char *)opt(dates[D_EXTENDED]);
}

/* Check that user OWNER_ID (when not 0) exists; the message names the
 * field. */
static enum status
check_owner_id(struct session *s, long long owner_id, struct err *err)
{
	struct user u = { 0 };
	enum status st;

	if (owner_id == 0)
		return ST_OK;
	if ((st = q_user_by_id(s->db, owner_id, &u, err)) != ST_OK)
		err_prefix(err, "owner");
	user_clear(&u);
	return st;
}

enum status
cycle_create(struct session *s, const struct cycle *in, long long *id,
    struct err *err)
{
	char dates[NDATES][DATE_BUFSZ];
	char now[CLOCK_BUFSZ];
	struct product p = { 0 };
	struct cycle c = { 0 };
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = check_cycle(in, dates, err)) != ST_OK)
		return st;
	if (in->product_id <= 0)
		return err_set(err, ST_INVALID, "product: which product is the "
		    "cycle of?");
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_product_by_id(s->db, in->product_id, &p, err)) != ST_OK) {
		err_prefix(err, "product");
		goto end;
	}
	if ((st = check_owner_id(s, in->owner_id, err)) != ST_OK)
		goto end;
	c.product_id = p.id;
	c.cycle = in->cycle;
	set_dates(&c, dates);
	c.is_lts = in->is_lts;
	c.latest_version = (char *)opt(in->latest_version);
	c.post_eol_options = in->post_eol_options;
	c.owner_id = in->owner_id;
	c.created_at = now;
	if ((st = q_cycle_insert(s->db, &c, err)) != ST_OK) {
		if (st == ST_EXISTS)
			err_set(err, st, "product %s already has a cycle %s",
			    p.slug, in->cycle);
		goto end;
	}
	st = audit_record(s->db, s->actor, "cycle.create", "cycle", c.id, err,
	    "{s:s, s:s, s:s?, s:s?, s:b}", "product", p.slug, "cycle", c.cycle,
	    "release_date", c.release_date, "eol", c.eol, "lts", c.is_lts);
end:
	st = db_end(s->db, st, err);
	product_clear(&p);
	if (st == ST_OK && id != NULL)
		*id = c.id;
	return st;
}

enum status
cycle_get(struct session *s, long long id, struct cycle *out, struct err *err)
{
	return q_cycle_by_id(s->db, id, out, err);
}

enum status
cycle_find(struct session *s, const char *slug, const char *cycle,
    struct cycle *out, struct err *err)
{
	struct product p = { 0 };
	enum status st;

	if (cycle == NULL || *cycle == '\0')
		return err_set(err, ST_INVALID, "which release cycle? give its "
		    "name (like 4.2)");
	if ((st = product_get_by_slug(s, slug, &p, err)) != ST_OK)
		return st;
	if ((st = q_cycle_by_name(s->db, p.id, cycle, out, err)) == ST_NOTFOUND)
		err_set(err, st, "product %s has no release cycle %s", slug, cycle);
	product_clear(&p);
	return st;
}

enum status
cycle_list_for_product(struct session *s, long long product_id,
    struct rowlist *out, struct err *err)
{
	return q_cycle_list_for_product(s->db, product_id, out, err);
}

/* Append NAME to CHANGED when A and B differ. */
static void
note_change(json_t *changed, const char *name, const char *a, const char *b)
{
	if (!same(a, b))
		json_array_append_new(changed, json_string(name));
}

enum status
cycle_update(struct session *s, const struct cycle *in, struct err *err)
{
	char dates[NDATES][DATE_BUFSZ];
	char now[CLOCK_BUFSZ];
	struct cycle old = { 0 }, c;
	struct product p = { 0 };
	json_t *changed = NULL;
	bool is_reset;
	enum status st;

	if ((st = session_require_role(s, "admin", NULL, err)) != ST_OK)
		return st;
	if ((st = check_cycle(in, dates, err)) != ST_OK)
		return st;
	if (in->id <= 0)
		return err_set(err, ST_INVALID, "which release cycle? give its id");
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_cycle_by_id(s->db, in->id, &old, err)) != ST_OK)
		goto end;
	if (in->product_id != 0 && in->product_id != old.product_id) {
		st = err_set(err, ST_INVALID, "product: a release cycle cannot "
		    "move to another product");
		goto end;
	}
	if ((st = q_product_by_id(s->db, old.product_id, &p, err)) != ST_OK)
		goto end;
	if (in->owner_id != old.owner_id &&
	    (st = check_owner_id(s, in->owner_id, err)) != ST_OK)
		goto end;
	memset(&c, 0, sizeof c);
	c.id = old.id;
	c.product_id = old.product_id;
	c.cycle = in->cycle;
	set_dates(&c, dates);
	c.is_lts = in->is_lts;
	c.latest_version = (char *)opt(in->latest_version);
	c.post_eol_options = in->post_eol_options;
	c.owner_id = in->owner_id;
	c.updated_at = now;
	/* A notice announced the old date; the new one needs its own. */
	is_reset = !same(c.eol, old.eol) && old.eol_notice_sent_at != NULL;
	c.eol_notice_sent_at = is_reset ? NULL : old.eol_notice_sent_at;

	changed = json_array();
	note_change(changed, "cycle", c.cycle, old.cycle);
	note_change(changed, date_names[D_RELEASE], c.release_date,
	    old.release_date);
	note_change(changed, date_names[D_ACTIVE], c.active_support_end,
	    old.active_support_end);
	note_change(changed, date_names[D_SECURITY], c.security_support_end,
	    old.security_support_end);
	note_change(changed, date_names[D_EOL], c.eol, old.eol);
	note_change(changed, date_names[D_EXTENDED], c.extended_support_end,
	    old.extended_support_end);
	if (c.is_lts != old.is_lts)
		json_array_append_new(changed, json_string("lts"));
	note_change(changed, "latest-version", c.latest_version,
	    old.latest_version);
	note_change(changed, "post-eol-options", c.post_eol_options,
	    old.post_eol_options);
	if (c.owner_id != old.owner_id)
		json_array_append_new(changed, json_string("owner"));
	if (json_array_size(changed) == 0)
		goto end;                       /* nothing changes */

	if ((st = q_cycle_update(s->db, &c, err)) != ST_OK) {
		if (st == ST_EXISTS)
			err_set(err, st, "product %s already has a cycle %s",
			    p.slug, c.cycle);
		goto end;
	}
	st = audit_record(s->db, s->actor, "cycle.update", "cycle", c.id, err,
	    "{s:s, s:s, s:s?, s:O, s:b}", "product", p.slug, "cycle", c.cycle,
	    "eol", c.eol, "changed", changed, "eol_notice_reset", is_reset);
end:
	st = db_end(s->db, st, err);
	json_decref(changed);
	cycle_clear(&old);
	product_clear(&p);
	return st;
}

enum status
cycle_mark_eol_notice_sent(struct session *s, long long cycle_id,
    const char *when, struct err *err)
{
	char at[CLOCK_BUFSZ];
	struct cycle c = { 0 };
	struct product p = { 0 };
	time_t t;
	enum status st;

	if ((st = session_require_role(s, "author", "admin", err)) != ST_OK)
		return st;
	if (when != NULL) {
		if ((st = clock_parse(when, &t, err)) != ST_OK) {
			err_prefix(err, "when");
			return st;
		}
		if (t > clock_now())
			return err_set(err, ST_INVALID, "when: %s is in the future; "
			    "record a notice once it has gone out", when);
	} else
		t = clock_now();
	clock_format(t, at);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_cycle_by_id(s->db, cycle_id, &c, err)) != ST_OK ||
	    (st = q_product_by_id(s->db, c.product_id, &p, err)) != ST_OK)
		goto end;
	if (c.eol == NULL) {
		st = err_set(err, ST_INVALID, "%s %s has no EOL date; set one "
		    "before recording its EOL notice", p.slug, c.cycle);
		goto end;
	}
	if (c.eol_notice_sent_at != NULL) {
		st = err_set(err, ST_EXISTS, "the EOL notice of %s %s was already "
		    "recorded as sent at %s", p.slug, c.cycle,
		    c.eol_notice_sent_at);
		goto end;
	}
	if ((st = q_cycle_set_eol_notice(s->db, c.id, at, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "cycle.eol_notice", "cycle", c.id, err,
	    "{s:s, s:s, s:s, s:s}", "product", p.slug, "cycle", c.cycle, "eol",
	    c.eol, "sent_at", at);
end:
	st = db_end(s->db, st, err);
	cycle_clear(&c);
	product_clear(&p);
	return st;
}

enum status
cycle_list_eol_due(struct session *s, int months, struct rowlist *out,
    struct err *err)
{
	char to[16];

	rowlist_init(out, sizeof(struct cycle));
	if (months < 0 || months > EOL_DUE_MONTHS_MAX)
		return err_set(err, ST_INVALID, "months: between 0 and %d (got %d)",
		    EOL_DUE_MONTHS_MAX, months);
	clock_format_date(clock_add_months(clock_now(), months), to);
	return q_cycle_list_eol_between(s->db, NULL, to, out, err);
}

/* Set *T to 00:00 UTC of date V; false when V is unset or unreadable. */
static bool
date_at(const char *v, time_t *t)
{
	return opt(v) != NULL && clock_parse(v, t, NULL) == ST_OK;
}

enum cycle_phase
cycle_phase(const struct cycle *c, time_t now)
{
	time_t t, end = 0;
	bool has_end = false;

	if (c == NULL)
		return CYCLE_UNRELEASED;
	if (date_at(c->release_date, &t) && now < t)
		return CYCLE_UNRELEASED;
	if (date_at(c->security_support_end, &t)) {
		end = t;
		has_end = true;
	}
	if (date_at(c->eol, &t) && (!has_end || t < end)) {
		end = t;
		has_end = true;
	}
	if (has_end && now >= end) {
		if (date_at(c->extended_support_end, &t) && now < t)
			return CYCLE_EXTENDED;
		return CYCLE_EOL;
	}
	if (date_at(c->active_support_end, &t) && now >= t)
		return CYCLE_SECURITY_ONLY;
	return CYCLE_FULL_SUPPORT;
}

const char *
cycle_phase_name(enum cycle_phase phase)
{
	if ((unsigned)phase >= sizeof phase_names / sizeof phase_names[0])
		return "unknown";
	return phase_names[phase];
}
