#!/usr/bin/env bash
# dev.sh - install what herald needs on Debian 12, build it, then run or test it.
#
#   ./dev.sh demo   build, then open the console on the demo database (made
#                   on first use; arguments go to `herald demo`)
#   ./dev.sh test   build with -Werror and run every test: make check, the tests
#                   again under AddressSanitizer and UBSan, then make
#                   distcheck (the tarball builds, installs and passes the
#                   tests that read what it ships: playbooks, templates,
#                   fixtures, validators, the man page); ends with one line
#                   "N passed, N failed, N skipped"
#
# ASAN_TESTS=unit ./dev.sh test runs only the unit tests under the sanitizers.
#
# Missing Debian packages are installed with apt-get (through sudo when not
# root). A second run installs nothing, does not reconfigure, and rebuilds
# only what changed.
set -euo pipefail

cd "$(dirname "$0")"
top=$(pwd)

BUILD_DEPS=(autoconf automake pkg-config gcc libc6-dev make
	libncurses-dev libsqlite3-dev libyaml-dev libcurl4-openssl-dev
	libxml2-dev libjansson-dev libcmark-dev libgpgme-dev libssl-dev
	libcmocka-dev)
TEST_DEPS=(tmux sqlite3 python3 libxml2-utils gnupg python3-aiosmtpd mkdocs
	python3-yaml python3-jsonschema openssl util-linux)
CONFIGURE_FLAGS=(--enable-werror)
ASAN_FLAGS=(--enable-asan --enable-ubsan)
JOBS=$(nproc 2>/dev/null || echo 2)
# What make distcheck runs in the unpacked tarball: every test ran twice
# already; these prove the tarball carries what the tests read.
DIST_TESTS="tests/build/headers.sh tests/build/keys.sh tests/cli/usage.sh
	tests/cli/init.sh tests/cli/playbook.sh tests/cli/template.sh
	tests/cli/demo.sh tests/cli/export_csaf.sh tests/cli/export_cve.sh
	tests/cli/approve.sh tests/unit/test_playbook tests/unit/test_mustache
	tests/unit/test_cvss tests/unit/test_content tests/tui/walk.sh"

say() { printf '==> %s\n' "$*"; }

