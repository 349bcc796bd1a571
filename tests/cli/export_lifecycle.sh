#!/bin/sh
# tests/cli/export_lifecycle.sh - herald export lifecycle: each product's
# support data as endoflife.date's API serves it (JSON and YAML, the same
# data), all.json, the version-support matrix and the lifecycle policy
# (Markdown and HTML); nothing rewritten when nothing changed; hostile
# product and cycle names still give valid files.
. "$top_srcdir/tests/lib.sh"

PY=/usr/bin/python3
$PY -c 'import yaml' 2>/dev/null || skip_all "python3-yaml is not installed"
have xmllint || skip_all "xmllint is not installed"

db="$TEST_DIR/demo.db"
out="$TEST_DIR/out"
lc="$out/site/lifecycle"
demo_db "$db"
h()
{
	run "$HERALD" --db "$db" --as ines "$@"
}
h template import
expect_exit 0 "templates imported"

h export lifecycle --out "$out"
expect_exit 0 "export lifecycle on the demo"

# Every lifecycle file, checked against the database: JSON parses, has
# endoflife.date's fields with their types, says what the rows say; the
# YAML beside it is the same data. Prints "ok" or what is wrong.
cat >"$TEST_DIR/check_data.py" <<'PY'
import datetime, json, re, sqlite3, sys, yaml
db, lc = sys.argv[1], sys.argv[2]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KEYS = {"cycle", "releaseDate", "support", "eol", "extendedSupport", "lts",
        "latest", "link"}
bad = []
def date_or_bool(v):
    return isinstance(v, bool) or (isinstance(v, str) and DATE.match(v))
def date(v):
    # What herald takes for a date: a real one, perhaps with a time.
    if not v or not DATE.match(v[:10]) or (len(v) > 10 and v[10] != "T"):
        return None
    try:
        return datetime.date.fromisoformat(v[:10]).isoformat()
    except ValueError:
        return None
def clean(v):
    # As the document model cleans text: read up to a NUL, line ends as
    # "\n", control characters but tab and newline dropped.
    v = (v or "").split("\0")[0].replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in v if ch in "\t\n" or not (
        ord(ch) < 0x20 or 0x7f <= ord(ch) < 0xa0 or ch in "\ufffe\uffff"))
c = sqlite3.connect(db)
c.text_factory = lambda b: b.decode("utf-8", "replace")
slugs = [r[0] for r in c.execute("SELECT slug FROM products ORDER BY slug, id")]
allj = json.load(open(lc + "/all.json", encoding="utf-8"))
if allj != slugs:
    bad.append("all.json %r, products %r" % (allj, slugs))
for slug in slugs:
    j = json.load(open("%s/%s.json" % (lc, slug), encoding="utf-8"))
    y = yaml.safe_load(open("%s/%s.yaml" % (lc, slug), encoding="utf-8"))
    if j != y:
        bad.append(slug + ": YAML differs from JSON")
    if not isinstance(j, list):
        bad.append(slug + ": not an array")
        continue
    rows = c.execute("SELECT cycle, release_date, active_support_end,"
        " security_support_end, eol, extended_support_end, is_lts,"
        " latest_version FROM cycles JOIN products p ON p.id = product_id"
        " WHERE p.slug = ?", (slug,)).fetchall()
    want = {}
    for (cy, rel, act, sec, eol, ext, lts, latest) in rows:
        ends = [d for d in (date(sec), date(eol)) if d]
        end = min(ends) if ends else None
        cy, latest = clean(cy), clean(latest)
        w = {"cycle": cy, "support": date(act) or end or True,
             "eol": end or False, "extendedSupport": date(ext) or False,
             "lts": bool(lts)}
        if date(rel):
            w["releaseDate"] = date(rel)
        if latest:
            w["latest"] = latest
        want[cy] = w
    seen = set()
    for x in j:
        name = x.get("cycle")
        where = "%s %r" % (slug, name)
        if set(x) - KEYS or not {"cycle", "support", "eol", "extendedSupport",
                                 "lts", "link"} <= set(x):
            bad.append(where + ": keys %r" % sorted(x))
        for k in ("support", "eol", "extendedSupport"):
            if not date_or_bool(x.get(k)):
                bad.append(where + ": %s is %r" % (k, x.get(k)))
        if "releaseDate" in x and not DATE.match(str(x["releaseDate"])):
            bad.append(where + ": releaseDate %r" % x["releaseDate"])
        if not isinstance(x.get("lts"), bool):
            bad.append(where + ": lts %r" % x.get("lts"))
        if x.get("link") is not None and not str(x["link"]).startswith(
                "https://security.brightwater.example/"):
            bad.append(where + ": link %r" % x["link"])
        w = want.get(name)
        if w is None:
            bad.append(where + ": no such cycle")
            continue
        seen.add(name)
        got = {k: v for k, v in x.items() if k != "link"}
        if got != w:
            bad.append(where + ": %r, expected %r" % (got, w))
    if seen != set(want):
        bad.append(slug + ": cycles %r, expected %r" % (sorted(seen), sorted(want)))
    rels = [x["releaseDate"] for x in j if "releaseDate" in x]
    if rels != sorted(rels, reverse=True):
        bad.append(slug + ": not newest release first")
