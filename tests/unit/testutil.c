/* tests/unit/testutil.c - temporary files, test databases, raw SQL and
 * audit-chain checks shared by the unit tests. */
#include "config.h"

#include "tests/unit/testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/communication.h"
#include "core/incident.h"
#include "core/paths.h"
#include "core/playbook.h"
#include "core/product.h"
#include "core/review.h"
#include "core/template.h"
#include "core/user.h"
#include "core/workflow.h"
#include "storage/q_audit.h"
#include "util/xalloc.h"

#define TU_MAX_ROLES 8

char *
tu_tmpdir(void)
{
	char tmpl[] = "/tmp/herald-ut-XXXXXX";

	if (mkdtemp(tmpl) == NULL)
		die("mkdtemp failed");
	return xstrdup(tmpl);
}

void
tu_rmdir(const char *dir)
{
	char *cmd;

	if (dir == NULL || strncmp(dir, "/tmp/herald-ut-", 15) != 0)
		return;
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

char *
tu_path(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

void
tu_write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		fail_msg("cannot write %s", path);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

char *
tu_file_in(const char *dir, const char *name, const char *text)
{
	char *path = tu_path(dir, name);

	tu_write_file(path, text);
	return path;
}

char *
tu_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL)
		fail_msg("cannot read %s", path);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

char *
tu_fixture(const char *name)
{
	const char *top = getenv("top_srcdir");

	return xasprintf("%s/tests/fixtures/%s", top != NULL ? top : ".", name);
}

struct tu_files *
tu_files_new(void)
{
	struct tu_files *f = xcalloc(1, sizeof *f);

	clock_set_fixed(TU_NOW);
	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "herald.db");
	return f;
}

void
tu_files_free(struct tu_files **fp)
{
	struct tu_files *f = *fp;

	if (f == NULL)
		return;
	tu_rmdir(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	*fp = NULL;
}

int
tu_files_setup(void **state)
{
	*state = tu_files_new();
	return 0;
}

int
tu_files_teardown(void **state)
{
	tu_files_free((struct tu_files **)state);
	return 0;
}

struct session *
tu_session_new(char **dir)
{
	struct init_opts o = { .purpose = PURPOSE_TEST, .as_login = "ada" };
	struct session *s = NULL;
	struct err err = { 0 };
	char *path;

	clock_set_fixed(TU_NOW);
	*dir = tu_tmpdir();
	path = tu_path(*dir, "herald.db");
	o.path = path;
	if (session_init(&o, &s, &err) != ST_OK)
		die("test database: %s", err.msg);
	free(path);
	return s;
}

void
tu_session_free(struct session **s, char **dir)
{
	session_close(s);
	tu_rmdir(*dir);
	free(*dir);
	*dir = NULL;
}

/* A session on the database file PATH acting as LOGIN, or a failed test. */
static struct session *
open_path_as(const char *path, const char *login)
{
	struct session_opts o = { .path = path, .mode = DB_WRITE,
	    .as_login = login };
	struct session *s = NULL;
	struct err err = { 0 };

	if (session_open(&o, &s, &err) != ST_OK)
		fail_msg("open as %s: %s", login, err.msg);
	return s;
}

struct session *
tu_open_as(const char *dir, const char *login)
{
	char *path = tu_path(dir, "herald.db");
	struct session *s = open_path_as(path, login);

	free(path);
	return s;
}

void
tu_grant_self(struct session **s, const char *role)
{
	char *path = xstrdup(db_path((*s)->db));
	char *login = xstrdup((*s)->login);
	struct err err = { 0 };

	if (user_grant(*s, login, role, &err) != ST_OK)
		fail_msg("grant %s to %s: %s", role, login, err.msg);
	session_close(s);
	*s = open_path_as(path, login);
	free(login);
	free(path);
}

long long
tu_add_user(struct session *s, const char *login, ...)
{
	const char *roles[TU_MAX_ROLES + 1];
	struct err err = { 0 };
	long long id = 0;
	size_t n;
	va_list ap;

	va_start(ap, login);
	for (n = 0; (roles[n] = va_arg(ap, const char *)) != NULL; n++)
		if (n == TU_MAX_ROLES)
			fail_msg("add user %s: more than %d roles", login,
			    TU_MAX_ROLES);
	va_end(ap);
	if (user_add(s, login, NULL, NULL, roles, &id, &err) != ST_OK)
		fail_msg("add user %s: %s", login, err.msg);
	assert_true(id > 0);
	return id;
}

int
tu_fx_setup(void **state)
{
	struct tu_fx *f = xcalloc(1, sizeof *f);

	f->s = tu_session_new(&f->dir);
	*state = f;
	return 0;
}

int
tu_fx_teardown(void **state)
{
	struct tu_fx *f = *state;

	tu_session_free(&f->s, &f->dir);
	free(f);
	*state = NULL;
	return 0;
}

/* A connection of the test's own to PATH, waiting up to 5 s for locks. */
static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *h = NULL;

	if (sqlite3_open(path, &h) != SQLITE_OK) {
		sqlite3_close(h);
		fail_msg("open %s", path);
	}
	sqlite3_busy_timeout(h, 5000);
	return h;
}

