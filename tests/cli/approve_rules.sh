#!/bin/sh
# tests/cli/approve_rules.sh - the approval rules tried from the outside,
# the ways tests/cli/approve.sh and tests/cli/embargo.sh do not walk: a
# communication reaches "approved" and "published" only with every gate
# satisfied at its content now, whatever moved it (a state, an approval
# or an affected product written behind herald's back, an answer changed
# after the approval, a template imported again, a sibling published, its
# playbook's file changed); whoever edited a revision (started it, started
# its update, set an answer, an admin too) does not approve it, unless
# the gate allows its author; one person counts once; an approval edited,
# forged or deleted behind herald's back shows in audit verify; an
# embargoed incident shows nothing of itself, nor of its communications,
# to people not named on it, in any command, until the embargo is lifted
# or over.
. "$top_srcdir/tests/lib.sh"

have python3 || skip_all "python3 is not installed"

test_db
# later LOGIN ARGS...: as LOGIN on 21 March, when every embargo here is
# over.
later()
{
	_as=$1
	shift
	run env HERALD_NOW=2026-03-21T00:00:00Z "$HERALD" --db "$db" --as "$_as" \
	    "$@"
}
# sql DB STATEMENT...: the statements run on DB behind herald's back; the
# last one's rows printed, "|"-separated.
sql()
{
	python3 - "$@" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = []
for stmt in sys.argv[2:]:
    rows = c.execute(stmt).fetchall()
c.commit()
for r in rows:
    print("|".join(str(x) for x in r))
EOF
}
# copy_db TO: a consistent copy of $db at TO (made again if there).
copy_db()
{
	rm -f "$1" "$1-wal" "$1-shm"
	python3 - "$db" "$1" <<'EOF'
import sqlite3, sys
src, dst = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
src.backup(dst)
dst.close()
EOF
}
# gates ID EXPR: the Python expression EXPR over comm gates ID --json (d).
gates()
{
	h comm gates "$1" --json
	json_get "$2"
}
# is DESC GOT WANT: pass when GOT is WANT.
is()
{
	_last="(the check's own: $1)"
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1 (got $2, want $3)"
	fi
}
# agree ID DESC: the state of communication ID and its gates agree: it
# is approved exactly when every gate is satisfied at its content now.
agree()
{
	is "$2" "$(gates "$1" '(d["state"] == "approved") == d["satisfied"]')" \
	    true
}

h user grant ada author
expect_exit 0
h user add bob --role author
h user add lena --role approver:legal
h user add lars --role approver:legal
h user add pia --role approver:pr
h user add sven --role approver:security
h user add omni --role approver:legal --role approver:pr
# mixed writes and approves: only their edits stop them.
h user add mixed --role author --role approver:legal --role approver:security
h user add olga --role sro
expect_exit 0
# What an export needs, set before anything is approved.
export_settings

pbdir=$(playbook_dir)
cp "$top_srcdir/tests/fixtures/playbooks/quorum.yaml" "$pbdir/test-quorum.yaml"
# A gate for legal, and one for security that the author may decide; a
# title, a summary, and notes that reach no output (internal only).
cat >"$pbdir/test-sod.yaml" <<'EOF'
playbook: test-sod
version: "1"
title: Separation of duties
kind: advisory
audience: public
steps:
  - id: facts
    kind: form
    title: The facts
    fields:
      - id: title
        type: text
        label: Title
      - id: summary
        type: text
        label: Summary
        required: true
      - id: notes
        type: text
        label: Notes for staff
        internal: true
  - id: legal
    kind: gate
    title: Legal
    roles: [approver:legal]
  - id: own
    kind: gate
    title: Security, its author may decide
    allow-author: true
    roles: [approver:security]
  - id: send
    kind: publish
    title: Publish
    channels: [web]
outputs:
  - id: web
    format: markdown
    title: Web page
EOF

