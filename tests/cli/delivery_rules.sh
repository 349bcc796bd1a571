#!/bin/sh
# tests/cli/delivery_rules.sh - the delivery rules attacked from outside,
# through the command line and the real test servers on 127.0.0.1: two
# senders at once never send a row twice; an unsubscribe, an erasure or an
# embargo after queueing is honoured at send time; nothing from data
# becomes a header; secrets stay out of the database, the audit export,
# the output and the errors; a secret file others may read (or not a
# regular file) is refused; plain transport to a host that is not
# loopback is refused when the channel is set and again when sending; a
# delivered row is final; a permanent failure keeps the server's words
# and makes herald check fail; corrections and withdrawals go to the
# first publication's targets only; need to know covers the outbox; the
# directory channel places the public site alone and fails for good,
# naming the path, without harming the old site.
. "$top_srcdir/tests/lib.sh"

PY=/usr/bin/python3
$PY -c 'import aiosmtpd' 2>/dev/null ||
    skip_all "python3-aiosmtpd is not installed"

test_db
export_settings
add_users "approver-legal-1 approver:legal" "eve author" "nat author"

# Everything herald prints, kept to look for secrets in at the end.
SAID="$TEST_DIR/said"
: >"$SAID"
run()
{
	_last="$*"
	"$@" >"$OUT" 2>"$ERR" </dev/null
	rc=$?
	cat "$OUT" "$ERR" >>"$SAID"
	return 0
}

# --- servers and helpers ------------------------------------------------------

# smtp NAME ARGS...: the test SMTP server with ARGS, its messages in
# $TEST_DIR/NAME, its port in $port; stopped when the script ends.
smtp()
{
	_sn=$1
	shift
	rm -f "$TEST_DIR/$_sn.port"
	$PY "$top_srcdir/tests/servers/smtp_server.py" \
	    --port-file "$TEST_DIR/$_sn.port" --maildir "$TEST_DIR/$_sn" \
	    "$@" 2>"$TEST_DIR/$_sn.log" &
	_spid=$!
	at_exit "kill $_spid 2>/dev/null; wait $_spid 2>/dev/null"
	_i=0
	while [ ! -s "$TEST_DIR/$_sn.port" ] && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	if [ ! -s "$TEST_DIR/$_sn.port" ]; then
		cat "$TEST_DIR/$_sn.log" >&2
		echo "Bail out! the SMTP server did not start"
		exit 99
	fi
	port=$(cat "$TEST_DIR/$_sn.port")
}

# sql STATEMENT [DB]: run it on the database behind herald's back,
# printing the rows joined by "|".
sql()
{
	$PY - "${2:-$db}" "$1" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in r))
c.commit()
EOF
}

# messages DIR: how many messages the SMTP server wrote to DIR.
messages()
{
	ls "$TEST_DIR/$1" 2>/dev/null | grep -c '\.eml$'
}

# rcpts DIR: every envelope recipient DIR received, one a line, sorted.
rcpts()
{
	$PY - "$TEST_DIR/$1" <<'EOF'
import glob, json, sys
for p in sorted(glob.glob(sys.argv[1] + "/*.json")):
    for r in json.load(open(p))["rcpt_tos"]:
        print(r)
EOF
}

mail_settings()
{
	printf '{"url": "smtp://%s:%s", "from": "Brightwater Security <security@brightwater.example>"%s}' "$1" "$2" "${3:-}"
}

pbdir=$(playbook_dir)
{
	playbook_head rules-mail "Rules advisory"
	playbook_facts summary long-text
	playbook_end email email "E-mail"
} >"$pbdir/rules-mail.yaml"

# approved TITLE [DB]: a new incident TITLE and a communication of
# rules-mail about it, answered and approved; sets ref and id.
approved()
{
	h incident new --title "$1" --trigger vulnerability --severity high
	expect_exit 0 "incident $1"
	ref=$(head -n 1 "$OUT")
	h comm new "$ref" --playbook rules-mail --title "$1"
	expect_exit 0
	id=$(awk 'NR == 1 { print $1 }' "$OUT")
	h comm set "$id" summary "A flaw. Upgrade now."
	expect_exit 0
	h comm done "$id" facts
	h comm submit "$id"
	expect_exit 0 "$1: submitted"
	check "$1: approved" approve_by_hand "$db" "$id"
}

# --- two senders at once on the same 200 recipients ---------------------------

smtp race
h channel add mail email --settings "$(mail_settings 127.0.0.1 "$port")"
expect_exit 0
{
	echo "address,lists,confirmed"
	i=1
	while [ $i -le 200 ]; do
		echo "r$i@example.org,advisories:*,yes"
		i=$((i + 1))
	done
} >"$TEST_DIR/many.csv"
h subscriber import "$TEST_DIR/many.csv"
expect_exit 0 "200 subscribers"
approved "Race advisory"
race=$id
h comm publish "$race" --no-send
expect_exit 0
check "200 rows queued" test "$(sql "SELECT count(*) FROM outbox
    WHERE communication_id = $race")" = 200
