#!/bin/sh
# tests/cli/compliance.sh - herald compliance list, show and evaluate: one
# line per question and when the next evaluation is due; a question with
# its evidence in the JSON shape other tools read; the SRO's evaluation
# from start through comments to signing, and what is refused: an unknown
# question, a comment too long or with control characters, a second open
# evaluation, signing twice, anyone but the SRO.
. "$top_srcdir/tests/lib.sh"

test_db
add_users "sam sro" "pat author"

# --- list -----------------------------------------------------------------

h compliance list --json
n_questions=$(json_get 'len(d["questions"])')
[ "$n_questions" -ge 17 ] && pass "at least 17 questions ($n_questions)" ||
    fail "at least 17 questions ($n_questions)"
h compliance list
expect_exit 0
[ "$(grep -cE '^(met|at risk|not met|not enough data) +[a-z]+\.[a-z-]+ ' "$OUT")" = "$n_questions" ] &&
    pass "list: one line per question, its status first" ||
    fail "list: one line per question, its status first"
for q in lifecycle.published lifecycle.notice notify.subscribe notify.sla \
    notify.regulator remediation.actions remediation.versions \
    access.summary access.readability external.trust \
    external.security-txt external.procedure external.drill ids.messages \
    research.reports contracts.sla ownership.owners; do
	grep -Eq "^[a-z ]+ +$q +[^ ]" "$OUT" && pass "list names $q with a figure" ||
	    fail "list names $q with a figure"
done
expect_out '^No evaluation has been signed yet: one is due now\.$'

h compliance list --json
expect_exit 0
expect_json
expect_json_is 'len(d["questions"])' "$n_questions"
expect_json_is 'sorted(d["questions"][0])' \
    '["area", "evidence_count", "figure", "id", "question", "status"]'
expect_json_is 'all(q["status"] in ("met", "at-risk", "not-met", "no-data") for q in d["questions"])' true
expect_json_is 'd["evaluation"]["next_due"]' null
expect_json_is 'd["evaluation"]["last_signed_at"]' null

# Anyone may read the questions.
as pat compliance list
expect_exit 0

h compliance list extra
expect_exit 2
expect_err 'compliance list takes no arguments'

# --- show -----------------------------------------------------------------

h compliance show ownership.owners
expect_exit 0
expect_out '^ownership\.owners \(Ownership\)$'
expect_out '^Status: '
expect_out '^Figure: '
h compliance show ownership.owners --json
expect_exit 0
expect_json
expect_json_is 'list(d)' '["id", "area", "question", "status", "figure", "evidence"]'
expect_json_is 'd["id"]' ownership.owners
expect_json_is 'd["area"]' Ownership
expect_json_is 'isinstance(d["evidence"], list)' true
# Every shipped playbook wants an owner: evidence rows to read.
expect_json_is 'len(d["evidence"]) > 0' true
expect_json_is 'sorted(d["evidence"][0])' \
    '["at", "detail", "id", "kind", "ref", "status"]'

h compliance show no.such
expect_exit 4
expect_err 'no question "no\.such" \(herald compliance list names them\)'
h compliance show
expect_exit 2
expect_err 'needs one QUESTION'
h compliance show a b
expect_exit 2

# --- evaluate: who may ------------------------------------------------------

h compliance evaluate start
expect_exit 6
expect_err 'only the SRO starts an evaluation: ada does not hold the sro role'
as pat compliance evaluate start
expect_exit 6
[ "$(sql_row 'SELECT count(*) FROM evaluations')" = 0 ] &&
    pass "nothing started by those refused" ||
    fail "nothing started by those refused"
as pat compliance evaluate history
expect_exit 6
expect_err 'for the SRO and admins'
as sam compliance evaluate show
expect_exit 4
expect_err 'no evaluation yet'
as sam compliance evaluate sign
expect_exit 4
expect_err 'no evaluation is open'

# --- evaluate: start, comment, sign ----------------------------------------

as sam compliance evaluate start
expect_exit 0
expect_out '^Started evaluation 1: '
as sam compliance evaluate start
expect_exit 5
expect_err 'evaluation 1 is open already'
[ "$(sql_row 'SELECT count(*) FROM evaluations')" = 1 ] &&
    pass "one open evaluation" || fail "one open evaluation"

as sam compliance evaluate comment notify.sla "Two incidents late.
Owners to review the clock."
expect_exit 0
expect_out '^Commented on notify\.sla in evaluation 1\.$'
as sam compliance evaluate comment ids.messages "All good."
expect_exit 0
as sam compliance evaluate comment no.such "x"
expect_exit 4
expect_err 'no question "no\.such"'
as sam compliance evaluate comment notify.sla "$(python3 -c 'print("a" * 4001)')"
expect_exit 3
expect_err 'comment: at most 4000 characters \(got 4001\)'
as sam compliance evaluate comment notify.sla "$(printf 'bad \033[31m red')"
expect_exit 3
expect_err 'comment: no control characters'
as sam compliance evaluate comment notify.sla
expect_exit 2
expect_err 'needs a QUESTION and its TEXT'
h compliance evaluate comment notify.sla "not the SRO"
expect_exit 6
expect_err 'only the SRO comments'
as sam compliance evaluate comment ids.messages ""
expect_exit 0
expect_out '^Removed the comment on ids\.messages'

