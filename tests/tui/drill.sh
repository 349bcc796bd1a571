#!/bin/sh
# tests/tui/drill.sh - a drill of the breach-notification procedure in the
# console, on the demo database and a real SMTP server on 127.0.0.1: from
# home, D lists the drills; s asks, starts one and opens its incident; the
# customers' notice is walked in the runner (a long text in the editor,
# the other answers and the approvals given on the command line between
# keystrokes, as people working together would), and D publishes and
# sends it. Only the drill list's address gets it, marked DRILL; nobody
# on the demo's real lists does. Back on the drills, f takes the findings
# from the editor and the screen shows each clock's result and them.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup
demo_copy drill
SRV=${top_srcdir:-$(dirname "$0")/../..}/tests/servers/smtp_server.py
if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
	echo "1..0 # SKIP python3-aiosmtpd is not installed"
	exit 77
fi

# run LOGIN ARGS...: herald as LOGIN on the database; output in $TT_DIR/out.
run() {
	tt_who=$1
	shift
	"$HERALD" --db "$DB" --as "$tt_who" "$@" >"$TT_DIR/out" 2>&1 ||
	    { note_stdin <"$TT_DIR/out"; return 1; }
}

/usr/bin/python3 "$SRV" --port-file "$TT_DIR/smtp.port" \
    --maildir "$TT_DIR/mail" >"$TT_DIR/smtp.log" 2>&1 &
SMTP_PID=$!
trap 'kill "$SMTP_PID" 2>/dev/null; tt_cleanup' EXIT
tt_port() { [ -s "$TT_DIR/smtp.port" ]; }
tt_poll tt_port || { note_stdin <"$TT_DIR/smtp.log"; bail "the SMTP server starts"; }
PORT=$(cat "$TT_DIR/smtp.port")

# The demo's own e-mail channel points nowhere: ours takes its place. Its
# webhook, GitHub, Jira and site channels stay on: a drill must not use
# them. A tester joins the demo's drill inbox on the drill list; the
# demo's readers are on the real lists (breach:*, advisories:*).
run ines channel disable customer-mail || bail "disable the demo's mail channel"
run ines channel add mail email --settings "{\"url\": \"smtp://127.0.0.1:$PORT\",
    \"from\": \"Brightwater Security <security@brightwater.example>\",
    \"tls\": \"loopback-plain\"}" || bail "add the mail channel"
run ines subscriber add tester@brightwater.example --list 'drill:*' \
    --confirmed || bail "subscribe the tester to the drill list"

fake_editor 'The notice went out in the console.\n'
start drill 80 24 "EDITOR=$ED" -- --db "$DB" --as ines
expect_row 0 "herald › Home"
keys D
expect_row 0 "herald › Drills" "D opens the drills"
expect "Drills: 1 (1 finished)" "the demo's drill is listed"
expect_selected "SEC-2025-002" "with its incident"

# s asks first; n starts nothing.
keys s
expect_row 23 "Drill breach-notification? E-mails only to drill:* (y/n)" \
    "s asks, naming the playbook and the test list"
type_text n
keys Enter
expect_row 23 "no drill started"
keys s
type_text y
keys Enter
expect_row 0 "herald › Incident " "a yes starts the drill and opens its incident"
expect_row 1 "SEC-2026-010  high  open  drill  Drill: Personal data breach" \
    "a drill incident: a high-severity data breach"
C=$("$HERALD" --db "$DB" comm list SEC-2026-010 |
    awk '$0 ~ /customer-notice/ { print $1; exit }')
check "both communications were started" test "$("$HERALD" --db "$DB" \
    comm list SEC-2026-010 | grep -c 'SEC-2026-010')" -eq 2
check "the customers' notice is #$C" test -n "$C"

# The customers' notice in the runner.
keys Tab Tab
move_to "#$C customer-notice" "the Communications pane lists the notice"
keys Enter
expect_row 0 "herald › Playbook" "Enter opens it in the runner"
expect_selected "What happened"
keys Enter Tab
expect "What happened *" "the long text is the second field"
keys e
expect_row 23 "What happened saved" "e writes it in the editor"
expect "The notice went out in the console."
keys Escape d
expect "✓ What happened" "d marks the first step done"

