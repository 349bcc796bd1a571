#!/bin/sh
# tests/cli/trust.sh - herald trust: the trust page's entries added,
# edited, moved and removed by admins and the SRO (audited), bad input
# refused with the field named, and herald export trust: the Markdown,
# HTML and JSON files, well-formed, holding the entries, a certification
# past its date listed as no longer held, the security contact falling
# back to security.contact, and nothing written again when nothing
# changed.
. "$top_srcdir/tests/lib.sh"

have python3 || skip_all "python3 is not installed"
have xmllint || skip_all "xmllint is not installed"

test_db
export_settings
add_users "lena author" "sam sro"
out="$TEST_DIR/out"

# id_of: the id "Added trust:N to ..." printed.
id_of()
{
	sed -n 's/^Added trust:\([0-9]*\) .*/\1/p' "$OUT"
}

# --- nothing yet ---------------------------------------------------------

h trust list
expect_exit 0
expect_out 'no entries'
h trust list --json
expect_json
expect_json_is 'len(d)' 0

# --- adding, and who may --------------------------------------------------

printf 'Certificate IS 123456.\n\n- development\n- operations\n' \
    >"$TEST_DIR/iso.txt"
h trust add certification --title "ISO/IEC 27001:2022" \
    --extra "BSI; every product" --valid-until 2027-06-30 \
    --body-file "$TEST_DIR/iso.txt"
expect_exit 0
expect_out '^Added trust:[0-9]+ to certification$'
iso=$(id_of)
h trust add certification --title "PCI DSS 4.0" --extra "QSA Ltd" \
    --valid-until 2026-01-31
expect_exit 0
pci=$(id_of)
h trust add control --title "Encryption" --body "AES-256 at rest."
expect_exit 0
enc=$(id_of)
h trust add control --title "MFA everywhere"
expect_exit 0
mfa=$(id_of)
printf 'Backups are taken daily.\nKept 35 days.\n\n' >"$TEST_DIR/body.txt"
h trust add control --title "Backups" --body-file "$TEST_DIR/body.txt"
expect_exit 0
bak=$(id_of)
printf 'Customer data stays in the EU.\n' |
    herald --db "$db" --as ada trust add data-handling \
    --title "Data residency" --body-file - >"$OUT" 2>"$ERR"
rc=$?
expect_exit 0 "a body from standard input"
as sam trust add subprocessor --title "Cloud <Host> & Co" \
    --extra "Frankfurt, DE; hosting"
expect_exit 0 "the SRO adds an entry"
sub=$(id_of)
h trust add report-request --title "SOC 2 Type II report" \
    --body "Ask your account manager."
expect_exit 0

as lena trust add control --title "Pen tests"
expect_exit 6 "an author may not add"
expect_err 'lena needs the admin or sro role'
as lena trust list
expect_exit 0 "anyone reads the entries"
expect_out 'Encryption'

h trust show "$bak" --json
expect_json
check "a body file is kept without the line breaks that end it" \
    [ "$(json_get 'd["body"] == "Backups are taken daily.\nKept 35 days."')" = true ]
expect_json_is 'd["section"]' control
expect_json_is 'd["heading"]' 'Key controls'
h trust show "trust:$iso"
expect_exit 0
expect_out '^Valid until: 2027-06-30$'
expect_out 'Certificate IS 123456\.'

# --- bad input, with the field named ---------------------------------------