"$HERALD" --db "$db" --as ada publish --parallel 4 >"$TEST_DIR/p1.out" \
    2>"$TEST_DIR/p1.err" </dev/null &
p1=$!
"$HERALD" --db "$db" --as ada publish --parallel 4 >"$TEST_DIR/p2.out" \
    2>"$TEST_DIR/p2.err" </dev/null &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
cat "$TEST_DIR"/p1.* "$TEST_DIR"/p2.* >>"$SAID"
note "sender 1: $(cat "$TEST_DIR/p1.out" "$TEST_DIR/p1.err")"
note "sender 2: $(cat "$TEST_DIR/p2.out" "$TEST_DIR/p2.err")"
check "both senders exit 0" test "$r1.$r2" = 0.0
check "all 200 rows delivered" test "$(sql "SELECT count(*) FROM outbox
    WHERE communication_id = $race AND state = 'delivered'")" = 200
check "200 messages received" test "$(messages race)" = 200
check "every recipient exactly once" test \
    "$(rcpts race | sort | uniq -c | awk '$1 != 1' | wc -l)" = 0
check "every recipient reached" test "$(rcpts race | sort -u | wc -l)" = 200
check "the two senders' counts add up to 200" test "$(cat "$TEST_DIR/p1.out" \
    "$TEST_DIR/p2.out" | sed -n 's/^delivered \([0-9]*\),.*/\1/p' |
    awk '{ s += $1 } END { print s }')" = 200

# A delivered row is final.
h publish --json
expect_exit 0
expect_json_is 'd["delivered"]' 0
check "nothing sent again" test "$(messages race)" = 200
row=$(sql "SELECT min(id) FROM outbox WHERE communication_id = $race")
h outbox retry "$row"
expect_exit 5 "retrying a delivered row is refused"
h outbox cancel "$row" --reason "no"
expect_exit 5 "cancelling a delivered row is refused"
check "still delivered" test "$(sql "SELECT state FROM outbox
    WHERE id = $row")" = delivered

# A row another sender holds (its lease still running) is not the admin's
# to send again: retry refuses it rather than letting two senders have it.
sql "UPDATE outbox SET state = 'leased', lease_owner = 'elsewhere:1',
    lease_until = '2026-03-01T12:30:00Z', delivered_at = NULL
    WHERE id = $((row + 1))" >/dev/null
h outbox retry "$((row + 1))"
check "retrying a row leased by another sender is refused" test "$rc" != 0
check "the leased row stays leased" test "$(sql "SELECT state FROM outbox
    WHERE id = $((row + 1))")" = leased
h publish --json
expect_json_is 'd["delivered"]' 0
check "a leased row is not sent by another run" test "$(messages race)" = 200
sql "UPDATE outbox SET state = 'delivered', lease_owner = NULL,
    lease_until = NULL, delivered_at = '2026-03-01T12:00:00Z'
    WHERE id = $((row + 1))" >/dev/null

# The 200 leave the list (behind herald's back: one statement).
sql "DELETE FROM subscriptions WHERE subscriber_id IN (SELECT id FROM
    subscribers WHERE address LIKE 'r%@example.org')" >/dev/null

# --- unsubscribed, erased: checked again at send time --------------------------

smtp plain
h channel set mail --settings "$(mail_settings 127.0.0.1 "$port")"
expect_exit 0
for a in bob carol dave erin; do
	h subscriber add "$a@example.org" --list 'advisories:*' --confirmed
	expect_exit 0
done
approved "Leavers advisory"
leavers=$id
h comm publish "$leavers" --no-send
expect_exit 0
check "four rows queued" test "$(sql "SELECT count(*) FROM outbox
    WHERE communication_id = $leavers")" = 4
h subscriber unsubscribe dave@example.org
expect_exit 0
h subscriber remove erin@example.org
expect_exit 0
h publish
expect_exit 0
expect_out '^delivered 2, retrying 0, failed 0, cancelled 2, waiting 0$'
check "only bob and carol mailed" test "$(rcpts plain | tr '\n' ' ')" = \
    "bob@example.org carol@example.org "
check "the unsubscribed and the erased: cancelled" test "$(sql "SELECT
    count(*) FROM outbox WHERE communication_id = $leavers
    AND state = 'cancelled'")" = 2
# "remove erases the address for good": nothing in the database holds it
# any more, the outbox included.
$PY - "$db" >"$TEST_DIR/dump.sql" <<'PY'
import sqlite3, sys
for line in sqlite3.connect(sys.argv[1]).iterdump():
    print(line)
