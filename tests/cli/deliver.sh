#!/bin/sh
# tests/cli/deliver.sh - a clock stops on delivery: a regulator
# notification published with its e-mail still in the outbox keeps its
# 72 h clock running; a delivery recorded by hand (comm deliver: the
# regulator's web form) stops it at that time, herald check shows it
# stopped; comm deliveries lists both; bad input is refused.
. "$top_srcdir/tests/lib.sh"

test_db
export_settings
h user grant ada author
expect_exit 0
add_users "sam"

pbdir=$(playbook_dir)
cat >"$pbdir/reg-test.yaml" <<'EOF'
playbook: reg-test
version: "1"
title: Regulator test
kind: regulator-notification
audience: regulator
steps:
  - id: facts
    kind: form
    title: Facts
    fields:
      - id: summary
        type: text
        label: What happened
        required: true
      - id: authority-address
        type: email-list
        label: The authority's address
  - id: approve
    kind: gate
    title: Approval
    roles: [approver:legal]
  - id: send
    kind: publish
    title: Notify
    channels: [mail]
clocks:
  - id: regulator
    regime: gdpr
    clock: regulator
outputs:
  - id: mail
    format: email
    title: E-mail to the authority
EOF

h channel add mail email --settings \
    '{"url":"smtp://127.0.0.1:9","from":"Security <security@example.org>"}'
expect_exit 0
h incident new --title "Customer table exposed" --trigger data-breach \
    --severity high --aware-at 2026-03-01T10:00:00Z
expect_exit 0
h comm new SEC-2026-001 --playbook reg-test
expect_exit 0
h comm set 1 summary "A table was exposed"
expect_exit 0
h comm set 1 authority-address "breach@authority.example"
expect_exit 0
h comm done 1 facts
h comm submit 1
expect_exit 0
check "approved" approve_by_hand "$db" 1
h comm publish 1 --no-send
expect_exit 0
expect_out '^1 message queued$'

# Published, the e-mail not delivered: the clock runs on.
h check
expect_exit 0
expect_out '^SEC-2026-001 +regulator +2026-03-04 10:00 +2 d 22 h left +#1 '

# Bad deliveries.
h comm deliver 1 --means web-form
expect_exit 2
expect_err 'needs --means and --to'
h comm deliver 1 --means web-form --to "ICO" --at 2027-01-01T00:00:00Z
expect_exit 3
expect_err 'in the future'
h comm deliver 99 --means web-form --to "ICO"
expect_exit 4
as sam comm deliver 1 --means web-form --to "ICO"
expect_exit 6

# By hand through the authority's web form: the clock stops then.
HERALD_NOW=2026-03-02T09:00:00Z
h comm deliver 1 --means web-form --to "ICO breach form" \
    --at 2026-03-02T08:30:00Z --reference ICO-12345 \
    --evidence "screenshots/ico-12345.png"
expect_exit 0
expect_out '^1: delivery 1 recorded$'
h check
expect_exit 0
expect_no_out 'regulator' "check no longer lists the stopped clock"
h check --json
expect_exit 0
expect_json_is 'len([c for c in (d["clocks"] if isinstance(d, dict) else d) if c.get("clock") == "regulator"])' 0
h incident show SEC-2026-001 --json
expect_exit 0
expect_json_is '[c["stopped_at"] for c in d["clocks"] if c["clock"] == "regulator"][0]' \
    2026-03-02T08:30:00Z
h comm deliveries 1
expect_exit 0
expect_out '^1 +pending +r1 +publish +mail +breach@authority.example'
expect_out '^manual web-form +ICO breach form .* ref ICO-12345'
h comm deliveries 1 --json
expect_json_is 'd["manual"][0]["reference"]' ICO-12345
expect_json_is 'd["outbox"][0]["target"]' breach@authority.example
h audit log --json
expect_out 'delivery.manual'
expect_no_out 'ICO breach form' "the target stays out of the audit chain"

finish