print("\n".join(bad) if bad else "ok")
PY
check_data()
{
	$PY "$TEST_DIR/check_data.py" "$db" "$lc" >"$TEST_DIR/data.log" 2>&1
	grep -qx ok "$TEST_DIR/data.log"
	_r=$?
	[ $_r = 0 ] || sed -e 's/^/#   /' "$TEST_DIR/data.log" | head -n 20
	return $_r
}
check_data
[ $? = 0 ] && pass "every product's JSON and YAML: fields, types, the database's dates" ||
    fail "every product's JSON and YAML: fields, types, the database's dates"

# Known facts of the demo, read from the files.
jq_py()
{
	$PY -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(eval(sys.argv[2]))' "$@"
}
[ "$(jq_py "$lc/harbor-gateway.json" \
    '[c["eol"] for c in d if c["cycle"] == "3.0"][0] < "2026-03-01"')" = True ]
[ $? = 0 ] && pass "harbor-gateway 3.0: eol is a date before today" ||
    fail "harbor-gateway 3.0: eol is a date before today"
[ "$(jq_py "$lc/harbor-gateway.json" \
    '[(c["lts"], type(c["extendedSupport"]).__name__) for c in d if c["cycle"] == "3.2"][0]')" = \
    "(True, 'str')" ]
[ $? = 0 ] && pass "harbor-gateway 3.2: LTS with an extended-support date" ||
    fail "harbor-gateway 3.2: LTS with an extended-support date"
[ "$(jq_py "$lc/harbor-gateway.json" '[c["cycle"] for c in d]')" = \
    "['4.0', '3.2', '3.1', '3.0']" ]
[ $? = 0 ] && pass "cycles newest first" || fail "cycles newest first"
case $(jq_py "$lc/beacon-sdk.json" '[c["link"] for c in d if c["cycle"] == "2"][0]') in
https://security.brightwater.example/*) pass "beacon-sdk 2 links its published end-of-life notice" ;;
*) fail "beacon-sdk 2 links its published end-of-life notice" ;;
esac
grep -q '^  cycle: "3.0"$\|^- cycle: "3.0"$' "$lc/harbor-gateway.yaml"
[ $? = 0 ] && pass "YAML quotes a cycle that would read as a number" ||
    fail "YAML quotes a cycle that would read as a number"

# The pages: every product and cycle with its phase on the pinned day.
cat >"$TEST_DIR/check_matrix.py" <<'PY'
import re, sqlite3, sys
db, md = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
today = "2026-03-01"
LABEL = {"unreleased": "Not yet released", "full-support": "Full support",
         "security-only": "Security fixes only", "extended": "Extended support",
         "eol": "End of life"}
def phase(rel, act, sec, eol, ext):
    if rel and today < rel[:10]:
        return "unreleased"
    ends = [d[:10] for d in (sec, eol) if d]
    if ends and today >= min(ends):
        return "extended" if ext and today < ext[:10] else "eol"
    if act and today >= act[:10]:
        return "security-only"
    return "full-support"
sections = {}
for part in re.split(r"^### ", md, flags=re.M)[1:]:
    head, _, body = part.partition("\n")
    sections[head.strip()] = body
bad = []
c = sqlite3.connect(db)
for (name, cy, rel, act, sec, eol, ext) in c.execute(
        "SELECT p.name, cycle, release_date, active_support_end,"
        " security_support_end, eol, extended_support_end FROM cycles"
        " JOIN products p ON p.id = product_id"):
    body = sections.get("%s %s" % (name, cy))
    if body is None:
        bad.append("no section for %s %s" % (name, cy))
        continue
    want = "Phase on %s: **%s**" % (today, LABEL[phase(rel, act, sec, eol, ext)])
    if want not in body.split("\n\n")[0]:
        bad.append("%s %s: no %r" % (name, cy, want))
