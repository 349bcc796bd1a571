#!/bin/sh
# tests/cli/approve.sh - herald approvals, approve, reject and comm gates,
# hash and diff: every approval rule through the command line, refused in
# the same words as in the console. Whoever edited the content cannot
# approve it; a gate counts different people, in its roles' order; one
# person approves once, on one gate; an edit makes approvals stale and
# publishing names who must look again; a rejection needs a comment and
# sends the communication back to its author; an approval is bound to the
# hash of what was read; two approvers at the same moment are both kept.
. "$top_srcdir/tests/lib.sh"

test_db
h user grant ada author
expect_exit 0
# bob writes; he is also a legal approver, so only his edits stop him.
add_users "bob author approver:legal" "lena approver:legal" \
    "lars approver:legal" "pia approver:pr" "sven approver:security" \
    "omni approver:legal approver:pr approver:security" "sam"

cp "$top_srcdir/tests/fixtures/playbooks/quorum.yaml" \
    "$(playbook_dir)/test-quorum.yaml"

# gates_json ID EXPR: the Python expression EXPR over comm gates ID --json.
gates_json()
{
	h comm gates "$1" --json
	json_get "$2"
}

# Written by bob about a new incident, in review.
comm_in_review bob test-quorum "Tokens leak in the logs of the gateway"
one=$id

# --- what waits for whom ------------------------------------------------------
as lena approvals
expect_exit 0
expect_out '^INCIDENT +ID +KIND +GATE +ROLE +DUE +TITLE$'
expect_out "^SEC-2026-001 +$one +advisory +legal-pr +approver:legal "
as lena approvals --json
expect_exit 0
expect_json
[ "$(json_get '[(w["id"], w["gate"], w["role"], w["was_approved"]) for w in d]')" = \
    "[[$one, \"legal-pr\", \"approver:legal\", false]]" ] &&
    pass "approvals --json: the gate and role lena decides" ||
    fail "approvals --json: the gate and role lena decides"
# PR comes after legal on an ordered gate: nothing for pia yet.
as pia approvals
expect_exit 0
expect_out '^Nothing waits for your decision\.$'
as sam approvals
expect_out '^Nothing waits for your decision\.$'
as sven approvals
expect_out "^SEC-2026-001 +$one +advisory +security +approver:security "

# --- the gates as they stand ------------------------------------------------------
h comm gates "$one"
expect_exit 0
expect_out "^$one: in-review, revision 1$"
expect_out '^  legal-pr +waiting +Legal, then PR$'
expect_out '^    approver:legal +need 2, have 0$'
expect_out '^    approver:pr +need 1, have 0, after the roles above$'
expect_out '^  security +waiting +Security$'
expect_out '^Content hash: [0-9a-f]{64}$'
[ "$(gates_json "$one" '[[[g["id"], [[r["role"], r["need"], r["have"]] for r in g["roles"]]] for g in d["gates"]], d["satisfied"]]')" = \
    '[[["legal-pr", [["approver:legal", 2, 0], ["approver:pr", 1, 0]]], ["security", [["approver:security", 1, 0]]]], false]' ] &&
    pass "gates --json: each gate's roles, need and have" ||
    fail "gates --json: each gate's roles, need and have"
h comm show "$one"
expect_out '^Gates:$'
expect_out '^  legal-pr +waiting'

# The content hash: the SHA-256 of the canonical form, which an auditor
# can take again.
h comm hash "$one"
expect_exit 0
expect_out '^[0-9a-f]{64}$'
hash1=$(cat "$OUT")
[ "$(gates_json "$one" 'd["content_hash"]')" = "$hash1" ] &&
    pass "comm gates shows the hash comm hash prints" ||
    fail "comm gates shows the hash comm hash prints"
herald --db "$db" --as ada comm hash "$one" --canonical >"$TEST_DIR/canon.json"
[ "$(sha256sum <"$TEST_DIR/canon.json" | cut -d' ' -f1)" = "$hash1" ] &&
    pass "comm hash --canonical | sha256sum gives the hash" ||
    fail "comm hash --canonical | sha256sum gives the hash"