PY
run grep -c 'erin@example.org' "$TEST_DIR/dump.sql"
note "rows of the dump naming the erased address: $(cat "$OUT")"
run grep 'erin@example.org' "$TEST_DIR/dump.sql"
expect_exit 1 "the erased address is gone from the database, outbox included"

# --- an embargo after queueing: the message waits; lifted, it goes -------------

before=$(messages plain)
approved "Embargo-later advisory"
emb=$id
emb_ref=$ref
h comm publish "$emb" --no-send
expect_exit 0
h incident embargo "$emb_ref" --until 2026-04-01T00:00:00Z
expect_exit 0 "the incident under embargo after queueing"
h publish
expect_exit 0
expect_out '^delivered 0, retrying 0, failed 0, cancelled 0, waiting 2$' \
    "under embargo again: both wait"
check "nothing sent under embargo" test "$(messages plain)" = "$before"
check "the rows are pending, not failed or cancelled" test "$(sql "SELECT
    group_concat(state || ':' || attempts) FROM outbox
    WHERE communication_id = $emb")" = "pending:0,pending:0"
h incident embargo "$emb_ref" --lift
expect_exit 0
h publish
expect_exit 0
expect_out '^delivered 2,' "the embargo lifted: sent at once"
check "two more messages" test "$(messages plain)" = "$((before + 2))"
note "after the lift: $(sql "SELECT group_concat(state || ' ' ||
    next_attempt_at, ', ') FROM outbox WHERE communication_id = $emb")"

# --- header injection ------------------------------------------------------------
# Data that reaches headers, edited behind herald's back where herald
# refuses it on the way in: an address with a line break and a comma, a
# List-Id and unsubscribe address with "Bcc:" lines, a non-ASCII sender's
# name and subject.

smtp inj
h channel set mail --settings "$(printf '{"url": "smtp://127.0.0.1:%s", "from": "Brïghtwater Security <security@brightwater.example>", "unsubscribe_mailto": "unsubscribe@brightwater.example"}' "$port")"
expect_exit 0
h subscriber add "$(printf 'x@example.org\r\nBcc: y@evil.example')" \
    --list 'advisories:*' --confirmed
check "an address with a line break is refused" test "$rc" != 0
h subscriber add 'x@example.org, y@evil.example' --list 'advisories:*' \
    --confirmed
check "two addresses in one are refused" test "$rc" != 0
h subscriber add mallory@example.org --list 'advisories:*' --confirmed
expect_exit 0
sql "UPDATE subscribers SET address = 'mallory@example.org>, <y@evil.example'
    WHERE address = 'mallory@example.org'" >/dev/null
approved "Überlauf ☃ im Widget"
inj=$id
h comm publish "$inj"
expect_exit 0 "published and sent"
note "$(sql "SELECT target, state, last_error FROM outbox
    WHERE communication_id = $inj")"
check "bob and carol mailed; the poked address failed" test "$(sql "SELECT
    group_concat(state, ' ') FROM (SELECT state FROM outbox
    WHERE communication_id = $inj ORDER BY target)")" = \
    "delivered delivered failed"
cat >"$TEST_DIR/inj.py" <<'PY'
import email, email.policy, glob, json, sys
bad = []
n = 0
for p in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    n += 1
    raw = open(p, "rb").read()
    env = json.load(open(p[:-4] + ".json"))
    head = raw.split(b"\r\n\r\n", 1)[0]
    m = email.message_from_bytes(raw, policy=email.policy.default)
    if len(env["rcpt_tos"]) != 1 or "evil" in env["rcpt_tos"][0]:
        bad.append("%s: envelope %r" % (p, env["rcpt_tos"]))
    # A header line of its own (not a folded continuation) made of data.
    names = [l.split(b":", 1)[0].lower() for l in head.split(b"\r\n")
             if l[:1] not in (b" ", b"\t")]
    if b"bcc" in names or b"x-evil" in names or b"rcpt to" in names:
        bad.append("%s: injected header: %r" % (p, head))
    if any(b"\n" in l or b"\r" in l for l in head.split(b"\r\n")):
        bad.append("%s: a bare CR or LF in the header" % p)
    if m["Bcc"] is not None or m["Cc"] is not None:
        bad.append("%s: Bcc or Cc" % p)
    if len(m.get_all("To", [])) != 1 or \
            len(m["To"].addresses) != 1:
        bad.append("%s: To %r" % (p, m.get_all("To")))
    if any(b > 0x7f for b in head):
        bad.append("%s: 8-bit bytes in the header" % p)
    subj = str(m["Subject"])
    if "injection" not in subj and "\u00dcberlauf \u2603 im Widget" not in subj:
        bad.append("%s: subject %r" % (p, subj))
    if "Br\u00efghtwater" not in str(m["From"]):
        bad.append("%s: From %r" % (p, str(m["From"])))
