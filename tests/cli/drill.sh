#!/bin/sh
# tests/cli/drill.sh - a whole drill of the breach-notification procedure
# from the command line, against a real SMTP server on 127.0.0.1
# (tests/servers/smtp_server.py): subscribers on real lists and on the
# drill list, a customer running an affected product, channels of every
# kind; drill start opens a drill incident and both communications; they
# are answered, approved by hand and published; every message reaches
# drill-list addresses only, its subject starting "[DRILL] " and its body
# with the DRILL line, and no real-list address, recipient, customer,
# GitHub, webhook, ticket or site row gets anything; without an e-mail
# channel the publication is refused. finish needs findings, times each
# clock (met, missed) and closes the incident; show and list give the
# clocks; exports leave the drill out. Refusals and exit statuses on the
# way.
. "$top_srcdir/tests/lib.sh"

PY=/usr/bin/python3
$PY -c 'import aiosmtpd' 2>/dev/null ||
    skip_all "python3-aiosmtpd is not installed"

test_db
export_settings
h user grant ada author
expect_exit 0
add_users "lee approver:legal"

# at TIME ARGS...: herald ARGS as ada at TIME instead of $HERALD_NOW.
at()
{
	_at=$1
	shift
	run env HERALD_NOW="$_at" "$HERALD" --db "$db" --as ada "$@"
}

# --- who is on which list -------------------------------------------------
# Subscribers first: without an e-mail channel yet, nobody is sent a
# confirmation request.
sql "INSERT INTO products (slug, name, created_at, updated_at) VALUES
    ('widget', 'Widget', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')" \
    >/dev/null
for a in tester1@example.org tester2@example.org; do
	h subscriber add "$a" --list 'drill:*' --confirmed
	expect_exit 0 "$a on the drill list"
done
h subscriber add pending@example.org --list 'drill:*'
expect_exit 0 "pending@ on the drill list, unconfirmed"
h subscriber add gone@example.org --list 'drill:*' --confirmed
expect_exit 0
h subscriber unsubscribe gone@example.org
expect_exit 0 "gone@ left the drill list"
h subscriber add breach@example.org --list 'breach:*' --confirmed
expect_exit 0 "a reader of the real breach list"
h subscriber add reader@example.org --list 'advisories:*' --list \
    'advisories:widget' --confirmed
expect_exit 0 "a reader of the real advisories lists"
h customer add Kestrel --email cert@kestrel.example
expect_exit 0
h customer deploy Kestrel widget
expect_exit 0 "a customer running the widget"
real="breach@example.org reader@example.org cert@kestrel.example
dpo@regulator.example pending@example.org gone@example.org"

# --- refusals before anything starts ----------------------------------------
as lee drill start
expect_exit 6 "an approver may not start a drill"
expect_err 'lee'
h drill start --list 'breach:*'
expect_exit 3 "a real list is refused"
expect_err 'never to a real one'
h drill start --list nonsense
expect_exit 3
h drill start --channel nosuch
expect_exit 4 "an unknown channel"
h drill start --playbook no-such-playbook
expect_exit 4 "an unknown playbook"
h drill start extra
expect_exit 2
h drill finish 1 --findings "x"
expect_exit 4 "no drill 1 yet"
h drill list
expect_exit 0
expect_out '^No drills yet'
check "nothing was started" test "$(sql "SELECT count(*) FROM incidents")" = 0

# --- start ------------------------------------------------------------------
h drill start
expect_exit 0 "drill start"
expect_out '^Drill 1 started: SEC-2026-001 Drill: Personal data breach notification, 2026-03-01$'
expect_out 'drill:\*'
expect_out '^  1  regulator-notification regulator  '
expect_out '^  2  customer-notice customers  '
expect_out '^herald drill finish 1 --findings TEXT$' "it says what to do next"
ref=SEC-2026-001
h incident show "$ref" --json
expect_json_is 'd["drill"]' true
expect_json_is 'd["trigger"]' data-breach
expect_json_is 'd["severity"]' high
expect_json_is 'd["aware_at"]' 2026-03-01T12:00:00Z
h drill show 1 --json
expect_exit 0
expect_json_is 'd["incident"]' "$ref"
expect_json_is 'd["list"]' 'drill:*'
expect_json_is 'd["finished_at"]' null
reg=1
cust=2
# The incident's products: the customer runs one.
sql "INSERT INTO affected (incident_id, product_id, status) VALUES (1,
    (SELECT id FROM products WHERE slug = 'widget'), 'known_affected')" \
    >/dev/null

