#!/bin/sh
# tests/cli/playbook.sh - herald playbook: lint good and bad files (every
# problem as file:line:col on stderr, exit 3), list, show, JSON, and a
# playbook of one's own winning over the shipped one.
. "$top_srcdir/tests/lib.sh"

fx="$top_srcdir/tests/fixtures/playbooks"

expect_json_is()
{
	_got=$(json_get "$1")
	[ "$_got" = "$2" ]
	_result $? "$_last: $1 is $2 (got $_got)"
}

# A good file: silent success; --verbose says ok.
run herald playbook lint "$fx/good.yaml"
expect_exit 0
[ -s "$OUT" ] || [ -s "$ERR" ] && fail "lint good.yaml: silent" ||
    pass "lint good.yaml: silent"
run herald playbook lint --verbose "$fx/good.yaml"
expect_exit 0
expect_out "^$fx/good.yaml: ok\$"

# Every shipped playbook lints clean, by name and by file.
run herald playbook lint --verbose
expect_exit 0
for n in security-advisory breach-notification post-incident-report \
    eol-notice vulnerability-report support-briefing vex-statement; do
	expect_out "/playbooks/$n\\.yaml: ok\$"
	run herald playbook lint "$top_srcdir/share/playbooks/$n.yaml"
	expect_exit 0
	run herald playbook lint --verbose
done
run herald playbook lint --verbose security-advisory
expect_exit 0
expect_out 'security-advisory\.yaml: ok$'

# A bad file: each problem with its place, in file order; exit 3.
run herald playbook lint "$fx/bad/multi.yaml"
expect_exit 3
expect_err "^$fx/bad/multi.yaml:6:11: unknown audience \"everyone\""
expect_err "^$fx/bad/multi.yaml:12:50: \"required\" must be true or false\$"
expect_err "^$fx/bad/multi.yaml:13:15: duplicate field id \"a\" \\(first at line 12\\)\$"
expect_err "^$fx/bad/multi.yaml:15:39: \"within\": \"soon\" is not a span of time"
[ "$(wc -l <"$ERR")" -eq 4 ] && pass "lint multi.yaml: four problems" ||
    fail "lint multi.yaml: four problems"
[ -s "$OUT" ] && fail "lint multi.yaml: nothing on stdout" ||
    pass "lint multi.yaml: nothing on stdout"

# Good and bad together: every file checked, exit 3.
run herald playbook lint --verbose "$fx/bad/unknown-key.yaml" "$fx/good.yaml" \
    "$fx/bad/malformed.yaml"
expect_exit 3
expect_err "unknown-key.yaml:10:5: unknown key \"titel\" in step \"facts\"\$"
expect_err "malformed.yaml:8:4: malformed YAML: "
expect_out 'good.yaml: ok$'

# Every file of the bad catalogue fails with a place.
for f in "$fx"/bad/*.yaml; do
	run herald playbook lint "$f"
	[ "$rc" = 3 ] && grep -Eq "^$f:[0-9]+:[0-9]+: " "$ERR" &&
	    pass "lint $(basename "$f"): exit 3 with file:line:col" ||
	    fail "lint $(basename "$f"): exit 3 with file:line:col"
done

# Missing files and names.
run herald playbook lint "$TEST_DIR/none.yaml"
expect_exit 4
expect_err "none\\.yaml"
run herald playbook lint no-such-playbook
expect_exit 4
expect_err 'no-such-playbook'
run herald playbook lint --bogus
expect_exit 2

# list
run herald playbook list
expect_exit 0
expect_out '^NAME +VERSION +TITLE +KINDS +SOURCE$'
expect_out '^breach-notification +1 +Personal data breach notification +regulator-notification, customer-notice +/.*/playbooks/breach-notification\.yaml$'
expect_out '^security-advisory +1 +Security advisory +advisory +'
[ "$(wc -l <"$OUT")" -eq 8 ] && pass "list: seven playbooks" ||
    fail "list: seven playbooks"
run herald playbook list --json
expect_exit 0
expect_json
expect_json_is 'len(d)' 7
expect_json_is 'd[0]["name"]' breach-notification
expect_json_is 'd[0]["variants"][1]["kind"]' customer-notice
expect_json_is 'len(d[3]["hash"])' 64
run herald playbook list extra
expect_exit 2