# new_comm PLAYBOOK TEXT [WRITER [STARTER]]: WRITER (bob) opens an
# incident TEXT, STARTER (WRITER) starts a communication of PLAYBOOK about
# it, WRITER sets its summary to TEXT and sends it for review; sets ref
# and id.
new_comm()
{
	_w=${3:-bob}
	as "$_w" incident new --title "$2" --trigger vulnerability --severity high
	ref=$(cat "$OUT")
	as "${4:-$_w}" comm new "$ref" --playbook "$1"
	id=$(awk 'NR == 1 { print $1 }' "$OUT")
	as "$_w" comm set "$id" summary "$2"
	as "$_w" comm done "$id" facts
	as "$_w" comm submit "$id"
	expect_exit 0 "$2: in review"
}
# sod_approved TEXT: a test-sod communication, approved by lena (legal)
# and sven (security); sets ref and id.
sod_approved()
{
	new_comm test-sod "$1"
	as lena approve "$id"
	expect_exit 0
	as sven approve "$id"
	expect_exit 0
	expect_out "^$id: approved, revision 1$" "$1: approved"
}

# === approved and published only through the gates ===========================

# --- a state written behind herald's back --------------------------------------
new_comm test-quorum "Approved by hand in the database"
sql "$db" "UPDATE communications SET state = 'approved' WHERE id = $id"
as bob comm publish "$id"
expect_exit 3 "approved by SQL: publishing is refused"
expect_err "communication $id cannot be published: gate legal-pr is waiting for approver:legal \(0 of 2\); gate security is waiting for approver:security \(0 of 1\)"
is "approved by SQL: not published" "$(gates "$id" 'd["state"]')" approved
[ "$(sql "$db" "SELECT count(*) FROM revisions WHERE communication_id = $id
    AND published_at IS NOT NULL")" = 0 ] &&
    pass "approved by SQL: no revision was published" ||
    fail "approved by SQL: no revision was published"

# --- approvals written behind herald's back ------------------------------------
# Forged rows at the right hash count for the policy (it reads the
# table); audit verify names each of them, before and after.
new_comm test-quorum "Approvals forged in the database"
forged=$id
h comm hash "$forged"
fhash=$(cat "$OUT")
t="$TEST_DIR/forged.db"
copy_db "$t"
for a in "legal-pr lena approver:legal" "legal-pr lars approver:legal" \
    "legal-pr pia approver:pr" "security sven approver:security"; do
	set -- $a
	sql "$t" "INSERT INTO approvals (communication_id, revision, gate,
	    approver_id, role, decision, content_hash, snapshot, decided_at)
	    SELECT $forged, 1, '$1', id, '$3', 'approved', '$fhash', '{}',
	    '2026-03-01T12:00:00Z' FROM users WHERE login = '$2'"
done
run herald --db "$t" audit verify
expect_exit 11 "forged approvals: audit verify fails"
[ "$(grep -c 'not in the audit chain (forged)' "$OUT")" = 4 ] &&
    pass "forged approvals: audit verify names all four" ||
    fail "forged approvals: audit verify names all four"
# With its state written too, does it go out?
sql "$t" "UPDATE communications SET state = 'approved' WHERE id = $forged"
run herald --db "$t" --as bob comm publish "$forged"
note "publishing on four forged approvals: exit $rc: $(cat "$ERR" "$OUT" | head -n 1)"
run herald --db "$t" audit verify
expect_exit 11 "forged approvals: audit verify still fails after the publish attempt"

# A rejection turned into an approval, an approval moved to the hash now
# after an edit, a rejection deleted: each shows.
new_comm test-sod "Decisions edited in the database"
tampered=$id
as lena approve "$tampered"
expect_exit 0
as sven reject "$tampered" --comment "Say which versions."
expect_exit 0
as bob comm set "$tampered" summary "Decisions edited, versions named"
as bob comm done "$tampered" facts
as bob comm submit "$tampered"
expect_exit 0
is "after the edit, lena's approval is stale" \
    "$(gates "$tampered" '[(a["approver"], a["decision"], a["stale"]) for a in d["decisions"]]')" \
    '[["lena", "approved", true], ["sven", "rejected", true]]'
h comm hash "$tampered"
thash=$(cat "$OUT")
copy_db "$t"
sql "$t" "UPDATE approvals SET content_hash = '$thash' WHERE decision = 'approved'
    AND communication_id = $tampered"
