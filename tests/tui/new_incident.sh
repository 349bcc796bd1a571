#!/bin/sh
# tests/tui/new_incident.sh - n on the incident list opens an incident
# through a form (a bad time is named and nothing is made; Esc makes
# nothing); c on the incident starts a communication from a playbook and
# opens the runner; the Communications pane selects it, Enter reopens it
# and p previews its outputs with the incident's ID.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

# The summary comes from this "editor".
fake_editor 'Keys printed by the CI job.\n\nRotated.\n'

count_incidents() {
	"$HERALD" --db "$DB" incident list --json 2>/dev/null | grep -c '"id": "SEC-'
}

start new 80 24 "VISUAL=$ED"
before=$(count_incidents)
check "the demo has incidents to count ($before)" test "$before" -gt 0
keys I
expect_row 0 "herald › Incidents"

# A letter whose code point is a function key's (U+0102 is the code of
# Down, U+0161 of Shift-Tab) is no key of the table: the selection stays.
expect_selected "SEC-2026-009"
type_text "Ăš"
keys /
expect_row 23 "Search:" "the keys before / were read"
keys Escape
check "[new] Ă and š do not move the selection" tt_selected_has "SEC-2026-009"

# Esc on the form makes nothing.
keys n
expect_row 0 "herald › New incident" "n opens the new-incident form"
expect "Tab/Shift-Tab: next/previous field" "the form says how to move"
type_text "Goes nowhere 日本é"
expect "Goes nowhere 日本é" "the title is typed in place"
expect_cursor 36 3 "日 and 本 take two columns each, é one"
# F1 lists the form's own keys, and none that would type into a field.
keys F1
expect "Keys on the New incident screen" "F1 opens the form's help"
expect "Tab, Down        Save this field and go to the next" "help: Tab"
expect "F2, Ctrl-S       Save the form: open the incident" "help: F2"
expect "Esc              Leave the form without saving" "help: Esc"
expect "Space            Change a choice, or tick items in a list" "help: Space"
check "[new] help lists no global list keys" tt_lacks "Search this screen"
check "[new] nor q, which types a q here" tt_lacks "Go back to the previous screen"
keys q
expect_row 0 "herald › New incident" "q closes help"
expect "Goes nowhere" "what was typed is still there"
keys Escape
expect_row 23 "cancelled: no incident opened" "Esc cancels the form"
expect_row 0 "herald › Incidents" "and goes back to the list"
check "Esc created nothing" test "$(count_incidents)" = "$before"

# The form, filled with keys alone.
keys n
expect_row 0 "herald › New incident"
expect "2026-03-01 12:00" "aware-at starts at now, in local time"
type_text "Token leak in build logs"
expect_cursor 42 3 "the cursor blinks after the title typed"
keys Tab c
expect "< credential-leak >" "a letter picks the trigger that starts with it"
keys Tab Space
expect "Enter: choose  Esc: cancel" "Space lists the severities in a picker"
keys j Enter
expect "< high >" "the picker sets the severity"
keys Tab C-u
type_text "2026-02-30 10:00"
expect_cursor 34 6 "and after the time typed in Aware at, the field in focus"
keys Tab Tab Tab
expect "[ ] no" "drill is off"
keys Space
expect "[x] yes, a drill" "Space makes it a drill"
keys n
expect "[ ] no" "n makes it real again"
keys Tab Enter
expect "Keys printed by the CI job. ..." "Enter on the summary edits it in \$VISUAL"

# A bad time is named, nothing is made, and the field can be fixed.
keys F2
expect_row 23 "Aware at" "F2 with a bad time names the field"
expect_row 23 "February" "and says what is wrong"
expect_row 0 "herald › New incident" "the form stays"
check "a refused form created nothing" test "$(count_incidents)" = "$before"
keys C-u
type_text "2026-03-01 09:30"
keys Tab Tab Tab Tab Tab
expect "[ Open the incident ]"
keys Enter
expect_row 0 "herald › Incident " "Enter on the last line opens the incident's screen"
expect "SEC-2026-010" "with its new ID"
expect "Token leak in build logs"
expect_row 23 "opened SEC-2026-010"
check "one more incident" test "$(count_incidents)" = "$((before + 1))"
check "the incident has what the form said" sh -c '
	"$HERALD" --db "$1" incident show SEC-2026-010 --json >"$2" &&
	grep -q "\"trigger\": *\"credential-leak\"" "$2" &&
	grep -q "\"severity\": *\"high\"" "$2" &&
	grep -q "\"aware_at\": *\"2026-03-01T09:30:00Z\"" "$2" &&
	grep -q "Rotated" "$2"' sh "$DB" "$TT_DIR/show.json"

