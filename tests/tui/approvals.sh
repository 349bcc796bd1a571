#!/bin/sh
# tests/tui/approvals.sh - approvals in the console, on the demo database:
# an author sends a draft for review; an approver sees it waiting (on the
# home screen and with W), reads it in full and approves; the author
# edits it and the approval goes stale; the approver sees what changed
# word by word, is refused on words changed while reading, and approves
# again; a second approver rejects it (a comment is required) and the
# author finds the comment on the home screen, the incident and the
# runner.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup
demo_copy approvals

# run LOGIN ARGS...: herald as LOGIN on the database; output in $TT_DIR/out.
run() {
	tt_who=$1
	shift
	"$HERALD" --db "$DB" --as "$tt_who" "$@" >"$TT_DIR/out" 2>&1 ||
	    { note_stdin <"$TT_DIR/out"; return 1; }
}

# bilal's draft advisory about SEC-2026-007, with every step before its
# gates done on the command line.
COMM=$("$HERALD" --db "$DB" comm list SEC-2026-007 |
    awk '/Atlas Admin Console: stored XSS/ { print $1; exit }')
check "the demo has bilal's draft advisory about SEC-2026-007" test -n "$COMM"
for step in summary impact remedy context; do
	run bilal comm done "$COMM" "$step" || bail "bilal marks $step done"
done
run bilal comm set "$COMM" review "versions, cves, embargo, plain" &&
    run bilal comm done "$COMM" review || bail "bilal ticks the checklist"

# The author sends it for review in the runner.
start author 80 24 -- --db "$DB" --as bilal
keys I
expect_row 0 "herald › Incidents"
move_to "SEC-2026-007"
keys Enter
expect_row 0 "herald › Incident " "Enter opens the incident"
keys Tab Tab
move_to "Atlas Admin Console: stored XSS in audit view"
keys Enter
expect_row 0 "herald › Playbook"
keys S
expect_row 2 "in review" "S sends it for review"

# The security approver sees it waiting: on the home screen, then with W.
start sora 80 24 -- --db "$DB" --as sora
expect_row 2 "Approvals" "an approver's home screen starts with approvals"
expect "Waiting for me: 2 (W lists them)" \
    "the tile counts what waits (the demo's SEC-2026-006 too)"
expect "SEC-2026-007  security-approval  Atlas Admin Console"
keys W
expect_row 0 "herald › Waiting for me" "W opens what waits for me"
expect "2 waiting for your decision, the most urgent first"
expect_row 3 "SEC-2026-006  advisory: Beacon SDK 2" \
    "the most urgent first: its clock is overdue"
move_to "SEC-2026-007  advisory: Atlas Admin Console: stored XSS" \
    "the item names its incident and title"
expect "security-approval as approver:security  due 2026-03-02 00:00" \
    "the gate, the role and the clock's due time"
check "[sora] not flagged as changed before any approval" \
    tt_lacks "changed since approved"

# Reading it: the gates, the clocks, and every output in full.
keys Enter
expect_row 0 "herald › Approval" "Enter reads the item"
expect "You decide Security approval (security-approval) as approver:security" \
    "the screen says which gate the approver decides"
expect "Clock medium: 12 h left, due 2026-03-02 00:00 UTC" "with its clocks"
expect "Security approval (security-approval): waiting for approver:security" \
    "each gate's state"
expect "Legal approval (legal-approval): waiting for approver:legal"
keys /
type_text "Output 2/"
keys Enter
expect "Output 2/6: Atom feed entry (atom)" "every output of the variant follows"
expect "<title>Brightwater Systems security</title>" "in full, as it goes out"
check "[sora] no diff before any approval" tt_lacks "Changed since"
keys p
expect_row 0 "herald › Preview" "p opens the preview"
keys q
expect_row 0 "herald › Approval"

# a asks for an optional comment; Esc decides nothing.
keys a
expect_row 23 "Approve as approver:security? Comment (optional), Enter:"
keys Escape
expect_row 23 "Nothing decided"
keys a
type_text "CVSS checked"
keys Enter
expect_row 23 "Approved #$COMM security-approval; other gates wait" \
    "a approves; the status line says what is left"
