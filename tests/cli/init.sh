#!/bin/sh
# tests/cli/init.sh - herald init: files, modes, refusals, --as, --group.
. "$top_srcdir/tests/lib.sh"

me=$(id -un)
data="$XDG_DATA_HOME/herald"

# Without a database, herald says how to make one instead of opening.
run herald
expect_exit 4
expect_err 'no database at .*herald init'
expect_err 'herald demo'
[ -e "$data" ] && fail "herald alone creates nothing" ||
    pass "herald alone creates nothing"

# The default location: the XDG data directory, made private, and a 0600 file.
run herald init
expect_exit 0
expect_out "^Created $data/herald.db\$"
expect_out "admin: +$me\$"
expect_out 'audit head: +[0-9a-f]{64}$'
[ "$(stat -c %a "$data/herald.db")" = 600 ] && pass "database mode 0600" ||
    fail "database mode 0600 (got $(stat -c %a "$data/herald.db"))"
[ "$(stat -c %a "$data")" = 700 ] && pass "data directory made with 0700" ||
    fail "data directory made with 0700 (got $(stat -c %a "$data"))"

# The creator is the admin, and known by the login of the effective uid.
run herald user list --json
expect_exit 0
[ "$(json_get '[u["login"] for u in d if "admin" in u["roles"]]')" = "[\"$me\"]" ] &&
    pass "the creator ($me) is the only admin" ||
    fail "the creator ($me) is the only admin"
# ...never by $USER.
run env USER=mallory LOGNAME=mallory "$HERALD" user list
expect_out "^$me " "identity ignores \$USER"
expect_no_out '^mallory'

# An existing file is refused and left alone.
sum=$(sha256sum <"$data/herald.db")
run herald init
expect_exit 5
expect_err 'already exists'
[ "$(sha256sum <"$data/herald.db")" = "$sum" ] &&
    pass "refused init leaves the file unchanged" ||
    fail "refused init leaves the file unchanged"

# XDG variables that are not absolute paths are ignored, as XDG asks.
run env XDG_DATA_HOME=relative/data "$HERALD" init
expect_exit 5
expect_err "^herald: $data/herald.db already exists"
run env -u XDG_DATA_HOME "$HERALD" init
expect_err "^herald: $data/herald.db already exists" \
    "without XDG_DATA_HOME, HOME/.local/share"
[ -e relative ] && fail "no relative data directory made" ||
    pass "no relative data directory made"

# A directory you name must exist; herald creates only its own.
run herald --db "$TEST_DIR/missing/h.db" init
expect_exit 4
expect_err "directory $TEST_DIR/missing does not exist"
[ -e "$TEST_DIR/missing" ] && fail "no directory created" ||
    pass "no directory created"

# HERALD_DB chooses the file when --db does not.
mkdir "$TEST_DIR/env"
run env HERALD_DB="$TEST_DIR/env/e.db" "$HERALD" init
expect_exit 0
[ -f "$TEST_DIR/env/e.db" ] && pass "HERALD_DB chooses the file" ||
    fail "HERALD_DB chooses the file"

# --prefix: capital letters and digits, starting with a letter, 1 to 16.
for bad in sec 1SEC SE-C ABCDEFGHIJKLMNOPQ ""; do
	run herald --db "$TEST_DIR/p.db" init --prefix "$bad"
	expect_exit 3 "init --prefix '$bad' is refused (exit 3)"
	expect_err 'prefix' "init --prefix '$bad' names the prefix"
	[ -e "$TEST_DIR/p.db" ] && fail "init --prefix '$bad' leaves no file" ||
	    pass "init --prefix '$bad' leaves no file"
done
run herald --db "$TEST_DIR/p.db" init --prefix ACME2
expect_exit 0
run herald --db "$TEST_DIR/p.db" incident new --title T --trigger compromise \
    --severity low
expect_exit 0
expect_out '^ACME2-2026-001$'

