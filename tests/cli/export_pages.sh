#!/bin/sh
# tests/cli/export_pages.sh - herald export markdown, html and changelog on
# the demo: a tree MkDocs builds with --strict, HTML pages every parser
# reads, each with its incident ID, the link to the external post-incident
# report, the withdrawn page kept with its notice, hostile text written
# literally, links that lead somewhere, nothing rewritten by a second
# export, and after one update only what it touched.
. "$top_srcdir/tests/lib.sh"

have python3 || skip_all "python3 is not installed"
have xmllint || skip_all "xmllint is not installed"
MKDOCS=$(command -v mkdocs || echo /usr/bin/mkdocs)
[ -x "$MKDOCS" ] || skip_all "mkdocs is not installed (see dev.sh)"

db="$TEST_DIR/demo.db"
out="$TEST_DIR/out"
demo_db "$db" || skip_all "no demo database"
h()
{
	run "$HERALD" --db "$db" "$@"
}
# The demo's author.
ha()
{
	run "$HERALD" --db "$db" --as alice "$@"
}

h template import
expect_exit 0

# py SCRIPT ARGS...: run a Python check; its output is the detail.
py()
{
	_code=$1
	shift
	python3 -c "$_code" "$@" >"$OUT" 2>"$ERR" </dev/null
	rc=$?
}

# The id of the demo's communication of KIND about REF.
comm_id()
{
	"$HERALD" --db "$db" comm list "$2" --json | python3 -c '
import json, sys
for c in json.load(sys.stdin):
    if c["kind"] == sys.argv[1]:
        print(c["id"], c["state"])
        break' "$1"
}

# The demo's external post-incident report about SEC-2026-001, published.
set -- $(comm_id pir-external SEC-2026-001)
pir_id=${1:-}
if [ -n "$pir_id" ] && [ "${2:-}" = in-review ]; then
	approve_by_hand "$db" "$pir_id" && ha comm publish "$pir_id"
	expect_exit 0 "the demo's external post-incident report is published"
fi

# A notice full of hostile text, on a playbook of our own.
pbdir=$(playbook_dir)
{
	cat <<'EOF'
playbook: hostile-notice
version: "1"
title: Notice for the export test
kind: customer-notice
audience: customers
steps:
  - id: facts
    kind: form
    title: The facts
    fields:
      - id: details
        type: long-text
        label: Details
        required: true
EOF
	playbook_end page html "Notice page"
} >"$pbdir/hostile-notice.yaml"
python3 - "$TEST_DIR/hostile.txt" <<'EOF'
import sys
text = ("<script>alert(1)</script> ]]> \"quoted\" & 'single'\n"
        "# not a heading\n    not code\n1. not a list\n> not a quote\n"
        "[click](javascript:alert(2)) <img src=x onerror=alert(3)>\n"
        "\u202eRTL\u202c zero\u200bwidth emoji \U0001F525 {{mustache}}\n\n"
        "- item <b>one</b>\n- item *two*\n\n" + "x" * 100000 + "\n")
open(sys.argv[1], "w", encoding="utf-8").write(text)
EOF
hostile_title='<script>alert("t")</script> ]]> & "Q" '"$(printf '\342\200\256')"'RTL emoji '"$(printf '\360\237\224\245')"
ha comm new SEC-2026-004 --playbook hostile-notice --title "$hostile_title" \
    --json
expect_exit 0
hid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$OUT")
ha comm set "$hid" details --file "$TEST_DIR/hostile.txt"
expect_exit 0
publish_by_hand ha "$hid" facts
check "the hostile notice is published" [ "$rc" = 0 ]

# Bytes the console would refuse, written behind herald's back into the
# title of SEC-2026-005's advisory: invalid UTF-8, a control character, a
# tab and a byte-order mark. The model cleans them; the pages stay valid.
set -- $(comm_id advisory SEC-2026-005)
bid=${1:-0}
# The published title is the snapshot's answer: raw bytes in its JSON.
poke_snapshot "$db" "$bid" 'snap["title"] = "@@RAW@@"' \
    'b"Bad\xff byte\x07 and tab:\\t\xef\xbb\xbf end"'
