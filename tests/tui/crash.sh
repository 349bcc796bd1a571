#!/bin/sh
# tests/tui/crash.sh - nothing saved is lost when the terminal dies. On the
# demo database, the first incident of the list gets a security advisory
# (c), filled in with keys through every kind of field it has: text, long
# text in the editor, plain text, products and CVSS in their pickers, CVE
# IDs, yes-or-no, a date and the checklist. Twice herald dies with a field
# half typed: SIGKILL after three steps are done, then the whole terminal
# goes (the pane is killed: SIGHUP) three fields later. Each time the console
# comes back on the same database and shows every answer saved before,
# not the half-typed one, and the done marks; herald comm show and the
# audit log (one answer.set per field left) say the same, and the audit
# chain is whole. Then the rest is filled in and S sends it for review.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

COLS=100 ROWS=30
STATUS=$((ROWS - 1))
demo_copy crash
fake_editor ''

# --- helpers ---------------------------------------------------------------

# The focused field's label: the first highlighted row right of the steps,
# without its note ("(editing)") and the required mark.
focused() {
	tt_selected | grep -F '│' | head -1 |
	    sed 's/^.*│ *//; s/  (.*) *$//; s/ *\*\{0,1\} *$//'
}
focus_is() { [ "$(focused)" = "$1" ]; }

# The first row the form shows under its field LABEL: its value.
value_of() {
	tt_screen | awk -v l="$1" '
	    { t = $0; sub(/^.*│ */, "", t); sub(/ +$/, "", t) }
	    found { print t; exit }
	    { sub(/  \(.*\)$/, "", t); sub(/ \*$/, "", t); if (t == l) found = 1 }'
}
value_has() { value_of "$1" | grep -qF -- "$2"; }

# expect_value LABEL TEXT [WHY]: the form shows TEXT under LABEL.
expect_value() {
	if tt_wait value_has "$1" "$2"; then
		ok "[$tt_cur] ${3:-$1 shows \"$2\"}"
	else
		not_ok "[$tt_cur] ${3:-$1 shows \"$2\"}"
		note "under $1 now: $(value_of "$1")"
		tt_dump
	fi
}

# expect_focus LABEL: the form's focus is on the field LABEL.
expect_focus() {
	if tt_wait focus_is "$1"; then
		ok "[$tt_cur] the focus is on $1"
	else
		not_ok "[$tt_cur] the focus is on $1"
		note "focused now: $(focused)"
		tt_dump
	fi
}

# saved LABEL [WHY [MESSAGE]]: the status line says the field LABEL was
# saved (or MESSAGE, what some fields say instead); one more answer.set
# row is expected in the audit log.
n_set=0
saved() {
	expect_row "$STATUS" "${3:-$1 saved}" "${2:-$1 is saved}"
	n_set=$((n_set + 1))
}

# edit_with TEXT: the next long text the editor writes (printf's format).
edit_with() { fake_editor "$1"; }

# show: herald comm show of the advisory, in $SHOW.
show() {
	SHOW=$TT_DIR/show.txt
	"$HERALD" --db "$DB" comm show "$COMM" >"$SHOW" 2>&1 ||
	    { note_stdin <"$SHOW"; bail "herald comm show $COMM"; }
}

# The value of answer FIELD in $SHOW: the indented lines under its header
# in the answers.
answer_of() {
	awk -v f="$1" '
	    /^Answers:/ { in_answers = 1; next }
	    !in_answers { next }
	    /^  [^ ]/ { on = ($1 == f) ; next }
	    /^[^ ]/ { on = 0 }
	    on { sub(/^    /, ""); print }' "$SHOW"
}

# has_answer FIELD TEXT: comm show gives FIELD a value containing TEXT.
has_answer() {
	check "comm show: $1 is \"$2\"" \
	    sh -c 'printf "%s\n" "$1" | grep -qF -- "$2"' sh "$(answer_of "$1")" "$2"
}

# no_answer FIELD: comm show has no answer for FIELD.
no_answer() {
	check "comm show: no answer for $1" test -z "$(answer_of "$1")"
}

# answers_saved: the audit log has one answer.set row per field left (and
# the six the advisory took from the incident and its defaults when it was
# started), and its chain verifies.
answers_saved() {
	audit_log
	check "the audit log has $((6 + n_set)) answer.set rows for #$COMM" \
	    test "$(audit_count 'answer\.set')" -eq $((6 + n_set))
	check "herald audit verify passes" \
	    sh -c '"$1" --db "$2" audit verify >/dev/null' sh "$HERALD" "$DB"
}

