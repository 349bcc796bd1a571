# tests/lib.sh - shared by the command-line tests: a private directory per
# test, a pinned clock and zone, and checks that print TAP-style lines.
#
# A test script sources this file, runs commands with `run`, checks them with
# expect_* and ends with `finish`. The exit status is 0 when every check
# passed, 1 when one failed, 77 when the script skipped itself.
#
#   . "$top_srcdir/tests/lib.sh"
#   run herald init
#   expect_exit 0
#   expect_out '^Created '
#   finish
#
# `make check` exports HERALD (the binary), top_srcdir and top_builddir.

set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${HERALD:=$top_builddir/herald}"
export top_srcdir top_builddir HERALD

if [ ! -x "$HERALD" ]; then
	echo "Bail out! no herald binary at $HERALD" >&2
	exit 99
fi

# One directory for everything the test makes; removed however it ends.
TEST_DIR=$(mktemp -d /tmp/herald-cli.XXXXXX) || exit 99
chmod 0755 "$TEST_DIR"
_cleanup=""
_on_exit()
{
	eval "$_cleanup"
	cd /
	rm -rf "$TEST_DIR"
}
trap _on_exit EXIT
trap 'exit 1' HUP INT TERM

# Run CMD when the script ends (before the directory goes), newest first.
at_exit()
{
	_cleanup="$1; $_cleanup"
}

# A pinned clock and zone, and a home of our own: nothing depends on the
# machine's date, time zone, locale or files.
HOME="$TEST_DIR/home"
XDG_DATA_HOME="$HOME/.local/share"
XDG_CONFIG_HOME="$HOME/.config"
HERALD_NOW=2026-03-01T12:00:00Z
TZ=UTC
LC_ALL=C.UTF-8
export HOME XDG_DATA_HOME XDG_CONFIG_HOME HERALD_NOW TZ LC_ALL
unset HERALD_DB NO_COLOR VISUAL EDITOR
mkdir -p "$HOME"
cd "$TEST_DIR" || exit 99

OUT="$TEST_DIR/.out"
ERR="$TEST_DIR/.err"
: >"$OUT"
: >"$ERR"
rc=0
_n=0
_failed=0
_last="(nothing run yet)"

# `herald ...` inside run runs the binary under test.
herald()
{
	"$HERALD" "$@"
}

# Run a command, keeping its stdout in $OUT, stderr in $ERR, status in $rc.
run()
{
	_last="$*"
	"$@" >"$OUT" 2>"$ERR" </dev/null
	rc=$?
	return 0
}

# Print CHECK's result as "ok N - DESC" or "not ok N - DESC".
_result()
{
	_n=$((_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $_n - $2"
	else
		_failed=$((_failed + 1))
		echo "not ok $_n - $2"
		echo "#   last command: $_last"
		echo "#   its exit:     $rc"
		sed -e 's/^/#   out: /' "$OUT" | head -n 20
		sed -e 's/^/#   err: /' "$ERR" | head -n 20
	fi
}

# Pass or fail with DESC on a condition the script has computed itself.
pass()
{
	_result 0 "$1"
}

fail()
{
	_result 1 "$1"
}

# check DESC CMD...: pass when CMD (run quietly) exits 0.
check()
{
	_desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		_result 0 "$_desc"
	else
		_result 1 "$_desc"
	fi
}

# The last command exited with N.
expect_exit()
{
	[ "$rc" = "$1" ]
	_result $? "${2:-$_last: exit $1}"
}

# The last command's stdout (or stderr) matches the extended regex PATTERN.
expect_out()
{
	grep -Eq -- "$1" "$OUT"
	_result $? "${2:-$_last: stdout matches /$1/}"
}

expect_err()
{
	grep -Eq -- "$1" "$ERR"
	_result $? "${2:-$_last: stderr matches /$1/}"
}

# The last command's stdout does not match PATTERN.
expect_no_out()
{
	! grep -Eq -- "$1" "$OUT"
	_result $? "${2:-$_last: stdout does not match /$1/}"
}

# The last command's stdout is one valid JSON document.
expect_json()
{
	python3 -m json.tool "$OUT" >/dev/null 2>&1
	_result $? "${2:-$_last: stdout is valid JSON}"
}

# Print the value of the Python expression EXPR over the JSON document in
# $OUT, bound to d: json_get 'd["version"]', json_get 'len(d)'.
json_get()
{
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
v = eval(sys.argv[2])
print(json.dumps(v) if isinstance(v, (dict, list, bool)) or v is None else v)' \
	    "$OUT" "$1"
}

# Whether the program NAME is installed.
have()
{
	command -v "$1" >/dev/null 2>&1
}

# Skip the whole script with REASON.
skip_all()
{
	echo "1..0 # SKIP $1"
	exit 77
}

# Note something in the log without counting it as a check.
note()
{
	echo "# $*"
}

# Print the plan and exit 1 if any check failed.
finish()
{
	echo "1..$_n"
	if [ "$_failed" -gt 0 ]; then
		echo "# $_failed of $_n checks failed"
		exit 1
	fi
	exit 0
}

# approve_by_hand DB ID: move communication ID of database DB from
# in-review to approved, as an approval would (until approvals come), so
# `herald comm publish ID` can publish it.
approve_by_hand()
{
	/usr/bin/python3 - "$1" "$2" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute("UPDATE communications SET state = 'approved', version = version + 1"
              " WHERE id = ? AND state = 'in-review'", (int(sys.argv[2]),)).rowcount
c.commit()
sys.exit(0 if n == 1 else 1)
PY
}

# demo_db PATH: a demo database at PATH (its published communications,
# products and settings), made without a console.
demo_db()
{
	"$HERALD" demo --no-console --db "$1" >/dev/null
}
