#!/bin/sh
# tests/cli/dbfiles.sh - files that are not herald databases, read-only
# databases and directories, and backups.
. "$top_srcdir/tests/lib.sh"

# sql DB STATEMENTS: the sqlite3 shell, or Python's sqlite3 without it.
sql()
{
	if have sqlite3; then
		sqlite3 "$1" "$2"
	else
		python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript(sys.argv[2])
c.close()' "$1" "$2"
	fi
}

# refused FILE EXIT PATTERN DESC: reading and writing FILE are both refused
# with EXIT and a message matching PATTERN, and FILE is left as it was.
refused()
{
	_sum=$(sha256sum <"$1")
	run herald --db "$1" incident list
	expect_exit "$2" "$4: incident list refused (exit $2)"
	expect_err "$3" "$4: incident list says why"
	run herald --db "$1" incident new --title T --trigger compromise \
	    --severity low
	expect_exit "$2" "$4: incident new refused (exit $2)"
	expect_err "$3" "$4: incident new says why"
	run herald --db "$1" audit verify
	expect_exit "$2" "$4: audit verify refused (exit $2)"
	[ "$(sha256sum <"$1")" = "$_sum" ] && pass "$4: the file is unchanged" ||
	    fail "$4: the file is unchanged"
	# SQLite may leave an empty -wal and a -shm after reading a WAL
	# database; nothing may be written into them.
	[ -s "$1-wal" ] && fail "$4: no changes waiting in a -wal file" ||
	    pass "$4: no changes waiting in a -wal file"
}

head -c 8192 /dev/urandom >"$TEST_DIR/random.db"
refused "$TEST_DIR/random.db" 9 'not an SQLite file' "random bytes"
: >"$TEST_DIR/empty.db"
refused "$TEST_DIR/empty.db" 9 'empty file' "an empty file"
sql "$TEST_DIR/foreign.db" "CREATE TABLE notes (body TEXT);
    INSERT INTO notes VALUES ('mine');"
refused "$TEST_DIR/foreign.db" 9 "SQLite database but not herald's" \
    "a foreign SQLite database"
ls "$TEST_DIR" | grep -Eq '^(random|empty|foreign)\.db-' &&
    fail "no -wal or -shm beside files that are not herald's" ||
    pass "no -wal or -shm beside files that are not herald's"
run herald --as ada --db "$TEST_DIR/future.db" init --testing
expect_exit 0
sql "$TEST_DIR/future.db" "PRAGMA user_version = 999"
refused "$TEST_DIR/future.db" 9 'newer herald.*upgrade herald' \
    "a database from a newer herald"
run herald --db "$TEST_DIR/nodir/h.db" incident list
expect_exit 4
expect_err "directory $TEST_DIR/nodir does not exist"
run herald --db "$TEST_DIR/nodir/h.db" incident new --title T \
    --trigger compromise --severity low
expect_exit 4
[ -e "$TEST_DIR/nodir" ] && fail "a missing directory stays missing" ||
    pass "a missing directory stays missing"
run herald --db "$TEST_DIR/absent.db" incident list
expect_exit 4
expect_err 'no database at .*herald init'
[ -e "$TEST_DIR/absent.db" ] && fail "a missing file stays missing" ||
    pass "a missing file stays missing"

# A real database to read, copy and protect.
db="$TEST_DIR/h.db"
run herald --as ada --db "$db" init --testing
for t in one two three; do
	run herald --as ada --db "$db" incident new --title "Incident $t" \
	    --trigger vulnerability --severity low
done
expect_exit 0

# backup: a 0600 copy that verifies and holds the same incidents.
run herald --db "$db" backup "$TEST_DIR/copy.db"
expect_exit 0
expect_out "^Copied $db to $TEST_DIR/copy.db\$"
[ "$(stat -c %a "$TEST_DIR/copy.db")" = 600 ] && pass "backup: mode 0600" ||
    fail "backup: mode 0600 (got $(stat -c %a "$TEST_DIR/copy.db"))"
run herald --db "$TEST_DIR/copy.db" audit verify
expect_exit 0 "backup: audit verify accepts the copy"
expect_out '^Audit chain intact: 6 rows$'
run herald --db "$db" incident list --json
mv "$OUT" "$TEST_DIR/orig.json"
run herald --db "$TEST_DIR/copy.db" incident list --json
cmp -s "$OUT" "$TEST_DIR/orig.json" && pass "backup: the same incidents" ||
    fail "backup: the same incidents"
sum=$(sha256sum <"$TEST_DIR/copy.db")
run herald --db "$db" backup "$TEST_DIR/copy.db"
expect_exit 5
expect_err 'exists'
[ "$(sha256sum <"$TEST_DIR/copy.db")" = "$sum" ] &&
    pass "backup: an existing file is left alone" ||
    fail "backup: an existing file is left alone"
run herald --db "$db" backup "$TEST_DIR/nodir/copy.db"
[ "$rc" != 0 ] && pass "backup: a missing directory is refused" ||
    fail "backup: a missing directory is refused"

