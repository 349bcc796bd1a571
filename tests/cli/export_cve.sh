#!/bin/sh
# tests/cli/export_cve.sh - herald export cve: a CVE JSON 5 record per CVE
# of the demo's public advisories, each valid by the CVE Record Format
# schema (Ajv 8 + ajv-formats, shown to say no to broken records), written
# again only when its advisory changes, the same bytes from scratch; a
# hostile advisory (markup, quotes, right-to-left and zero-width
# characters, emoji, a 100,000-character summary, control characters and
# invalid UTF-8) still gives a valid record, its text cut to the schema's
# limits; and the unit test's hand-made records are valid too.
. "$top_srcdir/tests/lib.sh"

node_validators
schemas="$top_srcdir/tests/fixtures/schemas/cve"

# valid FILE...: every record passes the CVE schema.
valid()
{
	NODE_PATH="$vdir/node_modules" node "$top_srcdir/tests/validators/cve.js" \
	    --schema "$schemas/CVE_Record_Format_bundled.json" "$@"
}

# --- the validator itself ----------------------------------------------------

run valid "$schemas/full-record-basic-example.json" \
    "$schemas/full-record-advanced-example.json"
expect_exit 0 "the two official example records are valid"
python3 - "$schemas/full-record-basic-example.json" "$TEST_DIR" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
out = sys.argv[2]
a = json.loads(json.dumps(d)); del a["cveMetadata"]["cveId"]
json.dump(a, open(out + "/no-id.json", "w"))
b = json.loads(json.dumps(d))
b["containers"]["cna"]["references"][0]["url"] = "https://example.org/a b"
json.dump(b, open(out + "/bad-uri.json", "w"))
c = json.loads(json.dumps(d))
c["containers"]["cna"]["descriptions"][0]["value"] = "x" * 4097
json.dump(c, open(out + "/too-long.json", "w"))
EOF
run valid "$TEST_DIR/no-id.json"
expect_exit 1 "a record without its cveId is refused"
expect_out "must have required property 'cveId'"
run valid "$TEST_DIR/bad-uri.json"
expect_exit 1 "a reference that is not a URI is refused (formats are checked)"
expect_out 'must match format "uri"'
run valid "$TEST_DIR/too-long.json"
expect_exit 1 "a description of 4,097 characters is refused"

# --- the demo ----------------------------------------------------------------

db="$TEST_DIR/demo.db"
out="$TEST_DIR/out"
cve="$out/site/cve"
demo_db "$db" || { echo "Bail out! no demo database"; exit 99; }
h()
{
	run herald --db "$db" "$@"
}

# The CVE IDs herald should write a record for: those of each published
# public advisory that finds a product affected or fixed, unless its
# incident is still under embargo.
expected()
{
	python3 - "$HERALD" "$db" "$HERALD_NOW" <<'EOF'
import json, subprocess, sys
herald, db, now = sys.argv[1:4]
def q(*a):
    return json.loads(subprocess.check_output([herald, "--db", db] +
        list(a) + ["--json"]))
ids = set()
for c in q("comm", "list"):
    if c["state"] != "published" or c["kind"] != "advisory" or \
       c["audience"] not in ("public", "customers"):
        continue
    a = {x["field"]: x["value"] for x in q("comm", "show", str(c["id"]))["answers"]}
    rows = json.loads(a.get("products") or "[]")
    if not any(r["status"] in ("known_affected", "fixed") for r in rows):
        continue
    emb = q("incident", "show", c["incident"]).get("embargo_until")
    if emb and emb > now:
        continue
    ids.update(x for x in (a.get("cves") or "").split("\n") if x)
print("\n".join(sorted(ids)))
EOF
}

h export cve --out "$out"
expect_exit 0 "export cve of the demo"
expect_out '^exported cve to '
expected >"$TEST_DIR/want"
(cd "$cve" 2>/dev/null && ls | sed 's/\.json$//' | sort) >"$TEST_DIR/got"
[ -s "$TEST_DIR/want" ]
_result $? "the demo's advisories name CVE IDs ($(wc -l <"$TEST_DIR/want"))"
check "one record per CVE of a public advisory, no more" \
    cmp "$TEST_DIR/want" "$TEST_DIR/got"
