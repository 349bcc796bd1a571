#!/bin/sh
# tests/cli/check.sh - herald check for cron: an end-of-life notice that
# falls due starts its draft, files a ticket per customer and channel and
# alerts the owners, each once however often check runs; --dry-run does
# nothing; security.txt's expiry; messages that failed for good; the JSON
# and the exit codes.
. "$top_srcdir/tests/lib.sh"

have python3 || skip_all "python3 is not installed"

# outbox_keys: the idempotency keys of $db's outbox of purpose $1, sorted.
outbox_keys()
{
	h outbox list --json
	json_get '" ".join(sorted(m["key"] for m in d if m["purpose"] == "'"$1"'"))'
}

# --- a test database: nothing due, then security.txt ------------------------

test_db
h check
expect_exit 0
expect_out '^No clocks running\.$'
expect_out '^Nothing overdue\.$'
h check --json
expect_exit 0
expect_json
expect_json_is 'sorted(d)' '["actor", "alerts_queued", "clocks", "dry_run", "eol", "errors", "failures", "near_hours", "notices_started", "now", "overdue", "security_txt", "tickets_queued"]'
expect_json_is '[d["overdue"], d["eol"], d["security_txt"], d["failures"], d["actor"], d["near_hours"]]' '[0, [], [], [], "user:1", 24]'
h check --near 0
expect_exit 3
h check --near 48 --dry-run --json
expect_exit 0
expect_json_is '[d["near_hours"], d["dry_run"]]' '[48, true]'

# The settings check says what they take.
h settings set check.alert-channel 'ops mail'
expect_exit 3
expect_err "check.alert-channel: \"ops mail\" is not a channel name"
h settings set check.security-txt site/security.txt
expect_exit 3
expect_err 'check.security-txt: .* is not an absolute path'

# A contact promises a security.txt: none published is said, not overdue.
export_settings
h check
expect_exit 0
expect_out '^security.txt: none found, although security.contact is set'
# Exported today, it expires in a year (security.expires-days).
h export security-txt --out "$TEST_DIR/out"
expect_exit 0
h settings set check.security-txt "$TEST_DIR/out/site/.well-known/security.txt"
expect_exit 0
h check --json
expect_exit 0
expect_json_is '[(t["state"], t["expires"], t["days_left"]) for t in d["security_txt"]]' '[["ok", "2027-03-01T00:00:00Z", 364]]'
# at TIME ARGS...: h ARGS at TIME (HERALD_NOW is exported).
at()
{
	HERALD_NOW=$1
	shift
	h "$@"
	HERALD_NOW=2026-03-01T12:00:00Z
}
# Nineteen days before it expires: said, not overdue.
at 2027-02-09T12:00:00Z check
expect_exit 0
expect_out 'security.txt: .*/security.txt expires 2027-03-01 \(in 19 days\): export it again'
# Expired: overdue.
at 2027-03-02T12:00:00Z check
expect_exit 12
expect_out 'security.txt: .* EXPIRED 2027-03-01'
at 2027-03-02T12:00:00Z check --json
expect_exit 12
expect_json_is '[d["overdue"], d["security_txt"][0]["state"]]' '[1, "expired"]'
# Without an Expires field it is not a valid security.txt.
printf 'Contact: mailto:security@example.org\n' >"$TEST_DIR/bad.txt"
h settings set check.security-txt "$TEST_DIR/bad.txt"
h check
expect_exit 12
expect_out 'bad.txt: no Expires field'

# --- the demo: Ledger Sync 5.4 ends in 200 days, no notice sent --------------

db="$TEST_DIR/demo.db"
demo_db "$db"
# The demo's admin runs check (a demo database takes --as).
h() { as ines "$@"; }
h channel add ops-tickets servicenow --settings '{"url":"http://127.0.0.1:9","table":"incident"}'
expect_exit 0
h settings set check.alert-channel customer-mail
expect_exit 0
# A second customer runs 5.4.
h customer deploy "Kestrel Bank plc" ledger-sync 5.4 --version 5.4.9
expect_exit 0
comms=$(sql "SELECT count(*) FROM communications")
rows=$(sql "SELECT count(*) FROM outbox")

