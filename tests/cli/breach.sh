#!/bin/sh
# tests/cli/breach.sh - herald breach: the register of personal-data
# breaches (GDPR art. 33(5)). Refusals first, each naming the field
# (facts, effects and remedial action required, awareness not in the
# future nor before the breach, the vocabularies, a reason when the
# regulator was not told), the roles that may keep it, a drill refused;
# then recording, from-incident on the demo's data-breach incident,
# edits with a conflict, list and show, and the three exports: JSON that
# parses, CSV that python's csv reads with hostile cells neutralised, and
# Markdown. The audit log names fields, never the texts.
. "$top_srcdir/tests/lib.sh"

have python3 || skip_all "python3 is not installed"

db="$TEST_DIR/demo.db"
demo_db "$db"
h() { as ines "$@"; }

# A breach with everything required; extra options follow.
add() {
	_who=$1
	shift
	as "$_who" breach add --title "Lost laptop" --aware-at 2026-02-20T10:00:00Z \
	    --facts "A laptop with a staff list was left in a taxi." \
	    --effects "Names and phone numbers may be seen." \
	    --remedial "Remote wipe; staff told." "$@"
}

# --- refusals ----------------------------------------------------------------

as ines breach list
expect_exit 0 "the demo's register lists"
expect_out '^1 +2025-12-30 06:00 +unlikely +not-required +SEC-2025-004 ' \
    "with the breach the regulator need not hear of"

as alice breach add --title "Lost laptop" --aware-at 2026-02-20T10:00:00Z \
    --facts "f" --remedial "r"
expect_exit 3 "without effects: exit 3"
expect_err '^herald: effects: required \(GDPR art\. 33\(5\)' \
    "the refusal names effects and the article"
as alice breach add --title "Lost laptop" --aware-at 2026-02-20T10:00:00Z \
    --effects "e" --remedial "r"
expect_exit 3
expect_err 'facts: required'
as alice breach add --title "Lost laptop" --aware-at 2026-02-20T10:00:00Z \
    --facts "f" --effects "e" --remedial "   "
expect_exit 3 "a blank remedial action is refused"
expect_err 'remedial_action: required'
as alice breach add --aware-at 2026-02-20T10:00:00Z --facts f --effects e \
    --remedial r
expect_exit 3
expect_err 'title: required'
as alice breach add --title T --facts f --effects e --remedial r
expect_exit 3
expect_err 'aware_at: required'
add alice --aware-at 2026-03-02T00:00:00Z
expect_exit 3 "awareness in the future is refused"
expect_err 'aware_at: 2026-03-02T00:00:00Z is in the future'
add alice --aware-at yesterday
expect_exit 3 "a time that is no time is refused"
expect_err 'aware_at'
add alice --occurred-at 2026-02-21T00:00:00Z
expect_exit 3 "awareness before the breach occurred is refused"
expect_err 'aware_at: .* is before occurred_at'
add alice --discovered-at 2026-02-20T10:00:01Z
expect_exit 3 "awareness before its discovery is refused"
expect_err 'before discovered_at'
add alice --risk huge
expect_exit 3
expect_err 'risk: one of unassessed, unlikely, risk, high-risk, not "huge"'
add alice --regulator maybe
expect_exit 3
expect_err 'regulator_notified: one of yes, no, not-required'
add alice --regulator no
expect_exit 3 "no without a reason is refused"
expect_err 'reason_not_notified: required when regulator_notified is "no"'
add alice --regulator not-required
expect_exit 3 "not-required without a reason is refused"
expect_err 'reason_not_notified: required'
add alice --title "$(printf 'two\nlines')"
expect_exit 3 "a title of two lines is refused"
expect_err '^herald: title:' "the refusal names the title"
add lena
expect_exit 6 "an approver may not keep the register"
expect_err 'lena needs the author, sro or admin role'
add alice --incident SEC-2099-001
expect_exit 4 "an unknown incident is not found"
expect_err 'incident: no incident SEC-2099-001'
add alice --incident SEC-2025-002
expect_exit 3 "the demo's drill is refused"
expect_err 'SEC-2025-002 is a drill'
as alice breach add --title T extra
expect_exit 2 "operands are a usage error"
as alice breach from-incident SEC-2026-001
expect_exit 3 "from-incident wants a data breach"
expect_err 'SEC-2026-001 is a vulnerability incident, not a data breach'
as ines breach list --json
expect_json_is 'len(d)' 2

# --- recording -----------------------------------------------------------------

add alice --occurred-at 2026-02-19T22:00:00+01:00 --categories "contact" \
    --people "about 40" --records "40" --risk unlikely --regulator \
    not-required --reason "Unlikely to result in a risk: the disk is encrypted."
expect_exit 0 "an author records a breach"
expect_out '^Recorded breach 3$'
as olivia breach add --title "=HYPERLINK(\"http://evil.example\")" \
    --aware-at 2026-02-25 --facts "+1 cell, with \"quotes\"" \
    --effects "-e" --remedial "@SUM(A1)" --regulator yes
