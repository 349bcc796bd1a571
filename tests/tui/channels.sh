#!/bin/sh
# tests/tui/channels.sh - channels and the outbox in the console, on the
# demo database and a real SMTP server on 127.0.0.1: an admin publishes
# an approved advisory in the runner and sees it sent ("published; 4
# delivered, 1 failed"); the Channels and outbox screen shows each
# channel's settings with nothing secret, and the queue with state,
# attempts and last error; R sends the failed message again and p sends
# what is due, with its outcome; X cancels it with a reason; both reach
# the audit log; someone who is no admin is refused with core's words.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup
demo_copy channels
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

# The SMTP server: refuses bad@example.org for good (550), takes the
# rest; stopped with the tmux server when the test ends.
/usr/bin/python3 "$SRV" --port-file "$TT_DIR/smtp.port" \
    --maildir "$TT_DIR/mail" --reject bad@example.org \
    >"$TT_DIR/smtp.log" 2>&1 &
SMTP_PID=$!
trap 'kill "$SMTP_PID" 2>/dev/null; tt_cleanup' EXIT
tt_port() { [ -s "$TT_DIR/smtp.port" ]; }
tt_poll tt_port || { note_stdin <"$TT_DIR/smtp.log"; bail "the SMTP server starts"; }
PORT=$(cat "$TT_DIR/smtp.port")

# Only our mail channel is on; the demo's others are turned off. A
# webhook channel (off) names its secret by a variable, never holds it.
for c in $("$HERALD" --db "$DB" channel list | awk 'NR > 1 { print $1 }'); do
	run ines channel disable "$c" || bail "disable the demo's channel $c"
done
run ines channel add mail email --settings "{\"url\": \"smtp://127.0.0.1:$PORT\",
    \"from\": \"Brightwater Security <security@brightwater.example>\",
    \"tls\": \"loopback-plain\"}" || bail "add the mail channel"
run ines channel add hook webhook --settings \
    '{"url": "http://127.0.0.1:9/hook", "secret_env": "HERALD_HOOK_SECRET"}' &&
    run ines channel disable hook || bail "add the webhook channel"
for a in ann@example.org bob@example.org bad@example.org; do
	run ines subscriber add "$a" --list 'advisories:*' --confirmed ||
	    bail "subscribe $a"
done
run ines subscriber add carl@example.org --list 'advisories:*' ||
    bail "subscribe carl (unconfirmed)"

# The demo's advisory in review about the Beacon SDK, approved by hand;
# the clock goes past its embargo (the demo's own clock plus ten days).
COMM=$("$HERALD" --db "$DB" comm list |
    awk '/Beacon SDK 2: certificate pinning bypass/ { print $1; exit }')
check "the demo has the Beacon SDK advisory in review" test -n "$COMM"
eval "$(sed -n '/^approve_by_hand()$/,/^}$/p' \
    "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh")"
export HERALD
check "approvers approve it" approve_by_hand "$DB" "$COMM"
HERALD_NOW=2026-04-01T12:00:00Z
export HERALD_NOW
LATER=HERALD_NOW=$HERALD_NOW

# Published in the runner: D asks, then sends with a progress bar and
# says what happened.
start publish 80 24 "$LATER" -- --db "$DB" --as ines
keys I
expect_row 0 "herald › Incidents"
move_to "Certificate pinning bypass"
keys Enter
expect_row 0 "herald › Incident " "Enter opens the incident"
keys Tab Tab
move_to "Beacon SDK 2: certificate pinning bypass"
keys Enter
expect_row 0 "herald › Playbook" "Enter opens it in the runner"
expect_row 2 "approved"
keys D
expect_row 23 "Publish #$COMM and send it now? (y/n)" "D asks first"
type_text y
keys Enter
expect_row 23 "published; 4 delivered, 1 failed" \
    "it is published and sent at once: four delivered, one refused"