# A backup taken while another process writes is consistent.
(
	i=0
	while [ $i -lt 150 ]; do
		"$HERALD" --as ada --db "$db" incident new --title "busy $i" \
		    --trigger compromise --severity low >/dev/null || exit 1
		i=$((i + 1))
	done
) &
writer=$!
at_exit "kill $writer 2>/dev/null"
sleep 0.2
run herald --db "$db" backup "$TEST_DIR/busy.db"
expect_exit 0 "backup during writes succeeds"
wait "$writer"
[ $? = 0 ] && pass "the writer was not disturbed by the backup" ||
    fail "the writer was not disturbed by the backup"
run herald --db "$TEST_DIR/busy.db" audit verify --json
expect_exit 0 "the backup taken during writes verifies"
rows=$(json_get 'd["rows"]')
run herald --db "$TEST_DIR/busy.db" incident list --json
n=$(json_get 'len(d)')
# init wrote 3 rows (the database, the admin, the templates); every
# incident after that wrote exactly one.
[ "$n" = $((rows - 3)) ] &&
    pass "the backup's incidents match its audit chain ($n incidents)" ||
    fail "the backup's incidents match its audit chain ($n vs $rows rows)"
note "the backup caught $n of 153 incidents"
run herald --db "$db" audit verify
expect_exit 0 "the original still verifies after the writes"
expect_out '^Audit chain intact: 156 rows$'

# Read-only files and directories, as someone who is not their owner.
nobody_group=$(id -gn nobody 2>/dev/null || echo nogroup)
if [ "$(id -u)" != 0 ]; then
	nobody=""
	note "not root: the read-only checks run as ourselves"
elif setpriv --reuid=nobody --regid="$nobody_group" --clear-groups true \
    2>/dev/null; then
	nobody="setpriv --reuid=nobody --regid=$nobody_group --clear-groups"
elif runuser -u nobody -- true 2>/dev/null; then
	nobody="runuser -u nobody --"
else
	skip_all "cannot run commands as nobody (no setpriv or runuser)"
fi
# as_other ARGS...: run herald as that unprivileged user.
bin=$HERALD
if [ -n "$nobody" ] && ! $nobody test -x "$bin"; then
	cp "$HERALD" "$TEST_DIR/herald-bin"
	chmod 0755 "$TEST_DIR/herald-bin"
	bin="$TEST_DIR/herald-bin"
fi
as_other()
{
	run $nobody "$bin" "$@"
}

# A 0444 file in a directory that user may not write.
mkdir -m 0755 "$TEST_DIR/ro"
cp "$TEST_DIR/copy.db" "$TEST_DIR/ro/h.db"
chmod 0444 "$TEST_DIR/ro/h.db"
[ -n "$nobody" ] || chmod 0555 "$TEST_DIR/ro"
sum=$(sha256sum <"$TEST_DIR/ro/h.db")
as_other --db "$TEST_DIR/ro/h.db" incident list
if [ "$rc" = 0 ]; then
	expect_out '^SEC-2026-001 ' "read-only: incident list works"
else
	expect_err 'read-only for you.*-shm' \
	    "read-only: incident list explains the missing -shm"
fi
as_other --db "$TEST_DIR/ro/h.db" incident new --title T --trigger compromise \
    --severity low
expect_exit 6
expect_err 'read-only'
[ "$(sha256sum <"$TEST_DIR/ro/h.db")" = "$sum" ] &&
    pass "read-only: the file is unchanged" ||
    fail "read-only: the file is unchanged"

# A 0444 file in a directory that user may write: reading works.
mkdir -m 0777 "$TEST_DIR/rw"
cp "$TEST_DIR/copy.db" "$TEST_DIR/rw/h.db"
chmod 0444 "$TEST_DIR/rw/h.db"
sum=$(sha256sum <"$TEST_DIR/rw/h.db")
as_other --db "$TEST_DIR/rw/h.db" incident list
expect_exit 0 "read-only file: incident list works"
expect_out '^SEC-2026-003 '
as_other --db "$TEST_DIR/rw/h.db" incident new --title T --trigger compromise \
    --severity low
expect_exit 6
expect_err "database $TEST_DIR/rw/h.db is read-only for you"
[ "$(sha256sum <"$TEST_DIR/rw/h.db")" = "$sum" ] &&
    pass "read-only file: unchanged" || fail "read-only file: unchanged"

# A writable file in a read-only directory: writes are refused up front.
mkdir -m 0755 "$TEST_DIR/rodir"
cp "$TEST_DIR/copy.db" "$TEST_DIR/rodir/h.db"
chmod 0666 "$TEST_DIR/rodir/h.db"
[ -n "$nobody" ] || chmod 0555 "$TEST_DIR/rodir"
sum=$(sha256sum <"$TEST_DIR/rodir/h.db")
as_other --db "$TEST_DIR/rodir/h.db" incident new --title T \
    --trigger compromise --severity low
expect_exit 6
expect_err "directory $TEST_DIR/rodir is read-only for you"
[ "$(sha256sum <"$TEST_DIR/rodir/h.db")" = "$sum" ] &&
    pass "read-only directory: the file is unchanged" ||
    fail "read-only directory: the file is unchanged"
[ -n "$nobody" ] || chmod 0755 "$TEST_DIR/ro" "$TEST_DIR/rodir"

finish