# --as is refused on a production database, and says why.
run herald --as alice --db "$TEST_DIR/as.db" init
expect_exit 6
expect_err '--as is refused'
expect_err 'testing'
[ -e "$TEST_DIR/as.db" ] && fail "refused --as leaves no file" ||
    pass "refused --as leaves no file"
run herald --as alice --db "$TEST_DIR/as.db" init --testing --name "Alice A" \
    --email alice@example.org
expect_exit 0
expect_out 'purpose: +test'
expect_out 'admin: +alice$'
run herald --db "$TEST_DIR/as.db" --as alice user list --json
[ "$(json_get '[(u["login"], u["name"], u["email"], u["roles"]) for u in d]')" = \
    '[["alice", "Alice A", "alice@example.org", ["admin"]]]' ] &&
    pass "--testing --as makes alice the admin, with name and e-mail" ||
    fail "--testing --as makes alice the admin, with name and e-mail"
# Production databases refuse --as for every command, not only init.
run herald --db "$data/herald.db" --as "$me" incident list
expect_exit 6
expect_err '--as is refused'

# --group: 0660, the group, and a setgid directory the -wal file follows.
run herald --db "$TEST_DIR/g.db" init --group no-such-group-$$
expect_exit 3
expect_err 'no group named'
group=""
if [ "$(id -u)" = 0 ] && have groupadd; then
	group=heraldt$$
	if groupadd "$group" 2>/dev/null; then
		at_exit "groupdel $group"
	else
		group=""
	fi
else
	# Any supplementary group of ours will do.
	for g in $(id -Gn); do
		[ "$g" != "$(id -gn)" ] && group=$g && break
	done
fi
if [ -z "$group" ]; then
	note "skipping --group: not root and no supplementary group"
else
	shared="$TEST_DIR/shared"
	mkdir -m 0755 "$shared"
	run herald --db "$shared/h.db" init --group "$group"
	expect_exit 0
	expect_out "group: +$group"
	[ "$(stat -c %a "$shared/h.db")" = 660 ] && pass "--group: mode 0660" ||
	    fail "--group: mode 0660 (got $(stat -c %a "$shared/h.db"))"
	[ "$(stat -c %G "$shared/h.db")" = "$group" ] &&
	    pass "--group: the file belongs to $group" ||
	    fail "--group: the file belongs to $group"
	[ -g "$shared" ] && pass "--group: the directory is setgid" ||
	    fail "--group: the directory is setgid"
	[ "$(stat -c %G "$shared")" = "$group" ] &&
	    pass "--group: the directory belongs to $group" ||
	    fail "--group: the directory belongs to $group"
	# Hold a reader open so the -wal outlives the writer, then write.
	python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM audit").fetchall()
open(sys.argv[2], "w").close()
time.sleep(30)' "$shared/h.db" "$TEST_DIR/reader-ready" &
	reader=$!
	at_exit "kill $reader 2>/dev/null"
	i=0
	while [ ! -e "$TEST_DIR/reader-ready" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	run herald --db "$shared/h.db" incident new --title W --trigger compromise \
	    --severity low
	expect_exit 0
	if [ -e "$shared/h.db-wal" ]; then
		[ "$(stat -c %G "$shared/h.db-wal")" = "$group" ] &&
		    pass "--group: the -wal file belongs to $group" ||
		    fail "--group: the -wal file belongs to $group"
		[ "$(stat -c %a "$shared/h.db-wal")" = 660 ] &&
		    pass "--group: the -wal file has mode 0660" ||
		    fail "--group: the -wal file has mode 0660"
	else
		fail "--group: a -wal file exists after a write"
	fi
	kill "$reader" 2>/dev/null
	wait "$reader" 2>/dev/null
	# A world-writable directory is no place to share a database.
	mkdir -m 1777 "$TEST_DIR/tmpish"
	run herald --db "$TEST_DIR/tmpish/h.db" init --group "$group"
	expect_exit 6
	expect_err 'writable by everyone'
fi

finish
