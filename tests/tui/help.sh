#!/bin/sh
# tests/tui/help.sh - ? lists the keys of the screen it was opened from:
# the global keys everywhere, and each screen's own only on that screen;
# help scrolls, and closes with q, Esc, ? or Enter; F1 opens it too.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

start help 100 30

# Home has no keys of its own.
keys ?
expect_row 0 "herald › Help"
expect "Keys on the Home screen (q or Esc to close)"
expect "q, Esc           Go back to the previous screen" "the global keys"
expect "/                Search this screen"
keys G
expect "U                Go to users and roles" "G scrolls to the end of help"
check "[help] home lists no list keys" tt_lacks "Filter the list"
check "[help] home lists no user keys" tt_lacks "Grant a role"
keys g
expect_row 3 "Navigation" "g scrolls back to the top"
keys q
expect_row 0 "herald › Home" "q closes help"

# The incident list adds sort, filter and clear.
keys I
expect_row 0 "herald › Incidents"
keys ?
expect "Keys on the Incidents screen"
keys G
expect "s                Change the sort order" "the list's own keys: sort"
expect "f                Filter the list" "filter"
expect "c                Clear the filter and search" "clear"
check "[help] no user keys on the incident list" tt_lacks "Grant a role"
keys Escape
expect_row 0 "herald › Incidents" "Esc closes help"

# The audit log filters but does not sort.
keys A
expect_row 0 "herald › Audit log"
keys ?
expect "Keys on the Audit log screen"
keys G
expect "f                Filter the list" "the audit log filters"
check "[help] the audit log does not sort" tt_lacks "Change the sort order"
keys ?
expect_row 0 "herald › Audit log" "? closes help too"

# Users: grant and revoke.
keys U
expect_row 0 "herald › Users and roles"
keys F1
expect "Keys on the Users and roles screen" "F1 opens help"
keys G
expect "+                Grant a role (admins)"
expect "-                Revoke a role (admins)"
check "[help] users do not filter" tt_lacks "Filter the list"
keys Enter
expect_row 0 "herald › Users and roles" "Enter closes help"

keys Q
expect_exit

finish