run herald --db "$t" --as ada comm gates "$tampered" --json
[ "$(json_get 'd["gates"][0]["state"]')" = passed ] &&
    note "the policy counts an approval whose hash was rewritten (audit verify catches it)"
run herald --db "$t" audit verify
expect_exit 11 "an approval's content hash rewritten: audit verify fails"
expect_out '^  approval [0-9]+: edited after it was recorded'
copy_db "$t"
sql "$t" "UPDATE approvals SET decision = 'approved', comment = ''
    WHERE decision = 'rejected' AND communication_id = $tampered"
run herald --db "$t" audit verify
expect_exit 11 "a rejection turned into an approval: audit verify fails"
expect_out '^  approval [0-9]+: edited after it was recorded'
copy_db "$t"
sql "$t" "DELETE FROM approvals WHERE decision = 'rejected'
    AND communication_id = $tampered"
run herald --db "$t" audit verify
expect_exit 11 "a rejection deleted: audit verify fails"
expect_out '^  approval [0-9]+: deleted'

# --- an answer changed after the communication was approved --------------------
sod_approved "Edited once approved"
edited=$id
h comm hash "$edited"
ehash=$(cat "$OUT")
h audit log --subject "communication:$edited" --limit 0 --json
stale0=$(json_get 'sum(1 for r in d if r["action"] == "approval.stale")')
as bob comm set "$edited" summary "Edited once approved, and again"
expect_exit 0
is "an edit of an approved one puts it back in review" \
    "$(gates "$edited" 'd["state"], d["satisfied"]')" "('in-review', False)"
h audit log --subject "communication:$edited" --limit 0 --json
is "the edit has its approval.stale row" \
    "$(json_get 'sum(1 for r in d if r["action"] == "approval.stale")')" \
    $((stale0 + 1))
as bob comm publish "$edited"
expect_exit 3 "edited after approval: publishing is refused"
expect_err "gate legal is stale since an edit: lena must approve again"
expect_err "gate own is stale since an edit: sven must approve again"
as lena approvals
expect_out "^$ref +$edited +advisory +legal +approver:legal " \
    "edited after approval: lena sees it waiting again"
# Back to the exact words approved: the approvals hold again.
as bob comm set "$edited" summary "Edited once approved"
expect_exit 0
h comm hash "$edited"
is "the words approved give the hash approved" "$(cat "$OUT")" "$ehash"
is "back to the approved words: approved again" \
    "$(gates "$edited" 'd["state"], d["satisfied"]')" "('approved', True)"
as bob comm publish "$edited"
expect_exit 0 "back to the approved words: published"

# --- an approver who edits a field that reaches no output ---------------------
# mixed approves legal, then edits the staff notes: the words going out
# are the same, but mixed is now an editor of the revision, whose
# approval no longer counts.
new_comm test-sod "Notes edited by an approver"
noted=$id
as mixed approve "$noted" --gate legal
expect_exit 0
as sven approve "$noted"
expect_exit 0
expect_out "^$noted: approved, revision 1$"
h comm hash "$noted"
nhash=$(cat "$OUT")
as mixed comm set "$noted" notes "Call the customer first."
expect_exit 0
h comm hash "$noted"
is "internal notes do not move the hash" "$(cat "$OUT")" "$nhash"
is "mixed's approval no longer counts: gate legal waits" \
    "$(gates "$noted" 'd["gates"][0]["state"]')" waiting
as bob comm publish "$noted"
expect_exit 3 "mixed's approval no longer counts: publishing is refused"
# The edit does not move the hash, but the state follows the gates: with
# its legal gate waiting it is back in review, where others may decide.
agree "$noted" "notes edited by an approver: approved only while every gate is satisfied"
as lars approve "$noted"
expect_exit 0 "notes edited by an approver: another legal approver may decide it"

