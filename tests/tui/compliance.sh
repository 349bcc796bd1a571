#!/bin/sh
# tests/tui/compliance.sh - the compliance dashboard in the console, on a
# copy of the demo database: K opens it from home; every question has its
# row under its area's heading with its status in words; Enter lists a
# question's evidence and Enter there opens the incident a row names (or
# says there is nothing to open); the SRO walks the evaluation with e,
# comments on two questions and stops with Esc, goes on with e and signs
# it off with a summary, and the header says when the next is due; v lists
# it with its comments; x writes the report as JSON; someone who is not the
# SRO is refused in the core's words, and the words need no colour.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/tests/tui/lib.sh"

setup
demo_copy compliance

# The questions as the registry lists them, "id|area" a line; each row
# shows the part of the id after its area.
QUESTIONS=$TT_DIR/questions
sed -n 's/^[[:space:]]*{ "\([a-z-]*\.[a-z-]*\)", "\([^"]*\)".*/\1|\2/p' \
    "${top_srcdir:-$(dirname "$0")/../..}/core/compliance.c" >"$QUESTIONS"
N=$(wc -l <"$QUESTIONS" | tr -d ' ')
check "the registry lists the questions ($N)" test "$N" -gt 10

# The status words a row may start with.
WORDS='(met|at risk|not met|not enough data)'

# tt_question_selected LABEL: the highlighted row is question LABEL, with
# a status word before it.
tt_question_selected() {
	tt_selected | grep -qE "^  $WORDS +$1( |\$)"
}

# A JSON file that parses.
is_json() {
	if command -v jq >/dev/null 2>&1; then
		jq -e . "$1" >/dev/null
	else
		python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1"
	fi
}

start sro 80 24 -- --db "$DB" --as olivia
expect_row 0 "herald › Home"
keys K
expect_row 0 "herald › Compliance" "K opens the compliance dashboard from home"
tt_due_said() {
	tt_row 1 | grep -qE "never evaluated|next due [0-9]{4}-|overdue since [0-9]{4}-"
}
check "[sro] the header says when the next evaluation is due" tt_wait tt_due_said
expect_row 2 "$N questions: " "the counts of each status"
expect_row 3 "Lifecycle visibility" "the first area's heading"

