#!/bin/sh
# tests/bench/scale.sh - time generating a large demo database and print the
# seconds taken and the file's size. A benchmark: it prints figures and never
# fails on a timing; make check does not run it.
#
#   tests/bench/scale.sh [ROWS [SEED]]     (defaults: 100000 rows, seed 1)
#   HERALD=/path/to/herald tests/bench/scale.sh
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
HERALD=${HERALD:-$top/build/herald}
ROWS=${1:-100000}
SEED=${2:-1}

[ -x "$HERALD" ] || { echo "scale.sh: no herald at $HERALD (build first: ./dev.sh test, or set HERALD)" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/herald-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
db=$dir/scale.db

start=$(date +%s.%N)
"$HERALD" demo --scale "$ROWS" --seed "$SEED" --db "$db" </dev/null >"$dir/out" 2>&1 || {
	cat "$dir/out" >&2
	echo "scale.sh: herald demo --scale failed" >&2
	exit 1
}
end=$(date +%s.%N)

bytes=$(stat -c %s "$db")
awk -v s="$start" -v e="$end" -v b="$bytes" -v n="$ROWS" -v seed="$SEED" 'BEGIN {
	printf "herald demo --scale %d --seed %d\n", n, seed
	printf "  seconds: %.2f\n", e - s
	printf "  size:    %d bytes (%.1f MiB)\n", b, b / 1048576
}'
