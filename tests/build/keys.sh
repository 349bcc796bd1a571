#!/bin/sh
# tests/build/keys.sh - every console action is in the man page's key table.
set -u
: "${top_srcdir:?}"
man="$top_srcdir/share/man/herald.1"
n=0 failed=0
# X(ID, "name", "Group", "Help text") lines of tui/actions.h, less NONE.
sed -n 's/^[[:space:]]*X(\([A-Z_]*\), *"[^"]*", *"[^"]*", *"\([^"]*\)").*/\1|\2/p' \
    "$top_srcdir/tui/actions.h" >"${TMPDIR:-/tmp}/herald-keys.$$"
while IFS='|' read -r id help; do
	[ "$id" = NONE ] && continue
	n=$((n + 1))
	if grep -qF "$help" "$man"; then
		echo "ok $n - man page explains $id ($help)"
	else
		echo "not ok $n - man page lacks $id: \"$help\""
		failed=$((failed + 1))
	fi
done <"${TMPDIR:-/tmp}/herald-keys.$$"
rm -f "${TMPDIR:-/tmp}/herald-keys.$$"
n=$((n + 1))
if [ "$n" -gt 20 ]; then
	echo "ok $n - read the action list ($((n - 1)) actions)"
else
	echo "not ok $n - read only $((n - 1)) actions from tui/actions.h"
	failed=$((failed + 1))
fi
echo "1..$n"
[ "$failed" -eq 0 ]
