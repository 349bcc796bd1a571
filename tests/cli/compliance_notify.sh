#!/bin/sh
# tests/cli/compliance_notify.sh - herald compliance show --json for the
# questions on lifecycle visibility, customer and regulator notification,
# contracts and incident IDs, from outside: nothing to judge on a new
# database, then each made not met and met (and at risk where a clock
# runs) with the command line: exports, channels, subscribers, incidents,
# a delivery recorded by hand, the breach register, and a message
# published through a loopback SMTP server.
. "$top_srcdir/tests/lib.sh"

PY=/usr/bin/python3

test_db
export_settings

# show ID: herald compliance show ID --json succeeds with question ID.
show()
{
	h compliance show "$1" --json
	expect_exit 0 "compliance show $1"
	expect_json_is 'd["id"]' "$1"
}

# expect_answer STATUS FIGURE: the last answer's status and figure.
expect_answer()
{
	expect_json_is 'd["status"]' "$1"
	expect_json_is 'd["figure"]' "$2"
}

# expect_evidence JSON: the last answer's evidence as [kind, ref, status]
# triples, in order, is JSON (as Python's json.dumps prints it).
expect_evidence()
{
	expect_json_is '[[e["kind"], e["ref"], e["status"]] for e in d["evidence"]]' \
	    "$1"
}

# expect_detail N TEXT: evidence row N's detail is TEXT.
expect_detail()
{
	expect_json_is "d[\"evidence\"][$1][\"detail\"]" "$2"
}

# --- nothing yet -----------------------------------------------------------

show lifecycle.published
expect_answer not-met "the lifecycle was never exported"
expect_evidence '[["publication", "site/lifecycle/all.json", "not-met"]]'
expect_json_is 'sorted(d["evidence"][0].keys())' \
    '["at", "detail", "id", "kind", "ref", "status"]'
expect_json_is 'd["area"]' "Lifecycle visibility"

show lifecycle.notice
expect_answer no-data \
    "no release cycle reaches its end of life within 13 months"
expect_evidence '[]'

show notify.subscribe
expect_answer not-met "missing: a published feed, an enabled e-mail channel, a confirmed subscriber"
expect_evidence '[["channel", "e-mail", "not-met"], ["publication", "site/feed.atom", "not-met"], ["subscriber", "subscribers", "not-met"]]'

show notify.sla
expect_answer no-data "no critical or high incidents yet"
show notify.regulator
expect_answer no-data "no personal-data breaches yet"
show contracts.sla
expect_answer no-data "no customer has a contractual notification SLA"
show ids.messages
expect_answer no-data "no message about an incident delivered yet"

# --- lifecycle.published ----------------------------------------------------

h export lifecycle --out "$TEST_DIR/out"
expect_exit 0
show lifecycle.published
expect_answer met \
    "lifecycle exported 2026-03-01T12:00:00Z; nothing changed since"
expect_json_is 'd["evidence"][0]["kind"]' publication
expect_json_is 'd["evidence"][0]["ref"].endswith("/site/lifecycle/all.json")' \
    true
expect_json_is 'd["evidence"][0]["at"]' 2026-03-01T12:00:00Z
expect_json_is 'd["evidence"][0]["id"] > 0' true

# --- notify.subscribe -------------------------------------------------------

h channel add mail email --settings \
    '{"url": "smtp://127.0.0.1:1", "from": "Security <security@example.org>"}'
expect_exit 0
h subscriber add maybe@example.org --list 'advisories:*'
expect_exit 0 "an unconfirmed address"
h subscriber add drill@example.org --list 'drill:*' --confirmed
expect_exit 0 "a drill's test list"
h export feeds --out "$TEST_DIR/out"
expect_exit 0
show notify.subscribe
expect_answer not-met "missing: a confirmed subscriber"
expect_json_is '[e["status"] for e in d["evidence"]]' \
    '["not-met", "met", "met"]'
h subscriber add reader@example.org --list 'advisories:*' --confirmed
expect_exit 0
show notify.subscribe
expect_answer met \
    "feed published; e-mail channel mail; 1 confirmed subscriber"
expect_json_is '[[e["kind"], e["status"]] for e in d["evidence"]]' \
    '[["channel", "met"], ["subscriber", "met"], ["publication", "met"]]'
expect_detail 1 "1 confirmed opt-in subscriber"

# --- notify.sla -------------------------------------------------------------

pbdir=$(playbook_dir)
{
	playbook_head notice "Notice"
	playbook_facts summary text
	playbook_end email email "E-mail"
} >"$pbdir/notice.yaml"

