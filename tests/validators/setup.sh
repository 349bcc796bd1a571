#!/bin/sh
# tests/validators/setup.sh - make sure the independent validators the
# tests use (the CSAF validator library, Ajv for the CVE schema) are
# installed from npm into $HERALD_VALIDATORS, exactly as package-lock.json
# pins them, and print that directory. Safe to run from parallel tests:
# one installs, the others wait.
#
#   dir=$(sh "$top_srcdir/tests/validators/setup.sh") || exit 99
#   NODE_PATH="$dir/node_modules" node "$top_srcdir/tests/validators/csaf.js" doc.json
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dir=${HERALD_VALIDATORS:-${top_builddir:-$(pwd)}/validators}
mkdir -p "$dir"
command -v npm >/dev/null 2>&1 || {
	echo "setup.sh: npm is missing (apt-get install nodejs npm)" >&2
	exit 1
}
(
	flock 9
	if ! cmp -s "$here/package-lock.json" "$dir/package-lock.json" ||
	    [ ! -d "$dir/node_modules" ]; then
		cp "$here/package.json" "$here/package-lock.json" "$dir/"
		chmod u+w "$dir/package.json" "$dir/package-lock.json"
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error \
		    >"$dir/npm.log" 2>&1) || {
			cat "$dir/npm.log" >&2
			rm -f "$dir/package-lock.json"
			exit 1
		}
	fi
) 9>"$dir/.lock"
echo "$dir"
