#!/bin/sh
# tests/cli/demo.sh - herald demo: the demo database's place and reuse, and
# deterministic scale databases.
. "$top_srcdir/tests/lib.sh"

demo="$XDG_DATA_HOME/herald/demo.db"

run herald demo --scale 0 --db "$TEST_DIR/zero.db"
expect_exit 3
expect_err 'scale 0'
run herald demo --scale 10 --seed -1 --db "$TEST_DIR/neg.db"
expect_exit 3
expect_err 'seed -1'

run herald demo --no-console
if [ "$rc" != 0 ] && grep -q 'not built yet' "$ERR"; then
	[ -e "$demo" ] && fail "a failed demo build leaves no file" ||
	    pass "a failed demo build leaves no file"
	finish_skip=true
else
	finish_skip=false
	expect_exit 0
	expect_out "^$demo\$"
	[ "$(stat -c %a "$demo")" = 600 ] && pass "demo database mode 0600" ||
	    fail "demo database mode 0600"
	[ "$(stat -c %a "$XDG_DATA_HOME/herald")" = 700 ] &&
	    pass "demo: data directory 0700" || fail "demo: data directory 0700"
	run herald --db "$demo" incident list --json
	expect_exit 0
	expect_json
	n=$(json_get 'len(d)')
	[ "$n" -gt 0 ] && pass "the demo has incidents ($n)" ||
	    fail "the demo has incidents"
	run herald --db "$demo" audit verify --json
	expect_exit 0 "the demo's audit chain verifies"
	rows=$(json_get 'd["rows"]')
	# A second run opens the same database instead of building another.
	run herald demo --print-path
	expect_exit 0
	expect_out "^$demo\$"
	run herald --db "$demo" audit verify --json
	[ "$(json_get 'd["rows"]')" = "$rows" ] &&
	    pass "a second demo run reuses the database" ||
	    fail "a second demo run reuses the database"
	# The demo accepts --as, for one of its people or anyone.
	run herald --as alice demo --no-console
	expect_exit 0 "the demo accepts --as"
	run herald --db "$demo" --as alice incident list
	expect_exit 0
	# --db puts a demo elsewhere; a missing directory is refused.
	run herald --db "$TEST_DIR/other.db" demo --no-console
	expect_exit 0
	expect_out "^$TEST_DIR/other.db\$"
	run herald --as alice demo --no-console --db "$TEST_DIR/as.db"
	expect_exit 0 "a new demo built with --as names one of its people"
	expect_out "^Its pages are in $TEST_DIR/as-site\$" \
	    "--no-console names the directory of its pages"
	run herald demo --print-path --db "$TEST_DIR/as.db"
	expect_exit 0
	[ "$(wc -l <"$OUT")" = 1 ] && pass "--print-path prints the path alone" ||
	    fail "--print-path prints the path alone"
	check "the demo exported its pages beside the database" \
	    test -s "$TEST_DIR/as-site/site/trust/index.html"
	check "with security.txt, the lifecycle and the procedure" test -s \
	    "$TEST_DIR/as-site/site/.well-known/security.txt" -a -s \
	    "$TEST_DIR/as-site/site/lifecycle/all.json" -a -s \
	    "$TEST_DIR/as-site/internal/policy/breach-procedure.html"

	# The dashboard on the demo: a mixture its story explains.
	run herald --db "$demo" --as olivia compliance list --json
	expect_exit 0
	expect_json
	for st in met at-risk not-met; do
		n=$(json_get "len([q for q in d['questions'] if q['status'] == '$st'])")
		[ "$n" -ge 1 ] && pass "the dashboard has $st questions ($n)" ||
		    fail "the dashboard has $st questions"
	done
	# No question lacks data; the SRO's last evaluation, four months
	# old, is signed and none is open: the next is overdue.
	expect_json_is "[q['id'] for q in d['questions'] if q['status'] == 'no-data']" \
	    '[]'
	expect_json_is "d['evaluation']['overdue']" true
	expect_json_is "d['evaluation']['last_signed_by']" olivia
	expect_json_is "d['evaluation']['open']" null
	# status QUESTION STATUS WORDS: QUESTION has STATUS, its figure WORDS.
	status() {
		run herald --db "$demo" --as olivia compliance show "$1" --json
		expect_json_is 'd["status"]' "$2"
		expect_json_is "'$3' in d['figure']" true
	}
	status lifecycle.published at-risk "beacon-sdk 3 changed since"
	status lifecycle.notice not-met "1 without notice"
	status notify.subscribe met "feed published"
	status notify.regulator met "1 not required (breach register)"
	status external.trust at-risk "ISO/IEC 27001:2022 lapses on"
	status external.security-txt met "disclosure policy last exported"
	status external.procedure met "and current"
	status external.drill at-risk "1 of 1 clocks met"
	status ids.messages met "all carry their incident ID"
	status research.reports not-met "acknowledged 26 h late"
	status contracts.sla not-met "Kestrel Bank plc"
	status ownership.owners not-met \
	    "no owner: policy trust-page, playbook vex-statement"
	# A customer whose clock still runs is not counted as told.
	run herald --db "$demo" --as olivia compliance show contracts.sla --json
	expect_json_is "any('not told yet, within its clock' in e['detail'] for e in d['evidence'])" \
	    true
	run herald --db "$demo" --as olivia compliance show external.drill --json
	# The drill's findings say when its notice went.
	expect_json_is "d['evidence'][0]['detail'].endswith('Regulator notification sent to the drill list 8 h after awareness, inside 72 h.')" \
	    true
	run herald --db "$demo" --as olivia compliance show notify.regulator --json
	# The small breach the regulator need not hear of, with why.
	expect_json_is "[e['status'] for e in d['evidence'] if e['kind'] == 'breach']" \
	    '["met"]'
	expect_json_is "'unlikely to result in a risk' in d['evidence'][0]['detail']" true
