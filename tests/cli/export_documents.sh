#!/bin/sh
# tests/cli/export_documents.sh - herald export documents: every e-mail,
# text and ticket, and the pages of what is not public, under internal/REF/
# and nowhere else; fields marked internal never reach an external output;
# the regulator notification has the four parts GDPR article 33(3) asks
# for; every document names its incident; hostile text renders whole.
. "$top_srcdir/tests/lib.sh"

db="$TEST_DIR/d.db"
out="$TEST_DIR/out"
demo_db "$db"
h()
{
	run herald --db "$db" --as alice "$@"
}
# The id of the communication of variant $1 in the --json output in $OUT.
id_of()
{
	json_get "[c['id'] for c in d if c['variant'] == '$1'][0]"
}
# Mark every form and checklist step of communication $1 done, in order.
all_done()
{
	for _s in $(herald --db "$db" --as alice comm show "$1" |
	    awk '/^Steps:/ { on = 1; next } on && NF == 0 { exit }
	    on && ($2 == "form" || $2 == "checklist") { print $1 }'); do
		h comm done "$1" "$_s"
		[ "$rc" = 0 ] || { fail "comm done $1 $_s"; return 1; }
	done
}
# Submit, approve by hand and publish communication $1.
publish()
{
	h comm submit "$1" && [ "$rc" = 0 ] &&
	    approve_by_hand "$db" "$1" && h comm publish "$1" && [ "$rc" = 0 ]
}

run herald --db "$db" --as ines template import
expect_exit 0 "the shipped templates are imported"

# --- A post-incident report in both versions, with text marked internal.
marker=INTERNAL-ONLY-7Q
h comm new SEC-2026-005 --playbook post-incident-report --json
expect_exit 0
pin=$(id_of internal)
pex=$(id_of external)
check "two communications: internal $pin and external $pex" \
    test -n "$pin" -a -n "$pex"

# The internal version: the timeline and the staff involved, plus notes.
h comm set "$pin" title "Compromised build agent in staging"
h comm set "$pin" internal-notes "Notes $marker-notes-int: the agent was not patched."
h comm set "$pin" timeline "$(printf '%s\n' '09:00 alert' '09:30 agent isolated' '11:00 all clear')"
h comm set "$pin" what-happened "A staging build agent ran a miner."
h comm set "$pin" root-cause "An unpatched agent image."
h comm set "$pin" systems-affected "One staging build agent; no customer data."
h comm set "$pin" resolution "The agent was rebuilt from a patched image."
h comm set "$pin" improvements "Agent images are rebuilt weekly."
h comm set "$pin" staff "Dana $marker-staff"
expect_exit 0 "the internal version takes the staff involved"
all_done "$pin"
publish "$pin"
check "the internal version is published" test "$rc" = 0

# The external version: the same notes field, marked internal, filled in
# by its author; it must not reach the customers.
h comm set "$pex" title "Compromised build agent in staging"
h comm set "$pex" internal-notes "Do not publish $marker-notes-ext"
expect_exit 0 "the external version has the internal notes field too"
h comm set "$pex" staff "Dana"
expect_exit 3 "the external version has no staff field"
h comm set "$pex" external-summary "A build machine used for testing was misused. Your data was not affected."
h comm set "$pex" external-timeline "$(printf '%s\n' '09:00 alert' '11:00 all clear')"
h comm set "$pex" external-what-happened "A test build machine ran software it should not have."
h comm set "$pex" external-systems-affected "One test build machine."
h comm set "$pex" external-resolution "The machine was rebuilt."
h comm set "$pex" external-improvements "Build machines are rebuilt every week."
h comm set "$pex" blame-free "$(printf 'no-names\nno-blame\nfresh-eyes')"
all_done "$pex"
h comm preview "$pex" external-email
expect_exit 0 "the external e-mail previews"
expect_no_out "$marker" "the preview of the external e-mail has no internal text"
expect_out "^Subject: \[SEC-2026-005\] " "the preview has the Subject line"
publish "$pex"
check "the external version is published" test "$rc" = 0

# --- The regulator notification and the drills: publish the demo's.
reg=$(herald --db "$db" comm list SEC-2026-008 --json | python3 -c '
import json, sys
print([c["id"] for c in json.load(sys.stdin)
       if c["kind"] == "regulator-notification"][0])')
approve_by_hand "$db" "$reg" && h comm publish "$reg"
check "the regulator notification is published" test "$rc" = 0

h export all --out "$out"
expect_exit 0 "export all"
check "there is an internal/ tree" test -d "$out/internal"
check "there is a site/ tree" test -d "$out/site"

# --- Internal text: only under internal/, only in the internal report.
check "the marker is under internal/" grep -rqF "$marker" "$out/internal"
leaks=$(grep -rlF "$marker" "$out" | grep -v "^$out/internal/" || true)
check "the marker is nowhere outside internal/ (${leaks:-none})" \
    test -z "$leaks"
holders=$(grep -rlF "$marker" "$out/internal" | sed "s|^$out/||" | sort)
note "files with the marker: $holders"
bad=$(echo "$holders" | grep -v -- '-internal-text\.md$' || true)
check "only the internal report holds it (${bad:-ok})" test -z "$bad"
check "the internal report has the staff involved" \
    grep -rqF "$marker-staff" "$out/internal/SEC-2026-005"
check "and the internal version's own notes" \
    grep -rqF "$marker-notes-int" "$out/internal/SEC-2026-005"
check "the external version's internal notes are in no output" \
    sh -c "! grep -rqF '$marker-notes-ext' '$out'"
ext=$(ls "$out"/internal/SEC-2026-005/*-external-email.txt 2>/dev/null)
check "the external report's e-mail is under internal/SEC-2026-005/" \
    test -f "$ext"
check "the external report's e-mail has its summary" \
    grep -qF "A build machine used for testing was misused" "$ext"

# Whatever a template asks for: one of our own that prints every field the
# model holds, by list and by name, still never sees the internal notes.
tdir="$XDG_CONFIG_HOME/herald/templates"
mkdir -p "$tdir"
cat >"$tdir/pir-external.email.txt" <<'EOF'
Subject: [{{ref}}] every field
{{#fields}}
{{id}}: {{text}} / {{value}}
{{/fields}}
notes: {{answers.internal-notes}} {{values.internal-notes}} {{field.internal-notes.text}}
EOF
run herald --db "$db" --as ines template import
expect_exit 0 "our own template is imported"
h export documents --out "$out"
expect_exit 0
check "our template prints the external fields" \
    grep -q "^external-summary: A build machine" "$ext"
check "but the model has no internal notes for it" \
    sh -c "! grep -qF '$marker' '$ext'"
rm "$tdir/pir-external.email.txt"
run herald --db "$db" --as ines template import
h export documents --out "$out"
check "with the shipped template back, the e-mail is as before" \
    sh -c "grep -qF 'A build machine used for testing was misused' '$ext' &&
    ! grep -q '^external-summary:' '$ext'"

# --- Nothing under internal/ is part of the site or the docs tree.
check "site/ has no internal/ folder" test ! -e "$out/site/internal"
check "docs/ has no internal/ folder" test ! -e "$out/docs/internal"
leaks=$(grep -rlF "internal/SEC-" "$out/site" "$out/docs" "$out/mkdocs.yml" \
    2>/dev/null || true)
check "no page links into internal/ (${leaks:-none})" test -z "$leaks"
# The support briefings' words (demo SEC-2026-008) stay internal.
check "the support briefing is under internal/" \
    grep -rqF "Do not confirm individual names on calls" "$out/internal"
leaks=$(grep -rlF -e "Do not confirm individual names on calls" \
    -e "INTERNAL — do not forward" "$out" | grep -v "^$out/internal/" || true)
check "the support briefing is nowhere else (${leaks:-none})" test -z "$leaks"
for f in "$out"/internal/SEC-2026-008/*support*; do
	check "$(basename "$f") says INTERNAL — do not forward" \
	    grep -qF "INTERNAL — do not forward" "$f"
done

# --- The regulator notification: GDPR article 33(3), in order.
for f in "$out"/internal/SEC-2026-008/*-regulator-email.txt \
    "$out"/internal/SEC-2026-008/*-regulator-text.txt; do
	n=$(basename "$f")
	check "$n exists" test -f "$f"
	order=$(grep -nE '^\((a|b|c|d)\) ' "$f" | cut -c1-200 |
	    sed -E 's/^[0-9]+:\((.)\).*/\1/' | tr -d '\n')
	check "$n has parts (a) to (d) in order (got $order)" test "$order" = abcd
	check "$n (a) is the nature of the breach" \
	    grep -q '^(a) THE NATURE OF THE PERSONAL DATA BREACH' "$f"
	check "$n (a) gives the categories and numbers of people" \
	    grep -qF "About 1,200" "$f"
	check "$n (a) gives the records" grep -qF "About 1,450" "$f"
	check "$n (b) is the contact point" grep -q '^(b) CONTACT POINT' "$f"
	check "$n (b) gives the contact" grep -qF "dpo@brightwater.example" "$f"
	check "$n (c) is the likely consequences" \
	    grep -q '^(c) THE LIKELY CONSEQUENCES' "$f"
	check "$n (d) is the measures" grep -q '^(d) MEASURES TAKEN OR PROPOSED' "$f"
	check "$n says the information comes in phases (33(4))" \
	    grep -qF "article 33(4)" "$f"
	check "$n has when we became aware" grep -q "^When we became aware" "$f"
done
f=$(ls "$out"/internal/SEC-2026-008/*-regulator-email.txt)
check "the regulator e-mail starts with its Subject and a blank line" \
    sh -c "head -n 1 '$f' | grep -q '^Subject: \[SEC-2026-008\] ' &&
    test -z \"\$(sed -n 2p '$f')\""
f=$(ls "$out"/internal/SEC-2026-008/*-customer-email.txt)
for part in "WHAT HAPPENED" "WHAT IT MEANS FOR YOU" "WHAT WE ARE DOING" \
    "WHAT YOU SHOULD DO" "HOW TO REACH US"; do
	check "the customer notice says $part" grep -q "^$part\$" "$f"
done

# --- Every document: its incident ID, the Subject line of an e-mail.
n=0
for d in "$out"/internal/*/; do
	ref=$(basename "$d")
	for f in "$d"*; do
		n=$((n + 1))
		grep -qF "$ref" "$f" || fail "$f names $ref"
		case $f in
		*-email.txt|*-email-*.txt)
			head -n 1 "$f" | grep -q "^Subject: \[$ref\] " ||
			    fail "$f starts with Subject: [$ref]";;
		esac
	done
done
check "documents were written ($n)" test "$n" -gt 10
pass "every document names its incident"

# --- Hostile content: a breach told to customers and the regulator, with
# markup, quotes, "]]>", right-to-left and zero-width characters, emoji
# and a 100,000-character text; then, behind herald's back, control
# characters and invalid UTF-8 in what is stored, and a title of two lines.
rlo=$(printf '\342\200\256')
zw=$(printf '\342\200\213')
odd="<script>alert(\"x\")</script> ]]> &amp; 'q' \"dq\" ${rlo}RTL${zw}ZW 🔥"
h incident new --title "Hostile breach $odd" --trigger data-breach \
    --severity high --aware-at 2026-03-01T08:00:00Z \
    --discovered-at 2026-03-01T07:00:00Z
expect_exit 0 "a breach incident with a hostile title"
href=$(head -n 1 "$OUT")
python3 -c 'import sys; print("A" * 99990 + " LONG-END")' >"$TEST_DIR/long.txt"
h comm new "$href" --playbook breach-notification --json
expect_exit 0
hcu=$(id_of customers)
hre=$(id_of regulator)
for c in "$hcu" "$hre"; do
	h comm set "$c" title "Breach $odd"
	h comm set "$c" what-happened --file "$TEST_DIR/long.txt"
	expect_exit 0 "a 100,000-character answer is taken"
	h comm set "$c" people-categories customers
	h comm set "$c" people-count "about 10 $odd"
	h comm set "$c" data-categories "$(printf 'contact\ncredentials')"
	h comm set "$c" records-count "about 20"
	h comm set "$c" consequences "Phishing $odd"
	h comm set "$c" measures "$(printf 'Line one %s\n\n- a list item\n- another' "$odd")"
	h comm set "$c" customer-actions "Change passwords. $odd"
	h comm set "$c" contact "Dana Privacy, dpo@example.test $odd"
	h comm set "$c" review "$(printf 'facts\nminimum\ncontact')"
done
h comm set "$hcu" customer-notice "We lost some data. Change your password."
h comm set "$hcu" recipients "hostile-recipient@example.test"
h comm set "$hre" authority "ICO $odd"
h comm set "$hre" not-yet-known "Who read it $odd"
all_done "$hcu"
all_done "$hre"
publish "$hcu"
check "the hostile notice is published" test "$rc" = 0
publish "$hre"
check "the hostile notification is published" test "$rc" = 0
python3 - "$db" "$hcu" "$hre" <<'PY'
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for cid in sys.argv[2:]:
    snap = json.loads(c.execute("SELECT snapshot FROM revisions WHERE"
        " communication_id = ? AND revision = 1", (cid,)).fetchone()[0])
    snap["consequences"] = "Bell\a escape\x1b[31m red\r\nCR NUL-free\x7f end"
    c.execute("UPDATE revisions SET snapshot = ? WHERE communication_id = ?"
        " AND revision = 1", (json.dumps(snap), cid))
    c.execute("UPDATE communications SET title = CAST(? AS TEXT) ||"
        " CAST(X'FF0A' AS TEXT) || 'Subject: injected' WHERE id = ?",
        ("Two lines\n", cid))
c.commit()
PY
check "the stored text was made hostile" test $? = 0
h export documents --out "$out"
expect_exit 0 "hostile content exports"
hd="$out/internal/$href"
for f in "$hd"/*; do
	n=$(basename "$f")
	check "$n is valid UTF-8 without control characters" python3 -c '
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8")
bad = [c for c in t if (ord(c) < 32 and c not in "\n\t") or ord(c) == 127]
sys.exit(1 if bad else 0)' "$f"
	check "$n keeps the 100,000-character text whole" python3 -c '
import sys
sys.exit(0 if "A" * 99990 + " LONG-END" in open(sys.argv[1]).read() else 1)' "$f"
	check "$n keeps the markup as text" grep -qF '<script>alert("x")</script> ]]> &amp;' "$f"
	check "$n keeps the right-to-left and zero-width characters" \
	    grep -qF "${rlo}RTL${zw}ZW 🔥" "$f"
	case $n in
	*-email.txt)
		check "$n has one Subject line, then a blank line" sh -c "
		    head -n 1 '$f' | grep -q '^Subject: \[$href\] ' &&
		    test -z \"\$(sed -n 2p '$f')\""
		check "no value starts a header of its own in $n" \
		    sh -c "! sed -n '2,3p' '$f' | grep -q '^Subject: injected'";;
	esac
done
check "the recipients (marked internal) are in no output" \
    sh -c "! grep -rqF hostile-recipient@example.test '$out'"

# --- A withdrawn notice says so, with why, where its reader looks first.
cn=$(herald --db "$db" comm list SEC-2026-008 --json | python3 -c '
import json, sys
print([c["id"] for c in json.load(sys.stdin)
       if c["kind"] == "customer-notice"][0])')
h comm withdraw "$cn" --reason "Sent to the wrong list; see the new notice."
expect_exit 0 "the customer notice is withdrawn"
h export documents --out "$out"
expect_exit 0
f=$(ls "$out"/internal/SEC-2026-008/*-customer-email.txt)
check "the withdrawn notice's e-mail says so under its Subject" \
    sh -c "sed -n 3p '$f' | grep -q '^WITHDRAWN'"
check "and why" grep -qF "Sent to the wrong list; see the new notice." "$f"

# --- Again: nothing changed, nothing written.
h export documents --out "$out" --json
expect_exit 0 "export documents again"
check "nothing was written the second time" test "$(json_get 'd["written"]')" = 0
check "nor even rendered: every document was fresh" \
    test "$(json_get 'd["unchanged"]')" = 0 -a "$(json_get 'd["kept"]')" -gt 10

finish