# --- the outputs' template imported again with other words --------------------
sod_approved "Template changed once approved"
tpl=$id
h comm hash "$tpl"
thash=$(cat "$OUT")
tdir="$XDG_CONFIG_HOME/herald/templates"
mkdir -p "$tdir"
{
	cat "$top_srcdir/share/templates/advisory.md"
	echo "Fixed words nobody approved."
} >"$tdir/advisory.md"
h template import
expect_exit 0
h comm hash "$tpl"
[ "$(cat "$OUT")" != "$thash" ] && pass "the new template moves the hash" ||
    fail "the new template moves the hash"
h comm preview "$tpl"
expect_out 'Fixed words nobody approved' "the preview has the new words"
as bob comm publish "$tpl"
expect_exit 3 "template changed: publishing is refused"
expect_err "gate legal is stale since an edit: lena must approve again"
# A template import is no edit of the communication, yet its gates are
# stale: it goes back in review, into lena's approvals, not left
# "approved" waiting for someone who could not act.
agree "$tpl" "template changed: approved only while every gate is satisfied"
as lena approvals
expect_out "^$ref +$tpl +advisory +legal +approver:legal " \
    "template changed: lena sees it waiting again"
as lena approve "$tpl"
expect_exit 0 "template changed: lena may approve the new words"

# --- a sibling published: the related links move the hash ---------------------
sod_approved "Sibling published"
first=$id
sibref=$ref
as bob comm new "$sibref" --playbook test-sod --title "Sibling notice"
sibling=$(awk 'NR == 1 { print $1 }' "$OUT")
as bob comm set "$sibling" summary "The sibling"
as bob comm done "$sibling" facts
as bob comm submit "$sibling"
as lena approve "$sibling"
as sven approve "$sibling"
as bob comm publish "$sibling"
expect_exit 0 "the sibling is published"
as bob comm publish "$first"
expect_exit 3 "sibling published: the first may not go out on stale approvals"
expect_err "gate legal is stale since an edit: lena must approve again"
# As with a template, it goes back in review.
agree "$first" "sibling published: approved only while every gate is satisfied"

# --- an affected product added behind herald's back ---------------------------
sod_approved "Products changed once approved"
prod_comm=$id
h comm hash "$prod_comm"
phash=$(cat "$OUT")
sql "$db" "INSERT INTO products (slug, name, created_at, updated_at)
    VALUES ('gw', 'Gateway', '2026-03-01T12:00:00Z', '2026-03-01T12:00:00Z')" \
    "INSERT INTO affected (incident_id, product_id, version_range, status)
    SELECT i.id, p.id, '<2.0', 'known_affected' FROM incidents i, products p
    WHERE i.ref = '$ref' AND p.slug = 'gw'"
h comm hash "$prod_comm"
[ "$(cat "$OUT")" != "$phash" ] && pass "an affected product moves the hash" ||
    fail "an affected product moves the hash"
as bob comm publish "$prod_comm"
expect_exit 3 "products changed: publishing is refused"
expect_err "gate legal is stale since an edit: lena must approve again"

# --- the playbook's file changed after the communication started --------------
# The communication keeps the playbook it started with: its gates stand.
as mixed incident new --title "Playbook file changed" --trigger vulnerability \
    --severity high
ref=$(cat "$OUT")
as mixed comm new "$ref" --playbook test-quorum
pbc=$(awk 'NR == 1 { print $1 }' "$OUT")
as mixed comm set "$pbc" summary "Playbook file changed"
as mixed comm done "$pbc" facts
sed -e 's/^    ordered: true$/    allow-author: true/' \
    -e 's/^        count: 2$/        count: 1/' \
    "$top_srcdir/tests/fixtures/playbooks/quorum.yaml" |
    awk '/^  - id: security$/ { skip = 4 } skip > 0 { skip--; next } { print }' \
    >"$pbdir/test-quorum.yaml"
if grep -q 'allow-author: true' "$pbdir/test-quorum.yaml" &&
    ! grep -q 'id: security' "$pbdir/test-quorum.yaml"; then
	pass "the file now has one gate its author may decide"
else
	fail "the file now has one gate its author may decide"
fi
# A communication started now takes the file as it is (a playbook is
# stored by its hash), and that does not touch the first one's.
as bob comm new "$ref" --playbook test-quorum
expect_exit 0
pbnew=$(awk 'NR == 1 { print $1 }' "$OUT")
is "one started now has the file's one gate" \
    "$(gates "$pbnew" '[(g["id"], g["allow_author"]) for g in d["gates"]]')" \
    '[["legal-pr", true]]'
