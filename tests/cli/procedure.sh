#!/bin/sh
# tests/cli/procedure.sh - the breach-notification procedure on the demo
# database: herald export procedure writes internal/policy/breach-
# procedure.md and .html (HTML that xmllint reads without an error),
# naming each gate's roles and the demo users who hold them, the 72 h
# clock with its article, the channels and the drill arrangements; the
# export is recorded as a publication whose source hash is the files'
# stamp; a second export with nothing changed writes nothing; a role
# granted, an owner named or a drill setting changed make a new source
# hash, and the export writes again; herald breach procedure prints the
# same document.
. "$top_srcdir/tests/lib.sh"

have python3 || skip_all "python3 is not installed"

db="$TEST_DIR/demo.db"
demo_db "$db"
h() { as ines "$@"; }
out="$TEST_DIR/out"
md="$out/internal/policy/breach-procedure.md"
html="$out/internal/policy/breach-procedure.html"

# The stamp the manifest gives REL (relative to $out).
stamp() {
	python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["files"][sys.argv[2]]["stamp"])' \
	    "$out/.herald-export.json" "$1"
}

h export procedure --out "$out"
expect_exit 0 "herald export procedure"
expect_out '2 files written' "it writes two files"
check "the Markdown is written" test -s "$md"
check "the HTML page is written" test -s "$html"
if have xmllint; then
	check "the HTML is well-formed (xmllint --html)" sh -c \
	    "xmllint --html --noout '$html' 2>'$TEST_DIR/xmllint.err' &&
	    ! test -s '$TEST_DIR/xmllint.err'"
else
	note "xmllint is not installed: the HTML's form is not checked"
fi

# What it says, from the playbook, the users and the settings.
run cat "$md"
expect_out '^# Breach-notification procedure$'
expect_out 'playbook "Personal data breach notification" \(breach-notification, version 1\)'
expect_out '^## Purpose and scope$'
expect_out '^### Legal approval$' "the legal gate"
expect_out '^- 1 approval from the role approver:legal, held today by:$'
expect_out '^  - Lena Fischer \(lena\)$' "with the demo's legal approver"
expect_out '^  - Priya Raman \(priya\)$' "the PR approver"
expect_out '^  - Olivia Brennan \(olivia\)$' "the SRO"
expect_out '^Pre-approval: ' "a pre-approvable gate says so"
expect_out '^### Notification to the supervisory authority$'
expect_out '^- \*\*Likely consequences\*\* \(required\): ' \
    "a field with its label, marked required, and its help"
expect_out 'only when "Is this later than 72 hours after becoming aware\?" is yes' \
    "a conditional field says when it applies"
expect_out '^- \*\*Who receives it\*\* \(kept internal, never sent\)'
expect_out '^- \*\*Notify the supervisory authority \\\(72 h\\\)\*\*: within 72 h of our becoming aware of the breach' \
    "the 72 h clock, resolved from the GDPR regime"
expect_out 'GDPR art\. 33\\\(1\\\), EU General Data Protection Regulation' \
    "with its article and regime"
expect_out 'within 24 h .*for incidents of severity high or critical' \
    "the vendor table's clock, with its severities"
expect_out '^- customer-mail \(email\)$' "the configured e-mail channel"
expect_out '^- status-webhook \(webhook\)$'
expect_out '^- Text for the authority.s web form \(text\): .*herald comm deliver' \
    "an output delivered by hand says how it is recorded"
expect_out 'only to the subscriber list drill:\\\*' "the drill list"
expect_out '^The last drill finished on 2025-03-22\.$' "the last drill"
expect_out '^Owner: Lena Fischer \(lena\)\.$'
run cat "$html"
expect_out '<title>Breach-notification procedure'
expect_out '<li>Lena Fischer \(lena\)</li>'

# The publication: its source hash is the stamp the page was written with.
first=$(stamp internal/policy/breach-procedure.html)
check "the stamp is a SHA-256" sh -c "echo '$first' | grep -Eq '^[0-9a-f]{64}$'"
check "the Markdown has the same stamp" \
    test "$(stamp internal/policy/breach-procedure.md)" = "$first"
check "the export is recorded as a publication with that source hash" \
    test "$(sql_row "SELECT source_hash FROM publications
        WHERE kind = 'breach-procedure' ORDER BY id DESC")" = "$first"

# herald breach procedure prints the same document.
h breach procedure
expect_exit 0
check "breach procedure prints the exported Markdown" cmp -s "$OUT" "$md"
h breach procedure --format html --out "$TEST_DIR/p.html"
expect_exit 0
check "and the exported page with --format html" cmp -s "$TEST_DIR/p.html" "$html"
h breach procedure --format pdf
expect_exit 3
expect_err 'format: md or html'

# Nothing changed: nothing written, nothing published again.
touch -d '2020-01-01' "$md" "$html"
h export procedure --out "$out"
expect_exit 0 "a second export"
expect_out '0 files written' "writes nothing"
check "the page was not touched" test -z "$(find "$html" -newer "$db")"
check "no new publication" test "$(sql_row "SELECT count(*) FROM publications
    WHERE kind = 'breach-procedure' AND path LIKE '$out/%'")" = 1

# An approver's roles change: a new source hash, and the export rewrites.
h user grant bilal approver:legal
expect_exit 0
h export procedure --out "$out"
expect_out '2 files written' "the export writes both files again"
second=$(stamp internal/policy/breach-procedure.html)
check "the source hash changed" test "$second" != "$first"
check "a new publication with the new source hash" \
    test "$(sql_row "SELECT source_hash FROM publications
        WHERE kind = 'breach-procedure' ORDER BY id DESC")" = "$second"
run cat "$md"
expect_out '^  - Bilal Haddad \(bilal\)$' "the new legal approver is named"
h user revoke bilal approver:legal
h export procedure --out "$out"
check "taking the role back gives the first source hash again" \
    test "$(stamp internal/policy/breach-procedure.html)" = "$first"

# The owner and the drill channel are in it too.
h owner set policy breach-procedure olivia
if [ "$rc" = 0 ]; then
	h export procedure --out "$out"
	run cat "$md"
	expect_out '^Owner: Olivia Brennan \(olivia\)\.$' "the owner is named"
	check "naming the owner changed the source hash" \
	    test "$(stamp internal/policy/breach-procedure.html)" != "$first"
fi
h settings set drill.list "drill:tabletop"
expect_exit 0
h export procedure --out "$out"
expect_out '2 files written' "a new drill list rewrites it"
run cat "$md"
expect_out 'only to the subscriber list drill:tabletop'

# Without its playbook there is no procedure, and the message says why.
h settings set breach.playbook no-such-playbook
h export procedure --out "$out"
expect_exit 4 "a missing breach playbook"
expect_err 'no-such-playbook \(setting breach\.playbook\)'

finish