void
tu_sql_exec(const char *path, const char *sql)
{
	sqlite3 *h = raw_open(path);
	char why[256];

	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(h));
		sqlite3_close(h);
		fail_msg("%s: %s", sql, why);
	}
	sqlite3_close(h);
}

long long
tu_sql_int(const char *path, const char *sql)
{
	sqlite3 *h = raw_open(path);
	sqlite3_stmt *st;
	long long v = -1;
	char why[256];
	int rc;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(h));
		sqlite3_close(h);
		fail_msg("%s: %s", sql, why);
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(h));
	sqlite3_finalize(st);
	sqlite3_close(h);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		fail_msg("%s: %s", sql, why);
	return v;
}

long long
tu_count_rows(const char *path, const char *table)
{
	char *sql = xasprintf("SELECT count(*) FROM %s", table);
	long long n = tu_sql_int(path, sql);

	free(sql);
	return n;
}

long long
tu_incident_new(struct session *s, const struct incident_new *in)
{
	return tu_incident_new_ref(s, in, NULL, 0);
}

long long
tu_incident_new_ref(struct session *s, const struct incident_new *in,
    char *ref, size_t n)
{
	struct incident inc = { 0 };
	struct err err = { 0 };
	long long id;

	if (incident_create(s, in, &inc, &err) != ST_OK)
		fail_msg("incident %s: %s", in->title, err.msg);
	id = inc.id;
	if (ref != NULL)
		snprintf(ref, n, "%s", inc.ref);
	incident_clear(&inc);
	return id;
}

long long
tu_product_new(struct session *s, const char *slug, const char *name)
{
	struct err err = { 0 };
	long long id = 0;

	if (product_create(s, slug, name, NULL, NULL, &id, &err) != ST_OK)
		fail_msg("product %s: %s", slug, err.msg);
	return id;
}

long long
tu_cycle_new(struct session *s, long long product_id, const char *cycle,
    const char *eol)
{
	struct cycle in = { .product_id = product_id, .cycle = (char *)cycle,
	    .eol = (char *)eol };
	struct err err = { 0 };
	long long id = 0;

	if (cycle_create(s, &in, &id, &err) != ST_OK)
		fail_msg("cycle %s: %s", cycle, err.msg);
	return id;
}

long long
tu_advisory_new(struct session *s)
{
	struct err err = { 0 };
	long long incident, id;

	incident = tu_incident_new(s, &(struct incident_new){
	    .title = "Remote code execution", .trigger_kind = "vulnerability",
	    .severity = "critical" });
	if (communication_create(s, &(struct communication_new){
	    .incident_id = incident, .kind = "advisory", .audience = "public",
	    .title = "RCE in the widget", .playbook = "security-advisory",
	    .playbook_version = "3", .playbook_hash = TU_HASH }, &id,
	    &err) != ST_OK)
		fail_msg("communication: %s", err.msg);
	return id;
}

long long
tu_communication_version(struct session *s, long long id)
{
	struct communication c = { 0 };
	struct err err = { 0 };
	long long v;

	assert_int_equal(communication_get(s, id, &c, &err), ST_OK);
	v = c.version;
	communication_clear(&c);
	return v;
}

char *
tu_config_dir(const char *dir, const char *sub)
{
	char *conf = xasprintf("%s/config", dir);
	char *path = xasprintf("%s/herald/%s", conf, sub);
	struct err err = { 0 };

	if (paths_mkdir_p(path, 0700, &err) != ST_OK)
		fail_msg("%s: %s", path, err.msg);
	assert_int_equal(setenv("XDG_CONFIG_HOME", conf, 1), 0);
	free(conf);
	return path;
}

void
tu_write_yaml(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s.yaml", dir, name);

	tu_write_file(path, text);
	free(path);
}