# The other answers come from a colleague on the command line.
answer() { run ines comm set "$C" "$1" "$2" || bail "answer $1"; }
answer people-categories customers
answer people-count "About 300"
answer data-categories contact
answer records-count 300
answer contact "Data protection officer, dpo@brightwater.example"
answer review "facts, minimum, contact"
answer recipients dpo@kestrel-bank.example
keys C-l
expect_selected "People and records"
keys d
expect "✓ People and records" "the colleague's answers are valid"
keys d
expect "✓ Consequences and measures"
keys d
expect "✓ The notice to people affect"
keys d
expect "✓ Before review"
keys p
expect "DRILL: an exercise of the breach-notification procedure" \
    "the preview carries the DRILL line"
expect "[DRILL] [SEC-2026-010]" "and the subject its mark"
keys q
expect_row 0 "herald › Playbook"
keys S
expect_row 2 "in review" "S sends it for review"

# The approvers approve it on the command line.
eval "$(sed -n '/^approve_by_hand()$/,/^}$/p' \
    "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh")"
export HERALD
check "approvers approve it" approve_by_hand "$DB" "$C"
keys C-l
expect_row 2 "approved" "the runner sees it approved"
keys D
expect_row 23 "Publish #$C and send it now? (y/n)" "D asks first"
type_text y
keys Enter
expect_row 23 "published; 2 delivered" "published and sent: one message a drill address"
tt_mails() { [ "$(ls "$TT_DIR/mail" 2>/dev/null | grep -c '\.eml$')" -eq 2 ]; }
check "the SMTP server received two messages" tt_poll tt_mails
check "it went to the drill list's tester" \
    grep -q 'tester@brightwater.example' "$TT_DIR/mail/"*.json
check "no message reached a real list, a recipient or a customer" sh -c \
    "! grep -l -e kestrel -e northwind -e example.net -e sge.example \
    -e tokyo-data '$TT_DIR/mail/'*.json"
check "its subject starts with [DRILL]" sh -c \
    "grep -q '^Subject: \[DRILL\] \[SEC-2026-010\]' '$TT_DIR/mail/'*.eml"
check "its body starts with the DRILL line" /usr/bin/python3 -c '
import email, email.policy, glob, sys
for p in glob.glob(sys.argv[1] + "/*.eml"):
    m = email.message_from_bytes(open(p, "rb").read(),
                                 policy=email.policy.default)
    first = m.get_body(("plain",)).get_content().splitlines()[0]
    if first != ("DRILL: an exercise of the breach-notification "
                 "procedure, not a real incident."):
        sys.exit(1)' "$TT_DIR/mail"
check "no row for the demo's webhook, GitHub, Jira or site" test \
    "$(/usr/bin/python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM outbox o JOIN channels h"
    " ON h.id = o.channel_id WHERE o.communication_id = ?"
    " AND (h.kind <> \"email\" OR o.target NOT IN"
    " (\"tester@brightwater.example\", \"drill-inbox@brightwater.example\"))",
    (int(sys.argv[2]),)).fetchone()[0])' "$DB" "$C")" = 0

# Back to the drills: f takes the findings from the editor.
keys q
expect_row 0 "herald › Incident "
keys q
expect_row 0 "herald › Drills" "q comes back to the drills"
expect_selected "SEC-2026-010" "the new drill is selected"
expect "running"
fake_editor ''
keys f
expect_row 23 "no findings written: drill #2 goes on" \
    "an empty editor finishes nothing"
fake_editor 'Notice out within minutes.\nThe regulator notification was not walked.\n'
keys f
expect_row 23 "drill #2 finished, 2 of 3 clocks met" \
    "f finishes it with the findings"
expect "2/3 met" "the list counts the clocks met"
expect "Clocks: 2 of 3 met"
expect "customers (#$C): met, 2 d 0 h early" "each clock and its result"
expect "due 2026-03-03 12:00, stopped 2026-03-01 12:00; Tell customers (48 h)" \
    "when it was due and when it stopped"
expect "vendor (#$C): met, 1 d 0 h early"
expect "regulator (#$((C - 1))): not reached"
expect "due 2026-03-04 12:00, stopped -; Notify the supervisory authority"
expect "Notice out within minutes." "the findings show"
expect "The regulator notification was not walked."
keys f
expect_row 23 "drill #2 was finished already"
keys Enter
expect_row 1 "SEC-2026-010  high  closed  drill" "Enter opens the closed incident"
keys Q
expect_exit

check "the findings are kept" sh -c '"$HERALD" --db "$1" drill show 2 |
    grep -qx "  Notice out within minutes."' sh "$DB"
check "the audit chain holds" "$HERALD" --db "$DB" audit verify
finish
