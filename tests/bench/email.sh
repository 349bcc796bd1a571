#!/bin/sh
# tests/bench/email.sh - deliver one advisory to N confirmed subscribers
# (10,000 by default) through the local test SMTP server
# (tests/servers/smtp_server.py, aiosmtpd) with `herald publish`, and print
# messages per second; then the same server's throughput from a plain
# Python smtplib client sending the same message as many times over as
# many connections, for comparison. A benchmark: it prints figures and
# never fails on a timing; make check does not run it.
#
#   tests/bench/email.sh [N [PARALLEL]]      (defaults: 10000, 8)
#   HERALD=/path/to/herald tests/bench/email.sh
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
: "${HERALD:=$top/build/herald}"
N=${1:-10000}
P=${2:-8}
PY=/usr/bin/python3
top_srcdir=$top
export HERALD top_srcdir
export HERALD_DATADIR="${HERALD_DATADIR:-$top/share}"

[ -x "$HERALD" ] || { echo "email.sh: no herald at $HERALD (build first, or set HERALD)" >&2; exit 1; }
$PY -c 'import aiosmtpd' 2>/dev/null ||
    { echo "email.sh: python3-aiosmtpd is not installed" >&2; exit 1; }

# The test helpers: a private directory, a pinned clock, approve_by_hand,
# the test SMTP server.
. "$top/tests/lib.sh" >/dev/null

# need DESC: the last `run` succeeded, or stop with its output.
need()
{
	[ "$rc" = 0 ] && return 0
	echo "email.sh: $1 failed (exit $rc)" >&2
	cat "$OUT" "$ERR" >&2
	exit 1
}

db=$TEST_DIR/bench.db
h() { run "$HERALD" --db "$db" --as ada "$@"; }
run "$HERALD" --as ada --db "$db" init --testing
need "herald init"
h settings set site.url https://example.org/ && need settings
h settings set publisher.name "Example Software" && need settings
h user add approver-legal-1 --role approver:legal && need "user add"

smtp_server mail --stats "$TEST_DIR/stats.json"

subscribers_csv "$TEST_DIR/subs.csv" "$N"
h subscriber import "$TEST_DIR/subs.csv"
need "subscriber import"
h channel add mail email --settings "{\"url\": \"smtp://127.0.0.1:$port\",
    \"from\": \"Example Security <security@example.org>\",
    \"list_id\": \"advisories <advisories.example.org>\"}"
need "channel add"

pbdir=$(playbook_dir)
{
	playbook_head bench-mail "Benchmark advisory"
	playbook_facts summary long-text
	playbook_end email email "E-mail"
} >"$pbdir/bench-mail.yaml"
h incident new --title "Overflow in the widget" --trigger vulnerability \
    --severity high
need "incident new"
ref=$(cat "$OUT")
h comm new "$ref" --playbook bench-mail --title "Overflow in the widget"
need "comm new"
id=$(awk 'NR == 1 { print $1 }' "$OUT")
h comm set "$id" summary "A buffer overflow lets a remote attacker run code. Upgrade to 2.4.1 now."
need "comm set"
h comm done "$id" facts && need "comm done"
h comm submit "$id" && need "comm submit"
approve_by_hand "$db" "$id" >/dev/null || { echo "email.sh: approval failed" >&2; exit 1; }
start=$(date +%s.%N)
h comm publish "$id" --no-send
need "comm publish"
end=$(date +%s.%N)
queued=$(awk '/messages queued/ { print $1 }' "$OUT")

echo "herald publish: one advisory to $N confirmed subscribers, $P at once"
$PY -c 'import sys; print("  queueing (comm publish):  %.2f s" % (float(sys.argv[2]) - float(sys.argv[1])))' "$start" "$end"
start=$(date +%s.%N)
h publish --parallel "$P" --json
need "herald publish"
end=$(date +%s.%N)
$PY - "$start" "$end" "$OUT" "$N" <<'EOF'
import json, sys
s, e = float(sys.argv[1]), float(sys.argv[2])
r = json.load(open(sys.argv[3]))
print("  delivered:               %d (of %s), failed %d" % (r["delivered"],
    sys.argv[4], r["failed"]))
print("  seconds:                 %.2f" % (e - s))
print("  messages per second:     %.0f" % (r["delivered"] / (e - s)))
EOF
note "queued: $queued"

# The same server, the same message, from smtplib over P connections.
$PY - "$port" "$N" "$P" "$TEST_DIR/mail" <<'EOF'
import glob, smtplib, sys, threading, time
port, n, p, maildir = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
raw = open(sorted(glob.glob(maildir + "/*.eml"))[0], "rb").read()
errors = []

def worker(k):
    try:
        s = smtplib.SMTP("127.0.0.1", port)
        for i in range(k, n, p):
            s.sendmail("security@example.org", ["plain%05d@example.org" % i],
                raw)
        s.quit()
    except Exception as e:
        errors.append(e)

t0 = time.monotonic()
threads = [threading.Thread(target=worker, args=(k,)) for k in range(p)]
for t in threads:
    t.start()
for t in threads:
    t.join()
dt = time.monotonic() - t0
print("plain smtplib client: the same %d-byte message %d times, %d connections"
    % (len(raw), n, p))
print("  seconds:                 %.2f" % dt)
print("  messages per second:     %.0f%s" % (n / dt, "  (errors: %d)" %
    len(errors) if errors else ""))
EOF
