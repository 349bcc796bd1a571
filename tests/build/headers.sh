#!/bin/sh
# tests/build/headers.sh - every header compiles on its own, and no header
# reaches up a layer (cli, tui -> forms -> core -> storage -> util).
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
cc=${CC:-cc}
cflags=$(pkg-config --cflags ncursesw sqlite3 yaml-0.1 libcurl libxml-2.0 jansson libcmark gpgme libcrypto 2>/dev/null)
tmp=$(mktemp -d /tmp/herald-hdr-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
cd "$top_srcdir" || exit 1
for h in util/*.h storage/*.h core/*.h forms/*.h tui/*.h cli/*.h; do
	[ -s "$h" ] || continue
	n=$((n + 1))
	printf '#include "config.h"\n#include "%s"\n' "$h" >"$tmp/t.c"
	# shellcheck disable=SC2086
	if $cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -fsyntax-only \
	    -I"$top_srcdir" -I"$top_builddir" $cflags "$tmp/t.c" 2>"$tmp/err"; then
		echo "ok $n - $h compiles alone"
	else
		echo "not ok $n - $h compiles alone"; sed 's/^/# /' "$tmp/err"
		failed=$((failed + 1))
	fi
done
# Layering: which folders each folder's files may include.
check_layer() {
	dir=$1; shift
	for f in "$dir"/*.[ch]; do
		[ -e "$f" ] || continue
		for inc in $(sed -n 's/^#include "\([a-z]*\)\/.*/\1/p' "$f" | sort -u); do
			ok=no
			for allowed in "$dir" "$@"; do
				[ "$inc" = "$allowed" ] && ok=yes
			done
			n=$((n + 1))
			if [ $ok = yes ]; then
				echo "ok $n - $f may include $inc/"
			else
				echo "not ok $n - $f includes $inc/, a layer above it"
				failed=$((failed + 1))
			fi
		done
	done
}
check_layer util
check_layer storage util
check_layer core storage util
check_layer forms core storage util
check_layer tui forms core storage util
check_layer cli tui forms core storage util
# lacks PATTERN OK BAD FILES...: each of FILES has no line matching the
# basic regex PATTERN; OK and BAD describe a file ("%s" is its name).
lacks() {
	pat=$1 okfmt=$2 badfmt=$3; shift 3
	for f in "$@"; do
		n=$((n + 1))
		if grep -n "$pat" "$f" >"$tmp/hits" 2>/dev/null; then
			# shellcheck disable=SC2059
			printf "not ok $n - $badfmt\n" "$f"; sed 's/^/# /' "$tmp/hits"
			failed=$((failed + 1))
		else
			# shellcheck disable=SC2059
			printf "ok $n - $okfmt\n" "$f"
		fi
	done
}
# SQL and curses stay in their layers; only the front ends print or exit.
lacks 'sqlite3\.h\|sqlite3_' '%s has no SQL' '%s speaks SQL outside storage/' \
	core/*.c forms/*.c tui/*.c cli/*.c
lacks 'curses\.h' '%s has no curses' '%s uses curses outside tui/' \
	util/*.c storage/*.c core/*.c forms/*.c cli/*.c
lacks '\bprintf *(\|\bputs *(\|fprintf *(std\|\bexit *(' \
	'%s neither prints nor exits' '%s prints or exits' core/*.c storage/*.c
echo "1..$n"
[ $failed -eq 0 ]