# reopen NAME: the console again on the same database, the advisory found
# from the incident list: its incident, the Communications pane, Enter.
reopen() {
	start "$1" "$COLS" "$ROWS" "EDITOR=$ED" -- --db "$DB" --as alice
	open_comm "#$COMM advisory"
	expect_row 2 "draft" "the advisory is still a draft"
}

# step NAME: select the step NAME in the list (focus on the steps): g
# selects the first, Summary, then j down to NAME.
step() {
	keys g
	expect_selected "Summary" "g selects the first step"
	[ "$1" = Summary ] || move_to "$1" "j moves to the step $1"
}

# --- the advisory, started from the incident list -------------------------

start crash "$COLS" "$ROWS" "EDITOR=$ED" -- --db "$DB" --as alice
keys I
expect_row 0 "herald › Incidents"
expect_selected "SEC-2026-009" "the demo's latest incident heads the list"
keys Enter
expect_row 1 "SEC-2026-009" "Enter opens SEC-2026-009"
keys c
expect "Start a communication from a playbook"
move_to "security-advisory" "c lists the shipped security advisory"
keys Enter
expect_row 0 "herald › Playbook" "choosing it starts it and opens the runner"
expect_row 1 "Security advisory: SEC-2026-009" "about the incident"
expect_row 2 "draft" "a draft"
expect_selected "Summary" "the first step is selected"

audit_log
check "the advisory was created (#$COMM)" test -n "$COMM"
check "it took six answers from the incident and the defaults" \
    test "$(audit_count 'answer\.set')" -eq 6

# Step 1, Summary: text (with UTF-8), long text, plain text.
keys Enter
expect_focus "Title"
keys C-u
type_text "Harbor Gateway: admin API flaw — café 日本"
keys Tab
saved "Title" "Tab saves the title"
expect_focus "Summary"
edit_with 'Admin routes check GET and POST only.\nPUT or DELETE runs as admin.\n'
keys Enter
saved "Summary" "the summary comes back from the editor, saved"
expect "PUT or DELETE runs as admin." "the form shows the editor's text"
keys Tab
expect_focus "Plain-language summary"
expect "reading ease" "the plain text shows its reading ease"
keys C-u
type_text "Some users can act as admins. Please update now."
keys Escape
saved "Plain-language summary" "Esc leaves the form and saves the plain text"
keys d
expect "✓ Summary" "d marks the summary done"
expect_selected "Affected and fixed versions" "the next step is selected"

# Step 2: products in their picker, CVSS in its picker, CVE IDs typed.
keys Enter
expect_focus "Affected and fixed versions"
keys Enter
expect "Affected products" "Enter opens the products picker"
keys a
expect "Which product?" "a adds a row: which product"
move_to "Harbor Gateway (harbor-gateway)"
keys Enter
expect "Which release cycle?"
move_to "4.0"
keys Enter
expect "Versions, e.g." "the versions are asked for"
type_text ">=4.0.4"
keys Enter
expect "Status" "the status is asked for"
move_to "Fixed"
keys Enter
expect "GitHub ecosystem" "the ecosystem is asked for, and can be none"
keys Enter
expect ">=4.0.4" "the new row is in the picker"
keys G Enter
saved "Affected and fixed versions" "Done saves the products"
expect "4.0 >=4.0.4: fixed" "the form shows the fixed versions"
keys Tab
expect_focus "CVSS vector"
keys Enter
expect "CVSS v3.1" "Enter opens the CVSS picker on the incident's vector"
expect "base 9.9 Critical" "scored as it is"
keys j j j j
expect_selected "Scope" "j moves to the scope"
keys l
expect "base 8.8 High" "l changes it, and the score with it"
keys Enter
saved "CVSS vector" "Enter chooses the vector and saves it, with its score" \
    "CVSS 8.8 High"
expect "S:U/C:H/I:H/A:H" "the form shows the new vector"
keys Tab
expect_focus "CVE IDs"
type_text "CVE-2026-1"
keys Tab
expect_row "$STATUS" 'CVE IDs: "CVE-2026-1" is not a CVE ID' \
    "a bad CVE ID is refused, the field named"
