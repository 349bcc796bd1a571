/* forms/form.c - the form model of one playbook step: editor text, saved
 * values, dirty and visible state, errors and conflicts, without curses.
 *
 * A field's version is the version of the answer its editor started
 * from. Saving passes it to comm_set_answer(), which refuses (conflict)
 * when someone saved the field since; the person's text then stays, next
 * to theirs, until they choose. */
#include "config.h"

#include "forms/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/communication.h"
#include "util/xalloc.h"

static void
set_str(char **dst, const char *src)
{
	char *copy = src != NULL ? xstrdup(src) : NULL;

	free(*dst);
	*dst = copy;
}

/* The value of field ID the form goes by: its own saved value where it
 * has the field, else the document's answer. */
static const char *
form_lookup(void *ctx, const char *id)
{
	const struct form *f = ctx;
	size_t i = form_find(f, id);

	if (i != (size_t)-1 && f->fields[i].version > 0)
		return f->fields[i].saved;
	return f->doc != NULL ? comm_value(f->doc, id) : NULL;
}

static void
update_visibility(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n_fields; i++)
		f->fields[i].is_visible = validate_is_shown(f->doc != NULL ?
		    f->doc->pb : NULL, f->fields[i].def, form_lookup, f);
}

/* Whether field FF's text differs from the display form of its saved
 * value. */
static bool
text_differs(const struct form_field *ff)
{
	char *shown = validate_display(ff->def, ff->saved);
	bool differs = strcmp(shown, ff->text != NULL ? ff->text : "") != 0;

	free(shown);
	return differs;
}

/* Make FF show VALUE at VERSION, as saved, not dirty, not in conflict. */
static void
load_value(struct form_field *ff, const char *value, long long version)
{
	set_str(&ff->saved, value);
	free(ff->text);
	ff->text = validate_display(ff->def, value);
	ff->version = version;
	ff->is_dirty = false;
	ff->has_conflict = false;
	set_str(&ff->theirs, NULL);
	ff->their_version = 0;
	ff->their_editor = 0;
	ff->error[0] = '\0';
}

static void
set_conflict(struct form_field *ff, const struct answer *a)
{
	ff->has_conflict = true;
	free(ff->theirs);
	ff->theirs = validate_display(ff->def, a != NULL ? a->value : NULL);
	ff->their_version = a != NULL ? a->version : 0;
	ff->their_editor = a != NULL ? a->edited_by : 0;
}

void
form_init(struct form *f, const struct comm_doc *doc,
    const struct pb_step *step)
{
	const struct answer *a;
	struct form_field *ff;
	size_t i;

	memset(f, 0, sizeof *f);
	f->doc = doc;
	f->step = step;
	f->n_fields = step != NULL ? step->n_fields : 0;
	if (f->n_fields > 0)
		f->fields = xcalloc(f->n_fields, sizeof *f->fields);
	for (i = 0; i < f->n_fields; i++) {
		ff = &f->fields[i];
		ff->def = &step->fields[i];
		a = doc != NULL ? comm_answer_row(doc, ff->def->id) : NULL;
		load_value(ff, a != NULL ? a->value : NULL,
		    a != NULL ? a->version : 0);
	}
	update_visibility(f);
	f->cur = 0;
	if (f->n_fields > 0 && !f->fields[0].is_visible)
		form_move(f, 1);
}

void
form_clear(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n_fields; i++) {
		free(f->fields[i].text);
		free(f->fields[i].saved);
		free(f->fields[i].theirs);
	}
	free(f->fields);
	memset(f, 0, sizeof *f);
}

void
form_refresh(struct form *f)
{
	const struct answer *a;
	struct form_field *ff;
	char *shown;
	size_t i;

	for (i = 0; i < f->n_fields; i++) {
		ff = &f->fields[i];
		a = comm_answer_row(f->doc, ff->def->id);
		if (a == NULL || a->version == ff->version)
			continue;
		if (!ff->is_dirty) {
			load_value(ff, a->value, a->version);
			continue;
		}
		if (a->version < ff->version ||
		    (ff->has_conflict && a->version == ff->their_version))
			continue;
		/* Both wrote the same text: nothing to choose between. */
		shown = validate_display(ff->def, a->value);
		if (strcmp(shown, ff->text) == 0)
			load_value(ff, a->value, a->version);
		else
			set_conflict(ff, a);
		free(shown);
	}
	update_visibility(f);
}