# --- channels of every kind -------------------------------------------------
smtp_server mail
h channel add mail email --settings "{\"url\": \"smtp://127.0.0.1:$port\", \"from\": \"Security <security@example.org>\", \"affected_customers\": true}"
expect_exit 0
h channel add hook webhook --settings '{"url": "http://127.0.0.1:9/hook"}'
expect_exit 0
h channel add gh github --settings \
    '{"repository": "acme/widget", "token_env": "HERALD_TEST_GH"}'
expect_exit 0
h channel add tickets jira --settings \
    '{"url": "http://127.0.0.1:9", "project": "SUP", "token_env": "HERALD_TEST_JIRA"}'
expect_exit 0
h channel add site directory --settings "{\"path\": \"$TEST_DIR/pub\"}"
expect_exit 0

# --- the regulator's notification ------------------------------------------
comm_set $reg people-categories customers
comm_set $reg people-count "About 300"
comm_set $reg data-categories contact
comm_set $reg records-count "300"
comm_set $reg contact "Data protection officer, dpo@example.org"
comm_set $reg authority "Information Commissioner's Office (ICO)"
comm_set $reg not-yet-known "How the laptop was opened; next report in 3 days"
comm_set $reg review "$(printf 'facts\nminimum\ncontact')"
h comm preview $reg regulator-email
expect_exit 0
expect_out '^Subject: \[DRILL\] \[SEC-2026-001\] ' "the approver's preview is marked"
expect_out '^DRILL: an exercise of the breach-notification procedure, not a real incident\.$'
h comm preview $reg regulator-text
expect_exit 0
check "the web form's text starts with the DRILL line" test \
    "$(head -n 1 "$OUT")" = \
    "DRILL: an exercise of the breach-notification procedure, not a real incident."
h comm hash $reg --canonical
expect_out 'DRILL: an exercise' "the content hash covers the mark"
publish_by_hand h $reg what-happened scope consequences regulator review

# Published now, at awareness, its messages sent at once.
check "the regulator's notification is published" test \
    "$(sql "SELECT state FROM communications WHERE id = $reg")" = published

# --- the customers' notice: no e-mail channel, then one ---------------------
comm_set $cust people-categories customers
comm_set $cust people-count "About 300"
comm_set $cust data-categories contact
comm_set $cust records-count "300"
comm_set $cust contact "Data protection officer, dpo@example.org"
comm_set $cust recipients dpo@regulator.example
comm_set $cust review "$(printf 'facts\nminimum\ncontact')"
for s in what-happened scope consequences notice review; do
	h comm done $cust $s
	expect_exit 0 "step $s done"
done
h comm submit $cust
expect_exit 0
check "the customers' notice is approved" approve_by_hand "$db" $cust
h channel disable mail
expect_exit 0
at 2026-03-02T18:00:00Z comm publish $cust
expect_exit 3 "no e-mail channel: the drill's publication is refused"
expect_err 'SEC-2026-001 is a drill: .*drill:\*.*no e-mail channel is enabled'
check "it stays approved" test \
    "$(sql "SELECT state FROM communications WHERE id = $cust")" = approved
h channel enable mail
expect_exit 0
at 2026-03-02T18:00:00Z comm publish $cust
expect_exit 0 "published thirty hours after awareness"

# --- where the messages went -------------------------------------------------
cat >"$TEST_DIR/check_drill_mail.py" <<'EOF'
import email, email.policy, glob, json, os, sqlite3, sys

db, maildir = sys.argv[1], sys.argv[2]
want = set(sys.argv[3].split())
real = set(sys.argv[4].split())
line = ("DRILL: an exercise of the breach-notification procedure, "
        "not a real incident.")
bad, got = [], []
for path in sorted(glob.glob(os.path.join(maildir, "*.eml"))):
    m = email.message_from_bytes(open(path, "rb").read(),
                                 policy=email.policy.default)
    env = json.load(open(path[:-4] + ".json"))
    name = os.path.basename(path)
    for rcpt in env["rcpt_tos"]:
        got.append(rcpt)
        if rcpt not in want:
            bad.append("%s: sent to %s, not on the drill list" % (name, rcpt))
        if rcpt in real:
            bad.append("%s: a real address got it: %s" % (name, rcpt))
    subj = str(m["Subject"])
    if not subj.startswith("[DRILL] "):
        bad.append("%s: subject %r" % (name, subj))
    if "SEC-2026-001" not in subj:
        bad.append("%s: no incident ID in %r" % (name, subj))
    text = m.get_body(("plain",)).get_content()
    if text.splitlines()[0] != line:
        bad.append("%s: the body starts %r" % (name, text[:80]))
    if str(m["List-Id"]).find("drill") < 0:
        bad.append("%s: List-Id %r" % (name, str(m["List-Id"])))
# Two e-mails (the regulator's and the customers'), to each tester.
if sorted(got) != sorted(list(want) * 2):
    bad.append("recipients %r" % sorted(got))
