#!/bin/sh
# tests/tui/crash.sh - nothing saved is lost on a crash: fill some fields of
# a communication, kill herald (SIGKILL, no chance to clean up) while
# another field is half typed, start again: every answer saved on leaving
# its field is there, the half-typed one is not, and nothing else changed.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

use_playbook advisory-drill

start crash
start_comm advisory-drill
keys Enter
type_text "Crash drill: café ☕ 東京"
keys Tab
expect_row 23 "Headline saved"
type_text "psirt@brightwater.example"
keys Tab
expect_row 23 "Contact saved"
type_text "https://brightwater.example/crash"
keys Tab
expect_row 23 "Reference saved"
# Half way through the embargo date, the terminal dies.
type_text "2026-03-0"
expect "2026-03-0" "the half-typed date shows"
signal KILL
tt_poll tt_has_exited || not_ok "[crash] herald is gone after SIGKILL"
check "herald died of the signal (status 137)" \
    test "$(cut -d' ' -f1 "$TT_DIR/crash.status")" = 137
tt_tmux kill-session -t "=crash" >/dev/null 2>&1 || :

audit_log
check "the communication was created (id $COMM)" test -n "$COMM"
check "the three answers left before the crash were saved" \
    test "$(audit_count 'answer\.set')" -eq 3
check "the half-typed date was not" \
    sh -c '! grep "answer\.set *communication:$1 " "$2" | grep -q embargo' sh \
    "$COMM" "$AUDIT"
check "the audit chain is whole after the kill" \
    sh -c '"$HERALD" --db "$1" audit verify >/dev/null' sh "$DB"

# Start again on the same database and open the communication from its
# incident's Communications pane.
start again 80 24 -- --db "$DB" --as alice
open_comm "Advisory drill"
expect "Crash drill: café ☕ 東京" "the saved headline is there, UTF-8 intact"
expect "psirt@brightwater.example" "the saved contact is there"
expect "https://brightwater.example/crash" "the saved reference is there"
expect_not "2026-03-0" "the half-typed date is not"
expect_selected "The facts" "the step is still to do"
# The date is typed again, and the step can be done now.
keys Enter Tab Tab Tab
type_text "2026-03-02 09:00"
keys Tab
expect_row 23 "Embargo until saved"
keys Space Tab Escape d
expect "✓ The facts" "the step is done with the answers saved before the crash"
keys Q
expect_exit
finish
