#!/bin/sh
# tests/bench/export.sh - time `herald export all` on a generated database
# of N published advisories (10,000 by default): a full export into an
# empty directory, then an incremental one after one change (one advisory
# updated and published again). Prints seconds, files written and bytes
# written for each. A benchmark: it prints figures and never fails on a
# timing; make check does not run it.
#
#   tests/bench/export.sh [N [SEED]]       (defaults: 10000, seed 1)
#   HERALD=/path/to/herald tests/bench/export.sh
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
HERALD=${HERALD:-$top/build/herald}
N=${1:-10000}
SEED=${2:-1}

[ -x "$HERALD" ] || { echo "export.sh: no herald at $HERALD (build first: ./dev.sh test, or set HERALD)" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/herald-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
db=$dir/scale.db
out=$dir/out
export HERALD_DATADIR="${HERALD_DATADIR:-$top/share}"

"$HERALD" demo --scale "$N" --seed "$SEED" --db "$db" </dev/null >"$dir/log" 2>&1 || {
	cat "$dir/log" >&2
	echo "export.sh: herald demo --scale failed" >&2
	exit 1
}

# run LABEL: export all, print the seconds and herald's own summary line.
run() {
	start=$(date +%s.%N)
	"$HERALD" --db "$db" export all --out "$out" --json </dev/null \
	    >"$dir/summary" 2>"$dir/log" || {
		cat "$dir/log" >&2
		echo "export.sh: herald export failed" >&2
		exit 1
	}
	end=$(date +%s.%N)
	/usr/bin/python3 - "$1" "$start" "$end" "$dir/summary" <<'PY'
import json, sys
label, start, end, path = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
s = json.load(open(path))
print("%s" % label)
print("  seconds:       %.2f" % (end - start))
for k in ("items", "written", "unchanged", "kept", "bytes"):
    if k in s:
        print("  %-14s %s" % (k + ":", s[k]))
PY
}

echo "herald export all, $N published advisories (seed $SEED)"
run "full export into an empty directory"
du -sb "$out" | awk '{ printf "  on disk:       %d bytes (%.1f MiB)\n", $1, $1 / 1048576 }'
run "again, nothing changed"

# One change: the newest advisory gets an update, published again.
id=$(sqlite3 "$db" "SELECT max(id) FROM communications WHERE state = 'published'")
login=$(sqlite3 "$db" "SELECT login FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'admin' LIMIT 1")
"$HERALD" --db "$db" --as "$login" comm update "$id" --reason correction --note "typo" >/dev/null
# Through the steps again (the generated advisories have no CVSS yet),
# and the generated database's approvers decide.
"$HERALD" --db "$db" --as "$login" comm set "$id" cvss \
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" >/dev/null 2>&1
"$HERALD" --db "$db" --as "$login" comm set "$id" review \
    "$(printf 'versions\ncves\nembargo\nplain')" >/dev/null
steps=$("$HERALD" --db "$db" --as "$login" comm show "$id" --json | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(s["id"] for s in d["steps"]
    if s["kind"] in ("form", "checklist") and s["state"] != "done"))')
for step in $steps; do
	"$HERALD" --db "$db" --as "$login" comm done "$id" "$step" >/dev/null
done
"$HERALD" --db "$db" --as "$login" comm submit "$id" >/dev/null
"$HERALD" --db "$db" --as sec-approver approve "$id" >/dev/null
"$HERALD" --db "$db" --as legal-approver approve "$id" >/dev/null
"$HERALD" --db "$db" --as "$login" comm publish "$id" >/dev/null
run "incremental, after one advisory was updated"