h trust add soc2 --title "SOC 2"
expect_exit 3 "an unknown section"
expect_err 'section: "soc2" is not one of certification'
h trust add control
expect_exit 3 "no title"
expect_err 'title: required'
h trust add control --title "$(python3 -c 'print("t" * 201)')"
expect_exit 3 "a title of 201 characters"
expect_err 'title: at most 200 characters'
h trust add control --title "$(printf 'two\nlines')"
expect_exit 3 "a title of two lines"
expect_err '^herald: title:' "a title of two lines: the message names the title"
h trust add control --title MFA --valid-until 2027-01-01
expect_exit 3 "a date on a control"
expect_err 'valid-until: only a certification'
h trust add certification --title SOC --valid-until 2026-02-30
expect_exit 3 "a date that does not exist"
expect_err 'valid-until: "2026-02-30" is not a date written YYYY-MM-DD'
h trust add certification --title SOC --valid-until 30/06/2027
expect_exit 3 "a date written otherwise"
expect_err 'valid-until:'
h trust add subprocessor --title Mail --extra "$(python3 -c 'print("e" * 501)')"
expect_exit 3 "an extra of 501 characters"
expect_err 'extra: at most 500 characters'
printf 'one\ntwo\033[31m red\n' >"$TEST_DIR/ctl.txt"
h trust add control --title Logging --body-file "$TEST_DIR/ctl.txt"
expect_exit 3 "a control character in the body"
expect_err 'body: line 2: no control characters'
python3 -c 'import sys; sys.stdout.write("b" * 20001)' >"$TEST_DIR/big.txt"
h trust add control --title Logging --body-file "$TEST_DIR/big.txt"
expect_exit 3 "a body of 20001 characters"
expect_err 'body: at most 20000 characters'
h trust add control --title Logging --body x --body-file "$TEST_DIR/body.txt"
expect_exit 2 "--body and --body-file together"
h trust add control --title Logging --body-file "$TEST_DIR/missing.txt"
expect_exit 10 "a body file that is not there"
expect_err 'body-file: .*missing.txt'
h trust edit 999 --title X
expect_exit 4 "editing an entry that is not there"
expect_err 'no trust entry with id 999'
h trust edit nine --title X
expect_exit 3 "an id that is not a number"
expect_err 'ID: "nine"'
h trust move "$enc" sideways
expect_exit 2 "a move neither up nor down"
check "nothing refused was stored" [ "$(sql_row "SELECT count(*) FROM trust_entries")" = 8 ]

# --- editing -----------------------------------------------------------------

h trust edit "$mfa" --title "MFA for every login"
expect_exit 0
expect_out "^Updated trust:$mfa$"
h trust show "$mfa" --json
expect_json_is 'd["title"]' 'MFA for every login'
check "the edit is audited with the fields changed" \
    [ "$(sql_row "SELECT detail FROM audit WHERE action = 'trust.update' ORDER BY seq DESC")" = \
    '{"fields":["title"],"section":"control","title":"MFA for every login"}' ]
h trust edit "$iso" --valid-until -
expect_exit 0 "--valid-until - clears the date"
h trust show "$iso" --json
expect_json_is 'd["valid_until"]' null
h trust edit "$iso" --valid-until 2027-06-30
expect_exit 0
h trust edit "$enc" --valid-until 2027-06-30
expect_exit 3 "a date on a control, on an edit"
expect_err 'valid-until: only a certification'
as lena trust edit "$enc" --title "Encryption"
expect_exit 6 "an author may not edit"

# --- moving --------------------------------------------------------------------

# order SECTION: the ids of SECTION in the page's order.
order()
{
	h trust list --json
	json_get "\" \".join(str(e[\"id\"]) for e in d if e[\"section\"] == \"$1\")"
}
check "controls in the order added" [ "$(order control)" = "$enc $mfa $bak" ]
h trust move "$bak" up
expect_exit 0
expect_out "^Moved trust:$bak up$"
check "Backups moved up" [ "$(order control)" = "$enc $bak $mfa" ]
h trust move "trust:$enc" down
expect_exit 0
check "Encryption moved down" [ "$(order control)" = "$bak $enc $mfa" ]
h trust move "$bak" up
expect_exit 3 "the first cannot move up"
expect_err 'is first in control already'
h trust move "$mfa" down
expect_exit 3 "the last cannot move down"
check "other sections kept their order" \
    [ "$(order certification)" = "$iso $pci" ]
as lena trust move "$mfa" up
expect_exit 6 "an author may not move"
h trust list
expect_exit 0
py_order=$(awk '/^Key controls/ { on = 1; next } /^$/ { on = 0 } on { print $1 }' "$OUT" | tr '\n' ' ')
check "the text list groups by section, in order" [ "$py_order" = "$bak $enc $mfa " ]
expect_out '^Certifications \(certification\)$'
expect_out '^Sub-processors \(subprocessor\)$'

# --- the export -------------------------------------------------------------

h export trust --out "$out" --json
expect_exit 0
expect_json_is 'd["written"] >= 3' true
for f in site/trust/index.html site/trust/trust.json docs/trust.md; do
	check "export trust writes $f" [ -s "$out/$f" ]
done
xmllint --html --noout "$out/site/trust/index.html" >"$TEST_DIR/xl" 2>&1
check "the HTML parses with xmllint --html, without a complaint" \
    [ $? = 0 -a ! -s "$TEST_DIR/xl" ]
run python3 - "$out/site/trust/trust.json" "$iso" "$pci" "$sub" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
iso, pci, sub = (int(x) for x in sys.argv[2:5])
secs = {s["id"]: s for s in d["sections"]}
assert [s["id"] for s in d["sections"]] == ["certification", "control",
    "data-handling", "subprocessor", "report-request", "contact"], secs
