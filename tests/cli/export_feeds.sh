#!/bin/sh
# tests/cli/export_feeds.sh - herald export feeds on the demo: Atom valid
# by RFC 4287's RELAX NG schema (and the validator shown to fail on a
# broken feed), RSS with what RSS 2.0 requires, the incident ID in every
# title, one entry per published public item, nothing rewritten when
# nothing changed, feed.entries, and a hostile communication that still
# gives valid feeds reading back as written.
. "$top_srcdir/tests/lib.sh"

have xmllint || skip_all "xmllint is not installed"
have python3 || skip_all "python3 is not installed"

rng="$top_srcdir/tests/fixtures/schemas/atom.rng"
db="$TEST_DIR/demo.db"
out="$TEST_DIR/out"
atom="$out/site/feed.atom"
rss="$out/site/feed.rss"
demo_db "$db" || { echo "Bail out! no demo database"; exit 99; }
h()
{
	run herald --db "$db" "$@"
}

# xp EXPR FILE: the XPath value (namespaces by local-name()).
xp()
{
	xmllint --xpath "$1" "$2" 2>/dev/null
}
E='*[local-name()="entry"]'

# The published items the site shows: public or customers.
n_public()
{
	herald --db "$db" comm list --json | python3 -c 'import json, sys
print(sum(1 for c in json.load(sys.stdin)
    if c["state"] in ("published", "withdrawn")
    and c["audience"] in ("public", "customers")))'
}