for b in bad:
    print("# " + b)
sys.exit(0 if n and not bad else 1)
PY
run $PY "$TEST_DIR/inj.py" "$TEST_DIR/inj"
expect_exit 0 "one recipient a message, headers encoded, nothing injected"
[ "$rc" = 0 ] || cat "$OUT"
run rcpts inj
expect_no_out 'evil' "no message to an injected address"

# Line breaks in the List-Id and the unsubscribe address, behind herald's
# back: the message carries none of it, or fails for good.
n0=$(messages inj)
sql "UPDATE channels SET settings = json_set(settings,
    '$.list_id', 'Adv <adv.brightwater.example>' || char(13, 10) ||
    'Bcc: z@evil.example') WHERE name = 'mail'" >/dev/null
approved "List-Id injection advisory"
h comm publish "$id"
note "$(sql "SELECT target, state, last_error FROM outbox
    WHERE communication_id = $id")"
check "List-Id with a line break: nothing pending or leased" test -z \
    "$(sql "SELECT id FROM outbox WHERE communication_id = $id
    AND state IN ('pending', 'leased')")"
sql "UPDATE channels SET settings = json_set(settings,
    '$.list_id', 'Adv <adv.brightwater.example>', '$.unsubscribe_url',
    'https://example.org/u' || char(13, 10) || 'X-Evil: 1')
    WHERE name = 'mail'" >/dev/null
approved "Unsubscribe injection advisory"
h comm publish "$id"
note "$(sql "SELECT target, state, last_error FROM outbox
    WHERE communication_id = $id")"
check "unsubscribe URL with a line break: nothing pending or leased" \
    test -z "$(sql "SELECT id FROM outbox WHERE communication_id = $id
    AND state IN ('pending', 'leased')")"
run $PY "$TEST_DIR/inj.py" "$TEST_DIR/inj"
expect_exit 0 "still nothing injected in any message"
[ "$rc" = 0 ] || cat "$OUT"
h subscriber remove 'mallory@example.org>, <y@evil.example'
sql "DELETE FROM subscriptions WHERE subscriber_id IN (SELECT id FROM
    subscribers WHERE address LIKE 'mallory%')" >/dev/null

# --- secrets ---------------------------------------------------------------------

secret='pw-Kq7-file-secret-never-shown'
token='tok-Zx3-env-secret-never-shown'
wrong='pw-Wr0ng-env-never-shown'
printf '%s\n' "$secret" >"$TEST_DIR/smtp.pw"
chmod 600 "$TEST_DIR/smtp.pw"
smtp auth --auth "herald:$secret"
auth_port=$port
h channel set mail --settings "$(mail_settings 127.0.0.1 "$port" \
    ", \"username\": \"herald\", \"password_file\": \"$TEST_DIR/smtp.pw\"")"
expect_exit 0
approved "Secret file advisory"
h comm publish "$id"
expect_exit 0
check "logged in with the file's password: delivered" test "$(sql "SELECT
    group_concat(state) FROM outbox WHERE communication_id = $id")" = \
    "delivered,delivered"
h channel set mail --settings "$(mail_settings 127.0.0.1 "$port" \
    ", \"username\": \"herald\", \"password_env\": \"RULES_SMTP_PW\"")"
expect_exit 0
approved "Wrong password advisory"
wrongid=$id
h comm publish "$wrongid" --no-send
expect_exit 0
run env RULES_SMTP_PW="$wrong" "$HERALD" --db "$db" --as ada publish
expect_exit 13 "a refused login fails for good"
run sql "SELECT last_error FROM outbox WHERE communication_id = $wrongid"
expect_out '535' "the server's words are kept"
check "the refused password is not in last_error" test -z \
    "$(sql "SELECT id FROM outbox WHERE last_error LIKE '%$wrong%'")"

# A webhook's secret from the environment.
echo '[]' >"$TEST_DIR/script.json"
: >"$TEST_DIR/http.log"
python3 "$top_srcdir/tests/servers/http_server.py" \
    --port-file "$TEST_DIR/http.port" --log "$TEST_DIR/http.log" \
    --script "$TEST_DIR/script.json" 2>"$TEST_DIR/http.err" &