for (name,) in c.execute("SELECT name FROM products"):
    if not re.search(r"^## %s$" % re.escape(name), md, re.M):
        bad.append("no heading for " + name)
print("\n".join(bad) if bad else "ok")
PY
$PY "$TEST_DIR/check_matrix.py" "$db" "$out/docs/lifecycle/index.md" \
    >"$TEST_DIR/matrix.log" 2>&1
grep -qx ok "$TEST_DIR/matrix.log"
[ $? = 0 ] && pass "the matrix lists every product and cycle with today's phase" || {
	fail "the matrix lists every product and cycle with today's phase"
	sed -e 's/^/#   /' "$TEST_DIR/matrix.log" | head -n 20
}
grep -A2 '^### Harbor Gateway 3\.0$' "$out/docs/lifecycle/index.md" |
    grep -q 'Phase on 2026-03-01: \*\*End of life\*\*'
[ $? = 0 ] && pass "harbor-gateway 3.0 is shown at its end of life" ||
    fail "harbor-gateway 3.0 is shown at its end of life"
grep -q 'Upgrade to 3.2; paid extended support ended' "$out/docs/lifecycle/index.md"
[ $? = 0 ] && pass "the matrix says what to do after end of life" ||
    fail "the matrix says what to do after end of life"

# HTML: xmllint's HTML parser predates HTML5, so its complaints about
# HTML5's elements are no error; anything else is.
html_ok()
{
	xmllint --html --noout "$1" 2>"$TEST_DIR/xmllint.log"
	! grep 'parser error' "$TEST_DIR/xmllint.log" |
	    grep -v 'Tag \(nav\|main\|header\|footer\|section\|article\|aside\|time\) invalid' |
	    grep -q .
}
for f in index policy; do
	check "site/lifecycle/$f.html is valid HTML" html_ok "$lc/$f.html"
done
grep -q '<h3>Harbor Gateway 3.0</h3>' "$lc/index.html" &&
    grep -A2 '<h3>Harbor Gateway 3.0</h3>' "$lc/index.html" | grep -q 'End of life'
[ $? = 0 ] && pass "the HTML matrix shows harbor-gateway 3.0 at its end of life" ||
    fail "the HTML matrix shows harbor-gateway 3.0 at its end of life"

for f in "$out/docs/lifecycle/policy.md" "$lc/policy.html"; do
	grep -q "12 months.*notice" "$f"
	[ $? = 0 ] && pass "${f#$out/}: 12 months' notice" ||
	    fail "${f#$out/}: 12 months' notice"
done
grep -q 'supported for 24 months' "$out/docs/lifecycle/policy.md" &&
    grep -q 'supported for 60 months' "$out/docs/lifecycle/policy.md"
[ $? = 0 ] && pass "the policy gives the standard and LTS periods" ||
    fail "the policy gives the standard and LTS periods"
grep -q 'E-mail to customers' "$out/docs/lifecycle/policy.md" &&
    grep -q 'Atom' "$out/docs/lifecycle/policy.md"
[ $? = 0 ] && pass "the policy names how an end of life is announced" ||
    fail "the policy names how an end of life is announced"
grep -q 'https://security.brightwater.example/lifecycle/all.json' \
    "$out/docs/lifecycle/policy.md" &&
    grep -q 'https://security.brightwater.example/lifecycle/harbor-gateway.yaml' \
    "$out/docs/lifecycle/policy.md"
[ $? = 0 ] && pass "the policy says where the data is" ||
    fail "the policy says where the data is"

# Nothing changed: nothing written (same inode, same mtime).
snapshot()
{
	(cd "$out" && find site/lifecycle docs/lifecycle -type f | sort |
	    while read -r f; do echo "$f $(stat -c '%i %Y.%y' "$f")"; done)
}
# A file written again is a new file renamed over the old one: a new inode.
snapshot >"$TEST_DIR/before"
h export lifecycle --out "$out"
expect_exit 0
snapshot >"$TEST_DIR/after"
cmp -s "$TEST_DIR/before" "$TEST_DIR/after"
[ $? = 0 ] && pass "a second export rewrites no file" || {
	fail "a second export rewrites no file"
	diff "$TEST_DIR/before" "$TEST_DIR/after" | sed -e 's/^/#   /' | head
}

