#!/bin/sh
# tests/cli/compliance_docs.sh - the compliance questions about documents,
# researchers and owners, from outside: `herald compliance show ID
# --json` on databases made through the command line, each question
# seen not met (or without data), then at risk where it can be, then
# met, with its evidence. Communications are started and answered with
# herald; only their publication is written behind its back (the
# approval workflow has tests of its own).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

test_db
export_settings
add_users "bob author" "olivia sro"
out="$TEST_DIR/out"

# q ID: the question ID as JSON, checked to be JSON with that id.
q()
{
	h compliance show "$1" --json
	expect_exit 0 "compliance show $1"
	expect_json_is 'd["id"]' "$1"
}

# status ID WANT: question ID's status is WANT.
status()
{
	q "$1"
	expect_json_is 'd["status"]' "$2"
}

# ev EXPR WANT: the Python expression EXPR over the evidence list e of
# the last answer prints WANT (a tuple as a JSON list).
ev()
{
	expect_json_is "(lambda v: list(v) if isinstance(v, tuple) else v)((lambda e: ($1))(d['evidence']))" "$2"
}

# published ID [AT]: communication ID published at AT (a day ago).
published()
{
	sql "UPDATE communications SET state = 'published',
	    published_at = '${2:-2026-02-28T12:00:00Z}' WHERE id = $1"
}

# at TIME ARGS...: herald ARGS as ada on $db with the clock at TIME.
at()
{
	_at=$1
	shift
	run env HERALD_NOW="$_at" "$HERALD" --db "$db" --as ada "$@"
}

# --- research.reports ------------------------------------------------------
status research.reports no-data
expect_json_is 'd["figure"]' 'no vulnerability reports received yet'
h report receive --summary "XSS" --received-at 2026-02-01T00:00:00Z
h report acknowledge 1 --at 2026-02-02T00:00:00Z
h report triage 1 --at 2026-02-05T00:00:00Z
status research.reports met
ev 'e[0]["kind"], e[0]["id"], e[0]["status"]' '["report", 1, "met"]'
# A report acknowledged a day late.
h report receive --summary "SSRF" --received-at 2026-02-10T00:00:00Z
h report acknowledge 2 --at 2026-02-14T00:00:00Z
h report triage 2 --at 2026-02-15T00:00:00Z
status research.reports not-met
expect_json_is 'd["figure"]' '1 of 2 reports acknowledged and triaged within the promised times; report 2 acknowledged 24 h late (promised 72 h)'
ev 'e[0]["ref"], e[0]["at"], e[0]["status"]' '["report 2", "2026-02-10T00:00:00Z", "not-met"]'

# --- ownership.owners --------------------------------------------------------
status ownership.owners not-met
ev '[x["detail"] for x in e if x["ref"] == "trust-page"]' '["no owner"]'
for p in disclosure-policy lifecycle-policy breach-procedure trust-page; do
	h owner set policy "$p" olivia
