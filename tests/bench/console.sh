#!/bin/sh
# tests/bench/console.sh - time the console in a real terminal (tmux): from
# process start to the first complete home screen, and paging the
# incident list 50 screens down, on the demo database and on a generated
# one. A benchmark: it prints figures and never fails on a timing; make
# check does not run it.
#
#   tests/bench/console.sh [ROWS [RUNS]]   (defaults: 100000 rows, 5 runs)
#   HERALD=/path/to/herald tests/bench/console.sh
#
# Each figure is the median of RUNS, with the fastest and slowest; the
# screen is polled every 10 ms, so that is the resolution.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
HERALD=${HERALD:-$top/build/herald}
ROWS=${1:-100000}
RUNS=${2:-5}
PAGES=50

[ -x "$HERALD" ] || { echo "console.sh: no herald at $HERALD (build first: ./dev.sh test, or set HERALD)" >&2; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "console.sh: needs tmux" >&2; exit 1; }

# The test helper gives the pinned environment, a private tmux server and
# a temporary directory that go away on exit; its TAP lines are not used.
. "$top/tests/tui/lib.sh"
setup
TT_TIMEOUT=60

now() { date +%s.%N; }
poll_fast() {
	tt_j=0
	while [ "$tt_j" -lt 6000 ]; do
		"$@" && return 0
		sleep 0.01
		tt_j=$((tt_j + 1))
	done
	echo "console.sh: timed out waiting for the screen; it shows:" >&2
	tt_screen >&2
	exit 1
}

# Complete: the last tile's title and the status line are drawn.
home_complete() {
	tt_has "End of life within 12 months" && tt_row 23 | grep -q '?:help'
}

# run_once NAME DB ARGS...: one console; appends its two figures to NAME.
run_once() {
	tt_name=$1 tt_db=$2
	shift 2
	tt_cur=$tt_name
	tt_tmux kill-session -t "=$tt_name" >/dev/null 2>&1 || :
	tt_tmux new-session -d -s "$tt_name" -x 80 -y 24 \
	    "date +%s.%N >$(tt_quote "$TT_DIR/$tt_name.t0"); exec $(tt_quote "$HERALD") --db $(tt_quote "$tt_db") $*"
	poll_fast home_complete
	t1=$(now)
	poll_fast test -s "$TT_DIR/$tt_name.t0"
	first=$(awk -v a="$(cat "$TT_DIR/$tt_name.t0")" -v b="$t1" 'BEGIN { print b - a }')
	keys I
	poll_fast tt_selected_has "$(ref_at "$tt_name" 0)"
	target=$(ref_at "$tt_name" $((PAGES * 19)))
	t2=$(now)
	tt_k=0 tt_keys=
	while [ $tt_k -lt $PAGES ]; do
		tt_keys="$tt_keys NPage"
		tt_k=$((tt_k + 1))
	done
	# shellcheck disable=SC2086
	keys $tt_keys
	poll_fast tt_selected_has "$target"
	t3=$(now)
	paging=$(awk -v a="$t2" -v b="$t3" 'BEGIN { print b - a }')
	echo "$first $paging" >>"$TT_DIR/$tt_name.times"
	keys Q
	tt_tmux kill-session -t "=$tt_name" >/dev/null 2>&1 || :
}

# ref_at NAME I: the I-th incident (0 = newest) as the list orders them,
# or the last one when there are fewer.
ref_at() {
	awk -v i="$2" 'NR > 1 { last = $1 } NR == i + 2 { print $1; found = 1; exit }
	    END { if (!found) print last }' "$TT_DIR/$1.list"
}

# median, fastest and slowest of column C of FILE.
stats() {
	cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 }
	    END { printf "%7.3f s  (%.3f to %.3f)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

bench() {
	name=$1 db=$2 label=$3
	shift 3
	"$HERALD" --db "$db" incident list >"$TT_DIR/$name.list" ||
	    { echo "console.sh: herald incident list failed" >&2; exit 1; }
	n=$(($(wc -l <"$TT_DIR/$name.list") - 1))
	i=0
	while [ $i -lt "$RUNS" ]; do
		run_once "$name" "$db" "$@"
		i=$((i + 1))
	done
	printf '%-22s %9s  %-32s %s\n' "$label" "$n" "$(stats "$TT_DIR/$name.times" 1)" \
	    "$(stats "$TT_DIR/$name.times" 2)"
}

echo "herald console at 80x24 in tmux $(tmux -V | cut -d' ' -f2), $RUNS runs each: median (fastest to slowest)"
"$HERALD" demo --no-console --db "$TT_DIR/demo.db" >/dev/null 2>&1 </dev/null ||
    { echo "console.sh: herald demo --no-console failed" >&2; exit 1; }
start_gen=$(now)
"$HERALD" demo --scale "$ROWS" --seed 1 --db "$TT_DIR/big.db" >/dev/null 2>&1 </dev/null ||
    { echo "console.sh: herald demo --scale $ROWS failed" >&2; exit 1; }
gen=$(awk -v a="$start_gen" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
printf '%-22s %9s  %-32s %s\n' "database" "incidents" "start to complete home" \
    "$PAGES x PgDn on the list"
bench demo "$TT_DIR/demo.db" "demo" --as alice
bench big "$TT_DIR/big.db" "scale, seed 1" --as alice
echo "(the scale database took $gen s to generate)"
