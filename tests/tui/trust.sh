#!/bin/sh
# tests/tui/trust.sh - the trust page's content in the console, on a copy
# of the demo database as ines (admin): T from home opens it grouped by
# section; a picks a section and asks the title (and a certification's
# details and date), then the body in the editor; the new entries show
# in their section, - and + move one within it, e edits one, d removes
# one after asking, x exports the page into a directory and says where.
# alice (an author) is refused before anything is asked.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup
demo_copy trust
fake_editor 'Reviewed every quarter by the security team.\n\n- production\n- staging\n'

# row_of TEXT: the screen row (0 = top) showing TEXT, or nothing.
row_of() { tt_screen | grep -nF -- "$1" | head -1 | cut -d: -f1; }
# above A B: A shows on a row above B.
above() {
	tt_a=$(row_of "$1")
	tt_b=$(row_of "$2")
	[ -n "$tt_a" ] && [ -n "$tt_b" ] && [ "$tt_a" -lt "$tt_b" ]
}
# herald_json ARGS...: herald ARGS as ines on the database, its output.
herald_ines() { "$HERALD" --db "$DB" --as ines "$@"; }
# The demo's key controls go first: the moves below begin in an empty
# section.
for tt_id in $(herald_ines trust list --json | python3 -c 'import json, sys
print(" ".join(str(e["id"]) for e in json.load(sys.stdin)
    if e["section"] == "control"))'); do
	herald_ines trust remove "$tt_id" >/dev/null ||
	    bail "remove the demo's control $tt_id"
done

start trust 80 24 "VISUAL=$ED" -- --db "$DB" --as ines
keys T
expect_row 0 "herald › Trust page" "T opens the trust page from home"
expect "Certifications" "the sections show under their headings"
expect "Sub-processors"
expect "Security contact"

# a: the section first (a picker), then the title, then the editor.
keys a
expect "Add to which section?" "a asks for the section"
move_to "Key controls"
keys Enter
expect_row 23 "Title:" "then the title"
type_text "Quarterly access reviews"
keys Enter
expect_row 23 "added to Key controls" "the body comes from the editor and it is added"
expect_selected "Quarterly access reviews" "the new entry is selected"
check "the body is the editor's, without its final newline" sh -c \
    "'$HERALD' --db '$DB' trust list --json | python3 -c '
import json, sys
e = [e for e in json.load(sys.stdin) if e[\"title\"] == \"Quarterly access reviews\"]
assert e and e[0][\"section\"] == \"control\", e
assert e[0][\"body\"] == \"Reviewed every quarter by the security team.\n\n- production\n- staging\", e'"

# A second control: the picker starts on the selected entry's section.
keys a
expect "Add to which section?"
expect_selected "Key controls" "the picker starts on the section of the selected entry"
keys Enter
expect_row 23 "Title:"
type_text "Hardware keys for staff"
keys Enter
expect_row 23 "added to Key controls"
expect_selected "Hardware keys for staff"
check "it is listed after the first" above "Quarterly access reviews" \
    "Hardware keys for staff"

# - moves it up within its section, + down again.
keys -
tt_moved_up() { above "Hardware keys for staff" "Quarterly access reviews"; }
check "- moves it above the other" tt_poll tt_moved_up
expect_selected "Hardware keys for staff" "it stays selected"
keys -
expect_row 23 "is first in control already" "the first of a section goes no higher"
keys +
tt_moved_down() { above "Quarterly access reviews" "Hardware keys for staff"; }
check "+ moves it down again" tt_poll tt_moved_down

# A certification: its issuer and date are asked too; one past its date
# shows as expired.
keys a
expect "Add to which section?"
keys g
expect_selected "Certifications"
keys Enter
expect_row 23 "Title:"
type_text "PCI DSS 4.0"
keys Enter
expect_row 23 "Issuer and scope" "a certification asks for its issuer and scope"
type_text "QSA Ltd; payments"
keys Enter
expect_row 23 "Valid until, YYYY-MM-DD" "and the date it is valid until"
type_text "2026-01-31"
keys Enter
expect_row 23 "added to Certifications"
expect "expired 2026-01-31" "past its date it shows as expired"
expect "QSA Ltd; payments"

# e edits: Enter on the title prompt keeps it; a new one replaces it.
move_to "Hardware keys for staff"
keys e
expect_row 23 'Title (Enter keeps "Hardware keys for staff")' "e asks for the title, the old one named"
type_text "Hardware security keys for all staff"
keys Enter
expect_row 23 "saved" "the body goes through the editor again and it is saved"
expect "Hardware security keys for all staff" "the new title shows"

# d asks first; n keeps it, y removes it.
keys d
expect_row 23 'Remove "Hardware security keys for all staff"? (y/n)' \
    "d asks first"
type_text n
keys Enter
expect "Hardware security keys for all staff" "n keeps it"
keys d
type_text y
keys Enter
expect_row 23 "removed" "y removes it"
expect_not "Hardware security keys for all staff" "it is gone from the list"

# x exports the page into a directory and says where it went.
keys x
expect_row 23 "Export the trust page into directory:" "x asks for a directory"
type_text "$TT_DIR/out"
keys Enter
expect "exported into $TT_DIR/out" "x says where the page went"
check "the HTML page is there" test -s "$TT_DIR/out/site/trust/index.html"
check "the JSON is there and holds the new entry" sh -c \
    "python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
t = [e[\"title\"] for s in d[\"sections\"] for e in s[\"entries\"]]
assert \"Quarterly access reviews\" in t, t
assert \"Hardware security keys for all staff\" not in t, t' \
    '$TT_DIR/out/site/trust/trust.json'"
check "the Markdown is there" test -s "$TT_DIR/out/docs/trust.md"
keys Q
expect_exit

herald_ines audit log --limit 0 >"$TT_DIR/audit.txt" 2>&1
for a in trust.add trust.move trust.update trust.delete; do
	check "the console's $a is audited" grep -q "$a" "$TT_DIR/audit.txt"
done

# Someone who may not write is told so at once, in core's words.
start author 80 24 -- --db "$DB" --as alice
keys T
expect_row 0 "herald › Trust page"
expect "Quarterly access reviews" "anyone reads the entries"
keys a
expect_row 23 "alice needs the admin or sro role for that" \
    "a is refused to alice before anything is asked"
expect_not "Add to which section?"
keys Q
expect_exit

finish