done
for f in "$top_srcdir"/share/playbooks/*.yaml; do
	h owner set playbook "$(basename "$f" .yaml)" olivia
done
status ownership.owners met
ev '[x["detail"] for x in e if x["ref"] == "trust-page"]' '["owned by olivia"]'
ev '{x["kind"] for x in e} <= {"policy", "playbook", "product"}' true

# --- external.trust ----------------------------------------------------------
# The morning's work, hour by hour, judged at noon.
status external.trust not-met
expect_json_is 'd["figure"]' 'the trust page was never exported (herald export trust)'
at 2026-03-01T08:00:00Z trust add certification --title "ISO 27001" \
    --valid-until 2027-01-31
expect_exit 0
at 2026-03-01T08:00:00Z export trust --out "$out"
expect_exit 0
status external.trust met
ev '[x["kind"] for x in e]' '["publication", "trust"]'
ev 'e[0]["ref"], e[0]["status"], e[0]["at"]' '["trust page", "met", "2026-03-01T08:00:00Z"]'
# A certification lapsing within 30 days, on the exported page.
at 2026-03-01T09:00:00Z trust add certification --title "SOC 2" \
    --valid-until 2026-03-15
at 2026-03-01T09:00:00Z export trust --out "$out"
status external.trust at-risk
ev '[x["status"] for x in e if x["ref"] == "SOC 2"]' '["at-risk"]'
# One past its date.
at 2026-03-01T10:00:00Z trust edit 2 --valid-until 2026-02-01
at 2026-03-01T10:00:00Z export trust --out "$out"
expect_exit 0
status external.trust not-met
ev '[x["status"] for x in e if x["ref"] == "SOC 2"]' '["not-met"]'
expect_json_is 'd["figure"]' 'trust page last exported 2026-03-01; SOC 2 expired on 2026-02-01'
# Content changed after the last export.
h trust remove 2
expect_exit 0
status external.trust at-risk
ev 'e[0]["ref"], e[0]["status"]' '["trust page", "at-risk"]'
ev '[x["at"] for x in e if x["ref"] == "trust content"]' '["2026-03-01T12:00:00Z"]'
h export trust --out "$out"
status external.trust met

# --- external.security-txt ---------------------------------------------------
status external.security-txt not-met
expect_json_is 'd["figure"]' 'security.txt never exported; disclosure policy never exported'
# Exported a year ago, with a month to live: expired now.
h settings set security.expires-days 30
at 2025-03-01T00:00:00Z export security-txt --out "$out"
expect_exit 0
status external.security-txt not-met
ev '[x["detail"] for x in e if x["ref"] == "security.txt"][0].split("; ")[-1]' 'expired on 2025-03-31'
# Now, with ten days: at risk.
h settings set security.expires-days 10
h export security-txt --out "$out"
status external.security-txt at-risk
expect_json_is 'd["figure"].split(";")[0]' 'security.txt expires on 2026-03-11 (in 9 days)'
h settings set security.expires-days 365
h export security-txt --out "$out"
status external.security-txt met
ev '[x["ref"] for x in e]' '["disclosure policy", "security.txt"]'

# --- external.procedure ------------------------------------------------------
status external.procedure not-met
h export procedure --out "$out"
expect_exit 0
status external.procedure met
ev 'e[0]["kind"], e[0]["status"], e[0]["detail"].endswith("current")' '["publication", "met", true]'
# A new approver for the breach playbook: the document is out of date.
h user add lena --role approver:legal
status external.procedure at-risk
expect_json_is 'd["figure"]' 'procedure exported 2026-03-01; the playbook or approvers changed since it was exported'
h export procedure --out "$out"
status external.procedure met

# --- external.drill ----------------------------------------------------------
status external.drill not-met
at 2025-02-01T00:00:00Z drill start
expect_exit 0
at 2025-02-01T06:00:00Z drill finish 1 --findings "$(printf 'Legal took 5 h.\nMore below.')"
expect_exit 0
status external.drill not-met
expect_json_is 'd["figure"].split("; ")[-1]' 'lapsed on 2026-02-01'
ev 'e[0]["kind"], e[0]["id"], e[0]["status"]' '["drill", 1, "not-met"]'
ev '"findings: Legal took 5 h." in e[0]["detail"] and "More below" not in e[0]["detail"]' true
at 2025-03-20T00:00:00Z drill start
at 2025-03-20T02:00:00Z drill finish 2 --findings "Faster."
status external.drill at-risk
at 2026-02-20T00:00:00Z drill start
at 2026-02-20T03:00:00Z drill finish 3 --findings "All clocks met."
status external.drill met
expect_json_is 'd["figure"].split("; ")[-1]' 'next due by 2027-02-20'

# --- remediation.* and access.* ---------------------------------------------
for id in remediation.actions remediation.versions access.summary \
    access.readability; do
	status "$id" no-data
done
h incident new --title "RCE in the gateway" --trigger vulnerability \
    --severity critical
ref=$(head -n 1 "$OUT")
h comm new "$ref" --playbook security-advisory --title "RCE"
adv=$(awk 'NR == 1 { print $1 }' "$OUT")
h comm set "$adv" plain-summary "We fixed the bug. Update now. It is safe."
expect_exit 0
published "$adv"
status remediation.actions not-met
ev 'e[0]["kind"], e[0]["id"], e[0]["ref"], e[0]["status"]' "[\"communication\", $adv, \"$ref advisory\", \"not-met\"]"
status access.summary met
status access.readability met
# Drafted again with the steps, and published.
sql "UPDATE communications SET state = 'draft' WHERE id = $adv"
h comm set "$adv" customer-actions "Upgrade to 2.4.1."
expect_exit 0
published "$adv"
status remediation.actions met
expect_json_is 'd["figure"]' '1 of 1 published report gives customers actionable steps'
# A hard summary: half of them fall short.
h comm new "$ref" --playbook security-advisory --title "RCE, update"
upd=$(awk 'NR == 1 { print $1 }' "$OUT")
h comm set "$upd" plain-summary "Administrators must immediately reconfigure authentication infrastructure configurations, notwithstanding organisational interoperability considerations."
h comm set "$upd" customer-actions "Reconfigure."
expect_exit 0
published "$upd"
status access.readability not-met
expect_json_is 'd["figure"]' "1 of 2 summaries (50 %) meet their readability threshold; $ref advisory is harder to read"
ev "[x['status'] for x in e if x['id'] == $upd]" '["not-met"]'
# A drill's communications never count.
h drill start
expect_exit 0
status access.readability not-met
expect_json_is 'len(d["evidence"])' 2
# Post-incident reports: the internal version alone is not enough.
h comm new "$ref" --playbook post-incident-report --title "PIR"
internal=$(awk '$3 == "pir-internal" { print $1 }' "$OUT")
external=$(awk '$3 == "pir-external" { print $1 }' "$OUT")
published "$internal"
status remediation.versions not-met
ev 'e[0]["ref"], e[0]["detail"]' "[\"$ref\", \"external version not published\"]"
h comm set "$external" external-summary "We fixed it. You are safe."
expect_exit 0
h comm set "$external" external-customer-actions "Nothing to do."
expect_exit 0
published "$external"
status remediation.versions met
ev 'e[0]["detail"]' 'internal and external versions published'
status access.summary met
expect_json_is 'd["figure"]' '3 of 3 customer-facing texts have a plain-language summary'

# Need to know: an author not named on an embargoed incident does not see
# its communications counted.
h incident new --title "Embargoed" --trigger vulnerability --severity high \
    --embargo-until 2027-01-01T00:00:00Z
secret=$(head -n 1 "$OUT")
h comm new "$secret" --playbook security-advisory --title "Secret"
sid=$(awk 'NR == 1 { print $1 }' "$OUT")
published "$sid"
status remediation.actions not-met
as bob compliance show remediation.actions --json
expect_exit 0
expect_json_is 'd["status"]' met
expect_json_is "[x['id'] for x in d['evidence'] if x['id'] == $sid]" '[]'

finish