for b in bad:
    print("# " + b)
sys.exit(1 if bad else 0)
EOF
run $PY "$TEST_DIR/check_drill_mail.py" "$db" "$TEST_DIR/mail" \
    "tester1@example.org tester2@example.org" "$real"
expect_exit 0 "every message went to the drill list only, marked [DRILL] and DRILL"
[ "$rc" = 0 ] || cat "$OUT"
check "four messages received" test "$(messages mail)" = 4
run grep -rl -e breach@ -e reader@ -e kestrel -e regulator.example \
    -e pending@ -e gone@ "$TEST_DIR/mail"
expect_exit 1 "no real-list address, recipient or customer got anything"
check "the outbox holds the four e-mails and nothing else" test \
    "$(sql "SELECT count(*) FROM outbox")" = 4
check "no GitHub, webhook, ticket or site row" test "$(sql "SELECT count(*)
    FROM outbox o JOIN channels c ON c.id = o.channel_id
    WHERE c.kind <> 'email'")" = 0
check "every row went to a tester" test "$(sql "SELECT count(*) FROM outbox
    WHERE target NOT IN ('tester1@example.org', 'tester2@example.org')
    OR state <> 'delivered'")" = 0

# --- finish -----------------------------------------------------------------
h drill finish 1
expect_exit 2 "findings are required"
h drill finish 1 --findings "a" --findings-file /dev/null
expect_exit 2 "one of --findings and --findings-file"
h drill finish 1 --findings-file "$TEST_DIR/none.txt"
expect_exit 10 "a findings file that cannot be read"
: >"$TEST_DIR/empty.txt"
h drill finish 1 --findings-file "$TEST_DIR/empty.txt"
expect_exit 3 "empty findings"
expect_err 'findings'
as lee drill finish 1 --findings "fine"
expect_exit 6 "an approver may not finish it"
printf 'Regulator notified at once.\nThe customers notice took 30 h: over the 24 h high-impact clock.\n\n' \
    >"$TEST_DIR/findings.txt"
at 2026-03-03T04:00:00Z drill finish 1 --findings-file "$TEST_DIR/findings.txt"
expect_exit 0 "drill finish"
expect_out "^Drill 1 finished; $ref is closed\.$"
expect_out '^Clocks: 2 of 3 met$'
expect_out 'missed by 6 h'
h drill finish 1 --findings "again"
expect_exit 5 "finishing twice"
expect_err 'already finished'
h incident show "$ref" --json
expect_json_is 'd["state"]' closed

h drill show 1
expect_exit 0
expect_out '^Finished:  2026-03-03 04:00 UTC$'
expect_out '^Clocks: 2 of 3 met$'
expect_out "^  #$reg regulator: Notify the supervisory authority \\(72 h\\)$"
expect_out '^      due 2026-03-04 12:00 UTC, stopped 2026-03-01 12:00 UTC: met, 3 d 0 h early$'
expect_out "^  #$cust vendor: Tell those affected by a high-impact incident$"
expect_out '^      due 2026-03-02 12:00 UTC, stopped 2026-03-02 18:00 UTC: missed by 6 h$'
expect_out "^  #$cust customers: Tell customers \\(48 h\\)$"
expect_out '^      due 2026-03-03 12:00 UTC, stopped 2026-03-02 18:00 UTC: met, 18 h early$'
expect_out '^  Regulator notified at once\.$' "the findings, as written"
h drill show 1 --json
expect_json_is 'd["clocks"]' 3
expect_json_is 'd["clocks_met"]' 2
expect_json_is 'sorted((r["clock"], r["result"]) for r in d["results"])' \
    '[["customers", "met"], ["regulator", "met"], ["vendor", "missed"]]'
expect_json_is '[r["minutes_late"] for r in d["results"] if r["clock"] == "vendor"]' \
    '[360]'
expect_json_is 'd["findings"].endswith("high-impact clock.")' true
h drill list
expect_exit 0
expect_out "^1 +2026-03-01 12:00 +2026-03-03 04:00 +$ref +2/3 +breach-notification$"
h drill list --json
expect_json_is 'len(d)' 1
h drill show 9
expect_exit 4

# --- exports leave the drill out ---------------------------------------------
h export all --out "$TEST_DIR/out"
expect_exit 0 "export all"
check "the export has its index" test -f "$TEST_DIR/out/site/index.html"
# (The breach-notification procedure may say how drills are run; no
# file shows this one: its incident, its title or its outputs' mark.)
run grep -rl -e "$ref" -e 'not a real incident' \
    -e 'Drill: Personal data breach notification' "$TEST_DIR/out"
expect_exit 1 "no file of the export shows the drill"

h audit verify
expect_exit 0 "the audit chain holds"
finish
