#!/bin/sh
# tests/tui/shared.sh - two consoles on one database see each other's
# changes within the 5-second refresh, without losing their place: an
# incident opened on the command line appears on top of console A's list
# with A's cursor on the incident it was on, and on B's home screen, while
# console C, scrolled to the end of the list, keeps its page; a role
# granted on console B shows on console A's users screen.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup
demo_copy shared
SHARED=$DB

start a 100 30 -- --db "$SHARED" --as alice
start b 100 30 -- --db "$SHARED" --as ines

use a
keys I
expect_row 0 "herald › Incidents"
expect "13 incidents"
keys j j
expect_selected "SEC-2026-007" "console A: the cursor on the third incident"
use b
expect "Incidents: 13 (3 open," "console B: home counts 13"
# Console C, small, at the end of the list: its page is not the top one.
start c 80 15 -- --db "$SHARED" --as lena
keys I G
expect_selected "SEC-2025-002" "console C: at the last incident"
expect_row 3 "SEC-2026-007" "console C: its page starts at the third row"

# A change from the command line, as another person at another desk.
"$HERALD" --db "$SHARED" --as bilal incident new \
    --title "Signing key exposed in the Ledger Sync build cache" \
    --trigger credential-leak --severity high >"$TT_DIR/new.out" 2>&1 ||
    { note_stdin <"$TT_DIR/new.out"; bail "herald incident new"; }
check "the command line opened SEC-2026-010" grep -q "SEC-2026-010" "$TT_DIR/new.out"

use a
expect_row 3 "SEC-2026-010" "console A: the new incident appears on top of the list"
expect " 14 incidents" "console A: the count follows"
expect_selected "SEC-2026-007" "console A: the cursor stays on its incident"
use c
expect " 14 incidents" "console C: the count follows"
expect_selected "SEC-2025-002" "console C: the cursor stays on the last incident"
check "[c] console C: the page stays where it was" tt_lacks "SEC-2026-010"
keys Q
expect_exit
use b
expect "Incidents: 14 (4 open," "console B: home counts the new incident"
expect "SEC-2026-010  high      open       Signing key exposed in the Ledger Sync build cache" \
    "console B: and lists it first"

# A change from console B: ines (an admin) grants alice a role; A sees it.
use a
keys U
expect_row 0 "herald › Users and roles"
expect_row 2 "alice   Alice Moreau          alice@brightwater.example   author"
use b
keys U
expect_row 0 "herald › Users and roles"
expect_selected "alice" "console B: alice is selected"
keys +
expect_row 29 "Grant alice the role:"
type_text approver:pr
keys Enter
expect_row 2 "approver:pr, author" "console B: alice has the new role"
use a
expect_row 2 "approver:pr, author" "console A: the role shows without a key pressed"

# A's own incident, opened on A, shows on B's list.
use b
keys I
expect_row 0 "herald › Incidents"
expect " 14 incidents"
use a
keys Q
expect_exit
use b
keys Q
expect_exit

finish
