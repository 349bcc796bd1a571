#!/bin/sh
# tests/tui/runner.sh - the playbook runner as a person uses it: start a
# communication from an incident with c, fill the fields, see why a bad
# e-mail, web address or date is refused, see a step refused until it is
# valid, mark steps done, send it for review, preview it.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

# A playbook of the person's own, with one field of each kind typed in the
# runner.
use_playbook advisory-drill

# Long text comes from this "editor".
fake_editor 'Written in the editor.\n'

start runner 80 24 "EDITOR=$ED"
start_comm advisory-drill
expect_row 1 "Advisory drill" "the header shows the title"
expect_row 2 "advisory" "the kind"
expect_row 2 "draft" "the state"
expect_row 2 "rev 1" "and the revision"
expect_selected "The facts" "the first step is selected"
expect "Headline *" "required fields are marked"

# A step cannot be marked done while a required field is empty.
keys d
expect_row 23 "Headline" "d on an unfinished step says which field is missing"
expect_not "✓ The facts"

# Into the form: type, Tab saves and moves on.
keys Enter
expect "One line that says what is wrong." "the focused field shows its help"
type_text "Drill: admin API check"
expect "Drill: admin API check"
expect "Headline *  (editing)" "a field being typed is marked as being edited"
check "[runner] not alarmed while typing" tt_lacks "not saved"
keys Tab
expect_row 23 "Headline saved" "Tab saves the field being left"

# A bad e-mail address is refused with the reason, and kept to be fixed.
type_text "not-an-address"
keys Tab
expect_row 23 "is not an e-mail address" "a bad e-mail says why on the status line"
expect "Contact *  (not saved: the reason is below)" \
    "the refused text stays in its field, marked unsaved"
keys BTab
keys C-u
type_text "security@brightwater.example, psirt@brightwater.example"
keys Tab
expect_row 23 "Contact saved" "a good list saves"

# A bad web address.
type_text "brightwater dot example"
keys Tab
expect_row 23 "is not a web" "a bad URL says why on the status line"
expect "address (it contains a space)" "and under the field, in full"
keys BTab C-u
type_text "https://brightwater.example/sa/1"
keys Tab
expect_row 23 "Reference saved"

# A date that does not exist; then a good one, in local time.
expect "in UTC, +00:00" "a date's hint names the zone in effect"
type_text "2026-02-30 10:00"
keys Tab
expect_row 23 "2026-02-30 is not a date" "a bad date says why"
expect "has 28 days)" "and under the field, in full"
keys BTab C-u
type_text "2026-03-02 09:00"
keys Tab
expect_row 23 "Embargo until saved"

# A choice cycles with Space; Tab saves it.
keys Space
expect "‹ low ›" "Space picks the first option"
keys Right
expect "‹ high ›" "Right goes to the next"
keys Tab
expect_row 23 "Impact saved"

# Plain language shows its reading ease as it is typed, and the warning
# below the threshold in full, wrapped to the form's width.
type_text "Notwithstanding institutional considerations, organizational responsibilities necessitate remediation."
expect "below 60: use shorter" "hard words warn as they are typed"
expect "│   words" "the warning wraps rather than being cut"
keys C-u
type_text "We fixed a bug. Please update now."
expect "reading ease" "the live Flesch score shows"
expect_not "below 60" "easy words do not warn"
keys Tab
expect_row 23 "Plain summary saved"

# Tab from the last field comes back to the first. Text that is refused
# there is not dropped by d: d says so and leaves the step as it is.
keys C-u
type_text "$(printf '%090d' 0)"
keys Tab
expect "Headline *  (not saved: the reason is below)" "an overlong headline is refused"
keys Escape d
expect_row 23 "Headline is not saved" "d refuses while typed text is not saved"
expect_not "✓ The facts" "and the step is not marked done"
# Refused, the focus moved on to Contact: Shift-Tab goes back.
keys Enter BTab C-u
type_text "Drill: admin API check"
keys Tab
expect_not "Headline *  (not saved" "the headline is as saved again"

# Back to the steps; the step is done now and the next one is selected.
keys Escape
keys d
expect "✓ The facts" "d marks a valid step done"
expect_selected "Before review" "and selects the next step"

