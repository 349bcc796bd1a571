#!/bin/sh
# tests/cli/compliance_rules.sh - the promises of the SRO's evidence
# attacked from outside, through the command line and the database file
# as sqlite3 would change it:
# - drills: a drill incident opened by hand (incident new --drill, no
#   drill row) with a playbook that publishes everywhere, published,
#   corrected and withdrawn, reaches only the drill list and the test
#   channel, every message marked; exports and the breach register leave
#   drills out; findings are required and a drill finishes once;
# - statuses at their edges with a pinned clock: 12 months' notice to the
#   minute, a clock with exactly a quarter left, security.txt expiring in
#   exactly 30 days, a drill exactly 11 and 12 months old, a publication
#   whose messages all failed or were cancelled, a withdrawal;
# - need to know: an author who may not see an embargoed incident learns
#   nothing of it from compliance, breach, drill and report commands, nor
#   from the figures an evaluation kept; the SRO sees it;
# - evaluations: the SRO alone starts, comments and signs; a tampered
#   audit chain refuses signing (exit 11) and leaves nothing half-signed;
#   the head kept is the one audit verify gives; bad comments refused;
#   one open evaluation, even when two start at once;
# - hostile text stays text in the compliance report (its JSON valid
#   against the schema), the trust page, the breach CSV and procedure;
# - bad input names its field, keeps the documented exit status and
#   changes nothing in the database;
# - an export that fails, or cannot write (as an unprivileged user),
#   records no publication.
. "$top_srcdir/tests/lib.sh"

PY=/usr/bin/python3
$PY -c 'import aiosmtpd' 2>/dev/null ||
    skip_all "python3-aiosmtpd is not installed"

test_db
export_settings
add_users "lee approver:legal" "eve author" "nat author" "sam sro" \
    "abe admin"

# at TIME ARGS...: herald ARGS as ada with the clock at TIME.
at()
{
	_at=$1
	shift
	run env HERALD_NOW="$_at" "$HERALD" --db "$db" --as ada "$@"
}

# dump [DB]: the whole database as SQL text on stdout.
dump()
{
	$PY - "${1:-$db}" <<'EOF'
import sqlite3, sys
for line in sqlite3.connect(sys.argv[1]).iterdump():
    print(line)
EOF
}

# q_status ID [TIME]: the status herald compliance show ID gives (as ada,
# at TIME or $HERALD_NOW).
q_status()
{
	at "${2:-$HERALD_NOW}" compliance show "$1" --json
	json_get 'd["status"]'
}

# expect_status ID STATUS [TIME] [DESC]: question ID answers STATUS.
expect_status()
{
	_es=$(q_status "$1" "${3:-$HERALD_NOW}")
	[ "$_es" = "$2" ]
	_result $? "${4:-$1 at ${3:-$HERALD_NOW}}: $2 (got $_es)"
}

pbdir=$(playbook_dir)
{
	playbook_head rules-notice "Rules notice"
	playbook_facts summary long-text
	playbook_end email email "E-mail"
} >"$pbdir/rules-notice.yaml"

# ============================================================================
# Drills
# ============================================================================

