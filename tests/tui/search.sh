#!/bin/sh
# tests/tui/search.sh - / searches the incident list (> and N walk the
# matches; n opens a new incident there), f filters it by state, kind and
# severity, c clears both, s sorts; a wrong filter word is named and
# changes nothing; a screen that cannot search says so.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

start search 100 30
keys /
expect "nothing to search on this screen" "home cannot be searched"
keys I
expect_row 0 "herald › Incidents"
expect "13 incidents"

# Search: the list narrows to the matches, the first selected.
keys /
expect_row 29 "Search:" "/ asks what to search for"
type_text Harbor
keys Enter
expect_row 1 'Search "Harbor"' "the search is shown above the list"
expect_not "SEC-2026-008" "incidents without the word go"
expect_row 3 "SEC-2026-009" "first match"
expect_row 4 "SEC-2026-002" "second match"
expect_row 5 "SEC-2026-001" "third match"
expect_selected "SEC-2026-009" "the first match is selected"
keys ">"
expect_selected "SEC-2026-002" ">: the next match"
keys ">"
expect_selected "SEC-2026-001" "> again"
keys ">"
expect_row 29 'no further match for "Harbor"' "> after the last match says so"
expect_selected "SEC-2026-001" "and stays"
keys N
expect_selected "SEC-2026-002" "N: the previous match"
keys N N
expect_row 29 'no earlier match for "Harbor"' "N before the first says so"
expect_selected "SEC-2026-009"

# Enter opens a match; q comes back to the search.
keys ">" Enter
expect_row 1 "SEC-2026-002" "Enter opens the selected match"
keys q
expect_row 1 'Search "Harbor"' "back on the list, the search is kept"
expect_selected "SEC-2026-002"

# Nothing found, then c clears.
keys /
type_text zzyzx
keys Enter
expect "No incidents match; c clears the filter and the search." \
    "a search without matches says how to clear it"
keys c
expect_row 29 "filter and search cleared"
expect "13 incidents" "c brings every incident back"

# Filter by state, then by two fields at once.
keys f
expect_row 29 "Filter (e.g. state=open severity=high):" "f asks for a filter"
type_text state=open
keys Enter
expect_row 1 "Filter: state=open" "the filter is shown"
expect_row 1 " 3 incidents" "three are open"
expect_not "SEC-2026-008" "a contained incident is filtered out"
expect_row 5 "SEC-2026-006"
keys f
type_text "state=open severity=high"
keys Enter
expect_row 1 "Filter: state=open severity=high" "two filter words at once"
expect_row 3 "SEC-2026-006  vuln        high      open" "open and high: one"
expect_not "SEC-2026-009" "open and critical is filtered out"
keys f
type_text kind=data-breach
keys Enter
expect "Filter: kind=data-breach" "a new filter replaces the old one"
expect_row 1 " 3 incidents" "three data breaches, one a drill"
expect "[drill] Breach notification drill" "drills are marked"
keys f
type_text drill=no
keys Enter
expect_row 1 "Filter: drill=no" "a drill filter"
expect_row 1 " 12 incidents" "drill=no leaves the drill out"

# A wrong word is named, with the values it could take, and changes nothing.
keys f
type_text state=bogus
keys Enter
expect_row 29 "state=bogus" "a wrong value is named"
expect_row 29 "open, contained, resolved, closed" "with the right ones"
expect "12 incidents" "the filter did not change"
keys f
type_text colour=red
keys Enter
expect_row 29 "not a filter: colour=red" "a wrong key is named"

# Esc at the prompt changes nothing; an empty filter clears it.
keys f
expect_row 29 "Filter (e.g."
type_text state=closed
keys Escape
expect_not "Filter (e.g." "Esc leaves the question"
expect "12 incidents" "and keeps the filter"
keys f
expect_row 29 "Filter (e.g."
keys Enter
expect_row 29 "no filter: all incidents" "an empty answer clears the filter"
expect "13 incidents"

# The question's line scrolls to keep the cursor in view, and edits as
# the runner's fields do: Left, Ctrl-U, Ctrl-K.
keys /
type_text "a search of more words than the bottom line has room for, typed on and on and on and on and on 日本 tail"
expect_row 29 "日本 tail" "the end of a long answer shows as it is typed"
expect_not "Search: a search" "its start scrolled out of view"
expect_cursor 98 29 "the cursor stays on the screen, after the text"
keys C-u
type_text "Harbr"
keys Left C-k
type_text "or"
expect_cursor 15 29 "Left then Ctrl-K cut the end; the cursor follows the text"
keys Enter
expect_row 1 'Search "Harbor"' "what was edited is searched for"
keys c
expect "13 incidents"

# Sort: ID, then severity, then back to last updated.
keys s
expect_row 1 "Sort: ID" "s sorts by ID"
keys s
expect_row 1 "Sort: severity" "s again by severity"
keys s
expect_row 1 "Sort: last updated" "and round again"
keys Q
expect_exit

finish