hpid=$!
at_exit "kill $hpid 2>/dev/null; wait $hpid 2>/dev/null"
i=0
while [ ! -s "$TEST_DIR/http.port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -s "$TEST_DIR/http.port" ] || { echo "Bail out! no HTTP server"; exit 99; }
hport=$(cat "$TEST_DIR/http.port")
h channel disable mail
expect_exit 0
h channel add hook webhook --settings "{\"url\":
    \"http://127.0.0.1:$hport/hook\", \"secret_env\": \"RULES_HOOK_TOKEN\"}"
expect_exit 0
approved "Env token advisory"
hookid=$id
run env RULES_HOOK_TOKEN="$token" "$HERALD" --db "$db" --as ada comm \
    publish "$hookid"
expect_exit 0
check "the webhook delivered" test "$(sql "SELECT state FROM outbox
    WHERE communication_id = $hookid")" = delivered
hookrow=$(sql "SELECT id FROM outbox WHERE communication_id = $hookid")
check "the token was not sent" test -z "$(grep -- "$token" "$TEST_DIR/http.log")"

# Credentials offered in the settings are refused, and not kept.
h channel add lit webhook --settings "{\"url\": \"http://127.0.0.1:$hport/x\",
    \"secret\": \"lit-Secret-in-settings\"}"
check "a secret in the settings is refused" test "$rc" != 0
h channel add lit2 email --settings "$(printf '{"url": "smtp://herald:lit-Secret-in-url@127.0.0.1:%s", "from": "S <s@brightwater.example>"}' "$auth_port")"
check "a password in the URL is refused" test "$rc" != 0
h channel add lit3 webhook --settings "{\"url\":
    \"http://u:lit-Secret-in-url@127.0.0.1:$hport/x\"}"
check "a password in an http URL is refused" test "$rc" != 0

# --- secret files: readable by others, not regular files -------------------------
# The webhook's row is sent again with each kind of bad file; each must
# fail (or be refused when set), naming the file, never reading a secret
# out of it.

printf '%s\n' "$secret" >"$TEST_DIR/open.pw"
chmod 644 "$TEST_DIR/open.pw"
ln -s "$TEST_DIR/open.pw" "$TEST_DIR/link-open.pw"
ln -s "$TEST_DIR/smtp.pw" "$TEST_DIR/link-600.pw"
mkdir -p "$TEST_DIR/dir.pw"
chmod 700 "$TEST_DIR/dir.pw"
mkfifo -m 600 "$TEST_DIR/fifo.pw"
# bad_secret DESC FILE: the webhook's secret in FILE is refused.
bad_secret()
{
	h channel set hook --settings "{\"url\":
	    \"http://127.0.0.1:$hport/hook\", \"secret_file\": \"$2\"}"
	if [ "$rc" != 0 ]; then
		expect_err "$2" "$1: refused when set, naming the file"
		return
	fi
	h outbox retry "$hookrow"
	sql "UPDATE outbox SET state = 'failed' WHERE id = $hookrow" >/dev/null
	h outbox retry "$hookrow"
	n0=$(wc -l <"$TEST_DIR/http.log")
	run timeout 20 "$HERALD" --db "$db" --as ada publish --timeout 5
	check "$1: publish ends (exit $rc)" test "$rc" = 13
	check "$1: nothing sent" test "$(wc -l <"$TEST_DIR/http.log")" = "$n0"
	run sql "SELECT state, last_error FROM outbox WHERE id = $hookrow"
	expect_out "^failed\|.*$2" "$1: failed for good, naming the file"
}
bad_secret "a secret file of mode 0644" "$TEST_DIR/open.pw"
expect_out 'mode 0644.*chmod 600' "the mode and the advice"
bad_secret "a symlink to a file of mode 0644" "$TEST_DIR/link-open.pw"
bad_secret "a directory as secret file" "$TEST_DIR/dir.pw"
bad_secret "a FIFO as secret file" "$TEST_DIR/fifo.pw"
h channel set hook --settings "{\"url\":
    \"http://127.0.0.1:$hport/hook\", \"secret_file\": \"$TEST_DIR/link-600.pw\"}"
note "a symlink to a 0600 file, when set: exit $rc $(cat "$ERR")"

# The same as an unprivileged user (CI runs as root): a 0640 file of
# another group member's, and a 0644 one of its own.
if have setpriv && id nobody >/dev/null 2>&1; then
	nb="$TEST_DIR/nb"
	mkdir -p "$nb"
	printf '%s\n' "$secret" >"$nb/own.pw"
	chmod 644 "$nb/own.pw"
	h channel set hook --settings "{\"url\":
	    \"http://127.0.0.1:$hport/hook\", \"secret_file\": \"$nb/own.pw\"}"
	expect_exit 0
	sql "UPDATE outbox SET state = 'failed' WHERE id = $hookrow" >/dev/null
	h outbox retry "$hookrow"
	h backup "$nb/h.db"
	expect_exit 0
	chown -R nobody "$nb"
	n0=$(wc -l <"$TEST_DIR/http.log")
	run setpriv --reuid nobody --regid nogroup --clear-groups env \
	    HOME="$nb" timeout 20 "$HERALD" --db "$nb/h.db" --as ada publish
	expect_exit 13 "as nobody: its own 0644 secret file is refused"
	check "as nobody: nothing sent" test "$(wc -l <"$TEST_DIR/http.log")" = "$n0"
	run sql "SELECT last_error FROM outbox WHERE id = $hookrow" "$nb/h.db"
	expect_out "$nb/own.pw has mode 0644" "naming the file and its mode"
else
	note "no setpriv or no user nobody: the unprivileged checks are skipped"
fi
h channel disable hook
expect_exit 0

# --- plain transport to a host that is not loopback ------------------------------

n=0
for u in "http://mail.invalid/hook" "http://127.0.0.1@mail.invalid/hook" \
    "http://localhost.mail.invalid/hook" "http://127.0.0.1.mail.invalid/x" \
    "http://0.0.0.0:$hport/hook" "http://[::ffff:192.0.2.1]/x" \
    "http://mail.invalid#@127.0.0.1/x" "HTTP://mail.invalid/x"; do
	n=$((n + 1))
	h channel add "plain$n" webhook --settings "{\"url\": \"$u\"}"
	check "plain http to $u refused at channel add" test "$rc" != 0
	[ "$rc" = 0 ] && h channel disable "plain$n"
done
h channel add plainm email --settings '{"url": "smtp://mail.invalid:25",
    "from": "S <s@brightwater.example>", "tls": "loopback-plain"}'
