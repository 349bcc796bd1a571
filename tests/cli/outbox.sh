#!/bin/sh
# tests/cli/outbox.sh - herald outbox list, show, retry and cancel: the
# queue as people read it; retry and cancel by admins only, audited, a
# reason required to cancel and kept out of the chain; a delivered
# message never retried nor cancelled.
. "$top_srcdir/tests/lib.sh"

test_db
export_settings
h user grant ada author
expect_exit 0
add_users "bob author"

pbdir=$(playbook_dir)
{
	playbook_head test-send "Test advisory"
	playbook_facts summary text
	playbook_end mail email "E-mail"
} >"$pbdir/test-send.yaml"

h channel add mail email --settings \
    '{"url":"smtp://127.0.0.1:9","from":"Security <security@example.org>"}'
expect_exit 0
for a in a@example.org b@example.org c@example.org; do
	h subscriber add "$a" --list 'advisories:*' --confirmed
	expect_exit 0
done
comm_on_incident test-send "Outbox test"
h comm set "$id" summary "Tokens leak"
expect_exit 0
h comm done "$id" facts
h comm submit "$id"
expect_exit 0
check "approved" approve_by_hand "$db" "$id"
h comm publish "$id" --no-send
expect_exit 0
expect_out '^3 messages queued$'

h outbox list
expect_exit 0
expect_out '^1 +c1 +pending +0 .*a@example.org'
h outbox list --state delivered
expect_exit 0
expect_out '^no messages$'
h outbox list --state nonsense
expect_exit 3
expect_err 'state nonsense: expected one of'
h outbox list --comm 1 --json
expect_exit 0
expect_json_is 'len(d)' 3
expect_json_is 'd[0]["purpose"]' publish
h outbox show 1
expect_exit 0
expect_out '^state +pending$'
expect_out '^key +c1-r1-publish-mail-ch1-'
expect_out '"to":"a@example.org"'
h outbox show 99
expect_exit 4
expect_err 'no outbox message with id 99'

# Pending: nothing to retry.
h outbox retry 1
expect_exit 5
expect_err 'outbox message 1 is pending: only a failed or cancelled'

# Cancel: admins only, with a reason; audited by its hash.
as bob outbox cancel 1 --reason "wrong list"
expect_exit 6
h outbox cancel 1
expect_exit 2
expect_err 'needs --reason'
h outbox cancel 1 --reason "sent by hand instead"
expect_exit 0
expect_out '^1: cancelled$'
h outbox show 1 --json
expect_json_is 'd["state"]' cancelled
expect_json_is 'd["last_error"]' "sent by hand instead"
check "cancel audited" test "$(sql "SELECT count(*) FROM audit
    WHERE action = 'outbox.cancelled' AND subject = 'outbox:1'
    AND detail LIKE '%reason_sha256%'")" = 1
check "the reason stays out of the chain" test "$(sql "SELECT count(*)
    FROM audit WHERE detail LIKE '%by hand%'")" = 0
h outbox cancel 1 --reason again
expect_exit 5
expect_err 'is cancelled'

# Retry: back to pending, due now, attempts counted afresh; audited.
as bob outbox retry 1
expect_exit 6
h outbox retry 1
expect_exit 0
expect_out '^1: pending, due now$'
h outbox show 1 --json
expect_json_is 'd["state"]' pending
check "retry audited" test "$(sql "SELECT count(*) FROM audit
    WHERE action = 'outbox.retry' AND subject = 'outbox:1'")" = 1

# A failed message may be retried; a delivered one never.
sql "UPDATE outbox SET state = 'failed', attempts = 10,
    last_error = '550 no such user' WHERE id = 2" >/dev/null
h outbox list --state failed
expect_out '^2 .*failed +10 .*550 no such user'
h outbox retry 2
expect_exit 0
h outbox show 2 --json
expect_json_is 'd["state"]' pending
expect_json_is 'd["attempts"]' 0
sql "UPDATE outbox SET state = 'delivered',
    delivered_at = '2026-03-01T12:00:00Z' WHERE id = 3" >/dev/null
h outbox retry 3
expect_exit 5
expect_err 'outbox message 3 was delivered at 2026-03-01T12:00:00Z: a delivered message is never sent again'
h outbox cancel 3 --reason "too late"
expect_exit 5
expect_err 'never cancelled'
h outbox show 3 --json
expect_json_is 'd["state"]' delivered
h audit verify
expect_exit 0

finish