struct playbook *
tu_playbook_parse(const char *text, const char *file)
{
	struct playbook *pb = NULL;
	struct err err = { 0 };

	if (playbook_parse(text, strlen(text), file, &pb, NULL, &err) != ST_OK)
		fail_msg("playbook %s: %s", file, err.msg);
	return pb;
}

long long
tu_comm_start(struct session *s, const char *incident, const char *playbook,
    const char *variant, size_t n_expect)
{
	long long ids[8] = { 0 };
	size_t n = 0;
	struct err err = { 0 };

	if (comm_start(s, &(struct comm_start){ .incident = incident,
	    .playbook = playbook, .variant = variant }, ids, 8, &n, &err) !=
	    ST_OK)
		fail_msg("start %s about %s: %s", playbook, incident, err.msg);
	assert_int_equal(n, n_expect);
	return ids[0];
}

void
tu_comm_open(struct session *s, long long id, struct comm_doc *d)
{
	struct err err = { 0 };

	if (comm_open(s, id, d, &err) != ST_OK)
		fail_msg("open communication %lld: %s", id, err.msg);
}

void
tu_comm_set(struct session *s, long long id, const char *field,
    const char *input)
{
	struct comm_doc d = { 0 };
	const struct answer *a;
	struct err err = { 0 };

	tu_comm_open(s, id, &d);
	a = comm_answer_row(&d, field);
	if (comm_set_answer(s, &d, field, input, a != NULL ? a->version : 0,
	    NULL, NULL, &err) != ST_OK)
		fail_msg("set %s: %s", field, err.msg);
	comm_doc_clear(&d);
}

enum status
tu_comm_step_done(struct session *s, long long id, const char *step,
    struct err *err)
{
	struct comm_doc d = { 0 };
	enum status st;

	tu_comm_open(s, id, &d);
	st = comm_step_done(s, &d, step, NULL, err);
	comm_doc_clear(&d);
	return st;
}

void
tu_comm_approve(struct session *s, struct session *approver, long long id,
    ...)
{
	struct comm_doc d = { 0 };
	struct err err = { 0 };
	const char *step;
	va_list ap;

	va_start(ap, id);
	while ((step = va_arg(ap, const char *)) != NULL)
		if (tu_comm_step_done(s, id, step, &err) != ST_OK)
			fail_msg("step %s: %s", step, err.msg);
	va_end(ap);
	tu_comm_open(s, id, &d);
	if (comm_submit(s, &d, &err) != ST_OK)
		fail_msg("submit: %s", err.msg);
	comm_doc_clear(&d);
	tu_comm_decide(approver, id, NULL);
	tu_comm_expect_state(s, id, "approved");
}

void
tu_comm_decide(struct session *approver, long long id, const char *gate)
{
	struct comm_doc d = { 0 };
	struct review r = { 0 };
	const struct pb_step *step;
	const char *role;
	struct err err = { 0 };
	bool is_any = true;

	/* Every gate whose turn it is, one after the other. */
	while (is_any) {
		is_any = false;
		tu_comm_open(approver, id, &d);
		if (review_load(approver, &d, &r, &err) != ST_OK)
			fail_msg("review of %lld: %s", id, err.msg);
		if (review_my_turn(approver, &r, gate, &step, &role, &err) ==
		    ST_OK) {
			if (approval_decide(approver, &d, &(struct decision){
			    .gate = step->id, .decision = "approved",
			    .content_hash = r.content.hash }, NULL, &err) != ST_OK)
				fail_msg("approve %s as %s: %s", step->id,
				    approver->login, err.msg);
			is_any = gate == NULL;
		} else if (gate != NULL)
			fail_msg("approve %s as %s: %s", gate, approver->login,
			    err.msg);
		review_clear(&r);
		comm_doc_clear(&d);
	}
}

void
tu_comm_expect_state(struct session *s, long long id, const char *state)
{
	struct communication c = { 0 };
	struct err err = { 0 };

	assert_int_equal(communication_get(s, id, &c, &err), ST_OK);
	if (strcmp(c.state, state) != 0)
		fail_msg("communication %lld is %s, not %s", id, c.state, state);
	communication_clear(&c);
}

void
tu_import_templates(struct session *s)
{
	struct err err = { 0 };

	if (template_import_all(s, NULL, &err) != ST_OK)
		fail_msg("templates: %s", err.msg);
}