check "smtp without TLS to mail.invalid refused at channel add" test "$rc" != 0
[ "$rc" = 0 ] && h channel disable plainm
h channel add plainm3 email --settings '{"url":
    "smtp://127.0.0.1.mail.invalid:25", "from": "S <s@brightwater.example>",
    "tls": "loopback-plain"}'
check "smtp without TLS to 127.0.0.1.mail.invalid refused at channel add" \
    test "$rc" != 0
[ "$rc" = 0 ] && h channel disable plainm3
h channel add plainm2 email --settings "{\"url\": \"smtp://0.0.0.0:$auth_port\",
    \"from\": \"S <s@brightwater.example>\", \"tls\": \"loopback-plain\"}"
check "smtp without TLS to 0.0.0.0 refused at channel add" test "$rc" != 0
[ "$rc" = 0 ] && h channel disable plainm2

# At send time: the settings changed behind herald's back to 0.0.0.0 (not
# a loopback address, though a connection to it lands on this machine's
# test servers, so a message sent in clear would show).
smtp clear
clear_port=$port
h channel add clear email --settings "$(mail_settings 127.0.0.1 "$port" \
    ', "tls": "loopback-plain"')"
expect_exit 0
h channel add hook2 webhook --settings "{\"url\":
    \"http://127.0.0.1:$hport/hook2\", \"secret_file\": \"$TEST_DIR/smtp.pw\"}"
expect_exit 0
sql "UPDATE channels SET settings = json_set(settings, '$.url',
    'smtp://0.0.0.0:$clear_port') WHERE name = 'clear'" >/dev/null
sql "UPDATE channels SET settings = json_set(settings, '$.url',
    'http://0.0.0.0:$hport/hook2') WHERE name = 'hook2'" >/dev/null
h subscriber add zed@example.org --list 'advisories:*' --confirmed
expect_exit 0
approved "Clear text advisory"
clearid=$id
n0=$(wc -l <"$TEST_DIR/http.log")
h comm publish "$clearid"
expect_exit 0
note "$(sql "SELECT channel_id, state, last_error FROM outbox
    WHERE communication_id = $clearid")"
check "no mail sent in clear to 0.0.0.0" test "$(messages clear)" = 0
check "no request in clear to 0.0.0.0" test "$(wc -l <"$TEST_DIR/http.log")" = "$n0"
check "the rows to 0.0.0.0 failed for good" test "$(sql "SELECT
    group_concat(DISTINCT o.state) FROM outbox o JOIN channels ch
    ON ch.id = o.channel_id WHERE o.communication_id = $clearid
    AND ch.name IN ('clear', 'hook2')")" = failed
h channel disable clear
h channel disable hook2

# --- a permanent failure: the server's words, herald check exits 12 -------------