# --- everyone a drill must never reach ------------------------------------
sql "INSERT INTO products (slug, name, created_at, updated_at) VALUES
    ('widget', 'Widget', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')" \
    >/dev/null
h subscriber add tester@example.org --list 'drill:*' --confirmed
expect_exit 0 "a tester on the drill list"
h subscriber add reader@example.org --list 'advisories:*' --list \
    'breach:*' --list 'advisories:widget' --confirmed
expect_exit 0 "a reader of the real lists"
h customer add Kestrel --email cert@kestrel.example --sla 4
expect_exit 0
h customer deploy Kestrel widget
expect_exit 0 "a customer running the widget"

smtp_server mail
mport=$port
h channel add mail email --settings "{\"url\": \"smtp://127.0.0.1:$mport\",
    \"from\": \"Security <security@example.org>\",
    \"affected_customers\": true}"
expect_exit 0
export HERALD_TEST_GH=gh-token HERALD_TEST_JIRA=jira-token \
    HERALD_TEST_HOOK=hook-secret
http_server
hport=$port
h channel add hook webhook --settings \
    "{\"url\": \"http://127.0.0.1:$hport/real-hook\",
    \"secret_env\": \"HERALD_TEST_HOOK\"}"
expect_exit 0
h channel add drillhook webhook --settings \
    "{\"url\": \"http://127.0.0.1:$hport/drill-hook\",
    \"secret_env\": \"HERALD_TEST_HOOK\"}"
expect_exit 0
h channel add gh github --settings "{\"repository\": \"acme/widget\",
    \"api_url\": \"http://127.0.0.1:$hport\", \"token_env\": \"HERALD_TEST_GH\"}"
expect_exit 0
h channel add tix jira --settings "{\"url\": \"http://127.0.0.1:$hport\",
    \"project\": \"SUP\", \"token_env\": \"HERALD_TEST_JIRA\"}"
expect_exit 0
h channel add site directory --settings "{\"path\": \"$TEST_DIR/www\"}"
expect_exit 0

# A playbook that publishes everywhere it can: e-mail (with recipients
# answered in the communication), GitHub and a ticket; to customers, so
# the site and the customers running the widget would get it too.
{
	cat <<'EOF'
playbook: rules-drill
version: "1"
title: Rules notice
kind: customer-notice
audience: customers
steps:
  - id: facts
    kind: form
    title: The facts
    fields:
      - id: summary
        type: long-text
        label: Summary
        required: true
      - id: recipients
        type: email-list
        label: Recipients
EOF
	playbook_approve
	cat <<'EOF'
  - id: send
    kind: publish
    title: Publish
    channels: [email, gh, tix]
outputs:
  - id: email
    format: email
    title: E-mail
  - id: gh
    format: github
    title: GitHub advisory
  - id: tix
    format: ticket
    title: Ticket
EOF
} >"$pbdir/rules-drill.yaml"
h playbook lint "$pbdir/rules-drill.yaml"
expect_exit 0 "the everywhere playbook is sound"

# --- a drill incident opened by hand: no drill row --------------------------
h settings set drill.channel drillhook
expect_exit 0
h incident new --title "QQDRILLQQ hand-made drill" --trigger data-breach \
    --severity critical --drill
expect_exit 0 "incident new --drill"
dref=$(head -n 1 "$OUT")
check "no drill row for it" test "$(sql "SELECT count(*) FROM drills")" = 0
sql "INSERT INTO affected (incident_id, product_id, status) VALUES
    ((SELECT id FROM incidents WHERE ref = '$dref'),
     (SELECT id FROM products WHERE slug = 'widget'), 'known_affected')" \
    >/dev/null
h comm new "$dref" --playbook rules-drill --title "QQDRILLQQ notice"
expect_exit 0
did=$(awk 'NR == 1 { print $1 }' "$OUT")
comm_set "$did" summary "QQDRILLQQ body. Upgrade now."
comm_set "$did" recipients "$(printf 'dpo@regulator.example\nboard@example.org')"
publish_by_hand h "$did" facts
check "the drill's communication is published" test \
    "$(sql "SELECT state FROM communications WHERE id = $did")" = published
h publish
note "publish: exit $rc $(cat "$OUT" "$ERR")"

# Correct it, then withdraw it: each purpose through the same rules.
h comm update "$did" --reason correction --note "QQDRILLQQ range"
expect_exit 0 "the drill's communication corrected"
comm_set "$did" summary "QQDRILLQQ body, corrected."
h comm done "$did" facts
h comm submit "$did"
expect_exit 0
check "the correction approved" approve_by_hand "$db" "$did"
h comm publish "$did"
expect_exit 0 "the correction published"
h comm withdraw "$did" --reason "QQDRILLQQ issued in error"
expect_exit 0 "the drill's communication withdrawn"
h publish
note "publish: exit $rc $(cat "$OUT" "$ERR")"
note "drill rows: $(sql "SELECT o.purpose || ' ' || c.name || ' ' || o.target
    || ' ' || o.state FROM outbox o JOIN channels c ON c.id = o.channel_id
    WHERE o.communication_id = $did ORDER BY o.id" | tr '\n' ';')"

check "every purpose queued something" test "$(sql "SELECT
    group_concat(DISTINCT purpose) FROM (SELECT purpose FROM outbox
    WHERE communication_id = $did ORDER BY purpose)")" = \
    "correction,publish,withdrawal"
check "no drill row to GitHub, a ticket, the site or the real webhook" \
    test "$(sql "SELECT count(*) FROM outbox o JOIN channels c
    ON c.id = o.channel_id WHERE o.communication_id = $did
    AND c.name NOT IN ('mail', 'drillhook')")" = 0
check "its e-mails only to the drill list" test "$(sql "SELECT
    group_concat(DISTINCT target) FROM outbox o JOIN channels c
    ON c.id = o.channel_id WHERE o.communication_id = $did
    AND c.kind = 'email'")" = tester@example.org
check "one message to the test channel for each purpose" test "$(sql "SELECT
    count(*) FROM outbox o JOIN channels c ON c.id = o.channel_id
    WHERE o.communication_id = $did AND c.name = 'drillhook'")" = 3
check "everything of the drill delivered" test "$(sql "SELECT count(*)
    FROM outbox WHERE communication_id = $did AND state <> 'delivered'")" = 0
run grep -rl -e reader@ -e kestrel -e regulator.example -e board@ \
    "$TEST_DIR/mail"
expect_exit 1 "no real address received a drill e-mail"
check "the drill list received e-mails" test "$(messages mail)" -ge 3
check "no site directory was made" test ! -e "$TEST_DIR/www"

cat >"$TEST_DIR/drill_mail.py" <<'EOF'
import email, email.policy, glob, json, os, sys
line = ("DRILL: an exercise of the breach-notification procedure, "
        "not a real incident.")
bad = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.eml"))):
    m = email.message_from_bytes(open(path, "rb").read(),
                                 policy=email.policy.default)
    subj = str(m["Subject"])
    if not subj.startswith("[DRILL] "):
        bad.append("%s: subject %r" % (path, subj))
    text = m.get_body(("plain",)).get_content()
    if text.splitlines()[0] != line:
        bad.append("%s: body starts %r" % (path, text[:80]))
    html = m.get_body(("html",))
    if html is not None and line not in html.get_content():
        bad.append("%s: the HTML part has no DRILL line" % path)
for b in bad:
    print("# " + b)
sys.exit(1 if bad else 0)
EOF
run $PY "$TEST_DIR/drill_mail.py" "$TEST_DIR/mail"
expect_exit 0 "every drill e-mail (publish, correction, withdrawal) marked"
[ "$rc" = 0 ] || cat "$OUT"

cat >"$TEST_DIR/drill_hooks.py" <<'EOF'
import json, sys
line = ("DRILL: an exercise of the breach-notification procedure, "
        "not a real incident.")
bad, n = [], 0
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["path"].startswith("/real-hook") or r["path"].startswith("/repos") \
            or r["path"].startswith("/rest"):
        bad.append("a drill reached %s" % r["path"])
    if not r["path"].startswith("/drill-hook"):
        continue
    n += 1
    body = json.loads(r["body"])
    if not body.get("text", "").startswith(line):
        bad.append("webhook text starts %r" % body.get("text", "")[:90])
for b in bad:
    print("# " + b)
print("# %d drill webhook requests" % n)
sys.exit(1 if bad or n != 3 else 0)
EOF
run $PY "$TEST_DIR/drill_hooks.py" "$TEST_DIR/http.log"
expect_exit 0 "the test channel got each purpose, marked DRILL; nothing else got a request"
[ "$rc" = 0 ] || cat "$OUT"

# --- the drill.list setting pointing at a real list ---------------------------
h settings set drill.list 'advisories:*'
check "drill.list may not name a real list" test "$rc" != 0
sql "INSERT OR REPLACE INTO settings (key, value)
    VALUES ('drill.list', 'advisories:*')" >/dev/null
h comm new "$dref" --playbook rules-drill --title "QQDRILLQQ second"
expect_exit 0
did2=$(awk 'NR == 1 { print $1 }' "$OUT")
comm_set "$did2" summary "QQDRILLQQ second."
h comm done "$did2" facts
h comm submit "$did2"
check "the second approved" approve_by_hand "$db" "$did2"
rows=$(sql "SELECT count(*) FROM outbox")
h comm publish "$did2"
check "drill.list set to a real list behind herald's back: refused" \
    test "$rc" != 0
expect_err 'drill'
check "nothing queued" test "$(sql "SELECT count(*) FROM outbox")" = "$rows"
sql "DELETE FROM settings WHERE key = 'drill.list'" >/dev/null
# A drill row naming a real list behind herald's back: refused the same.
sql "INSERT INTO drills (playbook, incident_id, started_at, test_list)
    SELECT 'rules-drill', id, '2026-03-01T12:00:00Z', 'breach:*'
    FROM incidents WHERE ref = '$dref'" >/dev/null
h comm publish "$did2"
check "a drill whose list is a real one: refused" test "$rc" != 0
check "nothing queued for it" test "$(sql "SELECT count(*) FROM outbox")" = \
    "$rows"
sql "DELETE FROM drills" >/dev/null

# --- exports and the register leave drills out --------------------------------
h export all --out "$TEST_DIR/out"
expect_exit 0 "export all"
run grep -rl -e "$dref" -e QQDRILLQQ -e 'not a real incident' "$TEST_DIR/out"
expect_exit 1 "no exported file shows the drill"
[ "$rc" = 1 ] || note "$(cat "$OUT")"
h breach from-incident "$dref"
expect_exit 3 "a drill incident is not a breach"
h breach add --incident "$dref" --title t --aware-at 2026-03-01T00:00:00Z \
    --facts f --effects e --remedial r
expect_exit 3 "nor can a breach be tied to one"
check "the register stays empty" test "$(sql "SELECT count(*) FROM breaches")" = 0

# --- drills count nowhere but external.drill ------------------------------------
for q in notify.sla notify.regulator contracts.sla ids.messages \
    remediation.actions remediation.versions access.summary \
    access.readability; do
	h compliance show "$q" --json
	expect_exit 0
	expect_no_out "$dref|QQDRILLQQ" "$q: the drill is no evidence"
	expect_json_is 'd["status"]' no-data
done

# --- finish -----------------------------------------------------------------------
h drill start
expect_exit 0 "a drill started"
drill=$(sed -n 's/^Drill \([0-9]*\) started.*/\1/p' "$OUT")
h drill finish "$drill" --findings ""
expect_exit 3 "empty findings refused"
h drill finish "$drill" --findings "$(printf ' \n\t')"
check "blank findings refused" test "$rc" != 0
h drill finish "$drill" --findings "$(printf 'bad\033[31m')"
expect_exit 3 "findings with a control character refused"
check "still running" test -z "$(sql "SELECT finished_at FROM drills
    WHERE id = $drill")"
"$HERALD" --db "$db" --as ada drill finish "$drill" --findings "Went well." \
    >"$TEST_DIR/f1.out" 2>"$TEST_DIR/f1.err" &
p1=$!
"$HERALD" --db "$db" --as ada drill finish "$drill" --findings "Went badly." \
    >"$TEST_DIR/f2.out" 2>"$TEST_DIR/f2.err" &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
check "two finishes at once: one finishes, the other is told ($r1 $r2)" \
    test "$(printf '%s\n' "$r1" "$r2" | sort | tr '\n' ' ')" = "0 5 "
won=$(sql "SELECT findings FROM drills WHERE id = $drill")
check "one set of findings kept ($won)" test "$won" = "Went well." -o \
    "$won" = "Went badly."
h drill finish "$drill" --findings "Again."
expect_exit 5 "a drill finishes once"
check "the first findings stay" test "$(sql "SELECT findings FROM drills
    WHERE id = $drill")" = "$won"
check "finished once in the audit chain" test "$(sql "SELECT count(*)
    FROM audit WHERE action = 'drill.finish'")" = 1

# ============================================================================
# Need to know
# ============================================================================

# nat's incident under embargo, in every question's view: a data breach
# of critical severity affecting what a customer with an SLA runs, its
# notice published and told, a delivered message, a post-incident report
# begun, its breach recorded, a researcher's report tied to it.
incident_as nat --title "QQSECRETQQ stolen laptop" --trigger data-breach \
    --severity critical --aware-at 2026-02-20T00:00:00Z \
    --embargo-until 2026-06-01T00:00:00Z
sref=$ref
sql "INSERT INTO affected (incident_id, product_id, status) VALUES
    ((SELECT id FROM incidents WHERE ref = '$sref'),
     (SELECT id FROM products WHERE slug = 'widget'), 'known_affected')" \
    >/dev/null
# Its notice, published (its messages wait for the embargo), and told by
# hand; its post-incident report begun.
as nat comm new "$sref" --playbook rules-notice --title "QQSECRETQQ notice"
expect_exit 0
sid=$(awk 'NR == 1 { print $1 }' "$OUT")
as nat comm set "$sid" summary "QQSECRETQQ summary."
as nat comm done "$sid" facts
as nat comm submit "$sid"
expect_exit 0
check "the secret notice approved" approve_by_hand "$db" "$sid"
as nat comm publish "$sid" --no-send
expect_exit 0 "published under embargo"
as nat comm deliver "$sid" --means phone --to "QQSECRETQQ customers" \
    --at 2026-02-21T00:00:00Z
expect_exit 0
as nat comm new "$sref" --playbook post-incident-report --variant internal \
    --title "QQSECRETQQ review"
expect_exit 0
# A delivered message of it, as the sender would have recorded it.
sql "INSERT INTO outbox (communication_id, channel_id, target, payload,
    idempotency_key, state, created_at, delivered_at, next_attempt_at)
    SELECT $sid, id, 'QQSECRETQQ@example.org', '{}', 'qq-secret-1',
    'delivered', '2026-02-21T00:00:00Z', '2026-02-21T00:00:00Z',
    '2026-02-21T00:00:00Z' FROM channels WHERE name = 'mail'" >/dev/null
