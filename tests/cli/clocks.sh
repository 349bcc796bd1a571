#!/bin/sh
# tests/cli/clocks.sh - herald check before and after a deadline, its exit
# codes and JSON; incident show's clocks; incident times and the clock that
# waits for a fix; a broken regime file named with its line and column.
. "$top_srcdir/tests/lib.sh"

test_db
# at TIME ARGS...: h ARGS at TIME (HERALD_NOW is exported).
at()
{
	HERALD_NOW=$1
	shift
	h "$@"
	HERALD_NOW=2026-03-01T12:00:00Z
}

# Nothing started yet: nothing runs.
h check
expect_exit 0
expect_out '^No clocks running\.$'
h check --json
expect_exit 0
expect_json_is 'd["clocks"]' '[]'
h check now
expect_exit 2
expect_err 'check takes no arguments'

# A playbook of our own: GDPR's regulator clock on the regulator
# notification, the vendor's customers clock on the notice, the CRA's.
mkdir -p "$XDG_CONFIG_HOME/herald/playbooks"
cat >"$XDG_CONFIG_HOME/herald/playbooks/clock-test.yaml" <<'EOF'
playbook: clock-test
version: "1"
title: Clock test
kind: regulator-notification
audience: regulator
variants:
  - id: regulator
  - id: customers
    kind: customer-notice
    audience: customers
steps:
  - id: facts
    kind: form
    title: Facts
    fields:
      - id: what
        type: text
        label: What happened
clocks:
  - id: regulator
    regime: gdpr
    clock: regulator
    variant: regulator
  - id: customers
    regime: vendor
    clock: customers
    variant: customers
  - id: cra
    regime: cra
    variant: regulator
EOF

h incident new --title "Customer table exposed" --trigger data-breach \
    --severity high --aware-at 2026-03-01T10:00:00Z
expect_exit 0
h comm new SEC-2026-001 --playbook clock-test
expect_exit 0

# Two hours after awareness: running, none overdue.
h check
expect_exit 0
expect_out '^INCIDENT +CLOCK +DUE +LEFT +COMMUNICATION$'
expect_out '^SEC-2026-001 +early-warning +2026-03-02 10:00 +22 h left +#1 '
expect_out '^SEC-2026-001 +regulator +2026-03-04 10:00 +2 d 22 h left +#1 '
expect_out '^SEC-2026-001 +customers +2026-03-03 10:00 +1 d 22 h left +#2 '
expect_out '72 h from awareness \(GDPR art\. 33\(1\)\)'
expect_out '48 h from awareness \(vendor policy\)'
# The CRA final report waits for a fix: not running, not listed.
expect_no_out 'final-report' "check leaves out the clock waiting for a fix"

h check --json
expect_exit 0
expect_json
[ "$(json_get 'str([(c["clock"], c["due_at"], c["state"], c["overdue"]) for c in d["clocks"]][:2])')" = \
    "[('early-warning', '2026-03-02T10:00:00Z', 'running', False), ('customers', '2026-03-03T10:00:00Z', 'running', False)]" ] &&
    pass "check --json: soonest first, running, not overdue" ||
    fail "check --json: soonest first, running, not overdue"

# Past the deadlines: exit 12, and how late each one is.
at 2026-03-05T12:00:00Z check
expect_exit 12
expect_out '^SEC-2026-001 +regulator +2026-03-04 10:00 +overdue by 1 d 2 h '
expect_out '^SEC-2026-001 +early-warning .*overdue by 3 d 2 h'
at 2026-03-05T12:00:00Z check --json
expect_exit 12
[ "$(json_get 'str(sorted(set(c["overdue"] for c in d["clocks"])))')" = "[True]" ] &&
    pass "check --json after the deadlines: all overdue" ||
    fail "check --json after the deadlines: all overdue"
# A minute before the first deadline nothing is overdue yet.
at 2026-03-02T09:59:00Z check
expect_exit 0
expect_out 'early-warning +2026-03-02 10:00 +1 min left'
at 2026-03-02T10:01:00Z check
expect_exit 12

# incident show: the clocks, the waiting one included.
h incident show SEC-2026-001
expect_exit 0
expect_out '^Clocks:$'
expect_out '^regulator +2026-03-04 10:00 +2 d 22 h left +#1 '
expect_out '^final-report +- +waiting for a fix +#1 '
expect_out '^Fix available: +-$'
h incident show SEC-2026-001 --json
expect_exit 0
expect_json
[ "$(json_get 'len(d["clocks"]), [c["state"] for c in d["clocks"] if c["clock"] == "final-report"], d["fix_available_at"]')" = \
    "(5, ['waiting'], None)" ] &&
    pass "show --json: five clocks, the final report waiting" ||
    fail "show --json: five clocks, the final report waiting"

# The fix: the CRA final report runs 14 days from it.
h incident times SEC-2026-001
expect_exit 2
expect_err 'needs --aware-at, --discovered-at or --fix-available-at'
h incident times SEC-2026-001 --fix-available-at soon
expect_exit 3
expect_err 'fix-available-at'
h incident times SEC-2026-001 --discovered-at 2026-03-02T00:00:00Z
expect_exit 3
expect_err 'is after aware-at'
h incident times SEC-2026-001 --fix-available-at 2026-03-06T12:00:00+01:00
expect_exit 0
h incident show SEC-2026-001
expect_out '^final-report +2026-03-20 11:00 +18 d 23 h left +#1 '
expect_out '14 d from fix-available \(CRA art\. 14\(2\)\(c\)'
h audit log --json
expect_exit 0
expect_out 'incident.times'
h check
expect_out '^SEC-2026-001 +final-report +2026-03-20 11:00 '

# A broken copy of a regime stops check with the file, line and column.
mkdir -p "$XDG_CONFIG_HOME/herald/regimes"
sed 's/within: 72h/within: 72 hourz/' "$top_srcdir/share/regimes/gdpr.yaml" \
    >"$XDG_CONFIG_HOME/herald/regimes/gdpr.yaml"
h check
expect_exit 3
expect_err "herald/regimes/gdpr.yaml:[0-9]+:13: within: \"72 hourz\" is not a span of time"
rm "$XDG_CONFIG_HOME/herald/regimes/gdpr.yaml"

# The vendor's table, copied to the configuration directory and edited,
# wins over the shipped one.
sed 's/within: 48h/within: 12h/' "$top_srcdir/share/regimes/vendor.yaml" \
    >"$XDG_CONFIG_HOME/herald/regimes/vendor.yaml"
h check
expect_exit 0
expect_out '^SEC-2026-001 +customers +2026-03-01 22:00 +10 h left '

h check --help
expect_exit 0
expect_out '12 when a clock is overdue'

finish
