#!/bin/sh
# tests/cli/dispatch.sh - what comm publish queues: one outbox row per
# confirmed subscriber of the list, one per webhook and directory channel,
# none without channels; the site swapped into a directory channel's path
# at once; a path that cannot be written fails for good, naming it; a
# correction and a withdrawal reach exactly the first publication's
# targets.
. "$top_srcdir/tests/lib.sh"

test_db
export_settings
h user grant ada author
expect_exit 0

pbdir=$(playbook_dir)
{
	playbook_head test-send "Test advisory"
	playbook_facts summary text
	cat <<'EOF'
      - id: recipients
        type: email-list
        label: Also to
        internal: true
  - id: check
    kind: checklist
    title: Before review
    items: [proofread]
EOF
	playbook_approve
	cat <<'EOF'
  - id: send
    kind: publish
    title: Publish
    channels: [web, mail]
outputs:
  - id: web
    format: markdown
    title: Web page
  - id: mail
    format: email
    title: E-mail
EOF
} >"$pbdir/test-send.yaml"

# approved TITLE: a new incident and its communication, answered and
# approved; sets id.
approved()
{
	comm_on_incident test-send "$1"
	h comm set "$id" summary "Tokens leak"
	expect_exit 0
	h comm set "$id" recipients "dpo@regulator.example"
	expect_exit 0
	h comm set "$id" check proofread
	expect_exit 0
	h comm done "$id" facts
	h comm done "$id" check
	h comm submit "$id"
	expect_exit 0
	check "approved $id" approve_by_hand "$db" "$id"
}

# No channel: publishing is as it always was.
approved "Before channels"
h comm publish "$id" --no-send
expect_exit 0
expect_out '^1: published, revision 1$'
expect_out '^0 messages queued$'
check "no rows without channels" test "$(sql 'SELECT count(*) FROM outbox')" = 0
# (A subscriber added unconfirmed may be sent a confirmation: its row
# belongs to no communication.)

# Channels and subscribers.
h channel add mail email --settings \
    '{"url":"smtp://127.0.0.1:9","from":"Security <security@example.org>"}'
expect_exit 0
h channel add hook webhook --settings '{"url":"http://127.0.0.1:9/hook"}'
expect_exit 0
h channel add internal-only webhook \
    --settings '{"url":"http://127.0.0.1:9/i","audiences":["internal"]}'
expect_exit 0
h channel add site directory --settings "{\"path\":\"$TEST_DIR/www\"}"
expect_exit 0
for a in a@example.org d@example.org; do
	h subscriber add "$a" --list 'advisories:*' --confirmed
	expect_exit 0
done
h subscriber add b@example.org --list 'advisories:*'
expect_exit 0
h subscriber add e@example.org --list 'breach:*' --confirmed
expect_exit 0

approved "With channels"
h comm publish "$id" --no-send
expect_exit 0
expect_out '^2: published, revision 1$'
# a, d, the answered address, one webhook, the site.
expect_out '^5 messages queued$'
check "to confirmed subscribers of the list only" test \
    "$(sql "SELECT group_concat(target, ' ') FROM (SELECT target FROM outbox
     WHERE output = 'mail' ORDER BY target)")" = \
    "a@example.org d@example.org dpo@regulator.example"
check "keys unique and printable" test "$(sql "SELECT count(DISTINCT
    idempotency_key) FROM outbox WHERE idempotency_key GLOB 'c2-r1-publish-*'
    AND idempotency_key NOT GLOB '* *'")" = 5
check "the subscriber's id kept" test "$(sql "SELECT count(*) FROM outbox
    WHERE communication_id = 2 AND subscriber_id IS NOT NULL")" = 2
check "no address in the audit chain" test "$(sql "SELECT count(*) FROM audit
    WHERE detail LIKE '%@example%'")" = 0
check "enqueue audited" test "$(sql "SELECT count(*) FROM audit
    WHERE action = 'outbox.enqueue'
    AND detail LIKE '%\"communication\":2,%'")" = 5