as mixed comm submit "$pbc"
expect_exit 0
is "the stored playbook's gates stand" \
    "$(gates "$pbc" '[(g["id"], [(r["role"], r["need"]) for r in g["roles"]]) for g in d["gates"]]')" \
    '[["legal-pr", [["approver:legal", 2], ["approver:pr", 1]]], ["security", [["approver:security", 1]]]]'
as mixed approve "$pbc" --gate legal-pr
expect_exit 6 "the file's allow-author does not let mixed approve"
expect_err 'mixed edited this revision, so cannot approve it'
as lena approve "$pbc"
as bob comm publish "$pbc"
expect_exit 3 "the file's one gate does not let it go out"
cp "$top_srcdir/tests/fixtures/playbooks/quorum.yaml" "$pbdir/test-quorum.yaml"

# === separation of duties ======================================================

# Who started it: mixed starts, bob writes every word.
new_comm test-sod "Started by an approver" bob mixed
sod=$id
as mixed approve "$sod" --gate legal
expect_exit 6 "whoever started it does not approve it"
expect_err '^herald: mixed edited this revision, so cannot approve it: gate legal is decided by someone who did not edit it$'
as mixed reject "$sod" --gate legal --comment "No."
expect_exit 6 "nor reject it"
expect_err 'mixed edited this revision, so cannot reject it'
# The gate that allows its author: mixed may decide that one, and it is
# the one waiting for them.
as mixed approvals --json
is "mixed waits on the gate that allows its author only" \
    "$(json_get '[w["gate"] for w in d if w["id"] == '"$sod"']')" '["own"]'
# An admin is no exception: ada, also a legal approver, sets the notes.
h user grant ada approver:legal
expect_exit 0
h comm set "$sod" notes "Checked with support."
expect_exit 0
h approve "$sod" --gate legal
expect_exit 6 "an admin who edited does not approve it"
expect_err '^herald: ada edited this revision'
as mixed approve "$sod" --gate own
expect_exit 0 "allow-author: whoever started it may approve that gate"
as lena approve "$sod"
expect_exit 0
expect_out "^$sod: approved, revision 1$"
as bob comm publish "$sod"
expect_exit 0

# An update: whoever starts it edited revision 2; revision 1's approvals
# do not carry over.
as mixed comm update "$sod" --reason new-facts
expect_exit 0
as bob comm done "$sod" facts
as bob comm submit "$sod"
expect_exit 0
is "revision 2: nothing approved yet" \
    "$(gates "$sod" 'd["revision"], [g["state"] for g in d["gates"]], len(d["decisions"])')" \
    "(2, ['waiting', 'waiting'], 0)"
as mixed approve "$sod" --gate legal
expect_exit 6 "whoever started the update does not approve it"
expect_err 'mixed edited this revision'
as lena approve "$sod"
expect_exit 0 "lena, who approved revision 1, approves revision 2"

# An approver who approved, then edits and edits back: the words are the
# ones approved, but the approval of an editor does not count.
new_comm test-sod "Approved, edited and edited back"
back=$id
as mixed approve "$back" --gate legal
expect_exit 0
as mixed comm set "$back" summary "Something else"
as mixed comm set "$back" summary "Approved, edited and edited back"
expect_exit 0
is "back to the words mixed approved: mixed's approval does not count" \
    "$(gates "$back" '[(r["need"], r["have"]) for r in d["gates"][0]["roles"]]')" \
    '[[1, 0]]'
as mixed approve "$back" --gate legal
expect_exit 6 "now an editor, mixed does not approve again"
as sven approve "$back"
expect_exit 0
is "still in review" "$(gates "$back" 'd["state"]')" in-review

# === one person counts once =====================================================

