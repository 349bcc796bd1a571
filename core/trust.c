/* core/trust.c - the trust page's content: validation, order and audit. */
#include "config.h"

#include "core/trust.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/text.h"
#include "util/xalloc.h"

/* How much of a title an audit row keeps: enough to recognise it. */
#define AUDIT_TITLE_MAX 80

static const struct {
	const char *name, *heading;
} sections[] = {
#define X(id, name, heading) { name, heading },
	TRUST_SECTION_LIST(X)
#undef X
};

const char *
trust_section_name(enum trust_section k)
{
	return (unsigned)k < TRUST_SECTION_COUNT ? sections[k].name : NULL;
}

const char *
trust_section_heading(enum trust_section k)
{
	return (unsigned)k < TRUST_SECTION_COUNT ? sections[k].heading : NULL;
}

int
trust_section_of(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < TRUST_SECTION_COUNT; i++)
		if (strcmp(sections[i].name, name) == 0)
			return i;
	return -1;
}

const char *const *
trust_section_names(void)
{
	static const char *names[TRUST_SECTION_COUNT + 1];
	int i;

	for (i = 0; i < TRUST_SECTION_COUNT; i++)
		names[i] = sections[i].name;
	names[TRUST_SECTION_COUNT] = NULL;
	return names;
}

/* A body: Markdown of several lines, so newlines pass; no other control
 * character (a tab or carriage return included: the page is rendered
 * from it as it is). */
static enum status
check_body(const char *v, struct err *err)
{
	const unsigned char *p;
	int line = 1;

	if (v == NULL || *v == '\0')
		return ST_OK;
	if (check_chars(v) > TRUST_BODY_MAX)
		return err_set(err, ST_INVALID, "body: at most %d characters "
		    "(got %zu)", TRUST_BODY_MAX, check_chars(v));
	if (!text_utf8_valid(v))
		return err_set(err, ST_INVALID, "body: not valid UTF-8 text");
	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if (*p == '\n')
			line++;
		else if (*p < 0x20 || *p == 0x7f)
			return err_set(err, ST_INVALID, "body: line %d: no control "
			    "characters but line breaks, please (character %d)",
			    line, *p);
	}
	return ST_OK;
}

/* V is a real calendar date written YYYY-MM-DD. */
static enum status
check_date(const char *v, struct err *err)
{
	char back[11];
	time_t t;
	struct err e;
	int i;

	for (i = 0; i < 10; i++)
		if (v[i] == '\0' || ((i == 4 || i == 7) ? v[i] != '-' :
		    !text_is_digit((unsigned char)v[i])))
			break;
	if (i == 10 && v[10] == '\0' && clock_parse(v, &t, &e) == ST_OK) {
		clock_format_date(t, back);
		if (strcmp(back, v) == 0)
			return ST_OK;
	}
	return err_set(err, ST_INVALID, "valid-until: \"%s\" is not a date "
	    "written YYYY-MM-DD", v);
}

enum status
trust_check(const char *section, const struct trust_fields *f, bool is_add,
    struct err *err)
{
	enum status st;

	if (trust_section_of(section) < 0)
		return err_set(err, ST_INVALID, "section: \"%s\" is not one of "
		    "certification, control, data-handling, subprocessor, "
		    "report-request, contact", section != NULL ? section : "");
	if ((is_add || f->title != NULL) &&
	    (st = check_line("title", f->title, TRUST_TITLE_MAX, true, err)) !=
	    ST_OK)
		return st;
	if ((st = check_body(f->body, err)) != ST_OK ||
	    (st = check_line("extra", f->extra, TRUST_EXTRA_MAX, false,
	    err)) != ST_OK)
		return st;
	if (f->valid_until == NULL || *f->valid_until == '\0')
		return ST_OK;
	if (strcmp(section, TRUST_SECTION_CERTIFICATION) != 0)
		return err_set(err, ST_INVALID, "valid-until: only a "
		    "certification has a date it is valid until (this entry is "
		    "in %s)", section);
	return check_date(f->valid_until, err);
}

enum status
trust_require_writer(struct session *s, struct err *err)
{
	return session_require_role(s, "admin", "sro", err);
}

/* TITLE cut for an audit row. Allocated. */
static char *
audit_title(const char *title)
{
	return text_cut_chars(title, AUDIT_TITLE_MAX);
}

/* BODY without the line breaks (and spaces) that end it, as an editor
 * leaves them; NULL stays NULL. Allocated. */
static char *
trimmed_body(const char *body)
{
	char *b, *e;

	if (body == NULL)
		return NULL;
	b = xstrdup(body);
	for (e = b + strlen(b); e > b && (e[-1] == '\n' || e[-1] == ' '); e--)
		e[-1] = '\0';
	return b;
}

enum status
trust_add(struct session *s, const char *section,
    const struct trust_fields *f, long long *id, struct err *err)
{
	struct trust_entry e = { 0 };
	char now[CLOCK_BUFSZ], *title = NULL, *body = NULL;
	enum status st;

	if ((st = trust_require_writer(s, err)) != ST_OK ||
	    (st = trust_check(section, f, true, err)) != ST_OK)
		return st;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	body = trimmed_body(f->body);
	e.section = (char *)section;
	e.title = (char *)f->title;
	e.body = body;
	e.extra = (char *)f->extra;
	e.valid_until = (char *)f->valid_until;
	e.updated_by = s->user.id;
	e.updated_at = now;
	if ((st = q_trust_max_position(s->db, section, &e.position, err)) !=
	    ST_OK)
		goto end;
	e.position++;
	if ((st = q_trust_insert(s->db, &e, err)) != ST_OK)
		goto end;
	title = audit_title(f->title);
	st = audit_record(s->db, s->actor, "trust.add", "trust", e.id, err,
	    "{s:s, s:s, s:I, s:s*}", "section", section, "title", title,
	    "position", (json_int_t)e.position, "valid_until",
	    f->valid_until != NULL && *f->valid_until != '\0' ?
	    f->valid_until : NULL);
end:
	st = db_end(s->db, st, err);
	free(title);
	free(body);
	if (st == ST_OK && id != NULL)
		*id = e.id;
	return st;
}

