#!/bin/sh
# tests/tui/conflict.sh - two people, one communication: alice and bilal
# (both authors in the demo) in two consoles on the same database. Edits
# to different fields never conflict; when both edit the same field, the
# second to save sees the conflict with both texts, nothing is lost, and
# they choose: m keeps theirs own, t takes the other's.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

use_playbook advisory-drill

demo_copy shared

# Alice starts the communication.
start alice 80 24 -- --db "$DB" --as alice
start_comm advisory-drill "alice starts it"

# Bilal opens it from the incident's Communications pane.
start bilal 80 24 -- --db "$DB" --as bilal
open_comm "Advisory drill" "bilal opens the same communication"

# Different fields: no conflict, and each sees the other's answer.
use alice
keys Enter
type_text "Alice's headline"
keys Tab
expect_row 23 "Headline saved"
use bilal
keys Enter Tab
type_text "bilal@brightwater.example"
keys Tab
expect_row 23 "Contact saved" "a different field saves without a conflict"
expect "Alice's headline" "bilal's console shows alice's answer (reload)"
use alice
expect "bilal@brightwater.example" "alice's console shows bilal's answer (reload)"

# The same field: both type a reference; alice saves first.
keys Tab
expect_selected "Reference" "alice is on the reference"
use bilal
expect_selected "Reference" "so is bilal"
type_text "https://bilal.example/one"
use alice
type_text "https://alice.example/one"
keys Tab
expect_row 23 "Reference saved" "alice saves first"
use bilal
keys Tab
expect "Someone else saved this field first" "bilal sees the conflict"
expect "https://alice.example/one" "with alice's text"
expect "https://bilal.example/one" "and his own, kept"
keys m
expect_row 23 "kept mine, saved" "m keeps his and saves it"
use alice
expect "https://bilal.example/one" "alice's console follows bilal's save"

# Again; this time bilal takes alice's text.
keys BTab
expect_selected "Reference"
keys C-u
use bilal
keys C-u
type_text "https://bilal.example/two"
use alice
type_text "https://alice.example/two"
keys Tab
expect_row 23 "Reference saved"
use bilal
keys Tab
expect "Someone else saved this field first" "the second conflict shows"
keys t
expect_row 23 "took theirs" "t takes alice's"
expect "https://alice.example/two"
expect_not "https://bilal.example/two" "his own text is gone once he chose"
expect_not "(conflict)"

# While a field is typed in, letters are text: Esc leaves it first.
keys Escape Q
expect_exit
use alice
keys Escape Q
expect_exit

audit_log
check "three saves of the reference: alice, bilal over her, alice" \
    test "$(grep -c '"field":"link"' "$AUDIT")" -eq 3
check "bilal's save is his" \
    sh -c 'grep "\"field\":\"link\"" "$1" | grep -q "(bilal)"' sh "$AUDIT"
finish