# One product changes: only its files (and the pages) are written again.
$PY - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute("UPDATE cycles SET latest_version = '6.0.6' WHERE cycle = '6.0'"
              " AND product_id = (SELECT id FROM products"
              " WHERE slug = 'ledger-sync')").rowcount
c.commit()
sys.exit(0 if n == 1 else 1)
PY
h export lifecycle --out "$out"
expect_exit 0
snapshot >"$TEST_DIR/after"
changed=$(diff "$TEST_DIR/before" "$TEST_DIR/after" | sed -n 's/^> \([^ ]*\) .*/\1/p' |
    tr '\n' ' ')
[ "$changed" = "docs/lifecycle/index.md site/lifecycle/index.html site/lifecycle/ledger-sync.json site/lifecycle/ledger-sync.yaml " ]
[ $? = 0 ] && pass "after one change only that product and the matrix are written" ||
    fail "after one change only that product and the matrix are written (got: $changed)"
grep -q '"6.0.6"' "$lc/ledger-sync.json" && grep -q '"6.0.6"' "$lc/ledger-sync.yaml"
[ $? = 0 ] && pass "the new latest version is in the JSON and the YAML" ||
    fail "the new latest version is in the JSON and the YAML"

# Settings reach the policy.
h settings set lifecycle.notice-months 18
expect_exit 0
h settings set lifecycle.lts-months 84
expect_exit 0
h export lifecycle --out "$out"
expect_exit 0
grep -q 'at least 18 months before' "$out/docs/lifecycle/policy.md" &&
    grep -q 'supported for 84 months' "$out/docs/lifecycle/policy.md" &&
    grep -q '12 months.*notice' "$out/docs/lifecycle/policy.md"
[ $? = 0 ] && pass "the policy follows the lifecycle settings" ||
    fail "the policy follows the lifecycle settings"

# Hostile text. There is no command to add products yet (the console's
# products screen is the only way), so the rows go in with SQL, which
# also lets in what the console would refuse: control characters and
# invalid UTF-8.
$PY - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
t = "2026-01-01T00:00:00Z"
h = ("<script>alert(1)</script> ]]> \"quoted\" 'single' & | * _ # [x](javascript:alert(1))"
     " \u202eRTL\u202c zero\u200bwidth \U0001F600 \x01\x07 ctrl {{name}} - yes: no")
big = "long " * 20000
c.execute("INSERT INTO products (slug, name, description, created_at, updated_at)"
          " VALUES ('hostile', CAST(? AS TEXT), ?, ?, ?)",
          (h.encode() + b" \xff\xfe bad", big, t, t))
