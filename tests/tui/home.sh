#!/bin/sh
# tests/tui/home.sh - the home screen on the demo database: its three tiles
# (incidents, drafts and in review, end of life without notice), moving
# between them and opening what they name, colours and NO_COLOR, a login
# herald does not know, and an empty database.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

start home 80 24
expect_row 0 "herald › Home" "the title line names the screen"
expect_row 23 "alice  author" "the status line names the user and her roles"
expect "Incidents: 13 (3 open, 1 contained, 4 resolved, 5 closed, 1 drill)" \
    "the incidents tile counts by state"
expect_row 4 "SEC-2026-009  critical  open" "the most recent incident first"
expect "Drafts and in review"
expect "4 drafts, 3 in review" "the drafts tile counts both states"
expect "SEC-2026-009  draft      Early warning: Harbor Gateway admin API" \
    "a recent draft with its incident's ref and title"
expect "End of life within 12 months, no notice"
expect "Ledger Sync 5.4  EOL 2026-09-17  200 days left" \
    "the cycle ending without a notice, with its days left"
expect_not "Harbor Gateway 4.2  EOL" "a cycle whose notice went out is left out"
expect_selected "Incidents" "the first tile is selected"

# Enter opens what the selected tile names; q comes back to the same tile.
keys Enter
expect_row 0 "herald › Incidents" "Enter on the incidents tile opens the list"
keys q
expect_row 0 "herald › Home"
keys j
expect_selected "Drafts and in review" "j selects the next tile"
keys Enter
expect_row 0 "herald › Incidents" "the drafts tile opens the incident list"
keys q
expect_selected "Drafts and in review" "back home, the same tile is selected"
keys j
expect_selected "End of life within 12 months" "the end-of-life tile"
keys Enter
expect_row 0 "herald › Products" "the end-of-life tile opens products"
keys Escape
expect_row 0 "herald › Home" "Esc goes back"
keys k k
expect_selected "Incidents" "k goes back up"

# Severities are coloured (critical in red), and nothing is with NO_COLOR.
tt_red() {
	tt_tmux capture-pane -e -p -t "=$tt_cur:" |
	    grep -qE "$(printf '\033')\\[([0-9]+;)*31(;[0-9]+)*m$1"
}
tt_colourless() {
	! tt_tmux capture-pane -e -p -t "=$tt_cur:" |
	    grep -qE "$(printf '\033')\\[([0-9]+;)*(3[0-8]|9[0-7])(;[0-9]+)*m"
}
check "[home] critical severity is red" tt_red critical
keys q
expect_exit

start mono 80 24 NO_COLOR=1 -- --db "$DB" --as alice
expect "SEC-2026-009"
check "[mono] NO_COLOR: no colour on the screen" tt_colourless
keys q
expect_exit

# Someone the database does not know reads, and is told so.
start stranger 80 24 -- --db "$DB" --as grace
expect_row 23 "grace  read-only: not a herald user" \
    "an unknown login is told it is read-only"
expect "SEC-2026-008" "and still sees the incidents"
expect_not "SEC-2026-009" "but not one under embargo"
keys Q
expect_exit

# An empty database says there is nothing yet, in every tile.
"$HERALD" --db "$TT_DIR/empty.db" --as ada init --testing >"$TT_DIR/init.out" 2>&1 ||
    { note_stdin <"$TT_DIR/init.out"; bail "herald init --testing"; }
start empty 80 24 -- --db "$TT_DIR/empty.db" --as ada
expect "Incidents: 0 (0 open, 0 contained, 0 resolved, 0 closed)"
expect "No incidents yet"
expect "0 drafts, 0 in review"
expect "Nothing is being written or waits for approval."
expect "No release cycle ends within 12 months without its notice."
keys q
expect_exit

finish
