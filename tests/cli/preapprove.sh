#!/bin/sh
# tests/cli/preapprove.sh - herald preapprove: legal and PR approve the
# shipped templates and playbooks in advance; the refusals in the core's
# words (a role other than legal or PR, a role not held, an unknown name
# or version, twice); list as text and JSON; revoke (one's own, or an
# admin); each grant and revocation in the audit chain. Then the fast
# path through the approvals policy: a support briefing that keeps its
# standard words goes straight to approved at submit, its gate shown as
# pre-approved, and is back in review at a change to its free text; a
# breach notice to customers passes its legal and PR gates on
# pre-approval and still waits for the senior responsible owner.
. "$top_srcdir/tests/lib.sh"

: "${HERALD_DATADIR:=$top_srcdir/share}"
export HERALD_DATADIR

test_db
# audit_count ACTION: rows of ACTION in the chain.
audit_count()
{
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM audit WHERE action = ?",
    (sys.argv[2],)).fetchone()[0])' "$db" "$1"
}

h user grant ada author
expect_exit 0
add_users "lena approver:legal" "pete approver:pr" "sam approver:security" \
    "alice author" "olga sro"

# --- refusals, in the core's words -----------------------------------------

as alice preapprove template support-briefing.email.txt
expect_exit 6
expect_err '^herald: alice holds neither approver:legal nor approver:pr: only legal and PR pre-approve$'
as sam preapprove template support-briefing.email.txt --role approver:security
expect_exit 3
expect_err '^herald: role approver:security: only approver:legal and approver:pr pre-approve; the other gates read every word$'
as lena preapprove template support-briefing.email.txt --role pr
expect_exit 6
expect_err '^herald: lena does not hold the approver:pr role$'
as pete preapprove template no-such.txt
expect_exit 4
expect_err '^herald: no template no-such.txt: import it with herald template import$'
as pete preapprove template support-briefing.email.txt --version 9
expect_exit 4
expect_err '^herald: no template support-briefing.email.txt version 9: see herald template list$'
as pete preapprove template support-briefing.email.txt --version nine
expect_exit 3
expect_err 'version nine: template versions are whole numbers from 1'
as pete preapprove playbook support-briefing --version 7
expect_exit 4
expect_err '^herald: no playbook support-briefing version 7 \(its file is at version 1\)$'
as pete preapprove playbook no-such-playbook
expect_exit 4
expect_err '^herald: no playbook no-such-playbook: see herald playbook list$'
as pete preapprove template
expect_exit 2
expect_err 'preapprove template takes one NAME'
as pete preapprove sign
expect_exit 2
[ "$(audit_count preapproval.grant)" = 0 ] &&
    pass "nothing refused reached the audit chain" ||
    fail "nothing refused reached the audit chain"

# --- granting ----------------------------------------------------------------

as pete preapprove template support-briefing.email.txt --comment "Standard briefing"
expect_exit 0
expect_out '^pre-approval 1: template support-briefing.email.txt v1 \(sha256 [0-9a-f]{12}\) as approver:pr$'
as pete preapprove template support-briefing.ticket.txt --version v1
expect_exit 0
expect_out '^pre-approval 2: template support-briefing.ticket.txt v1 '
as pete preapprove playbook support-briefing
expect_exit 0
expect_out '^pre-approval 3: playbook support-briefing 1 \(sha256 [0-9a-f]{12}\) as approver:pr$'
as pete preapprove playbook support-briefing
expect_exit 5
expect_err '^herald: pete pre-approved playbook support-briefing 1 as approver:pr already \(pre-approval 3\)$'
as lena preapprove playbook security-advisory --role legal
expect_exit 0
expect_out '^pre-approval 4: playbook security-advisory 1 .* as approver:legal$'
[ "$(audit_count preapproval.grant)" = 4 ] &&
    pass "four grants in the audit chain" ||
    fail "four grants in the audit chain"

# --- listing -----------------------------------------------------------------