# A checklist: S is refused while it is not ticked.
keys S
expect_row 23 "is not done" "S refuses while a step before the gate is not done"
keys Enter Space
expect "a: all  Enter: keep" "Space opens the checklist"
expect "Esc: cancel" "the list is wide enough for its whole hint"
keys a Enter
expect "2 of 2 ticked: proofread, links" "a ticks every item, Enter keeps them"
keys Escape d
expect "✓ Before review"
expect_selected "Approval" "the gate is next"

# Send for review.
keys S
expect_row 2 "in review" "S sends it for review; the header says so"
expect "… Approval" "the gate now waits for approval"

# ? lists the runner's own keys.
keys ?
expect "Keys on the Playbook screen"
keys G
expect "d                Mark the current step done" "help: d"
expect "S                Send the communication for review" "help: S"
expect "u                Start an update of a published communication" "help: u"
expect "m                Keep my text of a field someone saved first" "help: m"
expect "Space            Change a choice, or tick items in a list" "help: Space"
expect "Tab              Save this field and go to the next" "help: Tab"
keys q
expect_row 0 "herald › Playbook" "q closes help"

# The preview shows the answers as the reader gets them, through the
# advisory's page template.
keys p
expect "We fixed a bug. Please update now." "p previews the answers"
expect "template advisory.md v" "the preview names its template version"
keys q
expect_row 0 "herald › Playbook" "q comes back to the runner"
keys q
expect_row 0 "herald › Incident " "q goes back to the incident"
keys Q
expect_exit

# What the console did is in the audit chain: one row per answer saved
# (none for the refused ones), two steps done, the review.
audit_log
check "the communication was created (id $COMM)" test -n "$COMM"
check "seven answers were saved, each with its audit row" \
    test "$(audit_count 'answer\.set')" -eq 7
check "two steps were marked done" test "$(audit_count 'step\.done')" -eq 2
check "it went to review" \
    grep -q "communication\.state *communication:$COMM .*in-review" "$AUDIT"

# u on one in review says it only updates a published communication.
start draft 80 24 -- --db "$DB" --as alice
open_comm "Advisory drill"
keys u
expect_row 23 "only a published communication is updated" \
    "u on one in review says why nothing happens"

# An answer changed in review keeps it in review (approvals made before
# the change would be stale: tests/tui/approvals.sh); the gate still
# waits, and says for whom.
keys g Enter
expect "Headline *"
keys End
type_text "!"
keys Tab
expect_row 23 "Headline saved" "an answer changed in review is saved"
expect "Drill: admin API check!"
keys Escape
expect_row 2 "in review" "and the communication stays in review"
keys G
expect "waiting for " "the gate says whom it waits for"
keys Q
expect_exit

# Approved by approvers (approve_by_hand of tests/lib.sh), published on the
# command line; then u in the console starts revision 2 with a reason
# picked from a list.
eval "$(sed -n '/^approve_by_hand()$/,/^}$/p' \
    "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh")"
export HERALD
check "approvers approve it" approve_by_hand "$DB" "$COMM"
"$HERALD" --db "$DB" --as alice comm publish "$COMM" >"$TT_DIR/pub.txt" 2>&1
note_stdin <"$TT_DIR/pub.txt"
check "the command line publishes it" grep -q "published, revision 1" "$TT_DIR/pub.txt"
start update 80 24 -- --db "$DB" --as alice
open_comm "Advisory drill"
expect_row 2 "published" "the runner shows it published"
keys u
expect "Why the update?" "u asks why, from a list"
expect "Fix available"
expect "Correction"
keys j Enter
expect_row 23 "A note for the revision" "then an optional note"
type_text "5.4.11 is out"
keys Enter
expect_row 23 "revision 2 started" "u starts the next revision"
expect_row 2 "draft" "which is a draft"
expect_row 2 "rev 2" "at revision 2"
keys Q
expect_exit
"$HERALD" --db "$DB" comm revisions "$COMM" >"$TT_DIR/revs.txt" 2>&1
note_stdin <"$TT_DIR/revs.txt"
check "revision 2 keeps the reason and the note" \
    grep -q "fix-available: 5.4.11 is out" "$TT_DIR/revs.txt"
"$HERALD" --db "$DB" comm show "$COMM" >"$TT_DIR/show.txt" 2>&1
note_stdin <"$TT_DIR/show.txt" | head -5
check "the command line shows it a draft" \
    grep -Eq "^State: +draft" "$TT_DIR/show.txt"
check "at revision 2" grep -Eq "^Revision: +2$" "$TT_DIR/show.txt"
finish