expect_exit 0 "the SRO records one, with cells a spreadsheet would run"
as alice breach from-incident SEC-2026-008
expect_exit 0 "from-incident records the demo's data breach"
expect_out '^Recorded breach 5 from SEC-2026-008$'
as ines breach show 5 --json
expect_json
expect_json_is 'd["incident"]' SEC-2026-008
expect_json_is 'd["title"]' \
    "Customer contact records exposed through a misconfigured storage bucket"
expect_json_is 'd["aware_at"]' 2026-02-28T06:00:00Z
expect_json_is 'd["effects"]' "Targeted phishing of customer staff."
expect_json_is 'd["remedial_action"]' \
    "Bucket made private; access logs reviewed; no download by unknown parties found so far."
expect_json_is 'd["people_count"]' "About 1,200"
expect_json_is 'd["data_categories"]' contact
expect_json_is 'd["regulator_notified"]' null
as ines breach show 3 --json
expect_json_is 'd["occurred_at"]' 2026-02-19T21:00:00Z
expect_json_is 'd["reason_not_notified"]' \
    "Unlikely to result in a risk: the disk is encrypted."

# --- edits ---------------------------------------------------------------------

as alice breach edit 5 --risk high-risk --regulator yes --version 1
expect_exit 0 "an edit at the version read"
expect_out '^Changed breach 5$'
as alice breach edit 5 --risk risk --version 1
expect_exit 5 "an edit at an old version is a conflict"
expect_err 'breach 5 was changed .* \(version 2; you read version 1\)'
as alice breach edit 5
expect_exit 3 "an edit without a field"
expect_err 'nothing to change'
as alice breach edit 5 --effects ""
expect_exit 3 "effects may not be emptied"
expect_err 'effects: required'
as alice breach edit 5 --incident -
expect_exit 0 "- unlinks the incident"
as ines breach show 5 --json
expect_json_is 'd["incident"]' null
expect_json_is 'd["risk"]' high-risk
expect_json_is 'd["version"]' 3
as alice breach edit 5 --incident SEC-2026-008
expect_exit 0 "and it is linked again"
as lena breach edit 5 --risk risk
expect_exit 6 "an approver may not change it"
as alice breach edit 99 --risk risk
expect_exit 4 "an unknown breach is not found"
expect_err 'no breach 99'
as alice breach edit x1 --risk risk
expect_exit 3
expect_err 'is not a breach'"'"'s id'

# --- reading -------------------------------------------------------------------

as priya breach list
expect_exit 0 "any user reads the register"
expect_out '^5 +2026-02-28 06:00 +high-risk +yes +SEC-2026-008 '
as ines breach list --json
expect_json
expect_json_is '[b["id"] for b in d]' '[5, 2, 4, 3, 1]'
as ines breach show breach:3
expect_exit 0
expect_out '^Breach 3: Lost laptop$'
expect_out '^Regulator told: not-required$'
expect_out '^  Unlikely to result in a risk: the disk is encrypted\.$'

# --- exports -------------------------------------------------------------------

as ines breach export --format json
expect_exit 0
expect_json "the JSON export parses"
expect_json_is 'd["count"]' 5
expect_json_is 'sorted(d["breaches"][0].keys())' \
    '["aware_at", "created_at", "data_categories", "discovered_at", "effects", "facts", "id", "incident", "occurred_at", "people_count", "reason_not_notified", "recorded_by", "records_count", "regulator_notified", "remedial_action", "risk", "title", "updated_at", "version"]'
expect_json_is 'd["breaches"][3]["recorded_by"]' alice

as ines breach export --format csv --out "$TEST_DIR/reg.csv"
expect_exit 0 "the CSV export writes its file"
check "the CSV parses, hostile cells made text, every field kept" \
    python3 -c '
import csv, sys
raw = open(sys.argv[1], newline="").read()
assert raw.endswith("\r\n"), "RFC 4180 lines end in CRLF"
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 5, rows
r = {x["id"]: x for x in rows}["4"]
assert r["title"] == "\x27=HYPERLINK(\"http://evil.example\")", r["title"]
assert r["facts"] == "\x27+1 cell, with \"quotes\"", r["facts"]
assert r["effects"] == "\x27-e" and r["remedial_action"] == "\x27@SUM(A1)"
assert r["recorded_by"] == "olivia"
assert {x["id"]: x for x in rows}["3"]["people_count"] == "about 40"
' "$TEST_DIR/reg.csv"

as ines breach export --format md
expect_exit 0
expect_out '^# Register of personal-data breaches$'
expect_out '^## Breach 5: Customer contact records'
expect_out '^\*\*Remedial action\*\* \(remedial_action\)$'
as ines breach export --format pdf
expect_exit 3 "an unknown format is refused"
expect_err 'format: md, csv or json'
as ines breach export
expect_exit 2 "export needs --format"

# --- the audit chain -------------------------------------------------------------

as ines audit log --limit 0
expect_out 'breach\.record +breach:3 ' "recording is audited"
expect_out 'breach\.update +breach:5 .*"fields":\["risk","regulator_notified"\]' \
    "an edit names the fields it changed"
expect_no_out 'taxi|staff list|Targeted phishing|encrypted' \
    "the audit log holds none of the texts"
as ines audit verify
expect_exit 0 "the chain verifies"

finish
