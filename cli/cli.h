/* cli/cli.h - what main() and the subcommands share: options, output, errors. */
#ifndef HERALD_CLI_CLI_H
#define HERALD_CLI_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/progress.h"
#include "core/session.h"
#include "storage/records.h"

/* Exit code for bad arguments (every other code comes from STATUS_LIST). */
#define CLI_EXIT_USAGE 2
/* cli_getopt(): the arguments were bad; the usage has been printed. */
#define CLI_BADOPT (-2)

/* The global options, given before the subcommand. */
struct cli {
	const char *db_flag;      /* --db PATH, or NULL */
	const char *as_login;     /* --as LOGIN, or NULL */
};

/*
 * A subcommand: ARGV[0] is its name, options and operands follow. Returns
 * the process's exit code, having printed any error.
 */
typedef int (*cli_cmd_fn)(struct cli *c, int argc, char **argv);

int  cmd_init(struct cli *c, int argc, char **argv);
int  cmd_user(struct cli *c, int argc, char **argv);
int  cmd_incident(struct cli *c, int argc, char **argv);
int  cmd_audit(struct cli *c, int argc, char **argv);
int  cmd_backup(struct cli *c, int argc, char **argv);
int  cmd_demo(struct cli *c, int argc, char **argv);
int  cmd_version(struct cli *c, int argc, char **argv);
int  cmd_comm(struct cli *c, int argc, char **argv);
int  cmd_playbook(struct cli *c, int argc, char **argv);
int  cmd_check(struct cli *c, int argc, char **argv);
int  cmd_compliance(struct cli *c, int argc, char **argv);
int  cmd_trust(struct cli *c, int argc, char **argv);
int  cmd_breach(struct cli *c, int argc, char **argv);
int  cmd_drill(struct cli *c, int argc, char **argv);
int  cmd_report(struct cli *c, int argc, char **argv);
int  cmd_owner(struct cli *c, int argc, char **argv);
int  cmd_cvss(struct cli *c, int argc, char **argv);
int  cmd_settings(struct cli *c, int argc, char **argv);
int  cmd_template(struct cli *c, int argc, char **argv);
int  cmd_export(struct cli *c, int argc, char **argv);
int  cmd_approve(struct cli *c, int argc, char **argv);
int  cmd_reject(struct cli *c, int argc, char **argv);
int  cmd_approvals(struct cli *c, int argc, char **argv);
int  cmd_preapprove(struct cli *c, int argc, char **argv);
int  cmd_publish(struct cli *c, int argc, char **argv);
int  cmd_outbox(struct cli *c, int argc, char **argv);
int  cmd_subscriber(struct cli *c, int argc, char **argv);
int  cmd_customer(struct cli *c, int argc, char **argv);
int  cmd_channel(struct cli *c, int argc, char **argv);
/* One clock (a struct deadline) as JSON; the clocks of L as a table,
 * with each one's incident when WITH_INCIDENT (cli/cmd_check.c). */
json_t *cli_deadline_json(const void *row);
void    cli_print_deadlines(const struct rowlist *l, bool with_incident);
/* Print the version (and, when IS_JSON, the lifecycle as JSON). */
int  cli_print_version(bool is_json);

/* An action within a subcommand ("incident new"). */
struct cli_action {
	const char *name;
	cli_cmd_fn  fn;
};
/*
 * Run the action named by ARGV[1] from the NULL-terminated ACTIONS, with
 * ARGV shifted so the action sees its own name first. USAGE is the
 * subcommand's, printed for --help or a missing or unknown action.
 */
int  cli_dispatch(struct cli *c, int argc, char **argv,
    const struct cli_action *actions, const char *usage);

/* Print "herald: <message>" for ERR on stderr; return its exit code. */
int  cli_fail(const struct err *err);
/* Print "herald: <message>" and then USAGE on stderr; return 2. */
int  cli_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print USAGE on stdout; return 0. */
int  cli_help(const char *usage);
/*
 * getopt_long, reporting an unknown option or a missing value with USAGE
 * on stderr and returning CLI_BADOPT. SHORTOPTS must start with ':' (or
 * "+:"), so a missing value can be told from an unknown option. Reset
 * optind to 0 before the first call for each argument vector.
 */
