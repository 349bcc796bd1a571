#!/bin/sh
# tests/tui/resize.sh - the layout follows the terminal: 80x24, 200x60 and
# back, on home, the incident list, an incident and help; no row is wider
# than the terminal; below 60x15 herald says what it needs, keeps taking
# keys, and comes back when the terminal grows, also when it starts small.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

# Display columns of the widest row (wc -L counts a CJK character as two).
tt_fits() { [ "$(tt_screen | wc -L)" -le "$1" ]; }

start resize 80 24
expect_row 0 "herald › Home"
expect_row 23 "?:help q:back Q:quit" "at 80x24 the status line is row 24"
expect_row 8 "SEC-2026-006" "five incidents on the home tile"
check "[resize] no row is wider than 80 columns" tt_fits 80

resize 200 60
expect_row 59 "?:help q:back Q:quit" "at 200x60 the status line moves to row 60"
expect_not "misconfigured sto…" "the home tile's titles are no longer cut"
expect "Customer contact records exposed through a misconfigured storage bucket"
check "[resize] no row is wider than 200 columns" tt_fits 200

# The incident list gains the KIND column and whole titles when wide.
keys I
expect_row 0 "herald › Incidents"
expect_row 2 "KIND" "at 200 columns the list shows KIND"
expect_row 4 "data-breach       high      contained" "kinds are not shortened"
expect_row 13 "Denial of service through a crafted sync manifest in Ledger Sync 5.4" \
    "whole titles"
resize 80 24
expect_row 23 "?:help q:back Q:quit" "back at 80x24"
expect_row 2 "ID           SEVERITY STATE     UPDATED    TITLE" \
    "at 80 columns the list drops KIND"
expect_row 4 "Customer contact records exposed t…" "titles are cut with an ellipsis"
expect_selected "SEC-2026-009" "the cursor stays on its row"
check "[resize] the list fits in 80 columns" tt_fits 80

# An incident wraps its summary to the width.
keys Enter
expect_row 1 "SEC-2026-009  critical  open  Privilege escalation in the Harbor Gateway admi…"
expect_row 17 "Any authenticated API user can call an admin-only route by changing the HTTP"
expect_row 18 "method." "the summary wraps at 80 columns"
resize 200 60
expect_row 17 "changing the HTTP method." "and joins at 200"
expect_row 59 "?:help q:back Q:quit"

# A picker open as the terminal changes size is placed again, over the
# title and status lines drawn for the new size.
keys c
expect "Start a communication from a playbook" "c opens the playbook picker"
resize 100 30
expect_row 0 "herald › Incident " "resized under the picker: the title line is redrawn"
expect_row 29 "?:help q:back Q:quit" "and the status line, at the new bottom"
expect "Start a communication from a playbook" "the picker stays open"
check "[resize] nothing wider than 100 columns" tt_fits 100
keys Escape
expect_row 29 "nothing started" "Esc closes it"
expect "Any authenticated API user" "and the incident shows again"

# Too small: the message, then the screen back as it was.
resize 40 10
expect_row 0 "herald needs at least 60x15;" "at 40x10 herald says what it needs"
expect_row 1 "this terminal is 40x10." "and what it has"
expect_not "herald ›" "and draws nothing else"
keys Tab
resize 59 20
expect_row 0 "herald needs at least 60x15; this terminal is 59x20." \
    "one column short is still too small"
resize 60 15
expect_row 0 "herald › Incident " "at 60x15 the incident is back"
expect_row 2 "History" "every tab fits at 60 columns"
expect "Harbor Gateway 3.2" "the key pressed while too small was taken (Tab)"
expect_row 14 "?:help q:back Q:quit" "the status line is row 15"
check "[resize] nothing wider than 60 columns" tt_fits 60

# Help at the smallest size scrolls; q closes it.
keys ?
expect_row 0 "herald › Help"
keys G
expect "Go to users and roles" "help scrolls at 60x15"
keys q
expect_row 0 "herald › Incident "
resize 80 24
expect_row 23 "?:help q:back Q:quit"
keys Q
expect_exit

# Started in a terminal that is too small, herald waits for it to grow.
start tiny 40 10
expect_row 0 "herald needs at least 60x15;" "started at 40x10: the message"
resize 80 24
expect_row 0 "herald › Home" "grown to 80x24: home"
expect "Incidents: 13"
keys q
expect_exit

finish
