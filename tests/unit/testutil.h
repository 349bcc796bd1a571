/* tests/unit/testutil.h - helpers shared by the unit tests. */
#ifndef HERALD_TESTS_TESTUTIL_H
#define HERALD_TESTS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "core/session.h"

/* The pinned "now" of the fixtures below: 2026-03-01T12:00:00Z. */
#define TU_NOW 1772366400

/* A SHA-256 in hex that hashes nothing, where a test needs one. */
#define TU_HASH \
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* A cmocka test of FN between the file's own static setup and teardown. */
#define TU_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* --- files ------------------------------------------------------------- */

/* A fresh temporary directory (removed by tu_rmdir); caller frees. */
char *tu_tmpdir(void);
/* Remove DIR and everything in it. */
void  tu_rmdir(const char *dir);
/* DIR/NAME; caller frees. */
char *tu_path(const char *dir, const char *name);
/* Write TEXT to the file PATH, replacing it, or fail the test. */
void  tu_write_file(const char *path, const char *text);
/* The whole of the file PATH, NUL-terminated, its length in *LEN; caller
 * frees. */
char *tu_slurp(const char *path, size_t *len);
/* tests/fixtures/NAME below $top_srcdir (make check) or "."; caller frees. */
char *tu_fixture(const char *name);
/* TEXT written to DIR/NAME (as tu_write_file); returns that path; caller
 * frees. */
char *tu_file_in(const char *dir, const char *name, const char *text);

/* A temporary directory and a database file name in it, not yet created. */
struct tu_files {
	char *dir;
	char *path;                /* DIR/herald.db */
};

/* New files, the clock pinned to TU_NOW; caller frees with tu_files_free. */
struct tu_files *tu_files_new(void);
/* Remove the directory, free *FP and set it to NULL; NULL is allowed. */
void  tu_files_free(struct tu_files **fp);
/* cmocka setup: *state = tu_files_new(); tu_files_teardown frees it. */
int   tu_files_setup(void **state);
/* cmocka teardown for tu_files_setup: tu_files_free(*state). */
int   tu_files_teardown(void **state);

/* --- sessions ---------------------------------------------------------- */

/* New test database in *DIR, admin "ada" acting; free with tu_session_free. */
struct session *tu_session_new(char **dir);
/* Close *S, remove *DIR and free it. */
void  tu_session_free(struct session **s, char **dir);
/* A session as LOGIN (--as) on DIR's test database; caller session_closes. */
struct session *tu_open_as(const char *dir, const char *login);
/* Grant *S's own user ROLE, then reopen *S so that it carries the role. */
void  tu_grant_self(struct session **s, const char *role);
/* Add user LOGIN with the roles that follow, up to NULL; returns its id. */
long long tu_add_user(struct session *s, const char *login, ...)
	__attribute__((sentinel));

/* The usual fixture: a test database from tu_session_new. */
struct tu_fx {
	struct session *s;         /* ada: admin */
	char           *dir;
};

/* cmocka setup: *state = a new struct tu_fx; tu_fx_teardown frees it. */
int   tu_fx_setup(void **state);
/* cmocka teardown for tu_fx_setup: tu_session_free, then the struct. */
int   tu_fx_teardown(void **state);

/* --- raw SQL, each call on a connection of its own --------------------- */

/* Run the statements in SQL on the database file PATH; an error fails. */
void  tu_sql_exec(const char *path, const char *sql);
/* The integer the one-value query SQL returns on PATH; -1 without a row. */
long long tu_sql_int(const char *path, const char *sql);
/* The number of rows in TABLE of the database file PATH. */
long long tu_count_rows(const char *path, const char *table);

/* --- records ----------------------------------------------------------- */

struct incident_new;
/* Create incident IN on S (asserting it succeeds); returns its id. */
long long tu_incident_new(struct session *s, const struct incident_new *in);
/* As tu_incident_new, its reference ("SEC-2026-001") in REF, of N bytes. */
long long tu_incident_new_ref(struct session *s, const struct incident_new *in,
    char *ref, size_t n);
/* As S, the advisory "RCE in the widget" about a new critical
 * vulnerability "Remote code execution", of playbook security-advisory
 * version 3 by its record alone (its hash TU_HASH, no file read): for
 * tests of what is stored about a communication. Returns its id. */
long long tu_advisory_new(struct session *s);
/* The current version of communication ID, for writes that must name it. */
long long tu_communication_version(struct session *s, long long id);
/* Create product SLUG named NAME as S (asserting it succeeds); returns its
 * id. */
long long tu_product_new(struct session *s, const char *slug,
    const char *name);
/* Create release cycle CYCLE of product PRODUCT_ID as S, its end of life
 * EOL (NULL: none), asserting it succeeds; returns its id. */
long long tu_cycle_new(struct session *s, long long product_id,
    const char *cycle, const char *eol);

