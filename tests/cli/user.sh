#!/bin/sh
# tests/cli/user.sh - herald user add, list, grant, revoke, and their audit rows.
. "$top_srcdir/tests/lib.sh"

db="$TEST_DIR/h.db"
run herald --as ada --db "$db" init --testing
expect_exit 0
# as LOGIN ARGS...: run herald on the test database as LOGIN.
as()
{
	_who=$1
	shift
	run herald --db "$db" --as "$_who" "$@"
}

as ada user add bob --name "Bob Jones" --email bob@example.org \
    --role author --role approver:legal
expect_exit 0
expect_out '^Added bob \(user:2\) with roles author, approver:legal$'
as ada user add dee
expect_exit 0
as ada user list
expect_exit 0
expect_out '^LOGIN +NAME +ROLES$'
expect_out '^ada +- +admin$'
expect_out '^bob +Bob Jones +approver:legal,author$'
expect_out '^dee +- +-$'
as ada user list --json
expect_exit 0
expect_json
[ "$(json_get '[(u["login"], u["email"], u["roles"]) for u in d]')" = \
    '[["ada", null, ["admin"]], ["bob", "bob@example.org", ["approver:legal", "author"]], ["dee", null, []]]' ] &&
    pass "list --json: logins, e-mail, roles" ||
    fail "list --json: logins, e-mail, roles"

# Refusals: exit code and message, and nothing written.
as ada user add bob
expect_exit 5
expect_err 'bob already exists'
as ada user add "bad login"
expect_exit 3
expect_err 'login bad login'
as ada user add eve --role overlord
expect_exit 3
expect_err 'overlord is not a role'
as ada user add eve --email nowhere
expect_exit 3
expect_err 'e-mail'
as ada user grant nosuch author
expect_exit 4
expect_err 'no user nosuch'
as ada user grant bob wizard
expect_exit 3
expect_err 'wizard is not a role'

as ada user grant bob sro
expect_exit 0
expect_out '^Granted sro to bob$'
as ada user grant bob sro
expect_exit 5
expect_err 'already has role sro'
as ada user revoke bob sro
expect_exit 0
expect_out '^Revoked sro from bob$'
as ada user revoke bob sro
expect_exit 4
expect_err 'does not have role sro'

# Only admins manage users.
as bob user add mallory
expect_exit 6
expect_err 'bob needs the admin role'
as bob user grant bob admin
expect_exit 6
expect_err 'needs the admin role'
as stranger user add mallory
expect_exit 6
expect_err 'stranger is not a herald user'
as stranger user list
expect_exit 0 "someone unknown may read the user list"

# The last admin cannot lose the role; a second admin makes it possible.
as ada user revoke ada admin
expect_exit 6
expect_err 'ada is the last admin'
as ada user grant bob admin
expect_exit 0
as ada user revoke ada admin
expect_exit 0
as bob user revoke bob admin
expect_exit 6
expect_err 'bob is the last admin'
as ada user grant ada admin
expect_exit 6 "ada, no longer admin, cannot grant herself admin"

# Every change, and only the changes, is in the audit chain.
as ada audit log --limit 0 --json
expect_exit 0
expect_json
[ "$(json_get '[(r["action"], r["subject"]) for r in reversed(d)]')" = \
    '[["database.init", "database:1"], ["user.add", "user:1"], ["template.import", "template:0"], ["user.add", "user:2"], ["user.add", "user:3"], ["user.grant", "user:2"], ["user.revoke", "user:2"], ["user.grant", "user:2"], ["user.revoke", "user:1"]]' ] &&
    pass "audit log: every change, in order, nothing for refusals" ||
    fail "audit log: every change, in order, nothing for refusals"
[ "$(json_get '[(r["actor"], r["detail"]) for r in d if r["action"] != "database.init"][:3]')" = \
    '[["user:1", {"role": "admin"}], ["user:1", {"role": "admin"}], ["user:1", {"role": "sro"}]]' ] &&
    pass "audit log: who acted and which role" ||
    fail "audit log: who acted and which role"
json_get 'd' | grep -q 'bob@example.org' &&
    fail "audit log: no e-mail addresses in the chain" ||
    pass "audit log: no e-mail addresses in the chain"
as ada audit log --subject user:2
expect_exit 0
expect_out '^ +[0-9]+ +2026-03-01 12:00 +user:1 \(ada\) +user.grant +user:2 \(bob\) +\{"role":"admin"\}$'
[ "$(grep -c 'user:2 (bob)' "$OUT")" = 4 ] && pass "log --subject user:2: 4 rows" ||
    fail "log --subject user:2: 4 rows"
as ada audit verify
expect_exit 0
expect_out '^Audit chain intact: 9 rows$'

finish
