#!/bin/sh
# tests/tui/walk.sh - every screen and back, on the demo database: home,
# the incident list, one incident and each of its panes, products, the
# audit log, users; the go-to keys (H I P A U) from anywhere; q and Esc.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

start walk 100 30
expect_row 0 "herald › Home"

# The incident list, newest first, the cursor on the first row.
keys I
expect_row 0 "herald › Incidents" "I opens the incident list"
expect "13 incidents"
expect_row 2 "ID" "the list has column headings"
expect_selected "SEC-2026-009" "the most recent incident is selected"
keys j j
expect_selected "SEC-2026-007" "j moves down"
keys k
expect_selected "SEC-2026-008" "k moves up"
keys G
expect_selected "SEC-2025-002" "G goes to the last incident"
keys g
expect_selected "SEC-2026-009" "g goes back to the first"

# One incident: Enter opens it; Tab walks its panes and comes round.
keys Enter
expect_row 0 "herald › Incident " "Enter opens the incident"
expect_row 1 "SEC-2026-009  critical  open  Privilege escalation in the Harbor Gateway admin API"
expect "Details   Affected (3)   Communications (2)   Deliveries (0)   History (29)" \
    "the panes are named with their counts"
expect "Embargo until" "the details pane comes first"
keys Tab
expect "Harbor Gateway 3.2  known affected: versions <3.2.15" "Tab: affected products"
keys Tab
expect "#23 advisory: Harbor Gateway: privilege escalation in admin API" \
    "Tab: communications"
keys Tab
expect "Outbox   nothing queued" "Tab: deliveries"
keys Tab
expect "alice incident.access: what=show" "Tab: history (opening it is in it)"
keys Tab
expect "Embargo until" "Tab after the last pane comes back to details"
keys q
expect_row 0 "herald › Incidents" "q goes back to the list"
expect_selected "SEC-2026-009" "the list keeps its cursor"
keys q
expect_row 0 "herald › Home" "q again goes home"

keys P
expect_row 0 "herald › Products and lifecycle" "P opens products"
expect "Harbor Gateway (harbor-gateway)"
expect "EOL in 200 days, no notice sent" "the cycle without its EOL notice"
keys q
expect_row 0 "herald › Home"

keys A
expect_row 0 "herald › Audit log" "A opens the audit log"
expect "Chain intact" "the chain is verified"
expect "communication.create" "with its rows"
keys Escape
expect_row 0 "herald › Home" "Esc goes back"

keys U
expect_row 0 "herald › Users and roles" "U opens users"
expect "Sora Tanaka (田中空)" "names in UTF-8"
expect "lena@brightwater.example"
keys ?
expect_row 0 "herald › Help" "? opens help"
expect "Keys on the Users and roles screen"
keys q
expect_row 0 "herald › Users and roles" "q closes help"

# The go-to keys jump from anywhere, over whatever is open.
keys I
expect_row 0 "herald › Incidents" "I from users"
keys Enter
expect_row 0 "herald › Incident " "an incident over the list"
keys P
expect_row 0 "herald › Products and lifecycle" "P from an incident"
keys A
expect_row 0 "herald › Audit log" "A from products"
keys U
expect_row 0 "herald › Users and roles" "U from the audit log"
keys H
expect_row 0 "herald › Home" "H from users"
keys I
expect_row 0 "herald › Incidents"
keys I
expect_row 0 "herald › Incidents" "I on the list stays there"
keys q
expect_row 0 "herald › Home" "the go-to keys never stack screens twice"
keys q
expect_exit

finish