# Every question, in order, has its row with a status word: j walks
# them all, the list scrolling as it goes.
i=0
while IFS='|' read -r id area; do
	i=$((i + 1))
	label=${id#*.}
	if tt_wait tt_question_selected "$label"; then
		ok "[sro] question $i ($id) has its row with a status word"
	else
		not_ok "[sro] question $i ($id) has its row with a status word"
		tt_selected | note_stdin
		tt_dump
	fi
	tt_has "$area" || not_ok "[sro] the heading $area shows above $id"
	[ "$i" -lt "$N" ] && keys j
done <"$QUESTIONS"
expect "Ownership" "the list scrolled to the last area"
check "[sro] the first area scrolled away" tt_lacks "Lifecycle visibility"
keys g
check "[sro] g goes back to the first question" tt_wait tt_question_selected published
expect_row 3 "Lifecycle visibility" "with its heading"
keys G
check "[sro] G goes to the last question" tt_wait tt_question_selected owners

# / finds a question by its id; Enter lists its evidence.
keys /
type_text notify.sla
keys Enter
check "[sro] / finds notify.sla" tt_wait tt_question_selected sla
expect "Was every critical and high incident communicated" \
    "the footer shows the question in full"
keys Enter
expect_row 0 "herald › Evidence" "Enter lists the question's evidence"
expect_row 1 "Customer notification › notify.sla: " "under its area, with its status"
expect "Status          Ref               Time       Detail" "the evidence's columns"
move_to "SEC-20" "an incident's row"
REF=$(tt_selected | grep -o 'SEC-[0-9]*-[0-9]*' | head -1)
expect "Enter opens the incident" "the footer says what Enter opens"
keys Enter
expect_row 0 "herald › Incident " "Enter on an incident's row opens the incident"
expect "$REF" "the incident the row names"
keys q
expect_row 0 "herald › Evidence" "q comes back to the evidence"
keys q
expect_row 0 "herald › Compliance" "and q again to the dashboard"

# A row that names nothing the console shows says so.
keys /
type_text ownership.owners
keys Enter
check "[sro] / finds ownership.owners" tt_wait tt_question_selected owners
keys Enter
expect_row 0 "herald › Evidence"
move_to "disclosure-policy" "a policy's row"
keys Enter
expect_row 23 "nothing to open for disclosure-policy (a policy)" \
    "Enter on a policy says there is nothing to open"
keys q
expect_row 0 "herald › Compliance"

# e: the SRO starts an evaluation, comments on two questions, stops.
keys g e
expect_row 23 "No evaluation is open. Start one now? (y/n)" "e asks first"
type_text y
keys Enter
expect_row 23 "Comment 1/$N (Enter keeps it, - removes it):" \
    "the walk asks for a comment on the first question"
expect_row 2 "Evaluation #" "the header says which evaluation"
ID=$(tt_row 2 | sed -n 's/.*Evaluation #\([0-9]*\).*/\1/p')
expect "question 1 of $N"
expect "Comment: (none)" "the footer shows its comment, none yet"
check "[sro] the first question is selected" tt_wait tt_question_selected published
type_text "Lifecycle page checked by hand"
keys Enter
expect_row 23 "Comment 2/$N" "then the second"
check "[sro] the second question is selected" tt_wait tt_question_selected notice
type_text "Two cycles lack notice"
keys Enter
expect_row 23 "Comment 3/$N" "then the third"
keys Escape
expect_row 23 "evaluation #$ID stopped at question 3 of $N; e goes on" \
    "Esc stops the walk"
expect_row 2 "Evaluation #$ID open, 2 of $N commented (e goes on); " \
    "the dashboard says the evaluation is open, with two comments"

# e goes on from the third question; Enter keeps each (no comment).
keys e
expect_row 23 "Comment 3/$N" "e goes on where the walk stopped"
i=3
while [ "$i" -le "$N" ]; do
	if ! tt_wait tt_row_has 23 "Comment $i/$N"; then
		not_ok "[sro] the walk asks about question $i"
		tt_dump
		break
	fi
	keys Enter
	i=$((i + 1))
done
expect_row 23 "Summary of the evaluation (Enter for none):" \
    "after the last question, a summary"
type_text "Quarterly review: notice and drills to follow up"
keys Enter
expect_row 23 "Sign the evaluation off? (y/n)" "then whether to sign it"
type_text y
keys Enter
expect_row 23 "evaluation #$ID signed; audit head " "it is signed, with the audit head"
expect_row 1 "Last signed by olivia 2026-03-01 12:00; next due 2026-06-01" \
    "the header names the signature and when the next is due"

# v: the evaluation kept, newest first; Enter shows its comments.
keys v
expect_row 0 "herald › Evaluations" "v lists the evaluations"
expect_selected "#$ID" "the new one first"
expect_selected "olivia      2026-03-01 12:00" "signed by olivia, when"
expect "2 comments; summary: Quarterly review" "the footer counts its comments and shows its summary"
keys Enter
expect_row 0 "herald › Evaluation" "Enter shows the evaluation"
expect "Signed by olivia 2026-03-01 12:00; next due 2026-06-01"
expect "Audit chain head (row " "with the audit chain's head"
expect "Comment: Lifecycle page checked by hand" "the comments, by question"
expect "Comment: Two cycles lack notice"
keys q
expect_row 0 "herald › Evaluations"
keys q
expect_row 0 "herald › Compliance"

# x: the report as JSON, to a file under the test's directory.
keys x
expect "Write the compliance report as" "x asks for the format"
keys j j Enter
expect_row 23 "Write it to (Enter: ./compliance-report-2026-03-01.json):" \
    "then the path, offering a dated default"
type_text "$TT_DIR/report.json"
keys Enter
expect_row 23 "compliance report (json) written to " "it says where it went"
check "[sro] the report file exists" test -s "$TT_DIR/report.json"
check "[sro] the report is JSON" is_json "$TT_DIR/report.json"

# A resize keeps the list, its header and the selected question (the
# walk left it on the last).
resize 100 30
expect_row 1 "next due 2026-06-01" "the header after a resize"
check "[sro] the selection after a resize" tt_wait tt_question_selected owners
resize 80 24
check "[sro] and back" tt_wait tt_question_selected owners
keys Q
expect_exit

# Someone who is not the SRO reads the same dashboard, and e is refused
# in the core's words; without colour, the words say it all.
start author 80 24 NO_COLOR=1 -- --db "$DB" --as alice
keys K
expect_row 0 "herald › Compliance"
expect_row 1 "Last signed by olivia 2026-03-01 12:00; next due 2026-06-01"
check "[author] the first question has its status in words" \
    tt_wait tt_question_selected published
keys e
expect_row 23 "only the SRO starts an evaluation" \
    "e is refused to alice in the core's words"
check "[author] nothing was asked first" tt_lacks "Start one now?"
keys v
expect_row 0 "herald › Evaluations" "v opens the evaluations"
expect "for the SRO and admins" "whose reading the core keeps to the SRO and admins"
keys q
expect_row 0 "herald › Compliance"
keys Q
expect_exit

finish