expect "CVE IDs  (not saved: the reason is below)" "the field says it is not saved"
keys BTab
expect_focus "CVE IDs"
keys C-u
type_text "CVE-2026-10001, CVE-2026-10002"
keys Escape
saved "CVE IDs" "the CVE IDs are saved"
keys d
expect "✓ Affected and fixed versions" "d marks the versions done"
expect_selected "What customers should do"

# Step 3: long texts and a yes-or-no that shows another field.
keys Enter
expect_focus "Steps customers should take"
edit_with 'Upgrade to 3.2.15 or 4.0.4.\nLook for PUT in the admin log.\n'
keys Enter
saved "Steps customers should take"
keys Tab
expect_focus "Is there a workaround?"
expect_not "Workaround" "the workaround is asked only when there is one"
keys y Tab
saved "Is there a workaround?" "y and Tab save yes"
expect_focus "Workaround"
edit_with 'Block PUT and DELETE to /admin at the proxy.\n'
keys Enter
saved "Workaround"
keys Escape d
expect "✓ What customers should do" "d marks the remedy done"
expect_selected "Credits, references and embargo"

# Step 4: the credits half typed, and herald is killed.
keys Enter
expect_focus "Credits"
type_text "Reported by Zo"
expect "Reported by Zo" "the half-typed credits show"
signal KILL
tt_poll tt_has_exited || not_ok "[crash] herald is gone after SIGKILL"
check "herald died of SIGKILL (status 137)" \
    test "$(cut -d' ' -f1 "$TT_DIR/crash.status")" = 137
# It had no chance to put the terminal back; that does not matter.
check "the terminal was left as herald had set it" \
    test "$(cut -d' ' -f2 "$TT_DIR/crash.status")" = changed
tt_tmux kill-session -t "=crash" >/dev/null 2>&1 || :

answers_saved
check "the half-typed credits were not saved" \
    sh -c '! grep "answer\.set *communication:$1 " "$2" | grep -q credits' sh \
    "$COMM" "$AUDIT"

show
has_answer title "Harbor Gateway: admin API flaw — café 日本"
has_answer summary "Admin routes check GET and POST only."
has_answer summary "PUT or DELETE runs as admin."
has_answer plain-summary "Some users can act as admins. Please update now."
has_answer products '"cycle":"4.0","range":">=4.0.4","status":"fixed"'
has_answer cvss "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"
has_answer cves "CVE-2026-10001"
has_answer cves "CVE-2026-10002"
has_answer customer-actions "Upgrade to 3.2.15 or 4.0.4."
has_answer customer-actions "Look for PUT in the admin log."
has_answer has-workaround "yes"
has_answer workaround "Block PUT and DELETE to /admin at the proxy."
no_answer credits
check "comm show: three steps done, the fourth current" \
    sh -c 'test "$(grep -c " done " "$1")" -eq 3 &&
    grep -q "^  context .* current" "$1"' sh "$SHOW"

# --- after SIGKILL: the console again, every answer read on the screen ----

reopen again
expect_selected "Credits, references and embargo" "the first step to do is selected"
expect "✓ Summary" "the summary is still done"
expect "✓ Affected and fixed versions" "the versions are still done"
expect "✓ What customers should do" "the remedy is still done"
expect_value "Credits" "—" "the half-typed credits are not there"
expect_not "Reported by Zo"
step "Summary"
expect_value "Title" "Harbor Gateway: admin API flaw — café 日本" \
    "the title is there, UTF-8 intact"
expect_value "Summary" "Admin routes check GET and POST only." "the summary is there"
expect "PUT or DELETE runs as admin." "with its second line"
expect_value "Plain-language summary" \
    "Some users can act as admins. Please update now." "the plain text is there"
step "Affected and fixed versions"
expect "4.0 >=4.0.4: fixed" "the products are there"
expect_value "CVSS vector" "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H" \
    "the CVSS vector is there"
expect_value "CVE IDs" "CVE-2026-10001, CVE-2026-10002" "the CVE IDs are there"
step "What customers should do"
expect_value "Steps customers should take" "Upgrade to 3.2.15 or 4.0.4." \
    "the customers' steps are there"
expect "Look for PUT in the admin log." "with their second line"
expect_value "Is there a workaround?" "yes" "yes, there is a workaround"
expect_value "Workaround" "Block PUT and DELETE to /admin at the proxy." \
    "the workaround is there"
expect_row 1 "SEC-2026-009" "about the same incident"