h outbox list --comm "$id"
expect_exit 0
expect_out 'pending .*a@example.org'
h comm deliveries "$id" --json
expect_exit 0
expect_json_is 'len(d["outbox"])' 5
expect_json_is 'sorted(set(o["purpose"] for o in d["outbox"]))' '["publish"]'

# The site goes live at once through the directory channel (the e-mail
# and the webhook are to closed ports: they wait for a retry).
h publish --channel site
expect_exit 0
check "the site is in place" test -f "$TEST_DIR/www/index.html"
check "the web root holds the public site only" \
    test ! -e "$TEST_DIR/www/internal" -a ! -e "$TEST_DIR/www/docs" \
    -a ! -e "$TEST_DIR/www/site"
check "no sibling left behind" test -z "$(ls -A "$TEST_DIR" | grep '^\.www\.new')"
check "site row delivered" test "$(sql "SELECT state FROM outbox
    WHERE output = 'site'")" = delivered
# What went live is recorded where it is served, not where it was made;
# the internal procedure was not placed, so it is not recorded.
check "the feed is recorded as published from the web root" \
    test "$(sql "SELECT path FROM publications WHERE kind = 'feed'")" = \
    "$(cd "$TEST_DIR/www" && pwd -P)/feed.atom"
check "nothing recorded where the site was made" test "$(sql "SELECT
    count(*) FROM publications WHERE path LIKE '%.new-%'")" = 0
check "the procedure was not placed, so not recorded" test "$(sql "SELECT
    count(*) FROM publications WHERE kind = 'breach-procedure'")" = 0

# A path that cannot be written: failed for good, naming it.
: >"$TEST_DIR/notadir"
h channel add bad-site directory \
    --settings "{\"path\":\"$TEST_DIR/notadir/www\"}"
expect_exit 0
approved "Bad site"
h comm publish "$id" --no-send
expect_exit 0
h publish --channel bad-site
check "bad path fails for good" test "$(sql "SELECT state FROM outbox
    WHERE output = 'site' AND target LIKE '%notadir%'")" = failed
check "naming the path" test -n "$(sql "SELECT id FROM outbox WHERE
    last_error LIKE '%notadir/www%'")"
h channel disable bad-site
expect_exit 0

# A correction: the same targets, not the subscriber who came later.
h subscriber add late@example.org --list 'advisories:*' --confirmed
expect_exit 0
h comm update 2 --reason correction --note "the range was wrong"
expect_exit 0
h comm set 2 summary "Tokens leak, corrected"
expect_exit 0
h comm done 2 facts
h comm done 2 check
h comm submit 2
expect_exit 0
check "correction approved" approve_by_hand "$db" 2
h comm publish 2 --no-send
expect_exit 0
expect_out '^2: published, revision 2$'
expect_out '^5 messages queued$'
check "correction to the same targets" test "$(sql "SELECT count(*) FROM
    outbox WHERE communication_id = 2 AND purpose = 'correction' AND target IN
    (SELECT target FROM outbox WHERE communication_id = 2
     AND purpose = 'publish')")" = 5
check "not to the later subscriber" test "$(sql "SELECT count(*) FROM outbox
    WHERE target = 'late@example.org'")" = 0
check "saying what changed" test -n "$(sql "SELECT id FROM outbox
    WHERE purpose = 'correction' AND output = 'mail'
    AND payload LIKE '%range was wrong%'")"

h comm withdraw 2 --reason "issued in error"
expect_exit 0
check "withdrawal to the same targets" test "$(sql "SELECT count(*) FROM
    outbox WHERE communication_id = 2 AND purpose = 'withdrawal'")" = 5
check "saying it was withdrawn" test -n "$(sql "SELECT id FROM outbox
    WHERE purpose = 'withdrawal' AND output = 'mail'
    AND payload LIKE '%Withdrawn%'")"

finish
