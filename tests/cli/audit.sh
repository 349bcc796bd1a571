#!/bin/sh
# tests/cli/audit.sh - herald audit verify and log: an intact chain, then every
# way of tampering with it that the sqlite3 shell allows.
. "$top_srcdir/tests/lib.sh"

have sqlite3 || skip_all "no sqlite3 shell to tamper with the database"

base="$TEST_DIR/base.db"
run herald --as ada --db "$base" init --testing
expect_exit 0
for t in one two three four five; do
	run herald --as ada --db "$base" incident new --title "Incident $t" \
	    --trigger vulnerability --severity low
	expect_exit 0
done
# 8 rows: database.init, user.add, template.import, five incident.create;
# row 4 is in the middle.
rows=8
mid=4

# An intact chain: exit 0, the row count and the head.
run herald --db "$base" audit verify
expect_exit 0
expect_out "^Audit chain intact: $rows rows\$"
expect_out '^Head: [0-9a-f]{64}$'
head=$(sed -n 's/^Head: //p' "$OUT")
run herald --db "$base" audit verify --json
expect_exit 0
expect_json
[ "$(json_get '(d["intact"], d["rows"], d["head"], d["first_bad"])')" = \
    "(True, $rows, '$head', None)" ] &&
    pass "verify --json: intact, rows, head" ||
    fail "verify --json: intact, rows, head"
run herald --db "$base" audit verify --head "$head"
expect_exit 0
expect_out 'is in the chain'
run herald --db "$base" audit verify --head nothex
expect_exit 3
expect_err '64 lowercase hex'

# The documented canonical form (herald(1), core/audit.h) gives each row's hash.
sqlite3 -json "$base" 'SELECT * FROM audit ORDER BY seq' >"$OUT"
[ "$(json_get '[r["hash"] for r in d] == [__import__("hashlib").sha256(b"herald-audit-1\n" + b"".join(b"%d:%s\n" % (len(v), v) for v in (str(r[k]).encode() for k in ("prev_hash", "seq", "at", "actor", "action", "subject", "detail")))).hexdigest() for r in d]')" = true ] &&
    pass "every hash follows the documented canonical form" ||
    fail "every hash follows the documented canonical form"

# The append-only triggers refuse UPDATE and DELETE.
run sqlite3 "$base" "UPDATE audit SET actor = 'user:9' WHERE seq = $mid"
[ "$rc" != 0 ] && pass "the trigger refuses UPDATE" ||
    fail "the trigger refuses UPDATE"
expect_err 'append-only'
run sqlite3 "$base" "DELETE FROM audit WHERE seq = $rows"
[ "$rc" != 0 ] && pass "the trigger refuses DELETE" ||
    fail "the trigger refuses DELETE"
expect_err 'append-only'
run herald --db "$base" audit verify
expect_exit 0 "the chain is intact after the refused changes"

# tamper SQL...: a fresh copy of the database in $db, changed by SQL with the
# triggers lifted and then put back exactly as they were.
db="$TEST_DIR/t.db"
tamper()
{
	rm -f "$db" "$db-wal" "$db-shm"
	cp "$base" "$db"
	_triggers=$(sqlite3 "$db" "SELECT sql || ';' FROM sqlite_schema
	    WHERE type = 'trigger' AND tbl_name = 'audit' ORDER BY name")
	sqlite3 "$db" "DROP TRIGGER audit_no_update;
	    DROP TRIGGER audit_no_delete; $*; $_triggers" ||
	    fail "tamper: $*"
	[ "$(sqlite3 "$db" "SELECT name, sql FROM sqlite_schema
	    WHERE type = 'trigger' AND tbl_name = 'audit' ORDER BY name")" = \
	    "$(sqlite3 "$base" "SELECT name, sql FROM sqlite_schema
	    WHERE type = 'trigger' AND tbl_name = 'audit' ORDER BY name")" ] ||
	    fail "tamper: the triggers are back as they were"
}

# expect_broken SEQ DESC: verify exits 11 and names row SEQ.
expect_broken()
{
	run herald --db "$db" audit verify
	expect_exit 11 "$2: verify exits 11"
	expect_err "^herald: audit chain broken at row $1: " "$2: names row $1"
	expect_out "^First bad row: $1\$" "$2: prints the first bad row"
}

other=0000000000000000000000000000000000000000000000000000000000000001
for col in at actor action subject detail prev_hash hash; do
	case $col in
	at) val="'2026-01-01T00:00:00Z'" ;;
	actor) val="'user:2'" ;;
	action) val="'incident.delete'" ;;
	subject) val="'incident:99'" ;;
	detail) val="'{\"drill\":true}'" ;;
	*) val="'$other'" ;;
	esac
	tamper "UPDATE audit SET $col = $val WHERE seq = $mid"
	expect_broken $mid "changed $col of row $mid"
done
expect_err 'row 4 was changed after it was written' "a changed hash is reported"