check "the secret notice is published" test "$(sql "SELECT state FROM
    communications WHERE id = $sid")" = published
check "a delivered message of it" test "$(sql "SELECT count(*) FROM outbox
    WHERE idempotency_key = 'qq-secret-1'")" = 1
as nat breach add --incident "$sref" --title "QQSECRETQQ breach" \
    --aware-at 2026-02-20T00:00:00Z --facts "QQSECRETQQ facts" \
    --effects "QQSECRETQQ effects" --remedial "QQSECRETQQ remedy" \
    --regulator no --reason "QQSECRETQQ reason"
expect_exit 0 "its breach recorded"
sbreach=$(sql "SELECT id FROM breaches WHERE title = 'QQSECRETQQ breach'")
as nat report receive --summary "A report" --reporter \
    "A researcher" --received-at 2026-02-19T00:00:00Z
expect_exit 0
srep=$(sql "SELECT max(id) FROM reports")
as nat report link "$srep" "$sref"
expect_exit 0 "the report tied to the secret incident"
# The drill's incident under embargo too.
dincident=$(sql "SELECT r.ref FROM drills d JOIN incidents r
    ON r.id = d.incident_id WHERE d.id = $drill")
as nat incident embargo "$dincident" --until 2026-06-01T00:00:00Z
expect_exit 0 "the drill's incident under embargo"

# The SRO signs an evaluation: its figures name what the SRO saw.
as sam compliance evaluate start
expect_exit 0
eval1=$(sql "SELECT max(id) FROM evaluations")
as sam compliance evaluate sign --summary "Seen all."
expect_exit 0 "the SRO signs with the secret incident in view"
check "the signed figures name the secret incident" test "$(sql "SELECT
    count(*) FROM evaluation_items WHERE evaluation_id = $eval1
    AND figure LIKE '%$sref%'")" -gt 0

# secret_free DESC: nothing of the secret incident in the last output.
secret_free()
{
	! grep -q -e QQSECRETQQ -e "$sref" -e "$dincident" "$OUT" "$ERR"
	_result $? "eve: $1 tells nothing of the embargoed incident"
	grep -n -e QQSECRETQQ -e "$sref" -e "$dincident" "$OUT" "$ERR" |
	    head -n 3 | sed 's/^/#   /'
}

as eve compliance list
expect_exit 0
secret_free "compliance list"
as eve compliance list --json
secret_free "compliance list --json"
for q in $(json_get '" ".join(q["id"] for q in d["questions"])'); do
	as eve compliance show "$q"
	expect_exit 0
	secret_free "compliance show $q"
	as eve compliance show "$q" --json
	secret_free "compliance show $q --json"
done
for f in md html json; do
	as eve compliance report --format "$f"
	expect_exit 0
	secret_free "compliance report --format $f"
done
as eve compliance report --format json --out "$TEST_DIR/eve.json"
expect_exit 0
run cat "$TEST_DIR/eve.json"
secret_free "compliance report --out"
as eve breach list
secret_free "breach list"
as eve breach list --json
secret_free "breach list --json"
as eve breach show "$sbreach"
expect_exit 4 "eve: breach show of the hidden breach: no such breach"
secret_free "breach show"
as eve breach edit "$sbreach" --facts "x"
expect_exit 4 "eve: breach edit of the hidden breach: no such breach"
secret_free "breach edit"
for f in md csv json; do
	as eve breach export --format "$f"
	expect_exit 0
	secret_free "breach export --format $f"
done
# as_missing DESC ARGS...: as eve, ARGS with @REF@ as the hidden incident
# and as one that does not exist are refused alike, in the same words.
as_missing()
{
	_am_desc=$1
	shift
	_am_a=$(for a in "$@"; do printf '%s\n' "$a"; done | sed "s/@REF@/$sref/")
	_am_b=$(for a in "$@"; do printf '%s\n' "$a"; done | sed "s/@REF@/SEC-2099-999/")
	printf '%s\n' "$_am_b" | tr '\n' '\0' | xargs -0 "$HERALD" --db "$db" \
	    --as eve >/dev/null 2>"$TEST_DIR/missing.err"
	_am_rc=$?
	_last="eve $_am_a"
	printf '%s\n' "$_am_a" | tr '\n' '\0' | xargs -0 "$HERALD" --db "$db" \
	    --as eve >"$OUT" 2>"$ERR"
	rc=$?
	sed -i "s/$sref/SEC-2099-999/g" "$ERR"
	[ "$rc" = "$_am_rc" ] && [ "$rc" != 0 ] && cmp -s "$ERR" "$TEST_DIR/missing.err"
	_result $? "eve: $_am_desc: the hidden incident is refused as a missing one (exit $rc)"
}
as_missing "breach add --incident" breach add --incident @REF@ --title t \
    --aware-at 2026-03-01T00:00:00Z --facts f --effects e --remedial r
as_missing "breach from-incident" breach from-incident @REF@
as_missing "breach edit --incident" breach edit "$sbreach" --incident @REF@
as eve drill list
secret_free "drill list"
as eve drill list --json
secret_free "drill list --json"
as eve drill show "$drill"
secret_free "drill show"
as eve drill show "$drill" --json
secret_free "drill show --json"
as eve report list
secret_free "report list"
as eve report list --json
secret_free "report list --json"
as eve report show "$srep"
secret_free "report show"
as eve report show "$srep" --json
secret_free "report show --json"
expect_no_out 'restricted' "eve: report show does not hint at a hidden incident"
# Opening an incident under embargo by name is refused as everywhere
# (incident show): no link is made.
as eve report link "$srep" "$sref"
check "eve: linking a report to the hidden incident is refused" test "$rc" != 0
check "the report's link is unchanged" test "$(sql "SELECT r.incident_id
    FROM reports r WHERE r.id = $srep")" = "$(sql "SELECT id FROM incidents
    WHERE ref = '$sref'")"
as eve report link "$srep" -
expect_exit 6 "eve: untying the report from the hidden incident is refused"
secret_free "report link -"
check "the report's link is kept" test "$(sql "SELECT r.incident_id
    FROM reports r WHERE r.id = $srep")" = "$(sql "SELECT id FROM incidents
    WHERE ref = '$sref'")"

# The SRO sees it all.
as sam compliance show notify.sla --json
expect_out "$sref" "the SRO: notify.sla names the embargoed incident"
as sam compliance show notify.regulator --json
expect_out "$sref" "the SRO: notify.regulator names it"
as sam compliance show contracts.sla --json
expect_out "$sref" "the SRO: contracts.sla names it"
as sam compliance show remediation.actions --json
expect_out "QQSECRETQQ notice" "the SRO: remediation.actions names its notice"
as sam compliance report --format md
expect_out "$sref" "the SRO: the report names it"
as sam breach show "$sbreach"
expect_exit 0 "the SRO: its breach"
as sam report show "$srep"
expect_out "$sref" "the SRO: the report's incident"

# ============================================================================
# Evaluations
# ============================================================================

# --- the SRO alone --------------------------------------------------------------
for who in eve abe lee nat; do
	as "$who" compliance evaluate start
	expect_exit 6 "$who may not start an evaluation"
done
as sam compliance evaluate start
expect_exit 0 "the SRO starts one"
eval2=$(sql "SELECT max(id) FROM evaluations")
for who in eve abe; do
	as "$who" compliance evaluate comment notify.sla "mine"
	expect_exit 6 "$who may not comment"
	as "$who" compliance evaluate sign
	expect_exit 6 "$who may not sign"
done
check "the evaluation is still open, uncommented" test "$(sql "SELECT
    coalesce(signed_at, 'open') || ' ' || (SELECT count(*) FROM
    evaluation_items WHERE evaluation_id = $eval2 AND comment <> '')
    FROM evaluations WHERE id = $eval2")" = "open 0"

# --- comments: control characters and invalid UTF-8 ---------------------------
before=$(dump | md5sum)
for bad in 'bell\007' 'esc\033[2J' 'del\177' 'csi\302\233' 'nel\302\205' \
    'bad\377utf8' 'cut\303' 'overlong\300\257'; do
	as sam compliance evaluate comment notify.sla "$(printf "$bad")"
	expect_exit 3 "a comment with $(echo "$bad" | cut -c1-5)...: refused"
	expect_err '^herald: comment: '
done
as sam compliance evaluate sign --summary "$(printf 'sum\033]0;x\007')"
expect_exit 3 "a summary with control characters: refused"
expect_err 'summary'
check "nothing changed" test "$(dump | md5sum)" = "$before"
as sam compliance evaluate comment notify.sla "$(printf 'Fine,\tthough\nlate.')"
expect_exit 0 "tabs and line breaks are text"

# --- a tampered chain: no signing, nothing half-signed ---------------------------
cp "$db" "$TEST_DIR/tamper.db"
$PY - "$TEST_DIR/tamper.db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
sql = c.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_no_update'").fetchone()[0]
c.execute("DROP TRIGGER audit_no_update")
c.execute("UPDATE audit SET detail = json_set(detail, '$.x', 1) WHERE seq = 5")
c.execute(sql)
c.commit()
EOF
run "$HERALD" --db "$TEST_DIR/tamper.db" --as sam audit verify
expect_exit 11 "audit verify sees the change"
before=$(dump "$TEST_DIR/tamper.db" | md5sum)
run "$HERALD" --db "$TEST_DIR/tamper.db" --as sam compliance evaluate sign \
    --summary "Over a broken chain"
expect_exit 11 "signing over a tampered chain is refused with 11"
expect_err 'cannot be signed'
check "nothing was written: no half-signed evaluation" \
    test "$(dump "$TEST_DIR/tamper.db" | md5sum)" = "$before"
check "it stays open" test -z "$(db="$TEST_DIR/tamper.db" sql "SELECT
    signed_at FROM evaluations WHERE id = $eval2")"
run "$HERALD" --db "$TEST_DIR/tamper.db" --as sam compliance report \
    --format json
expect_exit 0
expect_json_is 'd["audit"]["verified"]' false

# An approval changed behind herald's back (the chain's rows untouched),
# and an append-only trigger dropped: each breaks the record too.
cp "$db" "$TEST_DIR/tamper2.db"
db="$TEST_DIR/tamper2.db" sql "UPDATE approvals SET comment = 'forged'
    WHERE id = (SELECT min(id) FROM approvals)" >/dev/null
run "$HERALD" --db "$TEST_DIR/tamper2.db" --as sam audit verify
note "an approval edited: audit verify exit $rc"
vrc=$rc
run "$HERALD" --db "$TEST_DIR/tamper2.db" --as sam compliance evaluate sign
check "an edited approval: signing refused as audit verify refuses it ($vrc, $rc)" \
    test "$rc" = "$vrc" -o "$vrc" = 0
cp "$db" "$TEST_DIR/tamper3.db"
db="$TEST_DIR/tamper3.db" sql "DROP TRIGGER audit_no_delete" >/dev/null
run "$HERALD" --db "$TEST_DIR/tamper3.db" --as sam audit verify
note "a trigger dropped: audit verify exit $rc"
vrc=$rc
run "$HERALD" --db "$TEST_DIR/tamper3.db" --as sam compliance evaluate sign
check "a trigger dropped: signing refused as audit verify refuses it ($vrc, $rc)" \
    test "$rc" = "$vrc" -o "$vrc" = 0

# --- the head kept is the one audit verify gives just before ---------------------
as sam audit verify --json
expect_exit 0
head=$(json_get 'd["head"]')
rows=$(json_get 'd["rows"]')
as sam compliance evaluate sign --summary "Second."
expect_exit 0 "the SRO signs"
check "the head kept is audit verify's head before the signing" test \
    "$(sql "SELECT audit_head || ' ' || audit_seq FROM evaluations
    WHERE id = $eval2")" = "$head $rows"
as sam compliance evaluate show "$eval2" --json
expect_out "$head" "evaluate show gives the head"
as sam compliance evaluate sign
check "signing again with none open: refused" test "$rc" != 0
as sam compliance evaluate comment notify.sla "after"
check "a comment with none open: refused" test "$rc" != 0

# --- one open at a time, even when two start at once -----------------------------
i=0
while [ $i -lt 5 ]; do
	"$HERALD" --db "$db" --as sam compliance evaluate start \
	    >"$TEST_DIR/s1.out" 2>"$TEST_DIR/s1.err" &
	p1=$!
	"$HERALD" --db "$db" --as sam compliance evaluate start \
	    >"$TEST_DIR/s2.out" 2>"$TEST_DIR/s2.err" &
	p2=$!
	wait $p1
	r1=$?
	wait $p2
	r2=$?
	check "race $i: one start wins, the other is told one is open ($r1 $r2)" \
	    test "$(printf '%s\n' "$r1" "$r2" | sort | tr '\n' ' ')" = "0 5 "
	check "race $i: one open evaluation" test "$(sql "SELECT count(*)
	    FROM evaluations WHERE signed_at IS NULL")" = 1
	as sam compliance evaluate sign
	expect_exit 0
	i=$((i + 1))
done
# Two signings of one evaluation at once: one signs, the other is told.
as sam compliance evaluate start
expect_exit 0
"$HERALD" --db "$db" --as sam compliance evaluate sign --summary one \
    >"$TEST_DIR/s1.out" 2>"$TEST_DIR/s1.err" &
p1=$!
"$HERALD" --db "$db" --as sam compliance evaluate sign --summary two \
    >"$TEST_DIR/s2.out" 2>"$TEST_DIR/s2.err" &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
check "two signings at once: one signs, the other is refused ($r1 $r2)" \
    test "$r1" = 0 -a "$r2" != 0 -o "$r1" != 0 -a "$r2" = 0
check "signed once" test "$(sql "SELECT count(*) FROM audit
    WHERE action = 'evaluation.sign' AND subject = 'evaluation:' ||
    (SELECT max(id) FROM evaluations)")" = 1
h audit verify
expect_exit 0 "the chain holds after it all"

# ============================================================================
# Hostile text in the report, the trust page, the register and procedure
# ============================================================================

main_db=$db
db="$TEST_DIR/hostile.db"
run herald --as ada --db "$db" init --testing
expect_exit 0
export_settings
add_users "sam sro" "lee approver:legal"
hx=$(hostile_text)
# Markup of every kind that must stay text, and spreadsheet formulas.
md='# Head [link](javascript:alert(1)) ![i](http://x/i.png) | a | b | `code` *em* _u_ <b>b</b> &amp; \<'
html='</script><script>alert(1)</script><!-- --><img src=x onerror=alert(1)> </td></tr></table> ]]>'
formula='=cmd|'"'"' /C calc'"'"'!A0'
long=$($PY -c 'print("L" * 19000)')
h settings set publisher.name "Pub $hx"
expect_exit 0
h user add hostile-approver --name "Approver $html" --role approver:legal
expect_exit 0 "an approver with a hostile name (the procedure names approvers)"

# Trust entries.
h trust add certification --title "ISO $html" --body "$md
- $formula
$long" --extra "Issuer $hx" --valid-until 2026-03-20
expect_exit 0 "a hostile certification"
h trust add control --title "+SUM(1) $hx" --body "$html"
expect_exit 0
h trust add subprocessor --title "@evil $md" --extra "$formula"
expect_exit 0
h trust add contact --title "$hx" --body "mailto:x@example.org\" onclick=\"alert(1)"
expect_exit 0

# The register, its cells formulas and markup.
h breach add --title "$formula" --aware-at 2026-02-27T00:00:00Z \
    --facts "+1+1 $html" --effects "-2 $md" --remedial "@SUM(A1) $hx" \
    --categories "$(printf '\t=1')" --people "=HYPERLINK(\"http://x\")" \
    --records "-1" --regulator not-required --reason "$(printf '\r=2+3')"
expect_exit 0 "a hostile breach recorded"

# An incident, its communication delivered, a report, a drill, comments.
h channel add mail email --settings "{\"url\": \"smtp://127.0.0.1:$mport\",
    \"from\": \"Security <security@example.org>\"}"
expect_exit 0
h subscriber add hreader@example.org --list 'advisories:*' --confirmed
expect_exit 0
h incident new --title "Inc $html" --trigger data-breach --severity high \
    --aware-at 2026-02-27T00:00:00Z
expect_exit 0
href=$(cat "$OUT")
h comm new "$href" --playbook rules-notice --title "Comm $md $hx"
expect_exit 0
hid=$(awk 'NR == 1 { print $1 }' "$OUT")
comm_set "$hid" summary "$html"
publish_by_hand h "$hid" facts
h report receive --summary "Report $html $md" --reporter "$formula"
expect_exit 0
h drill start
expect_exit 0
h drill finish 1 --findings "Finding $html $md"
expect_exit 0
h owner set policy trust-page sam
expect_exit 0
as sam compliance evaluate start
expect_exit 0
as sam compliance evaluate comment notify.sla "Comment $html
$md"
expect_exit 0
as sam compliance evaluate comment external.trust "$(printf '%.3990s' "$long")"
expect_exit 0 "a long comment"
as sam compliance evaluate sign --summary "Summary $html $formula"
expect_exit 0
# Binary junk (no NUL) and right-to-left overrides behind herald's back.
$PY - "$db" "$hid" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
junk = bytes(range(1, 256)).replace(b"\x00", b"")
rtl = "\u202eevil\u202c \u2066iso\u2069".encode()
c.execute("UPDATE trust_entries SET extra = CAST(? AS TEXT) WHERE section = 'control'",
    (b"junk " + junk + rtl,))
c.execute("UPDATE breaches SET effects = CAST(? AS TEXT)", (b"junk " + junk,))
c.execute("UPDATE evaluation_items SET comment = CAST(? AS TEXT) WHERE question = 'ids.messages'",
    (b"junk " + junk + rtl,))
c.execute("UPDATE drills SET findings = CAST(? AS TEXT)", (b"junk " + junk,))
c.execute("UPDATE communications SET title = CAST(? AS TEXT) WHERE id = ?",
    (b"Comm junk " + junk + rtl, int(sys.argv[2])))
c.commit()
EOF

# report_check FILE FORMAT: FILE keeps every hostile text as text: valid
# UTF-8 without control characters; as FORMAT html no markup of ours
# live, md none either (md: a compliance report, its table rows whole),
# json no control character in any value (json: a compliance report,
# valid against its schema); json-plain, md-plain any such file.
report_check()
{
	$PY - "$1" "$2" "$schema" <<'EOF' >"$TEST_DIR/rc.log" 2>&1
import json, re, sys
path, fmt, schema = sys.argv[1:4]
raw = open(path, "rb").read()
bad = []
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    bad.append("not UTF-8: %s" % e)
    text = raw.decode("utf-8", "replace")
for ch in text:
    o = ord(ch)
    if (o < 0x20 and ch not in "\n\t") or 0x7f <= o < 0xa0:
        bad.append("control character U+%04X" % o)
        break
def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
if fmt.startswith("json"):
    d = json.loads(text)
    for v in strings(d):
        if any((ord(c) < 0x20 and c not in "\n\t") or 0x7f <= ord(c) < 0xa0
               for c in v):
            bad.append("a control character in the value %r" % v[:60])
            break
if fmt == "json":
    import jsonschema
    errs = list(jsonschema.Draft202012Validator(json.load(open(schema)))
                .iter_errors(d))
    bad += ["schema: %s %s" % (list(e.absolute_path), e.message)
            for e in errs[:5]]
if fmt.startswith("html"):
    for pat in ("<script", "<img", "<!-- -->", "</script>",
                "<b>b</b>", "</td></tr></table> ]]>"):
        if pat in text:
            bad.append("raw markup in the page: %s" % pat)
if fmt.startswith("md"):
    for pat in (r"(?<!\\)<script", r"(?<!\\)<img", r"(?<!\\)\]\(javascript:",
                r"(?<!\\)<b>b", r"\n#+ Head"):
        if re.search(pat, text):
            bad.append("live Markdown: %r" % pat)
    # Each table row keeps its cells: as many unescaped | as the header.
    rows = [l for l in text.split("\n") if l.startswith("| ")]
    rows = rows if fmt == "md" else []
    for l in rows:
        n = len(re.findall(r"(?<!\\)\|", l))
        if n not in (3, 4, 5, 7):
            bad.append("a table row split: %r" % l[:120])
            break
for b in bad:
    print("# " + b)
sys.exit(1 if bad else 0)
EOF
	_rc=$?
	sed 's/^/#   /' "$TEST_DIR/rc.log"
	return $_rc
}

schema="$top_srcdir/share/schemas/compliance-report.schema.json"
for f in md html json; do
	as sam compliance report --format "$f" --out "$TEST_DIR/report.$f"
	expect_exit 0 "the SRO's report as $f"
	run report_check "$TEST_DIR/report.$f" "$f"
	expect_exit 0 "$f: every hostile text stays text"
done
run xmllint --html --noout "$TEST_DIR/report.html"
check "html: xmllint --html reads it without a complaint" \
    test "$rc" = 0 -a ! -s "$ERR"
run xmllint --noout "$TEST_DIR/report.html"
expect_exit 0 "html: well-formed as XML too"
as ada compliance report --format json --out "$TEST_DIR/admin.json"
expect_exit 0
run report_check "$TEST_DIR/admin.json" json
expect_exit 0 "the admin's report is valid too"

# The trust page.
h export trust --out "$TEST_DIR/hx"
expect_exit 0 "export trust"
run xmllint --html --noout "$TEST_DIR/hx/site/trust/index.html"
check "trust page: xmllint --html reads it without a complaint" \
    test "$rc" = 0 -a ! -s "$ERR"
run report_check "$TEST_DIR/hx/site/trust/index.html" html
expect_exit 0 "trust page: every hostile text stays text"
run $PY -m json.tool "$TEST_DIR/hx/site/trust/trust.json"
expect_exit 0 "trust.json parses"
run report_check "$TEST_DIR/hx/site/trust/trust.json" json-plain
expect_exit 0 "trust.json: valid UTF-8, no control characters"
run report_check "$TEST_DIR/hx/docs/trust.md" md-plain
expect_exit 0 "trust.md: no live markup"
cat >"$TEST_DIR/links.py" <<'EOF'
import html.parser, sys
class P(html.parser.HTMLParser):
    bad = []
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k.startswith("on"):
                self.bad.append("%s %s=%r" % (tag, k, v))
            if k in ("href", "src") and v and v.strip().lower().startswith(
                    ("javascript:", "data:", "vbscript:")):
                self.bad.append("%s %s=%r" % (tag, k, v))
        if tag in ("script", "img", "iframe", "object"):
            self.bad.append(tag)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
for b in p.bad:
    print("# " + b)
sys.exit(1 if p.bad else 0)
EOF
run $PY "$TEST_DIR/links.py" "$TEST_DIR/hx/site/trust/index.html"
expect_exit 0 "trust page: no script, handler or javascript: link"

# The register's CSV: formulas neutralised, every row whole.
for f in csv md json; do
	h breach export --format "$f" --out "$TEST_DIR/reg.$f"
	expect_exit 0 "breach export --format $f"
done
cat >"$TEST_DIR/csvcells.py" <<'EOF'
import csv, sys
raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8")
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
bad = []
if len(rows) != 2 or len(rows[1]) != len(rows[0]):
    bad.append("rows %r" % [len(r) for r in rows])
for cell in rows[1]:
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        bad.append("a live formula: %r" % cell[:40])
    if any(ord(c) < 0x20 and c not in "\n\t\r" for c in cell):
        bad.append("a control character in %r" % cell[:40])
for b in bad:
    print("# " + b)
sys.exit(1 if bad else 0)
EOF
run $PY "$TEST_DIR/csvcells.py" "$TEST_DIR/reg.csv"
expect_exit 0 "CSV: cells starting = + - @ are neutralised, rows whole"
run report_check "$TEST_DIR/reg.json" json-plain
expect_exit 0 "the register's JSON: valid UTF-8, no control characters"
run report_check "$TEST_DIR/reg.md" md-plain
expect_exit 0 "the register's Markdown: no live markup"

# The procedure.
h export procedure --out "$TEST_DIR/hx"
expect_exit 0 "export procedure"
proc="$TEST_DIR/hx/internal/policy/breach-procedure.html"
run xmllint --html --noout "$proc"
check "procedure: xmllint --html reads it without a complaint" \
    test "$rc" = 0 -a ! -s "$ERR"
run report_check "$proc" html
expect_exit 0 "procedure: every hostile text stays text"
h breach procedure --format md
expect_exit 0
cp "$OUT" "$TEST_DIR/proc.md"
run report_check "$TEST_DIR/proc.md" md-plain
expect_exit 0 "procedure (md): no live markup"

# What the terminal shows: no control character reaches it.
for cmd in "trust list" "trust show 2" "breach list" "breach show 1" \
    "report list" "report show 1" "drill show 1" "compliance list" \
    "compliance show external.trust" "compliance show ids.messages" \
    "compliance evaluate show"; do
	# Words split on purpose.
	# shellcheck disable=SC2086
	as sam $cmd
	cp "$OUT" "$TEST_DIR/term.out"
	run $PY -c 'import sys
t = open(sys.argv[1], "rb").read().decode("utf-8")
sys.exit(1 if any((ord(c) < 0x20 and c not in "\n\t") or
    0x7f <= ord(c) < 0xa0 for c in t) else 0)' "$TEST_DIR/term.out"
	expect_exit 0 "$cmd: valid UTF-8 without control characters"
done

db=$main_db

# ============================================================================
# Bad input: named, the documented status, nothing changed
# ============================================================================

# bad LOGIN EXIT PATTERN ARGS...: as LOGIN, herald ARGS exits EXIT, its
# error matches PATTERN (the field or option it is about), and the
# database is as it was.
bad()
{
	_b_who=$1
	_b_exit=$2
	_b_pat=$3
	shift 3
	_b_before=$(dump | md5sum)
	as "$_b_who" "$@"
	expect_exit "$_b_exit" "$(echo "$*" | cut -c1-70): exit $_b_exit"
	expect_err "$_b_pat" "$(echo "$*" | cut -c1-70): names $_b_pat"
	check "$(echo "$*" | cut -c1-70): nothing changed" \
	    test "$(dump | md5sum)" = "$_b_before"
}

t201=$($PY -c 'print("t" * 201)')
b20001=$($PY -c 'print("b" * 20001)')
e501=$($PY -c 'print("e" * 501)')
c4001=$($PY -c 'print("c" * 4001)')
as sam compliance evaluate start
expect_exit 0
h trust add certification --title "Held" --valid-until 2027-01-01
expect_exit 0
tid=$(sql "SELECT max(id) FROM trust_entries")
bver=$(sql "SELECT version FROM breaches WHERE id = $sbreach")
h report receive --summary "A report" --received-at 2026-02-28T00:00:00Z
expect_exit 0
rid=$(sql "SELECT max(id) FROM reports")

# compliance
bad ada 4 'question' compliance show no.such
bad ada 2 'format' compliance report --format pdf
bad ada 10 "$TEST_DIR/none" compliance report --format md \
    --out "$TEST_DIR/none/r.md"
bad sam 4 'question' compliance evaluate comment no.such "x"
bad sam 3 'comment' compliance evaluate comment notify.sla "$c4001"
bad sam 2 'comment' compliance evaluate comment notify.sla
bad sam 4 '999' compliance evaluate show 999
bad sam 3 'summary' compliance evaluate sign --summary "$(printf 'a\001')"
bad eve 6 'eve' compliance evaluate show
bad ada 2 'list' compliance list extra

# trust
bad ada 3 'section' trust add nonsense --title x
bad ada 3 'title' trust add certification
bad ada 3 'title' trust add certification --title ""
bad ada 3 'title' trust add certification --title "$t201"
bad ada 3 'title' trust add certification --title "$(printf 'two\nlines')"
bad ada 3 'valid' trust add certification --title x --valid-until 2026-13-01
bad ada 3 'valid' trust add certification --title x --valid-until soon
bad ada 3 'valid' trust add control --title x --valid-until 2027-01-01
bad ada 3 'body' trust add control --title x --body "$b20001"
bad ada 3 'body' trust add control --title x --body "$(printf 'a\033[2J')"
bad ada 3 'extra' trust add control --title x --extra "$e501"
bad ada 10 "$TEST_DIR/none.txt" trust add control --title x \
    --body-file "$TEST_DIR/none.txt"
bad ada 2 'body' trust add control --title x --body a --body-file /dev/null
bad ada 4 '999' trust edit 999 --title x
bad ada 3 'ID' trust edit abc --title x
bad ada 3 'title' trust edit "$tid" --title ""
bad ada 3 'valid' trust edit "$tid" --valid-until 2026-02-30
bad ada 2 'up|down|move' trust move "$tid" sideways
bad ada 4 '999' trust remove 999
bad eve 6 'eve' trust add control --title x
bad lee 6 'lee' trust remove "$tid"

# breach
bad ada 3 'aware_at' breach add --title t
bad ada 3 'aware' breach add --title t --aware-at yesterday --facts f \
    --effects e --remedial r
bad ada 3 'aware_at.*future' breach add --title t \
    --aware-at 2027-01-01T00:00:00Z --facts f --effects e --remedial r
bad ada 3 'aware_at' breach add --title t --aware-at 2026-02-01T00:00:00Z \
    --occurred-at 2026-02-02T00:00:00Z --facts f --effects e --remedial r
bad ada 3 'risk' breach add --title t --aware-at 2026-02-01T00:00:00Z \
    --facts f --effects e --remedial r --risk extreme
bad ada 3 'regulator' breach add --title t --aware-at 2026-02-01T00:00:00Z \
    --facts f --effects e --remedial r --regulator maybe
bad ada 3 'reason' breach add --title t --aware-at 2026-02-01T00:00:00Z \
    --facts f --effects e --remedial r --regulator no
bad ada 3 'facts' breach add --title t --aware-at 2026-02-01T00:00:00Z \
    --facts " " --effects e --remedial r
bad ada 3 'title' breach add --title "$t201" \
    --aware-at 2026-02-01T00:00:00Z --facts f --effects e --remedial r
bad ada 5 'version' breach edit "$sbreach" --version 99 --facts x
bad ada 4 '999' breach edit 999 --facts x
bad ada 3 'nothing to change' breach edit "$sbreach"
bad ada 3 'aware_at.*future' breach edit "$sbreach" \
    --aware-at 2027-01-01T00:00:00Z
bad ada 3 'format' breach export --format xml
bad ada 3 'format' breach procedure --format pdf
bad lee 6 'lee' breach add --title t --aware-at 2026-02-01T00:00:00Z \
    --facts f --effects e --remedial r

# drill
bad ada 3 'list' drill start --list 'advisories:*'
bad ada 3 'list' drill start --list 'nonsense'
bad ada 4 'channel' drill start --channel nosuch
bad ada 3 'channel' drill start --channel gh
bad ada 4 'playbook' drill start --playbook no-such-playbook
bad ada 3 'ID|id' drill finish abc --findings x
bad ada 4 '999' drill finish 999 --findings x
bad ada 10 "$TEST_DIR/none.txt" drill finish 1 \
    --findings-file "$TEST_DIR/none.txt"
bad ada 4 '999' drill show 999
bad lee 6 'lee' drill start

# report
bad ada 3 'summary' report receive --summary ""
bad ada 3 'received' report receive --summary x \
    --received-at 2027-01-01T00:00:00Z
bad ada 3 'received' report receive --summary x --received-at garbage
bad ada 3 'acknowledged' report acknowledge "$rid" --at 2026-02-01T00:00:00Z
bad ada 3 'acknowledged' report triage "$rid"
bad ada 4 '999' report acknowledge 999
bad ada 4 'SEC-2099-999' report link "$rid" SEC-2099-999
bad lee 6 'lee' report receive --summary x

# owner
bad ada 3 'kind|KIND' owner set nonsense x ada
bad ada 3 'policy' owner set policy nonsense ada
bad ada 4 'nosuch' owner set product nosuch ada
bad ada 4 'nobody' owner set policy trust-page nobody
bad ada 4 'nosuch' owner set playbook nosuch ada
bad ada 4 'disclosure-policy' owner unset policy disclosure-policy
bad eve 6 'eve' owner set policy trust-page ada

# settings and exports
bad ada 3 'drill.list' settings set drill.list 'advisories:*'
bad ada 3 'compliance.evaluation-months' settings set \
    compliance.evaluation-months 13
bad ada 3 'breach.playbook' settings set breach.playbook 'no such!'
bad ada 2 'out' export trust
bad ada 2 'kind' export nonsense --out "$TEST_DIR/x"

# ============================================================================
# Statuses at their edges (a database of their own, the clock pinned)
# ============================================================================

main_db=$db
db="$TEST_DIR/edge.db"
run herald --as ada --db "$db" init --testing
expect_exit 0
export_settings

# --- lifecycle.notice: 12 months' notice to the minute ------------------------
sql "INSERT INTO products (slug, name, created_at, updated_at) VALUES
    ('gadget', 'Gadget', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')" \
    >/dev/null
for c in 1:2026-12-01 2:2026-12-02 3:2027-03-20 4:2027-04-01 5:2027-04-02; do
	sql "INSERT INTO cycles (product_id, cycle, eol, created_at, updated_at)
	    VALUES ((SELECT id FROM products WHERE slug = 'gadget'), '${c%%:*}',
	    '${c#*:}', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')" >/dev/null
done
# notice DELIVERED_AT CYCLE: an end-of-life notice of gadget CYCLE told by
# hand at DELIVERED_AT.
notice()
{
	h comm new --cycle "gadget $2" --playbook eol-notice
	expect_exit 0 "an end-of-life notice of gadget $2"
	_nid=$(awk 'NR == 1 { print $1 }' "$OUT")
	h comm deliver "$_nid" --means letter --to "every customer" --at "$1"
	expect_exit 0 "gadget $2 told at $1"
}
notice 2025-12-01T00:00:00Z 1
notice 2025-12-02T00:01:00Z 2
h compliance show lifecycle.notice --json
expect_exit 0
expect_json_is '[[e["ref"], e["status"]] for e in sorted(d["evidence"], key=lambda e: e["ref"])]' \
    '[["gadget 1", "met"], ["gadget 2", "not-met"], ["gadget 3", "at-risk"], ["gadget 4", "at-risk"]]'
expect_json_is 'd["figure"]' \
    "1 of 4 cycles given 12 months' notice; shortest 11 months; 2 due for notice within a month"
# gadget 3 and 4 end within 13 months, their notice not yet due: at
# risk; gadget 5 ends a day after 13 months from now: not yet asked.
expect_status lifecycle.notice not-met 2026-03-01T12:00:00Z \
    "a notice a minute short of 12 months is not met"

# --- notify.sla: exactly a quarter of the clock left, and just under ---------
edge_db=$db
db="$TEST_DIR/sla.db"
run herald --as ada --db "$db" init --testing
expect_exit 0
export_settings
h incident new --title "Quarter" --trigger vulnerability --severity high \
    --aware-at 2026-02-20T00:00:00Z
expect_exit 0
qref=$(cat "$OUT")
# 48 h from awareness: due 2026-02-22T00:00Z; a quarter is 12 h.
expect_status notify.sla met 2026-02-21T00:00:00Z "a day left: met"
expect_status notify.sla met 2026-02-21T12:00:00Z \
    "exactly a quarter of the clock left: met"
expect_status notify.sla at-risk 2026-02-21T12:00:01Z \
    "a second under a quarter left: at risk"
expect_status notify.sla at-risk 2026-02-22T00:00:00Z "due now: at risk"
expect_status notify.sla not-met 2026-02-22T00:00:01Z "a second past: not met"

# Told by hand exactly when due: met; a minute late: not met.
h comm new "$qref" --playbook rules-notice --title "Quarter notice"
expect_exit 0
qid=$(awk 'NR == 1 { print $1 }' "$OUT")
h comm deliver "$qid" --means phone --to customers --at 2026-02-22T00:00:00Z
expect_exit 0
expect_status notify.sla met 2026-03-01T12:00:00Z "told exactly when due: met"
sql "UPDATE manual_deliveries SET delivered_at = '2026-02-22T00:01:00Z'" \
    >/dev/null
expect_status notify.sla not-met 2026-03-01T12:00:00Z \
    "told a minute late: not met"
sql "DELETE FROM manual_deliveries" >/dev/null

# --- only recorded deliveries count ------------------------------------------------
smtp_server rej --reject reader@example.org
h channel add mail email --settings "{\"url\": \"smtp://127.0.0.1:$port\",
    \"from\": \"Security <security@example.org>\"}"
expect_exit 0
h subscriber add reader@example.org --list 'advisories:*' --confirmed
expect_exit 0
h subscriber add other@example.org --list 'advisories:*' --confirmed
expect_exit 0

# Published; every message cancelled before it went.
comm_set "$qid" summary "Upgrade now."
h comm done "$qid" facts
h comm submit "$qid"
check "the quarter notice approved" approve_by_hand "$db" "$qid"
h comm publish "$qid" --no-send
expect_exit 0 "the quarter notice is published, its messages held"
for r in $(sql "SELECT id FROM outbox WHERE communication_id = $qid"); do
	h outbox cancel "$r" --reason "held back"
	expect_exit 0 "row $r cancelled"
done
h compliance show notify.sla --json
expect_json_is 'd["status"]' not-met
expect_json_is 'd["evidence"][0]["detail"].startswith("not told")' true \
    "published, every message cancelled: not told"

# Published; every message failed for good.
h incident new --title "Failed" --trigger vulnerability --severity high \
    --aware-at 2026-03-01T00:00:00Z
expect_exit 0
fref=$(cat "$OUT")
h subscriber unsubscribe other@example.org
expect_exit 0
h comm new "$fref" --playbook rules-notice --title "Failed notice"
expect_exit 0
fid=$(awk 'NR == 1 { print $1 }' "$OUT")
comm_set "$fid" summary "Upgrade now."
publish_by_hand h "$fid" facts
check "its only message failed" test "$(sql "SELECT group_concat(state)
    FROM outbox WHERE communication_id = $fid")" = failed
h compliance show notify.sla --json
expect_json_is "[e[\"detail\"].startswith(\"not told\") for e in d[\"evidence\"] if e[\"ref\"] == \"$fref\"]" \
    '[true]' "published, its message failed: not told"

# A withdrawal delivered is no telling.
h subscriber add third@example.org --list 'advisories:*' --confirmed
expect_exit 0
h incident new --title "Withdrawn" --trigger vulnerability --severity high \
    --aware-at 2026-03-01T00:00:00Z
expect_exit 0
wref=$(cat "$OUT")
h comm new "$wref" --playbook rules-notice --title "Withdrawn notice"
expect_exit 0
wid=$(awk 'NR == 1 { print $1 }' "$OUT")
comm_set "$wid" summary "Upgrade now."
h comm done "$wid" facts
h comm submit "$wid"
check "approved" approve_by_hand "$db" "$wid"
h comm publish "$wid" --no-send
expect_exit 0
for r in $(sql "SELECT id FROM outbox WHERE communication_id = $wid"); do
	h outbox cancel "$r" --reason "held back"
done
h comm withdraw "$wid" --reason "issued in error"
expect_exit 0
h publish
note "withdrawal rows: $(sql "SELECT purpose || ' ' || target || ' ' ||
    state FROM outbox WHERE communication_id = $wid" | tr '\n' ';')"
check "the withdrawal was delivered" test "$(sql "SELECT count(*) FROM outbox
    WHERE communication_id = $wid AND purpose = 'withdrawal'
    AND state = 'delivered'")" -gt 0
h compliance show notify.sla --json
expect_json_is "[e[\"detail\"].startswith(\"not told\") for e in d[\"evidence\"] if e[\"ref\"] == \"$wref\"]" \
    '[true]' "only its withdrawal delivered: not told"
h compliance show ids.messages --json
note "ids.messages: $(json_get 'd["figure"]')"

# --- security.txt: exactly 30 days left ------------------------------------------
db=$edge_db
h export security-txt --out "$TEST_DIR/sectxt"
expect_exit 0 "security.txt and the disclosure policy exported"
h settings set check.security-txt "$TEST_DIR/security.txt"
expect_exit 0
# sectxt EXPIRES: the served security.txt expires at EXPIRES.
sectxt()
{
	printf 'Contact: mailto:security@example.org\nExpires: %s\n' "$1" \
	    >"$TEST_DIR/security.txt"
}
sectxt 2026-04-01T12:00:00Z
expect_status external.security-txt met 2026-03-01T12:00:00Z \
    "31 days left: met"
sectxt 2026-03-31T12:00:00Z
expect_status external.security-txt at-risk 2026-03-01T12:00:00Z \
    "exactly 30 days left: at risk"
sectxt 2026-03-31T13:00:00Z
expect_status external.security-txt met 2026-03-01T12:00:00Z \
    "30 days and an hour left: met"
sectxt 2026-03-01T12:00:00Z
expect_status external.security-txt not-met 2026-03-01T12:00:00Z \
    "expiring now: not met"
h settings unset check.security-txt
expect_exit 0

# --- external.drill: 11 and 12 months old ----------------------------------------
at 2025-03-01T12:00:00Z drill start
expect_exit 0 "a drill a year ago"
at 2025-03-01T12:00:00Z drill finish 1 --findings "Fine."
expect_exit 0
expect_status external.drill met 2026-02-01T11:59:59Z "just under 11 months: met"
expect_status external.drill at-risk 2026-02-01T12:00:00Z \
    "exactly 11 months old: at risk"
expect_status external.drill at-risk 2026-03-01T12:00:00Z \
    "exactly 12 months old: at risk, still within 12 months"
expect_status external.drill not-met 2026-03-01T12:00:01Z \
    "a second over 12 months: not met"
for q in notify.sla notify.regulator ids.messages remediation.versions; do
	expect_status "$q" no-data 2026-03-01T12:00:00Z \
	    "$q: the drill incident does not count"
done


# ============================================================================
# Publications: a failed export records nothing
# ============================================================================

db=$edge_db
h trust add contact --title "Security team" --body "security@example.org"
expect_exit 0
h export all --out "$TEST_DIR/site1"
expect_exit 0 "a first whole export"
pubs=$(sql "SELECT count(*) || ' ' || max(confirmed_at) FROM publications")
audits=$(sql "SELECT count(*) FROM audit")
# Midway: the trust page's folder is a file, so that page cannot be
# written after the lifecycle, security.txt and feeds were.
h trust add control --title "New control" --body "changed"
expect_exit 0
audits=$(sql "SELECT count(*) FROM audit")
rm -rf "$TEST_DIR/site1/site/trust"
echo "in the way" >"$TEST_DIR/site1/site/trust"
man=$(md5sum <"$TEST_DIR/site1/.herald-export.json")
at 2026-03-02T12:00:00Z export all --out "$TEST_DIR/site1"
check "an export that fails midway fails ($rc)" test "$rc" != 0
note "$(cat "$ERR")"
check "it records no publication, confirms none" test "$(sql "SELECT
    count(*) || ' ' || max(confirmed_at) FROM publications")" = "$pubs"
check "and no audit row" test "$(sql "SELECT count(*) FROM audit")" = \
    "$audits"
# (Each file is written whole as it goes: those written before the
# failure stay, but nothing claims them as published.)
check "its manifest is not saved" test \
    "$(md5sum <"$TEST_DIR/site1/.herald-export.json")" = "$man"
rm -f "$TEST_DIR/site1/site/trust"

# As an unprivileged user (root writes anywhere): a folder that user may
# not write to.
if have setpriv && id nobody >/dev/null 2>&1; then
	nb="$TEST_DIR/nb"
	mkdir -p "$nb" "$TEST_DIR/ro"
	h backup "$nb/h.db"
	expect_exit 0
	chown -R nobody "$nb"
	chmod 0755 "$TEST_DIR/ro"
	nb_sql()
	{
		db="$nb/h.db" sql "$1"
	}
	npubs=$(nb_sql "SELECT count(*) || ' ' || max(confirmed_at)
	    FROM publications")
	naudits=$(nb_sql "SELECT count(*) FROM audit")
	for kind in all trust procedure security-txt lifecycle; do
		run setpriv --reuid nobody --regid nogroup --clear-groups env \
		    HOME="$nb" HERALD_NOW=2026-03-03T12:00:00Z "$HERALD" \
		    --db "$nb/h.db" --as ada export "$kind" --out "$TEST_DIR/ro/out"
		expect_exit 10 "as nobody, export $kind to a folder it may not write: exit 10"
		expect_err "$TEST_DIR/ro" "export $kind names the folder"
		check "export $kind: no publication recorded or confirmed" test \
		    "$(nb_sql "SELECT count(*) || ' ' || max(confirmed_at)
		    FROM publications")" = "$npubs"
	done
	run setpriv --reuid nobody --regid nogroup --clear-groups env \
	    HOME="$nb" "$HERALD" --db "$nb/h.db" --as ada compliance report \
	    --format json --out "$TEST_DIR/ro/report.json"
	expect_exit 10 "as nobody, a report to a folder it may not write: exit 10"
	check "no audit row for any of it" test "$(nb_sql "SELECT count(*)
	    FROM audit")" = "$naudits"
	check "nothing was written" test -z "$(ls -A "$TEST_DIR/ro")"
else
	note "setpriv or the user nobody is missing: unwritable folders not tried"
fi

db=$main_db

finish
