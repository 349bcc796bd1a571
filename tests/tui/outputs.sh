#!/bin/sh
# tests/tui/outputs.sh - the preview of every output for the incident at
# hand: from the incident, p on a published advisory shows its page with
# the incident's ID and the template version it came from, read as text
# (r: the raw HTML, r again: text); Tab, Shift-Tab, Right and Left go
# from output to output (the CSAF document, the e-mail), each named with
# its format on the title line. A draft with hostile, Japanese and long
# text wraps at words, at any width, without colour; its CSAF document,
# which cannot be made yet, says why and names the field. Every output of
# every communication of the demo previews.
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

# The text rows: below the header rows (0 to 3), above the status line.
tt_body() { tt_screen | sed '1,4d;$d'; }
tt_body_has() { tt_body | grep -qF -- "$1"; }
tt_body_lacks() { ! tt_body_has "$1"; }
expect_body() {
	if tt_wait tt_body_has "$1"; then
		ok "[$tt_cur] $2"
	else
		not_ok "[$tt_cur] $2"
		note "gave up (after at most ${TT_TIMEOUT}s) waiting for: $1"
		tt_dump
	fi
}

# Whether the words w001x ... of the text rows are whole (none cut in
# two) and each line of them as full as the width ($1 columns of text)
# allows: the next word would not have fitted.
tt_words_whole() {
	tt_body | python3 -c '
import re, sys
width = int(sys.argv[1])
rows = [r[1:].rstrip() for r in sys.stdin.read().split("\n")]
word = re.compile(r"^w[0-9]{3}x$")
seen = 0
for r in rows:
    for t in r.split():
        if re.match(r"^(w[0-9]|[0-9]+x$)", t):
            seen += 1
            if not word.match(t):
                sys.exit("a word cut in two: %r in %r" % (t, r))
for a, b in zip(rows, rows[1:]):
    if a and b and all(word.match(t) for t in (a + " " + b).split()):
        if len(a) + 1 + len(b.split()[0]) <= width:
            sys.exit("%r could have taken %r" % (a, b.split()[0]))
if seen < 20:
    sys.exit("only %d words on the screen" % seen)
' "$1"
}
check_words() {
	if tt_wait tt_words_whole "$1" 2>/dev/null; then
		ok "[$tt_cur] $2"
	else
		not_ok "[$tt_cur] $2"
		tt_words_whole "$1" 2>&1 | note_stdin
		tt_dump
	fi
}

# Whether a text row starts with a mark Japanese never starts a line with.
tt_kinsoku_ok() { ! tt_body | cut -c2- | grep -q '^[、。）」]'; }

# Run herald on the test's database, out of the console.
hr() { "$HERALD" --db "$DB" "$@"; }

# --- a published advisory ------------------------------------------------

