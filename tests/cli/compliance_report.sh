#!/bin/sh
# tests/cli/compliance_report.sh - herald compliance report on the demo
# database, in all three formats: the JSON valid against
# share/schemas/compliance-report.schema.json, every question in each, the
# audit head the one `herald audit verify` prints, the HTML well-formed,
# hostile text kept as text; --out written whole and kept in the audit
# chain with its hash; the SRO's comments only in the SRO's and admins'
# reports; a bad --format refused.
. "$top_srcdir/tests/lib.sh"

# Debian's python3-jsonschema, whichever python3 comes first in PATH.
JS_PY=/usr/bin/python3
"$JS_PY" -c 'import jsonschema' 2>/dev/null ||
    skip_all "python3-jsonschema is not installed"
have xmllint || skip_all "xmllint is not installed"
schema="$top_srcdir/share/schemas/compliance-report.schema.json"

db="$TEST_DIR/d.db"
demo_db "$db"
h() { as olivia "$@"; }

# valid FILE: FILE is a compliance report the schema accepts.
valid()
{
	"$JS_PY" - "$schema" "$1" <<'EOF' >"$TEST_DIR/schema.log" 2>&1
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(
    json.load(open(sys.argv[2]))))
for e in errors[:5]:
    print("#", list(e.absolute_path), e.message)
sys.exit(1 if errors else 0)
EOF
	_v=$?
	sed 's/^/#   /' "$TEST_DIR/schema.log"
	return $_v
}

# The questions, and the chain's head, as the other commands give them.
h compliance list --json
expect_exit 0
json_get '"\n".join(q["id"] for q in d["questions"])' >"$TEST_DIR/ids"
n=$(wc -l <"$TEST_DIR/ids")
[ "$n" -ge 17 ] && pass "$n questions" || fail "at least 17 questions ($n)"
h audit verify --json
expect_exit 0
head=$(json_get 'd["head"]')
rows=$(json_get 'd["rows"]')

# An evaluation signed, with a comment only the SRO and admins read.
h compliance evaluate start
expect_exit 0
h compliance evaluate comment notify.sla "COMMENT-SECRET-1: two late."
expect_exit 0
h compliance evaluate sign --summary "SUMMARY-SECRET-2"
expect_exit 0
h audit verify --json
head=$(json_get 'd["head"]')
rows=$(json_get 'd["rows"]')

# --- JSON ---------------------------------------------------------------------

h compliance report --format json
expect_exit 0
expect_json
cp "$OUT" "$TEST_DIR/r.json"
check "the JSON report is valid against the schema" valid "$TEST_DIR/r.json"
expect_json_is 'd["audit"]["head"]' "$head"
expect_json_is 'd["audit"]["rows"]' "$rows"
expect_json_is 'd["audit"]["verified"]' true
expect_json_is 'd["generated_at"]' 2026-03-01T12:00:00Z
expect_json_is 'd["publisher"]' 'Brightwater Systems'
[ "$(json_get 'd["database"]')" = "$(realpath "$db")" ] &&
    pass "json: the database's path" || fail "json: the database's path"
expect_json_is 'len(d["questions"])' "$n"
expect_json_is 'd["summary"]["total"]' "$n"
expect_json_is 'sum(d["summary"][k] for k in ("met", "at-risk", "not-met", "no-data"))' "$n"
expect_json_is 'd["evaluation"]["signed_by"]' olivia
expect_json_is 'd["evaluation"]["summary"]' SUMMARY-SECRET-2
expect_json_is '[i["comment"] for i in d["evaluation"]["items"] if i["question"] == "notify.sla"][0]' \
    'COMMENT-SECRET-1: two late.'
expect_json_is 'd["evaluation"]["overdue"]' false
expect_json_is 'd["complete"]' true
while read -r q; do
	[ "$(json_get "[x['id'] for x in d['questions']].count('$q')")" = 1 ] &&
	    pass "json: $q once" || fail "json: $q once"
done <"$TEST_DIR/ids"
# A question in the report is what `compliance show --json` gives.
h compliance show notify.sla --json
cp "$OUT" "$TEST_DIR/show.json"
run python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
s = json.load(open(sys.argv[2]))
q = [x for x in r["questions"] if x["id"] == "notify.sla"][0]
sys.exit(0 if q == s and len(q["evidence"]) > 0 else 1)' \
    "$TEST_DIR/r.json" "$TEST_DIR/show.json"
expect_exit 0 "json: notify.sla as compliance show gives it, with evidence"

# The demo's evidence carries ids, references and times.
saved=$OUT
OUT=$TEST_DIR/r.json
expect_json_is 'any(e["id"] and e["ref"] and e["at"] for q in d["questions"] for e in q["evidence"])' true
expect_json_is 'len({q["status"] for q in d["questions"]}) > 1' true
OUT=$saved

