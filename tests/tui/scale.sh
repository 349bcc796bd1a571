#!/bin/sh
# tests/tui/scale.sh - the console on a large database (herald demo
# --scale): home counts every incident; the list opens on the newest,
# pages down 50 screens to the row the command line puts there, jumps to
# the oldest and back, searches and filters; an incident far down opens.
# Every step must show within the usual poll limit; the times are noted.
#
# 50,000 incidents, each with an advisory approved at its content hash and
# published (about a minute to generate: every approval renders what it
# approves); 10,000 when herald is built with AddressSanitizer, which is
# some three times slower. TT_SCALE_ROWS chooses another size;
# tests/bench/console.sh measures 100,000 and more.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup
ROWS=${TT_SCALE_ROWS:-50000}
is_asan && ROWS=${TT_SCALE_ROWS:-10000}
BIG=$TT_DIR/big.db

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

t0=$(now)
"$HERALD" demo --scale "$ROWS" --seed 1 --db "$BIG" >"$TT_DIR/scale.out" 2>&1 </dev/null ||
    { note_stdin <"$TT_DIR/scale.out"; bail "herald demo --scale $ROWS"; }
note "generated $ROWS incidents in $(since "$t0") s"

# What the list should show, from the command line: newest updated first.
"$HERALD" --db "$BIG" incident list >"$TT_DIR/all.txt" 2>&1 ||
    { note_stdin <"$TT_DIR/all.txt"; bail "herald incident list"; }
ref_at() { sed -n "$(($1 + 2))p" "$TT_DIR/all.txt" | cut -d' ' -f1; }
FIRST=$(ref_at 0)
SECOND=$(ref_at 1)
PAGE50=$(ref_at 950)         # 50 pages of 19 rows (the list is 20 rows at 80x24)
LAST=$(ref_at $((ROWS - 1)))
check "the command line lists all $ROWS incidents" \
    [ "$(($(wc -l <"$TT_DIR/all.txt") - 1))" -eq "$ROWS" ]

t0=$(now)
start big 80 24 -- --db "$BIG"
expect "Incidents: $ROWS (" "home counts all $ROWS incidents"
note "first home screen after $(since "$t0") s"

t0=$(now)
keys I
expect_row 1 " $ROWS incidents" "the list counts them"
expect_selected "$FIRST" "the list opens on the newest"
note "incident list after $(since "$t0") s"

t0=$(now)
tt_k=0
while [ $tt_k -lt 50 ]; do
	keys NPage
	tt_k=$((tt_k + 1))
done
expect_selected "$PAGE50" "50 pages down: the 951st incident"
note "50 PgDn after $(since "$t0") s"

t0=$(now)
keys G
expect_selected "$LAST" "G: the oldest incident"
note "G after $(since "$t0") s"
keys k
expect_selected "$(ref_at $((ROWS - 2)))" "k from the end"
keys g
expect_selected "$FIRST" "g: back to the newest"
keys j
expect_selected "$SECOND" "j from the top"

# Search and filter at size.
t0=$(now)
keys /
type_text "certificate validation"
keys Enter
expect_row 1 'Search "certificate validation"' "a search at size"
expect_row 3 "SEC-" "finds matches"
note "search after $(since "$t0") s"
expect_row 4 "SEC-" "more than one"
M2=$(tt_row 4 | awk '{ print $1 }')
keys ">"
expect_selected "$M2" "> moves to the second match"
keys c
expect_row 1 " $ROWS incidents" "c clears the search"
t0=$(now)
keys f
type_text state=open
keys Enter
expect_row 1 "Filter: state=open" "a filter at size"
expect_row 1 " $(awk '$4 == "open"' "$TT_DIR/all.txt" | wc -l) incidents" \
    "counts the open ones as the command line does"
note "filter after $(since "$t0") s"
keys c
expect_row 1 " $ROWS incidents"

# An incident far down the list opens with its panes.
keys G k k Enter
expect_row 1 "$(ref_at $((ROWS - 3)))" "an old incident opens"
keys Tab Tab Tab Tab
expect "History" "its history pane"
keys Q
expect_exit

finish
