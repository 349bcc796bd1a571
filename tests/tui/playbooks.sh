#!/bin/sh
# tests/tui/playbooks.sh - all seven shipped playbooks taken to "in review"
# with keys alone: six from a new incident (made with herald incident
# new), where c starts them, and the end-of-life notice from a release
# cycle on the products screen, where c starts it. Each step's fields are
# filled in as the focused field's own hint says (type, the editor, Space,
# the tick list, the products picker), Tab saves and moves on, d marks the
# step done, S sends it for review. Every output of what was walked then
# previews (herald comm preview), as its approver will read it.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup

# Long texts come from this "editor".
fake_editor 'We fixed it. Please update now.\n'

# The focused field's label: the one highlighted row of the form.
focused() { tt_selected | head -1 | sed 's/^.*│ *//; s/ *$//'; }
has_focus() { [ -n "$(focused)" ]; }

# After Tab: F1 opens help and q closes it. Keys are taken in order, so
# once help has shown, the Tab before it is done, however slow its save
# (a step with one field keeps its focus, so the focus alone cannot say).
# In a field being typed, F1 still reaches the key table.
wait_tab_done() {
	keys F1
	tt_wait tt_row_has 0 "herald › Help" || note "F1 after Tab: no help"
	keys q
	tt_wait tt_row_has 0 "herald › Playbook" || note "q: not back in the runner"
}

# Fill the focused field as its hint says.
fill_field() {
	s=$(tt_screen)
	case $s in
	*"(Enter: edit in your editor)"*)
		keys Enter
		# Keys sent while the editor runs would go to it: wait for
		# the console to be back with the text.
		tt_wait tt_lacks "(empty: Enter opens your editor)" ||
		    note "the editor did not fill $(focused)" ;;
	*"(type one paragraph"*)
		keys C-u
		type_text "We fixed it. Please update now." ;;
	*"(Space, Left, Right: change"*)
		keys Space ;;
	*"(Space: yes or no)"*)
		keys n ;;
	*"(Enter or Space: tick in a list)"*)
		keys Space
		tt_wait tt_has "a: all  Enter: keep" || note "no tick list for $(focused)"
		keys a Enter ;;
	*"(type a vector"*)
		keys C-u
		type_text "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" ;;
	*"(Enter: choose products"*)
		keys Enter
		tt_wait tt_has "Affected products" || note "no products picker"
		# a: add a row; the first product, every cycle, no range, the
		# first status, no ecosystem; then Done.
		keys a Enter Enter Enter Enter Enter G Enter ;;
	*"(local time as"*)
		keys C-u
		type_text "2026-03-05 09:00" ;;
	*"(e-mail addresses"*)
		keys C-u
		type_text "psirt@brightwater.example" ;;
	*"(CVE IDs like"*)
		keys C-u
		type_text "CVE-2026-10001" ;;
	*"(a web address"*)
		keys C-u
		type_text "https://brightwater.example/notice" ;;
	*)
		keys C-u
		type_text "Filled in by keys" ;;
	esac
}

# Fill every field of the selected step, then mark it done.
fill_step() {
	keys Enter
	tt_wait has_focus || { note "no form on this step"; return 1; }
	first=$(focused)
	n=0
	while [ "$n" -lt 25 ]; do
		label=$(focused)
		[ "$n" -gt 0 ] && [ "$label" = "$first" ] && break
		fill_field
		keys Tab
		wait_tab_done
		n=$((n + 1))
	done
	keys Escape d
}

asks_or_runs() {
	tt_has "Which communications?" || tt_row_has 0 "herald › Playbook"
}

# run_playbook NAME [VARIANT-PICK-KEYS]: a new incident, c, the playbook,
# every step filled and done, S; the state must read "in review".
run_playbook() {
	pb=$1
	demo_copy "$pb"
	ref=$("$HERALD" --db "$DB" --as alice incident new --title \
	    "Playbook walk $pb" --trigger vulnerability --severity high \
	    2>"$TT_DIR/new.err") || { note_stdin <"$TT_DIR/new.err"; bail "a new incident"; }
	start "$pb" 100 30 "EDITOR=$ED" -- --db "$DB" --as alice
	keys I
	expect_row 0 "herald › Incidents"
	expect_selected "Playbook walk $pb" "[$pb] the new incident $ref heads the list"
	keys Enter
	expect_row 1 "Playbook walk $pb" "[$pb] Enter opens it"
	keys c
	expect "Start a communication from a playbook"
	move_to "$pb" "the playbook is in c's list"
	keys Enter
	# A playbook with more than one communication asks which.
	tt_wait asks_or_runs
	if tt_has "Which communications?"; then
		keys Enter      # all of them; the runner opens on the first
	fi
	expect_row 0 "herald › Playbook" "c starts it and opens the runner"
	walk_steps
	previews "$ref"
}

