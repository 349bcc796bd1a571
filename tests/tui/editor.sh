#!/bin/sh
# tests/tui/editor.sh - long text in the person's editor: e on an incident
# opens its summary in $VISUAL (else $EDITOR) through a private temporary
# file, saves what the editor wrote, removes the file; a failed editor
# changes nothing.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

# An "editor" that notes the file's mode and path, then rewrites it.
ed=$TT_DIR/ed.sh
cat >"$ed" <<EOF_ED
#!/bin/sh
stat -c %a "\$1" >"$TT_DIR/ed.mode"
printf '%s\n' "\$1" >"$TT_DIR/ed.path"
printf 'Rotated every key; caf\303\251 \342\230\225 \346\235\261\344\272\254\n\n' >"\$1"
EOF_ED
chmod +x "$ed"

# VISUAL wins over EDITOR (here one that would fail).
start visual 80 24 "VISUAL=$ed" "EDITOR=false"
keys I
expect_row 0 "herald › Incidents"
keys Enter
expect_row 0 "herald › Incident " "Enter opens the incident"
keys e
expect "summary saved" "e saves what \$VISUAL wrote"
expect "Rotated every key; café ☕ 東京" "the new summary shows, UTF-8 intact"
check "the temporary file was private (mode 0600)" \
    test "$(cat "$TT_DIR/ed.mode" 2>/dev/null)" = 600
check "the temporary file is removed afterwards" \
    test ! -e "$(cat "$TT_DIR/ed.path" 2>/dev/null)"
expect_row 0 "herald › Incident " "the console is back after the editor"
keys Q
expect_exit
check "the edit is in the database, without the editor's final newlines" \
    sh -c '"$HERALD" --db "$1" incident show SEC-2026-009 |
	grep -qx "Rotated every key; café ☕ 東京"' sh "$DB"
# (Reading an incident under embargo is audited too: the edit need not be
# the newest row.)
check "the edit is in the audit chain, without the text" \
    sh -c '"$HERALD" --db "$1" audit log --limit 3 | grep -q incident.summary &&
	! "$HERALD" --db "$1" audit log --limit 0 | grep -q Rotated' sh "$DB"

# A failing editor: nothing changes, and the console says so.
start failing 80 24 "EDITOR=false"
keys I
expect_row 0 "herald › Incidents"
keys Enter
keys e
expect "the editor (false) failed; nothing changed"
keys Q
expect_exit

finish