# seq: moving a row leaves a gap at the first bad sequence number.
tamper "UPDATE audit SET seq = 99 WHERE seq = $mid"
expect_broken $mid "moved row $mid to seq 99"
tamper "UPDATE audit SET seq = seq + 10 WHERE seq >= 6"
expect_broken 6 "renumbered rows 6 and 7"

# A deleted middle row is named.
tamper "DELETE FROM audit WHERE seq = $mid"
expect_broken $mid "deleted row $mid"
expect_err "row $mid is missing"

# A deleted last row leaves a valid, shorter chain: only the recorded head
# shows it.
tamper "DELETE FROM audit WHERE seq = $rows"
run herald --db "$db" audit verify
expect_exit 0 "deleted last row: verify alone cannot tell"
expect_out "^Audit chain intact: $((rows - 1)) rows\$"
run herald --db "$db" audit verify --head "$head"
expect_exit 11 "deleted last row: verify --head exits 11"
expect_err 'recorded head [0-9a-f]{16}.* is not in the chain'
run herald --db "$db" audit verify --head "$head" --json
expect_exit 11
expect_json
[ "$(json_get '(d["intact"], d["expected_head_found"], d["rows"])')" = \
    "(False, False, $((rows - 1)))" ] &&
    pass "verify --head --json: not intact, head not found" ||
    fail "verify --head --json: not intact, head not found"

# A row rewritten with a correct new hash breaks its successor's link.
rehash="import hashlib, sqlite3, sys
def h(r):
    m = hashlib.sha256(b'herald-audit-1\n')
    for v in r:
        b = str(v).encode()
        m.update(b'%d:%s\n' % (len(b), b))
    return m.hexdigest()
c = sqlite3.connect(sys.argv[1])
first, last = int(sys.argv[2]), int(sys.argv[3])
c.execute('DROP TRIGGER audit_no_update')
prev = None
for seq in range(first, last + 1):
    r = c.execute('SELECT prev_hash, seq, at, actor, action, subject, detail'
        ' FROM audit WHERE seq = ?', (seq,)).fetchone()
    r = (prev or r[0],) + r[1:6] + ('{\"forged\":true}',)
    prev = h(r)
    c.execute('UPDATE audit SET prev_hash = ?, detail = ?, hash = ?'
        ' WHERE seq = ?', (r[0], r[6], prev, seq))
c.execute(\"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\"
    \" BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END\")
c.commit()"
rm -f "$db"
cp "$base" "$db"
python3 -c "$rehash" "$db" $mid $mid
expect_broken $((mid + 1)) "row $mid rewritten and rehashed"
expect_err "row $((mid + 1)) does not follow row $mid"
# Rewriting the whole tail consistently is only caught by the recorded head.
rm -f "$db"
cp "$base" "$db"
python3 -c "$rehash" "$db" $mid $rows
run herald --db "$db" audit verify
expect_exit 0 "a consistently rewritten tail passes verify alone"
run herald --db "$db" audit verify --head "$head"
expect_exit 11 "a consistently rewritten tail fails verify --head"

# Removing the triggers alone is reported.
rm -f "$db"
cp "$base" "$db"
sqlite3 "$db" "DROP TRIGGER audit_no_update"
run herald --db "$db" audit verify
expect_exit 11 "a dropped trigger: verify exits 11"
expect_err 'append-only triggers were removed'
expect_out "^Rows: $rows, each matching its hash\$"
run herald --db "$db" audit verify --json
[ "$(json_get '(d["intact"], d["triggers_ok"], d["rows"])')" = \
    "(False, False, $rows)" ] &&
    pass "a dropped trigger: --json says so" ||
    fail "a dropped trigger: --json says so"

# audit log: newest first, text and JSON, by subject and limit.
run herald --db "$base" audit log
expect_exit 0
expect_out '^ +SEQ +AT +ACTOR +ACTION +SUBJECT +DETAIL$'
[ "$(sed -n '2p' "$OUT" | awk '{print $1}')" = $rows ] &&
    pass "log: newest first" || fail "log: newest first"
[ "$(grep -c 'incident.create' "$OUT")" = 5 ] && pass "log: five creations" ||
    fail "log: five creations"
run herald --db "$base" audit log --subject SEC-2026-002 --json
expect_exit 0
expect_json
[ "$(json_get '[(r["seq"], r["action"], r["subject"], r["detail"]["ref"]) for r in d]')" = \
    '[[5, "incident.create", "incident:2", "SEC-2026-002"]]' ] &&
    pass "log --subject SEC-2026-002 finds its row" ||
    fail "log --subject SEC-2026-002 finds its row"
run herald --db "$base" audit log --limit 2 --json
[ "$(json_get '[r["seq"] for r in d]')" = "[$rows, $((rows - 1))]" ] &&
    pass "log --limit 2" || fail "log --limit 2"
[ "$(json_get 'd[0]["hash"]')" = "$head" ] && pass "log: the newest hash is the head" ||
    fail "log: the newest hash is the head"
run herald --db "$base" audit log --subject SEC-2026-404
expect_exit 4
run herald --db "$base" audit log --limit many
expect_exit 3

finish