expect_row 0 "herald › Waiting for me" "and goes back to the list"
expect "1 waiting for your decision" "which no longer holds it"
check "[sora] SEC-2026-007 no longer waits for sora" tt_lacks "SEC-2026-007"

# The author edits the plain-language summary: the approval goes stale.
use author
keys g Enter Tab Tab C-u
type_text "A flaw lets a user trick an admin's browser. An update is coming."
expect "Plain-language summary *  (editing)" "the author edits the summary"
keys Tab
expect_row 23 "Plain-language summary saved; 1 approval now stale" \
    "saving an approved answer says the approval is stale"
keys Escape
expect_row 2 "in review" "it stays in review"
keys g
move_to "Security approval"
expect "stale: Sora Tanaka" "the gate says who must look again"
expect "sora approved, stale: CVSS checked" "the stale approval is marked so"

# The approver sees it waiting again, changed since approved; the diff.
use sora
expect "changed since approved" "the list flags it changed since approved"
move_to "SEC-2026-007"
keys Enter
expect_row 0 "herald › Approval"
expect "stale: Sora Tanaka" "the gate is stale"
expect "2026-03-01 12:00; stale: the words changed since" \
    "the old decision is marked stale"
keys /
type_text "could let"
keys Enter
expect "Changed since Sora Tanaka (田中空) approved it on 2026-03-01 12:00" \
    "a diff since that approval"
expect "  Advisory page (html)" "output by output"
expect "A flaw [-could let-]{+lets+} a user trick" \
    "word by word, marked [-deleted-] and {+inserted+}"
expect "(13 unchanged lines)" "unchanged lines are summed up"

# Changed again while it is being read: the screen says so, and a
# decision on the words read is refused as a conflict.
run bilal comm set "$COMM" customer-actions \
    "Upgrade to 2026.1.9 when it ships." || bail "bilal edits again"
expect "Someone changed it since you opened it" \
    "the screen notices the words changed"
keys a Enter
expect_row 23 "changed since you read it" "approving old words is refused"
expect_not "Someone changed it since you opened it" "and the new words show"
keys g
expect "Content " "back at the top"
keys a Enter
expect_row 23 "Approved #$COMM security-approval; other gates wait" \
    "approving the new words works"
keys Q
expect_exit

# The legal approver rejects it: a comment is required.
start lena 80 24 -- --db "$DB" --as lena
keys W
expect_row 0 "herald › Waiting for me"
move_to "SEC-2026-007"
keys Enter
expect "You decide Legal approval (legal-approval) as approver:legal"
keys r
expect_row 23 "Reject as approver:legal: why? (the author reads it)"
keys Enter
expect_row 23 "say why you reject it" "a rejection without a comment is refused"
keys r
type_text "Say which versions are fixed"
keys Enter
expect_row 23 "Rejected #$COMM: back to its author as a draft" \
    "r rejects with the comment"
keys Q
expect_exit

# The author sees it returned, with the comment: home, incident, runner.
use author
expect_row 2 "draft" "the runner shows it a draft again"
expect "! Returned by lena (approver:legal): Say which versions are fixed" \
    "the runner's header shows the comment"
keys H
expect_row 0 "herald › Home"
expect "Returned to you: SEC-2026-007 advisory — Lena Fischer:" \
    "the home screen shows the rejection"
expect "     Say which versions are fixed" "and its comment below it"
keys I
move_to "SEC-2026-007"
keys Enter
keys Tab Tab
expect "Returned   to draft by lena (approver:legal) 2026-03-01 12:00: Say" \
    "the incident shows the rejection first"
expect "rev 1, stale: the words changed since" \
    "and the approval made before the edit as stale"
keys Q
expect_exit

# What the console did is in the audit chain.
"$HERALD" --db "$DB" audit log --limit 0 >"$TT_DIR/audit.txt" ||
    bail "herald audit log"
check "three decisions recorded" \
    test "$(grep -c "approval\.record *communication:$COMM " "$TT_DIR/audit.txt")" -eq 3
check "the edit made sora's approval stale, audited" \
    grep -q "approval\.stale *communication:$COMM " "$TT_DIR/audit.txt"
"$HERALD" --db "$DB" comm gates "$COMM" >"$TT_DIR/gates.txt" 2>&1
check "the rejection keeps its comment" \
    grep -q "Say which versions are fixed" "$TT_DIR/gates.txt"

finish
