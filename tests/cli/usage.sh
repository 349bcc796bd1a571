#!/bin/sh
# tests/cli/usage.sh - help for every command, usage errors, --version.
. "$top_srcdir/tests/lib.sh"

run herald --help
expect_exit 0
expect_out '^usage: herald'
for cmd in init incident user audit backup demo version; do
	expect_out "^  $cmd " "herald --help lists $cmd"
done
run herald -h
expect_exit 0
expect_out '^usage: herald'

# Every command and action has --help: usage on stdout, exit 0, no stderr.
for args in "init" "incident" "incident new" "incident list" "incident show" \
    "user" "user add" "user list" "user grant" "user revoke" \
    "audit" "audit verify" "audit log" "backup" "demo" "version"; do
	first=${args%% *}
	# shellcheck disable=SC2086
	run herald $args --help
	expect_exit 0
	expect_out "^usage: herald.* $first" "herald $args --help: usage names $first"
	[ -s "$ERR" ] && fail "herald $args --help: nothing on stderr" ||
	    pass "herald $args --help: nothing on stderr"
done
run herald help incident
expect_exit 0
expect_out '^usage: herald incident new'

# Bad arguments: usage on stderr, nothing on stdout, exit 2.
usage_error()
{
	expect_exit 2
	expect_err '^usage: herald' "$_last: usage on stderr"
	[ -s "$OUT" ] && fail "$_last: nothing on stdout" ||
	    pass "$_last: nothing on stdout"
}
run herald frobnicate
usage_error
expect_err "unknown command 'frobnicate'"
run herald --frobnicate
usage_error
expect_err 'unknown option --frobnicate'
run herald -x
usage_error
run herald --db
usage_error
expect_err 'option --db needs a value'
run herald incident
usage_error
expect_err 'incident needs an action'
run herald incident explode
usage_error
run herald incident list --bogus
usage_error
expect_err 'unknown option --bogus'
run herald incident new --title
usage_error
expect_err 'option --title needs a value'
run herald incident new --trigger vulnerability --severity high
usage_error
expect_err 'needs --title'
run herald incident show
usage_error
run herald incident show A B
usage_error
run herald user add
usage_error
run herald user grant alice
usage_error
run herald audit verify extra
usage_error
run herald audit verify --json=yes
usage_error
expect_err 'takes no value'
run herald backup
usage_error
run herald init stray
usage_error
run herald demo --seed 3
usage_error
run herald demo --scale 10
usage_error
expect_err 'needs --db'
run herald --json incident list
usage_error
run herald help nosuch
usage_error

# A bad HERALD_NOW is an error naming it, not a silent real clock.
run env HERALD_NOW=yesterday "$HERALD" --version
expect_exit 3
expect_err 'HERALD_NOW'

# --version: one line naming the version, then the lifecycle.
run herald --version
expect_exit 0
expect_out '^herald 0\.1\.0$'
expect_out 'end of life 20[0-9]{2}-[0-9]{2}-[0-9]{2}'
run herald -V
expect_exit 0
expect_out '^herald 0\.1\.0$'
run herald version
expect_exit 0
expect_out '^herald 0\.1\.0$'

for args in "--version --json" "version --json"; do
	# shellcheck disable=SC2086
	run herald $args
	expect_exit 0
	expect_json
	[ "$(json_get 'd["product"]')" = herald ] && pass "$args: product" ||
	    fail "$args: product"
	[ "$(json_get 'd["version"]')" = 0.1.0 ] && pass "$args: version" ||
	    fail "$args: version"
	for key in releaseDate activeSupportEnd securitySupportEnd eol support; do
		v=$(json_get "d[\"$key\"]")
		echo "$v" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' &&
		    pass "$args: $key is a date ($v)" ||
		    fail "$args: $key is a date ($v)"
	done
	[ "$(json_get 'd["support"] == d["activeSupportEnd"]')" = true ] &&
	    pass "$args: support is the active support end" ||
	    fail "$args: support is the active support end"
	[ "$(json_get 'd["releaseDate"] < d["activeSupportEnd"] <= d["securitySupportEnd"] <= d["eol"]')" = true ] &&
	    pass "$args: the dates are in lifecycle order" ||
	    fail "$args: the dates are in lifecycle order"
	[ "$(json_get 'list(d)[:2]')" = '["product", "version"]' ] &&
	    pass "$args: keys in a stable order" ||
	    fail "$args: keys in a stable order"
done

# The manual: every command, every exit status, and no roff warnings.
man1="$top_srcdir/share/man/herald.1"
for cmd in init incident user audit backup demo version help; do
	grep -q "^\.SS \"herald $cmd\"" "$man1" && pass "herald.1 documents $cmd" ||
	    fail "herald.1 documents $cmd"
done
codes=$(sed -n 's/^[[:space:]]*X([A-Z]*, *"[^"]*", *\([0-9]*\)).*/\1/p' \
    "$top_srcdir/util/err.h" | sort -un)
[ -n "$codes" ] && pass "exit codes read from util/err.h" ||
    fail "exit codes read from util/err.h"
exits=$(sed -n '/^\.SH "EXIT STATUS"/,/^\.SH/p' "$man1" |
    sed -n '/^\.TP/{n;s/^\.B //p;}')
for code in $codes 2; do
	echo "$exits" | grep -qx "$code" && pass "herald.1 explains exit $code" ||
	    fail "herald.1 explains exit $code"
done
for opt in --db --as --version --group --prefix --testing --title --trigger \
    --severity --summary --cvss --aware-at --discovered-at --embargo-until \
    --drill --drills --no-drills --limit --json --head --subject --role \
    --scale --seed --no-console --print-path; do
	grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$man1" &&
	    pass "herald.1 documents $opt" || fail "herald.1 documents $opt"
done
# Every command herald --help lists has its section, and every option
# its --help gives is in the manual too.
run herald --help
cmds=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\)  .*/\1/p' "$OUT")
[ "$(echo "$cmds" | wc -w)" -gt 20 ] && pass "herald --help lists the commands" ||
    fail "herald --help lists the commands"
for cmd in $cmds; do
	[ "$cmd" = help ] && continue
	grep -Eq "^\.SS \"herald ([a-z]+, )*$cmd(,|\")" "$man1" &&
	    pass "herald.1 documents $cmd" || fail "herald.1 documents $cmd"
	run herald "$cmd" --help
	for opt in $(grep -oE -- '--[a-z][a-z-]*' "$OUT" | sort -u); do
		grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$man1" &&
		    pass "herald.1 documents $cmd $opt" ||
		    fail "herald.1 documents $cmd $opt"
	done
done
if have man && man --help 2>&1 | grep -q -- --warnings; then
	run env LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man1"
	expect_exit 0 "man renders herald.1"
	[ -s "$ERR" ] && fail "man --warnings: no warnings" ||
	    pass "man --warnings: no warnings"
	expect_out '^IDENTITY' "herald.1 has an IDENTITY section"
	expect_out '^AUDIT CHAIN' "herald.1 has an AUDIT CHAIN section"
else
	note "no man(1) with --warnings: not rendering herald.1"
fi

finish
