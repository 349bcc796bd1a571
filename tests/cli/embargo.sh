#!/bin/sh
# tests/cli/embargo.sh - need to know: an incident under embargo is hidden
# from everyone not named on it (admins and the SRO see it) in every list,
# search, clock, export and command; each open of it, and each refusal, is
# in the audit log; lifting the embargo, or its time passing, shows it to
# all. Also: herald incident embargo and herald incident access.
. "$top_srcdir/tests/lib.sh"

test_db
# h ARGS...: as ada, the admin; as LOGIN: as LOGIN (hl lena, hb bob,
# hs sam the SRO, hv vic who approves).
hl() { as lena "$@"; }
hb() { as bob "$@"; }
hs() { as sam "$@"; }
hv() { as vic "$@"; }
# later LOGIN ARGS...: as LOGIN on 21 March, when every embargo here is
# over.
later()
{
	_as=$1
	shift
	run env HERALD_NOW=2026-03-21T00:00:00Z "$HERALD" --db "$db" --as "$_as" \
	    "$@"
}

# approver-legal-1 signs off the notices here (see approve_by_hand).
add_users "lena author" "bob author" "sam sro" "vic approver:legal" \
    "approver-legal-1 approver:legal"
export_settings

# SQL COUNT over the database, read behind herald's back.
count()
{
	python3 - "$db" "$1" <<'EOF'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])
EOF
}
# How many audit rows ACTION by user LOGIN has (any login when "").
audit_n()
{
	count "SELECT count(*) FROM audit WHERE action = '$1' AND ('$2' = ''
	    OR actor = (SELECT 'user:' || id FROM users WHERE login = '$2'))"
}

# A playbook with a clock, published to a web page.
pbdir=$(playbook_dir)
{
	playbook_head embargo-flow "Embargo test notice"
	cat <<'EOF'
clocks:
  - id: notice
    title: Tell the customers
    from: awareness
    within: 48h
EOF
	playbook_facts plain-summary long-text
	playbook_end web markdown "Web page"
} >"$pbdir/embargo-flow.yaml"

