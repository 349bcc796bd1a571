/* cli/cmd_comm.h - what the two files of herald comm share: its usage, a
 * communication opened to read with its review, and that review printed
 * (cli/cmd_comm_review.c) for comm show and comm gates alike. */
#ifndef HERALD_CLI_CMD_COMM_H
#define HERALD_CLI_CMD_COMM_H

#include <jansson.h>
#include <stdbool.h>

#include "cli/cli.h"
#include "core/review.h"
#include "core/workflow.h"

/* herald comm's usage and help. */
extern const char comm_usage[];

/* A communication opened to read, with what its review is printed from. */
struct comm_view {
	struct session *s;
	struct comm_doc d;
	struct rowlist  users;   /* struct user: the logins of ids */
	struct review   r;       /* when opened WITH_REVIEW */
};

/* Open communication ARG to read (cli_open_comm()) with the users, and
 * its review when WITH_REVIEW. Close V whatever this returns. */
enum status comm_view_open(struct cli *c, const char *arg, bool with_review,
    struct comm_view *v, struct err *err);
void        comm_view_close(struct comm_view *v);

/* R as JSON: the content hash, the gates, the decisions on this revision,
 * the editors and the rejection for the author, if any. */
json_t *comm_review_json(const struct review *r, const struct rowlist *users);
/* The rejection in R, for its author: who, when, why; nothing if none. */
void    comm_rejection_print(const struct review *r,
    const struct rowlist *users);
/* R's gates, each role's count, the content hash, and the decisions on
 * this revision. */
void    comm_review_print(const struct review *r,
    const struct rowlist *users);

/* The actions comm gates, comm hash and comm diff. */
int comm_gates_cmd(struct cli *c, int argc, char **argv);
int comm_hash_cmd(struct cli *c, int argc, char **argv);
int comm_diff_cmd(struct cli *c, int argc, char **argv);

#endif