assert d["publisher"] == "Example Software", d
assert d["page"] == "https://example.org/trust/index.html", d
certs = {e["id"]: e for e in secs["certification"]["entries"]}
assert certs[iso]["status"] == "held" and certs[iso]["valid_until"] == \
    "2027-06-30", certs
assert certs[pci]["status"] == "expired", certs
assert [e["title"] for e in secs["control"]["entries"]] == ["Backups",
    "Encryption", "MFA for every login"], secs["control"]
s = secs["subprocessor"]["entries"][0]
assert s["id"] == sub and s["title"] == "Cloud <Host> & Co" and \
    s["details"] == "Frankfurt, DE; hosting", s
# No contact entry: security.contact stands in.
c = secs["contact"]["entries"]
assert c == [{"id": None, "title": "E-mail", "details":
    "security@example.org", "body": "", "url":
    "mailto:security@example.org"}], c
EOF
expect_exit 0 "the JSON holds the entries in order, the expired one marked"
html="$out/site/trust/index.html"
check "the page is titled" grep -q '<h1>Security and trust</h1>' "$html"
check "a held certification is shown as held" \
    grep -q '<h3>ISO/IEC 27001:2022</h3>' "$html"
check "an expired certification is not shown as held" \
    sh -c "! grep -q '<h3>PCI DSS' '$html'"
check "it is listed as no longer held, with its date" \
    grep -q 'PCI DSS 4.0 (QSA Ltd): expired on 2026-01-31' "$html"
check "markup in a title is text" grep -q 'Cloud &lt;Host&gt; &amp; Co' "$html"
check "the body's list is a list" grep -q '<li>operations</li>' "$html"
check "the security contact falls back to security.contact" \
    grep -q 'href="mailto:security@example.org"' "$html"
check "the Markdown has the sections" grep -q '^## Sub-processors$' \
    "$out/docs/trust.md"
check "mkdocs.yml lists the page" grep -q 'trust.md' "$out/mkdocs.yml"
check "the export is recorded as the trust page's publication" \
    [ "$(sql_row "SELECT count(*) FROM publications WHERE kind = 'trust'")" = 1 ]

# Nothing changed: nothing is written again.
before=$(ls -l --time-style=+%s.%N "$html")
h export trust --out "$out" --json
expect_exit 0
expect_json_is 'd["written"]' 0
check "an unchanged page is not rewritten" \
    [ "$(ls -l --time-style=+%s.%N "$html")" = "$before" ]

# A contact entry replaces the fallback; an edit is exported.
h trust add contact --title "Security team" --body "security@example.org, answered within a working day."
expect_exit 0
h export trust --out "$out" --json
expect_exit 0
expect_json_is 'd["written"] >= 3' true
run python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
c = [s for s in d["sections"] if s["id"] == "contact"][0]["entries"]
assert [e["title"] for e in c] == ["Security team"], c' \
    "$out/site/trust/trust.json"
expect_exit 0 "a contact entry stands instead of the setting"

# The certification expires later: once past its date, it is no longer
# held (the page is made at the time of the export).
HERALD_NOW=2027-07-01T00:00:00Z
h export trust --out "$out"
expect_exit 0
HERALD_NOW=2026-03-01T12:00:00Z
check "past its valid_until the certificate is no longer held" \
    grep -q 'ISO/IEC 27001:2022 (BSI; every product): expired on 2027-06-30' \
    "$html"

# --- removing ------------------------------------------------------------------

as lena trust remove "$sub"
expect_exit 6 "an author may not remove"
h trust remove "$sub"
expect_exit 0
expect_out "^Removed trust:$sub$"
h trust show "$sub"
expect_exit 4 "a removed entry is gone"
h trust remove "$sub"
expect_exit 4 "removing it again"

# Every change is in the audit chain, by its subject.
check "each add, edit, move and removal is audited" [ "$(sql_row \
    "SELECT count(*) FROM audit WHERE action LIKE 'trust.%'")" = \
    "$(( 9 + 3 + 2 + 1 ))" ]
check "the SRO's add is audited as the SRO's" [ "$(sql_row \
    "SELECT count(*) FROM audit a JOIN users u ON a.actor = 'user:' || u.id
     WHERE u.login = 'sam' AND a.action = 'trust.add'")" = 1 ]
h audit verify
expect_exit 0

finish