run valid "$cve"/*.json
expect_exit 0 "every record of the demo is valid by the CVE schema"

cat >"$TEST_DIR/shape.py" <<'EOF'
import json, os, sys
bad = []
for f in sys.argv[1:]:
    d = json.load(open(f))
    m, c = d["cveMetadata"], d["containers"]["cna"]
    name = os.path.basename(f)[:-5]
    if m["cveId"] != name:
        bad.append("%s holds %s" % (name, m["cveId"]))
    if m["state"] != "PUBLISHED" or d["dataVersion"] != "5.1":
        bad.append("%s: state or version" % name)
    if m["assignerOrgId"] != c["providerMetadata"]["orgId"]:
        bad.append("%s: two org ids" % name)
    if not c["references"][0]["url"].startswith(
            "https://security.brightwater.example/advisories/"):
        bad.append("%s: first reference is not the advisory" % name)
    if not any("cvssV3_1" in x or "cvssV4_0" in x for x in c.get("metrics", [])):
        bad.append("%s: no CVSS" % name)
    if c["affected"][0]["vendor"] != "Brightwater Systems":
        bad.append("%s: vendor" % name)
    if not any(v["status"] == "affected" for a in c["affected"]
               for v in a["versions"]):
        bad.append("%s: nothing affected" % name)
orgs = {json.load(open(f))["cveMetadata"]["assignerOrgId"] for f in sys.argv[1:]}
if len(orgs) != 1:
    bad.append("org ids differ: %s" % orgs)
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
run python3 "$TEST_DIR/shape.py" "$cve"/*.json
expect_exit 0 "each record: its CVE, the advisory first, CVSS, vendor, affected"

# Again: nothing changed, nothing written; from scratch, the same bytes.
h export cve --out "$out"
expect_exit 0
expect_out ' 0 files written, 0 unchanged, [1-9][0-9]* kept'
h export cve --out "$TEST_DIR/again"
expect_exit 0
check "an export into a new directory gives the same records" \
    diff -r "$cve" "$TEST_DIR/again/site/cve"

# --- a hostile advisory ------------------------------------------------------

hostile=$(hostile_text)
comm_on_incident security-advisory "$hostile"
fill_hostile_advisory "$id" "$hostile"
comm_set "$id" products '[{"product":"harbor-gateway","cycle":"4.0","range":"<4.0.4","status":"known_affected"},{"product":"harbor-gateway","cycle":"4.0","range":"4.0.4","status":"fixed"},{"product":"ledger-sync","cycle":"6.0","range":"before the next one","status":"under_investigation"}]'
comm_set "$id" cvss-v3 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
publish_by_hand h "$id" summary impact remedy context review

h export cve --out "$out"
expect_exit 0 "export cve with the hostile advisory"
check "a record for each of its CVEs" \
    test -f "$cve/CVE-2026-55555.json" -a -f "$cve/CVE-2026-1234567.json"
run valid "$cve"/*.json
expect_exit 0 "with the hostile advisory every record is valid"

cat >"$TEST_DIR/hostile.py" <<'EOF'
import json, sys
f, hostile = sys.argv[1:3]
hostile = hostile.encode("utf-8", "surrogateescape").decode("utf-8")
c = json.load(open(f))["containers"]["cna"]
bad = []
d = c["descriptions"][0]["value"]
if len(d) != 4096 or not d.endswith("w\u2026") or not d.startswith(hostile):
    bad.append("description of %d characters: %r" % (len(d), d[:80]))
if len(c["title"]) > 256 or not c["title"].startswith(hostile[:100]):
    bad.append("title: %r" % c["title"][:80])
if c["solutions"][0]["value"] != hostile or c["workarounds"][0]["value"] != hostile:
    bad.append("solutions or workarounds not as written")
if c["credits"] != [{"lang": "en", "value": hostile, "type": "finder"}]:
    bad.append("credits: %r" % c["credits"])
urls = [r["url"] for r in c["references"]]
if any(u.startswith("javascript") for u in urls) or \
   "https://example.org/a%7Bb%7D%7Cc%5Ed?x=%60y%60#f%23g" not in urls or \
   "https://example.org/%E2%80%AE" not in urls:
    bad.append("references: %r" % urls)
v = {x["version"]: x for a in c["affected"] for x in a["versions"]}
if v.get("4.0", {}).get("lessThan") != "4.0.4" or \
   v.get("4.0.4", {}).get("status") != "unaffected" or \
   v.get("before the next one", {}).get("status") != "unknown":
    bad.append("versions: %r" % v)
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
run python3 "$TEST_DIR/hostile.py" "$cve/CVE-2026-55555.json" "$hostile"
expect_exit 0 "hostile text as written, the description cut at 4,096 with …"

# Control characters and invalid UTF-8 where the command line refuses
# them: straight into the published snapshot.
poke_hostile "$db" "$id"
h export cve --out "$out"
expect_exit 0
expect_out ' [1-9] files written'
run valid "$cve/CVE-2026-55555.json"
expect_exit 0 "control characters and invalid UTF-8: still valid"
expect_cleaned "$cve/CVE-2026-55555.json" 'd["containers"]["cna"]["title"]' \
    'd["containers"]["cna"]["credits"][0]["value"]'

# --- the unit test's hand-made records -----------------------------------------

unit="$top_builddir/tests/unit/test_cverecord"
if [ -x "$unit" ]; then
	mkdir -p "$TEST_DIR/unit"
	CVE_RECORD_OUT="$TEST_DIR/unit" "$unit" >"$TEST_DIR/unit.log" 2>&1
	check "the unit test wrote its records" \
	    sh -c "ls '$TEST_DIR'/unit/*.json | wc -l | grep -qv '^0\$'"
	run valid "$TEST_DIR"/unit/*.json
	expect_exit 0 "every hand-made record (ranges, URLs, hostile) is valid"
else
	note "no $unit: the hand-made records are not checked"
fi

finish