int  cli_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const char *usage);
/*
 * One option of a subcommand, for cli_parse_opts(). Set exactly one target
 * (with its companions); it says whether the option takes a value and what
 * the option does. A table ends with a NULL NAME.
 */
struct cli_opt {
	const char  *name;      /* the long name, without "--" */
	const char **str;       /* --NAME VALUE: *STR = VALUE, the last one wins */
	const char **list;      /* --NAME VALUE, repeatable: LIST[(*COUNT)++] = */
	size_t      *count;     /*   VALUE; LIST has room for one per argument */
	long        *num;       /* --NAME N: *NUM = N, refused at once unless */
	long         min, max;  /*   N is in [MIN, MAX] */
	bool        *flag;      /* --NAME: *FLAG = true */
	int         *set;       /* --NAME: *SET = VAL, the last one wins */
	int          val;
};
/*
 * Parse ARGV's options by OPTS (NULL: none), plus -h/--help, from optind
 * (see cli_getopt). Returns true, with *RC = 0, when the command goes on
 * with its operands at ARGV[optind]; false when it is done, with *RC its
 * exit code: help printed (0), a bad option and the usage on stderr (2),
 * or a bad number and its error on stderr (3).
 */
bool cli_parse_opts(int argc, char **argv, const struct cli_opt *opts,
    const char *usage, int *rc);
/*
 * cli_parse_opts(), then exactly N operands: otherwise "herald: " and FMT's
 * message, then USAGE, on stderr, and *RC = 2. Returns true when the
 * command goes on with its operands at ARGV[optind]. FMT's arguments are
 * read before the options are parsed: they may use ARGV[0] (the action),
 * never optind.
 */
