#!/bin/sh
# tests/cli/incident.sh - herald incident new, list and show; IDs; refusals.
. "$top_srcdir/tests/lib.sh"

db="$TEST_DIR/h.db"
run herald --as ada --db "$db" init --testing
expect_exit 0
# h ARGS...: run herald on the test database as ada, the admin.
h()
{
	run herald --db "$db" --as ada "$@"
}

h incident new --title "Heap overflow in the parser" --trigger vulnerability \
    --severity high --cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
expect_exit 0
expect_out '^SEC-2026-001$'
h incident new --title "Customer table exposed" --trigger data-breach \
    --severity critical --summary "A backup bucket was public." \
    --aware-at 2026-02-28T10:00:00+02:00 --discovered-at 2026-02-27 \
    --embargo-until 2026-03-10T00:00:00Z
expect_exit 0
expect_out '^SEC-2026-002$'
h incident new --title "Breach drill" --trigger credential-leak \
    --severity medium --drill --json
expect_exit 0
expect_json
[ "$(json_get 'd["id"], d["drill"], d["state"], d["aware_at"]')" = \
    "('SEC-2026-003', True, 'open', '2026-03-01T12:00:00Z')" ] &&
    pass "new --json: ID, drill, state, aware-at defaulting to now" ||
    fail "new --json: ID, drill, state, aware-at defaulting to now"

# list: a table, every incident, newest first.
h incident list
expect_exit 0
expect_out '^ID +TRIGGER +SEVERITY +STATE +UPDATED +TITLE$'
expect_out '^SEC-2026-001 +vulnerability +high +open +2026-03-01 12:00 +Heap overflow in the parser$'
expect_out '^SEC-2026-003 .*\[drill\] Breach drill$'
[ "$(grep -c '^SEC-' "$OUT")" = 3 ] && pass "list shows 3 incidents" ||
    fail "list shows 3 incidents"
[ "$(sed -n '2s/ .*//p' "$OUT")" = SEC-2026-003 ] &&
    pass "list: the newest first" || fail "list: the newest first"
h incident list --json
expect_exit 0
expect_json
[ "$(json_get 'sorted(i["id"] for i in d)')" = \
    '["SEC-2026-001", "SEC-2026-002", "SEC-2026-003"]' ] &&
    pass "list --json: all three" || fail "list --json: all three"
h incident list --trigger data-breach --json
[ "$(json_get '[i["id"] for i in d]')" = '["SEC-2026-002"]' ] &&
    pass "list --trigger" || fail "list --trigger"
h incident list --severity high --json
[ "$(json_get '[i["id"] for i in d]')" = '["SEC-2026-001"]' ] &&
    pass "list --severity" || fail "list --severity"
h incident list --drills --json
[ "$(json_get '[i["id"] for i in d]')" = '["SEC-2026-003"]' ] &&
    pass "list --drills" || fail "list --drills"
h incident list --no-drills --json
[ "$(json_get 'len(d)')" = 2 ] && pass "list --no-drills" ||
    fail "list --no-drills"
h incident list --state closed
expect_exit 0
expect_out '^No incidents\.$'
h incident list --limit 1 --json
[ "$(json_get 'len(d)')" = 1 ] && pass "list --limit 1" || fail "list --limit 1"
h incident list --limit 0
expect_exit 3
expect_err 'limit'
h incident list --state shut
expect_exit 3
expect_err 'state shut: expected one of open, contained'

# show: by ID or row id; times in local time, stored in UTC.
h incident show SEC-2026-002
expect_exit 0
expect_out '^ID: +SEC-2026-002$'
expect_out '^Title: +Customer table exposed$'
expect_out '^Aware: +2026-02-28 08:00 UTC$'
expect_out '^Created by: +ada$'
expect_out '^A backup bucket was public\.$'
h incident show 2 --json
expect_exit 0
expect_json
[ "$(json_get 'd["id"], d["aware_at"], d["discovered_at"], d["embargo_until"]')" = \
    "('SEC-2026-002', '2026-02-28T08:00:00Z', '2026-02-27T00:00:00Z', '2026-03-10T00:00:00Z')" ] &&
    pass "show --json: times normalised to UTC" ||
    fail "show --json: times normalised to UTC"
if [ -e /usr/share/zoneinfo/Europe/Paris ]; then
	run env TZ=Europe/Paris "$HERALD" --db "$db" --as ada incident show \
	    SEC-2026-002
	expect_out '^Aware: +2026-02-28 09:00 CET$' "show: times in the local zone (TZ)"
	run env TZ=Europe/Paris "$HERALD" --db "$db" incident list
	expect_out '^SEC-2026-001 .* 2026-03-01 13:00 ' "list: times in the local zone"
else
	note "no tzdata: skipping the local-zone checks"