new_comm test-quorum "One person, two roles"
two=$id
as lena approve "$two"
as omni approve "$two" --gate legal-pr
expect_exit 0
expect_out "^Recorded: approved on gate legal-pr as approver:legal,"
as omni approve "$two" --gate legal-pr
expect_exit 6 "omni, legal and PR, does not approve the gate again as PR"
expect_err 'omni approved gate legal-pr of this content already \(approval [0-9]+, [^)]*\): nobody approves twice'
as pia approve "$two"
expect_exit 0
as olga approve "$two"
expect_exit 6 "the SRO decides no gate that does not name sro"
expect_err '^herald: olga holds none of the roles this communication.s gates ask for'
as olga approve "$two" --gate security
expect_exit 6
expect_err '^herald: olga does not hold approver:security, which gate security asks for$'
as olga reject "$two" --comment "Not like this."
expect_exit 6 "nor rejects one"
as sven approve "$two"
expect_exit 0
is "approved by lena, omni, pia and sven, each once" \
    "$(gates "$two" 'd["state"], [a["approver"] for a in d["decisions"]]')" \
    "('approved', ['lena', 'omni', 'pia', 'sven'])"

# === need to know ==================================================================
# Every word here that is the incident's or its communications' has
# "quokka", "wombat" or "numbat" in it; nothing any command shows bob (an
# author), val (a legal approver) or sam (no role), none of them named,
# may have it.
secret='quokka|wombat|numbat'
h user add val --role approver:legal
h user add vic --role approver:legal
h user add sam
expect_exit 0
h user add nora --role author
as nora incident new --title "Quokka hole in the licence vault" \
    --summary "Wombat keys are exposed" --trigger vulnerability \
    --severity critical --aware-at 2026-03-01T10:00:00Z \
    --embargo-until 2026-03-10T00:00:00Z
expect_exit 0
eref=$(cat "$OUT")
as nora comm new "$eref" --playbook test-sod --title "Numbat notice"
expect_exit 0
eid=$(awk 'NR == 1 { print $1 }' "$OUT")
as nora comm set "$eid" summary "Numbat words for the web"
as nora comm set "$eid" title "Numbat notice, retitled"
expect_exit 0
as nora incident access "$eref" add vic
expect_exit 0
as nora comm done "$eid" facts
as nora comm submit "$eid"
as vic reject "$eid" --comment "Numbat: name the versions"
expect_exit 0
as nora comm submit "$eid"
expect_exit 0
# One bob wrote before the embargo was set, sent back to him under it.
as nora incident new --title "Quokka second hole" --trigger vulnerability \
    --severity high
eref2=$(cat "$OUT")
as bob comm new "$eref2" --playbook test-sod --title "Numbat two"
eid2=$(awk 'NR == 1 { print $1 }' "$OUT")
as bob comm set "$eid2" summary "Numbat two words"
as bob comm done "$eid2" facts
as bob comm submit "$eid2"
expect_exit 0
as nora incident embargo "$eref2" --until 2026-03-10T00:00:00Z
expect_exit 0
as nora incident access "$eref2" add vic
as vic reject "$eid2" --comment "Numbat two: too vague"
expect_exit 0
as vic approvals
expect_out "^$eref +$eid +advisory +legal +approver:legal " \
    "vic, named, sees it waiting"

# blind WHO EXIT ARGS...: herald ARGS as WHO exits EXIT and shows nothing
# of the embargoed incidents, on stdout or stderr.
blind()
{
	_who=$1
	_want=$2
	shift 2
	as "$_who" "$@"
	[ "$rc" = "$_want" ] && ! grep -Eqi -- "$secret" "$OUT" "$ERR"
	_result $? "$_who $*: exit $_want, nothing of it shown"
}
for who in bob val sam; do
	blind "$who" 0 incident list
	blind "$who" 0 incident list --json
	blind "$who" 0 incident list --search quokka
	blind "$who" 0 incident list --search wombat --json
	blind "$who" 0 comm list
	blind "$who" 0 comm list --state in-review --json
	blind "$who" 0 comm list --state draft
	blind "$who" 6 comm show "$eid"
	blind "$who" 6 comm show "$eid2" --json
	blind "$who" 6 comm preview "$eid"
	blind "$who" 6 comm preview "$eid" --list
	blind "$who" 6 comm gates "$eid"
	blind "$who" 6 comm gates "$eid" --json
	blind "$who" 6 comm hash "$eid"
	blind "$who" 6 comm hash "$eid" --canonical
	blind "$who" 6 comm diff "$eid"
	blind "$who" 6 comm revisions "$eid"
	blind "$who" 6 comm list "$eref"
	blind "$who" 6 incident show "$eref"
	blind "$who" 0 approvals
	blind "$who" 0 approvals --json
	blind "$who" 0 approvals --returned
	blind "$who" 0 approvals --returned --json
	blind "$who" 6 approve "$eid"
	blind "$who" 6 approve "$eid" --gate legal
	blind "$who" 6 reject "$eid" --comment "Let me see."
	blind "$who" 0 check
	blind "$who" 0 check --json
	blind "$who" 6 audit log --subject "$eref"