usage() {
	sed -n '2,14s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# Install the packages in "$@" that dpkg does not report as installed.
ensure_packages() {
	local missing=() p sudo=()

	for p in "$@"; do
		if [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" != "ii " ]; then
			missing+=("$p")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if ! command -v apt-get >/dev/null; then
		echo "dev.sh: missing packages: ${missing[*]}; install them by hand" >&2
		exit 1
	fi
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || {
			echo "dev.sh: not root and no sudo: install ${missing[*]} as root" >&2
			exit 1
		}
		sudo=(sudo)
	fi
	say "installing ${missing[*]}"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}"
}

# Generate configure and Makefile.in when missing or older than their sources.
ensure_configure() {
	if [ ! -x configure ] || [ configure -ot configure.ac ] ||
	    [ ! -f Makefile.in ] || [ Makefile.in -ot Makefile.am ]; then
		say "autoreconf"
		autoreconf -fi
	fi
}

# Configure build directory $1 with flags "${@:2}" unless it already is.
ensure_configured() {
	local dir=$1 want have
	shift
	want="$*"
	mkdir -p "$dir"
	if [ -f "$dir/Makefile" ] && [ -x "$dir/config.status" ]; then
		have=$(cd "$dir" && ./config.status --config | tr -d "'")
		[ "$have" = "$want" ] && return 0
	fi
	say "configure $dir ($want)"
	(cd "$dir" && "$top/configure" "$@" >configure.out) || {
		tail -n 30 "$dir/configure.out" >&2
		exit 1
	}
}

build() {
	ensure_packages "${BUILD_DEPS[@]}"
	ensure_configure
	ensure_configured build "${CONFIGURE_FLAGS[@]}"
	say "make (build/)"
	make -C build -s -j"$JOBS"
}

cmd_demo() {
	build
	exec ./build/herald demo "$@"
}

# --- test: run each suite, then one summary line -----------------------------
passed=0 failed=0 skipped=0

# The number on the "# NAME: N" line of the automake summary in FILE
# (uncoloured: cmd_test sets AM_COLOR_TESTS=no).
summary_field() {
	sed -n "s/^# $2: *\([0-9][0-9]*\).*/\1/p" "$1" | tail -n 1
}

# Add the counts from an automake test summary (a test-suite.log, or the
# output of make check) in FILE to the totals; return 1 if nothing was found.
count_results() {
	local file=$1 pass xfail fail xpass error skip

	[ -n "$file" ] && [ -f "$file" ] || return 1
	pass=$(summary_field "$file" PASS) xfail=$(summary_field "$file" XFAIL)
	fail=$(summary_field "$file" FAIL) xpass=$(summary_field "$file" XPASS)
	error=$(summary_field "$file" ERROR) skip=$(summary_field "$file" SKIP)
	[ -n "$pass" ] || return 1
	passed=$((passed + pass + ${xfail:-0}))
	failed=$((failed + ${fail:-0} + ${xpass:-0} + ${error:-0}))
	skipped=$((skipped + ${skip:-0}))
}

# Run one suite: NAME, its test-suite.log (or "" to read the summary from
# the output), LOG for its output, then the command. A suite that fails
# without failing a test (a build or dist error) counts as one failure.
suite() {
	local name=$1 summary=$2 log=$3 rc=0 before=$failed
	shift 3

	say "$name"
	[ -z "$summary" ] || rm -f "$summary"
	"$@" 2>&1 | tee "$log" || rc=$?
	count_results "$summary" || count_results "$log" || true
	if [ "$rc" -ne 0 ]; then
		[ "$failed" -eq "$before" ] && failed=$((failed + 1))
		echo "dev.sh: $name failed (exit $rc); its output is in $log" >&2
	fi
	return 0
}

# Print the end of the log of every failed test under the directories given.
show_failures() {
	local dir trs
	for dir in "$@"; do
		[ -d "$dir" ] || continue
		find "$dir" -name '*.trs' -print 2>/dev/null | sort |
		while read -r trs; do
			grep -qE '^:test-result: (FAIL|ERROR|XPASS)' "$trs" || continue
			printf '\n---- %s (last 60 lines) ----\n' "${trs%.trs}.log"
			tail -n 60 "${trs%.trs}.log"
		done
	done
}

cmd_test() {
	local asan_tests

	ensure_packages "${BUILD_DEPS[@]}" "${TEST_DEPS[@]}"
	# The CSAF and CVE validators run on Node.js; a machine that already
	# has npm (from NodeSource, say) keeps its own.
	command -v npm >/dev/null || ensure_packages nodejs npm
	ensure_configure
	ensure_configured build "${CONFIGURE_FLAGS[@]}"
	ensure_configured build-asan "${ASAN_FLAGS[@]}"
	export AM_COLOR_TESTS=no

	suite "make check (build/, -Werror)" build/test-suite.log build/check.out \
		make -C build -s -j"$JOBS" check

	asan_tests=()
	if [ "${ASAN_TESTS:-all}" = unit ]; then
		asan_tests=(TESTS="$(make -C build-asan -s --no-print-directory \
			print-unit-tests)")
	fi
	suite "make check under ASan and UBSan (build-asan/)" \
		build-asan/test-suite.log build-asan/check.out \
		env ASAN_OPTIONS=detect_leaks=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		make -C build-asan -s -j"$JOBS" check "${asan_tests[@]}"

	suite "make distcheck (build/)" "" \
		build/distcheck.out \
		make -C build -s -j"$JOBS" distcheck \
		DISTCHECK_CONFIGURE_FLAGS="${CONFIGURE_FLAGS[*]}" \
		TESTS="$(echo $DIST_TESTS)"

	if [ "$failed" -gt 0 ]; then
		show_failures build build-asan
	fi
	if [ "$skipped" -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	[ "$failed" -eq 0 ]
}

case ${1:-} in
demo) shift; cmd_demo "$@" ;;
test) shift; cmd_test "$@" ;;
*) usage ;;
esac