fi
h incident show SEC-2026-099
expect_exit 4
expect_err 'no incident SEC-2026-099'

# Bad values: exit 3, and the message names the field.
h incident new --title T --trigger meteor --severity low
expect_exit 3
expect_err '^herald: trigger meteor: expected one of vulnerability'
h incident new --title T --trigger compromise --severity apocalyptic
expect_exit 3
expect_err '^herald: severity apocalyptic'
h incident new --title T --trigger compromise --severity low --aware-at soon
expect_exit 3
expect_err '^herald: aware-at'
h incident new --title T --trigger compromise --severity low \
    --aware-at 2026-02-30T00:00:00Z
expect_exit 3
expect_err 'aware-at'
h incident new --title T --trigger compromise --severity low \
    --discovered-at 2026-03-02T00:00:00Z
expect_exit 3
expect_err 'discovered-at'
h incident new --title T --trigger compromise --severity low \
    --embargo-until never
expect_exit 3
expect_err 'embargo-until'
h incident new --title T --trigger compromise --severity low --cvss 9.8
expect_exit 3
expect_err 'cvss'
h incident new --title "$(printf '%0201d' 0)" --trigger compromise --severity low
expect_exit 3
expect_err 'title'
h incident new --title "" --trigger compromise --severity low
expect_exit 3
expect_err 'title'
h incident list --json
[ "$(json_get 'len(d)')" = 3 ] && pass "refused incidents were not created" ||
    fail "refused incidents were not created"

# Control characters and broken UTF-8 are refused on the way in...
h incident new --title "$(printf 'Evil\033[2J title')" --trigger compromise \
    --severity low
expect_exit 3
expect_err 'title: no control characters'
h incident new --title "$(printf 'Two\nlines')" --trigger compromise \
    --severity low
expect_exit 3
h incident new --title "$(printf 'Bad \377 byte')" --trigger compromise \
    --severity low
expect_exit 3
expect_err 'title: not valid UTF-8'
h incident new --title Fine --summary "$(printf 'bell\007')" \
    --trigger compromise --severity low
expect_exit 3
expect_err 'summary: no control characters'
# ...and text output cannot smuggle terminal escapes that got in behind
# herald's back.
h incident new --title "Evil title" --trigger compromise --severity low
expect_exit 0
sqlite3 "$db" "UPDATE incidents SET title = 'Evil' || char(27) || '[2J title'
    WHERE title = 'Evil title'"
h incident list
expect_out 'Evil\?\[2J title' "list replaces control characters"
grep -q "$(printf '\033')" "$OUT" && fail "list prints no escape character" ||
    pass "list prints no escape character"

# Someone herald does not know can read but not act.
run herald --db "$db" --as stranger incident list
expect_exit 0
expect_out '^SEC-2026-001 '
run herald --db "$db" --as stranger incident new --title T \
    --trigger compromise --severity low
expect_exit 6
expect_err 'stranger is not a herald user'
# A user without the author role is refused; an author may.
h user add sam --role sro
expect_exit 0
h user add carol --role author
expect_exit 0
run herald --db "$db" --as sam incident new --title T --trigger compromise \
    --severity low
expect_exit 6
expect_err 'sam needs the author or admin role'
run herald --db "$db" --as carol incident new --title "By carol" \
    --trigger compromise --severity low
expect_exit 0
expect_out '^SEC-2026-005$'

# IDs grow past 999 without losing order: move the counter close to it.
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE id_counters SET last = 998")
c.commit()' "$db"
h incident new --title A --trigger compromise --severity low
expect_out '^SEC-2026-999$'
h incident new --title B --trigger compromise --severity low
expect_out '^SEC-2026-1000$'
h incident show SEC-2026-1000 --json
[ "$(json_get 'd["title"]')" = B ] && pass "show SEC-2026-1000" ||
    fail "show SEC-2026-1000"

# The same, honestly: 1000 creations, when this machine is quick enough.
db2="$TEST_DIR/many.db"
run herald --as ada --db "$db2" init --testing --prefix MANY
start=$(date +%s)
made=0
ids_ok=true
while [ $made -lt 1000 ]; do
	id=$("$HERALD" --db "$db2" --as ada incident new --title "n$made" \
	    --trigger compromise --severity low) || { ids_ok=false; break; }
	made=$((made + 1))
	[ "$id" = "$(printf 'MANY-2026-%03d' $made)" ] || { ids_ok=false; break; }
	# Past 20 s in all? Stop: the counter test above covers 4 digits.
	if [ $made = 100 ] && [ $(($(date +%s) - start)) -ge 2 ]; then
		note "100 creations took $(($(date +%s) - start)) s; not making 1000"
		break
	fi
done
$ids_ok && pass "$made creations got consecutive IDs, the last $id" ||
    fail "creations got consecutive IDs (creation $((made + 1)) got $id)"

finish