keys Enter
expect_row 23 "no communications yet: c starts one" \
    "Enter without a communication says how to start one"
expect "No communications about this incident yet" "and shows the empty pane"

# c, then Esc: nothing is started.
keys c
expect "Start a communication from a playbook" "c lists the playbooks"
expect "security-advisory" "the shipped advisory is among them"
expect_not "eol-notice" "an end-of-life notice is about a cycle, not here"
keys Escape
expect_row 23 "nothing started"

# c, security-advisory: the runner opens on it.
keys c
expect "Start a communication from a playbook"
move_to security-advisory "j moves down the list"
keys Enter
expect_row 0 "herald › Playbook" "choosing it opens the runner"
expect "SEC-2026-010" "the runner is about the new incident"
keys q
expect_row 0 "herald › Incident " "back on the incident"
expect "Communications (1)" "the incident has one communication"
expect_selected "advisory:" "it is selected in the Communications pane"
check "the communication is in the database" sh -c '
	"$HERALD" --db "$1" comm list 2>/dev/null | grep -q "SEC-2026-010" ||
	"$HERALD" --db "$1" incident show SEC-2026-010 | grep -qi "advisory"' \
	sh "$DB"

# Enter reopens it; p previews it.
keys Enter
expect_row 0 "herald › Playbook" "Enter reopens it in the runner"
keys q
expect_row 0 "herald › Incident "
keys p
expect_row 0 "herald › Preview" "p previews it"
expect_row 2 "Output 1/" "the title line names the output"
expect "SEC-2026-010" "the preview carries the incident's ID"
keys Right
expect_row 2 "Output 2/" "Right shows the next output"
keys q
expect_row 0 "herald › Incident " "q comes back"
keys Q
expect_exit

# The affected-products picker, from a products field of the person's own
# playbook: add a row (product, cycle, versions, status, justification,
# ecosystem, package), change it, delete one, keep the list.
use_playbook aa-affected
start pick 80 24
start_comm aa-affected
keys Enter Enter
expect "Affected products" "Enter on a products field opens the picker"
expect "(none yet: a adds one)" "an empty list says how to add"
keys a
expect "Which product?" "a asks for the product"
expect "(atlas-console)"
keys Escape
expect "(none yet: a adds one)" "Esc at any question adds nothing"
keys a Enter
expect "Which release cycle?" "then the cycle"
expect "all cycles"
keys j Enter
expect_row 23 "Versions" "then the versions, on the prompt line"
type_text ">=1.0 <1.4"
keys Enter
expect "Known not affected" "then the status, in words"
expect "Under investigation"
check "[pick] the choices are not CSAF's ids" tt_lacks "known_not_affected"
check "[pick] the picker's box stays behind the chooser" tt_has "Affected products"
check "[pick] the title line stays" tt_row_has 0 "herald › Playbook"
check "[pick] the cycle chooser is gone" tt_lacks "Which release cycle?"
keys j j Enter
expect "Why not affected?" "Known not affected asks why"
expect "Vulnerable code not in execute path" "CSAF's justifications, in words"
check "[pick] the status chooser is gone" tt_lacks "Under investigation"
keys Enter
expect "GitHub ecosystem (optional)"
keys j j j j j j Enter
expect_row 23 "Package name"
type_text "atlas-client"
keys Enter
expect "atlas-console" "the row is listed"
expect "Known not affected: component not present  npm/atlas-client" \
    "with its status, justification and package"
keys a Enter Enter Enter Enter Enter
expect "all cycles  all versions" "a second row, all cycles"
keys x
expect_not "all cycles  all versions" "x deletes the selected row"
keys F2
expect_row 23 "Affected saved" "F2 keeps the list and the field is saved"
expect "atlas-console 2026.1 >=1.0 <1.4: known not affected," \
    "the form shows the list in words, not JSON"
expect "component not present"
check "[pick] no JSON in the form" tt_lacks '"product"'

keys Escape q
expect_row 0 "herald › Incident "
keys Q
expect_exit
check "the answer is the products JSON" sh -c '
	id=$("$HERALD" --db "$1" comm list SEC-2026-009 |
	    awk "/aa-affected/ { print \$1 }") &&
	"$HERALD" --db "$1" comm show "$id" >"$2" 2>&1 &&
	grep -q "\"product\":\"atlas-console\"" "$2" &&
	grep -q "\"range\":\">=1.0 <1.4\"" "$2" &&
	grep -q "\"status\":\"known_not_affected\"" "$2" &&
	grep -q "\"ecosystem\":\"npm\",\"package\":\"atlas-client\"" "$2" &&
	! grep -q "known_affected\"" "$2"' sh "$DB" "$TT_DIR/comm.txt"

finish