smtp reject --reject zed@example.org
h channel set mail --settings "$(mail_settings 127.0.0.1 "$port")"
expect_exit 0
h channel enable mail
expect_exit 0
approved "Rejected advisory"
rej=$id
h comm publish "$rej" --no-send
expect_exit 0
h publish --comm "$rej"
expect_exit 13 "a 550 fails for good: exit 13"
rejrow=$(sql "SELECT id FROM outbox WHERE communication_id = $rej
    AND target = 'zed@example.org'")
run sql "SELECT state, last_error FROM outbox WHERE id = $rejrow"
expect_out '^failed\|.*550 5\.1\.1 <zed@example\.org>: mailbox unavailable' \
    "the server's words kept"
h check
expect_exit 12 "herald check exits 12 on a message failed for good"
note "herald check: $(grep -i -e fail -e "$rejrow" "$OUT")"
expect_out "(^|[^0-9])$rejrow([^0-9]|\$)" "herald check names the failed message"
expect_out '550' "with the server's words"
h check --json
expect_json
h subscriber remove zed@example.org
expect_exit 0

# --- corrections and withdrawals: the first publication's targets ----------------

h channel set mail --settings "$(mail_settings 127.0.0.1 "$(cat "$TEST_DIR/plain.port")")"
expect_exit 0
approved "Corrected advisory"
cor=$id
h comm publish "$cor"
expect_exit 0
first=$(sql "SELECT group_concat(target, ' ') FROM (SELECT target FROM outbox
    WHERE communication_id = $cor ORDER BY target)")
note "first publication to: $first"
h subscriber add newbie@example.org --list 'advisories:*' --confirmed
expect_exit 0
h subscriber unsubscribe carol@example.org
expect_exit 0
h comm update "$cor" --reason correction --note "the range was wrong"
expect_exit 0
h comm set "$cor" summary "A flaw, corrected."
h comm done "$cor" facts
h comm submit "$cor"
expect_exit 0
check "correction approved" approve_by_hand "$db" "$cor"
h comm publish "$cor"
expect_exit 0
note "correction: $(sql "SELECT group_concat(target || '=' || state, ' ') FROM
    (SELECT target, state FROM outbox WHERE communication_id = $cor
     AND purpose = 'correction' ORDER BY target)")"
check "the correction: no one who subscribed since" test -z "$(sql "SELECT id
    FROM outbox WHERE target = 'newbie@example.org'")"
check "the correction: only the first publication's targets" test -z \
    "$(sql "SELECT id FROM outbox WHERE communication_id = $cor
    AND purpose = 'correction' AND target NOT IN (SELECT target FROM outbox
    WHERE communication_id = $cor AND purpose = 'publish')")"
check "the correction: not mailed to who unsubscribed since" test -z \
    "$(sql "SELECT id FROM outbox WHERE communication_id = $cor
    AND purpose = 'correction' AND target = 'carol@example.org'
    AND state = 'delivered'")"
check "the correction: mailed to bob" test "$(sql "SELECT state FROM outbox
    WHERE communication_id = $cor AND purpose = 'correction'
    AND target = 'bob@example.org'")" = delivered
h comm withdraw "$cor" --reason "issued in error"
expect_exit 0
note "withdrawal: $(sql "SELECT group_concat(target || '=' || state, ' ') FROM
    (SELECT target, state FROM outbox WHERE communication_id = $cor
     AND purpose = 'withdrawal' ORDER BY target)")"
check "the withdrawal: bob, and no newcomer, no leaver mailed" test \
    "$(sql "SELECT group_concat(target, ' ') FROM (SELECT target FROM outbox
    WHERE communication_id = $cor AND purpose = 'withdrawal'
    AND state = 'delivered' ORDER BY target)")" = bob@example.org
run grep -l -e newbie@ "$TEST_DIR"/plain/*.json
expect_exit 1 "nothing ever mailed to the newcomer"

# --- need to know: the outbox of an embargoed incident -----------------------------

incident_as nat --title "Secret flaw" --trigger vulnerability \
    --severity high --embargo-until 2026-06-01T00:00:00Z
sref=$ref
as nat comm new "$sref" --playbook rules-mail --title "Secret flaw"
expect_exit 0
sid=$(awk 'NR == 1 { print $1 }' "$OUT")
as nat comm set "$sid" summary "Secret"
as nat comm done "$sid" facts
as nat comm submit "$sid"
expect_exit 0
check "the embargoed one approved" approve_by_hand "$db" "$sid"
as nat comm publish "$sid" --no-send
expect_exit 0 "published under embargo (its messages wait)"
srow=$(sql "SELECT min(id) FROM outbox WHERE communication_id = $sid")
check "its rows queued" test -n "$srow"
as eve outbox list
expect_no_out "c$sid[^0-9]" "eve, not named, lists none of its rows"
as eve outbox list --json
expect_no_out "\"id\": *$srow[,}]" "nor in JSON"
as eve outbox list --comm "$sid"
check "nor by --comm" test "$(grep -c "bob@" "$OUT")" = 0
as eve outbox show "$srow"
check "eve may not show one of its rows" test "$rc" != 0
expect_no_out "bob@" "and sees nothing of it"
as eve comm deliveries "$sid"
check "eve may not list its deliveries" test "$rc" != 0
expect_no_out "bob@"
as eve publish --comm "$sid" --json
note "eve: publish --comm $sid: exit $rc $(cat "$OUT" "$ERR")"
check "eve's publish sends nothing of it" test "$(sql "SELECT count(*) FROM
    outbox WHERE communication_id = $sid AND state = 'delivered'")" = 0
as nat outbox list --comm "$sid"
expect_out "bob@" "nat, named, sees them"

# --- the directory channel --------------------------------------------------------

h channel disable mail
expect_exit 0
{
	cat <<'YAML'
playbook: rules-regulator
version: "1"
title: Regulator notice
kind: regulator-notification
audience: regulator
YAML
	playbook_facts summary long-text
	playbook_end regulator markdown "Regulator notice"
} >"$pbdir/rules-regulator.yaml"
h incident new --title "Breach at the edge" --trigger data-breach \
    --severity high
expect_exit 0
h comm new "$(head -n 1 "$OUT")" --playbook rules-regulator \
    --title "QQINTERNALQQ regulator notice"
expect_exit 0 "an internal document"
rid=$(awk 'NR == 1 { print $1 }' "$OUT")
h comm set "$rid" summary "QQINTERNALQQ the regulator's details"
h comm done "$rid" facts
h comm submit "$rid"
check "the internal one approved" approve_by_hand "$db" "$rid"
h comm publish "$rid"
expect_exit 0
h channel add site directory --settings "{\"path\": \"$TEST_DIR/www\"}"
expect_exit 0
approved "Site advisory"
h comm publish "$id"
expect_exit 0
check "the site is placed" test -f "$TEST_DIR/www/index.html"
run grep -rl QQINTERNALQQ "$TEST_DIR/www"
expect_exit 1 "no internal document in the web root"
run find "$TEST_DIR/www" -name '*.md'
check "no Markdown sources in the web root" test ! -s "$OUT"
(cd "$TEST_DIR/www" && find . -type f | sort | xargs md5sum) >"$TEST_DIR/site.sum"

# The path a regular file: fails for good naming it; the file untouched.
echo "not a site" >"$TEST_DIR/afile"
h channel add site2 directory --settings "{\"path\": \"$TEST_DIR/afile\"}"
if [ "$rc" = 0 ]; then
	h channel disable site
	approved "File path advisory"
	h comm publish "$id"
	run sql "SELECT state, last_error FROM outbox WHERE communication_id = $id"
	expect_out "^failed\|.*$TEST_DIR/afile" "a file as path: failed, naming it"
	check "the file untouched" test "$(cat "$TEST_DIR/afile")" = "not a site"
	h channel disable site2
	h channel enable site
else
	expect_err afile "a file as path refused when set, naming it"
fi

# Unwritable, as an unprivileged user: fails for good naming the path; the
# old site still whole.
if have setpriv && id nobody >/dev/null 2>&1; then
	approved "Unwritable site advisory"
	h comm publish "$id" --no-send
	expect_exit 0
	nb2="$TEST_DIR/nb2"
	mkdir -p "$nb2"
	h backup "$nb2/h.db"
	chown -R nobody "$nb2"
	sql "UPDATE channels SET settings = json_set(settings, '$.path',
	    '$TEST_DIR/www') WHERE name = 'site'" "$nb2/h.db" >/dev/null
	run setpriv --reuid nobody --regid nogroup --clear-groups env \
	    HOME="$nb2" timeout 30 "$HERALD" --db "$nb2/h.db" --as ada publish
	expect_exit 13 "as nobody, an unwritable web root fails for good"
	run sql "SELECT state, last_error FROM outbox WHERE communication_id = $id" "$nb2/h.db"
	expect_out "^failed\|.*$TEST_DIR/www" "naming the path"
	run sh -c "cd '$TEST_DIR/www' && md5sum -c --quiet '$TEST_DIR/site.sum'"
	expect_exit 0 "the old site intact"
	check "nothing left beside it" test -z "$(ls -A "$TEST_DIR" | grep '^\.www')"
fi

# --- secrets never shown, never kept ----------------------------------------------

h channel show hook
h channel list --json
h outbox show "$hookrow"
h audit export --format jsonl --out "$TEST_DIR/audit.jsonl"
expect_exit 0
$PY - "$db" >"$TEST_DIR/dump.sql" <<'PY'
import sqlite3, sys
for line in sqlite3.connect(sys.argv[1]).iterdump():
    print(line)
PY
for s in "$secret" "$token" "$wrong" lit-Secret-in-settings lit-Secret-in-url; do
	run grep -l -- "$s" "$TEST_DIR/dump.sql" "$TEST_DIR/audit.jsonl" "$SAID" \
	    "$db"*
	expect_exit 1 "$s: not in the database, the audit export or any output"
done

h audit verify
expect_exit 0 "the audit chain holds"

finish
