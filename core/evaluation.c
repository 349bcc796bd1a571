/* core/evaluation.c - (to be written). */
#include "config.h"

#include "core/evaluation.h"

#include <stdlib.h>
#include <string.h>

void evaluation_item_clear(struct evaluation_item *i) { (void)i; }
void evaluation_clear(struct evaluation *e) { (void)e; }
#define NOTYET return err_set(err, ST_INVALID, "not written yet")
enum status evaluation_start(struct session *s, long long *id, struct err *err)
{ (void)s; (void)id; NOTYET; }
enum status evaluation_comment(struct session *s, long long id,
    const char *question, const char *comment, struct err *err)
{ (void)s; (void)id; (void)question; (void)comment; NOTYET; }
enum status evaluation_sign(struct session *s, long long id,
    const char *summary, time_t now, struct err *err)
{ (void)s; (void)id; (void)summary; (void)now; NOTYET; }
enum status evaluation_get(struct session *s, long long id,
    struct evaluation *out, struct err *err)
{ (void)s; (void)id; memset(out, 0, sizeof *out); NOTYET; }
enum status evaluation_open(struct session *s, struct evaluation *out,
    struct err *err)
{ (void)s; memset(out, 0, sizeof *out); NOTYET; }
enum status evaluation_last_signed(struct session *s, struct evaluation *out,
    struct err *err)
{ (void)s; memset(out, 0, sizeof *out); NOTYET; }
enum status evaluation_list(struct session *s, long long limit,
    struct rowlist *out, struct err *err)
{ (void)s; (void)limit; rowlist_init(out, sizeof(struct evaluation)); NOTYET; }
enum status evaluation_next_due(struct session *s, time_t now, char *due,
    bool *is_overdue, struct err *err)
{ (void)s; (void)now; due[0] = '\0'; *is_overdue = false; NOTYET; }