pid = c.execute("SELECT id FROM products WHERE slug = 'hostile'").fetchone()[0]
rows = [
    # cycle, release, active, security, eol, extended, lts, latest, after
    ("1.0" + h, "2024-01-01", "2025-01-01", "2025-06-01", "2025-12-01",
     "2027-01-01", 1, h, h + "\n\n# heading\n\n" + big),
    ("yes", None, None, None, None, None, 0, None, ""),
    ("2.0", "not-a-date", None, "2030-01-01", "2031-01-01", None, 0, "", ""),
    ("\u202e", "2025-02-30", None, None, "2029-01-01", None, 0, "\x00x", "\x1b[31m"),
]
for r in rows:
    c.execute("INSERT INTO cycles (product_id, cycle, release_date,"
              " active_support_end, security_support_end, eol,"
              " extended_support_end, is_lts, latest_version,"
              " post_eol_options, created_at, updated_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (pid,) + r + (t, t))
c.commit()
PY
h export lifecycle --out "$out"
expect_exit 0 "export with a hostile product"
for f in all hostile; do
	check "$f.json is valid JSON" $PY -m json.tool "$lc/$f.json"
done
cat >"$TEST_DIR/check_hostile.py" <<'PY'
import json, sys, yaml
lc = sys.argv[1]
j = json.load(open(lc + "/hostile.json", encoding="utf-8"))
y = yaml.safe_load(open(lc + "/hostile.yaml", encoding="utf-8"))
bad = []
if j != y:
    bad.append("YAML differs from JSON")
by = {c["cycle"]: c for c in j}
first = [c for c in j if c["cycle"].startswith("1.0<script>")]
if len(first) != 1:
    bad.append("hostile cycle name lost: %r" % list(by))
else:
    f = first[0]
    for s in ("]]>", "\u202eRTL", "zero\u200bwidth", "\U0001F600", "{{name}}"):
        if s not in f["cycle"] or s not in f.get("latest", ""):
            bad.append("%r lost" % s)
    if "\x01" in f["cycle"] or "\x07" in f["latest"]:
        bad.append("control characters kept")
    if (f["support"], f["eol"], f["extendedSupport"], f["lts"]) != (
            "2025-01-01", "2025-06-01", "2027-01-01", True):
        bad.append("dates %r" % f)
want = {"yes": {"cycle": "yes", "support": True, "eol": False,
                "extendedSupport": False, "lts": False, "link": None},
        "2.0": {"cycle": "2.0", "support": "2030-01-01", "eol": "2030-01-01",
                "extendedSupport": False, "lts": False, "link": None}}
for k, w in want.items():
    if by.get(k) != w:
        bad.append("%s: %r, expected %r" % (k, by.get(k), w))
odd = by.get("\u202e", {})
if "releaseDate" in odd or odd.get("eol") != "2029-01-01":
    bad.append("an impossible date is no date: %r" % odd)
print("\n".join(bad) if bad else "ok")
PY
$PY "$TEST_DIR/check_hostile.py" "$lc" >"$TEST_DIR/hostile.log" 2>&1
grep -qx ok "$TEST_DIR/hostile.log"
[ $? = 0 ] && pass "hostile names and dates: JSON = YAML, text kept, unknown dates false" || {
	fail "hostile names and dates: JSON = YAML, text kept, unknown dates false"
	sed -e 's/^/#   /' "$TEST_DIR/hostile.log" | head -n 20
}
check_data
[ $? = 0 ] && pass "every product's data still agrees with the database" ||
    fail "every product's data still agrees with the database"
for f in index policy; do
	check "site/lifecycle/$f.html with hostile names is valid HTML" \
	    html_ok "$lc/$f.html"
	! grep -q '<script\|href="javascript' "$lc/$f.html"
	[ $? = 0 ] && pass "site/lifecycle/$f.html: no markup from the data" ||
	    fail "site/lifecycle/$f.html: no markup from the data"
done
grep -q '&lt;script&gt;alert(1)&lt;/script&gt; \]\]&gt;' "$lc/index.html"
[ $? = 0 ] && pass "the hostile name shows, escaped" ||
    fail "the hostile name shows, escaped"
[ "$(grep -c 'long long long' "$lc/index.html")" -ge 2 ]
[ $? = 0 ] && pass "100,000-character texts are there" ||
    fail "100,000-character texts are there"

# The Markdown builds with MkDocs, strictly, with nothing raw let through.
if have mkdocs; then
	mk="$TEST_DIR/mk"
	mkdir -p "$mk"
	cp -R "$out/docs" "$mk/docs"
	cat >"$mk/mkdocs.yml" <<'EOF'
site_name: lifecycle test
nav:
  - Supported versions: lifecycle/index.md
  - Lifecycle policy: lifecycle/policy.md
EOF
	(cd "$mk" && mkdocs build --strict --quiet) >"$TEST_DIR/mkdocs.log" 2>&1
	_r=$?
	[ $_r = 0 ] && pass "mkdocs build --strict" || {
		fail "mkdocs build --strict"
		sed -e 's/^/#   /' "$TEST_DIR/mkdocs.log" | head -n 20
	}
	! grep -q '<script>alert\|href="javascript' "$mk/site/lifecycle/index.html"
	[ $? = 0 ] && pass "MkDocs' page carries no markup from the data" ||
	    fail "MkDocs' page carries no markup from the data"
else
	note "mkdocs is not installed: the Markdown build is not checked"
fi

# Slugs that cannot name a file are refused, naming the product.
for bad in all ../escape 'a/b'; do
	cp "$db" "$TEST_DIR/bad.db"
	$PY - "$TEST_DIR/bad.db" "$bad" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE products SET slug = ? WHERE slug = 'hostile'", (sys.argv[2],))
c.commit()
PY
	run "$HERALD" --db "$TEST_DIR/bad.db" export lifecycle --out "$TEST_DIR/bad"
	[ "$rc" != 0 ] && grep -q "slug \"$bad\"" "$ERR"
	[ $? = 0 ] && pass "slug \"$bad\" is refused, named" ||
	    fail "slug \"$bad\" is refused, named"
	[ ! -e "$TEST_DIR/escape.json" ] && [ ! -e "$TEST_DIR/bad/site/escape.json" ]
	[ $? = 0 ] && pass "slug \"$bad\": nothing written outside lifecycle/" ||
	    fail "slug \"$bad\": nothing written outside lifecycle/"
done

finish
