#!/bin/sh
# tests/bench/clocks.sh - time the clocks at scale: herald check, as text
# and as JSON, and the console from start to the status line showing the
# nearest clock, on the demo database and on a generated one; and opening
# the products screen, which reads each release cycle's notices. A
# benchmark: it prints figures and never fails on a timing; make check
# does not run it.
#
#   tests/bench/clocks.sh [ROWS [RUNS]]    (defaults: 100000 rows, 5 runs)
#   HERALD=/path/to/herald tests/bench/clocks.sh
#
# Each figure is the median of RUNS, with the fastest and slowest. herald
# check's are wall-clock seconds of the whole process with its output
# going to a file; the console's are polled every 10 ms, so that is their
# resolution.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
HERALD=${HERALD:-$top/build/herald}
ROWS=${1:-100000}
RUNS=${2:-5}

[ -x "$HERALD" ] || { echo "clocks.sh: no herald at $HERALD (build first: ./dev.sh test, or set HERALD)" >&2; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "clocks.sh: needs tmux" >&2; exit 1; }

# The test helper gives the pinned clock and environment, a private tmux
# server and a temporary directory that go away on exit.
. "$top/tests/tui/lib.sh"
setup
TT_TIMEOUT=60
HERALD_DATADIR=${HERALD_DATADIR:-$top/share}
export HERALD_DATADIR

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { print b - a }'; }
poll_fast() {
	tt_j=0
	while [ "$tt_j" -lt 6000 ]; do
		"$@" && return 0
		sleep 0.01
		tt_j=$((tt_j + 1))
	done
	echo "clocks.sh: timed out waiting for the screen; it shows:" >&2
	tt_screen >&2
	exit 1
}

# The status line shows the nearest clock (or that none runs) after the
# user's roles, when they leave room: only a known user sees it, and the
# scale database's one user has every role, hence 160 columns.
clock_shown() {
	tt_row 23 | grep -Eq 'left|overdue by|no clocks running|waiting for'
}
products_shown() { tt_row 0 | grep -q 'Products and lifecycle'; }

# time_check NAME DB ARGS...: one herald check; appends its seconds to
# NAME.check (exit 12, a clock overdue, is no failure here).
time_check() {
	tc_name=$1 tc_db=$2
	shift 2
	t0=$(now)
	"$HERALD" --db "$tc_db" check "$@" >"$TT_DIR/$tc_name.out" 2>&1
	rc=$?
	echo "$(since "$t0")" >>"$TT_DIR/$tc_name.times"
	case $rc in
	0|12) ;;
	*) cat "$TT_DIR/$tc_name.out" >&2
	   echo "clocks.sh: herald check $* failed ($rc)" >&2
	   exit 1 ;;
	esac
}

# run_console NAME DB ARGS...: one console; appends the seconds from start
# to the status line's clock, then from P to the products screen.
run_console() {
	tt_name=$1 tt_db=$2
	shift 2
	tt_cur=$tt_name
	tt_tmux kill-session -t "=$tt_name" >/dev/null 2>&1 || :
	tt_tmux new-session -d -s "$tt_name" -x 160 -y 24 \
	    "date +%s.%N >$(tt_quote "$TT_DIR/$tt_name.t0"); exec $(tt_quote "$HERALD") --db $(tt_quote "$tt_db") $*"
	poll_fast clock_shown
	t1=$(now)
	poll_fast test -s "$TT_DIR/$tt_name.t0"
	first=$(awk -v a="$(cat "$TT_DIR/$tt_name.t0")" -v b="$t1" 'BEGIN { print b - a }')
	t2=$(now)
	keys P
	poll_fast products_shown
	echo "$first $(since "$t2")" >>"$TT_DIR/$tt_name.times"
	keys Q
	tt_tmux kill-session -t "=$tt_name" >/dev/null 2>&1 || :
}

# median, fastest and slowest of column C of FILE.
stats() {
	cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 }
	    END { printf "%6.3f s (%.3f to %.3f)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

# repeat N COMMAND...: COMMAND N times.
repeat() {
	r_n=$1
	shift
	while [ "$r_n" -gt 0 ]; do
		"$@"
		r_n=$((r_n - 1))
	done
}

bench() {
	name=$1 db=$2 label=$3
	shift 3
	repeat "$RUNS" time_check "$name-text" "$db"
	repeat "$RUNS" time_check "$name-json" "$db" --json
	# Two lines a clock under one heading line.
	n=$(($(wc -l <"$TT_DIR/$name-text.out") / 2))
	grep -q 'No clocks running' "$TT_DIR/$name-text.out" && n=0
	repeat "$RUNS" run_console "$name" "$db" "$@"
	printf '%-16s %7s  %-28s %-28s %-28s %s\n' "$label" "$n" \
	    "$(stats "$TT_DIR/$name-text.times" 1)" \
	    "$(stats "$TT_DIR/$name-json.times" 1)" \
	    "$(stats "$TT_DIR/$name.times" 1)" \
	    "$(stats "$TT_DIR/$name.times" 2)"
}

echo "herald clocks, $RUNS runs each: median (fastest to slowest); console at 160x24 in tmux $(tmux -V | cut -d' ' -f2)"
"$HERALD" demo --no-console --db "$TT_DIR/demo.db" >/dev/null 2>&1 </dev/null ||
    { echo "clocks.sh: herald demo --no-console failed" >&2; exit 1; }
start_gen=$(now)
"$HERALD" demo --scale "$ROWS" --seed 1 --db "$TT_DIR/big.db" >/dev/null 2>&1 </dev/null ||
    { echo "clocks.sh: herald demo --scale $ROWS failed" >&2; exit 1; }
gen=$(awk -v a="$start_gen" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
printf '%-16s %7s  %-28s %-28s %-28s %s\n' "database" "clocks" "herald check" \
    "herald check --json" "console: start to clock" "P to products"
bench demo "$TT_DIR/demo.db" "demo" --as alice
# The scale database's one user is whoever generated it: no --as.
bench big "$TT_DIR/big.db" "scale, seed 1"
echo "(the scale database, $ROWS incidents, took $gen s to generate)"