/* --- playbooks and communications ------------------------------------- */

struct comm_doc;
struct playbook;

/* $XDG_CONFIG_HOME becomes DIR/config, with an empty folder herald/SUB in
 * it ("playbooks", "regimes"); returns that folder; caller frees. */
char *tu_config_dir(const char *dir, const char *sub);
/* TEXT as DIR/NAME.yaml, where the loaders look for playbook (or regime)
 * NAME. */
void  tu_write_yaml(const char *dir, const char *name, const char *text);
/* Playbook TEXT parsed as the file FILE, or a failed test; playbook_free. */
struct playbook *tu_playbook_parse(const char *text, const char *file);
/* The first step of a test playbook's YAML, up to its fields: the form
 * "facts"; the fields follow. */
#define TU_PB_FACTS \
    "steps:\n" \
    "  - id: facts\n" \
    "    kind: form\n" \
    "    title: The facts\n" \
    "    fields:\n"
/* The last steps of a test playbook's YAML, the ones tu_comm_approve and
 * tu_comm_publish take a communication through: a gate for approver:legal,
 * then publication on the channel "web"; its "outputs:" follow. */
#define TU_PB_APPROVE_PUBLISH \
    "  - id: approve\n" \
    "    kind: gate\n" \
    "    title: Approval\n" \
    "    roles: [approver:legal]\n" \
    "  - id: send\n" \
    "    kind: publish\n" \
    "    title: Publish\n" \
    "    channels: [web]\n"
/* Start PLAYBOOK (found by name), VARIANT of it (NULL: all), about INCIDENT
 * (reference or id) as S; asserts that N_EXPECT (at most 8) were started
 * and returns the first one's id. */
long long tu_comm_start(struct session *s, const char *incident,
    const char *playbook, const char *variant, size_t n_expect);
/* Communication ID as S sees it, in *D, or a failed test; comm_doc_clear. */
void  tu_comm_open(struct session *s, long long id, struct comm_doc *d);
/* Set FIELD of communication ID to INPUT, at the version it has now, as S;
 * a refusal fails the test. */
void  tu_comm_set(struct session *s, long long id, const char *field,
    const char *input);
/* Mark STEP of communication ID done as S; the status, the reason in *ERR. */
enum status tu_comm_step_done(struct session *s, long long id,
    const char *step, struct err *err);
/* Take communication ID, its answers set, to approved: the steps that
 * follow (up to NULL) done and a submission for review as S, then
 * APPROVER's approval of every gate it may decide (approval_decide());
 * any refusal, or a communication not approved then, fails the test. */
void  tu_comm_approve(struct session *s, struct session *approver,
    long long id, ...) __attribute__((sentinel));
/* APPROVER approves gate GATE of communication ID at its content now, or
 * (GATE NULL) every gate whose turn it is, one after the other; a
 * refusal of the gate named fails the test. */
void  tu_comm_decide(struct session *approver, long long id,
    const char *gate);
/* Assert communication ID is in STATE. */
void  tu_comm_expect_state(struct session *s, long long id,
    const char *state);
/* The shipped templates imported as S (an admin), as `herald init` does:
 * a communication's content, which approvals approve, is rendered with
 * them. */
void  tu_import_templates(struct session *s);
/* Publish the approved communication ID as S, or fail the test. */
void  tu_comm_publish(struct session *s, long long id);

/* --- hand-made JSON items ---------------------------------------------- */

/* TEXT parsed, or a failed test naming the line and column; json_decref. */
json_t *tu_json_load(const char *text);
/* When $ENV names a directory, TEXT as NAME.json in it: the documents a
 * command test then hands to its validators. */
void  tu_json_keep(const char *env, const char *name, const char *text);
/* The value at PATH in J ("a/b/0/c", array indexes as numbers), or NULL. */
const json_t *tu_json_node(const json_t *j, const char *path);
/* The string at PATH in J, or NULL. */
const char *tu_json_str(const json_t *j, const char *path);

/* --- the audit chain --------------------------------------------------- */

/* The number of rows in S's audit chain. */
long long tu_audit_count(struct session *s);
/* Assert the newest row's ACTOR, ACTION, SUBJECT, exact DETAIL; NULL skips. */
void  tu_expect_audit(struct session *s, const char *actor, const char *action,
    const char *subject, const char *detail);
/* As tu_expect_audit, but DETAIL_PART need only occur in the detail. */
void  tu_expect_audit_has(struct session *s, const char *actor,
    const char *action, const char *subject, const char *detail_part);
/* The newest audit row's detail, for checks of one's own; caller frees. */
char *tu_last_audit_detail(struct session *s);
/* Assert the chain has rows and none holds TEXT in its subject or detail. */
void  tu_expect_audit_lacks(struct session *s, const char *text);
/* Assert the chain verifies: intact, every row walked, more than one row. */
void  tu_expect_chain_ok(struct session *s);

#endif
