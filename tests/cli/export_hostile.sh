#!/bin/sh
# tests/cli/export_hostile.sh - hostile content in every field of every
# shipped playbook still gives valid, correctly escaped outputs (issue 5,
# item 11).
#
# On a demo database with a hostile publisher name, site title, security
# contacts and product (its name with control characters and invalid
# UTF-8, its cycle's name a path with markup): one communication of each
# playbook and variant (security-advisory, vex-statement,
# support-briefing, vulnerability-report, post-incident-report internal
# and external, breach-notification regulator and customers, eol-notice),
# every field filled through `herald comm set` with what fits its type
# (tests/fixtures/hostile/fill.py: markup, "]]>", quotes, entities,
# backslashes, printf conversions, Mustache, Markdown and YAML syntax,
# right-to-left, zero-width and line-separator characters, emoji, Arabic
# and Japanese; a 100,000-character text in one or two long texts each;
# products with hostile version ranges), each value herald must refuse
# (control characters, invalid UTF-8, line breaks, one character too
# many, 400,000 bytes, values outside the type) refused cleanly first.
# Published; then, behind herald's back, control characters, invalid
# UTF-8 and a header line in every title, control characters in every
# snapshot and answer, a raw invalid byte in one snapshot.
#
# `herald export all` must succeed, twice (the second writing nothing);
# then (tests/fixtures/hostile/check.py) every file is valid UTF-8 with
# no control characters; every .html parses with xmllint --html silently
# and has nothing that runs; no '<script' in site/ outside JSON, YAML and
# CSV data; every .xml/.atom/.rss is well-formed, every .atom valid by
# RFC 4287's RELAX NG schema; every .json strict JSON, every .yaml and
# mkdocs.yml loads with yaml.safe_load, every .md has nothing that runs
# read by Python-Markdown; changes.csv and the hashes hold; every e-mail
# is a Subject line then a blank line; security.txt is fields, comments
# and armor; `mkdocs build --strict` passes and its pages carry no markup
# from the data; the CSAF documents pass the CSAF validator library and
# the CVE records the CVE schema. The hostile text is where it belongs,
# literally: pages' headings and text, feed titles, CSAF and CVE titles,
# e-mail subjects, mkdocs.yml's navigation, lifecycle data, security.txt.
# A snapshot that cannot be read even cleaned fails the export, naming it.
# Every output of every communication previews (comm preview --output)
# clean and valid for its format.
. "$top_srcdir/tests/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
have "$PY" || skip_all "python3 is not installed"
have xmllint || skip_all "xmllint is not installed"
"$PY" -c 'import yaml, markdown' 2>/dev/null ||
    skip_all "python3 lacks the yaml or markdown module (MkDocs brings both)"
MKDOCS=$(command -v mkdocs || echo /usr/bin/mkdocs)
[ -x "$MKDOCS" ] || skip_all "mkdocs is not installed (see dev.sh)"

fx="$top_srcdir/tests/fixtures/hostile"
rng="$top_srcdir/tests/fixtures/schemas/atom.rng"
cveschema="$top_srcdir/tests/fixtures/schemas/cve/CVE_Record_Format_bundled.json"
db="$TEST_DIR/hostile.db"
out="$TEST_DIR/out"
ATOM_RNG=$rng
# No __pycache__ in the source tree.
PYTHONDONTWRITEBYTECODE=1
export TEST_DIR ATOM_RNG PYTHONDONTWRITEBYTECODE
demo_db "$db" || { echo "Bail out! no demo database"; exit 99; }
# HOSTILE_KEEP=DIR keeps the export, the database and MkDocs' site there.
[ -n "${HOSTILE_KEEP:-}" ] && at_exit 'mkdir -p "$HOSTILE_KEEP" &&
    cp -R "$out" "$db" "$TEST_DIR/mk" "$HOSTILE_KEEP/"'

# As the demo's author, and as its admin.
h()
{
	run "$HERALD" --db "$db" --as alice "$@"
}
hadm()
{
	run "$HERALD" --db "$db" --as ines "$@"
}
# report FILE: the lines "ok<TAB>DESC" and "not ok<TAB>DESC" a Python
# helper printed become checks; "#" lines are its notes.
report()
{
	_tab=$(printf '\t')
	while IFS= read -r _line; do
		case $_line in
		"ok$_tab"*) pass "${_line#ok"$_tab"}";;
		"not ok$_tab"*)
			_last="(the Python check)"
			: >"$OUT"
			: >"$ERR"
			fail "${_line#not ok"$_tab"}";;
		*) echo "$_line";;
		esac
	done <"$1"
}
# pycheck DESC SCRIPT ARGS...: run a Python helper printing check lines.
pycheck()
{
	_d=$1
	shift
	"$PY" "$@" >"$TEST_DIR/py.log" 2>&1
	_r=$?
	report "$TEST_DIR/py.log"
	[ "$_r" = 0 ] && pass "$_d" || {
		_last="$PY $*"
		: >"$OUT"
		tail -n 20 "$TEST_DIR/py.log" >"$ERR"
		fail "$_d"
	}
}
# A value from values.py: val TITLE.
val()
{
	"$PY" -c 'import sys; sys.path.insert(0, sys.argv[1])
import values
v = getattr(values, sys.argv[2])
sys.stdout.write(v() if callable(v) else v)' "$fx" "$1"
}
# Publish communication $1: submit, approve by hand, publish.
publish()
{
	h comm submit "$1"
	[ "$rc" = 0 ] || return 1
	approve_by_hand "$db" "$1" || return 1
	h comm publish "$1"
	[ "$rc" = 0 ]
}