# notice REF TITLE [SUMMARY]: lena's embargo-flow communication TITLE about
# REF, its id in id; with SUMMARY, that is its summary, and it is published
# (approved by hand, see publish_by_hand).
notice()
{
	comm_as lena "$1" --playbook embargo-flow --title "$2"
	[ $# -gt 2 ] || return 0
	hl comm set "$id" plain-summary "$3"
	expect_exit 0
	publish_by_hand hl "$id" facts
}

# SEC-2026-001 for everyone; SEC-2026-002 under embargo, lena's.
hl incident new --title "Expired certificate on the portal" \
    --trigger misconfiguration --severity low --aware-at 2026-03-01T10:00:00Z
expect_exit 0
expect_out '^SEC-2026-001$'
notice SEC-2026-001 "Portal notice" "The portal certificate was renewed."
notice SEC-2026-001 "Portal draft"
hl incident new --title "Zeroday in the licence server" \
    --summary "Remote code execution, unpatched." --trigger vulnerability \
    --severity critical --aware-at 2026-03-01T10:00:00Z \
    --embargo-until 2026-03-10T00:00:00Z
expect_exit 0
expect_out '^SEC-2026-002$'
# Its approver must see it to sign it off: lena names them.
hl incident access SEC-2026-002 add approver-legal-1
expect_exit 0
notice SEC-2026-002 "Zeroday notice" "Zeroday details for the web."
pub=$id
# A second one, a draft, whose clock runs.
notice SEC-2026-002 "Zeroday draft"
draft=$id

# --- who is named --------------------------------------------------------------

hl incident access SEC-2026-002
expect_exit 0
expect_out '^lena$' "the one who opened it is named"
expect_out '^approver-legal-1$' "and the approver lena named"
hl incident show SEC-2026-002
expect_exit 0
expect_out '^Named: +approver-legal-1, lena$' "incident show says who is named"
hl incident show SEC-2026-002 --json
expect_exit 0
[ "$(json_get 'd["named"]')" = '["approver-legal-1", "lena"]' ] &&
    pass "show --json: named" || fail "show --json: named"
hl incident show SEC-2026-001
expect_no_out '^Named:' "no embargo, no list of names"

# --- hidden from bob and vic --------------------------------------------------

# hidden_from RUN: every list, search and clock of RUN lacks SEC-2026-002.
hidden_from()
{
	_who=$1
	"$_who" incident list
	expect_exit 0
	expect_no_out 'SEC-2026-002|Zeroday' "$_who: incident list hides it"
	expect_out '^SEC-2026-001 ' "$_who: incident list shows the other"
	"$_who" incident list --json
	[ "$(json_get 'len(d)')" = 1 ]
	_result $? "$_who: incident list --json has one"
	"$_who" incident list --severity critical
	expect_out '^No incidents\.$' "$_who: a filter does not find it"
	"$_who" incident list --search zeroday
	expect_exit 0
	expect_out '^No incidents\.$' "$_who: a search does not find it"
	"$_who" incident list --search "remote code"
	expect_out '^No incidents\.$' "$_who: nor a search of its summary"
	"$_who" comm list
	expect_exit 0
	expect_no_out 'SEC-2026-002|Zeroday' "$_who: comm list hides them"
	"$_who" comm list --json
	[ "$(json_get 'len(d)')" = 2 ]
	_result $? "$_who: comm list --json has the other two"
	"$_who" comm list --state published --json
	[ "$(json_get '[c["incident"] for c in d]')" = '["SEC-2026-001"]' ]
	_result $? "$_who: comm list --state hides it"
	"$_who" check --json
	expect_no_out 'SEC-2026-002|Zeroday' "$_who: check hides its clocks"
	[ "$(json_get 'len(d["clocks"])')" = 1 ]
	_result $? "$_who: check has the other clock"
}

# refused RUN ARGS...: RUN ARGS is refused for the embargo, saying so and
# showing nothing of it.
refused()
{
	_who=$1
	shift
	"$_who" "$@"
	expect_exit 6 "$_who $*: refused (exit 6)"
	expect_err '^herald: SEC-2026-002 is under embargo and you are not named on it$'
	expect_no_out 'Zeroday' "$_who $*: shows nothing of it"
}

hidden_from hb
hidden_from hv
refused hb incident show SEC-2026-002
refused hb incident show 2
refused hb comm show "$pub"
refused hb comm show "$draft" --json
refused hb comm preview "$pub"
refused hb comm revisions "$pub"
refused hb comm list SEC-2026-002
refused hb incident access SEC-2026-002
refused hb incident access SEC-2026-002 add bob
refused hb incident times SEC-2026-002 --fix-available-at 2026-03-01
refused hb incident embargo SEC-2026-002 --lift
refused hb comm set "$draft" plain-summary "leaked"
refused hb comm deliver "$pub" --means phone --to "Leaky Ltd"
refused hb comm deliveries "$pub"
refused hv incident show SEC-2026-002
[ "$(audit_n incident.access-denied bob)" = 14 ]
_result $? "each of bob's refusals is in the audit log ($(audit_n incident.access-denied bob))"
[ "$(audit_n incident.access bob)" = 0 ]
_result $? "bob has no access rows"
[ "$(count "SELECT count(*) FROM answers WHERE value = 'leaked'")" = 0 ]
_result $? "bob's answer was not saved"

# --- shown to lena, ada and sam, each look recorded ---------------------------

# Opens of communication ID that name it.
comm_opens()
{
	count "SELECT count(*) FROM audit WHERE action = 'incident.access'
	    AND detail = '{\"communication\":$1,\"what\":\"comm\"}'"
}
before=$(audit_n incident.access "")
before_pub=$(comm_opens "$pub")
for who in hl h hs; do
	"$who" incident list
	expect_out '^SEC-2026-002 .*Zeroday in the licence server$' \
	    "$who: incident list shows it"
	"$who" incident list --search zeroday --json
	[ "$(json_get '[i["id"] for i in d]')" = '["SEC-2026-002"]' ]
	_result $? "$who: the search finds it"
	"$who" comm list --json
	[ "$(json_get 'len(d)')" = 4 ]
	_result $? "$who: comm list has all four"
	"$who" check --json
	expect_out 'SEC-2026-002' "$who: check shows its clock"
	"$who" incident show SEC-2026-002
	expect_exit 0
	expect_out '^Title: +Zeroday in the licence server$' "$who: show"
	"$who" comm show "$pub"
	expect_exit 0
	"$who" comm preview "$pub"
	expect_exit 0
	expect_out 'Zeroday details' "$who: preview"
done
[ "$(audit_n incident.access "")" = $((before + 9)) ]
_result $? "every open by lena, ada and sam is in the audit log"
[ "$(comm_opens "$pub")" = $((before_pub + 6)) ]
_result $? "a communication's opens name it"
[ "$(audit_n incident.access sam)" = 3 ]
_result $? "the SRO's opens are recorded too"
h audit verify
expect_exit 0 "the chain verifies"

# --- export: nothing of it, for anyone ----------------------------------------

for who in h hb; do
	"$who" export all --out "$TEST_DIR/out-$who"
	expect_exit 0 "$who: export all"
	check "$who: the other one is exported" grep -rqi 'certificate' \
	    "$TEST_DIR/out-$who"
	check "$who: export all writes nothing of it" sh -c \
	    "! grep -rqi -e zeroday -e SEC-2026-002 '$TEST_DIR/out-$who'"
done

# --- naming people -------------------------------------------------------------

hl incident access SEC-2026-002 add bob
expect_exit 0
expect_out '^SEC-2026-002: bob named$'
hb incident show SEC-2026-002
expect_exit 0 "named, bob sees it"
hb incident list --search zeroday
expect_out '^SEC-2026-002 ' "named, bob finds it"
hb incident access SEC-2026-002 add vic
expect_exit 6 "bob did not open it: he may not name others"
expect_err 'bob cannot name people on SEC-2026-002'
hl incident access SEC-2026-002 add bob
expect_exit 5
expect_err 'bob is already named on SEC-2026-002'
hl incident access SEC-2026-002 add nobody
expect_exit 4
expect_err 'login nobody: no such herald user'
hl incident access SEC-2026-002 invite vic
expect_exit 2
expect_err 'use add LOGIN or remove LOGIN'
hl incident list --search "zeroday" --limit 1 --json
[ "$(json_get 'len(d)')" = 1 ]
_result $? "--search with --limit"
hl incident list --search "e" --limit 1 --json
[ "$(json_get 'len(d)')" = 1 ]
_result $? "--search stops at --limit"
hl incident list --search "e" --json
[ "$(json_get '[i["id"] for i in d]')" = '["SEC-2026-002", "SEC-2026-001"]' ]
_result $? "--search: newest opened first"
hl incident access SEC-2026-002 --json
expect_exit 0
[ "$(json_get '[u["login"] for u in d]')" = '["approver-legal-1", "bob", "lena"]' ]
_result $? "access --json: the approver, bob and lena"
hs incident access SEC-2026-002 remove bob
expect_exit 0
expect_out '^SEC-2026-002: bob no longer named$'
hb incident show SEC-2026-002
expect_exit 6 "taken off, bob is refused again"
hidden_from hb
hs incident access SEC-2026-002 remove bob
expect_exit 4
expect_err 'bob is not named on SEC-2026-002'
[ "$(audit_n incident.access-grant "")" = 3 ] &&
    [ "$(audit_n incident.access-revoke sam)" = 1 ]
_result $? "naming and taking off are audited"

# --- embargo: refusals, then lifting ------------------------------------------

hl incident embargo SEC-2026-002
expect_exit 2 "embargo needs --until or --lift"
hl incident embargo SEC-2026-002 --until 2026-04-01 --lift
expect_exit 2 "not both"
hl incident embargo SEC-2026-002 --until yesterday
expect_exit 3
expect_err 'until'
hl incident embargo SEC-2026-002 --until 2026-02-01T00:00:00Z
expect_exit 3
expect_err '^herald: until: 2026-02-01T00:00:00Z has passed'
hv incident embargo SEC-2026-001 --until 2026-04-01
expect_exit 6 "an approver may not set an embargo"
hl incident embargo SEC-2026-002 --lift
expect_exit 0
expect_out '^SEC-2026-002: no embargo$'
[ "$(count "SELECT count(*) FROM audit WHERE action = 'incident.embargo'
    AND detail = '{\"from\":\"2026-03-10T00:00:00Z\",\"to\":null}'")" = 1 ]
_result $? "lifting is audited"
before=$(audit_n incident.access "")
hb incident show SEC-2026-002
expect_exit 0 "lifted: bob sees it"
expect_out '^Title: +Zeroday in the licence server$'
expect_no_out '^Named:'
hb incident list --search zeroday
expect_out '^SEC-2026-002 ' "lifted: bob's search finds it"
hv comm list --json
[ "$(json_get 'len(d)')" = 4 ]
_result $? "lifted: vic's comm list has all four"
hv check --json
expect_out 'SEC-2026-002' "lifted: its clock shows"
[ "$(audit_n incident.access "")" = "$before" ]
_result $? "lifted: opens need no audit row"
hb export all --out "$TEST_DIR/out-lifted"
expect_exit 0
check "lifted: the export has it" grep -rqi zeroday "$TEST_DIR/out-lifted"

# --- an embargo set later, and its time passing -------------------------------

hb incident embargo SEC-2026-001 --until 2026-03-20T12:00:00+01:00
expect_exit 0
expect_out '^SEC-2026-001: under embargo until 2026-03-20 11:00 UTC$'
hb incident access SEC-2026-001
expect_exit 0
[ "$(tr '\n' ' ' <"$OUT")" = "bob lena " ]
_result $? "whoever sets it and whoever opened it are named"
hv incident show SEC-2026-001
expect_exit 6 "vic may no longer see SEC-2026-001"
hv incident list
expect_no_out 'SEC-2026-001' "nor find it"
later vic incident show SEC-2026-001
expect_exit 0 "once the embargo has passed, vic sees it"
later vic incident list
expect_out '^SEC-2026-001 ' "and lists it"
later vic check --json
expect_out 'SEC-2026-001' "and its clocks"

h audit verify
expect_exit 0 "the chain still verifies"
finish