# A dry run says what it would do, and does nothing. (The demo has
# clocks past due: 12.)
h check --dry-run
expect_exit 12
expect_out '^  Ledger Sync 5\.4: EOL 2026-09-17 \(in 200 days\), 2 customers known to run it$'
expect_out '^    would start an eol-notice for Ledger Sync 5\.4 \(EOL 2026-09-17, in 200 days\)$'
expect_out '^    would queue 4 tickets$'
expect_out '^    would alert the owners through customer-mail \(1 message\)$'
[ "$(sql "SELECT count(*) FROM communications")" = "$comms" ] &&
    [ "$(sql "SELECT count(*) FROM outbox")" = "$rows" ] &&
    [ "$(sql "SELECT count(*) FROM check_actions")" = 0 ] &&
    pass "a dry run writes nothing" || fail "a dry run writes nothing"

# The real thing.
h check
expect_exit 12
expect_out '^    started eol-notice #[0-9]+ for Ledger Sync 5\.4 \(EOL 2026-09-17, in 200 days\)$'
expect_out '^    queued 4 tickets$'
expect_out '^    alerted the owners through customer-mail \(1 message\)$'
expect_out 'Started 1 notice, queued 4 tickets and 1 alert message\.$'
notice=$(sed -n 's/^    started eol-notice #\([0-9]*\) .*/\1/p' "$OUT")
h comm show "$notice" --json
expect_exit 0
expect_json_is '[d["kind"], d["state"]]' '["eol-notice", "draft"]'
# One ticket per customer running 5.4 (Northwind is customer 1, Kestrel
# 2) on each ticket channel (support-jira 4, ops-tickets 6).
[ "$(outbox_keys ticket)" = "eol-ticket-cy5-cu1-ch4 eol-ticket-cy5-cu1-ch6 eol-ticket-cy5-cu2-ch4 eol-ticket-cy5-cu2-ch6" ] &&
    pass "a ticket per customer and ticket channel" ||
    fail "a ticket per customer and ticket channel (got $(outbox_keys ticket))"
[ "$(outbox_keys alert)" = "eol-alert-cy5-20260917-u3-ch1" ] &&
    pass "one alert, to the product's owner" ||
    fail "one alert, to the product's owner (got $(outbox_keys alert))"
h outbox list --json
expect_json_is '[m["target"] for m in d if m["purpose"] == "alert"]' '["bilal@brightwater.example"]'
h outbox show "$(sql "SELECT id FROM outbox WHERE idempotency_key = 'eol-ticket-cy5-cu2-ch4'")" --json
expect_exit 0
[ "$(sql "SELECT json_extract(payload, '$.summary') FROM outbox WHERE idempotency_key = 'eol-ticket-cy5-cu2-ch4'")" = \
    "End of life: Ledger Sync 5.4 on 2026-09-17 - Kestrel Bank plc" ] &&
    pass "the ticket names the cycle, its EOL and the customer" ||
    fail "the ticket names the cycle, its EOL and the customer"

# Twice, three times: nothing twice.
rows=$(sql "SELECT count(*) FROM outbox")
h check
expect_exit 12
expect_out "^    notice #$notice: draft, started by herald check 2026-03-01 12:00$"
expect_out '^    owners alerted 2026-03-01 12:00$'
expect_no_out 'queued|started eol-notice'
h check --json
expect_exit 12
expect_json
expect_json_is '[(e["cycle"], e["started"], e["notice"]["id"], e["tickets_queued"], e["alert"], e["alerted_at"], e["customers"]) for e in d["eol"]]' \
    "[[\"5.4\", false, $notice, 0, null, \"2026-03-01T12:00:00Z\", 2]]"