as alice preapprove list
expect_exit 0
expect_out '^ +ID +TEXT +HASH +ROLE +BY +DECIDED +STATE$'
expect_out '^ +1 +template support-briefing.email.txt v1 +[0-9a-f]{12} +approver:pr +pete +2026-03-01 12:00 +in force$'
expect_out '^ +Standard briefing$'
as alice preapprove list --json
expect_exit 0
expect_json
expect_json_is 'len(d)' 4
expect_json_is 'd[0]["id"]' 4
expect_json_is 'd[3]["name"]' support-briefing.email.txt
expect_json_is 'd[3]["version"]' 1
expect_json_is 'd[3]["approver"]' pete
expect_json_is 'd[3]["comment"]' "Standard briefing"
expect_json_is 'd[3]["in_force"]' true
mail_hash=$(json_get 'd[3]["hash"]')
h template list --json
expect_exit 0
expect_json_is '[t["hash"] for t in d if t["name"] == "support-briefing.email.txt"][0]' "$mail_hash"
h playbook show support-briefing --json
expect_exit 0
pb_hash=$(json_get 'd["hash"]')
as alice preapprove list --json
expect_json_is 'd[1]["hash"]' "$pb_hash"

# --- revoking ----------------------------------------------------------------

as pete preapprove revoke 4
expect_exit 6
expect_err "^herald: pre-approval 4 is lena's: only they or an admin may revoke it\$"
as pete preapprove revoke 99
expect_exit 4
expect_err '^herald: no pre-approval 99$'
as pete preapprove revoke four
expect_exit 3
as lena preapprove revoke 4
expect_exit 0
expect_out '^pre-approval 4 revoked$'
as lena preapprove revoke 4
expect_exit 3
expect_err '^herald: pre-approval 4 was revoked already, at 2026-03-01T12:00:00Z$'
as lena preapprove playbook security-advisory
expect_exit 0
expect_out '^pre-approval 5: '
h preapprove revoke 5
expect_exit 0 "an admin revokes anyone's"
as alice preapprove list --json
expect_json_is 'd[0]["in_force"]' false
expect_json_is 'd[1]["revoked_at"]' 2026-03-01T12:00:00Z
[ "$(audit_count preapproval.revoke)" = 2 ] &&
    pass "two revocations in the audit chain" ||
    fail "two revocations in the audit chain"
h audit verify
expect_exit 0 "the chain verifies"

# --- the fast path, through the approvals policy -----------------------------

# A support briefing that keeps its standard words: only the title and
# the review ticks are the author's.
incident_as ada --title "Contact data exposure" --trigger data-breach \
    --severity high
comm_as alice "$ref" --playbook support-briefing
sb=$id
as alice comm set "$sb" title "Briefing: contact data exposure"
expect_exit 0
as alice comm done "$sb" briefing
expect_exit 0
as alice comm set "$sb" review "$(printf 'consistent\nleads')"
expect_exit 0 "the review items ticked"
as alice comm done "$sb" review
expect_exit 0

as alice comm submit "$sb"
expect_exit 0 "the briefing is submitted"
h comm show "$sb" --json
expect_json_is 'd["state"]' approved
h comm gates "$sb" --json
expect_json_is 'd["gates"][0]["id"]' approval
expect_json_is 'd["gates"][0]["state"]' pre-approved
expect_json_is 'd["gates"][0]["note"]' "pre-approved: templates support-briefing.email.txt v1 and support-briefing.ticket.txt v1, and playbook support-briefing 1 (pr)"
h comm gates "$sb"
expect_exit 0
expect_out '^  approval +pre-approved +Approval$'
expect_out '^    pre-approved: templates support-briefing.email.txt v1 and '
[ "$(audit_count approval.preapproved)" -ge 1 ] &&
    pass "the pre-approved pass is in the audit chain" ||
    fail "the pre-approved pass is in the audit chain"

