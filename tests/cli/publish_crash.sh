#!/bin/sh
# tests/cli/publish_crash.sh - an advisory to 1,000 confirmed subscribers
# survives a publisher killed with SIGKILL in the middle of the run, and
# one stopped at each step of a delivery through the fault-injection
# points (HERALD_FAULT=after-lease: leased, nothing sent; after-send:N: a
# message sent, its outcome not recorded). Run again once the leases ran
# out, every recipient has the message, and every repeat carries the same
# Message-ID as the first copy (the outbox row's idempotency key).
. "$top_srcdir/tests/lib.sh"

PY=/usr/bin/python3
$PY -c 'import aiosmtpd' 2>/dev/null ||
    skip_all "python3-aiosmtpd is not installed"

N=1000
test_db
export_settings
add_users "approver-legal-1 approver:legal"

# at TIME ARGS...: herald ARGS as ada with the clock at TIME (on 1 March).
at()
{
	_t=$1
	shift
	run env HERALD_NOW="2026-03-01T$_t:00Z" "$HERALD" --db "$db" --as ada \
	    "$@"
}

# Every message of communication COMM in MAILDIR against the outbox: each
# row delivered, each recipient has it, each copy's Message-ID is its
# row's; prints "DUPLICATES" (copies beyond one per recipient).
cat >"$TEST_DIR/check.py" <<'EOF'
import email, email.policy, glob, os, sqlite3, sys

db, maildir, comm = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = sqlite3.connect(db)
rows = {}
for key, target, state in c.execute("SELECT idempotency_key, target, state"
        " FROM outbox WHERE communication_id = ?", (comm,)):
    rows["<%s@brightwater.example>" % key] = (target, state)
copies = {}
bad = []
for path in glob.glob(os.path.join(maildir, "*.eml")):
    m = email.message_from_bytes(open(path, "rb").read(),
        policy=email.policy.default)
    mid = str(m["Message-ID"])
    if mid not in rows:
        bad.append("%s: unknown Message-ID %s" % (path, mid))
        continue
    to = str(m["To"]).strip("<>")
    if to != rows[mid][0]:
        bad.append("%s: To %s but the row's target is %s" %
            (path, to, rows[mid][0]))
    copies[mid] = copies.get(mid, 0) + 1
for mid, (target, state) in rows.items():
    if state != "delivered":
        bad.append("%s: %s" % (target, state))
    if mid not in copies:
        bad.append("%s: no message" % target)
if len(rows) != int(sys.argv[4]):
    bad.append("%d rows, expected %s" % (len(rows), sys.argv[4]))
for b in bad[:20]:
    print("# " + b)
print(sum(copies.values()) - len(copies))
sys.exit(1 if bad else 0)
EOF

# check_all DESC DIR COMM: check.py passes; sets dups.
check_all()
{
	run $PY "$TEST_DIR/check.py" "$db" "$TEST_DIR/$2" "$3" "$N"
	expect_exit 0 "$1"
	dups=$(tail -n 1 "$OUT")
	note "$1: $dups repeat(s)"
}

# --- 1,000 confirmed subscribers, three advisories queued ----------------

subscribers_csv "$TEST_DIR/subs.csv" "$N"
h subscriber import "$TEST_DIR/subs.csv"
expect_exit 0 "1,000 subscribers imported"

pbdir=$(playbook_dir)
{
	playbook_head mail-flow "Mail test advisory"
	playbook_facts summary long-text
	playbook_end email email "E-mail"
} >"$pbdir/mail-flow.yaml"
smtp_server kill
h channel add mail email --settings "{\"url\": \"smtp://127.0.0.1:$port\",
    \"from\": \"Brightwater Security <security@brightwater.example>\"}"
expect_exit 0
h incident new --title "Overflow in the widget" --trigger vulnerability \
    --severity high
expect_exit 0
ref=$(cat "$OUT")
for title in "Killed run" "After lease" "After send"; do
	h comm new "$ref" --playbook mail-flow --title "$title"
	expect_exit 0
	id=$(awk 'NR == 1 { print $1 }' "$OUT")
	comm_set "$id" summary "Upgrade now."
	h comm done "$id" facts
	expect_exit 0
	h comm submit "$id"
	expect_exit 0
	approve_by_hand "$db" "$id" >/dev/null
	h comm publish "$id" --no-send
	expect_exit 0 "$title: $N messages queued"
	eval "c_$(echo "$title" | tr -dc 'a-zA-Z')=$id"
done
# shellcheck disable=SC2154
c1=$c_Killedrun c2=$c_Afterlease c3=$c_Aftersend

# --- SIGKILL in the middle of the run --------------------------------------

env HERALD_NOW=2026-03-01T12:00:00Z "$HERALD" --db "$db" --as ada \
    publish --comm "$c1" >"$TEST_DIR/killed.out" 2>&1 &
pub=$!
_i=0
while [ "$(messages kill)" -lt 300 ] && [ $_i -lt 300 ] &&
    kill -0 $pub 2>/dev/null; do
	sleep 0.05
	_i=$((_i + 1))
done
kill -KILL $pub 2>/dev/null
wait $pub
killed_rc=$?
sent=$(messages kill)
note "killed after $sent messages"
check "the publisher was killed mid-run" test "$killed_rc" = 137 -a \
    "$sent" -lt "$N"
at 12:01 publish --comm "$c1"
expect_exit 0 "a run while the leases hold"
at 12:10 publish --comm "$c1"
expect_exit 0 "the run after the leases ran out"
expect_out '^delivered [0-9]+, retrying 0, failed 0'
check_all "killed run: every recipient has it" kill "$c1"

# --- after-lease: leased, nothing sent --------------------------------------

smtp_server lease
h channel set mail --settings "{\"url\": \"smtp://127.0.0.1:$port\",
    \"from\": \"Brightwater Security <security@brightwater.example>\"}"
expect_exit 0
run env HERALD_FAULT=after-lease HERALD_NOW=2026-03-01T12:10:00Z \
    "$HERALD" --db "$db" --as ada publish --comm "$c2"
check "after-lease: killed by SIGKILL" test "$rc" = 137
check "after-lease: nothing sent" test "$(messages lease)" = 0
check "after-lease: its rows are leased" test "$($PY - "$db" "$c2" <<'EOF'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM outbox"
    " WHERE communication_id = ? AND state = 'leased'",
    (int(sys.argv[2]),)).fetchone()[0])
EOF
)" -gt 0
at 12:20 publish --comm "$c2"
expect_exit 0
check_all "after-lease: every recipient has it" lease "$c2"
check "after-lease: no repeats" test "$dups" = 0

# --- after-send:N: sent, not recorded ---------------------------------------

smtp_server send
h channel set mail --settings "{\"url\": \"smtp://127.0.0.1:$port\",
    \"from\": \"Brightwater Security <security@brightwater.example>\"}"
expect_exit 0
run env HERALD_FAULT=after-send:250 HERALD_NOW=2026-03-01T12:20:00Z \
    "$HERALD" --db "$db" --as ada publish --comm "$c3"
check "after-send:250: killed by SIGKILL" test "$rc" = 137
check "after-send:250: at least 250 sent" test "$(messages send)" -ge 250
at 12:30 publish --comm "$c3"
expect_exit 0
check_all "after-send: every recipient has it" send "$c3"
check "after-send: the unrecorded message went again, same Message-ID" \
    test "$dups" -ge 1

h audit verify
expect_exit 0 "the audit chain holds"
finish