start outputs 80 24
# A published advisory of the demo, and its incident.
set -- $(hr comm list --state published --json |
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
expect_row 23 "Tab: next output  r: HTML as text or raw  /: search" \
    "the status line says the preview's own keys"
expect_row 1 " html " "the outputs are listed as tabs"
expect_row 1 " csaf " "the CSAF document among them"
expect_row 1 " email " "the e-mail among them"
expect_row 2 "Output 1/" "the first output is shown first"
expect_re "^ Output 1/[0-9]+: .* \\((markdown|html)\\) +#[0-9]+ $REF" \
    "the title line names the output, its format and the incident"
expect_re "^ template [^ ]+ v[0-9]+ \\(sha256 [0-9a-f]{8}\\)" \
    "the page names its template and version"
expect_body "$REF" "the page carries the incident's ID"

# The page reads as text: no markup, its title underlined, list items
# with "- "; the header says so, and how to see the exact bytes.
expect_row 3 "as text; r: raw HTML" "an HTML page shows as text, r for raw"
expect_body "- Incident ID: $REF" "list items read as \"- \" lines"
expect_re "^ ={10,}$" "the page's title is underlined"
check "[$tt_cur] no document markup in the text" tt_body_lacks "<!DOCTYPE"
check "[$tt_cur] no tags in the text" tt_body_lacks "</li>"
keys r
expect_row 3 "raw HTML; r: as text" "r: the raw HTML, and the header says so"
expect_body "<!DOCTYPE html>" "the raw HTML from its first byte"
expect_body "<meta charset=\"utf-8\">" "the head too"
expect_row 2 "lines 1-" "r starts at the top"
keys r
expect_row 3 "as text; r: raw HTML" "r again: as text"
expect_body "- Incident ID: $REF" "the text again"

# Help lists r with the other keys, in one column.
keys '?'
expect "Keys on the Preview screen" "? shows the preview's keys"
keys G
expect_re "^    r +Show an HTML page as text, or as its raw HTML$" \
    "help lists r under the preview's own keys"
keys g
expect_re "^    h, Left, Shift-Tab Previous column or tab$" \
    "the widest keys fit their column"
expect_re "^    l, Right, Tab {6}Next column or tab$" \
    "the other help texts line up with it"
keys q
expect_row 0 "herald › Preview" "q closes help"

tab_to csaf
expect "\"csaf_version\": \"2.0\"" "the CSAF document shows as text"
expect_re "^ no template" "a structured format says it has no template"
check "[$tt_cur] JSON has no text view to switch to" tt_lacks "r: raw HTML"
keys r
expect_row 23 "shown exactly as it is" "r on JSON says it is shown as it is"
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
expect_row 3 "as text; r: raw HTML" "back on the page, still as text"

keys /
type_text "$REF"
keys Enter
expect_row 2 "(html)" "a search stays on the output"

keys q
expect_row 0 "herald › Incident " "q goes back to the incident"
keys Q
expect_exit

# --- a draft: hostile and long text, no colour, a CSAF it cannot make -----

demo_copy draft
set -- $(hr comm list --state draft --json |
    python3 -c 'import json, sys
for c in json.load(sys.stdin):
    if c["kind"] == "advisory" and c.get("incident"):
        print(c["id"], c["incident"])
        break')
DID=${1:-} DREF=${2:-}
[ -n "$DREF" ] || bail "the demo has a draft advisory"
# A long paragraph of five-letter words, hostile text, Japanese without
# spaces; a CVSS v4.0 vector alone, which CSAF 2.0 cannot carry.
python3 -c '
print(" ".join("w%03dx" % i for i in range(1, 151)))
print()
print("Hostile: <script>alert(1)</script> R&D \"q\" ]]> &amp; \u202eevil\u202c"
      " zero\u200bwidth \U0001f525")' >"$TT_DIR/summary.txt"
JA="東京データ株式会社のゲートウェイで、管理ポートに対する攻撃が観測されました。直ちに更新してください。"
hr --as alice comm set "$DID" summary --file "$TT_DIR/summary.txt" \
    >/dev/null 2>&1 || bail "set the draft's summary"
hr --as alice comm set "$DID" plain-summary "$JA$JA$JA" >/dev/null 2>&1 ||
    bail "set the draft's plain-language summary"
hr --as alice comm set "$DID" cvss \
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" \
    >/dev/null 2>&1 || bail "set the draft's CVSS v4.0 vector"

start draft 80 24 NO_COLOR=1 -- --db "$DB" --as alice
keys I
expect_row 0 "herald › Incidents"
move_to "$DREF" "the incident list has $DREF"
keys Enter
expect_row 0 "herald › Incident "
keys Tab Tab
move_to "#$DID advisory:" "the Communications pane selects the draft"
keys p
expect_row 0 "herald › Preview" "p previews the draft"
expect_row 3 "as text; r: raw HTML" "without colour, the page shows as text"
expect_body "Preview: this is a draft" "the draft says it is one"
expect_body "ちに更新してください。" "Japanese text shows"
check "[$tt_cur] no line starts with 、 or 。" tt_kinsoku_ok
keys /
type_text "w001x"
keys Enter
check_words 78 "a long paragraph wraps at its spaces, each line full"
keys /
type_text "alert"
keys Enter
expect_body "Hostile: <script>alert(1)</script> R&D \"q\" ]]> &amp;" \
    "markup in an answer shows as the reader reads it, not as markup"

# Narrower, then wider: the text wraps again for the width.
resize 60 15
keys g
expect_row 3 "as text; r: raw HTML" "at 60x15 the header still says how"
keys /
type_text "w001x"
keys Enter
check_words 58 "at 60 columns the paragraph wraps again, at its spaces"
resize 120 30
keys /
type_text "w001x"
keys Enter
check_words 118 "at 120 columns too"
resize 80 24

# The CSAF document cannot be made: why, naming the field, and where to
# answer it; no stack of errors, nothing raw to show.
tab_to csaf
expect_body "This output cannot be made from the communication as it stands:" \
    "a CSAF document that cannot be made says so in words"
expect_body "cvss-v3: " "the message names the field's id"
expect_body "The field is \"CVSS v3.1 vector (for CSAF)\", in the step" \
    "and its label and step, where to answer it"
expect_row 3 "not made: see why below" "the header says it was not made"
keys r
expect_row 23 "Nothing to show raw: CSAF 2.0 document could not be made" \
    "r on it says there is nothing to show raw"
# The other outputs do not suffer.
tab_to email
expect "Subject: " "the e-mail of the same draft is made"
tab_to html Left
expect_body "Preview: this is a draft" "and its page"
keys q
expect_row 0 "herald › Incident "
keys Q
expect_exit

# --- every output of every communication of the demo ----------------------

# preview_all ID N: Tab through the N outputs of communication ID in the
# preview on the screen: each is made (not "not made"), and each HTML
# page has its text view.
preview_all() {
	tt_bad= tt_k=1
	while [ "$tt_k" -le "$2" ]; do
		if ! tt_wait tt_row_has 2 "Output $tt_k/$2:"; then
			tt_bad="$tt_bad output $tt_k/$2 never shown;"
			break
		fi
		tt_row_has 3 "not made" && tt_bad="$tt_bad $(tt_row 2) not made;"
		tt_row_has 2 "(html)" && ! tt_row_has 3 "as text; r: raw HTML" &&
		    tt_bad="$tt_bad $(tt_row 2) has no text view;"
		keys Tab
		tt_k=$((tt_k + 1))
	done
	if [ -z "$tt_bad" ]; then
		ok "[$tt_cur] all $2 outputs of #$1 preview"
	else
		not_ok "[$tt_cur] all $2 outputs of #$1 preview"
		note "wrong:$tt_bad"
		tt_dump
	fi
}

# The selected row starts with $1 (an extended regular expression).
tt_selected_re() { tt_selected | grep -Eq -- "$1"; }
move_to_re() {
	tt_k=0
	while ! tt_selected_re "$1" && [ "$tt_k" -lt 50 ]; do
		tt_sel=$(tt_selected)
		keys j
		tt_poll tt_selection_moved "$tt_sel" || break
		tt_k=$((tt_k + 1))
	done
	expect_selected "$(tt_selected | grep -E -- "$1" | head -1)" "$2"
}

start every 80 24
n_outputs() { hr comm preview "$1" --list --json |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin)) or 1)'; }
# "ID INCIDENT" of each communication about an incident, in the order of
# the incident list, and "ID SLUG CYCLE" of each end-of-life notice.
hr incident list --json | python3 -c 'import json, sys
print("\n".join(i["id"] for i in json.load(sys.stdin)))' >"$TT_DIR/refs"
hr comm list --json >"$TT_DIR/comms.json"
for ref in $(cat "$TT_DIR/refs"); do
	ids=$(python3 -c 'import json, sys
print(" ".join(str(c["id"]) for c in json.load(open(sys.argv[1]))
    if c.get("incident") == sys.argv[2]))' "$TT_DIR/comms.json" "$ref")
	[ -n "$ids" ] || continue
	keys I
	expect_row 0 "herald › Incidents"
	move_to "$ref" "$ref in the incident list"
	keys Enter
	expect_row 0 "herald › Incident "
	keys Tab Tab
	for id in $ids; do
		move_to "#$id " "#$id in the Communications pane of $ref"
		keys p
		expect_row 0 "herald › Preview"
		preview_all "$id" "$(n_outputs "$id")"
		keys q
		expect_row 0 "herald › Incident "
	done
done

# End-of-life notices, from their cycles on the products screen.
python3 -c 'import json, sys
for c in json.load(open(sys.argv[1])):
    if c.get("cycle"):
        print(c["id"], c["cycle"])' "$TT_DIR/comms.json" >"$TT_DIR/eol"
keys P
expect_row 0 "herald › Products and lifecycle"
while read -r id slug cycle; do
	keys g
	tt_name=$(hr comm show "$id" --json | python3 -c 'import json, sys
print(json.load(sys.stdin)["title"].split(" reaches ")[0])')
	# The first cycle of that name from the top: the demo's are unique.
	move_to_re "^ *$(printf '%s' "$cycle" | sed 's/\./\\./g')( |$)" \
	    "the cycle $slug $cycle on the products screen"
	keys Enter
	if tt_wait tt_row_has 0 "herald › Playbook" &&
	    tt_wait tt_has "$tt_name"; then
		ok "[$tt_cur] Enter on $slug $cycle opens its notice #$id"
		keys p
		expect_row 0 "herald › Preview"
		preview_all "$id" "$(n_outputs "$id")"
		keys q
		expect_row 0 "herald › Playbook"
		keys q
	else
		not_ok "[$tt_cur] Enter on $slug $cycle opens its notice #$id"
		tt_dump
		keys Escape
	fi
	expect_row 0 "herald › Products and lifecycle"
done <"$TT_DIR/eol"
keys Q
expect_exit

finish