check "a title with invalid bytes is stored" [ "$bid" != 0 ]

# --- the first export ------------------------------------------------------
for kind in markdown html changelog; do
	h export "$kind" --out "$out" --json
	expect_exit 0
	[ "$(json_get 'd["written"] > 0')" = true ] &&
	    pass "export $kind writes files" || fail "export $kind writes files"
done
check "mkdocs.yml at the root" [ -f "$out/mkdocs.yml" ]
check "docs/index.md" [ -f "$out/docs/index.md" ]
check "site/index.html" [ -f "$out/site/index.html" ]
check "site/style.css" [ -s "$out/site/style.css" ]
check "site/changelog.html" [ -f "$out/site/changelog.html" ]
check "docs/changelog.md" [ -f "$out/docs/changelog.md" ]
for s in advisories notices reports eol; do
	check "$s index, Markdown and HTML" [ -f "$out/docs/$s/index.md" -a \
	    -f "$out/site/$s/index.html" ]
done

run "$MKDOCS" build --strict -f "$out/mkdocs.yml" -d "$TEST_DIR/mkdocs-site"
expect_exit 0 "mkdocs build --strict passes"
py '
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
assert c["docs_dir"] == "docs" and c["site_name"], c
def walk(n):
    for e in n:
        if isinstance(e, dict):
            for v in e.values():
                yield from (walk(v) if isinstance(v, list) else [v])
        else:
            yield e
import os
listed = set(walk(c["nav"]))
pages = {os.path.relpath(os.path.join(d, f), sys.argv[2])
         for d, _, fs in os.walk(sys.argv[2]) for f in fs if f.endswith(".md")}
assert listed == pages, (sorted(pages - listed), sorted(listed - pages))
' "$out/mkdocs.yml" "$out/docs"
expect_exit 0 "mkdocs.yml: site_name, docs_dir, and a nav of every page"

# Every HTML page parses without a complaint.
bad=0
for f in $(find "$out/site" -name '*.html'); do
	if ! xmllint --html --noout "$f" >"$TEST_DIR/xl" 2>&1 ||
	    [ -s "$TEST_DIR/xl" ]; then
		bad=$((bad + 1))
		note "$f:"
		head -n 5 "$TEST_DIR/xl" | sed 's/^/#   /'
	fi
done
check "every HTML page parses with xmllint --html" [ "$bad" = 0 ]

# Every page of a communication carries its incident ID in its title and
# heading, the layout's parts, and a stylesheet link that resolves.
py '
import os, re, sys
site = sys.argv[1]
n = 0
for sec in ("advisories", "notices", "reports", "eol"):
    for f in os.listdir(os.path.join(site, sec)):
        if f == "index.html":
            continue
        p = os.path.join(site, sec, f)
        t = open(p, encoding="utf-8").read()
        m = re.search(r"<h1>((?:SEC-\d{4}-\d{3})|(?:EOL-[^:]+)): ", t)
        assert m, p
        assert re.search(r"<title>" + re.escape(m.group(1)) + ": ", t), p
        assert t.startswith("<!DOCTYPE html>"), p
        assert "<html lang=\"" in t and "class=\"skip\" href=\"#main\"" in t, p
        assert "href=\"../style.css\"" in t and "href=\"../index.html\"" in t, p
        assert "Revision history" in t, p
        md = os.path.join(site, "..", "docs", sec, f[:-5] + ".md")
        assert m.group(1) in open(md, encoding="utf-8").read(), md
        n += 1
assert n >= 8, n
print(n)
' "$out/site"
expect_exit 0 "each page has its incident ID, the layout and a history"

# Relative links lead to files that are there (feeds, the lifecycle pages
# and the disclosure policy are other exporters').
py '
import os, re, sys
site = sys.argv[1]
bad = []
for d, _, fs in os.walk(site):
    for f in fs:
        if not f.endswith(".html"):
            continue
        p = os.path.join(d, f)
        for h in re.findall(r"href=\"([^\"]*)\"", open(p, encoding="utf-8").read()):
            if re.match(r"[a-z]+:", h) or h.startswith("#"):
                continue
            h = h.split("#")[0]
            if h.startswith(("feed.", "lifecycle/", "policy/")) or \
                    re.search(r"(^|/)(feed\.(atom|rss)|lifecycle/|policy/)", h):
                continue
            if not os.path.exists(os.path.normpath(os.path.join(d, h))):
                bad.append((p, h))