h incident new --title "Widget leaks" --trigger vulnerability \
    --severity high --aware-at 2026-02-25T00:00:00Z
expect_exit 0
ref=$(cat "$OUT")
show notify.sla
expect_answer not-met \
    "0 of 1 incident told within its SLA; $ref not told, overdue by 2 d 12 h"
expect_evidence "[[\"incident\", \"$ref\", \"not-met\"]]"
expect_detail 0 \
    "not told: overdue by 2 d 12 h (due 2026-02-27T00:00:00Z, 48 h from awareness)"
expect_json_is 'd["evidence"][0]["at"]' 2026-02-27T00:00:00Z

# Told by telephone a day after awareness: a delivery recorded by hand.
h comm new "$ref" --playbook notice --title "Widget leaks"
expect_exit 0
id=$(awk 'NR == 1 { print $1 }' "$OUT")
h comm deliver "$id" --means phone --to "the customers' security teams" \
    --at 2026-02-26T00:00:00Z
expect_exit 0
show notify.sla
expect_answer met "1 of 1 incident told within its SLA"
expect_evidence "[[\"incident\", \"$ref\", \"met\"]]"
expect_detail 0 \
    "first told 2026-02-26T00:00:00Z: 1 d early (due 2026-02-27T00:00:00Z, 48 h from awareness)"

# 44 h in, nobody told: at risk.
h incident new --title "Widget leaks more" --trigger compromise \
    --severity critical --aware-at 2026-02-27T16:00:00Z
expect_exit 0
ref2=$(cat "$OUT")
show notify.sla
expect_answer at-risk "1 of 2 incidents told within their SLA; $ref2 not told, 4 h left; 1 still within its clock"
expect_evidence "[[\"incident\", \"$ref2\", \"at-risk\"], [\"incident\", \"$ref\", \"met\"]]"

# --- notify.regulator -------------------------------------------------------

h incident new --title "Customer list exposed" --trigger data-breach \
    --severity medium --aware-at 2026-02-25T00:00:00Z
expect_exit 0
bref=$(cat "$OUT")
show notify.regulator
expect_answer not-met "0 of 1 breach reported to the regulator in time; $bref not told, overdue by 1 d 12 h"
expect_evidence "[[\"incident\", \"$bref\", \"not-met\"]]"
expect_detail 0 \
    "not told: overdue by 1 d 12 h (due 2026-02-28T00:00:00Z, 72 h from awareness)"
h breach add --incident "$bref" --title "Customer list exposed" \
    --aware-at 2026-02-25T00:00:00Z --facts "A list was shared by mistake." \
    --effects "None known." --remedial "The share was revoked." \
    --regulator not-required --reason "the list held no personal data"
expect_exit 0
show notify.regulator
expect_answer met \
    "no breach had to be reported to the regulator; 1 not required (breach register)"
expect_evidence "[[\"breach\", \"$bref\", \"met\"]]"
expect_detail 0 "not required: the list held no personal data"

# --- contracts.sla ----------------------------------------------------------

h customer add Acme --email sec@acme.example --contract ACME-7 --sla 12
expect_exit 0
show contracts.sla
expect_answer no-data \
    "1 customer has a notification SLA; no incident has affected what it runs yet"

# --- ids.messages -----------------------------------------------------------

if $PY -c 'import aiosmtpd' 2>/dev/null; then
	smtp_server mails
	h channel set mail --settings "{\"url\": \"smtp://127.0.0.1:$port\", \"from\": \"Security <security@example.org>\"}"
	expect_exit 0
	h incident new --title "Widget typo" --trigger vulnerability \
	    --severity low
	expect_exit 0
	iref=$(cat "$OUT")
	h comm new "$iref" --playbook notice --title "Widget typo"
	expect_exit 0
	id=$(awk 'NR == 1 { print $1 }' "$OUT")
	comm_set "$id" summary "A typo."
	# Published and sent at once (comm publish without --no-send).
	publish_by_hand h "$id" facts
	run grep -l reader@example.org "$TEST_DIR"/mails/*.json
	check "one message to reader@example.org" test "$(wc -l <"$OUT")" = 1
	show ids.messages
	expect_answer met \
	    "1 message delivered in 1 communication; all carry their incident ID"
	expect_evidence '[["communication", "Widget typo", "met"]]'
	expect_detail 0 "1 message; it carries $iref"
	expect_json_is "d[\"evidence\"][0][\"id\"]" "$id"
else
	note "python3-aiosmtpd is not installed: ids.messages not published"
fi

finish