python3 -m json.tool "$TEST_DIR/canon.json" >/dev/null 2>&1 &&
    pass "the canonical form is JSON" || fail "the canonical form is JSON"
grep -q "Tokens leak in the logs" "$TEST_DIR/canon.json" &&
    pass "the canonical form holds the words" ||
    fail "the canonical form holds the words"
h comm diff "$one"
expect_exit 0
[ ! -s "$OUT" ] && pass "comm diff: nothing before an approval" ||
    fail "comm diff: nothing before an approval"

# --- refusals -------------------------------------------------------------------
# The author: bob holds approver:legal but wrote the summary.
as bob approve "$one"
expect_exit 6
expect_err '^herald: bob edited this revision, so cannot approve it'
# A role not held.
as sam approve "$one"
expect_exit 6
expect_err '^herald: sam holds none of the roles'
as pia approve "$one" --gate security
expect_exit 6
expect_err '^herald: pia does not hold approver:security, which gate security asks for$'
# Order: PR before both legal approvals.
as pia approve "$one" --gate legal-pr
expect_exit 3
expect_err 'gate legal-pr decides in order: approver:legal approves before approver:pr, and has 0 of 2'
# An unknown login on a test database.
run herald --db "$db" --as nobody approve "$one"
expect_exit 6
expect_err '^herald: nobody is not a herald user here'
run herald --db "$db" --as nobody approvals
expect_exit 0
expect_out '^Nothing waits for your decision\.$'
# A gate the playbook does not have.
as lena approve "$one" --gate nope
expect_exit 3
expect_err "gate nope: communication $one has no such gate; its gates: legal-pr, security"
# Nothing was recorded by any of them.
[ "$(gates_json "$one" 'len(d["decisions"])')" = 0 ] &&
    pass "no refused decision was recorded" ||
    fail "no refused decision was recorded"

# Bad usage.
as lena approve
expect_exit 2
expect_err '^usage: herald approvals'
as lena approve "$one" 2
expect_exit 2
as lena approve "$one" --bogus
expect_exit 2
expect_err 'unknown option --bogus'
as lena approve "$one" --hash 1234
expect_exit 3
expect_err 'hash 1234: expected the 64 hex digits'
as lena approve x
expect_exit 3
expect_err 'communication id x'
as lena approvals extra
expect_exit 2
as lena approve 99
expect_exit 4

# --- quorum: two legal approvers, then PR -----------------------------------------
as lena approve "$one" --hash "$hash1"
expect_exit 0
expect_out "^Recorded: approved on gate legal-pr as approver:legal, content $hash1$"
expect_out "^$one: in-review, revision 1$"
expect_out '^  gate legal-pr: '
h comm gates "$one"
expect_out '^    approver:legal +need 2, have 1$'
# Twice by the same person: refused, naming the earlier approval.
as lena approve "$one"
expect_exit 6
expect_err '^herald: lena approved gate legal-pr of this content already \(approval [0-9]+, 2026-03-01T12:00:00Z\): nobody approves twice$'
# PR still waits for the second legal approver.
as pia approve "$one"
expect_exit 3
expect_err 'has 1 of 2 approvals so far'
as lars approve "$one" --gate legal-pr --comment "Reads well."
expect_exit 0
h comm gates "$one"
expect_out '^    approver:legal +need 2, have 2$'
expect_out '^    approver:pr +need 1, have 0$'
expect_out 'Reads well\.'
as pia approvals
expect_out "^SEC-2026-001 +$one +advisory +legal-pr +approver:pr "
# One person, one gate: omni approves PR, then may not approve security.
as omni approve "$one" --gate legal-pr
expect_exit 0
h comm gates "$one"
expect_out '^  legal-pr +passed'
as omni approve "$one" --gate security
expect_exit 6
expect_err '^herald: omni approved gate legal-pr of this content already .*someone else decides gate security'
[ "$(gates_json "$one" 'd["state"], len(d["decisions"])')" = \
    "('in-review', 3)" ] &&
    pass "in review with three approvals; security still waits" ||
    fail "in review with three approvals; security still waits"