assert not bad, bad[:5]
' "$out/site"
expect_exit 0 "relative links in the HTML lead somewhere"

# The advisory links to the incident's external post-incident report.
if [ -n "$pir_id" ]; then
	adv=$(grep -l '<h1>SEC-2026-001: Harbor Gateway 3.1' "$out"/site/advisories/*.html | head -n 1)
	check "SEC-2026-001's advisory page is there" [ -n "$adv" ]
	check "the advisory links to the post-incident report" \
	    grep -q 'href="../reports/sec-2026-001-pir-external.html"' "$adv"
	check "the report page is there" \
	    [ -f "$out/site/reports/sec-2026-001-pir-external.html" ]
	check "the Markdown links to the report's .md" \
	    grep -q '](../reports/sec-2026-001-pir-external.md)' \
	    "$out/docs/advisories/$(basename "$adv" .html).md"
	check "the reports index lists it" \
	    grep -q 'href="sec-2026-001-pir-external.html"' \
	    "$out/site/reports/index.html"
fi

# A withdrawn advisory keeps its page, saying so.
wd=$(grep -l '<h1>SEC-2025-001: ' "$out"/site/advisories/*.html | head -n 1)
check "the withdrawn advisory keeps its page" [ -n "$wd" ]
check "with a withdrawal notice" grep -q '<h2>Withdrawn</h2>' "$wd"
check "titled as withdrawn" grep -q '<title>SEC-2025-001: .*(withdrawn)' "$wd"
check "the changelog says it was removed" grep -q '<h3>Removed</h3>' \
    "$out/site/changelog.html"

# Invalid bytes come out as U+FFFD, control characters not at all.
check "invalid UTF-8 in a title reads as U+FFFD" \
    grep -q "<h1>SEC-2026-005: Bad$(printf '\357\277\275') byte and tab:" \
    "$out/site/advisories/sec-2026-005-advisory.html"
check "no control character reaches a page" \
    sh -c "! grep -qr '$(printf '\007')' '$out/site' '$out/docs' '$out/mkdocs.yml'"

# Hostile text reads as text, in HTML, Markdown and what MkDocs makes.
hp=$(grep -l '<h1>SEC-2026-004: &lt;script&gt;alert(&quot;t&quot;)' \
    "$out"/site/notices/*.html | grep -v '/index\.html$' | head -n 1)
check "the hostile notice has a page" [ -n "$hp" ]
hm="$out/docs/notices/$(basename "$hp" .html).md"
py '
import sys
html = open(sys.argv[1], encoding="utf-8").read()
md = open(sys.argv[2], encoding="utf-8").read()
built = open(sys.argv[3], encoding="utf-8").read()
for bad in ("<script", "<img", "<b>one", "<em>two", "href=\"javascript",
            "<h1>not a heading", "<pre>", "<ol>", "<blockquote>"):
    assert bad not in html, bad
for good in ("<h1>SEC-2026-004: &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; ]]&gt; &amp; &quot;Q&quot; \u202eRTL emoji \U0001F525</h1>",
             "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &quot;quoted&quot; &amp; \x27single\x27",
             "# not a heading<br />", "1. not a list<br />",
             "&gt; not a quote<br />",
             "[click](javascript:alert(2)) &lt;img src=x onerror=alert(3)&gt;",
             "\u202eRTL\u202c zero\u200bwidth emoji \U0001F525 {{mustache}}",
             "<li>item &lt;b&gt;one&lt;/b&gt;</li>", "<li>item *two*</li>",
             "x" * 100000):
    assert good in html, good[:80]
assert "<script>alert" not in md and "x" * 100000 in md
for bad in ("<script>alert", "<img src=\"x\"", "<b>one", "href=\"javascript"):
    assert bad not in built, bad
for good in ("&lt;script&gt;alert(1)&lt;/script&gt;", "x" * 100000,
             "\u202eRTL\u202c zero\u200bwidth emoji \U0001F525"):
    assert good in built, good[:80]
' "$hp" "$hm" "$TEST_DIR/mkdocs-site/notices/$(basename "$hp")"
expect_exit 0 "hostile text is literal in the HTML, the Markdown and MkDocs' page"
check "mkdocs.yml's titles are never markup" \
    sh -c "! grep -q '<script' '$out/mkdocs.yml'"
check "the changelog lists the hostile notice, escaped" \
    grep -q 'SEC-2026-004: <a href="notices/[^"]*">&lt;script&gt;alert(&quot;t&quot;)' \
    "$out/site/changelog.html"
check "no script tag anywhere in the site's pages" \
    sh -c "! grep -rl '<script' '$out/site' --include='*.html'"

# --- a second export writes nothing ---------------------------------------
snap()
{
	(cd "$out" && find . -type f ! -name '.herald-export.json' \
	    -exec stat -c '%n %i %y %s' {} + | sort) >"$1"
}
snap "$TEST_DIR/snap1"
for kind in markdown html changelog; do
	h export "$kind" --out "$out" --json
	expect_exit 0
	[ "$(json_get 'd["written"]')" = 0 ] &&
	    pass "export $kind again writes nothing" ||
	    fail "export $kind again writes nothing"
done
snap "$TEST_DIR/snap2"
check "every file untouched (inode, time, size)" \
    cmp -s "$TEST_DIR/snap1" "$TEST_DIR/snap2"
h export markdown --out "$out" --json
[ "$(json_get 'd["kept"] >= 10')" = true ] &&
    pass "unchanged pages are not even rendered" ||
    fail "unchanged pages are not even rendered"

# --- one update: its pages, the indexes and the changelog ------------------
ha comm update "$hid" --reason correction --note "a typo"
expect_exit 0
printf 'Corrected text.\n' >"$TEST_DIR/fixed.txt"
ha comm set "$hid" details --file "$TEST_DIR/fixed.txt"
expect_exit 0
publish_by_hand ha "$hid" facts
check "the update is published" [ "$rc" = 0 ]
for kind in markdown html changelog; do
	h export "$kind" --out "$out"
	expect_exit 0
done
snap "$TEST_DIR/snap3"
stem=$(basename "$hp" .html)
py '
import sys
def load(p):
    return {l.split(" ", 1)[0]: l.split(" ", 1)[1] for l in open(p)}
a, b = load(sys.argv[1]), load(sys.argv[2])
changed = {k for k in b if a.get(k) != b[k]}
stem = sys.argv[3]
expect = {"./docs/notices/%s.md" % stem, "./site/notices/%s.html" % stem,
          "./docs/index.md", "./site/index.html",
          "./docs/notices/index.md", "./site/notices/index.html",
          "./docs/changelog.md", "./site/changelog.html"}
must = {"./docs/notices/%s.md" % stem, "./site/notices/%s.html" % stem,
        "./docs/changelog.md", "./site/changelog.html"}
assert must <= changed, sorted(must - changed)
assert changed <= expect, sorted(changed - expect)
print(sorted(changed))
' "$TEST_DIR/snap2" "$TEST_DIR/snap3" "$stem"
expect_exit 0 "after one update only its pages, the indexes and the changelog change"
check "the page shows the correction" grep -q 'Corrected text.' "$hp"
check "and its history" grep -q 'Revision 2, 2026-03-01: Correction: a typo' "$hp"
check "the changelog lists the correction under Fixed" \
    python3 -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
i = t.index("<h3>Fixed</h3>")
assert re.search(r"revision 2, correction: a typo", t[i:]), t[i:i+500]
' "$out/site/changelog.html"
run "$MKDOCS" build --strict -f "$out/mkdocs.yml" -d "$TEST_DIR/mkdocs-site"
expect_exit 0 "mkdocs build --strict still passes"

finish