# show, by name and by file
run herald playbook show security-advisory
expect_exit 0
expect_out '^security-advisory 1: Security advisory$'
expect_out '^ +cvss +cvss +CVSS vector \(required, from incident\.cvss\)$'
expect_out '^ +[0-9]+\. security-approval \(gate\) Security approval$'
expect_out '^ +1 from approver:legal$'
expect_out '^ +-> csaf$'
expect_out '^  updates +every 72 h from started +Update the advisory$'
run herald playbook show eol-notice
expect_exit 0
expect_out '^ +eol-date +datetime +End-of-life date \(required, warns of short notice, from cycle\.eol\)$'
run herald playbook show "$fx/good.yaml" --json
expect_exit 0
expect_json
expect_json_is 'd["name"]' test-good
expect_json_is 'd["version"]' 2.1
expect_json_is 'd["steps"][0]["fields"][1]["options"][1]["label"]' 'High impact'
expect_json_is 'd["steps"][0]["fields"][0]["from"]' incident.title
expect_json_is 'd["steps"][0]["fields"][1]["from"]' null
expect_json_is 'd["steps"][0]["fields"][2]["when"]["field"]' severity
expect_json_is 'd["steps"][1]["fields"][0]["type"]' checklist
expect_json_is 'd["steps"][2]["roles"][0]["count"]' 2
expect_json_is 'd["clocks"][1]["within"]' '1 month 72 h'
expect_json_is 'd["clocks"][2]["every"]' '24 h'
expect_json_is 'd["outputs"][0]["variants"]' '["public"]'
run herald playbook show "$fx/bad/dup-field.yaml"
expect_exit 3
expect_err 'dup-field\.yaml:16:15: duplicate field id "title" \(first at line 11\)$'
run herald playbook show
expect_exit 2
run herald playbook show no-such-playbook
expect_exit 4

# A playbook of one's own wins over the shipped one of the same name.
mkdir -p "$XDG_CONFIG_HOME/herald/playbooks"
sed -e 's/^playbook: test-good/playbook: security-advisory/' \
    "$fx/good.yaml" >"$XDG_CONFIG_HOME/herald/playbooks/security-advisory.yaml"
run herald playbook show security-advisory
expect_exit 0
expect_out '^security-advisory 2\.1: Test playbook$'
expect_out "source $XDG_CONFIG_HOME/herald/playbooks/security-advisory\\.yaml"
# A broken one of one's own is reported by list, the others still listed.
printf 'playbook: [\n' >"$XDG_CONFIG_HOME/herald/playbooks/broken.yaml"
run herald playbook list
expect_exit 3
expect_err 'broken\.yaml:2:1: malformed YAML'
expect_out '^eol-notice '
expect_out '^security-advisory +2\.1 +Test playbook'

# A quoted escape may not carry a terminal command into a title.
printf 'playbook: esc\nversion: "1"\ntitle: "T\\e]0;x\\a"\nkind: advisory\naudience: public\nsteps:\n  - { id: g, kind: gate, title: G, roles: [sro] }\n' >"$TEST_DIR/esc.yaml"
run herald playbook lint "$TEST_DIR/esc.yaml"
expect_exit 3
expect_err "esc\\.yaml:3:8: control character U\\+001B in a value"
run herald playbook show "$TEST_DIR/esc.yaml"
expect_exit 3
expect_no_out "$(printf '\033')"

# The manual names every field type and step kind the loader knows.
man5="$TEST_DIR/man5.txt"
sed -e 's/\\//g' "$top_srcdir/share/man/herald-playbook.5" >"$man5"
for k in $(sed -n 's/^	X([A-Z_]*, *"\([a-z-]*\)".*/\1/p' \
    "$top_srcdir/core/fieldkind.h" "$top_srcdir/core/playbook.h"); do
	grep -Eq "^\.B $k\$" "$man5" &&
	    pass "herald-playbook(5) documents $k" ||
	    fail "herald-playbook(5) documents $k"
done

finish