# Step 4 again: credits, references; the embargo date half typed, and the
# terminal goes: the pane is killed, herald gets SIGHUP. herald runs under
# a shell that outlives the SIGHUP (a trap, so herald still gets the
# signal's default action until it sets its own), to note how it ended.
keys Q
expect_exit
REAL=$(cd "$(dirname "$HERALD")" && pwd)/$(basename "$HERALD")
WRAP=$TT_DIR/hup-herald.sh
printf '#!/bin/sh\ntrap : HUP\n%s "$@" 2>%s\necho $? >%s.new && mv %s.new %s\n' \
    "$(tt_quote "$REAL")" "$(tt_quote "$TT_DIR/hup.err")" \
    "$(tt_quote "$TT_DIR/hup.rc")" "$(tt_quote "$TT_DIR/hup.rc")" \
    "$(tt_quote "$TT_DIR/hup.rc")" >"$WRAP" && chmod +x "$WRAP" ||
    bail "write $WRAP"
HERALD=$WRAP
reopen hup
HERALD=$REAL
expect_selected "Credits, references and embargo"
keys Enter
expect_focus "Credits"
type_text "Reported by Zoë Ångström, 日本 CERT"
keys Tab
saved "Credits" "the credits are saved"
expect_focus "References"
edit_with 'https://brightwater.example/sa/2026-009\n'
keys Enter
saved "References"
keys Tab
expect_focus "Under embargo?"
keys Space Tab
saved "Under embargo?" "Space and Tab save yes"
expect_focus "Embargo until"
type_text "2026-03-2"
expect "2026-03-2" "the half-typed date shows"
tt_tmux kill-pane -t "=hup:" || not_ok "[hup] kill the pane"
hup_gone() { [ -s "$TT_DIR/hup.rc" ]; }
if tt_poll hup_gone; then
	ok "[hup] herald ends when its terminal goes"
else
	not_ok "[hup] herald ends when its terminal goes"
fi
check "it ends as on Q, with status 0" test "$(cat "$TT_DIR/hup.rc")" = 0
check "and writes no error" test ! -s "$TT_DIR/hup.err"
note_stdin <"$TT_DIR/hup.err"

answers_saved
show
has_answer credits "Reported by Zoë Ångström, 日本 CERT"
has_answer references "https://brightwater.example/sa/2026-009"
has_answer embargoed "yes"
no_answer embargo-until

# --- after SIGHUP: the console again, then the rest and review ------------

reopen last
expect_selected "Credits, references and embargo"
expect_value "Credits" "Reported by Zoë Ångström, 日本 CERT" \
    "the credits are there, UTF-8 intact"
expect_value "References" "https://brightwater.example/sa/2026-009" \
    "the references are there"
expect_value "Under embargo?" "yes" "the embargo is there"
expect_value "Embargo until" "—" "the half-typed date is not"
expect "✓ What customers should do" "the done marks are kept"
keys d
expect_row "$STATUS" "Embargo until: required" \
    "the step cannot be done without the date"
expect_not "✓ Credits" "it is not marked done"
keys Enter
expect_focus "Credits"
keys Tab Tab Tab
expect_focus "Embargo until"
type_text "2026-03-22 12:00"
keys Escape
saved "Embargo until"
keys d
expect "✓ Credits, references and embargo" "d marks the context done"
expect_selected "Before review"

# Step 5, the checklist: every item must be ticked.
keys Enter
keys Space
expect "a: all  Enter: keep" "Space opens the tick list"
keys Space j Space j Space
expect "[x] Nothing in the text breaks the embargo" "three items ticked"
keys Enter
saved "Before review" "Enter keeps the ticks, saved"
keys Escape d
expect_row "$STATUS" 'Before review: not ticked yet: "The plain-language summary' \
    "not done with an item unticked, which one said"
expect_not "✓ Before review" "it is not marked done"
keys Enter Space
expect "a: all  Enter: keep"
keys G Space Enter
saved "Before review" "the last tick is saved"
keys Escape d
expect "✓ Before review" "d marks the checklist done"

keys S
expect_row 2 "in review" "S sends the advisory for review"
keys Q
expect_exit

answers_saved
show
check "comm show: in review" grep -q "^State: *in-review" "$SHOW"
check "comm show: every form step done" \
    test "$(grep -c " done " "$SHOW")" -eq 5
has_answer embargo-until "2026-03-22"
for item in versions cves embargo plain; do
	has_answer review "$item"
done

finish
