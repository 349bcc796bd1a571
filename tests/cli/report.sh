#!/bin/sh
# tests/cli/report.sh - herald report: researchers' reports received,
# acknowledged, triaged, fixed and linked, each step in order and once;
# list and show with the clocks the disclosure policy promises (72 h to
# acknowledge, 10 d to triage, from the vulnerability-report playbook).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

test_db
add_users "bob author" "olivia sro"

h report list
expect_exit 0
expect_out '^No reports'

# Bad input.
h report receive
expect_exit 2
expect_err 'report receive needs --summary'
expect_err '^usage: herald report'
h report receive stray --summary x
expect_exit 2
h report receive --summary ""
expect_exit 3
expect_err 'summary'
h report receive --summary "XSS" --received-at yesterday
expect_exit 3
expect_err 'received_at'
h report receive --summary "XSS" --received-at 2026-03-02T00:00:00Z
expect_exit 3
expect_err 'is in the future'
as olivia report receive --summary "XSS"
expect_exit 6
expect_err 'olivia needs the author or admin role'
[ "$(sql_row 'SELECT count(*) FROM reports')" = 0 ] &&
    pass "refusals recorded nothing" || fail "refusals recorded nothing"

# 1: acknowledged and triaged in time. 2: acknowledged late, triage
# overdue. 3: just in, running.
as bob report receive --summary "XSS in the login form" \
    --reporter "Rae <rae@example.org>" --received-at 2026-02-01T09:00:00Z
expect_exit 0
expect_out '^Received report 1$'
h report receive --summary "SSRF" --received-at 2026-02-10T00:00:00Z
expect_exit 0
h report receive --summary "$(printf 'Open redirect\nsecond line')"
expect_exit 0
expect_out '^Received report 3$'

# Steps: in order, each once, never before the one before.
h report triage 1 --at 2026-02-02T00:00:00Z
expect_exit 3
expect_err 'report 1 is not acknowledged yet; record that first'
h report acknowledge 1 --at 2026-01-31T00:00:00Z
expect_exit 3
expect_err 'is before the report was received'
h report acknowledge 1 --at 2026-03-05T00:00:00Z
expect_exit 3
expect_err 'is in the future'
h report acknowledge 1 --at noon
expect_exit 3
as bob report acknowledge 1 --at 2026-02-02T09:00:00Z
expect_exit 0
expect_out '^Report 1 acknowledged$'
h report acknowledge 1
expect_exit 5
expect_err 'already acknowledged'
h report triage 1 --at 2026-02-01T10:00:00Z
expect_exit 3
expect_err 'before the report was acknowledged'
h report triage 1 --at 2026-02-06T00:00:00Z
expect_exit 0
h report fix 1 --at 2026-02-20T00:00:00Z
expect_exit 0
expect_out '^Report 1 fixed$'
h report acknowledge 2 --at 2026-02-14T00:00:00Z
expect_exit 0
h report acknowledge 9
expect_exit 4
expect_err 'no report with id 9'
h report acknowledge abc
expect_exit 3
h report acknowledge
expect_exit 2
as olivia report triage 2
expect_exit 6

# Linking to an incident.
h incident new --title "XSS" --trigger vulnerability --severity high
expect_exit 0
ref=$(head -n 1 "$OUT")
h report link 1 SEC-2099-999
expect_exit 4
h report link 1
expect_exit 2
h report link 1 "$ref"
expect_exit 0
expect_out "^Report 1 is tied to $ref\$"
h report link 2 "$ref"
expect_exit 0
h report link 2 -
expect_exit 0
expect_out 'tied to no incident'

# The clocks: met, late, overdue, running.
h report list
expect_exit 0
expect_out '^ID +RECEIVED +ACKNOWLEDGE +TRIAGE +INCIDENT +SUMMARY$'
expect_out "^1 +2026-02-01 09:00 +met +met +$ref +XSS in the login form\$"
expect_out '^2 +2026-02-10 00:00 +late +overdue +- +SSRF$'
expect_out '^3 +2026-03-01 12:00 +due 2026-03-04 12:00 +due 2026-03-11 12:00 +- +Open redirect$'
h report list --json
expect_exit 0
expect_json
expect_json_is 'len(d)' 3
expect_json_is '[r["id"] for r in d]' '[3, 2, 1]'
expect_json_is 'd[2]["incident"]' "$ref"
expect_json_is 'd[2]["reporter"]' 'Rae <rae@example.org>'
expect_json_is 'd[2]["clocks"][0]' '{"clock": "acknowledge", "promised": "72 h", "due_at": "2026-02-04T09:00:00Z", "done_at": "2026-02-02T09:00:00Z", "status": "met"}'
expect_json_is 'd[1]["clocks"][0]["status"]' late
expect_json_is 'd[1]["clocks"][1]' '{"clock": "triage", "promised": "10 d", "due_at": "2026-02-20T00:00:00Z", "done_at": null, "status": "overdue"}'
expect_json_is '[c["status"] for c in d[0]["clocks"]]' '["running", "running"]'

h report show 2
expect_exit 0
expect_out '^Report: +2$'
expect_out '^Acknowledged: 2026-02-14 00:00 UTC  \(acknowledge: late, due 2026-02-13 00:00 UTC, promised within 72 h\)$'
expect_out '^Triaged: +-  \(triage: overdue, due 2026-02-20 00:00 UTC, promised within 10 d\)$'
h report show 3
expect_out '^  second line$'
h report show 1 --json
expect_exit 0
expect_json
expect_json_is 'd["fixed_at"]' 2026-02-20T00:00:00Z
expect_json_is 'd["clocks"][1]["status"]' met
h report show 7
expect_exit 4
h report show
expect_exit 2

# The clocks come from the playbook, as the disclosure policy says them.
pb=$(playbook_dir)
sed 's/within: 72h/within: 12h/' \
    "$top_srcdir/share/playbooks/vulnerability-report.yaml" \
    >"$pb/vulnerability-report.yaml"
h report show 1 --json
expect_json_is 'd["clocks"][0]["status"]' late
expect_json_is 'd["clocks"][0]["promised"]' '12 h'
rm -f "$pb/vulnerability-report.yaml"

# The reporter stays out of the audit chain; every step is in it.
[ "$(sql_row "SELECT count(*) FROM audit WHERE action LIKE 'report.%'")" = 10 ] &&
    pass "each step audited" || fail "each step audited"
[ "$(sql_row "SELECT count(*) FROM audit WHERE detail LIKE '%rae@%'")" = 0 ] &&
    pass "the reporter is not in the audit chain" ||
    fail "the reporter is not in the audit chain"
h audit verify
expect_exit 0

h report --help
expect_exit 0
expect_out '^usage: herald report receive'
expect_out 'Exit status'

finish
