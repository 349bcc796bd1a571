#!/bin/sh
# tests/tui/breaches.sh - the breach register in the console, on a copy of
# the demo database: B opens it on the demo's two; a records a breach (the title and
# the time typed, the facts, effects and remedial action each written in
# the editor) and it is listed and selected; Enter shows it in full; e
# changes its risk through the picker; a breach recorded from the demo's
# data-breach incident takes the incident's title and times; x exports the
# register as CSV that python's csv module reads; a refusal shows core's
# words; the audit log names fields, never the texts.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup
demo_copy breaches
fake_editor 'Laptop left in a taxi; the disk held a staff list.\n'

start reg 80 24 "VISUAL=$ED" -- --db "$DB" --as alice
keys B
expect_row 0 "herald › Breach register" "B opens the breach register"
expect "Personal-data breaches: 2" "the demo has two"

# A breach without a title is refused in core's words.
keys a
expect_row 23 "Incident it is" "a asks for the incident first"
keys Enter
expect_row 23 "Title:" "then the title"
keys Enter
expect_row 23 "When we became aware" "then when we became aware"
type_text "2026-02-27T09:00:00Z"
keys Enter
expect_row 23 "title: required" "an empty title is refused, naming the field"

# A breach typed in, its long texts from the editor.
keys a
expect_row 23 "Incident it is"
keys Enter
expect_row 23 "Title:"
type_text "Staff list on a lost laptop"
keys Enter
expect_row 23 "When we became aware"
type_text "2026-02-27T09:00:00Z"
keys Enter
expect_row 23 "breach 3 recorded" "a records the breach"
expect "Personal-data breaches: 3"
expect_selected "Staff list on a lost" "it is listed and selected"
expect_selected "2026-02-27 09:00" "with when we became aware"
expect_selected "unassessed" "its risk not yet assessed"
expect_selected "undecided" "and the regulator question open"

# Enter shows it in full.
keys Enter
expect_row 0 "herald › Breach" "Enter opens the breach"
expect "Breach 3: Staff list on a lost laptop"
expect "Laptop left in a taxi; the disk held a staff list." \
    "the facts the editor wrote"
expect "Remedial action" "each text under its heading"
expect "Regulator told   not decided yet"

# e: the risk, picked.
keys e
expect "Change which field?" "e asks which field"
move_to "Risk to people"
keys Enter
expect "unlikely" "the risks are offered"
move_to "high-risk"
keys Enter
expect_row 23 "breach 3: Risk to people changed" "the risk is changed"
expect "Risk             high-risk" "the breach shows it"
keys Escape
expect_row 0 "herald › Breach register" "Esc goes back to the list"
expect_selected "high-risk" "the list shows the new risk"

# A breach from the demo's data-breach incident: its title and times.
keys a
expect_row 23 "Incident it is"
type_text "SEC-2026-008"
keys Enter
expect_row 23 "Title (Enter: Customer contact records" \
    "the incident's title is offered"
keys Enter
expect_row 23 "Enter: 2026-02-28T06:00:00Z" "and its awareness time"
keys Enter
expect_row 23 "breach 4 recorded" "the breach is recorded from the incident"
expect "Personal-data breaches: 4"
expect_selected "SEC-2026-008" "it names the incident"
expect_selected "2026-02-28 06:00" "from when we became aware of it"

# x: the register as CSV.
keys x
expect "Export the register as" "x asks for a format"
move_to "CSV"
keys Enter
expect_row 23 "Write it to" "then for a file"
type_text "$TT_DIR/register.csv"
keys Enter
expect_row 23 "the breach register is written to" "x writes the register"
keys Q
expect_exit

check "the CSV parses, with every breach and every field" python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 4, rows
by = {r["id"]: r for r in rows}
assert by["3"]["risk"] == "high-risk"
assert by["3"]["facts"].startswith("Laptop left in a taxi")
assert by["4"]["incident"] == "SEC-2026-008"
assert by["4"]["people_count"] == "About 1,200"
' "$TT_DIR/register.csv"

audit_log
check "the audit log records both breaches and the demo's" \
    test "$(grep -c 'breach\.record' "$AUDIT")" -eq 4
check "and the change of risk" grep -q 'breach\.update *breach:3 ' "$AUDIT"
check "it holds none of the texts" sh -c \
    "! grep -q -e 'Laptop left' -e 'Staff list' '$AUDIT'"

finish