hadm template import
expect_exit 0 "the shipped templates are imported"

title=$(val TITLE)
text=$(val TEXT)
cycle=$(val CYCLE)

# --- who publishes: a hostile name and site title ---------------------------

hadm settings set publisher.name "$(printf 'Bright\nSubject: x')"
expect_exit 3 "a publisher name of two lines is refused"
expect_err 'publisher.name: ' "naming the setting"
hadm settings set site.title "$(printf 'ctl\033[31m')"
expect_exit 3 "a site title with an escape sequence is refused"
check "and the refusal echoes no control character" \
    sh -c "! grep -q '$(printf '\033')' '$ERR'"
hadm settings set publisher.name "Brightwater <b>&</b> \"Systems\" ]]> $(printf '\342\200\256')RTL $(printf '\360\237\224\245') {{name}}: - yes # no"
expect_exit 0 "a hostile publisher name is taken"
hadm settings set site.title "$title"
expect_exit 0 "a hostile site title is taken"
for u in 'https://example.org/"><script>' 'javascript:alert(1)' \
    'https://example.org/a?z=]]>'; do
	hadm settings set security.encryption "$u"
	expect_exit 3 "security.encryption $u is refused"
done
hadm settings set security.encryption "https://example.org/key?x=1&y='2'#f"
expect_exit 0 "a URL with & and quotes is taken"
hadm settings set security.acknowledgments 'https://example.org/%3Cscript%3E?a=1&b=2'
expect_exit 0 "a URL with escaped markup is taken"
hadm settings set security.contact \
    "mailto:sec+x@example.org, https://example.org/r?a=1&b='2'"
expect_exit 0 "contacts with & and quotes are taken"

# --- a hostile product, behind herald's back (no command adds one yet) -----
# Its name has control characters and invalid UTF-8; its cycle's name is
# a path with markup (a folder and file name of the end-of-life notice).

"$PY" - "$db" "$fx" <<'EOF'
import sqlite3, sys
sys.path.insert(0, sys.argv[2])
import values as V
c = sqlite3.connect(sys.argv[1])
t = "2026-01-01T00:00:00Z"
c.execute("INSERT INTO products (slug, name, description, created_at,"
          " updated_at) VALUES ('hostile-kit', CAST(? AS TEXT), ?, ?, ?)",
          ((V.TITLE + " \x01\x1b[31m\x7f").encode() + b"\xff\xfe bad", V.TEXT,
           t, t))
pid = c.execute("SELECT id FROM products WHERE slug = 'hostile-kit'"
                ).fetchone()[0]
c.execute("INSERT INTO cycles (product_id, cycle, release_date,"
          " active_support_end, security_support_end, eol,"
          " extended_support_end, is_lts, latest_version, post_eol_options,"
          " created_at, updated_at) VALUES (?, ?, '2024-01-01',"
          " '2025-06-01', '2026-12-01', '2026-12-01', '2028-01-01', 1,"
          " ?, ?, ?, ?)", (pid, V.CYCLE, V.LINE[:60], V.TEXT, t, t))
c.commit()
EOF
check "a hostile product and cycle are in the database" test $? = 0

# --- two incidents, one communication of every playbook and variant --------

# (herald incident new takes a title of two lines, and control
# characters: tests/cli/incident.sh wants it so; the communications'
# own titles refuse them, and the outputs clean what gets in.)
h incident new --title "$title" --trigger vulnerability --severity high \
    --summary "$text" --cvss 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' \
    --aware-at 2026-02-28T08:00:00Z --discovered-at 2026-02-28T07:00:00Z
expect_exit 0 "a vulnerability with a hostile title and summary"
vref=$(head -n 1 "$OUT")
h incident new --title "$title" --trigger data-breach --severity high \
    --summary "$text" --aware-at 2026-02-28T08:00:00Z \
    --discovered-at 2026-02-28T07:00:00Z
expect_exit 0 "a data breach with a hostile title and summary"
bref=$(head -n 1 "$OUT")