# Someone who is not the SRO or an admin: the record, not the words.
as alice compliance report --format json
expect_exit 0
cp "$OUT" "$TEST_DIR/alice.json"
check "alice's report is valid against the schema" valid "$TEST_DIR/alice.json"
expect_json_is 'd["complete"]' false
expect_json_is 'd["generated_by"]' alice
expect_json_is 'd["evaluation"]["comments_included"]' false
expect_json_is 'd["evaluation"]["summary"]' null
expect_json_is 'd["evaluation"]["signed_by"]' olivia
expect_no_out 'SECRET'

# --- Markdown -----------------------------------------------------------------

h compliance report --format md
expect_exit 0
expect_out '^# Compliance report: security communications$'
expect_out "^- Head: \`$head\`\$"
expect_out '^- Publisher: Brightwater Systems$'
expect_out '^- Made: 2026-03-01T12:00:00Z by olivia'
expect_out 'COMMENT-SECRET-1'
while read -r q; do
	grep -Fq "#### \`$q\`: " "$OUT" && pass "md: $q" || fail "md: $q"
done <"$TEST_DIR/ids"
as alice compliance report --format md
expect_exit 0
expect_no_out 'SECRET'

# --- HTML -----------------------------------------------------------------------

h compliance report --format html
expect_exit 0
cp "$OUT" "$TEST_DIR/r.html"
run xmllint --html --noout "$TEST_DIR/r.html"
expect_exit 0 "html: xmllint --html reads it"
[ -s "$ERR" ] && fail "html: xmllint --html has nothing to say" ||
    pass "html: xmllint --html has nothing to say"
run xmllint --noout "$TEST_DIR/r.html"
expect_exit 0 "html: well-formed as XML too"
saved=$OUT
OUT=$TEST_DIR/r.html
expect_out '^<!DOCTYPE html>$'
expect_out "<code>$head</code>"
expect_no_out '<script|<link |src='
while read -r q; do
	grep -Fq "<h4 id=\"q-$q\">" "$OUT" && pass "html: $q" || fail "html: $q"
done <"$TEST_DIR/ids"
OUT=$saved

# Hostile text in what the report prints stays text.
as ines settings set publisher.name "$(hostile_text)"
expect_exit 0
h compliance report --format html
expect_exit 0
cp "$OUT" "$TEST_DIR/hostile.html"
expect_no_out '<script>'
expect_out '&lt;script&gt;alert\(&quot;x&quot;\)&lt;/script&gt; &amp; \]\]&gt;'
run xmllint --noout "$TEST_DIR/hostile.html"
expect_exit 0 "html with hostile text: well-formed"
h compliance report --format md
expect_no_out '<script>'
expect_out '\\<script\\>'
h compliance report --format json
cp "$OUT" "$TEST_DIR/hostile.json"
check "json with hostile text: valid" valid "$TEST_DIR/hostile.json"
as ines settings set publisher.name "Brightwater Systems"
expect_exit 0

# --- --out: written whole and kept in the chain ---------------------------------

for f in md html json; do
	h audit verify --json
	before=$(json_get 'd["head"]')
	h compliance report --format $f --out "$TEST_DIR/out.$f"
	expect_exit 0
	expect_out "^Wrote the compliance report \\($f\\) to "
	[ -s "$TEST_DIR/out.$f" ] && pass "out.$f written" ||
	    fail "out.$f written"
	grep -q "$before" "$TEST_DIR/out.$f" &&
	    pass "out.$f: the head before it was written" ||
	    fail "out.$f: the head before it was written"
	sum=$(sha256sum "$TEST_DIR/out.$f" | cut -d' ' -f1)
	[ "$(sql_row "SELECT json_extract(detail, '\$.format') || ' ' ||
	    json_extract(detail, '\$.sha256') || ' ' || prev_hash FROM audit
	    WHERE action = 'compliance.report' ORDER BY seq DESC LIMIT 1")" = \
	    "$f $sum $before" ] &&
	    pass "out.$f: compliance.report in the chain with its sha256" ||
	    fail "out.$f: compliance.report in the chain with its sha256"
	[ "$(stat -c %a "$TEST_DIR/out.$f")" = 644 ] &&
	    pass "out.$f: mode 0644" || fail "out.$f: mode 0644"
done
check "out.json is valid against the schema" valid "$TEST_DIR/out.json"
h audit verify
expect_exit 0 "the chain verifies after the reports"

# --- refused --------------------------------------------------------------------

h compliance report --format pdf
expect_exit 2
expect_err '--format pdf: the report is md, html or json'
expect_err '^usage: herald compliance'
h compliance report
expect_exit 2
expect_err 'needs --format md, html or json'
h compliance report --format md extra
expect_exit 2
h compliance report --format md --out ""
expect_exit 2
h compliance report --format md --out "$TEST_DIR"
expect_exit 10
expect_err 'it is a directory'
h compliance report --format md --out "$TEST_DIR/no/such/dir/r.md"
expect_exit 10
[ "$(sql_row "SELECT count(*) FROM audit WHERE action = 'compliance.report'
    AND json_extract(detail, '\$.path') LIKE '%no/such%'")" = 0 ] &&
    pass "a report not written is not in the chain" ||
    fail "a report not written is not in the chain"

finish