# valid FILE: the Atom schema, and RFC 4287's two rules RELAX NG cannot
# say (an author for the feed, an alternate link on every entry).
valid()
{
	xmllint --noout --relaxng "$rng" "$1" >/dev/null 2>&1 &&
	    [ "$(xp "count(/*/*[local-name()='author'])" "$1")" = 1 ] &&
	    [ "$(xp "count(//$E[not(*[local-name()='link'][@rel='alternate'])])" \
	    "$1")" = 0 ]
}

# Every file of the export with its inode, change time and checksum.
snapshot()
{
	(cd "$out" && find site -type f | sort | while read -r f; do
		printf '%s %s %s\n' "$f" "$(stat -c '%i %y' "$f")" \
		    "$(cksum <"$f")"
	done)
}

h export feeds --out "$out"
expect_exit 0
expect_out 'exported feeds'
check "site/feed.atom written" test -s "$atom"
check "site/feed.rss written" test -s "$rss"
check "feed.atom is valid Atom" valid "$atom"
run xmllint --noout --relaxng "$rng" "$atom"
expect_exit 0 "xmllint --relaxng atom.rng feed.atom passes"
check "feed.atom starts with the XML declaration, UTF-8" \
    grep -q '^<?xml version="1.0" encoding="UTF-8"?>$' "$atom"

want=$(n_public)
note "published public items: $want"
[ "$want" -gt 3 ] && [ "$(xp "count(//$E)" "$atom")" = "$want" ]
_result $? "one entry per published public item ($want)"

# Each title is "REF: title" (with [withdrawn] when it is), in the order
# of the newest update; ids are tag: URIs, unique, matched by the RSS
# guids.
cat >"$TEST_DIR/titles.py" <<'EOF'
import json, subprocess, sys
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
herald, db, atom, rss = sys.argv[1:5]
comms = json.loads(subprocess.check_output([herald, "--db", db, "comm",
    "list", "--json"]))
feed = ET.parse(atom).getroot()
entries = feed.findall(A + "entry")
titles = [e.findtext(A + "title") for e in entries]
ids = [e.findtext(A + "id") for e in entries]
bad = []
for c in comms:
    if c["state"] not in ("published", "withdrawn") or \
       c["audience"] not in ("public", "customers"):
        continue
    ref = c.get("incident")
    if ref is None:         # an end-of-life notice: EOL-<product>-<cycle>
        ref = "EOL-" + c["cycle"].replace(" ", "-")
    t = "%s: %s%s" % (ref, c["title"],
        " [withdrawn]" if c["state"] == "withdrawn" else "")
    if t not in titles:
        bad.append(t)
ups = [e.findtext(A + "updated") for e in entries]
if ups != sorted(ups, reverse=True):
    bad.append("entries not newest first: %s" % ups)
if len(set(ids)) != len(ids) or \
   not all(i.startswith("tag:security.brightwater.example,") for i in ids):
    bad.append("ids: %s" % ids)
if feed.findtext(A + "updated") != max(ups):
    bad.append("feed updated is not the newest entry's")
channel = ET.parse(rss).getroot().find("channel")
guids = [i.findtext("guid") for i in channel.findall("item")]
if guids != ids:
    bad.append("guids differ from ids")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
run python3 "$TEST_DIR/titles.py" "$HERALD" "$db" "$atom" "$rss"
expect_exit 0 "every title carries its incident ID; order, ids and guids"

# RSS 2.0: well-formed, with what the specification requires.
run xmllint --noout "$rss"
expect_exit 0 "feed.rss is well-formed"
[ "$(xp 'string(/rss/@version)' "$rss")" = 2.0 ] &&
    [ "$(xp 'count(/rss/channel/title|/rss/channel/link|/rss/channel/description)' \
    "$rss")" = 3 ] &&
    [ "$(xp 'string(/rss/channel/*[local-name()="link"][@rel="self"]/@href)' \
    "$rss")" = "https://security.brightwater.example/feed.rss" ]
_result $? "RSS channel: version, title, link, description, atom:link self"
[ "$(xp 'count(/rss/channel/item)' "$rss")" = "$want" ] &&
    [ "$(xp 'count(/rss/channel/item[not(title) or not(link) or
    not(guid[@isPermaLink="false"]) or not(pubDate) or not(description)])' \
    "$rss")" = 0 ]
_result $? "RSS: every item has title, link, guid, pubDate, description"
xp '/rss/channel/item/pubDate/text()|/rss/channel/lastBuildDate/text()' \
    "$rss" >"$TEST_DIR/dates"
! grep -Evq '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} \+0000$' \
    "$TEST_DIR/dates" && [ -s "$TEST_DIR/dates" ]
_result $? "RSS dates are RFC 822"

# A feed per product with public items, valid too.
n=0
for f in "$out"/site/products/*/feed.atom; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	valid "$f" || fail "$f is valid Atom"
done
[ "$n" -gt 0 ]
_result $? "product feeds written ($n) and valid"

# The validator can say no: without its id, or an entry's title, the
# feed is refused.
sed '0,/<id>/{/<id>/d}' "$atom" >"$TEST_DIR/noid.atom"
[ "$(grep -c '<id>' "$TEST_DIR/noid.atom")" -lt "$(grep -c '<id>' "$atom")" ]
_result $? "the broken copy lost the feed's id"
run xmllint --noout --relaxng "$rng" "$TEST_DIR/noid.atom"
expect_exit 3 "a feed without its id fails xmllint --relaxng"
sed '0,/<entry>/b; 0,/<title>/{/<title>/d}' "$atom" >"$TEST_DIR/notitle.atom"
[ "$(xp "count(//$E[not(*[local-name()='title'])])" \
    "$TEST_DIR/notitle.atom")" = 1 ]
_result $? "the other broken copy has an entry without a title"
run xmllint --noout --relaxng "$rng" "$TEST_DIR/notitle.atom"
expect_exit 3 "an entry without a title fails xmllint --relaxng"
sed 's|<updated>2026|<updated>26|' "$atom" >"$TEST_DIR/baddate.atom"
run xmllint --noout --relaxng "$rng" "$TEST_DIR/baddate.atom"
expect_exit 3 "a date that is not RFC 3339 fails xmllint --relaxng"

# Again, nothing changed: the same bytes, not even rewritten.
snapshot >"$TEST_DIR/before"
cp "$atom" "$TEST_DIR/first.atom"
h export feeds --out "$out"
expect_exit 0
expect_out ' 0 files written'
snapshot >"$TEST_DIR/after"
check "a second export leaves every file as it was (bytes, inode, mtime)" \
    cmp "$TEST_DIR/before" "$TEST_DIR/after"
# From scratch, the same bytes.
h export feeds --out "$TEST_DIR/again"
expect_exit 0
check "an export into a new directory gives the same feed.atom" \
    cmp "$atom" "$TEST_DIR/again/site/feed.atom"
check "... and the same feed.rss" cmp "$rss" "$TEST_DIR/again/site/feed.rss"

# feed.entries: the newest N.
h settings set feed.entries 3
expect_exit 0
h export feeds --out "$out"
expect_exit 0
[ "$(xp "count(//$E)" "$atom")" = 3 ] &&
    [ "$(xp 'count(/rss/channel/item)' "$rss")" = 3 ]
_result $? "feed.entries 3: three entries in each feed"
check "with a limit, still valid" valid "$atom"
h settings set feed.entries 0
expect_exit 0
h export feeds --out "$out"
expect_exit 0
check "feed.entries 0: all of them again, the same bytes" \
    cmp "$atom" "$TEST_DIR/first.atom"

# What each entry was before the next communication is published.
xp "//$E/*[local-name()='id' or local-name()='updated']/text()" "$atom" |
    paste - - | sort >"$TEST_DIR/entries.before"
[ "$(wc -l <"$TEST_DIR/entries.before")" = "$want" ]
_result $? "each entry's id and updated noted"

# A hostile communication: markup, "]]>", quotes, right-to-left and
# zero-width characters, emoji, a 100,000-character summary; published
# through the command line, then control characters and invalid UTF-8
# put where the command line would refuse them.
hostile=$(hostile_text)
pbdir=$(playbook_dir)
{
	playbook_head feed-flow "Feed test advisory"
	playbook_facts plain-summary long-text
	playbook_end web markdown "Web page"
} >"$pbdir/feed-flow.yaml"
comm_on_incident feed-flow "$hostile"
{
	printf '%s ' "$hostile"
	python3 -c 'import sys; sys.stdout.write("word " * 20000)'
} >"$TEST_DIR/big.txt"
comm_set "$id" plain-summary --file "$TEST_DIR/big.txt"
publish_by_hand h "$id" facts
poke_snapshot "$db" "$id" '
snap["plain-summary"] = "ctl\x01\x1b[31m\ufffe\uffff " + snap["plain-summary"]
c.execute("UPDATE communications SET title = title || CAST(? AS TEXT) "
    "WHERE id = ?", (b" \xff\xfe\x01\xc3\x28", n))'
h export feeds --out "$out"
expect_exit 0
check "with the hostile communication, feed.atom is valid Atom" valid "$atom"
run xmllint --noout "$rss"
expect_exit 0 "with the hostile communication, feed.rss is well-formed"
[ "$(xp "count(//$E)" "$atom")" = "$((want + 1))" ]
_result $? "one entry more"
! grep -Fq ']]>' "$atom" && ! grep -Fq '<script' "$atom" &&
    ! grep -Fq ']]>' "$rss" && ! grep -Fq '<script' "$rss"
_result $? "markup and ]]> stay text"
cat >"$TEST_DIR/hostile.py" <<'EOF'
import sys
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
atom, rss, ref, hostile = sys.argv[1:5]
hostile = hostile.encode("utf-8", "surrogateescape").decode("utf-8")
bad = []
e = [e for e in ET.parse(atom).getroot().findall(A + "entry")
     if e.findtext(A + "title").startswith(ref + ": ")]
if len(e) != 1:
    sys.exit("no entry for %s" % ref)
title, summary = e[0].findtext(A + "title"), e[0].findtext(A + "summary")
if not title.startswith("%s: %s " % (ref, hostile)):
    bad.append("title: %r" % title)
if any(ord(ch) < 32 or 0x7f <= ord(ch) <= 0x9f or ord(ch) in (0xfffe, 0xffff)
       for ch in title + summary):
    bad.append("a control character got through")
if "\ufffd" not in title:
    bad.append("invalid UTF-8 not shown as U+FFFD: %r" % title)
if not summary.startswith("ctl[31m " + hostile + " word word"):
    bad.append("summary: %r" % summary[:200])
if not 400 <= len(summary) <= 501 or not summary.endswith("\u2026"):
    bad.append("summary of %d characters" % len(summary))
item = [i for i in ET.parse(rss).getroot().iter("item")
        if i.findtext("title") == title]
if len(item) != 1:
    bad.append("no RSS item titled as the entry")
elif "&lt;script&gt;" not in item[0].findtext("description"):
    bad.append("RSS description not escaped as HTML")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
run python3 "$TEST_DIR/hostile.py" "$atom" "$rss" "$ref" "$hostile"
expect_exit 0 "hostile text reads back as written, cleaned, summary cut"

# The entries that were there keep their ids and dates.
xp "//$E/*[local-name()='id' or local-name()='updated']/text()" "$atom" |
    paste - - | sort >"$TEST_DIR/entries.after"
check "other entries keep their id and updated" \
    sh -c "comm -23 '$TEST_DIR/entries.before' '$TEST_DIR/entries.after' |
    wc -l | grep -qx 0"

finish
