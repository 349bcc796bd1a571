/* forms/form.h - the form model of one playbook step: its fields, what is
 * in each editor now, what is saved, what is dirty, visible, wrong or in
 * conflict. No curses: the console draws it (tui/form_view.c) and the
 * tests drive it alone. Saving and validating go through core, so the
 * command line obeys the same rules. */
#ifndef HERALD_FORMS_FORM_H
#define HERALD_FORMS_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/validate.h"
#include "core/workflow.h"

struct form_field {
	const struct pb_field *def;
	char      *text;           /* in the editor now: the display form
	                            * (validate_display()) */
	char      *saved;          /* the stored value last loaded or saved;
	                            * NULL when the field has no answer */
	long long  version;        /* the answer's version this editor
	                            * started from; 0 = none */
	bool       is_dirty;       /* text differs from what was loaded */
	bool       is_visible;
	char       error[256];     /* why the last check failed, or "" */
	char       warning[VALIDATE_WARN_MAX];
	/* Someone else saved this field first: their value and version.
	 * The editor's text stays until the person chooses. */
	bool       has_conflict;
	char      *theirs;         /* display form */
	long long  their_version;
	long long  their_editor;   /* user id */
};

struct form {
	const struct comm_doc *doc;
	const struct pb_step  *step;
	struct form_field     *fields;
	size_t                 n_fields;
	size_t                 cur;        /* the field with focus */
};

/* Build the form of STEP from DOC's answers (DOC must outlive it). */
void        form_init(struct form *f, const struct comm_doc *doc,
    const struct pb_step *step);
void        form_clear(struct form *f);

/* Take in DOC's answers again (after comm_reload()): fields not dirty
 * follow them; a dirty field whose answer someone else changed meanwhile
 * is marked in conflict. Visibility is worked out again. */
void        form_refresh(struct form *f);

/* Move the focus to the next (DIR 1) or previous (-1) visible field,
 * wrapping; returns the new index. */
size_t      form_move(struct form *f, int dir);
/* Replace field I's text (the person typed); marks it dirty when it
 * differs from what was loaded. */
void        form_set_text(struct form *f, size_t i, const char *text);

/*
 * Leave field I: when dirty, validate and save it through
 * comm_set_answer() at the version it started from. ST_OK: saved (or
 * nothing to save), warning set. ST_INVALID: error set, nothing saved,
 * the text stays. ST_CONFLICT: has_conflict set with theirs; the text
 * stays. ERR says the same as the field's error, for the status line.
 */
enum status form_commit(struct form *f, struct session *s, size_t i,
    struct err *err);

enum form_choice {
	FORM_KEEP_MINE,            /* save mine over theirs */
	FORM_TAKE_THEIRS,          /* drop mine, show theirs */
};
/* Settle field I's conflict; KEEP_MINE saves at their version. */
enum status form_resolve(struct form *f, struct session *s, size_t i,
    enum form_choice choice, struct err *err);

/* Whether any visible field is dirty. */
bool        form_is_dirty(const struct form *f);
/* The index of field ID, or (size_t)-1. */
size_t      form_find(const struct form *f, const char *id);

#endif