bool cli_parse_args(int argc, char **argv, const struct cli_opt *opts,
    const char *usage, int n, int *rc, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* cli_parse_args() for a command whose one option is --json (*IS_JSON),
 * with WHY the message when the operands are not N. */
bool cli_parse_json(int argc, char **argv, const char *usage, bool *is_json,
    int n, int *rc, const char *why);
/* Parse a whole number in [MIN, MAX] given to option NAME into *OUT. */
enum status cli_parse_long(const char *name, const char *s, long min, long max,
    long *out, struct err *err);

/* Open the chosen database (--db, HERALD_DB, or the default) in MODE, acting
 * as the effective uid's login or --as. Caller closes with session_close. */
enum status cli_open(const struct cli *c, enum db_mode mode,
    struct session **sp, struct err *err);
/* Open it to look at something that may be under embargo: for writing
 * where we may, as opening an incident under embargo appends an audit
 * row; read-only where we may only read, and then such an incident is
 * refused with the reason. */
enum status cli_open_to_look(const struct cli *c, struct session **sp,
    struct err *err);

struct comm_doc;                 /* core/workflow.h */
/* Parse communication ID S (a whole number from 1) into *ID. */
enum status cli_comm_id(const char *s, long long *id, struct err *err);
/* Open the database in MODE (DB_READ: as cli_open_to_look()) and then
 * communication ARG (its id) into D; on an error *SP may be open. Caller
 * clears D and closes *SP. */
enum status cli_open_comm(const struct cli *c, enum db_mode mode,
    const char *arg, struct session **sp, struct comm_doc *d,
    struct err *err);

/*
 * Copy S into BUF (N bytes) fit for a terminal: control characters become
 * '?', so stored text cannot move the cursor or change colours. Returns BUF.
 */
char *cli_clean(const char *s, char *buf, size_t n);
/* The whole of the file PATH ("-": standard input) into *OUT (caller
 * frees): at most MAX bytes, no NUL byte. Errors name PATH: ST_IO when it
 * cannot be read, ST_INVALID when too long or holding a NUL. */
enum status cli_read_input(const char *path, size_t max, char **out,
    struct err *err);
/* Print S cleaned, or "-" when NULL or empty. */
void  cli_put(const char *s);
/* Print multi-line text S cleaned line by line: its line breaks and tabs
 * stay, every other control character becomes '?'. */
void  cli_put_text(const char *s);
/* Print TEXT line by line, each line cleaned (as cli_put_text) after
 * INDENT spaces; one "-" line when TEXT is NULL or empty. */
void  cli_put_indented(const char *text, int indent);
/* Format the UTC RFC 3339 time UTC as local time (TZ) into BUF (N bytes):
 * "2026-03-01 12:00", with the zone when WITH_ZONE; "-" when NULL. */
char *cli_local_time(const char *utc, bool with_zone, char *buf, size_t n);

/* The width of a table column: the longest of HEADER and the char * field
 * at byte OFFSET (offsetof) of each row of L. */
size_t cli_col_width(const struct rowlist *l, size_t offset,
    const char *header);

/* Build the JSON for one row of a rowlist (a struct user, ...). */
typedef json_t *(*cli_json_fn)(const void *row);
/* A JSON string for S (null when S is NULL); invalid UTF-8 becomes U+FFFD. */
json_t *cli_json_str(const char *s);
/* Print J (indented, keys in insertion order) and a newline; frees J.
 * Returns an exit code. */
int   cli_json_print(json_t *j);
/* Print the rows of L as a JSON array, each built by FN; as cli_json_print. */
int   cli_json_print_rows(const struct rowlist *l, cli_json_fn fn);

/* How a list action reads its rows and prints them, for cli_list(). */
struct cli_list {
	enum status (*load)(struct session *s, struct rowlist *out,
	    struct err *err);
	row_clear_fn clear;          /* clears one row */
	cli_json_fn  json;           /* one row, for --json */
	void        (*print)(const struct rowlist *l);  /* the rows as text */
	const char  *none;           /* the line printed when there are no
	                                rows; NULL: PRINT all the same */
};
/* Open the database to read, load HOW's rows and print them: a JSON array
 * when IS_JSON, else as text. Returns an exit code. */
int  cli_list(const struct cli *c, bool is_json, const struct cli_list *how);
/* A list action whose one option is --json: no operands (else WHY and
 * USAGE on stderr, exit 2), then cli_list(). Returns an exit code. */
int  cli_list_cmd(const struct cli *c, int argc, char **argv,
    const char *usage, const struct cli_list *how, const char *why);
/* A list action (see cli_dispatch_lists): its NAME and how it lists. */
struct cli_list_action {
	const char     *name;
	struct cli_list how;
};
/* cli_dispatch(), except that an action named in LISTS (ended by a NULL
 * NAME) runs as cli_list_cmd(), saying "COMMAND ACTION takes no
 * arguments" when given any. */
int  cli_dispatch_lists(struct cli *c, int argc, char **argv,
    const struct cli_action *actions, const struct cli_list_action *lists,
    const char *usage);

/* How a show action loads its one row (a struct of the caller's) and
 * prints it, for cli_show_cmd(). */
struct cli_show {
	/* Load the row named by ARG into ROW; ROW is cleared even on error. */
	enum status (*load)(struct session *s, const char *arg, void *row,
	    struct err *err);
	json_t     *(*json)(struct session *s, const void *row);
	void        (*print)(struct session *s, const void *row);
	void        (*clear)(void *row);
};
/* A show action whose one option is --json and whose one operand names
 * the row (else WHY and USAGE on stderr, exit 2): open the database to
 * read, load HOW's row into ROW (zeroed) and print it, as JSON when
 * --json, then clear it. Returns an exit code. */
int  cli_show_cmd(const struct cli *c, int argc, char **argv,
    const char *usage, const struct cli_show *how, void *row,
    const char *why);

struct import_result;            /* core/subscriber.h */
/* Print the problems an import found in its file (FILE:LINE: field: what
 * is wrong), one a line on stderr, cleaned for the terminal: the first
 * IMPORT_MAX_PROBLEMS, then how many more there are. */
void cli_print_problems(const struct import_result *res);

/* One line on stderr drawn over itself ("\r" and the text, padded to the
 * width of the longest drawn so far), for progress; zero it to start. */
struct cli_line {
	int width;                   /* columns of the longest line drawn */
};
/* Draw FMT's text on L (one line, no line break) and flush stderr. */
void cli_line_draw(struct cli_line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Wipe L's line, when one was drawn, so that what follows starts clean. */
void cli_line_wipe(const struct cli_line *l);

/* A progress line on stderr for long work, only when stderr is a terminal;
 * WHAT names the units ("incidents"). */
struct progress cli_progress(const char *what);

#endif