fi
run herald demo --no-console --db "$TEST_DIR/nodir/demo.db"
[ "$rc" != 0 ] && pass "demo: a missing directory is refused" ||
    fail "demo: a missing directory is refused"
[ -e "$TEST_DIR/nodir" ] && fail "demo: the named directory is not created" ||
    pass "demo: the named directory is not created"

# Scale databases: the same seed gives the same database.
run herald demo --scale 25 --seed 7 --db "$TEST_DIR/a.db"
if [ "$rc" != 0 ] && grep -q 'not built yet' "$ERR"; then
	[ -e "$TEST_DIR/a.db" ] && fail "a failed scale build leaves no file" ||
	    pass "a failed scale build leaves no file"
	note "scale_build is not built yet: skipping the scale checks"
else
	expect_exit 0
	expect_out "25 incidents"
	run herald demo --scale 25 --seed 7 --db "$TEST_DIR/b.db"
	expect_exit 0
	run herald demo --scale 25 --seed 8 --db "$TEST_DIR/c.db"
	expect_exit 0
	for f in a b c; do
		run herald --db "$TEST_DIR/$f.db" incident list --json
		mv "$OUT" "$TEST_DIR/$f.json"
	done
	run herald --db "$TEST_DIR/a.db" incident list --json
	expect_exit 0
	[ "$(json_get 'len(d)')" -ge 25 ] && pass "scale: at least 25 incidents" ||
	    fail "scale: at least 25 incidents"
	cmp -s "$TEST_DIR/a.json" "$TEST_DIR/b.json" &&
	    pass "scale: the same seed, the same incidents" ||
	    fail "scale: the same seed, the same incidents"
	cmp -s "$TEST_DIR/a.json" "$TEST_DIR/c.json" &&
	    fail "scale: another seed, other incidents" ||
	    pass "scale: another seed, other incidents"
	run herald --db "$TEST_DIR/a.db" audit verify
	expect_exit 0 "scale: the audit chain verifies"
	run herald demo --scale 25 --db "$TEST_DIR/a.db"
	expect_exit 5 "scale: an existing file is refused"
fi

if $finish_skip; then
	note "demo_build is not built yet: skipping the demo checks"
fi
finish