done
blind bob 6 comm new "$eref" --playbook test-sod
blind bob 6 comm submit "$eid2"
blind bob 6 comm set "$eid2" summary "Still mine"
blind bob 6 comm publish "$eid"
# What val and bob were refused is in the audit chain.
is "each of val's 16 refusals is in the audit chain" \
    "$(sql "$db" "SELECT count(*) FROM audit WHERE action = 'incident.access-denied'
    AND actor = (SELECT 'user:' || id FROM users WHERE login = 'val')")" 16
as bob export all --out "$TEST_DIR/out-bob"
expect_exit 0
check "bob's export has what was published" grep -rq "Edited once approved" \
    "$TEST_DIR/out-bob"
check "bob's export has nothing of them" sh -c \
    "! grep -rqiE '$secret' '$TEST_DIR/out-bob'"
# `herald audit log` needs no role, so the chain holds no free text: a
# new title and an approver's comment are there by hash only (or not at
# all), and nothing of an incident bob is not named on shows.
for who in bob val; do
	blind "$who" 0 audit log --limit 0
	blind "$who" 0 audit log --limit 0 --json
	blind "$who" 0 audit log --subject "communication:$eid"
done
# The SRO sees it, as do admins.
as olga incident list --search quokka
expect_out "^$eref " "the SRO finds it"
as olga comm gates "$eid"
expect_exit 0

# The embargo's time passes: everyone sees it, val may decide it.
later val approvals
expect_out "^$eref +$eid +advisory +legal +approver:legal " \
    "embargo over: val sees it waiting"
later bob incident list --search quokka
expect_out "^$eref " "embargo over: bob finds it"
later bob approvals --returned
expect_out "^$eref2 +$eid2 +Numbat two$" \
    "embargo over: bob sees his draft sent back"
# Lifted: the same, today.
as val approvals
expect_no_out "$eref" "before the lift, val still sees nothing"
as nora incident embargo "$eref" --lift
expect_exit 0
as val approvals
expect_out "^$eref +$eid +advisory +legal +approver:legal " \
    "lifted: val sees it waiting"
as val approve "$eid"
expect_exit 0 "lifted: val approves it"
as bob comm show "$eid"
expect_exit 0
expect_out 'Numbat notice, retitled' "lifted: bob reads it"
as bob approvals --returned
expect_no_out "$eref2" "the other one is still under embargo"

# === who acts =======================================================================

prod="$TEST_DIR/prod.db"
run herald --db "$prod" init
expect_exit 0
run herald --db "$prod" settings set purpose test
expect_exit 3 "a production database cannot be made a test one"
for cmd in "comm publish 1" "comm gates 1" "reject 1 --comment no" \
    "approvals --returned"; do
	run herald --db "$prod" --as ada $cmd
	expect_exit 6 "--as ada $cmd on a production database: refused"
	expect_err '^herald: --as is refused'
done
run herald --db "$db" --as ghost reject "$two" --comment "Who am I?"
expect_exit 6 "an unknown login rejects nothing"
expect_err '^herald: ghost is not a herald user here'
run herald --db "$db" --as ghost comm publish "$two"
expect_exit 6 "an unknown login publishes nothing"
is "still approved, unpublished" "$(gates "$two" 'd["state"]')" approved

h audit verify
expect_exit 0 "the chain verifies"
finish
