/* core/review.c - the approvals policy. */
#include "config.h"

#include "core/review.h"

#include <stdlib.h>
#include <string.h>

void
review_clear(struct review *r)
{
	if (r == NULL)
		return;
	content_clear(&r->content);
	free(r->gates);
	free(r->editors);
	memset(r, 0, sizeof *r);
}

void
waiting_clear(struct waiting *w)
{
	if (w == NULL)
		return;
	free(w->ref);
	free(w->title);
	free(w->kind);
	free(w->gate);
	free(w->role);
	free(w->submitted_at);
	free(w->due_at);
	memset(w, 0, sizeof *w);
}

enum status
review_load(struct session *s, const struct comm_doc *d, struct review *out,
    struct err *err)
{
	memset(out, 0, sizeof *out);
	rowlist_init(&out->decisions, sizeof(struct approval));
	return content_of(s, d, &out->content, err);
}

bool
review_is_stale(const struct review *r, const struct approval *a)
{
	return strcmp(r->content.hash, a->content_hash) != 0;
}

enum status
review_my_turn(struct session *s, const struct review *r, const char *gate,
    const struct pb_step **step, const char **role, struct err *err)
{
	(void)s;
	(void)r;
	(void)gate;
	*step = NULL;
	*role = NULL;
	return err_set(err, ST_INVALID, "approvals are not built yet");
}

enum status
approval_decide(struct session *s, const struct comm_doc *d,
    const struct decision *in, long long *id, struct err *err)
{
	(void)s;
	(void)d;
	(void)in;
	(void)id;
	return err_set(err, ST_INVALID, "approvals are not built yet");
}

enum status
approvals_waiting(struct session *s, struct rowlist *out, struct err *err)
{
	(void)s;
	(void)err;
	rowlist_init(out, sizeof(struct waiting));
	return ST_OK;
}

enum status
review_require_satisfied(struct session *s, const struct comm_doc *d,
    struct err *err)
{
	(void)s;
	(void)d;
	(void)err;
	return ST_OK;
}