# Its free text changed: back in review, the gate waiting for PR.
as alice comm set "$sb" answers "We cannot say anything yet."
expect_exit 0
h comm gates "$sb" --json
expect_json_is 'd["state"]' in-review
expect_json_is 'd["gates"][0]["state"]' waiting
expect_json_is '"not pre-approved: free text changed: answers" in d["gates"][0]["note"]' true

# Another briefing with the standard words (about another incident, so
# nothing starts from the first one's answers), after its template's fixed
# text was imported again: the pre-approval was of the old words.
incident_as ada --title "Second exposure" --trigger data-breach \
    --severity medium
comm_as alice "$ref" --playbook support-briefing
sb2=$id
as alice comm done "$sb2" briefing
as alice comm set "$sb2" review "$(printf 'consistent\nleads')"
as alice comm done "$sb2" review
expect_exit 0
tdir="$XDG_CONFIG_HOME/herald/templates"
mkdir -p "$tdir"
{
	cat "$top_srcdir/share/templates/support-briefing.ticket.txt"
	echo "Extra fixed words nobody approved."
} >"$tdir/support-briefing.ticket.txt"
h template import
expect_exit 0
as alice comm submit "$sb2"
expect_exit 0
h comm gates "$sb2" --json
expect_json_is 'd["state"]' in-review
expect_json_is 'd["gates"][0]["state"]' waiting
expect_json_is '"not pre-approved: needs pre-approval of template support-briefing.ticket.txt v2 (pr)" in d["gates"][0]["note"]' true
rm -f "$tdir/support-briefing.ticket.txt"

# A breach notice to customers: legal and PR pass on pre-approval of the
# playbook and every template the notice uses; the senior responsible
# owner still decides. The regulator's notification keeps every gate.
for who in lena pete; do
	for t in customer-notice.email.txt customer-notice.md layout.html \
	    partials/page-head.md partials/fields.md partials/blocks.md \
	    partials/page-foot.md; do
		as "$who" preapprove template "$t"
		expect_exit 0 "$who pre-approves $t"
	done
	as "$who" preapprove playbook breach-notification
	expect_exit 0 "$who pre-approves the breach playbook"
done
incident_as ada --title "Support contacts exposed" --trigger data-breach \
    --severity high --aware-at 2026-03-01T08:00:00Z \
    --discovered-at 2026-03-01T07:00:00Z
bref=$ref
comm_as alice "$bref" --playbook breach-notification --variant customers
bn=$id
as alice comm set "$bn" people-categories customer-staff
as alice comm set "$bn" people-count "About 1,200"
as alice comm set "$bn" data-categories contact
as alice comm set "$bn" records-count "About 1,450"
as alice comm set "$bn" contact "Dana Privacy, dpo@example.test"
expect_exit 0
for step in what-happened scope consequences notice; do
	as alice comm done "$bn" "$step"
	expect_exit 0 "breach notice: $step done"
done
as alice comm set "$bn" review "$(printf 'facts\nminimum\ncontact')"
as alice comm done "$bn" review
expect_exit 0
as alice comm submit "$bn"
expect_exit 0
h comm gates "$bn" --json
expect_json_is 'd["state"]' in-review
expect_json_is '[g["id"] for g in d["gates"]]' '["notice-legal-approval", "pr-approval", "sro-approval"]'
expect_json_is '[g["state"] for g in d["gates"]]' '["pre-approved", "pre-approved", "waiting"]'
expect_json_is 'd["gates"][0]["note"].startswith("pre-approved: templates customer-notice.email.txt v1, customer-notice.md v1")' true
expect_json_is 'd["gates"][0]["note"].endswith("and playbook breach-notification 1 (legal)")' true
as olga approve "$bn"
expect_exit 0 "the senior responsible owner approves"
h comm show "$bn" --json
expect_json_is 'd["state"]' approved

# The notification to the regulator: legal reads every word.
comm_as alice "$bref" --playbook breach-notification --variant regulator
rn=$id
h comm gates "$rn" --json
expect_json_is '[(g["id"], g["preapprovable"]) for g in d["gates"]]' '[["legal-approval", false], ["sro-approval", false]]'

finish