/* Whether NEW (NULL: kept) differs from OLD (NULL as ""). */
static bool
differs(const char *old, const char *new)
{
	return new != NULL && strcmp(old != NULL ? old : "", new) != 0;
}

/* Put NEW into *FIELD when it changes it, naming it in CHANGED. */
static void
apply(char **field, const char *new, const char *name, json_t *changed)
{
	if (!differs(*field, new))
		return;
	free(*field);
	*field = xstrdup(new);
	jpush(changed, json_string(name));
}

enum status
trust_update(struct session *s, long long id, const struct trust_fields *f,
    struct err *err)
{
	struct trust_entry e = { 0 };
	json_t *changed = json_array();
	char now[CLOCK_BUFSZ], *title = NULL, *body = trimmed_body(f->body);
	enum status st;

	if ((st = trust_require_writer(s, err)) != ST_OK)
		goto out;
	clock_now_str(now);
	if ((st = db_begin(s->db, err)) != ST_OK)
		goto out;
	if ((st = q_trust_by_id(s->db, id, &e, err)) != ST_OK ||
	    (st = trust_check(e.section, f, false, err)) != ST_OK)
		goto end;
	apply(&e.title, f->title, "title", changed);
	apply(&e.body, body, "body", changed);
	apply(&e.extra, f->extra, "extra", changed);
	apply(&e.valid_until, f->valid_until, "valid_until", changed);
	if (json_array_size(changed) == 0)
		goto end;
	e.updated_by = s->user.id;
	free(e.updated_at);
	e.updated_at = xstrdup(now);
	if ((st = q_trust_update(s->db, &e, err)) != ST_OK)
		goto end;
	title = audit_title(e.title);
	st = audit_record(s->db, s->actor, "trust.update", "trust", id, err,
	    "{s:s, s:s, s:O}", "section", e.section, "title", title,
	    "fields", changed);
end:
	st = db_end(s->db, st, err);
out:
	json_decref(changed);
	trust_entry_clear(&e);
	free(title);
	free(body);
	return st;
}

enum status
trust_delete(struct session *s, long long id, struct err *err)
{
	struct trust_entry e = { 0 };
	char *title = NULL;
	enum status st;

	if ((st = trust_require_writer(s, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_trust_by_id(s->db, id, &e, err)) != ST_OK ||
	    (st = q_trust_delete(s->db, id, err)) != ST_OK)
		goto end;
	title = audit_title(e.title);
	st = audit_record(s->db, s->actor, "trust.delete", "trust", id, err,
	    "{s:s, s:s}", "section", e.section, "title", title);
end:
	st = db_end(s->db, st, err);
	trust_entry_clear(&e);
	free(title);
	return st;
}

enum status
trust_move(struct session *s, long long id, bool up, struct err *err)
{
	struct trust_entry e = { 0 }, n = { 0 };
	long long pos_e, pos_n;
	enum status st;

	if ((st = trust_require_writer(s, err)) != ST_OK)
		return st;
	if ((st = db_begin(s->db, err)) != ST_OK)
		return st;
	if ((st = q_trust_by_id(s->db, id, &e, err)) != ST_OK)
		goto end;
	st = q_trust_neighbour(s->db, e.section, e.position, e.id, up, &n, err);
	if (st == ST_NOTFOUND) {
		st = err_set(err, ST_INVALID, "trust entry %lld is %s in %s "
		    "already", id, up ? "first" : "last", e.section);
		goto end;
	}
	if (st != ST_OK)
		goto end;
	/* Swap the places; equal positions (never written so) still part. */
	pos_e = n.position;
	pos_n = e.position;
	if (pos_e == pos_n)
		pos_e += up ? -1 : 1;
	if ((st = q_trust_set_position(s->db, e.id, pos_e, err)) != ST_OK ||
	    (st = q_trust_set_position(s->db, n.id, pos_n, err)) != ST_OK)
		goto end;
	st = audit_record(s->db, s->actor, "trust.move", "trust", id, err,
	    "{s:s, s:s, s:I, s:I}", "section", e.section, "direction",
	    up ? "up" : "down", "position", (json_int_t)pos_e, "swapped_with",
	    (json_int_t)n.id);
end:
	st = db_end(s->db, st, err);
	trust_entry_clear(&e);
	trust_entry_clear(&n);
	return st;
}

enum status
trust_get(struct session *s, long long id, struct trust_entry *out,
    struct err *err)
{
	return q_trust_by_id(s->db, id, out, err);
}

enum status
trust_list(struct session *s, struct rowlist *out, struct err *err)
{
	return q_trust_list(s->db, out, err);
}

enum status
trust_last_change(struct session *s, char **at, struct err *err)
{
	return q_trust_last_change(s->db, at, err);
}

bool
trust_is_expired(const struct trust_entry *e, const char *now)
{
	if (e == NULL || e->section == NULL || now == NULL ||
	    strcmp(e->section, TRUST_SECTION_CERTIFICATION) != 0 ||
	    e->valid_until == NULL || *e->valid_until == '\0')
		return false;
	/* Both start YYYY-MM-DD: the date is held through its last day. */
	return strncmp(e->valid_until, now, 10) < 0;
}