void
tu_comm_publish(struct session *s, long long id)
{
	struct comm_doc d = { 0 };
	struct err err = { 0 };

	tu_comm_open(s, id, &d);
	if (comm_publish(s, &d, &err) != ST_OK)
		fail_msg("publish: %s", err.msg);
	comm_doc_clear(&d);
}

/* --- hand-made JSON items ------------------------------------------------ */

json_t *
tu_json_load(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (j == NULL)
		fail_msg("fixture: %s at line %d col %d", e.text, e.line,
		    e.column);
	return j;
}

void
tu_json_keep(const char *env, const char *name, const char *text)
{
	const char *dir = getenv(env);
	char *path;

	if (dir == NULL || *dir == '\0')
		return;
	path = xasprintf("%s/%s.json", dir, name);
	tu_write_file(path, text);
	free(path);
}

const json_t *
tu_json_node(const json_t *j, const char *path)
{
	char *copy = xstrdup(path), *part, *save = NULL, *end;
	const json_t *v = j;
	long i;

	for (part = strtok_r(copy, "/", &save); part != NULL && v != NULL;
	    part = strtok_r(NULL, "/", &save)) {
		i = strtol(part, &end, 10);
		v = *end == '\0' ? json_array_get(v, (size_t)i) :
		    json_object_get(v, part);
	}
	free(copy);
	return v;
}

const char *
tu_json_str(const json_t *j, const char *path)
{
	return json_string_value(tu_json_node(j, path));
}

long long
tu_audit_count(struct session *s)
{
	struct err err = { 0 };
	long long n = -1;

	assert_int_equal(q_audit_count(s->db, &n, &err), ST_OK);
	return n;
}

/* The newest audit row of S into L (one row); fails the test if none. */
static struct audit_row *
newest_audit(struct session *s, struct rowlist *l)
{
	struct err err = { 0 };

	assert_int_equal(q_audit_list(s->db, NULL, NULL, 1, 0, l, &err), ST_OK);
	assert_int_equal(l->count, 1);
	return rowlist_at(l, 0);
}

/* The newest audit row matches; DETAIL whole when IS_EXACT, else a part. */
static void
expect_newest(struct session *s, const char *actor, const char *action,
    const char *subject, const char *detail, bool is_exact)
{
	struct rowlist l;
	struct audit_row *r = newest_audit(s, &l);

	if (actor != NULL)
		assert_string_equal(r->actor, actor);
	if (action != NULL)
		assert_string_equal(r->action, action);
	if (subject != NULL)
		assert_string_equal(r->subject, subject);
	if (detail != NULL && is_exact)
		assert_string_equal(r->detail, detail);
	if (detail != NULL && !is_exact && strstr(r->detail, detail) == NULL)
		fail_msg("audit detail %s lacks %s", r->detail, detail);
	rowlist_free(&l, (row_clear_fn)audit_row_clear);
}

void
tu_expect_audit(struct session *s, const char *actor, const char *action,
    const char *subject, const char *detail)
{
	expect_newest(s, actor, action, subject, detail, true);
}

void
tu_expect_audit_has(struct session *s, const char *actor, const char *action,
    const char *subject, const char *detail_part)
{
	expect_newest(s, actor, action, subject, detail_part, false);
}

char *
tu_last_audit_detail(struct session *s)
{
	struct rowlist l;
	struct audit_row *r = newest_audit(s, &l);
	char *detail = r->detail;

	r->detail = NULL;
	rowlist_free(&l, (row_clear_fn)audit_row_clear);
	return detail;
}

void
tu_expect_audit_lacks(struct session *s, const char *text)
{
	struct rowlist l;
	struct audit_row *r;
	struct err err = { 0 };
	size_t i;

	assert_int_equal(q_audit_list(s->db, NULL, NULL, 0, 0, &l, &err), ST_OK);
	assert_true(l.count > 0);
	for (i = 0; i < l.count; i++) {
		r = rowlist_at(&l, i);
		assert_null(strstr(r->detail, text));
		assert_null(strstr(r->subject, text));
	}
	rowlist_free(&l, (row_clear_fn)audit_row_clear);
}

void
tu_expect_chain_ok(struct session *s)
{
	struct audit_report rep;
	struct err err = { 0 };

	memset(&rep, 0, sizeof rep);
	assert_int_equal(audit_verify(s->db, NULL, &rep, &err), ST_OK);
	assert_int_equal(rep.first_bad, 0);
	assert_true(rep.count > 1);
	assert_int_equal(rep.count, tu_audit_count(s));
}
