#!/bin/sh
# tests/tui/outputs.sh - the preview of every output for the incident at
# hand: from the incident, p on a published advisory shows its page with
# the incident's ID and the template version it came from; Tab, Shift-Tab,
# Right and Left go from output to output (the CSAF document, the e-mail),
# each named with its format on the title line.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

# Wait until the screen matches the extended regular expression $1.
tt_has_re() { tt_screen | grep -Eq -- "$1"; }
expect_re() {
	if tt_wait tt_has_re "$1"; then
		ok "[$tt_cur] $2"
	else
		not_ok "[$tt_cur] $2"
		note "gave up (after at most ${TT_TIMEOUT}s) waiting for /$1/"
		tt_dump
	fi
}

# Tab (or KEY) until the title line names output format $1, at most 10.
tab_to() {
	tt_k=0
	while ! tt_row_has 2 "($1)" && [ "$tt_k" -lt 10 ]; do
		tt_row2=$(tt_row 2)
		keys "${2:-Tab}"
		tt_poll tt_row_changed 2 "$tt_row2" || break
		tt_k=$((tt_k + 1))
	done
	expect_row 2 "($1)" "${2:-Tab} goes to the $1 output"
}
tt_row_changed() { [ "$(tt_row "$1")" != "$2" ]; }

# Wait until the text below the header rows (4 to 22) shows $1.
tt_body_has() { tt_screen | sed -n '5,23p' | grep -qF -- "$1"; }
expect_body() {
	if tt_wait tt_body_has "$1"; then
		ok "[$tt_cur] $2"
	else
		not_ok "[$tt_cur] $2"
		note "gave up (after at most ${TT_TIMEOUT}s) waiting for: $1"
		tt_dump
	fi
}

start outputs 80 24
# A published advisory of the demo, and its incident.
set -- $("$HERALD" --db "$DB" comm list --state published --json |
    python3 -c 'import json, sys
for c in json.load(sys.stdin):
    if c["kind"] == "advisory" and c.get("incident"):
        print(c["id"], c["incident"])
        break')
ID=${1:-} REF=${2:-}
[ -n "$REF" ] || bail "the demo has a published advisory"
keys I
expect_row 0 "herald › Incidents"
move_to "$REF" "the incident list has $REF"
keys Enter
expect_row 0 "herald › Incident " "Enter opens the incident"
keys Tab Tab
move_to "#$ID advisory:" \
    "the Communications pane selects the published advisory"

keys p
expect_row 0 "herald › Preview" "p previews the advisory"
expect_row 1 " html " "the outputs are listed as tabs"
expect_row 1 " csaf " "the CSAF document among them"
expect_row 1 " email " "the e-mail among them"
expect_row 2 "Output 1/" "the first output is shown first"
expect_re "^ Output 1/[0-9]+: .* \\((markdown|html)\\) +#[0-9]+ $REF" \
    "the title line names the output, its format and the incident"
expect_re "^ template [^ ]+ v[0-9]+ \\(sha256 [0-9a-f]{8}\\)" \
    "the page names its template and version"
expect_body "$REF" "the page carries the incident's ID"

tab_to csaf
expect "\"csaf_version\": \"2.0\"" "the CSAF document shows as text"
expect_re "^ no template" "a structured format says it has no template"
keys /
type_text "\"id\": \"$REF\""
keys Enter
expect_body "\"id\": \"$REF\"" \
    "the CSAF document carries the incident's ID (found by /)"

tab_to email
expect_re "^ template [^ ]+ v[0-9]+ \\(sha256 [0-9a-f]{8}\\)" \
    "the e-mail names its template and version"
expect "Subject: " "the e-mail shows its Subject: line"
expect_body "$REF" "the e-mail carries the incident's ID"

# Back with Shift-Tab and Left; round the end with Right.
tab_to csaf BTab
tab_to rss Left
keys End
expect_re "^ Output 3/" "End keeps the output"
tab_to html Right

keys /
type_text "$REF"
keys Enter
expect_row 2 "(html)" "a search stays on the output"

keys q
expect_row 0 "herald › Incident " "q goes back to the incident"
keys Q
expect_exit

finish