size_t
form_move(struct form *f, int dir)
{
	size_t i, n = f->n_fields, at = f->cur;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		at = dir >= 0 ? (at + 1) % n : (at + n - 1) % n;
		if (f->fields[at].is_visible) {
			f->cur = at;
			break;
		}
	}
	return f->cur;
}

void
form_set_text(struct form *f, size_t i, const char *text)
{
	struct form_field *ff;

	if (i >= f->n_fields)
		return;
	ff = &f->fields[i];
	set_str(&ff->text, text != NULL ? text : "");
	ff->is_dirty = text_differs(ff);
	ff->error[0] = '\0';
}

/* Fill FF's conflict from the answer saved now. */
static void
load_theirs(struct form *f, struct session *s, struct form_field *ff)
{
	struct answer a = { 0 };

	if (answer_get(s, f->doc->comm.id, ff->def->id, &a, NULL) == ST_OK)
		set_conflict(ff, &a);
	else
		set_conflict(ff, NULL);
	answer_clear(&a);
}

/* Validate FF's text and save it at version AT. */
static enum status
save_field(struct form *f, struct session *s, struct form_field *ff,
    long long at, struct err *err)
{
	char *stored = NULL;
	const char *staff = form_lookup(f, VALIDATE_STAFF_FIELD);
	long long version = 0;
	struct err local;
	enum status st;

	if (err == NULL)
		err = &local;
	ff->error[0] = '\0';
	ff->warning[0] = '\0';
	st = validate_answer(s, ff->def, ff->text, staff, &stored, ff->warning,
	    err);
	if (st == ST_OK)
		st = comm_set_answer(s, f->doc, ff->def->id, ff->text, at,
		    &version, ff->warning, err);
	if (st == ST_OK) {
		load_value(ff, stored, version);
		update_visibility(f);
	} else if (st == ST_CONFLICT) {
		load_theirs(f, s, ff);
		snprintf(ff->error, sizeof ff->error, "%s: someone else saved "
		    "it first; keep yours or take theirs", ff->def->label);
		err_set(err, st, "%s", ff->error);
	} else
		snprintf(ff->error, sizeof ff->error, "%s", err->msg);
	free(stored);
	return st;
}

enum status
form_commit(struct form *f, struct session *s, size_t i, struct err *err)
{
	struct form_field *ff;

	if (i >= f->n_fields)
		return err_set(err, ST_INVALID, "no field %zu on this form", i);
	ff = &f->fields[i];
	if (ff->has_conflict)
		return err_set(err, ST_CONFLICT, "%s", ff->error[0] != '\0' ?
		    ff->error : "someone else saved this field first");
	if (!ff->is_dirty) {
		ff->error[0] = '\0';
		return ST_OK;
	}
	return save_field(f, s, ff, ff->version, err);
}

enum status
form_resolve(struct form *f, struct session *s, size_t i,
    enum form_choice choice, struct err *err)
{
	struct form_field *ff;
	struct answer a = { 0 };
	struct err local;
	enum status st;

	if (i >= f->n_fields || !f->fields[i].has_conflict)
		return err_set(err, ST_INVALID, "no conflict to settle here");
	ff = &f->fields[i];
	if (choice == FORM_KEEP_MINE) {
		ff->has_conflict = false;
		return save_field(f, s, ff, ff->their_version, err);
	}
	st = answer_get(s, f->doc->comm.id, ff->def->id, &a, &local);
	if (st == ST_OK)
		load_value(ff, a.value, a.version);
	else if (st == ST_NOTFOUND) {
		load_value(ff, NULL, 0);
		st = ST_OK;
	} else
		err_set(err, st, "%s", local.msg);
	answer_clear(&a);
	update_visibility(f);
	return st;
}

bool
form_is_dirty(const struct form *f)
{
	size_t i;

	for (i = 0; i < f->n_fields; i++)
		if (f->fields[i].is_visible && f->fields[i].is_dirty)
			return true;
	return false;
}

size_t
form_find(const struct form *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n_fields; i++)
		if (strcmp(f->fields[i].def->id, id) == 0)
			return i;
	return (size_t)-1;
}