expect_row 2 "published" "the runner shows it published"
tt_mails() { [ "$(ls "$TT_DIR/mail" 2>/dev/null | grep -c '\.eml$')" -eq 4 ]; }
check "the SMTP server received four messages" tt_poll tt_mails
check "the advisory went to no unconfirmed address" sh -c \
    "! grep -l 'carl@example.org' '$TT_DIR/mail/'*.json"

# The Channels and outbox screen, from home with O.
keys H
expect_row 0 "herald › Home"
keys O
expect_row 0 "herald › Channels and outbox" "O opens channels and the outbox"
expect "Channels: 7"
expect "Outbox: " "the queue's counts"
expect "1 failed, 0 cancelled"
expect_row 7 "failed" "a failed message comes first"
expect_selected "bad@example.org" "it is selected"
expect "550" "with the server's words"
expect "last error: " "the footer shows its last error in full"
keys Tab
expect "Channels: 7" 
move_to "hook" "Tab moves to the channels"
expect "secret_env=\$HERALD_HOOK_SECRET (not set" \
    "the webhook's secret shows by its variable, said not set"
move_to "mail " "the mail channel"
expect "url=smtp://127.0.0.1:$PORT" "its settings in full in the footer"
expect "tls=loopback-plain"
keys Tab

# R: the failed message is due again (audited); p sends it, refused again.
ID=$("$HERALD" --db "$DB" audit log --limit 0 |
    grep -o 'outbox\.failed *outbox:[0-9]*' | head -1 | sed 's/.*://')
check "the audit log has the failure" test -n "$ID"
keys R
expect_row 23 "message #$ID is due again" "R sends it again"
expect_selected "pending" "it is pending, still selected"
keys p
expect_row 23 "sent: 1 delivered, 1 failed" \
    "p sends what is due: carl's confirmation, and the refused one again"
expect_selected "failed" "and failed again"
expect_selected "bad@example.org"

# X asks why; an empty reason changes nothing; then it is cancelled.
keys X
expect_row 23 "Why cancel message #$ID?" "X asks why"
keys Enter
expect_row 23 "no reason given; nothing changed"
keys X
type_text "address gone"
keys Enter
expect_row 23 "message #$ID cancelled" "X cancels it"
expect "0 failed, 1 cancelled" "nothing failed left; one cancelled"
keys Q
expect_exit

audit_log
check "the retry is in the audit log" grep -q "outbox\.retry *outbox:$ID " "$AUDIT"
check "the cancel is in the audit log" grep -q "outbox\.cancelled *outbox:$ID " "$AUDIT"
check "the reason is not (only its hash)" sh -c "! grep -q 'address gone' '$AUDIT'"

# The incident shows which customers were told and when: the external
# post-incident report goes to the customers running the affected
# release (the demo's Northwind Logistics), published and sent on the
# command line.
PIR=$("$HERALD" --db "$DB" comm list |
    awk '/What happened and what we changed/ { print $1; exit }')
check "the demo has the external post-incident report in review" test -n "$PIR"
check "approvers approve it" approve_by_hand "$DB" "$PIR"
"$HERALD" --db "$DB" --as ines comm publish "$PIR" >"$TT_DIR/pir.out" 2>&1
note_stdin <"$TT_DIR/pir.out"
start told 80 24 "$LATER" -- --db "$DB" --as ines
keys I
expect_row 0 "herald › Incidents"
move_to "Remote code execution in the Harbo"
keys Enter
expect_row 0 "herald › Incident " "Enter opens the incident"
keys Tab Tab Tab
expect "Outbox " "Tab goes to the deliveries"
keys G
expect "Told " "the last communication names the customers it told"
expect "Northwind Logistics: told 2026-04-01 12:00" \
    "Northwind Logistics was told, and when"
keys Q
expect_exit

# An author who is no admin is refused, in core's words.
start author 80 24 "$LATER" -- --db "$DB" --as alice
keys O
expect_row 0 "herald › Channels and outbox"
keys R
expect_row 23 "alice needs the admin role for that" \
    "R is refused to alice in core's words"
keys Q
expect_exit

finish