# new ARGS...: start communications; their ids, space-separated, in $ids.
new()
{
	h comm new "$@" --json
	ids=$("$PY" -c 'import json, sys
print(" ".join(str(c["id"]) for c in json.load(open(sys.argv[1]))))' "$OUT")
	[ -n "$ids" ]
	_result $? "comm new $*: $ids"
}
h comm new "$vref" --playbook security-advisory --title "$(printf 'a\033[2Jb')"
expect_exit 3 "a communication's title with an escape sequence is refused"
new "$vref" --playbook security-advisory --title "$title"
adv=$ids
new "$vref" --playbook vex-statement --title "$title"
vex=$ids
new "$vref" --playbook support-briefing --title "$title"
sb=$ids
new "$vref" --playbook vulnerability-report --title "$title"
vr=$ids
new "$vref" --playbook post-incident-report --variant internal --title "$title"
pin=$ids
new "$vref" --playbook post-incident-report --variant external --title "$title"
pex=$ids
new "$bref" --playbook breach-notification --variant regulator --title "$title"
reg=$ids
new "$bref" --playbook breach-notification --variant customers --title "$title"
cus=$ids
new --cycle "hostile-kit $cycle" --playbook eol-notice --title "$title"
eol=$ids
all="$adv $vex $sb $vr $pin $pex $reg $cus $eol"

# Every field, by its type; the refusals checked on the way. The
# external report gets two 100,000-character texts, the rest one.
for c in $all; do
	if [ "$c" = "$pex" ]; then
		big="external-what-happened external-improvements"
	else
		big=""
	fi
	pycheck "#$c is filled" "$fx/fill.py" "$HERALD" "$db" alice "$c" $big
done
for c in $all; do
	publish "$c"
	check "#$c is published" test "$rc" = 0
done

# --- behind herald's back: control characters and invalid UTF-8 -------------

# Every published title: control characters, invalid UTF-8 and a second
# line posing as a mail header; every free-text answer of every snapshot
# (what the export reads) starts with control characters, and of the
# answers (what the preview reads) with those and invalid UTF-8; the
# support briefing's snapshot gets a raw invalid byte too (no longer
# JSON that jansson reads).
"$PY" - "$db" "$fx" "$HERALD" $all <<'EOF'
import json, sqlite3, subprocess, sys
db, fx, herald = sys.argv[1:4]
ids = [int(x) for x in sys.argv[4:]]
c = sqlite3.connect(db)
free = {}
for (name,) in c.execute("SELECT DISTINCT playbook FROM communications"):
    pb = json.loads(subprocess.check_output(
        [herald, "--db", db, "playbook", "show", name, "--json"]))
    free[name] = {f["id"] for s in pb["steps"] for f in s.get("fields", [])
                  if f["type"] in ("text", "long-text", "plain-text")}
for cid in ids:
    name = c.execute("SELECT playbook FROM communications WHERE id = ?",
                     (cid,)).fetchone()[0]
    c.execute("UPDATE communications SET title = CAST(? AS TEXT) ||"
              " CAST(X'20011B5B33316D7FFFFEC0AF' AS TEXT) ||"
              " CAST(? AS TEXT) WHERE id = ?",
              (c.execute("SELECT title FROM communications WHERE id = ?",
                         (cid,)).fetchone()[0],
               "\nBcc: i@x.test TITLE-END", cid))
    for rev, snap in c.execute("SELECT revision, snapshot FROM revisions"
                               " WHERE communication_id = ?", (cid,)).fetchall():
        s = json.loads(snap)
        for k in s:
            if k in free[name] and isinstance(s[k], str):
                s[k] = "\x01\x1b[31m\x7f\x85\ufffe" + s[k]
        # The published title is the snapshot's: a second line posing
        # as a mail header, as in the communication's own title.
        if isinstance(s.get("title"), str):
            s["title"] += "\nBcc: i@x.test TITLE-END"
        c.execute("UPDATE revisions SET snapshot = ? WHERE"
                  " communication_id = ? AND revision = ?",
                  (json.dumps(s), cid, rev))
    for field in free[name]:
        c.execute("UPDATE answers SET value = CAST(X'011B5B33316D7FFFFE' AS"
                  " TEXT) || value WHERE communication_id = ? AND field = ?",
                  (cid, field))
sb = ids[2]
for rev, snap in c.execute("SELECT revision, snapshot FROM revisions WHERE"
                           " communication_id = ?", (sb,)).fetchall():
    raw = snap.encode().replace(b"\\u0001", b"\xff\x01", 1)
    c.execute("UPDATE revisions SET snapshot = CAST(? AS TEXT) WHERE"
              " communication_id = ? AND revision = ?", (raw, sb, rev))
c.commit()
EOF
check "titles and snapshots are made hostile behind herald's back" test $? = 0

# --- export all ----------------------------------------------------------------

h export all --out "$out"
expect_exit 0 "export all with every hostile communication"
check "nothing on stderr but the summary" sh -c "! grep -v '^exported' '$ERR'"
# (The demo's directory channel places its site beside the database, and
# the demo exported its own pages to hostile-site/ before they were made
# hostile.)
stray=$(find "$TEST_DIR" -path "$out" -prune -o -path "$TEST_DIR/site" -prune \
    -o -path "$TEST_DIR/hostile-site" -prune -o -name '*eol-notice*' -print)
check "the cycle's name leads nowhere outside the output (${stray:-none})" \
    test -z "$stray"
h export all --out "$out" --json
check "a second export writes nothing: hostile text renders the same" \
    test "$(json_get 'd["written"]')" = 0

# A snapshot that even cleaned is no JSON (an escaped lone surrogate):
# the export says which, rather than publish the item without its words.
cp "$db" "$TEST_DIR/bad.db"
"$PY" - "$TEST_DIR/bad.db" "$adv" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
snap = c.execute("SELECT snapshot FROM revisions WHERE communication_id = ?",
                 (int(sys.argv[2]),)).fetchone()[0]
i = snap.index('"summary": "') + len('"summary": "')
c.execute("UPDATE revisions SET snapshot = ? WHERE communication_id = ?",
          (snap[:i] + "\\ud800" + snap[i:], int(sys.argv[2])))
c.commit()
EOF
run "$HERALD" --db "$TEST_DIR/bad.db" export all --out "$TEST_DIR/bad"
expect_exit 8 "an unreadable snapshot fails the export"
expect_err "^herald: communication $adv, revision 1: the answers stored when it was published cannot be read" \
    "naming the communication and revision"
check "and its page is not written without its text" \
    test ! -e "$TEST_DIR/bad/site/advisories"

# Every file: valid UTF-8, no control characters; every format: its own
# validator; the hostile text where it belongs. (check.py)
"$MKDOCS" build --strict -q -f "$out/mkdocs.yml" -d "$TEST_DIR/mk" \
    >"$TEST_DIR/mkdocs.log" 2>&1
_r=$?
_last="mkdocs build --strict -f $out/mkdocs.yml"
cp "$TEST_DIR/mkdocs.log" "$ERR"
: >"$OUT"
rc=$_r
expect_exit 0 "mkdocs build --strict passes"
pycheck "every output checked" "$fx/check.py" "$out" "$TEST_DIR/mk" "$rng" \
    "$vref" "$bref" "EOL-hostile-kit-$cycle"

# The CSAF documents and the CVE records, by the independent validators.
csaf="$out/site/.well-known/csaf"
if have node && have npm && vdir=$(sh "$top_srcdir/tests/validators/setup.sh"); then
	if [ -f "$top_srcdir/tests/validators/csaf.js" ]; then
		run env NODE_PATH="$vdir/node_modules" node \
		    "$top_srcdir/tests/validators/csaf.js" $(find "$csaf" -name '*.json')
		expect_exit 0 "every CSAF document and provider-metadata.json is valid"
	else
		note "SKIP: tests/validators/csaf.js is not there: CSAF not validated"
	fi
	n=$(find "$csaf/white" -name '*.json' | wc -l)
	check "CSAF: hostile advisory, VEX and incident documents among $n" \
	    test "$n" -ge 3
	run env NODE_PATH="$vdir/node_modules" node \
	    "$top_srcdir/tests/validators/cve.js" --schema "$cveschema" \
	    "$out"/site/cve/*.json
	expect_exit 0 "every CVE record is valid by the CVE schema"
	check "the hostile advisory's CVE records are there" \
	    test -f "$out/site/cve/CVE-2026-77701.json" -a \
	    -f "$out/site/cve/CVE-2026-7770200.json"
else
	note "SKIP: node, npm or the validators are missing: CSAF and CVE not validated"
fi

# --- every output's preview ----------------------------------------------------

for c in $all; do
	run "$HERALD" --db "$db" comm preview "$c" --list --json
	expect_exit 0 "#$c: its outputs are listed"
	outs=$("$PY" -c 'import json, sys
print(" ".join(o["id"] + ":" + o["format"] for o in json.load(open(sys.argv[1]))))' \
	    "$OUT")
	for o in $outs; do
		run "$HERALD" --db "$db" comm preview "$c" --output "${o%%:*}"
		expect_exit 0 "#$c: comm preview --output ${o%%:*}"
		"$PY" "$fx/check.py" --preview "#$c ${o%%:*}" "${o#*:}" "$OUT" \
		    >"$TEST_DIR/py.log" 2>&1 || echo "not ok	check.py failed" \
		    >>"$TEST_DIR/py.log"
		report "$TEST_DIR/py.log"
	done
done

finish