expect_json_is '[d["notices_started"], d["tickets_queued"], d["alerts_queued"]]' '[0, 0, 0]'
[ "$(sql "SELECT count(*) FROM outbox")" = "$rows" ] &&
    [ "$(sql "SELECT count(*) FROM communications WHERE kind = 'eol-notice' AND cycle_id = 5")" = 1 ] &&
    pass "check again: no new draft, ticket or alert" ||
    fail "check again: no new draft, ticket or alert"
# A customer who starts running 5.4 later gets tickets of their own.
h customer deploy "Société Générale des Eaux" ledger-sync 5.4
expect_exit 0
h check
expect_exit 12
expect_out '^    queued 2 tickets$'
expect_no_out 'started eol-notice|alerted the owners'

# --- messages that failed for good ---------------------------------------------

sql "UPDATE outbox SET state = 'failed', attempts = 3, last_error = '550 5.1.1 mailbox unavailable' WHERE id = (SELECT min(id) FROM outbox WHERE purpose = 'publish' AND channel_id = 1)"
failed=$(sql "SELECT id FROM outbox WHERE state = 'failed' AND purpose = 'publish'")
h check
expect_exit 12
expect_out "^Delivery failures \\(1\\):$"
expect_out "^  message #$failed \\(publish of communication #[0-9]+\\) through customer-mail failed after 3 attempts: 550 5\\.1\\.1 mailbox unavailable$"
expect_out '^    queued 2 tickets$'
h check --json
expect_exit 12
expect_json_is '[(f["outbox"], f["channel"], f["tickets_queued"], f["tickets"]) for f in d["failures"]]' "[[$failed, \"customer-mail\", 0, 2]]"
[ "$(outbox_keys ticket | tr ' ' '\n' | grep -c "^failure-ticket-o$failed-ch")" = 2 ] &&
    pass "a ticket per ticket channel about the failure, once" ||
    fail "a ticket per ticket channel about the failure, once"
# A ticket that failed is reported, and no ticket is filed about it.
sql "UPDATE outbox SET state = 'failed', last_error = '401 Unauthorized' WHERE idempotency_key = 'eol-ticket-cy5-cu1-ch4'"
rows=$(sql "SELECT count(*) FROM outbox")
h check --json
expect_exit 12
expect_json_is '[f["tickets"] for f in d["failures"] if f["purpose"] == "ticket"]' '[0]'
[ "$(sql "SELECT count(*) FROM outbox")" = "$rows" ] &&
    pass "no ticket about a failed ticket" || fail "no ticket about a failed ticket"

# --- who acts ------------------------------------------------------------------

# A login herald does not know cannot start a draft: that cycle's round
# is refused whole, with the reason, and the rest goes on.
# Ledger Sync 6.0's end of life moves up to May.
cy=$(sql "SELECT c.id FROM cycles c JOIN products p ON p.id = c.product_id WHERE p.slug = 'ledger-sync' AND c.cycle = '6.0'")
sql "UPDATE cycles SET eol = '2026-05-01' WHERE id = $cy"
as cron check
expect_exit 6
expect_err 'herald: check: ledger-sync 6\.0: cron is not a herald user here'
expect_out 'failed, nothing done: cron is not a herald user here'
[ "$(sql "SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'eol-ticket-cy$cy-%'")" = 0 ] &&
    pass "a refused round queues nothing" || fail "a refused round queues nothing"
h user add cron --role author
expect_exit 0
as cron check
expect_exit 12
expect_out '^    started eol-notice #[0-9]+ for Ledger Sync 6\.0 '
cron_id=$(sql "SELECT id FROM users WHERE login = 'cron'")
[ "$(sql "SELECT actor FROM audit WHERE action = 'check.eol-notice' ORDER BY seq DESC LIMIT 1")" = "user:$cron_id" ] &&
    pass "check acts as its user" || fail "check acts as its user"
h audit verify
expect_exit 0

finish