# previews REF: each output of each communication about REF (or, with
# --cycle, each end-of-life notice) walked to review renders. (One the
# walk left blank, such as the second of a breach notification, may not
# make its CSAF document yet: that is the preview saying what is missing.)
previews() {
	for id in $("$HERALD" --db "$DB" comm list --json | python3 -c '
import json, sys
print(" ".join(str(c["id"]) for c in json.load(sys.stdin)
    if c["state"] == "in-review" and (c.get("incident") == sys.argv[1] or
    (sys.argv[1] == "--cycle" and c.get("cycle")))))' "$1"); do
		outs=$("$HERALD" --db "$DB" comm preview "$id" --list --json |
		    python3 -c 'import json, sys
print(" ".join(o["id"] for o in json.load(sys.stdin)))')
		bad=
		for o in $outs; do
			"$HERALD" --db "$DB" comm preview "$id" --output "$o" \
			    >/dev/null 2>"$TT_DIR/preview.err" ||
			    bad="$bad $o: $(cat "$TT_DIR/preview.err");"
		done
		if [ -n "$outs" ] && [ -z "$bad" ]; then
			ok "[$pb] every output of #$id previews ($outs)"
		else
			not_ok "[$pb] every output of #$id previews ($outs)"
			note "failed:$bad"
		fi
	done
}

# Fill and mark done every form step of the runner, then S: the state must
# read "in review"; then quit.
walk_steps() {
	steps=0
	while [ "$steps" -lt 12 ]; do
		# The selected step: done with the form steps when it is a gate
		# or publish step (they show what they wait for, no form).
		tt_wait tt_has "(current)" || break
		if tt_has "Approvals needed:" || tt_has "Goes out to:"; then
			break
		fi
		before=$(tt_screen | grep -c "✓")
		fill_step
		if ! tt_wait sh -c "[ \$(tmux -L '$TT_SOCK' -f /dev/null capture-pane -p -t '=$tt_cur:' | grep -c '✓') -gt $before ]"; then
			not_ok "[$pb] a step is marked done"
			tt_dump
			break
		fi
		steps=$((steps + 1))
	done
	check "[$pb] $steps form steps were filled and marked done" test "$steps" -gt 0
	keys S
	expect_row 2 "in review" "S sends it for review"
	keys Q
	expect_exit
}

for pb in security-advisory breach-notification post-incident-report \
    support-briefing vulnerability-report vex-statement; do
	run_playbook "$pb"
done

# The end-of-life notice is about a release cycle: c on the products
# screen starts it. Ledger Sync 5.4 (the last cycle) ends in 200 days, with
# no notice yet.
pb=eol-notice
demo_copy "$pb"
start "$pb" 100 30 "EDITOR=$ED" -- --db "$DB" --as alice
keys P
expect_row 0 "herald › Products and lifecycle"
expect "EOL in 200 days, no notice sent" "5.4 has no notice yet"
keys G
expect_selected "5.4" "G selects Ledger Sync 5.4"
keys c
expect_row 0 "herald › Playbook" "c starts the notice and opens the runner"
expect_row 2 "eol-notice" "the header says what it is"
expect "is 6 months away: customers should have 12 months' notice" \
    "the runner warns that the end of life is less than 12 months away"
walk_steps
# Back on the products screen, the cycle shows its notice.
start "$pb-after" 100 30 -- --db "$DB" --as alice
keys P
expect "EOL in 200 days, notice #" "the products screen shows the notice"
expect "in review" "and its state"
keys G c
expect_row 0 "herald › Playbook" "c on a cycle with a notice opens it"
expect_row 2 "in review" "the same notice, in review"
keys Q
expect_exit
check "[$pb] one notice, not two" test "$("$HERALD" --db "$DB" comm list \
    --state in-review | grep -c eol-notice)" -eq 1
previews --cycle

finish