h comm publish "$one"
expect_exit 3
expect_err "communication $one cannot be published: gate security is waiting for approver:security \(0 of 1\)"

# --- staleness: an edit after the approvals ---------------------------------------------
as bob comm set "$one" summary "Passwords leak in the logs of the gateway"
expect_exit 0
h comm hash "$one"
hash2=$(cat "$OUT")
[ "$hash2" != "$hash1" ] && pass "the edit changed the content hash" ||
    fail "the edit changed the content hash"
h comm gates "$one"
expect_exit 0
expect_out "^$one: in-review, revision 1$"
expect_out '^  legal-pr +waiting'
expect_out '^    approver:legal +need 2, have 0, stale 2$'
expect_out '^    approver:pr +need 1, have 0, stale 1'
expect_out '\(stale\)$'
[ "$(gates_json "$one" '[a["stale"] for a in d["decisions"]]')" = \
    '[true, true, true]' ] &&
    pass "gates --json: all three approvals are stale" ||
    fail "gates --json: all three approvals are stale"
h comm publish "$one"
expect_exit 3
expect_err "communication $one cannot be published: gate legal-pr is stale since an edit: [^;]*lena[^;]* must approve again"
expect_err "gate legal-pr is stale since an edit: [^;]*lars[^;]* must approve again"
# Approving with the hash read before the edit is a conflict.
as sven approve "$one" --hash "$hash1"
expect_exit 5
expect_err "changed since you read it \(its content is sha256 $(echo "$hash2" | cut -c1-12) now, you read $(echo "$hash1" | cut -c1-12)\)"
[ "$(gates_json "$one" 'len(d["decisions"])')" = 3 ] &&
    pass "the conflicting approval was not recorded" ||
    fail "the conflicting approval was not recorded"
# The approvers see it waiting again, with what changed.
as lena approvals
expect_out "^SEC-2026-001 +$one +advisory +legal-pr +approver:legal "
expect_out "approved before: see herald comm diff $one"
h comm diff "$one"
expect_exit 0
expect_out '^Since approval #[0-9]+: approved on gate legal-pr by omni'
expect_out '^== web \(markdown\): Web page, changed ==$'
expect_out '\[-[^]]*Tokens'
expect_out '\{\+[^}]*Passwords'
h comm diff "$one" --json
expect_exit 0
expect_json
[ "$(json_get 'd["approval"]["approver"], d["content_hash"], [o["change"] for o in d["outputs"]]')" = \
    "('omni', '$hash2', ['changed'])" ] &&
    pass "diff --json: since omni's approval, the web page changed" ||
    fail "diff --json: since omni's approval, the web page changed"
# Approve again, at the hash now: approved.
as lena approve "$one" --hash "$hash2"
expect_exit 0
as lars approve "$one"
expect_exit 0
as omni approve "$one"
expect_exit 0
as sven approve "$one" --hash "$hash2"
expect_exit 0
expect_out "^$one: approved, revision 1$"
h comm gates "$one"
expect_out '^  legal-pr +passed'
expect_out '^  security +passed'
h comm publish "$one"
expect_exit 0
expect_out "^$one: published, revision 1$"

# --- rejection ------------------------------------------------------------------
comm_in_review bob test-quorum "Session cookies are not rotated"
two=$id
as lena reject "$two"
expect_exit 3
expect_err '^herald: comment: say why you reject it, so the author can fix it$'
as lena reject "$two" --comment "   "
expect_exit 3
expect_err 'say why you reject it'
as lena reject "$two" --comment "Name the versions that are affected."
expect_exit 0
expect_out "^Recorded: rejected on gate legal-pr as approver:legal"
expect_out "^$two: draft, revision 1$"
as bob comm show "$two"
expect_out '^State: +draft$'
expect_out '^Rejected: +by lena \(gate legal-pr\)'
expect_out '^    Name the versions that are affected\.$'
as bob comm show "$two" --json
[ "$(json_get 'd["review"]["rejection"]["comment"], d["review"]["rejection"]["approver"]')" = \
    "('Name the versions that are affected.', 'lena')" ] &&
    pass "show --json: the rejection and its comment" ||
    fail "show --json: the rejection and its comment"