# The open evaluation: every question, the comment and the status then.
as sam compliance evaluate show --json
expect_exit 0
expect_json
expect_json_is 'd["state"]' open
expect_json_is 'len(d["items"])' "$n_questions"
expect_json_is '[i["comment"] for i in d["items"] if i["question"] == "notify.sla"][0]' \
    'Two incidents late.
Owners to review the clock.'
expect_json_is '[i["status"] is not None for i in d["items"] if i["question"] == "notify.sla"][0]' true
expect_json_is 'd["comments"]' 1
# Admins read it too.
h compliance evaluate show
expect_exit 0
expect_out '^Evaluation 1, open: started by sam'
expect_out '^    Owners to review the clock\.$'

head=$(run herald --db "$db" audit verify --json; json_get 'd["head"]')
rows=$(run herald --db "$db" audit verify --json; json_get 'd["rows"]')
as sam compliance evaluate sign --summary "First quarter."
expect_exit 0
expect_out '^Signed evaluation 1: [0-9]+ met, [0-9]+ at risk, [0-9]+ not met, [0-9]+ not enough data\.$'
expect_out "^Audit chain when signed: row $rows, head $head\$"
expect_out '^Next evaluation due: 2026-06-01 12:00 UTC$'
as sam compliance evaluate sign
expect_exit 4 "sign twice: nothing open to sign"
expect_err 'no evaluation is open'
as sam compliance evaluate comment notify.sla "too late"
expect_exit 4
# The audit row keeps the statuses, never the words.
[ "$(sql_row "SELECT count(*) FROM audit WHERE action = 'evaluation.sign'
    AND json_extract(detail, '\$.statuses.\"notify.sla\"') IS NOT NULL
    AND json_extract(detail, '\$.audit_head') = '$head'")" = 1 ] &&
    pass "evaluation.sign: statuses and the head in its detail" ||
    fail "evaluation.sign: statuses and the head in its detail"
[ "$(sql_row "SELECT count(*) FROM audit WHERE detail LIKE '%incidents late%'
    OR detail LIKE '%First quarter%'")" = 0 ] &&
    pass "no comment or summary text in the audit chain" ||
    fail "no comment or summary text in the audit chain"

as sam compliance evaluate show --json
expect_exit 0
expect_json_is 'd["state"]' signed
expect_json_is 'd["signed_by"]' sam
expect_json_is 'd["audit_head"]' "$head"
expect_json_is 'd["audit_seq"]' "$rows"
expect_json_is 'd["next_due"]' 2026-06-01T12:00:00Z
expect_json_is 'd["summary"]' 'First quarter.'
expect_json_is 'all(i["status"] for i in d["items"])' true
expect_json_is 'sum(d["counts"].values())' "$n_questions"

# list says when it was and when the next is due, for anyone.
as pat compliance list
expect_exit 0
expect_out '^Last evaluation: 2026-03-01 12:00 UTC by sam\.$'
expect_out '^Next evaluation due: 2026-06-01 12:00 UTC\.$'
as pat compliance list --json
expect_json_is 'd["evaluation"]["next_due"]' 2026-06-01T12:00:00Z
expect_json_is 'd["evaluation"]["overdue"]' false
expect_json_is 'd["evaluation"]["last_signed_by"]' sam
run env HERALD_NOW=2026-07-01T00:00:00Z "$HERALD" --db "$db" --as pat compliance list
expect_exit 0 "list exits 0 with the evaluation overdue"
expect_out '^Next evaluation due: 2026-06-01 12:00 UTC \(overdue\)\.$'

# A second evaluation, with the cadence set to 6 months.
h settings set compliance.evaluation-months 6
expect_exit 0
as sam compliance evaluate start
expect_exit 0
expect_out '^Started evaluation 2: '
as sam compliance list
expect_out '^Evaluation 2 is open \(started 2026-03-01 12:00 UTC by sam\)\.$'
as sam compliance evaluate sign
expect_exit 0
expect_out '^Next evaluation due: 2026-09-01 12:00 UTC$'

as sam compliance evaluate history
expect_exit 0
expect_out '^ +2  signed  '
expect_out '^ +1  signed  '
as sam compliance evaluate history --json
expect_exit 0
expect_json_is '[e["id"] for e in d]' '[2, 1]'
expect_json_is '"items" in d[0]' false
as sam compliance evaluate show 1 --json
expect_exit 0
expect_json_is 'd["id"]' 1
expect_json_is 'd["next_due"]' 2026-06-01T12:00:00Z
as sam compliance evaluate show 9
expect_exit 4
expect_err 'no evaluation 9'
as sam compliance evaluate show x
expect_exit 3
as sam compliance evaluate show 1 2
expect_exit 2

# --- usage ------------------------------------------------------------------

h compliance
expect_exit 2
expect_err 'compliance needs an action'
h compliance evaluate
expect_exit 2
expect_err 'evaluate needs an action'
h compliance evaluate frob
expect_exit 2
h compliance --help
expect_exit 0
expect_out '^usage: herald compliance list'
expect_out '^Exit status: '
h compliance evaluate sign --help
expect_exit 0
expect_out '^usage: herald compliance'

finish