# Back with its author: on comm show and in approvals --returned.
as bob approvals --returned
expect_exit 0
expect_out "^SEC-2026-002 +$two +Session cookies are not rotated$"
expect_out '^ +rejected by lena, 2026-03-01 12:00:$'
expect_out '^ +Name the versions that are affected\.$'
as bob approvals --returned --json
expect_json
[ "$(json_get '[[r["id"], r["approver"], r["gate"], r["comment"]] for r in d]')" = \
    "[[$two, \"lena\", \"legal-pr\", \"Name the versions that are affected.\"]]" ] &&
    pass "approvals --returned --json: the rejection and its comment" ||
    fail "approvals --returned --json: the rejection and its comment"
as lena approvals --returned
expect_out '^Nothing was sent back to you\.$'
as lars approvals
expect_no_out "^SEC-2026-002 "
as lars approve "$two"
expect_exit 3
expect_err 'draft|review'

# --- two approvers at the same moment -------------------------------------------
# A gate that needs two legal approvers and nothing else: both decide at
# once, both approvals are kept and the communication is approved once.
{
	playbook_head test-pair "Two at once"
	playbook_facts summary text
	playbook_gate pair "Two legal approvers" approver:legal 2
	playbook_publish web markdown "Web page"
} >"$(playbook_dir)/test-pair.yaml"
for round in 1 2 3 4 5; do
	comm_in_review bob test-pair "Race $round"
	herald --db "$db" --as lena approve "$id" >"$TEST_DIR/a.out" \
	    2>"$TEST_DIR/a.err" &
	pa=$!
	herald --db "$db" --as lars approve "$id" >"$TEST_DIR/b.out" \
	    2>"$TEST_DIR/b.err" &
	pb=$!
	wait "$pa"
	ra=$?
	wait "$pb"
	rb=$?
	if [ "$ra" = 0 ] && [ "$rb" = 0 ]; then
		pass "round $round: both approvers' commands succeed"
	else
		fail "round $round: both approvers' commands succeed (exit $ra, $rb)"
		sed 's/^/#   /' "$TEST_DIR/a.err" "$TEST_DIR/b.err"
	fi
	[ "$(gates_json "$id" 'd["state"], sorted(a["approver"] for a in d["decisions"])')" = \
	    "('approved', ['lars', 'lena'])" ] &&
	    pass "round $round: both approvals kept; approved" ||
	    fail "round $round: both approvals kept; approved"
	h audit log --subject "communication:$id" --limit 0 --json
	[ "$(json_get 'sum(1 for r in d if r["action"] == "communication.state" and r["detail"]["to"] == "approved")')" = 1 ] &&
	    pass "round $round: it became approved once" ||
	    fail "round $round: it became approved once"
done

# --- --as on a production database ------------------------------------------------
prod="$TEST_DIR/prod.db"
run herald --db "$prod" init
expect_exit 0
run herald --db "$prod" --as lena approve 1
expect_exit 6
expect_err '^herald: --as is refused'
run herald --db "$prod" --as lena approvals
expect_exit 6
expect_err '^herald: --as is refused'

# --- the audit chain ---------------------------------------------------------------
h audit log --limit 0 --json
expect_exit 0
[ "$(json_get 'sum(1 for r in d if r["action"] == "approval.record")')" = 18 ] &&
    pass "each of the 18 decisions has its approval.record row, no more" ||
    fail "each of the 18 decisions has its approval.record row, no more"
[ "$(json_get 'sum(1 for r in d if r["action"] == "approval.stale")')" = 1 ] &&
    pass "the edit that made approvals stale has its approval.stale row" ||
    fail "the edit that made approvals stale has its approval.stale row"
h audit verify
expect_exit 0

finish
